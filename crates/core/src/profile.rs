//! The office profile of a workspace: who the regency is on its letterhead and who signs.
//! Validation lives here so that the CLI, the app and imports refuse the same input.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::regions::{Region, RegionKind};

/// A person who signs or is named in documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    /// Jabatan, e.g. "Bupati", "Sekretaris Daerah", "Kepala Dinas Komunikasi dan Informatika".
    pub title: String,
    pub name: String,
    /// NIP of a civil servant (18 digits); empty for an elected head of region.
    pub nip: String,
    /// Pangkat/golongan, e.g. "Pembina Utama Muda (IV/c)"; empty when not given.
    pub rank: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Name of the office (perangkat daerah), e.g. "Dinas Komunikasi dan Informatika".
    pub office_name: String,
    pub address: String,
    pub postal_code: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    /// The place in a letter's date line, e.g. "Sumedang".
    pub place: String,
    /// Kepala daerah: title Bupati / Wali Kota (or Pj./Plt. of either).
    pub head: Official,
    pub sekda: Official,
    pub office_head: Official,
    /// The local user name the audit trail records.
    pub user_name: String,
}

/// Titles a head of region signs with.
pub const HEAD_TITLES: &[&str] =
    &["Bupati", "Wali Kota", "Pj. Bupati", "Pj. Wali Kota", "Plt. Bupati", "Plt. Wali Kota"];

pub const MAX_TEXT: usize = 300;
pub const MAX_EMBLEM_BYTES: usize = 2 * 1024 * 1024;

impl Profile {
    /// The profile a new workspace starts with: titles and place from the region, the rest empty.
    pub fn defaults_for(region: &Region) -> Profile {
        Profile::defaults(region.short_name(), region.kind)
    }

    /// The profile a workspace of a region of `kind` whose short name is `place` starts with.
    pub fn defaults(place: &str, kind: RegionKind) -> Profile {
        Profile {
            office_name: "Dinas Komunikasi dan Informatika".into(),
            place: place.to_string(),
            head: Official { title: kind.head_title().into(), ..Official::default() },
            sekda: Official { title: "Sekretaris Daerah".into(), ..Official::default() },
            office_head: Official { title: "Kepala Dinas Komunikasi dan Informatika".into(), ..Official::default() },
            ..Profile::default()
        }
    }

    /// Trims every field, normalises NIPs to 18 digits and checks every field; the first
    /// problem is returned with the field it concerns (`field` param).
    pub fn validated(self) -> Result<Profile> {
        let (profile, mut problems) = self.checked();
        if problems.is_empty() {
            Ok(profile)
        } else {
            Err(problems.remove(0))
        }
    }

    /// Every problem of the profile, one per field, in form order (for a form that marks them all).
    pub fn problems(&self) -> Vec<Error> {
        self.clone().checked().1
    }

    /// The user's name is required wherever a person sets up or edits a workspace (the wizard,
    /// the profile screen): the audit trail and every verification name them.
    pub fn require_user_name(&self) -> Result<()> {
        if self.user_name.trim().is_empty() {
            return Err(Error::new(ErrorCode::UserNameRequired).with("field", "user_name"));
        }
        Ok(())
    }

    /// Every problem of the profile as the wizard and the profile screen check it: the data's
    /// rules ([`Profile::problems`]) and the user's name.
    pub fn form_problems(&self) -> Vec<Error> {
        let mut problems = self.problems();
        if let Err(e) = self.require_user_name() {
            problems.push(e);
        }
        problems
    }

    fn checked(mut self) -> (Profile, Vec<Error>) {
        let mut problems = Vec::new();
        for (field, value) in self.text_fields_mut() {
            *value = value.trim().to_string();
            if value.chars().count() > MAX_TEXT {
                problems.push(Error::new(ErrorCode::TextTooLong).with("field", field).with("max", MAX_TEXT));
            }
        }
        let mut check = |ok: bool, code: ErrorCode, field: &str, value: &str| {
            if !value.is_empty() && !ok {
                problems.push(Error::new(code).with("field", field).with("value", value));
            }
        };
        check(is_email(&self.email), ErrorCode::EmailInvalid, "email", &self.email);
        check(is_phone(&self.phone), ErrorCode::PhoneInvalid, "phone", &self.phone);
        check(is_website(&self.website), ErrorCode::WebsiteInvalid, "website", &self.website);
        let postal_ok = self.postal_code.len() == 5 && self.postal_code.bytes().all(|b| b.is_ascii_digit());
        check(postal_ok, ErrorCode::PostalCodeInvalid, "postal_code", &self.postal_code);
        if !HEAD_TITLES.contains(&self.head.title.as_str()) {
            problems.push(
                Error::new(ErrorCode::HeadTitleInvalid)
                    .with("field", "head_title")
                    .with("value", &self.head.title)
                    .with("allowed", HEAD_TITLES.join(", ")),
            );
        }
        for (field, official) in
            [("head_nip", &mut self.head), ("sekda_nip", &mut self.sekda), ("office_head_nip", &mut self.office_head)]
        {
            if !official.nip.is_empty() {
                match normalize_nip(&official.nip) {
                    Ok(nip) => official.nip = nip,
                    Err(e) => problems.push(e.with("field", field)),
                }
            }
        }
        (self, problems)
    }

    fn text_fields_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        vec![
            ("office_name", &mut self.office_name),
            ("address", &mut self.address),
            ("postal_code", &mut self.postal_code),
            ("phone", &mut self.phone),
            ("email", &mut self.email),
            ("website", &mut self.website),
            ("place", &mut self.place),
            ("head_title", &mut self.head.title),
            ("head_name", &mut self.head.name),
            ("head_nip", &mut self.head.nip),
            ("head_rank", &mut self.head.rank),
            ("sekda_title", &mut self.sekda.title),
            ("sekda_name", &mut self.sekda.name),
            ("sekda_nip", &mut self.sekda.nip),
            ("sekda_rank", &mut self.sekda.rank),
            ("office_head_title", &mut self.office_head.title),
            ("office_head_name", &mut self.office_head.name),
            ("office_head_nip", &mut self.office_head.nip),
            ("office_head_rank", &mut self.office_head.rank),
            ("user_name", &mut self.user_name),
        ]
    }
}

/// A NIP written with or without spaces ("19700101 199003 1 002") as its 18 digits. A NIP is
/// date of birth (YYYYMMDD), start of service (YYYYMM), sex (1 or 2) and a 3-digit number;
/// a NIP whose dates or sex digit cannot be real is refused too.
pub fn normalize_nip(input: &str) -> Result<String> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    // `reason` names the part that is wrong (tests and scripts read it); `detail` says it to a
    // person in their language.
    let refuse = |reason: &str, id: String, en: String| {
        Err(Error::new(ErrorCode::NipInvalid).with("value", input.trim()).with("reason", reason).with_detail(id, en))
    };
    if digits.len() != 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        let n = digits.chars().count();
        return refuse(
            "length",
            format!("NIP terdiri atas 18 angka (tertulis {n}): tanggal lahir, TMT CPNS, jenis kelamin 1/2, nomor urut"),
            format!("a NIP has 18 digits ({n} given): date of birth, start of service, sex 1/2, serial number"),
        );
    }
    let num = |a: usize, b: usize| digits[a..b].parse::<u32>().unwrap_or(0);
    let (birth_year, birth_month, birth_day) = (num(0, 4), num(4, 6), num(6, 8));
    let (start_year, start_month) = (num(8, 12), num(12, 14));
    let birth_ok = (1930..=2015).contains(&birth_year)
        && time::Month::try_from(birth_month as u8)
            .ok()
            .and_then(|m| time::Date::from_calendar_date(birth_year as i32, m, birth_day as u8).ok())
            .is_some();
    if !birth_ok {
        let why_id = if (1..=12).contains(&birth_month) {
            format!("tanggal lahir {birth_day:02}-{birth_month:02}-{birth_year} tidak ada")
        } else {
            format!("bulan lahir {birth_month:02} tidak ada")
        };
        let why_en = if (1..=12).contains(&birth_month) {
            format!("the date of birth {birth_year}-{birth_month:02}-{birth_day:02} does not exist")
        } else {
            format!("there is no birth month {birth_month:02}")
        };
        return refuse(
            "birth_date",
            format!("angka 1–8 adalah tanggal lahir (TTTTBBHH), dan {why_id}"),
            format!("digits 1–8 are the date of birth (YYYYMMDD), and {why_en}"),
        );
    }
    if !(1..=12).contains(&start_month) {
        return refuse(
            "start_date",
            format!("angka 9–14 adalah TMT CPNS (TTTTBB), dan bulan {start_month:02} tidak ada"),
            format!("digits 9–14 are the start of service (YYYYMM), and there is no month {start_month:02}"),
        );
    }
    if !(1950..=2100).contains(&start_year) || start_year <= birth_year {
        return refuse(
            "start_date",
            format!("angka 9–14 adalah TMT CPNS (TTTTBB), dan tahun {start_year} tidak mungkin bagi kelahiran {birth_year}"),
            format!("digits 9–14 are the start of service (YYYYMM), and {start_year} is impossible for someone born in {birth_year}"),
        );
    }
    if !matches!(&digits[14..15], "1" | "2") {
        return refuse(
            "sex",
            format!("angka ke-15 adalah jenis kelamin: 1 atau 2, bukan {}", &digits[14..15]),
            format!("digit 15 is the sex: 1 or 2, not {}", &digits[14..15]),
        );
    }
    Ok(digits)
}

/// The shape of an e-mail address: one '@', a non-empty local part, a domain with a dot.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    let ok_chars = |p: &str| p.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c));
    !local.is_empty() && ok_chars(local) && !local.starts_with('.') && !local.ends_with('.') && is_domain(domain)
}

fn is_domain(d: &str) -> bool {
    let labels: Vec<&str> = d.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'))
        && labels.iter().all(|l| l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// A telephone number as written on a letterhead: digits with + ( ) - . and spaces, 6 to 20 digits.
pub fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || " +()-./".contains(c))
}

/// A website as written on a letterhead: "sumedangkab.go.id" or "https://sumedangkab.go.id/…".
pub fn is_website(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(s);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !s.contains(char::is_whitespace) && is_domain(host)
}

/// The image kind of an emblem file, or `profile.emblem_invalid` / `profile.emblem_too_large`.
pub fn emblem_mime(bytes: &[u8]) -> Result<&'static str> {
    if bytes.len() > MAX_EMBLEM_BYTES {
        return Err(Error::new(ErrorCode::EmblemTooLarge).with("max_mb", MAX_EMBLEM_BYTES / 1024 / 1024));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok("image/jpeg")
    } else {
        Err(Error::new(ErrorCode::EmblemInvalid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regions::Regions;

    #[test]
    fn nip_must_be_18_digits_of_real_dates() {
        assert_eq!(normalize_nip("19700101 199003 1 002").unwrap(), "197001011990031002");
        assert_eq!(normalize_nip("197001011990031002").unwrap(), "197001011990031002");
        for bad in ["1970010119900310", "19700101199003100X", "1970010119900310021", "", "abc"] {
            let e = normalize_nip(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::NipInvalid, "{bad}");
            assert_eq!(e.param("reason"), Some("length"));
        }
        assert_eq!(normalize_nip("197013011990031002").unwrap_err().param("reason"), Some("birth_date"));
        let month = normalize_nip("197001011990131002").unwrap_err();
        assert_eq!(
            month.message_in(crate::Lang::Id),
            "NIP \"197001011990131002\" tidak sah: angka 9–14 adalah TMT CPNS (TTTTBB), dan bulan 13 tidak ada."
        );
        assert_eq!(normalize_nip("197002301990031002").unwrap_err().param("reason"), Some("birth_date"));
        assert_eq!(normalize_nip("197001011990131002").unwrap_err().param("reason"), Some("start_date"));
        assert_eq!(normalize_nip("197001011960031002").unwrap_err().param("reason"), Some("start_date"));
        assert_eq!(normalize_nip("197001011990033002").unwrap_err().param("reason"), Some("sex"));
    }

    #[test]
    fn email_shape() {
        for ok in ["diskominfo@sumedangkab.go.id", "a.b+c@x.co", "kominfo_1@mail.example.id"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in ["", "diskominfo", "a@b", "@x.go.id", "a @x.go.id", "a@x..id", "a@-x.id", ".a@x.id", "a@x.i1"] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn phone_and_website_shape() {
        assert!(is_phone("(0261) 201254"));
        assert!(is_phone("+62 261-201254"));
        assert!(!is_phone("12345"));
        assert!(!is_phone("0261 2012x4"));
        assert!(is_website("sumedangkab.go.id"));
        assert!(is_website("https://diskominfo.sumedangkab.go.id/kontak"));
        assert!(!is_website("sumedang kab"));
        assert!(!is_website("http://"));
    }

    #[test]
    fn validation_trims_normalises_and_names_the_field() {
        let region = Regions::get().require("32.11").unwrap();
        let mut p = Profile::defaults_for(region);
        assert_eq!(p.head.title, "Bupati");
        assert_eq!(p.place, "Sumedang");
        p.sekda.nip = " 19700101 199003 1 002 ".into();
        p.email = " diskominfo@sumedangkab.go.id ".into();
        let v = p.clone().validated().unwrap();
        assert_eq!(v.sekda.nip, "197001011990031002");
        assert_eq!(v.email, "diskominfo@sumedangkab.go.id");

        p.office_head.nip = "1234".into();
        let e = p.clone().validated().unwrap_err();
        assert_eq!((e.code, e.param("field")), (ErrorCode::NipInvalid, Some("office_head_nip")));

        p.office_head.nip.clear();
        p.email = "bukan-email".into();
        assert_eq!(p.clone().validated().unwrap_err().code, ErrorCode::EmailInvalid);

        p.email.clear();
        p.head.title = "Raja".into();
        assert_eq!(p.clone().validated().unwrap_err().code, ErrorCode::HeadTitleInvalid);

        p.head.title = "Wali Kota".into();
        p.address = "x".repeat(MAX_TEXT + 1);
        assert_eq!(p.clone().validated().unwrap_err().code, ErrorCode::TextTooLong);

        p.address.clear();
        p.phone = "12".into();
        p.sekda.nip = "999".into();
        let fields: Vec<_> = p.problems().iter().map(|e| e.param("field").unwrap().to_string()).collect();
        assert_eq!(fields, ["phone", "sekda_nip"]);
    }

    #[test]
    fn emblem_must_be_png_or_jpeg_and_small() {
        assert_eq!(emblem_mime(b"\x89PNG\r\n\x1a\n....").unwrap(), "image/png");
        assert_eq!(emblem_mime(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(), "image/jpeg");
        assert_eq!(emblem_mime(b"GIF89a").unwrap_err().code, ErrorCode::EmblemInvalid);
        let big = [b"\x89PNG\r\n\x1a\n".as_slice(), &vec![0u8; MAX_EMBLEM_BYTES]].concat();
        assert_eq!(emblem_mime(&big).unwrap_err().code, ErrorCode::EmblemTooLarge);
    }
}
