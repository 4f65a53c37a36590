//! Evidence, the audit trail, exports.

use std::path::Path;

use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::Workspace;
use serde_json::json;

use super::print_json;
use crate::args::EvidenceCommand;
use crate::say::say;

pub fn evidence(ws: &mut Workspace, command: EvidenceCommand) -> Result<()> {
    match command {
        EvidenceCommand::Add { period, indicator, files } => {
            for file in files {
                let item = ws.add_evidence_file(period, &indicator, &file)?;
                println!("{}  {}", item.sha256.unwrap_or_default(), item.display_name);
            }
        }
        EvidenceCommand::AddUrl { period, indicator, url, title, note } => {
            let item = ws.add_evidence_url(period, &indicator, &url, &title, &note)?;
            println!("{}", item.display_name);
        }
        EvidenceCommand::List { period: Some(year), json } => {
            let items = ws.evidence(year, None)?;
            if json {
                print_json(&items);
            } else {
                for e in items {
                    println!("{:<48} {}", e.display_name, e.sha256.or(e.url).unwrap_or_default());
                }
            }
        }
        EvidenceCommand::List { period: None, json } => {
            let files = ws.stored_files()?;
            if json {
                let out: Vec<_> = files
                    .iter()
                    .map(|f| {
                        json!({"sha256": f.sha256, "name": f.name, "size": f.size, "mime": f.mime,
                                    "indicators": f.indicators, "links": f.links})
                    })
                    .collect();
                print_json(&out);
            } else {
                for f in files {
                    println!("{}  {:>10}  {}  [{}]", f.sha256, f.size, f.name, f.indicators.join(", "));
                }
            }
        }
        EvidenceCommand::Remove { id } => {
            let item = ws.evidence_item(&id)?;
            ws.remove_evidence(&item.id)?;
            eprintln!(
                "{}",
                say!("evidence.removed", name = item.display_name, indicator = item.indicator, period = item.period)
            );
        }
        EvidenceCommand::Copy { id, to } => {
            let item = ws.evidence_item(&id)?;
            match &item.url {
                Some(url) if item.sha256.is_none() => println!("{url}"),
                _ => println!("{}", ws.evidence_copy(&item.id, &to)?.display()),
            }
        }
        EvidenceCommand::Verify { json } => {
            let report = ws.verify_evidence()?;
            if json {
                print_json(&report);
            } else {
                for f in &report.changed {
                    println!("{}  {}  {}", say!("evidence.changed_mark"), f.sha256, f.name);
                }
                for f in &report.missing {
                    println!("{}  {}  {}", say!("evidence.missing_mark"), f.sha256, f.name);
                }
                println!(
                    "{}",
                    say!(
                        "evidence.verified",
                        checked = report.checked,
                        changed = report.changed.len(),
                        missing = report.missing.len()
                    )
                );
            }
            if !report.intact {
                let first = report.changed.first().or(report.missing.first()).unwrap();
                return Err(Error::new(ErrorCode::EvidenceDamaged)
                    .with("count", report.changed.len() + report.missing.len())
                    .with("name", &first.name));
            }
        }
    }
    Ok(())
}

pub fn audit_verify(ws: &Workspace, as_json: bool) -> Result<()> {
    let report = ws.verify_audit()?;
    if as_json {
        print_json(&report);
    } else if report.intact {
        println!("{}", say!("audit.intact", entries = report.entries));
    }
    report.into_result().map(|_| ())
}

pub fn export_xlsx(ws: &Workspace, year: i32, out: &Path) -> Result<()> {
    let bytes = livinglab_documents::xlsx::period_workbook(ws, year)?;
    livinglab_documents::write_file(out, &bytes)?;
    eprintln!("{}", say!("wrote", path = out.display()));
    Ok(())
}
