//! The workspace's signing identity: one ECDSA P-256 key per workspace per computer.
//!
//! Invariants:
//! - An [`Identity`] is public data only (key id, SPKI public key, fingerprint, creation time); it
//!   can be shown, stored in the workspace and printed on the enrolment letter.
//! - A [`Signer`] holds the private key in memory only; it is read from the [`Keystore`] when
//!   needed and zeroized when dropped (p256's `SigningKey` zeroizes its scalar on drop).
//! - The key id and the fingerprint are derived from the public key alone, so anyone holding
//!   the public key recomputes them.
//! - Every call into the keystore blocks (the OS keychain answers over IPC and may show a
//!   prompt): call these functions off the UI thread (e.g. `tokio::task::spawn_blocking`).

use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePublicKey, EncodePublicKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use livinglab_core::{Error, ErrorCode, Result};

use crate::keystore::{KeyRecord, Keystore};

/// The one signature algorithm of workspace identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Algorithm {
    /// ECDSA over NIST P-256 with SHA-256; signatures are DER `ECDSA-Sig-Value`.
    #[serde(rename = "ecdsa-p256-sha256")]
    EcdsaP256Sha256,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::EcdsaP256Sha256 => "ecdsa-p256-sha256",
        }
    }
}

/// The public side of a signing identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Lowercase hex of the first 64 bits of SHA-256 over the SPKI DER (16 characters).
    pub key_id: String,
    pub algorithm: Algorithm,
    /// SubjectPublicKeyInfo DER; serialized as standard base64.
    #[serde(with = "b64")]
    pub public_key: Vec<u8>,
    /// The first 128 bits of SHA-256 over the SPKI DER, uppercase hex in groups of four
    /// (`A1B2-C3D4-…`, 8 groups): what a person reads aloud on the phone.
    pub fingerprint: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Identity {
    /// The identity of a public key (SPKI DER), created at `created_at`.
    pub fn from_public_key(public_key: &[u8], created_at: OffsetDateTime) -> Result<Identity> {
        VerifyingKey::from_public_key_der(public_key)
            .map_err(|e| Error::new(ErrorCode::SignKeyDamaged).with("detail", e))?;
        Ok(Identity {
            key_id: key_id_of(public_key),
            algorithm: Algorithm::EcdsaP256Sha256,
            public_key: public_key.to_vec(),
            fingerprint: fingerprint_of(public_key),
            created_at,
        })
    }

    pub fn public_key_base64(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(&self.public_key)
    }

    pub fn public_key_hex(&self) -> String {
        hex::encode(&self.public_key)
    }

    /// The public key as a `PUBLIC KEY` PEM block (what `openssl` reads).
    pub fn public_key_pem(&self) -> String {
        der::pem::encode_string("PUBLIC KEY", der::pem::LineEnding::LF, &self.public_key).unwrap_or_default()
    }
}

/// `key_id` of an SPKI DER public key.
pub fn key_id_of(public_key: &[u8]) -> String {
    hex::encode(&Sha256::digest(public_key)[..8])
}

/// `fingerprint` of an SPKI DER public key.
pub fn fingerprint_of(public_key: &[u8]) -> String {
    let hex = hex::encode_upper(&Sha256::digest(public_key)[..16]);
    hex.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// An identity together with its private key, in memory only.
pub struct Signer {
    identity: Identity,
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("identity", &self.identity).finish_non_exhaustive()
    }
}

impl Signer {
    pub(crate) fn from_record(record: KeyRecord) -> Result<Signer> {
        let public_key = spki_of(record.key.verifying_key())?;
        let identity = Identity::from_public_key(&public_key, record.created_at)?;
        if identity.key_id != record.key_id {
            return Err(Error::new(ErrorCode::SignKeyDamaged)
                .with("detail", format!("stored key {} does not match its public key", record.key_id)));
        }
        Ok(Signer { identity, key: record.key })
    }

    /// A fresh key (from the OS random source), not stored anywhere yet.
    pub(crate) fn generate(created_at: OffsetDateTime) -> Result<Signer> {
        let key = SigningKey::random(&mut rand_core::OsRng);
        let public_key = spki_of(key.verifying_key())?;
        Ok(Signer { identity: Identity::from_public_key(&public_key, created_at)?, key })
    }

    /// A key from a fixed 32-byte secret scalar. For test vectors and tests only: a real
    /// identity is made from the OS random source and lives in a key store.
    pub fn from_secret_scalar(secret: &[u8; 32], created_at: OffsetDateTime) -> Result<Signer> {
        let key = SigningKey::from_bytes(secret.into())
            .map_err(|e| Error::new(ErrorCode::SignKeyDamaged).with("detail", e))?;
        let public_key = spki_of(key.verifying_key())?;
        Ok(Signer { identity: Identity::from_public_key(&public_key, created_at)?, key })
    }

    pub(crate) fn to_record(&self) -> KeyRecord {
        KeyRecord { key_id: self.identity.key_id.clone(), created_at: self.identity.created_at, key: self.key.clone() }
    }

    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// Signs `bytes` (ECDSA P-256 over SHA-256 of the bytes, RFC 6979 deterministic nonce).
    /// Returns the DER `ECDSA-Sig-Value`, the form X.509, CMS and `openssl dgst -verify` use.
    pub fn sign(&self, bytes: &[u8]) -> Vec<u8> {
        let signature: DerSignature = self.key.sign(bytes);
        signature.as_bytes().to_vec()
    }

    /// The key for the CMS and X.509 builders of this crate.
    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.key
    }
}

fn spki_of(key: &VerifyingKey) -> Result<Vec<u8>> {
    key.to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .map_err(|e| Error::new(ErrorCode::SignFailed).with("detail", e))
}

/// Checks a signature made by [`Signer::sign`]: `public_key` is SPKI DER, `signature` DER.
pub fn verify(public_key: &[u8], bytes: &[u8], signature: &[u8]) -> Result<()> {
    let invalid = |what: &str| Error::new(ErrorCode::SignSignatureInvalid).with("detail", what);
    let key = VerifyingKey::from_public_key_der(public_key).map_err(|_| invalid("not a P-256 public key"))?;
    let signature = DerSignature::from_bytes(signature).map_err(|_| invalid("not a DER ECDSA signature"))?;
    key.verify(bytes, &signature).map_err(|_| invalid("the signature does not match the key and the bytes"))
}

/// The workspace's current identity, created (and stored) on first need.
pub fn load_or_create(store: &Keystore, workspace_id: &str) -> Result<Signer> {
    let backend = store.open()?;
    if let Some(key_id) = backend.current(workspace_id)? {
        let record = backend.read_key(workspace_id, &key_id)?.ok_or_else(|| {
            Error::new(ErrorCode::SignKeyDamaged)
                .with("detail", format!("the current key {key_id} is missing from the key store"))
        })?;
        return Signer::from_record(record);
    }
    let signer = Signer::generate(now_second())?;
    backend.write_key(workspace_id, &signer.to_record())?;
    backend.set_current(workspace_id, &signer.identity.key_id)?;
    Ok(signer)
}

/// The workspace's current identity if it has one; never creates a key.
pub fn current(store: &Keystore, workspace_id: &str) -> Result<Option<Signer>> {
    let backend = store.open()?;
    match backend.current(workspace_id)? {
        Some(key_id) => load(store, workspace_id, &key_id).map(Some),
        None => Ok(None),
    }
}

/// One stored key of the workspace by its key id (current or not yet retired).
pub fn load(store: &Keystore, workspace_id: &str, key_id: &str) -> Result<Signer> {
    let record = store
        .open()?
        .read_key(workspace_id, key_id)?
        .ok_or_else(|| Error::new(ErrorCode::SignKeyNotFound).with("key_id", key_id))?;
    Signer::from_record(record)
}

/// A key rotation: `statement` is signed by the old key and by the new key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub old: Identity,
    pub new: Identity,
    /// The bytes the caller built (e.g. canonical JSON naming both keys).
    #[serde(with = "b64")]
    pub statement: Vec<u8>,
    #[serde(with = "b64")]
    pub old_signature: Vec<u8>,
    #[serde(with = "b64")]
    pub new_signature: Vec<u8>,
}

impl Transition {
    /// Both signatures over the statement verify with their keys.
    pub fn verify(&self) -> Result<()> {
        verify(&self.old.public_key, &self.statement, &self.old_signature)?;
        verify(&self.new.public_key, &self.statement, &self.new_signature)
    }
}

/// Replaces the workspace's current key with a new one.
///
/// `statement` builds the transition statement from the old and new identities; both keys sign
/// it. Order (so that a crash leaves a usable store): the new key is stored, the statement
/// signed, then the new key becomes current. The old private key stays in the store until
/// [`retire`] is called, which the caller does once it has recorded the transition.
pub fn rotate(
    store: &Keystore,
    workspace_id: &str,
    statement: impl FnOnce(&Identity, &Identity) -> Vec<u8>,
) -> Result<(Signer, Transition)> {
    let backend = store.open()?;
    let old = match backend.current(workspace_id)? {
        Some(key_id) => load(store, workspace_id, &key_id)?,
        None => return Err(Error::new(ErrorCode::SignKeyNotFound).with("key_id", "(current)")),
    };
    let new = Signer::generate(now_second())?;
    backend.write_key(workspace_id, &new.to_record())?;
    let statement = statement(old.identity(), new.identity());
    let transition = Transition {
        old: old.identity().clone(),
        new: new.identity().clone(),
        old_signature: old.sign(&statement),
        new_signature: new.sign(&statement),
        statement,
    };
    backend.set_current(workspace_id, &new.identity.key_id)?;
    Ok((new, transition))
}

/// Deletes a key that is no longer current from the store. Refuses the current key.
pub fn retire(store: &Keystore, workspace_id: &str, key_id: &str) -> Result<()> {
    let backend = store.open()?;
    if backend.current(workspace_id)?.as_deref() == Some(key_id) {
        return Err(Error::new(ErrorCode::SignKeystoreInvalid)
            .with_detail(format!("kunci {key_id} masih dipakai"), format!("key {key_id} is still current")));
    }
    backend.delete_key(workspace_id, key_id)
}

/// Removes the workspace's current key and the pointer to it from the store (e.g. when the
/// workspace is deleted on this computer). Keys already rotated out are removed by [`retire`].
pub fn forget(store: &Keystore, workspace_id: &str) -> Result<()> {
    let backend = store.open()?;
    if let Some(key_id) = backend.current(workspace_id)? {
        backend.delete_key(workspace_id, &key_id)?;
    }
    backend.clear_current(workspace_id)
}

/// Creation times are kept to the second: they are shown and serialized, never compared finer.
fn now_second() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}

pub(crate) mod b64 {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_eight_groups_of_four() {
        let signer = Signer::generate(now_second()).unwrap();
        let fp = &signer.identity().fingerprint;
        assert_eq!(fp.len(), 39, "{fp}");
        assert_eq!(fp.split('-').count(), 8);
        assert!(fp.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_lowercase()));
        assert_eq!(signer.identity().key_id.len(), 16);
    }

    #[test]
    fn a_signature_verifies_and_a_changed_byte_does_not() {
        let signer = Signer::generate(now_second()).unwrap();
        let sig = signer.sign(b"manifest");
        verify(&signer.identity().public_key, b"manifest", &sig).unwrap();
        let err = verify(&signer.identity().public_key, b"manifesT", &sig).unwrap_err();
        assert_eq!(err.code, ErrorCode::SignSignatureInvalid);
        assert!(verify(&signer.identity().public_key, b"manifest", &sig[1..]).is_err());
        assert!(verify(b"not a key", b"manifest", &sig).is_err());
    }

    #[test]
    fn identity_serializes_with_base64_key_and_rfc3339_time() {
        let signer = Signer::generate(now_second()).unwrap();
        let json = serde_json::to_value(signer.identity()).unwrap();
        assert_eq!(json["algorithm"], "ecdsa-p256-sha256");
        assert_eq!(json["public_key"], signer.identity().public_key_base64());
        let back: Identity = serde_json::from_value(json).unwrap();
        assert_eq!(&back, signer.identity());
        assert!(signer.identity().public_key_pem().starts_with("-----BEGIN PUBLIC KEY-----"));
    }
}
