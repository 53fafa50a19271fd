//! Explicit, documented settings of the table finder (in the spirit of pdfplumber's
//! `table_settings`). Lengths are PDF points unless they say "× size" (the font size).

use crate::text::TextSettings;

/// Every tolerance the table finder uses. `Default` suits government appendices from Word,
/// LibreOffice, browsers and report generators; tests pin behaviour at these values.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSettings {
    /// Text assembly tolerances.
    pub text: TextSettings,
    /// A rule must be at least this long to count as a table border.
    pub min_rule_length: f64,
    /// A rule must be at most this thick (thicker filled boxes are shading, not borders).
    pub max_rule_thickness: f64,
    /// Rule positions closer than this are one border (doubled lines, stroke vs fill).
    pub snap_tolerance: f64,
    /// Collinear rule pieces with gaps up to this are one dashed or dotted border.
    pub max_dash_gap: f64,
    /// Parallel rules closer than this that run along each other are one (doubled) border.
    pub double_rule_gap: f64,
    /// How far a rule may fall short of a column edge and still close it.
    pub join_tolerance: f64,
    /// A horizontal border covers a column when it runs over at least this share of its width.
    pub min_column_cover: f64,
    /// Minimum number of distinct header fields that identify a header row (STT counts as one).
    pub min_header_fields: usize,
    /// A header phrase whose line holds more than this many other words (running text: a
    /// title, a paragraph) is not a header cell.
    pub max_header_line_words: usize,
    /// How far below its first header word a header row may reach, × size.
    pub max_header_height: f64,
    /// Without a bottom border, a vertical gap larger than this × line height ends the table.
    pub max_line_gap: f64,
    /// Text below the table's last border continues the table (whose bottom border is then
    /// missing) only when it starts within this × size under that border; farther down it is
    /// page furniture.
    pub max_row_padding: f64,
    /// A body word reaching more than this × size past a column line on both sides is cut by
    /// it (a `text_across_columns` warning and review flag).
    pub cut_word_overlap: f64,
}

impl Default for TableSettings {
    fn default() -> Self {
        TableSettings {
            text: TextSettings::default(),
            min_rule_length: 4.0,
            max_rule_thickness: 3.0,
            snap_tolerance: 1.5,
            max_dash_gap: 3.0,
            double_rule_gap: 3.0,
            join_tolerance: 3.0,
            min_column_cover: 0.6,
            min_header_fields: 3,
            max_header_line_words: 6,
            max_header_height: 9.0,
            max_line_gap: 3.0,
            max_row_padding: 1.2,
            cut_word_overlap: 0.2,
        }
    }
}
