//! Frameworks, periods, answers, the score and the simulation.

use std::path::Path;

use livinglab_core::format;
use livinglab_core::framework::{self, Framework};
use livinglab_core::i18n;
use livinglab_core::review;
use livinglab_core::scoring::{self, Score};
use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_store::assessment::{allowed_transitions, AssessmentPatch, Status};
use livinglab_store::frameworks::FrameworkSummary;
use livinglab_store::Workspace;
use serde_json::{json, Value};

use super::{open_path, print_json, read_text};
use crate::args::{AssessCommand, FrameworksCommand, PeriodCommand, ScoreArgs, SimulateArgs};
use crate::say::{self, say};

pub fn frameworks(dir: Option<&Path>, command: FrameworksCommand) -> Result<()> {
    match command {
        FrameworksCommand::List { json } => {
            let list: Vec<FrameworkSummary> = match dir {
                Some(_) => open_path(dir)?.frameworks()?.iter().map(|(f, o)| FrameworkSummary::of(f, o)).collect(),
                None => framework::shipped().iter().map(|f| FrameworkSummary::of(f, "shipped")).collect(),
            };
            if json {
                print_json(&list);
            } else {
                for f in list {
                    let to = f.years.to.map(|t| t.to_string()).unwrap_or_default();
                    let provisional =
                        if f.provisional { format!(" ({})", say!("framework.provisional")) } else { String::new() };
                    println!(
                        "{:<12} {:<8} {}  {}–{:<5} {}{provisional}",
                        f.id,
                        f.version,
                        say!("framework.indicators", count = format!("{:>3}", f.indicators)),
                        f.years.from,
                        to,
                        f.name
                    );
                }
            }
            Ok(())
        }
        FrameworksCommand::Import { file } => {
            let mut ws = open_path(dir)?;
            let outcome = ws.import_framework(&read_text(&file)?)?;
            let f = &outcome.framework;
            if outcome.stored {
                println!("{}", say!("framework.imported", id = f.id, version = f.version, count = f.indicators));
            } else {
                println!("{}", say!("framework.identical", id = f.id, version = f.version));
            }
            Ok(())
        }
        FrameworksCommand::Show { id, version } => {
            let fw = match dir {
                Some(_) => open_path(dir)?.framework(&id, version.as_deref())?,
                None => framework::shipped()
                    .iter()
                    .find(|f| f.id == id && version.as_deref().is_none_or(|v| v == f.version))
                    .map(|f| std::borrow::Cow::Borrowed(*f))
                    .ok_or_else(|| Error::new(ErrorCode::FrameworkUnknown).with("id", &id))?,
            };
            print_json(&fw);
            Ok(())
        }
    }
}

pub fn period(ws: &mut Workspace, command: PeriodCommand) -> Result<()> {
    match command {
        PeriodCommand::Add { year, framework, from_previous } => {
            let p = ws.add_period(year, framework.as_deref(), from_previous)?;
            println!("{}", p.id);
            eprintln!(
                "{}",
                say!("period.added", year = p.year, framework = p.framework_id, version = p.framework_version)
            );
        }
        PeriodCommand::List { json } => {
            let periods = ws.periods()?;
            if json {
                print_json(&periods);
            } else {
                for p in periods {
                    let target = p
                        .target_index
                        .map(|t| format!(" {}", say!("period.target", index = say::index(t))))
                        .unwrap_or_default();
                    println!("{}  {} {}{target}", p.year, p.framework_id, p.framework_version);
                }
            }
        }
        PeriodCommand::Target { year, index, clear } => {
            let target = if clear { None } else { index.map(|i| format::parse_decimal(&i)).transpose()? };
            ws.set_period_target(year, target)?;
        }
        PeriodCommand::UseVersion { year, version } => {
            ws.set_period_framework_version(year, &version)?;
        }
        PeriodCommand::Stages { year, json } => crate::commands::pemdi::stages(ws, year, json)?,
        PeriodCommand::Stage { year, stage, from, to } => {
            ws.set_stage(year, &stage, from.as_deref(), to.as_deref())?;
        }
    }
    Ok(())
}

pub fn assess(ws: &mut Workspace, command: AssessCommand, lang: Lang) -> Result<()> {
    match command {
        AssessCommand::Set { period, indicator, level, target, fakta, analisis, owner, person, value, clear_value } => {
            let value = match (value, clear_value) {
                (_, true) => Some(None),
                (Some(v), _) => Some(Some(format::parse_decimal(&v)?)),
                (None, false) => None,
            };
            let patch = AssessmentPatch {
                level: level.map(Some),
                target: target.map(Some),
                fakta,
                analisis,
                owner_office: owner,
                owner_person: person,
                value,
            };
            ws.set_assessment(period, &indicator, patch)?;
        }
        AssessCommand::Values { period, json } => crate::commands::pemdi::values(ws, period, json)?,
        AssessCommand::Import { period, file } => {
            let n = ws.import_assessments(period, &read_text(&file)?)?;
            println!("{}", say!("assess.imported", count = n, period = period));
        }
        AssessCommand::Status { period, indicator, to, reason } => {
            let status = Status::parse_input(&to)?;
            let a = ws.set_status(period, &indicator, status, reason.as_deref())?;
            if a.self_verified {
                // Recorded, and said: the one who submitted the answer verified it.
                eprintln!(
                    "{}",
                    i18n::text_with(
                        lang,
                        "assessment.self_verified_note",
                        &[("who".to_string(), a.verified_by.clone().unwrap_or_default())]
                    )
                );
            }
        }
        AssessCommand::List { period, json } => {
            let list = ws.assessments(period)?;
            if json {
                print_json(&list);
            } else {
                for a in list {
                    let level = a.level.map(|l| l.to_string()).unwrap_or_else(|| "-".into());
                    let target = a.target.map(|l| l.to_string()).unwrap_or_else(|| "-".into());
                    println!(
                        "{:>3}  {}  {:<13} {}",
                        a.indicator,
                        say!("assess.row", level = level, target = target),
                        a.status.as_str(),
                        a.owner_office
                    );
                }
            }
        }
        AssessCommand::History { period, indicator } => {
            print_json(&ws.indicator_history(period, &indicator)?);
        }
        AssessCommand::Show { period, indicator } => {
            let answer = ws.assessment(period, &indicator)?;
            let user = ws.profile()?.user_name;
            print_json(&json!({
                "allowed_transitions": allowed_transitions(answer.as_ref()),
                "locked": answer.as_ref().is_some_and(|a| a.status.is_locked()),
                "self_verify": answer.as_ref().is_some_and(|a| review::would_self_verify(a.status, a.submitted_by.as_deref(), &user)),
                "answer": answer,
                "evidence": ws.evidence(period, Some(&indicator))?,
                "history": ws.indicator_history(period, &indicator)?,
            }));
        }
    }
    Ok(())
}

/// The score in the shape of the CLI contract (and a little more).
pub fn score_json(fw: &Framework, s: &Score) -> Value {
    let top_kind = &fw.group_kinds[0].id;
    let leaf_kind = &fw.group_kinds.last().unwrap().id;
    json!({
        "framework": s.framework,
        "framework_version": s.framework_version,
        "index": s.index.to_string(),
        "index_display": format::index(s.index, Lang::Id),
        "index_max": s.index_max.to_string(),
        "predicate": s.predicate.name,
        "complete": s.complete,
        "assessed": s.assessed,
        // Indicators fed by another agency's index that count as 1 until it is entered.
        "external_assumed": s.external_assumed,
        "total": s.total,
        "domains": s.groups_of_kind(top_kind).map(|g| json!({
            "id": g.id, "number": g.number, "name": g.name.id, "index": g.index.to_string(),
            "index_display": format::index(g.index, Lang::Id), "predicate": g.predicate.name,
            "assessed": g.assessed, "total": g.total,
        })).collect::<Vec<_>>(),
        "aspects": s.groups_of_kind(leaf_kind).map(|g| json!({
            "id": g.id, "number": g.number, "name": g.name.id, "index": g.index.to_string(),
            "index_display": format::index(g.index, Lang::Id), "predicate": g.predicate.name,
            "assessed": g.assessed, "total": g.total,
        })).collect::<Vec<_>>(),
    })
}

pub fn score(dir: Option<&Path>, args: ScoreArgs) -> Result<()> {
    if let (Some(id), Some(values)) = (&args.framework, &args.domains) {
        let fw = match dir {
            Some(_) => open_path(dir)?.framework(id, None)?,
            None => framework::shipped()
                .iter()
                .filter(|f| &f.id == id)
                .max_by(|a, b| framework::compare_versions(&a.version, &b.version))
                .map(|f| std::borrow::Cow::Borrowed(*f))
                .ok_or_else(|| Error::new(ErrorCode::FrameworkUnknown).with("id", id))?,
        };
        let values = values.split(',').map(format::parse_decimal).collect::<Result<Vec<_>>>()?;
        let (index, predicate) = scoring::index_from_top_groups(&fw, &values)?;
        let out = json!({
            "framework": fw.id,
            "index": index.to_string(),
            "index_display": format::index(index, Lang::Id),
            "predicate": predicate.name,
        });
        if args.json {
            print_json(&out);
        } else {
            println!("{} {}", say::index(index), predicate.get(say::lang()));
        }
        return Ok(());
    }
    let year = args.period.ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", "--period"))?;
    let ws = open_path(dir)?;
    let period = ws.period(year)?;
    let fw = ws.period_framework(&period)?;
    let s = ws.score(year)?;
    if args.json {
        let mut out = score_json(&fw, &s);
        out["period"] = json!(year);
        print_json(&out);
    } else {
        let state = if s.complete {
            String::new()
        } else {
            format!(
                " ({})",
                say!("score.incomplete", assessed = s.assessed, total = s.total, max = say::index(s.index_max))
            )
        };
        let lang = say::lang();
        println!("{} {}: {} {}{state}", fw.index_name.get(lang), year, say::index(s.index), s.predicate.get(lang));
        for g in &s.groups {
            println!("  {:<8} {:<58} {}", g.id, g.name.get(lang), say::index(g.index));
        }
    }
    Ok(())
}

pub fn simulate(ws: &Workspace, args: SimulateArgs) -> Result<()> {
    let period = ws.period(args.period)?;
    let fw = ws.period_framework(&period)?;
    let levels = ws.levels(args.period)?;
    let current = scoring::score(&fw, &levels)?;
    // An index or predicate asked for, else the goal the dashboard shows (one rule, in core).
    let (target, goal) = match (&args.target, &args.predicate) {
        (Some(t), _) => (format::parse_decimal(t)?, "asked"),
        (None, Some(name)) => fw
            .predicates
            .iter()
            .find(|b| {
                b.name.id.eq_ignore_ascii_case(name.trim()) || b.name.get(Lang::En).eq_ignore_ascii_case(name.trim())
            })
            .map(|b| (b.min, "asked"))
            .ok_or_else(|| {
                Error::new(ErrorCode::ScoreInputInvalid)
                    .with_detail(format!("predikat \"{name}\" tidak dikenal"), format!("unknown predicate \"{name}\""))
            })?,
        (None, None) => {
            let goal = scoring::plan_goal(&fw, period.target_index, current.index);
            (goal.value, goal.kind.as_str())
        }
    };
    let levers = scoring::leverage(&fw, &levels)?;
    let plan = scoring::plan_to(&fw, &levels, target)?;
    let out = json!({
        "period": args.period,
        "framework": fw.id,
        "index": current.index.to_string(),
        "index_display": format::index(current.index, Lang::Id),
        "predicate": current.predicate.name,
        "leverage": levers.iter().map(|l| json!({
            "indicator": l.indicator, "name": l.name.id, "level": l.level, "assessed": l.assessed,
            "gain": l.gain.to_string(), "index_after": (current.index + l.gain).normalize().to_string(),
        })).collect::<Vec<_>>(),
        "plan": {
            "target": plan.target.to_string(),
            "target_display": format::index(plan.target, Lang::Id),
            "goal": goal,
            "reachable": plan.reachable,
            "steps": plan.steps,
            "raises": plan.raises.iter().map(|r| json!({
                "indicator": r.indicator, "name": r.name.id, "from": r.from, "to": r.to, "gain": r.gain.to_string(),
            })).collect::<Vec<_>>(),
            "index_after": plan.index_after.to_string(),
            "index_after_display": format::index(plan.index_after, Lang::Id),
            "predicate_after": plan.predicate_after.name,
            "method": "fewest one-level raises: the largest weights first (see docs/SCORING.md)",
        },
    });
    if args.json {
        print_json(&out);
    } else {
        let lang = say::lang();
        println!(
            "{}",
            say!(
                "simulate.index",
                period = args.period,
                index = say::index(current.index),
                predicate = current.predicate.get(lang)
            )
        );
        println!("{}", say!("simulate.leverage"));
        for l in levers.iter().take(10) {
            println!("  {:>3} +{}  {}", l.indicator, say::exact(l.gain), l.name.get(lang));
        }
        let plan_line = if plan.reachable {
            say!("simulate.plan", target = say::index(target), steps = plan.steps)
        } else {
            say!("simulate.plan_unreachable", target = say::index(target), steps = plan.steps)
        };
        println!("{plan_line}");
        for r in &plan.raises {
            println!("  {:>3}: {} → {}  {}", r.indicator, r.from, r.to, r.name.get(lang));
        }
    }
    Ok(())
}
