//! Packages over the network: the hub link (Profil → Hub Sumedang), "Tes koneksi", the outbox
//! as the Paket laporan card shows it, and sending. Sends run on a blocking thread through
//! the app's one sender (`crate::sender`), which also reports their progress.

use base64::Engine;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_hub::{Receipt, SignedReceipt};
use livinglab_store::outbox::{HubLink, OutboxEntry, OutboxState};
use livinglab_transport::client::ClientOptions;
use livinglab_transport::outbox::{test_connection, updated_link};
use livinglab_transport::protocol::Hello;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::signing::blocking;
use crate::sender::OutboxEvent;
use crate::state::AppState;

/// The hub link as the settings show it: the pinned key by its id and fingerprint.
#[derive(Serialize)]
pub struct HubLinkView {
    pub url: String,
    pub proxy: String,
    pub hub_name: String,
    pub hub_key_id: String,
    pub hub_key_fingerprint: String,
}

impl HubLinkView {
    fn of(link: &HubLink) -> HubLinkView {
        let der = base64::engine::general_purpose::STANDARD.decode(&link.hub_key).unwrap_or_default();
        HubLinkView {
            url: link.url.clone(),
            proxy: link.proxy.clone(),
            hub_name: link.hub_name.clone(),
            hub_key_id: link.hub_key_id.clone(),
            hub_key_fingerprint: if der.is_empty() { String::new() } else { livinglab_sign::fingerprint_of(&der) },
        }
    }
}

#[tauri::command]
pub async fn hub_link_view(state: State<'_, AppState>) -> Result<HubLinkView> {
    state.with_workspace(|ws| Ok(HubLinkView::of(&ws.hub_link()?)))
}

/// Saves the hub's address, the key typed in (empty keeps the pinned one for the same
/// address) and the manual proxy (empty for the system's); bad input saves nothing.
#[tauri::command]
pub async fn save_hub_link(
    state: State<'_, AppState>,
    url: String,
    hub_key: String,
    proxy: String,
) -> Result<HubLinkView> {
    state.with_workspace(|ws| {
        let link = updated_link(&ws.hub_link()?, &url, Some(&hub_key), Some(&proxy))?;
        ws.save_hub_link(&link)?;
        Ok(HubLinkView::of(&link))
    })
}

/// What "Tes koneksi" found: the hub's hello, and whether its key was checked against a key
/// on record (the pinned one for this address, or the one typed in).
#[derive(Serialize)]
pub struct HubTest {
    #[serde(flatten)]
    pub hello: Hello,
    pub key_checked: bool,
}

/// "Tes koneksi" with what the form holds, saved or not; a key that is not the one on record
/// fails the test.
#[tauri::command]
pub async fn test_hub_link(app: AppHandle, url: String, hub_key: String, proxy: String) -> Result<HubTest> {
    blocking(&app, move |state| {
        let link = state.with_workspace(|ws| updated_link(&ws.hub_link()?, &url, Some(&hub_key), Some(&proxy)))?;
        // The network call runs without holding the workspace.
        let hello = test_connection(&link, &ClientOptions::default())?;
        Ok(HubTest { hello, key_checked: !link.hub_key.is_empty() })
    })
    .await
}

/// What the hub's signed receipt says, for the package row.
#[derive(Serialize)]
pub struct ReceiptView {
    pub hub_name: String,
    pub hub_key_id: String,
    pub received_at: String,
}

/// One outbox entry as the card shows it; `last_error` reads in the user's language.
#[derive(Serialize)]
pub struct OutboxRow {
    pub package_id: String,
    pub period: i32,
    pub seq: i64,
    pub url: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub last_error: Option<Error>,
    pub next_attempt_at: Option<String>,
    pub receipt: Option<ReceiptView>,
    pub queued_at: String,
    pub updated_at: String,
    pub sent_at: Option<String>,
}

impl OutboxRow {
    fn of(e: OutboxEntry) -> OutboxRow {
        // Stored only after the sender verified it, so reading it back is enough here.
        let receipt = e
            .receipt
            .and_then(|v| serde_json::from_value::<SignedReceipt>(v).ok())
            .and_then(|s| serde_json::from_str::<Receipt>(&s.receipt).ok())
            .map(|r| ReceiptView { hub_name: r.hub_name, hub_key_id: r.hub_key_id, received_at: r.received_at });
        OutboxRow {
            package_id: e.package_id,
            period: e.period,
            seq: e.seq,
            url: e.url,
            state: e.state,
            attempts: e.attempts,
            last_error: e.last_error.map(|s| s.to_error()),
            next_attempt_at: e.next_attempt_at,
            receipt,
            queued_at: e.queued_at,
            updated_at: e.updated_at,
            sent_at: e.sent_at,
        }
    }
}

/// The outbox and the hub link it sends to (the card needs to know whether one is set).
#[derive(Serialize)]
pub struct OutboxView {
    pub hub: HubLinkView,
    pub entries: Vec<OutboxRow>,
}

#[tauri::command]
pub async fn outbox_view(state: State<'_, AppState>) -> Result<OutboxView> {
    state.with_workspace(|ws| {
        Ok(OutboxView {
            hub: HubLinkView::of(&ws.hub_link()?),
            entries: ws.outbox(None)?.into_iter().map(OutboxRow::of).collect(),
        })
    })
}

/// The webview's channel for the outbox's events (upload progress, changed entries).
#[tauri::command]
pub fn watch_outbox(state: State<'_, AppState>, events: Channel<OutboxEvent>) {
    state.sender.watch(events);
}

/// "Kirim ke Sumedang": puts the package in the outbox for the hub link's address and runs the
/// outbox; returns the package's entry as the run left it (sent, or failed or refused with why).
#[tauri::command]
pub async fn send_package(app: AppHandle, package_id: String) -> Result<OutboxRow> {
    blocking(&app, move |state| {
        state.with_workspace(|ws| {
            let link = ws.hub_link()?;
            if link.url.is_empty() {
                return Err(Error::new(ErrorCode::HubLinkMissing));
            }
            ws.queue_package(&package_id, &link.url)
        })?;
        state.sender.emit(OutboxEvent::Changed);
        state.sender.run(state, false)?;
        state
            .with_workspace(|ws| ws.outbox_entry(&package_id))?
            .map(OutboxRow::of)
            .ok_or_else(|| Error::new(ErrorCode::PackageUnknown).with("id", &package_id))
    })
    .await
}

/// "Kirim sekarang": sends every waiting package now, without waiting out the back-off.
#[tauri::command]
pub async fn send_outbox_now(app: AppHandle) -> Result<Vec<OutboxRow>> {
    blocking(&app, |state| Ok(state.sender.run(state, true)?.into_iter().map(OutboxRow::of).collect())).await
}

/// The webview saw the network come back: the background sender tries what waits, now.
#[tauri::command]
pub fn outbox_online(state: State<'_, AppState>) {
    state.sender.wake(true);
}
