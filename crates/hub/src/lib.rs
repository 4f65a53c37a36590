//! Sumedang's hub (Tauri-free): a folder of its own with `hub.sqlite` (its own migrations,
//! IMMEDIATE write transactions and hash-chained audit trail, through the store crate's
//! generic parts), `blobs/<2 hex>/<sha256>` (every file of every package, stored once by hash
//! across all regions) and `tmp/` (files of an import in progress).
//!
//! - [`Hub`] — [`Hub::init`], [`Hub::open`], the key registry ([`keys`]) and the packages.
//! - [`import`](mod@import) — [`Hub::import`]: verify fully (the package crate's checks, then
//!   the key and the chain of the region and period), and only then write: blobs to `tmp/`,
//!   renamed into place inside the one transaction that records the package.
//!
//! - [`contents`] — what a received package holds (indicators, documents, evidence, reviews)
//!   and its stored files, found by package and hash.
//! - [`dashboard`] — the roster and the view of a period across regions; [`heatmap`] — the
//!   regions × indicators of a period; [`trends`] — the median and each region's index over
//!   the periods; all of them over the regions a [`RegionFilter`] keeps. [`compare`](mod@compare)
//!   — what changed between two packages of one region.
//! - [`issuer`] — the hub as the issuer of its own documents (the recap report): its region,
//!   office profile and emblem, and the register of what it issued, each with its data hash.
//! - [`benchmark`] — the national results KemenPAN-RB published per year (the 2023 results from
//!   the hub's creation), each row's index recomputed and its name matched to a region code.
//!
//! Invariant: an import that is refused, already received or a dry run writes nothing at
//! all, so a hostile package leaves the hub's database and blob store byte-identical.

pub mod benchmark;
pub mod compare;
pub mod contents;
pub mod dashboard;
pub mod documents;
pub mod filter;
pub mod heatmap;
pub mod hub;
pub mod import;
pub mod issuer;
pub mod keys;
pub mod receipt;
pub mod review;
pub mod trends;

pub use benchmark::{Benchmark, BenchmarkImport, BenchmarkRow, ManualMatch, RegionPlace};
pub use compare::PackageComparison;
pub use contents::{PackageDetail, PackageFile};
pub use dashboard::{Dashboard, RegionRow};
pub use filter::RegionFilter;
pub use heatmap::{CellState, FrameworkRef, HeatCell, HeatColumn, HeatMap, HeatRow};
pub use hub::{Hub, HubInfo, PackageRow};
pub use import::{Counts, ImportStatus, ImportSummary};
pub use issuer::{HubDocument, HubProfile};
pub use keys::{KeyStatus, RegionKey};
pub use receipt::{Receipt, SignedReceipt};
pub use review::{NoteAnswer, Review, ReviewResponse, ReviewRow, SignedReview};
pub use trends::{TrendPeriod, TrendPoint, TrendRegion, Trends};
