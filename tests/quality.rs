//! Coding quality against the hand-written gold labels (fixtures/gold), through
//! the same `eval` command the README shows. Targets from the core issue.
//!
//! The parsers of eval's tables below fail (with the output) when they find no
//! rows, a row they cannot read or a row a test needs: a change of the table
//! format must fail these tests, never leave them asserting nothing.

use crate::util::*;
use std::collections::BTreeMap;

fn eval_output() -> String {
    let o = run(&["eval"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// One plan's block of `plancov eval` output.
#[derive(Debug)]
struct PlanBlock {
    plan: String,
    /// The `segmentation: …` line.
    segmentation: String,
    /// Family → (macro-F1, lowest code F1), from the family table.
    families: BTreeMap<String, (f64, f64)>,
    /// What follows `false gaps: `.
    false_gaps: String,
}

impl PlanBlock {
    /// The scores of `family`; panics when the table has no row for it.
    fn family(&self, family: &str, text: &str) -> (f64, f64) {
        *self.families.get(family).unwrap_or_else(|| {
            panic!(
                "{}: no `{family}` row in eval's family table:\n{text}",
                self.plan
            )
        })
    }
}

/// Every plan block of eval's output (`== plan (owner: …)`, `segmentation:`,
/// the family table, `false gaps:`), up to the set table. Panics, showing the
/// output, when there is no block, a block lacks one of its parts, or a line
/// of it cannot be read.
fn plan_blocks(text: &str) -> Vec<PlanBlock> {
    let mut out: Vec<PlanBlock> = Vec::new();
    let mut in_table = false;
    let fail = |why: String| -> ! { panic!("eval output: {why}:\n{text}") };
    for line in text.lines() {
        if line.starts_with("== set:") {
            break;
        }
        if let Some(rest) = line.strip_prefix("== ") {
            let plan = rest.split_whitespace().next().unwrap_or("").to_owned();
            if plan.is_empty() {
                fail(format!("a plan heading without a plan: {line:?}"));
            }
            out.push(PlanBlock {
                plan,
                segmentation: String::new(),
                families: BTreeMap::new(),
                false_gaps: String::new(),
            });
            in_table = false;
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let Some(block) = out.last_mut() else {
            fail(format!("{line:?} before any plan heading"));
        };
        if line.starts_with("segmentation: ") {
            block.segmentation = line.to_owned();
        } else if line.split_whitespace().collect::<Vec<_>>()
            == ["family", "macroP", "macroR", "macroF1", "lowest", "code"]
        {
            in_table = true;
        } else if let Some(gaps) = line.strip_prefix("false gaps: ") {
            block.false_gaps = gaps.to_owned();
            in_table = false;
        } else if in_table {
            // family macroP macroR macroF1 [lowest-code] lowest-F1
            let cols: Vec<&str> = line.split_whitespace().collect();
            if !(5..=6).contains(&cols.len()) {
                fail(format!("family row {line:?} has {} columns", cols.len()));
            }
            let number = |s: &str| -> f64 {
                s.parse()
                    .unwrap_or_else(|_| fail(format!("{s:?} in row {line:?} is no number")))
            };
            for c in &cols[1..4] {
                number(c);
            }
            let scores = (number(cols[3]), number(cols[cols.len() - 1]));
            if block.families.insert(cols[0].to_owned(), scores).is_some() {
                fail(format!("{}: two rows for {}", block.plan, cols[0]));
            }
        } else {
            fail(format!("{}: unexpected line {line:?}", block.plan));
        }
    }
    if out.is_empty() {
        fail("no plan blocks".into());
    }
    for b in &out {
        if b.segmentation.is_empty() || b.families.is_empty() || b.false_gaps.is_empty() {
            fail(format!(
                "{}: the block lacks its segmentation line, family rows or false gaps",
                b.plan
            ));
        }
    }
    out
}

/// The gold files of `dir`: one eval block each.
fn gold_files(dir: &str) -> usize {
    let n = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".json") && name != "first_contact.json"
        })
        .count();
    assert!(n > 0, "no gold files in {dir}");
    n
}

#[test]
fn every_gold_activity_is_found_with_its_goal() {
    let text = eval_output();
    let blocks = plan_blocks(&text);
    assert_eq!(blocks.len(), gold_files("fixtures/gold"), "{text}");
    for b in &blocks {
        assert!(
            b.segmentation.contains("(recall 1.000)"),
            "{}",
            b.segmentation
        );
        assert!(
            b.segmentation.contains("goal accuracy 1.000"),
            "{}",
            b.segmentation
        );
    }
}

/// The families held to the F1 targets (the activity's target is reported, not held).
const HELD: [&str; 4] = ["focus", "perspective", "group", "prevention"];

#[test]
fn clean_plans_reach_the_f1_targets_without_false_gaps() {
    let text = eval_output();
    // The targets hold for 002 and 004; 000 is not held to them.
    let clean: Vec<PlanBlock> = plan_blocks(&text)
        .into_iter()
        .filter(|b| !b.plan.starts_with("000_"))
        .collect();
    let names: Vec<&str> = clean.iter().map(|b| b.plan.as_str()).collect();
    assert_eq!(
        names,
        ["002_1ad6448ef08cc064.txt", "004_1c625e28d7976f31.txt"],
        "{text}"
    );
    for b in &clean {
        for family in HELD {
            let (f1, min) = b.family(family, &text);
            let plan = &b.plan;
            assert!(f1 >= 0.90, "{plan} {family} macro-F1 {f1}");
            assert!(min >= 0.75, "{plan} {family} lowest code F1 {min}");
        }
        assert_eq!(b.false_gaps, "none", "{}: false gaps", b.plan);
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
    let blocks = plan_blocks(&text);
    assert_eq!(blocks.len(), 3, "{text}");
    for b in &blocks {
        let line = &b.segmentation;
        assert!(
            line.contains("(recall 1.000)") && line.contains("goal accuracy 1.000"),
            "{line}"
        );
        let (f1, _) = b.family("focus", &text);
        assert!(f1 >= 0.90, "{} focus macro-F1 {f1}", b.plan);
    }
}

/// The rows of `plancov repair-eval`: (fixture, repaired WER %, precision %,
/// broken). Panics, with the output, on a header or row it cannot read, or
/// when there are no rows.
fn repair_rows(fixtures: &str) -> Vec<(String, f64, f64, usize)> {
    let o = run(&["repair-eval", "--fixtures", fixtures]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split_whitespace().collect();
    assert!(
        header.starts_with(&[
            "fixture",
            "words",
            "raw",
            "WER",
            "repaired",
            "edits",
            "precision",
            "broken"
        ]),
        "repair-eval's header changed:\n{text}"
    );
    let rows: Vec<(String, f64, f64, usize)> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            let bad = || -> ! { panic!("repair-eval row {l:?} does not parse:\n{text}") };
            let pct = |i: usize| -> f64 {
                c.get(i)
                    .and_then(|s| s.strip_suffix('%'))
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| bad())
            };
            // fixture words raw% repaired% edits precision% broken words/s …
            (
                c.first().map_or_else(|| bad(), |s| (*s).to_owned()),
                pct(3),
                pct(5),
                c.get(6)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| bad()),
            )
        })
        .collect();
    assert!(!rows.is_empty(), "repair-eval printed no rows:\n{text}");
    rows
}

/// The PDFs of a scanned-fixture folder's manifest.
fn manifest_files(dir: &str) -> Vec<String> {
    let m: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!("{dir}/manifest.json")).expect("manifest.json"),
    )
    .expect("manifest is JSON");
    let mut files: Vec<String> = m["files"]
        .as_object()
        .unwrap_or_else(|| panic!("{dir}/manifest.json has no files"))
        .keys()
        .cloned()
        .collect();
    files.sort();
    files
}

/// The repair keeps what it reached on the scanned fixtures (issue 3's
/// targets: mild ≤ 1 %, heavy ≤ 10 %, edit precision ≥ 98 %, no correct word
/// broken): a change that loses a point on any of them fails here. Margins
/// are small on purpose.
#[test]
fn repair_reaches_its_measured_quality_on_scanned_fixtures() {
    let rows = repair_rows("fixtures/scanned");
    // Every fixture with a text layer: the image-only scan has none to repair.
    let mut want = manifest_files("fixtures/scanned");
    want.retain(|f| f != "004_image_only.pdf");
    let got: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(got, want, "{rows:?}");
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
    // The development scans (other plans) hold up as well: every one of them.
    let dev = repair_rows("fixtures/scanned/dev");
    let got: Vec<&str> = dev.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(got, manifest_files("fixtures/scanned/dev"), "{dev:?}");
    for (file, wer, _, broken) in dev {
        let max_wer = if file.contains("mild") { 2.0 } else { 6.5 };
        assert!(wer <= max_wer, "{file}: repaired WER {wer}% > {max_wer}%");
        assert!(broken <= 3, "{file}: {broken} correct words broken");
    }
}

/// The `all` row of eval's set table, by column name (recall, precision,
/// goal, …; the figure now where a cell shows first contact → now). Panics,
/// with the output, when the table, the row or a cell cannot be read.
fn set_row(text: &str) -> BTreeMap<String, f64> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with("== set:"));
    lines
        .next()
        .unwrap_or_else(|| panic!("no set table in: {text}"));
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_else(|| panic!("no set table header in: {text}"))
        .split_whitespace()
        .collect();
    if header.get(..2) != Some(&["shape", "plans"][..]) {
        panic!("the set table's header changed: {header:?}\n{text}");
    }
    let row = lines
        .find(|l| l.starts_with("all "))
        .unwrap_or_else(|| panic!("no `all` row in the set table: {text}"));
    let cells: Vec<&str> = row.split_whitespace().skip(2).collect();
    assert_eq!(
        cells.len(),
        header.len() - 2,
        "the `all` row's cells do not match the header {header:?}: {row}"
    );
    header[2..]
        .iter()
        .zip(cells)
        .map(|(h, c)| {
            let now = c.rsplit('→').next().unwrap_or(c);
            let v = now
                .parse()
                .unwrap_or_else(|_| panic!("bad cell {c} in {row}"));
            ((*h).to_owned(), v)
        })
        .collect()
}

/// Plans in shapes plancov was never shown (fixtures/unseen, coded blind from
/// the codebook). The tuning half holds the segmentation targets; the final
/// half, never looked at while changing the code, holds what it was measured
/// at, so a change that loses activities there fails.
#[test]
fn unseen_plans_segment_at_their_measured_figures() {
    for (set, recall, precision, goal) in [("tune", 0.97, 0.95, 0.98), ("final", 0.88, 0.93, 0.94)]
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
        assert_eq!(
            plan_blocks(&text).len(),
            gold_files(&format!("fixtures/unseen/{set}")),
            "{set}: a block per gold plan"
        );
        let r = set_row(&text);
        let col = |name: &str| -> f64 {
            *r.get(name)
                .unwrap_or_else(|| panic!("{set}: no `{name}` column in the set table: {text}"))
        };
        let (r_now, p_now, g_now) = (col("recall"), col("precision"), col("goal"));
        assert!(r_now >= recall, "{set}: activity recall {r_now} < {recall}");
        assert!(
            p_now >= precision,
            "{set}: activity precision {p_now} < {precision}"
        );
        assert!(g_now >= goal, "{set}: goal accuracy {g_now} < {goal}");
        assert!(
            text.contains("(first contact → now)"),
            "{set}: no first-contact figures"
        );
    }
}

/// The later sets of unseen plans (fixtures/unseen2, fixtures/unseen3), and
/// the coding of the tune halves: each holds what it was measured at when
/// this test was written (recall, precision, goal; and for the tune halves
/// the macro-F1 of focus, perspectives, groups, prevention and target
/// accuracy), so a change that loses ground on them fails. Untouched final
/// halves hold their first-contact figures, not targets.
#[test]
fn later_unseen_sets_hold_their_measured_figures() {
    type Floors = &'static [(&'static str, f64)];
    let sets: [(&str, &str, Floors); 8] = [
        (
            "fixtures/unseen/tune",
            "fixtures/unseen",
            &[
                ("focus", 0.94),
                ("perspective", 0.88),
                ("group", 0.84),
                ("prevention", 0.85),
                ("target", 0.89),
            ],
        ),
        (
            "fixtures/unseen2/tune",
            "fixtures/unseen2",
            &[
                ("recall", 0.99),
                ("precision", 0.99),
                ("goal", 0.99),
                ("focus", 0.97),
                ("perspective", 0.84),
                ("group", 0.87),
                ("prevention", 0.83),
                ("target", 0.92),
            ],
        ),
        (
            "fixtures/unseen2/final",
            "fixtures/unseen2",
            &[("recall", 0.82), ("precision", 0.83), ("goal", 0.97)],
        ),
        (
            "fixtures/unseen3/tune",
            "fixtures/unseen3",
            &[("recall", 0.86), ("precision", 0.93), ("goal", 0.86)],
        ),
        (
            "fixtures/unseen3/final",
            "fixtures/unseen3",
            &[("recall", 0.43), ("precision", 0.76), ("goal", 0.36)],
        ),
        (
            "fixtures/unseen4/tune",
            "fixtures/unseen4",
            &[
                ("recall", 0.99),
                ("precision", 0.99),
                ("goal", 0.99),
                ("group", 0.81),
            ],
        ),
        (
            "fixtures/unseen4/final",
            "fixtures/unseen4",
            &[("recall", 0.91), ("precision", 0.89), ("goal", 0.96)],
        ),
        (
            "fixtures/unseen/final",
            "fixtures/unseen",
            &[
                ("focus", 0.88),
                ("perspective", 0.75),
                ("group", 0.80),
                ("prevention", 0.58),
                ("target", 0.82),
            ],
        ),
    ];
    for (gold, plans, floors) in sets {
        let o = run(&["eval", "--gold", gold, "--plans", plans]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        assert_eq!(
            plan_blocks(&text).len(),
            gold_files(gold),
            "{gold}: a block per gold plan"
        );
        let r = set_row(&text);
        for (name, floor) in floors {
            let now = *r
                .get(*name)
                .unwrap_or_else(|| panic!("{gold}: no `{name}` column in the set table: {text}"));
            assert!(now >= *floor, "{gold}: {name} {now} < {floor}");
        }
        assert!(
            text.contains("(first contact → now)"),
            "{gold}: no first-contact figures"
        );
    }
}

/// The gold labels of `gold` pointed at each plan's `kind` PDF
/// (`DIR/pdf/STEM.KIND.pdf`), as `scripts/eval_variants.sh` does: a gold
/// folder for the same plans read from PDFs.
fn gold_for_pdfs(gold: &str, kind: &str) -> std::path::PathBuf {
    let out = temp_dir(&format!("gold-{}-{kind}", gold.replace('/', "-")));
    for e in std::fs::read_dir(gold).expect("gold folder").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        if stem == "first_contact" {
            continue;
        }
        let mut g: serde_json::Value =
            serde_json::from_slice(&std::fs::read(e.path()).expect("gold")).expect("gold JSON");
        g["plan"] = format!("pdf/{stem}.{kind}.pdf").into();
        std::fs::write(out.join(&name), g.to_string()).expect("write gold");
    }
    out
}

/// Word-exported PDFs keep their tables: the rules drawn between columns
/// separate the cells (measured at 0ef11ac: recall 0.984 and goal 1.000 on
/// unseen2 tune, recall 0.934 on unseen final; 0.721 and 0.898 before).
#[test]
fn word_exported_pdfs_are_read_as_their_text() {
    for (gold, plans, recall, goal) in [
        ("fixtures/unseen2/tune", "fixtures/unseen2", 0.97, 0.99),
        ("fixtures/unseen2/final", "fixtures/unseen2", 0.82, 0.92),
        ("fixtures/unseen/final", "fixtures/unseen", 0.92, 0.90),
        ("fixtures/unseen4/tune", "fixtures/unseen4", 0.97, 0.95),
    ] {
        let g = gold_for_pdfs(gold, "word");
        let o = run(&[
            "eval",
            "--gold",
            g.to_str().expect("utf-8 path"),
            "--plans",
            plans,
            "--ocr",
            "never",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let r = set_row(&text);
        assert!(r["recall"] >= recall, "{gold} as Word PDFs: {text}");
        assert!(r["goal"] >= goal, "{gold} as Word PDFs: {text}");
        let _ = std::fs::remove_dir_all(&g);
    }
}
