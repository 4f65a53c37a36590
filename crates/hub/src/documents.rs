//! The documents the received packages name, for the public verification page a document's
//! QR code leads to: it answers whether a document with that id and data hash was received
//! from a region, with its number, kind and date, and nothing private.

use livinglab_core::verification::VerificationCode;
use livinglab_core::{Result, Sha256Hash};
use livinglab_store::db::sql_err;
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::hub::Hub;

/// One document as `data/period.json` lists it (the fields the page needs).
#[derive(Debug, Clone, Deserialize)]
struct ListedDocument {
    id: String,
    kind: String,
    number: String,
    title: String,
    data_sha256: String,
    pdf_sha256: String,
    status: String,
    created_at: String,
}

#[derive(Deserialize)]
struct PeriodDocuments {
    #[serde(default)]
    documents: Vec<ListedDocument>,
}

/// What the verification page shows of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentVerification {
    pub document_id: String,
    pub region_code: String,
    pub kind: String,
    pub number: String,
    pub title: String,
    pub data_sha256: String,
    pub pdf_sha256: String,
    /// issued, signed (ink, scan attached) or tte.
    pub status: String,
    pub issued_at: String,
    /// The newest package that names it, and when the hub received that package.
    pub package_id: String,
    pub received_at: String,
    /// Whether the key that signed that package is registered (confirmed) at the hub.
    pub key_registered: bool,
}

/// Records the documents of a package from its verified `data/period.json`, inside the
/// transaction that records the package. A data file that lists none (or does not read as
/// a list) indexes nothing: the package itself verified, the page only answers less.
pub(crate) fn index_in(tx: &Transaction<'_>, package_id: &str, region: &str, data: &[u8]) -> Result<()> {
    let listed = serde_json::from_slice::<PeriodDocuments>(data).map(|p| p.documents).unwrap_or_default();
    for d in listed {
        tx.execute(
            "INSERT OR IGNORE INTO received_document (document_id, package_id, region_code, kind, number, title,
                data_sha256, pdf_sha256, status, issued_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                d.id.to_lowercase(),
                package_id,
                region,
                d.kind,
                d.number,
                d.title,
                d.data_sha256.to_lowercase(),
                d.pdf_sha256,
                d.status,
                d.created_at
            ],
        )
        .map_err(sql_err)?;
    }
    tx.execute("INSERT OR IGNORE INTO document_index (package_id) VALUES (?1)", [package_id]).map_err(sql_err)?;
    Ok(())
}

impl Hub {
    /// Indexes the documents of packages received before the index existed (from their data
    /// file in the blob store). Returns how many packages it indexed.
    pub fn index_missing_documents(&mut self) -> Result<usize> {
        let pending: Vec<(String, String, String)> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT p.package_id, p.region_code, f.sha256 FROM package p
                     JOIN package_file f ON f.package_id = p.package_id AND f.role = 'data'
                     WHERE p.package_id NOT IN (SELECT package_id FROM document_index)",
                )
                .map_err(sql_err)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).map_err(sql_err)?;
            rows.collect::<rusqlite::Result<_>>().map_err(sql_err)?
        };
        let mut done = 0;
        for (package_id, region, sha) in pending {
            let path = self.blob_path(&Sha256Hash::parse(&sha)?);
            let Ok(data) = std::fs::read(&path) else { continue };
            if Sha256Hash::of(&data).as_str() != sha {
                continue;
            }
            self.write(|tx, _| index_in(tx, &package_id, &region, &data))?;
            done += 1;
        }
        Ok(done)
    }

    /// The document a verification code names, as the newest package holding it says; None
    /// when no received package names a document with that id and data hash.
    pub fn verify_document(&self, code: &VerificationCode) -> Result<Option<DocumentVerification>> {
        self.conn
            .query_row(
                "SELECT d.document_id, d.region_code, d.kind, d.number, d.title, d.data_sha256, d.pdf_sha256, d.status,
                        d.issued_at, d.package_id, p.received_at, k.status = 'registered'
                 FROM received_document d
                 JOIN package p ON p.package_id = d.package_id
                 JOIN region_key k ON k.key_id = p.key_id
                 WHERE d.document_id = ?1 AND substr(d.data_sha256, 1, length(?2)) = ?2
                 ORDER BY p.seq DESC, p.received_at DESC LIMIT 1",
                (&code.document_id, &code.sha256_prefix),
                |r| {
                    Ok(DocumentVerification {
                        document_id: r.get(0)?,
                        region_code: r.get(1)?,
                        kind: r.get(2)?,
                        number: r.get(3)?,
                        title: r.get(4)?,
                        data_sha256: r.get(5)?,
                        pdf_sha256: r.get(6)?,
                        status: r.get(7)?,
                        issued_at: r.get(8)?,
                        package_id: r.get(9)?,
                        received_at: r.get(10)?,
                        key_registered: r.get(11)?,
                    })
                },
            )
            .optional()
            .map_err(sql_err)
    }
}
