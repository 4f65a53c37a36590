//! End-to-end: one app per user. A second launch of the app hands over to the running one
//! (which comes to the front) and exits, so one workspace is never open in two windows; a
//! second program on the same workspace (the command line, a script) shares it safely: its
//! write waits for the app's (IMMEDIATE transactions) and both are in the audit trail.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{cli, data_dir, seed_workspace, App, APP};

fn windows_named(name: &str) -> usize {
    let out = Command::new("xdotool").args(["search", "--onlyvisible", "--name", name]).output().expect("xdotool");
    String::from_utf8_lossy(&out.stdout).lines().count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_focuses_the_first_window_and_exits() {
    let home = tempfile::tempdir().unwrap();
    let dir = seed_workspace(home.path(), "32.11");
    let app = App::launch(home.path()).await;
    app.wait("#first-period").await;
    let before = windows_named("^Living Lab$");

    let started = Instant::now();
    let mut second = Command::new(APP)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_DATA_HOME", data_dir(home.path()))
        .env("XDG_CACHE_HOME", home.path().join(".cache"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(s) = second.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = second.kill();
            panic!("the second launch kept running: it opened a second window");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "the second launch exits cleanly: {status}");
    assert_eq!(windows_named("^Living Lab$"), before, "no second window");
    // The first app still works.
    app.click("#nav-profile").await;
    app.wait_text("#profile-region", "Kabupaten Sumedang").await;

    // Another program writes the open workspace: it shares it safely.
    let out = Command::new(cli())
        .env("LANG", "C.UTF-8")
        .arg("--workspace")
        .arg(&dir)
        .args(["period", "add", "--year", "2026"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    app.click("#nav-dashboard").await;
    app.wait_text("#view", "2026").await;
    app.close().await;
    let out = Command::new(cli()).arg("--workspace").arg(&dir).args(["audit", "verify"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}
