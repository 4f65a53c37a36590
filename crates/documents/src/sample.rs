//! The example workspace "Kabupaten Contoh": a fictional regency with four periods, evidence,
//! follow-up actions and issued documents, for a new user to explore. It is marked as a sample
//! in the workspace itself (and its documents say so), so it is never taken for real data.

use std::path::Path;

use livinglab_core::followup::ActionStatus;
use livinglab_core::i18n::Lang;
use livinglab_core::profile::{Official, Profile};
use livinglab_core::regions::RegionKind;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::actions::{ActionPatch, ActionTarget, NewAction};
use livinglab_store::assessment::{AssessmentPatch, Status};
use livinglab_store::{RegionRef, Workspace};
use rust_decimal::Decimal;
use time::Date;

use crate::pdf::{Align, Doc, Face, Footer, Style};

const EMBLEM: &[u8] = include_bytes!("../../../assets/sample/emblem-contoh.png");

pub fn region() -> RegionRef {
    RegionRef {
        code: "00.00".into(),
        name: "Kabupaten Contoh".into(),
        kind: RegionKind::Kabupaten,
        province: "Provinsi Contoh".into(),
    }
}

/// A deterministic level for indicator `n` in `year`: a region that improves every year.
fn level_for(n: u32, year: i32) -> u8 {
    let base = 1 + ((n * 7 + 3) % 3) as i32; // 1..3
    let gain = (year - 2023).max(0) + (n.is_multiple_of(4) as i32);
    (base + gain).clamp(1, 5) as u8
}

/// A one-page PDF standing in for a regional regulation or report, clearly marked as an example.
fn example_pdf(title: &str, body: &str) -> Vec<u8> {
    let mut doc = Doc::new(
        title,
        (20.0, 20.0, 22.0, 25.0),
        Footer {
            page_label: "Halaman {page} dari {pages}".into(),
            verification: "CONTOH — dokumen fiktif untuk ruang kerja contoh Living Lab".into(),
            watermark: Some("CONTOH".into()),
        },
    );
    doc.paragraph("PEMERINTAH KABUPATEN CONTOH", Style::new(Face::SansBold, 13.0).align(Align::Center));
    doc.paragraph(
        "CONTOH — DOKUMEN FIKTIF",
        Style::new(Face::SansBold, 10.0).align(Align::Center).color((0xB4, 0x23, 0x18)).after(8.0),
    );
    doc.paragraph(&title.to_uppercase(), Style::new(Face::SansBold, 12.0).align(Align::Center).after(6.0));
    doc.paragraph(body, Style::new(Face::Sans, 11.0).align(Align::Justify).leading(1.45));
    doc.finish()
}

/// Opens the sample in `dir`, creating it when the folder is absent or empty. A folder that
/// holds a half-made sample (no workspace file yet) or a corrupt one is made again; any other
/// problem (a newer version, a read-only or busy file, a workspace that is not the sample) is
/// reported and the folder left as it is.
pub fn open_or_create(dir: &Path, today: Date) -> Result<Workspace> {
    let empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
    if !dir.exists() || empty {
        return create(dir, today);
    }
    match Workspace::open(dir) {
        Ok(ws) if ws.info().is_sample => Ok(ws),
        Ok(_) => Err(Error::new(ErrorCode::WorkspaceNotEmpty).with("path", dir.display())),
        Err(e) if matches!(e.code, ErrorCode::WorkspaceNotWorkspace | ErrorCode::WorkspaceCorrupt) => {
            std::fs::remove_dir_all(dir).map_err(|e| Error::io("replace the example workspace", e))?;
            create(dir, today)
        }
        Err(e) => Err(e),
    }
}

/// Creates the sample in `dir` (empty or absent). `today` dates its documents.
pub fn create(dir: &Path, today: Date) -> Result<Workspace> {
    let mut ws = Workspace::init_sample(dir, &region())?;
    ws.save_profile(Profile {
        office_name: "Dinas Komunikasi dan Informatika".into(),
        address: "Jl. Merdeka No. 1, Kota Contoh".into(),
        postal_code: "12345".into(),
        phone: "(021) 555 0100".into(),
        email: "diskominfo@contohkab.go.id".into(),
        website: "diskominfo.contohkab.go.id".into(),
        place: "Contoh".into(),
        head: Official { title: "Bupati".into(), name: "Dr. H. Andi Pratama, M.Si.".into(), ..Official::default() },
        sekda: Official {
            title: "Sekretaris Daerah".into(),
            name: "Ir. Budi Santoso, M.T.".into(),
            nip: "197003152000031004".into(),
            rank: "Pembina Utama Madya (IV/d)".into(),
        },
        office_head: Official {
            title: "Kepala Dinas Komunikasi dan Informatika".into(),
            name: "Citra Lestari, S.Kom., M.T.".into(),
            nip: "198104222006042008".into(),
            rank: "Pembina Tingkat I (IV/b)".into(),
        },
        user_name: "Operator Contoh".into(),
    })?;
    ws.set_emblem(EMBLEM)?;

    // Three SPBE years, each copied from the one before and improved, then Pemdi 2026 begun.
    for year in [2023, 2024, 2025] {
        ws.add_period(year, None, year > 2023)?;
        let fw = ws.period_framework(&ws.period(year)?)?;
        let mut csv = String::new();
        for i in &fw.indicators {
            let level = level_for(i.number, year);
            let target = (level + 1).min(5);
            csv.push_str(&format!(
                "{},{level},{target},\"Dokumen contoh untuk indikator {} tahun {year}, lihat data dukung {}.a.\",\"Memenuhi kriteria tingkat {level}: {}.\",Diskominfo\n",
                i.id, i.number, i.id, fw.scale(&i.scale).levels[level as usize - 1].name.id
            ));
        }
        ws.import_assessments(year, &csv)?;
    }
    ws.set_period_target(2025, Some(Decimal::new(420, 2)))?;
    for indicator in ["1", "10", "42"] {
        ws.set_status(2025, indicator, Status::Diajukan, None)?;
        ws.set_status(2025, indicator, Status::Terverifikasi, None)?;
    }
    ws.set_status(2025, "11", Status::Diajukan, None)?;

    let tmp = tempfile_dir(dir)?;
    let files = [
        ("1", "Perbup-Contoh-12-2023-Arsitektur-SPBE.pdf", "Peraturan Bupati Contoh Nomor 12 Tahun 2023 tentang Arsitektur SPBE", "Pasal 1 sampai Pasal 9 mengatur referensi arsitektur dan domain arsitektur proses bisnis, data dan informasi, infrastruktur, aplikasi, keamanan, serta layanan SPBE yang berlaku bagi seluruh perangkat daerah."),
        ("10", "Kepbup-Contoh-45-2024-Tim-Koordinasi-SPBE.pdf", "Keputusan Bupati Contoh Nomor 45 Tahun 2024 tentang Tim Koordinasi SPBE", "Tim Koordinasi SPBE diketuai Sekretaris Daerah dengan Kepala Dinas Komunikasi dan Informatika sebagai sekretaris; tim bertugas merencanakan, memantau, dan mengevaluasi penerapan SPBE."),
        ("42", "Laporan-Pengaduan-SP4N-LAPOR-2025.pdf", "Laporan Pengelolaan Pengaduan melalui SP4N-LAPOR! Tahun 2025", "Sebanyak 1.245 pengaduan diterima dan 1.198 di antaranya diselesaikan dalam batas waktu layanan; seluruh perangkat daerah terhubung sebagai admin instansi."),
    ];
    for (indicator, name, title, body) in files {
        let path = tmp.join(name);
        std::fs::write(&path, example_pdf(title, body))
            .map_err(|e| livinglab_core::Error::io("write the sample files", e))?;
        ws.add_evidence_file(2025, indicator, &path)?;
    }
    // The same regulation also serves indicator 11 (stored once).
    ws.add_evidence_file(2025, "11", &tmp.join("Perbup-Contoh-12-2023-Arsitektur-SPBE.pdf"))?;
    let screenshot = tmp.join("Tangkapan-layar-portal-layanan.png");
    std::fs::write(&screenshot, EMBLEM).map_err(|e| livinglab_core::Error::io("write the sample files", e))?;
    ws.add_evidence_file(2025, "45", &screenshot)?;
    ws.add_evidence_url(
        2025,
        "43",
        "https://data.contohkab.go.id",
        "Portal Satu Data Kabupaten Contoh",
        "Menu Dataset, 214 dataset terbuka (contoh)",
    )?;
    let _ = std::fs::remove_dir_all(&tmp);

    // Follow-up: 2025's actions are finished; 2026's are under way, dated around today.
    add_actions(
        &mut ws,
        2025,
        "spbe-2020",
        &[
            ("perbup-arsitektur-spbe", "Revisi Perbup Arsitektur SPBE", -600, -420, ActionStatus::Selesai, 100),
            (
                "pengaduan-terintegrasi-sp4n-lapor",
                "Integrasi kanal pengaduan dengan SP4N-LAPOR!",
                -560,
                -380,
                ActionStatus::Selesai,
                100,
            ),
            ("audit-tik", "Audit TIK aplikasi layanan publik", -500, -400, ActionStatus::Batal, 10),
        ],
        today,
    )?;
    ws.add_period(2026, None, false)?;
    let fw = ws.period_framework(&ws.period(2026)?)?;
    for i in fw.indicators.iter().take(14) {
        ws.set_assessment(
            2026,
            &i.id,
            AssessmentPatch {
                level: Some(Some(((i.number % 3) + 2) as u8)),
                target: Some(Some(4)),
                ..AssessmentPatch::default()
            },
        )?;
    }
    ws.set_period_target(2026, Some(Decimal::new(350, 2)))?;
    add_actions(
        &mut ws,
        2026,
        "pemdi-2026",
        &[
            (
                "tim-koordinasi-spbe",
                "Pembaruan Keputusan Bupati tentang Tim Koordinasi Pemerintah Digital",
                -150,
                -30,
                ActionStatus::Selesai,
                100,
            ),
            ("satu-data-portal-data", "Portal Satu Data Kabupaten Contoh", -120, 60, ActionStatus::Berjalan, 40),
            (
                "manajemen-keamanan-informasi",
                "Pembentukan CSIRT dan penilaian Indeks KAMI",
                -200,
                -10,
                ActionStatus::Berjalan,
                70,
            ),
            (
                "layanan-bantuan-pengguna",
                "Layanan bantuan pengguna (helpdesk) terpadu",
                14,
                120,
                ActionStatus::Rencana,
                0,
            ),
            (
                "pengelolaan-kepuasan-pengguna",
                "Survei kepuasan pengguna layanan digital",
                30,
                180,
                ActionStatus::Tertunda,
                5,
            ),
        ],
        today,
    )?;

    // An issued commitment letter and the 2025 report, as a region would have them.
    let draft = crate::letter::draft(&ws, Lang::Id, today)?;
    // Unsealed: a fictional workspace gets no key in the keychain until its user issues something.
    crate::letter::issue(&mut ws, &draft, None)?;
    crate::report::issue(&mut ws, 2025, Lang::Id, today, None)?;
    Ok(ws)
}

/// Adds actions from practices: (practice, title, start and due in days from today, status, progress).
fn add_actions(
    ws: &mut Workspace,
    year: i32,
    framework: &str,
    plans: &[(&str, &str, i64, i64, ActionStatus, u8)],
    today: Date,
) -> Result<()> {
    let day = |offset: i64| (today + time::Duration::days(offset)).to_string();
    for &(practice, title, start, due, status, progress) in plans {
        let p = ws.practice(practice)?.expect("the shipped catalogue holds the sample's practices");
        let steps = p.steps.len().clamp(1, 4) as i64;
        let a = ws.add_action(
            year,
            NewAction {
                title: title.into(),
                description: p.summary.id.clone(),
                practice_id: Some(practice.into()),
                owner_office: "Diskominfo".into(),
                owner_person: "Citra Lestari".into(),
                start: Some(day(start)),
                due: day(due),
                indicators: p
                    .targets(framework)
                    .iter()
                    .map(|t| ActionTarget { indicator: t.indicator.clone(), target_level: Some(t.level.max(4)) })
                    .collect(),
                milestones: p
                    .steps
                    .iter()
                    .take(4)
                    .enumerate()
                    .map(|(i, s)| (s.id.clone(), day(start + (due - start) * (i as i64 + 1) / steps)))
                    .collect(),
            },
        )?;
        ws.update_action(
            &a.id,
            ActionPatch { status: Some(status), progress: Some(progress), ..ActionPatch::default() },
        )?;
        for m in a.milestones.iter().take(usize::from(progress) * a.milestones.len() / 100) {
            ws.set_milestone_done(&m.id, true)?;
        }
    }
    Ok(())
}

fn tempfile_dir(dir: &Path) -> Result<std::path::PathBuf> {
    let tmp = std::env::temp_dir().join(format!("livinglab-sample-{}", livinglab_store::clock::new_id()));
    std::fs::create_dir_all(&tmp)
        .map_err(|e| livinglab_core::Error::io(format!("prepare the sample for {}", dir.display()), e))?;
    Ok(tmp)
}
