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
    flag_section_sequence(&mut out);
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

/// A section number read in every numbering scheme it fits: Roman numerals, Arabic numbers,
/// capital letters ("I", "C" fit two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct SectionNumber {
    roman: Option<u32>,
    arabic: Option<u32>,
    letter: Option<u8>,
}

impl SectionNumber {
    fn parse(text: &str) -> Option<SectionNumber> {
        let t = text.trim().trim_end_matches(['.', ')']);
        let mut chars = t.chars();
        let letter = match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_uppercase() => Some(c as u8),
            _ => None,
        };
        let n = SectionNumber {
            roman: roman_value(t),
            arabic: (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten(),
            letter,
        };
        (n != SectionNumber::default()).then_some(n)
    }

    /// Whether `self` comes right after `prev` in a scheme both fit.
    fn follows(self, prev: SectionNumber) -> bool {
        let next = |a: Option<u32>, b: Option<u32>| a.zip(b).is_some_and(|(a, b)| b == a + 1);
        next(prev.roman, self.roman)
            || next(prev.arabic, self.arabic)
            || next(prev.letter.map(u32::from), self.letter.map(u32::from))
    }

    /// Whether the two are numbers of one scheme (or a Roman one then a letter: "I", "H").
    fn comparable(self, prev: SectionNumber) -> bool {
        (prev.roman.is_some() && (self.roman.is_some() || self.letter.is_some()))
            || (prev.arabic.is_some() && self.arabic.is_some())
            || (prev.letter.is_some() && self.letter.is_some())
    }
}

/// The value of a Roman numeral up to 3999 written the usual way ("IV", "XII"); `None` for
/// anything else ("IIII", "H"). Shared with the OCR front end's section-numeral repairs.
pub fn roman_value(t: &str) -> Option<u32> {
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = t.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|n| *n > 0)?;
    // Only the canonical spelling counts ("IIII" is not 4).
    (to_roman(total) == t).then_some(total)
}

/// A number written as a Roman numeral ("XII" for 12).
pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Flags the records of a section whose number repeats an earlier section's of the same table
/// ("II" twice) or does not follow the section before it ("I", "H": an OCR misreading of
/// "II"); the records may sit under the wrong section.
pub fn flag_section_sequence(records: &mut [Record]) {
    // Per table, its sections in order of appearance: (number, record indexes).
    // A section is its number and title: "II Phát triển hạ tầng số" and "II Phát triển chính
    // quyền số" are two.
    type Sections = Vec<((String, String), Vec<usize>)>;
    let mut tables: std::collections::BTreeMap<usize, Sections> = std::collections::BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        let Some(section) = &r.section else { continue };
        let key = (section.number.clone(), section.title.clone());
        let list = tables.entry(r.table).or_default();
        match list.last_mut() {
            Some((k, idx)) if *k == key => idx.push(i),
            _ => list.push((key, vec![i])),
        }
    }
    for list in tables.values() {
        for k in 1..list.len() {
            let ((number, _), idx) = &list[k];
            let ((prev, _), _) = &list[k - 1];
            let repeated = list[..k].iter().any(|((n, _), _)| n == number);
            let message = if repeated {
                format!("section {number} of this table appears more than once (a misread number?): the record may belong to another section")
            } else {
                let (Some(a), Some(b)) = (SectionNumber::parse(prev), SectionNumber::parse(number))
                else {
                    continue;
                };
                if !b.comparable(a) || b.follows(a) {
                    continue;
                }
                format!("section {number} does not follow section {prev} (a misread number?): the record may belong to another section")
            };
            let code = if repeated {
                ReviewCode::DuplicateNumber
            } else {
                ReviewCode::Other
            };
            for &i in idx {
                if let Some(r) = records.get_mut(i) {
                    r.review.flag(code, Some("section"), message.clone());
                }
            }
        }
    }
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

    /// A record numbered `stt` under section `number`, whose title is `stt`'s first character
    /// (records "2a", "2b" share a section; "2", "3" do not).
    fn in_section(number: &str, stt: &str) -> Record {
        Record {
            stt: stt.into(),
            section: Some(Section {
                number: number.into(),
                title: stt.chars().take(1).collect(),
            }),
            ..Default::default()
        }
    }

    fn flagged(sections: &[(&str, &str)]) -> Vec<bool> {
        let mut records: Vec<Record> = sections.iter().map(|(n, s)| in_section(n, s)).collect();
        flag_section_sequence(&mut records);
        records.iter().map(|r| r.review.needed).collect()
    }

    #[test]
    fn sections_out_of_sequence_are_flagged() {
        // In order: nothing to say, in any scheme.
        assert_eq!(
            flagged(&[("I", "1"), ("II", "2"), ("III", "3"), ("IV", "4")]),
            [false; 4]
        );
        assert_eq!(flagged(&[("1", "1"), ("2", "1"), ("3", "1")]), [false; 3]);
        assert_eq!(
            flagged(&[("A", "1"), ("B", "1"), ("C", "1"), ("D", "1")]),
            [false; 4]
        );
        assert_eq!(
            flagged(&[("G", "1"), ("H", "1"), ("I", "1"), ("J", "1")]),
            [false; 4]
        );
        // "III" read "II": the second section II is flagged; "II" read "H" likewise.
        assert_eq!(
            flagged(&[("I", "1"), ("II", "2"), ("II", "3"), ("II", "4")]),
            [false, false, true, true]
        );
        assert_eq!(
            flagged(&[("I", "1"), ("H", "2"), ("H", "3")]),
            [false, true, true]
        );
        // Schemes that do not meet are not judged (Arabic after Roman).
        assert_eq!(flagged(&[("I", "1"), ("2", "1")]), [false, false]);
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("XII"), Some(12));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("H"), None);
    }

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
