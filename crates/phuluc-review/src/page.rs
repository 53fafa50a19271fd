//! One page of the report: the page's own geometry (glyph text at its positions, the rules)
//! drawn as an inline `<svg>`, under and over the overlays that show how it was read.

use crate::html::{attr, num, text};
use phuluc_model::{BBox, Extraction, Glyph, Page, PageLayout, WarningCode};
use std::collections::HashMap;
use std::fmt::Write;
use unicode_normalization::UnicodeNormalization;

/// A4 portrait, for a page whose geometry is unknown (it could not be read).
const DEFAULT_SIZE: (f64, f64) = (595.28, 841.89);

/// The colour class of a field name (`f0` … `f9` for the vocabulary, `f10` for extra columns).
pub fn field_class(field: &str) -> usize {
    phuluc_model::Field::ALL
        .iter()
        .position(|f| f.as_str() == field)
        .unwrap_or(phuluc_model::Field::ALL.len() - 1)
}

/// One cell box as drawn: the records it belongs to (several for a merged cell), its field,
/// and whether it continues a cell begun on an earlier page.
#[derive(Debug, Clone)]
pub struct CellBox {
    pub bbox: BBox,
    pub field: String,
    pub records: Vec<usize>,
    pub continuation: bool,
}

/// Every record's cell boxes, grouped by page (index `page - 1`); a box shared by several
/// records (a merged cell) is drawn once, naming them all.
pub fn cells_by_page(ex: &Extraction, pages: usize) -> Vec<Vec<CellBox>> {
    let mut out: Vec<Vec<CellBox>> = vec![Vec::new(); pages];
    let mut seen: HashMap<(u32, [i64; 4], &str), (usize, usize)> = HashMap::new();
    let key = |b: &BBox| {
        let r = |v: f64| (v * 100.0).round() as i64;
        [r(b.x0), r(b.top), r(b.x1), r(b.bottom)]
    };
    for (i, rec) in ex.records.iter().enumerate() {
        for (field, pieces) in &rec.source.cells {
            let first_page = pieces.iter().map(|p| p.page).min().unwrap_or(0);
            for piece in pieces {
                let Some(slot) = (piece.page as usize)
                    .checked_sub(1)
                    .filter(|&p| p < out.len())
                else {
                    continue;
                };
                match seen.get(&(piece.page, key(&piece.bbox), field.as_str())) {
                    Some(&(p, j)) => {
                        if !out[p][j].records.contains(&i) {
                            out[p][j].records.push(i);
                        }
                    }
                    None => {
                        seen.insert(
                            (piece.page, key(&piece.bbox), field.as_str()),
                            (slot, out[slot].len()),
                        );
                        out[slot].push(CellBox {
                            bbox: piece.bbox,
                            field: field.clone(),
                            records: vec![i],
                            continuation: piece.page > first_page,
                        });
                    }
                }
            }
        }
    }
    out
}

/// A run of glyphs drawn as one `<text>`: same line, same size, no wide gap.
struct Run {
    x0: f64,
    x1: f64,
    baseline: f64,
    size: f64,
    text: String,
}

/// Groups the upright glyphs into runs (and gives each other glyph a run of its own).
fn runs(glyphs: &[Glyph]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut current: Option<Run> = None;
    for g in glyphs {
        if g.text.is_empty() {
            continue;
        }
        let blank = g.text.trim().is_empty();
        let size = if g.size.is_finite() && g.size > 0.0 {
            g.size
        } else {
            g.bbox.height().abs().max(1.0)
        };
        if let Some(run) = current.as_mut() {
            let same_line = g.upright
                && (g.baseline - run.baseline).abs() < 0.2 * size
                && (size - run.size).abs() < 0.05 * size;
            let gap = g.bbox.x0 - run.x1;
            if same_line && gap > -0.3 * size && gap < 0.8 * size {
                if blank {
                    if !run.text.ends_with(' ') {
                        run.text.push(' ');
                    }
                    continue;
                }
                // Producers that draw each glyph alone, without space glyphs: a visible gap is
                // a space.
                if gap > 0.2 * size && !run.text.ends_with(' ') {
                    run.text.push(' ');
                }
                run.text.push_str(&g.text);
                run.x1 = run.x1.max(g.bbox.x1);
                continue;
            }
            if let Some(done) = current.take() {
                out.push(done);
            }
        }
        if blank {
            continue;
        }
        let run = Run {
            x0: g.bbox.x0,
            x1: g.bbox.x1,
            baseline: g.baseline,
            size,
            text: g.text.clone(),
        };
        if g.upright {
            current = Some(run);
        } else {
            out.push(run);
        }
    }
    out.extend(current);
    for r in &mut out {
        let trimmed = r.text.trim_end().nfc().collect::<String>();
        r.text = trimmed;
    }
    out
}

fn rect(out: &mut String, class: &str, b: &BBox) {
    out.push_str("<rect class=\"");
    out.push_str(class);
    out.push_str("\" x=\"");
    num(out, b.x0);
    out.push_str("\" y=\"");
    num(out, b.top);
    out.push_str("\" width=\"");
    num(out, b.width().max(0.0));
    out.push_str("\" height=\"");
    num(out, b.height().max(0.0));
    out.push('"');
}

fn records_attr(out: &mut String, records: &[usize]) {
    out.push_str(" data-r=\"");
    for (k, r) in records.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{r}");
    }
    out.push('"');
}

/// A small label in the overlay.
fn label(out: &mut String, class: &str, x: f64, y: f64, s: &str) {
    out.push_str("<text class=\"");
    out.push_str(class);
    out.push_str("\" x=\"");
    num(out, x);
    out.push_str("\" y=\"");
    num(out, y);
    out.push_str("\">");
    text(out, s);
    out.push_str("</text>");
}

/// Draws page `number` (1-based) as one `<svg class="page">`.
pub fn draw(
    out: &mut String,
    ex: &Extraction,
    number: u32,
    page: Option<&Page>,
    layout: Option<&PageLayout>,
    cells: &[CellBox],
) {
    let (w, h) = match (page, layout) {
        (Some(p), _) if p.width > 0.0 && p.height > 0.0 => (p.width, p.height),
        (_, Some(l)) if l.size.0 > 0.0 && l.size.1 > 0.0 => l.size,
        _ => DEFAULT_SIZE,
    };
    let _ = write!(
        out,
        "<figure class=\"sheet\" id=\"page-{number}\"><figcaption>Page {number}"
    );
    if page.is_none() {
        out.push_str(" — its geometry could not be read");
    }
    if layout.is_none() {
        out.push_str(" <span class=\"muted\">(no table layout)</span>");
    }
    out.push_str("</figcaption>");
    let _ = write!(
        out,
        "<svg class=\"page\" data-page=\"{number}\" viewBox=\"0 0 "
    );
    num(out, w);
    out.push(' ');
    num(out, h);
    out.push_str("\" width=\"");
    num(out, w);
    out.push_str("\" height=\"");
    num(out, h);
    out.push_str("\" role=\"img\"><rect class=\"paper\" width=\"100%\" height=\"100%\"/>");

    // Under the text: row bands, then the cells coloured by field.
    if let Some(l) = layout {
        out.push_str("<g class=\"ov ov-rows\">");
        for (k, band) in l.rows.iter().enumerate() {
            let b = BBox::new(l.area.x0, band.top, l.area.x1, band.bottom);
            let class = match (band.continuation, k % 2) {
                (true, _) => "band cont",
                (false, 0) => "band even",
                _ => "band odd",
            };
            rect(out, class, &b);
            if let Some(r) = band.record {
                records_attr(out, &[r]);
            }
            out.push_str("/>");
            if let Some(rec) = band.record.and_then(|r| ex.records.get(r)) {
                let s = if band.continuation {
                    format!("↳{}", rec.stt)
                } else {
                    rec.stt.clone()
                };
                label(out, "rowlabel", l.area.x0 - 2.0, band.top + 7.0, &s);
            }
        }
        out.push_str("</g>");
    }
    out.push_str("<g class=\"ov ov-cells\">");
    for c in cells {
        let mut class = format!("cell f{}", field_class(&c.field));
        if c.records.len() > 1 {
            class.push_str(" merged");
        }
        if c.continuation {
            class.push_str(" cont");
        }
        if c.records
            .iter()
            .any(|&r| ex.records.get(r).is_some_and(|r| r.review.needed))
        {
            class.push_str(" flagged");
        }
        rect(out, &class, &c.bbox);
        records_attr(out, &c.records);
        out.push_str(" data-f=\"");
        attr(out, &c.field);
        out.push_str("\"/>");
    }
    out.push_str("</g>");

    // The page itself: rules, then the glyphs' text.
    if let Some(p) = page {
        out.push_str("<path class=\"rules\" d=\"");
        for r in &p.rules {
            let b = r.bbox;
            // A hairline still shows.
            let (bw, bh) = (b.width().max(0.3), b.height().max(0.3));
            out.push('M');
            num(out, b.x0);
            out.push(' ');
            num(out, b.top);
            out.push('h');
            num(out, bw);
            out.push('v');
            num(out, bh);
            out.push('h');
            num(out, -bw);
            out.push('z');
        }
        out.push_str("\"/><g class=\"glyphs\">");
        for run in runs(&p.glyphs) {
            out.push_str("<text x=\"");
            num(out, run.x0);
            out.push_str("\" y=\"");
            num(out, run.baseline);
            out.push_str("\" font-size=\"");
            num(out, run.size);
            out.push('"');
            let width = run.x1 - run.x0;
            if run.text.chars().count() > 1 && width > 0.5 {
                out.push_str(" textLength=\"");
                num(out, width);
                out.push('"');
            }
            out.push('>');
            text(out, &run.text);
            out.push_str("</text>");
        }
        out.push_str("</g>");
    }

    // Over the text: continuation ties, table area, header band, columns, furniture, and the
    // text no cell took.
    out.push_str("<g class=\"ov ov-cont\">");
    for c in cells.iter().filter(|c| c.continuation) {
        let stts: Vec<&str> = c
            .records
            .iter()
            .filter_map(|&r| ex.records.get(r).map(|r| r.stt.as_str()))
            .collect();
        out.push_str("<text class=\"tie\" x=\"");
        num(out, c.bbox.x0 + 1.0);
        out.push_str("\" y=\"");
        num(out, c.bbox.top + 6.0);
        out.push('"');
        records_attr(out, &c.records);
        out.push_str(">↳ ");
        text(out, &stts.join(", "));
        out.push_str("</text>");
    }
    out.push_str("</g>");
    if let Some(l) = layout {
        out.push_str("<g class=\"ov ov-area\">");
        rect(out, "area", &l.area);
        out.push_str("/></g>");
        if let Some(hb) = &l.header {
            out.push_str("<g class=\"ov ov-header\">");
            rect(out, "header", hb);
            out.push_str("/></g>");
        }
        out.push_str("<g class=\"ov ov-cols\">");
        for &x in &l.column_edges {
            out.push_str("<line x1=\"");
            num(out, x);
            out.push_str("\" x2=\"");
            num(out, x);
            out.push_str("\" y1=\"");
            num(out, l.area.top - 8.0);
            out.push_str("\" y2=\"");
            num(out, l.area.bottom);
            out.push_str("\"/>");
        }
        for (k, field) in l.column_fields.iter().enumerate() {
            let (Some(&a), Some(&b)) = (l.column_edges.get(k), l.column_edges.get(k + 1)) else {
                continue;
            };
            let _ = write!(out, "<text class=\"colname f{}\" x=\"", field_class(field));
            num(out, (a + b) / 2.0);
            out.push_str("\" y=\"");
            num(out, l.area.top - 2.0);
            out.push_str("\">");
            text(out, field);
            out.push_str("</text>");
        }
        out.push_str("</g><g class=\"ov ov-furniture\">");
        for f in &l.furniture {
            rect(out, "furniture", &f.bbox);
            out.push_str("><title>");
            let kind = serde_json::to_value(f.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            text(out, &kind);
            out.push_str(": ");
            text(out, &f.text);
            out.push_str("</title></rect>");
        }
        out.push_str("</g>");
    }
    out.push_str("<g class=\"ov ov-unassigned\">");
    for w in &ex.warnings {
        if w.code != WarningCode::UnassignedText || w.page != Some(number) {
            continue;
        }
        let Some(b) = &w.bbox else { continue };
        rect(out, "unassigned", b);
        if let Some(r) = w.record {
            records_attr(out, &[r]);
        }
        out.push_str("><title>");
        text(out, w.text.as_deref().unwrap_or(&w.message));
        out.push_str("</title></rect>");
    }
    out.push_str("</g></svg></figure>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(text: &str, x0: f64, x1: f64, baseline: f64) -> Glyph {
        Glyph {
            text: text.into(),
            bbox: BBox::new(x0, baseline - 9.0, x1, baseline + 2.0),
            baseline,
            size: 11.0,
            font: "F".into(),
            upright: true,
        }
    }

    #[test]
    fn glyphs_become_runs_per_line_and_gap() {
        let gs = vec![
            glyph("S", 10.0, 16.0, 100.0),
            glyph("o\u{31b}\u{309}", 16.0, 22.0, 100.0), // decomposed: NFC makes "ở"
            glyph(" ", 22.0, 25.0, 100.0),
            glyph("X", 25.0, 31.0, 100.0),
            // a wide gap: another cell
            glyph("Y", 80.0, 86.0, 100.0),
            // next line
            glyph("Z", 10.0, 16.0, 114.0),
            // a glyph without its space, after a visible gap
            glyph("W", 19.0, 25.0, 114.0),
        ];
        let rs = runs(&gs);
        let texts: Vec<&str> = rs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["Sở X", "Y", "Z W"]);
        assert_eq!((rs[0].x0, rs[0].x1), (10.0, 31.0));
    }

    #[test]
    fn a_merged_cell_is_drawn_once_for_all_its_records() {
        use phuluc_model::{CellSource, Record, SourceFile};
        let mut ex = Extraction::new(SourceFile::default());
        let shared = CellSource {
            page: 1,
            bbox: BBox::new(10.0, 10.0, 50.0, 90.0),
            docx: None,
        };
        for k in 0..3 {
            let mut r = Record {
                stt: (k + 1).to_string(),
                ..Default::default()
            };
            r.source.cells.insert("objective".into(), vec![shared]);
            let own = vec![
                CellSource {
                    page: 1,
                    bbox: BBox::new(50.0, 10.0 + 20.0 * k as f64, 90.0, 30.0 + 20.0 * k as f64),
                    docx: None,
                },
                CellSource {
                    page: 2,
                    bbox: BBox::new(50.0, 10.0, 90.0, 20.0),
                    docx: None,
                },
            ];
            r.source.cells.insert("activity".into(), own);
            ex.records.push(r);
        }
        let cells = cells_by_page(&ex, 2);
        let merged: Vec<&CellBox> = cells[0].iter().filter(|c| c.field == "objective").collect();
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].records, [0, 1, 2]);
        assert!(!merged[0].continuation);
        assert!(cells[1].iter().all(|c| c.continuation));
        let mut out = String::new();
        draw(&mut out, &ex, 1, None, None, &cells[0]);
        assert!(out.contains("class=\"cell f1 merged\""), "{out}");
        assert!(out.contains("data-r=\"0 1 2\""), "{out}");
    }
}
