//! Living Lab core: the domain without IO. Regions, profile validation, frameworks and their
//! exact scoring, level ranges, the review of answers, action validation, number and date
//! parsing and formatting, the published national results (read, recomputed, their names matched
//! to region codes), the error type and the text catalog. Everything here is deterministic; the
//! data it reads is compiled in from `assets/`.

pub mod action;
pub mod audit_chain;
pub mod canonical;
pub mod error;
pub mod evidence;
pub mod followup;
pub mod format;
pub mod framework;
pub mod hash;
pub mod i18n;
pub mod indicator_value;
pub mod levels;
pub mod package_review;
pub mod practice;
pub mod profile;
pub mod published;
pub mod regions;
pub mod review;
pub mod scoring;
pub mod verification;

pub use canonical::{canonical_json, canonical_sha256};
pub use error::{Error, ErrorCode, ErrorKind, Result};
pub use hash::Sha256Hash;
pub use i18n::Lang;
