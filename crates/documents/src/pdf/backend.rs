//! A plotters drawing backend that writes printpdf operations: the charts of the UI, drawn by
//! the same code, become vector graphics with embedded text in the PDF.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
};
use printpdf::{
    Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt, TextItem, WindingOrder,
};

use super::{rgb, Face, Fonts, PT_PER_MM};

#[derive(Debug)]
pub struct PdfBackendError;

impl std::fmt::Display for PdfBackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("pdf chart backend error")
    }
}

impl std::error::Error for PdfBackendError {}

/// Draws into `ops`, placing canvas pixel (0, 0) at `origin` (mm from the page's top-left),
/// one pixel being `scale` mm, on a page `page_height` mm high.
pub struct PdfBackend<'a> {
    ops: &'a mut Vec<Op>,
    fonts: &'a Fonts,
    origin: (f32, f32),
    scale: f32,
    size: (u32, u32),
    page_height: f32,
}

impl<'a> PdfBackend<'a> {
    pub fn new(
        ops: &'a mut Vec<Op>,
        fonts: &'a Fonts,
        origin: (f32, f32),
        scale: f32,
        size: (u32, u32),
        page_height: f32,
    ) -> Self {
        PdfBackend { ops, fonts, origin, scale, size, page_height }
    }

    fn point(&self, (x, y): BackendCoord) -> Point {
        let mm_x = self.origin.0 + x as f32 * self.scale;
        let mm_y = self.origin.1 + y as f32 * self.scale;
        Point { x: Pt(mm_x * PT_PER_MM), y: Pt((self.page_height - mm_y) * PT_PER_MM) }
    }

    /// Colours with transparency are blended onto white (charts sit on white paper).
    fn color(c: BackendColor) -> (u8, u8, u8) {
        let blend = |v: u8| (v as f64 * c.alpha + 255.0 * (1.0 - c.alpha)).round() as u8;
        (blend(c.rgb.0), blend(c.rgb.1), blend(c.rgb.2))
    }

    fn face(style: FontStyle) -> Face {
        match style {
            FontStyle::Bold => Face::SansBold,
            FontStyle::Italic | FontStyle::Oblique => Face::SansItalic,
            FontStyle::Normal => Face::Sans,
        }
    }

    fn stroke(&mut self, points: Vec<Point>, color: BackendColor, width: u32, closed: bool) {
        if color.alpha <= 0.0 {
            return;
        }
        self.ops.push(Op::SetOutlineColor { col: rgb(Self::color(color)) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt((width.max(1) as f32 * self.scale * PT_PER_MM).max(0.3)) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: points.into_iter().map(|p| LinePoint { p, bezier: false }).collect(),
                is_closed: closed,
            },
        });
    }

    fn fill(&mut self, points: Vec<Point>, color: BackendColor) {
        if color.alpha <= 0.0 {
            return;
        }
        self.ops.push(Op::SetFillColor { col: rgb(Self::color(color)) });
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: points.into_iter().map(|p| LinePoint { p, bezier: false }).collect(),
                }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }
}

type R = Result<(), DrawingErrorKind<PdfBackendError>>;

impl DrawingBackend for PdfBackend<'_> {
    type ErrorType = PdfBackendError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> R {
        Ok(())
    }

    fn present(&mut self) -> R {
        Ok(())
    }

    fn draw_pixel(&mut self, p: BackendCoord, color: BackendColor) -> R {
        let pts =
            vec![self.point(p), self.point((p.0 + 1, p.1)), self.point((p.0 + 1, p.1 + 1)), self.point((p.0, p.1 + 1))];
        self.fill(pts, color);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> R {
        let pts = vec![self.point(from), self.point(to)];
        self.stroke(pts, style.color(), style.stroke_width(), false);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(&mut self, ul: BackendCoord, br: BackendCoord, style: &S, fill: bool) -> R {
        let pts = vec![self.point(ul), self.point((br.0, ul.1)), self.point(br), self.point((ul.0, br.1))];
        if fill {
            self.fill(pts, style.color());
        } else {
            self.stroke(pts, style.color(), style.stroke_width(), true);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> R {
        let pts: Vec<Point> = path.into_iter().map(|p| self.point(p)).collect();
        if pts.len() >= 2 {
            self.stroke(pts, style.color(), style.stroke_width(), false);
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> R {
        let n = 28;
        let pts: Vec<Point> = (0..n)
            .map(|k| {
                let a = std::f64::consts::TAU * k as f64 / n as f64;
                let x = center.0 as f64 + radius as f64 * a.cos();
                let y = center.1 as f64 + radius as f64 * a.sin();
                let mm_x = self.origin.0 + x as f32 * self.scale;
                let mm_y = self.origin.1 + y as f32 * self.scale;
                Point { x: Pt(mm_x * PT_PER_MM), y: Pt((self.page_height - mm_y) * PT_PER_MM) }
            })
            .collect();
        if fill {
            self.fill(pts, style.color());
        } else {
            self.stroke(pts, style.color(), style.stroke_width(), true);
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> R {
        let pts: Vec<Point> = vert.into_iter().map(|p| self.point(p)).collect();
        if pts.len() >= 3 {
            self.fill(pts, style.color());
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> R {
        let face = Self::face(style.style());
        let size_pt = style.size() as f32 * self.scale * PT_PER_MM;
        let width_mm = self.fonts.width(face, text, size_pt);
        let height_mm = size_pt / PT_PER_MM;
        let (x, y) = (self.origin.0 + pos.0 as f32 * self.scale, self.origin.1 + pos.1 as f32 * self.scale);
        let anchor = style.anchor();
        let x = match anchor.h_pos {
            HPos::Left => x,
            HPos::Center => x - width_mm / 2.0,
            HPos::Right => x - width_mm,
        };
        // The baseline sits about 0.78 of the size below the top of the text.
        let baseline = match anchor.v_pos {
            VPos::Top => y + height_mm * 0.78,
            VPos::Center => y + height_mm * 0.30,
            VPos::Bottom => y - height_mm * 0.22,
        };
        let color = Self::color(style.color());
        let font = self.fonts.id(face);
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor { col: rgb(color) });
        self.ops.push(Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size_pt) });
        self.ops.push(Op::SetTextCursor {
            pos: Point { x: Pt(x * PT_PER_MM), y: Pt((self.page_height - baseline) * PT_PER_MM) },
        });
        self.ops.push(Op::ShowText { items: vec![TextItem::Text(text.to_string())] });
        self.ops.push(Op::EndTextSection);
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<PdfBackendError>> {
        // Measured in canvas pixels with the same metrics the PDF text uses.
        let face = Self::face(style.style());
        let size_px = style.size() as f32;
        // Measured with the metrics the PDF text uses: mm at `size_px` points, read back in pixels.
        let width_px = self.fonts.width(face, text, size_px) * PT_PER_MM;
        Ok((width_px.ceil() as u32, size_px.ceil() as u32))
    }
}
