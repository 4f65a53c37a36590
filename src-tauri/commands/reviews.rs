//! Sumedang's reviews on the regency side: a review file taken in, the reviews of sent
//! packages fetched from the hub, and the region's answers to the notes of a review that
//! returned a package for revision.

use livinglab_core::Result;
use livinglab_hub::Review;
use livinglab_store::reviews::{AnsweredNote, KeptReview, OpenReview};
use serde::Serialize;
use tauri::ipc::Request;
use tauri::AppHandle;

use super::signing::{blocking, raw_body};

/// The reviews of one period and the one to answer.
#[derive(Serialize)]
pub struct ReviewsView {
    pub reviews: Vec<KeptReview>,
    pub open: Option<OpenReview>,
    /// A hub address is set, so reviews can be fetched.
    pub can_fetch: bool,
}

#[tauri::command]
pub async fn reviews_view(app: AppHandle, year: i32) -> Result<ReviewsView> {
    blocking(&app, move |state| {
        state.with_workspace(|ws| {
            ws.period(year)?; // a year the workspace has no period of is an error, not an empty list
            Ok(ReviewsView {
                reviews: ws.kept_reviews(Some(year))?,
                open: ws.open_review(year)?,
                can_fetch: !ws.hub_link()?.url.is_empty(),
            })
        })
    })
    .await
}

#[derive(Serialize)]
pub struct ImportedReview {
    pub review: Review,
    /// False when the workspace had it already.
    pub new: bool,
}

/// Takes in a `.llreview` file sent as the raw body; it must verify under the pinned hub key.
#[tauri::command]
pub async fn import_review(app: AppHandle, request: Request<'_>) -> Result<ImportedReview> {
    let bytes = raw_body(&request)?.to_vec();
    blocking(&app, move |state| {
        state.with_workspace(|ws| {
            let (review, new) = livinglab_transport::reviews::import_bytes(ws, &bytes)?;
            Ok(ImportedReview { review, new })
        })
    })
    .await
}

/// "Ambil tinjauan": asks the hub for the reviews of the sent packages; returns the new ones.
#[tauri::command]
pub async fn fetch_reviews(app: AppHandle) -> Result<Vec<Review>> {
    blocking(&app, |state| state.sender.fetch_reviews(state)).await
}

#[tauri::command]
pub async fn answer_review_note(
    app: AppHandle,
    year: i32,
    review_id: String,
    indicator: String,
    answer: String,
) -> Result<AnsweredNote> {
    blocking(&app, move |state| state.with_workspace(|ws| ws.answer_review_note(year, &review_id, &indicator, &answer)))
        .await
}
