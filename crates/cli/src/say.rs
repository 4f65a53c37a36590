//! The command line's own messages, in one language per run: `--lang`, else the locale.
//! Texts live in assets/i18n as `cli.*` keys; identifiers, paths and `--json` output are not
//! translated, so scripts read them the same in either language.

use std::sync::OnceLock;

use livinglab_core::{i18n, Lang};

static LANG: OnceLock<Lang> = OnceLock::new();

/// The language of this run's messages, from `--lang` or else `LC_ALL`/`LANG`.
pub fn init(asked: Option<&str>) -> Lang {
    let lang = asked.and_then(Lang::parse).unwrap_or_else(|| {
        Lang::from_locale(&std::env::var("LC_ALL").or_else(|_| std::env::var("LANG")).unwrap_or_default())
    });
    *LANG.get_or_init(|| lang)
}

pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or(Lang::En)
}

/// The text of `cli.<key>` with each `{name}` replaced by its value.
pub fn text(key: &str, params: &[(&str, String)]) -> String {
    let params: Vec<(String, String)> = params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    i18n::text_with(lang(), &format!("cli.{key}"), &params)
}

/// `say!("key", name = value, …)`: the message `cli.key` in this run's language.
macro_rules! say {
    ($key:literal) => {
        $crate::say::text($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::say::text($key, &[$((stringify!($name), $value.to_string())),+])
    };
}
pub(crate) use say;

/// A decimal as the reader writes it: 2,45 in Indonesian, 2.45 in English.
pub fn index(value: rust_decimal::Decimal) -> String {
    livinglab_core::format::index(value, lang())
}

/// The goal a plan aims at, as words: `period`, `next_predicate` or `asked`.
pub fn goal(kind: &str) -> String {
    text(&format!("goal.{kind}"), &[])
}

/// An exact decimal, every digit kept, with the reader's decimal mark.
pub fn exact(value: rust_decimal::Decimal) -> String {
    let text = value.normalize().to_string();
    match lang() {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}
