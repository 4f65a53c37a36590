//! What every document shares: the letterhead (kop), the signature block, the verification
//! QR code and line, and the document's texts from the catalog.

use livinglab_core::i18n::{self, Lang};
use livinglab_core::profile::{Official, Profile};
use livinglab_core::verification::VerificationCode;
use livinglab_core::{Result, Sha256Hash};
use livinglab_store::documents::IssuedMeta;
use livinglab_store::workspace::RegionRef;
use livinglab_store::Workspace;
use serde::{Deserialize, Serialize};

use crate::pdf::{qr, Align, Doc, Face, Footer, Style, Typeface, GREEN, INK, MUTED};

/// The letterhead: of the regional government and its office (kop instansi, under the regional
/// emblem), or of the head of region (kop jabatan: "BUPATI SUMEDANG" under the national emblem,
/// as Tata Naskah Dinas prescribes for what a kepala daerah signs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum KopStyle {
    #[default]
    Instansi,
    Jabatan,
}

/// Who issues a document, as its kop, footer and signature blocks print it: part of every
/// document's model, so the hash a document carries covers its letterhead and officials too.
/// A regency's documents are issued by its workspace ([`Issuer::of`]); the recap report by
/// Sumedang's hub ([`Issuer::of_hub`]).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Issuer {
    /// The issuing workspace's id, or the hub's.
    pub workspace_id: String,
    pub region: RegionRef,
    pub is_sample: bool,
    pub profile: Profile,
    /// The hash of the emblem printed in the kop; the bytes themselves travel beside it.
    pub emblem_sha256: Option<Sha256Hash>,
    #[serde(skip)]
    pub emblem: Option<Vec<u8>>,
    /// The national emblem (Garuda Pancasila) of the kop jabatan, when the user has loaded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_emblem_sha256: Option<Sha256Hash>,
    #[serde(skip)]
    pub national_emblem: Option<Vec<u8>>,
}

impl Issuer {
    pub fn of(ws: &Workspace) -> Result<Issuer> {
        let info = ws.info();
        let emblem = ws.emblem()?.map(|(_, bytes)| bytes);
        let national_emblem = ws.national_emblem()?.map(|(_, bytes)| bytes);
        Ok(Issuer {
            workspace_id: info.id.clone(),
            region: info.region.clone(),
            is_sample: info.is_sample,
            profile: ws.profile()?,
            emblem_sha256: emblem.as_deref().map(Sha256Hash::of),
            emblem,
            national_emblem_sha256: national_emblem.as_deref().map(Sha256Hash::of),
            national_emblem,
        })
    }

    /// The hub as the issuer of its own documents: its region and office profile (or the
    /// shipped defaults, Sumedang's office) and its emblem.
    pub fn of_hub(hub: &livinglab_hub::Hub) -> Result<Issuer> {
        let issuer = hub.issuer()?;
        let emblem = hub.emblem()?;
        Ok(Issuer {
            workspace_id: hub.info().id.clone(),
            region: issuer.region,
            is_sample: false,
            profile: issuer.profile,
            emblem_sha256: emblem.as_deref().map(Sha256Hash::of),
            emblem,
            national_emblem_sha256: None,
            national_emblem: None,
        })
    }
}

/// Which words a document uses for a framework's evaluation: "pemdi" (Pemerintah Digital, from
/// 2026) or "spbe" (Sistem Pemerintahan Berbasis Elektronik); texts keyed `…_pemdi` / `…_spbe`.
pub fn wording(framework_id: &str) -> &'static str {
    if framework_id.starts_with("pemdi") {
        "pemdi"
    } else {
        "spbe"
    }
}

pub fn text(lang: Lang, key: &str) -> String {
    i18n::text(lang, key)
}

pub fn text_with(lang: Lang, key: &str, params: &[(&str, String)]) -> String {
    let owned: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    i18n::text_with(lang, key, &owned)
}

/// "Halaman {page} dari {pages}", and a footer line only where the page must say something
/// about itself: a preview says it is not issued, a document of the example workspace says it
/// is fictional. An official page carries no software line; its verification code stands
/// beside the signature.
pub fn footer(lang: Lang, issuer: &Issuer, meta: Option<&IssuedMeta>, signing: Signing) -> Footer {
    let mut notes = Vec::new();
    if issuer.is_sample {
        notes.push(text(lang, "doc.sample"));
    }
    match meta {
        None => notes.push(text(lang, "doc.preview_line")),
        // A document for TTE names itself on every page, as the signing services expect.
        Some(m) => {
            if let Signing::Tte { bsre_footer, .. } = signing {
                notes.push(text_with(lang, "doc.tte_document_id", &[("id", m.document_id.clone())]));
                if bsre_footer {
                    notes.push(text(lang, "doc.tte_bsre_footer"));
                }
            }
        }
    }
    // Across the page: what the page is not (an issued original, real data).
    let marks: Vec<String> = [(issuer.is_sample, "doc.watermark_sample"), (meta.is_none(), "doc.watermark_preview")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, key)| text(lang, key))
        .collect();
    let watermark = (!marks.is_empty()).then(|| marks.join(" · "));
    Footer { page_label: text(lang, "doc.page_label"), verification: notes.join(" — "), watermark }
}

/// What the QR code of an issued document carries (see `livinglab_core::verification`).
pub fn qr_payload(meta: &IssuedMeta) -> String {
    let code = VerificationCode::new(&meta.document_id, &meta.data_sha256);
    meta.hub_url.as_deref().and_then(|url| code.encode_link(url)).unwrap_or_else(|| code.encode())
}

/// The QR code of an issued document at (x, y), or a box saying PRATINJAU (PREVIEW) for a preview.
fn qr_or_placeholder(
    doc: &mut Doc,
    lang: Lang,
    meta: Option<&IssuedMeta>,
    x: f32,
    y: f32,
    size: f32,
) -> Result<(), String> {
    match meta {
        Some(m) => qr::draw(doc, &qr_payload(m), x, y, size),
        None => {
            doc.stroke_rect(x + 1.0, y + 1.0, size - 2.0, size - 2.0, 0.6, MUTED);
            doc.text_in(
                x,
                size,
                y + size / 2.0 + 1.0,
                Face::SansBold,
                8.0,
                Align::Center,
                MUTED,
                &text(lang, "doc.watermark_preview"),
            );
            Ok(())
        }
    }
}

/// The words that go with the QR code: what it is, the document id, the data hash, and (in
/// full) how to check a printed copy; for a preview, that it is one.
fn verification_lines(lang: Lang, meta: Option<&IssuedMeta>, full: bool) -> Vec<(Face, String)> {
    verification_lines_how(lang, meta, full.then(|| text(lang, "doc.verify_how")))
}

/// As `verification_lines`, with `how` a printed copy is checked (None: the compact form).
fn verification_lines_how(lang: Lang, meta: Option<&IssuedMeta>, how: Option<String>) -> Vec<(Face, String)> {
    let full = how.is_some();
    let Some(m) = meta else { return vec![(Face::Sans, text(lang, "doc.preview_line"))] };
    let sha = if full { m.data_sha256.clone() } else { format!("{}…", &m.data_sha256[..32]) };
    let mut lines = vec![
        (Face::SansBold, text(lang, "doc.verify_title")),
        (Face::Sans, text_with(lang, "doc.verify_document", &[("id", m.document_id.clone())])),
        (Face::Sans, text_with(lang, "doc.verify_sha", &[("sha", sha)])),
    ];
    if let Some(how) = how {
        lines.push((Face::Sans, how));
    }
    lines
}

/// Sets `lines` wrapped to `width` from (x, baseline) down; returns the baseline after them.
fn set_small_lines(doc: &mut Doc, lines: &[(Face, String)], x: f32, mut baseline: f32, width: f32, size: f32) -> f32 {
    for (face, line) in lines {
        for part in doc.wrap(line, *face, size, width) {
            doc.text_at(x, baseline, *face, size, MUTED, &part);
            baseline += size * 0.45;
        }
    }
    baseline
}

/// The QR code with the verification text beside it, at the flow position.
pub fn verification_block(doc: &mut Doc, lang: Lang, meta: Option<&IssuedMeta>) -> Result<(), String> {
    verification_block_how(doc, lang, meta, &text(lang, "doc.verify_how"))
}

/// As [`verification_block`], saying in `how` where a printed copy is checked.
pub fn verification_block_how(doc: &mut Doc, lang: Lang, meta: Option<&IssuedMeta>, how: &str) -> Result<(), String> {
    let size = 24.0;
    doc.ensure(size + 2.0);
    let (x, y) = (doc.left, doc.y);
    qr_or_placeholder(doc, lang, meta, x, y, size)?;
    let width = doc.width() - size - 4.0;
    let lines = verification_lines_how(lang, meta, Some(how.to_string()));
    set_small_lines(doc, &lines, x + size + 3.0, y + 5.5, width, 7.0);
    doc.y = y + size + 2.0;
    Ok(())
}

/// The QR code with a compact verification text under it, in the column [x, x + width] from
/// `y` down; the flow position is left alone (it sits beside a signature block).
pub fn verification_beside(
    doc: &mut Doc,
    lang: Lang,
    meta: Option<&IssuedMeta>,
    x: f32,
    y: f32,
    width: f32,
) -> Result<(), String> {
    let size = 24.0;
    qr_or_placeholder(doc, lang, meta, x, y, size)?;
    if meta.is_some() {
        set_small_lines(doc, &verification_lines(lang, meta, false), x + 1.5, y + size + 3.0, width, 6.5);
    }
    Ok(())
}

/// Draws the letterhead at the top of the current page and moves the flow below its rule.
pub fn kop(doc: &mut Doc, issuer: &Issuer, style: KopStyle, typeface: Typeface) {
    let profile = &issuer.profile;
    let emblem = issuer.emblem.as_deref();
    let region_upper = issuer.region.name.to_uppercase();
    let top = doc.y;
    let bold = typeface.bold();
    match style {
        KopStyle::Instansi => {
            let emblem_w = 22.0;
            if let Some(bytes) = emblem {
                doc.image(bytes, doc.left, top, emblem_w, 26.0);
            }
            // The text block is centred on the page, as in the Tata Naskah Dinas examples.
            let (x, w) = (doc.left + emblem_w + 2.0, doc.width() - 2.0 * (emblem_w + 2.0));
            let mut baseline = top + 6.5;
            // Long names wrap within the kop's text block, never past the margin.
            for line in doc.wrap(&format!("PEMERINTAH {region_upper}"), bold, 14.0, w) {
                doc.text_in(x, w, baseline, bold, 14.0, Align::Center, INK, &line);
                baseline += 7.0;
            }
            for line in doc.wrap(&profile.office_name.to_uppercase(), bold, 15.0, w) {
                doc.text_in(x, w, baseline, bold, 15.0, Align::Center, INK, &line);
                baseline += 6.4;
            }
            let address = address_line(profile);
            for line in doc.wrap(&address, typeface.regular(), 8.5, w) {
                doc.text_in(x, w, baseline - 1.0, typeface.regular(), 8.5, Align::Center, INK, &line);
                baseline += 3.8;
            }
            // The kop ends with the place in capitals and its postal code ("SUMEDANG 45311").
            let place = [profile.place.trim().to_uppercase(), profile.postal_code.trim().to_string()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if !place.is_empty() {
                doc.text_in(x, w, baseline - 0.5, bold, 9.5, Align::Right, INK, &place);
                baseline += 4.2;
            }
            let rule_y = (top + 28.0).max(baseline);
            doc.line(doc.left, rule_y, doc.right, rule_y, 2.2, INK);
            doc.line(doc.left, rule_y + 1.2, doc.right, rule_y + 1.2, 0.6, INK);
            doc.y = rule_y + 8.0;
        }
        KopStyle::Jabatan => {
            // The national emblem only: the regional one does not stand in for Garuda Pancasila.
            if let Some(bytes) = issuer.national_emblem.as_deref() {
                doc.image(bytes, doc.left + doc.width() / 2.0 - 11.0, top, 22.0, 24.0);
            }
            let title = format!("{} {}", profile.head.title.to_uppercase(), issuer.region.short_name().to_uppercase());
            let mut baseline = top + 31.0;
            let (left, width) = (doc.left, doc.width());
            for line in doc.wrap(&title, bold, 15.0, width) {
                doc.text_in(left, width, baseline, bold, 15.0, Align::Center, INK, &line);
                baseline += 6.6;
            }
            doc.y = baseline + 2.4;
        }
    }
}

/// "Jl. … – Telp. … – Laman … – Pos-el …": the place and postal code follow on their own line.
fn address_line(p: &Profile) -> String {
    let mut parts = Vec::new();
    if !p.address.is_empty() {
        parts.push(p.address.clone());
    }
    if !p.phone.is_empty() {
        parts.push(format!("Telp. {}", p.phone));
    }
    if !p.website.is_empty() {
        // A kop prints the address people type: "sumedangkab.go.id", not "https://…/".
        let site = p.website.trim();
        let site = site.strip_prefix("https://").or_else(|| site.strip_prefix("http://")).unwrap_or(site);
        parts.push(format!("Laman {}", site.trim_end_matches('/')));
    }
    if !p.email.is_empty() {
        parts.push(format!("Pos-el {}", p.email));
    }
    parts.join(" – ")
}

/// How the signer signs what the workspace issues: in ink on paper (the default), or with TTE
/// through a signing service (BSrE via SRIKANDI or the regency's e-sign service).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Signing {
    #[default]
    WetInk,
    /// A box where the service stamps the signature, the document id in the footer, and when
    /// chosen the one-character marker (`tag_koordinat`) some services place the stamp on and
    /// the BSrE footer sentence.
    Tte { marker: bool, bsre_footer: bool },
}

/// The character e-sign services look for to place the stamp (tag_koordinat).
pub const TTE_MARKER: &str = "#";

/// Which half of the text column a signature block takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// What a signature block shows: place and date (optional), the jabatan, space for the
/// signature and seal (for TTE, the box where the service stamps it), the name (underlined,
/// bold), and rank and NIP for a civil servant.
pub struct SignatureBlock<'a> {
    pub place_date: Option<&'a str>,
    pub jabatan: &'a [String],
    pub official: &'a Official,
    pub typeface: Typeface,
    pub size: f32,
    pub signing: Signing,
    pub side: Side,
}

/// The jabatan lines of a signature block, wrapped within its half of the column (a long one,
/// "Kepala Dinas Komunikasi, Informatika, Persandian dan Statistik", takes two).
fn signature_lines(doc: &Doc, block: &SignatureBlock<'_>) -> Vec<String> {
    let w = doc.width() * 0.48;
    block.jabatan.iter().flat_map(|l| doc.wrap(l, block.typeface.regular(), block.size, w)).collect()
}

fn signature_leading(size: f32) -> f32 {
    size * 1.35 / (72.0 / 25.4)
}

/// The room to sign and stamp between the jabatan and the name, mm.
const SIGNING_ROOM: f32 = 20.0;

/// The height [`signature_block`] takes, mm: what must stay on the page with it.
pub fn signature_block_height(doc: &Doc, block: &SignatureBlock<'_>) -> f32 {
    let lines = 1 // the space above
        + usize::from(block.place_date.is_some())
        + signature_lines(doc, block).len()
        + 1 // the name
        + if block.official.nip.is_empty() { 0 } else { 1 + usize::from(!block.official.rank.is_empty()) };
    lines as f32 * signature_leading(block.size) + SIGNING_ROOM + 2.0
}

/// Draws a signature block in its half of the column, from the flow position down.
pub fn signature_block(doc: &mut Doc, lang: Lang, block: &SignatureBlock<'_>) {
    let SignatureBlock { place_date, official, typeface, size, signing, side, .. } = *block;
    let w = doc.width() * 0.48;
    let x = match side {
        Side::Right => doc.left + doc.width() * 0.52,
        Side::Left => doc.left,
    };
    let lh = signature_leading(size);
    let jabatan = signature_lines(doc, block);
    doc.ensure(signature_block_height(doc, block));
    let mut y = doc.y + lh;
    if let Some(pd) = place_date {
        doc.text_in(x, w, y, typeface.regular(), size, Align::Center, INK, pd);
        y += lh;
    }
    for line in &jabatan {
        doc.text_in(x, w, y, typeface.regular(), size, Align::Center, INK, line);
        y += lh;
    }
    if let Signing::Tte { marker, .. } = signing {
        // Between the jabatan and the name, clear of both.
        let (bw, bh, top) = (44.0, 13.5, y + 1.5);
        let bx = x + (w - bw) / 2.0;
        doc.stroke_rect(bx, top, bw, bh, 0.4, MUTED);
        if marker {
            doc.text_in(bx, bw, top + bh / 2.0 + 1.2, typeface.regular(), 8.0, Align::Center, INK, TTE_MARKER);
        } else {
            let label = text(lang, "doc.tte_box");
            doc.text_in(bx, bw, top + bh / 2.0 + 1.0, Face::Sans, 6.5, Align::Center, MUTED, &label);
        }
    }
    y += SIGNING_ROOM;
    let name = if official.name.trim().is_empty() {
        "(…………………………………)".to_string()
    } else {
        official.name.clone()
    };
    let name_face = typeface.bold();
    doc.text_in(x, w, y, name_face, size, Align::Center, INK, &name);
    let nw = doc.fonts.width(name_face, &name, size);
    doc.line(x + (w - nw) / 2.0, y + 0.8, x + (w + nw) / 2.0, y + 0.8, 0.6, INK);
    y += lh;
    if !official.nip.is_empty() {
        if !official.rank.is_empty() {
            doc.text_in(x, w, y, typeface.regular(), size, Align::Center, INK, &official.rank);
            y += lh;
        }
        doc.text_in(
            x,
            w,
            y,
            typeface.regular(),
            size,
            Align::Center,
            INK,
            &format!("NIP {}", format_nip(&official.nip)),
        );
        y += lh;
    }
    doc.y = y + 2.0;
}

/// "19700101 199003 1 002", as a NIP is printed.
pub fn format_nip(nip: &str) -> String {
    if nip.len() == 18 {
        format!("{} {} {} {}", &nip[..8], &nip[8..14], &nip[14..15], &nip[15..])
    } else {
        nip.to_string()
    }
}

/// A heading in the document's green, kept on the page with what follows it.
pub fn heading(doc: &mut Doc, text: &str, size: f32) {
    heading_with(doc, text, size, 40.0);
}

/// A heading kept on the page with the `keep` mm that follow it (a short section needs less).
pub fn heading_with(doc: &mut Doc, text: &str, size: f32, keep: f32) {
    doc.ensure(size * 0.9 + keep);
    doc.space(2.0);
    doc.paragraph(text, Style::new(Face::SansBold, size).color(GREEN).after(2.5));
}
