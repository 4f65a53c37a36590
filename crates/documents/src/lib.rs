//! Living Lab documents: what leaves the app on paper or as a file. The Excel export of a
//! period; the charts (drawn once with plotters, as SVG for the UI and into the PDFs); the
//! commitment letter and the progress report as native PDFs; the hub's recap report.

pub mod charts;
pub mod checklist;
pub mod common;
pub mod cover;
pub mod dashboard;
pub mod enrolment;
pub mod fonts;
pub mod hub;
pub mod letter;
pub mod pdf;
pub mod recap;
pub mod report;
pub mod sample;
pub mod seal;
pub mod xlsx;

use std::path::Path;

use livinglab_core::followup::ActionStatus;
use livinglab_core::{Error, Lang, Result};
use livinglab_store::Workspace;

/// Writes a finished document next to its destination and renames it into place, so that an
/// interrupted write never leaves a half file under the user's chosen name.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("document");
    let tmp = dir.join(format!(".{name}.part"));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(format!("write {}", path.display()), e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(format!("write {}", path.display()), e)
    })
}

/// The follow-up actions the commitment letter promises: those of the latest period that are
/// planned or running and not past their due date (a letter never promises "on schedule" what
/// is already late), as "title (due date)".
pub fn actions_for_letter(ws: &Workspace, lang: Lang, today: time::Date) -> Result<Vec<String>> {
    let Some(period) = ws.periods()?.pop() else { return Ok(Vec::new()) };
    Ok(ws
        .actions(period.year)?
        .into_iter()
        .filter(|a| matches!(a.status, ActionStatus::Rencana | ActionStatus::Berjalan) && !a.is_overdue(today))
        .map(|a| {
            let due = livinglab_core::format::parse_date(&a.due)
                .map(|d| livinglab_core::format::date_long(d, lang))
                .unwrap_or(a.due.clone());
            format!("{} ({})", a.title, common::text_with(lang, "doc.letter.due", &[("date", due)]))
        })
        .collect())
}
