//! Sumedang's view across regions: the roster of expected regions and, per period, each
//! region's newest package (index, change from the year before, follow-up, review, key), the
//! distribution over the predicate bands and the median. Everything is computed here; the app
//! and the CLI only show it.

use std::collections::{BTreeMap, BTreeSet};

use livinglab_core::regions::Regions;
use livinglab_core::{format, Error, ErrorCode, Lang, Result, Sha256Hash};
use livinglab_store::audit::{self, Change};
use livinglab_store::clock;
use livinglab_store::db::sql_err;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;
use time::Date;

use crate::hub::{Hub, HEAD};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedRegion {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub province: String,
    pub expected: bool,
    pub package_id: Option<String>,
    pub seq: Option<i64>,
    pub index: Option<String>,
    pub index_display: Option<String>,
    pub predicate: Option<String>,
    /// Index minus the newest package's index of the period before.
    pub change: Option<String>,
    pub followup_rate: Option<String>,
    pub overdue: Option<u64>,
    pub review: Option<String>,
    pub key_status: Option<String>,
    pub last_package_at: Option<String>,
    /// Received by the period's due date (None: nothing received, or no due date set).
    pub on_time: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub predicate: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub period: i32,
    pub due: Option<String>,
    pub expected: usize,
    /// Expected regions with a package of the period.
    pub received: usize,
    pub on_time: usize,
    pub regions: Vec<RegionRow>,
    pub distribution: Vec<Band>,
    pub median_index: Option<String>,
}

/// Region codes from a file: one code a line, or a signatory CSV (`region,name`, as the joint
/// letter takes it; a header line is skipped). Every code must be a known kabupaten/kota.
pub fn parse_roster(text: &str) -> Result<Vec<ExpectedRegion>> {
    let regions = Regions::get();
    let mut out: Vec<ExpectedRegion> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let first = line.split(',').next().unwrap_or("").trim().trim_matches('"').trim();
        if first.is_empty() || first.starts_with('#') || (i == 0 && first.chars().any(|c| c.is_alphabetic())) {
            continue;
        }
        let region = regions.find(first).ok_or_else(|| {
            Error::new(ErrorCode::ImportRowInvalid)
                .with("row", i + 1)
                .with_detail(format!("kode daerah {first} tidak dikenal"), format!("region code {first} is unknown"))
        })?;
        if out.iter().all(|r| r.code != region.code) {
            out.push(ExpectedRegion { code: region.code.clone(), name: region.name.clone() });
        }
    }
    Ok(out)
}

fn median(mut values: Vec<Decimal>) -> Option<Decimal> {
    values.sort();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / Decimal::TWO),
    }
}

struct Head {
    package_id: String,
    seq: i64,
    index: String,
    predicate: String,
    followup_rate: String,
    review: String,
    key_status: String,
    received_at: String,
    data_sha256: Option<String>,
}

impl Hub {
    /// Replaces the roster, in one transaction with its audit entry.
    pub fn set_expected(&mut self, regions: &[ExpectedRegion]) -> Result<()> {
        let now = clock::now();
        self.write(|tx, actor| {
            tx.execute("DELETE FROM expected_region", []).map_err(sql_err)?;
            for r in regions {
                tx.execute(
                    "INSERT INTO expected_region (code, name, added_at) VALUES (?1, ?2, ?3)",
                    (&r.code, &r.name, &now),
                )
                .map_err(sql_err)?;
            }
            let codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
            audit::append_in(
                tx,
                HEAD,
                actor,
                Change {
                    entity: "roster",
                    entity_id: "expected",
                    action: "set",
                    old: None,
                    new: Some(json!({"codes": codes})),
                },
            )
        })
    }

    pub fn expected(&self) -> Result<Vec<ExpectedRegion>> {
        let mut stmt = self.conn.prepare("SELECT code, name FROM expected_region ORDER BY code").map_err(sql_err)?;
        let rows = stmt.query_map([], |r| Ok(ExpectedRegion { code: r.get(0)?, name: r.get(1)? })).map_err(sql_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(sql_err)
    }

    /// Sets the date a period's packages are due.
    pub fn set_due(&mut self, period: i32, due: Date) -> Result<()> {
        let due = format::date_iso(due);
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO period_due (period, due) VALUES (?1, ?2) ON CONFLICT(period) DO UPDATE SET due = excluded.due",
                (period, &due),
            )
            .map_err(sql_err)?;
            audit::append_in(
                tx,
                HEAD,
                actor,
                Change { entity: "period_due", entity_id: &period.to_string(), action: "set", old: None, new: Some(json!({"due": due})) },
            )
        })
    }

    fn heads(&self, period: i32) -> Result<BTreeMap<String, Head>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT p.region_code, p.package_id, p.seq, p.index_value, p.predicate, p.followup_rate, p.review,
                        k.status, p.received_at,
                        (SELECT f.sha256 FROM package_file f WHERE f.package_id = p.package_id AND f.role = 'data')
                 FROM package p JOIN region_key k ON k.key_id = p.key_id
                 WHERE p.period = ?1
                   AND p.seq = (SELECT max(q.seq) FROM package q WHERE q.region_code = p.region_code AND q.period = p.period)",
            )
            .map_err(sql_err)?;
        let rows = stmt
            .query_map([period], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Head {
                        package_id: r.get(1)?,
                        seq: r.get(2)?,
                        index: r.get(3)?,
                        predicate: r.get(4)?,
                        followup_rate: r.get(5)?,
                        review: r.get(6)?,
                        key_status: r.get(7)?,
                        received_at: r.get(8)?,
                        data_sha256: r.get(9)?,
                    },
                ))
            })
            .map_err(sql_err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(sql_err)
    }

    /// The overdue actions the package's data counted on the day it was built.
    fn overdue_of(&self, data_sha256: &str) -> Option<u64> {
        let path = self.blob_path(&Sha256Hash::parse(data_sha256).ok()?);
        let data: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        data["followup"]["figures"]["overdue"].as_u64()
    }

    /// The view of one period across the expected regions and every region that reported.
    pub fn dashboard(&self, period: i32, lang: Lang) -> Result<Dashboard> {
        let expected = self.expected()?;
        let due: Option<String> = rusqlite::OptionalExtension::optional(self.conn.query_row(
            "SELECT due FROM period_due WHERE period = ?1",
            [period],
            |r| r.get(0),
        ))
        .map_err(sql_err)?;
        let heads = self.heads(period)?;
        let before = self.heads(period - 1)?;
        let expected_codes: BTreeSet<&str> = expected.iter().map(|r| r.code.as_str()).collect();
        let mut codes: BTreeSet<String> = expected_codes.iter().map(|c| c.to_string()).collect();
        codes.extend(heads.keys().cloned());
        let regions = Regions::get();
        let mut rows = Vec::new();
        for code in codes {
            let known = regions.find(&code);
            let name = known
                .map(|r| r.name.clone())
                .or_else(|| expected.iter().find(|e| e.code == code).map(|e| e.name.clone()))
                .unwrap_or_else(|| code.clone());
            let head = heads.get(&code);
            let index = head.and_then(|h| h.index.parse::<Decimal>().ok());
            let change = match (index, before.get(&code).and_then(|h| h.index.parse::<Decimal>().ok())) {
                (Some(now), Some(then)) => Some((now - then).round_dp(4).to_string()),
                _ => None,
            };
            let on_time = match (head, &due) {
                (Some(h), Some(d)) => Some(h.received_at.get(..10).unwrap_or("") <= d.as_str()),
                _ => None,
            };
            rows.push(RegionRow {
                expected: expected_codes.contains(code.as_str()),
                province: known.map(|r| r.province.clone()).unwrap_or_default(),
                name,
                package_id: head.map(|h| h.package_id.clone()),
                seq: head.map(|h| h.seq),
                index: head.map(|h| h.index.clone()),
                index_display: index.map(|i| format::index(i, lang)),
                predicate: head.map(|h| h.predicate.clone()),
                change,
                followup_rate: head.map(|h| h.followup_rate.clone()),
                overdue: head.and_then(|h| h.data_sha256.as_deref()).and_then(|s| self.overdue_of(s)),
                review: head.map(|h| h.review.clone()),
                key_status: head.map(|h| h.key_status.clone()),
                last_package_at: head.map(|h| h.received_at.clone()),
                on_time,
                code,
            });
        }
        // Ranked by the exact index, highest first; regions with nothing received last.
        rows.sort_by(|a, b| {
            let ia = a.index.as_deref().and_then(|i| i.parse::<Decimal>().ok());
            let ib = b.index.as_deref().and_then(|i| i.parse::<Decimal>().ok());
            ib.cmp(&ia).then_with(|| a.code.cmp(&b.code))
        });
        let counted: Vec<&RegionRow> =
            rows.iter().filter(|r| r.index.is_some() && (expected.is_empty() || r.expected)).collect();
        let mut bands: BTreeMap<String, usize> = BTreeMap::new();
        for r in &counted {
            *bands.entry(r.predicate.clone().unwrap_or_default()).or_default() += 1;
        }
        let median_index = median(counted.iter().filter_map(|r| r.index.as_deref()?.parse().ok()).collect());
        Ok(Dashboard {
            period,
            due,
            expected: expected.len(),
            received: rows.iter().filter(|r| r.expected && r.index.is_some()).count(),
            on_time: rows.iter().filter(|r| r.expected && r.on_time == Some(true)).count(),
            distribution: bands.into_iter().map(|(predicate, count)| Band { predicate, count }).collect(),
            median_index: median_index.map(|m| m.round_dp(4).to_string()),
            regions: rows,
        })
    }
}

/// The dashboard's columns, as the CSV and the workbook give them.
pub const COLUMNS: [&str; 15] = [
    "Peringkat",
    "Kode",
    "Daerah",
    "Provinsi",
    "Diharapkan",
    "Indeks",
    "Predikat",
    "Perubahan",
    "Tingkat tindak lanjut",
    "Terlambat",
    "Tinjauan",
    "Status kunci",
    "Paket terakhir",
    "Tepat waktu",
    "Id paket",
];

impl Dashboard {
    /// Each region as the cells of [`COLUMNS`]; the rank counts regions that reported.
    pub fn table(&self) -> Vec<Vec<String>> {
        let yes_no = |b: bool| if b { "ya" } else { "tidak" }.to_string();
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        self.regions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    if r.index.is_some() { (i + 1).to_string() } else { String::new() },
                    r.code.clone(),
                    r.name.clone(),
                    r.province.clone(),
                    yes_no(r.expected),
                    opt(&r.index),
                    opt(&r.predicate),
                    opt(&r.change),
                    opt(&r.followup_rate),
                    r.overdue.map(|o| o.to_string()).unwrap_or_default(),
                    opt(&r.review),
                    opt(&r.key_status),
                    opt(&r.last_package_at),
                    r.on_time.map(yes_no).unwrap_or_default(),
                    opt(&r.package_id),
                ]
            })
            .collect()
    }

    /// The table as CSV. A cell that a spreadsheet would take for a formula (=, +, -, @ first)
    /// is written with a leading apostrophe, so a region's name never runs as one.
    pub fn csv(&self) -> Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| Error::io("write the CSV", e);
        w.write_record(COLUMNS).map_err(io)?;
        for row in self.table() {
            let safe: Vec<String> = row
                .into_iter()
                .map(|c| {
                    let numeric = c.parse::<Decimal>().is_ok();
                    if !numeric && c.starts_with(['=', '+', '-', '@']) {
                        format!("'{c}")
                    } else {
                        c
                    }
                })
                .collect();
            w.write_record(&safe).map_err(io)?;
        }
        String::from_utf8(w.into_inner().map_err(|e| Error::io("write the CSV", e))?)
            .map_err(|e| Error::io("write the CSV", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_roster_reads_codes_or_a_signatory_csv() {
        let r = parse_roster("region,name\n32.04,Dadang\n32.11,Dony\n32.04,again\n").unwrap();
        assert_eq!(r.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["32.04", "32.11"]);
        let r = parse_roster("# penandatangan\n32.73\n\n").unwrap();
        assert_eq!(r[0].name, "Kota Bandung");
        let e = parse_roster("32.04\n99.99\n").unwrap_err();
        assert_eq!(e.param("row"), Some("2"));
    }

    #[test]
    fn a_csv_cell_that_looks_like_a_formula_is_text() {
        let row = RegionRow {
            code: "32.04".into(),
            name: "=HYPERLINK(\"http://x\")".into(),
            province: "@SUM(A1)".into(),
            expected: true,
            package_id: None,
            seq: None,
            index: None,
            index_display: None,
            predicate: None,
            change: Some("-0.2500".into()),
            followup_rate: None,
            overdue: None,
            review: None,
            key_status: None,
            last_package_at: None,
            on_time: None,
        };
        let d = Dashboard {
            period: 2024,
            due: None,
            expected: 1,
            received: 0,
            on_time: 0,
            regions: vec![row],
            distribution: vec![],
            median_index: None,
        };
        let csv = d.csv().unwrap();
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
        assert!(csv.contains("'@SUM(A1)"), "{csv}");
        // A negative change is a number, not a formula.
        assert!(csv.contains(",-0.2500,"), "{csv}");
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(median(vec![d("3.1"), d("2.0"), d("4.0"), d("1.0")]), Some(d("2.55")));
        assert_eq!(median(vec![d("3.1")]), Some(d("3.1")));
        assert_eq!(median(vec![]), None);
    }
}
