//! The second taxonomy: the national strategy against men's violence against women
//! (four målområden, `Målområde N` headings), run end to end on a plan written for it.

use crate::util::*;

const TAX: &str = "corpus/taxonomy/nationell-strategi-mans-vald-mot-kvinnor.json";
const PLAN: &str = "fixtures/national/ovriga_kommunen.txt";

fn activity<'a>(
    acts: &'a [std::collections::BTreeMap<String, String>],
    start: &str,
) -> &'a std::collections::BTreeMap<String, String> {
    acts.iter()
        .find(|a| a["text"].starts_with(start))
        .unwrap_or_else(|| panic!("no activity starting {start:?}"))
}

fn codes(a: &std::collections::BTreeMap<String, String>, col: &str) -> Vec<String> {
    a[col]
        .split(';')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn national_plan_is_coded_by_its_own_taxonomy() {
    let (out, code) = analyze("national", &[PLAN], &["--taxonomy", TAX]);
    assert_eq!(code, 0);
    let acts = csv_rows(&out.join("activities.csv"));
    // Hand-checked: every activity under its Målområde heading, none inferred.
    let goals: Vec<(&str, &str)> = vec![
        ("Socialförvaltningen ska genomföra föreläsningar", "1"),
        ("Socialförvaltningen ska erbjuda föräldrastöd", "1"),
        ("Socialförvaltningen ska starta samtalsgrupper", "1"),
        ("Socialförvaltningen ska införa rutiner", "2"),
        ("Socialförvaltningen ska erbjuda skyddat boende", "2"),
        ("Socialförvaltningen ska erbjuda stödgrupper", "2"),
        ("Socialförvaltningen ska utbilda handläggare", "2"),
        ("Socialförvaltningen ska i samverkan med polisen", "3"),
        ("Socialförvaltningen ska erbjuda behandlingsprogram", "3"),
        ("Socialförvaltningen ska kartlägga", "4"),
        ("Socialförvaltningen ska ta fram ett kunskapsstöd", "4"),
    ];
    assert_eq!(acts.len(), goals.len(), "eleven activities, nothing else");
    for (start, goal) in &goals {
        let a = activity(&acts, start);
        assert_eq!(a["goal"], *goal, "{start}");
        assert_eq!(a["goal_inferred"], "false", "{start}");
        assert_eq!(a["owner"], "Socialförvaltningen", "{start}");
    }
    // Hand-checked codes, in the national taxonomy's own focus codes.
    let polis = activity(&acts, "Socialförvaltningen ska i samverkan med polisen");
    assert_eq!(codes(polis, "focus"), ["mans_vald_mot_kvinnor"]);
    assert!(codes(polis, "perspectives").contains(&"samverkan".to_owned()));
    assert_eq!(polis["prevention"], "indikerad");
    let heder = activity(&acts, "Socialförvaltningen ska erbjuda skyddat boende");
    assert_eq!(codes(heder, "focus"), ["hedersrelaterat"]);
    assert_eq!(heder["target"], "extern");
    let handl = activity(&acts, "Socialförvaltningen ska utbilda handläggare");
    assert_eq!(codes(handl, "focus"), ["prostitution_manniskohandel"]);
    assert_eq!(handl["target"], "intern");
    let barn = activity(&acts, "Socialförvaltningen ska erbjuda stödgrupper");
    assert_eq!(
        codes(barn, "focus"),
        ["vald_i_nara_relation", "barn_som_upplever_vald"]
    );
    assert_eq!(codes(barn, "groups"), ["barn_unga"]);
    let killar = activity(&acts, "Socialförvaltningen ska starta samtalsgrupper");
    assert_eq!(codes(killar, "focus"), ["sexuellt_vald"]);
    assert_eq!(killar["prevention"], "selektiv");
    // The goal matrix has the four målområden, not the six inriktningsmål.
    let goal_header = header(&out.join("coverage_goal.csv"));
    for g in ["1", "2", "3", "4"] {
        assert!(goal_header.iter().any(|h| h == g), "goal {g} column");
    }
    assert!(!goal_header.iter().any(|h| h == "5" || h == "6"));
    let row = coverage_row(&out.join("coverage_goal.csv"), "Socialförvaltningen");
    let counts: Vec<&str> = ["1", "2", "3", "4"]
        .iter()
        .map(|g| row[*g].as_str())
        .collect();
    assert_eq!(counts, ["3", "4", "2", "2"]);
}

#[test]
fn national_gold_is_found_with_its_goals() {
    let o = run(&[
        "eval",
        "--gold",
        "fixtures/national",
        "--plans",
        "fixtures/national",
        "--taxonomy",
        TAX,
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        text.contains("segmentation: 11/11 gold activities found (recall 1.000), 11 predicted (precision 1.000); goal accuracy 1.000"),
        "{text}"
    );
}
