//! Document metadata from the title block above the table on its first page: title, plan
//! number, date of issue, issuer, province and period, from text such as
//! "(Kèm theo Kế hoạch số 402 /KH-UBND ngày 21 /8/2021 của UBND tỉnh Bắc Giang)".

use phuluc_model::{DocumentMeta, Period};
use regex::Regex;

fn re(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

/// Reads the metadata from the title block's lines (top to bottom).
pub fn document_meta(lines: &[String]) -> DocumentMeta {
    let mut meta = DocumentMeta::default();
    let all = lines.join("\n");
    let flat = all.split_whitespace().collect::<Vec<_>>().join(" ");

    // Title: the upper-case lines that are not the "Phụ lục" label nor a parenthesis.
    let title: Vec<&str> = lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| {
            !l.is_empty() && !l.starts_with('(') && !l.to_lowercase().starts_with("phụ lục")
        })
        .filter(|l| {
            let letters: Vec<char> = l.chars().filter(|c| c.is_alphabetic()).collect();
            letters.len() >= 4
                && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 8
        })
        .filter(|l| !l.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()))
        .collect();
    if !title.is_empty() {
        meta.title = Some(title.join(" "));
    }

    if let Some(r) = re(r"(?i)số\s*:?\s*(\d+)\s*/\s*([A-ZĐ][A-ZĐ0-9\-]*)") {
        if let Some(c) = r.captures(&flat) {
            meta.plan_number = Some(format!("{}/{}", &c[1], &c[2]));
        }
    }
    let date = re(r"ngày\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
        .and_then(|r| {
            r.captures(&flat)
                .map(|c| (c[1].to_string(), c[2].to_string(), c[3].to_string()))
        })
        .or_else(|| {
            re(r"(?i)ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})").and_then(|r| {
                r.captures(&flat)
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
    if let Some(r) = re(
        r"(?i)của\s+((?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)\s+(?:tỉnh|thành phố|TP\.?)\s+([^)(,;\n]+?))\s*(?:\)|$|,|;)",
    ) {
        if let Some(c) = r.captures(&flat) {
            meta.issuer = Some(c[1].trim().to_string());
            meta.province = Some(c[2].trim().to_string());
        }
    }
    if let Some(r) = re(r"(?i)giai đoạn\s*(\d{4})\s*[-–—]\s*(\d{4})") {
        if let Some(c) = r.captures(&flat) {
            if let (Ok(a), Ok(b)) = (c[1].parse(), c[2].parse()) {
                meta.period = Some(Period { start: a, end: b });
            }
        }
    }
    if meta.period.is_none() {
        if let Some(r) = re(r"(?i)(?:năm|kế hoạch)\s+(\d{4})\b") {
            if let Some(c) = meta.title.as_deref().and_then(|t| r.captures(t)) {
                if let Ok(y) = c[1].parse() {
                    meta.period = Some(Period { start: y, end: y });
                }
            }
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

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
