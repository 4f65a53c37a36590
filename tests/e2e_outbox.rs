//! End-to-end: sending report packages to Sumedang's hub over the network. A real receiver
//! (`livinglab hub serve`) holds the region's key; in the app, Dokumen → Paket laporan says no
//! hub address is set and points to Profil → Hub Sumedang, where a bad address is refused in
//! Indonesian and saves nothing, "Tes koneksi" names the hub and its key, and the address is
//! saved. "Kirim ke Sumedang" then sends the package, the row shows "Terkirim" with the
//! receipt, and the hub lists the package. With the receiver stopped, a send fails with the
//! time of the next try; when the network is back (the webview's `online` event) the
//! background sender sends it, its progress shown in bytes and files (the app reaches the hub
//! through a slow line, so that the upload takes a while). A hub that does not hold the region's key refuses, and the row
//! says so with the hub's message. Run inside a session bus (scripts/test.sh).

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use livinglab_store::outbox::{HubLink, OutboxState};
use livinglab_store::Workspace;
use serde_json::Value;
use support::{answer_save_dialog, cli, seed_workspace, App};

const PASSPHRASE: &str = "sandi uji kirim paket";

/// The `livinglab` command with its own key file (the workspace's, or a hub's).
fn livinglab(key_file: &Path, args: &[&str]) -> String {
    support::cli_ok(key_file, PASSPHRASE, args)
}

fn json(key_file: &Path, args: &[&str]) -> Value {
    support::cli_json(key_file, PASSPHRASE, args)
}

/// A hub's receiver, `livinglab hub serve`, on loopback.
struct Receiver {
    child: Child,
    /// Kept open: the receiver may write to its stdout after the first line.
    _stdout: BufReader<ChildStdout>,
    addr: String,
}

impl Receiver {
    fn start(hub: &Path, key_file: &Path, listen: &str) -> Receiver {
        let mut child = Command::new(cli())
            .env("LANG", "C.UTF-8")
            .env("LIVINGLAB_KEYSTORE", format!("file:{}", key_file.display()))
            .env("LIVINGLAB_KEY_PASSPHRASE", PASSPHRASE)
            .args(["--hub", hub.to_str().unwrap(), "hub", "serve", "--listen", listen])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let hello: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("hub serve printed {line:?}"));
        let addr = hello["listening"].as_str().unwrap().to_string();
        Receiver { child, _stdout: stdout, addr }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops it as a service manager would (SIGTERM: it finishes what it holds and exits).
    fn stop(mut self) {
        self.terminate();
    }

    fn terminate(&mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: a plain signal to the child this test started.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        let _ = self.child.wait();
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.terminate();
        }
    }
}

/// A slow line to `upstream`: a forwarder on loopback that passes what the app sends at about
/// 800 KB/s, as an office line might, so that an upload lasts long enough to watch. When the
/// upstream is down it takes the connection and closes it, as a dead route does.
async fn slow_line(upstream: String) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let upstream = upstream.clone();
            tokio::spawn(async move {
                let Ok(server) = tokio::net::TcpStream::connect(&upstream).await else { return };
                let (mut from_app, mut to_app) = client.into_split();
                let (mut from_hub, mut to_hub) = server.into_split();
                let up = async move {
                    let mut buf = vec![0; 32 * 1024];
                    loop {
                        let n = from_app.read(&mut buf).await?;
                        if n == 0 {
                            return to_hub.shutdown().await;
                        }
                        to_hub.write_all(&buf[..n]).await?;
                        tokio::time::sleep(Duration::from_millis(40)).await;
                    }
                };
                let down = tokio::io::copy(&mut from_hub, &mut to_app);
                let _ = tokio::join!(up, down);
            });
        }
    });
    addr
}

/// A hub folder with its key made, and the fingerprint and key id it shows.
fn make_hub(dir: &Path, key_file: &Path) -> Value {
    livinglab(key_file, &["--hub", dir.to_str().unwrap(), "hub", "init"]);
    json(key_file, &["--hub", dir.to_str().unwrap(), "hub", "identity", "--json"])
}

/// The outbox row of `package_id` once it is in `state`; waits up to `secs`.
async fn wait_row(app: &App, package_id: &str, state: &str, secs: u64) -> String {
    let css = format!("#outbox-{package_id} [data-state='{state}']");
    let started = Instant::now();
    loop {
        if let Ok(el) = app.client.find(fantoccini::Locator::Css(&css)).await {
            if let Ok(text) = el.text().await {
                return text;
            }
        }
        if started.elapsed() > Duration::from_secs(secs) {
            app.screenshot("failed-outbox-row").await;
            let cell = app.text(&format!("#outbox-{package_id}")).await;
            panic!("{package_id} never reached {state}; the row says {cell:?}");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The progress bar of a package's upload, once it shows: its end (the bytes to upload) and the
/// text under it. Read in one script, as each step of the upload redraws the row.
async fn upload_progress(app: &App, package_id: &str) -> (f64, String) {
    let script = "const bar = document.querySelector(`#outbox-${arguments[0]} progress[max]`);
        const text = document.querySelector(`#outbox-${arguments[0]} [data-progress='text']`);
        return bar && text ? [bar.max, text.textContent] : null;";
    let started = Instant::now();
    loop {
        let found = app.client.execute(script, vec![Value::from(package_id)]).await.unwrap();
        if let Some([max, text]) = found.as_array().map(Vec::as_slice) {
            return (max.as_f64().unwrap(), text.as_str().unwrap().to_string());
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no progress bar for {package_id}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Builds the period's next package through the card and its save dialog; returns its id.
async fn build_package(app: &App, ws: &Path, file: &Path, seq: i64) -> String {
    app.click("#package-build").await;
    let (title, path) = ("Simpan paket laporan".to_string(), file.to_path_buf());
    tokio::task::spawn_blocking(move || answer_save_dialog(&title, &path)).await.unwrap();
    app.wait_text("#package-outcome", &format!("nomor urut {seq} selesai dibuat")).await;
    let record = Workspace::open(ws).unwrap().last_package(2024).unwrap().unwrap();
    assert_eq!(record.seq, seq);
    record.package_id
}

fn outbox_entry(ws: &Path, package_id: &str) -> livinglab_store::outbox::OutboxEntry {
    Workspace::open(ws).unwrap().outbox_entry(package_id).unwrap().expect("the package is in the outbox")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_package_goes_to_the_hub_over_the_network_and_each_outcome_reads_plainly() {
    let home = tempfile::tempdir().unwrap();
    let tmp = home.path();
    let ws_key = tmp.join("kunci-ruang-kerja.json");
    let ws = seed_workspace(tmp, "32.11");
    let ws_arg = ws.to_str().unwrap().to_string();
    livinglab(&ws_key, &["--workspace", &ws_arg, "period", "add", "--year", "2024"]);

    // Sumedang's hub, with the region's key registered as from its enrolment letter.
    let hub_key = tmp.join("kunci-hub.json");
    let hub = tmp.join("hub-sumedang");
    let hub_identity = make_hub(&hub, &hub_key);
    let identity = json(&ws_key, &["--workspace", &ws_arg, "identity", "show", "--json"]);
    let hub_arg = hub.to_str().unwrap();
    livinglab(
        &hub_key,
        &[
            "--hub",
            hub_arg,
            "hub",
            "keys",
            "add",
            "--region",
            "32.11",
            "--public-key",
            identity["public_key"].as_str().unwrap(),
            "--confirm",
            identity["fingerprint"].as_str().unwrap(),
        ],
    );
    let receiver = Receiver::start(&hub, &hub_key, "127.0.0.1:0");
    let line = format!("http://{}", slow_line(receiver.addr.clone()).await);

    let keystore = format!("file:{}", ws_key.display());
    let app =
        App::launch_with(tmp, &[("LIVINGLAB_KEYSTORE", &keystore), ("LIVINGLAB_KEY_PASSPHRASE", PASSPHRASE)]).await;
    app.wait_text("#ws-name", "Kabupaten Sumedang").await;

    // A package, and no hub address yet: the button says why it cannot send, and where to go.
    app.click("#nav-documents").await;
    let first = build_package(&app, &ws, &tmp.join("paket-1.llpkg"), 1).await;
    app.wait_text("#outbox-no-hub", "Alamat hub Sumedang belum diatur").await;
    app.wait_text(&format!("#outbox-{first}"), "Belum dikirim").await;
    let send = app.wait(&format!("#send-{first}")).await;
    assert_eq!(send.text().await.unwrap(), "Kirim ke Sumedang");
    assert!(send.attr("disabled").await.unwrap().is_some(), "no hub address: the button is disabled");
    assert_eq!(send.attr("aria-describedby").await.unwrap().as_deref(), Some("outbox-no-hub"));
    app.show("#packages-card").await;
    app.screenshot("a0-outbox-no-hub").await;
    app.click("#lang-en").await;
    app.wait_text("#outbox-no-hub", "The Sumedang hub's address is not set").await;
    app.wait_text(&format!("#send-{first}"), "Send to Sumedang").await;
    app.show("#packages-card").await;
    app.screenshot("a0-outbox-no-hub-en").await;
    app.click("#lang-id").await;
    app.wait_text("#outbox-no-hub", "Alamat hub Sumedang belum diatur").await;

    // The settings, reached from the card, open on the address field.
    app.click("#outbox-settings").await;
    app.wait("#hub-link-form").await;
    app.wait_text("#hub-key-unpinned", "Belum ada kunci hub yang tersimpan").await;
    let focused = app.client.execute("return document.activeElement.id", vec![]).await.unwrap();
    assert_eq!(focused, "hub-url");
    app.screenshot("a1-hub-settings-empty").await;

    // http:// to another computer is refused in Indonesian, and nothing is saved.
    app.fill("#hub-url", "http://example.com").await;
    app.click("#hub-save").await;
    let refusal = app.wait_text("#hub-url-error", "Alamat hub tidak dapat dipakai").await;
    assert!(refusal.contains("gunakan https://"), "{refusal}");
    assert_eq!(
        Workspace::open(&ws).unwrap().hub_link().unwrap(),
        HubLink::default(),
        "a refused address saves nothing"
    );
    app.fill("#hub-proxy", "socks5://proksi:1080").await;
    app.fill("#hub-url", &line).await;
    app.click("#hub-save").await;
    app.wait_text("#hub-proxy-error", "Alamat proksi tidak dapat dipakai").await;
    assert_eq!(Workspace::open(&ws).unwrap().hub_link().unwrap(), HubLink::default());
    app.screenshot("a2-hub-settings-refused").await;
    app.wait("#hub-proxy").await.clear().await.unwrap();

    // "Tes koneksi" names the hub and shows its key to compare with Sumedang's.
    app.click("#hub-test").await;
    app.wait_text("#hub-test-ok", "Tersambung ke Hub Sumedang").await;
    assert_eq!(app.text("#hub-test-fingerprint").await, hub_identity["fingerprint"].as_str().unwrap());
    assert_eq!(app.text("#hub-test-key-id").await, hub_identity["key_id"].as_str().unwrap());
    app.wait_text("#hub-test-ok", "Cocokkan sidik jarinya").await;
    app.screenshot("a3-hub-test-ok").await;
    app.click("#hub-save").await;
    app.wait_text("#toasts", "Pengaturan hub tersimpan").await;
    let link = Workspace::open(&ws).unwrap().hub_link().unwrap();
    assert_eq!(link.url, format!("{line}/"));
    assert!(link.proxy.is_empty(), "an empty proxy is the system's");

    // "Kirim ke Sumedang": the row ends as sent, with the receipt's hub and time.
    app.click("#nav-documents").await;
    app.wait(&format!("#send-{first}:not([disabled])")).await;
    assert!(app.client.find(fantoccini::Locator::Css("#outbox-no-hub")).await.is_err());
    app.click(&format!("#send-{first}")).await;
    let sent = wait_row(&app, &first, "sent", 30).await;
    assert!(sent.contains("Terkirim"), "{sent}");
    assert!(sent.contains("Tanda terima Hub Sumedang"), "{sent}");
    app.wait_text("#toasts", "Paket nomor urut 1 terkirim").await;
    let entry = outbox_entry(&ws, &first);
    assert_eq!(entry.state, OutboxState::Sent);
    assert!(entry.receipt.is_some() && entry.sent_at.is_some());
    assert!(app.client.find(fantoccini::Locator::Css(&format!("#send-{first}"))).await.is_err(), "sent once");
    app.show("#packages-card").await;
    app.screenshot("a4-outbox-sent").await;

    let listed = json(&hub_key, &["--hub", hub_arg, "hub", "packages", "list", "--json"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["package_id"], first.as_str());

    // The hub's key was pinned at the first send; the settings show it to compare.
    app.click("#nav-profile").await;
    assert_eq!(app.text("#hub-key-id").await, hub_identity["key_id"].as_str().unwrap());
    assert_eq!(app.text("#hub-key-fingerprint").await, hub_identity["fingerprint"].as_str().unwrap());
    app.show("#hub-link-card").await;
    app.screenshot("a5-hub-settings-pinned").await;

    // The receiver is down: the send fails and says when it is tried again.
    let addr = receiver.addr.clone();
    receiver.stop();
    // A large evidence file, so that the next package takes a while on the slow line.
    let scan = tmp.join("scan-besar.pdf");
    let mut bytes = b"%PDF-1.4\n".to_vec();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    bytes.extend((0..8_000_000).map(|_| {
        // Bytes that do not compress, as a scan's do not.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as u8
    }));
    std::fs::write(&scan, bytes).unwrap();
    livinglab(
        &ws_key,
        &["--workspace", &ws_arg, "evidence", "add", "--period", "2024", "--indicator", "1", scan.to_str().unwrap()],
    );
    app.click("#nav-documents").await;
    let second = build_package(&app, &ws, &tmp.join("paket-2.llpkg"), 2).await;
    app.click(&format!("#send-{second}")).await;
    let failed = wait_row(&app, &second, "failed", 60).await;
    assert!(failed.contains("Gagal — dicoba lagi pukul"), "{failed}");
    assert!(failed.contains("Hub tidak dapat dihubungi"), "{failed}");
    let entry = outbox_entry(&ws, &second);
    assert_eq!(entry.state, OutboxState::Failed);
    assert!(entry.next_attempt_at.is_some());
    app.wait_text("#outbox-waiting", "1 paket menunggu dikirim ulang").await;
    app.show("#packages-card").await;
    app.screenshot("a6-outbox-failed").await;
    app.click("#lang-en").await;
    app.wait_text("#packages-card", "Report package for Kabupaten Sumedang").await;
    let failed = wait_row(&app, &second, "failed", 15).await;
    assert!(failed.contains("Failed — trying again at") && failed.contains("The hub cannot be reached"), "{failed}");
    app.wait_text("#outbox-waiting", "1 package(s) waiting").await;
    app.show("#packages-card").await;
    app.screenshot("a6-outbox-failed-en").await;
    app.click("#lang-id").await;
    app.wait_text("#outbox-waiting", "1 paket menunggu dikirim ulang").await;

    // "Kirim sekarang" tries at once, back-off or not; the hub is still down.
    app.click("#outbox-send-now").await;
    let started = Instant::now();
    while outbox_entry(&ws, &second).attempts < 2 {
        assert!(started.elapsed() < Duration::from_secs(30), "Kirim sekarang did not try again");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    wait_row(&app, &second, "failed", 30).await;

    // The network is back: the background sender sends what waits, with no click.
    let receiver = Receiver::start(&hub, &hub_key, &addr);
    app.client.execute("window.dispatchEvent(new Event('online'))", vec![]).await.unwrap();
    let sending = wait_row(&app, &second, "sending", 30).await;
    assert!(sending.contains("Mengirim"), "{sending}");
    let (max, progress) = upload_progress(&app, &second).await;
    assert!(max > 7_000_000.0, "the bar's end is the bytes to upload: {max}");
    assert!(progress.contains(" dari ") && progress.contains("MB") && progress.contains(" berkas"), "{progress}");
    app.show("#packages-card").await;
    app.screenshot("a6b-outbox-sending").await;
    let sent = wait_row(&app, &second, "sent", 60).await;
    assert!(sent.contains("Tanda terima Hub Sumedang"), "{sent}");
    assert!(app.client.find(fantoccini::Locator::Css("#outbox-waiting")).await.is_err());
    let listed = json(&hub_key, &["--hub", hub_arg, "hub", "packages", "list", "--json"]);
    assert!(listed.as_array().unwrap().iter().any(|p| p["package_id"] == second.as_str()), "{listed}");
    receiver.stop();

    // Another hub, which does not hold this region's key, refuses; the row says so.
    let other_key = tmp.join("kunci-hub-lain.json");
    let other = tmp.join("hub-lain");
    make_hub(&other, &other_key);
    let other_receiver = Receiver::start(&other, &other_key, "127.0.0.1:0");
    app.click("#nav-profile").await;
    app.fill("#hub-url", &other_receiver.url()).await;
    app.click("#hub-save").await;
    app.wait_text("#toasts", "Pengaturan hub tersimpan").await;
    app.wait("#hub-key-unpinned").await; // another address: its key is pinned anew
    livinglab(&ws_key, &["--workspace", &ws_arg, "profile", "set", "--phone", "(0261) 201256"]);
    app.click("#nav-documents").await;
    let third = build_package(&app, &ws, &tmp.join("paket-3.llpkg"), 3).await;
    app.click(&format!("#send-{third}")).await;
    let refused = wait_row(&app, &third, "refused", 30).await;
    assert!(refused.contains("Ditolak — perlu tindakan"), "{refused}");
    assert!(refused.contains("Hub menolak paket"), "{refused}");
    assert!(refused.contains("tidak terdaftar"), "the hub's own message: {refused}");
    assert_eq!(outbox_entry(&ws, &third).state, OutboxState::Refused);
    app.wait_text(&format!("#send-{third}"), "Kirim lagi").await;
    app.show("#packages-card").await;
    app.screenshot("a7-outbox-refused").await;

    // The same screens in English.
    app.click("#lang-en").await;
    app.wait_text("#packages-card", "Report package for Kabupaten Sumedang").await;
    let refused = wait_row(&app, &third, "refused", 15).await;
    assert!(refused.contains("Refused — needs action") && refused.contains("The hub refused the package"), "{refused}");
    let sent = wait_row(&app, &first, "sent", 15).await;
    assert!(sent.contains("Sent") && sent.contains("Receipt from Hub Sumedang"), "{sent}");
    app.show("#packages-card").await;
    app.screenshot("a8-outbox-en").await;
    app.click("#nav-profile").await;
    app.wait_text("#hub-link-card", "Sumedang hub").await;
    app.fill("#hub-url", "ftp://hub.sumedangkab.go.id").await;
    app.click("#hub-save").await;
    app.wait_text("#hub-url-error", "The hub address cannot be used").await;
    app.show("#hub-link-card").await;
    app.screenshot("a9-hub-settings-en").await;
    app.click("#lang-id").await;
    app.wait_text("#hub-link-card", "Hub Sumedang").await;
    app.close().await;

    let link = Workspace::open(&ws).unwrap().hub_link().unwrap();
    assert_eq!(link.url, format!("{}/", other_receiver.url()), "the refused ftp:// address saved nothing");
    other_receiver.stop();
    assert!(Workspace::open(&ws).unwrap().verify_audit().unwrap().intact);
}
