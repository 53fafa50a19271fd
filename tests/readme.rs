//! Every command of README.md works as written (issue 14).
//!
//! The test reads README.md's `sh` code blocks and runs each command line, in order, with
//! `bash -o pipefail` in a scratch directory holding the files the lines name (`plan.pdf`, `plan.docx`,
//! `a.pdf` … copies of the bundled fixtures; `plans/` a fixture folder; `locked.pdf` an
//! encrypted fixture and `pw.txt` its password; `my-province.toml` an agency registry;
//! `old.json`/`new.json` two extractions; `inputs.txt` a list of inputs), with the `phuluc`
//! built for the tests first on the PATH. Each must exit 0 and print no error.
//!
//! Three kinds of line are not run, and are checked instead:
//! - `cargo run --release -p phuluc -- ARGS` is run as `phuluc ARGS` (the same program; a
//!   release build inside the test suite would take minutes), with `fixtures/` linked in;
//! - `cargo install --path DIR`: DIR must be the crate whose binary is `phuluc`;
//! - `bash scripts/test.sh` is the suite this test is part of: the script must exist;
//! - `pip install ./python`: scripts/test.sh runs it, then the package's pytest suite (which
//!   also runs the README's Python lines' calls); here python/pyproject.toml must exist.
//!
//! A line of any other kind fails the test, so a new README command comes with its check.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_phuluc");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The command lines of README.md's `sh` blocks (comments and blank lines dropped).
fn readme_commands() -> Vec<String> {
    let text = fs::read_to_string(root().join("README.md")).expect("README.md");
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = !in_sh && t == "```sh";
            continue;
        }
        if in_sh && !t.is_empty() && !t.starts_with('#') {
            commands.push(t.to_string());
        }
    }
    commands
}

fn copy(from: &Path, to: &Path) {
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).expect("dir");
    }
    fs::copy(from, to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
}

/// The scratch directory with every file the README's lines name.
fn stage() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phuluc-readme-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch");
    let fixtures = root().join("fixtures");
    copy(
        &fixtures.join("bac-giang-402.word.pdf"),
        &dir.join("plan.pdf"),
    );
    copy(
        &fixtures.join("real/laocai-chithi11-khoangsan/source.docx"),
        &dir.join("plan.docx"),
    );
    for (name, fixture) in [
        ("a.pdf", "bac-giang-402.word-gs.pdf"),
        ("b.pdf", "bac-giang-402.word-cairo.pdf"),
        ("c.pdf", "bac-giang-402.chrome.pdf"),
    ] {
        copy(&fixtures.join(fixture), &dir.join(name));
    }
    for f in [
        "bac-giang-402.word.pdf",
        "bac-giang-402.word.expected.json",
        "bac-giang-402.truth.json",
    ] {
        copy(&fixtures.join(f), &dir.join("plans").join(f));
    }
    copy(
        &root().join("tests/corpus/lying/nghe-an-pctt.cyrillic.pdf"),
        &dir.join("scan.pdf"),
    );
    copy(
        &root().join("tests/corpus/broken/encrypted-user-password.pdf"),
        &dir.join("locked.pdf"),
    );
    fs::write(dir.join("pw.txt"), "secret\n").expect("pw");
    fs::write(
        dir.join("my-province.toml"),
        "[[agency]]\nid = \"tt-y-te-luc-ngan\"\nname = \"Trung tâm Y tế huyện Lục Ngạn\"\n\
         kind = \"office\"\naliases = [\"TTYT Lục Ngạn\"]\n",
    )
    .expect("registry");
    fs::write(dir.join("inputs.txt"), "a.pdf\nplans/\n").expect("list");
    for name in ["old.json", "new.json"] {
        let out = Command::new(BIN)
            .current_dir(&dir)
            .args(["extract", "plan.pdf", "-q", "-o", name])
            .output()
            .expect("phuluc");
        assert!(out.status.success(), "{name}");
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(&fixtures, dir.join("fixtures")).expect("fixtures link");
    dir
}

#[test]
fn every_readme_command_works_as_written() {
    let commands = readme_commands();
    assert!(
        commands.iter().filter(|c| c.starts_with("phuluc ")).count() >= 15,
        "the README's usage lines were not found: {commands:?}"
    );
    let dir = stage();
    let bin_dir = Path::new(BIN).parent().expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for line in &commands {
        let line = if let Some(rest) = line.strip_prefix("cargo run --release -p phuluc -- ") {
            format!("phuluc {rest}")
        } else if let Some(crate_dir) = line.strip_prefix("cargo install --path ") {
            let manifest = fs::read_to_string(root().join(crate_dir).join("Cargo.toml"))
                .unwrap_or_else(|e| panic!("{line}: {e}"));
            assert!(
                manifest.contains("[[bin]]\nname = \"phuluc\""),
                "{line}: not the crate of the phuluc command"
            );
            continue;
        } else if line.split('#').next().map(str::trim) == Some("pip install ./python") {
            // Done for real by scripts/test.sh (python/tests run on the installed package).
            assert!(root().join("python/pyproject.toml").is_file());
            continue;
        } else if line == "bash scripts/test.sh" {
            assert!(root().join("scripts/test.sh").is_file());
            continue;
        } else {
            assert!(
                line.starts_with("phuluc "),
                "a README command this test does not know how to check: {line}"
            );
            line.clone()
        };
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", &line])
            .current_dir(&dir)
            .env("PATH", &path)
            .output()
            .expect("bash");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{line}\n{stderr}");
        assert!(!stderr.contains("error"), "{line}\n{stderr}");
        ran += 1;
    }
    // What some lines promise, checked.
    for made in [
        "plan.json",
        "plan.csv",
        "tables/records.csv",
        "plan.sql",
        "plans.db",
        "plans.parquet",
        "out/a.json",
        "out/c.json",
        "out/bac-giang-402.word.json",
        "records.jsonl",
        "plan.review.html",
        "phuluc-1.schema.json",
        "bac-giang-402.json",
    ] {
        let len = fs::metadata(dir.join(made)).map_or(0, |m| m.len());
        assert!(len > 0, "{made} was not written");
    }
    let jsonl = fs::read_to_string(dir.join("records.jsonl")).expect("jsonl");
    assert_eq!(
        jsonl.lines().count(),
        2 * 73,
        "a.pdf and plans/ hold 73 records each"
    );
    assert!(!dir.join("-").exists());
    assert!(ran >= 15);
    let _ = fs::remove_dir_all(&dir);
}
