//! Certificate helpers for verification: names, times, signature checks and chain building.
//!
//! Invariants:
//! - Supported signatures: RSA PKCS#1 v1.5 with SHA-256/384/512 and ECDSA P-256 with
//!   SHA-256/384/512. Anything else is reported as unsupported, never accepted.
//! - A chain is trusted only when every link's signature verifies with its issuer's key, every
//!   certificate (the anchor too) is valid at the time asked, every issuer is a CA, and the
//!   last link is signed by a pinned anchor. At most [`MAX_CHAIN`] links are tried.

use const_oid::db::rfc5912;
use const_oid::ObjectIdentifier;
use der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::{Decode, Encode};
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::pkcs8::DecodePublicKey;
use sha2::{Digest, Sha256, Sha384, Sha512};
use time::OffsetDateTime;
use x509_cert::ext::pkix::BasicConstraints;
use x509_cert::name::Name;
use x509_cert::time::Time;
use x509_cert::Certificate;

use crate::trust::TrustAnchor;

pub const MAX_CHAIN: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Hash> {
        match *oid {
            rfc5912::ID_SHA_256 => Some(Hash::Sha256),
            rfc5912::ID_SHA_384 => Some(Hash::Sha384),
            rfc5912::ID_SHA_512 => Some(Hash::Sha512),
            _ => None,
        }
    }

    pub fn digest_parts(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            parts.iter().for_each(|p| d.update(p));
            d.finalize().to_vec()
        }
        match self {
            Hash::Sha256 => run::<Sha256>(parts),
            Hash::Sha384 => run::<Sha384>(parts),
            Hash::Sha512 => run::<Sha512>(parts),
        }
    }

    pub fn digest(self, bytes: &[u8]) -> Vec<u8> {
        self.digest_parts(&[bytes])
    }
}

const RSA_ENCRYPTION: ObjectIdentifier = rfc5912::RSA_ENCRYPTION;
const EC_PUBLIC_KEY: ObjectIdentifier = rfc5912::ID_EC_PUBLIC_KEY;

/// The hash a signature algorithm names, or `default` for a bare key algorithm (CMS signers
/// often write `rsaEncryption` and leave the hash to the digest algorithm).
fn hash_of_signature_algorithm(oid: &ObjectIdentifier, default: Option<Hash>) -> Option<Hash> {
    match *oid {
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION | rfc5912::ECDSA_WITH_SHA_256 => Some(Hash::Sha256),
        rfc5912::SHA_384_WITH_RSA_ENCRYPTION | rfc5912::ECDSA_WITH_SHA_384 => Some(Hash::Sha384),
        rfc5912::SHA_512_WITH_RSA_ENCRYPTION | rfc5912::ECDSA_WITH_SHA_512 => Some(Hash::Sha512),
        RSA_ENCRYPTION | EC_PUBLIC_KEY => default,
        _ => None,
    }
}

/// Checks `signature` over `message` with the key in `spki_der` under `algorithm`.
pub fn verify_signature(
    spki_der: &[u8],
    algorithm: &ObjectIdentifier,
    default_hash: Option<Hash>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    let hash = hash_of_signature_algorithm(algorithm, default_hash)
        .ok_or_else(|| format!("unsupported signature algorithm {algorithm}"))?;
    let digest = hash.digest(message);
    let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der).map_err(|e| format!("public key: {e}"))?;
    match spki.algorithm.oid {
        RSA_ENCRYPTION => {
            if !matches!(*algorithm, RSA_ENCRYPTION)
                && !matches!(
                    *algorithm,
                    rfc5912::SHA_256_WITH_RSA_ENCRYPTION
                        | rfc5912::SHA_384_WITH_RSA_ENCRYPTION
                        | rfc5912::SHA_512_WITH_RSA_ENCRYPTION
                )
            {
                return Err("an RSA key with a non-RSA signature algorithm".into());
            }
            let key = rsa::RsaPublicKey::from_public_key_der(spki_der).map_err(|e| format!("RSA key: {e}"))?;
            let scheme = match hash {
                Hash::Sha256 => rsa::Pkcs1v15Sign::new::<Sha256>(),
                Hash::Sha384 => rsa::Pkcs1v15Sign::new::<Sha384>(),
                Hash::Sha512 => rsa::Pkcs1v15Sign::new::<Sha512>(),
            };
            key.verify(scheme, &digest, signature).map_err(|_| "the RSA signature does not verify".into())
        }
        EC_PUBLIC_KEY => {
            let key = p256::ecdsa::VerifyingKey::from_public_key_der(spki_der)
                .map_err(|_| "an elliptic-curve key other than P-256".to_string())?;
            let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| "not a DER ECDSA signature")?;
            key.verify_prehash(&digest, &sig).map_err(|_| "the ECDSA signature does not verify".into())
        }
        other => Err(format!("unsupported key algorithm {other}")),
    }
}

/// The common name (CN) of a name, if it has one in a string form.
pub fn common_name(name: &Name) -> Option<String> {
    name.0.iter().rev().flat_map(|rdn| rdn.0.iter()).find(|atv| atv.oid == const_oid::db::rfc4519::CN).and_then(|atv| {
        let v = &atv.value;
        Utf8StringRef::try_from(v)
            .map(|s| s.as_str().to_string())
            .or_else(|_| PrintableStringRef::try_from(v).map(|s| s.as_str().to_string()))
            .or_else(|_| Ia5StringRef::try_from(v).map(|s| s.as_str().to_string()))
            .or_else(|_| TeletexStringRef::try_from(v).map(|s| s.as_str().to_string()))
            .ok()
    })
}

pub fn unix_time(t: &Time) -> OffsetDateTime {
    let secs = i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

pub fn valid_at(cert: &Certificate, at: OffsetDateTime) -> bool {
    let v = &cert.tbs_certificate.validity;
    unix_time(&v.not_before) <= at && at <= unix_time(&v.not_after)
}

fn spki_der(cert: &Certificate) -> Vec<u8> {
    cert.tbs_certificate.subject_public_key_info.to_der().unwrap_or_default()
}

/// Whether `issuer`'s key signed `cert`.
pub fn signed_by(cert: &Certificate, issuer: &Certificate) -> bool {
    let Ok(tbs) = cert.tbs_certificate.to_der() else { return false };
    let Some(signature) = cert.signature.as_bytes() else { return false };
    verify_signature(&spki_der(issuer), &cert.signature_algorithm.oid, None, &tbs, signature).is_ok()
}

/// A CA certificate: basicConstraints with cA true. (Roots of old without the extension are
/// accepted as anchors only, where the user chose them explicitly.)
fn is_ca(cert: &Certificate) -> bool {
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS)
        .and_then(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).ok())
        .is_some_and(|bc| bc.ca)
}

/// The outcome of building a chain from a signer certificate.
#[derive(Debug, Clone, Default)]
pub struct ChainResult {
    pub trusted: bool,
    /// Subjects from the signer up to (and including) the anchor or the last link found.
    pub path: Vec<String>,
    pub anchor_sha256: Option<String>,
    pub problem: Option<String>,
}

/// Builds the chain of `signer` from `pool` (the CMS certificates) up to one of `anchors`,
/// checking each link at time `at`.
pub fn build_chain(
    signer: &Certificate,
    pool: &[Certificate],
    anchors: &[TrustAnchor],
    at: OffsetDateTime,
) -> ChainResult {
    let mut result = ChainResult::default();
    let mut current = signer.clone();
    for depth in 0..MAX_CHAIN {
        result.path.push(current.tbs_certificate.subject.to_string());
        if !valid_at(&current, at) {
            result.problem =
                Some(format!("certificate \"{}\" is not valid at the signing time", display_name(&current)));
            return result;
        }
        if depth > 0 && !is_ca(&current) {
            result.problem = Some(format!("certificate \"{}\" is not a CA", display_name(&current)));
            return result;
        }
        if let Some(anchor) = anchors.iter().find(|a| a.cert == current) {
            result.trusted = true;
            result.anchor_sha256 = Some(anchor.sha256_hex().to_string());
            return result;
        }
        let issuer_name = &current.tbs_certificate.issuer;
        if let Some(anchor) =
            anchors.iter().find(|a| &a.cert.tbs_certificate.subject == issuer_name && signed_by(&current, &a.cert))
        {
            result.path.push(anchor.subject());
            if !valid_at(&anchor.cert, at) {
                result.problem =
                    Some(format!("the root \"{}\" is not valid at the signing time", display_name(&anchor.cert)));
                return result;
            }
            result.trusted = true;
            result.anchor_sha256 = Some(anchor.sha256_hex().to_string());
            return result;
        }
        let next =
            pool.iter().find(|c| &c.tbs_certificate.subject == issuer_name && **c != current && signed_by(&current, c));
        match next {
            Some(issuer) => current = issuer.clone(),
            None => {
                result.problem = Some(if &current.tbs_certificate.subject == issuer_name {
                    format!("the root \"{}\" is not a trusted anchor", display_name(&current))
                } else {
                    format!("the issuer of \"{}\" is unknown or not trusted", display_name(&current))
                });
                return result;
            }
        }
    }
    result.problem = Some("the certificate chain is too long".into());
    result
}

pub fn display_name(cert: &Certificate) -> String {
    common_name(&cert.tbs_certificate.subject).unwrap_or_else(|| cert.tbs_certificate.subject.to_string())
}
