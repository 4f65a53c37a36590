//! Several programs writing one workspace at once, and programs killed half-way through a write.
//!
//! Both run the real `livinglab` binary as separate processes against one workspace folder, as
//! when the app, the command line and a script share it. What must hold: every write that
//! reported success is in the workspace, the SQLite file passes its integrity check, the audit
//! trail verifies, and the evidence store matches its records.

#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn livinglab(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_livinglab"));
    cmd.env("LANG", "C.UTF-8").arg("--workspace").arg(dir);
    cmd
}

fn run_ok(dir: &Path, args: &[&str]) -> String {
    let out = livinglab(dir).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn new_workspace(tmp: &Path) -> PathBuf {
    let dir = tmp.join("ws");
    run_ok(&dir, &["init", "--region", "32.11"]);
    run_ok(&dir, &["period", "add", "--year", "2024"]);
    dir
}

/// The `new` values of every audit entry, as text, read straight from the file.
fn audit_new_values(dir: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join("workspace.sqlite")).unwrap();
    let mut stmt = conn.prepare("SELECT coalesce(new_value, '') FROM audit_log ORDER BY seq").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

fn assert_workspace_whole(dir: &Path) {
    let conn = rusqlite::Connection::open(dir.join("workspace.sqlite")).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    run_ok(dir, &["audit", "verify"]);
    run_ok(dir, &["evidence", "verify"]);
}

#[test]
fn four_writers_at_once_lose_nothing() {
    const WRITERS: usize = 4;
    const WRITES: usize = 200;
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_workspace(tmp.path());
    let entries_before = audit_new_values(&dir).len();
    let threads: Vec<_> = (0..WRITERS)
        .map(|w| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let indicator = (w + 1).to_string();
                let mut failures = Vec::new();
                for i in 0..WRITES {
                    let level = (i % 5 + 1).to_string();
                    let fakta = format!("writer {w} write {i}");
                    let out = livinglab(&dir)
                        .args(["assess", "set", "--period", "2024", "--indicator", &indicator])
                        .args(["--level", &level, "--fakta", &fakta])
                        .output()
                        .unwrap();
                    if !out.status.success() {
                        failures.push(format!("{fakta}: {}", String::from_utf8_lossy(&out.stderr).trim()));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert!(failures.is_empty(), "{} of {} writes failed, e.g. {:?}", failures.len(), WRITERS * WRITES, &failures[..1]);

    let values = audit_new_values(&dir);
    assert_eq!(values.len() - entries_before, WRITERS * WRITES, "one audit entry per write");
    for w in 0..WRITERS {
        for i in 0..WRITES {
            let fakta = format!("writer {w} write {i}");
            assert!(values.iter().any(|v| v.contains(&fakta)), "{fakta} is missing");
        }
    }
    let answers: Value =
        serde_json::from_str(&run_ok(&dir, &["assess", "list", "--period", "2024", "--json"])).unwrap();
    for w in 0..WRITERS {
        let last =
            answers.as_array().unwrap().iter().find(|a| a["indicator"].as_str() == Some(&(w + 1).to_string())).unwrap();
        assert_eq!(last["fakta"], format!("writer {w} write {}", WRITES - 1), "the last write of writer {w} stands");
    }
    assert_workspace_whole(&dir);
}

/// A small deterministic generator, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn writers_killed_at_random_moments_leave_a_whole_workspace() {
    const KILLS: usize = 200;
    let tmp = tempfile::tempdir().unwrap();
    let dir = new_workspace(tmp.path());
    let evidence = tmp.path().join("files");
    std::fs::create_dir_all(&evidence).unwrap();

    // How long one write takes here, so the kills fall anywhere from start-up to past the
    // commit. The span then follows the machine's pace: it grows after a kill and shrinks after
    // a finished write, so about half the writers are killed however loaded the machine is.
    let started = Instant::now();
    let calibration =
        ["assess", "set", "--period", "2024", "--indicator", "1", "--level", "1", "--fakta", "calibration"];
    run_ok(&dir, &calibration);
    let mut span = started.elapsed().as_micros() as u64 * 2;

    let mut rng = Lcg(0x5eed_1ab5);
    let (mut succeeded, mut killed) = (Vec::new(), 0);
    for i in 0..KILLS {
        let marker = format!("crash-{i:03}");
        let mut cmd = livinglab(&dir);
        match i % 3 {
            // An answer.
            0 | 1 => {
                let indicator = (i % 47 + 1).to_string();
                let level = (i % 5 + 1).to_string();
                cmd.args(["assess", "set", "--period", "2024", "--indicator", &indicator, "--level", &level]);
                cmd.args(["--fakta", &marker]);
            }
            // A stored file: bytes in the store and a record, which must agree.
            _ => {
                let file = evidence.join(format!("{marker}.pdf"));
                std::fs::write(&file, format!("%PDF-1.4\n% {marker}\n{}", "x".repeat(4096 * (i % 7)))).unwrap();
                cmd.args(["evidence", "add", "--period", "2024", "--indicator", "3"]).arg(&file);
            }
        }
        let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(span.max(1))));
        // SIGKILL: no destructor, no rollback, no flush.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            succeeded.push(marker);
            span = span * 9 / 10;
        } else {
            assert_eq!(status.signal(), Some(libc::SIGKILL), "{marker} failed on its own: {status}");
            killed += 1;
            span = span * 11 / 10;
        }
    }
    eprintln!("{killed} of {KILLS} writers killed, {} finished", succeeded.len());
    assert!(killed >= KILLS / 5, "too few writers were killed mid-way ({killed}) for the test to mean anything");
    let finished = succeeded.len();
    assert!(finished >= KILLS / 5, "too few writers finished ({finished}) for the test to mean anything");

    assert_workspace_whole(&dir);
    let values = audit_new_values(&dir);
    for marker in &succeeded {
        assert!(values.iter().any(|v| v.contains(marker.as_str())), "{marker} reported success but is missing");
    }
    // The workspace still takes writes after all that.
    run_ok(&dir, &["assess", "set", "--period", "2024", "--indicator", "1", "--level", "5", "--fakta", "after"]);
    assert_workspace_whole(&dir);
}
