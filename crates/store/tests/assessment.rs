//! Periods, answers, review status, imports, evidence and the audit chain.

use std::str::FromStr;

use livinglab_core::{ErrorCode, Sha256Hash};
use livinglab_store::assessment::{AssessmentPatch, Status};
use livinglab_store::Workspace;
use rust_decimal::Decimal;

fn workspace() -> (tempfile::TempDir, Workspace) {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&tmp.path().join("ws"), "32.11").unwrap();
    set_user(&mut ws, "Ani Operator");
    (tmp, ws)
}

fn set_user(ws: &mut Workspace, name: &str) {
    let mut p = ws.profile().unwrap();
    p.user_name = name.into();
    ws.save_profile(p).unwrap();
}

fn level(l: u8) -> AssessmentPatch {
    AssessmentPatch { level: Some(Some(l)), ..AssessmentPatch::default() }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn periods_take_the_framework_of_their_year() {
    let (_t, mut ws) = workspace();
    assert_eq!(ws.add_period(2024, None, false).unwrap().framework_id, "spbe-2020");
    assert_eq!(ws.add_period(2026, None, false).unwrap().framework_id, "pemdi-2026");
    assert_eq!(ws.add_period(2024, None, false).unwrap_err().code, ErrorCode::PeriodExists);
    assert_eq!(ws.add_period(2019, None, false).unwrap_err().code, ErrorCode::PeriodYearInvalid);
    assert_eq!(ws.add_period(2027, Some("spbe-2020"), false).unwrap_err().code, ErrorCode::PeriodYearInvalid);
    assert_eq!(ws.add_period(2027, Some("nope"), false).unwrap_err().code, ErrorCode::FrameworkUnknown);
    assert_eq!(ws.periods().unwrap().iter().map(|p| p.year).collect::<Vec<_>>(), [2024, 2026]);
}

#[test]
fn levels_drive_the_score_and_bad_input_changes_nothing() {
    let (_t, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    for (i, l) in [("11", 3), ("12", 4), ("13", 3), ("14", 2)] {
        ws.set_assessment(2024, i, level(l)).unwrap();
    }
    let s = ws.score(2024).unwrap();
    assert_eq!((s.assessed, s.total, s.complete), (4, 47, false));
    assert_eq!(s.groups.iter().find(|g| g.id == "A2").unwrap().index, d("3"));

    assert_eq!(ws.set_assessment(2024, "11", level(6)).unwrap_err().code, ErrorCode::LevelInvalid);
    assert_eq!(ws.set_assessment(2024, "48", level(3)).unwrap_err().code, ErrorCode::IndicatorUnknown);
    assert_eq!(ws.set_assessment(2023, "1", level(3)).unwrap_err().code, ErrorCode::PeriodUnknown);
    assert_eq!(ws.assessment(2024, "11").unwrap().unwrap().level, Some(3));

    let penjelasan = AssessmentPatch {
        fakta: Some("Perbup No. 1 Tahun 2020 Pasal 3".into()),
        analisis: Some("Memenuhi kriteria tingkat 3".into()),
        owner_office: Some("Diskominfo".into()),
        target: Some(Some(4)),
        ..AssessmentPatch::default()
    };
    let a = ws.set_assessment(2024, "11", penjelasan).unwrap();
    assert_eq!((a.level, a.target, a.fakta.as_str()), (Some(3), Some(4), "Perbup No. 1 Tahun 2020 Pasal 3"));
}

#[test]
fn review_locks_verified_answers_and_reopening_needs_a_reason() {
    let (_t, mut ws) = workspace();
    ws.profile().unwrap();
    ws.add_period(2024, None, false).unwrap();
    assert_eq!(ws.set_status(2024, "1", Status::Diajukan, None).unwrap_err().code, ErrorCode::LevelMissing);
    ws.set_assessment(2024, "1", level(3)).unwrap();
    assert_eq!(
        ws.set_status(2024, "1", Status::Terverifikasi, None).unwrap_err().code,
        ErrorCode::StatusTransitionInvalid
    );
    ws.set_status(2024, "1", Status::Diajukan, None).unwrap();
    let v = ws.set_status(2024, "1", Status::Terverifikasi, None).unwrap();
    assert_eq!(v.status, Status::Terverifikasi);
    assert!(v.verified_by.is_some() && v.verified_at.is_some());

    assert_eq!(ws.set_assessment(2024, "1", level(4)).unwrap_err().code, ErrorCode::AssessmentLocked);
    assert_eq!(ws.set_status(2024, "1", Status::Draft, Some("  ")).unwrap_err().code, ErrorCode::ReasonRequired);
    ws.set_status(2024, "1", Status::Draft, Some("Data dukung belum lengkap")).unwrap();
    ws.set_assessment(2024, "1", level(4)).unwrap();

    let history = ws.indicator_history(2024, "1").unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["update", "reopen", "verify", "submit", "update"]);
    assert_eq!(history[1].new.as_ref().unwrap()["reason"], "Data dukung belum lengkap");
    assert_eq!(history[0].old.as_ref().unwrap()["changes"]["level"], 3);
    assert_eq!(history[0].new.as_ref().unwrap()["changes"]["level"], 4);
}

#[test]
fn verifying_records_the_verifier_and_self_verification() {
    let (_t, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    for i in ["1", "2"] {
        ws.set_assessment(2024, i, level(3)).unwrap();
        let a = ws.set_status(2024, i, Status::Diajukan, None).unwrap();
        assert_eq!(a.submitted_by.as_deref(), Some("Ani Operator"));
    }
    // The one who submitted verifies: allowed, recorded as self-verified.
    let own = ws.set_status(2024, "1", Status::Terverifikasi, None).unwrap();
    assert_eq!((own.verified_by.as_deref(), own.self_verified), (Some("Ani Operator"), true));
    // Someone else verifies: named, not self-verified.
    set_user(&mut ws, "Budi Verifikator");
    let other = ws.set_status(2024, "2", Status::Terverifikasi, None).unwrap();
    assert_eq!((other.verified_by.as_deref(), other.self_verified), (Some("Budi Verifikator"), false));
    // What was recorded is what is read back, and the trail names the verifier.
    let stored = ws.assessment(2024, "1").unwrap().unwrap();
    assert_eq!((stored.submitted_by.as_deref(), stored.self_verified), (Some("Ani Operator"), true));
    let verify = &ws.indicator_history(2024, "2").unwrap()[0];
    assert_eq!((verify.action.as_str(), verify.actor.as_str()), ("verify", "Budi Verifikator"));
    assert_eq!(verify.new.as_ref().unwrap()["self_verified"], false);
    assert_eq!(ws.indicator_history(2024, "1").unwrap()[0].new.as_ref().unwrap()["self_verified"], true);
    // Reopening clears who submitted and who verified.
    let reopened = ws.set_status(2024, "1", Status::Draft, Some("Perlu data dukung baru")).unwrap();
    assert_eq!((reopened.submitted_by, reopened.verified_by, reopened.self_verified), (None, None, false));
    // Without a user name nobody can verify.
    ws.set_assessment(2024, "3", level(2)).unwrap();
    ws.set_status(2024, "3", Status::Diajukan, None).unwrap();
    set_user(&mut ws, "");
    let e = ws.set_status(2024, "3", Status::Terverifikasi, None).unwrap_err();
    assert_eq!((e.code, e.param("field")), (ErrorCode::UserNameRequired, Some("user_name")));
    assert_eq!(ws.assessment(2024, "3").unwrap().unwrap().status, Status::Diajukan, "a refused move changes nothing");
    assert!(ws.verify_audit().unwrap().intact);
}

#[test]
fn a_csv_import_with_a_bad_row_changes_nothing_and_names_the_row() {
    let (_t, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    ws.set_assessment(2024, "1", level(2)).unwrap();
    let audit_before = ws.verify_audit().unwrap().entries;
    let csv = "indicator,level,target,fakta,analisis,owner\n1,3,4,\"Perbup 1/2020, Pasal 2\",Memenuhi,Diskominfo\n2,4\n3,7\n4,2\n";
    let err = ws.import_assessments(2024, csv).unwrap_err();
    assert_eq!(err.code, ErrorCode::ImportRowInvalid);
    assert_eq!(err.param("row"), Some("4"));
    assert!(err.param("detail").unwrap().contains("\"7\""), "{err:?}");
    assert_eq!(ws.assessment(2024, "1").unwrap().unwrap().level, Some(2));
    assert!(ws.assessment(2024, "2").unwrap().is_none());
    assert_eq!(ws.verify_audit().unwrap().entries, audit_before);

    let err = ws.import_assessments(2024, "1,3\n99,2\n").unwrap_err();
    assert_eq!((err.param("row"), err.code), (Some("2"), ErrorCode::ImportRowInvalid));
    let err = ws.import_assessments(2024, "1,3\n1,4\n").unwrap_err();
    assert!(err.param("detail").unwrap().contains("twice"));

    let n = ws.import_assessments(2024, "indikator;tingkat;target\n1;3;4\n2;4;\n").unwrap();
    assert_eq!(n, 2);
    let a1 = ws.assessment(2024, "1").unwrap().unwrap();
    assert_eq!((a1.level, a1.target), (Some(3), Some(4)));
    assert_eq!(ws.assessment(2024, "2").unwrap().unwrap().level, Some(4));
}

#[test]
fn a_new_period_can_start_from_the_previous_answers() {
    let (_t, mut ws) = workspace();
    ws.add_period(2023, None, false).unwrap();
    ws.import_assessments(2023, "1,3,4,Fakta 2023,Analisis 2023,Diskominfo\n2,2\n").unwrap();
    ws.set_status(2023, "1", Status::Diajukan, None).unwrap();
    ws.add_period(2024, None, true).unwrap();
    let a = ws.assessment(2024, "1").unwrap().unwrap();
    assert_eq!((a.level, a.target, a.fakta.as_str(), a.status), (Some(3), Some(4), "Fakta 2023", Status::Draft));
    assert_eq!(ws.levels(2024).unwrap().len(), 2);
    // Pemdi 2026 is another framework: nothing is copied into it.
    ws.add_period(2026, None, true).unwrap();
    assert!(ws.levels(2026).unwrap().is_empty());
}

#[test]
fn the_same_file_attached_twice_is_stored_once() {
    let (tmp, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    let file = tmp.path().join("Perbup-1-2020.pdf");
    std::fs::write(&file, b"%PDF-1.4\n% Peraturan Bupati Sumedang Nomor 1 Tahun 2020\n").unwrap();
    let copy = tmp.path().join("salinan.pdf");
    std::fs::copy(&file, &copy).unwrap();

    let a = ws.add_evidence_file(2024, "1", &file).unwrap();
    assert_eq!(a.display_name, "1.a.Perbup-1-2020.pdf");
    let b = ws.add_evidence_file(2024, "11", &copy).unwrap();
    assert_eq!(b.display_name, "11.a.salinan.pdf");
    assert_eq!(a.sha256, b.sha256);
    let again = ws.add_evidence_file(2024, "1", &file).unwrap();
    assert_eq!(again.id, a.id, "the same file on the same indicator is one link");

    let stored = ws.stored_files().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].indicators, ["1", "11"]);
    let blobs: Vec<_> = walk(&ws.dir().join("evidence"));
    assert_eq!(blobs.len(), 1, "{blobs:?}");

    let url =
        ws.add_evidence_url(2024, "1", "https://jdih.sumedangkab.go.id/perbup-1-2020", "JDIH", "Halaman 3").unwrap();
    assert_eq!(url.display_name, "1.b.JDIH");
    assert_eq!(ws.add_evidence_url(2024, "1", "jdih", "", "").unwrap_err().code, ErrorCode::EvidenceUrlInvalid);
    assert_eq!(ws.evidence(2024, Some("1")).unwrap().len(), 2);
}

#[test]
fn refused_evidence_leaves_nothing_behind() {
    let (tmp, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    let exe = tmp.path().join("setup.exe");
    std::fs::write(&exe, b"MZ....").unwrap();
    assert_eq!(ws.add_evidence_file(2024, "1", &exe).unwrap_err().code, ErrorCode::EvidenceTypeRefused);
    let disguised = tmp.path().join("laporan.pdf");
    std::fs::write(&disguised, [b"\x7fELF\x02\x01\x01".as_slice(), &[0u8; 200]].concat()).unwrap();
    assert_eq!(ws.add_evidence_file(2024, "1", &disguised).unwrap_err().code, ErrorCode::EvidenceTypeRefused);
    assert!(walk(&ws.dir().join("evidence")).is_empty());
    assert!(ws.stored_files().unwrap().is_empty());
}

#[test]
fn verify_reports_a_changed_and_a_missing_file() {
    let (tmp, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    let f1 = tmp.path().join("a.pdf");
    let f2 = tmp.path().join("b.png");
    std::fs::write(&f1, b"%PDF-1.4 a").unwrap();
    std::fs::write(&f2, b"\x89PNG\r\n\x1a\n b").unwrap();
    let a = ws.add_evidence_file(2024, "1", &f1).unwrap();
    let b = ws.add_evidence_file(2024, "2", &f2).unwrap();
    assert!(ws.verify_evidence().unwrap().intact);

    let path_of = |sha: &Option<String>| ws.evidence_path(&Sha256Hash::parse(sha.as_deref().unwrap()).unwrap());
    std::fs::write(path_of(&a.sha256), b"%PDF-1.4 altered").unwrap();
    std::fs::remove_file(path_of(&b.sha256)).unwrap();
    // A blob left by a write that never committed is reported apart, and is no damage.
    let orphan = Sha256Hash::of(b"never recorded");
    std::fs::create_dir_all(ws.evidence_path(&orphan).parent().unwrap()).unwrap();
    std::fs::write(ws.evidence_path(&orphan), b"never recorded").unwrap();
    let report = ws.verify_evidence().unwrap();
    assert!(!report.intact);
    assert_eq!(report.unreferenced, [orphan.as_str()]);
    assert_eq!(report.changed.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["a.pdf"]);
    assert_eq!(report.missing.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["b.png"]);
}

#[test]
fn the_audit_chain_detects_an_edited_and_a_deleted_row() {
    let (_t, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    for (i, l) in [("1", 2), ("2", 3), ("3", 4), ("4", 2)] {
        ws.set_assessment(2024, i, level(l)).unwrap();
    }
    let report = ws.verify_audit().unwrap();
    assert!(report.intact);
    let n = report.entries;
    assert!(n >= 6);
    let dir = ws.dir().to_path_buf();
    drop(ws);

    // The table refuses edits outright.
    let conn = rusqlite::Connection::open(dir.join("workspace.sqlite")).unwrap();
    assert!(conn.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 3", []).is_err());
    assert!(conn.execute("DELETE FROM audit_log WHERE seq = 3", []).is_err());

    // Someone who drops the guards and edits a row is caught at that row.
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;").unwrap();
    conn.execute("UPDATE audit_log SET new_value = replace(new_value, '4', '5') WHERE seq = 5", []).unwrap();
    drop(conn);
    let ws = Workspace::open(&dir).unwrap();
    let report = ws.verify_audit().unwrap();
    assert_eq!((report.intact, report.broken_at), (false, Some(5)));
    let err = report.into_result().unwrap_err();
    assert_eq!(err.code, ErrorCode::AuditBroken);
    drop(ws);

    // A deleted row is caught where the chain breaks.
    let (_t2, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    for (i, l) in [("1", 2), ("2", 3), ("3", 4)] {
        ws.set_assessment(2024, i, level(l)).unwrap();
    }
    let dir = ws.dir().to_path_buf();
    drop(ws);
    let conn = rusqlite::Connection::open(dir.join("workspace.sqlite")).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;").unwrap();
    drop(conn);
    let report = Workspace::open(&dir).unwrap().verify_audit().unwrap();
    assert_eq!((report.intact, report.broken_at), (false, Some(3)));

    // So is a deleted newest row, through the head kept beside the chain.
    let conn = rusqlite::Connection::open(dir.join("workspace.sqlite")).unwrap();
    let last: i64 = conn.query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0)).unwrap();
    conn.execute_batch("DELETE FROM audit_log WHERE seq >= 3").unwrap();
    drop(conn);
    let report = Workspace::open(&dir).unwrap().verify_audit().unwrap();
    assert!(!report.intact);
    assert_eq!(report.broken_at, Some(3));
    assert!(last > 3);
}

#[test]
fn an_imported_framework_is_kept_and_a_conflicting_one_refused() {
    let (_t, mut ws) = workspace();
    let shipped = livinglab_core::framework::SHIPPED_SOURCES[1].2;
    // Identical to the shipped file: accepted, nothing stored.
    assert!(!ws.import_framework(shipped).unwrap().stored);
    // Same id and version with other content: refused.
    let mut v: serde_json::Value = serde_json::from_str(shipped).unwrap();
    v["indicators"][18]["weight"] = "9".into();
    v["indicators"][19]["weight"] = "16".into();
    let err = ws.import_framework(&v.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::FrameworkConflict);
    // A corrected version is stored, survives reopening, and a period can move to it.
    v["version"] = "1.0.1".into();
    let out = ws.import_framework(&v.to_string()).unwrap();
    assert!(out.stored);
    ws.add_period(2026, None, false).unwrap();
    assert_eq!(ws.period(2026).unwrap().framework_version, "1.0.1", "new periods use the newest version");
    let dir = ws.dir().to_path_buf();
    drop(ws);
    let mut ws = Workspace::open(&dir).unwrap();
    assert_eq!(ws.imported_frameworks().unwrap().len(), 1);
    ws.set_assessment(2026, "19", level(5)).unwrap();
    assert_eq!(ws.score(2026).unwrap().index, d("1.36"), "19 weighs 9 in the corrected file: 1 + 9×4/100");
    ws.set_period_framework_version(2026, "1.0.0-provisional").unwrap();
    assert_eq!(ws.score(2026).unwrap().index, d("1.4"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn an_import_refused_by_a_verified_answer_names_the_line_in_the_file() {
    let (_t, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    ws.set_assessment(2024, "2", level(3)).unwrap();
    ws.set_status(2024, "2", Status::Diajukan, None).unwrap();
    ws.set_status(2024, "2", Status::Terverifikasi, None).unwrap();
    // Header on line 1, an empty line 3: indicator 2 is on line 4 of the file.
    let err = ws.import_assessments(2024, "indikator,tingkat\n1,3\n\n2,4\n3,2\n").unwrap_err();
    assert_eq!(err.code, ErrorCode::ImportRowInvalid);
    assert_eq!(err.param("row"), Some("4"), "{err}");
    // A quoted value spanning lines counts its lines too.
    let err = ws.import_assessments(2024, "1,3,,\"baris\nkedua\"\n2,4\n").unwrap_err();
    assert_eq!(err.param("row"), Some("3"), "{err}");
    assert_eq!(ws.assessment(2024, "1").unwrap(), None, "nothing was imported");
}

/// Writes a value the schema's CHECK constraints would refuse, as a damaged file or another
/// tool might leave it.
fn corrupt(ws: &Workspace, sql: &str) {
    let conn = rusqlite::Connection::open(ws.dir().join("workspace.sqlite")).unwrap();
    conn.pragma_update(None, "ignore_check_constraints", true).unwrap();
    conn.execute(sql, []).unwrap();
}

#[test]
fn a_corrupt_stored_status_is_reported_never_read_as_a_draft() {
    let (_t, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    ws.set_assessment(2024, "1", level(3)).unwrap();
    ws.set_status(2024, "1", Status::Diajukan, None).unwrap();
    ws.set_status(2024, "1", Status::Terverifikasi, None).unwrap();
    corrupt(&ws, "UPDATE assessment SET status = 'Terverifikasi ' WHERE indicator = '1'");
    let err = ws.assessment(2024, "1").unwrap_err();
    assert_eq!(err.code, ErrorCode::WorkspaceCorrupt);
    assert!(err.param("detail").unwrap().contains("Terverifikasi "), "{err}");
    // The verified answer stays locked: the edit is refused, not applied to a "draft".
    assert_eq!(ws.set_assessment(2024, "1", level(5)).unwrap_err().code, ErrorCode::WorkspaceCorrupt);
    assert_eq!(ws.assessments(2024).unwrap_err().code, ErrorCode::WorkspaceCorrupt);
}

#[test]
fn a_corrupt_region_kind_is_reported_when_opening() {
    let (t, ws) = workspace();
    corrupt(&ws, "UPDATE workspace SET region_kind = 'provinsi'");
    drop(ws);
    let err = Workspace::open(&t.path().join("ws")).err().expect("refused");
    assert_eq!(err.code, ErrorCode::WorkspaceCorrupt);
    assert!(err.param("detail").unwrap().contains("provinsi"), "{err}");
}

#[test]
fn evidence_of_a_verified_answer_is_not_removed_until_it_is_reopened() {
    let (tmp, mut ws) = workspace();
    ws.add_period(2024, None, false).unwrap();
    ws.set_assessment(2024, "1", level(3)).unwrap();
    let file = tmp.path().join("perbup.pdf");
    std::fs::write(&file, b"%PDF-1.4 perbup").unwrap();
    let item = ws.add_evidence_file(2024, "1", &file).unwrap();
    ws.set_status(2024, "1", Status::Diajukan, None).unwrap();
    ws.set_status(2024, "1", Status::Terverifikasi, None).unwrap();
    let entries = ws.verify_audit().unwrap().entries;
    assert_eq!(ws.remove_evidence(&item.id).unwrap_err().code, ErrorCode::AssessmentLocked);
    assert_eq!(ws.evidence(2024, Some("1")).unwrap().len(), 1);
    assert_eq!(ws.verify_audit().unwrap().entries, entries, "a refusal records nothing");
    ws.set_status(2024, "1", Status::Draft, Some("Perbup diganti")).unwrap();
    ws.remove_evidence(&item.id).unwrap();
    assert!(ws.evidence(2024, Some("1")).unwrap().is_empty());
}
