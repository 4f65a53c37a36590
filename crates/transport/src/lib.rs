//! Report packages over the network (docs/HUB-PROTOCOL.md), Tauri-free.
//!
//! - [`protocol`] — the paths and JSON of protocol version 1.
//! - [`receiver`] — the hub's receiver: headless, HTTP or its own TLS, bounded, graceful on
//!   SIGTERM. It imports through `livinglab-hub`'s one import code.
//! - [`client`] — the regency's side: HTTPS (plain HTTP only to loopback) with the OS trust
//!   store and the system proxy, a hello that tells a hub from a captive portal, uploads of
//!   only what the hub lacks, and receipts verified under the pinned hub key.
//! - [`outbox`] — runs the workspace's persistent outbox through the client.
//!
//! Invariant: a package counts as sent only with a receipt that verifies under the hub key
//! the workspace pinned and names the package's id and manifest hash.

pub mod client;
pub mod outbox;
pub mod protocol;
pub mod receiver;
pub mod reviews;
