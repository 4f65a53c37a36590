//! End-to-end: the workspace's signing key in Profil (created in the real OS keychain), a sealed
//! letter issued through the native save dialog, and the TTE round trip on the Documents page:
//! a trust anchor added from a file, a TTE-signed PDF attached and verified, tampered and
//! untrusted copies refused, any signed PDF checked. Run inside a session bus with an unlocked
//! gnome-keyring (scripts/test.sh).

mod support;

use std::path::{Path, PathBuf};

use livinglab_sign::testpki;
use livinglab_store::Workspace;
use support::{answer_save_dialog, create_sumedang_workspace, data_dir, App};
use time::OffsetDateTime;

fn workspace_dir(home: &Path) -> PathBuf {
    data_dir(home).join("LivingLab/workspaces/32.11-kabupaten-sumedang")
}

/// A copy of `pdf` with one byte changed inside its first content stream.
fn tampered(pdf: &[u8]) -> Vec<u8> {
    let at = pdf.windows(7).position(|w| w == b"stream\n").expect("a stream") + 20;
    let mut out = pdf.to_vec();
    out[at] ^= 0x01;
    out
}

/// A one-page PDF nobody signed, and that no workspace issued.
fn plain_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let size = objects.len() + 1;
    out.extend_from_slice(format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn the_signing_key_seals_a_letter_and_a_tte_signed_copy_comes_back_verified() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    create_sumedang_workspace(&app).await;

    // Profil: no key yet; creating one shows the fingerprint the workspace recorded.
    app.wait("#key-create").await;
    app.wait_text("#signing-card", "segel kantor").await;
    app.screenshot("60-signing-key-none").await;
    app.click("#key-create").await;
    let shown = app.text("#key-fingerprint").await;
    let keys = Workspace::open(&workspace_dir(home.path())).unwrap().signing_keys().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(shown, keys[0].fingerprint, "the fingerprint shown is the one recorded");
    assert_eq!(app.text("#key-id").await, keys[0].key_id);
    assert_eq!(app.text("#key-store").await, "Penyimpanan kunci sistem");
    app.wait_text("#keys-table", &keys[0].key_id).await;
    app.wait("#key-letter").await;
    app.show("#signing-card").await;
    app.screenshot("61-signing-key").await;

    // The enrolment letter for the head of office, saved through the native dialog.
    let enrolment = home.path().join("surat-pendaftaran-kunci.pdf");
    app.click("#key-letter").await;
    let (title, path) = ("Simpan surat pendaftaran kunci".to_string(), enrolment.clone());
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &path)).await.unwrap();
    app.wait_text("#toasts", enrolment.to_str().unwrap()).await;
    assert!(std::fs::read(&enrolment).unwrap().starts_with(b"%PDF-"));

    // Documents: issue the letter; the save dialog is answered on the display.
    app.click("#nav-documents").await;
    app.wait("#letter-issue").await;
    let saved = home.path().join("surat-komitmen.pdf");
    app.click("#letter-issue").await;
    // No national emblem is loaded yet for the kop jabatan: the app says so and the user goes on.
    app.wait_text("#checklist-items", "Garuda Pancasila").await;
    app.click("#dlg-ok").await;
    let (title, path) = ("Simpan surat komitmen".to_string(), saved.clone());
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &path)).await.unwrap();
    // The toast names where the file went (an earlier one may still show).
    app.wait_text("#toasts", saved.to_str().unwrap()).await;
    app.wait_text("#documents-table", "Surat Pernyataan Komitmen").await;
    let issued = std::fs::read(&saved).expect("the letter was saved where the dialog was told");
    let letter = {
        let ws = Workspace::open(&workspace_dir(home.path())).unwrap();
        let letter = ws.documents().unwrap().into_iter().find(|d| d.kind == "letter").unwrap();
        assert_eq!(letter.seal_key_id.as_deref(), Some(keys[0].key_id.as_str()));
        assert_eq!(ws.document_pdf(&letter.id).unwrap(), issued);
        letter
    };

    // The head of region signs it with TTE outside the app (here: the test PKI).
    let pki = testpki::pki();
    let signed = testpki::tte_sign(&issued, &pki.signer_der, &[&pki.ca_der], OffsetDateTime::now_utc());
    let tte_file = home.path().join("surat-komitmen-tte.pdf");
    std::fs::write(&tte_file, &signed).unwrap();
    let tampered_file = home.path().join("surat-komitmen-tte-diubah.pdf");
    std::fs::write(&tampered_file, tampered(&signed)).unwrap();
    let scan_input = format!("#scan-{}", letter.id);
    let not_pdf = home.path().join("bukan-pdf.pdf");
    std::fs::write(&not_pdf, "ini hanya teks, bukan PDF\n").unwrap();

    // Without the root in the trust list, the signature is refused and nothing changes.
    app.wait_text("#trust-list", "Belum ada sertifikat akar").await;
    app.wait(&scan_input).await.send_keys(tte_file.to_str().unwrap()).await.unwrap();
    let refusal = app.wait_text("#attach-refused", "tidak dilampirkan").await;
    assert!(refusal.contains("akar tepercaya"), "{refusal}");
    app.wait_text(&format!("#status-{}", letter.id), "Diterbitkan, bersegel").await;

    // The test root is added as a trust anchor from a file.
    let root_file = home.path().join("root-ca-test.pem");
    std::fs::write(&root_file, testpki::pem(&pki.root_der)).unwrap();
    app.wait("#trust-file").await.send_keys(root_file.to_str().unwrap()).await.unwrap();
    app.wait_text("#toasts", "Sertifikat akar ditambahkan").await;
    app.wait_text("#trust-table", "Root CA Indonesia DS G1").await;
    app.wait_text("#trust-table", "Ditambahkan").await;
    app.show("#trust-card").await;
    app.screenshot("62-trust").await;

    // A tampered copy is refused with the reason; the document stays as it was.
    app.wait(&scan_input).await.send_keys(tampered_file.to_str().unwrap()).await.unwrap();
    let refusal = app.wait_text("#attach-refused", "diubah setelah ditandatangani").await;
    assert!(refusal.contains("tidak ada yang dicatat"), "{refusal}");
    app.show("#issued-card").await;
    app.screenshot("62-tte-refused").await;
    app.wait_text(&format!("#status-{}", letter.id), "Diterbitkan, bersegel").await;
    // Nor is a text file named .pdf taken for the scan of the signed paper.
    app.wait(&scan_input).await.send_keys(not_pdf.to_str().unwrap()).await.unwrap();
    app.wait_text("#attach-refused", "tidak diterima sebagai pindaian").await;
    app.wait_text(&format!("#status-{}", letter.id), "Diterbitkan, bersegel").await;
    assert_eq!(Workspace::open(&workspace_dir(home.path())).unwrap().document(&letter.id).unwrap().status, "issued");

    // The signed copy verifies: signer, issuer, times and the offline note are shown.
    app.wait(&scan_input).await.send_keys(tte_file.to_str().unwrap()).await.unwrap();
    let outcome = app.wait_text("#attach-ok", "PEJABAT CONTOH").await;
    assert!(outcome.contains("BSRE CA DS G1"), "{outcome}");
    assert!(outcome.contains("Status pencabutan tidak diperiksa (luring)"), "{outcome}");
    app.wait_text(&format!("#status-{}", letter.id), "Ditandatangani (TTE)").await;
    app.screenshot("63-tte-attached").await;

    // Checking a signed PDF: the seal and the TTE signature, and what is not a PDF.
    app.wait("#verify-file").await.send_keys(tte_file.to_str().unwrap()).await.unwrap();
    let verdict = app.wait_text("#verify-result", "Sah: semua tanda tangan").await;
    assert!(verdict.contains("Segel ruang kerja") && verdict.contains("Tanda tangan elektronik (TTE)"), "{verdict}");
    assert!(verdict.contains(&letter.number), "{verdict}");
    app.show("#verify-card").await;
    app.screenshot("64-verify-pdf").await;
    app.wait("#verify-file").await.send_keys(not_pdf.to_str().unwrap()).await.unwrap();
    app.wait_text("#verify-result", "berkas ini bukan PDF").await;
    let text = app.text("#verify-result").await;
    assert!(!text.contains("Sah:"), "{text}");
    app.show("#verify-card").await;
    app.screenshot("65-verify-not-a-pdf").await;
    let plain = home.path().join("pdf-lain.pdf");
    std::fs::write(&plain, plain_pdf()).unwrap();
    app.wait("#verify-file").await.send_keys(plain.to_str().unwrap()).await.unwrap();
    let verdict = app.wait_text("#verify-result", "tidak bertanda tangan").await;
    assert!(verdict.contains("Bukan dokumen yang diterbitkan ruang kerja ini"), "{verdict}");
    app.show("#verify-card").await;
    app.screenshot("65-verify-unsigned").await;
    let not_cert = home.path().join("bukan-sertifikat.pem");
    std::fs::write(&not_cert, "-----BEGIN CERTIFICATE-----\nbukan sertifikat\n-----END CERTIFICATE-----\n").unwrap();
    app.wait("#trust-file").await.send_keys(not_cert.to_str().unwrap()).await.unwrap();
    app.wait_text("#toasts", "Sertifikat tidak dapat dibaca").await;

    // The same screens in English.
    app.click("#lang-en").await;
    app.wait_text("#documents-table", "Signed (TTE)").await;
    app.wait("#verify-file").await.send_keys(tte_file.to_str().unwrap()).await.unwrap();
    app.wait_text("#verify-result", "Valid: every signature").await;
    app.show("#issued-card").await;
    app.screenshot("66-documents-en").await;
    app.show("#verify-card").await;
    app.screenshot("66-verify-en").await;
    app.click("#nav-profile").await;
    app.wait_text("#signing-card", "office's seal").await;
    app.show("#signing-card").await;
    app.screenshot("67-signing-key-en").await;

    // Replacing the key: confirmed, signed by both keys, the old one listed as retired.
    app.click("#key-rotate").await;
    app.wait_text("#dlg-heading", "Replace the signing key").await;
    app.screenshot("68-rotate-confirm-en").await;
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "signed by the old and the new key").await;
    app.wait_text("#keys-table", "Retired").await;
    let rotated = app.text("#key-fingerprint").await;
    assert_ne!(rotated, keys[0].fingerprint);
    app.show("#signing-card").await;
    app.screenshot("69-key-rotated-en").await;
    app.click("#lang-id").await;
    app.wait_text("#keys-table", "Dipensiunkan").await;
    app.show("#signing-card").await;
    app.screenshot("70-key-rotated").await;
    app.close().await;

    let ws = Workspace::open(&workspace_dir(home.path())).unwrap();
    let doc = ws.document(&letter.id).unwrap();
    assert_eq!(doc.status, "tte");
    let keys = ws.signing_keys().unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys[0].retired_at.is_some() && keys[1].retired_at.is_none());
    assert_eq!(keys[1].fingerprint, rotated);
    assert!(ws.verify_evidence().unwrap().intact);
    assert!(ws.verify_audit().unwrap().intact);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_keychain_is_explained_in_profil_and_nothing_is_signed() {
    let home = tempfile::tempdir().unwrap();
    support::seed_workspace(home.path(), "32.11");
    // No session bus: the Secret Service cannot be reached.
    let app = App::launch_with(home.path(), &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")]).await;
    app.wait_text("#ws-name", "Kabupaten Sumedang").await;
    app.click("#nav-profile").await;
    let notice = app.wait_text("#key-problem", "Penyimpanan kunci sistem operasi tidak dapat dijangkau").await;
    assert!(notice.contains("Penyimpanan kunci sistem tidak dapat dijangkau"), "{notice}");
    assert!(
        app.client.find(fantoccini::Locator::Css("#key-create")).await.is_err(),
        "no key is offered without a keychain"
    );
    // Trying again reads the keychain again, and explains the same.
    app.click("#key-retry").await;
    app.wait_text("#key-problem", "coba lagi").await;
    app.screenshot("71-keychain-unavailable").await;
    app.click("#lang-en").await;
    app.wait_text("#key-problem", "cannot be reached").await;
    app.screenshot("72-keychain-unavailable-en").await;
    app.close().await;
    assert!(Workspace::open(&workspace_dir(home.path())).unwrap().signing_keys().unwrap().is_empty());
}
