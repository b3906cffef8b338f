//! The analysts' deliverables on the seed plans: gaps, goal counts, the draft
//! follow-up, CSV for Swedish Excel, corrections that stick, and diff.

use crate::util::*;

const SEEDS: [&str; 3] = [
    "corpus/plans/000_016352973456be0f.txt",
    "corpus/plans/002_1ad6448ef08cc064.txt",
    "corpus/plans/004_1c625e28d7976f31.txt",
];

#[test]
fn gaps_name_missing_groups_with_their_behov_mentions() {
    let (out, _) = analyze("gaps", &SEEDS, &[]);
    let gaps = csv_rows(&out.join("gaps.csv"));
    let find = |code: &str| {
        gaps.iter()
            .find(|g| g["code"] == code)
            .cloned()
            .unwrap_or_default()
    };
    for code in ["hbtq", "kvinnor_missbruk"] {
        let g = find(code);
        assert_eq!(g["status"], "saknas", "{code}");
        assert_eq!(g["departments"], "0");
        assert!(
            g["mentioned_only_in"].contains("behov: Funktionsstödsförvaltningen"),
            "{g:?}"
        );
    }
    // A code one department covers is weak; the count comes from own activities only.
    let funk = find("funktionsnedsattning");
    assert_eq!(
        (funk["status"].as_str(), funk["owners"].as_str()),
        ("svag", FSF)
    );
}

#[test]
fn goal_counts_and_the_draft_follow_up() {
    let (out, _) = analyze("goals", &SEEDS, &[]);
    let counts = csv_rows(&out.join("goal_counts.csv"));
    let goal4 = counts.iter().find(|g| g["goal"] == "4").expect("goal 4");
    // FSF's plan has no goal 4 table: two departments have own activities there.
    assert_eq!(goal4["departments"], "2");
    assert!(!goal4["owners"].contains(FSF));
    let draft = std::fs::read_to_string(out.join("uppfoljning.md")).expect("draft");
    assert!(
        draft.contains("### Inriktningsmål 4 – Staden erbjuder stöd utifrån den enskildes behov")
    );
    assert!(draft.contains("Två förvaltningar har aktiviteter under inriktningsmålet."));
    assert!(draft.contains("Hbtq-personer **(saknas)**"));
}

#[test]
fn csv_for_swedish_excel() {
    let dir = temp_dir("excel-plan");
    let plan = dir.join("formel.txt");
    std::fs::write(
        &plan,
        "Inriktningsmål 1 - Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\nVerksamhetsspecifika aktiviteter\n\n- =HYPERLINK(\"http://x\") Förvaltningen ska utbilda om våld i nära relation.\n",
    )
    .expect("write");
    let (out, code) = analyze(
        "excel",
        &[plan.to_str().unwrap_or("")],
        &["--delimiter", ";"],
    );
    assert_eq!(code, 0);
    let bytes = std::fs::read(out.join("activities.csv")).expect("csv");
    assert!(bytes.starts_with("\u{feff}plan;owner;activity_id".as_bytes()));
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains(";\"'=HYPERLINK"),
        "formula neutralised: {text}"
    );
    assert!(!text.contains(";=HYPERLINK") && !text.contains(";\"=HYPERLINK"));
}

#[test]
fn analyst_corrections_apply_on_every_run_and_show_as_manual() {
    let dir = temp_dir("corr");
    std::fs::copy(SEEDS[2], dir.join("asf.txt")).expect("copy");
    let (first, _) = analyze("corr-first", &[dir.to_str().unwrap_or("")], &[]);
    let acts = csv_rows(&first.join("activities.csv"));
    let norm = acts
        .iter()
        .find(|a| a["text"].starts_with("Förvaltningen ska utveckla arbetet med normer"))
        .expect("activity");
    let id = norm["activity_id"].clone();
    assert!(!norm["focus"].contains("vald_i_nara_relation"));
    std::fs::write(
        dir.join("corrections.csv"),
        format!("activity_id,family,code,action,comment\n{id},focus,vald_i_nara_relation,add,mäns våld mot kvinnor enligt dialogmötet\n{id},group,barn_unga,remove,riktar sig till pappor\n"),
    )
    .expect("write");
    for run in ["corr-second", "corr-third"] {
        let (out, _) = analyze(run, &[dir.to_str().unwrap_or("")], &[]);
        let acts = csv_rows(&out.join("activities.csv"));
        let a = acts
            .iter()
            .find(|a| a["activity_id"] == id)
            .expect("same id on every run");
        assert_eq!(a["focus"], "vald_i_nara_relation");
        assert!(!a["groups"].contains("barn_unga"));
        assert!(a["evidence"].contains("manuell: mäns våld mot kvinnor enligt dialogmötet"));
        let report = std::fs::read_to_string(out.join("report.json")).expect("report");
        assert!(report.contains("\"place\": \"manual\""));
        let row = coverage_row(&out.join("coverage_focus.csv"), ASF);
        let before = coverage_row(&first.join("coverage_focus.csv"), ASF);
        let n = |r: &std::collections::BTreeMap<String, String>| {
            r["vald_i_nara_relation"].parse::<usize>().unwrap_or(0)
        };
        assert_eq!(n(&row), n(&before) + 1);
    }
}

#[test]
fn diff_reports_gaps_closed_and_activities_added() {
    let (old, _) = analyze("diff-old", &[SEEDS[2]], &[]);
    let (new, _) = analyze("diff-new", &[SEEDS[1], SEEDS[2]], &[]);
    let o = run(&[
        "diff",
        old.to_str().unwrap_or(""),
        new.to_str().unwrap_or(""),
    ]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Personer med funktionsnedsättning (group): saknas → svag"),
        "{text}"
    );
    assert!(
        text.contains("**Funktionsstödsförvaltningen**: 41 nya aktiviteter, inga borttagna."),
        "{text}"
    );
    let rows = csv_rows(&new.join("diff.csv"));
    assert_eq!(
        rows.iter().filter(|r| r["kind"] == "aktivitet_ny").count(),
        41
    );
    assert!(
        rows.iter()
            .any(|r| r["kind"] == "lucka_stangd" && r["code"] == "funktionsnedsattning")
    );
}

#[test]
fn an_activity_whose_content_fits_another_goal_is_flagged_everywhere() {
    let dir = temp_dir("elsewhere-plan");
    let plan = dir.join("kultur.txt");
    std::fs::write(
        &plan,
        "Handlingsplan för Kulturförvaltningen\n\n\
         Inriktningsmål 1 - Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\n\
         Verksamhetsspecifika aktiviteter\n\n\
         - Förvaltningen ska ta fram en rutin för att upptäcka våld och ställa frågor om våld till besökare.\n",
    )
    .expect("write");
    let (out, code) = analyze("elsewhere", &[plan.to_str().unwrap_or("")], &[]);
    assert_eq!(code, 0);
    // The section's goal is kept …
    let acts = csv_rows(&out.join("activities.csv"));
    assert_eq!(acts.len(), 1);
    assert_eq!(acts[0]["goal"], "1");
    // … and the flag names the better goal and the words, in every output.
    let flags = csv_rows(&out.join("flags.csv"));
    let f = flags
        .iter()
        .find(|f| f["kind"] == "mal_avviker")
        .expect("mal_avviker in flags.csv");
    assert!(f["detail"].contains("inriktningsmål 3"), "{f:?}");
    assert!(f["detail"].contains("”upptäcka”"), "{f:?}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).expect("json"))
            .expect("json");
    assert!(
        report["flags"]
            .as_array()
            .is_some_and(|fs| fs.iter().any(|x| x["kind"] == "mal_avviker"))
    );
    assert!(
        report["flag_kinds"]["mal_avviker"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("annat inriktningsmål")),
        "{}",
        report["flag_kinds"]
    );
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    assert!(html.contains("<option value=\"mal_avviker\">mal_avviker (1)</option>"));
    let md = std::fs::read_to_string(out.join("uppfoljning.md")).expect("md");
    assert!(md.contains("\n### Innehållet passar bättre under ett annat inriktningsmål\n"));
}
