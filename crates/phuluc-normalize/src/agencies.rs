//! Splitting a lead/partners cell into agency mentions and resolving each one.
//!
//! A cell is first cut into *segments* at every possible separator, remembering how strong each
//! cut is:
//!
//! * **hard** — ";" and list bullets ("- ", "+ ", "•" at the start of a line): always a split
//!   (but a "- " opening a later line of a cell whose first line has no bullet is a spaced dash
//!   wrapped there: soft);
//! * **comma** — ",": a split unless the registry knows a name spanning it ("Sở Văn hóa, Thể
//!   thao và Du lịch", "UBND huyện, thành phố", "Các Sở, ngành");
//! * **soft** — a joining "và", a spaced " - ", a line break before a head word ("Sở", "UBND",
//!   "Hội" … from the registry's `head_words`): a split unless the registry knows a name spanning
//!   it; two pieces the registry knows neither of stay together unless the second starts with a
//!   head word. Any other line break is a wrapped line: plain white space.
//!
//! Then, left to right, each mention is the longest run of segments (never across a hard cut)
//! that the registry resolves; a segment the registry cannot place becomes an unknown mention.

use crate::registry::{MatchKind, Registry};
use crate::text::clean;
use phuluc_model::{AgencyKind, AgencyMention};
use regex::Regex;
use std::sync::OnceLock;

/// How many segments one mention may span at most.
const MAX_SPAN: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cut {
    Soft,
    Comma,
    Hard,
}

fn separators() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?m)(?P<bullet>^[ \t]*[-+•*][ \t]*)|(?P<hard>;)|(?P<comma>,)|(?P<nl>[ \t]*\r?\n)|(?P<va>\b[vV][àÀ]\b)|(?P<dash>[ \t]+-[ \t]+)",
        )
        .unwrap_or_else(|e| panic!("separator regex: {e}"))
    })
}

fn trim_segment(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = |c: char| c.is_whitespace() || matches!(c, '-' | '+' | '•' | '*' | '.' | ':');
    let trail = |c: char| c.is_whitespace() || matches!(c, '-' | '.' | ':' | ',' | ';');
    let t = s.trim_start_matches(lead);
    let a = start + (s.len() - t.len());
    let t = t.trim_end_matches(trail);
    (a, a + t.len())
}

/// Segments (byte ranges of `text`) and the cut after each but the last. `head_line` tells
/// whether a line starts an agency name (else its line break is just a wrapped line).
fn segments(text: &str, head_line: impl Fn(&str) -> bool) -> (Vec<(usize, usize)>, Vec<Cut>) {
    let mut segs = Vec::new();
    let mut cuts = Vec::new();
    let mut pending: Option<Cut> = None;
    let mut pos = 0;
    // Whether the cell is a bulleted list (its first line opens with a bullet).
    let listed = text.trim_start().starts_with(['-', '+', '•', '*']);
    let mut push = |from: usize, to: usize, pending: &mut Option<Cut>| {
        let (a, b) = trim_segment(text, from, to);
        if a < b {
            if !segs.is_empty() {
                cuts.push(pending.unwrap_or(Cut::Soft));
            }
            segs.push((a, b));
            *pending = None;
        }
    };
    for caps in separators().captures_iter(text) {
        let Some(m) = caps.get(0) else { continue };
        if caps.name("nl").is_some() {
            // The words up to the next comma or semicolon, so that "các\nhuyện" counts.
            let next = text[m.end()..].split([',', ';']).next().unwrap_or("");
            if !head_line(next) {
                continue; // a wrapped line
            }
        }
        push(pos, m.start(), &mut pending);
        // A dash opening a later line of a cell whose first line has no bullet is a spaced
        // dash wrapped onto the next line ("Sở Lao động\n- Thương binh và Xã hội").
        let wrapped_dash = caps
            .name("bullet")
            .is_some_and(|b| b.start() > 0 && b.as_str().trim() == "-" && !listed);
        let cut = if wrapped_dash {
            Cut::Soft
        } else if caps.name("bullet").is_some() || caps.name("hard").is_some() {
            Cut::Hard
        } else if caps.name("comma").is_some() {
            Cut::Comma
        } else {
            Cut::Soft
        };
        pending = Some(pending.map_or(cut, |p| p.max(cut)));
        pos = m.end();
    }
    push(pos, text.len(), &mut pending);
    (segs, cuts)
}

/// One mention found in a cell: its span (whitespace collapsed) and what it resolved to.
#[derive(Debug, Clone)]
struct Found {
    text: String,
    resolved: Option<(usize, MatchKind)>,
    key: Vec<String>,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find_mentions(cell: &str, reg: &Registry, province: &[String]) -> Vec<Found> {
    let text = clean(cell);
    // A cell that only refers elsewhere ("Theo phân công tại Quyết định số …") is one mention.
    if let Some(idx) = reg.cell_match(&text, province) {
        let whole = collapse(text.trim().trim_end_matches(['.', ';', ',']));
        return vec![Found {
            key: reg.key_tokens(&whole, province),
            text: whole,
            resolved: Some((idx, MatchKind::Prefix)),
        }];
    }
    let (segs, cuts) = segments(&text, |line| {
        let t = line.trim_start();
        // A name starts with a capital: "trường" wrapped from "Môi trường" is not "Trường …".
        t.starts_with(['-', '+', '•', '*'])
            || t.chars().next().is_some_and(char::is_uppercase)
                && reg.starts_with_head(&reg.words(t, province))
    });
    // A piece of filler words only ("các" on its own line), or a role alone ("Lãnh đạo"),
    // belongs to the piece after it.
    let (mut segs, mut cuts) = (segs, cuts);
    let mut k = 0;
    while k + 1 < segs.len() {
        let (a, b) = segs[k];
        let words = reg.words(&text[a..b], province);
        if cuts[k] == Cut::Soft && (words.is_empty() || reg.is_role(&words)) {
            segs[k + 1].0 = a;
            segs.remove(k);
            cuts.remove(k);
        } else {
            k += 1;
        }
    }
    let n = segs.len();
    let span = |i: usize, j: usize| &text[segs[i].0..segs[j].1];
    // The furthest segment reachable from i without crossing a hard cut.
    let limit = |i: usize| {
        let mut j = i;
        while j + 1 < n && j + 1 - i < MAX_SPAN && cuts[j] != Cut::Hard {
            j += 1;
        }
        j
    };
    // Every run of pieces from `i` that the registry resolves: a name or alias over one or
    // more pieces, a prefix rule on one piece, or a prefix that itself spans the cut ("Các
    // tổ chức, cá nhân hoạt động …" for "tổ chức, cá nhân"), which ends where it is complete.
    type Run = (usize, usize, MatchKind, Vec<String>);
    // Each piece's own words, once; a run's words are its pieces' words one after the other
    // (the province's name dropped from the whole run), except across a parenthesis.
    let piece_words: Vec<Vec<String>> = (0..n).map(|k| reg.words(span(k, k), province)).collect();
    let piece_raw: Vec<Vec<String>> = (0..n).map(|k| reg.raw_words(span(k, k))).collect();
    let paren: Vec<bool> = (0..n).map(|k| span(k, k).contains(['(', ')'])).collect();
    let run_words = |i: usize, j: usize| -> Vec<String> {
        if i == j {
            return piece_words[i].clone();
        }
        if paren[i..=j].iter().any(|&p| p) {
            return reg.words(span(i, j), province);
        }
        let mut w: Vec<String> = piece_raw[i..=j].iter().flatten().cloned().collect();
        reg.drop_province(&mut w, province);
        w
    };
    let (max_key, max_prefix) = reg.longest_spellings();
    let runs_from = |i: usize| -> Vec<Run> {
        let mut out = Vec::new();
        let mut before = 0; // words of pieces i..j-1
        for j in i..=limit(i) {
            // A piece of filler words only ("các") never ends a longer mention.
            if j > i && piece_words.get(j).is_some_and(Vec::is_empty) {
                continue;
            }
            let words = run_words(i, j);
            let key = reg.strip_suffixes(words.clone());
            if key.len() <= max_key {
                if let Some((idx, how)) = reg.lookup(&key, i == j) {
                    out.push((j, idx, how, key));
                    before = words.len();
                    continue;
                }
            } else if before >= max_prefix {
                break; // longer runs can match neither a spelling nor a prefix ending in them
            }
            if j > i {
                if let Some((idx, len)) = reg.prefix_match(&words) {
                    if len > before {
                        out.push((j, idx, MatchKind::Prefix, key));
                    }
                }
            }
            before = words.len();
        }
        out
    };
    let runs: Vec<Vec<Run>> = (0..n).map(runs_from).collect();
    // Where an unknown mention starting at `i` ends: it keeps following pieces across soft
    // cuts while they do not start an agency.
    let unknown_end = |i: usize| {
        let mut j = i;
        while j + 1 < n && cuts[j] == Cut::Soft {
            if reg.starts_with_head(&piece_words[j + 1]) || !runs[j + 1].is_empty() {
                break;
            }
            j += 1;
        }
        j
    };
    // The best reading of pieces k.. : fewest unknown mentions, then fewest splits at a comma
    // (a comma inside a known name is kept; "và" and line breaks join names more often than
    // commas cut them), then fewest mentions.
    type Cost = (usize, usize, usize);
    let mut best: Vec<Option<(Cost, usize, Option<usize>)>> = vec![None; n + 1];
    best[n] = Some(((0, 0, 0), n, None));
    for k in (0..n).rev() {
        let mut choice: Option<(Cost, usize, Option<usize>)> = None;
        let mut consider = |end: usize, unknown: bool, run: Option<usize>| {
            let Some((rest, _, _)) = best[end + 1] else {
                return;
            };
            let comma = usize::from(end + 1 < n && cuts[end] == Cut::Comma);
            let cost = (rest.0 + usize::from(unknown), rest.1 + comma, rest.2 + 1);
            if choice.is_none_or(|(c, _, _)| cost < c) {
                choice = Some((cost, end, run));
            }
        };
        if runs[k].is_empty() {
            consider(unknown_end(k), true, None);
        } else {
            for (r, run) in runs[k].iter().enumerate().rev() {
                consider(run.0, false, Some(r));
            }
        }
        best[k] = choice;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let Some((_, j, run)) = best[i] else { break };
        match run.and_then(|r| runs[i].get(r)) {
            Some((_, idx, how, key)) => out.push(Found {
                text: collapse(span(i, j)),
                resolved: Some((*idx, *how)),
                key: key.clone(),
            }),
            None => out.push(Found {
                text: collapse(span(i, j)),
                resolved: None,
                key: reg.key_tokens(span(i, j), province),
            }),
        }
        i = j + 1;
    }
    out
}

/// Splits a lead/partners cell into mentions, in reading order, each resolved through the
/// registry. `province` (from the document metadata) lets "UBND tỉnh Bắc Giang" match
/// "UBND tỉnh". A mention the registry does not know is a named local unit when it reads as one
/// ([`Registry::local_unit`]: kind [`AgencyKind::PeoplesCommittee`], id `local:<slug>`), else it
/// gets kind [`AgencyKind::Unknown`], an id `unknown:<slug of its key>` and its own text as name.
pub fn split_agencies(
    cell: &str,
    registry: &Registry,
    province: Option<&str>,
) -> Vec<AgencyMention> {
    let p = registry.province_words(province);
    find_mentions(cell, registry, &p)
        .into_iter()
        .map(|f| match f.resolved {
            Some((idx, _)) => {
                let a = &registry.agencies()[idx];
                let (current_id, succession_source) = registry.current(&a.id);
                AgencyMention {
                    current_id,
                    succession_source,
                    mention: f.text,
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kind: a.kind,
                }
            }
            None => match registry.local_unit(&f.text) {
                // A named commune's, ward's or district's committee: known by its form.
                Some((id, name)) => AgencyMention {
                    current_id: None,
                    succession_source: None,
                    id,
                    name,
                    mention: f.text,
                    kind: AgencyKind::PeoplesCommittee,
                },
                None => AgencyMention {
                    current_id: None,
                    succession_source: None,
                    id: Registry::unknown_id(&f.key, &f.text),
                    name: f.text.clone(),
                    mention: f.text,
                    kind: AgencyKind::Unknown,
                },
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> Registry {
        Registry::builtin()
    }

    fn split(text: &str) -> Vec<(String, String)> {
        split_agencies(text, &reg(), None)
            .into_iter()
            .map(|m| (m.mention, m.id))
            .collect()
    }

    fn mentions(text: &str) -> Vec<String> {
        split(text).into_iter().map(|(m, _)| m).collect()
    }

    fn ids(text: &str) -> Vec<String> {
        split(text).into_iter().map(|(_, i)| i).collect()
    }

    #[test]
    fn names_with_commas_and_va_stay_whole() {
        for name in [
            "Các Sở, ngành",
            "UBND huyện, thành phố",
            "UBND các huyện, thị xã, thành phố",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Kế hoạch và Đầu tư",
            "Sở Lao động - Thương binh và Xã hội",
            "Các sở, cơ quan, đơn vị thuộc UBND tỉnh",
            "Các Sở, ban, ngành trực thuộc UBND tỉnh",
        ] {
            assert_eq!(mentions(name), [name], "{name}");
        }
    }

    #[test]
    fn named_local_units_are_known_by_their_form() {
        let reg = Registry::builtin();
        let m = split_agencies(
            "Lãnh đạo UBND xã Hòa Ninh; UBND phường Lâm Viên - Đà Lạt; Phường 3 Bảo Lộc",
            &reg,
            None,
        );
        let got: Vec<(&str, &str, AgencyKind)> = m
            .iter()
            .map(|a| (a.id.as_str(), a.name.as_str(), a.kind))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "local:xa-hoa-ninh",
                    "UBND xã Hòa Ninh",
                    AgencyKind::PeoplesCommittee
                ),
                (
                    "local:phuong-lam-vien-da-lat",
                    "UBND phường Lâm Viên - Đà Lạt",
                    AgencyKind::PeoplesCommittee
                ),
                (
                    "local:phuong-3-bao-loc",
                    "Phường 3 Bảo Lộc",
                    AgencyKind::PeoplesCommittee
                ),
            ]
        );
        // The group stays a group; a unit word without a proper name is no named unit.
        assert_eq!(ids("UBND cấp xã"), ["group:commune-pcs"]);
        let vague = split_agencies("UBND xã theo chức năng", &reg, None);
        assert_eq!(vague[0].kind, AgencyKind::Unknown, "{vague:?}");
    }

    #[test]
    fn a_spaced_dash_wrapped_to_the_next_line_is_not_a_bullet() {
        assert_eq!(
            ids("Sở Giáo dục và Đào tạo; Sở Lao động\n- Thương binh và Xã hội; Sở Tư pháp"),
            ["so-gddt", "so-ldtbxh", "so-tu-phap"]
        );
        // In a bulleted list each dash opens an item.
        assert_eq!(ids("- Sở Tư pháp\n- Sở Y tế"), ["so-tu-phap", "so-y-te"]);
    }

    #[test]
    fn a_role_before_an_agency_is_the_agencys() {
        assert_eq!(
            split("Lãnh đạo Sở Y tế"),
            [("Lãnh đạo Sở Y tế".to_string(), "so-y-te".to_string())]
        );
        // A role alone on its line belongs to the agency on the next, known or not.
        assert_eq!(
            split("Lãnh đạo\nSở Giáo dục và Đào tạo"),
            [(
                "Lãnh đạo Sở Giáo dục và Đào tạo".to_string(),
                "so-gddt".to_string()
            )]
        );
        assert_eq!(mentions("Lãnh đạo\nUBND xã Hòa Ninh").len(), 1);
    }

    #[test]
    fn separators_split() {
        assert_eq!(
            mentions("Các sở, ngành, các huyện, TP; các ĐVSN công lập"),
            ["Các sở, ngành", "các huyện, TP", "các ĐVSN công lập"]
        );
        assert_eq!(
            mentions("- Sở Nội vụ\n- Sở Tài chính\n+ Sở Tư pháp."),
            ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp"]
        );
        assert_eq!(
            mentions("Sở Nội vụ\nSở Tư pháp"),
            ["Sở Nội vụ", "Sở Tư pháp"]
        );
        assert_eq!(
            mentions("Sở Tư pháp và Sở Nội vụ"),
            ["Sở Tư pháp", "Sở Nội vụ"]
        );
        assert_eq!(
            mentions("UBND cấp huyện, cấp xã"),
            ["UBND cấp huyện", "cấp xã"]
        );
        assert_eq!(mentions(""), Vec::<String>::new());
        assert_eq!(mentions(" ; , "), Vec::<String>::new());
    }

    #[test]
    fn wrapped_lines_rejoin() {
        assert_eq!(
            split("Các sở,\nngành,\nUBND\nhuyện,\nthành\nphố"),
            [
                (
                    "Các sở, ngành".to_string(),
                    "group:provincial-agencies".to_string()
                ),
                (
                    "UBND huyện, thành phố".to_string(),
                    "group:district-pcs".to_string()
                ),
            ]
        );
        assert_eq!(ids("Sở Thông tin và\nTruyền thông"), ["so-tttt"]);
    }

    #[test]
    fn va_splits_between_groups_by_prefix() {
        assert_eq!(
            split("Các Sở, ban, ngành có liên quan,các công ty CP thực hiện thoái vốn nhà nước và người đại diện phần vốn NN"),
            [
                ("Các Sở, ban, ngành có liên quan".to_string(), "group:provincial-agencies".to_string()),
                ("các công ty CP thực hiện thoái vốn nhà nước".to_string(), "group:enterprises".to_string()),
                ("người đại diện phần vốn NN".to_string(), "group:state-capital-representatives".to_string()),
            ]
        );
    }

    #[test]
    fn unknown_names_with_va_stay_whole() {
        let m = split_agencies(
            "Trung tâm Xúc tiến đầu tư và hỗ trợ doanh nghiệp",
            &reg(),
            None,
        );
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].kind, AgencyKind::Unknown);
        assert_eq!(
            m[0].id,
            "unknown:trung-tam-xuc-tien-dau-tu-ho-tro-doanh-nghiep"
        );
        // …but split before a head word.
        assert_eq!(
            mentions("Hội Khuyến học và Hội Người cao tuổi"),
            ["Hội Khuyến học", "Hội Người cao tuổi"]
        );
    }

    #[test]
    fn province_name_is_ignored() {
        let m = split_agencies(
            "UBND tỉnh Bắc Giang; Công an tỉnh Bắc Giang",
            &reg(),
            Some("Bắc Giang"),
        );
        let ids: Vec<_> = m.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["ubnd-tinh", "cong-an-tinh"]);
        assert_eq!(m[0].mention, "UBND tỉnh Bắc Giang");
    }
}
