//! The command line as the CLI contract in docs/CLI.md fixes it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "livinglab",
    version,
    about = "Living Lab: self-assessment and follow-up of digital government (SPBE/Pemdi)"
)]
pub struct Cli {
    /// The workspace folder (also LIVINGLAB_WORKSPACE).
    #[arg(long, global = true, env = "LIVINGLAB_WORKSPACE", value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// Sumedang's hub folder (also LIVINGLAB_HUB), for the `hub` commands.
    #[arg(long, global = true, env = "LIVINGLAB_HUB", value_name = "DIR")]
    pub hub: Option<PathBuf>,

    /// Language of messages and documents: id or en (default: from LANG for messages,
    /// Indonesian for documents).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    /// The date to work with, YYYY-MM-DD (default: today on this computer); decides which
    /// actions are overdue and the date of documents.
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)] // parsed once per run
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
    /// Create the example workspace "Kabupaten Contoh" (fictional data) in an empty or new folder.
    Sample,
    /// The workspace itself.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// The office profile: letterhead and officials.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Evaluation frameworks (SPBE 2020, Pemdi 2026, imported ones).
    #[command(subcommand)]
    Frameworks(FrameworksCommand),
    /// The workspace's signing identity on this computer (its key is in the OS keychain, or in
    /// the file LIVINGLAB_KEYSTORE=file:PATH names).
    #[command(subcommand)]
    Identity(IdentityCommand),
    /// Root certificates signed PDFs are verified against.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Signed report packages for Sumedang: build, list, verify.
    #[command(subcommand)]
    Package(PackageCommand),
    /// Sumedang's hub (with --hub DIR): keys of the regions, import of packages, the receiver.
    #[command(subcommand)]
    Hub(HubCommand),
    /// Where packages are sent over the network: the hub's address, its key, a proxy.
    #[command(subcommand)]
    HubLink(HubLinkCommand),
    /// Packages on their way to the hub: their state, and sending what is due.
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Sumedang's reviews of the packages: take one in, fetch them, list them.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Assessment periods (a year with a framework).
    #[command(subcommand)]
    Period(PeriodCommand),
    /// The answer per indicator: level, target, penjelasan, owner, review status.
    #[command(subcommand)]
    Assess(AssessCommand),
    /// The index of a period, or of published group values (--framework with --domains).
    Score(ScoreArgs),
    /// What raises the index most, and the fewest level raises that reach a target.
    Simulate(SimulateArgs),
    /// Evidence (data dukung): files and links per indicator.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// The evidence items (butir) of each level (Pemdi 2026): complete, evidence, review.
    #[command(subcommand)]
    Butir(ButirCommand),
    /// Other agencies' published indices that feed indicators (Pemdi 2026).
    #[command(subcommand)]
    External(ExternalCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Exports of a period.
    #[command(subcommand)]
    Export(ExportCommand),
    /// The commitment letter as a PDF (Surat Pernyataan Komitmen; joint with --joint).
    Letter(LetterArgs),
    /// The progress report of a period as a PDF (Laporan Kemajuan).
    Report(ReportArgs),
    /// The cover letter (Surat Pengantar) that sends a period's report and package to Sumedang.
    Cover(CoverArgs),
    /// Documents issued from the workspace.
    #[command(subcommand)]
    Documents(DocumentsCommand),
    /// Follow-up actions (tindak lanjut).
    #[command(subcommand)]
    Action(ActionCommand),
    /// The dashboard of a period as the app shows it: index, groups against targets, gaps,
    /// leverage, the plan to the next goal, trend, follow-up and the charts (SVG).
    Dashboard {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        json: bool,
    },
    /// The follow-up figures of a period: rate, done, on schedule, overdue, expected index.
    Followup {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        json: bool,
    },
    /// The catalogue of replicable practices.
    #[command(subcommand)]
    Practices(PracticesCommand),
}

#[derive(Args, Debug)]
pub struct LetterArgs {
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// A joint letter (komitmen bersama): a CSV of signatories "region,name".
    #[arg(long, value_name = "FILE.csv")]
    pub joint: Option<PathBuf>,
    /// Use this draft (JSON, as printed by --print-draft) instead of the suggested one.
    #[arg(long, value_name = "FILE.json")]
    pub draft: Option<PathBuf>,
    /// Print the suggested draft as JSON and stop.
    #[arg(long)]
    pub print_draft: bool,
    /// Write a preview: no number is taken and nothing is recorded.
    #[arg(long)]
    pub preview: bool,
}

#[derive(Args, Debug)]
pub struct CoverArgs {
    #[arg(long)]
    pub period: i32,
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// Use this draft (JSON, as printed by --print-draft) instead of the suggested one.
    #[arg(long, value_name = "FILE.json")]
    pub draft: Option<PathBuf>,
    /// Print the suggested draft as JSON and stop.
    #[arg(long)]
    pub print_draft: bool,
    /// Write a preview: no number is taken and nothing is recorded.
    #[arg(long)]
    pub preview: bool,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[arg(long)]
    pub period: i32,
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// Write a preview: nothing is recorded.
    #[arg(long)]
    pub preview: bool,
}

#[derive(Subcommand, Debug)]
pub enum DocumentsCommand {
    /// Every document issued, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Whether a QR code's text (or a document id or data hash) matches a document of this workspace.
    Check { text: String },
    /// Attach the signed paper's scan, or the TTE-signed PDF (verified first; refused with exit 2
    /// when it does not verify), to a document; its status becomes signed or tte.
    AttachSigned {
        id: String,
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Verify a signed PDF offline: the workspace's seals, TTE signatures against the trust
    /// anchors, and the issued document it was made from. Exit 2 when it does not verify.
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write the stored PDF of an issued document to a file.
    Pdf {
        id: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Letter settings: number pattern, classification code, unit code, typeface, letterhead.
    LetterSettings {
        #[arg(long)]
        pattern: Option<String>,
        #[arg(long)]
        classification: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        /// sans (Arial-metric) or serif (Bookman-metric).
        #[arg(long)]
        typeface: Option<String>,
        /// instansi or jabatan.
        #[arg(long)]
        kop: Option<String>,
        /// How documents are signed: wet (ink on paper, the default) or tte (a signing service
        /// stamps them: a box for the stamp and the document id in the footer).
        #[arg(long)]
        signing: Option<String>,
        /// With --signing tte: print the one-character marker (#) the service places the stamp on.
        #[arg(long)]
        tte_marker: bool,
        /// With --signing tte: print the BSrE footer sentence.
        #[arg(long)]
        bsre_footer: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ActionCommand {
    /// Add an action; prints its id.
    Add {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        title: String,
        /// An indicator it should raise (repeat for several).
        #[arg(long = "indicator", required = true)]
        indicators: Vec<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        start: Option<String>,
        /// The responsible office (OPD).
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        person: Option<String>,
        /// The level the indicators should reach.
        #[arg(long)]
        target_level: Option<u8>,
        /// The practice it replicates (see `practices list`).
        #[arg(long)]
        practice: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Change an action.
    Update {
        id: String,
        /// rencana, berjalan, selesai, tertunda or batal.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        progress: Option<u8>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// The responsible office (OPD).
        #[arg(long)]
        owner: Option<String>,
        /// The responsible person.
        #[arg(long)]
        person: Option<String>,
        /// The start date; an empty value clears it.
        #[arg(long, value_name = "YYYY-MM-DD")]
        start: Option<String>,
        /// Replace the indicators the action should raise (repeat for several).
        #[arg(long = "indicator")]
        indicators: Vec<String>,
        /// The level each of the given indicators should reach.
        #[arg(long, requires = "indicators")]
        target_level: Option<u8>,
    },
    /// Delete an action with its milestones (the audit trail keeps what it was).
    Delete { id: String },
    /// The actions of a period.
    List {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        json: bool,
    },
    /// Add a milestone to an action.
    Milestone {
        id: String,
        #[arg(long)]
        title: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: String,
    },
    /// Mark a milestone done (today), or with --undo not done.
    MilestoneDone {
        milestone: String,
        #[arg(long)]
        undo: bool,
    },
    /// Link evidence of the same period to an action.
    LinkEvidence { action: String, evidence: String },
}

#[derive(Subcommand, Debug)]
pub enum PracticesCommand {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add the practices of a file (the catalogue's format) to the workspace.
    Add { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum FrameworksCommand {
    /// The frameworks available (shipped, and imported into the workspace when one is given).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Validate a framework file and store it in the workspace.
    Import { file: PathBuf },
    /// A whole framework: groups, scales, indicators, bands.
    Show {
        id: String,
        #[arg(long)]
        version: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum PeriodCommand {
    /// Start an assessment period.
    Add {
        #[arg(long)]
        year: i32,
        /// Framework id (default: the one governing the year).
        #[arg(long)]
        framework: Option<String>,
        /// Start from the answers of the latest earlier period of the same framework.
        #[arg(long)]
        from_previous: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set the target index of a period (e.g. 3.50), or clear it with --clear.
    Target {
        #[arg(long)]
        year: i32,
        #[arg(long, conflicts_with = "clear")]
        index: Option<String>,
        #[arg(long)]
        clear: bool,
    },
    /// Move a period to another version of its framework (e.g. a corrected file).
    UseVersion {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        version: String,
    },
    /// The dates of the evaluation's stages (penilaian_mandiri, dokumen, interviu, visitasi).
    Stages {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// Set the dates of one stage (YYYY-MM-DD); an empty date clears it.
    Stage {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        stage: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ButirCommand {
    /// Every butir of a period (of one indicator), with its state.
    List {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        indicator: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Mark a butir complete or not, and record the evaluators' review (diterima, revisi, none).
    Set {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        butir: String,
        /// yes or no.
        #[arg(long)]
        complete: Option<String>,
        #[arg(long)]
        review: Option<String>,
        /// Why the evaluators asked for a revision (required with --review revisi).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Link evidence of the butir's indicator to it (or unlink it with --unlink).
    Link {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        butir: String,
        /// The evidence id (evidence list --json).
        #[arg(long)]
        evidence: String,
        #[arg(long)]
        unlink: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExternalCommand {
    /// The indices entered for a period.
    List {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        json: bool,
    },
    /// Enter an agency's published index (e.g. --index sdi --value 68.75), or clear it with --clear.
    Set {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        index: String,
        #[arg(long, conflicts_with = "clear", required_unless_present = "clear")]
        value: Option<String>,
        /// Where the figure was published.
        #[arg(long, default_value = "")]
        source: String,
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AssessCommand {
    /// Set the answer of one indicator; fields not given stay as they are.
    Set {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        level: Option<u8>,
        #[arg(long)]
        target: Option<u8>,
        #[arg(long)]
        fakta: Option<String>,
        #[arg(long)]
        analisis: Option<String>,
        /// The responsible office (OPD).
        #[arg(long)]
        owner: Option<String>,
        /// The responsible person.
        #[arg(long)]
        person: Option<String>,
        /// The value an assessor gave, a decimal in [1, 5] (frameworks of decimal values: Pemdi).
        #[arg(long, conflicts_with = "clear_value")]
        value: Option<String>,
        /// Remove the assessor's value: the level, the index or the butir count again.
        #[arg(long)]
        clear_value: bool,
    },
    /// The value each indicator counts with, and where it comes from.
    Values {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        json: bool,
    },
    /// Import answers from CSV: indicator,level[,target,fakta,analisis,owner]. One bad row changes nothing.
    Import {
        #[arg(long)]
        period: i32,
        file: PathBuf,
    },
    /// Move an answer through review: draft, diajukan, terverifikasi.
    Status {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        to: String,
        /// Required to reopen a verified answer.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Every answered indicator of a period.
    List {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        json: bool,
    },
    /// The audit history of one indicator.
    History {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        indicator: String,
    },
    /// One indicator as the app shows it: the answer, its evidence, its history and the review
    /// moves allowed now.
    Show {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        indicator: String,
    },
}

#[derive(Args, Debug)]
pub struct ScoreArgs {
    /// The period to score (needs --workspace).
    #[arg(long, conflicts_with_all = ["framework", "domains"])]
    pub period: Option<i32>,
    /// Score published values of the outermost groups of this framework.
    #[arg(long, requires = "domains")]
    pub framework: Option<String>,
    /// Comma-separated values of the outermost groups (SPBE: 4 domains; Pemdi: 7 aspects).
    #[arg(long, requires = "framework", value_name = "V1,V2,...")]
    pub domains: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct SimulateArgs {
    #[arg(long)]
    pub period: i32,
    /// The index to reach (default: the period's target, else the next predicate).
    #[arg(long, conflicts_with = "predicate")]
    pub target: Option<String>,
    /// Or the predicate to reach, e.g. "Sangat Baik".
    #[arg(long)]
    pub predicate: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum EvidenceCommand {
    /// Attach files to an indicator of a period.
    Add {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        indicator: String,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Attach a link (e.g. a public service page) to an indicator.
    AddUrl {
        #[arg(long)]
        period: i32,
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        url: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Stored files with the indicators they are attached to; with --period, the links of that period.
    List {
        #[arg(long)]
        period: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// Detach an evidence item (by its id) from its indicator; the stored file is kept.
    Remove { id: String },
    /// Copy an evidence file (by its item id) out of the workspace, named by the convention;
    /// for a link, print its URL.
    Copy {
        id: String,
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
    /// Re-hash every stored file; exit 0 only when all match.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the hash chain; exit 0 only when it is intact.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// An Excel workbook of a period: summary, indicators with penjelasan, evidence list.
    Xlsx {
        #[arg(long)]
        period: i32,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
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
    /// The national emblem (Garuda Pancasila) for the kop jabatan of letters the head of region
    /// signs: a PNG or JPEG file (the app does not ship it).
    #[arg(long, value_name = "FILE")]
    pub national_emblem: Option<PathBuf>,
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

#[derive(Subcommand, Debug)]
pub enum IdentityCommand {
    /// The identity (made on first need): key id, algorithm, public key, fingerprint, store.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Every key the workspace has used, on any computer.
    Keys {
        #[arg(long)]
        json: bool,
    },
    /// Issue the key enrolment letter (Surat Pendaftaran Kunci) for Sumedang.
    Letter {
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Replace the key: a new one, with a transition statement signed by the old and the new key.
    Rotate,
}

#[derive(Subcommand, Debug)]
pub enum TrustCommand {
    /// Add a root CA certificate (PEM or DER) as a trust anchor.
    Add { file: PathBuf },
    /// The trust anchors: shipped and added.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum PackageCommand {
    /// Build the period's next package (or say that nothing changed and offer the last one).
    Build {
        #[arg(long, value_name = "YEAR")]
        period: i32,
        /// Where to write it (default: packages/<region>_<period>_seq<NNN>_<id8>.llpkg in the workspace).
        #[arg(long, value_name = "FILE.llpkg")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The packages built, and whether each period changed since its last package.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Put a built package in the outbox for the hub and run the outbox once.
    Send {
        /// The package id (from `package list`).
        id: String,
        /// The hub's address (default: the hub link's; saved as the hub link when none is set).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        #[command(flatten)]
        network: NetworkArgs,
        #[arg(long)]
        json: bool,
    },
    /// Verify a package file on any computer (no workspace needed); exit 2 when it is invalid.
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum HubCommand {
    /// Make a hub in an empty or new folder.
    Init {
        #[arg(long, value_name = "TEXT", default_value = "Hub Sumedang")]
        name: String,
    },
    /// The regions' public keys.
    #[command(subcommand)]
    Keys(HubKeysCommand),
    /// Import package files (verified fully before anything is written).
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Show what would happen and write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Received packages.
    #[command(subcommand)]
    Packages(HubPackagesCommand),
    /// Review a received package (the newest of its region and period): diterima locks the
    /// period, revisi returns it with notes, ditolak rejects it with a reason. `review export`
    /// writes the signed review file for the region.
    Review(HubReviewArgs),
    /// The regions Sumedang expects packages from, and when a period's packages are due.
    #[command(subcommand)]
    Expected(HubExpectedCommand),
    /// One period across regions: ranking by the exact index with the change from the year
    /// before, follow-up, review and key state, the gap to the official index, the predicate
    /// distribution and the median.
    Dashboard(PeriodView),
    /// Regions × indicators of a period: each region's level and target per indicator.
    Heatmap(PeriodView),
    /// Every period's median index and reports, and each region's index over the periods.
    Trends {
        #[command(flatten)]
        filter: RegionFilterArgs,
        #[arg(long)]
        json: bool,
    },
    /// What changed between two packages of one region (levels, evidence, actions, index).
    Compare {
        #[arg(value_name = "PACKAGE_A")]
        a: String,
        #[arg(value_name = "PACKAGE_B")]
        b: String,
        #[arg(long)]
        json: bool,
    },
    /// The dashboard of a period as a file: xlsx (ranking, distribution, heat map and trends
    /// sheets) or csv (the ranking).
    Export {
        /// xlsx or csv.
        format: String,
        #[arg(long, value_name = "YEAR")]
        period: i32,
        #[command(flatten)]
        filter: RegionFilterArgs,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The reviews given, oldest first.
    Reviews {
        #[arg(long, value_name = "ID")]
        package: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Open an accepted (locked) period again, so that the region can send a corrected package.
    Unlock {
        #[arg(long, value_name = "CODE")]
        region: String,
        #[arg(long, value_name = "YEAR")]
        period: i32,
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// The national results KemenPAN-RB published per year, beside which the hub sets its regions.
    #[command(subcommand)]
    Benchmark(HubBenchmarkCommand),
    /// Who the hub is on the documents it issues: region, office, address, officials, emblem.
    #[command(subcommand)]
    Profile(HubProfileCommand),
    /// The recap report of a period (Laporan Rekapitulasi Living Lab) as a PDF, issued with the
    /// next number and sealed with the hub's key; with --preview, not issued and not sealed.
    Report {
        #[arg(long, value_name = "YEAR")]
        period: i32,
        #[command(flatten)]
        filter: RegionFilterArgs,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        preview: bool,
    },
    /// The documents the hub issued, and checking a verification code.
    #[command(subcommand)]
    Documents(HubDocumentsCommand),
    /// The hub's own key (made on first need): it signs receipts; regencies pin it.
    Identity {
        #[arg(long)]
        json: bool,
    },
    /// Run the receiver (headless) until SIGTERM: packages over HTTP(S), the public
    /// document verification page. Prints {"listening": ADDR} when ready.
    Serve {
        /// Address and port, e.g. 0.0.0.0:8443 or 127.0.0.1:0 (any free port).
        #[arg(long, value_name = "ADDR")]
        listen: std::net::SocketAddr,
        /// Serve TLS with this certificate chain (PEM); without it, plain HTTP for a reverse proxy.
        #[arg(long, value_name = "FILE", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        #[arg(long, value_name = "FILE", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Offers and submits each region may make per minute.
        #[arg(long, value_name = "N", default_value_t = 60)]
        per_region_per_minute: u32,
        /// Space the files of unfinished offers may take, in MiB.
        #[arg(long, value_name = "MIB", default_value_t = 65536)]
        incoming_mib: u64,
        /// Seconds a client may stay silent before it is cut off.
        #[arg(long, value_name = "SECS", default_value_t = 60)]
        idle_timeout: u64,
    },
}

/// A view of one period across regions.
#[derive(Args, Debug)]
pub struct PeriodView {
    #[arg(long, value_name = "YEAR")]
    pub period: i32,
    #[command(flatten)]
    pub filter: RegionFilterArgs,
    #[arg(long)]
    pub json: bool,
}

/// Which regions a view across regions takes.
#[derive(Args, Debug, Default, Clone)]
pub struct RegionFilterArgs {
    /// Only the regions of this province: its code (32) or its name ("Jawa Barat").
    #[arg(long, value_name = "NAME_OR_CODE")]
    pub province: Option<String>,
    /// Only kabupaten or only kota.
    #[arg(long, value_name = "kabupaten|kota")]
    pub kind: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum HubProfileCommand {
    /// Change what is given; the rest stays (at first, the shipped profile of Sumedang's office).
    Set {
        /// The hub's region (Kemendagri code); its name comes from the region list.
        #[arg(long, value_name = "CODE")]
        region: Option<String>,
        #[command(flatten)]
        profile: Box<ProfileSet>,
    },
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum HubDocumentsCommand {
    /// The documents the hub issued, oldest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Whether a verification code (or the text of a QR code) names a document the hub issued
    /// or one a received package holds. Exit 2 when it names neither.
    Check { text: String },
    /// Write the PDF of an issued document as the hub keeps it.
    Pdf {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum HubExpectedCommand {
    /// Replace the roster: region codes, one a line, or a signatory CSV (region,name).
    Set { file: PathBuf },
    List {
        #[arg(long)]
        json: bool,
    },
    /// The date by which a period's packages are due (for "on time").
    Due {
        #[arg(long, value_name = "YEAR")]
        period: i32,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
    },
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HubReviewArgs {
    #[command(subcommand)]
    pub export: Option<HubReviewExport>,
    /// The package id (from `hub packages list`).
    pub package_id: Option<String>,
    /// diterima, revisi or ditolak.
    #[arg(long, value_name = "STATE")]
    pub to: Option<String>,
    /// A note; with --indicator, the notes go to the indicators in order (one more --note
    /// than --indicator: the first is the general note).
    #[arg(long, value_name = "TEXT")]
    pub note: Vec<String>,
    #[arg(long, value_name = "N")]
    pub indicator: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum HubReviewExport {
    /// Write the newest review of a package as the signed file (.llreview) for the region.
    Export {
        package_id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReviewCommand {
    /// Take in a review file (.llreview) from Sumedang; it must verify under the pinned hub key.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Fetch the reviews of the sent packages from the hub.
    Fetch {
        #[command(flatten)]
        network: NetworkArgs,
        #[arg(long)]
        json: bool,
    },
    /// The reviews taken in, newest first.
    List {
        #[arg(long, value_name = "YEAR")]
        period: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// The notes of the review that returned the period's package for revision, with the
    /// answers written so far (null when no review asks for revision).
    Notes {
        #[arg(long, value_name = "YEAR")]
        period: i32,
        #[arg(long)]
        json: bool,
    },
    /// Answer a note of that review; the period's next package carries the answers, and it
    /// cannot be built while a note on an indicator has none.
    Answer {
        #[arg(long, value_name = "YEAR")]
        period: i32,
        /// The indicator the note is on, as the review names it.
        #[arg(long, value_name = "N", required_unless_present = "general", conflicts_with = "general")]
        indicator: Option<String>,
        /// Answer the review's general note.
        #[arg(long)]
        general: bool,
        #[arg(long, value_name = "TEXT")]
        text: String,
        #[arg(long)]
        json: bool,
    },
}

/// How the client waits on the network.
#[derive(Args, Debug, Clone)]
pub struct NetworkArgs {
    /// Seconds to wait for any byte from the hub before giving up on this try.
    #[arg(long, value_name = "SECS", default_value_t = 90)]
    pub timeout: u64,
}

#[derive(Subcommand, Debug)]
pub enum HubLinkCommand {
    /// Set the hub's address; --hub-key pins its key (from the hub's reply, `hub identity`),
    /// else the key is pinned at the first connection.
    Set {
        #[arg(long, value_name = "URL")]
        url: String,
        /// The hub's public key (base64 SPKI, as `hub identity --json` prints it).
        #[arg(long, value_name = "KEY")]
        hub_key: Option<String>,
        /// A proxy instead of the system's, http://host:port ("" for the system's).
        #[arg(long, value_name = "URL")]
        proxy: Option<String>,
        #[arg(long)]
        json: bool,
    },
    Show {
        #[arg(long)]
        json: bool,
    },
    /// "Tes koneksi": ask the hub who it is.
    Test {
        #[command(flatten)]
        network: NetworkArgs,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum OutboxCommand {
    /// Send what is due (with --now, every waiting package, back-off or not).
    Run {
        #[arg(long)]
        now: bool,
        #[command(flatten)]
        network: NetworkArgs,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum HubKeysCommand {
    /// Register a region's key from its enrolment letter (PDF) or its public key (the QR's
    /// LLKEY1 text, a PEM block or base64); --confirm with the fingerprint read on the letter
    /// registers it, without it the key is "first seen".
    Add {
        #[arg(long, value_name = "CODE")]
        region: String,
        #[arg(long, value_name = "FILE.pdf", conflicts_with = "public_key", required_unless_present = "public_key")]
        letter: Option<PathBuf>,
        #[arg(long, value_name = "KEY")]
        public_key: Option<String>,
        #[arg(long, value_name = "FINGERPRINT")]
        confirm: Option<String>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key: its packages are refused from now on.
    Revoke { key_id: String },
}

#[derive(Subcommand, Debug)]
pub enum HubPackagesCommand {
    List {
        #[arg(long, value_name = "CODE")]
        region: Option<String>,
        #[arg(long, value_name = "YEAR")]
        period: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// The region's answers, in this package, to the review that returned its package before.
    Response {
        #[arg(value_name = "PACKAGE_ID")]
        package_id: String,
        #[arg(long)]
        json: bool,
    },
    /// What a received package holds: its framework's indicators with the region's levels, its
    /// documents, its evidence, its reviews and whether it locks its period.
    Show {
        package_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Copy a stored file of a package (a document's PDF, an evidence file) out of the hub, by
    /// the SHA-256 the package lists for it.
    File {
        package_id: String,
        sha256: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum HubBenchmarkCommand {
    /// Import a year's published results (columns year,section,no,instansi,jenis,D1,D2,D3,D4,
    /// indeks,predikat), replacing that year's rows; --shipped imports the results that ship
    /// with the app again (a new hub holds them already).
    Import {
        #[arg(value_name = "FILE.csv", required_unless_present = "shipped", conflicts_with = "shipped")]
        file: Option<PathBuf>,
        #[arg(long)]
        shipped: bool,
        #[arg(long)]
        json: bool,
    },
    /// Match a row (its line in the file) to a Kemendagri code by hand (e.g. 32.11, or 32 for a
    /// province); kept when the year is imported again.
    Match {
        #[arg(long, value_name = "YEAR")]
        year: i32,
        #[arg(long, value_name = "N")]
        row: usize,
        #[arg(long, value_name = "CODE")]
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// The rows of a year that need a look: names that matched no code, and published indices
    /// their D1–D4 do not give.
    Issues {
        #[arg(long, value_name = "YEAR")]
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// A year's results, highest index first, with the national, provincial and kabupaten/kota
    /// means; with --region, that region's rank and percentile.
    Show {
        #[arg(long, value_name = "YEAR")]
        year: i32,
        #[arg(long, value_name = "CODE")]
        region: Option<String>,
        #[arg(long)]
        json: bool,
    },
}
