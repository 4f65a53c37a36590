//! PAdES signatures as an incremental update over finished PDF bytes.
//!
//! Invariants:
//! - The input is a byte prefix of the output: only an update is appended (lopdf's
//!   `IncrementalDocument`, with the cross-reference form of the input and `/Prev`).
//! - The update holds a `/Sig` dictionary (`/Filter /Adobe.PPKLite`, a detached CMS), an
//!   invisible signature widget on page 1, the page's `/Annots` and the catalog's
//!   `/AcroForm << /Fields […] /SigFlags 3 >>`. Nothing else of the document changes.
//! - `/ByteRange [0 a b c]` covers the whole output except the `/Contents` hex string, which
//!   is exactly the gap; the signature covers the whole file (PDF readers: "Total document
//!   signed").
//! - The two placeholders are patched in place at the byte level (same length), which is the
//!   only hand-made PDF writing here.

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, StringFormat};
use p256::ecdsa::DerSignature;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use livinglab_core::{Error, ErrorCode, Result};

use crate::cert::SealCertificate;
use crate::identity::Signer;

/// What a reader shows about a seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealOptions {
    /// e.g. "Segel elektronik Living Lab — Kabupaten Sumedang".
    pub reason: String,
    /// e.g. "Sumedang".
    pub location: String,
    /// The workspace's office, e.g. "Diskominfo Kabupaten Sumedang" (never a person).
    pub name: String,
    /// Stored as the signature's `/M` and as the CMS signing-time attribute.
    pub signing_time: OffsetDateTime,
}

/// `/SubFilter` of the signature dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubFilter {
    /// PAdES (ETSI EN 319 142): what the seals use.
    EtsiCadesDetached,
    /// The older PKCS#7 detached form many signing services still write.
    AdbePkcs7Detached,
}

impl SubFilter {
    fn name(self) -> &'static [u8] {
        match self {
            SubFilter::EtsiCadesDetached => b"ETSI.CAdES.detached",
            SubFilter::AdbePkcs7Detached => b"adbe.pkcs7.detached",
        }
    }
}

/// The signature dictionary's fields for [`sign_pdf_detached`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureFields {
    pub sub_filter: SubFilter,
    pub name: Option<String>,
    pub reason: Option<String>,
    pub location: Option<String>,
    pub signing_time: OffsetDateTime,
    /// Bytes reserved for the DER CMS (the hex string is twice as long).
    pub contents_capacity: usize,
}

/// Room for a CMS with a few certificates and a timestamp token.
pub const DEFAULT_CONTENTS_CAPACITY: usize = 16 * 1024;
/// Room for the workspace seal's CMS: one certificate of its own and no timestamp, about
/// 1.5 KB. Every issued document carries the reserved room (twice, as hex), so it is kept small.
pub const SEAL_CONTENTS_CAPACITY: usize = 4 * 1024;

/// Seals `pdf` with the workspace key: a PAdES (ETSI.CAdES.detached) signature by `signer`
/// whose CMS carries `cert` (which must certify the signer's key).
pub fn seal_pdf(pdf: &[u8], signer: &Signer, cert: &SealCertificate, options: &SealOptions) -> Result<Vec<u8>> {
    if cert.public_key() != signer.identity().public_key {
        return Err(Error::new(ErrorCode::SignFailed).with("detail", "the certificate is not for this key"));
    }
    let fields = SignatureFields {
        sub_filter: SubFilter::EtsiCadesDetached,
        name: Some(options.name.clone()),
        reason: Some(options.reason.clone()),
        location: Some(options.location.clone()),
        signing_time: options.signing_time,
        contents_capacity: SEAL_CONTENTS_CAPACITY,
    };
    sign_pdf_detached(pdf, &fields, |digest| {
        crate::cms::detached_signed_data::<_, DerSignature>(
            signer.signing_key(),
            &[cert.der()],
            digest,
            Some(options.signing_time),
        )
    })
}

/// Appends a signature update to `pdf`; `make_cms` turns the SHA-256 of the ByteRange into
/// the DER CMS that goes into `/Contents`. For signers other than the workspace key.
pub fn sign_pdf_detached(
    pdf: &[u8],
    fields: &SignatureFields,
    make_cms: impl FnOnce(&[u8]) -> Result<Vec<u8>>,
) -> Result<Vec<u8>> {
    let mut doc: IncrementalDocument = pdf.try_into().map_err(pdf_invalid)?;
    let page_id = first_page(&doc)?;
    let sig_id = doc.new_document.new_object_id();
    let widget_id = doc.new_document.new_object_id();
    doc.new_document.objects.insert(sig_id, Object::Dictionary(signature_dictionary(fields)));
    doc.new_document.objects.insert(widget_id, Object::Dictionary(widget(sig_id, widget_id, page_id)));
    add_to_array_entry(&mut doc, page_id, b"Annots", widget_id)?;
    add_field_to_acroform(&mut doc, widget_id)?;

    let mut out = Vec::with_capacity(pdf.len() + 2 * fields.contents_capacity + 4096);
    doc.save_to(&mut out).map_err(pdf_invalid)?;
    let slots = Placeholders::find(&out, pdf.len(), fields.contents_capacity)?;
    let range = slots.write_byte_range(&mut out)?;
    let digest = byte_range_digest(&out, range);
    let cms = make_cms(&digest)?;
    slots.write_contents(&mut out, &cms)?;
    Ok(out)
}

fn pdf_invalid(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::SignPdfInvalid).with("detail", e)
}

fn first_page(doc: &IncrementalDocument) -> Result<ObjectId> {
    doc.get_prev_documents().get_pages().get(&1).copied().ok_or_else(|| pdf_invalid("the PDF has no page"))
}

/// Ten digits: ByteRange values up to 9 999 999 999 fit the placeholder.
const RANGE_PLACEHOLDER: i64 = 9_999_999_999;

fn signature_dictionary(fields: &SignatureFields) -> Dictionary {
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(fields.sub_filter.name().to_vec()));
    let placeholder = vec![0.into(), RANGE_PLACEHOLDER.into(), RANGE_PLACEHOLDER.into(), RANGE_PLACEHOLDER.into()];
    sig.set("ByteRange", Object::Array(placeholder));
    sig.set("Contents", Object::String(vec![0; fields.contents_capacity], StringFormat::Hexadecimal));
    sig.set("M", Object::String(pdf_date(fields.signing_time).into_bytes(), StringFormat::Literal));
    for (key, value) in [("Name", &fields.name), ("Reason", &fields.reason), ("Location", &fields.location)] {
        if let Some(value) = value {
            sig.set(key, pdf_text(value));
        }
    }
    sig
}

/// An invisible (zero-size), printable and locked signature field on the page.
fn widget(sig_id: ObjectId, widget_id: ObjectId, page_id: ObjectId) -> Dictionary {
    let mut w = Dictionary::new();
    w.set("Type", Object::Name(b"Annot".to_vec()));
    w.set("Subtype", Object::Name(b"Widget".to_vec()));
    w.set("FT", Object::Name(b"Sig".to_vec()));
    w.set("T", pdf_text(&format!("Signature{}", widget_id.0)));
    w.set("V", Object::Reference(sig_id));
    w.set("Rect", Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]));
    w.set("F", Object::Integer(132));
    w.set("P", Object::Reference(page_id));
    w
}

/// Appends `item` to the array at `key` of the dictionary object `owner`, wherever the array
/// lives (inline, in its own object, or not yet there); the changed objects go to the update.
fn add_to_array_entry(doc: &mut IncrementalDocument, owner: ObjectId, key: &[u8], item: ObjectId) -> Result<()> {
    doc.opt_clone_object_to_new_document(owner).map_err(pdf_invalid)?;
    let current = doc.new_document.get_dictionary(owner).map_err(pdf_invalid)?.get(key).ok().cloned();
    match current {
        Some(Object::Reference(array_id)) => {
            doc.opt_clone_object_to_new_document(array_id).map_err(pdf_invalid)?;
            match doc.new_document.get_object_mut(array_id).map_err(pdf_invalid)? {
                Object::Array(items) => items.push(Object::Reference(item)),
                _ => return Err(pdf_invalid(format!("/{} is not an array", String::from_utf8_lossy(key)))),
            }
        }
        Some(Object::Array(mut items)) => {
            items.push(Object::Reference(item));
            doc.new_document.get_dictionary_mut(owner).map_err(pdf_invalid)?.set(key, Object::Array(items));
        }
        _ => {
            let items = Object::Array(vec![Object::Reference(item)]);
            doc.new_document.get_dictionary_mut(owner).map_err(pdf_invalid)?.set(key, items);
        }
    }
    Ok(())
}

fn add_field_to_acroform(doc: &mut IncrementalDocument, field: ObjectId) -> Result<()> {
    let root = doc.get_prev_documents().trailer.get(b"Root").and_then(Object::as_reference).map_err(pdf_invalid)?;
    doc.opt_clone_object_to_new_document(root).map_err(pdf_invalid)?;
    let acroform = doc.new_document.get_dictionary(root).map_err(pdf_invalid)?.get(b"AcroForm").ok().cloned();
    let form_id = match acroform {
        Some(Object::Reference(id)) => id,
        other => {
            // An inline (or missing) form moves into its own object so one path handles both.
            let form = match other {
                Some(Object::Dictionary(d)) => d,
                _ => Dictionary::new(),
            };
            let id = doc.new_document.add_object(Object::Dictionary(form));
            doc.new_document.get_dictionary_mut(root).map_err(pdf_invalid)?.set("AcroForm", Object::Reference(id));
            id
        }
    };
    add_to_array_entry(doc, form_id, b"Fields", field)?;
    doc.new_document.get_dictionary_mut(form_id).map_err(pdf_invalid)?.set("SigFlags", Object::Integer(3));
    Ok(())
}

/// A PDF text string: literal ASCII, or UTF-16BE with a byte order mark for anything else.
fn pdf_text(text: &str) -> Object {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSS+HH'mm'` (PDF 32000-1 § 7.9.4).
fn pdf_date(t: OffsetDateTime) -> String {
    let offset = t.offset();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}{sign}{:02}'{:02}'",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        offset.whole_hours().unsigned_abs(),
        offset.minutes_past_hour().unsigned_abs()
    )
}

/// Where the ByteRange array and the `/Contents` hex string landed in the written update.
struct Placeholders {
    /// Offset of `[` of the ByteRange array and its length up to and including `]`.
    range_at: usize,
    range_len: usize,
    /// Offset of `<` of the Contents string and its length up to and including `>`.
    contents_at: usize,
    contents_len: usize,
}

impl Placeholders {
    fn find(out: &[u8], update_from: usize, capacity: usize) -> Result<Placeholders> {
        let range_text = format!("[0 {RANGE_PLACEHOLDER} {RANGE_PLACEHOLDER} {RANGE_PLACEHOLDER}]");
        let mut contents_text = Vec::with_capacity(2 * capacity + 2);
        contents_text.push(b'<');
        contents_text.resize(2 * capacity + 1, b'0');
        contents_text.push(b'>');
        let range_at = find_once(out, update_from, range_text.as_bytes())?;
        let contents_at = find_once(out, update_from, &contents_text)?;
        Ok(Placeholders { range_at, range_len: range_text.len(), contents_at, contents_len: contents_text.len() })
    }

    /// Writes `[0 a b c]` (padded with spaces to the placeholder's length); returns the range.
    fn write_byte_range(&self, out: &mut [u8]) -> Result<[usize; 4]> {
        let gap_end = self.contents_at + self.contents_len;
        let range = [0, self.contents_at, gap_end, out.len() - gap_end];
        let mut text = format!("[{} {} {} {}", range[0], range[1], range[2], range[3]).into_bytes();
        if text.len() + 1 > self.range_len {
            return Err(pdf_invalid("the PDF is too large for the signature placeholder"));
        }
        text.resize(self.range_len - 1, b' ');
        text.push(b']');
        out[self.range_at..self.range_at + self.range_len].copy_from_slice(&text);
        Ok(range)
    }

    fn write_contents(&self, out: &mut [u8], cms: &[u8]) -> Result<()> {
        let room = (self.contents_len - 2) / 2;
        if cms.len() > room {
            return Err(Error::new(ErrorCode::SignFailed)
                .with("detail", format!("the signature needs {} bytes, {room} reserved", cms.len())));
        }
        let hex = hex::encode_upper(cms);
        out[self.contents_at + 1..self.contents_at + 1 + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(())
    }
}

fn find_once(haystack: &[u8], from: usize, needle: &[u8]) -> Result<usize> {
    let tail = &haystack[from.min(haystack.len())..];
    // Candidates by the first byte only (`[` and `<` are rare in an update), so a long run of
    // zeros is compared once rather than at every offset.
    let mut hits = (0..tail.len()).filter(|&i| tail[i] == needle[0] && tail[i..].starts_with(needle)).map(|i| from + i);
    match (hits.next(), hits.next()) {
        (Some(at), None) => Ok(at),
        _ => Err(pdf_invalid("the signature placeholder was not written once")),
    }
}

/// SHA-256 over the two ranges `[a, a+l)` of a ByteRange `[a l b m]`.
pub(crate) fn byte_range_digest(bytes: &[u8], range: [usize; 4]) -> Vec<u8> {
    let mut hash = Sha256::new();
    hash.update(&bytes[range[0]..range[0] + range[1]]);
    hash.update(&bytes[range[2]..range[2] + range[3]]);
    hash.finalize().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_texts_are_pdf_forms() {
        let t = time::macros::datetime!(2026-01-15 09:30:05 +07:00);
        assert_eq!(pdf_date(t), "D:20260115093005+07'00'");
        assert!(matches!(pdf_text("Sumedang"), Object::String(b, StringFormat::Literal) if b == b"Sumedang"));
        match pdf_text("Segel — Sumedang") {
            Object::String(b, StringFormat::Hexadecimal) => assert_eq!(&b[..4], &[0xfe, 0xff, 0, b'S']),
            other => panic!("{other:?}"),
        }
    }
}
