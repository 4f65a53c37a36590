//! Sumedang's reviews: given at the hub (`hub review`, `hub reviews`, `hub unlock`), taken back
//! by the region (`review import`, `review fetch`, `review list`).

use std::path::Path;

use livinglab_core::package_review::{IndicatorNote, ReviewState};
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_hub::Hub;
use livinglab_sign::keystore::Keystore;
use livinglab_store::Workspace;
use livinglab_transport::client::ClientOptions;
use std::time::Duration;

use super::print_json;
use crate::args::{HubCommand, HubReviewArgs, HubReviewExport, ReviewCommand};
use crate::say::say;

fn open_hub(dir: Option<&Path>) -> Result<Hub> {
    Hub::open(dir.ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", "--hub"))?)
}

/// Pairs `--indicator` and `--note` in order; one more note than indicators is the general one.
fn notes_of(notes: &[String], indicators: &[String]) -> Result<(String, Vec<IndicatorNote>)> {
    let general = match notes.len().checked_sub(indicators.len()) {
        Some(0) => String::new(),
        Some(1) => notes[0].clone(),
        _ => {
            return Err(Error::new(ErrorCode::ReviewInvalid).with_detail(
                "setiap --indicator perlu satu --note (dan boleh satu --note umum di depan)",
                "each --indicator needs one --note (and one general --note may come first)",
            ))
        }
    };
    let offset = notes.len() - indicators.len();
    let pairs = indicators
        .iter()
        .zip(&notes[offset..])
        .map(|(i, n)| IndicatorNote { indicator: i.clone(), note: n.clone() })
        .collect();
    Ok((general, pairs))
}

pub fn hub(dir: Option<&Path>, command: HubCommand) -> Result<()> {
    match command {
        HubCommand::Review(HubReviewArgs { export: Some(HubReviewExport::Export { package_id, out }), .. }) => {
            let text = open_hub(dir)?.review_file(&package_id)?;
            super::hub::write_out(&out, text.as_bytes())?;
            println!("{}", out.display());
            Ok(())
        }
        HubCommand::Review(HubReviewArgs { package_id, to, note, indicator, json, .. }) => {
            let package_id =
                package_id.ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", "PACKAGE_ID"))?;
            let to = to.ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", "--to"))?;
            let state = ReviewState::parse(&to).ok_or_else(|| {
                Error::new(ErrorCode::ReviewInvalid).with_detail(
                    format!("\"{to}\": pilih diterima, revisi atau ditolak"),
                    format!("\"{to}\": choose diterima, revisi or ditolak"),
                )
            })?;
            let (general, notes) = notes_of(&note, &indicator)?;
            let mut hub = open_hub(dir)?;
            let signer = hub.signer(&Keystore::from_env()?)?;
            let row = hub.review(&package_id, state, &general, &notes, &signer)?;
            if json {
                print_json(&row);
            } else {
                println!("{}  {}  {}", row.package_id, row.state.as_str(), row.reviewed_at);
            }
            Ok(())
        }
        HubCommand::Reviews { package, json } => {
            let rows = open_hub(dir)?.reviews(package.as_deref())?;
            if json {
                print_json(&rows);
            } else {
                for r in rows {
                    println!(
                        "{}  {} {}  {}  {}",
                        r.package_id,
                        r.review.region,
                        r.review.period,
                        r.state.as_str(),
                        r.reviewed_at
                    );
                }
            }
            Ok(())
        }
        HubCommand::Unlock { region, period, reason } => {
            open_hub(dir)?.unlock_period(&region, period, &reason)?;
            println!("{region} {period}");
            Ok(())
        }
        _ => unreachable!("review commands only"),
    }
}

pub fn workspace(ws: &mut Workspace, command: ReviewCommand) -> Result<()> {
    match command {
        ReviewCommand::Import { file, json } => {
            let (review, new) = livinglab_transport::reviews::import_file(ws, &file)?;
            if json {
                print_json(&serde_json::json!({"new": new, "review": review}));
            } else {
                let known = if new { say!("review.new") } else { say!("review.known") };
                println!("{}  {}  {known}", review.package_id, review.state.as_str());
            }
            Ok(())
        }
        ReviewCommand::Fetch { network, json } => {
            let opts =
                ClientOptions { read_timeout: Duration::from_secs(network.timeout.max(1)), ..ClientOptions::default() };
            let new = livinglab_transport::reviews::fetch(ws, &opts)?;
            if json {
                print_json(&new);
            } else {
                for r in new {
                    println!("{}  {}", r.package_id, r.state.as_str());
                }
            }
            Ok(())
        }
        ReviewCommand::List { period, json } => {
            let rows = ws.kept_reviews(period)?;
            if json {
                print_json(&rows);
            } else {
                for r in rows {
                    println!(
                        "{} {}  {}  {}  {}",
                        r.period,
                        say!("seq", seq = format!("{:>3}", r.seq)),
                        r.package_id,
                        r.state.as_str(),
                        r.reviewed_at
                    );
                }
            }
            Ok(())
        }
        ReviewCommand::Notes { period, json } => {
            let open = ws.open_review(period)?;
            if json {
                print_json(&open);
                return Ok(());
            }
            let Some(open) = open else {
                println!("{}", say!("review.none_open", period = period));
                return Ok(());
            };
            println!(
                "{}",
                say!(
                    "review.open",
                    seq = open.review.seq,
                    hub = open.review.hub_name,
                    when = open.review.reviewed_at,
                    unanswered = open.unanswered.len(),
                )
            );
            for n in open.notes {
                let on = super::note_subject(&n.indicator);
                println!("{on}: {}\n  {}", n.note, say!("answer", text = n.answer.as_deref().unwrap_or("—")));
            }
            Ok(())
        }
        ReviewCommand::Answer { period, indicator, general: _, text, json } => {
            let indicator = indicator.unwrap_or_default();
            let review_id = ws
                .open_review(period)?
                .map(|o| o.review.review_id)
                .ok_or_else(|| Error::new(ErrorCode::ReviewNoteUnknown).with("indicator", &indicator))?;
            let note = ws.answer_review_note(period, &review_id, &indicator, &text)?;
            if json {
                print_json(&note);
            } else {
                let on = if indicator.is_empty() { say!("review.general") } else { indicator };
                println!("{on}  {}", note.answered_at.unwrap_or_default());
            }
            Ok(())
        }
    }
}
