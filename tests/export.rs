//! The exporters fed by real extractions, and the command line end to end.
//!
//! - For fixtures, the JSON export read back and loaded into SQLite and PostgreSQL gives back
//!   the same values (`phuluc_sql::testing::assert_roundtrip`; under CI the PostgreSQL server
//!   must be there).
//! - The `phuluc` binary writes every format, and fails cleanly on bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("phuluc-export-{}-{name}", std::process::id()));
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

#[test]
fn databases_give_back_the_json_export() {
    for name in ["bac-giang-402.word.pdf", "bac-giang-402.word-dejavu.pdf"] {
        let ex =
            phuluc::extract_file(&fixture(name), &phuluc::Options::default()).expect("extracts");
        let json = phuluc_json::to_string(&ex, phuluc_json::Layout::Compact).expect("json");
        let back = phuluc_json::from_str(&json).expect("reads back");
        assert_eq!(back.records.len(), 73, "{name}");
        phuluc_sql::testing::assert_roundtrip(&back);
    }
}

#[test]
fn example_queries_agree_between_databases_on_a_real_extraction() {
    use phuluc_sql::testing;
    let ex = phuluc::extract_file(
        &fixture("bac-giang-402.word.pdf"),
        &phuluc::Options::default(),
    )
    .expect("extracts");
    let md = std::fs::read_to_string(root().join("docs/sql.md")).expect("docs/sql.md");
    let queries = testing::example_queries(&md);
    assert_eq!(queries.len(), 5, "docs/sql.md has five example queries");
    let mut conn = rusqlite::Connection::open_in_memory().expect("sqlite");
    phuluc_sql::load_sqlite(&mut conn, &[&ex]).expect("loads");
    let links: i64 = conn
        .query_row("SELECT count(*) FROM record_agencies", [], |r| r.get(0))
        .expect("count");
    assert_eq!(
        links, 231,
        "every agency mention of the 73 records is linked"
    );
    let pg = testing::pg_url().map(|url| testing::PgScratch::new(&url).expect("scratch schema"));
    if let Some(pg) = &pg {
        let mut script = Vec::new();
        phuluc_sql::write_script(&ex, &mut script, phuluc_sql::Dialect::Postgres).expect("script");
        pg.run_script(&script).expect("PostgreSQL loads the script");
    }
    for (i, q) in queries.iter().enumerate() {
        let in_sqlite = testing::sqlite_query(&conn, q).expect("query runs in SQLite");
        assert!(!in_sqlite.is_empty(), "query {} returns rows", i + 1);
        if let Some(pg) = &pg {
            assert_eq!(
                pg.query(q).expect("query runs in PostgreSQL"),
                in_sqlite,
                "query {}",
                i + 1
            );
        }
    }
}

#[test]
fn cli_writes_every_format() {
    let pdf = fixture("bac-giang-402.word.pdf");
    let pdf = pdf.to_str().expect("utf-8 path");
    let dir = scratch("formats");

    // JSON to stdout and to a file.
    let out = phuluc(&["extract", pdf, "-q"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ex = phuluc_json::from_str(&String::from_utf8_lossy(&out.stdout))
        .expect("phuluc/1 JSON on stdout");
    assert_eq!(ex.records.len(), 73);
    let json_path = dir.join("plan.json");
    let out = phuluc(&[
        "extract",
        pdf,
        "-o",
        json_path.to_str().unwrap_or_default(),
        "--compact",
    ]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(&json_path).expect("json file");
    assert_eq!(text.lines().count(), 1, "--compact writes one line");

    // Flat CSV for Excel: BOM, CRLF, one row per record (multi-line cells stay quoted).
    let out = phuluc(&["extract", pdf, "-f", "csv", "--excel", "-q"]);
    assert!(out.status.success());
    assert!(
        out.stdout.starts_with(b"\xEF\xBB\xBF"),
        "Excel CSV starts with a BOM"
    );
    let mut reader = csv::ReaderBuilder::new().from_reader(&out.stdout[3..]);
    assert_eq!(reader.records().count(), 73);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\r\n"));
    let plain = phuluc(&["extract", pdf, "-f", "csv", "-q"]);
    assert!(
        !plain.stdout.starts_with(b"\xEF\xBB\xBF"),
        "plain CSV has no BOM"
    );

    // Related CSV tables in a directory.
    let tables = dir.join("tables");
    std::fs::create_dir_all(&tables).expect("dir");
    let out = phuluc(&[
        "extract",
        pdf,
        "-f",
        "csv",
        "-o",
        tables.to_str().unwrap_or_default(),
        "-q",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["records.csv", "agencies.csv", "record_agencies.csv"] {
        assert!(tables.join(f).exists(), "{f} written");
    }

    // SQL script for SQLite, loaded into a real SQLite.
    let out = phuluc(&["extract", pdf, "-f", "sql", "--dialect", "sqlite", "-q"]);
    assert!(out.status.success());
    let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
    conn.execute_batch(&String::from_utf8_lossy(&out.stdout))
        .expect("script loads");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 73);
    let pg = phuluc(&["extract", pdf, "-f", "sql", "--dialect", "postgres", "-q"]);
    assert!(pg.status.success());
    assert!(String::from_utf8_lossy(&pg.stdout).contains("standard_conforming_strings"));

    // A SQLite database file, updated in place by a second document load (no duplicates).
    let db = dir.join("plans.db");
    let db_s = db.to_str().unwrap_or_default();
    for _ in 0..2 {
        let out = phuluc(&["extract", pdf, "-f", "sqlite", "-o", db_s, "-q"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let dejavu = fixture("bac-giang-402.word-dejavu.pdf");
    let out = phuluc(&[
        "extract",
        dejavu.to_str().unwrap_or_default(),
        "-f",
        "sqlite",
        "-o",
        db_s,
        "-q",
    ]);
    assert!(out.status.success());
    let conn = rusqlite::Connection::open(&db).expect("db");
    let docs: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .expect("count");
    let recs: i64 = conn
        .query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .expect("count");
    assert_eq!(
        (docs, recs),
        (2, 146),
        "two documents side by side, the first loaded twice without duplicates"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_fails_cleanly() {
    let dir = scratch("fail");
    let missing = dir.join("missing.pdf");
    let out = phuluc(&["extract", missing.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing.pdf") && err.contains("cannot read"),
        "{err}"
    );

    let not_pdf = dir.join("notes.pdf");
    std::fs::write(&not_pdf, "Kế hoạch, not a PDF").expect("write");
    let target = dir.join("out.json");
    std::fs::write(&target, "previous output").expect("write");
    let out = phuluc(&[
        "extract",
        not_pdf.to_str().unwrap_or_default(),
        "-o",
        target.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("notes.pdf: not a PDF"));
    assert_eq!(
        std::fs::read_to_string(&target).ok().as_deref(),
        Some("previous output"),
        "never clobbered"
    );
    let leftovers = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(leftovers, 2, "no temporary file left behind");

    let out = phuluc(&[
        "extract",
        not_pdf.to_str().unwrap_or_default(),
        "-f",
        "sqlite",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "-f sqlite without -o is a usage error"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_documents_every_format_and_exit_code() {
    let out = phuluc(&["extract", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for word in [
        "--format",
        "json",
        "csv",
        "sql",
        "sqlite",
        "--dialect",
        "--excel",
        "--agencies",
        "--password",
        "--output",
        "Exit codes",
    ] {
        assert!(help.contains(word), "help mentions {word}");
    }
}

#[test]
fn agency_registry_overlay_from_the_command_line() {
    let dir = scratch("agencies");
    let pdf = fixture("bac-giang-402.word.pdf");
    let pdf = pdf.to_str().unwrap_or_default();
    let overlay = dir.join("bac-giang.toml");
    std::fs::write(
        &overlay,
        "[[agency]]\nid = \"so-tu-phap\"\nname = \"Sở Tư pháp tỉnh Bắc Giang\"\nkind = \"department\"\n",
    )
    .expect("write overlay");
    let out = phuluc(&[
        "extract",
        pdf,
        "-q",
        "--agencies",
        overlay.to_str().unwrap_or_default(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ex = phuluc_json::from_str(&String::from_utf8_lossy(&out.stdout)).expect("json");
    let entry = ex
        .agencies
        .iter()
        .find(|a| a.id == "so-tu-phap")
        .expect("Sở Tư pháp is used");
    assert_eq!(
        entry.name, "Sở Tư pháp tỉnh Bắc Giang",
        "the overlay renames it"
    );

    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "[[agency]]\nid = \n").expect("write");
    let out = phuluc(&[
        "extract",
        pdf,
        "--agencies",
        broken.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(11));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.toml"));

    let raw = phuluc(&["extract", pdf, "-q", "--no-normalize"]);
    let ex = phuluc_json::from_str(&String::from_utf8_lossy(&raw.stdout)).expect("json");
    assert!(
        ex.agencies.is_empty()
            && ex
                .records
                .iter()
                .all(|r| r.lead.as_ref().is_some_and(|l| l.agencies.is_none()))
    );
    let _ = std::fs::remove_dir_all(&dir);
}
