//! Coding quality against the hand-written gold labels (fixtures/gold), through
//! the same `eval` command the README shows. Targets from the core issue.

use crate::util::*;

fn eval_output() -> String {
    let o = run(&["eval"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// (plan, family) → macro-F1 and lowest code F1 from the eval table.
fn scores(text: &str) -> Vec<(String, String, f64, f64)> {
    let mut out = Vec::new();
    let mut plan = String::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("== ") {
            plan = rest.split_whitespace().next().unwrap_or("").to_owned();
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() == 6
            && ["focus", "perspective", "group", "prevention", "target"].contains(&cols[0])
        {
            let f1 = cols[3].parse().unwrap_or(0.0);
            let min = cols[5].parse().unwrap_or(0.0);
            out.push((plan.clone(), cols[0].to_owned(), f1, min));
        }
    }
    out
}

#[test]
fn every_gold_activity_is_found_with_its_goal() {
    let text = eval_output();
    for line in text.lines().filter(|l| l.starts_with("segmentation:")) {
        assert!(line.contains("(recall 1.000)"), "{line}");
        assert!(line.contains("goal accuracy 1.000"), "{line}");
    }
}

#[test]
fn clean_plans_reach_the_f1_targets_without_false_gaps() {
    let text = eval_output();
    let s = scores(&text);
    for (plan, family, f1, min) in s.iter().filter(|(p, ..)| !p.starts_with("000_")) {
        if family == "target" {
            continue;
        }
        assert!(*f1 >= 0.90, "{plan} {family} macro-F1 {f1}");
        assert!(*min >= 0.75, "{plan} {family} lowest code F1 {min}");
    }
    assert!(
        s.len() >= 8,
        "the eval table's family rows were not found: {text}"
    );
    let blocks: Vec<&str> = text
        .split("== ")
        .filter(|b| !b.starts_with("000_") && !b.starts_with("set:"))
        .collect();
    for b in blocks.iter().filter(|b| !b.trim().is_empty()) {
        assert!(b.contains("false gaps: none"), "{b}");
    }
}

/// The held-out plans (coded by someone who never saw the taxonomy): every
/// activity found with its goal, and focus areas — the codebook's explicit
/// links — at macro-F1 0.90 or better. The other families are reported by
/// `plancov eval --gold fixtures/heldout --plans fixtures/heldout`, not held.
#[test]
fn held_out_plans_segment_fully_and_link_focus_areas() {
    let o = run(&[
        "eval",
        "--gold",
        "fixtures/heldout",
        "--plans",
        "fixtures/heldout",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let segs: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("segmentation:"))
        .collect();
    assert_eq!(segs.len(), 3);
    for line in segs {
        assert!(
            line.contains("(recall 1.000)") && line.contains("goal accuracy 1.000"),
            "{line}"
        );
    }
    for (plan, family, f1, _) in scores(&text) {
        if family == "focus" {
            assert!(f1 >= 0.90, "{plan} focus macro-F1 {f1}");
        }
    }
}

/// One row of `plancov repair-eval`: (fixture, repaired WER %, precision %, broken).
fn repair_rows(fixtures: &str) -> Vec<(String, f64, f64, usize)> {
    let o = run(&["repair-eval", "--fixtures", fixtures]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            let pct = |s: &str| s.trim_end_matches('%').parse::<f64>().ok();
            Some((
                c.first()?.to_string(),
                pct(c.get(3)?)?,
                pct(c.get(5)?)?,
                c.get(6)?.parse().ok()?,
            ))
        })
        .collect()
}

/// The repair keeps what it reached on the scanned fixtures (issue 3's
/// targets: mild ≤ 1 %, heavy ≤ 10 %, edit precision ≥ 98 %, no correct word
/// broken): a change that loses a point on any of them fails here. Margins
/// are small on purpose.
#[test]
fn repair_reaches_its_measured_quality_on_scanned_fixtures() {
    let rows = repair_rows("fixtures/scanned");
    assert_eq!(rows.len(), 5, "{rows:?}");
    for (file, wer, precision, broken) in &rows {
        let (max_wer, min_precision) = match file.as_str() {
            // The targets for mild damage; measured 0.98% / 0.76%,
            // 99.6% / 98.8%.
            f if f.contains("mild") => (1.0, 98.0),
            // The precision target; measured 7.09% / 7.26% (target
            // 10%), 98.4% / 98.8%.
            f if f.contains("heavy") => (8.5, 98.0),
            // OCRmyPDF's layer: measured 2.57%, 98.5%.
            _ => (3.0, 98.0),
        };
        assert!(*wer <= max_wer, "{file}: repaired WER {wer}% > {max_wer}%");
        assert!(
            *precision >= min_precision,
            "{file}: edit precision {precision}% < {min_precision}%"
        );
        assert_eq!(*broken, 0, "{file}: {broken} correct words broken");
    }
    // The development scans (other plans) hold up as well.
    for (file, wer, _, broken) in repair_rows("fixtures/scanned/dev") {
        let max_wer = if file.contains("mild") { 2.0 } else { 6.5 };
        assert!(wer <= max_wer, "{file}: repaired WER {wer}% > {max_wer}%");
        assert!(broken <= 3, "{file}: {broken} correct words broken");
    }
}

/// The `all` row of eval's set table: recall, precision, goal accuracy, …
fn set_row(text: &str) -> Vec<f64> {
    let row = text
        .lines()
        .find(|l| l.starts_with("all "))
        .unwrap_or_else(|| panic!("no set row in: {text}"));
    row.split_whitespace()
        .skip(2)
        .map(|c| {
            let now = c.rsplit('→').next().unwrap_or(c);
            now.parse()
                .unwrap_or_else(|_| panic!("bad cell {c} in {row}"))
        })
        .collect()
}

/// Plans in shapes plancov was never shown (fixtures/unseen, coded blind from
/// the codebook). The tuning half holds the segmentation targets; the final
/// half, never looked at while changing the code, holds what it was measured
/// at, so a change that loses activities there fails.
#[test]
fn unseen_plans_segment_at_their_measured_figures() {
    for (set, recall, precision, goal) in [("tune", 0.97, 0.95, 0.98), ("final", 0.83, 0.90, 0.93)]
    {
        let o = run(&[
            "eval",
            "--gold",
            &format!("fixtures/unseen/{set}"),
            "--plans",
            "fixtures/unseen",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let r = set_row(&text);
        assert!(r[0] >= recall, "{set}: activity recall {} < {recall}", r[0]);
        assert!(
            r[1] >= precision,
            "{set}: activity precision {} < {precision}",
            r[1]
        );
        assert!(r[2] >= goal, "{set}: goal accuracy {} < {goal}", r[2]);
        assert!(
            text.contains("(first contact → now)"),
            "{set}: no first-contact figures"
        );
    }
}
