//! Across pages: page grids in, one logical table out.
//!
//! Each page's grid is appended to a [`LogicalTable`] whose rows and cells ignore page breaks:
//! - the header repeated on every page was already read into the page's layout and is not a row;
//! - a first row without a number continues the row cut by the page break: its cells' text is
//!   appended, column by column, to the cells that covered the last row of the previous page;
//! - a merged cell (objective, task, or any column that merges) that runs over the page break
//!   continues too: at the top of a page, an empty cell or one that does not open with its own
//!   label ("2.3: …") in such a column extends the cell above;
//! - a row without a number elsewhere is appended to the row above, with a warning.

use crate::grid::{is_row_label, PageGrid};
use crate::settings::TableSettings;
use crate::text::{separator, Line};
use phuluc_model::{BBox, CellSource, Field, ReviewCode, Warning, WarningCode};

/// A cell of the logical table, possibly spanning page breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct LogicalCell {
    pub col: usize,
    pub col_end: usize,
    pub text: String,
    /// The printed lines' texts, in reading order over all pages (for the normalizer, which
    /// splits agency lists written one per line).
    pub lines: Vec<String>,
    /// The last line, to join a continuation onto.
    last_line: Option<Line>,
    /// Where each piece was printed.
    pub sources: Vec<CellSource>,
}

impl LogicalCell {
    /// A one-column cell with this text and no provenance (for building tables by hand).
    pub fn new(col: usize, text: &str) -> Self {
        LogicalCell {
            col,
            col_end: col,
            text: text.to_string(),
            lines: vec![text.to_string()],
            last_line: None,
            sources: Vec::new(),
        }
    }
}

/// A row of the logical table.
#[derive(Debug, Clone, PartialEq)]
pub struct LogicalRow {
    /// The STT cell's text ("1", "I.", "" …).
    pub label: String,
    /// Whether the row is one cell across the table (a section row).
    pub merged_across: bool,
    /// Per column, the index of the logical cell covering this row.
    pub cells: Vec<usize>,
    pub pages: Vec<u32>,
    /// Why the row's record should be reviewed (set while stitching).
    pub doubts: Vec<(ReviewCode, String)>,
}

/// Which page cells a sub-row gave to which logical cells (shared by the PDF and the Word
/// front ends): a cell spanning several columns gives its text to each column's cell, once
/// each; any other cell to one cell, the first time it is met.
#[derive(Debug, Default)]
pub(crate) struct SubRowSpread(Vec<(usize, usize)>);

impl SubRowSpread {
    /// Whether page cell `pi` (spanning several columns: `spans`; already given to a logical
    /// cell: `mapped`) gives its text to logical cell `li` now.
    pub(crate) fn takes(
        &mut self,
        pi: usize,
        li: usize,
        spans: bool,
        mapped: Option<usize>,
    ) -> bool {
        if !spans {
            return mapped.is_none();
        }
        if self.0.contains(&(pi, li)) {
            return false;
        }
        self.0.push((pi, li));
        true
    }

    /// Whether a spanning cell gave its text to more than one column (the record says so).
    pub(crate) fn spans_columns(&self) -> bool {
        self.0.len() > 1
    }
}

/// Gives a row its own logical cell in each column where the row's cells began as one cell
/// spanning those columns but a later piece of the row (a sub-row, a continuation) has a
/// separate cell per column: `pieces[c]` is the page (or Word) cell that covers column `c` in
/// that piece. The spanning text is copied into each column's new cell (each field it covered
/// keeps it), and what follows goes to each column on its own. Shared by both front ends.
pub(crate) fn split_diverging_cells(
    cells: &mut Vec<LogicalCell>,
    row: &mut LogicalRow,
    pieces: &[Option<usize>],
) {
    for c in 1..row.cells.len().min(pieces.len()) {
        let li = row.cells[c];
        let Some(first) = (0..c).find(|&d| row.cells[d] == li) else {
            continue;
        };
        let (Some(here), Some(there)) = (pieces[c], pieces[first]) else {
            continue;
        };
        if here == there {
            continue;
        }
        // Columns c.. that shared `li` and are covered by the same piece take one copy.
        let Some(mut copy) = cells.get(li).cloned() else {
            continue;
        };
        copy.col = c;
        let new = cells.len();
        let mut last = c;
        for (d, (cell, piece)) in row.cells.iter_mut().zip(pieces).enumerate().skip(c) {
            if *cell == li && *piece == Some(here) {
                *cell = new;
                last = d;
            }
        }
        copy.col_end = last;
        cells.push(copy);
        if let Some(old) = cells.get_mut(li) {
            old.col_end = old.col_end.min(c - 1).max(old.col);
        }
    }
}

/// Where one row band of a page went in the logical table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandTarget {
    pub page: u32,
    pub top: f64,
    pub bottom: f64,
    /// The logical row that took the band's text (None: a header-like or dropped band).
    pub row: Option<usize>,
    /// Whether the band continued a row that began above it (a page break or a sub-row).
    pub continuation: bool,
}

/// The table as one grid over all pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogicalTable {
    pub headers: Vec<String>,
    pub fields: Vec<Field>,
    pub rows: Vec<LogicalRow>,
    pub cells: Vec<LogicalCell>,
    pub warnings: Vec<Warning>,
    /// Every row band of every page pushed, with the logical row it went to.
    pub bands: Vec<BandTarget>,
    /// Columns in which a cell has spanned several rows so far.
    merging: Vec<bool>,
}

impl LogicalTable {
    /// Appends one page's grid.
    pub fn push(&mut self, grid: &PageGrid, settings: &TableSettings) {
        let n = grid.layout.columns();
        if self.headers.is_empty() || grid.has_header && self.headers.len() != n {
            self.headers = grid.layout.headers.clone();
            self.fields = grid.layout.fields.clone();
        }
        if self.merging.len() != n {
            self.merging.resize(n, false);
        }
        for cell in &grid.cells {
            if cell.row_end > cell.row && cell.col == cell.col_end {
                if let Some(m) = self.merging.get_mut(cell.col) {
                    *m = true;
                }
            }
        }
        let stt = grid
            .layout
            .fields
            .iter()
            .position(|f| *f == Field::Stt)
            .unwrap_or(0);
        let mut mapped: Vec<Option<usize>> = vec![None; grid.cells.len()];

        // The first row of the page that is table content (a column-number row is not).
        let mut page_top = true;
        // The page's first row follows an uncertain continuation (`PageGrid::uncertain_top`).
        let mut uncertain_next = false;
        for r in 0..grid.rows.len() {
            let label = grid
                .cell(r, stt)
                .map(|c| c.text.clone())
                .unwrap_or_default();
            let first_text = label.split_whitespace().next().unwrap_or("");
            let numbered = is_row_label(first_text);
            let row_cells: Vec<usize> = (0..n)
                .filter_map(|c| grid.cell_at.get(r).and_then(|v| v.get(c)).copied())
                .collect();
            let pieces: Vec<Option<usize>> = (0..n)
                .map(|c| grid.cell_at.get(r).and_then(|v| v.get(c)).copied())
                .collect();
            let merged_across = grid.merged_across.get(r).copied().unwrap_or(false);
            let empty_row = row_cells
                .iter()
                .all(|&i| grid.cells.get(i).is_none_or(|k| k.text.is_empty()));
            let (top, bottom) = grid.rows[r];
            let mut band = BandTarget {
                page: grid.page,
                top,
                bottom,
                row: None,
                continuation: false,
            };
            if empty_row && r > 0 {
                self.bands.push(band);
                continue;
            }
            if is_column_numbering(grid, r) {
                // "(1) (2) (3) …" under the header: part of the header, not a row.
                self.bands.push(band);
                continue;
            }
            let at_page_top = std::mem::replace(&mut page_top, false);
            // A row whose STT cell began in an earlier band of this page is a sub-row of that
            // STT's task (STT and task merged over several product rows): one record. Numbered
            // ("1" printed in the merged cell), or not: the merged cell continued from the
            // previous page, its number printed there.
            let sub_row = (numbered || label.trim().is_empty())
                && !merged_across
                && grid
                    .cell_at
                    .get(r)
                    .and_then(|v| v.get(stt))
                    .is_some_and(|&pi| {
                        grid.cells.get(pi).is_some_and(|k| k.row < r)
                            && mapped[pi].is_some_and(|li| {
                                self.rows
                                    .last()
                                    .is_some_and(|row| row.cells.get(stt) == Some(&li))
                            })
                    });
            if sub_row {
                let prev_row = self.rows.len() - 1;
                split_diverging_cells(&mut self.cells, &mut self.rows[prev_row], &pieces);
                let mut spread = SubRowSpread::default();
                for c in 0..n {
                    let Some(&pi) = grid.cell_at.get(r).and_then(|v| v.get(c)) else {
                        continue;
                    };
                    let Some(&li) = self.rows[prev_row].cells.get(c) else {
                        continue;
                    };
                    let spans = grid
                        .cells
                        .get(pi)
                        .is_some_and(|k| k.col_end > k.col && k.row == r);
                    if !spread.takes(pi, li, spans, mapped[pi]) {
                        continue;
                    }
                    self.extend_cell_with(li, grid, pi, settings, Some("\n"));
                    mapped[pi] = Some(li);
                }
                if spread.spans_columns() {
                    self.rows[prev_row].doubts.push((
                        ReviewCode::SpanningCell,
                        format!(
                            "a cell of a sub-row on page {} spans several columns: its text was given to each",
                            grid.page
                        ),
                    ));
                }
                band.row = Some(prev_row);
                band.continuation = true;
                self.bands.push(band);
                continue;
            }

            if !numbered && !self.rows.is_empty() {
                // A continuation (page top) or an unnumbered row: extend the row above.
                let prev_row = self.rows.len() - 1;
                if at_page_top && grid.unlabelled {
                    self.rows[prev_row].doubts.push((
                        ReviewCode::UncertainContinuation,
                        format!(
                            "page {} has no header, rules or row number: its text, in the table's columns at the top of the page, was read as this record's continuation",
                            grid.page
                        ),
                    ));
                }
                if at_page_top && grid.uncertain_top {
                    self.rows[prev_row].doubts.push((
                        ReviewCode::UncertainContinuation,
                        format!(
                            "the text at the top of page {} was appended to this record, but it may begin the next row (whose label stands lower, not on its first line)",
                            grid.page
                        ),
                    ));
                    uncertain_next = true;
                }
                if !at_page_top || !label.is_empty() {
                    let text: Vec<&str> = row_cells
                        .iter()
                        .filter_map(|&i| grid.cells.get(i))
                        .filter(|k| k.row == r && !k.text.is_empty())
                        .map(|k| k.text.as_str())
                        .collect();
                    self.warnings.push(
                        Warning::new(
                            WarningCode::RowWithoutNumber,
                            format!("a row without an STT number on page {} was appended to the row above", grid.page),
                        )
                        .on_page(grid.page)
                        .at(BBox::new(grid.layout.bounds[0], grid.rows[r].0, grid.layout.bounds[n], grid.rows[r].1))
                        .with_text(text.join(" | ")),
                    );
                    self.rows[prev_row].doubts.push((
                        ReviewCode::RowWithoutNumber,
                        format!(
                            "text of a row without an STT number on page {} was appended",
                            grid.page
                        ),
                    ));
                }
                if !self.rows[prev_row].merged_across {
                    split_diverging_cells(&mut self.cells, &mut self.rows[prev_row], &pieces);
                }
                let mut spread = SubRowSpread::default();
                for c in 0..n {
                    let Some(&pi) = grid.cell_at.get(r).and_then(|v| v.get(c)) else {
                        continue;
                    };
                    let Some(&li) = self.rows[prev_row].cells.get(c) else {
                        continue;
                    };
                    let spans = !self.rows[prev_row].merged_across
                        && grid
                            .cells
                            .get(pi)
                            .is_some_and(|k| k.col_end > k.col && k.row == r);
                    if !spread.takes(pi, li, spans, mapped[pi]) {
                        continue;
                    }
                    self.extend_cell(li, grid, pi, settings);
                    mapped[pi] = Some(li);
                }
                if let Some(row) = self.rows.last_mut() {
                    if !row.pages.contains(&grid.page) {
                        row.pages.push(grid.page);
                    }
                }
                band.row = Some(prev_row);
                band.continuation = true;
                self.bands.push(band);
                continue;
            }
            if !numbered {
                // Text before the first numbered row of the table.
                let text: Vec<&str> = row_cells
                    .iter()
                    .filter_map(|&i| grid.cells.get(i))
                    .map(|k| k.text.as_str())
                    .collect();
                self.warnings.push(
                    Warning::new(
                        WarningCode::OrphanContinuation,
                        format!(
                            "text above the first row of the table on page {}",
                            grid.page
                        ),
                    )
                    .on_page(grid.page)
                    .with_text(text.join(" | ")),
                );
                for &i in &row_cells {
                    mapped[i] = Some(usize::MAX);
                }
                self.bands.push(band);
                continue;
            }

            // A numbered row: cells of merging columns at the top of a page may continue.
            let mut cells = Vec::with_capacity(n);
            for c in 0..n {
                let Some(&pi) = grid.cell_at.get(r).and_then(|v| v.get(c)) else {
                    continue;
                };
                let li = match mapped[pi] {
                    Some(li) if li != usize::MAX => li,
                    _ => {
                        let li =
                            if at_page_top && !merged_across && self.continues_merge(c, grid, pi) {
                                let prev =
                                    self.rows.last().and_then(|row| row.cells.get(c)).copied();
                                match prev {
                                    Some(li) => {
                                        self.extend_cell(li, grid, pi, settings);
                                        li
                                    }
                                    None => self.new_cell(grid, pi),
                                }
                            } else {
                                self.new_cell(grid, pi)
                            };
                        mapped[pi] = Some(li);
                        li
                    }
                };
                cells.push(li);
            }
            band.row = Some(self.rows.len());
            self.bands.push(band);
            let mut doubts = Vec::new();
            if std::mem::take(&mut uncertain_next) {
                doubts.push((
                    ReviewCode::UncertainContinuation,
                    format!(
                        "this row's label is not on its first line on page {}, and where the row begins could not be told: the text above it went to the record before",
                        grid.page
                    ),
                ));
            }
            self.rows.push(LogicalRow {
                label,
                merged_across,
                cells,
                pages: vec![grid.page],
                doubts,
            });
        }
        self.warnings.extend(grid.warnings.iter().cloned());
    }

    /// Whether the page cell `pi` (in column `c`, at the top of the page) continues the merged
    /// cell above the page break.
    fn continues_merge(&self, c: usize, grid: &PageGrid, pi: usize) -> bool {
        let Some(prev_row) = self.rows.last() else {
            return false;
        };
        if prev_row.merged_across {
            return false;
        }
        let merging = self.merging.get(c).copied().unwrap_or(false)
            || matches!(self.fields.get(c), Some(Field::Objective | Field::Task));
        if !merging {
            return false;
        }
        let Some(prev) = prev_row.cells.get(c).and_then(|&li| self.cells.get(li)) else {
            return false;
        };
        if prev.text.is_empty() {
            return false;
        }
        let Some(cell) = grid.cells.get(pi) else {
            return false;
        };
        cell.text.is_empty()
            || (crate::records::code_of(&cell.text).is_none()
                && crate::records::code_of(&prev.text).is_some())
    }

    fn new_cell(&mut self, grid: &PageGrid, pi: usize) -> usize {
        let Some(cell) = grid.cells.get(pi) else {
            return usize::MAX;
        };
        self.cells.push(LogicalCell {
            col: cell.col,
            col_end: cell.col_end,
            text: cell.text.clone(),
            lines: cell.lines.iter().map(|l| l.text.clone()).collect(),
            last_line: cell.lines.last().cloned(),
            sources: vec![CellSource {
                page: grid.page,
                bbox: cell_box(grid, pi),
                docx: None,
            }],
        });
        self.cells.len() - 1
    }

    fn extend_cell(&mut self, li: usize, grid: &PageGrid, pi: usize, settings: &TableSettings) {
        self.extend_cell_with(li, grid, pi, settings, None);
    }

    /// Appends a page cell's text to a logical cell, with `sep` between them (or, with `None`,
    /// the separator the two lines call for).
    fn extend_cell_with(
        &mut self,
        li: usize,
        grid: &PageGrid,
        pi: usize,
        settings: &TableSettings,
        sep: Option<&str>,
    ) {
        let (Some(cell), Some(target)) = (grid.cells.get(pi), self.cells.get_mut(li)) else {
            return;
        };
        target.sources.push(CellSource {
            page: grid.page,
            bbox: cell_box(grid, pi),
            docx: None,
        });
        let Some(first) = cell.lines.first() else {
            return;
        };
        let sep = match (sep, &target.last_line) {
            _ if target.text.is_empty() => "",
            (Some(sep), _) => sep,
            (None, Some(last)) => {
                let (x0, x1) = (
                    grid.layout.bounds[cell.col],
                    grid.layout.bounds[cell.col_end + 1],
                );
                separator(last, first, x0, x1, &settings.text)
            }
            (None, None) => "",
        };
        target.text.push_str(sep);
        target.text.push_str(&cell.text);
        target
            .lines
            .extend(cell.lines.iter().map(|l| l.text.clone()));
        target.last_line = cell.lines.last().cloned();
    }
}

/// Whether row band `r` is a row of column numbers ("1 2 3 …" or "(1) (2) (3) …", one per
/// column, left to right, consecutive from 1), as many appendices print under the header; at
/// most one column (usually STT's) may be left blank.
fn is_column_numbering(grid: &PageGrid, r: usize) -> bool {
    let mut cells: Vec<Option<(&str, bool)>> = Vec::new();
    let mut last = usize::MAX;
    for c in 0..grid.layout.columns() {
        let Some(&i) = grid.cell_at.get(r).and_then(|v| v.get(c)) else {
            cells.push(None);
            break;
        };
        if i == last {
            continue;
        }
        last = i;
        cells.push(
            grid.cells
                .get(i)
                .map(|cell| (cell.text.as_str(), cell.row == r && cell.row_end == r)),
        );
    }
    is_numbering_row(&cells)
}

/// Whether a row's cells, left to right (each once: its text and whether it lies in this row
/// alone; `None` for a column no cell covers), are column numbers "1 2 3 …" or "(1) (2) (3) …",
/// consecutive from 1, with at most one left blank. Shared by the PDF and Word front ends.
pub(crate) fn is_numbering_row(cells: &[Option<(&str, bool)>]) -> bool {
    strict_numbering_row(cells) || misread_numbering_row(cells)
}

/// A row of column numbers some of which an OCR engine misread ("(1) đ) (3) (4) 4 (6)"): at
/// least [`NUMBERING_ROW_SHARE`] of its cells hold their own column's number, the others are
/// as short as a column number, and none spans rows.
fn misread_numbering_row(cells: &[Option<(&str, bool)>]) -> bool {
    let mut matches = 0;
    for (k, cell) in cells.iter().enumerate() {
        let Some((text, single_row)) = cell else {
            return false;
        };
        if !single_row {
            return false;
        }
        let t = text.trim();
        // A parenthesis of the pair may be lost ("4)", "(9").
        let inner = t.trim_start_matches('(').trim_end_matches(')');
        if inner.parse::<usize>().is_ok_and(|n| n == k + 1) {
            matches += 1;
        } else if t.chars().count() > 4 {
            return false;
        }
    }
    matches >= 3 && matches as f64 >= NUMBERING_ROW_SHARE * cells.len() as f64
}

/// Least share of a misread column-number row's cells that hold their own number.
pub const NUMBERING_ROW_SHARE: f64 = 0.6;

fn strict_numbering_row(cells: &[Option<(&str, bool)>]) -> bool {
    let mut numbers = Vec::new();
    let mut blanks = 0;
    for cell in cells {
        let Some((text, single_row)) = cell else {
            return false;
        };
        if !single_row {
            return false;
        }
        let t = text.trim();
        if t.is_empty() {
            blanks += 1;
            continue;
        }
        let inner = t
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .unwrap_or(t);
        match inner.parse::<usize>() {
            Ok(n) if inner.len() <= 2 && inner.chars().all(|c| c.is_ascii_digit()) => {
                numbers.push(n)
            }
            _ => return false,
        }
    }
    blanks <= 1 && numbers.len() >= 3 && numbers.iter().enumerate().all(|(k, n)| *n == k + 1)
}

/// What goes between two lines of a cell when only their text is known (Word): `"\n"` before
/// a list item, nothing after a glued hyphen, else one space — [`separator`] without geometry.
pub(crate) fn text_separator(prev: &str, next: &str) -> &'static str {
    if crate::text::is_list_item(next) {
        "\n"
    } else if crate::text::ends_with_glued_hyphen(prev) {
        ""
    } else {
        " "
    }
}

impl LogicalCell {
    /// A cell from a front end that gives lines of text rather than glyphs (Word): the lines
    /// joined by [`text_separator`].
    pub(crate) fn from_lines(
        col: usize,
        col_end: usize,
        lines: Vec<String>,
        sources: Vec<CellSource>,
    ) -> Self {
        let mut cell = LogicalCell {
            col,
            col_end,
            text: String::new(),
            lines: Vec::new(),
            last_line: None,
            sources: Vec::new(),
        };
        cell.append_lines(None, &lines, sources);
        cell
    }

    /// Appends lines of text (and their sources), with `sep` before them, or the separator the
    /// two lines call for.
    pub(crate) fn append_lines(
        &mut self,
        sep: Option<&str>,
        lines: &[String],
        sources: Vec<CellSource>,
    ) {
        self.sources.extend(sources);
        for (k, line) in lines.iter().enumerate() {
            if !self.text.is_empty() {
                let prev = self.lines.last().map_or("", String::as_str);
                let s = match sep {
                    Some(s) if k == 0 => s,
                    _ => text_separator(prev, line),
                };
                self.text.push_str(s);
            }
            self.text.push_str(line);
            self.lines.push(line.clone());
        }
    }
}

/// The page box of a grid cell: its columns' bounds by its row bands.
fn cell_box(grid: &PageGrid, pi: usize) -> BBox {
    let Some(cell) = grid.cells.get(pi) else {
        return BBox::default();
    };
    let b = &grid.layout.bounds;
    let x0 = b.get(cell.col).copied().unwrap_or(0.0);
    let x1 = b.get(cell.col_end + 1).copied().unwrap_or(x0);
    let top = grid.rows.get(cell.row).map_or(0.0, |r| r.0);
    let bottom = grid.rows.get(cell.row_end).map_or(top, |r| r.1);
    BBox::new(x0, top, x1, bottom).rounded()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: Vec<usize>) -> LogicalRow {
        LogicalRow {
            label: "1".into(),
            merged_across: false,
            cells,
            pages: vec![1],
            doubts: Vec::new(),
        }
    }

    #[test]
    fn a_span_splits_where_a_later_piece_has_a_cell_per_column() {
        // Columns: STT, lead, partners, timeline. The first sub-row's cell 1 spans lead and
        // partners; the next sub-row has one cell per column.
        let mut span = LogicalCell::new(1, "Theo phân công");
        span.col_end = 2;
        let mut cells = vec![LogicalCell::new(0, "1"), span, LogicalCell::new(3, "2026")];
        let mut r = row(vec![0, 1, 1, 2]);
        split_diverging_cells(
            &mut cells,
            &mut r,
            &[Some(10), Some(11), Some(12), Some(13)],
        );
        assert_eq!(r.cells, vec![0, 1, 3, 2]);
        assert_eq!((cells[1].col, cells[1].col_end), (1, 1));
        assert_eq!((cells[3].col, cells[3].col_end), (2, 2));
        assert_eq!(cells[3].text, "Theo phân công");
    }

    #[test]
    fn a_span_continued_by_a_span_stays_one_cell() {
        let mut span = LogicalCell::new(1, "Theo phân công");
        span.col_end = 2;
        let mut cells = vec![LogicalCell::new(0, "1"), span];
        let mut r = row(vec![0, 1, 1]);
        split_diverging_cells(&mut cells, &mut r, &[Some(10), Some(11), Some(11)]);
        assert_eq!(r.cells, vec![0, 1, 1]);
        assert_eq!(cells.len(), 2);
    }

    #[test]
    fn column_number_rows_even_misread() {
        let row = |texts: &[&str]| -> bool {
            let cells: Vec<Option<(&str, bool)>> = texts.iter().map(|t| Some((*t, true))).collect();
            is_numbering_row(&cells)
        };
        assert!(row(&["(1)", "(2)", "(3)", "(4)"]));
        assert!(row(&["1", "2", "", "4", "5"]));
        // An OCR engine lost some parentheses and misread a few digits.
        assert!(row(&[
            "đ)", "(2)", "®)", "4)", "©)", "(6)", "(7)", "(8)", "9)"
        ]));
        // A record: its texts are long, or too few cells hold their own number.
        assert!(!row(&["1", "2", "Xây dựng kế hoạch", "4"]));
        assert!(!row(&["1", "Sở", "Năm", "2026", "5"]));
    }

    #[test]
    fn a_sub_row_span_gives_its_text_to_each_column_once() {
        let mut spread = SubRowSpread::default();
        assert!(spread.takes(5, 1, true, None));
        assert!(spread.takes(5, 2, true, Some(1)));
        assert!(!spread.takes(5, 2, true, Some(1)));
        assert!(spread.spans_columns());
        let mut plain = SubRowSpread::default();
        assert!(plain.takes(6, 1, false, None));
        assert!(!plain.takes(6, 2, false, Some(1)));
        assert!(!plain.spans_columns());
    }
}
