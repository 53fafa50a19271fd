//! The "no table" diagnosis: a page whose header names too few fields gives no table, and the
//! parser says what it saw (the most header-like row, its fields, how many a header needs).

use phuluc_model::{BBox, Field, Glyph, Page, Rule, RuleKind};
use phuluc_parser::{parse_pages, TableSettings};

const SIZE: f64 = 10.0;

fn text(page: &mut Page, x: f64, top: f64, text: &str) {
    let mut x = x;
    for c in text.chars() {
        let advance = if c == ' ' { 2.5 } else { 5.0 };
        page.glyphs.push(Glyph {
            text: c.to_string(),
            bbox: BBox::new(x, top, x + advance, top + SIZE),
            baseline: top + 0.8 * SIZE,
            size: SIZE,
            font: "Test".into(),
            upright: true,
        });
        x += advance;
    }
}

fn rule(page: &mut Page, bbox: BBox) {
    page.rules.push(Rule {
        bbox,
        kind: RuleKind::Stroke,
    });
}

/// A ruled three-column table with `header` and two numbered rows.
fn page_with_header(header: [&str; 3]) -> Page {
    let mut page = Page {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs: Vec::new(),
        rules: Vec::new(),
    };
    let bounds = [30.0, 70.0, 300.0, 450.0];
    text(&mut page, 30.0, 40.0, "Phụ lục");
    let rows = [
        header,
        ["1", "Rà soát văn bản", "10"],
        ["2", "Tập huấn cán bộ", "20"],
    ];
    for (r, row) in rows.iter().enumerate() {
        let top = 100.0 + 20.0 * r as f64;
        for (c, cell) in row.iter().enumerate() {
            text(&mut page, bounds[c] + 3.0, top + 5.0, cell);
        }
        rule(&mut page, BBox::new(30.0, top - 0.25, 450.0, top + 0.25));
    }
    rule(&mut page, BBox::new(30.0, 159.75, 450.0, 160.25));
    for x in bounds {
        rule(&mut page, BBox::new(x - 0.25, 100.0, x + 0.25, 160.0));
    }
    page
}

#[test]
fn too_few_header_fields_are_named() {
    let page = page_with_header(["STT", "Nội dung", "Số lượng"]);
    let parsed = parse_pages([&page], TableSettings::default());
    assert!(parsed.records.is_empty());
    let seen = parsed.header_sighting.expect("a header-like row");
    assert_eq!(seen.page, 1);
    assert_eq!(seen.fields, [Field::Stt, Field::Task]);
    assert_eq!(seen.needed, 3);
    assert_eq!(seen.refused, None);
    assert!(seen.text.contains("STT Nội dung Số lượng"), "{}", seen.text);
    let message = seen.to_string();
    assert!(
        message.contains("names 2 field(s) (stt, task)"),
        "{message}"
    );
    assert!(
        message.contains("a header needs 3 distinct fields"),
        "{message}"
    );
}

#[test]
fn a_page_with_no_header_words_has_no_sighting() {
    let page = page_with_header(["Số", "Việc", "Số lượng"]);
    let parsed = parse_pages([&page], TableSettings::default());
    assert!(parsed.records.is_empty());
    assert_eq!(parsed.header_sighting, None);
}

#[test]
fn a_table_found_has_no_sighting() {
    let page = page_with_header(["STT", "Nhiệm vụ", "Chủ trì"]);
    let parsed = parse_pages([&page], TableSettings::default());
    assert_eq!(parsed.records.len(), 2);
    assert_eq!(parsed.header_sighting, None);
}
