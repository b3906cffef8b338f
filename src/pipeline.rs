//! The pipeline: runs the stages over a batch of plans.
//!
//! In: input paths (files or folders), the taxonomy and options. Out: a
//! [`Batch`] with one [`PlanResult`] per file, sorted by path, whatever the
//! number of threads. A file that cannot be read, or whose processing panics,
//! becomes a failed result with its reason; it never stops the batch.

use crate::classify::{self, Coded, TermHits};
use crate::ingest::{self, IngestError, Ingested, PageKind, ReadOptions};
use crate::repair::{self, Correction, Damage, Repairer, lexicon::Lexicon};
use crate::segment::{self, Activity, EmptyRubrik, GoalSection, OwnerGuess};
use crate::taxonomy::Taxonomy;
use crate::text::{MappedText, normalize};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One activity with its codes and stable id.
#[derive(Debug, Clone)]
pub struct CodedActivity {
    pub id: String,
    pub activity: Activity,
    pub coded: Coded,
    pub statement: String,
    /// City-wide (stadsövergripande): the same text in every plan.
    pub city_wide: bool,
    /// Counts as the owner's coverage: own, and a status that counts.
    pub counts: bool,
    /// Per goal, the words of the statement and description that point to it
    /// ([`classify::goal_words`]): for `mal_avviker`.
    pub goal_words: Vec<(String, Vec<String>)>,
}

/// A plan that was read and analysed.
#[derive(Debug, Clone)]
pub struct AnalysedPlan {
    pub ingested: Ingested,
    /// The text the segmenter and classifier saw, mapped to `ingested.source`.
    pub text: MappedText,
    pub owner: OwnerGuess,
    pub goals: Vec<GoalSection>,
    pub empty_rubriker: Vec<EmptyRubrik>,
    pub toc: Option<std::ops::Range<usize>>,
    pub has_goal_structure: bool,
    pub activities: Vec<CodedActivity>,
    /// Damage estimate of the text before repair.
    pub damage: Damage,
    /// OCR corrections; their spans are byte ranges of `ingested.source`.
    pub corrections: Vec<Correction>,
    /// After repair, the share of words still neither known nor repairable.
    pub unknown_after_repair: f32,
    /// What damage the text was repaired for, if it was.
    pub repaired_from: Option<repair::Source>,
    /// Per page of `ingested`, what it is as shown to the analyst
    /// (`born_digital`, `ocr_layer`, `garbled`, …).
    pub page_labels: Vec<&'static str>,
}

/// What a page is, as shown to the analyst: its kind, or `garbled` when its
/// text shows OCR damage.
fn page_label(ingested: &Ingested, page: &ingest::Page) -> &'static str {
    let text = ingested
        .source
        .get(page.start..page.start + page.len)
        .unwrap_or("");
    match page.kind {
        PageKind::ImageOnly => "image_only",
        PageKind::Empty => "empty",
        _ if repair::estimate_damage(text).damaged => "garbled",
        PageKind::Text => "text",
        PageKind::BornDigital => "born_digital",
        PageKind::OcrLayer => "ocr_layer",
        PageKind::SwedishOcr => "swedish_ocr",
    }
}

impl AnalysedPlan {
    /// Page and offset in the page, in the plan as submitted, of byte `pos` of `text`.
    pub fn locate(&self, pos: usize) -> (u32, usize) {
        self.ingested.locate(self.text.origin(pos))
    }
}

#[derive(Debug, Clone)]
pub struct PlanResult {
    pub path: PathBuf,
    /// The file name, as shown in every output.
    pub plan: String,
    pub outcome: Result<AnalysedPlan, IngestError>,
    pub millis: u128,
}

#[derive(Debug)]
pub struct Batch {
    pub plans: Vec<PlanResult>,
}

/// Options for a batch run: how files are read, and how many at once.
#[derive(Default)]
pub struct Options {
    pub read: ReadOptions,
    pub jobs: Option<usize>,
}

/// An input file or folder that could not be read: `reason` is
/// [`ingest::io_reason`] of the source. The message is complete in itself:
/// print it, not the chain (which would repeat the system's words).
#[derive(Debug, thiserror::Error)]
#[error("kan inte läsa mappen {}: {reason}", .input.display())]
pub struct InputsError {
    /// The input as given (a folder walked: the folder, not the file in it).
    pub input: PathBuf,
    pub reason: String,
    #[source]
    pub source: std::io::Error,
}

/// Expand inputs into plan files: folders are walked (sorted), files kept.
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, InputsError> {
    collect_inputs_skipping(inputs, &[])
}

/// [`collect_inputs`], passing over `skip` (plancov's own output folder and
/// corrections file). Every other file in a folder is an input, whatever its
/// type, so a file plancov cannot read is reported, never silently left out;
/// only hidden files (dot files), `corrections.csv` and what plancov itself
/// writes are passed over.
pub fn collect_inputs_skipping(
    inputs: &[PathBuf],
    skip: &[PathBuf],
) -> Result<Vec<PathBuf>, InputsError> {
    let skip: Vec<PathBuf> = skip
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut out = Vec::new();
    for input in inputs {
        let cannot = |source: std::io::Error| InputsError {
            input: input.clone(),
            reason: ingest::io_reason(&source),
            source,
        };
        let meta = std::fs::metadata(input).map_err(cannot)?;
        if meta.is_dir() {
            let mut seen = Vec::new();
            walk(input, &skip, &mut seen, &mut out).map_err(cannot)?;
        } else {
            out.push(input.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Files plancov writes into its output folder (and `plancov diff` beside
/// them): passed over when that folder is also an input folder.
const OUTPUT_FILES: &[&str] = &[
    "activities.csv",
    "flags.csv",
    "gaps.csv",
    "goal_counts.csv",
    "ocr_corrections.csv",
    "report.json",
    "uppfoljning.md",
    "uppfoljning.docx",
    "report.html",
    "coverage.xlsx",
    "diff.csv",
    "diff.md",
];

fn written_by_plancov(name: &str) -> bool {
    OUTPUT_FILES.contains(&name) || name.starts_with("coverage_") && name.ends_with(".csv")
}

/// Walk `dir` (sorted). `seen` holds the folders walked, so a symbolic link
/// back up the tree is not followed twice.
fn walk(
    dir: &Path,
    skip: &[PathBuf],
    seen: &mut Vec<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let real = std::fs::canonicalize(dir)?;
    if seen.contains(&real) {
        return Ok(());
    }
    seen.push(real.clone());
    // The output folder given as an input folder: its plan files are read,
    // the files plancov wrote there are not.
    let is_output = skip.contains(&real);
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        // Hidden files, and the analysts' corrections (read by plancov, not a plan).
        if name.starts_with('.') || name.eq_ignore_ascii_case("corrections.csv") {
            continue;
        }
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => {
                let inner = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
                if !skip.contains(&inner) {
                    walk(&p, skip, seen, out)?;
                }
            }
            Ok(m) if m.is_file() => {
                let real = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
                if !(skip.contains(&real) || is_output && written_by_plancov(&name)) {
                    out.push(p);
                }
            }
            // A pipe, socket or device is no document (and reading a pipe
            // would wait for ever).
            Ok(_) => {}
            // A broken link: an input that cannot be read, so it is reported.
            Err(_) => out.push(p),
        }
    }
    Ok(())
}

/// What the first pass makes of a file: a finished result (clean text, or a
/// file that could not be read), or a damaged text to repair in the second pass.
enum FirstPass<T> {
    Done(usize, T),
    Damaged(usize, Option<Ingested>),
}

/// Run the pipeline over `files`; `progress` is called after each file.
///
/// Two passes: clean plans are analysed at once and lend their Swedish words
/// (those with å, ä, ö) to the repair of the OCR-damaged plans, which are read
/// again in the second pass, so no plan's text is held while waiting.
pub fn run(
    files: &[PathBuf],
    taxonomy: &Taxonomy,
    options: &Options,
    progress: &(dyn Fn(&PlanResult) + Sync),
) -> Batch {
    Batch {
        plans: run_with(files, taxonomy, options, progress, &|_, r| r),
    }
}

/// [`run`], each result handed to `finish` in the worker that made it, with
/// its place in the batch sorted by path; the batch is what `finish` returns,
/// in that order, whatever the number of threads. A caller that reduces each
/// result to a summary holds one plan's text per thread, never the batch's.
pub fn run_with<T: Send>(
    files: &[PathBuf],
    taxonomy: &Taxonomy,
    options: &Options,
    progress: &(dyn Fn(&PlanResult) + Sync),
    finish: &(dyn Fn(usize, PlanResult) -> T + Sync),
) -> Vec<T> {
    // Place of each file in path order.
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| files[a].cmp(&files[b]));
    let mut place = vec![0; files.len()];
    for (k, &i) in order.iter().enumerate() {
        place[i] = k;
    }
    let work = || -> Vec<(usize, T)> {
        let vocabulary = std::sync::Mutex::new(std::collections::BTreeSet::new());
        let first: Vec<FirstPass<T>> = files
            .par_iter()
            .zip(&place)
            .map(|(p, &at)| {
                let started = Instant::now();
                let outcome = guarded(|| read(p, options).map(|d| analyse(d, taxonomy, None)));
                let outcome = match outcome {
                    Ok(Analysis::NeedsRepair(doc)) => {
                        // Kept only when Swedish OCR made it: reading again is cheap,
                        // OCR is not.
                        let keep = doc.pages.iter().any(|pg| pg.kind == PageKind::SwedishOcr);
                        return FirstPass::Damaged(at, keep.then_some(doc));
                    }
                    Ok(Analysis::Done(plan)) => {
                        vocabulary
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .extend(swedish_words(plan.text.as_str()));
                        Ok(*plan)
                    }
                    Err(e) => Err(e),
                };
                let r = result(p, outcome, started);
                progress(&r);
                FirstPass::Done(at, finish(at, r))
            })
            .collect();
        let mut done = Vec::with_capacity(files.len());
        let mut damaged = Vec::new();
        for f in first {
            match f {
                FirstPass::Done(at, t) => done.push((at, t)),
                FirstPass::Damaged(at, doc) => damaged.push((at, doc)),
            }
        }
        if damaged.is_empty() {
            return done;
        }
        let vocabulary: Vec<String> = vocabulary
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .collect();
        let lexicon = repair_lexicon(taxonomy, &vocabulary);
        let domain: std::collections::HashSet<String> = vocabulary.into_iter().collect();
        let repairer = lexicon.as_ref().map(|l| Repairer::new(l, &domain));
        let second: Vec<(usize, T)> = damaged
            .into_par_iter()
            .map(|(at, doc)| {
                let p = &files[order[at]];
                let started = Instant::now();
                let outcome = guarded(|| {
                    let doc = match doc {
                        Some(doc) => doc,
                        None => read(p, options)?,
                    };
                    let repairer = repairer.as_ref().map_err(|e| (*e).clone())?;
                    match analyse(doc, taxonomy, Some(repairer)) {
                        Analysis::Done(plan) => Ok(*plan),
                        Analysis::NeedsRepair(_) => Err(IngestError::Internal(
                            "den skadade texten lagades inte".into(),
                        )),
                    }
                });
                let r = result(p, outcome, started);
                progress(&r);
                (at, finish(at, r))
            })
            .collect();
        done.extend(second);
        done
    };
    let mut plans = match options.jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        },
        None => work(),
    };
    plans.sort_by_key(|(at, _)| *at);
    plans.into_iter().map(|(_, t)| t).collect()
}

/// The lexicon for repair: the shipped one plus the taxonomy's words and the
/// batch's clean vocabulary. It is compiled in, so a failure is plancov's bug.
pub fn repair_lexicon(taxonomy: &Taxonomy, vocabulary: &[String]) -> Result<Lexicon, IngestError> {
    let mut domain = repair::domain_words(taxonomy);
    domain.extend(vocabulary.iter().cloned());
    Lexicon::from_gz(repair::lexicon::SHIPPED, &domain).map_err(|e| {
        IngestError::Internal(format!("ordlistan för OCR-lagning kunde inte läsas: {e}"))
    })
}

/// Words with å, ä or ö of a clean text: what OCR destroys, for the repair of others.
fn swedish_words(text: &str) -> Vec<String> {
    let mut w: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| {
            w.chars().count() >= 3
                && w.chars()
                    .any(|c| matches!(c, 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö'))
        })
        .map(str::to_lowercase)
        .collect();
    w.sort();
    w.dedup();
    w
}

/// Read a file as every command reads it: ingest, with Swedish OCR of the
/// pages that need it as the options say.
pub fn read(path: &Path, options: &Options) -> Result<Ingested, IngestError> {
    ingest::read(path, &options.read, &|t| repair::estimate_damage(t).damaged)
}

/// A read document after [`analyse`]: analysed, or OCR-damaged and waiting
/// for a repairer.
pub enum Analysis {
    Done(Box<AnalysedPlan>),
    NeedsRepair(Ingested),
}

/// The one path every command takes from a read document to its coded
/// activities: normalise, repair when the text is OCR-damaged, segment,
/// classify. Without a repairer a damaged document comes back untouched.
pub fn analyse(
    ingested: Ingested,
    taxonomy: &Taxonomy,
    repairer: Option<&Repairer<'_>>,
) -> Analysis {
    let text = normalize(&ingested.source);
    let damage = repair::estimate_damage(text.as_str());
    let Some(source) = repair_source(&ingested, &damage) else {
        return Analysis::Done(Box::new(analyse_text(
            ingested,
            text,
            damage,
            Vec::new(),
            taxonomy,
        )));
    };
    let Some(repairer) = repairer else {
        return Analysis::NeedsRepair(ingested);
    };
    let (text, corrections, rate) = repaired_with_rate(repairer, text, source);
    let mut plan = analyse_text(ingested, text, damage, corrections, taxonomy);
    plan.unknown_after_repair = rate;
    plan.repaired_from = Some(source);
    Analysis::Done(Box::new(plan))
}

/// Share of a document's text that must come from Swedish OCR for the text
/// to be repaired as Swedish OCR.
const SWEDISH_OCR_SHARE: f64 = 0.5;

/// What damaged a read document's text, if anything: OCR without Swedish
/// (its letters say so), or plancov's Swedish OCR (most of its text was read
/// so). A born-digital text is never repaired.
pub fn repair_source(ingested: &Ingested, damage: &Damage) -> Option<repair::Source> {
    if damage.damaged {
        return Some(repair::Source::LatinOcr);
    }
    let swedish: usize = ingested
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::SwedishOcr)
        .map(|p| p.len)
        .sum();
    let share = swedish as f64 / ingested.source.len().max(1) as f64;
    (swedish > 0 && share >= SWEDISH_OCR_SHARE).then_some(repair::Source::SwedishOcr)
}

/// Run `f`; a panic anywhere inside becomes an internal error, which says
/// it is plancov's fault, not the file's.
fn guarded<T>(f: impl FnOnce() -> Result<T, IngestError>) -> Result<T, IngestError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|panic| Err(IngestError::Internal(ingest::panic_message(panic.as_ref()))))
}

fn result(path: &Path, outcome: Result<AnalysedPlan, IngestError>, started: Instant) -> PlanResult {
    let plan = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    PlanResult {
        path: path.to_owned(),
        plan,
        outcome,
        millis: started.elapsed().as_millis(),
    }
}

/// Repair a normalised text damaged by `source`; corrections come back in
/// source coordinates.
pub fn repaired(
    repairer: &Repairer<'_>,
    text: MappedText,
    source: repair::Source,
) -> (MappedText, Vec<Correction>) {
    let (t, c, _) = repaired_with_rate(repairer, text, source);
    (t, c)
}

/// [`repaired`], with the share of words left unknown.
pub fn repaired_with_rate(
    repairer: &Repairer<'_>,
    text: MappedText,
    source: repair::Source,
) -> (MappedText, Vec<Correction>, f32) {
    let r = repairer.repair_from(&text, source);
    let rate = r.unknown_after;
    let corrections = r
        .corrections
        .into_iter()
        .map(|mut c| {
            c.span = text.origin_range(c.span);
            c
        })
        .collect();
    (r.text, corrections, rate)
}

/// Segment and classify a document's (normalised, maybe repaired) text.
pub fn analyse_text(
    ingested: Ingested,
    text: MappedText,
    damage: Damage,
    corrections: Vec<Correction>,
    taxonomy: &Taxonomy,
) -> AnalysedPlan {
    // Pages of text as written (a Word document's) carry no running heads
    // (headers and footers are not read) and no paragraph runs on over a page
    // unmarked: the segmenter is not told where they break, so a line that
    // opens many pages (the heading after each page break) is not taken for
    // a running head.
    let page_starts: Vec<usize> = if ingested.pages.iter().all(|p| p.kind == PageKind::Text) {
        Vec::new()
    } else {
        ingested
            .pages
            .iter()
            .skip(1)
            .map(|p| text.position_of_origin(p.start))
            .collect()
    };
    let stem = ingested
        .path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let seg = segment::segment(text.as_str(), &page_starts, taxonomy, &stem);
    let owner = taxonomy.owner_by_name(&seg.owner.name);
    let hits = TermHits::find(text.as_str(), taxonomy);
    let mut activities = Vec::with_capacity(seg.activities.len());
    for mut a in seg.activities {
        if a.goal_inferred || a.goal.is_empty() {
            a.goal = classify::infer_goal(text.as_str(), &a, &hits, taxonomy);
            a.goal_inferred = true;
        }
        let coded = classify::classify(
            &classify::Input {
                text: text.as_str(),
                activity: &a,
                owner,
                hits: &hits,
            },
            taxonomy,
        );
        if let Some(pr) = &taxonomy.partner_rubrik
            && !a.rubrik_from_heading
            && coded
                .codes
                .get(&taxonomy.families[pr.family].family)
                .is_some_and(|c| c.contains(&pr.code))
        {
            a.rubrik = pr.rubrik.clone();
        }
        let statement = a.statement_text(text.as_str());
        let city_wide = taxonomy.rubrik(&a.rubrik).is_some_and(|r| r.city_wide);
        let status_counts = a
            .status
            .as_deref()
            .and_then(|s| taxonomy.status(s))
            .is_none_or(|s| s.counts);
        let goal_words = classify::goal_words(text.as_str(), &a, &hits, taxonomy);
        activities.push(CodedActivity {
            id: String::new(),
            activity: a,
            coded,
            statement,
            city_wide,
            counts: !city_wide && status_counts,
            goal_words,
        });
    }
    let short = owner.map_or_else(|| slug(&seg.owner.name), |o| o.short.clone());
    assign_ids(taxonomy, &short, &mut activities);
    let page_labels = ingested
        .pages
        .iter()
        .map(|p| page_label(&ingested, p))
        .collect();
    AnalysedPlan {
        page_labels,
        ingested,
        text,
        owner: seg.owner,
        goals: seg.goals,
        empty_rubriker: seg.empty_rubriker,
        toc: seg.toc,
        has_goal_structure: seg.has_goal_structure,
        activities,
        damage,
        corrections,
        unknown_after_repair: 0.0,
        repaired_from: None,
    }
}

/// Letters and digits of a statement, folded: two renderings of the same
/// activity (text file, PDF) give the same key.
pub fn statement_key(statement: &str) -> String {
    crate::text::fold(statement)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// Stable ids: owner, goal number and a hash of the statement, so the same
/// plan gives the same ids on every run and in every format. Nothing a
/// taxonomy may rename (goal or status codes) enters them: the same text
/// under two statuses is told apart by a running number, in text order.
fn assign_ids(taxonomy: &Taxonomy, owner_short: &str, activities: &mut [CodedActivity]) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for a in activities {
        // The leading '|' keeps the ids of activities without a status as
        // they were when the status was part of the key.
        let key = format!("|{}", statement_key(&a.statement));
        let goal = taxonomy
            .goals
            .iter()
            .find(|g| g.code == a.activity.goal)
            .map_or("0", |g| g.number.as_str());
        let base = format!("{}-{}-{:06x}", owner_short, goal, fnv1a(&key) & 0xff_ffff);
        let n = seen.entry(base.clone()).or_default();
        *n += 1;
        a.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

fn slug(name: &str) -> String {
    let s: String = crate::text::fold(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    s.chars().take(12).collect()
}

#[cfg(test)]
mod input_tests {
    use super::*;

    /// Every file a run writes is one a later run over the same folder passes over.
    #[test]
    fn every_output_file_is_known_as_plancovs_own() {
        let taxonomy = Taxonomy::from_json(
            include_bytes!("../corpus/taxonomy/fri-fran-vald-2022-2026.json"),
            Path::new("taxonomy.json"),
        )
        .expect("taxonomy");
        let analysis = crate::report::aggregate(&Batch { plans: Vec::new() }, &taxonomy);
        let files = crate::report::outputs(&analysis, &crate::report::OutputOptions::default());
        assert!(files.len() > 5);
        for (name, _) in files {
            assert!(written_by_plancov(&name), "{name}: add it to OUTPUT_FILES");
        }
    }

    #[test]
    fn folders_give_every_file_but_hidden_ones_and_plancovs_own() {
        let dir = std::env::temp_dir().join(format!("plancov-inputs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = dir.join("ut");
        std::fs::create_dir_all(dir.join("sub")).expect("dirs");
        std::fs::create_dir_all(&out).expect("dirs");
        for f in [
            "a.pdf",
            "b.docx",
            "c.xlsx",
            "~$b.docx",
            ".hidden",
            "corrections.csv",
            "sub/d.jpg",
            "ut/activities.csv",
            "ut/plan.txt",
        ] {
            std::fs::write(dir.join(f), b"x").expect("write");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(&dir, dir.join("sub/loop")).expect("symlink");
        let names = |files: Vec<PathBuf>| -> Vec<String> {
            files
                .iter()
                .map(|p| {
                    p.strip_prefix(&dir)
                        .unwrap_or(p)
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        };
        let got = collect_inputs_skipping(std::slice::from_ref(&dir), std::slice::from_ref(&out))
            .expect("walk");
        assert_eq!(
            names(got),
            ["a.pdf", "b.docx", "c.xlsx", "sub/d.jpg", "~$b.docx"]
        );
        // The output folder as the input: its plans are read, its results not.
        let got = collect_inputs_skipping(std::slice::from_ref(&out), std::slice::from_ref(&out))
            .expect("walk");
        assert_eq!(names(got), ["ut/plan.txt"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
