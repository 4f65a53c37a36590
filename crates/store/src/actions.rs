//! Follow-up actions of a period: from a practice or an indicator gap, with owner, dates,
//! status, progress, milestones, evidence and the indicators they should raise; and the
//! practices a region adds to the catalogue.

pub use livinglab_core::action::ActionTarget;
use livinglab_core::action::{validate_milestone, ActionFields};
use livinglab_core::followup::{self, ActionFacts, ActionStatus, FollowUp};
use livinglab_core::format::parse_date;
use livinglab_core::practice::{self, Practice};
use livinglab_core::{Error, ErrorCode, Result};
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use crate::assessment::Period;
use crate::audit::{self, Change};
use crate::clock;
use crate::db::{sql_err, stored};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Milestone {
    pub id: String,
    pub title: String,
    pub due: String,
    pub done_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Action {
    pub id: String,
    pub period: i32,
    pub title: String,
    pub description: String,
    pub practice_id: Option<String>,
    pub owner_office: String,
    pub owner_person: String,
    pub start: Option<String>,
    pub due: String,
    pub status: ActionStatus,
    pub progress: u8,
    pub completed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub indicators: Vec<ActionTarget>,
    pub milestones: Vec<Milestone>,
    /// Evidence items linked to the action.
    pub evidence: Vec<String>,
}

impl Action {
    /// The fields a person edits, for validation.
    fn fields(&self) -> ActionFields {
        ActionFields {
            title: self.title.clone(),
            description: self.description.clone(),
            owner_office: self.owner_office.clone(),
            owner_person: self.owner_person.clone(),
            start: self.start.clone(),
            due: self.due.clone(),
            status: self.status,
            progress: self.progress,
            indicators: self.indicators.clone(),
        }
    }

    fn set_fields(&mut self, f: ActionFields) {
        self.title = f.title;
        self.description = f.description;
        self.owner_office = f.owner_office;
        self.owner_person = f.owner_person;
        self.start = f.start;
        self.due = f.due;
        self.status = f.status;
        self.progress = f.progress;
        self.indicators = f.indicators;
    }

    /// Not finished and past its due date on `today` (see `livinglab_core::followup`).
    pub fn is_overdue(&self, today: Date) -> bool {
        parse_date(&self.due).map(|due| followup::is_overdue(self.status, due, today)).unwrap_or(false)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewAction {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub practice_id: Option<String>,
    #[serde(default)]
    pub owner_office: String,
    #[serde(default)]
    pub owner_person: String,
    #[serde(default)]
    pub start: Option<String>,
    pub due: String,
    pub indicators: Vec<ActionTarget>,
    /// (title, due date).
    #[serde(default)]
    pub milestones: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub owner_office: Option<String>,
    pub owner_person: Option<String>,
    pub start: Option<String>,
    pub due: Option<String>,
    pub status: Option<ActionStatus>,
    pub progress: Option<u8>,
    pub indicators: Option<Vec<ActionTarget>>,
}

fn invalid(id: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::ActionInvalid).with_detail(id, en)
}

fn action_json(a: &Action) -> serde_json::Value {
    json!({
        "title": a.title, "description": a.description, "owner_office": a.owner_office, "owner_person": a.owner_person,
        "start": a.start, "due": a.due, "status": a.status, "progress": a.progress, "indicators": a.indicators,
    })
}

impl Workspace {
    /// Normalises and checks an action against its period's framework (`livinglab_core::action`)
    /// and the practices known here.
    fn validate_action(&self, period: &Period, a: &mut Action) -> Result<()> {
        let fw = self.period_framework(period)?;
        a.set_fields(a.fields().validated(&fw)?);
        if let Some(p) = &a.practice_id {
            if self.practice(p)?.is_none() {
                return Err(Error::new(ErrorCode::PracticeUnknown).with("id", p));
            }
        }
        for m in &mut a.milestones {
            (m.title, m.due) = validate_milestone(&m.title, &m.due)?;
        }
        Ok(())
    }

    /// Adds an action to a period; returns it with its new id.
    pub fn add_action(&mut self, year: i32, new: NewAction) -> Result<Action> {
        let period = self.period(year)?;
        let now = clock::now();
        let mut action = Action {
            id: clock::new_id(),
            period: year,
            title: new.title,
            description: new.description,
            practice_id: new.practice_id.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            owner_office: new.owner_office,
            owner_person: new.owner_person,
            start: new.start,
            due: new.due,
            status: ActionStatus::Rencana,
            progress: 0,
            completed_at: None,
            created_at: now.clone(),
            updated_at: now.clone(),
            indicators: new.indicators,
            milestones: new
                .milestones
                .into_iter()
                .map(|(title, due)| Milestone { id: clock::new_id(), title, due, done_at: None })
                .collect(),
            evidence: Vec::new(),
        };
        self.validate_action(&period, &mut action)?;
        let a = action.clone();
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO action (id, period_id, title, description, practice_id, owner_office, owner_person, start_date, due_date,
                                     status, progress, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?11)",
                rusqlite::params![a.id, period.id, a.title, a.description, a.practice_id, a.owner_office, a.owner_person, a.start, a.due, a.status.as_str(), now],
            )
            .map_err(sql_err)?;
            write_targets(tx, &a.id, &a.indicators)?;
            for (i, m) in a.milestones.iter().enumerate() {
                tx.execute(
                    "INSERT INTO action_milestone (id, action_id, title, due_date, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                    rusqlite::params![m.id, a.id, m.title, m.due, i as i64],
                )
                .map_err(sql_err)?;
            }
            audit::append(tx, actor, Change { entity: "action", entity_id: &a.id, action: "create", old: None, new: Some(action_json(&a)) })
        })?;
        self.action(&action.id)
    }

    /// Changes an action. Setting `selesai` completes it (progress 100); leaving `selesai` clears
    /// the completion date.
    pub fn update_action(&mut self, id: &str, patch: ActionPatch) -> Result<Action> {
        let old = self.action(id)?;
        let period = self.period(old.period)?;
        let mut new = old.clone();
        if let Some(v) = patch.title {
            new.title = v;
        }
        if let Some(v) = patch.description {
            new.description = v;
        }
        if let Some(v) = patch.owner_office {
            new.owner_office = v;
        }
        if let Some(v) = patch.owner_person {
            new.owner_person = v;
        }
        if let Some(v) = patch.start {
            new.start = Some(v);
        }
        if let Some(v) = patch.due {
            new.due = v;
        }
        if let Some(v) = patch.progress {
            new.progress = v;
        }
        if let Some(v) = patch.indicators {
            new.indicators = v;
        }
        if let Some(s) = patch.status {
            new.status = s;
        }
        self.validate_action(&period, &mut new)?;
        if new.status == ActionStatus::Selesai {
            if old.status != ActionStatus::Selesai {
                new.completed_at = Some(clock::now());
            }
        } else {
            new.completed_at = None;
        }
        if action_json(&old) == action_json(&new) {
            return Ok(old);
        }
        let n = new.clone();
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE action SET title = ?1, description = ?2, owner_office = ?3, owner_person = ?4, start_date = ?5, due_date = ?6,
                        status = ?7, progress = ?8, completed_at = ?9, updated_at = ?10 WHERE id = ?11",
                rusqlite::params![n.title, n.description, n.owner_office, n.owner_person, n.start, n.due, n.status.as_str(), n.progress, n.completed_at, clock::now(), n.id],
            )
            .map_err(sql_err)?;
            if n.indicators != old.indicators {
                tx.execute("DELETE FROM action_indicator WHERE action_id = ?1", [&n.id]).map_err(sql_err)?;
                write_targets(tx, &n.id, &n.indicators)?;
            }
            let (o, nn) = crate::workspace::diff(&action_json(&old), &action_json(&n));
            audit::append(tx, actor, Change { entity: "action", entity_id: &n.id, action: "update", old: Some(o), new: Some(nn) })
        })?;
        self.action(id)
    }

    /// Deletes an action with its milestones and evidence links (the evidence stays). The audit
    /// trail keeps what it was.
    pub fn delete_action(&mut self, id: &str) -> Result<()> {
        let old = self.action(id)?;
        self.write(|tx, actor| {
            tx.execute("DELETE FROM action WHERE id = ?1", [&old.id]).map_err(sql_err)?;
            let mut was = action_json(&old);
            was["period"] = json!(old.period);
            was["milestones"] = json!(old.milestones.iter().map(|m| &m.title).collect::<Vec<_>>());
            audit::append(
                tx,
                actor,
                Change { entity: "action", entity_id: &old.id, action: "delete", old: Some(was), new: None },
            )
        })
    }

    /// Adds a milestone to an action.
    pub fn add_milestone(&mut self, action_id: &str, title: &str, due: &str) -> Result<Action> {
        let a = self.action(action_id)?;
        let (title, due) = validate_milestone(title, due)?;
        let id = clock::new_id();
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO action_milestone (id, action_id, title, due_date, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id, a.id, title, due, a.milestones.len() as i64],
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "action",
                    entity_id: &a.id,
                    action: "add_milestone",
                    old: None,
                    new: Some(json!({"milestone": id, "title": title, "due": due})),
                },
            )
        })?;
        self.action(action_id)
    }

    /// Marks a milestone done (today) or not done.
    pub fn set_milestone_done(&mut self, milestone_id: &str, done: bool) -> Result<Action> {
        let action_id: String = self
            .conn()
            .query_row("SELECT action_id FROM action_milestone WHERE id = ?1", [milestone_id], |r| r.get(0))
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::MilestoneUnknown).with("id", milestone_id.trim()))?;
        self.write(|tx, actor| {
            let at = done.then(clock::now);
            tx.execute("UPDATE action_milestone SET done_at = ?1 WHERE id = ?2", (&at, milestone_id))
                .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "action",
                    entity_id: &action_id,
                    action: "milestone",
                    old: None,
                    new: Some(json!({"milestone": milestone_id, "done": done})),
                },
            )
        })?;
        self.action(&action_id)
    }

    /// Links evidence of the same period to an action.
    pub fn link_action_evidence(&mut self, action_id: &str, evidence_id: &str) -> Result<Action> {
        let a = self.action(action_id)?;
        let e = self.evidence_item(evidence_id)?;
        if e.period != a.period {
            return Err(invalid("data dukung itu milik periode lain", "the evidence belongs to another period"));
        }
        self.write(|tx, actor| {
            tx.execute(
                "INSERT OR IGNORE INTO action_evidence (action_id, evidence_id) VALUES (?1, ?2)",
                (&a.id, &e.id),
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "action",
                    entity_id: &a.id,
                    action: "link_evidence",
                    old: None,
                    new: Some(json!({"evidence": e.id, "name": e.display_name})),
                },
            )
        })?;
        self.action(action_id)
    }

    pub fn action(&self, id: &str) -> Result<Action> {
        let mut a = self
            .conn()
            .query_row(
                "SELECT a.id, p.year, a.title, a.description, a.practice_id, a.owner_office, a.owner_person, a.start_date, a.due_date,
                        a.status, a.progress, a.completed_at, a.created_at, a.updated_at
                 FROM action a JOIN period p ON p.id = a.period_id WHERE a.id = ?1",
                [id.trim()],
                |r| {
                    Ok(Action {
                        id: r.get(0)?,
                        period: r.get(1)?,
                        title: r.get(2)?,
                        description: r.get(3)?,
                        practice_id: r.get(4)?,
                        owner_office: r.get(5)?,
                        owner_person: r.get(6)?,
                        start: r.get(7)?,
                        due: r.get(8)?,
                        status: stored(9, r.get(9)?, ActionStatus::from_stored)?,
                        progress: r.get(10)?,
                        completed_at: r.get(11)?,
                        created_at: r.get(12)?,
                        updated_at: r.get(13)?,
                        indicators: Vec::new(),
                        milestones: Vec::new(),
                        evidence: Vec::new(),
                    })
                },
            )
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::ActionUnknown).with("id", id.trim()))?;
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached("SELECT indicator, target_level FROM action_indicator WHERE action_id = ?1")
            .map_err(sql_err)?;
        a.indicators = stmt
            .query_map([&a.id], |r| Ok(ActionTarget { indicator: r.get(0)?, target_level: r.get(1)? }))
            .map_err(sql_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sql_err)?;
        a.indicators.sort_by_key(|t| t.indicator.parse::<u32>().unwrap_or(u32::MAX));
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, title, due_date, done_at FROM action_milestone WHERE action_id = ?1 ORDER BY position",
            )
            .map_err(sql_err)?;
        a.milestones = stmt
            .query_map([&a.id], |r| {
                Ok(Milestone { id: r.get(0)?, title: r.get(1)?, due: r.get(2)?, done_at: r.get(3)? })
            })
            .map_err(sql_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sql_err)?;
        let mut stmt =
            conn.prepare_cached("SELECT evidence_id FROM action_evidence WHERE action_id = ?1").map_err(sql_err)?;
        a.evidence = stmt
            .query_map([&a.id], |r| r.get(0))
            .map_err(sql_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sql_err)?;
        Ok(a)
    }

    /// The actions of a period, by due date.
    pub fn actions(&self, year: i32) -> Result<Vec<Action>> {
        let period = self.period(year)?;
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id FROM action WHERE period_id = ?1 ORDER BY due_date, created_at, rowid")
            .map_err(sql_err)?;
        let ids: Vec<String> = stmt
            .query_map([&period.id], |r| r.get(0))
            .map_err(sql_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(sql_err)?;
        ids.iter().map(|id| self.action(id)).collect()
    }

    /// The follow-up figures of a period on `today` (see `livinglab_core::followup`).
    pub fn follow_up(&self, year: i32, today: Date) -> Result<FollowUp> {
        let period = self.period(year)?;
        let fw = self.period_framework(&period)?;
        let facts: Vec<ActionFacts> = self
            .actions(year)?
            .iter()
            .map(|a| {
                Ok(ActionFacts {
                    status: a.status,
                    due: parse_date(&a.due)?,
                    targets: a.indicators.iter().map(|t| (t.indicator.clone(), t.target_level)).collect(),
                })
            })
            .collect::<Result<_>>()?;
        followup::follow_up(&fw, &self.levels(year)?, &facts, today)
    }

    /// Shipped practices followed by those the region added.
    pub fn practices(&self) -> Result<Vec<(Practice, &'static str)>> {
        let mut out: Vec<(Practice, &'static str)> =
            practice::shipped().iter().map(|p| (p.clone(), "shipped")).collect();
        let mut stmt =
            self.conn().prepare_cached("SELECT json FROM practice ORDER BY created_at, rowid").map_err(sql_err)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(sql_err)?;
        for row in rows {
            let p: Practice = serde_json::from_str(&row.map_err(sql_err)?)
                .map_err(|e| Error::new(ErrorCode::WorkspaceCorrupt).with("detail", e))?;
            out.push((p, "workspace"));
        }
        Ok(out)
    }

    pub fn practice(&self, id: &str) -> Result<Option<Practice>> {
        Ok(self.practices()?.into_iter().map(|(p, _)| p).find(|p| p.id == id.trim()))
    }

    /// Adds the practices of a file (the catalogue's shape); ids must be new. Returns how many.
    pub fn add_practices(&mut self, text: &str) -> Result<usize> {
        let list = practice::parse(text)?;
        for p in &list {
            if self.practice(&p.id)?.is_some() {
                return Err(Error::new(ErrorCode::PracticeInvalid)
                    .with_detail(format!("praktik {} sudah ada", p.id), format!("practice {} already exists", p.id)));
            }
        }
        self.write(|tx, actor| {
            for p in &list {
                tx.execute(
                    "INSERT INTO practice (id, json, created_at) VALUES (?1, ?2, ?3)",
                    (&p.id, serde_json::to_string(p).expect("practice serializes"), clock::now()),
                )
                .map_err(sql_err)?;
                audit::append(
                    tx,
                    actor,
                    Change {
                        entity: "practice",
                        entity_id: &p.id,
                        action: "add",
                        old: None,
                        new: Some(json!({"title": p.title.id})),
                    },
                )?;
            }
            Ok(list.len())
        })
    }
}

fn write_targets(tx: &Transaction<'_>, action_id: &str, targets: &[ActionTarget]) -> Result<()> {
    for t in targets {
        tx.execute(
            "INSERT OR REPLACE INTO action_indicator (action_id, indicator, target_level) VALUES (?1, ?2, ?3)",
            rusqlite::params![action_id, t.indicator, t.target_level],
        )
        .map_err(sql_err)?;
    }
    Ok(())
}
