//! Column plausibility: does each column hold what its header says?
//!
//! Takes the logical table's fields (mapped from the header's words) and the cells under them,
//! and gives a [`Verdict`]: the columns whose content does not fit their field, and the mapping
//! that fits better when one exists. A table read one column off (a header cell lost, a bogus
//! column from body text pulled into the header) shows up here: its Chủ trì column holds
//! "Hàng năm" and "2025 - 2026". The check is a cheap content profile of every cell — does it
//! read like an agency list, a timeline, an amount or source of money — with the content words
//! of the vocabulary (`data/vocabulary.toml`); the normalizer resolves the same cells later.

use crate::stitch::LogicalTable;
use crate::vocab::ContentWords;
use phuluc_model::Field;
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The kind of content a field expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Agency,
    Timeline,
    Money,
    /// Prose: tasks, activities, products, notes.
    Text,
}

fn kind_of(field: Field) -> Option<Kind> {
    match field {
        Field::Lead | Field::Partners => Some(Kind::Agency),
        Field::Timeline => Some(Kind::Timeline),
        Field::Budget => Some(Kind::Money),
        Field::Objective | Field::Task | Field::Activity | Field::Output => Some(Kind::Text),
        // A note holds anything — a unit ("Bộ phận một cửa"), a date ("Chuyển tiếp từ 2024"),
        // a partner ("Phối hợp với Sở Y tế") — so its content says nothing about the mapping; a
        // table read one column off still shows in its typed columns.
        Field::Note | Field::Stt | Field::Extra => None,
    }
}

fn year_or_date() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b(19|20)\d\d\b|\b\d{1,2}/\d{1,2}\b").ok())
        .as_ref()
}

fn amount() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[\d.,\s]+$").ok()).as_ref()
}

/// Whether a cell reads like a list of agencies: its first part starts with an agency word.
pub fn agency_like(words: &ContentWords, text: &str) -> bool {
    let lower = text
        .trim()
        .trim_start_matches(['-', '+', '•', ' '])
        .to_lowercase();
    let first = lower.split([';', ',', '\n']).next().unwrap_or("").trim();
    let first = format!("{first} ");
    words
        .agency_heads
        .iter()
        .any(|h| first.starts_with(h.as_str()))
}

/// Whether a cell reads like a timeline: a year or date, or a time word.
pub fn timeline_like(words: &ContentWords, text: &str) -> bool {
    let lower = text.to_lowercase();
    year_or_date().is_some_and(|re| re.is_match(&lower))
        || words
            .timeline_words
            .iter()
            .any(|w| lower.contains(w.as_str()))
}

/// Whether a cell reads like an amount or a source of money.
pub fn money_like(words: &ContentWords, text: &str) -> bool {
    let lower = format!("{} ", text.to_lowercase());
    amount().is_some_and(|re| re.is_match(text.trim()))
        || words.money_words.iter().any(|w| lower.contains(w.as_str()))
}

/// Whether a cell is short (a few words): what agency, timeline and money cells are, and what
/// prose cells are not, mostly.
fn short(text: &str) -> bool {
    text.split_whitespace().count() <= 8
}

/// How well a column's cells fit a kind: the share of its non-empty cells that read as it.
fn fit(words: &ContentWords, cells: &[&str], kind: Kind) -> f64 {
    if cells.is_empty() {
        return 1.0;
    }
    let ok = cells
        .iter()
        .filter(|t| match kind {
            Kind::Agency => agency_like(words, t),
            Kind::Timeline => timeline_like(words, t),
            Kind::Money => money_like(words, t),
            Kind::Text => !(short(t) && (agency_like(words, t) || timeline_like(words, t))),
        })
        .count();
    ok as f64 / cells.len() as f64
}

/// Least share of a column's cells that must fit its field.
pub const MIN_FIT: f64 = 0.5;
/// Least number of non-empty cells before a column is judged.
pub const MIN_CELLS: usize = 3;

/// A column that does not hold what its field expects.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub column: usize,
    pub field: Field,
    /// Share of its cells that fit the field.
    pub fit: f64,
    /// What the column's cells mostly read as instead.
    pub looks_like: &'static str,
}

/// What the plausibility check found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    pub mismatches: Vec<Mismatch>,
    /// A mapping of fields to columns that fits every checked column, when the header's does not.
    pub remapped: Option<Vec<Field>>,
}

/// The non-empty texts of each column over the numbered rows (each merged cell once).
fn column_texts(table: &LogicalTable) -> Vec<Vec<&str>> {
    let n = table.fields.len();
    let mut out: Vec<Vec<&str>> = vec![Vec::new(); n];
    let mut seen: HashSet<usize> = HashSet::new();
    for row in table.rows.iter().filter(|r| !r.merged_across) {
        for (c, &li) in row.cells.iter().enumerate().take(n) {
            let Some(cell) = table.cells.get(li) else {
                continue;
            };
            if cell.col_end > cell.col || !seen.insert(li) {
                continue; // spanning cells belong to no one column
            }
            let t = cell.text.trim();
            if !t.is_empty() {
                out[c].push(t);
            }
        }
    }
    out
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Agency => "agencies",
        Kind::Timeline => "timelines",
        Kind::Money => "amounts or sources of money",
        Kind::Text => "prose",
    }
}

/// Checks every mapped column of the table against its field.
pub fn check(table: &LogicalTable, words: &ContentWords) -> Verdict {
    let texts = column_texts(table);
    let mut verdict = Verdict::default();
    let judged: Vec<usize> = (0..table.fields.len())
        .filter(|&c| kind_of(table.fields[c]).is_some() && texts[c].len() >= MIN_CELLS)
        .collect();
    for &c in &judged {
        let field = table.fields[c];
        let Some(kind) = kind_of(field) else { continue };
        let f = fit(words, &texts[c], kind);
        if f >= MIN_FIT {
            continue;
        }
        // Free text where a short value was expected ("Theo kế hoạch được duyệt" under Kinh
        // phí) is normal; a mismatch is a column that reads as another field's kind.
        let looks = [Kind::Agency, Kind::Timeline, Kind::Money]
            .into_iter()
            .filter(|k| *k != kind)
            .map(|k| (fit(words, &texts[c], k), k))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((other, other_kind)) = looks else {
            continue;
        };
        if other < MIN_FIT || other <= f {
            continue;
        }
        verdict.mismatches.push(Mismatch {
            column: c,
            field,
            fit: f,
            looks_like: kind_name(other_kind),
        });
    }
    if verdict.mismatches.is_empty() {
        return verdict;
    }
    // Try the mappings that move fields among the mismatched columns and the columns holding
    // the fields whose kind they read as: the best that fits every one of them wins.
    let looked: Vec<Kind> = verdict
        .mismatches
        .iter()
        .filter_map(|m| {
            [Kind::Agency, Kind::Timeline, Kind::Money]
                .into_iter()
                .find(|k| kind_name(*k) == m.looks_like)
        })
        .collect();
    let judged: Vec<usize> = judged
        .into_iter()
        .filter(|&c| {
            verdict.mismatches.iter().any(|m| m.column == c)
                || kind_of(table.fields[c]).is_some_and(|k| looked.contains(&k))
        })
        .collect();
    let fields: Vec<Field> = judged.iter().map(|&c| table.fields[c]).collect();
    let total = |map: &[Field]| -> Option<f64> {
        let mut sum = 0.0;
        for (k, &c) in judged.iter().enumerate() {
            let kind = kind_of(map[k])?;
            let f = fit(words, &texts[c], kind);
            if f < MIN_FIT {
                return None;
            }
            sum += f;
        }
        Some(sum)
    };
    // Ties go to the mapping that keeps more of the header's left-to-right order.
    let inversions = |map: &[Field]| -> usize {
        let pos = |f: &Field| fields.iter().position(|g| g == f).unwrap_or(0);
        let mut n = 0;
        for i in 0..map.len() {
            for j in i + 1..map.len() {
                n += usize::from(pos(&map[i]) > pos(&map[j]));
            }
        }
        n
    };
    let mut best: Option<(f64, usize, Vec<Field>)> = None;
    for candidate in permutations(&fields, 7) {
        if let Some(score) = total(&candidate) {
            let inv = inversions(&candidate);
            let better = best.as_ref().is_none_or(|(b, bi, _)| {
                score > *b + 1e-9 || ((score - *b).abs() <= 1e-9 && inv < *bi)
            });
            if better {
                best = Some((score, inv, candidate));
            }
        }
    }
    if let Some((_, _, map)) = best {
        if map != fields {
            let mut all = table.fields.clone();
            for (k, &c) in judged.iter().enumerate() {
                all[c] = map[k];
            }
            verdict.remapped = Some(all);
        }
    }
    verdict
}

/// Every ordering of `items` (up to `max` items; more give only the original order).
fn permutations(items: &[Field], max: usize) -> Vec<Vec<Field>> {
    if items.len() > max {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    let mut cur = items.to_vec();
    fn go(k: usize, cur: &mut Vec<Field>, out: &mut Vec<Vec<Field>>) {
        if k == cur.len() {
            out.push(cur.clone());
            return;
        }
        for i in k..cur.len() {
            cur.swap(k, i);
            go(k + 1, cur, out);
            cur.swap(k, i);
        }
    }
    go(0, &mut cur, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> ContentWords {
        crate::vocab::Vocabulary::builtin().content.clone()
    }
    fn agency_like(t: &str) -> bool {
        super::agency_like(&words(), t)
    }
    fn timeline_like(t: &str) -> bool {
        super::timeline_like(&words(), t)
    }
    fn money_like(t: &str) -> bool {
        super::money_like(&words(), t)
    }

    #[test]
    fn content_kinds() {
        assert!(agency_like("Sở Tư pháp"));
        assert!(agency_like("UBND cấp huyện; các Sở, ngành"));
        assert!(agency_like("Các Sở, cơ quan thuộc UBND tỉnh"));
        assert!(!agency_like("Hàng năm"));
        assert!(!agency_like("Báo cáo kết quả"));
        assert!(timeline_like("Quý I/2022"));
        assert!(timeline_like("2025 - 2026"));
        assert!(timeline_like("Hằng năm"));
        assert!(!timeline_like("Sở Tư pháp"));
        assert!(money_like("1.500"));
        assert!(money_like("Ngân sách tỉnh"));
        assert!(!money_like("Sở Nội vụ"));
    }

    #[test]
    fn a_shifted_table_is_caught_and_remapped() {
        use crate::stitch::{LogicalCell, LogicalRow};
        // Columns: STT | Nhiệm vụ | Chủ trì | Phối hợp | Thời gian, but the content is shifted:
        // the Chủ trì column holds timelines, the Thời gian column agencies.
        let rows = [
            (
                "1",
                "Xây dựng kế hoạch",
                "Hàng năm",
                "Sở Tài chính",
                "Sở Nội vụ",
            ),
            (
                "2",
                "Tổ chức tập huấn",
                "2025 - 2026",
                "Các Sở, ngành",
                "Sở Tư pháp",
            ),
            (
                "3",
                "Kiểm tra, đánh giá",
                "Quý I/2026",
                "UBND cấp huyện",
                "Văn phòng UBND tỉnh",
            ),
            (
                "4",
                "Tuyên truyền",
                "Thường xuyên",
                "Sở Văn hóa",
                "Công an tỉnh",
            ),
        ];
        let mut table = LogicalTable::default();
        table.fields = vec![
            Field::Stt,
            Field::Task,
            Field::Lead,
            Field::Partners,
            Field::Timeline,
        ];
        for r in rows {
            let texts = [r.0, r.1, r.2, r.3, r.4];
            let mut cells = Vec::new();
            for (c, t) in texts.iter().enumerate() {
                table.cells.push(LogicalCell::new(c, t));
                cells.push(table.cells.len() - 1);
            }
            table.rows.push(LogicalRow {
                label: r.0.into(),
                merged_across: false,
                cells,
                pages: vec![1],
                doubts: Vec::new(),
            });
        }
        let v = check(&table, &words());
        let cols: Vec<usize> = v.mismatches.iter().map(|m| m.column).collect();
        assert_eq!(cols, [2, 4], "{v:?}");
        assert_eq!(
            v.remapped,
            Some(vec![
                Field::Stt,
                Field::Task,
                Field::Timeline,
                Field::Lead,
                Field::Partners
            ])
        );
    }
}
