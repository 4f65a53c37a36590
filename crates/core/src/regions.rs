//! The official list of provinces and kabupaten/kota by Kemendagri code (assets/regions,
//! vendored from idn-area-data 4.0.1 under the ODbL). Codes are `PP.KK`; never BPS codes.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionKind {
    Kabupaten,
    Kota,
}

impl RegionKind {
    /// The stored and serialized word: "kabupaten" or "kota".
    pub fn as_str(self) -> &'static str {
        match self {
            RegionKind::Kabupaten => "kabupaten",
            RegionKind::Kota => "kota",
        }
    }

    /// A kind as stored, or `workspace.corrupt` naming what was found.
    pub fn from_stored(s: &str) -> Result<RegionKind> {
        [RegionKind::Kabupaten, RegionKind::Kota]
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::corrupt_value("region kind", s))
    }

    /// A kind as a person gives it ("kabupaten", "Kab.", "kota", "city"), or `region.kind_unknown`.
    pub fn parse(s: &str) -> Result<RegionKind> {
        match fold(s).trim_end_matches('.') {
            "kabupaten" | "kab" | "regency" => Ok(RegionKind::Kabupaten),
            "kota" | "city" => Ok(RegionKind::Kota),
            _ => Err(Error::new(ErrorCode::RegionKindUnknown).with("kind", s.trim())),
        }
    }

    /// "KABUPATEN" / "KOTA" as in "PEMERINTAH KABUPATEN SUMEDANG".
    pub fn word(self) -> &'static str {
        match self {
            RegionKind::Kabupaten => "Kabupaten",
            RegionKind::Kota => "Kota",
        }
    }

    /// The title of the head of region: Bupati for a kabupaten, Wali Kota for a kota.
    pub fn head_title(self) -> &'static str {
        match self {
            RegionKind::Kabupaten => "Bupati",
            RegionKind::Kota => "Wali Kota",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Province {
    pub code: String,
    pub name: String,
}

/// A kabupaten or kota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// Kemendagri code, e.g. "32.11".
    pub code: String,
    /// Official name with its kind, e.g. "Kabupaten Sumedang".
    pub name: String,
    pub kind: RegionKind,
    /// Name of the province, e.g. "Jawa Barat".
    pub province: String,
    pub province_code: String,
}

impl Region {
    /// The name without "Kabupaten"/"Kota", e.g. "Sumedang": the place in a letter's date line.
    pub fn short_name(&self) -> &str {
        self.name.strip_prefix(self.kind.word()).map(str::trim_start).unwrap_or(&self.name)
    }
}

pub struct Regions {
    pub provinces: Vec<Province>,
    pub regions: Vec<Region>,
    /// Folded "name province code" per region, for search.
    haystacks: Vec<String>,
}

fn rows(csv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    csv.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split(',').map(str::trim).collect())
}

/// Lower-case with spaces collapsed and punctuation other than '.' dropped, so that
/// "kab. sumedang" and "Kabupaten  Sumedang" meet.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

impl Regions {
    fn load() -> Regions {
        let provinces: Vec<Province> = rows(include_str!("../../../assets/regions/provinces.csv"))
            .map(|r| Province { code: r[0].to_string(), name: r[1].to_string() })
            .collect();
        let regions: Vec<Region> = rows(include_str!("../../../assets/regions/regencies.csv"))
            .map(|r| {
                let (code, province_code, name) = (r[0], r[1], r[2]);
                let kind = if name.starts_with("Kota ") { RegionKind::Kota } else { RegionKind::Kabupaten };
                let province = provinces
                    .iter()
                    .find(|p| p.code == province_code)
                    .unwrap_or_else(|| panic!("regencies.csv: {code} names unknown province {province_code}"))
                    .name
                    .clone();
                Region { code: code.into(), name: name.into(), kind, province, province_code: province_code.into() }
            })
            .collect();
        let haystacks = regions.iter().map(|r| fold(&format!("{} {} {}", r.name, r.province, r.code))).collect();
        Regions { provinces, regions, haystacks }
    }

    pub fn get() -> &'static Regions {
        static REGIONS: OnceLock<Regions> = OnceLock::new();
        REGIONS.get_or_init(Regions::load)
    }

    pub fn find(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code.trim())
    }

    /// A province by its code ("32") or its name, with or without "Provinsi" ("Jawa Barat",
    /// "provinsi jawa barat"); None when it is neither.
    pub fn find_province(&self, text: &str) -> Option<&Province> {
        let folded = fold(text);
        let name = folded.strip_prefix("provinsi ").unwrap_or(&folded);
        self.provinces.iter().find(|p| p.code == text.trim() || fold(&p.name) == name)
    }

    /// The province of `text` (see [`Regions::find_province`]), or `region.province_unknown`.
    pub fn require_province(&self, text: &str) -> Result<&Province> {
        self.find_province(text).ok_or_else(|| Error::new(ErrorCode::ProvinceUnknown).with("province", text.trim()))
    }

    /// The region of `code`, or `region.unknown`.
    pub fn require(&self, code: &str) -> Result<&Region> {
        self.find(code).ok_or_else(|| Error::new(ErrorCode::RegionUnknown).with("code", code.trim()))
    }

    /// Regions whose name, province or code match every word of `query` (each word a prefix of a
    /// word there, in any order; "kab" matches "Kabupaten"). Best matches first: a code or name
    /// that starts with the query, then the rest in code order. An empty query matches all.
    pub fn search(&self, query: &str) -> Vec<&Region> {
        let query = fold(query);
        // "Kab." is written for "Kabupaten": a trailing dot ends an abbreviation, not a code.
        let words: Vec<&str> = query.split(' ').map(|w| w.trim_end_matches('.')).filter(|w| !w.is_empty()).collect();
        let mut hits: Vec<(u8, &Region)> = self
            .regions
            .iter()
            .zip(&self.haystacks)
            .filter(|(_, hay)| words.iter().all(|w| hay.split(' ').any(|h| h.starts_with(w))))
            .map(|(r, _)| {
                let short = fold(r.short_name());
                let rank = if r.code == query || short == query || fold(&r.name) == query {
                    0
                } else if r.code.starts_with(&query) || short.starts_with(&query) {
                    1
                } else {
                    2
                };
                (rank, r)
            })
            .collect();
        hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
        hits.into_iter().map(|(_, r)| r).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_the_official_counts() {
        let r = Regions::get();
        assert_eq!(r.provinces.len(), 38);
        assert_eq!(r.regions.len(), 514);
        assert_eq!(r.regions.iter().filter(|x| x.kind == RegionKind::Kabupaten).count(), 416);
        assert_eq!(r.regions.iter().filter(|x| x.kind == RegionKind::Kota).count(), 98);
    }

    #[test]
    fn finds_sumedang_by_code_and_name() {
        let r = Regions::get();
        let s = r.require("32.11").unwrap();
        assert_eq!(s.name, "Kabupaten Sumedang");
        assert_eq!(s.province, "Jawa Barat");
        assert_eq!(s.short_name(), "Sumedang");
        assert_eq!(r.search("sumedang")[0].code, "32.11");
        assert_eq!(r.search("Kab. Sumed")[0].code, "32.11");
        assert_eq!(r.search("32.11")[0].code, "32.11");
        assert_eq!(r.require("99.99").unwrap_err().code, ErrorCode::RegionUnknown);
    }

    #[test]
    fn every_word_must_match() {
        let r = Regions::get();
        let bandung = r.search("kota bandung");
        assert!(bandung.iter().any(|x| x.name == "Kota Bandung"));
        assert!(bandung.iter().all(|x| x.kind == RegionKind::Kota));
        assert!(r.search("jawa barat").len() >= 27);
        assert!(r.search("zzzz").is_empty());
        assert_eq!(r.search("").len(), 514);
    }

    #[test]
    fn exact_name_comes_first() {
        let r = Regions::get();
        // "Bandung" is the short name of Kabupaten Bandung and the start of Bandung Barat.
        let hits = r.search("bandung");
        assert!(["Kabupaten Bandung", "Kota Bandung"].contains(&hits[0].name.as_str()));
    }

    #[test]
    fn a_province_is_found_by_code_or_name_and_a_kind_by_its_word() {
        let r = Regions::get();
        for text in ["32", "Jawa Barat", " provinsi JAWA  barat "] {
            assert_eq!(r.find_province(text).map(|p| p.code.as_str()), Some("32"), "{text}");
        }
        assert_eq!(r.require_province("Jawa").unwrap_err().code, ErrorCode::ProvinceUnknown);
        assert_eq!(RegionKind::parse("Kab.").unwrap(), RegionKind::Kabupaten);
        assert_eq!(RegionKind::parse(" KOTA ").unwrap(), RegionKind::Kota);
        assert_eq!(RegionKind::parse("desa").unwrap_err().code, ErrorCode::RegionKindUnknown);
    }

    #[test]
    fn heads_are_titled_by_kind() {
        let r = Regions::get();
        assert_eq!(r.require("32.11").unwrap().kind.head_title(), "Bupati");
        let kota = r.search("kota bandung")[0];
        assert_eq!(kota.kind.head_title(), "Wali Kota");
        assert_eq!(kota.short_name(), "Bandung");
    }
}
