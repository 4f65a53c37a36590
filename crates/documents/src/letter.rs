//! The commitment letter (Surat Pernyataan Komitmen), single or joint (komitmen bersama).
//!
//! A draft is made from the workspace (the target for a year, the priority indicators, the
//! follow-up actions, the Tim Koordinasi SPBE), edited by the user, and issued: the nomor surat
//! is taken from the configured pattern, and the PDF is drawn from a [`LetterModel`] (the draft,
//! the number, the settings and the issuer), whose canonical JSON the QR code's hash covers.

use livinglab_core::format::{self, roman_month};
use livinglab_core::i18n::Lang;
use livinglab_core::profile::Official;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::documents::{DocumentKind, DocumentRecord, Issue, IssuedMeta};
use livinglab_store::Workspace;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::common::{self, text, text_with, Issuer, KopStyle, Side, SignatureBlock, Signing};
use crate::dashboard;
use crate::pdf::{Align, Column, Doc, Style, Typeface};
use crate::seal::Sealer;

/// Letter settings of a workspace (key "letter").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct LetterSettings {
    /// e.g. "{kode}/{nomor}/{unit}/{bulan}/{tahun}": {bulan} is the month in Roman numerals.
    pub number_pattern: String,
    /// Kode klasifikasi arsip (Permendagri 83/2022).
    pub classification: String,
    pub unit_code: String,
    pub typeface: Typeface,
    pub kop: KopStyle,
    /// Wet ink (the default) or TTE, for every document the workspace issues.
    pub signing: Signing,
}

impl Default for LetterSettings {
    fn default() -> Self {
        LetterSettings {
            number_pattern: "{kode}/{nomor}/{unit}/{bulan}/{tahun}".into(),
            classification: "000.8.3.3".into(),
            unit_code: "Diskominfo".into(),
            typeface: Typeface::Sans,
            kop: KopStyle::Jabatan,
            signing: Signing::WetInk,
        }
    }
}

impl LetterSettings {
    /// The nomor surat for running number `seq` on `date`.
    pub fn number(&self, seq: u32, date: Date) -> String {
        self.fill(&seq.to_string(), date)
    }

    fn fill(&self, running: &str, date: Date) -> String {
        self.number_pattern
            .replace("{kode}", &self.classification)
            .replace("{nomor}", running)
            .replace("{unit}", &self.unit_code)
            .replace("{bulan}", roman_month(date.month()))
            .replace("{tahun}", &date.year().to_string())
    }

    /// The nomor surat as a draft shows it: the pattern filled but for the running number,
    /// which the register gives when the letter is issued.
    pub fn number_unassigned(&self, date: Date) -> String {
        self.fill("……", date)
    }

    pub fn validate(&self) -> Result<()> {
        if !self.number_pattern.contains("{nomor}") {
            return Err(Error::new(ErrorCode::LetterInvalid)
                .with_detail("pola nomor surat harus memuat {nomor}", "the number pattern needs {nomor}"));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Signatory {
    /// e.g. "Kabupaten Sumedang".
    pub region: String,
    pub name: String,
}

/// Everything the letter says; the user edits it before issuing.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LetterDraft {
    pub lang: Lang,
    /// The date of the letter, YYYY-MM-DD.
    pub date: String,
    pub place: String,
    pub title: String,
    pub subject: String,
    pub signer: Official,
    /// e.g. "Pemerintah Kabupaten Sumedang".
    pub institution: String,
    pub opening: String,
    pub statement: String,
    pub commitments: Vec<String>,
    pub closing: String,
    /// The joint variant: the regions and heads who sign together.
    #[serde(default)]
    pub signatories: Vec<Signatory>,
}

impl LetterDraft {
    pub fn parsed_date(&self) -> Result<Date> {
        livinglab_core::format::parse_date(&self.date)
    }

    pub fn is_joint(&self) -> bool {
        !self.signatories.is_empty()
    }

    pub fn validate(&self) -> Result<()> {
        self.parsed_date()?;
        let invalid = |id: &str, en: &str| Err(Error::new(ErrorCode::LetterInvalid).with_detail(id, en));
        if self.title.trim().is_empty() {
            return invalid("judul masih kosong", "the title is empty");
        }
        if self.commitments.iter().all(|c| c.trim().is_empty()) {
            return invalid("belum ada butir komitmen", "there is no commitment");
        }
        if self.signer.name.trim().is_empty() && !self.is_joint() {
            return invalid(
                "nama penanda tangan kosong (isi nama kepala daerah di Profil Instansi)",
                "the signer's name is empty (profile: head of region)",
            );
        }
        Ok(())
    }
}

/// The draft the workspace suggests, for the latest period (or none).
pub fn draft(ws: &Workspace, lang: Lang, today: Date) -> Result<LetterDraft> {
    let profile = ws.profile()?;
    let info = ws.info();
    let periods = ws.periods()?;
    let mut commitments = Vec::new();
    if let Some(period) = periods.last() {
        let d = dashboard::dashboard(ws, period.year, lang, today)?;
        let fw = ws.period_framework(period)?;
        let target_year = livinglab_core::followup::commitment_year(period.year, today);
        let (target, predicate) = match period.target_index {
            Some(t) => (format::index(t, lang), fw.band_of(t).name.get(lang).to_string()),
            None => (d.plan.target_display.clone(), d.plan.goal_predicate.clone()),
        };
        commitments.push(text_with(
            lang,
            "doc.letter.commit_target",
            &[
                ("index_name", d.index_name.clone()),
                ("target", target),
                ("predicate", predicate),
                ("year", target_year.to_string()),
            ],
        ));
        let priorities: Vec<String> = if d.gaps.is_empty() {
            d.plan
                .raises
                .iter()
                .take(PRIORITIES)
                .map(|r| priority(lang, &r.number.to_string(), &r.name, &r.from.to_string(), &r.to.to_string()))
                .collect()
        } else {
            d.gaps
                .iter()
                .take(PRIORITIES)
                .map(|g| {
                    let from = g.level.unwrap_or(1).to_string();
                    priority(lang, &g.number.to_string(), &g.name, &from, &g.target.to_string())
                })
                .collect()
        };
        if !priorities.is_empty() {
            commitments.push(text_with(lang, "doc.letter.commit_priorities", &[("list", priorities.join("; "))]));
        }
    }
    let actions = crate::actions_for_letter(ws, lang, today)?;
    if !actions.is_empty() {
        commitments.push(text_with(lang, "doc.letter.commit_actions", &[("list", actions.join("; "))]));
    }
    // The words of the framework the latest period is assessed against (Pemdi from 2026).
    let family = common::wording(periods.last().map(|p| p.framework_id.as_str()).unwrap_or(""));
    commitments.push(text_with(
        lang,
        &format!("doc.letter.commit_team_{family}"),
        &[("region", info.region.name.clone())],
    ));
    commitments.push(text(lang, "doc.letter.commit_report"));
    let head_title = format!("{} {}", profile.head.title, info.region.short_name());
    Ok(LetterDraft {
        lang,
        date: today.to_string(),
        place: profile.place.clone(),
        title: text(lang, "doc.letter.title"),
        subject: text(lang, &format!("doc.letter.subject_{family}")),
        signer: Official { title: head_title, ..profile.head.clone() },
        institution: format!("{} {}", text(lang, "doc.letter.government"), info.region.name),
        opening: text(lang, "doc.letter.opening"),
        statement: text(lang, "doc.letter.statement"),
        commitments,
        closing: text(lang, "doc.letter.closing"),
        signatories: Vec::new(),
    })
}

/// The joint letter (komitmen bersama) the workspace suggests as the host of a signing: the
/// commitments every signatory makes for its own region, nothing that holds for the host alone
/// (its targets, indicators and actions). The signatories are added by the user.
pub fn joint_draft(ws: &Workspace, lang: Lang, today: Date) -> Result<LetterDraft> {
    let single = draft(ws, lang, today)?;
    let periods = ws.periods()?;
    let family = common::wording(periods.last().map(|p| p.framework_id.as_str()).unwrap_or(""));
    let year = periods.last().map(|p| livinglab_core::followup::commitment_year(p.year, today)).unwrap_or(today.year());
    let commitments = ["target", "team", "assess", "share"]
        .iter()
        .map(|k| text_with(lang, &format!("doc.letter.joint_{k}_{family}"), &[("year", year.to_string())]))
        .chain(std::iter::once(text(lang, "doc.letter.commit_report")))
        .collect();
    Ok(LetterDraft {
        title: text(lang, "doc.letter.title_joint"),
        opening: text(lang, "doc.letter.opening_joint"),
        commitments,
        ..single
    })
}

/// How many indicators a letter names as priorities: a commitment letter stays on one page.
const PRIORITIES: usize = 3;

/// "indikator 20 (Pengelolaan Kepuasan Pengguna) dari tingkat 1 menjadi tingkat 3".
fn priority(lang: Lang, number: &str, name: &str, from: &str, to: &str) -> String {
    text_with(
        lang,
        "doc.letter.priority_item",
        &[("number", number.into()), ("name", short(name)), ("from", from.into()), ("to", to.into())],
    )
}

fn short(name: &str) -> String {
    name.trim_start_matches("Tingkat Kematangan ").trim_start_matches("Maturity of the ").to_string()
}

/// Reads signatories from CSV lines "region,name" (or "region;name"); a header row is skipped.
pub fn parse_signatories(text_in: &str) -> Result<Vec<Signatory>> {
    let mut out = Vec::new();
    for (i, line) in text_in.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let sep = if line.contains(';') { ';' } else { ',' };
        let mut parts = line.splitn(2, sep).map(|s| s.trim().trim_matches('"').to_string());
        let (region, name) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
        if i == 0 && ["daerah", "region", "wilayah"].contains(&region.to_lowercase().as_str()) {
            continue;
        }
        if region.is_empty() {
            return Err(Error::new(ErrorCode::ImportRowInvalid)
                .with("row", i + 1)
                .with_detail("nama daerah kosong", "the region is empty"));
        }
        out.push(Signatory { region, name });
    }
    Ok(out)
}

/// Everything a letter prints: what the PDF is drawn from and what its QR code's hash covers.
#[derive(Debug, Clone, Serialize)]
pub struct LetterModel {
    pub kind: &'static str,
    /// The nomor surat; in a preview, without its running number.
    pub number: String,
    pub letter: LetterDraft,
    pub settings: LetterSettings,
    pub issuer: Issuer,
}

impl LetterModel {
    pub fn new(ws: &Workspace, draft: &LetterDraft, settings: &LetterSettings, number: String) -> Result<LetterModel> {
        Ok(LetterModel {
            kind: DocumentKind::Letter.as_str(),
            number,
            letter: draft.clone(),
            settings: settings.clone(),
            issuer: Issuer::of(ws)?,
        })
    }
}

/// Lays the letter out from its model. `meta` is None for a preview (no number taken, no QR).
/// A letter of one head of region is one page, as a typist would make it: when the letter does
/// not fit at the usual spacing, it is set again a little tighter (down to 11 pt at 1.2 lines);
/// only a letter too long even then runs on, its closing kept with the last commitment.
pub fn render(m: &LetterModel, meta: Option<&IssuedMeta>) -> Result<Vec<u8>> {
    const SPACINGS: [(f32, f32); 4] = [(12.0, 1.4), (12.0, 1.25), (11.5, 1.2), (11.0, 1.2)];
    let mut first = None;
    for (size, leading) in SPACINGS {
        let doc = layout(m, meta, size, leading)?;
        if m.letter.is_joint() || doc.page_count() == 1 {
            return Ok(doc.finish());
        }
        first.get_or_insert(doc);
    }
    Ok(first.expect("a spacing was tried").finish())
}

fn layout(m: &LetterModel, meta: Option<&IssuedMeta>, size: f32, leading: f32) -> Result<Doc> {
    let (draft, settings, number) = (&m.letter, &m.settings, &m.number);
    let lang = draft.lang;
    let date = draft.parsed_date()?;
    let profile = &m.issuer.profile;
    let face = settings.typeface;
    let (regular, bold) = (face.regular(), face.bold());
    let mut doc = Doc::new(
        &format!("{} — {}", draft.title, m.issuer.region.name),
        (12.0, 20.0, 22.0, 30.0),
        common::footer(lang, &m.issuer, meta, settings.signing),
    );
    doc.set_typeface(settings.typeface);
    doc.pdf.metadata.info.author = profile.office_name.clone();
    doc.pdf.metadata.info.subject = draft.subject.clone();
    doc.pdf.metadata.info.creator = "Living Lab".into();
    // The document id travels in the file too, so a copy a signing service re-rendered is still
    // recognised as this document.
    doc.pdf.metadata.info.identifier = meta.map(|m| m.document_id.clone()).unwrap_or_default();
    common::kop(&mut doc, &m.issuer, settings.kop, face);

    let center = Style::new(bold, size).align(Align::Center).leading(1.25);
    doc.paragraph(&draft.title.to_uppercase(), center);
    if !draft.subject.trim().is_empty() {
        doc.paragraph(&draft.subject.to_uppercase(), center);
    }
    doc.paragraph(
        &format!("{} {number}", text(lang, "doc.letter.number")),
        Style::new(regular, size).align(Align::Center).after(6.0),
    );

    let body = Style::new(regular, size).align(Align::Justify).leading(leading).after(2.0);
    // Signed by many, the letter speaks for all of them ("Kami yang bertanda tangan…").
    let opening = if draft.is_joint() && draft.opening == text(lang, "doc.letter.opening") {
        text(lang, "doc.letter.opening_joint")
    } else {
        draft.opening.clone()
    };
    doc.paragraph(&opening, body);
    let label_w = 30.0;
    let mut identity: Vec<(String, String)> = vec![
        (text(lang, "doc.letter.name"), draft.signer.name.clone()),
        (text(lang, "doc.letter.position"), draft.signer.title.clone()),
    ];
    if !draft.signer.nip.is_empty() {
        identity.push(("NIP".into(), common::format_nip(&draft.signer.nip)));
    }
    identity.push((text(lang, "doc.letter.institution"), draft.institution.clone()));
    if !draft.is_joint() {
        for (label, value) in identity {
            doc.hanging(
                &label,
                &format!(":  {value}"),
                label_w,
                Style::new(regular, size).indent(8.0).leading(leading),
            );
        }
    }
    doc.space(2.0);
    doc.paragraph(&draft.statement, body);
    let item = Style::new(regular, size).align(Align::Justify).leading(leading).after(1.2);
    let commitments: Vec<&String> = draft.commitments.iter().filter(|c| !c.trim().is_empty()).collect();
    let closing_h = doc.paragraph_height(&draft.closing, body);
    for (i, c) in commitments.iter().enumerate() {
        // The last commitment, "Demikian …", place and date and the signature stay on one page:
        // a closing or a signature alone on a page is not done.
        if i + 1 == commitments.len() && !draft.is_joint() {
            let item_h = doc.paragraph_height(c, item.indent(8.0));
            doc.ensure(item_h + 2.0 + closing_h + SIGNATURE_HEIGHT);
        }
        doc.hanging(&format!("{}.", i + 1), c, 8.0, item);
    }
    doc.space(2.0);
    doc.paragraph(&draft.closing, body);
    let place_date = format!("{}, {}", draft.place, format::date_long(date, lang));

    if draft.is_joint() {
        let signed = text_with(
            lang,
            "doc.letter.joint_signed",
            &[("place", draft.place.clone()), ("date", format::date_long(date, lang))],
        );
        let columns = [
            Column::new(text(lang, "doc.letter.col_no"), 10.0, Align::Center),
            Column::new(text(lang, "doc.letter.col_region"), 55.0, Align::Left),
            Column::new(text(lang, "doc.letter.col_head"), 60.0, Align::Left),
            Column::new(text(lang, "doc.letter.col_signature"), doc.width() - 125.0, Align::Left),
        ];
        let rows: Vec<Vec<String>> = draft
            .signatories
            .iter()
            .enumerate()
            // Two empty lines under the number leave room to sign.
            .map(|(i, s)| vec![format!("{}", i + 1), s.region.clone(), s.name.clone(), format!("{}.\n\n", i + 1)])
            .collect();
        // The verification code goes before the long table of signatories, so that it never
        // ends up alone on a last page.
        common::verification_block(&mut doc, lang, meta).map_err(failed)?;
        doc.space(3.0);
        // "Ditandatangani bersama …" stays with the head of the table and its first rows.
        let signed_h = doc.wrap(&signed, body.face, body.size, doc.width()).len() as f32 * body.line_height() + 3.0;
        let first_rows = &rows[..rows.len().min(2)];
        doc.ensure(signed_h + doc.table_height(&columns, first_rows, 10.0));
        doc.paragraph(&signed, body.after(3.0));
        doc.table(&columns, &rows, 10.0);
    } else {
        let jabatan = vec![format!("{},", draft.signer.title.to_uppercase())];
        let signer = Official { title: draft.signer.title.clone(), ..draft.signer.clone() };
        // The signature block and, beside it on the left, the verification code: together on one page.
        doc.ensure(SIGNATURE_HEIGHT);
        let top = doc.y;
        let block = SignatureBlock {
            place_date: Some(&place_date),
            jabatan: &jabatan,
            official: &signer,
            typeface: face,
            size,
            signing: settings.signing,
            side: Side::Right,
        };
        common::signature_block(&mut doc, lang, &block);
        let (x, w) = (doc.left, doc.width() * 0.45);
        common::verification_beside(&mut doc, lang, meta, x, top + 6.0, w).map_err(failed)?;
    }
    Ok(doc)
}

/// The height of the signature block with the verification code beside it, mm.
const SIGNATURE_HEIGHT: f32 = 50.0;

fn failed(e: String) -> Error {
    Error::new(ErrorCode::DocumentFailed).with("detail", e)
}

/// A preview of the draft: the number it would get, no QR, nothing recorded.
pub fn preview(ws: &Workspace, draft: &LetterDraft) -> Result<Vec<u8>> {
    draft.validate()?;
    let settings: LetterSettings = ws.setting("letter")?;
    let number = settings.number_unassigned(draft.parsed_date()?);
    render(&LetterModel::new(ws, draft, &settings, number)?, None)
}

/// Issues the letter: takes its number, stores its model as the canonical data, renders the PDF
/// and seals it with the workspace's seal when one is given.
pub fn issue(ws: &mut Workspace, draft: &LetterDraft, sealer: Option<&Sealer>) -> Result<(DocumentRecord, Vec<u8>)> {
    draft.validate()?;
    let settings: LetterSettings = ws.setting("letter")?;
    settings.validate()?;
    let date = draft.parsed_date()?;
    let title = format!(
        "{} {}",
        draft.title,
        if draft.is_joint() { text(draft.lang, "doc.letter.kind_joint") } else { String::new() }
    )
    .trim()
    .to_string();
    // The issuer is read inside the issue transaction from a second connection: the write lock
    // is held, so it is what the workspace holds when the number is taken.
    let reader = Workspace::open(ws.dir())?;
    ws.issue_document(
        DocumentKind::Letter,
        date.year(),
        None,
        draft.lang,
        |seq| {
            let number = settings.number(seq, date);
            let model = LetterModel::new(&reader, draft, &settings, number.clone())?;
            Ok(Issue { number, title: title.clone(), model, seal_key_id: sealer.map(|s| s.key_id().to_string()) })
        },
        |model, meta| sealed(render(model, Some(meta))?, &model.issuer, sealer),
    )
}

/// The PDF with the workspace's seal, when one is given.
pub(crate) fn sealed(pdf: Vec<u8>, issuer: &Issuer, sealer: Option<&Sealer>) -> Result<Vec<u8>> {
    match sealer {
        Some(s) => s.seal(&pdf, issuer),
        None => Ok(pdf),
    }
}
