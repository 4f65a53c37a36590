//! What an evidence link may say: its title (a file's name, or the title given to a URL) and
//! its note. Bounded, so that a list of evidence, a package and a report stay readable.

use crate::error::{Error, ErrorCode, Result};

/// The longest title, in characters (a file name is far shorter on every file system).
pub const MAX_TITLE: usize = 300;
/// The longest note, in characters.
pub const MAX_NOTE: usize = 2000;

/// Checks a link's title and note against their bounds (`input.too_long`, naming the field).
pub fn check_link_text(title: &str, note: &str) -> Result<()> {
    for (field, name_id, value, max) in [("title", "judul", title, MAX_TITLE), ("note", "catatan", note, MAX_NOTE)] {
        if value.chars().count() > max {
            return Err(Error::new(ErrorCode::TextTooLong)
                .with("field", field)
                .with("field@id", name_id)
                .with("max", max));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_or_note_past_its_bound_is_refused_naming_the_field() {
        assert!(check_link_text(&"é".repeat(MAX_TITLE), &"n".repeat(MAX_NOTE)).is_ok());
        let err = check_link_text(&"é".repeat(MAX_TITLE + 1), "").unwrap_err();
        assert_eq!((err.code, err.param("field")), (ErrorCode::TextTooLong, Some("title")));
        let err = check_link_text("judul", &"n".repeat(MAX_NOTE + 1)).unwrap_err();
        assert_eq!(err.param("field"), Some("note"));
        assert!(
            err.message_in(crate::i18n::Lang::Id).contains("Isian catatan terlalu panjang"),
            "{}",
            err.message_in(crate::i18n::Lang::Id)
        );
    }
}
