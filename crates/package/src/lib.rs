//! Living Lab report packages (docs/PACKAGE-FORMAT.md).
//!
//! - [`manifest`] — the manifest: every field, its canonical bytes, its own consistency rules.
//! - [`verify`](mod@verify) — [`verify_file`] / [`verify_bytes`]: the checks, in a fixed
//!   order with stable codes, each passed, failed or skipped with a message in both
//!   languages. Pure: no workspace, no network, bounded memory; the regency and Sumedang
//!   run the same code.
//! - [`write`] — [`write::write_package`]: a manifest and its files streamed into a zip.
//! - [`build`] — [`build::build`]: a package from a workspace and a period, recorded in the
//!   workspace; "nothing changed" returns the last package instead.
//! - [`limits`] — the size, count and ratio limits and the entry-path rule.

pub mod build;
pub mod limits;
pub mod manifest;
pub mod verify;
pub mod write;

pub use build::{build, changed_since_last, check_review_answered, BuildOptions, BuildOutcome, Progress};
pub use manifest::{FileEntry, Manifest, Role, FORMAT_VERSION, MANIFEST_FILE, SIGNATURE_FILE};
pub use verify::{verify_bytes, verify_file, verify_reader, Check, CheckCode, CheckStatus, Report, VerifyContext};
