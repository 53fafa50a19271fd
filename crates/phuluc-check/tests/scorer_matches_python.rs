//! The Rust scorer gives the reference scorer's numbers: every metric of
//! `python3 tests/reference/score.py OUT TRUTH --json` (a verbatim copy of the project's
//! `bin/score`), on fixture outputs and on copies of them broken in every way the metrics
//! measure (cells, rows, keys, agency ids and mentions, intervals, recurrences, budgets,
//! several tables, extra columns).

use phuluc_check::truth::Truth;
use phuluc_model::{Extraction, Recurrence, TextCell};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(name: &str) -> (Extraction, Value) {
    let fixtures = root().join("fixtures");
    let expected = fixtures.join(format!("{name}.expected.json"));
    let text = std::fs::read_to_string(&expected)
        .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
    let ex = phuluc_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    // "NAME.VARIANT" → NAME.truth.json; "real/DOC/doc" → real/DOC/truth.json
    let truth_path = match name.strip_suffix("/doc") {
        Some(folder) => fixtures.join(folder).join("truth.json"),
        None => fixtures.join(format!(
            "{}.truth.json",
            name.split('.').next().unwrap_or(name)
        )),
    };
    let truth_text = std::fs::read_to_string(&truth_path)
        .unwrap_or_else(|e| panic!("{}: {e}", truth_path.display()));
    let truth: Value = serde_json::from_str(&truth_text).unwrap_or_else(|e| panic!("{e}"));
    (ex, truth)
}

/// Variants of an output, each broken differently.
fn variants(ex: &Extraction) -> Vec<(&'static str, Extraction)> {
    let mut out = vec![("as extracted", ex.clone())];
    let mut v = ex.clone();
    for (i, r) in v.records.iter_mut().enumerate() {
        if i % 3 == 0 {
            if let Some(c) = r.lead.as_mut() {
                c.text = c.text.replacen('S', "X", 1) + " thêm";
            }
        }
        if i % 5 == 1 {
            if let Some(c) = r.task.as_mut() {
                c.text = c.text.chars().rev().collect();
            }
        }
        if i % 7 == 2 {
            r.output = None;
        }
        if i % 4 == 3 {
            if let Some(c) = r.timeline.as_mut() {
                c.text = String::new();
            }
        }
    }
    out.push(("cells changed", v));
    let mut v = ex.clone();
    v.records.retain(|r| !r.stt.ends_with('2'));
    if let Some(r) = v.records.first().cloned() {
        v.records.push(r.clone());
        let mut extra = r;
        extra.stt = "999".into();
        v.records.push(extra);
    }
    if let Some(r) = v.records.get_mut(1) {
        r.stt = format!("{}.", r.stt);
    }
    out.push(("rows missing, repeated, extra", v));
    let mut v = ex.clone();
    for (i, r) in v.records.iter_mut().enumerate() {
        for cell in [r.lead.as_mut(), r.partners.as_mut()].into_iter().flatten() {
            for (j, m) in cell.agencies.iter_mut().flatten().enumerate() {
                if (i + j) % 4 == 0 {
                    m.id = "merged-id".into();
                }
                if (i + j) % 9 == 1 {
                    m.mention = format!("{} khác", m.mention);
                }
                if (i + j) % 11 == 2 {
                    m.mention = m.mention.to_uppercase() + ".";
                }
            }
            if i % 6 == 5 {
                if let Some(list) = cell.agencies.as_mut() {
                    list.pop();
                }
            }
            if i % 13 == 7 {
                cell.agencies = None;
            }
        }
    }
    out.push(("agencies changed", v));
    let mut v = ex.clone();
    for (i, r) in v.records.iter_mut().enumerate() {
        if let Some(t) = r.timeline.as_mut() {
            match i % 5 {
                0 => t.start = Some(phuluc_model::Date::new(2019, 1, 1)),
                1 => t.end = Some(None),
                2 => t.recurrence = Some(Some(Recurrence::Monthly)),
                3 => t.recurrence = None,
                _ => {}
            }
        }
        if let Some(b) = r.budget.as_mut() {
            match i % 3 {
                0 => b.million_vnd = Some(Some(1234.5)),
                1 => b.million_vnd = None,
                _ => {}
            }
        }
    }
    out.push(("timelines and budgets changed", v));
    let mut v = ex.clone();
    v.records.truncate(0);
    out.push(("no records", v));
    out
}

fn python_score(out: &Path, truth: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/score.py");
    let run = Command::new("python3")
        .arg(&script)
        .arg(out)
        .arg(truth)
        .arg("--json")
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed to run the reference scorer: {e}"));
    assert!(
        run.status.success(),
        "reference scorer failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| panic!("scorer output: {e}"))
}

fn same(a: &Value, b: &Value, path: &str, diffs: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            if kx != ky {
                diffs.push(format!("{path}: keys {kx:?} (rust) vs {ky:?} (python)"));
            }
            for (k, v) in x {
                if let Some(w) = y.get(k) {
                    same(v, w, &format!("{path}.{k}"), diffs);
                }
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            if (x - y).abs() > 1e-12 {
                diffs.push(format!("{path}: {x} (rust) vs {y} (python)"));
            }
        }
        _ if a != b => diffs.push(format!("{path}: {a} (rust) vs {b} (python)")),
        _ => {}
    }
}

/// Compares the two scorers on one output; returns the Rust numbers.
fn compare(
    label: &str,
    ex: &Extraction,
    truth: &Value,
    dir: &Path,
    diffs: &mut Vec<String>,
) -> Value {
    let slug: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let out_path = dir.join(format!("{slug}.json"));
    let truth_path = dir.join(format!("{slug}.truth.json"));
    let text = phuluc_json::to_string(ex, phuluc_json::Layout::Compact).unwrap_or_default();
    std::fs::write(&out_path, &text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&truth_path, truth.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let read_back = phuluc_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let t: Truth = serde_json::from_value(truth.clone()).unwrap_or_else(|e| panic!("{e}"));
    let rust = serde_json::to_value(phuluc_check::score(&read_back, &t).0)
        .unwrap_or_else(|e| panic!("{e}"));
    let python = python_score(&out_path, &truth_path);
    let before = diffs.len();
    same(&rust, &python, label, diffs);
    if diffs.len() == before {
        println!("{label}: same numbers");
    }
    rust
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phuluc-check-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

#[test]
fn rust_scorer_gives_the_reference_scorers_numbers() {
    let dir = temp_dir("score");
    let mut diffs = Vec::new();
    let mut compared = 0;
    for name in [
        "bac-giang-402.word",
        "ha-tinh-kh.ruled",
        "lao-cai-cds.ruled",
        "nghe-an-pctt.ruled",
        "quang-ninh-cchc.ruled",
        "real/lamdong-cchc-2026-2030/doc",
        "real/laocai-chithi11-khoangsan/doc",
    ] {
        let (ex, truth) = load(name);
        let mut first = None;
        let has_norm = truth["rows"][0].get("norm").is_some();
        for (what, v) in variants(&ex) {
            let s = compare(&format!("{name} {what}"), &v, &truth, &dir, &mut diffs);
            compared += 1;
            match &first {
                None => first = Some(s),
                // Each broken variant must move some metric, or it compares nothing (only
                // bac-giang-402's truth states normalized values).
                Some(f) if has_norm || !what.contains(" changed") || what == "cells changed" => {
                    assert_ne!(f, &s, "{name} {what}: no metric moved")
                }
                Some(_) => {}
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(compared, 42, "7 fixtures × 6 variants");
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// Several tables (`table` on truth rows) and a column outside the vocabulary (`extra:…`).
#[test]
fn tables_and_extra_columns_score_alike() {
    let dir = temp_dir("tables");
    let (mut ex, mut truth) = load("lao-cai-cds.ruled");
    let half = ex.records.len() / 2;
    for (i, r) in ex.records.iter_mut().enumerate() {
        r.table = usize::from(i >= half);
        r.extra.insert(
            "Địa  điểm".into(),
            TextCell {
                text: format!("Xã {i}"),
            },
        );
    }
    if let Some(cols) = truth["columns"].as_array_mut() {
        cols.push(serde_json::json!({"field": "extra:Địa điểm", "header": "Địa điểm"}));
    }
    if let Some(rows) = truth["rows"].as_array_mut() {
        for (i, row) in rows.iter_mut().enumerate() {
            row["table"] = serde_json::json!(usize::from(i >= half));
            row["extra:Địa điểm"] = serde_json::json!(if i % 4 == 0 {
                "Xã khác".to_string()
            } else {
                format!("Xã\n{i}")
            });
        }
    }
    let mut diffs = Vec::new();
    let a = compare("two tables", &ex, &truth, &dir, &mut diffs);
    assert!(
        a["fields"]["extra:Địa điểm"]
            .as_f64()
            .is_some_and(|x| x > 0.5 && x < 1.0),
        "{a}"
    );
    // Moving records to the other table loses them.
    for r in ex.records.iter_mut().take(3) {
        r.table = 1;
    }
    let b = compare("records in the wrong table", &ex, &truth, &dir, &mut diffs);
    assert_eq!(b["rows_missing"], 3, "{b}");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
