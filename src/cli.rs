//! The command line: what an analyst types, and the exit status they get back.
//!
//! Exit status: 0 every input was analysed; 1 some inputs could not be read
//! (the rest were analysed and written); 2 usage or set-up error (bad
//! arguments, unusable taxonomy, output folder not writable).

use crate::ingest::ReadOptions;
use crate::ingest::io_reason;
use crate::ingest::ocr::{Ocr, OcrMode};
use crate::pipeline::{self, Options, PlanResult};
use crate::report;
use crate::report::sv;
use crate::taxonomy::{DEFAULT_TAXONOMY, Taxonomy};
use anyhow::{Context, Result, anyhow};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The default plan corpus shipped with plancov.
pub const DEFAULT_CORPUS: &str = "corpus/plans";

/// plancov läser handlingsplanerna som förvaltningar och bolag skriver under
/// Malmö stads "Fri från våld – en gemensam angelägenhet 2022–2026".
///
/// Varje aktivitet kodas efter inriktningsmål, fokusområde, perspektiv,
/// målgrupp och preventionsnivå som analytikernas kodbok säger, och plancov
/// skriver täckningsmatriser, luckor och flaggor (CSV, Excel, JSON, HTML) och
/// ett utkast till uppföljningen (Word och Markdown).
///
/// Utan kommando analyseras de medföljande planerna i corpus/plans/ till out/.
#[derive(Debug, Parser)]
#[command(name = "plancov", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analysera planer (filer eller mappar) och skriv resultaten till --out.
    Analyze(AnalyzeArgs),
    /// Skriv ut en plans text så som plancov läser den.
    Extract {
        /// Planens fil (PDF, Word, OpenDocument eller text).
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
    /// Koda en aktivitetstext och skriv ut koderna och orden som gav dem, som JSON.
    Classify {
        /// Aktivitetens text, t.ex. "Förvaltningen ska erbjuda stöd till våldsutsatta äldre".
        #[arg(value_name = "TEXT")]
        text: String,
        /// Koda som om texten kom från den här ägarens plan (för "målgruppen").
        #[arg(long, value_name = "ÄGARE")]
        owner: Option<String>,
        /// Taxonomifil (annars den medföljande).
        #[arg(long, value_name = "FIL")]
        taxonomy: Option<PathBuf>,
    },
    /// Skriv ut en plans text efter OCR-lagning (oförändrad om den inte är skadad).
    Repair {
        /// Planens fil.
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Skriv ut rättelserna (original, ersättning, skäl) i stället för texten.
        #[arg(long)]
        corrections: bool,
        /// Taxonomifil vars ord lagningen föredrar (annars den medföljande).
        #[arg(long, value_name = "FIL")]
        taxonomy: Option<PathBuf>,
    },
    /// Mät OCR-lagningen mot ren facittext: ordfelfrekvens före och efter, träffsäkerhet.
    RepairEval {
        /// Mapp med skannade testfiler (NAMN.pdf bredvid STAM.truth.txt).
        #[arg(long, default_value = "fixtures/scanned", value_name = "MAPP")]
        fixtures: PathBuf,
        /// Lista också ändringarna som inte gav facitordet, och orden som fortfarande är fel.
        #[arg(long)]
        verbose: bool,
        /// Läs också om varje sidbild med svensk OCR (kräver tesseract-ocr-swe
        /// och poppler-utils) och redovisa dess ordfelfrekvens och sekunder per sida.
        #[arg(long)]
        reocr: bool,
        /// Taxonomifil (annars den medföljande).
        #[arg(long, value_name = "FIL")]
        taxonomy: Option<PathBuf>,
    },
    /// Hur lagningen läser OCR-lästa ord: kandidater med kostnad och poäng, och valet.
    #[command(hide = true)]
    RepairExplain {
        /// Orden så som OCR skrev dem.
        #[arg(value_name = "ORD")]
        words: Vec<String>,
        /// Ordet före (spelar roll efter modalverb och för år/är).
        #[arg(long, value_name = "ORD")]
        prev: Option<String>,
    },
    /// Ordfelfrekvens för en text mot en referenstext (ord i gemener).
    Wer {
        /// Den rätta texten.
        #[arg(value_name = "REFERENS")]
        reference: PathBuf,
        /// Texten som ska bedömas.
        #[arg(value_name = "TEXT")]
        hypothesis: PathBuf,
    },
    /// Jämför två uppföljningar (två --out-mappar): luckor som stängts och öppnats, aktiviteter som tillkommit och tagits bort.
    Diff {
        /// Den tidigare resultatmappen.
        #[arg(value_name = "FÖRE")]
        old: PathBuf,
        /// Den senare resultatmappen.
        #[arg(value_name = "EFTER")]
        new: PathBuf,
        /// Var diff.csv och diff.md skrivs (annars i den senare mappen).
        #[arg(long, value_name = "MAPP")]
        out: Option<PathBuf>,
    },
    /// Mät kodningen mot handskrivna facitkoder (precision, täckning, F1).
    Eval {
        /// Mapp med facitfiler (*.json), en per plan.
        #[arg(long, default_value = "fixtures/gold", value_name = "MAPP")]
        gold: PathBuf,
        /// Mappen med planerna som facitfilerna nämner.
        #[arg(long, default_value = DEFAULT_CORPUS, value_name = "MAPP")]
        plans: PathBuf,
        /// Taxonomifil (annars den medföljande).
        #[arg(long, value_name = "FIL")]
        taxonomy: Option<PathBuf>,
        /// Skriv också ut skillnaderna per aktivitet.
        #[arg(long)]
        verbose: bool,
        #[command(flatten)]
        read: ReadArgs,
        /// Spara resultaten som första kontakt för planer som inte har någon
        /// (i first_contact.json i facitmappen), med den här beskrivningen av
        /// vad som mättes; senare körningar visar dem bredvid de nya siffrorna.
        #[arg(long, value_name = "BESKRIVNING")]
        first_contact: Option<String>,
    },
}

/// How plan files are read: the same for `analyze` and `eval`, so quality is
/// measured on the path users run.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Antal planer som läses samtidigt (annars alla kärnor).
    #[arg(long, value_name = "ANTAL")]
    pub jobs: Option<usize>,
    /// Svensk OCR: `auto` läser sidor som bara är bild, `redo` läser också om
    /// textlager som OCR utan svenska har skadat, `never` stänger av OCR.
    /// Kräver tesseract med svenska och pdftoppm (apt-get install
    /// tesseract-ocr-swe poppler-utils).
    #[arg(long, value_enum, default_value_t = OcrArg::Auto, value_name = "LÄGE")]
    pub ocr: OcrArg,
    /// Största planfil som läses, i MB; en större fil läses inte och listas
    /// som oläsbar (olasbar) i flags.csv.
    #[arg(long, default_value_t = 512, value_name = "MB")]
    pub max_mb: u64,
    /// Flest sidor som läses ur en PDF. En längre plan läses till och med den
    /// sidan och analyseras så långt; resten läses inte, och planen flaggas i
    /// flags.csv som delvis oläslig (olasbar) med hur många sidor som lästes.
    #[arg(long, default_value_t = 5000, value_name = "SIDOR")]
    pub max_pages: usize,
}

impl Default for ReadArgs {
    fn default() -> Self {
        ReadArgs {
            jobs: None,
            ocr: OcrArg::Auto,
            max_mb: 512,
            max_pages: 5000,
        }
    }
}

/// When plancov runs Swedish OCR (see [`OcrMode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OcrArg {
    Auto,
    Redo,
    Never,
}

impl From<OcrArg> for OcrMode {
    fn from(a: OcrArg) -> Self {
        match a {
            OcrArg::Auto => OcrMode::Auto,
            OcrArg::Redo => OcrMode::Redo,
            OcrArg::Never => OcrMode::Never,
        }
    }
}

impl ReadArgs {
    /// The pipeline's options: limits, and the OCR tools when they are
    /// installed and wanted.
    pub fn options(&self, quiet: bool) -> Options {
        let mode = OcrMode::from(self.ocr);
        let mut limits = crate::ingest::Limits {
            max_bytes: self.max_mb.saturating_mul(1024 * 1024),
            ..Default::default()
        };
        limits.pdf.max_pages = self.max_pages;
        let ocr = match mode {
            OcrMode::Never => None,
            _ => match Ocr::detect() {
                Ok(o) => Some(o),
                Err(why) => {
                    if mode == OcrMode::Redo && !quiet {
                        eprintln!("plancov: --ocr redo: {why}");
                    }
                    None
                }
            },
        };
        Options {
            read: ReadOptions {
                limits,
                ocr,
                ocr_mode: mode,
            },
            jobs: self.jobs,
        }
    }
}

#[derive(Debug, clap::Args, Default)]
pub struct AnalyzeArgs {
    /// Planfiler eller mappar; varje fil i en mapp, även i undermappar, läses
    /// (annars corpus/plans).
    #[arg(value_name = "PLANER")]
    pub inputs: Vec<PathBuf>,
    /// Mapp för resultaten; tidigare resultatfiler där ersätts.
    #[arg(long, default_value = "out", value_name = "MAPP")]
    pub out: PathBuf,
    /// Taxonomifil: mål, fokusområden, grupper, termer och regler (annars den medföljande).
    #[arg(long, value_name = "FIL")]
    pub taxonomy: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Skriv bara ut fel.
    #[arg(long, short)]
    pub quiet: bool,
    /// Analytikerns rättelser (activity_id,family,code,action,comment), som
    /// gäller vid varje körning (annars corrections.csv i den första
    /// planmappen, om den finns).
    #[arg(long, value_name = "FIL")]
    pub corrections: Option<PathBuf>,
    /// Avgränsare i CSV-filerna: `,` eller `;` (som svenska Excel vill ha).
    #[arg(long, default_value = ",", value_parser = parse_delimiter, value_name = "TECKEN")]
    pub delimiter: u8,
}

/// Load the taxonomy: the given file, else the shipped one (found beside the
/// working directory or, failing that, compiled in). Errors name the file.
pub fn load_taxonomy(path: Option<&Path>) -> Result<Taxonomy> {
    let (p, bytes) = match path {
        Some(p) => (p, read_file(p, "taxonomifilen")?),
        None => {
            let p = Path::new(DEFAULT_TAXONOMY);
            if p.exists() {
                (p, read_file(p, "taxonomifilen")?)
            } else {
                (
                    p,
                    include_bytes!("../corpus/taxonomy/fri-fran-vald-2022-2026.json").to_vec(),
                )
            }
        }
    };
    // A file that is no JSON at all is said so, with the place.
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
        let what = match e.classify() {
            serde_json::error::Category::Eof => "filen tar slut mitt i",
            _ => "syntaxfel",
        };
        anyhow::bail!(
            "taxonomifilen {} är ingen giltig JSON: {what} på rad {}, kolumn {}",
            p.display(),
            e.line(),
            e.column()
        );
    }
    Taxonomy::from_json(&bytes, p).map_err(|e| {
        anyhow!(
            "taxonomifilen {} går inte att använda: {}",
            p.display(),
            e.problem
        )
    })
}

/// A file's bytes, or an error in Swedish naming it: "kan inte läsa
/// taxonomifilen x.json: finns inte".
fn read_file(p: &Path, what: &str) -> Result<Vec<u8>> {
    std::fs::read(p).map_err(|e| anyhow!("kan inte läsa {what} {}: {}", p.display(), io_reason(&e)))
}

/// How a path the user gave is named in an error: a folder or a file (a
/// path that does not exist is a file if it has an extension).
fn kind_of(p: &Path) -> &'static str {
    let folder = match std::fs::metadata(p) {
        Ok(m) => m.is_dir(),
        Err(_) => p.extension().is_none() || p.as_os_str().to_string_lossy().ends_with('/'),
    };
    if folder { "mappen" } else { "filen" }
}

/// The command line as clap builds it from [`Cli`], in Swedish: help and
/// version flags, section headings, defaults and usage lines. `--help`
/// prints this; [`parse`] reads arguments with it.
pub fn command() -> clap::Command {
    localize(Cli::command(), "plancov")
}

const HELP_TEMPLATE: &str = "{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}";

fn localize(cmd: clap::Command, path: &str) -> clap::Command {
    let root = path == "plancov";
    let mut cmd = cmd
        .disable_help_flag(true)
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("Kommandon")
        .subcommand_value_name("KOMMANDO")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Visa hjälpen (-h kort, --help utförlig)"),
        );
    if root {
        cmd = cmd
            .disable_version_flag(true)
            .disable_help_subcommand(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("Visa versionen"),
            );
    }
    cmd = cmd.mut_args(swedish_arg);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for n in names {
        let sub_path = format!("{path} {n}");
        cmd = cmd.mut_subcommand(n, |c| localize(c, &sub_path));
    }
    let usage = usage_line(&cmd, path);
    cmd.override_usage(usage)
}

/// An argument's heading, and its default and possible values said in
/// Swedish in its help (clap's own "[default: …]" is hidden).
fn swedish_arg(a: Arg) -> Arg {
    let heading = if a.is_positional() {
        "Argument"
    } else {
        "Flaggor"
    };
    let mut notes = Vec::new();
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    let takes_values = a.get_action().takes_values();
    if takes_values && !values.is_empty() {
        notes.push(format!("värden: {}", values.join(", ")));
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_values && !defaults.is_empty() {
        notes.push(format!("standard: {}", defaults.join(", ")));
    }
    let mut a = a.help_heading(heading);
    if !notes.is_empty() {
        let note = format!(" [{}]", notes.join("; "));
        let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
        let long = a.get_long_help().map(|h| h.to_string());
        a = a
            .hide_default_value(true)
            .hide_possible_values(true)
            .help(format!("{help}{note}"));
        if let Some(long) = long {
            a = a.long_help(format!("{long}{note}"));
        }
    }
    a
}

/// "plancov analyze [FLAGGOR] [PLANER]...".
fn usage_line(cmd: &clap::Command, path: &str) -> String {
    let mut out = path.to_owned();
    if cmd.get_arguments().any(|a| !a.is_positional()) {
        out.push_str(" [FLAGGOR]");
    }
    for a in cmd.get_positionals() {
        let name = a
            .get_value_names()
            .and_then(|v| v.first())
            .map_or_else(|| a.get_id().to_string().to_uppercase(), |v| v.to_string());
        let many = a.get_num_args().is_some_and(|n| n.max_values() > 1)
            || matches!(a.get_action(), ArgAction::Append);
        let dots = if many { "..." } else { "" };
        if a.is_required_set() {
            out.push_str(&format!(" <{name}>{dots}"));
        } else {
            out.push_str(&format!(" [{name}]{dots}"));
        }
    }
    if cmd.has_subcommands() {
        if cmd.is_subcommand_required_set() {
            out.push_str(" <KOMMANDO>");
        } else {
            out.push_str(" [KOMMANDO]");
        }
    }
    out
}

/// The arguments of this process, read with [`command`]. Help and version
/// are printed and exit 0; a usage error is said in Swedish and exits 2.
pub fn parse() -> std::result::Result<Cli, ExitCode> {
    let matches = command().try_get_matches().map_err(report_usage_error)?;
    Cli::from_arg_matches(&matches).map_err(report_usage_error)
}

fn report_usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(2)
        }
        _ => {
            eprintln!("plancov: {}", usage_error(&e));
            eprintln!("Skriv plancov --help (eller plancov KOMMANDO --help) för hjälp.");
            ExitCode::from(2)
        }
    }
}

/// A clap error as a Swedish sentence, from its kind and context.
pub fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k: ContextKind| -> String {
        match e.get(k) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(", "),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            Some(ContextValue::Number(n)) => n.to_string(),
            Some(ContextValue::Bool(b)) => b.to_string(),
            _ => String::new(),
        }
    };
    let suggestion = |k: ContextKind| {
        let s = ctx(k);
        if s.is_empty() {
            String::new()
        } else {
            format!("; menade du ”{s}”?")
        }
    };
    let arg = ctx(ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::UnknownArgument => format!(
            "okänt argument ”{arg}”{}",
            suggestion(ContextKind::SuggestedArg)
        ),
        ErrorKind::InvalidSubcommand => format!(
            "okänt kommando ”{}”{}",
            ctx(ContextKind::InvalidSubcommand),
            suggestion(ContextKind::SuggestedSubcommand)
        ),
        ErrorKind::InvalidValue => {
            let valid = ctx(ContextKind::ValidValue);
            let value = ctx(ContextKind::InvalidValue);
            if value.is_empty() {
                format!("{arg} behöver ett värde")
            } else if valid.is_empty() {
                format!("ogiltigt värde ”{value}” för {arg}")
            } else {
                format!("ogiltigt värde ”{value}” för {arg}; möjliga värden: {valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            let why = match why.as_str() {
                "invalid digit found in string" | "cannot parse integer from empty string" => {
                    "ska vara ett heltal".to_owned()
                }
                "number too large to fit in target type" => "talet är för stort".to_owned(),
                "number too small to fit in target type" => "talet är för litet".to_owned(),
                other => other.to_owned(),
            };
            format!(
                "ogiltigt värde ”{}” för {arg}: {why}",
                ctx(ContextKind::InvalidValue)
            )
        }
        ErrorKind::MissingRequiredArgument => format!("saknar {arg}"),
        ErrorKind::MissingSubcommand => "ett kommando saknas".to_owned(),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("fel antal värden för {arg}")
        }
        ErrorKind::ArgumentConflict => format!(
            "{arg} kan inte användas tillsammans med {}",
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals => format!("{arg} behöver sitt värde efter ett ="),
        ErrorKind::InvalidUtf8 => "ett argument är inte giltig UTF-8".to_owned(),
        _ => e.to_string().trim().to_owned(),
    }
}

/// The last line of `plancov analyze`: "plancov: 1 plan läst, 1 ägare, …".
pub fn summary_line(
    read: usize,
    failed: usize,
    owners: usize,
    activities: usize,
    flags: usize,
    seconds: f64,
    out: &Path,
) -> String {
    let read_part = if read == 1 {
        "1 plan läst".to_owned()
    } else {
        format!("{read} planer lästa")
    };
    let failed_part = match failed {
        0 => String::new(),
        1 => ", 1 fil kunde inte läsas (se flags.csv)".to_owned(),
        n => format!(", {n} filer kunde inte läsas (se flags.csv)"),
    };
    format!(
        "plancov: {read_part}{failed_part}; {owners} ägare, {}, {} på {} s → {}",
        sv::count_digits(activities, sv::ACTIVITY),
        sv::count_digits(flags, sv::FLAG),
        sv::seconds(seconds),
        out.display()
    )
}

/// Run the command line; errors that reach here are usage or set-up errors.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => analyze(AnalyzeArgs {
            out: PathBuf::from("out"),
            delimiter: b',',
            ..AnalyzeArgs::default()
        }),
        Some(Command::Analyze(args)) => analyze(args),
        Some(Command::Extract { file }) => extract(&file),
        Some(Command::Classify {
            text,
            owner,
            taxonomy,
        }) => classify(&text, owner.as_deref(), taxonomy.as_deref()),
        Some(Command::Repair {
            file,
            corrections,
            taxonomy,
        }) => repair(&file, corrections, taxonomy.as_deref()),
        Some(Command::RepairEval {
            fixtures,
            verbose,
            reocr,
            taxonomy,
        }) => {
            let tax = load_taxonomy(taxonomy.as_deref())?;
            let ocr = if reocr {
                // Unavailable has no source: `{e:#}` prints its message alone.
                Some(Ocr::detect()?)
            } else {
                None
            };
            let scores = crate::eval::repair::evaluate(&fixtures, &tax, ocr.as_ref())?;
            print!("{}", crate::eval::repair::render(&scores));
            if verbose {
                for s in &scores {
                    println!("\n{}: edits not matching the truth", s.file);
                    for (o, r, t) in &s.wrong {
                        println!("  {o} → {r} (truth: {t})");
                    }
                    println!("{}: words still wrong (truth ← repaired)", s.file);
                    for (t, h) in &s.left {
                        println!("  {t} ← {h}");
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Diff { old, new, out }) => {
            let (csv, text) = crate::report::diff::diff(&old, &new)?;
            let dir = out.unwrap_or_else(|| new.clone());
            let csv = crate::report::excel_csv::for_excel(&csv, b',');
            report::write::write_atomically(
                &dir,
                &[
                    ("diff.csv".into(), csv),
                    ("diff.md".into(), text.clone().into_bytes()),
                ],
            )
            .map_err(|e| {
                anyhow!(
                    "kan inte skriva till mappen {}: {}",
                    dir.display(),
                    io_reason(&e)
                )
            })?;
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::RepairExplain { words, prev }) => {
            let tax = load_taxonomy(None)?;
            let lexicon = pipeline::repair_lexicon(&tax, &[])?;
            let domain = std::collections::HashSet::new();
            let repairer = crate::repair::Repairer::new(&lexicon, &domain);
            for w in &words {
                print!("{}", repairer.explain(w, prev.as_deref()));
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Wer {
            reference,
            hypothesis,
        }) => {
            let r = String::from_utf8_lossy(&read_file(&reference, "filen")?).into_owned();
            let h = String::from_utf8_lossy(&read_file(&hypothesis, "filen")?).into_owned();
            println!("{:.4}", crate::eval::wer::wer(&r, &h));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Eval {
            gold,
            plans,
            taxonomy,
            verbose,
            read,
            first_contact,
        }) => {
            let tax = load_taxonomy(taxonomy.as_deref())?;
            let report = crate::eval::evaluate(&gold, &plans, &tax, &read.options(true))?;
            print!("{}", report.render(verbose));
            if let Some(measured) = first_contact {
                let added =
                    crate::eval::summary::save_first_contact(&gold, &report.plans, &measured)?;
                eprintln!(
                    "plancov: första kontakt sparad för {}",
                    sv::count_digits(added, sv::PLAN)
                );
            }
            let first = crate::eval::summary::load_first_contact(&gold)?;
            print!(
                "{}",
                crate::eval::summary::render(&report.plans, first.as_deref(), &tax)
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn analyze(args: AnalyzeArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let taxonomy = load_taxonomy(args.taxonomy.as_deref())?;
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        args.inputs.clone()
    };
    // plancov's own output folder and corrections file are not plans.
    let own: Vec<PathBuf> = std::iter::once(args.out.clone())
        .chain(args.corrections.clone())
        .collect();
    for input in &inputs {
        if let Err(e) = std::fs::metadata(input) {
            anyhow::bail!(
                "kan inte läsa {} {}: {}",
                kind_of(input),
                input.display(),
                io_reason(&e)
            );
        }
    }
    // The message only: it gives the Swedish reason, and the chain would
    // repeat the system's words after it.
    let files = pipeline::collect_inputs_skipping(&inputs, &own).map_err(anyhow::Error::msg)?;
    if files.is_empty() {
        anyhow::bail!("det finns inga filer att läsa i {}", show(&inputs));
    }
    let quiet = args.quiet;
    let tty = std::io::stderr().is_terminal();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let errors = std::sync::atomic::AtomicUsize::new(0);
    let total = files.len();
    // On a terminal: one progress line redrawn in place (done, errors, current
    // file), unreadable files printed above it. Otherwise: plain log lines.
    let progress = |r: &PlanResult| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let failed = r.outcome.is_err();
        let e = errors.fetch_add(usize::from(failed), std::sync::atomic::Ordering::Relaxed)
            + usize::from(failed);
        if quiet {
            return;
        }
        if tty {
            if let Err(err) = &r.outcome {
                eprintln!("\r\x1b[2K{}: OLÄSBAR: {err}", r.path.display());
            }
            let width = 30;
            let filled = n * width / total.max(1);
            eprint!(
                "\r\x1b[2K[{}{}] {n}/{total} planer, {e} olästa – {}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                r.plan
            );
            if n == total {
                eprintln!();
            }
            return;
        }
        match &r.outcome {
            Err(err) => eprintln!("[{n}/{total}] {}: OLÄSBAR: {err}", r.path.display()),
            Ok(p) => eprintln!(
                "[{n}/{total}] {}: {} ({})",
                r.path.display(),
                p.owner.name,
                sv::count_digits(p.activities.len(), sv::ACTIVITY)
            ),
        }
    };
    let options = args.read.options(quiet);
    let corrections_file = args.corrections.clone().or_else(|| {
        inputs
            .iter()
            .find(|p| p.is_dir())
            .map(|d| d.join("corrections.csv"))
            .filter(|p| p.exists())
    });
    let corrections = match &corrections_file {
        Some(p) => {
            read_file(p, "rättelsefilen")?;
            crate::classify::manual::load(p)
                .map_err(|e| anyhow!("rättelsefilen går inte att använda: {e}"))?
        }
        None => Vec::new(),
    };
    // Each plan, as it finishes, is reduced to its digest; its text-bearing
    // pieces wait in a temporary file in the output folder.
    let cannot_write = |e: std::io::Error| {
        anyhow!(
            "kan inte skriva resultaten till mappen {}: {}",
            args.out.display(),
            io_reason(&e)
        )
    };
    let spool = report::Spool::in_dir(&args.out).map_err(cannot_write)?;
    let seen = report::Seen::default();
    let found: Vec<std::sync::atomic::AtomicBool> = corrections
        .iter()
        .map(|_| std::sync::atomic::AtomicBool::new(false))
        .collect();
    let digests = pipeline::run_with(&files, &taxonomy, &options, &progress, &|at, mut r| {
        if let Ok(plan) = &mut r.outcome {
            let hits = crate::classify::manual::apply_to_plan(plan, &corrections, &taxonomy);
            for (f, hit) in found.iter().zip(hits) {
                if hit {
                    f.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }
        report::digest(at, &r, &taxonomy, &spool, &seen)
    });
    let found: Vec<bool> = found.into_iter().map(|f| f.into_inner()).collect();
    let problems = crate::classify::manual::problems(&corrections, &taxonomy, &found);
    let mut analysis = report::aggregate_digests(digests, &taxonomy, spool);
    if let Some(p) = &corrections_file {
        for detail in problems {
            analysis.flags.push(report::Flag {
                plan: p.display().to_string(),
                owner: String::new(),
                kind: report::FlagKind::RattelseEjTillampad,
                detail,
            });
        }
    }
    let written = report::write::Staging::new(&args.out).and_then(|mut staging| {
        report::emit(
            &analysis,
            &report::OutputOptions {
                delimiter: args.delimiter,
            },
            &mut staging,
        )?;
        staging.commit()
    });
    written.map_err(cannot_write)?;
    let failed = analysis.unreadable();
    if !quiet {
        eprintln!(
            "{}",
            summary_line(
                analysis.plans.len() - failed,
                failed,
                analysis.owners.len(),
                analysis.rows.len(),
                analysis.flags.len(),
                started.elapsed().as_secs_f64(),
                &args.out
            )
        );
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," | ";" | "\\t" | "tab" => Ok(if s == ";" {
            b';'
        } else if s == "," {
            b','
        } else {
            b'\t'
        }),
        _ => Err(format!(
            "avgränsaren ska vara ',' eller ';' (eller 'tab'), inte '{s}'"
        )),
    }
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn extract(file: &Path) -> Result<ExitCode> {
    // Read as analyze reads it: with Swedish OCR of image-only pages.
    match pipeline::read(file, &ReadArgs::default().options(true)) {
        Ok(doc) => {
            let text = crate::text::normalize(&doc.source);
            print!("{}", text.as_str());
            if !text.as_str().ends_with('\n') {
                println!();
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("plancov: {}: {e}", file.display());
            Ok(ExitCode::from(1))
        }
    }
}

fn repair(file: &Path, list: bool, taxonomy: Option<&Path>) -> Result<ExitCode> {
    let tax = load_taxonomy(taxonomy)?;
    let doc = match pipeline::read(file, &ReadArgs::default().options(true)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("plancov: {}: {e}", file.display());
            return Ok(ExitCode::from(1));
        }
    };
    let text = crate::text::normalize(&doc.source);
    let damage = crate::repair::estimate_damage(text.as_str());
    let source = pipeline::repair_source(&doc, &damage);
    let (out, corrections) = if let Some(source) = source {
        let lexicon = pipeline::repair_lexicon(&tax, &[])?;
        let domain = std::collections::HashSet::new();
        let repairer = crate::repair::Repairer::new(&lexicon, &domain);
        pipeline::repaired(&repairer, text, source)
    } else {
        (text, Vec::new())
    };
    if list {
        let mut w = csv::Writer::from_writer(std::io::stdout());
        w.write_record(["page", "offset", "original", "replacement", "reason"])?;
        for c in &corrections {
            let (page, offset) = doc.locate(c.span.start);
            w.write_record([
                page.to_string(),
                offset.to_string(),
                c.original.clone(),
                c.replacement.clone(),
                c.reason.clone(),
            ])?;
        }
        w.flush()?;
    } else {
        print!("{}", out.as_str());
    }
    eprintln!(
        "plancov: {}: {} ({}; å/ä/ö {} % av bokstäverna)",
        file.display(),
        match source {
            Some(crate::repair::Source::LatinOcr) => "OCR-skadad, lagad",
            Some(crate::repair::Source::SwedishOcr) => "läst med svensk OCR, lagad",
            None => "ren, oförändrad",
        },
        sv::count_digits(
            corrections.len(),
            sv::Noun {
                one: "rättelse",
                many: "rättelser",
                neuter: false
            }
        ),
        format!("{:.1}", damage.swedish_letter_share * 100.0).replace('.', ",")
    );
    Ok(ExitCode::SUCCESS)
}

fn classify(text: &str, owner: Option<&str>, taxonomy: Option<&Path>) -> Result<ExitCode> {
    let tax = load_taxonomy(taxonomy)?;
    let owner = match owner {
        Some(name) => Some(
            tax.owners
                .iter()
                .find(|o| o.name == name || o.short == name || o.aliases.iter().any(|a| a == name))
                .with_context(|| format!("okänd ägare ”{name}”; ägarna står i taxonomin"))?,
        ),
        None => None,
    };
    let activity = crate::segment::Activity {
        goal: String::new(),
        goal_inferred: true,
        rubrik: tax.default_rubrik().to_owned(),
        rubrik_from_heading: false,
        status: None,
        statement: vec![0..text.len()],
        description: Vec::new(),
        narrative: Vec::new(),
        context: Vec::new(),
        table_item: false,
    };
    let hits = crate::classify::TermHits::find(text, &tax);
    let coded = crate::classify::classify(
        &crate::classify::Input {
            text,
            activity: &activity,
            owner,
            hits: &hits,
        },
        &tax,
    );
    let goal = crate::classify::infer_goal(text, &activity, &hits, &tax);
    let out = serde_json::json!({
        "text": text,
        "goal_inferred": goal,
        "codes": coded.codes,
        "generic_violence_only": !coded.generic_violence.is_empty(),
        "evidence": coded.evidence.iter().chain(&coded.generic_violence).map(|e| serde_json::json!({
            "family": e.family, "code": e.code, "matched": e.matched, "rule": e.rule,
            "start": e.span.start, "end": e.span.end,
        })).collect::<Vec<_>>(),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
        command().debug_assert();
    }

    #[test]
    fn help_is_swedish() {
        let help = command().render_long_help().to_string();
        for word in [
            "Användning: plancov [FLAGGOR] [KOMMANDO]",
            "Kommandon:",
            "Visa hjälpen",
            "handlingsplanerna",
        ] {
            assert!(help.contains(word), "{word}: {help}");
        }
        let mut analyze = command();
        let analyze = analyze.find_subcommand_mut("analyze").expect("analyze");
        let help = analyze.render_long_help().to_string();
        for word in [
            "Användning: plancov analyze [FLAGGOR] [PLANER]...",
            "Argument:",
            "Flaggor:",
            "[standard: out]",
            "[värden: auto, redo, never; standard: auto]",
            "delvis oläslig",
        ] {
            assert!(help.contains(word), "{word}: {help}");
        }
        for english in [
            "Usage:",
            "Options:",
            "Print help",
            "[default:",
            "possible values",
        ] {
            assert!(!help.contains(english), "{english}: {help}");
        }
    }

    #[test]
    fn usage_errors_are_swedish() {
        let e = command()
            .try_get_matches_from(["plancov", "analyze", "--no-such-flag"])
            .expect_err("unknown flag");
        assert_eq!(usage_error(&e), "okänt argument ”--no-such-flag”");
        let e = command()
            .try_get_matches_from(["plancov", "analyze", "--jobs", "många"])
            .expect_err("not a number");
        assert_eq!(
            usage_error(&e),
            "ogiltigt värde ”många” för --jobs <ANTAL>: ska vara ett heltal"
        );
        let e = command()
            .try_get_matches_from(["plancov", "analyse"])
            .expect_err("typo");
        assert_eq!(
            usage_error(&e),
            "okänt kommando ”analyse”; menade du ”analyze”?"
        );
    }

    #[test]
    fn summary_says_one_and_many() {
        let out = Path::new("ut");
        assert_eq!(
            summary_line(1, 0, 1, 1, 0, 0.44, out),
            "plancov: 1 plan läst; 1 ägare, 1 aktivitet, 0 flaggor på 0,4 s → ut"
        );
        assert_eq!(
            summary_line(5, 2, 3, 92, 1, 1.0, out),
            "plancov: 5 planer lästa, 2 filer kunde inte läsas (se flags.csv); 3 ägare, 92 aktiviteter, 1 flagga på 1,0 s → ut"
        );
    }
}
