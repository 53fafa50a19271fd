//! The two ways of reading a table's bounds, after camelot's flavors, behind one trait:
//! [`Lattice`] reads the drawn borders, [`Stream`] the text's alignment. The column stage and
//! the row stage ask each strategy the settings' [`Flavor`] names, in order, to add the bounds
//! it sees; a later strategy sees what the earlier ones found and adds only where they left a
//! bound open (the default, [`Flavor::Hybrid`]: borders first, then the text where a border is
//! missing — a table with horizontal rules only, a header band holding several row numbers, or
//! no rules at all). [`Flavor::Stream`] also hides every rule of the page from the other
//! stages ([`Flavor::sees_rules`]).

use super::*;
use crate::settings::Flavor;

/// What the column stage knows when the strategies add column bounds: the table's left and
/// right edges, the vertical borders crossing the header, the header's blocks of words (its
/// cells' extents, left to right), the body's words and the ends of horizontal border segments.
pub(super) struct ColumnEvidence<'a> {
    /// The header's font size.
    pub(super) size: f64,
    pub(super) left: f64,
    pub(super) right: f64,
    pub(super) crossing: &'a [&'a BBox],
    pub(super) blocks: &'a [(f64, f64)],
    pub(super) body_words: &'a [&'a Line],
    pub(super) ends: &'a [f64],
    pub(super) settings: &'a TableSettings,
}

/// What the row stage knows when the strategies add row bounds: the column model, the page's
/// words and horizontal borders, and the body's top (the header's bottom) and bottom.
pub(super) struct RowEvidence<'a> {
    pub(super) layout: &'a Layout,
    pub(super) words: &'a [Line],
    pub(super) hrules: &'a [BBox],
    pub(super) top: f64,
    pub(super) bottom: f64,
    pub(super) settings: &'a TableSettings,
}

/// One way of reading a table's bounds.
pub(super) trait Strategy {
    /// Adds the inner column bounds this strategy reads to `bounds` (sorted, the table's
    /// edges first and last; kept so).
    fn column_bounds(&self, ev: &ColumnEvidence, bounds: &mut Vec<f64>);

    /// Adds the row bounds this strategy reads to `borders`. Gives whether the page's first
    /// row is uncertain ([`PageGrid::uncertain_top`]).
    fn row_bounds(&self, ev: &RowEvidence, borders: &mut Vec<HBorder>) -> bool;
}

/// Drawn borders: vertical borders crossing the header are column bounds; horizontal borders
/// inside the body are row bounds, each closing the columns it runs over (a border missing
/// over a column continues that column's cell: a vertical merge).
pub(super) struct Lattice;

/// The text's alignment: between two header cells no border separates, the white-space
/// channel the fewest body words cross is a column bound; a row begins at each row label of
/// the STT column that shares a band with an earlier one — on the label's line, or above it
/// where the label is centred or bottom-aligned (read from the other columns' block starts).
pub(super) struct Stream;

impl Strategy for Lattice {
    fn column_bounds(&self, ev: &ColumnEvidence, bounds: &mut Vec<f64>) {
        let snap = ev.settings.snap_tolerance;
        for r in ev.crossing {
            let x = r.center_x();
            if x > ev.left + snap && x < ev.right - snap {
                bounds.push(x);
            }
        }
        normalise(bounds, ev.left, ev.right, snap);
    }

    fn row_bounds(&self, ev: &RowEvidence, borders: &mut Vec<HBorder>) -> bool {
        borders.extend(body_borders(
            ev.layout,
            ev.top,
            ev.bottom,
            ev.hrules,
            ev.settings,
        ));
        borders.sort_by(|a, b| a.y.total_cmp(&b.y));
        false
    }
}

impl Strategy for Stream {
    fn column_bounds(&self, ev: &ColumnEvidence, bounds: &mut Vec<f64>) {
        // A block that runs over a drawn bound is a group cell of a multi-level header: the
        // gap beside it is not a column's.
        let drawn: Vec<f64> = bounds[1..bounds.len().saturating_sub(1).max(1)].to_vec();
        let spans_drawn =
            |blk: (f64, f64)| drawn.iter().any(|x| blk.0 < x - 1.0 && blk.1 > x + 1.0);
        let mut extra = Vec::new();
        for pair in ev.blocks.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if bounds.iter().any(|x| *x >= a.1 - 0.5 && *x <= b.0 + 0.5) {
                continue;
            }
            if spans_drawn(a) || spans_drawn(b) {
                continue;
            }
            let Some((x, crossed)) = channel_crossed(a.1, b.0, ev.body_words, ev.ends) else {
                continue;
            };
            // Two blocks a word space or so apart are one header cell whose words stand far
            // apart (an OCR text layer's word boxes, a bold header's wide spaces), not two
            // columns: over body text that runs across every x between them, or in a table
            // whose columns are drawn (a page with one short row crosses no channel).
            if (crossed > 0 || !drawn.is_empty()) && b.0 - a.1 < ONE_CELL_GAP * ev.size.max(1.0) {
                continue;
            }
            extra.push(x);
        }
        bounds.extend(extra);
        normalise(bounds, ev.left, ev.right, ev.settings.snap_tolerance);
    }

    fn row_bounds(&self, ev: &RowEvidence, borders: &mut Vec<HBorder>) -> bool {
        split_bands_at_numbers(ev.layout, ev.words, ev.top, ev.bottom, borders, ev.settings)
    }
}

/// Header blocks closer than this (× size) over body text crossing every channel between them,
/// or between drawn column bounds, are one header cell ([`Stream`]).
pub(super) const ONE_CELL_GAP: f64 = 1.0;

/// Sorted, merged within `snap`, the table's edges first and last.
fn normalise(bounds: &mut Vec<f64>, left: f64, right: f64, snap: f64) {
    bounds.sort_by(f64::total_cmp);
    bounds.dedup_by(|a, b| (*a - *b).abs() <= snap);
    if let Some(f) = bounds.first_mut() {
        *f = left;
    }
    if let Some(l) = bounds.last_mut() {
        *l = right;
    }
}

/// The strategies a flavor runs, in order.
pub(super) fn strategies(flavor: Flavor) -> &'static [&'static dyn Strategy] {
    match flavor {
        Flavor::Hybrid => &[&Lattice, &Stream],
        Flavor::Lattice => &[&Lattice],
        Flavor::Stream => &[&Stream],
    }
}

impl Flavor {
    /// Whether the page's rules are seen at all (not under [`Flavor::Stream`]).
    pub(super) fn sees_rules(self) -> bool {
        self != Flavor::Stream
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f64, x1: f64, top: f64) -> Line {
        Line {
            text: text.into(),
            bbox: BBox::new(x0, top, x1, top + 10.0),
            baseline: top + 8.0,
            size: 10.0,
            space_width: 2.5,
            first_word_x1: x1,
            last_word_x0: x0,
            trailing_space: false,
        }
    }

    /// Header cells at 0–20, 40–150 and 200–260; one vertical border at 30 crosses the header;
    /// body text in the second column reaches 170.
    fn evidence<'a>(
        crossing: &'a [&'a BBox],
        body: &'a [&'a Line],
        settings: &'a TableSettings,
    ) -> ColumnEvidence<'a> {
        ColumnEvidence {
            size: 10.0,
            left: 0.0,
            right: 300.0,
            crossing,
            blocks: &[(0.0, 20.0), (40.0, 150.0), (200.0, 260.0)],
            body_words: body,
            ends: &[],
            settings,
        }
    }

    #[test]
    fn lattice_reads_borders_and_stream_fills_the_open_gaps() {
        let settings = TableSettings::default();
        let border = BBox::new(29.8, 0.0, 30.2, 100.0);
        let crossing = [&border];
        let w = word("dài", 120.0, 170.0, 50.0);
        let body = [&w];
        let ev = evidence(&crossing, &body, &settings);

        let mut lattice = vec![0.0, 300.0];
        Lattice.column_bounds(&ev, &mut lattice);
        assert_eq!(lattice, [0.0, 30.0, 300.0]);

        // Hybrid: the stream adds the bound between the second and third header cells, in the
        // channel right of the body word, and none where the border already separates.
        let mut hybrid = vec![0.0, 300.0];
        for s in strategies(Flavor::Hybrid) {
            s.column_bounds(&ev, &mut hybrid);
        }
        assert_eq!(hybrid.len(), 4, "{hybrid:?}");
        assert!((hybrid[1] - 30.0).abs() < 1e-9);
        assert!(hybrid[2] > 170.0 && hybrid[2] < 200.0, "{hybrid:?}");

        // Stream alone ignores the border: a channel between the first two header cells.
        let mut stream = vec![0.0, 300.0];
        Stream.column_bounds(&evidence(&[], &body, &settings), &mut stream);
        assert_eq!(stream.len(), 4, "{stream:?}");
        assert!(stream[1] > 20.0 && stream[1] < 40.0, "{stream:?}");
    }

    #[test]
    fn close_header_blocks_over_crossing_text_are_one_cell() {
        let settings = TableSettings::default();
        // "Cơ quan" | "phối hợp" half an em apart, over body lines running across the gap.
        let lines = [
            word("Các sở, ban, ngành", 200.0, 280.0, 50.0),
            word("Sở Tư pháp", 205.0, 262.0, 62.0),
        ];
        let body: Vec<&Line> = lines.iter().collect();
        let ev = ColumnEvidence {
            size: 10.0,
            left: 190.0,
            right: 300.0,
            crossing: &[],
            blocks: &[(200.0, 235.0), (240.0, 280.0)],
            body_words: &body,
            ends: &[],
            settings: &settings,
        };
        let mut bounds = vec![190.0, 300.0];
        Stream.column_bounds(&ev, &mut bounds);
        assert_eq!(bounds, [190.0, 300.0]);
        // Two columns' headers as close, over text that leaves the gap white: two columns.
        let apart = [
            word("Sở", 200.0, 230.0, 50.0),
            word("2026", 245.0, 270.0, 50.0),
        ];
        let body: Vec<&Line> = apart.iter().collect();
        let ev = ColumnEvidence {
            body_words: &body,
            ..ev
        };
        let mut bounds = vec![190.0, 300.0];
        Stream.column_bounds(&ev, &mut bounds);
        assert_eq!(bounds.len(), 3, "{bounds:?}");
    }

    #[test]
    fn close_header_blocks_between_drawn_bounds_are_one_cell() {
        let settings = TableSettings::default();
        // A ruled table's last page with one short row: "Cơ quan" | "chủ trì" of a bold
        // header stand half an em apart inside the drawn column 190–300, over nothing.
        let short = [word("Sở Tư pháp", 192.0, 240.0, 50.0)];
        let body: Vec<&Line> = short.iter().collect();
        let left = BBox::new(189.8, 0.0, 190.2, 100.0);
        let right = BBox::new(299.8, 0.0, 300.2, 100.0);
        let crossing = [&left, &right];
        let ev = ColumnEvidence {
            size: 10.0,
            left: 100.0,
            right: 400.0,
            crossing: &crossing,
            blocks: &[(200.0, 235.0), (240.0, 280.0)],
            body_words: &body,
            ends: &[],
            settings: &settings,
        };
        let mut bounds = vec![100.0, 400.0];
        for s in strategies(Flavor::Hybrid) {
            s.column_bounds(&ev, &mut bounds);
        }
        assert_eq!(bounds, [100.0, 190.0, 300.0, 400.0]);
        // Unruled, the same white channel is a column bound.
        let mut bounds = vec![100.0, 400.0];
        Stream.column_bounds(
            &ColumnEvidence {
                crossing: &[],
                ..ev
            },
            &mut bounds,
        );
        assert_eq!(bounds.len(), 3, "{bounds:?}");
    }

    #[test]
    fn rows_come_from_borders_then_from_labels() {
        let settings = TableSettings::default();
        let layout = Layout {
            bounds: vec![0.0, 30.0, 200.0],
            headers: vec!["STT".into(), "Nhiệm vụ".into()],
            fields: vec![Field::Stt, Field::Task],
            header_height: 20.0,
        };
        // One border at y=100 over both columns; the band below holds two labels.
        let rule = BBox::new(0.0, 99.8, 200.0, 100.2);
        let words = [
            word("1", 5.0, 10.0, 60.0),
            word("Một", 40.0, 80.0, 60.0),
            word("2", 5.0, 10.0, 110.0),
            word("Hai", 40.0, 80.0, 110.0),
            word("3", 5.0, 10.0, 130.0),
            word("Ba", 40.0, 80.0, 130.0),
        ];
        let ev = RowEvidence {
            layout: &layout,
            words: &words,
            hrules: &[rule],
            top: 50.0,
            bottom: 150.0,
            settings: &settings,
        };
        let mut lattice = Vec::new();
        Lattice.row_bounds(&ev, &mut lattice);
        assert_eq!(lattice.len(), 1);
        let mut hybrid = Vec::new();
        for s in strategies(Flavor::Hybrid) {
            s.row_bounds(&ev, &mut hybrid);
        }
        // The stream splits the lower band at label 3 (labels 1 and 2 are already apart).
        let ys: Vec<f64> = hybrid.iter().map(|b| b.y).collect();
        assert_eq!(ys.len(), 2, "{ys:?}");
        assert!(
            (ys[0] - 100.0).abs() < 1e-9 && ys[1] > 120.0 && ys[1] < 130.0,
            "{ys:?}"
        );
    }
}
