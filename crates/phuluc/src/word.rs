//! Word input: a `.docx` / `.docm` read by `phuluc-docx` into cell grids, then the parser's
//! cell front end (`phuluc_parser::cells`) and the same normalizer as for PDFs. An old `.doc`
//! or an `.odt` is first converted to `.docx` by LibreOffice (`soffice --headless
//! --convert-to docx`) in a private temporary directory, when LibreOffice is installed.

use crate::{sha256_hex, Error, Options};
use phuluc_docx::{Block, DocxError, Kind};
use phuluc_model::{CellSource, DocxCell, Extraction, SourceFile, Warning, WarningCode};
use phuluc_parser::cells::{CellDocument, CellTable, SourceCell};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What the bytes are, for the dispatch in `extract_inner`: `None` for anything that is not a
/// zip or OLE container (the PDF reader then says what it is).
pub(crate) fn kind(bytes: &[u8], options: &Options) -> Option<Kind> {
    match phuluc_docx::sniff(bytes, &options.word_limits) {
        Kind::Unknown => None,
        k => Some(k),
    }
}

fn from_docx(name: &str, e: DocxError) -> Error {
    let file = name.to_string();
    match e {
        DocxError::NotWord(detail) => Error::Unsupported { file, detail },
        DocxError::Damaged(detail) => Error::WordDamaged { file, detail },
        DocxError::Encrypted => Error::WordEncrypted { file },
        DocxError::LimitExceeded { what, limit } => Error::LimitExceeded {
            file,
            what: what.to_string(),
            limit,
        },
    }
}

/// Extracts a Word file of kind `kind` (converting it first when it is not a .docx).
pub(crate) fn extract(
    name: &str,
    bytes: &[u8],
    kind: Kind,
    options: &Options,
) -> Result<Extraction, Error> {
    let converted;
    let docx: &[u8] = match kind {
        Kind::Docx => bytes,
        Kind::Ole | Kind::Odt => {
            let ext = if kind == Kind::Odt { "odt" } else { "doc" };
            converted = convert(name, bytes, ext, options)?;
            &converted
        }
        Kind::EncryptedOffice => {
            return Err(Error::WordEncrypted {
                file: name.to_string(),
            })
        }
        Kind::OtherZip | Kind::Unknown => {
            return Err(Error::Unsupported {
                file: name.to_string(),
                detail: "a zip archive that is not a Word document".into(),
            })
        }
    };
    let doc = phuluc_docx::read(docx, &options.word_limits).map_err(|e| from_docx(name, e))?;
    let cells = cell_document(&doc);
    let parsed = phuluc_parser::cells::parse_cell_tables(&cells, options.table.clone());
    if parsed.records.is_empty() {
        let hint = if doc.tables().next().is_none() {
            "; the Word document has no table".to_string()
        } else {
            String::new()
        };
        return Err(Error::NoTable {
            file: name.to_string(),
            seen: "no Word table row names enough header fields (STT / Mục tiêu / Nhiệm vụ / \
                   Chủ trì …)"
                .to_string(),
            hint,
        });
    }
    let mut ex = Extraction::new(SourceFile {
        file: name.to_string(),
        sha256: sha256_hex(bytes),
        pages: 0,
    });
    ex.document = parsed.document;
    ex.columns = parsed.columns;
    ex.tables = parsed.tables;
    ex.records = parsed.records;
    ex.warnings = parsed.warnings;
    if let Some(registry) = &options.registry {
        phuluc_normalize::normalize_in_place(&mut ex, registry);
    }
    Ok(ex)
}

/// A first-page table of at most this many rows is a layout table (the letterhead).
const LETTERHEAD_ROWS: usize = 3;

/// The Word document as the parser's cell tables: each table with the paragraphs above it
/// (after the last page break), and the first page's paragraphs (those before the first page
/// break; the title-block layout table above "KẾ HOẠCH" does not end the page).
pub fn cell_document(doc: &phuluc_docx::Document) -> CellDocument {
    let mut out = CellDocument::default();
    let mut above: Vec<String> = Vec::new();
    let mut first_page_done = false;
    let mut page_break = false;
    for block in &doc.blocks {
        match block {
            Block::Paragraph {
                text,
                page_break: brk,
            } => {
                if *brk {
                    above.clear();
                    first_page_done = true;
                    page_break = true;
                }
                if !first_page_done && out.first_page.len() < 200 {
                    out.first_page.push(text.clone());
                }
                above.push(text.clone());
            }
            Block::Table(t) => {
                // A small layout table on the first page is the letterhead ("ỦY BAN NHÂN DÂN /
                // TỈNH LÂM ĐỒNG" beside the national motto): its first column's lines are
                // the first page's, for the issuer.
                if !first_page_done && t.rows.len() <= LETTERHEAD_ROWS {
                    for cell in t.cells.iter().filter(|c| c.col == 0) {
                        out.first_page.extend(cell.paragraphs.iter().cloned());
                    }
                }
                out.tables
                    .push(cell_table(t, std::mem::take(&mut above), page_break));
                page_break = false;
            }
        }
    }
    out.warnings = doc
        .warnings
        .iter()
        .map(|w| Warning::new(WarningCode::ContentTruncated, w.clone()))
        .collect();
    out
}

fn cell_table(t: &phuluc_docx::Table, above: Vec<String>, page_break: bool) -> CellTable {
    CellTable {
        columns: t.columns,
        header_rows: t.rows.iter().map(|r| r.header).collect(),
        row_names: t
            .rows
            .iter()
            .map(|r| format!("row {}", r.xml_index + 1))
            .collect(),
        cells: t
            .cells
            .iter()
            .map(|c| SourceCell {
                row: c.row,
                row_end: c.row_end,
                col: c.col,
                col_end: c.col_end,
                lines: c.paragraphs.clone(),
                sources: c
                    .sources
                    .iter()
                    .map(|&(row, cell)| CellSource {
                        docx: Some(DocxCell {
                            table: t.index,
                            row,
                            cell,
                        }),
                        ..Default::default()
                    })
                    .collect(),
            })
            .collect(),
        cell_at: t.cell_at.clone(),
        above,
        page_break_before: page_break,
    }
}

/// The LibreOffice program: `options.converter`, else `soffice` or `libreoffice` on the PATH.
fn find_converter(options: &Options) -> Option<PathBuf> {
    if let Some(p) = &options.converter {
        return p.is_file().then(|| p.clone());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("soffice"), d.join("libreoffice")])
        .find(|p| p.is_file())
}

/// Converts an old Word (.doc) or OpenDocument (.odt) file to .docx with LibreOffice, in a
/// private temporary directory removed afterwards, within the document's time limit.
fn convert(name: &str, bytes: &[u8], ext: &str, options: &Options) -> Result<Vec<u8>, Error> {
    let what = if ext == "odt" {
        "an OpenDocument text (.odt)"
    } else {
        "an old Word document (.doc)"
    };
    let Some(soffice) = find_converter(options) else {
        return Err(Error::NeedsConverter {
            file: name.to_string(),
            detail: format!(
                "{what} is read through LibreOffice, which is not installed: install it (Debian/Ubuntu: apt install libreoffice-writer) or save the file as .docx"
            ),
        });
    };
    let dir = TempDir::new().map_err(|e| Error::Internal {
        file: name.to_string(),
        detail: format!("cannot make a temporary directory: {e}"),
    })?;
    let input = dir.0.join(format!("input.{ext}"));
    let out = dir.0.join("out");
    let io = |e: std::io::Error| Error::Internal {
        file: name.to_string(),
        detail: format!("converting with LibreOffice: {e}"),
    };
    std::fs::write(&input, bytes).map_err(io)?;
    let profile = format!("file://{}", dir.0.join("profile").display());
    let mut child = std::process::Command::new(&soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(&out)
        .arg(&input)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(io)?;
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(io)? {
            break s;
        }
        if started.elapsed() > options.limits.max_duration {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::LimitExceeded {
                file: name.to_string(),
                what: "seconds per document".into(),
                limit: format!("{}", options.limits.max_duration.as_secs_f64()),
            });
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let result = out.join("input.docx");
    match std::fs::read(&result) {
        Ok(docx) if status.success() => Ok(docx),
        _ => Err(Error::WordDamaged {
            file: name.to_string(),
            detail: format!("LibreOffice could not convert {what} to .docx ({status})"),
        }),
    }
}

/// A private temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "phuluc-convert-{}-{nanos}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
