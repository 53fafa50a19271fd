//! Document metadata from the title block above the table on its first page: title, plan
//! number, date of issue, issuer, province and period, from text such as
//! "(Kèm theo Kế hoạch số 402 /KH-UBND ngày 21 /8/2021 của UBND tỉnh Bắc Giang)".
//!
//! * The **appendix title** is the heading printed between the "Phụ lục" line ("PHỤ LỤC",
//!   "Phụ lục I", "Phụ lục 02: …") and the "(Kèm theo …)" line, whatever its first word.
//! * The **title** is the plan's own title where the document shows it — "KẾ HOẠCH" (or
//!   "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH" …) alone on a line of the document's first page and the
//!   subject lines set under it ([`plan_title`]) — else the appendix title. Body text is never
//!   read for a title.
//! * **Issuer** and **province** come from "… của UBND / Ủy ban nhân dân / Chủ tịch UBND /
//!   HĐND tỉnh X" or "thành phố X" (a centrally-run city); the issuer is the body, so "Chủ
//!   tịch UBND tỉnh Lâm Đồng" gives "UBND tỉnh Lâm Đồng".
//! * **Number** and **date** are read only when printed: a draft's "Số: /KH-UBND" and "ngày …
//!   tháng 3 năm 2026" give `null`, not a guess.
//! * **Period** from "giai đoạn 2021-2030", "2021 - 2025", "đến năm 2030" (from the issue year)
//!   or "năm 2024", in the titles; a plan without one gives `null`.

use crate::text::Line;
use phuluc_model::{DocumentMeta, Period};
use regex::Regex;

/// A pattern compiled once per process (compiling costs more than matching a document's
/// titles: ≈9 M instructions a document when they were compiled per call).
macro_rules! re {
    ($pattern:expr $(,)?) => {{
        static RE: std::sync::OnceLock<Option<Regex>> = std::sync::OnceLock::new();
        RE.get_or_init(|| Regex::new($pattern).ok()).as_ref()
    }};
}

/// Words that open a document's own title when alone on a line.
const DOCUMENT_KINDS: [&str; 7] = [
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "CHƯƠNG TRÌNH",
    "ĐỀ ÁN",
    "CHỈ THỊ",
    "NGHỊ QUYẾT",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
];

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plan's own title on a page (the document's first): a line holding only "KẾ HOẠCH" (or
/// another kind of document) and the subject lines set right under it, at the normal line
/// spacing; the body, a section heading ("I. …") or a wider gap ends it. `None` when the page
/// has no such heading or no subject under it.
pub fn plan_title(lines: &[Line]) -> Option<String> {
    let k = lines.iter().position(|l| {
        let t = collapse(&l.text).to_uppercase();
        DOCUMENT_KINDS.contains(&t.as_str())
    })?;
    let head = &lines[k];
    let mut parts = vec![collapse(&head.text)];
    let mut prev = head;
    for l in &lines[k + 1..] {
        let text = collapse(&l.text);
        let gap = l.baseline - prev.baseline;
        let size = prev.size.max(l.size).max(1.0);
        let body = ["Căn cứ", "Thực hiện", "Để ", "Nhằm "]
            .iter()
            .any(|w| text.starts_with(w))
            && parts.len() > 1;
        if text.is_empty() || gap <= 0.0 || gap > 1.8 * size || body || is_heading_number(&text) {
            break;
        }
        parts.push(text);
        prev = l;
    }
    (parts.len() > 1).then(|| parts.join(" "))
}

/// The issuing body from the letterhead of a page (the document's first): "ỦY BAN NHÂN DÂN"
/// over "TỈNH LÂM ĐỒNG" gives `("UBND tỉnh Lâm Đồng", "Lâm Đồng")`. Used only when no
/// "(… của UBND tỉnh X)" line names the issuer (an appendix table in a plan's body).
pub fn letterhead_issuer(lines: &[Line]) -> Option<(String, String)> {
    let body = |t: &str| -> Option<&'static str> {
        let t = collapse(t).to_uppercase();
        if t.starts_with("ỦY BAN NHÂN DÂN") || t.starts_with("UỶ BAN NHÂN DÂN") {
            Some("UBND")
        } else if t.starts_with("HỘI ĐỒNG NHÂN DÂN") {
            Some("HĐND")
        } else {
            None
        }
    };
    let k = lines
        .iter()
        .take(LETTERHEAD_LINES)
        .position(|l| body(&l.text).is_some())?;
    let short = body(&lines[k].text)?;
    for l in lines.iter().skip(k + 1).take(2) {
        let text = collapse(&l.text);
        let mut words = text.split(' ');
        let level = match words.next()?.to_uppercase().as_str() {
            "TỈNH" => "tỉnh",
            "THÀNH" if words.next().is_some_and(|w| w.to_uppercase() == "PHỐ") => "thành phố",
            _ => continue,
        };
        // The place: the upper-case words after the level (the motto may share the line).
        let place: Vec<String> = words
            .take_while(|w| {
                w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
            })
            .map(title_case)
            .collect();
        if place.is_empty() {
            continue;
        }
        let place = place.join(" ");
        return Some((format!("{short} {level} {place}"), place));
    }
    None
}

/// How many lines from the top of the first page the letterhead may start at.
const LETTERHEAD_LINES: usize = 4;

/// "LÂM" → "Lâm", "ĐỒNG" → "Đồng".
fn title_case(word: &str) -> String {
    let mut out = String::new();
    for (i, c) in word.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The text lines of a whole page, top to bottom (for [`plan_title`]).
pub fn page_lines(page: &phuluc_model::Page, settings: &crate::TableSettings) -> Vec<Line> {
    let glyphs: Vec<&phuluc_model::Glyph> = page.glyphs.iter().filter(|g| g.upright).collect();
    crate::text::lines_of(&glyphs, &settings.text)
}

/// "I.", "1.", "a)" opening a line: a section of the body.
fn is_heading_number(text: &str) -> bool {
    crate::grid::opens_with_list_label(text)
}

/// Whether a line is the appendix label: "Phụ lục", "PHỤ LỤC I", "Phụ lục 02", "Phụ lục số 1",
/// possibly with the heading after a colon or dash. Returns the text after the label.
fn appendix_label(line: &str) -> Option<String> {
    let r = re!(
        r"(?i)^\s*phụ\s+lục(?:\s+số)?(?:\s+(?:[IVXLC]+|\d{1,3}|[A-ZĐ])\b)?\s*[:.\-–]?\s*(.*)$"
    )?;
    let c = r.captures(line)?;
    Some(c.get(1).map_or("", |m| m.as_str()).trim().to_string())
}

fn is_attachment_line(line: &str) -> bool {
    let l = line.trim_start().to_lowercase();
    l.starts_with('(') && (l.contains("kèm theo") || l.contains("ban hành"))
}

/// Reads the metadata from the title block's lines (top to bottom).
pub fn document_meta(lines: &[String]) -> DocumentMeta {
    document_meta_with_plan_title(lines, None)
}

/// [`document_meta`], with the plan's own title when the document shows one (see
/// [`plan_title`]).
pub fn document_meta_with_plan_title(lines: &[String], plan: Option<String>) -> DocumentMeta {
    document_meta_with_first_page(lines, plan, None)
}

/// [`document_meta_with_plan_title`], with the issuer of the first page's letterhead (see
/// [`letterhead_issuer`]) for when the title block does not name one.
pub fn document_meta_with_first_page(
    lines: &[String],
    plan: Option<String>,
    letterhead: Option<(String, String)>,
) -> DocumentMeta {
    let mut meta = DocumentMeta::default();
    let all = lines.join("\n");
    let flat = all.split_whitespace().collect::<Vec<_>>().join(" ");

    // The appendix heading: between the "Phụ lục" line and the "(Kèm theo …)" line.
    let label = lines.iter().position(|l| appendix_label(l).is_some());
    let attach = lines.iter().position(|l| is_attachment_line(l));
    let heading: Vec<String> = match (label, attach) {
        (Some(a), Some(b)) if a < b => {
            let mut v: Vec<String> = Vec::new();
            if let Some(rest) = appendix_label(&lines[a]).filter(|r| !r.is_empty()) {
                v.push(rest);
            }
            v.extend(lines[a + 1..b].iter().map(|l| collapse(l)));
            v
        }
        _ => upper_case_lines(lines),
    };
    let heading: Vec<String> = heading.into_iter().filter(|l| !l.is_empty()).collect();
    if !heading.is_empty() {
        meta.appendix_title = Some(heading.join(" "));
    }
    // The plan's own title, unless the appendix heading is that same title (then as the
    // appendix prints it, which is where the other fixtures of one plan read it).
    let same = |a: &str, b: &str| collapse(a).to_lowercase() == collapse(b).to_lowercase();
    meta.title = match (plan, meta.appendix_title.as_deref()) {
        (Some(p), Some(a)) if same(&p, a) => Some(a.to_string()),
        (Some(p), _) => Some(p),
        (None, a) => a.map(str::to_string),
    };

    // Number, date and issuer: from the "(Kèm theo …)" line on (it may wrap), else anywhere.
    let attach_text = attach.map_or(flat.clone(), |b| collapse(&lines[b..].join(" ")));
    if let Some(r) = re!(r"(?i)số\s*:?\s*(\d+)\s*/\s*([A-ZĐ][A-ZĐ0-9\-]*)") {
        if let Some(c) = r.captures(&attach_text) {
            meta.plan_number = Some(format!("{}/{}", &c[1], &c[2]));
        }
    }
    let date = re!(r"ngày\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
        .and_then(|r| {
            r.captures(&attach_text)
                .map(|c| (c[1].to_string(), c[2].to_string(), c[3].to_string()))
        })
        .or_else(|| {
            re!(r"(?i)ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})").and_then(|r| {
                r.captures(&attach_text)
                    .map(|c| (c[1].to_string(), c[2].to_string(), c[3].to_string()))
            })
        });
    if let Some((d, m, y)) = date {
        if let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u8>(), m.parse::<u8>(), y.parse::<i32>()) {
            if let Some(date) = phuluc_model::Date::new(y, m, d) {
                meta.issued_on = Some(date.to_string());
            }
        }
    }
    if let Some(r) = re!(
        r"(?i)của\s+(?:(?:Chủ tịch|Phó Chủ tịch)\s+)?((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)\s+(?:tỉnh|thành phố|TP\.?)\s+([^)(,;\n]+?))\s*(?:\)|$|,|;)",
    ) {
        if let Some(c) = r.captures(&attach_text) {
            meta.issuer = Some(c[1].trim().to_string());
            meta.province = Some(c[2].trim().to_string());
        }
    }
    if meta.issuer.is_none() {
        if let Some((issuer, province)) = letterhead {
            meta.issuer = Some(issuer);
            meta.province = Some(province);
        }
    }

    // Period: from the titles (the appendix's first), never from the body.
    let titles: Vec<&str> = [meta.appendix_title.as_deref(), meta.title.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    meta.period = period_of(&titles, year_of(&attach_text));
    meta
}

/// The year printed in the attachment line's date, even when day or month are left blank.
fn year_of(attach: &str) -> Option<i32> {
    let r = re!(r"(?i)ngày\b[^()]*?(?:năm|/)\s*(\d{4})")?;
    r.captures(attach).and_then(|c| c[1].parse().ok())
}

fn period_of(titles: &[&str], issue_year: Option<i32>) -> Option<Period> {
    let range = |r: Option<&Regex>| -> Option<Period> {
        let r = r?;
        titles.iter().find_map(|t| {
            let c = r.captures(t)?;
            let (a, b) = (c[1].parse().ok()?, c[2].parse().ok()?);
            (a <= b).then_some(Period { start: a, end: b })
        })
    };
    let year = |r: Option<&Regex>| -> Option<i32> {
        let r = r?;
        titles
            .iter()
            .find_map(|t| r.captures(t).and_then(|c| c[1].parse().ok()))
    };
    range(re!(r"(?i)giai đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})"))
        .or_else(|| range(re!(r"(?:^|[^\d/])(\d{4})\s*[-–—]\s*(\d{4})\b")))
        .or_else(|| {
            let end = year(re!(r"(?i)(?:đến|tới)\s+năm\s+(\d{4})\b"))?;
            let start = issue_year.filter(|s| *s <= end)?;
            Some(Period { start, end })
        })
        .or_else(|| {
            year(re!(r"(?i)(?:năm|kế hoạch)\s+(\d{4})\b")).map(|y| Period { start: y, end: y })
        })
}

/// Without a "Phụ lục" / "(Kèm theo …)" pair: the upper-case lines that are not the label
/// nor a parenthesis nor a page number.
fn upper_case_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('(') && appendix_label(l).is_none())
        // "III. MỘT SỐ HOẠT ĐỘNG …": a section of the plan's body, not an appendix heading.
        .filter(|l| !is_heading_number(l))
        .filter(|l| {
            let letters: Vec<char> = l.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 4
                && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 8
        })
        .filter(|l| !l.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()))
        .map(collapse)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f64) -> Line {
        Line {
            text: text.to_string(),
            bbox: phuluc_model::BBox::new(80.0, y - 10.0, 500.0, y + 2.0),
            baseline: y,
            size: 13.0,
            space_width: 3.25,
            first_word_x1: 100.0,
            last_word_x0: 450.0,
            trailing_space: false,
        }
    }

    #[test]
    fn the_letterhead_names_the_issuer_when_no_attachment_line_does() {
        let lines = [
            line("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 60.0),
            line("TỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc", 75.0),
            line("Số: /KH-UBND Lâm Đồng, ngày tháng 01 năm 2026", 110.0),
        ];
        let (issuer, province) = letterhead_issuer(&lines).expect("letterhead");
        assert_eq!(issuer, "UBND tỉnh Lâm Đồng");
        assert_eq!(province, "Lâm Đồng");
        let m = document_meta_with_first_page(
            &["III. MỘT SỐ HOẠT ĐỘNG TUYÊN TRUYỀN".to_string()],
            Some("KẾ HOẠCH Tuyên truyền năm 2026".to_string()),
            Some((issuer, province)),
        );
        assert_eq!(m.issuer.as_deref(), Some("UBND tỉnh Lâm Đồng"));
        assert_eq!(
            m.appendix_title, None,
            "a body section is no appendix heading"
        );
        // The attachment line wins over the letterhead.
        let m = document_meta_with_first_page(
            &["(Kèm theo Kế hoạch số 5/KH-UBND ngày 10/01/2024 của UBND tỉnh Hà Nam)".to_string()],
            None,
            letterhead_issuer(&lines),
        );
        assert_eq!(m.issuer.as_deref(), Some("UBND tỉnh Hà Nam"));
        assert_eq!(letterhead_issuer(&lines[2..]), None);
    }

    #[test]
    fn bac_giang_style_title_block() {
        let lines: Vec<String> = [
            "Phụ lục",
            "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH BẮC GIANG GIAI ĐOẠN 2021-2030",
            "(Kèm theo Kế hoạch số 402 /KH-UBND ngày 21 /8/2021 của UBND tỉnh Bắc Giang)",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = document_meta(&lines);
        assert_eq!(
            m.title.as_deref(),
            Some("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH BẮC GIANG GIAI ĐOẠN 2021-2030")
        );
        assert_eq!(m.plan_number.as_deref(), Some("402/KH-UBND"));
        assert_eq!(m.issued_on.as_deref(), Some("2021-08-21"));
        assert_eq!(m.issuer.as_deref(), Some("UBND tỉnh Bắc Giang"));
        assert_eq!(m.province.as_deref(), Some("Bắc Giang"));
        assert_eq!(
            m.period,
            Some(Period {
                start: 2021,
                end: 2030
            })
        );
    }

    #[test]
    fn other_wordings() {
        let lines: Vec<String> = [
            "PHỤ LỤC I",
            "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2024",
            "(Ban hành kèm theo Kế hoạch số 15/KH-UBND ngày 05 tháng 02 năm 2024 của Ủy ban nhân dân tỉnh Lào Cai)",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = document_meta(&lines);
        assert_eq!(m.plan_number.as_deref(), Some("15/KH-UBND"));
        assert_eq!(m.issued_on.as_deref(), Some("2024-02-05"));
        assert_eq!(m.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Lào Cai"));
        assert_eq!(m.province.as_deref(), Some("Lào Cai"));
        assert_eq!(
            m.period,
            Some(Period {
                start: 2024,
                end: 2024
            })
        );
    }
}

#[cfg(test)]
mod wording_tests {
    use super::*;

    fn meta(lines: &[&str]) -> DocumentMeta {
        let lines: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        document_meta(&lines)
    }

    #[test]
    fn heading_between_label_and_attachment_whatever_its_first_word() {
        let m = meta(&[
            "Phụ lục",
            "DANH MỤC NHIỆM VỤ, GIẢI PHÁP CẢI CÁCH HÀNH CHÍNH",
            "GIAI ĐOẠN 2021 - 2025",
            "(Kèm theo Kế hoạch số 12/KH-UBND ngày 3/2/2021 của UBND tỉnh Hà Nam)",
        ]);
        assert_eq!(
            m.title.as_deref(),
            Some("DANH MỤC NHIỆM VỤ, GIẢI PHÁP CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021 - 2025")
        );
        assert_eq!(m.appendix_title, m.title);
        assert_eq!(
            m.period,
            Some(Period {
                start: 2021,
                end: 2025
            })
        );
        // The heading on the label's own line.
        let m = meta(&[
            "Phụ lục II: DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
            "(Kèm theo Kế hoạch số 5/KH-UBND ngày 10/01/2024 của UBND tỉnh Hà Nam)",
        ]);
        assert_eq!(
            m.title.as_deref(),
            Some("DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2024")
        );
        assert_eq!(
            m.period,
            Some(Period {
                start: 2024,
                end: 2024
            })
        );
    }

    #[test]
    fn chairman_and_centrally_run_city() {
        let m = meta(&[
            "PHỤ LỤC",
            "PHÂN CÔNG THỰC HIỆN NHIỆM VỤ",
            "(Ban hành kèm theo Kế hoạch số 7/KH-UBND ngày 2/3/2026 của Chủ tịch UBND tỉnh Lâm Đồng)",
        ]);
        assert_eq!(m.issuer.as_deref(), Some("UBND tỉnh Lâm Đồng"));
        assert_eq!(m.province.as_deref(), Some("Lâm Đồng"));
        assert_eq!(m.period, None, "no period in the titles");
        let m = meta(&[
            "Phụ lục",
            "NHIỆM VỤ CHUYỂN ĐỔI SỐ ĐẾN NĂM 2030",
            "(Kèm theo Kế hoạch số 301/KH-UBND ngày 20/11/2024",
            "của UBND Thành phố Hà Nội)",
        ]);
        assert_eq!(m.issuer.as_deref(), Some("UBND Thành phố Hà Nội"));
        assert_eq!(m.province.as_deref(), Some("Hà Nội"));
        assert_eq!(m.plan_number.as_deref(), Some("301/KH-UBND"));
        assert_eq!(
            m.period,
            Some(Period {
                start: 2024,
                end: 2030
            }),
            "\"đến năm 2030\" runs from the year of issue"
        );
    }

    #[test]
    fn blank_number_and_date_of_a_draft_are_null() {
        let m = meta(&[
            "Phụ lục",
            "MỘT SỐ NHIỆM VỤ TRỌNG TÂM",
            "(Kèm theo Kế hoạch số:           /KH-UBND ngày        tháng      năm 2026 của UBND tỉnh Lào Cai)",
        ]);
        assert_eq!(m.plan_number, None);
        assert_eq!(m.issued_on, None);
        assert_eq!(m.period, None);
        assert_eq!(m.province.as_deref(), Some("Lào Cai"));
        let m = meta(&[
            "PHỤ LỤC",
            "X",
            "(Ban hành kèm theo Kế hoạch số          /KH-UBND ngày         /3/2026 của Chủ tịch UBND tỉnh Lâm Đồng)",
        ]);
        assert_eq!((m.plan_number, m.issued_on), (None, None));
    }

    fn line(text: &str, baseline: f64, size: f64) -> Line {
        Line {
            text: text.to_string(),
            bbox: phuluc_model::BBox::new(0.0, baseline - size, 100.0, baseline),
            baseline,
            size,
            space_width: size / 4.0,
            first_word_x1: 10.0,
            last_word_x0: 90.0,
            trailing_space: false,
        }
    }

    #[test]
    fn plan_title_is_the_heading_and_its_subject_lines_only() {
        let lines = [
            line(
                "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                60.0,
                13.0,
            ),
            line("KẾ HOẠCH", 150.0, 14.0),
            line(
                "Triển khai thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026",
                167.0,
                14.0,
            ),
            line("của Ban Thường vụ Tỉnh ủy", 184.0, 14.0),
            line(
                "Thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban",
                230.0,
                14.0,
            ),
        ];
        assert_eq!(
            plan_title(&lines).as_deref(),
            Some("KẾ HOẠCH Triển khai thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban Thường vụ Tỉnh ủy")
        );
        // "KẾ HOẠCH" then a gap and the body's first section: no title.
        let lines = [
            line("KẾ HOẠCH", 150.0, 14.0),
            line("I. MỤC ĐÍCH, YÊU CẦU", 200.0, 13.0),
        ];
        assert_eq!(plan_title(&lines), None);
        let lines = [
            line("KẾ HOẠCH", 150.0, 14.0),
            line("I. MỤC ĐÍCH, YÊU CẦU", 165.0, 13.0),
        ];
        assert_eq!(plan_title(&lines), None);
    }
}
