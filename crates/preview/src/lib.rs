//! A PDF's pages as PNG images, for showing a preview inside the app when the computer has no
//! PDF viewer (or opening one failed). Rendering is hayro's, in pure Rust: no system library,
//! no GPU, nothing that runs in the webview. The documents Living Lab makes embed their fonts,
//! so no fallback fonts are shipped; a page that cannot be read is an error, never a panic.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{render, PixmapSettings, RenderCache, RenderSettings};
use livinglab_core::{Error, ErrorCode, Result};

/// The widest page image drawn, in pixels (a page on a large screen at twice its pixels).
pub const MAX_WIDTH: u32 = 2400;

/// A PDF opened for its pages.
pub struct Preview {
    pdf: Pdf,
}

/// One page drawn: a PNG and its size in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageImage {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn failed(detail: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::DocumentFailed).with("detail", detail)
}

impl Preview {
    /// Reads a PDF; `document.failed` when it cannot be read.
    pub fn new(bytes: Vec<u8>) -> Result<Preview> {
        let pdf = Pdf::new(bytes).map_err(|e| failed(format!("the PDF cannot be read for a preview: {e:?}")))?;
        if pdf.pages().is_empty() {
            return Err(failed("the PDF has no pages"));
        }
        Ok(Preview { pdf })
    }

    pub fn page_count(&self) -> usize {
        self.pdf.pages().len()
    }

    /// Page `index` (from 0) drawn `width` pixels wide (at most [`MAX_WIDTH`]) on white.
    pub fn page_png(&self, index: usize, width: u32) -> Result<PageImage> {
        let pages = self.pdf.pages();
        let page = pages.get(index).ok_or_else(|| failed(format!("there is no page {}", index + 1)))?;
        let (w, _) = page.render_dimensions();
        let scale = (width.clamp(200, MAX_WIDTH) as f32) / w.max(1.0);
        let settings = PixmapSettings { x_scale: scale, y_scale: scale, bg_color: WHITE };
        let cache = RenderCache::new();
        let pixmap = render(page, &cache, &InterpreterSettings::default(), &RenderSettings::default(), &settings);
        let (width, height) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
        let png = pixmap.into_png().map_err(|e| failed(format!("the page image cannot be written: {e:?}")))?;
        Ok(PageImage { png, width, height })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page A4 PDF with a black square in its top left corner, written by hand.
    fn square_pdf() -> Vec<u8> {
        let content = b"0 0 0 rg 50 742 50 50 re f";
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_string(),
            format!("<< /Length {} >>\nstream\n{}\nendstream", content.len(), String::from_utf8_lossy(content)),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
        );
        out
    }

    #[test]
    fn a_page_becomes_a_png_of_the_asked_width() {
        let p = Preview::new(square_pdf()).unwrap();
        assert_eq!(p.page_count(), 1);
        let img = p.page_png(0, 595).unwrap();
        assert!(img.png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(img.width, 595);
        assert!((841..=843).contains(&img.height), "{}", img.height);
        let wide = p.page_png(0, 100_000).unwrap();
        assert_eq!(wide.width, MAX_WIDTH, "the width is capped");
    }

    #[test]
    fn what_is_not_a_pdf_or_not_a_page_is_an_error() {
        assert_eq!(Preview::new(b"not a pdf".to_vec()).err().unwrap().code, ErrorCode::DocumentFailed);
        let p = Preview::new(square_pdf()).unwrap();
        assert_eq!(p.page_png(1, 600).unwrap_err().code, ErrorCode::DocumentFailed);
    }
}
