//! The review flag end to end: a column mapping made wrong on purpose (through a settings
//! file) is caught by column plausibility, remapped and flagged; `--strict` turns records that
//! need review into exit 13; settings and vocabulary files are validated.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phuluc-review-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn phuluc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(args)
        .output()
        .expect("run phuluc")
}

fn fixture() -> String {
    root()
        .join("fixtures/bac-giang-402.word.pdf")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_clean_document_passes_strict_and_says_so() {
    let dir = scratch("clean");
    let out_path = dir.join("out.json");
    let out = phuluc(&[
        "extract",
        &fixture(),
        "-o",
        out_path.to_str().unwrap_or_default(),
        "--strict",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("73 records, none needs review"), "{err}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_path).expect("written")).expect("json");
    for r in json["records"].as_array().into_iter().flatten() {
        assert_eq!(r["review"]["needed"], false, "{}", r["review"]);
    }
}

#[test]
fn a_wrong_column_mapping_is_caught_remapped_and_flagged() {
    let dir = scratch("swap");
    let settings = dir.join("swap.toml");
    // Chủ trì read as timeline and Thời gian as lead: silently wrong, were it not checked.
    std::fs::write(
        &settings,
        "[fields]\n\"5-Chủ trì\" = \"timeline\"\n\"7-Thời gian\" = \"lead\"\n",
    )
    .expect("write settings");
    let out_path = dir.join("out.json");
    let out = phuluc(&[
        "extract",
        &fixture(),
        "-o",
        out_path.to_str().unwrap_or_default(),
        "--settings",
        settings.to_str().unwrap_or_default(),
        "--strict",
        "--no-normalize",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(13), "{err}");
    assert!(
        err.contains("73 records, 73 need review (column_mismatch: 73)"),
        "{err}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_path).expect("written")).expect("json");
    assert!(json["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|w| w["code"] == "column_mismatch"));
    // Remapped to what the content fits: the lead column holds agencies again.
    let first = &json["records"][0];
    assert_eq!(first["review"]["needed"], true);
    assert_eq!(first["review"]["reasons"][0]["code"], "column_mismatch");
    let lead = first["lead"]["text"].as_str().unwrap_or("");
    let timeline = first["timeline"]["text"].as_str().unwrap_or("");
    assert!(
        lead.starts_with("Sở") || lead.starts_with("Các") || lead.starts_with("UBND"),
        "{lead}"
    );
    assert!(timeline.contains("20"), "{timeline}");
}

#[test]
fn settings_choose_pages_and_bad_files_exit_14() {
    let dir = scratch("settings");
    let pages = dir.join("pages.toml");
    std::fs::write(&pages, "pages = \"1-3\"\n").expect("write");
    let out = phuluc(&[
        "extract",
        &fixture(),
        "--settings",
        pages.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let n = json["records"].as_array().map_or(0, Vec::len);
    assert!(n > 0 && n < 73, "{n} records from pages 1-3");
    for r in json["records"].as_array().into_iter().flatten() {
        for p in r["source"]["pages"].as_array().into_iter().flatten() {
            assert!(p.as_u64().is_some_and(|p| p <= 3), "{p}");
        }
    }

    for (name, text) in [
        ("typo.toml", "pagez = \"1\"\n"),
        ("range.toml", "pages = \"9-3\"\n"),
        ("tol.toml", "[tolerances]\nsnap = 2\n"),
    ] {
        let bad = dir.join(name);
        std::fs::write(&bad, text).expect("write");
        let out = phuluc(&[
            "extract",
            &fixture(),
            "--settings",
            bad.to_str().unwrap_or_default(),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(14), "{name}: {err}");
        assert!(
            err.contains(name) && err.contains("invalid settings"),
            "{err}"
        );
        assert!(out.stdout.is_empty(), "no output on a bad settings file");
    }
    let vocab = dir.join("vocab.toml");
    std::fs::write(&vocab, "headers = [[\"quy mô\", \"size\"]]\n").expect("write");
    let out = phuluc(&[
        "extract",
        &fixture(),
        "--vocabulary",
        vocab.to_str().unwrap_or_default(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(14), "{err}");
    assert!(err.contains("vocab.toml: invalid vocabulary"), "{err}");
}
