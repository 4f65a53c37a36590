//! The text catalog (assets/i18n/*.json): every word the UI, the CLI's messages and the
//! documents show, in Indonesian and English. Keys are flat and dotted; values may hold
//! `{name}` placeholders. Indonesian is the default; a key missing in English falls back to it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "id-id" | "in" => Some(Lang::Id),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a POSIX locale string such as `id_ID.UTF-8`; English for any other.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.starts_with("id") || locale.starts_with("in_") {
            Lang::Id
        } else {
            Lang::En
        }
    }
}

/// A catalog lends its keys and (unless they hold an escape) its texts from the JSON compiled
/// into the binary: every process that prints a word parses one, so it allocates little.
pub type Catalog = BTreeMap<&'static str, CatalogText>;

#[derive(Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CatalogText(#[serde(borrow)] Cow<'static, str>);

impl std::ops::Deref for CatalogText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

fn parse_catalog(name: &str, json: &'static str) -> Catalog {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("assets/i18n/{name}.json is not a flat JSON object: {e}"))
}

pub fn catalog(lang: Lang) -> &'static Catalog {
    static ID: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Lang::Id => ID.get_or_init(|| parse_catalog("id", include_str!("../../../assets/i18n/id.json"))),
        Lang::En => EN.get_or_init(|| parse_catalog("en", include_str!("../../../assets/i18n/en.json"))),
    }
}

pub fn has_text(lang: Lang, key: &str) -> bool {
    catalog(lang).contains_key(key)
}

/// The text of `key`, falling back to Indonesian, then to the key itself.
pub fn text(lang: Lang, key: &str) -> String {
    catalog(lang).get(key).or_else(|| catalog(Lang::Id).get(key)).map_or_else(|| key.to_string(), |t| t.to_string())
}

/// The text of `key` with each `{name}` replaced by its value. A count of one (`n` = "1")
/// takes the key's singular form `<key>.one` where the catalog has one, as the UI's `t` does.
pub fn text_with(lang: Lang, key: &str, params: &[(String, String)]) -> String {
    let one = format!("{key}.one");
    let singular = params.iter().any(|(k, v)| k == "n" && v == "1") && catalog(lang).contains_key(one.as_str());
    let mut out = text(lang, if singular { &one } else { key });
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogs_have_the_same_keys() {
        let id: Vec<_> = catalog(Lang::Id).keys().collect();
        let en: Vec<_> = catalog(Lang::En).keys().collect();
        let only_id: Vec<_> = id.iter().filter(|k| !catalog(Lang::En).contains_key(**k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !catalog(Lang::Id).contains_key(**k)).collect();
        assert!(only_id.is_empty(), "keys only in id.json: {only_id:?}");
        assert!(only_en.is_empty(), "keys only in en.json: {only_en:?}");
    }

    #[test]
    fn placeholders_match_between_languages() {
        let holes = |s: &str| {
            let mut v: Vec<String> =
                s.split('{').skip(1).filter_map(|p| p.split('}').next()).map(String::from).collect();
            v.sort();
            v
        };
        for (key, id_text) in catalog(Lang::Id) {
            if let Some(en_text) = catalog(Lang::En).get(*key) {
                assert_eq!(holes(id_text), holes(en_text), "placeholders differ for {key}");
            }
        }
    }

    #[test]
    fn lent_texts_read_as_their_json_says_escapes_included() {
        let json: BTreeMap<String, String> =
            serde_json::from_str(include_str!("../../../assets/i18n/id.json")).unwrap();
        assert!(json.values().any(|t| t.contains('"') || t.contains('\n')), "the catalog holds escapes");
        assert_eq!(json.len(), catalog(Lang::Id).len());
        for (key, text) in &json {
            assert_eq!(&*catalog(Lang::Id)[key.as_str()], text.as_str(), "{key}");
        }
    }

    #[test]
    fn substitutes_params() {
        let p = vec![("code".to_string(), "32.99".to_string())];
        assert!(text_with(Lang::En, "error.region.unknown", &p).contains("32.99"));
        assert_eq!(text(Lang::En, "no.such.key"), "no.such.key");
    }
}
