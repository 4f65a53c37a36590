//! The recap report (Laporan Rekapitulasi Living Lab) of a period, issued by Sumedang's hub for
//! its leadership: the roster and reporting rate, the ranking with the change from the year
//! before, the distribution over the predicate bands, follow-up across regions, the national
//! benchmark, a closing with the signature block and the hub's verification code, and, as an
//! annex on landscape pages, the heat map of regions × indicators.
//!
//! As with the regency's documents, the recap is first gathered into a [`RecapModel`]:
//! everything it prints, every figure computed by the hub. The PDF is drawn from the model
//! alone, the model's canonical JSON is what the verification code hashes, and the issued PDF
//! is sealed with the hub's own key (`Hub::signer`).

use livinglab_core::format;
use livinglab_core::framework::{Band, Framework};
use livinglab_core::i18n::Lang;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_hub::benchmark::ProvinceFigures;
use livinglab_hub::{CellState, Dashboard, HeatMap, Hub, HubDocument, RegionFilter, RegionRow};
use livinglab_store::documents::{Issue, IssuedMeta};
use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::charts::{self, TrendPoint, TrendSegment};
use crate::common::{self, text, text_with, Issuer, KopStyle, Side, SignatureBlock, Signing};
use crate::pdf::{Align, Column, Doc, Face, Orientation, Style, Typeface, INK, MUTED};
use crate::report::FrameworkRef;
use crate::seal::Sealer;

/// The kind of the recap in the hub's register of issued documents.
pub const KIND: &str = "recap";

fn failed(e: String) -> Error {
    Error::new(ErrorCode::DocumentFailed).with("detail", e)
}

/// How many reporting regions fall in one predicate band.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BandCount {
    pub band: Band,
    pub count: usize,
}

/// A reporting region's self-assessed index beside its official (published) one, as the
/// dashboard sets them side by side.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    pub code: String,
    pub name: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub own_index: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub official_index: Option<Decimal>,
    pub official_predicate: Option<String>,
    /// Own minus official.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub gap: Option<Decimal>,
}

/// The national results the recap compares with: the year's means and each region's row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BenchmarkComparison {
    pub year: i32,
    /// How many institutions the year's results hold.
    pub institutions: usize,
    #[serde(with = "rust_decimal::serde::str")]
    pub national_mean: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub provincial_mean: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub kabupaten_kota_mean: Option<Decimal>,
    /// The provinces of the regions compared, with their kabupaten/kota mean.
    pub provinces: Vec<ProvinceFigures>,
    pub rows: Vec<Comparison>,
}

/// A period's median index.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MedianPoint {
    pub period: i32,
    #[serde(with = "rust_decimal::serde::str")]
    pub median: Decimal,
}

/// Everything a recap report prints (see the module documentation).
#[derive(Debug, Clone, Serialize)]
pub struct RecapModel {
    pub kind: &'static str,
    /// The report's number ("LR-2024-1"); empty in a preview.
    pub number: String,
    pub lang: Lang,
    /// The date the recap is made, YYYY-MM-DD.
    pub date: String,
    pub issuer: Issuer,
    pub hub_name: String,
    /// The hub key the issued PDF is sealed with.
    pub seal_key_id: Option<String>,
    pub period: i32,
    /// The regions the recap is over (all, or a province's, or one kind).
    pub filter: RegionFilter,
    /// The framework that governs the period (its predicate bands and indicators).
    pub framework: Option<FrameworkRef>,
    /// The hub's view of the period across regions: roster, ranking, follow-up, distribution.
    pub figures: Dashboard,
    /// The distribution over the framework's bands, lowest first, empty bands included.
    pub bands: Vec<BandCount>,
    /// The mean follow-up rate of the regions counted (exact, 4 decimals).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub followup_mean: Option<Decimal>,
    /// The median index of each period up to this one, as the hub's trends give it.
    pub trend: Vec<MedianPoint>,
    pub benchmark: Option<BenchmarkComparison>,
    /// Regions × indicators: each region's level against the target it set.
    pub heat: HeatMap,
    #[serde(skip)]
    pub fw: Option<Framework>,
}

impl RecapModel {
    /// Gathers the recap of `period` over the regions `filter` keeps, as the hub holds it on
    /// `today`.
    pub fn gather(hub: &Hub, period: i32, filter: &RegionFilter, lang: Lang, today: Date) -> Result<RecapModel> {
        let figures = hub.dashboard(period, filter, lang)?;
        if figures.expected == 0 && figures.regions.iter().all(|r| r.index.is_none()) {
            return Err(Error::new(ErrorCode::RecapEmpty).with("period", period));
        }
        let fw = Framework::for_year(livinglab_core::framework::shipped(), period).cloned();
        let bands = fw
            .as_ref()
            .map(|fw| {
                fw.predicates
                    .iter()
                    .map(|b| BandCount {
                        band: b.clone(),
                        count: figures
                            .distribution
                            .iter()
                            .filter(|d| names_band(&d.predicate, b))
                            .map(|d| d.count)
                            .sum(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let rates: Vec<Decimal> = counted(&figures).filter_map(|r| dec(&r.followup_rate)).collect();
        let followup_mean =
            (!rates.is_empty()).then(|| (rates.iter().sum::<Decimal>() / Decimal::from(rates.len())).round_dp(4));
        let trend = hub
            .trends(&figures.filter)?
            .periods
            .into_iter()
            .filter(|p| p.period <= period)
            .filter_map(|p| Some(MedianPoint { period: p.period, median: dec(&p.median_index)? }))
            .collect();
        Ok(RecapModel {
            kind: KIND,
            number: String::new(),
            lang,
            date: format::date_iso(today),
            issuer: Issuer::of_hub(hub)?,
            hub_name: hub.info().name.clone(),
            seal_key_id: None,
            period,
            filter: figures.filter.clone(),
            framework: fw.as_ref().map(|f| FrameworkRef { id: f.id.clone(), version: f.version.clone() }),
            benchmark: benchmark(hub, &figures)?,
            heat: hub.heat_map(period, &figures.filter)?,
            bands,
            followup_mean,
            trend,
            figures,
            fw,
        })
    }

    fn today(&self) -> Date {
        format::parse_date(&self.date).expect("the model's date is written from a Date")
    }
}

/// The regions the figures count: those that reported and, with a roster, are on it.
fn counted(d: &Dashboard) -> impl Iterator<Item = &RegionRow> {
    d.regions.iter().filter(move |r| r.index.is_some() && (d.expected == 0 || r.expected))
}

/// Whether a stored predicate (a band's name, Indonesian as packages carry it) is `band`.
fn names_band(stored: &str, band: &Band) -> bool {
    stored == band.name.id || band.name.en.as_deref() == Some(stored)
}

fn dec(s: &Option<String>) -> Option<Decimal> {
    s.as_deref().and_then(|v| v.parse().ok())
}

/// The national results the dashboard's gaps are against (the period's year, else the latest
/// year before it that the hub holds): the year's means, the regions' provinces, and each
/// reporting region's own and official index with the published predicate.
fn benchmark(hub: &Hub, figures: &Dashboard) -> Result<Option<BenchmarkComparison>> {
    let Some(year) = figures.benchmark_year else { return Ok(None) };
    let b = hub.benchmark(year, None)?;
    let reporting: Vec<&RegionRow> = figures.regions.iter().filter(|r| r.index.is_some()).collect();
    let rows = reporting
        .iter()
        .map(|r| Comparison {
            code: r.code.clone(),
            name: r.name.clone(),
            own_index: dec(&r.index).unwrap_or_default(),
            official_index: dec(&r.official_index),
            official_predicate: b
                .rows
                .iter()
                .find(|o| o.code.as_deref() == Some(r.code.as_str()))
                .map(|o| o.predicate.clone()),
            gap: dec(&r.gap),
        })
        .collect();
    let regions = livinglab_core::regions::Regions::get();
    let provinces = b
        .provinces
        .into_iter()
        .filter(|p| reporting.iter().any(|r| regions.find(&r.code).is_some_and(|x| x.province_code == p.code)))
        .collect();
    Ok(Some(BenchmarkComparison {
        year,
        institutions: b.rows.len(),
        national_mean: b.national_mean,
        provincial_mean: b.provincial_mean,
        kabupaten_kota_mean: b.kabupaten_kota_mean,
        provinces,
        rows,
    }))
}

/// The rank of each reporting region, by code: equal indices share the best rank.
fn shared_ranks(d: &Dashboard) -> std::collections::HashMap<&str, usize> {
    let rows: Vec<&RegionRow> = d.regions.iter().filter(|r| r.index.is_some()).collect();
    rows.iter().map(|r| r.code.as_str()).zip(ranks(&rows)).collect()
}

/// Equal indices share the best rank (1, 2, 2, 4); the rows come ranked by the exact index.
fn ranks(rows: &[&RegionRow]) -> Vec<usize> {
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let shared = i > 0 && dec(&r.index) == dec(&rows[i - 1].index);
        out.push(if shared { out[i - 1] } else { i + 1 });
    }
    out
}

/// A signed difference with two decimals: "+0,25", "−0,10", "0,00".
fn signed(value: Decimal, lang: Lang) -> String {
    let shown = format::index(value.abs(), lang);
    if format::round_half_up(value, 2).is_zero() {
        shown
    } else if value > Decimal::ZERO {
        format!("+{shown}")
    } else {
        format!("−{shown}")
    }
}

fn opt_index(v: Option<Decimal>, lang: Lang) -> String {
    v.map(|v| format::index(v, lang)).unwrap_or_else(|| "–".into())
}

/// A predicate as stored (the Indonesian band name) in the document's language.
fn predicate_name(m: &RecapModel, stored: &str) -> String {
    m.bands
        .iter()
        .find(|b| names_band(stored, &b.band))
        .map(|b| b.band.name.get(m.lang).to_string())
        .unwrap_or_else(|| stored.to_string())
}

/// A region's name as the tables print it: marked when it sent without being on the roster.
fn label(lang: Lang, d: &Dashboard, r: &RegionRow) -> String {
    if !r.expected && d.expected > 0 {
        format!("{} ({})", r.name, text(lang, "doc.recap.outside_roster"))
    } else {
        r.name.clone()
    }
}

fn review_name(lang: Lang, review: Option<&str>) -> String {
    match review {
        Some(r) => text(lang, &format!("doc.recap.review.{r}")),
        None => "–".into(),
    }
}

/// A table as the recap sets it: each column as (title, width, alignment), a width of 0
/// sharing what the others leave of the text column; rows set in bold where `emphasis` says,
/// cells tinted as `fills` says (the heat map, which is set dense and small).
struct Table {
    columns: Vec<(String, f32, Align)>,
    rows: Vec<Vec<String>>,
    emphasis: Vec<bool>,
    fills: Vec<Vec<Option<(u8, u8, u8)>>>,
    size: f32,
    dense: bool,
}

/// The type size of the recap's tables.
const TABLE_SIZE: f32 = 9.0;

impl Table {
    fn new(columns: Vec<(String, f32, Align)>, rows: Vec<Vec<String>>) -> Table {
        Table { columns, rows, emphasis: Vec::new(), fills: Vec::new(), size: TABLE_SIZE, dense: false }
    }

    fn columns(&self, doc: &Doc) -> Vec<Column> {
        let fixed: f32 = self.columns.iter().map(|c| c.1).sum();
        let flexible = self.columns.iter().filter(|c| c.1 == 0.0).count().max(1) as f32;
        let rest = (doc.width() - fixed) / flexible;
        self.columns
            .iter()
            .map(|(title, w, align)| Column::new(title.clone(), if *w == 0.0 { rest } else { *w }, *align))
            .collect()
    }

    fn height(&self, doc: &Doc, columns: &[Column], rows: std::ops::Range<usize>) -> f32 {
        doc.table_height(columns, &self.rows[rows], self.size)
    }

    /// What must fit where the table starts: all of a table of fewer than six rows (it is
    /// never split), else its header and first three rows.
    fn keep(&self, doc: &Doc) -> f32 {
        let rows = if self.rows.len() < 2 * MIN_ROWS { self.rows.len() } else { MIN_ROWS };
        self.height(doc, &self.columns(doc), 0..rows)
    }

    /// Sets the table at the flow position, page after page as needed. Wherever it breaks, at
    /// least three rows stay on each side of the break, each part under the header.
    fn set(&self, doc: &mut Doc) {
        let columns = self.columns(doc);
        let n = self.rows.len();
        let mut from = 0;
        loop {
            let room = doc.bottom - doc.y;
            let rest = n - from;
            // How many of the remaining rows fit here under the header.
            let fits = (0..=rest)
                .take_while(|&k| self.height(doc, &columns, from..from + k) <= room)
                .count()
                .saturating_sub(1);
            if fits >= rest {
                self.part(doc, &columns, from..n);
                break;
            }
            let here = fits.min(rest.saturating_sub(MIN_ROWS));
            let at_top = doc.y <= doc.top + 0.1;
            if here >= MIN_ROWS || (at_top && here > 0) {
                self.part(doc, &columns, from..from + here);
                from += here;
            } else if at_top {
                // Not even a few rows fit on a whole page: as many as do, at least one.
                let k = fits.max(1);
                self.part(doc, &columns, from..from + k);
                from += k;
            }
            doc.new_page();
        }
        doc.space(3.0);
    }

    fn part(&self, doc: &mut Doc, columns: &[Column], rows: std::ops::Range<usize>) {
        let emphasis: Vec<bool> = rows.clone().map(|r| self.emphasis.get(r).copied().unwrap_or(false)).collect();
        doc.table_emphasis(&emphasis);
        doc.table_cell_fills(rows.clone().map(|r| self.fills.get(r).cloned().unwrap_or_default()).collect());
        if self.dense {
            doc.table_dense(columns, &self.rows[rows], self.size);
        } else {
            doc.table(columns, &self.rows[rows], self.size);
        }
    }
}

/// The fewest rows of a table on either side of a page break.
const MIN_ROWS: usize = 3;

fn lead_style() -> Style {
    Style::new(Face::Sans, 9.5).align(Align::Justify).leading(1.35).color(MUTED).after(2.5)
}

/// A section's heading and its lead paragraph, started on a new page unless they fit here
/// with the first `then` mm of what follows them.
fn section(doc: &mut Doc, heading: &str, lead: Option<&str>, then: f32) {
    let style = lead_style();
    let lead_h = lead.map_or(0.0, |l| {
        doc.wrap(l, style.face, style.size, doc.width()).len() as f32 * style.line_height() + style.after
    });
    doc.ensure(12.0 + lead_h + then);
    common::heading(doc, heading, 13.0);
    if let Some(l) = lead {
        doc.paragraph(l, style);
    }
}

/// A caption in bold over a chart or table, kept with the first `then` mm of it.
fn section_caption(doc: &mut Doc, caption: &str, then: f32) {
    let style = Style::new(Face::SansBold, 10.0).after(1.5);
    doc.ensure(style.line_height() + style.after + then);
    doc.paragraph(caption, style);
}

fn body() -> Style {
    Style::new(Face::Sans, 10.5).align(Align::Justify).leading(1.45).after(4.0)
}

/// Lays the recap out from its model. `meta` is None for a preview.
pub fn render(m: &RecapModel, meta: Option<&IssuedMeta>) -> Result<Vec<u8>> {
    let lang = m.lang;
    let title = text(lang, "doc.recap.title");
    let mut doc = Doc::new(
        &format!("{title} {}", m.period),
        (12.0, 20.0, 22.0, 25.0),
        common::footer(lang, &m.issuer, meta, Signing::WetInk),
    );
    doc.pdf.metadata.info.author = format!("{} {}", m.issuer.profile.office_name, m.issuer.region.name);
    doc.pdf.metadata.info.subject = format!("{title} {}", m.period);
    doc.pdf.metadata.info.creator = "Living Lab".into();
    doc.pdf.metadata.info.identifier = meta.map(|m| m.document_id.clone()).unwrap_or_default();
    opening(&mut doc, m);
    summary(&mut doc, m);
    reporting(&mut doc, m);
    ranking(&mut doc, m);
    distribution(&mut doc, m)?;
    followup(&mut doc, m);
    benchmark_section(&mut doc, m);
    closing(&mut doc, m, meta)?;
    heat_map(&mut doc, m);
    Ok(doc.finish())
}

/// The regions a filtered recap is over, in words ("kota di Provinsi Jawa Barat"); None for all.
fn scope(m: &RecapModel) -> Option<String> {
    let f = &m.filter;
    if f.province.is_none() && f.kind.is_none() {
        return None;
    }
    let kind = f.kind.map_or_else(|| text(m.lang, "doc.recap.scope_all_kinds"), |k| k.word().to_lowercase());
    let province = f.province.as_deref().and_then(|code| {
        livinglab_core::regions::Regions::get().provinces.iter().find(|p| p.code == code).map(|p| p.name.clone())
    });
    Some(match province {
        Some(p) => text_with(m.lang, "doc.recap.scope_in", &[("kind", kind), ("province", p)]),
        None => kind,
    })
}

fn opening(doc: &mut Doc, m: &RecapModel) {
    let lang = m.lang;
    common::kop(doc, &m.issuer, KopStyle::Instansi, Typeface::Sans);
    let center = |size: f32, face: Face| Style::new(face, size).align(Align::Center).leading(1.3);
    doc.paragraph(&text(lang, "doc.recap.title").to_uppercase(), center(15.0, Face::SansBold).after(1.0));
    let framework = m.fw.as_ref().map(|f| f.name.get(lang).to_string()).unwrap_or_default();
    doc.paragraph(&text_with(lang, "doc.recap.subtitle", &[("framework", framework)]), center(11.0, Face::Sans));
    doc.paragraph(
        &text_with(lang, "doc.recap.period", &[("year", m.period.to_string())]),
        center(11.0, Face::SansBold).after(1.0),
    );
    if let Some(scope) = scope(m) {
        doc.paragraph(&text_with(lang, "doc.recap.scope", &[("scope", scope)]), center(10.0, Face::Sans).after(1.0));
    }
    if !m.number.is_empty() {
        doc.paragraph(&text_with(lang, "doc.recap.number", &[("number", m.number.clone())]), center(10.0, Face::Sans));
    }
    doc.space(5.0);
    doc.paragraph(
        &text_with(
            lang,
            "doc.recap.lead",
            &[
                ("issuer", m.issuer.region.name.clone()),
                ("year", m.period.to_string()),
                ("date", format::date_long(m.today(), lang)),
            ],
        ),
        body(),
    );
}

fn summary(doc: &mut Doc, m: &RecapModel) {
    let (lang, d) = (m.lang, &m.figures);
    let reporting: Vec<&RegionRow> = counted(d).collect();
    let received = if d.expected == 0 {
        text_with(lang, "doc.recap.received_no_roster", &[("n", reporting.len().to_string())])
    } else {
        let rate = Decimal::from(d.received) / Decimal::from(d.expected);
        text_with(
            lang,
            "doc.recap.received",
            &[
                ("received", d.received.to_string()),
                ("expected", d.expected.to_string()),
                ("rate", format::percent(rate, lang)),
            ],
        )
    };
    let on_time = match d.due.as_deref().and_then(|due| format::parse_date(due).ok()) {
        Some(due) => {
            text_with(lang, "doc.recap.on_time", &[("n", d.on_time.to_string()), ("due", format::date_long(due, lang))])
        }
        None => text(lang, "doc.recap.no_due"),
    };
    let at = |r: Option<&&RegionRow>| {
        r.map(|r| {
            text_with(
                lang,
                "doc.recap.region_index",
                &[("index", r.index_display.clone().unwrap_or_default()), ("region", r.name.clone())],
            )
        })
        .unwrap_or_else(|| "–".into())
    };
    let bands =
        m.bands.iter().rev().map(|b| format!("{} {}", b.band.name.get(lang), b.count)).collect::<Vec<_>>().join(", ");
    let overdue: u64 = reporting.iter().filter_map(|r| r.overdue).sum();
    let overdue_regions = reporting.iter().filter(|r| r.overdue.unwrap_or(0) > 0).count();
    let done: u64 = reporting.iter().filter_map(|r| r.actions_done).sum();
    let total: u64 = reporting.iter().filter_map(|r| r.actions_total).sum();
    let followup = match m.followup_mean {
        Some(mean) => text_with(
            lang,
            "doc.recap.followup_summary",
            &[
                ("rate", format::percent(mean, lang)),
                ("done", done.to_string()),
                ("total", total.to_string()),
                ("overdue", overdue.to_string()),
                ("regions", overdue_regions.to_string()),
            ],
        ),
        None => "–".into(),
    };
    let benchmark = match &m.benchmark {
        Some(b) => text_with(
            lang,
            "doc.recap.benchmark_summary",
            &[
                ("year", b.year.to_string()),
                ("national", format::index(b.national_mean, lang)),
                ("kk", opt_index(b.kabupaten_kota_mean, lang)),
            ],
        ),
        None => text_with(lang, "doc.recap.no_benchmark", &[("year", m.period.to_string())]),
    };
    let mut facts = vec![
        vec![
            text(lang, "doc.recap.row_roster"),
            if d.expected == 0 {
                text(lang, "doc.recap.roster_none")
            } else {
                text_with(lang, "doc.recap.roster_count", &[("n", d.expected.to_string())])
            },
        ],
        vec![text(lang, "doc.recap.row_received"), received],
        vec![text(lang, "doc.recap.row_on_time"), on_time],
        vec![
            text(lang, "doc.recap.row_median"),
            d.median_index.as_deref().and_then(|i| i.parse().ok()).map_or("–".into(), |i| format::index(i, lang)),
        ],
        vec![text(lang, "doc.recap.row_highest"), at(reporting.first())],
        vec![text(lang, "doc.recap.row_lowest"), at(reporting.last())],
        vec![text(lang, "doc.recap.row_bands"), bands],
        vec![text(lang, "doc.recap.row_followup"), followup],
        vec![text(lang, "doc.recap.row_benchmark"), benchmark],
    ];
    if let Some(fw) = &m.fw {
        facts.push(vec![text(lang, "doc.report.row_framework"), crate::report::framework_line(fw, lang)]);
    }
    let table = Table::new(
        vec![
            (text(lang, "doc.report.col_item"), 45.0, Align::Left),
            (text(lang, "doc.report.col_value"), 0.0, Align::Left),
        ],
        facts,
    );
    section(doc, &text(lang, "doc.recap.h_summary"), None, table.keep(doc));
    table.set(doc);
}

fn reporting(doc: &mut Doc, m: &RecapModel) {
    let (lang, d) = (m.lang, &m.figures);
    // The roster in its order (by code), then those that sent without being on it.
    let mut rows: Vec<&RegionRow> = d.regions.iter().filter(|r| r.expected).collect();
    rows.sort_by(|a, b| a.code.cmp(&b.code));
    let mut others: Vec<&RegionRow> = d.regions.iter().filter(|r| !r.expected).collect();
    others.sort_by(|a, b| a.code.cmp(&b.code));
    rows.extend(others);
    let yes_no = |b: bool| text(lang, if b { "doc.recap.yes" } else { "doc.recap.no" });
    let cells: Vec<Vec<String>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let received = r
                .last_package_at
                .as_deref()
                .and_then(|t| format::parse_date(t.get(..10)?).ok())
                .map(|day| format::date_long(day, lang))
                .unwrap_or_else(|| text(lang, "doc.recap.not_received"));
            let name = label(lang, d, r);
            vec![
                (i + 1).to_string(),
                name,
                r.province.clone(),
                received,
                r.on_time.map(yes_no).unwrap_or_else(|| "–".into()),
                review_name(lang, r.review.as_deref()),
            ]
        })
        .collect();
    let table = Table::new(
        vec![
            (text(lang, "doc.report.col_no"), 9.0, Align::Right),
            (text(lang, "doc.recap.col_region"), 0.0, Align::Left),
            (text(lang, "doc.recap.col_province"), 30.0, Align::Left),
            (text(lang, "doc.recap.col_received"), 30.0, Align::Left),
            (text(lang, "doc.recap.col_on_time"), 17.0, Align::Center),
            (text(lang, "doc.recap.col_review"), 26.0, Align::Left),
        ],
        cells,
    );
    let lead = text(lang, if d.expected == 0 { "doc.recap.reporting_lead_all" } else { "doc.recap.reporting_lead" });
    section(doc, &text(lang, "doc.recap.h_reporting"), Some(&lead), table.keep(doc));
    table.set(doc);
}

fn ranking(doc: &mut Doc, m: &RecapModel) {
    let (lang, d) = (m.lang, &m.figures);
    let rows: Vec<&RegionRow> = d.regions.iter().filter(|r| r.index.is_some()).collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .zip(ranks(&rows))
        .map(|(r, rank)| {
            let name = label(lang, d, r);
            vec![
                rank.to_string(),
                name,
                r.index_display.clone().unwrap_or_default(),
                predicate_name(m, r.predicate.as_deref().unwrap_or_default()),
                dec(&r.change).map(|c| signed(c, lang)).unwrap_or_else(|| "–".into()),
            ]
        })
        .collect();
    let prev = (m.period - 1).to_string();
    let table = Table::new(
        vec![
            (text(lang, "doc.recap.col_rank"), 19.0, Align::Right),
            (text(lang, "doc.recap.col_region"), 0.0, Align::Left),
            (text(lang, "doc.report.col_index"), 18.0, Align::Right),
            (text(lang, "doc.report.col_predicate"), 27.0, Align::Left),
            (text_with(lang, "doc.recap.col_change", &[("prev", prev.clone())]), 36.0, Align::Right),
        ],
        cells,
    );
    let lead = text_with(lang, "doc.recap.ranking_lead", &[("prev", prev)]);
    section(doc, &text(lang, "doc.recap.h_ranking"), Some(&lead), table.keep(doc));
    table.set(doc);
}

fn distribution(doc: &mut Doc, m: &RecapModel) -> Result<()> {
    let lang = m.lang;
    let Some(fw) = &m.fw else { return Ok(()) };
    // Which regions are in each band, highest band first.
    let cells: Vec<Vec<String>> = m
        .bands
        .iter()
        .rev()
        .map(|b| {
            let names: Vec<String> = counted(&m.figures)
                .filter(|r| r.predicate.as_deref().is_some_and(|p| names_band(p, &b.band)))
                .map(|r| r.name.clone())
                .collect();
            vec![
                b.band.name.get(lang).to_string(),
                format!("{} – {}", format::index(b.band.min, lang), format::index(b.band.max, lang)),
                b.count.to_string(),
                if names.is_empty() { "–".into() } else { names.join(", ") },
            ]
        })
        .collect();
    let table = Table::new(
        vec![
            (text(lang, "doc.report.col_predicate"), 27.0, Align::Left),
            (text(lang, "doc.recap.col_range"), 27.0, Align::Left),
            (text(lang, "doc.recap.col_count"), 18.0, Align::Right),
            (text(lang, "doc.recap.col_regions"), 0.0, Align::Left),
        ],
        cells,
    );
    // The chart and its table stay together under the heading.
    let (width, px) = (doc.width() * 0.8, (640, 300));
    let chart_h = width * px.1 as f32 / px.0 as f32 + 3.0;
    let lead = text_with(lang, "doc.recap.distribution_lead", &[("framework", fw.name.get(lang).to_string())]);
    section(doc, &text(lang, "doc.recap.h_distribution"), Some(&lead), chart_h + table.keep(doc));
    let counts: Vec<usize> = m.bands.iter().map(|b| b.count).collect();
    doc.chart(width, px.0, px.1, |area| charts::band_counts(area, &counts, &fw.predicates, lang)).map_err(failed)?;
    doc.space(3.0);
    table.set(doc);
    // The median over the periods, on the same chart as a regency's own trend.
    if m.trend.len() >= 2 {
        let (width, px) = (doc.width() * 0.75, (640, 240));
        section_caption(doc, &text(lang, "doc.recap.chart_trend"), width * px.1 as f32 / px.0 as f32);
        let points: Vec<TrendPoint> = m.trend.iter().map(|p| TrendPoint { year: p.period, value: p.median }).collect();
        // Medians of SPBE years and of Pemdi years are on two scales: never one line.
        let segments = TrendSegment::by_year(points, livinglab_core::framework::shipped(), fw);
        doc.chart(width, px.0, px.1, |area| charts::trend(area, &segments, lang)).map_err(failed)?;
        doc.space(4.0);
    }
    Ok(())
}

fn followup(doc: &mut Doc, m: &RecapModel) {
    let (lang, d) = (m.lang, &m.figures);
    let count = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_else(|| "–".into());
    let rows: Vec<&RegionRow> = d.regions.iter().filter(|r| r.index.is_some()).collect();
    let mut cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                label(lang, d, r),
                count(r.actions_total),
                count(r.actions_done),
                count(r.overdue),
                dec(&r.followup_rate).map(|v| format::percent(v, lang)).unwrap_or_else(|| "–".into()),
            ]
        })
        .collect();
    let mut bold = vec![false; cells.len()];
    if let Some(mean) = m.followup_mean {
        let sum = |f: fn(&RegionRow) -> Option<u64>| counted(d).filter_map(f).sum::<u64>().to_string();
        cells.push(vec![
            text(lang, "doc.recap.all_regions"),
            sum(|r| r.actions_total),
            sum(|r| r.actions_done),
            sum(|r| r.overdue),
            format::percent(mean, lang),
        ]);
        bold.push(true);
    }
    let mut table = Table::new(
        vec![
            (text(lang, "doc.recap.col_region"), 0.0, Align::Left),
            (text(lang, "doc.recap.col_actions"), 24.0, Align::Right),
            (text(lang, "doc.recap.col_done"), 20.0, Align::Right),
            (text(lang, "doc.recap.col_overdue"), 22.0, Align::Right),
            (text(lang, "doc.recap.col_rate"), 30.0, Align::Right),
        ],
        cells,
    );
    table.emphasis = bold;
    section(doc, &text(lang, "doc.recap.h_followup"), Some(&text(lang, "doc.recap.followup_lead")), table.keep(doc));
    table.set(doc);
}

fn benchmark_section(doc: &mut Doc, m: &RecapModel) {
    let lang = m.lang;
    let heading = text(lang, "doc.recap.h_benchmark");
    let Some(b) = &m.benchmark else {
        let none = text_with(lang, "doc.recap.no_benchmark", &[("year", m.period.to_string())]);
        section(doc, &heading, Some(&none), 0.0);
        return;
    };
    let (own_year, official_year) = (m.period.to_string(), b.year.to_string());
    let cells: Vec<Vec<String>> = b
        .rows
        .iter()
        .map(|r| {
            let row = m.figures.regions.iter().find(|x| x.code == r.code);
            vec![
                row.map_or_else(|| r.name.clone(), |row| label(lang, &m.figures, row)),
                format::index(r.own_index, lang),
                opt_index(r.official_index, lang),
                r.official_predicate.as_deref().map(|p| predicate_name(m, p)).unwrap_or_else(|| "–".into()),
                r.gap.map(|g| signed(g, lang)).unwrap_or_else(|| "–".into()),
            ]
        })
        .collect();
    let rows = Table::new(
        vec![
            (text(lang, "doc.recap.col_region"), 0.0, Align::Left),
            (text_with(lang, "doc.recap.col_own", &[("year", own_year.clone())]), 30.0, Align::Right),
            (text_with(lang, "doc.recap.col_official", &[("year", official_year.clone())]), 30.0, Align::Right),
            (text(lang, "doc.recap.col_official_predicate"), 27.0, Align::Left),
            (text(lang, "doc.recap.col_gap"), 18.0, Align::Right),
        ],
        cells,
    );
    let lead =
        text_with(lang, "doc.recap.benchmark_lead", &[("year", own_year), ("official_year", official_year.clone())]);
    section(doc, &heading, Some(&lead), rows.keep(doc));
    rows.set(doc);
    let mut means = vec![
        vec![
            text_with(lang, "doc.recap.mean_national", &[("n", b.institutions.to_string())]),
            format::index(b.national_mean, lang),
        ],
        vec![text(lang, "doc.recap.mean_provinces"), opt_index(b.provincial_mean, lang)],
        vec![text(lang, "doc.recap.mean_kk"), opt_index(b.kabupaten_kota_mean, lang)],
    ];
    for p in &b.provinces {
        let (province, n) = (p.name.clone(), p.kabupaten_kota.to_string());
        means.push(vec![
            text_with(lang, "doc.recap.mean_province_kk", &[("province", province.clone()), ("n", n)]),
            opt_index(p.kabupaten_kota_mean, lang),
        ]);
        if let Some(own) = p.index {
            means.push(vec![
                text_with(lang, "doc.recap.province_own", &[("province", province)]),
                format::index(own, lang),
            ]);
        }
    }
    Table::new(
        vec![
            (text_with(lang, "doc.recap.col_mean", &[("year", official_year)]), 0.0, Align::Left),
            (text(lang, "doc.report.col_index"), 26.0, Align::Right),
        ],
        means,
    )
    .set(doc);
}

fn closing(doc: &mut Doc, m: &RecapModel, meta: Option<&IssuedMeta>) -> Result<()> {
    let (lang, profile) = (m.lang, &m.issuer.profile);
    // The closing words, the signature and the verification code stay on one page.
    section(doc, &text(lang, "doc.recap.h_closing"), None, 95.0);
    doc.paragraph(&text(lang, "doc.recap.closing"), body());
    let place_date = format!("{}, {}", profile.place, format::date_long(m.today(), lang));
    let head = &profile.office_head;
    let jabatan = vec![head.title.clone(), format!("{},", m.issuer.region.name)];
    common::signature_block(
        doc,
        lang,
        &SignatureBlock {
            place_date: Some(&place_date),
            jabatan: &jabatan,
            official: head,
            typeface: Typeface::Sans,
            size: 11.0,
            signing: Signing::WetInk,
            side: Side::Right,
        },
    );
    doc.space(4.0);
    let how = text_with(lang, "doc.recap.verify_how", &[("issuer", m.issuer.region.name.clone())]);
    common::verification_block_how(doc, lang, meta, &how).map_err(failed)?;
    Ok(())
}

/// The tint of a heat map cell: reached (green), one level below the target (amber), two or
/// more below (red), no target (grey); a cell not assessed stays white.
fn heat_fill(state: CellState, level: Option<u8>, target: Option<u8>) -> Option<(u8, u8, u8)> {
    match state {
        CellState::AtOrAboveTarget => Some(HEAT_REACHED),
        CellState::BelowTarget if target.unwrap_or(0).saturating_sub(level.unwrap_or(0)) >= 2 => Some(HEAT_FAR),
        CellState::BelowTarget => Some(HEAT_NEAR),
        CellState::NoTarget => Some(HEAT_NO_TARGET),
        CellState::NotAssessed => None,
    }
}

const HEAT_REACHED: (u8, u8, u8) = (0xC9, 0xE7, 0xD2);
const HEAT_NEAR: (u8, u8, u8) = (0xFC, 0xE2, 0xB0);
const HEAT_FAR: (u8, u8, u8) = (0xF4, 0xB4, 0xAA);
const HEAT_NO_TARGET: (u8, u8, u8) = (0xEC, 0xEF, 0xEE);

/// The legend of the heat map: a swatch and its words for each tint, on one line.
fn heat_legend(doc: &mut Doc, lang: Lang) {
    let size = 8.0;
    let items = [
        (Some(HEAT_REACHED), text(lang, "doc.recap.heat_reached")),
        (Some(HEAT_NEAR), text(lang, "doc.recap.heat_near")),
        (Some(HEAT_FAR), text(lang, "doc.recap.heat_far")),
        (Some(HEAT_NO_TARGET), text(lang, "doc.recap.heat_no_target")),
        (None, text(lang, "doc.recap.heat_not_assessed")),
    ];
    doc.ensure(6.0);
    let (mut x, y) = (doc.left, doc.y);
    for (fill, label) in items {
        match fill {
            Some(color) => doc.fill_rect(x, y, 6.0, 3.6, color),
            None => doc.text_in(x, 6.0, y + 2.8, Face::Sans, size, Align::Center, INK, "–"),
        }
        doc.stroke_rect(x, y, 6.0, 3.6, 0.4, crate::pdf::RULE);
        doc.text_at(x + 7.5, y + 2.8, Face::Sans, size, INK, &label);
        x += 7.5 + doc.fonts.width(Face::Sans, &label, size) + 6.0;
    }
    doc.y = y + 6.5;
}

/// The annex on landscape pages: the heat map of regions × indicators, each cell the level a
/// region gave itself, tinted by the target it set; then the key to the indicator numbers.
fn heat_map(doc: &mut Doc, m: &RecapModel) {
    let (lang, heat) = (m.lang, &m.heat);
    if heat.rows.is_empty() || heat.columns.is_empty() {
        return;
    }
    doc.new_page_turned(Orientation::Landscape);
    common::heading(doc, &text(lang, "doc.recap.h_heat"), 13.0);
    let framework = m.fw.as_ref().map(|f| f.name.get(lang).to_string()).unwrap_or_default();
    doc.paragraph(&text_with(lang, "doc.recap.heat_lead", &[("framework", framework)]), lead_style());
    heat_legend(doc, lang);
    let ranks = shared_ranks(&m.figures);
    let (rank_w, name_w, count_w) = (8.0, 42.0, 13.0);
    let cell_w = (doc.width() - rank_w - name_w - count_w) / heat.columns.len() as f32;
    let mut columns = vec![
        (text(lang, "doc.report.col_no"), rank_w, Align::Right),
        (text(lang, "doc.recap.col_region"), name_w, Align::Left),
    ];
    columns.extend(heat.columns.iter().map(|c| (c.number.to_string(), cell_w, Align::Center)));
    columns.push((text(lang, "doc.recap.col_below"), count_w, Align::Right));
    let mut table = Table::new(columns, Vec::new());
    for r in &heat.rows {
        let mut row = vec![ranks.get(r.code.as_str()).map(|n| n.to_string()).unwrap_or_default(), r.name.clone()];
        row.extend(r.cells.iter().map(|c| c.level.map(|l| l.to_string()).unwrap_or_else(|| "–".into())));
        row.push(r.counts.below_target.to_string());
        table.rows.push(row);
        let mut tint = vec![None, None];
        tint.extend(r.cells.iter().map(|c| heat_fill(c.state, c.level, c.target)));
        table.fills.push(tint);
    }
    // Under the regions, how many of them are below their target on each indicator.
    let mut below = vec![String::new(), text(lang, "doc.recap.heat_below_row")];
    below.extend(heat.columns.iter().map(|c| c.counts.below_target.to_string()));
    below.push(heat.rows.iter().map(|r| r.counts.below_target).sum::<usize>().to_string());
    table.rows.push(below);
    table.emphasis = vec![false; heat.rows.len()];
    table.emphasis.push(true);
    (table.size, table.dense) = (6.5, true);
    table.set(doc);
    indicator_key(doc, m);
}

/// The indicators by number, in two halves side by side.
fn indicator_key(doc: &mut Doc, m: &RecapModel) {
    let (lang, columns) = (m.lang, &m.heat.columns);
    let half = columns.len().div_ceil(2);
    let name = |i: usize| columns.get(i).map(|c| (c.number.to_string(), c.short_name.get(lang).to_string()));
    let rows: Vec<Vec<String>> = (0..half)
        .map(|i| {
            let (n1, t1) = name(i).unwrap_or_default();
            let (n2, t2) = name(i + half).unwrap_or_default();
            vec![n1, t1, n2, t2]
        })
        .collect();
    let w = (doc.width() - 2.0 * 9.0) / 2.0;
    let mut table = Table::new(
        vec![
            (text(lang, "doc.report.col_no"), 9.0, Align::Right),
            (text(lang, "doc.report.col_indicator"), w, Align::Left),
            (text(lang, "doc.report.col_no"), 9.0, Align::Right),
            (text(lang, "doc.report.col_indicator"), w, Align::Left),
        ],
        rows,
    );
    table.size = 7.5;
    section_caption(doc, &text(lang, "doc.recap.heat_key"), table.keep(doc));
    table.set(doc);
}

/// A preview: the recap as it would be issued today, with no number and no QR code.
pub fn preview(hub: &Hub, period: i32, filter: &RegionFilter, lang: Lang, today: Date) -> Result<Vec<u8>> {
    render(&RecapModel::gather(hub, period, filter, lang, today)?, None)
}

/// Issues the recap of a period: number "LR-<year>-<n>", its model as canonical data, the PDF
/// sealed with the hub's key.
pub fn issue(
    hub: &mut Hub,
    period: i32,
    filter: &RegionFilter,
    lang: Lang,
    today: Date,
    sealer: Option<&Sealer>,
) -> Result<(HubDocument, Vec<u8>)> {
    // Gathered inside the issue transaction from a second connection: the write lock is held,
    // so what is gathered is what the hub holds when the number is taken.
    let reader = Hub::open(hub.dir())?;
    let title = format!("{} {period}", text(lang, "doc.recap.title"));
    hub.issue_document(
        KIND,
        today.year(),
        Some(period),
        lang,
        |seq| {
            let number = format!("LR-{}-{seq}", today.year());
            let model = RecapModel {
                number: number.clone(),
                seal_key_id: sealer.map(|s| s.key_id().to_string()),
                ..RecapModel::gather(&reader, period, filter, lang, today)?
            };
            Ok(Issue { number, title: title.clone(), model, seal_key_id: sealer.map(|s| s.key_id().to_string()) })
        },
        |model, meta| crate::letter::sealed(render(model, Some(meta))?, &model.issuer, sealer),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign_and_equal_indices_share_a_rank() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(signed(d("0.2500"), Lang::Id), "+0,25");
        assert_eq!(signed(d("-0.1049"), Lang::Id), "−0,10");
        assert_eq!(signed(d("0.004"), Lang::Id), "0,00");
        let row = |index: &str| RegionRow { index: Some(index.into()), expected: true, ..RegionRow::default() };
        let rows = [row("4.1"), row("3.5"), row("3.5"), row("2")];
        assert_eq!(ranks(&rows.iter().collect::<Vec<_>>()), [1, 2, 2, 4]);
    }
}
