//! `word/document.xml` in, the body's paragraphs and tables out.
//!
//! One pass over the XML events (quick-xml, streaming: memory is the part plus the text kept),
//! with a stack of open elements capped at [`Limits::max_depth`]. Text is the accepted text:
//! - `w:t` runs are kept, `w:tab` is a space, `w:br` / `w:cr` end a line (a page break ends
//!   the paragraph and marks the next text as on a new page), `w:noBreakHyphen` is `-`;
//! - tracked changes are accepted: `w:del` and `w:moveFrom` (with their `w:delText`) are
//!   dropped, `w:ins` and `w:moveTo` kept; a row whose `w:trPr` holds `w:del` is dropped;
//! - left out: hidden runs (`w:vanish`), field codes (`w:instrText`; a field's result is kept),
//!   comments (only their anchors are in this part), drawings, text boxes, embedded objects and
//!   the fallback of alternate content (`mc:Fallback`);
//! - a table inside a table cell is not read (its text is not the cell's), with a warning.

use crate::grid::{self, RawCell, RawRow, VMerge};
use crate::{Block, Document, DocxError, Limits};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Elements whose whole subtree is left out.
const SKIPPED: [&[u8]; 10] = [
    b"del",
    b"moveFrom",
    b"delText",
    b"instrText",
    b"drawing",
    b"pict",
    b"object",
    b"txbxContent",
    b"Fallback",
    b"commentReference",
];

fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// An on/off property (`<w:vanish/>`, `<w:tblHeader w:val="0"/>`): on unless its value says off.
fn is_on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

#[derive(Default)]
struct TableState {
    rows: Vec<RawRow>,
    /// `w:tr` elements seen (deleted ones included): the XML index of the next row.
    xml_rows: usize,
    grid_columns: usize,
    row: Option<RawRow>,
    cell: Option<RawCell>,
}

#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    warnings: Vec<String>,
    stack: Vec<Vec<u8>>,
    /// Depth of the skipped element being read through.
    skip: Option<usize>,
    table: Option<TableState>,
    tables: usize,
    /// The paragraph being read, and whether a break stands before it.
    para: Option<(String, bool)>,
    /// A section break ended the last paragraph: the next one starts a page.
    pending_break: bool,
    run_hidden: bool,
}

impl State {
    fn parent(&self) -> Option<&[u8]> {
        self.stack.last().map(Vec::as_slice)
    }

    fn in_cell(&self) -> bool {
        self.table.as_ref().is_some_and(|t| t.cell.is_some())
    }

    /// Ends the paragraph being read: to the cell it is in, or to the body.
    fn end_paragraph(&mut self) {
        let Some((text, page_break)) = self.para.take() else {
            return;
        };
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.paragraphs.push(text);
        } else if self.table.is_none() {
            self.blocks.push(Block::Paragraph { text, page_break });
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.run_hidden {
            return;
        }
        if let Some((text, _)) = self.para.as_mut() {
            text.push_str(s);
        }
    }

    /// A page break inside a paragraph: what came before is one paragraph, the rest another
    /// that starts a page.
    fn page_break(&mut self) {
        match self.para.as_mut() {
            Some((text, brk)) if text.trim().is_empty() => *brk = true,
            Some(_) => {
                let in_cell = self.in_cell();
                self.end_paragraph();
                self.para = Some((String::new(), !in_cell));
            }
            None => self.pending_break = true,
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = e.local_name().as_ref().to_vec();
        let parent = self.parent().map(<[u8]>::to_vec);
        match name.as_slice() {
            b"tbl" => {
                if self.table.is_some() {
                    // A nested table: read around.
                    self.warnings.push(format!(
                        "table {}: a table nested in a cell was not read (its text is left out of the cell)",
                        self.tables + 1
                    ));
                    if !empty {
                        self.skip = Some(self.stack.len());
                    }
                    return;
                }
                self.end_paragraph();
                self.table = Some(TableState::default());
            }
            b"gridCol" => {
                if let Some(t) = self.table.as_mut() {
                    t.grid_columns += 1;
                }
            }
            b"tr" => {
                if let Some(t) = self.table.as_mut() {
                    t.row = Some(RawRow {
                        xml_index: t.xml_rows,
                        ..Default::default()
                    });
                    t.xml_rows += 1;
                }
            }
            b"tblHeader" | b"del" | b"gridBefore" if parent.as_deref() == Some(b"trPr") => {
                if let Some(row) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
                    match name.as_slice() {
                        b"tblHeader" => row.header = is_on(e),
                        b"del" => row.deleted = true,
                        _ => {
                            row.grid_before =
                                attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0)
                        }
                    }
                }
            }
            b"tc" => {
                if let Some(t) = self.table.as_mut() {
                    let index = t.row.as_ref().map_or(0, |r| r.cells.len());
                    t.cell = Some(RawCell {
                        xml_index: index,
                        span: 1,
                        ..Default::default()
                    });
                }
            }
            b"gridSpan" | b"vMerge" | b"hMerge" if parent.as_deref() == Some(b"tcPr") => {
                if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
                    let val = attr(e, b"val");
                    match name.as_slice() {
                        b"gridSpan" => {
                            cell.span = val.and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64)
                        }
                        b"vMerge" => {
                            cell.vmerge = if val.as_deref() == Some("restart") {
                                VMerge::Restart
                            } else {
                                VMerge::Continue
                            }
                        }
                        _ => cell.hmerge_continue = val.as_deref() != Some("restart"),
                    }
                }
            }
            b"p" => {
                self.end_paragraph();
                let brk = std::mem::take(&mut self.pending_break) && self.table.is_none();
                self.para = Some((String::new(), brk));
            }
            b"pageBreakBefore" if is_on(e) && self.table.is_none() => {
                if let Some((_, brk)) = self.para.as_mut() {
                    *brk = true;
                }
            }
            b"sectPr" if parent.as_deref() == Some(b"pPr") => {
                // A section ends with this paragraph; a continuous one does not start a page.
                self.pending_break = true;
            }
            b"type"
                if parent.as_deref() == Some(b"sectPr")
                    && attr(e, b"val").as_deref() == Some("continuous") =>
            {
                self.pending_break = false;
            }
            b"r" => self.run_hidden = false,
            b"vanish" if parent.as_deref() == Some(b"rPr") => {
                // The run's own properties (not the paragraph mark's, under pPr).
                let in_run = self.stack.len() >= 2
                    && self.stack.get(self.stack.len() - 2).map(Vec::as_slice) == Some(b"r");
                if in_run && is_on(e) {
                    self.run_hidden = true;
                }
            }
            b"tab" if parent.as_deref() == Some(b"r") => self.push_text(" "),
            b"noBreakHyphen" => self.push_text("-"),
            b"cr" => self.push_text("\n"),
            b"br" => {
                if attr(e, b"type").as_deref() == Some("page") {
                    self.page_break();
                } else {
                    self.push_text("\n");
                }
            }
            b"lastRenderedPageBreak" => self.page_break(),
            n if SKIPPED.contains(&n) && !empty => self.skip = Some(self.stack.len()),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) -> Result<(), DocxError> {
        match name {
            b"p" => self.end_paragraph(),
            b"tc" => {
                self.end_paragraph();
                if let Some(t) = self.table.as_mut() {
                    if let (Some(cell), Some(row)) = (t.cell.take(), t.row.as_mut()) {
                        row.cells.push(cell);
                    }
                }
            }
            b"tr" => {
                if let Some(t) = self.table.as_mut() {
                    if let Some(row) = t.row.take() {
                        if !row.deleted {
                            t.rows.push(row);
                        }
                    }
                }
            }
            b"tbl" => {
                if let Some(t) = self.table.take() {
                    let table = grid::resolve(self.tables, t.grid_columns, t.rows);
                    self.tables += 1;
                    self.blocks.push(Block::Table(table));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Reads the body of a main document part.
pub fn read_body(xml: &[u8], limits: &Limits) -> Result<Document, DocxError> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    let mut st = State::default();
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            DocxError::Damaged(format!(
                "word/document.xml is not well-formed XML at byte {}: {e}",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(e) => {
                if st.stack.len() >= limits.max_depth {
                    return Err(DocxError::LimitExceeded {
                        what: "nesting depth of the Word XML",
                        limit: limits.max_depth.to_string(),
                    });
                }
                if st.skip.is_none() {
                    st.start(&e, false);
                }
                st.stack.push(e.local_name().as_ref().to_vec());
            }
            Event::Empty(e) if st.skip.is_none() => st.start(&e, true),
            Event::End(e) => {
                let name = e.local_name().as_ref().to_vec();
                st.stack.pop();
                match st.skip {
                    Some(d) if d == st.stack.len() => st.skip = None,
                    Some(_) => {}
                    None => st.end(&name)?,
                }
            }
            Event::Text(t) if st.skip.is_none() && st.parent() == Some(b"t") => {
                let s = t.decode().map_err(|e| {
                    DocxError::Damaged(format!("word/document.xml: text is not UTF-8: {e}"))
                })?;
                st.push_text(&s);
            }
            Event::CData(t) if st.skip.is_none() && st.parent() == Some(b"t") => {
                let s = String::from_utf8_lossy(&t).into_owned();
                st.push_text(&s);
            }
            Event::GeneralRef(r) if st.skip.is_none() && st.parent() == Some(b"t") => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    st.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !st.stack.is_empty() {
        return Err(DocxError::Damaged(
            "word/document.xml ends before its elements are closed (a truncated file?)".into(),
        ));
    }
    st.end_paragraph();
    Ok(Document {
        blocks: st.blocks,
        warnings: st.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> Document {
        let xml = format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body>{inner}</w:body></w:document>"#
        );
        read_body(xml.as_bytes(), &Limits::default()).expect("well-formed")
    }

    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn tracked_changes_are_accepted_and_hidden_text_dropped() {
        let d = body(
            r#"<w:p><w:r><w:t xml:space="preserve">Kế </w:t></w:r><w:del><w:r><w:delText>cũ</w:delText></w:r></w:del><w:ins><w:r><w:t>hoạch</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>&amp;1</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            d.blocks,
            vec![Block::Paragraph {
                text: "Kế hoạch&1".into(),
                page_break: false
            }]
        );
    }

    #[test]
    fn tables_keep_spans_merges_header_rows_and_paragraphs() {
        let d = body(&format!(
            r#"{}<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
            <w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>{}</w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{}</w:tc></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc><w:tc>{}{}</w:tc><w:tc>{}</w:tc></w:tr>
            <w:tr><w:trPr><w:del/></w:trPr><w:tc>{}</w:tc><w:tc/><w:tc/></w:tr>
            <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>{}<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl></w:tc><w:tc>{}</w:tc></w:tr>
            </w:tbl>"#,
            para("PHỤ LỤC"),
            para("STT"),
            para("Nội dung"),
            para("1"),
            para("a"),
            para("b"),
            para("c"),
            para("xoá"),
            para("d"),
            para("lồng"),
            para("e"),
        ));
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        let t = d.tables().next().expect("a table");
        assert_eq!(t.columns, 3);
        assert_eq!(t.rows.len(), 3);
        assert!(t.rows[0].header && !t.rows[1].header);
        assert_eq!(
            t.rows[2].xml_index, 3,
            "the deleted row keeps its XML index"
        );
        let head = t.cell(0, 2).expect("spanned");
        assert_eq!((head.col, head.col_end), (1, 2));
        let stt = t.cell(2, 0).expect("merged");
        assert_eq!((stt.row, stt.row_end), (1, 2));
        assert_eq!(stt.paragraphs, ["1"]);
        assert_eq!(
            t.cell(1, 1).map(|c| c.paragraphs.clone()),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            t.cell(2, 1).map(|c| c.paragraphs.clone()),
            Some(vec!["d".into()])
        );
    }

    #[test]
    fn deep_nesting_and_broken_xml_are_refused() {
        let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        assert!(matches!(
            read_body(deep.as_bytes(), &Limits::default()),
            Err(DocxError::LimitExceeded { .. })
        ));
        assert!(matches!(
            read_body(b"<w:document><w:body><w:p></w:body>", &Limits::default()),
            Err(DocxError::Damaged(_))
        ));
        assert!(matches!(
            read_body(b"<w:document><w:body><w:p>", &Limits::default()),
            Err(DocxError::Damaged(_))
        ));
    }

    #[test]
    fn page_breaks_are_marked() {
        let d = body(&format!(
            r#"{}<w:p><w:r><w:br w:type="page"/></w:r></w:p>{}"#,
            para("a"),
            para("b")
        ));
        let breaks: Vec<bool> = d
            .blocks
            .iter()
            .map(|b| {
                matches!(
                    b,
                    Block::Paragraph {
                        page_break: true,
                        ..
                    }
                )
            })
            .collect();
        assert_eq!(breaks, [false, true, false]);
    }
}
