//! Accounting: every glyph of every page from the table's first page to its last lands in a
//! cell, in page furniture recognised as such, or in an `unassigned_text` warning.
//!
//! Takes each page's [`PageGrid`] placements (or a page where no table was found) and gives
//! [`Furniture`] boxes and warnings. The grid decides where the table is; this stage checks
//! that decision against the page, so that a wrong table bottom, a header band that swallows a
//! body line, or a page skipped inside the table shows up as a warning instead of vanishing:
//!
//! - text **above** the table is the title block on the table's first page; on later pages it
//!   must be a page number or a running header (a line printed above the table on another page
//!   too), else it is unassigned;
//! - a **repeated header** is furniture only when its columns read as the first page's header;
//! - text **below** the table is a page number, or the text after the table on its last page;
//!   below the table on a page the table continues after, it is unassigned;
//! - a **page without a table** between two table pages is unassigned text, page numbers aside.
//!
//! Finally [`check_conservation`] compares, per page, the characters of every glyph with the
//! characters of the cells, furniture and warnings (independently of how they were placed): a
//! difference is reported, so text lost by any stage cannot go unnoticed.

use crate::grid::{is_page_number, PageGrid, Placement};
use crate::text::{collapse_ws, lines_of, Line, TextSettings};
use crate::vocab::header_key;
use phuluc_model::{BBox, Furniture, FurnitureKind, Glyph, Page, Warning, WarningCode};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Lines of a page held back until it is known whether the table goes on after the page.
#[derive(Debug, Clone, PartialEq)]
struct Pending {
    page: u32,
    lines: Vec<Line>,
    /// The whole page had no table (rather than text below the table).
    whole_page: bool,
    /// Its text is aligned to the table's columns (a whole page only): the table may go on
    /// there unread.
    aligned: bool,
}

/// What accounting found on one page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageAccount {
    pub furniture: Vec<Furniture>,
    pub warnings: Vec<Warning>,
}

/// Accounting state across the pages of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// The first table page's header, one key per column.
    first_header: Option<HeaderSeen>,
    /// Text keys of the lines printed above the table on table pages so far.
    above_seen: Vec<String>,
    /// Lines below the table (or whole pages without one) awaiting the next table page.
    pending: Vec<Pending>,
    /// Furniture and warnings decided so far, per page.
    pub pages: HashMap<u32, PageAccount>,
    /// The last table page, when the table filled it to its foot (nothing but a page number
    /// below it): whole pages without a table right after it may be the table going on in a
    /// form the grid could not read, so their text is not taken for text after the table.
    open_end: Option<u32>,
}

/// The key by which a running header is recognised on another page: case and spacing folded,
/// and every run of digits one `#` (running headers often carry the page number).
fn key_of(text: &str) -> String {
    let mut key = String::new();
    for c in collapse_ws(text).to_lowercase().chars() {
        if c.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else {
            key.push(c);
        }
    }
    key
}

fn unassigned(page: u32, line: &Line, why: &str) -> Warning {
    Warning::new(
        WarningCode::UnassignedText,
        format!("{why} on page {page}: {:?}", line.text),
    )
    .on_page(page)
    .at(line.bbox)
    .with_text(line.text.clone())
}

fn furniture(kind: FurnitureKind, line: &Line) -> Furniture {
    Furniture {
        kind,
        bbox: line.bbox.rounded(),
        text: line.text.clone(),
    }
}

/// A table's header as first seen: its columns' header keys and fields.
#[derive(Debug, Clone, PartialEq)]
struct HeaderSeen {
    keys: Vec<String>,
    fields: Vec<phuluc_model::Field>,
}

/// Share of a header cell's letters (spaces not counted) another reading of it may differ by
/// and still be the same header read differently ([`HeaderSeen::repeated_by`]): OCR's
/// "Thờigan" for "Thời gian", not a new wording ("Thời hạn").
const SAME_HEADER_EDITS: f64 = 0.2;

impl HeaderSeen {
    fn of(grid: &PageGrid) -> HeaderSeen {
        HeaderSeen {
            keys: grid.layout.headers.iter().map(|h| header_key(h)).collect(),
            fields: grid.layout.fields.clone(),
        }
    }

    /// Whether `other` is this header repeated: the same texts, or (an OCR'd page reads a
    /// header's words a little differently each time: "Thờigan", "Kính phí") the same
    /// columns naming the same fields, each within [`SAME_HEADER_EDITS`] of its first reading.
    fn repeated_by(&self, other: &HeaderSeen) -> bool {
        let close = |a: &String, b: &String| {
            let (a, b): (Vec<char>, Vec<char>) = (
                a.chars().filter(|c| *c != ' ').collect(),
                b.chars().filter(|c| *c != ' ').collect(),
            );
            let allowed = (SAME_HEADER_EDITS * a.len().max(b.len()) as f64).floor() as usize;
            crate::vocab::edit_distance(&a, &b) <= allowed.max(1)
        };
        self.keys == other.keys
            || (self.fields == other.fields
                && self.keys.len() == other.keys.len()
                && self.keys.iter().zip(&other.keys).all(|(a, b)| close(a, b)))
    }
}

impl Ledger {
    /// Accounts for a page on which a table was found. Gives the texts of the header and
    /// below-table lines it assembled (the lines above the table are the grid's `above`), for
    /// the conservation check.
    pub fn table_page(
        &mut self,
        page: &Page,
        grid: &PageGrid,
        settings: &TextSettings,
    ) -> Vec<String> {
        // The table goes on here: what was held back lies inside the table's page range.
        self.release_pending(true);
        let mut acc = PageAccount::default();
        let first = self.first_header.is_none();

        let above = &grid.above;
        for line in above {
            let key = key_of(&line.text);
            if first {
                acc.furniture
                    .push(furniture(FurnitureKind::TitleBlock, line));
            } else if is_page_number(&line.text) {
                acc.furniture
                    .push(furniture(FurnitureKind::PageNumber, line));
            } else if self.above_seen.contains(&key) {
                acc.furniture
                    .push(furniture(FurnitureKind::RunningText, line));
            } else {
                acc.warnings.push(unassigned(
                    page.number,
                    line,
                    "text above the table that is neither a page number nor a running header",
                ));
            }
        }
        for line in above {
            let key = key_of(&line.text);
            if !self.above_seen.contains(&key) {
                self.above_seen.push(key);
            }
        }

        let header = grid.glyphs_placed(page, Placement::Header);
        let mut assembled: Vec<String> = Vec::new();
        if !header.is_empty() {
            let seen = HeaderSeen::of(grid);
            let lines = lines_of(&header, settings);
            assembled.extend(lines.iter().map(|l| l.text.clone()));
            match &self.first_header {
                None => {
                    self.first_header = Some(seen);
                }
                Some(first) if first.repeated_by(&seen) => {
                    for line in &lines {
                        acc.furniture
                            .push(furniture(FurnitureKind::RepeatedHeader, line));
                    }
                }
                Some(_) => {
                    for line in &lines {
                        acc.warnings.push(unassigned(
                            page.number,
                            line,
                            "a header that differs from the table's first header",
                        ));
                    }
                }
            }
        } else if first {
            self.first_header = Some(HeaderSeen::of(grid));
        }

        let below = lines_of(&grid.glyphs_placed(page, Placement::Below), settings);
        assembled.extend(below.iter().map(|l| l.text.clone()));
        let mut held = Vec::new();
        for line in below {
            if is_page_number(&line.text) {
                acc.furniture
                    .push(furniture(FurnitureKind::PageNumber, &line));
            } else {
                held.push(line);
            }
        }
        self.open_end = held.is_empty().then_some(page.number);
        if !held.is_empty() {
            self.pending.push(Pending {
                page: page.number,
                lines: held,
                whole_page: false,
                aligned: false,
            });
        }
        self.merge(page.number, acc);
        assembled
    }

    /// Whether the table filled table page `page` to its foot (nothing but a page number below
    /// it) and no page has come since.
    pub fn ran_to_foot(&self, page: u32) -> bool {
        self.open_end == Some(page) && self.pending.is_empty()
    }

    /// The lines held back below the table on the page just before `page` (not a whole page
    /// without a table): at the foot of a page, they may be the heading of a table whose header
    /// opens the next page.
    pub fn heading_before(&self, page: u32) -> Option<Vec<String>> {
        let p = self.pending.last()?;
        if p.whole_page || p.page + 1 != page {
            return None;
        }
        let lines: Vec<String> = p.lines.iter().map(|l| l.text.clone()).collect();
        (!lines.is_empty()).then_some(lines)
    }

    /// Takes the lines [`Ledger::heading_before`] gave as the next table's heading: they are
    /// accounted as that table's title block.
    pub fn take_heading(&mut self) {
        if let Some(p) = self.pending.pop() {
            let mut acc = PageAccount::default();
            for line in &p.lines {
                acc.furniture
                    .push(furniture(FurnitureKind::TitleBlock, line));
            }
            self.merge(p.page, acc);
        }
    }

    /// A new table begins: its first page's text above the header is its title block, and its
    /// repeated headers are compared with its own first header.
    pub fn start_table(&mut self) {
        // What was held back below the previous table is text between the two tables.
        self.release_pending(false);
        self.first_header = None;
    }

    /// Whether a line reads as page furniture already seen: a page number, or a line printed
    /// above the table on an earlier table page (a running header).
    pub fn is_furniture_line(&self, text: &str) -> bool {
        is_page_number(text) || self.above_seen.contains(&key_of(text))
    }

    /// Accounts for a page on which no table was found, after the table began; `aligned`: its
    /// text sits in the table's columns (`grid::text_aligned_to`).
    pub fn page_without_table(&mut self, page: &Page, aligned: bool, settings: &TextSettings) {
        if self.first_header.is_none() {
            return; // before the table: prose, not accounted
        }
        let glyphs: Vec<&Glyph> = page
            .glyphs
            .iter()
            .filter(|g| !g.text.trim().is_empty())
            .collect();
        let mut acc = PageAccount::default();
        let mut held = Vec::new();
        for line in lines_of(&glyphs, settings) {
            if is_page_number(&line.text) {
                acc.furniture
                    .push(furniture(FurnitureKind::PageNumber, &line));
            } else {
                held.push(line);
            }
        }
        if !held.is_empty() {
            self.pending.push(Pending {
                page: page.number,
                lines: held,
                whole_page: true,
                aligned,
            });
        }
        self.merge(page.number, acc);
    }

    /// Ends the document: what is still held back follows the table's last page.
    pub fn finish(&mut self) {
        self.release_pending(false);
    }

    /// Decides the held-back lines: inside the table's page range they are unassigned text;
    /// after its end, text after the table.
    ///
    /// Whole pages right after a table page the table filled to its foot, with their text in
    /// the table's columns, are the exception: the table may go on there unread, so their text
    /// is unassigned, not text after the table.
    fn release_pending(&mut self, table_goes_on: bool) {
        let mut next_open = self.open_end.map(|p| p + 1);
        for p in std::mem::take(&mut self.pending) {
            let mut acc = PageAccount::default();
            let unread = p.whole_page && p.aligned && next_open == Some(p.page);
            if unread {
                next_open = Some(p.page + 1);
            }
            for line in &p.lines {
                if unread && !table_goes_on {
                    acc.warnings.push(unassigned(
                        p.page,
                        line,
                        "text on a page after the table's last page, which the table filled to its foot (the table may go on here unread)",
                    ));
                } else if !table_goes_on {
                    acc.furniture
                        .push(furniture(FurnitureKind::AfterTable, line));
                } else if p.whole_page {
                    acc.warnings.push(unassigned(
                        p.page,
                        line,
                        "text on a page inside the table where no table was found",
                    ));
                } else {
                    acc.warnings.push(unassigned(
                        p.page,
                        line,
                        "text below the table on a page the table continues after",
                    ));
                }
            }
            self.merge(p.page, acc);
        }
    }

    fn merge(&mut self, page: u32, acc: PageAccount) {
        let e = self.pages.entry(page).or_default();
        e.furniture.extend(acc.furniture);
        e.warnings.extend(acc.warnings);
    }
}

/// Characters of a text as counted by conservation: decomposed (a mark typed on its own and
/// one composed into its letter count alike), white space left out.
fn count_chars(text: &str, counts: &mut CharCounts, sign: i64) {
    if text.is_ascii() {
        for b in text.bytes().filter(|b| !b.is_ascii_whitespace()) {
            counts.add(char::from(b), sign);
        }
        return;
    }
    for c in text.nfd().filter(|c| !c.is_whitespace()) {
        counts.add(c, sign);
    }
}

/// A multiset of characters: an array for the Latin, Vietnamese and combining range (what
/// decomposed Vietnamese text is made of), a map for the rest.
struct CharCounts {
    low: Vec<i64>,
    high: HashMap<char, i64>,
}

/// Characters below this are counted in the array.
const LOW_CHARS: usize = 0x0400;

impl CharCounts {
    fn new() -> Self {
        CharCounts {
            low: vec![0; LOW_CHARS],
            high: HashMap::new(),
        }
    }
    fn add(&mut self, c: char, n: i64) {
        match self.low.get_mut(c as usize) {
            Some(slot) => *slot += n,
            None => *self.high.entry(c).or_insert(0) += n,
        }
    }
    /// The characters counted more often on the plus side, with how many more.
    fn surplus(&self) -> Vec<(char, i64)> {
        let low = self
            .low
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .filter_map(|(c, n)| char::from_u32(c as u32).map(|c| (c, *n)));
        let high = self
            .high
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(c, n)| (*c, *n));
        low.chain(high).collect()
    }
}

/// Compares, on one page, the characters of every glyph with those of the texts that took
/// them (cells' page pieces, the header, furniture, warnings). Returns a warning naming what
/// is missing, or `None` when every character is accounted for.
pub fn check_conservation<'a>(
    page: &Page,
    taken: impl IntoIterator<Item = &'a str>,
) -> Option<Warning> {
    let mut counts = CharCounts::new();
    for g in &page.glyphs {
        count_chars(&g.text, &mut counts, 1);
    }
    for t in taken {
        count_chars(t, &mut counts, -1);
    }
    let mut missing = counts.surplus();
    if missing.is_empty() {
        return None;
    }
    missing.sort();
    let lost: String = missing
        .iter()
        .flat_map(|(c, n)| std::iter::repeat_n(*c, (*n).min(20) as usize))
        .take(200)
        .collect::<String>()
        .nfc()
        .collect();
    let total: i64 = missing.iter().map(|(_, n)| n).sum();
    Some(
        Warning::new(
            WarningCode::UnassignedText,
            format!(
                "{total} character(s) on page {} are in no cell, furniture or warning: {lost:?}",
                page.number
            ),
        )
        .on_page(page.number)
        .at(BBox::new(0.0, 0.0, page.width, page.height))
        .with_text(lost),
    )
}
