//! Which regions a view across regions takes: those of one province, of one kind (kabupaten
//! or kota), or both. The dashboard, the heat map and the trends take the same filter, so
//! their counts, medians and distributions are over the same regions.

use livinglab_core::regions::{RegionKind, Regions};
use livinglab_core::Result;
use serde::{Deserialize, Serialize};

/// A filter of regions; the default takes every region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionFilter {
    /// A province's Kemendagri code ("32") or its name ("Jawa Barat"); [`RegionFilter::parse`]
    /// and every view give it back as the code.
    pub province: Option<String>,
    pub kind: Option<RegionKind>,
}

impl RegionFilter {
    /// A filter from what a person typed: a province's code or name, and a kind ("kabupaten",
    /// "kota"). An unknown province is `region.province_unknown`, an unknown kind
    /// `region.kind_unknown`.
    pub fn parse(province: Option<&str>, kind: Option<&str>) -> Result<RegionFilter> {
        RegionFilter { province: province.map(str::to_string), kind: kind.map(RegionKind::parse).transpose()? }
            .resolved()
    }

    /// The same filter with the province as its code (refused when no province is so named).
    pub fn resolved(&self) -> Result<RegionFilter> {
        let province = match self.province.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => Some(Regions::get().require_province(p)?.code.clone()),
            None => None,
        };
        Ok(RegionFilter { province, kind: self.kind })
    }

    pub fn is_empty(&self) -> bool {
        self.province.is_none() && self.kind.is_none()
    }

    /// Whether the region of `code` passes a [resolved](RegionFilter::resolved) filter. A code
    /// the region list does not hold passes only the empty filter.
    pub fn keeps(&self, code: &str) -> bool {
        if self.is_empty() {
            return true;
        }
        Regions::get().find(code).is_some_and(|r| {
            self.province.as_ref().is_none_or(|p| *p == r.province_code) && self.kind.is_none_or(|k| k == r.kind)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_takes_a_province_by_name_or_code_and_a_kind() {
        let jabar = RegionFilter::parse(Some("jawa barat"), None).unwrap();
        assert_eq!(jabar.province.as_deref(), Some("32"));
        assert!(jabar.keeps("32.11") && jabar.keeps("32.73") && !jabar.keeps("33.01"));
        let kota = RegionFilter::parse(Some("32"), Some("kota")).unwrap();
        assert!(kota.keeps("32.73") && !kota.keeps("32.11"));
        assert!(RegionFilter::default().keeps("99.99"));
        assert!(!kota.keeps("99.99"));
        assert_eq!(
            RegionFilter::parse(Some("Atlantis"), None).unwrap_err().code,
            livinglab_core::ErrorCode::ProvinceUnknown
        );
    }
}
