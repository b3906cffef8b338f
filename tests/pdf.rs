//! PDF ingestion on the fixtures made by scripts/make_fixtures.py: each PDF
//! extracts to the same words as the text it was made from (manifest.json says
//! which text, and which header/footer lines the generator added).

use crate::util::*;
use std::path::Path;

fn words(text: &str, ignore: &regex::Regex, strip: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !strip.contains(*c))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && !ignore.is_match(w))
        .collect()
}

#[test]
fn pdf_fixtures_extract_to_their_source_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root.join("fixtures/pdf/manifest.json")).expect("manifest"),
    )
    .expect("json");
    let entries = manifest.as_array().expect("array");
    assert!(entries.len() >= 5);
    for e in entries {
        let pdf = format!("fixtures/pdf/{}", e["pdf"].as_str().unwrap_or(""));
        let o = run(&["extract", &pdf]);
        assert!(
            o.status.success(),
            "{pdf}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let added: Vec<regex::Regex> = e["added_lines"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_str())
                    .filter_map(|r| regex::Regex::new(r).ok())
                    .collect()
            })
            .unwrap_or_default();
        let extracted: String = String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| !added.iter().any(|r| r.is_match(l.trim())))
            .collect::<Vec<_>>()
            .join("\n");
        let source =
            std::fs::read_to_string(root.join(e["source"].as_str().unwrap_or(""))).expect("source");
        let ignore = regex::Regex::new(e["ignore_tokens"].as_str().unwrap_or("^$")).expect("regex");
        let strip = e["strip_source_chars"].as_str().unwrap_or("");
        let mut got = words(&extracted, &ignore, "");
        let mut want = words(&source, &ignore, strip);
        if e["compare"] == "bag" {
            // Table cells may come in another order than the text's rows.
            got.sort();
            want.sort();
        }
        assert_eq!(got.len(), want.len(), "{pdf}: word count");
        let diff: Vec<_> = got
            .iter()
            .zip(&want)
            .filter(|(a, b)| a != b)
            .take(5)
            .collect();
        assert!(diff.is_empty(), "{pdf}: first differences {diff:?}");
    }
}

#[test]
fn text_and_pdf_of_a_plan_give_the_same_activities() {
    for stem in [
        "000_016352973456be0f",
        "002_1ad6448ef08cc064",
        "004_1c625e28d7976f31",
    ] {
        let txt = format!("corpus/plans/{stem}.txt");
        let pdf = format!("corpus/plans/{stem}.pdf");
        let (a, _) = analyze(&format!("same-txt-{stem}"), &[&txt], &[]);
        let (b, _) = analyze(&format!("same-pdf-{stem}"), &[&pdf], &[]);
        let key = |dir: &Path| -> Vec<(String, String, String, String)> {
            let mut v: Vec<_> = csv_rows(&dir.join("activities.csv"))
                .into_iter()
                .map(|r| {
                    (
                        r["activity_id"].clone(),
                        r["goal"].clone(),
                        r["rubrik"].clone(),
                        r["status"].clone(),
                    )
                })
                .collect();
            v.sort();
            v
        };
        let (ka, kb) = (key(&a), key(&b));
        assert_eq!(ka.len(), gold_count(stem), "{stem}: text file activities");
        assert_eq!(ka, kb, "{stem}: text and PDF differ");
    }
}

/// A sub-point indented under its item is indented in the extracted text
/// (segmentation reads list levels from it); the item itself and the text
/// at the margin are not.
#[test]
fn indented_sub_points_keep_their_indentation() {
    let o = run(&["extract", "fixtures/unseen4/pdf/y2_sociala.reportlab.pdf"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let line = |start: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no line `{start}` in {text}"))
            .to_owned()
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    assert_eq!(indent(&line("• Öppna skyddade platser")), 0);
    assert_eq!(indent(&line("STÖD")), 0);
    let sub = line("o Kartlägga behovet");
    assert!(indent(&sub) >= 2, "{sub:?}");
}

/// A table that goes on over a page break without repeating its header
/// keeps the columns it had: a row on the next page whose goal cells are
/// mostly empty still has its mark under the right goal.
#[test]
fn a_table_keeps_its_columns_over_a_page_break() {
    let o = run(&["extract", "fixtures/unseen4/pdf/y1_mkb.word.pdf"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let header = text
        .lines()
        .find(|l| l.starts_with("Nr\tAktivitet"))
        .expect("header row");
    // Row 4 is on page 2, under no header; it marks Mål 1 only.
    let row = text
        .lines()
        .find(|l| l.starts_with("4\tFörebygga hot"))
        .expect("row 4");
    let cells: Vec<&str> = row.split('\t').collect();
    assert_eq!(cells.len(), header.split('\t').count(), "{row:?}");
    assert_eq!(cells[3].trim(), "X", "{row:?}");
    assert!(cells[4..9].iter().all(|c| c.trim().is_empty()), "{row:?}");
}
