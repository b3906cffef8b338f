//! Context: the word before a token in, how it shifts the token's likely
//! reading out (infinitive after a modal, `år` after a year word, `är` after
//! a subject).

use super::Repairer;

/// Words after which an infinitive follows ("ska stärka", not "ska starka").
pub(super) const MODALS: &[&str] = &[
    "ska", "skall", "att", "kan", "kunna", "bör", "vill", "måste", "får",
];

/// Words after which no infinitive follows: a subject wants a finite verb,
/// a determiner a noun or adjective ("det fortsatta arbetet", not fortsätta).
pub(super) const NO_INFINITIVE_AFTER: &[&str] = &[
    "det", "den", "de", "en", "ett", "denna", "detta", "dessa", "jag", "du", "han", "hon", "vi",
    "ni", "man", "vår", "vårt", "våra", "sin", "sitt", "sina", "dess", "deras", "hans", "hennes",
];

/// How much an infinitive is preferred after a modal verb (score units):
/// "att gra" is göra, not grå; "ska kunnd" is kunna, not kund.
pub(super) const INFINITIVE_AFTER_MODAL: f32 = 0.8;

/// Words after which a verb form is `är`, not `där` ("som är", "det är").
const SUBJECTS: &[&str] = &[
    "som", "det", "den", "detta", "denna", "vad", "vilket", "vilka", "jag", "du", "han", "hon",
    "vi", "ni", "de", "man", "alla", "ingen", "inget",
];

/// How much the word before makes `word` the likelier reading (score units):
/// `år` after a year word or a number, `är` after a subject.
pub(super) fn context_bonus(word: &str, prev: Option<&str>) -> f32 {
    let Some(p) = prev else {
        return 0.0;
    };
    match word {
        "år" if YEAR_CONTEXT.contains(&p) || p.chars().all(|x| x.is_ascii_digit()) => 2.0,
        "är" if SUBJECTS.contains(&p) => 1.0,
        _ => 0.0,
    }
}

/// Context words after which `ar` is `år`, not `är`.
const YEAR_CONTEXT: &[&str] = &[
    "varje",
    "per",
    "ett",
    "i",
    "detta",
    "nästa",
    "förra",
    "samma",
    "två",
    "tre",
    "fyra",
    "fem",
    "första",
    "andra",
    "vartannat",
    "varannat",
    "ggr",
    "gånger",
    "flera",
    "några",
    "senaste",
    "kommande",
    "hela",
];

/// What the word before a token says of the token's reading.
#[derive(Debug, Clone, Copy)]
pub(super) struct Before<'p> {
    /// The word before (lower case, as read), if any.
    pub prev: Option<&'p str>,
    /// The word before is a modal verb: an infinitive is expected.
    pub after_modal: bool,
    /// The word before is a subject or determiner: no infinitive follows.
    pub no_infinitive: bool,
}

impl<'p> Before<'p> {
    pub fn of(prev: Option<&'p str>) -> Self {
        Before {
            prev,
            after_modal: prev.is_some_and(|p| MODALS.contains(&p)),
            no_infinitive: prev.is_some_and(|p| NO_INFINITIVE_AFTER.contains(&p)),
        }
    }

    /// How much an infinitive reading is preferred (negative: avoided): an
    /// infinitive is expected after a modal, never after a determiner.
    pub fn infinitive_weight(&self) -> f32 {
        if self.after_modal {
            INFINITIVE_AFTER_MODAL
        } else if self.no_infinitive {
            -INFINITIVE_AFTER_MODAL
        } else {
            0.0
        }
    }
}

impl Repairer<'_> {
    /// Whether `w` looks like a verb's infinitive: it ends in -a and the
    /// lexicon has a finite form beside it (arbeta/arbetar, stärka/stärker,
    /// kunna/kunnat, göra/gör). Nouns in -a (flicka) have none.
    pub(super) fn infinitive_like(&self, w: &str) -> bool {
        let Some(stem) = w.strip_suffix('a') else {
            return false;
        };
        if stem.chars().count() < 2 {
            return false;
        }
        let word = |x: &str| self.lex.is_word(x);
        word(&format!("{w}r"))
            || word(&format!("{stem}er"))
            || word(&format!("{stem}at"))
            || stem.ends_with('r') && word(stem)
    }
}
