//! Every Vietnamese letter in both cases and all six tones, both encodings, both ways.

use phuluc_vnfont::{
    decode, decode_byte, detect_from_bytes, detect_from_font_name, encode, ByteProfile,
    LegacyEncoding::{self, Tcvn3, Tcvn3Capitals, Vni},
};
use unicode_normalization::UnicodeNormalization;

const BASES: [&str; 12] = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
/// No tone, grave, acute, hook above, tilde, dot below.
const TONES: [&str; 6] = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];

/// 12 vowels × 6 tones + đ, lowercase and capitals: 146 letters, 134 of them not ASCII.
fn letters() -> (Vec<String>, Vec<String>) {
    let mut lower: Vec<String> = Vec::new();
    for b in BASES {
        for t in TONES {
            let s: String = format!("{b}{t}").nfc().collect();
            assert_eq!(s.chars().count(), 1, "{s} is one precomposed letter");
            lower.push(s);
        }
    }
    lower.push("đ".into());
    let upper = lower.iter().map(|s| s.to_uppercase()).collect();
    (lower, upper)
}

#[test]
fn there_are_134_vietnamese_letters() {
    let (lo, up) = letters();
    let non_ascii = lo.iter().chain(&up).filter(|s| !s.is_ascii()).count();
    assert_eq!((lo.len() + up.len(), non_ascii), (146, 134));
}

#[test]
fn tcvn3_every_lowercase_letter_round_trips_in_one_byte() {
    let (lower, _) = letters();
    let mut bytes = std::collections::HashSet::new();
    for l in &lower {
        let e = encode(l, Tcvn3).unwrap_or_else(|c| panic!("{l}: cannot encode {c}"));
        assert_eq!(e.len(), 1, "{l}");
        assert!(bytes.insert(e[0]) || l.is_ascii(), "{l}: byte reused");
        assert_eq!(decode(&e, Tcvn3), *l);
    }
}

#[test]
fn tcvn3_capitals_come_from_the_capitals_font() {
    let (lower, upper) = letters();
    for (l, u) in lower.iter().zip(&upper) {
        let e = encode(u, Tcvn3Capitals).unwrap_or_else(|c| panic!("{u}: cannot encode {c}"));
        // The capitals font uses the lowercase codes.
        assert_eq!(e, encode(l, Tcvn3).unwrap(), "{u}");
        assert_eq!(decode(&e, Tcvn3Capitals), *u);
        // In the base font, only plain vowels and Ă Â Ê Ô Ơ Ư Đ exist as capitals.
        let base_font = encode(u, Tcvn3);
        let simple = u.is_ascii() || ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"].contains(&u.as_str());
        assert_eq!(base_font.is_ok(), simple, "{u}");
        if let Ok(b) = base_font {
            assert_eq!(decode(&b, Tcvn3), *u);
        }
    }
    assert!(encode("a", Tcvn3Capitals).is_err());
}

#[test]
fn vni_every_letter_round_trips() {
    let (lower, upper) = letters();
    for l in lower.iter().chain(&upper) {
        let e = encode(l, Vni).unwrap_or_else(|c| panic!("{l}: cannot encode {c}"));
        assert!((1..=2).contains(&e.len()), "{l}");
        assert_eq!(decode(&e, Vni), *l, "{l} <- {e:02X?}");
    }
}

#[test]
fn sentences_round_trip() {
    let texts = [
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
        "Uỷ ban nhân dân tỉnh Bắc Giang; Sở Nội vụ, Sở Tư pháp (2021-2030) “kế hoạch”",
        "thủy lợi, khỏe mạnh, quyết định, người, trường, nghĩa vụ, giữ gìn, kỹ thuật",
    ];
    for t in texts {
        for enc in [Tcvn3, Vni] {
            if enc == Tcvn3
                && t.chars()
                    .any(|c| c.is_uppercase() && !c.is_ascii() && c != 'Đ')
            {
                continue;
            }
            let e = encode(t, enc).unwrap_or_else(|c| panic!("{t} {enc:?}: {c}"));
            assert_eq!(decode(&e, enc), t.nfc().collect::<String>(), "{enc:?}");
        }
        let caps = t.to_uppercase();
        let e = encode(&caps, Tcvn3Capitals).unwrap();
        assert_eq!(decode(&e, Tcvn3Capitals), caps.nfc().collect::<String>());
    }
}

#[test]
fn known_extractions_decode() {
    // What a plain extractor gives for these fonts, as Latin-1 look-alikes.
    let latin1 = |s: &str| -> Vec<u8> {
        s.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect()
    };
    assert_eq!(
        decode(&latin1("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), Tcvn3),
        "Cộng hoà xã hội chủ nghĩa Việt Nam"
    );
    assert_eq!(decode(&latin1("§éc lËp"), Tcvn3), "Độc lập");
    assert_eq!(decode(&latin1("Vieät Nam"), Vni), "Việt Nam");
    assert_eq!(decode(&latin1("Haø Noäi"), Vni), "Hà Nội");
    assert_eq!(decode(&latin1("Ñaûng, ñoàng"), Vni), "Đảng, đồng");
    assert_eq!(decode(&latin1("COÄNG HOØA"), Vni), "CỘNG HÒA");
    assert_eq!(decode(&latin1("ngöôøi"), Vni), "người");
}

#[test]
fn traps() {
    // ư is the soft hyphen position; it must not vanish or become '-'.
    assert_eq!(decode(&[0xAD], Tcvn3), "ư");
    assert_eq!(decode(&[b'n', b'g', 0xAD, 0xEA, b'i'], Tcvn3), "người");
    assert_eq!(decode(&[0xAD], Tcvn3Capitals), "Ư");
    // The capitals font draws lowercase codes as capitals.
    assert_eq!(decode(b"uy ban", Tcvn3Capitals), "UY BAN");
    assert_eq!(
        decode(
            &[b'k', 0xD5, b' ', b'h', b'o', 0xB9, b'c', b'h'],
            Tcvn3Capitals
        ),
        "KẾ HOẠCH"
    );
    // Đ / đ.
    assert_eq!(decode(&[0xA7, 0xAE], Tcvn3), "Đđ");
    assert_eq!(decode(&[0xD1, 0xF1], Vni), "Đđ");
    // A VNI mark byte alone is a combining sequence (composed by NFC with the letter before,
    // even when it arrives as a separate glyph).
    assert_eq!(decode_byte(0xE4, Vni).as_deref(), Some("\u{302}\u{323}"));
    assert_eq!(decode_byte(0xF9, Vni).as_deref(), Some("\u{301}"));
    let joined: String = format!("e{}", decode_byte(0xE4, Vni).unwrap())
        .nfc()
        .collect();
    assert_eq!(joined, "ệ");
    // ASCII and Windows punctuation pass through.
    assert_eq!(decode(b"2021-2030; (1)", Vni), "2021-2030; (1)");
    assert_eq!(decode(&[0x93, b'x', 0x94, 0x96], Tcvn3), "“x”–");
}

#[test]
fn font_names() {
    let cases: [(&str, Option<LegacyEncoding>); 16] = [
        (".VnTime", Some(Tcvn3)),
        (".VnTimeH", Some(Tcvn3Capitals)),
        ("ABCDEF+.VnArial", Some(Tcvn3)),
        ("ABCDEF+.VnArialH,Bold", Some(Tcvn3Capitals)),
        (".VnTime,BoldItalic", Some(Tcvn3)),
        ("VnTimeH", Some(Tcvn3Capitals)),
        ("_VnTime", Some(Tcvn3)),
        (".VnTimeH-Bold", Some(Tcvn3Capitals)),
        ("VNI-Times", Some(Vni)),
        ("XYZABC+VNI-Helve-Bold", Some(Vni)),
        ("VNI-Times,Italic", Some(Vni)),
        ("TimesNewRomanPSMT", None),
        ("BAAAAA+LiberationSerif-Bold", None),
        ("Arial,Bold", None),
        ("Vnexpress", None),
        ("DejaVuSans", None),
    ];
    for (name, want) in cases {
        assert_eq!(detect_from_font_name(name), want, "{name}");
    }
}

#[test]
fn byte_profiles() {
    let tcvn = encode(
        "Cộng hoà xã hội chủ nghĩa Việt Nam, đổi mới thủ tục hành chính",
        Tcvn3,
    )
    .unwrap();
    assert_eq!(detect_from_bytes(&tcvn), Some(Tcvn3));
    let vni = encode(
        "Cộng hoà xã hội chủ nghĩa Việt Nam, đổi mới thủ tục hành chính",
        Vni,
    )
    .unwrap();
    assert_eq!(detect_from_bytes(&vni), Some(Vni));
    // Plain text, Western Latin-1, and the Latin-1 part of Unicode Vietnamese say nothing.
    assert_eq!(
        detect_from_bytes(b"Ke hoach cai cach hanh chinh 2021-2030"),
        None
    );
    let latin1 = |s: &str| -> Vec<u8> {
        s.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect()
    };
    assert_eq!(
        detect_from_bytes(
            &latin1("Hà Nam, các quan, hoà, hoá, quân, tiên, yên, thuý")
                .into_iter()
                .collect::<Vec<u8>>()
        ),
        None
    );
    assert_eq!(
        detect_from_bytes(&latin1("Café crème, Straße, Köln, naïve, São Paulo")),
        None
    );
    // Evidence adds up over runs of one font.
    let mut p = ByteProfile::default();
    p.add(&encode("hoà", Tcvn3).unwrap());
    assert_eq!(p.verdict(2), None);
    p.add(&encode("đúng", Tcvn3).unwrap());
    assert_eq!(p.verdict(2), Some(Tcvn3));
}
