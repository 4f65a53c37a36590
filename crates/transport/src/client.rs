//! The regency's side of the protocol: one package to one hub.
//!
//! - Only `https://`, or `http://` to this computer (a hub on loopback, a local test).
//! - The OS trust store (rustls-platform-verifier: the Windows and macOS stores, the system
//!   bundle on Linux), so the certificate of an office proxy that the OS trusts works too;
//!   the system proxy settings (environment, Windows registry, macOS), or a manual proxy.
//! - Redirects are not followed: a captive portal answers with one, or with its own page,
//!   and neither is a hub's hello.
//! - Each file is read from the package and streamed; only the files the hub lacks go.
//! - Failures say whether trying again later can help (the network, a busy or broken hub,
//!   a portal) or not (the hub refused the package, its key is not the pinned one).

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use livinglab_core::{Error, ErrorCode, Result};
use livinglab_hub::{Receipt, SignedReceipt};
use livinglab_package::manifest::{FileEntry, Manifest, MANIFEST_FILE, SIGNATURE_FILE};
use livinglab_package::verify::copy_entry;
use livinglab_sign::key_id_of;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;
use zip::ZipArchive;

use crate::protocol::{
    path_file, path_submit, Hello, Offer, OfferReply, Problem, Wanted, PATH_HELLO, PATH_OFFER, PROTOCOL_VERSION,
    SERVICE,
};

/// How long to wait: for a connection, and for any byte once connected (a slow line still
/// sends bytes; a dead one does not).
#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions { connect_timeout: Duration::from_secs(20), read_timeout: Duration::from_secs(90) }
    }
}

/// A send that did not end with a receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub error: Error,
    /// Whether trying again later can help.
    pub retry: bool,
}

impl Failure {
    fn retry(error: Error) -> Failure {
        Failure { error, retry: true }
    }
    fn refused(error: Error) -> Failure {
        Failure { error, retry: false }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::refused(error)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SendProgress {
    pub done_bytes: u64,
    pub total_bytes: u64,
    pub done_files: usize,
    pub total_files: usize,
}

pub type ProgressFn = Arc<dyn Fn(SendProgress) + Send + Sync>;

#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    /// True when the hub already held the package (202).
    pub already_received: bool,
    pub receipt: SignedReceipt,
    pub receipt_data: Receipt,
    pub uploaded_files: usize,
    pub uploaded_bytes: u64,
}

/// Checks a hub address: `https://host[:port][/path]`, or `http://` to loopback only.
pub fn check_url(text: &str) -> Result<Url> {
    let bad = |id: &str, en: &str| Error::new(ErrorCode::HubUrlInvalid).with_detail(id, en);
    if text.trim().is_empty() {
        return Err(bad("alamat belum diisi", "no address given"));
    }
    let url = Url::parse(text.trim())
        .map_err(|e| bad(&format!("bukan alamat web ({e})"), &format!("not a web address ({e})")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "alamat tidak boleh memuat nama pengguna atau sandi",
            "the address must not hold a user name or password",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("alamat tidak boleh memuat ? atau #", "the address must not hold ? or #"));
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => return Err(bad("alamat tanpa nama server", "the address names no server")),
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(bad(
            "gunakan https:// (http:// hanya untuk komputer ini sendiri)",
            "use https:// (http:// only for this computer itself)",
        )),
        other => Err(bad(
            &format!("skema {other} tidak didukung; gunakan https://"),
            &format!("the scheme {other} is not supported; use https://"),
        )),
    }
}

/// Checks a manual proxy address (`http://host:port`, `https://…` or `socks5://…` are not
/// all supported: reqwest here speaks HTTP proxies).
pub fn check_proxy(text: &str) -> Result<Option<reqwest::Proxy>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = |id: &str, en: &str| Error::new(ErrorCode::HubProxyInvalid).with_detail(id, en);
    let url = Url::parse(text).map_err(|e| bad(&format!("bukan alamat ({e})"), &format!("not an address ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(bad("gunakan bentuk http://nama-server:port", "use the form http://host:port"));
    }
    reqwest::Proxy::all(url.as_str()).map(Some).map_err(|e| bad(&e.to_string(), &e.to_string()))
}

fn install_crypto() {
    // reqwest and the receiver share one rustls provider; a second install is a no-op error.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// What a transport failure means to the user, with the cause reqwest names.
fn network_failure(e: &reqwest::Error) -> Failure {
    let mut cause = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    let lower = cause.to_lowercase();
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        return Failure::retry(Error::new(ErrorCode::HubTlsFailed).with("detail", cause));
    }
    let (id, en) = if e.is_timeout() {
        ("waktu habis menunggu jawaban".to_string(), format!("timed out: {cause}"))
    } else if e.is_connect() {
        (format!("tidak tersambung: {cause}"), format!("could not connect: {cause}"))
    } else {
        (format!("sambungan terputus: {cause}"), format!("the connection broke: {cause}"))
    };
    Failure::retry(Error::new(ErrorCode::HubUnreachable).with_detail(id, en))
}

pub struct HubClient {
    http: reqwest::Client,
    base: Url,
}

impl HubClient {
    pub fn new(url: &str, proxy: &str, opts: &ClientOptions) -> Result<HubClient> {
        install_crypto();
        let base = check_url(url)?;
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(opts.connect_timeout)
            .read_timeout(opts.read_timeout)
            .user_agent(concat!("LivingLab/", env!("CARGO_PKG_VERSION")));
        if let Some(p) = check_proxy(proxy)? {
            builder = builder.proxy(p);
        }
        // Building fails when the system's trusted certificates cannot be read at all.
        let http = builder.build().map_err(|e| {
            let cause = std::error::Error::source(&e).map(|s| s.to_string()).unwrap_or_else(|| e.to_string());
            Error::new(ErrorCode::HubTlsFailed).with("detail", cause)
        })?;
        Ok(HubClient { http, base })
    }

    fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        let joined = format!("{}{}", url.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        url
    }

    /// The hub's hello; anything else (a portal's page, a redirect, another server) is
    /// reported as not a hub.
    pub async fn hello(&self) -> std::result::Result<Hello, Failure> {
        let resp = self.http.get(self.url(PATH_HELLO)).send().await.map_err(|e| network_failure(&e))?;
        let status = resp.status();
        if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
            return Err(hub_failed(status));
        }
        let not_a_hub =
            |detail: String| Failure::retry(Error::new(ErrorCode::HubNotAHub).with_detail(detail.clone(), detail));
        if status != StatusCode::OK {
            return Err(not_a_hub(format!("HTTP {}", status.as_u16())));
        }
        let bytes = read_capped(resp, 64 * 1024).await?;
        let hello: Hello =
            serde_json::from_slice(&bytes).map_err(|_| not_a_hub("bukan jawaban hub / not a hub's answer".into()))?;
        if hello.service != SERVICE {
            return Err(not_a_hub(format!("service \"{}\"", hello.service)));
        }
        if hello.protocol != PROTOCOL_VERSION {
            return Err(Failure::refused(
                Error::new(ErrorCode::HubProtocolUnsupported)
                    .with("found", hello.protocol)
                    .with("expected", PROTOCOL_VERSION),
            ));
        }
        let key = base64::engine::general_purpose::STANDARD.decode(&hello.public_key).unwrap_or_default();
        if key.is_empty() || key_id_of(&key) != hello.key_id {
            return Err(not_a_hub("kunci hub tidak konsisten / inconsistent hub key".into()));
        }
        Ok(hello)
    }

    /// The newest review of a package at the hub (None when it has none yet); verified by
    /// the caller under the pinned key.
    pub async fn review(&self, package_id: &str) -> std::result::Result<Option<livinglab_hub::SignedReview>, Failure> {
        let resp = self
            .http
            .get(self.url(&crate::protocol::path_review(package_id)))
            .send()
            .await
            .map_err(|e| network_failure(&e))?;
        match resp.status() {
            StatusCode::OK => json_body(resp).await.map(Some),
            StatusCode::NOT_FOUND => Ok(None),
            _ => Err(problem_failure(resp).await),
        }
    }

    /// Sends one package file and returns the verified receipt. `hub_key` (SPKI DER) is the
    /// pinned key the hello must show and the receipt must verify under.
    pub async fn send(
        &self,
        package: &Path,
        hub_key: &[u8],
        progress: ProgressFn,
    ) -> std::result::Result<Sent, Failure> {
        let hello = self.hello().await?;
        let shown = base64::engine::general_purpose::STANDARD.decode(&hello.public_key).unwrap_or_default();
        if shown != hub_key {
            return Err(Failure::refused(
                Error::new(ErrorCode::HubKeyMismatch).with("found", &hello.key_id).with("expected", key_id_of(hub_key)),
            ));
        }
        let (manifest, manifest_bytes, signature) = read_package_head(package)?;
        let manifest_sha = livinglab_core::Sha256Hash::of(&manifest_bytes).to_string();
        let b64 = base64::engine::general_purpose::STANDARD;
        let offer = Offer { manifest: b64.encode(&manifest_bytes), signature: b64.encode(&signature) };
        let resp = self.http.post(self.url(PATH_OFFER)).json(&offer).send().await.map_err(|e| network_failure(&e))?;
        let reply: OfferReply = match resp.status() {
            StatusCode::OK => json_body(resp).await?,
            StatusCode::ACCEPTED => {
                return self.receipt(resp, hub_key, &manifest, &manifest_sha, true, 0, 0).await;
            }
            _ => return Err(problem_failure(resp).await),
        };
        let total_bytes: u64 = reply.missing.iter().map(|w| w.size).sum();
        let total_files = reply.missing.len();
        let done = Arc::new(AtomicU64::new(0));
        progress(SendProgress { done_bytes: 0, total_bytes, done_files: 0, total_files });
        for (i, wanted) in reply.missing.iter().enumerate() {
            self.upload(package, &manifest, wanted, &done, total_bytes, (i, total_files), &progress).await?;
            progress(SendProgress {
                done_bytes: done.load(Ordering::Relaxed),
                total_bytes,
                done_files: i + 1,
                total_files,
            });
        }
        let resp = self
            .http
            .post(self.url(&path_submit(&manifest.package_id)))
            .send()
            .await
            .map_err(|e| network_failure(&e))?;
        match resp.status() {
            StatusCode::CREATED | StatusCode::ACCEPTED => {
                let again = resp.status() == StatusCode::ACCEPTED;
                self.receipt(resp, hub_key, &manifest, &manifest_sha, again, total_files, total_bytes).await
            }
            _ => Err(problem_failure(resp).await),
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn receipt(
        &self,
        resp: reqwest::Response,
        hub_key: &[u8],
        manifest: &Manifest,
        manifest_sha: &str,
        already_received: bool,
        uploaded_files: usize,
        uploaded_bytes: u64,
    ) -> std::result::Result<Sent, Failure> {
        let receipt: SignedReceipt = json_body(resp).await?;
        let receipt_data = receipt.verify(hub_key, &manifest.package_id, manifest_sha).map_err(Failure::refused)?;
        Ok(Sent { already_received, receipt, receipt_data, uploaded_files, uploaded_bytes })
    }

    #[allow(clippy::too_many_arguments)]
    async fn upload(
        &self,
        package: &Path,
        manifest: &Manifest,
        wanted: &Wanted,
        done: &Arc<AtomicU64>,
        total_bytes: u64,
        (index, total_files): (usize, usize),
        progress: &ProgressFn,
    ) -> std::result::Result<(), Failure> {
        let entry = manifest.files.iter().find(|f| f.sha256 == wanted.sha256).cloned().ok_or_else(|| {
            Failure::refused(Error::new(ErrorCode::HubRefused).with_detail(
                "hub meminta berkas yang tidak ada di paket",
                "the hub asked for a file the package does not hold",
            ))
        })?;
        let (tx, rx) = tokio::sync::mpsc::channel::<std::result::Result<bytes::Bytes, std::io::Error>>(4);
        let path = package.to_path_buf();
        let reader_entry = entry.clone();
        // The zip is read on a thread of its own and streamed through a small channel:
        // memory stays at a few chunks whatever the file's size.
        std::thread::spawn(move || stream_entry(&path, &reader_entry, tx));
        let counter = done.clone();
        let progress = progress.clone();
        let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) });
        let stream = futures_util::StreamExt::inspect(stream, move |chunk| {
            if let Ok(c) = chunk {
                let now = counter.fetch_add(c.len() as u64, Ordering::Relaxed) + c.len() as u64;
                progress(SendProgress { done_bytes: now, total_bytes, done_files: index, total_files });
            }
        });
        let resp = self
            .http
            .put(self.url(&path_file(&manifest.package_id, &entry.sha256)))
            .header(reqwest::header::CONTENT_LENGTH, entry.size)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(reqwest::Body::wrap_stream(stream))
            .send()
            .await
            .map_err(|e| network_failure(&e))?;
        match resp.status() {
            StatusCode::OK | StatusCode::CREATED => Ok(()),
            _ => Err(problem_failure(resp).await),
        }
    }
}

/// The manifest and signature of a package file, and the manifest parsed.
fn read_package_head(package: &Path) -> std::result::Result<(Manifest, Vec<u8>, Vec<u8>), Failure> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Failure::refused(Error::new(ErrorCode::PackageUnreadable).with("detail", format!("{}: {e}", package.display())))
    };
    let file = std::fs::File::open(package).map_err(|e| unreadable(&e))?;
    let mut zip = ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| unreadable(&e))?;
    let mut read = |name: &str, limit: u64| -> std::result::Result<Vec<u8>, Failure> {
        let entry = zip.by_name(name).map_err(|e| unreadable(&e))?;
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(entry, limit), &mut bytes).map_err(|e| unreadable(&e))?;
        Ok(bytes)
    };
    let manifest_bytes = read(MANIFEST_FILE, livinglab_package::limits::MAX_MANIFEST_BYTES)?;
    let signature = read(SIGNATURE_FILE, livinglab_package::limits::MAX_SIGNATURE_BYTES)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).map_err(|e| unreadable(&e))?;
    Ok((manifest, manifest_bytes, signature))
}

struct ChannelWriter(tokio::sync::mpsc::Sender<std::result::Result<bytes::Bytes, std::io::Error>>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(bytes::Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the upload stopped"))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn stream_entry(
    package: &Path,
    entry: &FileEntry,
    tx: tokio::sync::mpsc::Sender<std::result::Result<bytes::Bytes, std::io::Error>>,
) {
    let result = std::fs::File::open(package)
        .map_err(|e| e.to_string())
        .and_then(|f| ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| e.to_string()))
        .and_then(|mut zip| copy_entry(&mut zip, entry, &mut ChannelWriter(tx.clone())).map_err(|(en, _)| en));
    if let Err(e) = result {
        let _ = tx.blocking_send(Err(std::io::Error::other(e)));
    }
}

fn hub_failed(status: StatusCode) -> Failure {
    Failure::retry(Error::new(ErrorCode::HubFailed).with("detail", format!("HTTP {}", status.as_u16())))
}

async fn read_capped(mut resp: reqwest::Response, cap: usize) -> std::result::Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| network_failure(&e))? {
        if out.len() + chunk.len() > cap {
            return Err(Failure::retry(
                Error::new(ErrorCode::HubNotAHub).with_detail("jawaban terlalu besar", "the answer is too large"),
            ));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

async fn json_body<T: DeserializeOwned>(resp: reqwest::Response) -> std::result::Result<T, Failure> {
    let bytes = read_capped(resp, 1024 * 1024).await?;
    serde_json::from_slice(&bytes).map_err(|_| {
        Failure::retry(
            Error::new(ErrorCode::HubNotAHub).with_detail("jawaban bukan JSON hub", "the answer is not the hub's JSON"),
        )
    })
}

/// A non-success answer: server trouble and rate limits are tried again; the hub's
/// refusals (4xx with a problem) wait for the user.
async fn problem_failure(resp: reqwest::Response) -> Failure {
    let status = resp.status();
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::REQUEST_TIMEOUT {
        return hub_failed(status);
    }
    let problem: Option<Problem> = match read_capped(resp, 1024 * 1024).await {
        Ok(bytes) => serde_json::from_slice(&bytes).ok(),
        Err(f) => return f,
    };
    let Some(problem) = problem else {
        return Failure::retry(Error::new(ErrorCode::HubNotAHub).with("detail", format!("HTTP {}", status.as_u16())));
    };
    // An upload the hub discarded (cut off, or an offer that expired) is simply tried again.
    let again = matches!(
        problem.code.as_str(),
        crate::protocol::codes::FILE_SHORT
            | crate::protocol::codes::OFFER_UNKNOWN
            | crate::protocol::codes::FILES_MISSING
    );
    let error = Error::new(ErrorCode::HubRefused)
        .with_detail(&problem.message.id, &problem.message.en)
        .with("status", status.as_u16())
        .with("problem", &problem.code);
    if again {
        Failure::retry(error)
    } else {
        Failure::refused(error)
    }
}
