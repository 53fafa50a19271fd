//! Header cells: the header band, its column bounds and its borders in; each column's header
//! path out ("Kinh phí (triệu đồng) / Trong đó / Ngân sách tỉnh").
//!
//! A one-level header gives each column the text printed above it. A two- or three-level
//! header prints a group cell ("Thời gian thực hiện") over several leaf columns ("Bắt đầu |
//! Hoàn thành"): inside the header band, a horizontal border runs under the group only, and the
//! vertical borders between its leaves start at that border. Read per column, the band is cut by
//! the horizontal borders that cross the column into levels; each level's cell reaches left and
//! right over every column bound that is ruled somewhere in the band but not at that level's
//! height. The column's header is the path of its cells' texts, top to bottom, joined by
//! [`PATH_SEPARATOR`]. A bound that no vertical border draws in the band (found from the text's
//! channels) never joins cells: without borders the group cannot be told from its leaves.
//!
//! Only ruled headers are read in levels; [`HeaderLevels::leaves`] then gives the texts that the
//! vocabulary maps to fields (a leaf names its own field: "Đơn vị thực hiện / Chủ trì" is the
//! lead agency, "Thời gian thực hiện / Bắt đầu" no known field, so `extra`).

use crate::settings::TableSettings;
use crate::text::{join_lines, lines_of};
use phuluc_model::{BBox, Glyph};

/// Joins the levels of a header path.
pub const PATH_SEPARATOR: &str = " / ";

/// A border counts as crossing a level when it reaches this far (× size) into it; shorter
/// overlaps are the corner joins of neighbouring cells.
const LEVEL_BORDER_REACH: f64 = 0.3;

/// The header of a multi-level table, per column.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderLevels {
    /// The full path of each column's header ("Kết quả thống kê / Số liệu").
    pub paths: Vec<String>,
    /// The lowest level's text of each column ("Số liệu").
    pub leaves: Vec<String>,
}

/// The band's header read in levels, or `None` when it has one level (no column holds two
/// header cells one above the other and no header cell spans columns).
#[allow(clippy::too_many_arguments)]
pub fn levels(
    top: f64,
    bottom: f64,
    bounds: &[f64],
    hrules: &[BBox],
    vrules: &[BBox],
    glyphs: &[Glyph],
    size: f64,
    settings: &TableSettings,
) -> Option<HeaderLevels> {
    let n = bounds.len().checked_sub(1)?;
    if n < 2 {
        return None;
    }
    let tol = LEVEL_BORDER_REACH * size;
    // Bounds drawn by a vertical border somewhere inside the band: only those can be open at
    // one level and closed at another.
    let ruled_at = |x: f64, y0: f64, y1: f64| {
        vrules.iter().any(|r| {
            (r.center_x() - x).abs() <= settings.snap_tolerance.max(1.0)
                && r.top < y1 - tol
                && r.bottom > y0 + tol
        })
    };
    let drawn: Vec<bool> = bounds.iter().map(|&x| ruled_at(x, top, bottom)).collect();
    let mut paths = Vec::with_capacity(n);
    let mut leaves = Vec::with_capacity(n);
    let mut layered = false;
    for c in 0..n {
        let (x0, x1) = (bounds[c], bounds[c + 1]);
        let mid = (x0 + x1) / 2.0;
        let mut cuts: Vec<f64> = hrules
            .iter()
            .filter(|r| {
                r.x0 <= mid
                    && r.x1 >= mid
                    && r.center_y() > top + tol
                    && r.center_y() < bottom - tol
            })
            .map(|r| r.center_y())
            .collect();
        cuts.sort_by(f64::total_cmp);
        cuts.dedup_by(|a, b| (*a - *b).abs() <= settings.snap_tolerance);
        let mut edges = vec![top];
        edges.extend(cuts);
        edges.push(bottom);
        let mut texts: Vec<String> = Vec::new();
        for level in edges.windows(2) {
            let (y0, y1) = (level[0], level[1]);
            // Reach over bounds drawn elsewhere in the band but open at this level.
            let mut lo = c;
            while lo > 0 && drawn[lo] && !ruled_at(bounds[lo], y0, y1) {
                lo -= 1;
            }
            let mut hi = c + 1;
            while hi < n && drawn[hi] && !ruled_at(bounds[hi], y0, y1) {
                hi += 1;
            }
            if hi - lo > 1 {
                layered = true;
            }
            let cell = BBox::new(bounds[lo], y0, bounds[hi], y1);
            let inside: Vec<&Glyph> = glyphs
                .iter()
                .filter(|g| {
                    let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
                    cx >= cell.x0 && cx < cell.x1 && cy > cell.top && cy < cell.bottom
                })
                .collect();
            let text = cell_text(&inside, settings);
            if !text.is_empty() && !is_column_number(&text) {
                texts.push(text);
            }
        }
        if texts.len() > 1 {
            layered = true;
        }
        leaves.push(texts.last().cloned().unwrap_or_default());
        paths.push(texts.join(PATH_SEPARATOR));
    }
    layered.then_some(HeaderLevels { paths, leaves })
}

/// A header cell's text. Most of its glyphs turned on their side (a narrow "STT" or "Ghi chú"
/// column with vertical text): read along the column, bottom to top as Word and LibreOffice
/// turn text, or top to bottom when only that reading names a field.
pub fn cell_text(glyphs: &[&Glyph], settings: &TableSettings) -> String {
    let turned = glyphs.iter().filter(|g| !g.upright).count();
    if turned * 2 <= glyphs.len() {
        return join_lines(
            &lines_of(glyphs, &settings.text),
            f64::NAN,
            f64::NAN,
            &settings.text,
        );
    }
    // The turned lines: glyphs grouped by their position across the column.
    let mut by_x: Vec<&Glyph> = glyphs.to_vec();
    by_x.sort_by(|a, b| a.bbox.center_x().total_cmp(&b.bbox.center_x()));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in by_x {
        let near = lines.last().and_then(|l| l.last()).is_some_and(|last| {
            (g.bbox.center_x() - last.bbox.center_x()).abs() < 0.5 * g.size.max(1.0)
        });
        match lines.last_mut() {
            Some(l) if near => l.push(g),
            _ => lines.push(vec![g]),
        }
    }
    for l in &mut lines {
        l.sort_by(|a, b| b.bbox.center_y().total_cmp(&a.bbox.center_y()));
    }
    // Bottom to top, lines left to right; or top to bottom, lines right to left.
    let up: Vec<String> = lines
        .iter()
        .map(|l| l.iter().map(|g| g.text.as_str()).collect())
        .collect();
    let down: Vec<String> = lines
        .iter()
        .rev()
        .map(|l| l.iter().rev().map(|g| g.text.as_str()).collect())
        .collect();
    let up = crate::text::collapse_ws(&up.join(" "));
    let down = crate::text::collapse_ws(&down.join(" "));
    let vocab = &settings.vocabulary;
    if vocab.field_of_header(&up).is_none() && vocab.field_of_header(&down).is_some() {
        down
    } else {
        up
    }
}

/// A column number printed under the header ("(3)", "3").
pub(crate) fn is_column_number(text: &str) -> bool {
    let t = text.trim().trim_start_matches('(').trim_end_matches(')');
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use phuluc_model::Glyph;

    fn word(text: &str, x0: f64, top: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, ch)| {
                let x = x0 + 5.0 * i as f64;
                Glyph {
                    text: ch.to_string(),
                    bbox: BBox::new(x, top, x + 5.0, top + 10.0),
                    baseline: top + 8.0,
                    size: 10.0,
                    font: "Times".into(),
                    upright: true,
                }
            })
            .collect()
    }
    fn v(x: f64, top: f64, bottom: f64) -> BBox {
        BBox::new(x - 0.25, top, x + 0.25, bottom)
    }
    fn h(x0: f64, x1: f64, y: f64) -> BBox {
        BBox::new(x0, y - 0.25, x1, y + 0.25)
    }

    /// STT | Nhiệm vụ | Thời gian (Bắt đầu | Hoàn thành), the group's border at y = 120.
    fn two_levels(sub_divider_from: f64) -> Option<HeaderLevels> {
        let bounds = [0.0, 40.0, 200.0, 280.0, 360.0];
        let hrules = vec![
            h(0.0, 360.0, 100.0),
            h(200.0, 360.0, 120.0),
            h(0.0, 360.0, 140.0),
        ];
        let vrules = vec![
            v(0.0, 100.0, 140.0),
            v(40.0, 100.0, 140.0),
            v(200.0, 100.0, 140.0),
            v(280.0, sub_divider_from, 140.0),
            v(360.0, 100.0, 140.0),
        ];
        let mut glyphs = word("STT", 5.0, 115.0);
        glyphs.extend(word("Task", 60.0, 115.0));
        glyphs.extend(word("Group", 260.0, 105.0));
        glyphs.extend(word("Start", 210.0, 125.0));
        glyphs.extend(word("End", 290.0, 125.0));
        levels(
            100.0,
            140.0,
            &bounds,
            &hrules,
            &vrules,
            &glyphs,
            10.0,
            &TableSettings::default(),
        )
    }

    #[test]
    fn turned_header_text_is_read_along_the_column() {
        // "Ghi chú" turned a quarter left, in two turned lines: "Ghi" left, "chú" right,
        // each read bottom to top.
        let mut glyphs = Vec::new();
        for (x, word) in [(10.0, "Ghi"), (22.0, "chú")] {
            for (i, ch) in word.chars().enumerate() {
                let y = 100.0 - 6.0 * i as f64;
                glyphs.push(Glyph {
                    text: ch.to_string(),
                    bbox: BBox::new(x, y - 6.0, x + 10.0, y),
                    baseline: y,
                    size: 10.0,
                    font: "Times".into(),
                    upright: false,
                });
            }
        }
        let refs: Vec<&Glyph> = glyphs.iter().collect();
        assert_eq!(cell_text(&refs, &TableSettings::default()), "Ghi chú");
    }

    #[test]
    fn a_group_over_two_leaves_gives_paths() {
        let l = two_levels(120.0).expect("two levels");
        assert_eq!(l.paths, ["STT", "Task", "Group / Start", "Group / End"]);
        assert_eq!(l.leaves, ["STT", "Task", "Start", "End"]);
    }

    #[test]
    fn a_one_level_header_is_not_layered() {
        // The divider runs the band's full height: the "group" border is a cell's own, and
        // nothing spans; with no horizontal border inside the band there is one level.
        let bounds = [0.0, 40.0, 200.0, 360.0];
        let vrules = vec![
            v(0.0, 100.0, 140.0),
            v(40.0, 100.0, 140.0),
            v(200.0, 100.0, 140.0),
            v(360.0, 100.0, 140.0),
        ];
        let mut glyphs = word("STT", 5.0, 115.0);
        glyphs.extend(word("Task", 60.0, 115.0));
        let got = levels(
            100.0,
            140.0,
            &bounds,
            &[h(0.0, 360.0, 100.0), h(0.0, 360.0, 140.0)],
            &vrules,
            &glyphs,
            10.0,
            &TableSettings::default(),
        );
        assert_eq!(got, None);
    }

    #[test]
    fn an_unruled_bound_never_joins_cells() {
        // The divider between the leaves is not drawn at all (the bound came from the text's
        // channels): the group's cell is not widened over it, so its text is cut there.
        let l = two_levels(1000.0).expect("the group border still makes two levels");
        assert_eq!(l.paths[2], "Grou / Start");
        assert_eq!(l.paths[3], "p / End");
    }
}
