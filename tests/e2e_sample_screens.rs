//! End-to-end: the example workspace's everyday screens in both languages, for people to look
//! at: the dashboard's group and gap tables, the evidence list with its filter and the
//! indicators without evidence, and the assessment list with its groups. In English the group
//! names are English, in Indonesian Indonesian; no screen scrolls sideways.

mod support;

use support::hostile::inspect;
use support::App;

const TITLE: &str = "Kabupaten Contoh — Living Lab";

#[tokio::test(flavor = "multi_thread")]
async fn the_example_reads_right_in_both_languages() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch(home.path()).await;
    app.click("#open-sample").await;
    app.wait_text("#dash-index", "4,19").await;
    for (lang, group, not_group, index) in [
        ("id", "Kebijakan Internal", "Internal Policy", "4,19"),
        ("en", "Internal Policy", "Kebijakan Internal", "4.19"),
    ] {
        app.click(&format!("#lang-{lang}")).await;
        app.click("#nav-dashboard").await;
        app.wait_text("#dash-index", index).await;
        let v = inspect(&app, TITLE, &format!("dashboard ({lang})")).await;
        let all = v["all"].as_str().unwrap();
        assert!(all.contains(group), "{lang}: the dashboard names the groups in its language");
        assert!(!all.contains(not_group), "{lang}: a group name in the other language");
        app.screenshot(&format!("50-sample-dashboard-{lang}")).await;
        app.show("#chart-groups").await;
        app.screenshot(&format!("50b-sample-dashboard-groups-{lang}")).await;

        app.click("#nav-evidence").await;
        app.wait("#evidence-table").await;
        inspect(&app, TITLE, &format!("evidence ({lang})")).await;
        app.screenshot(&format!("51-sample-evidence-{lang}")).await;

        app.click("#nav-assessment").await;
        app.wait("#indicator-list").await;
        let v = inspect(&app, TITLE, &format!("assessment ({lang})")).await;
        let list = app.text("#indicator-list").await.to_lowercase();
        assert!(list.contains(&group.to_lowercase()), "{lang}: the list's groups: {list}");
        assert!(!v["all"].as_str().unwrap().contains(not_group), "{lang}: a group name in the other language");
        app.screenshot(&format!("52-sample-assessment-{lang}")).await;
    }
    app.click("#lang-id").await;
    app.close().await;
}
