//! Regression over every PDF in `fixtures/`, run through the product's own harness:
//! `phuluc check fixtures/ --exact` (docs/regression.md). Each fixture is extracted and
//! compared with its expected output (`NAME.VARIANT.expected.json`, a snapshot) and, exactly,
//! with its truth (`NAME.VARIANT.pdf` → `NAME.truth.json`): every cell, merged-cell starts,
//! section titles and the normalized values the truth states; no row missing or extra.
//!
//! When the parser changes an output on purpose, review `phuluc check fixtures/` and accept
//! with `cargo run -p phuluc -- check fixtures/ --exact --update`; the truth stays the gate.
//!
//! Beside the harness: no guessed structure in any accepted output, and every glyph of the
//! table area lands in a cell or a warning.

use phuluc_check::harness::{self, CheckOptions, Status};
use phuluc_model::Extraction;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every fixture PDF: `fixtures/*.pdf` and those in sub-folders (`fixtures/real/<doc>/doc.pdf`).
fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root().join("fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures/ exists").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if file_name(&path).ends_with(".pdf") {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 2, "expected the shared fixtures in fixtures/");
    out
}

/// A fixture's name in messages: its path under `fixtures/`.
fn fixture_name(path: &Path) -> String {
    path.strip_prefix(root().join("fixtures"))
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phuluc-regression-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The regression test of the project is the command users run.
#[test]
fn phuluc_check_fixtures_passes() {
    let dir = temp_dir("junit");
    let junit = dir.join("junit.xml");
    let out = Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .current_dir(root())
        .args([
            "check",
            "fixtures/",
            "--exact",
            "--color",
            "never",
            "--limit",
            "15",
            "--junit",
        ])
        .arg(&junit)
        .output()
        .expect("runs phuluc");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert_eq!(
        out.status.code(),
        Some(0),
        "phuluc check fixtures/ --exact failed:\n{stdout}\n{}\n(after reviewing an intended \
         change: cargo run -p phuluc -- check fixtures/ --exact --update)",
        String::from_utf8_lossy(&out.stderr)
    );
    let n = fixtures().len();
    assert!(
        stdout.contains(&format!("{n} documents: {n} pass,")),
        "{stdout}"
    );
    let xml = std::fs::read_to_string(&junit).expect("JUnit report written");
    assert_eq!(xml.matches("<testcase ").count(), n, "{xml}");
    assert!(xml.contains("failures=\"0\" errors=\"0\""), "{xml}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A cell broken in the output is caught: the document regresses against its truth (with
/// and without `--exact`), the difference names the cell, the others still pass.
#[test]
fn check_catches_a_broken_cell() {
    let dir = temp_dir("broken");
    let src = root().join("fixtures");
    for f in [
        "lao-cai-cds.ruled.pdf",
        "lao-cai-cds.ruled.expected.json",
        "lao-cai-cds.truth.json",
        "quang-ninh-cchc.ruled.pdf",
        "quang-ninh-cchc.ruled.expected.json",
        "quang-ninh-cchc.truth.json",
    ] {
        std::fs::copy(src.join(f), dir.join(f)).expect("copy fixture");
    }
    let options = phuluc::Options::default();
    let broken = |p: &Path| -> Result<Extraction, String> {
        let mut ex = phuluc::extract_file(p, &options).map_err(|e| e.to_string())?;
        if file_name(p).starts_with("lao-cai") {
            let lead = ex
                .records
                .iter_mut()
                .filter_map(|r| r.lead.as_mut())
                .find(|c| c.text.contains("Sở"))
                .ok_or("a lead naming a Sở")?;
            lead.text = lead.text.replacen("Sở", "Sỏ", 1);
        }
        Ok(ex)
    };
    for exact in [false, true] {
        let opts = CheckOptions {
            exact,
            ..CheckOptions::default()
        };
        let report = harness::check_dir(&dir, &["pdf"], &opts, broken).expect("checks");
        let text = report.render(&Default::default(), 20);
        println!("{text}");
        assert_eq!(report.outcomes.len(), 2);
        let (lao, qn) = (&report.outcomes[0], &report.outcomes[1]);
        assert_eq!(lao.status, Status::Regressed, "{text}");
        assert_eq!(qn.status, Status::Pass, "{text}");
        assert!(lao.line().contains("cell_accuracy 1.0000 → 0.9"), "{text}");
        assert!(
            text.contains("lead: [-Sở-] {+Sỏ+}"),
            "the word diff names the cell: {text}"
        );
        assert_eq!(report.exit_code(), harness::EXIT_REGRESSED);
        assert!(report.junit().contains("<failure type=\"regressed\""));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Structure the parser had to guess is a warning; the accepted outputs hold none of it (and
/// `phuluc_check_fixtures_passes` holds every output to its accepted one).
#[test]
fn no_guessed_structure_in_the_expected_outputs() {
    use phuluc_model::WarningCode::*;
    for pdf in fixtures() {
        let name = fixture_name(&pdf);
        let expected = pdf.with_file_name(file_name(&pdf).replace(".pdf", ".expected.json"));
        let text = std::fs::read_to_string(&expected)
            .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
        let ex = phuluc_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for w in &ex.warnings {
            assert!(
                !matches!(
                    w.code,
                    UnassignedText | RowWithoutNumber | OrphanContinuation
                ),
                "{name}: unexpected warning {:?}: {}",
                w.code,
                w.message
            );
        }
    }
}

/// Every glyph between a page's header and its table bottom is in exactly one cell's text or
/// in a warning: compared as multisets of (NFD) characters, page by page.
#[test]
fn nothing_is_lost() {
    let settings = phuluc_parser::TableSettings::default();
    for pdf in fixtures() {
        let name = fixture_name(&pdf);
        let bytes = std::fs::read(&pdf).expect("read fixture");
        let doc =
            phuluc_pdf::PdfDocument::load(&bytes, &Default::default()).expect("fixture loads");
        let mut layout = None;
        let mut pages_with_table = 0;
        for n in 1..=doc.page_count() {
            let page = doc.page(n).expect("page reads").page;
            let Some(grid) = phuluc_parser::grid::find_grid(&page, layout.as_ref(), &settings)
            else {
                continue;
            };
            pages_with_table += 1;
            let chars = |s: &str| -> BTreeMap<char, usize> {
                let mut m = BTreeMap::new();
                for c in s.nfd().filter(|c| !c.is_whitespace()) {
                    *m.entry(c).or_insert(0) += 1;
                }
                m
            };
            let mut want = String::new();
            for g in &page.glyphs {
                let cy = g.bbox.center_y();
                if cy > grid.header_bottom && cy <= grid.bottom {
                    want.push_str(&g.text);
                }
            }
            let mut got = String::new();
            for c in &grid.cells {
                got.push_str(&c.text);
            }
            for w in &grid.warnings {
                got.push_str(w.text.as_deref().unwrap_or(""));
            }
            assert_eq!(
                chars(&want),
                chars(&got),
                "{name} page {n}: glyphs of the table area and cell texts differ"
            );
            layout = Some(grid.layout);
        }
        assert!(pages_with_table > 0, "{name}: no table page");
    }
}
