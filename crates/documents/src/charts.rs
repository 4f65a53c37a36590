//! The charts, drawn once with plotters on any backend: SVG for the UI, the PDF backend for
//! documents. Values arrive already computed (exact decimals, from the scoring engine); the
//! conversion to f64 here only places marks on a canvas, and every number shown as text is
//! formatted from the exact decimal.

use std::sync::Once;

use livinglab_core::format;
use livinglab_core::framework::Band;
use livinglab_core::Lang;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

pub const FONT: &str = "Liberation Sans";

static FONTS: Once = Once::new();

/// Registers the embedded font with plotters (text is measured with it on every backend).
pub fn register_fonts() {
    FONTS.call_once(|| {
        let (regular, bold) = (crate::fonts::LIBERATION_SANS_REGULAR, crate::fonts::LIBERATION_SANS_BOLD);
        assert!(plotters::style::register_font(FONT, FontStyle::Normal, regular).is_ok(), "embedded font parses");
        assert!(plotters::style::register_font(FONT, FontStyle::Bold, bold).is_ok(), "embedded font parses");
    });
}

pub const GREEN: RGBColor = RGBColor(0x0F, 0x5D, 0x4E);
pub const GOLD: RGBColor = RGBColor(0xD9, 0x9A, 0x1E);
pub const INK: RGBColor = RGBColor(0x1D, 0x2A, 0x27);
pub const MUTED: RGBColor = RGBColor(0x5F, 0x6F, 0x6B);
pub const GRID: RGBColor = RGBColor(0xD9, 0xE1, 0xDE);

/// Light background tints of the predicate bands, from the lowest band up.
const BAND_TINTS: [RGBColor; 5] = [
    RGBColor(0xFD, 0xE8, 0xE6),
    RGBColor(0xFE, 0xF0, 0xDC),
    RGBColor(0xFD, 0xF7, 0xD6),
    RGBColor(0xE6, 0xF4, 0xEA),
    RGBColor(0xD5, 0xEE, 0xE3),
];

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

type Res = Result<(), String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// One bar: a group's index and, where set, its target.
#[derive(Debug, Clone)]
pub struct Bar {
    pub code: String,
    pub label: String,
    pub value: Decimal,
    pub target: Option<Decimal>,
}

/// The label of the row whose centre is at `y` on a chart of `n` rows drawn top down (row i
/// spans [n-1-i, n-i]); empty between rows, so that the axis names each row once.
fn row_label(labels: &[String], n: f64, y: f64) -> String {
    let row = (n - y - 0.5).round();
    if (n - y - 0.5 - row).abs() < 0.01 && row >= 0.0 && (row as usize) < labels.len() {
        labels[row as usize].clone()
    } else {
        String::new()
    }
}

/// The width in pixels of `text` at `size`, from the embedded font's metrics.
fn estimate(text: &str, size: u32) -> i32 {
    register_fonts();
    let font: FontDesc<'_> = (FONT, size).into_font();
    font.box_size(text).map(|(w, _)| w as i32).unwrap_or((text.len() as u32 * size / 2) as i32)
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>().trim_end())
    }
}

/// Horizontal bars of group indices on the 1–5 scale, over the predicate bands, with the
/// value written at the end of each bar and the target as a gold mark.
pub fn group_bars<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, bars: &[Bar], bands: &[Band], lang: Lang) -> Res {
    register_fonts();
    root.fill(&WHITE).map_err(err)?;
    let n = bars.len().max(1) as i32;
    let (w, _) = root.dim_in_pixel();
    let label_width = (w as f64 * 0.42) as u32;
    let max_chars = (label_width as f64 / 6.6) as usize;
    let mut chart = ChartBuilder::on(root)
        .margin_left(6)
        .margin_right(46)
        .margin_top(34)
        .margin_bottom(6)
        .x_label_area_size(24)
        .y_label_area_size(label_width)
        .build_cartesian_2d(1f64..5f64, 0f64..n as f64)
        .map_err(err)?;
    // Predicate bands behind everything, named along the top.
    for (i, b) in bands.iter().enumerate() {
        let tint = BAND_TINTS[i.min(4)];
        chart
            .draw_series(std::iter::once(Rectangle::new([(f(b.min), 0.0), (f(b.max), n as f64)], tint.filled())))
            .map_err(err)?;
    }
    // Band names above the plot; a name wider than its band moves up a line, so that narrow
    // bands (Pemdi's 3.5–4.0) do not overwrite their neighbours.
    let plot = chart.plotting_area().clone();
    let mut last_end = [i32::MIN; 2];
    for b in bands {
        let name = b.name.get(lang).to_string();
        let (x, _) = plot.map_coordinate(&(f(b.min), n as f64));
        let (_, top) = plot.map_coordinate(&(1.0, n as f64));
        let width = estimate(&name, 11);
        let row = if x > last_end[0] { 0 } else { 1 };
        last_end[row] = x + width + 4;
        let style = (FONT, 11).into_font().color(&MUTED).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Bottom,
        ));
        root.draw(&Text::new(name, (x + 3, top - 2 - 12 * row as i32), style)).map_err(err)?;
    }
    let labels: Vec<String> = bars.iter().map(|b| shorten(&format!("{}  {}", b.code, b.label), max_chars)).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels(5)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_labels(bars.len() * 2 + 1)
        .y_label_formatter(&|y| row_label(&labels, n as f64, *y))
        .label_style((FONT, 13).into_font().color(&INK))
        .axis_style(GRID)
        .bold_line_style(GRID)
        .max_light_lines(0)
        .draw()
        .map_err(err)?;
    // Value units per pixel, to keep a value's label clear of the target mark.
    let (x1, _) = plot.map_coordinate(&(1.0, 0.0));
    let (x5, _) = plot.map_coordinate(&(5.0, 0.0));
    let unit_per_px = 4.0 / f64::from((x5 - x1).max(1));
    for (i, b) in bars.iter().enumerate() {
        let top = (n - i as i32) as f64 - 0.2;
        let bottom = (n - i as i32 - 1) as f64 + 0.2;
        let v = f(b.value).clamp(1.0, 5.0);
        chart.draw_series(std::iter::once(Rectangle::new([(1.0, bottom), (v, top)], GREEN.filled()))).map_err(err)?;
        let label = format::index(b.value, lang);
        let label_w = f64::from(estimate(&label, 12)) * unit_per_px;
        // A target mark that would cut the label puts the label after the mark.
        let label_x = match b.target.map(|t| f(t).clamp(1.0, 5.0)) {
            Some(t) if t > v && t < v + 0.05 + label_w + 0.03 => t + 0.06,
            _ => v + 0.05,
        };
        chart
            .draw_series(std::iter::once(Text::new(
                label,
                (label_x, (top + bottom) / 2.0),
                (FONT, 12).into_font().style(FontStyle::Bold).color(&INK).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                )),
            )))
            .map_err(err)?;
        if let Some(t) = b.target {
            let t = f(t).clamp(1.0, 5.0);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(t, bottom - 0.12), (t, top + 0.12)],
                    GOLD.stroke_width(3),
                )))
                .map_err(err)?;
        }
    }
    root.present().map_err(err)
}

/// One spoke of a radar chart.
#[derive(Debug, Clone)]
pub struct Spoke {
    pub code: String,
    pub value: Decimal,
    pub target: Option<Decimal>,
}

/// A radar of group indices (rings at levels 1–5), the targets as a gold outline.
pub fn radar<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, spokes: &[Spoke], lang: Lang) -> Res {
    register_fonts();
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0 + 4.0);
    // Room for the labels: wide at the sides, narrow above and below.
    let radius = (w as f64 / 2.0 - 78.0).min(h as f64 / 2.0 - 34.0);
    let n = spokes.len().max(3);
    let point = |k: usize, level: f64| -> (i32, i32) {
        let angle = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * k as f64 / n as f64;
        // Level 1 sits at a small inner ring so that the lowest values stay visible.
        let r = radius * (0.12 + 0.88 * (level - 1.0) / 4.0);
        ((cx + r * angle.cos()).round() as i32, (cy + r * angle.sin()).round() as i32)
    };
    for level in 1..=5 {
        let ring: Vec<(i32, i32)> = (0..=n).map(|k| point(k % n, level as f64)).collect();
        root.draw(&PathElement::new(ring, GRID.stroke_width(1))).map_err(err)?;
        root.draw(&Text::new(
            level.to_string(),
            (point(0, level as f64).0 + 4, point(0, level as f64).1 - 2),
            (FONT, 10).into_font().color(&MUTED),
        ))
        .map_err(err)?;
    }
    for (k, s) in spokes.iter().enumerate() {
        root.draw(&PathElement::new(vec![point(k, 1.0), point(k, 5.0)], GRID.stroke_width(1))).map_err(err)?;
        let (x, y) = point(k, 5.55);
        let style = (FONT, 12).into_font().color(&INK).pos(plotters::style::text_anchor::Pos::new(
            if x < cx as i32 - 4 {
                plotters::style::text_anchor::HPos::Right
            } else if x > cx as i32 + 4 {
                plotters::style::text_anchor::HPos::Left
            } else {
                plotters::style::text_anchor::HPos::Center
            },
            plotters::style::text_anchor::VPos::Center,
        ));
        root.draw(&Text::new(format!("{} {}", s.code, format::index(s.value, lang)), (x, y), style)).map_err(err)?;
    }
    let values: Vec<(i32, i32)> =
        spokes.iter().enumerate().map(|(k, s)| point(k, f(s.value).clamp(1.0, 5.0))).collect();
    root.draw(&Polygon::new(values.clone(), GREEN.mix(0.25).filled())).map_err(err)?;
    let mut outline = values.clone();
    outline.push(values[0]);
    root.draw(&PathElement::new(outline, GREEN.stroke_width(2))).map_err(err)?;
    for p in &values {
        root.draw(&Circle::new(*p, 3, GREEN.filled())).map_err(err)?;
    }
    if spokes.iter().all(|s| s.target.is_some()) {
        let mut targets: Vec<(i32, i32)> =
            spokes.iter().enumerate().map(|(k, s)| point(k, f(s.target.unwrap()).clamp(1.0, 5.0))).collect();
        targets.push(targets[0]);
        root.draw(&PathElement::new(targets, GOLD.stroke_width(2))).map_err(err)?;
    }
    root.present().map_err(err)
}

/// One point of the trend: a period's index.
#[derive(Debug, Clone)]
pub struct TrendPoint {
    pub year: i32,
    pub value: Decimal,
}

type YearChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The periods of one framework on a trend: its points over its own predicate bands. Periods of
/// different frameworks are never joined by one line, as their indices are not on one scale.
#[derive(Debug, Clone)]
pub struct TrendSegment {
    /// The framework's short name and version year ("SPBE 2020", "Pemdi 2026"), shown on the
    /// chart when it has more than one segment.
    pub label: String,
    pub bands: Vec<Band>,
    pub points: Vec<TrendPoint>,
}

impl TrendSegment {
    /// One framework's points (a trend of one framework).
    pub fn single(points: Vec<TrendPoint>, bands: &[Band]) -> Vec<TrendSegment> {
        vec![TrendSegment { label: String::new(), bands: bands.to_vec(), points }]
    }

    /// Points of many regions (the recap's median), in runs of the framework that governs each
    /// year among `frameworks`; a year none governs goes with `fallback`.
    pub fn by_year<F: std::borrow::Borrow<livinglab_core::framework::Framework>>(
        points: Vec<TrendPoint>,
        frameworks: &[F],
        fallback: &livinglab_core::framework::Framework,
    ) -> Vec<TrendSegment> {
        let mut runs: Vec<(String, TrendSegment)> = Vec::new();
        for point in points {
            let fw = livinglab_core::framework::Framework::for_year(frameworks, point.year).unwrap_or(fallback);
            match runs.last_mut() {
                Some((id, run)) if *id == fw.id => run.points.push(point),
                _ => runs.push((
                    fw.id.clone(),
                    TrendSegment { label: fw.short_name.clone(), bands: fw.predicates.clone(), points: vec![point] },
                )),
            }
        }
        runs.into_iter().map(|(_, run)| run).collect()
    }
}

/// The plot of an index over the years `first`..=`last` on the 1–5 scale, over the predicate
/// bands of each span of years (each band named at its span's top right), with the years along
/// the bottom. `spans` are (first year, last year, bands) in order; the last reaches the end.
fn year_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    first: i32,
    last: i32,
    spans: &[(i32, i32, &[Band])],
    lang: Lang,
) -> Result<YearChart<'a, DB>, String> {
    register_fonts();
    root.fill(&WHITE).map_err(err)?;
    let (x0, x1) = (first as f64 - 0.5, (last.max(first + 1)) as f64 + 0.5);
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .margin_top(14)
        .x_label_area_size(24)
        .y_label_area_size(30)
        .build_cartesian_2d(x0..x1, 1f64..5f64)
        .map_err(err)?;
    for (k, (from, to, bands)) in spans.iter().enumerate() {
        let left = if k == 0 { x0 } else { *from as f64 - 0.5 };
        let right = if k + 1 == spans.len() { x1 } else { *to as f64 + 0.5 };
        for (i, b) in bands.iter().enumerate() {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(left, f(b.min)), (right, f(b.max))],
                    BAND_TINTS[i.min(4)].filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    b.name.get(lang).to_string(),
                    (right - 0.02, f(b.max) - 0.04),
                    (FONT, 10).into_font().color(&MUTED).pos(plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Right,
                        plotters::style::text_anchor::VPos::Top,
                    )),
                )))
                .map_err(err)?;
        }
        if k > 0 {
            chart
                .draw_series(std::iter::once(PathElement::new(vec![(left, 1.0), (left, 5.0)], INK.stroke_width(1))))
                .map_err(err)?;
        }
    }
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(((x1 - x0) as usize).max(2))
        .x_label_formatter(&|x| if (x - x.round()).abs() < 0.01 { format!("{:.0}", x) } else { String::new() })
        .y_labels(5)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style((FONT, 12).into_font().color(&INK))
        .axis_style(GRID)
        .bold_line_style(GRID)
        .max_light_lines(0)
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// A bold green line through `points`, each point marked and labelled with its index.
fn labelled_line<DB: DrawingBackend>(chart: &mut YearChart<'_, DB>, points: &[TrendPoint], lang: Lang) -> Res {
    let xy: Vec<(f64, f64)> = points.iter().map(|p| (p.year as f64, f(p.value))).collect();
    chart.draw_series(LineSeries::new(xy.clone(), GREEN.stroke_width(3))).map_err(err)?;
    chart.draw_series(xy.iter().map(|&(x, y)| Circle::new((x, y), 5, GREEN.filled()))).map_err(err)?;
    for p in points {
        chart
            .draw_series(std::iter::once(Text::new(
                format::index(p.value, lang),
                (p.year as f64, f(p.value) + 0.12),
                (FONT, 12).into_font().style(FontStyle::Bold).color(&INK).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Bottom,
                )),
            )))
            .map_err(err)?;
    }
    Ok(())
}

/// The index over the periods, each framework's periods over its own predicate bands and
/// joined by their own line, each point labelled; where the framework changes, a rule and the
/// frameworks' names.
pub fn trend<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, segments: &[TrendSegment], lang: Lang) -> Res {
    let years = || segments.iter().flat_map(|s| s.points.iter().map(|p| p.year));
    let (first, last) = (years().min().unwrap_or(2021), years().max().unwrap_or(2026));
    let spans: Vec<(i32, i32, &[Band])> = segments
        .iter()
        .filter_map(|s| Some((s.points.first()?.year, s.points.last()?.year, s.bands.as_slice())))
        .collect();
    let mut chart = year_chart(root, first, last, &spans, lang)?;
    for s in segments {
        labelled_line(&mut chart, &s.points, lang)?;
    }
    if segments.len() > 1 {
        for s in segments.iter().filter(|s| !s.points.is_empty()) {
            let x = s.points[0].year as f64 - 0.45;
            chart
                .draw_series(std::iter::once(Text::new(
                    s.label.clone(),
                    (x, 1.06),
                    (FONT, 11).into_font().style(FontStyle::Bold).color(&INK).pos(
                        plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Left,
                            plotters::style::text_anchor::VPos::Bottom,
                        ),
                    ),
                )))
                .map_err(err)?;
        }
    }
    root.present().map_err(err)
}

/// Many regions' indices over the `years` (thin grey lines) and their median (bold green,
/// each point labelled), over the predicate bands.
pub fn median_trend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    years: &[i32],
    regions: &[Vec<TrendPoint>],
    median: &[TrendPoint],
    bands: &[Band],
    lang: Lang,
) -> Res {
    let (first, last) = (years.iter().min().copied().unwrap_or(2021), years.iter().max().copied().unwrap_or(2026));
    let mut chart = year_chart(root, first, last, &[(first, last, bands)], lang)?;
    let thin = MUTED.mix(0.45).stroke_width(1);
    for points in regions {
        let xy: Vec<(f64, f64)> = points.iter().map(|p| (p.year as f64, f(p.value))).collect();
        chart.draw_series(LineSeries::new(xy.clone(), thin)).map_err(err)?;
        chart.draw_series(xy.iter().map(|&(x, y)| Circle::new((x, y), 2, MUTED.mix(0.6).filled()))).map_err(err)?;
    }
    labelled_line(&mut chart, median, lang)?;
    root.present().map_err(err)
}

/// An action on the timeline.
#[derive(Debug, Clone)]
pub struct Span {
    pub label: String,
    pub start: time::Date,
    pub end: time::Date,
    pub progress: u8,
    pub status: livinglab_core::followup::ActionStatus,
    pub overdue: bool,
}

fn status_color(status: livinglab_core::followup::ActionStatus, overdue: bool) -> RGBColor {
    use livinglab_core::followup::ActionStatus::*;
    if overdue {
        return RGBColor(0xB4, 0x23, 0x18);
    }
    match status {
        Selesai => GREEN,
        Berjalan => RGBColor(0x17, 0x5C, 0xD3),
        Rencana => RGBColor(0x6C, 0x8E, 0xBF),
        Tertunda => GOLD,
        Batal => RGBColor(0x98, 0xA2, 0xB3),
    }
}

/// A timeline of actions (one row each, start to due date), the done part of each bar darker,
/// overdue ones in red, and today as a vertical line.
pub fn timeline<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spans: &[Span],
    today: time::Date,
    lang: Lang,
) -> Res {
    register_fonts();
    root.fill(&WHITE).map_err(err)?;
    let day = |d: time::Date| d.to_julian_day() as f64;
    let first = spans.iter().map(|s| s.start).min().unwrap_or(today).min(today);
    let last = spans.iter().map(|s| s.end).max().unwrap_or(today).max(today);
    // Whole months around the spans.
    let from = time::Date::from_calendar_date(first.year(), first.month(), 1).unwrap_or(first);
    let to = last
        .replace_day(1)
        .ok()
        .and_then(|d| d.checked_add(time::Duration::days(32)))
        .and_then(|d| d.replace_day(1).ok())
        .unwrap_or(last);
    let n = spans.len().max(1) as f64;
    let (w, _) = root.dim_in_pixel();
    let label_width = (w as f64 * 0.34) as u32;
    let max_chars = (label_width as f64 / 6.4) as usize;
    let mut chart = ChartBuilder::on(root)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(26)
        .y_label_area_size(label_width)
        .build_cartesian_2d(day(from)..day(to), 0f64..n)
        .map_err(err)?;
    let labels: Vec<String> = spans.iter().map(|s| shorten(&s.label, max_chars)).collect();
    let months = ((to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32).max(1) as usize;
    chart
        .configure_mesh()
        .disable_y_mesh()
        // About one label every two months at most, so they never run into each other.
        .x_labels((months / 2).clamp(2, 7) + 1)
        .x_label_formatter(&|x| {
            let d = time::Date::from_julian_day(*x as i32).unwrap_or(today);
            let m = format::month_name(d.month(), lang);
            // "Jun 2026": a two-digit year would read as a day of the month.
            format!("{} {}", m.chars().take(3).collect::<String>(), d.year())
        })
        .y_labels(spans.len() * 2 + 1)
        .y_label_formatter(&|y| row_label(&labels, n, *y))
        .label_style((FONT, 12).into_font().color(&INK))
        .axis_style(GRID)
        .bold_line_style(GRID)
        .max_light_lines(0)
        .draw()
        .map_err(err)?;
    for (i, s) in spans.iter().enumerate() {
        let top = n - i as f64 - 0.22;
        let bottom = n - i as f64 - 0.78;
        let color = status_color(s.status, s.overdue);
        let (x0, x1) = (day(s.start), day(s.end).max(day(s.start) + 1.0));
        chart
            .draw_series(std::iter::once(Rectangle::new([(x0, bottom), (x1, top)], color.mix(0.35).filled())))
            .map_err(err)?;
        let done = x0 + (x1 - x0) * s.progress as f64 / 100.0;
        if s.progress > 0 {
            chart
                .draw_series(std::iter::once(Rectangle::new([(x0, bottom), (done, top)], color.filled())))
                .map_err(err)?;
        }
        chart
            .draw_series(std::iter::once(Text::new(
                livinglab_core::format::progress(s.progress),
                (x1, (top + bottom) / 2.0),
                (FONT, 11).into_font().color(&INK).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                )),
            )))
            .map_err(err)?;
    }
    let t = day(today);
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(t, 0.0), (t, n)],
            RGBColor(0xB4, 0x23, 0x18).stroke_width(2),
        )))
        .map_err(err)?;
    root.present().map_err(err)
}

/// Horizontal bars counting actions per status.
pub fn status_bars<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, counts: &[(String, usize)], lang: Lang) -> Res {
    use livinglab_core::followup::ActionStatus;
    register_fonts();
    root.fill(&WHITE).map_err(err)?;
    let n = counts.len().max(1) as f64;
    let max = counts.iter().map(|(_, c)| *c).max().unwrap_or(1).max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(8)
        .margin_right(30)
        .x_label_area_size(22)
        .y_label_area_size(130)
        .build_cartesian_2d(0f64..max * 1.1, 0f64..n)
        .map_err(err)?;
    let labels: Vec<String> = counts.iter().map(|(l, _)| l.clone()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels((max as usize).clamp(1, 10))
        .x_label_formatter(&|x| if (x - x.round()).abs() < 0.01 { format!("{x:.0}") } else { String::new() })
        .y_labels(counts.len() * 2 + 1)
        .y_label_formatter(&|y| row_label(&labels, n, *y))
        .label_style((FONT, 12).into_font().color(&INK))
        .axis_style(GRID)
        .bold_line_style(GRID)
        .max_light_lines(0)
        .draw()
        .map_err(err)?;
    for (i, (_, c)) in counts.iter().enumerate() {
        let top = n - i as f64 - 0.2;
        let bottom = n - i as f64 - 0.8;
        let color = status_color(ActionStatus::ALL[i.min(4)], false);
        chart
            .draw_series(std::iter::once(Rectangle::new([(0.0, bottom), (*c as f64, top)], color.filled())))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                c.to_string(),
                (*c as f64 + max * 0.02, (top + bottom) / 2.0),
                (FONT, 12).into_font().style(FontStyle::Bold).color(&INK).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                )),
            )))
            .map_err(err)?;
    }
    let _ = lang;
    root.present().map_err(err)
}

/// The strong colours of the predicate bands, from the lowest band up (columns, heat map cells).
pub const BAND_COLORS: [RGBColor; 5] = [
    RGBColor(0xC6, 0x3B, 0x2F),
    RGBColor(0xE0, 0x84, 0x2B),
    RGBColor(0xD9, 0xB4, 0x1E),
    RGBColor(0x5E, 0xA8, 0x6B),
    GREEN,
];

/// How many regions fall in each predicate band: one column per band, lowest band at the left,
/// each in its band's colour with its count above and the band's name and range below.
pub fn band_counts<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    counts: &[usize],
    bands: &[Band],
    lang: Lang,
) -> Res {
    register_fonts();
    root.fill(&WHITE).map_err(err)?;
    let n = bands.len().max(1);
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .margin_top(22)
        .x_label_area_size(44)
        .y_label_area_size(34)
        .build_cartesian_2d(0f64..n as f64, 0f64..max * 1.15)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels((max as usize).clamp(1, 8) + 1)
        .y_label_formatter(&|y| if (y - y.round()).abs() < 0.01 { format!("{y:.0}") } else { String::new() })
        .label_style((FONT, 12).into_font().color(&INK))
        .axis_style(GRID)
        .bold_line_style(GRID)
        .max_light_lines(0)
        .draw()
        .map_err(err)?;
    let plot = chart.plotting_area().clone();
    for (i, b) in bands.iter().enumerate() {
        let count = counts.get(i).copied().unwrap_or(0);
        let (x0, x1) = (i as f64 + 0.18, i as f64 + 0.82);
        let color = BAND_COLORS[i.min(4)];
        if count > 0 {
            chart
                .draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, count as f64)], color.filled())))
                .map_err(err)?;
        }
        chart
            .draw_series(std::iter::once(Text::new(
                count.to_string(),
                (i as f64 + 0.5, count as f64 + max * 0.02),
                (FONT, 14).into_font().style(FontStyle::Bold).color(&INK).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Bottom,
                )),
            )))
            .map_err(err)?;
        // The band's name and range under its column, outside the plot.
        let (cx, bottom) = plot.map_coordinate(&(i as f64 + 0.5, 0.0));
        let centred = |size: u32, bold: bool| {
            let font = (FONT, size).into_font();
            let font = if bold { font.style(FontStyle::Bold) } else { font };
            font.color(&INK).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Top,
            ))
        };
        root.draw(&Text::new(b.name.get(lang).to_string(), (cx, bottom + 6), centred(12, true))).map_err(err)?;
        let range = format!("{}–{}", format::decimal(b.min, 1, lang), format::decimal(b.max, 1, lang));
        root.draw(&Text::new(range, (cx, bottom + 22), centred(11, false).color(&MUTED))).map_err(err)?;
    }
    root.present().map_err(err)
}

/// Renders a chart to an SVG string of the given size.
pub fn svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Res,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(&root)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use livinglab_core::framework::shipped;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn bars_show_each_value_in_the_language() {
        let bands = &shipped()[0].predicates;
        let bars = vec![
            Bar {
                code: "D1".into(),
                label: "Kebijakan Internal SPBE".into(),
                value: d("3.4986"),
                target: Some(d("4")),
            },
            Bar { code: "D2".into(), label: "Tata Kelola SPBE".into(), value: d("2.1"), target: None },
        ];
        let out = svg(720, 160, |root| group_bars(root, &bars, bands, Lang::Id)).unwrap();
        assert!(out.starts_with("<svg"));
        assert!(out.contains("3,50") && out.contains("2,10"), "values in Indonesian");
        assert!(out.contains("Kebijakan Internal SPBE"));
        assert!(out.contains("Sangat Baik"), "band names");
        let en = svg(720, 160, |root| group_bars(root, &bars, bands, Lang::En)).unwrap();
        assert!(en.contains("3.50") && en.contains("Very good"));
    }

    #[test]
    fn band_counts_name_every_band_with_its_count() {
        let bands = &shipped()[0].predicates;
        let out = svg(640, 300, |root| band_counts(root, &[0, 1, 3, 2, 1], bands, Lang::Id)).unwrap();
        for word in ["Kurang", "Cukup", "Baik", "Sangat Baik", "Memuaskan", "3", "2,6–3,5"] {
            assert!(out.contains(word), "{word} missing");
        }
    }

    #[test]
    fn radar_and_trend_draw_their_values() {
        let spokes: Vec<Spoke> =
            (1..=8).map(|i| Spoke { code: format!("A{i}"), value: d("3.25"), target: Some(d("4")) }).collect();
        let out = svg(420, 420, |root| radar(root, &spokes, Lang::Id)).unwrap();
        assert!(out.contains("A8 3,25"));
        let points = vec![TrendPoint { year: 2022, value: d("3.84") }, TrendPoint { year: 2023, value: d("4.13655") }];
        let segments = TrendSegment::single(points, &shipped()[0].predicates);
        let out = svg(600, 260, |root| trend(root, &segments, Lang::Id)).unwrap();
        assert!(out.contains("4,14") && out.contains("2023"));
    }

    /// Two frameworks: each run of periods has its own line and its own bands, and the chart
    /// names both; no line joins the last SPBE period to the first Pemdi one.
    #[test]
    fn a_trend_across_frameworks_is_two_lines_over_their_own_bands() {
        let fws = shipped();
        let (spbe, pemdi) =
            (fws.iter().find(|f| f.id == "spbe-2020").unwrap(), fws.iter().find(|f| f.id == "pemdi-2026").unwrap());
        let point = |year, v: &str| TrendPoint { year, value: d(v) };
        let segments = vec![
            TrendSegment {
                label: "SPBE".into(),
                bands: spbe.predicates.clone(),
                points: vec![point(2024, "3.1"), point(2025, "3.3")],
            },
            TrendSegment {
                label: "Pemdi".into(),
                bands: pemdi.predicates.clone(),
                points: vec![point(2026, "2.2"), point(2027, "2.6")],
            },
        ];
        let out = svg(640, 260, |root| trend(root, &segments, Lang::Id)).unwrap();
        let texts = |word: &str| out.matches(&format!(">\n{word}\n</text>")).count();
        assert!(texts("SPBE") == 1 && texts("Pemdi") == 1, "both frameworks named");
        // The index line is the only one drawn 3 wide: one per framework.
        assert_eq!(out.matches("stroke-width=\"3\"").count(), 2, "one line per framework");
        // Each segment is painted with its own bands, so each band is named once per segment.
        assert_eq!(texts("Baik"), 2);
    }
}
