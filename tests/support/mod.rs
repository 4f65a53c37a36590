//! Drives the real app in its real webview: WebKitWebDriver starts the built `living-lab`
//! binary (with WebKit automation on) and a WebDriver client clicks and types in it.
//!
//! Each app runs with its own HOME and XDG folders, so its settings, default workspaces and
//! saved window state (none on a first start: the window opens as tauri.conf.json says)
//! live in a temporary folder the test can inspect. Needs a display (run under xvfb-run).

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub mod hostile;

pub const APP: &str = env!("CARGO_BIN_EXE_living-lab");

/// The `livinglab` command line of this source tree (Sumedang's receiver, and setting up data
/// as a script would), built into the same target folder on first use.
pub fn cli() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().expect("the target folder");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "-p", "livinglab-cli", "--bin", "livinglab"])
            .env("CARGO_TARGET_DIR", target)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo build -p livinglab-cli");
        target.join("debug").join(format!("livinglab{}", std::env::consts::EXE_SUFFIX))
    })
}

/// The `livinglab` command with its own key file (a workspace's or a hub's) and passphrase, as
/// a script would run it.
pub fn cli_output(key_file: &Path, passphrase: &str, args: &[&str]) -> std::process::Output {
    Command::new(cli())
        .env("LANG", "C.UTF-8")
        .env("LIVINGLAB_KEYSTORE", format!("file:{}", key_file.display()))
        .env("LIVINGLAB_KEY_PASSPHRASE", passphrase)
        .args(args)
        .output()
        .unwrap()
}

/// [`cli_output`] that must succeed; its standard output.
pub fn cli_ok(key_file: &Path, passphrase: &str, args: &[&str]) -> String {
    let out = cli_output(key_file, passphrase, args);
    assert!(out.status.success(), "livinglab {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// [`cli_ok`] read as JSON.
pub fn cli_json(key_file: &Path, passphrase: &str, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&cli_ok(key_file, passphrase, args)).unwrap()
}

/// One running app and the driver that started it.
pub struct App {
    pub client: Client,
    driver: Option<Child>,
    pub home: PathBuf,
    /// What the driver and the app it started wrote to standard error.
    log: PathBuf,
}

/// The folders the app uses under `home` (as on a Linux desktop).
pub fn data_dir(home: &Path) -> PathBuf {
    home.join(".local/share")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn webdriver_binary() -> String {
    std::env::var("WEBKIT_WEBDRIVER").unwrap_or_else(|_| "WebKitWebDriver".to_string())
}

impl App {
    /// Starts the app with `home` as its user's home folder and waits until its UI is ready.
    /// The app inherits the rest of the test's environment (the session bus, so the keychain).
    pub async fn launch(home: &Path) -> App {
        App::launch_with(home, &[]).await
    }

    /// As [`App::launch`], with more environment variables for the app.
    pub async fn launch_with(home: &Path, env: &[(&str, &str)]) -> App {
        let port = free_port();
        let logs = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-logs");
        std::fs::create_dir_all(&logs).unwrap();
        let log = logs.join(format!("app-{port}.log"));
        let mut cmd = Command::new(webdriver_binary());
        cmd.arg(format!("--port={port}"))
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", data_dir(home))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env("LANG", "C.UTF-8")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
        let driver = cmd.spawn().expect("WebKitWebDriver starts (install webkit2gtk-driver)");

        let url = format!("http://127.0.0.1:{port}");
        let caps = json!({"webkitgtk:browserOptions": {"binary": APP, "args": []}});
        let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps.as_object().unwrap().clone());
        let started = Instant::now();
        let client = loop {
            match builder.connect(&url).await {
                Ok(c) => break c,
                Err(e) if started.elapsed() < Duration::from_secs(30) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("no WebDriver session: {e}"),
            }
        };
        let app = App { client, driver: Some(driver), home: home.to_path_buf(), log };
        app.wait("#app[data-ready='true']").await;
        app
    }

    /// Ends the session, which closes the app, and stops the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        self.stop_driver();
        let _ = std::fs::remove_file(&self.log);
    }

    fn stop_driver(&mut self) {
        let Some(mut driver) = self.driver.take() else { return };
        // The driver runs in its own process group with the app it started: end them together.
        #[cfg(unix)]
        if let Ok(pid) = i32::try_from(driver.id()) {
            if pid > 1 {
                // SAFETY: plain signal to a process group we created; no memory is involved.
                unsafe { libc::kill(-pid, libc::SIGTERM) };
            }
        }
        let _ = driver.kill();
        let _ = driver.wait();
    }

    /// The element matching `css`, waiting up to 15 s for it to appear.
    pub async fn wait(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}\n{}", self.log_tail()))
    }

    /// The end of what the app wrote to standard error (why a page went away, a panic).
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("dbus-daemon")).collect();
        format!("the app's last words:\n{}", lines[lines.len().saturating_sub(20)..].join("\n"))
    }

    /// Waits until the text of `css` contains `needle`; returns the text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return text;
            }
            if started.elapsed() > Duration::from_secs(15) {
                self.screenshot("failed-wait-text").await;
                let view = match self.client.find(Locator::Css("#app")).await {
                    Ok(el) => el.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!(
                    "{css} never contained {needle:?}; last text: {text:?}\nthe window showed:\n{view}\n{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks `css`, finding it again when a re-render replaced it between find and click.
    pub async fn click(&self, css: &str) {
        let started = Instant::now();
        loop {
            let el = self.wait(css).await;
            // WebKit's driver scrolls only the page; items inside a scrolled list need help.
            let _ = self
                .client
                .execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&el).unwrap()])
                .await;
            match el.click().await {
                Ok(()) => return,
                Err(e) if started.elapsed() > Duration::from_secs(10) => {
                    self.screenshot("failed-click").await;
                    panic!("click {css}: {e:?}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Replaces the value of an input as a user would: select all, type.
    pub async fn fill(&self, css: &str, text: &str) {
        let el = self.wait(css).await;
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    pub async fn value(&self, css: &str) -> String {
        self.wait(css).await.prop("value").await.unwrap().unwrap_or_default()
    }

    pub async fn text(&self, css: &str) -> String {
        self.wait(css).await.text().await.unwrap()
    }

    /// Scrolls `css` to the top of its scrolling area, so that a screenshot shows it.
    pub async fn show(&self, css: &str) {
        let el = self.wait(css).await;
        let _ = self
            .client
            .execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&el).unwrap()])
            .await;
    }

    /// Saves a screenshot to `<target>/tmp/e2e-shots/NAME.png` for people to look at.
    pub async fn screenshot(&self, name: &str) {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-shots");
        std::fs::create_dir_all(&dir).unwrap();
        // The webview paints asynchronously: let two frames pass so the picture shows the DOM.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        if let Ok(png) = self.client.screenshot().await {
            std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // A failed assertion still takes the app and the driver down with it.
        self.stop_driver();
    }
}

/// The first-run wizard, filled in for Kabupaten Sumedang; ends on the profile screen.
pub async fn create_sumedang_workspace(app: &App) {
    app.click("#start-wizard").await;
    app.fill("#region-search", "sumed").await;
    // The one region left is chosen as typed (a click on it chooses it too).
    app.click("#region-32\\.11").await;
    app.wait_text("#region-chosen", "Kabupaten Sumedang").await;
    app.click("#wizard-next").await;

    app.fill("#f-address", "Jl. Prabu Geusan Ulun No. 36, Sumedang").await;
    app.fill("#f-postal_code", "45311").await;
    app.fill("#f-phone", "(0261) 201254").await;
    app.fill("#f-email", "diskominfo@sumedangkab.go.id").await;
    app.fill("#f-website", "diskominfo.sumedangkab.go.id").await;
    let emblem = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/emblem.png");
    app.wait("#f-emblem").await.send_keys(emblem.to_str().unwrap()).await.unwrap();
    app.wait(".emblem-preview img").await;
    app.click("#wizard-next").await;

    app.fill("#f-head_name", "H. Dony Ahmad Munir, S.T., M.M.").await;
    app.fill("#f-sekda_name", "Tuti Ruswati, S.E., M.M.").await;
    app.fill("#f-sekda_nip", "19680505 199003 2 004").await;
    app.fill("#f-office_head_name", "Drs. Ahmad Sopyan, M.Si.").await;
    app.fill("#f-office_head_nip", "197203101998031005").await;
    app.click("#wizard-next").await;

    // The name is required: the trail and every verification name the user.
    app.click("#wizard-next").await;
    app.wait_text("#err-user_name", "wajib").await;
    app.fill("#f-user_name", "Operator Diskominfo").await;
    app.wait_text("#summary-office-head", "Drs. Ahmad Sopyan").await;
    app.screenshot("wizard-finish").await;
    app.click("#wizard-next").await;
    // The new workspace opens on its dashboard, which offers to start the first period.
    app.wait_text("#ws-name", "Kabupaten Sumedang").await;
    app.wait("#first-period").await;
    app.click("#nav-profile").await;
    app.wait_text("#profile-region", "Kabupaten Sumedang (32.11)").await;
}

/// A workspace for `region` in the default place under `home`, remembered as the last one, so
/// that the app opens it at start. Returns the workspace folder.
pub fn seed_workspace(home: &Path, region: &str) -> PathBuf {
    let locations = livinglab_store::Locations {
        config_file: home.join(".config/LivingLab/config.json"),
        workspaces_dir: data_dir(home).join("LivingLab/workspaces"),
    };
    let r = livinglab_core::regions::Regions::get().require(region).unwrap();
    let dir = locations.default_workspace_dir(&r.code, &r.name);
    let ws = livinglab_store::Workspace::init(&dir, region).unwrap();
    let mut config = livinglab_store::AppConfig::default();
    config.remember(&ws.info().path, &r.name);
    locations.save_config(&config).unwrap();
    ws.info().path.clone()
}

/// Answers the GTK save dialog titled `title` (which WebDriver cannot reach) by typing `path`
/// into its name field with xdotool, on the same X display.
pub fn answer_save_dialog(title: &str, path: &Path) {
    let started = Instant::now();
    let window = loop {
        let out = Command::new("xdotool").args(["search", "--onlyvisible", "--name", title]).output().expect("xdotool");
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next() {
            break id.to_string();
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no save dialog titled {title:?}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let xdotool = |args: &[&str]| {
        let status = Command::new("xdotool").args(args).status().expect("xdotool");
        assert!(status.success(), "xdotool {args:?}");
    };
    xdotool(&["windowfocus", "--sync", &window]);
    // The dialog fills in the file name and selects it; typing replaces it with the full path.
    std::thread::sleep(Duration::from_millis(400));
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&["type", "--delay", "15", path.to_str().unwrap()]);
    xdotool(&["key", "Return"]);
}
