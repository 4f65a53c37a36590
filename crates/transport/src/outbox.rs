//! Running the workspace's outbox: each entry that is due goes to its hub through the
//! client, and its state follows from what came back (the rules of the states live in
//! `livinglab_store::outbox`).

use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::outbox::{HubLink, OutboxEntry};
use livinglab_store::Workspace;

use crate::client::{check_proxy, check_url, ClientOptions, Failure, HubClient, SendProgress};
use crate::protocol::Hello;

/// Progress of one package of the run: its id and how far its upload is.
pub type OutboxProgressFn = Arc<dyn Fn(&str, SendProgress) + Send + Sync>;

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Send every waiting entry now, not only those whose back-off has passed ("Kirim sekarang").
    pub now_all: bool,
    pub client: ClientOptions,
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("start the network runtime", e))
}

/// The hub link after the user gave an address, perhaps the hub's key (from Sumedang's reply:
/// base64, PEM or the LLKEY1 text) and perhaps a proxy (`None` keeps the current one, empty is
/// the system's). Each is checked first, so bad input changes nothing. A given key is pinned;
/// without one, the same hub again keeps the key pinned for it, and another hub is pinned at
/// its first connection.
pub fn updated_link(old: &HubLink, url: &str, hub_key: Option<&str>, proxy: Option<&str>) -> Result<HubLink> {
    let url = check_url(url)?.to_string();
    let proxy = proxy.map_or_else(|| old.proxy.clone(), |p| p.trim().to_string());
    check_proxy(&proxy)?;
    let mut link = HubLink { url, proxy, ..HubLink::default() };
    let same_hub = old.url == link.url;
    match hub_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(text) => {
            let (_, der) = livinglab_hub::keys::parse_public_key(text)?;
            link.hub_key = base64::engine::general_purpose::STANDARD.encode(&der);
            link.hub_key_id = livinglab_sign::key_id_of(&der);
            if same_hub && link.hub_key == old.hub_key {
                link.hub_name = old.hub_name.clone();
            }
        }
        None if same_hub => {
            (link.hub_key, link.hub_key_id, link.hub_name) =
                (old.hub_key.clone(), old.hub_key_id.clone(), old.hub_name.clone())
        }
        None => {}
    }
    Ok(link)
}

/// "Tes koneksi": the hub's hello at `url` (through `proxy`), checked against the pinned key
/// when there is one.
pub fn test_connection(link: &HubLink, opts: &ClientOptions) -> Result<Hello> {
    let client = HubClient::new(&link.url, &link.proxy, opts)?;
    let hello = runtime()?.block_on(client.hello()).map_err(|f| f.error)?;
    if !link.hub_key.is_empty() && hello.public_key != link.hub_key {
        return Err(Error::new(ErrorCode::HubKeyMismatch)
            .with("found", &hello.key_id)
            .with("expected", &link.hub_key_id));
    }
    Ok(hello)
}

/// The hub link with the hub's key pinned from its hello when none was pinned yet (the key
/// is shown in the settings with its fingerprint, to compare with Sumedang's).
fn pin(ws: &mut Workspace, link: &HubLink, hello: &Hello) -> Result<HubLink> {
    if !link.hub_key.is_empty() {
        return Ok(link.clone());
    }
    let pinned = HubLink {
        hub_key: hello.public_key.clone(),
        hub_key_id: hello.key_id.clone(),
        hub_name: hello.name.clone(),
        ..link.clone()
    };
    ws.save_hub_link(&pinned)?;
    Ok(pinned)
}

/// Sends what is due and records each outcome. Returns the entries it tried, as they are
/// afterwards. An entry fails on its own; the run goes on with the next.
pub fn run(ws: &mut Workspace, opts: &RunOptions, progress: OutboxProgressFn) -> Result<Vec<OutboxEntry>> {
    let due = ws.claim_due(opts.now_all)?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let rt = runtime()?;
    let mut out = Vec::with_capacity(due.len());
    for entry in due {
        let outcome = send_one(ws, &rt, &entry, opts, progress.clone());
        match outcome {
            Ok(receipt) => ws.record_sent(&entry.package_id, &receipt)?,
            Err(f) => ws.record_failure(&entry.package_id, &f.error, !f.retry)?,
        }
        if let Some(after) = ws.outbox_entry(&entry.package_id)? {
            out.push(after);
        }
    }
    Ok(out)
}

fn send_one(
    ws: &mut Workspace,
    rt: &tokio::runtime::Runtime,
    entry: &OutboxEntry,
    opts: &RunOptions,
    progress: OutboxProgressFn,
) -> std::result::Result<serde_json::Value, Failure> {
    let record = ws
        .packages(None)?
        .into_iter()
        .find(|p| p.package_id == entry.package_id)
        .ok_or_else(|| Error::new(ErrorCode::PackageUnknown).with("id", &entry.package_id))?;
    let path = Path::new(&record.path);
    if !path.is_file() {
        return Err(Failure {
            error: Error::new(ErrorCode::PackageUnreadable).with_detail(
                format!("berkas paket {} tidak ditemukan; buat paket lagi atau kembalikan berkasnya", record.path),
                format!("the package file {} is not found; build the package again or put the file back", record.path),
            ),
            retry: false,
        });
    }
    let link = ws.hub_link()?;
    let proxy = if link.url == entry.url { link.proxy.clone() } else { String::new() };
    let client = HubClient::new(&entry.url, &proxy, &opts.client)?;
    let hub_key = if link.url == entry.url && !link.hub_key.is_empty() {
        link.hub_key.clone()
    } else {
        let hello = rt.block_on(client.hello())?;
        if link.url == entry.url {
            pin(ws, &link, &hello)?.hub_key
        } else {
            hello.public_key
        }
    };
    let key = base64::engine::general_purpose::STANDARD
        .decode(&hub_key)
        .map_err(|_| Error::new(ErrorCode::WorkspaceCorrupt).with("detail", "the pinned hub key is not base64"))?;
    let id = entry.package_id.clone();
    let report: crate::client::ProgressFn = Arc::new(move |p| progress(&id, p));
    let sent = rt.block_on(client.send(path, &key, report))?;
    Ok(serde_json::to_value(&sent.receipt).expect("receipts serialize"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hub_key() -> String {
        livinglab_sign::Signer::from_secret_scalar(&[7; 32], time::OffsetDateTime::UNIX_EPOCH)
            .unwrap()
            .identity()
            .public_key_base64()
    }

    fn pinned() -> HubLink {
        let key = hub_key();
        let der = base64::engine::general_purpose::STANDARD.decode(&key).unwrap();
        HubLink {
            url: "https://hub.sumedangkab.go.id/".into(),
            hub_key: key,
            hub_key_id: livinglab_sign::key_id_of(&der),
            hub_name: "Hub Sumedang".into(),
            proxy: "http://proxy.kantor:3128".into(),
        }
    }

    #[test]
    fn the_same_hub_keeps_its_pinned_key_and_another_hub_starts_unpinned() {
        let old = pinned();
        let same = updated_link(&old, " https://hub.sumedangkab.go.id ", None, None).unwrap();
        assert_eq!(same, old);
        let other = updated_link(&old, "https://hub.example.go.id", None, Some("")).unwrap();
        assert_eq!(other.url, "https://hub.example.go.id/");
        assert!(other.hub_key.is_empty() && other.hub_key_id.is_empty() && other.hub_name.is_empty());
        assert!(other.proxy.is_empty(), "an empty proxy is the system's");
    }

    #[test]
    fn a_given_key_is_pinned() {
        let link = updated_link(&HubLink::default(), "https://hub.example.go.id", Some(&hub_key()), None).unwrap();
        assert_eq!(link.hub_key, pinned().hub_key);
        assert_eq!(link.hub_key_id, pinned().hub_key_id);
    }

    #[test]
    fn bad_input_is_refused_with_its_reason() {
        let old = pinned();
        let code = |r: Result<HubLink>| r.unwrap_err().code;
        assert_eq!(code(updated_link(&old, "http://example.com", None, None)), ErrorCode::HubUrlInvalid);
        assert_eq!(code(updated_link(&old, "", None, None)), ErrorCode::HubUrlInvalid);
        assert_eq!(code(updated_link(&old, &old.url, None, Some("socks5://x:1"))), ErrorCode::HubProxyInvalid);
        assert_eq!(code(updated_link(&old, &old.url, Some("bukan kunci"), None)), ErrorCode::HubKeyInvalid);
    }
}
