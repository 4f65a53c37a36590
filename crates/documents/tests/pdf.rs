//! The PDFs as a reader sees them, checked with poppler's tools (pdfinfo, pdffonts, pdftotext,
//! pdftoppm) and zbar (zbarimg): they parse, every font is embedded, the words come out in
//! order, the QR code decodes to the verification content, long tables flow onto further pages.

use std::path::{Path, PathBuf};
use std::process::Command;

use livinglab_core::i18n::Lang;
use livinglab_documents::letter::{self, Signatory};
use livinglab_documents::seal::Sealer;
use livinglab_documents::{report, sample};
use livinglab_sign::keystore::Keystore;
use livinglab_store::documents::DocumentRecord;
use livinglab_store::Workspace;
use time::macros::date;
use zeroize::Zeroizing;

const TODAY: time::Date = date!(2026 - 11 - 21);

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (poppler-utils, zbar-tools): {e}"));
    assert!(out.status.success(), "{name} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn pages(pdf: &Path) -> usize {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|v| v.trim().parse().unwrap()))
        .unwrap()
}

fn assert_fonts_embedded(pdf: &Path) {
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name, type…, encoding, emb, sub, uni, object, id: "emb" is the fourth from the end but two.
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
    }
}

/// Every font is a subset (pdffonts: a six-letter tag on its name, "sub yes", a ToUnicode map)
/// whose font program is a small part of the face's file, and the file claims no PDF/X level.
fn assert_fonts_subset(bytes: &[u8], dir: &Path) {
    let pdf = write(dir, "subset-check.pdf", bytes);
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    for row in fonts.lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let (name, emb, sub, uni) = (cols[0], cols[cols.len() - 5], cols[cols.len() - 4], cols[cols.len() - 3]);
        let (tag, face) = name.split_once('+').unwrap_or_else(|| panic!("no subset tag: {row}"));
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "subset tag of {row}");
        assert!(face.starts_with("LiberationSans") || face.starts_with("TeXGyreBonum"), "{row}");
        assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "{row}");
    }
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let mut programs = 0;
    for object in doc.objects.values() {
        let Ok(descriptor) = object.as_dict() else { continue };
        if !descriptor.has_type(b"FontDescriptor") {
            continue;
        }
        let name = String::from_utf8_lossy(descriptor.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        let file = descriptor.get(b"FontFile2").or_else(|_| descriptor.get(b"FontFile3")).unwrap();
        let program = doc.get_object(file.as_reference().unwrap()).unwrap().as_stream().unwrap();
        let size = program.decompressed_content().map(|c| c.len()).unwrap_or(program.content.len());
        // The whole faces are 140 to 415 KB; a document's glyphs take a few dozen KB at most.
        assert!(size < 40_000, "{name}: a font program of {size} bytes is not a subset");
        programs += 1;
    }
    assert_eq!(programs, fonts.lines().skip(2).count(), "one font program per font");
    let info = doc.trailer.get(b"Info").and_then(|i| doc.get_dictionary(i.as_reference()?)).unwrap();
    assert!(!info.has(b"GTS_PDFXVersion"), "the document is not PDF/X and must not say so");
    assert!(!tool("pdfinfo", &[pdf.to_str().unwrap()]).contains("PDF/X"));
}

/// The QR code of page `page`, decoded from a 150 dpi grey rendering, as an office scanner makes.
fn qr_of(pdf: &Path, page: usize, dir: &Path) -> String {
    qr_at(pdf, page, dir, 150)
}

fn qr_at(pdf: &Path, page: usize, dir: &Path, dpi: u32) -> String {
    let name = format!("qr-{page}-{dpi}dpi");
    let prefix = dir.join(&name);
    let (p, r) = (page.to_string(), dpi.to_string());
    let (pdf, out) = (pdf.to_str().unwrap(), prefix.to_str().unwrap());
    tool("pdftoppm", &["-png", "-gray", "-r", &r, "-f", &p, "-l", &p, pdf, out]);
    let image = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(&name))
        .unwrap();
    tool("zbarimg", &["-q", "--raw", image.to_str().unwrap()]).trim().to_string()
}

/// The workspace's seal, its key in an explicitly chosen key file (the keychain has its own
/// tests in the signing crate).
fn sealer(ws: &mut Workspace, dir: &Path) -> Sealer {
    let store = Keystore::File { path: dir.join("keys.json"), passphrase: Zeroizing::new("uji-segel".into()) };
    Sealer::open(ws, &store).unwrap()
}

/// Issues the letter sealed, and checks the seal with poppler's pdfsig.
fn issue_letter(ws: &mut Workspace, draft: &letter::LetterDraft, dir: &Path) -> (DocumentRecord, Vec<u8>) {
    let sealer = sealer(ws, dir);
    let issued = letter::issue(ws, draft, Some(&sealer)).unwrap();
    assert_seal_valid(&issued.1, dir);
    issued
}

fn issue_report(ws: &mut Workspace, year: i32, lang: Lang, dir: &Path) -> (DocumentRecord, Vec<u8>) {
    let sealer = sealer(ws, dir);
    let issued = report::issue(ws, year, lang, TODAY, Some(&sealer)).unwrap();
    assert_seal_valid(&issued.1, dir);
    issued
}

/// pdfsig, an independent verifier, finds one valid signature covering the whole file.
fn assert_seal_valid(bytes: &[u8], dir: &Path) {
    let pdf = write(dir, "sealed-check.pdf", bytes);
    let out = Command::new("pdfsig").arg(&pdf).output().expect("pdfsig is needed (poppler-utils)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("Signature is Valid."), "{report}");
    assert!(report.contains("Total document signed"), "{report}");
    assert!(report.contains("Segel elektronik Living Lab"), "{report}");
}

/// How often a PDF places an image, and how many distinct image objects it holds.
fn image_placements(pdf: &[u8], dir: &Path) -> (usize, usize) {
    let images = tool("pdfimages", &["-list", write(dir, "images.pdf", pdf).to_str().unwrap()]);
    let placed: Vec<&str> = images.lines().skip(2).filter(|l| l.split_whitespace().nth(2) == Some("image")).collect();
    let objects: std::collections::BTreeSet<&str> =
        placed.iter().map(|l| l.split_whitespace().nth(10).unwrap()).collect();
    (placed.len(), objects.len())
}

fn sample_workspace(dir: &Path) -> Workspace {
    sample::create(&dir.join("ws"), TODAY).unwrap()
}

#[test]
fn the_commitment_letter_is_a_proper_pdf_with_a_matching_qr() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = sample_workspace(tmp.path());
    let draft = letter::draft(&ws, Lang::Id, date!(2022 - 11 - 21)).unwrap();
    let (record, bytes) = issue_letter(&mut ws, &draft, tmp.path());
    let pdf = write(tmp.path(), "letter.pdf", &bytes);

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("Title:") && info.contains("Surat Pernyataan Komitmen"), "{info}");
    assert!(info.contains("Author:          Dinas Komunikasi dan Informatika"), "{info}");
    assert!(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "{info}");
    assert!(!info.contains("1970"), "a creation date is set: {info}");
    assert_fonts_embedded(&pdf);

    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    // A letter the head of region signs carries the kop jabatan by default.
    assert!(text.contains("BUPATI CONTOH") && !text.contains("PEMERINTAH KABUPATEN CONTOH"), "{text}");
    assert!(text.contains("SURAT PERNYATAAN KOMITMEN"));
    assert!(text.contains("Contoh, 21 November 2022"), "the date in Indonesian: {text}");
    assert!(text.contains(&format!("Nomor: {}", record.number)), "{text}");
    assert_eq!(record.number, "000.8.3.3/1/Diskominfo/XI/2022", "numbers run per year of the letter");
    let plain = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let opening = plain.find("Yang bertanda tangan di bawah ini").unwrap();
    let statement = plain.find("dengan ini menyatakan berkomitmen untuk").unwrap();
    let closing = plain.find("Demikian surat pernyataan ini").unwrap();
    assert!(opening < statement && statement < closing, "reading order");
    assert!(plain.contains("3,50") || plain.contains("4,20"), "the target with a decimal comma");
    assert!(plain.contains("Halaman 1 dari"), "page numbers");

    let qr = qr_of(&pdf, pages(&pdf), tmp.path());
    assert_eq!(qr, livinglab_core::verification::VerificationCode::new(&record.id, &record.data_sha256).encode());
    // A coarser picture (a fax, a phone photo from arm's length) still reads.
    assert_eq!(qr_at(&pdf, pages(&pdf), tmp.path(), 100), qr);
    // The hash is that of the canonical data kept with the record, and the QR finds the record.
    let (_, sha) = livinglab_core::canonical_sha256(&ws.document_data(&record.id).unwrap()).unwrap();
    assert_eq!(sha.as_str(), record.data_sha256);
    assert_eq!(ws.find_document(&qr).unwrap().unwrap().id, record.id);
    assert_eq!(ws.document_pdf(&record.id).unwrap(), bytes, "a copy of the PDF stays in the workspace");
}

#[test]
fn a_joint_letter_flows_its_signatories_over_pages_with_the_header_repeated() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = sample_workspace(tmp.path());
    let mut draft = letter::draft(&ws, Lang::Id, TODAY).unwrap();
    draft.signatories = livinglab_core::regions::Regions::get()
        .regions
        .iter()
        .take(62)
        .map(|r| Signatory { region: r.name.clone(), name: format!("Kepala Daerah {}", r.short_name()) })
        .collect();
    let (_, bytes) = issue_letter(&mut ws, &draft, tmp.path());
    let pdf = write(tmp.path(), "joint.pdf", &bytes);
    let n = pages(&pdf);
    assert!(n >= 4, "62 signatories need several pages, got {n}");
    for page in 2..=n - 1 {
        let p = page.to_string();
        let text = tool("pdftotext", &["-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"]);
        assert!(text.contains("Nama Kepala Daerah") && text.contains("Tanda Tangan"), "header repeated on page {page}");
    }
    let all = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(all.contains("Kepala Daerah Aceh Selatan") && all.contains("Ditandatangani bersama di Contoh"));
    assert_fonts_embedded(&pdf);
}

#[test]
fn the_progress_report_holds_every_section_and_flows_its_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = sample_workspace(tmp.path());
    let (record, bytes) = issue_report(&mut ws, 2025, Lang::Id, tmp.path());
    let pdf = write(tmp.path(), "report.pdf", &bytes);
    let n = pages(&pdf);
    assert!(n >= 5, "cover, summary and charts, tables, approval: {n} pages");
    assert_fonts_embedded(&pdf);
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    for needle in [
        "LAPORAN KEMAJUAN",
        "KABUPATEN CONTOH",
        "Periode Penilaian Tahun 2025",
        "1. Ringkasan",
        "4,19 (Sangat Baik)",
        "+0,91 dibanding tahun 2024 (3,28)", // 4.1855 − 3.281, from the unrounded indices
        "4. Nilai per Indikator",
        "5. Tindak Lanjut",
        "6. Daftar Data Dukung",
        "1.a.Perbup-Contoh-12-2023-Arsitektur-SPBE.pdf",
        "Lembar Pengesahan",
        "Ir. Budi Santoso, M.T.",
        "NIP 19700315 200003 1 004",
        "21 November 2026",
        "CONTOH (data fiktif)",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
    // The indicator table runs over more than one page, its header on each.
    let header_pages = (1..=n)
        .filter(|page| {
            let p = page.to_string();
            let t = tool("pdftotext", &["-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"]);
            t.contains("Indikator") && t.contains("Selisih")
        })
        .count();
    assert!(header_pages >= 2, "the indicator table's header appears on {header_pages} pages");
    let qr = qr_of(&pdf, 1, tmp.path());
    // Decoded from a 150-dpi scan, the code finds the report in the workspace.
    assert_eq!(qr, livinglab_core::verification::VerificationCode::new(&record.id, &record.data_sha256).encode());
    assert_eq!(ws.find_document(&qr).unwrap().unwrap().id, record.id);
}

#[test]
fn documents_in_english_and_a_bookman_letter() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = sample_workspace(tmp.path());
    let settings = letter::LetterSettings { typeface: livinglab_documents::pdf::Typeface::Serif, ..Default::default() };
    ws.save_setting("letter", &settings).unwrap();
    let draft = letter::draft(&ws, Lang::En, TODAY).unwrap();
    let (_, bytes) = issue_letter(&mut ws, &draft, tmp.path());
    let pdf = write(tmp.path(), "en.pdf", &bytes);
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("STATEMENT OF COMMITMENT") && text.contains("21 November 2026"));
    assert!(text.contains("Page 1 of"));
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.lines().count() >= 3);
    assert_fonts_embedded(&pdf);
    let (_, report_bytes) = issue_report(&mut ws, 2024, Lang::En, tmp.path());
    let report_text = tool("pdftotext", &[write(tmp.path(), "r.pdf", &report_bytes).to_str().unwrap(), "-"]);
    assert!(report_text.contains("PROGRESS REPORT") && report_text.contains("3.28 (Good)"), "English decimal point");
}

#[test]
fn a_table_row_taller_than_a_page_continues_on_the_next_under_the_header() {
    use livinglab_documents::pdf::{Align, Column, Doc, Footer};
    let tmp = tempfile::tempdir().unwrap();
    let (top, bottom) = (20.0, 25.0);
    let mut doc = Doc::new(
        "Tabel",
        (top, 20.0, bottom, 20.0),
        Footer { page_label: "Halaman {page} dari {pages}".into(), verification: String::new(), watermark: None },
    );
    let words: Vec<String> = (1..=1500).map(|i| format!("kata{i}")).collect();
    let rows = vec![
        vec!["1".to_string(), "Pendek".to_string()],
        vec!["2".to_string(), words.join(" ")],
        vec!["3".to_string(), "Sesudahnya".to_string()],
    ];
    doc.table(&[Column::new("No", 12.0, Align::Right), Column::new("Uraian", 60.0, Align::Left)], &rows, 10.0);
    let pdf = write(tmp.path(), "tabel.pdf", &doc.finish());
    let n = pages(&pdf);
    assert!(n >= 3, "{n} pages");
    let bbox = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let bottom_pt = (297.0 - bottom) * 72.0 / 25.4;
    let mut seen = Vec::new();
    let mut headers = 0;
    for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attr = |name: &str| -> f32 {
            let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[at..].split('"').next().unwrap().parse().unwrap()
        };
        let word = line.rsplit_once("\">").unwrap().1.trim_end_matches("</word>");
        if word == "Uraian" {
            headers += 1;
        }
        if let Some(n) = word.strip_prefix("kata") {
            assert!(attr("yMax") <= bottom_pt + 0.5, "{word} drawn below the bottom margin: {line}");
            seen.push(n.parse::<u32>().unwrap());
        }
    }
    assert_eq!(seen, (1..=1500).collect::<Vec<_>>(), "every line of the row, once, in order");
    assert_eq!(headers, n, "the header starts every page the table reaches");
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("Sesudahnya"));
}

#[test]
fn documents_embed_font_subsets_and_each_image_once_so_they_stay_small() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = sample_workspace(tmp.path());
    let draft = letter::draft(&ws, Lang::Id, TODAY).unwrap();
    let (_, letter) = letter::issue(&mut ws, &draft, None).unwrap();
    let (_, report) = report::issue(&mut ws, 2025, Lang::Id, TODAY, None).unwrap();
    // Embedding whole fonts made them 464 KB and 528 KB; the seal adds about 10 KB to either.
    assert!(letter.len() < 80_000, "the letter is {} bytes", letter.len());
    assert!(report.len() < 150_000, "the report is {} bytes", report.len());
    assert_fonts_subset(&letter, tmp.path());
    assert_fonts_subset(&report, tmp.path());

    // The report's cover carries the emblem once, and no kop above it.
    assert_eq!(image_placements(&report, tmp.path()), (1, 1));
    // A picture placed twice is embedded once.
    let (_, emblem) = ws.emblem().unwrap().unwrap();
    let mut doc = livinglab_documents::pdf::Doc::new("Dua kali", (20.0, 20.0, 20.0, 20.0), Default::default());
    doc.image(&emblem, 20.0, 20.0, 30.0, 30.0);
    doc.image(&emblem, 80.0, 20.0, 30.0, 30.0);
    assert_eq!(image_placements(&doc.finish(), tmp.path()), (2, 1));
    // The emblem is flattened onto the white page and deflated: no soft mask, no JPEG blur.
    let listed = tool("pdfimages", &["-list", write(tmp.path(), "report-images.pdf", &report).to_str().unwrap()]);
    let rows: Vec<Vec<&str>> = listed.lines().skip(2).map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!((rows[0][2], rows[0][5], rows[0][8]), ("image", "rgb", "image"), "{listed}");
    // A large picture keeps at most 640 pixels a side: more than 300 dpi where it is printed.
    let big = {
        let mut png = Vec::new();
        let picture =
            image::RgbaImage::from_fn(2000, 1000, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 200]));
        picture.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        png
    };
    let mut doc = livinglab_documents::pdf::Doc::new("Besar", (20.0, 20.0, 20.0, 20.0), Default::default());
    assert_eq!(doc.image(&big, 20.0, 20.0, 40.0, 40.0), Some((40.0, 20.0)));
    let listed = tool("pdfimages", &["-list", write(tmp.path(), "big.pdf", &doc.finish()).to_str().unwrap()]);
    let row: Vec<&str> = listed.lines().nth(2).unwrap().split_whitespace().collect();
    assert_eq!((row[3], row[4]), ("640", "320"), "{listed}");
    assert!(livinglab_documents::pdf::Doc::new("x", (20.0, 20.0, 20.0, 20.0), Default::default())
        .image(b"not a picture", 0.0, 0.0, 10.0, 10.0)
        .is_none());

    // The Bookman faces (CFF outlines) are subset too, and a sealed subset letter still verifies.
    let settings = letter::LetterSettings { typeface: livinglab_documents::pdf::Typeface::Serif, ..Default::default() };
    ws.save_setting("letter", &settings).unwrap();
    let draft = letter::draft(&ws, Lang::En, TODAY).unwrap();
    let (_, serif) = issue_letter(&mut ws, &draft, tmp.path());
    assert_fonts_subset(&serif, tmp.path());
    // Issued as a user issues it, sealed: still under 80 KB (the seal's room is 4 KB).
    assert!(serif.len() < 80_000, "the sealed letter is {} bytes", serif.len());
    let fonts = tool("pdffonts", &[write(tmp.path(), "serif.pdf", &serif).to_str().unwrap()]);
    assert!(fonts.contains("+TeXGyreBonum-Regular") && fonts.contains("CID Type 0C"), "{fonts}");
}

/// The kop jabatan prints Garuda Pancasila once the user has loaded it, and says where it is
/// missing until then; the kop instansi stays a choice, and ends with the place and postal code.
#[test]
fn the_kop_jabatan_takes_the_national_emblem_the_user_loads() {
    use livinglab_documents::checklist;
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = sample_workspace(tmp.path());
    let draft = letter::draft(&ws, Lang::Id, TODAY).unwrap();
    let missing = checklist::letter(&ws, Lang::Id).unwrap();
    assert!(missing.iter().any(|m| m.contains("Garuda Pancasila")), "{missing:?}");
    assert_eq!(image_placements(&letter::preview(&ws, &draft).unwrap(), tmp.path()), (0, 0), "no emblem stands in");

    // The regional emblem's bytes stand in for the national emblem's file here.
    let (_, picture) = ws.emblem().unwrap().unwrap();
    ws.set_national_emblem(&picture).unwrap();
    assert!(checklist::letter(&ws, Lang::Id).unwrap().is_empty());
    let preview = letter::preview(&ws, &draft).unwrap();
    assert_eq!(image_placements(&preview, tmp.path()), (1, 1));
    // The example's letter under the taller kop jabatan (three priorities, two actions) is
    // set a little tighter to stay on one page, its last commitment's first line filled.
    assert_eq!(pages(&write(tmp.path(), "jabatan-pages.pdf", &preview)), 1);
    let bbox = tool("pdftotext", &["-bbox", write(tmp.path(), "jabatan-bbox.pdf", &preview).to_str().unwrap(), "-"]);
    let words: Vec<(&str, f32)> = bbox
        .lines()
        .filter_map(|l| {
            let x_max = l.split("xMax=\"").nth(1)?.split('"').next()?.parse().ok()?;
            Some((l.split('>').nth(1)?.split('<').next()?, x_max))
        })
        .collect();
    let right = words.iter().map(|w| w.1).fold(0.0, f32::max);
    let after_kepada = words.windows(2).find(|w| w[0].0 == "kepada" && w[1].0 == "Pemerintah").unwrap()[1];
    assert!(right - after_kepada.1 < 1.0, "the line ends at the margin: {after_kepada:?}, margin {right}");
    let text = tool("pdftotext", &["-layout", write(tmp.path(), "jabatan.pdf", &preview).to_str().unwrap(), "-"]);
    assert!(text.contains("BUPATI CONTOH"), "{text}");
    // A preview takes no number and says what it is on every page.
    assert!(text.contains("Nomor: 000.8.3.3/……/Diskominfo/"), "{text}");
    assert!(text.contains("PRATINJAU"), "{text}");

    let settings =
        letter::LetterSettings { kop: livinglab_documents::common::KopStyle::Instansi, ..Default::default() };
    ws.save_setting("letter", &settings).unwrap();
    let preview = letter::preview(&ws, &draft).unwrap();
    let text = tool("pdftotext", &["-layout", write(tmp.path(), "instansi.pdf", &preview).to_str().unwrap(), "-"]);
    assert!(text.contains("PEMERINTAH KABUPATEN CONTOH") && text.contains("CONTOH 12345"), "{text}");
}

/// The cover letter sends the period's report and letter to Sumedang on one page, addressed to
/// the coordinator, with the recipient's receipt and the office head's signature; a report
/// issued with gaps is named by the checklist first.
#[test]
fn the_cover_letter_sends_the_report_on_one_page() {
    use livinglab_documents::{checklist, cover};
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = sample_workspace(tmp.path());
    let gaps = checklist::report(&ws, 2026, Lang::Id, TODAY).unwrap();
    assert!(gaps.iter().any(|g| g.contains("belum dinilai")), "{gaps:?}");
    let (report, _) = report::issue(&mut ws, 2025, Lang::Id, TODAY, None).unwrap();
    let draft = cover::draft(&ws, 2025, Lang::Id, TODAY).unwrap();
    assert!(draft.items[0].what.contains(&report.number), "{:?}", draft.items);
    let (record, bytes) = cover::issue(&mut ws, &draft, None).unwrap();
    assert_eq!(record.kind, "cover");
    let pdf = write(tmp.path(), "pengantar.pdf", &bytes);
    assert_eq!(pages(&pdf), 1);
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    for expected in
        ["SURAT PENGANTAR", "Yth.", "Bupati Sumedang", "Naskah Dinas yang Dikirimkan", "Diterima tanggal", "Penerima,"]
    {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(text.contains(&format!("Nomor: {}", record.number)), "{text}");
    assert!(text.contains(&ws.profile().unwrap().office_head.name), "the head of the office signs: {text}");
    // It takes its number from the office's register of letters.
    let commitment = letter::draft(&ws, Lang::Id, TODAY).unwrap();
    let (letter, _) = letter::issue(&mut ws, &commitment, None).unwrap();
    assert_ne!(letter.number, record.number);
}

/// A file name wider than its column breaks after a separator, and a long region name wraps
/// inside the kop: nothing runs past the margin.
#[test]
fn long_names_wrap_at_sensible_points() {
    use livinglab_documents::pdf::{Doc, Face};
    let doc = Doc::new("Nama", (20.0, 20.0, 20.0, 20.0), Default::default());
    let name = "Laporan_Evaluasi_Pemerintah_Digital_Kabupaten_Contoh_Tahun_2025_versi-akhir.pdf";
    let lines = doc.wrap(name, Face::Sans, 10.0, 40.0);
    assert!(lines.len() > 1, "{lines:?}");
    for line in &lines[..lines.len() - 1] {
        assert!(line.ends_with('_') || line.ends_with('-') || line.ends_with('.'), "{lines:?}");
        assert!(doc.fonts.width(Face::Sans, line, 10.0) <= 40.0, "{line}");
    }
    assert_eq!(lines.concat(), name, "nothing lost");
    // A run with no separator still breaks by characters.
    let hash = "a".repeat(120);
    assert!(doc.wrap(&hash, Face::Sans, 10.0, 40.0).iter().all(|l| doc.fonts.width(Face::Sans, l, 10.0) <= 40.0));
}

/// The enrolment letter of a replacement key stays one page whatever its key looks like: the
/// key breaks evenly (not at a "/" that happens to fall early), and "Demikian …" stays with the
/// signature and the QR code.
#[test]
fn the_enrolment_letter_of_a_replacement_key_is_one_page() {
    use livinglab_documents::common::{Issuer, Signing};
    use livinglab_documents::enrolment::{self, EnrolmentModel};
    use livinglab_documents::pdf::Typeface;
    use livinglab_documents::seal::IdentityView;
    let dir = tempfile::tempdir().unwrap();
    let ws = sample_workspace(dir.path());
    // Keys as P-256 keys read (their SPKI header, then 88 characters of point), with slashes
    // where a break at a separator would waste a line; a pseudo-random run of them.
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut keys: Vec<String> = (0..6)
        .map(|_| {
            let point: String = (0..88)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    B64[(seed >> 58) as usize] as char
                })
                .collect();
            format!("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE{point}")
        })
        .collect();
    keys.push(format!("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE{}", "mW/+".repeat(22)));
    let view = |public_key: &str| IdentityView {
        key_id: "k-9f3c2a71b0d4".into(),
        algorithm: "ecdsa-p256".into(),
        public_key: public_key.into(),
        fingerprint: "9F3C-2A71-B0D4-55E1-0C8A-77D2-1B6E-4F90".into(),
        store: "os".into(),
        created_at: "2026-11-21T08:00:00Z".into(),
        computer: "DISKOMINFO-PC-PERENCANAAN-01".into(),
    };
    for lang in [Lang::Id, Lang::En] {
        for typeface in [Typeface::Sans, Typeface::Serif] {
            for key in &keys {
                for signing in [Signing::WetInk, Signing::Tte { marker: true, bsre_footer: true }] {
                    let model = EnrolmentModel {
                        kind: "enrolment",
                        number: "000.5.12/0042/Diskominfo/2026".into(),
                        lang,
                        date: TODAY.to_string(),
                        issuer: Issuer::of(&ws).unwrap(),
                        key: view(key),
                        replaces: Some("k-1a2b3c4d5e6f".into()),
                        typeface,
                        signing,
                    };
                    let pdf = write(dir.path(), "pendaftaran.pdf", &enrolment::render(&model, None).unwrap());
                    if pages(&pdf) != 1 {
                        std::fs::copy(&pdf, "/tmp/enrol-fail.pdf").unwrap();
                    }
                    assert_eq!(pages(&pdf), 1, "{lang:?} {typeface:?} {signing:?} {key}");
                    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
                    let closing = if lang == Lang::Id { "Demikian kami sampaikan" } else { "Thank you" };
                    assert!(text.contains("k-1a2b3c4d5e6f"), "the replaced key is named: {text}");
                    assert!(text.contains(closing), "{text}");
                }
            }
        }
    }
}
