//! The review report in a real browser.
//!
//! For every fixture, `phuluc review` writes the report and `phuluc extract` the JSON; headless
//! Chromium loads the report (with `#selftest`, which makes the page's script click every
//! record, a cell, `j`/`k` and an overlay toggle and write the outcome into the DOM) and dumps
//! the DOM after its scripts ran. The test reads that DOM: one `<svg class="page">` per page,
//! the records' rows equal to the JSON's records (the CSV's columns, cell by cell), the flagged
//! rows and their reasons equal to the JSON's review flags, no script error, console error or
//! blocked request. A screenshot of each report's first screen (the first page beside the
//! records) is kept in `target/review-artifacts/`.
//!
//! Chromium: `$PHULUC_CHROMIUM`, else `chromium` (or `chromium-browser`, `google-chrome`) on
//! the PATH; `scripts/test.sh` installs the Debian package when it is missing. Under CI (`CI`
//! set) a missing browser fails the test; elsewhere the test says loudly that it skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn artifacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let dir = target.join("review-artifacts");
    std::fs::create_dir_all(&dir).expect("artifact dir");
    dir
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phuluc-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The browser to drive, or `None` (outside CI only) when there is none.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PHULUC_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome-stable",
        "google-chrome",
    ] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    let how = "install it with `bash scripts/ci/chromium.sh` (Debian package chromium) or set PHULUC_CHROMIUM";
    if std::env::var_os("CI").is_some() {
        panic!("no Chromium under CI: the review report's browser test needs one; {how}");
    }
    eprintln!("\n*** SKIPPING the review report's browser test: no Chromium found; {how} ***\n");
    None
}

/// Runs headless Chromium on `url` with `extra` arguments, killed after a minute.
fn run_chromium(browser: &Path, url: &str, extra: &[&str]) -> (String, String) {
    let profile = tempdir("profile");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let out = child.stdout.take().expect("stdout");
    let err = child.stderr.take().expect("stderr");
    let reader = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let (out, err) = (reader(Box::new(out)), reader(Box::new(err)));
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait chromium").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 60 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = std::fs::remove_dir_all(&profile);
    (
        out.join().expect("stdout reader"),
        err.join().expect("stderr reader"),
    )
}

fn tempdir(what: &str) -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("phuluc-report-{what}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Console messages of level error (and uncaught exceptions) in Chromium's log.
fn console_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains("CONSOLE")
                && (l.contains("Uncaught")
                    || l.contains("Error")
                    || l.contains("Refused")
                    || l.contains(":ERROR:"))
        })
        .collect()
}

// --- A small reader of the DOM Chromium serializes --------------------------------------------

#[derive(Debug, Clone, Default)]
struct Tag {
    name: String,
    attrs: BTreeMap<String, String>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
    fn classes(&self) -> Vec<&str> {
        self.attr("class")
            .map(|c| c.split_whitespace().collect())
            .unwrap_or_default()
    }
}

fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "nbsp" => Some('\u{a0}'),
            "#39" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

enum Token {
    Open(Tag),
    Close(String),
    Text(String),
}

/// Tokenizes serialized HTML: start tags with attributes, end tags, text (script and style
/// bodies, comments and the doctype are skipped).
fn tokens(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let end = html[i..].find('<').map_or(b.len(), |k| i + k);
            out.push(Token::Text(decode(&html[i..end])));
            i = end;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |k| i + k + 3);
            continue;
        }
        if html[i..].starts_with("<!") {
            i = html[i..].find('>').map_or(b.len(), |k| i + k + 1);
            continue;
        }
        if html[i..].starts_with("</") {
            let end = html[i..].find('>').map_or(b.len(), |k| i + k);
            out.push(Token::Close(html[i + 2..end].trim().to_ascii_lowercase()));
            i = end + 1;
            continue;
        }
        // A start tag: name, then attributes (Chromium always double-quotes values).
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut tag = Tag {
            name: name.clone(),
            attrs: BTreeMap::new(),
        };
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < b.len() && b[j] != b'=' && b[j] != b'>' && !b[j].is_ascii_whitespace() {
                j += 1;
            }
            let key = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if b.get(j) == Some(&b'"') {
                    let end = html[j + 1..].find('"').map_or(b.len(), |k| j + 1 + k);
                    value = decode(&html[j + 1..end]);
                    j = end + 1;
                } else {
                    let start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = decode(&html[start..j]);
                }
            }
            tag.attrs.insert(key, value);
        }
        i = j;
        out.push(Token::Open(tag));
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..].find(&close).map_or(b.len(), |k| i + k);
        }
    }
    out
}

/// What the test reads from the DOM.
#[derive(Debug, Default)]
struct Dom {
    html: Tag,
    body: Tag,
    /// `data-page` of each `<svg class="page">`, in document order.
    pages: Vec<String>,
    /// The records table's header cells.
    header: Vec<String>,
    /// Each `<tr data-record>`: the tag and its cells' text.
    rows: Vec<(Tag, Vec<String>)>,
}

fn read_dom(html: &str) -> Dom {
    let mut dom = Dom::default();
    let mut in_record_table = false;
    let mut row: Option<(Tag, Vec<String>)> = None;
    let mut cell: Option<String> = None;
    let mut th: Option<String> = None;
    for t in tokens(html) {
        match t {
            Token::Open(tag) => match tag.name.as_str() {
                "html" => dom.html = tag,
                "body" => dom.body = tag,
                "svg" if tag.classes().contains(&"page") => dom
                    .pages
                    .push(tag.attr("data-page").unwrap_or("").to_string()),
                "table" if tag.attr("id") == Some("record-table") => in_record_table = true,
                "th" if in_record_table => th = Some(String::new()),
                "tr" if in_record_table && tag.attr("data-record").is_some() => {
                    row = Some((tag, Vec::new()))
                }
                "td" if row.is_some() => cell = Some(String::new()),
                _ => {}
            },
            Token::Close(name) => match name.as_str() {
                "table" => in_record_table = false,
                "th" => dom.header.extend(th.take()),
                "td" => {
                    if let (Some(c), Some((_, cells))) = (cell.take(), row.as_mut()) {
                        cells.push(c);
                    }
                }
                "tr" => dom.rows.extend(row.take()),
                _ => {}
            },
            Token::Text(s) => {
                if let Some(c) = cell.as_mut().or(th.as_mut()) {
                    c.push_str(&s);
                }
            }
        }
    }
    dom
}

#[test]
fn the_dom_reader_reads_what_chromium_writes() {
    let html = "<!DOCTYPE html><html data-errors=\"\" data-x=\"a &amp; &quot;b&quot;\"><head><script>if (a<b) x='</td>';</script></head>\
        <body data-ready=\"1\"><svg class=\"page\" data-page=\"1\"></svg><table id=\"record-table\"><thead><tr><th>#</th><th>stt</th></tr></thead>\
        <tbody><tr data-record=\"0\" class=\"flag sel\"><td>1</td><td><div>a &lt;b&gt;\n- c</div></td></tr></tbody></table></body></html>";
    let dom = read_dom(html);
    assert_eq!(dom.html.attr("data-x"), Some("a & \"b\""));
    assert_eq!(dom.body.attr("data-ready"), Some("1"));
    assert_eq!(dom.pages, ["1"]);
    assert_eq!(dom.header, ["#", "stt"]);
    assert_eq!(dom.rows.len(), 1);
    assert_eq!(dom.rows[0].0.classes(), ["flag", "sel"]);
    assert_eq!(dom.rows[0].1, ["1", "a <b>\n- c"]);
}

// --- The test ----------------------------------------------------------------------------------

fn phuluc(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_phuluc"))
        .args(args)
        .output()
        .expect("run phuluc")
}

/// A fixture's name: its file stem, or its directory's name for `fixtures/real/<name>/doc.pdf`.
fn label(pdf: &Path) -> String {
    let stem = pdf.file_stem().unwrap().to_string_lossy().into_owned();
    match pdf.parent().and_then(|d| d.file_name()) {
        Some(dir) if stem == "doc" => dir.to_string_lossy().into_owned(),
        _ => stem,
    }
}

/// The fixtures: `fixtures/*.pdf` and the real plans `fixtures/real/*/doc.pdf`.
fn fixtures() -> Vec<PathBuf> {
    let pdfs_in = |dir: PathBuf| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut pdfs = pdfs_in(root().join("fixtures"));
    if let Ok(real) = std::fs::read_dir(root().join("fixtures/real")) {
        for d in real.filter_map(|e| e.ok()) {
            pdfs.extend(pdfs_in(d.path()));
        }
    }
    pdfs.sort();
    pdfs
}

/// Checks one fixture's report in the browser; returns the problems found.
fn check_fixture(browser: &Path, pdf: &Path, dir: &Path, shots: &Path) -> Vec<String> {
    let stem = label(pdf);
    let report = dir.join(format!("{stem}.review.html"));
    let json = dir.join(format!("{stem}.json"));
    let mut problems = Vec::new();
    let r = phuluc(&[
        "review".as_ref(),
        pdf.as_os_str(),
        "-o".as_ref(),
        report.as_os_str(),
    ]);
    assert!(
        r.status.success(),
        "{stem}: phuluc review failed: {}",
        String::from_utf8_lossy(&r.stderr)
    );
    let r = phuluc(&[
        "extract".as_ref(),
        "-q".as_ref(),
        pdf.as_os_str(),
        "-o".as_ref(),
        json.as_os_str(),
    ]);
    assert!(r.status.success(), "{stem}: phuluc extract failed");
    let ex = phuluc_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("reads");

    let url = format!(
        "file://{}#selftest",
        report.canonicalize().expect("report path").display()
    );
    // One run: the DOM after the scripts ran, and a screenshot of the first screen (the
    // self-check scrolls back to the top when done).
    let shot = shots.join(format!("{stem}.png"));
    let _ = std::fs::remove_file(&shot);
    let (dump, log) = run_chromium(
        browser,
        &url,
        &[
            "--dump-dom",
            &format!("--screenshot={}", shot.display()),
            "--window-size=1400,1000",
        ],
    );
    let dom = read_dom(&dump);
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(format!("{stem}: {what}"));
        }
    };
    check(
        dom.body.attr("data-ready") == Some("1"),
        "the page's script did not finish".into(),
    );
    check(
        dom.html.attr("data-errors") == Some(""),
        format!("script errors: {:?}", dom.html.attr("data-errors")),
    );
    let console = console_errors(&log);
    check(console.is_empty(), format!("console errors: {console:?}"));
    check(
        dom.html.attr("data-selftest") == Some("ok"),
        format!(
            "in-browser self-check: {:?}",
            dom.html.attr("data-selftest")
        ),
    );
    let expected_checked = ex.records.len().to_string();
    check(
        dom.html.attr("data-checked") == Some(expected_checked.as_str()),
        "the self-check did not visit every record".into(),
    );
    // One svg per page, in order.
    let want_pages: Vec<String> = (1..=ex.source.pages).map(|p| p.to_string()).collect();
    check(
        dom.pages == want_pages,
        format!("svg pages {:?}, want 1..={}", dom.pages, ex.source.pages),
    );
    // The records: the CSV's columns, each row equal to the JSON's record.
    let mut want_header = vec!["#".to_string(), "review".to_string()];
    want_header.extend(phuluc_csv::flat_header(&ex));
    check(
        dom.header == want_header,
        format!("record table header {:?}", dom.header),
    );
    check(
        dom.rows.len() == ex.records.len(),
        format!(
            "{} record rows, JSON has {}",
            dom.rows.len(),
            ex.records.len()
        ),
    );
    let flat = phuluc_csv::flat_rows(&ex);
    for (i, ((tag, cells), (rec, want))) in dom
        .rows
        .iter()
        .zip(ex.records.iter().zip(&flat))
        .enumerate()
    {
        check(
            tag.attr("data-record") == Some(i.to_string().as_str()),
            format!("row {i} has data-record {:?}", tag.attr("data-record")),
        );
        check(
            cells.get(2..) == Some(want.as_slice()),
            format!("record {i}: row {:?}, JSON {:?}", cells.get(2..), want),
        );
        let flagged = tag.classes().contains(&"flag");
        check(
            flagged == rec.review.needed,
            format!(
                "record {i}: highlighted {flagged}, JSON review.needed {}",
                rec.review.needed
            ),
        );
        let mut codes: Vec<&str> = Vec::new();
        for r in &rec.review.reasons {
            if !codes.contains(&r.code.as_str()) {
                codes.push(r.code.as_str());
            }
        }
        let got: Vec<&str> = tag
            .attr("data-review")
            .map(|s| s.split_whitespace().collect())
            .unwrap_or_default();
        check(
            got == codes,
            format!("record {i}: reasons {got:?}, JSON {codes:?}"),
        );
        for reason in &rec.review.reasons {
            check(
                cells.get(1).is_some_and(|c| c.contains(&reason.message)),
                format!("record {i}: reason {:?} not shown", reason.message),
            );
        }
    }
    let flagged = ex.records_needing_review().to_string();
    check(
        dom.body.attr("data-flagged") == Some(flagged.as_str()),
        format!(
            "j/k navigates {:?} flagged, JSON has {flagged}",
            dom.body.attr("data-flagged")
        ),
    );

    let png = std::fs::read(&shot).unwrap_or_default();
    check(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 20_000,
        format!(
            "no screenshot ({} bytes); chromium said: {}",
            png.len(),
            log.lines().rev().take(3).collect::<Vec<_>>().join(" / ")
        ),
    );
    problems
}

#[test]
fn every_fixture_report_passes_in_a_real_browser() {
    let Some(browser) = chromium() else { return };
    let pdfs = fixtures();
    assert!(pdfs.len() >= 30, "the fixtures are there ({})", pdfs.len());
    let dir = scratch();
    let shots = artifacts();
    let queue = Mutex::new(pdfs.clone());
    let problems = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let Some(pdf) = queue.lock().unwrap().pop() else {
                    break;
                };
                let found = check_fixture(&browser, &pdf, &dir, &shots);
                problems.lock().unwrap().extend(found);
            });
        }
    });
    let problems = problems.into_inner().unwrap();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    for pdf in &pdfs {
        let stem = label(pdf);
        assert!(
            shots.join(format!("{stem}.png")).is_file(),
            "{stem}: screenshot kept"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_review_command_and_extract_review_write_the_same_report() {
    let dir = tempdir("cli");
    let bin = env!("CARGO_BIN_EXE_phuluc");
    let a = root().join("fixtures/ha-tinh-kh.ruled.pdf");
    let b = root().join("fixtures/lao-cai-cds.norules.pdf");
    // Default output: INPUT.review.html in the current directory.
    let r = Command::new(bin)
        .current_dir(&dir)
        .arg("review")
        .arg(&a)
        .output()
        .expect("run phuluc");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let single = std::fs::read_to_string(dir.join("ha-tinh-kh.ruled.review.html")).expect("report");
    assert!(single.starts_with("<!DOCTYPE html>"));
    assert_eq!(single.matches("<svg class=\"page\"").count(), 3);
    // Beside a batch extraction: one report per input, the same bytes as `phuluc review`.
    let out = dir.join("out");
    let reports = dir.join("reports");
    std::fs::create_dir_all(&out).expect("out dir");
    let r = Command::new(bin)
        .arg("extract")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&out)
        .arg("--review")
        .arg(&reports)
        .arg("-q")
        .output()
        .expect("run phuluc");
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(out.join("ha-tinh-kh.ruled.json").is_file());
    assert!(out.join("lao-cai-cds.norules.json").is_file());
    let batch =
        std::fs::read_to_string(reports.join("ha-tinh-kh.ruled.review.html")).expect("report");
    assert_eq!(batch, single, "one code path: the same report either way");
    assert!(reports.join("lao-cai-cds.norules.review.html").is_file());
    // A file that is not a PDF: the extract command's exit code, and no report left behind.
    let bad = root().join("tests/corpus/broken/not-pdf-html.pdf");
    let target = dir.join("bad.review.html");
    let r = Command::new(bin)
        .arg("review")
        .arg(&bad)
        .arg("-o")
        .arg(&target)
        .output()
        .expect("run phuluc");
    assert_eq!(
        r.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    assert!(String::from_utf8_lossy(&r.stderr).contains("not a PDF"));
    assert!(!target.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_text_is_shown_as_text_in_the_browser() {
    let Some(browser) = chromium() else { return };
    let pdf = root().join("fixtures/ha-tinh-kh.ruled.pdf");
    let (mut ex, mut pages) =
        phuluc::extract_file_with_pages(&pdf, &phuluc::Options::default()).expect("extracts");
    let pwn = |how: &str| format!("document.documentElement.setAttribute('data-pwned','{how}')");
    let evil = format!(
        "</div></td></tr></table></svg></script><script>{}</script><img src=x onerror=\"{}\"><svg onload=\"{}\">\"'&amp;\r\n- <b>x</b>",
        pwn("script"),
        pwn("img"),
        pwn("svg")
    );
    ex.source.file = evil.clone();
    ex.columns[1].header = evil.clone();
    if let Some(t) = ex.tables.first_mut() {
        t.columns[1].header = evil.clone();
    }
    if let Some(o) = ex.records[0].output.as_mut() {
        o.text = evil.clone();
    }
    ex.records[0].stt = evil.clone();
    ex.records[1]
        .review
        .flag(phuluc::model::ReviewCode::Other, Some(&evil), evil.clone());
    ex.warnings.push(
        phuluc::model::Warning::new(phuluc::model::WarningCode::UnassignedText, evil.clone())
            .on_page(1)
            .at(phuluc::model::BBox::new(10.0, 10.0, 60.0, 20.0))
            .with_text(evil.clone()),
    );
    let mut glyph = pages[0].glyphs[0].clone();
    glyph.text = evil.clone();
    pages[0].glyphs.push(glyph);
    let dir = tempdir("hostile");
    let report = dir.join("hostile.review.html");
    std::fs::write(&report, phuluc_review::render(&ex, &pages)).expect("write report");
    let url = format!("file://{}#selftest", report.display());
    let (dump, log) = run_chromium(&browser, &url, &["--dump-dom"]);
    let dom = read_dom(&dump);
    assert_eq!(dom.html.attr("data-pwned"), None, "injected code ran");
    assert_eq!(dom.html.attr("data-errors"), Some(""), "{log}");
    assert_eq!(dom.html.attr("data-selftest"), Some("ok"));
    assert_eq!(dom.pages.len(), ex.source.pages as usize);
    assert_eq!(dom.rows.len(), ex.records.len());
    // The text arrives in the DOM exactly, carriage return included.
    let flat = phuluc_csv::flat_rows(&ex);
    assert_eq!(dom.rows[0].1[2..], flat[0][..]);
    assert!(flat[0].contains(&evil));
    assert!(dom.rows[1].1[1].contains(&evil), "the reason, as text");
    assert!(dom.rows[1].0.classes().contains(&"flag"));
    let _ = std::fs::remove_dir_all(&dir);
}
