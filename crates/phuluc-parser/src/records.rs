//! Records: the logical table in, one [`Record`] per numbered row out.
//!
//! Section rows ("I" + "Cải cách thể chế") set the section of the rows below them; merged
//! cells give their text to every row they cover; a coded cell's label code ("3.1") is parsed
//! out while the text keeps the label as printed.

use crate::grid::{is_lettered_label, is_row_number, is_section_label};
use crate::stitch::LogicalTable;
use phuluc_model::{
    AgencyCell, BudgetCell, CodedCell, Column, Field, Record, RecordSource, ReviewCode, Section,
    TextCell, TimelineCell,
};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The code a cell's label starts with: "3.1: Hoạt động 1" → "3.1", "1. Mục tiêu" → "1".
pub fn code_of(text: &str) -> Option<String> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\s*[.:)]").ok())
        .as_ref()?;
    re.captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// The contract's columns of a table.
pub fn columns(table: &LogicalTable) -> Vec<Column> {
    table
        .headers
        .iter()
        .zip(&table.fields)
        .enumerate()
        .map(|(index, (header, field))| Column {
            index,
            header: header.clone(),
            field: *field,
        })
        .collect()
}

/// Builds the records of a logical table.
pub fn records(table: &LogicalTable) -> Vec<Record> {
    let mut out = records_of(table).0;
    flag_duplicate_numbers(&mut out);
    out
}

/// Builds the records of a logical table, with the record each logical row became (section
/// rows and unnumbered rows become none). Doubts raised while stitching a row become the
/// record's review reasons. Duplicate numbers are flagged over all tables by
/// [`flag_duplicate_numbers`].
pub fn records_of(table: &LogicalTable) -> (Vec<Record>, Vec<Option<usize>>) {
    let mut row_record = vec![None; table.rows.len()];
    let stt_col = table
        .fields
        .iter()
        .position(|f| *f == Field::Stt)
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut section: Option<Section> = None;
    let mut seen: HashSet<usize> = HashSet::new();
    let groups = group_rows(table, stt_col);
    for (ri, row) in table.rows.iter().enumerate() {
        let label = row.label.trim();
        let first = label.split_whitespace().next().unwrap_or("");
        let text_of = |c: usize| {
            row.cells
                .get(c)
                .and_then(|&i| table.cells.get(i))
                .map(|k| k.text.as_str())
                .unwrap_or("")
        };
        if row.merged_across
            || groups[ri] == Group::Title
            || (is_section_label(first) && !is_row_number(first))
        {
            // The title is the merged cell's text (or, without a merge, the row's other cells).
            let mut parts: Vec<&str> = Vec::new();
            let mut used = HashSet::new();
            // A section row printed as one cell over the whole table has its number in it.
            if let Some(&li) = row.cells.get(stt_col) {
                used.insert(li);
            }
            for (c, &li) in row.cells.iter().enumerate() {
                if c != stt_col && used.insert(li) {
                    let t = text_of(c);
                    if !t.is_empty() {
                        parts.push(t);
                    }
                }
            }
            let rest = label[first.len()..].trim();
            let mut title = parts.join(" ");
            if !rest.is_empty() {
                title = if title.is_empty() {
                    rest.to_string()
                } else {
                    format!("{rest} {title}")
                };
            }
            section = Some(Section {
                number: first.trim_end_matches(['.', ')']).to_string(),
                title,
            });
            continue;
        }
        let lettered = is_lettered_label(first);
        if !is_row_number(first) && !lettered {
            continue;
        }
        let heads_items = groups[ri] == Group::Task;
        if heads_items {
            // The lettered items below are this task's: numbered under it.
            let title = (0..row.cells.len())
                .filter(|&c| c != stt_col)
                .map(text_of)
                .find(|t| !t.trim().is_empty())
                .unwrap_or("")
                .to_string();
            section = Some(Section {
                number: first.trim_end_matches(['.', ')']).to_string(),
                title,
            });
        }
        let mut rec = Record {
            // A lettered label keeps its parenthesis as printed ("a)"); a number loses it.
            stt: if lettered {
                first.trim_end_matches('.').to_string()
            } else {
                first.trim_end_matches(['.', ')']).to_string()
            },
            section: section.clone(),
            source: RecordSource {
                pages: row.pages.clone(),
                ..Default::default()
            },
            ..Default::default()
        };
        for (code, message) in &row.doubts {
            rec.review.flag(*code, None, message.clone());
        }
        if heads_items {
            rec.review.flag(
                ReviewCode::Other,
                None,
                "a numbered row over lettered items holds more than a title: a task with \
                 sub-items, or a section row holding the text of an item whose label is printed \
                 lower (a bottom-aligned STT)"
                    .to_string(),
            );
        }
        for (c, field) in table.fields.iter().enumerate() {
            let Some(&li) = row.cells.get(c) else {
                continue;
            };
            let Some(cell) = table.cells.get(li) else {
                continue;
            };
            let starts_here = seen.insert(li);
            let text = cell.text.clone();
            let key = match field {
                Field::Extra => {
                    format!("extra:{}", table.headers.get(c).map_or("", String::as_str))
                }
                f => f.as_str().to_string(),
            };
            rec.source.cells.insert(key, cell.sources.clone());
            for s in &cell.sources {
                // Word cells have no page (0).
                if s.page > 0 && !rec.source.pages.contains(&s.page) {
                    rec.source.pages.push(s.page);
                }
            }
            let coded = || CodedCell {
                code: code_of(&text),
                text: text.clone(),
                starts_here,
            };
            match field {
                Field::Stt => {}
                Field::Objective => rec.objective = Some(coded()),
                Field::Task => rec.task = Some(coded()),
                Field::Activity => rec.activity = Some(coded()),
                Field::Output => rec.output = Some(TextCell { text }),
                Field::Lead => {
                    rec.lead = Some(AgencyCell {
                        lines: cell.lines.clone(),
                        text,
                        agencies: None,
                    })
                }
                Field::Partners => {
                    rec.partners = Some(AgencyCell {
                        lines: cell.lines.clone(),
                        text,
                        agencies: None,
                    })
                }
                Field::Timeline => {
                    rec.timeline = Some(TimelineCell {
                        text,
                        ..Default::default()
                    })
                }
                Field::Budget => {
                    rec.budget = Some(BudgetCell {
                        text,
                        million_vnd: None,
                    })
                }
                Field::Note => rec.note = Some(TextCell { text }),
                Field::Extra => {
                    let header = table.headers.get(c).cloned().unwrap_or_default();
                    rec.extra.insert(header, TextCell { text });
                }
            }
        }
        rec.source.pages.sort_unstable();
        row_record[ri] = Some(out.len());
        out.push(rec);
    }
    (out, row_record)
}

/// What a numbered row over items numbered under it is: "1" whose next labelled row is "a)",
/// or a dotted "III.1" whose next labelled row starts afresh at "1".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// Not a numbered row over lettered items.
    None,
    /// Text in one column besides the STT: a title ("Phát triển xã hội số") heading the items
    /// below it, as a section row does.
    Title,
    /// Text in more columns: a task whose items are numbered under it, or a title row that
    /// took an item's text; a record, flagged.
    Task,
}

/// Per row, whether it is a numbered row over lettered items, and of which kind.
fn group_rows(table: &LogicalTable, stt_col: usize) -> Vec<Group> {
    let first_word =
        |ri: usize| -> &str { table.rows[ri].label.split_whitespace().next().unwrap_or("") };
    (0..table.rows.len())
        .map(|ri| {
            if !is_row_number(first_word(ri)) {
                return Group::None;
            }
            let next = (ri + 1..table.rows.len()).find(|&r| !first_word(r).is_empty());
            // Items under it: lettered ("1" then "a)"), or numbered afresh under a dotted
            // number ("III.1" then "1", "2" …: a sub-section).
            let heads = next.is_some_and(|r| {
                let (this, next) = (first_word(ri), first_word(r));
                is_lettered_label(next)
                    || (this.trim_end_matches('.').contains('.')
                        && next.trim_end_matches(['.', ')']) == "1")
            });
            if !heads {
                return Group::None;
            }
            let row = &table.rows[ri];
            let mut filled = HashSet::new();
            for (c, &li) in row.cells.iter().enumerate() {
                let text = table.cells.get(li).map_or("", |k| k.text.as_str());
                if c != stt_col && !text.trim().is_empty() {
                    filled.insert(li);
                }
            }
            if filled.len() <= 1 {
                Group::Title
            } else {
                Group::Task
            }
        })
        .collect()
}

/// Flags every record whose (table, section, stt) another record also has: one of them is
/// a row cut wrongly, or two tables were read as one.
pub fn flag_duplicate_numbers(records: &mut [Record]) {
    let mut seen: std::collections::HashMap<(usize, Option<String>, String), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let key = (
            r.table,
            r.section.as_ref().map(|s| s.number.clone()),
            r.stt.clone(),
        );
        seen.entry(key).or_default().push(i);
    }
    for idx in seen.into_values().filter(|v| v.len() > 1) {
        for &i in &idx {
            let pages = records[i].source.pages.clone();
            let stt = records[i].stt.clone();
            records[i].review.flag(
                phuluc_model::ReviewCode::DuplicateNumber,
                Some("stt"),
                format!(
                    "{} records of this table and section are numbered {stt} (this one on page(s) {pages:?})",
                    idx.len()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(
            code_of("3.1: Hoạt động 1: ban hành").as_deref(),
            Some("3.1")
        );
        assert_eq!(code_of("3.6. hoạt động 6").as_deref(), Some("3.6"));
        assert_eq!(code_of("1.1: Mục tiêu 1").as_deref(), Some("1.1"));
        assert_eq!(code_of("2) Nhiệm vụ").as_deref(), Some("2"));
        assert_eq!(code_of("2021-2030"), None);
        assert_eq!(code_of("Các Sở, ngành"), None);
    }
}
