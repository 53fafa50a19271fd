//! Borders from a page's rules, whatever way the producer drew them.
//!
//! - **Dashed and dotted borders** drawn as many short segments (one path per dash) are joined
//!   back into one rule: collinear pieces (same position within
//!   [`TableSettings::snap_tolerance`]) whose gaps are at most [`TableSettings::max_dash_gap`].
//!   A dash pattern on one stroked path (`d` operator) needs nothing: the path is one rule.
//! - **Short pieces** still under [`TableSettings::min_rule_length`] after joining (underlines of
//!   a word, bullets, tick marks) and **thick boxes** over
//!   [`TableSettings::max_rule_thickness`] (shading) are not borders.
//! - **Doubled borders** (two parallel lines a point or two apart, Word's "double" style) and a
//!   border drawn twice (stroke and fill) become one rule at their mean position: parallel
//!   rules closer than [`TableSettings::double_rule_gap`] that overlap along most of the
//!   shorter one's length. No column or row is that narrow.

use crate::settings::TableSettings;
use phuluc_model::{BBox, Rule};

/// A rule along one axis: `pos` across, `[a, b]` along, `thick` across.
#[derive(Debug, Clone, Copy)]
struct Seg {
    pos: f64,
    a: f64,
    b: f64,
    thick: f64,
}

/// The page's borders: `(horizontal, vertical)` boxes.
pub fn borders(rules: &[Rule], settings: &TableSettings) -> (Vec<BBox>, Vec<BBox>) {
    let mut h = Vec::new();
    let mut v = Vec::new();
    for r in rules {
        let bb = r.bbox;
        if r.is_horizontal() {
            h.push(Seg {
                pos: bb.center_y(),
                a: bb.x0,
                b: bb.x1,
                thick: bb.height(),
            });
        } else {
            v.push(Seg {
                pos: bb.center_x(),
                a: bb.top,
                b: bb.bottom,
                thick: bb.width(),
            });
        }
    }
    let h = clean(h, settings);
    let v = clean(v, settings);
    let hb = h
        .iter()
        .map(|s| BBox::new(s.a, s.pos - s.thick / 2.0, s.b, s.pos + s.thick / 2.0))
        .collect();
    let vb = v
        .iter()
        .map(|s| BBox::new(s.pos - s.thick / 2.0, s.a, s.pos + s.thick / 2.0, s.b))
        .collect();
    (hb, vb)
}

/// Row borders implied by the vertical rules alone: heights where at least
/// [`MIN_BREAK_RULES`] vertical rules, at as many places across, each end and begin again
/// (within [`TableSettings::snap_tolerance`]; pieces at least [`MIN_BREAK_PIECE`] long, so
/// the dashes of a dashed border are not breaks), and no vertical rule runs through. A producer
/// that draws each cell's borders and leaves out the line between a repeated header and the
/// continuation of a split row (ReportLab) still breaks every column line there. Taken from the
/// rules as drawn, before collinear pieces are joined. Full-width boxes, for the header search.
pub fn implied_breaks(rules: &[Rule], settings: &TableSettings) -> Vec<BBox> {
    let tol = settings.snap_tolerance;
    let vertical: Vec<BBox> = rules
        .iter()
        .filter(|r| !r.is_horizontal() && r.bbox.width() <= settings.max_rule_thickness)
        // A cell is at least a line tall; a dash of a dashed border is shorter.
        .filter(|r| r.bbox.height() >= MIN_BREAK_PIECE)
        .map(|r| r.bbox)
        .collect();
    let mut ends: Vec<f64> = vertical.iter().map(|b| b.bottom).collect();
    ends.sort_by(f64::total_cmp);
    ends.dedup_by(|a, b| (*a - *b).abs() <= tol);
    let mut out = Vec::new();
    for y in ends {
        let through = vertical
            .iter()
            .any(|b| b.top < y - tol && b.bottom > y + tol);
        if through {
            continue;
        }
        // Places across where a rule ends at y and one begins at y.
        let mut xs: Vec<f64> = vertical
            .iter()
            .filter(|b| (b.bottom - y).abs() <= tol)
            .map(|b| b.center_x())
            .filter(|x| {
                vertical
                    .iter()
                    .any(|o| (o.top - y).abs() <= tol && (o.center_x() - x).abs() <= tol)
            })
            .collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup_by(|a, b| (*a - *b).abs() <= tol);
        if xs.len() >= MIN_BREAK_RULES {
            if let (Some(&x0), Some(&x1)) = (xs.first(), xs.last()) {
                out.push(BBox::new(x0, y - 0.25, x1, y + 0.25));
            }
        }
    }
    out
}

/// Fewest vertical rules breaking at one height for a row border to be implied there
/// ([`implied_breaks`]).
pub const MIN_BREAK_RULES: usize = 3;

/// Shortest piece of a vertical rule that counts on either side of a break (points: about a
/// line of text, the least a cell holds).
pub const MIN_BREAK_PIECE: f64 = 10.0;

fn clean(segs: Vec<Seg>, settings: &TableSettings) -> Vec<Seg> {
    let segs: Vec<Seg> = segs
        .into_iter()
        .filter(|s| s.thick <= settings.max_rule_thickness && s.b > s.a)
        .collect();
    let joined = join_dashes(segs, settings);
    let long: Vec<Seg> = joined
        .into_iter()
        .filter(|s| s.b - s.a >= settings.min_rule_length)
        .collect();
    merge_doubled(long, settings)
}

/// Joins collinear pieces separated by small gaps (dashes) into one rule.
fn join_dashes(mut segs: Vec<Seg>, settings: &TableSettings) -> Vec<Seg> {
    segs.sort_by(|x, y| x.pos.total_cmp(&y.pos).then(x.a.total_cmp(&y.a)));
    // Cluster by position first (pieces of one line may differ a little across).
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len() && segs[j].pos - segs[j - 1].pos <= settings.snap_tolerance / 2.0 {
            j += 1;
        }
        let mut line: Vec<Seg> = segs[i..j].to_vec();
        line.sort_by(|x, y| x.a.total_cmp(&y.a));
        let mut cur: Option<(Seg, f64, usize)> = None; // (joined, sum of pos × len, pieces)
        for s in line {
            cur = match cur {
                Some((c, sum, n)) if s.a - c.b <= settings.max_dash_gap => Some((
                    Seg {
                        pos: c.pos,
                        a: c.a,
                        b: c.b.max(s.b),
                        thick: c.thick.max(s.thick),
                    },
                    sum + s.pos,
                    n + 1,
                )),
                prev => {
                    if let Some((c, sum, n)) = prev {
                        out.push(Seg {
                            pos: sum / n as f64,
                            ..c
                        });
                    }
                    Some((s, s.pos, 1))
                }
            };
        }
        if let Some((c, sum, n)) = cur {
            out.push(Seg {
                pos: sum / n as f64,
                ..c
            });
        }
        i = j;
    }
    out
}

/// Merges parallel rules closer than the double-border gap that run along each other.
fn merge_doubled(mut segs: Vec<Seg>, settings: &TableSettings) -> Vec<Seg> {
    segs.sort_by(|x, y| x.pos.total_cmp(&y.pos));
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    let mut used = vec![false; segs.len()];
    for i in 0..segs.len() {
        if used[i] {
            continue;
        }
        let mut m = segs[i];
        let mut positions = vec![m.pos];
        let mut k = i + 1;
        while k < segs.len() && segs[k].pos - m.pos <= settings.double_rule_gap {
            let s = segs[k];
            let overlap = m.b.min(s.b) - m.a.max(s.a);
            let shorter = (m.b - m.a).min(s.b - s.a);
            if !used[k] && overlap >= 0.5 * shorter {
                used[k] = true;
                positions.push(s.pos);
                m.a = m.a.min(s.a);
                m.b = m.b.max(s.b);
                m.thick = m.thick.max(s.thick);
            }
            k += 1;
        }
        m.pos = positions.iter().sum::<f64>() / positions.len() as f64;
        out.push(m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use phuluc_model::RuleKind;

    fn h(x0: f64, x1: f64, y: f64) -> Rule {
        Rule {
            bbox: BBox::new(x0, y - 0.25, x1, y + 0.25),
            kind: RuleKind::Stroke,
        }
    }

    fn v(x: f64, y0: f64, y1: f64) -> Rule {
        Rule {
            bbox: BBox::new(x - 0.25, y0, x + 0.25, y1),
            kind: RuleKind::Stroke,
        }
    }

    #[test]
    fn column_lines_breaking_together_imply_a_row_border() {
        let settings = TableSettings::default();
        // Header cells 46–92.8 and body cells from 92.8, each drawing its own side borders.
        let mut rules = Vec::new();
        for x in [36.0, 67.0, 255.0, 334.0, 559.0] {
            rules.push(v(x, 46.0, 92.8));
            rules.push(v(x, 92.8, 700.0));
        }
        let breaks = implied_breaks(&rules, &settings);
        assert_eq!(breaks.len(), 1, "{breaks:?}");
        assert!((breaks[0].center_y() - 92.8).abs() < 0.01);
        assert!(breaks[0].x0 <= 36.0 && breaks[0].x1 >= 559.0);
        // One column line running through (a merged cell's side) is no break.
        rules.push(v(150.0, 46.0, 700.0));
        assert!(implied_breaks(&rules, &settings).is_empty());
        // Dashes of a dashed border break everywhere, and are no border.
        let mut dashed = Vec::new();
        for x in [36.0, 67.0, 255.0, 334.0] {
            let mut y = 46.0;
            while y < 300.0 {
                dashed.push(v(x, y, y + 4.0));
                y += 5.0;
            }
        }
        assert!(implied_breaks(&dashed, &settings).is_empty());
    }

    #[test]
    fn dashes_join_into_one_rule() {
        let mut rules = Vec::new();
        let mut x = 10.0;
        while x < 200.0 {
            rules.push(h(x, x + 2.0, 50.0));
            x += 3.5;
        }
        let (hs, vs) = borders(&rules, &TableSettings::default());
        assert!(vs.is_empty());
        assert_eq!(hs.len(), 1, "{hs:?}");
        assert!(hs[0].x0 <= 10.0 && hs[0].x1 >= 199.0);
    }

    #[test]
    fn doubled_lines_are_one_border() {
        let rules = vec![
            h(10.0, 300.0, 50.0),
            h(10.0, 300.0, 51.8),
            h(10.0, 300.0, 90.0),
        ];
        let (hs, _) = borders(&rules, &TableSettings::default());
        assert_eq!(hs.len(), 2, "{hs:?}");
        assert!((hs[0].center_y() - 50.9).abs() < 0.01);
    }

    #[test]
    fn separate_segments_stay_apart() {
        // Two cells' borders with a merged column between them (a gap of a column's width).
        let rules = vec![h(10.0, 60.0, 50.0), h(120.0, 300.0, 50.0)];
        let (hs, _) = borders(&rules, &TableSettings::default());
        assert_eq!(hs.len(), 2);
        // Short marks alone are not borders.
        let (hs, _) = borders(&[h(10.0, 12.0, 50.0)], &TableSettings::default());
        assert!(hs.is_empty());
    }
}
