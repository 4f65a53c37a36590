//! The cover letter (Surat Pengantar) with which the office sends a period's report, the
//! commitment letter and the report package to Kabupaten Sumedang as coordinator.
//!
//! Laid out as Tata Naskah Dinas has it: the kop of the office, place and date with the
//! addressee at the right, "SURAT PENGANTAR" and its number, the table of what is sent (No,
//! Naskah Dinas yang Dikirimkan, Banyaknya, Keterangan), and at the bottom the receipt block of
//! the recipient at the left and the signature of the head of the office at the right. The
//! package is named, not hashed: it carries this letter itself.

use livinglab_core::format;
use livinglab_core::i18n::Lang;
use livinglab_core::profile::Official;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::documents::{DocumentKind, DocumentRecord, Issue, IssuedMeta};
use livinglab_store::Workspace;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::common::{self, text, text_with, Issuer, KopStyle, Side, SignatureBlock};
use crate::letter::LetterSettings;
use crate::pdf::{Align, Column, Doc, Style};
use crate::seal::Sealer;

/// One row of what is sent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CoverItem {
    pub what: String,
    /// "1 (satu) berkas".
    pub count: String,
    pub note: String,
}

/// Everything the cover letter says; the user may edit it before issuing.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CoverDraft {
    pub lang: Lang,
    /// The period whose report goes with the letter.
    pub period: i32,
    /// The date of the letter, YYYY-MM-DD.
    pub date: String,
    pub place: String,
    /// The addressee, one line each after "Yth.".
    pub to: Vec<String>,
    /// Where the addressee is ("di Sumedang").
    pub to_place: String,
    pub items: Vec<CoverItem>,
    /// The head of the office who signs it.
    pub signer: Official,
}

impl CoverDraft {
    pub fn parsed_date(&self) -> Result<Date> {
        format::parse_date(&self.date)
    }

    pub fn validate(&self) -> Result<()> {
        self.parsed_date()?;
        let invalid = |id: &str, en: &str| Err(Error::new(ErrorCode::LetterInvalid).with_detail(id, en));
        if self.to.iter().all(|l| l.trim().is_empty()) {
            return invalid("alamat tujuan masih kosong", "the addressee is empty");
        }
        if self.items.iter().all(|i| i.what.trim().is_empty()) {
            return invalid("belum ada naskah yang dikirimkan", "nothing is listed as sent");
        }
        Ok(())
    }
}

/// The draft for period `year`: the newest report of the period and the newest commitment
/// letter, the period's package, addressed to Sumedang's coordinating office.
pub fn draft(ws: &Workspace, year: i32, lang: Lang, today: Date) -> Result<CoverDraft> {
    ws.period(year)?;
    let profile = ws.profile()?;
    let region = ws.info().region.clone();
    let documents = ws.documents()?;
    let dated = |d: &DocumentRecord| {
        let day = d.created_at.get(..10).and_then(|s| format::parse_date(s).ok());
        day.map(|day| format::date_long(day, lang)).unwrap_or_default()
    };
    let one = text(lang, "doc.cover.one_file");
    let mut items = Vec::new();
    match documents.iter().find(|d| d.kind == DocumentKind::Report.as_str() && d.period_year == Some(year)) {
        Some(r) => items.push(CoverItem {
            what: text_with(
                lang,
                "doc.cover.item_report",
                &[("year", year.to_string()), ("number", r.number.clone()), ("date", dated(r))],
            ),
            count: one.clone(),
            note: text(lang, "doc.cover.note_report"),
        }),
        None => items.push(CoverItem {
            what: text_with(lang, "doc.cover.item_report_unissued", &[("year", year.to_string())]),
            count: one.clone(),
            note: text(lang, "doc.cover.note_report"),
        }),
    }
    if let Some(l) = documents.iter().find(|d| d.kind == DocumentKind::Letter.as_str()) {
        items.push(CoverItem {
            what: text_with(lang, "doc.cover.item_letter", &[("number", l.number.clone()), ("date", dated(l))]),
            count: one.clone(),
            note: text(lang, "doc.cover.note_letter"),
        });
    }
    items.push(CoverItem {
        what: text_with(lang, "doc.cover.item_package", &[("region", region.name.clone()), ("year", year.to_string())]),
        count: one,
        note: text(lang, "doc.cover.note_package"),
    });
    let (hub_region, hub_profile) = livinglab_hub::issuer::coordinator()?;
    let to = vec![
        format!("{} {}", hub_profile.head.title, hub_region.short_name()),
        text_with(lang, "doc.cover.to_attention", &[("title", hub_profile.office_head.title.clone())]),
        text(lang, "doc.cover.to_role"),
    ];
    let signer = Official { title: format!("{} {}", profile.office_head.title, region.name), ..profile.office_head };
    Ok(CoverDraft {
        lang,
        period: year,
        date: today.to_string(),
        place: profile.place,
        to,
        to_place: hub_profile.place,
        items,
        signer,
    })
}

/// Everything a cover letter prints: what the PDF is drawn from and what its QR code covers.
#[derive(Debug, Clone, Serialize)]
pub struct CoverModel {
    pub kind: &'static str,
    /// The nomor surat; in a preview, without its running number.
    pub number: String,
    pub letter: CoverDraft,
    pub settings: LetterSettings,
    pub issuer: Issuer,
}

/// Lays the cover letter out from its model on one page. `meta` is None for a preview.
pub fn render(m: &CoverModel, meta: Option<&IssuedMeta>) -> Result<Vec<u8>> {
    let (draft, settings) = (&m.letter, &m.settings);
    let lang = draft.lang;
    let face = settings.typeface;
    let (regular, bold) = (face.regular(), face.bold());
    let size = 12.0;
    let title = text(lang, "doc.cover.title");
    let mut doc = Doc::new(
        &format!("{title} — {}", m.issuer.region.name),
        (12.0, 20.0, 22.0, 30.0),
        common::footer(lang, &m.issuer, meta, settings.signing),
    );
    doc.set_typeface(settings.typeface);
    doc.pdf.metadata.info.author = m.issuer.profile.office_name.clone();
    doc.pdf.metadata.info.creator = "Living Lab".into();
    doc.pdf.metadata.info.identifier = meta.map(|m| m.document_id.clone()).unwrap_or_default();
    // The office sends it: the kop of the office, whatever the letters of the head of region use.
    common::kop(&mut doc, &m.issuer, KopStyle::Instansi, face);

    // Place and date, then the addressee, in the right half.
    let (x, w) = (doc.left + doc.width() * 0.5, doc.width() * 0.5);
    let line = Style::new(regular, size).leading(1.3);
    let date = format::date_long(draft.parsed_date()?, lang);
    doc.paragraph_in(x, w, &format!("{}, {date}", draft.place), line.after(4.0));
    doc.paragraph_in(x, w, &text(lang, "doc.cover.to"), line);
    for l in draft.to.iter().filter(|l| !l.trim().is_empty()) {
        doc.paragraph_in(x, w, l, line);
    }
    doc.paragraph_in(x, w, &text(lang, "doc.cover.at"), line);
    doc.paragraph_in(x + 8.0, w - 8.0, &draft.to_place, line.after(5.0));

    let center = Style::new(bold, size).align(Align::Center).leading(1.25);
    doc.paragraph(&title.to_uppercase(), center);
    doc.paragraph(
        &format!("{} {}", text(lang, "doc.letter.number"), m.number),
        Style::new(regular, size).align(Align::Center).after(6.0),
    );

    let columns = [
        Column::new(text(lang, "doc.letter.col_no"), 10.0, Align::Center),
        Column::new(text(lang, "doc.cover.col_what"), 80.0, Align::Left),
        Column::new(text(lang, "doc.cover.col_count"), 27.0, Align::Left),
        Column::new(text(lang, "doc.cover.col_note"), doc.width() - 117.0, Align::Left),
    ];
    let rows: Vec<Vec<String>> = draft
        .items
        .iter()
        .filter(|i| !i.what.trim().is_empty())
        .enumerate()
        .map(|(i, item)| vec![format!("{}", i + 1), item.what.clone(), item.count.clone(), item.note.clone()])
        .collect();
    doc.table(&columns, &rows, 10.0);
    doc.space(6.0);

    // The recipient's receipt at the left, the sender's signature at the right, side by side.
    doc.ensure(50.0);
    let top = doc.y;
    let receipt = [
        text(lang, "doc.cover.received_on"),
        text(lang, "doc.cover.recipient"),
        String::new(),
        String::new(),
        String::new(),
        text(lang, "doc.cover.recipient_name"),
        text(lang, "doc.cover.recipient_nip"),
        text(lang, "doc.cover.recipient_phone"),
    ];
    let lh = 11.0 * 1.35 / (72.0 / 25.4);
    let mut y = top + lh;
    for l in &receipt {
        doc.text_at(doc.left, y, regular, 11.0, crate::pdf::INK, l);
        y += lh;
    }
    let receipt_end = y;
    doc.y = top;
    let jabatan: Vec<String> = vec![format!("{},", draft.signer.title)];
    let block = SignatureBlock {
        place_date: None,
        jabatan: &jabatan,
        official: &draft.signer,
        typeface: face,
        size: 11.0,
        signing: settings.signing,
        side: Side::Right,
    };
    common::signature_block(&mut doc, lang, &block);
    doc.y = doc.y.max(receipt_end) + 2.0;
    common::verification_block(&mut doc, lang, meta).map_err(failed)?;
    Ok(doc.finish())
}

fn failed(e: String) -> Error {
    Error::new(ErrorCode::DocumentFailed).with("detail", e)
}

/// A preview of the draft: no number taken, no QR, nothing recorded.
pub fn preview(ws: &Workspace, draft: &CoverDraft) -> Result<Vec<u8>> {
    draft.validate()?;
    let settings: LetterSettings = ws.setting("letter")?;
    let number = settings.number_unassigned(draft.parsed_date()?);
    let model = CoverModel {
        kind: DocumentKind::Cover.as_str(),
        number,
        letter: draft.clone(),
        settings,
        issuer: Issuer::of(ws)?,
    };
    render(&model, None)
}

/// Issues the cover letter: a number from the office's register, its model as the canonical
/// data, the PDF sealed with the workspace's seal when one is given.
pub fn issue(ws: &mut Workspace, draft: &CoverDraft, sealer: Option<&Sealer>) -> Result<(DocumentRecord, Vec<u8>)> {
    draft.validate()?;
    let settings: LetterSettings = ws.setting("letter")?;
    settings.validate()?;
    let date = draft.parsed_date()?;
    let title = text_with(draft.lang, "doc.cover.record_title", &[("year", draft.period.to_string())]);
    let reader = Workspace::open(ws.dir())?;
    ws.issue_document(
        DocumentKind::Cover,
        date.year(),
        Some(draft.period),
        draft.lang,
        |seq| {
            let number = settings.number(seq, date);
            let model = CoverModel {
                kind: DocumentKind::Cover.as_str(),
                number: number.clone(),
                letter: draft.clone(),
                settings: settings.clone(),
                issuer: Issuer::of(&reader)?,
            };
            Ok(Issue { number, title: title.clone(), model, seal_key_id: sealer.map(|s| s.key_id().to_string()) })
        },
        |model, meta| crate::letter::sealed(render(model, Some(meta))?, &model.issuer, sealer),
    )
}
