//! Where private keys live: the OS keychain, or a passphrase-protected key file chosen explicitly.
//!
//! Invariants:
//! - [`Keystore::Os`] is the default. It uses the `keyring` crate with the platform stores only
//!   (Windows Credential Manager, macOS Keychain, Secret Service); when none is reachable every
//!   call fails with `sign.keychain_unavailable`. Nothing ever falls back to a file by itself.
//! - [`Keystore::File`] is used only when chosen (`LIVINGLAB_KEYSTORE=file:PATH`). The file holds
//!   each key as a PKCS#8 `ENCRYPTED PRIVATE KEY` PEM (PBES2: scrypt and AES-256-CBC, readable by
//!   `openssl pkey`), never a plain key. It is written whole to a temporary file and renamed, with
//!   mode 0600 on Unix.
//! - Private key bytes exist outside the store only in memory, in zeroizing buffers.
//! - Each call blocks (IPC to the keychain, or scrypt for the file): call off the UI thread.
//!
//! Layout in the OS keychain: service `Living Lab`, account `<workspace id>/<key id>` for each
//! key, and `<workspace id>/current` naming the current key id.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use p256::ecdsa::SigningKey;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use livinglab_core::{Error, ErrorCode, Result};

/// The keychain service name every entry of Living Lab is filed under.
pub const SERVICE: &str = "Living Lab";
/// Selects the key store: unset or `os` for the OS keychain, `file:PATH` for a key file.
pub const ENV_KEYSTORE: &str = "LIVINGLAB_KEYSTORE";
/// The passphrase of the key file (only read with `file:`).
pub const ENV_PASSPHRASE: &str = "LIVINGLAB_KEY_PASSPHRASE";

/// A key store. The passphrase is zeroized when the value is dropped and never printed.
#[derive(Clone)]
pub enum Keystore {
    Os,
    File { path: PathBuf, passphrase: Zeroizing<String> },
}

impl std::fmt::Debug for Keystore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Keystore {
    /// The store chosen by the environment ([`ENV_KEYSTORE`], [`ENV_PASSPHRASE`]).
    pub fn from_env() -> Result<Keystore> {
        let setting = std::env::var(ENV_KEYSTORE).ok();
        let passphrase = std::env::var(ENV_PASSPHRASE).ok().map(Zeroizing::new);
        Keystore::from_setting(setting.as_deref(), passphrase)
    }

    /// The store a setting names (the value of [`ENV_KEYSTORE`]) with the passphrase for a file.
    pub fn from_setting(setting: Option<&str>, passphrase: Option<Zeroizing<String>>) -> Result<Keystore> {
        let setting = setting.map(str::trim).unwrap_or("");
        if setting.is_empty() || setting == "os" {
            return Ok(Keystore::Os);
        }
        let Some(path) = setting.strip_prefix("file:").filter(|p| !p.is_empty()) else {
            return Err(Error::new(ErrorCode::SignKeystoreInvalid).with_detail(
                format!("{ENV_KEYSTORE}=\"{setting}\" tidak dikenal; gunakan os atau file:PATH"),
                format!("{ENV_KEYSTORE}=\"{setting}\" is unknown; use os or file:PATH"),
            ));
        };
        match passphrase {
            Some(passphrase) if !passphrase.is_empty() => Ok(Keystore::File { path: PathBuf::from(path), passphrase }),
            _ => Err(Error::new(ErrorCode::SignKeystoreInvalid).with_detail(
                format!("berkas kunci {path} dipilih tetapi {ENV_PASSPHRASE} kosong"),
                format!("key file {path} chosen but {ENV_PASSPHRASE} is empty"),
            )),
        }
    }

    /// `os` or `file:PATH`: what `identity show --json` reports as `store`.
    pub fn describe(&self) -> String {
        match self {
            Keystore::Os => "os".to_string(),
            Keystore::File { path, .. } => format!("file:{}", path.display()),
        }
    }

    /// Whether the store can be used now; for the OS keychain, a read of a probe entry.
    pub fn check(&self) -> Result<()> {
        self.open()?.current("(probe)").map(|_| ())
    }

    pub(crate) fn open(&self) -> Result<Box<dyn Backend + '_>> {
        match self {
            Keystore::Os => {
                if let Err(e) = keyring::Entry::store_status() {
                    return Err(keychain_unavailable(e));
                }
                Ok(Box::new(OsBackend))
            }
            Keystore::File { path, passphrase } => Ok(Box::new(FileBackend { path, passphrase })),
        }
    }
}

/// One stored key.
pub(crate) struct KeyRecord {
    pub key_id: String,
    pub created_at: OffsetDateTime,
    pub key: SigningKey,
}

pub(crate) trait Backend {
    fn current(&self, workspace_id: &str) -> Result<Option<String>>;
    fn set_current(&self, workspace_id: &str, key_id: &str) -> Result<()>;
    fn clear_current(&self, workspace_id: &str) -> Result<()>;
    fn read_key(&self, workspace_id: &str, key_id: &str) -> Result<Option<KeyRecord>>;
    fn write_key(&self, workspace_id: &str, record: &KeyRecord) -> Result<()>;
    fn delete_key(&self, workspace_id: &str, key_id: &str) -> Result<()>;
}

fn keychain_unavailable(e: &keyring::Error) -> Error {
    Error::new(ErrorCode::SignKeychainUnavailable).with("detail", e)
}

fn key_damaged(detail: impl std::fmt::Display) -> Error {
    Error::new(ErrorCode::SignKeyDamaged).with("detail", detail)
}

fn keychain_error(e: keyring::Error) -> Error {
    match e {
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => key_damaged(e),
        keyring::Error::Invalid(..) | keyring::Error::TooLong(..) => {
            Error::new(ErrorCode::SignFailed).with("detail", e)
        }
        // No store, no access (locked, no session bus), or a platform failure: all mean the user
        // has to make the keychain reachable.
        other => keychain_unavailable(&other),
    }
}

struct OsBackend;

impl OsBackend {
    fn entry(workspace_id: &str, name: &str) -> Result<keyring::Entry> {
        if workspace_id.is_empty() || workspace_id.contains('/') {
            return Err(Error::new(ErrorCode::SignKeystoreInvalid)
                .with_detail("id ruang kerja tidak sah", "the workspace id is not valid"));
        }
        keyring::Entry::new(SERVICE, &format!("{workspace_id}/{name}")).map_err(keychain_error)
    }

    fn get(workspace_id: &str, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>> {
        match Self::entry(workspace_id, name)?.get_secret() {
            Ok(secret) => Ok(Some(Zeroizing::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

impl Backend for OsBackend {
    fn current(&self, workspace_id: &str) -> Result<Option<String>> {
        match Self::get(workspace_id, "current")? {
            Some(bytes) => String::from_utf8(bytes.to_vec()).map(Some).map_err(key_damaged),
            None => Ok(None),
        }
    }

    fn set_current(&self, workspace_id: &str, key_id: &str) -> Result<()> {
        Self::entry(workspace_id, "current")?.set_secret(key_id.as_bytes()).map_err(keychain_error)
    }

    fn clear_current(&self, workspace_id: &str) -> Result<()> {
        self.delete_key(workspace_id, "current")
    }

    fn read_key(&self, workspace_id: &str, key_id: &str) -> Result<Option<KeyRecord>> {
        match Self::get(workspace_id, key_id)? {
            Some(secret) => decode_secret(&secret).map(Some),
            None => Ok(None),
        }
    }

    fn write_key(&self, workspace_id: &str, record: &KeyRecord) -> Result<()> {
        let secret = encode_secret(record)?;
        Self::entry(workspace_id, &record.key_id)?.set_secret(secret.as_bytes()).map_err(keychain_error)
    }

    fn delete_key(&self, workspace_id: &str, key_id: &str) -> Result<()> {
        match Self::entry(workspace_id, key_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

/// The keychain secret of one key: four lines, `livinglab-key-1`, key id, creation time
/// (RFC 3339) and the PKCS#8 DER in base64. Text so that a keychain viewer shows it sanely.
const SECRET_TAG: &str = "livinglab-key-1";

fn encode_secret(record: &KeyRecord) -> Result<Zeroizing<String>> {
    let der = record.key.to_pkcs8_der().map_err(key_damaged)?;
    let b64 = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(der.as_bytes()));
    let created = record.created_at.format(&Rfc3339).map_err(key_damaged)?;
    Ok(Zeroizing::new(format!("{SECRET_TAG}\n{}\n{created}\n{}", record.key_id, b64.as_str())))
}

fn decode_secret(secret: &[u8]) -> Result<KeyRecord> {
    let text = std::str::from_utf8(secret).map_err(key_damaged)?;
    let lines: Vec<&str> = text.split('\n').collect();
    let [tag, key_id, created, b64] = lines[..] else {
        return Err(key_damaged("the keychain entry is not a Living Lab key"));
    };
    if tag != SECRET_TAG {
        return Err(key_damaged("the keychain entry is not a Living Lab key"));
    }
    let der = Zeroizing::new(base64::engine::general_purpose::STANDARD.decode(b64).map_err(key_damaged)?);
    Ok(KeyRecord {
        key_id: key_id.to_string(),
        created_at: OffsetDateTime::parse(created, &Rfc3339).map_err(key_damaged)?,
        key: SigningKey::from_pkcs8_der(&der).map_err(key_damaged)?,
    })
}

/// The key file: JSON naming, per workspace, the current key and each key's encrypted PEM.
#[derive(Default, Serialize, Deserialize)]
struct KeyFile {
    format: String,
    workspaces: BTreeMap<String, FileWorkspace>,
}

const KEY_FILE_FORMAT: &str = "livinglab-keyfile-1";

#[derive(Default, Serialize, Deserialize)]
struct FileWorkspace {
    current: Option<String>,
    keys: Vec<FileKey>,
}

#[derive(Serialize, Deserialize)]
struct FileKey {
    key_id: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// `-----BEGIN ENCRYPTED PRIVATE KEY-----` (PKCS#8 EncryptedPrivateKeyInfo, PBES2).
    encrypted_private_key: String,
}

struct FileBackend<'a> {
    path: &'a Path,
    passphrase: &'a Zeroizing<String>,
}

impl FileBackend<'_> {
    fn read(&self) -> Result<KeyFile> {
        let bytes = match std::fs::read(self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(KeyFile { format: KEY_FILE_FORMAT.to_string(), ..KeyFile::default() });
            }
            Err(e) => return Err(Error::io(format!("membaca {}", self.path.display()), e)),
        };
        let file: KeyFile = serde_json::from_slice(&bytes).map_err(|_| self.wrong_passphrase())?;
        if file.format != KEY_FILE_FORMAT {
            return Err(self.wrong_passphrase());
        }
        Ok(file)
    }

    fn write(&self, file: &KeyFile) -> Result<()> {
        let json = serde_json::to_vec_pretty(file).map_err(|e| Error::new(ErrorCode::SignFailed).with("detail", e))?;
        write_private_file(self.path, &json)
    }

    fn wrong_passphrase(&self) -> Error {
        Error::new(ErrorCode::SignPassphraseWrong).with("path", self.path.display())
    }

    fn update(&self, workspace_id: &str, change: impl FnOnce(&mut FileWorkspace)) -> Result<()> {
        let mut file = self.read()?;
        change(file.workspaces.entry(workspace_id.to_string()).or_default());
        self.write(&file)
    }
}

impl Backend for FileBackend<'_> {
    fn current(&self, workspace_id: &str) -> Result<Option<String>> {
        Ok(self.read()?.workspaces.get(workspace_id).and_then(|w| w.current.clone()))
    }

    fn set_current(&self, workspace_id: &str, key_id: &str) -> Result<()> {
        self.update(workspace_id, |w| w.current = Some(key_id.to_string()))
    }

    fn clear_current(&self, workspace_id: &str) -> Result<()> {
        self.update(workspace_id, |w| w.current = None)
    }

    fn read_key(&self, workspace_id: &str, key_id: &str) -> Result<Option<KeyRecord>> {
        let file = self.read()?;
        let Some(found) = file.workspaces.get(workspace_id).and_then(|w| w.keys.iter().find(|k| k.key_id == key_id))
        else {
            return Ok(None);
        };
        let key = SigningKey::from_pkcs8_encrypted_pem(&found.encrypted_private_key, self.passphrase.as_bytes())
            .map_err(|_| self.wrong_passphrase())?;
        Ok(Some(KeyRecord { key_id: found.key_id.clone(), created_at: found.created_at, key }))
    }

    fn write_key(&self, workspace_id: &str, record: &KeyRecord) -> Result<()> {
        let pem = record
            .key
            .to_pkcs8_encrypted_pem(&mut rand_core::OsRng, self.passphrase.as_bytes(), LineEnding::LF)
            .map_err(|e| Error::new(ErrorCode::SignFailed).with("detail", e))?;
        let entry = FileKey {
            key_id: record.key_id.clone(),
            created_at: record.created_at,
            encrypted_private_key: pem.to_string(),
        };
        self.update(workspace_id, |w| {
            w.keys.retain(|k| k.key_id != entry.key_id);
            w.keys.push(entry);
        })
    }

    fn delete_key(&self, workspace_id: &str, key_id: &str) -> Result<()> {
        self.update(workspace_id, |w| w.keys.retain(|k| k.key_id != key_id))
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so that a
/// crash leaves either the old file or the new one; readable by the owner only on Unix.
fn write_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |e: std::io::Error| Error::io(format!("menulis {}", path.display()), e);
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp).map_err(io)?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(io)?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_picks_the_store() {
        assert!(matches!(Keystore::from_setting(None, None).unwrap(), Keystore::Os));
        assert!(matches!(Keystore::from_setting(Some("os"), None).unwrap(), Keystore::Os));
        let file = Keystore::from_setting(Some("file:/tmp/k.json"), Some(Zeroizing::new("pw".into()))).unwrap();
        assert_eq!(file.describe(), "file:/tmp/k.json");
        assert!(!format!("{file:?}").contains("pw"));
        let err = Keystore::from_setting(Some("file:/tmp/k.json"), None).unwrap_err();
        assert_eq!(err.code, ErrorCode::SignKeystoreInvalid);
        let err = Keystore::from_setting(Some("vault"), None).unwrap_err();
        assert_eq!(err.code, ErrorCode::SignKeystoreInvalid);
    }

    #[test]
    fn a_secret_round_trips() {
        let key = SigningKey::random(&mut rand_core::OsRng);
        let created_at = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let record = KeyRecord { key_id: "abc".into(), created_at, key: key.clone() };
        let back = decode_secret(encode_secret(&record).unwrap().as_bytes()).unwrap();
        assert_eq!(back.key_id, "abc");
        assert_eq!(back.created_at, created_at);
        assert_eq!(back.key.to_bytes(), key.to_bytes());
        assert!(decode_secret(b"password123").is_err());
    }
}
