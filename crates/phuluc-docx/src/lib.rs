//! Word front end: the bytes of a `.docx` / `.docm` file in, its tables as plain cell grids out.
//!
//! ```text
//! bytes ──archive──▶ word/document.xml (bounded) ──xml──▶ Vec<Block> ──grid──▶ Vec<Table>
//! ```
//!
//! - [`archive`]: the zip container, opened with hard limits: entry count, uncompressed bytes
//!   (per part, in total, and as a ratio to the compressed size: zip bombs), entry names that
//!   would escape the archive, password-protected Office files (an OLE compound file holding
//!   `EncryptionInfo`), archives that are not Word documents.
//! - [`xml`]: `word/document.xml` read as a stream of events into body blocks: paragraphs
//!   (text as accepted: tracked deletions `w:del`/`w:moveFrom` dropped, insertions kept, hidden
//!   text, field codes, comments, text boxes and alternate content left out) and tables (rows,
//!   `w:gridSpan`, `w:vMerge`, `w:tblHeader`, paragraphs kept one per line). A table nested in
//!   a cell is not read: its text is left out of the cell, with a warning. Deleted rows are
//!   dropped. XML nesting deeper than [`Limits::max_depth`] is refused.
//! - [`grid`]: a table's rows resolved into a grid: every cell with the rows and grid columns
//!   it covers (horizontal merges from `gridSpan`, vertical ones from `vMerge` continuations).
//!
//! Nothing here knows what an appendix is: finding the header, the rows and the records is the
//! parser's job (`phuluc_parser::cells`), shared with the PDF front end.

pub mod archive;
pub mod grid;
pub mod xml;

pub use archive::Limits;
pub use grid::{Cell, Table};

/// Why a Word file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    /// Not a zip archive of a Word document (another zip, another Office format).
    #[error("not a Word document ({0})")]
    NotWord(String),
    /// A damaged or hostile archive, or broken XML.
    #[error("the Word file is damaged: {0}")]
    Damaged(String),
    /// A password-protected Office file.
    #[error("the Word file is encrypted (password-protected)")]
    Encrypted,
    /// A safety limit was exceeded.
    #[error("{what} (limit {limit})")]
    LimitExceeded { what: &'static str, limit: String },
}

/// One block of the document body, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph outside any table, as accepted text (possibly empty). `page_break` says a
    /// page or section break stands before its text (a hard page break, "page break before",
    /// a section ending at the paragraph before, or a break Word recorded when it last laid the
    /// document out).
    Paragraph { text: String, page_break: bool },
    /// A top-level table.
    Table(Table),
}

/// A Word document's body: paragraphs and tables in order, and what was left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Things read around (nested tables): one message each.
    pub warnings: Vec<String>,
}

impl Document {
    /// The document's tables, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph { .. } => None,
        })
    }
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip archive holding a WordprocessingML main part (.docx, .docm, .dotx).
    Docx,
    /// A zip archive of an OpenDocument text (.odt).
    Odt,
    /// Another zip archive.
    OtherZip,
    /// An OLE compound file holding `EncryptionInfo`: a password-protected Office file.
    EncryptedOffice,
    /// Another OLE compound file: an old Word `.doc` (or another old Office file).
    Ole,
    /// Anything else.
    Unknown,
}

/// Says what `bytes` are, from their magic numbers and (for a zip) its content types. Cheap:
/// reads the zip's central directory and at most one small part.
pub fn sniff(bytes: &[u8], limits: &Limits) -> Kind {
    archive::sniff(bytes, limits)
}

/// Reads a Word document's body.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, DocxError> {
    let xml = archive::main_part(bytes, limits)?;
    xml::read_body(&xml, limits)
}
