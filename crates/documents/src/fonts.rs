//! The font files the documents embed (licences in `assets/fonts`). Each is a `static`, so its
//! bytes are in the binary once, shared by the PDF writer and the charts.

pub static LIBERATION_SANS_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
pub static LIBERATION_SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
pub static LIBERATION_SANS_ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Italic.ttf");
pub static TEX_GYRE_BONUM_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/texgyrebonum-regular.otf");
pub static TEX_GYRE_BONUM_BOLD: &[u8] = include_bytes!("../../../assets/fonts/texgyrebonum-bold.otf");
