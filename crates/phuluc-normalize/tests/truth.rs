//! Normalizes the cell texts of the fixtures' ground truth and checks every row's `norm`:
//! agency mentions (recall and precision 1.0, compared like `shared/bin/score` does, and each
//! mention's id equal to the truth's), cluster consistency (same truth cluster ⇔ same id),
//! timeline start/end/recurrence and budget — on the Bắc Giang plan, the generated fixtures
//! and the two real plans (`fixtures/real/*`). The generated `ha-noi-cds` and
//! `phu-tho-cchc-2026` are not here: their lists are written one agency per line, which the
//! truth's text (lines joined by spaces) does not keep; `tests/regression.rs` holds them
//! through the parser, which does.

use phuluc_model::{
    AgencyCell, BudgetCell, Column, DocumentMeta, Extraction, Field, Period, Record, Section,
    SourceFile, TimelineCell,
};
use phuluc_normalize::{normalize, Registry};
use serde_json::Value;
use std::collections::BTreeMap;

/// Truth files (under `fixtures/`) normalized from their cell text here.
const TRUTHS: [&str; 7] = [
    "bac-giang-402.truth.json",
    "ha-tinh-kh.truth.json",
    "lao-cai-cds.truth.json",
    "nghe-an-pctt.truth.json",
    "quang-ninh-cchc.truth.json",
    "real/laocai-chithi11-khoangsan/truth.json",
    "real/lamdong-cchc-2026-2030/truth.json",
];

fn truth() -> Value {
    truth_at("bac-giang-402.truth.json")
}

fn truth_at(name: &str) -> Value {
    let path = format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn s(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn extraction_of(t: &Value) -> Extraction {
    let doc = &t["document"];
    let mut e = Extraction::new(SourceFile::default());
    e.document = DocumentMeta {
        title: doc["title"].as_str().map(str::to_string),
        appendix_title: None,
        province_now: None,
        plan_number: doc["plan_number"].as_str().map(str::to_string),
        issued_on: doc["issued_on"].as_str().map(str::to_string),
        issuer: doc["issuer"].as_str().map(str::to_string),
        province: doc["province"].as_str().map(str::to_string),
        period: match (doc["period_start"].as_i64(), doc["period_end"].as_i64()) {
            (Some(a), Some(b)) => Some(Period {
                start: a as i32,
                end: b as i32,
            }),
            _ => None,
        },
    };
    e.columns = t["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .enumerate()
        .map(|(index, c)| Column {
            index,
            header: s(c, "header"),
            field: serde_json::from_value::<Field>(c["field"].clone()).unwrap_or(Field::Extra),
        })
        .collect();
    e.records = t["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| Record {
            stt: s(r, "stt"),
            section: Some(Section {
                number: s(r, "section"),
                title: s(r, "section_title"),
            }),
            lead: Some(AgencyCell {
                lines: Vec::new(),
                text: s(r, "lead"),
                agencies: None,
            }),
            partners: Some(AgencyCell {
                lines: Vec::new(),
                text: s(r, "partners"),
                agencies: None,
            }),
            timeline: Some(TimelineCell {
                text: s(r, "timeline"),
                ..Default::default()
            }),
            budget: Some(BudgetCell {
                text: s(r, "budget"),
                million_vnd: None,
            }),
            ..Default::default()
        })
        .collect();
    e
}

/// The scorer's mention key: NFC, white space collapsed, casefolded, " ,;.-" stripped.
fn mention_key(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .to_lowercase()
        .trim_matches(|c| " ,;.-".contains(c))
        .to_string()
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

#[test]
fn bac_giang_402_truth() {
    check_truth(|s| s.to_string());
}

/// The parser may keep the line breaks of wrapped cell lines: with a line break after every
/// comma, or even between every two words (the narrowest columns), nothing may change.
#[test]
fn bac_giang_402_truth_with_wrapped_lines() {
    check_truth(|s| s.replace(", ", ",\n"));
    check_truth(|s| s.split(' ').collect::<Vec<_>>().join("\n"));
}

/// Every truth file of `TRUTHS` (ids, clusters, timelines, budgets exact; every row has a
/// `norm`), as of 2026-01-01 for the ids they belong to now.
#[test]
fn every_fixture_truth() {
    let reg = Registry::builtin().with_as_of(phuluc_model::Date::new(2026, 1, 1).expect("date"));
    let mut failed = Vec::new();
    for name in TRUTHS {
        let t = truth_at(name);
        let rows = t["rows"].as_array().expect("rows");
        assert!(
            rows.iter().all(|r| r.get("norm").is_some()),
            "{name}: a row without norm"
        );
        if let Err(e) = check_rows(&t, &reg, &|s: &str| s.to_string()) {
            failed.push(format!("{name}:\n{e}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

fn check_truth(wrap: impl Fn(&str) -> String) {
    let t = truth();
    if let Err(e) = check_rows(&t, &Registry::builtin(), &wrap) {
        panic!("{e}");
    }
    let out = normalize(&extraction_of(&t), &Registry::builtin());
    // No agency of this document is unknown, and every one is listed once with its spellings.
    assert!(out
        .warnings
        .iter()
        .all(|w| w.code != phuluc_model::WarningCode::UnresolvedAgency));
    let listed: Vec<&str> = out.agencies.iter().map(|a| a.id.as_str()).collect();
    let tttt = out
        .agencies
        .iter()
        .find(|a| a.id == "so-tttt")
        .expect("so-tttt listed");
    assert_eq!(
        tttt.spellings,
        [
            "Sở Thông tin và Truyền thông",
            "Sở Thông tin và TT",
            "Sở TT&TT"
        ],
        "{listed:?}"
    );
    assert_eq!(out.records.len(), 73);
}

/// Normalizes the truth's cell texts (through `wrap`) and compares with its `norm`.
fn check_rows(t: &Value, reg: &Registry, wrap: &dyn Fn(&str) -> String) -> Result<(), String> {
    let mut input = extraction_of(t);
    for r in &mut input.records {
        for c in [r.lead.as_mut(), r.partners.as_mut()].into_iter().flatten() {
            c.text = wrap(&c.text);
        }
        if let Some(tl) = r.timeline.as_mut() {
            tl.text = wrap(&tl.text);
        }
    }
    let out = normalize(&input, reg);
    // PHULUC_TRUTH_OUT=out.json writes the normalized JSON, e.g. for `shared/bin/score`.
    if let Ok(path) = std::env::var("PHULUC_TRUTH_OUT") {
        let json = serde_json::to_string_pretty(&out).expect("serialize");
        std::fs::write(&path, json).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    let rows = t["rows"].as_array().expect("rows");
    assert_eq!(out.records.len(), rows.len());

    let mut diffs: Vec<String> = Vec::new();
    let (mut t_mentions, mut o_mentions, mut matched_n) = (0usize, 0usize, 0usize);
    let mut matched: Vec<(String, String)> = Vec::new(); // (truth cluster, our id)
    let (mut tl_ok, mut rec_ok, mut bud_ok) = (0, 0, 0);

    for (row, rec) in rows.iter().zip(&out.records) {
        let n = &row["norm"];
        let label = format!("{}/{}", s(row, "section"), s(row, "stt"));
        for (f, cell) in [("lead", &rec.lead), ("partners", &rec.partners)] {
            let want: Vec<(String, String)> = n[f]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|m| (mention_key(&s(m, "raw")), s(m, "agency")))
                        .collect()
                })
                .unwrap_or_default();
            let got: Vec<(String, String)> = cell
                .as_ref()
                .and_then(|c| c.agencies.as_ref())
                .map(|a| {
                    a.iter()
                        .map(|m| (mention_key(&m.mention), m.id.clone()))
                        .collect()
                })
                .unwrap_or_default();
            t_mentions += want.len();
            o_mentions += got.len();
            let mut pool = got.clone();
            let mut ok = want.len() == got.len();
            for (text, cluster) in &want {
                match pool.iter().position(|(g, _)| g == text) {
                    Some(i) => {
                        matched.push((cluster.clone(), pool.remove(i).1));
                        matched_n += 1;
                    }
                    None => ok = false,
                }
            }
            if !ok || want != got {
                diffs.push(format!("{label} {f}: want {want:?}\n      got  {got:?}"));
            }
            // The id each belongs to on the registry's date, where the truth gives it.
            let agencies = cell
                .as_ref()
                .and_then(|c| c.agencies.clone())
                .unwrap_or_default();
            for (m, a) in n[f].as_array().into_iter().flatten().zip(&agencies) {
                if let Some(c) = m.get("current_2026") {
                    if c.as_str() != a.current_id.as_deref() {
                        diffs.push(format!(
                            "{label} {f} {:?}: current id want {c} got {:?}",
                            a.mention, a.current_id
                        ));
                    }
                }
            }
        }
        let tl = rec.timeline.as_ref().expect("timeline");
        let w = &n["timeline"];
        let start = tl.start.flatten().map(|d| d.to_string());
        let end = tl.end.flatten().map(|d| d.to_string());
        let recurrence = tl
            .recurrence
            .flatten()
            .map(|r| serde_json::to_value(r).expect("recurrence"))
            .and_then(|v| opt_str(&v));
        let interval_ok = tl.start.is_some()
            && tl.end.is_some()
            && start == opt_str(&w["start"])
            && end == opt_str(&w["end"]);
        let recurrence_ok = tl.recurrence.is_some() && recurrence == opt_str(&w["recurrence"]);
        tl_ok += interval_ok as usize;
        rec_ok += recurrence_ok as usize;
        if !(interval_ok && recurrence_ok) {
            diffs.push(format!(
                "{label} timeline {:?}: want {w}, got start {start:?} end {end:?} recurrence {recurrence:?}",
                tl.text
            ));
        }
        let b = rec.budget.as_ref().expect("budget");
        let want_b = n["budget_million_vnd"].as_f64();
        let budget_ok = match (b.million_vnd, want_b) {
            (Some(None), None) => true,
            (Some(Some(g)), Some(w)) => (g - w).abs() < 1e-6,
            _ => false,
        };
        bud_ok += budget_ok as usize;
        if !budget_ok {
            diffs.push(format!(
                "{label} budget {:?}: want {want_b:?}, got {:?}",
                b.text, b.million_vnd
            ));
        }
    }

    // Pairwise cluster consistency, as the scorer's cluster F1.
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut bad_pairs: BTreeMap<String, String> = BTreeMap::new();
    for i in 0..matched.len() {
        for j in i + 1..matched.len() {
            let same_t = matched[i].0 == matched[j].0;
            let same_o = matched[i].1 == matched[j].1;
            match (same_t, same_o) {
                (true, true) => tp += 1,
                (false, true) => {
                    fp += 1;
                    bad_pairs.insert(
                        format!("{} + {} -> {}", matched[i].0, matched[j].0, matched[i].1),
                        "merged".into(),
                    );
                }
                (true, false) => {
                    fneg += 1;
                    bad_pairs.insert(
                        format!("{} -> {} / {}", matched[i].0, matched[i].1, matched[j].1),
                        "split".into(),
                    );
                }
                _ => {}
            }
        }
    }
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        1.0
    };
    let r = if tp + fneg > 0 {
        tp as f64 / (tp + fneg) as f64
    } else {
        1.0
    };
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let recall = matched_n as f64 / t_mentions as f64;
    let precision = matched_n as f64 / o_mentions as f64;
    let n = rows.len() as f64;
    println!(
        "agency_mention_recall {recall:.4} precision {precision:.4} ({matched_n} of {t_mentions} truth, {o_mentions} output)\n\
         agency_cluster_f1 {f1:.4}\n\
         timeline_interval_accuracy {:.4} recurrence {:.4}\nbudget_accuracy {:.4}",
        tl_ok as f64 / n,
        rec_ok as f64 / n,
        bud_ok as f64 / n
    );
    for (k, v) in &bad_pairs {
        println!("cluster {v}: {k}");
    }
    if !(diffs.is_empty() && bad_pairs.is_empty() && recall == 1.0 && precision == 1.0 && f1 == 1.0)
    {
        return Err(format!(
            "{} differing rows/fields, {} inconsistent cluster pairs, recall {recall}, precision {precision}, cluster F1 {f1}\n{}",
            diffs.len(),
            bad_pairs.len(),
            diffs.join("\n")
        ));
    }
    Ok(())
}

#[test]
fn normalizing_the_truth_twice_changes_nothing() {
    let t = truth();
    let reg = Registry::builtin();
    let once = normalize(&extraction_of(&t), &reg);
    let twice = normalize(&once, &reg);
    assert_eq!(once, twice);
}
