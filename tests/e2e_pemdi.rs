//! End-to-end: a Pemdi 2026 period assessed butir by butir in the real app. Checking off the
//! butir of level 1 and one of level 2's four moves the indicator's value (1,5, then 1,75) in
//! the panel and in the list; a level above an incomplete one is marked as not counted; the
//! assessor's value 2,26 counts instead and an impossible 7 is refused in Indonesian, changing
//! nothing; a butir returned for revision needs its reason (asked in the dialog); where the
//! sources disagree on a level the other reading stands beside the criterion; the data
//! indicator counts as 1 until the SDI is entered and then as its converted 3,75; the dashboard
//! shows the index the store computes, and the year's stages take their dates as the Indonesian
//! UI writes them. Both languages are looked at.

mod support;

use livinglab_store::Workspace;
use support::{seed_workspace, App};

async fn value_counted(app: &App, expected: &str) {
    app.wait_text("#value-counted", expected).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pemdi_period_is_assessed_butir_by_butir() {
    let home = tempfile::tempdir().unwrap();
    let dir = seed_workspace(home.path(), "32.11");
    {
        let mut ws = Workspace::open(&dir).unwrap();
        ws.add_period(2026, None, false).unwrap();
    }
    let app = App::launch(home.path()).await;
    app.click("#nav-assessment").await;
    app.click("#ind-1").await;
    app.wait("#butir-section").await;
    app.wait_text("#value-basis", "Belum dinilai").await;
    app.screenshot("p1-butir-empty").await;

    // Level 2's butir first: it does not count while level 1 is incomplete.
    app.click("#butir-I1-L2-1").await;
    app.wait_text("#butir-level-2", "belum dihitung").await;
    value_counted(&app, "1").await;
    app.click("#butir-I1-L1-1").await;
    value_counted(&app, "1,75").await;
    app.wait_text("#value-basis", "Perkiraan dari butir").await;
    app.wait_text("#ind-1 .lvl", "1,75").await;
    app.show("#butir-card").await;
    app.screenshot("p2-butir-checked").await;

    // The assessor's value counts instead; the estimate stays beside it.
    app.fill("#f-value", "7").await;
    app.click("#value-save").await;
    app.wait_text("#toasts", "1 sampai 5").await;
    value_counted(&app, "1,75").await;
    app.fill("#f-value", "2,26").await;
    app.click("#value-save").await;
    value_counted(&app, "2,26").await;
    app.wait_text("#value-basis", "Nilai yang diberikan").await;
    app.wait_text("#value-estimate", "1,75").await;
    let stored = Workspace::open(&dir).unwrap().assessment(2026, "1").unwrap().unwrap();
    assert_eq!(stored.value.map(|v| v.to_string()).as_deref(), Some("2.26"));

    // The evaluators returned a butir for revision: the reason is asked for, and kept.
    let select = app.wait("#butir-review-I1-L2-1").await;
    select.select_by_value("revisi").await.unwrap();
    app.wait("#dlg-reason").await;
    app.click("#dlg-ok").await;
    app.wait_text("#dlg-error", "alasan").await;
    app.fill("#dlg-reason", "SK Tim Pemdi belum ditandatangani Bupati").await;
    app.click("#dlg-ok").await;
    app.wait_text("#butir-reason-I1-L2-1", "SK Tim Pemdi").await;
    let butir = Workspace::open(&dir).unwrap().butir(2026, Some("1")).unwrap();
    let returned = butir.iter().find(|b| b.butir_id == "I1.L2.1").unwrap();
    assert_eq!(returned.review_reason, "SK Tim Pemdi belum ditandatangani Bupati");
    app.screenshot("p3-butir-revision").await;

    // Where the sources disagree on a level, the other reading stands beside the criterion.
    app.click("#ind-3").await;
    let other = app.wait_text("#criteria", "Bacaan lain").await;
    assert!(other.contains("Minahasa Selatan"), "the reading names its source: {other}");
    app.show(".alt-reading").await;
    app.screenshot("p3b-other-reading").await;

    // The data indicator counts as 1 until Bappenas's SDI is entered.
    app.click("#ind-5").await;
    app.wait_text("#value-basis", "Dihitung 1").await;
    app.wait_text("#value-external", "Satu Data Indonesia").await;
    app.click("#value-index").await;
    app.fill("#dlg-value", "120").await;
    app.click("#dlg-ok").await;
    app.wait("#dlg-error").await;
    app.fill("#dlg-value", "68,75").await;
    app.fill("#dlg-source", "Bappenas, Indeks SDI 2026").await;
    app.click("#dlg-ok").await;
    value_counted(&app, "3,75").await;
    app.wait_text("#value-basis", "Dari indeks instansi lain").await;
    app.screenshot("p4-external-index").await;

    // The dashboard's index is the store's.
    let index = Workspace::open(&dir).unwrap().score(2026).unwrap().index;
    app.click("#nav-dashboard").await;
    app.wait_text("#dash-index", &livinglab_core::format::index(index, livinglab_core::Lang::Id)).await;

    // The stages of the year: the document review set as the Indonesian UI writes dates; an end
    // before the start is refused and changes nothing.
    app.wait_text("#stage-dokumen", "belum dijadwalkan").await;
    app.click("#stage-edit-interviu").await;
    app.fill("#dlg-starts", "10/08/2026").await;
    app.fill("#dlg-ends", "01/08/2026").await;
    app.click("#dlg-ok").await;
    app.wait_text("#toasts", "lebih awal").await;
    app.click("#stage-edit-dokumen").await;
    app.fill("#dlg-starts", "01/07/2026").await;
    app.fill("#dlg-ends", "31/07/2026").await;
    app.click("#dlg-ok").await;
    app.wait_text("#stage-dokumen", "1 Juli 2026").await;
    app.wait_text("#stage-dokumen", "Selesai").await;
    let stages = Workspace::open(&dir).unwrap().stages(2026).unwrap();
    assert_eq!((stages[1].starts.as_deref(), stages[1].ends.as_deref()), (Some("2026-07-01"), Some("2026-07-31")));
    assert_eq!(
        (stages[2].starts.as_deref(), stages[2].ends.as_deref()),
        (None, None),
        "the refused dates are not kept"
    );
    app.show("#stages-card").await;
    app.screenshot("p4b-stages").await;

    // The same screens in English.
    app.click("#lang-en").await;
    app.click("#nav-assessment").await;
    app.click("#ind-1").await;
    app.wait_text("#value-basis", "The value given").await;
    app.wait_text("#butir-card", "Evidence items per level").await;
    app.screenshot("p5-butir-en").await;
    app.show("#butir-card").await;
    app.screenshot("p6-butir-en-list").await;
    app.click("#lang-id").await;
    app.close().await;
}
