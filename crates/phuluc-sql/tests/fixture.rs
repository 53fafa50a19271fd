//! The Bắc Giang truth fixture through the SQL exporter into SQLite and PostgreSQL.

use phuluc_model::Extraction;
use phuluc_sql::testing::{self, PgScratch};
use phuluc_sql::{write_script_many, write_sqlite, Dialect};
use serde_json::Value as Json;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const SHA: &str = "b4c6a4f0000000000000000000000000000000000000000000000000000b402";

fn bac_giang() -> Extraction {
    let text = std::fs::read_to_string(root().join("fixtures/bac-giang-402.truth.json")).unwrap();
    let truth: Json = serde_json::from_str(&text).unwrap();
    testing::extraction_from_truth(&truth, "bac-giang-402.word.pdf", SHA).unwrap()
}

/// A second plan beside it, so the queries see several documents.
fn other_plan() -> Extraction {
    let mut ex = bac_giang();
    ex.source.sha256 = "0".repeat(64);
    ex.source.file = "other.pdf".into();
    ex.document.plan_number = Some("17/KH-UBND".into());
    ex.document.period = Some(phuluc_model::Period {
        start: 2026,
        end: 2030,
    });
    ex.records.truncate(30);
    ex
}

/// The five example queries of docs/sql.md, in order.
fn doc_queries() -> Vec<String> {
    let md = std::fs::read_to_string(root().join("docs/sql.md")).unwrap();
    testing::example_queries(&md)
}

#[test]
fn fixture_shape() {
    let ex = bac_giang();
    assert_eq!(ex.records.len(), 73);
    assert_eq!(ex.agencies.len(), 14);
    assert_eq!(
        doc_queries().len(),
        5,
        "docs/sql.md has five example queries"
    );
}

#[test]
fn fixture_round_trips_through_sqlite() {
    let ex = bac_giang();
    testing::roundtrip_sqlite(&ex).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plans.db");
    write_sqlite(&ex, &path).unwrap();
    write_sqlite(&ex, &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let n = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(n("SELECT count(*) FROM documents"), 1);
    assert_eq!(n("SELECT count(*) FROM records"), 73);
    assert_eq!(n("SELECT count(*) FROM agencies"), 14);
    assert_eq!(n("SELECT count(*) FROM sections"), 7);
    assert_eq!(n("SELECT count(*) FROM record_agencies"), 231);
    // All agencies linked: every mention joins to an agency, every agency is used, and every
    // record with a lead text has a lead link.
    assert_eq!(
        n("SELECT count(*) FROM record_agencies ra LEFT JOIN agencies a \
           ON a.document_sha256 = ra.document_sha256 AND a.agency_id = ra.agency_id WHERE a.name IS NULL"),
        0
    );
    assert_eq!(
        n(
            "SELECT count(*) FROM agencies a WHERE NOT EXISTS (SELECT 1 FROM record_agencies ra \
           WHERE ra.document_sha256 = a.document_sha256 AND ra.agency_id = a.agency_id)"
        ),
        0
    );
    assert_eq!(
        n("SELECT count(*) FROM records r WHERE r.lead <> '' AND NOT EXISTS (SELECT 1 FROM record_agencies ra \
           WHERE ra.document_sha256 = r.document_sha256 AND ra.record_id = r.record_id AND ra.role = 'lead')"),
        0
    );
    assert_eq!(n("SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

fn sqlite_with_both() -> rusqlite::Connection {
    let (a, b) = (bac_giang(), other_plan());
    let mut script = Vec::new();
    write_script_many(&[&a, &b], &mut script, Dialect::Sqlite).unwrap();
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(std::str::from_utf8(&script).unwrap())
        .unwrap();
    conn
}

#[test]
fn example_queries_answer_in_sqlite() {
    let conn = sqlite_with_both();
    let q = doc_queries();
    let rows: Vec<Vec<Json>> = q
        .iter()
        .map(|q| testing::sqlite_query(&conn, q).unwrap())
        .collect();
    for (i, r) in rows.iter().enumerate() {
        assert!(!r.is_empty(), "query {} returned nothing", i + 1);
    }
    // 1: Sở Nội vụ leads 5 activities due by 2025 in Bắc Giang (stt 25, 33, 34, 35, 42), and
    // those of them among the other plan's first 30 records.
    let stts: Vec<&str> = rows[0].iter().map(|r| r["stt"].as_str().unwrap()).collect();
    assert_eq!(stts, ["25", "33", "34", "35", "42", "25"]);
    assert_eq!(rows[0][0]["end_date"], "2022-03-31");
    // 5: both plans, with their record counts.
    let plans: Vec<(&str, f64)> = rows[4]
        .iter()
        .map(|r| {
            (
                r["plan_number"].as_str().unwrap(),
                r["activities"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(plans, [("402/KH-UBND", 73.0), ("17/KH-UBND", 30.0)]);
}

#[test]
fn fixture_round_trips_through_postgres_and_queries_agree() {
    let Some(url) = testing::pg_url() else { return };
    let ex = bac_giang();
    testing::roundtrip_postgres(&ex, &url).unwrap();

    let pg = PgScratch::new(&url).unwrap();
    let (a, b) = (bac_giang(), other_plan());
    let mut script = Vec::new();
    write_script_many(&[&a, &b], &mut script, Dialect::Postgres).unwrap();
    pg.run_script(&script).unwrap();
    // Loading the first plan again replaces it.
    let mut again = Vec::new();
    phuluc_sql::write_script(&a, &mut again, Dialect::Postgres).unwrap();
    pg.run_script(&again).unwrap();
    let count = |sql: &str| pg.query(sql).unwrap()[0]["n"].as_f64().unwrap();
    assert_eq!(count("SELECT count(*) AS n FROM documents"), 2.0);
    assert_eq!(
        count(&format!(
            "SELECT count(*) AS n FROM records WHERE document_sha256 = '{SHA}'"
        )),
        73.0
    );
    assert_eq!(
        count(&format!(
            "SELECT count(*) AS n FROM record_agencies WHERE document_sha256 = '{SHA}'"
        )),
        231.0
    );
    // Real types: dates are DATE, amounts NUMERIC.
    let types = pg
        .query(
            "SELECT column_name, data_type FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = 'records' \
             AND column_name IN ('start_date', 'end_date', 'budget_million_vnd') ORDER BY column_name",
        )
        .unwrap();
    let types: Vec<&str> = types
        .iter()
        .map(|r| r["data_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["numeric", "date", "date"]);

    let conn = sqlite_with_both();
    for (i, q) in doc_queries().iter().enumerate() {
        let in_pg = pg.query(q).unwrap();
        let in_sqlite = testing::sqlite_query(&conn, q).unwrap();
        assert!(!in_pg.is_empty(), "query {} returned nothing", i + 1);
        assert_eq!(
            in_pg,
            in_sqlite,
            "query {} differs between PostgreSQL and SQLite",
            i + 1
        );
    }
}
