//! The workspace's seal on what it issues (and the hub's on its recap report), and the check
//! of a signed PDF that comes back.
//!
//! A [`Sealer`] is the workspace's signing identity on this computer: its private key in the
//! OS keychain (made on first need), its public key and seal certificate recorded in the
//! workspace, so that documents sealed with a key that was later replaced stay verifiable.
//! The seal is the office's workspace, never a person: heads of region sign with TTE outside
//! the app, and [`check_pdf`] verifies what comes back against the issued PDF and the pinned
//! trust anchors, offline.

use livinglab_core::{Error, ErrorCode, Result};
use livinglab_sign::cert::{seal_certificate, SealCertificate, SealSubject};
use livinglab_sign::identity::{self, Identity, Signer};
use livinglab_sign::keystore::Keystore;
use livinglab_sign::seal::{seal_pdf, SealOptions};
use livinglab_sign::trust::{shipped_anchors, AnchorOrigin, TrustAnchor};
use livinglab_sign::verify::{verify_pdf, PdfReport, Verdict};
use livinglab_store::documents::DocumentRecord;
use livinglab_store::signing::SigningKey;
use livinglab_store::Workspace;
use serde::Serialize;
use time::OffsetDateTime;

use crate::common::Issuer;

/// How long a seal certificate is valid from its key's creation.
const CERTIFICATE_YEARS: i64 = 20;

/// The workspace's seal on this computer.
pub struct Sealer {
    signer: Signer,
    certificate: SealCertificate,
}

impl Sealer {
    /// The workspace's seal: its key from `store` (made on first need) and its certificate,
    /// recorded in the workspace the first time. Blocks on the keychain.
    pub fn open(ws: &mut Workspace, store: &Keystore) -> Result<Sealer> {
        let signer = identity::load_or_create(store, &ws.info().id)?;
        let certificate = Self::certificate_for(ws, &signer, store)?;
        Ok(Sealer { signer, certificate })
    }

    /// The workspace's seal if this computer already has its key; never makes one.
    pub fn existing(ws: &mut Workspace, store: &Keystore) -> Result<Option<Sealer>> {
        let Some(signer) = identity::current(store, &ws.info().id)? else { return Ok(None) };
        let certificate = Self::certificate_for(ws, &signer, store)?;
        Ok(Some(Sealer { signer, certificate }))
    }

    /// The seal of an issuer that is no workspace: Sumedang's hub, with its own key
    /// (`Hub::signer`). The certificate is made from the key, the issuer's region and office
    /// and the key's creation date, so it is the same every time and needs no record.
    pub fn for_issuer(signer: Signer, issuer: &Issuer) -> Result<Sealer> {
        let certificate = certificate_of(&signer, issuer)?;
        Ok(Sealer { signer, certificate })
    }

    fn certificate_for(ws: &mut Workspace, signer: &Signer, store: &Keystore) -> Result<SealCertificate> {
        let id = signer.identity();
        if let Some(known) = ws.signing_key(&id.key_id)? {
            return SealCertificate::from_der(&known.certificate);
        }
        let certificate = certificate_of(signer, &Issuer::of(ws)?)?;
        ws.record_signing_key(&SigningKey {
            key_id: id.key_id.clone(),
            algorithm: id.algorithm.as_str().to_string(),
            public_key: id.public_key.clone(),
            fingerprint: id.fingerprint.clone(),
            computer: computer_name(),
            keystore: store.describe(),
            certificate: certificate.der().to_vec(),
            created_at: rfc3339(id.created_at),
            retired_at: None,
        })?;
        Ok(certificate)
    }

    pub fn identity(&self) -> &Identity {
        self.signer.identity()
    }

    pub fn key_id(&self) -> &str {
        &self.signer.identity().key_id
    }

    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// Seals a finished PDF as an incremental update: its bytes stay a prefix of the result.
    pub fn seal(&self, pdf: &[u8], issuer: &Issuer) -> Result<Vec<u8>> {
        let options = SealOptions {
            reason: format!("Segel elektronik Living Lab — {}", issuer.region.name),
            location: issuer.profile.place.clone(),
            name: format!("{} {}", office_name(issuer), issuer.region.name),
            signing_time: OffsetDateTime::now_utc(),
        };
        seal_pdf(pdf, &self.signer, &self.certificate, &options)
    }
}

/// The self-signed seal certificate of `signer`'s key for `issuer`, valid for
/// [`CERTIFICATE_YEARS`] from the key's creation.
fn certificate_of(signer: &Signer, issuer: &Issuer) -> Result<SealCertificate> {
    let id = signer.identity();
    let subject = SealSubject { region: issuer.region.name.clone(), office: office_name(issuer) };
    let not_after = id.created_at + time::Duration::days(365 * CERTIFICATE_YEARS);
    seal_certificate(signer, &subject, id.created_at, not_after)
}

fn office_name(issuer: &Issuer) -> String {
    let office = issuer.profile.office_name.trim();
    if office.is_empty() {
        "Pemerintah Daerah".into()
    } else {
        office.to_string()
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).expect("a UTC time formats")
}

/// This computer's name, as the enrolment letter and the key list show it.
pub fn computer_name() -> String {
    ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok().map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "komputer ini".into())
}

/// The trust anchors a workspace verifies against: the shipped ones and those its user added.
pub fn trust_anchors(ws: &Workspace) -> Result<Vec<TrustAnchor>> {
    let mut anchors = shipped_anchors();
    for added in ws.added_trust_anchors()? {
        anchors.push(TrustAnchor::from_der(&added.der, AnchorOrigin::Added)?);
    }
    Ok(anchors)
}

/// Adds a root certificate from a PEM or DER file as a trust anchor. Returns its description,
/// and whether it was new.
pub fn add_trust_anchor(ws: &mut Workspace, bytes: &[u8]) -> Result<(livinglab_sign::trust::AnchorInfo, bool)> {
    let anchor = TrustAnchor::from_file_bytes(bytes, AnchorOrigin::Added)?;
    let info = anchor.info();
    let added = ws.add_trust_anchor(anchor.sha256_hex(), anchor.der(), &info.subject)?;
    Ok((info, added))
}

/// What a checked PDF is, as the CLI and the app report it.
#[derive(Debug, Clone, Serialize)]
pub struct PdfCheck {
    /// The document of this workspace the PDF was issued as, if any.
    pub issued: Option<IssuedRef>,
    /// Whether the issued PDF's bytes are a prefix of this file (signatures only appended).
    pub prefix_of_issued: bool,
    /// True when the file is not the issued bytes plus signatures, but was found as the same
    /// document by its id (a signing service that re-renders the PDF).
    pub rerendered: bool,
    pub signatures: Vec<SignatureSummary>,
    pub verdict: Verdict,
    pub revocation_note: String,
    /// The full report of the verifier.
    pub report: PdfReport,
}

#[derive(Debug, Clone, Serialize)]
pub struct IssuedRef {
    pub id: String,
    pub kind: String,
    pub number: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignatureSummary {
    pub kind: livinglab_sign::verify::SignatureKind,
    pub signer: Option<String>,
    pub issuer: Option<String>,
    pub valid: bool,
    pub chain_trusted: bool,
    pub whole_document: bool,
    pub signed_at: Option<String>,
    pub timestamp_at: Option<String>,
}

/// Verifies a signed PDF offline against this workspace: its seals by the workspace's keys,
/// TTE signatures against the trust anchors, and the issued document it was made from.
pub fn check_pdf(ws: &Workspace, bytes: &[u8]) -> Result<PdfCheck> {
    let anchors = trust_anchors(ws)?;
    let keys = ws.signing_keys()?;
    let seal_keys: Vec<&[u8]> = keys.iter().map(|k| k.public_key.as_slice()).collect();
    let (issued, original, rerendered) = match issued_original(ws, bytes)? {
        Some((doc, original, by_prefix)) => (Some(doc), Some(original), !by_prefix),
        None => (None, None, false),
    };
    let report = verify_pdf(bytes, &anchors, &seal_keys, original.as_deref())?;
    Ok(PdfCheck {
        issued: issued.map(|d| IssuedRef { id: d.id, kind: d.kind, number: d.number }),
        prefix_of_issued: report.prefix_of_issued == Some(true),
        rerendered,
        signatures: report
            .signatures
            .iter()
            .map(|s| SignatureSummary {
                kind: s.kind,
                signer: s.signer.clone(),
                issuer: s.issuer.clone(),
                valid: s.valid,
                chain_trusted: s.chain_trusted,
                whole_document: s.whole_document,
                signed_at: s.signed_at.map(rfc3339),
                timestamp_at: s.timestamp.as_ref().map(|t| rfc3339(t.time)),
            })
            .collect(),
        verdict: report.verdict,
        revocation_note: report.revocation_note.clone(),
        report,
    })
}

/// The issued document `bytes` was made from: the one whose stored PDF is a prefix of them,
/// else the one whose id the PDF carries as its identifier. Returns it, its stored PDF, and
/// whether it was found by prefix.
fn issued_original(ws: &Workspace, bytes: &[u8]) -> Result<Option<(DocumentRecord, Vec<u8>, bool)>> {
    let documents = ws.documents()?;
    for doc in &documents {
        let stored = ws.document_pdf(&doc.id)?;
        if bytes.len() >= stored.len() && bytes[..stored.len()] == stored[..] {
            return Ok(Some((doc.clone(), stored, true)));
        }
    }
    for doc in documents {
        if contains(bytes, format!("/Identifier ({})", doc.id).as_bytes()) {
            let stored = ws.document_pdf(&doc.id)?;
            return Ok(Some((doc, stored, false)));
        }
    }
    Ok(None)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Attaches the signed paper's scan, or a TTE-signed PDF that is first verified: a PDF that
/// carries signatures must verify as the issued document signed by a trusted certificate,
/// or nothing is recorded. Returns the record and, for a TTE PDF, its check.
pub fn attach_signed(
    ws: &mut Workspace,
    id: &str,
    name: &str,
    bytes: &[u8],
) -> Result<(DocumentRecord, Option<PdfCheck>)> {
    let doc = ws.document(id)?;
    let is_pdf = bytes.starts_with(b"%PDF-");
    if !is_pdf || !contains(bytes, b"/ByteRange") {
        return Ok((ws.attach_signed_scan(id, name, bytes)?, None));
    }
    let check = check_pdf(ws, bytes)?;
    let refuse = |why_id: &str, why_en: &str| Err(Error::new(ErrorCode::SignedPdfRefused).with_detail(why_id, why_en));
    // A changed file no longer matches the issued one either: name the change, the likelier cause.
    match check.verdict {
        Verdict::Modified => {
            return refuse("berkas diubah setelah ditandatangani", "the file was changed after it was signed")
        }
        Verdict::Invalid => {
            return refuse(
                "tanda tangan tidak sah: berkas diubah setelah ditandatangani, atau tanda tangannya rusak",
                "a signature does not verify: the file was changed after it was signed, or the signature is damaged",
            )
        }
        _ => {}
    }
    match &check.issued {
        Some(issued) if issued.id == doc.id => {}
        Some(other) => {
            return refuse(
                &format!("berkas ini adalah dokumen {} yang lain, bukan {}", other.number, doc.number),
                &format!("this file is the other document {}, not {}", other.number, doc.number),
            )
        }
        None => {
            return refuse(
                "berkas ini tidak dibuat dari dokumen yang diterbitkan ruang kerja ini",
                "this file was not made from a document this workspace issued",
            )
        }
    }
    let tte = check.signatures.iter().find(|s| s.kind == livinglab_sign::verify::SignatureKind::Tte);
    match check.verdict {
        Verdict::Valid | Verdict::Rerendered if tte.is_some_and(|s| s.valid && s.chain_trusted) => {}
        Verdict::Untrusted => {
            return refuse(
                "tanda tangan sah secara matematis, tetapi sertifikatnya tidak berujung pada akar tepercaya (tambahkan Root CA Indonesia di Kepercayaan)",
                "the signature is intact but its certificate does not lead to a trusted root (add the Indonesian root CA under Trust)",
            )
        }
        _ => return refuse("tidak ada tanda tangan TTE yang sah", "there is no valid TTE signature"),
    }
    let report = serde_json::to_value(&check.report).expect("reports serialize");
    let record = ws.attach_tte_pdf(id, name, bytes, &report)?;
    Ok((record, Some(check)))
}

/// The identity as the app and `identity show` present it.
#[derive(Debug, Clone, Serialize)]
pub struct IdentityView {
    pub key_id: String,
    pub algorithm: String,
    /// SPKI DER, base64.
    pub public_key: String,
    /// The first 128 bits of the public key's SHA-256, in groups: what Sumedang checks by phone.
    pub fingerprint: String,
    /// Where the private key is: "os" (this computer's keychain) or "file:PATH".
    pub store: String,
    pub created_at: String,
    pub computer: String,
}

impl IdentityView {
    pub fn of(sealer: &Sealer, store: &Keystore) -> IdentityView {
        let id = sealer.identity();
        IdentityView {
            key_id: id.key_id.clone(),
            algorithm: id.algorithm.as_str().to_string(),
            public_key: id.public_key_base64(),
            fingerprint: id.fingerprint.clone(),
            store: store.describe(),
            created_at: rfc3339(id.created_at),
            computer: computer_name(),
        }
    }
}

/// Replaces the workspace's key on this computer. With the old key still there, the new one
/// comes with a transition statement signed by both, recorded in the workspace, and the old
/// private key is deleted; without it (lost, or never made here), the new key stands alone and
/// needs a new enrolment letter. Returns the new seal and whether a transition was signed.
pub fn rotate(ws: &mut Workspace, store: &Keystore) -> Result<(Sealer, bool)> {
    let workspace_id = ws.info().id.clone();
    if identity::current(store, &workspace_id)?.is_none() {
        return Ok((Sealer::open(ws, store)?, false));
    }
    // The old key is recorded before it is replaced, so its transition can name it.
    Sealer::open(ws, store)?;
    let region = ws.info().region.code.clone();
    let at = rfc3339(OffsetDateTime::now_utc());
    let (signer, transition) = identity::rotate(store, &workspace_id, |old, new| {
        let statement = serde_json::json!({
            "kind": "livinglab.key_transition",
            "workspace": workspace_id,
            "region": region,
            "old": {"key_id": old.key_id, "fingerprint": old.fingerprint},
            "new": {"key_id": new.key_id, "fingerprint": new.fingerprint},
            "at": at,
        });
        livinglab_core::canonical_json(&statement).expect("strings only")
    })?;
    let certificate = Sealer::certificate_for(ws, &signer, store)?;
    ws.record_key_transition(
        &transition.old.key_id,
        &transition.new.key_id,
        &transition.statement,
        &transition.old_signature,
        &transition.new_signature,
    )?;
    identity::retire(store, &workspace_id, &transition.old.key_id)?;
    Ok((Sealer { signer, certificate }, true))
}
