//! The hub as the issuer of its own documents (the recap report): who it is on the kop, and
//! the register of what it issued.
//!
//! The hub has no workspace profile. Its issuer is a region of the region list (Kabupaten
//! Sumedang, 32.11, by default) with an office profile of the same shape as a workspace's
//! (`livinglab_core::profile::Profile`, validated by the same rules) and the emblem. Until a
//! coordinator sets them (`hub profile set`), the shipped `assets/hub/issuer.json` is used:
//! Sumedang's office and address, no person's name.
//!
//! Issuing takes the next running number of its kind and year, makes the document's model,
//! hashes the model's canonical JSON (what the printed verification code carries), renders
//! and seals the PDF, stores the PDF in the blob store by its hash and commits the record and
//! its audit entry in one transaction: a failure uses up no number, and an issued document is
//! never changed (triggers).

use std::io::Write;

use livinglab_core::profile::{emblem_mime, Profile};
use livinglab_core::regions::Regions;
use livinglab_core::verification::VerificationCode;
use livinglab_core::{canonical_sha256, Error, ErrorCode, Lang, Result, Sha256Hash};
use livinglab_store::audit::{self, Change};
use livinglab_store::clock;
use livinglab_store::db::sql_err;
use livinglab_store::documents::{next_number, Issue, IssuedMeta};
use livinglab_store::workspace::RegionRef;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::hub::{Hub, HEAD, TMP_DIR};

/// The issuer the hub starts with (Sumedang's office, no names).
const SHIPPED: &str = include_str!("../../../assets/hub/issuer.json");

#[derive(Deserialize)]
struct Shipped {
    region: String,
    profile: Profile,
}

/// Who the hub is on what it issues.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HubProfile {
    pub region: RegionRef,
    pub profile: Profile,
    pub emblem_sha256: Option<String>,
    /// False while the shipped defaults stand (nothing set at this hub yet).
    pub set: bool,
}

/// A document the hub issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HubDocument {
    pub id: String,
    pub kind: String,
    pub number: String,
    pub period: Option<i32>,
    pub lang: String,
    pub title: String,
    pub data_sha256: String,
    pub pdf_sha256: String,
    /// The hub key that sealed the PDF.
    pub key_id: Option<String>,
    pub created_at: String,
}

fn region_ref(code: &str) -> Result<RegionRef> {
    Ok(RegionRef::from(Regions::get().require(code)?))
}

/// Sumedang's office as the app ships it: the coordinator regions address what they send to.
pub fn coordinator() -> Result<(RegionRef, Profile)> {
    let (code, profile) = shipped();
    Ok((region_ref(&code)?, profile))
}

fn shipped() -> (String, Profile) {
    let s: Shipped = serde_json::from_str(SHIPPED).expect("the shipped hub issuer reads");
    (s.region, s.profile)
}

/// The audit entry of a change to the hub's issuer.
fn record_change(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    action: &str,
    old: Option<serde_json::Value>,
    new: serde_json::Value,
) -> Result<()> {
    let change = Change { entity: "hub_profile", entity_id: "issuer", action, old, new: Some(new) };
    audit::append_in(tx, HEAD, actor, change)
}

const DOCUMENT_COLUMNS: &str = "id, kind, number, period, lang, title, data_sha256, pdf_sha256, key_id, created_at";

fn document_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<HubDocument> {
    Ok(HubDocument {
        id: r.get(0)?,
        kind: r.get(1)?,
        number: r.get(2)?,
        period: r.get(3)?,
        lang: r.get(4)?,
        title: r.get(5)?,
        data_sha256: r.get(6)?,
        pdf_sha256: r.get(7)?,
        key_id: r.get(8)?,
        created_at: r.get(9)?,
    })
}

impl Hub {
    /// Who the hub is on its documents: what was set here, else the shipped defaults.
    pub fn issuer(&self) -> Result<HubProfile> {
        let stored: Option<(String, String, Option<String>)> = self
            .conn
            .query_row("SELECT region_code, profile, emblem_sha256 FROM hub_profile", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(sql_err)?;
        match stored {
            Some((code, profile, emblem_sha256)) => {
                let profile: Profile = serde_json::from_str(&profile).map_err(|e| {
                    Error::new(ErrorCode::WorkspaceCorrupt)
                        .with("detail", format!("the hub profile does not read: {e}"))
                })?;
                Ok(HubProfile { region: region_ref(&code)?, profile, emblem_sha256, set: true })
            }
            None => {
                let (code, profile) = shipped();
                Ok(HubProfile { region: region_ref(&code)?, profile, emblem_sha256: None, set: false })
            }
        }
    }

    /// The emblem printed in the hub's kop, if one was set.
    pub fn emblem(&self) -> Result<Option<Vec<u8>>> {
        let bytes: Option<Option<Vec<u8>>> =
            self.conn.query_row("SELECT emblem FROM hub_profile", [], |r| r.get(0)).optional().map_err(sql_err)?;
        Ok(bytes.flatten())
    }

    /// Sets the hub's region and office profile (validated as a workspace's), keeping the
    /// emblem, in one transaction with its audit entry.
    pub fn set_issuer(&mut self, region_code: &str, profile: Profile) -> Result<HubProfile> {
        let region = region_ref(region_code)?;
        let profile = profile.validated()?;
        let old = self.issuer()?;
        let text = serde_json::to_string(&profile).expect("a profile serializes");
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO hub_profile (singleton, region_code, profile, updated_at) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT(singleton) DO UPDATE SET region_code = excluded.region_code, profile = excluded.profile,
                    updated_at = excluded.updated_at",
                (&region.code, &text, clock::now()),
            )
            .map_err(sql_err)?;
            record_change(
                tx,
                actor,
                "set",
                old.set.then(|| json!({"region": old.region.code, "profile": old.profile})),
                json!({"region": region.code, "profile": profile}),
            )
        })?;
        self.issuer()
    }

    /// Stores the regional emblem (PNG or JPEG, at most 2 MB) for the hub's kop.
    pub fn set_emblem(&mut self, bytes: &[u8]) -> Result<HubProfile> {
        let mime = emblem_mime(bytes)?;
        let sha = Sha256Hash::of(bytes).to_string();
        let current = self.issuer()?;
        if !current.set {
            // The shipped defaults become this hub's own, so that the emblem has a row to sit in.
            self.set_issuer(&current.region.code.clone(), current.profile.clone())?;
        }
        self.write(|tx, actor| {
            tx.execute(
                "UPDATE hub_profile SET emblem = ?1, emblem_mime = ?2, emblem_sha256 = ?3, updated_at = ?4",
                (bytes, mime, &sha, clock::now()),
            )
            .map_err(sql_err)?;
            record_change(
                tx,
                actor,
                "set_emblem",
                current.emblem_sha256.as_ref().map(|s| json!({"emblem_sha256": s})),
                json!({"emblem_sha256": sha, "mime": mime, "size": bytes.len()}),
            )
        })?;
        self.issuer()
    }

    /// Issues a document of the hub (see the module documentation). `make` gets the running
    /// number and returns the model; `render` draws (and seals) the PDF from the model and the
    /// issued metadata. Returns the record and the PDF bytes.
    pub fn issue_document<M: Serialize>(
        &mut self,
        kind: &str,
        year: i32,
        period: Option<i32>,
        lang: Lang,
        make: impl FnOnce(u32) -> Result<Issue<M>>,
        render: impl FnOnce(&M, &IssuedMeta) -> Result<Vec<u8>>,
    ) -> Result<(HubDocument, Vec<u8>)> {
        let hub_id = self.info().id.clone();
        let tmp = self.dir().join(TMP_DIR).join(format!("{}.part", clock::new_id()));
        let blob_dir = self.dir().join(crate::hub::BLOB_DIR);
        let result = self.write(|tx, actor| {
            let seq = next_number(tx, "hub_document_counter", kind, year)?;
            let issue = make(seq)?;
            let (data_bytes, data_sha) = canonical_sha256(&issue.model)?;
            let meta = IssuedMeta {
                document_id: clock::new_id(),
                workspace_id: hub_id.clone(),
                number: issue.number.clone(),
                data_sha256: data_sha.to_string(),
                hub_url: None,
            };
            let pdf = render(&issue.model, &meta)?;
            let pdf_sha = Sha256Hash::of(&pdf);
            let write_tmp = || -> std::io::Result<()> {
                let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
                f.write_all(&pdf)?;
                f.sync_all()
            };
            write_tmp().map_err(|e| Error::io("write into the hub's tmp folder", e))?;
            let now = clock::now();
            tx.execute(
                "INSERT OR IGNORE INTO blob (sha256, size, stored_at) VALUES (?1, ?2, ?3)",
                (pdf_sha.as_str(), pdf.len() as i64, &now),
            )
            .map_err(sql_err)?;
            let record = HubDocument {
                id: meta.document_id.clone(),
                kind: kind.to_string(),
                number: issue.number,
                period,
                lang: lang.code().to_string(),
                title: issue.title,
                data_sha256: meta.data_sha256.clone(),
                pdf_sha256: pdf_sha.to_string(),
                key_id: issue.seal_key_id,
                created_at: now,
            };
            tx.execute(
                &format!("INSERT INTO hub_document ({DOCUMENT_COLUMNS}, data_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
                rusqlite::params![
                    record.id,
                    record.kind,
                    record.number,
                    record.period,
                    record.lang,
                    record.title,
                    record.data_sha256,
                    record.pdf_sha256,
                    record.key_id,
                    record.created_at,
                    String::from_utf8(data_bytes).expect("canonical JSON is UTF-8"),
                ],
            )
            .map_err(sql_err)?;
            audit::append_in(
                tx,
                HEAD,
                actor,
                Change {
                    entity: "hub_document",
                    entity_id: &record.id,
                    action: "issue",
                    old: None,
                    new: Some(json!({"kind": record.kind, "number": record.number, "period": record.period,
                        "data_sha256": record.data_sha256, "pdf_sha256": record.pdf_sha256, "key_id": record.key_id})),
                },
            )?;
            // Into place just before the commit; the same bytes already held stay as they are.
            let dest = blob_dir.join(pdf_sha.prefix()).join(pdf_sha.as_str());
            if dest.exists() {
                let _ = std::fs::remove_file(&tmp);
            } else {
                std::fs::create_dir_all(dest.parent().expect("a blob path has a folder"))
                    .map_err(|e| Error::io("create a blob folder", e))?;
                std::fs::rename(&tmp, &dest).map_err(|e| Error::io("move a blob into place", e))?;
            }
            Ok((record, pdf))
        });
        let _ = std::fs::remove_file(&tmp);
        result
    }

    /// The documents the hub issued, oldest first.
    pub fn issued_documents(&self) -> Result<Vec<HubDocument>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {DOCUMENT_COLUMNS} FROM hub_document ORDER BY created_at, number"))
            .map_err(sql_err)?;
        let rows = stmt.query_map([], document_row).map_err(sql_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(sql_err)
    }

    /// The document of this hub a verification code names (its id and the start of its data
    /// hash), if the hub issued it.
    pub fn find_issued(&self, code: &VerificationCode) -> Result<Option<HubDocument>> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {DOCUMENT_COLUMNS} FROM hub_document
                     WHERE id = ?1 AND substr(data_sha256, 1, length(?2)) = ?2"
                ),
                (&code.document_id, &code.sha256_prefix),
                document_row,
            )
            .optional()
            .map_err(sql_err)
    }

    /// The PDF of an issued document as the hub keeps it, checked against its hash.
    pub fn issued_pdf(&self, doc: &HubDocument) -> Result<Vec<u8>> {
        let sha = Sha256Hash::parse(&doc.pdf_sha256)?;
        let bytes = std::fs::read(self.blob_path(&sha)).map_err(|e| Error::io("read an issued document", e))?;
        if Sha256Hash::of(&bytes) != sha {
            return Err(Error::new(ErrorCode::WorkspaceCorrupt)
                .with("detail", format!("the PDF of {} does not match its hash", doc.number)));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_hub_issues_as_sumedang_until_its_own_profile_is_set() {
        let dir = tempfile::tempdir().unwrap();
        let mut hub = Hub::init(&dir.path().join("hub"), "Hub uji").unwrap();
        let issuer = hub.issuer().unwrap();
        assert!(!issuer.set);
        assert_eq!(issuer.region.name, "Kabupaten Sumedang");
        assert_eq!(issuer.profile.address, "Jalan Prabu Geusan Ulun No. 36, Sumedang");
        assert!(issuer.profile.clone().validated().is_ok(), "the shipped profile passes the rules it must");

        let mut profile = issuer.profile.clone();
        profile.office_head.name = "Dr. Contoh Nama, M.Si.".into();
        profile.email = "bukan surel".into();
        let e = hub.set_issuer("32.11", profile.clone()).unwrap_err();
        assert_eq!(e.code, ErrorCode::EmailInvalid);
        assert!(!hub.issuer().unwrap().set, "a refused profile changes nothing");
        profile.email = "diskominfosanditik@sumedangkab.go.id".into();
        let set = hub.set_issuer("32.11", profile).unwrap();
        assert!(set.set);
        assert_eq!(set.profile.office_head.name, "Dr. Contoh Nama, M.Si.");
        assert_eq!(hub.set_issuer("99.99", set.profile.clone()).unwrap_err().code, ErrorCode::RegionUnknown);
        assert_eq!(hub.set_emblem(b"GIF89a").unwrap_err().code, ErrorCode::EmblemInvalid);
        let png = b"\x89PNG\r\n\x1a\nrest";
        let with = hub.set_emblem(png).unwrap();
        assert_eq!(with.emblem_sha256.as_deref(), Some(Sha256Hash::of(png).as_str()));
        assert_eq!(hub.emblem().unwrap().as_deref(), Some(&png[..]));
        assert!(hub.verify_audit().unwrap().intact);
    }

    #[test]
    fn an_issued_document_takes_the_next_number_and_a_failed_one_takes_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut hub = Hub::init(&dir.path().join("hub"), "Hub uji").unwrap();
        let issue = |n: u32| Issue {
            number: format!("LR-2024-{n}"),
            title: "Laporan".into(),
            model: json!({"n": n}),
            seal_key_id: None,
        };
        let failed = hub.issue_document(
            "recap",
            2024,
            Some(2024),
            Lang::Id,
            |n| Ok(issue(n)),
            |_, _| Err(Error::new(ErrorCode::DocumentFailed).with("detail", "uji")),
        );
        assert!(failed.is_err());
        let (doc, pdf) = hub
            .issue_document(
                "recap",
                2024,
                Some(2024),
                Lang::Id,
                |n| Ok(issue(n)),
                |_, meta| Ok(format!("%PDF-1.7 {}", meta.document_id).into_bytes()),
            )
            .unwrap();
        assert_eq!(doc.number, "LR-2024-1");
        assert_eq!(hub.issued_pdf(&doc).unwrap(), pdf);
        let code = VerificationCode::new(&doc.id, &doc.data_sha256);
        assert_eq!(hub.find_issued(&code).unwrap(), Some(doc.clone()));
        let other = VerificationCode::new(&doc.id, &"0".repeat(64));
        assert_eq!(hub.find_issued(&other).unwrap(), None);
        assert_eq!(hub.issued_documents().unwrap(), [doc]);
        assert!(std::fs::read_dir(dir.path().join("hub").join(TMP_DIR)).unwrap().next().is_none());
        assert!(hub.verify_audit().unwrap().intact);
    }
}
