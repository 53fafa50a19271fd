//! The renderer against extractions built here: overlays from layouts, degraded output without
//! them, and hostile text.

use super::*;
use phuluc_model::{
    AgencyCell, AgencyMention, BBox, CellSource, CodedCell, Field, Furniture, FurnitureKind, Glyph,
    Record, ReviewCode, RowBand, Rule, RuleKind, SourceFile, TextCell, Warning, WarningCode,
};

fn glyph(text: &str, x0: f64, baseline: f64) -> Glyph {
    Glyph {
        text: text.into(),
        bbox: BBox::new(
            x0,
            baseline - 9.0,
            x0 + 6.0 * text.chars().count() as f64,
            baseline + 2.0,
        ),
        baseline,
        size: 10.0,
        font: "Times".into(),
        upright: true,
    }
}

fn page(number: u32, words: &[(&str, f64, f64)]) -> Page {
    Page {
        number,
        width: 842.0,
        height: 595.0,
        glyphs: words.iter().map(|&(t, x, y)| glyph(t, x, y)).collect(),
        rules: vec![
            Rule {
                bbox: BBox::new(40.0, 60.0, 800.0, 60.5),
                kind: RuleKind::Fill,
            },
            Rule {
                bbox: BBox::new(40.0, 60.0, 40.5, 500.0),
                kind: RuleKind::Stroke,
            },
        ],
    }
}

fn cell(page: u32, x0: f64, top: f64, x1: f64, bottom: f64) -> CellSource {
    CellSource {
        page,
        bbox: BBox::new(x0, top, x1, bottom),
        docx: None,
    }
}

/// Two pages; record 0 on page 1 under a merged objective cell shared with record 1, record 1
/// cut by the page break (its activity continues on page 2) and flagged.
fn sample(with_layouts: bool) -> (Extraction, Vec<Page>) {
    let mut ex = Extraction::new(SourceFile {
        file: "plan.pdf".into(),
        sha256: "0".repeat(64),
        pages: 2,
    });
    ex.columns = vec![
        Column {
            index: 0,
            header: "STT".into(),
            field: Field::Stt,
        },
        Column {
            index: 1,
            header: "Mục tiêu".into(),
            field: Field::Objective,
        },
        Column {
            index: 2,
            header: "Hoạt động".into(),
            field: Field::Activity,
        },
        Column {
            index: 3,
            header: "Chủ trì".into(),
            field: Field::Lead,
        },
    ];
    let objective = cell(1, 70.0, 100.0, 200.0, 500.0);
    let mut r0 = Record {
        stt: "1".into(),
        objective: Some(CodedCell {
            code: Some("1.1".into()),
            text: "1.1: Mục tiêu".into(),
            starts_here: true,
        }),
        activity: Some(CodedCell {
            code: None,
            text: "Rà soát".into(),
            starts_here: true,
        }),
        lead: Some(AgencyCell {
            text: "Sở Nội vụ".into(),
            agencies: None,
            ..Default::default()
        }),
        ..Default::default()
    };
    r0.source.pages = vec![1];
    r0.source
        .cells
        .insert("stt".into(), vec![cell(1, 40.0, 100.0, 70.0, 300.0)]);
    r0.source.cells.insert("objective".into(), vec![objective]);
    r0.source
        .cells
        .insert("activity".into(), vec![cell(1, 200.0, 100.0, 500.0, 300.0)]);
    r0.source
        .cells
        .insert("lead".into(), vec![cell(1, 500.0, 100.0, 800.0, 300.0)]);
    let mut r1 = Record {
        stt: "2".into(),
        objective: Some(CodedCell {
            code: Some("1.1".into()),
            text: "1.1: Mục tiêu".into(),
            starts_here: false,
        }),
        activity: Some(CodedCell {
            code: None,
            text: "Kiểm tra tiếp".into(),
            starts_here: true,
        }),
        lead: Some(AgencyCell {
            text: "Ban Xyz".into(),
            agencies: Some(vec![AgencyMention {
                mention: "Ban Xyz".into(),
                id: "unknown:ban-xyz".into(),
                name: "Ban Xyz".into(),
                kind: AgencyKind::Unknown,
                current_id: None,
                succession_source: None,
            }]),
            ..Default::default()
        }),
        ..Default::default()
    };
    r1.source.pages = vec![1, 2];
    r1.source
        .cells
        .insert("stt".into(), vec![cell(1, 40.0, 300.0, 70.0, 500.0)]);
    r1.source.cells.insert("objective".into(), vec![objective]);
    r1.source.cells.insert(
        "activity".into(),
        vec![
            cell(1, 200.0, 300.0, 500.0, 500.0),
            cell(2, 200.0, 60.0, 500.0, 120.0),
        ],
    );
    r1.source
        .cells
        .insert("lead".into(), vec![cell(1, 500.0, 300.0, 800.0, 500.0)]);
    r1.review.flag(
        ReviewCode::UnresolvedAgency,
        Some("lead"),
        "agency \"Ban Xyz\" is not in the registry",
    );
    ex.records = vec![r0, r1];
    ex.warnings.push(
        Warning::new(WarningCode::UnassignedText, "text outside every column")
            .on_page(2)
            .at(BBox::new(805.0, 70.0, 830.0, 80.0))
            .for_record(1)
            .with_text("lạc"),
    );
    ex.warnings.push(
        Warning::new(
            WarningCode::UnresolvedAgency,
            "lead: agency \"Ban Xyz\" is not in the registry",
        )
        .for_record(1)
        .with_text("Ban Xyz"),
    );
    let edges = vec![40.0, 70.0, 200.0, 500.0, 800.0];
    let fields: Vec<String> = ["stt", "objective", "activity", "lead"]
        .map(String::from)
        .to_vec();
    if with_layouts {
        ex.layouts = vec![
            PageLayout {
                page: 1,
                size: (842.0, 595.0),
                table: 0,
                area: BBox::new(40.0, 60.0, 800.0, 500.0),
                header: Some(BBox::new(40.0, 60.0, 800.0, 100.0)),
                column_edges: edges.clone(),
                column_fields: fields.clone(),
                rows: vec![
                    RowBand {
                        top: 100.0,
                        bottom: 300.0,
                        record: Some(0),
                        continuation: false,
                    },
                    RowBand {
                        top: 300.0,
                        bottom: 500.0,
                        record: Some(1),
                        continuation: false,
                    },
                ],
                furniture: vec![Furniture {
                    kind: FurnitureKind::TitleBlock,
                    bbox: BBox::new(300.0, 20.0, 540.0, 40.0),
                    text: "PHỤ LỤC".into(),
                }],
            },
            PageLayout {
                page: 2,
                size: (842.0, 595.0),
                table: 0,
                area: BBox::new(40.0, 20.0, 800.0, 120.0),
                header: Some(BBox::new(40.0, 20.0, 800.0, 60.0)),
                column_edges: edges,
                column_fields: fields,
                rows: vec![RowBand {
                    top: 60.0,
                    bottom: 120.0,
                    record: Some(1),
                    continuation: true,
                }],
                furniture: vec![Furniture {
                    kind: FurnitureKind::PageNumber,
                    bbox: BBox::new(410.0, 570.0, 420.0, 580.0),
                    text: "2".into(),
                }],
            },
        ];
    }
    let pages = vec![
        page(
            1,
            &[
                ("PHỤ LỤC", 300.0, 35.0),
                ("1", 45.0, 115.0),
                ("Rà", 205.0, 115.0),
                ("soát", 223.0, 115.0),
            ],
        ),
        page(
            2,
            &[
                ("Kiểm", 205.0, 75.0),
                ("lạc", 806.0, 78.0),
                ("2", 410.0, 578.0),
            ],
        ),
    ];
    (ex, pages)
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn pages_records_and_flags_are_all_there() {
    let (ex, pages) = sample(true);
    let out = render(&ex, &pages);
    assert!(out.starts_with("<!DOCTYPE html>"));
    assert_eq!(count(&out, "<svg class=\"page\""), 2, "one svg per page");
    assert_eq!(count(&out, "</svg>"), 2);
    assert_eq!(count(&out, " data-record=\""), 2, "one row per record");
    assert!(out.contains("<tr id=\"record-1\" data-record=\"1\" data-pages=\"1 2\" class=\"flag\" data-review=\"unresolved_agency\">"), "{out}");
    assert!(
        out.contains("<tr id=\"record-0\" data-record=\"0\" data-pages=\"1\"><td"),
        "{out}"
    );
    assert!(out.contains("agency &quot;Ban Xyz&quot;") || out.contains("agency \"Ban Xyz\""));
    // The CSV's columns, in its order.
    let header = phuluc_csv::flat_header(&ex);
    let mut expected = String::from("<th>#</th><th>review</th>");
    for h in &header {
        // Columns empty in every record are folded away (class "e"), not dropped.
        let filled = [
            "stt",
            "objective_code",
            "objective",
            "activity",
            "lead",
            "lead_ids",
            "pages",
            "review_needed",
            "review_reasons",
        ];
        let empty = !filled.contains(&h.as_str());
        let class = if empty { " class=\"e\"" } else { "" };
        expected.push_str(&format!("<th{class}>{h}</th>"));
    }
    assert!(out.contains(&expected), "the CSV's columns: {out}");
    assert!(out.contains("<td class=\"e\"><div></div></td>"));
    assert!(out.contains("<input type=\"checkbox\" id=\"show-empty\">"));
    // Summary: counts, mapping, warnings by kind, unresolved agencies.
    assert!(out.contains("<dd id=\"n-pages\">2</dd>"));
    assert!(out.contains("<dd id=\"n-records\">2</dd>"));
    assert!(out.contains("<dd id=\"n-flagged\" class=\"bad\">1</dd>"));
    assert!(
        out.contains("<td>Mục tiêu</td><td><span class=\"sw f1\"></span>objective</td>"),
        "mapping"
    );
    assert!(
        out.contains("<tr data-kind=\"unassigned_text\"><td>unassigned_text</td><td>1</td></tr>")
    );
    assert!(out
        .contains("<tr data-kind=\"unresolved_agency\"><td>unresolved_agency</td><td>1</td></tr>"));
    assert!(
        out.contains("<tr data-goto=\"1\"><td>Ban Xyz</td><td>1</td></tr>"),
        "unresolved agency with its count"
    );
}

#[test]
fn overlays_are_drawn_from_the_layouts() {
    let (ex, pages) = sample(true);
    let out = render(&ex, &pages);
    let p2 = &out[out.find("data-page=\"2\"").unwrap()..];
    let p1 = &out[out.find("data-page=\"1\"").unwrap()..out.find("data-page=\"2\"").unwrap()];
    for (name, page) in [("1", p1), ("2", p2)] {
        for ov in [
            "ov-area",
            "ov-header",
            "ov-cols",
            "ov-rows",
            "ov-cells",
            "ov-furniture",
            "ov-unassigned",
            "ov-cont",
        ] {
            assert!(page.contains(ov), "page {name} lacks {ov}");
        }
    }
    // Column names over the columns, coloured by field.
    assert!(
        p1.contains("<text class=\"colname f1\" x=\"135\" y=\"58\">objective</text>"),
        "{p1}"
    );
    // The merged objective cell: drawn once, naming both records.
    assert_eq!(count(p1, "data-f=\"objective\""), 1);
    assert!(p1.contains("class=\"cell f1 merged flagged\" x=\"70\" y=\"100\" width=\"130\" height=\"400\" data-r=\"0 1\""), "{p1}");
    // Record 1's activity continues on page 2: a continuation piece and a tie to its STT.
    assert!(p2.contains("class=\"cell f3 cont flagged\""), "{p2}");
    // Record 1 is flagged: its cells are outlined, record 0's only cell of its own is not.
    assert!(
        p1.contains("class=\"cell f5 flagged\" x=\"500\" y=\"300\""),
        "{p1}"
    );
    assert!(p1.contains("class=\"cell f5\" x=\"500\" y=\"100\""), "{p1}");
    assert!(
        p2.contains("<text class=\"tie\" x=\"201\" y=\"66\" data-r=\"1\">↳ 2</text>"),
        "{p2}"
    );
    assert!(p2.contains("class=\"band cont\""), "{p2}");
    assert!(
        p2.contains(">↳2</text>"),
        "row label of a continuation band: {p2}"
    );
    // Furniture greyed, with what it is; unassigned text in red with its text.
    assert!(p1.contains("<rect class=\"furniture\" x=\"300\" y=\"20\" width=\"240\" height=\"20\"><title>title_block: PHỤ LỤC</title></rect>"), "{p1}");
    assert!(p2.contains("<rect class=\"unassigned\" x=\"805\" y=\"70\" width=\"25\" height=\"10\" data-r=\"1\"><title>lạc</title></rect>"), "{p2}");
    assert!(
        !p1.contains("class=\"unassigned\""),
        "the warning is on page 2 only"
    );
    // The page's own text and rules.
    assert!(p1.contains(">Rà soát</text>"), "{p1}");
    assert!(
        p1.contains("<path class=\"rules\" d=\"M40 60h760v0.5h-760zM40 60h0.5v440h-0.5z\"/>"),
        "{p1}"
    );
    assert!(!out.contains("id=\"no-layout\""));
}

#[test]
fn without_layouts_the_report_shows_cells_glyphs_and_rules() {
    let (ex, pages) = sample(false);
    let out = render(&ex, &pages);
    assert_eq!(count(&out, "<svg class=\"page\""), 2);
    assert!(out.contains("id=\"no-layout\""));
    for absent in [
        "class=\"area\"",
        "class=\"header\"",
        "class=\"band",
        "class=\"colname",
        "class=\"furniture\"",
    ] {
        assert!(!out.contains(absent), "{absent} drawn without a layout");
    }
    assert!(out.contains("class=\"cell f1 merged flagged\""));
    assert!(out.contains("class=\"cell f3 cont flagged\""));
    assert!(
        out.contains("class=\"unassigned\""),
        "unassigned text comes from the warnings"
    );
    assert!(out.contains(">Kiểm</text>"));
    // A page missing from the geometry is still one svg.
    let out = render(&ex, &pages[..1]);
    assert_eq!(count(&out, "<svg class=\"page\""), 2);
    assert!(out.contains("Page 2 — its geometry could not be read"));
}

#[test]
fn hostile_text_stays_text() {
    let (mut ex, mut pages) = sample(true);
    let evil =
        "</td></tr></table></svg><script>alert(1)</script><img src=x onerror=alert(2)>\"'&lt;\u{0}";
    ex.source.file = evil.into();
    ex.document.title = Some(evil.into());
    ex.columns[2].header = evil.into();
    ex.records[0].activity.as_mut().unwrap().text = evil.into();
    ex.records[0].output = Some(TextCell { text: evil.into() });
    ex.records[0]
        .extra
        .insert(evil.into(), TextCell { text: evil.into() });
    ex.records[0]
        .source
        .cells
        .insert(format!("extra:{evil}"), vec![cell(1, 1.0, 1.0, 2.0, 2.0)]);
    ex.records[1]
        .review
        .flag(ReviewCode::Other, Some(evil), evil);
    ex.warnings[0].text = Some(evil.into());
    ex.warnings[1].message = evil.into();
    ex.layouts[0].column_fields[2] = evil.into();
    ex.layouts[0].furniture[0].text = evil.into();
    pages[0].glyphs.push(glyph(evil, 100.0, 550.0));
    let out = render(&ex, &pages);
    assert_eq!(count(&out, "<script"), 2, "only the report's own scripts");
    assert_eq!(count(&out, "</script>"), 2);
    assert_eq!(count(&out, "<img"), 0);
    assert_eq!(count(&out, "<svg class=\"page\""), 2);
    assert_eq!(count(&out, "</svg>"), 2);
    assert_eq!(count(&out, "</table>"), count(&out, "<table"));
    assert_eq!(count(&out, "</tr>"), count(&out, "<tr"));
    assert!(!out.contains('\u{0}'));
    assert!(out.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;\"'&amp;lt;\u{fffd}"));
    // In attributes (data-f of the extra column's cell, data-review codes stay tokens).
    assert!(out.contains("data-f=\"extra:&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;lt;\u{fffd}\""));
    assert!(out.contains("data-review=\"unresolved_agency other\""));
}

#[test]
fn the_report_fetches_nothing() {
    let (ex, pages) = sample(true);
    let out = render(&ex, &pages);
    for needle in [
        "http:",
        "https:",
        "src=",
        "<link",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!out.contains(needle), "{needle} in the report");
    }
    assert!(out.contains("Content-Security-Policy\" content=\"default-src 'none'"));
}

#[test]
fn each_review_code_is_named_once() {
    let (mut ex, pages) = sample(true);
    ex.records[1].review.flag(
        ReviewCode::SpanningCell,
        Some("activity"),
        "spans two columns",
    );
    ex.records[1].review.flag(
        ReviewCode::UnresolvedAgency,
        Some("partners"),
        "another agency",
    );
    let out = render(&ex, &pages);
    assert!(
        out.contains("data-review=\"unresolved_agency spanning_cell\""),
        "{out}"
    );
    assert_eq!(
        count(&out, "<li><code>unresolved_agency</code>"),
        2,
        "every reason is listed"
    );
}
