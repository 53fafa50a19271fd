//! The JSON Schema of phuluc/1 (issue 14): the shipped file `docs/phuluc-1.schema.json` is the
//! one generated from the model types (`phuluc_model::schema`) and the one `phuluc schema`
//! prints; every accepted output in the repository (fixtures' `*.expected.json`, the open
//! corpus's accepted outputs) is valid against it; and it is not vacuous: documents broken on
//! purpose are invalid.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shipped() -> PathBuf {
    root().join("docs/phuluc-1.schema.json")
}

/// Every `*.expected.json` under `dir`, recursively.
fn expected_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            expected_files(&p, out);
        } else if p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with(".expected.json"))
        {
            out.push(p);
        }
    }
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&phuluc_model::schema::json_schema_text())
        .expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let generated = phuluc_model::schema::json_schema_text();
    let file = fs::read_to_string(shipped()).unwrap_or_default();
    assert!(
        file == generated,
        "docs/phuluc-1.schema.json is out of date: run \
         `cargo run -p phuluc -- schema -o docs/phuluc-1.schema.json`"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .arg("schema")
        .output()
        .expect("phuluc schema");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), generated);
}

#[test]
fn every_accepted_output_is_valid() {
    let validator = validator();
    let mut files = Vec::new();
    expected_files(&root().join("fixtures"), &mut files);
    expected_files(&root().join("tests/corpus"), &mut files);
    assert!(
        files.len() >= 30,
        "only {} accepted outputs found",
        files.len()
    );
    let mut records = 0;
    for f in &files {
        let doc: Value = serde_json::from_str(&fs::read_to_string(f).expect("read")).expect("JSON");
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.display());
        records += doc["records"].as_array().map_or(0, Vec::len);
    }
    assert!(records > 1000, "{records} records validated");
}

#[test]
fn broken_documents_are_invalid() {
    let validator = validator();
    let text = fs::read_to_string(root().join("fixtures/bac-giang-402.word.expected.json"))
        .expect("fixture");
    let good: Value = serde_json::from_str(&text).expect("JSON");
    assert!(validator.is_valid(&good));
    let mut breakages: Vec<(&str, Value)> = Vec::new();
    let mut v = good.clone();
    v["records"][0]["stt"] = Value::from(6);
    breakages.push(("stt a number", v));
    let mut v = good.clone();
    if let Some(cells) = v["records"][0]["source"]["cells"]
        .as_object_mut()
        .and_then(|c| c.values_mut().next())
    {
        cells[0]["bbox"] = serde_json::json!([1.0, 2.0, 3.0]);
    }
    breakages.push(("a bbox of 3 numbers", v));
    let mut v = good.clone();
    v["records"][0]["review"]["reasons"] = serde_json::json!([{"code": "no_such_code"}]);
    breakages.push(("an unknown review code", v));
    let mut v = good.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("records");
    }
    breakages.push(("no records", v));
    let mut v = good.clone();
    v["records"][0]["timeline"]["start"] = Value::from("01/01/2021");
    breakages.push(("a date not ISO", v));
    for (what, doc) in breakages {
        assert!(!validator.is_valid(&doc), "{what}: accepted");
    }
}
