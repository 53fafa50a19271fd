//! End-to-end tests of the content interpreter on small PDFs built in memory.
//!
//! Unless said otherwise: page 612 × 792, font /F1 with every width 500 (5 pt at size 10),
//! text started at (100, 700) in PDF space, i.e. x = 100 and baseline y = 92 on the page.

mod common;

use common::*;
use lopdf::{dictionary, Object};
use phuluc_model::{RuleKind, WarningCode};

fn xs(g: &phuluc_pdf::PageGeometry) -> Vec<f64> {
    g.page.glyphs.iter().map(|g| g.bbox.x0).collect()
}

#[test]
fn tj_kerning_moves_the_pen() {
    let g = page1(&one_page(
        b"BT /F1 10 Tf 100 700 Td [(A) -1000 (B) 500 (C)] TJ ET",
    ));
    assert_eq!(text(&g), "ABC");
    let a = &g.page.glyphs[0];
    assert_close(a.bbox.x0, 100.0);
    assert_close(a.bbox.x1, 105.0);
    assert_close(a.baseline, 92.0);
    assert_close(a.size, 10.0);
    assert!(a.upright);
    assert_eq!(a.font, "TestFont");
    // Ascent/descent fallback 0.9 / -0.25.
    assert_close(a.bbox.top, 92.0 - 9.0);
    assert_close(a.bbox.bottom, 92.0 + 2.5);
    // -1000 moves 10 pt right, +500 moves 5 pt left.
    assert_eq!(xs(&g), vec![100.0, 115.0, 115.0]);
}

#[test]
fn char_and_word_spacing() {
    let g = page1(&one_page(b"BT /F1 10 Tf 2 Tc 3 Tw 100 700 Td (A B) Tj ET"));
    assert_eq!(text(&g), "A B");
    // A: 5 + Tc 2; space: 5 + Tc 2 + Tw 3.
    assert_eq!(xs(&g), vec![100.0, 107.0, 117.0]);
}

#[test]
fn horizontal_scaling_and_rise() {
    let g = page1(&one_page(b"BT /F1 10 Tf 50 Tz 5 Ts 100 700 Td (AB) Tj ET"));
    let [a, b] = &g.page.glyphs[..] else {
        panic!("two glyphs")
    };
    assert_close(a.bbox.x1, 102.5);
    assert_close(b.bbox.x0, 102.5);
    assert_close(a.baseline, 87.0);
    // Tz scales widths only, not the size.
    assert_close(a.size, 10.0);
}

#[test]
fn quote_operators_move_to_next_line_and_set_spacing() {
    let g = page1(&one_page(
        b"BT /F1 10 Tf 14 TL 100 700 Td (A) Tj (B) ' 1 2 (C D) \" ET",
    ));
    assert_eq!(text(&g), "ABC D");
    let gl = &g.page.glyphs;
    assert_close(gl[1].bbox.x0, 100.0);
    assert_close(gl[1].baseline, 106.0);
    assert_close(gl[2].baseline, 120.0);
    // `"` sets Tw = 1 and Tc = 2: C advances 7, the space 8.
    assert_close(gl[3].bbox.x0, 107.0);
    assert_close(gl[4].bbox.x0, 115.0);
}

#[test]
fn td_td_tm_and_tstar() {
    let g = page1(&one_page(
        b"BT /F1 10 Tf 100 700 Td (A) Tj 0 -20 TD (B) Tj T* (C) Tj 2 0 0 2 300 500 Tm (D) Tj ET",
    ));
    let gl = &g.page.glyphs;
    assert_close(gl[1].baseline, 112.0);
    assert_close(gl[1].bbox.x0, 100.0);
    // TD set the leading to 20.
    assert_close(gl[2].baseline, 132.0);
    assert_close(gl[3].bbox.x0, 300.0);
    assert_close(gl[3].baseline, 292.0);
    assert_close(gl[3].size, 20.0);
    assert_close(gl[3].bbox.x1, 310.0);
}

#[test]
fn ctm_scaling_like_ghostscript() {
    let g = page1(&one_page(
        b"0.1 0 0 0.1 0 0 cm BT /F1 100 Tf 1000 7000 Td (A) Tj ET 5 w 1000 1000 m 2000 1000 l S",
    ));
    let a = &g.page.glyphs[0];
    assert_close(a.bbox.x0, 100.0);
    assert_close(a.baseline, 92.0);
    assert_close(a.size, 10.0);
    assert_close(a.bbox.x1, 105.0);
    let r = &g.page.rules[..];
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, RuleKind::Stroke);
    let b = r[0].bbox;
    assert_close(b.x0, 100.0);
    assert_close(b.x1, 200.0);
    assert_close(b.top, 692.0 - 0.25);
    assert_close(b.bottom, 692.0 + 0.25);
}

#[test]
fn stroked_line_widened_by_line_width() {
    let g = page1(&one_page(b"q 0.5 w 0 J 1 j 79.45 538.353 m 780.15 538.353 l S Q 0.5 w 79.7 538.603 m 79.7 66.403 l S"));
    let r = &g.page.rules;
    assert_eq!(r.len(), 2);
    assert!(r[0].is_horizontal());
    let y = 792.0 - 538.353;
    assert_close(r[0].bbox.x0, 79.45);
    assert_close(r[0].bbox.x1, 780.15);
    assert_close(r[0].bbox.top, y - 0.25);
    assert_close(r[0].bbox.bottom, y + 0.25);
    assert!(!r[1].is_horizontal());
    assert_close(r[1].bbox.x0, 79.7 - 0.25);
    assert_close(r[1].bbox.x1, 79.7 + 0.25);
    assert_close(r[1].bbox.top, 792.0 - 538.603);
    assert_close(r[1].bbox.bottom, 792.0 - 66.403);
}

#[test]
fn form_xobject_matrix_and_resources() {
    let mut pdf = common::TestPdf::new();
    pdf.font("F1", simple_font("TestFont"));
    // The form has its own font resource under another name and a matrix.
    let f2 = pdf.doc.add_object(simple_font("FormFont"));
    pdf.form(
        "X1",
        b"BT /F2 10 Tf 100 700 Td (A) Tj ET 100 100 m 200 100 l S",
        dictionary! {
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 50.into(), (-10).into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F2" => f2 } },
        },
    );
    // A form without resources falls back to the page's.
    pdf.form("X2", b"BT /F1 10 Tf 10 10 Td (B) Tj ET", dictionary! {});
    let bytes = pdf.build(&[b"q 2 0 0 2 0 0 cm /X1 Do Q /X2 Do BT /F1 10 Tf 300 300 Td (C) Tj ET"]);
    let g = page1(&bytes);
    assert_eq!(text(&g), "ABC");
    let gl = &g.page.glyphs;
    // Form matrix then the page's CTM: x = 2 * (100 + 50) = 300, y = 2 * (700 - 10) = 1380.
    assert_close(gl[0].bbox.x0, 300.0);
    assert_close(gl[0].baseline, 792.0 - 1380.0);
    assert_close(gl[0].size, 20.0);
    assert_eq!(gl[0].font, "FormFont");
    assert_close(gl[1].bbox.x0, 10.0);
    assert_eq!(gl[1].font, "TestFont");
    // The graphics state is restored after the form.
    assert_close(gl[2].bbox.x0, 300.0);
    assert_close(gl[2].size, 10.0);
    let r = g.page.rules[0].bbox;
    assert_close(r.x0, 300.0);
    assert_close(r.x1, 500.0);
}

#[test]
fn thin_filled_rectangle_is_a_fill_rule() {
    let g = page1(&one_page(
        b"100 100 200 1 re f 100 200 0.5 300 re f 100 300 200 50 re f 400 400 3 3 re f",
    ));
    let r = &g.page.rules;
    // The big shaded cell and the small square are not rules.
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(r.iter().all(|r| r.kind == RuleKind::Fill));
    let b = r[0].bbox;
    assert_eq!([b.x0, b.top, b.x1, b.bottom], [100.0, 691.0, 300.0, 692.0]);
    assert!(r[0].is_horizontal());
    assert!(!r[1].is_horizontal());
}

#[test]
fn filled_rectangle_drawn_with_lines_is_a_fill_rule() {
    let g = page1(&one_page(
        b"100 100 m 300 100 l 300 101.5 l 100 101.5 l h f",
    ));
    assert_eq!(g.page.rules.len(), 1);
    assert_eq!(g.page.rules[0].kind, RuleKind::Fill);
}

#[test]
fn stroked_rectangle_gives_four_rules() {
    let g = page1(&one_page(b"100 100 200 50 re S 100 300 200 50 re B"));
    let r = &g.page.rules;
    assert_eq!(r.len(), 8);
    assert!(r.iter().all(|r| r.kind == RuleKind::Stroke));
    assert_eq!(r.iter().filter(|r| r.is_horizontal()).count(), 4);
}

#[test]
fn white_rules_are_skipped() {
    let g = page1(&one_page(
        b"1 G 100 100 m 200 100 l S \
          1 g 100 110 200 1 re f \
          0 0 0 0 k 100 120 200 1 re f \
          1 1 1 RG 100 130 m 200 130 l S \
          /DeviceRGB CS 0.99 1 1 SC 100 140 m 200 140 l S \
          0.5 G 100 150 m 200 150 l S",
    ));
    assert_eq!(g.page.rules.len(), 1);
    assert_close(g.page.rules[0].bbox.center_y(), 792.0 - 150.0);
}

#[test]
fn every_painting_operator_clears_the_path() {
    let g = page1(&one_page(
        b"100 100 m 200 100 l f* 300 300 m 300 400 l S \
          100 500 m 200 500 l n 100 600 m 200 600 l B* 0 0 m 0 10 l b 0 0 m s",
    ));
    let r = &g.page.rules;
    // f* paints nothing (a line has no area) and clears; S gives 1; n clears; B* strokes one
    // line; b strokes the line and its closing segment; the lone `m` + `s` gives nothing.
    assert_eq!(r.len(), 4, "{r:?}");
    assert!(!r[0].is_horizontal());
    assert_close(r[1].bbox.center_y(), 792.0 - 600.0);
}

#[test]
fn close_then_line_starts_at_subpath_start() {
    let g = page1(&one_page(b"100 100 m 200 100 l 200 200 l h 100 300 l S"));
    // 100,100→200,100; 200,100→200,200; diagonal closing; then from 100,100 up to 100,300.
    let r = &g.page.rules;
    assert_eq!(r.len(), 3);
    assert_close(r[2].bbox.center_x(), 100.0);
    assert_close(r[2].bbox.top, 792.0 - 300.0);
    assert_close(r[2].bbox.bottom, 792.0 - 100.0);
}

#[test]
fn invisible_text_is_skipped_but_advances() {
    let g = page1(&one_page(
        b"BT /F1 10 Tf 100 700 Td 3 Tr (A) Tj 0 Tr (B) Tj 7 Tr (C) Tj ET",
    ));
    assert_eq!(text(&g), "B");
    assert_close(g.page.glyphs[0].bbox.x0, 105.0);
}

#[test]
fn inline_image_is_skipped() {
    let g = page1(&one_page(
        b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \xff\x00EI\x00 EI Q BT /F1 10 Tf 100 700 Td (A) Tj ET",
    ));
    assert_eq!(text(&g), "A");
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

#[test]
fn unreadable_tokens_warn_and_the_rest_is_read() {
    let g = page1(&one_page(
        b"BT /F1 10 Tf 100 700 Td (A) Tj ) } ET BT /F1 10 Tf (B) Tj ET",
    ));
    assert_eq!(text(&g), "AB");
    assert!(g
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::ContentTruncated && w.page == Some(1)));
}

fn type0_font(pdf: &mut common::TestPdf) {
    let to_unicode = pdf.stream(
        dictionary! {},
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
1 beginbfchar <0001> <0041> endbfchar
2 beginbfrange <0002> <0003> [<1EA5> <01B0>] <0005> <0008> <0061> endbfrange
1 beginbfchar <0020> <0020> endbfchar
endcmap end end",
    );
    let descendant = pdf.doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "ABCDEF+CidFont",
        "DW" => 1000,
        // Both forms: `1 [100 200 250]` and `5 7 300`.
        "W" => vec![
            1.into(),
            vec![100.into(), 200.into(), 250.into()].into(),
            5.into(), 7.into(), 300.into(),
        ],
        "FontDescriptor" => dictionary! { "Ascent" => 800, "Descent" => -200 },
    });
    pdf.font(
        "C1",
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "ABCDEF+CidFont",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![descendant.into()],
            "ToUnicode" => to_unicode,
        },
    );
}

#[test]
fn type0_widths_in_both_forms_and_bfrange_array() {
    let mut pdf = common::TestPdf::new();
    type0_font(&mut pdf);
    let bytes = pdf
        .build(&[b"BT /C1 10 Tf 5 Tw 100 700 Td <0001 0002 0003 0005 0007 0008 0020 0009> Tj ET"]);
    let g = page1(&bytes);
    assert_eq!(text(&g), "Aấưacd \u{fffd}");
    // Widths: 1→100, 2→200, 3→250, 5→300, 7→300, 8→DW 1000, 0x20→DW, 9→DW (size 10 → /100).
    // Tw does not apply to the 2-byte code 0x0020.
    assert_eq!(
        xs(&g),
        vec![100.0, 101.0, 103.0, 105.5, 108.5, 111.5, 121.5, 131.5]
    );
    let a = &g.page.glyphs[0];
    assert_close(a.bbox.top, 92.0 - 8.0);
    assert_close(a.bbox.bottom, 92.0 + 2.0);
    assert_eq!(a.font, "ABCDEF+CidFont");
    // The undecodable code warns once.
    let w: Vec<_> = g
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::FontDecoding)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", g.warnings);
    assert!(w[0].message.contains("0009"));
}

#[test]
fn differences_with_glyph_names() {
    let mut pdf = common::TestPdf::new();
    let mut font = simple_font("DiffFont");
    font.set(
        "Encoding",
        dictionary! {
            "Type" => "Encoding",
            "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![
                65.into(),
                Object::Name(b"acircumflexacute".to_vec()),
                Object::Name(b"uni01B0".to_vec()),
                Object::Name(b"g77".to_vec()),
                200.into(),
                Object::Name(b"dcroat".to_vec()),
            ],
        },
    );
    pdf.font("F1", font);
    let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td (ABCDa\xc8\xe0) Tj (C) Tj ET"]));
    assert_eq!(text(&g), "ấư\u{fffd}Dađà\u{fffd}");
    let w: Vec<_> = g
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::FontDecoding)
        .collect();
    assert_eq!(w.len(), 1, "once per font per page: {:?}", g.warnings);
}

#[test]
fn to_unicode_wins_over_encoding() {
    let mut pdf = common::TestPdf::new();
    let tu = pdf.stream(
        dictionary! {},
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <41> <0110> endbfchar",
    );
    let mut font = simple_font("TuFont");
    font.set("ToUnicode", tu);
    pdf.font("F1", font);
    let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td (AB) Tj ET"]));
    // A by the map; B falls back to WinAnsi.
    assert_eq!(text(&g), "ĐB");
}

#[test]
fn standard_14_widths_without_widths_array() {
    let mut pdf = common::TestPdf::new();
    pdf.font(
        "F1",
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    pdf.font(
        "F2",
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Mystery" },
    );
    let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td (Ai) Tj /F2 10 Tf (AA) Tj (A) Tj ET"]));
    assert_eq!(xs(&g), vec![100.0, 106.67, 108.89, 113.89, 118.89]);
    // Helvetica needs no warning; the unknown font warns once.
    let w: Vec<_> = g.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("Mystery"));
}

#[test]
fn type3_font_matrix_and_widths() {
    let mut pdf = common::TestPdf::new();
    pdf.font(
        "T3",
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type3",
            "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
            "FontBBox" => vec![0.into(), (-20).into(), 100.into(), 80.into()],
            "FirstChar" => 65,
            "LastChar" => 66,
            "Widths" => vec![50.into(), 100.into()],
            "Encoding" => dictionary! { "Differences" => vec![65.into(), Object::Name(b"x".to_vec()), Object::Name(b"y".to_vec())] },
            "CharProcs" => dictionary! {},
            "Resources" => dictionary! {},
        },
    );
    let g = page1(&pdf.build(&[b"BT /T3 10 Tf 100 700 Td (ABA) Tj ET"]));
    assert_eq!(text(&g), "xyx");
    assert_eq!(xs(&g), vec![100.0, 105.0, 115.0]);
    let a = &g.page.glyphs[0];
    assert_close(a.bbox.top, 92.0 - 8.0);
    assert_close(a.bbox.bottom, 92.0 + 2.0);
}

#[test]
fn rotated_page_and_crop_box() {
    let mut pdf = common::TestPdf::new();
    pdf.font("F1", simple_font("TestFont"));
    pdf.page_extra.set("Rotate", 90);
    let bytes = pdf.build(&[b"BT /F1 10 Tf 0 1 -1 0 100 700 Tm (A) Tj ET 100 100 m 100 300 l S"]);
    let g = page1(&bytes);
    assert_close(g.page.width, 792.0);
    assert_close(g.page.height, 612.0);
    // Text drawn upwards on the unrotated page reads left to right on the displayed one.
    let a = &g.page.glyphs[0];
    assert!(a.upright, "{a:?}");
    assert_close(a.bbox.x0, 700.0);
    assert_close(a.baseline, 100.0);
    assert_close(a.bbox.x1, 705.0);
    // A vertical line on the page is horizontal when displayed.
    assert!(g.page.rules[0].is_horizontal());
    assert_close(g.page.rules[0].bbox.x0, 100.0);
    assert_close(g.page.rules[0].bbox.x1, 300.0);

    let mut pdf = common::TestPdf::new();
    pdf.font("F1", simple_font("TestFont"));
    pdf.page_extra.set(
        "CropBox",
        vec![50.into(), 40.into(), 562.into(), 752.into()],
    );
    let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td (A) Tj ET"]));
    assert_close(g.page.width, 512.0);
    assert_close(g.page.height, 712.0);
    assert_close(g.page.glyphs[0].bbox.x0, 50.0);
    assert_close(g.page.glyphs[0].baseline, 52.0);

    for (rot, w, x0, base) in [(180, 612.0, 512.0, 700.0), (270, 792.0, 92.0, 512.0)] {
        let mut pdf = common::TestPdf::new();
        pdf.font("F1", simple_font("TestFont"));
        pdf.page_extra.set("Rotate", rot);
        let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td (A) Tj ET"]));
        assert_close(g.page.width, w);
        let a = &g.page.glyphs[0];
        assert!(!a.upright);
        // The pen position lands where the rotation puts it.
        let (px, py) = match rot {
            180 => (a.bbox.x1, a.baseline),
            _ => (a.bbox.x0, a.baseline),
        };
        assert!(
            (px - x0).abs() < 10.0 && (py - base).abs() < 10.0,
            "{rot}: {a:?}"
        );
    }
}

#[test]
fn ext_gstate_line_width_and_multiple_content_streams() {
    let mut pdf = common::TestPdf::new();
    let gs = pdf
        .doc
        .add_object(dictionary! { "Type" => "ExtGState", "LW" => 2 });
    let mut res = pdf.resources();
    res.set("ExtGState", dictionary! { "G1" => gs });
    let res_id = pdf.doc.add_object(res);
    let c1 = pdf.stream(dictionary! {}, b"/G1 gs 100 100 m");
    let c2 = pdf.stream(dictionary! {}, b"200 100 l S");
    pdf.page_extra.set("Resources", res_id);
    pdf.page_extra.set("Contents", vec![c1.into(), c2.into()]);
    let g = page1(&pdf.build(&[b""]));
    assert_eq!(g.page.rules.len(), 1);
    assert_close(g.page.rules[0].bbox.height(), 2.0);
}

#[test]
fn text_without_font_or_missing_font_warns() {
    let g = page1(&one_page(b"BT 100 700 Td (A) Tj /F9 10 Tf (B) Tj ET"));
    assert_eq!(text(&g), "B");
    assert_eq!(
        g.warnings
            .iter()
            .filter(|w| w.code == WarningCode::FontDecoding)
            .count(),
        2,
        "{:?}",
        g.warnings
    );
}

#[test]
fn info_and_page_range() {
    let bytes = one_page(b"");
    let doc = phuluc_pdf::PdfDocument::load(&bytes, &phuluc_pdf::Limits::default()).unwrap();
    assert_eq!(doc.page_count(), 1);
    assert!(matches!(
        doc.page(0),
        Err(phuluc_pdf::PdfError::PageOutOfRange {
            number: 0,
            count: 1
        })
    ));
    assert!(matches!(
        doc.page(2),
        Err(phuluc_pdf::PdfError::PageOutOfRange { .. })
    ));
    assert_eq!(doc.info(), phuluc_pdf::DocInfo::default());
}

#[test]
fn document_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<phuluc_pdf::PdfDocument>();
    let bytes = one_page(b"BT /F1 10 Tf 100 700 Td (A) Tj ET");
    let doc = phuluc_pdf::PdfDocument::load(&bytes, &phuluc_pdf::Limits::default()).unwrap();
    std::thread::scope(|s| {
        let a = s.spawn(|| doc.page(1).unwrap());
        let b = s.spawn(|| doc.page(1).unwrap());
        assert_eq!(a.join().unwrap(), b.join().unwrap());
    });
}

/// Issue 15, item 9: a code mapped to U+0000 (or any control character) is U+FFFD with a
/// font warning, never a NUL in the text (which failed the whole SQL export).
#[test]
fn a_code_mapped_to_a_control_character_is_u_fffd_never_nul() {
    let mut pdf = common::TestPdf::new();
    let tu = pdf.stream(
        dictionary! {},
        b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <41> <0000> <43> <001B> endbfchar",
    );
    let mut font = simple_font("NulFont");
    font.set("ToUnicode", tu);
    pdf.font("F1", font);
    let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td (ABC\\001) Tj ET"]));
    let t = text(&g);
    assert_eq!(t, "\u{fffd}B\u{fffd}\u{fffd}");
    assert!(!t.chars().any(char::is_control), "{t:?}");
    let w: Vec<_> = g
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::FontDecoding)
        .collect();
    assert_eq!(w.len(), 1, "once per font per page: {:?}", g.warnings);
    assert!(
        w[0].message.contains("control character"),
        "{}",
        w[0].message
    );
}
