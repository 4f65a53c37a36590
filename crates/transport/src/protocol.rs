//! The hub protocol, version 1 (docs/HUB-PROTOCOL.md): the paths and the JSON both ends speak.

use livinglab_package::verify::Messages;
use serde::{Deserialize, Serialize};

pub const PROTOCOL_VERSION: u32 = 1;
/// What a hub answers as `service` in its hello: a captive portal's page never says it.
pub const SERVICE: &str = "livinglab-hub";

pub const PATH_HELLO: &str = "/api/v1/hello";
pub const PATH_OFFER: &str = "/api/v1/packages/offer";

pub fn path_file(package_id: &str, sha256: &str) -> String {
    format!("/api/v1/packages/{package_id}/files/{sha256}")
}

pub fn path_review(package_id: &str) -> String {
    format!("/api/v1/packages/{package_id}/review")
}

pub fn path_submit(package_id: &str) -> String {
    format!("/api/v1/packages/{package_id}/submit")
}

/// `GET /api/v1/hello`: who the hub is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub service: String,
    pub protocol: u32,
    pub hub_id: String,
    pub name: String,
    pub key_id: String,
    /// SPKI DER, base64.
    pub public_key: String,
    pub fingerprint: String,
    pub app_version: String,
}

/// `POST /api/v1/packages/offer`: the signed manifest, before any file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// The bytes of `manifest.json`, base64.
    pub manifest: String,
    /// The bytes of `manifest.sig`, base64.
    pub signature: String,
}

/// One file the hub still lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wanted {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// `200` to an offer: upload these, then submit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferReply {
    pub package_id: String,
    pub missing: Vec<Wanted>,
    /// Files the hub holds already (from an earlier try, or from another package).
    pub present: usize,
}

/// A refusal or an error, with its message in both languages. `checks` lists the package's
/// checks when they ran; `missing` the files a submit still lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub code: String,
    pub message: Messages,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<ProblemCheck>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<Wanted>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemCheck {
    pub code: String,
    pub status: String,
    pub message: Messages,
}

/// Codes a [`Problem`] carries (stable).
pub mod codes {
    pub const PACKAGE_INVALID: &str = "package.invalid";
    pub const KEY_UNKNOWN: &str = "hub.key";
    pub const CHAIN: &str = "hub.chain";
    pub const OFFER_UNKNOWN: &str = "offer.unknown";
    pub const FILE_NOT_LISTED: &str = "offer.file_not_listed";
    pub const FILE_TOO_LARGE: &str = "upload.too_large";
    pub const FILE_HASH: &str = "upload.hash_mismatch";
    pub const FILE_SHORT: &str = "upload.incomplete";
    pub const FILES_MISSING: &str = "submit.files_missing";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const STORAGE_FULL: &str = "storage.full";
    pub const BAD_REQUEST: &str = "request.invalid";
    pub const SLOW: &str = "request.too_slow";
    pub const INTERNAL: &str = "hub.internal";
}
