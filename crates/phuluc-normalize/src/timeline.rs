//! Timeline cells ("Quý I/2022", "Triển khai 2022, hoàn thành 2025", "Hàng năm") → an
//! inclusive date interval and a recurrence.
//!
//! The text is cut into clauses at ",", ";" and line breaks. Each clause is a recurrence phrase
//! ("hàng năm", "định kỳ 6 tháng", "thường xuyên"), a condition ("Khi có Thông tư mới"), or an
//! optional marker ("từ", "triển khai" = start; "đến", "hoàn thành", "trước" = end) followed by a
//! period: year, year range, quarter(s), month(s), half year or date. The clauses are combined:
//! explicit bounds win, a recurrence fills missing bounds from the plan period. Any clause not
//! understood makes the whole cell unparsed.

use crate::text::fold_text;
use phuluc_model::{Date, Period, Recurrence};
use regex::Regex;
use std::sync::OnceLock;

/// The structured value of a timeline cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Timeline {
    /// Inclusive first day, when known.
    pub start: Option<Date>,
    /// Inclusive last day, when known.
    pub end: Option<Date>,
    pub recurrence: Option<Recurrence>,
}

/// The timeline wordings as a registry file writes them (`[timeline]`; see
/// `data/vocabulary.toml`). Lists from several files are unioned.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTimelineWords {
    #[serde(default)]
    annual: Vec<String>,
    #[serde(default)]
    semiannual: Vec<String>,
    #[serde(default)]
    quarterly: Vec<String>,
    #[serde(default)]
    monthly: Vec<String>,
    #[serde(default)]
    ongoing: Vec<String>,
    #[serde(default)]
    conditions: Vec<String>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    activity_words: Vec<String>,
    #[serde(default)]
    relative: std::collections::BTreeMap<String, Recurrence>,
}

impl RawTimelineWords {
    pub(crate) fn union(&mut self, other: RawTimelineWords) {
        for (dst, src) in [
            (&mut self.annual, other.annual),
            (&mut self.semiannual, other.semiannual),
            (&mut self.quarterly, other.quarterly),
            (&mut self.monthly, other.monthly),
            (&mut self.ongoing, other.ongoing),
            (&mut self.conditions, other.conditions),
            (&mut self.references, other.references),
            (&mut self.activity_words, other.activity_words),
        ] {
            for w in src {
                if !dst.contains(&w) {
                    dst.push(w);
                }
            }
        }
        self.relative.extend(other.relative);
    }
}

/// The wordings the timeline reader knows, compiled: rhythms ("hằng năm" → annual),
/// conditions ("Khi có …"), references ("Theo …"), activity words ("Ban hành …") and relative
/// rhythms ("tháng liền kề" → monthly). Built from the registry's `[timeline]` tables
/// ([`crate::Registry::timeline_vocabulary`]).
#[derive(Debug, Clone, Default)]
pub struct TimelineVocabulary {
    /// Most specific first: semiannual, quarterly, monthly, annual, ongoing.
    rhythms: Vec<(Regex, Recurrence)>,
    conditions: Vec<String>,
    references: Vec<String>,
    activity_words: Vec<String>,
    relative: Vec<(String, Recurrence)>,
}

impl TimelineVocabulary {
    pub(crate) fn new(raw: &RawTimelineWords) -> TimelineVocabulary {
        let fold = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|w| fold_text(w))
                .filter(|w| !w.is_empty())
                .collect()
        };
        let mut rhythms = Vec::new();
        for (words, r) in [
            (&raw.semiannual, Recurrence::Semiannual),
            (&raw.quarterly, Recurrence::Quarterly),
            (&raw.monthly, Recurrence::Monthly),
            (&raw.annual, Recurrence::Annual),
            (&raw.ongoing, Recurrence::Ongoing),
        ] {
            let mut words = fold(words);
            if words.is_empty() {
                continue;
            }
            // Longest first, so that a phrase is not cut by a shorter one it contains.
            words.sort_by_key(|w| std::cmp::Reverse(w.len()));
            let alt: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
            if let Ok(re) = Regex::new(&format!(r"\b(?:{})\b", alt.join("|"))) {
                rhythms.push((re, r));
            }
        }
        let mut relative: Vec<(String, Recurrence)> = raw
            .relative
            .iter()
            .map(|(k, r)| (fold_text(k), *r))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        relative.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        TimelineVocabulary {
            rhythms,
            conditions: fold(&raw.conditions),
            references: fold(&raw.references),
            activity_words: fold(&raw.activity_words),
            relative,
        }
    }

    /// The vocabulary of the built-in registry.
    pub fn builtin() -> &'static TimelineVocabulary {
        static V: OnceLock<TimelineVocabulary> = OnceLock::new();
        V.get_or_init(|| crate::Registry::builtin().timeline_vocabulary().clone())
    }

    fn starts_activity(&self, s: &str) -> bool {
        self.activity_words
            .iter()
            .any(|w| s.starts_with(w.as_str()))
    }
}

struct Patterns {
    filler: Regex,
    start_marker: Regex,
    end_marker: Regex,
    before_marker: Regex,
    year_range: Regex,
    year: Regex,
    quarter: Regex,
    month: Regex,
    week: Regex,
    date: Regex,
    day_month: Regex,
    half: Regex,
    whole_year: Regex,
    range_word: Regex,
}

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|e| panic!("timeline regex {s}: {e}"))
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        filler: re(r"^(?:thực hiện|tổ chức|trong giai đoạn|trong|giai đoạn|từ nay)(?:\s+|$)"),
        start_marker: re(
            r"^(?:(?:bắt đầu|triển khai)(?: thực hiện)?(?: từ)?|khởi công|từ)\s+",
        ),
        end_marker: re(
            r"^(?:hoàn thành|xong|kết thúc|đến hết|đến|tới|chậm nhất là|chậm nhất|hạn chót|hạn)(?:\s+(?:vào|trong))?\s+",
        ),
        before_marker: re(r"^trước\s+"),
        year_range: re(r"^(?:năm\s+)?([0-9]{4})\s*(?:-|đến|tới)\s*(?:năm\s+)?([0-9]{4})$"),
        year: re(r"^(?:năm\s+)?([0-9]{4})$"),
        quarter: re(
            r"^quý\s+([ivx]+|[0-9])(?:\s*(?:-|đến|và|,)\s*(?:quý\s+)?([ivx]+|[0-9]))?(?:\s*(?:/|năm|-)\s*([0-9]{4}))?$",
        ),
        month: re(
            r"^tháng\s+([0-9]{1,2})(?:\s*(?:-|đến|và|,)\s*(?:tháng\s+)?([0-9]{1,2}))?(?:\s*(?:/|năm|-)\s*([0-9]{4}))?$",
        ),
        week: re(
            r"^tuần\s+(?:thứ\s+)?([1-5]|cuối)\s+(?:của\s+)?tháng\s+([0-9]{1,2})(?:\s*(?:/|năm|-)\s*([0-9]{4}))?$",
        ),
        day_month: re(
            r"^ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})(?:\s+năm\s+([0-9]{4}))?$",
        ),
        date: re(r"^(?:ngày\s+)?([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})$"),
        half: re(r"^(?:6|sáu) tháng (đầu|cuối)(?: năm)?(?:\s*([0-9]{4}))?$"),
        whole_year: re(r"^(?:cả năm|trong năm|năm)$"),
        range_word: re(r"\s+(?:đến|tới)\s+|\s*-\s*"),
    })
}

/// A period named in a clause: inclusive first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: Date,
    end: Date,
}

/// Why a period could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Miss {
    /// The period is understood but names no year and the plan is not a one-year plan.
    NoYear,
    NotUnderstood,
}

fn year_span(y: i32) -> Option<Span> {
    Some(Span {
        start: Date::new(y, 1, 1)?,
        end: Date::new(y, 12, 31)?,
    })
}

fn month_span(y: i32, m1: u8, m2: u8) -> Option<Span> {
    if m1 > m2 {
        return None;
    }
    Some(Span {
        start: Date::new(y, m1, 1)?,
        end: Date::month_end(y, m2)?,
    })
}

fn roman(s: &str) -> Option<u8> {
    match s {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

fn plan_year(period: Option<Period>) -> Result<i32, Miss> {
    match period {
        Some(p) if p.start == p.end => Ok(p.start),
        _ => Err(Miss::NoYear),
    }
}

fn year_of(m: Option<regex::Match<'_>>, period: Option<Period>) -> Result<i32, Miss> {
    match m {
        Some(y) => y.as_str().parse().map_err(|_| Miss::NotUnderstood),
        None => plan_year(period),
    }
}

fn num(m: Option<regex::Match<'_>>) -> Option<u32> {
    m?.as_str().parse().ok()
}

/// One period expression ("2021-2025", "quý ii - iii/2024", "30/6/2024", "6 tháng đầu năm 2024")
/// and whether it names a range of periods (two ends) rather than one.
fn period_expr(s: &str, period: Option<Period>) -> Result<(Span, bool), Miss> {
    period_expr_in(s, period, true)
}

/// [`period_expr`]; `range` says whether the text may be two periods joined by a range word
/// (each side is then one period, never a range itself: linear, not exponential, in the
/// number of dashes).
fn period_expr_in(s: &str, period: Option<Period>, range: bool) -> Result<(Span, bool), Miss> {
    let p = patterns();
    let bad = Miss::NotUnderstood;
    if let Some(c) = p.year_range.captures(s) {
        let (a, b) = (num(c.get(1)).ok_or(bad)?, num(c.get(2)).ok_or(bad)?);
        if a > b {
            return Err(bad);
        }
        let (a, b) = (
            year_span(a as i32).ok_or(bad)?,
            year_span(b as i32).ok_or(bad)?,
        );
        let sp = Span {
            start: a.start,
            end: b.end,
        };
        return Ok((sp, true));
    }
    if let Some(c) = p.year.captures(s) {
        return Ok((
            year_span(num(c.get(1)).ok_or(bad)? as i32).ok_or(bad)?,
            false,
        ));
    }
    if p.whole_year.is_match(s) {
        // "Cả năm" in a plan of several years: all year round, every year of the plan.
        if let Some(pp) = period.filter(|pp| s == "cả năm" && pp.start != pp.end) {
            let start = Date::new(pp.start, 1, 1).ok_or(bad)?;
            let end = Date::new(pp.end, 12, 31).ok_or(bad)?;
            return Ok((Span { start, end }, true));
        }
        return Ok((year_span(plan_year(period)?).ok_or(bad)?, false));
    }
    if let Some(c) = p.quarter.captures(s) {
        let q1 = c.get(1).and_then(|m| roman(m.as_str())).ok_or(bad)?;
        let q2 = match c.get(2) {
            Some(m) => roman(m.as_str()).ok_or(bad)?,
            None => q1,
        };
        let y = year_of(c.get(3), period)?;
        let sp = month_span(y, q1 * 3 - 2, q2 * 3).ok_or(bad)?;
        return Ok((sp, c.get(2).is_some()));
    }
    if let Some(c) = p.month.captures(s) {
        let m1 = num(c.get(1)).ok_or(bad)?;
        let m2 = num(c.get(2)).unwrap_or(m1);
        let y = year_of(c.get(3), period)?;
        let (m1, m2) = (
            u8::try_from(m1).map_err(|_| bad)?,
            u8::try_from(m2).map_err(|_| bad)?,
        );
        return Ok((month_span(y, m1, m2).ok_or(bad)?, c.get(2).is_some()));
    }
    if let Some(c) = p.day_month.captures(s) {
        // "ngày 23 tháng 1": in the year given, or the plan's one year.
        let d = u8::try_from(num(c.get(1)).ok_or(bad)?).map_err(|_| bad)?;
        let m = u8::try_from(num(c.get(2)).ok_or(bad)?).map_err(|_| bad)?;
        let y = year_of(c.get(3), period)?;
        let day = Date::new(y, m, d).ok_or(bad)?;
        return Ok((
            Span {
                start: day,
                end: day,
            },
            false,
        ));
    }
    if let Some(c) = p.week.captures(s) {
        // "Tuần thứ 2 tháng 10/2026": days 8–14; "tuần cuối tháng 10": its last seven days.
        let m = u8::try_from(num(c.get(2)).ok_or(bad)?).map_err(|_| bad)?;
        let y = year_of(c.get(3), period)?;
        let last = Date::days_in_month(y, m);
        let (d1, d2) = match c.get(1).map(|w| w.as_str()) {
            Some("cuối") => (last.saturating_sub(6).max(1), last),
            w => {
                let n = w.and_then(|w| w.parse::<u8>().ok()).ok_or(bad)?;
                ((n - 1) * 7 + 1, (n * 7).min(last))
            }
        };
        if d1 > last {
            return Err(bad);
        }
        let start = Date::new(y, m, d1).ok_or(bad)?;
        let end = Date::new(y, m, d2).ok_or(bad)?;
        return Ok((Span { start, end }, false));
    }
    if let Some(c) = p.date.captures(s) {
        let d = u8::try_from(num(c.get(1)).ok_or(bad)?).map_err(|_| bad)?;
        let m = u8::try_from(num(c.get(2)).ok_or(bad)?).map_err(|_| bad)?;
        let y = num(c.get(3)).ok_or(bad)? as i32;
        let day = Date::new(y, m, d).ok_or(bad)?;
        let sp = Span {
            start: day,
            end: day,
        };
        return Ok((sp, false));
    }
    if let Some(c) = p.half.captures(s) {
        let y = year_of(c.get(2), period)?;
        let first = c.get(1).map(|m| m.as_str()) == Some("đầu");
        let sp = if first {
            month_span(y, 1, 6)
        } else {
            month_span(y, 7, 12)
        };
        return Ok((sp.ok_or(bad)?, false));
    }
    // "tháng 6/2024 đến tháng 12/2025", "quý iv/2024 - quý ii/2025": two periods.
    if !range {
        return Err(bad);
    }
    for m in p.range_word.find_iter(s) {
        let (a, b) = (&s[..m.start()], &s[m.end()..]);
        if let (Ok((a, _)), Ok((b, _))) = (
            period_expr_in(a, period, false),
            period_expr_in(b, period, false),
        ) {
            if a.start <= b.end {
                let sp = Span {
                    start: a.start,
                    end: b.end,
                };
                return Ok((sp, true));
            }
        }
    }
    Err(bad)
}

/// What one clause says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clause {
    Span(Span),
    From(Date),
    Until(Date),
    Recur(Recurrence),
    Condition,
}

fn day_before(d: Date) -> Option<Date> {
    if d.day > 1 {
        Date::new(d.year, d.month, d.day - 1)
    } else if d.month > 1 {
        Date::month_end(d.year, d.month - 1)
    } else {
        Date::new(d.year - 1, 12, 31)
    }
}

fn strip<'a>(re: &Regex, s: &'a str) -> Option<&'a str> {
    re.find(s).map(|m| s[m.end()..].trim())
}

/// Reads one clause (already folded); it may hold a recurrence phrase and a period together
/// ("hàng năm từ 2023"), giving several [`Clause`]s.
fn clause(
    s: &str,
    period: Option<Period>,
    vocab: &TimelineVocabulary,
    out: &mut Vec<Clause>,
) -> Result<(), Miss> {
    let p = patterns();
    if vocab.conditions.iter().any(|c| s.starts_with(c.as_str())) {
        out.push(Clause::Condition);
        return Ok(());
    }
    let mut rest = s.to_string();
    let mut recurred = false;
    for (re, r) in &vocab.rhythms {
        let r = *r;
        if re.is_match(&rest) {
            out.push(Clause::Recur(r));
            rest = re
                .replace_all(&rest, " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            recurred = true;
        }
    }
    let mut s = rest.trim();
    while let Some(t) = strip(&p.filler, s) {
        s = t;
    }
    if s.is_empty() {
        return if recurred {
            Ok(())
        } else {
            Err(Miss::NotUnderstood)
        };
    }
    let result = if let Some(t) = strip(&p.start_marker, s) {
        // "Từ 2021-2025" is the whole range; "Từ năm 2026" only opens it.
        period_expr(t, period).map(|(sp, range)| {
            if range {
                Clause::Span(sp)
            } else {
                Clause::From(sp.start)
            }
        })
    } else if let Some(t) = strip(&p.before_marker, s) {
        let t = t.strip_prefix("ngày ").unwrap_or(t).trim();
        let is_date = p.date.is_match(t);
        period_expr(t, period).and_then(|(sp, _)| {
            if is_date {
                Ok(Clause::Until(sp.end))
            } else {
                day_before(sp.start)
                    .map(Clause::Until)
                    .ok_or(Miss::NotUnderstood)
            }
        })
    } else if let Some(t) = strip(&p.end_marker, s) {
        let t = match strip(&p.before_marker, t) {
            Some(u) => u.strip_prefix("ngày ").unwrap_or(u).trim().to_string(),
            None => t.to_string(),
        };
        period_expr(&t, period).map(|(sp, _)| Clause::Until(sp.end))
    } else {
        period_expr(s, period).map(|(sp, _)| Clause::Span(sp))
    };
    match result {
        Ok(c) => {
            out.push(c);
            Ok(())
        }
        // "Tháng 6 hàng năm": the recurrence is what matters; the month names no year.
        Err(Miss::NoYear) if recurred => Ok(()),
        Err(e) => Err(e),
    }
}

/// Parses a timeline cell with the built-in wordings ([`TimelineVocabulary::builtin`]).
/// `None` when the text is not understood (the caller keeps the text, nulls and a warning).
/// An empty cell is understood as "no dates".
pub fn parse_timeline(text: &str, period: Option<Period>) -> Option<Timeline> {
    parse_timeline_with(text, period, TimelineVocabulary::builtin())
}

/// [`parse_timeline`] with the wordings of a registry
/// ([`crate::Registry::timeline_vocabulary`], extended by a user file).
pub fn parse_timeline_with(
    text: &str,
    period: Option<Period>,
    vocab: &TimelineVocabulary,
) -> Option<Timeline> {
    static HOURS: OnceLock<Regex> = OnceLock::new();
    // A time of day ("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1", "8h00 ngày …") says
    // nothing about the day: the interval is in days.
    let hours = HOURS.get_or_init(|| {
        re(r"^(?:từ\s+)?\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?(?:\s*(?:-|đến)\s*\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?)?\s+(ngày\s)")
    });
    let folded = fold_text(&text.replace(['(', ')'], " "));
    let folded = hours.replace(&folded, "$1");
    let folded = folded.trim().trim_end_matches(['.', ';', ',']).trim();
    if folded.is_empty() || folded == "-" {
        return Some(Timeline::default());
    }
    parse_clauses(folded, period, vocab)
        .or_else(|| trailing_deadline(folded, vocab))
        .or_else(|| recurring_prose(folded, period, vocab))
        .or_else(|| sub_row_lines(text, period, vocab))
}

/// A cell joined from sub-rows, one timeline per sub-row ("2026-2030\nQuý I/2024" under one
/// task merged over several product rows; a PDF may join two sub-rows with a space where a
/// page break falls between them: "2024 Tháng 6/2024"): understood when it cuts into pieces
/// that each are — one per line, or else at words that begin a sub-row's text (a capital or a
/// digit), fewest pieces first — with one rhythm (or none) among them; the record's timeline
/// runs from the earliest start to the latest end.
fn sub_row_lines(
    text: &str,
    period: Option<Period>,
    vocab: &TimelineVocabulary,
) -> Option<Timeline> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let parts: Vec<Timeline> = if lines.len() >= 2 {
        lines
            .iter()
            .map(|l| parse_timeline_with(l, period, vocab))
            .collect::<Option<_>>()?
    } else {
        sub_row_pieces(text, period, vocab)?
    };
    let first = parts.first()?;
    if parts.iter().any(|t| t.recurrence != first.recurrence) {
        return None;
    }
    let start = parts
        .iter()
        .map(|t| t.start)
        .collect::<Option<Vec<_>>>()
        .and_then(|v| v.into_iter().min());
    let end = parts
        .iter()
        .map(|t| t.end)
        .collect::<Option<Vec<_>>>()
        .and_then(|v| v.into_iter().max());
    Some(Timeline {
        start,
        end,
        recurrence: first.recurrence,
    })
}

/// Most words of a one-line cell cut into sub-row pieces ([`sub_row_lines`]).
const MAX_PIECE_WORDS: usize = 12;

/// A one-line cell cut into two or more pieces that each parse, at words beginning with a
/// capital or a digit; the fewest pieces that work.
fn sub_row_pieces(
    text: &str,
    period: Option<Period>,
    vocab: &TimelineVocabulary,
) -> Option<Vec<Timeline>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 || words.len() > MAX_PIECE_WORDS {
        return None;
    }
    let opens = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    // best[i]: the fewest pieces covering words[..i], with their timelines.
    let mut best: Vec<Option<Vec<Timeline>>> = vec![None; words.len() + 1];
    best[0] = Some(Vec::new());
    for end in 1..=words.len() {
        if end < words.len() && !opens(words[end]) {
            continue;
        }
        let mut found: Option<Vec<Timeline>> = None;
        for start in 0..end {
            let Some(before) = &best[start] else { continue };
            if start > 0 && !opens(words[start]) {
                continue;
            }
            let piece = words[start..end].join(" ");
            let Some(t) = parse_piece(&piece, period, vocab) else {
                continue;
            };
            if found.as_ref().is_none_or(|f| before.len() + 1 < f.len()) {
                let mut v = before.clone();
                v.push(t);
                found = Some(v);
            }
        }
        best[end] = found;
    }
    best.pop().flatten().filter(|v| v.len() >= 2)
}

/// One sub-row's timeline: [`parse_timeline_with`] without the sub-row fallback, and an empty
/// piece is none.
fn parse_piece(text: &str, period: Option<Period>, vocab: &TimelineVocabulary) -> Option<Timeline> {
    let folded = fold_text(&text.replace(['(', ')'], " "));
    let folded = folded.trim().trim_end_matches(['.', ';', ',']).trim();
    if folded.is_empty() || folded == "-" {
        return None;
    }
    parse_clauses(folded, period, vocab)
        .or_else(|| trailing_deadline(folded, vocab))
        .or_else(|| recurring_prose(folded, period, vocab))
}

/// A sentence with no date in it (no year, no d/m/y) that the clause reader did not follow:
/// its rhythm ("Ban hành kế hoạch trong tháng 01 hằng năm và tổ chức thực hiện" → annual;
/// "Trước ngày 05 của tháng liền kề" → monthly, from the vocabulary's `relative` rhythms; a
/// specific rhythm beats "thường xuyên") over the plan period; without a rhythm, a reference
/// ("Theo kế hoạch của tỉnh", the vocabulary's `references`) gives no dates. Anything else
/// stays not understood.
fn recurring_prose(
    folded: &str,
    period: Option<Period>,
    vocab: &TimelineVocabulary,
) -> Option<Timeline> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    static CITATION: OnceLock<Regex> = OnceLock::new();
    let year = YEAR.get_or_init(|| re(r"\b\d{4}\b"));
    let reference = vocab.references.iter().any(|w| {
        folded
            .strip_prefix(w.as_str())
            .is_some_and(|r| r.starts_with(' '))
    });
    // In a reference ("Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025
    // …"), the cited document's number and date are not the work's dates.
    let citation = CITATION.get_or_init(|| {
        re(r"(?:số\s+)?\d+/(?:\d{4}/)?[\p{L}-]+(?:\s+ngày\s+\d{1,2}/\d{1,2}/\d{4})?")
    });
    let uncited = if reference {
        citation.replace_all(folded, " ").into_owned()
    } else {
        folded.to_string()
    };
    if year.is_match(&uncited) {
        return None;
    }
    let mut found: Option<Recurrence> = None;
    let mut note = |r: Recurrence| {
        if found.is_none() || found == Some(Recurrence::Ongoing) {
            found = Some(r);
        }
    };
    for (re, r) in &vocab.rhythms {
        if *r != Recurrence::Ongoing && re.is_match(folded) {
            note(*r);
        }
    }
    for (w, r) in &vocab.relative {
        if folded.contains(w.as_str()) {
            note(*r);
        }
    }
    for (re, r) in &vocab.rhythms {
        if *r == Recurrence::Ongoing && re.is_match(folded) {
            note(*r);
        }
    }
    match found {
        Some(r) => Some(Timeline {
            start: period.and_then(|p| Date::new(p.start, 1, 1)),
            end: period.and_then(|p| Date::new(p.end, 12, 31)),
            recurrence: Some(r),
        }),
        None if reference => Some(Timeline::default()),
        None => None,
    }
}

/// A sentence of activity words without figures that ends in a deadline date ("… xong trước
/// ngày 01/01/2030", "… chậm nhất là ngày 15/4/2026 và tổ chức thực hiện"): that deadline,
/// with no start.
fn trailing_deadline(folded: &str, vocab: &TimelineVocabulary) -> Option<Timeline> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        re(r"(?:^|\s)(?:xong\s+)?(?:trước|chậm nhất là|chậm nhất|hạn chót)\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+và\s+(?P<tail>[^\d]*))?$")
    });
    let c = re.captures(folded)?;
    let head = folded[..c.get(0)?.start()].trim();
    // "… và tổ chức thực hiện" after the deadline: more work, no other date.
    if let Some(tail) = c.name("tail") {
        if !vocab.starts_activity(tail.as_str()) {
            return None;
        }
    }
    if head.chars().any(|ch| ch.is_ascii_digit()) || !vocab.starts_activity(head) {
        return None;
    }
    let end = Date::new(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)?;
    Some(Timeline {
        start: None,
        end: Some(end),
        recurrence: None,
    })
}

/// The clauses of a folded timeline text, combined; `None` if any is not understood.
fn parse_clauses(
    folded: &str,
    period: Option<Period>,
    vocab: &TimelineVocabulary,
) -> Option<Timeline> {
    let mut clauses = Vec::new();
    for part in folded.split([',', ';', '\n']) {
        let part = part.trim().trim_end_matches('.').trim();
        if part.is_empty() {
            continue;
        }
        clause(part, period, vocab, &mut clauses).ok()?;
    }
    let mut recurrence: Option<Recurrence> = None;
    let (mut start, mut end): (Option<Date>, Option<Date>) = (None, None);
    let (mut from, mut until): (Option<Date>, Option<Date>) = (None, None);
    let mut dated = false;
    for c in &clauses {
        match *c {
            Clause::Recur(r) => {
                // a specific rhythm beats "thường xuyên"
                if recurrence.is_none() || recurrence == Some(Recurrence::Ongoing) {
                    recurrence = Some(r);
                }
            }
            Clause::Span(sp) => {
                start = Some(start.map_or(sp.start, |s| s.min(sp.start)));
                end = Some(end.map_or(sp.end, |e| e.max(sp.end)));
                dated = true;
            }
            Clause::From(d) => {
                from = Some(from.map_or(d, |f| f.min(d)));
                dated = true;
            }
            Clause::Until(d) => {
                until = Some(until.map_or(d, |u| u.max(d)));
                dated = true;
            }
            Clause::Condition => {}
        }
    }
    let mut t = Timeline {
        start: from.or(start),
        end: until.or(end),
        recurrence,
    };
    if let (Some(s), Some(e)) = (t.start, t.end) {
        if s > e {
            return None;
        }
    }
    if recurrence.is_some() {
        if let Some(p) = period {
            if !dated || t.start.is_none() {
                t.start = t.start.or_else(|| Date::new(p.start, 1, 1));
            }
            if !dated || t.end.is_none() {
                t.end = t.end.or_else(|| Date::new(p.end, 12, 31));
            }
        }
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: Option<Period> = Some(Period {
        start: 2021,
        end: 2030,
    });
    const ONE_YEAR: Option<Period> = Some(Period {
        start: 2025,
        end: 2025,
    });

    fn d(s: &str) -> Option<Date> {
        Some(Date::parse_iso(s).unwrap_or_else(|| panic!("bad test date {s}")))
    }

    fn check(text: &str, period: Option<Period>, start: &str, end: &str, rec: Option<Recurrence>) {
        let want = Timeline {
            start: if start.is_empty() { None } else { d(start) },
            end: if end.is_empty() { None } else { d(end) },
            recurrence: rec,
        };
        assert_eq!(parse_timeline(text, period), Some(want), "{text:?}");
    }

    // | 2026-2030 \n Quý I/2024 (sub-rows of one task) | 2024-01-01 | 2030-12-31 |
    #[test]
    fn sub_row_timelines_one_per_line_span_them_all() {
        check(
            "2026-2030\nQuý I/2024",
            PLAN,
            "2024-01-01",
            "2030-12-31",
            None,
        );
        check("Năm 2026\nNăm 2026", PLAN, "2026-01-01", "2026-12-31", None);
        // Two sub-rows a page break joined with a space.
        check("2024 Tháng 6/2024", PLAN, "2024-01-01", "2024-12-31", None);
        check(
            "Quý II/2024 2026-2030",
            PLAN,
            "2024-04-01",
            "2030-12-31",
            None,
        );
        // A rhythm and a date together are not one timeline.
        assert_eq!(parse_timeline("Quý IV hằng năm\nTháng 6/2024", PLAN), None);
        // One line not understood: the cell is not.
        assert_eq!(parse_timeline("Quý I/2024\nCác sở, ban, ngành", PLAN), None);
    }

    // | Tuần thứ 2 tháng 10/2026; Tuần cuối tháng 2/2024 | 2026-10-08; 2024-02-23 | 2026-10-14; 2024-02-29 |
    #[test]
    fn weeks_of_a_month() {
        check(
            "Tuần thứ 2 tháng 10/2026",
            PLAN,
            "2026-10-08",
            "2026-10-14",
            None,
        );
        check(
            "Tuần 5 tháng 9/2026",
            PLAN,
            "2026-09-29",
            "2026-09-30",
            None,
        );
        check(
            "Tuần cuối tháng 2/2024",
            PLAN,
            "2024-02-23",
            "2024-02-29",
            None,
        );
        assert_eq!(parse_timeline("Tuần thứ 5 tháng 2/2026", PLAN), None);
    }

    // | Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1 (a 2025 plan) | 2025-01-23 | 2025-01-23 |
    #[test]
    fn a_day_and_month_with_a_time_of_day() {
        let day = "2025-01-23";
        check(
            "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1",
            ONE_YEAR,
            day,
            day,
            None,
        );
        check("8h00 ngày 23 tháng 1", ONE_YEAR, day, day, None);
        check("Ngày 23 tháng 1 năm 2025", PLAN, day, day, None);
        // No year, and a plan of several years: not understood.
        assert_eq!(parse_timeline("ngày 23 tháng 1", PLAN), None);
    }

    // | Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 … | no dates |
    #[test]
    fn a_cited_documents_date_is_not_the_works() {
        for text in [
            "Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh",
            "Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ",
            "Theo Phương án số 7178/PA-UBND ngày 14/11/2025 của UBND tỉnh",
        ] {
            assert_eq!(
                parse_timeline(text, PLAN),
                Some(Timeline::default()),
                "{text}"
            );
        }
        // Outside a reference, a date is read (or the cell is not understood).
        assert_eq!(
            parse_timeline(
                "Quyết định số 1441/QĐ-UBND ngày 25/9/2025 và năm 2027",
                PLAN
            ),
            None
        );
    }

    // | 2021-2030, 2025 - 2027, Từ 2021-2025 | first Jan 1 | last Dec 31 | null |
    #[test]
    fn year_ranges() {
        check("2021-2030", PLAN, "2021-01-01", "2030-12-31", None);
        check("2025 - 2027", PLAN, "2025-01-01", "2027-12-31", None);
        check("Từ 2021-2025", PLAN, "2021-01-01", "2025-12-31", None);
        check(
            "Giai đoạn 2021 – 2025",
            PLAN,
            "2021-01-01",
            "2025-12-31",
            None,
        );
        check("Năm 2021 - 2022", PLAN, "2021-01-01", "2022-12-31", None);
    }

    // | Năm 2025, 2025, Cả năm (in a one-year plan) | 2025-01-01 | 2025-12-31 | null |
    #[test]
    fn single_years() {
        check("Năm 2025", PLAN, "2025-01-01", "2025-12-31", None);
        check("2025", PLAN, "2025-01-01", "2025-12-31", None);
        check("Cả năm", ONE_YEAR, "2025-01-01", "2025-12-31", None);
        check("Trong năm 2024", PLAN, "2024-01-01", "2024-12-31", None);
        // In a plan of several years, all year round over the plan.
        check("Cả năm", PLAN, "2021-01-01", "2030-12-31", None);
        assert_eq!(parse_timeline("Cả năm", None), None);
        assert_eq!(parse_timeline("Trong năm", PLAN), None);
    }

    // | Quý I/2022; Quý II - III/2024 | 2022-01-01; 2024-04-01 | 2022-03-31; 2024-09-30 | null |
    #[test]
    fn quarters() {
        check("Quý I/2022", PLAN, "2022-01-01", "2022-03-31", None);
        check("Quý II - III/2024", PLAN, "2024-04-01", "2024-09-30", None);
        check("Quý IV năm 2024", PLAN, "2024-10-01", "2024-12-31", None);
        check("Quý 2/2023", PLAN, "2023-04-01", "2023-06-30", None);
        check("Quý III", ONE_YEAR, "2025-07-01", "2025-09-30", None);
        check(
            "Quý IV/2024 - Quý II/2025",
            PLAN,
            "2024-10-01",
            "2025-06-30",
            None,
        );
        assert_eq!(parse_timeline("Quý III", PLAN), None);
        assert_eq!(parse_timeline("Quý V/2024", PLAN), None);
    }

    // | Tháng 6/2024; Tháng 9 - 10/2024; Tháng 02/2024 | month start | month end (leap years) | null |
    #[test]
    fn months() {
        check("Tháng 6/2024", PLAN, "2024-06-01", "2024-06-30", None);
        check("Tháng 9 - 10/2024", PLAN, "2024-09-01", "2024-10-31", None);
        check("Tháng 02/2024", PLAN, "2024-02-01", "2024-02-29", None);
        check("Tháng 2/2023", PLAN, "2023-02-01", "2023-02-28", None);
        check("Tháng 6 năm 2024", PLAN, "2024-06-01", "2024-06-30", None);
        check(
            "Từ tháng 6/2024 đến tháng 3/2025",
            PLAN,
            "2024-06-01",
            "2025-03-31",
            None,
        );
        assert_eq!(parse_timeline("Tháng 13/2024", PLAN), None);
    }

    // | 6 tháng đầu năm 2024; 6 tháng cuối năm 2024 | 01-01; 07-01 | 06-30; 12-31 | null |
    #[test]
    fn halves() {
        check(
            "6 tháng đầu năm 2024",
            PLAN,
            "2024-01-01",
            "2024-06-30",
            None,
        );
        check(
            "6 tháng cuối năm 2024",
            PLAN,
            "2024-07-01",
            "2024-12-31",
            None,
        );
        check(
            "6 tháng đầu năm",
            ONE_YEAR,
            "2025-01-01",
            "2025-06-30",
            None,
        );
    }

    // | Trước 30/6/2024, Trước ngày 15/12/2024; Đến năm 2025 | null | that date; 2025-12-31 | null |
    #[test]
    fn deadlines() {
        check("Trước 30/6/2024", PLAN, "", "2024-06-30", None);
        check("Trước ngày 15/12/2024", PLAN, "", "2024-12-15", None);
        check("Đến năm 2025", PLAN, "", "2025-12-31", None);
        check("Đến năm 2030", PLAN, "", "2030-12-31", None);
        check("Hoàn thành trước 31/3/2023", PLAN, "", "2023-03-31", None);
        check("Trước năm 2025", PLAN, "", "2024-12-31", None);
        check("Đến hết năm 2025", PLAN, "", "2025-12-31", None);
        assert_eq!(parse_timeline("Trước 30/2/2024", PLAN), None);
    }

    // | Từ năm 2026 | 2026-01-01 | null | null |
    #[test]
    fn open_start() {
        check("Từ năm 2026", PLAN, "2026-01-01", "", None);
        check("Từ 2026", PLAN, "2026-01-01", "", None);
    }

    // | Triển khai 2022, hoàn thành 2025 | 2022-01-01 | 2025-12-31 | null |
    #[test]
    fn start_and_finish() {
        check(
            "Triển khai 2022, hoàn thành 2025",
            PLAN,
            "2022-01-01",
            "2025-12-31",
            None,
        );
        check(
            "Triển khai 2022, hoàn thành 2030",
            PLAN,
            "2022-01-01",
            "2030-12-31",
            None,
        );
        check(
            "Triển khai năm 2022; hoàn thành năm 2025",
            PLAN,
            "2022-01-01",
            "2025-12-31",
            None,
        );
    }

    // | Hàng năm, Hằng năm, Thực hiện hàng năm, Thường xuyên hàng năm | plan start | plan end | annual |
    #[test]
    fn annual() {
        for t in [
            "Hàng năm",
            "Hằng năm",
            "Thực hiện hàng năm",
            "Thường xuyên hàng năm",
            "Định kỳ hàng năm",
        ] {
            check(
                t,
                PLAN,
                "2021-01-01",
                "2030-12-31",
                Some(Recurrence::Annual),
            );
        }
        // no plan period: the recurrence alone
        check("Hàng năm", None, "", "", Some(Recurrence::Annual));
    }

    // | Hàng năm, đến năm 2025 | plan start | 2025-12-31 | annual |
    #[test]
    fn annual_until() {
        check(
            "Hàng năm, đến năm 2025",
            PLAN,
            "2021-01-01",
            "2025-12-31",
            Some(Recurrence::Annual),
        );
        check(
            "Hàng năm từ 2023",
            PLAN,
            "2023-01-01",
            "2030-12-31",
            Some(Recurrence::Annual),
        );
        check(
            "Hàng năm (2021-2025)",
            PLAN,
            "2021-01-01",
            "2025-12-31",
            Some(Recurrence::Annual),
        );
    }

    // | Thường xuyên | plan start | plan end | ongoing |
    #[test]
    fn ongoing() {
        check(
            "Thường xuyên",
            PLAN,
            "2021-01-01",
            "2030-12-31",
            Some(Recurrence::Ongoing),
        );
        check(
            "Thường xuyên, liên tục",
            PLAN,
            "2021-01-01",
            "2030-12-31",
            Some(Recurrence::Ongoing),
        );
    }

    // | Định kỳ 6 tháng; Hàng quý; Định kỳ hàng tháng | plan start | plan end | semiannual; quarterly; monthly |
    #[test]
    fn rhythms() {
        check(
            "Định kỳ 6 tháng",
            PLAN,
            "2021-01-01",
            "2030-12-31",
            Some(Recurrence::Semiannual),
        );
        check(
            "Hàng quý",
            PLAN,
            "2021-01-01",
            "2030-12-31",
            Some(Recurrence::Quarterly),
        );
        check(
            "Định kỳ hàng tháng",
            PLAN,
            "2021-01-01",
            "2030-12-31",
            Some(Recurrence::Monthly),
        );
        check(
            "6 tháng/lần",
            PLAN,
            "2021-01-01",
            "2030-12-31",
            Some(Recurrence::Semiannual),
        );
        check(
            "Tháng 12 hàng năm",
            PLAN,
            "2021-01-01",
            "2030-12-31",
            Some(Recurrence::Annual),
        );
    }

    // | Hoàn thành …, … xong trước ngày 01/01/2030 | null | that date | null |
    #[test]
    fn deadline_after_activity_words() {
        check(
            "Hoàn thành đầu tư, lắp đặt và vận hành xong trước ngày 01/01/2030",
            PLAN,
            "",
            "2030-01-01",
            None,
        );
        check(
            "Ban hành kế hoạch chậm nhất là ngày 15/4/2026",
            PLAN,
            "",
            "2026-04-15",
            None,
        );
        // Figures before the deadline, or no activity word: not guessed.
        assert_eq!(
            parse_timeline("Đợt 2, xong trước ngày 01/01/2030", PLAN),
            None
        );
        assert_eq!(
            parse_timeline("Sớm, xong trước ngày 01/01/2030", PLAN),
            None
        );
    }

    // | Ban hành kế hoạch trong tháng 01 hằng năm và tổ chức thực hiện; Trước ngày 05 của tháng liền kề | plan start | plan end | annual; monthly |
    #[test]
    fn rhythms_in_sentences() {
        for (t, r) in [
            (
                "Ban hành kế hoạch trong tháng 01 hằng năm và tổ chức thực hiện",
                Recurrence::Annual,
            ),
            ("Trước ngày 31/01 năm liền kề", Recurrence::Annual),
            ("Trước ngày 05 của tháng liền kề", Recurrence::Monthly),
            (
                "Thường xuyên trong tháng\nTrước ngày 05 của tháng liền kề",
                Recurrence::Monthly,
            ),
            (
                "Báo cáo định kỳ theo thời gian quy định; thực hiện hằng năm",
                Recurrence::Annual,
            ),
            (
                "Thực hiện thường xuyên khi có yêu cầu của bộ, ngành Trung ương.",
                Recurrence::Ongoing,
            ),
            (
                "Theo Kế hoạch rà soát, đánh giá thủ tục hành chính hằng năm của tỉnh",
                Recurrence::Annual,
            ),
            ("Hằng năm và giai đoạn", Recurrence::Annual),
        ] {
            check(t, PLAN, "2021-01-01", "2030-12-31", Some(r));
        }
        check("Theo kế hoạch của tỉnh", PLAN, "", "", None);
        check(
            "Sau 03 tháng kể từ khi có văn bản của Trung ương",
            PLAN,
            "",
            "",
            None,
        );
        check(
            "Bắt đầu thực hiện từ năm 2026",
            PLAN,
            "2026-01-01",
            "",
            None,
        );
        check(
            "Ban hành kế hoạch chậm nhất là ngày 15/4/2026 và tổ chức thực hiện",
            PLAN,
            "",
            "2026-04-15",
            None,
        );
        // A year in the sentence: not read as prose.
        assert_eq!(
            parse_timeline("Hằng năm cho tới kỳ họp 2027 nếu cần", PLAN),
            None
        );
        assert_eq!(parse_timeline("Sớm nhất có thể", PLAN), None);
    }

    // | Khi có Thông tư mới, Theo chỉ đạo của Trung ương | null | null | null |
    #[test]
    fn conditions() {
        check("Khi có Thông tư mới", PLAN, "", "", None);
        check("Theo chỉ đạo của Trung ương", PLAN, "", "", None);
    }

    // Anything not understood keeps its text, nulls, and a warning.
    #[test]
    fn not_understood() {
        for t in [
            "Sớm nhất có thể",
            "2030-2021",
            "Năm 20255",
            "Quý I/2022, blah",
        ] {
            assert_eq!(parse_timeline(t, PLAN), None, "{t}");
        }
        check("", PLAN, "", "", None);
    }

    #[test]
    fn tone_and_case_variants() {
        check(
            "HÀNG NĂM",
            PLAN,
            "2021-01-01",
            "2030-12-31",
            Some(Recurrence::Annual),
        );
        check("QUÝ I/2022", PLAN, "2022-01-01", "2022-03-31", None);
    }

    #[test]
    fn a_run_of_dashes_is_read_in_linear_time() {
        // Fuzzer finding: every dash was a range split, recursing on both sides.
        let text = format!("Sở Nội v{}/{} phí", "-".repeat(73), "-".repeat(10));
        let start = std::time::Instant::now();
        assert!(parse_timeline(&text, None).is_none_or(|t| t.start.is_none()));
        let long = "-".repeat(5000);
        assert!(parse_timeline(&long, None).is_none_or(|t| t.start.is_none()));
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    }
}
