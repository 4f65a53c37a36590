//! What several CLI tests share: a workspace driven through the binary, poppler's signature
//! check and whether the OS keychain is there to test against.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// What poppler's `pdfsig` says of a PDF's signatures.
pub fn pdfsig(pdf: &Path) -> String {
    let out = Command::new("pdfsig").arg(pdf).output().expect("pdfsig is needed (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether a test of the OS keychain runs: always with LIVINGLAB_REQUIRE_KEYCHAIN=1 (it then
/// fails without one), else only with a session bus (a Secret Service may answer on it).
pub fn keychain_reachable() -> bool {
    if std::env::var("LIVINGLAB_REQUIRE_KEYCHAIN").as_deref() == Ok("1") {
        return true;
    }
    if std::env::var("DBUS_SESSION_BUS_ADDRESS").is_err() {
        eprintln!("skipped: no session bus with a Secret Service (set LIVINGLAB_REQUIRE_KEYCHAIN=1 to fail instead)");
        return false;
    }
    true
}

/// A workspace in a temporary folder of its own, driven through the `livinglab` binary as a
/// user or a script would.
pub struct Ws {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    /// Global options given before every command (`--today`, `--lang`).
    globals: Vec<String>,
    /// A key file and its passphrase; None for the OS keychain.
    key_file: Option<(PathBuf, String)>,
}

impl Ws {
    /// A folder for the workspace (`<tmp>/ws`), nothing in it yet.
    pub fn empty() -> Ws {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ws");
        Ws { tmp, dir, globals: Vec::new(), key_file: None }
    }

    /// Every command is given `args` first (e.g. `--today 2026-12-01`).
    pub fn with_globals(mut self, args: &[&str]) -> Ws {
        self.globals = args.iter().map(|a| a.to_string()).collect();
        self
    }

    /// Keys live in the file `name` beside the workspace, under `passphrase`.
    pub fn with_key_file(mut self, name: &str, passphrase: &str) -> Ws {
        self.key_file = Some((self.tmp.path().join(name), passphrase.to_string()));
        self
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_livinglab"));
        cmd.env("LANG", "C.UTF-8").arg("--workspace").arg(&self.dir).args(&self.globals).args(args);
        match &self.key_file {
            Some((path, passphrase)) => {
                cmd.env("LIVINGLAB_KEYSTORE", format!("file:{}", path.display()));
                cmd.env("LIVINGLAB_KEY_PASSPHRASE", passphrase);
            }
            None => {
                cmd.env_remove("LIVINGLAB_KEYSTORE");
            }
        }
        cmd.output().unwrap()
    }

    /// Runs a command that must succeed; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("JSON on stdout")
    }

    /// Runs a command that must be refused as bad input: exit 2; its message.
    pub fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?} must be refused: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// A path in the temporary folder, beside the workspace.
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Writes `content` to `name` beside the workspace.
    pub fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, content).unwrap();
        path
    }
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}
