//! The catalogue of replicable practices (assets/practices/practices.json): what a region can
//! copy from another (Sumedang first), the indicators it raises in each framework, the evidence
//! it produces and its usual steps. Regions add their own in the same shape.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::framework::{self, Text};

pub const FORMAT: &str = "livinglab-practices/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeTarget {
    pub indicator: String,
    pub level: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    /// Kemendagri code of the region it comes from.
    pub origin: String,
    pub origin_name: String,
    /// Indicators it raises, by framework id.
    pub indicators: BTreeMap<String, Vec<PracticeTarget>>,
    #[serde(default)]
    pub evidence: Vec<Text>,
    #[serde(default)]
    pub steps: Vec<Text>,
    #[serde(default)]
    pub duration_months: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    format: String,
    practices: Vec<Practice>,
}

fn invalid(id: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::PracticeInvalid).with_detail(id, en)
}

impl Practice {
    /// Checks ids, texts, and that every indicator exists in the named shipped framework.
    pub fn validate(&self) -> Result<()> {
        if self.id.is_empty() || !self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(invalid(
                format!("id praktik \"{}\" hanya boleh huruf kecil, angka, dan '-'", self.id),
                format!("practice id \"{}\" must be lower-case letters, digits and '-'", self.id),
            ));
        }
        if self.title.id.trim().is_empty() {
            return Err(invalid(
                format!("praktik {} tidak berjudul", self.id),
                format!("practice {} has no title", self.id),
            ));
        }
        for (fw_id, targets) in &self.indicators {
            // Practices may name frameworks this version does not ship; only known ones are checked.
            if let Some(fw) = framework::shipped().iter().find(|f| &f.id == fw_id) {
                for t in targets {
                    fw.require_indicator(&t.indicator).map_err(|_| {
                        invalid(
                            format!("praktik {}: indikator {} tidak ada dalam {fw_id}", self.id, t.indicator),
                            format!("practice {}: indicator {} is not in {fw_id}", self.id, t.indicator),
                        )
                    })?;
                    if !crate::levels::is_level(t.level) {
                        return Err(invalid(
                            format!("praktik {}: tingkat {} bukan 1–5", self.id, t.level),
                            format!("practice {}: level {} is not 1–5", self.id, t.level),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The indicators (and levels) it raises in framework `fw_id`.
    pub fn targets(&self, fw_id: &str) -> &[PracticeTarget] {
        self.indicators.get(fw_id).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Parses a practices file (the catalogue shape) and validates every practice in it.
pub fn parse(text: &str) -> Result<Vec<Practice>> {
    let c: Catalogue = serde_json::from_str(text)
        .map_err(|e| invalid(format!("bukan berkas praktik baik: {e}"), format!("not a practices file: {e}")))?;
    if c.format != FORMAT {
        return Err(invalid(
            format!("format \"{}\", seharusnya \"{FORMAT}\"", c.format),
            format!("format is \"{}\", expected \"{FORMAT}\"", c.format),
        ));
    }
    let mut ids = HashSet::new();
    for p in &c.practices {
        p.validate()?;
        if !ids.insert(p.id.clone()) {
            return Err(invalid(
                format!("id praktik {} muncul dua kali", p.id),
                format!("practice id {} appears twice", p.id),
            ));
        }
    }
    Ok(c.practices)
}

/// The practices that ship with the app.
pub fn shipped() -> &'static [Practice] {
    static SHIPPED: OnceLock<Vec<Practice>> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        parse(include_str!("../../../assets/practices/practices.json"))
            .unwrap_or_else(|e| panic!("assets/practices/practices.json: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_is_valid_and_starts_with_sumedang() {
        let all = shipped();
        assert!(all.len() >= 12, "{} practices", all.len());
        assert!(all.iter().filter(|p| p.origin == "32.11").count() * 2 > all.len());
        for p in all {
            assert!(
                !p.targets("spbe-2020").is_empty() || !p.targets("pemdi-2026").is_empty(),
                "{} raises nothing",
                p.id
            );
            assert!(p.title.en.is_some(), "{} has no English title", p.id);
        }
    }

    #[test]
    fn unknown_indicators_are_refused() {
        let bad = r#"{"format":"livinglab-practices/1","practices":[{"id":"x","title":{"id":"X"},"summary":{"id":"x"},
            "origin":"32.11","origin_name":"Kabupaten Sumedang","indicators":{"spbe-2020":[{"indicator":"99","level":3}]}}]}"#;
        let e = parse(bad).unwrap_err();
        assert!(e.param("detail").unwrap().contains("indicator 99"));
    }
}
