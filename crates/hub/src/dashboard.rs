//! Sumedang's view across regions: the roster of expected regions and, per period, each
//! region's newest package (index, change from the year before, follow-up, review, key, the
//! gap to its official index), the distribution over the predicate bands and the median, all
//! over the regions a [`RegionFilter`] keeps. Everything is computed here; the app and the CLI
//! only show it.

use std::collections::{BTreeMap, BTreeSet};

use livinglab_core::regions::{RegionKind, Regions};
use livinglab_core::{format, Error, ErrorCode, Lang, Result};
use livinglab_store::audit::{self, Change};
use livinglab_store::clock;
use livinglab_store::db::sql_err;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Value};
use time::Date;

use crate::filter::RegionFilter;
use crate::hub::{Hub, HEAD};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedRegion {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub province: String,
    /// Kabupaten or kota; None for a code the region list does not hold.
    pub kind: Option<RegionKind>,
    pub expected: bool,
    /// Place in the ranking by the exact index (1 the highest), among the rows with a package.
    pub rank: Option<usize>,
    pub package_id: Option<String>,
    pub seq: Option<i64>,
    pub index: Option<String>,
    pub index_display: Option<String>,
    pub predicate: Option<String>,
    /// Index minus the newest package's index of the period before.
    pub change: Option<String>,
    pub followup_rate: Option<String>,
    /// The package's follow-up figures on the day it was built (`followup.figures` of its
    /// data): actions overdue, done, and counted (cancelled ones left out).
    pub overdue: Option<u64>,
    pub actions_done: Option<u64>,
    pub actions_total: Option<u64>,
    pub review: Option<String>,
    pub key_status: Option<String>,
    pub last_package_at: Option<String>,
    /// When the period's first package of the region came in.
    pub first_package_at: Option<String>,
    /// The period's first package came in by its due date (a revision Sumedang asked for does
    /// not make a region late). None: nothing received, or no due date set.
    pub on_time: Option<bool>,
    /// The region's official (published) index in the dashboard's `benchmark_year`.
    pub official_index: Option<String>,
    /// Self-assessed index minus the official one.
    pub gap: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub predicate: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub period: i32,
    /// The regions it is over (the province as its code).
    pub filter: RegionFilter,
    pub due: Option<String>,
    /// Expected regions the filter keeps.
    pub expected: usize,
    /// Expected regions with a package of the period.
    pub received: usize,
    pub on_time: usize,
    pub regions: Vec<RegionRow>,
    pub distribution: Vec<Band>,
    pub median_index: Option<String>,
    /// The year of national results the gaps are against: the newest the hub holds that is not
    /// after the period (the official evaluation of year Y assesses the same year as the
    /// self-assessment of period Y; before it is published, the latest before it stands in).
    pub benchmark_year: Option<i32>,
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

pub(crate) struct Head {
    pub(crate) package_id: String,
    pub(crate) seq: i64,
    pub(crate) index: String,
    pub(crate) predicate: String,
    followup_rate: String,
    review: String,
    key_status: String,
    received_at: String,
    first_received_at: String,
    pub(crate) data_sha256: Option<String>,
}

impl Head {
    pub(crate) fn index(&self) -> Option<Decimal> {
        self.index.parse().ok()
    }
}

/// The roster as a view sees it: the expected regions the filter keeps, and whether the hub
/// has a roster at all (with none, every region that reported counts).
pub(crate) struct Roster {
    pub(crate) regions: BTreeMap<String, String>,
    any: bool,
}

impl Roster {
    /// Whether the region's package counts for the median and the distribution.
    pub(crate) fn counts(&self, code: &str) -> bool {
        !self.any || self.regions.contains_key(code)
    }
}

/// The name of a region: the region list's, else the roster's, else its code.
pub(crate) fn region_name(code: &str, roster: &Roster) -> String {
    Regions::get()
        .find(code)
        .map(|r| r.name.clone())
        .or_else(|| roster.regions.get(code).cloned())
        .unwrap_or_else(|| code.to_string())
}

/// The median of the indices that count in a period: the expected regions' (every region's
/// with no roster) that the filter keeps.
pub(crate) fn median_of(heads: &BTreeMap<String, Head>, roster: &Roster) -> Option<Decimal> {
    median(heads.iter().filter(|(code, _)| roster.counts(code)).filter_map(|(_, h)| h.index()).collect())
}

/// Follow-up figures of a package's data, read defensively: a missing or odd field is None.
struct Figures {
    overdue: Option<u64>,
    done: Option<u64>,
    total: Option<u64>,
}

impl Figures {
    fn of(data: Option<&Value>) -> Figures {
        let figures = data.map(|d| &d["followup"]["figures"]);
        let get = |key: &str| figures.and_then(|f| f[key].as_u64());
        Figures { overdue: get("overdue"), done: get("done"), total: get("total") }
    }
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

    pub(crate) fn roster(&self, filter: &RegionFilter) -> Result<Roster> {
        let all = self.expected()?;
        Ok(Roster {
            any: !all.is_empty(),
            regions: all.into_iter().filter(|r| filter.keeps(&r.code)).map(|r| (r.code, r.name)).collect(),
        })
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

    fn due(&self, period: i32) -> Result<Option<String>> {
        rusqlite::OptionalExtension::optional(self.conn.query_row(
            "SELECT due FROM period_due WHERE period = ?1",
            [period],
            |r| r.get(0),
        ))
        .map_err(sql_err)
    }

    /// The newest package of each region in `period` whose region the filter keeps.
    pub(crate) fn heads(&self, period: i32, filter: &RegionFilter) -> Result<BTreeMap<String, Head>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT p.region_code, p.package_id, p.seq, p.index_value, p.predicate, p.followup_rate, p.review,
                        k.status, p.received_at,
                        (SELECT min(q.received_at) FROM package q WHERE q.region_code = p.region_code AND q.period = p.period),
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
                        first_received_at: r.get(9)?,
                        data_sha256: r.get(10)?,
                    },
                ))
            })
            .map_err(sql_err)?;
        let heads = rows.collect::<rusqlite::Result<BTreeMap<String, Head>>>().map_err(sql_err)?;
        Ok(heads.into_iter().filter(|(code, _)| filter.keeps(code)).collect())
    }

    /// The view of one period across the expected regions and every region that reported,
    /// both as far as the filter keeps them.
    pub fn dashboard(&self, period: i32, filter: &RegionFilter, lang: Lang) -> Result<Dashboard> {
        let filter = filter.resolved()?;
        let roster = self.roster(&filter)?;
        let due = self.due(period)?;
        let heads = self.heads(period, &filter)?;
        let before = self.heads(period - 1, &filter)?;
        let benchmark_year = self.benchmark_year_for(period)?;
        let official = match benchmark_year {
            Some(year) => self.official_indices(year)?,
            None => Default::default(),
        };
        let mut codes: BTreeSet<String> = roster.regions.keys().cloned().collect();
        codes.extend(heads.keys().cloned());
        let regions = Regions::get();
        let mut rows = Vec::new();
        for code in codes {
            let known = regions.find(&code);
            let head = heads.get(&code);
            let index = head.and_then(Head::index);
            let change = match (index, before.get(&code).and_then(Head::index)) {
                (Some(now), Some(then)) => Some((now - then).round_dp(4).to_string()),
                _ => None,
            };
            let on_time = match (head, &due) {
                (Some(h), Some(d)) => Some(h.first_received_at.get(..10).unwrap_or("") <= d.as_str()),
                _ => None,
            };
            let data = head.and_then(|h| self.data_blob(h.data_sha256.as_deref()?));
            let figures = Figures::of(data.as_ref());
            let official_index = official.get(&code).copied();
            rows.push(RegionRow {
                expected: roster.regions.contains_key(&code),
                name: region_name(&code, &roster),
                province: known.map(|r| r.province.clone()).unwrap_or_default(),
                kind: known.map(|r| r.kind),
                rank: None,
                package_id: head.map(|h| h.package_id.clone()),
                seq: head.map(|h| h.seq),
                index: head.map(|h| h.index.clone()),
                index_display: index.map(|i| format::index(i, lang)),
                predicate: head.map(|h| h.predicate.clone()),
                change,
                followup_rate: head.map(|h| h.followup_rate.clone()),
                overdue: figures.overdue,
                actions_done: figures.done,
                actions_total: figures.total,
                review: head.map(|h| h.review.clone()),
                key_status: head.map(|h| h.key_status.clone()),
                last_package_at: head.map(|h| h.received_at.clone()),
                first_package_at: head.map(|h| h.first_received_at.clone()),
                on_time,
                official_index: official_index.map(|o| o.to_string()),
                gap: index.zip(official_index).map(|(i, o)| (i - o).round_dp(4).to_string()),
                code,
            });
        }
        // Ranked by the exact index, highest first; regions with nothing received last.
        rows.sort_by(|a, b| {
            let ia = a.index.as_deref().and_then(|i| i.parse::<Decimal>().ok());
            let ib = b.index.as_deref().and_then(|i| i.parse::<Decimal>().ok());
            ib.cmp(&ia).then_with(|| a.code.cmp(&b.code))
        });
        for (i, row) in rows.iter_mut().enumerate().filter(|(_, r)| r.index.is_some()) {
            row.rank = Some(i + 1);
        }
        let mut bands: BTreeMap<String, usize> = BTreeMap::new();
        for r in rows.iter().filter(|r| r.index.is_some() && roster.counts(&r.code)) {
            *bands.entry(r.predicate.clone().unwrap_or_default()).or_default() += 1;
        }
        Ok(Dashboard {
            period,
            due,
            expected: roster.regions.len(),
            received: rows.iter().filter(|r| r.expected && r.index.is_some()).count(),
            on_time: rows.iter().filter(|r| r.expected && r.on_time == Some(true)).count(),
            distribution: bands.into_iter().map(|(predicate, count)| Band { predicate, count }).collect(),
            median_index: median_of(&heads, &roster).map(|m| m.round_dp(4).to_string()),
            regions: rows,
            benchmark_year,
            filter,
        })
    }
}

/// The dashboard's columns, as the CSV and the workbook give them.
pub const COLUMNS: [&str; 19] = [
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
    "Aksi selesai",
    "Jumlah aksi",
    "Tinjauan",
    "Status kunci",
    "Paket terakhir",
    "Tepat waktu",
    "Id paket",
    "Indeks resmi",
    "Selisih",
];

impl Dashboard {
    /// Each region as the cells of [`COLUMNS`]; the rank counts regions that reported.
    pub fn table(&self) -> Vec<Vec<String>> {
        let yes_no = |b: bool| if b { "ya" } else { "tidak" }.to_string();
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
        self.regions
            .iter()
            .map(|r| {
                vec![
                    r.rank.map(|n| n.to_string()).unwrap_or_default(),
                    r.code.clone(),
                    r.name.clone(),
                    r.province.clone(),
                    yes_no(r.expected),
                    opt(&r.index),
                    opt(&r.predicate),
                    opt(&r.change),
                    opt(&r.followup_rate),
                    num(r.overdue),
                    num(r.actions_done),
                    num(r.actions_total),
                    opt(&r.review),
                    opt(&r.key_status),
                    opt(&r.last_package_at),
                    r.on_time.map(yes_no).unwrap_or_default(),
                    opt(&r.package_id),
                    opt(&r.official_index),
                    opt(&r.gap),
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
            kind: None,
            expected: true,
            rank: None,
            package_id: None,
            seq: None,
            index: None,
            index_display: None,
            predicate: None,
            change: Some("-0.2500".into()),
            followup_rate: None,
            overdue: None,
            actions_done: None,
            actions_total: None,
            review: None,
            key_status: None,
            last_package_at: None,
            first_package_at: None,
            on_time: None,
            official_index: None,
            gap: None,
        };
        let d = Dashboard {
            period: 2024,
            filter: RegionFilter::default(),
            due: None,
            expected: 1,
            received: 0,
            on_time: 0,
            regions: vec![row],
            distribution: vec![],
            median_index: None,
            benchmark_year: None,
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
