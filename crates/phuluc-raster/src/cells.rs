//! The cells of a ruled table, from its ruling lines alone: where OCR reads a scanned table
//! cell by cell (no "|" read from the rules, no words run across columns), and where an OCR
//! text layer's missing cells are found.
//!
//! Horizontal rule positions within [`MIN_CELL_PT`] are one row border, vertical ones one
//! column border. A band between two row borders is part of the table when vertical rules
//! close it on both sides; inside it, a column border that no vertical rule draws across the
//! band merges the cells either side (a section row one cell across), and a row border that
//! no horizontal rule draws over a column merges the cells above and below (a vertically
//! merged cell). Nothing here knows what the table says: the parser finds the header and the
//! fields later, from the text.

use phuluc_model::{BBox, Rule};

/// How far (points) a rule may stop short of a border it closes: rules found in a scan end a
/// little inside the corners where JPEG noise breaks them.
pub const RULE_SLACK_PT: f64 = 4.0;

/// Smallest width or height (points) of a band between two borders that can hold text: rule
/// positions closer than this are one border (a rule found in a scan is a few samples thick,
/// its pieces do not lie exactly in line, and a double rule is one border).
pub const MIN_CELL_PT: f64 = 6.0;

/// One cell of a ruled table: its box between the centres of the rules around it, and the
/// rows and columns (of the table's borders) it covers, inclusive.
#[derive(Debug, Clone, PartialEq)]
pub struct RuledCell {
    pub bbox: BBox,
    pub col: usize,
    pub col_end: usize,
    pub row: usize,
    pub row_end: usize,
}

/// Positions within [`MIN_CELL_PT`] of each other, clustered and averaged.
fn borders(mut at: Vec<f64>) -> Vec<f64> {
    at.retain(|v| v.is_finite());
    at.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for v in at {
        match out.last_mut() {
            Some((sum, n)) if v - *sum / *n as f64 <= MIN_CELL_PT => {
                *sum += v;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f64).collect()
}

/// The cells of the ruled table(s) drawn by `rules` (page coordinates), top-down and left to
/// right by their first row and column. Empty when the rules draw no closed band.
pub fn ruled_cells(rules: &[Rule]) -> Vec<RuledCell> {
    let (h, v): (Vec<&Rule>, Vec<&Rule>) = rules.iter().partition(|r| r.is_horizontal());
    let ys = borders(h.iter().map(|r| r.position()).collect());
    let xs = borders(v.iter().map(|r| r.position()).collect());
    if ys.len() < 2 || xs.len() < 2 {
        return Vec::new();
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    // Whether a vertical rule draws column border `c` across row band `r`.
    let v_closes = |c: usize, r: usize| {
        v.iter().any(|rule| {
            let (top, bottom) = rule.span();
            (rule.position() - xs[c]).abs() <= MIN_CELL_PT
                && top <= ys[r] + RULE_SLACK_PT
                && bottom >= ys[r + 1] - RULE_SLACK_PT
        })
    };
    // Whether a horizontal rule draws row border `r` over column `c`.
    let h_closes = |r: usize, c: usize| {
        h.iter().any(|rule| {
            let (x0, x1) = rule.span();
            (rule.position() - ys[r]).abs() <= MIN_CELL_PT
                && x0 <= xs[c] + RULE_SLACK_PT
                && x1 >= xs[c + 1] - RULE_SLACK_PT
        })
    };
    // A band is in the table when both of the table's outer borders close it, and its top
    // and bottom are drawn somewhere along it.
    let mut region: Vec<Option<usize>> = vec![None; rows * cols];
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for r in 0..rows {
        // The leftmost and rightmost borders that close this band are its table's edges.
        let closed: Vec<usize> = (0..=cols).filter(|&c| v_closes(c, r)).collect();
        let (Some(&left), Some(&right)) = (closed.first(), closed.last()) else {
            continue;
        };
        if right <= left {
            continue;
        }
        for c in left..right {
            region[r * cols + c] = Some(r);
            if c > left && !closed.contains(&c) {
                let (a, b) = (
                    root(&mut parent, r * cols + c),
                    root(&mut parent, r * cols + c - 1),
                );
                parent[a] = b;
            }
        }
    }
    for r in 1..rows {
        for c in 0..cols {
            if region[r * cols + c].is_some()
                && region[(r - 1) * cols + c].is_some()
                && !h_closes(r, c)
            {
                let (a, b) = (
                    root(&mut parent, r * cols + c),
                    root(&mut parent, (r - 1) * cols + c),
                );
                parent[a] = b;
            }
        }
    }
    let mut cells: std::collections::BTreeMap<usize, RuledCell> = Default::default();
    for r in 0..rows {
        for c in 0..cols {
            if region[r * cols + c].is_none() {
                continue;
            }
            let key = root(&mut parent, r * cols + c);
            let cell = cells.entry(key).or_insert(RuledCell {
                bbox: BBox::new(xs[c], ys[r], xs[c + 1], ys[r + 1]),
                col: c,
                col_end: c,
                row: r,
                row_end: r,
            });
            cell.bbox = cell
                .bbox
                .union(&BBox::new(xs[c], ys[r], xs[c + 1], ys[r + 1]));
            cell.col = cell.col.min(c);
            cell.col_end = cell.col_end.max(c);
            cell.row = cell.row.min(r);
            cell.row_end = cell.row_end.max(r);
        }
    }
    let mut out: Vec<RuledCell> = cells
        .into_values()
        .filter(|c| c.bbox.width() >= MIN_CELL_PT && c.bbox.height() >= MIN_CELL_PT)
        .collect();
    out.sort_by_key(|c| (c.row, c.col));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use phuluc_model::RuleKind;

    fn h(y: f64, x0: f64, x1: f64) -> Rule {
        Rule {
            bbox: BBox::new(x0, y - 0.3, x1, y + 0.3),
            kind: RuleKind::Stroke,
        }
    }
    fn v(x: f64, top: f64, bottom: f64) -> Rule {
        Rule {
            bbox: BBox::new(x - 0.3, top, x + 0.3, bottom),
            kind: RuleKind::Stroke,
        }
    }

    #[test]
    fn a_ruled_grid_gives_its_cells_with_merges() {
        // Three columns (0, 30, 100, 200) and three rows (0, 20, 40, 80): row 1 is a section
        // row (no inner verticals across it); the border between rows 0 and 2 of column 2
        // is missing under row 1 … and column 2 of row 2 continues from nothing.
        let rules = vec![
            h(0.0, 0.0, 200.0),
            h(20.0, 0.0, 200.0),
            h(40.0, 0.0, 200.0),
            h(80.0, 0.0, 100.0),
            h(80.0, 100.0, 200.0),
            v(0.0, 0.0, 80.0),
            v(200.0, 0.0, 80.0),
            v(30.0, 0.0, 20.0),
            v(30.0, 40.0, 80.0),
            v(100.0, 0.0, 20.0),
            v(100.0, 40.0, 80.0),
        ];
        let cells = ruled_cells(&rules);
        let spans: Vec<(usize, usize, usize, usize)> = cells
            .iter()
            .map(|c| (c.row, c.row_end, c.col, c.col_end))
            .collect();
        assert_eq!(
            spans,
            [
                (0, 0, 0, 0),
                (0, 0, 1, 1),
                (0, 0, 2, 2),
                (1, 1, 0, 2),
                (2, 2, 0, 0),
                (2, 2, 1, 1),
                (2, 2, 2, 2)
            ]
        );
        assert_eq!(cells[3].bbox, BBox::new(0.0, 20.0, 200.0, 40.0));
    }

    #[test]
    fn rules_that_close_no_band_give_no_cells() {
        assert!(ruled_cells(&[h(0.0, 0.0, 100.0), h(50.0, 0.0, 100.0)]).is_empty());
        assert!(ruled_cells(&[]).is_empty());
    }
}
