//! The signing identity and the trust anchors.

use livinglab_core::{Lang, Result};
use livinglab_documents::seal::{self, IdentityView, Sealer};
use livinglab_documents::{enrolment, write_file};
use livinglab_sign::keystore::Keystore;
use livinglab_sign::trust::shipped_anchors;
use livinglab_store::Workspace;
use serde_json::json;
use time::Date;

use super::{print_json, read_bytes};
use crate::args::{IdentityCommand, TrustCommand};
use crate::say::say;

pub fn identity(ws: &mut Workspace, command: IdentityCommand, lang: Lang, today: Date) -> Result<()> {
    let store = Keystore::from_env()?;
    match command {
        IdentityCommand::Show { json } => {
            let sealer = Sealer::open(ws, &store)?;
            let view = IdentityView::of(&sealer, &store);
            if json {
                print_json(&view);
            } else {
                let rows = [
                    (say!("identity.key_id"), view.key_id.to_string()),
                    (say!("identity.fingerprint"), view.fingerprint.to_string()),
                    (say!("identity.algorithm"), view.algorithm.to_string()),
                    (say!("identity.store"), view.store.to_string()),
                    (say!("identity.created"), view.created_at.to_string()),
                    (say!("identity.public_key"), view.public_key.to_string()),
                ];
                let width = rows.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0) + 2;
                for (label, value) in rows {
                    println!("{label:<width$}{value}");
                }
            }
        }
        IdentityCommand::Keys { json } => {
            let keys = ws.signing_keys()?;
            if json {
                print_json(&keys);
            } else {
                for k in keys {
                    let state = if k.retired_at.is_some() { say!("identity.retired") } else { say!("identity.in_use") };
                    println!("{}  {}  {:<8} {}  {}", k.key_id, k.fingerprint, state, k.computer, k.keystore);
                }
            }
        }
        IdentityCommand::Letter { out } => {
            let sealer = Sealer::open(ws, &store)?;
            let view = IdentityView::of(&sealer, &store);
            let (record, pdf) = enrolment::issue(ws, &sealer, view, lang, today)?;
            write_file(&out, &pdf)?;
            println!("{}", record.number);
            eprintln!(
                "{}",
                say!("document.enrolment_written", number = record.number, id = record.id, path = out.display())
            );
        }
        IdentityCommand::Rotate => {
            let (sealer, transition) = seal::rotate(ws, &store)?;
            let view = IdentityView::of(&sealer, &store);
            print_json(&json!({"identity": view, "transition_signed": transition}));
            if !transition {
                eprintln!("{}", say!("identity.no_transition"));
            }
        }
    }
    Ok(())
}

pub fn trust(ws: &mut Workspace, command: TrustCommand) -> Result<()> {
    match command {
        TrustCommand::Add { file } => {
            let (info, added) = seal::add_trust_anchor(ws, &read_bytes(&file)?)?;
            println!("{} {}", info.sha256, info.subject);
            if !added {
                eprintln!("{}", say!("trust.known"));
            }
        }
        TrustCommand::List { json } => {
            let anchors: Vec<_> = shipped_anchors()
                .iter()
                .map(|a| a.info())
                .chain(seal::trust_anchors(ws)?.iter().skip(shipped_anchors().len()).map(|a| a.info()))
                .collect();
            let rows: Vec<_> = anchors
                .iter()
                .map(
                    |a| json!({"subject": a.subject, "sha256": a.sha256, "origin": a.origin, "not_after": a.not_after}),
                )
                .collect();
            if json {
                print_json(&rows);
            } else {
                for a in &anchors {
                    println!("{}  {:?}  {}", a.sha256, a.origin, a.subject);
                }
            }
        }
    }
    Ok(())
}
