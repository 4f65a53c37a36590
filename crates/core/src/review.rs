//! The review of an answer: draft → diajukan (submitted) → terverifikasi (verified, locked).
//! A submitted answer can be returned to draft; a verified one is reopened to draft only with a
//! reason. An answer is submitted only once it has a level. Verifying names the verifier, and
//! the person who submitted an answer may verify it only as *self-verified* (a small office
//! may have one operator), which is recorded and shown. The app asks this module which moves
//! are allowed, so the UI, the CLI and the store agree.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Diajukan,
    Terverifikasi,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::Diajukan, Status::Terverifikasi];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Diajukan => "diajukan",
            Status::Terverifikasi => "terverifikasi",
        }
    }

    /// A status word as a person types it (Indonesian or English), or None.
    pub fn parse(s: &str) -> Option<Status> {
        match s.trim().to_lowercase().as_str() {
            "draft" => Some(Status::Draft),
            "diajukan" | "submitted" => Some(Status::Diajukan),
            "terverifikasi" | "verified" => Some(Status::Terverifikasi),
            _ => None,
        }
    }

    /// A status word given as input, or `assessment.status_unknown`.
    pub fn parse_input(s: &str) -> Result<Status> {
        Status::parse(s).ok_or_else(|| Error::new(ErrorCode::StatusUnknown).with("value", s.trim()))
    }

    /// A status as stored: exactly its own word, or `workspace.corrupt` naming what was found.
    pub fn from_stored(s: &str) -> Result<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s).ok_or_else(|| Error::corrupt_value("assessment status", s))
    }

    /// A verified answer cannot be edited.
    pub fn is_locked(self) -> bool {
        self == Status::Terverifikasi
    }
}

/// One allowed move of the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    /// What the move is called in the audit trail and the UI: submit, verify, return, reopen.
    pub action: &'static str,
    pub needs_reason: bool,
}

const TRANSITIONS: [Transition; 4] = [
    Transition { from: Status::Draft, to: Status::Diajukan, action: "submit", needs_reason: false },
    Transition { from: Status::Diajukan, to: Status::Terverifikasi, action: "verify", needs_reason: false },
    Transition { from: Status::Diajukan, to: Status::Draft, action: "return", needs_reason: false },
    Transition { from: Status::Terverifikasi, to: Status::Draft, action: "reopen", needs_reason: true },
];

/// The moves allowed from `from`, in the order the UI offers them.
pub fn transitions_from(from: Status) -> Vec<Transition> {
    TRANSITIONS.iter().copied().filter(|t| t.from == from).collect()
}

/// The move from `from` to `to`, checked: allowed, a level given before submitting, and a
/// reason given to reopen.
pub fn check_transition(
    from: Status,
    to: Status,
    indicator: &str,
    has_level: bool,
    reason: Option<&str>,
) -> Result<Transition> {
    let t = TRANSITIONS.iter().copied().find(|t| t.from == from && t.to == to).ok_or_else(|| {
        Error::new(ErrorCode::StatusTransitionInvalid).with("from", from.as_str()).with("to", to.as_str())
    })?;
    if to == Status::Diajukan && !has_level {
        return Err(Error::new(ErrorCode::LevelMissing).with("indicator", indicator));
    }
    if t.needs_reason && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(Error::new(ErrorCode::ReasonRequired));
    }
    Ok(t)
}

/// Who verified an answer and whether it was the person who submitted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verifier {
    pub name: String,
    /// The verifier also submitted the answer: recorded and shown as *diverifikasi sendiri*.
    pub self_verified: bool,
}

/// Whether two user names are the same person's: compared without case and extra spaces.
pub fn same_person(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// The verifier of an answer submitted by `submitted_by` (None when not known), when the user
/// `user_name` verifies it: a name is required (`profile.user_name_required`), and the one who
/// submitted it verifying it is self-verification.
pub fn verifier(submitted_by: Option<&str>, user_name: &str) -> Result<Verifier> {
    let name = user_name.trim();
    if name.is_empty() {
        return Err(Error::new(ErrorCode::UserNameRequired).with("field", "user_name"));
    }
    Ok(Verifier { name: name.to_string(), self_verified: submitted_by.is_some_and(|s| same_person(s, name)) })
}

/// Whether verifying now would be self-verification: the UI asks before it, the CLI says so.
pub fn would_self_verify(status: Status, submitted_by: Option<&str>, user_name: &str) -> bool {
    status == Status::Diajukan && submitted_by.is_some_and(|s| same_person(s, user_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_offers_its_moves() {
        let to = |from| transitions_from(from).iter().map(|t| t.to).collect::<Vec<_>>();
        assert_eq!(to(Status::Draft), [Status::Diajukan]);
        assert_eq!(to(Status::Diajukan), [Status::Terverifikasi, Status::Draft]);
        assert_eq!(to(Status::Terverifikasi), [Status::Draft]);
        assert!(transitions_from(Status::Terverifikasi)[0].needs_reason);
    }

    #[test]
    fn moves_are_checked() {
        use Status::*;
        assert_eq!(
            check_transition(Draft, Terverifikasi, "1", true, None).unwrap_err().code,
            ErrorCode::StatusTransitionInvalid
        );
        assert_eq!(check_transition(Draft, Diajukan, "1", false, None).unwrap_err().code, ErrorCode::LevelMissing);
        assert_eq!(
            check_transition(Terverifikasi, Draft, "1", true, Some("  ")).unwrap_err().code,
            ErrorCode::ReasonRequired
        );
        assert_eq!(check_transition(Terverifikasi, Draft, "1", true, Some("salah")).unwrap().action, "reopen");
        assert_eq!(check_transition(Diajukan, Draft, "1", true, None).unwrap().action, "return");
    }

    #[test]
    fn verifying_names_the_verifier_and_notes_self_verification() {
        assert_eq!(verifier(Some("Ani"), "  ").unwrap_err().code, ErrorCode::UserNameRequired);
        assert_eq!(verifier(None, "").unwrap_err().param("field"), Some("user_name"));
        let v = verifier(Some("Operator  Diskominfo"), " operator diskominfo ").unwrap();
        assert!(v.self_verified);
        assert_eq!(v.name, "operator diskominfo");
        let other = verifier(Some("Ani"), "Budi").unwrap();
        assert_eq!(other, Verifier { name: "Budi".into(), self_verified: false });
        assert!(!verifier(None, "Budi").unwrap().self_verified, "an unknown submitter is not the verifier");
        assert!(would_self_verify(Status::Diajukan, Some("Ani"), "ani"));
        assert!(!would_self_verify(Status::Draft, Some("Ani"), "Ani"));
        assert!(!same_person("", ""));
    }

    #[test]
    fn words_in_and_out() {
        assert_eq!(Status::parse(" Submitted "), Some(Status::Diajukan));
        assert_eq!(Status::parse_input("done").unwrap_err().code, ErrorCode::StatusUnknown);
        assert_eq!(Status::from_stored("terverifikasi").unwrap(), Status::Terverifikasi);
        let e = Status::from_stored("Verified").unwrap_err();
        assert_eq!(e.code, ErrorCode::WorkspaceCorrupt);
        assert!(e.param("detail").unwrap().contains("Verified"));
    }
}
