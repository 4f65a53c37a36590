//! The command line as the CLI contract in docs/CLI.md fixes it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "livinglab", version, about = "Living Lab: self-assessment and follow-up of digital government (SPBE/Pemdi)")]
pub struct Cli {
    /// The workspace folder (also LIVINGLAB_WORKSPACE).
    #[arg(long, global = true, env = "LIVINGLAB_WORKSPACE", value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// Language of messages: id or en (default: from LANG).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// The official list of kabupaten/kota (Kemendagri codes).
    #[command(subcommand)]
    Regions(RegionsCommand),
    /// Create a workspace for a region in an empty or new folder.
    Init {
        /// Kemendagri code, e.g. 32.11 for Kabupaten Sumedang.
        #[arg(long, value_name = "CODE")]
        region: String,
    },
    /// The workspace itself.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// The office profile: letterhead and officials.
    #[command(subcommand)]
    Profile(ProfileCommand),
}

#[derive(Subcommand, Debug)]
pub enum RegionsCommand {
    /// Search by name, province or code; every word must match.
    Search {
        text: String,
        #[arg(long)]
        json: bool,
        /// Show at most this many (all when omitted).
        #[arg(long)]
        limit: Option<usize>,
    },
}

#[derive(Subcommand, Debug)]
pub enum WorkspaceCommand {
    /// The workspace's identity, region and profile.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// Change fields of the profile; fields not given stay as they are.
    Set(ProfileSet),
}

#[derive(Args, Debug, Default)]
pub struct ProfileSet {
    /// Name of the office, e.g. "Dinas Komunikasi dan Informatika".
    #[arg(long)]
    pub office: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub postal_code: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub website: Option<String>,
    /// The place in letters' date line, e.g. "Sumedang".
    #[arg(long)]
    pub place: Option<String>,
    /// The regional emblem for the letterhead: a PNG or JPEG file.
    #[arg(long, value_name = "FILE")]
    pub emblem: Option<PathBuf>,
    #[arg(long)]
    pub head_name: Option<String>,
    /// Bupati, Wali Kota, or Pj./Plt. of either.
    #[arg(long)]
    pub head_title: Option<String>,
    /// Only where the head of region is a civil servant (e.g. a Pj. Bupati).
    #[arg(long, value_name = "NIP")]
    pub head_nip: Option<String>,
    #[arg(long)]
    pub sekda_name: Option<String>,
    #[arg(long, value_name = "NIP")]
    pub sekda_nip: Option<String>,
    /// Pangkat/golongan, e.g. "Pembina Utama Madya (IV/d)".
    #[arg(long)]
    pub sekda_rank: Option<String>,
    #[arg(long)]
    pub office_head_name: Option<String>,
    #[arg(long, value_name = "NIP")]
    pub office_head_nip: Option<String>,
    /// Jabatan of the head of the office, e.g. "Kepala Dinas Komunikasi dan Informatika".
    #[arg(long)]
    pub office_head_title: Option<String>,
    #[arg(long)]
    pub office_head_rank: Option<String>,
    /// The local user name the audit trail records.
    #[arg(long)]
    pub user: Option<String>,
}
