//! The Excel export of a period: a summary sheet, the indicators with their penjelasan, and
//! the evidence list with hashes. Texts are Indonesian, as the official worksheets are.

use livinglab_core::format;
use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_hub::dashboard::Dashboard;
use livinglab_hub::heatmap::{CellState, HeatCell, HeatMap};
use livinglab_hub::trends::{TrendPeriod, Trends};
use livinglab_store::Workspace;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

fn xlsx_err(e: XlsxError) -> Error {
    Error::new(ErrorCode::DocumentFailed).with("detail", e)
}

fn header() -> Format {
    Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x0F5D4E))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
}

fn cell() -> Format {
    Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top)
}

fn write_row(sheet: &mut Worksheet, row: u32, values: &[String], format: &Format) -> Result<()> {
    for (col, v) in values.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, v, format).map_err(xlsx_err)?;
    }
    Ok(())
}

/// The workbook of one period, as bytes.
pub fn period_workbook(ws: &Workspace, year: i32) -> Result<Vec<u8>> {
    let period = ws.period(year)?;
    let fw = ws.period_framework(&period)?;
    let score = ws.score(year)?;
    let answers = ws.assessments(year)?;
    let evidence = ws.evidence(year, None)?;
    let info = ws.info();
    let profile = ws.profile()?;

    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("Penilaian Mandiri {} {} {}", fw.short_name, year, info.region.name))
            .set_author(&profile.office_name)
            .set_company(format!("Pemerintah {}", info.region.name)),
    );
    let (h, c) = (header(), cell());
    let bold = Format::new().set_bold();
    let number = Format::new().set_border(FormatBorder::Thin).set_num_format("0.00").set_align(FormatAlign::Top);

    // Summary.
    let sheet = book.add_worksheet().set_name("Ringkasan").map_err(xlsx_err)?;
    sheet.set_column_width(0, 34).map_err(xlsx_err)?;
    sheet.set_column_width(1, 60).map_err(xlsx_err)?;
    sheet.set_column_width(2, 12).map_err(xlsx_err)?;
    sheet.set_column_width(3, 16).map_err(xlsx_err)?;
    sheet
        .write_string_with_format(
            0,
            0,
            format!("Penilaian Mandiri {} Tahun {year}", fw.short_name),
            &bold.clone().set_font_size(14),
        )
        .map_err(xlsx_err)?;
    let facts = [
        ("Daerah", format!("{} ({})", info.region.name, info.region.code)),
        ("Provinsi", info.region.province.clone()),
        ("Kerangka", format!("{} — {} (versi {})", fw.name.id, fw.legal_basis, fw.version)),
        (fw.index_name.id.as_str(), format::index(score.index, Lang::Id)),
        ("Predikat", score.predicate.name.clone()),
        (
            "Indikator dinilai",
            format!("{} dari {}{}", score.assessed, score.total, if score.complete { "" } else { " (belum lengkap)" }),
        ),
        ("Target indeks", period.target_index.map(|t| format::index(t, Lang::Id)).unwrap_or_else(|| "—".into())),
        ("Ruang kerja", info.id.clone()),
    ];
    for (i, (k, v)) in facts.iter().enumerate() {
        sheet.write_string_with_format(2 + i as u32, 0, *k, &bold).map_err(xlsx_err)?;
        sheet.write_string(2 + i as u32, 1, v).map_err(xlsx_err)?;
    }
    let top = 3 + facts.len() as u32;
    write_row(sheet, top, &["Kelompok".into(), "Nama".into(), "Indeks".into(), "Predikat".into()], &h)?;
    for (i, g) in score.groups.iter().enumerate() {
        let r = top + 1 + i as u32;
        let kind = fw.group_kinds.iter().find(|k| k.id == g.kind).map(|k| k.name.id.clone()).unwrap_or_default();
        write_row(sheet, r, &[format!("{kind} {}", g.number), g.name.id.clone()], &c)?;
        sheet.write_number_with_format(r, 2, g.index.round_dp(2).to_f64().unwrap_or(0.0), &number).map_err(xlsx_err)?;
        sheet.write_string_with_format(r, 3, &g.predicate.name, &c).map_err(xlsx_err)?;
    }

    // Indicators.
    let sheet = book.add_worksheet().set_name("Indikator").map_err(xlsx_err)?;
    let cols = [
        ("No", 5.0),
        ("Indikator", 48.0),
        ("Aspek", 26.0),
        ("Bobot", 8.0),
        ("Tingkat", 9.0),
        ("Target", 9.0),
        ("Status", 14.0),
        ("Fakta", 48.0),
        ("Analisis", 48.0),
        ("OPD penanggung jawab", 24.0),
        ("Penanggung jawab", 22.0),
        ("Data dukung", 40.0),
    ];
    for (i, (_, width)) in cols.iter().enumerate() {
        sheet.set_column_width(i as u16, *width).map_err(xlsx_err)?;
    }
    write_row(sheet, 0, &cols.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>(), &h)?;
    sheet.set_freeze_panes(1, 2).map_err(xlsx_err)?;
    for (i, ind) in fw.indicators.iter().enumerate() {
        let r = 1 + i as u32;
        let a = answers.iter().find(|a| a.indicator == ind.id);
        let group = fw.group(&ind.group).map(|g| g.name.id.clone()).unwrap_or_default();
        let opt = |v: Option<u8>| v.map(|l| l.to_string()).unwrap_or_default();
        let files: Vec<String> =
            evidence.iter().filter(|e| e.indicator == ind.id).map(|e| e.display_name.clone()).collect();
        write_row(
            sheet,
            r,
            &[
                ind.number.to_string(),
                ind.name.id.clone(),
                group,
                ind.weight.to_string(),
                opt(a.and_then(|a| a.level)),
                opt(a.and_then(|a| a.target)),
                a.map(|a| a.status.as_str().to_string()).unwrap_or_else(|| "belum dinilai".into()),
                a.map(|a| a.fakta.clone()).unwrap_or_default(),
                a.map(|a| a.analisis.clone()).unwrap_or_default(),
                a.map(|a| a.owner_office.clone()).unwrap_or_default(),
                a.map(|a| a.owner_person.clone()).unwrap_or_default(),
                files.join("\n"),
            ],
            &c,
        )?;
    }
    sheet.autofilter(0, 0, fw.indicators.len() as u32, (cols.len() - 1) as u16).map_err(xlsx_err)?;

    // Evidence.
    let sheet = book.add_worksheet().set_name("Data Dukung").map_err(xlsx_err)?;
    let cols = [
        ("Indikator", 10.0),
        ("Nama (konvensi)", 44.0),
        ("Nama asli / judul", 36.0),
        ("Jenis", 8.0),
        ("Ukuran (bita)", 14.0),
        ("SHA-256 / URL", 70.0),
        ("Catatan", 30.0),
    ];
    for (i, (_, width)) in cols.iter().enumerate() {
        sheet.set_column_width(i as u16, *width).map_err(xlsx_err)?;
    }
    write_row(sheet, 0, &cols.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>(), &h)?;
    for (i, e) in evidence.iter().enumerate() {
        write_row(
            sheet,
            1 + i as u32,
            &[
                e.indicator.clone(),
                e.display_name.clone(),
                e.name.clone(),
                if e.kind == "file" { "berkas".into() } else { "tautan".into() },
                e.size.map(|s| s.to_string()).unwrap_or_default(),
                e.sha256.clone().or(e.url.clone()).unwrap_or_default(),
                e.note.clone(),
            ],
            &c,
        )?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}

/// The workbook of Sumedang's dashboard of one period: the ranking table, the distribution,
/// the heat map of the period (a region a row, an indicator a column, the level in each cell,
/// tinted by its state against the target), the same grid with the targets, and the trends
/// (each region's index per period, under the median, reports and roster). Every cell is
/// written as text or number, never as a formula.
pub fn hub_workbook(d: &Dashboard, heat_map: &HeatMap, trends: &Trends, hub_name: &str) -> Result<Vec<u8>> {
    let mut book = dashboard_book(d, hub_name)?;
    heat_map_sheet(&mut book, heat_map, "Peta Panas", |c| c.level)?;
    heat_map_sheet(&mut book, heat_map, "Target", |c| c.target)?;
    trends_sheet(&mut book, trends)?;
    book.save_to_buffer().map_err(xlsx_err)
}

fn dashboard_book(d: &Dashboard, hub_name: &str) -> Result<Workbook> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("Rekapitulasi Living Lab {}", d.period))
            .set_company(hub_name.to_string()),
    );
    let (h, c) = (header(), cell());
    let sheet = book.add_worksheet().set_name("Peringkat").map_err(xlsx_err)?;
    let headers: Vec<String> = livinglab_hub::dashboard::COLUMNS.iter().map(|s| s.to_string()).collect();
    write_row(sheet, 0, &headers, &h)?;
    for (col, width) in [(0u16, 10.0), (1, 8.0), (2, 32.0), (3, 24.0), (14, 24.0), (16, 38.0)] {
        sheet.set_column_width(col, width).map_err(xlsx_err)?;
    }
    for (i, row) in d.table().iter().enumerate() {
        write_row(sheet, 1 + i as u32, row, &c)?;
    }
    let sheet = book.add_worksheet().set_name("Sebaran").map_err(xlsx_err)?;
    write_row(sheet, 0, &["Predikat".to_string(), "Jumlah daerah".to_string()], &h)?;
    sheet.set_column_width(0, 24).map_err(xlsx_err)?;
    for (i, b) in d.distribution.iter().enumerate() {
        sheet.write_string_with_format(1 + i as u32, 0, &b.predicate, &c).map_err(xlsx_err)?;
        sheet.write_number_with_format(1 + i as u32, 1, b.count as f64, &c).map_err(xlsx_err)?;
    }
    let r = 2 + d.distribution.len() as u32;
    let summary = [
        ("Daerah diharapkan", d.expected.to_string()),
        ("Paket diterima", d.received.to_string()),
        ("Tepat waktu", d.on_time.to_string()),
        ("Median indeks", d.median_index.clone().unwrap_or_default()),
        ("Tahun indeks resmi", d.benchmark_year.map(|y| y.to_string()).unwrap_or_default()),
    ];
    for (i, (k, v)) in summary.iter().enumerate() {
        sheet.write_string(r + i as u32, 0, *k).map_err(xlsx_err)?;
        sheet.write_string(r + i as u32, 1, v).map_err(xlsx_err)?;
    }
    Ok(book)
}

/// The tint of a heat map cell and the legend's word for it.
fn state_style(state: CellState) -> (Color, &'static str) {
    match state {
        CellState::BelowTarget => (Color::RGB(0xF4C7C3), "di bawah target"),
        CellState::AtOrAboveTarget => (Color::RGB(0xB7E1CD), "mencapai target"),
        CellState::NoTarget => (Color::RGB(0xFCE8B2), "tanpa target"),
        CellState::NotAssessed => (Color::RGB(0xEEEEEE), "belum dinilai"),
    }
}

const STATES: [CellState; 4] =
    [CellState::BelowTarget, CellState::AtOrAboveTarget, CellState::NoTarget, CellState::NotAssessed];

/// A sheet of the heat map: a region a row, an indicator a column, each cell `value` of the
/// region's cell (its level, or its target), tinted by the cell's state.
fn heat_map_sheet(book: &mut Workbook, map: &HeatMap, name: &str, value: fn(&HeatCell) -> Option<u8>) -> Result<()> {
    let (h, c) = (header(), cell());
    let sheet = book.add_worksheet().set_name(name).map_err(xlsx_err)?;
    let fixed = ["Peringkat", "Kode", "Daerah", "Indeks"];
    write_row(sheet, 0, &fixed.map(String::from), &h)?;
    let upright = header().set_rotation(90);
    for (i, col) in map.columns.iter().enumerate() {
        let head = format!("{}. {}", col.number, col.short_name.id);
        sheet.write_string_with_format(0, (fixed.len() + i) as u16, head, &upright).map_err(xlsx_err)?;
    }
    sheet.set_row_height(0, 160).map_err(xlsx_err)?;
    for (col, width) in [(0u16, 9.0), (1, 8.0), (2, 30.0), (3, 8.0)] {
        sheet.set_column_width(col, width).map_err(xlsx_err)?;
    }
    let first = fixed.len() as u16;
    for i in 0..map.columns.len() as u16 {
        sheet.set_column_width(first + i, 5.0).map_err(xlsx_err)?;
    }
    sheet.set_freeze_panes(1, first).map_err(xlsx_err)?;
    let tints = STATES.map(|state| cell().set_background_color(state_style(state).0).set_align(FormatAlign::Center));
    let tinted = |state: CellState| &tints[STATES.iter().position(|s| *s == state).unwrap_or(0)];
    for (i, row) in map.rows.iter().enumerate() {
        let r = 1 + i as u32;
        let fixed_cells = [
            row.rank.map(|n| n.to_string()).unwrap_or_default(),
            row.code.clone(),
            row.name.clone(),
            row.index.clone().unwrap_or_default(),
        ];
        write_row(sheet, r, &fixed_cells, &c)?;
        for (j, cell) in row.cells.iter().enumerate() {
            let (col, format) = (first + j as u16, tinted(cell.state));
            match value(cell) {
                Some(v) => sheet.write_number_with_format(r, col, f64::from(v), format),
                None => sheet.write_blank(r, col, format),
            }
            .map_err(xlsx_err)?;
        }
    }
    let legend = 2 + map.rows.len() as u32;
    for (i, state) in STATES.into_iter().enumerate() {
        let r = legend + i as u32;
        sheet.write_blank(r, 1, tinted(state)).map_err(xlsx_err)?;
        sheet.write_string(r, 2, state_style(state).1).map_err(xlsx_err)?;
    }
    Ok(())
}

/// One of a period's figures as a cell.
type PeriodFigure = fn(&TrendPeriod) -> String;

fn trends_sheet(book: &mut Workbook, trends: &Trends) -> Result<()> {
    let (h, c) = (header(), cell());
    let sheet = book.add_worksheet().set_name("Tren").map_err(xlsx_err)?;
    let mut heads = vec!["Kode".to_string(), "Daerah".to_string(), "Provinsi".to_string()];
    heads.extend(trends.periods.iter().map(|p| p.period.to_string()));
    write_row(sheet, 0, &heads, &h)?;
    for (col, width) in [(0u16, 8.0), (1, 30.0), (2, 24.0)] {
        sheet.set_column_width(col, width).map_err(xlsx_err)?;
    }
    let bold = cell().set_bold();
    let figures: [(&str, PeriodFigure); 3] = [
        ("Median indeks", |p| p.median_index.clone().unwrap_or_default()),
        ("Paket diterima", |p| p.received.to_string()),
        ("Daerah diharapkan", |p| p.expected.to_string()),
    ];
    for (i, (label, value)) in figures.iter().enumerate() {
        let mut cells = vec![String::new(), label.to_string(), String::new()];
        cells.extend(trends.periods.iter().map(value));
        write_row(sheet, 1 + i as u32, &cells, &bold)?;
    }
    for (i, region) in trends.regions.iter().enumerate() {
        let mut cells = vec![region.code.clone(), region.name.clone(), region.province.clone()];
        cells.extend(
            trends.periods.iter().map(|p| {
                region.points.iter().find(|x| x.period == p.period).map(|x| x.index.clone()).unwrap_or_default()
            }),
        );
        write_row(sheet, 1 + figures.len() as u32 + i as u32, &cells, &c)?;
    }
    sheet.set_freeze_panes(1 + figures.len() as u32, 3).map_err(xlsx_err)?;
    Ok(())
}
