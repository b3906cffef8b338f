//! The command line: what an analyst types, and the exit status they get back.
//!
//! Exit status: 0 every input was analysed; 1 some inputs could not be read
//! (the rest were analysed and written); 2 usage or set-up error (bad
//! arguments, unusable taxonomy, output folder not writable).

use crate::ingest::ReadOptions;
use crate::ingest::ocr::{Ocr, OcrMode};
use crate::pipeline::{self, Options, PlanResult};
use crate::report;
use crate::taxonomy::{DEFAULT_TAXONOMY, Taxonomy};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The default plan corpus shipped with plancov.
pub const DEFAULT_CORPUS: &str = "corpus/plans";

/// plancov reads the action plans (handlingsplaner) written under Malmö stad's
/// "Fri från våld 2022–2026", codes every activity by goal, focus area,
/// perspective, target group and prevention level as the analysts' codebook
/// says, and writes coverage matrices, gaps and flags as CSV and JSON.
///
/// Run without a command it analyses the shipped plans in corpus/plans/ into out/.
#[derive(Debug, Parser)]
#[command(name = "plancov", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse plans (PDF or text; folders are searched) and write the results to --out.
    Analyze(AnalyzeArgs),
    /// Print the text of one plan as plancov reads it (PDF text layer or text file).
    Extract {
        /// The plan file.
        file: PathBuf,
    },
    /// Code one activity text and print its codes with the words that triggered them, as JSON.
    Classify {
        /// The activity text, e.g. "Förvaltningen ska erbjuda stöd till våldsutsatta äldre".
        text: String,
        /// Code it as if it came from this owner's plan (for "målgruppen").
        #[arg(long)]
        owner: Option<String>,
        /// Taxonomy file (default: the shipped one).
        #[arg(long)]
        taxonomy: Option<PathBuf>,
    },
    /// Print the text of one plan after OCR repair (unchanged if it is not damaged).
    Repair {
        /// The plan file.
        file: PathBuf,
        /// Print the list of corrections (original, replacement, reason) instead of the text.
        #[arg(long)]
        corrections: bool,
        /// Taxonomy file whose vocabulary the repair prefers (default: the shipped one).
        #[arg(long)]
        taxonomy: Option<PathBuf>,
    },
    /// Measure OCR repair against clean ground truth: word error rate before and after, edit precision.
    RepairEval {
        /// Folder of scanned fixtures (NAME.pdf beside STEM.truth.txt).
        #[arg(long, default_value = "fixtures/scanned")]
        fixtures: PathBuf,
        /// Also list the edits that did not give the truth's word, and the words still wrong.
        #[arg(long)]
        verbose: bool,
        /// Also re-read every page image with Swedish OCR (needs tesseract-ocr-swe
        /// and poppler-utils) and report its WER and seconds per page.
        #[arg(long)]
        reocr: bool,
        /// Taxonomy file (default: the shipped one).
        #[arg(long)]
        taxonomy: Option<PathBuf>,
    },
    /// How the repair reads OCR'd words: candidates with cost and score, and the choice.
    #[command(hide = true)]
    RepairExplain {
        /// Tokens as OCR wrote them.
        words: Vec<String>,
        /// The word before (it matters after modal verbs and for år/är).
        #[arg(long)]
        prev: Option<String>,
    },
    /// Word error rate of a text against a reference text (lower-cased word tokens).
    Wer {
        /// The correct text.
        reference: PathBuf,
        /// The text to score.
        hypothesis: PathBuf,
    },
    /// Compare two follow-ups (two --out folders): gaps closed and opened, activities added and removed.
    Diff {
        /// The earlier results folder.
        old: PathBuf,
        /// The later results folder.
        new: PathBuf,
        /// Where to write diff.csv and diff.md (default: the later folder).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Measure the coding against hand-written gold labels (precision, recall, F1).
    Eval {
        /// Folder of gold label files (*.json), one per plan.
        #[arg(long, default_value = "fixtures/gold")]
        gold: PathBuf,
        /// Folder holding the plans the gold files name.
        #[arg(long, default_value = DEFAULT_CORPUS)]
        plans: PathBuf,
        /// Taxonomy file (default: the shipped one).
        #[arg(long)]
        taxonomy: Option<PathBuf>,
        /// Print the per-activity differences too.
        #[arg(long)]
        verbose: bool,
        #[command(flatten)]
        read: ReadArgs,
        /// Record these scores as the first contact of plans not yet recorded
        /// (in first_contact.json in the gold folder), with this description
        /// of what was measured; later runs print them beside the new figures.
        #[arg(long, value_name = "WHAT")]
        first_contact: Option<String>,
    },
}

/// How plan files are read: the same for `analyze` and `eval`, so quality is
/// measured on the path users run.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Number of plans read in parallel (default: all cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// OCR in Swedish: `auto` reads image-only pages, `redo` also re-reads OCR
    /// layers damaged by OCR without Swedish, `never` turns OCR off. Needs
    /// tesseract with Swedish and pdftoppm (apt-get install tesseract-ocr-swe poppler-utils).
    #[arg(long, value_enum, default_value_t = OcrArg::Auto)]
    pub ocr: OcrArg,
    /// Largest plan file read, in MB; larger files are reported unreadable.
    #[arg(long, default_value_t = 512)]
    pub max_mb: u64,
    /// Most pages read from one PDF; a longer plan is read that far, analysed
    /// and flagged as read in part.
    #[arg(long, default_value_t = 5000)]
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
    /// Plan files or folders (default: corpus/plans).
    pub inputs: Vec<PathBuf>,
    /// Folder for the results; existing result files are replaced.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Taxonomy file: goals, focus areas, groups, terms and rules (default: the shipped one).
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Analyst corrections (activity_id,family,code,action,comment), applied on
    /// every run (default: corrections.csv in the first input folder, if there).
    #[arg(long)]
    pub corrections: Option<PathBuf>,
    /// CSV delimiter: `,` or `;` (what Swedish Excel expects).
    #[arg(long, default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: u8,
}

/// Load the taxonomy: the given file, else the shipped one (found beside the
/// working directory or, failing that, compiled in).
pub fn load_taxonomy(path: Option<&Path>) -> Result<Taxonomy> {
    match path {
        Some(p) => Ok(Taxonomy::load(p)?),
        None => {
            let p = Path::new(DEFAULT_TAXONOMY);
            if p.exists() {
                Ok(Taxonomy::load(p)?)
            } else {
                Ok(Taxonomy::from_json(
                    include_bytes!("../corpus/taxonomy/fri-fran-vald-2022-2026.json"),
                    p,
                )?)
            }
        }
    }
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
                Some(Ocr::detect().map_err(|e| anyhow::anyhow!(e))?)
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
            .with_context(|| format!("cannot write to {}", dir.display()))?;
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
            let r = std::fs::read_to_string(&reference)
                .with_context(|| format!("cannot read {}", reference.display()))?;
            let h = std::fs::read_to_string(&hypothesis)
                .with_context(|| format!("cannot read {}", hypothesis.display()))?;
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
                eprintln!("plancov: first contact recorded for {added} new plans");
            }
            let first = crate::eval::summary::load_first_contact(&gold)?;
            print!(
                "{}",
                crate::eval::summary::render(&report.plans, first.as_deref())
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
    let files = pipeline::collect_inputs_skipping(&inputs, &own).map_err(anyhow::Error::msg)?;
    if files.is_empty() {
        anyhow::bail!("no plan files (.pdf, .txt) found in {}", show(&inputs));
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
                "[{n}/{total}] {}: {} ({} aktiviteter)",
                r.path.display(),
                p.owner.name,
                p.activities.len()
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
        Some(p) => crate::classify::manual::load(p).map_err(anyhow::Error::msg)?,
        None => Vec::new(),
    };
    // Each plan, as it finishes, is reduced to its digest; its text-bearing
    // pieces wait in a temporary file in the output folder.
    let spool = report::Spool::in_dir(&args.out)
        .with_context(|| format!("cannot write results to {}", args.out.display()))?;
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
                kind: "rattelse_ej_tillampad".into(),
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
    written.with_context(|| format!("cannot write results to {}", args.out.display()))?;
    let failed = analysis.unreadable();
    if !quiet {
        eprintln!(
            "plancov: {} planer lästa ({} olästa), {} ägare, {} aktiviteter, {} flaggor på {:.1} s → {}",
            analysis.plans.len() - failed,
            failed,
            analysis.owners.len(),
            analysis.rows.len(),
            analysis.flags.len(),
            started.elapsed().as_secs_f64(),
            args.out.display()
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
            "delimiter must be ',' or ';' (or 'tab'), not '{s}'"
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
    let (out, corrections) = if damage.damaged {
        let lexicon = pipeline::repair_lexicon(&tax, &[])?;
        let domain = std::collections::HashSet::new();
        let repairer = crate::repair::Repairer::new(&lexicon, &domain);
        pipeline::repaired(&repairer, text)
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
        "plancov: {}: {} ({} corrections; å/ä/ö {:.1} % of letters)",
        file.display(),
        if damage.damaged {
            "OCR-damaged, repaired"
        } else {
            "clean, unchanged"
        },
        corrections.len(),
        damage.swedish_letter_share * 100.0
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
                .with_context(|| format!("unknown owner '{name}'"))?,
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
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
