//! End-to-end: the coordinators' console in the app's hub mode. A script (the `livinglab` CLI)
//! prepares three regions' real packages (Kabupaten Bandung for 2023 and 2024, Kabupaten
//! Sumedang with its progress report and an evidence file, Kota Bandung) and a hub that holds
//! their keys, the packages, a roster with a silent fourth region and a due date. The app opens
//! the hub: Paket masuk lists the packages; the dashboard's figures are those of `hub dashboard
//! --json`; Sumedang's package is returned for revision with a note on an indicator (saving with
//! no note is refused in Indonesian, in the dialog), and its row, the roster and the dashboard
//! say so; the report PDF and the evidence open with the system's opener (a recording
//! `xdg-open`) as copies of the package's files; the signed review file is saved and Sumedang's
//! workspace takes it in under the pinned hub key. Accepting a package locks its period, which
//! is unlocked with a reason. A bad roster file changes nothing. The benchmark imports a year,
//! lists a row whose name matched nothing, and a coordinator matches it. Every screen is looked
//! at in both languages. Run inside a session bus (scripts/test.sh).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::Value;
use support::{answer_save_dialog, data_dir, App};

const PASSPHRASE: &str = "sandi uji konsol hub";

fn livinglab(key_file: &Path, args: &[&str]) -> String {
    support::cli_ok(key_file, PASSPHRASE, args)
}

fn json(key_file: &Path, args: &[&str]) -> Value {
    support::cli_json(key_file, PASSPHRASE, args)
}

/// A region's workspace with its own key, a period or two assessed, and what `levels` gives.
struct Region {
    dir: PathBuf,
    key: PathBuf,
}

impl Region {
    fn new(tmp: &Path, code: &str) -> Region {
        let region = Region { dir: tmp.join(format!("ruang-{code}")), key: tmp.join(format!("kunci-{code}.json")) };
        region.ok(&["init", "--region", code]);
        region
    }

    fn args<'a>(&'a self, args: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec!["--workspace", self.dir.to_str().unwrap()];
        all.extend_from_slice(args);
        all
    }

    fn ok(&self, args: &[&str]) -> String {
        livinglab(&self.key, &self.args(args))
    }

    fn json(&self, args: &[&str]) -> Value {
        json(&self.key, &self.args(args))
    }

    /// Levels for the first indicators of the year's framework.
    fn assess(&self, year: &str, levels: &[u8]) {
        self.ok(&["period", "add", "--year", year]);
        for (i, level) in levels.iter().enumerate() {
            let (indicator, level) = ((i + 1).to_string(), level.to_string());
            self.ok(&["assess", "set", "--period", year, "--indicator", &indicator, "--level", &level]);
        }
    }

    fn package(&self, tmp: &Path, year: &str) -> PathBuf {
        let out = tmp.join(format!("{}-{year}.llpkg", self.dir.file_name().unwrap().to_string_lossy()));
        self.ok(&["package", "build", "--period", year, "--out", out.to_str().unwrap()]);
        out
    }
}

/// A fake system opener: an `xdg-open` that records what it was asked to open.
fn recording_opener(tmp: &Path) -> (PathBuf, PathBuf) {
    let bin = tmp.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = tmp.join("dibuka.txt");
    let script = bin.join("xdg-open");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display())).unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    (bin, log)
}

/// The files the opener was asked to open so far; waits until there are `n`.
fn opened(log: &Path, n: usize) -> Vec<PathBuf> {
    let started = Instant::now();
    loop {
        let lines: Vec<PathBuf> = std::fs::read_to_string(log).unwrap_or_default().lines().map(PathBuf::from).collect();
        if lines.len() >= n {
            return lines;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "the opener got {lines:?}, not {n} files");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn sha256_file(path: &Path) -> String {
    livinglab_core::Sha256Hash::of(&std::fs::read(path).unwrap()).to_string()
}

async fn count(app: &App, css: &str) -> usize {
    app.client.find_all(Locator::Css(css)).await.unwrap().len()
}

/// Waits until `css` matches `n` elements (a view redraws after a change).
async fn wait_count(app: &App, css: &str, n: usize) {
    let started = Instant::now();
    while count(app, css).await != n {
        assert!(started.elapsed() < Duration::from_secs(15), "{css} never matched {n} elements");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every screen of the console in the current language, for people to look at.
async fn look_at_every_section(app: &App, lang: &str, package_id: &str) {
    app.click("#nav-hub").await;
    app.wait("#hub-packages-table").await;
    app.screenshot(&format!("c-{lang}-1-packages")).await;
    app.show("#hub-packages-card").await;
    app.screenshot(&format!("c-{lang}-1b-packages-table")).await;
    app.click("#nav-hub-roster").await;
    app.wait("#roster-table").await;
    app.screenshot(&format!("c-{lang}-2-roster")).await;
    app.click("#nav-hub-dashboard").await;
    app.wait("#hub-ranking").await;
    app.screenshot(&format!("c-{lang}-3-dashboard")).await;
    app.show("#hub-ranking-card").await;
    app.screenshot(&format!("c-{lang}-3b-ranking")).await;
    app.show("#hub-heat-card").await;
    app.screenshot(&format!("c-{lang}-3d-heat-map")).await;
    app.click("#nav-hub-benchmark").await;
    app.wait("#benchmark-provinces").await;
    app.screenshot(&format!("c-{lang}-4-benchmark")).await;
    app.show("#benchmark-gaps-card").await;
    app.screenshot(&format!("c-{lang}-4b-benchmark-gaps")).await;
    app.click("#nav-hub").await;
    app.click(&format!("#hub-open-{package_id}")).await;
    app.wait("#package-documents").await;
    app.screenshot(&format!("c-{lang}-5-package")).await;
    app.show("#package-evidence-card").await;
    app.screenshot(&format!("c-{lang}-5b-package-evidence")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn coordinators_review_a_package_follow_the_regions_and_set_them_beside_the_national_results() {
    let home = tempfile::tempdir().unwrap();
    let tmp = home.path();

    // Three regions, as their offices would have them: Sumedang with its report and evidence.
    let bandung = Region::new(tmp, "32.04");
    bandung.assess("2023", &[1, 2, 2]);
    bandung.assess("2024", &[3, 3, 2, 3]);
    let sumedang = Region::new(tmp, "32.11");
    sumedang.assess("2024", &[4, 4, 3, 4, 4]);
    let scan = tmp.join("Perbup-SPBE.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n% bukti: Peraturan Bupati tentang SPBE\n").unwrap();
    sumedang.ok(&["evidence", "add", "--period", "2024", "--indicator", "1", scan.to_str().unwrap()]);
    let report_pdf = tmp.join("laporan-sumedang.pdf");
    sumedang.ok(&["report", "--period", "2024", "--out", report_pdf.to_str().unwrap()]);
    let kota = Region::new(tmp, "32.73");
    kota.assess("2024", &[2, 2]);

    // Sumedang's hub in the app's default place, with the regions' keys, their packages, the
    // roster (Garut is expected and silent) and the period's due date.
    let hub_key = tmp.join("kunci-hub.json");
    let hub = data_dir(tmp).join("LivingLab/hub-sumedang");
    let hub_arg = hub.to_str().unwrap().to_string();
    let hub_run = |args: &[&str]| {
        let mut all = vec!["--hub", hub_arg.as_str(), "hub"];
        all.extend_from_slice(args);
        livinglab(&hub_key, &all)
    };
    hub_run(&["init", "--name", "Hub Sumedang"]);
    let hub_identity: Value = serde_json::from_str(&hub_run(&["identity", "--json"])).unwrap();
    let mut packages = Vec::new();
    for (region, code, years) in
        [(&bandung, "32.04", &["2023", "2024"][..]), (&sumedang, "32.11", &["2024"]), (&kota, "32.73", &["2024"])]
    {
        let identity = region.json(&["identity", "show", "--json"]);
        hub_run(&[
            "keys",
            "add",
            "--region",
            code,
            "--public-key",
            identity["public_key"].as_str().unwrap(),
            "--confirm",
            identity["fingerprint"].as_str().unwrap(),
        ]);
        for year in years {
            let file = region.package(tmp, year);
            hub_run(&["import", file.to_str().unwrap()]);
            packages.push(file);
        }
    }
    let roster = tmp.join("penandatangan.csv");
    std::fs::write(&roster, "region,name\n32.04,Dadang Supriatna\n32.11,Dony Ahmad Munir\n32.05,Abdusy Syakur Amin\n")
        .unwrap();
    hub_run(&["expected", "set", roster.to_str().unwrap()]);
    hub_run(&["expected", "due", "--period", "2024", "--date", "2099-12-31"]);
    let listed: Value = serde_json::from_str(&hub_run(&["packages", "list", "--json"])).unwrap();
    let id_of = |code: &str, period: i64| -> String {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["region"] == code && p["period"] == period)
            .unwrap_or_else(|| panic!("no package of {code} {period}"))["package_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (sumedang_id, bandung_id) = (id_of("32.11", 2024), id_of("32.04", 2024));

    // The app, opened as the hub, with the hub's key file and a recording system opener.
    let (bin, opener_log) = recording_opener(tmp);
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let keystore = format!("file:{}", hub_key.display());
    let started = Instant::now();
    let app = App::launch_with(
        tmp,
        &[("LIVINGLAB_KEYSTORE", &keystore), ("LIVINGLAB_KEY_PASSPHRASE", PASSPHRASE), ("PATH", &path)],
    )
    .await;
    app.click("#open-hub").await;
    app.click("#hub-default").await;
    app.wait_text("#hub-title", "Hub Sumedang").await;
    app.wait_text("#nav-hub", "Paket masuk").await;
    assert_eq!(count(&app, "#hub-packages-table tbody tr").await, 4);
    app.wait_text(&format!("#hub-package-{sumedang_id} .package-review"), "Belum ditinjau").await;

    // The dashboard: the figures `hub dashboard --json` gives, in the hub's ranking order.
    let cli_dashboard: Value = serde_json::from_str(&hub_run(&["dashboard", "--period", "2024", "--json"])).unwrap();
    app.click("#nav-hub-dashboard").await;
    app.wait_text("#hub-dashboard-title", "Dasbor periode 2024").await;
    let reported: Vec<&Value> =
        cli_dashboard["regions"].as_array().unwrap().iter().filter(|r| !r["index"].is_null()).collect();
    assert_eq!(reported.len(), 3);
    let ranking = app.client.find_all(Locator::Css("#hub-ranking tbody tr")).await.unwrap();
    assert_eq!(ranking.len(), reported.len());
    for (row, expected) in ranking.iter().zip(&reported) {
        assert_eq!(row.attr("data-code").await.unwrap().as_deref(), expected["code"].as_str());
        let text = row.text().await.unwrap();
        let index: rust_decimal::Decimal = expected["index"].as_str().unwrap().parse().unwrap();
        let shown = livinglab_core::format::index(index, livinglab_core::Lang::Id);
        assert!(text.contains(&shown), "{text} vs {expected}");
        assert!(text.contains(expected["predicate"].as_str().unwrap()), "{text} vs {expected}");
    }
    let median: rust_decimal::Decimal = cli_dashboard["median_index"].as_str().unwrap().parse().unwrap();
    assert_eq!(app.text("#hub-median").await, livinglab_core::format::index(median, livinglab_core::Lang::Id));
    assert_eq!(
        app.text("#hub-received").await,
        format!("{} dari {}", cli_dashboard["received"], cli_dashboard["expected"])
    );
    // Bandung's change from 2023, with its sign; the trends with their median, and the heat map
    // with a row a region that reported and a column an indicator of SPBE 2020.
    app.wait_text("#rank-32-04 .rank-change", "+").await;
    app.wait("#hub-distribution img.chart").await;
    app.wait("#hub-trends img.chart").await;
    assert_eq!(count(&app, "#hub-heat-map tbody tr").await, 3);
    assert_eq!(count(&app, "#hub-heat-map thead th").await, 1 + 47);
    app.wait_text("#hub-heat-map tr[data-code='32.11'] td:nth-of-type(1)", "4").await;
    // Only the kota: Kota Bandung alone, as `hub dashboard --kind kota` has it.
    app.wait("#hub-filter-kind").await.select_by_value("kota").await.unwrap();
    let kota: Value =
        serde_json::from_str(&hub_run(&["dashboard", "--period", "2024", "--kind", "kota", "--json"])).unwrap();
    let kota_rows = kota["regions"].as_array().unwrap().iter().filter(|r| !r["index"].is_null()).count();
    wait_count(&app, "#hub-ranking tbody tr", kota_rows).await;
    app.wait_text("#hub-ranking", "Kota Bandung").await;
    assert_eq!(count(&app, "#hub-heat-map tbody tr").await, kota_rows);
    app.screenshot("c-id-3c-dashboard-kota").await;
    app.wait("#hub-filter-kind").await.select_by_value("").await.unwrap();
    wait_count(&app, "#hub-ranking tbody tr", 3).await;

    // The recap report of the period, issued and sealed by the hub, through the save dialog.
    let recap = tmp.join("rekap-2024.pdf");
    app.click("#hub-recap").await;
    let (title, file) = ("Simpan laporan rekapitulasi".to_string(), recap.clone());
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &file)).await.unwrap();
    app.wait_text("#toasts", "Laporan rekapitulasi diterbitkan").await;
    assert!(std::fs::read(&recap).unwrap().starts_with(b"%PDF"), "the recap is a PDF");
    let issued: Value = serde_json::from_str(&hub_run(&["documents", "list", "--json"])).unwrap();
    assert_eq!(issued.as_array().unwrap().len(), 1, "{issued}");

    // Sumedang's package, returned for revision: with no note the dialog says why, in Indonesian.
    app.click("#nav-hub").await;
    app.click(&format!("#hub-review-{sumedang_id}")).await;
    app.wait("#review-dialog").await;
    app.screenshot("c-id-6-review-dialog").await;
    app.click("#dlg-ok").await;
    app.wait_text("#dlg-error", "paket yang dikembalikan perlu catatan").await;
    app.screenshot("c-id-6b-review-refused").await;
    let picked = app.wait("#review-indicator-0").await;
    picked.select_by_value("1").await.unwrap();
    app.fill("#review-text-0", "Lampirkan Peraturan Bupati tentang SPBE yang sudah ditandatangani.").await;
    app.fill("#review-note", "Mohon dilengkapi sebelum 31 Januari.").await;
    app.screenshot("c-id-6c-review-filled").await;
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "dikembalikan untuk direvisi").await;
    app.wait_text(&format!("#hub-package-{sumedang_id} .package-review"), "Perlu revisi").await;
    let reviews: Value = serde_json::from_str(&hub_run(&["reviews", "--json"])).unwrap();
    assert_eq!(reviews[0]["state"], "perlu_revisi");
    assert_eq!(reviews[0]["review"]["notes"][0]["indicator"], "1");
    app.click("#nav-hub-roster").await;
    app.wait_text("#roster-32-11 .roster-review", "Perlu revisi").await;
    app.wait_text("#roster-32-05", "Belum ada paket").await;
    app.wait_text("#roster-32-11 .roster-on-time", "Tepat waktu").await;
    app.wait_text("#roster-32-73", "di luar daftar").await;
    app.click("#nav-hub-dashboard").await;
    app.wait_text("#rank-32-11", "Perlu revisi").await;

    // The package opened: its report PDF and its evidence, through the system's opener.
    app.click("#rank-32-11 td:nth-child(2)").await;
    app.wait_text("#package-title", "Kabupaten Sumedang").await;
    app.wait_text("#package-reviews", "Lampirkan Peraturan Bupati").await;
    let report_button = app.wait("#package-documents tr[data-kind='report'] button").await;
    report_button.click().await.unwrap();
    let files = opened(&opener_log, 1);
    assert_eq!(sha256_file(&files[0]), sha256_file(&report_pdf), "the report PDF as the package carries it");
    assert!(!files[0].starts_with(&hub), "a copy outside the hub folder is opened");
    app.click(&format!("#package-evidence button[data-sha='{}']", sha256_file(&scan))).await;
    let files = opened(&opener_log, 2);
    assert_eq!(std::fs::read(&files[1]).unwrap(), std::fs::read(&scan).unwrap());
    assert!(files[1].to_string_lossy().ends_with(".pdf"), "{files:?}");

    // The signed review file for the offline path; Sumedang's workspace takes it in.
    let review_file = tmp.join("tinjauan-sumedang.llreview");
    app.click("#package-export-review").await;
    let (title, file) = ("Simpan berkas tinjauan".to_string(), review_file.clone());
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &file)).await.unwrap();
    app.wait_text("#toasts", "Berkas tinjauan tersimpan").await;
    sumedang.ok(&[
        "hub-link",
        "set",
        "--url",
        "http://127.0.0.1:9",
        "--hub-key",
        hub_identity["public_key"].as_str().unwrap(),
    ]);
    let taken = sumedang.json(&["review", "import", review_file.to_str().unwrap(), "--json"]);
    assert_eq!(taken["new"], true, "{taken}");
    assert_eq!(taken["review"]["state"], "perlu_revisi");
    assert_eq!(
        taken["review"]["notes"][0]["note"],
        "Lampirkan Peraturan Bupati tentang SPBE yang sudah ditandatangani."
    );

    // Bandung's package accepted: the period is locked; unlocking needs a reason. First its two
    // packages compared: the levels that rose from 2023 to 2024.
    app.click("#nav-hub").await;
    app.click(&format!("#hub-open-{bandung_id}")).await;
    app.click("#compare-go").await;
    app.wait_text("#compare-summary", "periode 2023").await;
    app.wait_text("#compare-levels", "1 → 3").await;
    app.show("#package-compare-card").await;
    app.screenshot("c-id-5c-package-compare").await;
    app.click("#package-review").await;
    app.click("#review-diterima").await;
    app.click("#dlg-ok").await;
    app.wait_text("#package-locked", "Periode dikunci").await;
    app.wait_text("#package-review-state", "Diterima").await;
    app.screenshot("c-id-7-package-locked").await;
    app.click("#package-unlock").await;
    app.click("#dlg-ok").await;
    app.wait_text("#dlg-error", "Tuliskan alasan membuka kunci").await;
    app.screenshot("c-id-7b-unlock-refused").await;
    app.fill("#unlock-reason", "Koreksi data indikator 3 atas permintaan daerah").await;
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "dibuka").await;
    wait_count(&app, "#package-locked", 0).await;

    // A roster file with an unknown code is refused and changes nothing.
    app.click("#nav-hub-roster").await;
    let bad = tmp.join("daftar-salah.txt");
    std::fs::write(&bad, "32.04\n99.99\n").unwrap();
    app.wait("#roster-file").await.send_keys(bad.to_str().unwrap()).await.unwrap();
    app.wait_text("#roster-problem", "99.99").await;
    app.screenshot("c-id-8-roster-refused").await;
    assert_eq!(app.text("#roster-expected").await, "3");
    let expected: Value = serde_json::from_str(&hub_run(&["expected", "list", "--json"])).unwrap();
    assert_eq!(expected.as_array().unwrap().len(), 3);

    // The national benchmark: the shipped 2023 results; a 2024 file whose misspelt name matched
    // nothing; the coordinator matches it, and the list is empty.
    app.click("#nav-hub-benchmark").await;
    app.wait_text("#benchmark-national", "2,8159").await;
    let results = tmp.join("hasil-2024.csv");
    std::fs::write(
        &results,
        "year,section,no,instansi,jenis,D1,D2,D3,D4,indeks,predikat\n\
         2024,Pemerintah Daerah di Kalimantan Timur,1,Pemerintah Kab. Kutai Kertanegara,kabupaten,3.1,2.9,2.1,3.6,3.11,Baik\n\
         2024,Pemerintah Daerah di Jawa Barat,2,Pemerintah Kab. Sumedang,kabupaten,4.2,4.0,4.4,4.3,4.30,Memuaskan\n",
    )
    .unwrap();
    app.wait("#benchmark-file").await.send_keys(results.to_str().unwrap()).await.unwrap();
    app.wait_text("#benchmark-unmatched", "Kutai Kertanegara").await;
    app.screenshot("c-id-9-benchmark-unmatched").await;
    app.click("#match-row-2").await;
    app.fill("#match-search", "kutai kar").await;
    app.click("#match-64-02").await;
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "dicocokkan dengan Kabupaten Kutai Kartanegara").await;
    app.wait("#benchmark-unmatched-none").await;
    // Sumedang's self-assessment of 2024 beside its official 2024 index, and the gap.
    let gap = app.wait_text("#gap-32-11", "4,30").await;
    assert!(gap.contains("1,18") && gap.contains("\u{2212}3,12"), "{gap}");
    let not_results = tmp.join("bukan-hasil.csv");
    std::fs::write(&not_results, "ini,bukan\n1,2\n").unwrap();
    app.wait("#benchmark-file").await.send_keys(not_results.to_str().unwrap()).await.unwrap();
    app.wait("#benchmark-refused").await;
    app.screenshot("c-id-9b-benchmark-refused").await;

    look_at_every_section(&app, "id", &sumedang_id).await;
    app.click("#lang-en").await;
    app.wait_text("#nav-hub", "Incoming packages").await;
    look_at_every_section(&app, "en", &sumedang_id).await;
    app.wait_text("#package-reviews", "Needs revision").await;
    app.click("#package-review").await;
    app.wait_text("#review-dialog", "Notes per indicator").await;
    app.screenshot("c-en-6-review-dialog").await;
    app.click("#dlg-cancel").await;
    app.click("#lang-id").await;
    app.wait_text("#nav-hub", "Paket masuk").await;
    eprintln!("the console's walk took {:?}", started.elapsed());
    app.close().await;

    let hub = livinglab_hub::Hub::open(&hub).unwrap();
    assert!(hub.verify_audit().unwrap().intact);
    assert_eq!(hub.reviews(None).unwrap().len(), 2);
}

/// Alt+N on whatever has the focus, as a person presses it.
async fn press_alt(app: &App, n: &str) {
    let focused = app.client.active_element().await.unwrap();
    focused.send_keys(&format!("\u{E00A}{n}\u{E000}")).await.unwrap();
}

/// A new hub: each section says what it is for and how to start, in both languages, and the
/// sections are reached from the keyboard (Alt+1…4).
#[tokio::test(flavor = "multi_thread")]
async fn a_new_hub_explains_each_section_the_first_time() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.click("#open-hub").await;
    app.click("#hub-default").await;
    app.wait_text("#hub-packages-none", "Daftarkan kunci daerah").await;
    app.screenshot("e-id-1-packages-empty").await;
    for lang in ["id", "en"] {
        press_alt(&app, "2").await;
        app.wait("#roster-empty").await;
        app.screenshot(&format!("e-{lang}-2-roster-empty")).await;
        press_alt(&app, "3").await;
        app.wait("#hub-dashboard-empty").await;
        app.screenshot(&format!("e-{lang}-3-dashboard-empty")).await;
        press_alt(&app, "4").await;
        app.wait("#benchmark-provinces").await;
        app.screenshot(&format!("e-{lang}-4-benchmark-new")).await;
        press_alt(&app, "1").await;
        app.wait("#hub-packages-none").await;
        if lang == "id" {
            app.click("#lang-en").await;
            app.wait_text("#hub-packages-none", "Register each region").await;
            app.screenshot("e-en-1-packages-empty").await;
        }
    }
    app.click("#lang-id").await;
    app.wait_text("#nav-hub", "Paket masuk").await;
    app.close().await;
}
