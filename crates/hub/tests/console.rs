//! Sumedang's console over 32 generated regions: real workspaces (store crate) with varied
//! levels, targets, evidence and follow-up actions build real signed packages (package crate),
//! which the hub imports with `Hub::import` under keys it registered. One region is returned
//! for revision (*perlu revisi*) and sends a corrected package; some arrive after the due date.
//! Every figure of the dashboard, the heat map and the trends is checked against the scoring
//! engine and the follow-up module run on the levels and actions the test generated, never
//! against numbers written down by hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use livinglab_core::action::ActionTarget;
use livinglab_core::followup::{self, ActionFacts, ActionStatus};
use livinglab_core::framework::{self, Framework};
use livinglab_core::package_review::{IndicatorNote, ReviewState};
use livinglab_core::regions::{RegionKind, Regions};
use livinglab_core::scoring::{self, Levels, Score};
use livinglab_core::{format, ErrorCode, Lang, Sha256Hash};
use livinglab_hub::dashboard::ExpectedRegion;
use livinglab_hub::{CellState, Dashboard, Hub, ImportStatus, RegionFilter};
use livinglab_package::{build, BuildOptions, BuildOutcome};
use livinglab_sign::Signer;
use livinglab_store::actions::{ActionPatch, NewAction};
use livinglab_store::signing::SigningKey;
use livinglab_store::Workspace;
use rust_decimal::Decimal;
use time::macros::{date, datetime};
use time::Date;

const YEARS: [i32; 2] = [2023, 2024];
const DUE_2024: &str = "2024-12-31";

fn spbe() -> &'static Framework {
    framework::shipped().iter().find(|f| f.id == "spbe-2020").unwrap()
}

/// The day a period's package is built (the day its follow-up figures are for).
fn built_on(year: i32) -> Date {
    Date::from_calendar_date(year, time::Month::December, 1).unwrap()
}

fn on(year: i32, month: u8, day: u8) -> String {
    format!("{year}-{month:02}-{day:02}")
}

#[derive(Clone)]
struct ActionPlan {
    title: String,
    due: String,
    status: ActionStatus,
    targets: Vec<(String, Option<u8>)>,
}

#[derive(Clone, Default)]
struct PeriodPlan {
    /// (level, target) of the assessed indicators.
    answers: BTreeMap<String, (u8, Option<u8>)>,
    actions: Vec<ActionPlan>,
    /// (indicator, file name, bytes).
    evidence: Vec<(String, String, Vec<u8>)>,
}

impl PeriodPlan {
    fn levels(&self) -> Levels {
        self.answers.iter().map(|(i, (l, _))| (i.clone(), *l)).collect()
    }

    fn score(&self) -> Score {
        scoring::score(spbe(), &self.levels()).unwrap()
    }

    fn follow_up(&self, year: i32) -> followup::FollowUp {
        let facts: Vec<ActionFacts> = self
            .actions
            .iter()
            .map(|a| ActionFacts {
                status: a.status,
                due: format::parse_date(&a.due).unwrap(),
                targets: a.targets.clone(),
            })
            .collect();
        followup::follow_up(spbe(), &self.levels(), &facts, built_on(year)).unwrap()
    }
}

struct RegionPlan {
    code: String,
    expected: bool,
    late: bool,
    periods: BTreeMap<i32, PeriodPlan>,
}

/// Levels, targets, actions and evidence that differ from region to region and year to year.
fn plan(i: usize, code: &str) -> BTreeMap<i32, PeriodPlan> {
    let fw = spbe();
    let mut out = BTreeMap::new();
    for year in YEARS {
        // About a third of the regions did not report in 2023; two report only in 2023.
        let reports = match year {
            2023 => i % 3 != 2 || matches!(code, "32.18" | "33.03"),
            _ => !matches!(code, "32.18" | "33.03"),
        };
        if !reports {
            continue;
        }
        let y = (year - 2023) as usize;
        let mut p = PeriodPlan::default();
        for ind in &fw.indicators {
            let j = ind.number as usize;
            // Some regions leave an indicator or two unassessed.
            if i.is_multiple_of(5) && j.is_multiple_of(11) {
                continue;
            }
            // Each region has a level it mostly holds (so the regions spread over the bands),
            // some indicators a level above or below, and every other region rose a year on.
            let base = 1 + (i * 3 % 5) as i32 + (y * (i % 2)) as i32;
            let level = (base + ((j * 7 + i + y) % 3) as i32 - 1).clamp(1, 5) as u8;
            let target = match (i + j) % 3 {
                0 => Some((level + 1).min(5)),
                1 => Some(level.saturating_sub(i as u8 % 2).max(1)),
                _ => None,
            };
            p.answers.insert(ind.id.clone(), (level, target));
        }
        let statuses = [
            ActionStatus::Selesai,
            ActionStatus::Berjalan,
            ActionStatus::Rencana,
            ActionStatus::Tertunda,
            ActionStatus::Batal,
        ];
        let dues = [on(year, 6, 30), on(year + 1, 3, 31), on(year, 9, 30), on(year, 11, 30)];
        for (k, due) in dues.iter().enumerate().take(i % 4 + 1) {
            let status = match k {
                0 => statuses[i % 5],
                1 => ActionStatus::Berjalan,
                2 => ActionStatus::Selesai,
                _ => ActionStatus::Rencana,
            };
            let indicator = fw.indicators[(i * 5 + k * 11) % fw.indicators.len()].id.clone();
            let level = p.answers.get(&indicator).map_or(1, |a| a.0);
            p.actions.push(ActionPlan {
                title: format!("Aksi {} {code} {year}", k + 1),
                due: due.clone(),
                status,
                targets: vec![(indicator, Some((level + 1).min(5)))],
            });
        }
        p.evidence.push(("1".into(), format!("perbup-{code}-{year}.txt"), format!("Perbup SPBE {code} {year}").into()));
        // The same file from every region: stored once at the hub.
        p.evidence.push(("10".into(), "pedoman.txt".into(), b"Pedoman Living Lab Sumedang".to_vec()));
        out.insert(year, p);
    }
    out
}

fn signer(i: usize) -> Signer {
    Signer::from_secret_scalar(&[i as u8 + 1; 32], datetime!(2024-01-01 00:00 UTC)).unwrap()
}

fn record_key(ws: &mut Workspace, signer: &Signer) {
    let id = signer.identity();
    ws.record_signing_key(&SigningKey {
        key_id: id.key_id.clone(),
        algorithm: id.algorithm.as_str().into(),
        public_key: id.public_key.clone(),
        fingerprint: id.fingerprint.clone(),
        computer: "uji".into(),
        keystore: "file:uji".into(),
        certificate: vec![0x30, 0x00],
        created_at: "2024-01-01T00:00:00Z".into(),
        retired_at: None,
    })
    .unwrap();
}

fn add_action(ws: &mut Workspace, year: i32, a: &ActionPlan) -> String {
    let new = NewAction {
        title: a.title.clone(),
        due: a.due.clone(),
        indicators: a
            .targets
            .iter()
            .map(|(indicator, target_level)| ActionTarget { indicator: indicator.clone(), target_level: *target_level })
            .collect(),
        ..Default::default()
    };
    let id = ws.add_action(year, new).unwrap().id;
    if a.status != ActionStatus::Rencana {
        ws.update_action(&id, ActionPatch { status: Some(a.status), ..Default::default() }).unwrap();
    }
    id
}

fn build_package(ws: &mut Workspace, year: i32, signer: &Signer) -> PathBuf {
    let options = BuildOptions { year, out: None, today: built_on(year), signer };
    match build(ws, &options, &mut |_| {}).unwrap() {
        BuildOutcome::Built(record) => PathBuf::from(record.path),
        BuildOutcome::Unchanged(_) => panic!("the period changed"),
    }
}

/// A region's workspace with every period of its plan, and the package of each period.
fn make_workspace(root: &Path, i: usize, region: &RegionPlan) -> Vec<PathBuf> {
    let signer = signer(i);
    let mut ws = Workspace::init(&root.join(&region.code), &region.code).unwrap();
    record_key(&mut ws, &signer);
    let mut packages = Vec::new();
    for (&year, p) in &region.periods {
        ws.add_period(year, None, false).unwrap();
        let csv: String = p
            .answers
            .iter()
            .map(|(ind, (level, target))| {
                format!("{ind},{level},{}\n", target.map(|t| t.to_string()).unwrap_or_default())
            })
            .collect();
        ws.import_assessments(year, &csv).unwrap();
        for a in &p.actions {
            add_action(&mut ws, year, a);
        }
        for (indicator, name, bytes) in &p.evidence {
            ws.add_evidence_bytes(year, indicator, name, bytes).unwrap();
        }
        packages.push(build_package(&mut ws, year, &signer));
    }
    packages
}

fn median(mut values: Vec<Decimal>) -> Option<Decimal> {
    values.sort();
    let n = values.len();
    (n > 0).then(|| if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO })
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    hub: Hub,
    regions: Vec<RegionPlan>,
}

impl Site {
    fn plan_of(&self, code: &str) -> &RegionPlan {
        self.regions.iter().find(|r| r.code == code).unwrap()
    }

    fn index_of(&self, code: &str, year: i32) -> Option<Decimal> {
        self.plan_of(code).periods.get(&year).map(|p| p.score().index)
    }

    /// The regions a filter keeps that reported in `year` and count for its figures.
    fn counted(&self, year: i32, filter: &RegionFilter) -> Vec<(&str, Score)> {
        self.regions
            .iter()
            .filter(|r| r.expected && filter.keeps(&r.code))
            .filter_map(|r| Some((r.code.as_str(), r.periods.get(&year)?.score())))
            .collect()
    }
}

/// Jawa Barat's 27 kabupaten and kota and five of Jawa Tengah's.
fn region_codes() -> Vec<String> {
    let regions = Regions::get();
    let mut codes: Vec<String> =
        regions.regions.iter().filter(|r| r.province_code == "32").map(|r| r.code.clone()).collect();
    codes.extend(["33.01", "33.02", "33.03", "33.71", "33.72"].map(String::from));
    codes
}

const REVISED: &str = "32.04";

fn site() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let regions: Vec<RegionPlan> = region_codes()
        .into_iter()
        .enumerate()
        .map(|(i, code)| RegionPlan {
            expected: !matches!(code.as_str(), "32.79" | "33.72"),
            late: i % 6 == 5,
            periods: plan(i, &code),
            code,
        })
        .collect();
    assert!(regions.len() >= 30);

    // The workspaces and their packages, on both cores.
    let packages: Vec<(usize, Vec<PathBuf>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|w| {
                let (regions, root) = (&regions, &root);
                scope.spawn(move || {
                    (0..regions.len())
                        .filter(|i| i % 2 == w)
                        .map(|i| (i, make_workspace(root, i, &regions[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });

    let mut hub = Hub::init(&root.join("hub"), "Hub Sumedang").unwrap();
    for (i, region) in regions.iter().enumerate() {
        let id = signer(i).identity().clone();
        hub.add_key(&region.code, None, &id.public_key, Some(&id.fingerprint), "public_key").unwrap();
    }
    let roster: Vec<ExpectedRegion> = regions
        .iter()
        .filter(|r| r.expected)
        .map(|r| ExpectedRegion { code: r.code.clone(), name: Regions::get().find(&r.code).unwrap().name.clone() })
        .collect();
    hub.set_expected(&roster).unwrap();
    hub.set_due(2024, format::parse_date(DUE_2024).unwrap()).unwrap();
    // A period announced with nothing received yet.
    hub.set_due(2025, date!(2025 - 12 - 31)).unwrap();
    for (_, files) in &packages {
        for file in files {
            let summary = hub.import(file, false, Lang::Id).unwrap();
            assert_eq!(summary.status, ImportStatus::Imported, "{:?}", summary.checks);
        }
    }
    // The day each 2024 package came in: the test cannot wait for the calendar, so it sets the
    // arrival days the receiver would have recorded (before the due date, or after it).
    let arrived = |code: &str, late: bool| {
        let day = if late { "2025-01-15T08:00:00.000Z" } else { "2024-12-20T08:00:00.000Z" };
        hub.conn()
            .execute("UPDATE package SET received_at = ?1 WHERE region_code = ?2 AND period = 2024", (day, code))
            .unwrap();
    };
    for r in &regions {
        arrived(&r.code, r.late);
    }
    Site { _tmp: tmp, root, hub, regions }
}

/// Returned for revision: the region corrects two levels and a target, swaps an evidence file,
/// finishes an action and adds one, and sends seq 2 after the due date.
fn revise(site: &mut Site) -> (String, String) {
    let first = site.hub.dashboard(2024, &RegionFilter::default(), Lang::Id).unwrap();
    let first_id = first.regions.iter().find(|r| r.code == REVISED).unwrap().package_id.clone().unwrap();
    let hub_key = Signer::from_secret_scalar(&[200; 32], datetime!(2024-01-01 00:00 UTC)).unwrap();
    let notes = [IndicatorNote { indicator: "3".into(), note: "Lampirkan Perbup yang ditandatangani".into() }];
    site.hub.review(&first_id, ReviewState::PerluRevisi, "", &notes, &hub_key).unwrap();

    let i = site.regions.iter().position(|r| r.code == REVISED).unwrap();
    let mut ws = Workspace::open(&site.root.join(REVISED)).unwrap();
    let plan = site.regions[i].periods.get_mut(&2024).unwrap();
    // A level that differs from the one sent, a target set and one cleared.
    let other = |plan: &PeriodPlan, indicator: &str| plan.answers[indicator].0 % 5 + 1;
    for (indicator, level, target) in [("3", other(plan, "3"), Some(5u8)), ("11", other(plan, "11"), None)] {
        let patch = livinglab_store::assessment::AssessmentPatch {
            level: Some(Some(level)),
            target: Some(target),
            ..Default::default()
        };
        ws.set_assessment(2024, indicator, patch).unwrap();
        plan.answers.insert(indicator.into(), (level, target));
    }
    let perbup = ws.evidence(2024, Some("1")).unwrap().into_iter().find(|e| e.name.starts_with("perbup")).unwrap();
    ws.remove_evidence(&perbup.id).unwrap();
    plan.evidence.retain(|(_, name, _)| !name.starts_with("perbup"));
    let signed = ("3".to_string(), "perbup-ttd.txt".to_string(), b"Perbup SPBE yang ditandatangani".to_vec());
    ws.add_evidence_bytes(2024, &signed.0, &signed.1, &signed.2).unwrap();
    plan.evidence.push(signed);
    let running = ws.actions(2024).unwrap().into_iter().find(|a| a.status == ActionStatus::Berjalan).unwrap();
    ws.update_action(&running.id, ActionPatch { status: Some(ActionStatus::Selesai), ..Default::default() }).unwrap();
    plan.actions.iter_mut().find(|a| a.title == running.title).unwrap().status = ActionStatus::Selesai;
    let added = ActionPlan {
        title: "Sosialisasi Perbup SPBE".into(),
        due: "2025-02-28".into(),
        status: ActionStatus::Rencana,
        targets: vec![("3".into(), Some(5))],
    };
    add_action(&mut ws, 2024, &added);
    plan.actions.push(added);

    let second = build_package(&mut ws, 2024, &signer(i));
    let summary = site.hub.import(&second, false, Lang::Id).unwrap();
    assert_eq!(summary.status, ImportStatus::Imported, "{:?}", summary.checks);
    assert_eq!(summary.seq, Some(2));
    let second_id = summary.package_id.unwrap();
    site.hub
        .conn()
        .execute("UPDATE package SET received_at = '2025-01-20T08:00:00.000Z' WHERE package_id = ?1", [&second_id])
        .unwrap();
    (first_id, second_id)
}

/// The dashboard of `year` under `filter` is what the scoring engine and the follow-up module
/// say of the generated regions.
fn check_dashboard(site: &Site, d: &Dashboard, year: i32, filter: &RegionFilter) {
    let kept: Vec<&RegionPlan> = site.regions.iter().filter(|r| filter.keeps(&r.code)).collect();
    let expected = kept.iter().filter(|r| r.expected).count();
    assert_eq!(d.expected, expected);
    let counted = site.counted(year, filter);
    assert_eq!(d.received, counted.len());
    let median_now = median(counted.iter().map(|(_, s)| s.index).collect());
    assert_eq!(d.median_index, median_now.map(|m| m.round_dp(4).to_string()));
    let mut bands: BTreeMap<String, usize> = BTreeMap::new();
    for (_, s) in &counted {
        *bands.entry(s.predicate.name.clone()).or_default() += 1;
    }
    let shown: BTreeMap<String, usize> = d.distribution.iter().map(|b| (b.predicate.clone(), b.count)).collect();
    assert_eq!(shown, bands);

    // Every kept region that is expected or reported, ranked by the exact index.
    let mut ranking: Vec<(Option<Decimal>, &str)> = kept
        .iter()
        .filter(|r| r.expected || r.periods.contains_key(&year))
        .map(|r| (site.index_of(&r.code, year), r.code.as_str()))
        .collect();
    ranking.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let codes: Vec<&str> = d.regions.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ranking.iter().map(|(_, c)| *c).collect::<Vec<_>>());

    let official = site.hub.benchmark_year_for(year).unwrap();
    assert_eq!(d.benchmark_year, official);
    let results = official.map(|y| site.hub.benchmark(y, None).unwrap().rows).unwrap_or_default();
    let results: BTreeMap<&str, Decimal> = results.iter().filter_map(|r| Some((r.code.as_deref()?, r.index))).collect();
    let mut on_time = 0;
    for (place, row) in d.regions.iter().enumerate() {
        let region = site.plan_of(&row.code);
        assert_eq!(row.expected, region.expected);
        assert_eq!(row.kind, Some(Regions::get().find(&row.code).unwrap().kind));
        let Some(p) = region.periods.get(&year) else {
            assert!(row.index.is_none() && row.rank.is_none() && row.package_id.is_none(), "{row:?}");
            continue;
        };
        let score = p.score();
        assert_eq!(row.rank, Some(place + 1));
        assert_eq!(dec(row.index.as_deref().unwrap()), score.index, "{}", row.code);
        assert_eq!(row.index_display.as_deref(), Some(format::index(score.index, Lang::Id).as_str()));
        assert_eq!(row.predicate.as_deref(), Some(score.predicate.name.as_str()));
        let change = site.index_of(&row.code, year - 1).map(|before| (score.index - before).round_dp(4).to_string());
        assert_eq!(row.change, change, "{}", row.code);
        let f = p.follow_up(year);
        assert_eq!(row.followup_rate.as_deref(), Some(f.rate.to_string().as_str()), "{}", row.code);
        assert_eq!(row.overdue, Some(f.overdue as u64), "{}", row.code);
        assert_eq!(row.actions_done, Some(f.done as u64), "{}", row.code);
        assert_eq!(row.actions_total, Some(f.total as u64), "{}", row.code);
        // The gap to the official index of the year the dashboard names, as the benchmark reads it.
        let published = results.get(row.code.as_str()).copied();
        assert_eq!(row.official_index, published.map(|o| o.to_string()));
        assert_eq!(row.gap, published.map(|o| (score.index - o).round_dp(4).to_string()), "{}", row.code);
        if year == 2024 {
            assert_eq!(row.on_time, Some(!region.late), "{}", row.code);
            on_time += usize::from(region.expected && !region.late);
        } else {
            assert_eq!(row.on_time, None);
        }
    }
    assert_eq!(d.on_time, on_time);
}

#[test]
fn the_console_over_thirty_regions_agrees_with_the_scoring_engine() {
    let started = std::time::Instant::now();
    let mut site = site();
    let (first_id, second_id) = revise(&mut site);
    let all = RegionFilter::default();

    // The revised region shows its corrected package, not yet reviewed, and is on time: its
    // first package came in before the due date.
    let d = site.hub.dashboard(2024, &all, Lang::Id).unwrap();
    let row = d.regions.iter().find(|r| r.code == REVISED).unwrap();
    assert_eq!((row.seq, row.package_id.as_deref()), (Some(2), Some(second_id.as_str())));
    assert_eq!(row.review.as_deref(), Some("belum_ditinjau"));
    assert!(row.last_package_at.as_deref().unwrap() > DUE_2024);
    assert_eq!(row.on_time, Some(true));
    assert!(d.regions.iter().filter(|r| r.index.is_some()).count() >= 30);
    assert!(d.regions.iter().any(|r| r.on_time == Some(false)));
    assert!(d.regions.iter().any(|r| r.overdue.unwrap_or(0) > 0));
    assert!(d.regions.iter().any(|r| r.gap.is_some()), "the 2023 results hold these regions");
    assert_eq!(d.benchmark_year, Some(2023));
    assert!(d.distribution.len() >= 3, "the levels spread over the bands: {:?}", d.distribution);
    let rates: std::collections::BTreeSet<&str> = d.regions.iter().filter_map(|r| r.followup_rate.as_deref()).collect();
    assert!(rates.len() >= 3, "{rates:?}");
    // An accepted package shows its review.
    let accepted = d.regions.iter().find(|r| r.code == "32.11").unwrap().package_id.clone().unwrap();
    let hub_key = Signer::from_secret_scalar(&[200; 32], datetime!(2024-01-01 00:00 UTC)).unwrap();
    site.hub.review(&accepted, ReviewState::Diterima, "", &[], &hub_key).unwrap();
    let d = site.hub.dashboard(2024, &all, Lang::Id).unwrap();
    assert_eq!(d.regions.iter().find(|r| r.code == "32.11").unwrap().review.as_deref(), Some("diterima"));
    for year in YEARS {
        check_dashboard(&site, &site.hub.dashboard(year, &all, Lang::Id).unwrap(), year, &all);
    }

    // Filters: a province by name, a kind, and both; the figures are over the kept regions.
    let jateng = RegionFilter::parse(Some("Jawa Tengah"), None).unwrap();
    let kota = RegionFilter::parse(None, Some("kota")).unwrap();
    let jabar_kab = RegionFilter::parse(Some("32"), Some("kabupaten")).unwrap();
    for filter in [&jateng, &kota, &jabar_kab] {
        let d = site.hub.dashboard(2024, filter, Lang::Id).unwrap();
        assert_eq!(&d.filter, filter);
        assert!(d.regions.iter().all(|r| filter.keeps(&r.code)) && !d.regions.is_empty());
        check_dashboard(&site, &d, 2024, filter);
    }
    let d = site.hub.dashboard(2024, &kota, Lang::Id).unwrap();
    assert!(d.regions.iter().all(|r| r.kind == Some(RegionKind::Kota)));
    let e = site.hub.dashboard(2024, &RegionFilter { province: Some("Atlantis".into()), kind: None }, Lang::Id);
    assert_eq!(e.unwrap_err().code, ErrorCode::ProvinceUnknown);

    // The heat map: the dashboard's received rows in its order, the framework's indicators in
    // order, each cell the generated level and target; its cells score to each row's index.
    let fw = spbe();
    for filter in [&all, &jateng] {
        let map = site.hub.heat_map(2024, filter).unwrap();
        let d = site.hub.dashboard(2024, filter, Lang::Id).unwrap();
        let received: Vec<&str> =
            d.regions.iter().filter(|r| r.package_id.is_some()).map(|r| r.code.as_str()).collect();
        assert_eq!(map.rows.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), received);
        assert_eq!(map.framework.as_ref().map(|f| f.id.as_str()), Some("spbe-2020"));
        let ids: Vec<&str> = fw.indicators.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(map.columns.iter().map(|c| c.indicator.as_str()).collect::<Vec<_>>(), ids);
        assert_eq!(map.columns[15].short_name.id, "Layanan Pusat Data");
        let mut below = vec![0; ids.len()];
        for row in &map.rows {
            let p = &site.plan_of(&row.code).periods[&2024];
            assert_eq!(row.cells.len(), ids.len());
            let mut levels = Levels::new();
            for (j, (cell, id)) in row.cells.iter().zip(&ids).enumerate() {
                let (level, target) = p.answers.get(*id).map_or((None, None), |(l, t)| (Some(*l), *t));
                assert_eq!((cell.level, cell.target), (level, target), "{} {id}", row.code);
                let state = match (level, target) {
                    (None, _) => CellState::NotAssessed,
                    (Some(_), None) => CellState::NoTarget,
                    (Some(l), Some(t)) if l < t => CellState::BelowTarget,
                    _ => CellState::AtOrAboveTarget,
                };
                assert_eq!(cell.state, state);
                below[j] += usize::from(state == CellState::BelowTarget);
                if let Some(l) = cell.level {
                    levels.insert(id.to_string(), l);
                }
            }
            let index = scoring::score(fw, &levels).unwrap().index;
            assert_eq!(Some(index), row.index.as_deref().map(dec), "{}", row.code);
            assert_eq!(row.counts.below_target, row.cells.iter().filter(|c| c.state == CellState::BelowTarget).count());
        }
        assert_eq!(map.columns.iter().map(|c| c.counts.below_target).collect::<Vec<_>>(), below);
        assert!(map.rows.iter().any(|r| r.counts.not_assessed > 0), "some regions left indicators out");
    }

    // Trends: every period with a package or a due date; each period's median and reports are
    // the dashboard's, each region's points its scored index per period.
    for filter in [&all, &kota] {
        let trends = site.hub.trends(filter).unwrap();
        assert_eq!(trends.periods.iter().map(|p| p.period).collect::<Vec<_>>(), [2023, 2024, 2025]);
        for p in &trends.periods {
            let counted = site.counted(p.period, filter);
            let m = median(counted.iter().map(|(_, s)| s.index).collect()).map(|m| m.round_dp(4).to_string());
            assert_eq!((p.median_index.clone(), p.received), (m, counted.len()), "{}", p.period);
            let d = site.hub.dashboard(p.period, filter, Lang::Id).unwrap();
            assert_eq!((&p.median_index, p.received, p.expected), (&d.median_index, d.received, d.expected));
        }
        assert_eq!(trends.periods[2].received, 0);
        let kept: Vec<&RegionPlan> =
            site.regions.iter().filter(|r| filter.keeps(&r.code) && (r.expected || !r.periods.is_empty())).collect();
        assert_eq!(trends.regions.len(), kept.len());
        for r in &trends.regions {
            let plan = site.plan_of(&r.code);
            let points: Vec<(i32, Decimal)> = r.points.iter().map(|p| (p.period, dec(&p.index))).collect();
            let scored: Vec<(i32, Decimal)> = plan.periods.iter().map(|(y, p)| (*y, p.score().index)).collect();
            assert_eq!(points, scored, "{}", r.code);
        }
    }

    // Comparing the two packages of the revised region, in either order.
    let c = site.hub.compare(&second_id, &first_id).unwrap();
    assert_eq!((c.old.package_id.as_str(), c.new.package_id.as_str()), (first_id.as_str(), second_id.as_str()));
    assert_eq!((c.old.review.as_str(), c.region.as_str()), ("perlu_revisi", REVISED));
    let changed: Vec<&str> = c.levels.iter().map(|l| l.indicator.as_str()).collect();
    assert_eq!(changed, ["3", "11"]);
    let revised = &site.plan_of(REVISED).periods[&2024].answers;
    for l in &c.levels {
        assert_eq!((l.new_level, l.new_target), (Some(revised[&l.indicator].0), revised[&l.indicator].1));
        assert_ne!(l.old_level, l.new_level);
    }
    assert_eq!((c.levels[0].number, c.levels[0].new_target), (Some(3), Some(5)));
    let old_index = dec(&c.old.index);
    assert_eq!(dec(&c.new.index), site.index_of(REVISED, 2024).unwrap());
    assert_eq!(c.index_change, Some((dec(&c.new.index) - old_index).round_dp(4).to_string()));
    assert_eq!(c.evidence_added.len(), 1);
    assert_eq!(c.evidence_added[0].name, "perbup-ttd.txt");
    assert_eq!(
        c.evidence_added[0].sha256.as_deref(),
        Some(Sha256Hash::of(b"Perbup SPBE yang ditandatangani").as_str())
    );
    assert_eq!(c.evidence_removed.len(), 1);
    assert!(c.evidence_removed[0].name.starts_with("perbup-32.04"));
    assert_eq!(c.actions_added.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(), ["Sosialisasi Perbup SPBE"]);
    assert!(c.actions_removed.is_empty());
    assert_eq!(c.actions_changed.len(), 1);
    assert_eq!(
        (c.actions_changed[0].old_status.as_deref(), c.actions_changed[0].new_status.as_deref()),
        (Some("berjalan"), Some("selesai"))
    );
    let other = site.hub.dashboard(2024, &all, Lang::Id).unwrap().regions[0].package_id.clone().unwrap();
    let refused = site.hub.compare(&first_id, &other).unwrap_err();
    assert_eq!(refused.code, ErrorCode::CompareRegionsDiffer);
    assert!(refused.message_in(Lang::Id).contains("daerah yang sama"), "{}", refused.message_in(Lang::Id));
    assert_eq!(site.hub.compare(&first_id, "tidak-ada").unwrap_err().code, ErrorCode::PackageUnknown);

    assert!(site.hub.verify_audit().unwrap().intact);
    let took = started.elapsed();
    assert!(took.as_secs() < 120, "took {took:?}");
    eprintln!("32 regions, {} packages, in {took:?}", site.hub.packages(None, None).unwrap().len());
}
