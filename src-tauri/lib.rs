//! The desktop shell: window, IPC commands, app state. Thin by rule: every command calls into
//! the Tauri-free crates (`livinglab-core`, `livinglab-store`, …) and holds no business logic.

mod commands;
mod sender;
mod state;

pub mod command_list {
    include!("command_list.rs");
}

use livinglab_store::Locations;

pub use state::AppState;

/// Brings the running window to the front (a second launch of the app lands here).
fn focus_main_window(app: &tauri::AppHandle) {
    use tauri::Manager;
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// When WebKit's web process ends under the page (a crash, its memory limit) the window would
/// stay blank: the page is loaded again in a new one. Every acknowledged change is already in
/// the workspace, so nothing is lost; what was typed and not yet saved is. A page that keeps
/// ending its process is not reloaded in a loop: after three reloads within a minute it stays down.
#[cfg(target_os = "linux")]
fn reload_when_the_page_process_ends(app: &tauri::App) {
    use std::cell::RefCell;
    use std::time::{Duration, Instant};
    use tauri::Manager;
    use webkit2gtk::WebViewExt;
    let Some(window) = app.get_webview_window("main") else { return };
    let _ = window.with_webview(|webview| {
        let recent: RefCell<Vec<Instant>> = RefCell::default();
        webview.inner().connect_web_process_terminated(move |view, reason| {
            let mut recent = recent.borrow_mut();
            recent.retain(|t| t.elapsed() < Duration::from_secs(60));
            recent.push(Instant::now());
            if recent.len() > 3 {
                eprintln!("Living Lab: the page's process ended ({reason:?}) again; not reloading it");
                return;
            }
            eprintln!("Living Lab: the page's process ended ({reason:?}); loading the page again");
            view.reload();
        });
    });
}

/// Builds and runs the app until its last window closes.
pub fn run() {
    let locations = match Locations::from_os() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("Living Lab cannot start: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        // First, so that a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| focus_main_window(app)))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(window_state())
        .manage(AppState::start(locations))
        .setup(|app| {
            #[cfg(target_os = "linux")]
            reload_when_the_page_process_ends(app);
            sender::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_state,
            commands::ui_texts,
            commands::set_language,
            commands::search_regions,
            commands::parse_date,
            commands::default_workspace_dir,
            commands::validate_profile,
            commands::create_workspace,
            commands::open_workspace,
            commands::open_sample,
            commands::pick_folder,
            commands::close_workspace,
            commands::forget_recent,
            commands::get_profile,
            commands::save_profile,
            commands::set_emblem,
            commands::set_national_emblem,
            commands::frameworks_list,
            commands::import_framework,
            commands::periods,
            commands::add_period,
            commands::set_period_target,
            commands::use_framework_version,
            commands::assessment_view,
            commands::indicator_view,
            commands::save_assessment,
            commands::set_assessment_status,
            commands::set_butir,
            commands::link_butir_evidence,
            commands::pemdi_settings,
            commands::set_external_index,
            commands::set_period_stage,
            commands::import_assessments,
            commands::add_evidence,
            commands::add_evidence_url,
            commands::remove_evidence,
            commands::open_evidence,
            commands::evidence_list,
            commands::verify_evidence,
            commands::verify_audit,
            commands::dashboard_view,
            commands::export_xlsx,
            commands::letter_state,
            commands::save_letter_settings,
            commands::parse_signatories,
            commands::preview_letter,
            commands::preview_page,
            commands::open_preview,
            commands::issue_letter,
            commands::preview_report,
            commands::issue_report,
            commands::issue_checklist,
            commands::cover_draft,
            commands::preview_cover,
            commands::issue_cover,
            commands::documents_list,
            commands::open_document,
            commands::check_document,
            commands::attach_signed_scan,
            commands::identity_view,
            commands::create_identity,
            commands::rotate_identity,
            commands::issue_enrolment_letter,
            commands::verify_pdf,
            commands::trust_list,
            commands::add_trust_anchor,
            commands::followup_view,
            commands::practices_list,
            commands::add_practices,
            commands::add_action,
            commands::update_action,
            commands::delete_action,
            commands::add_milestone,
            commands::set_milestone_done,
            commands::link_action_evidence,
            commands::package_state,
            commands::build_package,
            commands::open_hub,
            commands::hub_view,
            commands::read_enrolment_letter,
            commands::add_region_key,
            commands::import_package,
            commands::hub_dashboard,
            commands::hub_heat_map,
            commands::hub_compare,
            commands::hub_set_roster,
            commands::hub_set_due,
            commands::hub_package,
            commands::hub_review,
            commands::hub_unlock,
            commands::hub_export_review,
            commands::hub_open_file,
            commands::hub_export_dashboard,
            commands::hub_recap,
            commands::hub_benchmark,
            commands::hub_import_benchmark,
            commands::hub_match_benchmark,
            commands::hub_link_view,
            commands::save_hub_link,
            commands::test_hub_link,
            commands::outbox_view,
            commands::watch_outbox,
            commands::send_package,
            commands::send_outbox_now,
            commands::outbox_online,
            commands::reviews_view,
            commands::import_review,
            commands::fetch_reviews,
            commands::answer_review_note,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Living Lab");
}

/// The window opens where and as large as it was when the app last closed (maximized or not);
/// the plugin keeps that in `.window-state.json` in the app's config folder, written on exit.
/// Only from Rust: the UI calls none of the plugin's commands, so the capability grants none.
fn window_state<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    use tauri_plugin_window_state::StateFlags;
    tauri_plugin_window_state::Builder::default()
        .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
        .build()
}

#[cfg(test)]
mod tests {
    /// The capability grants exactly the app's commands, nothing more.
    #[test]
    fn capability_grants_exactly_the_app_commands() {
        let cap: serde_json::Value = serde_json::from_str(include_str!("capabilities/main.json")).unwrap();
        let mut granted: Vec<String> =
            cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect();
        let mut expected: Vec<String> =
            super::command_list::ALL.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
        granted.sort();
        expected.sort();
        assert_eq!(granted, expected);
        let handler_src = include_str!("lib.rs");
        for c in super::command_list::ALL {
            assert!(handler_src.contains(&format!("commands::{c},")), "{c} is not in the invoke handler");
        }
    }

    #[test]
    fn csp_forbids_eval_and_remote_content() {
        let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let csp = conf["app"]["security"]["csp"].as_str().unwrap();
        assert!(csp.contains("default-src 'self'"));
        // Only the app's own origin, inline images, and the IPC channel; no eval, no remote host.
        let allowed = ["'self'", "'none'", "data:", "ipc:", "http://ipc.localhost"];
        for directive in csp.split(';').map(str::trim).filter(|d| !d.is_empty()) {
            for source in directive.split_whitespace().skip(1) {
                assert!(allowed.contains(&source), "CSP source {source} in `{directive}`");
            }
        }
    }
}
