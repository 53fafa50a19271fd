//! `phuluc diff` and `phuluc check` end to end: the commands, their output and exit codes.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phuluc-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn phuluc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(args)
        .output()
        .expect("runs phuluc")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

const OVERLAY: &str = r#"
[[agency]]
id = "so-tu-phap-bg"
name = "Sở Tư pháp tỉnh Bắc Giang"
kind = "department"
aliases = ["Sở Tư pháp"]
"#;

/// Two extractions of one PDF, the second with an agency registry overlay that gives "Sở Tư
/// pháp" its own id: the diff is exactly those ids.
#[test]
fn diff_of_a_registry_change_shows_only_the_agency_ids() {
    let dir = temp_dir("diff");
    let pdf = root().join("fixtures/bac-giang-402.word.pdf");
    let overlay = dir.join("overlay.toml");
    std::fs::write(&overlay, OVERLAY).expect("write overlay");
    let (old, new) = (dir.join("old.json"), dir.join("new.json"));
    let o = phuluc(&["extract", "-q", s(&pdf), "-o", s(&old)]);
    assert!(o.status.success(), "{}", text(&o));
    let o = phuluc(&[
        "extract",
        "-q",
        s(&pdf),
        "--agencies",
        s(&overlay),
        "-o",
        s(&new),
    ]);
    assert!(o.status.success(), "{}", text(&o));

    let o = phuluc(&["diff", s(&old), s(&new), "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    println!("{out}");
    let mut ids = 0;
    for line in out.lines() {
        if line.starts_with("~ ") {
            continue;
        }
        if line.contains("→") && line.contains(": ") && line.ends_with("agency id(s)") {
            continue; // the summary line
        }
        assert!(
            line == "    lead agency \"Sở Tư pháp\": id so-tu-phap → so-tu-phap-bg"
                || line == "    partners agency \"Sở Tư pháp\": id so-tu-phap → so-tu-phap-bg",
            "only agency ids may change, got: {line:?}"
        );
        ids += 1;
    }
    assert!(ids > 0, "{out}");
    assert!(
        out.ends_with(&format!("record(s) changed, {ids} agency id(s)\n")),
        "{out}"
    );

    let o = phuluc(&["diff", "--json", s(&old), s(&new)]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).expect("diff --json is JSON");
    for (k, n) in v["summary"].as_object().expect("summary") {
        let want = match k.as_str() {
            "agency_ids" => ids,
            "records_changed" => n.as_u64().unwrap_or(0) as usize,
            _ => 0,
        };
        assert_eq!(n.as_u64(), Some(want as u64), "summary.{k}");
    }

    // A PDF input is extracted (with --agencies when given).
    let o = phuluc(&["diff", s(&old), s(&pdf)]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("no differences"));
    let o = phuluc(&[
        "diff",
        s(&old),
        s(&pdf),
        "--agencies",
        s(&overlay),
        "--color",
        "never",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).lines().count(),
        out.lines().count()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diff_refuses_what_it_cannot_read() {
    let dir = temp_dir("diff-bad");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"schema\": \"other/9\"}").expect("write");
    let good = root().join("fixtures/lao-cai-cds.ruled.expected.json");
    let o = phuluc(&["diff", s(&bad), s(&good)]);
    assert_eq!(o.status.code(), Some(14), "{}", text(&o));
    assert!(
        text(&o).contains("bad.json: not a phuluc/1 output"),
        "{}",
        text(&o)
    );
    let o = phuluc(&["diff", s(&dir.join("missing.json")), s(&good)]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let not_pdf = dir.join("x.pdf");
    std::fs::write(&not_pdf, "hello").expect("write");
    let o = phuluc(&["diff", s(&good), s(&not_pdf)]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The snapshot workflow: a changed output is shown and fails, `--update` accepts it, a
/// missing snapshot is new, a document worse than its truth regresses.
#[test]
fn check_workflow_change_update_new_regress() {
    let dir = temp_dir("check");
    let src = root().join("fixtures");
    for f in [
        "lao-cai-cds.ruled.pdf",
        "lao-cai-cds.ruled.expected.json",
        "lao-cai-cds.truth.json",
    ] {
        std::fs::copy(src.join(f), dir.join(f)).expect("copy fixture");
    }
    let expected = dir.join("lao-cai-cds.ruled.expected.json");
    let d = s(&dir);
    let o = phuluc(&["check", d]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("1 documents: 1 pass"), "{}", text(&o));

    // The accepted output had other words in a cell: the new one is a change to review
    // (and better against the truth, so not a regression).
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(&expected).expect("read")).expect("json");
    let cell = &mut v["records"][2]["task"]["text"];
    let old_text = cell.as_str().expect("a task").to_string();
    *cell = Value::String(format!("{old_text} cũ"));
    std::fs::write(&expected, v.to_string()).expect("write");
    let o = phuluc(&["check", d, "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("CHANGED"), "{out}");
    assert!(out.contains("[-cũ-]"), "{out}");
    assert!(out.contains("cell_accuracy 0.9"), "{out}");

    let junit = dir.join("report.xml");
    let o = phuluc(&["check", d, "--junit", s(&junit)]);
    assert_eq!(o.status.code(), Some(1));
    let xml = std::fs::read_to_string(&junit).expect("junit written");
    assert!(xml.contains("<failure type=\"changed\""), "{xml}");

    let o = phuluc(&["check", d, "--update"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("expected file updated"));
    let o = phuluc(&["check", d]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // No snapshot: new.
    std::fs::remove_file(&expected).expect("remove");
    let o = phuluc(&["check", d]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("NEW"));
    let o = phuluc(&["check", d, "--update"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(expected.exists());

    // The truth says otherwise: with --exact a regression (exit 3), naming the cell.
    let truth = dir.join("lao-cai-cds.truth.json");
    let mut t: Value =
        serde_json::from_str(&std::fs::read_to_string(&truth).expect("read")).expect("json");
    t["rows"][0]["lead"] = Value::String("Sở Nội vụ".into());
    std::fs::write(&truth, t.to_string()).expect("write");
    let o = phuluc(&["check", d, "--exact", "--color", "never"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("want: Sở Nội vụ"), "{}", text(&o));

    // An empty directory is a usage error.
    let empty = temp_dir("check-empty");
    let o = phuluc(&["check", s(&empty)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&empty);
}
