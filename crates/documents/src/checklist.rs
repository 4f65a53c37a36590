//! What to look at before a document goes to its signer: the letterhead's emblems, and for a
//! report the indicators not yet assessed, the ones without evidence and the actions that are
//! late. None of it stops the issue (an office may have to send what it has); each item is said
//! in the user's language, so the app asks first and the CLI warns.

use std::collections::HashSet;

use livinglab_core::i18n::Lang;
use livinglab_core::Result;
use livinglab_store::Workspace;
use time::Date;

use crate::common::{text, text_with, KopStyle};
use crate::letter::LetterSettings;

/// How many names an item lists before it says how many more there are.
const NAMED: usize = 5;

/// Before a commitment letter: the emblem its kop needs.
pub fn letter(ws: &Workspace, lang: Lang) -> Result<Vec<String>> {
    let settings: LetterSettings = ws.setting("letter")?;
    let mut items = Vec::new();
    match settings.kop {
        KopStyle::Jabatan if ws.national_emblem_info()?.is_none() => {
            items.push(text(lang, "doc.check.national_emblem_missing"))
        }
        KopStyle::Instansi if ws.emblem_info()?.is_none() => items.push(text(lang, "doc.check.emblem_missing")),
        _ => {}
    }
    Ok(items)
}

/// Before the progress report of period `year`: what an evaluator would find missing.
pub fn report(ws: &Workspace, year: i32, lang: Lang, today: Date) -> Result<Vec<String>> {
    let period = ws.period(year)?;
    let fw = ws.period_framework(&period)?;
    let mut items = Vec::new();
    if ws.emblem_info()?.is_none() {
        items.push(text(lang, "doc.check.emblem_missing"));
    }
    let assessed: HashSet<String> =
        ws.assessments(year)?.into_iter().filter(|a| a.level.is_some()).map(|a| a.indicator).collect();
    let unassessed: Vec<String> = fw
        .indicators
        .iter()
        .filter(|i| !assessed.contains(&i.id))
        .map(|i| format!("{} ({})", i.number, i.name.get(lang)))
        .collect();
    if !unassessed.is_empty() {
        items.push(text_with(
            lang,
            "doc.check.unassessed",
            &[
                ("n", unassessed.len().to_string()),
                ("of", fw.indicators.len().to_string()),
                ("list", named(lang, &unassessed)),
            ],
        ));
    }
    let backed: HashSet<String> = ws.evidence(year, None)?.into_iter().map(|e| e.indicator).collect();
    let bare: Vec<String> = fw
        .indicators
        .iter()
        .filter(|i| assessed.contains(&i.id) && !backed.contains(&i.id))
        .map(|i| i.number.to_string())
        .collect();
    if !bare.is_empty() {
        items.push(text_with(
            lang,
            "doc.check.no_evidence",
            &[("n", bare.len().to_string()), ("list", named(lang, &bare))],
        ));
    }
    let late: Vec<String> = ws
        .actions(year)?
        .into_iter()
        .filter(|a| a.is_overdue(today))
        .map(|a| {
            let due = livinglab_core::format::parse_date(&a.due)
                .map(|d| livinglab_core::format::date_long(d, lang))
                .unwrap_or(a.due.clone());
            format!("{} ({})", a.title, text_with(lang, "doc.letter.due", &[("date", due)]))
        })
        .collect();
    if !late.is_empty() {
        items.push(text_with(
            lang,
            "doc.check.overdue",
            &[("n", late.len().to_string()), ("list", named(lang, &late))],
        ));
    }
    Ok(items)
}

/// "a, b, c, d, e dan 3 lainnya".
fn named(lang: Lang, names: &[String]) -> String {
    // One more name is shorter than "and 1 more".
    match names.len().saturating_sub(NAMED) {
        0 | 1 => names.join(", "),
        more => {
            let shown = names[..NAMED].join(", ");
            text_with(lang, "doc.check.and_more", &[("list", shown), ("n", more.to_string())])
        }
    }
}
