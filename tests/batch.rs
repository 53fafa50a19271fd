//! Batches and the command-line conventions (issue 14), end to end through the `phuluc` binary:
//! inputs as files, directories and lists; the worker pool's outputs and messages independent
//! of `-j`; the output directory created, mirroring searched directories, collisions refused
//! before anything is written; `-o -`; a closed pipe; the "wrote …" and summary lines;
//! `-f jsonl`; `-f sqlite` and `-f parquet` with a whole batch; `-f csv -o NAME` without
//! extension; the no-table message.

use serde_json::Value;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_phuluc");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phuluc-batch-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn copy(from: &Path, to: &Path) {
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).expect("dir");
    }
    fs::copy(from, to).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
}

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run phuluc");
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap_or(&p).display().to_string();
                out.push((rel, fs::read(&p).unwrap_or_default()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The corpus of the batch tests: a directory with two `x.pdf` in different sub-directories,
/// a third document and a file that is not a PDF.
fn corpus(dir: &Path) -> PathBuf {
    let plans = dir.join("plans");
    copy(&fixture("bac-giang-402.word.pdf"), &plans.join("a/x.pdf"));
    copy(
        &fixture("bac-giang-402.word-gs.pdf"),
        &plans.join("b/x.pdf"),
    );
    copy(
        &fixture("ha-noi-cds.hrules.pdf"),
        &plans.join("b/ha-noi.PDF"),
    );
    fs::write(plans.join("b/broken.pdf"), "not a pdf").expect("broken");
    fs::write(plans.join("notes.txt"), "not an input").expect("notes");
    plans
}

#[test]
fn a_batch_writes_the_same_whatever_the_number_of_workers() {
    let dir = scratch("jobs");
    corpus(&dir);
    let mut runs = Vec::new();
    for jobs in ["1", "2", "3"] {
        let out = format!("out-{jobs}");
        let r = run_in(&dir, &["extract", "plans", "-o", &out, "-j", jobs]);
        // One input failed, the others were written.
        assert_eq!(r.code, Some(12), "-j {jobs}: {}", r.stderr);
        runs.push((tree(&dir.join(&out)), r.stderr));
    }
    let (files, stderr) = &runs[0];
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    // The output directory was created; it mirrors the searched one.
    assert_eq!(names, ["a/x.json", "b/ha-noi.json", "b/x.json"]);
    // The summary line, with its time cut off, and every other line are the same.
    let strip = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| match l.rsplit_once("; ") {
                Some((head, time)) if time.ends_with(" s") => head.to_string(),
                _ => l.to_string(),
            })
            .collect()
    };
    assert!(
        stderr.contains("phuluc: wrote 73 records (0 need review) to out-1/a/x.json"),
        "{stderr}"
    );
    assert!(stderr.contains("broken.pdf: not a PDF"), "{stderr}");
    let last = stderr.lines().last().unwrap_or("");
    assert!(
        last.starts_with("phuluc: 4 files: 3 done, 1 failed; ")
            && last.contains(" records, ")
            && last.ends_with(" s"),
        "{last}"
    );
    for (jobs, (other_files, other_err)) in ["2", "3"].iter().zip(&runs[1..]) {
        assert!(other_files == files, "-j {jobs}: different outputs");
        let want: Vec<String> = strip(stderr)
            .iter()
            .map(|l| l.replace("out-1/", &format!("out-{jobs}/")))
            .collect();
        assert_eq!(strip(other_err), want, "-j {jobs}: different messages");
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn inputs_that_would_write_one_output_are_refused_before_anything_is_written() {
    let dir = scratch("collide");
    let plans = corpus(&dir);
    // Given as files, a/x.pdf and b/x.pdf both want out/x.json.
    let a = plans.join("a/x.pdf").display().to_string();
    let b = plans.join("b/x.pdf").display().to_string();
    let r = run_in(&dir, &["extract", &a, &b, "-o", "out"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("would both be written"), "{}", r.stderr);
    assert!(!dir.join("out").exists(), "nothing was written");
    // An existing file as the output directory of a batch is refused.
    fs::write(dir.join("file"), "keep").expect("file");
    let r = run_in(&dir, &["extract", &a, "plans/b/ha-noi.PDF", "-o", "file"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dir.join("file")).ok().as_deref(),
        Some("keep")
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_list_file_names_files_and_directories() {
    let dir = scratch("list");
    corpus(&dir);
    fs::write(
        dir.join("inputs.txt"),
        "# the Hà Nội plan, then folder a\n\nplans/b/ha-noi.PDF\nplans/a\n",
    )
    .expect("list");
    let r = run_in(
        &dir,
        &["extract", "--list", "inputs.txt", "-o", "out/", "-q"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stderr, "", "-q: nothing but errors");
    let names: Vec<String> = tree(&dir.join("out")).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["ha-noi.json", "x.json"]);
    let r = run_in(&dir, &["extract", "--list", "missing.txt", "-o", "out2/"]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stderr.contains("missing.txt"), "{}", r.stderr);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn json_lines_carry_each_records_document() {
    let dir = scratch("jsonl");
    corpus(&dir);
    let r = run_in(
        &dir,
        &["extract", "plans/a", "plans/b/ha-noi.PDF", "-f", "jsonl"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = String::from_utf8(r.stdout).expect("utf-8");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON record a line"))
        .collect();
    let sha = phuluc::sha256_hex(&fs::read(dir.join("plans/a/x.pdf")).expect("pdf"));
    let first: Vec<&Value> = lines
        .iter()
        .filter(|l| l["document"]["file"] == "plans/a/x.pdf")
        .collect();
    assert_eq!(first.len(), 73);
    assert!(first.iter().all(|l| l["document"]["id"] == sha.as_str()));
    assert_eq!(lines[0]["document"]["file"], "plans/a/x.pdf", "input order");
    assert!(lines.len() > 73);
    assert!(lines[73..]
        .iter()
        .all(|l| l["document"]["file"] == "plans/b/ha-noi.PDF" && l["stt"].is_string()));
    assert!(
        r.stderr.contains(&format!("wrote {} records", lines.len())),
        "{}",
        r.stderr
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn standard_output_conventions() {
    let dir = scratch("stdout");
    copy(&fixture("bac-giang-402.word.pdf"), &dir.join("plan.pdf"));
    // `-o -` is standard output, not a file named "-".
    let r = run_in(&dir, &["extract", "plan.pdf", "-o", "-"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: Value = serde_json::from_slice(&r.stdout).expect("json");
    assert_eq!(v["records"].as_array().map_or(0, Vec::len), 73);
    assert!(!dir.join("-").exists());
    assert!(
        r.stderr
            .contains("phuluc: wrote 73 records (0 need review) to standard output"),
        "{}",
        r.stderr
    );
    // A reader that stops after one line: exit 0, no error (the SQL script is far larger than
    // a pipe's buffer, so the write meets the closed pipe).
    for format in ["sql", "jsonl", "json"] {
        let mut child = Command::new(BIN)
            .args(["extract", "plan.pdf", "-f", format, "-q"])
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).expect("line");
        // Dropping the reader closes the pipe.
        let out = child.wait_with_output().expect("wait");
        assert!(!first.is_empty());
        assert_eq!(out.status.code(), Some(0), "-f {format}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "-f {format}");
    }
    // -f csv -o NAME without extension: the table set in a new directory NAME.
    let r = run_in(
        &dir,
        &["extract", "plan.pdf", "-f", "csv", "-o", "tables", "-q"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(dir.join("tables/records.csv").is_file());
    // json -o DIR/ with one input: DIR/plan.json, DIR created.
    let r = run_in(&dir, &["extract", "plan.pdf", "-o", "json/"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(dir.join("json/plan.json").is_file());
    assert!(r.stderr.contains("to json/plan.json"), "{}", r.stderr);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn many_inputs_fill_one_sqlite_database() {
    let dir = scratch("sqlite");
    corpus(&dir);
    let r = run_in(
        &dir,
        &[
            "extract", "plans", "-f", "sqlite", "-o", "plans.db", "-j", "2",
        ],
    );
    assert_eq!(r.code, Some(12), "{}", r.stderr);
    assert!(
        r.stderr.contains("from 3 files to plans.db"),
        "{}",
        r.stderr
    );
    let conn = rusqlite::Connection::open(dir.join("plans.db")).expect("db");
    let docs: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .expect("documents");
    assert_eq!(docs, 3);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_page_with_too_few_header_fields_is_named_in_the_error() {
    let dir = scratch("notable");
    let r = run_in(
        &dir,
        &[
            "extract",
            &root()
                .join("tests/corpus/broken/tounicode-garbage.pdf")
                .display()
                .to_string(),
        ],
    );
    assert_eq!(r.code, Some(8), "{}", r.stderr);
    assert!(
        r.stderr.contains("the most header-like row (page ")
            && r.stderr.contains("field(s) (")
            && r.stderr.contains("a header needs"),
        "{}",
        r.stderr
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_batch_fills_one_parquet_file() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let dir = scratch("parquet");
    corpus(&dir);
    let r = run_in(
        &dir,
        &[
            "extract",
            "plans",
            "-f",
            "parquet",
            "-o",
            "plans.parquet",
            "-q",
        ],
    );
    assert_eq!(r.code, Some(12), "{}", r.stderr);
    let bytes = bytes::Bytes::from(fs::read(dir.join("plans.parquet")).expect("parquet"));
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes).expect("a Parquet file");
    let columns: Vec<String> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    for c in phuluc_csv::RECORD_COLUMNS.iter().chain(&[
        "document_id",
        "document_file",
        "lead_agencies",
        "partner_agencies",
    ]) {
        assert!(columns.iter().any(|n| n == c), "no column {c}");
    }
    let mut files: Vec<String> = Vec::new();
    for batch in builder.build().expect("reader") {
        let batch = batch.expect("batch");
        let col = batch
            .column_by_name("document_file")
            .expect("document_file");
        let col = col
            .as_any()
            .downcast_ref::<arrow_array::StringArray>()
            .expect("strings");
        files.extend(col.iter().map(|v| v.unwrap_or("").to_string()));
    }
    let count = |f: &str| files.iter().filter(|x| x.as_str() == f).count();
    assert_eq!(count("plans/a/x.pdf"), 73);
    assert_eq!(count("plans/b/x.pdf"), 73);
    assert!(count("plans/b/ha-noi.PDF") > 0);
    assert_eq!(files[0], "plans/a/x.pdf", "input order");
    let _ = fs::remove_dir_all(&dir);
}
