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

/// The statements of `text`'s activities, with goal and status.
fn items(text: &str) -> Vec<(String, String, Option<String>)> {
    seg(text)
        .activities
        .iter()
        .map(|a| (a.goal.clone(), a.statement_text(text), a.status.clone()))
        .collect()
}

#[test]
fn labelled_activities_keep_their_attribute_lines() {
    let text = "Kulturförvaltningen\n\nInriktningsmål 3 – Verksamma i staden ska upptäcka våld och kunna agera\n\nAktivitet 3.1: Förvaltningen ska ta fram en rutin för orosanmälan.\nRutinen gäller alla bibliotek.\nAnsvarig: Avdelningschef\nMålgrupp: Medarbetare på biblioteken\n\nAktivitet 3.2: Förvaltningen ska utbilda chefer om hot och våld.\nTidsplan: 2025\n";
    let s = seg(text);
    let got: Vec<String> = s
        .activities
        .iter()
        .map(|a| a.statement_text(text))
        .collect();
    assert_eq!(
        got,
        [
            "Förvaltningen ska ta fram en rutin för orosanmälan.",
            "Förvaltningen ska utbilda chefer om hot och våld."
        ]
    );
    let desc = join_pieces(text, &s.activities[0].description);
    assert!(desc.contains("Medarbetare på biblioteken"), "{desc}");
    assert!(!desc.contains("Avdelningschef"), "{desc}");
    assert_eq!(s.owner.name, "Kulturförvaltningen");
}

#[test]
fn tables_are_read_by_their_header_whatever_the_columns() {
    let text = "Gatukontoret\n\nInriktningsmål 1 – Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\nNr\tAktivitet\tMålgrupp\tAnsvarig\tStatus\n1.1\tKontoret ska genomföra trygghetsvandringar i parker.\tBoende\tParkenheten\tPågår\n1.2\tKontoret ska förbättra belysningen i tunnlar.\tAlla som rör sig där\tTrafikenheten\tPlanerad\n";
    let got = items(text);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[0].1,
        "Kontoret ska genomföra trygghetsvandringar i parker."
    );
    assert_eq!(got[0].2.as_deref(), Some("pagaende"));
    assert_eq!(got[1].2.as_deref(), Some("under_utveckling"));
    assert!(got.iter().all(|g| g.0 == "1"));
    assert_eq!(seg(text).owner.name, "Gatukontoret");
}

#[test]
fn prose_sections_give_one_activity_per_commitment() {
    let text = "Malmö Teater AB\n\nFörebyggande arbete\n\nVi möter många unga i publiken. Vi ska erbjuda alla skolklasser samtal om samtycke efter föreställningen. Samtalen leds av pedagoger. Bolaget kommer att utbilda all publikvärdar i att agera vid trakasserier.\n\nOm resurser finns kan vi på sikt starta en grupp för unga.\n\nSamverkan\n\nVi ska delta i stadens nätverk mot våld.\n";
    let got = items(text);
    let statements: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        statements,
        [
            "Vi ska erbjuda alla skolklasser samtal om samtycke efter föreställningen.",
            "Bolaget kommer att utbilda all publikvärdar i att agera vid trakasserier.",
            "Vi ska delta i stadens nätverk mot våld."
        ]
    );
    let goals: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(goals, ["1", "1", "6"], "{got:?}");
}

#[test]
fn goals_named_by_number_wording_or_the_activity_itself() {
    let text = "Stadsbyggnadskontoret\n\nInnehåll\n\n3. Upptäcka och agera\n\n– Utbilda handläggare i att upptäcka våld.\n\nMål 6 – Samverkan\n\n– Delta i stadens nätverk mot våld.\n\n– Ta fram en rutin för skyddade personuppgifter. (Inriktningsmål 4)\n";
    let got = items(text);
    let goals: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(goals, ["3", "6", "4"], "{got:?}");
    assert_eq!(got[2].1, "Ta fram en rutin för skyddade personuppgifter.");
}

#[test]
fn sub_bullets_and_numbered_headings_are_no_activities() {
    let text = "Fritidsförvaltningen\n\nMål 1 – Förebygga våld\n\n• Samtalsgrupper för killar om maskulinitet\n  – Startar hösten 2024\n  – Två gårdar\n• Tjejgrupper om relationer\n\n4 Barn som lever med våld\n\n• Rutin för orosanmälan på varje gård\n";
    let got = items(text);
    let statements: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        statements,
        [
            "Samtalsgrupper för killar om maskulinitet",
            "Tjejgrupper om relationer",
            "Rutin för orosanmälan på varje gård"
        ]
    );
}

#[test]
fn one_theme_in_a_goal_s_wording_is_no_goal_structure() {
    let text = "Malmö Teater AB\n\nVårt förebyggande arbete\n\nVi ska utbilda publikvärdar.\n\nStöd till medarbetare\n\nVi ska erbjuda samtalsstöd.\n";
    let s = seg(text);
    assert!(!s.has_goal_structure);
    assert!(
        s.activities.iter().all(|a| a.goal_inferred),
        "{:?}",
        s.activities
    );
    assert_eq!(s.activities.len(), 2);
}

#[test]
fn a_heading_whose_number_and_words_disagree_is_in_doubt() {
    // Number 2, words of goal 3 (a misread digit, or the plan's own order):
    // the number decides, the heading is flagged.
    let text = "Inriktningsmål 2 - Verksamma i staden ska upptäcka våld och kunna agera\n\n- Förvaltningen ska utbilda alla chefer.\n\nInriktningsmål 4 - Staden erbjuder stöd och skydd till våldsutsatta\n\n- Förvaltningen ska ge stöd.\n";
    let s = seg(text);
    assert_eq!(s.goals.len(), 2);
    assert_eq!(s.goals[0].goal, "2");
    let doubt = s.goals[0].doubt.as_deref().expect("in doubt");
    assert!(
        doubt.contains("mål 2") && doubt.contains("mål 3"),
        "{doubt}"
    );
    assert_eq!(s.goals[1].doubt, None, "number and words agree");
}

#[test]
fn a_goal_chosen_by_words_that_match_it_only_in_part_is_in_doubt() {
    // OCR read the digit as "I" and the title's end fell on the next line.
    let text = "INRIKTNINGSMÅL I - STADEN BEDRIVER ETT VERKNINGSFULLT\nFÖREBYGGANDE ARBETE\n\n- Förvaltningen ska utbilda alla chefer.\n";
    let s = seg(text);
    assert_eq!(s.goals.len(), 1);
    assert_eq!(s.goals[0].goal, "1");
    let doubt = s.goals[0].doubt.as_deref().expect("in doubt");
    assert!(doubt.contains("mål 1 bara till 67 %"), "{doubt}");
    // The whole title, no number: the words decide without doubt.
    let text = "INRIKTNINGSMÅL I - STADEN BEDRIVER ETT VERKNINGSFULLT VÅLDSFÖREBYGGANDE ARBETE\n\n- Förvaltningen ska utbilda alla chefer.\n";
    assert_eq!(seg(text).goals[0].doubt, None);
}

#[test]
fn a_sentence_that_wraps_onto_the_goal_word_is_no_heading() {
    let text = "Inriktningsmål 1 - Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\n- Förvaltningen ska utbilda alla chefer.\n\nPlanen är ordnad efter fokusområden och inte efter\ninriktningsmål. Pedagogerna har uttryckt att det är lättare att känna igen sitt arbete.\n\nUnder varje\ninriktningsmål redovisas arbetet som pågår och det som är under utveckling.\n\n- Förvaltningen ska ta fram en rutin.\n";
    let s = seg(text);
    assert_eq!(s.goals.len(), 1, "{:?}", s.goals);
    assert!(s.activities.iter().all(|a| a.goal == "1"));
}

/// What OCR of a scanned list leaves: the top-level bullet glyph dropped
/// (lines open with the item's infinitive, wrapped lines follow), the
/// indentation of sub-items lost.
#[test]
fn items_whose_bullet_ocr_lost_are_found_by_their_infinitive() {
    let text = "Hamnbolaget AB\n\n4. Stöd\n\n+ Erbjuda medarbetare som är utsatta för våld stöd genom företagshälsovården\noch genom anpassade arbetstider\nTa fram en rutin som skyddar medarbetare med skyddade personuppgifter\n— Rutinen ska omfatta passersystemet\nUtbilda bolagets chefer i att fråga om våld i medarbetarsamtalen och i hur de\nhänvisar vidare\n";
    let got = items(text);
    let statements: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        statements,
        [
            "Erbjuda medarbetare som är utsatta för våld stöd genom företagshälsovården och genom anpassade arbetstider",
            "Ta fram en rutin som skyddar medarbetare med skyddade personuppgifter",
            "Utbilda bolagets chefer i att fråga om våld i medarbetarsamtalen och i hur de hänvisar vidare"
        ],
        "{got:?}"
    );
    // A sentence opens with its subject, a heading stands alone: neither is an item.
    let text = "Hamnbolaget AB\n\n4. Stöd\n\n+ Erbjuda medarbetare stöd genom företagshälsovården.\nRutinen för detta ska ses över varje år.\n\nStödja och skydda\n\n+ Ta fram en rutin för skyddade personuppgifter.\n";
    let got = items(text);
    assert_eq!(got.len(), 2, "{got:?}");
    // A line after one that ends on `och` goes on with its sentence, even
    // where heavy damage capitalised its first word.
    let text = "Gymnasieförvaltningen\n\nMål 2 – Att våld inte upprepas\n\n+ Skolorna ska agera skyndsamt när en elev utsätts för kränkningar och\nFölja upp varje anmält ärende tills kränkningarna har upphört.\n";
    assert_eq!(items(text).len(), 1, "{:?}", items(text));
}

#[test]
fn letters_under_a_numbered_item_are_its_parts() {
    let text = "Funktionsstödsförvaltningen\n\nINRIKTNINGSMÅL 1: STADEN BEDRIVER ETT VERKNINGSFULLT FÖREBYGGANDE ARBETE\n\n1. Erbjuda samtalsgrupper om relationer i daglig verksamhet.\nStatus: pågår\na) Utbilda ytterligare tolv samtalsledare.\nKlart: 2025\nb) Anpassa materialet för deltagare som använder AKK.\n2, Ta fram lättläst information om våld i nära relation.\n";
    let got = items(text);
    let statements: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        statements,
        [
            "Erbjuda samtalsgrupper om relationer i daglig verksamhet.",
            "Ta fram lättläst information om våld i nära relation."
        ],
        "{got:?}"
    );
    // A list lettered from the start is a list of items.
    let text = "Funktionsstödsförvaltningen\n\nMål 1 – Förebygga våld\n\na) Utbilda samtalsledare.\nb) Anpassa materialet för deltagare.\n";
    assert_eq!(items(text).len(), 2);
}

#[test]
fn a_list_under_a_status_subheading_is_more_items() {
    let text = "Socialförvaltningen\n\nMål 1. Förebyggande arbete\nDet här gör vi redan\n\n+ Föräldraskapsstöd i grupp på familjecentralerna.\n\nDet här behöver vi\n\n+ En metod för att nå unga i riskmiljöer.\n\nMå! 3. Upptäcka och agera\nDet här gör vi redan\n> Frågor om våld vid nybesök.\n";
    let got = items(text);
    let statements: Vec<(&str, &str)> = got.iter().map(|g| (g.0.as_str(), g.1.as_str())).collect();
    assert_eq!(
        statements,
        [
            ("1", "Föräldraskapsstöd i grupp på familjecentralerna."),
            ("1", "En metod för att nå unga i riskmiljöer."),
            ("3", "Frågor om våld vid nybesök.")
        ]
    );
    // Within a narrative, a subheading heads more of what has been done.
    let text = "Socialförvaltningen\n\nMål 1. Förebyggande arbete\n\n• Förvaltningen ska ta fram material om våld.\n\nExempel på aktiviteter som gjorts hittills:\n\nEn film har tagits fram.\n\nRutiner:\n\n-Rutin för medarbetare vid våld i nära relation.\n";
    assert_eq!(items(text).len(), 1, "{:?}", items(text));
}

#[test]
fn a_sentence_under_another_glyph_tells_about_the_infinitive_item_above() {
    // OCR read the list's dash as `+` and its dot as `*`; no indentation is left.
    let text = "Hamnbolaget AB\n\n5. Kunskap\n\n+ Sammanställa årligen de misstankar om människohandel som personalen har rapporterat\n+ Genomföra en riskanalys av var risken för exploatering är störst\n* Riskanalysen görs som en del av säkerhetsarbetet\n* Resultatet ska ligga till grund för nästa plan\n« Samarbete med sjömanskyrkan om information till sjöfolk\n";
    let got = items(text);
    let statements: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        statements,
        [
            "Sammanställa årligen de misstankar om människohandel som personalen har rapporterat",
            "Genomföra en riskanalys av var risken för exploatering är störst",
            "Samarbete med sjömanskyrkan om information till sjöfolk"
        ],
        "{got:?}"
    );
}

#[test]
fn a_template_form_s_answers_are_content_and_its_questions_are_not() {
    let text = "Blankett: Handlingsplan\nFörvaltning/bolag: Malmö Trafik AB\n\nInriktningsmål 1. Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\nFråga 1a. Vilka aktiviteter planerar ni för att förebygga våld?\nTänk på både Malmöbor och medarbetare.\n\nSvar:\n– Under hösten 2025 genomförs trygghetsvandringar kring cykelgarage. Vandringarna ska dokumenteras.\n\nFråga 1b. Vilka aktiviteter pågår redan och vilka\nav dem fortsätter under planperioden?\n\nSvar: Sedan 2023 erbjuder närtrafiken kvällsstopp nära bostaden. Föraren släpper av resenären.\n\nInriktningsmål 5. Stadens arbete bygger på aktuell kunskap och forskning\n\nFråga 5a. Vilka aktiviteter planerar ni?\n\nSvar: Inga aktiviteter planeras under detta mål.\n\nFråga 5b. Vilka aktiviteter pågår redan?\n\nSvar: Ej aktuellt för vår verksamhet.\n";
    let s = seg(text);
    let got: Vec<String> = s
        .activities
        .iter()
        .map(|a| a.statement_text(text))
        .collect();
    assert_eq!(
        got,
        [
            "Under hösten 2025 genomförs trygghetsvandringar kring cykelgarage. Vandringarna ska dokumenteras.",
            "Sedan 2023 erbjuder närtrafiken kvällsstopp nära bostaden."
        ]
    );
    assert_eq!(s.empty_rubriker.len(), 1);
    assert_eq!(s.empty_rubriker[0].goal, "5");
    // A question wrapped over two lines is no part of the answer above it.
    for a in &s.activities {
        let all = join_pieces(text, &a.description) + &join_pieces(text, &a.narrative);
        assert!(!all.contains("Fråga") && !all.contains("vilka"), "{all}");
    }
}

#[test]
fn a_titled_paragraph_is_the_activity_its_title_names() {
    let text = "Äldreförvaltningen\n\nDel 1 – Staden bedriver ett verkningsfullt förebyggande arbete\n\nSamtalsgrupper för äldre kvinnor\nUnder 2025 startar vi samtalsgrupper för äldre kvinnor på tre träffpunkter. Grupperna leds av personalen.\nSamarbetspartner: Kvinnojouren Malmö\n\nFöreläsningar om ekonomiska övergrepp\nUnder 2024 genomförde vi två föreläsningar för anhöriga. Från 2025 erbjuder vi föreläsningarna på alla träffpunkter.\n\nSkyddade platser för äldre\nVi ser ett behov av skyddade boendeplatser för äldre. Förvaltningen har i dag inte resurser att inrätta sådana platser.\n\nDel 2 – Verksamma i staden ska upptäcka våld och kunna agera\n\nVåldsombud på varje enhet\nVarje hemtjänstgrupp utser ett våldsombud med fördjupad kunskap.\n";
    let s = seg(text);
    let got: Vec<String> = s
        .activities
        .iter()
        .map(|a| a.statement_text(text))
        .collect();
    assert_eq!(
        got,
        [
            "Under 2025 startar vi samtalsgrupper för äldre kvinnor på tre träffpunkter.",
            "Från 2025 erbjuder vi föreläsningarna på alla träffpunkter.",
            "Varje hemtjänstgrupp utser ett våldsombud med fördjupad kunskap."
        ],
        "{got:?}"
    );
    let desc = join_pieces(text, &s.activities[0].description);
    assert!(desc.contains("Samtalsgrupper för äldre kvinnor"), "{desc}");
    assert!(desc.contains("Kvinnojouren Malmö"), "{desc}");
    assert!(join_pieces(text, &s.activities[1].narrative).contains("Under 2024"));
}

#[test]
fn a_chapter_of_a_larger_plan_names_its_goals_and_ends_where_the_next_chapter_begins() {
    let text = "Utbildningsförvaltningen\n\nVERKSAMHETSPLAN 2025\n\n3 Personal\n\n• Sjukfrånvaron ska minska till högst 6,5 procent.\n\n5 Fri från våld – förvaltningens handlingsplan\n\n5.1 Förebyggande arbete (inriktningsmål 1)\n\n► Modersmålslärarna ska genomföra samtal om jämställdhet. (bidrar även till mål 6)\n  ○ Materialet tas fram med Ungdomsmottagningen.\n\n5.3 Upptäcka våld och kunna agera (inriktningsmål 3)\n\n► Chefer ska i medarbetarsamtalet ställa frågan om våld i nära relation.\n\n6 Miljö och hållbarhet\n\n• Förvaltningen ska ställa krav på fossilfria fordon.\n";
    let got = items(text);
    let got: Vec<(&str, &str)> = got.iter().map(|g| (g.0.as_str(), g.1.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                "1",
                "Modersmålslärarna ska genomföra samtal om jämställdhet. (bidrar även till mål 6)"
            ),
            (
                "3",
                "Chefer ska i medarbetarsamtalet ställa frågan om våld i nära relation."
            )
        ]
    );
}

#[test]
fn one_table_for_the_whole_plan_names_each_row_s_goal() {
    let text = "Malmö Studentbostäder AB\n\nNr\tMål\tVad ska göras\tVem berörs\tAnsvar\n1\t3\tUtbilda alla boendevärdar i att upptäcka tecken på våld.\tPersonal\tHR\n2\t\tRutin för vad personalen gör när en hyresgäst berättar om våld.\tPersonal\tHR\n3\t4\tBehov: Tillgång till akut ersättningsboende för studenter.\tStudenter\tVD\n4\t5\tInga egna aktiviteter planeras under mål 5.\t–\t–\n";
    let s = seg(text);
    let got: Vec<(String, String, Option<String>)> = s
        .activities
        .iter()
        .map(|a| (a.goal.clone(), a.statement_text(text), a.status.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "3".into(),
                "Utbilda alla boendevärdar i att upptäcka tecken på våld.".into(),
                None
            ),
            (
                "3".into(),
                "Rutin för vad personalen gör när en hyresgäst berättar om våld.".into(),
                None
            ),
            (
                "4".into(),
                "Tillgång till akut ersättningsboende för studenter.".into(),
                Some("behov".into())
            )
        ]
    );
    assert_eq!(s.empty_rubriker.len(), 1);
    assert_eq!(s.empty_rubriker[0].goal, "5");
}

#[test]
fn a_point_taking_up_the_item_s_subject_is_about_that_item() {
    // A PDF whose font lacked ► and ○ set both as •, without indentation.
    let text = "Utbildningsförvaltningen\n\nMål 1 – Förebyggande arbete\n\n• Modersmålslärarna ska genomföra samtal om jämställdhet utifrån ett samtalsmaterial på tolv språk.\n• Materialet ska särskilt ta upp hedersrelaterat våld.\n• Samtalen genomförs i årskurs 7–9.\n• Mottagningsenheten ska erbjuda föräldraträffar med tolk för vårdnadshavare.\n• Träffarna hålls i samband med skolstart.\n• Förvaltningen ska utbilda alla chefer om våld.\n• Förvaltningen ska ta fram en rutin för orosanmälan.\n";
    let got = items(text);
    let statements: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        statements,
        [
            "Modersmålslärarna ska genomföra samtal om jämställdhet utifrån ett samtalsmaterial på tolv språk.",
            "Mottagningsenheten ska erbjuda föräldraträffar med tolk för vårdnadshavare.",
            "Förvaltningen ska utbilda alla chefer om våld.",
            "Förvaltningen ska ta fram en rutin för orosanmälan."
        ],
        "{got:?}"
    );
}

#[test]
fn a_title_set_apart_by_a_blank_line_still_announces_its_paragraph() {
    let text = "Äldreförvaltningen\n\nDel 1 – Staden bedriver ett verkningsfullt förebyggande arbete\n\nSamtalsgrupper för äldre kvinnor\n\nUnder 2025 startar vi samtalsgrupper för äldre kvinnor på tre\nträffpunkter. Grupperna leds av personalen.\n\nDel 2 – Verksamma i staden ska upptäcka våld och kunna agera\n\nVåldsombud på varje enhet\n\nVarje hemtjänstgrupp utser ett våldsombud med fördjupad kunskap.\n\nUppföljning\n\nVd ansvarar för att planen följs upp varje år i ledningsgruppen.\n";
    let s = seg(text);
    let got: Vec<String> = s
        .activities
        .iter()
        .map(|a| a.statement_text(text))
        .collect();
    assert_eq!(
        got,
        [
            "Under 2025 startar vi samtalsgrupper för äldre kvinnor på tre träffpunkter.",
            "Varje hemtjänstgrupp utser ett våldsombud med fördjupad kunskap."
        ],
        "{got:?}"
    );
    let desc = join_pieces(text, &s.activities[0].description);
    assert!(desc.contains("Samtalsgrupper för äldre kvinnor"), "{desc}");
}

#[test]
fn narrow_columns_a_pdf_set_in_one_cell_are_read_from_the_row() {
    // "Nr", "Mål" and "Vad ska göras" sat too close for a tab between them.
    let text = "Malmö Studentbostäder AB\n\nNr Mål Vad ska göras\tVem berörs\tAnsvar\n1 3 Utbilda alla boendevärdar i att upptäcka tecken på våld.\tPersonal\tHR\n2 Rutin för vad personalen gör när en hyresgäst berättar om våld.\tPersonal\tHR\n3 1 Informera nyinflyttade hyresgäster om samtycke.\tHyresgäster\tUthyrningen\n";
    let got = items(text);
    let got: Vec<(&str, &str)> = got.iter().map(|g| (g.0.as_str(), g.1.as_str())).collect();
    assert_eq!(
        got,
        [
            (
                "3",
                "Utbilda alla boendevärdar i att upptäcka tecken på våld."
            ),
            (
                "3",
                "Rutin för vad personalen gör när en hyresgäst berättar om våld."
            ),
            ("1", "Informera nyinflyttade hyresgäster om samtycke.")
        ]
    );
}

#[test]
fn outline_titles_announce_their_paragraphs_in_a_list_section_too() {
    // The numbered sub-points make the section a list; the lettered titles
    // still announce the committing paragraphs below them, and a titled
    // paragraph that only tells what was done is no activity.
    let text = "HANDLINGSPLAN\n\nI. FÖREBYGGANDE ARBETE\n\nA. Uppförandekod för alla som arbetar i huset\n\n    Bolaget ska införa en uppförandekod mot trakasserier för alla anställda.\n        1. Koden bifogas varje anställningsavtal och ska undertecknas.\n        2. Produktionsledaren går igenom koden vid första repetitionen.\n    Under säsongen 2023/24 genomförde vi genomgången i sex produktioner.\n\nB. Samtal efter skolföreställningar\n\n    I anslutning till föreställningen ska eleverna erbjudas ett samtal om samtycke och gränser.\n\nNormer och värderingar\n\n    Avdelningen har under 2023 haft föreläsningar om normer med alla chefer i förvaltningen.\n\nII. ATT FÖRHINDRA ATT VÅLD UPPREPAS\n\nA. Tillträdesförbud\n\n    Bolaget ska ta fram en rutin för tillträdesförbud för besökare som har utövat våld.\n";
    let s = seg(text);
    let statements: Vec<String> = s
        .activities
        .iter()
        .map(|a| a.statement_text(text))
        .collect();
    assert_eq!(statements.len(), 3, "{statements:?}");
    assert!(statements[1].starts_with("I anslutning till föreställningen ska eleverna"));
    let goals: Vec<&str> = s.activities.iter().map(|a| a.goal.as_str()).collect();
    assert_eq!(goals, ["1", "1", "2"]);
}

#[test]
fn a_message_quoted_in_an_e_mail_reply_is_not_the_plan() {
    // The quoted invitation lists the goals as numbered lines; they are the
    // other sender's text, not goal headings of this plan.
    let text = "Från: Anna <anna@bolaget.se>\nÄmne: SV: Handlingsplan\n\nHej!\n\nVi ska under våren utbilda alla trygghetsvärdar i att upptäcka sexuellt våld (mål 3).\n\nVänliga hälsningar\nAnna\n\n> Hej!\n>\n> Planen har sex inriktningsmål:\n> 1. Staden bedriver ett verkningsfullt våldsförebyggande arbete\n> 3. Verksamma i staden ska upptäcka våld och kunna agera\n>\n> Skriv in era aktiviteter under det inriktningsmål de hör till.\n";
    let s = seg(text);
    let statements: Vec<String> = s
        .activities
        .iter()
        .map(|a| a.statement_text(text))
        .collect();
    assert_eq!(statements.len(), 1, "{statements:?}");
    assert!(statements[0].starts_with("Vi ska under våren utbilda"));
    assert_eq!(s.activities[0].goal, "3");
}

#[test]
fn a_quoted_message_a_pdf_wrapped_is_not_the_plan_either() {
    // As a PDF of the e-mail gives it: blank lines between the quoted lines
    // and long quoted lines wrapped onto lines without the `>`.
    let text = "Från: Anna <anna@bolaget.se>\n\nHej!\n\nVi ska under våren utbilda alla trygghetsvärdar i att upptäcka sexuellt våld (mål 3).\n\nVänliga hälsningar\nAnna\n\n> Hej!\n\n>\n\n> Här kommer mallen för handlingsplanen. Alla förvaltningar och bolag ska ta fram en\nhandlingsplan och skicka in den till oss senast i februari, så att vi kan sammanställa den.\n>\n> 3. Verksamma i staden ska upptäcka våld och kunna agera\n\n> Vi ska sammanställa alla planer under våren.\n";
    let s = seg(text);
    let statements: Vec<String> = s
        .activities
        .iter()
        .map(|a| a.statement_text(text))
        .collect();
    assert_eq!(statements.len(), 1, "{statements:?}");
    assert!(statements[0].starts_with("Vi ska under våren utbilda"));
    assert_eq!(s.activities[0].goal, "3");
}

#[test]
fn minutes_decisions_and_items_that_finish_a_lead_in() {
    // § paragraphs as goal headings (by number or wording), and "Beslut:"
    // over a lead-in whose lower-case verb items are the activities.
    let text = "Protokoll\n\n§ 1 Mötets öppnande\n\nOrdföranden öppnade mötet.\n\n§ 4 Handlingsplan Fri från våld – inriktningsmål 1: förebyggande arbete\n\nDiskussion:\nUnder 2023 genomfördes tolv trygghetsvandringar.\n\nBeslut:\nLedningsgruppen beslutar att förvaltningen under 2025 ska\n\na) prioritera belysning på de stråk som pekas ut vid trygghetsvandringar.\nAnsvarig: enhetschef Belysning\n\nb) sätta upp information om vart man kan vända sig vid våld i nära relation.\n\n§ 5 Att förhindra att våld upprepas\n\nBeslut:\nFörvaltningen ska införa en rutin för stöd till medarbetare efter hot.\n";
    let s = seg(text);
    let got: Vec<(String, String)> = s
        .activities
        .iter()
        .map(|a| (a.goal.clone(), a.statement_text(text)))
        .collect();
    let starts: Vec<(&str, &str)> = got
        .iter()
        .map(|(g, t)| (g.as_str(), t.split_whitespace().next().unwrap_or("")))
        .collect();
    assert_eq!(
        starts,
        [("1", "prioritera"), ("1", "sätta"), ("2", "Förvaltningen")],
        "{got:?}"
    );
}

#[test]
fn a_wide_table_runs_on_over_a_page_marker_and_a_label_opens_an_item() {
    let text = "Handlingsplan\n\nInriktningsmål\tFokusområde\tAktivitet\tMålgrupp\n1 Förebyggande\tSexuellt våld\tLärarna ska i undervisningen föra samtal om samtycke.\tKursdeltagare\n\tSexuellt våld\tBehov: anpassat material om samtycke för komvux.\tKursdeltagare\n\n— sida 2 —\n\n\tVåld i nära relation\tHR tar fram en handledning för chefer om stöd till utsatta medarbetare.\tChefer\n";
    let s = seg(text);
    let got: Vec<(String, Option<String>, String)> = s
        .activities
        .iter()
        .map(|a| (a.goal.clone(), a.status.clone(), a.statement_text(text)))
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[1].1.as_deref(), Some("behov"));
    assert!(got[1].2.starts_with("anpassat material"), "{got:?}");
    assert!(got[2].2.starts_with("HR tar fram"), "{got:?}");
    assert!(got.iter().all(|(g, _, _)| g == "1"));
}

#[test]
fn verb_items_under_a_lead_in_may_wrap_over_lines() {
    // As a PDF sets them: each item runs over several lines, with its
    // attribute lines below it.
    let text = "Protokoll\n\n§ 4 Inriktningsmål 1 – förebyggande arbete\n\nBeslut:\nLedningsgruppen beslutar att förvaltningen under 2025 ska\n\na) prioritera belysning på de gång- och cykelstråk som pekas ut vid\ntrygghetsvandringar, med hänsyn till stråk som kvinnor undviker när det är\nmörkt.\nAnsvarig: enhetschef Belysning\n\nb) genomföra trygghetsvandringar tillsammans med polisen och lokala\nföreningar.\n\n§ 5 Inriktningsmål 2 – att förhindra att våld upprepas\n\nBeslut:\nFörvaltningen ska införa en rutin för stöd till medarbetare efter hot.\n";
    let s = seg(text);
    let firsts: Vec<String> = s
        .activities
        .iter()
        .map(|a| {
            a.statement_text(text)
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(
        firsts,
        ["prioritera", "genomföra", "Förvaltningen"],
        "{firsts:?}"
    );
}

#[test]
fn a_plan_sent_as_a_letter_names_its_owner_under_the_greeting() {
    let text = "Från: Anna <anna@example.se>\nÄmne: SV: Handlingsplan\n\nHej!\n\nVi ska utbilda alla trygghetsvärdar i att upptäcka sexuellt våld (mål 3).\n\nVänliga hälsningar\nAnna Berg\nVerksamhetsansvarig\nMalmö Nattsamverkan AB\n\n> Hej!\n>\n> Arbetsmarknads- och socialförvaltningen samordnar.\n>\n";
    assert_eq!(seg(text).owner.name, "Malmö Nattsamverkan AB");
    // Without a greeting the file name stays the fallback.
    let bare = "Hej!\n\nVi ska utbilda alla trygghetsvärdar (mål 3).\n";
    assert_eq!(seg(bare).owner.name, "fallback");
}

#[test]
fn a_numbered_heading_standing_alone_may_say_more_than_its_goal() {
    let text = "HANDLINGSPLAN\n\nI. FÖREBYGGANDE ARBETE\n\nBolaget ska införa en uppförandekod mot trakasserier för alla anställda.\n\nII. KUNSKAP SOM GRUND FÖR ARBETET\n\nBolaget ska vartannat år genomföra en enkät om hur medarbetarna utsätts för hot.\n\nIII. UPPTÄCKA OCH AGERA (INRIKTNINGSMÅL 3)\n\nBolaget ska ta fram en rutin för hur personalen agerar.\n";
    let goals: Vec<String> = seg(text)
        .activities
        .iter()
        .map(|a| a.goal.clone())
        .collect();
    assert_eq!(goals, ["1", "5", "3"]);
}

#[test]
fn narrow_header_cells_wrapped_inside_their_word_are_read() {
    // A PDF table whose narrow `Nr` and `Mål` header cells wrapped a letter
    // onto the next line: the cells read `N r` and `M ål`. The goal column
    // still names each row's goal.
    let text = "Malmö Studentbostäder AB\n\nN r\tM ål\tVad ska göras\tAnsvar\n1\t3\tUtbilda alla boendevärdar i att upptäcka våld.\tHR-chef\n2\t6\tDelta i stadens nätverk mot våld.\tVD\n";
    let got = items(text);
    let goals: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(goals, ["3", "6"], "{got:?}");
    assert_eq!(got[1].1, "Delta i stadens nätverk mot våld.");
}

#[test]
fn a_goal_heading_wrapped_onto_the_next_line_is_read_whole() {
    // A PDF's narrow text column wrapped the heading; the first line alone
    // names too little of the goal.
    let text = "Äldreförvaltningen\n\nDel 1 – Staden bedriver ett verkningsfullt\nförebyggande arbete\n\nInformation till äldre\nVi tar fram en broschyr om våld i nära relation.\n\nDel 2 – Verksamma i staden ska upptäcka våld och\nkunna agera\n\nRutinmässiga frågor om våld\nBiståndshandläggarna ställer frågor om våld vid alla nya utredningar.\n";
    let got = items(text);
    let goals: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(goals, ["1", "3"], "{got:?}");
}

#[test]
fn lines_a_pdf_wrapped_are_one_line_per_paragraph() {
    let full = "Bolaget har fjorton anställda och arbetar i centrum med fastighetsägare och krogar i nattlivet och";
    let mut text = String::from("Malmö Citysamverkan AB\n\n");
    for _ in 0..5 {
        text.push_str(full);
        text.push_str("\nde flesta arbetar kvällar.\n\n");
    }
    // A full line ending a sentence, an item, a label and a new page keep
    // their own lines.
    text.push_str(&format!("{full} slut.\nNästa mening står för sig.\n"));
    text.push_str(&format!("{full}\n• Utbilda alla värdar.\n"));
    text.push_str(&format!("{full}\nAnsvarig: vd\n"));
    let page = text.len();
    text.push_str(&format!("{full}\nfortsätter på nästa sida.\n"));
    let tax = tax();
    let ls = lines::lines(&text, &[page], &tax.structure);
    let shown: Vec<&str> = ls
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| &text[l.trimmed.clone()])
        .collect();
    let joined = format!("{full}\nde flesta arbetar kvällar.");
    assert_eq!(
        shown.iter().filter(|l| **l == joined).count(),
        5,
        "{shown:#?}"
    );
    for own in [
        "Nästa mening står för sig.",
        "• Utbilda alla värdar.",
        "Ansvarig: vd",
    ] {
        assert!(
            shown.contains(&own),
            "{own:?} not on its own line: {shown:#?}"
        );
    }
    let folded = &ls
        .iter()
        .find(|l| text[l.trimmed.clone()] == joined)
        .unwrap()
        .folded;
    assert!(
        folded.ends_with("nattlivet och de flesta arbetar kvallar."),
        "{folded}"
    );
    // Text as written (no pages) keeps its lines.
    let ls = lines::lines(&text, &[], &tax.structure);
    assert!(ls.iter().all(|l| !text[l.trimmed.clone()].contains('\n')));
}

#[test]
fn who_and_when_lines_close_an_item() {
    // Minutes: lettered decisions with their owner and date, then a
    // decision standing as its own paragraph.
    let text = "Stadsmiljöförvaltningen\n\nInriktningsmål 1 – Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\n- Förvaltningen ska se över belysningen i parkerna.\nAnsvarig: enhetschef Belysning\nKlart: juni 2025\n\nUppdrag till parkchefen att låta barn komma till tals när lekplatser rustas upp.\nKlart: hösten 2025\n";
    let got: Vec<String> = seg(text)
        .activities
        .iter()
        .map(|a| a.statement_text(text))
        .collect();
    assert_eq!(
        got,
        [
            "Förvaltningen ska se över belysningen i parkerna.",
            "Uppdrag till parkchefen att låta barn komma till tals när lekplatser rustas upp."
        ]
    );
    // A target-group line heads the item's description: what follows it is still
    // the item's, even when it commits.
    let text = "Socialförvaltningen\n\nInriktningsmål 4 – Staden erbjuder stöd utifrån den enskildes behov\n\n- Förvaltningen ska erbjuda stödsamtal.\nMålgrupp: kvinnor som utsatts för våld\n\nSamtalen ska erbjudas på fem språk.\n";
    let s = seg(text);
    assert_eq!(s.activities.len(), 1, "{:?}", items(text));
    assert!(join_pieces(text, &s.activities[0].description).contains("fem språk"));
}

#[test]
fn a_matrix_of_goals_gives_each_row_its_first_marked_goal() {
    // One table for the whole plan, a column per goal marked with X; a cell
    // with a line break in it puts the rest of its row on the next line.
    let text = "MKB Fastighets AB\n\nMål 1 = Staden bedriver ett verkningsfullt förebyggande arbete\nMål 6 = Stadens arbete sker i samverkan med myndigheter, civilsamhälle och andra relevanta aktörer\n\nNr\tAktivitet\tAnsvarig\tMål 1\tMål 2\tMål 3\tMål 4\tMål 5\tMål 6\n1\tInformation till hyresgäster om stöd vid våld i nära relation.\nUnder 2024 nådde kampanjen 9 000 hushåll.\tKommunikation\t\t\tX\tX\t\t\n2\tTrygghetsvandringar i bostadsområdena.\tOmrådeschefer\tX\t\t\t\t\tX\n";
    let s = seg(text);
    let got: Vec<(String, String)> = s
        .activities
        .iter()
        .map(|a| (a.goal.clone(), a.statement_text(text)))
        .collect();
    assert_eq!(
        got,
        [
            (
                "3".to_owned(),
                "Information till hyresgäster om stöd vid våld i nära relation.".to_owned()
            ),
            (
                "1".to_owned(),
                "Trygghetsvandringar i bostadsområdena.".to_owned()
            )
        ]
    );
    assert!(join_pieces(text, &s.activities[0].narrative).contains("9 000 hushåll"));
}

#[test]
fn keyword_goal_headings_tags_and_list_subheadings() {
    // Goals by keyword only, in another order; a subheading that says "ska"
    // announces the list under it; tab-indented steps belong to their item.
    let text = "Sociala resursförvaltningen\n\nNÄR VÅLD UPPREPAS\n\nDet här ska vi göra 2025–2026\n\n• Erbjuda behandling till personer som använder våld (Ansvar: RVE)\n\to Behandlingen ges på tre språk\n\nFÖREBYGGA\n\n– Samtalsgrupper för unga män på stödboendena. Under 2024 genomfördes en pilot. [Inriktningsmål 1 och 6]\n";
    let got = items(text);
    let goals: Vec<&str> = got.iter().map(|(g, _, _)| g.as_str()).collect();
    assert_eq!(goals, ["2", "1"], "{got:?}");
    assert!(got[1].1.starts_with("Samtalsgrupper"), "{got:?}");
}

#[test]
fn a_unit_heading_over_goal_headings_is_no_goal_content() {
    let text = "Fastighetskontoret\n\n3.1 Avdelning Förvaltning\n\nAvdelningen ansvarar för drift och underhåll av fastigheterna.\n\nMål 6 – Stadens arbete sker i samverkan med myndigheter, civilsamhälle och andra relevanta aktörer\n\n1. Avdelningen ska delta i EST.\n\n3.2 Avdelning Uthyrning\n\nAvdelningen ansvarar för uthyrning av lokaler.\n\nMål 4 – Staden erbjuder stöd utifrån den enskildes behov\n\n1. Uthyrning ska erbjuda lägenhetsbyte.\n";
    let got: Vec<String> = items(text)
        .into_iter()
        .map(|(g, t, _)| format!("{g} {t}"))
        .collect();
    assert_eq!(
        got,
        [
            "6 Avdelningen ska delta i EST.",
            "4 Uthyrning ska erbjuda lägenhetsbyte."
        ]
    );
}

#[test]
fn a_definite_subject_takes_up_its_noun_not_a_word_containing_it() {
    let text = "Sociala resursförvaltningen\n\nInriktningsmål 3 – Verksamma i staden ska upptäcka våld och kunna agera\n\n• Förvaltningen ska ta fram ett samtalsmaterial för Uppsökarenheten.\n• Materialet ska finnas på fem språk.\n• Uppsökarna ska bli bättre på att upptäcka våld mot hbtq-personer.\n";
    let got: Vec<String> = items(text).into_iter().map(|(_, t, _)| t).collect();
    assert_eq!(
        got,
        [
            "Förvaltningen ska ta fram ett samtalsmaterial för Uppsökarenheten.",
            "Uppsökarna ska bli bättre på att upptäcka våld mot hbtq-personer."
        ]
    );
}

#[test]
fn a_bulleted_title_over_its_sentence_titles_the_item() {
    let text = "Testbolaget AB\n\nMål 1. Ett verkningsfullt våldsförebyggande arbete\n\nPlanerat 2025–2026\n\n• Uppförandekod för utställare\nTestbolaget ska ta fram en uppförandekod som bifogas samtliga avtal.\nAnsvar: Försäljningschef.\n\n• Trygghetsinventering av anläggningen\nGenomföra en trygghetsinventering av parkeringshuset och lastkajerna.\n";
    let s = seg(text);
    let got: Vec<String> = s
        .activities
        .iter()
        .map(|a| a.statement_text(text))
        .collect();
    assert_eq!(
        got,
        [
            "Testbolaget ska ta fram en uppförandekod som bifogas samtliga avtal.",
            "Genomföra en trygghetsinventering av parkeringshuset och lastkajerna."
        ]
    );
    assert!(
        join_pieces(text, &s.activities[0].description).contains("Uppförandekod för utställare")
    );
}
