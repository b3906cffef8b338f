//! Bad input end to end: every file in fixtures/bad/ (made by
//! scripts/make_bad_fixtures.py) is run through the binary together with one
//! good plan. Nothing may crash the run; a file that cannot be read is flagged
//! `olasbar` with a reason an analyst understands, a readable file that is no
//! plan is flagged `ingen_handlingsplan`, and the rest are analysed.

use crate::util::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

const GOOD: &str = "corpus/plans/004_1c625e28d7976f31.txt";
const GOOD_NAME: &str = "004_1c625e28d7976f31.txt";
const GOOD_ACTIVITIES: usize = 27;
const SCAN: &str = "fixtures/scanned/004_image_only.pdf";

/// What plancov must make of a file.
enum Expect {
    /// Flagged `olasbar`; the reason holds all these words (case-insensitive).
    Unreadable(&'static [&'static str]),
    /// Read, but no plan: flagged `ingen_handlingsplan`.
    NotAPlan,
    /// Analysed with this owner and this many activities, no `olasbar` flag;
    /// `listed` of them are rows of activities.csv under this file (an
    /// owner's identical activities are listed once, under its first plan by
    /// path: the good plan's copies list none); every listed activity's text
    /// appears, word for word, in `source` (UTF-8) when given.
    Analysed {
        owner: &'static str,
        activities: usize,
        listed: usize,
        source: Option<&'static str>,
    },
    /// Cut in half: see the test.
    Truncated,
}

fn expectations() -> BTreeMap<&'static str, Expect> {
    use Expect::*;
    BTreeMap::from([
        ("zero_bytes.pdf", Unreadable(&["tom", "0 byte"])),
        ("random_bytes.pdf", Unreadable(&["ingen pdf"])),
        ("truncated.pdf", Truncated),
        // lopdf rebuilds the cross-reference table by scanning for objects:
        // the plan is read in full.
        (
            "broken_xref.pdf",
            Analysed {
                owner: ASF,
                activities: GOOD_ACTIVITIES,
                listed: 0,
                source: Some(GOOD),
            },
        ),
        (
            "encrypted_user_password.pdf",
            Unreadable(&["lösenordsskyddad"]),
        ),
        // An empty user password (owner password only): opens like any PDF.
        (
            "encrypted_empty_password.pdf",
            Analysed {
                owner: "Grundskoleförvaltningen",
                activities: 29,
                listed: 29,
                source: Some("fixtures/heldout/grundskoleforvaltningen.txt"),
            },
        ),
        ("no_pages.pdf", Unreadable(&["inga sidor"])),
        ("image_only.pdf", Unreadable(&["ocr"])),
        (
            "windows_1252.txt",
            Analysed {
                owner: "Miljöförvaltningen",
                activities: 29,
                listed: 29,
                source: Some("fixtures/heldout/miljoforvaltningen.txt"),
            },
        ),
        (
            "utf16.txt",
            Analysed {
                owner: "MKB Fastighets AB",
                activities: 23,
                listed: 23,
                source: Some("fixtures/heldout/mkb.txt"),
            },
        ),
        ("not_a_plan.txt", NotAPlan),
        // Forms that draw themselves and each other, in a page tree whose
        // nodes are their own kids: each form is drawn once, the text read.
        ("xobject_self.pdf", NotAPlan),
        // A page under 10,000 nested /Pages nodes, /Resources behind 10,000
        // references in a row, dictionaries and arrays nested 10,000 deep:
        // the page's one line is read.
        ("dict_chain_deep.pdf", NotAPlan),
        // 004 laid out on 5 pages, repeated to 500: 100 copies of the plan.
        (
            "plan_500_pages.pdf",
            Analysed {
                owner: ASF,
                activities: 100 * GOOD_ACTIVITIES,
                listed: 0,
                source: Some(GOOD),
            },
        ),
    ])
}

/// `--ocr never` when plancov has that option, so the test does not depend
/// on Tesseract being installed.
fn ocr_never() -> Vec<&'static str> {
    let help = run(&["analyze", "--help"]);
    if String::from_utf8_lossy(&help.stdout).contains("--ocr") {
        vec!["--ocr", "never"]
    } else {
        Vec::new()
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn bad_inputs_are_flagged_and_the_rest_analysed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expect = expectations();
    let mut on_disk: Vec<String> = std::fs::read_dir(root.join("fixtures/bad"))
        .expect("fixtures/bad")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    on_disk.sort();
    let listed: Vec<String> = expect.keys().map(|k| (*k).to_owned()).collect();
    assert_eq!(
        on_disk, listed,
        "fixtures/bad/ and this test's expectations must list the same files"
    );

    let extra = ocr_never();
    let started = Instant::now();
    let (out, code) = analyze("robustness", &["fixtures/bad", GOOD, SCAN], &extra);
    let took = started.elapsed();
    assert_eq!(code, 1, "exit status (1: some plans unreadable)");
    assert!(took < Duration::from_secs(40), "the run took {took:?}");

    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report.json"))
            .expect("json");
    // Per plan as read: status, owner and number of activities (activities.csv
    // lists an owner's identical activities once, under its first plan).
    let plan_of = |plan: &str| -> serde_json::Value {
        report["plans"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["plan"] == plan))
            .cloned()
            .unwrap_or_else(|| panic!("{plan} not in report.json"))
    };
    let flags = csv_rows(&out.join("flags.csv"));
    let acts = csv_rows(&out.join("activities.csv"));
    let flags_of = |plan: &str| -> Vec<&BTreeMap<String, String>> {
        flags
            .iter()
            .filter(|f| f["plan"].split(';').any(|p| p == plan))
            .collect()
    };
    let acts_of = |plan: &str| -> Vec<&BTreeMap<String, String>> {
        acts.iter().filter(|a| a["plan"] == plan).collect()
    };
    // No file's failure is an internal error (a caught panic).
    for f in &flags {
        assert!(
            !f["detail"].contains("internt fel"),
            "{}: {}",
            f["plan"],
            f["detail"]
        );
    }

    // The good plan, in full.
    assert_eq!(acts_of(GOOD_NAME).len(), GOOD_ACTIVITIES, "{GOOD_NAME}");
    assert_eq!(plan_of(GOOD_NAME)["activities"], GOOD_ACTIVITIES);
    assert!(
        flags_of(GOOD_NAME).iter().all(|f| f["kind"] != "olasbar"),
        "{GOOD_NAME} flagged olasbar"
    );

    // The scan: unreadable without OCR, and the reason says so.
    let scan = flags_of("004_image_only.pdf");
    assert!(
        scan.iter().any(|f| f["kind"] == "olasbar"
            && (f["detail"].to_lowercase().contains("ocr") || f["detail"].contains("tesseract"))),
        "004_image_only.pdf: {scan:?}"
    );

    for (name, e) in &expect {
        let fl = flags_of(name);
        let olasbar: Vec<&str> = fl
            .iter()
            .filter(|f| f["kind"] == "olasbar")
            .map(|f| f["detail"].as_str())
            .collect();
        let a = acts_of(name);
        match e {
            Expect::Unreadable(words) => {
                assert_eq!(olasbar.len(), 1, "{name}: olasbar flags {fl:?}");
                let reason = olasbar[0].to_lowercase();
                for w in *words {
                    assert!(reason.contains(w), "{name}: reason {reason:?} lacks {w:?}");
                }
                assert!(a.is_empty(), "{name}: unreadable yet has activities");
                assert_eq!(plan_of(name)["status"], "olasbar", "{name}");
            }
            Expect::NotAPlan => {
                assert!(olasbar.is_empty(), "{name}: olasbar {olasbar:?}");
                assert!(
                    fl.iter().any(|f| f["kind"] == "ingen_handlingsplan"
                        && f["detail"].contains("handlingsplan")),
                    "{name}: flags {fl:?}"
                );
                assert!(a.is_empty(), "{name}: has activities");
                assert_eq!(plan_of(name)["activities"], 0, "{name}");
            }
            Expect::Analysed {
                owner,
                activities,
                listed,
                source,
            } => {
                assert!(olasbar.is_empty(), "{name}: olasbar {olasbar:?}");
                let p = plan_of(name);
                assert_eq!(p["status"], "ok", "{name}");
                assert_eq!(p["activities"], *activities, "{name}: activities");
                assert_eq!(p["owner"], *owner, "{name}: owner");
                assert_eq!(a.len(), *listed, "{name}: rows in activities.csv");
                assert!(a.iter().all(|r| r["owner"] == *owner), "{name}: owner");
                if let Some(src) = source {
                    let text = collapse(&std::fs::read_to_string(root.join(src)).expect("source"));
                    for r in &a {
                        let t = &r["text"];
                        assert!(
                            !t.contains('\u{fffd}') && !t.contains('Ã'),
                            "{name}: mis-decoded {t:?}"
                        );
                        assert!(text.contains(t.as_str()), "{name}: {t:?} not in {src}");
                    }
                }
            }
            Expect::Truncated => {
                // lopdf rebuilds what it can of a file cut in half: the first
                // page's text survives, the later pages' content streams are
                // gone. What was read is analysed, and the plan is flagged
                // olasbar ("delvis oläslig … avkortad"), so it cannot pass for
                // a whole plan; the goals that were cut off are missing from
                // it (an empty goal is flagged per owner, and this owner's
                // other plans have them).
                assert!(
                    olasbar.iter().any(|d| d.contains("avkortad")),
                    "{name}: flags {fl:?}"
                );
                let n = plan_of(name)["activities"].as_u64().unwrap_or(0) as usize;
                assert!(n < GOOD_ACTIVITIES, "{name}: {n} activities");
                let goals = plan_of(name)["goals_found"].as_array().map_or(0, Vec::len);
                let whole = plan_of(GOOD_NAME)["goals_found"]
                    .as_array()
                    .map_or(0, Vec::len);
                assert!(goals < whole, "{name}: {goals} of {whole} goals found");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Each bad file alone through `extract`: exit 0 or 1, never a panic (101)
/// or a signal. (`analyze` on all of them is the test above.)
#[test]
fn no_bad_input_crashes_extract() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<_> = std::fs::read_dir(root.join("fixtures/bad"))
        .expect("fixtures/bad")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    names.sort();
    for p in names {
        let rel = p
            .strip_prefix(root)
            .unwrap_or(&p)
            .to_string_lossy()
            .into_owned();
        let o = run(&["extract", &rel]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "extract {rel}: status {:?}; {stderr}",
            o.status
        );
        assert!(!stderr.contains("panicked"), "extract {rel}: {stderr}");
        if o.status.code() == Some(1) {
            // The reason is printed, in Swedish, naming the file.
            assert!(stderr.contains(&rel), "extract {rel}: {stderr}");
        }
    }
}

/// A plan cut by `--max-pages` is analysed as far as read and says so; an
/// image-only scan under `--ocr never` says OCR is off (not "install it").
#[test]
fn partly_read_plans_and_ocr_off_are_explained() {
    let (out, code) = analyze(
        "partly-read",
        &[
            "fixtures/bad/plan_500_pages.pdf",
            "fixtures/bad/image_only.pdf",
        ],
        &["--max-pages", "10", "--ocr", "never"],
    );
    assert_eq!(code, 1, "an unreadable plan makes exit 1");
    let flags = csv_rows(&out.join("flags.csv"));
    let olasbar = |plan: &str| -> Vec<String> {
        flags
            .iter()
            .filter(|f| f["plan"] == plan && f["kind"] == "olasbar")
            .map(|f| f["detail"].clone())
            .collect()
    };
    let cut = olasbar("plan_500_pages.pdf");
    assert!(
        cut.iter()
            .any(|d| d.contains("500 sidor") && d.contains("första 10")),
        "{cut:?}"
    );
    let scan = olasbar("image_only.pdf");
    assert!(
        scan.iter()
            .any(|d| d.contains("--ocr never") && !d.contains("apt-get")),
        "{scan:?}"
    );
    let _ = std::fs::remove_dir_all(&out);
}
