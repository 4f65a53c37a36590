//! Commands for the workspace's signing key, the enrolment letter, checking signed PDFs and
//! the trust anchors. Keychain calls block, so they run on a blocking thread.

use livinglab_core::{Error, ErrorCode, Result};
use livinglab_documents::seal::{self, IdentityView, PdfCheck, Sealer};
use livinglab_documents::{enrolment, write_file};
use livinglab_sign::keystore::Keystore;
use livinglab_sign::trust::AnchorInfo;
use livinglab_store::signing::SigningKey;
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager};

use super::documents::{ask_save_path, file_safe, Issued};
use crate::state::AppState;

/// Runs `f` with the app's state on a thread meant for blocking work (the keychain, scrypt),
/// so the async runtime's workers stay free.
pub(crate) async fn blocking<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&AppState) -> Result<T> + Send + 'static,
) -> Result<T> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|e| Error::io("run a signing task", e))?
}

/// The Profil card's data: the key of this computer (if any), every key the workspace has
/// used, and why the key store cannot be read, when it cannot.
#[derive(Serialize)]
pub struct IdentityState {
    pub identity: Option<IdentityView>,
    pub keys: Vec<SigningKey>,
    pub problem: Option<Error>,
}

fn is_keystore_problem(e: &Error) -> bool {
    e.code.as_str().starts_with("sign.")
}

fn identity_state(state: &AppState) -> Result<IdentityState> {
    state.with_workspace(|ws| {
        let found = Keystore::from_env()
            .and_then(|store| Ok(Sealer::existing(ws, &store)?.map(|sealer| IdentityView::of(&sealer, &store))));
        let (identity, problem) = match found {
            Ok(identity) => (identity, None),
            // An unreachable or misconfigured key store is shown in the card, not as a failure.
            Err(e) if is_keystore_problem(&e) => (None, Some(e)),
            Err(e) => return Err(e),
        };
        Ok(IdentityState { identity, keys: ws.signing_keys()?, problem })
    })
}

/// The identity of this computer's key; never creates one.
#[tauri::command]
pub async fn identity_view(app: AppHandle) -> Result<IdentityState> {
    blocking(&app, identity_state).await
}

/// Makes the workspace's key on this computer (or returns the one there is).
#[tauri::command]
pub async fn create_identity(app: AppHandle) -> Result<IdentityState> {
    blocking(&app, |state| {
        state.with_workspace(|ws| Sealer::open(ws, &Keystore::from_env()?).map(drop))?;
        identity_state(state)
    })
    .await
}

#[derive(Serialize)]
pub struct Rotated {
    #[serde(flatten)]
    pub state: IdentityState,
    /// True when the old key signed the transition to the new one; false when there was no
    /// old key here, so only a new enrolment letter vouches for the new key.
    pub transition_signed: bool,
}

#[tauri::command]
pub async fn rotate_identity(app: AppHandle) -> Result<Rotated> {
    blocking(&app, |state| {
        let transition_signed = state.with_workspace(|ws| Ok(seal::rotate(ws, &Keystore::from_env()?)?.1))?;
        Ok(Rotated { state: identity_state(state)?, transition_signed })
    })
    .await
}

/// Asks where to save, then issues the key enrolment letter for the head of office to sign.
#[tauri::command]
pub async fn issue_enrolment_letter(app: AppHandle, today: String, title: String) -> Result<Option<Issued>> {
    let today = livinglab_core::format::parse_date(&today)?;
    let region = app.state::<AppState>().with_workspace(|ws| Ok(ws.info().region.name.clone()))?;
    let name = format!("Surat-Pendaftaran-Kunci-{}.pdf", file_safe(&region));
    let Some(path) = ask_save_path(&app, &title, &name)? else { return Ok(None) };
    let (record, pdf) = blocking(&app, move |state| {
        let lang = state.language();
        state.with_workspace(|ws| {
            let store = Keystore::from_env()?;
            let sealer = Sealer::open(ws, &store)?;
            let view = IdentityView::of(&sealer, &store);
            enrolment::issue(ws, &sealer, view, lang, today)
        })
    })
    .await?;
    write_file(&path, &pdf)?;
    Ok(Some(Issued { record, path: path.display().to_string() }))
}

/// The file a command received as its raw body.
pub(crate) fn raw_body<'a>(request: &'a Request<'_>) -> Result<&'a [u8]> {
    match request.body() {
        InvokeBody::Raw(data) if !data.is_empty() => Ok(data),
        _ => Err(Error::new(ErrorCode::RequiredMissing).with("field", "file")),
    }
}

/// A header of a command's request, percent-decoded (file names travel that way).
pub(crate) fn header_text(request: &Request<'_>, name: &str) -> Option<String> {
    let raw = request.headers().get(name)?.to_str().ok()?;
    Some(percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned())
}

/// Checks a signed PDF, sent as the raw body, against this workspace; records nothing.
#[tauri::command]
pub async fn verify_pdf(app: AppHandle, request: Request<'_>) -> Result<PdfCheck> {
    let data = raw_body(&request)?.to_vec();
    blocking(&app, move |state| state.with_workspace(|ws| seal::check_pdf(ws, &data))).await
}

#[tauri::command]
pub async fn trust_list(app: AppHandle) -> Result<Vec<AnchorInfo>> {
    app.state::<AppState>().with_workspace(|ws| Ok(seal::trust_anchors(ws)?.iter().map(|a| a.info()).collect()))
}

#[derive(Serialize)]
pub struct AnchorAdded {
    pub anchor: AnchorInfo,
    /// False when the certificate was already a trust anchor of this workspace.
    pub added: bool,
}

/// Adds a root certificate (PEM or DER, sent as the raw body) as a trust anchor.
#[tauri::command]
pub async fn add_trust_anchor(app: AppHandle, request: Request<'_>) -> Result<AnchorAdded> {
    let data = raw_body(&request)?;
    let (anchor, added) = app.state::<AppState>().with_workspace(|ws| seal::add_trust_anchor(ws, data))?;
    Ok(AnchorAdded { anchor, added })
}

#[derive(Serialize)]
pub struct Attached {
    pub record: livinglab_store::documents::DocumentRecord,
    /// The check of a TTE-signed PDF; none for a scan.
    pub verification: Option<PdfCheck>,
}

/// Attaches the scan of the signed paper or a TTE-signed PDF (verified first), sent as the raw
/// body; id and file name in headers.
#[tauri::command]
pub async fn attach_signed_scan(app: AppHandle, request: Request<'_>) -> Result<Attached> {
    let header = |name: &str| -> Result<String> {
        header_text(&request, name).ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", name))
    };
    let (id, name) = (header("x-id")?, header("x-name")?);
    let data = raw_body(&request)?.to_vec();
    let (record, verification) =
        blocking(&app, move |state| state.with_workspace(|ws| seal::attach_signed(ws, &id, &name, &data))).await?;
    Ok(Attached { record, verification })
}
