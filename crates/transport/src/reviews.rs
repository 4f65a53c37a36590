//! The region's side of Sumedang's reviews: a review file taken in by hand, or the reviews of
//! sent packages fetched from the hub. Either way the review must verify under the hub key the
//! workspace pinned, and name one of the workspace's own packages.

use std::path::Path;

use base64::Engine;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_hub::{Review, SignedReview};
use livinglab_store::outbox::OutboxState;
use livinglab_store::reviews::VerifiedReview;
use livinglab_store::Workspace;

use crate::client::{ClientOptions, HubClient};

/// The largest review file read (a review is a few KB).
const MAX_REVIEW_FILE: u64 = 1024 * 1024;

fn pinned_key(ws: &Workspace) -> Result<Vec<u8>> {
    let link = ws.hub_link()?;
    if link.hub_key.is_empty() {
        return Err(Error::new(ErrorCode::ReviewFileInvalid).with_detail(
            "kunci hub belum disimpan: atur alamat dan kunci hub Sumedang dulu (hub-link set --hub-key)",
            "no hub key is on record: set Sumedang's hub address and key first (hub-link set --hub-key)",
        ));
    }
    base64::engine::general_purpose::STANDARD
        .decode(&link.hub_key)
        .map_err(|_| Error::new(ErrorCode::WorkspaceCorrupt).with("detail", "the pinned hub key is not base64"))
}

/// Verifies and keeps one signed review; returns it and whether it was new.
pub fn keep(ws: &mut Workspace, signed: &SignedReview) -> Result<(Review, bool)> {
    let key = pinned_key(ws)?;
    let review = signed.verify(&key)?;
    let signature = base64::engine::general_purpose::STANDARD.decode(&signed.signature).expect("verified base64");
    let new = ws.keep_review(&VerifiedReview {
        review_id: &review.review_id,
        package_id: &review.package_id,
        state: review.state,
        reviewed_at: &review.reviewed_at,
        hub_key_id: &review.hub_key_id,
        document: &signed.review,
        signature: &signature,
    })?;
    Ok((review, new))
}

/// `review import FILE`: a `.llreview` file from Sumedang.
pub fn import_file(ws: &mut Workspace, path: &Path) -> Result<(Review, bool)> {
    let unreadable = |id: String, en: String| Error::new(ErrorCode::ReviewFileInvalid).with_detail(id, en);
    let len = std::fs::metadata(path).map_err(|e| Error::io(format!("read {}", path.display()), e))?.len();
    if len > MAX_REVIEW_FILE {
        return Err(unreadable(
            "berkas terlalu besar untuk tinjauan".into(),
            "the file is too large for a review".into(),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("read {}", path.display()), e))?;
    import_bytes(ws, &bytes)
}

/// A review file's bytes (the app sends the file the user chose).
pub fn import_bytes(ws: &mut Workspace, bytes: &[u8]) -> Result<(Review, bool)> {
    let unreadable = |id: String, en: String| Error::new(ErrorCode::ReviewFileInvalid).with_detail(id, en);
    if bytes.len() as u64 > MAX_REVIEW_FILE {
        return Err(unreadable(
            "berkas terlalu besar untuk tinjauan".into(),
            "the file is too large for a review".into(),
        ));
    }
    let signed: SignedReview = serde_json::from_slice(bytes)
        .map_err(|e| unreadable(format!("bukan berkas tinjauan ({e})"), format!("not a review file ({e})")))?;
    keep(ws, &signed)
}

/// Fetches the reviews of the workspace's sent packages from the hub; returns the new ones.
pub fn fetch(ws: &mut Workspace, opts: &ClientOptions) -> Result<Vec<Review>> {
    let link = ws.hub_link()?;
    if link.url.is_empty() {
        return Err(Error::new(ErrorCode::HubLinkMissing));
    }
    let sent: Vec<String> =
        ws.outbox(None)?.into_iter().filter(|e| e.state == OutboxState::Sent).map(|e| e.package_id).collect();
    if sent.is_empty() {
        return Ok(Vec::new());
    }
    let client = HubClient::new(&link.url, &link.proxy, opts)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("start the network runtime", e))?;
    let mut new = Vec::new();
    for id in sent {
        let Some(signed) = rt.block_on(client.review(&id)).map_err(|f| f.error)? else { continue };
        let (review, is_new) = keep(ws, &signed)?;
        if is_new {
            new.push(review);
        }
    }
    Ok(new)
}
