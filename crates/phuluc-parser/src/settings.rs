//! Explicit, documented settings of the table finder (in the spirit of pdfplumber's
//! `table_settings`). Lengths are PDF points unless they say "× size" (the font size).

use crate::text::TextSettings;
use crate::vocab::{header_key, Vocabulary, VocabularyError};
use phuluc_model::{BBox, Field};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Every tolerance the table finder uses. `Default` suits government appendices from Word,
/// LibreOffice, browsers and report generators; tests pin behaviour at these values.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSettings {
    /// Text assembly tolerances.
    pub text: TextSettings,
    /// Header phrases and content words (`data/vocabulary.toml`, plus any user overlay).
    pub vocabulary: Arc<Vocabulary>,
    /// Only pages in these inclusive ranges are read (all pages when `None`).
    pub pages: Option<Vec<(u32, u32)>>,
    /// The table's area on every page: glyphs and rules outside it are not the table's.
    pub area: Option<BBox>,
    /// Fixed column boundaries, left to right (`columns + 1` values), instead of finding them.
    pub columns: Option<Vec<f64>>,
    /// How column and row bounds are read: from borders, from the text's alignment, or both.
    pub flavor: Flavor,
    /// Header text key → field, applied over the vocabulary's mapping.
    pub fields: Vec<(String, Field)>,
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
            vocabulary: Vocabulary::builtin(),
            pages: None,
            area: None,
            columns: None,
            flavor: Flavor::Hybrid,
            fields: Vec::new(),
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

/// Which strategies read a page's column and row bounds (camelot's "flavors";
/// `crate::grid` has the strategies themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flavor {
    /// Borders first, then the text's alignment where borders leave bounds open (the default:
    /// a missing border, a table with horizontal rules only, or none).
    #[default]
    Hybrid,
    /// Drawn borders only (a table whose text does not line up).
    Lattice,
    /// The text's alignment only; every rule on the page is ignored (decorative or misleading
    /// lines).
    Stream,
}

impl Flavor {
    /// The flavor named in a settings file.
    pub fn from_name(name: &str) -> Option<Flavor> {
        match name {
            "hybrid" => Some(Flavor::Hybrid),
            "lattice" => Some(Flavor::Lattice),
            "stream" => Some(Flavor::Stream),
            _ => None,
        }
    }
}

/// Errors while reading a settings file; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{file}: cannot read the settings: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: invalid settings: {detail}")]
    Invalid { file: String, detail: String },
    #[error(transparent)]
    Vocabulary(#[from] VocabularyError),
}

/// The settings file (TOML): every key optional; see `docs/parser.md`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    /// "12-30", "3, 5-7".
    pages: Option<String>,
    area: Option<[f64; 4]>,
    columns: Option<Vec<f64>>,
    /// A vocabulary overlay, relative to the settings file.
    vocabulary: Option<String>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default)]
    tolerances: BTreeMap<String, f64>,
    /// Distinct header fields that identify a header (at least 2; default 3): 2 reads a list
    /// as short as "STT | Đơn vị".
    min_header_fields: Option<usize>,
    /// "hybrid" (default), "lattice" or "stream".
    flavor: Option<String>,
}

impl TableSettings {
    /// Every tolerance by its name in a settings file's `[tolerances]`.
    fn tolerances_mut(&mut self) -> Vec<(&'static str, &mut f64)> {
        vec![
            ("min_rule_length", &mut self.min_rule_length),
            ("max_rule_thickness", &mut self.max_rule_thickness),
            ("snap_tolerance", &mut self.snap_tolerance),
            ("max_dash_gap", &mut self.max_dash_gap),
            ("double_rule_gap", &mut self.double_rule_gap),
            ("join_tolerance", &mut self.join_tolerance),
            ("min_column_cover", &mut self.min_column_cover),
            ("max_header_height", &mut self.max_header_height),
            ("max_line_gap", &mut self.max_line_gap),
            ("max_row_padding", &mut self.max_row_padding),
            ("cut_word_overlap", &mut self.cut_word_overlap),
            ("line_tolerance", &mut self.text.line_tolerance),
            ("word_gap", &mut self.text.word_gap),
            ("full_line_slack", &mut self.text.full_line_slack),
        ]
    }

    /// These settings with a settings file applied (validated: unknown keys, bad ranges and
    /// non-increasing column boundaries are errors naming the file).
    pub fn with_file(mut self, path: impl AsRef<Path>) -> Result<TableSettings, SettingsError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| SettingsError::Io {
            file: file.clone(),
            source,
        })?;
        let invalid = |detail: String| SettingsError::Invalid {
            file: file.clone(),
            detail,
        };
        let parsed: SettingsFile =
            toml::from_str(&text).map_err(|e| invalid(e.message().trim().to_string()))?;
        if let Some(pages) = &parsed.pages {
            self.pages = Some(parse_pages(pages).ok_or_else(|| {
                invalid(format!(
                    "pages {pages:?}: expected page numbers and ranges like \"12-30, 35\""
                ))
            })?);
        }
        if let Some([x0, top, x1, bottom]) = parsed.area {
            if !(x0 < x1 && top < bottom) || [x0, top, x1, bottom].iter().any(|v| !v.is_finite()) {
                return Err(invalid(
                    "area: expected [x0, top, x1, bottom] with x0 < x1 and top < bottom (points, top-left origin)".into(),
                ));
            }
            self.area = Some(BBox::new(x0, top, x1, bottom));
        }
        if let Some(cols) = parsed.columns {
            if cols.len() < 3
                || cols.iter().any(|v| !v.is_finite())
                || cols.windows(2).any(|w| w[0] >= w[1])
            {
                return Err(invalid(
                    "columns: expected at least 3 increasing boundaries (2 columns)".into(),
                ));
            }
            self.columns = Some(cols);
        }
        if let Some(v) = &parsed.vocabulary {
            let vpath = path.parent().unwrap_or(Path::new(".")).join(v);
            self.vocabulary = Arc::new(self.vocabulary.with_overlay(vpath)?);
        }
        if let Some(name) = &parsed.flavor {
            self.flavor = Flavor::from_name(name).ok_or_else(|| {
                invalid(format!(
                    "flavor = {name:?}: expected \"hybrid\", \"lattice\" or \"stream\""
                ))
            })?;
        }
        if let Some(n) = parsed.min_header_fields {
            if n < 2 {
                return Err(invalid(format!(
                    "min_header_fields = {n}: expected 2 or more (an STT column and one other)"
                )));
            }
            self.min_header_fields = n;
        }
        for (header, field) in &parsed.fields {
            let f = Field::ALL
                .iter()
                .copied()
                .find(|f| f.as_str() == field)
                .ok_or_else(|| invalid(format!("fields: {header:?} = {field:?}: unknown field")))?;
            self.fields.push((header_key(header), f));
        }
        for (name, value) in &parsed.tolerances {
            let mut known = false;
            for (n, slot) in self.tolerances_mut() {
                if n == name {
                    if !value.is_finite() || *value < 0.0 {
                        return Err(invalid(format!(
                            "tolerances.{name} = {value}: expected a number >= 0"
                        )));
                    }
                    *slot = *value;
                    known = true;
                }
            }
            if !known {
                let names: Vec<&str> = self.tolerances_mut().into_iter().map(|(n, _)| n).collect();
                return Err(invalid(format!(
                    "tolerances.{name}: unknown (known: {})",
                    names.join(", ")
                )));
            }
        }
        Ok(self)
    }

    /// Whether page `n` is to be read.
    pub fn reads_page(&self, n: u32) -> bool {
        self.pages
            .as_ref()
            .is_none_or(|ranges| ranges.iter().any(|(a, b)| n >= *a && n <= *b))
    }
}

/// "12-30, 35" → [(12, 30), (35, 35)].
fn parse_pages(text: &str) -> Option<Vec<(u32, u32)>> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let n = part.parse().ok()?;
                (n, n)
            }
        };
        if a == 0 || a > b {
            return None;
        }
        out.push((a, b));
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tests run on parallel threads of one process: each settings file gets its own name.
    fn with(text: &str) -> Result<TableSettings, SettingsError> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("phuluc-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|source| SettingsError::Io {
            file: dir.display().to_string(),
            source,
        })?;
        let path = dir.join(format!("s{n}.toml"));
        std::fs::write(&path, text).map_err(|source| SettingsError::Io {
            file: path.display().to_string(),
            source,
        })?;
        TableSettings::default().with_file(&path)
    }

    #[test]
    fn a_settings_file_sets_escape_hatches_and_tolerances() {
        let s = with(
            "pages = \"12-30, 35\"\narea = [20, 40, 800, 560]\ncolumns = [20, 50, 300, 800]\n[fields]\n\"Quy mô, mục tiêu, kết quả\" = \"output\"\n[tolerances]\nsnap_tolerance = 2.5\nline_tolerance = 0.4\n",
        )
        .expect("valid");
        assert!(s.reads_page(12) && s.reads_page(35) && !s.reads_page(31));
        assert_eq!(s.area, Some(BBox::new(20.0, 40.0, 800.0, 560.0)));
        assert_eq!(s.columns.as_deref(), Some(&[20.0, 50.0, 300.0, 800.0][..]));
        assert_eq!(
            s.fields,
            [("quy mô mục tiêu kết quả".to_string(), Field::Output)]
        );
        assert_eq!(s.snap_tolerance, 2.5);
        assert_eq!(s.text.line_tolerance, 0.4);
        let list = with("min_header_fields = 2\n").expect("valid");
        assert_eq!(list.min_header_fields, 2);
        assert_eq!(list.flavor, Flavor::Hybrid);
        let stream = with("flavor = \"stream\"\n").expect("valid");
        assert_eq!(stream.flavor, Flavor::Stream);
    }

    #[test]
    fn bad_settings_are_errors_naming_the_file() {
        for bad in [
            "pagez = 1",
            "min_header_fields = 1",
            "flavor = \"camelot\"",
            "pages = \"30-12\"",
            "area = [10, 10, 5, 20]",
            "columns = [10, 5, 20]",
            "[tolerances]\nsnap = 1",
            "[tolerances]\nsnap_tolerance = -1",
            "[fields]\n\"x\" = \"nothing\"",
        ] {
            let e = with(bad).expect_err(bad);
            assert!(e.to_string().contains("invalid settings"), "{bad}: {e}");
            assert!(e.to_string().contains(".toml"), "{bad}: {e}");
        }
    }
}
