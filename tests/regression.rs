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
use serde_json::Value;
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

// Normalized values and document metadata against the hand-written truth (issue 11).

fn fixtures_with_truth() -> Vec<(PathBuf, PathBuf)> {
    let dir = root().join("fixtures");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures/ exists").flatten() {
        let path = entry.path();
        let name = file_name(&path);
        if !name.ends_with(".pdf") {
            continue;
        }
        let stem = name.split('.').next().unwrap_or("");
        let truth = dir.join(format!("{stem}.truth.json"));
        assert!(truth.exists(), "{name}: no truth file {}", truth.display());
        out.push((path, truth));
    }
    out.sort();
    assert!(out.len() >= 2, "expected the shared fixtures in fixtures/");
    out
}

fn read_truth(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("truth file readable");
    serde_json::from_str(&text).expect("truth file is JSON")
}

fn norm(s: &str) -> String {
    s.nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn key(section: &str, stt: &str) -> (String, String) {
    (norm(section), norm(stt).trim_end_matches('.').to_string())
}

#[test]
fn normalized_values_and_metadata_match_the_truth() {
    let as_of = phuluc_model::Date::new(2026, 1, 1).expect("date");
    let options = phuluc::Options {
        registry: Some(phuluc_normalize::Registry::builtin().with_as_of(as_of)),
        ..phuluc::Options::default()
    };
    let mut failures = Vec::new();
    for (pdf, truth_path) in fixtures_with_truth().into_iter().chain(real_fixtures()) {
        let name = match pdf.parent().and_then(|p| p.file_name()) {
            Some(dir) if file_name(&pdf) == "doc.pdf" => format!("real/{}", dir.to_string_lossy()),
            _ => file_name(&pdf),
        };
        let truth = read_truth(&truth_path);
        let ex = match phuluc::extract_file(&pdf, &options) {
            Ok(ex) => ex,
            Err(e) => {
                failures.push(format!("{name}: extraction failed: {e}"));
                continue;
            }
        };
        let json: Value = serde_json::to_value(&ex).expect("serializes");
        let mut diffs = Vec::new();
        let doc = &truth["document"];
        for f in [
            "title",
            "appendix_title",
            "plan_number",
            "issued_on",
            "issuer",
            "province",
        ] {
            if doc.get(f).is_some() && json["document"][f] != doc[f] {
                diffs.push(format!(
                    "document.{f}: want {} got {}",
                    doc[f], json["document"][f]
                ));
            }
        }
        for (f, p) in [("period_start", "start"), ("period_end", "end")] {
            if doc.get(f).is_some() && json["document"]["period"][p] != doc[f] {
                diffs.push(format!(
                    "document.{f}: want {} got {}",
                    doc[f], json["document"]["period"][p]
                ));
            }
        }
        let recs = json["records"].as_array().cloned().unwrap_or_default();
        let rows_checked = !CELLS_NOT_YET_EXACT.iter().any(|c| name.ends_with(c));
        if !rows_checked {
            println!(
                "{name}: metadata checked; rows not compared end to end (cells not yet read \
                 exactly — see CELLS_NOT_YET_EXACT); its norm is held on the truth's cell text \
                 by crates/phuluc-normalize/tests/truth.rs"
            );
        }
        for row in truth["rows"].as_array().into_iter().flatten() {
            if !rows_checked {
                break;
            }
            let Some(n) = row.get("norm") else { continue };
            let k = key(
                row["section"].as_str().unwrap_or(""),
                row["stt"].as_str().unwrap_or(""),
            );
            let Some(rec) = recs.iter().find(|r| {
                key(
                    r["section"]["number"].as_str().unwrap_or(""),
                    r["stt"].as_str().unwrap_or(""),
                ) == k
            }) else {
                diffs.push(format!("{}/{}: no record", k.0, k.1));
                continue;
            };
            if let Some(w) = n.get("timeline") {
                for f in ["start", "end", "recurrence"] {
                    if rec["timeline"][f] != w[f] {
                        diffs.push(format!(
                            "{}/{} timeline.{f} of {}: want {} got {}",
                            k.0, k.1, rec["timeline"]["text"], w[f], rec["timeline"][f]
                        ));
                    }
                }
            }
            if let Some(want) = n.get("budget_million_vnd") {
                let got = &rec["budget"]["million_vnd"];
                if want.as_f64() != got.as_f64() || want.is_null() != got.is_null() {
                    diffs.push(format!("{}/{} budget: want {want} got {got}", k.0, k.1));
                }
            }
            for role in ["lead", "partners"] {
                let Some(want) = n.get(role) else { continue };
                let want: Vec<(String, String, Option<String>)> = want
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|m| {
                        (
                            norm(m["raw"].as_str().unwrap_or("")),
                            m["agency"].as_str().unwrap_or("").to_string(),
                            m.get("current_2026")
                                .map(|c| c.as_str().unwrap_or("").to_string()),
                        )
                    })
                    .collect();
                let got: Vec<(String, String, Option<String>)> = rec[role]["agencies"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .zip(
                        want.iter()
                            .map(|w| w.2.is_some())
                            .chain(std::iter::repeat(false)),
                    )
                    .map(|(m, with_current)| {
                        (
                            norm(m["mention"].as_str().unwrap_or("")),
                            m["id"].as_str().unwrap_or("").to_string(),
                            with_current
                                .then(|| m["current_id"].as_str().unwrap_or("").to_string()),
                        )
                    })
                    .collect();
                if want != got {
                    diffs.push(format!(
                        "{}/{} {role}: want {want:?}\n      got  {got:?}",
                        k.0, k.1
                    ));
                }
            }
        }
        if !diffs.is_empty() {
            failures.push(format!("{name}:\n  {}", diffs.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Real plans whose cells the parser does not yet read exactly (Lâm Đồng: cells spanning
/// Chủ trì + Phối hợp are cut between the two fields, tasks with STT merged over two product
/// rows come out as two records, cell accuracy 0.94): their rows' structured values cannot be
/// compared end to end until the parser reads them.
const CELLS_NOT_YET_EXACT: &[&str] = &[];

/// The real plans in `fixtures/real/NAME/` (`doc.pdf` with `truth.json`), when present.
fn real_fixtures() -> Vec<(PathBuf, PathBuf)> {
    let dir = root().join("fixtures").join("real");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let (pdf, truth) = (
            entry.path().join("doc.pdf"),
            entry.path().join("truth.json"),
        );
        if pdf.exists() {
            assert!(truth.exists(), "{}: no truth.json", entry.path().display());
            out.push((pdf, truth));
        }
    }
    out.sort();
    out
}

/// Documents phuluc does not read exactly yet (`tests/corpus/open/`: generated layouts and real
/// documents, each with its truth and accepted output) are held where they are: no document
/// may change or score worse than its accepted output, and the documents refused with "no
/// appendix table found" are exactly these (a refusal is loud; a new one is a regression).
/// (`lamdong-chiso-cchc-2025` and `lamdong-matuy-diaban-2025` are refused by default and read
/// with their `settings.toml`, as `phuluc check` does.)
const OPEN_REFUSED: &[&str] = &["real/lamdong-par-index-2025/doc.pdf"];

#[test]
fn open_documents_hold_their_accepted_outputs() {
    let out = Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .current_dir(root())
        .args(["check", "tests/corpus/open", "--color", "never"])
        .output()
        .expect("runs phuluc");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        stdout.contains(" 0 changed, 0 regressed, 0 new,"),
        "an open document changed or regressed; review with `cargo run -p phuluc -- check \
         tests/corpus/open` and accept an improvement with --update:\n{stdout}"
    );
    let errors: Vec<&str> = stdout.lines().filter(|l| l.starts_with("ERROR")).collect();
    assert_eq!(errors.len(), OPEN_REFUSED.len(), "{stdout}");
    for name in OPEN_REFUSED {
        assert!(
            errors
                .iter()
                .any(|l| l.contains(name) && l.contains("no appendix table found")),
            "{name} should be refused loudly:\n{stdout}"
        );
    }
}

/// The strategies behind the default (hybrid) reading, one at a time (`flavor` in a settings
/// file): the lattice alone reads every fully ruled fixture exactly and refuses a table with
/// no rules (exit 8, "no appendix table found") rather than guess; the stream alone, which
/// ignores every rule, reads the unruled fixtures exactly.
#[test]
fn each_strategy_alone_reads_the_tables_it_is_for() {
    use phuluc_check::{score, Truth};
    use phuluc_parser::settings::Flavor;
    let read = |pdf: &Path, flavor: Flavor| {
        let mut options = phuluc::Options::default();
        options.table.flavor = flavor;
        phuluc::extract_file(pdf, &options)
    };
    let mut checked = (0, 0);
    for pdf in fixtures() {
        let name = file_name(&pdf);
        let (base, flavor) = if let Some(b) = name.strip_suffix(".ruled.pdf") {
            (b, Flavor::Lattice)
        } else if let Some(b) = name.strip_suffix(".norules.pdf") {
            (b, Flavor::Stream)
        } else {
            continue;
        };
        let truth = Truth::from_path(&root().join(format!("fixtures/{base}.truth.json")))
            .unwrap_or_else(|e| panic!("{name}: truth: {e}"));
        let ex = read(&pdf, flavor).unwrap_or_else(|e| panic!("{name} ({flavor:?}): {e}"));
        let (s, misses) = score(&ex, &truth);
        assert_eq!(
            (s.rows_exact, s.rows_missing, s.records_extra),
            (s.rows_truth, 0, 0),
            "{name} read by {flavor:?} alone: {:?}",
            misses.first()
        );
        if flavor == Flavor::Stream {
            checked.1 += 1;
            let refused = read(&pdf, Flavor::Lattice);
            assert!(
                matches!(refused, Err(ref e) if e.exit_code() == 8),
                "{name}: the lattice alone found a table without rules: {:?}",
                refused.map(|ex| ex.records.len())
            );
        } else {
            checked.0 += 1;
        }
    }
    assert!(checked.0 >= 3 && checked.1 >= 2, "{checked:?}");
}
