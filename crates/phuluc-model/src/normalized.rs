//! Structured values the normalizer puts beside the raw cell text.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date, serialized as ISO `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date when `month`/`day` exist in that year (leap years included), else `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if (1..=12).contains(&month) && day >= 1 && day <= Date::days_in_month(year, month) {
            Some(Date { year, month, day })
        } else {
            None
        }
    }
    pub fn is_leap_year(year: i32) -> bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }
    /// Days in `month` (1–12) of `year`; 0 for a month out of range.
    pub fn days_in_month(year: i32, month: u8) -> u8 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if Date::is_leap_year(year) => 29,
            2 => 28,
            _ => 0,
        }
    }
    /// The last day of `month` of `year`.
    pub fn month_end(year: i32, month: u8) -> Option<Date> {
        Date::new(year, month, Date::days_in_month(year, month))
    }
    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// In JSON, an ISO date string `YYYY-MM-DD`.
impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar date, ISO YYYY-MM-DD.",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not an ISO date: {s}")))
    }
}

/// How often a timeline's activity repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    Annual,
    Semiannual,
    Quarterly,
    Monthly,
    Ongoing,
}

impl Recurrence {
    /// The contract's name ("annual", "semiannual" …), as serialized.
    pub fn as_str(&self) -> &'static str {
        match self {
            Recurrence::Annual => "annual",
            Recurrence::Semiannual => "semiannual",
            Recurrence::Quarterly => "quarterly",
            Recurrence::Monthly => "monthly",
            Recurrence::Ongoing => "ongoing",
        }
    }
}

/// What kind of body an agency id names.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// A provincial department (Sở …).
    Department,
    /// An office (Văn phòng …, Ban …) or other single body.
    Office,
    /// A people's committee or council (UBND, HĐND).
    PeoplesCommittee,
    /// A collective designation standing for many bodies ("Các Sở, ngành").
    Group,
    /// A known body of another kind (central agency, enterprise …).
    Other,
    /// Not in the registry.
    Unknown,
}

impl AgencyKind {
    /// The contract's name ("department", "peoples_committee" …), as serialized.
    pub fn as_str(&self) -> &'static str {
        match self {
            AgencyKind::Department => "department",
            AgencyKind::Office => "office",
            AgencyKind::PeoplesCommittee => "peoples_committee",
            AgencyKind::Group => "group",
            AgencyKind::Other => "other",
            AgencyKind::Unknown => "unknown",
        }
    }
}

/// One agency (or group) named in a lead/partners cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AgencyMention {
    /// The span as written, without bullet, separator or trailing punctuation.
    pub mention: String,
    /// Stable id: the same agency gets the same id however it is written.
    pub id: String,
    /// Canonical name.
    pub name: String,
    pub kind: AgencyKind,
    /// The id of the body that holds this agency's duties now (or at the `--as-of` date): the
    /// id itself when the agency still exists, its successor's when it was merged or renamed
    /// ("so-tttt" → "so-khcn" from 2025-03-01), `None` when it was abolished without one.
    /// Absent when the normalizer did not resolve the mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_id: Option<String>,
    /// The legal act(s) behind `current_id` when it differs from `id` ("Nghị định
    /// 45/2025/NĐ-CP"), from the registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succession_source: Option<String>,
}

/// An agency used in a document, with every spelling seen for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AgencyEntry {
    pub id: String,
    pub name: String,
    pub kind: AgencyKind,
    pub spellings: Vec<String>,
    /// First day the agency exists, when the registry knows it (ISO date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// Last day the agency existed, when it was merged, renamed or abolished (ISO date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// Ids of the bodies that took over its duties (the first is the main one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<String>,
    /// See [`AgencyMention::current_id`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_id: Option<String>,
    /// The legal act(s) behind `valid_from` / `valid_to` / `successors`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serialized_names() {
        for k in [
            AgencyKind::Department,
            AgencyKind::Office,
            AgencyKind::PeoplesCommittee,
            AgencyKind::Group,
            AgencyKind::Other,
            AgencyKind::Unknown,
        ] {
            assert_eq!(
                serde_json::to_value(k).ok(),
                Some(serde_json::json!(k.as_str()))
            );
        }
        for r in [
            Recurrence::Annual,
            Recurrence::Semiannual,
            Recurrence::Quarterly,
            Recurrence::Monthly,
            Recurrence::Ongoing,
        ] {
            assert_eq!(
                serde_json::to_value(r).ok(),
                Some(serde_json::json!(r.as_str()))
            );
        }
    }

    #[test]
    fn dates() {
        assert_eq!(
            Date::month_end(2024, 2).map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            Date::month_end(2023, 2).map(|d| d.to_string()).as_deref(),
            Some("2023-02-28")
        );
        assert_eq!(Date::new(2021, 13, 1), None);
        assert_eq!(Date::parse_iso("2021-08-21"), Date::new(2021, 8, 21));
        assert_eq!(Date::parse_iso("2021-02-30"), None);
    }
}
