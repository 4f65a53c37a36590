//! A small flow-layout engine over printpdf: A4 pages with margins (portrait, or landscape for
//! a wide table), wrapped and justified paragraphs, tables that repeat their header and never
//! split a row, with optional tinted cells (a heat map), images, plotters charts as vector
//! graphics, a vector QR code, and a footer with "Halaman i dari n" on every page.
//!
//! Positions are in millimetres from the top-left corner of the page; text is measured with
//! the metrics of the embedded fonts, so wrapping matches what is printed.
//!
//! What a document embeds is kept small: each font as a subset of the glyphs its text shows
//! (`subset`), each distinct image once however often it is placed.

pub mod backend;
pub mod qr;
pub mod subset;

use std::collections::HashMap;

use printpdf::{
    Color, ExtendedGraphicsState, ExtendedGraphicsStateId, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, Rect, Rgb,
    TextItem, TextMatrix, WindingOrder, XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

pub const A4_WIDTH: f32 = 210.0;
pub const A4_HEIGHT: f32 = 297.0;
const PT_PER_MM: f32 = 72.0 / 25.4;

/// The faces embedded in every document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Sans,
    SansBold,
    SansItalic,
    Serif,
    SerifBold,
}

impl Face {
    const ALL: [Face; 5] = [Face::Sans, Face::SansBold, Face::SansItalic, Face::Serif, Face::SerifBold];

    /// The font file of the face.
    pub fn file(self) -> &'static [u8] {
        use crate::fonts::*;
        match self {
            Face::Sans => LIBERATION_SANS_REGULAR,
            Face::SansBold => LIBERATION_SANS_BOLD,
            Face::SansItalic => LIBERATION_SANS_ITALIC,
            Face::Serif => TEX_GYRE_BONUM_REGULAR,
            Face::SerifBold => TEX_GYRE_BONUM_BOLD,
        }
    }
}

/// The typeface family of a document: Arial-metric (correspondence) or Bookman-metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Typeface {
    #[default]
    Sans,
    Serif,
}

impl Typeface {
    pub fn regular(self) -> Face {
        match self {
            Typeface::Sans => Face::Sans,
            Typeface::Serif => Face::Serif,
        }
    }
    pub fn bold(self) -> Face {
        match self {
            Typeface::Sans => Face::SansBold,
            Typeface::Serif => Face::SerifBold,
        }
    }
}

/// Advance widths of a font, for measuring text.
pub struct Metrics {
    units_per_em: f32,
    /// The advances of U+0000–U+00FF, where nearly every character of a document is: text is
    /// measured far more often than it is shown, and an array beats hashing each character.
    latin: [u16; 256],
    /// Advances of the other characters, looked up the first time each is measured.
    advances: std::cell::RefCell<std::collections::HashMap<char, u16>>,
    face: ttf_parser::Face<'static>,
}

impl Metrics {
    fn new(bytes: &'static [u8]) -> Metrics {
        let face = ttf_parser::Face::parse(bytes, 0).expect("embedded font parses");
        let mut latin = [0; 256];
        for (code, advance) in latin.iter_mut().enumerate() {
            *advance = Self::lookup(&face, char::from(code as u8));
        }
        Metrics { units_per_em: face.units_per_em() as f32, latin, advances: Default::default(), face }
    }

    fn lookup(face: &ttf_parser::Face, c: char) -> u16 {
        face.glyph_index(c).or_else(|| face.glyph_index('?')).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(0)
    }

    fn advance(&self, c: char) -> u16 {
        if let Some(a) = self.latin.get(c as usize) {
            return *a;
        }
        if let Some(a) = self.advances.borrow().get(&c) {
            return *a;
        }
        let a = Self::lookup(&self.face, c);
        self.advances.borrow_mut().insert(c, a);
        a
    }

    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| self.advance(c) as u32).sum();
        units as f32 / self.units_per_em * size / PT_PER_MM
    }

    /// The font's PostScript name, what the PDF calls it.
    fn postscript_name(&self) -> Option<String> {
        self.face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
    }
}

/// The fonts of a document, with their metrics. A face is embedded when the document is
/// finished, and then only as the subset of the glyphs it shows.
pub struct Fonts {
    faces: Vec<(Face, FontId, Metrics)>,
    /// The document's typeface: with Bookman chosen, text asked for in Sans is set in it too, so
    /// the choice holds for the whole document (headings, tables, notes).
    family: Typeface,
}

impl Fonts {
    fn new() -> Fonts {
        Fonts {
            faces: Face::ALL.iter().map(|&face| (face, FontId::new(), Metrics::new(face.file()))).collect(),
            family: Typeface::Sans,
        }
    }

    /// The face text asked for in `face` is set in, in the document's typeface.
    fn resolve(&self, face: Face) -> Face {
        match (self.family, face) {
            (Typeface::Serif, Face::Sans) => Face::Serif,
            (Typeface::Serif, Face::SansBold) => Face::SerifBold,
            _ => face,
        }
    }

    /// printpdf's reading of a face (its character map, widths, metrics), without the file's bytes.
    fn parsed(face: Face) -> &'static ParsedFont {
        // Parsing the five faces is most of the cost of a short document: do it once per process.
        // The bytes are dropped: they are in the binary, and a subset is cut from there.
        static PARSED: std::sync::OnceLock<Vec<ParsedFont>> = std::sync::OnceLock::new();
        let parsed = PARSED.get_or_init(|| {
            Face::ALL
                .iter()
                .map(|face| {
                    let font = ParsedFont::from_bytes(face.file(), 0, &mut Vec::new()).expect("embedded font parses");
                    ParsedFont { original_bytes: Vec::new(), ..font }
                })
                .collect()
        });
        &parsed[Face::ALL.iter().position(|f| *f == face).expect("every face is listed")]
    }

    pub fn id(&self, face: Face) -> FontId {
        let face = self.resolve(face);
        self.faces.iter().find(|(f, ..)| *f == face).map(|(_, id, _)| id.clone()).expect("every face is listed")
    }

    pub fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        let face = self.resolve(face);
        self.faces.iter().find(|(f, ..)| *f == face).map(|(.., m)| m.width(text, size)).unwrap_or(0.0)
    }

    /// Adds to `pdf` each face that `pages` show text in, as the subset of the glyphs shown.
    fn embed(&self, pdf: &mut PdfDocument, pages: &[PdfPage]) {
        for (id, chars) in subset::chars_shown(pages) {
            let Some((face, _, metrics)) = self.faces.iter().find(|(_, i, _)| *i == id) else { continue };
            let name = metrics.postscript_name().unwrap_or_else(|| format!("{face:?}"));
            let font = Self::parsed(*face);
            let embedded = subset::subset(font, face.file(), &name, &chars).unwrap_or_else(|_| {
                // The subsetter refusing a glyph set would be a bug there: the page stays right
                // with the whole font.
                ParsedFont { original_bytes: face.file().to_vec(), font_name: Some(name), ..font.clone() }
            });
            pdf.resources.fonts.map.insert(id, PdfFont::new(embedded));
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub align: Align,
    /// Line height as a multiple of the size.
    pub leading: f32,
    /// Space after the paragraph, mm.
    pub after: f32,
    /// Left indent of every line, mm.
    pub indent: f32,
    pub color: (u8, u8, u8),
}

impl Style {
    pub fn new(face: Face, size: f32) -> Style {
        Style { face, size, align: Align::Left, leading: 1.3, after: 0.0, indent: 0.0, color: INK }
    }
    pub fn align(mut self, a: Align) -> Style {
        self.align = a;
        self
    }
    pub fn after(mut self, mm: f32) -> Style {
        self.after = mm;
        self
    }
    pub fn indent(mut self, mm: f32) -> Style {
        self.indent = mm;
        self
    }
    pub fn leading(mut self, l: f32) -> Style {
        self.leading = l;
        self
    }
    pub fn color(mut self, c: (u8, u8, u8)) -> Style {
        self.color = c;
        self
    }
    pub fn line_height(&self) -> f32 {
        self.size * self.leading / PT_PER_MM
    }
}

pub const INK: (u8, u8, u8) = (0x1A, 0x1A, 0x1A);
pub const MUTED: (u8, u8, u8) = (0x5F, 0x6F, 0x6B);
pub const GREEN: (u8, u8, u8) = (0x0F, 0x5D, 0x4E);
/// For what a reader must not miss (a provisional index).
pub const RED: (u8, u8, u8) = (0xA3, 0x2A, 0x1F);
pub const RULE: (u8, u8, u8) = (0xB8, 0xC4, 0xC0);
/// The watermark's colour, drawn faint.
const WATERMARK: (u8, u8, u8) = (0xB4, 0x23, 0x18);
pub const HEADER_FILL: (u8, u8, u8) = (0xE3, 0xF1, 0xED);
/// Padding inside table cells, mm.
const TABLE_PAD: f32 = 1.6;
/// Padding inside the cells of a dense table (a heat map of many narrow columns), mm.
pub const DENSE_PAD: f32 = 0.6;

pub fn rgb((r, g, b): (u8, u8, u8)) -> Color {
    Color::Rgb(Rgb { r: r as f32 / 255.0, g: g as f32 / 255.0, b: b as f32 / 255.0, icc_profile: None })
}

/// A column of a table.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, width: f32, align: Align) -> Column {
        Column { title: title.into(), width, align }
    }
}

/// What the footer of every page shows.
#[derive(Debug, Clone, Default)]
pub struct Footer {
    /// "Halaman {page} dari {pages}" in the document's language.
    pub page_label: String,
    /// A short line identifying the document (workspace, kind, number, hash).
    pub verification: String,
    /// Words set large and faint across every page ("PRATINJAU", "CONTOH"): a page that is not
    /// an issued original says so where no one can miss it.
    pub watermark: Option<String>,
}

/// A document being laid out.
pub struct Doc {
    pub pdf: PdfDocument,
    pub fonts: Fonts,
    /// Each page's drawing operations and how it is turned.
    pages: Vec<(Vec<Op>, Orientation)>,
    /// Vertical position of the flow on the current page, mm from the top.
    pub y: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
    /// The margins: top, right, bottom, left (mm), on a page of either orientation.
    margins: (f32, f32, f32, f32),
    /// The height of the current page, mm (positions are measured from its top).
    page_height: f32,
    footer: Footer,
    /// Rows of the next table set in bold on a tint (e.g. domains above their aspects).
    emphasis: Vec<bool>,
    /// Cell tints of the next table, by row and column (a heat map); None leaves a cell white.
    cell_fills: Vec<Vec<Option<(u8, u8, u8)>>>,
    /// Padding inside the cells of the table being set, mm.
    pad: f32,
    /// The images placed so far, by the SHA-256 of their file, with their size in pixels: a
    /// picture placed twice (the emblem on a report's cover and in its kop) is embedded once.
    images: HashMap<[u8; 32], (XObjectId, f32, f32)>,
}

fn pt(mm: f32) -> Pt {
    Pt(mm * PT_PER_MM)
}

/// How a page is turned: A4 upright, or A4 on its side for a table too wide to stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

impl Orientation {
    /// Width and height of the page, mm.
    pub fn size(self) -> (f32, f32) {
        match self {
            Orientation::Portrait => (A4_WIDTH, A4_HEIGHT),
            Orientation::Landscape => (A4_HEIGHT, A4_WIDTH),
        }
    }
}

impl Doc {
    /// An A4 document with the given margins (mm): top, right, bottom, left.
    pub fn new(title: &str, margins: (f32, f32, f32, f32), footer: Footer) -> Doc {
        let mut pdf = PdfDocument::new(title);
        let now = printpdf::OffsetDateTime::from_unix_timestamp(time::OffsetDateTime::now_utc().unix_timestamp())
            .unwrap_or_else(|_| printpdf::OffsetDateTime::now_utc());
        pdf.metadata.info.creation_date = now;
        pdf.metadata.info.modification_date = now;
        pdf.metadata.info.metadata_date = now;
        pdf.metadata.info.producer = "Living Lab (printpdf)".into();
        let fonts = Fonts::new();
        let (top, right, bottom, left) = margins;
        Doc {
            pdf,
            fonts,
            pages: vec![(Vec::new(), Orientation::Portrait)],
            y: top,
            left,
            right: A4_WIDTH - right,
            top,
            bottom: A4_HEIGHT - bottom,
            margins,
            page_height: A4_HEIGHT,
            footer,
            emphasis: Vec::new(),
            cell_fills: Vec::new(),
            pad: TABLE_PAD,
            images: HashMap::new(),
        }
    }

    /// Sets the whole document in `typeface` (see [`Fonts`]).
    pub fn set_typeface(&mut self, typeface: Typeface) {
        self.fonts.family = typeface;
    }

    /// A point (x, y mm from the top-left of the current page) in PDF coordinates.
    fn point(&self, x: f32, y_from_top: f32) -> Point {
        Point { x: pt(x), y: pt(self.page_height - y_from_top) }
    }

    /// How the current page is turned.
    pub fn orientation(&self) -> Orientation {
        self.pages.last().map(|(_, o)| *o).unwrap_or_default()
    }

    pub fn width(&self) -> f32 {
        self.right - self.left
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.pages.last_mut().expect("a document has a page").0
    }

    /// A new page turned as the current one.
    pub fn new_page(&mut self) {
        self.pages.push((Vec::new(), self.orientation()));
        self.y = self.top;
    }

    /// A new page turned as asked; the pages after it keep that orientation. The current page
    /// is turned instead when nothing is drawn on it yet.
    pub fn new_page_turned(&mut self, orientation: Orientation) {
        let blank = self.pages.last().is_some_and(|(ops, _)| ops.is_empty());
        if blank {
            self.pages.last_mut().expect("a document has a page").1 = orientation;
        } else {
            self.pages.push((Vec::new(), orientation));
        }
        self.turn(orientation);
    }

    /// Sets the page size, margins and flow position for a page turned as `orientation`.
    fn turn(&mut self, orientation: Orientation) {
        let (w, h) = orientation.size();
        let (top, right, bottom, left) = self.margins;
        (self.left, self.right, self.top, self.bottom, self.page_height) = (left, w - right, top, h - bottom, h);
        self.y = self.top;
    }

    /// Starts a new page unless `height` mm still fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom && self.y > self.top + 0.1 {
            self.new_page();
        }
    }

    pub fn space(&mut self, mm: f32) {
        self.y += mm;
    }

    /// One run of text with its baseline at (x, y).
    pub fn text_at(&mut self, x: f32, baseline: f32, face: Face, size: f32, color: (u8, u8, u8), text: &str) {
        self.text_items_at(x, baseline, face, size, color, vec![TextItem::Text(text.to_string())]);
    }

    fn text_items_at(
        &mut self,
        x: f32,
        baseline: f32,
        face: Face,
        size: f32,
        color: (u8, u8, u8),
        items: Vec<TextItem>,
    ) {
        let font = self.fonts.id(face);
        let pos = self.point(x, baseline);
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor { col: rgb(color) });
        ops.push(Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) });
        ops.push(Op::SetTextCursor { pos });
        ops.push(Op::ShowText { items });
        ops.push(Op::EndTextSection);
    }

    /// Text aligned within [x, x + width] on one line (no wrapping).
    #[allow(clippy::too_many_arguments)] // a positioned, aligned, coloured run: each argument is needed
    pub fn text_in(
        &mut self,
        x: f32,
        width: f32,
        baseline: f32,
        face: Face,
        size: f32,
        align: Align,
        color: (u8, u8, u8),
        text: &str,
    ) {
        let w = self.fonts.width(face, text, size);
        let x = match align {
            Align::Left | Align::Justify => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        self.text_at(x, baseline, face, size, color, text);
    }

    /// Splits `text` into lines no wider than `width` mm (hard line breaks kept).
    pub fn wrap(&self, text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.fonts.width(face, &candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the line (a file name, a hash) is broken after the last
                // separator that fits ("laporan_2025_", "-", ".", "/"), else by characters.
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.fonts.width(face, &piece, size) > width && piece.chars().count() > 1 {
                        let at = piece[..piece.len() - c.len_utf8()]
                            .char_indices()
                            .filter(|(i, ch)| *i > 0 && matches!(ch, '_' | '-' | '.' | '/' | '\\'))
                            .map(|(i, ch)| i + ch.len_utf8())
                            .next_back();
                        let rest = match at {
                            Some(at) => piece.split_off(at),
                            None => {
                                piece.pop();
                                c.to_string()
                            }
                        };
                        lines.push(std::mem::replace(&mut piece, rest));
                    }
                }
                line = piece;
            }
            lines.push(line);
        }
        lines
    }

    /// Splits a text without spaces (a key, a hash) into lines that fill `width` mm each: no
    /// separator is a better break than another in it, and even lines read back best.
    pub fn wrap_anywhere(&self, text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
        let mut lines = vec![String::new()];
        for c in text.chars() {
            let line = lines.last_mut().expect("one line at least");
            line.push(c);
            if self.fonts.width(face, line, size) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(c.to_string());
            }
        }
        lines
    }

    /// The height `paragraph` takes for `text` in `style`, mm, to keep it with what follows.
    pub fn paragraph_height(&self, text: &str, style: Style) -> f32 {
        let lines = self.wrap(text, style.face, style.size, self.width() - style.indent).len();
        lines as f32 * style.line_height() + style.after
    }

    /// Sets one line at the flow position, justified to `width` when asked (and not last).
    fn set_line(&mut self, x: f32, width: f32, baseline: f32, style: &Style, line: &str, justify: bool) {
        let natural = self.fonts.width(style.face, line, style.size);
        let gaps = line.matches(' ').count() as f32;
        let extra_mm = (width - natural) / gaps.max(1.0);
        // A line before a long unbreakable word (a key, a file name) is set ragged rather than
        // stretched into rivers: with few words no gap grows past half the type size. A line of
        // five gaps or more ("… secara berkala kepada Pemerintah / Kabupaten …") is filled, as
        // an office's word processor fills it, up to the type size per gap.
        let limit = if gaps >= 5.0 { 1.0 } else { 0.5 };
        let stretch_ok = extra_mm <= style.size / PT_PER_MM * limit;
        if justify && style.align == Align::Justify && line.contains(' ') && stretch_ok {
            // TJ offsets are in thousandths of the font size; negative moves right.
            let offset = -(extra_mm * PT_PER_MM) / style.size * 1000.0;
            let mut items = Vec::new();
            let words: Vec<&str> = line.split(' ').collect();
            for (i, word) in words.iter().enumerate() {
                let text = if i + 1 < words.len() { format!("{word} ") } else { word.to_string() };
                items.push(TextItem::Text(text));
                if i + 1 < words.len() {
                    items.push(TextItem::Offset(offset));
                }
            }
            self.text_items_at(x, baseline, style.face, style.size, style.color, items);
        } else {
            let align = if style.align == Align::Justify { Align::Left } else { style.align };
            self.text_in(x, width, baseline, style.face, style.size, align, style.color, line);
        }
    }

    /// A wrapped paragraph at the flow position, breaking pages between lines.
    pub fn paragraph(&mut self, text: &str, style: Style) {
        self.paragraph_in(self.left + style.indent, self.width() - style.indent, text, style);
    }

    /// As `paragraph`, within [x, x + width].
    pub fn paragraph_in(&mut self, x: f32, width: f32, text: &str, style: Style) {
        let lines = self.wrap(text, style.face, style.size, width);
        let lh = style.line_height();
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh);
            let baseline = self.y + style.size / PT_PER_MM * 0.8 + (lh - style.size / PT_PER_MM) / 2.0;
            let last_of_para = i + 1 == n || line.is_empty();
            self.set_line(x, width, baseline, &style, line, !last_of_para);
            self.y += lh;
        }
        self.y += style.after;
    }

    /// A numbered or labelled item: the label in a hanging column, the text wrapped beside it.
    pub fn hanging(&mut self, label: &str, text: &str, label_width: f32, style: Style) {
        let x = self.left + style.indent;
        let lines = self.wrap(text, style.face, style.size, self.width() - style.indent - label_width);
        let lh = style.line_height();
        self.ensure(lh * lines.len().min(2) as f32);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh);
            let baseline = self.y + style.size / PT_PER_MM * 0.8 + (lh - style.size / PT_PER_MM) / 2.0;
            if i == 0 {
                self.text_at(x, baseline, style.face, style.size, style.color, label);
            }
            let w = self.width() - style.indent - label_width;
            self.set_line(x + label_width, w, baseline, &style, line, i + 1 < n);
            self.y += lh;
        }
        self.y += style.after;
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width_pt: f32, color: (u8, u8, u8)) {
        let points = vec![
            LinePoint { p: self.point(x1, y1), bezier: false },
            LinePoint { p: self.point(x2, y2), bezier: false },
        ];
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: rgb(color) });
        ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
        ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
    }

    /// A filled rectangle; (x, y) is its top-left corner.
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: (u8, u8, u8)) {
        let page_height = self.page_height;
        let ops = self.ops();
        ops.push(Op::SetFillColor { col: rgb(color) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(x),
                y: pt(page_height - y - h),
                width: pt(w),
                height: pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    pub fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, width_pt: f32, color: (u8, u8, u8)) {
        let page_height = self.page_height;
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: rgb(color) });
        ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(x),
                y: pt(page_height - y - h),
                width: pt(w),
                height: pt(h),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    pub fn polygon(&mut self, points: &[(f32, f32)], color: (u8, u8, u8)) {
        let points = points.iter().map(|&(x, y)| LinePoint { p: self.point(x, y), bezier: false }).collect();
        let ops = self.ops();
        ops.push(Op::SetFillColor { col: rgb(color) });
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// Places an image (PNG or JPEG) to fit in a `w` × `h` box with its top-left at (x, y),
    /// keeping its proportions; returns the size used. None when the bytes are not an image.
    pub fn image(&mut self, bytes: &[u8], x: f32, y: f32, w: f32, h: f32) -> Option<(f32, f32)> {
        let key: [u8; 32] = Sha256::digest(bytes).into();
        let (id, iw, ih) = match self.images.get(&key) {
            Some(placed) => placed.clone(),
            None => {
                let image = page_image(bytes)?;
                let placed = (self.pdf.add_image(&image), image.width as f32, image.height as f32);
                self.images.insert(key, placed.clone());
                placed
            }
        };
        let scale = (w / iw).min(h / ih);
        let (dw, dh) = (iw * scale, ih * scale);
        // At `dpi`, the image's natural size is the size wanted.
        let dpi = iw / (dw / 25.4);
        let (dx, dy) = (x + (w - dw) / 2.0, y + (h - dh) / 2.0);
        let page_height = self.page_height;
        self.ops().push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(pt(dx)),
                translate_y: Some(pt(page_height - dy - dh)),
                dpi: Some(dpi),
                ..Default::default()
            },
        });
        Some((dw, dh))
    }

    /// Marks which rows of the next table are emphasised (bold on a light tint).
    pub fn table_emphasis(&mut self, rows: &[bool]) {
        self.emphasis = rows.to_vec();
    }

    /// Tints cells of the next table: `fills[row][column]`, None for white.
    pub fn table_cell_fills(&mut self, fills: Vec<Vec<Option<(u8, u8, u8)>>>) {
        self.cell_fills = fills;
    }

    /// A dense table: `table_dense` sets the next one with [`DENSE_PAD`] inside its cells.
    pub fn table_dense(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        self.pad = DENSE_PAD;
        self.table(columns, rows, size);
        self.pad = TABLE_PAD;
    }

    /// A table at the flow position. The header repeats on every page the table reaches. A row
    /// that does not fit where it would start moves to the next page whole; only a row taller
    /// than a whole page is split, line by line, and continues on the next page under the
    /// repeated header.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        let header: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        let header = self.wrap_cells(columns, &header, Face::SansBold, size);
        let lh = Self::line_height_of(size);
        let header_h = self.height_of(&header, lh);
        let emphasis = std::mem::take(&mut self.emphasis);
        let cell_fills = std::mem::take(&mut self.cell_fills);
        let draw_header = |doc: &mut Doc| {
            doc.table_slice(columns, &header, 0..Self::lines_of(&header), Face::SansBold, size, Some(HEADER_FILL), &[])
        };
        // The header never stands alone at the foot of a page: it starts where its first row fits too.
        let first = rows.first().map(|r| self.row_height(columns, r, Face::Sans, size)).unwrap_or(0.0);
        self.ensure(header_h + first.min(self.bottom - self.top - header_h));
        draw_header(self);
        for (r, row) in rows.iter().enumerate() {
            let strong = emphasis.get(r).copied().unwrap_or(false);
            let (face, fill) = if strong { (Face::SansBold, Some((0xF3, 0xF8, 0xF6))) } else { (Face::Sans, None) };
            let wrapped = self.wrap_cells(columns, row, face, size);
            let (h, lines) = (self.height_of(&wrapped, lh), Self::lines_of(&wrapped));
            if self.y + h > self.bottom {
                let fits_a_page = header_h + h <= self.bottom - self.top;
                let a_line_fits_here = self.y + lh + 2.0 * self.pad <= self.bottom;
                if fits_a_page || !a_line_fits_here {
                    self.new_page();
                    draw_header(self);
                }
            }
            let mut from = 0;
            loop {
                let room = ((self.bottom - self.y - 2.0 * self.pad) / lh + 1e-3).floor().max(1.0) as usize;
                let to = (from + room).min(lines);
                let cells = cell_fills.get(r).map(Vec::as_slice).unwrap_or(&[]);
                self.table_slice(columns, &wrapped, from..to, face, size, fill, cells);
                if to == lines {
                    break;
                }
                from = to;
                self.new_page();
                draw_header(self);
            }
        }
    }

    /// The height a table would take set whole at `size`, header included, mm.
    pub fn table_height(&self, columns: &[Column], rows: &[Vec<String>], size: f32) -> f32 {
        let header: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        let head = self.row_height(columns, &header, Face::SansBold, size);
        head + rows.iter().map(|r| self.row_height(columns, r, Face::Sans, size)).sum::<f32>()
    }

    /// Lines `range` of a wrapped table row at the flow position: the text of each cell, an
    /// optional tint of the row and of single cells, the grid. The flow moves below it.
    #[allow(clippy::too_many_arguments)] // a slice of a row with its faces and tints: each is needed
    fn table_slice(
        &mut self,
        columns: &[Column],
        wrapped: &[Vec<String>],
        range: std::ops::Range<usize>,
        face: Face,
        size: f32,
        fill: Option<(u8, u8, u8)>,
        cell_fills: &[Option<(u8, u8, u8)>],
    ) {
        let lh = Self::line_height_of(size);
        let h = range.len() as f32 * lh + 2.0 * self.pad;
        let x0 = self.left;
        if let Some(color) = fill {
            let total: f32 = columns.iter().map(|c| c.width).sum();
            self.fill_rect(x0, self.y, total, h, color);
        }
        let mut x = x0;
        for (c, tint) in columns.iter().zip(cell_fills) {
            if let Some(color) = tint {
                self.fill_rect(x, self.y, c.width, h, *color);
            }
            x += c.width;
        }
        let mut x = x0;
        for (c, lines) in columns.iter().zip(wrapped) {
            for (i, l) in lines.iter().enumerate().take(range.end).skip(range.start) {
                let baseline = self.y + self.pad + lh * (i - range.start) as f32 + size / PT_PER_MM * 0.85;
                self.text_in(x + self.pad, c.width - 2.0 * self.pad, baseline, face, size, c.align, INK, l);
            }
            x += c.width;
        }
        self.grid_row(columns, self.y, h);
        self.y += h;
    }

    fn line_height_of(size: f32) -> f32 {
        size * 1.25 / PT_PER_MM
    }

    /// The number of lines of a wrapped row (its tallest cell; an empty row takes one).
    fn lines_of(wrapped: &[Vec<String>]) -> usize {
        wrapped.iter().map(|l| l.len()).max().unwrap_or(1).max(1)
    }

    fn wrap_cells(&self, columns: &[Column], cells: &[String], face: Face, size: f32) -> Vec<Vec<String>> {
        columns.iter().zip(cells).map(|(c, cell)| self.wrap(cell, face, size, c.width - 2.0 * self.pad)).collect()
    }

    fn height_of(&self, wrapped: &[Vec<String>], lh: f32) -> f32 {
        Self::lines_of(wrapped) as f32 * lh + 2.0 * self.pad
    }

    /// The height a table row takes, mm.
    fn row_height(&self, columns: &[Column], cells: &[String], face: Face, size: f32) -> f32 {
        self.height_of(&self.wrap_cells(columns, cells, face, size), Self::line_height_of(size))
    }

    fn grid_row(&mut self, columns: &[Column], y: f32, h: f32) {
        let total: f32 = columns.iter().map(|c| c.width).sum();
        let x0 = self.left;
        self.stroke_rect(x0, y, total, h, 0.5, RULE);
        let mut x = x0;
        for c in &columns[..columns.len() - 1] {
            x += c.width;
            self.line(x, y, x, y + h, 0.5, RULE);
        }
    }

    /// A chart drawn by `draw` (on a `px_w` × `px_h` canvas) into a `w` mm wide box at the flow.
    pub fn chart(
        &mut self,
        w: f32,
        px_w: u32,
        px_h: u32,
        draw: impl FnOnce(
            &plotters::drawing::DrawingArea<backend::PdfBackend<'_>, plotters::coord::Shift>,
        ) -> Result<(), String>,
    ) -> Result<(), String> {
        let scale = w / px_w as f32;
        let h = px_h as f32 * scale;
        self.ensure(h);
        let (x, y) = (self.left + (self.width() - w) / 2.0, self.y);
        let mut ops = Vec::new();
        {
            let root = backend::PdfBackend::new(&mut ops, &self.fonts, (x, y), scale, (px_w, px_h), self.page_height);
            let area = plotters::drawing::IntoDrawingArea::into_drawing_area(root);
            draw(&area)?;
        }
        self.ops().extend(ops);
        self.y += h;
        Ok(())
    }

    /// `words` across the page from its lower left towards its upper right, centred, faint (a
    /// transparent fill over the content, so tables and tints cannot hide it).
    fn watermark(&mut self, words: &str, page_w: f32, page_h: f32, faint: &ExtendedGraphicsStateId) {
        let angle = page_h.atan2(page_w);
        let diagonal = (page_w * page_w + page_h * page_h).sqrt();
        let face = Face::SansBold;
        // As large as fits in two thirds of the diagonal, and never larger than 96 pt.
        let size = (diagonal * 0.66 / self.fonts.width(face, words, 1.0).max(0.1)).min(96.0);
        let (width, cap) = (self.fonts.width(face, words, size), size / PT_PER_MM * 0.7);
        let (cos, sin) = (angle.cos(), angle.sin());
        // The baseline's start, so that the middle of the words sits on the page's centre.
        let (cx, cy) = (page_w / 2.0, page_h / 2.0);
        let x = cx - cos * width / 2.0 + sin * cap / 2.0;
        let y = cy - sin * width / 2.0 - cos * cap / 2.0;
        let font = self.fonts.id(face);
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::LoadGraphicsState { gs: faint.clone() });
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor { col: rgb(WATERMARK) });
        ops.push(Op::SetFont { font: PdfFontHandle::External(font), size: Pt(size) });
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Raw([cos, sin, -sin, cos, pt(x).0, pt(y).0]) });
        ops.push(Op::ShowText { items: vec![TextItem::Text(words.to_string())] });
        ops.push(Op::EndTextSection);
        ops.push(Op::RestoreGraphicsState);
    }

    /// Writes the footer on every page and returns the PDF's bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let n = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let faint = self.pdf.add_graphics_state(ExtendedGraphicsState::default().with_current_fill_alpha(0.13));
        let mut out = Vec::with_capacity(n);
        for (i, (ops, orientation)) in pages.into_iter().enumerate() {
            self.pages = vec![(ops, orientation)];
            self.turn(orientation);
            let (page_w, page_h) = orientation.size();
            let label =
                self.footer.page_label.replace("{page}", &(i + 1).to_string()).replace("{pages}", &n.to_string());
            let base = page_h - 10.0;
            let verification = self.footer.verification.clone();
            let (left, width) = (self.left, self.width());
            self.line(left, base - 4.5, left + width, base - 4.5, 0.4, RULE);
            self.text_in(left, width, base, Face::Sans, 8.0, Align::Right, MUTED, &label);
            // The verification line keeps clear of the page label, on two lines if need be.
            let room = width - self.fonts.width(Face::Sans, &label, 8.0) - 5.0;
            for (i, line) in self.wrap(&verification, Face::Sans, 6.5, room).iter().take(2).enumerate() {
                self.text_at(left, base + i as f32 * 2.9, Face::Sans, 6.5, MUTED, line);
            }
            if let Some(words) = self.footer.watermark.clone() {
                self.watermark(&words, page_w, page_h, &faint);
            }
            let (ops, _) = self.pages.pop().unwrap();
            out.push(PdfPage::new(Mm(page_w), Mm(page_h), ops));
        }
        self.fonts.embed(&mut self.pdf, &out);
        self.pdf.with_pages(out);
        // The fonts arrive subset; printpdf's own subsetting needs its HTML layout feature.
        // Images arrive flattened (`page_image`); printpdf's optimisation would JPEG-encode them.
        let options = PdfSaveOptions { subset_fonts: false, image_optimization: None, ..Default::default() };
        let mut pdf = self.pdf.to_lopdf_document(&options, &mut Vec::new());
        drop_pdfx_claim(&mut pdf);
        compress_streams(&mut pdf);
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes).expect("a PDF is written to memory");
        bytes
    }
}

/// The longest side, in pixels, an image keeps on the page: an emblem is printed at most 5 cm
/// tall, so this is over 300 dpi; a larger one only makes the file heavier.
const MAX_IMAGE_SIDE: u32 = 640;

/// An emblem (PNG or JPEG) as a document draws it: at most [`MAX_IMAGE_SIDE`] pixels a side,
/// and flattened onto the white page. Without an alpha channel the image needs no soft mask,
/// and it is deflated losslessly with the rest of the streams; printpdf would JPEG-encode the
/// colours (blurring the emblem's edges) and deflate the mask at the slowest level on every
/// document, about a fifth of a report's time (docs/BENCHMARKS.md). None when not an image.
fn page_image(bytes: &[u8]) -> Option<RawImage> {
    let mut image = image::load_from_memory(bytes).ok()?;
    if image.width().max(image.height()) > MAX_IMAGE_SIDE {
        image = image.resize(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE, image::imageops::FilterType::Triangle);
    }
    let rgba = image.to_rgba8();
    let (width, height) = (rgba.width() as usize, rgba.height() as usize);
    let over_white = |c: u8, a: u8| ((c as u16 * a as u16 + 255 * (255 - a as u16) + 127) / 255) as u8;
    let mut pixels = Vec::with_capacity(width * height * 3);
    for p in rgba.as_raw().chunks_exact(4) {
        pixels.extend_from_slice(&[over_white(p[0], p[3]), over_white(p[1], p[3]), over_white(p[2], p[3])]);
    }
    Some(RawImage {
        pixels: printpdf::RawImageData::U8(pixels),
        width,
        height,
        data_format: printpdf::RawImageFormat::RGB8,
        tag: Vec::new(),
    })
}

/// Deflates every stream not yet compressed, at zlib's default level. lopdf's own `compress`
/// takes the best level, which on a report's streams (half a megabyte of page content, subset
/// fonts and the emblem) takes three times as long for a file 1.3 % smaller (docs/BENCHMARKS.md).
/// Images count too: printpdf marks them as not to be compressed, as it would have encoded
/// them itself. The streams are shared out, costliest first, among the processor's cores (at
/// most four): the output is the same, byte for byte, on any number of them.
fn compress_streams(pdf: &mut lopdf::Document) {
    let mut pending: Vec<(&mut lopdf::Stream, bool)> = pdf
        .objects
        .values_mut()
        .filter_map(|object| match object {
            lopdf::Object::Stream(stream) => {
                let is_image = stream.dict.get(b"Subtype").and_then(|s| s.as_name()).is_ok_and(|n| n == b"Image");
                let compressible = (stream.allows_compression || is_image) && !stream.dict.has(b"Filter");
                compressible.then_some((stream, is_image))
            }
            _ => None,
        })
        .collect();
    // What a stream costs to deflate: an image at the fast level takes a fraction of the time
    // per byte that text and fonts take at the default level.
    let cost = |stream: &lopdf::Stream, is_image: bool| stream.content.len() * if is_image { 1 } else { 4 };
    pending.sort_by_key(|(stream, is_image)| std::cmp::Reverse(cost(stream, *is_image)));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let mut shares: Vec<(usize, Vec<(&mut lopdf::Stream, bool)>)> = (0..cores).map(|_| (0, Vec::new())).collect();
    for item in pending {
        let lightest = shares.iter_mut().min_by_key(|(bytes, _)| *bytes).expect("at least one share");
        lightest.0 += cost(item.0, item.1);
        lightest.1.push(item);
    }
    let deflate_all = |share: Vec<(&mut lopdf::Stream, bool)>| {
        for (stream, is_image) in share {
            deflate_stream(stream, is_image);
        }
    };
    let mut shares = shares.into_iter().map(|(_, share)| share);
    let first = shares.next().unwrap_or_default();
    std::thread::scope(|scope| {
        for share in shares.filter(|share| !share.is_empty()) {
            scope.spawn(move || deflate_all(share));
        }
        deflate_all(first);
    });
}

fn deflate_stream(stream: &mut lopdf::Stream, is_image: bool) {
    use std::io::Write;
    // An emblem's flat colours deflate almost as well at a fast level, in a third of the time.
    let level = if is_image { flate2::Compression::new(3) } else { flate2::Compression::default() };
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), level);
    let Ok(compressed) = encoder.write_all(&stream.content).and_then(|()| encoder.finish()) else { return };
    // A stream that does not shrink stays as it is (the filter's name costs bytes too).
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

/// printpdf writes `/GTS_PDFXVersion` into every document's info, empty when it claims no PDF/X
/// level, and readers then take the file for PDF/X, which it is not.
fn drop_pdfx_claim(pdf: &mut lopdf::Document) {
    let info = pdf.trailer.get(b"Info").and_then(|o| o.as_reference());
    if let Ok(dict) = info.and_then(|id| pdf.get_dictionary_mut(id)) {
        dict.remove(b"GTS_PDFXVersion");
    }
}
