//! A SHA-256 as 64 lowercase hex digits, validated: the only way a hash becomes part of a path
//! or a lookup, so that a short string or "../" can never name a file.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::{Error, ErrorCode, Result};

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256Hash(String);

impl Sha256Hash {
    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Sha256Hash(hex::encode(Sha256::digest(bytes)))
    }

    /// From a finished hasher.
    pub fn from_digest(digest: &[u8]) -> Self {
        debug_assert_eq!(digest.len(), 32);
        Sha256Hash(hex::encode(digest))
    }

    /// Parses 64 hex digits (either case); anything else is refused.
    pub fn parse(text: &str) -> Result<Self> {
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Sha256Hash(text.to_ascii_lowercase()))
        } else {
            Err(Error::new(ErrorCode::HashInvalid).with("value", text.chars().take(80).collect::<String>()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first two hex digits: the store's fan-out folder.
    pub fn prefix(&self) -> &str {
        &self.0[..2]
    }
}

impl fmt::Display for Sha256Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Sha256Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Hash({})", self.0)
    }
}

impl AsRef<str> for Sha256Hash {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for Sha256Hash {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Sha256Hash {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Sha256Hash::parse(&text).map_err(|_| serde::de::Error::custom("not a SHA-256 (64 hex digits)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_hash_of_abc() {
        assert_eq!(Sha256Hash::of(b"abc").as_str(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn only_64_hex_digits_parse() {
        let good = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
        assert_eq!(Sha256Hash::parse(good).unwrap().as_str(), good.to_lowercase());
        for bad in [
            "",
            "ab",
            "../../etc/passwd",
            &"g".repeat(64),
            &"a".repeat(63),
            &"a".repeat(65),
            &format!("{}/", "a".repeat(63)),
        ] {
            assert_eq!(Sha256Hash::parse(bad).unwrap_err().code, ErrorCode::HashInvalid, "{bad}");
        }
        assert!(serde_json::from_str::<Sha256Hash>("\"../x\"").is_err());
    }
}
