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

    // Every input failing: the exit code is the last failure's, nothing is written.
    let r = run(&["extract", &s(&bad), &s(&notpdf), "-o", &s(&out)], &dir);
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
