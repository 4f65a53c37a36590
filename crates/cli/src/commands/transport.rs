//! Packages over the network: the hub's receiver and identity, the regency's hub link and outbox.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use livinglab_core::{Error, ErrorCode, Lang, Result};
use livinglab_hub::Hub;
use livinglab_sign::keystore::Keystore;
use livinglab_store::outbox::{HubLink, OutboxEntry, OutboxState};
use livinglab_store::Workspace;
use livinglab_transport::client::{check_url, ClientOptions};
use livinglab_transport::outbox::{run, test_connection, updated_link, RunOptions};
use livinglab_transport::receiver::{terminated, Limits, Receiver};
use serde_json::{json, Value};

use super::print_json;
use crate::args::{HubCommand, HubLinkCommand, NetworkArgs, OutboxCommand};
use crate::say::say;

fn require_hub(dir: Option<&Path>) -> Result<&Path> {
    dir.ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", "--hub"))
}

pub fn hub_identity(dir: Option<&Path>, json: bool) -> Result<()> {
    let hub = Hub::open(require_hub(dir)?)?;
    let signer = hub.signer(&Keystore::from_env()?)?;
    let id = signer.identity();
    if json {
        print_json(&json!({"key_id": id.key_id, "public_key": id.public_key_base64(), "fingerprint": id.fingerprint}));
    } else {
        println!("{}  {}\n{}", id.key_id, id.fingerprint, id.public_key_base64());
    }
    Ok(())
}

pub fn serve(dir: Option<&Path>, command: HubCommand) -> Result<()> {
    let HubCommand::Serve { listen, tls_cert, tls_key, per_region_per_minute, incoming_mib, idle_timeout } = command
    else {
        unreachable!("serve only")
    };
    let dir = require_hub(dir)?;
    let signer = Hub::open(dir)?.signer(&Keystore::from_env()?)?;
    let limits = Limits {
        per_region_per_minute,
        incoming_bytes: incoming_mib.saturating_mul(1024 * 1024),
        idle: Duration::from_secs(idle_timeout.max(1)),
        ..Limits::default()
    };
    // Hub work (imports, key and chain checks) runs on blocking threads that take turns on
    // the hub's database; a few are enough, and each one more is memory.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(8)
        .enable_all()
        .build()
        .map_err(|e| Error::io("start the receiver's runtime", e))?;
    runtime.block_on(async {
        let tls = tls_cert.as_deref().zip(tls_key.as_deref());
        let receiver = Receiver::bind(dir, listen, tls, signer, limits).await?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        println!("{}", json!({"listening": receiver.local_addr().to_string(), "scheme": scheme}));
        let _ = std::io::stdout().flush();
        receiver.run(terminated()).await
    })
}

fn options(network: &NetworkArgs) -> ClientOptions {
    ClientOptions { read_timeout: Duration::from_secs(network.timeout.max(1)), ..ClientOptions::default() }
}

fn link_json(link: &HubLink) -> Value {
    json!({"url": link.url, "hub_key": link.hub_key, "hub_key_id": link.hub_key_id, "hub_name": link.hub_name,
           "proxy": link.proxy})
}

pub fn hub_link(ws: &mut Workspace, command: HubLinkCommand, lang: Lang) -> Result<()> {
    match command {
        HubLinkCommand::Set { url, hub_key, proxy, json } => {
            let link = updated_link(&ws.hub_link()?, &url, hub_key.as_deref(), proxy.as_deref())?;
            ws.save_hub_link(&link)?;
            if json {
                print_json(&link_json(&link));
            } else {
                println!("{}", link.url);
            }
            Ok(())
        }
        HubLinkCommand::Show { json } => {
            let link = ws.hub_link()?;
            if json {
                print_json(&link_json(&link));
            } else if link.url.is_empty() {
                println!("{}", Error::new(ErrorCode::HubLinkMissing).message_in(lang));
            } else {
                println!("{}  {}", link.url, if link.hub_key_id.is_empty() { "-" } else { &link.hub_key_id });
            }
            Ok(())
        }
        HubLinkCommand::Test { network, json } => {
            let link = ws.hub_link()?;
            if link.url.is_empty() {
                return Err(Error::new(ErrorCode::HubLinkMissing));
            }
            let hello = test_connection(&link, &options(&network))?;
            if json {
                print_json(&hello);
            } else {
                println!("{}  {}  {}", hello.name, hello.key_id, hello.fingerprint);
            }
            Ok(())
        }
    }
}

fn entry_json(e: &OutboxEntry, lang: Lang) -> Value {
    json!({
        "package_id": e.package_id, "period": e.period, "seq": e.seq, "url": e.url, "state": e.state,
        "attempts": e.attempts, "next_attempt_at": e.next_attempt_at, "sent_at": e.sent_at, "receipt": e.receipt,
        "last_error": e.last_error.as_ref().map(|s| {
            let err = s.to_error();
            json!({"code": s.code, "message": err.message_in(lang)})
        }),
    })
}

fn print_entries(entries: &[OutboxEntry], json: bool, lang: Lang) {
    if json {
        print_json(&entries.iter().map(|e| entry_json(e, lang)).collect::<Vec<_>>());
        return;
    }
    for e in entries {
        let error = e.last_error.as_ref().map(|s| format!("  {}", s.to_error().message_in(lang))).unwrap_or_default();
        println!(
            "{} {}  {}  {}  {}{error}",
            e.period,
            say!("seq", seq = format!("{:>3}", e.seq)),
            e.package_id,
            e.state.as_str(),
            say!("outbox.attempts", count = e.attempts)
        );
    }
}

/// The outbox runs with its progress on stderr: a line per tenth, per package.
fn run_outbox(ws: &mut Workspace, now_all: bool, network: &NetworkArgs) -> Result<Vec<OutboxEntry>> {
    let last = Arc::new(std::sync::Mutex::new((String::new(), u64::MAX)));
    let progress = Arc::new(move |id: &str, p: livinglab_transport::client::SendProgress| {
        let percent = (p.done_bytes * 100).checked_div(p.total_bytes).unwrap_or(100);
        let mut last = last.lock().expect("unpoisoned");
        if last.0 != id || percent >= last.1.wrapping_add(10) || (p.done_files == p.total_files && last.1 < 100) {
            *last = (id.to_string(), percent);
            let files = say!("files_done", done = p.done_files, total = p.total_files);
            eprintln!("{}  {percent:>3}%  {files}", &id[..8.min(id.len())]);
        }
    });
    run(ws, &RunOptions { now_all, client: options(network) }, progress)
}

/// A package by its id or a unique start of it (the 8 characters a file name shows).
fn find_package(ws: &Workspace, id: &str) -> Result<String> {
    let id = id.trim().to_lowercase();
    let matches: Vec<String> =
        ws.packages(None)?.into_iter().map(|p| p.package_id).filter(|p| !id.is_empty() && p.starts_with(&id)).collect();
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(Error::new(ErrorCode::PackageUnknown).with("id", id)),
    }
}

pub fn send(
    ws: &mut Workspace,
    id: &str,
    url: Option<&str>,
    network: &NetworkArgs,
    json: bool,
    lang: Lang,
) -> Result<()> {
    let package_id = find_package(ws, id)?;
    let mut link = ws.hub_link()?;
    let url = match url {
        Some(u) => {
            let u = check_url(u)?.to_string();
            if link.url.is_empty() {
                link.url = u.clone();
                ws.save_hub_link(&link)?;
            }
            u
        }
        None if !link.url.is_empty() => link.url.clone(),
        None => return Err(Error::new(ErrorCode::HubLinkMissing)),
    };
    ws.queue_package(&package_id, &url)?;
    run_outbox(ws, false, network)?;
    let entry =
        ws.outbox_entry(&package_id)?.ok_or_else(|| Error::new(ErrorCode::PackageUnknown).with("id", &package_id))?;
    print_entries(std::slice::from_ref(&entry), json, lang);
    outcome(&entry)
}

/// Exit status: 0 when sent; the last error when it is waiting to be retried (1) or refused (2).
fn outcome(entry: &OutboxEntry) -> Result<()> {
    match (entry.state, &entry.last_error) {
        (OutboxState::Sent, _) | (OutboxState::Queued | OutboxState::Sending, None) => Ok(()),
        (_, Some(e)) => Err(e.to_error()),
        (_, None) => Ok(()),
    }
}

pub fn outbox(ws: &mut Workspace, command: OutboxCommand, lang: Lang) -> Result<()> {
    match command {
        OutboxCommand::List { json } => {
            print_entries(&ws.outbox(None)?, json, lang);
            Ok(())
        }
        OutboxCommand::Run { now, network, json } => {
            let tried = run_outbox(ws, now, &network)?;
            print_entries(&tried, json, lang);
            Ok(())
        }
    }
}
