//! Our own seals through the verifier: a known seal key, a seal followed by a TTE signature,
//! and later revisions that change more than signature data.

mod common;

use common::pki::{pki, tte_sign};
use livinglab_sign::{
    load_or_create, seal_certificate, seal_pdf, verify_pdf, AnchorOrigin, SealOptions, SealSubject, SignatureKind,
    Signer, TrustAnchor, Verdict,
};
use lopdf::{dictionary, IncrementalDocument, Object};
use time::macros::datetime;

fn sealed(signer: &Signer, pdf: &[u8]) -> Vec<u8> {
    let subject = SealSubject { region: "Kabupaten Sumedang".into(), office: "Diskominfo".into() };
    let cert =
        seal_certificate(signer, &subject, datetime!(2026-01-01 00:00 UTC), datetime!(2036-01-01 00:00 UTC)).unwrap();
    let options = SealOptions {
        reason: "Segel elektronik Living Lab — Kabupaten Sumedang".into(),
        location: "Sumedang".into(),
        name: "Diskominfo Kabupaten Sumedang".into(),
        signing_time: datetime!(2026-06-01 09:00 +07:00),
    };
    seal_pdf(pdf, signer, &cert, &options).unwrap()
}

fn setup() -> (tempfile::TempDir, Signer) {
    let dir = tempfile::tempdir().unwrap();
    let signer = load_or_create(&common::file_store(dir.path()), "ws").unwrap();
    (dir, signer)
}

#[test]
fn a_seal_by_a_known_key_is_valid_and_an_unknown_one_untrusted() {
    let (_dir, signer) = setup();
    let pdf = common::sample_pdf("Surat", 1);
    let sealed = sealed(&signer, &pdf);
    let key = signer.identity().public_key.as_slice();
    let report = verify_pdf(&sealed, &[], &[key], Some(&pdf)).unwrap();
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
    let sig = &report.signatures[0];
    assert_eq!(sig.kind, SignatureKind::Seal);
    assert_eq!(sig.signer.as_deref(), Some("Segel elektronik Living Lab — Kabupaten Sumedang"));
    assert_eq!(sig.sub_filter.as_deref(), Some("ETSI.CAdES.detached"));
    assert_eq!(sig.signed_at, Some(datetime!(2026-06-01 02:00 UTC)));

    let report = verify_pdf(&sealed, &[], &[], None).unwrap();
    assert_eq!(report.verdict, Verdict::Untrusted);
    assert_eq!(report.signatures[0].kind, SignatureKind::Other);
}

#[test]
fn the_seal_certificate_is_rebuilt_identically() {
    let (_dir, signer) = setup();
    let subject = SealSubject { region: "Kota Bandung".into(), office: "Diskominfo Kota Bandung".into() };
    let from = datetime!(2026-01-01 00:00 UTC);
    let to = datetime!(2031-01-01 00:00 UTC);
    let a = seal_certificate(&signer, &subject, from, to).unwrap();
    let b = seal_certificate(&signer, &subject, from, to).unwrap();
    assert_eq!(a.der(), b.der());
    assert_eq!(a.public_key(), signer.identity().public_key);
    assert_eq!(a.subject(), "CN=Segel elektronik Living Lab — Kota Bandung,O=Diskominfo Kota Bandung,C=ID");
}

#[test]
fn a_tte_signature_over_a_sealed_pdf_keeps_both_valid() {
    let (_dir, signer) = setup();
    let pdf = common::sample_pdf("Surat komitmen", 1);
    let sealed = sealed(&signer, &pdf);
    let p = pki();
    let signed = tte_sign(&sealed, &p.signer_der, &[&p.ca_der], time::OffsetDateTime::now_utc());
    let anchors = [TrustAnchor::from_der(&p.root_der, AnchorOrigin::Added).unwrap()];
    let report = verify_pdf(&signed, &anchors, &[signer.identity().public_key.as_slice()], Some(&sealed)).unwrap();
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
    let kinds: Vec<_> = report.signatures.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [SignatureKind::Seal, SignatureKind::Tte]);
    assert!(!report.signatures[0].whole_document && report.signatures[0].later_changes_allowed);
    assert!(report.signatures[1].whole_document);
}

/// Appends an update made with lopdf: `change` edits the new revision.
fn append_update(pdf: &[u8], change: impl FnOnce(&mut IncrementalDocument)) -> Vec<u8> {
    let mut doc: IncrementalDocument = pdf.try_into().unwrap();
    change(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn first_page(doc: &IncrementalDocument) -> lopdf::ObjectId {
    doc.get_prev_documents().get_pages()[&1]
}

#[test]
fn a_later_revision_that_changes_the_page_content_is_a_modification() {
    let (_dir, signer) = setup();
    let sealed = sealed(&signer, &common::sample_pdf("Nilai indeks 2,10", 1));
    let changed = append_update(&sealed, |doc| {
        let page = first_page(doc);
        let content_id =
            doc.get_prev_documents().get_dictionary(page).unwrap().get(b"Contents").unwrap().as_reference().unwrap();
        let stream = lopdf::Stream::new(dictionary! {}, b"BT /F1 14 Tf 72 720 Td (Nilai indeks 4,90) Tj ET".to_vec());
        doc.new_document.objects.insert(content_id, Object::Stream(stream));
    });
    let key = signer.identity().public_key.as_slice();
    let report = verify_pdf(&changed, &[], &[key], None).unwrap();
    assert_eq!(report.verdict, Verdict::Modified, "{report:#?}");
    assert!(report.signatures[0].valid, "the signed revision itself is intact");
    assert!(!report.signatures[0].later_changes_allowed);
}

#[test]
fn a_later_revision_that_adds_a_visible_annotation_is_a_modification() {
    let (_dir, signer) = setup();
    let sealed = sealed(&signer, &common::sample_pdf("Surat", 1));
    let changed = append_update(&sealed, |doc| {
        let page = first_page(doc);
        let note = doc.new_document.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "FreeText", "Rect" => vec![50.into(), 50.into(), 300.into(), 100.into()],
            "Contents" => Object::string_literal("DIBATALKAN"),
        });
        doc.opt_clone_object_to_new_document(page).unwrap();
        let dict = doc.new_document.get_dictionary_mut(page).unwrap();
        let mut annots = dict.get(b"Annots").and_then(Object::as_array).cloned().unwrap_or_default();
        annots.push(Object::Reference(note));
        dict.set("Annots", annots);
    });
    let report = verify_pdf(&changed, &[], &[signer.identity().public_key.as_slice()], None).unwrap();
    assert_eq!(report.verdict, Verdict::Modified, "{report:#?}");
    assert!(report.signatures[0].problems.iter().any(|p| p.contains("non-signature annotation")));
}

#[test]
fn an_unsigned_pdf_is_reported_as_such() {
    let report = verify_pdf(&common::sample_pdf("Surat", 1), &[], &[], None).unwrap();
    assert_eq!(report.verdict, Verdict::Unsigned);
    assert!(report.signatures.is_empty());
}
