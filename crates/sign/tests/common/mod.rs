//! Helpers shared by the integration tests: a PDF made with lopdf, a key file store in a temp
//! folder, and poppler's `pdfsig` as the oracle.
#![allow(dead_code)]

#[allow(unused_imports)]
pub use livinglab_sign::testpki as pki;

use std::path::Path;
use std::process::Command;

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};
use zeroize::Zeroizing;

use livinglab_sign::Keystore;

/// A one-page (or `pages`-page) PDF with some text, as a finished document would be.
pub fn sample_pdf(text: &str, pages: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for n in 0..pages {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 14.into()]),
                Operation::new("Td", vec![72.into(), 720.into()]),
                Operation::new("Tj", vec![Object::string_literal(format!("{text} - halaman {}", n + 1))]),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

pub fn file_store(dir: &Path) -> Keystore {
    Keystore::File { path: dir.join("keys.json"), passphrase: Zeroizing::new("uji-sandi-panjang".to_string()) }
}

/// `pdfsig` output (stdout and stderr) for `pdf`, or None when pdfsig is not installed.
pub fn pdfsig(pdf: &Path, nss_db: Option<&Path>) -> Option<String> {
    if !Path::new("/usr/bin/pdfsig").exists() && which("pdfsig").is_none() {
        eprintln!("pdfsig is not installed (apt-get install poppler-utils); skipping the pdfsig check");
        return None;
    }
    let mut cmd = Command::new("pdfsig");
    if let Some(db) = nss_db {
        cmd.arg("-nssdir").arg(format!("sql:{}", db.display()));
    }
    let out = cmd.arg(pdf).output().expect("run pdfsig");
    Some(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(name)).find(|p| p.exists())
}
