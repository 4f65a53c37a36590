//! The progress report (Laporan Kemajuan) of a period: cover, summary, charts, values per
//! group, the full indicator table, follow-up actions with their timeline, the evidence list
//! with hashes, and an approval page for the Sekda's signature.

use livinglab_core::followup::ActionStatus;
use livinglab_core::format;
use livinglab_core::format::parse_date;
use livinglab_core::i18n::Lang;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::documents::{DocumentKind, DocumentRecord, Issue, IssuedMeta};
use livinglab_store::Workspace;
use rust_decimal::Decimal;
use serde_json::json;
use time::Date;

use crate::charts::{self, Bar, TrendPoint};
use crate::common::{self, text, text_with, KopStyle};
use crate::dashboard;
use crate::letter::LetterSettings;
use crate::pdf::{Align, Column, Doc, Face, Style, Typeface, GREEN, INK, MUTED};

fn failed(e: String) -> Error {
    Error::new(ErrorCode::DocumentFailed).with("detail", e)
}

/// The canonical data of a report: everything it states, so that its hash identifies it.
pub fn report_data(ws: &Workspace, year: i32, lang: Lang, today: Date) -> Result<serde_json::Value> {
    let d = dashboard::dashboard(ws, year, lang, today)?;
    let answers = ws.assessments(year)?;
    let evidence = ws.evidence(year, None)?;
    let actions = ws.actions(year)?;
    let follow = ws.follow_up(year, today)?;
    Ok(json!({
        "workspace": ws.info().id,
        "region": ws.info().region.code,
        "period": year,
        "framework": {"id": d.framework_id, "version": d.framework_version},
        "index": d.index.to_string(),
        "predicate": d.predicate,
        "assessed": d.assessed,
        "total": d.total,
        "answers": answers.iter().map(|a| json!({"indicator": a.indicator, "level": a.level, "target": a.target, "status": a.status})).collect::<Vec<_>>(),
        "evidence": evidence.iter().map(|e| json!({"name": e.display_name, "sha256": e.sha256, "url": e.url})).collect::<Vec<_>>(),
        "actions": actions.iter().map(|a| json!({"id": a.id, "status": a.status, "progress": a.progress, "due": a.due})).collect::<Vec<_>>(),
        "follow_up": {"rate": follow.rate.to_string(), "expected_index": follow.expected_index.to_string()},
        "date": today.to_string(),
        "lang": lang.code(),
    }))
}

/// Lays the report out. `meta` is None for a preview.
pub fn render(ws: &Workspace, year: i32, lang: Lang, today: Date, meta: Option<&IssuedMeta>) -> Result<Vec<u8>> {
    let d = dashboard::dashboard(ws, year, lang, today)?;
    let period = ws.period(year)?;
    let fw = ws.period_framework(&period)?;
    let profile = ws.profile()?;
    let info = ws.info();
    let answers = ws.assessments(year)?;
    let evidence = ws.evidence(year, None)?;
    let actions = ws.actions(year)?;
    let follow = ws.follow_up(year, today)?;
    let settings: LetterSettings = ws.setting("letter")?;
    let title = text(lang, "doc.report.title");
    let mut doc = Doc::new(
        &format!("{title} {} {year}", info.region.name),
        (12.0, 20.0, 22.0, 25.0),
        common::footer(lang, info, &text(lang, "doc.report.kind"), meta),
    );
    doc.pdf.metadata.info.author = profile.office_name.clone();
    doc.pdf.metadata.info.subject = format!("{} {year}", d.index_name);
    doc.pdf.metadata.info.creator = "Living Lab".into();

    // Cover.
    common::kop(&mut doc, ws, &profile, KopStyle::Instansi, settings.typeface);
    doc.space(22.0);
    let center = |size: f32, face: Face| Style::new(face, size).align(Align::Center).leading(1.3);
    doc.paragraph(&title.to_uppercase(), center(22.0, Face::SansBold).color(GREEN).after(3.0));
    doc.paragraph(
        &text_with(lang, "doc.report.subtitle", &[("framework", fw.name.get(lang).to_string())]),
        center(13.0, Face::Sans).after(2.0),
    );
    doc.paragraph(
        &text_with(lang, "doc.report.period", &[("year", year.to_string())]),
        center(13.0, Face::SansBold).after(16.0),
    );
    if let Some((_, bytes)) = ws.emblem()? {
        let (x, y) = (doc.left + doc.width() / 2.0 - 22.0, doc.y);
        doc.image(&bytes, x, y, 44.0, 50.0);
        doc.space(58.0);
    }
    doc.paragraph(&text(lang, "doc.report.government").to_uppercase(), center(14.0, Face::SansBold));
    doc.paragraph(&info.region.name.to_uppercase(), center(16.0, Face::SansBold).after(2.0));
    doc.paragraph(&info.region.province, center(11.0, Face::Sans).color(MUTED).after(2.0));
    doc.paragraph(&format::date_long(today, lang), center(11.0, Face::Sans).color(MUTED).after(14.0));
    common::verification_block(&mut doc, lang, meta, DocumentKind::Report.as_str()).map_err(failed)?;

    // 1. Summary.
    doc.new_page();
    common::heading(&mut doc, &text(lang, "doc.report.h_summary"), 14.0);
    let previous = ws.periods()?.into_iter().rfind(|p| p.year < year);
    let change = match &previous {
        Some(p) => {
            let prev = ws.score(p.year)?.index;
            let delta = d.index - prev;
            let sign = if delta >= Decimal::ZERO { "+" } else { "−" };
            text_with(
                lang,
                "doc.report.change",
                &[
                    ("delta", format!("{sign}{}", format::index(delta.abs(), lang))),
                    ("year", p.year.to_string()),
                    ("prev", format::index(prev, lang)),
                ],
            )
        }
        None => text(lang, "doc.report.no_previous"),
    };
    let target_row = match period.target_index {
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
            text_with(lang, "doc.report.evidence_count", &[("n", evidence.len().to_string())]),
        ],
        vec![
            text(lang, "doc.report.row_followup"),
            if follow.total == 0 {
                text(lang, "doc.report.no_actions")
            } else {
                text_with(
                    lang,
                    "doc.report.followup",
                    &[
                        ("rate", format::percent(follow.rate, lang)),
                        ("done", follow.done.to_string()),
                        ("total", follow.total.to_string()),
                        ("overdue", follow.overdue.to_string()),
                        ("expected", format::index(follow.expected_index, lang)),
                    ],
                )
            },
        ],
        vec![
            text(lang, "doc.report.row_framework"),
            format!("{} ({}), {} {}", fw.name.get(lang), fw.legal_basis, text(lang, "doc.report.version"), fw.version),
        ],
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

    // 2. Charts.
    common::heading(&mut doc, &text(lang, "doc.report.h_charts"), 14.0);
    doc.paragraph(
        &text_with(lang, "doc.report.chart_groups", &[("kind", d.group_kind_name.clone())]),
        Style::new(Face::SansBold, 10.0).after(1.5),
    );
    let bars: Vec<Bar> = d
        .groups
        .iter()
        .map(|g| Bar {
            code: format!("{}{}", g.kind_name.chars().next().unwrap_or('G'), g.number),
            label: g.name.clone(),
            value: g.index,
            target: Some(g.target).filter(|t| *t > g.index),
        })
        .collect();
    let width = doc.width();
    doc.chart(width, 760, 50 + 36 * bars.len() as u32, |area| charts::group_bars(area, &bars, &fw.predicates, lang))
        .map_err(failed)?;
    doc.paragraph(&text(lang, "doc.report.chart_legend"), Style::new(Face::Sans, 8.0).color(MUTED).after(4.0));
    if d.trend.iter().filter(|t| t.year <= year).count() >= 2 {
        doc.ensure(80.0);
        doc.paragraph(&text(lang, "doc.report.chart_trend"), Style::new(Face::SansBold, 10.0).after(1.5));
        // The trend up to the period reported on.
        let points: Vec<TrendPoint> = ws
            .periods()?
            .iter()
            .filter(|p| p.year <= year)
            .map(|p| Ok(TrendPoint { year: p.year, value: ws.score(p.year)?.index }))
            .collect::<Result<_>>()?;
        doc.chart(width * 0.85, 640, 260, |area| charts::trend(area, &points, &fw.predicates, lang)).map_err(failed)?;
        doc.space(4.0);
    }
    if !actions.is_empty() {
        doc.ensure(70.0);
        doc.paragraph(&text(lang, "doc.report.chart_actions"), Style::new(Face::SansBold, 10.0).after(1.5));
        let counts: Vec<(String, usize)> = ActionStatus::ALL
            .iter()
            .map(|s| {
                (
                    text(lang, &format!("action.status.{}", s.as_str())),
                    actions.iter().filter(|a| a.status == *s).count(),
                )
            })
            .collect();
        doc.chart(width * 0.85, 640, 220, |area| charts::status_bars(area, &counts, lang)).map_err(failed)?;
        doc.space(4.0);
    }

    // 3. Values per group.
    common::heading(&mut doc, &text(lang, "doc.report.h_groups"), 14.0);
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

    // 4. Indicators.
    common::heading(&mut doc, &text(lang, "doc.report.h_indicators"), 14.0);
    let rows: Vec<Vec<String>> = fw
        .indicators
        .iter()
        .map(|i| {
            let a = answers.iter().find(|a| a.indicator == i.id);
            let level = a.and_then(|a| a.level);
            let target = a.and_then(|a| a.target);
            let gap = match (level, target) {
                (Some(l), Some(t)) if t > l => format!("{}", t - l),
                (None, Some(t)) => format!("{}", t - 1),
                (_, Some(_)) => "0".into(),
                _ => "–".into(),
            };
            let status = match a {
                Some(a) if a.level.is_some() => text(lang, &format!("status.{}", a.status.as_str())),
                _ => text(lang, "status.none"),
            };
            vec![
                i.number.to_string(),
                i.name.get(lang).to_string(),
                level.map(|l| l.to_string()).unwrap_or("–".into()),
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
            Column::new(text(lang, "doc.report.col_level"), 15.0, Align::Center),
            Column::new(text(lang, "doc.report.col_target"), 15.0, Align::Center),
            Column::new(text(lang, "doc.report.col_gap"), 15.0, Align::Center),
            Column::new(text(lang, "doc.report.col_status"), 26.0, Align::Left),
        ],
        &rows,
        8.5,
    );

    // 5. Follow-up.
    common::heading(&mut doc, &text(lang, "doc.report.h_actions"), 14.0);
    if actions.is_empty() {
        doc.paragraph(&text(lang, "doc.report.no_actions"), Style::new(Face::Sans, 10.0).after(3.0));
    } else {
        let spans = dashboard::action_spans(&actions, today);
        doc.chart(width, 760, 60 + 30 * spans.len() as u32, |area| charts::timeline(area, &spans, today, lang))
            .map_err(failed)?;
        doc.space(3.0);
        let rows: Vec<Vec<String>> = actions
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

    // 6. Evidence.
    common::heading(&mut doc, &text(lang, "doc.report.h_evidence"), 14.0);
    if evidence.is_empty() {
        doc.paragraph(&text(lang, "doc.report.no_evidence"), Style::new(Face::Sans, 10.0).after(3.0));
    } else {
        doc.paragraph(&text(lang, "doc.report.evidence_lead"), Style::new(Face::Sans, 9.0).color(MUTED).after(2.0));
        let rows: Vec<Vec<String>> = evidence
            .iter()
            .map(|e| vec![e.display_name.clone(), e.sha256.clone().or(e.url.clone()).unwrap_or_default()])
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

    // Approval page.
    doc.new_page();
    common::heading(&mut doc, &text(lang, "doc.report.h_approval"), 14.0);
    doc.paragraph(
        &text_with(
            lang,
            "doc.report.approval_text",
            &[
                ("region", info.region.name.clone()),
                ("year", year.to_string()),
                ("index", d.index_display.clone()),
                ("predicate", d.predicate.clone()),
            ],
        ),
        Style::new(Face::Sans, 11.0).align(Align::Justify).leading(1.45).after(6.0),
    );
    let place_date = format!("{}, {}", profile.place, format::date_long(today, lang));
    let jabatan = vec![
        text(lang, "doc.report.approved_by"),
        format!("{} {},", profile.sekda.title, info.region.name),
        text(lang, "doc.report.as_coordinator"),
    ];
    let top = doc.y;
    common::signature_block(&mut doc, lang, Some(&place_date), &jabatan, &profile.sekda, Typeface::Sans, 11.0);
    let (x, w) = (doc.left, doc.width() * 0.45);
    common::verification_beside(&mut doc, lang, meta, DocumentKind::Report.as_str(), x, top + 6.0, w)
        .map_err(failed)?;
    doc.space(10.0);
    if !profile.office_head.name.is_empty() {
        doc.paragraph(&text(lang, "doc.report.prepared_by"), Style::new(Face::Sans, 10.0).color(INK));
        doc.paragraph(
            &format!("{} — {}", profile.office_head.title, profile.office_head.name),
            Style::new(Face::SansBold, 10.0).after(6.0),
        );
    }
    Ok(doc.finish())
}

pub fn preview(ws: &Workspace, year: i32, lang: Lang, today: Date) -> Result<Vec<u8>> {
    render(ws, year, lang, today, None)
}

/// Issues the report of a period: number "LK-<year>-<n>", canonical data, PDF.
pub fn issue(ws: &mut Workspace, year: i32, lang: Lang, today: Date) -> Result<(DocumentRecord, Vec<u8>)> {
    ws.period(year)?;
    let data = report_data(ws, year, lang, today)?;
    let reader = Workspace::open(ws.dir())?;
    let title = format!("{} {year}", text(lang, "doc.report.title"));
    ws.issue_document(
        DocumentKind::Report,
        today.year(),
        Some(year),
        lang,
        |seq, _| {
            let number = format!("LK-{}-{seq}", today.year());
            let mut data = data.clone();
            data["number"] = serde_json::json!(number);
            Ok(Issue { number, title: title.clone(), data })
        },
        |meta| render(&reader, year, lang, today, Some(meta)),
    )
}
