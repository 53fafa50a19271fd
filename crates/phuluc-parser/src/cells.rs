//! The second front end: tables given as cell grids (a Word document's tables) in, the same
//! [`ParsedTable`] out.
//!
//! A Word table says which cell is which, so there is no geometry to read: the front end
//! (`phuluc-docx`) gives each table as rows × grid columns with every cell's span, its lines
//! (paragraphs), and where it was written; and the paragraphs above each table. From there:
//!
//! 1. **Header.** The first row whose cells name enough distinct fields of the header
//!    vocabulary ([`crate::vocab`], the same test as the PDF path:
//!    [`TableSettings::min_header_fields`], STT included) is the header; it extends over the
//!    rows its cells run into (vertical merges), the rows marked as repeated header rows
//!    together with it, and the sub-header row under a cell spanning several columns. A column's
//!    header text is the text of the header cells over it, top to bottom; fields as for PDFs.
//! 2. **Tables.** A table without a header continues the table before it when it has as many
//!    grid columns (Word splits a table, or a header is not repeated); one with a header starts
//!    a new logical table unless it has the same fields, no heading between the two, and
//!    numbering that does not start over (the PDF rule). Tables without a header and nothing
//!    to continue are not appendix tables (the title-block and signature layouts).
//! 3. **Rows.** The rules of [`crate::stitch`] without the page breaks: empty rows and a
//!    column-numbering row "(1) (2) …" are skipped; a numbered row (STT a number or a section
//!    label) is a row; a numbered row whose STT cell is merged down from the row before is a
//!    sub-row of it (its other cells joined with "\n"); a row without a number is appended to
//!    the row above with a `row_without_number` warning and review reason.
//! 4. **The rest is shared:** column plausibility, records (sections, merged cells given to
//!    every row they cover, label codes), duplicate numbers, metadata from the paragraphs above
//!    the first table (those after the last page break before it, as a PDF page shows them) and
//!    the plan's title from the first page's paragraphs.
//!
//! Cell text is the lines joined by one space, a list item ("- …", "+ …") after "\n", as the
//! PDF path joins printed lines; text is NFC. Provenance is the cells' sources as given (for
//! Word, table / row / cell indexes); records have no pages. Page ranges and areas of the
//! settings do not apply.

use crate::grid::{fields_of, is_row_label};
use crate::stitch::{
    is_numbering_row, split_diverging_cells, LogicalCell, LogicalRow, LogicalTable, SubRowSpread,
};
use crate::{finish_tables, meta, text, ParsedTable, TableSettings, TableState};
use phuluc_model::{CellSource, Field, ReviewCode, Warning, WarningCode};
use unicode_normalization::UnicodeNormalization;

/// One cell of a [`CellTable`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceCell {
    /// First and last row, first and last grid column (inclusive).
    pub row: usize,
    pub row_end: usize,
    pub col: usize,
    pub col_end: usize,
    /// The cell's lines (paragraphs), in order, none empty.
    pub lines: Vec<String>,
    /// Where the cell was written.
    pub sources: Vec<CellSource>,
}

/// A table as a grid of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellTable {
    /// Grid columns.
    pub columns: usize,
    /// Per row: whether the document marks it as a header row.
    pub header_rows: Vec<bool>,
    /// Per row, a name for messages ("row 12").
    pub row_names: Vec<String>,
    pub cells: Vec<SourceCell>,
    /// Per row and grid column, the index into `cells` of the covering cell.
    pub cell_at: Vec<Vec<Option<usize>>>,
    /// The paragraphs between the previous table (or the document's start, or the last page
    /// break) and this table, empty ones included, top to bottom.
    pub above: Vec<String>,
    /// Whether a page break stands between this table and the one before it.
    pub page_break_before: bool,
}

impl CellTable {
    fn cell(&self, row: usize, col: usize) -> Option<(usize, &SourceCell)> {
        let i = self.cell_at.get(row)?.get(col).copied().flatten()?;
        Some((i, self.cells.get(i)?))
    }
    fn rows(&self) -> usize {
        self.cell_at.len()
    }
}

/// A document given as tables of cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellDocument {
    pub tables: Vec<CellTable>,
    /// The paragraphs of the document's first page (up to its first page break), empty ones
    /// included: where the plan's own title is looked for.
    pub first_page: Vec<String>,
    /// Warnings of the front end (a nested table read around …).
    pub warnings: Vec<Warning>,
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// A cell's text: its lines joined as the PDF path joins printed lines.
fn text_of(lines: &[String]) -> String {
    LogicalCell::from_lines(0, 0, lines.to_vec(), Vec::new()).text
}

/// The fields a header cell's text names for header detection, as the PDF path finds header
/// phrases among a page's words ([`crate::vocab::Vocabulary::detection`]): a phrase's first word
/// followed by its completing word, or a one-word phrase ("STT") that is the whole cell.
fn detected_fields(text: &str, settings: &TableSettings) -> Vec<Field> {
    let key = crate::vocab::header_key(text);
    let words: Vec<&str> = key.split(' ').collect();
    let mut out = Vec::new();
    for (stem, rest, field) in settings.vocabulary.detection() {
        let found = if rest.is_empty() {
            key == *stem
        } else {
            words.windows(2).any(|w| w[0] == stem && w[1] == rest)
        };
        if found && !out.contains(field) {
            out.push(*field);
        }
    }
    out
}

/// The header rows of a table (first, last), if it has a header.
fn find_header(t: &CellTable, settings: &TableSettings) -> Option<(usize, usize)> {
    let first = (0..t.rows()).find(|&r| {
        let mut fields: Vec<Field> = Vec::new();
        let mut last = usize::MAX;
        for c in 0..t.columns {
            let Some((i, cell)) = t.cell(r, c) else {
                continue;
            };
            if i == last {
                continue;
            }
            last = i;
            let text = text_of(&cell.lines);
            // A header cell is short; a body cell naming a phrase ("Nhiệm vụ 2: …") is not.
            if text.split_whitespace().count() > 2 * settings.max_header_line_words {
                continue;
            }
            for f in detected_fields(&text, settings) {
                if !fields.contains(&f) {
                    fields.push(f);
                }
            }
        }
        let has_stt = fields.contains(&Field::Stt);
        fields.len() >= settings.min_header_fields + usize::from(!has_stt)
    })?;
    let mut last = first;
    loop {
        let next = last + 1;
        if next >= t.rows() {
            break;
        }
        let cells: Vec<&SourceCell> = (0..t.columns)
            .filter_map(|c| t.cell(next, c).map(|(_, k)| k))
            .collect();
        let runs_in = cells.iter().any(|k| k.row < next && k.row >= first);
        let marked = t.header_rows.get(first).copied().unwrap_or(false)
            && t.header_rows.get(next).copied().unwrap_or(false);
        // Sub-headers under a header cell spanning several columns: the row's cells under the
        // span are not row labels or numbers.
        let spanned = (0..t.columns).any(|c| {
            t.cell(last, c)
                .is_some_and(|(_, k)| k.col_end > k.col && k.row_end == last)
        }) && cells.iter().all(|k| {
            let text = text_of(&k.lines);
            let first_word = text.split_whitespace().next().unwrap_or("");
            k.row < next || !(is_row_label(first_word))
        });
        if is_numbering(t, next) || !(runs_in || marked || spanned) {
            break;
        }
        last = next;
    }
    Some((first, last))
}

/// Whether row `r` is a row of column numbers.
fn is_numbering(t: &CellTable, r: usize) -> bool {
    let mut cells: Vec<Option<(String, bool)>> = Vec::new();
    let mut last = usize::MAX;
    for c in 0..t.columns {
        match t.cell(r, c) {
            None => {
                cells.push(None);
                break;
            }
            Some((i, _)) if i == last => {}
            Some((i, k)) => {
                last = i;
                cells.push(Some((text_of(&k.lines), k.row == r && k.row_end == r)));
            }
        }
    }
    let view: Vec<Option<(&str, bool)>> = cells
        .iter()
        .map(|c| c.as_ref().map(|(t, s)| (t.as_str(), *s)))
        .collect();
    is_numbering_row(&view)
}

/// The headers of each column and its fields: a one-level header as the PDF path reads it; a
/// multi-level one as the path of the header cells over each column, top to bottom, joined
/// as the PDF path joins them ([`crate::header::PATH_SEPARATOR`]), each column's field named
/// by its leaf.
fn headers_and_fields(
    t: &CellTable,
    first: usize,
    last: usize,
    settings: &TableSettings,
) -> (Vec<String>, Vec<Field>) {
    let parts = header_parts(t, first, last);
    if parts.iter().all(|p| p.len() <= 1) {
        let headers: Vec<String> = parts.iter().map(|p| p.join(" ")).collect();
        let fields = fields_of(&headers, settings);
        return (headers, fields);
    }
    let paths: Vec<String> = parts
        .iter()
        .map(|p| p.join(crate::header::PATH_SEPARATOR))
        .collect();
    let leaves: Vec<String> = parts
        .iter()
        .map(|p| p.last().cloned().unwrap_or_default())
        .collect();
    let fields = crate::grid::fields_by(&paths, &leaves, settings);
    (paths, fields)
}

/// Per column, the texts of the header cells over it, top to bottom (a column number row
/// left out).
fn header_parts(t: &CellTable, first: usize, last: usize) -> Vec<Vec<String>> {
    (0..t.columns)
        .map(|c| {
            let mut seen: Vec<usize> = Vec::new();
            let mut parts: Vec<String> = Vec::new();
            for r in first..=last {
                if let Some((i, k)) = t.cell(r, c) {
                    if !seen.contains(&i) {
                        seen.push(i);
                        let text = text_of(&k.lines);
                        if !text.is_empty() && !crate::header::is_column_number(&text) {
                            parts.push(text);
                        }
                    }
                }
            }
            parts
        })
        .collect()
}

/// The heading right above a table: the last block of non-empty paragraphs above it.
fn heading_of(above: &[String]) -> Option<String> {
    let end = above.iter().rposition(|p| !p.trim().is_empty())? + 1;
    let start = above[..end]
        .iter()
        .rposition(|p| p.trim().is_empty())
        .map_or(0, |i| i + 1);
    let text: Vec<String> = above[start..end]
        .iter()
        .map(|p| text::collapse_ws(&nfc(p)))
        .collect();
    Some(text.join(" "))
}

/// Whether a row label starts a numbering.
fn starts_numbering(label: &str) -> bool {
    let t = label.trim().trim_end_matches(['.', ')']).to_lowercase();
    matches!(t.as_str(), "1" | "i" | "a" | "01")
}

/// Appends a table's body rows to a logical table.
fn push_rows(table: &mut LogicalTable, t: &CellTable, body: std::ops::Range<usize>, label: &str) {
    let n = table.fields.len().min(t.columns).max(1);
    let stt = table
        .fields
        .iter()
        .position(|f| *f == Field::Stt)
        .unwrap_or(0);
    // Per source cell, the logical cell it went to (usize::MAX: dropped).
    let mut mapped: Vec<Option<usize>> = vec![None; t.cells.len()];
    let lines_of = |k: &SourceCell| -> Vec<String> { k.lines.iter().map(|l| nfc(l)).collect() };
    for r in body {
        let row_name = t.row_names.get(r).cloned().unwrap_or_default();
        let stt_cell = t.cell(r, stt);
        let label_text = stt_cell
            .map(|(_, k)| text_of(&lines_of(k)))
            .unwrap_or_default();
        let first_text = label_text.split_whitespace().next().unwrap_or("");
        let numbered = is_row_label(first_text);
        let covering: Vec<Option<usize>> = (0..n).map(|c| t.cell(r, c).map(|(i, _)| i)).collect();
        let mut distinct: Vec<usize> = covering.iter().flatten().copied().collect();
        distinct.dedup();
        // One cell over the whole row, or (as the PDF path reads a row no interior border
        // crosses) a label and one cell over every column after the STT's: a section row.
        let title_after_label = !label_text.is_empty()
            && n >= stt + 3
            && covering[stt + 1..]
                .iter()
                .all(|c| c.is_some() && *c == covering[stt + 1])
            && covering[stt + 1] != covering[stt]
            && covering[stt + 1]
                .and_then(|i| t.cells.get(i))
                .is_some_and(|k| k.row == r && k.row_end == r);
        let merged_across =
            covering.iter().all(Option::is_some) && (distinct.len() == 1 || title_after_label);
        let empty_row = distinct
            .iter()
            .all(|&i| t.cells.get(i).is_none_or(|k| k.lines.is_empty()));
        if empty_row || is_numbering(t, r) {
            continue;
        }
        let sub_row = numbered
            && !merged_across
            && stt_cell.is_some_and(|(pi, k)| {
                k.row < r
                    && mapped[pi].is_some_and(|li| {
                        table
                            .rows
                            .last()
                            .is_some_and(|row| row.cells.get(stt) == Some(&li))
                    })
            });
        if sub_row || (!numbered && !table.rows.is_empty()) {
            let prev = table.rows.len() - 1;
            if !sub_row {
                let text: Vec<String> = distinct
                    .iter()
                    .filter_map(|&i| t.cells.get(i))
                    .filter(|k| k.row == r && !k.lines.is_empty())
                    .map(|k| text_of(&lines_of(k)))
                    .collect();
                table.warnings.push(
                    Warning::new(
                        WarningCode::RowWithoutNumber,
                        format!(
                            "a row without an STT number ({label}, {row_name}) was appended to the row above"
                        ),
                    )
                    .with_text(text.join(" | ")),
                );
                if let Some(row) = table.rows.get_mut(prev) {
                    row.doubts.push((
                        ReviewCode::RowWithoutNumber,
                        format!("text of a row without an STT number ({label}, {row_name}) was appended"),
                    ));
                }
            }
            if let Some(row) = table.rows.get_mut(prev).filter(|row| !row.merged_across) {
                split_diverging_cells(&mut table.cells, row, &covering);
            }
            let prev_across = table.rows.get(prev).is_some_and(|row| row.merged_across);
            let mut spread = SubRowSpread::default();
            for (c, pi) in covering.iter().enumerate() {
                let Some(pi) = *pi else { continue };
                let Some(&li) = table.rows.get(prev).and_then(|row| row.cells.get(c)) else {
                    continue;
                };
                let spans = !prev_across
                    && t.cells
                        .get(pi)
                        .is_some_and(|k| k.col_end > k.col && k.row == r);
                if !spread.takes(pi, li, spans, mapped[pi]) {
                    continue;
                }
                if let (Some(k), Some(target)) = (t.cells.get(pi), table.cells.get_mut(li)) {
                    let sep = sub_row.then_some("\n");
                    target.append_lines(sep, &lines_of(k), k.sources.clone());
                }
                mapped[pi] = Some(li);
            }
            if spread.spans_columns() {
                if let Some(row) = table.rows.get_mut(prev) {
                    row.doubts.push((
                        ReviewCode::SpanningCell,
                        format!(
                            "a cell of a sub-row ({label}, {row_name}) spans several columns: its text was given to each"
                        ),
                    ));
                }
            }
            continue;
        }
        if !numbered {
            let text: Vec<String> = distinct
                .iter()
                .filter_map(|&i| t.cells.get(i))
                .map(|k| text_of(&lines_of(k)))
                .collect();
            table.warnings.push(
                Warning::new(
                    WarningCode::OrphanContinuation,
                    format!("text above the first row of the table ({label}, {row_name})"),
                )
                .with_text(text.join(" | ")),
            );
            for &i in &distinct {
                mapped[i] = Some(usize::MAX);
            }
            continue;
        }
        let mut cells = Vec::with_capacity(n);
        for (c, pi) in covering.iter().enumerate() {
            let li = match pi.map(|pi| (pi, mapped[pi])) {
                Some((_, Some(li))) if li != usize::MAX => li,
                Some((pi, _)) => {
                    let k = t.cells.get(pi).cloned().unwrap_or_default();
                    table.cells.push(LogicalCell::from_lines(
                        k.col,
                        k.col_end.min(n - 1),
                        lines_of(&k),
                        k.sources,
                    ));
                    let li = table.cells.len() - 1;
                    mapped[pi] = Some(li);
                    li
                }
                None => {
                    // A short row: an empty cell keeps the columns in place.
                    table
                        .cells
                        .push(LogicalCell::from_lines(c, c, Vec::new(), Vec::new()));
                    table.cells.len() - 1
                }
            };
            cells.push(li);
        }
        table.rows.push(LogicalRow {
            label: label_text,
            merged_across,
            cells,
            pages: Vec::new(),
            doubts: Vec::new(),
        });
    }
}

/// Reads a document given as cell tables.
pub fn parse_cell_tables(doc: &CellDocument, settings: TableSettings) -> ParsedTable {
    let mut states: Vec<TableState> = Vec::new();
    let mut title_lines: Option<Vec<String>> = None;
    // Grid columns of the last table read into `states`.
    let mut last_columns: Option<usize> = None;
    for (ti, t) in doc.tables.iter().enumerate() {
        let label = format!("Word table {}", ti + 1);
        let header = find_header(t, &settings);
        let body_start = match header {
            Some((first, last)) => {
                let (headers, fields) = headers_and_fields(t, first, last, &settings);
                let heading = heading_of(&t.above);
                let continues = states.last().is_some_and(|s| {
                    s.table.fields == fields
                        && last_columns == Some(t.columns)
                        && !(heading.is_some() && {
                            let stt = fields.iter().position(|f| *f == Field::Stt).unwrap_or(0);
                            (last + 1..t.rows())
                                .filter_map(|r| t.cell(r, stt))
                                .map(|(_, k)| text_of(&k.lines))
                                .map(|x| x.split_whitespace().next().unwrap_or("").to_string())
                                .find(|x| !x.is_empty())
                                .is_some_and(|x| starts_numbering(&x))
                        })
                });
                if !continues {
                    let mut table = LogicalTable::default();
                    table.headers = headers.iter().map(|h| nfc(h)).collect();
                    table.fields = fields;
                    states.push(TableState {
                        table,
                        title: heading,
                        pages: Vec::new(),
                    });
                }
                if title_lines.is_none() {
                    title_lines = Some(
                        t.above
                            .iter()
                            .map(|p| text::collapse_ws(&nfc(p)))
                            .filter(|p| !p.is_empty())
                            .collect(),
                    );
                }
                last + 1
            }
            // Without a header: the continuation of a table split in two.
            None if !states.is_empty() && last_columns == Some(t.columns) => 0,
            None => continue,
        };
        last_columns = Some(t.columns);
        if let Some(state) = states.last_mut() {
            push_rows(&mut state.table, t, body_start..t.rows(), &label);
        }
    }
    let mut warnings = doc.warnings.clone();
    let (records, tables, _) = finish_tables(&mut states, &settings, &mut warnings);
    let first_page: Vec<text::Line> = doc
        .first_page
        .iter()
        .enumerate()
        .map(|(k, p)| synthetic_line(k, &text::collapse_ws(&nfc(p))))
        .collect();
    let document = meta::document_meta_with_first_page(
        title_lines.as_deref().unwrap_or(&[]),
        meta::plan_title(&first_page),
        meta::letterhead_issuer(&first_page),
    );
    let columns = tables
        .first()
        .map(|t| t.columns.clone())
        .unwrap_or_default();
    ParsedTable {
        document,
        columns,
        records,
        warnings,
        table_pages: Vec::new(),
        tables,
        layouts: Vec::new(),
        header_sighting: None,
    }
}

/// A paragraph as a line for [`meta::plan_title`], which reads lines set at the normal
/// spacing: paragraph `k` sits one line (1.2 × a 12 pt size) below paragraph `k - 1`.
fn synthetic_line(k: usize, text: &str) -> text::Line {
    let size = 12.0;
    let top = k as f64 * 1.2 * size;
    text::Line {
        text: text.to_string(),
        bbox: phuluc_model::BBox::new(0.0, top, 0.0, top + size),
        baseline: top + size,
        size,
        space_width: 0.25 * size,
        first_word_x1: 0.0,
        last_word_x0: 0.0,
        trailing_space: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table from rows of cell texts; `"^"` continues the cell above (a vertical merge),
    /// `"<"` the cell on the left (a horizontal one).
    fn table(rows: &[&[&str]], above: &[&str]) -> CellTable {
        let columns = rows.first().map_or(0, |r| r.len());
        let mut t = CellTable {
            columns,
            header_rows: vec![false; rows.len()],
            row_names: (0..rows.len()).map(|r| format!("row {}", r + 1)).collect(),
            above: above.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        for (r, row) in rows.iter().enumerate() {
            let mut at = vec![None; columns];
            for (c, text) in row.iter().enumerate() {
                let i = match *text {
                    "^" => t.cell_at[r - 1][c],
                    "<" => at[c - 1],
                    _ => {
                        t.cells.push(SourceCell {
                            row: r,
                            row_end: r,
                            col: c,
                            col_end: c,
                            lines: text
                                .split('|')
                                .filter(|l| !l.is_empty())
                                .map(String::from)
                                .collect(),
                            sources: Vec::new(),
                        });
                        Some(t.cells.len() - 1)
                    }
                };
                if let Some(k) = i.and_then(|i| t.cells.get_mut(i)) {
                    k.row_end = r;
                    k.col_end = k.col_end.max(c);
                }
                at[c] = i;
            }
            t.cell_at.push(at);
        }
        t
    }

    #[test]
    fn a_word_table_gives_sections_merges_sub_rows_and_metadata() {
        let t = table(
            &[
                &["STT", "Nhiệm vụ", "Sản phẩm", "Chủ trì"],
                &["(1)", "(2)", "(3)", "(4)"],
                &["I", "Cải cách thể chế", "<", "<"],
                &["1", "Rà soát|- văn bản", "Báo cáo", "Sở Tư pháp"],
                &["^", "^", "Kế hoạch", "Sở Nội vụ"],
                &["2", "Kiểm tra", "Biên bản", "Sở Nội vụ"],
                &["", "thêm", "", ""],
            ],
            &[
                "PHỤ LỤC",
                "DANH MỤC NHIỆM VỤ",
                "(Kèm theo Kế hoạch số 12/KH-UBND ngày 03/02/2025 của UBND tỉnh Lào Cai)",
            ],
        );
        let doc = CellDocument {
            tables: vec![t],
            ..Default::default()
        };
        let p = parse_cell_tables(&doc, TableSettings::default());
        assert_eq!(p.records.len(), 2);
        let r = &p.records[0];
        assert_eq!(
            r.section.as_ref().map(|s| s.title.as_str()),
            Some("Cải cách thể chế")
        );
        assert_eq!(
            r.task.as_ref().map(|c| c.text.as_str()),
            Some("Rà soát\n- văn bản")
        );
        assert_eq!(
            r.output.as_ref().map(|c| c.text.as_str()),
            Some("Báo cáo\nKế hoạch")
        );
        assert_eq!(
            r.lead.as_ref().map(|c| c.text.as_str()),
            Some("Sở Tư pháp\nSở Nội vụ")
        );
        let r = &p.records[1];
        assert_eq!(
            r.task.as_ref().map(|c| c.text.as_str()),
            Some("Kiểm tra thêm")
        );
        assert!(r.review.has(ReviewCode::RowWithoutNumber));
        assert_eq!(p.document.plan_number.as_deref(), Some("12/KH-UBND"));
        assert_eq!(
            p.tables[0]
                .title
                .as_deref()
                .map(|t| t.starts_with("PHỤ LỤC")),
            Some(true)
        );
    }

    #[test]
    fn tables_without_a_header_continue_or_are_not_read() {
        let head: &[&str] = &["STT", "Nhiệm vụ", "Chủ trì"];
        let first = table(&[head, &["1", "a", "Sở Nội vụ"]], &[]);
        let layout = table(&[&["UBND TỈNH", "CỘNG HÒA"]], &[]);
        let rest = table(&[&["2", "b", "Sở Tư pháp"]], &[]);
        let doc = CellDocument {
            tables: vec![layout, first, rest],
            ..Default::default()
        };
        let p = parse_cell_tables(&doc, TableSettings::default());
        let stt: Vec<&str> = p.records.iter().map(|r| r.stt.as_str()).collect();
        assert_eq!(stt, ["1", "2"]);
        assert_eq!(p.tables.len(), 1);
    }
}
