//! Regions, the workspace and its profile.

use std::path::Path;

use livinglab_core::regions::Regions;
use livinglab_core::{Error, Result};
use livinglab_store::Workspace;
use serde_json::json;

use super::print_json;
use crate::args::ProfileSet;
use crate::say::say;

pub fn regions_search(text: &str, as_json: bool, limit: Option<usize>) -> Result<()> {
    let hits = Regions::get().search(text);
    let hits = &hits[..limit.unwrap_or(hits.len()).min(hits.len())];
    if as_json {
        let rows: Vec<_> = hits
            .iter()
            .map(|r| json!({"code": r.code, "name": r.name, "kind": r.kind, "province": r.province}))
            .collect();
        print_json(&rows);
    } else {
        for r in hits {
            println!("{:<6} {:<40} {}", r.code, r.name, r.province);
        }
    }
    Ok(())
}

pub fn init(dir: &Path, region: &str) -> Result<()> {
    let ws = Workspace::init(dir, region)?;
    let info = ws.info();
    println!("{}", info.id);
    eprintln!("{}", say!("workspace.created", region = info.region.name, path = info.path.display()));
    Ok(())
}

pub fn workspace_show(ws: &Workspace, as_json: bool) -> Result<()> {
    let info = ws.info();
    let profile = ws.profile()?;
    let emblem = ws.emblem_info()?;
    let national_emblem = ws.national_emblem_info()?;
    if as_json {
        print_json(&json!({
            "id": info.id,
            "path": info.path,
            "region": info.region,
            "is_sample": info.is_sample,
            "created_at": info.created_at,
            "created_by": info.created_by,
            "schema_version": info.schema_version,
            "profile": profile,
            "emblem": emblem,
            "national_emblem": national_emblem,
        }));
    } else {
        println!("{} ({}), {}", info.region.name, info.region.code, info.region.province);
        let yes_no = |b: bool| if b { say!("workspace.present") } else { say!("workspace.absent") };
        let rows = [
            (say!("workspace.id"), info.id.to_string()),
            (say!("workspace.folder"), info.path.display().to_string()),
            (say!("workspace.office"), profile.office_name.clone()),
            (say!("workspace.head"), format!("{} {}", profile.head.title, profile.head.name)),
            (say!("workspace.sekda"), profile.sekda.name.clone()),
            (say!("workspace.emblem"), yes_no(emblem.is_some())),
            (say!("workspace.garuda"), yes_no(national_emblem.is_some())),
        ];
        let width = rows.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0) + 2;
        for (label, value) in rows {
            println!("{label:<width$}{value}");
        }
    }
    Ok(())
}

pub fn profile_set(ws: &mut Workspace, set: ProfileSet) -> Result<()> {
    // Read the emblem first so that a bad file refuses the whole command before any change.
    let emblem = read_emblem(&set)?;
    let national_emblem = read_image(set.national_emblem.as_ref())?;
    let mut p = ws.profile()?;
    apply_profile(&set, &mut p);
    // Validate before storing anything, so that a bad field keeps the emblem unchanged too.
    let p = p.validated()?;
    ws.save_profile(p)?;
    if let Some(bytes) = emblem {
        ws.set_emblem(&bytes)?;
    }
    if let Some(bytes) = national_emblem {
        ws.set_national_emblem(&bytes)?;
    }
    Ok(())
}

/// The emblem file `--emblem` names, checked (PNG or JPEG, at most 2 MB).
pub(super) fn read_emblem(set: &ProfileSet) -> Result<Option<Vec<u8>>> {
    read_image(set.emblem.as_ref())
}

fn read_image(path: Option<&std::path::PathBuf>) -> Result<Option<Vec<u8>>> {
    match path {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(format!("read {}", path.display()), e))?;
            livinglab_core::profile::emblem_mime(&bytes)?;
            Ok(Some(bytes))
        }
        None => Ok(None),
    }
}

/// Writes the given fields into `p`; the others stay.
pub(super) fn apply_profile(set: &ProfileSet, p: &mut livinglab_core::profile::Profile) {
    let fields: Vec<(&Option<String>, &mut String)> = vec![
        (&set.office, &mut p.office_name),
        (&set.address, &mut p.address),
        (&set.postal_code, &mut p.postal_code),
        (&set.phone, &mut p.phone),
        (&set.email, &mut p.email),
        (&set.website, &mut p.website),
        (&set.place, &mut p.place),
        (&set.head_name, &mut p.head.name),
        (&set.head_title, &mut p.head.title),
        (&set.head_nip, &mut p.head.nip),
        (&set.sekda_name, &mut p.sekda.name),
        (&set.sekda_nip, &mut p.sekda.nip),
        (&set.sekda_rank, &mut p.sekda.rank),
        (&set.office_head_name, &mut p.office_head.name),
        (&set.office_head_nip, &mut p.office_head.nip),
        (&set.office_head_title, &mut p.office_head.title),
        (&set.office_head_rank, &mut p.office_head.rank),
        (&set.user, &mut p.user_name),
    ];
    for (given, field) in fields {
        if let Some(value) = given {
            *field = value.clone();
        }
    }
}
