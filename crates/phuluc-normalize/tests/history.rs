//! The registry's history (the 2025 reorganisation), provinces and centrally-run cities,
//! one-agency-per-line cells and the review flags the normalizer sets.

use phuluc_model::{
    AgencyCell, BudgetCell, Column, Date, DocumentMeta, Extraction, Field, Period, Record,
    ReviewCode, SourceFile, TimelineCell,
};
use phuluc_normalize::{normalize, split_agencies, Registry};

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap_or_else(|| panic!("bad test date {y}-{m}-{d}"))
}

fn current(reg: &Registry, mention: &str) -> (String, Option<String>, Option<String>) {
    let m = split_agencies(mention, reg, None);
    assert_eq!(m.len(), 1, "{mention}: {m:?}");
    let m = m.into_iter().next().unwrap_or_else(|| unreachable!());
    (m.id, m.current_id, m.succession_source)
}

#[test]
fn departments_merged_on_1_march_2025_resolve_to_their_successor_with_the_decree() {
    let after = Registry::builtin().with_as_of(date(2025, 3, 1));
    let before = Registry::builtin().with_as_of(date(2025, 2, 28));
    let nd45 = Some("Nghị định 45/2025/NĐ-CP".to_string());
    for (mention, id, successor) in [
        ("Sở Thông tin và Truyền thông", "so-tttt", "so-khcn"),
        ("Sở TT&TT", "so-tttt", "so-khcn"),
        ("Sở Kế hoạch và Đầu tư", "so-khdt", "so-tai-chinh"),
        ("Sở LĐ-TB&XH", "so-ldtbxh", "so-noi-vu"),
        ("Sở Tài nguyên và Môi trường", "so-tnmt", "so-nnmt"),
        ("Sở NN&PTNT", "so-nnptnt", "so-nnmt"),
        ("Sở Giao thông vận tải", "so-gtvt", "so-xay-dung"),
        ("Ban Dân tộc tỉnh", "ban-dan-toc", "so-dan-toc-ton-giao"),
    ] {
        assert_eq!(
            current(&after, mention),
            (id.to_string(), Some(successor.to_string()), nd45.clone()),
            "{mention} as of 2025-03-01"
        );
        assert_eq!(
            current(&before, mention),
            (id.to_string(), Some(id.to_string()), None),
            "{mention} as of 2025-02-28"
        );
    }
    // Unchanged departments are their own current id.
    assert_eq!(
        current(&after, "Sở Tư pháp"),
        ("so-tu-phap".into(), Some("so-tu-phap".into()), None)
    );
    // The district level ended on 30 June 2025, with no single successor.
    let (id, now, src) = current(
        &Registry::builtin().with_as_of(date(2025, 7, 1)),
        "UBND cấp huyện",
    );
    assert_eq!((id.as_str(), now), ("group:district-pcs", None));
    assert!(src.is_some_and(|s| s.contains("72/2025/QH15")));
}

#[test]
fn provinces_merged_on_1_july_2025() {
    let after = Registry::builtin().with_as_of(date(2025, 7, 1));
    let before = Registry::builtin().with_as_of(date(2025, 6, 30));
    for (old, new) in [
        ("Bắc Giang", "Bắc Ninh"),
        ("Yên Bái", "Lào Cai"),
        ("Lào Cai", "Lào Cai"),
        ("Hà Tĩnh", "Hà Tĩnh"),
        ("Đắk Nông", "Lâm Đồng"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("Hải Dương", "Hải Phòng"),
        ("tỉnh Quảng Nam", "Đà Nẵng"),
    ] {
        assert_eq!(
            after.province_now(old).map(|p| p.0).as_deref(),
            Some(new),
            "{old}"
        );
    }
    assert_eq!(
        before.province_now("Bắc Giang").map(|p| p.0).as_deref(),
        Some("Bắc Giang")
    );
    let (now, src) = after.province_now("Bắc Giang").unwrap_or_default();
    assert_eq!(
        (now.as_str(), src.as_deref()),
        ("Bắc Ninh", Some("Nghị quyết 202/2025/QH15"))
    );
    // Thừa Thiên Huế became the city of Huế on 1 January 2025.
    assert_eq!(
        after.province_now("Thừa Thiên Huế").map(|p| p.0).as_deref(),
        Some("Huế")
    );
    // 34 provinces and cities from 1 July 2025.
    let now: Vec<_> = after
        .provinces()
        .iter()
        .filter(|p| p.valid_to.is_none_or(|d| d >= date(2025, 7, 1)))
        .collect();
    assert_eq!(now.len(), 34);
    assert_eq!(now.iter().filter(|p| p.city).count(), 6);
    assert_eq!(after.province_now("Atlantis"), None);
}

#[test]
fn centrally_run_city_bodies_are_the_provincial_level() {
    let reg = Registry::builtin();
    let ids = |text: &str| -> Vec<String> {
        split_agencies(text, &reg, Some("Hà Nội"))
            .into_iter()
            .map(|m| m.id)
            .collect()
    };
    assert_eq!(
        ids("UBND Thành phố Hà Nội; Sở Nội vụ thành phố; Văn phòng UBND Thành phố; Công an Thành phố"),
        ["ubnd-tinh", "so-noi-vu", "vp-ubnd-tinh", "cong-an-tinh"]
    );
    assert_eq!(
        ids("UBND các quận, huyện, thị xã; Các sở, ban, ngành Thành phố"),
        ["group:district-pcs", "group:provincial-agencies"]
    );
    // In a province, "UBND thành phố" is a city of the province, not the province.
    assert_ne!(
        split_agencies("UBND thành phố", &reg, Some("Bắc Giang"))[0].id,
        "ubnd-tinh"
    );
}

#[test]
fn commune_level_after_2025() {
    let reg = Registry::builtin();
    let ids: Vec<String> = split_agencies(
        "UBND các xã, phường, đặc khu; Chủ tịch UBND cấp xã; Công an cấp xã; Sở Nông nghiệp và Môi trường",
        &reg,
        Some("Lâm Đồng"),
    )
    .into_iter()
    .map(|m| m.id)
    .collect();
    assert_eq!(
        ids,
        [
            "group:commune-pcs",
            "group:commune-pcs",
            "group:commune-police",
            "so-nnmt"
        ]
    );
}

fn record(lead: &str, lines: &[&str], timeline: &str, budget: &str) -> Record {
    Record {
        stt: "1".into(),
        lead: Some(AgencyCell {
            text: lead.into(),
            lines: lines.iter().map(|s| s.to_string()).collect(),
            agencies: None,
        }),
        timeline: Some(TimelineCell {
            text: timeline.into(),
            ..Default::default()
        }),
        budget: Some(BudgetCell {
            text: budget.into(),
            million_vnd: None,
        }),
        ..Default::default()
    }
}

fn extraction(records: Vec<Record>) -> Extraction {
    let mut e = Extraction::new(SourceFile::default());
    e.document = DocumentMeta {
        province: Some("Bắc Giang".into()),
        period: Some(Period {
            start: 2024,
            end: 2024,
        }),
        ..Default::default()
    };
    e.columns = vec![Column {
        index: 0,
        header: "Kinh phí (triệu đồng)".into(),
        field: Field::Budget,
    }];
    e.records = records;
    e
}

#[test]
fn one_agency_per_line_splits_by_the_printed_lines() {
    let text = "Sở Khoa học và Công nghệ Sở TT&TT UBND cấp huyện";
    let lines = ["Sở Khoa học và Công", "nghệ", "Sở TT&TT", "UBND cấp huyện"];
    let reg = Registry::builtin().with_as_of(date(2026, 1, 1));
    let out = normalize(
        &extraction(vec![record(text, &lines, "Hàng quý", "")]),
        &reg,
    );
    let got: Vec<(String, String)> = out.records[0]
        .lead
        .as_ref()
        .and_then(|c| c.agencies.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|m| (m.mention, m.id))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Sở Khoa học và Công nghệ".to_string(),
                "so-khcn".to_string()
            ),
            ("Sở TT&TT".to_string(), "so-tttt".to_string()),
            (
                "UBND cấp huyện".to_string(),
                "group:district-pcs".to_string()
            ),
        ]
    );
    // Without the lines the same text is one unknown run: the lines are what splits it.
    let out2 = normalize(&extraction(vec![record(text, &[], "Hàng quý", "")]), &reg);
    assert_ne!(
        out2.records[0]
            .lead
            .as_ref()
            .and_then(|c| c.agencies.as_ref())
            .map(Vec::len),
        Some(3)
    );
    // A list "Sở Tài chính / Các sở, ban, ngành / UBND cấp huyện" with a comma inside a name.
    let text = "Sở Tài chính Các sở, ban, ngành UBND cấp huyện";
    let lines = ["Sở Tài chính", "Các sở, ban, ngành", "UBND cấp huyện"];
    let out = normalize(&extraction(vec![record(text, &lines, "", "")]), &reg);
    let ids: Vec<String> = out.records[0]
        .lead
        .as_ref()
        .and_then(|c| c.agencies.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(
        ids,
        [
            "so-tai-chinh",
            "group:provincial-agencies",
            "group:district-pcs"
        ]
    );
    // The document's province now, and the agency list's history.
    assert_eq!(out.document.province_now.as_deref(), Some("Bắc Ninh"));
    let districts = out
        .agencies
        .iter()
        .find(|a| a.id == "group:district-pcs")
        .map(|a| (a.valid_to.clone(), a.current_id.clone()));
    assert_eq!(districts, Some((Some("2025-06-30".into()), None)));
}

#[test]
fn review_flags_one_reason_per_field_and_are_replaced_on_a_second_run() {
    let reg = Registry::builtin();
    let ex = extraction(vec![
        record("Sở Tư pháp", &[], "Quý I/2024", "200"),
        record(
            "Hội Những người bạn; Ban Xyz",
            &[],
            "Sớm nhất có thể",
            "500-700",
        ),
    ]);
    let out = normalize(&ex, &reg);
    assert!(!out.records[0].review.needed, "{:?}", out.records[0].review);
    let r = &out.records[1].review;
    assert!(r.needed);
    let codes: Vec<(ReviewCode, Option<&str>)> = r
        .reasons
        .iter()
        .map(|x| (x.code, x.field.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            (ReviewCode::UnresolvedAgency, Some("lead")),
            (ReviewCode::UnparsedTimeline, Some("timeline")),
            (ReviewCode::UnparsedBudget, Some("budget")),
        ]
    );
    assert!(
        r.reasons[0].message.contains("Hội Những người bạn")
            && r.reasons[0].message.contains("Ban Xyz")
    );
    let twice = normalize(&out, &reg);
    assert_eq!(twice.records[1].review, out.records[1].review);
    assert_eq!(twice, out);
}

#[test]
fn a_user_file_overrides_history() {
    let overlay = Registry::from_toml_str(
        r#"
[[source]]
id = "qd-1"
title = "Quyết định 1/QĐ-UBND"

[[agency]]
id = "so-tttt"
valid_to = "2025-05-31"
successors = ["so-tai-chinh"]
source = "qd-1"

[[province]]
id = "bac-giang"
name = "Bắc Giang"
"#,
        "mine.toml",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut reg = Registry::builtin().with_as_of(date(2025, 6, 1));
    reg.merge(overlay).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        current(&reg, "Sở TT&TT"),
        (
            "so-tttt".into(),
            Some("so-tai-chinh".into()),
            Some("Quyết định 1/QĐ-UBND".into())
        )
    );
    // The overlay's Bắc Giang has no successor.
    let reg = reg.with_as_of(date(2026, 1, 1));
    assert_eq!(
        reg.province_now("Bắc Giang").map(|p| p.0).as_deref(),
        Some("Bắc Giang")
    );
    // A successor the registry does not have is an error naming the file.
    let bad = Registry::from_toml_str(
        "[[agency]]\nid = \"so-y-te\"\nsuccessors = [\"so-nope\"]\nvalid_to = \"2025-01-01\"\n",
        "bad.toml",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let err = Registry::builtin().merge(bad).err().map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.starts_with("bad.toml") && e.contains("so-nope")),
        "{err:?}"
    );
    let err = Registry::from_toml_str(
        "[[agency]]\nid = \"x\"\nname = \"X\"\nvalid_to = \"30/6/2025\"\n",
        "d.toml",
    )
    .err()
    .map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.starts_with("d.toml") && e.contains("ISO")),
        "{err:?}"
    );
}

#[test]
fn a_user_file_extends_the_timeline_vocabulary() {
    let plan = Some(Period {
        start: 2026,
        end: 2030,
    });
    let text = "Năm nào cũng làm";
    let builtin = Registry::builtin();
    assert_eq!(
        phuluc_normalize::parse_timeline_with(text, plan, builtin.timeline_vocabulary()),
        None
    );
    let overlay = Registry::from_toml_str(
        "[timeline]\nannual = [\"năm nào cũng\"]\n[timeline.relative]\n\"kỳ họp liền kề\" = \"semiannual\"\n",
        "words.toml",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut reg = Registry::builtin();
    reg.merge(overlay).unwrap_or_else(|e| panic!("{e}"));
    let t = phuluc_normalize::parse_timeline_with(text, plan, reg.timeline_vocabulary());
    assert_eq!(
        t.map(|t| (t.start, t.end, t.recurrence)),
        Some((
            Some(date(2026, 1, 1)),
            Some(date(2030, 12, 31)),
            Some(phuluc_model::Recurrence::Annual)
        ))
    );
    let t = phuluc_normalize::parse_timeline_with(
        "Trước kỳ họp liền kề",
        plan,
        reg.timeline_vocabulary(),
    );
    assert_eq!(
        t.and_then(|t| t.recurrence),
        Some(phuluc_model::Recurrence::Semiannual)
    );
    // The built-in words are still there.
    assert_eq!(
        phuluc_normalize::parse_timeline_with("Hằng quý", plan, reg.timeline_vocabulary())
            .and_then(|t| t.recurrence),
        Some(phuluc_model::Recurrence::Quarterly)
    );
    // An unknown key in [timeline] is an error naming the file.
    let err = Registry::from_toml_str("[timeline]\nyearly = [\"x\"]\n", "bad-words.toml")
        .err()
        .map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.starts_with("bad-words.toml")));
}
