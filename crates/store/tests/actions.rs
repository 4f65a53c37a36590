//! Follow-up actions: validation (in core) applied to what the store keeps.

use livinglab_core::followup::ActionStatus;
use livinglab_core::ErrorCode;
use livinglab_store::actions::{ActionPatch, ActionTarget, NewAction};
use livinglab_store::Workspace;

fn workspace() -> (tempfile::TempDir, Workspace) {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = Workspace::init(&tmp.path().join("ws"), "32.11").unwrap();
    ws.add_period(2024, None, false).unwrap();
    (tmp, ws)
}

fn target(indicator: &str, level: Option<u8>) -> ActionTarget {
    ActionTarget { indicator: indicator.into(), target_level: level }
}

fn new_action() -> NewAction {
    NewAction {
        title: "Susun Perbup Arsitektur SPBE".into(),
        due: "2024-06-30".into(),
        indicators: vec![target("1", Some(3))],
        ..NewAction::default()
    }
}

#[test]
fn an_update_stores_indicator_ids_as_the_framework_writes_them() {
    let (_t, mut ws) = workspace();
    let a = ws.add_action(2024, new_action()).unwrap();
    let patch = ActionPatch { indicators: Some(vec![target(" 42 ", Some(4))]), ..ActionPatch::default() };
    let updated = ws.update_action(&a.id, patch).unwrap();
    assert_eq!(updated.indicators, [target("42", Some(4))]);
    // So the expected index counts it.
    let f = ws.follow_up(2024, time::macros::date!(2024 - 01 - 01)).unwrap();
    assert!(f.expected_index > f.current_index, "{} vs {}", f.expected_index, f.current_index);
}

#[test]
fn an_action_is_validated_whichever_way_it_changes() {
    let (_t, mut ws) = workspace();
    let a = ws.add_action(2024, NewAction { start: Some("".into()), ..new_action() }).unwrap();
    assert_eq!(a.start, None);
    let refuse = |ws: &mut Workspace, patch: ActionPatch| ws.update_action(&a.id, patch).unwrap_err().code;
    assert_eq!(
        refuse(&mut ws, ActionPatch { progress: Some(101), ..ActionPatch::default() }),
        ErrorCode::ActionInvalid
    );
    assert_eq!(
        refuse(&mut ws, ActionPatch { due: Some("besok".into()), ..ActionPatch::default() }),
        ErrorCode::DateInvalid
    );
    assert_eq!(
        refuse(&mut ws, ActionPatch { indicators: Some(vec![target("1", Some(6))]), ..ActionPatch::default() }),
        ErrorCode::LevelInvalid
    );
    let done = ws.update_action(&a.id, ActionPatch { status: Some(ActionStatus::Selesai), ..ActionPatch::default() });
    let done = done.unwrap();
    assert_eq!((done.progress, done.completed_at.is_some()), (100, true));
}

#[test]
fn a_corrupt_stored_action_status_is_reported() {
    let (_t, mut ws) = workspace();
    let a = ws.add_action(2024, new_action()).unwrap();
    let conn = rusqlite::Connection::open(ws.dir().join("workspace.sqlite")).unwrap();
    conn.pragma_update(None, "ignore_check_constraints", true).unwrap();
    conn.execute("UPDATE action SET status = 'done'", []).unwrap();
    let err = ws.action(&a.id).unwrap_err();
    assert_eq!(err.code, ErrorCode::WorkspaceCorrupt);
    assert!(err.param("detail").unwrap().contains("done"), "{err}");
}
