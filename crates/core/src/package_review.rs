//! Sumedang's review of a received package: *diterima* (accepted; it locks the region's
//! period), *perlu revisi* (returned, with notes the region sees beside its indicators) or
//! *ditolak* (rejected, with a reason). The hub, its CLI and the app's hub screens validate a
//! review here, and the region's app reads the states with the same words.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Diterima,
    PerluRevisi,
    Ditolak,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Diterima => "diterima",
            ReviewState::PerluRevisi => "perlu_revisi",
            ReviewState::Ditolak => "ditolak",
        }
    }

    /// A state as a person types it (Indonesian or English), or None.
    pub fn parse(s: &str) -> Option<ReviewState> {
        match s.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
            "diterima" | "terima" | "accepted" | "accept" => Some(ReviewState::Diterima),
            "revisi" | "perlu_revisi" | "revise" | "returned" => Some(ReviewState::PerluRevisi),
            "ditolak" | "tolak" | "rejected" | "reject" => Some(ReviewState::Ditolak),
            _ => None,
        }
    }

    pub fn from_stored(s: &str) -> Result<ReviewState> {
        match s {
            "diterima" => Ok(ReviewState::Diterima),
            "perlu_revisi" => Ok(ReviewState::PerluRevisi),
            "ditolak" => Ok(ReviewState::Ditolak),
            other => Err(Error::corrupt_value("review state", other)),
        }
    }
}

/// A note on one indicator of the package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorNote {
    pub indicator: String,
    pub note: String,
}

/// The longest note (a paragraph or two), so a review file stays small.
pub const MAX_NOTE_CHARS: usize = 4000;
pub const MAX_INDICATOR_NOTES: usize = 200;

/// Checks a review: a rejection needs its reason, a return for revision at least one note;
/// notes are trimmed, not empty, not too long, one per indicator.
pub fn validate(state: ReviewState, note: &str, notes: &[IndicatorNote]) -> Result<(String, Vec<IndicatorNote>)> {
    let too_long = |field: &str| Error::new(ErrorCode::TextTooLong).with("field", field).with("max", MAX_NOTE_CHARS);
    let note = note.trim().to_string();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(too_long("note"));
    }
    if notes.len() > MAX_INDICATOR_NOTES {
        return Err(Error::new(ErrorCode::ReviewInvalid).with_detail(
            format!("lebih dari {MAX_INDICATOR_NOTES} catatan"),
            format!("more than {MAX_INDICATOR_NOTES} notes"),
        ));
    }
    let mut cleaned: Vec<IndicatorNote> = Vec::with_capacity(notes.len());
    for n in notes {
        let (indicator, text) = (n.indicator.trim().to_string(), n.note.trim().to_string());
        if indicator.is_empty() || text.is_empty() {
            return Err(Error::new(ErrorCode::ReviewInvalid)
                .with_detail("catatan indikator tanpa nomor atau isi", "an indicator note without number or text"));
        }
        if text.chars().count() > MAX_NOTE_CHARS {
            return Err(too_long("note"));
        }
        if cleaned.iter().any(|c| c.indicator == indicator) {
            return Err(Error::new(ErrorCode::ReviewInvalid).with_detail(
                format!("indikator {indicator} punya dua catatan"),
                format!("indicator {indicator} has two notes"),
            ));
        }
        cleaned.push(IndicatorNote { indicator, note: text });
    }
    match state {
        ReviewState::Ditolak if note.is_empty() => Err(Error::new(ErrorCode::RejectReasonRequired)),
        ReviewState::PerluRevisi if note.is_empty() && cleaned.is_empty() => Err(Error::new(ErrorCode::ReviewInvalid)
            .with_detail("paket yang dikembalikan perlu catatan", "a package returned for revision needs a note")),
        _ => Ok((note, cleaned)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(i: &str, t: &str) -> IndicatorNote {
        IndicatorNote { indicator: i.into(), note: t.into() }
    }

    #[test]
    fn words_as_people_type_them() {
        assert_eq!(ReviewState::parse("Revisi"), Some(ReviewState::PerluRevisi));
        assert_eq!(ReviewState::parse("perlu revisi"), Some(ReviewState::PerluRevisi));
        assert_eq!(ReviewState::parse("accepted"), Some(ReviewState::Diterima));
        assert_eq!(ReviewState::parse("tolak"), Some(ReviewState::Ditolak));
        assert_eq!(ReviewState::parse("maybe"), None);
        assert!(ReviewState::from_stored("revisi").is_err());
    }

    #[test]
    fn a_rejection_needs_a_reason_and_a_return_a_note() {
        assert_eq!(validate(ReviewState::Ditolak, "  ", &[]).unwrap_err().code, ErrorCode::RejectReasonRequired);
        assert_eq!(validate(ReviewState::PerluRevisi, "", &[]).unwrap_err().code, ErrorCode::ReviewInvalid);
        let (note, notes) = validate(ReviewState::PerluRevisi, "", &[n(" 3 ", " Lampirkan SK ")]).unwrap();
        assert_eq!((note.as_str(), notes), ("", vec![n("3", "Lampirkan SK")]));
        assert!(validate(ReviewState::Diterima, "", &[]).is_ok());
    }

    #[test]
    fn notes_are_one_per_indicator_and_bounded() {
        assert!(validate(ReviewState::PerluRevisi, "", &[n("3", "a"), n("3", "b")]).is_err());
        assert!(validate(ReviewState::PerluRevisi, "", &[n("", "a")]).is_err());
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(validate(ReviewState::Diterima, &long, &[]).unwrap_err().code, ErrorCode::TextTooLong);
    }
}
