//! Documents issued from the workspace, their running numbers, the scan of a signed letter,
//! and the workspace's settings.
//!
//! Issuing is one transaction: the running number is taken, the document's model (everything
//! it prints) is made and its canonical bytes hashed, the PDF is rendered from that model with
//! the hash in its QR code, the PDF is stored under its own hash, and the record, its audit
//! entry and the stored-file row commit together. If anything fails, nothing is recorded and
//! the number is not used up; a PDF already written to the store is then an unreferenced blob
//! that nothing names (`evidence verify` reports it).

use livinglab_core::verification::VerificationCode;
use livinglab_core::{canonical_json, canonical_sha256, Error, ErrorCode, Lang, Result};
use rusqlite::{OptionalExtension, Row};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::audit::{self, Change};
use crate::clock;
use crate::db::sql_err;
use crate::evidence::{insert_file_row, write_bytes};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Letter,
    Report,
    /// The key enrolment letter (Surat Pendaftaran Kunci) a workspace sends to Sumedang.
    Enrolment,
    /// The cover letter (Surat Pengantar) that goes with a report and its package to Sumedang.
    Cover,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Letter => "letter",
            DocumentKind::Report => "report",
            DocumentKind::Enrolment => "enrolment",
            DocumentKind::Cover => "cover",
        }
    }

    /// The running numbers a kind draws from: every surat (the commitment letter and the
    /// enrolment letter and the cover letter) shares the office's register, so no two letters
    /// get one number.
    pub fn counter(self) -> &'static str {
        match self {
            DocumentKind::Letter | DocumentKind::Enrolment | DocumentKind::Cover => "letter",
            DocumentKind::Report => "report",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentRecord {
    pub id: String,
    pub kind: String,
    pub number: String,
    pub period_year: Option<i32>,
    pub lang: String,
    pub title: String,
    pub data_sha256: String,
    pub pdf_sha256: String,
    /// "issued"; "signed" once the scan of the signed paper is attached; "tte" once the
    /// TTE-signed PDF came back and verified.
    pub status: String,
    pub signed_scan_sha256: Option<String>,
    pub signed_at: Option<String>,
    pub created_at: String,
    /// The workspace key whose seal the issued PDF carries.
    pub seal_key_id: Option<String>,
    pub tte_sha256: Option<String>,
    pub tte_at: Option<String>,
}

const COLUMNS: &str = "id, kind, number, period_year, lang, title, data_sha256, pdf_sha256, status, signed_scan_sha256, signed_at, created_at, seal_key_id, tte_sha256, tte_at";

/// Takes the next running number of `kind` in `year` from a counter table (`kind`, `year`,
/// `last`), inside the caller's write transaction: a document that is not committed gives its
/// number back. Used by the workspace's documents and the hub's.
pub fn next_number(tx: &rusqlite::Transaction<'_>, counter_table: &str, kind: &str, year: i32) -> Result<u32> {
    let last: Option<u32> = tx
        .query_row(&format!("SELECT last FROM {counter_table} WHERE kind = ?1 AND year = ?2"), (kind, year), |r| {
            r.get(0)
        })
        .optional()
        .map_err(sql_err)?;
    let seq = last.unwrap_or(0) + 1;
    tx.execute(
        &format!(
            "INSERT INTO {counter_table} (kind, year, last) VALUES (?1, ?2, ?3)
             ON CONFLICT(kind, year) DO UPDATE SET last = excluded.last"
        ),
        (kind, year, seq),
    )
    .map_err(sql_err)?;
    Ok(seq)
}

fn record_from_row(r: &Row<'_>) -> rusqlite::Result<DocumentRecord> {
    Ok(DocumentRecord {
        id: r.get(0)?,
        kind: r.get(1)?,
        number: r.get(2)?,
        period_year: r.get(3)?,
        lang: r.get(4)?,
        title: r.get(5)?,
        data_sha256: r.get(6)?,
        pdf_sha256: r.get(7)?,
        status: r.get(8)?,
        signed_scan_sha256: r.get(9)?,
        signed_at: r.get(10)?,
        created_at: r.get(11)?,
        seal_key_id: r.get(12)?,
        tte_sha256: r.get(13)?,
        tte_at: r.get(14)?,
    })
}

/// What a document is being made from, before its hash is known.
pub struct Issue<M> {
    /// The document's number as printed (e.g. the nomor surat).
    pub number: String,
    pub title: String,
    /// Everything the document prints. Its canonical JSON is hashed and stored with the
    /// record; the PDF is drawn from it alone.
    pub model: M,
    /// The workspace key the rendered PDF will be sealed with, if any.
    pub seal_key_id: Option<String>,
}

/// A signed copy of an issued document that comes back.
#[derive(Clone, Copy)]
enum SignedCopy<'a> {
    /// The scan of the paper signed in ink.
    Scan,
    /// The TTE-signed PDF, with the report of its verification.
    Tte(&'a Value),
}

/// What the renderer knows when it draws the PDF.
#[derive(Debug, Clone)]
pub struct IssuedMeta {
    pub document_id: String,
    pub workspace_id: String,
    pub number: String,
    pub data_sha256: String,
    /// The hub's address when the region sends to one: the QR code then links to the hub's
    /// verification page.
    pub hub_url: Option<String>,
}

impl Workspace {
    /// A setting stored as JSON, or its default when never saved. One that no longer reads is a
    /// corrupt workspace, reported as such: never silently replaced by the default.
    pub fn setting<T: DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        let text: Option<String> = self
            .conn()
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(sql_err)?;
        match text {
            None => Ok(T::default()),
            Some(t) => serde_json::from_str(&t).map_err(|e| {
                Error::new(ErrorCode::WorkspaceCorrupt)
                    .with("detail", format!("the setting {key:?} does not read: {e}"))
            }),
        }
    }

    pub fn save_setting<T: Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        let new = serde_json::to_value(value).expect("settings serialize");
        let old: Option<String> = self
            .conn()
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(sql_err)?;
        let old = old.and_then(|t| serde_json::from_str::<Value>(&t).ok());
        if old.as_ref() == Some(&new) {
            return Ok(());
        }
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO setting (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, new.to_string(), clock::now()),
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change { entity: "setting", entity_id: key, action: "update", old, new: Some(new.clone()) },
            )
        })
    }

    /// The running number the next document of `kind` in `year` will get.
    pub fn next_document_number(&self, kind: DocumentKind, year: i32) -> Result<u32> {
        let last: Option<u32> = self
            .conn()
            .query_row("SELECT last FROM document_counter WHERE kind = ?1 AND year = ?2", (kind.counter(), year), |r| {
                r.get(0)
            })
            .optional()
            .map_err(sql_err)?;
        Ok(last.unwrap_or(0) + 1)
    }

    /// Issues a document (see the module documentation). `make` gets the running number and
    /// returns the document's model; `render` draws the PDF from that model and the issued
    /// metadata (the hash its QR code carries). Returns the record and the PDF bytes.
    pub fn issue_document<M: Serialize>(
        &mut self,
        kind: DocumentKind,
        year: i32,
        period_year: Option<i32>,
        lang: Lang,
        make: impl FnOnce(u32) -> Result<Issue<M>>,
        render: impl FnOnce(&M, &IssuedMeta) -> Result<Vec<u8>>,
    ) -> Result<(DocumentRecord, Vec<u8>)> {
        let workspace_id = self.info().id.clone();
        let store = self.blob_store();
        let hub_url = Some(self.hub_link()?.url).filter(|u| !u.is_empty());
        self.write(|tx, actor| {
            let seq = next_number(tx, "document_counter", kind.counter(), year)?;
            let issue = make(seq)?;
            let (data_bytes, data_sha) = canonical_sha256(&issue.model)?;
            let data_json = String::from_utf8(data_bytes).expect("canonical JSON is UTF-8");
            let meta = IssuedMeta {
                document_id: clock::new_id(),
                workspace_id: workspace_id.clone(),
                number: issue.number.clone(),
                data_sha256: data_sha.to_string(),
                hub_url,
            };
            let pdf = render(&issue.model, &meta)?;
            // Stored before the commit: if the commit fails, the blob is merely unreferenced.
            let name = format!("{}.pdf", meta.document_id);
            let (pdf_sha, size, mime) = store.put(&name, pdf.len() as u64, |dest| write_bytes(&pdf, dest))?;
            insert_file_row(tx, &pdf_sha, size, mime, &name)?;
            let record = DocumentRecord {
                id: meta.document_id.clone(),
                kind: kind.as_str().to_string(),
                number: issue.number,
                period_year,
                lang: lang.code().to_string(),
                title: issue.title,
                data_sha256: meta.data_sha256.clone(),
                pdf_sha256: pdf_sha,
                status: "issued".into(),
                signed_scan_sha256: None,
                signed_at: None,
                created_at: clock::now(),
                seal_key_id: issue.seal_key_id,
                tte_sha256: None,
                tte_at: None,
            };
            tx.execute(
                &format!("INSERT INTO document ({COLUMNS}, data_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"),
                rusqlite::params![
                    record.id,
                    record.kind,
                    record.number,
                    record.period_year,
                    record.lang,
                    record.title,
                    record.data_sha256,
                    record.pdf_sha256,
                    record.status,
                    record.signed_scan_sha256,
                    record.signed_at,
                    record.created_at,
                    record.seal_key_id,
                    record.tte_sha256,
                    record.tte_at,
                    data_json
                ],
            )
            .map_err(sql_err)?;
            audit::append(
                tx,
                actor,
                Change {
                    entity: "document",
                    entity_id: &record.id,
                    action: "issue",
                    old: None,
                    new: Some(json!({"kind": record.kind, "number": record.number, "data_sha256": record.data_sha256, "pdf_sha256": record.pdf_sha256})),
                },
            )?;
            Ok((record, pdf))
        })
    }

    /// The bytes of an issued document's PDF, from the workspace's store.
    pub fn document_pdf(&self, id: &str) -> Result<Vec<u8>> {
        let doc = self.document(id)?;
        std::fs::read(self.stored_path(&doc.pdf_sha256)?).map_err(|e| Error::io("read the stored PDF", e))
    }

    /// Every document issued, newest first.
    pub fn documents(&self) -> Result<Vec<DocumentRecord>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM document ORDER BY created_at DESC, rowid DESC"))
            .map_err(sql_err)?;
        let rows = stmt.query_map([], record_from_row).map_err(sql_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
    }

    pub fn document(&self, id: &str) -> Result<DocumentRecord> {
        self.conn()
            .query_row(&format!("SELECT {COLUMNS} FROM document WHERE id = ?1"), [id], record_from_row)
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::DocumentUnknown).with("id", id))
    }

    /// The canonical data a document was made from.
    pub fn document_data(&self, id: &str) -> Result<Value> {
        let text: String = self
            .conn()
            .query_row("SELECT data_json FROM document WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::DocumentUnknown).with("id", id))?;
        serde_json::from_str(&text).map_err(|e| Error::new(ErrorCode::WorkspaceCorrupt).with("detail", e))
    }

    /// The document whose QR code carries `text` (see `livinglab_core::verification`), or
    /// whose id or data hash (at least its first 16 digits) `text` is, if the workspace holds it.
    /// A code must name both the document and its hash: a code whose hash does not match the
    /// record's finds nothing.
    pub fn find_document(&self, text: &str) -> Result<Option<DocumentRecord>> {
        let documents = self.documents()?;
        if let Some(code) = VerificationCode::parse(text) {
            return Ok(documents
                .into_iter()
                .find(|d| d.id == code.document_id && d.data_sha256.starts_with(&code.sha256_prefix)));
        }
        let needle = text.trim().to_lowercase();
        Ok(documents.into_iter().find(|d| needle == d.id || (needle.len() >= 16 && d.data_sha256.starts_with(&needle))))
    }

    /// Attaches the scan of the signed paper (PDF or image) to a document; it becomes "signed".
    pub fn attach_signed_scan(&mut self, id: &str, name: &str, data: &[u8]) -> Result<DocumentRecord> {
        let lower = name.to_lowercase();
        let expected = [
            (".pdf", "application/pdf"),
            (".png", "image/png"),
            (".jpg", "image/jpeg"),
            (".jpeg", "image/jpeg"),
            (".tif", "image/tiff"),
            (".tiff", "image/tiff"),
        ]
        .iter()
        .find(|(ext, _)| lower.ends_with(ext))
        .map(|(_, mime)| *mime);
        // The content must be what the name says: a text file renamed .pdf is no scan.
        if expected.is_none() || infer::get(data).map(|k| k.mime_type()) != expected {
            return Err(Error::new(ErrorCode::ScanTypeRefused).with("name", name));
        }
        self.attach_to_document(id, name, data, SignedCopy::Scan)
    }

    /// Attaches the TTE-signed PDF that came back for a document, with the report of its
    /// verification (the caller verified it first); the document becomes "tte".
    pub fn attach_tte_pdf(&mut self, id: &str, name: &str, data: &[u8], report: &Value) -> Result<DocumentRecord> {
        self.attach_to_document(id, name, data, SignedCopy::Tte(report))
    }

    /// Stores a signed copy of a document and moves its status, with the audit entry, in one write.
    fn attach_to_document(
        &mut self,
        id: &str,
        name: &str,
        data: &[u8],
        copy: SignedCopy<'_>,
    ) -> Result<DocumentRecord> {
        let doc = self.document(id)?;
        let report_text = match copy {
            SignedCopy::Tte(report) => {
                Some(String::from_utf8(canonical_json(report)?).expect("canonical JSON is UTF-8"))
            }
            SignedCopy::Scan => None,
        };
        let (sha, size, mime) = self.store_blob(name, data.len() as u64, |dest| write_bytes(data, dest))?;
        let name = name.to_string();
        self.write(|tx, actor| {
            insert_file_row(tx, &sha, size, mime, &name)?;
            let now = clock::now();
            let (action, old, new) = match copy {
                SignedCopy::Scan => {
                    tx.execute(
                        "UPDATE document SET status = 'signed', signed_scan_sha256 = ?1, signed_at = ?2 WHERE id = ?3",
                        (&sha, &now, &doc.id),
                    )
                    .map_err(sql_err)?;
                    (
                        "attach_signed_scan",
                        json!({"status": doc.status, "signed_scan_sha256": doc.signed_scan_sha256}),
                        json!({"status": "signed", "signed_scan_sha256": sha, "name": name}),
                    )
                }
                SignedCopy::Tte(report) => {
                    tx.execute(
                        "UPDATE document SET status = 'tte', tte_sha256 = ?1, tte_report = ?2, tte_at = ?3 WHERE id = ?4",
                        (&sha, &report_text, &now, &doc.id),
                    )
                    .map_err(sql_err)?;
                    (
                        "attach_tte",
                        json!({"status": doc.status, "tte_sha256": doc.tte_sha256}),
                        json!({"status": "tte", "tte_sha256": sha, "name": name, "verification": report}),
                    )
                }
            };
            audit::append(
                tx,
                actor,
                Change { entity: "document", entity_id: &doc.id, action, old: Some(old), new: Some(new) },
            )
        })?;
        self.document(id)
    }

    /// The verification report stored with a document's TTE-signed PDF.
    pub fn document_tte_report(&self, id: &str) -> Result<Option<Value>> {
        let text: Option<String> = self
            .conn()
            .query_row("SELECT tte_report FROM document WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(sql_err)?
            .ok_or_else(|| Error::new(ErrorCode::DocumentUnknown).with("id", id))?;
        text.map(|t| serde_json::from_str(&t).map_err(|e| Error::new(ErrorCode::WorkspaceCorrupt).with("detail", e)))
            .transpose()
    }

    /// The bytes of a stored file named by a record.
    pub fn stored_bytes(&self, sha256: &str) -> Result<Vec<u8>> {
        std::fs::read(self.stored_path(sha256)?).map_err(|e| Error::io("read a stored file", e))
    }
}
