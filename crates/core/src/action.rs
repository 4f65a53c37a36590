//! What a follow-up action must be, checked in one place for the app, the CLI and the store:
//! a title (at most 300 characters), a due date (YYYY-MM-DD) not before its start, a status,
//! a progress of 0–100 (100 once finished), and at least one indicator of the period's framework
//! it should raise, each with an optional target level 1–5. Values are normalised here too
//! (trimmed; indicator ids as the framework writes them; an empty start is no start).

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::followup::ActionStatus;
use crate::format::parse_date;
use crate::framework::Framework;
use crate::levels;

pub const MAX_TITLE: usize = 300;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ActionTarget {
    pub indicator: String,
    pub target_level: Option<u8>,
}

/// The fields of an action that a person edits.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionFields {
    pub title: String,
    pub description: String,
    pub owner_office: String,
    pub owner_person: String,
    pub start: Option<String>,
    pub due: String,
    pub status: ActionStatus,
    pub progress: u8,
    pub indicators: Vec<ActionTarget>,
}

pub(crate) fn invalid(id: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::ActionInvalid).with_detail(id, en)
}

impl ActionFields {
    /// The fields normalised and checked against the period's framework.
    pub fn validated(self, fw: &Framework) -> Result<ActionFields> {
        let title = self.title.trim().to_string();
        if title.is_empty() {
            return Err(Error::new(ErrorCode::RequiredMissing).with("field", "title"));
        }
        if title.chars().count() > MAX_TITLE {
            return Err(Error::new(ErrorCode::TextTooLong).with("field", "title").with("max", MAX_TITLE));
        }
        let due_text = self.due.trim().to_string();
        let due = parse_date(&due_text)?;
        let start = self.start.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if let Some(start) = &start {
            if parse_date(start)? > due {
                return Err(invalid(
                    format!("tanggal mulai {start} sesudah tenggat {due_text}"),
                    format!("the start {start} is after the due date {due_text}"),
                ));
            }
        }
        if self.progress > 100 {
            return Err(invalid(
                format!("kemajuan {} bukan 0–100", self.progress),
                format!("progress {} is not 0–100", self.progress),
            ));
        }
        if self.indicators.is_empty() {
            return Err(invalid(
                "rencana aksi harus menaikkan paling sedikit satu indikator",
                "an action raises at least one indicator",
            ));
        }
        let indicators = self
            .indicators
            .iter()
            .map(|t| {
                let indicator = fw.require_indicator(&t.indicator)?.id.clone();
                if let Some(level) = t.target_level {
                    levels::check_level(level, &indicator)?;
                }
                Ok(ActionTarget { indicator, target_level: t.target_level })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ActionFields {
            title,
            description: self.description.trim().to_string(),
            owner_office: self.owner_office.trim().to_string(),
            owner_person: self.owner_person.trim().to_string(),
            start,
            due: due_text,
            status: self.status,
            // A finished action is complete.
            progress: if self.status == ActionStatus::Selesai { 100 } else { self.progress },
            indicators,
        })
    }
}

/// A milestone's title and due date, trimmed and checked.
pub fn validate_milestone(title: &str, due: &str) -> Result<(String, String)> {
    let due = due.trim();
    parse_date(due)?;
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::new(ErrorCode::RequiredMissing).with("field", "milestone"));
    }
    if title.chars().count() > MAX_TITLE {
        return Err(Error::new(ErrorCode::TextTooLong).with("field", "milestone").with("max", MAX_TITLE));
    }
    Ok((title.to_string(), due.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::shipped;

    fn spbe() -> &'static Framework {
        shipped().iter().find(|f| f.id == "spbe-2020").unwrap()
    }

    fn fields() -> ActionFields {
        ActionFields {
            title: " Susun Perbup Arsitektur SPBE ".into(),
            description: String::new(),
            owner_office: " Diskominfo ".into(),
            owner_person: String::new(),
            start: Some(" ".into()),
            due: " 2026-06-30 ".into(),
            status: ActionStatus::Rencana,
            progress: 0,
            indicators: vec![ActionTarget { indicator: " 42 ".into(), target_level: Some(4) }],
        }
    }

    #[test]
    fn values_are_normalised() {
        let f = fields().validated(spbe()).unwrap();
        assert_eq!(f.title, "Susun Perbup Arsitektur SPBE");
        assert_eq!(f.owner_office, "Diskominfo");
        assert_eq!(f.start, None);
        assert_eq!(f.due, "2026-06-30");
        assert_eq!(f.indicators[0].indicator, "42");
        let done = ActionFields { status: ActionStatus::Selesai, progress: 40, ..fields() }.validated(spbe()).unwrap();
        assert_eq!(done.progress, 100);
    }

    #[test]
    fn bad_fields_are_refused() {
        let code = |f: ActionFields| f.validated(spbe()).unwrap_err().code;
        assert_eq!(code(ActionFields { title: "  ".into(), ..fields() }), ErrorCode::RequiredMissing);
        assert_eq!(code(ActionFields { title: "x".repeat(301), ..fields() }), ErrorCode::TextTooLong);
        assert_eq!(code(ActionFields { due: "30-06-2026".into(), ..fields() }), ErrorCode::DateInvalid);
        assert_eq!(code(ActionFields { start: Some("2026-07-01".into()), ..fields() }), ErrorCode::ActionInvalid);
        assert_eq!(code(ActionFields { progress: 101, ..fields() }), ErrorCode::ActionInvalid);
        assert_eq!(code(ActionFields { indicators: vec![], ..fields() }), ErrorCode::ActionInvalid);
        let target = |indicator: &str, level| vec![ActionTarget { indicator: indicator.into(), target_level: level }];
        assert_eq!(code(ActionFields { indicators: target("99", None), ..fields() }), ErrorCode::IndicatorUnknown);
        assert_eq!(code(ActionFields { indicators: target("1", Some(6)), ..fields() }), ErrorCode::LevelInvalid);
    }

    #[test]
    fn milestones_need_a_title_and_a_date() {
        assert_eq!(validate_milestone(" Rapat ", " 2026-03-01 ").unwrap(), ("Rapat".into(), "2026-03-01".into()));
        assert_eq!(validate_milestone("", "2026-03-01").unwrap_err().code, ErrorCode::RequiredMissing);
        assert_eq!(validate_milestone("Rapat", "besok").unwrap_err().code, ErrorCode::DateInvalid);
    }
}
