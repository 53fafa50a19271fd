//! Property tests: normalizing is idempotent; tone-mark, case and NFC/NFD variants of a name
//! resolve to one id; splitting a cell never loses text other than separators.

use phuluc_model::{
    AgencyCell, BudgetCell, Column, Extraction, Field, Period, Record, SourceFile, TimelineCell,
};
use phuluc_normalize::{normalize, split_agencies, Registry};
use proptest::prelude::*;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

fn reg() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(Registry::builtin)
}

const PIECES: &[&str] = &[
    "Sở Nội vụ",
    "Sở TT&TT",
    "Sở Thông tin và TT",
    "Các sở, ngành",
    "UBND huyện, thành phố",
    "UBND cấp xã",
    "Sở Văn hóa, Thể thao và Du lịch",
    "các ĐVSN công lập",
    "Trung tâm Y tế huyện",
    "Hội Khuyến học",
    "Công ty ABC",
    "người đại diện phần vốn NN",
    "và",
    "Thông tin",
    "liên quan",
    "xã",
];
const SEPARATORS: &[&str] = &[", ", "; ", "\n", "\n- ", " và ", " - ", ",", " ", "\n+ "];
const TIMELINES: &[&str] = &[
    "2021-2030",
    "Hàng năm",
    "Quý I/2022",
    "Trước 30/6/2024",
    "Triển khai 2022, hoàn thành 2025",
    "Thường xuyên",
    "Khi có Thông tư mới",
    "Sớm nhất có thể",
    "",
];
const BUDGETS: &[&str] = &[
    "",
    "1.500",
    "2.350,5",
    "Theo KH đã phê duyệt",
    "500-700",
    "7.800\n(NS tỉnh: 5.000)",
];

fn cell() -> impl Strategy<Value = String> {
    prop::collection::vec((0..PIECES.len(), 0..SEPARATORS.len()), 0..6).prop_map(|parts| {
        let mut s = String::new();
        for (k, (p, sep)) in parts.iter().enumerate() {
            if k > 0 {
                s.push_str(SEPARATORS[*sep]);
            }
            s.push_str(PIECES[*p]);
        }
        s
    })
}

fn extraction() -> impl Strategy<Value = Extraction> {
    let record = (cell(), cell(), 0..TIMELINES.len(), 0..BUDGETS.len());
    (
        prop::collection::vec(record, 0..6),
        prop::option::of(2020i32..2026),
    )
        .prop_map(|(recs, start)| {
            let mut e = Extraction::new(SourceFile::default());
            e.document.period = start.map(|s| Period {
                start: s,
                end: s + 5,
            });
            e.columns = vec![Column {
                index: 8,
                header: "Kinh phí (tỷ đồng)".into(),
                field: Field::Budget,
            }];
            e.records = recs
                .into_iter()
                .enumerate()
                .map(|(i, (lead, partners, t, b))| Record {
                    stt: (i + 1).to_string(),
                    lead: Some(AgencyCell {
                        lines: Vec::new(),
                        text: lead,
                        agencies: None,
                    }),
                    partners: Some(AgencyCell {
                        lines: Vec::new(),
                        text: partners,
                        agencies: None,
                    }),
                    timeline: Some(TimelineCell {
                        text: TIMELINES[t].into(),
                        ..Default::default()
                    }),
                    budget: Some(BudgetCell {
                        text: BUDGETS[b].into(),
                        million_vnd: None,
                    }),
                    ..Default::default()
                })
                .collect();
            e
        })
}

/// Old ↔ new tone placement in "oa", "oe", "uy".
const TONE_PAIRS: &[(&str, &str)] = &[
    ("óa", "oá"),
    ("òa", "oà"),
    ("ỏa", "oả"),
    ("õa", "oã"),
    ("ọa", "oạ"),
    ("óe", "oé"),
    ("òe", "oè"),
    ("ỏe", "oẻ"),
    ("õe", "oẽ"),
    ("ọe", "oẹ"),
    ("úy", "uý"),
    ("ùy", "uỳ"),
    ("ủy", "uỷ"),
    ("ũy", "uỹ"),
    ("ụy", "uỵ"),
];

fn variant(name: &str, flips: &[bool], old_style: bool, nfd: bool) -> String {
    let mut s: String = name.nfc().collect::<String>().to_lowercase();
    for (o, n) in TONE_PAIRS {
        s = if old_style {
            s.replace(n, o)
        } else {
            s.replace(o, n)
        };
    }
    let s: String = s
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if flips.get(i % flips.len().max(1)).copied().unwrap_or(false) {
                c.to_uppercase().collect::<String>()
            } else {
                c.to_lowercase().collect::<String>()
            }
        })
        .collect();
    if nfd {
        s.nfd().collect()
    } else {
        s
    }
}

/// Alphanumeric characters outside standalone "và" words, NFC.
fn content(s: &str) -> String {
    let s: String = s.nfc().collect();
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.to_lowercase() != "và")
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn normalizing_is_idempotent(e in extraction()) {
        let once = normalize(&e, reg());
        let twice = normalize(&once, reg());
        prop_assert_eq!(&once, &twice);
        // and the cell texts are never touched
        for (a, b) in e.records.iter().zip(&once.records) {
            prop_assert_eq!(a.lead.as_ref().map(|c| &c.text), b.lead.as_ref().map(|c| &c.text));
            prop_assert_eq!(a.timeline.as_ref().map(|c| &c.text), b.timeline.as_ref().map(|c| &c.text));
        }
    }

    #[test]
    fn tone_and_case_variants_resolve_to_one_id(
        which in any::<prop::sample::Index>(),
        alias in any::<prop::sample::Index>(),
        flips in prop::collection::vec(any::<bool>(), 1..8),
        old_style in any::<bool>(),
        nfd in any::<bool>(),
    ) {
        let agencies = reg().agencies();
        let a = &agencies[which.index(agencies.len())];
        let spellings: Vec<&String> = std::iter::once(&a.name).chain(&a.aliases).collect();
        let name = spellings[alias.index(spellings.len())];
        let v = variant(name, &flips, old_style, nfd);
        prop_assert_eq!(reg().resolve(&v).map(|r| r.id.as_str()), Some(a.id.as_str()), "{:?}", v);
    }

    #[test]
    fn unknown_names_too(
        words in prop::collection::vec("[a-zA-Zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]{2,6}", 1..4),
        flips in prop::collection::vec(any::<bool>(), 1..8),
        old_style in any::<bool>(),
        nfd in any::<bool>(),
    ) {
        let name = format!("Trung tâm {}", words.join(" "));
        let a = split_agencies(&name, reg(), None);
        let b = split_agencies(&variant(&name, &flips, old_style, nfd), reg(), None);
        let ids = |m: &[phuluc_model::AgencyMention]| m.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&a), ids(&b));
    }

    #[test]
    fn splitting_never_loses_text(text in cell(), noise in "[a-zA-Zđơư ,;\n-]{0,30}") {
        for t in [text.clone(), format!("{text}, {noise}"), format!("{noise}\n{text}")] {
            let mentions = split_agencies(&t, reg(), None);
            let joined: String = mentions.iter().map(|m| m.mention.as_str()).collect::<Vec<_>>().join(" ");
            prop_assert_eq!(content(&t), content(&joined), "{:?} -> {:?}", t, mentions);
            for m in &mentions {
                prop_assert!(!m.mention.trim().is_empty());
                prop_assert!(!m.id.is_empty());
            }
        }
    }
}
