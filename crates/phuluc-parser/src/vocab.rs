//! Header vocabulary: which words name which field.
//!
//! Header cells are matched on a folded key (lower case, Vietnamese diacritics kept, column
//! numbering such as "1-", "2." and punctuation removed), so "1- Mục tiêu", "MỤC TIÊU" and
//! "Mục tiêu:" all give `objective`. The first rule that matches wins, so more specific phrases
//! come first ("Đơn vị chủ trì" is `lead`, not a generic "đơn vị").

use phuluc_model::Field;

/// `(phrase, field)` in priority order. A header matches when its key contains the phrase.
const RULES: &[(&str, Field)] = &[
    ("số thứ tự", Field::Stt),
    ("số tt", Field::Stt),
    ("stt", Field::Stt),
    ("chủ trì", Field::Lead),
    ("phối hợp", Field::Partners),
    ("mục tiêu", Field::Objective),
    ("hoạt động", Field::Activity),
    ("kết quả", Field::Output),
    ("sản phẩm", Field::Output),
    ("kinh phí", Field::Budget),
    ("dự toán", Field::Budget),
    ("nguồn vốn", Field::Budget),
    ("thời gian", Field::Timeline),
    ("thời hạn", Field::Timeline),
    ("tiến độ", Field::Timeline),
    ("ghi chú", Field::Note),
    ("nhiệm vụ", Field::Task),
    ("giải pháp", Field::Task),
    ("nội dung", Field::Task),
];

/// Folds a header for matching: NFC lower case, numbering and punctuation removed, spaces collapsed.
pub fn header_key(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let composed: std::borrow::Cow<str> = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    };
    // One pass: letters and digits lower-cased, every other run of characters one space.
    let mut key = String::with_capacity(composed.len());
    let mut gap = false;
    for c in composed.chars() {
        if c.is_alphanumeric() {
            if gap && !key.is_empty() {
                key.push(' ');
            }
            gap = false;
            key.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    // Drop a leading column number ("1", "2") left over from "1-" / "2." numbering.
    if let Some(space) = key.find(' ') {
        if key[..space].chars().all(|c| c.is_ascii_digit()) {
            key.drain(..=space);
        }
    }
    key
}

/// The field a header names, if any. `tt` alone (a header reading just "TT") is `stt`.
pub fn field_of_header(text: &str) -> Option<Field> {
    let key = header_key(text);
    if key == "tt" || key == "số" {
        return Some(Field::Stt);
    }
    RULES
        .iter()
        .find(|(phrase, _)| contains_phrase(&key, phrase))
        .map(|(_, f)| *f)
}

fn contains_phrase(key: &str, phrase: &str) -> bool {
    key == phrase
        || key.starts_with(&format!("{phrase} "))
        || key.ends_with(&format!(" {phrase}"))
        || key.contains(&format!(" {phrase} "))
}

/// Whether a word can begin a header phrase (used to find the header band cheaply).
pub fn is_header_word(word: &str) -> bool {
    // Every header word is short: skip the key of longer words.
    word.chars().count() <= 10 && is_header_key(&header_key(word))
}

/// [`is_header_word`] for a word's [`header_key`].
pub fn is_header_key(key: &str) -> bool {
    matches!(
        key,
        "stt"
            | "tt"
            | "mục"
            | "nhiệm"
            | "hoạt"
            | "kết"
            | "chủ"
            | "phối"
            | "thời"
            | "kinh"
            | "ghi"
            | "tiến"
            | "sản"
            | "nội"
            | "giải"
            | "dự"
            | "tiêu"
            | "vụ"
            | "động"
            | "quả"
            | "phẩm"
            | "trì"
            | "hợp"
            | "gian"
            | "phí"
            | "chú"
            | "độ"
            | "dung"
            | "pháp"
            | "hạn"
    )
}

/// Assigns fields to header texts, left to right: a field already taken by a column on the left
/// is not given twice (the second column becomes `extra`), except `note`/`extra`.
pub fn assign_fields(headers: &[String]) -> Vec<Field> {
    let mut taken: Vec<Field> = Vec::new();
    headers
        .iter()
        .map(|h| match field_of_header(h) {
            Some(f) if !taken.contains(&f) => {
                taken.push(f);
                f
            }
            _ => Field::Extra,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_and_wrapped_headers() {
        assert_eq!(field_of_header("STT"), Some(Field::Stt));
        assert_eq!(field_of_header("TT"), Some(Field::Stt));
        assert_eq!(field_of_header("1- Mục tiêu"), Some(Field::Objective));
        assert_eq!(field_of_header("2- Nhiệm vụ"), Some(Field::Task));
        assert_eq!(field_of_header("3- Hoạt động"), Some(Field::Activity));
        assert_eq!(field_of_header("4- Kết quả/ Sản phẩm"), Some(Field::Output));
        assert_eq!(field_of_header("5-Chủ trì"), Some(Field::Lead));
        assert_eq!(field_of_header("6-Phối hợp"), Some(Field::Partners));
        assert_eq!(field_of_header("7-Thời gian"), Some(Field::Timeline));
        assert_eq!(
            field_of_header("8- Kinh phí (triệu đồng)"),
            Some(Field::Budget)
        );
        assert_eq!(field_of_header("Ghi chú"), Some(Field::Note));
    }

    #[test]
    fn other_wordings() {
        assert_eq!(field_of_header("Nhiệm vụ, giải pháp"), Some(Field::Task));
        assert_eq!(field_of_header("Đơn vị chủ trì"), Some(Field::Lead));
        assert_eq!(field_of_header("Cơ quan phối hợp"), Some(Field::Partners));
        assert_eq!(
            field_of_header("Kinh phí dự kiến (triệu đồng)"),
            Some(Field::Budget)
        );
        assert_eq!(field_of_header("Tiến độ"), Some(Field::Timeline));
        assert_eq!(
            field_of_header("Thời gian hoàn thành"),
            Some(Field::Timeline)
        );
        assert_eq!(field_of_header("Nội dung nhiệm vụ"), Some(Field::Task));
        assert_eq!(field_of_header("Sản phẩm"), Some(Field::Output));
        assert_eq!(field_of_header("MỤC TIÊU"), Some(Field::Objective));
        assert_eq!(field_of_header("Địa điểm"), None);
    }

    #[test]
    fn duplicate_fields_become_extra() {
        let hs: Vec<String> = ["STT", "Nội dung", "Nhiệm vụ", "Địa điểm"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            assign_fields(&hs),
            vec![Field::Stt, Field::Task, Field::Extra, Field::Extra]
        );
    }
}
