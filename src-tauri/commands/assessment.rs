//! Commands for frameworks, periods, answers, evidence, the dashboard and exports.

use std::collections::BTreeMap;
use std::path::PathBuf;

use livinglab_core::format;
use livinglab_core::framework::{compare_versions, Framework};
use livinglab_core::review::{self, Transition};
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_documents::dashboard::{self, Dashboard};
use livinglab_store::assessment::{allowed_transitions, Assessment, AssessmentPatch, Period, Status};
use livinglab_store::audit::{AuditEntry, AuditReport};
use livinglab_store::butir::{ButirPatch, ButirState, ExternalIndexValue, IndicatorValue, Stage};
use livinglab_store::evidence::{EvidenceItem, VerifyReport, MAX_EVIDENCE_MB};
use livinglab_store::frameworks::{FrameworkSummary, ImportOutcome};
use serde::Serialize;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::state::AppState;

#[derive(Serialize)]
pub struct FrameworkRow {
    #[serde(flatten)]
    pub summary: FrameworkSummary,
    pub legal_basis: String,
    pub used_by: Vec<i32>,
}

#[tauri::command]
pub async fn frameworks_list(state: State<'_, AppState>) -> Result<Vec<FrameworkRow>> {
    state.with_workspace(|ws| {
        let periods = ws.periods()?;
        Ok(ws
            .frameworks()?
            .iter()
            .map(|(f, origin)| FrameworkRow {
                summary: FrameworkSummary::of(f, origin),
                legal_basis: f.legal_basis.clone(),
                used_by: periods
                    .iter()
                    .filter(|p| p.framework_id == f.id && p.framework_version == f.version)
                    .map(|p| p.year)
                    .collect(),
            })
            .collect())
    })
}

#[tauri::command]
pub async fn import_framework(state: State<'_, AppState>, text: String) -> Result<ImportOutcome> {
    state.with_workspace(|ws| ws.import_framework(&text))
}

#[derive(Serialize)]
pub struct PeriodRow {
    #[serde(flatten)]
    pub period: Period,
    pub framework_name: String,
    pub short_name: String,
    /// A newer version of the period's framework, when one is available.
    pub newer_version: Option<String>,
    /// Every indicator is assessed.
    pub complete: bool,
}

#[tauri::command]
pub async fn periods(state: State<'_, AppState>) -> Result<Vec<PeriodRow>> {
    state.with_workspace(|ws| {
        let all = ws.frameworks()?;
        ws.periods()?
            .into_iter()
            .map(|p| {
                let fw = ws.period_framework(&p)?;
                let newest = all
                    .iter()
                    .filter(|(f, _)| f.id == p.framework_id)
                    .max_by(|a, b| compare_versions(&a.0.version, &b.0.version))
                    .map(|(f, _)| f.version.clone());
                Ok(PeriodRow {
                    complete: ws.score(p.year)?.complete,
                    framework_name: fw.name.id.clone(),
                    short_name: fw.short_name.clone(),
                    newer_version: newest.filter(|v| compare_versions(v, &p.framework_version).is_gt()),
                    period: p,
                })
            })
            .collect()
    })
}

#[tauri::command]
pub async fn add_period(
    state: State<'_, AppState>,
    year: i32,
    framework: Option<String>,
    from_previous: bool,
) -> Result<Period> {
    state.with_workspace(|ws| ws.add_period(year, framework.as_deref(), from_previous))
}

#[tauri::command]
pub async fn set_period_target(state: State<'_, AppState>, year: i32, target: Option<String>) -> Result<Period> {
    let target = target.filter(|t| !t.trim().is_empty()).map(|t| format::parse_decimal(&t)).transpose()?;
    state.with_workspace(|ws| ws.set_period_target(year, target))
}

#[tauri::command]
pub async fn use_framework_version(state: State<'_, AppState>, year: i32, version: String) -> Result<Period> {
    state.with_workspace(|ws| ws.set_period_framework_version(year, &version))
}

#[derive(Serialize)]
pub struct AssessmentView {
    pub period: Period,
    pub framework: std::borrow::Cow<'static, Framework>,
    pub answers: Vec<Assessment>,
    /// The value each indicator counts with and where it comes from (`livinglab_store::butir`).
    pub values: Vec<IndicatorValue>,
    /// Evidence items per indicator.
    pub evidence_counts: BTreeMap<String, usize>,
}

#[tauri::command]
pub async fn assessment_view(state: State<'_, AppState>, year: i32) -> Result<AssessmentView> {
    state.with_workspace(|ws| {
        let period = ws.period(year)?;
        let mut evidence_counts = BTreeMap::new();
        for e in ws.evidence(year, None)? {
            *evidence_counts.entry(e.indicator).or_insert(0) += 1;
        }
        Ok(AssessmentView {
            framework: ws.period_framework(&period)?,
            answers: ws.assessments(year)?,
            values: ws.indicator_values(year)?,
            evidence_counts,
            period,
        })
    })
}

#[derive(Serialize)]
pub struct IndicatorView {
    pub answer: Option<Assessment>,
    /// The review moves the answer allows now (decided by `livinglab_core::review`).
    pub allowed_transitions: Vec<Transition>,
    /// A verified answer cannot be edited.
    pub locked: bool,
    /// Verifying now would be self-verification (the user submitted it): the UI says so first.
    pub self_verify: bool,
    pub evidence: Vec<EvidenceItem>,
    pub history: Vec<AuditEntry>,
    pub evidence_max_mb: u64,
    /// The evidence items (butir) of each level, with what the office recorded (Pemdi 2026).
    pub butir: Vec<ButirState>,
    /// The value the indicator counts with, where it comes from, and the butir estimate.
    pub value: Option<IndicatorValue>,
}

#[tauri::command]
pub async fn indicator_view(state: State<'_, AppState>, year: i32, indicator: String) -> Result<IndicatorView> {
    state.with_workspace(|ws| {
        // An indicator the period's framework does not have is an error, not an empty answer.
        ws.period_framework(&ws.period(year)?)?.require_indicator(&indicator)?;
        let answer = ws.assessment(year, &indicator)?;
        let user = ws.profile()?.user_name;
        Ok(IndicatorView {
            allowed_transitions: allowed_transitions(answer.as_ref()),
            locked: answer.as_ref().is_some_and(|a| a.status.is_locked()),
            self_verify: answer
                .as_ref()
                .is_some_and(|a| review::would_self_verify(a.status, a.submitted_by.as_deref(), &user)),
            answer,
            evidence: ws.evidence(year, Some(&indicator))?,
            history: ws.indicator_history(year, &indicator)?,
            evidence_max_mb: MAX_EVIDENCE_MB,
            butir: ws.butir(year, Some(&indicator))?,
            value: ws.indicator_values(year)?.into_iter().find(|v| v.indicator == indicator.trim()),
        })
    })
}

#[tauri::command]
pub async fn save_assessment(
    state: State<'_, AppState>,
    year: i32,
    indicator: String,
    patch: AssessmentPatch,
) -> Result<Assessment> {
    state.with_workspace(|ws| ws.set_assessment(year, &indicator, patch))
}

#[tauri::command]
pub async fn set_assessment_status(
    state: State<'_, AppState>,
    year: i32,
    indicator: String,
    status: String,
    reason: Option<String>,
) -> Result<Assessment> {
    let to = Status::parse_input(&status)?;
    state.with_workspace(|ws| ws.set_status(year, &indicator, to, reason.as_deref()))
}

/// Marks a butir complete or not, or records the evaluators' review of it.
#[tauri::command]
pub async fn set_butir(state: State<'_, AppState>, year: i32, butir: String, patch: ButirPatch) -> Result<ButirState> {
    state.with_workspace(|ws| ws.set_butir(year, &butir, patch))
}

/// Links (or unlinks) evidence of the butir's indicator to it.
#[tauri::command]
pub async fn link_butir_evidence(
    state: State<'_, AppState>,
    year: i32,
    butir: String,
    evidence: String,
    linked: bool,
) -> Result<ButirState> {
    state.with_workspace(|ws| ws.link_butir_evidence(year, &butir, &evidence, linked))
}

#[derive(Serialize)]
pub struct PemdiSettings {
    pub external: Vec<ExternalIndexValue>,
    pub stages: Vec<Stage>,
}

/// Other agencies' indices entered for a period, and the dates of its stages.
#[tauri::command]
pub async fn pemdi_settings(state: State<'_, AppState>, year: i32) -> Result<PemdiSettings> {
    state.with_workspace(|ws| Ok(PemdiSettings { external: ws.external_indices(year)?, stages: ws.stages(year)? }))
}

/// Enters an agency's published index ("68,75"), or removes it with an empty value.
#[tauri::command]
pub async fn set_external_index(
    state: State<'_, AppState>,
    year: i32,
    index: String,
    value: Option<String>,
    source: String,
) -> Result<()> {
    let value = value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(format::parse_decimal).transpose()?;
    state.with_workspace(|ws| ws.set_external_index(year, &index, value, &source))
}

/// Sets the dates of one stage of the evaluation (YYYY-MM-DD; empty clears).
#[tauri::command]
pub async fn set_period_stage(
    state: State<'_, AppState>,
    year: i32,
    stage: String,
    starts: Option<String>,
    ends: Option<String>,
) -> Result<Stage> {
    state.with_workspace(|ws| ws.set_stage(year, &stage, starts.as_deref(), ends.as_deref()))
}

#[tauri::command]
pub async fn import_assessments(state: State<'_, AppState>, year: i32, text: String) -> Result<usize> {
    state.with_workspace(|ws| ws.import_assessments(year, &text))
}

fn header(request: &Request<'_>, name: &str) -> Result<String> {
    let raw = request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", name))?;
    // Names travel percent-encoded so that any file name fits in a header.
    Ok(percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned())
}

/// Attaches a file sent as the raw request body; year, indicator and file name in headers.
#[tauri::command]
pub async fn add_evidence(state: State<'_, AppState>, request: Request<'_>) -> Result<EvidenceItem> {
    let year = header(&request, "x-year")?;
    let year: i32 = year
        .trim()
        .parse()
        .map_err(|_| Error::new(ErrorCode::RequestHeaderInvalid).with("field", "x-year").with("value", &year))?;
    let indicator = header(&request, "x-indicator")?;
    let name = header(&request, "x-name")?;
    let InvokeBody::Raw(data) = request.body() else {
        return Err(Error::new(ErrorCode::RequiredMissing).with("field", "file"));
    };
    state.with_workspace(|ws| ws.add_evidence_bytes(year, &indicator, &name, data))
}

#[tauri::command]
pub async fn add_evidence_url(
    state: State<'_, AppState>,
    year: i32,
    indicator: String,
    url: String,
    title: String,
    note: String,
) -> Result<EvidenceItem> {
    state.with_workspace(|ws| ws.add_evidence_url(year, &indicator, &url, &title, &note))
}

#[tauri::command]
pub async fn remove_evidence(state: State<'_, AppState>, id: String) -> Result<()> {
    state.with_workspace(|ws| ws.remove_evidence(&id))
}

/// Opens a copy of an evidence file (or the link) with the system's default app.
#[tauri::command]
pub async fn open_evidence(app: AppHandle, state: State<'_, AppState>, id: String) -> Result<()> {
    let (item, copy) = state.with_workspace(|ws| {
        let item = ws.evidence_item(&id)?;
        let copy = match item.sha256 {
            Some(_) => Some(
                ws.evidence_copy(&id, &std::env::temp_dir().join("LivingLab").join(livinglab_store::clock::new_id()))?,
            ),
            None => None,
        };
        Ok((item, copy))
    })?;
    let opener = app.opener();
    let result = match (copy, item.url) {
        (Some(path), _) => opener.open_path(path.display().to_string(), None::<&str>),
        (None, Some(url)) => opener.open_url(url, None::<&str>),
        (None, None) => return Ok(()),
    };
    result.map_err(|e| Error::io("open the file", e))
}

#[tauri::command]
pub async fn evidence_list(state: State<'_, AppState>, year: i32) -> Result<Vec<EvidenceItem>> {
    state.with_workspace(|ws| ws.evidence(year, None))
}

#[tauri::command]
pub async fn verify_evidence(state: State<'_, AppState>) -> Result<VerifyReport> {
    state.with_workspace(|ws| ws.verify_evidence())
}

#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>) -> Result<AuditReport> {
    state.with_workspace(|ws| ws.verify_audit())
}

#[tauri::command]
pub async fn dashboard_view(state: State<'_, AppState>, year: i32, today: String) -> Result<Dashboard> {
    let lang = state.language();
    let today = livinglab_core::format::parse_date(&today)?;
    state.with_workspace(|ws| dashboard::dashboard(ws, year, lang, today))
}

/// Saves the Excel export through the native save dialog; None when the user cancels.
#[tauri::command]
pub async fn export_xlsx(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    title: String,
) -> Result<Option<String>> {
    let (bytes, name) = state.with_workspace(|ws| {
        let name = format!("Penilaian-Mandiri-{}-{year}.xlsx", ws.info().region.name.replace(' ', "-"));
        Ok((livinglab_documents::xlsx::period_workbook(ws, year)?, name))
    })?;
    let Some(path) =
        app.dialog().file().set_title(title).set_file_name(&name).add_filter("Excel", &["xlsx"]).blocking_save_file()
    else {
        return Ok(None);
    };
    let path: PathBuf = path.into_path().map_err(|e| Error::io("choose where to save", e))?;
    livinglab_documents::write_file(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}
