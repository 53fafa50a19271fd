//! The zip container of a Word file, opened with hard limits.
//!
//! Takes the file's bytes and gives the main document part (`word/document.xml`, or the part
//! `[Content_Types].xml` names as the WordprocessingML main part) as bytes. Before anything is
//! decompressed every entry is checked: their count, their names (an absolute name, a `..`
//! component or a drive letter is refused: Word never writes one, an attacker does), their
//! declared uncompressed sizes in total and each one's ratio to its compressed size. Parts are
//! then decompressed through a reader capped at [`Limits::max_part_bytes`], so an entry that
//! lies about its size still costs no more than the cap.

use crate::{DocxError, Kind};
use std::io::{Cursor, Read};

/// Limits of the Word reader. Beyond any of them the file is refused with
/// [`DocxError::LimitExceeded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries in the archive.
    pub max_entries: usize,
    /// Uncompressed bytes of one part that is read (the main document, the content types).
    pub max_part_bytes: u64,
    /// Declared uncompressed bytes of all entries together.
    pub max_total_bytes: u64,
    /// Uncompressed / compressed size of an entry larger than [`Limits::ratio_floor`].
    pub max_ratio: u64,
    /// Entries smaller than this (uncompressed) are not held to the ratio.
    pub ratio_floor: u64,
    /// Nesting depth of the XML elements.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 10_000,
            max_part_bytes: 64 << 20,
            max_total_bytes: 512 << 20,
            max_ratio: 200,
            ratio_floor: 1 << 20,
            max_depth: 256,
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Content types of a WordprocessingML main part (.docx, .docm, .dotx, .dotm).
const WORD_MAIN: [&str; 4] = [
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
];

fn mib(n: u64) -> String {
    if n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else {
        format!("{n} bytes")
    }
}

/// Whether an OLE compound file holds an `EncryptionInfo` stream (its directory names are
/// UTF-16LE): Office's password protection.
fn ole_is_encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

pub(crate) fn sniff(bytes: &[u8], limits: &Limits) -> Kind {
    if bytes.starts_with(OLE_MAGIC) {
        return if ole_is_encrypted(bytes) {
            Kind::EncryptedOffice
        } else {
            Kind::Ole
        };
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Kind::Unknown;
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // A zip header but no readable directory: let the reader say what is wrong.
        return Kind::Docx;
    };
    if zip.index_for_name("[Content_Types].xml").is_some() {
        return match read_entry(&mut zip, "[Content_Types].xml", limits) {
            Ok(types) if main_part_name(&types).is_some() => Kind::Docx,
            Ok(_) => Kind::OtherZip,
            Err(_) => Kind::Docx,
        };
    }
    match read_entry(&mut zip, "mimetype", limits) {
        Ok(m) if m.trim_ascii() == b"application/vnd.oasis.opendocument.text" => Kind::Odt,
        _ => Kind::OtherZip,
    }
}

/// The main part's name in `[Content_Types].xml` (without its leading `/`).
fn main_part_name(types: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(types);
    // <Override PartName="/word/document.xml" ContentType="…main+xml"/>, attributes in any order.
    for element in text.split('<').filter(|e| e.starts_with("Override")) {
        let attr = |name: &str| {
            let start = element.find(&format!("{name}=\""))? + name.len() + 2;
            let end = element[start..].find('"')? + start;
            Some(element[start..end].to_string())
        };
        if let (Some(part), Some(kind)) = (attr("PartName"), attr("ContentType")) {
            if WORD_MAIN.contains(&kind.as_str()) {
                return Some(part.trim_start_matches('/').to_string());
            }
        }
    }
    None
}

/// Checks every entry of the archive before anything is decompressed.
fn check_entries(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<(), DocxError> {
    if zip.len() > limits.max_entries {
        return Err(DocxError::LimitExceeded {
            what: "entries in the Word archive",
            limit: limits.max_entries.to_string(),
        });
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| DocxError::Damaged(format!("archive entry {i}: {e}")))?;
        let name = entry.name().to_string();
        let hostile = name.starts_with('/')
            || name.starts_with('\\')
            || name.contains('\\')
            || name.as_bytes().get(1) == Some(&b':')
            || name.split('/').any(|p| p == "..")
            || entry.enclosed_name().is_none();
        if hostile {
            return Err(DocxError::Damaged(format!(
                "the archive entry name {name:?} points outside the archive (a hostile file)"
            )));
        }
        total = total.saturating_add(entry.size());
        if total > limits.max_total_bytes {
            return Err(DocxError::LimitExceeded {
                what: "uncompressed bytes in the Word archive",
                limit: mib(limits.max_total_bytes),
            });
        }
        if entry.size() > limits.ratio_floor
            && entry.size() / entry.compressed_size().max(1) > limits.max_ratio
        {
            return Err(DocxError::LimitExceeded {
                what: "compression ratio of a Word archive entry (a zip bomb?)",
                limit: limits.max_ratio.to_string(),
            });
        }
    }
    Ok(())
}

/// Reads one entry through a capped reader.
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Vec<u8>, DocxError> {
    let entry = zip.by_name(name).map_err(|e| match e {
        zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
            DocxError::Encrypted
        }
        other => DocxError::Damaged(format!("{name}: {other}")),
    })?;
    let compressed = entry.compressed_size().max(1);
    if entry.size() > limits.max_part_bytes {
        return Err(DocxError::LimitExceeded {
            what: "bytes of XML in a Word part",
            limit: mib(limits.max_part_bytes),
        });
    }
    let mut out = Vec::new();
    entry
        .take(limits.max_part_bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| DocxError::Damaged(format!("{name}: {e}")))?;
    let got = u64::try_from(out.len()).unwrap_or(u64::MAX);
    if got > limits.max_part_bytes {
        return Err(DocxError::LimitExceeded {
            what: "bytes of XML in a Word part",
            limit: mib(limits.max_part_bytes),
        });
    }
    if got > limits.ratio_floor && got / compressed > limits.max_ratio {
        return Err(DocxError::LimitExceeded {
            what: "compression ratio of a Word archive entry (a zip bomb?)",
            limit: limits.max_ratio.to_string(),
        });
    }
    Ok(out)
}

/// The main document part's XML.
pub(crate) fn main_part(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, DocxError> {
    if bytes.starts_with(OLE_MAGIC) {
        return Err(if ole_is_encrypted(bytes) {
            DocxError::Encrypted
        } else {
            DocxError::NotWord("an old Office file (.doc), not a .docx".into())
        });
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(DocxError::NotWord("no zip header".into()));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DocxError::Damaged(format!("the zip archive cannot be read: {e}")))?;
    check_entries(&mut zip, limits)?;
    let part = if zip.index_for_name("[Content_Types].xml").is_some() {
        let types = read_entry(&mut zip, "[Content_Types].xml", limits)?;
        main_part_name(&types).ok_or_else(|| {
            DocxError::NotWord("the archive has no WordprocessingML main part".into())
        })?
    } else if zip.index_for_name("word/document.xml").is_some() {
        "word/document.xml".to_string()
    } else {
        return Err(DocxError::NotWord(
            "a zip archive without [Content_Types].xml or word/document.xml".into(),
        ));
    };
    if zip.index_for_name(&part).is_none() {
        return Err(DocxError::Damaged(format!(
            "the main part {part} named by [Content_Types].xml is missing"
        )));
    }
    read_entry(&mut zip, &part, limits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_name_the_main_part() {
        let types = br#"<Types><Default Extension="xml" ContentType="application/xml"/><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml" PartName="/word/doc2.xml"/></Types>"#;
        assert_eq!(main_part_name(types).as_deref(), Some("word/doc2.xml"));
        assert_eq!(main_part_name(b"<Types/>"), None);
    }

    #[test]
    fn ole_encryption_is_found_by_its_stream_name() {
        let mut f = OLE_MAGIC.to_vec();
        f.extend(vec![0u8; 100]);
        assert!(!ole_is_encrypted(&f));
        f.extend(
            "EncryptionInfo"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert!(ole_is_encrypted(&f));
        assert_eq!(sniff(&f, &Limits::default()), Kind::EncryptedOffice);
        assert_eq!(main_part(&f, &Limits::default()), Err(DocxError::Encrypted));
    }
}
