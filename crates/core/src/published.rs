//! The national results KemenPAN-RB publishes for an SPBE evaluation year (the *Laporan
//! Pelaksanaan Evaluasi SPBE*): one row per institution, as
//! `year,section,no,instansi,jenis,D1,D2,D3,D4,indeks,predikat` (assets/benchmark/ ships 2023).
//!
//! - [`parse`] reads such a file. Every cell is checked and the first bad one is reported by its
//!   line; nothing is returned unless every row holds. A file over [`MAX_FILE_BYTES`] or
//!   [`MAX_ROWS`] rows is refused, and so is a cell a spreadsheet would run as a formula.
//! - Each row's index is recomputed from D1–D4 with the domain weights of the shipped framework
//!   of its year ([`scoring::recompute_published`]); a row that disagrees is kept and flagged.
//! - [`match_government`] finds the Kemendagri code of a regional government from its name as
//!   printed ("Pemerintah Kab. Aceh Besar" → 11.06), whatever its spelling: "Kab."/"Kabupaten"
//!   and other abbreviations, hyphens and spaces inside a name, case, and former names.
//!   Central agencies (instansi pusat) are a group of their own, without a code.
//! - [`place`] and [`mean`]: where a value stands in a distribution, and its mean.

use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::format;
use crate::framework::{shipped, Framework};
use crate::levels;
use crate::regions::{Province, Region, RegionKind, Regions};
use crate::scoring::{self, Recomputed};

/// The largest results file read: the 2023 file (621 rows) is 67 KB.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
/// The most rows a results file may hold: Indonesia has some 650 evaluated institutions.
pub const MAX_ROWS: usize = 5_000;
/// The longest cell: the longest institution name of 2023 has 85 characters.
const MAX_CELL_CHARS: usize = 300;

/// The columns a results file has, in any order (names compared without case).
pub const COLUMNS: [&str; 11] =
    ["year", "section", "no", "instansi", "jenis", "D1", "D2", "D3", "D4", "indeks", "predikat"];
const DOMAIN_COLUMNS: [&str; 4] = ["D1", "D2", "D3", "D4"];

/// The results KemenPAN-RB published that ship with the app, imported into every new hub.
pub struct ShippedResults {
    pub year: i32,
    pub file_name: &'static str,
    pub text: &'static str,
}

pub const SHIPPED: &[ShippedResults] = &[ShippedResults {
    year: 2023,
    file_name: "published-results-2023.csv",
    text: include_str!("../../../assets/benchmark/published-results-2023.csv"),
}];

/// What kind of institution a row is (the `jenis` column, and the group a benchmark shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Provinsi,
    Kabupaten,
    Kota,
    InstansiPusat,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Provinsi, Kind::Kabupaten, Kind::Kota, Kind::InstansiPusat];

    /// The stored and serialized word, as the `jenis` column writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Provinsi => "provinsi",
            Kind::Kabupaten => "kabupaten",
            Kind::Kota => "kota",
            Kind::InstansiPusat => "instansi_pusat",
        }
    }

    /// A kind as stored, or `workspace.corrupt` naming what was found.
    pub fn from_stored(s: &str) -> Result<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| Error::corrupt_value("institution kind", s))
    }

    /// The `jenis` cell: the stored word, with a space or hyphen for the underscore and any case.
    fn parse(cell: &str) -> Option<Kind> {
        let word = cell.trim().to_lowercase().replace([' ', '-'], "_");
        Kind::ALL.into_iter().find(|k| k.as_str() == word)
    }

    pub fn is_kabupaten_kota(self) -> bool {
        matches!(self, Kind::Kabupaten | Kind::Kota)
    }
}

impl From<RegionKind> for Kind {
    fn from(kind: RegionKind) -> Kind {
        match kind {
            RegionKind::Kabupaten => Kind::Kabupaten,
            RegionKind::Kota => Kind::Kota,
        }
    }
}

/// A regional government of the Kemendagri list: a province or a kabupaten/kota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Government {
    Province(&'static Province),
    Region(&'static Region),
}

impl Government {
    /// "32" for a province, "32.11" for a kabupaten/kota.
    pub fn code(&self) -> &'static str {
        match self {
            Government::Province(p) => &p.code,
            Government::Region(r) => &r.code,
        }
    }

    /// "Provinsi Jawa Barat", "Kabupaten Sumedang".
    pub fn name(&self) -> String {
        match self {
            Government::Province(p) => format!("Provinsi {}", p.name),
            Government::Region(r) => r.name.clone(),
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Government::Province(_) => Kind::Provinsi,
            Government::Region(r) => r.kind.into(),
        }
    }

    pub fn province_code(&self) -> &'static str {
        match self {
            Government::Province(p) => &p.code,
            Government::Region(r) => &r.province_code,
        }
    }
}

/// The government of a Kemendagri code: "32" a province, "32.11" a kabupaten/kota; any other
/// code is `region.unknown`.
pub fn government(code: &str) -> Result<Government> {
    let regions = Regions::get();
    let code = code.trim();
    if let Some(p) = regions.provinces.iter().find(|p| p.code == code) {
        return Ok(Government::Province(p));
    }
    regions.require(code).map(Government::Region)
}

/// One row of a results file, checked and recomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedRow {
    /// The line of the file the row starts on (the header is line 1), as a spreadsheet numbers it.
    pub line: usize,
    pub section: String,
    pub no: u32,
    pub instansi: String,
    pub jenis: Kind,
    /// D1–D4 as published.
    pub domains: Vec<Decimal>,
    /// The index as published.
    pub index: Decimal,
    /// The predicate as published, in the framework's spelling.
    pub predicate: String,
    /// The index recomputed from `domains`.
    pub recomputed: Recomputed,
}

impl PublishedRow {
    /// A regional government's row: its `jenis` says so, or its name does. The report prints every
    /// regional government as "Pemerintah …", and a provincial government that is named without
    /// "Provinsi" ("Pemerintah Aceh") may be listed with the central agencies' `jenis`.
    pub fn is_regional(&self) -> bool {
        self.jenis != Kind::InstansiPusat || words(&self.instansi).first().is_some_and(|w| w == "pemerintah")
    }

    /// The government the row names, when it is a regional government's and its name matches.
    pub fn government(&self) -> Option<Government> {
        if !self.is_regional() {
            return None;
        }
        match_government(&self.instansi, &self.section, self.jenis)
    }
}

/// A year's published results, every row checked.
#[derive(Debug, Clone)]
pub struct PublishedResults {
    pub year: i32,
    /// The shipped framework whose domain weights recompute the indices.
    pub framework: &'static Framework,
    pub rows: Vec<PublishedRow>,
}

fn line_error(line: usize, id: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::BenchmarkRowInvalid).with("line", line).with_detail(id, en)
}

/// Lines of the file by the byte offsets the CSV reader gives, counted on from the last offset
/// asked for (records come in order), so that a long file is read once.
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines { bytes: text.as_bytes(), offset: 0, line: 1 }
    }

    /// The line a position is on. The reader's offset for a record includes the empty lines it
    /// skipped before it, so those are stepped over.
    fn at(&mut self, position: Option<&csv::Position>) -> usize {
        let bytes = self.bytes;
        let mut offset = position.map_or(0, |p| p.byte() as usize).min(bytes.len());
        while offset < bytes.len() && (bytes[offset] == b'\n' || bytes[offset] == b'\r') {
            offset += 1;
        }
        if offset < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        self.line += bytes[self.offset..offset].iter().filter(|&&b| b == b'\n').count();
        self.offset = offset;
        self.line
    }
}

/// A cell that a spreadsheet would run when the file is opened: the characters OWASP lists for
/// CSV injection. No cell of a results file starts so (numbers are not negative).
fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@'])
}

/// A name's key for telling two rows apart and for keeping a coordinator's match: the name's
/// words, abbreviations written out, without spaces ("Pemerintah Kab. Batu-Bara" and
/// "PEMERINTAH KABUPATEN BATUBARA" have one key).
pub fn name_key(name: &str) -> String {
    words(name).concat()
}

/// Reads a results file (see the module documentation). Comma or semicolon separated, UTF-8
/// (a byte-order mark is allowed), one year per file; a decimal may be written with a comma.
pub fn parse(bytes: &[u8]) -> Result<PublishedResults> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::new(ErrorCode::BenchmarkFileTooLarge).with("max", format!("{} MB", MAX_FILE_BYTES >> 20)));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        line_error(line, "berkas bukan teks UTF-8", "the file is not UTF-8 text")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut lines = Lines::new(text);

    let header = loop {
        match records.next() {
            None => return Err(line_error(1, "berkas kosong", "the file is empty")),
            Some(Err(e)) => return Err(unreadable(&mut lines, &e)),
            Some(Ok(r)) if r.iter().all(|c| c.trim().is_empty()) => continue,
            Some(Ok(r)) => break r,
        }
    };
    let header_line = lines.at(header.position());
    let names: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
    let mut column = [0usize; COLUMNS.len()];
    for (slot, wanted) in column.iter_mut().zip(COLUMNS) {
        let found: Vec<usize> = (0..names.len()).filter(|&i| names[i] == wanted.to_lowercase()).collect();
        *slot = match found[..] {
            [i] => i,
            [] => {
                return Err(line_error(
                    header_line,
                    format!("kolom {wanted} tidak ada; kolom yang diperlukan: {}", COLUMNS.join(",")),
                    format!("the column {wanted} is missing; the columns needed are {}", COLUMNS.join(",")),
                ))
            }
            _ => {
                return Err(line_error(
                    header_line,
                    format!("kolom {wanted} muncul dua kali"),
                    format!("the column {wanted} appears twice"),
                ))
            }
        };
    }
    let [year_col, section_col, no_col, instansi_col, jenis_col, d1, d2, d3, d4, index_col, predicate_col] = column;

    let mut year: Option<(i32, &'static Framework)> = None;
    let mut rows: Vec<PublishedRow> = Vec::new();
    let mut keys: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for record in records {
        let record = record.map_err(|e| unreadable(&mut lines, &e))?;
        let line = lines.at(record.position());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(line_error(
                line,
                format!("berkas memuat lebih dari {MAX_ROWS} baris"),
                format!("the file holds more than {MAX_ROWS} rows"),
            ));
        }
        if record.len() != names.len() {
            return Err(line_error(
                line,
                format!("{} sel, sedangkan judul kolom ada {}", record.len(), names.len()),
                format!("{} cells where the header has {}", record.len(), names.len()),
            ));
        }
        for (i, cell) in record.iter().enumerate() {
            let name = header.get(i).unwrap_or_default().trim();
            check_cell(line, name, cell)?;
        }
        let cell = |i: usize| record.get(i).map(str::trim).unwrap_or_default();
        let required = |i: usize, what: &str| -> Result<&str> {
            match cell(i) {
                "" => Err(line_error(line, format!("{what} kosong"), format!("{what} is empty"))),
                value => Ok(value),
            }
        };

        let year_text = required(year_col, "year")?;
        let row_year: i32 = year_text.parse().map_err(|_| {
            line_error(
                line,
                format!("tahun \"{year_text}\" bukan angka"),
                format!("the year \"{year_text}\" is not a number"),
            )
        })?;
        let framework = match year {
            Some((y, fw)) if y == row_year => fw,
            Some((y, _)) => {
                return Err(line_error(
                    line,
                    format!("tahun {row_year} berbeda dari {y} di baris sebelumnya; satu berkas memuat satu tahun"),
                    format!("the year {row_year} differs from {y} above; a file holds one year"),
                ))
            }
            None => {
                let fw = framework_of(row_year, line)?;
                year = Some((row_year, fw));
                fw
            }
        };

        let section = required(section_col, "section")?.to_string();
        let no_text = required(no_col, "no")?;
        let no: u32 = no_text.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
            line_error(
                line,
                format!("no \"{no_text}\" bukan bilangan bulat positif"),
                format!("no \"{no_text}\" is not a positive whole number"),
            )
        })?;
        let instansi = collapse_spaces(required(instansi_col, "instansi")?);
        let jenis_text = required(jenis_col, "jenis")?;
        let jenis = Kind::parse(jenis_text).ok_or_else(|| {
            let allowed = Kind::ALL.map(Kind::as_str).join(", ");
            line_error(
                line,
                format!("jenis \"{jenis_text}\" bukan salah satu dari {allowed}"),
                format!("jenis \"{jenis_text}\" is none of {allowed}"),
            )
        })?;
        let value = |i: usize, what: &str| -> Result<Decimal> {
            let text = required(i, what)?;
            let v = format::parse_decimal(text).map_err(|_| {
                line_error(line, format!("{what} \"{text}\" bukan angka"), format!("{what} \"{text}\" is not a number"))
            })?;
            if !levels::is_published_value(v) {
                return Err(line_error(
                    line,
                    format!("{what} {text} di luar rentang 0–5"),
                    format!("{what} {text} is outside 0–5"),
                ));
            }
            Ok(v)
        };
        let domains = [d1, d2, d3, d4]
            .iter()
            .zip(DOMAIN_COLUMNS)
            .map(|(&i, what)| value(i, what))
            .collect::<Result<Vec<Decimal>>>()?;
        let index = value(index_col, "indeks")?;
        let predicate_text = required(predicate_col, "predikat")?;
        let predicate = framework
            .predicates
            .iter()
            .find(|b| collapse_spaces(&b.name.id).eq_ignore_ascii_case(&collapse_spaces(predicate_text)))
            .map(|b| b.name.id.clone())
            .ok_or_else(|| {
                let allowed: Vec<&str> = framework.predicates.iter().map(|b| b.name.id.as_str()).collect();
                line_error(
                    line,
                    format!("predikat \"{predicate_text}\" bukan salah satu dari {}", allowed.join(", ")),
                    format!("predikat \"{predicate_text}\" is none of {}", allowed.join(", ")),
                )
            })?;
        if let Some(first) = keys.insert(name_key(&instansi), line) {
            return Err(line_error(
                line,
                format!("\"{instansi}\" sudah tercantum di baris {first}"),
                format!("\"{instansi}\" is already listed on line {first}"),
            ));
        }
        let recomputed = scoring::recompute_published(framework, &domains, index)
            .map_err(|e| line_error(line, e.message_in(crate::Lang::Id), e.message_in(crate::Lang::En)))?;
        rows.push(PublishedRow { line, section, no, instansi, jenis, domains, index, predicate, recomputed });
    }
    match year {
        Some((year, framework)) => Ok(PublishedResults { year, framework, rows }),
        None => Err(line_error(header_line + 1, "berkas tidak memuat baris hasil", "the file holds no results")),
    }
}

fn unreadable(lines: &mut Lines<'_>, e: &csv::Error) -> Error {
    line_error(lines.at(e.position()), format!("CSV tidak terbaca: {e}"), format!("unreadable CSV: {e}"))
}

fn check_cell(line: usize, column: &str, cell: &str) -> Result<()> {
    let value = cell.trim();
    if looks_like_formula(value) {
        return Err(line_error(
            line,
            format!("sel {column} diawali \"{}\" seperti rumus lembar kerja", &value[..1]),
            format!("the cell {column} begins with \"{}\" as a spreadsheet formula does", &value[..1]),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(line_error(
            line,
            format!("sel {column} memuat karakter kendali"),
            format!("the cell {column} holds a control character"),
        ));
    }
    if value.chars().count() > MAX_CELL_CHARS {
        return Err(line_error(
            line,
            format!("sel {column} lebih dari {MAX_CELL_CHARS} karakter"),
            format!("the cell {column} is longer than {MAX_CELL_CHARS} characters"),
        ));
    }
    Ok(())
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The shipped framework of `year`, which must publish four domains (the file's D1–D4).
fn framework_of(year: i32, line: usize) -> Result<&'static Framework> {
    let fw = Framework::for_year(shipped(), year).ok_or_else(|| {
        line_error(
            line,
            format!("tidak ada kerangka evaluasi untuk tahun {year}"),
            format!("no evaluation framework covers the year {year}"),
        )
    })?;
    let tops: Vec<_> = fw.top_groups().collect();
    if tops.len() != DOMAIN_COLUMNS.len() {
        return Err(line_error(
            line,
            format!("{} (tahun {year}) memiliki {} {}, sedangkan berkas memuat D1–D4", fw.id, tops.len(), tops[0].kind),
            format!("{} (the year {year}) has {} {}s where the file gives D1–D4", fw.id, tops.len(), tops[0].kind),
        ));
    }
    Ok(fw)
}

// ---- Names ----

/// Abbreviations the report and its copies use, written out wherever they stand.
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("kab", &["kabupaten"]),
    ("kep", &["kepulauan"]),
    ("prov", &["provinsi"]),
    ("propinsi", &["provinsi"]),
    ("adm", &["administrasi"]),
    ("pemkab", &["pemerintah", "kabupaten"]),
    ("pemkot", &["pemerintah", "kota"]),
    ("pemprov", &["pemerintah", "provinsi"]),
    ("pemda", &["pemerintah", "daerah"]),
    ("dki", &["daerah", "khusus", "ibukota"]),
    ("diy", &["daerah", "istimewa", "yogyakarta"]),
    ("ntb", &["nusa", "tenggara", "barat"]),
    ("ntt", &["nusa", "tenggara", "timur"]),
];

/// Shortened compass words, written out only when a dot marks them as shortened ("Ogan Komering
/// Ulu Sel."), since a bare "sel" could be part of a name.
const DOTTED_ABBREVIATIONS: &[(&str, &str)] = &[
    ("sel", "selatan"),
    ("tim", "timur"),
    ("bar", "barat"),
    ("ut", "utara"),
    ("utr", "utara"),
    ("teng", "tengah"),
    ("tgh", "tengah"),
];

/// Words a name may carry or leave out: "Kota Administrasi Jakarta Pusat", "Kabupaten (Kepulauan)
/// Siau Tagulandang Biaro", "Pangkajene (dan) Kepulauan". Tried only after the full name.
const REGION_OPTIONAL_WORDS: &[&str] = &["administrasi", "kepulauan", "dan"];
/// For provinces also the titles of the special regions: "(Daerah Khusus Ibukota) Jakarta",
/// "(Daerah Istimewa) Yogyakarta", "(Kepulauan) Bangka Belitung".
const PROVINCE_OPTIONAL_WORDS: &[&str] =
    &["administrasi", "kepulauan", "dan", "daerah", "khusus", "ibu", "kota", "ibukota", "istimewa"];

/// Former names still printed in published tables, with the code of the region they name now.
/// Each is checked (in the tests) to be no current name.
const FORMER_NAMES: &[(Kind, &str, &str)] = &[
    (Kind::Kabupaten, "Toba Samosir", "12.12"),          // now Toba
    (Kind::Kabupaten, "Sawahlunto Sijunjung", "13.03"),  // now Sijunjung
    (Kind::Kabupaten, "Pontianak", "61.02"),             // now Mempawah
    (Kind::Kabupaten, "Pasir", "64.01"),                 // now Paser
    (Kind::Kabupaten, "Mamuju Utara", "76.01"),          // now Pasangkayu
    (Kind::Kabupaten, "Maluku Tenggara Barat", "81.03"), // now Kepulauan Tanimbar
    (Kind::Kabupaten, "Yapen Waropen", "91.05"),         // now Kepulauan Yapen
    (Kind::Provinsi, "Irian Jaya Barat", "92"),          // now Papua Barat
    (Kind::Provinsi, "Daerah Khusus Jakarta", "31"),     // Jakarta's name since 2024
];

/// The words of a name, lower case, abbreviations written out; punctuation and hyphens split
/// words ("Toli-Toli" → toli toli), and "D.I." is Daerah Istimewa.
fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for token in lower.split(|c: char| !(c.is_alphanumeric() || c == '.')) {
        if token.trim_matches('.').is_empty() {
            continue;
        }
        if token.trim_end_matches('.') == "d.i" {
            out.extend(["daerah".to_string(), "istimewa".to_string()]);
            continue;
        }
        let parts: Vec<&str> = token.split('.').collect();
        for (i, part) in parts.iter().enumerate() {
            if part.is_empty() {
                continue;
            }
            let dotted = i + 1 < parts.len();
            if let Some((_, full)) = ABBREVIATIONS.iter().find(|(short, _)| short == part) {
                out.extend(full.iter().map(|w| w.to_string()));
            } else if let Some((_, full)) = DOTTED_ABBREVIATIONS.iter().find(|(short, _)| dotted && short == part) {
                out.push(full.to_string());
            } else {
                out.push(part.to_string());
            }
        }
    }
    out
}

/// A printed name: the kind its first word gives, if any, and the place's own words.
fn analyse(name: &str) -> (Option<Kind>, Vec<String>) {
    let mut w = words(name);
    if w.first().is_some_and(|x| x == "pemerintah") {
        w.remove(0);
    }
    // "Pemerintah Daerah Kabupaten …", but "Pemerintah Daerah Istimewa Yogyakarta" keeps its words.
    if w.first().is_some_and(|x| x == "daerah")
        && w.get(1).is_some_and(|x| ["kabupaten", "kota", "provinsi", "daerah"].contains(&x.as_str()))
    {
        w.remove(0);
    }
    let kind = match w.first().map(String::as_str) {
        Some("kabupaten") => Some(Kind::Kabupaten),
        Some("kota") if w.len() > 1 => Some(Kind::Kota),
        Some("provinsi") => Some(Kind::Provinsi),
        _ => None,
    };
    if kind.is_some() {
        w.remove(0);
    }
    (kind, w)
}

fn loose_key(place: &[String], kind: Kind) -> String {
    let optional = if kind == Kind::Provinsi { PROVINCE_OPTIONAL_WORDS } else { REGION_OPTIONAL_WORDS };
    place.iter().filter(|w| !optional.contains(&w.as_str())).map(String::as_str).collect()
}

struct Candidate {
    government: Government,
    kind: Kind,
    province: &'static str,
    exact: String,
    loose: String,
}

fn candidates() -> &'static [Candidate] {
    static CANDIDATES: OnceLock<Vec<Candidate>> = OnceLock::new();
    CANDIDATES.get_or_init(|| {
        let regions = Regions::get();
        let provinces = regions.provinces.iter().map(Government::Province);
        provinces
            .chain(regions.regions.iter().map(Government::Region))
            .map(|government| {
                let (_, place) = analyse(&government.name());
                let kind = government.kind();
                Candidate {
                    government,
                    kind,
                    province: government.province_code(),
                    exact: place.concat(),
                    loose: loose_key(&place, kind),
                }
            })
            .collect()
    })
}

/// The one candidate of `kind` (in `province`, if given) whose key is `key`; `Err` when several.
fn unique(
    kind: Kind,
    province: Option<&str>,
    key: &str,
    key_of: fn(&Candidate) -> &str,
) -> std::result::Result<Option<Government>, ()> {
    let mut hits =
        candidates().iter().filter(|c| c.kind == kind && province.is_none_or(|p| c.province == p) && key_of(c) == key);
    match (hits.next(), hits.next()) {
        (None, _) => Ok(None),
        (Some(c), None) => Ok(Some(c.government)),
        (Some(_), Some(_)) => Err(()),
    }
}

/// The government of `kind` whose name is `place`: first within the section's province, the name
/// as printed and then without its optional words; then a former name; then anywhere in the
/// country (a region listed under the province it was split from). An ambiguous step ends the
/// search unmatched rather than guess.
fn find(kind: Kind, place: &[String], province: Option<&str>) -> Option<Government> {
    if place.is_empty() {
        return None;
    }
    let exact = place.concat();
    let loose = loose_key(place, kind);
    let by_exact: fn(&Candidate) -> &str = |c| &c.exact;
    let by_loose: fn(&Candidate) -> &str = |c| &c.loose;
    if let Some(p) = province {
        for (key, key_of) in [(&exact, by_exact), (&loose, by_loose)] {
            match unique(kind, Some(p), key, key_of) {
                Ok(Some(g)) => return Some(g),
                Ok(None) => {}
                Err(()) => return None,
            }
        }
    }
    if let Some((_, _, code)) = FORMER_NAMES.iter().find(|(k, name, _)| *k == kind && name_key(name) == exact) {
        return government(code).ok();
    }
    for (key, key_of) in [(&exact, by_exact), (&loose, by_loose)] {
        match unique(kind, None, key, key_of) {
            Ok(Some(g)) => return Some(g),
            Ok(None) => {}
            Err(()) => return None,
        }
    }
    None
}

/// The province a section heading names: "Pemerintah Daerah di Jawa Barat" → 32.
fn section_province(section: &str) -> Option<&'static str> {
    let mut w = words(section);
    for lead in ["pemerintah", "daerah", "di", "provinsi"] {
        if w.first().is_some_and(|x| x == lead) {
            w.remove(0);
        }
    }
    find(Kind::Provinsi, &w, None).map(|g| g.code())
}

/// The regional government a printed name names ("Pemerintah Kab. Aceh Besar" → 11.06,
/// "Pemerintah Provinsi NTB" → 52, "Pemerintah Aceh" → 11), looked for first in the province of
/// its `section` heading. The kind comes from the name ("Kab.", "Kota", "Provinsi"); a name
/// without one is a province's own style, else of the kind `jenis` gives. `None` when no
/// government, or more than one, fits.
pub fn match_government(name: &str, section: &str, jenis: Kind) -> Option<Government> {
    let (kind, place) = analyse(name);
    let province = section_province(section);
    match kind {
        Some(kind) => find(kind, &place, province),
        None => find(Kind::Provinsi, &place, province)
            .or_else(|| jenis.is_kabupaten_kota().then(|| find(jenis, &place, province)).flatten()),
    }
}

// ---- Distributions ----

/// Where a value stands among others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1 for the highest; equal values share the best rank (1, 2, 2, 4).
    pub rank: usize,
    /// How many values the distribution holds.
    pub of: usize,
    /// The percentile rank: the share of values below it, equal ones counted half, in percent
    /// rounded to 2 decimals (the highest of 621 is 99.92, the lowest 0.08).
    #[serde(with = "rust_decimal::serde::str")]
    pub percentile: Decimal,
}

/// The place of `value` among `values` (which hold it).
pub fn place(values: &[Decimal], value: Decimal) -> Place {
    let above = values.iter().filter(|v| **v > value).count();
    let below = values.iter().filter(|v| **v < value).count();
    let equal = values.len() - above - below;
    let of = values.len();
    let percentile = if of == 0 {
        Decimal::ZERO
    } else {
        let share = (Decimal::from(below) + Decimal::from(equal) / Decimal::TWO) * Decimal::ONE_HUNDRED;
        format::round_half_up(share / Decimal::from(of), 2).normalize()
    };
    Place { rank: above + 1, of, percentile }
}

/// The mean of `values`, rounded half-up to 4 decimals (the values themselves have 2); `None`
/// when there are none.
pub fn mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    let sum: Decimal = values.iter().sum();
    Some(format::round_half_up(sum / Decimal::from(values.len()), 4).normalize())
}

/// A decimal stored as text by the hub, or `workspace.corrupt`.
pub fn stored_decimal(text: &str) -> Result<Decimal> {
    Decimal::from_str(text).map_err(|_| Error::corrupt_value("decimal", text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn code(name: &str, section: &str, jenis: Kind) -> Option<&'static str> {
        match_government(name, section, jenis).map(|g| g.code())
    }

    const HEADER: &str = "year,section,no,instansi,jenis,D1,D2,D3,D4,indeks,predikat\n";
    const SUMEDANG: &str = "2023,Pemerintah Daerah di Jawa Barat,5,Pemerintah Kab. Sumedang,kabupaten,5.00,3.60,2.55,4.76,4.14,Sangat Baik\n";

    fn shipped_2023() -> PublishedResults {
        parse(SHIPPED[0].text.as_bytes()).unwrap()
    }

    #[test]
    fn names_match_whatever_their_spelling() {
        let jabar = "Pemerintah Daerah di Jawa Barat";
        assert_eq!(code("Pemerintah Kab. Sumedang", jabar, Kind::Kabupaten), Some("32.11"));
        assert_eq!(code("PEMERINTAH KABUPATEN   SUMEDANG", jabar, Kind::Kabupaten), Some("32.11"));
        assert_eq!(code("Pemkab Sumedang", "", Kind::Kabupaten), Some("32.11"));
        assert_eq!(code("Pemerintah Kab. Aceh Besar", "Pemerintah Daerah di Aceh", Kind::Kabupaten), Some("11.06"));
        assert_eq!(code("Pemerintah Kab. Aceh-Besar", "", Kind::Kabupaten), Some("11.06"));
        // Kabupaten and Kota of one name are told apart by the name's first word.
        assert_eq!(code("Pemerintah Kota Bandung", jabar, Kind::Kota), Some("32.73"));
        assert_eq!(code("Pemerintah Kab. Bandung", jabar, Kind::Kabupaten), Some("32.04"));
        // Words run together or apart, hyphens.
        let sumut = "Pemerintah Daerah di Sumatera Utara";
        assert_eq!(code("Pemerintah Kab. Batubara", sumut, Kind::Kabupaten), Some("12.19"));
        assert_eq!(code("Pemerintah Kota Pematang Siantar", sumut, Kind::Kota), Some("12.72"));
        assert_eq!(code("Pemerintah Kab. Toli Toli", "", Kind::Kabupaten), Some("72.04"));
        assert_eq!(code("Pemerintah Kota Bau-Bau", "", Kind::Kota), Some("74.72"));
        // Shortened words, written out.
        assert_eq!(code("Pemerintah Kab. Kep. Mentawai", "", Kind::Kabupaten), Some("13.09"));
        assert_eq!(code("Pemerintah Kab. Ogan Komering Ulu Sel.", "", Kind::Kabupaten), Some("16.09"));
        assert_eq!(code("Pemerintah Kab. Ogan Komering Ulu", "", Kind::Kabupaten), Some("16.01"));
        // Optional words.
        assert_eq!(code("Pemerintah Kab. Siau Tagulandang Biaro", "", Kind::Kabupaten), Some("71.09"));
        assert_eq!(code("Pemerintah Kab. Pangkajene Kepulauan", "", Kind::Kabupaten), Some("73.10"));
        assert_eq!(code("Pemerintah Kota Jakarta Pusat", "", Kind::Kota), Some("31.71"));
        // Provinces, in every style the report uses.
        assert_eq!(code("Pemerintah Provinsi Jawa Barat", jabar, Kind::Provinsi), Some("32"));
        assert_eq!(code("Pemerintah Provinsi NTB", "", Kind::Provinsi), Some("52"));
        assert_eq!(code("Pemerintah Provinsi DKI Jakarta", "", Kind::Provinsi), Some("31"));
        assert_eq!(code("Pemerintah Provinsi Kep. Bangka Belitung", "", Kind::Provinsi), Some("19"));
        assert_eq!(code("Pemerintah Provinsi Bangka Belitung", "", Kind::Provinsi), Some("19"));
        assert_eq!(code("Pemerintah Aceh", "Pemerintah Daerah di Aceh", Kind::InstansiPusat), Some("11"));
        assert_eq!(code("Pemerintah D.I. Yogyakarta", "", Kind::InstansiPusat), Some("34"));
        assert_eq!(code("Pemerintah Provinsi Riau", "", Kind::Provinsi), Some("14"));
        assert_eq!(code("Pemerintah Provinsi Kepulauan Riau", "", Kind::Provinsi), Some("21"));
        // Former names.
        assert_eq!(code("Pemerintah Kab. Toba Samosir", sumut, Kind::Kabupaten), Some("12.12"));
        assert_eq!(code("Pemerintah Kab. Pontianak", "", Kind::Kabupaten), Some("61.02"));
        assert_eq!(code("Pemerintah Kota Pontianak", "", Kind::Kota), Some("61.71"));
        assert_eq!(code("Pemerintah Provinsi Daerah Khusus Jakarta", "", Kind::Provinsi), Some("31"));
    }

    #[test]
    fn a_name_that_fits_none_or_several_is_not_guessed() {
        assert_eq!(code("Pemerintah Kab. Atlantis", "", Kind::Kabupaten), None);
        assert_eq!(code("Pemerintah Kab.", "", Kind::Kabupaten), None);
        // Banggai and Banggai Kepulauan are both "Banggai" without the optional word.
        assert_eq!(code("Pemerintah Kab. Banggai", "", Kind::Kabupaten), Some("72.01"));
        assert_eq!(code("Pemerintah Kab. Banggai Kep.", "", Kind::Kabupaten), Some("72.07"));
        assert_eq!(code("Pemerintah Kab. Kepulauan Banggai", "", Kind::Kabupaten), None);
        // A central agency is not a regional government.
        assert_eq!(code("Kementerian Dalam Negeri", "Kementerian", Kind::InstansiPusat), None);
    }

    #[test]
    fn a_region_listed_under_another_province_is_found_in_the_country() {
        // Mimika is in Papua Tengah (94) since 2022; an older table lists it under Papua.
        assert_eq!(code("Pemerintah Kab. Mimika", "Pemerintah Daerah di Papua", Kind::Kabupaten), Some("94.04"));
    }

    #[test]
    fn former_names_are_no_current_names_and_name_existing_regions() {
        for (kind, name, code) in FORMER_NAMES {
            let g = government(code).unwrap();
            assert_eq!(g.kind(), *kind, "{name}");
            let key = name_key(name);
            assert!(candidates().iter().all(|c| c.kind != *kind || c.exact != key), "{name} is a current name");
        }
    }

    #[test]
    fn every_regional_row_of_2023_matches_one_government_of_its_kind() {
        let results = shipped_2023();
        assert_eq!((results.year, results.framework.id.as_str(), results.rows.len()), (2023, "spbe-2020", 621));
        let mut codes = std::collections::HashSet::new();
        let mut by_kind = std::collections::HashMap::new();
        let mut central = 0;
        for row in &results.rows {
            if !row.is_regional() {
                central += 1;
                continue;
            }
            let g = row.government().unwrap_or_else(|| panic!("line {}: {} matches nothing", row.line, row.instansi));
            assert!(codes.insert(g.code()), "line {}: {} matched twice", row.line, g.code());
            if row.jenis != Kind::InstansiPusat {
                assert_eq!(g.kind(), row.jenis, "line {}: {}", row.line, row.instansi);
            }
            if let Some(p) = section_province(&row.section) {
                assert_eq!(g.province_code(), p, "line {}: {}", row.line, row.instansi);
            }
            *by_kind.entry(g.kind()).or_insert(0) += 1;
        }
        // Every province (two listed with the central agencies' jenis: Aceh and D.I. Yogyakarta),
        // 398 kabupaten and 93 kota; 92 central agencies.
        assert_eq!(codes.len(), 529);
        assert_eq!(by_kind[&Kind::Provinsi], 38);
        assert_eq!(by_kind[&Kind::Kabupaten], 398);
        assert_eq!(by_kind[&Kind::Kota], 93);
        assert_eq!(central, 92);
        let aceh = results.rows.iter().find(|r| r.instansi == "Pemerintah Aceh").unwrap();
        assert_eq!((aceh.jenis, aceh.government().map(|g| g.code())), (Kind::InstansiPusat, Some("11")));
    }

    #[test]
    fn every_2023_index_is_recomputed_within_a_hundredth() {
        let results = shipped_2023();
        let inconsistent: Vec<&str> =
            results.rows.iter().filter(|r| !r.recomputed.consistent).map(|r| r.instansi.as_str()).collect();
        assert_eq!(inconsistent, Vec::<&str>::new());
        let sumedang = results.rows.iter().find(|r| r.instansi == "Pemerintah Kab. Sumedang").unwrap();
        assert_eq!((sumedang.index, sumedang.recomputed.index), (d("4.14"), d("4.13655")));
        assert_eq!(sumedang.predicate, "Sangat Baik");
    }

    #[test]
    fn a_wrong_index_is_kept_and_flagged() {
        let text = format!("{HEADER}{}", SUMEDANG.replace(",4.14,", ",4.41,"));
        let row = &parse(text.as_bytes()).unwrap().rows[0];
        assert_eq!((row.index, row.recomputed.index, row.recomputed.consistent), (d("4.41"), d("4.13655"), false));
    }

    #[test]
    fn semicolons_decimal_commas_and_a_byte_order_mark_are_read() {
        let text = "\u{feff}year;section;no;instansi;jenis;D1;D2;D3;D4;indeks;predikat\r\n\
                    2023;Pemerintah Daerah di Jawa Barat;5;Pemerintah Kab. Sumedang;kabupaten;5,00;3,60;2,55;4,76;4,14;sangat baik\r\n";
        let results = parse(text.as_bytes()).unwrap();
        assert_eq!(results.rows[0].domains, [d("5"), d("3.6"), d("2.55"), d("4.76")]);
        assert_eq!(results.rows[0].predicate, "Sangat Baik");
    }

    fn refused(text: &str) -> Error {
        parse(text.as_bytes()).expect_err(text)
    }

    fn detail(e: &Error) -> String {
        format!("line {}: {}", e.param("line").unwrap_or("-"), e.param("detail").unwrap_or("-"))
    }

    #[test]
    fn a_bad_file_is_refused_naming_its_line() {
        let cases = [
            (SUMEDANG.replace("4.76", "\"4,7.6\""), "line 2: D4 \"4,7.6\" is not a number"),
            (SUMEDANG.replace("4.76", "7.6"), "line 2: D4 7.6 is outside 0–5"),
            (SUMEDANG.replace("4.76", "abc"), "line 2: D4 \"abc\" is not a number"),
            (SUMEDANG.replace("Pemerintah Kab. Sumedang", "=HYPERLINK(\"http://x\")"), "begins with \"=\""),
            (SUMEDANG.replace("Pemerintah Kab. Sumedang", "@SUM(A1)"), "begins with \"@\""),
            (SUMEDANG.replace("5.00", "-1"), "begins with \"-\""),
            (SUMEDANG.replace("kabupaten", "regency"), "jenis \"regency\" is none of"),
            (SUMEDANG.replace("Sangat Baik", "Luar Biasa"), "predikat \"Luar Biasa\" is none of"),
            (SUMEDANG.replace("2023", "2019"), "no evaluation framework covers the year 2019"),
            (SUMEDANG.replace("2023", "2026"), "pemdi-2026 (the year 2026) has 7 aspects"),
            (SUMEDANG.replace(",4.14,", ",4.14,x,"), "line 2: 12 cells where the header has 11"),
            (SUMEDANG.replace(",5,", ",0,"), "no \"0\" is not a positive whole number"),
            (format!("{SUMEDANG}\n{}", SUMEDANG.replace("2023", "2024")), "line 4: the year 2024 differs from 2023"),
            (
                format!("{SUMEDANG}{}", SUMEDANG.replace("Kab. Sumedang", "Kabupaten  SUMEDANG")),
                "line 3: \"Pemerintah Kabupaten SUMEDANG\" is already listed on line 2",
            ),
            (SUMEDANG.replace("Sumedang", "Sume\u{7}dang"), "holds a control character"),
            (SUMEDANG.replace("Sumedang", &"x".repeat(400)), "longer than 300 characters"),
            (SUMEDANG.replace("Pemerintah Kab. Sumedang", "\"Pemerintah Kab. Sumedang"), "line 2: "),
        ];
        for (body, expected) in cases {
            let e = refused(&format!("{HEADER}{body}"));
            assert_eq!(e.code, ErrorCode::BenchmarkRowInvalid, "{body}");
            assert!(detail(&e).contains(expected), "{body}: {} lacks {expected}", detail(&e));
            assert!(e.message_in(crate::Lang::Id).starts_with(&format!("Baris {}", e.param("line").unwrap())));
        }
    }

    #[test]
    fn a_file_without_its_columns_or_rows_is_refused() {
        let no_d3 = HEADER.replace(",D3", "");
        let e = refused(&format!("{no_d3}2023,x,1,y,kota,1,1,1,1,Kurang\n"));
        assert_eq!(detail(&e), "line 1: the column D3 is missing; the columns needed are year,section,no,instansi,jenis,D1,D2,D3,D4,indeks,predikat");
        assert_eq!(detail(&refused(HEADER)), "line 2: the file holds no results");
        assert_eq!(detail(&refused("")), "line 1: the file is empty");
        assert_eq!(detail(&refused(&HEADER.replace("D1", "d4"))), "line 1: the column D1 is missing; the columns needed are year,section,no,instansi,jenis,D1,D2,D3,D4,indeks,predikat");
        let e = parse(&[HEADER.as_bytes(), b"2023,\xff\xfe,1\n"].concat()).unwrap_err();
        assert_eq!(detail(&e), "line 2: the file is not UTF-8 text");
    }

    #[test]
    fn a_huge_file_is_refused_before_it_is_read() {
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        assert_eq!(parse(&big).unwrap_err().code, ErrorCode::BenchmarkFileTooLarge);
        let many: String = (0..=MAX_ROWS)
            .map(|i| SUMEDANG.replace("Pemerintah Kab. Sumedang", &format!("Pemerintah Kab. Contoh {i}")))
            .collect();
        let e = refused(&format!("{HEADER}{many}"));
        assert_eq!(detail(&e), format!("line {}: the file holds more than {MAX_ROWS} rows", MAX_ROWS + 2));
    }

    #[test]
    fn places_and_means_are_exact() {
        let values = [d("4"), d("3"), d("3"), d("2")];
        assert_eq!(place(&values, d("4")), Place { rank: 1, of: 4, percentile: d("87.5") });
        assert_eq!(place(&values, d("3")), Place { rank: 2, of: 4, percentile: d("50") });
        assert_eq!(place(&values, d("2")), Place { rank: 4, of: 4, percentile: d("12.5") });
        assert_eq!(mean(&values), Some(d("3")));
        assert_eq!(mean(&[d("1"), d("1"), d("2")]), Some(d("1.3333")));
        assert_eq!(mean(&[]), None);
    }
}
