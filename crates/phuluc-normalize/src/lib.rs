//! The normalizer stage of phuluc: records in, the same records with structured values out.
//!
//! [`normalize`] (or [`normalize_in_place`]) fills, for every record,
//!
//! * `lead.agencies` / `partners.agencies` — the cell split into mentions, each resolved to a
//!   stable id, canonical name and kind through a [`Registry`] (see [`split_agencies`]);
//! * `timeline.start` / `end` / `recurrence` — see [`parse_timeline`];
//! * `budget.million_vnd` — see [`parse_budget`], in the unit of the budget column's header;
//!
//! and the extraction's top-level `agencies` list (every agency used, with the spellings seen).
//! What it cannot understand keeps its text, gets nulls, and a warning
//! ([`WarningCode::UnresolvedAgency`], [`WarningCode::UnparsedTimeline`],
//! [`WarningCode::UnparsedBudget`]) carrying the record index.
//!
//! It is a pure function of the records, the registry and the document metadata (plan period,
//! province, budget header), and idempotent: normalizing again replaces the previous values
//! and warnings of this stage rather than adding to them. The raw `text` of every cell is never
//! changed.
//!
//! ```
//! use phuluc_normalize::{split_agencies, Registry};
//! let reg = Registry::builtin();
//! let m = split_agencies("Sở TT&TT; Các sở, ngành, UBND huyện, thành phố", &reg, None);
//! let ids: Vec<_> = m.iter().map(|m| m.id.as_str()).collect();
//! assert_eq!(ids, ["so-tttt", "group:provincial-agencies", "group:district-pcs"]);
//! ```

mod agencies;
mod budget;
mod registry;
mod text;
mod timeline;

pub mod syllable;
pub use agencies::split_agencies;
pub use budget::{header_multiplier, parse_budget, Budget};
pub use registry::{
    Agency, LegalSource, MatchKind, Province, Registry, RegistryError, BUILTIN_NAME,
};
pub use text::{fold_text, fold_word};
pub use timeline::{parse_timeline, parse_timeline_with, Timeline, TimelineVocabulary};

use phuluc_model::{
    AgencyCell, AgencyEntry, AgencyKind, AgencyMention, Extraction, Field, ReviewCode, Warning,
    WarningCode,
};
use std::collections::HashMap;

/// The warning codes this stage emits (and replaces when run again).
pub const WARNING_CODES: [WarningCode; 3] = [
    WarningCode::UnresolvedAgency,
    WarningCode::UnparsedTimeline,
    WarningCode::UnparsedBudget,
];

/// The review reasons this stage gives (and replaces when run again).
pub const REVIEW_CODES: [ReviewCode; 3] = [
    ReviewCode::UnresolvedAgency,
    ReviewCode::UnparsedTimeline,
    ReviewCode::UnparsedBudget,
];

/// Returns a normalized copy of `extraction` (see the crate docs).
pub fn normalize(extraction: &Extraction, registry: &Registry) -> Extraction {
    let mut out = extraction.clone();
    normalize_in_place(&mut out, registry);
    out
}

/// Normalizes `extraction` in place: fills the structured values of every record, rebuilds
/// `agencies`, and replaces this stage's warnings (other stages' warnings are kept).
pub fn normalize_in_place(extraction: &mut Extraction, registry: &Registry) {
    extraction
        .warnings
        .retain(|w| !(WARNING_CODES.contains(&w.code) && w.record.is_some()));
    let period = extraction.document.period;
    let province = extraction.document.province.clone();
    extraction.document.province_now = province
        .as_deref()
        .and_then(|p| registry.province_now(p))
        .map(|(name, _)| name);
    let multiplier = extraction
        .columns
        .iter()
        .find(|c| c.field == Field::Budget)
        .map_or(1.0, |c| header_multiplier(&c.header));

    let mut warnings = Vec::new();
    let mut entries: Vec<AgencyEntry> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // Cell text → its mentions: the same lead or partners text recurs across records (merged
    // cells, repeated wordings) and splitting is a pure function of it within a document.
    let mut split_cache: HashMap<String, Vec<AgencyMention>> = HashMap::new();

    for (i, rec) in extraction.records.iter_mut().enumerate() {
        // This stage's review reasons are replaced, not added to.
        let before = rec.review.reasons.len();
        rec.review
            .reasons
            .retain(|r| !REVIEW_CODES.contains(&r.code));
        if before != rec.review.reasons.len() && rec.review.reasons.is_empty() {
            rec.review.needed = false;
        }
        for (field, cell) in [
            (Field::Lead, rec.lead.as_mut()),
            (Field::Partners, rec.partners.as_mut()),
        ] {
            let Some(cell) = cell else { continue };
            let unknown = normalize_agency_cell(
                cell,
                field,
                i,
                registry,
                province.as_deref(),
                &mut entries,
                &mut by_id,
                &mut warnings,
                &mut split_cache,
            );
            if !unknown.is_empty() {
                rec.review.flag(
                    ReviewCode::UnresolvedAgency,
                    Some(field.as_str()),
                    format!("agency not in the registry: {}", unknown.join("; ")),
                );
            }
        }
        if let Some(t) = rec.timeline.as_mut() {
            match parse_timeline_with(&t.text, period, registry.timeline_vocabulary()) {
                Some(v) => {
                    t.start = Some(v.start);
                    t.end = Some(v.end);
                    t.recurrence = Some(v.recurrence);
                }
                None => {
                    t.start = Some(None);
                    t.end = Some(None);
                    t.recurrence = Some(None);
                    rec.review.flag(
                        ReviewCode::UnparsedTimeline,
                        Some(Field::Timeline.as_str()),
                        format!("timeline not understood: {:?}", t.text),
                    );
                    warnings.push(
                        Warning::new(
                            WarningCode::UnparsedTimeline,
                            format!("timeline not understood: {:?}", t.text),
                        )
                        .for_record(i)
                        .with_text(t.text.clone()),
                    );
                }
            }
        }
        if let Some(b) = rec.budget.as_mut() {
            b.million_vnd = Some(match parse_budget(&b.text, multiplier) {
                Budget::MillionVnd(v) => Some(v),
                Budget::NoAmount => None,
                Budget::Unparsed => {
                    rec.review.flag(
                        ReviewCode::UnparsedBudget,
                        Some(Field::Budget.as_str()),
                        format!("budget not understood: {:?}", b.text),
                    );
                    warnings.push(
                        Warning::new(
                            WarningCode::UnparsedBudget,
                            format!("budget not understood: {:?}", b.text),
                        )
                        .for_record(i)
                        .with_text(b.text.clone()),
                    );
                    None
                }
            });
        }
    }

    // An unknown agency is named by its first spelling, everywhere.
    for rec in &mut extraction.records {
        for cell in [rec.lead.as_mut(), rec.partners.as_mut()]
            .into_iter()
            .flatten()
        {
            for m in cell.agencies.iter_mut().flatten() {
                if m.kind == AgencyKind::Unknown {
                    if let Some(&k) = by_id.get(&m.id) {
                        m.name.clone_from(&entries[k].name);
                    }
                }
            }
        }
    }
    for e in &mut entries {
        if let Some(a) = registry.get(&e.id) {
            e.valid_from = a.valid_from.map(|d| d.to_string());
            e.valid_to = a.valid_to.map(|d| d.to_string());
            e.successors.clone_from(&a.successors);
            e.source = a.source.as_deref().map(|s| registry.cite(s));
            e.current_id = registry.current(&e.id).0;
        }
    }
    extraction.agencies = entries;
    extraction.warnings.extend(warnings);
}

#[allow(clippy::too_many_arguments)]
fn normalize_agency_cell(
    cell: &mut AgencyCell,
    field: Field,
    record: usize,
    registry: &Registry,
    province: Option<&str>,
    entries: &mut Vec<AgencyEntry>,
    by_id: &mut HashMap<String, usize>,
    warnings: &mut Vec<Warning>,
    split_cache: &mut HashMap<String, Vec<AgencyMention>>,
) -> Vec<String> {
    let marked = with_line_breaks(&cell.text, &cell.lines);
    let text = marked.as_deref().unwrap_or(&cell.text);
    let mentions: Vec<AgencyMention> = match split_cache.get(text) {
        Some(m) => m.clone(),
        None => {
            let m = split_agencies(text, registry, province);
            split_cache.insert(text.to_string(), m.clone());
            m
        }
    };
    let mut unknown = Vec::new();
    for m in &mentions {
        let k = *by_id.entry(m.id.clone()).or_insert_with(|| {
            entries.push(AgencyEntry {
                valid_from: None,
                valid_to: None,
                successors: Vec::new(),
                current_id: None,
                source: None,
                id: m.id.clone(),
                name: m.name.clone(),
                kind: m.kind,
                spellings: Vec::new(),
            });
            entries.len() - 1
        });
        if !entries[k].spellings.contains(&m.mention) {
            entries[k].spellings.push(m.mention.clone());
        }
        if m.kind == AgencyKind::Unknown {
            unknown.push(m.mention.clone());
            warnings.push(
                Warning::new(
                    WarningCode::UnresolvedAgency,
                    format!(
                        "{field}: agency {:?} is not in the registry; given id {}",
                        m.mention, m.id
                    ),
                )
                .for_record(record)
                .with_text(m.mention.clone()),
            );
        }
    }
    cell.agencies = Some(mentions);
    unknown
}

/// The cell text with a line break ("\n") wherever the printed lines broke at a space, so
/// that a list written one agency per line splits (the splitter reads a break before a head
/// word as a separator and any other as a space). `None` when the cell has no line
/// information or its lines do not spell its text (a cell edited after parsing).
fn with_line_breaks(text: &str, lines: &[String]) -> Option<String> {
    if lines.len() < 2 {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        if i > 0 {
            // A break at a space becomes "\n"; a glued one (hyphen, broken word) stays glued.
            if let Some(r) = rest.strip_prefix([' ', '\n']) {
                out.push('\n');
                rest = r;
            }
        }
        rest = rest.strip_prefix(line)?;
        out.push_str(line);
    }
    rest.trim().is_empty().then_some(out)
}
