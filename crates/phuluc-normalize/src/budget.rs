//! Budget cells → millions of VND.
//!
//! Vietnamese numbers use "." for thousands and "," for decimals ("2.350,5" → 2350.5). The unit
//! is the column header's ("Kinh phí (triệu đồng)"), unless the cell names its own ("1,5 tỷ
//! đồng"). A leading total followed by a breakdown ("7.800" then "(NS tỉnh: 5.000; NS huyện:
//! 2.800)") is the total.

use crate::text::fold_text;
use regex::Regex;
use std::sync::OnceLock;

/// What a budget cell says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    /// An amount in millions of VND.
    MillionVnd(f64),
    /// No amount: empty, "-", or words only ("Theo KH đã phê duyệt", "Lồng ghép …").
    NoAmount,
    /// Figures the normalizer could not read (null and a warning).
    Unparsed,
}

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?:(?:tổng cộng|tổng kinh phí|tổng số|tổng|kinh phí|dự kiến|khoảng|dự toán)\s*:?\s*)*([0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+\.[0-9]{1,2}\b|[0-9]+(?:,[0-9]+)?)(?:\s*(tỷ đồng|tỷ|triệu đồng|triệu|tr\.?\s?đ|trđ|nghìn đồng|ngàn đồng|nghìn|ngàn|đồng|đ|vnđ)\b)?",
        )
        .unwrap_or_else(|e| panic!("budget regex: {e}"))
    })
}

/// Millions of VND per unit of a unit word ("triệu đồng" → 1, "tỷ đồng" → 1000, "đồng" → 10⁻⁶),
/// `None` when the text names no unit.
fn unit_of(folded: &str) -> Option<f64> {
    let f = folded;
    if f.contains("tỷ") {
        Some(1000.0)
    } else if f.contains("triệu") || f.contains("trđ") || f.contains("tr.đ") || f.contains("tr đ")
    {
        Some(1.0)
    } else if f.contains("nghìn") || f.contains("ngàn") {
        Some(0.001)
    } else if f.contains("đồng") || f == "đ" || f == "vnđ" || f.contains("vnd") {
        Some(1e-6)
    } else {
        None
    }
}

/// The multiplier to millions of VND given by a budget column header; 1 (millions) when the
/// header names no unit.
pub fn header_multiplier(header: &str) -> f64 {
    unit_of(&fold_text(header)).unwrap_or(1.0)
}

/// Reads a Vietnamese number ("1.500" → 1500, "2.350,5" → 2350.5, "1,5" → 1.5, "1.5" → 1.5).
fn vn_number(s: &str) -> Option<f64> {
    let thousands = s.contains(',') || s.split('.').skip(1).all(|g| g.len() == 3);
    let plain = if thousands {
        s.replace('.', "").replace(',', ".")
    } else {
        s.to_string()
    };
    plain.parse().ok()
}

/// Parses a budget cell; `multiplier` converts the header's unit to millions (see
/// [`header_multiplier`]).
pub fn parse_budget(text: &str, multiplier: f64) -> Budget {
    let folded = fold_text(text);
    let folded = folded.trim();
    if folded.is_empty() || folded.chars().all(|c| matches!(c, '-' | '.' | '/' | ' ')) {
        return Budget::NoAmount;
    }
    if !folded.chars().any(|c| c.is_ascii_digit()) {
        return Budget::NoAmount;
    }
    let Some(c) = number_re().captures(folded) else {
        return Budget::Unparsed;
    };
    let (Some(whole), Some(num)) = (c.get(0), c.get(1)) else {
        return Budget::Unparsed;
    };
    // After the number: nothing, a breakdown in parentheses, or further lines.
    let rest = &folded[whole.end()..];
    // `folded` collapses white space, so it shares its first line with the folded first line.
    let first_line = fold_text(text.trim_start().lines().next().unwrap_or(""));
    let alone_on_line = first_line
        .get(whole.end()..)
        .is_some_and(|r| r.trim().is_empty());
    let rest = rest.trim_start();
    if !(rest.is_empty() || rest.starts_with('(') || rest.starts_with('[') || alone_on_line) {
        return Budget::Unparsed;
    }
    let unit = c
        .get(2)
        .and_then(|u| unit_of(u.as_str()))
        .unwrap_or(multiplier);
    // Exact decimal arithmetic when the unit is a power of ten (every unit word is): the
    // amount is the double nearest the exact value, so "1.100.000 đồng" is 1.1 million, not
    // 1.0999999999999999.
    if let (Some((mantissa, scale)), Some(exp)) = (vn_decimal(num.as_str()), pow10(unit)) {
        if let Ok(v) = format!("{mantissa}e{}", exp - scale).parse::<f64>() {
            return Budget::MillionVnd(v);
        }
    }
    let Some(value) = vn_number(num.as_str()) else {
        return Budget::Unparsed;
    };
    Budget::MillionVnd(value * unit)
}

/// A Vietnamese number as its digits and the count of decimals: "2.350,5" → (23505, 1).
fn vn_decimal(s: &str) -> Option<(u128, i32)> {
    let thousands = s.contains(',') || s.split('.').skip(1).all(|g| g.len() == 3);
    let plain = if thousands {
        s.replace('.', "").replace(',', ".")
    } else {
        s.to_string()
    };
    let (int, frac) = plain.split_once('.').unwrap_or((plain.as_str(), ""));
    let digits = format!("{int}{frac}");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, i32::try_from(frac.len()).ok()?))
}

/// The power of ten a unit multiplier is (1000 → 3, 10⁻⁶ → -6), if it is one.
fn pow10(unit: f64) -> Option<i32> {
    (-9..=9).find(|e| format!("1e{e}").parse::<f64>().ok() == Some(unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Budget {
        parse_budget(text, 1.0)
    }

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(m("1.500"), Budget::MillionVnd(1500.0));
        assert_eq!(m("2.350,5"), Budget::MillionVnd(2350.5));
        assert_eq!(m("12.000"), Budget::MillionVnd(12000.0));
        assert_eq!(m("500"), Budget::MillionVnd(500.0));
        assert_eq!(m("1,5"), Budget::MillionVnd(1.5));
        assert_eq!(m("1.234.567"), Budget::MillionVnd(1234567.0));
        assert_eq!(m("0"), Budget::MillionVnd(0.0));
        assert_eq!(m("1.5"), Budget::MillionVnd(1.5));
        assert_eq!(m("Khoảng 500"), Budget::MillionVnd(500.0));
        assert_eq!(m("Dự kiến: 1.200"), Budget::MillionVnd(1200.0));
    }

    #[test]
    fn units_from_the_header() {
        assert_eq!(header_multiplier("8- Kinh phí (triệu đồng)"), 1.0);
        assert_eq!(header_multiplier("Kinh phí (tỷ đồng)"), 1000.0);
        assert_eq!(header_multiplier("Kinh phí (đồng)"), 1e-6);
        assert_eq!(header_multiplier("Kinh phí"), 1.0);
        assert_eq!(header_multiplier("KINH PHÍ (TRIỆU ĐỒNG)"), 1.0);
        assert_eq!(
            parse_budget("1,5", header_multiplier("Kinh phí (tỷ đồng)")),
            Budget::MillionVnd(1500.0)
        );
        assert_eq!(
            parse_budget("1.500.000.000", header_multiplier("Kinh phí (đồng)")),
            Budget::MillionVnd(1500.0)
        );
    }

    #[test]
    fn units_in_the_cell() {
        assert_eq!(m("1,5 tỷ đồng"), Budget::MillionVnd(1500.0));
        assert_eq!(m("500 triệu đồng"), Budget::MillionVnd(500.0));
        assert_eq!(parse_budget("500 triệu", 1000.0), Budget::MillionVnd(500.0));
        assert_eq!(m("200.000.000 đồng"), Budget::MillionVnd(200.0));
    }

    #[test]
    fn total_then_breakdown() {
        assert_eq!(
            m("7.800\n(NS tỉnh: 5.000; NS huyện: 2.800)"),
            Budget::MillionVnd(7800.0)
        );
        assert_eq!(
            m("7.800 (NS tỉnh: 5.000; NS huyện: 2.800)"),
            Budget::MillionVnd(7800.0)
        );
        assert_eq!(
            m("Tổng: 7.800\nTrong đó NS tỉnh 5.000"),
            Budget::MillionVnd(7800.0)
        );
    }

    /// Issue 15, item 10: no float noise (1 100 000 × 10⁻⁶ was 1.0999999999999999).
    #[test]
    fn amounts_are_exact_decimals() {
        assert_eq!(m("1.100.000 đồng"), Budget::MillionVnd(1.1));
        assert_eq!(m("0,3 tỷ đồng"), Budget::MillionVnd(300.0));
        assert_eq!(m("2.350,7"), Budget::MillionVnd(2350.7));
        assert_eq!(m("123.456.789 đồng"), Budget::MillionVnd(123.456789));
        assert_eq!(parse_budget("0,7", 1000.0), Budget::MillionVnd(700.0));
        assert_eq!(
            parse_budget("1.100", header_multiplier("Kinh phí (nghìn đồng)")),
            Budget::MillionVnd(1.1)
        );
        let Budget::MillionVnd(v) = m("1.100.000 đồng") else {
            panic!("an amount");
        };
        assert_eq!(v.to_string(), "1.1");
    }

    #[test]
    fn text_only_is_no_amount() {
        for t in [
            "Theo KH đã phê duyệt",
            "Theo đề án được phê duyệt",
            "Nguồn ngân sách tỉnh",
            "Lồng ghép trong kinh phí chi thường xuyên",
            "",
            "  ",
            "-",
        ] {
            assert_eq!(m(t), Budget::NoAmount, "{t:?}");
        }
    }

    #[test]
    fn figures_not_understood() {
        for t in ["Khoảng 500-700", "Theo QĐ 123/QĐ-UBND", "500 mỗi năm"] {
            assert_eq!(m(t), Budget::Unparsed, "{t:?}");
        }
    }
}
