//! Sumedang's views across regions: `hub dashboard`, `hub heatmap`, `hub trends`,
//! `hub compare` and `hub export`. Everything shown is computed by the hub crate.

use livinglab_core::{format, Lang, Result};
use livinglab_hub::compare::{ActionRef, EvidenceRef};
use livinglab_hub::{CellState, Hub, RegionFilter};
use rust_decimal::Decimal;

use super::print_json;
use crate::args::{HubCommand, PeriodView, RegionFilterArgs};
use crate::say::say;

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

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "-".into(), |n| n.to_string())
}

/// A review state as words ("Perlu revisi"); a state this build does not know, as it came.
fn review_state(state: &str, lang: Lang) -> String {
    let key = format!("hub.review.state.{state}");
    if livinglab_core::i18n::has_text(lang, &key) {
        livinglab_core::i18n::text(lang, &key)
    } else {
        state.replace('_', " ")
    }
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
                "{}",
                say!(
                    "hub.dashboard",
                    period = period,
                    received = d.received,
                    expected = d.expected,
                    on_time = d.on_time,
                    median = shown(d.median_index.as_deref(), lang),
                )
            );
            if let Some(year) = d.benchmark_year {
                println!("{}", say!("hub.dashboard_gap", year = year));
            }
            for r in &d.regions {
                let followup = say!(
                    "hub.dashboard_followup",
                    done = count(r.actions_done),
                    total = count(r.actions_total),
                    overdue = count(r.overdue),
                );
                println!(
                    "{:>3}  {}  {:<32} {:>5}  {:<12} {} {:>6}  {followup}  {} {:>6}  {}",
                    r.rank.map(|n| n.to_string()).unwrap_or_default(),
                    r.code,
                    r.name,
                    shown(r.index.as_deref(), lang),
                    r.predicate.as_deref().unwrap_or("-"),
                    say!("hub.dashboard_change"),
                    signed(r.change.as_deref(), lang),
                    say!("hub.dashboard_gap_label"),
                    signed(r.gap.as_deref(), lang),
                    r.review.as_deref().map_or_else(|| say!("hub.no_package"), |v| review_state(v, lang))
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
            println!("{}", say!("hub.heatmap", period = period, framework = framework));
            grid_line(
                &say!("hub.col_code"),
                &say!("hub.col_region"),
                map.columns.iter().map(|c| format!("{:>2} ", c.number)),
            );
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
            println!("{}", say!("hub.trends"));
            for p in &trends.periods {
                println!(
                    "  {}",
                    say!(
                        "hub.trends_period",
                        period = p.period,
                        median = shown(p.median_index.as_deref(), lang),
                        received = p.received,
                        expected = p.expected,
                    )
                );
            }
            grid_line(
                &say!("hub.col_code"),
                &say!("hub.col_region"),
                trends.periods.iter().map(|p| format!("{:>7}", p.period)),
            );
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
                "{}",
                say!(
                    "hub.compare",
                    name = c.name,
                    region = c.region,
                    old_period = c.old.period,
                    old_seq = c.old.seq,
                    new_period = c.new.period,
                    new_seq = c.new.seq,
                )
            );
            println!(
                "  {}",
                say!(
                    "hub.compare_index",
                    old = shown(Some(&c.old.index), lang),
                    new = shown(Some(&c.new.index), lang),
                    change = signed(c.index_change.as_deref(), lang),
                    old_predicate = c.old.predicate,
                    new_predicate = c.new.predicate,
                )
            );
            for l in &c.levels {
                let name = l.name.as_ref().map(|n| format!(" ({})", n.get(lang))).unwrap_or_default();
                println!(
                    "  {}",
                    say!(
                        "hub.compare_level",
                        indicator = l.number.map_or_else(|| l.indicator.clone(), |n| n.to_string()),
                        name = name,
                        old = level(l.old_level),
                        new = level(l.new_level),
                        old_target = level(l.old_target),
                        new_target = level(l.new_target),
                    )
                );
            }
            let evidence = |label: String, items: &[EvidenceRef]| {
                for e in items {
                    let what = e.sha256.as_deref().or(e.url.as_deref()).unwrap_or_default();
                    let line = say!("hub.compare_evidence", indicator = e.indicator, name = e.name, what = what);
                    println!("  {label}: {line}");
                }
            };
            evidence(say!("hub.evidence_added"), &c.evidence_added);
            evidence(say!("hub.evidence_removed"), &c.evidence_removed);
            let actions = |label: String, items: &[ActionRef]| {
                for a in items {
                    println!("  {label}: {} ({})", a.title, a.status.as_deref().unwrap_or("-"));
                }
            };
            actions(say!("hub.action_added"), &c.actions_added);
            actions(say!("hub.action_removed"), &c.actions_removed);
            for a in &c.actions_changed {
                println!(
                    "  {}",
                    say!(
                        "hub.action_changed",
                        title = a.title,
                        old_status = a.old_status.as_deref().unwrap_or("-"),
                        new_status = a.new_status.as_deref().unwrap_or("-"),
                        old_progress = a.old_progress.map_or_else(|| "-".into(), |p| p.to_string()),
                        new_progress = a.new_progress.map_or_else(|| "-".into(), |p| p.to_string()),
                    )
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
