//! Segmentation on the seed plans and on small cases.

use super::*;
use crate::taxonomy::{DEFAULT_TAXONOMY, Taxonomy};
use std::path::Path;

fn tax() -> Taxonomy {
    Taxonomy::load(Path::new(DEFAULT_TAXONOMY)).expect("taxonomy")
}

fn seg(text: &str) -> Segmented {
    segment(text, &[], &tax(), "fallback")
}

#[test]
fn pieces_are_ranges_of_the_input() {
    let text = std::fs::read_to_string("corpus/plans/004_1c625e28d7976f31.txt").expect("seed");
    let s = seg(&text);
    for a in &s.activities {
        for p in a.statement.iter().chain(&a.description).chain(&a.narrative) {
            assert!(
                p.end <= text.len()
                    && text.is_char_boundary(p.start)
                    && text.is_char_boundary(p.end)
            );
        }
    }
}

#[test]
fn bullets_under_rubriker_with_description() {
    let text = "Inledning\n\nInriktningsmål 2 - Staden arbetar aktivt med att förhindra att våld upprepas\n\nGenom att:\n Agera mot kränkningar\n\nAktiviteter i samverkan\n\n- Förvaltningen ska nå fler personer som använder våld.\n\nMetoden ska prövas i samarbete med polis.\n\nVerksamhetsspecifika aktiviteter\n\nFörvaltningen har inga specifika aktiviteter under denna rubrik.\n";
    let s = seg(text);
    assert_eq!(s.activities.len(), 1);
    let a = &s.activities[0];
    assert_eq!((a.goal.as_str(), a.rubrik.as_str()), ("2", "samverkan"));
    assert_eq!(
        a.statement_text(text),
        "Förvaltningen ska nå fler personer som använder våld."
    );
    assert_eq!(
        join_pieces(text, &a.description),
        "Metoden ska prövas i samarbete med polis."
    );
    assert_eq!(s.empty_rubriker.len(), 1);
    assert_eq!(s.empty_rubriker[0].rubrik, "verksamhetsspecifik");
}

#[test]
fn narrative_is_kept_apart() {
    let text = "Inriktningsmål 4 - Staden erbjuder stöd utifrån den enskildes behov\n\nVerksamhetsspecifika aktiviteter\n\nHVOF ska erbjuda föreläsningar riktade till malmöbor\n\nExempel på aktiviteter som gjorts hitintills:\nUnder 2022 hölls föreläsningar om hbtq.\n";
    let s = seg(text);
    assert_eq!(s.activities.len(), 1);
    assert!(s.activities[0].description.is_empty());
    assert!(join_pieces(text, &s.activities[0].narrative).contains("hbtq"));
}

#[test]
fn table_items_have_status_and_behov_continuation() {
    let text = "Inriktningsmål: Stadens arbete bygger på aktuell kunskap och forskning, för målgruppen\n\nPågående arbete\tAktiviteter under utveckling\tBehov av insatser\nFramtagna handböcker\t\tHandböckerna behöver uppdateras\n\tNytt material\t\n\t\tUtveckla skyddsboenden för transpersoner\n";
    let s = seg(text);
    let st: Vec<_> = s
        .activities
        .iter()
        .map(|a| a.status.clone().unwrap_or_default())
        .collect();
    assert_eq!(st, ["pagaende", "under_utveckling", "behov"]);
    assert_eq!(s.activities[0].goal, "5");
    assert_eq!(
        join_pieces(text, &s.activities[0].description),
        "Handböckerna behöver uppdateras"
    );
    assert_eq!(
        join_pieces(text, &s.activities[0].context),
        "för målgruppen"
    );
}
