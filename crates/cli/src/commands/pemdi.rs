//! Pemdi 2026 as it is evaluated: the butir of each level, other agencies' indices, the stages
//! of the year, and the value each indicator counts with (`livinglab_store::butir`).

use crate::args::{ButirCommand, ExternalCommand};
use livinglab_core::{format, Error, ErrorCode, Result};
use livinglab_store::butir::{ButirPatch, ButirReview};
use livinglab_store::Workspace;

use super::print_json;
use crate::say::{self, say};

fn yes_no(s: &str) -> Result<bool> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "ya" | "true" | "1" => Ok(true),
        "no" | "tidak" | "false" | "0" => Ok(false),
        other => Err(choice_invalid("--complete", other, "yes, no")),
    }
}

/// A word an option does not take, with the words it does.
fn choice_invalid(option: &str, value: &str, choices: &str) -> Error {
    Error::new(ErrorCode::ChoiceInvalid).with("option", option).with("value", value).with("choices", choices)
}

pub fn butir(ws: &mut Workspace, command: ButirCommand) -> Result<()> {
    match command {
        ButirCommand::List { period, indicator, json } => {
            let list = ws.butir(period, indicator.as_deref())?;
            if json {
                print_json(&list);
            } else {
                let lang = say::lang();
                for b in list {
                    let mark = if b.complete { "[x]" } else { "[ ]" };
                    let review = match b.review {
                        Some(ButirReview::Diterima) => format!("  {}", say!("butir.accepted")),
                        Some(ButirReview::Revisi) => format!("  {}", say!("butir.revise", reason = b.review_reason)),
                        None => String::new(),
                    };
                    let evidence = if b.evidence.is_empty() {
                        String::new()
                    } else {
                        format!("  {}", say!("butir.evidence", count = b.evidence.len()))
                    };
                    println!("{mark} {}  {}{review}{evidence}", b.butir_id, b.text.get(lang));
                }
            }
        }
        ButirCommand::Set { period, butir, complete, review, reason } => {
            let review = match review.as_deref().map(str::trim) {
                None => None,
                Some("none" | "") => Some(None),
                Some(r) => Some(Some(
                    ButirReview::parse(r).ok_or_else(|| choice_invalid("--review", r, "diterima, revisi, none"))?,
                )),
            };
            let patch = ButirPatch { complete: complete.as_deref().map(yes_no).transpose()?, review, reason };
            ws.set_butir(period, &butir, patch)?;
        }
        ButirCommand::Link { period, butir, evidence, unlink } => {
            ws.link_butir_evidence(period, &butir, &evidence, !unlink)?;
        }
    }
    Ok(())
}

pub fn external(ws: &mut Workspace, command: ExternalCommand) -> Result<()> {
    match command {
        ExternalCommand::List { period, json } => {
            let list = ws.external_indices(period)?;
            if json {
                print_json(&list);
            } else {
                for x in list {
                    let source = if x.source.is_empty() { String::new() } else { format!("  ({})", x.source) };
                    println!("{}  {}{source}", x.index_id, say::exact(x.value));
                }
            }
        }
        ExternalCommand::Set { period, index, value, source, clear } => {
            let value = if clear { None } else { value.map(|v| format::parse_decimal(&v)).transpose()? };
            ws.set_external_index(period, &index, value, &source)?;
        }
    }
    Ok(())
}

/// The value each indicator counts with, and its basis.
pub fn values(ws: &Workspace, period: i32, json: bool) -> Result<()> {
    let values = ws.indicator_values(period)?;
    if json {
        print_json(&values);
        return Ok(());
    }
    for v in values {
        let shown = v.value.map(say::exact).unwrap_or_else(|| "—".into());
        let basis = v
            .basis
            .map(|b| say!("value_basis", basis = say::text(&format!("basis.{}", b.as_str()), &[])))
            .unwrap_or_default();
        let estimate = match (&v.estimate, v.basis) {
            (Some(e), b) if b != Some(livinglab_core::indicator_value::ValueBasis::ButirEstimate) => {
                format!("  {}", say!("butir.suggested", value = say::exact(e.value)))
            }
            _ => String::new(),
        };
        println!("{}  {shown}{basis}{estimate}", v.indicator);
    }
    Ok(())
}

/// The stages of a period's evaluation with their dates.
pub fn stages(ws: &Workspace, year: i32, json: bool) -> Result<()> {
    let stages = ws.stages(year)?;
    if json {
        print_json(&stages);
        return Ok(());
    }
    for s in stages {
        let date = |d: &Option<String>| d.clone().unwrap_or_else(|| "—".into());
        println!("{}: {} – {}", say::text(&format!("stage.{}", s.stage), &[]), date(&s.starts), date(&s.ends));
    }
    Ok(())
}
