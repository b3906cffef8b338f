//! Grammar: the words of a repaired text in (each as read, with the words
//! around it), the readings Swedish grammar asks for where OCR without
//! Swedish letters made one real word of another out — `det här gör vi` (not
//! `har`), `av våra` (not the infinitive `vara`), `som utsätts` against
//! `har utsatts`, `ska ingå i` (not `inga`).
//!
//! The token pass sees only the word before a token; these constructions are
//! decided by the words on both sides. Each rule is one construction of
//! general Swedish grammar over closed word classes (pronouns, prepositions,
//! auxiliaries) and the lexicon's inflections; none names a plan's phrase. A
//! rule only ever chooses between words that differ in å/ä/ö alone — the
//! damage of a Latin-only OCR — and where no rule speaks the token pass's
//! reading stands.

use super::lexicon::Lexicon;
use crate::text::fold;

/// The words around a token, lower case, within its clause (a full stop,
/// colon, tab or blank line ends one).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Around<'a> {
    /// Up to three words before, nearest first.
    pub before: [Option<&'a str>; 3],
    /// Up to two words after, nearest first.
    pub after: [Option<&'a str>; 2],
}

impl<'a> Around<'a> {
    fn prev(&self) -> Option<&'a str> {
        self.before[0]
    }
    fn next(&self) -> Option<&'a str> {
        self.after[0]
    }
}

/// Why a grammar rule changed a word (the correction's reason).
pub(super) const REASON: &str = "OCR-skada; ordet som meningen kräver (grammatik)";

/// Prepositions: no infinitive follows one directly (`av våra`, never
/// `av vara`), and a possessive often does. (`om` is left out: `om var`
/// is "about where".)
const PREPOSITIONS: &[&str] = &[
    "av", "i", "på", "för", "med", "till", "mot", "hos", "bland", "inom", "genom", "kring", "från",
    "under", "över", "efter", "vid", "åt", "utanför", "mellan", "enligt", "utifrån", "runt",
    "trots", "bakom", "framför", "inför", "ur", "utan",
];

/// Subject pronouns: after `det här` + finite verb the subject follows
/// (`det här gör vi`), which `det har` + verb never has.
const SUBJECT_PRONOUNS: &[&str] = &[
    "vi", "de", "jag", "ni", "man", "hon", "han", "du", "den", "det",
];

/// Finite verbs too irregular for the inflection test (present tense).
const IRREGULAR_PRESENT: &[&str] = &[
    "är", "gör", "ska", "skall", "kan", "får", "går", "står", "ser", "blir", "vill", "bör",
    "måste", "finns", "sker", "ger", "tar", "vet", "innebär", "gäller", "handlar", "kommer",
];

/// Verbs after which an infinitive follows without `att` (`behöver vara`):
/// after any other finite verb `vara` is the possessive `våra`.
const BEFORE_INFINITIVE: &[&str] = &[
    "ska",
    "skall",
    "kan",
    "bör",
    "vill",
    "måste",
    "får",
    "behöver",
    "brukar",
    "verkar",
    "tycks",
    "lär",
    "kommer",
    "borde",
    "skulle",
    "kunde",
    "ville",
    "fick",
    "måtte",
    "böra",
    "kunna",
    "vilja",
    "slipper",
    "vågar",
    "hinner",
    "orkar",
    "försöker",
    "börjar",
    "slutar",
    "fortsätter",
    "tänker",
    "önskar",
    "hoppas",
    "lyckas",
    "bör",
    "åtar",
    "planerar",
    "avser",
];

/// Auxiliaries of the perfect: a supine follows (`har utsatts`).
const PERFECT: &[&str] = &["har", "hade", "ha", "haft"];

/// Adverbs that may stand between a verb and what follows it (`drabbar
/// också våra`, `har tidigare utsatts`).
const ADVERBS: &[&str] = &[
    "också",
    "även",
    "inte",
    "alltid",
    "redan",
    "särskilt",
    "främst",
    "ofta",
    "aldrig",
    "tidigare",
    "själva",
    "själv",
    "bara",
    "dessutom",
    "fortfarande",
    "sällan",
];

/// Modal verbs before an infinitive that ends a clause or meets a particle
/// or preposition (`ska ingå i`, `ska gås igenom`).
const MODAL: &[&str] = &[
    "ska", "skall", "kan", "bör", "vill", "måste", "behöver", "kunna",
];

/// Particles and prepositions that follow an infinitive (`gås igenom`).
const PARTICLES: &[&str] = &[
    "igenom", "upp", "ut", "in", "fram", "med", "till", "i", "på", "av", "om", "över", "under",
    "hos", "vid", "bort", "tillbaka", "samman",
];

/// Possessives and the words of the same letters they are read for.
const POSSESSIVES: &[&str] = &["vår", "vårt", "våra"];
/// After a possessive: `vår egen`, never `var egen`.
const OWN: &[&str] = &["egen", "eget", "egna"];
/// After `var`/`vart` as "each" (`var och en`, `var tredje`, `i vart fall`).
const EACH: &[&str] = &[
    "och", "sin", "sitt", "sina", "annan", "annat", "tredje", "fjärde", "femte", "sjätte", "fall",
    "för",
];

/// The word grammar asks for instead of `word` (lower case, as the token
/// pass read it), if any: one of the same letters but for å/ä/ö.
pub(super) fn preferred(lex: &Lexicon, word: &str, around: Around<'_>) -> Option<String> {
    let folded = fold(word);
    match folded.as_str() {
        "har" => here(lex, around),
        "var" | "vart" | "vara" => possessive(lex, &folded, around),
        _ => supine_after_perfect(lex, word, &folded, around)
            .or_else(|| infinitive_after_modal(lex, word, &folded, around)),
    }
    .filter(|w| w != word)
}

/// `det/den/de här` before a finite verb (`det här gör vi`, `det här
/// saknas`) or a definite noun (`den här planen`); `har` takes a supine
/// or an object, never those.
fn here(lex: &Lexicon, a: Around<'_>) -> Option<String> {
    let next = a.next()?;
    let demonstrative = a.prev().filter(|p| matches!(*p, "det" | "den" | "de"))?;
    let verb_then_subject =
        present_tense(lex, next) && a.after[1].is_some_and(|w| SUBJECT_PRONOUNS.contains(&w));
    let passive_or_irregular = present_passive(lex, next) || IRREGULAR_PRESENT.contains(&next);
    (verb_then_subject || passive_or_irregular || definite_noun(lex, demonstrative, next))
        .then(|| "här".to_owned())
}

/// A possessive where grammar rules out the other reading: after a
/// preposition (`i vår`, `av våra`, but `var och en`, `i vart fall`),
/// before `egen/eget/egna`, and `våra` after a verb that takes no bare
/// infinitive (`använder våra fordon`).
fn possessive(lex: &Lexicon, folded: &str, a: Around<'_>) -> Option<String> {
    let target = POSSESSIVES.iter().find(|p| fold(p) == folded)?;
    // `var` is also "where" (`av var i verksamheten`, `till var
    // medarbetaren kan`): a possessive is followed by the indefinite form
    // (`vår plan`, `våra medarbetare`), not a pronoun, preposition or
    // definite noun.
    let next = a.next()?;
    if EACH.contains(&next)
        || SUBJECT_PRONOUNS.contains(&next)
        || PREPOSITIONS.contains(&next)
        || ["en", "et", "na"].iter().any(|e| {
            next.strip_suffix(e)
                .is_some_and(|s| s.chars().count() >= 3 && lex.is_word(s))
        })
    {
        return None;
    }
    let next = Some(next);
    // The word before, past one adverb.
    let before = match a.before {
        [Some(adv), p, _] if ADVERBS.contains(&adv) => p,
        [p, ..] => p,
    };
    let after_preposition = before.is_some_and(|p| PREPOSITIONS.contains(&p));
    let before_own = next.is_some_and(|n| OWN.contains(&n));
    // Two verbs in a row take `att` unless the first is an auxiliary:
    // `använder våra fordon`, `skydda våra medarbetare`.
    let after_verb = folded == "vara"
        && before.is_some_and(|p| {
            !BEFORE_INFINITIVE.contains(&p)
                && p != "att"
                && (present_tense(lex, p) || infinitive(lex, p))
        });
    (after_preposition || before_own || after_verb).then(|| (*target).to_owned())
}

/// The supine after the perfect's auxiliary (`har utsatts`, `har tidigare
/// utsatts`), of two passives of the same letters but for å/ä/ö (the
/// present `utsätts`). Without the auxiliary nothing is decided: a
/// subordinate clause may drop it (`elever som utsatts för`).
fn supine_after_perfect(lex: &Lexicon, word: &str, folded: &str, a: Around<'_>) -> Option<String> {
    if !word.ends_with("ts") || word.chars().count() < 5 {
        return None;
    }
    let perfect = a
        .before
        .iter()
        .map_while(|w| *w)
        .any(|w| PERFECT.contains(&w));
    if !perfect {
        return None;
    }
    let forms = same_letters(lex, folded);
    forms.iter().find(|f| present_passive(lex, f))?;
    forms.into_iter().find(|f| supine_passive(lex, f))
}

/// An infinitive after a modal verb where the clause ends or a particle
/// follows (`ska ingå i`, `ska gås igenom`), not a determiner or a noun.
fn infinitive_after_modal(
    lex: &Lexicon,
    word: &str,
    folded: &str,
    a: Around<'_>,
) -> Option<String> {
    if !a.prev().is_some_and(|p| MODAL.contains(&p)) || infinitive(lex, word) {
        return None;
    }
    if a.next().is_some_and(|n| !PARTICLES.contains(&n)) {
        return None;
    }
    let forms = same_letters(lex, folded);
    let mut infinitives = forms.iter().filter(|f| infinitive(lex, f));
    let only = infinitives.next()?;
    infinitives.next().is_none().then(|| only.clone())
}

/// The lexicon's words whose letters fold to `folded` (at most four a/o
/// letters are varied: 3⁴ spellings).
fn same_letters(lex: &Lexicon, folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    let open: Vec<usize> = (0..chars.len())
        .filter(|&i| matches!(chars[i], 'a' | 'o'))
        .collect();
    if open.len() > 4 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut spelling = chars.clone();
    let choices = |c: char| -> &'static [char] {
        if c == 'a' {
            &['a', 'å', 'ä']
        } else {
            &['o', 'ö']
        }
    };
    let mut stack = vec![0usize; open.len()];
    loop {
        for (k, &i) in open.iter().enumerate() {
            spelling[i] = choices(chars[i])[stack[k]];
        }
        let w: String = spelling.iter().collect();
        if lex.is_word(&w) {
            out.push(w);
        }
        // Next combination (odometer).
        let mut k = 0;
        loop {
            if k == open.len() {
                return out;
            }
            stack[k] += 1;
            if stack[k] < choices(chars[open[k]]).len() {
                break;
            }
            stack[k] = 0;
            k += 1;
        }
    }
}

/// Whether `w` is a present-tense verb by its inflection: `-ar` of an
/// infinitive in `-a` (planerar), `-er` of one (behöver), `-r` of one in
/// another vowel (ingår), a present passive, or an irregular one.
fn present_tense(lex: &Lexicon, w: &str) -> bool {
    if IRREGULAR_PRESENT.contains(&w) || present_passive(lex, w) {
        return true;
    }
    let Some(stem) = w.strip_suffix('r') else {
        return false;
    };
    if stem.chars().count() < 3 {
        return false;
    }
    if stem.ends_with(['a', 'å', 'o']) {
        return lex.is_word(stem) && lex.is_word(&format!("{stem}s"));
    }
    stem.strip_suffix('e')
        .is_some_and(|s| lex.is_word(&format!("{s}a")) && lex.is_word(&format!("{s}s")))
}

/// Whether `w` is a present passive (`saknas`, `utsätts`, `genomförs`):
/// it ends in s, and the active present of the same stem is a word.
fn present_passive(lex: &Lexicon, w: &str) -> bool {
    let Some(base) = w.strip_suffix('s') else {
        return false;
    };
    if base.chars().count() < 3 {
        return false;
    }
    // saknas → saknar; utsätts → utsätter; genomförs → genomför.
    base.ends_with('a') && lex.is_word(&format!("{base}r"))
        || lex.is_word(&format!("{base}er"))
        || base.ends_with('r') && lex.is_word(base) && lex.is_word(&format!("{base}a"))
}

/// Whether `w` is a supine passive (`utsatts`, `genomförts`): it ends in
/// ts, the supine without s is a word, and it is no present passive.
fn supine_passive(lex: &Lexicon, w: &str) -> bool {
    w.strip_suffix('s')
        .is_some_and(|base| base.ends_with('t') && lex.is_word(base))
        && !present_passive(lex, w)
}

/// Whether `w` is an infinitive (`ingå`, `arbeta`, `gås`): its present
/// tense (`-r`; or `-er` with a past in `-de`/`-te` for `-a`: stärka,
/// stärker, stärkte) is a word, or it is the passive of one.
fn infinitive(lex: &Lexicon, w: &str) -> bool {
    let second_conjugation = |s: &str| {
        lex.is_word(&format!("{s}er"))
            && (lex.is_word(&format!("{s}de")) || lex.is_word(&format!("{s}te")))
    };
    let active = |v: &str| {
        v.chars().count() >= 2
            && v.ends_with(['a', 'å', 'o', 'e'])
            && (lex.is_word(&format!("{v}r"))
                || v.strip_suffix('a').is_some_and(second_conjugation))
    };
    lex.is_word(w) && (active(w) || w.strip_suffix('s').is_some_and(active))
}

/// Whether `w` is a noun in the definite form that agrees with the
/// demonstrative `det`/`den`/`de` (`det här arbetet`, `den här planen`,
/// `de här aktiviteterna`): the form's ending on a word of three letters
/// or more. (A supine — `skett`, `tagit`, `ökat` — is no definite noun.)
fn definite_noun(lex: &Lexicon, demonstrative: &str, w: &str) -> bool {
    let stem_is_word = |s: &str| s.chars().count() >= 3 && lex.is_word(s);
    let endings: &[&str] = match demonstrative {
        "den" => &["en", "n"],
        "det" => &["et", "t"],
        _ => &["na"],
    };
    endings
        .iter()
        .any(|end| w.strip_suffix(end).is_some_and(stem_is_word))
        && !w.ends_with("tt")
        && !w.ends_with("it")
        && !w.ends_with("at")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around<'a>(before: &[&'a str], after: &[&'a str]) -> Around<'a> {
        let mut a = Around::default();
        for (slot, w) in a.before.iter_mut().zip(before) {
            *slot = Some(w);
        }
        for (slot, w) in a.after.iter_mut().zip(after) {
            *slot = Some(w);
        }
        a
    }

    fn pick(word: &str, before: &[&str], after: &[&str]) -> Option<String> {
        preferred(Lexicon::shipped(), word, around(before, after))
    }

    #[test]
    fn det_här_before_a_finite_verb_or_a_definite_noun() {
        assert_eq!(
            pick("har", &["det"], &["gör", "vi"]).as_deref(),
            Some("här")
        );
        assert_eq!(
            pick("har", &["det"], &["saknas", "i"]).as_deref(),
            Some("här")
        );
        assert_eq!(
            pick("har", &["den"], &["planen", "beskriver"]).as_deref(),
            Some("här")
        );
        // `har` with a supine, an object or a noun of the other gender.
        assert_eq!(pick("har", &["det"], &["varit", "svårt"]), None);
        assert_eq!(pick("har", &["det"], &["tagits", "fram"]), None);
        assert_eq!(pick("har", &["de"], &["ansvaret", "för"]), None);
        assert_eq!(pick("har", &["vi"], &["gör", "det"]), None);
    }

    #[test]
    fn possessive_where_no_infinitive_can_stand() {
        assert_eq!(
            pick("vara", &["av"], &["medarbetare"]).as_deref(),
            Some("våra")
        );
        assert_eq!(
            pick("vara", &["också", "drabbar"], &["musiker"]).as_deref(),
            Some("våra")
        );
        assert_eq!(
            pick("vara", &["använder"], &["fordon"]).as_deref(),
            Some("våra")
        );
        assert_eq!(pick("var", &["i"], &["reception"]).as_deref(), Some("vår"));
        assert_eq!(
            pick("var", &["är"], &["egen", "och"]).as_deref(),
            Some("vår")
        );
        // An infinitive after an auxiliary or att; var as "where" and "each".
        assert_eq!(pick("vara", &["behöver"], &["tillgänglig"]), None);
        assert_eq!(pick("vara", &["att"], &["med"]), None);
        assert_eq!(pick("var", &["om"], &["medarbetare", "kan"]), None);
        assert_eq!(pick("var", &["till"], &["medarbetaren", "kan"]), None);
        assert_eq!(pick("var", &["av"], &["i", "verksamheten"]), None);
        assert_eq!(pick("var", &["till"], &["och", "en"]), None);
        assert_eq!(pick("vart", &["i"], &["fall"]), None);
    }

    #[test]
    fn supine_after_the_perfect_and_nothing_without_it() {
        assert_eq!(
            pick("utsätts", &["har"], &["för"]).as_deref(),
            Some("utsatts")
        );
        assert_eq!(
            pick("utsätts", &["tidigare", "har"], &["för"]).as_deref(),
            Some("utsatts")
        );
        // A subordinate clause may drop har: either reading stands.
        assert_eq!(pick("utsatts", &["som"], &["för"]), None);
        assert_eq!(pick("utsätts", &["som"], &["för"]), None);
    }

    #[test]
    fn infinitive_after_a_modal_before_a_particle() {
        assert_eq!(
            pick("inga", &["ska", "kontrollen"], &["i", "förtursrutinen"]).as_deref(),
            Some("ingå")
        );
        assert_eq!(
            pick("gas", &["ska"], &["igenom", "på"]).as_deref(),
            Some("gås")
        );
        // A determiner before its noun: "det ska inga barn behöva".
        assert_eq!(pick("inga", &["ska"], &["barn", "behöva"]), None);
    }
}
