//! OCR text layers: scanned variants of born-digital fixtures, made in the test run by
//! scripts/scans/make_scan.py (pdftoppm at 200 dpi, turned ±0.5°, noise, JPEG, then
//! Tesseract's PDF renderer with its Vietnamese model: the page image under an invisible
//! text layer), read by phuluc and scored against the fixture's own truth.
//!
//! Needs tesseract (with `vie`), pdftoppm and Python Pillow: `bash scripts/ci/ocr.sh`
//! installs them. A missing tool fails the test (skip knowingly with PHULUC_SKIP_OCR_TESTS=1,
//! never under CI). The generated PDFs are cached in Cargo's test temp directory.

use phuluc::{extract_file, Options};
use phuluc_check::{score, Truth};
use phuluc_model::{TextOrigin, WarningCode};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[path = "support/ocr.rs"]
mod support;
use support::skipped;

/// The OCR-layer variant of `fixtures/NAME.pdf`, made once per target directory.
fn ocr_layer_variant(name: &str) -> PathBuf {
    variant("ocr-layer", name)
}

/// A variant (`ocr-layer` or `scan`) of `fixtures/NAME.pdf`, made once per target directory.
fn variant(kind: &str, name: &str) -> PathBuf {
    variant_as(kind, kind, &[], name)
}

/// A variant of fixture `name` made by `make_scan.py KIND` with `args` (its scanning
/// conditions), kept under `tag` in the test's temp directory.
fn variant_as(tag: &str, kind: &str, args: &[&str], name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(tag);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join(format!("{name}.{tag}.pdf"));
    if out.exists() {
        return out;
    }
    let partial = dir.join(format!("{name}.{tag}.pdf.part"));
    let status = Command::new("python3")
        .arg(root().join("scripts/scans/make_scan.py"))
        .arg(kind)
        .arg(root().join(format!("fixtures/{name}.pdf")))
        .arg(&partial)
        .args(args)
        .status()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): run `bash scripts/ci/ocr.sh`"));
    assert!(
        status.success(),
        "make_scan.py failed for {name} (tesseract, pdftoppm and Pillow are needed: run `bash scripts/ci/ocr.sh`)"
    );
    std::fs::rename(&partial, &out).expect("rename");
    out
}

/// (fixture, truth, least records found, least cell similarity). The floors are what this
/// version measured (docs/ocr.md: 13/13 0.996, 14/14 1.000, 17/17 0.999, 12/12 1.000; cells
/// whose layer text does not read as Vietnamese are OCR'd again from the image, first-column
/// cells cleaned of stray marks or OCR'd, misread section numerals repaired) less a margin for
/// other Pillow/Tesseract builds, held against regression. The goal (every record, 0.98) is
/// reached on these four and on the two added afterwards.
const FIXTURES: &[(&str, &str, usize, f64)] = &[
    ("nghe-an-pctt.ruled", "nghe-an-pctt", 12, 0.95),
    ("ha-tinh-kh.ruled", "ha-tinh-kh", 13, 0.95),
    ("ha-noi-cds.ruled", "ha-noi-cds", 16, 0.95),
    ("phu-tho-cchc-2026.ruled", "phu-tho-cchc-2026", 11, 0.95),
    // Two fixtures no rule was tuned on (measured after the work above): the numbers show the
    // distance to the goal on documents not seen.
    ("quang-ninh-cchc.ruled", "quang-ninh-cchc", 17, 0.95),
    ("lao-cai-cds.ruled", "lao-cai-cds", 17, 0.95),
];

#[test]
fn ocr_layer_variants_are_read_marked_and_scored() {
    if skipped() {
        return;
    }
    let mut table = String::from("fixture | truth rows | found | cell similarity\n");
    let mut failures = Vec::new();
    for (name, truth, min_found, min_sim) in FIXTURES {
        let pdf = ocr_layer_variant(name);
        let ex = extract_file(&pdf, &Options::default())
            .unwrap_or_else(|e| panic!("{name}: the OCR-layer variant is not read: {e}"));
        // Every page says it was read from its OCR layer.
        for page in 1..=ex.source.pages {
            assert!(
                ex.warnings.iter().any(|w| w.code == WarningCode::OcrText
                    && w.page == Some(page)
                    && w.message.contains("invisible OCR text layer")),
                "{name}: page {page} is not marked as read from its OCR layer"
            );
        }
        // Every record and cell carries its origin: the layer, whose confidence is unknown,
        // or, for a row label the layer lacks, phuluc's own OCR of the cell, with its
        // confidence (an unsure one flags the record).
        for r in &ex.records {
            assert!(
                matches!(
                    r.source.origin,
                    Some(TextOrigin::OcrLayer | TextOrigin::Ocr)
                ),
                "{name}: record {}",
                r.stt
            );
            assert_eq!(
                r.source.ocr.keys().collect::<Vec<_>>(),
                r.source.cells.keys().collect::<Vec<_>>(),
                "{name}: record {}",
                r.stt
            );
            for (field, t) in &r.source.ocr {
                match t.origin {
                    TextOrigin::OcrLayer => assert!(t.confidence.is_none(), "{name}: {field}"),
                    TextOrigin::Ocr => {
                        let c = t.confidence.unwrap_or(0.0);
                        assert!(
                            c >= phuluc::scan::LOW_OCR_CONFIDENCE
                                || r.review.has(phuluc_model::ReviewCode::LowConfidence),
                            "{name}: record {} has an unsure {field} and is not flagged",
                            r.stt
                        );
                    }
                    TextOrigin::Deciphered => {
                        panic!("{name}: {field} deciphered, but an OCR layer does not lie")
                    }
                }
            }
            assert!(r.review.needed, "{name}: record {} is not flagged", r.stt);
        }
        let truth =
            Truth::from_path(&root().join(format!("fixtures/{truth}.truth.json"))).expect("truth");
        let (s, _) = score(&ex, &truth);
        let found = s.rows_truth - s.rows_missing;
        table.push_str(&format!(
            "{name} | {} | {found} | {:.4}\n",
            s.rows_truth, s.cell_similarity
        ));
        if found < *min_found || s.cell_similarity < *min_sim {
            failures.push(format!(
                "{name}: {found} records found (floor {min_found}), cell similarity {:.4} (floor {min_sim})",
                s.cell_similarity
            ));
        }
    }
    eprintln!("{table}");
    assert!(failures.is_empty(), "{failures:?}\n{table}");
}

#[test]
fn a_born_digital_pdf_carries_no_ocr_marks() {
    let ex = extract_file(
        &root().join("fixtures/nghe-an-pctt.ruled.pdf"),
        &Options::default(),
    )
    .expect("born-digital fixture");
    assert!(ex
        .records
        .iter()
        .all(|r| r.source.origin.is_none() && r.source.ocr.is_empty()));
    assert!(!ex.warnings.iter().any(|w| w.code == WarningCode::OcrText));
}

/// Scans (page images only, 200 dpi, turned, noise, JPEG) read by phuluc's own OCR (tesseract
/// TSV, page-wise, then every ruled cell again on its own, the default): (fixture, truth,
/// least records found, least cell similarity). The floors are the goal (98 % of records,
/// 0.95 similarity), held under every scanning condition of [`SCAN_CONDITIONS`]; docs/ocr.md
/// has what this version measured (0.990–1.000, every record, on all 24 scans).
#[cfg(feature = "ocr")]
const SCANS: &[(&str, &str, usize, f64)] = &[
    ("nghe-an-pctt.ruled", "nghe-an-pctt", 13, 0.95),
    ("ha-tinh-kh.ruled", "ha-tinh-kh", 14, 0.95),
    ("ha-noi-cds.ruled", "ha-noi-cds", 17, 0.95),
    ("phu-tho-cchc-2026.ruled", "phu-tho-cchc-2026", 12, 0.95),
    ("quang-ninh-cchc.ruled", "quang-ninh-cchc", 18, 0.95),
    ("lao-cai-cds.ruled", "lao-cai-cds", 18, 0.95),
];

/// Scanning conditions (`make_scan.py scan` options) every scan of [`SCANS`] is made and read
/// under: the default (turned ±0.5°, noise ±6 grey levels, JPEG quality 70), a rougher scan
/// barely turned (±0.2°, noise ±12, quality 55) and one turned ±0.45° (noise ±8, quality 65:
/// a straightened rule lies on the border of two sample rows).
#[cfg(feature = "ocr")]
const SCAN_CONDITIONS: &[(&str, &[&str])] = &[
    ("scan", &[]),
    (
        "scan-rough",
        &["--angle", "0.2", "--noise", "12", "--quality", "55"],
    ),
    (
        "scan-tilted",
        &["--angle", "0.45", "--noise", "8", "--quality", "65"],
    ),
];

#[cfg(feature = "ocr")]
#[test]
fn scans_are_ocrd_marked_with_confidence_and_scored() {
    if skipped() {
        return;
    }
    let mut table = String::from("fixture | truth rows | found | cell similarity | s/page\n");
    let mut failures = Vec::new();
    let scans = SCAN_CONDITIONS
        .iter()
        .flat_map(|(tag, args)| SCANS.iter().map(move |s| (tag, args, s)));
    for (tag, args, (fixture, truth, min_found, min_sim)) in scans {
        let pdf = variant_as(tag, "scan", args, fixture);
        let name = format!("{fixture}.{tag}");
        let started = std::time::Instant::now();
        let ex = extract_file(&pdf, &Options::default())
            .unwrap_or_else(|e| panic!("{name}: the scan is not read: {e}"));
        let per_page = started.elapsed().as_secs_f64() / f64::from(ex.source.pages);
        let mut with_confidence = 0;
        for r in &ex.records {
            assert_eq!(
                r.source.origin,
                Some(TextOrigin::Ocr),
                "{name}: record {}",
                r.stt
            );
            for (field, t) in &r.source.ocr {
                // A cell without words (empty) has no confidence.
                let Some(c) = t.confidence else {
                    continue;
                };
                with_confidence += 1;
                assert!((0.0..=100.0).contains(&c));
                if c < phuluc::scan::LOW_OCR_CONFIDENCE {
                    assert!(
                        r.review.needed && r.review.has(phuluc_model::ReviewCode::LowConfidence),
                        "{name}: record {} has an unsure {field} ({c}) and is not flagged",
                        r.stt
                    );
                }
            }
        }
        assert!(
            with_confidence > 0,
            "{name}: no OCR'd cell has a confidence"
        );
        let truth =
            Truth::from_path(&root().join(format!("fixtures/{truth}.truth.json"))).expect("truth");
        let (s, misses) = score(&ex, &truth);
        let found = s.rows_truth - s.rows_missing;
        table.push_str(&format!(
            "{name} | {} | {found} | {:.4} | {per_page:.1}\n",
            s.rows_truth, s.cell_similarity
        ));
        // Nothing silently wrong: a record with a cell that differs from the truth is flagged.
        for m in misses.iter().filter(|m| m.got.is_some()) {
            let record = ex.records.iter().find(|r| {
                let section = r.section.as_ref().map_or("", |s| s.number.as_str());
                format!("{section}/{}", r.stt) == m.row
            });
            match record {
                None => failures.push(format!("{name}: no record keyed {}", m.row)),
                Some(r) if !r.review.needed => failures.push(format!(
                    "{name}: record {} has a wrong {} ({:?} for {:?}) and is not flagged",
                    m.row, m.field, m.got, m.want
                )),
                Some(_) => {}
            }
        }
        if found < *min_found || s.cell_similarity < *min_sim {
            failures.push(format!(
                "{name}: {found} records found (floor {min_found}), cell similarity {:.4} (floor {min_sim})",
                s.cell_similarity
            ));
        }
    }
    eprintln!("{table}");
    assert!(failures.is_empty(), "{failures:?}\n{table}");
}

#[cfg(feature = "ocr")]
#[test]
fn never_leaves_a_scan_unread_with_the_clear_message() {
    if skipped() {
        return;
    }
    let pdf = variant("scan", "nghe-an-pctt.ruled");
    let options = Options {
        ocr: phuluc::OcrMode::Never,
        ..Options::default()
    };
    let e = extract_file(&pdf, &options).expect_err("no text without OCR");
    assert_eq!(e.exit_code(), 7);
    assert!(e.to_string().contains("no text layer"), "{e}");
}
