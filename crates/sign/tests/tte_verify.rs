//! TTE-shaped fixtures signed by the test PKI: each case's verdict, and pdfsig with an NSS
//! database that trusts the test root.

mod common;

use common::pki::{pem, pki, tte_sign};
use livinglab_sign::{verify_pdf, AnchorOrigin, SignatureKind, TrustAnchor, Verdict};
use time::OffsetDateTime;

fn anchors() -> Vec<TrustAnchor> {
    vec![TrustAnchor::from_der(&pki().root_der, AnchorOrigin::Added).unwrap()]
}

fn yesterday() -> OffsetDateTime {
    OffsetDateTime::now_utc() - time::Duration::days(1)
}

fn issued() -> Vec<u8> {
    common::sample_pdf("Laporan kemajuan SPBE", 2)
}

fn signed() -> (Vec<u8>, Vec<u8>) {
    let original = issued();
    let p = pki();
    let signed = tte_sign(&original, &p.signer_der, &[&p.ca_der], yesterday());
    (original, signed)
}

#[test]
fn a_valid_tte_signature_under_the_pinned_root_is_trusted() {
    let (original, signed) = signed();
    let report = verify_pdf(&signed, &anchors(), &[], Some(&original)).unwrap();
    let sig = &report.signatures[0];
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
    assert_eq!(sig.kind, SignatureKind::Tte);
    assert!(sig.valid && sig.chain_trusted && sig.whole_document && sig.later_changes_allowed);
    assert_eq!(sig.signer.as_deref(), Some("PEJABAT CONTOH (TEST — NOT FOR PRODUCTION)"));
    assert_eq!(sig.issuer.as_deref(), Some("BSRE CA DS G1 (TEST — NOT FOR PRODUCTION)"));
    assert_eq!(sig.chain.len(), 3, "{:?}", sig.chain);
    assert!(sig.signed_at.is_some());
    assert_eq!(report.prefix_of_issued, Some(true));
    assert!(!report.revocation_checked);
    assert_eq!(report.revocation_note, "revocation not checked (offline)");
}

#[test]
fn one_changed_byte_is_invalid() {
    let (original, mut signed) = signed();
    let at = signed.windows(7).position(|w| w == b"Laporan").unwrap();
    signed[at] = b'l';
    let report = verify_pdf(&signed, &anchors(), &[], Some(&original)).unwrap();
    assert_eq!(report.verdict, Verdict::Invalid, "{report:#?}");
    assert!(!report.signatures[0].digest_matches);
}

#[test]
fn bytes_appended_after_the_signature_are_a_modification() {
    let (original, mut signed) = signed();
    signed.extend_from_slice(b"\n% appended after signing\n1 0 obj (x) endobj\n");
    let report = verify_pdf(&signed, &anchors(), &[], Some(&original)).unwrap();
    assert_eq!(report.verdict, Verdict::Modified, "{report:#?}");
    assert!(report.signatures[0].valid);
    assert!(!report.whole_document);
}

#[test]
fn a_chain_to_an_unknown_root_is_untrusted() {
    let p = pki();
    let original = issued();
    let signed = tte_sign(&original, &p.stranger_der, &[&p.other_root_der], yesterday());
    let report = verify_pdf(&signed, &anchors(), &[], Some(&original)).unwrap();
    assert_eq!(report.verdict, Verdict::Untrusted, "{report:#?}");
    let sig = &report.signatures[0];
    assert!(sig.valid && !sig.chain_trusted);
    assert_eq!(sig.kind, SignatureKind::Other);
    assert!(sig.problems.iter().any(|p| p.contains("not a trusted anchor")), "{:?}", sig.problems);
}

#[test]
fn an_expired_signer_certificate_is_untrusted() {
    let p = pki();
    let original = issued();
    let signed = tte_sign(&original, &p.expired_signer_der, &[&p.ca_der], yesterday());
    let report = verify_pdf(&signed, &anchors(), &[], Some(&original)).unwrap();
    assert_eq!(report.verdict, Verdict::Untrusted, "{report:#?}");
    assert!(report.signatures[0].problems.iter().any(|p| p.contains("not valid at the signing time")));
}

#[test]
fn a_re_rendered_pdf_is_not_a_prefix_of_the_issued_one() {
    let p = pki();
    let original = issued();
    let rerendered = common::sample_pdf("Laporan kemajuan SPBE (nomor dan tanggal diperbarui)", 2);
    let signed = tte_sign(&rerendered, &p.signer_der, &[&p.ca_der], yesterday());
    let report = verify_pdf(&signed, &anchors(), &[], Some(&original)).unwrap();
    assert_eq!(report.verdict, Verdict::Rerendered, "{report:#?}");
    assert_eq!(report.prefix_of_issued, Some(false));
    assert!(report.signatures[0].valid && report.signatures[0].chain_trusted);
}

#[test]
fn without_the_anchor_the_same_file_is_untrusted() {
    let (original, signed) = signed();
    let report = verify_pdf(&signed, &[], &[], Some(&original)).unwrap();
    assert_eq!(report.verdict, Verdict::Untrusted);
}

#[test]
fn pdfsig_trusts_the_fixture_with_the_test_root_in_its_nss_database() {
    let (_, signed) = signed();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("tte.pdf");
    std::fs::write(&pdf, &signed).unwrap();
    let root = dir.path().join("root.pem");
    std::fs::write(&root, pem(&pki().root_der)).unwrap();
    let db = dir.path().join("nssdb");
    std::fs::create_dir(&db).unwrap();
    if std::process::Command::new("certutil").arg("--version").output().is_err() {
        eprintln!("certutil is not installed (apt-get install libnss3-tools); skipping the NSS check");
        return;
    }
    let nss = format!("sql:{}", db.display());
    let run = |args: &[&str]| {
        let out = std::process::Command::new("certutil").args(args).output().unwrap();
        assert!(out.status.success(), "certutil {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["-N", "-d", &nss, "--empty-password"]);
    run(&["-A", "-d", &nss, "-n", "test-root", "-t", "CT,C,C", "-a", "-i", root.to_str().unwrap()]);
    let Some(out) = common::pdfsig(&pdf, Some(&db)) else { return };
    eprintln!("{out}");
    assert!(out.contains("Signature is Valid."), "{out}");
    assert!(out.contains("Certificate is Trusted."), "{out}");
    assert!(out.contains("Total document signed"), "{out}");
}
