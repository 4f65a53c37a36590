//! Enrolment letters come from the regions: a hostile PDF is refused with the letter's error,
//! never ends the process (the fuzz target `enrolment_letter` and its findings).

use livinglab_core::ErrorCode;

#[test]
fn a_letter_whose_cross_reference_stream_is_hostile_is_refused() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../sign/tests/findings/xref-stream-field-width.pdf");
    let pdf = std::fs::read(path).unwrap();
    let err = livinglab_hub::keys::key_from_letter(&pdf).unwrap_err();
    assert_eq!(err.code, ErrorCode::HubLetterInvalid);
}
