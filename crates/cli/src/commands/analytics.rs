//! Sumedang's views across regions: `hub dashboard`, `hub heatmap`, `hub trends`,
//! `hub compare` and `hub export`. Everything shown is computed by the hub crate.

use livinglab_core::{format, Lang, Result};
use livinglab_hub::compare::{ActionRef, EvidenceRef};
use livinglab_hub::{CellState, Hub, RegionFilter};
use rust_decimal::Decimal;

use super::print_json;
use crate::args::{HubCommand, PeriodView, RegionFilterArgs};

pub(super) fn filter(args: &RegionFilterArgs) -> Result<RegionFilter> {
    RegionFilter::parse(args.province.as_deref(), args.kind.as_deref())
}

/// An exact index as Indonesian or English text ("3,50"); "-" when there is none.
fn shown(index: Option<&str>, lang: Lang) -> String {
    index.and_then(|i| i.parse::<Decimal>().ok()).map_or_else(|| "-".into(), |i| format::index(i, lang))
}

/// A signed difference with 2 decimals ("+0,25", "-1,10").
fn signed(value: Option<&str>, lang: Lang) -> String {
    match value.and_then(|v| v.parse::<Decimal>().ok()) {
        Some(v) if v > Decimal::ZERO => format!("+{}", format::decimal(v, 2, lang)),
        Some(v) => format::decimal(v, 2, lang),
        None => "-".into(),
    }
}

/// A line of a text grid: the region's code and name (cut to fit), then its cells.
fn grid_line(code: &str, name: &str, cells: impl Iterator<Item = String>) {
    let name: String = name.chars().take(27).collect();
    println!("{code:<7} {name:<28}{}", cells.collect::<String>());
}

fn level(l: Option<u8>) -> String {
    l.map_or_else(|| "-".into(), |l| l.to_string())
}

pub fn analytics(hub: &Hub, command: HubCommand, lang: Lang) -> Result<()> {
    match command {
        HubCommand::Dashboard(PeriodView { period, filter: f, json }) => {
            let d = hub.dashboard(period, &filter(&f)?, lang)?;
            if json {
                print_json(&d);
                return Ok(());
            }
            println!(
                "Periode {period}: {} dari {} daerah mengirim paket, {} tepat waktu; median indeks {}",
                d.received,
                d.expected,
                d.on_time,
                shown(d.median_index.as_deref(), lang)
            );
            if let Some(year) = d.benchmark_year {
                println!("Selisih terhadap indeks resmi hasil evaluasi {year}");
            }
            for r in &d.regions {
                println!(
                    "{:>3}  {}  {:<32} {:>5}  {:<12} perubahan {:>6}  tindak lanjut {}/{} (terlambat {})  selisih {:>6}  {}",
                    r.rank.map(|n| n.to_string()).unwrap_or_default(),
                    r.code,
                    r.name,
                    shown(r.index.as_deref(), lang),
                    r.predicate.as_deref().unwrap_or("-"),
                    signed(r.change.as_deref(), lang),
                    r.actions_done.map_or_else(|| "-".into(), |n| n.to_string()),
                    r.actions_total.map_or_else(|| "-".into(), |n| n.to_string()),
                    r.overdue.map_or_else(|| "-".into(), |n| n.to_string()),
                    signed(r.gap.as_deref(), lang),
                    r.review.as_deref().map_or_else(|| "belum ada paket".into(), |v| v.replace('_', " "))
                );
            }
            for b in &d.distribution {
                println!("  {:<14} {}", b.predicate, b.count);
            }
        }
        HubCommand::Heatmap(PeriodView { period, filter: f, json }) => {
            let map = hub.heat_map(period, &filter(&f)?)?;
            if json {
                print_json(&map);
                return Ok(());
            }
            let framework = map.framework.as_ref().map_or("-", |f| f.name.as_str());
            println!(
                "Peta panas periode {period} ({framework}): tingkat per indikator; * di bawah target, . belum dinilai"
            );
            grid_line("Kode", "Daerah", map.columns.iter().map(|c| format!("{:>2} ", c.number)));
            for row in &map.rows {
                let cells = row.cells.iter().map(|c| match (c.level, c.state) {
                    (None, _) => " . ".to_string(),
                    (Some(l), CellState::BelowTarget) => format!("{l:>2}*"),
                    (Some(l), _) => format!("{l:>2} "),
                });
                grid_line(&row.code, &row.name, cells);
            }
        }
        HubCommand::Trends { filter: f, json } => {
            let trends = hub.trends(&filter(&f)?)?;
            if json {
                print_json(&trends);
                return Ok(());
            }
            println!("Tren indeks per periode");
            for p in &trends.periods {
                println!(
                    "  {}  median {}  {} dari {} daerah mengirim paket",
                    p.period,
                    shown(p.median_index.as_deref(), lang),
                    p.received,
                    p.expected
                );
            }
            grid_line("Kode", "Daerah", trends.periods.iter().map(|p| format!("{:>7}", p.period)));
            for r in &trends.regions {
                let values = trends.periods.iter().map(|p| {
                    let point = r.points.iter().find(|x| x.period == p.period);
                    format!("{:>7}", shown(point.map(|x| x.index.as_str()), lang))
                });
                grid_line(&r.code, &r.name, values);
            }
        }
        HubCommand::Compare { a, b, json } => {
            let c = hub.compare(&a, &b)?;
            if json {
                print_json(&c);
                return Ok(());
            }
            println!(
                "{} ({}): paket {} seq {} → paket {} seq {}",
                c.name, c.region, c.old.period, c.old.seq, c.new.period, c.new.seq
            );
            println!(
                "  Indeks {} → {} ({}); predikat {} → {}",
                shown(Some(&c.old.index), lang),
                shown(Some(&c.new.index), lang),
                signed(c.index_change.as_deref(), lang),
                c.old.predicate,
                c.new.predicate
            );
            for l in &c.levels {
                let name = l.name.as_ref().map(|n| format!(" ({})", n.get(lang))).unwrap_or_default();
                println!(
                    "  Indikator {}{name}: tingkat {} → {}, target {} → {}",
                    l.number.map_or_else(|| l.indicator.clone(), |n| n.to_string()),
                    level(l.old_level),
                    level(l.new_level),
                    level(l.old_target),
                    level(l.new_target)
                );
            }
            let evidence = |label: &str, items: &[EvidenceRef]| {
                for e in items {
                    let what = e.sha256.as_deref().or(e.url.as_deref()).unwrap_or_default();
                    println!("  {label}: indikator {} {} ({what})", e.indicator, e.name);
                }
            };
            evidence("Data dukung baru", &c.evidence_added);
            evidence("Data dukung dihapus", &c.evidence_removed);
            let actions = |label: &str, items: &[ActionRef]| {
                for a in items {
                    println!("  {label}: {} ({})", a.title, a.status.as_deref().unwrap_or("-"));
                }
            };
            actions("Aksi baru", &c.actions_added);
            actions("Aksi dihapus", &c.actions_removed);
            for a in &c.actions_changed {
                println!(
                    "  Aksi berubah: {}: status {} → {}, kemajuan {}% → {}%",
                    a.title,
                    a.old_status.as_deref().unwrap_or("-"),
                    a.new_status.as_deref().unwrap_or("-"),
                    a.old_progress.map_or_else(|| "-".into(), |p| p.to_string()),
                    a.new_progress.map_or_else(|| "-".into(), |p| p.to_string())
                );
            }
        }
        HubCommand::Export { format, period, filter: f, out } => {
            let bytes = livinglab_documents::hub::export(hub, period, &filter(&f)?, &format, lang)?;
            super::hub::write_out(&out, &bytes)?;
            println!("{}", out.display());
        }
        _ => unreachable!("dispatched apart"),
    }
    Ok(())
}
