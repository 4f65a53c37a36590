//! Commands for the commitment letter, the progress report, issued documents, follow-up
//! actions and practices.

use livinglab_documents::seal::Sealer;
use livinglab_sign::keystore::Keystore;
use std::path::PathBuf;

use livinglab_core::followup::FollowUp;
use livinglab_core::format::parse_date;
use livinglab_core::practice::Practice;
use livinglab_core::{Error, Result};
use livinglab_documents::cover::{self, CoverDraft};
use livinglab_documents::letter::{self, LetterDraft, LetterSettings};
use livinglab_documents::{checklist, report, write_file};
use livinglab_store::actions::{Action, ActionPatch, NewAction};
use livinglab_store::documents::{DocumentKind, DocumentRecord};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::signing::blocking;
use crate::state::{AppState, StoredPreview};

fn today_of(today: &str) -> Result<time::Date> {
    parse_date(today)
}

/// Writes bytes to a fresh temporary file and opens it with the system's viewer.
fn open_temp(app: &AppHandle, name: &str, bytes: &[u8]) -> Result<String> {
    let dir = std::env::temp_dir().join("LivingLab").join(livinglab_store::clock::new_id());
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("prepare a preview", e))?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| Error::io("prepare a preview", e))?;
    app.opener().open_path(path.display().to_string(), None::<&str>).map_err(|e| Error::io("open the PDF", e))?;
    Ok(path.display().to_string())
}

/// A preview made: the window shows its pages (`preview_page`) and offers the system's viewer.
#[derive(Serialize)]
pub struct PreviewInfo {
    pub id: String,
    pub pages: usize,
    pub name: String,
}

/// Keeps a preview PDF for the window and in a temporary file (for the system's viewer). The
/// preview is shown inside the app: a computer without a PDF viewer still shows it.
fn keep_preview(state: &AppState, name: &str, pdf: Vec<u8>) -> Result<PreviewInfo> {
    let pages = livinglab_preview::Preview::new(pdf.clone())?.page_count();
    let id = livinglab_store::clock::new_id();
    let dir = std::env::temp_dir().join("LivingLab").join(&id);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("prepare a preview", e))?;
    let path = dir.join(name);
    std::fs::write(&path, &pdf).map_err(|e| Error::io("prepare a preview", e))?;
    state.set_preview(StoredPreview { id: id.clone(), pdf: std::sync::Arc::new(pdf), path });
    Ok(PreviewInfo { id, pages, name: name.to_string() })
}

/// One page of the preview `id` as a PNG data URL, `width` pixels wide.
#[derive(Serialize)]
pub struct PreviewPage {
    pub src: String,
    pub width: u32,
    pub height: u32,
}

#[tauri::command]
pub async fn preview_page(app: AppHandle, id: String, page: usize, width: u32) -> Result<PreviewPage> {
    let stored = app.state::<AppState>().preview(&id)?;
    // Drawing a page takes a moment: off the thread that serves the window.
    tauri::async_runtime::spawn_blocking(move || {
        let img = livinglab_preview::Preview::new(stored.pdf.to_vec())?.page_png(page, width)?;
        Ok(PreviewPage { src: super::data_url("image/png", &img.png), width: img.width, height: img.height })
    })
    .await
    .map_err(|e| Error::io("draw the preview", e))?
}

/// Opens the preview `id` with the system's PDF viewer.
#[tauri::command]
pub async fn open_preview(app: AppHandle, state: State<'_, AppState>, id: String) -> Result<()> {
    let stored = state.preview(&id)?;
    app.opener().open_path(stored.path.display().to_string(), None::<&str>).map_err(|e| Error::io("open the PDF", e))
}

/// Asks where to save; None when the user cancels.
pub(crate) fn ask_save_path(app: &AppHandle, title: &str, name: &str) -> Result<Option<PathBuf>> {
    ask_save_path_as(app, title, name, ("PDF", "pdf"))
}

/// Asks where to save a file of the kind `filter` (its name and extension).
pub(crate) fn ask_save_path_as(
    app: &AppHandle,
    title: &str,
    name: &str,
    filter: (&str, &str),
) -> Result<Option<PathBuf>> {
    match app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(name)
        .add_filter(filter.0, &[filter.1])
        .blocking_save_file()
    {
        Some(p) => Ok(Some(p.into_path().map_err(|e| Error::io("choose where to save", e))?)),
        None => Ok(None),
    }
}

pub(crate) fn file_safe(s: &str) -> String {
    s.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' }).collect()
}

#[derive(Serialize)]
pub struct LetterState {
    pub draft: LetterDraft,
    /// The joint letter's draft (komitmen bersama): the commitments every signatory makes.
    pub joint: LetterDraft,
    pub settings: LetterSettings,
    pub next_number: String,
}

#[tauri::command]
pub async fn letter_state(state: State<'_, AppState>, today: String) -> Result<LetterState> {
    let today = today_of(&today)?;
    let lang = state.language();
    state.with_workspace(|ws| {
        let settings: LetterSettings = ws.setting("letter")?;
        let next_number = settings.number(ws.next_document_number(DocumentKind::Letter, today.year())?, today);
        Ok(LetterState {
            draft: letter::draft(ws, lang, today)?,
            joint: letter::joint_draft(ws, lang, today)?,
            settings,
            next_number,
        })
    })
}

#[tauri::command]
pub async fn save_letter_settings(state: State<'_, AppState>, settings: LetterSettings) -> Result<LetterSettings> {
    settings.validate()?;
    state.with_workspace(|ws| {
        ws.save_setting("letter", &settings)?;
        Ok(settings)
    })
}

#[tauri::command]
pub async fn parse_signatories(text: String) -> Result<Vec<letter::Signatory>> {
    letter::parse_signatories(&text)
}

#[tauri::command]
pub async fn preview_letter(state: State<'_, AppState>, draft: LetterDraft) -> Result<PreviewInfo> {
    let pdf = state.with_workspace(|ws| letter::preview(ws, &draft))?;
    keep_preview(&state, "Pratinjau-Surat-Komitmen.pdf", pdf)
}

#[derive(Serialize)]
pub struct Issued {
    pub record: DocumentRecord,
    pub path: String,
}

/// Asks where to save, then issues the letter (a number is taken only when saving goes ahead).
#[tauri::command]
pub async fn issue_letter(
    app: AppHandle,
    state: State<'_, AppState>,
    draft: LetterDraft,
    title: String,
) -> Result<Option<Issued>> {
    draft.validate()?;
    let name =
        format!("Surat-Komitmen-{}.pdf", file_safe(&state.with_workspace(|ws| Ok(ws.info().region.name.clone()))?));
    let Some(path) = ask_save_path(&app, &title, &name)? else { return Ok(None) };
    let (record, pdf) = blocking(&app, move |state| {
        state.with_workspace(|ws| {
            let sealer = Sealer::open(ws, &Keystore::from_env()?)?;
            letter::issue(ws, &draft, Some(&sealer))
        })
    })
    .await?;
    write_file(&path, &pdf)?;
    Ok(Some(Issued { record, path: path.display().to_string() }))
}

#[tauri::command]
pub async fn preview_report(state: State<'_, AppState>, year: i32, today: String) -> Result<PreviewInfo> {
    let today = today_of(&today)?;
    let lang = state.language();
    let pdf = state.with_workspace(|ws| report::preview(ws, year, lang, today))?;
    keep_preview(&state, &format!("Pratinjau-Laporan-Kemajuan-{year}.pdf"), pdf)
}

#[tauri::command]
pub async fn issue_report(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    today: String,
    title: String,
) -> Result<Option<Issued>> {
    let today = today_of(&today)?;
    let lang = state.language();
    let name = format!(
        "Laporan-Kemajuan-{}-{year}.pdf",
        file_safe(&state.with_workspace(|ws| Ok(ws.info().region.name.clone()))?)
    );
    let Some(path) = ask_save_path(&app, &title, &name)? else { return Ok(None) };
    let (record, pdf) = blocking(&app, move |state| {
        state.with_workspace(|ws| {
            let sealer = Sealer::open(ws, &Keystore::from_env()?)?;
            report::issue(ws, year, lang, today, Some(&sealer))
        })
    })
    .await?;
    write_file(&path, &pdf)?;
    Ok(Some(Issued { record, path: path.display().to_string() }))
}

/// What is missing before the letter or the report of `year` is issued (see
/// `livinglab_documents::checklist`); empty when nothing is.
#[tauri::command]
pub async fn issue_checklist(
    state: State<'_, AppState>,
    kind: ChecklistKind,
    year: Option<i32>,
    today: String,
) -> Result<Vec<String>> {
    let today = today_of(&today)?;
    let lang = state.language();
    state.with_workspace(|ws| match (kind, year) {
        (ChecklistKind::Letter, _) => checklist::letter(ws, lang),
        (ChecklistKind::Report, Some(year)) => checklist::report(ws, year, lang, today),
        // A report is always of a period: without one there is nothing to check.
        (ChecklistKind::Report, None) => Ok(Vec::new()),
    })
}

/// The documents a checklist is drawn up for.
#[derive(serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChecklistKind {
    Letter,
    Report,
}

/// The cover letter the workspace suggests for period `year`.
#[tauri::command]
pub async fn cover_draft(state: State<'_, AppState>, year: i32, today: String) -> Result<CoverDraft> {
    let today = today_of(&today)?;
    let lang = state.language();
    state.with_workspace(|ws| cover::draft(ws, year, lang, today))
}

#[tauri::command]
pub async fn preview_cover(state: State<'_, AppState>, draft: CoverDraft) -> Result<PreviewInfo> {
    let pdf = state.with_workspace(|ws| cover::preview(ws, &draft))?;
    keep_preview(&state, &format!("Pratinjau-Surat-Pengantar-{}.pdf", draft.period), pdf)
}

/// Asks where to save, then issues the cover letter (a number is taken only when saving goes ahead).
#[tauri::command]
pub async fn issue_cover(
    app: AppHandle,
    state: State<'_, AppState>,
    draft: CoverDraft,
    title: String,
) -> Result<Option<Issued>> {
    draft.validate()?;
    let name = format!(
        "Surat-Pengantar-{}-{}.pdf",
        file_safe(&state.with_workspace(|ws| Ok(ws.info().region.name.clone()))?),
        draft.period
    );
    let Some(path) = ask_save_path(&app, &title, &name)? else { return Ok(None) };
    let (record, pdf) = blocking(&app, move |state| {
        state.with_workspace(|ws| {
            let sealer = Sealer::open(ws, &Keystore::from_env()?)?;
            cover::issue(ws, &draft, Some(&sealer))
        })
    })
    .await?;
    write_file(&path, &pdf)?;
    Ok(Some(Issued { record, path: path.display().to_string() }))
}

#[tauri::command]
pub async fn documents_list(state: State<'_, AppState>) -> Result<Vec<DocumentRecord>> {
    state.with_workspace(|ws| ws.documents())
}

#[tauri::command]
pub async fn open_document(app: AppHandle, state: State<'_, AppState>, id: String) -> Result<String> {
    let (doc, pdf) = state.with_workspace(|ws| Ok((ws.document(&id)?, ws.document_pdf(&id)?)))?;
    open_temp(&app, &format!("{}.pdf", file_safe(&doc.number)), &pdf)
}

#[tauri::command]
pub async fn check_document(state: State<'_, AppState>, text: String) -> Result<Option<DocumentRecord>> {
    state.with_workspace(|ws| ws.find_document(&text))
}

#[derive(Serialize)]
pub struct ActionRow {
    #[serde(flatten)]
    pub action: Action,
    pub overdue: bool,
    pub practice_title: Option<String>,
}

#[derive(Serialize)]
pub struct FollowUpState {
    pub actions: Vec<ActionRow>,
    pub follow_up: FollowUp,
    pub rate_display: String,
    pub expected_index_display: String,
    pub current_index_display: String,
    pub timeline_svg: Option<String>,
}

#[tauri::command]
pub async fn followup_view(state: State<'_, AppState>, year: i32, today: String) -> Result<FollowUpState> {
    let today = today_of(&today)?;
    let lang = state.language();
    state.with_workspace(|ws| {
        let actions = ws.actions(year)?;
        let practices = ws.practices()?;
        let follow_up = ws.follow_up(year, today)?;
        let timeline_svg = livinglab_documents::dashboard::action_timeline_svg(ws, year, lang, today)?;
        let rows = actions
            .into_iter()
            .map(|a| {
                let overdue = a.is_overdue(today);
                let practice_title = a
                    .practice_id
                    .as_ref()
                    .and_then(|id| practices.iter().find(|(p, _)| &p.id == id))
                    .map(|(p, _)| p.title.get(lang).to_string());
                ActionRow { action: a, overdue, practice_title }
            })
            .collect();
        Ok(FollowUpState {
            actions: rows,
            rate_display: livinglab_core::format::percent(follow_up.rate, lang),
            expected_index_display: livinglab_core::format::index(follow_up.expected_index, lang),
            current_index_display: livinglab_core::format::index(follow_up.current_index, lang),
            follow_up,
            timeline_svg,
        })
    })
}

#[derive(Serialize)]
pub struct PracticeRow {
    #[serde(flatten)]
    pub practice: Practice,
    pub source: &'static str,
}

#[tauri::command]
pub async fn practices_list(state: State<'_, AppState>) -> Result<Vec<PracticeRow>> {
    state.with_workspace(|ws| {
        Ok(ws.practices()?.into_iter().map(|(practice, source)| PracticeRow { practice, source }).collect())
    })
}

#[tauri::command]
pub async fn add_practices(state: State<'_, AppState>, text: String) -> Result<usize> {
    state.with_workspace(|ws| ws.add_practices(&text))
}

#[tauri::command]
pub async fn add_action(state: State<'_, AppState>, year: i32, action: NewAction) -> Result<Action> {
    state.with_workspace(|ws| ws.add_action(year, action))
}

#[tauri::command]
pub async fn update_action(state: State<'_, AppState>, id: String, patch: ActionPatch) -> Result<Action> {
    state.with_workspace(|ws| ws.update_action(&id, patch))
}

#[tauri::command]
pub async fn delete_action(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with_workspace(|ws| ws.delete_action(&id))
}

#[tauri::command]
pub async fn add_milestone(state: State<'_, AppState>, id: String, title: String, due: String) -> Result<Action> {
    state.with_workspace(|ws| ws.add_milestone(&id, &title, &due))
}

#[tauri::command]
pub async fn set_milestone_done(state: State<'_, AppState>, id: String, done: bool) -> Result<Action> {
    state.with_workspace(|ws| ws.set_milestone_done(&id, done))
}

#[tauri::command]
pub async fn link_action_evidence(state: State<'_, AppState>, action: String, evidence: String) -> Result<Action> {
    state.with_workspace(|ws| ws.link_action_evidence(&action, &evidence))
}
