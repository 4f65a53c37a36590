//! The key enrolment letter (Surat Pendaftaran Kunci): a surat dinas from the office to
//! Sumedang's coordinator that registers the workspace's seal key. It names the region, the
//! office, the computer, the public key and its fingerprint (which Sumedang confirms by phone),
//! with a QR code of both, and is signed by the head of the office (wet ink or TTE).

use livinglab_core::format;
use livinglab_core::i18n::Lang;
use livinglab_core::profile::Official;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::documents::{DocumentKind, DocumentRecord, Issue, IssuedMeta};
use livinglab_store::Workspace;
use serde::Serialize;
use time::Date;

use crate::common::{self, text, text_with, Issuer, KopStyle, Side, SignatureBlock, Signing};
use crate::letter::LetterSettings;
use crate::pdf::{qr, Align, Doc, Face, Style, INK, MUTED};
use crate::seal::{IdentityView, Sealer};

/// Everything the enrolment letter prints.
#[derive(Debug, Clone, Serialize)]
pub struct EnrolmentModel {
    pub kind: &'static str,
    pub number: String,
    pub lang: Lang,
    /// YYYY-MM-DD.
    pub date: String,
    pub issuer: Issuer,
    pub key: IdentityView,
    /// The key this one replaces, when the workspace had one before.
    pub replaces: Option<String>,
    pub typeface: crate::pdf::Typeface,
    pub signing: Signing,
}

/// What the key's QR code carries: the region, the fingerprint and the public key itself, so
/// that Sumedang can register the key from the paper without retyping it.
pub fn key_qr_payload(region_code: &str, key: &IdentityView) -> String {
    format!("LLKEY1:{}:{}:{}", region_code, key.fingerprint.replace('-', ""), key.public_key)
}

fn failed(e: String) -> Error {
    Error::new(ErrorCode::DocumentFailed).with("detail", e)
}

/// Lays the letter out from its model.
pub fn render(m: &EnrolmentModel, meta: Option<&IssuedMeta>) -> Result<Vec<u8>> {
    let lang = m.lang;
    let date = format::parse_date(&m.date)?;
    let face = m.typeface;
    let regular = face.regular();
    let size = 11.0;
    let mut doc = Doc::new(
        &format!("{} — {}", text(lang, "doc.enrolment.title"), m.issuer.region.name),
        (12.0, 20.0, 21.0, 25.0),
        common::footer(lang, &m.issuer, meta, m.signing),
    );
    doc.set_typeface(m.typeface);
    doc.pdf.metadata.info.author = m.issuer.profile.office_name.clone();
    doc.pdf.metadata.info.subject = text(lang, "doc.enrolment.subject");
    doc.pdf.metadata.info.creator = "Living Lab".into();
    // The QR's text again, machine-readable, so that the hub registers the key from the PDF.
    doc.pdf.metadata.info.keywords = vec![key_qr_payload(&m.issuer.region.code, &m.key)];
    doc.pdf.metadata.info.identifier = meta.map(|m| m.document_id.clone()).unwrap_or_default();
    common::kop(&mut doc, &m.issuer, KopStyle::Instansi, face);

    // Place and date at the right, then the letter's particulars, as a surat dinas has them.
    let place_date = format!("{}, {}", m.issuer.profile.place, format::date_long(date, lang));
    let (right_x, right_w) = (doc.left + doc.width() * 0.52, doc.width() * 0.48);
    let top = doc.y;
    doc.text_in(right_x, right_w, top + 4.0, regular, size, Align::Left, INK, &place_date);
    doc.y = top + 8.0;
    let body = Style::new(regular, size).leading(1.35);
    let particulars = [
        (text(lang, "doc.enrolment.number"), m.number.clone()),
        (text(lang, "doc.enrolment.nature"), text(lang, "doc.enrolment.nature_value")),
        (text(lang, "doc.enrolment.attachment"), "–".to_string()),
        (text(lang, "doc.enrolment.about"), text(lang, "doc.enrolment.subject")),
    ];
    for (label, value) in particulars {
        doc.hanging(&label, &format!(":  {value}"), 24.0, body);
    }
    doc.space(2.5);
    // The place after "di" is indented, as Tata Naskah Dinas sets an address.
    let mut after_di = false;
    for line in text(lang, "doc.enrolment.to").lines() {
        let indent = if after_di { 8.0 } else { 0.0 };
        doc.paragraph(line, body.indent(indent));
        after_di = matches!(line.trim(), "di" | "in");
    }
    doc.space(2.5);

    let justified = Style::new(regular, size).align(Align::Justify).leading(1.35).after(2.0);
    doc.paragraph(&text(lang, "doc.enrolment.salutation"), body.after(1.5));
    doc.paragraph(&text_with(lang, "doc.enrolment.lead", &[("region", m.issuer.region.name.clone())]), justified);
    key_table(&mut doc, m, size);
    doc.space(2.0);
    let mut request = text(lang, "doc.enrolment.request");
    if m.replaces.is_some() {
        request.push(' ');
        request.push_str(&text(lang, "doc.enrolment.replaces"));
    }
    doc.paragraph(&request, justified);
    let head = &m.issuer.profile.office_head;
    let jabatan = vec![head.title.clone(), format!("{},", m.issuer.region.name)];
    let signer = Official { title: head.title.clone(), ..head.clone() };
    let block = SignatureBlock {
        place_date: None,
        jabatan: &jabatan,
        official: &signer,
        typeface: face,
        size,
        signing: m.signing,
        side: Side::Right,
    };
    // "Demikian …" and the signature block with the key's QR code beside it stay on one page.
    let qr_size = 28.0;
    let closing = text(lang, "doc.enrolment.closing");
    let signature_h = common::signature_block_height(&doc, &block).max(qr_size + 12.0);
    doc.ensure(doc.paragraph_height(&closing, justified) + signature_h);
    doc.paragraph(&closing, justified);
    let top = doc.y;
    common::signature_block(&mut doc, lang, &block);
    let left = doc.left;
    qr::draw(&mut doc, &key_qr_payload(&m.issuer.region.code, &m.key), left, top + 2.0, qr_size).map_err(failed)?;
    let caption = text(lang, "doc.enrolment.qr_caption");
    for (i, line) in doc.wrap(&caption, Face::Sans, 7.0, qr_size + 10.0).iter().enumerate() {
        doc.text_at(doc.left + 1.5, top + qr_size + 5.0 + i as f32 * 3.2, Face::Sans, 7.0, MUTED, line);
    }
    doc.y = doc.y.max(top + qr_size + 10.0);
    Ok(doc.finish())
}

/// The key's particulars, the fingerprint set large enough to read out over the phone.
fn key_table(doc: &mut Doc, m: &EnrolmentModel, size: f32) {
    let lang = m.lang;
    let regular = m.typeface.regular();
    let label_w = 34.0;
    let row = Style::new(regular, size).indent(6.0).leading(1.3);
    let created = format::parse_date(&m.key.created_at[..10.min(m.key.created_at.len())])
        .map(|d| format::date_long(d, lang))
        .unwrap_or_else(|_| m.key.created_at.clone());
    let rows = [
        (text(lang, "doc.enrolment.region"), format!("{} ({})", m.issuer.region.name, m.issuer.region.code)),
        (text(lang, "doc.enrolment.office"), m.issuer.profile.office_name.clone()),
        (text(lang, "doc.enrolment.computer"), m.key.computer.clone()),
        (text(lang, "doc.enrolment.algorithm"), text(lang, "doc.enrolment.algorithm_value")),
        (text(lang, "doc.enrolment.key_id"), m.key.key_id.clone()),
        (text(lang, "doc.enrolment.created"), created),
    ];
    let replaced = m.replaces.iter().map(|old| (text(lang, "doc.enrolment.replaced_key"), old.clone()));
    for (label, value) in rows.into_iter().chain(replaced) {
        doc.hanging(&label, &format!(":  {value}"), label_w, row);
    }
    doc.hanging(
        &text(lang, "doc.enrolment.fingerprint"),
        &format!(":  {}", m.key.fingerprint),
        label_w,
        Style::new(m.typeface.bold(), size + 1.5).indent(6.0).leading(1.5),
    );
    // The key itself in small type under its label: 124 characters nobody reads aloud.
    let line_top = doc.y;
    doc.hanging(&text(lang, "doc.enrolment.public_key"), ":", label_w, row);
    let after_label = doc.y;
    let x = doc.left + 6.0 + label_w + 3.5;
    let width = doc.right - x;
    doc.y = line_top + 0.8;
    let key_style = Style::new(Face::Sans, 7.5).leading(1.25).after(1.0);
    let key_lines = doc.wrap_anywhere(&m.key.public_key, key_style.face, key_style.size, width);
    doc.paragraph_in(x, width, &key_lines.join("\n"), key_style);
    doc.y = doc.y.max(after_label);
}

/// Issues the enrolment letter of the workspace's current key, sealed by that key.
pub fn issue(
    ws: &mut Workspace,
    sealer: &Sealer,
    store_view: IdentityView,
    lang: Lang,
    today: Date,
) -> Result<(DocumentRecord, Vec<u8>)> {
    let settings: LetterSettings = ws.setting("letter")?;
    settings.validate()?;
    let replaces = ws
        .signing_keys()?
        .into_iter()
        .rfind(|k| k.key_id != sealer.key_id() && k.retired_at.is_some())
        .map(|k| k.key_id);
    let reader = Workspace::open(ws.dir())?;
    let title = text(lang, "doc.enrolment.title_short");
    ws.issue_document(
        DocumentKind::Enrolment,
        today.year(),
        None,
        lang,
        |seq| {
            let number = settings.number(seq, today);
            let model = EnrolmentModel {
                kind: DocumentKind::Enrolment.as_str(),
                number: number.clone(),
                lang,
                date: today.to_string(),
                issuer: Issuer::of(&reader)?,
                key: store_view.clone(),
                replaces: replaces.clone(),
                typeface: settings.typeface,
                signing: settings.signing,
            };
            Ok(Issue { number, title: title.clone(), model, seal_key_id: Some(sealer.key_id().to_string()) })
        },
        |model, meta| sealer.seal(&render(model, Some(meta))?, &model.issuer),
    )
}
