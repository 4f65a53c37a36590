//! Running the workspace's outbox: each entry that is due goes to its hub through the
//! client, and its state follows from what came back (the rules of the states live in
//! `livinglab_store::outbox`).

use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::outbox::{HubLink, OutboxEntry};
use livinglab_store::Workspace;

use crate::client::{ClientOptions, Failure, HubClient, SendProgress};
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
