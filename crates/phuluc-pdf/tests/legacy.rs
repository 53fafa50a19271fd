//! Legacy Vietnamese fonts (TCVN3, VNI): detection by name and by byte profile, decoding,
//! VNI marks composed into their letters, Unicode fonts left alone; and the two legacy-font
//! fixtures give the same glyphs as their source.

mod common;

use common::*;
use lopdf::{dictionary, Dictionary, Object};
use phuluc_model::WarningCode;
use phuluc_pdf::{Limits, PdfDocument};
use std::path::PathBuf;

/// A simple TrueType font with widths 500 for 32..=255, except `zero` (VNI marks: no advance).
fn font(name: &str, zero: &[u8]) -> Dictionary {
    let widths: Vec<Object> = (32..=255u8)
        .map(|c| Object::Integer(if zero.contains(&c) { 0 } else { 500 }))
        .collect();
    dictionary! {
        "Type" => "Font",
        "Subtype" => "TrueType",
        "BaseFont" => name,
        "FirstChar" => 32,
        "LastChar" => 255,
        "Widths" => widths,
        "Encoding" => "WinAnsiEncoding",
    }
}

const VNI_MARKS: &[u8] = &[
    0xF8, 0xF9, 0xFB, 0xF5, 0xEF, 0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4, 0xEA, 0xE9, 0xE8, 0xFA, 0xFC,
    0xEB, 0xD8, 0xD9, 0xDB, 0xD5, 0xCF, 0xC2, 0xC1, 0xC0, 0xC5, 0xC3, 0xC4, 0xCA, 0xC9, 0xC8, 0xDA,
    0xDC, 0xCB,
];

fn tounicode(pairs: &[(u8, char)]) -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <00> <FF> endcodespacerange\n",
    );
    s.push_str(&format!("{} beginbfchar\n", pairs.len()));
    for (c, u) in pairs {
        s.push_str(&format!("<{c:02X}> <{:04X}>\n", u32::from(*u)));
    }
    s.push_str("endbfchar endcmap end end\n");
    s.into_bytes()
}

fn font_warnings(g: &phuluc_pdf::PageGeometry) -> Vec<String> {
    g.warnings
        .iter()
        .filter(|w| w.code == WarningCode::FontDecoding)
        .map(|w| w.message.clone())
        .collect()
}

#[test]
fn tcvn3_by_name_with_capitals_font_mid_word() {
    let mut pdf = TestPdf::new();
    pdf.font("F1", font("ABCDEF+.VnTime", &[]));
    pdf.font("F2", font(".VnTimeH,Bold", &[]));
    pdf.font("F3", font("TimesNewRomanPSMT", &[]));
    // "Cộng hoà, người, Đ" ; "KẾ HOẠCH" in the capitals font; "Ủy" switches font mid-word;
    // a Unicode (WinAnsi) font on the same page keeps "café".
    let content = b"BT /F1 10 Tf 100 700 Td (C\xe9ng ho\xb5, ng\xad\xeai, \xa7 ) Tj \
        /F2 10 Tf (k\xd5 ho\xb9ch ) Tj /F2 10 Tf (\xf1) Tj /F1 10 Tf (y ) Tj \
        /F3 10 Tf (caf\xe9) Tj ET";
    let g = page1(&pdf.build(&[content]));
    assert_eq!(text(&g), "Cộng hoà, người, Đ KẾ HOẠCH Ủy café");
    assert!(font_warnings(&g).is_empty(), "{:?}", font_warnings(&g));
}

#[test]
fn tcvn3_lookalike_tounicode_and_custom_codes() {
    // A re-subset legacy font: codes 1..4, ToUnicode to the Latin-1 look-alikes "Céng".
    let mut pdf = TestPdf::new();
    let tu = pdf.stream(
        Dictionary::new(),
        &tounicode(&[(1, 'C'), (2, 'é'), (3, 'n'), (4, 'g'), (5, '\u{ad}')]),
    );
    let mut f = font("BCDEFG+.VnArial", &[]);
    f.set("ToUnicode", tu);
    pdf.font("F1", f);
    let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td <0102030405> Tj ET"]));
    assert_eq!(text(&g), "Cộngư");
}

#[test]
fn real_unicode_tounicode_wins_over_a_legacy_name() {
    let mut pdf = TestPdf::new();
    let tu = pdf.stream(Dictionary::new(), &tounicode(&[(0x41, 'ộ'), (0x42, 'đ')]));
    let mut f = font(".VnTime", &[]);
    f.set("ToUnicode", tu);
    pdf.font("F1", f);
    let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td (AB) Tj ET"]));
    assert_eq!(text(&g), "ộđ");
}

#[test]
fn vni_marks_compose_into_their_letters() {
    let mut pdf = TestPdf::new();
    pdf.font("F1", font("VNI-Times", VNI_MARKS));
    pdf.font("F2", font("VNI-Times,Bold", VNI_MARKS));
    // "Việt Nam, Hà Nội, Đảng": marks with no advance after their letter; "ệ" split over two
    // fonts (the mark in another string and font).
    let content = b"BT /F1 10 Tf 100 700 Td (Vie\xe4t Nam, Ha\xf8 No\xe4i, \xd1a\xfbng ) Tj \
        (Vie) Tj /F2 10 Tf (\xe4) Tj /F1 10 Tf (t) Tj ET";
    let g = page1(&pdf.build(&[content]));
    assert_eq!(text(&g), "Việt Nam, Hà Nội, Đảng Việt");
    // One glyph per letter, at the letter's place: "Việt" = 4 glyphs, 5 pt each.
    let viet: Vec<_> = g.page.glyphs.iter().take(4).collect();
    assert_eq!(viet[2].text, "ệ");
    assert_close(viet[2].bbox.x0, 110.0);
    assert_close(viet[2].bbox.x1, 115.0);
    assert_close(viet[3].bbox.x0, 115.0);
    assert!(font_warnings(&g).is_empty());
}

#[test]
fn a_mark_far_from_any_letter_stays_a_combining_glyph() {
    let mut pdf = TestPdf::new();
    pdf.font("F1", font("VNI-Helve", VNI_MARKS));
    let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td (a) Tj 300 0 Td (\xf9) Tj ET"]));
    assert_eq!(g.page.glyphs.len(), 2);
    assert_eq!(g.page.glyphs[1].text, "\u{301}");
}

#[test]
fn byte_profile_when_the_name_says_nothing() {
    let mut pdf = TestPdf::new();
    pdf.font("F1", font("ArialMT", &[]));
    pdf.font("F2", font("Arial,Bold", VNI_MARKS));
    pdf.font("F3", font("Verdana", &[]));
    let content = b"BT /F1 10 Tf 100 700 Td (Th\xf1 t\xf4c h\xb5nh ch\xddnh \xae\xb8p \xf8ng) Tj \
        0 -20 Td /F2 10 Tf (Coa\xf8ng hoa\xf8 xa\xf5 ho\xe4i) Tj \
        0 -20 Td /F3 10 Tf (Caf\xe9 cr\xe8me, na\xefve, S\xe3o Paulo, H\xe0 N\xe1m) Tj ET";
    let g = page1(&pdf.build(&[content]));
    let lines: Vec<String> = {
        let mut ls: Vec<String> = vec![String::new(); 3];
        for gl in &g.page.glyphs {
            let i = ((gl.baseline - 92.0) / 20.0).round() as usize;
            ls[i].push_str(&gl.text);
        }
        ls
    };
    assert_eq!(lines[0], "Thủ tục hành chính đáp ứng");
    assert_eq!(lines[1], "Coàng hoà xã hội");
    // Latin-1 text (even Unicode Vietnamese in a WinAnsi font) is left as it is.
    assert_eq!(lines[2], "Café crème, naïve, São Paulo, Hà Nám");
    let w = font_warnings(&g);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("byte profile"), "{w:?}");
}

fn fixture(name: &str) -> Option<Vec<u8>> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(format!("bac-giang-402.{name}.pdf"));
    std::fs::read(p).ok()
}

/// The legacy-font fixtures give the source's glyphs: same text, same boxes, no warnings.
#[test]
fn legacy_fixtures_give_the_source_glyphs() {
    let Some(src) = fixture("word") else { return };
    let limits = Limits::default();
    let src = PdfDocument::load(&src, &limits).expect("source loads");
    for name in ["word-tcvn3", "word-vni"] {
        let bytes = fixture(name).unwrap_or_else(|| panic!("fixtures/{name} is committed"));
        let doc = PdfDocument::load(&bytes, &limits).expect("fixture loads");
        assert_eq!(doc.page_count(), src.page_count());
        for n in 1..=src.page_count() {
            let a = src.page(n).expect("source page");
            let b = doc.page(n).expect("fixture page");
            assert!(
                font_warnings(&b).is_empty(),
                "{name} p{n}: {:?}",
                font_warnings(&b)
            );
            assert_eq!(a.page.glyphs.len(), b.page.glyphs.len(), "{name} p{n}");
            for (x, y) in a.page.glyphs.iter().zip(&b.page.glyphs) {
                assert_eq!(x.text, y.text, "{name} p{n}");
                for (u, v) in [
                    (x.bbox.x0, y.bbox.x0),
                    (x.bbox.x1, y.bbox.x1),
                    (x.baseline, y.baseline),
                ] {
                    assert!((u - v).abs() < 0.01, "{name} p{n} {:?}: {u} vs {v}", x.text);
                }
            }
        }
    }
}
