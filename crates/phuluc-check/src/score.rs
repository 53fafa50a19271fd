//! The scorer: an extraction against its truth, with the metrics and definitions of the
//! project's reference scorer (`bin/score`, kept as `tests/reference/score.py`), so numbers
//! agree with it to the last digit. [`exact_mismatches`] adds what "exact" means for the
//! project's own fixtures (section titles, merged-cell starts, normalized values).

use crate::seqmatch;
use crate::text::{mention_key, norm, stt_key};
use crate::truth::{py_text, Truth, TruthRow};
use phuluc_model::{Extraction, Field, Record};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A record's key as the scorer matches it: (table when the truth has several, section, STT).
pub type Key = (Option<String>, String, String);

/// The scorer's numbers for one document (field names as `score --json` prints them).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Score {
    pub rows_truth: usize,
    pub records_out: usize,
    pub rows_missing: usize,
    pub records_extra: usize,
    pub records_duplicate_key: usize,
    pub rows_exact: usize,
    /// Share of truth cells (rows × fields but STT) whose text is exactly the truth's.
    pub cell_accuracy: f64,
    /// Mean `difflib` similarity ratio of the cells (1.0 for an exact cell, 0 for a missing row).
    pub cell_similarity: f64,
    /// Per field: share of exact cells, in the truth's column order.
    pub fields: FieldScores,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency_mention_recall: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency_mention_precision: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency_cluster_f1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline_interval_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeline_recurrence_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_accuracy: Option<f64>,
}

/// Per-field accuracies in column order (serialized as a JSON object in that order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldScores(pub Vec<(String, f64)>);

impl Serialize for FieldScores {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A truth cell the output does not reproduce.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// "I/6" (or "1/I/6" with a table index).
    pub row: String,
    pub field: String,
    pub want: String,
    /// `None` when the output has no record for the row.
    pub got: Option<String>,
}

/// One of the metrics that [`Score::compare`] looks at, with its direction.
pub struct Metric {
    pub name: &'static str,
    pub higher_is_better: bool,
    pub get: fn(&Score) -> Option<f64>,
}

/// The metrics a regression is judged on.
pub const METRICS: &[Metric] = &[
    Metric {
        name: "cell_accuracy",
        higher_is_better: true,
        get: |s| Some(s.cell_accuracy),
    },
    Metric {
        name: "cell_similarity",
        higher_is_better: true,
        get: |s| Some(s.cell_similarity),
    },
    Metric {
        name: "rows_exact",
        higher_is_better: true,
        get: |s| Some(s.rows_exact as f64),
    },
    Metric {
        name: "rows_missing",
        higher_is_better: false,
        get: |s| Some(s.rows_missing as f64),
    },
    Metric {
        name: "records_extra",
        higher_is_better: false,
        get: |s| Some(s.records_extra as f64),
    },
    Metric {
        name: "records_duplicate_key",
        higher_is_better: false,
        get: |s| Some(s.records_duplicate_key as f64),
    },
    Metric {
        name: "agency_mention_recall",
        higher_is_better: true,
        get: |s| s.agency_mention_recall,
    },
    Metric {
        name: "agency_mention_precision",
        higher_is_better: true,
        get: |s| s.agency_mention_precision,
    },
    Metric {
        name: "agency_cluster_f1",
        higher_is_better: true,
        get: |s| s.agency_cluster_f1,
    },
    Metric {
        name: "timeline_interval_accuracy",
        higher_is_better: true,
        get: |s| s.timeline_interval_accuracy,
    },
    Metric {
        name: "timeline_recurrence_accuracy",
        higher_is_better: true,
        get: |s| s.timeline_recurrence_accuracy,
    },
    Metric {
        name: "budget_accuracy",
        higher_is_better: true,
        get: |s| s.budget_accuracy,
    },
];

/// How one metric moved between two scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricChange {
    pub metric: &'static str,
    pub old: Option<f64>,
    pub new: Option<f64>,
    /// Whether the new value is worse.
    pub worse: bool,
}

impl Score {
    /// Every metric whose value differs from `old`'s (a metric that disappears is worse).
    pub fn compare(&self, old: &Score) -> Vec<MetricChange> {
        let mut out = Vec::new();
        for m in METRICS {
            let (a, b) = ((m.get)(old), (m.get)(self));
            let worse = match (a, b) {
                (Some(a), Some(b)) if m.higher_is_better => b < a - 1e-9,
                (Some(a), Some(b)) => b > a + 1e-9,
                (Some(_), None) => true,
                _ => false,
            };
            let differs = match (a, b) {
                (Some(a), Some(b)) => (a - b).abs() > 1e-9,
                (a, b) => a.is_some() != b.is_some(),
            };
            if differs {
                out.push(MetricChange {
                    metric: m.name,
                    old: a,
                    new: b,
                    worse,
                });
            }
        }
        out
    }

    /// Whether every cell, row and normalized value the scorer measures is right.
    pub fn is_perfect(&self) -> bool {
        self.rows_missing == 0
            && self.records_extra == 0
            && self.records_duplicate_key == 0
            && self.rows_exact == self.rows_truth
            && [
                Some(self.cell_accuracy),
                self.agency_mention_recall,
                self.agency_mention_precision,
                self.agency_cluster_f1,
                self.timeline_interval_accuracy,
                self.timeline_recurrence_accuracy,
                self.budget_accuracy,
            ]
            .into_iter()
            .flatten()
            .all(|v| (v - 1.0).abs() < 1e-12)
    }
}

/// A record's key.
pub fn record_key(r: &Record, multi: bool) -> Key {
    let section = r.section.as_ref().map_or("", |s| s.number.as_str());
    (
        multi.then(|| r.table.to_string()),
        norm(section),
        stt_key(&r.stt),
    )
}

/// A truth row's key.
pub fn row_key(row: &TruthRow, multi: bool) -> Key {
    (
        multi.then(|| {
            row.table
                .as_ref()
                .map_or_else(|| "0".into(), Value::to_string)
        }),
        norm(&py_text(&row.section)),
        stt_key(&py_text(&row.stt)),
    )
}

/// "I/6", "1/I/6".
pub fn key_label(k: &Key) -> String {
    match &k.0 {
        Some(t) => format!("{t}/{}/{}", k.1, k.2),
        None => format!("{}/{}", k.1, k.2),
    }
}

/// A field's text in a record as the scorer reads it (`extra:<header>` from `extra`); `None`
/// when the record has no such cell.
pub fn field_text<'a>(r: &'a Record, field: &str) -> Option<&'a str> {
    if let Some(header) = field.strip_prefix("extra:") {
        let want = norm(header);
        return r
            .extra
            .iter()
            .find(|(h, _)| norm(h) == want)
            .map(|(_, c)| c.text.as_str());
    }
    let f = Field::ALL.iter().find(|f| f.as_str() == field)?;
    r.text(*f)
}

/// Records by key (the first of a repeated key), and how many repeated a key.
fn index(ex: &Extraction, multi: bool) -> (HashMap<Key, &Record>, Vec<Key>, usize) {
    let mut by_key = HashMap::new();
    let mut order = Vec::new();
    let mut dup = 0;
    for r in &ex.records {
        let k = record_key(r, multi);
        match by_key.entry(k) {
            std::collections::hash_map::Entry::Occupied(_) => dup += 1,
            std::collections::hash_map::Entry::Vacant(v) => {
                order.push(v.key().clone());
                v.insert(r);
            }
        }
    }
    (by_key, order, dup)
}

/// Scores an extraction against its truth; also returns every truth cell not reproduced.
pub fn score(ex: &Extraction, truth: &Truth) -> (Score, Vec<Miss>) {
    let fields = truth.fields();
    let multi = truth.multi_table();
    let (by_key, order, dup) = index(ex, multi);
    // field → (exact, total, similarity sum), in first-seen column order
    let mut per_field: Vec<(String, usize, usize, f64)> = Vec::new();
    let mut exact_rows = 0;
    let mut missing = 0;
    let mut misses = Vec::new();
    for row in &truth.rows {
        let k = row_key(row, multi);
        let rec = by_key.get(&k).copied();
        if rec.is_none() {
            missing += 1;
        }
        let mut row_ok = rec.is_some();
        for f in &fields {
            let want = norm(&row.text(f));
            let got = rec.map(|r| norm(field_text(r, f).unwrap_or("")));
            let i = match per_field.iter().position(|p| p.0 == *f) {
                Some(i) => i,
                None => {
                    per_field.push((f.to_string(), 0, 0, 0.0));
                    per_field.len() - 1
                }
            };
            let entry = &mut per_field[i];
            entry.2 += 1;
            if got.as_deref() == Some(want.as_str()) {
                entry.1 += 1;
                entry.3 += 1.0;
            } else {
                row_ok = false;
                if let Some(g) = &got {
                    entry.3 += seqmatch::ratio(g, &want);
                }
                misses.push(Miss {
                    row: key_label(&k),
                    field: f.to_string(),
                    want,
                    got,
                });
            }
        }
        if row_ok {
            exact_rows += 1;
        }
    }
    let truth_keys: HashSet<Key> = truth.rows.iter().map(|r| row_key(r, multi)).collect();
    let extra = order.iter().filter(|k| !truth_keys.contains(*k)).count();
    let cells_exact: usize = per_field.iter().map(|p| p.1).sum();
    let cells_total: usize = per_field.iter().map(|p| p.2).sum();
    let sim: f64 = per_field.iter().map(|p| p.3).sum();
    let ratio = |a: f64| {
        if cells_total > 0 {
            a / cells_total as f64
        } else {
            0.0
        }
    };
    let mut s = Score {
        rows_truth: truth.rows.len(),
        records_out: ex.records.len(),
        rows_missing: missing,
        records_extra: extra,
        records_duplicate_key: dup,
        rows_exact: exact_rows,
        cell_accuracy: ratio(cells_exact as f64),
        cell_similarity: ratio(sim),
        fields: FieldScores(
            per_field
                .iter()
                .map(|p| {
                    let v = if p.2 > 0 {
                        p.1 as f64 / p.2 as f64
                    } else {
                        0.0
                    };
                    (p.0.clone(), v)
                })
                .collect(),
        ),
        ..Score::default()
    };
    score_norm(&mut s, truth, &by_key, multi);
    (s, misses)
}

/// A record's timeline value as JSON: a date string, or null when unknown or not computed.
fn timeline_value(r: Option<&Record>, what: &str) -> Value {
    let Some(t) = r.and_then(|r| r.timeline.as_ref()) else {
        return Value::Null;
    };
    let v = match what {
        "start" => t.start.flatten().map(|d| d.to_string()),
        "end" => t.end.flatten().map(|d| d.to_string()),
        _ => t.recurrence.flatten().map(|r| r.as_str().to_string()),
    };
    v.map_or(Value::Null, Value::String)
}

/// Python truthiness of a JSON value (for `x or None`).
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn score_norm(s: &mut Score, truth: &Truth, by_key: &HashMap<Key, &Record>, multi: bool) {
    if !truth.rows.iter().any(|r| r.norm.is_some()) {
        return;
    }
    let (mut t_mentions, mut o_mentions) = (0usize, 0usize);
    let mut matched: Vec<(String, String)> = Vec::new();
    let (mut tl_total, mut tl_ok, mut rec_ok) = (0usize, 0usize, 0usize);
    let (mut bud_total, mut bud_ok) = (0usize, 0usize);
    for row in &truth.rows {
        let Some(n) = row.norm.as_ref().filter(|n| truthy(n)) else {
            continue;
        };
        let rec = by_key.get(&row_key(row, multi)).copied();
        let found = rec.is_some();
        for f in ["lead", "partners"] {
            let Some(list) = n.get(f) else { continue };
            let want: Vec<(String, String)> = list
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| {
                    (
                        mention_key(&py_text(&m["raw"])),
                        m.get("agency").map(py_text).unwrap_or_default(),
                    )
                })
                .collect();
            let cell = rec.and_then(|r| if f == "lead" { &r.lead } else { &r.partners }.as_ref());
            let got: Vec<(String, String)> = cell
                .and_then(|c| c.agencies.as_ref())
                .into_iter()
                .flatten()
                .map(|a| (mention_key(&a.mention), a.id.clone()))
                .collect();
            t_mentions += want.len();
            o_mentions += got.len();
            let mut pool = got;
            for (text, cluster) in want {
                if let Some(i) = pool.iter().position(|(gt, _)| *gt == text) {
                    let (_, gid) = pool.remove(i);
                    matched.push((cluster, gid));
                }
            }
        }
        if let Some(w) = n.get("timeline") {
            tl_total += 1;
            let field = |k: &str| w.get(k).cloned().unwrap_or(Value::Null);
            if found
                && timeline_value(rec, "start") == field("start")
                && timeline_value(rec, "end") == field("end")
            {
                tl_ok += 1;
            }
            let want = Some(field("recurrence")).filter(truthy);
            let got = Some(timeline_value(rec, "recurrence")).filter(truthy);
            if found && want == got {
                rec_ok += 1;
            }
        }
        if let Some(want) = n.get("budget_million_vnd") {
            bud_total += 1;
            let got = rec
                .and_then(|r| r.budget.as_ref())
                .and_then(|b| b.million_vnd.flatten());
            let ok = match (got, want) {
                (None, Value::Null) => true,
                (Some(g), w) => w.as_f64().is_some_and(|w| (g - w).abs() < 1e-6),
                _ => false,
            };
            if found && ok {
                bud_ok += 1;
            }
        }
    }
    let (mut tp, mut fp, mut fnn) = (0usize, 0usize, 0usize);
    for (i, (c1, i1)) in matched.iter().enumerate() {
        for (c2, i2) in &matched[i + 1..] {
            let (same_t, same_o) = (c1 == c2, i1 == i2);
            tp += usize::from(same_t && same_o);
            fp += usize::from(!same_t && same_o);
            fnn += usize::from(same_t && !same_o);
        }
    }
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        1.0
    };
    let r = if tp + fnn > 0 {
        tp as f64 / (tp + fnn) as f64
    } else {
        1.0
    };
    s.agency_mention_recall = Some(if t_mentions > 0 {
        matched.len() as f64 / t_mentions as f64
    } else {
        1.0
    });
    s.agency_mention_precision = Some(if o_mentions > 0 {
        matched.len() as f64 / o_mentions as f64
    } else {
        0.0
    });
    s.agency_cluster_f1 = Some(if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    });
    if tl_total > 0 {
        s.timeline_interval_accuracy = Some(tl_ok as f64 / tl_total as f64);
        s.timeline_recurrence_accuracy = Some(rec_ok as f64 / tl_total as f64);
    }
    if bud_total > 0 {
        s.budget_accuracy = Some(bud_ok as f64 / bud_total as f64);
    }
}

/// Everything that keeps an extraction from being *exactly* its truth, one line each: rows
/// missing or extra, repeated keys, every cell (as the scorer compares them), section titles,
/// merged-cell starts (`objective_start`, `task_start`) and, where the truth states them, the
/// normalized values (mentions in reading order, timeline start/end/recurrence, budget).
pub fn exact_mismatches(ex: &Extraction, truth: &Truth) -> Vec<String> {
    let (score, misses) = score(ex, truth);
    let multi = truth.multi_table();
    let (by_key, order, dup) = index(ex, multi);
    let mut out = Vec::new();
    if dup > 0 {
        out.push(format!("{dup} record(s) repeat another record's key"));
    }
    let truth_keys: HashSet<Key> = truth.rows.iter().map(|r| row_key(r, multi)).collect();
    for k in order.iter().filter(|k| !truth_keys.contains(*k)) {
        out.push(format!(
            "{}: a record the truth does not have",
            key_label(k)
        ));
    }
    let mut missing_reported = HashSet::new();
    for m in &misses {
        match &m.got {
            None => {
                if missing_reported.insert(m.row.clone()) {
                    out.push(format!("{}: no record for this truth row", m.row));
                }
            }
            Some(got) => out.push(format!(
                "{} {}\n    want: {}\n    got:  {got}",
                m.row, m.field, m.want
            )),
        }
    }
    for row in &truth.rows {
        let k = row_key(row, multi);
        let Some(rec) = by_key.get(&k).copied() else {
            continue;
        };
        let label = key_label(&k);
        if let Some(title) = &row.section_title {
            let got = rec
                .section
                .as_ref()
                .map(|s| norm(&s.title))
                .unwrap_or_default();
            if got != norm(title) {
                out.push(format!(
                    "{label} section title\n    want: {}\n    got:  {got}",
                    norm(title)
                ));
            }
        }
        for (flag, want, cell) in [
            ("objective_start", row.objective_start, &rec.objective),
            ("task_start", row.task_start, &rec.task),
        ] {
            let Some(want) = want else { continue };
            let got = cell.as_ref().map(|c| c.starts_here);
            if got != Some(want) {
                out.push(format!("{label} {flag}: want {want}, got {got:?}"));
            }
        }
        let Some(n) = row.norm.as_ref().filter(|n| n.is_object()) else {
            continue;
        };
        for f in ["start", "end", "recurrence"] {
            let want = n["timeline"].get(f).cloned().unwrap_or(Value::Null);
            let got = timeline_value(Some(rec), f);
            if want != got {
                out.push(format!("{label} timeline.{f}: want {want}, got {got}"));
            }
        }
        let want = n["budget_million_vnd"].as_f64();
        let got = rec.budget.as_ref().and_then(|b| b.million_vnd.flatten());
        if want != got {
            out.push(format!("{label} budget: want {want:?}, got {got:?}"));
        }
        for (role, cell) in [("lead", &rec.lead), ("partners", &rec.partners)] {
            let want: Vec<String> = n[role]
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| norm(&py_text(&m["raw"])))
                .collect();
            let got: Vec<String> = cell
                .as_ref()
                .and_then(|c| c.agencies.as_ref())
                .into_iter()
                .flatten()
                .map(|m| norm(&m.mention))
                .collect();
            if want != got {
                out.push(format!(
                    "{label} {role} mentions: want {want:?}, got {got:?}"
                ));
            }
        }
    }
    if out.is_empty() && !score.is_perfect() {
        // Agency clusters: the same mentions, grouped differently.
        out.push(format!(
            "agency clusters differ from the truth (cluster F1 {:.4})",
            score.agency_cluster_f1.unwrap_or(0.0)
        ));
    }
    out
}

/// Per-field misses grouped for a one-line summary ("lead ×2, timeline").
pub fn miss_summary(misses: &[Miss]) -> String {
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for m in misses {
        *by.entry(m.field.as_str()).or_default() += 1;
    }
    by.iter()
        .map(|(f, n)| {
            if *n > 1 {
                format!("{f} ×{n}")
            } else {
                f.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
