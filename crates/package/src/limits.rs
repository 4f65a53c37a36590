//! What a package may be: limits checked on the zip's directory before any entry is
//! inflated, and enforced again while reading (an entry that inflates past what it declares
//! is cut off there), and the rule for entry paths.

/// At most this many entries (manifest, signature, data, audit, documents, evidence).
pub const MAX_ENTRIES: usize = 20_000;
/// One entry at most: evidence is at most 100 MB; a TTE-signed PDF gets a little room.
pub const MAX_ENTRY_BYTES: u64 = 128 * 1024 * 1024;
/// All entries together, inflated.
pub const MAX_TOTAL_BYTES: u64 = 16 * 1024 * 1024 * 1024;
/// The manifest is read whole into memory, so it has its own, smaller limit.
pub const MAX_MANIFEST_BYTES: u64 = 8 * 1024 * 1024;
/// A DER ECDSA P-256 signature is at most 72 bytes.
pub const MAX_SIGNATURE_BYTES: u64 = 256;
/// Inflated size over compressed size, for entries larger than [`RATIO_FLOOR_BYTES`]. JSON
/// compresses about 10:1; a zip bomb 1000:1.
pub const MAX_RATIO: u64 = 100;
/// Entries smaller than this are not held to the ratio (a tiny file can compress well).
pub const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;

/// Why an entry path is refused, or None when it is a safe relative path: forward slashes
/// only, no empty, "." or ".." segment, not absolute, no drive letter, no backslash, no
/// control character, at most 255 bytes.
pub fn path_problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("empty path");
    }
    if path.len() > 255 {
        return Some("longer than 255 bytes");
    }
    if path.starts_with('/') {
        return Some("absolute path");
    }
    if path.contains('\\') {
        return Some("backslash in path");
    }
    let bytes = path.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        return Some("drive letter");
    }
    if path.contains(':') {
        return Some("colon in path");
    }
    if path.chars().any(|c| c.is_control()) {
        return Some("control character in path");
    }
    for segment in path.split('/') {
        match segment {
            "" => return Some("empty segment (or a directory entry)"),
            "." | ".." => return Some("\".\" or \"..\" segment"),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::path_problem;

    #[test]
    fn only_plain_relative_paths_pass() {
        for ok in ["manifest.json", "evidence/ab12", "documents/x.pdf"] {
            assert_eq!(path_problem(ok), None, "{ok}");
        }
        for bad in
            ["", "/etc/passwd", "../../x", "a/../b", "./a", "C:/x", "c:x", "a\\b", "a//b", "dir/", "a\u{0}b", "x:y"]
        {
            assert!(path_problem(bad).is_some(), "{bad:?} passed");
        }
    }
}
