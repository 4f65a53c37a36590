//! The key registry: each region's public keys with a status.
//!
//! - `registered`: added with the fingerprint confirmed (`--confirm`, read from the enrolment
//!   letter and checked by telephone).
//! - `first_seen`: added without confirmation; its packages are imported but shown in red
//!   until the key is confirmed (adding it again with `--confirm`).
//! - `revoked`: its packages are refused from then on (those received stay, marked).
//!
//! A package signed by a key the registry does not hold for its region is refused, never
//! held or trusted on first use: nothing is written for it.

use base64::Engine;
use livinglab_core::regions::Regions;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_sign::{fingerprint_of, key_id_of, Identity};
use livinglab_store::audit::{self, Change};
use livinglab_store::clock;
use livinglab_store::db::sql_err;
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::json;

use crate::hub::{Hub, HEAD};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    Registered,
    FirstSeen,
    Revoked,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Registered => "registered",
            KeyStatus::FirstSeen => "first_seen",
            KeyStatus::Revoked => "revoked",
        }
    }

    pub fn from_stored(s: &str) -> Result<KeyStatus> {
        match s {
            "registered" => Ok(KeyStatus::Registered),
            "first_seen" => Ok(KeyStatus::FirstSeen),
            "revoked" => Ok(KeyStatus::Revoked),
            other => Err(Error::corrupt_value("key status", other)),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RegionKey {
    pub region: String,
    pub key_id: String,
    pub fingerprint: String,
    pub status: KeyStatus,
    pub source: String,
    pub added_at: String,
    pub confirmed_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A public key as given: the enrolment letter's QR text (`LLKEY1:<region>:<fingerprint>:
/// <base64>`), a PEM `PUBLIC KEY` block, or base64 SPKI DER. Returns the region the QR names
/// (if any) and the SPKI DER.
pub fn parse_public_key(text: &str) -> Result<(Option<String>, Vec<u8>)> {
    let invalid = |id: &str, en: &str| Error::new(ErrorCode::HubKeyInvalid).with_detail(id, en);
    let text = text.trim();
    let b64 = base64::engine::general_purpose::STANDARD;
    let (region, der) = if let Some(rest) = text.strip_prefix("LLKEY1:") {
        let parts: Vec<&str> = rest.splitn(3, ':').collect();
        let [region, fingerprint, key] = parts[..] else {
            return Err(invalid("teks QR tidak terdiri atas empat bagian", "the QR text has not four parts"));
        };
        let der = b64
            .decode(key.trim())
            .map_err(|_| invalid("kunci dalam teks QR bukan base64", "the key in the QR text is not base64"))?;
        if normalise(fingerprint) != normalise(&fingerprint_of(&der)) {
            return Err(invalid(
                "sidik jari dalam teks QR bukan sidik jari kuncinya",
                "the fingerprint in the QR text is not the key's",
            ));
        }
        (Some(region.to_string()), der)
    } else if text.starts_with("-----BEGIN PUBLIC KEY-----") {
        let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
        (None, b64.decode(body.trim()).map_err(|_| invalid("blok PEM bukan base64", "the PEM block is not base64"))?)
    } else {
        let compact: String = text.split_whitespace().collect();
        (
            None,
            b64.decode(compact).map_err(|_| {
                invalid("bukan teks LLKEY1, blok PEM, atau base64", "not LLKEY1 text, a PEM block or base64")
            })?,
        )
    };
    Identity::from_public_key(&der, time::OffsetDateTime::UNIX_EPOCH)
        .map_err(|_| invalid("bukan kunci publik P-256", "not a P-256 public key"))?;
    Ok((region, der))
}

/// The key the enrolment letter (the PDF the app issued) carries: the QR's text is also in
/// its metadata (Keywords). The letter must also bear a valid seal by that very key.
pub fn key_from_letter(pdf: &[u8]) -> Result<(Option<String>, Vec<u8>)> {
    let invalid = |d: &str| Error::new(ErrorCode::HubLetterInvalid).with("detail", d);
    // The verifier's bounded, guarded parser: a hostile letter is an error, never the end of
    // the process.
    let doc = livinglab_sign::verify::load_pdf(pdf).map_err(|_| invalid("not a readable PDF"))?;
    let mut payload = None;
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            if let Ok(lopdf::Object::String(bytes, _)) = dict.get(b"Keywords") {
                let text = decode_pdf_text(bytes);
                if let Some(start) = text.find("LLKEY1:") {
                    payload = Some(text[start..].split([',', ' ']).next().unwrap_or_default().to_string());
                }
            }
        }
    }
    let payload = payload.ok_or_else(|| invalid("no key in the letter; give the QR's text with --public-key"))?;
    let (region, der) = parse_public_key(&payload)?;
    let report = livinglab_sign::verify_pdf(pdf, &[], &[der.as_slice()], None)
        .map_err(|_| invalid("the letter's seal cannot be read"))?;
    let sealed = report.signatures.iter().any(|s| s.valid && s.kind == livinglab_sign::SignatureKind::Seal);
    if !sealed {
        return Err(invalid("the letter does not bear a valid seal by the key it names"));
    }
    Ok((region, der))
}

fn decode_pdf_text(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..].chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// A fingerprint as typed: groups, spaces or dashes, any case.
pub fn normalise(fingerprint: &str) -> String {
    fingerprint.chars().filter(|c| c.is_ascii_hexdigit()).map(|c| c.to_ascii_uppercase()).collect()
}

fn key_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RegionKey> {
    let status: String = r.get(3)?;
    Ok(RegionKey {
        region: r.get(0)?,
        key_id: r.get(1)?,
        fingerprint: r.get(2)?,
        status: livinglab_store::db::stored(3, status, KeyStatus::from_stored)?,
        source: r.get(4)?,
        added_at: r.get(5)?,
        confirmed_at: r.get(6)?,
        revoked_at: r.get(7)?,
    })
}

const COLUMNS: &str = "region_code, key_id, fingerprint, status, source, added_at, confirmed_at, revoked_at";

impl Hub {
    pub fn keys(&self) -> Result<Vec<RegionKey>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM region_key ORDER BY region_code, added_at, rowid"))
            .map_err(sql_err)?;
        let rows = stmt.query_map([], key_from_row).map_err(sql_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
    }

    pub fn key(&self, key_id: &str) -> Result<Option<RegionKey>> {
        self.conn
            .query_row(&format!("SELECT {COLUMNS} FROM region_key WHERE key_id = ?1"), [key_id], key_from_row)
            .optional()
            .map_err(sql_err)
    }

    /// Adds (or confirms) a region's key. `confirm` is the fingerprint the coordinator read
    /// from the letter; with it the key is `registered`, without it `first_seen`.
    pub fn add_key(
        &mut self,
        region: &str,
        named_region: Option<&str>,
        public_key: &[u8],
        confirm: Option<&str>,
        source: &str,
    ) -> Result<RegionKey> {
        Regions::get().require(region)?;
        if let Some(named) = named_region.filter(|n| *n != region) {
            return Err(Error::new(ErrorCode::HubKeyInvalid)
                .with("detail", format!("the letter is for region {named}, not {region}")));
        }
        let fingerprint = fingerprint_of(public_key);
        if let Some(given) = confirm {
            if normalise(given) != normalise(&fingerprint) {
                return Err(Error::new(ErrorCode::HubFingerprintMismatch)
                    .with("given", given)
                    .with("actual", &fingerprint));
            }
        }
        let key_id = key_id_of(public_key);
        let existing = self.key(&key_id)?;
        if let Some(k) = &existing {
            if k.region != region || k.status == KeyStatus::Revoked {
                return Err(Error::new(ErrorCode::HubKeyConflict).with("key_id", &key_id).with("region", &k.region));
            }
            if k.status == KeyStatus::Registered || confirm.is_none() {
                return Ok(k.clone());
            }
        }
        let status = if confirm.is_some() { KeyStatus::Registered } else { KeyStatus::FirstSeen };
        let now = clock::now();
        self.write(|tx, actor| {
            if existing.is_some() {
                tx.execute(
                    "UPDATE region_key SET status = 'registered', confirmed_at = ?2 WHERE key_id = ?1",
                    (&key_id, &now),
                )
                .map_err(sql_err)?;
            } else {
                tx.execute(
                    "INSERT INTO region_key (key_id, region_code, public_key, fingerprint, status, source, added_at, confirmed_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    rusqlite::params![
                        key_id,
                        region,
                        public_key,
                        fingerprint,
                        status.as_str(),
                        source,
                        now,
                        confirm.map(|_| now.clone())
                    ],
                )
                .map_err(sql_err)?;
            }
            audit::append_in(
                tx,
                HEAD,
                actor,
                Change {
                    entity: "region_key",
                    entity_id: &key_id,
                    action: if existing.is_some() { "confirm" } else { "add" },
                    old: existing.as_ref().map(|k| json!({"status": k.status.as_str()})),
                    new: Some(json!({"region": region, "fingerprint": fingerprint, "status": status.as_str(), "source": source})),
                },
            )
        })?;
        Ok(self.key(&key_id)?.expect("just written"))
    }

    pub fn revoke_key(&mut self, key_id: &str) -> Result<RegionKey> {
        let key = self.key(key_id)?.ok_or_else(|| Error::new(ErrorCode::HubKeyUnknown).with("key_id", key_id))?;
        if key.status == KeyStatus::Revoked {
            return Ok(key);
        }
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE region_key SET status = 'revoked', revoked_at = ?2 WHERE key_id = ?1",
                (key_id, clock::now()),
            )
            .map_err(sql_err)?;
            audit::append_in(
                tx,
                HEAD,
                actor,
                Change {
                    entity: "region_key",
                    entity_id: key_id,
                    action: "revoke",
                    old: Some(json!({"status": key.status.as_str()})),
                    new: Some(json!({"status": "revoked"})),
                },
            )
        })?;
        Ok(self.key(key_id)?.expect("exists"))
    }
}
