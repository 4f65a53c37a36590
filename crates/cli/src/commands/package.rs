//! Report packages: build, list, verify.

use std::path::Path;

use livinglab_core::i18n::text_with;
use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_documents::seal::Sealer;
use livinglab_package::{build, changed_since_last, verify_file, BuildOptions, BuildOutcome, VerifyContext};
use livinglab_sign::keystore::Keystore;
use livinglab_store::Workspace;
use serde_json::json;
use time::Date;

use super::print_json;
use crate::args::PackageCommand;
use crate::say::say;

pub fn package(ws: &mut Workspace, command: PackageCommand, today: Date, lang: Lang) -> Result<()> {
    match command {
        PackageCommand::Build { period, out, json } => {
            let store = Keystore::from_env()?;
            let sealer = Sealer::open(ws, &store)?;
            let options = BuildOptions { year: period, out, today, signer: sealer.signer() };
            let mut shown = 0u64;
            let outcome = build(ws, &options, &mut |p| {
                let percent = (p.done_bytes * 100).checked_div(p.total_bytes).unwrap_or(100);
                if percent >= shown + 10 || p.done_files == p.total_files && shown < 100 {
                    shown = percent;
                    eprintln!("{percent:>3}%  {}", say!("files_done", done = p.done_files, total = p.total_files));
                }
            })?;
            let r = outcome.record();
            let unchanged = matches!(outcome, BuildOutcome::Unchanged(_));
            if unchanged {
                let params = [("seq".to_string(), r.seq.to_string()), ("path".to_string(), r.path.clone())];
                eprintln!("{}", text_with(lang, "package.unchanged", &params));
            }
            if json {
                print_json(&json!({
                    "package_id": r.package_id, "seq": r.seq, "supersedes": r.supersedes,
                    "manifest_sha256": r.manifest_sha256, "size": r.size, "files": r.files, "path": r.path,
                    "unchanged": unchanged,
                }));
            } else {
                println!("{}", r.path);
            }
            Ok(())
        }
        PackageCommand::List { json } => {
            let packages = ws.packages(None)?;
            let mut rows = Vec::new();
            for p in &packages {
                let head = ws.last_package(p.period)?.is_some_and(|l| l.package_id == p.package_id);
                let changed = if head { changed_since_last(ws, p.period, today)? } else { None };
                let mut row = serde_json::to_value(p).expect("a record serializes");
                row["head"] = json!(head);
                row["changed_since"] = json!(changed);
                rows.push(row);
            }
            if json {
                print_json(&rows);
            } else {
                for (p, row) in packages.iter().zip(&rows) {
                    let mark = if row["changed_since"] == json!(true) {
                        format!("  ({})", livinglab_core::i18n::text(lang, "package.changed"))
                    } else {
                        String::new()
                    };
                    println!(
                        "{}  {}  {}  {}{mark}",
                        p.period,
                        say!("seq", seq = format!("{:>3}", p.seq)),
                        p.package_id,
                        p.path
                    );
                }
            }
            Ok(())
        }
        PackageCommand::Verify { .. } | PackageCommand::Send { .. } => unreachable!("dispatched apart"),
    }
}

/// Verifies any package file; exit 2 (one line on stderr) when it is invalid.
pub fn verify(file: &Path, json: bool, lang: Lang) -> Result<()> {
    let report = verify_file(file, &VerifyContext::shipped(lang))?;
    if json {
        print_json(&report);
    } else {
        for c in &report.checks {
            println!("{:<8} {:<20} {}", format!("{:?}", c.status).to_lowercase(), c.code.as_str(), c.message);
        }
    }
    match report.failed {
        None if report.valid => Ok(()),
        failed => {
            let check = failed.map(|c| c.as_str()).unwrap_or("package.invalid");
            let message =
                report.check(failed.unwrap_or(livinglab_package::CheckCode::Container)).map(|c| c.message.clone());
            Err(Error::new(ErrorCode::PackageInvalid).with("check", check).with("detail", message.unwrap_or_default()))
        }
    }
}
