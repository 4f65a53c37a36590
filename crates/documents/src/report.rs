//! The progress report (Laporan Kemajuan) of a period: cover, summary, charts, values per
//! group, the full indicator table, follow-up actions with their timeline, the evidence list
//! with hashes, and an approval page for the Sekda's signature.
//!
//! A report is first gathered into a [`ReportModel`]: everything it prints. The PDF is drawn
//! from the model alone, section by section, and the model's canonical JSON is what an issued
//! report's QR code hashes, so the hash covers every figure, name and official on its pages.

use livinglab_core::followup::{ActionStatus, FollowUp};
use livinglab_core::format;
use livinglab_core::format::parse_date;
use livinglab_core::framework::{Framework, ValueKind};
use livinglab_core::i18n::Lang;
use livinglab_core::indicator_value::ValueBasis;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::actions::Action;
use livinglab_store::assessment::Status;
use livinglab_store::butir::{ButirReview, ButirState, IndicatorValue};
use livinglab_store::documents::{DocumentKind, DocumentRecord, Issue, IssuedMeta};
use livinglab_store::Workspace;
use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::charts::{self, TrendSegment};
use crate::common::{self, text, text_with, Issuer, Side, SignatureBlock, Signing};
use crate::dashboard::{self, Charts, Dashboard};
use crate::letter::LetterSettings;
use crate::pdf::{Align, Column, Doc, Face, Style, Typeface, GREEN, MUTED};
use crate::seal::Sealer;

fn failed(e: String) -> Error {
    Error::new(ErrorCode::DocumentFailed).with("detail", e)
}

/// A period's index, as the summary and the trend print it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct YearIndex {
    pub year: i32,
    #[serde(with = "rust_decimal::serde::str")]
    pub index: Decimal,
    /// The framework the period is assessed against: indices of two frameworks are not on one
    /// scale.
    pub framework: String,
}

/// One indicator's answer: its row in the indicator table and its page in the annex.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerLine {
    pub indicator: String,
    pub level: Option<u8>,
    pub target: Option<u8>,
    pub status: Status,
    pub fakta: String,
    pub analisis: String,
    pub owner_office: String,
    pub owner_person: String,
}

/// One row of the evidence list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceLine {
    pub indicator: String,
    pub name: String,
    pub sha256: Option<String>,
    pub url: Option<String>,
}

/// Everything a progress report prints (see the module documentation).
#[derive(Debug, Clone, Serialize)]
pub struct ReportModel {
    pub kind: &'static str,
    /// The report's number ("LK-2026-3"); empty in a preview.
    pub number: String,
    pub lang: Lang,
    /// The date the report is made, YYYY-MM-DD.
    pub date: String,
    pub issuer: Issuer,
    pub typeface: Typeface,
    pub signing: Signing,
    pub period: i32,
    pub framework: FrameworkRef,
    pub target_index: Option<String>,
    /// The figures of the period, as the dashboard shows them (without its SVG charts).
    pub figures: Dashboard,
    pub previous: Option<YearIndex>,
    /// The index of every period up to this one.
    pub trend: Vec<YearIndex>,
    pub answers: Vec<AnswerLine>,
    /// A framework of decimal values (Pemdi 2026): the value each indicator counts with and
    /// why, and the butir checklist with the evaluators' review; empty for one of levels.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub values: Vec<IndicatorValue>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub butir: Vec<ButirState>,
    pub evidence: Vec<EvidenceLine>,
    pub actions: Vec<Action>,
    pub follow_up: FollowUp,
    /// The framework the period is assessed against; named by `framework` in the data.
    #[serde(skip)]
    pub fw: std::borrow::Cow<'static, Framework>,
    /// The trend's points by framework, with each framework's bands (from `trend`).
    #[serde(skip)]
    pub trend_segments: Vec<TrendSegment>,
}

/// A framework by id and version: together they name exactly one validated file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FrameworkRef {
    pub id: String,
    pub version: String,
}

impl ReportModel {
    /// Gathers the report of period `year` as of `today`.
    pub fn gather(ws: &Workspace, year: i32, lang: Lang, today: Date) -> Result<ReportModel> {
        let period = ws.period(year)?;
        let fw = ws.period_framework(&period)?;
        let mut figures = dashboard::dashboard(ws, year, lang, today)?;
        figures.charts = Charts { groups_svg: String::new(), radar_svg: String::new(), trend_svg: None };
        let trend = ws
            .periods()?
            .into_iter()
            .filter(|p| p.year <= year)
            .map(|p| Ok(YearIndex { year: p.year, index: ws.score(p.year)?.index, framework: p.framework_id }))
            .collect::<Result<Vec<_>>>()?;
        let previous = trend.iter().rev().find(|p| p.year < year).cloned();
        let settings: LetterSettings = ws.setting("letter")?;
        Ok(ReportModel {
            kind: DocumentKind::Report.as_str(),
            number: String::new(),
            lang,
            date: today.to_string(),
            issuer: Issuer::of(ws)?,
            typeface: settings.typeface,
            signing: settings.signing,
            period: year,
            framework: FrameworkRef { id: fw.id.clone(), version: fw.version.clone() },
            target_index: period.target_index.map(|t| t.to_string()),
            figures,
            previous,
            trend,
            answers: ws
                .assessments(year)?
                .into_iter()
                .map(|a| AnswerLine {
                    indicator: a.indicator,
                    level: a.level,
                    target: a.target,
                    status: a.status,
                    fakta: a.fakta,
                    analisis: a.analisis,
                    owner_office: a.owner_office,
                    owner_person: a.owner_person,
                })
                .collect(),
            values: if fw.values == ValueKind::Decimal { ws.indicator_values(year)? } else { Vec::new() },
            butir: if fw.values == ValueKind::Decimal { ws.butir(year, None)? } else { Vec::new() },
            evidence: ws
                .evidence(year, None)?
                .into_iter()
                .map(|e| EvidenceLine { indicator: e.indicator, name: e.display_name, sha256: e.sha256, url: e.url })
                .collect(),
            actions: ws.actions(year)?,
            follow_up: ws.follow_up(year, today)?,
            trend_segments: dashboard::trend_segments(ws, year)?,
            fw,
        })
    }

    fn today(&self) -> Date {
        parse_date(&self.date).expect("the model's date is written from a Date")
    }
}

/// Lays the report out from its model. `meta` is None for a preview.
pub fn render(m: &ReportModel, meta: Option<&IssuedMeta>) -> Result<Vec<u8>> {
    let lang = m.lang;
    let title = text(lang, "doc.report.title");
    let mut doc = Doc::new(
        &format!("{title} {} {}", m.issuer.region.name, m.period),
        (12.0, 20.0, 22.0, 25.0),
        common::footer(lang, &m.issuer, meta, m.signing),
    );
    doc.set_typeface(m.typeface);
    doc.pdf.metadata.info.author = m.issuer.profile.office_name.clone();
    doc.pdf.metadata.info.subject = format!("{} {}", m.figures.index_name, m.period);
    doc.pdf.metadata.info.creator = "Living Lab".into();
    doc.pdf.metadata.info.identifier = meta.map(|m| m.document_id.clone()).unwrap_or_default();
    cover(&mut doc, m, meta)?;
    summary(&mut doc, m);
    charts_section(&mut doc, m)?;
    groups_section(&mut doc, m);
    indicators_section(&mut doc, m);
    actions_section(&mut doc, m)?;
    evidence_section(&mut doc, m);
    approval_page(&mut doc, m, meta)?;
    annex(&mut doc, m);
    Ok(doc.finish())
}

/// The annex an evaluator reads: per indicator its level and target, the Fakta and Analisis,
/// who is responsible, and the evidence that backs it.
fn annex(doc: &mut Doc, m: &ReportModel) {
    let lang = m.lang;
    doc.new_page();
    common::heading(doc, &text(lang, "doc.report.h_annex"), 14.0);
    doc.paragraph(&text(lang, "doc.report.annex_lead"), Style::new(Face::Sans, 9.0).color(MUTED).after(3.0));
    let label_w = 32.0;
    let row = Style::new(m.typeface.regular(), 9.5).align(Align::Justify).leading(1.35).after(0.6);
    let none = text(lang, "doc.report.annex_none");
    for indicator in &m.fw.indicators {
        let answer = m.answers.iter().find(|a| a.indicator == indicator.id);
        let evidence: Vec<&EvidenceLine> = m.evidence.iter().filter(|e| e.indicator == indicator.id).collect();
        // The indicator's heading stays with its first lines.
        doc.ensure(28.0);
        doc.paragraph(
            &format!(
                "{} {}",
                text_with(lang, "doc.report.annex_indicator", &[("n", indicator.number.to_string())]),
                indicator.name.get(lang)
            ),
            Style::new(Face::SansBold, 10.0).after(1.2),
        );
        let level = |l: Option<u8>| l.map(|l| l.to_string()).unwrap_or_else(|| "–".into());
        let owner = answer
            .map(|a| {
                [a.owner_office.trim(), a.owner_person.trim()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" — ")
            })
            .filter(|s| !s.is_empty());
        let filled = |s: Option<&str>| {
            s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).unwrap_or_else(|| none.clone())
        };
        let rows = [
            (
                text(lang, "doc.report.col_level"),
                match answer.and_then(|a| a.level) {
                    None => text(lang, "status.none").to_lowercase(),
                    Some(l) => format!(
                        "{l} ({} {})",
                        text(lang, "doc.report.col_target").to_lowercase(),
                        level(answer.and_then(|a| a.target))
                    ),
                },
            ),
            (text(lang, "doc.report.annex_fakta"), filled(answer.map(|a| a.fakta.as_str()))),
            (text(lang, "doc.report.annex_analisis"), filled(answer.map(|a| a.analisis.as_str()))),
            (text(lang, "doc.report.col_owner"), owner.unwrap_or_else(|| none.clone())),
            (
                text(lang, "doc.report.h_evidence_short"),
                if evidence.is_empty() {
                    text(lang, "doc.report.annex_no_evidence")
                } else {
                    evidence.iter().map(|e| e.name.clone()).collect::<Vec<_>>().join("; ")
                },
            ),
        ];
        for (label, value) in rows {
            doc.hanging(&label, &value, label_w, row);
        }
        if let Some(v) = m.values.iter().find(|v| v.indicator == indicator.id) {
            let mut shown = match v.basis {
                Some(b) => format!(
                    "{} ({})",
                    value_shown(v, lang).trim_end_matches(['*', ' ']),
                    text(lang, &format!("value.basis.{}", b.as_str())).to_lowercase()
                ),
                None => text(lang, "status.none").to_lowercase(),
            };
            // The butir's suggestion beside another value, once some butir are complete.
            let suggests = |e: &&livinglab_core::indicator_value::Estimate| {
                v.basis != Some(ValueBasis::ButirEstimate) && e.levels.iter().any(|l| l.done > Decimal::ZERO)
            };
            if let Some(e) = v.estimate.as_ref().filter(suggests) {
                shown.push_str(&text_with(
                    lang,
                    "doc.report.value_estimate",
                    &[("value", format::decimal(e.value, 2, lang))],
                ));
            }
            doc.hanging(&text(lang, "doc.report.col_value"), &shown, label_w, row);
            for (label, line) in butir_lines(m, &indicator.id) {
                doc.hanging(&label, &line, label_w, row);
            }
        }
        doc.space(3.0);
    }
}

fn cover(doc: &mut Doc, m: &ReportModel, meta: Option<&IssuedMeta>) -> Result<()> {
    let (lang, fw) = (m.lang, &m.fw);
    // A cover carries the emblem once, large, and no letterhead above it.
    doc.space(30.0);
    let center = |size: f32, face: Face| Style::new(face, size).align(Align::Center).leading(1.3);
    doc.paragraph(&text(lang, "doc.report.title").to_uppercase(), center(22.0, Face::SansBold).color(GREEN).after(3.0));
    doc.paragraph(
        &text_with(lang, "doc.report.subtitle", &[("framework", fw.name.get(lang).to_string())]),
        center(13.0, Face::Sans).after(2.0),
    );
    doc.paragraph(
        &text_with(lang, "doc.report.period", &[("year", m.period.to_string())]),
        center(13.0, Face::SansBold).after(16.0),
    );
    if let Some(bytes) = &m.issuer.emblem {
        let (x, y) = (doc.left + doc.width() / 2.0 - 22.0, doc.y);
        doc.image(bytes, x, y, 44.0, 50.0);
        doc.space(58.0);
    }
    doc.paragraph(&text(lang, "doc.report.government").to_uppercase(), center(14.0, Face::SansBold));
    doc.paragraph(&m.issuer.region.name.to_uppercase(), center(16.0, Face::SansBold).after(2.0));
    doc.paragraph(&m.issuer.profile.office_name, center(12.0, Face::Sans).after(2.0));
    doc.paragraph(&m.issuer.region.province, center(11.0, Face::Sans).color(MUTED).after(2.0));
    doc.paragraph(&format::date_long(m.today(), lang), center(11.0, Face::Sans).color(MUTED).after(6.0));
    // An index of a period not fully assessed is provisional, and the cover says so.
    if !m.figures.complete {
        let note = text_with(
            lang,
            "doc.report.cover_provisional",
            &[("n", m.figures.assessed.to_string()), ("total", m.figures.total.to_string())],
        );
        doc.paragraph(&note, center(10.5, Face::SansBold).color(crate::pdf::RED).after(8.0));
    } else {
        doc.space(8.0);
    }
    common::verification_block(doc, lang, meta).map_err(failed)
}

fn summary(doc: &mut Doc, m: &ReportModel) {
    let (lang, d, fw) = (m.lang, &m.figures, &m.fw);
    doc.new_page();
    common::heading(doc, &text(lang, "doc.report.h_summary"), 14.0);
    let change = match &m.previous {
        Some(p) => {
            let prev = p.index;
            text_with(
                lang,
                "doc.report.change",
                &[
                    ("delta", format::change_between(d.index, prev, lang)),
                    ("year", p.year.to_string()),
                    ("prev", format::index(prev, lang)),
                ],
            )
        }
        None => text(lang, "doc.report.no_previous"),
    };
    let target_row = match m.target_index.as_deref().and_then(|t| t.parse::<Decimal>().ok()) {
        Some(t) => {
            let gap = t - d.index;
            let gap_text =
                if gap > Decimal::ZERO { format::index(gap, lang) } else { text(lang, "doc.report.reached") };
            text_with(lang, "doc.report.target_gap", &[("target", format::index(t, lang)), ("gap", gap_text)])
        }
        None => text_with(lang, "doc.report.no_target", &[("targets", d.targets_index_display.clone())]),
    };
    let complete = if d.complete {
        text_with(lang, "doc.report.complete", &[("n", d.total.to_string())])
    } else {
        text_with(
            lang,
            "doc.report.incomplete",
            &[("n", d.assessed.to_string()), ("total", d.total.to_string()), ("max", d.index_max_display.clone())],
        )
    };
    let facts = vec![
        vec![d.index_name.clone(), format!("{} ({})", d.index_display, d.predicate)],
        vec![text(lang, "doc.report.row_change"), change],
        vec![text(lang, "doc.report.row_target"), target_row],
        vec![text(lang, "doc.report.row_completeness"), complete],
        vec![
            text(lang, "doc.report.row_status"),
            text_with(
                lang,
                "doc.report.status_counts",
                &[
                    ("verified", d.status.terverifikasi.to_string()),
                    ("submitted", d.status.diajukan.to_string()),
                    ("draft", d.status.draft.to_string()),
                    ("none", d.status.unassessed.to_string()),
                ],
            ),
        ],
        vec![
            text(lang, "doc.report.row_evidence"),
            text_with(lang, "doc.report.evidence_count", &[("n", m.evidence.len().to_string())]),
        ],
        vec![
            text(lang, "doc.report.row_followup"),
            if m.follow_up.total == 0 {
                text(lang, "doc.report.no_actions")
            } else {
                text_with(
                    lang,
                    "doc.report.followup",
                    &[
                        ("rate", format::percent(m.follow_up.rate, lang)),
                        ("done", m.follow_up.done.to_string()),
                        ("on_schedule", m.follow_up.on_schedule.to_string()),
                        ("total", m.follow_up.total.to_string()),
                        ("overdue", m.follow_up.overdue.to_string()),
                        ("expected", format::index(m.follow_up.expected_index, lang)),
                    ],
                )
            },
        ],
        vec![text(lang, "doc.report.row_framework"), framework_line(fw, lang)],
    ];
    doc.table(
        &[
            Column::new(text(lang, "doc.report.col_item"), 45.0, Align::Left),
            Column::new(text(lang, "doc.report.col_value"), doc.width() - 45.0, Align::Left),
        ],
        &facts,
        9.5,
    );
    doc.space(4.0);
    if fw.provisional {
        doc.paragraph(&text(lang, "doc.report.provisional"), Style::new(Face::SansItalic, 8.5).color(MUTED).after(3.0));
    }
}

/// A framework as a report's summary names it: name, legal basis and version.
pub(crate) fn framework_line(fw: &Framework, lang: Lang) -> String {
    format!("{} ({}), {} {}", fw.name.get(lang), fw.legal_basis, text(lang, "doc.report.version"), fw.version)
}

fn charts_section(doc: &mut Doc, m: &ReportModel) -> Result<()> {
    let (lang, d, fw) = (m.lang, &m.figures, &m.fw);
    common::heading(doc, &text(lang, "doc.report.h_charts"), 14.0);
    doc.paragraph(
        &text_with(lang, "doc.report.chart_groups", &[("kind", d.group_kind_name.clone())]),
        Style::new(Face::SansBold, 10.0).after(1.5),
    );
    let bars = dashboard::group_bars(&d.groups);
    let width = doc.width();
    doc.chart(width, 760, 50 + 36 * bars.len() as u32, |area| charts::group_bars(area, &bars, &fw.predicates, lang))
        .map_err(failed)?;
    doc.paragraph(&text(lang, "doc.report.chart_legend"), Style::new(Face::Sans, 8.0).color(MUTED).after(4.0));
    if m.trend.len() >= 2 {
        doc.ensure(80.0);
        doc.paragraph(&text(lang, "doc.report.chart_trend"), Style::new(Face::SansBold, 10.0).after(1.5));
        // The trend up to the period reported on, each framework over its own bands.
        doc.chart(width * 0.85, 640, 260, |area| charts::trend(area, &m.trend_segments, lang)).map_err(failed)?;
        doc.space(4.0);
    }
    // A chart of one or two actions is a near-empty picture: the table in section 5 says it.
    if m.actions.len() >= 3 {
        doc.ensure(70.0);
        doc.paragraph(&text(lang, "doc.report.chart_actions"), Style::new(Face::SansBold, 10.0).after(1.5));
        let counts: Vec<(String, usize)> = ActionStatus::ALL
            .iter()
            .map(|s| {
                (
                    text(lang, &format!("action.status.{}", s.as_str())),
                    m.actions.iter().filter(|a| a.status == *s).count(),
                )
            })
            .collect();
        doc.chart(width * 0.85, 640, 220, |area| charts::status_bars(area, &counts, lang)).map_err(failed)?;
        doc.space(4.0);
    }
    Ok(())
}

fn groups_section(doc: &mut Doc, m: &ReportModel) {
    let (lang, d, fw) = (m.lang, &m.figures, &m.fw);
    // "per Domain dan Aspek" where the framework nests its groups, "per Aspek" where it does not.
    let heading = match fw.group_kinds.as_slice() {
        [only] => text_with(lang, "doc.report.h_groups_of", &[("kind", only.name.get(lang).to_string())]),
        _ => text(lang, "doc.report.h_groups"),
    };
    common::heading(doc, &heading, 14.0);
    let mut rows = Vec::new();
    let mut bold = Vec::new();
    let nested = d.top_groups.first().map(|g| g.kind.as_str()) != d.groups.first().map(|g| g.kind.as_str());
    for top in &d.top_groups {
        rows.push(vec![
            format!("{} {}", top.kind_name, top.number),
            top.name.clone(),
            top.index_display.clone(),
            top.predicate.clone(),
            top.target_display.clone(),
        ]);
        bold.push(nested);
        if nested {
            for g in
                d.groups.iter().filter(|g| fw.group(&g.id).and_then(|x| x.parent.as_deref()) == Some(top.id.as_str()))
            {
                rows.push(vec![
                    format!("{} {}", g.kind_name, g.number),
                    g.name.clone(),
                    g.index_display.clone(),
                    g.predicate.clone(),
                    g.target_display.clone(),
                ]);
                bold.push(false);
            }
        }
    }
    doc.table_emphasis(&bold);
    doc.table(
        &[
            Column::new(text(lang, "doc.report.col_group"), 22.0, Align::Left),
            Column::new(text(lang, "doc.report.col_name"), doc.width() - 22.0 - 18.0 - 28.0 - 18.0, Align::Left),
            Column::new(text(lang, "doc.report.col_index"), 18.0, Align::Right),
            Column::new(text(lang, "doc.report.col_predicate"), 28.0, Align::Left),
            Column::new(text(lang, "doc.report.col_target"), 18.0, Align::Right),
        ],
        &rows,
        9.0,
    );
}

fn indicators_section(doc: &mut Doc, m: &ReportModel) {
    let (lang, fw) = (m.lang, &m.fw);
    common::heading(doc, &text(lang, "doc.report.h_indicators"), 14.0);
    let rows: Vec<Vec<String>> = fw
        .indicators
        .iter()
        .map(|i| {
            let a = m.answers.iter().find(|a| a.indicator == i.id);
            let level = a.and_then(|a| a.level);
            let target = a.and_then(|a| a.target);
            let gap = match (level, target) {
                (Some(l), Some(t)) if t > l => format!("{}", t - l),
                (None, Some(t)) => format!("{}", t - 1),
                (_, Some(_)) => "0".into(),
                _ => "–".into(),
            };
            // A value from the butir or an index is assessed too, without a level chosen.
            let valued = m
                .values
                .iter()
                .any(|v| v.indicator == i.id && v.value.is_some() && v.basis != Some(ValueBasis::AssumedOne));
            let status = match a {
                Some(a) if a.level.is_some() || valued => text(lang, &format!("status.{}", a.status.as_str())),
                None if valued => text(lang, "status.draft"),
                _ => text(lang, "status.none"),
            };
            vec![
                i.number.to_string(),
                i.name.get(lang).to_string(),
                match m.values.iter().find(|v| v.indicator == i.id) {
                    Some(v) => value_shown(v, lang),
                    None => level.map(|l| l.to_string()).unwrap_or("–".into()),
                },
                target.map(|l| l.to_string()).unwrap_or("–".into()),
                gap,
                status,
            ]
        })
        .collect();
    doc.table(
        &[
            Column::new(text(lang, "doc.report.col_no"), 10.0, Align::Right),
            Column::new(
                text(lang, "doc.report.col_indicator"),
                doc.width() - 10.0 - 15.0 - 15.0 - 15.0 - 26.0,
                Align::Left,
            ),
            Column::new(
                text(lang, if m.values.is_empty() { "doc.report.col_level" } else { "doc.report.col_value" }),
                15.0,
                Align::Center,
            ),
            Column::new(text(lang, "doc.report.col_target"), 15.0, Align::Center),
            Column::new(text(lang, "doc.report.col_gap"), 15.0, Align::Center),
            Column::new(text(lang, "doc.report.col_status"), 26.0, Align::Left),
        ],
        &rows,
        8.5,
    );
    if !m.values.is_empty() {
        doc.paragraph(&text(lang, "doc.report.value_marks"), Style::new(Face::Sans, 8.0).color(MUTED).after(2.0));
    }
}

/// A decimal indicator value as the report prints it: two decimals, an estimate from the butir
/// marked *, an index-fed indicator still without its index marked ** (it counts as 1).
fn value_shown(v: &IndicatorValue, lang: Lang) -> String {
    match (v.value, v.basis) {
        (_, Some(ValueBasis::AssumedOne)) => "1 **".into(),
        (Some(x), Some(ValueBasis::ButirEstimate)) => format!("{} *", format::decimal(x, 2, lang)),
        (Some(x), _) => format::decimal(x, 2, lang),
        (None, _) => "–".into(),
    }
}

/// The butir of one indicator, level by level: how many are complete, and what the evaluators
/// returned ("Tingkat 2: 1 dari 4 lengkap (butir 1); diterima: butir 1; revisi: butir 2 — …").
fn butir_lines(m: &ReportModel, indicator: &str) -> Vec<(String, String)> {
    let lang = m.lang;
    let mine: Vec<&ButirState> = m.butir.iter().filter(|b| b.indicator == indicator).collect();
    let position = |b: &ButirState| b.butir_id.rsplit('.').next().unwrap_or_default().to_string();
    let mut out = Vec::new();
    // Levels up to the first incomplete one, and any later level with something recorded: the
    // rest says nothing an evaluator needs.
    let mut shown_incomplete = false;
    for level in 1..=livinglab_core::levels::MAX_LEVEL {
        let items: Vec<&&ButirState> = mine.iter().filter(|b| b.level == level).collect();
        let recorded = items.iter().any(|b| b.complete || b.review.is_some());
        if items.is_empty() || (shown_incomplete && !recorded) {
            continue;
        }
        shown_incomplete |= !items.iter().all(|b| b.complete);
        let done: Vec<String> = items.iter().filter(|b| b.complete).map(|b| position(b)).collect();
        let mut line = text_with(
            lang,
            if done.is_empty() { "doc.report.butir_none_done" } else { "doc.report.butir_done" },
            &[("done", done.len().to_string()), ("n", items.len().to_string()), ("list", done.join(", "))],
        );
        let accepted: Vec<String> =
            items.iter().filter(|b| b.review == Some(ButirReview::Diterima)).map(|b| position(b)).collect();
        if !accepted.is_empty() {
            line.push_str(&text_with(lang, "doc.report.butir_accepted", &[("list", accepted.join(", "))]));
        }
        for b in items.iter().filter(|b| b.review == Some(ButirReview::Revisi)) {
            line.push_str(&text_with(
                lang,
                "doc.report.butir_revise",
                &[("n", position(b)), ("reason", b.review_reason.clone())],
            ));
        }
        out.push((text_with(lang, "doc.report.butir_level", &[("level", level.to_string())]), line));
    }
    out
}

fn actions_section(doc: &mut Doc, m: &ReportModel) -> Result<()> {
    let (lang, today, width) = (m.lang, m.today(), doc.width());
    common::heading(doc, &text(lang, "doc.report.h_actions"), 14.0);
    if m.actions.is_empty() {
        doc.paragraph(&text(lang, "doc.report.no_actions"), Style::new(Face::Sans, 10.0).after(3.0));
    } else {
        let spans = dashboard::action_spans(&m.actions, today);
        doc.chart(width, 760, 60 + 30 * spans.len() as u32, |area| charts::timeline(area, &spans, today, lang))
            .map_err(failed)?;
        doc.space(3.0);
        let rows: Vec<Vec<String>> = m
            .actions
            .iter()
            .map(|a| {
                let overdue = a.is_overdue(today);
                let status = text(lang, &format!("action.status.{}", a.status.as_str()));
                vec![
                    a.title.clone(),
                    a.indicators
                        .iter()
                        .map(|t| match t.target_level {
                            Some(l) => format!("{} → {l}", t.indicator),
                            None => t.indicator.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    a.owner_office.clone(),
                    parse_date(&a.due).map(|d| format::date_long(d, lang)).unwrap_or(a.due.clone()),
                    if overdue { format!("{status} ({})", text(lang, "action.overdue")) } else { status },
                    format::progress(a.progress),
                ]
            })
            .collect();
        doc.table(
            &[
                Column::new(
                    text(lang, "doc.report.col_action"),
                    doc.width() - 24.0 - 26.0 - 28.0 - 26.0 - 14.0,
                    Align::Left,
                ),
                Column::new(text(lang, "doc.report.col_indicators"), 24.0, Align::Left),
                Column::new(text(lang, "doc.report.col_owner"), 26.0, Align::Left),
                Column::new(text(lang, "doc.report.col_due"), 28.0, Align::Left),
                Column::new(text(lang, "doc.report.col_status"), 26.0, Align::Left),
                Column::new("%", 14.0, Align::Right),
            ],
            &rows,
            8.5,
        );
    }
    Ok(())
}

fn evidence_section(doc: &mut Doc, m: &ReportModel) {
    let lang = m.lang;
    // With nothing to list, the section is two lines and follows on the page it can.
    let keep = if m.evidence.is_empty() { 10.0 } else { 40.0 };
    common::heading_with(doc, &text(lang, "doc.report.h_evidence"), 14.0, keep);
    if m.evidence.is_empty() {
        doc.paragraph(&text(lang, "doc.report.no_evidence"), Style::new(Face::Sans, 10.0).after(3.0));
    } else {
        doc.paragraph(&text(lang, "doc.report.evidence_lead"), Style::new(Face::Sans, 9.0).color(MUTED).after(2.0));
        let rows: Vec<Vec<String>> = m
            .evidence
            .iter()
            .map(|e| vec![e.name.clone(), e.sha256.clone().or(e.url.clone()).unwrap_or_default()])
            .collect();
        doc.table(
            &[
                Column::new(text(lang, "doc.report.col_file"), 62.0, Align::Left),
                Column::new("SHA-256 / URL", doc.width() - 62.0, Align::Left),
            ],
            &rows,
            7.5,
        );
    }
}

fn approval_page(doc: &mut Doc, m: &ReportModel, meta: Option<&IssuedMeta>) -> Result<()> {
    let (lang, d, profile) = (m.lang, &m.figures, &m.issuer.profile);
    doc.new_page();
    common::heading(doc, &text(lang, "doc.report.h_approval"), 14.0);
    doc.paragraph(
        &text_with(
            lang,
            "doc.report.approval_text",
            &[
                ("region", m.issuer.region.name.clone()),
                ("year", m.period.to_string()),
                ("index_name", d.index_name.clone()),
                ("index", d.index_display.clone()),
                ("predicate", d.predicate.clone()),
            ],
        ),
        Style::new(Face::Sans, 11.0).align(Align::Justify).leading(1.45).after(6.0),
    );
    // The head of the office who prepared it (left) and the Sekda who approves it (right),
    // side by side on their own lines, with the verification code under both.
    let place_date = format!("{}, {}", profile.place, format::date_long(m.today(), lang));
    let head = &profile.office_head;
    let prepared = vec![text(lang, "doc.report.prepared_by"), head.title.clone(), format!("{},", m.issuer.region.name)];
    let approved = vec![
        text(lang, "doc.report.approved_by"),
        format!("{} {},", profile.sekda.title, m.issuer.region.name),
        text(lang, &format!("doc.report.as_coordinator_{}", common::wording(&m.fw.id))),
    ];
    let block = |side, place_date, jabatan, official| SignatureBlock {
        place_date,
        jabatan,
        official,
        typeface: m.typeface,
        size: 11.0,
        signing: m.signing,
        side,
    };
    doc.ensure(70.0);
    let top = doc.y;
    // The left block starts a line lower, so that both jabatan begin on one line.
    common::signature_block(doc, lang, &block(Side::Left, Some(""), &prepared, head));
    let left_end = doc.y;
    doc.y = top;
    common::signature_block(doc, lang, &block(Side::Right, Some(&place_date), &approved, &profile.sekda));
    doc.y = doc.y.max(left_end) + 6.0;
    common::verification_block(doc, lang, meta).map_err(failed)?;
    Ok(())
}

/// A preview: the report as it would be issued today, with no number and no QR code.
pub fn preview(ws: &Workspace, year: i32, lang: Lang, today: Date) -> Result<Vec<u8>> {
    render(&ReportModel::gather(ws, year, lang, today)?, None)
}

/// Issues the report of a period: number "LK-<year>-<n>", its model as canonical data, PDF.
pub fn issue(
    ws: &mut Workspace,
    year: i32,
    lang: Lang,
    today: Date,
    sealer: Option<&Sealer>,
) -> Result<(DocumentRecord, Vec<u8>)> {
    ws.period(year)?;
    // Gathered inside the issue transaction from a second connection: the write lock is held,
    // so what is gathered is exactly what the workspace holds when the number is taken.
    let reader = Workspace::open(ws.dir())?;
    let title = format!("{} {year}", text(lang, "doc.report.title"));
    ws.issue_document(
        DocumentKind::Report,
        today.year(),
        Some(year),
        lang,
        |seq| {
            let number = format!("LK-{}-{seq}", today.year());
            let model = ReportModel { number: number.clone(), ..ReportModel::gather(&reader, year, lang, today)? };
            Ok(Issue { number, title: title.clone(), model, seal_key_id: sealer.map(|s| s.key_id().to_string()) })
        },
        |model, meta| crate::letter::sealed(render(model, Some(meta))?, &model.issuer, sealer),
    )
}
