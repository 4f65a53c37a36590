//! The dashboard of a period, ready to show: the index and predicate, completeness, group
//! values against targets, the largest gaps, the leverage ranking, a plan to the next goal,
//! the trend over periods, and the charts. The app, the CLI and the progress report read it.

use std::collections::BTreeMap;

use livinglab_core::format;
use livinglab_core::framework::Framework;
use livinglab_core::scoring::{self, Levels, Score};
use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_store::assessment::Status;
use livinglab_store::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::charts::{self, Bar, Spoke, TrendPoint, TrendSegment};

/// The bars of the groups chart: each group's index, and its target where it is higher.
pub fn group_bars(groups: &[GroupRow]) -> Vec<Bar> {
    groups
        .iter()
        .map(|g| Bar {
            code: format!("{}{}", g.kind_name.chars().next().unwrap_or('G'), g.number),
            label: g.name.clone(),
            value: g.index,
            target: Some(g.target).filter(|t| *t > g.index),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub id: String,
    pub kind: String,
    pub kind_name: String,
    pub number: u32,
    pub name: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub index: Decimal,
    pub index_display: String,
    pub predicate: String,
    /// The group index if every indicator reached its target (or stayed where no target is set).
    #[serde(with = "rust_decimal::serde::str")]
    pub target: Decimal,
    pub target_display: String,
    pub assessed: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GapRow {
    pub indicator: String,
    pub number: u32,
    pub name: String,
    pub level: Option<u8>,
    pub target: u8,
    /// What closing the gap adds to the index.
    pub impact_display: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub impact: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeverRow {
    pub indicator: String,
    pub number: u32,
    pub name: String,
    pub level: u8,
    pub assessed: bool,
    pub gain_display: String,
    pub index_after_display: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RaiseRow {
    pub indicator: String,
    pub number: u32,
    pub name: String,
    pub from: u8,
    pub to: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub target_display: String,
    /// Why this target: "period" (the period's target), or "next_predicate".
    pub goal: &'static str,
    pub goal_predicate: String,
    pub reachable: bool,
    pub steps: u32,
    pub raises: Vec<RaiseRow>,
    pub index_after_display: String,
    pub predicate_after: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    pub year: i32,
    pub framework: String,
    /// The framework as people name it ("SPBE 2020", "Pemdi 2026").
    pub framework_name: String,
    pub index_display: String,
    pub predicate: String,
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct StatusCounts {
    pub unassessed: usize,
    pub draft: usize,
    pub diajukan: usize,
    pub terverifikasi: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowUpView {
    pub total: usize,
    pub done: usize,
    pub on_schedule: usize,
    pub overdue: usize,
    pub rate_display: String,
    pub expected_index_display: String,
    pub expected_predicate: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    pub groups_svg: String,
    pub radar_svg: String,
    /// Present from two periods on.
    pub trend_svg: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub year: i32,
    /// The stages of the year's evaluation with their dates, for a framework evaluated in
    /// stages (Pemdi 2026: penilaian mandiri, dokumen, interviu, visitasi).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<Vec<livinglab_store::butir::Stage>>,
    pub framework_id: String,
    pub framework_version: String,
    pub framework_name: String,
    pub index_name: String,
    pub provisional: bool,
    #[serde(with = "rust_decimal::serde::str")]
    pub index: Decimal,
    pub index_display: String,
    pub index_max_display: String,
    pub predicate: String,
    pub complete: bool,
    pub assessed: usize,
    pub total: usize,
    pub target_index_display: Option<String>,
    /// The index if every indicator target were met.
    pub targets_index_display: String,
    pub status: StatusCounts,
    pub evidence_items: usize,
    /// The kind of group the bars show (aspects) and of the top level (domains).
    pub group_kind_name: String,
    pub top_kind_name: String,
    pub groups: Vec<GroupRow>,
    pub top_groups: Vec<GroupRow>,
    pub gaps: Vec<GapRow>,
    pub leverage: Vec<LeverRow>,
    pub plan: PlanView,
    pub trend: Vec<TrendRow>,
    pub follow_up: FollowUpView,
    pub charts: Charts,
}

/// The levels each indicator should reach: its target where set, else its level.
pub fn target_levels(fw: &Framework, levels: &Levels, targets: &BTreeMap<String, u8>) -> Levels {
    fw.indicators
        .iter()
        .filter_map(|i| {
            let level = levels.get(&i.id).copied();
            let target = targets.get(&i.id).copied();
            match (level, target) {
                (Some(l), Some(t)) => Some((i.id.clone(), l.max(t))),
                (None, Some(t)) => Some((i.id.clone(), t)),
                (Some(l), None) => Some((i.id.clone(), l)),
                (None, None) => None,
            }
        })
        .collect()
}

fn group_rows(fw: &Framework, score: &Score, target: &Score, kind: &str, lang: Lang) -> Vec<GroupRow> {
    let kind_name =
        fw.group_kinds.iter().find(|k| k.id == kind).map(|k| k.name.get(lang).to_string()).unwrap_or_default();
    score
        .groups_of_kind(kind)
        .map(|g| {
            let t = target.groups.iter().find(|x| x.id == g.id).map(|x| x.index).unwrap_or(g.index);
            GroupRow {
                id: g.id.clone(),
                kind: g.kind.clone(),
                kind_name: kind_name.clone(),
                number: g.number,
                name: g.name.get(lang).to_string(),
                index: g.index,
                index_display: format::index(g.index, lang),
                predicate: g.predicate.get(lang).to_string(),
                target: t,
                target_display: format::index(t, lang),
                assessed: g.assessed,
                total: g.total,
            }
        })
        .collect()
}

pub fn dashboard(ws: &Workspace, year: i32, lang: Lang, today: time::Date) -> Result<Dashboard> {
    let period = ws.period(year)?;
    let fw = ws.period_framework(&period)?;
    let answers = ws.assessments(year)?;
    let levels: Levels = answers.iter().filter_map(|a| a.level.map(|l| (a.indicator.clone(), l))).collect();
    let targets: BTreeMap<String, u8> =
        answers.iter().filter_map(|a| a.target.map(|t| (a.indicator.clone(), t))).collect();
    // The values the index counts (Pemdi: the assessor's, the indices', the butir estimates);
    // the target index has each indicator at its target where that is higher.
    let values = ws.values(year)?;
    let score = scoring::score_values(&fw, &values)?;
    let mut target_values = values.clone();
    for (id, &t) in &targets {
        let t = Decimal::from(t);
        let v = target_values.entry(id.clone()).or_insert(t);
        *v = (*v).max(t);
    }
    let target_score = scoring::score_values(&fw, &target_values)?;
    let leaf_kind = fw.group_kinds.last().unwrap().id.clone();
    let top_kind = fw.group_kinds[0].id.clone();
    let groups = group_rows(&fw, &score, &target_score, &leaf_kind, lang);
    let top_groups = group_rows(&fw, &score, &target_score, &top_kind, lang);

    let mut status = StatusCounts::default();
    for i in &fw.indicators {
        match answers.iter().find(|a| a.indicator == i.id) {
            Some(a) if a.level.is_some() => match a.status {
                Status::Draft => status.draft += 1,
                Status::Diajukan => status.diajukan += 1,
                Status::Terverifikasi => status.terverifikasi += 1,
            },
            _ => status.unassessed += 1,
        }
    }

    let hundred = Decimal::from(100);
    let mut gaps: Vec<GapRow> = fw
        .indicators
        .iter()
        .filter_map(|i| {
            let target = *targets.get(&i.id)?;
            let level = levels.get(&i.id).copied();
            let from = level.unwrap_or(scoring::MIN_LEVEL);
            (target > from).then(|| {
                let impact = (i.weight * Decimal::from(target - from) / hundred).normalize();
                GapRow {
                    indicator: i.id.clone(),
                    number: i.number,
                    name: i.name.get(lang).to_string(),
                    level,
                    target,
                    impact_display: format!("+{}", format::decimal(impact, 3, lang)),
                    impact,
                }
            })
        })
        .collect();
    gaps.sort_by(|a, b| b.impact.cmp(&a.impact).then(a.number.cmp(&b.number)));
    gaps.truncate(10);

    let leverage: Vec<LeverRow> = scoring::leverage(&fw, &levels)?
        .into_iter()
        .take(10)
        .map(|l| LeverRow {
            indicator: l.indicator,
            number: l.number,
            name: l.name.get(lang).to_string(),
            level: l.level,
            assessed: l.assessed,
            gain_display: format!(
                "+{}",
                format::decimal(l.gain, 4, lang).trim_end_matches('0').trim_end_matches([',', '.'])
            ),
            index_after_display: format::index(score.index + l.gain, lang),
        })
        .collect();

    let goal = scoring::plan_goal(&fw, period.target_index, score.index);
    let (goal_value, goal_kind) = (goal.value, goal.kind.as_str());
    let plan = scoring::plan_to(&fw, &levels, goal_value)?;
    let plan = PlanView {
        target_display: format::index(goal_value, lang),
        goal: goal_kind,
        goal_predicate: fw.band_of(goal_value).name.get(lang).to_string(),
        reachable: plan.reachable,
        steps: plan.steps,
        raises: plan
            .raises
            .iter()
            .map(|r| RaiseRow {
                indicator: r.indicator.clone(),
                number: r.number,
                name: r.name.get(lang).to_string(),
                from: r.from,
                to: r.to,
            })
            .collect(),
        index_after_display: format::index(plan.index_after, lang),
        predicate_after: plan.predicate_after.get(lang).to_string(),
    };

    let mut trend = Vec::new();
    // The trend runs up to the period shown: a later period does not belong to its story.
    for p in ws.periods()?.into_iter().filter(|p| p.year <= year) {
        let s = ws.score(p.year)?;
        let framework_name =
            ws.period_framework(&p).map(|f| f.short_name.clone()).unwrap_or_else(|_| p.framework_id.clone());
        trend.push(TrendRow {
            year: p.year,
            framework: p.framework_id.clone(),
            framework_name,
            index_display: format::index(s.index, lang),
            predicate: s.predicate.get(lang).to_string(),
            complete: s.complete,
        });
    }

    let f = ws.follow_up(year, today)?;
    let follow_up = FollowUpView {
        total: f.total,
        done: f.done,
        on_schedule: f.on_schedule,
        overdue: f.overdue,
        rate_display: format::percent(f.rate, lang),
        expected_index_display: format::index(f.expected_index, lang),
        expected_predicate: fw.band_of(f.expected_index).name.get(lang).to_string(),
    };

    let failed = |e: String| Error::new(ErrorCode::DocumentFailed).with("detail", e);
    let bars = group_bars(&groups);
    let groups_svg =
        charts::svg(760, 50 + 36 * bars.len() as u32, |root| charts::group_bars(root, &bars, &fw.predicates, lang))
            .map_err(failed)?;
    let spokes: Vec<Spoke> = bars
        .iter()
        .map(|b| Spoke { code: b.code.clone(), value: b.value, target: Some(b.target.unwrap_or(b.value)) })
        .collect();
    let radar_svg = charts::svg(440, 400, |root| charts::radar(root, &spokes, lang)).map_err(failed)?;
    let segments = trend_segments(ws, year)?;
    let trend_svg = if trend.len() >= 2 {
        Some(charts::svg(640, 260, |root| charts::trend(root, &segments, lang)).map_err(failed)?)
    } else {
        None
    };

    Ok(Dashboard {
        year,
        stages: (fw.values == livinglab_core::framework::ValueKind::Decimal).then(|| ws.stages(year)).transpose()?,
        framework_id: fw.id.clone(),
        framework_version: fw.version.clone(),
        framework_name: fw.name.get(lang).to_string(),
        index_name: fw.index_name.get(lang).to_string(),
        provisional: fw.provisional,
        index: score.index,
        index_display: score.display(lang),
        index_max_display: format::index(score.index_max, lang),
        predicate: score.predicate.get(lang).to_string(),
        complete: score.complete,
        assessed: score.assessed,
        total: score.total,
        target_index_display: period.target_index.map(|t| format::index(t, lang)),
        targets_index_display: format::index(target_score.index, lang),
        status,
        evidence_items: ws.evidence(year, None)?.len(),
        group_kind_name: fw.group_kinds.last().unwrap().name.get(lang).to_string(),
        top_kind_name: fw.group_kinds[0].name.get(lang).to_string(),
        groups,
        top_groups,
        gaps,
        leverage,
        plan,
        trend,
        follow_up,
        charts: Charts { groups_svg, radar_svg, trend_svg },
    })
}

/// The actions of a period as timeline spans: from the start (or the day the action was
/// recorded) to the due date; overdue ones marked.
pub fn action_spans(actions: &[livinglab_store::actions::Action], today: time::Date) -> Vec<charts::Span> {
    use livinglab_core::format::parse_date;
    actions
        .iter()
        .filter_map(|a| {
            let due = parse_date(&a.due).ok()?;
            let start = a
                .start
                .as_deref()
                .and_then(|s| parse_date(s).ok())
                .or_else(|| parse_date(a.created_at.get(..10)?).ok())
                .unwrap_or(due);
            Some(charts::Span {
                label: a.title.clone(),
                start: start.min(due),
                end: due,
                progress: a.progress,
                status: a.status,
                overdue: livinglab_core::followup::is_overdue(a.status, due, today),
            })
        })
        .collect()
}

/// The timeline of a period's actions as SVG, when it has any.
pub fn action_timeline_svg(ws: &Workspace, year: i32, lang: Lang, today: time::Date) -> Result<Option<String>> {
    let spans = action_spans(&ws.actions(year)?, today);
    if spans.is_empty() {
        return Ok(None);
    }
    charts::svg(760, 60 + 30 * spans.len() as u32, |root| charts::timeline(root, &spans, today, lang))
        .map(Some)
        .map_err(|e| Error::new(ErrorCode::DocumentFailed).with("detail", e))
}

/// The index of every period up to `year`, in runs of consecutive periods of one framework.
pub fn trend_segments(ws: &Workspace, year: i32) -> Result<Vec<TrendSegment>> {
    let mut segments: Vec<(String, TrendSegment)> = Vec::new();
    for p in ws.periods()?.into_iter().filter(|p| p.year <= year) {
        let point = TrendPoint { year: p.year, value: ws.score(p.year)?.index };
        match segments.last_mut() {
            Some((id, segment)) if *id == p.framework_id => segment.points.push(point),
            _ => {
                let fw = ws.period_framework(&p)?;
                let segment =
                    TrendSegment { label: fw.short_name.clone(), bands: fw.predicates.clone(), points: vec![point] };
                segments.push((p.framework_id.clone(), segment));
            }
        }
    }
    Ok(segments.into_iter().map(|(_, s)| s).collect())
}
