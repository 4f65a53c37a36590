//! CMS SignedData for a detached PDF signature (RFC 5652, CAdES-shaped as PAdES asks).
//!
//! Invariants:
//! - The content is external: `eContent` is absent and the message digest (SHA-256 over the
//!   PDF's ByteRange) comes from the caller.
//! - Signed attributes: content-type (id-data), message-digest, signing-time when given, and
//!   ESS signing-certificate-v2 naming the signer's certificate by its SHA-256, so the
//!   certificate cannot be swapped under the signature.
//! - The certificates set carries the signer's certificate first, then any chain given.

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use signature::Keypair;
use spki::{AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, SignatureBitStringEncoding};
use time::OffsetDateTime;
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

use livinglab_core::{Error, ErrorCode, Result};

/// id-aa-signingCertificateV2 (RFC 5035).
pub const ID_AA_SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// id-aa-signatureTimeStampToken (RFC 3161 appendix A).
pub const ID_AA_SIGNATURE_TIMESTAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// ESSCertIDv2 with the default hash algorithm (SHA-256), which DER leaves out.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    /// IssuerSerial, which other signers add; read and ignored.
    issuer_serial: Option<Any>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::SignFailed).with("detail", e)
}

/// A DER CMS `ContentInfo` (SignedData, detached) signing `digest`, the SHA-256 of the content.
///
/// `certificates` are DER, the signer's own first. Works with any RustCrypto signer of this
/// generation: p256's `SigningKey` with `DerSignature`, rsa's `pkcs1v15::SigningKey<Sha256>`.
pub fn detached_signed_data<S, Sig>(
    signer: &S,
    certificates: &[&[u8]],
    digest: &[u8],
    signing_time: Option<OffsetDateTime>,
) -> Result<Vec<u8>>
where
    S: Keypair + DynSignatureAlgorithmIdentifier + signature::Signer<Sig>,
    Sig: SignatureBitStringEncoding,
{
    let certs: Vec<Certificate> =
        certificates.iter().map(|der| Certificate::from_der(der).map_err(failed)).collect::<Result<_>>()?;
    let signer_cert = certs.first().ok_or_else(|| failed("no signer certificate"))?;
    let content = EncapsulatedContentInfo { econtent_type: const_oid::db::rfc5911::ID_DATA, econtent: None };
    let sha256 = AlgorithmIdentifierOwned { oid: const_oid::db::rfc5912::ID_SHA_256, parameters: None };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: signer_cert.tbs_certificate.issuer.clone(),
        serial_number: signer_cert.tbs_certificate.serial_number.clone(),
    });

    let mut info = SignerInfoBuilder::new(signer, sid, sha256.clone(), &content, Some(digest)).map_err(failed)?;
    if let Some(at) = signing_time {
        info.add_signed_attribute(signing_time_attribute(at)?).map_err(failed)?;
    }
    info.add_signed_attribute(signing_certificate_v2(certificates[0])?).map_err(failed)?;

    let mut data = SignedDataBuilder::new(&content);
    data.add_digest_algorithm(sha256).map_err(failed)?;
    for cert in certs {
        data.add_certificate(CertificateChoices::Certificate(cert)).map_err(failed)?;
    }
    data.add_signer_info::<S, Sig>(info).map_err(failed)?;
    let content_info: ContentInfo = data.build().map_err(failed)?;
    content_info.to_der().map_err(failed)
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute> {
    let mut values = SetOfVec::new();
    values.insert(value).map_err(failed)?;
    Ok(Attribute { oid, values })
}

/// signing-time: UTCTime from 1950 to 2049, GeneralizedTime otherwise (RFC 5652 § 11.3).
fn signing_time_attribute(at: OffsetDateTime) -> Result<Attribute> {
    let system: std::time::SystemTime = at.into();
    let time = x509_cert::time::Time::try_from(system).map_err(failed)?;
    let value = match time {
        x509_cert::time::Time::UtcTime(t) => Any::encode_from(&t),
        x509_cert::time::Time::GeneralTime(t) => Any::encode_from(&t),
    }
    .map_err(failed)?;
    attribute(const_oid::db::rfc5911::ID_SIGNING_TIME, value)
}

fn signing_certificate_v2(cert_der: &[u8]) -> Result<Attribute> {
    let hash = OctetString::new(Sha256::digest(cert_der).to_vec()).map_err(failed)?;
    let value = SigningCertificateV2 { certs: vec![EssCertIdV2 { cert_hash: hash, issuer_serial: None }] };
    attribute(ID_AA_SIGNING_CERTIFICATE_V2, Any::encode_from(&value).map_err(failed)?)
}

/// The SHA-256 certificate hashes an ESS signing-certificate-v2 attribute value names, if it
/// parses as one with the default (SHA-256) hash algorithm.
pub(crate) fn signing_certificate_v2_hashes(value: &Any) -> Option<Vec<Vec<u8>>> {
    let parsed: SigningCertificateV2 = value.decode_as().ok()?;
    Some(parsed.certs.into_iter().map(|c| c.cert_hash.into_bytes()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signing_certificate_attribute_names_the_certificate_by_its_sha256() {
        let attr = signing_certificate_v2(b"certificate bytes").unwrap();
        let hashes = signing_certificate_v2_hashes(attr.values.iter().next().unwrap()).unwrap();
        assert_eq!(hashes, vec![Sha256::digest(b"certificate bytes").to_vec()]);
    }
}
