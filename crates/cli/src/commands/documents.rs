//! The commitment letter, the progress report and issued documents.

use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_documents::common::{KopStyle, Signing};
use livinglab_documents::cover::{self, CoverDraft};
use livinglab_documents::letter::{self, LetterDraft, LetterSettings};
use livinglab_documents::pdf::Typeface;
use livinglab_documents::seal::{self, PdfCheck, Sealer};
use livinglab_documents::{checklist, report, write_file};
use livinglab_sign::keystore::Keystore;
use livinglab_sign::verify::Verdict;
use livinglab_store::Workspace;
use serde_json::json;
use time::Date;

use super::{print_json, read_bytes, read_text};
use crate::args::{CoverArgs, DocumentsCommand, LetterArgs, ReportArgs};
use crate::say::{self, say};

pub fn letter(ws: &mut Workspace, args: LetterArgs, lang: Lang, today: Date) -> Result<()> {
    let mut draft = match &args.draft {
        Some(path) => serde_json::from_str::<LetterDraft>(&read_text(path)?)
            .map_err(|e| Error::new(ErrorCode::LetterInvalid).with("detail", e))?,
        // A joint letter speaks for every signatory: its commitments are the common ones.
        None if args.joint.is_some() => letter::joint_draft(ws, lang, today)?,
        None => letter::draft(ws, lang, today)?,
    };
    if let Some(path) = &args.joint {
        draft.signatories = letter::parse_signatories(&read_text(path)?)?;
    }
    if args.print_draft {
        print_json(&draft);
        return Ok(());
    }
    warn(&checklist::letter(ws, say::lang())?);
    if args.preview {
        write_file(&args.out, &letter::preview(ws, &draft)?)?;
        eprintln!("{}", say!("document.preview_written", path = args.out.display()));
        return Ok(());
    }
    let sealer = Sealer::open(ws, &Keystore::from_env()?)?;
    let (record, pdf) = letter::issue(ws, &draft, Some(&sealer))?;
    write_file(&args.out, &pdf)?;
    println!("{}", record.number);
    eprintln!("{}", say!("document.letter_written", number = record.number, id = record.id, path = args.out.display()));
    Ok(())
}

pub fn report(ws: &mut Workspace, args: ReportArgs, lang: Lang, today: Date) -> Result<()> {
    warn(&checklist::report(ws, args.period, say::lang(), today)?);
    if args.preview {
        write_file(&args.out, &report::preview(ws, args.period, lang, today)?)?;
        eprintln!("{}", say!("document.preview_written", path = args.out.display()));
        return Ok(());
    }
    let sealer = Sealer::open(ws, &Keystore::from_env()?)?;
    let (record, pdf) = report::issue(ws, args.period, lang, today, Some(&sealer))?;
    write_file(&args.out, &pdf)?;
    println!("{}", record.number);
    eprintln!("{}", say!("document.report_written", number = record.number, id = record.id, path = args.out.display()));
    Ok(())
}

pub fn cover(ws: &mut Workspace, args: CoverArgs, lang: Lang, today: Date) -> Result<()> {
    let draft = match &args.draft {
        Some(path) => serde_json::from_str::<CoverDraft>(&read_text(path)?)
            .map_err(|e| Error::new(ErrorCode::LetterInvalid).with("detail", e))?,
        None => cover::draft(ws, args.period, lang, today)?,
    };
    if args.print_draft {
        print_json(&draft);
        return Ok(());
    }
    if args.preview {
        write_file(&args.out, &cover::preview(ws, &draft)?)?;
        eprintln!("{}", say!("document.preview_written", path = args.out.display()));
        return Ok(());
    }
    let sealer = Sealer::open(ws, &Keystore::from_env()?)?;
    let (record, pdf) = cover::issue(ws, &draft, Some(&sealer))?;
    write_file(&args.out, &pdf)?;
    println!("{}", record.number);
    eprintln!("{}", say!("document.cover_written", number = record.number, id = record.id, path = args.out.display()));
    Ok(())
}

/// The checklist's items on stderr: they do not stop the issue, the app asks about them first.
fn warn(items: &[String]) {
    for item in items {
        eprintln!("{}: {item}", livinglab_core::i18n::text(say::lang(), "doc.check.prefix"));
    }
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
        DocumentsCommand::AttachSigned { id, file, json } => {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("pindaian.pdf").to_string();
            let data = read_bytes(&file)?;
            let (d, check) = seal::attach_signed(ws, &id, &name, &data)?;
            if json {
                print_json(&json!({"document": d, "verification": check}));
            } else {
                println!("{} {}", d.number, d.status);
            }
        }
        DocumentsCommand::Verify { file, json } => {
            let check = seal::check_pdf(ws, &read_bytes(&file)?)?;
            if json {
                print_json(&check);
            } else {
                print_check(&check);
            }
            if !matches!(check.verdict, Verdict::Valid) {
                return Err(Error::new(ErrorCode::SignedPdfRefused)
                    .with_detail(verdict_id(check.verdict), verdict_en(check.verdict)));
            }
        }
        DocumentsCommand::Pdf { id, out } => {
            let doc = ws.document(&id)?;
            write_file(&out, &ws.document_pdf(&doc.id)?)?;
            eprintln!("{}", say!("document.written", number = doc.number, path = out.display()));
        }
        DocumentsCommand::LetterSettings {
            pattern,
            classification,
            unit,
            typeface,
            kop,
            signing,
            tte_marker,
            bsre_footer,
        } => {
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
                        return Err(Error::new(ErrorCode::LetterInvalid).with_detail(
                            format!("jenis huruf \"{other}\" (sans atau serif)"),
                            format!("typeface \"{other}\" (sans or serif)"),
                        ))
                    }
                };
            }
            if let Some(v) = kop {
                s.kop = match v.as_str() {
                    "instansi" => KopStyle::Instansi,
                    "jabatan" => KopStyle::Jabatan,
                    other => {
                        return Err(Error::new(ErrorCode::LetterInvalid).with_detail(
                            format!("kop \"{other}\" (instansi atau jabatan)"),
                            format!("kop \"{other}\" (instansi or jabatan)"),
                        ))
                    }
                };
            }
            if let Some(v) = signing {
                s.signing = match v.as_str() {
                    "wet" => Signing::WetInk,
                    "tte" => Signing::Tte { marker: tte_marker, bsre_footer },
                    other => {
                        return Err(Error::new(ErrorCode::LetterInvalid).with_detail(
                            format!("cara tanda tangan \"{other}\" (wet atau tte)"),
                            format!("signing \"{other}\" (wet or tte)"),
                        ))
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

fn print_check(check: &PdfCheck) {
    match &check.issued {
        Some(d) => println!("{}", say!("verify.issued", kind = d.kind, number = d.number, id = d.id)),
        None => println!("{}", say!("verify.not_ours")),
    }
    let yes_no = |b: bool| if b { say!("yes") } else { say!("no") };
    for s in &check.signatures {
        println!(
            "{}",
            say!(
                "verify.signature",
                kind = format!("{:?}", s.kind),
                signer = s.signer.as_deref().unwrap_or("?"),
                issuer = s.issuer.as_deref().unwrap_or("?"),
                valid = yes_no(s.valid),
                trusted = yes_no(s.chain_trusted),
                whole = yes_no(s.whole_document),
                when = s.signed_at.as_deref().unwrap_or("?"),
            )
        );
    }
    let verdict = match say::lang() {
        Lang::Id => verdict_id(check.verdict).to_string(),
        Lang::En => format!("{:?}", check.verdict),
    };
    println!("{}", say!("verify.verdict", verdict = verdict, note = check.revocation_note));
}

fn verdict_id(v: Verdict) -> &'static str {
    match v {
        Verdict::Valid => "sah",
        Verdict::Rerendered => {
            "dokumen dibuat ulang oleh layanan tanda tangan; isinya tidak dapat dibandingkan byte demi byte"
        }
        Verdict::Untrusted => "sertifikat penanda tangan tidak berujung pada akar tepercaya",
        Verdict::Modified => "berkas diubah setelah ditandatangani",
        Verdict::Invalid => "tanda tangan tidak sah",
        Verdict::Unsigned => "berkas tidak bertanda tangan",
    }
}

fn verdict_en(v: Verdict) -> &'static str {
    match v {
        Verdict::Valid => "valid",
        Verdict::Rerendered => "the signing service re-rendered the document; it cannot be compared byte for byte",
        Verdict::Untrusted => "the signer's certificate does not lead to a trusted root",
        Verdict::Modified => "the file was changed after it was signed",
        Verdict::Invalid => "a signature does not verify",
        Verdict::Unsigned => "the file is not signed",
    }
}
