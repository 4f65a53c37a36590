//! The letter, the report, issued documents, follow-up actions and practices.

use livinglab_core::followup::ActionStatus;
use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_documents::common::KopStyle;
use livinglab_documents::letter::{self, LetterDraft, LetterSettings};
use livinglab_documents::pdf::Typeface;
use livinglab_documents::{report, write_file};
use livinglab_store::actions::{ActionPatch, ActionTarget, NewAction};
use livinglab_store::Workspace;
use serde_json::json;
use time::Date;

use super::{print_json, read_text};
use crate::args::{ActionCommand, DocumentsCommand, LetterArgs, PracticesCommand, ReportArgs};

pub fn letter(ws: &mut Workspace, args: LetterArgs, lang: Lang, today: Date) -> Result<()> {
    let mut draft = match &args.draft {
        Some(path) => serde_json::from_str::<LetterDraft>(&read_text(path)?)
            .map_err(|e| Error::new(ErrorCode::LetterInvalid).with("detail", e))?,
        None => letter::draft(ws, lang, today)?,
    };
    if let Some(path) = &args.joint {
        draft.signatories = letter::parse_signatories(&read_text(path)?)?;
    }
    if args.print_draft {
        print_json(&draft);
        return Ok(());
    }
    if args.preview {
        write_file(&args.out, &letter::preview(ws, &draft)?)?;
        eprintln!("Preview written to {}", args.out.display());
        return Ok(());
    }
    let (record, pdf) = letter::issue(ws, &draft)?;
    write_file(&args.out, &pdf)?;
    println!("{}", record.number);
    eprintln!("Letter {} ({}) written to {}", record.number, record.id, args.out.display());
    Ok(())
}

pub fn report(ws: &mut Workspace, args: ReportArgs, lang: Lang, today: Date) -> Result<()> {
    if args.preview {
        write_file(&args.out, &report::preview(ws, args.period, lang, today)?)?;
        eprintln!("Preview written to {}", args.out.display());
        return Ok(());
    }
    let (record, pdf) = report::issue(ws, args.period, lang, today)?;
    write_file(&args.out, &pdf)?;
    println!("{}", record.number);
    eprintln!("Report {} ({}) written to {}", record.number, record.id, args.out.display());
    Ok(())
}

pub fn documents(ws: &mut Workspace, command: DocumentsCommand) -> Result<()> {
    match command {
        DocumentsCommand::List { json } => {
            let docs = ws.documents()?;
            if json {
                print_json(&docs);
            } else {
                for d in docs {
                    println!("{}  {:<7} {:<32} {:<7} {}", &d.created_at[..10], d.kind, d.number, d.status, d.title);
                }
            }
        }
        DocumentsCommand::Check { text } => match ws.find_document(&text)? {
            Some(d) => print_json(&json!({"match": true, "document": d})),
            None => {
                print_json(&json!({"match": false}));
                return Err(Error::new(ErrorCode::DocumentUnknown).with("id", text.trim()));
            }
        },
        DocumentsCommand::AttachSigned { id, file } => {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("pindaian.pdf").to_string();
            let data = std::fs::read(&file).map_err(|e| Error::io(format!("read {}", file.display()), e))?;
            let d = ws.attach_signed_scan(&id, &name, &data)?;
            println!("{} {}", d.number, d.status);
        }
        DocumentsCommand::LetterSettings { pattern, classification, unit, typeface, kop } => {
            let mut s: LetterSettings = ws.setting("letter")?;
            if let Some(v) = pattern {
                s.number_pattern = v;
            }
            if let Some(v) = classification {
                s.classification = v;
            }
            if let Some(v) = unit {
                s.unit_code = v;
            }
            if let Some(v) = typeface {
                s.typeface = match v.as_str() {
                    "sans" => Typeface::Sans,
                    "serif" => Typeface::Serif,
                    other => {
                        return Err(Error::new(ErrorCode::LetterInvalid)
                            .with("detail", format!("typeface \"{other}\" (sans or serif)")))
                    }
                };
            }
            if let Some(v) = kop {
                s.kop = match v.as_str() {
                    "instansi" => KopStyle::Instansi,
                    "jabatan" => KopStyle::Jabatan,
                    other => {
                        return Err(Error::new(ErrorCode::LetterInvalid)
                            .with("detail", format!("kop \"{other}\" (instansi or jabatan)")))
                    }
                };
            }
            s.validate()?;
            ws.save_setting("letter", &s)?;
            print_json(&s);
        }
    }
    Ok(())
}

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
        ActionCommand::Update { id, status, progress, due, title, owner } => {
            let status = status.map(|s| ActionStatus::parse(&s)).transpose()?;
            ws.update_action(
                &id,
                ActionPatch { status, progress, due, title, owner_office: owner, ..ActionPatch::default() },
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
                        "milestones": a.milestones,
                    })
                })
                .collect();
            if json {
                print_json(&rows);
            } else {
                for r in rows {
                    println!(
                        "{}  {:<9} {:>3}%  due {}{}  {}",
                        r["id"].as_str().unwrap(),
                        r["status"].as_str().unwrap(),
                        r["progress"],
                        r["due"].as_str().unwrap(),
                        if r["overdue"] == true { " OVERDUE" } else { "" },
                        r["title"].as_str().unwrap()
                    );
                }
            }
        }
        ActionCommand::Milestone { id, title, due } => {
            ws.add_milestone(&id, &title, &due)?;
        }
    }
    Ok(())
}

pub fn followup(ws: &Workspace, year: i32, as_json: bool, today: Date) -> Result<()> {
    let f = ws.follow_up(year, today)?;
    if as_json {
        print_json(&json!({
            "rate": f.rate.to_string(), "total": f.total, "done": f.done, "on_schedule": f.on_schedule,
            "overdue": f.overdue, "postponed": f.postponed, "cancelled": f.cancelled,
            "expected_index": f.expected_index.to_string(), "current_index": f.current_index.to_string(),
            "today": today.to_string(),
        }));
    } else {
        println!(
            "Follow-up {year}: rate {} ({} of {} done, {} on schedule, {} overdue); expected index {}",
            f.rate, f.done, f.total, f.on_schedule, f.overdue, f.expected_index
        );
    }
    Ok(())
}

pub fn practices(ws: &mut Workspace, command: PracticesCommand) -> Result<()> {
    match command {
        PracticesCommand::List { json } => {
            let list = ws.practices()?;
            if json {
                let rows: Vec<_> = list.iter().map(|(p, origin)| json!({"practice": p, "source": origin})).collect();
                print_json(&rows);
            } else {
                for (p, _) in list {
                    println!("{:<40} {}  [{}]", p.id, p.title.id, p.origin_name);
                }
            }
        }
        PracticesCommand::Add { file } => {
            let n = ws.add_practices(&read_text(&file)?)?;
            println!("Added {n} practices");
        }
    }
    Ok(())
}
