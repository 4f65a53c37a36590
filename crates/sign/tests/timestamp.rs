//! A TTE signature carrying an RFC 3161 signature timestamp (as BSrE's do): the report shows
//! the timestamp time, and that its imprint and its own signature check out.

mod common;

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfos};
use common::pki::pki;
use const_oid::ObjectIdentifier;
use der::asn1::{GeneralizedTime, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use livinglab_sign::{sign_pdf_detached, verify_pdf, AnchorOrigin, SignatureFields, SubFilter, TrustAnchor, Verdict};
use rsa::pkcs1v15::SigningKey;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use time::OffsetDateTime;
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

#[derive(Sequence)]
struct MessageImprint {
    alg: AlgorithmIdentifierOwned,
    hashed: OctetString,
}

#[derive(Sequence)]
struct TstInfo {
    version: u8,
    policy: ObjectIdentifier,
    imprint: MessageImprint,
    serial: u32,
    gen_time: GeneralizedTime,
}

fn sha256_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: const_oid::db::rfc5912::ID_SHA_256, parameters: None }
}

/// A timestamp token over `signature`, signed with the test signer's key and certificate.
fn token(signature: &[u8], at: OffsetDateTime) -> Any {
    let p = pki();
    let tst = TstInfo {
        version: 1,
        policy: ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.1"),
        imprint: MessageImprint {
            alg: sha256_alg(),
            hashed: OctetString::new(Sha256::digest(signature).to_vec()).unwrap(),
        },
        serial: 42,
        gen_time: GeneralizedTime::from_system_time(at.into()).unwrap(),
    };
    let content = EncapsulatedContentInfo {
        econtent_type: ID_CT_TST_INFO,
        econtent: Some(Any::encode_from(&OctetString::new(tst.to_der().unwrap()).unwrap()).unwrap()),
    };
    let cert = Certificate::from_der(&p.signer_der).unwrap();
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let key = SigningKey::<Sha256>::new(p.signer_key.clone());
    let info = SignerInfoBuilder::new(&key, sid, sha256_alg(), &content, None).unwrap();
    let mut data = SignedDataBuilder::new(&content);
    data.add_digest_algorithm(sha256_alg()).unwrap();
    data.add_certificate(CertificateChoices::Certificate(cert)).unwrap();
    data.add_certificate(CertificateChoices::Certificate(Certificate::from_der(&p.ca_der).unwrap())).unwrap();
    data.add_signer_info::<_, rsa::pkcs1v15::Signature>(info).unwrap();
    Any::encode_from(&data.build().unwrap()).unwrap()
}

/// Adds a signature-timestamp unsigned attribute to the CMS's signer.
fn with_timestamp(cms_der: &[u8], at: OffsetDateTime) -> Vec<u8> {
    let info = ContentInfo::from_der(cms_der).unwrap();
    let mut sd: SignedData = info.content.decode_as().unwrap();
    let mut signers: Vec<_> = sd.signer_infos.0.into_vec();
    let mut values = SetOfVec::new();
    values.insert(token(signers[0].signature.as_bytes(), at)).unwrap();
    let attr = Attribute { oid: livinglab_sign::cms::ID_AA_SIGNATURE_TIMESTAMP_TOKEN, values };
    signers[0].unsigned_attrs = Some(SetOfVec::try_from(vec![attr]).unwrap());
    sd.signer_infos = SignerInfos(SetOfVec::try_from(signers).unwrap());
    ContentInfo { content_type: info.content_type, content: Any::encode_from(&sd).unwrap() }.to_der().unwrap()
}

#[test]
fn the_signature_timestamp_is_reported_and_checked() {
    let p = pki();
    let at = (OffsetDateTime::now_utc() - time::Duration::hours(3)).replace_nanosecond(0).unwrap();
    let key = SigningKey::<Sha256>::new(p.signer_key.clone());
    let fields = SignatureFields {
        sub_filter: SubFilter::EtsiCadesDetached,
        name: None,
        reason: None,
        location: None,
        signing_time: at,
        contents_capacity: livinglab_sign::seal::DEFAULT_CONTENTS_CAPACITY,
    };
    let pdf = common::sample_pdf("Laporan", 1);
    let signed = sign_pdf_detached(&pdf, &fields, |digest| {
        let cms = livinglab_sign::cms::detached_signed_data::<_, rsa::pkcs1v15::Signature>(
            &key,
            &[&p.signer_der, &p.ca_der],
            digest,
            Some(at),
        )?;
        Ok(with_timestamp(&cms, at + time::Duration::seconds(1)))
    })
    .unwrap();
    let anchors = [TrustAnchor::from_der(&p.root_der, AnchorOrigin::Added).unwrap()];
    let report = verify_pdf(&signed, &anchors, &[], Some(&pdf)).unwrap();
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
    let ts = report.signatures[0].timestamp.as_ref().expect("a timestamp");
    assert_eq!(ts.time, at + time::Duration::seconds(1));
    assert!(ts.imprint_matches && ts.token_signature_verifies && ts.authority_trusted, "{ts:?}");
    assert_eq!(ts.authority.as_deref(), Some("PEJABAT CONTOH (TEST — NOT FOR PRODUCTION)"));
}
