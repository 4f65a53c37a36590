//! The generated seeds of the fuzz targets (`fuzz/seeds/`): a signed review, a sealed and a
//! TTE-signed PDF (with the test root that signed it), an enrolment letter, public keys, an
//! offer's manifest and the receiver's requests. `LIVINGLAB_WRITE_SEEDS=1 cargo test -p
//! livinglab-transport --test fuzz_seeds` writes them again; every run checks that the
//! committed seeds still are what their names say (a seed that no longer verifies would leave
//! its target fuzzing only the first check).

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use base64::Engine;
use livinglab_core::package_review::{IndicatorNote, ReviewState};
use livinglab_core::{canonical_json, Lang};
use livinglab_hub::{Review, SignedReview};
use livinglab_sign::testpki::{pki, tte_sign};
use livinglab_sign::{
    seal_certificate, seal_pdf, verify_pdf, AnchorOrigin, SealOptions, SealSubject, Signer, TrustAnchor, Verdict,
};
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};
use time::macros::datetime;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seeds() -> PathBuf {
    root().join("fuzz/seeds")
}

/// The package vectors' region key (seed 1) and the fuzz targets' hub key (seed 7).
fn region_key() -> Signer {
    Signer::from_secret_scalar(&[1; 32], datetime!(2026-01-01 00:00 UTC)).unwrap()
}
fn hub_key() -> Signer {
    Signer::from_secret_scalar(&[7; 32], datetime!(2026-01-01 00:00 UTC)).unwrap()
}

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = seeds().join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn read(target: &str, name: &str) -> Vec<u8> {
    let path = seeds().join(target).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (LIVINGLAB_WRITE_SEEDS=1 makes it)", path.display()))
}

fn pdf(text: &str, keywords: Option<&str>) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 14.into()]),
            Operation::new("Td", vec![72.into(), 720.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![Object::Reference(page_id)], "Count" => 1 }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    if let Some(k) = keywords {
        let info = doc.add_object(
            dictionary! { "Title" => Object::string_literal(text), "Keywords" => Object::string_literal(k) },
        );
        doc.trailer.set("Info", info);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn sealed(pdf: &[u8], signer: &Signer) -> Vec<u8> {
    let subject = SealSubject { region: "Kabupaten Bandung".into(), office: "Dinas Komunikasi dan Informatika".into() };
    let cert =
        seal_certificate(signer, &subject, datetime!(2026-01-01 00:00 UTC), datetime!(2036-01-01 00:00 UTC)).unwrap();
    let options = SealOptions {
        reason: "Segel elektronik Living Lab — Kabupaten Bandung".into(),
        location: "Bandung".into(),
        name: "Diskominfo Kabupaten Bandung".into(),
        signing_time: datetime!(2026-02-01 08:00 UTC),
    };
    seal_pdf(pdf, signer, &cert, &options).unwrap()
}

type Files = Vec<(String, Vec<u8>)>;

fn valid_package() -> (Vec<u8>, Vec<u8>, Files) {
    let bytes = std::fs::read(root().join("crates/package/tests/vectors/valid.llpkg")).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut take = |name: &str| {
        let mut out = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
        out
    };
    let manifest = take(livinglab_package::MANIFEST_FILE);
    let signature = take(livinglab_package::SIGNATURE_FILE);
    let m: livinglab_package::Manifest = serde_json::from_slice(&manifest).unwrap();
    let files = m.files.iter().map(|f| (f.sha256.clone(), take(&f.path))).collect();
    (manifest, signature, files)
}

fn review_text() -> String {
    let hub = hub_key();
    let review = Review {
        format: "livinglab-review".into(),
        format_version: 1,
        review_id: "01900000-0000-7000-8000-0000000000bb".into(),
        hub_id: "01900000-0000-7000-8000-0000000000cc".into(),
        hub_name: "Hub Living Lab Kabupaten Sumedang".into(),
        hub_key_id: hub.identity().key_id.clone(),
        package_id: "01900000-0000-7000-8000-0000000000dd".into(),
        manifest_sha256: "7ffdd7efd84cb891db1482a90220d3382ca9caf68ab77d29768381a1a2594eb8".into(),
        region: "32.04".into(),
        period: 2024,
        seq: 1,
        state: ReviewState::PerluRevisi,
        note: "Lengkapi bukti dukung.".into(),
        notes: vec![IndicatorNote { indicator: "1".into(), note: "Unggah Perbup SPBE yang ditandatangani.".into() }],
        reviewed_at: "2026-03-01T08:00:00Z".into(),
        reviewed_by: "Koordinator".into(),
    };
    String::from_utf8(canonical_json(&review).unwrap()).unwrap()
}

fn http(method: &str, path: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "{method} {path} HTTP/1.1\r\nHost: hub.example\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn write_all() {
    let region = region_key();
    let hub = hub_key();
    let p = pki();
    std::fs::create_dir_all(seeds().join("anchors")).unwrap();
    std::fs::write(seeds().join("anchors/test-root.der"), &p.root_der).unwrap();

    let plain = pdf("Laporan kemajuan SPBE", None);
    write("signed_pdf", "plain.pdf", &plain);
    write("signed_pdf", "sealed.pdf", &sealed(&plain, &region));
    write("signed_pdf", "tte.pdf", &tte_sign(&plain, &p.signer_der, &[&p.ca_der], datetime!(2026-02-02 08:00 UTC)));

    let id = region.identity();
    let llkey = format!("LLKEY1:32.04:{}:{}", id.fingerprint.replace('-', ""), id.public_key_base64());
    write("public_key", "llkey1.txt", llkey.as_bytes());
    write("public_key", "pem.txt", id.public_key_pem().as_bytes());
    write("public_key", "base64.txt", id.public_key_base64().as_bytes());
    write("enrolment_letter", "letter.pdf", &sealed(&pdf("Surat pendaftaran kunci", Some(&llkey)), &region));

    let text = review_text();
    write("review_file", "signed-by-target.bin", &[&[0u8][..], text.as_bytes()].concat());
    let file = SignedReview { review: text.clone(), signature: B64.encode(hub.sign(text.as_bytes())) }.file_text();
    write("review_file", "file.llreview.bin", &[&[1u8][..], file.as_bytes()].concat());

    let (manifest, signature, files) = valid_package();
    write("package_manifest", "signed-by-target.bin", &[&[0u8][..], &manifest].concat());
    let sig_len = u8::try_from(signature.len()).unwrap();
    write("package_manifest", "with-signature.bin", &[&[1u8, sig_len][..], &signature, &manifest].concat());

    let mut csv = b"\x00indicator,level,target,fakta,analisis,owner\n".to_vec();
    csv.extend_from_slice(b"1,3,4,\"Perbup SPBE, 2021\",Perlu kebijakan baru,Diskominfo\n2,2,,,,\n47,5,5,x,y,z\n");
    write("assessment_csv", "spbe-2020.csv", &csv);
    write("assessment_csv", "pemdi-2026.csv", b"\x01indicator,level\n1,3\n20,4\n");
    let published = std::fs::read_to_string(root().join("assets/benchmark/published-results-2023.csv")).unwrap();
    let head: Vec<&str> = published.lines().take(40).collect();
    write("published_results", "results-2023-head.csv", (head.join("\n") + "\n").as_bytes());

    let m: livinglab_package::Manifest = serde_json::from_slice(&manifest).unwrap();
    let offer = serde_json::json!({"manifest": B64.encode(&manifest), "signature": B64.encode(&signature)}).to_string();
    write("receiver_request", "hello.http", b"GET /api/v1/hello HTTP/1.1\r\nHost: hub.example\r\n\r\n");
    write("receiver_request", "home.http", b"GET / HTTP/1.1\r\nHost: hub.example\r\nConnection: close\r\n\r\n");
    write("receiver_request", "offer.http", &http("POST", "/api/v1/packages/offer", offer.as_bytes()));
    let mut session = http("POST", "/api/v1/packages/offer", offer.as_bytes());
    for (sha, bytes) in &files {
        session.extend(http("PUT", &format!("/api/v1/packages/{}/files/{sha}", m.package_id), bytes));
    }
    session.extend(http("POST", &format!("/api/v1/packages/{}/submit", m.package_id), b""));
    session.extend(http("GET", &format!("/api/v1/packages/{}/review", m.package_id), b""));
    write("receiver_request", "offer-upload-submit.http", &session);
    let code = "LL1:0190000000007000800000000000000A:7FFDD7EFD84CB891DB1482A90220D338";
    write("receiver_request", "document.http", &http("GET", &format!("/api/v1/documents/{code}"), b""));
    write("receiver_request", "page.http", &http("GET", &format!("/v/{code}"), b""));
    write(
        "receiver_request",
        "chunked.http",
        b"POST /api/v1/packages/offer HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"ma\r\n0\r\n\r\n",
    );
}

#[test]
fn the_fuzz_seeds_are_what_their_names_say() {
    if std::env::var_os("LIVINGLAB_WRITE_SEEDS").is_some() {
        write_all();
    }
    let region = region_key();
    let root_der = std::fs::read(seeds().join("anchors/test-root.der")).unwrap();
    let root = TrustAnchor::from_der(&root_der, AnchorOrigin::Added).unwrap();
    let key = region.identity().public_key.clone();
    let report = verify_pdf(&read("signed_pdf", "sealed.pdf"), &[], &[key.as_slice()], None).unwrap();
    assert!(!report.signatures.is_empty() && report.signatures.iter().all(|s| s.valid), "{report:#?}");
    let report = verify_pdf(&read("signed_pdf", "tte.pdf"), &[root], &[], None).unwrap();
    assert_eq!(report.verdict, Verdict::Valid, "{report:#?}");
    let (named, der) = livinglab_hub::keys::key_from_letter(&read("enrolment_letter", "letter.pdf")).unwrap();
    assert_eq!((named.as_deref(), der), (Some("32.04"), key));
    for name in ["llkey1.txt", "pem.txt", "base64.txt"] {
        let text = String::from_utf8(read("public_key", name)).unwrap();
        livinglab_hub::keys::parse_public_key(&text).unwrap();
    }
    let file = read("review_file", "file.llreview.bin");
    let signed: SignedReview = serde_json::from_slice(&file[1..]).unwrap();
    signed.verify(&hub_key().identity().public_key).unwrap();
    let seed = read("package_manifest", "with-signature.bin");
    let len = seed[1] as usize;
    let report = livinglab_package::verify::verify_signed_manifest(&seed[2 + len..], &seed[2..2 + len], Lang::En);
    assert!(report.manifest.is_some() && report.failed.is_none(), "{report:#?}");
    let csv = read("assessment_csv", "spbe-2020.csv");
    let fw = livinglab_core::framework::shipped().iter().find(|f| f.id == "spbe-2020").unwrap();
    livinglab_store::assessment::parse_import_csv(fw, std::str::from_utf8(&csv[1..]).unwrap()).unwrap();
    livinglab_core::published::parse(&read("published_results", "results-2023-head.csv")).unwrap();
}
