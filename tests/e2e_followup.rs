//! End-to-end: follow-up in the real app: an action from a replicable practice, moved through
//! its statuses, changes the follow-up rate on the follow-up page and on the dashboard.

mod support;

use fantoccini::Locator;
use livinglab_store::actions::{ActionTarget, NewAction};
use livinglab_store::Workspace;
use support::{seed_workspace, App};

#[tokio::test(flavor = "multi_thread")]
async fn an_action_from_a_practice_moves_the_follow_up_rate() {
    let home = tempfile::tempdir().unwrap();
    let dir = seed_workspace(home.path(), "32.11");
    {
        let mut ws = Workspace::open(&dir).unwrap();
        ws.add_period(2026, None, false).unwrap();
        ws.import_assessments(2026, "1,2\n2,2\n17,3\n").unwrap();
        // An action whose due date has passed: overdue, so the rate starts at 0%.
        ws.add_action(
            2026,
            NewAction {
                title: "Penyusunan Peta Rencana".into(),
                due: "2026-01-31".into(),
                indicators: vec![ActionTarget { indicator: "1".into(), target_level: Some(3) }],
                ..NewAction::default()
            },
        )
        .unwrap();
    }

    let app = App::launch(home.path()).await;
    app.wait("#dash-index").await;
    app.wait_text("#dash-followup-rate", "0%").await;
    app.click("#nav-followup").await;
    app.wait_text("#followup-rate", "0%").await;
    assert!(app.text("#followup-overdue").await.contains("1 terlambat"));

    // A new action from the first practice of the catalogue that fits Pemdi 2026.
    app.click("#action-from-practice").await;
    app.wait("#dlg-practice").await;
    let practice = app.value("#dlg-practice").await;
    assert!(!practice.is_empty());
    app.click("#dlg-ok").await;
    app.wait("#dlg-due").await;
    let title = app.value("#dlg-title").await;
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "Rencana aksi dibuat").await;
    app.wait_text("#actions", &title).await;
    app.wait_text("#followup-rate", "50%").await;
    app.screenshot("20-followup").await;

    // The new action is done: still one of two counted; the overdue one cancelled: 100%.
    let new_status = "article.action:not(.overdue) select[id^='status-']";
    app.wait(new_status).await.select_by_value("selesai").await.unwrap();
    app.wait_text("#followup-counts", "1 dari 2").await;
    let old_status = "article.action.overdue select[id^='status-']";
    app.wait(old_status).await.select_by_value("batal").await.unwrap();
    app.wait_text("#followup-rate", "100%").await;
    app.wait_text("#followup-counts", "1 dari 1").await;
    assert!(
        app.client.find(Locator::Css("article.action.overdue")).await.is_err(),
        "a cancelled action is not overdue"
    );

    app.click("#nav-dashboard").await;
    app.wait_text("#dash-followup-rate", "100%").await;
    app.screenshot("21-dashboard-followup").await;
    app.close().await;

    let ws = Workspace::open(&dir).unwrap();
    let actions = ws.actions(2026).unwrap();
    let done = actions
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("{title:?} not in {:?}", actions.iter().map(|a| &a.title).collect::<Vec<_>>()));
    assert_eq!(done.practice_id.as_deref(), Some(practice.as_str()));
    assert_eq!(done.progress, 100);
    assert!(!done.milestones.is_empty(), "the practice's steps became milestones");
    assert!(ws.verify_audit().unwrap().intact);
}
