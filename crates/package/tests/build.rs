//! A workspace builds packages: verified by the same code Sumedang runs, immutable, seq + 1
//! superseding the last after a change, and "unchanged" when nothing changed.

use livinglab_core::Lang;
use livinglab_package::{
    build, changed_since_last, verify_file, BuildOptions, BuildOutcome, CheckStatus, VerifyContext,
};
use livinglab_sign::Signer;
use livinglab_store::assessment::AssessmentPatch;
use livinglab_store::signing::SigningKey;
use livinglab_store::Workspace;
use time::macros::{date, datetime};

fn signer() -> Signer {
    Signer::from_secret_scalar(&[0x11; 32], datetime!(2026-01-01 00:00 UTC)).unwrap()
}

fn workspace(dir: &std::path::Path, signer: &Signer) -> Workspace {
    let mut ws = Workspace::init(&dir.join("ws"), "32.04").unwrap();
    let id = signer.identity();
    ws.record_signing_key(&SigningKey {
        key_id: id.key_id.clone(),
        algorithm: id.algorithm.as_str().into(),
        public_key: id.public_key.clone(),
        fingerprint: id.fingerprint.clone(),
        computer: "test".into(),
        keystore: "file:test".into(),
        certificate: vec![0x30, 0x00],
        created_at: "2026-01-01T00:00:00Z".into(),
        retired_at: None,
    })
    .unwrap();
    ws.add_period(2024, None, false).unwrap();
    for (indicator, level) in [("1", 3), ("2", 4), ("3", 2)] {
        ws.set_assessment(2024, indicator, AssessmentPatch { level: Some(Some(level)), ..Default::default() }).unwrap();
    }
    ws.add_evidence_bytes(2024, "1", "perbup.txt", b"Peraturan Bupati tentang SPBE").unwrap();
    ws.add_evidence_bytes(2024, "2", "sk-tim.txt", b"SK Tim Koordinasi SPBE").unwrap();
    ws
}

#[test]
fn a_change_supersedes_and_no_change_offers_the_last_package() {
    let tmp = tempfile::tempdir().unwrap();
    let signer = signer();
    let mut ws = workspace(tmp.path(), &signer);
    let options = BuildOptions { year: 2024, out: None, today: date!(2024 - 12 - 01), signer: &signer };
    assert_eq!(changed_since_last(&ws, 2024, options.today).unwrap(), None);

    let mut reports = Vec::new();
    let first = build(&mut ws, &options, &mut |p| reports.push(p)).unwrap();
    let BuildOutcome::Built(first) = first else { panic!("nothing was built") };
    assert_eq!((first.seq, first.supersedes.as_deref()), (1, None));
    assert_eq!(first.files, 4, "data, audit and two evidence files");
    let last = reports.last().unwrap();
    assert_eq!((last.done_files, last.done_bytes), (last.total_files, last.total_bytes));
    let report = verify_file(first.path.as_ref(), &VerifyContext::shipped(Lang::En)).unwrap();
    assert!(report.valid, "{:#?}", report.checks);
    assert!(report.checks.iter().all(|c| c.status == CheckStatus::Passed));
    assert_eq!(report.manifest_sha256.as_deref(), Some(first.manifest_sha256.as_str()));
    let manifest = report.manifest.unwrap();
    assert_eq!((manifest.region.code.as_str(), manifest.period, manifest.seq), ("32.04", 2024, 1));
    assert_eq!(manifest.summary.index, ws.score(2024).unwrap().index.to_string());

    // The record of the build is in the trail, but it is no change of the period.
    assert_eq!(changed_since_last(&ws, 2024, options.today).unwrap(), Some(false));
    assert_eq!(build(&mut ws, &options, &mut |_| {}).unwrap(), BuildOutcome::Unchanged(first.clone()));
    assert_eq!(ws.packages(None).unwrap().len(), 1);

    ws.set_assessment(2024, "3", AssessmentPatch { level: Some(Some(3)), ..Default::default() }).unwrap();
    assert_eq!(changed_since_last(&ws, 2024, options.today).unwrap(), Some(true));
    let BuildOutcome::Built(second) = build(&mut ws, &options, &mut |_| {}).unwrap() else { panic!() };
    assert_eq!((second.seq, second.supersedes.as_deref()), (2, Some(first.package_id.as_str())));
    assert!(verify_file(second.path.as_ref(), &VerifyContext::shipped(Lang::Id)).unwrap().valid);
    assert_eq!(ws.packages(Some(2024)).unwrap(), vec![first.clone(), second]);
    ws.verify_audit().unwrap().into_result().unwrap();

    // Immutable: the database refuses to change or remove a built package.
    let err = ws.conn().execute("UPDATE package SET seq = 9", []).unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
    assert!(ws.conn().execute("DELETE FROM package", []).is_err());
}

#[test]
fn a_damaged_evidence_file_stops_the_build_and_leaves_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let signer = signer();
    let mut ws = workspace(tmp.path(), &signer);
    let stored = ws.stored_files().unwrap();
    let hash = livinglab_core::Sha256Hash::parse(&stored[0].sha256).unwrap();
    std::fs::write(ws.evidence_path(&hash), b"changed").unwrap();
    let out = tmp.path().join("out.llpkg");
    let options = BuildOptions { year: 2024, out: Some(out.clone()), today: date!(2024 - 12 - 01), signer: &signer };
    let err = build(&mut ws, &options, &mut |_| {}).unwrap_err();
    assert_eq!(err.code, livinglab_core::ErrorCode::EvidenceDamaged);
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "a partial file was left");
    assert!(ws.packages(None).unwrap().is_empty());
}
