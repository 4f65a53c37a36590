//! Living Lab signing (Tauri-free): the workspace identity, package signatures, PDF seals and
//! the verification of signed PDFs.
pub mod cert;
pub mod cms;
pub mod identity;
pub mod keystore;
pub mod seal;
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
