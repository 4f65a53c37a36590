//! What a received package holds, as a coordinator opens it: its framework's indicators (with
//! the levels the region gave and how much evidence each has), the documents it carries (the
//! report PDF, the commitment letter, their TTE-signed copies and scans), its evidence files and
//! links, its reviews and whether it locks its period. And the one way to a stored file of a
//! package: by the package and a hash that package lists, never by a path.
//!
//! Everything is read from the package's verified `data/period.json` and the hub's records; a
//! data file that does not read as expected shows less, never fails the view.

use std::collections::BTreeMap;
use std::path::PathBuf;

use livinglab_core::framework::Framework;
use livinglab_core::indicator_value::ValueBasis;
use livinglab_core::regions::Regions;
use livinglab_core::{format, Error, ErrorCode, Lang, Result, Sha256Hash};
use livinglab_store::db::sql_err;
use rusqlite::OptionalExtension;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::heatmap::FrameworkRef;
use crate::hub::{Hub, PackageRow};
use crate::review::ReviewRow;

/// One indicator of the package's framework, with what the region gave for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorLine {
    pub id: String,
    pub number: u32,
    pub name: String,
    pub level: Option<u8>,
    /// Evidence items (files and links) the package holds for it.
    pub evidence: usize,
    /// A framework of decimal values (Pemdi 2026): the value the region counts, shown with two
    /// decimals in the reader's language, and where it comes from (`ValueBasis`).
    pub value_display: Option<String>,
    pub basis: Option<String>,
    /// Its butir: how many the region marked complete, of how many, and how many the
    /// evaluators returned for revision.
    pub butir_complete: usize,
    pub butir_total: usize,
    pub butir_revisi: usize,
}

/// A document the package carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageDocument {
    pub id: String,
    /// letter or report.
    pub kind: String,
    pub number: String,
    pub title: String,
    /// issued, signed or tte.
    pub status: String,
    pub created_at: String,
    /// The PDF as the region's app issued and sealed it.
    pub pdf_sha256: String,
    /// The TTE-signed PDF that came back, when it did.
    pub tte_sha256: Option<String>,
    /// The scan of the paper signed in ink, when attached.
    pub scan_sha256: Option<String>,
    /// The file name a copy of the PDF gets.
    pub file_name: String,
}

/// An evidence item of the package: a stored file (by hash) or a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageEvidence {
    pub indicator: String,
    pub letter: String,
    pub name: String,
    /// `<indikator>.<huruf>.<nama>`, as the region's app names it.
    pub display_name: String,
    pub sha256: Option<String>,
    pub size: Option<u64>,
    pub url: Option<String>,
}

/// A package as the coordinators' console opens it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PackageDetail {
    pub package: PackageRow,
    pub region_name: String,
    pub province: String,
    pub framework_id: String,
    pub framework_version: String,
    pub framework_name: String,
    pub index_display: String,
    pub indicators: Vec<IndicatorLine>,
    pub documents: Vec<PackageDocument>,
    pub evidence: Vec<PackageEvidence>,
    /// Every review of the package, oldest first.
    pub reviews: Vec<ReviewRow>,
    /// Whether an acceptance of this package locks its region's period now.
    pub locks_period: bool,
    /// Whether the region's period is locked (by this package or an earlier one).
    pub period_locked: bool,
}

/// A stored file of a package, found by its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    pub path: PathBuf,
    /// The name a copy gets (the evidence's or the document's).
    pub name: String,
    pub role: String,
}

#[derive(Deserialize, Default)]
struct Data {
    #[serde(default)]
    answers: Vec<DataAnswer>,
    #[serde(default)]
    evidence: Vec<DataEvidence>,
    #[serde(default)]
    documents: Vec<DataDocument>,
    #[serde(default)]
    values: Vec<DataValue>,
    #[serde(default)]
    butir: Vec<DataButir>,
}

/// One indicator's value as the region's package states it (read, never trusted: a value
/// outside [1, 5] or a basis this build does not know is shown as none).
#[derive(Deserialize)]
struct DataValue {
    indicator: String,
    value: Option<String>,
    basis: Option<String>,
}

#[derive(Deserialize)]
struct DataButir {
    indicator: String,
    #[serde(default)]
    complete: bool,
    review: Option<String>,
}

#[derive(Deserialize)]
struct DataAnswer {
    indicator: String,
    level: Option<u8>,
}

#[derive(Deserialize)]
struct DataEvidence {
    indicator: String,
    #[serde(default)]
    letter: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    display_name: String,
    sha256: Option<String>,
    size: Option<u64>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct DataDocument {
    id: String,
    kind: String,
    number: String,
    title: String,
    status: String,
    created_at: String,
    pdf_sha256: String,
    tte_sha256: Option<String>,
    signed_scan_sha256: Option<String>,
}

/// A name a file can take on any system: letters, digits, dot and dash.
fn file_safe(s: &str) -> String {
    let cleaned: String =
        s.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '.' { c } else { '-' }).collect();
    let trimmed = cleaned.trim_matches(['-', '.']);
    if trimmed.is_empty() {
        "berkas".into()
    } else {
        trimmed.chars().take(120).collect()
    }
}

/// The extension a stored document's bytes call for (a scan may be an image).
fn extension_of(path: &std::path::Path) -> &'static str {
    use std::io::Read;
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    match &head[..n] {
        [0x89, b'P', b'N', b'G', ..] => "png",
        [0xFF, 0xD8, ..] => "jpg",
        _ => "pdf",
    }
}

impl Hub {
    fn package_row(&self, package_id: &str) -> Result<PackageRow> {
        let region: Option<String> = self
            .conn
            .query_row("SELECT region_code FROM package WHERE package_id = ?1", [package_id], |r| r.get(0))
            .optional()
            .map_err(sql_err)?;
        let region = region.ok_or_else(|| Error::new(ErrorCode::PackageUnknown).with("id", package_id))?;
        self.packages(Some(&region), None)?
            .into_iter()
            .find(|p| p.package_id == package_id)
            .ok_or_else(|| Error::new(ErrorCode::PackageUnknown).with("id", package_id))
    }

    /// The framework a package was assessed against (as the heat map finds it); a package
    /// whose data names none, or one neither shipped nor carried, is `framework.unknown`.
    pub fn framework_of_package(&self, package_id: &str) -> Result<Framework> {
        let data = self.package_data(package_id)?.unwrap_or(serde_json::Value::Null);
        let named = FrameworkRef::of_data(&data);
        named
            .as_ref()
            .and_then(|n| self.package_framework(package_id, n))
            .ok_or_else(|| Error::new(ErrorCode::FrameworkUnknown).with("id", named.map(|n| n.id).unwrap_or_default()))
    }

    /// The parts of a package's data the console shows (empty when it does not read).
    fn contents_of(&self, package_id: &str) -> Result<Data> {
        Ok(self.package_data(package_id)?.and_then(|v| serde_json::from_value::<Data>(v).ok()).unwrap_or_default())
    }

    /// A received package with its indicators, documents, evidence and reviews.
    pub fn package_detail(&self, package_id: &str, lang: Lang) -> Result<PackageDetail> {
        let package = self.package_row(package_id)?;
        let fw = self.framework_of_package(package_id)?;
        let data = self.contents_of(package_id)?;
        let levels: BTreeMap<&str, Option<u8>> = data.answers.iter().map(|a| (a.indicator.as_str(), a.level)).collect();
        let mut evidence_count: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &data.evidence {
            *evidence_count.entry(e.indicator.as_str()).or_default() += 1;
        }
        let value_of = |id: &str| {
            let v = data.values.iter().find(|v| v.indicator == id)?;
            let basis = v.basis.as_deref().and_then(ValueBasis::parse)?;
            let value = match v.value.as_deref() {
                Some(text) => Some(text.parse::<Decimal>().ok().filter(|x| livinglab_core::levels::is_index(*x))?),
                None => None,
            };
            Some((value, basis))
        };
        let mut indicators: Vec<IndicatorLine> = fw
            .indicators
            .iter()
            .map(|i| {
                let value = value_of(&i.id);
                let butir: Vec<&DataButir> = data.butir.iter().filter(|b| b.indicator == i.id).collect();
                IndicatorLine {
                    id: i.id.clone(),
                    number: i.number,
                    name: i.name.get(lang).to_string(),
                    level: levels.get(i.id.as_str()).copied().flatten(),
                    evidence: evidence_count.get(i.id.as_str()).copied().unwrap_or(0),
                    value_display: value.and_then(|(v, basis)| match basis {
                        ValueBasis::AssumedOne => Some("1".to_string()),
                        _ => v.map(|v| format::decimal(v, 2, lang)),
                    }),
                    basis: value.map(|(_, b)| b.as_str().to_string()),
                    butir_complete: butir.iter().filter(|b| b.complete).count(),
                    butir_total: butir.len(),
                    butir_revisi: butir.iter().filter(|b| b.review.as_deref() == Some("revisi")).count(),
                }
            })
            .collect();
        indicators.sort_by_key(|i| i.number);
        let documents = data
            .documents
            .iter()
            .map(|d| PackageDocument {
                id: d.id.clone(),
                kind: d.kind.clone(),
                number: d.number.clone(),
                title: d.title.clone(),
                status: d.status.clone(),
                created_at: d.created_at.clone(),
                pdf_sha256: d.pdf_sha256.clone(),
                tte_sha256: d.tte_sha256.clone(),
                scan_sha256: d.signed_scan_sha256.clone(),
                file_name: format!("{}.pdf", file_safe(&format!("{} {}", d.title, d.number))),
            })
            .collect();
        let evidence = data
            .evidence
            .iter()
            .map(|e| PackageEvidence {
                indicator: e.indicator.clone(),
                letter: e.letter.clone(),
                name: e.name.clone(),
                display_name: if e.display_name.is_empty() { e.name.clone() } else { e.display_name.clone() },
                sha256: e.sha256.clone(),
                size: e.size,
                url: e.url.clone(),
            })
            .collect();
        let lock = self.period_lock(&package.region, package.period)?;
        let region = Regions::get().find(&package.region);
        let index_display =
            package.index.parse().map(|i| format::index(i, lang)).unwrap_or_else(|_| package.index.clone());
        Ok(PackageDetail {
            region_name: region.map_or_else(|| package.region.clone(), |r| r.name.clone()),
            province: region.map(|r| r.province.clone()).unwrap_or_default(),
            framework_id: fw.id.clone(),
            framework_version: fw.version.clone(),
            framework_name: fw.name.get(lang).to_string(),
            index_display,
            indicators,
            documents,
            evidence,
            reviews: self.reviews(Some(package_id))?,
            locks_period: lock.as_deref() == Some(package_id),
            period_locked: lock.is_some(),
            package,
        })
    }

    /// A stored file of a package by the hash the package lists for it; `evidence.unknown` for a
    /// hash it does not list.
    pub fn stored_file(&self, package_id: &str, sha256: &str) -> Result<PackageFile> {
        let unknown = || Error::new(ErrorCode::EvidenceUnknown).with("id", sha256);
        let hash = Sha256Hash::parse(sha256).map_err(|_| unknown())?;
        let role: String = self
            .conn
            .query_row(
                "SELECT role FROM package_file WHERE package_id = ?1 AND sha256 = ?2 ORDER BY path LIMIT 1",
                (package_id, hash.as_str()),
                |r| r.get(0),
            )
            .optional()
            .map_err(sql_err)?
            .ok_or_else(unknown)?;
        let data = self.contents_of(package_id)?;
        let named = data
            .evidence
            .iter()
            .find(|e| e.sha256.as_deref() == Some(hash.as_str()))
            .map(|e| file_safe(if e.display_name.is_empty() { &e.name } else { &e.display_name }));
        let path = self.blob_path(&hash);
        let document = data.documents.iter().find_map(|d| {
            let suffix = if d.pdf_sha256 == hash.as_str() {
                ""
            } else if d.tte_sha256.as_deref() == Some(hash.as_str()) {
                " TTE"
            } else if d.signed_scan_sha256.as_deref() == Some(hash.as_str()) {
                " scan"
            } else {
                return None;
            };
            Some(format!("{}.{}", file_safe(&format!("{} {}{suffix}", d.title, d.number)), extension_of(&path)))
        });
        let name = named.or(document).unwrap_or_else(|| format!("{}.{}", hash.as_str(), extension_of(&path)));
        Ok(PackageFile { path, name, role })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_keeps_letters_digits_dots_and_dashes() {
        assert_eq!(file_safe("1.a.Perbup 1/2020.pdf"), "1.a.Perbup-1-2020.pdf");
        assert_eq!(file_safe("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_safe("..."), "berkas");
    }
}
