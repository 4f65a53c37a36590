//! Follow-up actions and their milestones.

use livinglab_core::followup::ActionStatus;
use livinglab_core::Result;
use livinglab_store::actions::{ActionPatch, ActionTarget, NewAction};
use livinglab_store::Workspace;
use serde_json::json;
use time::Date;

use super::print_json;
use crate::args::ActionCommand;
use crate::say::say;

pub fn action(ws: &mut Workspace, command: ActionCommand, today: Date) -> Result<()> {
    match command {
        ActionCommand::Add {
            period,
            title,
            indicators,
            due,
            start,
            owner,
            person,
            target_level,
            practice,
            description,
        } => {
            let a = ws.add_action(
                period,
                NewAction {
                    title,
                    description: description.unwrap_or_default(),
                    practice_id: practice,
                    owner_office: owner.unwrap_or_default(),
                    owner_person: person.unwrap_or_default(),
                    start,
                    due,
                    indicators: indicators
                        .into_iter()
                        .map(|indicator| ActionTarget { indicator, target_level })
                        .collect(),
                    milestones: Vec::new(),
                },
            )?;
            println!("{}", a.id);
        }
        ActionCommand::Delete { id } => ws.delete_action(&id)?,
        ActionCommand::Update {
            id,
            status,
            progress,
            due,
            title,
            description,
            owner,
            person,
            start,
            indicators,
            target_level,
        } => {
            let status = status.map(|s| ActionStatus::parse(&s)).transpose()?;
            let indicators = (!indicators.is_empty())
                .then(|| indicators.into_iter().map(|indicator| ActionTarget { indicator, target_level }).collect());
            ws.update_action(
                &id,
                ActionPatch {
                    title,
                    description,
                    owner_office: owner,
                    owner_person: person,
                    start,
                    due,
                    status,
                    progress,
                    indicators,
                },
            )?;
        }
        ActionCommand::List { period, json } => {
            let list = ws.actions(period)?;
            let rows: Vec<_> = list
                .iter()
                .map(|a| {
                    let overdue = a.is_overdue(today);
                    json!({
                        "id": a.id, "title": a.title, "status": a.status, "progress": a.progress, "due": a.due,
                        "overdue": overdue, "indicators": a.indicators.iter().map(|t| &t.indicator).collect::<Vec<_>>(),
                        "targets": a.indicators, "owner": a.owner_office, "start": a.start, "practice": a.practice_id,
                        "milestones": a.milestones, "person": a.owner_person, "description": a.description,
                        "evidence": a.evidence,
                    })
                })
                .collect();
            if json {
                print_json(&rows);
            } else {
                for r in rows {
                    let overdue =
                        if r["overdue"] == true { format!(" {}", say!("action.overdue")) } else { String::new() };
                    println!(
                        "{}  {:<9} {:>3}%  {}{overdue}  {}",
                        r["id"].as_str().unwrap(),
                        r["status"].as_str().unwrap(),
                        r["progress"],
                        say!("action.due", date = r["due"].as_str().unwrap()),
                        r["title"].as_str().unwrap()
                    );
                }
            }
        }
        ActionCommand::Milestone { id, title, due } => {
            let a = ws.add_milestone(&id, &title, &due)?;
            if let Some(m) = a.milestones.last() {
                println!("{}", m.id);
            }
        }
        ActionCommand::MilestoneDone { milestone, undo } => {
            ws.set_milestone_done(&milestone, !undo)?;
        }
        ActionCommand::LinkEvidence { action, evidence } => {
            ws.link_action_evidence(&action, &evidence)?;
        }
    }
    Ok(())
}
