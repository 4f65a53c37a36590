//! The recap report through the CLI: regencies with real region codes assess every indicator,
//! plan actions and send packages for two periods; Sumedang's hub imports them, sets its roster
//! and due date, and issues the recap of the period. The PDF is read back with poppler (the
//! figures, names and counts as printed, every font embedded, the seal by pdfsig) and zbar
//! (the QR code, which the hub then recognises as its own document).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod support;
use support::{keychain_reachable, pdfsig};

const BIN: &str = env!("CARGO_BIN_EXE_livinglab");
const TODAY: &str = "2024-12-01";

struct Site {
    tmp: tempfile::TempDir,
    /// The hub's key in a key file (None: the OS keychain).
    key_file: bool,
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

impl Site {
    fn new(key_file: bool) -> Site {
        Site { tmp: tempfile::tempdir().unwrap(), key_file }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// A command on `today` with the regencies' keys in a key file and, as chosen, the hub's too.
    fn command(&self, hub: bool, today: &str) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env("LANG", "C.UTF-8").arg("--lang").arg("id").arg("--today").arg(today);
        if hub && !self.key_file {
            cmd.env_remove("LIVINGLAB_KEYSTORE");
        } else {
            cmd.env("LIVINGLAB_KEYSTORE", format!("file:{}", self.path("kunci.json").display()))
                .env("LIVINGLAB_KEY_PASSPHRASE", "sandi uji rekap");
        }
        cmd
    }

    fn check(out: Output, args: &[&str]) -> String {
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn ws(&self, ws: &str, args: &[&str]) -> String {
        self.ws_on(ws, TODAY, args)
    }

    fn ws_on(&self, ws: &str, today: &str, args: &[&str]) -> String {
        let dir = self.path(ws);
        Self::check(self.command(false, today).arg("--workspace").arg(&dir).args(args).output().unwrap(), args)
    }

    fn hub_run(&self, args: &[&str]) -> Output {
        self.command(true, TODAY).arg("--hub").arg(self.path("hub")).arg("hub").args(args).output().unwrap()
    }

    fn hub(&self, args: &[&str]) -> String {
        Self::check(self.hub_run(args), args)
    }

    fn hub_json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.hub(args)).unwrap()
    }
}

/// A regency that has assessed every indicator of SPBE 2020 in 2023 and 2024 around `base`
/// (a level a little above or below it, the 2024 levels one step higher on every third
/// indicator), with targets on every fourth, and follow-up actions: one done, one running,
/// one overdue.
fn regency(site: &Site, ws: &str, code: &str, base: i32, years: &[i32]) {
    site.ws(ws, &["init", "--region", code]);
    for &year in years {
        site.ws(ws, &["period", "add", "--year", &year.to_string()]);
        let mut csv = String::from("indicator,level,target\n");
        let seed = code.replace('.', "").parse::<i32>().unwrap() % 11 + base;
        for i in 1..=47 {
            let wobble = (i * seed + i / 5) % 3 - 1;
            let lift = i32::from(year == 2024 && i % 3 == 0);
            let level = (base + wobble + lift).clamp(1, 5);
            let target = if i % 4 == 0 { (level + 1).min(5).to_string() } else { String::new() };
            csv.push_str(&format!("{i},{level},{target}\n"));
        }
        let file = site.path(&format!("{ws}-{year}.csv"));
        std::fs::write(&file, csv).unwrap();
        site.ws(ws, &["assess", "import", "--period", &year.to_string(), s(&file)]);
    }
    let year = years.last().unwrap().to_string();
    let add = |title: &str, due: &str| {
        site.ws(ws, &["action", "add", "--period", &year, "--title", title, "--indicator", "1", "--due", due])
            .trim()
            .to_string()
    };
    let done = add("Peraturan Bupati tentang Arsitektur SPBE", "2024-09-30");
    site.ws(ws, &["action", "update", &done, "--status", "selesai", "--progress", "100"]);
    let running = add("Pusat data terpadu", "2025-06-30");
    site.ws(ws, &["action", "update", &running, "--status", "berjalan", "--progress", "40"]);
    add("Tim Koordinasi SPBE", "2024-06-30");
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} is needed: {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_fonts_embedded(pdf: &Path) {
    let fonts = tool("pdffonts", &[s(pdf)]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
}

/// Text of the PDF with each run of whitespace as one space (a table wraps a long name).
fn words(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", s(pdf), "-"]).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hub of the test: five regencies on the roster (one silent), one more that sends without
/// being on it, packages of 2023 for three of them. The hub receives on this computer's clock,
/// so the due date is far ahead: every package is on time.
fn hub_with_regions(site: &Site) {
    let regions: [(&str, &str, i32, &[i32]); 5] = [
        ("sumedang", "32.11", 4, &[2023, 2024]),
        ("bandung", "32.04", 3, &[2023, 2024]),
        ("garut", "32.05", 2, &[2023, 2024]),
        ("badung", "51.03", 3, &[2024]),
        ("kota", "32.73", 3, &[2024]),
    ];
    for (ws, code, base, years) in regions {
        regency(site, ws, code, base, years);
    }
    site.hub(&["init", "--name", "Hub Sumedang"]);
    for (ws, code, _, years) in regions {
        let identity: Value = serde_json::from_str(&site.ws(ws, &["identity", "show", "--json"])).unwrap();
        site.hub(&["keys", "add", "--region", code, "--public-key", identity["public_key"].as_str().unwrap()]);
        for year in years {
            let day = format!("{year}-12-01");
            let built: Value = serde_json::from_str(&site.ws_on(
                ws,
                &day,
                &["package", "build", "--period", &year.to_string(), "--json"],
            ))
            .unwrap();
            site.hub(&["import", built["path"].as_str().unwrap()]);
        }
    }
    std::fs::write(site.path("peserta.csv"), "region,name\n32.11,\n32.04,\n32.05,\n51.03,\n32.10,\n").unwrap();
    site.hub(&["expected", "set", s(&site.path("peserta.csv"))]);
    site.hub(&["expected", "due", "--period", "2024", "--date", "2999-12-31"]);
}

#[test]
fn the_recap_prints_the_roster_ranking_bands_follow_up_and_benchmark_and_is_sealed_by_the_hub() {
    let site = Site::new(true);
    // A hub with nothing to sum up says so.
    site.hub(&["init", "--name", "Hub kosong"]);
    let empty = site.hub_run(&["report", "--period", "2024", "--out", s(&site.path("kosong.pdf"))]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("hub.recap_empty"));
    std::fs::remove_dir_all(site.path("hub")).unwrap();

    hub_with_regions(&site);
    let dashboard = site.hub_json(&["dashboard", "--period", "2024", "--json"]);
    assert_eq!((dashboard["expected"].as_u64(), dashboard["received"].as_u64()), (Some(5), Some(4)));

    let pdf = site.path("rekap-2024.pdf");
    let number = site.hub(&["report", "--period", "2024", "--out", s(&pdf)]);
    assert_eq!(number.trim(), "LR-2024-1");
    let text = words(&pdf);
    for expected in [
        "PEMERINTAH KABUPATEN SUMEDANG",
        "DINAS KOMUNIKASI, INFORMATIKA, PERSANDIAN DAN STATISTIK",
        "Jalan Prabu Geusan Ulun No. 36, Sumedang",
        "LAPORAN REKAPITULASI LIVING LAB",
        "Periode Penilaian Tahun 2024",
        "Nomor: LR-2024-1",
        "Sumedang, 1 Desember 2024",
        "4 dari 5 daerah (80%)",
        "4 daerah, dengan batas pengiriman 31 Desember 2999",
        "Kabupaten Majalengka",
        "belum diterima",
        "Kota Bandung (di luar daftar)",
        "Provinsi Jawa Barat",
        "Rata-rata indeks resmi 2023",
        // Four regions on the roster reported, three actions each, one done and one overdue
        // (Kota Bandung, off the roster, is not counted).
        "4 dari 12 rencana aksi selesai, 4 terlambat di 4 daerah",
        "Median indeks daerah peserta antarperiode",
        "Lampiran. Peta Capaian Indikator",
        "Daerah di bawah target",
        "Keterangan nomor indikator",
        "Kebijakan Internal Arsitektur SPBE",
        "Halaman 1 dari",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    // Every reporting region with its index as the hub ranks it, in Indonesian ("3,52").
    let regions = dashboard["regions"].as_array().unwrap();
    for r in regions.iter().filter(|r| !r["index"].is_null()) {
        let (name, index) = (r["name"].as_str().unwrap(), r["index_display"].as_str().unwrap());
        assert!(index.contains(','), "{index}");
        let name = if r["expected"] == true { name.to_string() } else { format!("{name} (di luar daftar)") };
        assert!(text.contains(&format!("{name} {index}")), "{name} {index} missing from:\n{text}");
    }
    // The change from 2023 for those that reported both years, signed.
    let sumedang = regions.iter().find(|r| r["code"] == "32.11").unwrap();
    let change: f64 = sumedang["change"].as_str().unwrap().parse().unwrap();
    assert!(change > 0.0);
    assert!(text.contains(&format!("+{:.2}", change).replace('.', ",")), "{text}");
    // Sumedang's official 2023 index beside its own.
    assert!(text.contains("4,14"), "{text}");
    // No software line on an official page.
    assert!(!text.contains("Living Lab (printpdf)") && !text.contains("PRATINJAU"));
    assert_fonts_embedded(&pdf);
    // The body stands on A4 upright, the heat map on A4 on its side.
    let info = tool("pdfinfo", &["-f", "1", "-l", "99", s(&pdf)]);
    let sizes: Vec<&str> = info.lines().filter(|l| l.starts_with("Page") && l.contains("size:")).collect();
    assert!(sizes.first().unwrap().contains("595.276 x 841.89"), "{info}");
    assert!(sizes.last().unwrap().contains("841.89 x 595.276"), "{info}");

    // The seal: the hub's key, over the whole file.
    let sig = pdfsig(&pdf);
    assert!(sig.contains("Signature is Valid.") && sig.contains("Total document signed"), "{sig}");
    assert!(sig.contains("Kabupaten Sumedang"), "{sig}");

    // The QR code names the issued document, and the hub knows it as its own.
    let dir = site.tmp.path();
    let pages: usize = tool("pdfinfo", &[s(&pdf)])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|v| v.trim().parse().unwrap()))
        .unwrap();
    let code = (1..=pages)
        .rev()
        .find_map(|p| {
            let prefix = dir.join(format!("qr-{p}"));
            let (page, out) = (p.to_string(), s(&prefix).to_string());
            tool("pdftoppm", &["-png", "-gray", "-r", "150", "-f", &page, "-l", &page, s(&pdf), &out]);
            let image = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|f| f.file_name().unwrap().to_str().unwrap().starts_with(&format!("qr-{p}-")))?;
            let out = Command::new("zbarimg").args(["-q", "--raw", s(&image)]).output().unwrap();
            out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        })
        .expect("a page with the QR code");
    assert!(code.starts_with("LL1:"), "{code}");
    let check: Value = serde_json::from_str(&site.hub(&["documents", "check", &code])).unwrap();
    assert_eq!((check["match"].as_bool(), check["issued_by"].as_str()), (Some(true), Some("hub")));
    assert_eq!(check["document"]["number"], "LR-2024-1");
    let kept = site.path("kept.pdf");
    site.hub(&["documents", "pdf", "LR-2024-1", "--out", s(&kept)]);
    assert_eq!(std::fs::read(&kept).unwrap(), std::fs::read(&pdf).unwrap());
    assert_eq!(site.hub_run(&["documents", "check", "LL1:0123"]).status.code(), Some(2));

    // The next one takes the next number; a preview takes none and carries no seal.
    assert_eq!(site.hub(&["report", "--period", "2024", "--out", s(&site.path("lagi.pdf"))]).trim(), "LR-2024-2");
    let preview = site.path("pratinjau.pdf");
    site.hub(&["report", "--period", "2024", "--out", s(&preview), "--preview"]);
    assert!(words(&preview).contains("PRATINJAU"));
    assert!(!pdfsig(&preview).contains("Signature is Valid"));
    assert_eq!(site.hub_json(&["documents", "list", "--json"]).as_array().unwrap().len(), 2);

    // The kop follows the hub's profile.
    site.hub(&["profile", "set", "--office-head-name", "Dr. Contoh Pejabat, M.Si.", "--postal-code", "45311"]);
    let bad = site.hub_run(&["profile", "set", "--email", "bukan surel"]);
    assert_eq!(bad.status.code(), Some(2));
    let third = site.path("ketiga.pdf");
    site.hub(&["report", "--period", "2024", "--out", s(&third)]);
    let text = words(&third);
    // The kop ends with the place in capitals and the postal code.
    assert!(text.contains("Dr. Contoh Pejabat, M.Si.") && text.contains("SUMEDANG 45311"), "{text}");
}

#[test]
fn the_hub_seals_its_recap_with_its_key_in_the_os_keychain() {
    if !keychain_reachable() {
        return;
    }
    let site = Site::new(false);
    regency(&site, "sumedang", "32.11", 4, &[2024]);
    site.hub(&["init", "--name", "Hub Sumedang"]);
    let identity: Value = serde_json::from_str(&site.ws("sumedang", &["identity", "show", "--json"])).unwrap();
    site.hub(&["keys", "add", "--region", "32.11", "--public-key", identity["public_key"].as_str().unwrap()]);
    let built: Value =
        serde_json::from_str(&site.ws("sumedang", &["package", "build", "--period", "2024", "--json"])).unwrap();
    site.hub(&["import", built["path"].as_str().unwrap()]);
    let pdf = site.path("rekap.pdf");
    site.hub(&["report", "--period", "2024", "--out", s(&pdf)]);
    let sig = pdfsig(&pdf);
    assert!(sig.contains("Signature is Valid.") && sig.contains("Total document signed"), "{sig}");
    // The seal is the key `hub identity` shows, the one regencies pin.
    let hub_key = site.hub_json(&["identity", "--json"]);
    let docs = site.hub_json(&["documents", "list", "--json"]);
    assert_eq!(docs[0]["key_id"], hub_key["key_id"]);
}
