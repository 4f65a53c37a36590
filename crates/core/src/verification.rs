//! The verification code an issued document prints as its QR code, and reading it back.
//!
//! `LL1:<document id, 32 hex>:<first 32 hex of the data's SHA-256>`, upper case: the QR code's
//! alphanumeric mode holds it in a version-4 symbol, coarse enough to decode from a 150-dpi
//! office scan or a phone photo. 128 bits of the hash identify the data; the full hash is in
//! the workspace and printed beside the code. Codes printed before this scheme
//! (`LIVINGLAB:1;ws=…;doc=…;kind=…;no=…;sha256=…`) still read.

/// What a verification code names: a document, and the start of its data's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationCode {
    /// The document id as stored (a UUID with dashes, lower case).
    pub document_id: String,
    /// Lower-case hex, 32 digits (or the full 64 from an older code).
    pub sha256_prefix: String,
}

impl VerificationCode {
    pub fn new(document_id: &str, data_sha256: &str) -> VerificationCode {
        VerificationCode {
            document_id: document_id.to_lowercase(),
            sha256_prefix: data_sha256.chars().take(32).collect::<String>().to_lowercase(),
        }
    }

    /// The text the QR code carries.
    pub fn encode(&self) -> String {
        format!("LL1:{}:{}", self.document_id.replace('-', "").to_uppercase(), self.sha256_prefix.to_uppercase())
    }

    /// The QR text when the region sends to a hub: the hub's verification page for this code,
    /// `HTTPS://HOST[:PORT]/V/LL1:…`, all upper case so that the QR code's alphanumeric mode
    /// still holds it (scheme and host are case-blind; the hub serves `/V/` as `/v/`). None
    /// when the address has a path or is not https: then the bare code is printed.
    pub fn encode_link(&self, hub_url: &str) -> Option<String> {
        let rest = hub_url.trim().strip_prefix("https://")?.trim_end_matches('/');
        let host_ok =
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':');
        host_ok.then(|| format!("HTTPS://{}/V/{}", rest.to_uppercase(), self.encode()))
    }

    /// Reads a scanned or typed code (also inside a hub link); None when the text is not one.
    pub fn parse(text: &str) -> Option<VerificationCode> {
        let text = text.trim();
        let text = match text.to_ascii_uppercase().find("/V/LL1:") {
            Some(at) => &text[at + 3..],
            None => text,
        };
        if let Some(rest) = text.get(..4).filter(|p| p.eq_ignore_ascii_case("LL1:")).map(|_| &text[4..]) {
            let (id, sha) = rest.split_once(':')?;
            let id = dashed_uuid(id)?;
            let sha = sha.trim();
            return (sha.len() == 32 && is_hex(sha)).then(|| VerificationCode::new(&id, sha));
        }
        // The earlier, longer form.
        let field = |name: &str| {
            text.split(';')
                .filter_map(|part| part.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_lowercase())
        };
        let (id, sha) = (field("doc")?, field("sha256")?);
        (dashed_uuid(&id).is_some() && sha.len() >= 16 && is_hex(&sha))
            .then_some(VerificationCode { document_id: id, sha256_prefix: sha })
    }
}

fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A UUID from 32 hex digits or its dashed form, dashed and lower case.
fn dashed_uuid(text: &str) -> Option<String> {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !is_hex(&hex) {
        return None;
    }
    let h = hex.to_lowercase();
    Some(format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b";
    const SHA: &str = "b3d25990f9c478b1c96a165a276f9dfd90fe5e5908dd6e634d7b0f69d69c585b";

    #[test]
    fn a_code_is_short_upper_case_and_reads_back() {
        let code = VerificationCode::new(ID, SHA);
        let text = code.encode();
        assert_eq!(text, "LL1:0193A2B45C6D7E8F9A0B1C2D3E4F5A6B:B3D25990F9C478B1C96A165A276F9DFD");
        assert!(text.chars().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || c == ':'));
        assert_eq!(VerificationCode::parse(&text), Some(code.clone()));
        assert_eq!(VerificationCode::parse(&text.to_lowercase()), Some(code));
    }

    #[test]
    fn the_earlier_long_form_still_reads() {
        let old = format!("LIVINGLAB:1;ws=x;doc={ID};kind=letter;no=1;sha256={SHA}");
        let code = VerificationCode::parse(&old).unwrap();
        assert_eq!(code.document_id, ID);
        assert_eq!(code.sha256_prefix, SHA);
    }

    #[test]
    fn other_text_is_no_code() {
        for text in ["", "LL1:", "LL1:abc:def", "LL1:0193A2B45C6D7E8F9A0B1C2D3E4F5A6B:XYZ", "hello", "doc=1;sha256=ff"]
        {
            assert_eq!(VerificationCode::parse(text), None, "{text}");
        }
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn a_hub_link_holds_the_code_upper_case_and_reads_back() {
        let code = VerificationCode::new("01a23447-ba7d-7745-975f-a3634ea58ffb", &"ab".repeat(32));
        let link = code.encode_link("https://livinglab.sumedangkab.go.id/").unwrap();
        assert_eq!(link, format!("HTTPS://LIVINGLAB.SUMEDANGKAB.GO.ID/V/{}", code.encode()));
        assert_eq!(VerificationCode::parse(&link), Some(code.clone()));
        assert_eq!(VerificationCode::parse(&link.to_lowercase()), Some(code.clone()));
        assert!(code.encode_link("https://hub.example:8443").unwrap().starts_with("HTTPS://HUB.EXAMPLE:8443/V/LL1:"));
        // A path, plain http or nothing: the bare code instead.
        assert_eq!(code.encode_link("https://pemda.go.id/hub"), None);
        assert_eq!(code.encode_link("http://127.0.0.1:8080"), None);
        assert_eq!(code.encode_link(""), None);
    }
}
