//! Stage 4, the cells: row bands and column bounds in, every glyph placed in exactly one cell
//! (or in the header, above or below the table, or a warning) out; cells merged where borders
//! are missing, section rows across the table, spans where a bound is not ruled through a row.

use super::*;

/// Builds the cells (vertical merges where a border is missing over a column; section rows
/// merged across; horizontal spans where a column bound is not ruled through a row) and puts
/// every glyph of the page into one cell, the header, above or below the table, or a warning.
#[allow(clippy::too_many_arguments)]
pub(super) fn assign_glyphs(
    grid: &mut PageGrid,
    glyphs: &[&Glyph],
    inner: &[&HBorder],
    spanning: &[Option<bool>],
    stt_closed: &[Option<bool>],
    open_bounds: &[Vec<usize>],
    words: &[Line],
    settings: &TableSettings,
) {
    let n = grid.layout.columns();
    let stt = grid.layout.stt_column();
    let rows = grid.rows.len();
    let tol = settings.join_tolerance;
    let stt_edge = grid.layout.bounds[stt + 1];
    // The words of a row band whose text runs over the STT column's right edge (a section
    // row printed as one cell across the whole table: "A. HOÀN THIỆN THỂ CHẾ").
    let straddling = |row: usize| -> Option<Line> {
        let (top, bottom) = grid.rows[row];
        let (x0, x1) = (grid.layout.bounds[0], grid.layout.bounds[n]);
        let gs: Vec<&Glyph> = glyphs
            .iter()
            .copied()
            .filter(|g| {
                let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
                cx >= x0 - tol && cx < x1 + tol && cy > top && cy < bottom
            })
            .collect();
        let first = lines_of(&gs, &settings.text).into_iter().next()?;
        let crosses = words_of(&gs, &settings.text).iter().any(|w| {
            (w.baseline - first.baseline).abs() < 0.3 * w.size.max(1.0)
                && w.bbox.x0 < stt_edge - 0.5
                && w.bbox.x1 > stt_edge + 0.5
        });
        crosses.then_some(first)
    };
    let straddle: Vec<Option<Line>> = (0..rows)
        .map(|r| match stt_closed.get(r).copied().flatten() {
            Some(true) => None,
            _ => straddling(r),
        })
        .collect();

    // Section rows by borders; where borders cannot tell, by the STT label (decided below).
    let stt_label = |row: usize| -> String {
        let (top, bottom) = grid.rows[row];
        let (x0, x1) = (grid.layout.bounds[stt], grid.layout.bounds[stt + 1]);
        let gs: Vec<&Glyph> = glyphs
            .iter()
            .copied()
            .filter(|g| {
                let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
                cx >= x0 && cx < x1 && cy > top && cy < bottom
            })
            .collect();
        lines_of(&gs, &settings.text)
            .first()
            .map(|l| l.text.clone())
            .unwrap_or_default()
    };
    // Where no vertical border can tell, a row numbered like a data row ("1", "2" under
    // restarting or dotted numbering) is a section row when its text is bold and the page's
    // other numbered rows are not.
    let bold_rows: Vec<bool> = (0..rows)
        .map(|r| {
            let (top, bottom) = grid.rows[r];
            let (x0, x1) = (grid.layout.bounds[0], grid.layout.bounds[n]);
            let mut inside = glyphs
                .iter()
                .filter(|g| !g.text.trim().is_empty())
                .filter(|g| {
                    let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
                    cx >= x0 - tol && cx < x1 + tol && cy > top && cy < bottom
                })
                .peekable();
            inside.peek().is_some() && inside.all(|g| is_bold_font(&g.font))
        })
        .collect();
    let labels: Vec<String> = (0..rows)
        .map(|r| match &straddle[r] {
            Some(line) => line.text.split(' ').next().unwrap_or("").to_string(),
            None => stt_label(r),
        })
        .collect();
    let numbered: Vec<usize> = (0..rows).filter(|&r| is_row_number(&labels[r])).collect();
    let bold_means_section = numbered.iter().any(|&r| !bold_rows[r]);
    let merged_across: Vec<bool> = (0..rows)
        .map(|r| match spanning.get(r).copied().flatten() {
            Some(s) => s && !labels[r].is_empty(),
            None => {
                is_section_label(&labels[r])
                    || (bold_means_section && bold_rows[r] && is_row_number(&labels[r]))
            }
        })
        .collect();

    // Cells: per column, runs of row bands not separated by a border over that column.
    let mut cell_at = vec![vec![usize::MAX; n]; rows];
    let mut cells: Vec<GridCell> = Vec::new();
    for c in 0..n {
        let mut r = 0;
        while r < rows {
            if cell_at[r][c] != usize::MAX {
                r += 1;
                continue;
            }
            if merged_across[r] && straddle[r].is_some() {
                // One cell over the whole row, STT column included.
                let id = cells.len();
                cells.push(GridCell {
                    col: 0,
                    col_end: n - 1,
                    row: r,
                    row_end: r,
                    lines: Vec::new(),
                    bbox: None,
                    text: String::new(),
                });
                cell_at[r].fill(id);
                r += 1;
                continue;
            }
            if merged_across[r] && c != stt {
                let id = cells.len();
                let first = if stt == 0 { 1 } else { 0 };
                cells.push(GridCell {
                    col: first,
                    col_end: n - 1,
                    row: r,
                    row_end: r,
                    lines: Vec::new(),
                    bbox: None,
                    text: String::new(),
                });
                for cc in (0..n).filter(|cc| *cc != stt) {
                    cell_at[r][cc] = id;
                }
                r += 1;
                continue;
            }
            let mut end = r;
            while end + 1 < rows && !merged_across[end + 1] && !inner[end].covers[c] {
                end += 1;
            }
            let id = cells.len();
            cells.push(GridCell {
                col: c,
                col_end: c,
                row: r,
                row_end: end,
                lines: Vec::new(),
                bbox: None,
                text: String::new(),
            });
            for row in cell_at.iter_mut().take(end + 1).skip(r) {
                row[c] = id;
            }
            r = end + 1;
        }
    }

    merge_spans(&mut cells, &mut cell_at, open_bounds, &merged_across);

    let mut members: Vec<Vec<&Glyph>> = vec![Vec::new(); cells.len()];
    let mut above: Vec<&Glyph> = Vec::new();
    let mut stray: Vec<&Glyph> = Vec::new();
    let mut placements = Vec::with_capacity(glyphs.len());
    for g in glyphs.iter().copied() {
        let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
        let place = if g.text.trim().is_empty() {
            Placement::Space
        } else if cy < grid.header_top {
            Placement::Above
        } else if cy <= grid.header_bottom {
            match grid.layout.column_at(cx, tol) {
                Some(_) => Placement::Header,
                None => Placement::Stray,
            }
        } else if cy > grid.bottom {
            Placement::Below
        } else {
            let col = grid
                .layout
                .column_at(cx, tol)
                .or_else(|| outer_column_of_word(&grid.layout, g, words));
            let row = grid.rows.iter().position(|(t, b)| cy > *t && cy <= *b);
            match (col, row) {
                (Some(col), Some(row)) => Placement::Cell(cell_at[row][col]),
                _ => Placement::Stray,
            }
        };
        match place {
            Placement::Above => above.push(g),
            Placement::Stray => stray.push(g),
            Placement::Cell(i) => members[i].push(g),
            _ => {}
        }
        placements.push(place);
    }
    for (cell, gs) in cells.iter_mut().zip(members) {
        cell.lines = lines_of(&gs, &settings.text);
        cell.bbox = cell.lines.iter().map(|l| l.bbox).reduce(|a, b| a.union(&b));
    }
    // Text edges per column: the leftmost line start gives the cell padding, assumed the same
    // on the right. A producer breaks a word only at the right text edge.
    let bounds = &grid.layout.bounds;
    let mut pads = vec![f64::INFINITY; n];
    for cell in cells.iter().filter(|k| k.col == k.col_end) {
        for l in &cell.lines {
            pads[cell.col] = pads[cell.col].min(l.bbox.x0 - bounds[cell.col]);
        }
    }
    for cell in cells.iter_mut() {
        let pad = pads[cell.col].clamp(0.0, 0.25 * (bounds[cell.col + 1] - bounds[cell.col]));
        let (x0, x1) = (bounds[cell.col] + pad, bounds[cell.col_end + 1] - pad);
        cell.text = join_lines(&cell.lines, x0, x1, &settings.text);
    }

    // A word printed across a column line between two different cells was cut in two: the
    // cells are not what the page shows (a span whose border is drawn, text overflowing).
    for w in words {
        let cy = w.bbox.center_y();
        if cy <= grid.header_bottom || cy > grid.bottom {
            continue;
        }
        let Some(row) = grid.rows.iter().position(|(t, b)| cy > *t && cy <= *b) else {
            continue;
        };
        let cut = (1..n).find(|&k| {
            let x = grid.layout.bounds[k];
            w.bbox.x0 < x - settings.cut_word_overlap * w.size.max(1.0)
                && w.bbox.x1 > x + settings.cut_word_overlap * w.size.max(1.0)
                && cell_at[row][k - 1] != cell_at[row][k]
        });
        if let Some(k) = cut {
            grid.warnings.push(
                Warning::new(
                    WarningCode::TextAcrossColumns,
                    format!(
                        "the word {:?} on page {} is printed across the line between columns {} and {} and was cut between their cells",
                        w.text,
                        grid.page,
                        k,
                        k + 1
                    ),
                )
                .on_page(grid.page)
                .at(w.bbox),
            );
        }
    }

    for line in lines_of(&stray, &settings.text) {
        grid.warnings.push(
            Warning::new(
                WarningCode::UnassignedText,
                format!(
                    "text outside every column on page {}: {:?}",
                    grid.page, line.text
                ),
            )
            .on_page(grid.page)
            .at(line.bbox)
            .with_text(line.text),
        );
    }
    grid.above = lines_of(&above, &settings.text);
    grid.cells = cells;
    grid.cell_at = cell_at;
    grid.merged_across = merged_across;
    grid.placements = placements;
}

/// Joins side by side the one-column cells of a row that an unruled column bound separates,
/// when both cover exactly the same row bands (a rectangle): one cell spanning the columns.
pub(super) fn merge_spans(
    cells: &mut [GridCell],
    cell_at: &mut [Vec<usize>],
    open_bounds: &[Vec<usize>],
    merged_across: &[bool],
) {
    for (r, bounds) in open_bounds.iter().enumerate() {
        if merged_across.get(r).copied().unwrap_or(false) {
            continue;
        }
        for &k in bounds {
            let (Some(&a), Some(&b)) = (
                cell_at.get(r).and_then(|v| v.get(k - 1)),
                cell_at.get(r).and_then(|v| v.get(k)),
            ) else {
                continue;
            };
            if a == b {
                continue;
            }
            let (Some(ca), Some(cb)) = (cells.get(a), cells.get(b)) else {
                continue;
            };
            if ca.row != cb.row || ca.row_end != cb.row_end || ca.col_end + 1 != cb.col {
                continue;
            }
            // The bound must be open over every row band the cells cover.
            let open_through =
                (ca.row..=ca.row_end).all(|rr| open_bounds.get(rr).is_some_and(|o| o.contains(&k)));
            if !open_through {
                continue;
            }
            let (row, row_end, col_end) = (cb.row, cb.row_end, cb.col_end);
            cells[a].col_end = col_end;
            for line in cell_at.iter_mut().take(row_end + 1).skip(row) {
                for id in line.iter_mut() {
                    if *id == b {
                        *id = a;
                    }
                }
            }
            // Cell `b` stays in the list, covering nothing: it gets no glyphs and no row.
            cells[b].row_end = cells[b].row;
            cells[b].col_end = cells[b].col;
        }
    }
}

/// The outer column of a glyph printed beyond the table's outer bound, when its word begins
/// (or, on the left, ends) inside that column: the end of "Thường xuyên" centred in an
/// unruled last column runs past the bound read from the header's words. Otherwise `None`.
fn outer_column_of_word(layout: &Layout, g: &Glyph, words: &[Line]) -> Option<usize> {
    let n = layout.columns();
    let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
    let word = words.iter().find(|w| w.bbox.contains(cx, cy))?;
    let (left, right) = (*layout.bounds.first()?, *layout.bounds.last()?);
    if cx > right && word.bbox.x0 < right && word.bbox.x0 >= layout.bounds[n - 1] {
        Some(n - 1)
    } else if cx < left && word.bbox.x1 > left && word.bbox.x1 <= layout.bounds[1] {
        Some(0)
    } else {
        None
    }
}
