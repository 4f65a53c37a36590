//! Canonical bytes: the one way Living Lab turns data into the bytes it hashes or signs.
//!
//! The scheme is the JSON Canonicalization Scheme (RFC 8785): object members sorted by their
//! names' UTF-16 code units, no whitespace, strings escaped minimally, numbers as ECMAScript
//! prints them. On top of it, hashed data holds no binary floats: every decimal travels as a
//! string (e.g. `"3.4986"`), so a number can never change by being parsed and printed again.
//! The bytes depend on neither serde_json's map order nor any dependency feature; golden
//! tests below pin them.

use serde::Serialize;
use serde_json::Value;

use crate::hash::Sha256Hash;
use crate::{Error, ErrorCode, Result};

/// The canonical bytes of `value`. Refuses a value holding a non-integer number.
pub fn canonical_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let tree = serde_json::to_value(value).map_err(|e| refused(e.to_string()))?;
    if let Some(path) = first_float(&tree, &mut String::from("$")) {
        return Err(refused(format!("a binary floating-point number at {path}; write decimals as strings")));
    }
    serde_jcs::to_vec(&tree).map_err(|e| refused(e.to_string()))
}

/// The canonical bytes of `value` and their SHA-256.
pub fn canonical_sha256<T: Serialize + ?Sized>(value: &T) -> Result<(Vec<u8>, Sha256Hash)> {
    let bytes = canonical_json(value)?;
    let hash = Sha256Hash::of(&bytes);
    Ok((bytes, hash))
}

fn refused(detail: String) -> Error {
    Error::new(ErrorCode::CanonicalDataInvalid).with("detail", detail)
}

fn first_float(value: &Value, path: &mut String) -> Option<String> {
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => Some(path.clone()),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = first_float(v, path);
            path.truncate(len);
            found
        }),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let len = path.len();
            path.push('.');
            path.push_str(k);
            let found = first_float(v, path);
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: &Value) -> String {
        String::from_utf8(canonical_json(value).unwrap()).unwrap()
    }

    #[test]
    fn members_sort_by_utf16_code_units_and_nest() {
        // RFC 8785 §3.2.3: "\u{e9}" (U+00E9) sorts after "z"; U+1F600 (a surrogate pair, 0xD83D…)
        // sorts before U+FB33 (0xFB33), although its code point is larger.
        let value = json!({"z": 1, "a": {"b": [3, 2, 1], "a": null}, "\u{e9}": true, "\u{fb33}": 0, "\u{1f600}": 0});
        assert_eq!(
            text(&value),
            "{\"a\":{\"a\":null,\"b\":[3,2,1]},\"z\":1,\"\u{e9}\":true,\"\u{1f600}\":0,\"\u{fb33}\":0}"
        );
    }

    #[test]
    fn strings_are_escaped_minimally() {
        let value = json!(["Kabupaten Sumedang — 3,52", "tab\there", "quote\"back\\slash", "\u{1}", "/", "\u{7f}"]);
        assert_eq!(
            text(&value),
            "[\"Kabupaten Sumedang — 3,52\",\"tab\\there\",\"quote\\\"back\\\\slash\",\"\\u0001\",\"/\",\"\u{7f}\"]"
        );
    }

    #[test]
    fn golden_hash_of_a_report_summary() {
        // Pinned (checked with `printf %s … | sha256sum`): if this changes, every hash already
        // printed on paper stops matching.
        let value = json!({
            "region": "32.11",
            "period": 2024,
            "framework": {"id": "spbe-2020", "version": "1.0"},
            "index": "4.5100",
            "predicate": "Memuaskan",
            "office": "Dinas Komunikasi dan Informatika",
        });
        let (bytes, hash) = canonical_sha256(&value).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            r#"{"framework":{"id":"spbe-2020","version":"1.0"},"index":"4.5100","office":"Dinas Komunikasi dan Informatika","period":2024,"predicate":"Memuaskan","region":"32.11"}"#
        );
        assert_eq!(hash.as_str(), "b3d25990f9c478b1c96a165a276f9dfd90fe5e5908dd6e634d7b0f69d69c585b");
    }

    #[test]
    fn struct_field_order_does_not_matter() {
        #[derive(Serialize)]
        struct Ab {
            b: i32,
            a: &'static str,
        }
        #[derive(Serialize)]
        struct Ba {
            a: &'static str,
            b: i32,
        }
        assert_eq!(canonical_json(&Ab { b: 1, a: "x" }).unwrap(), canonical_json(&Ba { a: "x", b: 1 }).unwrap());
    }

    #[test]
    fn a_binary_float_is_refused_with_its_place() {
        let err = canonical_json(&json!({"answers": [{"level": 3}, {"level": 3.5}]})).unwrap_err();
        assert_eq!(err.code, ErrorCode::CanonicalDataInvalid);
        assert!(err.param("detail").unwrap().contains("$.answers[1].level"), "{err:?}");
    }
}
