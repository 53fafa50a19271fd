use super::*;
use phuluc_model::{
    AgencyCell, AgencyKind, AgencyMention, BudgetCell, CodedCell, Date, DocumentMeta, Period,
    Record, Section, SourceFile, TimelineCell,
};

fn sample(sha: &str) -> Extraction {
    let mut ex = Extraction::new(SourceFile {
        file: "plan.pdf".into(),
        sha256: sha.into(),
        pages: 2,
    });
    ex.document = DocumentMeta {
        plan_number: Some("402/KH-UBND".into()),
        issued_on: Some("2021-08-21".into()),
        period: Some(Period {
            start: 2021,
            end: 2030,
        }),
        ..DocumentMeta::default()
    };
    let obj = CodedCell {
        code: Some("1.1".into()),
        text: "Mục tiêu 1".into(),
        starts_here: true,
    };
    let lead = AgencyCell {
        lines: Vec::new(),
        text: "Sở Nội vụ".into(),
        agencies: Some(vec![AgencyMention {
            current_id: None,
            succession_source: None,
            mention: "Sở Nội vụ".into(),
            id: "so-noi-vu".into(),
            name: "Sở Nội vụ".into(),
            kind: AgencyKind::Department,
        }]),
    };
    for (i, starts) in [true, false, true].into_iter().enumerate() {
        ex.records.push(Record {
            stt: (i + 1).to_string(),
            section: Some(Section {
                number: "I".into(),
                title: "Cải cách thể chế".into(),
            }),
            objective: Some(CodedCell {
                starts_here: starts,
                ..obj.clone()
            }),
            lead: Some(lead.clone()),
            timeline: Some(TimelineCell {
                text: "2025".into(),
                start: Some(Date::new(2025, 1, 1)),
                end: Some(Date::new(2025, 12, 31)),
                recurrence: Some(None),
            }),
            budget: Some(BudgetCell {
                text: "1,5".into(),
                million_vnd: Some(Some(1.5)),
            }),
            ..Record::default()
        });
    }
    ex
}

fn script(ex: &Extraction, d: Dialect) -> String {
    let mut out = Vec::new();
    write_script(ex, &mut out, d).unwrap();
    String::from_utf8(out).unwrap()
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn quoting_doubles_quotes_and_nothing_else() {
    assert_eq!(quote_text("").unwrap(), "''");
    assert_eq!(quote_text("it's").unwrap(), "'it''s'");
    assert_eq!(quote_text("''").unwrap(), "''''''");
    assert_eq!(quote_text(r"a\'b").unwrap(), r"'a\''b'");
    assert_eq!(
        quote_text("x; DROP TABLE t; --").unwrap(),
        "'x; DROP TABLE t; --'"
    );
    assert_eq!(quote_text("a\nb\r\n").unwrap(), "'a\nb\r\n'");
    assert_eq!(quote_text("Sở 👍 e\u{301}").unwrap(), "'Sở 👍 e\u{301}'");
}

#[test]
fn nul_is_a_typed_error_naming_the_place() {
    assert!(matches!(
        quote_text("a\0b"),
        Err(SqlError::Nul { offset: 1, .. })
    ));
    let mut ex = sample("ab");
    ex.records[1].lead.as_mut().unwrap().text = "Sở\0".into();
    let mut out = Vec::new();
    let err = write_script(&ex, &mut out, Dialect::Postgres).unwrap_err();
    match &err {
        SqlError::Nul {
            table, column, row, ..
        } => {
            assert_eq!((*table, *column), ("records", "lead"));
            assert!(row.contains("stt 2"), "{row}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("NUL"));
    assert!(out.is_empty(), "nothing is written when a value is refused");
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    assert!(matches!(
        load_sqlite(&mut conn, &[&ex]),
        Err(SqlError::Nul { .. })
    ));
}

#[test]
fn bad_numbers_dates_and_keys_are_refused() {
    let mut ex = sample("ab");
    ex.records[0].budget.as_mut().unwrap().million_vnd = Some(Some(f64::NAN));
    assert!(matches!(
        write_script(&ex, Vec::new(), Dialect::Sqlite),
        Err(SqlError::NonFinite { .. })
    ));
    let mut ex = sample("ab");
    ex.document.issued_on = Some("21/08/2021".into());
    assert!(matches!(
        write_script(&ex, Vec::new(), Dialect::Sqlite),
        Err(SqlError::BadDate { .. })
    ));
    let ex = sample("");
    assert!(matches!(
        write_script(&ex, Vec::new(), Dialect::Sqlite),
        Err(SqlError::MissingSha256 { .. })
    ));
}

#[test]
fn literals_per_dialect() {
    let d = Value::Date(Date::new(2025, 12, 31).unwrap());
    assert_eq!(literal(&d, Dialect::Sqlite), "'2025-12-31'");
    assert_eq!(literal(&d, Dialect::Postgres), "DATE '2025-12-31'");
    assert_eq!(literal(&Value::Num(1500.0), Dialect::Postgres), "1500");
    assert_eq!(literal(&Value::Num(0.1), Dialect::Postgres), "0.1");
    assert_eq!(literal(&Value::Num(1e-7), Dialect::Sqlite), "0.0000001");
    assert_eq!(literal(&Value::Null, Dialect::Sqlite), "NULL");
}

#[test]
fn postgres_script_sets_conforming_strings_and_is_one_transaction() {
    let s = script(&sample("ab"), Dialect::Postgres);
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines.contains(&"SET standard_conforming_strings = on;"));
    let begin = lines.iter().position(|l| *l == "BEGIN;").unwrap();
    let set = lines
        .iter()
        .position(|l| *l == "SET standard_conforming_strings = on;")
        .unwrap();
    assert!(set < begin);
    assert_eq!(lines.last(), Some(&"COMMIT;"));
    assert_eq!(s.matches("BEGIN;").count(), 1);
    assert!(s.contains("start_date DATE"));
    assert!(s.contains("budget_million_vnd NUMERIC"));
    assert!(s.contains("DELETE FROM record_agencies WHERE document_sha256 = 'ab';"));
    let sqlite = script(&sample("ab"), Dialect::Sqlite);
    assert!(sqlite.starts_with("-- phuluc SQL export (sqlite)"));
    assert!(sqlite.contains("PRAGMA foreign_keys = ON;"));
    assert!(sqlite.contains("start_date TEXT"));
}

#[test]
fn dialect_names() {
    assert_eq!("sqlite".parse::<Dialect>().unwrap(), Dialect::Sqlite);
    assert_eq!("PostgreSQL".parse::<Dialect>().unwrap(), Dialect::Postgres);
    assert_eq!(Dialect::from_name("pg"), Some(Dialect::Postgres));
    assert!("mysql".parse::<Dialect>().is_err());
}

#[test]
fn merged_objective_cells_become_one_objective() {
    let rows = document_rows(&sample("ab")).unwrap();
    let objectives = rows
        .tables
        .iter()
        .find(|t| t.table == "objectives")
        .unwrap();
    // Records 1–2 share the merged cell; record 3 starts a new cell with the same text.
    assert_eq!(objectives.rows.len(), 2);
    let records = rows.tables.iter().find(|t| t.table == "records").unwrap();
    let obj_col = records
        .columns
        .iter()
        .position(|c| *c == "objective_id")
        .unwrap();
    let ids: Vec<&Value> = records.rows.iter().map(|r| &r[obj_col]).collect();
    assert_eq!(ids, [&Value::Int(1), &Value::Int(1), &Value::Int(2)]);
}

#[test]
fn reloading_replaces_and_documents_coexist() {
    let a = sample("aaaa");
    let b = sample("bbbb");
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let mut both = Vec::new();
    write_script_many(&[&a, &b], &mut both, Dialect::Sqlite).unwrap();
    conn.execute_batch(std::str::from_utf8(&both).unwrap())
        .unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM records"), 6);
    // Load a again with one record fewer: it replaces a, leaves b alone.
    let mut a2 = a.clone();
    a2.records.pop();
    conn.execute_batch(&script(&a2, Dialect::Sqlite)).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 2);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM records WHERE document_sha256 = 'aaaa'"
        ),
        2
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM records WHERE document_sha256 = 'bbbb'"
        ),
        3
    );
    assert_eq!(count(&conn, "SELECT count(*) FROM record_agencies"), 5);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
}

#[test]
fn a_failing_load_leaves_the_old_document_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    write_sqlite(&sample("aaaa"), &path).unwrap();
    write_sqlite(&sample("aaaa"), &path).unwrap();
    // A reload of the same document that breaks after its deletes rolls back as a whole.
    let mut bad = sample("aaaa");
    bad.records[1].stt = "x".into();
    bad.records[0].partners = bad.records[0].lead.clone();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut s = script(&bad, Dialect::Sqlite);
    s = s.replace("COMMIT;", "INSERT INTO no_such_table VALUES (1);\nCOMMIT;");
    assert!(conn.execute_batch(&s).is_err());
    drop(conn);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM records"), 3);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM records WHERE stt = 'x'"),
        0
    );
    // And a good reload through the direct writer works after it.
    write_sqlite(&bad, &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM records WHERE stt = 'x'"),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM record_agencies WHERE role = 'partner'"
        ),
        1
    );
}

#[test]
fn records_say_whether_they_need_review_and_why() {
    let mut ex = sample("aaaa");
    ex.records[1]
        .review
        .flag(phuluc_model::ReviewCode::RecoveredDamage, None, "page 2");
    ex.records[1].review.flag(
        phuluc_model::ReviewCode::UnparsedBudget,
        Some("budget"),
        "x",
    );
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(&script(&ex, Dialect::Sqlite)).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM records WHERE review_needed"),
        1
    );
    let reasons: String = conn
        .query_row(
            "SELECT review_reasons FROM records WHERE record_id = 2",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reasons, "recovered_damage, unparsed_budget");
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM records WHERE NOT review_needed AND review_reasons IS NULL"
        ),
        2
    );
    let pg = script(&ex, Dialect::Postgres);
    assert!(
        pg.contains(", TRUE, 'recovered_damage, unparsed_budget');"),
        "{pg}"
    );
    assert!(pg.contains("ADD COLUMN IF NOT EXISTS review_needed"));
}

#[test]
fn a_database_from_before_the_review_columns_is_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // The schema as an older phuluc made it: records without the review columns.
    let old_ddl = ddl(Dialect::Sqlite).replace(
        "    review_needed BOOLEAN NOT NULL DEFAULT FALSE,\n    review_reasons TEXT,\n",
        "",
    );
    assert!(!old_ddl.contains("review_needed"));
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&old_ddl).unwrap();
    drop(conn);
    write_sqlite(&sample("aaaa"), &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM records WHERE NOT review_needed"
        ),
        3
    );
}

#[test]
fn concurrent_writers_all_keep_their_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let docs: Vec<Extraction> = (0..8).map(|i| sample(&format!("doc{i}"))).collect();
    std::thread::scope(|s| {
        for ex in &docs {
            let path = path.clone();
            s.spawn(move || write_sqlite(ex, &path).unwrap());
        }
    });
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 8);
    assert_eq!(count(&conn, "SELECT count(*) FROM records"), 24);
}

#[test]
fn a_wal_database_held_open_by_another_program_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wal.db");
    let other = rusqlite::Connection::open(&path).unwrap();
    let mode: String = other
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    other
        .execute_batch("CREATE TABLE mine (x INTEGER); INSERT INTO mine VALUES (1), (2);")
        .unwrap();
    // The other program is in the middle of reading when phuluc writes.
    other
        .execute_batch("BEGIN; SELECT count(*) FROM mine;")
        .unwrap();
    write_sqlite(&sample("aaaa"), &path).unwrap();
    other.execute_batch("COMMIT;").unwrap();
    assert_eq!(count(&other, "SELECT count(*) FROM mine"), 2);
    assert_eq!(count(&other, "SELECT count(*) FROM records"), 3);
    // and it can still write (not "readonly database").
    other.execute_batch("INSERT INTO mine VALUES (3);").unwrap();
    drop(other);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM mine"), 3);
    assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 1);
}
