//! Receipts: the hub's signed word that it holds a package.
//!
//! A receipt names the package (id, manifest hash, region, period, seq) and when the hub
//! received it, as canonical JSON signed by the hub's key. It is issued once per package and
//! given again unchanged when the same package is sent again, so a regency that lost the
//! answer gets the very receipt it missed. A regency counts a package as sent only with a
//! receipt that verifies under the hub key it pinned and names its package and manifest hash.

use base64::Engine;
use livinglab_core::{canonical_json, Error, ErrorCode, Result};
use livinglab_sign::{key_id_of, Signer};
use livinglab_store::audit::{self, Change};
use livinglab_store::clock;
use livinglab_store::db::sql_err;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::hub::{Hub, HEAD};

pub const RECEIPT_FORMAT: &str = "livinglab-receipt";
pub const RECEIPT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub format: String,
    pub format_version: u32,
    pub hub_id: String,
    pub hub_name: String,
    pub hub_key_id: String,
    pub package_id: String,
    pub manifest_sha256: String,
    pub region: String,
    pub period: i32,
    pub seq: i64,
    pub received_at: String,
}

/// A receipt as it travels and is kept: the exact signed bytes (as text) and the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedReceipt {
    /// The canonical JSON of the [`Receipt`]: the bytes the signature covers.
    pub receipt: String,
    /// DER ECDSA P-256 over `receipt`, base64.
    pub signature: String,
}

fn invalid(id: &str, en: &str) -> Error {
    Error::new(ErrorCode::ReceiptInvalid).with_detail(id, en)
}

impl SignedReceipt {
    /// Checks the receipt under the hub key (SPKI DER) and that it names this package with
    /// this manifest hash; returns what it says.
    pub fn verify(&self, hub_public_key: &[u8], package_id: &str, manifest_sha256: &str) -> Result<Receipt> {
        let receipt: Receipt =
            verify_signed_text(hub_public_key, &self.receipt, &self.signature, ErrorCode::ReceiptInvalid)?;
        let known = receipt.format == RECEIPT_FORMAT && receipt.format_version == RECEIPT_VERSION;
        check_header(known, &receipt.hub_key_id, hub_public_key, ErrorCode::ReceiptInvalid)?;
        if receipt.package_id != package_id || receipt.manifest_sha256 != manifest_sha256 {
            return Err(invalid(
                "tanda terima untuk paket lain atau isi manifest lain",
                "the receipt is for another package or another manifest",
            ));
        }
        Ok(receipt)
    }
}

/// What the hub signs (receipts, reviews) travels as its canonical JSON text and a base64
/// signature. Checks the signature under the hub key (SPKI DER) over exactly the text, that
/// the text reads as `T` and is canonical; errors carry `code` with a detail in both languages.
pub(crate) fn verify_signed_text<T: serde::de::DeserializeOwned + Serialize>(
    hub_public_key: &[u8],
    text: &str,
    signature: &str,
    code: ErrorCode,
) -> Result<T> {
    let fail = |id: String, en: String| Error::new(code).with_detail(id, en);
    let signature = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .map_err(|_| fail("tanda tangan bukan base64".into(), "the signature is not base64".into()))?;
    livinglab_sign::verify(hub_public_key, text.as_bytes(), &signature).map_err(|_| {
        fail(
            "tanda tangan tidak cocok dengan kunci hub yang disimpan".into(),
            "the signature does not verify under the hub key on record".into(),
        )
    })?;
    let value: T = serde_json::from_str(text)
        .map_err(|e| fail(format!("isinya tidak terbaca: {e}"), format!("the content does not read: {e}")))?;
    if canonical_json(&value)? != text.as_bytes() {
        return Err(fail("isinya bukan JSON kanonik".into(), "the content is not canonical JSON".into()));
    }
    Ok(value)
}

/// The format is the one this code reads, and the key it names is the key it verified under.
pub(crate) fn check_header(known_format: bool, key_id: &str, hub_public_key: &[u8], code: ErrorCode) -> Result<()> {
    if !known_format {
        return Err(Error::new(code).with_detail("formatnya tidak dikenal", "its format is unknown"));
    }
    if key_id != key_id_of(hub_public_key) {
        return Err(Error::new(code).with_detail("menyebut kunci hub lain", "it names another hub key"));
    }
    Ok(())
}

impl Hub {
    /// The hub's own key, made and stored on first need (in the key store the environment
    /// names: the OS keychain, or a key file for a hub that runs as a service).
    pub fn signer(&self, store: &livinglab_sign::Keystore) -> Result<Signer> {
        livinglab_sign::identity::load_or_create(store, &format!("hub-{}", self.info().id))
    }

    /// The receipt of a received package: the one issued before, or a new one, signed by
    /// `signer` and kept. None when the hub holds no such package.
    pub fn receipt(&mut self, package_id: &str, signer: &Signer) -> Result<Option<SignedReceipt>> {
        if let Some(kept) = self.kept_receipt(package_id)? {
            return Ok(Some(kept));
        }
        let row = self
            .conn
            .query_row(
                "SELECT manifest_sha256, region_code, period, seq, received_at FROM package WHERE package_id = ?1",
                [package_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i32>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()
            .map_err(sql_err)?;
        let Some((manifest_sha256, region, period, seq, received_at)) = row else { return Ok(None) };
        let info = self.info().clone();
        let receipt = Receipt {
            format: RECEIPT_FORMAT.into(),
            format_version: RECEIPT_VERSION,
            hub_id: info.id,
            hub_name: info.name,
            hub_key_id: signer.identity().key_id.clone(),
            package_id: package_id.into(),
            manifest_sha256,
            region,
            period,
            seq,
            received_at,
        };
        let bytes = canonical_json(&receipt)?;
        let signature = signer.sign(&bytes);
        let signed = SignedReceipt {
            receipt: String::from_utf8(bytes).expect("canonical JSON is UTF-8"),
            signature: base64::engine::general_purpose::STANDARD.encode(&signature),
        };
        self.write(|tx, actor| {
            // Two requests for one package at once: the first receipt stays.
            let added = tx
                .execute(
                    "INSERT OR IGNORE INTO receipt (package_id, receipt, signature, key_id, issued_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    (package_id, &signed.receipt, &signature, &receipt.hub_key_id, clock::now()),
                )
                .map_err(sql_err)?;
            if added == 1 {
                audit::append_in(
                    tx,
                    HEAD,
                    actor,
                    Change {
                        entity: "receipt",
                        entity_id: package_id,
                        action: "issue",
                        old: None,
                        new: Some(json!({"key_id": receipt.hub_key_id, "manifest_sha256": receipt.manifest_sha256})),
                    },
                )?;
            }
            Ok(())
        })?;
        self.kept_receipt(package_id)
    }

    fn kept_receipt(&self, package_id: &str) -> Result<Option<SignedReceipt>> {
        self.conn
            .query_row("SELECT receipt, signature FROM receipt WHERE package_id = ?1", [package_id], |r| {
                Ok(SignedReceipt {
                    receipt: r.get(0)?,
                    signature: base64::engine::general_purpose::STANDARD.encode(r.get::<_, Vec<u8>>(1)?),
                })
            })
            .optional()
            .map_err(sql_err)
    }
}
