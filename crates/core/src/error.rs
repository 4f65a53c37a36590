//! The one error type of Living Lab. It crosses IPC as `{code, message, params}`; the code is
//! stable (tests and the UI's text catalog pin it), the message is the English text of the
//! catalog, and the UI shows `error.<code>` of its own language with the same params.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::i18n::{self, Lang};

/// Whether the user (or the calling script) can fix the error by changing the input.
/// The CLI exits 2 on `Input` and 1 on `Failure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Input,
    Failure,
}

macro_rules! error_codes {
    ($($variant:ident = $code:literal, $kind:ident;)*) => {
        /// Stable error codes. Never rename one: the UI text catalog and tests rely on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $($variant,)* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            pub fn kind(self) -> ErrorKind {
                match self { $(ErrorCode::$variant => ErrorKind::$kind,)* }
            }
        }
    };
}

error_codes! {
    RegionUnknown = "region.unknown", Input;
    WorkspaceNotEmpty = "workspace.not_empty", Input;
    WorkspaceNotFound = "workspace.not_found", Input;
    WorkspaceNotWorkspace = "workspace.not_a_workspace", Input;
    WorkspaceNewerVersion = "workspace.newer_version", Input;
    WorkspaceReadOnly = "workspace.read_only", Input;
    WorkspaceCorrupt = "workspace.corrupt", Failure;
    StorageFailed = "storage.failed", Failure;
    StorageFull = "storage.full", Failure;
    IoFailed = "io.failed", Failure;
    NipInvalid = "profile.nip_invalid", Input;
    EmailInvalid = "profile.email_invalid", Input;
    PhoneInvalid = "profile.phone_invalid", Input;
    WebsiteInvalid = "profile.website_invalid", Input;
    PostalCodeInvalid = "profile.postal_code_invalid", Input;
    HeadTitleInvalid = "profile.head_title_invalid", Input;
    TextTooLong = "input.too_long", Input;
    RequiredMissing = "input.required", Input;
    UserNameRequired = "profile.user_name_required", Input;
    EmblemInvalid = "profile.emblem_invalid", Input;
    EmblemTooLarge = "profile.emblem_too_large", Input;
    LanguageUnknown = "settings.language_unknown", Input;
    FrameworkInvalid = "framework.invalid", Input;
    FrameworkUnknown = "framework.unknown", Input;
    FrameworkConflict = "framework.conflict", Input;
    ScoreInputInvalid = "score.input_invalid", Input;
    PeriodUnknown = "period.unknown", Input;
    PeriodExists = "period.exists", Input;
    PeriodYearInvalid = "period.year_invalid", Input;
    IndicatorUnknown = "indicator.unknown", Input;
    LevelInvalid = "assessment.level_invalid", Input;
    ValueInvalid = "assessment.value_invalid", Input;
    ButirUnknown = "butir.unknown", Input;
    ButirReasonRequired = "butir.reason_required", Input;
    ChoiceInvalid = "input.choice_invalid", Input;
    ExternalIndexUnknown = "external.unknown", Input;
    StageUnknown = "period.stage_unknown", Input;
    StageDatesInvalid = "period.stage_dates_invalid", Input;
    AssessmentLocked = "assessment.locked", Input;
    StatusTransitionInvalid = "assessment.status_invalid", Input;
    ReasonRequired = "assessment.reason_required", Input;
    ImportRowInvalid = "import.row_invalid", Input;
    EvidenceTypeRefused = "evidence.type_refused", Input;
    EvidenceTooLarge = "evidence.too_large", Input;
    EvidenceUnknown = "evidence.unknown", Input;
    EvidenceUrlInvalid = "evidence.url_invalid", Input;
    EvidenceDamaged = "evidence.damaged", Failure;
    AuditBroken = "audit.broken", Failure;
    ActionUnknown = "action.unknown", Input;
    ActionInvalid = "action.invalid", Input;
    DateInvalid = "input.date_invalid", Input;
    DateUnreadable = "input.date_unreadable", Input;
    DateNotReal = "input.date_not_real", Input;
    PracticeUnknown = "practice.unknown", Input;
    DocumentUnknown = "document.unknown", Input;
    DocumentFailed = "document.failed", Failure;
    LetterInvalid = "letter.invalid", Input;
    Cancelled = "operation.cancelled", Input;
    // Storage
    WorkspaceBusy = "workspace.busy", Failure;
    HashInvalid = "input.hash_invalid", Input;
    CanonicalDataInvalid = "data.not_canonical", Failure;
    // Signing
    SignKeychainUnavailable = "sign.keychain_unavailable", Failure;
    SignKeystoreInvalid = "sign.keystore_invalid", Input;
    SignKeyNotFound = "sign.key_not_found", Input;
    SignPassphraseWrong = "sign.passphrase_wrong", Input;
    SignKeyDamaged = "sign.key_damaged", Failure;
    SignFailed = "sign.failed", Failure;
    SignSignatureInvalid = "sign.signature_invalid", Input;
    SignPdfInvalid = "sign.pdf_invalid", Input;
    SignCertificateInvalid = "sign.certificate_invalid", Input;
    SignedPdfRefused = "document.signed_pdf_refused", Input;
    StatusUnknown = "assessment.status_unknown", Input;
    PracticeInvalid = "practice.invalid", Input;
    ScanTypeRefused = "document.scan_type_refused", Input;
    RequestHeaderInvalid = "request.header_invalid", Input;
    NumberInvalid = "input.number_invalid", Input;
    LevelMissing = "assessment.level_missing", Input;
    MilestoneUnknown = "action.milestone_unknown", Input;
    // Packages
    PackageInvalid = "package.invalid", Input;
    PackageUnreadable = "package.unreadable", Input;
    PackageChainMoved = "package.chain_moved", Failure;
    PackageUnknown = "package.unknown", Input;
    PackageOutExists = "package.out_exists", Input;
    HubNotFound = "hub.not_found", Input;
    HubNotEmpty = "hub.not_empty", Input;
    HubNotHub = "hub.not_a_hub", Input;
    HubKeyInvalid = "hub.key_invalid", Input;
    HubFingerprintMismatch = "hub.fingerprint_mismatch", Input;
    HubKeyUnknown = "hub.key_unknown", Input;
    HubKeyConflict = "hub.key_conflict", Input;
    HubLetterInvalid = "hub.letter_invalid", Input;
    // Sending to the hub
    ReceiptInvalid = "hub.receipt_invalid", Failure;
    HubLinkMissing = "hub_link.missing", Input;
    HubUrlInvalid = "hub_link.url_invalid", Input;
    HubProxyInvalid = "hub_link.proxy_invalid", Input;
    HubUnreachable = "transport.unreachable", Failure;
    HubNotAHub = "transport.not_a_hub", Failure;
    HubKeyMismatch = "transport.hub_key_mismatch", Input;
    HubProtocolUnsupported = "transport.protocol_unsupported", Input;
    HubRefused = "transport.refused", Input;
    HubFailed = "transport.hub_failed", Failure;
    HubTlsFailed = "transport.tls_failed", Failure;
    HubServeFailed = "hub.serve_failed", Failure;
    // Reviews
    ReviewInvalid = "review.invalid", Input;
    ReviewNotHead = "review.not_head", Input;
    ReviewFileInvalid = "review.file_invalid", Input;
    ReviewNoteUnknown = "review.note_unknown", Input;
    ReviewUnanswered = "package.review_unanswered", Input;
    PeriodLocked = "hub.period_locked", Input;
    PeriodNotLocked = "hub.period_not_locked", Input;
    RejectReasonRequired = "review.reason_required", Input;
    UnlockReasonRequired = "hub.unlock_reason_required", Input;
    RecapEmpty = "hub.recap_empty", Input;
    // The national benchmark
    BenchmarkRowInvalid = "benchmark.row_invalid", Input;
    BenchmarkFileTooLarge = "benchmark.file_too_large", Input;
    BenchmarkYearUnknown = "benchmark.year_unknown", Input;
    BenchmarkRowUnknown = "benchmark.row_unknown", Input;
    BenchmarkCodeTaken = "benchmark.code_taken", Input;
    BenchmarkRegionAbsent = "benchmark.region_absent", Input;
    // The hub's views across regions
    ProvinceUnknown = "region.province_unknown", Input;
    RegionKindUnknown = "region.kind_unknown", Input;
    CompareRegionsDiffer = "hub.compare_regions_differ", Input;
}

/// An error with a stable code and the values its message speaks of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub params: Vec<(String, String)>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode) -> Self {
        Error { code, params: Vec::new() }
    }

    /// Adds a value the message refers to as `{name}`.
    pub fn with(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.params.push((name.to_string(), value.to_string()));
        self
    }

    /// A `detail` written in both languages: `id` is shown to Indonesian readers, `en` otherwise.
    pub fn with_detail(self, id: impl fmt::Display, en: impl fmt::Display) -> Self {
        self.with("detail", en).with("detail@id", id)
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn kind(&self) -> ErrorKind {
        self.code.kind()
    }

    /// The message in the given language, from the text catalog.
    pub fn message_in(&self, lang: Lang) -> String {
        let key = format!("error.{}", self.code.as_str());
        i18n::text_with(lang, &key, &self.params_in(lang))
    }

    /// The params with each `name@<lang>` variant of this language in place of `name`.
    pub fn params_in(&self, lang: Lang) -> Vec<(String, String)> {
        let suffix = format!("@{}", lang.code());
        let mut out: Vec<(String, String)> = self.params.iter().filter(|(k, _)| !k.contains('@')).cloned().collect();
        for (k, v) in &self.params {
            if let Some(base) = k.strip_suffix(&suffix) {
                match out.iter_mut().find(|(b, _)| b == base) {
                    Some(slot) => slot.1 = v.clone(),
                    None => out.push((base.to_string(), v.clone())),
                }
            }
        }
        out
    }

    /// Wraps an unexpected IO failure, naming what was being done.
    pub fn io(what: impl fmt::Display, err: impl fmt::Display) -> Self {
        let detail = err.to_string();
        match os_condition(&detail) {
            Some(OsCondition::Full) => Error::new(ErrorCode::StorageFull).with("what", what).with("detail", detail),
            Some(OsCondition::ReadOnly) => {
                Error::new(ErrorCode::WorkspaceReadOnly).with("reason", format!("{what}: {detail}")).with("what", what)
            }
            None => Error::new(ErrorCode::IoFailed).with("what", what).with("detail", detail),
        }
    }

    /// A value read from the workspace that is none of those it may be: the workspace is
    /// reported as corrupt with what was found, never read as a default.
    pub fn corrupt_value(what: &str, found: &str) -> Self {
        Error::new(ErrorCode::WorkspaceCorrupt).with("detail", format!("{what} \"{found}\" is not a known value"))
    }

    pub fn storage(err: impl fmt::Display) -> Self {
        let detail = err.to_string();
        match os_condition(&detail) {
            Some(OsCondition::Full) => {
                Error::new(ErrorCode::StorageFull).with("what", "save to the workspace").with("detail", detail)
            }
            _ => Error::new(ErrorCode::StorageFailed).with("detail", detail),
        }
    }

    /// The disk or flash drive holding the workspace is full (SQLite's SQLITE_FULL, or the
    /// operating system's "no space left").
    pub fn storage_full(what: impl fmt::Display, detail: impl fmt::Display) -> Self {
        Error::new(ErrorCode::StorageFull).with("what", what).with("detail", detail)
    }
}

enum OsCondition {
    Full,
    ReadOnly,
}

/// What an operating-system error's text says about the storage: `std::io::Error` shows its
/// code as "(os error N)". ENOSPC and EDQUOT (a quota) are a full disk, EROFS a read-only one;
/// on Windows ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL, and ERROR_WRITE_PROTECT.
fn os_condition(text: &str) -> Option<OsCondition> {
    let code: i32 = text.rsplit_once("(os error ")?.1.strip_suffix(')')?.parse().ok()?;
    let (full, read_only): (&[i32], &[i32]) = if cfg!(windows) { (&[39, 112], &[19]) } else { (&[28, 122], &[30]) };
    if full.contains(&code) {
        Some(OsCondition::Full)
    } else if read_only.contains(&code) {
        Some(OsCondition::ReadOnly)
    } else {
        None
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_in(Lang::En))
    }
}

impl std::error::Error for Error {}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 3)?;
        s.serialize_field("code", self.code.as_str())?;
        s.serialize_field("message", &self.message_in(Lang::En))?;
        let params: std::collections::BTreeMap<&str, &str> =
            self.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        s.serialize_field("params", &params)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_dotted() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {}", code.as_str());
            assert!(code.as_str().contains('.'), "{} has no namespace", code.as_str());
        }
    }

    #[test]
    fn a_full_or_read_only_disk_is_told_apart_from_other_failures() {
        let full = std::io::Error::from_raw_os_error(if cfg!(windows) { 112 } else { 28 });
        assert_eq!(Error::io("store the file", &full).code, ErrorCode::StorageFull);
        assert_eq!(Error::storage(&full).code, ErrorCode::StorageFull);
        if cfg!(unix) {
            let ro = std::io::Error::from_raw_os_error(30);
            assert_eq!(Error::io("store the file", &ro).code, ErrorCode::WorkspaceReadOnly);
        }
        let other = std::io::Error::from_raw_os_error(2);
        assert_eq!(Error::io("read the file", &other).code, ErrorCode::IoFailed);
        assert_eq!(Error::io("read the file", "no code here").code, ErrorCode::IoFailed);
        let e = Error::io("store the file", &full);
        assert!(e.message_in(Lang::Id).contains("penuh"), "{}", e.message_in(Lang::Id));
    }

    #[test]
    fn every_code_has_a_message_in_both_languages() {
        for code in ErrorCode::ALL {
            let key = format!("error.{}", code.as_str());
            for lang in [Lang::Id, Lang::En] {
                assert!(i18n::has_text(lang, &key), "{key} missing in {lang:?}");
            }
        }
    }

    #[test]
    fn a_detail_reads_in_the_language_asked_for() {
        let err = Error::new(ErrorCode::FrameworkInvalid).with_detail("bobot tidak sesuai", "weights do not add up");
        assert!(err.message_in(Lang::Id).contains("bobot tidak sesuai"));
        assert!(err.message_in(Lang::En).contains("weights do not add up"));
        assert_eq!(err.param("detail"), Some("weights do not add up"));
    }

    #[test]
    fn serializes_code_message_and_params() {
        let err = Error::new(ErrorCode::RegionUnknown).with("code", "99.99");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["code"], "region.unknown");
        assert_eq!(json["params"]["code"], "99.99");
        assert!(json["message"].as_str().unwrap().contains("99.99"));
        assert!(err.message_in(Lang::Id).contains("99.99"));
        assert_ne!(err.message_in(Lang::Id), err.message_in(Lang::En));
    }
}
