//! The national benchmark: the results KemenPAN-RB published for each evaluation year, beside
//! which the hub sets the regions it follows.
//!
//! - [`Hub::import_benchmark`] reads a results file through `livinglab_core::published` (every
//!   cell checked, each index recomputed, each regional name matched to its Kemendagri code) and
//!   replaces that year's rows in one transaction with its audit entry. A new hub holds the
//!   shipped years from the start ([`store_shipped`], inside `Hub::init`'s transaction).
//! - [`Hub::match_benchmark_row`] is the coordinator's own match of a row to a code. It is kept
//!   by the printed name's key, so a later import of the year applies it again, and it wins over
//!   the name matcher.
//! - [`Hub::benchmark`] gives a year's rows, means and, for one region, its place.
//!
//! Invariant: a file is refused whole or imported whole: nothing is written before every row
//! holds, and a refused file changes nothing. No code is held by two rows of one year.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use livinglab_core::published::{self, Government, Kind, Place, PublishedResults, PublishedRow};
use livinglab_core::regions::Regions;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::audit::{self, Change};
use livinglab_store::clock;
use livinglab_store::db::{sql_err, stored};
use rusqlite::{OptionalExtension, Transaction};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::hub::{Hub, HEAD};

/// A regional government's row whose name matched no code (or one another row holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedRow {
    /// Its line in the file.
    pub row: usize,
    pub instansi: String,
    pub jenis: String,
}

/// A row whose published index is more than 0.01 from the one its D1–D4 give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InconsistentRow {
    pub row: usize,
    pub instansi: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub published: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub computed: Decimal,
}

/// The rows of a year that need a coordinator's look (`hub benchmark issues --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkIssues {
    pub year: i32,
    pub unmatched: Vec<UnmatchedRow>,
    pub inconsistent: Vec<InconsistentRow>,
}

/// What an import did (`hub benchmark import --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkImport {
    pub year: i32,
    pub rows: usize,
    /// Rows with a Kemendagri code (by name or by the coordinator's match).
    pub matched: usize,
    /// Of those, matched by the coordinator.
    pub manual: usize,
    /// Central agencies: a group of their own, without a code.
    pub central: usize,
    pub unmatched: Vec<UnmatchedRow>,
    pub inconsistent: Vec<InconsistentRow>,
}

/// How a row got its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MatchedBy {
    Name,
    Manual,
    /// A regional government's row that matched nothing.
    None,
    Central,
}

impl MatchedBy {
    fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Name => "name",
            MatchedBy::Manual => "manual",
            MatchedBy::None => "none",
            MatchedBy::Central => "central",
        }
    }
}

/// A row of `hub benchmark show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkRow {
    pub code: Option<String>,
    /// The Kemendagri name of a matched row ("Kabupaten Sumedang"), else the name as printed.
    pub name: String,
    pub kind: Kind,
    /// The official (published) index.
    #[serde(with = "rust_decimal::serde::str")]
    pub index: Decimal,
    /// The official (published) predicate.
    pub predicate: String,
}

/// A province's figures: its own government's index and the mean of its kabupaten/kota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProvinceFigures {
    pub code: String,
    pub name: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub index: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub kabupaten_kota_mean: Option<Decimal>,
    /// How many of its kabupaten/kota the year's results hold.
    pub kabupaten_kota: usize,
}

/// One region's place in the year's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionPlace {
    pub code: String,
    pub name: String,
    pub kind: Kind,
    /// The official (published) index and predicate.
    #[serde(with = "rust_decimal::serde::str")]
    pub index: Decimal,
    pub predicate: String,
    /// The index its published D1–D4 give, and whether the published one is within 0.01 of it.
    #[serde(with = "rust_decimal::serde::str")]
    pub computed_index: Decimal,
    pub consistent: bool,
    /// Among every institution of the year, central agencies included.
    pub national: Place,
    /// Among its peers: provinces among the provinces, kabupaten/kota among the kabupaten/kota.
    pub among_peers: Place,
    /// A kabupaten/kota among the kabupaten/kota of its province.
    pub in_province: Option<Place>,
}

/// A year's results (`hub benchmark show --json`). Means are of the published indices, rounded
/// to 4 decimals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Benchmark {
    pub year: i32,
    /// The mean over every row of the year (KemenPAN-RB's own national index may be computed
    /// otherwise: for 2023 it printed 2.79, the mean of its rows is 2.82).
    #[serde(with = "rust_decimal::serde::str")]
    pub national_mean: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub provincial_mean: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub kabupaten_kota_mean: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub central_mean: Option<Decimal>,
    pub provinces: Vec<ProvinceFigures>,
    /// Highest index first; equal ones in the file's order.
    pub rows: Vec<BenchmarkRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionPlace>,
}

/// A row matched by hand (`hub benchmark match --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManualMatch {
    pub year: i32,
    pub row: usize,
    pub instansi: String,
    pub code: String,
    pub name: String,
    pub kind: Kind,
}

/// A file read whole but never past the largest results file plus one byte, so a huge file is
/// refused by its size without being held in memory.
fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(format!("read {}", path.display()), e))?;
    let mut bytes = Vec::new();
    file.take(published::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(format!("read {}", path.display()), e))?;
    Ok(bytes)
}

fn manual_matches(tx: &Transaction<'_>, year: i32) -> Result<HashMap<String, String>> {
    let mut stmt = tx.prepare("SELECT name_key, code FROM benchmark_match WHERE year = ?1").map_err(sql_err)?;
    let rows = stmt.query_map([year], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql_err)?;
    rows.collect::<rusqlite::Result<HashMap<String, String>>>().map_err(sql_err)
}

/// The code each row gets: the coordinator's matches first, then the name matcher in file order;
/// a name match whose code a row already holds leaves the row unmatched rather than let two rows
/// be one government.
fn assign(rows: &[PublishedRow], manual: &HashMap<String, String>) -> Vec<(Option<Government>, MatchedBy)> {
    let mut taken = HashSet::new();
    let mut assigned: Vec<Option<(Option<Government>, MatchedBy)>> = rows
        .iter()
        .map(|row| {
            let government =
                manual.get(&published::name_key(&row.instansi)).and_then(|c| published::government(c).ok())?;
            taken.insert(government.code()).then_some((Some(government), MatchedBy::Manual))
        })
        .collect();
    for (row, slot) in rows.iter().zip(assigned.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        *slot = Some(if !row.is_regional() {
            (None, MatchedBy::Central)
        } else {
            match row.government() {
                Some(g) if taken.insert(g.code()) => (Some(g), MatchedBy::Name),
                _ => (None, MatchedBy::None),
            }
        });
    }
    assigned.into_iter().map(|slot| slot.expect("every row assigned")).collect()
}

/// Replaces the year's rows with `results`, inside the caller's transaction, with its audit entry.
fn store_year(
    tx: &Transaction<'_>,
    actor: &str,
    results: &PublishedResults,
    file_name: &str,
    file_sha256: &str,
) -> Result<BenchmarkImport> {
    let year = results.year;
    let before: Option<(i64, String)> = tx
        .query_row(
            "SELECT (SELECT count(*) FROM benchmark_row WHERE year = ?1), file_sha256 FROM benchmark_year WHERE year = ?1",
            [year],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql_err)?;
    tx.execute("DELETE FROM benchmark_row WHERE year = ?1", [year]).map_err(sql_err)?;
    let framework = format!("{}@{}", results.framework.id, results.framework.version);
    tx.execute(
        "INSERT INTO benchmark_year (year, framework, file_name, file_sha256, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (year) DO UPDATE SET framework = ?2, file_name = ?3, file_sha256 = ?4, imported_at = ?5",
        (year, &framework, file_name, file_sha256, clock::now()),
    )
    .map_err(sql_err)?;

    let assigned = assign(&results.rows, &manual_matches(tx, year)?);
    let mut summary = BenchmarkImport {
        year,
        rows: results.rows.len(),
        matched: 0,
        manual: 0,
        central: 0,
        unmatched: Vec::new(),
        inconsistent: Vec::new(),
    };
    let mut insert = tx
        .prepare(
            "INSERT INTO benchmark_row (year, line, section, no, instansi, jenis, d1, d2, d3, d4, index_value, predicate,
                 computed_index, computed_predicate, consistent, kind, code, matched_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        )
        .map_err(sql_err)?;
    for (row, (government, matched_by)) in results.rows.iter().zip(&assigned) {
        match matched_by {
            MatchedBy::Name => summary.matched += 1,
            MatchedBy::Manual => {
                summary.matched += 1;
                summary.manual += 1;
            }
            MatchedBy::Central => summary.central += 1,
            MatchedBy::None => summary.unmatched.push(UnmatchedRow {
                row: row.line,
                instansi: row.instansi.clone(),
                jenis: row.jenis.as_str().to_string(),
            }),
        }
        if !row.recomputed.consistent {
            summary.inconsistent.push(InconsistentRow {
                row: row.line,
                instansi: row.instansi.clone(),
                published: row.index,
                computed: row.recomputed.index,
            });
        }
        let kind = government.map_or(row.jenis, |g| g.kind());
        let d = |i: usize| row.domains[i].to_string();
        insert
            .execute(rusqlite::params![
                year,
                row.line as i64,
                row.section,
                row.no,
                row.instansi,
                row.jenis.as_str(),
                d(0),
                d(1),
                d(2),
                d(3),
                row.index.to_string(),
                row.predicate,
                row.recomputed.index.to_string(),
                row.recomputed.predicate.name,
                row.recomputed.consistent,
                kind.as_str(),
                government.map(|g| g.code()),
                matched_by.as_str(),
            ])
            .map_err(sql_err)?;
    }
    audit::append_in(
        tx,
        HEAD,
        actor,
        Change {
            entity: "benchmark_year",
            entity_id: &year.to_string(),
            action: if before.is_some() { "replace" } else { "import" },
            old: before.map(|(rows, sha)| json!({"rows": rows, "file_sha256": sha})),
            new: Some(json!({
                "file_name": file_name,
                "file_sha256": file_sha256,
                "framework": framework,
                "rows": summary.rows,
                "matched": summary.matched,
                "unmatched": summary.unmatched.len(),
                "inconsistent": summary.inconsistent.len(),
            })),
        },
    )?;
    Ok(summary)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Stores the results that ship with the app: a new hub has them from the start.
pub(crate) fn store_shipped(tx: &Transaction<'_>, actor: &str) -> Result<Vec<BenchmarkImport>> {
    published::SHIPPED
        .iter()
        .map(|s| {
            let results = published::parse(s.text.as_bytes())?;
            store_year(tx, actor, &results, s.file_name, &sha256_hex(s.text.as_bytes()))
        })
        .collect()
}

struct StoredRow {
    line: usize,
    instansi: String,
    index: Decimal,
    predicate: String,
    computed_index: Decimal,
    consistent: bool,
    kind: Kind,
    code: Option<String>,
    /// The government of `code`, looked up once.
    government: Option<Government>,
}

impl StoredRow {
    fn name(&self) -> String {
        self.government.map_or_else(|| self.instansi.clone(), |g| g.name())
    }

    fn province_code(&self) -> Option<&'static str> {
        self.government.map(|g| g.province_code())
    }
}

impl Hub {
    /// Imports a results file (see the module documentation); the year is the file's.
    pub fn import_benchmark(&mut self, file_name: &str, bytes: &[u8]) -> Result<BenchmarkImport> {
        let results = published::parse(bytes)?;
        let sha = sha256_hex(bytes);
        self.write(|tx, actor| store_year(tx, actor, &results, file_name, &sha))
    }

    pub fn import_benchmark_file(&mut self, path: &Path) -> Result<BenchmarkImport> {
        let bytes = read_bounded(path)?;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        self.import_benchmark(&name, &bytes)
    }

    /// Imports the results that ship with the app again (a hub made before they shipped).
    pub fn import_shipped_benchmark(&mut self) -> Result<Vec<BenchmarkImport>> {
        self.write(store_shipped)
    }

    /// The years whose results the hub holds, latest first.
    pub fn benchmark_years(&self) -> Result<Vec<i32>> {
        let mut stmt = self.conn.prepare("SELECT year FROM benchmark_year ORDER BY year DESC").map_err(sql_err)?;
        let years = stmt.query_map([], |r| r.get(0)).map_err(sql_err)?;
        years.collect::<rusqlite::Result<Vec<i32>>>().map_err(sql_err)
    }

    fn require_year(&self, year: i32) -> Result<()> {
        let known: bool = self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM benchmark_year WHERE year = ?1)", [year], |r| r.get(0))
            .map_err(sql_err)?;
        if known {
            Ok(())
        } else {
            Err(Error::new(ErrorCode::BenchmarkYearUnknown).with("year", year))
        }
    }

    /// Matches row `line` of `year` to `code` by hand: kept for the year's later imports, and
    /// refused when another row of the year holds the code.
    pub fn match_benchmark_row(&mut self, year: i32, line: usize, code: &str) -> Result<ManualMatch> {
        self.require_year(year)?;
        let government = published::government(code)?;
        let code = government.code();
        self.write(|tx, actor| {
            let (instansi, old_code, old_by): (String, Option<String>, String) = tx
                .query_row(
                    "SELECT instansi, code, matched_by FROM benchmark_row WHERE year = ?1 AND line = ?2",
                    (year, line as i64),
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()
                .map_err(sql_err)?
                .ok_or_else(|| Error::new(ErrorCode::BenchmarkRowUnknown).with("row", line).with("year", year))?;
            let holder: Option<(i64, String)> = tx
                .query_row(
                    "SELECT line, instansi FROM benchmark_row WHERE year = ?1 AND code = ?2 AND line != ?3",
                    (year, code, line as i64),
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(sql_err)?;
            if let Some((other, other_name)) = holder {
                return Err(Error::new(ErrorCode::BenchmarkCodeTaken)
                    .with("code", code)
                    .with("row", other)
                    .with("instansi", other_name)
                    .with("year", year));
            }
            let done = ManualMatch {
                year,
                row: line,
                instansi: instansi.clone(),
                code: code.to_string(),
                name: government.name(),
                kind: government.kind(),
            };
            if old_by == MatchedBy::Manual.as_str() && old_code.as_deref() == Some(code) {
                return Ok(done);
            }
            tx.execute(
                "UPDATE benchmark_row SET code = ?3, kind = ?4, matched_by = 'manual' WHERE year = ?1 AND line = ?2",
                (year, line as i64, code, government.kind().as_str()),
            )
            .map_err(sql_err)?;
            let key = published::name_key(&instansi);
            tx.execute(
                "INSERT INTO benchmark_match (year, name_key, instansi, code, matched_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (year, name_key) DO UPDATE SET instansi = ?3, code = ?4, matched_at = ?5",
                (year, &key, &instansi, code, clock::now()),
            )
            .map_err(sql_err)?;
            audit::append_in(
                tx,
                HEAD,
                actor,
                Change {
                    entity: "benchmark_match",
                    entity_id: &format!("{year}/{key}"),
                    action: "set",
                    old: Some(json!({"code": old_code, "matched_by": old_by})),
                    new: Some(json!({"row": line, "instansi": instansi, "code": code})),
                },
            )?;
            Ok(done)
        })
    }

    /// The rows of a year that need a look: regional governments whose name matched no code,
    /// and rows whose published index is not the one their D1–D4 give.
    pub fn benchmark_issues(&self, year: i32) -> Result<BenchmarkIssues> {
        self.require_year(year)?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT line, instansi, jenis, index_value, computed_index, consistent, matched_by
                 FROM benchmark_row WHERE year = ?1 AND (matched_by = 'none' OR consistent = 0) ORDER BY line",
            )
            .map_err(sql_err)?;
        let rows = stmt
            .query_map([year], |r| {
                Ok((
                    r.get::<_, i64>(0)? as usize,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    stored(3, r.get(3)?, published::stored_decimal)?,
                    stored(4, r.get(4)?, published::stored_decimal)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(sql_err)?;
        let mut issues = BenchmarkIssues { year, unmatched: Vec::new(), inconsistent: Vec::new() };
        for row in rows {
            let (line, instansi, jenis, published, computed, consistent, matched_by) = row.map_err(sql_err)?;
            if matched_by == MatchedBy::None.as_str() {
                issues.unmatched.push(UnmatchedRow { row: line, instansi: instansi.clone(), jenis });
            }
            if !consistent {
                issues.inconsistent.push(InconsistentRow { row: line, instansi, published, computed });
            }
        }
        Ok(issues)
    }

    fn benchmark_rows(&self, year: i32) -> Result<Vec<StoredRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT line, instansi, index_value, predicate, computed_index, consistent, kind, code
                 FROM benchmark_row WHERE year = ?1 ORDER BY line",
            )
            .map_err(sql_err)?;
        let rows = stmt
            .query_map([year], |r| {
                let code: Option<String> = r.get(7)?;
                Ok(StoredRow {
                    line: r.get::<_, i64>(0)? as usize,
                    instansi: r.get(1)?,
                    index: stored(2, r.get(2)?, published::stored_decimal)?,
                    predicate: r.get(3)?,
                    computed_index: stored(4, r.get(4)?, published::stored_decimal)?,
                    consistent: r.get(5)?,
                    kind: stored(6, r.get(6)?, Kind::from_stored)?,
                    government: code.as_deref().and_then(|c| published::government(c).ok()),
                    code,
                })
            })
            .map_err(sql_err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(sql_err)
    }

    /// The year of national results a self-assessment of `period` is set beside: the newest
    /// the hub holds that is not after the period.
    pub fn benchmark_year_for(&self, period: i32) -> Result<Option<i32>> {
        self.conn
            .query_row("SELECT max(year) FROM benchmark_year WHERE year <= ?1", [period], |r| r.get(0))
            .map_err(sql_err)
    }

    /// The official (published) index of every matched region of `year`, by code.
    pub(crate) fn official_indices(&self, year: i32) -> Result<HashMap<String, Decimal>> {
        Ok(self.benchmark_rows(year)?.into_iter().filter_map(|r| Some((r.code?, r.index))).collect())
    }

    /// A year's results with its means; with `region`, that region's place among them.
    pub fn benchmark(&self, year: i32, region: Option<&str>) -> Result<Benchmark> {
        self.require_year(year)?;
        let stored = self.benchmark_rows(year)?;
        let indices = |keep: &dyn Fn(&StoredRow) -> bool| -> Vec<Decimal> {
            stored.iter().filter(|r| keep(r)).map(|r| r.index).collect()
        };
        let all = indices(&|_| true);
        let provinces_of_year = indices(&|r| r.kind == Kind::Provinsi);
        let kabupaten_kota = indices(&|r| r.kind.is_kabupaten_kota());

        let provinces = Regions::get()
            .provinces
            .iter()
            .filter_map(|p| {
                let own = stored.iter().find(|r| r.kind == Kind::Provinsi && r.code.as_deref() == Some(&p.code));
                let regions = indices(&|r| r.kind.is_kabupaten_kota() && r.province_code() == Some(p.code.as_str()));
                (own.is_some() || !regions.is_empty()).then(|| ProvinceFigures {
                    code: p.code.clone(),
                    name: format!("Provinsi {}", p.name),
                    index: own.map(|r| r.index),
                    kabupaten_kota_mean: published::mean(&regions),
                    kabupaten_kota: regions.len(),
                })
            })
            .collect();

        let region = region
            .map(|code| {
                let government = published::government(code)?;
                let row = stored.iter().find(|r| r.code.as_deref() == Some(government.code())).ok_or_else(|| {
                    Error::new(ErrorCode::BenchmarkRegionAbsent).with("code", government.code()).with("year", year)
                })?;
                let peers = if row.kind == Kind::Provinsi { &provinces_of_year } else { &kabupaten_kota };
                let in_province = row.kind.is_kabupaten_kota().then(|| {
                    let same = indices(&|r| {
                        r.kind.is_kabupaten_kota() && r.province_code() == Some(government.province_code())
                    });
                    published::place(&same, row.index)
                });
                Ok(RegionPlace {
                    code: government.code().to_string(),
                    name: government.name(),
                    kind: row.kind,
                    index: row.index,
                    predicate: row.predicate.clone(),
                    computed_index: row.computed_index,
                    consistent: row.consistent,
                    national: published::place(&all, row.index),
                    among_peers: published::place(peers, row.index),
                    in_province,
                })
            })
            .transpose()?;

        let mut ranked: Vec<&StoredRow> = stored.iter().collect();
        ranked.sort_by(|a, b| b.index.cmp(&a.index).then(a.line.cmp(&b.line)));
        let rows = ranked
            .into_iter()
            .map(|r| BenchmarkRow {
                code: r.code.clone(),
                name: r.name(),
                kind: r.kind,
                index: r.index,
                predicate: r.predicate.clone(),
            })
            .collect();
        Ok(Benchmark {
            year,
            national_mean: published::mean(&all).unwrap_or_default(),
            provincial_mean: published::mean(&provinces_of_year),
            kabupaten_kota_mean: published::mean(&kabupaten_kota),
            central_mean: published::mean(&indices(&|r| r.kind == Kind::InstansiPusat)),
            provinces,
            rows,
            region,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hub() -> (tempfile::TempDir, Hub) {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::init(&dir.path().join("hub"), "Hub uji").unwrap();
        (dir, hub)
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_new_hub_holds_the_shipped_2023_results() {
        let (_dir, hub) = hub();
        assert_eq!(hub.benchmark_years().unwrap(), [2023]);
        let b = hub.benchmark(2023, Some("32.11")).unwrap();
        assert_eq!(b.rows.len(), 621);
        assert_eq!(b.rows.iter().filter(|r| r.code.is_some()).count(), 529);
        assert_eq!(b.rows.iter().filter(|r| r.kind == Kind::InstansiPusat).count(), 92);
        assert_eq!(b.national_mean, d("2.8159"));
        assert_eq!(b.provinces.len(), 38);
        let sumedang = b.region.unwrap();
        assert_eq!(
            (sumedang.name.as_str(), sumedang.index, sumedang.predicate.as_str()),
            ("Kabupaten Sumedang", d("4.14"), "Sangat Baik")
        );
        assert_eq!(sumedang.computed_index, d("4.13655"));
        let jabar = b.provinces.iter().find(|p| p.code == "32").unwrap();
        assert_eq!(jabar.kabupaten_kota, 27);
        assert!(hub.verify_audit().unwrap().intact);
    }

    const HEADER: &str = "year,section,no,instansi,jenis,D1,D2,D3,D4,indeks,predikat\n";
    const KUKAR_MISSPELT: &str =
        "2024,Pemerintah Daerah di Kalimantan Timur,1,Pemerintah Kab. Kutai Kertanegara,kabupaten,3.1,2.9,2.1,3.6,3.11,Baik\n";
    const KUKAR: &str =
        "2024,Pemerintah Daerah di Kalimantan Timur,2,Pemerintah Kab. Kutai Kartanegara,kabupaten,3.1,2.9,2.1,3.6,3.11,Baik\n";

    #[test]
    fn a_coordinators_match_wins_over_the_name_matcher_on_a_later_import() {
        let (_dir, mut hub) = hub();
        let first = hub.import_benchmark("2024.csv", format!("{HEADER}{KUKAR_MISSPELT}").as_bytes()).unwrap();
        assert_eq!((first.matched, first.unmatched.len()), (0, 1));
        assert_eq!(hub.benchmark_issues(2024).unwrap().unmatched, first.unmatched);
        hub.match_benchmark_row(2024, 2, "64.02").unwrap();
        assert!(hub.benchmark_issues(2024).unwrap().unmatched.is_empty(), "a matched row needs no look");
        // A later file lists both spellings: the hand match keeps its code, and the row the name
        // matcher would give the same code stays unmatched rather than make two rows one region.
        let again = hub.import_benchmark("2024.csv", format!("{HEADER}{KUKAR_MISSPELT}{KUKAR}").as_bytes()).unwrap();
        assert_eq!((again.matched, again.manual), (1, 1));
        assert_eq!(
            again.unmatched,
            [UnmatchedRow { row: 3, instansi: "Pemerintah Kab. Kutai Kartanegara".into(), jenis: "kabupaten".into() }]
        );
        let rows = hub.benchmark(2024, None).unwrap().rows;
        assert_eq!(rows.iter().filter(|r| r.code.as_deref() == Some("64.02")).count(), 1);
        assert!(hub.verify_audit().unwrap().intact);
    }

    #[test]
    fn a_refused_file_leaves_the_year_as_it_was() {
        let (_dir, mut hub) = hub();
        let e = hub.import_benchmark(
            "2023.csv",
            format!("{HEADER}{}", KUKAR.replace("2024", "2023").replace("3.6", "x")).as_bytes(),
        );
        assert_eq!(e.unwrap_err().code, ErrorCode::BenchmarkRowInvalid);
        assert_eq!(hub.benchmark(2023, None).unwrap().rows.len(), 621);
    }

    #[test]
    fn a_rank_counts_the_institutions_above() {
        let (_dir, hub) = hub();
        let b = hub.benchmark(2023, Some("32.11")).unwrap();
        let place = b.region.unwrap();
        let above = b.rows.iter().filter(|r| r.index > d("4.14")).count();
        assert_eq!(place.national.rank, above + 1);
        assert_eq!(place.national.of, 621);
        let peers_above = b.rows.iter().filter(|r| r.kind.is_kabupaten_kota() && r.index > d("4.14")).count();
        assert_eq!(place.among_peers.rank, peers_above + 1);
        assert_eq!(place.among_peers.of, 491);
        assert_eq!(place.in_province.unwrap().of, 27);
    }
}
