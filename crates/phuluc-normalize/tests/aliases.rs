//! Every alias rule and collective designation of issue 3, through the public API.

use phuluc_model::AgencyKind;
use phuluc_normalize::{split_agencies, Registry, RegistryError};

fn builtin() -> &'static Registry {
    static R: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    R.get_or_init(Registry::builtin)
}

fn id(mention: &str) -> String {
    let m = split_agencies(mention, builtin(), None);
    assert_eq!(m.len(), 1, "{mention:?} split into {m:?}");
    m[0].id.clone()
}

fn same(id_want: &str, spellings: &[&str]) {
    for s in spellings {
        assert_eq!(id(s), id_want, "{s:?}");
    }
}

#[test]
fn abbreviations() {
    same(
        "so-tttt",
        &["Sở TT&TT", "Sở TTTT", "Sở TT-TT", "Sở TT & TT", "sở tt&tt"],
    );
    same(
        "so-khdt",
        &["Sở KH&ĐT", "Sở KHĐT", "Sở KH-ĐT", "Sở KH và ĐT"],
    );
    same(
        "so-ldtbxh",
        &[
            "Sở LĐ-TB&XH",
            "Sở LĐTBXH",
            "Sở LĐ-TBXH",
            "Sở Lao động - TB&XH",
        ],
    );
    same("so-nnptnt", &["Sở NN&PTNT", "Sở NNPTNT", "Sở NN-PTNT"]);
    same("so-tnmt", &["Sở TN&MT", "Sở TNMT", "Sở TN-MT"]);
    same("so-vhttdl", &["Sở VHTT&DL", "Sở VHTTDL", "Sở VH-TT&DL"]);
    same("so-gddt", &["Sở GD&ĐT", "Sở GDĐT", "Sở GD-ĐT"]);
    same("so-khcn", &["Sở KH&CN", "Sở KHCN", "Sở KH-CN"]);
    same("so-gtvt", &["Sở GTVT", "Sở Giao thông - Vận tải"]);
    same(
        "vp-ubnd-tinh",
        &[
            "VP UBND tỉnh",
            "Văn phòng UBND tỉnh",
            "Văn phòng Ủy ban nhân dân tỉnh",
        ],
    );
    same(
        "ubnd-tinh",
        &["UBND tỉnh", "Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh"],
    );
    same("hdnd-tinh", &["HĐND tỉnh", "Hội đồng nhân dân tỉnh"]);
    same("bhxh-tinh", &["BHXH tỉnh", "Bảo hiểm xã hội tỉnh"]);
    same(
        "kbnn-tinh",
        &["KBNN tỉnh", "Kho bạc Nhà nước tỉnh", "Kho bạc nhà nước"],
    );
}

#[test]
fn truncations_by_initials() {
    same(
        "so-tttt",
        &[
            "Sở Thông tin và TT",
            "Sở TT và Truyền thông",
            "Sở Thông tin - TT",
        ],
    );
    same("so-khdt", &["Sở Kế hoạch và ĐT", "Sở KH và Đầu tư"]);
    same("so-nnptnt", &["Sở Nông nghiệp và PTNT"]);
    same("so-gddt", &["Sở Giáo dục và ĐT"]);
}

#[test]
fn dash_for_va_case_and_tone_marks() {
    same(
        "so-tttt",
        &[
            "Sở Thông tin và Truyền thông",
            "Sở Thông tin - Truyền thông",
            "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
            "sở thông tin và truyền thông",
        ],
    );
    same(
        "so-vhttdl",
        &[
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Văn hoá, Thể thao và Du lịch",
            "Sở Văn hóa - Thể thao và Du lịch",
        ],
    );
    same(
        "so-khdt",
        &["Sở Kế hoạch và đầu tư", "Sở Kế hoạch - Đầu tư"],
    );
    same(
        "ubnd-tinh",
        &["Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh"],
    );
}

#[test]
fn collective_designations() {
    same(
        "group:provincial-agencies",
        &[
            "Các sở, ban, ngành",
            "Sở, ngành",
            "các Sở, ngành",
            "Các sở, cơ quan, đơn vị thuộc UBND tỉnh",
            "Các Sở, ban, ngành trực thuộc UBND tỉnh",
            "Các Sở, ban, ngành có liên quan",
            "Các sở, ngành liên quan",
        ],
    );
    same(
        "group:specialised-agencies",
        &[
            "Các cơ quan chuyên môn thuộc UBND tỉnh",
            "Cơ quan chuyên môn",
        ],
    );
    same(
        "group:district-pcs",
        &[
            "UBND cấp huyện",
            "UBND huyện, thành phố",
            "UBND các huyện, thị xã, thành phố",
            "các huyện, TP",
        ],
    );
    same(
        "group:commune-pcs",
        &["UBND cấp xã", "cấp xã", "UBND các xã, phường, thị trấn"],
    );
    same(
        "group:public-service-units",
        &["các ĐVSN công lập", "đơn vị sự nghiệp công lập"],
    );
    same(
        "group:central-agencies",
        &[
            "Các cơ quan Trung ương đóng trên địa bàn",
            "Các cơ quan TW đóng trên địa bàn tỉnh",
        ],
    );
    same(
        "group:related-units",
        &[
            "Các cơ quan, đơn vị liên quan",
            "Các cơ quan, đơn vị có liên quan",
        ],
    );
    same(
        "group:enterprises",
        &[
            "Các doanh nghiệp",
            "các công ty CP thực hiện thoái vốn nhà nước",
        ],
    );
    same("group:investors", &["Nhà đầu tư", "Chủ đầu tư các dự án"]);
    // "cấp xã" after a district mention
    let reg = Registry::builtin();
    let ids: Vec<_> = split_agencies("UBND cấp huyện, cấp xã", &reg, None)
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, ["group:district-pcs", "group:commune-pcs"]);
    for m in split_agencies("Các sở, ngành; UBND cấp xã", &reg, None) {
        assert_eq!(m.kind, AgencyKind::Group);
    }
}

#[test]
fn kinds_and_names() {
    let reg = Registry::builtin();
    let m = split_agencies(
        "Sở TT&TT; Văn phòng UBND tỉnh; UBND tỉnh; Công an tỉnh",
        &reg,
        None,
    );
    let got: Vec<_> = m.iter().map(|m| (m.kind, m.name.as_str())).collect();
    assert_eq!(
        got,
        [
            (AgencyKind::Department, "Sở Thông tin và Truyền thông"),
            (AgencyKind::Office, "Văn phòng Ủy ban nhân dân tỉnh"),
            (AgencyKind::PeoplesCommittee, "Ủy ban nhân dân tỉnh"),
            (AgencyKind::Other, "Công an tỉnh"),
        ]
    );
    assert_eq!(m[0].mention, "Sở TT&TT");
}

#[test]
fn unknown_mentions_get_stable_ids() {
    let reg = Registry::builtin();
    let a = split_agencies("Trung tâm Y tế huyện Lục Ngạn", &reg, None);
    let b = split_agencies("TRUNG TÂM Y TẾ HUYỆN LỤC NGẠN", &reg, None);
    assert_eq!(a[0].kind, AgencyKind::Unknown);
    assert_eq!(a[0].id, "unknown:trung-tam-y-te-huyen-luc-ngan");
    assert_eq!(a[0].id, b[0].id);
    assert_eq!(a[0].name, "Trung tâm Y tế huyện Lục Ngạn");
}

#[test]
fn another_province() {
    // Nothing in the registry names a province: the metadata's province is ignored in mentions.
    let reg = Registry::builtin();
    let m = split_agencies(
        "UBND tỉnh Quảng Ninh; Sở Nội vụ tỉnh Quảng Ninh, Công an tỉnh Quảng Ninh",
        &reg,
        Some("Quảng Ninh"),
    );
    let ids: Vec<_> = m.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["ubnd-tinh", "so-noi-vu", "cong-an-tinh"]);
    // The merged departments of 2025.
    let m = split_agencies(
        "Sở Nông nghiệp và Môi trường; Sở Dân tộc và Tôn giáo",
        &reg,
        None,
    );
    let ids: Vec<_> = m.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["so-nnmt", "so-dan-toc-ton-giao"]);
}

const OVERLAY: &str = r#"
[abbreviations]
"TTPVHCC" = "Trung tâm Phục vụ hành chính công"

[[agency]]
id = "tt-y-te-luc-ngan"
name = "Trung tâm Y tế huyện Lục Ngạn"
kind = "office"
aliases = ["TTYT Lục Ngạn"]

[[agency]]
id = "so-tttt"
aliases = ["Sở Thông tin"]

[[agency]]
id = "ubnd-tinh"
name = "UBND tỉnh Quảng Ninh"
"#;

#[test]
fn overlay_extends_and_overrides() {
    let mut reg = Registry::builtin();
    reg.merge(Registry::from_toml_str(OVERLAY, "my.toml").expect("overlay parses"))
        .expect("overlay merges");
    assert_eq!(reg.sources().last().map(String::as_str), Some("my.toml"));
    let m = split_agencies(
        "Trung tâm Y tế huyện Lục Ngạn; TTYT Lục Ngạn; Sở Thông tin; UBND tỉnh",
        &reg,
        None,
    );
    let got: Vec<_> = m.iter().map(|m| (m.id.as_str(), m.kind)).collect();
    assert_eq!(
        got,
        [
            ("tt-y-te-luc-ngan", AgencyKind::Office),
            ("tt-y-te-luc-ngan", AgencyKind::Office),
            ("so-tttt", AgencyKind::Department),
            ("ubnd-tinh", AgencyKind::PeoplesCommittee),
        ]
    );
    assert_eq!(m[3].name, "UBND tỉnh Quảng Ninh");
    // the old name is still a spelling
    assert_eq!(
        reg.resolve("Ủy ban nhân dân tỉnh").map(|a| a.id.as_str()),
        Some("ubnd-tinh")
    );
    // the overlay's abbreviation
    assert_eq!(
        reg.key("TTPVHCC tỉnh"),
        reg.key("Trung tâm Phục vụ hành chính công")
    );
}

#[test]
fn overlay_from_a_file() {
    let dir = std::env::temp_dir().join(format!("phuluc-normalize-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("agencies.toml");
    std::fs::write(&path, OVERLAY).expect("write overlay");
    let reg = Registry::builtin()
        .with_overlay(&path)
        .expect("overlay loads");
    assert_eq!(
        reg.resolve("TTYT Lục Ngạn").map(|a| a.id.as_str()),
        Some("tt-y-te-luc-ngan")
    );
    let missing = dir.join("missing.toml");
    let err = Registry::builtin()
        .with_overlay(&missing)
        .expect_err("missing file");
    assert!(matches!(err, RegistryError::Io { .. }));
    assert!(err.to_string().contains("missing.toml"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn registry_errors_name_the_file() {
    type Is = fn(&RegistryError) -> bool;
    let cases: &[(&str, Is)] = &[
        ("[[agency]]\nid = ", |e| matches!(e, RegistryError::Toml { .. })),
        ("[[agency]]\nid = \"x\"\nname = \"X\"\nkind = \"planet\"", |e| {
            matches!(e, RegistryError::Toml { .. })
        }),
        ("[[agency]]\nid = \"x\"\nname = \"X\"\ncolour = \"red\"", |e| {
            matches!(e, RegistryError::Toml { .. })
        }),
        ("[[agency]]\nid = \" \"\nname = \"X\"", |e| {
            matches!(e, RegistryError::EmptyId { .. })
        }),
        (
            "[[agency]]\nid = \"x\"\nname = \"X\"\n[[agency]]\nid = \"x\"\nname = \"Y\"",
            |e| matches!(e, RegistryError::DuplicateId { .. }),
        ),
        (
            "[[agency]]\nid = \"x\"\nname = \"Sở Hoà bình\"\n[[agency]]\nid = \"y\"\nname = \"SỞ HÒA BÌNH\"",
            |e| matches!(e, RegistryError::AliasConflict { .. }),
        ),
    ];
    for (text, is) in cases {
        let err = Registry::from_toml_str(text, "bad.toml").expect_err(text);
        assert!(is(&err), "{text:?}: {err:?}");
        assert!(err.to_string().starts_with("bad.toml: "), "{err}");
    }
    // An entry without a name only amends a known id.
    let patch = Registry::from_toml_str("[[agency]]\nid = \"nope\"\naliases = [\"N\"]", "p.toml")
        .expect("a patch parses on its own");
    let err = Registry::builtin()
        .merge(patch)
        .expect_err("unknown patched id");
    assert!(matches!(err, RegistryError::MissingName { .. }), "{err:?}");
    assert!(err.to_string().contains("p.toml"));
}
