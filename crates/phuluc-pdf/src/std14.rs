//! Approximate metrics of the standard 14 fonts, for simple fonts without `/Widths`.
//!
//! Only the printable ASCII widths of Helvetica and Times-Roman are tabulated (bold and italic
//! variants use the regular widths, which is within a few percent); Courier is 600 everywhere.
//! Other codes fall back to the average width of the family.

/// Helvetica widths for codes 32..=126 (quotes as in WinAnsi: `'` quotesingle, `` ` `` grave).
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Times-Roman widths for codes 32..=126.
const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

/// Which standard family a base font name is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Std14 {
    Helvetica,
    Times,
    Courier,
}

impl Std14 {
    /// Recognises the standard names and their common aliases (`Arial`, `TimesNewRoman`).
    pub(crate) fn from_base_font(name: &str) -> Option<Std14> {
        // Strip a subset prefix "ABCDEF+".
        let name = match name.split_once('+') {
            Some((prefix, rest)) if prefix.len() == 6 => rest,
            _ => name,
        };
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("helvetica") || lower.starts_with("arial") {
            Some(Std14::Helvetica)
        } else if lower.starts_with("times") {
            Some(Std14::Times)
        } else if lower.starts_with("courier") {
            Some(Std14::Courier)
        } else {
            None
        }
    }

    /// Width in glyph units (1/1000 em) of a code in a WinAnsi-like encoding.
    pub(crate) fn width(self, code: u8) -> f64 {
        let table = match self {
            Std14::Courier => return 600.0,
            Std14::Helvetica => &HELVETICA,
            Std14::Times => &TIMES,
        };
        match code {
            32..=126 => f64::from(table[usize::from(code - 32)]),
            _ => match self {
                Std14::Helvetica => 556.0,
                _ => 500.0,
            },
        }
    }
}
