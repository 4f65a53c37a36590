//! Seals checked by poppler's pdfsig, the oracle: valid and total, and a changed byte fails.

mod common;

use livinglab_sign::{load_or_create, seal_certificate, seal_pdf, SealOptions, SealSubject};
use time::macros::datetime;

fn sealed_sample(dir: &std::path::Path) -> (Vec<u8>, Vec<u8>) {
    let store = common::file_store(dir);
    let signer = load_or_create(&store, "ws-sumedang").unwrap();
    let subject =
        SealSubject { region: "Kabupaten Sumedang".into(), office: "Dinas Komunikasi dan Informatika".into() };
    let cert =
        seal_certificate(&signer, &subject, datetime!(2026-01-01 00:00 UTC), datetime!(2036-01-01 00:00 UTC)).unwrap();
    let pdf = common::sample_pdf("Surat komitmen", 2);
    let options = SealOptions {
        reason: "Segel elektronik Living Lab — Kabupaten Sumedang".into(),
        location: "Sumedang".into(),
        name: "Diskominfo Kabupaten Sumedang".into(),
        signing_time: datetime!(2026-03-02 10:00 +07:00),
    };
    let sealed = seal_pdf(&pdf, &signer, &cert, &options).unwrap();
    (pdf, sealed)
}

#[test]
fn a_seal_is_an_incremental_update_pdfsig_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, sealed) = sealed_sample(dir.path());
    assert!(sealed.starts_with(&pdf), "the finished bytes stay a prefix");
    let path = dir.path().join("sealed.pdf");
    std::fs::write(&path, &sealed).unwrap();
    let Some(out) = common::pdfsig(&path, None) else { return };
    eprintln!("{out}");
    assert!(out.contains("Signature is Valid."), "{out}");
    assert!(out.contains("Total document signed"), "{out}");
    assert!(out.contains("ETSI.CAdES.detached"), "{out}");
}

#[test]
fn one_changed_byte_in_the_signed_range_fails_in_pdfsig() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, mut sealed) = sealed_sample(dir.path());
    let at = find(&pdf, b"Surat komitmen").unwrap();
    sealed[at] = b'Z';
    let path = dir.path().join("tampered.pdf");
    std::fs::write(&path, &sealed).unwrap();
    let Some(out) = common::pdfsig(&path, None) else { return };
    eprintln!("{out}");
    assert!(out.contains("Digest Mismatch"), "{out}");
    assert!(!out.contains("Signature is Valid."), "{out}");
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
