//! The human form of a diff: one block per record, word diffs inline, coloured on a terminal.

use crate::diff::{Change, Diff, DocumentChange, RecordOnly};
use crate::words::WordOp;
use phuluc_model::Warning;
use serde_json::Value;
use std::fmt::Write;

/// How to print.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours (red for what is gone, green for what is new).
    pub color: bool,
}

impl Style {
    pub fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
}

/// Runs of unchanged words longer than this are shortened to their ends.
const CONTEXT: usize = 4;

/// A word diff inline: `kept [-deleted-]{+inserted+}`, long unchanged runs shortened.
pub fn inline(ops: &[WordOp], style: &Style) -> String {
    let mut parts = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        match op {
            WordOp::Equal(t) => {
                let words: Vec<&str> = t.split(' ').collect();
                let (first, last) = (i == 0, i + 1 == ops.len());
                let keep_head = if first { 0 } else { CONTEXT };
                let keep_tail = if last { 0 } else { CONTEXT };
                if words.len() > keep_head + keep_tail + 1 {
                    let mut s = words[..keep_head].join(" ");
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    s.push('…');
                    if keep_tail > 0 {
                        s.push(' ');
                        s.push_str(&words[words.len() - keep_tail..].join(" "));
                    }
                    parts.push(s);
                } else {
                    parts.push(t.clone());
                }
            }
            WordOp::Delete(t) => parts.push(style.red(&format!("[-{t}-]"))),
            WordOp::Insert(t) => parts.push(style.green(&format!("{{+{t}+}}"))),
        }
    }
    parts.join(" ")
}

fn json(v: &Option<Value>) -> String {
    match v {
        None => "(not computed)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

fn doc_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Array(a) if a.iter().all(|c| c.get("header").is_some()) => {
            let heads: Vec<String> = a
                .iter()
                .map(|c| c["header"].as_str().unwrap_or("").to_string())
                .collect();
            format!("[{}]", heads.join(" | "))
        }
        Value::Array(a) if a.iter().all(|t| t.get("pages").is_some()) => {
            let tables: Vec<String> = a
                .iter()
                .map(|t| {
                    let pages: Vec<u64> = t["pages"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_u64)
                        .collect();
                    let span = match (pages.first(), pages.last()) {
                        (Some(a), Some(b)) if a != b => format!("pages {a}–{b}"),
                        (Some(a), _) => format!("page {a}"),
                        _ => "no pages".into(),
                    };
                    format!(
                        "table {} {:?}: {} columns, {span}",
                        t["index"],
                        t["title"].as_str().unwrap_or(""),
                        t["columns"].as_array().map_or(0, Vec::len)
                    )
                })
                .collect();
            format!("[{}]", tables.join("; "))
        }
        v => v.to_string(),
    }
}

/// One line for a change inside a record.
pub fn change_line(c: &Change, style: &Style) -> String {
    match c {
        Change::Cell {
            field,
            old,
            new,
            words,
        } => match (old, new) {
            (Some(_), Some(_)) => format!("{field}: {}", inline(words, style)),
            (None, Some(n)) => format!("{field}: {}", style.green(&format!("(new cell) {n}"))),
            (Some(o), None) => format!("{field}: {}", style.red(&format!("(cell gone) {o}"))),
            (None, None) => format!("{field}: (no cell)"),
        },
        Change::Code { field, old, new } => format!(
            "{field} code: {} → {}",
            old.as_deref().unwrap_or("none"),
            new.as_deref().unwrap_or("none")
        ),
        Change::MergedStart { field, old, new } => {
            format!("{field} starts here: {old} → {new}")
        }
        Change::SectionTitle { old, new } => format!(
            "section title: {} → {}",
            style.red(&format!("{old:?}")),
            style.green(&format!("{new:?}"))
        ),
        Change::Agency {
            field,
            mention,
            old,
            new,
        } => {
            let mut what = Vec::new();
            if old.id != new.id {
                what.push(format!(
                    "id {} → {}",
                    style.red(&old.id),
                    style.green(&new.id)
                ));
            }
            // Another id is another agency: its name and kind come with it (--json has them).
            if old.id == new.id && old.name != new.name {
                what.push(format!("name {:?} → {:?}", old.name, new.name));
            }
            if old.id == new.id && old.kind != new.kind {
                what.push(format!(
                    "kind {} → {}",
                    old.kind.as_str(),
                    new.kind.as_str()
                ));
            }
            format!("{field} agency \"{mention}\": {}", what.join(", "))
        }
        Change::Mentions { field, old, new } => {
            let show = |v: &Option<Vec<crate::diff::MentionView>>| match v {
                None => "(not normalized)".to_string(),
                Some(v) => v
                    .iter()
                    .map(|m| format!("{} = {}", m.mention, m.id))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            format!(
                "{field} mentions: {} → {}",
                style.red(&format!("[{}]", show(old))),
                style.green(&format!("[{}]", show(new)))
            )
        }
        Change::Interval { old, new } => format!(
            "timeline interval: {}..{} → {}..{}",
            json(&old[0]),
            json(&old[1]),
            json(&new[0]),
            json(&new[1])
        ),
        Change::Recurrence { old, new } => {
            format!("timeline recurrence: {} → {}", json(old), json(new))
        }
        Change::Amount { old, new } => {
            format!("budget million VND: {} → {}", json(old), json(new))
        }
        Change::ReviewRaised {
            code,
            field,
            message,
        } => style.green(&format!(
            "review raised: {code}{}: {message}",
            field
                .as_ref()
                .map(|f| format!(" ({f})"))
                .unwrap_or_default()
        )),
        Change::ReviewCleared {
            code,
            field,
            message,
        } => style.red(&format!(
            "review cleared: {code}{}: {message}",
            field
                .as_ref()
                .map(|f| format!(" ({f})"))
                .unwrap_or_default()
        )),
        Change::ReviewNeeded { old, new } => format!("review needed: {old} → {new}"),
        Change::Provenance {
            old_pages,
            new_pages,
            fields,
        } => {
            let pages = if old_pages != new_pages {
                format!(" (pages {old_pages:?} → {new_pages:?})")
            } else {
                String::new()
            };
            format!("printed elsewhere: {}{pages}", fields.join(", "))
        }
    }
}

fn record_line(r: &RecordOnly) -> String {
    let rec = &r.record;
    let text = rec
        .activity
        .as_ref()
        .map(|c| c.text.as_str())
        .or(rec.task.as_ref().map(|c| c.text.as_str()))
        .or(rec.output.as_ref().map(|c| c.text.as_str()))
        .unwrap_or("");
    let mut short: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if short.chars().count() > 80 {
        short = short.chars().take(79).collect::<String>() + "…";
    }
    format!("{}  {short}", r.key.label())
}

fn warning_line(w: &Warning) -> String {
    let code = serde_json::to_value(w.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let page = w.page.map(|p| format!(" (page {p})")).unwrap_or_default();
    format!("{code}{page}: {}", w.message)
}

fn doc_line(c: &DocumentChange, style: &Style) -> String {
    format!(
        "{}: {} → {}",
        c.what,
        style.red(&doc_value(&c.old)),
        style.green(&doc_value(&c.new))
    )
}

/// The summary line: "3 records changed (2 cells, 1 agency id), 1 added, …" or "no differences".
pub fn summary_line(d: &Diff) -> String {
    if d.equal {
        return "no differences".into();
    }
    let s = &d.summary;
    let mut parts = Vec::new();
    let mut push = |n: usize, what: &str| {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    };
    push(s.records_added, "record(s) added");
    push(s.records_removed, "record(s) removed");
    push(s.records_changed, "record(s) changed");
    push(s.cells, "cell(s)");
    push(s.codes, "code(s)");
    push(s.merged_starts, "merged-cell start(s)");
    push(s.section_titles, "section title(s)");
    push(s.agency_ids, "agency id(s)");
    push(s.agency_names, "agency name/kind change(s)");
    push(s.mention_splits, "mention split(s)");
    push(s.intervals, "interval(s)");
    push(s.recurrences, "recurrence(s)");
    push(s.amounts, "amount(s)");
    push(s.review_raised, "review flag(s) raised");
    push(s.review_cleared, "review flag(s) cleared");
    push(s.provenance, "record(s) printed elsewhere");
    push(s.warnings_added, "warning(s) added");
    push(s.warnings_gone, "warning(s) gone");
    push(s.document, "document change(s)");
    parts.join(", ")
}

/// The whole diff for a person, at most `limit` change lines (then "… N more").
pub fn render(d: &Diff, style: &Style, limit: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for c in &d.document {
        lines.push(doc_line(c, style));
    }
    for r in &d.removed {
        lines.push(style.red(&format!("- removed {}", record_line(r))));
    }
    for r in &d.added {
        lines.push(style.green(&format!("+ added   {}", record_line(r))));
    }
    for r in &d.changed {
        lines.push(style.bold(&format!("~ {}", r.key.label())));
        for c in &r.changes {
            lines.push(format!("    {}", change_line(c, style)));
        }
    }
    for w in &d.warnings_gone {
        lines.push(style.red(&format!("- warning gone: {}", warning_line(w))));
    }
    for w in &d.warnings_added {
        lines.push(style.green(&format!("+ warning added: {}", warning_line(w))));
    }
    let mut out = String::new();
    let total = lines.len();
    for l in lines.into_iter().take(limit) {
        let _ = writeln!(out, "{l}");
    }
    if total > limit {
        let _ = writeln!(out, "… {} more line(s)", total - limit);
    }
    out
}
