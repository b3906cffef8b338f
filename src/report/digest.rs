//! A finished plan reduced to what the outputs need, without its text.
//!
//! In: one [`PlanResult`] (its text, map, activities, corrections). Out: a
//! [`PlanDigest`]: owner, flags, and per activity its id, codes and a hash of
//! its statement for the owner's de-duplication; the pieces that carry text
//! (CSV rows, the report.json and report.html entries) are rendered at once and
//! appended to the [`Spool`], only their places kept. Made in the worker that
//! analysed the plan, so a batch holds one plan's text per thread, never all.

use super::aggregate::{Flag, FlagKind, activity_flags, plan_flags};
use super::spool::{Chunk, Pieces, Spool, rebase};
use super::{csv_out, draft, html, json_out};
use crate::ingest::IngestError;
use crate::pipeline::{PlanResult, statement_key};
use crate::segment::join_pieces;
use crate::taxonomy::Taxonomy;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

/// One plan of the batch, as the outputs need it.
#[derive(Debug)]
pub struct PlanDigest {
    pub path: PathBuf,
    /// The file name, as shown in every output.
    pub plan: String,
    pub outcome: Result<PlanSummary, IngestError>,
    /// The plan's entry of `report.json`'s `plans`.
    pub json: Chunk,
    /// The plan's section of `report.html`.
    pub html: Chunk,
}

#[derive(Debug)]
pub struct PlanSummary {
    pub owner: String,
    pub owner_known: bool,
    /// The format the file was read as (`text (UTF-8)`, `pdf`, `docx` …).
    pub format: String,
    pub pages: usize,
    /// The goals the plan has a section for, and its explicit empty rubriker
    /// (goal, rubrik): an owner's empty goals are judged over all its plans.
    pub goals: Vec<String>,
    pub empty_rubriker: Vec<(String, String)>,
    /// No goals and no activities found: not an action plan.
    pub no_plan: bool,
    /// Flags about this plan as read.
    pub flags: Vec<Flag>,
    pub activities: Vec<ActivityDigest>,
    /// The plan's rows of `ocr_corrections.csv` (plain CSV, no header).
    pub corrections: Chunk,
}

/// One activity: what aggregation needs, and where its text-bearing parts are.
#[derive(Debug)]
pub struct ActivityDigest {
    pub id: String,
    pub goal: String,
    pub status: Option<String>,
    /// Hash of the statement's key ([`statement_key`]): same activity, same hash.
    pub key: u128,
    pub city_wide: bool,
    pub counts: bool,
    pub codes: BTreeMap<String, Vec<String>>,
    pub mentioned: BTreeMap<String, Vec<String>>,
    /// The row of `activities.csv` (plain CSV, one record).
    pub csv: Chunk,
    /// The entry of `report.json`'s `activities`, without `also_in`.
    pub json: Chunk,
    /// The entry of report.html's data, without `also`.
    pub html: Chunk,
    /// What has been done so far, from the activity's narrative, as the
    /// follow-up quotes it (plain text; empty when there is none).
    pub narrative: Chunk,
    /// Only generic violence wording (codebook §3).
    pub generic: bool,
    /// Flags about this activity alone (kind, detail).
    pub flags: Vec<(FlagKind, String)>,
}

impl ActivityDigest {
    pub fn get(&self, family: &str) -> &[String] {
        self.codes.get(family).map_or(&[], Vec::as_slice)
    }

    pub fn mentioned(&self, family: &str) -> &[String] {
        self.mentioned.get(family).map_or(&[], Vec::as_slice)
    }
}

/// 128 bits of a statement key: two independent 64-bit hashes.
fn key_hash(key: &str) -> u128 {
    let mut sip = std::hash::DefaultHasher::new();
    key.hash(&mut sip);
    let fnv = key.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    });
    (u128::from(sip.finish()) << 64) | u128::from(fnv)
}

/// The activities seen so far in a batch, by owner, goal, status and statement
/// key: the first (plan, activity) of each, in path order, among those seen.
/// An activity seen after an earlier one of the same key is a duplicate that
/// counts once and is never shown (aggregation keeps the first), so its
/// pieces need not be rendered.
#[derive(Default)]
pub struct Seen {
    first: std::sync::Mutex<std::collections::HashMap<SeenKey, (usize, usize)>>,
}

type SeenKey = (String, String, String, u128);

impl Seen {
    /// Whether activity `at` (plan, activity) may be the first of `key`; if so,
    /// it is the first as far as is known.
    fn may_be_first(&self, key: SeenKey, at: (usize, usize)) -> bool {
        let mut first = self.first.lock().unwrap_or_else(|e| e.into_inner());
        let known = first.entry(key).or_insert(at);
        if *known < at {
            return false;
        }
        *known = at;
        true
    }
}

/// Reduce plan `index` (its place in the batch, sorted by path) to its digest,
/// spooling its text-bearing pieces; `seen` is shared by the batch's plans.
pub fn digest(
    index: usize,
    r: &PlanResult,
    taxonomy: &Taxonomy,
    spool: &Spool,
    seen: &Seen,
) -> PlanDigest {
    let mut pieces = Pieces::default();
    let p = match &r.outcome {
        Err(e) => {
            let json = pieces.add(&json_out::failed_plan_entry(r, e));
            let html = pieces.add(html::failed_plan_section(index, &r.plan, e).as_bytes());
            let at = spool.put(pieces);
            return PlanDigest {
                path: r.path.clone(),
                plan: r.plan.clone(),
                outcome: Err(e.clone()),
                json: rebase(json, at),
                html: rebase(html, at),
            };
        }
        Ok(p) => p,
    };
    let labels = &p.page_labels;
    let json = pieces.add(&json_out::plan_entry(r, p, labels));
    let html = pieces.add(html::plan_section(index, &r.plan, p, labels).as_bytes());
    let corrections = pieces.add(&csv_out::correction_rows(&r.plan, p));
    let mut flags = Vec::new();
    plan_flags(&r.plan, p, &mut flags);
    let activities: Vec<ActivityDigest> = p
        .activities
        .iter()
        .enumerate()
        .map(|(ai, a)| {
            let key = key_hash(&statement_key(&a.statement));
            let status = a.activity.status.as_deref().unwrap_or("");
            let first = seen.may_be_first(
                (
                    p.owner.name.clone(),
                    a.activity.goal.clone(),
                    status.to_owned(),
                    key,
                ),
                (index, ai),
            );
            let mut d = ActivityDigest {
                id: a.id.clone(),
                goal: a.activity.goal.clone(),
                status: a.activity.status.clone(),
                key,
                city_wide: a.city_wide,
                counts: a.counts,
                // A known duplicate never becomes a row: its codes are not needed.
                codes: if first {
                    a.coded.codes.clone()
                } else {
                    BTreeMap::new()
                },
                mentioned: if first {
                    a.coded.mentioned.clone()
                } else {
                    BTreeMap::new()
                },
                csv: Chunk::default(),
                json: Chunk::default(),
                html: Chunk::default(),
                narrative: Chunk::default(),
                generic: a.counts && !a.coded.generic_violence.is_empty(),
                flags: Vec::new(),
            };
            // Only the first of its key is ever shown.
            if first {
                d.csv = pieces.add(&csv_out::activity_record(
                    &r.plan,
                    &p.owner.name,
                    p,
                    a,
                    taxonomy,
                ));
                d.json = pieces.add(&json_out::activity_entry(
                    &r.plan,
                    &p.owner.name,
                    p,
                    a,
                    taxonomy,
                ));
                d.html = pieces
                    .add(html::act_entry(index, &r.plan, &p.owner.name, p, a, taxonomy).as_bytes());
                if a.counts {
                    let done = draft::narrative_excerpt(&join_pieces(
                        p.text.as_str(),
                        &a.activity.narrative,
                    ));
                    d.narrative = pieces.add(done.as_bytes());
                }
                d.flags = activity_flags(a, taxonomy);
            }
            d
        })
        .collect();
    let at = spool.put(pieces);
    PlanDigest {
        path: r.path.clone(),
        plan: r.plan.clone(),
        outcome: Ok(PlanSummary {
            owner: p.owner.name.clone(),
            owner_known: p.owner.known,
            format: p.ingested.format.to_string(),
            pages: p.ingested.pages.len(),
            goals: p.goals.iter().map(|g| g.goal.clone()).collect(),
            empty_rubriker: p
                .empty_rubriker
                .iter()
                .map(|e| (e.goal.clone(), e.rubrik.clone()))
                .collect(),
            no_plan: !p.has_goal_structure && p.activities.is_empty(),
            flags,
            activities: activities
                .into_iter()
                .map(|a| ActivityDigest {
                    csv: rebase(a.csv, at),
                    json: rebase(a.json, at),
                    html: rebase(a.html, at),
                    narrative: rebase(a.narrative, at),
                    ..a
                })
                .collect(),
            corrections: rebase(corrections, at),
        }),
        json: rebase(json, at),
        html: rebase(html, at),
    }
}
