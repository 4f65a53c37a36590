//! The self-signed X.509 certificate that carries the workspace key in a PDF seal.
//!
//! Invariants:
//! - The certificate is a function of the key, the subject and the validity: the serial number
//!   is derived from them and ECDSA uses RFC 6979 nonces, so rebuilding gives the same DER.
//! - The subject reads `CN=Segel elektronik Living Lab — <region>, O=<office>, C=ID`; CN and O
//!   are UTF8String, C is PrintableString. It names the office's workspace, never a person.
//! - It is an end-entity certificate (basicConstraints CA false, keyUsage digitalSignature and
//!   nonRepudiation). Readers show it as "issuer unknown" until the key is trusted: trust in the
//!   seal comes from Sumedang's key registry, not from a CA.

use der::asn1::{PrintableStringRef, SetOfVec, Utf8StringRef};
use der::{Any, Decode, Encode};
use p256::ecdsa::DerSignature;
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;
use time::OffsetDateTime;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use livinglab_core::{Error, ErrorCode, Result};

use crate::identity::Signer;

/// A certificate (DER) with its parsed form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealCertificate {
    der: Vec<u8>,
    pub(crate) cert: Certificate,
}

impl SealCertificate {
    /// Parses a certificate from DER (e.g. one stored in the workspace).
    pub fn from_der(der: &[u8]) -> Result<SealCertificate> {
        let cert =
            Certificate::from_der(der).map_err(|e| Error::new(ErrorCode::SignCertificateInvalid).with("detail", e))?;
        Ok(SealCertificate { der: der.to_vec(), cert })
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn pem(&self) -> String {
        der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &self.der).unwrap_or_default()
    }

    /// The subject as an RFC 4514 string.
    pub fn subject(&self) -> String {
        self.cert.tbs_certificate.subject.to_string()
    }

    /// The SPKI DER of the certified key (what [`crate::Identity::public_key`] holds).
    pub fn public_key(&self) -> Vec<u8> {
        self.cert.tbs_certificate.subject_public_key_info.to_der().unwrap_or_default()
    }
}

/// Who the seal is for: shown by PDF readers as the signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealSubject {
    /// e.g. "Kabupaten Sumedang".
    pub region: String,
    /// e.g. "Dinas Komunikasi dan Informatika".
    pub office: String,
}

impl SealSubject {
    pub fn common_name(&self) -> String {
        format!("Segel elektronik Living Lab — {}", self.region.trim())
    }
}

/// Builds the seal certificate of `signer`'s key, valid from `not_before` to `not_after`.
pub fn seal_certificate(
    signer: &Signer,
    subject: &SealSubject,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
) -> Result<SealCertificate> {
    let failed = |e: &dyn std::fmt::Display| Error::new(ErrorCode::SignFailed).with("detail", e);
    if subject.region.trim().is_empty() || subject.office.trim().is_empty() {
        return Err(Error::new(ErrorCode::RequiredMissing).with("field", "region/office"));
    }
    let name = seal_name(subject).map_err(|e| failed(&e))?;
    let validity = Validity { not_before: x509_time(not_before)?, not_after: x509_time(not_after)? };
    let spki = SubjectPublicKeyInfoOwned::from_der(&signer.identity().public_key).map_err(|e| failed(&e))?;
    let serial = derived_serial(&signer.identity().public_key, &name, &validity)?;
    let profile = Profile::Leaf { issuer: name.clone(), enable_key_agreement: false, enable_key_encipherment: false };
    let builder =
        CertificateBuilder::new(profile, serial, validity, name, spki, signer.signing_key()).map_err(|e| failed(&e))?;
    let cert = builder.build::<DerSignature>().map_err(|e| failed(&e))?;
    let der = cert.to_der().map_err(|e| failed(&e))?;
    Ok(SealCertificate { der, cert })
}

fn seal_name(subject: &SealSubject) -> der::Result<Name> {
    let rdn = |oid, value: Any| -> der::Result<RelativeDistinguishedName> {
        let mut set = SetOfVec::new();
        set.insert(AttributeTypeAndValue { oid, value })?;
        Ok(RelativeDistinguishedName(set))
    };
    let utf8 = |s: &str| -> der::Result<Any> { Any::encode_from(&Utf8StringRef::new(s)?) };
    // X.509 order is from the most general RDN to the most specific.
    Ok(RdnSequence(vec![
        rdn(const_oid::db::rfc4519::C, Any::encode_from(&PrintableStringRef::new("ID")?)?)?,
        rdn(const_oid::db::rfc4519::O, utf8(subject.office.trim())?)?,
        rdn(const_oid::db::rfc4519::CN, utf8(&subject.common_name())?)?,
    ]))
}

fn x509_time(t: OffsetDateTime) -> Result<Time> {
    let system: std::time::SystemTime = t.into();
    Time::try_from(system).map_err(|e| Error::new(ErrorCode::SignFailed).with("detail", e))
}

/// 127 bits of SHA-256 over key, subject and validity: unique per certificate, and positive.
fn derived_serial(public_key: &[u8], name: &Name, validity: &Validity) -> Result<SerialNumber> {
    let failed = |e: der::Error| Error::new(ErrorCode::SignFailed).with("detail", e);
    let mut hash = Sha256::new();
    hash.update(public_key);
    hash.update(name.to_der().map_err(failed)?);
    hash.update(validity.to_der().map_err(failed)?);
    let mut bytes: [u8; 16] = hash.finalize()[..16].try_into().expect("16 of 32 bytes");
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    SerialNumber::new(&bytes).map_err(failed)
}
