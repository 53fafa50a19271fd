//! The agency registry: ids, canonical names, kinds, aliases and matching rules, read from TOML.
//!
//! The registry is data. The crate ships `data/agencies.toml` ([`Registry::builtin`]); a user file
//! in the same format extends or overrides it ([`Registry::merge`], [`Registry::with_overlay`]).
//! See `docs/normalization.md` for the file format.
//!
//! Matching works on a *key*: the mention is cut into words, each folded (lowercase, canonical
//! tone mark), abbreviations expanded (`[abbreviations]`), filler words dropped
//! (`normalize.drop_words`), the province's own name dropped, and qualifying suffixes stripped
//! (`normalize.optional_suffixes`). Two spellings with the same key are the same agency.

use crate::text::{ascii_letter, clean, fold_word, has_tone, slug};
use phuluc_model::{AgencyKind, Date};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The name under which errors report the built-in registry file.
pub const BUILTIN_NAME: &str = "<builtin>/data/agencies.toml+vocabulary.toml+history.toml";

const BUILTIN_TOML: &str = concat!(
    include_str!("../data/agencies.toml"),
    "\n",
    include_str!("../data/vocabulary.toml"),
    "\n",
    include_str!("../data/history.toml")
);

/// Leads the province words of a centrally-run city (see [`Registry::province_words`]).
const CITY_MARK: &str = "\u{1}city";

/// Errors while loading a registry file; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("{file}: cannot read agency registry: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: invalid agency registry: {source}")]
    Toml {
        file: String,
        #[source]
        source: Box<toml::de::Error>,
    },
    #[error("{file}: an agency has an empty id")]
    EmptyId { file: String },
    #[error("{file}: agency id {id:?} is defined twice")]
    DuplicateId { file: String, id: String },
    #[error("{file}: new agency {id:?} needs a name")]
    MissingName { file: String, id: String },
    #[error(
        "{file}: spelling {alias:?} of {id:?} has the same key {key:?} as a spelling of {other:?}"
    )]
    AliasConflict {
        file: String,
        alias: String,
        key: String,
        id: String,
        other: String,
    },
    #[error("{file}: {id:?}: {field} {value:?} is not an ISO date (YYYY-MM-DD)")]
    BadDate {
        file: String,
        id: String,
        field: &'static str,
        value: String,
    },
    #[error("{file}: {id:?} names successor {successor:?}, which the registry does not have")]
    UnknownSuccessor {
        file: String,
        id: String,
        successor: String,
    },
    #[error("{file}: spelling {alias:?} of {id:?} has an empty key")]
    EmptyKey {
        file: String,
        alias: String,
        id: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    normalize: RawNormalize,
    #[serde(default)]
    abbreviations: BTreeMap<String, String>,
    #[serde(default, rename = "agency")]
    agencies: Vec<RawAgency>,
    #[serde(default, rename = "province")]
    provinces: Vec<RawProvince>,
    #[serde(default, rename = "source")]
    sources: Vec<RawSource>,
    #[serde(default)]
    timeline: crate::timeline::RawTimelineWords,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvince {
    id: String,
    name: Option<String>,
    #[serde(default)]
    city: Option<bool>,
    #[serde(default)]
    aliases: Vec<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    successor: Option<String>,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    title: String,
    #[serde(default)]
    issued: Option<String>,
    #[serde(default)]
    effective: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNormalize {
    #[serde(default)]
    drop_words: Vec<String>,
    #[serde(default)]
    optional_suffixes: Vec<String>,
    #[serde(default)]
    role_prefixes: Vec<String>,
    #[serde(default)]
    head_words: Vec<String>,
    #[serde(default)]
    local_units: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgency {
    id: String,
    name: Option<String>,
    kind: Option<AgencyKind>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    cell_prefixes: Vec<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    #[serde(default)]
    successors: Vec<String>,
    source: Option<String>,
}

/// A legal act the registry cites for a change (`[[source]]` in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalSource {
    /// Short id the entries refer to ("nd-45-2025").
    pub id: String,
    /// The act as cited ("Nghị định 45/2025/NĐ-CP …").
    pub title: String,
    pub issued: Option<String>,
    pub effective: Option<String>,
    pub note: Option<String>,
}

/// A province or centrally-run city, with its history (`[[province]]` in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub id: String,
    /// The bare name as documents write it after "tỉnh" / "thành phố" ("Bắc Giang", "Hà Nội").
    pub name: String,
    /// A centrally-run city: its bodies are written "UBND thành phố", "Sở Nội vụ thành phố".
    pub city: bool,
    pub aliases: Vec<String>,
    pub valid_from: Option<Date>,
    /// Last day it existed as a province of its own.
    pub valid_to: Option<Date>,
    /// The province it became part of.
    pub successor: Option<String>,
    pub source: Option<String>,
}

/// One agency (or group of agencies) of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    pub id: String,
    pub name: String,
    pub kind: AgencyKind,
    /// Other spellings, as written in the registry files (the name itself is always one).
    pub aliases: Vec<String>,
    /// Phrases that, starting a single mention, make it this agency ("công ty" → enterprises).
    pub prefixes: Vec<String>,
    /// Phrases that, starting a whole cell, make the whole cell one mention of this agency
    /// ("Theo phân công tại Quyết định số … của Chủ tịch UBND tỉnh" → as assigned elsewhere).
    pub cell_prefixes: Vec<String>,
    /// First day the agency exists (when it was created by a reorganisation).
    pub valid_from: Option<Date>,
    /// Last day the agency existed (merged, renamed or abolished).
    pub valid_to: Option<Date>,
    /// The bodies that took over its duties, the main one first.
    pub successors: Vec<String>,
    /// The legal act behind `valid_from` / `valid_to` / `successors`: a `[[source]]` id or
    /// free text.
    pub source: Option<String>,
    /// Layer (0 = first file loaded) of every alias and prefix, parallel to the vectors above;
    /// the name's layer is `name_layer`.
    alias_layers: Vec<u32>,
    prefix_layers: Vec<u32>,
    name_layer: u32,
    /// An overlay entry without a name: it amends the agency of the same id.
    patch: bool,
    kind_given: bool,
}

/// How a mention was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Its key equals the key of a name or alias.
    Alias,
    /// Abbreviated words ("TT", "KH", "ĐT") stand for the initials of an alias's words.
    Initials,
    /// Its key starts with one of the agency's `prefixes`.
    Prefix,
}

/// A registry of agencies with its matching rules. Cheap to query; build once and reuse.
#[derive(Debug, Clone)]
pub struct Registry {
    agencies: Vec<Agency>,
    /// Folded abbreviation → (folded expansion words, layer).
    abbreviations: BTreeMap<String, (Vec<String>, u32)>,
    drop_words: HashSet<String>,
    drop_words_raw: Vec<String>,
    suffixes_raw: Vec<String>,
    prefixes_raw: Vec<String>,
    head_words_raw: Vec<String>,
    local_units_raw: Vec<String>,
    suffixes: Vec<Vec<String>>,
    prefixes: Vec<Vec<String>>,
    head_words: Vec<Vec<String>>,
    /// Words naming a local unit ("xã", "phường", "thị trấn" …), longest first.
    local_units: Vec<Vec<String>>,
    index: HashMap<String, usize>,
    alias_keys: Vec<(Vec<String>, usize)>,
    prefix_keys: Vec<(Vec<String>, usize)>,
    layers: u32,
    sources: Vec<String>,
    provinces: Vec<Province>,
    legal_sources: Vec<LegalSource>,
    /// The date `current_id` is computed for; `None` = today.
    as_of: Option<Date>,
    timeline_raw: crate::timeline::RawTimelineWords,
    timeline: std::sync::Arc<crate::timeline::TimelineVocabulary>,
    /// Words of the longest spelling key and of the longest prefix.
    longest: (usize, usize),
    /// Province name/alias key → index in `provinces` (the first province wins).
    province_index: HashMap<String, usize>,
}

fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';'
                    | ':'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '"'
                    | '\''
                    | '/'
                    | '\\'
                    | '|'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '…'
                    | '*'
                    | '•'
            )
    })
    .filter(|w| !w.is_empty())
}

fn is_connector_part(c: char) -> bool {
    matches!(c, '&' | '-' | '+' | '.' | '_')
}

impl Registry {
    /// The registry shipped with the crate (general Vietnamese provincial agencies and groups).
    pub fn builtin() -> Registry {
        let reg = Registry::from_toml_str(BUILTIN_TOML, BUILTIN_NAME)
            .and_then(|r| r.check_successors(BUILTIN_NAME).map(|()| r));
        match reg {
            Ok(r) => r,
            // The built-in file is checked by the crate's tests; an error here is a build bug.
            Err(e) => panic!("built-in agency registry is invalid: {e}"),
        }
    }

    /// An empty registry: every mention is unknown.
    pub fn empty() -> Registry {
        Registry {
            agencies: Vec::new(),
            abbreviations: BTreeMap::new(),
            drop_words: HashSet::new(),
            drop_words_raw: Vec::new(),
            suffixes_raw: Vec::new(),
            prefixes_raw: Vec::new(),
            head_words_raw: Vec::new(),
            local_units_raw: Vec::new(),
            suffixes: Vec::new(),
            prefixes: Vec::new(),
            head_words: Vec::new(),
            local_units: Vec::new(),
            index: HashMap::new(),
            alias_keys: Vec::new(),
            prefix_keys: Vec::new(),
            layers: 0,
            sources: Vec::new(),
            provinces: Vec::new(),
            legal_sources: Vec::new(),
            as_of: None,
            timeline_raw: Default::default(),
            timeline: Default::default(),
            longest: (0, 0),
            province_index: HashMap::new(),
        }
    }

    /// Parses a registry file; `file` is the name errors report.
    pub fn from_toml_str(text: &str, file: &str) -> Result<Registry, RegistryError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| RegistryError::Toml {
            file: file.to_string(),
            source: Box::new(e),
        })?;
        let mut reg = Registry::empty();
        reg.add_layer(raw, file)?;
        reg.compile(Some(file))?;
        Ok(reg)
    }

    /// Reads a registry file from disk.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Registry, RegistryError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RegistryError::Io {
            file: file.clone(),
            source,
        })?;
        Registry::from_toml_str(&text, &file)
    }

    /// This registry with the file at `path` laid over it (see [`Registry::merge`]).
    pub fn with_overlay(mut self, path: impl AsRef<Path>) -> Result<Registry, RegistryError> {
        let overlay = Registry::from_path(path)?;
        self.merge(overlay)?;
        Ok(self)
    }

    /// Lays `overlay` over this registry. An agency whose id is already known keeps its entry,
    /// gains the overlay's aliases and prefixes, and takes the overlay's name and kind where the
    /// overlay gives them (the old name stays an alias); new ids are added and need a name.
    /// Abbreviations of the overlay replace same-named ones; word lists are unioned. Where an
    /// overlay spelling has the same key as a spelling of another agency, the overlay wins.
    pub fn merge(&mut self, overlay: Registry) -> Result<(), RegistryError> {
        let shift = self.layers;
        let file = overlay.sources.last().cloned().unwrap_or_default();
        for a in &overlay.agencies {
            if a.patch && !self.agencies.iter().any(|b| b.id == a.id) {
                return Err(RegistryError::MissingName {
                    file,
                    id: a.id.clone(),
                });
            }
        }
        for (k, (words, layer)) in overlay.abbreviations {
            self.abbreviations.insert(k, (words, layer + shift));
        }
        for (dst, src) in [
            (&mut self.drop_words_raw, overlay.drop_words_raw),
            (&mut self.suffixes_raw, overlay.suffixes_raw),
            (&mut self.prefixes_raw, overlay.prefixes_raw),
            (&mut self.head_words_raw, overlay.head_words_raw),
            (&mut self.local_units_raw, overlay.local_units_raw),
        ] {
            for w in src {
                if !dst.contains(&w) {
                    dst.push(w);
                }
            }
        }
        for mut a in overlay.agencies {
            a.name_layer += shift;
            a.alias_layers.iter_mut().for_each(|l| *l += shift);
            a.prefix_layers.iter_mut().for_each(|l| *l += shift);
            match self.agencies.iter_mut().find(|b| b.id == a.id) {
                Some(b) => {
                    if !a.patch && a.name != b.name {
                        let old = std::mem::replace(&mut b.name, a.name);
                        b.aliases.push(old);
                        b.alias_layers.push(b.name_layer);
                        b.name_layer = a.name_layer;
                    }
                    if a.kind_given {
                        b.kind = a.kind;
                    }
                    if a.valid_from.is_some() {
                        b.valid_from = a.valid_from;
                    }
                    b.cell_prefixes.extend(a.cell_prefixes);
                    if a.valid_to.is_some() {
                        b.valid_to = a.valid_to;
                    }
                    if !a.successors.is_empty() {
                        b.successors = a.successors;
                    }
                    if a.source.is_some() {
                        b.source = a.source;
                    }
                    b.aliases.extend(a.aliases);
                    b.alias_layers.extend(a.alias_layers);
                    b.prefixes.extend(a.prefixes);
                    b.prefix_layers.extend(a.prefix_layers);
                }
                None => self.agencies.push(a),
            }
        }
        self.timeline_raw.union(overlay.timeline_raw);
        for p in overlay.provinces {
            match self.provinces.iter_mut().find(|q| q.id == p.id) {
                Some(q) => *q = p,
                None => self.provinces.push(p),
            }
        }
        for src in overlay.legal_sources {
            match self.legal_sources.iter_mut().find(|q| q.id == src.id) {
                Some(q) => *q = src,
                None => self.legal_sources.push(src),
            }
        }
        if overlay.as_of.is_some() {
            self.as_of = overlay.as_of;
        }
        self.check_successors(&file)?;
        self.layers += overlay.layers;
        self.sources.extend(overlay.sources);
        // Every file was checked on its own; across files the later layer wins, so this
        // compile cannot fail.
        self.compile(None)
    }

    /// The files this registry was built from, in layering order.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Every agency of the registry.
    pub fn agencies(&self) -> &[Agency] {
        &self.agencies
    }

    /// The agency with this id.
    pub fn get(&self, id: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }

    fn add_layer(&mut self, raw: RawFile, file: &str) -> Result<(), RegistryError> {
        let layer = self.layers;
        self.layers += 1;
        self.sources.push(file.to_string());
        for (k, v) in raw.abbreviations {
            let key = fold_word(k.trim());
            let words: Vec<String> = split_words(&clean(&v))
                .flat_map(|w| w.split(is_connector_part))
                .filter(|w| !w.is_empty())
                .map(fold_word)
                .collect();
            self.abbreviations.insert(key, (words, layer));
        }
        self.drop_words_raw.extend(raw.normalize.drop_words);
        self.suffixes_raw.extend(raw.normalize.optional_suffixes);
        self.prefixes_raw.extend(raw.normalize.role_prefixes);
        self.head_words_raw.extend(raw.normalize.head_words);
        self.local_units_raw.extend(raw.normalize.local_units);
        self.timeline_raw.union(raw.timeline);
        let mut seen = HashSet::new();
        for a in raw.agencies {
            let id = a.id.trim().to_string();
            if id.is_empty() {
                return Err(RegistryError::EmptyId {
                    file: file.to_string(),
                });
            }
            if !seen.insert(id.clone()) {
                return Err(RegistryError::DuplicateId {
                    file: file.to_string(),
                    id,
                });
            }
            let name = a.name.map(|n| clean(n.trim())).filter(|n| !n.is_empty());
            let patch = name.is_none();
            let name = name.unwrap_or_else(|| id.clone());
            let n_alias = a.aliases.len();
            let n_prefix = a.prefixes.len();
            let valid_from = parse_date(file, &id, "valid_from", a.valid_from.as_deref())?;
            let valid_to = parse_date(file, &id, "valid_to", a.valid_to.as_deref())?;
            self.agencies.push(Agency {
                valid_from,
                valid_to,
                cell_prefixes: a.cell_prefixes.iter().map(|s| clean(s.trim())).collect(),
                successors: a.successors.iter().map(|s| s.trim().to_string()).collect(),
                source: a.source.map(|s| s.trim().to_string()),
                id,
                name,
                patch,
                kind_given: a.kind.is_some(),
                kind: a.kind.unwrap_or(AgencyKind::Other),
                aliases: a.aliases.iter().map(|s| clean(s.trim())).collect(),
                prefixes: a.prefixes.iter().map(|s| clean(s.trim())).collect(),
                alias_layers: vec![layer; n_alias],
                prefix_layers: vec![layer; n_prefix],
                name_layer: layer,
            });
        }
        let mut seen = HashSet::new();
        for p in raw.provinces {
            let id = p.id.trim().to_string();
            if id.is_empty() {
                return Err(RegistryError::EmptyId {
                    file: file.to_string(),
                });
            }
            if !seen.insert(id.clone()) {
                return Err(RegistryError::DuplicateId {
                    file: file.to_string(),
                    id,
                });
            }
            let province = Province {
                valid_from: parse_date(file, &id, "valid_from", p.valid_from.as_deref())?,
                valid_to: parse_date(file, &id, "valid_to", p.valid_to.as_deref())?,
                name: p
                    .name
                    .map(|n| clean(n.trim()))
                    .unwrap_or_else(|| id.clone()),
                city: p.city.unwrap_or(false),
                aliases: p.aliases.iter().map(|s| clean(s.trim())).collect(),
                successor: p.successor.map(|s| s.trim().to_string()),
                source: p.source.map(|s| s.trim().to_string()),
                id,
            };
            match self.provinces.iter_mut().find(|q| q.id == province.id) {
                Some(q) => *q = province,
                None => self.provinces.push(province),
            }
        }
        for src in raw.sources {
            let src = LegalSource {
                id: src.id.trim().to_string(),
                title: src.title.trim().to_string(),
                issued: src.issued,
                effective: src.effective,
                note: src.note,
            };
            match self.legal_sources.iter_mut().find(|q| q.id == src.id) {
                Some(q) => *q = src,
                None => self.legal_sources.push(src),
            }
        }
        Ok(())
    }

    /// Rebuilds the word lists and lookup tables. With `check = Some(file)`, two spellings of
    /// different agencies with one key in the same layer are an error naming the file.
    fn compile(&mut self, check: Option<&str>) -> Result<(), RegistryError> {
        self.timeline =
            std::sync::Arc::new(crate::timeline::TimelineVocabulary::new(&self.timeline_raw));
        self.drop_words = self
            .drop_words_raw
            .iter()
            .map(|w| fold_word(w.trim()))
            .collect();
        // Suffixes and head words are keyed like mentions (abbreviations expanded, fillers
        // dropped) but never suffix-stripped themselves.
        let no_province: &[String] = &[];
        let mut suffixes: Vec<Vec<String>> = self
            .suffixes_raw
            .iter()
            .map(|s| self.words(s, no_province))
            .filter(|s| !s.is_empty())
            .collect();
        suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        suffixes.dedup();
        self.suffixes = suffixes;
        let mut prefixes: Vec<Vec<String>> = self
            .prefixes_raw
            .iter()
            .map(|s| self.words(s, no_province))
            .filter(|s| !s.is_empty())
            .collect();
        prefixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        prefixes.dedup();
        self.prefixes = prefixes;
        self.head_words = self
            .head_words_raw
            .iter()
            .map(|s| self.words(s, no_province))
            .filter(|s| !s.is_empty())
            .collect();
        let mut units: Vec<Vec<String>> = self
            .local_units_raw
            .iter()
            .map(|s| split_words(&clean(s)).map(fold_word).collect::<Vec<_>>())
            .filter(|s: &Vec<String>| !s.is_empty())
            .collect();
        units.sort_by_key(|s| std::cmp::Reverse(s.len()));
        units.dedup();
        self.local_units = units;

        let mut index: HashMap<String, (usize, u32)> = HashMap::new();
        let mut alias_keys = Vec::new();
        let mut prefix_keys = Vec::new();
        for (i, a) in self.agencies.iter().enumerate() {
            let name = (!a.patch).then_some((&a.name, a.name_layer));
            let spellings = name
                .into_iter()
                .chain(a.aliases.iter().zip(a.alias_layers.iter().copied()));
            for (alias, layer) in spellings {
                let key = self.key_tokens(alias, no_province);
                if key.is_empty() {
                    if let Some(file) = check {
                        return Err(RegistryError::EmptyKey {
                            file: file.to_string(),
                            alias: alias.clone(),
                            id: a.id.clone(),
                        });
                    }
                    continue;
                }
                let joined = key.join(" ");
                match index.get(&joined) {
                    Some(&(j, l)) if j != i && l == layer => {
                        if let Some(file) = check {
                            return Err(RegistryError::AliasConflict {
                                file: file.to_string(),
                                alias: alias.clone(),
                                key: joined,
                                id: a.id.clone(),
                                other: self.agencies[j].id.clone(),
                            });
                        }
                    }
                    Some(&(_, l)) if l > layer => {}
                    _ => {
                        index.insert(joined, (i, layer));
                    }
                }
                alias_keys.push((key, i));
            }
            for p in &a.prefixes {
                let key = self.words(p, no_province);
                if !key.is_empty() {
                    prefix_keys.push((key, i));
                }
            }
        }
        prefix_keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        self.index = index.into_iter().map(|(k, (i, _))| (k, i)).collect();
        // Fuzzy matching may only pick an agency whose key the exact index still points to.
        alias_keys.retain(|(k, i)| self.index.get(&k.join(" ")) == Some(i));
        self.alias_keys = alias_keys;
        self.prefix_keys = prefix_keys;
        let key = self
            .index
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(0);
        let prefix = self
            .prefix_keys
            .iter()
            .map(|(k, _)| k.len())
            .max()
            .unwrap_or(0);
        self.longest = (key, prefix);
        let mut province_index = HashMap::new();
        for (i, p) in self.provinces.iter().enumerate() {
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                let k = self.province_key(n);
                if !k.is_empty() {
                    province_index.entry(k.join(" ")).or_insert(i);
                }
            }
        }
        self.province_index = province_index;
        Ok(())
    }

    /// Folded words of a text with abbreviations expanded, filler words and the province name
    /// dropped (no suffix stripping).
    pub(crate) fn words(&self, text: &str, province: &[String]) -> Vec<String> {
        let text = without_parentheses(&clean(text));
        let mut out: Vec<String> = Vec::new();
        for chunk in split_words(&text) {
            let folded = fold_word(chunk.trim_matches(|c: char| c == '.' || c == '-'));
            if folded.is_empty() {
                continue;
            }
            if let Some((exp, _)) = self.abbreviations.get(&folded) {
                out.extend(exp.iter().cloned());
                continue;
            }
            for part in folded.split(is_connector_part).filter(|p| !p.is_empty()) {
                match self.abbreviations.get(part) {
                    Some((exp, _)) => out.extend(exp.iter().cloned()),
                    None => out.push(part.to_string()),
                }
            }
        }
        out.retain(|w| !self.drop_words.contains(w));
        self.drop_province(&mut out, province);
        out
    }

    /// [`Registry::words`] without the province step (see [`Registry::drop_province`]): the
    /// words of a run of pieces are their pieces' words one after the other.
    pub(crate) fn raw_words(&self, text: &str) -> Vec<String> {
        self.words(text, &[])
    }

    /// The province's own name removed from words; in a centrally-run city, a closing
    /// "thành phố" read as the provincial level.
    pub(crate) fn drop_province(&self, out: &mut Vec<String>, province: &[String]) {
        let (city, province) = match province.split_first() {
            Some((mark, rest)) if mark == CITY_MARK => (true, rest),
            _ => (false, province),
        };
        if !province.is_empty() && province.len() <= out.len() {
            let mut i = 0;
            while i + province.len() <= out.len() {
                if out[i..i + province.len()] == *province {
                    out.drain(i..i + province.len());
                } else {
                    i += 1;
                }
            }
        }
        // In a centrally-run city, "thành phố" closing a name is the provincial level.
        if city && out.len() > 2 && out.ends_with(&["thành".to_string(), "phố".to_string()]) {
            let n = out.len() - 2;
            out.truncate(n);
            out.push("tỉnh".to_string());
        }
    }

    /// The matching key of a text as words: [`Registry::words`] with optional suffixes
    /// stripped from the end, as long as something remains.
    pub(crate) fn key_tokens(&self, text: &str, province: &[String]) -> Vec<String> {
        self.strip_suffixes(self.words(text, province))
    }

    /// The longest spelling key and the longest prefix, in words: a key longer than the first
    /// matches no spelling.
    pub(crate) fn longest_spellings(&self) -> (usize, usize) {
        self.longest
    }

    /// Whether `words` are a role prefix alone ("Lãnh đạo" on its own line).
    pub(crate) fn is_role(&self, words: &[String]) -> bool {
        self.prefixes.iter().any(|p| p.as_slice() == words)
    }

    /// [`Registry::words`] with a role prefix stripped from the start ("Lãnh đạo Sở Y tế" is
    /// matched as "Sở Y tế": `normalize.role_prefixes`) and the optional suffixes from the
    /// end, as long as something remains.
    pub(crate) fn strip_suffixes(&self, words: Vec<String>) -> Vec<String> {
        let mut w = words;
        if let Some(p) = self
            .prefixes
            .iter()
            .find(|p| p.len() < w.len() && w.starts_with(p))
        {
            w.drain(..p.len());
        }
        loop {
            let hit = self
                .suffixes
                .iter()
                .find(|s| s.len() < w.len() && w.ends_with(s));
            match hit {
                Some(s) => {
                    let n = w.len() - s.len();
                    w.truncate(n);
                }
                None => return w,
            }
        }
    }

    /// The matching key of a text, words joined by spaces ("Sở TT&TT" → "sở thông tin truyền
    /// thông"). Equal keys mean the same agency.
    pub fn key(&self, text: &str) -> String {
        self.key_tokens(text, &[]).join(" ")
    }

    /// The province's name as words, for [`Registry::resolve_in`]; for a centrally-run city
    /// (a `[[province]]` with `city = true`) led by a marker so that "thành phố" at the end of
    /// a mention is read as the provincial level ("Sở Nội vụ thành phố" = "Sở Nội vụ tỉnh").
    pub(crate) fn province_words(&self, province: Option<&str>) -> Vec<String> {
        let Some(name) = province else {
            return Vec::new();
        };
        let mut w = self.words(name, &[]);
        if let Some(p) = self.province(name) {
            let own = self.province_key(&p.name);
            if !own.is_empty() {
                w = own;
            }
            if p.city {
                w.insert(0, CITY_MARK.to_string());
            }
        }
        w
    }

    /// Resolves one mention (already split from its cell) without a province context.
    pub fn resolve(&self, mention: &str) -> Option<&Agency> {
        self.resolve_in(mention, None)
    }

    /// Resolves one mention; the province's own name ("tỉnh Bắc Giang" in "UBND tỉnh Bắc
    /// Giang") is ignored when given.
    pub fn resolve_in(&self, mention: &str, province: Option<&str>) -> Option<&Agency> {
        let p = self.province_words(province);
        self.lookup(&self.key_tokens(mention, &p), true)
            .map(|(i, _)| &self.agencies[i])
    }

    /// Looks up a key: exact alias, then initials, then (when `allow_prefix`) prefixes.
    pub(crate) fn lookup(&self, key: &[String], allow_prefix: bool) -> Option<(usize, MatchKind)> {
        if key.is_empty() {
            return None;
        }
        if let Some(&i) = self.index.get(&key.join(" ")) {
            return Some((i, MatchKind::Alias));
        }
        if key.iter().any(|w| initials_candidate(w)) {
            let mut found: Option<usize> = None;
            let first_is_initials = initials_candidate(&key[0]);
            for (alias, i) in &self.alias_keys {
                // Cheap tests first: the alias is at least as long, and starts the same way
                // unless the key's first word stands for initials.
                if alias.len() < key.len() || (!first_is_initials && alias.first() != key.first()) {
                    continue;
                }
                if found == Some(*i) || !initials_match(key, alias) {
                    continue;
                }
                if found.is_some() {
                    return None; // ambiguous abbreviation: leave it unresolved
                }
                found = Some(*i);
            }
            if let Some(i) = found {
                return Some((i, MatchKind::Initials));
            }
        }
        if allow_prefix {
            for (p, i) in &self.prefix_keys {
                if p.len() <= key.len() && key.starts_with(p) {
                    return Some((*i, MatchKind::Prefix));
                }
            }
        }
        None
    }

    /// The agency one of whose `cell_prefixes` starts this whole cell.
    pub(crate) fn cell_match(&self, cell: &str, province: &[String]) -> Option<usize> {
        let words = self.words(cell, province);
        self.agencies.iter().position(|a| {
            a.cell_prefixes.iter().any(|p| {
                let p = self.words(p, &[]);
                !p.is_empty() && words.starts_with(&p)
            })
        })
    }

    /// The agency whose `prefixes` start these words (longest prefix first), and the
    /// prefix's length in words.
    pub(crate) fn prefix_match(&self, words: &[String]) -> Option<(usize, usize)> {
        self.prefix_keys
            .iter()
            .find(|(p, _)| !p.is_empty() && p.len() <= words.len() && words.starts_with(p))
            .map(|(p, i)| (*i, p.len()))
    }

    /// Whether words (as from [`Registry::words`]) start with a head word ("sở", "ubnd" …).
    pub(crate) fn starts_with_head(&self, words: &[String]) -> bool {
        self.head_words
            .iter()
            .any(|h| h.len() <= words.len() && words.starts_with(h))
    }

    /// A named local unit the registry does not list, known by its form: an optional role
    /// ("Lãnh đạo"), an optional "UBND" / "Ủy ban nhân dân", a unit word of
    /// `normalize.local_units` ("xã", "phường", "thị trấn" …) and a proper name after it
    /// (capitalised, or a number: "UBND xã Hòa Ninh", "Phường 3 Bảo Lộc"). Gives its id
    /// (`local:` and the slug of the unit and name) and its name (as written from the "UBND" or
    /// the unit word on). "UBND xã theo chức năng" names no unit.
    pub(crate) fn local_unit(&self, text: &str) -> Option<(String, String)> {
        let cleaned = clean(text);
        let words: Vec<&str> = split_words(&cleaned).collect();
        let folded: Vec<String> = words.iter().map(|w| fold_word(w)).collect();
        let mut i = 0;
        if let Some(p) = self
            .prefixes
            .iter()
            .find(|p| p.len() < folded.len() && folded.starts_with(p))
        {
            i = p.len();
        }
        let start = i;
        let committee: [&[&str]; 3] = [
            &["ubnd"],
            &["ủy", "ban", "nhân", "dân"],
            &["uỷ", "ban", "nhân", "dân"],
        ];
        if let Some(c) = committee.iter().find(|c| {
            folded.len() >= i + c.len()
                && folded[i..i + c.len()]
                    .iter()
                    .zip(c.iter())
                    .all(|(a, b)| a == b)
        }) {
            i += c.len();
        }
        let unit_at = i;
        let unit = self
            .local_units
            .iter()
            .find(|u| folded.len() > i + u.len() && folded[i..].starts_with(u))?;
        i += unit.len();
        let named = words[i]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if !named {
            return None;
        }
        let id = format!("local:{}", slug(&folded[unit_at..].join(" ")));
        // As written from the committee or unit word on ("UBND phường Lâm Viên - Đà Lạt").
        let from = words[start].as_ptr() as usize - cleaned.as_ptr() as usize;
        let name = cleaned.get(from..).map_or_else(
            || words[start..].join(" "),
            |t| t.split_whitespace().collect::<Vec<_>>().join(" "),
        );
        Some((id, name))
    }

    /// The id given to a mention the registry does not know: `unknown:` and the key's slug.
    pub(crate) fn unknown_id(key: &[String], text: &str) -> String {
        let s = slug(&key.join(" "));
        if s.is_empty() {
            format!("unknown:{}", slug(text))
        } else {
            format!("unknown:{s}")
        }
    }
}

impl Registry {
    /// This registry computing `current_id` as of `date` instead of today.
    pub fn with_as_of(mut self, date: Date) -> Registry {
        self.as_of = Some(date);
        self
    }

    /// The date `current_id` is computed for: the one given to [`Registry::with_as_of`], else
    /// today (UTC).
    pub fn as_of(&self) -> Date {
        self.as_of.unwrap_or_else(today)
    }

    /// Every province and centrally-run city the registry knows, with its history.
    pub fn provinces(&self) -> &[Province] {
        &self.provinces
    }

    /// The timeline wordings (`[timeline]` of the registry files).
    pub fn timeline_vocabulary(&self) -> &crate::timeline::TimelineVocabulary {
        &self.timeline
    }

    /// Every legal act the registry cites.
    pub fn legal_sources(&self) -> &[LegalSource] {
        &self.legal_sources
    }

    /// How a `source` field is cited: the `[[source]]` title when it is a source id, else the
    /// text itself.
    pub fn cite(&self, source: &str) -> String {
        self.legal_sources
            .iter()
            .find(|s| s.id == source)
            .map_or_else(|| source.to_string(), |s| s.title.clone())
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.agencies.iter().position(|a| a.id == id)
    }

    /// The id that holds the duties of agency `id` at the [`Registry::as_of`] date, following
    /// successors through every reorganisation that ended before it, and the acts cited on the
    /// way (joined by "; "). `(None, …)` when a body on the way was abolished without a
    /// successor; `(Some(id), None)` when nothing changed.
    pub fn current(&self, id: &str) -> (Option<String>, Option<String>) {
        let as_of = self.as_of();
        let mut cited: Vec<String> = Vec::new();
        let Some(mut i) = self.index_of(id) else {
            return (None, None);
        };
        // A chain is at most as long as the registry (a cycle is cut there).
        for _ in 0..=self.agencies.len() {
            let a = &self.agencies[i];
            match a.valid_to {
                Some(end) if end < as_of => {
                    if let Some(src) = &a.source {
                        let c = self.cite(src);
                        if !cited.contains(&c) {
                            cited.push(c);
                        }
                    }
                    let next = a.successors.first().and_then(|s| self.index_of(s));
                    match next {
                        Some(j) => i = j,
                        None => return (None, join_cited(cited)),
                    }
                }
                _ => return (Some(a.id.clone()), join_cited(cited)),
            }
        }
        (None, join_cited(cited))
    }

    /// The province (or centrally-run city) a document names ("Bắc Giang", "Thành phố Hà Nội",
    /// "TP. Hồ Chí Minh"), matched on its name and aliases.
    pub fn province(&self, name: &str) -> Option<&Province> {
        let key = self.province_key(name);
        if key.is_empty() {
            return None;
        }
        self.province_index
            .get(&key.join(" "))
            .and_then(|&i| self.provinces.get(i))
    }

    fn province_key(&self, name: &str) -> Vec<String> {
        let mut w = self.words(name, &[]);
        for lead in [&["thành", "phố"][..], &["tỉnh"][..], &["tp"][..]] {
            if w.len() > lead.len() && w.iter().zip(lead).all(|(a, b)| a == b) {
                w.drain(..lead.len());
            }
        }
        w
    }

    /// The province `name` belongs to at the [`Registry::as_of`] date ("Bắc Giang" → "Bắc
    /// Ninh" from 2025-07-01), with the acts cited. `None` for a province the registry does
    /// not know.
    pub fn province_now(&self, name: &str) -> Option<(String, Option<String>)> {
        let as_of = self.as_of();
        let mut p = self.province(name)?;
        let mut cited: Vec<String> = Vec::new();
        for _ in 0..=self.provinces.len() {
            match (p.valid_to, &p.successor) {
                (Some(end), Some(next)) if end < as_of => {
                    if let Some(src) = &p.source {
                        cited.push(self.cite(src));
                    }
                    p = self.provinces.iter().find(|q| &q.id == next)?;
                }
                _ => return Some((p.name.clone(), join_cited(cited))),
            }
        }
        None
    }

    /// Every successor id names an agency, every province successor a province.
    fn check_successors(&self, file: &str) -> Result<(), RegistryError> {
        for a in &self.agencies {
            for s in &a.successors {
                if self.index_of(s).is_none() {
                    return Err(RegistryError::UnknownSuccessor {
                        file: file.to_string(),
                        id: a.id.clone(),
                        successor: s.clone(),
                    });
                }
            }
        }
        for p in &self.provinces {
            if let Some(s) = &p.successor {
                if !self.provinces.iter().any(|q| &q.id == s) {
                    return Err(RegistryError::UnknownSuccessor {
                        file: file.to_string(),
                        id: p.id.clone(),
                        successor: s.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// The text without its parenthesised qualifiers ("Văn phòng UBND tỉnh (Trung tâm Thông
/// tin)" is matched as "Văn phòng UBND tỉnh"); an unbalanced parenthesis is kept.
fn without_parentheses(text: &str) -> String {
    if !text.contains('(') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        match rest[open..].find(')') {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push(' ');
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

fn join_cited(cited: Vec<String>) -> Option<String> {
    (!cited.is_empty()).then(|| cited.join("; "))
}

fn parse_date(
    file: &str,
    id: &str,
    field: &'static str,
    value: Option<&str>,
) -> Result<Option<Date>, RegistryError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => Date::parse_iso(v)
            .map(Some)
            .ok_or_else(|| RegistryError::BadDate {
                file: file.to_string(),
                id: id.to_string(),
                field,
                value: v.to_string(),
            }),
    }
}

/// Today's date (UTC) from the system clock.
pub(crate) fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

impl Default for Registry {
    fn default() -> Self {
        Registry::builtin()
    }
}

/// A word that may be an abbreviation of several words: letters only, 2–8 of them, no tone.
fn initials_candidate(w: &str) -> bool {
    let n = w.chars().count();
    (2..=8).contains(&n) && w.chars().all(char::is_alphabetic) && !has_tone(w)
}

fn initial(w: &str) -> Option<char> {
    w.chars().next().map(ascii_letter)
}

/// Whether `key` spells `alias` with some words written as the initials of several alias words
/// ("sở thông tin tt" ~ "sở thông tin truyền thông", "sở kh đt" ~ "sở kế hoạch đầu tư").
fn initials_match(key: &[String], alias: &[String]) -> bool {
    let (m, n) = (key.len(), alias.len());
    if m > n {
        return false;
    }
    // reach[i][j]: key[..i] spells alias[..j]
    let mut reach = vec![vec![false; n + 1]; m + 1];
    reach[0][0] = true;
    for i in 0..m {
        for j in 0..n {
            if !reach[i][j] {
                continue;
            }
            if key[i] == alias[j] {
                reach[i + 1][j + 1] = true;
            }
            if initials_candidate(&key[i]) {
                let letters: Vec<char> = key[i].chars().map(ascii_letter).collect();
                let k = letters.len();
                if j + k <= n
                    && alias[j..j + k]
                        .iter()
                        .zip(&letters)
                        .all(|(w, l)| initial(w) == Some(*l))
                {
                    reach[i + 1][j + k] = true;
                }
            }
        }
    }
    reach[m][n]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn initials() {
        assert!(initials_match(
            &w("sở thông tin tt"),
            &w("sở thông tin truyền thông")
        ));
        assert!(initials_match(&w("sở kh đt"), &w("sở kế hoạch đầu tư")));
        assert!(initials_match(&w("sở kh dt"), &w("sở kế hoạch đầu tư")));
        assert!(!initials_match(&w("sở kh"), &w("sở kế hoạch đầu tư")));
        assert!(!initials_match(&w("sở tư pháp"), &w("sở tài chính")));
    }

    #[test]
    fn builtin_loads() {
        let r = Registry::builtin();
        assert!(r.agencies().len() > 40);
        assert_eq!(r.sources(), [BUILTIN_NAME]);
    }
}
