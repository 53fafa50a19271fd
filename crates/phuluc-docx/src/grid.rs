//! A Word table's rows (cells with `gridSpan` and `vMerge`) in, a grid of cells out: each cell
//! with the rows and grid columns it covers, so that every (row, column) has at most one cell.
//!
//! - `w:gridBefore` skips grid columns at the start of a row; `w:gridSpan` makes a cell cover
//!   several columns; a legacy `w:hMerge` continuation widens the cell on its left.
//! - A `w:vMerge` continuation cell extends the cell above that starts in the same column (its
//!   own paragraphs, which Word does not show, are appended when not empty); without one above it
//!   is a cell of its own.
//! - Paragraphs are split at line breaks, their white space collapsed, empty ones dropped.

/// A `w:vMerge` mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

/// A `w:tc` as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawCell {
    pub xml_index: usize,
    pub span: usize,
    pub vmerge: VMerge,
    pub hmerge_continue: bool,
    pub paragraphs: Vec<String>,
}

/// A `w:tr` as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawRow {
    pub xml_index: usize,
    pub header: bool,
    pub deleted: bool,
    pub grid_before: usize,
    pub cells: Vec<RawCell>,
}

/// A row of a resolved table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The row's index among the table's `w:tr` elements (deleted rows counted).
    pub xml_index: usize,
    /// Marked as a header row repeated on every page (`w:tblHeader`).
    pub header: bool,
}

/// A cell of a resolved table.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// First and last row (indexes into [`Table::rows`], inclusive).
    pub row: usize,
    pub row_end: usize,
    /// First and last grid column (inclusive).
    pub col: usize,
    pub col_end: usize,
    /// The cell's lines: one per paragraph (or line break), white space collapsed, none empty.
    pub paragraphs: Vec<String>,
    /// Every `w:tc` the cell was made of: (row's XML index, cell's index in that row).
    pub sources: Vec<(usize, usize)>,
}

/// A top-level table of the document, resolved into a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table's index among the document's top-level tables (0-based).
    pub index: usize,
    /// Grid columns.
    pub columns: usize,
    pub rows: Vec<Row>,
    pub cells: Vec<Cell>,
    /// Per row and grid column, the index into `cells` of the cell covering it.
    pub cell_at: Vec<Vec<Option<usize>>>,
}

impl Table {
    /// The cell covering `row` in grid column `col`.
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cell_at
            .get(row)
            .and_then(|r| r.get(col))
            .copied()
            .flatten()
            .and_then(|i| self.cells.get(i))
    }
}

fn lines_of(paragraphs: Vec<String>) -> Vec<String> {
    paragraphs
        .iter()
        .flat_map(|p| p.split('\n'))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Resolves a table's rows into a grid.
pub fn resolve(index: usize, grid_columns: usize, raw: Vec<RawRow>) -> Table {
    let width = raw
        .iter()
        .map(|r| {
            r.grid_before
                + r.cells
                    .iter()
                    .filter(|c| !c.hmerge_continue)
                    .map(|c| c.span)
                    .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
        .max(grid_columns);
    let mut table = Table {
        index,
        columns: width,
        rows: Vec::with_capacity(raw.len()),
        cells: Vec::new(),
        cell_at: Vec::with_capacity(raw.len()),
    };
    for (r, row) in raw.into_iter().enumerate() {
        table.rows.push(Row {
            xml_index: row.xml_index,
            header: row.header,
        });
        let mut at: Vec<Option<usize>> = vec![None; width];
        let mut col = row.grid_before.min(width);
        let mut last: Option<usize> = None;
        for cell in row.cells {
            let lines = lines_of(cell.paragraphs);
            let source = (row.xml_index, cell.xml_index);
            if cell.hmerge_continue {
                if let Some(i) = last {
                    // Widen the cell on the left by this one's span.
                    let end = (col + cell.span).min(width);
                    if let Some(k) = table.cells.get_mut(i) {
                        k.col_end = end.saturating_sub(1).max(k.col_end);
                        k.paragraphs.extend(lines);
                        k.sources.push(source);
                    }
                    for slot in at.iter_mut().take(end).skip(col) {
                        *slot = Some(i);
                    }
                    col = end;
                    continue;
                }
            }
            if col >= width {
                break;
            }
            let end = (col + cell.span).min(width);
            let above = (cell.vmerge == VMerge::Continue && r > 0)
                .then(|| {
                    table
                        .cell_at
                        .get(r - 1)
                        .and_then(|v| v.get(col))
                        .copied()
                        .flatten()
                })
                .flatten()
                .filter(|&i| table.cells.get(i).is_some_and(|k| k.col == col));
            let i = match above {
                Some(i) => {
                    if let Some(k) = table.cells.get_mut(i) {
                        k.row_end = r;
                        k.paragraphs.extend(lines);
                        k.sources.push(source);
                    }
                    i
                }
                None => {
                    table.cells.push(Cell {
                        row: r,
                        row_end: r,
                        col,
                        col_end: end - 1,
                        paragraphs: lines,
                        sources: vec![source],
                    });
                    table.cells.len() - 1
                }
            };
            for slot in at.iter_mut().take(end).skip(col) {
                *slot = Some(i);
            }
            last = Some(i);
            col = end;
        }
        table.cell_at.push(at);
    }
    table
}
