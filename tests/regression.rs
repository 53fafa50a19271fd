//! Regression over every PDF in `fixtures/`: each is extracted and compared, cell by cell, with
//! its truth file (`NAME.VARIANT.pdf` → `NAME.truth.json`). A fixture fails when its accuracy
//! falls below the floor recorded in `tests/baseline.json` (1.0 = exact); a PDF without a
//! recorded floor must be exact. Differing cells are printed.
//!
//! Also checks, per fixture, the structured values against the truth's `norm` where the truth
//! has them, and that every glyph of the table area lands in a cell or a warning.

use phuluc_model::{Extraction, Field, Record};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every fixture PDF with its truth file: `fixtures/NAME.VARIANT.pdf` → `NAME.truth.json`
/// beside it, and in sub-folders (`fixtures/real/<doc>/doc.pdf` → `truth.json` beside it).
fn fixtures() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let mut dirs = vec![root().join("fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures/ exists").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let name = file_name(&path);
            if !name.ends_with(".pdf") {
                continue;
            }
            let stem = name.split('.').next().unwrap_or("");
            let beside = dir.join(format!("{stem}.truth.json"));
            let truth = if beside.exists() {
                beside
            } else {
                dir.join("truth.json")
            };
            assert!(truth.exists(), "{name}: no truth file {}", truth.display());
            out.push((path, truth));
        }
    }
    out.sort();
    assert!(out.len() >= 2, "expected the shared fixtures in fixtures/");
    out
}

/// A fixture's name for reports and `tests/baseline.json`: its path under `fixtures/`.
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

fn field_of(name: &str) -> Option<Field> {
    Field::ALL.iter().copied().find(|f| f.as_str() == name)
}

fn key(section: &str, stt: &str) -> (String, String) {
    (norm(section), norm(stt).trim_end_matches('.').to_string())
}

/// A record's text for a truth field name ("lead", "extra:Ghi chú").
fn text_of(r: &Record, field: &str) -> Option<String> {
    match field.strip_prefix("extra:") {
        Some(header) => r.extra.get(header).map(|c| c.text.clone()),
        None => field_of(field).and_then(|f| r.text(f)).map(str::to_string),
    }
}

struct Score {
    total: usize,
    exact: usize,
    misses: Vec<String>,
    missing_rows: usize,
    extra_records: usize,
}

fn score(ex: &Extraction, truth: &Value) -> Score {
    let fields: Vec<String> = truth["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["field"].as_str())
        .filter(|f| *f != "stt")
        .map(str::to_string)
        .collect();
    let mut by_key: BTreeMap<(String, String), &Record> = BTreeMap::new();
    for r in &ex.records {
        let sec = r.section.as_ref().map_or("", |s| s.number.as_str());
        by_key.entry(key(sec, &r.stt)).or_insert(r);
    }
    let rows = truth["rows"].as_array().cloned().unwrap_or_default();
    let mut s = Score {
        total: 0,
        exact: 0,
        misses: Vec::new(),
        missing_rows: 0,
        extra_records: 0,
    };
    let mut seen = 0;
    for row in &rows {
        let k = key(
            row["section"].as_str().unwrap_or(""),
            row["stt"].as_str().unwrap_or(""),
        );
        let rec = by_key.get(&k);
        if rec.is_some() {
            seen += 1;
        } else {
            s.missing_rows += 1;
        }
        if let (Some(rec), Some(title)) = (rec, row["section_title"].as_str()) {
            let got = rec
                .section
                .as_ref()
                .map(|x| norm(&x.title))
                .unwrap_or_default();
            s.total += 1;
            if got == norm(title) {
                s.exact += 1;
            } else {
                s.misses.push(format!(
                    "{}/{} section title\n    want: {title}\n    got:  {got}",
                    k.0, k.1
                ));
            }
        }
        // Merged cells: whether this row is the first the objective/task cell covers.
        for (f, flag) in [
            (Field::Objective, "objective_start"),
            (Field::Task, "task_start"),
        ] {
            let Some(want) = row[flag].as_bool() else {
                continue;
            };
            let got = rec.and_then(|r| match f {
                Field::Objective => r.objective.as_ref().map(|c| c.starts_here),
                _ => r.task.as_ref().map(|c| c.starts_here),
            });
            s.total += 1;
            if got == Some(want) {
                s.exact += 1;
            } else {
                s.misses
                    .push(format!("{}/{} {flag}: want {want}, got {got:?}", k.0, k.1));
            }
        }
        for f in &fields {
            let want = norm(row[f.as_str()].as_str().unwrap_or(""));
            let got = rec.and_then(|r| text_of(r, f)).map(|t| norm(&t));
            s.total += 1;
            if got.as_deref() == Some(want.as_str()) {
                s.exact += 1;
            } else {
                s.misses.push(format!(
                    "{}/{} {f}\n    want: {want}\n    got:  {}",
                    k.0,
                    k.1,
                    got.unwrap_or_else(|| "(no record)".into())
                ));
            }
        }
    }
    s.extra_records = ex.records.len().saturating_sub(seen);
    s
}

fn baseline() -> BTreeMap<String, f64> {
    let text =
        std::fs::read_to_string(root().join("tests/baseline.json")).expect("tests/baseline.json");
    serde_json::from_str(&text).expect("baseline.json is a map of fixture name to accuracy")
}

#[test]
fn every_fixture_holds_its_accuracy() {
    let floors = baseline();
    let options = phuluc::Options::default();
    let mut failures = Vec::new();
    let mut report = Vec::new();
    for (pdf, truth_path) in fixtures() {
        let name = fixture_name(&pdf);
        let truth = read_truth(&truth_path);
        let ex = match phuluc::extract_file(&pdf, &options) {
            Ok(ex) => ex,
            Err(e) => {
                failures.push(format!("{name}: extraction failed: {e}"));
                continue;
            }
        };
        // Structure the parser had to guess at is a warning; the fixtures need none of it.
        for w in &ex.warnings {
            use phuluc_model::WarningCode::*;
            if matches!(
                w.code,
                UnassignedText | RowWithoutNumber | OrphanContinuation
            ) {
                failures.push(format!(
                    "{name}: unexpected warning {:?}: {}",
                    w.code, w.message
                ));
            }
        }
        let s = score(&ex, &truth);
        let acc = s.exact as f64 / s.total.max(1) as f64;
        let floor = floors.get(&name).copied().unwrap_or(1.0);
        report.push(format!(
            "{name}: {acc:.4} (floor {floor:.4}), {} missing, {} extra",
            s.missing_rows, s.extra_records
        ));
        if acc + 1e-9 < floor || s.missing_rows > 0 || s.extra_records > 0 {
            let shown: Vec<&String> = s.misses.iter().take(15).collect();
            failures.push(format!(
                "{name}: accuracy {acc:.4} < floor {floor:.4}, {} rows missing, {} extra records; first differences:\n  {}",
                s.missing_rows,
                s.extra_records,
                shown.iter().map(|m| m.as_str()).collect::<Vec<_>>().join("\n  ")
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn normalized_values_match_the_truth() {
    let options = phuluc::Options::default();
    for (pdf, truth_path) in fixtures() {
        let name = fixture_name(&pdf);
        let truth = read_truth(&truth_path);
        let Ok(ex) = phuluc::extract_file(&pdf, &options) else {
            continue;
        };
        let json: Value = serde_json::to_value(&ex).expect("serializes");
        let recs = json["records"].as_array().cloned().unwrap_or_default();
        let mut diffs = Vec::new();
        for row in truth["rows"].as_array().into_iter().flatten() {
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
                continue;
            };
            for f in ["start", "end", "recurrence"] {
                if rec["timeline"][f] != n["timeline"][f] {
                    diffs.push(format!(
                        "{}/{} timeline.{f}: want {} got {}",
                        k.0, k.1, n["timeline"][f], rec["timeline"][f]
                    ));
                }
            }
            let (want, got) = (&n["budget_million_vnd"], &rec["budget"]["million_vnd"]);
            if want.as_f64() != got.as_f64() {
                diffs.push(format!("{}/{} budget: want {want} got {got}", k.0, k.1));
            }
            for role in ["lead", "partners"] {
                let want: Vec<String> = n[role]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|m| norm(m["raw"].as_str().unwrap_or("")))
                    .collect();
                let got: Vec<String> = rec[role]["agencies"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|m| norm(m["mention"].as_str().unwrap_or("")))
                    .collect();
                if want != got {
                    diffs.push(format!(
                        "{}/{} {role} mentions: want {want:?} got {got:?}",
                        k.0, k.1
                    ));
                }
            }
        }
        assert!(diffs.is_empty(), "{name}:\n{}", diffs.join("\n"));
    }
}

/// Every glyph between a page's header and its table bottom is in exactly one cell's text or
/// in a warning: compared as multisets of (NFD) characters, page by page.
#[test]
fn nothing_is_lost() {
    let settings = phuluc_parser::TableSettings::default();
    for (pdf, _) in fixtures() {
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
