//! Packages over the network, with real processes on loopback: `hub serve` (the receiver) and
//! `package send` / `outbox run` (the regency's outbox), and between them, where a test needs
//! it, a fault-injecting TCP proxy (connection resets mid-upload, 500s, a captive portal's
//! page, a slow hub) or a hub killed and restarted mid-upload. Whatever happens, a package
//! ends "sent" exactly once at the hub, nothing is stored twice, and the outbox never says
//! sent without a receipt that verifies.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_livinglab");

struct Site {
    tmp: tempfile::TempDir,
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

impl Site {
    fn new() -> Site {
        Site { tmp: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env("LANG", "C.UTF-8")
            .env("LIVINGLAB_KEYSTORE", format!("file:{}", self.path("kunci.json").display()))
            .env("LIVINGLAB_KEY_PASSPHRASE", "sandi uji jaringan")
            .arg("--today")
            .arg("2024-12-01");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    fn ws(&self, ws: &str, args: &[&str]) -> Output {
        let dir = self.path(ws);
        let mut all = vec!["--workspace", s(&dir)];
        all.extend_from_slice(args);
        self.run(&all)
    }

    fn ws_ok(&self, ws: &str, args: &[&str]) -> String {
        let out = self.ws(ws, args);
        assert!(out.status.success(), "{ws} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn ws_json(&self, ws: &str, args: &[&str]) -> Value {
        serde_json::from_str(&self.ws_ok(ws, args)).unwrap()
    }

    fn hub(&self, args: &[&str]) -> Value {
        let hub = self.path("hub");
        let mut all = vec!["--hub", s(&hub), "hub"];
        all.extend_from_slice(args);
        self.json(&all)
    }

    /// A regency workspace with a period, an answer, an issued letter and evidence of the
    /// given sizes (random bytes, so nothing compresses and each file is its own hash).
    fn regency(&self, ws: &str, region: &str, evidence: &[usize]) {
        self.ws_ok(ws, &["init", "--region", region]);
        self.ws_ok(ws, &["period", "add", "--year", "2024"]);
        self.ws_ok(ws, &["assess", "set", "--period", "2024", "--indicator", "1", "--level", "3"]);
        for (i, size) in evidence.iter().enumerate() {
            let file = self.path(&format!("{ws}-bukti-{i}.pdf"));
            let mut bytes = vec![0u8; *size];
            let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1) ^ (ws.len() as u64) << 32;
            for b in bytes.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x as u8;
            }
            std::fs::write(&file, bytes).unwrap();
            self.ws_ok(ws, &["evidence", "add", "--period", "2024", "--indicator", "1", s(&file)]);
        }
    }

    fn build(&self, ws: &str) -> Value {
        self.ws_json(ws, &["package", "build", "--period", "2024", "--json"])
    }

    /// A hub with the workspace's key registered for its region.
    fn hub_with_key_of(&self, ws: &str, region: &str) {
        if !self.path("hub").exists() {
            let hub = self.path("hub");
            self.ok(&["--hub", s(&hub), "hub", "init", "--name", "Hub Sumedang"]);
        }
        let identity = self.ws_json(ws, &["identity", "show", "--json"]);
        let key = identity["public_key"].as_str().unwrap();
        let hub = self.path("hub");
        self.ok(&["--hub", s(&hub), "hub", "keys", "add", "--region", region, "--public-key", key]);
    }

    fn serve(&self, listen: &str, extra: &[&str]) -> Server {
        let hub = self.path("hub");
        let mut child = self
            .command()
            .args(["--hub", s(&hub), "hub", "serve", "--listen", listen])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let ready: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("not ready: {line:?}"));
        Server { child, addr: ready["listening"].as_str().unwrap().parse().unwrap() }
    }

    /// `package send` of the workspace's newest package: (exit code, the outbox entry).
    fn send(&self, ws: &str, package_id: &str, url: &str, extra: &[&str]) -> (Option<i32>, Value) {
        let mut args = vec!["package", "send", package_id, "--url", url, "--json"];
        args.extend_from_slice(extra);
        let out = self.ws(ws, &args);
        let entries: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("no JSON: {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code(), entries[0].clone())
    }

    fn outbox_run(&self, ws: &str, extra: &[&str]) -> Value {
        let mut args = vec!["outbox", "run", "--now", "--json"];
        args.extend_from_slice(extra);
        let out = self.ws(ws, &args);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("no JSON: {}", String::from_utf8_lossy(&out.stderr)))
    }

    fn outbox(&self, ws: &str) -> Value {
        self.ws_json(ws, &["outbox", "list", "--json"])
    }

    fn hub_packages(&self) -> Vec<Value> {
        self.hub(&["packages", "list", "--json"]).as_array().unwrap().clone()
    }
}

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn signal(&mut self, signal: libc::c_int) {
        unsafe { libc::kill(self.child.id() as libc::pid_t, signal) };
    }

    fn stop(mut self) -> std::process::ExitStatus {
        self.signal(libc::SIGTERM);
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A receipt as the outbox keeps it, checked against the package it is for.
fn assert_receipt(entry: &Value, package: &Value, hub_key_id: &str) -> Value {
    assert_eq!(entry["state"], "sent", "{entry:#}");
    let receipt: Value = serde_json::from_str(entry["receipt"]["receipt"].as_str().unwrap()).unwrap();
    assert_eq!(receipt["package_id"], package["package_id"]);
    assert_eq!(receipt["manifest_sha256"], package["manifest_sha256"]);
    assert_eq!(receipt["hub_key_id"], hub_key_id);
    assert_eq!(receipt["format"], "livinglab-receipt");
    receipt
}

/// One GET over a plain TCP connection (the verification page and the JSON lookup).
fn http_get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn a_package_arrives_once_with_its_receipt_again_gives_the_same_receipt_and_a_stale_seq_is_refused() {
    let site = Site::new();
    site.regency("ws", "32.04", &[40_000, 25_000]);
    site.ws_ok("ws", &["profile", "set", "--head-name", "Dadang Supriatna"]);
    site.ws_ok("ws", &["letter", "--out", s(&site.path("surat.pdf"))]);
    // A copy from before any package builds a different seq 1 later: an older package again.
    copy_dir(&site.path("ws"), &site.path("ws-early"));
    let p1 = site.build("ws");
    // A copy that holds seq 1 but does not know it was sent: it sends the same package again.
    copy_dir(&site.path("ws"), &site.path("ws-again"));
    site.hub_with_key_of("ws", "32.04");
    let hub_key = site.hub(&["identity", "--json"]);
    let server = site.serve("127.0.0.1:0", &[]);

    let (code, entry) = site.send("ws", p1["package_id"].as_str().unwrap(), &server.url(), &[]);
    assert_eq!(code, Some(0));
    let receipt = assert_receipt(&entry, &p1, hub_key["key_id"].as_str().unwrap());
    assert_eq!((receipt["region"].as_str(), receipt["seq"].as_i64()), (Some("32.04"), Some(1)));
    assert_eq!(site.hub_packages().len(), 1);
    // The hub key was pinned at the first connection.
    let link = site.ws_json("ws", &["hub-link", "show", "--json"]);
    assert_eq!(link["hub_key"], hub_key["public_key"]);

    // The same package again: 202 and the very receipt, nothing new at the hub.
    let (code, again) = site.send("ws-again", p1["package_id"].as_str().unwrap(), &server.url(), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(again["receipt"], entry["receipt"]);
    assert_eq!(site.hub_packages().len(), 1);

    // A change supersedes: seq 2 arrives.
    site.ws_ok("ws", &["assess", "set", "--period", "2024", "--indicator", "2", "--level", "2"]);
    let p2 = site.build("ws");
    assert_eq!(p2["seq"], 2);
    let (code, entry2) = site.send("ws", p2["package_id"].as_str().unwrap(), &server.url(), &[]);
    assert_eq!(code, Some(0));
    assert_receipt(&entry2, &p2, hub_key["key_id"].as_str().unwrap());

    // An older seq 1 made elsewhere: refused (409), and the outbox says why.
    site.ws_ok("ws-early", &["assess", "set", "--period", "2024", "--indicator", "3", "--level", "4"]);
    let stale = site.build("ws-early");
    assert_eq!(stale["seq"], 1);
    let (code, refused) = site.send("ws-early", stale["package_id"].as_str().unwrap(), &server.url(), &[]);
    assert_eq!(code, Some(2), "{refused:#}");
    assert_eq!(refused["state"], "refused");
    assert!(refused["receipt"].is_null());
    let message = refused["last_error"]["message"].as_str().unwrap();
    assert!(message.contains("409") || message.contains("seq"), "{message}");
    assert_eq!(site.hub_packages().len(), 2);

    // A region whose key the hub does not hold: refused with how to register.
    site.regency("lain", "32.05", &[1000]);
    let other = site.build("lain");
    let (code, unknown) = site.send("lain", other["package_id"].as_str().unwrap(), &server.url(), &["--lang", "id"]);
    assert_eq!(code, Some(2));
    let message = unknown["last_error"]["message"].as_str().unwrap();
    assert!(message.contains("Surat Pendaftaran Kunci"), "{message}");
    assert_eq!(site.hub_packages().len(), 2);

    // The public verification page answers for the letter's QR code, with no private data.
    let docs = site.ws_json("ws", &["documents", "list", "--json"]);
    let letter = docs.as_array().unwrap().iter().find(|d| d["kind"] == "letter").unwrap();
    let code = format!(
        "LL1:{}:{}",
        letter["id"].as_str().unwrap().replace('-', "").to_uppercase(),
        &letter["data_sha256"].as_str().unwrap()[..32].to_uppercase()
    );
    let (status, page) = http_get(server.addr, &format!("/v/{code}"));
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(letter["number"].as_str().unwrap()), "{page}");
    assert!(page.contains("Kabupaten Bandung"), "{page}");
    let (status, found) = http_get(server.addr, &format!("/api/v1/documents/{code}"));
    assert_eq!(status, 200);
    let found: Value = serde_json::from_str(&found).unwrap();
    assert_eq!(found["data_sha256"], letter["data_sha256"]);
    let forged = format!("{}{}", &code[..code.len() - 4], "0000");
    assert_eq!(http_get(server.addr, &format!("/v/{forged}")).0, 404);
    assert_eq!(http_get(server.addr, "/v/not-a-code").0, 400);

    // Plain HTTP to another computer is refused before anything is sent.
    let bad = site.ws("ws", &["hub-link", "set", "--url", "http://hub.example.go.id"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("https"));
    let status = server.stop();
    assert!(status.success(), "the receiver stops cleanly on SIGTERM: {status}");
}

/// What the proxy does to one connection.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Forward this many bytes from the client, then cut both sides.
    ResetAfter(usize),
    /// Answer 500 without asking the hub.
    ServerError,
    /// Answer like a captive portal: 200 with a login page.
    Portal,
    /// Forward the request; hold the answer this long.
    SlowAnswer(Duration),
    /// Forward the client's bytes at about this many bytes a second (a slow office line).
    Throttle(usize),
}

/// A TCP proxy in front of the hub that applies the next queued fault to each new
/// connection (and passes connections through when the queue is empty). It counts the
/// uploads it sees per file.
struct Proxy {
    addr: SocketAddr,
    faults: Arc<Mutex<Vec<Fault>>>,
    puts: Arc<Mutex<Vec<String>>>,
    connections: Arc<AtomicUsize>,
    _runtime: tokio::runtime::Runtime,
}

impl Proxy {
    fn start(upstream: Arc<Mutex<SocketAddr>>) -> Proxy {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let faults: Arc<Mutex<Vec<Fault>>> = Arc::default();
        let puts: Arc<Mutex<Vec<String>>> = Arc::default();
        let connections = Arc::new(AtomicUsize::new(0));
        let (f, p, c) = (faults.clone(), puts.clone(), connections.clone());
        runtime.spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else { continue };
                c.fetch_add(1, Ordering::SeqCst);
                let fault = {
                    let mut q = f.lock().unwrap();
                    (!q.is_empty()).then(|| q.remove(0))
                };
                let upstream = *upstream.lock().unwrap();
                tokio::spawn(relay(client, upstream, fault, p.clone()));
            }
        });
        Proxy { addr, faults, puts, connections, _runtime: runtime }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn queue(&self, faults: &[Fault]) {
        self.faults.lock().unwrap().extend_from_slice(faults);
    }

    fn puts_of(&self, sha: &str) -> usize {
        self.puts.lock().unwrap().iter().filter(|p| p.contains(sha)).count()
    }
}

async fn relay(
    mut client: tokio::net::TcpStream,
    upstream: SocketAddr,
    fault: Option<Fault>,
    puts: Arc<Mutex<Vec<String>>>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    match fault {
        Some(Fault::ServerError) | Some(Fault::Portal) => {
            let mut buf = [0u8; 4096];
            let _ = client.read(&mut buf).await;
            let answer = if matches!(fault, Some(Fault::ServerError)) {
                "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops!".to_string()
            } else {
                let page = "<html><body><h1>Selamat datang di Wi-Fi Kantor</h1><form>Masuk</form></body></html>";
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}", page.len())
            };
            let _ = client.write_all(answer.as_bytes()).await;
            return;
        }
        _ => {}
    }
    let Ok(server) = tokio::net::TcpStream::connect(upstream).await else { return };
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let limit = match fault {
        Some(Fault::ResetAfter(n)) => n,
        _ => usize::MAX,
    };
    let delay = match fault {
        Some(Fault::SlowAnswer(d)) => Some(d),
        _ => None,
    };
    let rate = match fault {
        Some(Fault::Throttle(r)) => Some(r),
        _ => None,
    };
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        let mut sent = 0usize;
        loop {
            let n = match cr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            // Request lines of uploads, to count what was sent.
            let text = String::from_utf8_lossy(&buf[..n]);
            for line in text.split("\r\n").filter(|l| l.starts_with("PUT /api/v1/packages/")) {
                puts.lock().unwrap().push(line.to_string());
            }
            let take = n.min(limit - sent);
            if sw.write_all(&buf[..take]).await.is_err() {
                break;
            }
            sent += take;
            if sent >= limit {
                break;
            }
            if let Some(rate) = rate {
                tokio::time::sleep(Duration::from_secs_f64(take as f64 / rate as f64)).await;
            }
        }
        sent >= limit
    };
    let down = async move {
        if let Some(d) = delay {
            tokio::time::sleep(d).await;
        }
        let _ = tokio::io::copy(&mut sr, &mut cw).await;
    };
    tokio::select! {
        cut = up => {
            if !cut {
                // The client finished sending; keep relaying the answer.
                std::future::pending::<()>().await;
            }
        }
        _ = down => {}
    }
}

fn evidence_hashes(site: &Site, ws: &str) -> Vec<String> {
    let list = site.ws_json(ws, &["evidence", "list", "--period", "2024", "--json"]);
    let mut hashes: Vec<String> =
        list.as_array().unwrap().iter().filter_map(|e| e["sha256"].as_str().map(String::from)).collect();
    hashes.sort();
    hashes
}

#[test]
fn resets_500s_a_portal_a_slow_hub_and_a_hub_restart_end_in_one_package_sent_once() {
    let site = Site::new();
    // Two files of 1.5 MB: a cut after 2 MB leaves the first whole and the second half-way.
    site.regency("ws", "32.04", &[1_500_000, 1_500_000]);
    let p1 = site.build("ws");
    let id = p1["package_id"].as_str().unwrap().to_string();
    site.hub_with_key_of("ws", "32.04");
    let hub_key = site.hub(&["identity", "--json"]);
    let server = site.serve("127.0.0.1:0", &[]);
    let upstream = Arc::new(Mutex::new(server.addr));
    let proxy = Proxy::start(upstream.clone());
    let hashes = evidence_hashes(&site, "ws");
    assert_eq!(hashes.len(), 2);

    let never_sent_without_receipt = |entry: &Value| {
        if entry["state"] == "sent" {
            assert!(entry["receipt"].is_object(), "sent without a receipt: {entry:#}");
        } else {
            assert!(entry["receipt"].is_null());
        }
    };

    // A captive portal answers the hello: not a hub, tried again later.
    proxy.queue(&[Fault::Portal]);
    let (code, entry) = site.send("ws", &id, &proxy.url(), &["--lang", "id"]);
    assert_eq!((code, entry["state"].as_str()), (Some(1), Some("failed")), "{entry:#}");
    assert!(entry["last_error"]["message"].as_str().unwrap().contains("login"), "{entry:#}");
    assert!(entry["next_attempt_at"].is_string());
    never_sent_without_receipt(&entry);
    // Nothing was pinned from a portal.
    assert_eq!(site.ws_json("ws", &["hub-link", "show", "--json"])["hub_key"], "");

    // The hub answers 500: tried again later.
    proxy.queue(&[Fault::ServerError]);
    let entry = site.outbox_run("ws", &[])[0].clone();
    assert_eq!(entry["state"], "failed", "{entry:#}");
    assert_eq!(entry["last_error"]["code"], "transport.hub_failed");
    never_sent_without_receipt(&entry);

    // The connection is cut mid-upload: the first file arrived, the second did not.
    proxy.queue(&[Fault::ResetAfter(2_000_000)]);
    let entry = site.outbox_run("ws", &[])[0].clone();
    assert_eq!(entry["state"], "failed", "{entry:#}");
    assert_eq!(entry["last_error"]["code"], "transport.unreachable", "{entry:#}");
    never_sent_without_receipt(&entry);
    assert_eq!(site.hub_packages().len(), 0);
    assert_eq!((proxy.puts_of(&hashes[0]) + proxy.puts_of(&hashes[1])), 2);

    // A slow hub: the client gives up after its timeout, and nothing is counted as sent.
    proxy.queue(&[Fault::SlowAnswer(Duration::from_secs(4))]);
    let entry = site.outbox_run("ws", &["--timeout", "1"])[0].clone();
    assert_eq!(entry["state"], "failed", "{entry:#}");
    never_sent_without_receipt(&entry);

    // The hub is killed mid-upload and comes back on the same port.
    let first_puts = proxy.puts_of(&hashes[0]) + proxy.puts_of(&hashes[1]);
    let addr = server.addr;
    let mut server = server;
    server.signal(libc::SIGKILL);
    let _ = server.child.wait();
    let entry = site.outbox_run("ws", &[])[0].clone();
    assert_eq!(entry["state"], "failed", "{entry:#}");
    never_sent_without_receipt(&entry);
    let server = site.serve(&addr.to_string(), &[]);
    *upstream.lock().unwrap() = server.addr;

    // Now it goes through: the file the hub already holds is not uploaded again.
    let entry = site.outbox_run("ws", &[])[0].clone();
    assert_receipt(&entry, &p1, hub_key["key_id"].as_str().unwrap());
    let uploads: Vec<usize> = hashes.iter().map(|h| proxy.puts_of(h)).collect();
    assert!(uploads.iter().sum::<usize>() > first_puts, "{uploads:?}");
    let whole_first = hashes.iter().zip(&uploads).filter(|(_, n)| **n == 1).count();
    assert!(whole_first >= 1, "a file that arrived whole was not sent again: {uploads:?}");

    // Exactly once at the hub; the outbox and the hub agree.
    let received = site.hub_packages();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["package_id"], p1["package_id"]);
    assert_eq!(received[0]["manifest_sha256"], p1["manifest_sha256"]);
    let outbox = site.outbox("ws");
    assert_eq!(outbox.as_array().unwrap().len(), 1);
    assert_eq!(outbox[0]["state"], "sent");
    // Nothing half-done is left in the hub's incoming folder.
    let incoming = site.path("hub").join("incoming");
    let left: Vec<_> = std::fs::read_dir(&incoming).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(proxy.connections.load(Ordering::SeqCst) >= 6);
    server.stop();
}

#[test]
fn sigterm_lets_an_upload_in_progress_finish_and_a_resend_uploads_nothing_twice() {
    let site = Site::new();
    site.regency("ws", "32.04", &[6_000_000]);
    let p1 = site.build("ws");
    let id = p1["package_id"].as_str().unwrap().to_string();
    site.hub_with_key_of("ws", "32.04");
    let mut server = site.serve("127.0.0.1:0", &[]);
    let addr = server.addr;
    let upstream = Arc::new(Mutex::new(addr));
    let proxy = Proxy::start(upstream.clone());
    let hashes = evidence_hashes(&site, "ws");
    proxy.queue(&[Fault::Throttle(1_500_000); 4]);
    // The regency's line is slow: the upload takes seconds, and SIGTERM comes in the middle.
    let sender = site
        .command()
        .args(["--workspace", s(&site.path("ws")), "package", "send", &id, "--url", &proxy.url(), "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let incoming = site.path("hub").join("incoming");
    let deadline = Instant::now() + Duration::from_secs(30);
    // Wait until the evidence's upload has started (its .part file at the hub).
    let part_of_evidence = format!("{}.part-", hashes[0]);
    loop {
        let parts = walk(&incoming).into_iter().filter(|p| p.to_string_lossy().contains(&part_of_evidence)).count();
        if parts > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the upload never started");
        std::thread::sleep(Duration::from_millis(5));
    }
    server.signal(libc::SIGTERM);
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
    // The upload in progress finished before the hub stopped: the file is there, whole.
    let staged = walk(&incoming).into_iter().filter(|p| p.ends_with(&hashes[0])).count();
    let out = sender.wait_with_output().unwrap();
    let entry: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Either the submit made it before the hub stopped, or it waits for the next try.
    if entry[0]["state"] != "sent" {
        assert_eq!(staged, 1, "the finished upload was kept");
        assert_eq!(entry[0]["state"], "failed", "{entry:#}");
        let server = site.serve(&addr.to_string(), &[]);
        *upstream.lock().unwrap() = server.addr;
        let entry = site.outbox_run("ws", &[])[0].clone();
        assert_eq!(entry["state"], "sent", "{entry:#}");
        std::mem::drop(server);
    }
    assert_eq!(proxy.puts_of(&hashes[0]), 1, "the evidence was uploaded once");
    assert_eq!(site.hub_packages().len(), 1);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn over_tls_with_a_certificate_the_system_trusts_and_not_with_one_it_does_not() {
    let site = Site::new();
    site.regency("ws", "32.04", &[10_000]);
    let p1 = site.build("ws");
    site.hub_with_key_of("ws", "32.04");
    // A private CA (as an office or a province might run) and the hub's certificate from it.
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "CA Uji Living Lab");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let hub_key = rcgen::KeyPair::generate().unwrap();
    let hub_cert =
        rcgen::CertificateParams::new(vec!["localhost".to_string()]).unwrap().signed_by(&hub_key, &issuer).unwrap();
    std::fs::write(site.path("ca.pem"), ca.pem()).unwrap();
    std::fs::write(site.path("hub.pem"), hub_cert.pem()).unwrap();
    std::fs::write(site.path("hub.key"), hub_key.serialize_pem()).unwrap();
    let server =
        site.serve("127.0.0.1:0", &["--tls-cert", s(&site.path("hub.pem")), "--tls-key", s(&site.path("hub.key"))]);
    let url = format!("https://localhost:{}", server.addr.port());

    // Not trusted by this computer (its bundle holds another CA): a TLS failure, tried
    // again later, nothing sent.
    let other_key = rcgen::KeyPair::generate().unwrap();
    let mut other = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    other.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let untrusted = site.path("other-bundle.pem");
    std::fs::write(&untrusted, other.self_signed(&other_key).unwrap().pem()).unwrap();
    let out = site
        .command()
        .env("SSL_CERT_FILE", &untrusted)
        .env("SSL_CERT_DIR", site.path("no-such-dir"))
        .args(["--workspace", s(&site.path("ws")), "package", "send", p1["package_id"].as_str().unwrap()])
        .args(["--url", &url, "--json"])
        .output()
        .unwrap();
    let entry: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entry[0]["state"], "failed", "{entry:#}");
    assert_eq!(entry[0]["last_error"]["code"], "transport.tls_failed", "{entry:#}");
    assert!(site.hub_packages().is_empty());

    // The CA in the system's bundle (as an office proxy's CA would be): sent.
    let out = site
        .command()
        .env("SSL_CERT_FILE", site.path("ca.pem"))
        .env("SSL_CERT_DIR", site.path("no-such-dir"))
        .args(["--workspace", s(&site.path("ws")), "outbox", "run", "--now", "--json"])
        .output()
        .unwrap();
    let entry: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(entry[0]["state"], "sent", "{entry:#}");
    assert_eq!(site.hub_packages().len(), 1);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// One request over a plain TCP connection: (status, body).
fn http(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len()).unwrap();
    let _ = stream.write_all(body);
    let mut text = Vec::new();
    let _ = stream.read_to_end(&mut text);
    let text = String::from_utf8_lossy(&text).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default())
}

fn problem_code(body: &str) -> String {
    serde_json::from_str::<Value>(body).map(|v| v["code"].as_str().unwrap_or_default().to_string()).unwrap_or_default()
}

#[test]
fn the_receiver_takes_only_what_an_offer_lists_at_its_size_and_hash_and_cuts_off_a_silent_client() {
    use base64::Engine;
    let site = Site::new();
    site.regency("ws", "32.04", &[100_000]);
    let p1 = site.build("ws");
    site.hub_with_key_of("ws", "32.04");
    let server = site.serve("127.0.0.1:0", &["--idle-timeout", "1"]);
    let addr = server.addr;
    let id = p1["package_id"].as_str().unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(p1["path"].as_str().unwrap()).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut bytes = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        bytes
    };
    let (manifest, signature) = (read("manifest.json"), read("manifest.sig"));
    let b64 = base64::engine::general_purpose::STANDARD;
    let offer = |m: &[u8], sig: &[u8]| {
        serde_json::json!({"manifest": b64.encode(m), "signature": b64.encode(sig)}).to_string().into_bytes()
    };

    // Garbage, a forged signature, an oversized body.
    assert_eq!(http(addr, "POST", "/api/v1/packages/offer", b"{not json").0, 400);
    let mut forged = signature.clone();
    *forged.last_mut().unwrap() ^= 1;
    let (status, body) = http(addr, "POST", "/api/v1/packages/offer", &offer(&manifest, &forged));
    assert_eq!((status, problem_code(&body)), (422, "package.invalid".to_string()), "{body}");
    assert_eq!(http(addr, "POST", "/api/v1/packages/offer", &vec![b' '; 13 * 1024 * 1024]).0, 413);

    // The offer: everything is missing.
    let (status, body) = http(addr, "POST", "/api/v1/packages/offer", &offer(&manifest, &signature));
    assert_eq!(status, 200, "{body}");
    let reply: Value = serde_json::from_str(&body).unwrap();
    let missing = reply["missing"].as_array().unwrap();
    let evidence = missing.iter().find(|w| w["path"].as_str().unwrap().starts_with("evidence/")).unwrap();
    let (sha, size) = (evidence["sha256"].as_str().unwrap(), evidence["size"].as_u64().unwrap() as usize);
    let put = |sha: &str| format!("/api/v1/packages/{id}/files/{sha}");

    // A file the manifest does not list; the wrong bytes; too many bytes.
    let (status, body) = http(addr, "PUT", &put(&"ab".repeat(32)), b"x");
    assert_eq!((status, problem_code(&body)), (400, "offer.file_not_listed".to_string()));
    let (status, body) = http(addr, "PUT", &put(sha), &vec![7u8; size]);
    assert_eq!((status, problem_code(&body)), (422, "upload.hash_mismatch".to_string()), "{body}");
    let (status, body) = http(addr, "PUT", &put(sha), &vec![7u8; size + 1]);
    assert_eq!((status, problem_code(&body)), (413, "upload.too_large".to_string()), "{body}");
    // Submitting before the files are there.
    let (status, body) = http(addr, "POST", &format!("/api/v1/packages/{id}/submit"), b"");
    assert_eq!((status, problem_code(&body)), (400, "submit.files_missing".to_string()), "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["missing"].as_array().unwrap().len(), missing.len());

    // A client that sends half the file and goes quiet is cut off after the idle time-out.
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "PUT {} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {size}\r\n\r\n", put(sha)).unwrap();
    stream.write_all(&vec![0u8; size / 2]).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(started.elapsed() < Duration::from_secs(8), "not cut off");
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    std::thread::sleep(Duration::from_millis(200));
    let incoming = site.path("hub").join("incoming");
    let leftovers: Vec<_> = walk(&incoming).into_iter().filter(|p| p.to_string_lossy().contains(".part-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Nothing reached the hub's records.
    assert!(site.hub_packages().is_empty());
}

#[test]
fn sumedang_reviews_the_region_takes_the_review_back_and_acceptance_locks_the_period() {
    let site = Site::new();
    site.regency("ws", "32.04", &[5_000]);
    let p1 = site.build("ws");
    let id1 = p1["package_id"].as_str().unwrap();
    site.hub_with_key_of("ws", "32.04");
    let server = site.serve("127.0.0.1:0", &[]);
    assert_eq!(site.send("ws", id1, &server.url(), &[]).0, Some(0));
    let hub = site.path("hub");
    let hub_run = |args: &[&str]| {
        let mut all = vec!["--hub", s(&hub), "hub"];
        all.extend_from_slice(args);
        site.run(&all)
    };

    // Returned for revision: a general note and one on indicator 1.
    let review: Value = serde_json::from_slice(
        &hub_run(&[
            "review",
            id1,
            "--to",
            "revisi",
            "--note",
            "Mohon dilengkapi",
            "--indicator",
            "1",
            "--note",
            "Lampirkan Perbup",
            "--json",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(review["state"], "perlu_revisi");
    assert_eq!(review["review"]["notes"][0]["indicator"], "1");
    // A note on an indicator the package's framework does not have: refused, nothing recorded.
    let unknown = hub_run(&["review", id1, "--to", "revisi", "--indicator", "99", "--note", "?"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("indicator.unknown"));
    // What the package holds, as the console opens it, and its evidence file copied out.
    let shown: Value = serde_json::from_slice(&hub_run(&["packages", "show", id1, "--json"]).stdout).unwrap();
    assert_eq!(shown["indicators"][0]["level"], 3);
    assert_eq!(shown["indicators"][0]["evidence"], 1);
    assert_eq!(shown["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(shown["period_locked"], false);
    let sha = shown["evidence"][0]["sha256"].as_str().unwrap();
    let copy = site.path("salinan.pdf");
    assert!(hub_run(&["packages", "file", id1, sha, "--out", s(&copy)]).status.success());
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(site.path("ws-bukti-0.pdf")).unwrap());
    let absent = hub_run(&["packages", "file", id1, &"0".repeat(64), "--out", s(&copy)]);
    assert_eq!(absent.status.code(), Some(2), "a hash the package does not list");
    // A rejection without a reason, a state nobody knows: refused, nothing recorded.
    assert_eq!(hub_run(&["review", id1, "--to", "ditolak"]).status.code(), Some(2));
    assert_eq!(hub_run(&["review", id1, "--to", "mungkin"]).status.code(), Some(2));

    // The signed review file goes to the region, which takes it in once.
    let file = site.path("tinjauan.llreview");
    assert!(hub_run(&["review", "export", id1, "--out", s(&file)]).status.success());
    let taken = site.ws_json("ws", &["review", "import", s(&file), "--json"]);
    assert_eq!((taken["new"].as_bool(), taken["review"]["state"].as_str()), (Some(true), Some("perlu_revisi")));
    assert_eq!(site.ws_json("ws", &["review", "import", s(&file), "--json"])["new"], false);
    // A file changed on the way does not verify.
    let text = std::fs::read_to_string(&file).unwrap().replace("Lampirkan Perbup", "Tidak perlu apa-apa");
    std::fs::write(site.path("ubah.llreview"), text).unwrap();
    let forged = site.ws("ws", &["review", "import", s(&site.path("ubah.llreview"))]);
    assert_eq!(forged.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&forged.stderr).contains("review.file_invalid"));
    let kept = site.ws_json("ws", &["review", "list", "--json"]);
    assert_eq!(kept.as_array().unwrap().len(), 1);
    assert_eq!(kept[0]["notes"][0]["note"], "Lampirkan Perbup");

    // Accepted: the region fetches it over the network; the period is locked.
    assert!(hub_run(&["review", id1, "--to", "diterima"]).status.success());
    let shown: Value = serde_json::from_slice(&hub_run(&["packages", "show", id1, "--json"]).stdout).unwrap();
    assert_eq!((shown["locks_period"].as_bool(), shown["period_locked"].as_bool()), (Some(true), Some(true)));
    let fetched = site.ws_json("ws", &["review", "fetch", "--json"]);
    assert_eq!(fetched.as_array().unwrap().len(), 1);
    assert_eq!(fetched[0]["state"], "diterima");
    site.ws_ok("ws", &["assess", "set", "--period", "2024", "--indicator", "2", "--level", "4"]);
    let p2 = site.build("ws");
    let (code, locked) = site.send("ws", p2["package_id"].as_str().unwrap(), &server.url(), &["--lang", "id"]);
    assert_eq!((code, locked["state"].as_str()), (Some(2), Some("refused")), "{locked:#}");
    assert!(locked["last_error"]["message"].as_str().unwrap().contains("dikunci"), "{locked:#}");

    // Unlocked with a reason (none: refused), the corrected package goes through.
    assert_eq!(hub_run(&["unlock", "--region", "32.04", "--period", "2024", "--reason", " "]).status.code(), Some(2));
    assert!(hub_run(&["unlock", "--region", "32.04", "--period", "2024", "--reason", "Koreksi data"]).status.success());
    let (code, sent) = site.send("ws", p2["package_id"].as_str().unwrap(), &server.url(), &[]);
    assert_eq!((code, sent["state"].as_str()), (Some(0), Some("sent")), "{sent:#}");
    // Only the newest package is reviewed.
    let old = hub_run(&["review", id1, "--to", "diterima"]);
    assert_eq!(old.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&old.stderr).contains("review.not_head"));
    // Every step is in the hub's trail.
    let reviews = site.hub(&["reviews", "--json"]);
    assert_eq!(reviews.as_array().unwrap().len(), 2);
}

#[test]
fn a_package_returned_for_revision_is_answered_note_by_note_in_the_next_package() {
    let site = Site::new();
    site.regency("ws", "32.04", &[2_000]);
    let p1 = site.build("ws");
    let id1 = p1["package_id"].as_str().unwrap();
    site.hub_with_key_of("ws", "32.04");
    let hub = site.path("hub");
    site.ok(&["--hub", s(&hub), "hub", "import", s(Path::new(p1["path"].as_str().unwrap()))]);
    let hub_identity = site.hub(&["identity", "--json"]);
    // A note on an indicator the package's framework lacks is refused, and nothing recorded.
    let unknown =
        site.run(&["--hub", s(&hub), "hub", "review", id1, "--to", "revisi", "--indicator", "999", "--note", "x"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("999"));
    assert_eq!(site.hub(&["reviews", "--json"]), serde_json::json!([]));
    site.ws_ok(
        "ws",
        &[
            "hub-link",
            "set",
            "--url",
            "https://hub.example.go.id",
            "--hub-key",
            hub_identity["public_key"].as_str().unwrap(),
        ],
    );
    site.hub(&[
        "review",
        id1,
        "--to",
        "revisi",
        "--note",
        "Mohon dilengkapi",
        "--indicator",
        "1",
        "--note",
        "Lampirkan Perbup",
        "--indicator",
        "2",
        "--note",
        "Tingkat 2 belum didukung bukti",
        "--json",
    ]);
    let file = site.path("tinjauan.llreview");
    site.ok(&["--hub", s(&hub), "hub", "review", "export", id1, "--out", s(&file)]);
    site.ws_ok("ws", &["review", "import", s(&file)]);

    // The notes beside their indicators, none answered: the next package waits for them.
    let open = site.ws_json("ws", &["review", "notes", "--period", "2024", "--json"]);
    assert_eq!(open["unanswered"], serde_json::json!(["1", "2"]), "{open:#}");
    assert_eq!(open["notes"][0]["indicator"], "");
    assert_eq!(open["notes"][1]["indicator_id"], "1");
    let refused = site.ws("ws", &["package", "build", "--period", "2024", "--json"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("package.review_unanswered"));
    // An answer to a note the review does not have, or an empty one, is refused.
    assert_eq!(
        site.ws("ws", &["review", "answer", "--period", "2024", "--indicator", "7", "--text", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(
        site.ws("ws", &["review", "answer", "--period", "2024", "--indicator", "1", "--text", "  "]).status.code(),
        Some(2)
    );
    site.ws_ok(
        "ws",
        &["review", "answer", "--period", "2024", "--indicator", "1", "--text", "Perbup 12/2024 dilampirkan"],
    );
    let still = site.ws("ws", &["package", "build", "--period", "2024", "--json"]);
    assert_eq!(still.status.code(), Some(2), "one note is still open");
    site.ws_ok(
        "ws",
        &["review", "answer", "--period", "2024", "--indicator", "2", "--text", "Notulen rapat ditambahkan"],
    );
    site.ws_ok("ws", &["review", "answer", "--period", "2024", "--general", "--text", "Sudah dilengkapi"]);

    // The next package carries the answers; the hub reads them beside its notes.
    let p2 = site.build("ws");
    assert_eq!(p2["seq"], 2);
    site.ok(&["--hub", s(&hub), "hub", "import", s(Path::new(p2["path"].as_str().unwrap()))]);
    let response = site.hub(&["packages", "response", p2["package_id"].as_str().unwrap(), "--json"]);
    assert_eq!(response["review_id"], open["review"]["review_id"]);
    assert_eq!(response["known"], true);
    assert_eq!(response["seq"], 1);
    let answers = response["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 3);
    assert_eq!((answers[1]["indicator"].as_str(), answers[1]["note"].as_str()), (Some("1"), Some("Lampirkan Perbup")));
    assert_eq!(answers[1]["answer"], "Perbup 12/2024 dilampirkan");
    assert_eq!(answers[0]["answer"], "Sudah dilengkapi");
    // The first package answers nothing; the region's trail has each answer.
    assert_eq!(site.hub(&["packages", "response", id1, "--json"]), Value::Null);
    let notes = site.ws_json("ws", &["review", "notes", "--period", "2024", "--json"]);
    assert_eq!(notes["answered_in"], 2);
}

#[test]
fn the_dashboard_ranks_the_expected_regions_with_change_follow_up_and_the_median() {
    let site = Site::new();
    let hub = site.path("hub");
    let import = |file: &str| site.ok(&["--hub", s(&hub), "hub", "import", file]);
    // Bandung: 2023 and 2024, higher in 2024. Sumedang: 2024 only. Garut: expected, silent.
    // Kota Bandung sends without being expected.
    for (ws, code) in [("bandung", "32.04"), ("sumedang", "32.11"), ("kota", "32.73")] {
        site.ws_ok(ws, &["init", "--region", code]);
        site.ws_ok(ws, &["period", "add", "--year", "2024"]);
    }
    site.ws_ok("bandung", &["period", "add", "--year", "2023"]);
    site.ws_ok("bandung", &["assess", "set", "--period", "2023", "--indicator", "1", "--level", "1"]);
    let old = site.ws_json("bandung", &["package", "build", "--period", "2023", "--json"]);
    site.ws_ok("bandung", &["assess", "set", "--period", "2024", "--indicator", "1", "--level", "5"]);
    site.ws_ok("sumedang", &["assess", "set", "--period", "2024", "--indicator", "1", "--level", "2"]);
    site.ws_ok("kota", &["assess", "set", "--period", "2024", "--indicator", "1", "--level", "3"]);
    site.hub_with_key_of("bandung", "32.04");
    site.hub_with_key_of("sumedang", "32.11");
    site.hub_with_key_of("kota", "32.73");
    import(old["path"].as_str().unwrap());
    for ws in ["bandung", "sumedang", "kota"] {
        import(site.build(ws)["path"].as_str().unwrap());
    }
    std::fs::write(site.path("penandatangan.csv"), "region,name\n32.04,Dadang\n32.11,Dony\n32.05,Garut\n").unwrap();
    site.ok(&["--hub", s(&hub), "hub", "expected", "set", s(&site.path("penandatangan.csv"))]);
    let bad = site.run(&["--hub", s(&hub), "hub", "expected", "set", s(&site.path("kunci.json"))]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(site.hub(&["expected", "list", "--json"]).as_array().unwrap().len(), 3);
    site.ok(&["--hub", s(&hub), "hub", "expected", "due", "--period", "2024", "--date", "2999-12-31"]);

    let d = site.json(&["--lang", "id", "--hub", s(&hub), "hub", "dashboard", "--period", "2024", "--json"]);
    assert_eq!((d["expected"].as_u64(), d["received"].as_u64(), d["on_time"].as_u64()), (Some(3), Some(2), Some(2)));
    let regions = d["regions"].as_array().unwrap();
    let codes: Vec<&str> = regions.iter().map(|r| r["code"].as_str().unwrap()).collect();
    // Ranked by the exact index: Bandung (level 5 on one indicator) above Kota Bandung and
    // Sumedang; Garut, with nothing received, last.
    assert_eq!(codes.first(), Some(&"32.04"));
    assert_eq!(codes.last(), Some(&"32.05"));
    let row = |code: &str| regions.iter().find(|r| r["code"] == code).unwrap().clone();
    let bandung = row("32.04");
    let change: f64 = bandung["change"].as_str().unwrap().parse().unwrap();
    assert!(change > 0.0, "{bandung:#}");
    assert_eq!(bandung["review"], "belum_ditinjau");
    assert_eq!(bandung["overdue"], 0);
    assert!(bandung["index_display"].as_str().unwrap().contains(','), "{bandung:#}");
    assert_eq!(row("32.73")["expected"], false);
    assert!(row("32.05")["index"].is_null());
    assert!(row("32.11")["change"].is_null());
    // The median and the distribution count the expected regions that reported.
    let median: f64 = d["median_index"].as_str().unwrap().parse().unwrap();
    let i = |code: &str| row(code)["index"].as_str().unwrap().parse::<f64>().unwrap();
    assert!((median - (i("32.04") + i("32.11")) / 2.0).abs() < 1e-4, "{median}");
    let counted: u64 = d["distribution"].as_array().unwrap().iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(counted, 2);
    // The same table as CSV and xlsx.
    let csv_file = site.path("rekap.csv");
    site.ok(&["--hub", s(&hub), "hub", "export", "csv", "--period", "2024", "--out", s(&csv_file)]);
    let csv = std::fs::read_to_string(&csv_file).unwrap();
    assert_eq!(csv.lines().count(), 1 + regions.len());
    assert!(csv.lines().nth(1).unwrap().contains("32.04"), "{csv}");
    let xlsx = site.path("rekap.xlsx");
    site.ok(&["--hub", s(&hub), "hub", "export", "xlsx", "--period", "2024", "--out", s(&xlsx)]);
    let mut book = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut strings = String::new();
    book.by_name("xl/sharedStrings.xml").unwrap().read_to_string(&mut strings).unwrap();
    assert!(strings.contains("Kabupaten Sumedang") && strings.contains("Peringkat"), "{strings}");
    let mut sheets = String::new();
    book.by_name("xl/workbook.xml").unwrap().read_to_string(&mut sheets).unwrap();
    for sheet in ["Peringkat", "Sebaran", "Peta Panas", "Target", "Tren"] {
        assert!(sheets.contains(&format!("name=\"{sheet}\"")), "{sheets}");
    }
    assert!(csv.lines().next().unwrap().contains("Selisih"), "{csv}");

    // Filters: a kind, a province by name; the figures are over the regions kept.
    let dashboard = |extra: &[&str]| {
        let mut args = vec!["--hub", s(&hub), "hub", "dashboard", "--period", "2024", "--json"];
        args.extend_from_slice(extra);
        site.json(&args)
    };
    let codes = |d: &Value, key: &str| -> Vec<String> {
        d[key].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_string()).collect()
    };
    let kota = dashboard(&["--kind", "kota"]);
    assert_eq!((codes(&kota, "regions"), &kota["filter"]["kind"]), (vec!["32.73".to_string()], &Value::from("kota")));
    // Kota Bandung is not expected: it is listed, and counts for no median.
    assert_eq!((kota["expected"].as_u64(), kota["median_index"].is_null()), (Some(0), true));
    let jabar = dashboard(&["--province", "jawa barat", "--kind", "kabupaten"]);
    assert_eq!(jabar["filter"]["province"], "32");
    assert_eq!(jabar["median_index"], d["median_index"]);
    assert_eq!(codes(&jabar, "regions"), ["32.04", "32.11", "32.05"]);
    for (args, code) in
        [(["--province", "Atlantis"], "region.province_unknown"), (["--kind", "desa"], "region.kind_unknown")]
    {
        let mut all = vec!["--hub", s(&hub), "hub", "heatmap", "--period", "2024"];
        all.extend_from_slice(&args);
        let out = site.run(&all);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(code), "{}", String::from_utf8_lossy(&out.stderr));
    }

    // The heat map: the dashboard's regions that reported, in its order; SPBE's 47 indicators.
    let map = site.json(&["--hub", s(&hub), "hub", "heatmap", "--period", "2024", "--json"]);
    let received: Vec<String> = regions
        .iter()
        .filter(|r| !r["package_id"].is_null())
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes(&map, "rows"), received);
    assert_eq!(map["framework"]["id"], "spbe-2020");
    assert_eq!(map["columns"].as_array().unwrap().len(), 47);
    assert_eq!(map["columns"][0]["number"], 1);
    let cell = &map["rows"][0]["cells"][0];
    assert_eq!((cell["level"].as_u64(), cell["state"].as_str()), (Some(5), Some("no_target")), "{cell}");
    assert_eq!(map["rows"][0]["cells"][1]["state"], "not_assessed");

    // Trends: Bandung in both years; 2023's median is its index alone.
    let trends = site.json(&["--hub", s(&hub), "hub", "trends", "--json"]);
    let periods: Vec<i64> =
        trends["periods"].as_array().unwrap().iter().map(|p| p["period"].as_i64().unwrap()).collect();
    assert_eq!(periods, [2023, 2024]);
    assert_eq!(trends["periods"][1]["median_index"], d["median_index"]);
    assert_eq!(
        (trends["periods"][0]["received"].as_u64(), trends["periods"][0]["expected"].as_u64()),
        (Some(1), Some(3))
    );
    let bandung_trend = trends["regions"].as_array().unwrap().iter().find(|r| r["code"] == "32.04").unwrap();
    assert_eq!(bandung_trend["points"][0]["index"], trends["periods"][0]["median_index"]);
    assert_eq!(bandung_trend["points"][1]["index"], bandung["index"]);

    // Comparing Bandung's two packages; a package of another region is refused.
    let (then, now) = (old["package_id"].as_str().unwrap(), bandung["package_id"].as_str().unwrap());
    let c = site.json(&["--hub", s(&hub), "hub", "compare", now, then, "--json"]);
    assert_eq!((c["old"]["package_id"].as_str(), c["new"]["package_id"].as_str()), (Some(then), Some(now)));
    assert_eq!(c["levels"][0]["indicator"], "1");
    assert_eq!((c["levels"][0]["old_level"].as_u64(), c["levels"][0]["new_level"].as_u64()), (Some(1), Some(5)));
    assert_eq!(c["index_change"], bandung["change"]);
    let sumedang = row("32.11")["package_id"].as_str().unwrap().to_string();
    let refused = site.run(&["--hub", s(&hub), "hub", "compare", then, &sumedang, "--json"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("hub.compare_regions_differ"));

    // The same views as text, in Indonesian.
    let text = |args: &[&str]| {
        let mut all = vec!["--lang", "id", "--hub", s(&hub), "hub"];
        all.extend_from_slice(args);
        site.ok(&all)
    };
    assert!(text(&["dashboard", "--period", "2024"]).contains("2 dari 3 daerah mengirim paket"));
    assert!(text(&["heatmap", "--period", "2024", "--province", "32"]).contains("Peta panas periode 2024"));
    assert!(text(&["trends", "--kind", "kabupaten"]).contains("Tren indeks per periode"));
    let compared = text(&["compare", then, now]);
    assert!(compared.contains("Indikator 1") && compared.contains("tingkat 1 → 5"), "{compared}");
    // A due date in the past: nobody was on time.
    site.ok(&["--hub", s(&hub), "hub", "expected", "due", "--period", "2024", "--date", "2000-01-01"]);
    let d = site.json(&["--hub", s(&hub), "hub", "dashboard", "--period", "2024", "--json"]);
    assert_eq!(d["on_time"], 0);
}
