//! The outbox sender of the running app: runs the open workspace's outbox (one run at a time
//! in this app; the store's claim keeps other programs apart) and tells the webview how far
//! an upload is and when entries changed.
//!
//! A background thread runs the outbox whenever an entry is due: it sleeps until the next
//! entry's time (`outbox_next_due`), at most [`CHECK_EVERY`], and is woken early when a
//! workspace opens or closes and when the webview reports that the network is back. A run
//! works on its own connection to the workspace file, so a long upload never holds the
//! workspace the commands use; it takes the workspace open when it starts, and finishes the
//! entries it claimed even if the user switches workspaces meanwhile.

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use livinglab_core::Result;
use livinglab_hub::Review;
use livinglab_store::outbox::OutboxEntry;
use livinglab_store::Workspace;
use livinglab_transport::client::{ClientOptions, SendProgress};
use livinglab_transport::outbox::{run, OutboxProgressFn, RunOptions};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::state::{lock, AppState};

/// The longest the background thread sleeps between two looks at the outbox.
pub const CHECK_EVERY: Duration = Duration::from_secs(3 * 60);
/// The shortest: a due entry another program holds must not make the thread spin.
const MIN_WAIT: Duration = Duration::from_secs(2);
/// After a run that could not even start (the workspace busy or gone).
const AFTER_ERROR: Duration = Duration::from_secs(60);
/// How often the background thread asks the hub for the reviews of sent packages (and
/// right after a package went through).
const REVIEWS_EVERY: Duration = Duration::from_secs(15 * 60);

/// What the webview hears about the outbox.
#[derive(Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OutboxEvent {
    /// How far the upload of one package is.
    Progress { package_id: String, done_bytes: u64, total_bytes: u64, done_files: usize, total_files: usize },
    /// Entries changed state: read the outbox again.
    Changed,
    /// Reviews from Sumedang arrived (fetched by the background thread or on request).
    Reviews { count: usize },
}

#[derive(Default)]
struct Wake {
    pending: bool,
    /// Send every waiting entry, back-off or not (the network is back).
    now_all: bool,
}

#[derive(Default)]
pub struct OutboxSender {
    /// Held for the whole of a run.
    running: Mutex<()>,
    wake: Mutex<Wake>,
    woken: Condvar,
    /// Where events go; shared with a run's progress reporter, so that a page reloaded during
    /// an upload hears the rest of it.
    events: Arc<Mutex<Option<Channel<OutboxEvent>>>>,
    /// When the reviews were last fetched from the hub.
    reviews_fetched: Mutex<Option<Instant>>,
}

impl OutboxSender {
    /// Where the outbox's events go from now on (the webview subscribes once per page load).
    pub fn watch(&self, events: Channel<OutboxEvent>) {
        *lock(&self.events) = Some(events);
    }

    pub fn emit(&self, event: OutboxEvent) {
        if let Some(channel) = lock(&self.events).as_ref() {
            // A webview that reloaded has a new channel coming; the old one may be gone.
            let _ = channel.send(event);
        }
    }

    /// Lets the background thread look at the outbox now (`now_all`: and send everything
    /// waiting, back-off or not).
    pub fn wake(&self, now_all: bool) {
        let mut wake = lock(&self.wake);
        wake.pending = true;
        wake.now_all |= now_all;
        self.woken.notify_all();
    }

    /// Runs the outbox of the workspace open now; waits while another run of this app sends.
    pub fn run(&self, state: &AppState, now_all: bool) -> Result<Vec<OutboxEntry>> {
        let _one_at_a_time = lock(&self.running);
        let Some(dir) = state.workspace_dir() else { return Ok(Vec::new()) };
        let mut ws = Workspace::open(&dir)?;
        let options = RunOptions { now_all, client: ClientOptions::default() };
        let tried = run(&mut ws, &options, self.progress_reporter());
        if tried.as_ref().map_or(true, |t| !t.is_empty()) {
            self.emit(OutboxEvent::Changed);
        }
        tried
    }

    /// Fetches the reviews of the open workspace's sent packages from its hub, on a connection
    /// of its own (a slow network never holds the workspace the commands use).
    pub fn fetch_reviews(&self, state: &AppState) -> Result<Vec<Review>> {
        let Some(dir) = state.workspace_dir() else { return Ok(Vec::new()) };
        let mut ws = Workspace::open(&dir)?;
        if ws.hub_link()?.url.is_empty() {
            return Ok(Vec::new());
        }
        *lock(&self.reviews_fetched) = Some(Instant::now());
        let new = livinglab_transport::reviews::fetch(&mut ws, &ClientOptions::default())?;
        if !new.is_empty() {
            self.emit(OutboxEvent::Reviews { count: new.len() });
        }
        Ok(new)
    }

    /// Whether the background thread should fetch reviews now.
    fn reviews_due(&self, just_sent: bool) -> bool {
        just_sent || lock(&self.reviews_fetched).is_none_or(|at| at.elapsed() >= REVIEWS_EVERY)
    }

    /// The run's progress as events: at most one per percent per package, so a large upload
    /// does not flood the webview.
    fn progress_reporter(&self) -> OutboxProgressFn {
        let events = self.events.clone();
        let last = Mutex::new(None::<(String, u64, usize)>);
        Arc::new(move |package_id: &str, p: SendProgress| {
            let percent = (p.done_bytes * 100).checked_div(p.total_bytes).unwrap_or(100);
            let now = (package_id.to_string(), percent, p.done_files);
            let mut last = lock(&last);
            if last.as_ref() == Some(&now) {
                return;
            }
            *last = Some(now);
            if let Some(channel) = lock(&events).as_ref() {
                let _ = channel.send(OutboxEvent::Progress {
                    package_id: package_id.to_string(),
                    done_bytes: p.done_bytes,
                    total_bytes: p.total_bytes,
                    done_files: p.done_files,
                    total_files: p.total_files,
                });
            }
        })
    }

    /// Sleeps for `wait` or until woken; returns whether the waker asked to send everything now.
    fn sleep(&self, wait: Duration) -> bool {
        let wake = lock(&self.wake);
        let (mut wake, _) =
            self.woken.wait_timeout_while(wake, wait, |w| !w.pending).unwrap_or_else(|poisoned| poisoned.into_inner());
        std::mem::take(&mut *wake).now_all
    }
}

/// How long until the open workspace's next entry is due, within [MIN_WAIT, CHECK_EVERY].
fn next_wait(dir: Option<&Path>) -> Result<Duration> {
    let Some(dir) = dir else { return Ok(CHECK_EVERY) };
    let Some(due) = Workspace::open(dir)?.outbox_next_due()? else { return Ok(CHECK_EVERY) };
    // An entry waiting with no time of its own (just queued) is due now.
    let wait = match OffsetDateTime::parse(&due, &Rfc3339) {
        Ok(at) => Duration::try_from(at - OffsetDateTime::now_utc()).unwrap_or(Duration::ZERO),
        Err(_) => Duration::ZERO,
    };
    Ok(wait.clamp(MIN_WAIT, CHECK_EVERY))
}

/// Starts the background thread; it lives as long as the app.
pub fn start(app: AppHandle) {
    std::thread::Builder::new()
        .name("outbox".into())
        .spawn(move || {
            let state = app.state::<AppState>();
            let mut now_all = false;
            loop {
                let tried = state.sender.run(&state, now_all);
                let just_sent = tried
                    .as_ref()
                    .is_ok_and(|t| t.iter().any(|e| e.state == livinglab_store::outbox::OutboxState::Sent));
                if state.sender.reviews_due(just_sent) {
                    // Offline or a hub without the reviews route: the next look is in REVIEWS_EVERY.
                    if let Err(e) = state.sender.fetch_reviews(&state) {
                        eprintln!("Living Lab reviews: {e}");
                    }
                }
                let wait = tried.and_then(|_| next_wait(state.workspace_dir().as_deref())).unwrap_or_else(|e| {
                    eprintln!("Living Lab outbox: {e}");
                    AFTER_ERROR
                });
                now_all = state.sender.sleep(wait);
            }
        })
        .expect("start the outbox thread");
}
