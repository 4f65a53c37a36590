//! Issuing a document is one unit: the number, the record, its audit entry and its stored PDF
//! commit together or not at all.

use livinglab_core::{canonical_sha256, Error, ErrorCode, Lang};
use livinglab_store::documents::{DocumentKind, Issue};
use livinglab_store::Workspace;
use serde_json::json;

fn pdf_bytes(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n%%EOF\n").into_bytes()
}

fn issue(ws: &mut Workspace, note: &str) -> livinglab_core::Result<livinglab_store::documents::DocumentRecord> {
    let note = note.to_string();
    ws.issue_document(
        DocumentKind::Report,
        2026,
        None,
        Lang::Id,
        |seq| {
            Ok(Issue {
                number: format!("LK-2026-{seq}"),
                title: "Laporan".into(),
                model: json!({"seq": seq, "note": note}),
                seal_key_id: None,
            })
        },
        |model, meta| Ok(pdf_bytes(&format!("{} {}", meta.number, model["note"]))),
    )
    .map(|(record, _)| record)
}

fn count(ws: &Workspace, sql: &str) -> i64 {
    ws.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_failure_when_the_audit_entry_is_written_leaves_nothing_but_a_harmless_blob() {
    // The audit entry is the last thing written before the commit.
    failure_leaves_nothing("BEFORE INSERT ON audit_log WHEN NEW.action = 'issue'");
}

#[test]
fn a_failure_when_the_pdf_is_recorded_leaves_nothing_but_a_harmless_blob() {
    failure_leaves_nothing("BEFORE INSERT ON evidence_file");
}

fn failure_leaves_nothing(when: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&tmp.path().join("w"), "32.11").unwrap();
    let audit_before = ws.verify_audit().unwrap().entries;
    ws.conn()
        .execute_batch(&format!("CREATE TRIGGER fail_issue {when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"))
        .unwrap();
    let err = issue(&mut ws, "first try").unwrap_err();
    assert_eq!(err.code, ErrorCode::StorageFailed, "{err:?}");
    assert_eq!(ws.next_document_number(DocumentKind::Report, 2026).unwrap(), 1, "the number was used up");
    assert_eq!(count(&ws, "SELECT count(*) FROM document"), 0);
    assert_eq!(count(&ws, "SELECT count(*) FROM evidence_file"), 0);
    assert_eq!(ws.verify_audit().unwrap().entries, audit_before);
    // The PDF written before the commit is reported as unreferenced, and is no damage.
    let report = ws.verify_evidence().unwrap();
    assert!(report.intact);
    assert_eq!(report.unreferenced.len(), 1);

    ws.conn().execute_batch("DROP TRIGGER fail_issue").unwrap();
    let record = issue(&mut ws, "second try").unwrap();
    assert_eq!(record.number, "LK-2026-1");
    assert_eq!(count(&ws, "SELECT count(*) FROM evidence_file"), 1, "the PDF is recorded with the document");
    assert_eq!(ws.document_pdf(&record.id).unwrap(), pdf_bytes("LK-2026-1 \"second try\""));
    assert!(ws.verify_audit().unwrap().intact);
}

#[test]
fn a_failed_render_uses_up_no_number() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&tmp.path().join("w"), "32.11").unwrap();
    let err = ws
        .issue_document(
            DocumentKind::Letter,
            2026,
            None,
            Lang::Id,
            |seq| Ok(Issue { number: seq.to_string(), title: "Surat".into(), model: json!({}), seal_key_id: None }),
            |_, _| Err(Error::new(ErrorCode::DocumentFailed).with("detail", "no room on the page")),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::DocumentFailed);
    assert_eq!(ws.next_document_number(DocumentKind::Letter, 2026).unwrap(), 1);
    assert_eq!(count(&ws, "SELECT count(*) FROM document_counter"), 0);
}

#[test]
fn the_stored_data_is_the_canonical_model_and_its_hash_is_the_record_s() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&tmp.path().join("w"), "32.11").unwrap();
    let record = issue(&mut ws, "Kabupaten Sumedang — 3,52").unwrap();
    let stored: String =
        ws.conn().query_row("SELECT data_json FROM document WHERE id = ?1", [&record.id], |r| r.get(0)).unwrap();
    assert_eq!(stored, r#"{"note":"Kabupaten Sumedang — 3,52","seq":1}"#);
    let (_, hash) = canonical_sha256(&ws.document_data(&record.id).unwrap()).unwrap();
    assert_eq!(hash.as_str(), record.data_sha256);
}

#[test]
fn a_scan_must_be_what_its_name_says_and_a_refused_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&dir.path().join("ws"), "32.11").unwrap();
    let doc = issue(&mut ws, "scan").unwrap();
    for (name, data) in [
        ("surat.pdf", b"just text, renamed\n".to_vec()),
        ("surat.png", pdf_bytes("a PDF named .png")),
        ("surat.docx", pdf_bytes("a PDF named .docx")),
    ] {
        let err = ws.attach_signed_scan(&doc.id, name, &data).unwrap_err();
        assert_eq!(err.code, ErrorCode::ScanTypeRefused, "{name}");
        assert_eq!(ws.document(&doc.id).unwrap().status, "issued", "{name}");
    }
    let signed = ws.attach_signed_scan(&doc.id, "surat.pdf", &pdf_bytes("the signed paper")).unwrap();
    assert_eq!(signed.status, "signed");
}

/// Documents issued within the same millisecond still list newest first, so "the period's
/// report" is the one issued last.
#[test]
fn documents_issued_in_the_same_instant_list_the_last_issued_first() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&tmp.path().join("w"), "32.11").unwrap();
    let numbers: Vec<String> = (0..5).map(|i| issue(&mut ws, &i.to_string()).unwrap().number).collect();
    ws.conn().execute("UPDATE document SET created_at = '2026-11-21T08:00:00.000Z'", []).unwrap();
    let listed: Vec<String> = ws.documents().unwrap().into_iter().map(|d| d.number).collect();
    assert_eq!(listed, numbers.into_iter().rev().collect::<Vec<_>>());
}
