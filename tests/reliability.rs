//! The broken-corpus test (issue 5): the `phuluc` command on every file of
//! `tests/corpus/broken/` (made by `scripts/reliability/make_corpus.py`), checked against
//! `tests/corpus/broken/expected.json`: exit code, a one-line message naming the file, no
//! panic, bounded time and memory, and that a failed run leaves no output and never clobbers
//! an existing one. Plus the batch behaviour: one bad file among good ones.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_phuluc");
/// Wall-time bound per run. The test binary is usually a debug build, several times slower
/// than a release build; every case takes well under a second in release.
const MAX_SECONDS: u64 = 10;
/// Peak resident memory bound per run.
const MAX_RSS_KB: u64 = 200 * 1024;
const OLD: &str = "previous output: must survive a failed run\n";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/broken")
}

struct Run {
    code: Option<i32>,
    stderr: String,
    seconds: f64,
    rss_kb: Option<u64>,
}

/// `/usr/bin/time` measures one child's peak memory; without it, [`children_max_rss_kb`]
/// bounds all of them at the end.
/// (`PHULUC_RELIABILITY_NO_TIME=1` forces the fallback, to test it.)
fn gnu_time() -> Option<&'static str> {
    let t = "/usr/bin/time";
    (Path::new(t).exists() && std::env::var_os("PHULUC_RELIABILITY_NO_TIME").is_none()).then_some(t)
}

fn run(args: &[&str], dir: &Path) -> Run {
    let rss_file = dir.join("rss.txt");
    let mut cmd = match gnu_time() {
        Some(t) => {
            let mut c = Command::new(t);
            c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(BIN);
            c
        }
        None => Command::new(BIN),
    };
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE");
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn phuluc");
    let deadline = start + Duration::from_secs(MAX_SECONDS);
    loop {
        match child.try_wait().expect("wait") {
            Some(_) => break,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("phuluc {args:?} ran longer than {MAX_SECONDS} s");
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    let out = child.wait_with_output().expect("output");
    let seconds = start.elapsed().as_secs_f64();
    let rss_kb = fs::read_to_string(&rss_file)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()));
    let _ = fs::remove_file(&rss_file);
    let stderr = String::from_utf8_lossy(&out.stderr)
        .lines()
        // /usr/bin/time adds this line for a non-zero exit
        .filter(|l| !l.starts_with("Command exited with non-zero status"))
        .collect::<Vec<_>>()
        .join("\n");
    Run {
        code: out.status.code(),
        stderr,
        seconds,
        rss_kb,
    }
}

/// Largest peak RSS of any child process so far (Linux `getrusage(RUSAGE_CHILDREN)`), in KB.
fn children_max_rss_kb() -> Option<u64> {
    // SAFETY: getrusage writes one plain struct; zeroed is a valid initial value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    (rc == 0).then(|| u64::try_from(usage.ru_maxrss).unwrap_or(0))
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("phuluc-reliability-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn check_case(case: &Value, dir: &Path) -> Result<String, String> {
    let file = case["file"].as_str().ok_or("case without file")?;
    let extra: Vec<&str> = case["args"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let want = case["exit"].as_i64().ok_or("case without exit")? as i32;
    let input = corpus().join(file);
    let input_s = input.display().to_string();
    let out = dir.join("out.json");
    fs::write(&out, OLD).map_err(|e| e.to_string())?;
    let mut args = vec!["extract", &input_s, "-o"];
    let out_s = out.display().to_string();
    args.push(&out_s);
    args.extend(extra.iter().copied());
    let r = run(&args, dir);
    let label = format!("{file} {extra:?}");
    let mut problems = Vec::new();
    if r.code != Some(want) {
        problems.push(format!("exit {:?}, expected {want}", r.code));
    }
    if r.stderr.contains("panicked") || r.stderr.contains("RUST_BACKTRACE") {
        problems.push("a panic message on stderr".into());
    }
    // No Rust debug text in a message (issue 15: "repaired (Some(Reconstructed))").
    if r.stderr.contains("Some(") || r.stderr.contains("None)") {
        problems.push(format!("Rust debug text on stderr: {:?}", r.stderr));
    }
    if r.seconds > MAX_SECONDS as f64 {
        problems.push(format!("took {:.1} s", r.seconds));
    }
    if let Some(kb) = r.rss_kb {
        if kb > MAX_RSS_KB {
            problems.push(format!("peak memory {kb} KB"));
        }
    }
    let leftovers: Vec<String> = fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "out.json")
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("files left in the output directory: {leftovers:?}"));
    }
    let written = fs::read_to_string(&out).unwrap_or_default();
    if want == 0 {
        let v: Value = serde_json::from_str(&written)
            .map_err(|e| format!("{label}: output is not JSON: {e}"))?;
        let records = v["records"].as_array().map_or(0, Vec::len);
        let min = case["min_records"].as_u64().unwrap_or(1) as usize;
        if records < min {
            problems.push(format!("{records} records, expected at least {min}"));
        }
        if let Some(min) = case["min_flagged"].as_u64() {
            let flagged = v["records"].as_array().map_or(0, |rs| {
                rs.iter()
                    .filter(|r| r["review"]["needed"].as_bool() == Some(true))
                    .count()
            });
            if (flagged as u64) < min {
                problems.push(format!(
                    "{flagged} records flagged for review, expected at least {min}"
                ));
            }
        }
        if let Some(w) = case["warning"].as_str() {
            let found = v["warnings"].as_array().is_some_and(|ws| {
                ws.iter()
                    .any(|x| x["message"].as_str().is_some_and(|m| m.contains(w)))
            });
            if !found {
                problems.push(format!("no warning containing {w:?} in the JSON"));
            }
            if !r.stderr.contains(w) {
                problems.push(format!("no warning containing {w:?} on stderr"));
            }
        }
    } else {
        if written != OLD {
            problems.push("the existing output was clobbered".into());
        }
        let errors: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| l.starts_with("phuluc: error: "))
            .collect();
        let expected_start = format!("phuluc: error: {input_s}: ");
        match errors.as_slice() {
            [line] if line.starts_with(&expected_start) => {
                if let Some(m) = case["message"].as_str() {
                    if !line.contains(m) {
                        problems.push(format!("message {line:?} lacks {m:?}"));
                    }
                }
            }
            _ => problems.push(format!(
                "expected one error line naming the file, got {:?}",
                r.stderr
            )),
        }
    }
    let summary = format!(
        "{label}: exit {:?} in {:.2} s, {} KB",
        r.code,
        r.seconds,
        r.rss_kb.map_or("?".into(), |k| k.to_string())
    );
    if problems.is_empty() {
        Ok(summary)
    } else {
        Err(format!("{summary}: {}", problems.join("; ")))
    }
}

#[test]
fn every_broken_file_gets_its_expected_outcome() {
    let manifest: Value = serde_json::from_str(
        &fs::read_to_string(corpus().join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    let cases = manifest["cases"].as_array().expect("cases").clone();

    // Every corpus file has at least one expectation.
    let listed: Vec<&str> = cases.iter().filter_map(|c| c["file"].as_str()).collect();
    for entry in fs::read_dir(corpus()).expect("corpus dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".pdf") {
            assert!(
                listed.contains(&name.as_str()),
                "{name} is not in expected.json"
            );
        }
    }

    // Two workers: the cases are independent processes.
    let (a, b) = cases.split_at(cases.len() / 2);
    let results: Vec<Result<String, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = [a, b]
            .into_iter()
            .enumerate()
            .map(|(w, part)| {
                s.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let dir = scratch(&format!("w{w}-{i}"));
                            let r = check_case(c, &dir);
                            let _ = fs::remove_dir_all(&dir);
                            r
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    });
    let mut failures = Vec::new();
    for r in &results {
        match r {
            Ok(s) => eprintln!("ok   {s}"),
            Err(s) => {
                eprintln!("FAIL {s}");
                failures.push(s.clone());
            }
        }
    }
    if gnu_time().is_none() {
        let kb = children_max_rss_kb().unwrap_or(0);
        eprintln!("peak memory of any run (getrusage): {kb} KB");
        assert!(kb <= MAX_RSS_KB, "a run peaked at {kb} KB");
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_batch_reports_the_bad_file_and_completes_the_others() {
    let dir = scratch("batch");
    let good = corpus().join("xref-shifted.pdf");
    let bad = corpus().join("trunc-50pct.pdf");
    let notpdf = corpus().join("not-pdf-html.pdf");
    let out = dir.join("out");
    fs::create_dir_all(&out).expect("out dir");
    // An earlier output of the bad file stays as it was.
    fs::write(out.join("trunc-50pct.json"), OLD).expect("old output");
    let s = |p: &Path| p.display().to_string();
    let r = run(
        &[
            "extract",
            &s(&bad),
            &s(&good),
            &s(&notpdf),
            "-o",
            &s(&out),
            "-q",
        ],
        &dir,
    );
    assert_eq!(r.code, Some(12), "stderr: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("phuluc: error: "))
        .collect();
    assert_eq!(errors.len(), 2, "{}", r.stderr);
    assert!(
        errors[0].contains(&s(&bad)) && errors[0].contains("damaged"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains(&s(&notpdf)) && errors[1].contains("not a PDF"),
        "{errors:?}"
    );
    let v: Value = serde_json::from_str(
        &fs::read_to_string(out.join("xref-shifted.json")).expect("good output written"),
    )
    .expect("JSON");
    assert_eq!(v["records"].as_array().map_or(0, Vec::len), 73);
    assert_eq!(
        fs::read_to_string(out.join("trunc-50pct.json"))
            .ok()
            .as_deref(),
        Some(OLD)
    );
    assert!(!out.join("not-pdf-html.json").exists());
    let mut names: Vec<String> = fs::read_dir(&out)
        .expect("out")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["trunc-50pct.json", "xref-shifted.json"],
        "no temporary files left"
    );

    // Every input failing: their common code, or 12 when they differ; nothing is written.
    let r = run(&["extract", &s(&bad), &s(&notpdf), "-o", &s(&out)], &dir);
    assert_eq!(r.code, Some(12), "stderr: {}", r.stderr);
    let notpdf2 = corpus().join("not-pdf-png.pdf");
    let r = run(
        &["extract", &s(&notpdf2), &s(&notpdf), "-o", &s(&out)],
        &dir,
    );
    assert_eq!(r.code, Some(4), "stderr: {}", r.stderr);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_run_never_clobbers_csv_or_sqlite_outputs() {
    let dir = scratch("formats");
    let bad = corpus().join("zip-bomb.pdf").display().to_string();
    for (format, name) in [
        ("csv", "flat.csv"),
        ("sql", "out.sql"),
        ("sqlite", "out.db"),
    ] {
        let target = dir.join(name);
        fs::write(&target, OLD).expect("old");
        let t = target.display().to_string();
        let r = run(&["extract", &bad, "-f", format, "-o", &t], &dir);
        assert_eq!(r.code, Some(9), "{format}: {}", r.stderr);
        assert_eq!(
            fs::read_to_string(&target).ok().as_deref(),
            Some(OLD),
            "{format}"
        );
    }
    let names = fs::read_dir(&dir).expect("dir").count();
    assert_eq!(names, 3, "no temporary files left");
    let _ = fs::remove_dir_all(&dir);
}

/// Finding of the `normalize` fuzzer (fuzz/regressions/normalize/timeout-period-expr-dashes):
/// a timeline cell with a long run of dashes made `timeline::period_expr` split at every dash
/// and recurse on both sides — exponential time. Fixed in phuluc-normalize (a range's sides
/// are single periods); the command's watchdog (`--max-seconds`) bounds any such case anyway.
#[test]
fn fuzz_finding_a_timeline_with_many_dashes_parses_quickly() {
    let text = format!("Sở Nội v{}/{} phí", "-".repeat(73), "-".repeat(10));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(phuluc_normalize::parse_timeline(&text, None).is_some());
    });
    assert!(
        rx.recv_timeout(Duration::from_secs(2)).is_ok(),
        "parse_timeline took more than 2 s"
    );
}

// ---------------------------------------------------------------------------------------------
// Issue 15: no output may destroy data.

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn good_pdf() -> PathBuf {
    corpus().join("xref-shifted.pdf")
}

/// Runs phuluc with `args` in `dir` (as the current directory), returning exit code and stderr.
fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env_remove("PHULUC_PASSWORD")
        .output()
        .expect("run phuluc");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sorted_names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Item 1: `-o` naming an input (the same path, another spelling, a hard link, a symbolic
/// link) is refused before anything is read; the input is untouched.
#[cfg(unix)]
#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = scratch("same-inode");
    let pdf = dir.join("plan.pdf");
    fs::copy(good_pdf(), &pdf).expect("copy");
    let original = fs::read(&pdf).expect("read");
    fs::hard_link(&pdf, dir.join("hard.json")).expect("hard link");
    std::os::unix::fs::symlink("plan.pdf", dir.join("soft.json")).expect("symlink");
    for (out, format) in [
        ("plan.pdf", "json"),
        ("./plan.pdf", "json"),
        ("hard.json", "json"),
        ("soft.json", "json"),
        ("plan.pdf", "sql"),
        ("plan.pdf", "sqlite"),
        ("plan.pdf", "csv"),
    ] {
        let (code, err) = run_in(&dir, &["extract", "plan.pdf", "-f", format, "-o", out]);
        assert_eq!(code, Some(2), "-o {out} -f {format}: {err}");
        assert!(err.contains("is the input plan.pdf"), "{err}");
        assert_eq!(
            fs::read(&pdf).expect("read"),
            original,
            "-o {out}: input changed"
        );
    }
    // In a batch too: an input inside the output directory under the output's name.
    let out = dir.join("out");
    fs::create_dir_all(&out).expect("out");
    fs::copy(good_pdf(), out.join("x.json")).expect("copy");
    let (code, err) = run_in(&dir, &["extract", "out/x.json", "plan.pdf", "-o", "out"]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(fs::read(out.join("x.json")).expect("read"), original);
    let _ = fs::remove_dir_all(&dir);
}

/// Item 2: batch inputs that would write the same output (same stem, any case) are refused
/// before anything is written.
#[test]
fn batch_inputs_with_the_same_stem_are_refused() {
    let dir = scratch("same-stem");
    for sub in ["a", "b"] {
        fs::create_dir_all(dir.join(sub)).expect("sub");
    }
    fs::copy(good_pdf(), dir.join("a/x.pdf")).expect("copy");
    fs::copy(corpus().join("object-streams.pdf"), dir.join("b/x.pdf")).expect("copy");
    fs::copy(corpus().join("linearized.pdf"), dir.join("X.PDF")).expect("copy");
    fs::create_dir_all(dir.join("out")).expect("out");
    for format in ["json", "csv"] {
        for inputs in [["a/x.pdf", "b/x.pdf"], ["a/x.pdf", "X.PDF"]] {
            let mut args = vec!["extract", "-f", format, "-o", "out"];
            args.extend(inputs);
            let (code, err) = run_in(&dir, &args);
            assert_eq!(code, Some(2), "{inputs:?}: {err}");
            assert!(err.contains("would both be written"), "{err}");
            assert!(sorted_names(&dir.join("out")).is_empty());
        }
    }
    let _ = fs::remove_dir_all(&dir);
}

/// Item 3: 8 parallel runs into one SQLite database keep all 8 documents; the database is
/// updated in place (same inode: hard links and other programs' handles stay valid).
#[cfg(unix)]
#[test]
fn parallel_sqlite_runs_keep_every_document() {
    use std::os::unix::fs::MetadataExt;
    let dir = scratch("sqlite-parallel");
    let db = dir.join("plans.db");
    // A first document, so the database exists and its inode can be watched.
    let (code, err) = run_in(
        &dir,
        &[
            "extract",
            &s(&good_pdf()),
            "-f",
            "sqlite",
            "-o",
            "plans.db",
            "-q",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let inode = fs::metadata(&db).expect("db").ino();
    fs::hard_link(&db, dir.join("link.db")).expect("hard link");
    let files = [
        "xref-garbage.pdf",
        "xref-missing.pdf",
        "trunc-no-trailer.pdf",
        "incremental-update.pdf",
        "object-streams.pdf",
        "linearized.pdf",
        "encrypted-empty-rc4.pdf",
        "encrypted-empty-aes128.pdf",
    ];
    let children: Vec<_> = files
        .iter()
        .map(|f| {
            Command::new(BIN)
                .args(["extract", &s(&corpus().join(f)), "-f", "sqlite", "-o"])
                .arg(&db)
                .arg("-q")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for (f, c) in files.iter().zip(children) {
        let out = c.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        fs::metadata(&db).expect("db").ino(),
        inode,
        "the database was replaced"
    );
    let conn = rusqlite::Connection::open(dir.join("link.db")).expect("open");
    let docs: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .expect("count");
    // The 9 files are distinct documents (distinct SHA-256).
    assert_eq!(docs, 9);
    let records: i64 = conn
        .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .expect("count");
    assert_eq!(records, 9 * 73);
    assert_eq!(
        sorted_names(&dir),
        ["link.db", "plans.db"],
        "no temporary files left"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// Item 3: a WAL-mode database held open (mid-read) by another program keeps its data and
/// gets phuluc's; the other program can still write afterwards.
#[test]
fn a_wal_database_in_use_keeps_its_data() {
    let dir = scratch("sqlite-wal");
    let db = dir.join("app.db");
    let other = rusqlite::Connection::open(&db).expect("open");
    let mode: String = other
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .expect("wal");
    assert_eq!(mode, "wal");
    other
        .execute_batch("CREATE TABLE mine (x INTEGER); INSERT INTO mine VALUES (1), (2);")
        .expect("mine");
    other
        .execute_batch("BEGIN; SELECT count(*) FROM mine;")
        .expect("read");
    let (code, err) = run_in(
        &dir,
        &["extract", &s(&good_pdf()), "-f", "sqlite", "-o", "app.db"],
    );
    assert_eq!(code, Some(0), "{err}");
    other
        .execute_batch("COMMIT; INSERT INTO mine VALUES (3);")
        .expect("still writable");
    let count = |sql: &str| -> i64 { other.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert_eq!(count("SELECT count(*) FROM mine"), 3);
    assert_eq!(count("SELECT count(*) FROM records"), 73);
    drop(other);
    let _ = fs::remove_dir_all(&dir);
}

/// Item 5: `-o` onto a symbolic link writes the file it points to (the link stays); onto a
/// FIFO or a device, phuluc writes through it and never replaces it; a SQLite database must be
/// a regular file.
#[cfg(unix)]
#[test]
fn special_outputs_are_written_through_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("special");
    std::os::unix::fs::symlink("real.json", dir.join("link.json")).expect("symlink");
    let (code, err) = run_in(&dir, &["extract", &s(&good_pdf()), "-o", "link.json", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(fs::symlink_metadata(dir.join("link.json"))
        .expect("link")
        .file_type()
        .is_symlink());
    let v: Value = serde_json::from_str(&fs::read_to_string(dir.join("real.json")).expect("real"))
        .expect("json");
    assert_eq!(v["records"].as_array().map_or(0, Vec::len), 73);

    let fifo = dir.join("fifo");
    let st = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(st.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(&fifo).map(|b| b.len()).unwrap_or(0))
    };
    let (code, err) = run_in(&dir, &["extract", &s(&good_pdf()), "-o", "fifo", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let got = reader.join().expect("reader");
    assert!(got > 1000, "the JSON went through the FIFO ({got} bytes)");
    assert!(fs::symlink_metadata(&fifo)
        .expect("fifo")
        .file_type()
        .is_fifo());

    // /dev/null: written through (as root the old code replaced it with a regular file).
    let (code, err) = run_in(&dir, &["extract", &s(&good_pdf()), "-o", "/dev/null", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(fs::metadata("/dev/null")
        .expect("null")
        .file_type()
        .is_char_device());
    let (code, err) = run_in(
        &dir,
        &["extract", &s(&good_pdf()), "-f", "sqlite", "-o", "fifo"],
    );
    assert_eq!(code, Some(10), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    assert!(fs::symlink_metadata(&fifo)
        .expect("fifo")
        .file_type()
        .is_fifo());
    let _ = fs::remove_dir_all(&dir);
}

/// Item 6: a CSV table set is swapped in whole (no mix of old and new tables), temporary files
/// of a killed run are cleaned, and a directory holding other files is not replaced.
#[test]
fn a_csv_table_set_is_replaced_whole_and_stale_temporaries_are_cleaned() {
    let dir = scratch("csv-set");
    let tables = dir.join("tables");
    fs::create_dir_all(&tables).expect("tables");
    for t in ["records.csv", "agencies.csv", "record_agencies.csv"] {
        fs::write(tables.join(t), OLD).expect("old table");
    }
    // What `kill -9` leaves: a temporary directory and file of a process that is gone, and
    // an old-style temporary inside the table directory.
    fs::create_dir_all(dir.join(".tables.phuluc-2147483646-0.tmp")).expect("stale dir");
    fs::write(
        dir.join(".tables.phuluc-2147483646-0.tmp/records.csv"),
        "half",
    )
    .expect("stale");
    fs::write(dir.join(".x.json.phuluc-2147483646-1.tmp"), "half").expect("stale file");
    fs::write(tables.join(".records.csv.4242.0.tmp"), "half").expect("old-style temp");
    let (code, err) = run_in(
        &dir,
        &[
            "extract",
            &s(&good_pdf()),
            "-f",
            "csv",
            "-o",
            "tables",
            "-q",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        sorted_names(&tables),
        ["agencies.csv", "record_agencies.csv", "records.csv"]
    );
    for t in ["records.csv", "agencies.csv", "record_agencies.csv"] {
        assert_ne!(
            fs::read_to_string(tables.join(t)).expect("table"),
            OLD,
            "{t} is old"
        );
    }
    assert_eq!(sorted_names(&dir), ["tables"], "temporaries cleaned");
    // A directory with other files is refused, untouched.
    fs::write(tables.join("notes.txt"), "mine").expect("notes");
    let before = fs::read(tables.join("records.csv")).expect("records");
    let (code, err) = run_in(
        &dir,
        &["extract", &s(&good_pdf()), "-f", "csv", "-o", "tables"],
    );
    assert_eq!(code, Some(10), "{err}");
    assert!(err.contains("notes.txt"), "{err}");
    assert_eq!(
        fs::read(tables.join("records.csv")).expect("records"),
        before
    );
    assert_eq!(sorted_names(&dir), ["tables"]);
    // A new directory named with a trailing slash gets the table set.
    let (code, err) = run_in(
        &dir,
        &["extract", &s(&good_pdf()), "-f", "csv", "-o", "new/", "-q"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        sorted_names(&dir.join("new")),
        ["agencies.csv", "record_agencies.csv", "records.csv"]
    );
    let _ = fs::remove_dir_all(&dir);
}

/// Item 7: the size limit holds while reading: a device or pipe is not read into memory
/// whatever its size.
#[cfg(unix)]
#[test]
fn an_endless_input_is_refused_at_the_size_limit() {
    let dir = scratch("endless");
    let started = Instant::now();
    let r = run(&["extract", "/dev/zero", "--max-file-mb", "4"], &dir);
    assert_eq!(r.code, Some(9), "{}", r.stderr);
    assert!(
        r.stderr.contains("file bytes (limit 4 MiB)"),
        "{}",
        r.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(MAX_SECONDS));
    if let Some(kb) = r.rss_kb {
        assert!(kb < 100 * 1024, "peak memory {kb} KB");
    }
    // A PDF from a pipe is read.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "cat '{}' | '{BIN}' extract /dev/stdin -q",
            s(&good_pdf())
        ))
        .output()
        .expect("sh");
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["records"].as_array().map_or(0, Vec::len), 73);
    let _ = fs::remove_dir_all(&dir);
}

/// Item 11: a file name with a line break or an escape sequence is escaped on stderr: one
/// error line, no raw control character.
#[cfg(unix)]
#[test]
fn file_names_are_escaped_on_stderr() {
    let dir = scratch("names");
    let name = "bad\nphuluc: error: forged.pdf\x1b[2J.pdf";
    fs::write(dir.join(name), "not a pdf").expect("file");
    let (code, err) = run_in(&dir, &["extract", name]);
    assert_eq!(code, Some(4), "{err}");
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(!err.trim_end().chars().any(|c| c.is_control()), "{err:?}");
    assert!(
        err.contains("bad\\nphuluc: error: forged.pdf\\u{1b}[2J.pdf: not a PDF"),
        "{err}"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// Item 13: the messages: a fractional time limit as given, options that do not apply to the
/// format refused, the password from a file or the environment, the batch exit code
/// independent of the order of the inputs.
#[test]
fn messages_and_options_are_precise() {
    let dir = scratch("messages");
    let pdf = s(&good_pdf());
    let (code, err) = run_in(
        &dir,
        &[
            "extract",
            &s(&corpus().join("million-moves.pdf")),
            "--max-seconds",
            "0",
        ],
    );
    assert_eq!(code, Some(9), "{err}");
    assert!(err.contains("(limit 0)"), "{err}");
    for args in [
        vec!["--dialect", "postgres"],
        vec!["--excel"],
        vec!["-f", "csv", "--compact"],
    ] {
        let mut a = vec!["extract", pdf.as_str()];
        a.extend(args.iter().copied());
        let (code, err) = run_in(&dir, &a);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains("applies to"), "{err}");
    }
    // A registry error is one line, whatever the TOML parser says.
    fs::write(dir.join("bad.toml"), "id = \n[x\n").expect("toml");
    let (code, err) = run_in(&dir, &["extract", &pdf, "--agencies", "bad.toml"]);
    assert_eq!(code, Some(11), "{err}");
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(err.contains("line 2"), "{err}");
    // The password without the process list.
    let enc = s(&corpus().join("encrypted-user-password.pdf"));
    fs::write(dir.join("pw.txt"), "secret\n").expect("pw");
    let (code, err) = run_in(&dir, &["extract", &enc, "--password-file", "pw.txt", "-q"]);
    assert_eq!(code, Some(0), "{err}");
    let out = Command::new(BIN)
        .args(["extract", &enc, "-q"])
        .env("PHULUC_PASSWORD", "secret")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run");
    assert_eq!(out.code(), Some(0));
    // Every input failing, in different ways: 12 whatever the order.
    let a = s(&corpus().join("trunc-50pct.pdf"));
    let b = s(&corpus().join("not-pdf-html.pdf"));
    fs::create_dir_all(dir.join("out")).expect("out");
    let (c1, _) = run_in(&dir, &["extract", &a, &b, "-o", "out"]);
    let (c2, _) = run_in(&dir, &["extract", &b, &a, "-o", "out"]);
    assert_eq!((c1, c2), (Some(12), Some(12)));
    let _ = fs::remove_dir_all(&dir);
}

/// Item 9: a glyph a font maps to U+0000 is U+FFFD: the SQL and SQLite exports take the
/// document (they refused it with exit 10), and CSV gets no NUL byte.
#[test]
fn a_glyph_mapped_to_nul_never_reaches_the_outputs() {
    let dir = scratch("nul");
    let pdf = s(&corpus().join("nul-glyph.pdf"));
    for (format, out) in [
        ("sql", "out.sql"),
        ("sqlite", "out.db"),
        ("csv", "out.csv"),
        ("json", "out.json"),
    ] {
        let (code, err) = run_in(&dir, &["extract", &pdf, "-f", format, "-o", out, "-q"]);
        assert_eq!(code, Some(0), "{format}: {err}");
        let bytes = fs::read(dir.join(out)).expect("output");
        if format != "sqlite" {
            assert!(!bytes.contains(&0), "{format}: a NUL byte in the output");
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains('\u{fffd}'), "{format}: no U+FFFD");
        }
    }
    let conn = rusqlite::Connection::open(dir.join("out.db")).expect("db");
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM records WHERE instr(activity, char(0)) > 0",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(n, 0);
    let _ = fs::remove_dir_all(&dir);
}
