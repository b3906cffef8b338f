//! Classification of single activities against the shipped taxonomy.

use super::*;
use crate::segment::Activity;
use crate::taxonomy::{DEFAULT_TAXONOMY, Taxonomy};
use std::path::Path;

fn tax() -> Taxonomy {
    Taxonomy::load(Path::new(DEFAULT_TAXONOMY)).expect("taxonomy")
}

fn activity(text: &str, status: Option<&str>) -> Activity {
    Activity {
        goal: "1".into(),
        goal_inferred: false,
        rubrik: "verksamhetsspecifik".into(),
        rubrik_from_heading: true,
        status: status.map(str::to_owned),
        statement: vec![0..text.len()],
        description: vec![],
        narrative: vec![],
        context: vec![],
        table_item: status.is_some(),
    }
}

fn code(text: &str, status: Option<&str>) -> Coded {
    let t = tax();
    let hits = TermHits::find(text, &t);
    let a = activity(text, status);
    classify(
        &Input {
            text,
            activity: &a,
            owner: None,
            hits: &hits,
        },
        &t,
    )
}

#[test]
fn inflected_and_compound_terms_link_focus() {
    let c = code(
        "Förvaltningen deltar i arbetet mot hedersförtrycket och människohandelsgruppen.",
        None,
    );
    assert_eq!(c.get("focus"), ["hedersrelaterat", "manniskohandel"]);
    let c = code("Nå fler våldsutövarna i nära relationer.", None);
    assert_eq!(c.get("perspective"), ["valdsutovare"]);
}

#[test]
fn exclusion_beats_overlapping_inclusion() {
    let c = code(
        "Uppmärksamma våld i ungas relationer oberoende av kön och sexuell läggning för unga.",
        None,
    );
    assert!(!c.get("group").contains(&"hbtq".to_owned()));
    assert!(!c.get("perspective").contains(&"kon".to_owned()));
}

#[test]
fn negated_mentions_never_link() {
    let c = code(
        "Förvaltningen har inte arbetat med hedersrelaterat våld.",
        None,
    );
    assert!(c.get("focus").is_empty(), "{:?}", c.get("focus"));
    let c = code("Stöd till hbtq-personer saknas.", None);
    assert!(c.get("group").is_empty());
}

#[test]
fn behov_items_only_mention() {
    let c = code(
        "Utveckla skyddsboenden för kvinnor med beroendeproblematik och transpersoner",
        Some("behov"),
    );
    assert!(c.get("group").is_empty());
    assert_eq!(c.mentioned("group"), ["hbtq", "kvinnor_missbruk"]);
}

#[test]
fn generic_wording_is_noted_without_focus() {
    let c = code(
        "Förvaltningen ska arbeta mot hot och våld på arbetsplatsen.",
        None,
    );
    assert!(c.get("focus").is_empty());
    assert!(!c.generic_violence.is_empty());
    let c = code("Utbildning om våld i nära relation.", None);
    assert!(c.generic_violence.is_empty());
}

#[test]
fn a_stated_gap_is_never_coverage() {
    for text in [
        "Förvaltningen saknar aktiviteter riktade till hbtq-personer.",
        "Förvaltningen har inga aktiviteter för hbtq-personer.",
    ] {
        let c = code(text, None);
        assert!(c.get("group").is_empty(), "{text}: {:?}", c.codes);
        assert_eq!(c.get("prevention"), ["ingen"], "{text}");
    }
}

#[test]
fn people_reached_outside_are_never_no_population() {
    let c = code(
        "Förvaltningen ska ge stöd till kvinnor med missbruk som utsatts för prostitution.",
        None,
    );
    assert_eq!(c.get("group"), ["kvinnor_missbruk"]);
    assert_eq!(c.get("prevention"), ["indikerad"]);
    assert_eq!(c.get("target"), ["extern"]);
    // No prevention term: the level comes from the people reached.
    let c = code("Bolaget ska ordna en temadag för alla besökare.", None);
    assert_eq!(c.get("target"), ["extern"]);
    assert_eq!(c.get("prevention"), ["universell"]);
    assert!(c.evidence.iter().any(|e| e.rule == "default_when"));
    // Posters are information to everyone (CODEBOOK §9), decided by a term.
    let c = code("Bolaget ska sätta upp affischer för alla besökare.", None);
    assert_eq!(c.get("target"), ["extern"]);
    assert_eq!(c.get("prevention"), ["universell"]);
    assert!(
        c.evidence
            .iter()
            .any(|e| e.family == "prevention" && e.rule.starts_with("term:"))
    );
    // An organisation named, not people reached: no population.
    let c = code(
        "Region Skåne – vuxen rehabilitering, barn och ungdomsrehabiliteringen",
        None,
    );
    assert_eq!(c.get("prevention"), ["ingen"]);
}

#[test]
fn employees_exposed_are_the_employer_perspective() {
    for text in [
        "Medarbetare som har utsatts för hot ska erbjudas samtalsstöd.",
        "Förvaltningen ska förebygga hot, våld och trakasserier mot medarbetare.",
        // Staff protected or supported, named by their trade.
        "Boka poolbil för förare som har skyddade personuppgifter.",
        "En poolbil ställs till förfogande när en medarbetare måste lämna sin bostad på grund av våld.",
    ] {
        let c = code(text, None);
        assert!(
            c.get("perspective").contains(&"arbetsgivare".to_owned()),
            "{text}: {:?}",
            c.codes
        );
    }
}

#[test]
fn staff_work_that_singles_out_children_codes_the_group() {
    let c = code(
        "Förvaltningen ska ta fram en rutin för hur personalen agerar när en elev berättar om våld.",
        None,
    );
    assert_eq!(c.get("group"), ["barn_unga"]);
    assert_eq!(c.get("target"), ["intern"]);
}

#[test]
fn staff_capacity_about_people_outside_is_internal() {
    for text in [
        // Training about children: the drivers are reached, not the children.
        "Förarna ska utbildas i att känna igen tecken på att ett barn lever med våld.",
        // A tool for staff about clients (CODEBOOK §9).
        "Förvaltningen ska ta fram ett stödmaterial för medarbetare om hur de bemöter brukare som utsatts för våld.",
        "Förvaltningen ska ta fram en rutin för barn med skyddade personuppgifter.",
        // A relative clause describing staff.
        "Medarbetare som möter brukare ska gå en utbildning om våld i nära relation.",
        // A fronted purpose clause is why, not whom.
        "För att kunna ge barn och familjer stöd behöver medarbetarna kunskap om våld.",
        // What statistics count is not whom they reach.
        "Förvaltningen ska föra statistik över hur många hyresgäster som har fått förtur på grund av våld.",
    ] {
        let c = code(text, None);
        assert_eq!(c.get("target"), ["intern"], "{text}");
    }
    // Nor do statistics give a prevention level.
    let c = code(
        "Förvaltningen ska föra statistik över hur många hyresgäster som har fått förtur på grund av våld.",
        None,
    );
    assert_eq!(c.get("prevention"), ["ingen"]);
}

#[test]
fn people_outside_reached_beat_staff_words() {
    let c = code(
        "Personalen ska erbjuda stödsamtal till elever som har upplevt våld.",
        None,
    );
    assert_eq!(c.get("target"), ["extern"]);
    assert_eq!(c.get("prevention"), ["indikerad"]);
    assert!(
        c.evidence
            .iter()
            .any(|e| e.rule == "reach:utanfor" && e.matched == "elever")
    );
    // Material given to people outside reaches them; its topic does not.
    let c = code(
        "Förvaltningen ska dela ut ett material till vårdnadshavare om hur barn kan skyddas.",
        None,
    );
    assert_eq!(c.get("target"), ["extern"]);
    // Teaching reaches its pupils without naming them.
    let c = code(
        "Lärarna ska i undervisningen arbeta med jämställdhet och samtycke.",
        None,
    );
    assert_eq!(c.get("target"), ["extern"]);
}

#[test]
fn information_about_support_is_universal_not_indicated() {
    // CODEBOOK §9: information on where support is found, to everyone.
    let c = code(
        "Förvaltningen ska sätta upp information till alla hyresgäster om var den som utsätts för våld kan få stöd.",
        None,
    );
    assert_eq!(c.get("target"), ["extern"]);
    assert_eq!(c.get("prevention"), ["universell"]);
    // Support to the exposed themselves is indicated.
    let c = code(
        "Bolaget ska ge hyresgäster som utsätts för våld förtur till en ny lägenhet.",
        None,
    );
    assert_eq!(c.get("prevention"), ["indikerad"]);
}

#[test]
fn asking_whether_someone_is_exposed_is_indicated() {
    for text in [
        "Cheferna frågar alla medarbetare om de utsätts för våld i hemmet.",
        "Chefer ska i medarbetarsamtalet ställa frågan om medarbetaren har utsatts för våld.",
        "En poolbil ställs till förfogande när en medarbetare måste lämna sin bostad på grund av våld.",
    ] {
        let c = code(text, None);
        assert_eq!(c.get("prevention"), ["indikerad"], "{text}");
        assert_eq!(c.get("target"), ["intern"], "{text}");
    }
}

#[test]
fn focus_constructions_beyond_the_listed_phrases() {
    for (text, want) in [
        (
            "Personalen ska veta hur de agerar när ett barn lever med våld.",
            "barn_som_upplever_vald",
        ),
        (
            "Rutinen gäller när eleven har bevittnat våld i familjen.",
            "barn_som_upplever_vald",
        ),
        (
            "Stöd för personalen om ekonomiska övergrepp av närstående.",
            "vald_i_nara_relation",
        ),
        (
            "Chefer frågar om medarbetarna utsätts för våld eller hot i hemmet.",
            "vald_i_nara_relation",
        ),
        (
            "Informera om att det är ett brott att köpa sex.",
            "sex_mot_ersattning",
        ),
    ] {
        let c = code(text, None);
        assert!(
            c.get("focus").contains(&want.to_owned()),
            "{text}: {:?}",
            c.codes
        );
    }
    // Trakasserier are generic wording, also when sexual (CODEBOOK §3).
    let c = code("En kampanj mot sexuella trakasserier i bussarna.", None);
    assert!(c.get("focus").is_empty(), "{:?}", c.codes);
    assert!(!c.generic_violence.is_empty());
    // A women's shelter as partner singles out no gender.
    let c = code("Bolaget ska samarbeta med kvinnojouren om stöd.", None);
    assert!(!c.get("perspective").contains(&"kon".to_owned()));
}

#[test]
fn staff_work_about_a_group_codes_the_group_and_stays_internal() {
    // CODEBOOK §9: training drivers to notice violence against older passengers.
    let c = code(
        "Förarna ska få en utbildning om hur de kan uppmärksamma våld mot äldre resenärer.",
        None,
    );
    assert_eq!(c.get("group"), ["aldre"]);
    assert_eq!(c.get("target"), ["intern"]);
    // Named only as staff's own description, the group is not singled out.
    let c = code(
        "Förvaltningen ska ta fram en ny rutin för sina äldre lokaler.",
        None,
    );
    assert!(c.get("group").is_empty(), "{:?}", c.codes);
}
