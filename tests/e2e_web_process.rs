//! End-to-end: when WebKit's web process ends under the page (here it is killed, as a crash
//! would end it), the app loads the page again in a new one instead of leaving a blank window,
//! and a page that keeps ending its process is not reloaded in a loop.

mod support;

use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::{data_dir, seed_workspace, APP};

/// The WebKitWebProcess children of `pid`.
fn web_processes(pid: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else { continue };
        // The command name is in parentheses and may hold spaces; the parent's pid follows it.
        let Some((name, rest)) = stat.split_once(" (").and_then(|(_, r)| r.rsplit_once(") ")) else { continue };
        let parent = rest.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok());
        if name.starts_with("WebKitWebProces") && parent == Some(pid) {
            found.push(child);
        }
    }
    found
}

fn wait_for<T>(what: &str, secs: u64, mut probe: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(started.elapsed() < Duration::from_secs(secs), "{what} within {secs} s");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn launch(home: &Path, log: &Path) -> Child {
    Command::new(APP)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", data_dir(home))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(log).unwrap())
        .spawn()
        .expect("the app starts")
}

fn kill(pid: u32) {
    let status = Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap();
    assert!(status.success(), "kill {pid}");
}

#[test]
fn the_page_is_loaded_again_when_its_web_process_dies() {
    let home = tempfile::tempdir().unwrap();
    seed_workspace(home.path(), "32.11");
    let log = home.path().join("app.log");
    let mut app = launch(home.path(), &log);
    let pid = app.id();
    let first = wait_for("the page's web process", 30, || web_processes(pid).first().copied());
    // Let the page load before it is taken away.
    std::thread::sleep(Duration::from_secs(3));
    kill(first);
    let second =
        wait_for("a new web process for the page", 20, || web_processes(pid).into_iter().find(|p| *p != first));
    assert!(app.try_wait().unwrap().is_none(), "the app keeps running");
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(said.contains("loading the page again"), "{said}");

    // Three reloads within a minute, and the fourth end leaves it down.
    let mut current = second;
    for _ in 0..2 {
        std::thread::sleep(Duration::from_secs(1));
        kill(current);
        current = wait_for("a new web process", 20, || web_processes(pid).into_iter().find(|p| *p != current));
    }
    std::thread::sleep(Duration::from_secs(1));
    kill(current);
    wait_for("the app to say it stopped reloading", 20, || {
        std::fs::read_to_string(&log).unwrap().contains("not reloading it").then_some(())
    });
    std::thread::sleep(Duration::from_secs(2));
    assert!(web_processes(pid).iter().all(|p| *p == current), "no new web process after the fourth end");
    assert!(app.try_wait().unwrap().is_none(), "the app keeps running");
    let _ = app.kill();
    let _ = app.wait();
}
