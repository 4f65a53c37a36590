//! A test PKI shaped like BSrE's, made at run time (RSA-2048, every name marked as a test):
//! root "Root CA Indonesia DS G1 (TEST — NOT FOR PRODUCTION)" → intermediate
//! "BSRE CA DS G1 (TEST — NOT FOR PRODUCTION)" → signer; plus an expired signer and a signer
//! under a root nobody trusts. Keys are made once per test binary.
//!
//! For tests only (feature `test-pki`): the app, the CLI and the end-to-end tests sign their
//! TTE fixtures with it.

use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

use der::{Decode, Encode};
use rsa::pkcs1v15::SigningKey;
use rsa::RsaPrivateKey;
use sha2::{Sha256, Sha384};
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use time::OffsetDateTime;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

use crate::{sign_pdf_detached, SignatureFields, SubFilter};

pub const ROOT_NAME: &str =
    "CN=Root CA Indonesia DS G1 (TEST — NOT FOR PRODUCTION),O=Kementerian Komunikasi dan Informatika (TEST),C=ID";
pub const CA_NAME: &str = "CN=BSRE CA DS G1 (TEST — NOT FOR PRODUCTION),O=Badan Siber dan Sandi Negara (TEST),C=ID";
pub const SIGNER_NAME: &str = "CN=PEJABAT CONTOH (TEST — NOT FOR PRODUCTION),O=Pemerintah Kabupaten Contoh (TEST),C=ID";
pub const OTHER_ROOT_NAME: &str = "CN=Untrusted Root (TEST — NOT FOR PRODUCTION),C=ID";

pub struct Pki {
    pub root_der: Vec<u8>,
    pub ca_der: Vec<u8>,
    pub signer_der: Vec<u8>,
    pub expired_signer_der: Vec<u8>,
    pub other_root_der: Vec<u8>,
    pub stranger_der: Vec<u8>,
    pub signer_key: RsaPrivateKey,
}

fn key() -> RsaPrivateKey {
    RsaPrivateKey::new(&mut rand_core::OsRng, 2048).expect("RSA key")
}

fn time(t: OffsetDateTime) -> Time {
    Time::try_from(std::time::SystemTime::from(t)).unwrap()
}

fn validity(from: OffsetDateTime, to: OffsetDateTime) -> Validity {
    Validity { not_before: time(from), not_after: time(to) }
}

fn spki(key: &RsaPrivateKey) -> SubjectPublicKeyInfoOwned {
    SubjectPublicKeyInfoOwned::from_der(key.to_public_key().to_public_key_der().unwrap().as_bytes()).unwrap()
}

fn issue<S>(
    profile: Profile,
    serial: u32,
    validity: Validity,
    subject: &str,
    subject_key: &RsaPrivateKey,
    issuer: &S,
) -> Vec<u8>
where
    S: signature::Keypair + spki::DynSignatureAlgorithmIdentifier + signature::Signer<rsa::pkcs1v15::Signature>,
    S::VerifyingKey: EncodePublicKey,
{
    let builder = CertificateBuilder::new(
        profile,
        SerialNumber::from(serial),
        validity,
        Name::from_str(subject).unwrap(),
        spki(subject_key),
        issuer,
    )
    .unwrap();
    builder.build::<rsa::pkcs1v15::Signature>().unwrap().to_der().unwrap()
}

pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let now = OffsetDateTime::now_utc();
        let year = Duration::from_secs(365 * 24 * 3600);
        let (root_key, ca_key, signer_key, other_key) = (key(), key(), key(), key());
        let root_signer = SigningKey::<Sha256>::new(root_key.clone());
        // As BSrE's intermediate, signed by the root with SHA-384.
        let root_signer_384 = SigningKey::<Sha384>::new(root_key.clone());
        let ca_signer = SigningKey::<Sha256>::new(ca_key.clone());
        let other_signer = SigningKey::<Sha256>::new(other_key.clone());
        let root_name = Name::from_str(ROOT_NAME).unwrap();
        let ca_name = Name::from_str(CA_NAME).unwrap();
        let leaf = |issuer: &Name| Profile::Leaf {
            issuer: issuer.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        let root_der =
            issue(Profile::Root, 1, validity(now - 8 * year, now + 12 * year), ROOT_NAME, &root_key, &root_signer);
        let ca_der = issue(
            Profile::SubCA { issuer: root_name, path_len_constraint: Some(0) },
            2,
            validity(now - 4 * year, now + 6 * year),
            CA_NAME,
            &ca_key,
            &root_signer_384,
        );
        let signer_der =
            issue(leaf(&ca_name), 3, validity(now - year, now + 2 * year), SIGNER_NAME, &signer_key, &ca_signer);
        let expired_signer_der =
            issue(leaf(&ca_name), 4, validity(now - 6 * year, now - 4 * year), SIGNER_NAME, &signer_key, &ca_signer);
        let other_root_der = issue(
            Profile::Root,
            5,
            validity(now - 8 * year, now + 12 * year),
            OTHER_ROOT_NAME,
            &other_key,
            &other_signer,
        );
        let stranger_der = issue(
            leaf(&Name::from_str(OTHER_ROOT_NAME).unwrap()),
            6,
            validity(now - year, now + 2 * year),
            SIGNER_NAME,
            &signer_key,
            &other_signer,
        );
        Pki { root_der, ca_der, signer_der, expired_signer_der, other_root_der, stranger_der, signer_key }
    })
}

pub fn pem(der: &[u8]) -> String {
    der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, der).unwrap()
}

/// Signs `pdf` as a TTE service would: an incremental update with an RSA CMS whose
/// certificates are the signer's and the intermediate's.
pub fn tte_sign(pdf: &[u8], signer_cert: &[u8], chain: &[&[u8]], signing_time: OffsetDateTime) -> Vec<u8> {
    let key = SigningKey::<Sha256>::new(pki().signer_key.clone());
    let fields = SignatureFields {
        sub_filter: SubFilter::EtsiCadesDetached,
        name: Some("PEJABAT CONTOH (TEST)".into()),
        reason: Some("Dokumen ini telah ditandatangani secara elektronik (TEST)".into()),
        location: None,
        signing_time,
        contents_capacity: crate::seal::DEFAULT_CONTENTS_CAPACITY,
    };
    let mut certs: Vec<&[u8]> = vec![signer_cert];
    certs.extend_from_slice(chain);
    sign_pdf_detached(pdf, &fields, |digest| {
        crate::cms::detached_signed_data::<_, rsa::pkcs1v15::Signature>(&key, &certs, digest, Some(signing_time))
    })
    .unwrap()
}
