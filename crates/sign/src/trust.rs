//! Trust anchors: the root certificates a TTE signature's chain must reach.
//!
//! Invariants:
//! - Anchors are data. The shipped ones live in `assets/trust/anchors.pem` and each is pinned
//!   by the SHA-256 of its DER in `assets/trust/pins.txt`; a certificate in the bundle without a
//!   pin is never loaded (and a test fails), so nobody can slip a root in by editing one file.
//! - Anchors a user adds (`trust add FILE.pem`) are parsed the same way and carry
//!   [`AnchorOrigin::Added`]; where they are kept is the caller's business (the workspace).

use der::{Decode, Encode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_cert::Certificate;

use livinglab_core::{Error, ErrorCode, Result};

use crate::x509::{common_name, unix_time};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorOrigin {
    Shipped,
    Added,
}

/// A root certificate trusted for signature chains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustAnchor {
    der: Vec<u8>,
    pub(crate) cert: Certificate,
    sha256: String,
    pub origin: AnchorOrigin,
}

/// What `trust list --json` shows of an anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorInfo {
    pub subject: String,
    pub common_name: Option<String>,
    pub sha256: String,
    pub origin: AnchorOrigin,
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
}

fn invalid(detail: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::SignCertificateInvalid).with("detail", detail)
}

impl TrustAnchor {
    pub fn from_der(der: &[u8], origin: AnchorOrigin) -> Result<TrustAnchor> {
        let cert = Certificate::from_der(der).map_err(invalid)?;
        // Re-encoding must give the same bytes: the pin is over the DER as published.
        if cert.to_der().map_err(invalid)? != der {
            return Err(invalid("not DER-encoded"));
        }
        Ok(TrustAnchor { der: der.to_vec(), cert, sha256: hex::encode(Sha256::digest(der)), origin })
    }

    /// The first `CERTIFICATE` block of a PEM text.
    pub fn from_pem(text: &str, origin: AnchorOrigin) -> Result<TrustAnchor> {
        let der = pem_certificates(text)?.into_iter().next().ok_or_else(|| invalid("no CERTIFICATE block"))?;
        TrustAnchor::from_der(&der, origin)
    }

    /// A certificate file as users have them: PEM, or DER (`.cer`, `.crt`).
    pub fn from_file_bytes(bytes: &[u8], origin: AnchorOrigin) -> Result<TrustAnchor> {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN") => TrustAnchor::from_pem(text, origin),
            _ => TrustAnchor::from_der(bytes, origin),
        }
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Lowercase hex SHA-256 of the DER: the pin.
    pub fn sha256_hex(&self) -> &str {
        &self.sha256
    }

    pub fn subject(&self) -> String {
        self.cert.tbs_certificate.subject.to_string()
    }

    pub fn info(&self) -> AnchorInfo {
        let validity = &self.cert.tbs_certificate.validity;
        AnchorInfo {
            subject: self.subject(),
            common_name: common_name(&self.cert.tbs_certificate.subject),
            sha256: self.sha256.clone(),
            origin: self.origin,
            not_before: unix_time(&validity.not_before),
            not_after: unix_time(&validity.not_after),
        }
    }
}

/// Every `CERTIFICATE` block of a PEM text, as DER.
pub fn pem_certificates(text: &str) -> Result<Vec<Vec<u8>>> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let after = &rest[start..];
        let end = after.find(END).ok_or_else(|| invalid("a CERTIFICATE block has no end line"))? + END.len();
        let (_label, der) = der::pem::decode_vec(&after.as_bytes()[..end]).map_err(invalid)?;
        out.push(der);
        rest = &after[end..];
    }
    Ok(out)
}

const SHIPPED_BUNDLE: &str = include_str!("../../../assets/trust/anchors.pem");
const SHIPPED_PINS: &str = include_str!("../../../assets/trust/pins.txt");

/// The pins of `pins.txt`: the first word of each line that is not blank or a `#` comment.
fn shipped_pins() -> Vec<String> {
    SHIPPED_PINS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The anchors compiled into the program whose SHA-256 is pinned.
pub fn shipped_anchors() -> Vec<TrustAnchor> {
    let pins = shipped_pins();
    pem_certificates(SHIPPED_BUNDLE)
        .unwrap_or_default()
        .iter()
        .filter_map(|der| TrustAnchor::from_der(der, AnchorOrigin::Shipped).ok())
        .filter(|a| pins.iter().any(|p| p == a.sha256_hex()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_certificate_is_pinned_and_every_pin_has_its_certificate() {
        let bundle = pem_certificates(SHIPPED_BUNDLE).unwrap();
        let pins = shipped_pins();
        assert_eq!(bundle.len(), pins.len(), "anchors.pem and pins.txt disagree");
        assert_eq!(shipped_anchors().len(), pins.len(), "a shipped certificate does not match its pin");
    }
}
