//! Record-level diff of two extractions (`phuluc diff`).
//!
//! Records are matched by (table, section number, STT) — the n-th record of a repeated key
//! with the n-th of the other side — so a record moved or renumbered elsewhere does not shift
//! the others. For each matched pair: cell texts (with a word diff), codes, merged-cell starts,
//! section titles, agency mentions and ids, timeline intervals and recurrences, budget amounts,
//! review reasons raised or cleared, and the cells' provenance (pages and boxes). Besides the
//! records: the document's metadata, columns and tables, its source bytes (SHA-256, pages), and
//! the warnings added or gone.
//!
//! Not compared: `source.file` (the path as given, not the content) and the top-level
//! `agencies` list, which is derived from the records' mentions (a change there shows as the
//! mentions' change).

use crate::text::{norm, stt_key};
use crate::words::{word_diff, WordOp};
use phuluc_model::{AgencyKind, AgencyMention, Extraction, Field, Record, Warning};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A record's place in a diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordKey {
    pub table: usize,
    /// The section number ("" before the first section).
    pub section: String,
    pub stt: String,
    /// 0 for the first record with this key, 1 for a repeat …
    #[serde(skip_serializing_if = "is_zero")]
    pub occurrence: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl RecordKey {
    /// "I/6", "table 1 I/6", "6" (no section), "I/6 (2nd)".
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.table > 0 {
            s.push_str(&format!("table {} ", self.table));
        }
        if !self.section.is_empty() {
            s.push_str(&self.section);
            s.push('/');
        }
        s.push_str(&self.stt);
        if self.occurrence > 0 {
            s.push_str(&format!(" (repeat {})", self.occurrence + 1));
        }
        s
    }
}

/// A record only one side has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordOnly {
    #[serde(flatten)]
    pub key: RecordKey,
    /// Its position in that side's `records`.
    pub index: usize,
    pub record: Record,
}

/// An agency as a mention resolved to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyRef {
    pub id: String,
    pub name: String,
    pub kind: AgencyKind,
}

impl From<&AgencyMention> for AgencyRef {
    fn from(m: &AgencyMention) -> Self {
        AgencyRef {
            id: m.id.clone(),
            name: m.name.clone(),
            kind: m.kind,
        }
    }
}

/// One difference within a matched record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A cell's text (`None`: the record has no such cell).
    Cell {
        field: String,
        old: Option<String>,
        new: Option<String>,
        words: Vec<WordOp>,
    },
    /// A coded cell's parsed code.
    Code {
        field: String,
        old: Option<String>,
        new: Option<String>,
    },
    /// Whether the record starts a merged cell.
    MergedStart {
        field: String,
        old: bool,
        new: bool,
    },
    SectionTitle {
        old: String,
        new: String,
    },
    /// One mention (same text on both sides) resolved to another agency, or renamed.
    Agency {
        field: String,
        mention: String,
        old: AgencyRef,
        new: AgencyRef,
    },
    /// The cell was split into other mentions (or normalized on one side only).
    Mentions {
        field: String,
        old: Option<Vec<MentionView>>,
        new: Option<Vec<MentionView>>,
    },
    /// Timeline start/end (`null`: unknown; omitted: not computed).
    Interval {
        old: [Option<Value>; 2],
        new: [Option<Value>; 2],
    },
    Recurrence {
        old: Option<Value>,
        new: Option<Value>,
    },
    /// Budget in million VND.
    Amount {
        old: Option<Value>,
        new: Option<Value>,
    },
    ReviewRaised {
        code: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        field: Option<String>,
        message: String,
    },
    ReviewCleared {
        code: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        field: Option<String>,
        message: String,
    },
    /// `review.needed` changed without a reason changing.
    ReviewNeeded {
        old: bool,
        new: bool,
    },
    /// Where the record was printed: its pages, and the fields whose boxes moved.
    Provenance {
        old_pages: Vec<u32>,
        new_pages: Vec<u32>,
        fields: Vec<String>,
    },
}

/// A mention and its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionView {
    pub mention: String,
    pub id: String,
}

/// A matched record with differences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordChanges {
    #[serde(flatten)]
    pub key: RecordKey,
    pub changes: Vec<Change>,
}

/// A difference of the document outside the records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentChange {
    /// "document.title", "source.sha256", "columns", "tables" …
    pub what: String,
    pub old: Value,
    pub new: Value,
}

/// Counts of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    pub document: usize,
    pub records_added: usize,
    pub records_removed: usize,
    pub records_changed: usize,
    pub cells: usize,
    pub codes: usize,
    pub merged_starts: usize,
    pub section_titles: usize,
    pub agency_ids: usize,
    pub agency_names: usize,
    pub mention_splits: usize,
    pub intervals: usize,
    pub recurrences: usize,
    pub amounts: usize,
    pub review_raised: usize,
    pub review_cleared: usize,
    pub provenance: usize,
    pub warnings_added: usize,
    pub warnings_gone: usize,
}

/// The differences between two extractions (old → new).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub equal: bool,
    pub summary: Summary,
    pub document: Vec<DocumentChange>,
    pub added: Vec<RecordOnly>,
    pub removed: Vec<RecordOnly>,
    pub changed: Vec<RecordChanges>,
    pub warnings_added: Vec<Warning>,
    pub warnings_gone: Vec<Warning>,
}

impl Diff {
    pub fn is_equal(&self) -> bool {
        self.equal
    }

    /// The diff as indented JSON (the `--json` output), with a final newline.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self).map(|s| s + "\n")
    }
}

/// An extraction as a consumer of its JSON reads it (written and read back), so that an
/// extraction made now compares with one read from a file on equal terms.
pub fn json_form(ex: &Extraction) -> Result<Extraction, phuluc_json::JsonError> {
    phuluc_json::from_str(&phuluc_json::to_string(ex, phuluc_json::Layout::Compact)?)
}

fn keyed(ex: &Extraction) -> Vec<RecordKey> {
    let mut seen: BTreeMap<(usize, String, String), usize> = BTreeMap::new();
    ex.records
        .iter()
        .map(|r| {
            let section = norm(r.section.as_ref().map_or("", |s| s.number.as_str()));
            let stt = stt_key(&r.stt);
            let n = seen
                .entry((r.table, section.clone(), stt.clone()))
                .or_insert(0);
            let key = RecordKey {
                table: r.table,
                section,
                stt,
                occurrence: *n,
            };
            *n += 1;
            key
        })
        .collect()
}

/// Compares two extractions.
pub fn diff(old: &Extraction, new: &Extraction) -> Diff {
    let mut d = Diff {
        equal: true,
        summary: Summary::default(),
        document: document_changes(old, new),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        warnings_added: Vec::new(),
        warnings_gone: Vec::new(),
    };
    let (old_keys, new_keys) = (keyed(old), keyed(new));
    let old_at: BTreeMap<_, usize> = old_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (label_of(k), i))
        .collect();
    let new_at: BTreeMap<_, usize> = new_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (label_of(k), i))
        .collect();
    for (i, k) in old_keys.iter().enumerate() {
        if !new_at.contains_key(&label_of(k)) {
            d.removed.push(RecordOnly {
                key: k.clone(),
                index: i,
                record: old.records[i].clone(),
            });
        }
    }
    for (j, k) in new_keys.iter().enumerate() {
        match old_at.get(&label_of(k)) {
            None => d.added.push(RecordOnly {
                key: k.clone(),
                index: j,
                record: new.records[j].clone(),
            }),
            Some(&i) => {
                let changes = record_changes(&old.records[i], &new.records[j]);
                if !changes.is_empty() {
                    d.changed.push(RecordChanges {
                        key: k.clone(),
                        changes,
                    });
                }
            }
        }
    }
    let (added, gone) = warning_changes(old, &old_keys, new, &new_keys);
    d.warnings_added = added;
    d.warnings_gone = gone;
    d.summary = summarize(&d);
    d.equal = d.document.is_empty()
        && d.added.is_empty()
        && d.removed.is_empty()
        && d.changed.is_empty()
        && d.warnings_added.is_empty()
        && d.warnings_gone.is_empty();
    d
}

fn label_of(k: &RecordKey) -> (usize, String, String, usize) {
    (k.table, k.section.clone(), k.stt.clone(), k.occurrence)
}

fn summarize(d: &Diff) -> Summary {
    let mut s = Summary {
        document: d.document.len(),
        records_added: d.added.len(),
        records_removed: d.removed.len(),
        records_changed: d.changed.len(),
        warnings_added: d.warnings_added.len(),
        warnings_gone: d.warnings_gone.len(),
        ..Summary::default()
    };
    for c in d.changed.iter().flat_map(|r| &r.changes) {
        match c {
            Change::Cell { .. } => s.cells += 1,
            Change::Code { .. } => s.codes += 1,
            Change::MergedStart { .. } => s.merged_starts += 1,
            Change::SectionTitle { .. } => s.section_titles += 1,
            Change::Agency { old, new, .. } => {
                if old.id != new.id {
                    s.agency_ids += 1
                } else {
                    s.agency_names += 1
                }
            }
            Change::Mentions { .. } => s.mention_splits += 1,
            Change::Interval { .. } => s.intervals += 1,
            Change::Recurrence { .. } => s.recurrences += 1,
            Change::Amount { .. } => s.amounts += 1,
            Change::ReviewRaised { .. } => s.review_raised += 1,
            Change::ReviewCleared { .. } | Change::ReviewNeeded { .. } => s.review_cleared += 1,
            Change::Provenance { .. } => s.provenance += 1,
        }
    }
    s
}

fn document_changes(old: &Extraction, new: &Extraction) -> Vec<DocumentChange> {
    let mut out = Vec::new();
    let mut cmp = |what: &str, a: Value, b: Value| {
        if a != b {
            out.push(DocumentChange {
                what: what.to_string(),
                old: a,
                new: b,
            });
        }
    };
    cmp("schema", v(&old.schema), v(&new.schema));
    cmp(
        "source.sha256",
        v(&old.source.sha256),
        v(&new.source.sha256),
    );
    cmp("source.pages", v(&old.source.pages), v(&new.source.pages));
    let (a, b) = (v(&old.document), v(&new.document));
    for k in [
        "title",
        "plan_number",
        "issued_on",
        "issuer",
        "province",
        "period",
    ] {
        cmp(
            &format!("document.{k}"),
            a.get(k).cloned().unwrap_or(Value::Null),
            b.get(k).cloned().unwrap_or(Value::Null),
        );
    }
    cmp("columns", v(&old.columns), v(&new.columns));
    cmp("tables", v(&old.tables), v(&new.tables));
    out
}

/// A model value as JSON (plain data: this cannot fail; a failure would show as `null`).
fn v<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

/// The text fields of a record, in contract order, then its extra columns.
fn texts(r: &Record) -> Vec<(String, Option<&str>)> {
    let mut out: Vec<(String, Option<&str>)> = Field::ALL
        .iter()
        .filter(|f| !matches!(f, Field::Stt | Field::Extra))
        .map(|f| (f.as_str().to_string(), r.text(*f)))
        .collect();
    for (h, c) in &r.extra {
        out.push((format!("extra:{h}"), Some(c.text.as_str())));
    }
    out
}

fn record_changes(a: &Record, b: &Record) -> Vec<Change> {
    let mut out = Vec::new();
    let (ta, tb) = (texts(a), texts(b));
    let mut fields: Vec<&String> = ta.iter().map(|t| &t.0).collect();
    for t in &tb {
        if !fields.contains(&&t.0) {
            fields.push(&t.0);
        }
    }
    let get = |v: &[(String, Option<&str>)], f: &str| -> Option<String> {
        v.iter()
            .find(|t| t.0 == f)
            .and_then(|t| t.1)
            .map(str::to_string)
    };
    for f in fields {
        let (x, y) = (get(&ta, f), get(&tb, f));
        if x != y {
            let words = word_diff(x.as_deref().unwrap_or(""), y.as_deref().unwrap_or(""));
            out.push(Change::Cell {
                field: f.clone(),
                old: x,
                new: y,
                words,
            });
        }
    }
    let sa = a
        .section
        .as_ref()
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let sb = b
        .section
        .as_ref()
        .map(|s| s.title.clone())
        .unwrap_or_default();
    if sa != sb {
        out.push(Change::SectionTitle { old: sa, new: sb });
    }
    for (f, x, y) in [
        ("objective", &a.objective, &b.objective),
        ("task", &a.task, &b.task),
        ("activity", &a.activity, &b.activity),
    ] {
        let (cx, cy) = (
            x.as_ref().and_then(|c| c.code.clone()),
            y.as_ref().and_then(|c| c.code.clone()),
        );
        if cx != cy && x.is_some() && y.is_some() {
            out.push(Change::Code {
                field: f.into(),
                old: cx,
                new: cy,
            });
        }
        if let (Some(x), Some(y)) = (x, y) {
            if x.starts_here != y.starts_here {
                out.push(Change::MergedStart {
                    field: f.into(),
                    old: x.starts_here,
                    new: y.starts_here,
                });
            }
        }
    }
    for (f, x, y) in [
        ("lead", &a.lead, &b.lead),
        ("partners", &a.partners, &b.partners),
    ] {
        let ma = x.as_ref().and_then(|c| c.agencies.as_ref());
        let mb = y.as_ref().and_then(|c| c.agencies.as_ref());
        agency_changes(f, ma, mb, &mut out);
    }
    let tl = |r: &Record| -> ([Option<Value>; 2], Option<Value>) {
        let d = |v: Option<Option<phuluc_model::Date>>| {
            v.map(|d| d.map_or(Value::Null, |d| Value::String(d.to_string())))
        };
        match &r.timeline {
            Some(t) => (
                [d(t.start), d(t.end)],
                t.recurrence
                    .map(|r| r.map_or(Value::Null, |r| Value::String(r.as_str().into()))),
            ),
            None => ([None, None], None),
        }
    };
    let ((ia, ra), (ib, rb)) = (tl(a), tl(b));
    if ia != ib {
        out.push(Change::Interval { old: ia, new: ib });
    }
    if ra != rb {
        out.push(Change::Recurrence { old: ra, new: rb });
    }
    let amount = |r: &Record| {
        r.budget.as_ref().and_then(|b| b.million_vnd).map(|v| {
            v.and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number)
        })
    };
    if amount(a) != amount(b) {
        out.push(Change::Amount {
            old: amount(a),
            new: amount(b),
        });
    }
    for r in &b.review.reasons {
        if !a.review.reasons.contains(r) {
            out.push(Change::ReviewRaised {
                code: r.code.as_str().into(),
                field: r.field.clone(),
                message: r.message.clone(),
            });
        }
    }
    for r in &a.review.reasons {
        if !b.review.reasons.contains(r) {
            out.push(Change::ReviewCleared {
                code: r.code.as_str().into(),
                field: r.field.clone(),
                message: r.message.clone(),
            });
        }
    }
    if a.review.needed != b.review.needed && a.review.reasons == b.review.reasons {
        out.push(Change::ReviewNeeded {
            old: a.review.needed,
            new: b.review.needed,
        });
    }
    if a.source != b.source {
        let mut fields: Vec<String> = Vec::new();
        for (f, boxes) in &a.source.cells {
            if b.source.cells.get(f) != Some(boxes) {
                fields.push(f.clone());
            }
        }
        for f in b.source.cells.keys() {
            if !a.source.cells.contains_key(f) {
                fields.push(f.clone());
            }
        }
        out.push(Change::Provenance {
            old_pages: a.source.pages.clone(),
            new_pages: b.source.pages.clone(),
            fields,
        });
    }
    out
}

fn agency_changes(
    field: &str,
    a: Option<&Vec<AgencyMention>>,
    b: Option<&Vec<AgencyMention>>,
    out: &mut Vec<Change>,
) {
    let aligned = match (a, b) {
        (Some(a), Some(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.mention == y.mention)
        }
        (None, None) => return,
        _ => false,
    };
    if aligned {
        for (x, y) in a.into_iter().flatten().zip(b.into_iter().flatten()) {
            let (rx, ry) = (AgencyRef::from(x), AgencyRef::from(y));
            if rx != ry {
                out.push(Change::Agency {
                    field: field.into(),
                    mention: x.mention.clone(),
                    old: rx,
                    new: ry,
                });
            }
        }
    } else {
        let view = |v: Option<&Vec<AgencyMention>>| {
            v.map(|v| {
                v.iter()
                    .map(|m| MentionView {
                        mention: m.mention.clone(),
                        id: m.id.clone(),
                    })
                    .collect()
            })
        };
        out.push(Change::Mentions {
            field: field.into(),
            old: view(a),
            new: view(b),
        });
    }
}

/// Warnings as a multiset, each naming its record by key rather than by index.
fn warning_changes(
    old: &Extraction,
    old_keys: &[RecordKey],
    new: &Extraction,
    new_keys: &[RecordKey],
) -> (Vec<Warning>, Vec<Warning>) {
    let ident = |w: &Warning, keys: &[RecordKey]| -> String {
        let mut v = serde_json::to_value(w).unwrap_or(Value::Null);
        if let (Some(obj), Some(i)) = (v.as_object_mut(), w.record) {
            let label = keys
                .get(i)
                .map_or_else(|| format!("#{i}"), RecordKey::label);
            obj.insert("record".into(), Value::String(label));
        }
        v.to_string()
    };
    let mut pool: Vec<(String, bool)> = old
        .warnings
        .iter()
        .map(|w| (ident(w, old_keys), false))
        .collect();
    let mut added = Vec::new();
    for w in &new.warnings {
        let id = ident(w, new_keys);
        match pool.iter_mut().find(|(k, used)| !*used && *k == id) {
            Some(slot) => slot.1 = true,
            None => added.push(w.clone()),
        }
    }
    let gone = old
        .warnings
        .iter()
        .zip(&pool)
        .filter(|(_, (_, used))| !used)
        .map(|(w, _)| w.clone())
        .collect();
    (added, gone)
}
