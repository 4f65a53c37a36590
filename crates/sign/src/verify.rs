//! Offline verification of signed PDFs: our own seals and TTE-signed PDFs (BSrE via SRIKANDI
//! or an e-sign service) that come back.
//!
//! Invariants:
//! - Pure and offline: bytes in, a [`PdfReport`] out. Revocation (OCSP/CRL) is never checked
//!   and the report says so (`revocation_checked: false`).
//! - Input is hostile: the file size, the number of signatures, certificate counts and chain
//!   length are bounded; the PDF parser runs under `catch_unwind` and with a limit on stream
//!   decompression; nothing here panics on bad input.
//! - A signature is `valid` only when its ByteRange starts at 0 and its gap is exactly the
//!   `/Contents` hex string, the digest over the ByteRange equals the CMS message-digest
//!   attribute, and the signature verifies over the DER SET of the signed attributes.
//! - Revisions after a signed one may only add signature and validation data (signature
//!   dictionaries, widget annotations, the AcroForm, DSS/VRI, untyped streams, metadata, the
//!   catalog's and pages' entries for those); any other change is reported.
//! - The [`Verdict`] is the weakest outcome over all signatures and the checks of the file.

use std::panic::{catch_unwind, AssertUnwindSafe};

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::OctetString;
use der::{Any, Decode, Encode, Reader, SliceReader, Tag, Tagged};
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_cert::Certificate;

use livinglab_core::{Error, ErrorCode, Result};

use crate::cms::ID_AA_SIGNATURE_TIMESTAMP_TOKEN;
use crate::trust::TrustAnchor;
use crate::x509::{build_chain, common_name, verify_signature, Hash};

/// Files larger than this are refused before parsing.
pub const MAX_PDF_BYTES: usize = 256 * 1024 * 1024;
/// Signatures looked at in one file.
pub const MAX_SIGNATURES: usize = 32;
/// Certificates read from one CMS.
pub const MAX_CMS_CERTIFICATES: usize = 32;
const MAX_DECOMPRESSED: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignatureKind {
    /// Made by a key the caller knows as a workspace seal key.
    Seal,
    /// A certificate chain to a pinned anchor (the Indonesian root for TTE).
    Tte,
    /// Anything else: unknown key, untrusted chain, or a document timestamp.
    Other,
}

/// The overall outcome, from best to worst: a report's verdict is the worst that applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every signature is valid and trusted (a known seal key, or a chain to an anchor), the
    /// last covers the whole file, later revisions add only signature data, and the issued
    /// original (when given) is a byte prefix.
    Valid,
    /// As `Valid`, but the issued original is not a prefix: the signing service re-rendered the
    /// PDF. The caller compares document id and page count and tells the user.
    Rerendered,
    /// Intact, but some signer is not trusted (unknown root, certificate expired at signing).
    Untrusted,
    /// Intact signatures, but the file changed after them: bytes appended, or a later revision
    /// changed more than signature data.
    Modified,
    /// A signature does not hold: digest mismatch, bad signature, broken ByteRange, bad CMS.
    Invalid,
    /// No signature found.
    Unsigned,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimestampReport {
    #[serde(with = "time::serde::rfc3339")]
    pub time: OffsetDateTime,
    /// The common name of the timestamp authority's certificate, when included.
    pub authority: Option<String>,
    /// The token's imprint is the hash of this signature's value.
    pub imprint_matches: bool,
    /// The token's own CMS signature verifies with the certificate it carries.
    pub token_signature_verifies: bool,
    /// The authority's certificate chains to a trust anchor at the timestamp's time.
    pub authority_trusted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureReport {
    pub kind: SignatureKind,
    /// `/SubFilter`, e.g. `ETSI.CAdES.detached`.
    pub sub_filter: Option<String>,
    /// Common name of the signer's certificate.
    pub signer: Option<String>,
    pub signer_subject: Option<String>,
    /// Common name of the certificate's issuer.
    pub issuer: Option<String>,
    pub issuer_subject: Option<String>,
    /// The signing-time signed attribute (claimed by the signer).
    #[serde(with = "time::serde::rfc3339::option")]
    pub signed_at: Option<OffsetDateTime>,
    pub timestamp: Option<TimestampReport>,
    pub byte_range: Vec<i64>,
    pub byte_range_ok: bool,
    pub digest_matches: bool,
    pub signature_verifies: bool,
    /// `byte_range_ok && digest_matches && signature_verifies`.
    pub valid: bool,
    pub chain_trusted: bool,
    /// Subjects from the signer to the anchor (or as far as the chain went).
    pub chain: Vec<String>,
    pub anchor_sha256: Option<String>,
    /// The ByteRange reaches the end of the file.
    pub whole_document: bool,
    /// Revisions after this signature add only signature and validation data.
    pub later_changes_allowed: bool,
    /// What failed, in English, one short sentence each.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PdfReport {
    /// Lowercase hex SHA-256 of the file.
    pub sha256: String,
    pub signatures: Vec<SignatureReport>,
    /// The last signature covers the whole file.
    pub whole_document: bool,
    /// Whether the issued original is a byte prefix of this file (None when not given).
    pub prefix_of_issued: Option<bool>,
    /// Always false: OCSP and CRLs need the network.
    pub revocation_checked: bool,
    pub revocation_note: String,
    pub verdict: Verdict,
}

/// Verifies every signature of `pdf`.
///
/// `anchors`: trusted roots (shipped and added). `seal_keys`: SPKI DER public keys the caller
/// knows as seal keys (the workspace's own, current and past). `issued_original`: the bytes
/// the app issued, when checking a PDF that came back from signing.
pub fn verify_pdf(
    pdf: &[u8],
    anchors: &[TrustAnchor],
    seal_keys: &[&[u8]],
    issued_original: Option<&[u8]>,
) -> Result<PdfReport> {
    if pdf.len() > MAX_PDF_BYTES {
        let mb = MAX_PDF_BYTES / (1024 * 1024);
        return Err(Error::new(ErrorCode::SignPdfInvalid)
            .with_detail(format!("berkas lebih besar dari {mb} MB"), format!("the file is larger than {mb} MB")));
    }
    if !pdf.starts_with(b"%PDF-") {
        return Err(Error::new(ErrorCode::SignPdfInvalid).with_detail("berkas ini bukan PDF", "not a PDF file"));
    }
    let doc = load_pdf(pdf)?;
    let mut found = find_signature_dictionaries(&doc);
    found.sort_by_key(|s| signed_end(&s.byte_range).unwrap_or(usize::MAX));
    let mut signatures: Vec<SignatureReport> =
        found.iter().map(|s| verify_one(pdf, &doc, s, anchors, seal_keys)).collect();
    let whole_document = signatures.last().is_some_and(|s| s.whole_document);
    let prefix_of_issued = issued_original.map(|orig| !orig.is_empty() && pdf.starts_with(orig));
    let verdict = verdict_of(&mut signatures, whole_document, prefix_of_issued);
    Ok(PdfReport {
        sha256: hex::encode(Sha256::digest(pdf)),
        signatures,
        whole_document,
        prefix_of_issued,
        revocation_checked: false,
        revocation_note: "revocation not checked (offline)".into(),
        verdict,
    })
}

fn pdf_invalid(detail: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::SignPdfInvalid).with("detail", detail)
}

fn verdict_of(signatures: &mut [SignatureReport], whole: bool, prefix: Option<bool>) -> Verdict {
    if signatures.is_empty() {
        return Verdict::Unsigned;
    }
    let mut verdict = Verdict::Valid;
    if prefix == Some(false) {
        verdict = verdict.max(Verdict::Rerendered);
    }
    for s in signatures.iter() {
        if !(s.chain_trusted || s.kind == SignatureKind::Seal) {
            verdict = verdict.max(Verdict::Untrusted);
        }
        if !s.later_changes_allowed {
            verdict = verdict.max(Verdict::Modified);
        }
        if !s.valid {
            verdict = verdict.max(Verdict::Invalid);
        }
    }
    if !whole {
        verdict = verdict.max(Verdict::Modified);
    }
    verdict
}

/// Parses a PDF with bounded decompression; a parser panic becomes an error. Every reader of
/// an outside PDF goes through here (the verifier, the hub's enrolment letters).
pub fn load_pdf(bytes: &[u8]) -> Result<Document> {
    if !xref_stream_widths_bounded(bytes) {
        return Err(pdf_invalid("a cross-reference stream has a field wider than 8 bytes"));
    }
    let options = LoadOptions { max_decompressed_size: Some(MAX_DECOMPRESSED), ..LoadOptions::default() };
    match catch_unwind(AssertUnwindSafe(|| Document::load_mem_with_options(bytes, options))) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(pdf_invalid(e)),
        Err(_) => Err(pdf_invalid("the PDF structure could not be read")),
    }
}

/// The widest field of a cross-reference stream (`/W`) that is read: 8 bytes holds any offset.
const MAX_XREF_FIELD_WIDTH: u64 = 8;

/// Whether every cross-reference stream's field widths (`/W [a b c]`) are at most
/// [`MAX_XREF_FIELD_WIDTH`]. lopdf allocates a buffer of each width before reading the stream,
/// so a width of billions in a file of a few hundred bytes ends the process (a failed
/// allocation aborts; it is not a panic `catch_unwind` could stop). Looked for in the raw bytes,
/// within each dictionary that says `/Type /XRef`, before the parser runs.
fn xref_stream_widths_bounded(pdf: &[u8]) -> bool {
    const WINDOW: usize = 4096;
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut from = 0;
    while let Some(at) = find(&pdf[from..], b"/XRef").map(|p| p + from) {
        from = at + 5;
        let start = at.saturating_sub(WINDOW);
        let start = pdf[start..at].windows(3).rposition(|w| w == b"obj").map_or(start, |p| start + p);
        let end = (at + WINDOW).min(pdf.len());
        let end = find(&pdf[at..end], b"stream").map_or(end, |p| at + p);
        let dict = &pdf[start..end];
        let mut i = 0;
        while let Some(w) = find(&dict[i..], b"/W").map(|p| p + i) {
            i = w + 2;
            let rest = &dict[i..];
            let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
            let Some(array) = rest.strip_prefix(b"[") else { continue };
            let array = &array[..array.iter().position(|&b| b == b']').unwrap_or(array.len())];
            for word in array.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()) {
                let width = std::str::from_utf8(word).ok().and_then(|t| t.parse::<u64>().ok());
                if width.is_none_or(|w| w > MAX_XREF_FIELD_WIDTH) {
                    return false;
                }
            }
        }
    }
    true
}

/// A signature dictionary as found in the document.
struct FoundSignature {
    byte_range: Vec<i64>,
    contents: Vec<u8>,
    sub_filter: Option<String>,
}

fn find_signature_dictionaries(doc: &Document) -> Vec<FoundSignature> {
    let mut out: Vec<FoundSignature> = Vec::new();
    for object in doc.objects.values() {
        if out.len() >= MAX_SIGNATURES {
            break;
        }
        let Ok(dict) = object.as_dict() else { continue };
        // A field may carry its signature dictionary inline as /V.
        let sig = match dict.get(b"V") {
            Ok(Object::Dictionary(v)) if v.has(b"ByteRange") => v,
            _ => dict,
        };
        let Some(found) = read_signature_dictionary(sig) else { continue };
        if !out.iter().any(|f| f.byte_range == found.byte_range) {
            out.push(found);
        }
    }
    out
}

fn read_signature_dictionary(sig: &Dictionary) -> Option<FoundSignature> {
    let byte_range = sig.get(b"ByteRange").ok()?.as_array().ok()?;
    let byte_range: Vec<i64> = byte_range.iter().map(|o| o.as_i64().unwrap_or(-1)).take(8).collect();
    let contents = match sig.get(b"Contents").ok()? {
        Object::String(bytes, _) => bytes.clone(),
        _ => return None,
    };
    let sub_filter =
        sig.get(b"SubFilter").ok().and_then(|o| o.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned());
    Some(FoundSignature { byte_range, contents, sub_filter })
}

/// The end of the signed bytes of a ByteRange `[0 a b c]`, i.e. `b + c`.
fn signed_end(range: &[i64]) -> Option<usize> {
    match range {
        [_, _, b, c] => usize::try_from(*b).ok()?.checked_add(usize::try_from(*c).ok()?),
        _ => None,
    }
}

fn verify_one(
    pdf: &[u8],
    doc: &Document,
    found: &FoundSignature,
    anchors: &[TrustAnchor],
    seal_keys: &[&[u8]],
) -> SignatureReport {
    let mut report = SignatureReport {
        kind: SignatureKind::Other,
        sub_filter: found.sub_filter.clone(),
        signer: None,
        signer_subject: None,
        issuer: None,
        issuer_subject: None,
        signed_at: None,
        timestamp: None,
        byte_range: found.byte_range.clone(),
        byte_range_ok: false,
        digest_matches: false,
        signature_verifies: false,
        valid: false,
        chain_trusted: false,
        chain: Vec::new(),
        anchor_sha256: None,
        whole_document: false,
        later_changes_allowed: false,
        problems: Vec::new(),
    };
    let range = match check_byte_range(pdf, &found.byte_range, &found.contents) {
        Ok(range) => range,
        Err(problem) => {
            report.problems.push(problem);
            return report;
        }
    };
    report.byte_range_ok = true;
    let end = range[2] + range[3];
    report.whole_document = end == pdf.len();
    match check_later_revisions(pdf, doc, end) {
        Ok(()) => report.later_changes_allowed = true,
        Err(problem) => report.problems.push(problem),
    }
    if let Err(problem) = check_cms(pdf, range, found, anchors, seal_keys, &mut report) {
        report.problems.push(problem);
    }
    report.valid = report.byte_range_ok && report.digest_matches && report.signature_verifies;
    report
}

/// The ByteRange is `[0 a b c]` within the file and the gap `[a, b)` is exactly the
/// `/Contents` hex string (`<…>`), which decodes to the parsed `/Contents`.
fn check_byte_range(pdf: &[u8], range: &[i64], contents: &[u8]) -> std::result::Result<[usize; 4], String> {
    let bad = |why: &str| format!("the ByteRange {range:?} {why}");
    let [start, a, b, c] = range else { return Err(bad("does not have four numbers")) };
    let to_usize = |v: &i64| usize::try_from(*v).map_err(|_| bad("has a negative number"));
    let (start, a, b, c) = (to_usize(start)?, to_usize(a)?, to_usize(b)?, to_usize(c)?);
    if start != 0 {
        return Err(bad("does not start at 0"));
    }
    if !(a < b && b.checked_add(c).is_some_and(|end| end <= pdf.len())) {
        return Err(bad("does not fit the file"));
    }
    let gap = &pdf[a..b];
    let inner =
        gap.strip_prefix(b"<").and_then(|g| g.strip_suffix(b">")).ok_or_else(|| bad("gap is not a hex string"))?;
    if inner.is_empty() || inner.len() % 2 != 0 || !inner.iter().all(u8::is_ascii_hexdigit) {
        return Err(bad("gap is not exactly the /Contents hex string"));
    }
    let decoded = hex::decode(inner).map_err(|_| bad("gap is not hex"))?;
    if decoded != contents {
        return Err(bad("gap is not this signature's /Contents"));
    }
    Ok([start, a, b, c])
}

/// The DER object at the start of `bytes` (the rest is the zero padding of `/Contents`).
fn der_prefix(bytes: &[u8]) -> Option<&[u8]> {
    let mut reader = SliceReader::new(bytes).ok()?;
    let header = der::Header::decode(&mut reader).ok()?;
    let total = (header.encoded_len().ok()? + header.length).ok()?;
    bytes.get(..usize::try_from(total).ok()?)
}

fn check_cms(
    pdf: &[u8],
    range: [usize; 4],
    found: &FoundSignature,
    anchors: &[TrustAnchor],
    seal_keys: &[&[u8]],
    report: &mut SignatureReport,
) -> std::result::Result<(), String> {
    let der = der_prefix(&found.contents).ok_or("the signature is not a DER CMS object")?;
    if found.contents[der.len()..].iter().any(|&b| b != 0) {
        return Err("data follows the CMS object in /Contents".into());
    }
    let signed_data = signed_data_of(der)?;
    let certs = certificates_of(&signed_data);
    let signer_info = signed_data.signer_infos.0.iter().next().ok_or("the CMS has no signer")?;
    let signer =
        find_signer_certificate(&certs, &signer_info.sid).ok_or("the signer's certificate is not in the CMS")?;
    report.signer = common_name(&signer.tbs_certificate.subject);
    report.signer_subject = Some(signer.tbs_certificate.subject.to_string());
    report.issuer = common_name(&signer.tbs_certificate.issuer);
    report.issuer_subject = Some(signer.tbs_certificate.issuer.to_string());

    let hash = Hash::from_oid(&signer_info.digest_alg.oid)
        .ok_or_else(|| format!("unsupported digest algorithm {}", signer_info.digest_alg.oid))?;
    let is_doc_timestamp = found.sub_filter.as_deref() == Some("ETSI.RFC3161");
    let content_digest = hash.digest_parts(&[&pdf[range[0]..range[0] + range[1]], &pdf[range[2]..range[2] + range[3]]]);
    if is_doc_timestamp {
        // A document timestamp signs a TSTInfo whose imprint is the digest of the ByteRange.
        let token = timestamp_of(der, None, anchors).ok_or("the document timestamp cannot be read")?;
        report.timestamp = Some(token.report.clone());
        report.digest_matches = token.imprint == content_digest;
        report.signature_verifies = token.report.token_signature_verifies;
    } else {
        let signed = check_signer_info(signer_info, signer, hash, &content_digest)?;
        report.digest_matches = signed.digest_matches;
        report.signature_verifies = signed.signature_verifies;
        report.signed_at = signed.signing_time;
        report.timestamp = signer_timestamp(signer_info, anchors);
    }
    if !report.digest_matches {
        return Err("the document digest does not match the signature (the signed bytes changed)".into());
    }
    if !report.signature_verifies {
        return Err("the CMS signature does not verify with the signer's certificate".into());
    }

    let signer_key = signer.tbs_certificate.subject_public_key_info.to_der().unwrap_or_default();
    // Certificates are checked at the time of a trusted timestamp, else at the claimed
    // signing time (a TTE certificate lives two years; documents are checked for longer).
    let at = report
        .timestamp
        .as_ref()
        .filter(|t| t.imprint_matches && t.token_signature_verifies && t.authority_trusted)
        .map(|t| t.time)
        .or(report.signed_at)
        .unwrap_or_else(OffsetDateTime::now_utc);
    let chain = build_chain(signer, &certs, anchors, at);
    report.chain_trusted = chain.trusted;
    report.chain = chain.path;
    report.anchor_sha256 = chain.anchor_sha256;
    report.kind = if seal_keys.contains(&signer_key.as_slice()) {
        SignatureKind::Seal
    } else if chain.trusted && !is_doc_timestamp {
        SignatureKind::Tte
    } else {
        SignatureKind::Other
    };
    match chain.problem {
        Some(problem) if report.kind != SignatureKind::Seal => Err(problem),
        _ => Ok(()),
    }
}

fn signed_data_of(der: &[u8]) -> std::result::Result<SignedData, String> {
    let info = ContentInfo::from_der(der).map_err(|e| format!("the CMS cannot be read: {e}"))?;
    if info.content_type != const_oid::db::rfc5911::ID_SIGNED_DATA {
        return Err("the CMS is not SignedData".into());
    }
    info.content.decode_as::<SignedData>().map_err(|e| format!("the SignedData cannot be read: {e}"))
}

fn certificates_of(signed_data: &SignedData) -> Vec<Certificate> {
    signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .take(MAX_CMS_CERTIFICATES)
        .collect()
}

fn find_signer_certificate<'a>(certs: &'a [Certificate], sid: &SignerIdentifier) -> Option<&'a Certificate> {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs
            .iter()
            .find(|c| c.tbs_certificate.issuer == ias.issuer && c.tbs_certificate.serial_number == ias.serial_number),
        SignerIdentifier::SubjectKeyIdentifier(ski) => certs.iter().find(|c| {
            c.tbs_certificate
                .extensions
                .iter()
                .flatten()
                .filter(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER)
                .any(|e| OctetString::from_der(e.extn_value.as_bytes()).is_ok_and(|v| v.as_bytes() == ski.0.as_bytes()))
        }),
    }
}

struct SignedCheck {
    digest_matches: bool,
    signature_verifies: bool,
    signing_time: Option<OffsetDateTime>,
}

/// Checks a signer info over external content whose digest is `content_digest`.
fn check_signer_info(
    info: &SignerInfo,
    signer: &Certificate,
    hash: Hash,
    content_digest: &[u8],
) -> std::result::Result<SignedCheck, String> {
    let attrs = info.signed_attrs.as_ref().ok_or("the CMS has no signed attributes")?;
    let attribute = |oid| attrs.iter().find(|a| a.oid == oid).and_then(|a| a.values.iter().next());
    let digest = attribute(const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or("the CMS has no message-digest attribute")?;
    let signing_time = attribute(const_oid::db::rfc5911::ID_SIGNING_TIME).and_then(any_time);
    // ESS signing-certificate-v2 binds the certificate: a signature that names another one
    // is not this certificate's. (A form this reader does not parse is left unchecked.)
    if let Some(hashes) =
        attribute(crate::cms::ID_AA_SIGNING_CERTIFICATE_V2).and_then(crate::cms::signing_certificate_v2_hashes)
    {
        let own = Sha256::digest(signer.to_der().map_err(|e| e.to_string())?).to_vec();
        if !hashes.contains(&own) {
            return Err("the signing-certificate attribute names another certificate".into());
        }
    }
    let signed_attrs_der = attrs.to_der().map_err(|e| format!("the signed attributes: {e}"))?;
    let signer_key = signer.tbs_certificate.subject_public_key_info.to_der().map_err(|e| e.to_string())?;
    let signature_verifies = verify_signature(
        &signer_key,
        &info.signature_algorithm.oid,
        Some(hash),
        &signed_attrs_der,
        info.signature.as_bytes(),
    )
    .is_ok();
    Ok(SignedCheck { digest_matches: digest.as_bytes() == content_digest, signature_verifies, signing_time })
}

/// A UTCTime or GeneralizedTime value (fractions of a second ignored), as sent by signers.
fn any_time(value: &Any) -> Option<OffsetDateTime> {
    let text = std::str::from_utf8(value.value()).ok()?;
    let (digits, full_year) = match value.tag() {
        Tag::UtcTime => (text.strip_suffix('Z')?, false),
        Tag::GeneralizedTime => (text.strip_suffix('Z')?.split('.').next()?, true),
        _ => return None,
    };
    let num = |s: &str| s.parse::<u32>().ok();
    let (year, rest) = if full_year {
        (num(digits.get(..4)?)? as i32, digits.get(4..)?)
    } else {
        let yy = num(digits.get(..2)?)? as i32;
        (if yy < 50 { 2000 + yy } else { 1900 + yy }, digits.get(2..)?)
    };
    if rest.len() != 10 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let field = |i: usize| num(&rest[i..i + 2]);
    let month = time::Month::try_from(field(0)? as u8).ok()?;
    let date = time::Date::from_calendar_date(year, month, field(2)? as u8).ok()?;
    let time = time::Time::from_hms(field(4)? as u8, field(6)? as u8, field(8)? as u8).ok()?;
    Some(time::PrimitiveDateTime::new(date, time).assume_utc())
}

struct Token {
    report: TimestampReport,
    imprint: Vec<u8>,
}

/// The signature-timestamp unsigned attribute of a signer info, if present and readable.
fn signer_timestamp(info: &SignerInfo, anchors: &[TrustAnchor]) -> Option<TimestampReport> {
    let attr = info.unsigned_attrs.as_ref()?.iter().find(|a| a.oid == ID_AA_SIGNATURE_TIMESTAMP_TOKEN)?;
    let token_der = attr.values.iter().next()?.to_der().ok()?;
    timestamp_of(&token_der, Some(info.signature.as_bytes()), anchors).map(|t| t.report)
}

/// Reads an RFC 3161 token (a SignedData over a TSTInfo). With `stamped`, checks that its
/// imprint is the hash of those bytes.
fn timestamp_of(token_der: &[u8], stamped: Option<&[u8]>, anchors: &[TrustAnchor]) -> Option<Token> {
    let signed_data = signed_data_of(token_der).ok()?;
    let tst_der = signed_data.encap_content_info.econtent.as_ref()?.decode_as::<OctetString>().ok()?;
    let (imprint_alg, imprint, time) = parse_tst_info(tst_der.as_bytes())?;
    let certs = certificates_of(&signed_data);
    let info = signed_data.signer_infos.0.iter().next()?;
    let tsa = find_signer_certificate(&certs, &info.sid);
    let token_signature_verifies = match (tsa, Hash::from_oid(&info.digest_alg.oid)) {
        (Some(tsa), Some(hash)) => check_signer_info(info, tsa, hash, &hash.digest(tst_der.as_bytes()))
            .is_ok_and(|c| c.digest_matches && c.signature_verifies),
        _ => false,
    };
    let imprint_matches = match (stamped, imprint_alg) {
        (Some(bytes), Some(hash)) => hash.digest(bytes) == imprint,
        (None, _) => true,
        _ => false,
    };
    Some(Token {
        report: TimestampReport {
            time,
            authority: tsa.and_then(|c| common_name(&c.tbs_certificate.subject)),
            imprint_matches,
            token_signature_verifies,
            authority_trusted: tsa.is_some_and(|c| build_chain(c, &certs, anchors, time).trusted),
        },
        imprint,
    })
}

/// `TSTInfo ::= SEQUENCE { version, policy, messageImprint, serialNumber, genTime, … }`:
/// returns the imprint's hash algorithm, the imprint and genTime.
fn parse_tst_info(der: &[u8]) -> Option<(Option<Hash>, Vec<u8>, OffsetDateTime)> {
    let mut reader = SliceReader::new(der).ok()?;
    let parsed = reader.sequence(|r| {
        let _version = Any::decode(r)?;
        let _policy = Any::decode(r)?;
        let (alg, imprint) = r.sequence(|m| {
            let alg = spki::AlgorithmIdentifierOwned::decode(m)?;
            let hashed = OctetString::decode(m)?;
            Ok((alg, hashed))
        })?;
        let _serial = Any::decode(r)?;
        let gen_time = Any::decode(r)?;
        while !r.is_finished() {
            Any::decode(r)?;
        }
        Ok((alg, imprint, gen_time))
    });
    let (alg, imprint, gen_time) = parsed.ok()?;
    Some((Hash::from_oid(&alg.oid), imprint.into_bytes(), any_time(&gen_time)?))
}

/// Checks that the revisions after byte `end` (the end of a signed revision) only add
/// signature and validation data.
fn check_later_revisions(pdf: &[u8], latest: &Document, end: usize) -> std::result::Result<(), String> {
    if end >= pdf.len() {
        return Ok(());
    }
    // Trailing whitespace or a lone line end after %%EOF is not a revision.
    if pdf[end..].iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    if !pdf[end..].windows(5).any(|w| w == b"%%EOF") {
        return Err("bytes were appended after the signed revision".into());
    }
    let signed = load_pdf(&pdf[..end]).map_err(|_| "the signed revision cannot be read on its own".to_string())?;
    compare_catalogs(&signed, latest)?;
    compare_pages(&signed, latest)?;
    compare_objects(&signed, latest)
}

fn type_of(object: &Object) -> Option<&[u8]> {
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return None,
    };
    dict.get(b"Type").ok().and_then(|t| t.as_name().ok())
}

fn root_of(doc: &Document) -> Option<(ObjectId, &Dictionary)> {
    let id = doc.trailer.get(b"Root").ok()?.as_reference().ok()?;
    Some((id, doc.get_dictionary(id).ok()?))
}

/// Catalog entries a signature or validation update may add or change.
const CATALOG_UPDATABLE: &[&[u8]] = &[b"AcroForm", b"DSS", b"Metadata", b"Perms", b"Extensions", b"Version"];

fn compare_catalogs(signed: &Document, latest: &Document) -> std::result::Result<(), String> {
    let (Some((_, before)), Some((_, after))) = (root_of(signed), root_of(latest)) else {
        return Err("the catalog cannot be read".into());
    };
    if without(before, CATALOG_UPDATABLE) != without(after, CATALOG_UPDATABLE) {
        return Err("a later revision changed the document catalog".into());
    }
    Ok(())
}

fn without(dict: &Dictionary, keys: &[&[u8]]) -> Vec<(Vec<u8>, Object)> {
    dict.iter().filter(|(k, _)| !keys.contains(&k.as_slice())).map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn annots_of(doc: &Document, page: &Dictionary) -> Vec<Object> {
    match page.get(b"Annots") {
        Ok(Object::Array(items)) => items.clone(),
        Ok(Object::Reference(id)) => {
            doc.get_object(*id).ok().and_then(|o| o.as_array().ok()).cloned().unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

fn compare_pages(signed: &Document, latest: &Document) -> std::result::Result<(), String> {
    let (before, after) = (signed.get_pages(), latest.get_pages());
    if before != after {
        return Err("a later revision added, removed or reordered pages".into());
    }
    for (number, id) in &after {
        let (Ok(old), Ok(new)) = (signed.get_dictionary(*id), latest.get_dictionary(*id)) else {
            return Err(format!("page {number} cannot be read"));
        };
        if without(old, &[b"Annots"]) != without(new, &[b"Annots"]) {
            return Err(format!("a later revision changed page {number}"));
        }
        let old_annots = annots_of(signed, old);
        for annot in annots_of(latest, new).iter().filter(|a| !old_annots.contains(a)) {
            let dict = match annot {
                Object::Reference(r) => latest.get_dictionary(*r).ok(),
                Object::Dictionary(d) => Some(d),
                _ => None,
            };
            let subtype = dict.and_then(|d| d.get(b"Subtype").ok()).and_then(|s| s.as_name().ok());
            if subtype != Some(b"Widget".as_slice()) {
                return Err(format!("a later revision added a non-signature annotation on page {number}"));
            }
        }
    }
    Ok(())
}

/// Objects of an earlier revision that a later one changed must be of a kind signature and
/// validation updates touch.
fn compare_objects(signed: &Document, latest: &Document) -> std::result::Result<(), String> {
    let form_ids: Vec<ObjectId> = [signed, latest]
        .iter()
        .filter_map(|d| root_of(d).and_then(|(_, root)| root.get(b"AcroForm").ok()?.as_reference().ok()))
        .collect();
    let list_ids = annotation_and_field_lists(latest);
    let root_id = root_of(latest).map(|(id, _)| id);
    let pages: Vec<ObjectId> = latest.get_pages().values().copied().collect();
    for (id, new) in &latest.objects {
        let Some(old) = signed.objects.get(id) else {
            if matches!(type_of(new), Some(b"Page" | b"Pages")) {
                return Err(format!("a later revision added a page object ({} {})", id.0, id.1));
            }
            continue;
        };
        if old == new {
            continue;
        }
        let allowed = matches!(
            type_of(new),
            Some(b"Sig" | b"DocTimeStamp" | b"DSS" | b"VRI" | b"Metadata" | b"XRef" | b"ObjStm")
        ) || is_widget(new)
            || Some(*id) == root_id
            || pages.contains(id)
            || form_ids.contains(id)
            || (matches!(new, Object::Array(_)) && list_ids.contains(id));
        if !allowed {
            return Err(format!("a later revision changed object {} {} of the signed document", id.0, id.1));
        }
    }
    Ok(())
}

fn is_widget(object: &Object) -> bool {
    object.as_dict().ok().and_then(|d| d.get(b"Subtype").ok()).and_then(|s| s.as_name().ok()) == Some(b"Widget")
}

/// Indirect arrays that are a page's `/Annots` or the form's `/Fields`.
fn annotation_and_field_lists(doc: &Document) -> Vec<ObjectId> {
    let mut ids = Vec::new();
    for page in doc.get_pages().values() {
        if let Ok(Object::Reference(r)) = doc.get_dictionary(*page).and_then(|p| p.get(b"Annots")) {
            ids.push(*r);
        }
    }
    let form = root_of(doc).and_then(|(_, root)| match root.get(b"AcroForm").ok()? {
        Object::Reference(r) => doc.get_dictionary(*r).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    if let Some(Ok(Object::Reference(r))) = form.map(|f| f.get(b"Fields")) {
        ids.push(*r);
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_with_or_without_fractions() {
        let utc = Any::new(Tag::UtcTime, b"260302030000Z".as_slice()).unwrap();
        assert_eq!(any_time(&utc).unwrap(), time::macros::datetime!(2026-03-02 03:00 UTC));
        let general = Any::new(Tag::GeneralizedTime, b"20250318120346.123Z".as_slice()).unwrap();
        assert_eq!(any_time(&general).unwrap(), time::macros::datetime!(2025-03-18 12:03:46 UTC));
        assert!(any_time(&Any::new(Tag::UtcTime, b"2603Z".as_slice()).unwrap()).is_none());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(verify_pdf(b"hello", &[], &[], None).is_err());
        assert!(verify_pdf(b"%PDF-1.7\n1 0 obj\n<< /ByteRange [0 1", &[], &[], None).is_err());
    }

    #[test]
    fn a_byte_range_must_start_at_zero_and_frame_the_contents() {
        let pdf = b"%PDF-1.7 abc<0A0B> tail";
        let contents = [0x0a, 0x0b];
        assert!(check_byte_range(pdf, &[0, 12, 18, 5], &contents).is_ok());
        assert!(check_byte_range(pdf, &[1, 12, 18, 4], &contents).is_err());
        assert!(check_byte_range(pdf, &[0, 11, 18, 5], &contents).is_err());
        assert!(check_byte_range(pdf, &[0, 12, 18, 50], &contents).is_err());
        assert!(check_byte_range(pdf, &[0, 12, 18, 5], &[0x0a]).is_err());
        assert!(check_byte_range(pdf, &[0, -1, 18, 5], &contents).is_err());
    }
}
