//! The seed plans end to end: what an analyst relies on in the outputs.

use crate::util::*;

const TXT: [&str; 3] = [
    "corpus/plans/000_016352973456be0f.txt",
    "corpus/plans/002_1ad6448ef08cc064.txt",
    "corpus/plans/004_1c625e28d7976f31.txt",
];

#[test]
fn activities_csv_has_the_contracted_columns() {
    let (out, code) = analyze("columns", &TXT, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        header(&out.join("activities.csv")).join(","),
        "plan,owner,activity_id,goal,goal_inferred,rubrik,status,focus,explicit_focus,focus_in_narrative,perspectives,groups,groups_in_narrative,prevention,target,text,evidence,granska"
    );
    for f in [
        "coverage_goal.csv",
        "coverage_focus.csv",
        "coverage_perspective.csv",
        "coverage_group.csv",
        "coverage_prevention.csv",
        "flags.csv",
        "report.json",
    ] {
        assert!(out.join(f).exists(), "{f} written");
    }
}

#[test]
fn behov_items_never_count_as_coverage() {
    let (out, _) = analyze("behov", &[TXT[1]], &[]);
    let acts = csv_rows(&out.join("activities.csv"));
    // The skyddsboenden need names transpersoner and kvinnor med beroendeproblematik …
    let need = acts
        .iter()
        .find(|a| a["text"].starts_with("Utveckla skyddsboenden"))
        .expect("the behov item is listed");
    assert_eq!(need["status"], "behov");
    assert_eq!(need["groups"], "");
    assert_eq!(need["groups_in_narrative"], "hbtq;kvinnor_missbruk");
    // … and the coverage matrix still shows no department covering them.
    let row = coverage_row(&out.join("coverage_group.csv"), FSF);
    assert_eq!(row["hbtq"], "0");
    assert_eq!(row["kvinnor_missbruk"], "0");
    // Every behov item is left out of the goal counts.
    let counted = acts.iter().filter(|a| a["status"] != "behov").count();
    let goal_row = coverage_row(&out.join("coverage_goal.csv"), FSF);
    let total: usize = ["1", "2", "3", "4", "5", "6"]
        .iter()
        .map(|g| goal_row[*g].parse::<usize>().expect("a count"))
        .sum();
    assert_eq!(total, counted);
}

#[test]
fn oberoende_av_sexuell_laggning_is_not_hbtq() {
    let (out, _) = analyze("hbtq", &[TXT[2]], &[]);
    let acts = csv_rows(&out.join("activities.csv"));
    let a = acts
        .iter()
        .find(|a| a["text"].contains("oberoende av kön och sexuell läggning"))
        .expect("activity present");
    let codes = |col: &str| -> Vec<String> {
        a[col]
            .split(';')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    // "oberoende av kön och sexuell läggning" singles out no hbtq-personer
    // (codebook §4) …
    assert!(!codes("groups").contains(&"hbtq".to_owned()), "{a:?}");
    // … but "med fokus på flickors och unga kvinnors utsatthet" is
    // könsperspektiv, and "våld i ungas relationer" a relation context.
    assert!(codes("perspectives").contains(&"kon".to_owned()), "{a:?}");
    assert_eq!(codes("focus"), ["vald_i_nara_relation"], "{a:?}");
    assert_eq!(
        coverage_row(&out.join("coverage_group.csv"), ASF)["hbtq"],
        "0"
    );
    // The same commitment without the girls: "oberoende av kön" is then the
    // only mention of gender, which is no könsperspektiv (codebook §4).
    let o = run(&[
        "classify",
        "Förvaltningen ska intensifiera arbetet med att uppmärksamma våld i ungas relationer oberoende av kön och sexuell läggning.",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let family = |f: &str| v["codes"][f].as_array().cloned().unwrap_or_default();
    assert_eq!(
        family("focus"),
        [serde_json::json!("vald_i_nara_relation")],
        "the statement is classified: {v}"
    );
    assert!(
        !family("perspective").contains(&serde_json::json!("kon")),
        "{v}"
    );
    assert!(!family("group").contains(&serde_json::json!("hbtq")), "{v}");
}

#[test]
fn table_of_contents_does_not_double_activities() {
    let (out, _) = analyze("toc", &[TXT[0]], &[]);
    let acts = csv_rows(&out.join("activities.csv"));
    assert_eq!(acts.len(), gold_count("000_016352973456be0f"));
    let ids: std::collections::BTreeSet<_> =
        acts.iter().map(|a| a["activity_id"].clone()).collect();
    assert_eq!(ids.len(), acts.len(), "ids are unique");
}

#[test]
fn city_wide_activities_never_count_for_a_department() {
    let (out, _) = analyze("citywide", &[TXT[2]], &[]);
    let acts = csv_rows(&out.join("activities.csv"));
    let own = acts
        .iter()
        .filter(|a| a["rubrik"] != "stadsovergripande")
        .count();
    let city = acts.len() - own;
    assert_eq!(city, 7, "004 has seven stadsövergripande activities (gold)");
    let row = coverage_row(&out.join("coverage_goal.csv"), ASF);
    let total: usize = ["1", "2", "3", "4", "5", "6"]
        .iter()
        .map(|g| row[*g].parse::<usize>().expect("a count"))
        .sum();
    assert_eq!(total, own);
}

#[test]
fn one_owner_twice_is_one_row_and_a_flag() {
    let dir = temp_dir("twice");
    let copy = dir.join("asf_reviderad.txt");
    std::fs::copy(TXT[2], &copy).expect("copy");
    let (out, _) = analyze("twice-out", &[TXT[2], copy.to_str().unwrap_or("")], &[]);
    let rows = csv_rows(&out.join("coverage_goal.csv"));
    assert_eq!(rows.iter().filter(|r| r["owner"] == ASF).count(), 1);
    let acts = csv_rows(&out.join("activities.csv"));
    assert_eq!(
        acts.len(),
        gold_count("004_1c625e28d7976f31"),
        "identical activities count once"
    );
    let flags = csv_rows(&out.join("flags.csv"));
    assert!(
        flags
            .iter()
            .any(|f| f["kind"] == "samma_agare_flera_planer" && f["owner"] == ASF)
    );
}

#[test]
fn outputs_are_identical_whatever_the_thread_count() {
    let (a, _) = analyze("jobs1", &["corpus/plans"], &["--jobs", "1"]);
    let (b, _) = analyze("jobs2", &["corpus/plans"], &["--jobs", "2"]);
    for f in [
        "activities.csv",
        "coverage_goal.csv",
        "flags.csv",
        "report.json",
    ] {
        let read = |dir: &std::path::Path| {
            std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f} in {}: {e}", dir.display()))
        };
        assert!(read(&a) == read(&b), "{f} differs");
    }
}

#[test]
fn evidence_cites_page_and_offset_of_the_submitted_text() {
    let (out, _) = analyze("evidence", &[TXT[2]], &[]);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("report"))
            .expect("json");
    let source = std::fs::read_to_string(TXT[2]).expect("seed");
    let mut checked = 0;
    for a in report["activities"].as_array().expect("activities") {
        for e in a["evidence"].as_array().expect("evidence") {
            let matched = e["matched"].as_str().unwrap_or("");
            if matched.is_empty() || matched.contains(' ') {
                continue;
            }
            let offset = e["offset"].as_u64().expect("offset") as usize;
            let at: String = source
                .chars()
                .skip(offset)
                .take(matched.chars().count())
                .collect();
            assert_eq!(at, matched, "evidence {e}");
            checked += 1;
        }
    }
    assert!(checked > 50, "checked {checked} pieces of evidence");
}

/// Codes decided only by a default, or chosen among several, are marked for
/// review (`granska`) with the reason; codes a term decided are not.
#[test]
fn codes_an_analyst_should_check_are_marked() {
    let (out, _) = analyze("granska", &["corpus/plans/004_1c625e28d7976f31.txt"], &[]);
    let text = std::fs::read_to_string(out.join("activities.csv")).expect("activities.csv");
    let mut rdr =
        csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = rdr.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (granska, evidence) = (col("granska"), col("evidence"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        let defaulted = r[evidence].contains("(default)");
        assert_eq!(
            defaulted,
            r[granska].contains("standardvärdet"),
            "{}: {}",
            &r[evidence],
            &r[granska]
        );
    }
    assert!(
        rows.iter().any(|r| r[granska].is_empty()),
        "not every row is marked"
    );
}
