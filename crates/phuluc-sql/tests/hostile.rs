//! Hostile text through the SQL exporter into real databases, read back exactly.

use phuluc_model::{
    AgencyCell, AgencyEntry, AgencyKind, AgencyMention, BudgetCell, CodedCell, DocumentMeta,
    Extraction, Record, Section, SourceFile, TextCell, TimelineCell,
};
use phuluc_sql::{testing, write_script, Dialect, SqlError};
use proptest::prelude::*;

/// Pieces that break naive quoting in SQL, in psql, or in SQLite's tokenizer.
const NASTY: &[&str] = &[
    "'",
    "''",
    "\"",
    "\\",
    "\\'",
    "\\\\",
    ";",
    "--",
    "/*",
    "*/",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "$$",
    "$1$",
    ":v",
    ":'v'",
    "%s",
    "\\.",
    "\\q",
    "\\!",
    "E'",
    "\u{1F600}",
    "👍🏽",
    "e\u{301}",
    "Sở Nội vụ",
    "Sở Nội vụ",
    "\u{200B}",
    "\u{FEFF}",
    "\u{2028}",
    "\u{7F}",
    "\u{1B}[0m",
    "\u{FFFD}",
    "?",
    "?1",
    "COMMIT;",
    "ROLLBACK;",
    " ",
    "",
];

fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(NASTY).prop_map(str::to_string),
        1 => any::<char>().prop_filter("no NUL", |c| *c != '\0').prop_map(|c| c.to_string()),
        1 => "[ -~]{0,6}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

fn coded(text: String, code: Option<String>) -> Option<CodedCell> {
    Some(CodedCell {
        code,
        text,
        starts_here: true,
    })
}

/// An extraction whose every text field is hostile.
fn extraction(s: Vec<String>, sha: String) -> Extraction {
    let t = |i: usize| s[i % s.len()].clone();
    let mut ex = Extraction::new(SourceFile {
        file: t(0),
        sha256: sha,
        pages: 1,
    });
    ex.schema = t(1);
    ex.document = DocumentMeta {
        title: Some(t(2)),
        plan_number: Some(t(3)),
        issuer: Some(t(4)),
        province: Some(t(5)),
        ..DocumentMeta::default()
    };
    let mention = |id: String, m: String| AgencyMention {
        current_id: None,
        succession_source: None,
        mention: m,
        name: format!("name {id}"),
        id,
        kind: AgencyKind::Unknown,
    };
    ex.agencies.push(AgencyEntry {
        valid_from: None,
        valid_to: None,
        successors: Vec::new(),
        current_id: None,
        source: None,
        id: t(6),
        name: t(7),
        kind: AgencyKind::Office,
        spellings: vec![t(8), t(9)],
    });
    let mut rec = Record {
        stt: t(10),
        section: Some(Section {
            number: t(11),
            title: t(12),
        }),
        objective: coded(t(13), Some(t(14))),
        task: coded(t(15), None),
        activity: coded(t(16), Some(t(17))),
        output: Some(TextCell { text: t(18) }),
        lead: Some(AgencyCell {
            lines: Vec::new(),
            text: t(19),
            agencies: Some(vec![mention(t(6), t(20))]),
        }),
        partners: Some(AgencyCell {
            lines: Vec::new(),
            text: t(21),
            agencies: Some(vec![mention(t(22), t(23)), mention(t(6), t(24))]),
        }),
        timeline: Some(TimelineCell {
            text: t(25),
            ..TimelineCell::default()
        }),
        budget: Some(BudgetCell {
            text: t(26),
            million_vnd: None,
        }),
        note: Some(TextCell { text: t(27) }),
        ..Record::default()
    };
    rec.extra.insert(t(28), TextCell { text: t(29) });
    ex.records.push(rec.clone());
    rec.stt = t(30);
    ex.records.push(rec);
    ex
}

fn strings() -> impl Strategy<Value = (Vec<String>, String)> {
    (
        proptest::collection::vec(hostile(), 31),
        hostile().prop_map(|s| format!("h{s}")),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_round_trips_through_sqlite((s, sha) in strings()) {
        let ex = extraction(s, sha);
        if let Err(e) = testing::roundtrip_sqlite(&ex) {
            return Err(TestCaseError::fail(e));
        }
    }

    #[test]
    fn nul_anywhere_is_refused_and_nothing_is_written((s, sha) in strings(), field in 0usize..31, at in 0usize..4) {
        let mut s = s;
        let victim = &mut s[field];
        let at = victim.char_indices().nth(at).map_or(victim.len(), |(i, _)| i);
        victim.insert(at, '\0');
        let ex = extraction(s, sha);
        // Fields past the ones the extraction uses may not be in it at all.
        let has_nul = serde_json_free_contains_nul(&ex);
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let mut out = Vec::new();
            match write_script(&ex, &mut out, dialect) {
                Err(SqlError::Nul { .. }) => prop_assert!(has_nul && out.is_empty()),
                Ok(()) => prop_assert!(!has_nul),
                Err(e) => return Err(TestCaseError::fail(e.to_string())),
            }
        }
    }
}

fn serde_json_free_contains_nul(ex: &Extraction) -> bool {
    format!("{ex:?}").contains("\\0")
}

/// The same hostile documents through psql into PostgreSQL (fewer cases: each runs psql).
#[test]
fn hostile_text_round_trips_through_postgres() {
    use proptest::test_runner::{Config, TestRunner};
    let Some(url) = testing::pg_url() else { return };
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    runner
        .run(&strings(), |(s, sha)| {
            let ex = extraction(s, sha);
            testing::roundtrip_postgres(&ex, &url).map_err(TestCaseError::fail)
        })
        .unwrap();
}

/// Every piece of NASTY at once, in every field, so each dialect sees all of them every run.
#[test]
fn all_nasty_pieces_round_trip() {
    let all = NASTY.concat();
    let ex = extraction(
        (0..31).map(|i| format!("{i}{all}")).collect(),
        format!("h{all}"),
    );
    testing::roundtrip_sqlite(&ex).unwrap();
    if let Some(url) = testing::pg_url() {
        testing::roundtrip_postgres(&ex, &url).unwrap();
    }
}
