//! Text that others typed, as a hostile sender would type it (HTML and script, `javascript:`
//! URLs, very long unbroken words, right-to-left marks, emoji), and what the page must show of
//! it: text, nothing run, nothing pushed out of the main area sideways.

use serde_json::Value;

use super::App;

pub const IMG: &str = r#"<img src=x onerror="window.__pwned=1;document.title='PWNED'">"#;
pub const SCRIPT: &str = "<script>window.__pwned=2;document.title='PWNED'</script>";
pub const JS_URL: &str = "javascript:window.__pwned=3";
pub const RTL: &str = "\u{202E}fdp.exe\u{202C} \u{200F}مرحبا\u{200F}";
pub const EMOJI: &str = "🏛️📊✅👩🏽‍💻";
pub const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"klik\")";

pub fn hostile(label: &str) -> String {
    format!("{label} {IMG} {SCRIPT} {JS_URL} {RTL} {EMOJI}")
}

/// A word of 280 letters: no space to break at.
pub fn long_word() -> String {
    "W".repeat(280)
}

/// What the page shows now: whether a payload ran, an element made from the text, and how far
/// the main area and the page scroll sideways.
pub async fn inspect(app: &App, title: &str, view: &str) -> Value {
    let script = r#"
        const main = document.getElementById('view');
        const made = document.querySelectorAll('img[src="x"], main script, [onerror]').length;
        const links = [...document.querySelectorAll('a[href]')].filter((a) => /^\s*javascript:/i.test(a.getAttribute('href'))).length;
        return {
            pwned: window.__pwned === undefined ? null : String(window.__pwned),
            title: document.title,
            made, links,
            main_overflow: main.scrollWidth - main.clientWidth,
            // The innermost element that reaches past the main area's right edge, to name it.
            widest: (() => {
                const edge = main.getBoundingClientRect().right + 1;
                const past = [...main.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > edge);
                const inner = past.filter((e) => !past.some((o) => o !== e && e.contains(o)));
                return inner.slice(0, 3).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join('.')} «${(e.textContent || '').slice(0, 40)}»`).join(' | ');
            })(),
            page_overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            text: document.body.innerText,
            values: [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'),
        };
    "#;
    let mut v = app.client.execute(script, vec![]).await.unwrap();
    assert_eq!(v["pwned"], Value::Null, "{view}: a payload ran");
    assert_eq!(v["title"], title, "{view}: the title changed");
    assert_eq!(v["made"], 0, "{view}: an element was made from the text");
    assert_eq!(v["links"], 0, "{view}: a javascript: link");
    assert!(
        v["main_overflow"].as_i64().unwrap() <= 1,
        "{view}: the main area scrolls sideways by {}: {}",
        v["main_overflow"],
        v["widest"]
    );
    assert!(v["page_overflow"].as_i64().unwrap() <= 1, "{view}: the page scrolls sideways by {}", v["page_overflow"]);
    let all = format!("{}\n{}", v["text"].as_str().unwrap(), v["values"].as_str().unwrap());
    v["all"] = all.into();
    v
}

pub fn shows(v: &Value, needle: &str) -> bool {
    v["all"].as_str().unwrap().contains(needle)
}
