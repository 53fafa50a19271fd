//! Nothing lost, nothing silently wrong: pages built by hand with a deliberately wrong or
//! unusual part — text below a table bottom on a page the table continues after, a page inside
//! the table without a table, a repeated header that differs, a cell spanning two columns, an
//! STT merged over two product rows, a row without a number — and the warning, review flag or
//! record each must give.

use phuluc_model::{BBox, Field, Glyph, Page, ReviewCode, Rule, RuleKind, WarningCode};
use phuluc_parser::{parse_pages, TableSettings};

const SIZE: f64 = 10.0;
const ADVANCE: f64 = 5.0;
const SPACE: f64 = 2.5;
const ROW_H: f64 = 20.0;
const LEFT: f64 = 30.0;
const WIDTHS: [f64; 5] = [30.0, 150.0, 110.0, 110.0, 80.0];
const HEADERS: [&str; 5] = ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"];

fn bounds() -> Vec<f64> {
    let mut b = vec![LEFT];
    for w in WIDTHS {
        b.push(b[b.len() - 1] + w);
    }
    b
}

/// A page under construction: glyphs one per character, rules as thin boxes.
struct PageBuilder {
    page: Page,
}

impl PageBuilder {
    fn new(number: u32) -> Self {
        PageBuilder {
            page: Page {
                number,
                width: 595.0,
                height: 842.0,
                glyphs: Vec::new(),
                rules: Vec::new(),
            },
        }
    }

    fn text(&mut self, x: f64, top: f64, text: &str) -> &mut Self {
        let mut x = x;
        for c in text.chars() {
            // A word space is a quarter em, as in real fonts.
            let advance = if c == ' ' { SPACE } else { ADVANCE };
            self.page.glyphs.push(Glyph {
                text: c.to_string(),
                bbox: BBox::new(x, top, x + advance, top + SIZE),
                baseline: top + 0.8 * SIZE,
                size: SIZE,
                font: "Test".into(),
                upright: true,
            });
            x += advance;
        }
        self
    }

    fn hrule(&mut self, y: f64, x0: f64, x1: f64) -> &mut Self {
        self.page.rules.push(Rule {
            bbox: BBox::new(x0, y - 0.25, x1, y + 0.25),
            kind: RuleKind::Stroke,
        });
        self
    }

    fn vrule(&mut self, x: f64, y0: f64, y1: f64) -> &mut Self {
        self.page.rules.push(Rule {
            bbox: BBox::new(x - 0.25, y0, x + 0.25, y1),
            kind: RuleKind::Stroke,
        });
        self
    }

    /// A ruled table at `top`: the header row (unless `header` is None), then one row band per
    /// entry of `rows`. A cell `None` means "merged with the cell above" (no border between);
    /// `spans` lists (row, bound) pairs where the column bound is not ruled through that row.
    fn table(
        &mut self,
        top: f64,
        header: Option<&[&str]>,
        rows: &[[Option<&str>; 5]],
        spans: &[(usize, usize)],
    ) -> f64 {
        let b = bounds();
        let right = b[5];
        let mut y = top;
        self.hrule(y, LEFT, right);
        if let Some(h) = header {
            for (c, t) in h.iter().enumerate() {
                self.text(b[c] + 3.0, y + 5.0, t);
            }
            for x in &b {
                self.vrule(*x, y, y + ROW_H);
            }
            y += ROW_H;
            self.hrule(y, LEFT, right);
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if let Some(t) = cell {
                    self.text(b[c] + 3.0, y + 5.0, t);
                }
            }
            for (k, x) in b.iter().enumerate() {
                if !spans.contains(&(r, k)) {
                    self.vrule(*x, y, y + ROW_H);
                }
            }
            // The border above this row, column by column, unless the cell continues.
            if r > 0 {
                for c in 0..5 {
                    if row[c].is_some() {
                        self.hrule(y, b[c], b[c + 1]);
                    }
                }
            }
            y += ROW_H;
        }
        self.hrule(y, LEFT, right);
        y
    }

    fn build(&mut self) -> Page {
        self.page.clone()
    }
}

const HEAD: Option<&[&str]> = Some(&HEADERS);

fn row<'a>(
    stt: &'a str,
    task: &'a str,
    lead: &'a str,
    partners: &'a str,
    time: &'a str,
) -> [Option<&'a str>; 5] {
    [
        Some(stt),
        Some(task),
        Some(lead),
        Some(partners),
        Some(time),
    ]
}

fn warnings_of(parsed: &phuluc_parser::ParsedTable, code: WarningCode) -> Vec<String> {
    parsed
        .warnings
        .iter()
        .filter(|w| w.code == code)
        .map(|w| w.text.clone().unwrap_or_default())
        .collect()
}

#[test]
fn a_clean_table_needs_no_review_and_loses_nothing() {
    let mut p1 = PageBuilder::new(1);
    p1.text(200.0, 20.0, "KẾ HOẠCH THỬ");
    p1.table(
        50.0,
        HEAD,
        &[
            row(
                "1",
                "Xây dựng kế hoạch",
                "Sở Nội vụ",
                "Sở Tư pháp",
                "Năm 2024",
            ),
            row("2", "Tập huấn", "Sở Tư pháp", "Sở Nội vụ", "Quý I/2024"),
        ],
        &[],
    );
    p1.text(280.0, 800.0, "1");
    let mut p2 = PageBuilder::new(2);
    p2.table(
        50.0,
        HEAD,
        &[row(
            "3",
            "Kiểm tra",
            "Sở Nội vụ",
            "Công an tỉnh",
            "Năm 2025",
        )],
        &[],
    );
    p2.text(280.0, 800.0, "2");
    let parsed = parse_pages(&[p1.build(), p2.build()], TableSettings::default());
    assert_eq!(parsed.records.len(), 3);
    assert!(
        parsed.records.iter().all(|r| !r.review.needed),
        "{:?}",
        parsed.records
    );
    assert!(
        warnings_of(&parsed, WarningCode::UnassignedText).is_empty(),
        "{:?}",
        parsed.warnings
    );
    // The layouts say where the furniture was.
    let kinds: Vec<_> = parsed
        .layouts
        .iter()
        .flat_map(|l| l.furniture.iter().map(|f| f.kind))
        .collect();
    use phuluc_model::FurnitureKind::*;
    assert!(
        kinds.contains(&TitleBlock)
            && kinds.contains(&RepeatedHeader)
            && kinds.contains(&PageNumber),
        "{kinds:?}"
    );
}

#[test]
fn text_below_a_table_that_continues_is_unassigned_and_flagged() {
    // Page 1's table ends early (a wrong bottom: a body line printed below the last border);
    // the table goes on on page 2.
    let mut p1 = PageBuilder::new(1);
    let bottom = p1.table(
        50.0,
        HEAD,
        &[row(
            "1",
            "Xây dựng kế hoạch",
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Năm 2024",
        )],
        &[],
    );
    p1.text(LEFT + 33.0, bottom + 60.0, "dòng bị cắt khỏi bảng");
    let mut p2 = PageBuilder::new(2);
    p2.table(
        50.0,
        HEAD,
        &[row(
            "2",
            "Kiểm tra",
            "Sở Nội vụ",
            "Công an tỉnh",
            "Năm 2025",
        )],
        &[],
    );
    let parsed = parse_pages(&[p1.build(), p2.build()], TableSettings::default());
    let lost = warnings_of(&parsed, WarningCode::UnassignedText);
    assert_eq!(lost, ["dòng bị cắt khỏi bảng"], "{:?}", parsed.warnings);
    assert!(parsed.records[0].review.has(ReviewCode::UnassignedText));
}

#[test]
fn text_after_the_last_table_page_is_not_a_warning() {
    let mut p1 = PageBuilder::new(1);
    let bottom = p1.table(
        50.0,
        HEAD,
        &[row(
            "1",
            "Xây dựng kế hoạch",
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Năm 2024",
        )],
        &[],
    );
    p1.text(300.0, bottom + 60.0, "CHỦ TỊCH");
    let parsed = parse_pages(&[p1.build()], TableSettings::default());
    assert!(warnings_of(&parsed, WarningCode::UnassignedText).is_empty());
    assert!(!parsed.records[0].review.needed);
}

#[test]
fn a_page_inside_the_table_without_a_table_is_unassigned() {
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[row(
            "1",
            "Xây dựng kế hoạch",
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Năm 2024",
        )],
        &[],
    );
    let mut p2 = PageBuilder::new(2);
    // Prose across the columns: not the table going on.
    p2.text(150.0, 100.0, "một trang không có bảng");
    p2.text(280.0, 800.0, "2");
    let mut p3 = PageBuilder::new(3);
    p3.table(
        50.0,
        HEAD,
        &[row(
            "2",
            "Kiểm tra",
            "Sở Nội vụ",
            "Công an tỉnh",
            "Năm 2025",
        )],
        &[],
    );
    let parsed = parse_pages(
        &[p1.build(), p2.build(), p3.build()],
        TableSettings::default(),
    );
    let lost = warnings_of(&parsed, WarningCode::UnassignedText);
    assert_eq!(lost, ["một trang không có bảng"], "{:?}", parsed.warnings);
}

/// Two pages of one table, the second repeating the header as `header` reads it.
fn header_repeated_as(header: &[&str]) -> phuluc_parser::ParsedTable {
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[row(
            "1",
            "Xây dựng kế hoạch",
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Năm 2024",
        )],
        &[],
    );
    let mut p2 = PageBuilder::new(2);
    p2.table(
        50.0,
        Some(header),
        &[row(
            "2",
            "Kiểm tra",
            "Sở Nội vụ",
            "Công an tỉnh",
            "Năm 2025",
        )],
        &[],
    );
    parse_pages(&[p1.build(), p2.build()], TableSettings::default())
}

#[test]
fn a_repeated_header_that_differs_is_not_furniture() {
    let parsed = header_repeated_as(&["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"]);
    let lost = warnings_of(&parsed, WarningCode::UnassignedText);
    assert!(
        lost.iter().any(|t| t.contains("Thời hạn")),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn a_repeated_header_read_a_letter_off_is_furniture() {
    // An OCR'd page reads its repeated header "Thờigan", "Chủ tri": the same header.
    let parsed = header_repeated_as(&["STT", "Nhiệm vụ", "Chủ tri", "Phối hợp", "Thờigan"]);
    assert!(
        warnings_of(&parsed, WarningCode::UnassignedText).is_empty(),
        "{:?}",
        parsed.warnings
    );
    let repeated = parsed
        .layouts
        .iter()
        .flat_map(|l| l.furniture.iter().map(|f| f.kind))
        .filter(|k| *k == phuluc_model::FurnitureKind::RepeatedHeader)
        .count();
    assert!(repeated > 0, "{:?}", parsed.layouts);
}

#[test]
fn a_running_header_with_a_page_number_is_furniture() {
    let pages: Vec<Page> = (1..=3)
        .map(|n| {
            let mut p = PageBuilder::new(n);
            p.text(60.0, 20.0, &format!("Kế hoạch số 87/KH-UBND - Phụ lục {n}"));
            p.table(
                50.0,
                HEAD,
                &[row(
                    &n.to_string(),
                    "Kiểm tra",
                    "Sở Nội vụ",
                    "Công an tỉnh",
                    "Năm 2025",
                )],
                &[],
            );
            p.build()
        })
        .collect();
    let parsed = parse_pages(&pages, TableSettings::default());
    assert_eq!(parsed.records.len(), 3);
    assert!(
        warnings_of(&parsed, WarningCode::UnassignedText).is_empty(),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn a_cell_spanning_two_columns_gives_its_text_to_both() {
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[
            row(
                "1",
                "Xây dựng kế hoạch",
                "Sở Nội vụ",
                "Sở Tư pháp",
                "Năm 2024",
            ),
            [
                Some("2"),
                Some("Rà soát"),
                Some("Theo phân công tại Quyết định số 14"),
                Some(""),
                Some("Năm 2025"),
            ],
            row("3", "Kiểm tra", "Sở Nội vụ", "Công an tỉnh", "Năm 2026"),
        ],
        // Row 1 (the second row): the bound between Chủ trì and Phối hợp is not ruled.
        &[(1, 3)],
    );
    let parsed = parse_pages(&[p1.build()], TableSettings::default());
    let r = &parsed.records[1];
    let want = "Theo phân công tại Quyết định số 14";
    assert_eq!(r.text(Field::Lead), Some(want));
    assert_eq!(r.text(Field::Partners), Some(want));
    assert_eq!(parsed.records[0].text(Field::Partners), Some("Sở Tư pháp"));
    assert_eq!(
        parsed.records[2].text(Field::Partners),
        Some("Công an tỉnh")
    );
}

#[test]
fn an_stt_merged_over_two_product_rows_is_one_record() {
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[
            row(
                "1",
                "Xây dựng kế hoạch",
                "Sở Nội vụ",
                "Sở Tư pháp",
                "Năm 2024",
            ),
            row("2", "Cải cách", "Sở Nội vụ", "Sở Tư pháp", "Quý I"),
            [
                None,
                None,
                Some("Sở Tài chính"),
                Some("Kho bạc"),
                Some("Quý II"),
            ],
            row("3", "Kiểm tra", "Sở Nội vụ", "Công an tỉnh", "Năm 2026"),
        ],
        &[],
    );
    let parsed = parse_pages(&[p1.build()], TableSettings::default());
    let stts: Vec<&str> = parsed.records.iter().map(|r| r.stt.as_str()).collect();
    assert_eq!(stts, ["1", "2", "3"]);
    let r = &parsed.records[1];
    assert_eq!(r.text(Field::Task), Some("Cải cách"));
    assert_eq!(r.text(Field::Lead), Some("Sở Nội vụ\nSở Tài chính"));
    assert_eq!(r.text(Field::Timeline), Some("Quý I\nQuý II"));
    assert!(parsed.records.iter().all(|r| !r.review.needed));
}

#[test]
fn a_row_without_a_number_and_a_repeated_number_are_flagged() {
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[
            row(
                "1",
                "Xây dựng kế hoạch",
                "Sở Nội vụ",
                "Sở Tư pháp",
                "Năm 2024",
            ),
            [
                Some(""),
                Some("Thêm nội dung"),
                Some(""),
                Some(""),
                Some(""),
            ],
            row("1", "Kiểm tra", "Sở Nội vụ", "Công an tỉnh", "Năm 2026"),
        ],
        &[],
    );
    let parsed = parse_pages(&[p1.build()], TableSettings::default());
    assert_eq!(parsed.records.len(), 2);
    assert!(parsed.records[0].review.has(ReviewCode::RowWithoutNumber));
    assert!(parsed
        .records
        .iter()
        .all(|r| r.review.has(ReviewCode::DuplicateNumber)));
}

#[test]
fn conservation_names_what_is_missing() {
    let mut p = PageBuilder::new(4);
    p.text(10.0, 10.0, "abc");
    let page = p.build();
    assert!(phuluc_parser::account::check_conservation(&page, ["abc"]).is_none());
    let w = phuluc_parser::account::check_conservation(&page, ["ab"]).expect("c is missing");
    assert_eq!(w.text.as_deref(), Some("c"));
    assert_eq!(w.page, Some(4));
}

#[test]
fn a_word_cut_at_a_column_line_is_flagged() {
    // The Phối hợp cell continues the one above (no border over it), so the text written
    // across Chủ trì and Phối hợp cannot be one cell: it is cut at the column line.
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[
            row(
                "1",
                "Xây dựng kế hoạch",
                "Sở Nội vụ",
                "Sở Tư pháp",
                "Năm 2024",
            ),
            [
                Some("2"),
                Some("Rà soát"),
                Some("Theo phân công tại Quyết định số 14"),
                None,
                Some("Năm 2025"),
            ],
        ],
        &[(1, 3)],
    );
    let parsed = parse_pages(&[p1.build()], TableSettings::default());
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.code == WarningCode::TextAcrossColumns),
        "{:?}",
        parsed.warnings
    );
    assert!(parsed.records[1].review.has(ReviewCode::TextAcrossColumns));
}

#[test]
fn tables_stacked_on_a_page_and_a_heading_at_a_page_foot_start_tables() {
    // Two tables on page 1 with a paragraph and a heading between them, close under the first
    // table's last border; a third table's heading at the foot of page 1, its header on page 2.
    let mut p1 = PageBuilder::new(1);
    p1.text(200.0, 20.0, "PHỤ LỤC");
    p1.text(LEFT, 36.0, "Biểu mẫu 1: Cải cách thể chế");
    let bottom = p1.table(
        50.0,
        HEAD,
        &[
            row("1", "Rà soát văn bản", "Sở Tư pháp", "Các sở", "Năm 2025"),
            row("2", "Kiểm tra", "Sở Nội vụ", "Các sở", "Quý I/2025"),
        ],
        &[],
    );
    p1.text(
        LEFT,
        bottom + 4.0,
        "Số liệu tổng hợp từ báo cáo của các sở.",
    );
    p1.text(LEFT, bottom + 18.0, "Biểu mẫu 2: Cải cách thủ tục");
    let bottom = p1.table(
        bottom + 32.0,
        HEAD,
        &[
            row("1", "Công bố thủ tục", "Sở Tư pháp", "Các sở", "Năm 2025"),
            row("2", "Số hóa hồ sơ", "Sở Nội vụ", "Các sở", "Quý II/2025"),
        ],
        &[],
    );
    p1.text(LEFT, bottom + 30.0, "Biểu mẫu 3: Chuyển đổi số");
    let mut p2 = PageBuilder::new(2);
    p2.table(
        50.0,
        HEAD,
        &[row("1", "Dịch vụ công", "Sở Nội vụ", "Các sở", "Năm 2026")],
        &[],
    );
    let parsed = parse_pages(&[p1.build(), p2.build()], TableSettings::default());
    let titles: Vec<Option<&str>> = parsed.tables.iter().map(|t| t.title.as_deref()).collect();
    assert_eq!(
        titles,
        [
            Some("Biểu mẫu 1: Cải cách thể chế"),
            Some("Biểu mẫu 2: Cải cách thủ tục"),
            Some("Biểu mẫu 3: Chuyển đổi số"),
        ],
        "{:?}",
        parsed.warnings
    );
    let keys: Vec<(usize, &str)> = parsed
        .records
        .iter()
        .map(|r| (r.table, r.stt.as_str()))
        .collect();
    assert_eq!(keys, [(0, "1"), (0, "2"), (1, "1"), (1, "2"), (2, "1")]);
    assert_eq!(
        parsed.records[1].task.as_ref().map(|c| c.text.as_str()),
        Some("Kiểm tra")
    );
    assert!(
        parsed.records.iter().all(|r| !r.review.needed),
        "{:?}",
        parsed.records
    );
    assert!(
        warnings_of(&parsed, WarningCode::UnassignedText).is_empty(),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn an_appended_page_without_rules_or_header_continues_the_table() {
    // Page 2 was appended without borders or a repeated header; its row numbers are centred
    // in their tall rows, so a row's first lines stand above its number.
    let mut p1 = PageBuilder::new(1);
    p1.text(200.0, 20.0, "KẾ HOẠCH THỬ");
    p1.table(
        50.0,
        HEAD,
        &[row(
            "1",
            "Xây dựng kế hoạch",
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Năm 2024",
        )],
        &[],
    );
    let b = bounds();
    let mut p2 = PageBuilder::new(2);
    let mut y = 60.0;
    for (n, lines) in [
        ("2", ["Rà soát thủ tục", "hành chính nội bộ", "của các sở"]),
        ("3", ["Số hóa hồ sơ", "giải quyết thủ tục", "hành chính"]),
    ] {
        for (i, l) in lines.iter().enumerate() {
            p2.text(b[1] + 3.0, y + 12.0 * i as f64, l);
        }
        p2.text(b[0] + 3.0, y + 12.0, n);
        p2.text(b[2] + 3.0, y + 12.0, "Sở Nội vụ");
        p2.text(b[3] + 3.0, y + 12.0, "Các sở");
        p2.text(b[4] + 3.0, y + 12.0, "Năm 2025");
        y += 3.0 * 12.0 + 10.0;
    }
    let parsed = parse_pages(&[p1.build(), p2.build()], TableSettings::default());
    let tasks: Vec<(&str, &str)> = parsed
        .records
        .iter()
        .map(|r| {
            (
                r.stt.as_str(),
                r.task.as_ref().map_or("", |c| c.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        tasks,
        [
            ("1", "Xây dựng kế hoạch"),
            ("2", "Rà soát thủ tục hành chính nội bộ của các sở"),
            ("3", "Số hóa hồ sơ giải quyết thủ tục hành chính"),
        ],
        "{:?}",
        parsed.warnings
    );
    assert!(
        warnings_of(&parsed, WarningCode::UnassignedText).is_empty(),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn a_page_after_a_table_filled_to_its_foot_with_text_in_its_columns_continues_its_row() {
    // The table ends at page 1's foot (nothing below it); page 2 has no header, no rules and
    // no row number, only the end of a task cell in the task column, at the top: it is read as
    // the last row's continuation, and the record says how it was read.
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[row(
            "1",
            "Xây dựng kế hoạch",
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Năm 2024",
        )],
        &[],
    );
    let b = bounds();
    let mut p2 = PageBuilder::new(2);
    p2.text(b[1] + 3.0, 40.0, "theo Nghị định 45/2020/NĐ-CP");
    p2.text(b[1] + 3.0, 52.0, "và Nghị định 107/2021/NĐ-CP.");
    let parsed = parse_pages(&[p1.build(), p2.build()], TableSettings::default());
    assert_eq!(
        parsed.records[0].task.as_ref().map(|c| c.text.as_str()),
        Some("Xây dựng kế hoạch theo Nghị định 45/2020/NĐ-CP và Nghị định 107/2021/NĐ-CP."),
        "{:?}",
        parsed.warnings
    );
    assert!(warnings_of(&parsed, WarningCode::UnassignedText).is_empty());
    assert!(parsed.records[0]
        .review
        .has(ReviewCode::UncertainContinuation));

    // A list starting in the STT column (the closing "Nơi nhận:" block) is text after the
    // table.
    let mut closing = PageBuilder::new(2);
    closing.text(b[0] + 2.0, 40.0, "Nơi nhận:");
    closing.text(b[0] + 2.0, 52.0, "- Như trên;");
    closing.text(b[0] + 2.0, 64.0, "- Lưu: VT.");
    let parsed = parse_pages(&[p1.build(), closing.build()], TableSettings::default());
    assert!(
        parsed.records[0].review.needed == parsed.records[0].review.has(ReviewCode::UnassignedText),
        "{:?}",
        parsed.records[0].review
    );
    assert_eq!(
        parsed.records[0].task.as_ref().map(|c| c.text.as_str()),
        Some("Xây dựng kế hoạch")
    );

    // The same page holding prose across the columns (a signature block, the plan's next
    // part) is text after the table.
    let mut prose = PageBuilder::new(2);
    prose.text(
        LEFT + 5.0,
        40.0,
        "Nơi nhận: các sở, ban, ngành; UBND các huyện, thị xã, thành phố; lưu văn thư.",
    );
    prose.text(
        LEFT + 5.0,
        52.0,
        "Giao Sở Nội vụ theo dõi, đôn đốc việc thực hiện kế hoạch này và báo cáo kết quả.",
    );
    let parsed = parse_pages(&[p1.build(), prose.build()], TableSettings::default());
    assert!(
        warnings_of(&parsed, WarningCode::UnassignedText).is_empty(),
        "{:?}",
        parsed.warnings
    );
    assert!(!parsed.records[0].review.needed);
}

#[test]
fn a_page_whose_first_label_stands_below_its_rows_beginning_is_flagged() {
    // Page 2 has no borders and no header; its only row's label is printed on the row's last
    // line (a bottom-aligned STT). Whether the lines above the label end page 1's row or begin
    // this one cannot be told: both records say so.
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[row(
            "1",
            "Xây dựng kế hoạch",
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Năm 2024",
        )],
        &[],
    );
    let b = bounds();
    let mut p2 = PageBuilder::new(2);
    for (i, l) in ["Rà soát thủ tục", "hành chính nội bộ", "của các sở"]
        .iter()
        .enumerate()
    {
        p2.text(b[1] + 3.0, 60.0 + 12.0 * i as f64, l);
    }
    p2.text(b[2] + 3.0, 60.0, "Sở Nội vụ");
    p2.text(b[4] + 3.0, 60.0, "Năm 2025");
    p2.text(b[0] + 3.0, 84.0, "2");
    let parsed = parse_pages(&[p1.build(), p2.build()], TableSettings::default());
    assert_eq!(parsed.records.len(), 2, "{:?}", parsed.warnings);
    for r in &parsed.records {
        assert!(
            r.review.has(ReviewCode::UncertainContinuation),
            "{} {:?}",
            r.stt,
            r.review
        );
    }
}

#[test]
fn a_sub_rows_cell_spanning_two_columns_gives_its_text_to_both() {
    // Task 2's STT and task are merged over two product rows; in the second, one cell spans
    // Chủ trì and Phối hợp (the bound between them is not ruled through that row).
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[
            row(
                "1",
                "Xây dựng kế hoạch",
                "Sở Nội vụ",
                "Sở Tư pháp",
                "Năm 2024",
            ),
            row("2", "Cải cách", "Sở Nội vụ", "Sở Tư pháp", "Quý I"),
            [None, None, Some("Các sở, ngành"), Some(""), Some("Quý II")],
            row("3", "Kiểm tra", "Sở Nội vụ", "Công an tỉnh", "Năm 2026"),
        ],
        &[(2, 3)],
    );
    let parsed = parse_pages(&[p1.build()], TableSettings::default());
    let stts: Vec<&str> = parsed.records.iter().map(|r| r.stt.as_str()).collect();
    assert_eq!(stts, ["1", "2", "3"]);
    let r = &parsed.records[1];
    assert_eq!(r.text(Field::Lead), Some("Sở Nội vụ\nCác sở, ngành"));
    assert_eq!(r.text(Field::Partners), Some("Sở Tư pháp\nCác sở, ngành"));
    assert_eq!(r.text(Field::Timeline), Some("Quý I\nQuý II"));
    assert!(r.review.has(ReviewCode::SpanningCell), "{:?}", r.review);
}

#[test]
fn a_merged_stt_continued_from_the_previous_page_keeps_its_sub_rows() {
    // Task 2's STT and task are merged over three product rows; the page break falls after
    // the first. On page 2 the merged cell goes on empty over two bands (no border across
    // STT and task between them): the second band is a sub-row of task 2, not a row without
    // a number.
    let mut p1 = PageBuilder::new(1);
    p1.table(
        50.0,
        HEAD,
        &[
            row(
                "1",
                "Xây dựng kế hoạch",
                "Sở Nội vụ",
                "Sở Tư pháp",
                "Năm 2024",
            ),
            row("2", "Cải cách", "Sở Nội vụ", "Sở Tư pháp", "Quý I"),
        ],
        &[],
    );
    let mut p2 = PageBuilder::new(2);
    p2.table(
        50.0,
        HEAD,
        &[
            [
                Some(""),
                Some(""),
                Some("Sở Tài chính"),
                Some("Kho bạc"),
                Some("Quý II"),
            ],
            [
                None,
                None,
                Some("Sở Y tế"),
                Some("Công an"),
                Some("Quý III"),
            ],
            row("3", "Kiểm tra", "Sở Nội vụ", "Công an tỉnh", "Năm 2026"),
        ],
        &[],
    );
    let parsed = parse_pages(&[p1.build(), p2.build()], TableSettings::default());
    let stts: Vec<&str> = parsed.records.iter().map(|r| r.stt.as_str()).collect();
    assert_eq!(stts, ["1", "2", "3"], "{:?}", parsed.warnings);
    let r = &parsed.records[1];
    let lead = r.text(Field::Lead).unwrap_or("");
    assert!(
        lead.contains("Sở Tài chính") && lead.ends_with("\nSở Y tế"),
        "{lead:?}"
    );
    assert!(
        !r.review.has(ReviewCode::RowWithoutNumber),
        "{:?}",
        r.review
    );
    assert!(warnings_of(&parsed, WarningCode::RowWithoutNumber).is_empty());
}

#[test]
fn a_heading_at_a_page_foot_titles_a_table_with_other_columns() {
    // The second appendix has other columns than the first; its heading closes page 1 and its
    // header opens page 2.
    let mut p1 = PageBuilder::new(1);
    p1.text(200.0, 20.0, "Phụ lục I");
    let bottom = p1.table(
        50.0,
        HEAD,
        &[row(
            "1",
            "Rà soát văn bản",
            "Sở Tư pháp",
            "Các sở",
            "Năm 2025",
        )],
        &[],
    );
    p1.text(200.0, bottom + 30.0, "Phụ lục II");
    p1.text(150.0, bottom + 44.0, "DANH MỤC ĐỀ ÁN TRÌNH UBND TỈNH");
    let mut p2 = PageBuilder::new(2);
    let other: &[&str] = &[
        "TT",
        "Tên đề án",
        "Cơ quan chủ trì",
        "Ghi chú",
        "Thời gian trình",
    ];
    p2.table(
        50.0,
        Some(other),
        &[row("1", "Đề án số hóa", "Sở Nội vụ", "", "Quý II/2026")],
        &[],
    );
    let parsed = parse_pages(&[p1.build(), p2.build()], TableSettings::default());
    let titles: Vec<Option<&str>> = parsed.tables.iter().map(|t| t.title.as_deref()).collect();
    assert_eq!(
        titles,
        [
            Some("Phụ lục I"),
            Some("Phụ lục II DANH MỤC ĐỀ ÁN TRÌNH UBND TỈNH")
        ],
        "{:?}",
        parsed.warnings
    );
}
