//! From plan results to owners, unique activities, matrices and flags.

use super::digest::{ActivityDigest, PlanDigest, Seen, digest};
pub use super::flag::{Flag, FlagKind};
use super::spool::Spool;
use crate::pipeline::{AnalysedPlan, Batch, CodedActivity};
use crate::taxonomy::Taxonomy;
use std::collections::BTreeMap;

/// One unique activity of an owner (the first plan it was found in).
#[derive(Debug, Clone)]
pub struct Row {
    pub plan: usize,
    pub activity: usize,
    pub owner: String,
    /// Other plans of the same owner holding the same activity.
    pub also_in: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct OwnerSummary {
    pub name: String,
    pub known: bool,
    pub plans: Vec<String>,
    /// Own activities that count as coverage.
    pub own: usize,
    /// Own activities with an explicit focus-area link.
    pub explicit_focus: usize,
    pub city_wide: usize,
    pub not_counted: usize,
    /// Activities found again in another plan of the same owner.
    pub duplicates: usize,
}

/// Owner × code counts of own activities for one family.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Matrix {
    pub family: String,
    pub codes: Vec<String>,
    pub names: Vec<String>,
    pub owners: Vec<String>,
    /// `counts[owner][code]`.
    pub counts: Vec<Vec<usize>>,
    /// `ids[owner][code]`: the activities behind each cell.
    pub ids: Vec<Vec<Vec<String>>>,
    /// Number of owners with at least one activity per code.
    pub owners_with_any: Vec<usize>,
}

pub struct Analysis<'a> {
    pub taxonomy: &'a Taxonomy,
    /// Every plan of the batch, sorted by path.
    pub plans: Vec<PlanDigest>,
    /// The plans' text-bearing pieces.
    pub spool: Spool,
    pub owners: Vec<OwnerSummary>,
    pub rows: Vec<Row>,
    pub matrices: Vec<Matrix>,
    pub flags: Vec<Flag>,
    pub gaps: Vec<Gap>,
    pub goal_counts: Vec<GoalCount>,
}

/// A code of the taxonomy and how many owners cover it (codebook §7).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Gap {
    pub family: String,
    pub code: String,
    pub name: String,
    /// Owners with at least one own activity with the code.
    pub departments: usize,
    /// `saknas` (none), `svag` (one) or `ok`.
    pub status: String,
    pub owners: Vec<String>,
    /// Where the code appears without counting: `behov: X`, `berättelse: Y`,
    /// `stadsövergripande: Z` (owners that do not also count it).
    pub mentioned_only_in: Vec<String>,
}

/// Per goal, the owners with at least one own activity (follow-up §5).
#[derive(Debug, Clone, serde::Serialize)]
pub struct GoalCount {
    pub goal: String,
    pub name: String,
    pub departments: usize,
    pub companies: usize,
    pub owners: Vec<String>,
}

impl Analysis<'_> {
    pub fn matrix(&self, family: &str) -> Option<&Matrix> {
        self.matrices.iter().find(|m| m.family == family)
    }
}

impl Analysis<'_> {
    pub fn activity(&self, row: &Row) -> &ActivityDigest {
        match &self.plans[row.plan].outcome {
            Ok(p) => &p.activities[row.activity],
            Err(_) => unreachable!("rows are made only from analysed plans"),
        }
    }

    pub fn plan_name(&self, row: &Row) -> &str {
        &self.plans[row.plan].plan
    }

    /// The statement of a row's activity, as in `activities.csv`.
    pub fn statement(&self, row: &Row) -> std::io::Result<String> {
        let bytes = self.spool.get(self.activity(row).csv)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let mut record = csv::StringRecord::new();
        reader
            .read_record(&mut record)
            .map_err(std::io::Error::other)?;
        Ok(record
            .get(super::csv_out::statement_column(self.taxonomy))
            .unwrap_or_default()
            .to_owned())
    }

    /// Plans that could not be read.
    pub fn unreadable(&self) -> usize {
        self.plans.iter().filter(|p| p.outcome.is_err()).count()
    }
}

/// The families that get a coverage matrix: goal first, then every code family
/// but the activity's target.
fn matrix_families(taxonomy: &Taxonomy) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = vec![(
        "goal".to_owned(),
        taxonomy
            .goals
            .iter()
            .map(|g| (g.code.clone(), g.name.clone()))
            .collect(),
    )];
    for f in taxonomy.gap_families() {
        out.push((
            f.family.clone(),
            f.codes
                .iter()
                .map(|c| (c.code.clone(), c.name.clone()))
                .collect(),
        ));
    }
    out
}

fn codes_of(a: &ActivityDigest, family: &str) -> Vec<String> {
    if family == "goal" {
        vec![a.goal.clone()]
    } else {
        a.get(family).to_vec()
    }
}

/// Aggregate a batch held in memory (its pieces are spooled in memory).
pub fn aggregate<'a>(batch: &Batch, taxonomy: &'a Taxonomy) -> Analysis<'a> {
    let spool = Spool::in_memory();
    let seen = Seen::default();
    let plans = batch
        .plans
        .iter()
        .enumerate()
        .map(|(i, r)| digest(i, r, taxonomy, &spool, &seen))
        .collect();
    aggregate_digests(plans, taxonomy, spool)
}

/// Aggregate the digests of a batch (sorted by path) whose pieces are in `spool`.
pub fn aggregate_digests(
    plans: Vec<PlanDigest>,
    taxonomy: &Taxonomy,
    spool: Spool,
) -> Analysis<'_> {
    let mut flags = Vec::new();
    // Owner → plans (batch order is sorted by path).
    let mut by_owner: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in plans.iter().enumerate() {
        match &r.outcome {
            Ok(p) => by_owner.entry(p.owner.clone()).or_default().push(i),
            Err(e) => flags.push(Flag {
                plan: r.plan.clone(),
                owner: String::new(),
                kind: FlagKind::Olasbar,
                detail: e.to_string(),
            }),
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut owners = Vec::new();
    for (owner, plan_ids) in &by_owner {
        // (goal|status, statement key) → row. The key keeps letters and digits
        // only, so line breaks and spacing of a text or PDF rendering agree.
        let mut seen: std::collections::HashMap<(&str, &str, u128), usize> =
            std::collections::HashMap::new();
        let mut summary = OwnerSummary {
            name: owner.clone(),
            known: true,
            plans: plan_ids.iter().map(|&i| plans[i].plan.clone()).collect(),
            own: 0,
            explicit_focus: 0,
            city_wide: 0,
            not_counted: 0,
            duplicates: 0,
        };
        for &pi in plan_ids {
            let Ok(plan) = &plans[pi].outcome else {
                continue;
            };
            summary.known &= plan.owner_known;
            flags.extend(plan.flags.iter().cloned());
            for (ai, a) in plan.activities.iter().enumerate() {
                // The goal and status, and the statement's letters and digits.
                let key = (a.goal.as_str(), a.status.as_deref().unwrap_or(""), a.key);
                let dup = seen.get(&key).copied();
                if let Some(row) = dup {
                    let plan_name = plans[pi].plan.clone();
                    if rows[row].plan != pi && !rows[row].also_in.contains(&plan_name) {
                        rows[row].also_in.push(plan_name);
                    }
                    summary.duplicates += 1;
                    continue;
                }
                seen.insert(key, rows.len());
                rows.push(Row {
                    plan: pi,
                    activity: ai,
                    owner: owner.clone(),
                    also_in: Vec::new(),
                });
                if a.city_wide {
                    summary.city_wide += 1;
                } else if !a.counts {
                    summary.not_counted += 1;
                } else {
                    summary.own += 1;
                    summary.explicit_focus +=
                        usize::from(!a.get(&taxonomy.focus_family().family).is_empty());
                }
            }
        }
        if plan_ids.len() > 1 {
            flags.push(Flag {
                plan: summary.plans.join(";"),
                owner: owner.clone(),
                kind: FlagKind::SammaAgareFleraPlaner,
                detail: format!(
                    "{} planer från samma ägare ({}); {} identiska aktiviteter räknas en gång",
                    plan_ids.len(),
                    summary.plans.join(", "),
                    summary.duplicates
                ),
            });
        }
        owners.push(summary);
    }
    let analysis_rows = rows;
    let mut matrices = Vec::new();
    for (family, codes) in matrix_families(taxonomy) {
        let owner_names: Vec<String> = owners.iter().map(|o| o.name.clone()).collect();
        let mut counts = vec![vec![0usize; codes.len()]; owner_names.len()];
        let mut ids = vec![vec![Vec::new(); codes.len()]; owner_names.len()];
        for row in &analysis_rows {
            let Ok(plan) = &plans[row.plan].outcome else {
                continue;
            };
            let a = &plan.activities[row.activity];
            if !a.counts {
                continue;
            }
            let Some(oi) = owner_names.iter().position(|o| o == &row.owner) else {
                continue;
            };
            for c in codes_of(a, &family) {
                if let Some(ci) = codes.iter().position(|(code, _)| code == &c) {
                    counts[oi][ci] += 1;
                    ids[oi][ci].push(a.id.clone());
                }
            }
        }
        let owners_with_any = (0..codes.len())
            .map(|ci| counts.iter().filter(|r| r[ci] > 0).count())
            .collect();
        matrices.push(Matrix {
            family,
            codes: codes.iter().map(|(c, _)| c.clone()).collect(),
            names: codes.iter().map(|(_, n)| n.clone()).collect(),
            owners: owner_names,
            counts,
            ids,
            owners_with_any,
        });
    }
    let gaps = gaps(taxonomy, &plans, &analysis_rows, &matrices);
    let goal_counts = goal_counts(taxonomy, &matrices);
    let mut analysis = Analysis {
        taxonomy,
        plans,
        spool,
        owners,
        rows: analysis_rows,
        matrices,
        flags,
        gaps,
        goal_counts,
    };
    owner_flags(&mut analysis);
    analysis.flags.sort();
    analysis.flags.dedup();
    analysis
}

/// What a gap's mention in a narrative is called.
const NARRATIVE_LABEL: &str = "berättelse";

fn gaps(taxonomy: &Taxonomy, plans: &[PlanDigest], rows: &[Row], matrices: &[Matrix]) -> Vec<Gap> {
    let city_wide_label = taxonomy.city_wide_label();
    let mut out = Vec::new();
    for family in taxonomy.gap_families().map(|f| f.family.as_str()) {
        let Some(m) = matrices.iter().find(|m| m.family == family) else {
            continue;
        };
        for (ci, code) in m.codes.iter().enumerate() {
            let owners: Vec<String> = m
                .owners
                .iter()
                .zip(&m.counts)
                .filter(|(_, c)| c[ci] > 0)
                .map(|(o, _)| o.clone())
                .collect();
            // Appearances that do not count, by kind and owner: items that
            // do not count first, then narratives, then city-wide activities.
            let mut mentions: BTreeMap<(u8, String, String), ()> = BTreeMap::new();
            for row in rows {
                if owners.contains(&row.owner) {
                    continue;
                }
                let Ok(plan) = &plans[row.plan].outcome else {
                    continue;
                };
                let a = &plan.activities[row.activity];
                let coded = a.get(family).contains(code);
                let mentioned = a.mentioned(family).contains(code);
                let kind = if a.city_wide && (coded || mentioned) {
                    Some((2, city_wide_label))
                } else if !a.counts && (coded || mentioned) {
                    Some((
                        0,
                        taxonomy.status_label(a.status.as_deref().unwrap_or_default()),
                    ))
                } else if mentioned {
                    Some((1, NARRATIVE_LABEL))
                } else {
                    None
                };
                if let Some((rank, k)) = kind {
                    mentions.insert((rank, k.to_owned(), row.owner.clone()), ());
                }
            }
            let departments = owners.len();
            out.push(Gap {
                family: family.to_owned(),
                code: code.clone(),
                name: m.names[ci].clone(),
                departments,
                status: match departments {
                    0 => "saknas",
                    1 => "svag",
                    _ => "ok",
                }
                .to_owned(),
                owners,
                mentioned_only_in: mentions
                    .into_keys()
                    .map(|(_, k, o)| format!("{k}: {o}"))
                    .collect(),
            });
        }
    }
    out
}

fn goal_counts(taxonomy: &Taxonomy, matrices: &[Matrix]) -> Vec<GoalCount> {
    let Some(m) = matrices.iter().find(|m| m.family == "goal") else {
        return Vec::new();
    };
    m.codes
        .iter()
        .enumerate()
        .map(|(ci, code)| {
            let owners: Vec<String> = m
                .owners
                .iter()
                .zip(&m.counts)
                .filter(|(_, c)| c[ci] > 0)
                .map(|(o, _)| o.clone())
                .collect();
            let companies = owners
                .iter()
                .filter(|o| taxonomy.owner_by_name(o).is_some_and(|x| x.company))
                .count();
            GoalCount {
                goal: code.clone(),
                name: m.names[ci].clone(),
                departments: owners.len() - companies,
                companies,
                owners,
            }
        })
        .collect()
}

/// Flags about one plan as read.
pub(super) fn plan_flags(plan_name: &str, plan: &AnalysedPlan, flags: &mut Vec<Flag>) {
    let owner = plan.owner.name.clone();
    let flag = |kind: FlagKind, detail: String| Flag {
        plan: plan_name.to_owned(),
        owner: owner.clone(),
        kind,
        detail,
    };
    if let Some(reason) = &plan.ingested.incomplete {
        flags.push(flag(FlagKind::Olasbar, format!("delvis oläslig: {reason}")));
    }
    if !plan.has_goal_structure && plan.activities.is_empty() {
        flags.push(flag(
            FlagKind::IngenHandlingsplan,
            "inga inriktningsmål eller aktiviteter hittades; är det en handlingsplan?".into(),
        ));
        return;
    }
    if !plan.has_goal_structure {
        flags.push(flag(
            FlagKind::MalHarledda,
            "planen saknar rubriker för inriktningsmål; målen är härledda ur innehållet".into(),
        ));
    }
    for g in &plan.goals {
        if let Some(doubt) = &g.doubt {
            let heading = g.heading_line(plan.text.as_str(), 120);
            flags.push(flag(
                FlagKind::MalrubrikOsaker,
                format!(
                    "”{heading}” (s. {}): {doubt}",
                    super::csv_out::cite(plan, g.heading.start).0
                ),
            ));
        }
    }
    match plan.repaired_from {
        Some(crate::repair::Source::LatinOcr) => flags.push(flag(
            FlagKind::OcrReparerad,
            format!(
                "OCR-skadad text (å/ä/ö {} % av bokstäverna); {} rättelser, se ocr_corrections.csv",
                format!("{:.1}", plan.damage.swedish_letter_share * 100.0).replace('.', ","),
                plan.corrections.len()
            ),
        )),
        Some(crate::repair::Source::SwedishOcr) if !plan.corrections.is_empty() => {
            flags.push(flag(
                FlagKind::OcrReparerad,
                format!(
                    "läst med svensk OCR; {} rättelser av OCR-fel, se ocr_corrections.csv",
                    plan.corrections.len()
                ),
            ))
        }
        _ => {}
    }
    if plan.unknown_after_repair > 0.15 {
        flags.push(flag(
            FlagKind::SvartSkadadText,
            format!(
                "{:.0} % av orden kunde inte läsas eller lagas; kodningen är osäker",
                plan.unknown_after_repair * 100.0
            ),
        ));
    }
    if !plan.owner.known {
        flags.push(flag(
            FlagKind::AgareFranFilnamn,
            "planens förvaltning/bolag hittades inte i texten; filnamnet används".into(),
        ));
    }
}

/// Flags about one activity as read (kind, detail): made once per unique
/// activity of an owner, however many of its files hold it.
pub(super) fn activity_flags(a: &CodedActivity, taxonomy: &Taxonomy) -> Vec<(FlagKind, String)> {
    let mut out = Vec::new();
    if let Some(detail) = goal_elsewhere(a, taxonomy) {
        out.push((FlagKind::MalAvviker, detail));
    }
    if a.counts && !a.coded.generic_violence.is_empty() {
        let mut words: Vec<String> = a
            .coded
            .generic_violence
            .iter()
            .map(|e| {
                e.matched
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            })
            .collect();
        words.sort();
        words.dedup();
        out.push((
            FlagKind::GeneriskValdsformulering,
            format!(
                "{}: endast generisk våldsformulering ({}) – ingen tydlig koppling till fokusområde",
                a.id,
                words.join(", ")
            ),
        ));
    }
    out
}

/// Words of another goal an activity's content must have, at least, before it
/// is said to fit that goal better than its section's.
const ELSEWHERE_MIN_WORDS: usize = 2;
/// How many more words the other goal must have than the section's goal and
/// than any third goal: the content must point clearly, not just lean.
const ELSEWHERE_MARGIN: usize = 2;

/// How many different things `words` name: inflections and compounds of one
/// word ("skyddat boende", "skyddade boenden"; "förebygga", "förebyggande")
/// are one, so a repeated word never passes for clear evidence.
fn concepts(words: &[String]) -> usize {
    const SAME_START: usize = 4;
    let mut starts: Vec<String> = Vec::new();
    for w in words {
        let start: String = w.chars().take(SAME_START).collect();
        if !starts.contains(&start) {
            starts.push(start);
        }
    }
    starts.len()
}

/// `mal_avviker` (codebook §2): the content of an own activity under a goal
/// heading clearly fits another goal better, by the taxonomy's
/// `goal_inference` terms. The section's goal is kept everywhere; the flag
/// names the better-fitting goal and the words that suggest it.
fn goal_elsewhere(a: &CodedActivity, taxonomy: &Taxonomy) -> Option<String> {
    if !a.counts || a.activity.goal_inferred || a.activity.goal.is_empty() {
        return None;
    }
    let section = &a.activity.goal;
    let words_of = |g: &str| {
        a.goal_words
            .iter()
            .find(|(goal, _)| goal == g)
            .map_or(&[][..], |(_, w)| &w[..])
    };
    let own = concepts(words_of(section));
    // The best other goal, and the runner-up among the others.
    let mut others: Vec<(&String, &Vec<String>, usize)> = a
        .goal_words
        .iter()
        .filter(|(g, _)| g != section)
        .map(|(g, w)| (g, w, concepts(w)))
        .collect();
    others.sort_by_key(|(_, _, n)| std::cmp::Reverse(*n));
    let (best, words, n) = others.first()?;
    let second = others.get(1).map_or(0, |(_, _, n)| *n);
    if *n < ELSEWHERE_MIN_WORDS || *n < own + ELSEWHERE_MARGIN || *n < second + ELSEWHERE_MARGIN {
        return None;
    }
    let name = taxonomy
        .goals
        .iter()
        .find(|g| &g.code == *best)
        .map_or(String::new(), |g| format!(" – {}", g.name));
    let quoted: Vec<String> = words.iter().map(|w| format!("”{w}”")).collect();
    let own_words = if own == 0 {
        String::new()
    } else {
        let q: Vec<String> = words_of(section).iter().map(|w| format!("”{w}”")).collect();
        format!("; för inriktningsmål {section} talar {}", q.join(", "))
    };
    Some(format!(
        "{}: står under inriktningsmål {section} men innehållet passar bättre under inriktningsmål {best}{name} ({}){own_words}",
        a.id,
        quoted.join(", ")
    ))
}

/// Flags about an owner across its plans (codebook §3), and about each of
/// its unique activities; then flags an owner's files share are merged.
fn owner_flags(analysis: &mut Analysis<'_>) {
    let mut new = Vec::new();
    for o in &analysis.owners {
        if o.own == 0 || o.explicit_focus * 2 >= o.own {
            continue;
        }
        let without: Vec<String> = analysis
            .rows
            .iter()
            .filter(|r| r.owner == o.name)
            .map(|r| analysis.activity(r))
            .filter(|a| a.counts && a.get(&analysis.taxonomy.focus_family().family).is_empty())
            .map(|a| a.id.clone())
            .collect();
        new.push(Flag {
            plan: o.plans.join(";"),
            owner: o.name.clone(),
            kind: FlagKind::SaknarFokuskoppling,
            detail: format!(
                "saknar tydlig koppling till fokusområden: {} av {} egna aktiviteter har en uttalad koppling; utan koppling: {}",
                o.explicit_focus,
                o.own,
                without.join(", ")
            ),
        });
    }
    new.extend(empty_goal_flags(analysis));
    // An activity's flags once, whichever of the owner's files hold it.
    for row in &analysis.rows {
        let a = analysis.activity(row);
        if a.flags.is_empty() {
            continue;
        }
        let mut plans = vec![analysis.plan_name(row).to_owned()];
        plans.extend(row.also_in.iter().cloned());
        plans.sort();
        for (kind, detail) in &a.flags {
            new.push(Flag {
                plan: plans.join(";"),
                owner: row.owner.clone(),
                kind: *kind,
                detail: detail.clone(),
            });
        }
    }
    analysis.flags.extend(new);
    analysis.flags = merge_shared(std::mem::take(&mut analysis.flags));
}

/// `tomt_mal`: a goal under which an owner has no own activity in any of its
/// plans; the detail says whether the goal is missing from its plans or its
/// rubriker were left empty.
fn empty_goal_flags(analysis: &Analysis<'_>) -> Vec<Flag> {
    let Some(goals) = analysis.matrix("goal") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (oi, o) in goals.owners.iter().enumerate() {
        let summaries: Vec<&super::digest::PlanSummary> = analysis
            .plans
            .iter()
            .filter_map(|p| p.outcome.as_ref().ok())
            .filter(|p| &p.owner == o)
            .collect();
        if summaries.iter().all(|p| p.no_plan) {
            continue;
        }
        let plans: Vec<&str> = analysis
            .owners
            .iter()
            .find(|s| &s.name == o)
            .map(|s| s.plans.iter().map(String::as_str).collect())
            .unwrap_or_default();
        for (ci, goal) in goals.codes.iter().enumerate() {
            if goals.counts[oi][ci] > 0 {
                continue;
            }
            let mut empty: Vec<&str> = summaries
                .iter()
                .flat_map(|p| &p.empty_rubriker)
                .filter(|(g, _)| g == goal)
                .map(|(_, r)| r.as_str())
                .collect();
            empty.sort();
            empty.dedup();
            let present = summaries.iter().any(|p| p.goals.contains(goal));
            let detail = if !present {
                format!("inriktningsmål {goal}: finns inte i planen")
            } else if empty.is_empty() {
                format!("inriktningsmål {goal}: inga egna aktiviteter")
            } else {
                format!(
                    "inriktningsmål {goal}: inga egna aktiviteter (tomma rubriker: {})",
                    empty.join(", ")
                )
            };
            out.push(Flag {
                plan: plans.join(";"),
                owner: o.clone(),
                kind: FlagKind::TomtMal,
                detail,
            });
        }
    }
    out
}

/// Flags that several files of one owner raise alike (a text and a PDF of
/// the same plan both OCR-repaired the same way) become one flag naming
/// all of them; flags without an owner (unreadable files) stay one per file.
fn merge_shared(flags: Vec<Flag>) -> Vec<Flag> {
    let mut merged: BTreeMap<(String, FlagKind, String), Vec<String>> = BTreeMap::new();
    let mut out = Vec::new();
    for f in flags {
        if f.owner.is_empty() {
            out.push(f);
            continue;
        }
        merged
            .entry((f.owner, f.kind, f.detail))
            .or_default()
            .extend(f.plan.split(';').map(str::to_owned));
    }
    for ((owner, kind, detail), mut plans) in merged {
        plans.sort();
        plans.dedup();
        out.push(Flag {
            plan: plans.join(";"),
            owner,
            kind,
            detail,
        });
    }
    out.sort();
    out.dedup();
    out
}

impl Gap {
    /// Where the code is named without counting, by kind in the order of
    /// `mentioned_only_in` (items that do not count, such as `behov`; then
    /// narratives; then city-wide activities), each with its owners.
    pub fn mentions(&self) -> Vec<(&str, Vec<&str>)> {
        let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
        for m in &self.mentioned_only_in {
            let (kind, owner) = m.split_once(": ").unwrap_or(("", m.as_str()));
            match out.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, owners)) => owners.push(owner),
                None => out.push((kind, vec![owner])),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testkit::{act, digest, taxonomy};

    const FRITID: &str = "Fritidsförvaltningen";
    const KULTUR: &str = "Kulturförvaltningen";
    const MKB: &str = "MKB Fastighets AB";

    /// Owner × code counts of a family, by code, for one owner.
    fn row(a: &Analysis<'_>, family: &str, owner: &str) -> BTreeMap<String, usize> {
        let m = a.matrix(family).expect("matrix");
        let oi = m.owners.iter().position(|o| o == owner).expect("owner row");
        m.codes.iter().cloned().zip(m.counts[oi].clone()).collect()
    }

    fn gap<'x>(a: &'x Analysis<'_>, family: &str, code: &str) -> &'x Gap {
        a.gaps
            .iter()
            .find(|g| g.family == family && g.code == code)
            .expect("gap row")
    }

    #[test]
    fn an_owners_activity_counts_once_per_code_whatever_its_files() {
        let tax = taxonomy();
        let plans = vec![
            digest(
                "fritid.txt",
                FRITID,
                vec![
                    act("F1", "1", 1)
                        .code("focus", &["vald_i_nara_relation", "hedersrelaterat"])
                        .code("perspective", &["kon"]),
                    act("F2", "1", 2).code("focus", &["vald_i_nara_relation"]),
                    // The same statement under another goal is another activity.
                    act("F3", "2", 1).code("focus", &["hedersrelaterat"]),
                ],
            ),
            // A revised copy: F1 again (same goal, same statement), and one new.
            digest(
                "fritid_v2.txt",
                FRITID,
                vec![
                    act("F1b", "1", 1)
                        .code("focus", &["vald_i_nara_relation", "hedersrelaterat"])
                        .code("perspective", &["kon"]),
                    act("F4", "3", 4),
                ],
            ),
            digest(
                "mkb.txt",
                MKB,
                vec![act("M1", "2", 1).code("focus", &["hedersrelaterat"])],
            ),
        ];
        let a = aggregate_digests(plans, &tax, Spool::in_memory());
        // One row per unique activity of an owner; the copy names the other file.
        let ids: Vec<&str> = a.rows.iter().map(|r| a.activity(r).id.as_str()).collect();
        assert_eq!(ids, ["F1", "F2", "F3", "F4", "M1"]);
        assert_eq!(a.rows[0].also_in, ["fritid_v2.txt"]);
        assert!(a.rows[1..].iter().all(|r| r.also_in.is_empty()));
        let focus = row(&a, "focus", FRITID);
        assert_eq!(focus["vald_i_nara_relation"], 2, "F1 and F2");
        assert_eq!(focus["hedersrelaterat"], 2, "F1 and F3, not F1b");
        assert_eq!(focus["sexuellt_vald"], 0);
        assert_eq!(row(&a, "perspective", FRITID)["kon"], 1);
        let goals = row(&a, "goal", FRITID);
        let goal_counts: Vec<usize> = ["1", "2", "3", "4", "5", "6"]
            .iter()
            .map(|g| goals[*g])
            .collect();
        assert_eq!(goal_counts, [2, 1, 1, 0, 0, 0]);
        // The cell names its activities.
        let m = a.matrix("focus").expect("focus");
        let ci = m
            .codes
            .iter()
            .position(|c| c == "hedersrelaterat")
            .expect("code");
        assert_eq!(m.ids[0][ci], ["F1", "F3"]);
        assert_eq!(m.owners, [FRITID, MKB]);
        assert_eq!(m.owners_with_any[ci], 2);
        let fritid = &a.owners[0];
        assert_eq!(
            (fritid.own, fritid.duplicates, fritid.explicit_focus),
            (4, 1, 3)
        );
        assert_eq!(fritid.plans, ["fritid.txt", "fritid_v2.txt"]);
        let twice: Vec<&Flag> = a
            .flags
            .iter()
            .filter(|f| f.kind == "samma_agare_flera_planer")
            .collect();
        assert_eq!(twice.len(), 1, "{twice:?}");
        assert_eq!(twice[0].owner, FRITID);
        assert_eq!(twice[0].plan, "fritid.txt;fritid_v2.txt");
        assert!(
            twice[0].detail.contains("1 identiska"),
            "{}",
            twice[0].detail
        );
        // Gaps (codebook §7): two owners ok, one svag, none saknas.
        let heder = gap(&a, "focus", "hedersrelaterat");
        assert_eq!((heder.departments, heder.status.as_str()), (2, "ok"));
        let vinr = gap(&a, "focus", "vald_i_nara_relation");
        assert_eq!(
            (vinr.status.as_str(), &vinr.owners[..]),
            ("svag", &[FRITID.to_owned()][..])
        );
        let sex = gap(&a, "focus", "sexuellt_vald");
        assert_eq!((sex.departments, sex.status.as_str()), (0, "saknas"));
        assert!(sex.owners.is_empty() && sex.mentioned_only_in.is_empty());
        // Goal counts: departments and companies apart.
        let g2 = a
            .goal_counts
            .iter()
            .find(|g| g.goal == "2")
            .expect("goal 2");
        assert_eq!((g2.departments, g2.companies), (1, 1));
        assert_eq!(g2.owners, [FRITID, MKB]);
        let g4 = a
            .goal_counts
            .iter()
            .find(|g| g.goal == "4")
            .expect("goal 4");
        assert_eq!((g4.departments, g4.companies), (0, 0));
    }

    #[test]
    fn behov_and_city_wide_never_count_and_are_reported_as_mentions() {
        let tax = taxonomy();
        let plans = vec![
            // A stated need naming hbtq-personer.
            digest(
                "fritid.txt",
                FRITID,
                vec![act("F1", "4", 1).mention("group", &["hbtq"]).behov()],
            ),
            // A city-wide activity aimed at hbtq-personer.
            digest(
                "kultur.txt",
                KULTUR,
                vec![act("K1", "1", 2).code("group", &["hbtq"]).city_wide()],
            ),
            // Own activities: hbtq only in the narrative of one.
            digest(
                "mkb.txt",
                MKB,
                vec![
                    act("M1", "1", 3)
                        .code("focus", &["vald_i_nara_relation"])
                        .mention("group", &["hbtq"]),
                    act("M2", "1", 4).code("group", &["aldre"]),
                ],
            ),
        ];
        let a = aggregate_digests(plans, &tax, Spool::in_memory());
        for owner in [FRITID, KULTUR] {
            assert!(row(&a, "goal", owner).values().all(|n| *n == 0), "{owner}");
            assert_eq!(row(&a, "group", owner)["hbtq"], 0, "{owner}");
        }
        assert_eq!(row(&a, "group", MKB)["hbtq"], 0, "a narrative mention");
        assert_eq!(row(&a, "goal", MKB)["1"], 2);
        let summary = |o: &str| a.owners.iter().find(|s| s.name == o).expect("owner");
        let s = summary(FRITID);
        assert_eq!((s.own, s.not_counted, s.city_wide), (0, 1, 0));
        let s = summary(KULTUR);
        assert_eq!((s.own, s.not_counted, s.city_wide), (0, 0, 1));
        let s = summary(MKB);
        assert_eq!((s.own, s.not_counted, s.city_wide), (2, 0, 0));
        // No owner covers hbtq: saknas, with where it was named.
        let hbtq = gap(&a, "group", "hbtq");
        assert_eq!((hbtq.departments, hbtq.status.as_str()), (0, "saknas"));
        assert_eq!(
            hbtq.mentioned_only_in,
            [
                format!("behov: {FRITID}"),
                format!("berättelse: {MKB}"),
                format!("stadsövergripande: {KULTUR}"),
            ]
        );
        // Counted by its only owner: svag, and nothing beside it.
        let aldre = gap(&a, "group", "aldre");
        assert_eq!(
            (aldre.status.as_str(), &aldre.owners[..]),
            ("svag", &[MKB.to_owned()][..])
        );
        assert!(aldre.mentioned_only_in.is_empty());
        // The city-wide and behov owners have no own activity under any goal.
        let empty: Vec<&Flag> = a
            .flags
            .iter()
            .filter(|f| f.kind == "tomt_mal" && f.owner == FRITID)
            .collect();
        assert_eq!(empty.len(), 6, "{empty:?}");
    }

    #[test]
    fn an_owner_that_counts_a_code_is_not_listed_as_a_mention() {
        let tax = taxonomy();
        let plans = vec![digest(
            "mkb.txt",
            MKB,
            vec![
                act("M1", "1", 1).code("group", &["hbtq"]),
                act("M2", "4", 2).mention("group", &["hbtq"]).behov(),
            ],
        )];
        let a = aggregate_digests(plans, &tax, Spool::in_memory());
        let hbtq = gap(&a, "group", "hbtq");
        assert_eq!(hbtq.status, "svag");
        assert!(
            hbtq.mentioned_only_in.is_empty(),
            "{:?}",
            hbtq.mentioned_only_in
        );
    }

    #[test]
    fn fewer_than_half_with_a_focus_link_is_flagged() {
        let tax = taxonomy();
        let focus = |id: &str, key: u128| act(id, "1", key).code("focus", &["hedersrelaterat"]);
        let plans = vec![
            // One of three own activities linked: flagged, the other two named.
            digest(
                "fritid.txt",
                FRITID,
                vec![
                    focus("F1", 1),
                    act("F2", "1", 2),
                    act("F3", "2", 3),
                    // City-wide activities are not the owner's own (codebook §3).
                    act("F4", "1", 4).city_wide(),
                ],
            ),
            // Two of four: half is not fewer than half.
            digest(
                "kultur.txt",
                KULTUR,
                vec![
                    focus("K1", 1),
                    focus("K2", 2),
                    act("K3", "1", 3),
                    act("K4", "1", 4),
                ],
            ),
        ];
        let a = aggregate_digests(plans, &tax, Spool::in_memory());
        let flagged: Vec<&Flag> = a
            .flags
            .iter()
            .filter(|f| f.kind == "saknar_fokuskoppling")
            .collect();
        assert_eq!(flagged.len(), 1, "{flagged:?}");
        assert_eq!(flagged[0].owner, FRITID);
        assert!(
            flagged[0].detail.contains("1 av 3 egna aktiviteter")
                && flagged[0].detail.ends_with("utan koppling: F2, F3"),
            "{}",
            flagged[0].detail
        );
    }

    #[test]
    fn an_unreadable_file_is_flagged_and_owns_nothing() {
        let tax = taxonomy();
        let mut bad = digest("tom.pdf", "", Vec::new());
        bad.outcome = Err(crate::ingest::IngestError::Empty);
        let plans = vec![bad, digest("mkb.txt", MKB, vec![act("M1", "1", 1)])];
        let a = aggregate_digests(plans, &tax, Spool::in_memory());
        assert_eq!(a.unreadable(), 1);
        assert_eq!(a.plans.len(), 2);
        let owners: Vec<&str> = a.owners.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(owners, [MKB]);
        let olasbar: Vec<&Flag> = a.flags.iter().filter(|f| f.kind == "olasbar").collect();
        assert_eq!(olasbar.len(), 1, "{olasbar:?}");
        assert_eq!(
            (olasbar[0].plan.as_str(), olasbar[0].owner.as_str()),
            ("tom.pdf", "")
        );
        assert_eq!(olasbar[0].detail, "filen är tom (0 byte)");
    }
}
