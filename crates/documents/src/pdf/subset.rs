//! Font subsets: a document embeds only the glyphs its text shows. printpdf subsets fonts only
//! with its HTML layout feature, so the subset is cut here (typst's `subsetter`) and handed to
//! printpdf as the font to embed. The subsetter renumbers the glyphs it keeps; the font given
//! to printpdf maps every character shown to its new glyph id and carries that glyph's width,
//! so the content stream, the `/W` widths and the ToUnicode map (text extraction) all agree.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{FontId, Op, ParsedFont, PdfFontHandle, PdfPage, TextItem};
use sha2::{Digest, Sha256};

/// The characters each embedded font shows on `pages`.
pub fn chars_shown(pages: &[PdfPage]) -> BTreeMap<FontId, BTreeSet<char>> {
    let mut shown: BTreeMap<FontId, BTreeSet<char>> = BTreeMap::new();
    for page in pages {
        let mut font: Option<&FontId> = None;
        for op in &page.ops {
            let text = match op {
                Op::SetFont { font: PdfFontHandle::External(id), .. } => {
                    font = Some(id);
                    continue;
                }
                Op::SetFont { font: PdfFontHandle::Builtin(_), .. } => {
                    font = None;
                    continue;
                }
                Op::ShowText { items } => items
                    .iter()
                    .filter_map(|item| match item {
                        TextItem::Text(t) => Some(t.as_str()),
                        _ => None,
                    })
                    .collect::<String>(),
                Op::MoveToNextLineShowText { text } | Op::SetSpacingMoveAndShowText { text, .. } => text.clone(),
                _ => continue,
            };
            if let Some(id) = font {
                shown.entry(id.clone()).or_default().extend(text.chars());
            }
        }
    }
    shown
}

/// `font`, parsed from `file`, cut down to the glyphs of `chars` and named `postscript_name`
/// with a subset tag. A character the font has no glyph for stays out, as printpdf would draw
/// it with the whole font: as .notdef, with nothing in the ToUnicode map.
pub fn subset(
    font: &ParsedFont,
    file: &[u8],
    postscript_name: &str,
    chars: &BTreeSet<char>,
) -> Result<ParsedFont, subsetter::Error> {
    let glyphs: BTreeMap<u32, u16> =
        chars.iter().filter_map(|&c| Some((c as u32, font.lookup_glyph_index(c as u32)?))).collect();
    let kept: BTreeSet<u16> = glyphs.values().copied().collect();
    let mut remapper = subsetter::GlyphRemapper::new();
    for &gid in &kept {
        remapper.remap(gid);
    }
    let program = subsetter::subset(file, font.font_index, &remapper)?;
    let new_id = |gid: u16| remapper.get(gid).expect("every kept glyph was remapped");
    let tag = subset_tag(&program);
    Ok(ParsedFont {
        font_name: Some(format!("{tag}+{postscript_name}")),
        codepoint_to_glyph: glyphs.iter().map(|(&c, &gid)| (c, new_id(gid))).collect(),
        glyph_widths: kept.iter().filter_map(|&gid| Some((new_id(gid), font.get_glyph_width(gid)?))).collect(),
        original_bytes: program,
        font_index: 0,
        units_per_em: font.units_per_em,
        font_metrics: font.font_metrics.clone(),
        font_type: font.font_type,
        pdf_font_metrics: font.pdf_font_metrics.clone(),
    })
}

/// Six capital letters from the subset's bytes (ISO 32000-1, 9.6.4): different subsets of one
/// font get different names, and the same document gets the same names every time.
fn subset_tag(program: &[u8]) -> String {
    Sha256::digest(program).iter().take(6).map(|b| char::from(b'A' + b % 26)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_keeps_the_shown_glyphs_under_new_ids_with_their_widths() {
        let file = crate::fonts::LIBERATION_SANS_REGULAR;
        let font = ParsedFont::from_bytes(file, 0, &mut Vec::new()).unwrap();
        let chars: BTreeSet<char> = "Halo, Contoh!\u{E000}".chars().collect();
        let small = subset(&font, file, "LiberationSans", &chars).unwrap();
        assert!(small.original_bytes.len() * 20 < file.len(), "{} bytes", small.original_bytes.len());
        let name = small.font_name.clone().unwrap();
        let (tag, rest) = name.split_once('+').unwrap();
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) && rest == "LiberationSans");
        // The private-use character has no glyph: it is not mapped, as with the whole font.
        assert_eq!(small.lookup_glyph_index(0xE000), None);
        for c in "Halo, Contoh!".chars() {
            let (old, new) = (font.lookup_glyph_index(c as u32).unwrap(), small.lookup_glyph_index(c as u32).unwrap());
            assert!(new > 0 && new < 16, "{c}: {new}");
            assert_eq!(small.get_glyph_width(new), font.get_glyph_width(old), "{c}");
        }
        // The subset is a font that parses, with every kept glyph.
        let face = ttf_parser::Face::parse(&small.original_bytes, 0).unwrap();
        // Eleven distinct characters with a glyph, and .notdef.
        assert_eq!(face.number_of_glyphs(), 12);
    }
}
