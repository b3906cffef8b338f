//! report.html opened in a real browser: headless Chromium driven by Playwright
//! (tests/browser/check_report.mjs). The seed plans plus a plan whose text and
//! file name carry markup: the page must show it as text, run none of it, load
//! nothing from elsewhere, and list a matrix cell's activities on a click.
//!
//! Needs node, /usr/bin/chromium and tests/browser/node_modules; `.ci/run`
//! installs them. Without them the test fails and says so.

use crate::util::{ASF, analyze, csv_rows, temp_dir};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const PAYLOAD: &str = "<script>window.__pwned=1</script>";

/// A small plan with markup in an activity's text and in its file name (the
/// owner is then taken from the file name, so it reaches every table).
fn hostile_plan(dir: &Path) -> PathBuf {
    let path = dir.join("xss <img src=x onerror=window.__pwned=2>.txt");
    let text = format!(
        "Handlingsplan mot våld 2022–2026\n\n\
         Inriktningsmål 1 - Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\n\
         Verksamhetsspecifika aktiviteter\n\n\
         - Förvaltningen ska utbilda personalen om våld i nära relation {PAYLOAD} och \
         hedersrelaterat våld <img src=x onerror=alert(1)> \"citat\" & 'apostrof'\n"
    );
    std::fs::write(&path, text).expect("write plan");
    path
}

fn seed_plans() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/plans");
    let mut plans: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus/plans")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    plans.sort();
    assert!(!plans.is_empty(), "no seed plans in {}", dir.display());
    plans
}

fn analyze_with_hostile(name: &str, extra: &[&str]) -> PathBuf {
    let dir = temp_dir(&format!("{name}-plans"));
    let hostile = hostile_plan(&dir);
    let mut inputs = seed_plans();
    inputs.push(hostile.to_string_lossy().into_owned());
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let (out, code) = analyze(name, &inputs, extra);
    assert_eq!(code, 0, "analyze exit status");
    out
}

#[test]
fn report_html_is_escaped_self_contained_and_deterministic() {
    let a = analyze_with_hostile("html-a", &["--jobs", "1"]);
    let b = analyze_with_hostile("html-b", &["--jobs", "4"]);
    let html = std::fs::read_to_string(a.join("report.html")).expect("report.html");
    assert_eq!(
        html.as_bytes(),
        std::fs::read(b.join("report.html")).expect("report.html"),
        "same plans, same bytes"
    );
    assert!(
        !html.contains(PAYLOAD),
        "the plan's <script> is in the page raw"
    );
    assert!(
        !html.contains("<img"),
        "the plan's <img> is in the page raw"
    );
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    // Exactly the page's own two script elements, neither loading anything.
    assert_eq!(html.matches("<script").count(), 2);
    for outside in [
        "<script src",
        "<link",
        " src=\"",
        "href=\"http",
        "href=\"//",
    ] {
        assert!(
            !html.contains(outside),
            "report.html refers outside: {outside}"
        );
    }
    let style = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map_or("", |(css, _)| css);
    assert!(!style.is_empty(), "the styles are inline");
    assert!(!style.contains("url(") && !style.contains("@import"));
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("Täckningsanalys – Fri från våld"));
    // The figures are drawn inline: five SVG charts, gaps as labelled bars of 0.
    assert!(html.contains("<section id=\"diagram\">"));
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 5);
    assert!(html.contains("data-value=\"0\">0 – saknas</text>"));
}

/// Why the browser check cannot run, if it cannot.
fn browser_missing(root: &Path) -> Option<String> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("node is not installed".into());
    }
    if !Path::new("/usr/bin/chromium").exists() {
        return Some("/usr/bin/chromium is not installed".into());
    }
    if !root
        .join("tests/browser/node_modules/playwright-core/package.json")
        .exists()
    {
        return Some("tests/browser/node_modules (playwright-core) is not installed".into());
    }
    None
}

#[test]
fn report_html_works_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(why) = browser_missing(root) {
        panic!(
            "browser test cannot run: {why}. Run .ci/run (it installs chromium with apt-get \
             and playwright-core with `npm ci --prefix tests/browser`) and test again."
        );
    }
    let out = analyze_with_hostile("browser", &[]);
    let report = out.join("report.html");
    let o = Command::new("node")
        .arg(root.join("tests/browser/check_report.mjs"))
        .arg(&report)
        .arg("--owner")
        .arg(ASF)
        .current_dir(root)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "check_report.mjs failed: {}\n{stdout}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("check_report.mjs printed no JSON ({e}):\n{stdout}"));
    let field = |k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    assert_eq!(field("error"), Value::Null, "browser run failed: {r:#}");
    for k in [
        "console_errors",
        "page_errors",
        "requests_elsewhere",
        "dialogs",
    ] {
        assert_eq!(field(k), serde_json::json!([]), "{k}: {r:#}");
    }
    // Nothing of the plan ran, and it is there to read.
    assert_eq!(field("pwned"), Value::Null, "{r:#}");
    assert_eq!(field("pwned_after"), Value::Null, "{r:#}");
    assert_eq!(field("img_elements"), 0, "{r:#}");
    assert_eq!(field("script_elements"), 2, "{r:#}");
    assert_eq!(field("payload_visible"), true, "{r:#}");
    assert_eq!(field("payload_visible_in_cell"), true, "{r:#}");
    assert_eq!(field("payload_visible_in_plan_text"), true, "{r:#}");
    // Every OCR correction of the seed plans is marked in the plan texts.
    let corrections = csv_rows(&out.join("ocr_corrections.csv")).len();
    assert!(corrections > 0, "the seed plans have OCR corrections");
    assert_eq!(
        field("ins_fixes").as_u64(),
        Some(corrections as u64),
        "{r:#}"
    );
    assert_eq!(
        field("focus_marks"),
        serde_json::json!(["hedersrelaterat"]),
        "the matched words are marked: {r:#}"
    );
    // The figures: a chart per goal set and gap family, every bar labelled,
    // a bar for each series of each goal and for each code, gaps shown.
    let report_json: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report.json"))
            .expect("json");
    let goals = report_json["goal_counts"].as_array().map_or(0, Vec::len);
    let gaps = report_json["gaps"].as_array().map_or(0, Vec::len);
    let missing = report_json["gaps"]
        .as_array()
        .map_or(0, |g| g.iter().filter(|g| g["status"] == "saknas").count());
    assert_eq!(field("svg_charts"), 5, "{r:#}");
    assert_eq!(field("svg_charts_visible"), true, "{r:#}");
    assert_eq!(
        field("chart_bars").as_u64(),
        Some((goals * 2 + gaps) as u64),
        "{r:#}"
    );
    assert_eq!(field("chart_labels"), field("chart_bars"), "{r:#}");
    assert!(missing > 0, "the seed plans leave gaps");
    assert_eq!(
        field("chart_gap_labels").as_u64(),
        Some(missing as u64),
        "{r:#}"
    );
    // Five heat maps; the goal-1 cell lists exactly the activities report.json gives.
    assert_eq!(field("heat_tables"), 5, "{r:#}");
    assert_eq!(field("cell_found"), true, "{r:#}");
    let count = field("cell_count").as_u64().unwrap_or(0);
    assert!(count > 0, "the goal-1 cell of {ASF} is empty: {r:#}");
    assert_eq!(field("cell_text"), count.to_string(), "{r:#}");
    // Some of the listed activities carry `granska`, some do not, and the
    // filter shows exactly the marked ones.
    let marked = field("review_marked").as_u64().unwrap_or(0);
    assert!(
        marked > 0 && marked < count,
        "granska marks {marked} of {count}: {r:#}"
    );
    assert_eq!(field("review_visible").as_u64(), Some(marked), "{r:#}");
    assert_eq!(field("listed").as_u64(), Some(count), "{r:#}");
    assert_eq!(field("listed_ids"), field("expected_ids"), "{r:#}");
    assert_eq!(field("listed_ids_visible"), true, "{r:#}");
    let ids = report_json["coverage"]["goal"]["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["owner"] == ASF))
        .map(|row| row["activity_ids"][0].clone());
    assert_eq!(Some(field("listed_ids")), ids, "{r:#}");
    assert!(
        field("panel_heading")
            .as_str()
            .is_some_and(|h| h.starts_with(ASF)),
        "{r:#}"
    );
}
