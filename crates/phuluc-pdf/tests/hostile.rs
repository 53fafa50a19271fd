//! Hostile and damaged inputs give an error or warnings: never a panic, a hang or a stack
//! overflow.

mod common;

use common::*;
use lopdf::{dictionary, Object, Stream};
use phuluc_model::WarningCode;
use phuluc_pdf::{Limits, PdfDocument, PdfError};
use std::path::PathBuf;

fn fixture() -> Vec<u8> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/bac-giang-402.word.pdf");
    std::fs::read(path).expect("fixture")
}

/// Loads and reads every page; returns how many pages read fine.
fn read_all(bytes: &[u8], limits: &Limits) -> Result<usize, PdfError> {
    let doc = PdfDocument::load(bytes, limits)?;
    Ok((1..=doc.page_count())
        .filter(|n| doc.page(*n).is_ok())
        .count())
}

#[test]
fn garbage_is_not_a_pdf() {
    let limits = Limits::default();
    assert!(matches!(
        PdfDocument::load(b"", &limits),
        Err(PdfError::NotPdf(_))
    ));
    assert!(matches!(
        PdfDocument::load(b"hello, this is a text file\n", &limits),
        Err(PdfError::NotPdf(_))
    ));
    let noise: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(matches!(
        PdfDocument::load(&noise, &limits),
        Err(PdfError::NotPdf(_))
    ));
    let mut header_then_noise = b"%PDF-1.7\n".to_vec();
    header_then_noise.extend_from_slice(&noise);
    assert!(PdfDocument::load(&header_then_noise, &limits).is_err());
}

#[test]
fn truncated_files_do_not_panic() {
    let bytes = fixture();
    let limits = Limits::default();
    for frac in [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99] {
        let cut = (bytes.len() as f64 * frac) as usize;
        let _ = read_all(&bytes[..cut], &limits);
    }
    // Cutting off only the xref table and trailer is repaired by scanning for objects.
    let xref = bytes
        .windows(4)
        .rposition(|w| w == b"xref")
        .expect("fixture has an xref table");
    let doc = PdfDocument::load(&bytes[..xref], &limits).expect("recovered");
    assert!(doc
        .warnings()
        .iter()
        .any(|w| w.code == WarningCode::RecoveredDamage));
    assert_eq!(doc.page_count(), 30);
    assert!(doc.page(2).unwrap().page.glyphs.len() > 1000);
}

#[test]
fn mutated_files_do_not_panic() {
    let bytes = one_page(
        b"BT /F1 10 Tf 100 700 Td [(Hello) -200 (world)] TJ ET 0.5 w 10 10 m 100 10 l S 1 0 0 1 5 5 cm 10 10 50 1 re f",
    );
    let limits = Limits::default();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let mut m = bytes.clone();
        for _ in 0..(1 + next() % 4) {
            let pos = (next() as usize) % m.len();
            match next() % 3 {
                0 => m[pos] = next() as u8,
                1 => {
                    m.remove(pos);
                }
                _ => m.insert(pos, b"()[]<>/{}0123456789 \n"[(next() % 21) as usize]),
            }
        }
        let _ = read_all(&m, &limits);
    }
}

#[test]
fn self_referencing_form_is_cut() {
    let mut pdf = TestPdf::new();
    pdf.font("F1", simple_font("TestFont"));
    let id = pdf.doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
            "Resources" => dictionary! {
                "XObject" => dictionary! { "X0" => id },
                "Font" => dictionary! { "F1" => pdf.fonts.get(b"F1").unwrap().clone() },
            },
        },
        b"BT /F1 10 Tf 100 700 Td (A) Tj ET 0.5 0 0 0.5 0 0 cm /X0 Do".to_vec(),
    );
    pdf.doc.objects.insert(id, Object::Stream(form));
    pdf.xobjects.set("X0", id);
    let g = page1(&pdf.build(&[b"/X0 Do"]));
    assert_eq!(text(&g), "A");
    assert!(g
        .warnings
        .iter()
        .any(|w| w.message.contains("draws itself")));
}

#[test]
fn mutually_recursive_and_deeply_nested_forms_are_cut() {
    // A → B → A.
    let mut pdf = TestPdf::new();
    let a = pdf.doc.new_object_id();
    let b = pdf.doc.new_object_id();
    for (id, other) in [(a, b), (b, a)] {
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                "Resources" => dictionary! { "XObject" => dictionary! { "Y" => other } },
            },
            b"0 0 m 10 0 l S /Y Do".to_vec(),
        );
        pdf.doc.objects.insert(id, Object::Stream(form));
    }
    pdf.xobjects.set("X0", a);
    let g = page1(&pdf.build(&[b"/X0 Do"]));
    assert_eq!(g.page.rules.len(), 2);
    assert!(g
        .warnings
        .iter()
        .any(|w| w.message.contains("draws itself")));

    // A chain of 40 distinct forms: cut at the depth limit.
    let mut pdf = TestPdf::new();
    let ids: Vec<_> = (0..40).map(|_| pdf.doc.new_object_id()).collect();
    for (i, id) in ids.iter().enumerate() {
        let mut res = dictionary! {};
        if let Some(next) = ids.get(i + 1) {
            res.set("XObject", dictionary! { "N" => *next });
        }
        let form = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
                "Resources" => res,
            },
            b"0 0 m 10 0 l S /N Do".to_vec(),
        );
        pdf.doc.objects.insert(*id, Object::Stream(form));
    }
    pdf.xobjects.set("X0", ids[0]);
    let g = page1(&pdf.build(&[b"/X0 Do"]));
    assert_eq!(g.page.rules.len(), Limits::default().max_form_depth);
    assert!(g
        .warnings
        .iter()
        .any(|w| w.message.contains("nested deeper")));
}

#[test]
fn deeply_nested_arrays_in_content() {
    let mut content = b"BT /F1 10 Tf 100 700 Td ".to_vec();
    content.extend(std::iter::repeat_n(b'[', 200_000));
    content.extend(std::iter::repeat_n(b']', 200_000));
    content.extend_from_slice(b" TJ (A) Tj ET");
    let g = page1(&one_page(&content));
    assert_eq!(text(&g), "A");
    assert!(g
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::ContentTruncated));
    // Also unterminated: only opening brackets to the end.
    let mut content = b"BT /F1 10 Tf 100 700 Td (A) Tj ".to_vec();
    content.extend(std::iter::repeat_n(b'[', 200_000));
    let g = page1(&one_page(&content));
    assert_eq!(text(&g), "A");
}

#[test]
fn deeply_nested_objects_in_the_file() {
    // A font /Widths nested 100 000 arrays deep: lopdf's parser caps nesting.
    let mut body = Vec::new();
    body.extend(std::iter::repeat_n(b'[', 100_000));
    body.extend(std::iter::repeat_n(b']', 100_000));
    let pdf = format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
         3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >> endobj\n\
         4 0 obj << /Length 30 >> stream\nBT /F1 10 Tf (A) Tj ET        \nendstream endobj\n\
         5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /X /FirstChar 65 /Widths {} >> endobj\n\
         trailer << /Root 1 0 R >>\n%%EOF\n",
        String::from_utf8(body).unwrap()
    );
    let _ = read_all(pdf.as_bytes(), &Limits::default());
}

#[test]
fn page_tree_cycle() {
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
        2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n\
        3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n\
        4 0 obj << /Length 0 >> stream\n\nendstream endobj\n\
        trailer << /Root 1 0 R >>\n%%EOF\n";
    let _ = read_all(pdf, &Limits::default());
}

#[test]
fn decompression_bomb_hits_the_limit() {
    let mut pdf = TestPdf::new();
    pdf.font("F1", simple_font("TestFont"));
    let mut bomb = Stream::new(dictionary! {}, vec![b' '; 20 << 20]);
    bomb.compress().unwrap();
    assert!(bomb.content.len() < 100_000);
    let cid = pdf.doc.add_object(bomb);
    pdf.page_extra.set("Contents", cid);
    let bytes = pdf.build(&[b""]);
    let limits = Limits {
        max_decompressed_bytes_per_page: 1 << 20,
        ..Limits::default()
    };
    let doc = PdfDocument::load(&bytes, &limits).unwrap();
    assert!(matches!(doc.page(1), Err(PdfError::LimitExceeded { .. })));
    // With the default limits the page reads (20 MiB of spaces).
    assert!(page1(&bytes).page.glyphs.is_empty());
}

#[test]
fn operator_glyph_and_page_limits() {
    let content = b"1 0 0 1 0 0 cm ".repeat(1000);
    let bytes = one_page(&content);
    let limits = Limits {
        max_operators_per_page: 100,
        ..Limits::default()
    };
    let doc = PdfDocument::load(&bytes, &limits).unwrap();
    assert!(matches!(
        doc.page(1),
        Err(PdfError::LimitExceeded {
            what: "operators per page",
            ..
        })
    ));
    let bytes = one_page(b"BT /F1 10 Tf (AAAAAAAAAAAAAAAAAAAA) Tj ET");
    let limits = Limits {
        max_glyphs_per_page: 10,
        ..Limits::default()
    };
    let doc = PdfDocument::load(&bytes, &limits).unwrap();
    assert!(matches!(doc.page(1), Err(PdfError::LimitExceeded { .. })));
    let limits = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    assert!(matches!(
        PdfDocument::load(&bytes, &limits),
        Err(PdfError::LimitExceeded { .. })
    ));
}

#[test]
fn hostile_font_values() {
    let mut pdf = TestPdf::new();
    let tu = pdf.stream(
        dictionary! {},
        b"1 beginbfrange <0000> <FFFFFFFF> <0041> endbfrange ) ] 5 beginbfchar <01> endbfchar",
    );
    let descendant = pdf.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2",
        "W" => vec![0.into(), 4_000_000_000i64.into(), 500.into(), (-5).into(), vec![Object::Null].into()],
        "DW" => Object::Null,
    });
    pdf.font(
        "F1",
        dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![descendant.into()], "ToUnicode" => tu,
        },
    );
    pdf.font(
        "F2",
        dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "FirstChar" => 250,
            "Widths" => vec![1e30.into(); 20],
            "Encoding" => dictionary! { "Differences" => vec![(-3).into(), Object::Name(b"A".to_vec()), 9_999_999.into(), Object::Name(b"B".to_vec())] },
        },
    );
    let g = page1(&pdf.build(&[b"BT /F1 10 Tf 100 700 Td <00410042> Tj /F2 1 Tf <41FF> Tj ET"]));
    assert_eq!(g.page.glyphs.len(), 4);
    assert!(g
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::FontDecoding));
}

#[test]
fn encrypted_files() {
    use lopdf::{EncryptionState, EncryptionVersion, Permissions};
    let plain = one_page(b"BT /F1 10 Tf 100 700 Td (Secret) Tj ET");
    let encrypt = |user: &str| {
        let mut doc = lopdf::Document::load_mem(&plain).unwrap();
        doc.trailer.set(
            "ID",
            vec![
                Object::string_literal(b"0123456789abcdef".to_vec()),
                Object::string_literal(b"0123456789abcdef".to_vec()),
            ],
        );
        let version = EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password: user,
            key_length: 128,
            permissions: Permissions::all(),
        };
        let state = EncryptionState::try_from(version).unwrap();
        doc.encrypt(&state).unwrap();
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    };
    let limits = Limits::default();
    // Empty user password: opens without one.
    let open = encrypt("");
    let doc = PdfDocument::load(&open, &limits).unwrap();
    assert_eq!(text(&doc.page(1).unwrap()), "Secret");
    // A real user password.
    let locked = encrypt("user");
    assert!(matches!(
        PdfDocument::load(&locked, &limits),
        Err(PdfError::Encrypted)
    ));
    assert!(matches!(
        PdfDocument::load_with_password(&locked, "nope", &limits),
        Err(PdfError::WrongPassword)
    ));
    let doc = PdfDocument::load_with_password(&locked, "user", &limits).unwrap();
    assert_eq!(text(&doc.page(1).unwrap()), "Secret");
}

#[test]
fn missing_content_and_resources() {
    let mut pdf = TestPdf::new();
    pdf.font("F1", simple_font("TestFont"));
    pdf.page_extra
        .set("Contents", vec![Object::Reference((999, 0))]);
    pdf.page_extra.set("Resources", Object::Reference((998, 0)));
    pdf.page_extra.set("MediaBox", Object::Null);
    let g = page1(&pdf.build(&[b""]));
    assert!(g.page.glyphs.is_empty());
    assert!(approx(g.page.width, 612.0));
    assert!(g
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::RecoveredDamage && w.message.contains("999")));
}

#[test]
fn time_and_document_decompression_bounds() {
    // No time left: every page is refused, before any work.
    let bytes = fixture();
    let limits = Limits {
        max_duration: std::time::Duration::ZERO,
        ..Limits::default()
    };
    let doc = PdfDocument::load(&bytes, &limits).unwrap();
    assert!(matches!(
        doc.page(1),
        Err(PdfError::LimitExceeded {
            what: "seconds per document",
            ..
        })
    ));
    assert!(doc.check_time().is_err());
    // The decompressed bytes of all pages add up against the document's budget.
    let limits = Limits {
        max_decompressed_bytes_per_document: 20_000,
        ..Limits::default()
    };
    let doc = PdfDocument::load(&bytes, &limits).unwrap();
    let first_failure = (1..=doc.page_count()).find(|n| doc.page(*n).is_err());
    assert!(
        matches!(first_failure, Some(n) if n > 1),
        "{first_failure:?}"
    );
    assert!(matches!(
        doc.page(doc.page_count()),
        Err(PdfError::LimitExceeded {
            what: "decompressed bytes per document",
            ..
        })
    ));
}

// ---------------------------------------------------------------------------------------------
// Issue 15, item 4: damage that qpdf and pdftotext recover is recovered, and said.

/// A classic PDF from `(number, body)` objects with a correct xref; 1 0 R is the catalog.
fn assemble(objects: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let size = objects.iter().map(|(n, _)| *n).max().unwrap_or(0) + 1;
    let mut offsets = vec![None; size as usize];
    for (n, body) in objects {
        offsets[*n as usize] = Some(out.len());
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for off in offsets.iter().skip(1) {
        match off {
            Some(o) => out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

const FONT: &[u8] =
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// One page whose content stream (object 5) has dictionary `dict` and data `data`; object 6
/// is a dictionary (something a bad `/Length` can point at).
fn page_with_stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut stream = format!("<< {dict} >>\nstream\n").into_bytes();
    stream.extend_from_slice(data);
    stream.extend_from_slice(b"\nendstream");
    assemble(&[
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
                .to_vec(),
        ),
        (4, FONT.to_vec()),
        (5, stream),
        (6, b"<< /Something /Else >>".to_vec()),
    ])
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("compress");
    e.finish().expect("compress")
}

fn damage_warning(g: &phuluc_pdf::PageGeometry, doc: &PdfDocument) -> Option<String> {
    g.warnings
        .iter()
        .chain(doc.warnings())
        .find(|w| w.code == WarningCode::RecoveredDamage && w.page == Some(1))
        .map(|w| w.message.clone())
}

#[test]
fn an_unusable_indirect_length_is_recovered_by_endstream() {
    let content = b"BT /F1 12 Tf 100 700 Td (Hello world) Tj ET";
    for length in ["9 0 R", "6 0 R", "0 0 R"] {
        let bytes = page_with_stream(&format!("/Length {length}"), content);
        let doc = PdfDocument::load(&bytes, &Limits::default()).expect("load");
        let g = doc.page(1).expect("page");
        assert_eq!(text(&g), "Hello world", "/Length {length}");
        let w = damage_warning(&g, &doc).unwrap_or_else(|| panic!("/Length {length}: no warning"));
        assert!(w.contains("endstream"), "{w}");
    }
    // A right length gives no warning.
    let bytes = page_with_stream(&format!("/Length {}", content.len()), content);
    let doc = PdfDocument::load(&bytes, &Limits::default()).expect("load");
    let g = doc.page(1).expect("page");
    assert_eq!(text(&g), "Hello world");
    assert_eq!(damage_warning(&g, &doc), None);
}

#[test]
fn damaged_flate_keeps_what_inflates_and_says_so() {
    let mut content = b"BT /F1 12 Tf 100 700 Td (Hello) Tj ET\n".to_vec();
    for i in 0..400 {
        content.extend_from_slice(format!("{i} {} m {} 5 l S\n", i * 7 % 13, i * 3).as_bytes());
    }
    content.extend_from_slice(b"BT /F1 12 Tf 100 600 Td (World) Tj ET\n");
    let good = zlib(&content);
    let read = |data: &[u8]| {
        let dict = format!("/Length {} /Filter /FlateDecode", data.len());
        let bytes = page_with_stream(&dict, data);
        let doc = PdfDocument::load(&bytes, &Limits::default()).expect("load");
        let g = doc.page(1).expect("page");
        (text(&g), damage_warning(&g, &doc))
    };
    assert_eq!(read(&good), ("HelloWorld".to_string(), None));
    // The checksum at the end: everything is kept, with a warning.
    let mut bad = good.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0xff;
    let (t, w) = read(&bad);
    assert_eq!(t, "HelloWorld");
    assert!(w.is_some_and(|w| w.contains("Flate data is damaged")));
    // Damage near the end of the data: the text before it is kept.
    let mut bad = good.clone();
    let at = bad.len() - 12;
    for b in &mut bad[at..at + 6] {
        *b ^= 0x55;
    }
    let (t, w) = read(&bad);
    assert!(t.starts_with("Hello"), "{t:?}");
    assert!(w.is_some(), "no warning: {t:?} from {} bytes", good.len());
    // The first block: nothing can be read, and it is said (lopdf says nothing).
    let mut bad = good.clone();
    for b in &mut bad[2..10] {
        *b ^= 0x55;
    }
    let (t, w) = read(&bad);
    assert!(!t.contains("World"), "{t:?}");
    assert!(w.is_some_and(|w| w.contains("damaged")));
    // The zlib header: the deflate data after it is whole.
    let mut bad = good.clone();
    bad[0] ^= 0x01;
    let (t, w) = read(&bad);
    assert_eq!(t, "HelloWorld");
    assert!(w.is_some_and(|w| w.contains("zlib header")));
}

#[test]
fn a_page_is_a_page_whatever_its_type_says() {
    let page = |ty: &str, text: &str| {
        format!(
            "<< /Type /{ty} /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents {} 0 R >>",
            if text == "one" { 5 } else { 6 }
        )
        .into_bytes()
    };
    let content = |t: &str| {
        let c = format!("BT /F1 12 Tf 100 700 Td ({t}) Tj ET");
        format!("<< /Length {} >>\nstream\n{c}\nendstream", c.len()).into_bytes()
    };
    let bytes = assemble(&[
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (
            2,
            b"<< /Type /Pages /Kids [3 0 R 7 0 R] /Count 2 >>".to_vec(),
        ),
        (3, page("Page", "one")),
        (4, FONT.to_vec()),
        (5, content("one")),
        (6, content("two")),
        (7, page("Pgae", "two")),
    ]);
    let doc = PdfDocument::load(&bytes, &Limits::default()).expect("load");
    assert_eq!(doc.page_count(), 2);
    assert_eq!(text(&doc.page(2).expect("page 2")), "two");
    let w = doc
        .warnings()
        .iter()
        .find(|w| w.code == WarningCode::RecoveredDamage)
        .expect("a warning");
    assert_eq!(w.page, Some(2));
    assert!(w.message.contains("/Pgae"), "{}", w.message);
}

/// Issue 15, item 12: a page's content streams are run one at a time (peak memory is one
/// stream, not the page); operands may still precede their operator in the next stream.
#[test]
fn operands_carry_over_to_the_next_content_stream() {
    let stream =
        |c: &str| format!("<< /Length {} >>\nstream\n{c}\nendstream", c.len()).into_bytes();
    let bytes = assemble(&[
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents [5 0 R 6 0 R 7 0 R 8 0 R] >>"
                .to_vec(),
        ),
        (4, FONT.to_vec()),
        (5, stream("BT /F1 12 Tf 100 700")),
        (6, stream("Td (Hel) Tj")),
        (7, stream("(lo)")),
        (8, stream("Tj ET")),
    ]);
    let g = page1(&bytes);
    assert_eq!(text(&g), "Hello");
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
}

/// Many streams with an unusable `/Length` and no `endstream`: the recovery scans the file
/// once, not once per stream (which was quadratic).
#[test]
fn many_unterminated_streams_are_recovered_in_linear_time() {
    let mut objects = vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 10 0 R >>".to_vec(),
        ),
    ];
    let junk = vec![b'x'; 1000];
    for n in 10..4010u32 {
        let mut body = b"<< /Length 99999 0 R >>\nstream\n".to_vec();
        body.extend_from_slice(&junk);
        objects.push((n, body));
    }
    let bytes = assemble(&objects);
    let started = std::time::Instant::now();
    let _ = read_all(&bytes, &Limits::default());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}
