//! Sumedang's hub: `--hub DIR hub …`.

use std::path::Path;

use livinglab_core::format;
use livinglab_core::published::Place;
use livinglab_core::verification::VerificationCode;
use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_documents::common::Issuer;
use livinglab_documents::seal::Sealer;
use livinglab_documents::{recap, write_file};
use livinglab_hub::benchmark::{InconsistentRow, UnmatchedRow};
use livinglab_hub::dashboard::parse_roster;
use livinglab_hub::keys::{key_from_letter, parse_public_key};
use livinglab_hub::{BenchmarkImport, Hub, ImportStatus, RegionFilter};
use livinglab_sign::keystore::Keystore;
use serde_json::json;
use time::Date;

use super::workspace::{apply_profile, read_emblem};
use super::{print_json, read_bytes};
use crate::args::{
    HubBenchmarkCommand, HubCommand, HubDocumentsCommand, HubExpectedCommand, HubKeysCommand, HubPackagesCommand,
    HubProfileCommand,
};
use crate::say::say;

pub fn hub(dir: Option<&Path>, command: HubCommand, lang: Lang) -> Result<()> {
    let dir = dir.ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", "--hub"))?;
    match command {
        HubCommand::Init { name } => {
            let hub = Hub::init(dir, &name)?;
            println!("{}", hub.info().id);
            Ok(())
        }
        HubCommand::Keys(HubKeysCommand::Add { region, letter, public_key, confirm, json }) => {
            let mut hub = Hub::open(dir)?;
            let (named, der, source) = match (letter, public_key) {
                (Some(file), _) => {
                    let (named, der) = key_from_letter(&read_bytes(&file)?)?;
                    (named, der, "letter")
                }
                (None, Some(text)) => {
                    let (named, der) = parse_public_key(&text)?;
                    (named, der, "public_key")
                }
                (None, None) => return Err(Error::new(ErrorCode::RequiredMissing).with("field", "--letter")),
            };
            let key = hub.add_key(&region, named.as_deref(), &der, confirm.as_deref(), source)?;
            if json {
                print_json(&key);
            } else {
                println!("{}  {}  {}  {}", key.region, key.key_id, key.fingerprint, key.status.as_str());
            }
            Ok(())
        }
        HubCommand::Keys(HubKeysCommand::List { json }) => {
            let keys = Hub::open(dir)?.keys()?;
            if json {
                print_json(&keys);
            } else {
                for k in keys {
                    println!("{}  {}  {}  {}", k.region, k.key_id, k.fingerprint, k.status.as_str());
                }
            }
            Ok(())
        }
        HubCommand::Keys(HubKeysCommand::Revoke { key_id }) => {
            let key = Hub::open(dir)?.revoke_key(&key_id)?;
            println!("{}  {}", key.key_id, key.status.as_str());
            Ok(())
        }
        HubCommand::Import { files, dry_run, json } => {
            let mut hub = Hub::open(dir)?;
            let mut summaries = Vec::new();
            for file in &files {
                summaries.push(hub.import(file, dry_run, lang)?);
            }
            if json {
                print_json(&summaries);
            } else {
                for s in &summaries {
                    let status = serde_json::to_value(s.status).expect("a status serializes");
                    let dry_run = if s.dry_run { format!(" ({})", say!("hub.dry_run")) } else { String::new() };
                    println!(
                        "{}{dry_run}  {}  {} {} {}  {}",
                        status.as_str().unwrap_or_default(),
                        s.file,
                        s.region.as_deref().unwrap_or("-"),
                        s.period.map(|p| p.to_string()).unwrap_or_default(),
                        say!("seq", seq = s.seq.map(|p| p.to_string()).unwrap_or_default()),
                        say!(
                            "hub.import_counts",
                            files = s.counts.files,
                            new = s.counts.evidence_new,
                            held = s.counts.evidence_known
                        )
                    );
                    for c in s.checks.iter().filter(|c| !c.ok) {
                        println!("    {}  {}", c.code, c.message);
                    }
                }
            }
            let refused: Vec<_> = summaries.iter().filter(|s| s.status == ImportStatus::Refused).collect();
            match refused.first() {
                None => Ok(()),
                Some(first) => Err(Error::new(ErrorCode::PackageInvalid)
                    .with("check", first.conflicts.first().map(String::as_str).unwrap_or("package.invalid"))
                    .with(
                        "detail",
                        format!("{} of {} refused, among them {}", refused.len(), summaries.len(), first.file),
                    )),
            }
        }
        HubCommand::Expected(HubExpectedCommand::Set { file }) => {
            let text = std::fs::read_to_string(&file).map_err(|e| Error::io(format!("read {}", file.display()), e))?;
            let roster = parse_roster(&text)?;
            Hub::open(dir)?.set_expected(&roster)?;
            println!("{}", roster.len());
            Ok(())
        }
        HubCommand::Expected(HubExpectedCommand::List { json }) => {
            let roster = Hub::open(dir)?.expected()?;
            if json {
                print_json(&roster);
            } else {
                for r in roster {
                    println!("{}  {}", r.code, r.name);
                }
            }
            Ok(())
        }
        HubCommand::Expected(HubExpectedCommand::Due { period, date }) => {
            Hub::open(dir)?.set_due(period, livinglab_core::format::parse_date(&date)?)?;
            println!("{period} {date}");
            Ok(())
        }
        HubCommand::Benchmark(command) => benchmark(&mut Hub::open(dir)?, command, lang),
        HubCommand::Profile(command) => profile(&mut Hub::open(dir)?, command),
        HubCommand::Documents(command) => documents(&Hub::open(dir)?, command),
        HubCommand::Dashboard(_)
        | HubCommand::Heatmap(_)
        | HubCommand::Trends { .. }
        | HubCommand::Compare { .. }
        | HubCommand::Export { .. } => super::analytics::analytics(&Hub::open(dir)?, command, lang),
        HubCommand::Identity { .. }
        | HubCommand::Report { .. }
        | HubCommand::Serve { .. }
        | HubCommand::Review(_)
        | HubCommand::Reviews { .. }
        | HubCommand::Unlock { .. } => unreachable!("dispatched apart"),
        HubCommand::Packages(HubPackagesCommand::List { region, period, json }) => {
            let rows = Hub::open(dir)?.packages(region.as_deref(), period)?;
            if json {
                print_json(&rows);
            } else {
                for r in rows {
                    let head = if r.head { format!(" ({})", say!("hub.head")) } else { String::new() };
                    println!(
                        "{} {} {}{head}  {} {}  {}  {}",
                        r.region,
                        r.period,
                        say!("seq", seq = format!("{:>3}", r.seq)),
                        r.index,
                        r.predicate,
                        say!("hub.key_status", status = r.key_status),
                        r.review
                    );
                }
            }
            Ok(())
        }
        HubCommand::Packages(HubPackagesCommand::Response { package_id, json }) => {
            let response = Hub::open(dir)?.review_response(&package_id)?;
            if json {
                print_json(&response);
                return Ok(());
            }
            let Some(r) = response else {
                println!("{}", say!("hub.response_none"));
                return Ok(());
            };
            let unknown = if r.known { String::new() } else { format!(" ({})", say!("hub.response_unknown")) };
            println!("{}{unknown}", say!("hub.response", review = r.review_id, seq = r.seq));
            for a in r.answers {
                let on = super::note_subject(&a.indicator);
                println!("{on}: {}\n  {}", a.note, say!("answer", text = a.answer.as_deref().unwrap_or("—")));
            }
            Ok(())
        }
        HubCommand::Packages(HubPackagesCommand::Show { package_id, json }) => {
            let d = Hub::open(dir)?.package_detail(&package_id, lang)?;
            if json {
                print_json(&d);
            } else {
                let p = &d.package;
                println!(
                    "{} {} {}  {}  {} {}  {}",
                    p.region,
                    d.region_name,
                    p.period,
                    say!("seq", seq = p.seq),
                    d.index_display,
                    p.predicate,
                    p.review
                );
                for i in &d.indicators {
                    let level = i.level.map(|l| l.to_string()).unwrap_or_else(|| "-".into());
                    let evidence = format!("{:>2}", i.evidence);
                    println!(
                        "  {:>3}  {}  {}",
                        i.number,
                        say!("hub.indicator_row", level = level, evidence = evidence),
                        i.name
                    );
                }
                for doc in &d.documents {
                    println!(
                        "  {}  {}  {}  {}  {}",
                        say!("hub.document_mark"),
                        doc.kind,
                        doc.number,
                        doc.status,
                        doc.pdf_sha256
                    );
                }
                for e in &d.evidence {
                    println!(
                        "  {}  {}  {}",
                        say!("hub.evidence_mark"),
                        e.display_name,
                        e.sha256.as_deref().or(e.url.as_deref()).unwrap_or("-")
                    );
                }
            }
            Ok(())
        }
        HubCommand::Packages(HubPackagesCommand::File { package_id, sha256, out }) => {
            let file = Hub::open(dir)?.stored_file(&package_id, &sha256)?;
            let bytes = std::fs::read(&file.path).map_err(|e| Error::io(format!("read {}", file.path.display()), e))?;
            write_out(&out, &bytes)?;
            println!("{}", out.display());
            Ok(())
        }
    }
}

/// Writes `bytes` to `out` whole or not at all (a partial file renamed into place).
pub(super) fn write_out(out: &Path, bytes: &[u8]) -> Result<()> {
    let partial = out.with_extension("partial");
    std::fs::write(&partial, bytes)
        .and_then(|_| std::fs::rename(&partial, out))
        .map_err(|e| Error::io(format!("write {}", out.display()), e))
}

fn profile(hub: &mut Hub, command: HubProfileCommand) -> Result<()> {
    match command {
        HubProfileCommand::Set { region, profile: set } => {
            let emblem = read_emblem(&set)?;
            let current = hub.issuer()?;
            let mut profile = current.profile;
            apply_profile(&set, &mut profile);
            let region = region.unwrap_or(current.region.code);
            // Checked whole before anything is stored, so that a bad field keeps the emblem too.
            livinglab_core::regions::Regions::get().require(&region)?;
            let profile = profile.validated()?;
            let mut shown = hub.set_issuer(&region, profile)?;
            if let Some(bytes) = emblem {
                shown = hub.set_emblem(&bytes)?;
            }
            print_json(&shown);
        }
        HubProfileCommand::Show { json } => {
            let p = hub.issuer()?;
            if json {
                print_json(&p);
            } else {
                println!("{}  {}", p.region.code, p.region.name);
                println!("{}", p.profile.office_name);
                println!("{}", p.profile.address);
                println!("{}: {}", p.profile.office_head.title, p.profile.office_head.name);
                if !p.set {
                    println!("({})", say!("hub.profile_defaults"));
                }
            }
        }
    }
    Ok(())
}

/// The recap report of a period: issued and sealed with the hub's key, or a preview.
pub fn report(
    dir: Option<&Path>,
    period: i32,
    filter: &RegionFilter,
    out: &Path,
    preview: bool,
    lang: Lang,
    today: Date,
) -> Result<()> {
    let dir = dir.ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", "--hub"))?;
    let mut hub = Hub::open(dir)?;
    if preview {
        write_file(out, &recap::preview(&hub, period, filter, lang, today)?)?;
        eprintln!("{}", say!("document.preview_written", path = out.display()));
        return Ok(());
    }
    let signer = hub.signer(&Keystore::from_env()?)?;
    let sealer = Sealer::for_issuer(signer, &Issuer::of_hub(&hub)?)?;
    let (record, pdf) = recap::issue(&mut hub, period, filter, lang, today, Some(&sealer))?;
    write_file(out, &pdf)?;
    println!("{}", record.number);
    eprintln!("{}", say!("document.recap_written", number = record.number, id = record.id, path = out.display()));
    Ok(())
}

fn documents(hub: &Hub, command: HubDocumentsCommand) -> Result<()> {
    match command {
        HubDocumentsCommand::List { json } => {
            let docs = hub.issued_documents()?;
            if json {
                print_json(&docs);
            } else {
                for d in docs {
                    println!("{}  {:<6} {:<12} {}", &d.created_at[..10], d.kind, d.number, d.title);
                }
            }
        }
        HubDocumentsCommand::Check { text } => {
            let code = VerificationCode::parse(&text)
                .ok_or_else(|| Error::new(ErrorCode::DocumentUnknown).with("id", text.trim()))?;
            if let Some(d) = hub.find_issued(&code)? {
                print_json(&json!({"match": true, "issued_by": "hub", "document": d}));
            } else if let Some(d) = hub.verify_document(&code)? {
                print_json(&json!({"match": true, "issued_by": "region", "document": d}));
            } else {
                print_json(&json!({"match": false}));
                return Err(Error::new(ErrorCode::DocumentUnknown).with("id", text.trim()));
            }
        }
        HubDocumentsCommand::Pdf { id, out } => {
            let doc = hub
                .issued_documents()?
                .into_iter()
                .find(|d| d.id == id.trim() || d.number == id.trim())
                .ok_or_else(|| Error::new(ErrorCode::DocumentUnknown).with("id", id.trim()))?;
            write_file(&out, &hub.issued_pdf(&doc)?)?;
            eprintln!("{}", say!("document.written", number = doc.number, path = out.display()));
        }
    }
    Ok(())
}

fn benchmark(hub: &mut Hub, command: HubBenchmarkCommand, lang: Lang) -> Result<()> {
    match command {
        HubBenchmarkCommand::Import { file: Some(file), json, .. } => {
            let summary = hub.import_benchmark_file(&file)?;
            if json {
                print_json(&summary);
            } else {
                print_import(&summary, lang);
            }
        }
        HubBenchmarkCommand::Import { file: None, json, .. } => {
            let summaries = hub.import_shipped_benchmark()?;
            if json {
                print_json(&summaries);
            } else {
                summaries.iter().for_each(|s| print_import(s, lang));
            }
        }
        HubBenchmarkCommand::Match { year, row, code, json } => {
            let matched = hub.match_benchmark_row(year, row, &code)?;
            if json {
                print_json(&matched);
            } else {
                println!(
                    "{} {}  {}  →  {} {}",
                    matched.year,
                    say!("benchmark.row", row = matched.row),
                    matched.instansi,
                    matched.code,
                    matched.name
                );
            }
        }
        HubBenchmarkCommand::Issues { year, json } => {
            let issues = hub.benchmark_issues(year)?;
            if json {
                print_json(&issues);
            } else {
                print_issues(&issues.unmatched, &issues.inconsistent, lang);
            }
        }
        HubBenchmarkCommand::Show { year, region, json } => {
            let b = hub.benchmark(year, region.as_deref())?;
            if json {
                print_json(&b);
                return Ok(());
            }
            let mean =
                |m: Option<rust_decimal::Decimal>| m.map_or_else(|| "-".to_string(), |v| format::decimal(v, 4, lang));
            println!(
                "{}  {}",
                b.year,
                say!(
                    "benchmark.means",
                    national = format::decimal(b.national_mean, 4, lang),
                    provincial = mean(b.provincial_mean),
                    local = mean(b.kabupaten_kota_mean),
                    central = mean(b.central_mean),
                )
            );
            match &b.region {
                Some(r) => {
                    let place =
                        |p: &Place| format!("{}/{} ({}%)", p.rank, p.of, format::decimal(p.percentile, 2, lang));
                    println!("{} {}  {}  {}", r.code, r.name, format::index(r.index, lang), r.predicate);
                    println!("  {}", say!("benchmark.national", place = place(&r.national)));
                    println!("  {}", say!("benchmark.peers", place = place(&r.among_peers)));
                    if let Some(p) = &r.in_province {
                        println!("  {}", say!("benchmark.province", place = place(p)));
                    }
                }
                None => {
                    // Equal indices share the best rank, as the region's place counts it.
                    let mut rank = 0;
                    for (i, r) in b.rows.iter().enumerate() {
                        if i == 0 || r.index != b.rows[i - 1].index {
                            rank = i + 1;
                        }
                        println!(
                            "{:>4}  {:<6} {}  {}  {}",
                            rank,
                            r.code.as_deref().unwrap_or("-"),
                            format::index(r.index, lang),
                            r.predicate,
                            r.name
                        );
                    }
                }
            }
        }
    }
    Ok(())
}

fn print_import(s: &BenchmarkImport, lang: Lang) {
    println!(
        "{}: {}",
        s.year,
        say!(
            "benchmark.imported",
            rows = s.rows,
            matched = s.matched,
            manual = s.manual,
            central = s.central,
            unmatched = s.unmatched.len(),
            inconsistent = s.inconsistent.len(),
        )
    );
    print_issues(&s.unmatched, &s.inconsistent, lang);
}

fn print_issues(unmatched: &[UnmatchedRow], inconsistent: &[InconsistentRow], lang: Lang) {
    for u in unmatched {
        let row = say!("benchmark.row", row = format!("{:>4}", u.row));
        println!("  {:<13} {row}  {} ({})", say!("benchmark.unmatched"), u.instansi, u.jenis);
    }
    for i in inconsistent {
        let row = say!("benchmark.row", row = format!("{:>4}", i.row));
        println!(
            "  {:<13} {row}  {}: {}",
            say!("benchmark.inconsistent"),
            i.instansi,
            say!(
                "benchmark.published_computed",
                published = format::index(i.published, lang),
                computed = format::decimal(i.computed, 4, lang)
            )
        );
    }
}
