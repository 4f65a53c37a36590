//! Writing a package: the signed manifest first, then every file it lists, streamed.
//!
//! Memory stays flat: a file on disk is copied through a fixed buffer and hashed on the way,
//! and a file whose bytes are not the SHA-256 the manifest gives stops the build (a damaged
//! evidence store never leaves in a package). Entries carry a fixed time and mode, so the
//! same manifest and files give the same zip.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::PathBuf;

use livinglab_core::{Error, ErrorCode, Result};
use livinglab_sign::Signer;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::manifest::{FileEntry, Manifest, Role, MANIFEST_FILE, SIGNATURE_FILE};

/// Where a file's bytes come from.
pub enum Source {
    Bytes(Vec<u8>),
    File(PathBuf),
}

pub struct PackageFile {
    pub entry: FileEntry,
    pub source: Source,
}

/// How far the writing is: bytes of listed files written out of all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done_bytes: u64,
    pub total_bytes: u64,
    pub done_files: usize,
    pub total_files: usize,
}

fn options(method: CompressionMethod, size: u64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644)
        .large_file(size >= u32::MAX as u64)
}

fn zip_err(e: impl std::fmt::Display) -> Error {
    Error::io("write the package", e)
}

/// The signature `write_package` stores beside the manifest.
pub fn sign_manifest(manifest: &Manifest, signer: &Signer) -> Vec<u8> {
    signer.sign(&manifest.canonical_bytes())
}

/// Writes the package: `files` must be the manifest's file list, in its order.
pub fn write_package<W: Write + Seek>(
    out: W,
    manifest: &Manifest,
    signer: &Signer,
    files: &[PackageFile],
    progress: &mut dyn FnMut(Progress),
) -> Result<W> {
    write_signed_package(out, manifest, &sign_manifest(manifest, signer), files, progress)
}

/// Writes a package whose manifest is signed already (`signature` over its canonical bytes):
/// how the hub puts together the package whose parts arrived over the network.
pub fn write_signed_package<W: Write + Seek>(
    out: W,
    manifest: &Manifest,
    signature: &[u8],
    files: &[PackageFile],
    progress: &mut dyn FnMut(Progress),
) -> Result<W> {
    let listed: Vec<&FileEntry> = files.iter().map(|f| &f.entry).collect();
    if listed.len() != manifest.files.len() || listed.iter().zip(&manifest.files).any(|(a, b)| *a != b) {
        return Err(Error::new(ErrorCode::PackageInvalid)
            .with("check", "package.manifest")
            .with("detail", "the files are not the manifest's list"));
    }
    let bytes = manifest.canonical_bytes();
    let mut zip = ZipWriter::new(out);
    zip.start_file(MANIFEST_FILE, options(CompressionMethod::Deflated, bytes.len() as u64)).map_err(zip_err)?;
    zip.write_all(&bytes).map_err(zip_err)?;
    zip.start_file(SIGNATURE_FILE, options(CompressionMethod::Stored, signature.len() as u64)).map_err(zip_err)?;
    zip.write_all(signature).map_err(zip_err)?;

    let total_bytes = files.iter().map(|f| f.entry.size).sum();
    let mut state = Progress { done_bytes: 0, total_bytes, done_files: 0, total_files: files.len() };
    progress(state);
    let mut buf = vec![0u8; 256 * 1024];
    for file in files {
        let entry = &file.entry;
        // Evidence and PDFs are compressed already: stored as they are, copying costs no CPU.
        let method = match entry.role {
            Role::Data | Role::Audit | Role::Framework => CompressionMethod::Deflated,
            _ => CompressionMethod::Stored,
        };
        zip.start_file(entry.path.as_str(), options(method, entry.size)).map_err(zip_err)?;
        let mut hasher = Sha256::new();
        let mut count = 0u64;
        match &file.source {
            Source::Bytes(data) => {
                hasher.update(data);
                count = data.len() as u64;
                zip.write_all(data).map_err(zip_err)?;
                state.done_bytes += count;
            }
            Source::File(path) => {
                let mut f = File::open(path).map_err(|e| Error::io(format!("read {}", path.display()), e))?;
                loop {
                    let n = f.read(&mut buf).map_err(|e| Error::io(format!("read {}", path.display()), e))?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buf[..n]);
                    count += n as u64;
                    zip.write_all(&buf[..n]).map_err(zip_err)?;
                    state.done_bytes += n as u64;
                    progress(state);
                }
            }
        }
        if count != entry.size || hex::encode(hasher.finalize()) != entry.sha256 {
            return Err(Error::new(ErrorCode::EvidenceDamaged)
                .with("count", 1)
                .with("name", &entry.path)
                .with("sha256", &entry.sha256));
        }
        state.done_files += 1;
        progress(state);
    }
    zip.finish().map_err(zip_err)
}
