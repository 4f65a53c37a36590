//! End-to-end, the region's side of Sumedang's review: Sumedang's hub returns the region's
//! package for revision with a general note and a note on indicator 1, and exports the signed
//! review file. In the app, Dokumen → Tinjauan Sumedang imports the file (a forged one is
//! refused in Indonesian and keeps nothing); the package row says "Perlu revisi"; building the
//! next package is refused before any save dialog while the note has no answer. On Penilaian
//! the note stands beside indicator 1 (marked in the list); an empty answer is refused, a real
//! one is saved, and the next package is built; the hub reads the answer beside its note.
//! Run inside a session bus (scripts/test.sh).

mod support;

use std::path::Path;

use livinglab_store::Workspace;
use serde_json::Value;
use support::{answer_save_dialog, seed_workspace, App};

const PASSPHRASE: &str = "sandi uji tinjauan";

fn livinglab(key_file: &Path, args: &[&str]) -> String {
    support::cli_ok(key_file, PASSPHRASE, args)
}

fn json(key_file: &Path, args: &[&str]) -> Value {
    support::cli_json(key_file, PASSPHRASE, args)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_region_takes_sumedangs_review_back_and_answers_the_note_beside_its_indicator() {
    let home = tempfile::tempdir().unwrap();
    let tmp = home.path();
    let ws_key = tmp.join("kunci-ruang-kerja.json");
    let ws = seed_workspace(tmp, "32.04");
    let ws_arg = ws.to_str().unwrap().to_string();
    let on_ws = |args: &[&str]| {
        let mut all = vec!["--workspace", ws_arg.as_str()];
        all.extend_from_slice(args);
        livinglab(&ws_key, &all)
    };
    on_ws(&["period", "add", "--year", "2024"]);
    on_ws(&["assess", "set", "--period", "2024", "--indicator", "1", "--level", "2"]);
    let first: Value = serde_json::from_str(&on_ws(&["package", "build", "--period", "2024", "--json"])).unwrap();
    let first_id = first["package_id"].as_str().unwrap().to_string();

    // Sumedang's hub receives the package by file and returns it for revision.
    let hub_key = tmp.join("kunci-hub.json");
    let hub = tmp.join("hub-sumedang");
    let hub_arg = hub.to_str().unwrap();
    livinglab(&hub_key, &["--hub", hub_arg, "hub", "init"]);
    let hub_identity = json(&hub_key, &["--hub", hub_arg, "hub", "identity", "--json"]);
    let identity: Value = serde_json::from_str(&on_ws(&["identity", "show", "--json"])).unwrap();
    livinglab(
        &hub_key,
        &[
            "--hub",
            hub_arg,
            "hub",
            "keys",
            "add",
            "--region",
            "32.04",
            "--public-key",
            identity["public_key"].as_str().unwrap(),
        ],
    );
    livinglab(&hub_key, &["--hub", hub_arg, "hub", "import", first["path"].as_str().unwrap()]);
    let note = "Lampirkan Peraturan Bupati tentang SPBE yang sudah diundangkan";
    livinglab(
        &hub_key,
        &[
            "--hub",
            hub_arg,
            "hub",
            "review",
            &first_id,
            "--to",
            "revisi",
            "--note",
            "Mohon dilengkapi sebelum 15 Desember",
            "--indicator",
            "1",
            "--note",
            note,
        ],
    );
    let file = tmp.join("tinjauan-32.04.llreview");
    livinglab(&hub_key, &["--hub", hub_arg, "hub", "review", "export", &first_id, "--out", file.to_str().unwrap()]);
    let forged = tmp.join("tinjauan-palsu.llreview");
    std::fs::write(&forged, std::fs::read_to_string(&file).unwrap().replace("Lampirkan", "Tidak perlu")).unwrap();
    // The region pinned Sumedang's key (as its first send would have).
    on_ws(&[
        "hub-link",
        "set",
        "--url",
        "https://hub.example.go.id",
        "--hub-key",
        hub_identity["public_key"].as_str().unwrap(),
    ]);

    let keystore = format!("file:{}", ws_key.display());
    let app =
        App::launch_with(tmp, &[("LIVINGLAB_KEYSTORE", &keystore), ("LIVINGLAB_KEY_PASSPHRASE", PASSPHRASE)]).await;
    app.wait_text("#ws-name", "Kabupaten Bandung").await;
    app.click("#nav-documents").await;
    app.wait_text("#reviews-none", "Belum ada tinjauan").await;

    // A file changed on the way is refused, and nothing is kept.
    app.wait("#review-file").await.send_keys(forged.to_str().unwrap()).await.unwrap();
    app.wait_text("#toasts", "Berkas tinjauan tidak dapat diterima").await;
    assert!(Workspace::open(&ws).unwrap().kept_reviews(None).unwrap().is_empty());

    // The real file: kept, shown with its notes, and on the package's row.
    app.wait("#review-file").await.send_keys(file.to_str().unwrap()).await.unwrap();
    app.wait_text("#toasts", "Tinjauan paket nomor urut 1 disimpan: Perlu revisi").await;
    let open = app.wait_text("#review-open", "dikembalikan untuk revisi").await;
    assert!(open.contains("1 catatan indikator belum ditanggapi"), "{open}");
    assert!(open.contains(note), "{open}");
    assert!(open.contains("Catatan umum"), "{open}");
    app.wait_text(&format!("#packages-table tr[data-package='{first_id}'] .review-cell"), "Perlu revisi").await;
    app.show("#reviews-card").await;
    app.screenshot("r1-review-returned").await;
    app.click("#lang-en").await;
    app.wait_text("#review-open", "was returned for revision").await;
    app.show("#reviews-card").await;
    app.screenshot("r1-review-returned-en").await;
    app.click("#lang-id").await;
    app.wait_text("#review-open", "dikembalikan untuk revisi").await;

    // The next package waits for the answer; no save dialog is opened.
    app.click("#package-build").await;
    let refusal = app.wait_text("#toasts", "belum ditanggapi").await;
    assert!(refusal.contains("indikator 1"), "{refusal}");
    assert_eq!(Workspace::open(&ws).unwrap().last_package(2024).unwrap().unwrap().seq, 1);

    // Beside the indicator: the note, marked in the list; an empty answer is refused.
    app.click("#review-open [data-indicator='1'] button").await;
    app.wait_text("#indicator-title", "").await;
    app.wait_text("#review-note-text", note).await;
    app.wait("#ind-1 .rv-mark.open").await;
    app.screenshot("r2-note-beside-indicator").await;
    app.fill("#review-answer-1", "   ").await;
    app.click("#review-answer-save").await;
    app.wait_text("#toasts", "Isian tanggapan wajib diisi").await;
    assert!(Workspace::open(&ws).unwrap().open_review(2024).unwrap().unwrap().unanswered == ["1"]);
    let answer = "Perbup Nomor 12 Tahun 2024 tentang SPBE dilampirkan sebagai bukti";
    app.fill("#review-answer-1", answer).await;
    app.click("#review-answer-save").await;
    app.wait_text("#toasts", "Tanggapan disimpan").await;
    app.wait("#ind-1 .rv-mark.answered").await;
    app.wait_text("#review-note", "Ditanggapi").await;
    app.screenshot("r3-note-answered").await;
    app.click("#lang-en").await;
    app.wait_text("#review-note", "Sumedang's note").await;
    app.screenshot("r3-note-answered-en").await;
    app.click("#lang-id").await;

    // The next package carries the answer; the hub reads it beside its note.
    app.click("#nav-documents").await;
    app.wait_text("#review-open", "Semua catatan sudah ditanggapi").await;
    // The general note's answer is optional, and written on the card.
    app.wait_text("#review-open [data-indicator='']", "tidak wajib ditanggapi").await;
    app.fill("#review-answer-general", "Kekurangan sudah dilengkapi").await;
    app.click("#review-answer-general-save").await;
    app.wait_text("#review-open [data-indicator='']", "Ditanggapi").await;
    app.show("#reviews-card").await;
    app.screenshot("r4-all-answered").await;
    app.click("#package-build").await;
    let (title, path) = ("Simpan paket laporan".to_string(), tmp.join("paket-2.llpkg"));
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &path)).await.unwrap();
    app.wait_text("#package-outcome", "nomor urut 2 selesai dibuat").await;
    app.wait_text("#review-open", "tanggapan ikut dalam paket nomor urut 2").await;
    let second = Workspace::open(&ws).unwrap().last_package(2024).unwrap().unwrap();
    livinglab(&hub_key, &["--hub", hub_arg, "hub", "import", tmp.join("paket-2.llpkg").to_str().unwrap()]);
    let response = json(&hub_key, &["--hub", hub_arg, "hub", "packages", "response", &second.package_id, "--json"]);
    assert_eq!(response["known"], true);
    let answered = response["answers"].as_array().unwrap().iter().find(|a| a["indicator"] == "1").unwrap().clone();
    assert_eq!((answered["note"].as_str(), answered["answer"].as_str()), (Some(note), Some(answer)));
    let general = response["answers"].as_array().unwrap().iter().find(|a| a["indicator"] == "").unwrap().clone();
    assert_eq!(general["answer"], "Kekurangan sudah dilengkapi");
    app.close().await;
}
