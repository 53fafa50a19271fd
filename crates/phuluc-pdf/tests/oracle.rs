//! Differential tests against an independent implementation (pdf-extract's `OutputDev`) and
//! facts measured with pdfplumber on the fixtures.

use phuluc_model::RuleKind;
use phuluc_pdf::{Limits, PdfDocument};
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

const FIXTURES: [&str; 2] = ["bac-giang-402.word.pdf", "bac-giang-402.word-dejavu.pdf"];

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One glyph as pdf-extract reports it: text, pen x and baseline y in PDF space (y up).
#[derive(Debug, Clone)]
struct OracleGlyph {
    text: String,
    x: f64,
    y: f64,
}

#[derive(Default)]
struct Collect {
    pages: Vec<(f64, Vec<OracleGlyph>)>,
}

impl pdf_extract::OutputDev for Collect {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.pages.push((media_box.ury, Vec::new()));
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        _width: f64,
        _spacing: f64,
        _font_size: f64,
        char: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        if let Some((_, page)) = self.pages.last_mut() {
            page.push(OracleGlyph {
                text: char.to_string(),
                x: trm.m31,
                y: trm.m32,
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

fn oracle(bytes: &[u8]) -> Vec<(f64, Vec<OracleGlyph>)> {
    let doc = pdf_extract::Document::load_mem(bytes).expect("pdf-extract loads the fixture");
    let mut out = Collect::default();
    pdf_extract::output_doc(&doc, &mut out).expect("pdf-extract reads the fixture");
    out.pages
}

#[test]
fn glyphs_match_pdf_extract_on_the_fixtures() {
    for name in FIXTURES {
        let bytes = fixture(name);
        let theirs = oracle(&bytes);
        let doc = PdfDocument::load(&bytes, &Limits::default()).expect("load");
        assert_eq!(
            doc.page_count() as usize,
            theirs.len(),
            "{name}: page count"
        );
        let mut compared = 0usize;
        for (i, (page_top, their_glyphs)) in theirs.iter().enumerate() {
            let n = i as u32 + 1;
            let ours = doc.page(n).expect("page");
            assert!(ours.warnings.is_empty(), "{name} p{n}: {:?}", ours.warnings);
            // pdf-extract emits a glyph per decoded code; we drop nothing on these files.
            let our_text: String = ours.page.glyphs.iter().map(|g| g.text.as_str()).collect();
            let their_text: String = their_glyphs.iter().map(|g| g.text.as_str()).collect();
            assert_eq!(our_text, their_text, "{name} p{n}: text");
            assert_eq!(
                ours.page.glyphs.len(),
                their_glyphs.len(),
                "{name} p{n}: glyph count"
            );
            for (k, (a, b)) in ours.page.glyphs.iter().zip(their_glyphs).enumerate() {
                let baseline = page_top - b.y;
                assert!(
                    (a.bbox.x0 - b.x).abs() <= 0.5 && (a.baseline - baseline).abs() <= 0.5,
                    "{name} p{n} glyph {k} {:?}: ours x0 {} baseline {}, pdf-extract x {} baseline {}",
                    a.text,
                    a.bbox.x0,
                    a.baseline,
                    b.x,
                    baseline
                );
                compared += 1;
            }
        }
        assert!(compared > 30_000, "{name}: only {compared} glyphs compared");
    }
}

#[test]
fn page_2_rules_and_header_like_pdfplumber() {
    let doc = PdfDocument::load(&fixture("bac-giang-402.word.pdf"), &Limits::default()).unwrap();
    assert_eq!(doc.page_count(), 30);
    let g = doc.page(2).unwrap();
    let page = &g.page;
    assert_eq!(page.number, 2);
    assert!((page.width - 841.89).abs() < 0.01 && (page.height - 595.304).abs() < 0.01);
    // pdfplumber: 19 lines, 9 horizontal pieces and 10 vertical, all 0.5 pt strokes.
    assert_eq!(page.rules.len(), 19);
    assert_eq!(page.rules.iter().filter(|r| r.is_horizontal()).count(), 9);
    assert!(page.rules.iter().all(|r| r.kind == RuleKind::Stroke));
    let first = page.rules[0].bbox;
    for (got, want) in [
        (first.x0, 79.45),
        (first.top, 56.95 - 0.25),
        (first.x1, 780.15),
        (first.bottom, 56.95 + 0.25),
    ] {
        assert!((got - want).abs() < 0.01, "{first:?}");
    }
    // The header row lies between the first two horizontal rules (top 56.95 and 112.65).
    let header: String = page
        .glyphs
        .iter()
        .filter(|g| g.baseline > 56.95 && g.baseline < 112.65)
        .map(|g| g.text.as_str())
        .collect::<String>()
        .nfc()
        .collect();
    for word in [
        "STT",
        "Mục tiêu",
        "Nhiệm vụ",
        "Hoạt động",
        "Chủtrì",
        "Kinhphí",
    ] {
        assert!(header.contains(word), "{word:?} not in {header:?}");
    }
    // pdfplumber: 1276 chars on the page; the first is "2" at x0 432.3, top 27.6.
    assert_eq!(page.glyphs.len(), 1276);
    let g0 = &page.glyphs[0];
    assert_eq!(g0.text, "2");
    assert!((g0.bbox.x0 - 432.3).abs() < 0.01 && (g0.bbox.x1 - 438.3).abs() < 0.01);
    assert!((g0.size - 12.0).abs() < 1e-9);
    assert_eq!(g0.font, "DAAAAA+LiberationSerif");
}

#[test]
fn rule_counts_match_pdfplumber_on_every_page() {
    // pdfplumber `len(page.lines) + len(page.rects)` per page (no rects on these files).
    let word: [usize; 30] = [
        22, 19, 18, 23, 14, 17, 15, 16, 25, 18, 26, 22, 19, 17, 19, 24, 16, 19, 17, 16, 26, 13, 15,
        14, 14, 23, 16, 19, 17, 13,
    ];
    let doc = PdfDocument::load(&fixture("bac-giang-402.word.pdf"), &Limits::default()).unwrap();
    let got: Vec<usize> = (1..=doc.page_count())
        .map(|n| doc.page(n).unwrap().page.rules.len())
        .collect();
    assert_eq!(got, word);
}
