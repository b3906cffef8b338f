//! Figures over a set of plans: counts pooled per shape and over the whole
//! set, printed beside the set's first-contact figures — the scores plancov
//! got on those plans before any change was made for them.
//!
//! In: the per-plan scores of [`super::coding`], and optionally the scores
//! recorded at first contact (`first_contact.json` in the gold folder). Out:
//! a plain-text table, one row per shape and one for the set.

use super::coding::{Counts, PlanScore};
use super::error::{EvalError, Result};
use crate::taxonomy::Taxonomy;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// Where a gold folder keeps its first-contact scores.
pub const FIRST_CONTACT: &str = "first_contact.json";

#[derive(serde::Serialize, serde::Deserialize)]
struct Recorded {
    /// What was measured, in words (commit, date), for the reader of the file.
    measured: String,
    plans: Vec<PlanScore>,
}

/// Several plans' scores as one: every count added.
pub fn pooled<'a>(scores: impl IntoIterator<Item = &'a PlanScore>) -> PlanScore {
    let mut all = PlanScore::default();
    for s in scores {
        all.gold += s.gold;
        all.predicted += s.predicted;
        all.matched += s.matched;
        all.goal_right += s.goal_right;
        all.target_right += s.target_right;
        all.rubrik_right += s.rubrik_right;
        all.status_right += s.status_right;
        all.empty_rubriker_gold += s.empty_rubriker_gold;
        all.empty_rubriker_found += s.empty_rubriker_found;
        all.false_gaps
            .extend(s.false_gaps.iter().map(|g| format!("{}: {g}", s.plan)));
        for (fam, codes) in &s.codes {
            for (code, c) in codes {
                let n: &mut Counts = all
                    .codes
                    .entry(fam.clone())
                    .or_default()
                    .entry(code.clone())
                    .or_default();
                n.tp += c.tp;
                n.fp += c.fp;
                n.fn_ += c.fn_;
            }
        }
    }
    all
}

/// The figures the issues set targets for, of pooled scores: recall,
/// precision, goal accuracy, macro-F1 of every gap family, target accuracy
/// and the number of false gaps, in the order of [`columns`].
fn figures(s: &PlanScore, taxonomy: &Taxonomy) -> Vec<f64> {
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let mut v = vec![
        s.segmentation_recall(),
        s.segmentation_precision(),
        s.goal_accuracy(),
    ];
    for f in taxonomy.gap_families() {
        v.push(s.macro_f1(&f.family).unwrap_or(1.0));
    }
    v.push(ratio(s.target_right, s.matched));
    v.push(s.false_gaps.len() as f64);
    v
}

/// The table's columns: the families by their ids, from the taxonomy.
fn columns(taxonomy: &Taxonomy) -> Vec<String> {
    let mut c: Vec<String> = ["recall", "precision", "goal"].map(String::from).to_vec();
    c.extend(taxonomy.gap_families().map(|f| f.family.clone()));
    c.push(taxonomy.target_family().family.clone());
    c.push("falsegap".into());
    c
}

/// The table: per shape and for the set, `first → now` where a first-contact
/// figure exists, else `now`.
pub fn render(now: &[PlanScore], first: Option<&[PlanScore]>, taxonomy: &Taxonomy) -> String {
    let mut shapes: BTreeMap<&str, Vec<&PlanScore>> = BTreeMap::new();
    for s in now {
        shapes.entry(s.shape.as_str()).or_default().push(s);
    }
    let first_of = |plans: &[&PlanScore]| -> Option<PlanScore> {
        let first = first?;
        let mine: Vec<&PlanScore> = first
            .iter()
            .filter(|f| plans.iter().any(|p| p.plan == f.plan))
            .collect();
        (mine.len() == plans.len()).then(|| pooled(mine))
    };
    let mut o = String::new();
    let _ = writeln!(
        o,
        "== set: {} plans, {} gold activities{}",
        now.len(),
        now.iter().map(|p| p.gold).sum::<usize>(),
        if first.is_some() {
            " (first contact → now)"
        } else {
            ""
        }
    );
    let _ = write!(o, "{:<12} {:>5}", "shape", "plans");
    for c in columns(taxonomy) {
        let _ = write!(o, " {c:>11}");
    }
    o.push('\n');
    let mut row = |name: &str, plans: &[&PlanScore]| {
        let now = figures(&pooled(plans.iter().copied()), taxonomy);
        let before = first_of(plans).map(|f| figures(&f, taxonomy));
        let _ = write!(o, "{name:<12} {:>5}", plans.len());
        for (i, n) in now.iter().enumerate() {
            let cell = match (&before, i + 1 == now.len()) {
                (Some(b), true) => format!("{}→{}", b[i], n),
                (Some(b), false) => format!("{:.2}→{:.2}", b[i], n),
                (None, true) => format!("{n}"),
                (None, false) => format!("{n:.3}"),
            };
            let _ = write!(o, " {cell:>11}");
        }
        o.push('\n');
    };
    for (shape, plans) in &shapes {
        row(shape, plans);
    }
    let all: Vec<&PlanScore> = now.iter().collect();
    row("all", &all);
    // The weakest code of each family over the set (targets ask that none
    // fall below a floor).
    let pooled_all = pooled(all.iter().copied());
    let lowest: Vec<String> = taxonomy
        .gap_families()
        .chain(std::iter::once(taxonomy.target_family()))
        .filter_map(|f| {
            let (code, f1) = pooled_all.min_f1(&f.family)?;
            Some(format!("{} {code} {f1:.2}", f.family))
        })
        .collect();
    if !lowest.is_empty() {
        let _ = writeln!(
            o,
            "lowest code per family over the set: {}",
            lowest.join(", ")
        );
    }
    o
}

/// The first-contact scores recorded in `gold_dir`, if any.
pub fn load_first_contact(gold_dir: &Path) -> Result<Option<Vec<PlanScore>>> {
    let p = gold_dir.join(FIRST_CONTACT);
    if !p.exists() {
        return Ok(None);
    }
    let bytes = std::fs::read(&p).map_err(EvalError::read(&p))?;
    let r: Recorded = serde_json::from_slice(&bytes)
        .map_err(EvalError::not_json(&p, "a first-contact record"))?;
    Ok(Some(r.plans))
}

/// Record `scores` as the first-contact scores of `gold_dir`'s plans. Plans
/// already recorded keep their first figures: a first contact happens once.
pub fn save_first_contact(gold_dir: &Path, scores: &[PlanScore], measured: &str) -> Result<usize> {
    let mut plans = load_first_contact(gold_dir)?.unwrap_or_default();
    let mut added = 0;
    for s in scores {
        if !plans.iter().any(|p| p.plan == s.plan) {
            plans.push(s.clone());
            added += 1;
        }
    }
    plans.sort_by(|a, b| a.plan.cmp(&b.plan));
    let r = Recorded {
        measured: measured.to_owned(),
        plans,
    };
    let p = gold_dir.join(FIRST_CONTACT);
    let json = serde_json::to_vec_pretty(&r)?;
    std::fs::write(&p, json).map_err(|source| EvalError::Write {
        path: p.clone(),
        source,
    })?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(name: &str, gold: usize, matched: usize, tp: usize, fp: usize) -> PlanScore {
        let mut s = PlanScore {
            plan: name.into(),
            shape: "x".into(),
            gold,
            predicted: matched,
            matched,
            goal_right: matched,
            target_right: matched,
            ..Default::default()
        };
        s.codes
            .entry("focus".into())
            .or_default()
            .insert("a".into(), Counts { tp, fp, fn_: 0 });
        s
    }

    #[test]
    fn pooled_scores_add_counts_not_ratios() {
        let a = plan("a", 10, 5, 1, 1);
        let b = plan("b", 30, 30, 3, 0);
        let p = pooled([&a, &b]);
        assert_eq!((p.gold, p.matched), (40, 35));
        assert!((p.segmentation_recall() - 35.0 / 40.0).abs() < 1e-9);
        let c = p.codes["focus"]["a"];
        assert_eq!((c.tp, c.fp), (4, 1));
    }

    #[test]
    fn first_contact_is_shown_and_kept() {
        let dir = std::env::temp_dir().join(format!("plancov-fc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let before = plan("a", 10, 5, 1, 1);
        assert_eq!(save_first_contact(&dir, &[before], "t0").expect("saved"), 1);
        // A later save does not overwrite the first figures.
        let after = plan("a", 10, 10, 2, 0);
        assert_eq!(
            save_first_contact(&dir, std::slice::from_ref(&after), "t1").expect("saved"),
            0
        );
        let first = load_first_contact(&dir).expect("loads").expect("present");
        assert_eq!(first[0].matched, 5);
        let table = render(
            &[after],
            Some(&first),
            &Taxonomy::load(Path::new(crate::taxonomy::DEFAULT_TAXONOMY)).expect("taxonomy"),
        );
        assert!(table.contains("0.50→1.00"), "{table}");
        // Focus code a: 2 right, none wrong, none missed.
        assert!(
            table.contains("lowest code per family over the set: focus a 1.00"),
            "{table}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
