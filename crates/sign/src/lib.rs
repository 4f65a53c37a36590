//! Living Lab signing (Tauri-free): the workspace identity, package signatures, PDF seals and
//! the offline verification of signed PDFs (our seals and TTE signatures from BSrE).
//!
//! # Parts and what each guarantees
//! - [`identity`] — one ECDSA P-256 key per workspace per computer. [`Identity`] is public data
//!   (key id, SPKI, fingerprint `A1B2-…` of 8 groups, creation time); a [`Signer`] holds the
//!   private key in memory only. [`Signer::sign`] gives DER ECDSA signatures over SHA-256 of the
//!   bytes; [`verify()`] checks them. [`rotate`] signs a caller-built transition statement with
//!   the old and the new key; [`retire`] deletes the old key once the caller has recorded it.
//! - [`keystore`] — [`Keystore::Os`] (Windows Credential Manager, macOS Keychain, Secret Service;
//!   never a mock; `sign.keychain_unavailable` when none is reachable, never a silent fallback)
//!   or [`Keystore::File`], an explicitly chosen file of PKCS#8 `ENCRYPTED PRIVATE KEY` PEMs
//!   (`LIVINGLAB_KEYSTORE=file:PATH`, passphrase in `LIVINGLAB_KEY_PASSPHRASE`). Every keystore
//!   call blocks: call it off the UI thread.
//! - [`cert`] — the seal's self-signed X.509 certificate, `CN=Segel elektronik Living Lab —
//!   <region>, O=<office>, C=ID`, deterministic given key, subject and validity.
//! - [`seal`] — [`seal_pdf`] appends a PAdES (`ETSI.CAdES.detached`) signature as an
//!   incremental update: the input stays a byte prefix and the signature covers the whole
//!   output. [`sign_pdf_detached`] is the same update for any CMS maker.
//! - [`cms`] — detached CMS SignedData with content-type, message-digest, signing-time and ESS
//!   signing-certificate-v2 signed attributes.
//! - [`verify`](mod@verify) — [`verify_pdf`] reports each signature (kind seal/tte/other, signer,
//!   issuer, signing and timestamp times, validity, chain trust, coverage, later changes) and a
//!   [`Verdict`]; revocation is never checked (offline) and the report says so.
//! - [`trust`] — [`TrustAnchor`]s from PEM or DER; [`shipped_anchors`] loads the pinned roots in
//!   `assets/trust/`.
//!
//! # Errors
//! Every fallible call returns `livinglab_core::Error` with a `sign.*` code (messages in
//! `assets/i18n`). Verification problems inside a readable PDF are not errors: they are in the
//! report.
pub mod cert;
pub mod cms;
pub mod identity;
pub mod keystore;
pub mod seal;
#[cfg(feature = "test-pki")]
pub mod testpki;
pub mod trust;
pub mod verify;
mod x509;

pub use cert::{seal_certificate, SealCertificate, SealSubject};
pub use identity::{
    current, fingerprint_of, forget, key_id_of, load, load_or_create, retire, rotate, verify, Algorithm, Identity,
    Signer, Transition,
};
pub use keystore::Keystore;
pub use seal::{seal_pdf, sign_pdf_detached, SealOptions, SignatureFields, SubFilter};
pub use trust::{shipped_anchors, AnchorInfo, AnchorOrigin, TrustAnchor};
pub use verify::{verify_pdf, PdfReport, SignatureKind, SignatureReport, TimestampReport, Verdict};
