//! Property tests of stitching: a random appendix table is rendered into page geometry by a
//! small synthetic renderer and paginated at arbitrary heights — rows cut mid-row, merged
//! objective/task cells cut by page breaks, section rows anywhere — and the records must be the
//! model's, whatever the page breaks.
//!
//! The renderer lays the table out once in "virtual" coordinates (one endless page): every cell's
//! text wrapped to its column, merged cells (objective, task) over several rows with their text
//! at the top and the borders over them left out, section rows merged across. Pagination cuts
//! that layout at a page's capacity: lines that fit stay, a line cut by the break goes to the
//! next page with everything after it, which starts under a repeated header; every page closes
//! the table with a bottom border.

use phuluc_model::{BBox, Field, Glyph, Page, Record, Rule, RuleKind};
use phuluc_parser::{parse_pages, TableSettings};
use proptest::prelude::*;

const SIZE: f64 = 10.0;
const ADVANCE: f64 = 5.0; // every glyph 5 pt wide
const SPACE: f64 = 2.5; // a word space, a quarter em
const LEAD: f64 = 12.0;
const PAD: f64 = 3.0;
const LEFT: f64 = 30.0;
const HEADER_TOP: f64 = 40.0;
const HEADER_H: f64 = 2.0 * PAD + LEAD;
const WIDTHS: [f64; 5] = [30.0, 120.0, 120.0, 150.0, 90.0];
const HEADERS: [&str; 5] = ["STT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Chủ trì"];
const FIELDS: [Field; 4] = [Field::Objective, Field::Task, Field::Activity, Field::Lead];
const WORDS: &[&str] = &[
    "sở", "tư", "pháp", "kế", "hoạch", "triển", "khai", "nâng", "cao", "chất", "lượng", "văn",
    "bản", "quy", "phạm", "hệ", "thống", "thông", "tin", "cải", "cách", "hành", "chính", "tỉnh",
    "UBND", "QPPL", "huyện", "đánh", "giá", "kiểm", "tra", "(PCI)", "2021", "100%", "số",
];

/// A row of the model.
#[derive(Debug, Clone)]
enum ModelRow {
    Section {
        number: String,
        title: String,
    },
    /// `cells[i]` for FIELDS[i]; `None` for objective/task means "merged with the row above".
    Data {
        stt: String,
        cells: Vec<Option<String>>,
    },
}

fn sentence(seed: &[usize]) -> String {
    seed.iter()
        .map(|&i| WORDS[i % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn wrap(text: &str, width: f64) -> Vec<String> {
    let max = width - 2.0 * PAD;
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in text.split(' ') {
        if cur.is_empty() {
            cur = w.to_string();
        } else if width_of(&cur) + SPACE + width_of(w) <= max {
            cur.push(' ');
            cur.push_str(w);
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = w.to_string();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

fn bounds() -> Vec<f64> {
    let mut b = vec![LEFT];
    for w in WIDTHS {
        b.push(b[b.len() - 1] + w);
    }
    b
}

/// A text line placed in the virtual layout.
#[derive(Debug, Clone)]
struct VLine {
    col: usize,
    top: f64,
    text: String,
    bold: bool,
}

/// A border segment in the virtual layout: horizontal `(y, x0, x1)` or vertical `(x, y0, y1)`.
#[derive(Debug, Clone, Copy)]
enum VRule {
    H(f64, f64, f64),
    V(f64, f64, f64),
}

/// The table laid out on one endless page (y from 0 at the header's bottom).
fn layout(model: &[ModelRow]) -> (Vec<VLine>, Vec<VRule>, f64) {
    let b = bounds();
    let mut lines = Vec::new();
    let mut rules = Vec::new();
    let mut y = 0.0;
    // Rows first: heights from their own cells; merged cells extend their last row.
    let mut tops = Vec::new();
    let mut heights = Vec::new();
    let mut cell_lines: Vec<Vec<Vec<String>>> = Vec::new();
    for row in model {
        match row {
            ModelRow::Section { number, title } => {
                let ls = vec![vec![number.clone()], wrap(title, b[5] - b[1])];
                heights.push(2.0 * PAD + LEAD * ls[1].len().max(1) as f64);
                cell_lines.push(ls);
            }
            ModelRow::Data { stt, cells } => {
                let mut ls = vec![vec![stt.clone()]];
                for (i, c) in cells.iter().enumerate() {
                    ls.push(c.as_deref().map_or(Vec::new(), |t| wrap(t, WIDTHS[i + 1])));
                }
                let n = ls.iter().map(Vec::len).max().unwrap_or(1).max(1);
                heights.push(2.0 * PAD + LEAD * n as f64);
                cell_lines.push(ls);
            }
        }
    }
    // Merged cells: for each field column, runs of rows (start, end) where rows after the
    // start say None.
    let mut merges: Vec<(usize, usize, usize)> = Vec::new(); // (col, first row, last row)
    for f in 0..FIELDS.len() {
        let mut start: Option<usize> = None;
        for (r, row) in model.iter().enumerate() {
            match row {
                ModelRow::Data { cells, .. } if cells[f].is_none() => {}
                ModelRow::Data { .. } => {
                    if let Some(s) = start {
                        merges.push((f + 1, s, r - 1));
                    }
                    start = Some(r);
                }
                ModelRow::Section { .. } => {
                    if let Some(s) = start {
                        merges.push((f + 1, s, r - 1));
                    }
                    start = None;
                }
            }
        }
        if let Some(s) = start {
            merges.push((f + 1, s, model.len() - 1));
        }
    }
    for &(col, first, last) in &merges {
        let need = 2.0 * PAD + LEAD * cell_lines[first][col].len().max(1) as f64;
        let have: f64 = heights[first..=last].iter().sum();
        if have < need {
            heights[last] += need - have;
        }
    }
    for h in &heights {
        tops.push(y);
        y += h;
    }
    let merged_below = |col: usize, r: usize| {
        merges
            .iter()
            .any(|&(c, first, last)| c == col && r >= first && r < last)
    };
    for (r, row) in model.iter().enumerate() {
        let (top, bottom) = (tops[r], tops[r] + heights[r]);
        let section = matches!(row, ModelRow::Section { .. });
        for (col, ls) in cell_lines[r].iter().enumerate() {
            for (k, t) in ls.iter().enumerate() {
                lines.push(VLine {
                    col,
                    top: top + PAD + LEAD * k as f64,
                    text: t.clone(),
                    bold: section,
                });
            }
        }
        // Borders under the row, per column, except over a merge continuing below.
        for c in 0..5 {
            if !merged_below(c, r) {
                rules.push(VRule::H(bottom, b[c], b[c + 1]));
            }
        }
        let edges: Vec<usize> = if section {
            vec![0, 1, 5]
        } else {
            (0..=5).collect()
        };
        for e in edges {
            rules.push(VRule::V(b[e], top, bottom));
        }
    }
    (lines, rules, y)
}

/// Cuts the virtual layout into pages of the given body capacities (cycled).
fn paginate(lines: &[VLine], rules: &[VRule], total: f64, capacities: &[f64]) -> Vec<Page> {
    let b = bounds();
    let mut pages = Vec::new();
    let mut origin = 0.0; // virtual y at the header's bottom of this page
    let mut placed = vec![false; lines.len()];
    let mut k = 0;
    while placed.iter().any(|p| !p) {
        let mut cap = capacities[k % capacities.len()];
        k += 1;
        // At least one line must fit.
        let first = lines
            .iter()
            .zip(&placed)
            .filter(|(_, p)| !**p)
            .map(|(l, _)| l.top)
            .fold(f64::INFINITY, f64::min);
        cap = cap.max(first - origin + LEAD + PAD);
        let brk = origin + cap;
        let _ = first;
        let number = pages.len() as u32 + 1;
        let body_top = HEADER_TOP + HEADER_H;
        let to_page = |y: f64| body_top + (y - origin);
        let mut glyphs = Vec::new();
        let mut page_rules = Vec::new();
        // Header.
        for (c, h) in HEADERS.iter().enumerate() {
            let w = width_of(h);
            let x = (b[c] + b[c + 1]) / 2.0 - w / 2.0;
            push_text(&mut glyphs, h, x, HEADER_TOP + PAD, true);
        }
        page_rules.push(hrule(HEADER_TOP, b[0], b[5]));
        page_rules.push(hrule(body_top, b[0], b[5]));
        for &x in &b {
            page_rules.push(vrule(x, HEADER_TOP, body_top));
        }
        // Lines that fit; a line cut by the break goes to the next page.
        let mut tops: Vec<f64> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if placed[i] || l.top + LEAD > brk {
                continue;
            }
            placed[i] = true;
            tops.push(l.top);
            let x = if l.col == 0 {
                let w = width_of(&l.text);
                (b[0] + b[1]) / 2.0 - w / 2.0
            } else {
                b[l.col] + PAD
            };
            push_text(&mut glyphs, &l.text, x, to_page(l.top), l.bold);
        }
        let first_top = tops.iter().copied().fold(f64::INFINITY, f64::min);
        let last_top = tops.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        // The page ends under its last line; the next starts at the first line not placed.
        let next = lines
            .iter()
            .zip(&placed)
            .filter(|(_, p)| !**p)
            .map(|(l, _)| l.top)
            .fold(f64::INFINITY, f64::min);
        let end = if next.is_finite() {
            last_top + LEAD + PAD
        } else {
            total
        };
        for r in rules {
            match *r {
                // A border between two rows is on the page that holds text on both sides of it.
                VRule::H(y, x0, x1) if y > first_top && y < last_top => {
                    page_rules.push(hrule(to_page(y), x0, x1));
                }
                VRule::V(x, y0, y1) if y1 > origin && y0 < end => {
                    page_rules.push(vrule(x, to_page(y0.max(origin)), to_page(y1.min(end))));
                }
                _ => {}
            }
        }
        page_rules.push(hrule(to_page(end), b[0], b[5]));
        pages.push(Page {
            number,
            width: 600.0,
            height: to_page(end) + 60.0,
            glyphs,
            rules: page_rules,
        });
        if !next.is_finite() {
            break;
        }
        origin = next - PAD;
    }
    pages
}

fn width_of(text: &str) -> f64 {
    text.chars()
        .map(|c| if c == ' ' { SPACE } else { ADVANCE })
        .sum()
}

fn push_text(out: &mut Vec<Glyph>, text: &str, x: f64, top: f64, bold: bool) {
    let baseline = top + 0.8 * SIZE;
    let mut pen = x;
    for ch in text.chars() {
        let advance = if ch == ' ' { SPACE } else { ADVANCE };
        out.push(Glyph {
            text: ch.to_string(),
            bbox: BBox::new(
                pen,
                baseline - 0.8 * SIZE,
                pen + advance,
                baseline + 0.2 * SIZE,
            ),
            baseline,
            size: SIZE,
            font: if bold { "F-Bold".into() } else { "F".into() },
            upright: true,
        });
        pen += advance;
    }
}

fn hrule(y: f64, x0: f64, x1: f64) -> Rule {
    Rule {
        bbox: BBox::new(x0, y - 0.25, x1, y + 0.25),
        kind: RuleKind::Stroke,
    }
}

fn vrule(x: f64, y0: f64, y1: f64) -> Rule {
    Rule {
        bbox: BBox::new(x - 0.25, y0, x + 0.25, y1),
        kind: RuleKind::Stroke,
    }
}

/// What the records must say: (section number, section title, stt, [objective, task,
/// activity, lead]).
type Expected = (String, String, String, Vec<String>);

fn expected(model: &[ModelRow]) -> Vec<Expected> {
    let mut out = Vec::new();
    let (mut sec, mut title) = (String::new(), String::new());
    let mut last: Vec<String> = vec![String::new(); FIELDS.len()];
    for row in model {
        match row {
            ModelRow::Section { number, title: t } => {
                sec = number.clone();
                title = t.clone();
            }
            ModelRow::Data { stt, cells } => {
                for (i, c) in cells.iter().enumerate() {
                    if let Some(t) = c {
                        last[i] = t.clone();
                    }
                }
                out.push((sec.clone(), title.clone(), stt.clone(), last.clone()));
            }
        }
    }
    out
}

fn got(records: &[Record]) -> Vec<Expected> {
    records
        .iter()
        .map(|r| {
            let (sec, title) = r
                .section
                .as_ref()
                .map_or((String::new(), String::new()), |s| {
                    (s.number.clone(), s.title.clone())
                });
            let cells = FIELDS
                .iter()
                .map(|f| r.text(*f).unwrap_or("").to_string())
                .collect();
            (sec, title, r.stt.clone(), cells)
        })
        .collect()
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// A random model: 1–3 sections of 1–6 rows; objective and task merged over rows at random
/// (a merged cell starts with its code label), activity and lead always their own.
fn model_strategy() -> impl Strategy<Value = Vec<ModelRow>> {
    let row = (
        prop::collection::vec(0usize..100, 3..30), // objective words
        prop::collection::vec(0usize..100, 3..40), // task words
        prop::collection::vec(0usize..100, 1..30), // activity words
        prop::collection::vec(0usize..100, 1..8),  // lead words
        any::<bool>(),                             // merge objective with the row above
        any::<bool>(),                             // merge task with the row above
    );
    let section = (
        prop::collection::vec(0usize..100, 1..6),
        prop::collection::vec(row, 1..7),
    );
    prop::collection::vec(section, 1..4).prop_map(|sections| {
        let mut model = Vec::new();
        let mut n = 0;
        let (mut obj_no, mut task_no) = (0, 0);
        for (si, (title, rows)) in sections.into_iter().enumerate() {
            model.push(ModelRow::Section {
                number: ROMAN[si].to_string(),
                title: sentence(&title),
            });
            for (ri, (o, t, a, l, mo, mt)) in rows.into_iter().enumerate() {
                n += 1;
                let objective = if ri > 0 && mo {
                    None
                } else {
                    obj_no += 1;
                    Some(format!("1.{obj_no}: {}", sentence(&o)))
                };
                let task = if ri > 0 && mt && objective.is_none() {
                    None
                } else {
                    task_no += 1;
                    Some(format!("2.{task_no}: {}", sentence(&t)))
                };
                model.push(ModelRow::Data {
                    stt: n.to_string(),
                    cells: vec![objective, task, Some(sentence(&a)), Some(sentence(&l))],
                });
            }
        }
        model
    })
}

fn parse(pages: &[Page]) -> Vec<Expected> {
    got(&parse_pages(pages, TableSettings::default()).records)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Whatever the page breaks, the records are the model's.
    #[test]
    fn records_do_not_depend_on_page_breaks(
        model in model_strategy(),
        caps_a in prop::collection::vec(40.0f64..400.0, 1..6),
        caps_b in prop::collection::vec(40.0f64..400.0, 1..6),
    ) {
        let (lines, rules, total) = layout(&model);
        let want = expected(&model);
        let one = paginate(&lines, &rules, total, &[total + 100.0]);
        prop_assert_eq!(one.len(), 1);
        prop_assert_eq!(&parse(&one), &want, "one page");
        let a = paginate(&lines, &rules, total, &caps_a);
        prop_assert_eq!(&parse(&a), &want, "pages {:?}", caps_a);
        let b = paginate(&lines, &rules, total, &caps_b);
        prop_assert_eq!(&parse(&b), &want, "pages {:?}", caps_b);
    }
}

/// A row cut in the middle, whose merged objective runs on over two more pages.
#[test]
fn a_row_cut_mid_row_and_a_merge_over_pages() {
    let long = (0..60).collect::<Vec<usize>>();
    let model = vec![
        ModelRow::Section {
            number: "I".into(),
            title: "cải cách thể chế".into(),
        },
        ModelRow::Data {
            stt: "1".into(),
            cells: vec![
                Some(format!("1.1: {}", sentence(&long))),
                Some(format!("2.1: {}", sentence(&long[..20]))),
                Some(sentence(&long[5..50])),
                Some("sở tư pháp".into()),
            ],
        },
        ModelRow::Data {
            stt: "2".into(),
            cells: vec![
                None,
                None,
                Some("kiểm tra".into()),
                Some("UBND tỉnh".into()),
            ],
        },
        ModelRow::Data {
            stt: "3".into(),
            cells: vec![
                None,
                Some("2.2: đánh giá".into()),
                Some("hệ thống".into()),
                Some("sở".into()),
            ],
        },
    ];
    let (lines, rules, total) = layout(&model);
    let want = expected(&model);
    for cap in [45.0, 60.0, 75.0, 100.0, 130.0] {
        let pages = paginate(&lines, &rules, total, &[cap]);
        assert!(pages.len() >= 2, "cap {cap}: {} pages", pages.len());
        assert_eq!(parse(&pages), want, "cap {cap}");
    }
}
