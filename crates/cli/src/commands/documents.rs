//! The commitment letter, the progress report and issued documents.

use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_documents::common::KopStyle;
use livinglab_documents::letter::{self, LetterDraft, LetterSettings};
use livinglab_documents::pdf::Typeface;
use livinglab_documents::{report, write_file};
use livinglab_store::Workspace;
use serde_json::json;
use time::Date;

use super::{print_json, read_text};
use crate::args::{DocumentsCommand, LetterArgs, ReportArgs};

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
        DocumentsCommand::Pdf { id, out } => {
            let doc = ws.document(&id)?;
            write_file(&out, &ws.document_pdf(&doc.id)?)?;
            eprintln!("{} written to {}", doc.number, out.display());
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
