//! Sumedang's hub in the app: opening or creating the hub folder, registering a region's key
//! from its enrolment letter, importing package files, and what the hub holds.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use base64::Engine;
use livinglab_core::regions::Regions;
use livinglab_core::{Error, Result};
use livinglab_hub::keys::{key_from_letter, parse_public_key};
use livinglab_hub::{Hub, HubInfo, ImportSummary, PackageRow, RegionKey};
use serde::Serialize;
use tauri::ipc::Request;
use tauri::AppHandle;

use super::signing::{blocking, header_text, raw_body};

/// Opens the hub in `dir` (the default hub folder when none is given), or creates one there
/// when the folder is empty or absent. Closes the open workspace: the window shows one or the other.
#[tauri::command]
pub async fn open_hub(app: AppHandle, dir: Option<String>, name: String) -> Result<HubInfo> {
    blocking(&app, move |state| {
        let dir = dir.map(PathBuf::from).unwrap_or_else(|| state.default_hub_dir());
        let hub =
            if dir.join(livinglab_hub::hub::DB_FILE).is_file() { Hub::open(&dir)? } else { Hub::init(&dir, &name)? };
        let info = hub.info().clone();
        state.set_hub(hub);
        Ok(info)
    })
    .await
}

#[derive(Serialize)]
pub struct HubView {
    pub info: HubInfo,
    pub keys: Vec<RegionKey>,
    pub packages: Vec<PackageRow>,
    /// Each package's index as the user's language writes it ("3,52"), by package id.
    pub index_display: BTreeMap<String, String>,
    /// The name of every region the keys and packages name, by code.
    pub regions: BTreeMap<String, String>,
}

#[tauri::command]
pub async fn hub_view(app: AppHandle) -> Result<HubView> {
    blocking(&app, |state| {
        let lang = state.language();
        state.with_hub(|hub| {
            let (keys, packages) = (hub.keys()?, hub.packages(None, None)?);
            let index_display = packages
                .iter()
                .filter_map(|p| {
                    let index = p.index.parse::<rust_decimal::Decimal>().ok()?;
                    Some((p.package_id.clone(), livinglab_core::format::index(index, lang)))
                })
                .collect();
            let codes = keys.iter().map(|k| &k.region).chain(packages.iter().map(|p| &p.region));
            let regions = codes
                .filter_map(|code| Regions::get().require(code).ok())
                .map(|r| (r.code.clone(), r.name.clone()))
                .collect();
            Ok(HubView { info: hub.info().clone(), keys, packages, index_display, regions })
        })
    })
    .await
}

/// The key an enrolment letter carries, for the coordinator to compare with the printed
/// fingerprint before registering it.
#[derive(Serialize)]
pub struct LetterKey {
    pub region: Option<String>,
    pub region_name: Option<String>,
    pub fingerprint: String,
    /// The key itself (SPKI DER, base64), handed back to `add_region_key`.
    pub public_key: String,
}

/// Reads the key from an enrolment letter (PDF, sent as the raw body); records nothing.
#[tauri::command]
pub async fn read_enrolment_letter(app: AppHandle, request: Request<'_>) -> Result<LetterKey> {
    let pdf = raw_body(&request)?.to_vec();
    blocking(&app, move |_| {
        let (region, der) = key_from_letter(&pdf)?;
        let region_name = region.as_deref().and_then(|code| Regions::get().require(code).ok()).map(|r| r.name.clone());
        Ok(LetterKey {
            region,
            region_name,
            fingerprint: livinglab_sign::fingerprint_of(&der),
            public_key: base64::engine::general_purpose::STANDARD.encode(&der),
        })
    })
    .await
}

/// Registers a region's key read from its letter, with the fingerprint the coordinator confirmed.
#[tauri::command]
pub async fn add_region_key(app: AppHandle, region: String, public_key: String, confirm: String) -> Result<RegionKey> {
    blocking(&app, move |state| {
        let (named, der) = parse_public_key(&public_key)?;
        state.with_hub(|hub| hub.add_key(&region, named.as_deref(), &der, Some(&confirm), "letter"))
    })
    .await
}

/// Imports (or with the `x-dry-run` header only checks) one package file sent as the raw body.
#[tauri::command]
pub async fn import_package(app: AppHandle, request: Request<'_>) -> Result<ImportSummary> {
    let name = header_text(&request, "x-name").unwrap_or_default();
    let dry_run = header_text(&request, "x-dry-run").as_deref() == Some("true");
    let data = raw_body(&request)?.to_vec();
    blocking(&app, move |state| {
        // The hub imports from a file; the upload lands in a temporary one outside the hub folder.
        let mut file = tempfile::Builder::new()
            .suffix(".llpkg")
            .tempfile()
            .map_err(|e| Error::io("write the package to a temporary file", e))?;
        file.write_all(&data).map_err(|e| Error::io("write the package to a temporary file", e))?;
        let lang = state.language();
        let mut summary = state.with_hub(|hub| hub.import(file.path(), dry_run, lang))?;
        summary.file = name;
        Ok(summary)
    })
    .await
}
