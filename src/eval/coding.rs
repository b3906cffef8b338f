//! Evaluation against gold labels: how well does plancov code the seed plans?
//!
//! In: a folder of gold files (`fixtures/gold/*.json`, written by hand from the
//! codebook) and the folder of plans they name. Out: per plan, segmentation
//! recall and precision (gold activities found), goal accuracy, and per code
//! family precision, recall and F1 (per code and macro-averaged), plus "false
//! gaps": codes the gold says the owner covers that plancov says it does not.
//!
//! Activities are paired by their statement text (folded, letters and digits
//! only), best match first, so OCR damage and line breaks do not matter.

use super::error::{EvalError, Result};
use crate::pipeline::{self, AnalysedPlan, statement_key};
use crate::taxonomy::Taxonomy;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

#[derive(Debug, Deserialize)]
struct GoldFile {
    plan: String,
    owner: String,
    activities: Vec<GoldActivity>,
    #[serde(default)]
    empty_rubriker: Vec<serde_json::Value>,
    /// The plan's layout, for figures per shape (e.g. "labelled activities").
    #[serde(default)]
    shape: String,
}

#[derive(Debug, Deserialize, Clone)]
struct GoldActivity {
    statement: String,
    goal: serde_json::Value,
    rubrik: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
    /// The codes, under the names activities.csv gives their columns
    /// (`focus`, `perspectives`, `groups_in_narrative` …): one code or a list.
    #[serde(flatten)]
    columns: BTreeMap<String, serde_json::Value>,
}

impl GoldActivity {
    fn goal(&self) -> String {
        match &self.goal {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// The gold codes in one column; an empty string is no code.
    fn column(&self, column: &str) -> Vec<String> {
        let one = |v: &serde_json::Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
        match self.columns.get(column) {
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(one).collect(),
            Some(v) => one(v).into_iter().collect(),
            None => Vec::new(),
        }
    }
}

/// What is scored: every family of the taxonomy under its id, and for a
/// narrative family the codes named only in narrative, under
/// `<column>_in_narrative` — the gold files use activities.csv's column names.
#[derive(Debug, Clone)]
struct Scored {
    /// The key in [`PlanScore::codes`] and the gold file's field.
    key: String,
    column: String,
    family: String,
    narrative: bool,
}

fn scored(taxonomy: &Taxonomy) -> Vec<Scored> {
    let mut out: Vec<Scored> = taxonomy
        .families
        .iter()
        .map(|f| Scored {
            key: f.family.clone(),
            column: f.column.clone(),
            family: f.family.clone(),
            narrative: false,
        })
        .collect();
    for f in taxonomy.families.iter().filter(|f| f.narrative) {
        let col = format!("{}_in_narrative", f.column);
        out.push(Scored {
            key: col.clone(),
            column: col,
            family: f.family.clone(),
            narrative: true,
        });
    }
    out
}

fn predicted(a: &pipeline::CodedActivity, s: &Scored) -> Vec<String> {
    if s.narrative {
        a.coded.mentioned(&s.family).to_vec()
    } else {
        a.coded.get(&s.family).to_vec()
    }
}

#[derive(Debug, Default, Clone, Copy, serde::Serialize, Deserialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[derive(Debug, Default, Clone, serde::Serialize, Deserialize)]
pub struct PlanScore {
    pub plan: String,
    /// The plan's shape, from its gold file (or the file name up to `_`).
    #[serde(default)]
    pub shape: String,
    pub owner_gold: String,
    pub owner_found: String,
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub goal_right: usize,
    /// Matched activities whose target (the taxonomy's `target` family) is right.
    #[serde(default)]
    pub target_right: usize,
    pub rubrik_right: usize,
    pub status_right: usize,
    pub empty_rubriker_gold: usize,
    pub empty_rubriker_found: usize,
    /// family → code → counts
    pub codes: BTreeMap<String, BTreeMap<String, Counts>>,
    pub false_gaps: Vec<String>,
    #[serde(skip)]
    pub diffs: Vec<String>,
}

impl PlanScore {
    pub fn segmentation_recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn segmentation_precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    pub fn goal_accuracy(&self) -> f64 {
        ratio(self.goal_right, self.matched)
    }
    /// Macro-F1 of a family over the codes present in gold or prediction.
    pub fn macro_f1(&self, family: &str) -> Option<f64> {
        let codes = self.codes.get(family)?;
        if codes.is_empty() {
            return None;
        }
        Some(codes.values().map(Counts::f1).sum::<f64>() / codes.len() as f64)
    }
    pub fn min_f1(&self, family: &str) -> Option<(String, f64)> {
        self.codes
            .get(family)?
            .iter()
            .map(|(c, n)| (c.clone(), n.f1()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

pub struct EvalReport {
    pub plans: Vec<PlanScore>,
}

/// Score every gold file in `gold_dir` against the plans in `plans_dir`, read
/// and analysed as one batch exactly as `analyze` does it (same options, OCR,
/// batch vocabulary for the repair).
pub fn evaluate(
    gold_dir: &Path,
    plans_dir: &Path,
    taxonomy: &Taxonomy,
    options: &pipeline::Options,
) -> Result<EvalReport> {
    let mut files: Vec<_> = std::fs::read_dir(gold_dir)
        .map_err(|source| EvalError::GoldFolder {
            path: gold_dir.to_owned(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter(|p| !p.ends_with(super::summary::FIRST_CONTACT))
        .collect();
    files.sort();
    let columns = scored(taxonomy);
    let mut golds = Vec::new();
    for f in files {
        let gold: GoldFile =
            serde_json::from_slice(&std::fs::read(&f).map_err(EvalError::read(&f))?)
                .map_err(EvalError::not_json(&f, "a gold file"))?;
        for a in &gold.activities {
            if let Some(c) = a
                .columns
                .keys()
                .find(|c| !columns.iter().any(|s| &s.column == *c))
            {
                return Err(EvalError::GoldColumn {
                    path: f.clone(),
                    column: c.clone(),
                });
            }
        }
        golds.push(gold);
    }
    let paths: Vec<_> = golds.iter().map(|g| plans_dir.join(&g.plan)).collect();
    let batch = pipeline::run(&paths, taxonomy, options, &|_| {});
    let mut plans = Vec::new();
    for gold in &golds {
        let path = plans_dir.join(&gold.plan);
        let result = batch
            .plans
            .iter()
            .find(|r| r.path == path)
            .ok_or_else(|| EvalError::NotInBatch(path.clone()))?;
        let plan = result
            .outcome
            .as_ref()
            .map_err(|e| EvalError::plan(&path)(e.clone()))?;
        plans.push(score(gold, plan, taxonomy));
    }
    Ok(EvalReport { plans })
}

/// Pair gold and predicted activities by statement similarity, best first.
fn pair(gold: &[GoldActivity], plan: &AnalysedPlan) -> Vec<(usize, usize)> {
    let gk: Vec<String> = gold.iter().map(|g| statement_key(&g.statement)).collect();
    let pk: Vec<String> = plan
        .activities
        .iter()
        .map(|a| statement_key(&a.statement))
        .collect();
    let mut cands = Vec::new();
    for (i, g) in gk.iter().enumerate() {
        for (j, p) in pk.iter().enumerate() {
            let n = g.chars().count().min(p.chars().count()).clamp(1, 160);
            let gp: String = g.chars().take(n).collect();
            let pp: String = p.chars().take(n).collect();
            let prefix = strsim::normalized_levenshtein(&gp, &pp);
            let whole = strsim::normalized_levenshtein(g, p);
            let s = prefix.max(whole) * 0.7 + whole * 0.3;
            if prefix >= 0.75 && whole >= 0.3 {
                cands.push((s, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut used_g = BTreeSet::new();
    let mut used_p = BTreeSet::new();
    let mut pairs = Vec::new();
    for (_, i, j) in cands {
        if used_g.contains(&i) || used_p.contains(&j) {
            continue;
        }
        used_g.insert(i);
        used_p.insert(j);
        pairs.push((i, j));
    }
    pairs
}

fn score(gold: &GoldFile, plan: &AnalysedPlan, taxonomy: &Taxonomy) -> PlanScore {
    let pairs = pair(&gold.activities, plan);
    let mut s = PlanScore {
        plan: gold.plan.clone(),
        shape: if gold.shape.is_empty() {
            gold.plan
                .split(['_', '.'])
                .next()
                .unwrap_or_default()
                .to_owned()
        } else {
            gold.shape.clone()
        },
        owner_gold: gold.owner.clone(),
        owner_found: plan.owner.name.clone(),
        gold: gold.activities.len(),
        predicted: plan.activities.len(),
        matched: pairs.len(),
        empty_rubriker_gold: gold.empty_rubriker.len(),
        empty_rubriker_found: plan.empty_rubriker.len(),
        ..Default::default()
    };
    let families = scored(taxonomy);
    let target = families
        .iter()
        .find(|f| !f.narrative && f.family == taxonomy.target_family().family)
        .expect("the target family is scored");
    let mut bump = |fam: &str, code: &str, f: &dyn Fn(&mut Counts)| {
        f(s.codes
            .entry(fam.to_owned())
            .or_default()
            .entry(code.to_owned())
            .or_default());
    };
    let matched_g: BTreeSet<usize> = pairs.iter().map(|p| p.0).collect();
    let matched_p: BTreeSet<usize> = pairs.iter().map(|p| p.1).collect();
    let mut diffs = Vec::new();
    for &(gi, pi) in &pairs {
        let g = &gold.activities[gi];
        let p = &plan.activities[pi];
        s.goal_right += usize::from(g.goal() == p.activity.goal);
        s.target_right += usize::from(predicted(p, target) == g.column(&target.column));
        s.rubrik_right += usize::from(g.rubrik == p.activity.rubrik);
        s.status_right += usize::from(g.status == p.activity.status.clone().unwrap_or_default());
        if g.goal() != p.activity.goal {
            diffs.push(format!(
                "  goal {} ≠ gold {}: {}",
                p.activity.goal,
                g.goal(),
                short(&g.statement)
            ));
        }
        for fam in &families {
            let gs: BTreeSet<String> = g.column(&fam.column).into_iter().collect();
            let ps: BTreeSet<String> = predicted(p, fam).into_iter().collect();
            for c in gs.union(&ps) {
                match (gs.contains(c), ps.contains(c)) {
                    (true, true) => bump(&fam.key, c, &|n| n.tp += 1),
                    (true, false) => bump(&fam.key, c, &|n| n.fn_ += 1),
                    (false, true) => bump(&fam.key, c, &|n| n.fp += 1),
                    _ => {}
                }
            }
            if gs != ps {
                diffs.push(format!(
                    "  {}: got {:?} want {:?}  [{}] {}",
                    fam.key,
                    ps,
                    gs,
                    p.id,
                    short(&g.statement)
                ));
            }
        }
    }
    for (gi, g) in gold.activities.iter().enumerate() {
        if matched_g.contains(&gi) {
            continue;
        }
        diffs.push(format!(
            "  MISSING (goal {}): {}",
            g.goal(),
            short(&g.statement)
        ));
        for fam in &families {
            for c in g.column(&fam.column) {
                bump(&fam.key, &c, &|n| n.fn_ += 1);
            }
        }
    }
    for (pi, p) in plan.activities.iter().enumerate() {
        if matched_p.contains(&pi) {
            continue;
        }
        diffs.push(format!(
            "  EXTRA (goal {}): {}",
            p.activity.goal,
            short(&p.statement)
        ));
        for fam in &families {
            for c in predicted(p, fam) {
                bump(&fam.key, &c, &|n| n.fp += 1);
            }
        }
    }
    // False gaps: a code the gold says this owner covers (own activities) that
    // plancov finds in none of the owner's own activities.
    // Own activities are those under no city-wide rubrik and with a status
    // that counts (the taxonomy's `city_wide` and `counts`).
    let counts_gold = |g: &GoldActivity| {
        !taxonomy.rubrik(&g.rubrik).is_some_and(|r| r.city_wide)
            && taxonomy.status(&g.status).is_none_or(|st| st.counts)
    };
    for f in taxonomy.gap_families() {
        let fam = families
            .iter()
            .find(|s| !s.narrative && s.family == f.family)
            .expect("every family is scored");
        let gold_cov: BTreeSet<String> = gold
            .activities
            .iter()
            .filter(|g| counts_gold(g))
            .flat_map(|g| g.column(&fam.column))
            .collect();
        let found: BTreeSet<String> = plan
            .activities
            .iter()
            .filter(|a| a.counts)
            .flat_map(|a| predicted(a, fam))
            .collect();
        for c in gold_cov.difference(&found) {
            s.false_gaps.push(format!("{}/{c}", f.family));
        }
    }
    s.diffs = diffs;
    s
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(90).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

impl EvalReport {
    /// A plain-text table of the scores.
    pub fn render(&self, verbose: bool) -> String {
        let mut o = String::new();
        for p in &self.plans {
            let _ = writeln!(
                o,
                "== {} (owner: {}{})",
                p.plan,
                p.owner_found,
                if p.owner_found == p.owner_gold {
                    ""
                } else {
                    " ≠ gold"
                }
            );
            let _ = writeln!(
                o,
                "segmentation: {}/{} gold activities found (recall {:.3}), {} predicted (precision {:.3}); goal accuracy {:.3}; rubrik {:.3}; status {:.3}; empty rubriker {}/{}",
                p.matched,
                p.gold,
                p.segmentation_recall(),
                p.predicted,
                p.segmentation_precision(),
                p.goal_accuracy(),
                ratio(p.rubrik_right, p.matched),
                ratio(p.status_right, p.matched),
                p.empty_rubriker_found,
                p.empty_rubriker_gold
            );
            let _ = writeln!(
                o,
                "{:<20} {:>8} {:>8} {:>8}   lowest code",
                "family", "macroP", "macroR", "macroF1"
            );
            for (fam, codes) in &p.codes {
                let n = codes.len().max(1) as f64;
                let mp = codes.values().map(Counts::precision).sum::<f64>() / n;
                let mr = codes.values().map(Counts::recall).sum::<f64>() / n;
                let (lc, lf) = p.min_f1(fam).unwrap_or_default();
                let _ = writeln!(
                    o,
                    "{:<20} {:>8.3} {:>8.3} {:>8.3}   {} {:.3}",
                    fam,
                    mp,
                    mr,
                    p.macro_f1(fam).unwrap_or(0.0),
                    lc,
                    lf
                );
            }
            let _ = writeln!(
                o,
                "false gaps: {}",
                if p.false_gaps.is_empty() {
                    "none".to_owned()
                } else {
                    p.false_gaps.join(", ")
                }
            );
            if verbose {
                for d in &p.diffs {
                    let _ = writeln!(o, "{d}");
                }
            }
            o.push('\n');
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::DEFAULT_TAXONOMY;

    fn taxonomy() -> Taxonomy {
        Taxonomy::load(Path::new(DEFAULT_TAXONOMY)).expect("taxonomy")
    }

    #[test]
    fn scored_families_follow_the_taxonomy_and_its_column_names() {
        let keys: Vec<(String, String)> = scored(&taxonomy())
            .into_iter()
            .map(|s| (s.key, s.column))
            .collect();
        let want = [
            ("focus", "focus"),
            ("perspective", "perspectives"),
            ("target", "target"),
            ("group", "groups"),
            ("prevention", "prevention"),
            ("focus_in_narrative", "focus_in_narrative"),
            ("groups_in_narrative", "groups_in_narrative"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(k, c)| ((*k).to_owned(), (*c).to_owned()))
            .collect();
        assert_eq!(keys, want);
    }

    #[test]
    fn a_gold_column_the_taxonomy_lacks_is_an_error_not_a_silent_zero() {
        let dir = std::env::temp_dir().join(format!("plancov-gold-col-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            dir.join("p.json"),
            r#"{"plan":"p.txt","owner":"X","activities":[{"statement":"S","goal":1,
               "rubrik":"verksamhetsspecifik","perspektiv":["kon"],"prevention":"ingen","target":"intern"}]}"#,
        )
        .expect("gold");
        let options = pipeline::Options {
            read: Default::default(),
            jobs: Some(1),
        };
        let err = evaluate(&dir, &dir, &taxonomy(), &options)
            .err()
            .expect("an unknown column fails");
        assert!(
            matches!(&err, EvalError::GoldColumn { column, .. } if column == "perspektiv"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn gold_codes_are_read_as_one_code_or_a_list() {
        let a: GoldActivity = serde_json::from_str(
            r#"{"statement":"S","goal":"2","rubrik":"r","groups":["hbtq",""],"prevention":"","target":"extern"}"#,
        )
        .expect("gold activity");
        assert_eq!(a.goal(), "2");
        assert_eq!(a.column("groups"), ["hbtq"]);
        assert!(a.column("prevention").is_empty());
        assert_eq!(a.column("target"), ["extern"]);
        assert!(a.column("focus").is_empty());
    }
}
