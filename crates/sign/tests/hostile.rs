//! Hostile input: damaged and truncated signed PDFs give a report or an error, never a panic,
//! and never a valid verdict.

mod common;

use livinglab_sign::{load_or_create, seal_certificate, seal_pdf, verify_pdf, SealOptions, SealSubject, Verdict};
use time::macros::datetime;

fn sealed() -> (Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let signer = load_or_create(&common::file_store(dir.path()), "ws").unwrap();
    let subject = SealSubject { region: "Kabupaten Contoh".into(), office: "Diskominfo".into() };
    let cert =
        seal_certificate(&signer, &subject, datetime!(2026-01-01 0:00 UTC), datetime!(2030-01-01 0:00 UTC)).unwrap();
    let options = SealOptions {
        reason: "Segel".into(),
        location: "Contoh".into(),
        name: "Diskominfo".into(),
        signing_time: datetime!(2026-05-05 10:00 UTC),
    };
    let pdf = seal_pdf(&common::sample_pdf("Laporan", 1), &signer, &cert, &options).unwrap();
    (pdf, signer.identity().public_key.clone())
}

#[test]
fn damaged_copies_never_verify_and_never_panic() {
    let (pdf, key) = sealed();
    let keys = [key.as_slice()];
    assert_eq!(verify_pdf(&pdf, &[], &keys, None).unwrap().verdict, Verdict::Valid);
    // A cheap deterministic generator: every damaged copy differs from the sealed bytes.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..300 {
        let mut copy = pdf.clone();
        match round % 3 {
            0 => {
                let at = (next() as usize) % copy.len();
                copy[at] ^= 1 << (next() % 8);
            }
            1 => copy.truncate((next() as usize) % copy.len()),
            _ => {
                let at = (next() as usize) % copy.len();
                let len = ((next() as usize) % 64).min(copy.len() - at);
                copy[at..at + len].fill(b'0');
            }
        }
        // A flip of bit 5 turns a hex digit of /Contents from a to A: the same signature bytes,
        // not a damage (the range the signature covers is compared byte for byte).
        if copy == pdf || (copy.len() == pdf.len() && contents_case_only(&pdf, &copy)) {
            continue;
        }
        if let Ok(report) = verify_pdf(&copy, &[], &keys, None) {
            assert_ne!(report.verdict, Verdict::Valid, "round {round}: a damaged copy verified");
        }
    }
}

/// Whether the copies differ only in the letter case of hex digits inside `/Contents<…>`.
fn contents_case_only(pdf: &[u8], copy: &[u8]) -> bool {
    let text = String::from_utf8_lossy(pdf);
    let Some(start) = text.rfind("/Contents<") else { return false };
    let start = start + "/Contents<".len();
    let end = start + text[start..].find('>').unwrap_or(0);
    pdf.iter()
        .zip(copy)
        .enumerate()
        .all(|(i, (a, b))| a == b || ((start..end).contains(&i) && a.is_ascii_hexdigit() && a.eq_ignore_ascii_case(b)))
}

#[test]
fn a_byte_range_that_does_not_frame_the_contents_is_invalid() {
    let (pdf, key) = sealed();
    let text = String::from_utf8_lossy(&pdf).into_owned();
    let at = text.find("/ByteRange[0 ").expect("ByteRange") + "/ByteRange[0 ".len();
    let mut copy = pdf.clone();
    // Shift the first range's end by one: the gap no longer starts at '<'.
    let digits_end = at + text[at..].find(' ').unwrap();
    let value: usize = text[at..digits_end].parse().unwrap();
    let shifted = format!("{:<width$}", value - 1, width = digits_end - at);
    copy[at..digits_end].copy_from_slice(shifted.as_bytes());
    let report = verify_pdf(&copy, &[], &[key.as_slice()], None).unwrap();
    assert_eq!(report.verdict, Verdict::Invalid, "{report:#?}");
    assert!(!report.signatures[0].byte_range_ok);
}

/// Found by the `signed_pdf` fuzz target: a cross-reference stream whose field width is
/// 200000000007 bytes made the PDF parser allocate that much and abort the process.
#[test]
fn a_cross_reference_stream_with_a_huge_field_width_is_refused_not_fatal() {
    let pdf =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/findings/xref-stream-field-width.pdf")).unwrap();
    let err = verify_pdf(&pdf, &[], &[], None).unwrap_err();
    assert_eq!(err.code, livinglab_core::ErrorCode::SignPdfInvalid);
}
