//! What each command does: call the library, print text or JSON. No logic the library could hold.

mod actions;
mod analytics;
mod assess;
mod documents;
mod evidence;
mod followup;
mod hub;
mod identity;
mod package;
mod pemdi;
mod practices;
mod reviews;
mod transport;
mod workspace;

use std::path::{Path, PathBuf};

use livinglab_core::{Error, ErrorCode, Result};
use livinglab_store::Workspace;
use serde::Serialize;

use crate::args::*;

pub fn run(cli: Cli) -> Result<()> {
    let dir = cli.workspace;
    let hub_dir = cli.hub;
    let lang = crate::say::lang();
    let today = match &cli.today {
        Some(d) => livinglab_core::format::parse_date(d)?,
        None => local_today(),
    };
    // Documents are Indonesian unless English is asked for.
    let doc_lang = cli.lang.as_deref().and_then(livinglab_core::Lang::parse).unwrap_or_default();
    match cli.command {
        Command::Regions(RegionsCommand::Search { text, json, limit }) => workspace::regions_search(&text, json, limit),
        Command::Init { region } => workspace::init(&require_dir(&dir)?, &region),
        Command::Sample => {
            let ws = livinglab_documents::sample::create(&require_dir(&dir)?, today)?;
            println!("{}", ws.info().id);
            Ok(())
        }
        Command::Workspace(WorkspaceCommand::Show { json }) => workspace::workspace_show(&open(&dir)?, json),
        Command::Profile(ProfileCommand::Set(set)) => workspace::profile_set(&mut open(&dir)?, set),
        Command::Frameworks(c) => assess::frameworks(dir.as_deref(), c),
        Command::Period(c) => assess::period(&mut open(&dir)?, c),
        Command::Assess(c) => assess::assess(&mut open(&dir)?, c, lang),
        Command::Score(args) => assess::score(dir.as_deref(), args),
        Command::Simulate(args) => assess::simulate(&open(&dir)?, args),
        Command::Evidence(c) => evidence::evidence(&mut open(&dir)?, c),
        Command::Butir(c) => pemdi::butir(&mut open(&dir)?, c),
        Command::External(c) => pemdi::external(&mut open(&dir)?, c),
        Command::Audit(AuditCommand::Verify { json }) => evidence::audit_verify(&open(&dir)?, json),
        Command::Export(ExportCommand::Xlsx { period, out }) => evidence::export_xlsx(&open(&dir)?, period, &out),
        Command::Letter(args) => documents::letter(&mut open(&dir)?, args, doc_lang, today),
        Command::Report(args) => documents::report(&mut open(&dir)?, args, doc_lang, today),
        Command::Cover(args) => documents::cover(&mut open(&dir)?, args, doc_lang, today),
        Command::Documents(c) => documents::documents(&mut open(&dir)?, c),
        Command::Action(c) => actions::action(&mut open(&dir)?, c, today),
        Command::Dashboard { period, json } => followup::dashboard(&open(&dir)?, period, json, doc_lang, today),
        Command::Followup { period, json } => followup::followup(&open(&dir)?, period, json, today),
        Command::Practices(c) => practices::practices(&mut open(&dir)?, c),
        Command::Identity(c) => identity::identity(&mut open(&dir)?, c, doc_lang, today),
        Command::Trust(c) => identity::trust(&mut open(&dir)?, c),
        Command::Package(PackageCommand::Verify { file, json }) => package::verify(&file, json, lang),
        Command::Package(PackageCommand::Send { id, url, network, json }) => {
            transport::send(&mut open(&dir)?, &id, url.as_deref(), &network, json, lang)
        }
        Command::Package(c) => package::package(&mut open(&dir)?, c, today, lang),
        Command::Hub(HubCommand::Identity { json }) => transport::hub_identity(hub_dir.as_deref(), json),
        Command::Hub(c @ (HubCommand::Review(_) | HubCommand::Reviews { .. } | HubCommand::Unlock { .. })) => {
            reviews::hub(hub_dir.as_deref(), c)
        }
        Command::Review(c) => reviews::workspace(&mut open(&dir)?, c),
        Command::Hub(c @ HubCommand::Serve { .. }) => transport::serve(hub_dir.as_deref(), c),
        Command::Hub(HubCommand::Report { period, filter, out, preview }) => {
            hub::report(hub_dir.as_deref(), period, &analytics::filter(&filter)?, &out, preview, doc_lang, today)
        }
        Command::Hub(c) => hub::hub(hub_dir.as_deref(), c, lang),
        Command::HubLink(c) => transport::hub_link(&mut open(&dir)?, c, lang),
        Command::Outbox(c) => transport::outbox(&mut open(&dir)?, c, lang),
    }
}

fn require_dir(dir: &Option<PathBuf>) -> Result<PathBuf> {
    dir.clone().ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", "--workspace"))
}

fn open(dir: &Option<PathBuf>) -> Result<Workspace> {
    Workspace::open(&require_dir(dir)?)
}

fn open_path(dir: Option<&Path>) -> Result<Workspace> {
    Workspace::open(dir.ok_or_else(|| Error::new(ErrorCode::RequiredMissing).with("field", "--workspace"))?)
}

fn print_json(value: &impl Serialize) {
    println!("{}", serde_json::to_string_pretty(value).expect("output serializes"));
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(format!("read {}", path.display()), e))
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(format!("read {}", path.display()), e))
}

/// Today on this computer's clock and time zone (UTC when the zone cannot be read).
fn local_today() -> time::Date {
    time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc()).date()
}

/// What a review note is about: the whole package, or one indicator.
fn note_subject(indicator: &str) -> String {
    if indicator.is_empty() {
        crate::say::say!("note.general")
    } else {
        crate::say::say!("note.indicator", indicator = indicator)
    }
}
