//! Header vocabulary: which words name which field.
//!
//! Header cells are matched on a folded key (lower case, Vietnamese diacritics kept, column
//! numbering such as "1-", "2." and punctuation removed), so "1- Mục tiêu", "MỤC TIÊU" and
//! "Mục tiêu:" all give `objective`. The first rule that matches wins, so more specific phrases
//! come first ("Đơn vị chủ trì" is `lead`, not a generic "đơn vị").

use phuluc_model::Field;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The name under which errors report the built-in vocabulary file.
pub const BUILTIN_NAME: &str = "<builtin>/data/vocabulary.toml";

const BUILTIN_TOML: &str = include_str!("../data/vocabulary.toml");

/// Errors while loading a vocabulary file; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    #[error("{file}: cannot read the vocabulary: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: invalid vocabulary: {detail}")]
    Invalid { file: String, detail: String },
}

/// The file format (see `data/vocabulary.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default)]
    stt_words: Vec<String>,
    #[serde(default)]
    title_markers: Vec<String>,
    #[serde(default)]
    content: ContentFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentFile {
    #[serde(default)]
    agency_heads: Vec<String>,
    #[serde(default)]
    timeline_words: Vec<String>,
    #[serde(default)]
    money_words: Vec<String>,
}

/// Words the content of each kind of field reads like (lower case), for column plausibility.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ContentWords {
    pub agency_heads: Vec<String>,
    pub timeline_words: Vec<String>,
    pub money_words: Vec<String>,
}

/// The parser's vocabulary: header phrases → fields, and content words. Data, not code: the
/// crate ships `data/vocabulary.toml` ([`Vocabulary::builtin`]) and a user file in the same
/// format is laid over it ([`Vocabulary::with_overlay`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Vocabulary {
    /// `(phrase key, field)` in priority order.
    headers: Vec<(String, Field)>,
    /// Keys that alone name the STT column.
    stt_words: Vec<String>,
    /// Header detection: a phrase's first word and the word completing it ("" for one word).
    detect: Vec<(String, String, Field)>,
    /// Every word of every phrase (cheap test for "can be a header word").
    words: HashSet<String>,
    /// Keys a table's own heading begins with ("biểu mẫu", "phụ lục").
    title_markers: Vec<String>,
    pub content: ContentWords,
}

fn parse_field(name: &str) -> Option<Field> {
    Field::ALL
        .iter()
        .copied()
        .find(|f| f.as_str() == name && *f != Field::Extra)
}

impl Vocabulary {
    /// The built-in vocabulary (parsed once).
    pub fn builtin() -> Arc<Vocabulary> {
        static BUILTIN: OnceLock<Arc<Vocabulary>> = OnceLock::new();
        BUILTIN
            .get_or_init(
                || match Vocabulary::from_toml_str(BUILTIN_TOML, BUILTIN_NAME, None) {
                    Ok(v) => Arc::new(v),
                    // The built-in file is checked by the crate's tests; an error here is a build bug.
                    Err(e) => panic!("built-in vocabulary is invalid: {e}"),
                },
            )
            .clone()
    }

    /// Reads a vocabulary file, laid over `base` when given (the file's phrases first).
    fn from_toml_str(
        text: &str,
        file: &str,
        base: Option<&Vocabulary>,
    ) -> Result<Vocabulary, VocabularyError> {
        let parsed: VocabularyFile =
            toml::from_str(text).map_err(|e| VocabularyError::Invalid {
                file: file.to_string(),
                detail: e.message().to_string(),
            })?;
        let mut headers = Vec::new();
        for (phrase, field) in &parsed.headers {
            let f = parse_field(field).ok_or_else(|| VocabularyError::Invalid {
                file: file.to_string(),
                detail: format!(
                    "header phrase {phrase:?}: unknown field {field:?} (one of stt, objective, task, activity, output, lead, partners, timeline, budget, note)"
                ),
            })?;
            let key = header_key(phrase);
            if key.is_empty() {
                return Err(VocabularyError::Invalid {
                    file: file.to_string(),
                    detail: format!("header phrase {phrase:?} has no letters"),
                });
            }
            headers.push((key, f));
        }
        let mut stt_words: Vec<String> = parsed.stt_words.iter().map(|w| header_key(w)).collect();
        let mut title_markers: Vec<String> = parsed
            .title_markers
            .iter()
            .map(|w| header_key(w))
            .filter(|k| !k.is_empty())
            .collect();
        let mut content = ContentWords {
            agency_heads: parsed
                .content
                .agency_heads
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            timeline_words: parsed
                .content
                .timeline_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            money_words: parsed
                .content
                .money_words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        };
        if let Some(base) = base {
            headers.extend(base.headers.iter().cloned());
            stt_words.extend(base.stt_words.iter().cloned());
            title_markers.extend(base.title_markers.iter().cloned());
            content
                .agency_heads
                .extend(base.content.agency_heads.iter().cloned());
            content
                .timeline_words
                .extend(base.content.timeline_words.iter().cloned());
            content
                .money_words
                .extend(base.content.money_words.iter().cloned());
        }
        let mut v = Vocabulary::build(headers, stt_words, content);
        v.title_markers = title_markers;
        Ok(v)
    }

    fn build(headers: Vec<(String, Field)>, stt_words: Vec<String>, content: ContentWords) -> Self {
        let mut detect: Vec<(String, String, Field)> = Vec::new();
        let mut words = HashSet::new();
        for (key, field) in &headers {
            let mut it = key.split(' ');
            let first = it.next().unwrap_or("").to_string();
            let second = it.next().unwrap_or("").to_string();
            for w in key.split(' ') {
                words.insert(w.to_string());
            }
            let entry = (first, second, *field);
            if !detect.contains(&entry) {
                detect.push(entry);
            }
        }
        // A word that alone names STT is detected alone, unless it also begins a longer phrase
        // ("số" begins "số thứ tự": alone it is too common to be a header).
        for w in &stt_words {
            let begins_longer = detect.iter().any(|(a, b, _)| a == w && !b.is_empty());
            if !begins_longer && !detect.iter().any(|(a, b, _)| a == w && b.is_empty()) {
                detect.push((w.clone(), String::new(), Field::Stt));
            }
            words.insert(w.clone());
        }
        Vocabulary {
            headers,
            stt_words,
            detect,
            words,
            title_markers: Vec::new(),
            content,
        }
    }

    /// Whether a line begins a table's own heading: a title marker ("Biểu mẫu 3: …") or a list
    /// label ("a) …", "II. …").
    pub fn begins_title(&self, line: &str) -> bool {
        let key = header_key(line);
        if self
            .title_markers
            .iter()
            .any(|m| key == *m || key.starts_with(&format!("{m} ")))
        {
            return true;
        }
        crate::grid::opens_with_list_label(line)
    }

    /// This vocabulary with a user file laid over it.
    pub fn with_overlay(&self, path: impl AsRef<Path>) -> Result<Vocabulary, VocabularyError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| VocabularyError::Io {
            file: file.clone(),
            source,
        })?;
        Vocabulary::from_toml_str(&text, &file, Some(self))
    }

    /// [`Vocabulary::with_overlay`] from text (the file name is used in errors).
    pub fn with_overlay_str(&self, text: &str, file: &str) -> Result<Vocabulary, VocabularyError> {
        Vocabulary::from_toml_str(text, file, Some(self))
    }

    /// The field a header names, if any.
    pub fn field_of_header(&self, text: &str) -> Option<Field> {
        let key = header_key(text);
        if self.stt_words.contains(&key) {
            return Some(Field::Stt);
        }
        // "STT" with one letter misread by OCR ("SIT", "ST1"): three letters one off it.
        let chars: Vec<char> = key.chars().collect();
        if chars.len() == 3 && edit_distance(&chars, &['s', 't', 't']) <= HEADER_EDITS {
            return Some(Field::Stt);
        }
        self.headers
            .iter()
            .find(|(phrase, _)| contains_phrase(&key, phrase))
            .or_else(|| {
                // A tone mark misread (OCR: "Kính phí" for "Kinh phí"): the phrase without
                // tone marks, when nothing matched with them.
                let bare = toneless(&key);
                self.headers
                    .iter()
                    .find(|(phrase, _)| contains_phrase(&bare, &toneless(phrase)))
            })
            .or_else(|| {
                // A letter lost, added or misread, or a space lost (OCR: "Thờigan" for "Thời
                // gian"): a run of the header's words within HEADER_EDITS of the phrase.
                let words: Vec<&str> = key.split(' ').collect();
                self.headers
                    .iter()
                    .find(|(phrase, _)| approximately_contains(&words, phrase))
            })
            .map(|(_, f)| *f)
    }

    /// Whether a word can be part of a header phrase (used to find the header band cheaply).
    pub fn is_header_word(&self, word: &str) -> bool {
        // Every header word is short: skip the key of longer words.
        word.chars().count() <= 10 && self.is_header_key(&header_key(word))
    }

    /// [`Vocabulary::is_header_word`] for a word's [`header_key`].
    pub fn is_header_key(&self, key: &str) -> bool {
        self.words.contains(key)
    }

    /// Header detection pairs: a phrase's first word, the word completing it ("" for a phrase
    /// of one word), and its field.
    pub fn detection(&self) -> &[(String, String, Field)] {
        &self.detect
    }

    /// Assigns fields to header texts, left to right: a field already taken by a column on the
    /// left is not given twice (the second column becomes `extra`).
    pub fn assign_fields(&self, headers: &[String]) -> Vec<Field> {
        let mut taken: Vec<Field> = Vec::new();
        headers
            .iter()
            .map(|h| match self.field_of_header(h) {
                Some(f) if !taken.contains(&f) => {
                    taken.push(f);
                    f
                }
                _ => Field::Extra,
            })
            .collect()
    }
}

/// A key without its tone marks (grave, acute, tilde, hook, dot below); the letters' own
/// marks (ă, â, ê, ô, ơ, ư, đ) stay.
fn toneless(key: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    key.nfd()
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .nfc()
        .collect()
}

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
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                if gap && !key.is_empty() {
                    key.push(' ');
                }
                gap = false;
                key.push(c.to_ascii_lowercase());
            } else {
                gap = true;
            }
        } else if is_latin_letter(c) || c.is_alphanumeric() {
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

/// A letter of the Latin-1 Supplement, Latin Extended-A/B or Latin Extended Additional blocks
/// (every Vietnamese letter), told without the general Unicode tables (a header key is made
/// for every word of every page).
fn is_latin_letter(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}') && c != '\u{D7}' && c != '\u{F7}'
}

/// How many letters (inserted, removed or replaced; spaces not counted) a header may differ
/// from a vocabulary phrase and still name its field, when nothing matched exactly or without
/// tone marks ([`Vocabulary::field_of_header`]): one, for OCR'd headers ("Thờigan", "Nhiêm vu").
pub const HEADER_EDITS: usize = 1;

/// Shortest phrase (letters, spaces not counted) matched approximately ([`HEADER_EDITS`]): one
/// letter off a shorter one ("stt", "mã") is another word too often.
pub const APPROXIMATE_PHRASE_CHARS: usize = 6;

/// Whether a run of the words of a header key is within [`HEADER_EDITS`] of `phrase`, spaces
/// not counted (toneless both: a tone mark misread costs nothing).
fn approximately_contains(words: &[&str], phrase: &str) -> bool {
    let target: Vec<char> = toneless(phrase).chars().filter(|c| *c != ' ').collect();
    if target.len() < APPROXIMATE_PHRASE_CHARS {
        return false;
    }
    let span = phrase.split(' ').count() + 1;
    (0..words.len()).any(|start| {
        (start + 1..=(start + span).min(words.len())).any(|end| {
            let run: Vec<char> = toneless(&words[start..end].concat()).chars().collect();
            run.len().abs_diff(target.len()) <= HEADER_EDITS
                && edit_distance(&run, &target) <= HEADER_EDITS
        })
    })
}

/// Levenshtein distance between two strings of characters.
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn contains_phrase(key: &str, phrase: &str) -> bool {
    key == phrase
        || key.starts_with(&format!("{phrase} "))
        || key.ends_with(&format!(" {phrase}"))
        || key.contains(&format!(" {phrase} "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of_header(t: &str) -> Option<Field> {
        Vocabulary::builtin().field_of_header(t)
    }
    fn assign_fields(h: &[String]) -> Vec<Field> {
        Vocabulary::builtin().assign_fields(h)
    }

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
    fn table_headings() {
        let v = Vocabulary::builtin();
        for yes in [
            "Biểu mẫu 3: Kết quả kiểm tra",
            "PHỤ LỤC II",
            "b) Tổ chức thực hiện",
            "II. NHIỆM VỤ",
            "2. Danh mục",
        ] {
            assert!(v.begins_title(yes), "{yes}");
        }
        for no in [
            "Số liệu tổng hợp từ báo cáo của các sở.",
            "Kèm theo Kế hoạch số 12/KH-UBND",
            "Biểu",
            "",
        ] {
            assert!(!v.begins_title(no), "{no}");
        }
    }

    #[test]
    fn a_misread_tone_mark_still_names_the_field() {
        let v = Vocabulary::builtin();
        assert_eq!(
            v.field_of_header("Kính phí dự kiến (triệu đồng)"),
            Some(Field::Budget)
        );
        assert_eq!(v.field_of_header("Đơn vị chủ trí"), Some(Field::Lead));
        assert_eq!(toneless("kinh phí dự kiến"), "kinh phi dư kiên");
    }

    #[test]
    fn a_header_one_letter_off_still_names_the_field() {
        let v = Vocabulary::builtin();
        assert_eq!(v.field_of_header("Thờigan"), Some(Field::Timeline));
        assert_eq!(
            v.field_of_header("Thời gan thực hiện"),
            Some(Field::Timeline)
        );
        assert_eq!(v.field_of_header("Đơn vị phổi hơp"), Some(Field::Partners));
        assert_eq!(v.field_of_header("Ghi chí"), Some(Field::Note));
        assert_eq!(v.field_of_header("SIT"), Some(Field::Stt));
        assert_eq!(v.field_of_header("ST1"), Some(Field::Stt));
        assert_eq!(v.field_of_header("Sở"), None);
        // Two letters off, or another header, names nothing.
        assert_eq!(v.field_of_header("Thờ gan"), None);
        assert_eq!(v.field_of_header("Địa bàn"), None);
        assert_eq!(edit_distance(&['a', 'b'], &['b']), 1);
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
        assert_eq!(field_of_header("Trách nhiệm thực hiện"), Some(Field::Lead));
        assert_eq!(field_of_header("Đơn vị thực hiện"), Some(Field::Lead));
        assert_eq!(field_of_header("Cơ quan thực hiện"), Some(Field::Lead));
        assert_eq!(
            field_of_header("Đơn vị phối hợp thực hiện"),
            Some(Field::Partners)
        );
        assert_eq!(field_of_header("Nội dung công việc"), Some(Field::Task));
        assert_eq!(field_of_header("Sản phẩm đầu ra"), Some(Field::Output));
        assert_eq!(
            field_of_header("Thời hạn hoàn thành"),
            Some(Field::Timeline)
        );
        assert_eq!(field_of_header("Dự toán"), Some(Field::Budget));
        assert_eq!(field_of_header("Nguồn vốn"), Some(Field::Budget));
        assert_eq!(field_of_header("Đơn vị tính"), None);
    }

    #[test]
    fn a_user_overlay_comes_first_and_errors_name_the_file() {
        let v = Vocabulary::builtin()
            .with_overlay_str("headers = [[\"quy mô\", \"output\"]]", "mine.toml")
            .expect("valid overlay");
        assert_eq!(
            v.field_of_header("Quy mô, mục tiêu, kết quả"),
            Some(Field::Output)
        );
        assert_eq!(v.field_of_header("Chủ trì"), Some(Field::Lead));
        let e = Vocabulary::builtin()
            .with_overlay_str("headers = [[\"x\", \"nothing\"]]", "bad.toml")
            .expect_err("unknown field");
        assert!(
            e.to_string().starts_with("bad.toml: invalid vocabulary"),
            "{e}"
        );
        assert!(Vocabulary::builtin()
            .with_overlay_str("headerz = 1", "typo.toml")
            .is_err());
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
