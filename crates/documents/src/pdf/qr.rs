//! A QR code drawn as vector squares (sharp at any print size), with its quiet zone.

use qrcode::{Color, EcLevel, QrCode};

use super::Doc;

/// Draws a QR code of `data` with its top-left at (x, y), `size` mm wide including the quiet zone.
pub fn draw(doc: &mut Doc, data: &str, x: f32, y: f32, size: f32) -> Result<(), String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).map_err(|e| e.to_string())?;
    let n = code.width();
    let quiet = 4;
    let module = size / (n + 2 * quiet) as f32;
    let colors = code.to_colors();
    doc.fill_rect(x, y, size, size, (255, 255, 255));
    for row in 0..n {
        // Runs of dark modules on a row become one rectangle.
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == Color::Dark {
                    col += 1;
                }
                let (mx, my) = (x + (quiet + start) as f32 * module, y + (quiet + row) as f32 * module);
                // A hair of overlap so that no white seam shows between runs.
                doc.fill_rect(mx, my, (col - start) as f32 * module + 0.02, module + 0.02, (0, 0, 0));
            } else {
                col += 1;
            }
        }
    }
    Ok(())
}
