//! Living Lab documents: what leaves the app on paper or as a file. The Excel export of a
//! period; the charts (drawn once with plotters, as SVG for the UI and into the PDFs); the
//! commitment letter and the progress report as native PDFs.

pub mod charts;
pub mod dashboard;
pub mod xlsx;

use std::path::Path;

use livinglab_core::{Error, Result};

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
