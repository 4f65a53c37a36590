//! The hub's receiver: packages arrive over HTTP(S) in three steps (docs/HUB-PROTOCOL.md).
//!
//! 1. **Offer** the signed manifest. The hub runs the package checks that need only the
//!    manifest and its own key and chain rules (the very code of a file import), and answers
//!    with the files it still lacks, or at once with the receipt of a package it holds.
//! 2. **Upload** each missing file by its SHA-256. Only a file the offered manifest lists is
//!    taken, at most its listed size, streamed to disk and hashed again; a file that stops
//!    half-way is discarded and can be sent again.
//! 3. **Submit**. The hub puts the package together from the offer and its files and imports
//!    it exactly as a file import does, then answers with its signed receipt.
//!
//! Bounded: request bodies have limits, each upload its listed size, the files waiting in
//! `incoming/` a quota; headers and bodies time out on a client that goes quiet; offers and
//! submits are rate limited per region; the number of uploads at once is capped. On SIGTERM
//! (or the shutdown future) it stops taking connections and lets running requests finish.

use std::future::Future;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine;
use futures_util::StreamExt;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use livinglab_core::verification::VerificationCode;
use livinglab_core::{Error, ErrorCode, Lang, Result, Sha256Hash};
use livinglab_hub::documents::DocumentVerification;
use livinglab_hub::import::{summarise, Admission, ImportSummary};
use livinglab_hub::{Hub, ImportStatus, SignedReceipt};
use livinglab_package::manifest::{FileEntry, Manifest};
use livinglab_package::verify::{verify_signed_manifest, Messages};
use livinglab_package::write::{write_signed_package, PackageFile, Source};
use livinglab_sign::Signer;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::protocol::{codes, Hello, Offer, OfferReply, Problem, ProblemCheck, Wanted, PROTOCOL_VERSION, SERVICE};

pub const INCOMING_DIR: &str = "incoming";
const OFFER_MANIFEST: &str = "manifest.json";
const OFFER_SIGNATURE: &str = "manifest.sig";
const OFFER_FILES: &str = "files";

/// The receiver's limits; the defaults suit one hub for every regency of Indonesia on a
/// small server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Offers and submits per region per minute.
    pub per_region_per_minute: u32,
    /// Bytes the files of unfinished offers may take in `incoming/` together.
    pub incoming_bytes: u64,
    /// Uploads at once (each writes through a fixed buffer).
    pub concurrent_uploads: usize,
    /// A client that sends nothing for this long is cut off (headers and bodies).
    pub idle: Duration,
    /// An offer whose package was never submitted is removed after this long.
    pub offer_lifetime: Duration,
    /// How long running requests may finish after a shutdown is asked for.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_region_per_minute: 60,
            incoming_bytes: 64 * 1024 * 1024 * 1024,
            concurrent_uploads: 32,
            idle: Duration::from_secs(60),
            offer_lifetime: Duration::from_secs(14 * 24 * 3600),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// The offer body: a base64 manifest of at most 8 MiB and its signature.
const OFFER_BODY_LIMIT: usize = 12 * 1024 * 1024;
/// Offers read at once (each up to [`OFFER_BODY_LIMIT`] in memory).
const OFFERS_AT_ONCE: usize = 8;

struct Shared {
    hub: Mutex<Hub>,
    signer: Signer,
    hello: Hello,
    incoming: PathBuf,
    limits: Limits,
    rate: DefaultKeyedRateLimiter<String>,
    uploads: Semaphore,
    offers: Semaphore,
}

/// A receiver bound to its address, not yet serving.
pub struct Receiver {
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shared: Arc<Shared>,
}

fn problem(status: StatusCode, code: &str, id: impl Into<String>, en: impl Into<String>) -> Response {
    let body = Problem {
        code: code.into(),
        message: Messages { id: id.into(), en: en.into() },
        checks: Vec::new(),
        missing: Vec::new(),
    };
    (status, Json(body)).into_response()
}

fn internal(e: Error) -> Response {
    let status = if e.code == ErrorCode::WorkspaceBusy {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    problem(status, codes::INTERNAL, e.message_in(Lang::Id), e.message_in(Lang::En))
}

fn load_tls(cert: &Path, key: &Path) -> Result<tokio_rustls::TlsAcceptor> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Error::new(ErrorCode::HubServeFailed).with_detail(format!("{what}: {e}"), format!("{what}: {e}"))
    };
    let certs = CertificateDer::pem_file_iter(cert)
        .and_then(|i| i.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| fail(&cert.display().to_string(), &e))?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| fail(&key.display().to_string(), &e))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| fail("TLS", &e))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| fail("TLS", &e))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

impl Receiver {
    /// Opens the hub, cleans what an earlier run left half-done in `incoming/`, and binds.
    pub async fn bind(
        hub_dir: &Path,
        listen: SocketAddr,
        tls: Option<(&Path, &Path)>,
        signer: Signer,
        limits: Limits,
    ) -> Result<Receiver> {
        let mut hub = Hub::open(hub_dir)?;
        hub.index_missing_documents()?;
        let incoming = hub.dir().join(INCOMING_DIR);
        std::fs::create_dir_all(&incoming).map_err(|e| Error::io("create the incoming folder", e))?;
        clean_incoming(&incoming, limits.offer_lifetime);
        let identity = signer.identity().clone();
        let hello = Hello {
            service: SERVICE.into(),
            protocol: PROTOCOL_VERSION,
            hub_id: hub.info().id.clone(),
            name: hub.info().name.clone(),
            key_id: identity.key_id.clone(),
            public_key: identity.public_key_base64(),
            fingerprint: identity.fingerprint.clone(),
            app_version: livinglab_store::db::APP_VERSION.into(),
        };
        let tls = tls.map(|(cert, key)| load_tls(cert, key)).transpose()?;
        let listener = TcpListener::bind(listen).await.map_err(|e| {
            Error::new(ErrorCode::HubServeFailed).with_detail(
                format!("tidak dapat mendengar di {listen}: {e}"),
                format!("cannot listen on {listen}: {e}"),
            )
        })?;
        let per_minute = NonZeroU32::new(limits.per_region_per_minute.max(1)).expect("at least one");
        let shared = Arc::new(Shared {
            hub: Mutex::new(hub),
            signer,
            hello,
            incoming,
            rate: RateLimiter::keyed(Quota::per_minute(per_minute)),
            uploads: Semaphore::new(limits.concurrent_uploads.max(1)),
            offers: Semaphore::new(OFFERS_AT_ONCE),
            limits,
        });
        Ok(Receiver { listener, tls, shared })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Serves one HTTP/1 connection over any byte stream with the routes, limits and header
    /// time-out that `run` gives each accepted connection (the fuzz target of the receiver's
    /// request parsing drives it in memory).
    pub async fn serve_stream<I>(&self, io: I)
    where
        I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let service = TowerToHyperService::new(router(self.shared.clone()));
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(self.shared.limits.idle);
        let _ = http.serve_connection(TokioIo::new(io), service).await;
    }

    /// Serves until `shutdown` completes, then lets running requests finish (within the grace
    /// period) and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> Result<()> {
        let app = router(self.shared.clone());
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let idle = self.shared.limits.idle;
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let Ok((stream, _peer)) = accepted else { continue };
                    let service = TowerToHyperService::new(app.clone());
                    let tls = self.tls.clone();
                    let watcher = graceful.watcher();
                    tokio::spawn(async move {
                        let mut http = hyper::server::conn::http1::Builder::new();
                        http.timer(TokioTimer::new()).header_read_timeout(idle);
                        match tls {
                            None => {
                                let conn = http.serve_connection(TokioIo::new(stream), service);
                                let _ = watcher.watch(conn).await;
                            }
                            Some(acceptor) => {
                                let Ok(Ok(stream)) = tokio::time::timeout(idle, acceptor.accept(stream)).await else {
                                    return;
                                };
                                let conn = http.serve_connection(TokioIo::new(stream), service);
                                let _ = watcher.watch(conn).await;
                            }
                        }
                    });
                }
                _ = &mut shutdown => break,
            }
        }
        drop(self.listener);
        let _ = tokio::time::timeout(self.shared.limits.shutdown_grace, graceful.shutdown()).await;
        // Uploads cut off by the end of the grace period leave `.part` files: removed now (and
        // at the next start), so an unfinished upload is simply sent again.
        clean_incoming(&self.shared.incoming, self.shared.limits.offer_lifetime);
        Ok(())
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn terminated() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler can be installed");
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Removes unfinished uploads and packages being put together, and offers older than `lifetime`.
fn clean_incoming(incoming: &Path, lifetime: Duration) {
    let Ok(offers) = std::fs::read_dir(incoming) else { return };
    for offer in offers.flatten() {
        let dir = offer.path();
        let stale = std::fs::metadata(dir.join(OFFER_MANIFEST))
            .and_then(|m| m.modified())
            .map(|t| t.elapsed().unwrap_or_default() > lifetime)
            .unwrap_or(true);
        if stale {
            let _ = std::fs::remove_dir_all(&dir);
            continue;
        }
        for name in [dir.clone(), dir.join(OFFER_FILES)] {
            let Ok(entries) = std::fs::read_dir(&name) else { continue };
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.contains(".part-") || n.starts_with("assembled-") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(home))
        .route(crate::protocol::PATH_HELLO, get(hello))
        .route(crate::protocol::PATH_OFFER, post(offer).layer(DefaultBodyLimit::disable()))
        .route("/api/v1/packages/{id}/files/{sha}", put(upload).layer(DefaultBodyLimit::disable()))
        .route("/api/v1/packages/{id}/submit", post(submit))
        .route("/api/v1/packages/{id}/review", get(review))
        .route("/api/v1/documents/{code}", get(document_json))
        .route("/v/{code}", get(document_page))
        .route("/V/{code}", get(document_page))
        .with_state(shared)
}

async fn hello(State(s): State<Arc<Shared>>) -> Response {
    let mut r = Json(s.hello.clone()).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn home(State(s): State<Arc<Shared>>) -> Html<String> {
    Html(page(
        &s.hello.name,
        &format!(
            "<p>Hub Living Lab ini menerima paket laporan dari pemerintah daerah.</p>\
             <p>Kunci hub: <code>{}</code></p>",
            esc(&s.hello.fingerprint)
        ),
    ))
}

/// Runs blocking hub work off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.expect("a hub task does not panic")
}

fn valid_package_id(id: &str) -> bool {
    id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

fn offer_dir(s: &Shared, package_id: &str) -> PathBuf {
    s.incoming.join(package_id.to_ascii_lowercase())
}

fn receipt_response(status: StatusCode, receipt: SignedReceipt) -> Response {
    (status, Json(receipt)).into_response()
}

/// A refused summary as the client sees it: the first failed check says the status.
fn refusal(summary: &ImportSummary) -> Response {
    let failed = summary.checks.iter().find(|c| !c.ok && c.status == livinglab_package::CheckStatus::Failed);
    let (status, code) = match summary.conflicts.first().map(String::as_str) {
        Some(livinglab_hub::import::CHECK_KEY) => (StatusCode::FORBIDDEN, codes::KEY_UNKNOWN),
        Some(livinglab_hub::import::CHECK_CHAIN) => (StatusCode::CONFLICT, codes::CHAIN),
        _ => (StatusCode::UNPROCESSABLE_ENTITY, codes::PACKAGE_INVALID),
    };
    let mut message = failed.map(|c| c.messages.clone()).unwrap_or(Messages { id: String::new(), en: String::new() });
    if code == codes::KEY_UNKNOWN {
        // The check's message is a clause; the advice after it is a sentence of its own.
        for text in [&mut message.id, &mut message.en] {
            if !text.is_empty() && !text.ends_with('.') {
                text.push('.');
            }
        }
        message.id.push_str(
            " Daftarkan kunci ini di Sumedang: cetak Surat Pendaftaran Kunci (Profil → Kunci penandatangan), \
             tandatangani, dan kirimkan ke Sumedang; setelah kunci didaftarkan, kirim paket ini lagi.",
        );
        message.en.push_str(
            " Register this key with Sumedang: print the key enrolment letter (Profile → Signing key), have it \
             signed and send it to Sumedang; once the key is registered, send this package again.",
        );
    }
    let body = Problem {
        code: code.into(),
        message,
        checks: summary
            .checks
            .iter()
            .map(|c| ProblemCheck {
                code: c.code.clone(),
                status: format!("{:?}", c.status).to_lowercase(),
                message: c.messages.clone(),
            })
            .collect(),
        missing: Vec::new(),
    };
    (status, Json(body)).into_response()
}

fn rate_limited(s: &Shared, region: &str) -> Option<Response> {
    s.rate.check_key(&region.to_string()).err().map(|_| {
        let mut r = problem(
            StatusCode::TOO_MANY_REQUESTS,
            codes::RATE_LIMITED,
            "Terlalu banyak permintaan dari daerah ini; coba lagi sebentar lagi.",
            "Too many requests from this region; try again shortly.",
        );
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        r
    })
}

/// Reads a kept offer: its manifest (verified when it was offered) and signature.
fn read_offer(dir: &Path) -> Option<(Manifest, Vec<u8>, Vec<u8>)> {
    let bytes = std::fs::read(dir.join(OFFER_MANIFEST)).ok()?;
    let signature = std::fs::read(dir.join(OFFER_SIGNATURE)).ok()?;
    let manifest = serde_json::from_slice(&bytes).ok()?;
    Some((manifest, bytes, signature))
}

fn staged(dir: &Path, sha: &str) -> PathBuf {
    dir.join(OFFER_FILES).join(sha)
}

fn incoming_bytes(incoming: &Path) -> u64 {
    let mut total = 0;
    let Ok(offers) = std::fs::read_dir(incoming) else { return 0 };
    for offer in offers.flatten() {
        if let Ok(files) = std::fs::read_dir(offer.path().join(OFFER_FILES)) {
            total += files.flatten().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum::<u64>();
        }
    }
    total
}

/// The files of the manifest that neither the hub nor the offer holds yet (each hash once).
fn missing_files(hub: &Hub, dir: &Path, m: &Manifest) -> Result<(Vec<Wanted>, usize)> {
    let mut seen = std::collections::BTreeSet::new();
    let (mut missing, mut present) = (Vec::new(), 0);
    for f in &m.files {
        if !seen.insert(f.sha256.clone()) {
            continue;
        }
        if hub.has_blob(&f.sha256)? || staged(dir, &f.sha256).is_file() {
            present += 1;
        } else {
            missing.push(Wanted { path: f.path.clone(), sha256: f.sha256.clone(), size: f.size });
        }
    }
    Ok((missing, present))
}

async fn offer(State(s): State<Arc<Shared>>, body: Body) -> Response {
    // Offers are read whole (a manifest of up to 8 MiB): a few at a time keeps memory bounded
    // however many regencies send at once.
    let shared = s.clone();
    let Ok(_permit) = shared.offers.acquire().await else { return internal(Error::new(ErrorCode::HubServeFailed)) };
    let bytes = match tokio::time::timeout(s.limits.idle * 4, axum::body::to_bytes(body, OFFER_BODY_LIMIT)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            return problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                codes::BAD_REQUEST,
                "Tawaran terlalu besar atau terputus.",
                "The offer is too large or was cut off.",
            )
        }
        Err(_) => {
            return problem(
                StatusCode::REQUEST_TIMEOUT,
                codes::SLOW,
                "Tawaran terlalu lambat.",
                "The offer was too slow.",
            )
        }
    };
    let Ok(offer) = serde_json::from_slice::<Offer>(&bytes) else {
        return problem(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            "Permintaan tidak terbaca.",
            "The request does not read.",
        );
    };
    drop(bytes);
    let b64 = base64::engine::general_purpose::STANDARD;
    let (Ok(manifest_bytes), Ok(signature)) = (b64.decode(&offer.manifest), b64.decode(&offer.signature)) else {
        return problem(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            "Manifest atau tanda tangan bukan base64.",
            "The manifest or signature is not base64.",
        );
    };
    blocking(move || offer_blocking(&s, manifest_bytes, signature)).await
}

fn offer_blocking(s: &Shared, manifest_bytes: Vec<u8>, signature: Vec<u8>) -> Response {
    let report = verify_signed_manifest(&manifest_bytes, &signature, Lang::Id);
    let (mut summary, manifest) = summarise("(network)".into(), &report, false, Lang::Id);
    let Some(m) = manifest else { return refusal(&summary) };
    if let Some(limited) = rate_limited(s, &m.region.code) {
        return limited;
    }
    let manifest_sha = report.manifest_sha256.clone().unwrap_or_default();
    let mut hub = s.hub.lock().expect("the hub lock is never poisoned");
    match hub.admit(&m, &manifest_sha, &mut summary, Lang::Id) {
        Err(e) => internal(e),
        Ok(Admission::Refused) => refusal(&summary),
        Ok(Admission::AlreadyReceived) => match hub.receipt(&m.package_id, &s.signer) {
            Ok(Some(r)) => receipt_response(StatusCode::ACCEPTED, r),
            Ok(None) => internal(Error::new(ErrorCode::PackageUnknown).with("id", &m.package_id)),
            Err(e) => internal(e),
        },
        Ok(Admission::New(_)) => {
            let dir = offer_dir(s, &m.package_id);
            let (missing, present) = match missing_files(&hub, &dir, &m) {
                Ok(v) => v,
                Err(e) => return internal(e),
            };
            drop(hub);
            let wanted: u64 = missing.iter().map(|w| w.size).sum();
            let kept = read_offer(&dir).map(|(_, bytes, _)| bytes == manifest_bytes).unwrap_or(false);
            if !kept && incoming_bytes(&s.incoming).saturating_add(wanted) > s.limits.incoming_bytes {
                return problem(
                    StatusCode::INSUFFICIENT_STORAGE,
                    codes::STORAGE_FULL,
                    "Ruang penerimaan hub sedang penuh; paket dikirim ulang nanti.",
                    "The hub's receiving space is full; the package is sent again later.",
                );
            }
            if !kept {
                // Another offer with this id (a different manifest) gives way to this one.
                let _ = std::fs::remove_dir_all(&dir);
                let written = std::fs::create_dir_all(dir.join(OFFER_FILES))
                    .and_then(|_| std::fs::write(dir.join(OFFER_SIGNATURE), &signature))
                    .and_then(|_| std::fs::write(dir.join(format!("{OFFER_MANIFEST}.part-0")), &manifest_bytes))
                    .and_then(|_| {
                        std::fs::rename(dir.join(format!("{OFFER_MANIFEST}.part-0")), dir.join(OFFER_MANIFEST))
                    });
                if let Err(e) = written {
                    return internal(Error::io("keep the offer", e));
                }
            }
            (StatusCode::OK, Json(OfferReply { package_id: m.package_id.clone(), missing, present })).into_response()
        }
    }
}

async fn upload(
    State(s): State<Arc<Shared>>,
    UrlPath((id, sha)): UrlPath<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let (Ok(hash), true) = (Sha256Hash::parse(&sha.to_ascii_lowercase()), valid_package_id(&id)) else {
        return problem(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            "Alamat berkas tidak sah.",
            "The file address is not valid.",
        );
    };
    let dir = offer_dir(&s, &id);
    let Some((m, _, _)) = read_offer(&dir) else {
        return problem(
            StatusCode::NOT_FOUND,
            codes::OFFER_UNKNOWN,
            "Paket ini belum ditawarkan (atau tawarannya kedaluwarsa); tawarkan lagi.",
            "This package was not offered (or its offer expired); offer it again.",
        );
    };
    let Some(entry) = m.files.iter().find(|f| f.sha256 == hash.as_str()).cloned() else {
        return problem(
            StatusCode::BAD_REQUEST,
            codes::FILE_NOT_LISTED,
            "Berkas itu tidak tercantum di manifest.",
            "That file is not in the manifest.",
        );
    };
    let target = staged(&dir, hash.as_str());
    if target.is_file() {
        return StatusCode::OK.into_response();
    }
    {
        let shared = s.clone();
        let sha = hash.as_str().to_string();
        if blocking(move || shared.hub.lock().expect("unpoisoned").has_blob(&sha).unwrap_or(false)).await {
            return StatusCode::OK.into_response();
        }
    }
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > entry.size) {
        return too_large(&entry);
    }
    let Ok(_permit) = s.uploads.acquire().await else { return internal(Error::new(ErrorCode::HubServeFailed)) };
    match receive_file(&s, body, &target, &entry).await {
        Ok(()) => StatusCode::CREATED.into_response(),
        Err(r) => r,
    }
}

fn too_large(entry: &FileEntry) -> Response {
    problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        codes::FILE_TOO_LARGE,
        format!("Berkas {} lebih besar dari {} bita yang tercantum.", entry.path, entry.size),
        format!("The file {} is larger than its listed {} bytes.", entry.path, entry.size),
    )
}

/// Streams one upload to a `.part` file beside its place, hashing it; moves it into place
/// only when its size and SHA-256 are the listed ones. Anything else removes the part.
async fn receive_file(s: &Shared, body: Body, target: &Path, entry: &FileEntry) -> std::result::Result<(), Response> {
    let part = target.with_file_name(format!("{}.part-{}", entry.sha256, uuid::Uuid::now_v7().simple()));
    let result = async {
        let mut out = tokio::fs::File::create(&part).await.map_err(|e| internal(Error::io("receive a file", e)))?;
        let mut stream = body.into_data_stream();
        let mut hasher = Sha256::new();
        let mut count = 0u64;
        loop {
            let next = tokio::time::timeout(s.limits.idle, stream.next()).await.map_err(|_| {
                problem(
                    StatusCode::REQUEST_TIMEOUT,
                    codes::SLOW,
                    "Pengiriman berhenti terlalu lama.",
                    "The upload stalled for too long.",
                )
            })?;
            let Some(chunk) = next else { break };
            let chunk = chunk.map_err(|_| {
                problem(StatusCode::BAD_REQUEST, codes::FILE_SHORT, "Pengiriman terputus.", "The upload was cut off.")
            })?;
            count += chunk.len() as u64;
            if count > entry.size {
                return Err(too_large(entry));
            }
            hasher.update(&chunk);
            out.write_all(&chunk).await.map_err(|e| internal(Error::io("receive a file", e)))?;
        }
        if count < entry.size {
            return Err(problem(
                StatusCode::BAD_REQUEST,
                codes::FILE_SHORT,
                format!("Berkas {} baru {count} dari {} bita.", entry.path, entry.size),
                format!("The file {} has {count} of {} bytes.", entry.path, entry.size),
            ));
        }
        if hex::encode(hasher.finalize()) != entry.sha256 {
            return Err(problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                codes::FILE_HASH,
                format!("Isi berkas {} tidak cocok dengan SHA-256-nya.", entry.path),
                format!("The content of {} does not match its SHA-256.", entry.path),
            ));
        }
        out.sync_all().await.map_err(|e| internal(Error::io("receive a file", e)))?;
        drop(out);
        tokio::fs::rename(&part, target).await.map_err(|e| internal(Error::io("receive a file", e)))?;
        Ok(())
    }
    .await;
    if result.is_err() {
        let _ = tokio::fs::remove_file(&part).await;
    }
    result
}

async fn submit(State(s): State<Arc<Shared>>, UrlPath(id): UrlPath<String>) -> Response {
    if !valid_package_id(&id) {
        return problem(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            "Id paket tidak sah.",
            "The package id is not valid.",
        );
    }
    blocking(move || submit_blocking(&s, &id)).await
}

fn submit_blocking(s: &Shared, id: &str) -> Response {
    let dir = offer_dir(s, id);
    let Some((m, _, signature)) = read_offer(&dir) else {
        return problem(
            StatusCode::NOT_FOUND,
            codes::OFFER_UNKNOWN,
            "Paket ini belum ditawarkan (atau tawarannya kedaluwarsa); tawarkan lagi.",
            "This package was not offered (or its offer expired); offer it again.",
        );
    };
    if let Some(limited) = rate_limited(s, &m.region.code) {
        return limited;
    }
    // Each file from the offer, or from the hub's store when it holds it already.
    let mut files = Vec::with_capacity(m.files.len());
    let mut missing = Vec::new();
    {
        let hub = s.hub.lock().expect("unpoisoned");
        for f in &m.files {
            let path = staged(&dir, &f.sha256);
            let source = if path.is_file() {
                Some(path)
            } else {
                match Sha256Hash::parse(&f.sha256) {
                    Ok(h) if hub.has_blob(&f.sha256).unwrap_or(false) => Some(hub.blob_path(&h)),
                    _ => None,
                }
            };
            match source {
                Some(path) => files.push(PackageFile { entry: f.clone(), source: Source::File(path) }),
                None => missing.push(Wanted { path: f.path.clone(), sha256: f.sha256.clone(), size: f.size }),
            }
        }
    }
    if !missing.is_empty() {
        let body = Problem {
            code: codes::FILES_MISSING.into(),
            message: Messages {
                id: format!("{} berkas belum dikirim.", missing.len()),
                en: format!("{} files have not been sent yet.", missing.len()),
            },
            checks: Vec::new(),
            missing,
        };
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    let name = livinglab_package::build::file_name(&m.region.code, m.period, m.seq, &m.package_id);
    let assembled = dir.join(format!("assembled-{}-{name}", uuid::Uuid::now_v7().simple()));
    let written = std::fs::File::create(&assembled)
        .map_err(|e| Error::io("put the package together", e))
        .and_then(|f| write_signed_package(std::io::BufWriter::new(f), &m, &signature, &files, &mut |_| {}))
        .and_then(|w| w.into_inner().map_err(|e| Error::io("put the package together", e.error())).map(|_| ()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&assembled);
        // A staged file that no longer matches its hash is removed so that it is sent again.
        if e.code == ErrorCode::EvidenceDamaged {
            let _ = std::fs::remove_dir_all(&dir);
        }
        return internal(e);
    }
    let named = dir.join(&name);
    let _ = std::fs::rename(&assembled, &named);
    let mut hub = s.hub.lock().expect("unpoisoned");
    let summary = hub.import(&named, false, Lang::Id);
    let _ = std::fs::remove_file(&named);
    let summary = match summary {
        Ok(summary) => summary,
        Err(e) => return internal(e),
    };
    let status = match summary.status {
        ImportStatus::Imported => StatusCode::CREATED,
        ImportStatus::AlreadyReceived => StatusCode::ACCEPTED,
        ImportStatus::Refused | ImportStatus::Held => {
            drop(hub);
            let _ = std::fs::remove_dir_all(&dir);
            return refusal(&summary);
        }
    };
    let receipt = hub.receipt(&m.package_id, &s.signer);
    drop(hub);
    let _ = std::fs::remove_dir_all(&dir);
    match receipt {
        Ok(Some(r)) => receipt_response(status, r),
        Ok(None) => internal(Error::new(ErrorCode::PackageUnknown).with("id", &m.package_id)),
        Err(e) => internal(e),
    }
}

/// The newest review of a package, signed by the hub; the package id (random, known to the
/// region that built it) is what asks for it.
async fn review(State(s): State<Arc<Shared>>, UrlPath(id): UrlPath<String>) -> Response {
    if !valid_package_id(&id) {
        return problem(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
            "Id paket tidak sah.",
            "The package id is not valid.",
        );
    }
    let found = blocking(move || s.hub.lock().expect("unpoisoned").latest_review(&id.to_ascii_lowercase())).await;
    match found {
        Ok(Some(r)) => Json(r).into_response(),
        Ok(None) => problem(
            StatusCode::NOT_FOUND,
            "review.none",
            "Paket ini belum ditinjau.",
            "This package has no review yet.",
        ),
        Err(e) => internal(e),
    }
}

fn lookup(s: &Shared, code: &str) -> Option<std::result::Result<Option<DocumentVerification>, Error>> {
    let code = VerificationCode::parse(code)?;
    Some(s.hub.lock().expect("unpoisoned").verify_document(&code))
}

async fn document_json(State(s): State<Arc<Shared>>, UrlPath(code): UrlPath<String>) -> Response {
    match blocking(move || lookup(&s, &code)).await {
        None => {
            problem(StatusCode::BAD_REQUEST, codes::BAD_REQUEST, "Bukan kode verifikasi.", "Not a verification code.")
        }
        Some(Err(e)) => internal(e),
        Some(Ok(None)) => problem(
            StatusCode::NOT_FOUND,
            "document.unknown",
            "Dokumen ini tidak tercatat di hub.",
            "This document is not on record at the hub.",
        ),
        Some(Ok(Some(d))) => Json(d).into_response(),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b2733}}\
         h1{{font-size:1.3rem}}table{{border-collapse:collapse;width:100%}}th,td{{text-align:left;padding:.4rem;border-bottom:1px solid #dde}}\
         th{{width:38%;color:#4a5a6a;font-weight:600}}code{{word-break:break-all}}.ok{{color:#16703a}}.no{{color:#a31d1d}}</style></head>\
         <body>{body}</body></html>",
        t = esc(title)
    )
}

fn kind_name(kind: &str) -> &str {
    match kind {
        "letter" => "Surat Komitmen",
        "report" => "Laporan Kemajuan",
        "enrolment" => "Surat Pendaftaran Kunci",
        other => other,
    }
}

async fn document_page(State(s): State<Arc<Shared>>, UrlPath(code): UrlPath<String>) -> Response {
    let hub_name = s.hello.name.clone();
    let found = blocking(move || lookup(&s, &code)).await;
    let (status, body) = match found {
        None => (
            StatusCode::BAD_REQUEST,
            "<h1>Kode verifikasi tidak terbaca</h1><p>Periksa kembali kode pada dokumen.</p>".to_string(),
        ),
        Some(Err(_)) => {
            (StatusCode::SERVICE_UNAVAILABLE, "<h1>Hub sedang sibuk</h1><p>Coba lagi sebentar lagi.</p>".to_string())
        }
        Some(Ok(None)) => (
            StatusCode::NOT_FOUND,
            "<h1 class=\"no\">Dokumen tidak tercatat</h1><p>Tidak ada paket laporan yang diterima hub ini yang memuat \
             dokumen dengan kode tersebut. Dokumen mungkin belum dilaporkan, atau bukan dokumen asli.</p>"
                .to_string(),
        ),
        Some(Ok(Some(d))) => {
            let region = livinglab_core::regions::Regions::get()
                .find(&d.region_code)
                .map(|r| r.name.clone())
                .unwrap_or_else(|| d.region_code.clone());
            let key = if d.key_registered { "terdaftar (dikonfirmasi)" } else { "belum dikonfirmasi" };
            let status = match d.status.as_str() {
                "tte" => "ditandatangani secara elektronik (TTE)",
                "signed" => "ditandatangani basah (pindaian dilampirkan)",
                _ => "diterbitkan",
            };
            (
                StatusCode::OK,
                format!(
                    "<h1 class=\"ok\">Dokumen tercatat di {hub}</h1><table>\
                     <tr><th>Nomor</th><td>{number}</td></tr><tr><th>Jenis</th><td>{kind}</td></tr>\
                     <tr><th>Daerah</th><td>{region}</td></tr><tr><th>Tanggal terbit</th><td>{date}</td></tr>\
                     <tr><th>Status</th><td>{status}</td></tr>\
                     <tr><th>SHA-256 data</th><td><code>{sha}</code></td></tr>\
                     <tr><th>Diterima hub</th><td>{received}</td></tr><tr><th>Kunci daerah</th><td>{key}</td></tr></table>\
                     <p>Cocokkan nomor dan tanggal dengan dokumen yang Anda pegang.</p>",
                    hub = esc(&hub_name),
                    number = esc(&d.number),
                    kind = esc(kind_name(&d.kind)),
                    region = esc(&region),
                    date = esc(d.issued_at.get(..10).unwrap_or(&d.issued_at)),
                    sha = esc(&d.data_sha256),
                    received = esc(d.received_at.get(..10).unwrap_or(&d.received_at)),
                ),
            )
        }
    };
    let mut r = (status, Html(page("Verifikasi dokumen", &body))).into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}
