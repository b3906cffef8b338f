//! Repair: OCR-damaged Swedish in, Swedish an analyst would accept out.
//!
//! In: the normalised text of one plan ([`MappedText`]), the lexicon and the
//! domain vocabulary. Out: a [`Repaired`] text, still mapped to the plan as
//! submitted, with every correction recorded (original, replacement, reason,
//! where) and a document-level [`Damage`] estimate.
//!
//! Invariant (tested): a clean document is not touched, character for
//! character. Only a document whose letters show Latin-only OCR damage (almost
//! no å/ä/ö, digits inside words) is repaired.

pub mod lexicon;
pub mod search;

use crate::text::{MappedText, MappedTextBuilder};
use lexicon::{FLAG_DOMAIN, FLAG_PROPER, Lexicon};
use std::collections::HashMap;
use std::ops::Range;

/// How damaged a text looks.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Damage {
    pub letters: usize,
    /// Share of letters that are å, ä or ö (Swedish prose: about 4 %).
    pub swedish_letter_share: f32,
    pub words: usize,
    /// Words with digits or OCR glyphs inside letters (`f6r`, `4r`, `£6r`).
    pub ocr_words: usize,
    pub damaged: bool,
}

/// Estimate damage from letter statistics alone (no lexicon needed).
pub fn estimate_damage(text: &str) -> Damage {
    let mut letters = 0usize;
    let mut swedish = 0usize;
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if matches!(c, 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö') {
                swedish += 1;
            }
        }
    }
    let mut words = 0usize;
    let mut ocr_words = 0usize;
    for w in text.split(|c: char| c.is_whitespace() || ",.;:()\"'!?/".contains(c)) {
        if w.chars().filter(|c| c.is_alphabetic()).count() < 1 {
            continue;
        }
        words += 1;
        let chars: Vec<char> = w.chars().collect();
        let glyph_inside = chars.windows(3).any(|x| {
            x[0].is_alphabetic()
                && (x[1].is_ascii_digit() || matches!(x[1], '£' | '|'))
                && x[2].is_alphabetic()
        }) || chars.first().is_some_and(|&c| c == '£')
            || (chars.len() >= 2
                && chars[0].is_ascii_digit()
                && chars[1..].iter().all(|c| c.is_lowercase())
                && chars.len() <= 3);
        ocr_words += usize::from(glyph_inside);
    }
    let share = if letters == 0 {
        0.0
    } else {
        swedish as f32 / letters as f32
    };
    let damaged = letters >= 200 && (share < 0.008 || ocr_words * 100 > words.max(1));
    Damage {
        letters,
        swedish_letter_share: share,
        words,
        ocr_words,
        damaged,
    }
}

/// One change the repair made.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Correction {
    /// Byte range in the repaired stage's input text.
    pub span: Range<usize>,
    pub original: String,
    pub replacement: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct Repaired {
    pub text: MappedText,
    pub corrections: Vec<Correction>,
    pub damage: Damage,
    /// Share of words (3+ letters) left that are neither words nor repairable.
    pub unknown_after: f32,
}

/// Words written only in the plan's domain: taxonomy terms, owner names.
pub fn domain_words(taxonomy: &crate::taxonomy::Taxonomy) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |s: &str| {
        for w in s.split(|c: char| !c.is_alphabetic()) {
            if w.chars().count() >= 2 {
                out.push(w.to_lowercase());
            }
        }
    };
    for t in &taxonomy.terms {
        if !t.source.starts_with("re:") {
            add(&t.source);
        }
    }
    for o in &taxonomy.owners {
        for a in &o.aliases {
            add(a);
        }
    }
    for g in &taxonomy.goals {
        add(&g.name);
        for t in &g.titles {
            add(t);
        }
    }
    for r in &taxonomy.rubriker {
        add(&r.name);
    }
    for w in &taxonomy.vocabulary {
        add(w);
    }
    for f in &taxonomy.families {
        for c in &f.codes {
            add(&c.name);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Cost of reading one token as two words (a space OCR lost).
const SPLIT: f32 = 0.9;
/// How common (Zipf) a word must be to be read apart from an `i` run into it.
const SPLIT_I_MIN_ZIPF: f32 = 4.5;
/// Why a token was read as two words.
const RUN_TOGETHER: &str = "OCR-skada; mellanslaget mellan två ord förlorat";
/// How common (Zipf) each of two words run together must be to be read apart.
const RUN_TOGETHER_MIN_ZIPF: f32 = 5.0;

/// What reading two tokens as one word scores against reading them apart:
/// one word fewer is a Zipf unit of 9 (log10 of a word's share per 10^9
/// words) at the score's weight of 0.35 gained, less about 1 for the space
/// OCR would have had to invent inside a word.
const WORD_BREAK: f32 = 1.0 - 0.35 * 9.0;

/// Words after which an infinitive follows ("ska stärka", not "ska starka").
const MODALS: &[&str] = &[
    "ska", "skall", "att", "kan", "kunna", "bör", "vill", "måste", "får",
];

/// Words after which no infinitive follows: a subject wants a finite verb,
/// a determiner a noun or adjective ("det fortsatta arbetet", not fortsätta).
const NO_INFINITIVE_AFTER: &[&str] = &[
    "det", "den", "de", "en", "ett", "denna", "detta", "dessa", "jag", "du", "han", "hon", "vi",
    "ni", "man", "vår", "vårt", "våra", "sin", "sitt", "sina", "dess", "deras", "hans", "hennes",
];

/// The least Zipf frequency of a reading a short token (three letters or
/// fewer) reaches with a whole letter's worth of edit.
const SHORT_MIN_ZIPF: f32 = 4.5;

/// Below this Zipf frequency a reading is a rare word, believed after a
/// whole letter's edit only when it has `RARE_MIN_LETTERS` letters or more.
const RARE_ZIPF: f32 = 2.0;
const RARE_MIN_LETTERS: usize = 10;
/// Below this Zipf frequency a reading reached by a letter's edit (0.9 or
/// more) is believed only when it has `LOOKALIKE_MIN_LETTERS` letters or more.
const LOOKALIKE_ZIPF: f32 = 3.5;
const LOOKALIKE_MIN_LETTERS: usize = 7;

/// How much an infinitive is preferred after a modal verb (score units):
/// "att gra" is göra, not grå; "ska kunnd" is kunna, not kund.
const INFINITIVE_AFTER_MODAL: f32 = 0.8;

/// Words after which a verb form is `är`, not `där` ("som är", "det är").
const SUBJECTS: &[&str] = &[
    "som", "det", "den", "detta", "denna", "vad", "vilket", "vilka", "jag", "du", "han", "hon",
    "vi", "ni", "de", "man", "alla", "ingen", "inget",
];

/// How much the word before makes `word` the likelier reading (score units):
/// `år` after a year word or a number, `är` after a subject.
fn context_bonus(word: &str, prev: Option<&str>) -> f32 {
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

/// A token (lower case) and, where it matters, the word before it.
type DecisionKey = (String, Option<String>);

/// The repairer: lexicon plus what it knows of the batch.
pub struct Repairer<'a> {
    lex: &'a Lexicon,
    /// Domain words (taxonomy, clean plans): preferred when choosing.
    domain: &'a std::collections::HashSet<String>,
    /// Decisions per (token, previous word when it matters), shared by every
    /// plan of a batch: OCR damage repeats itself (`f6r`, `vald`, `forvaltningen`).
    decided: std::sync::RwLock<HashMap<DecisionKey, Option<Choice>>>,
}

#[derive(Debug, Clone)]
struct Choice {
    word: String,
    reason: &'static str,
}

impl<'a> Repairer<'a> {
    pub fn new(lex: &'a Lexicon, domain: &'a std::collections::HashSet<String>) -> Self {
        Repairer {
            lex,
            domain,
            decided: std::sync::RwLock::new(HashMap::new()),
        }
    }

    fn is_domain(&self, w: &str) -> bool {
        self.domain.contains(w) || self.lex.get(w).is_some_and(|e| e.flags & FLAG_DOMAIN != 0)
    }

    /// Score of a candidate: lower is better.
    fn score(&self, c: &search::Candidate) -> f32 {
        let bonus = if c.domain || self.is_domain(&c.word) {
            1.0
        } else {
            0.0
        };
        c.cost - 0.35 * c.zipf - bonus
    }

    /// What `lower` (a token in lower case) should be, if anything else.
    fn choose(&self, lower: &str, prev: Option<&str>) -> Option<Choice> {
        let chars: Vec<char> = lower.chars().collect();
        let n = chars.len();
        if n == 0 || n > 40 {
            return None;
        }
        let has_glyph = chars.iter().any(|c| !c.is_alphabetic());
        let valid = !has_glyph && (self.lex.is_word(lower) || search::accepts(self.lex, lower));
        if valid && !self.lex.is_word(lower) && n >= 5 {
            // Only a compound of lexicon parts (lirar+handledningen): a
            // listed word one lost Swedish letter away is the likelier reading
            // in a damaged text (lärarhandledningen, funktionsrätt).
            let swedish = |w: &str| w.chars().any(|c| matches!(c, 'å' | 'ä' | 'ö'));
            let best = search::candidates(self.lex, &chars, 1.0, false)
                .into_iter()
                .filter(|c| c.parts == 0 && swedish(&c.word) && !swedish(lower))
                .min_by(|a, b| self.score(a).total_cmp(&self.score(b)));
            if let Some(best) = best {
                return Some(Choice {
                    word: best.word,
                    reason: "OCR-skada; ordet i lexikonet framför en sammansättning",
                });
            }
        }
        let after_modal = prev.is_some_and(|p| MODALS.contains(&p));
        let no_infinitive = prev.is_some_and(|p| NO_INFINITIVE_AFTER.contains(&p));
        if valid {
            // A real word that OCR may have made from another (vald/våld, for/för).
            // A word of the domain (taxonomy, clean plans) is left as it is.
            if n < 2 || self.is_domain(lower) {
                return None;
            }
            let alts = search::real_word_alternatives(self.lex, &chars, 1.6);
            // A compound of lexicon parts has no frequency of its own: call it rare.
            let own = self.lex.get(lower).map_or(2.0, |e| e.zipf)
                + if self.is_domain(lower) { 1.0 } else { 0.0 };
            let is_verb = |w: &str| {
                self.lex
                    .get(w)
                    .is_some_and(|e| e.flags & lexicon::FLAG_VERB != 0)
            };
            let best = alts
                .into_iter()
                .filter(|c| c.word != lower && c.parts == 0)
                .map(|c| {
                    let mut gain = c.zipf + if self.is_domain(&c.word) { 1.0 } else { 0.0 }
                        - own
                        - 0.3 * c.cost;
                    if after_modal && is_verb(&c.word) && !is_verb(lower) {
                        gain += 1.5;
                    }
                    if no_infinitive && self.infinitive_like(&c.word) {
                        gain -= INFINITIVE_AFTER_MODAL;
                    }
                    gain += context_bonus(&c.word, prev);
                    (gain, c)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))?;
            return (best.0 >= 0.6).then_some(Choice {
                word: best.1.word,
                reason: "verkligt ord i skadad text; vanligare svensk form",
            });
        }
        if n == 1 {
            return None;
        }
        // After a modal verb the expected infinitive earns a little more
        // search ("ska kunnd": kunna is one general edit away).
        let budget = (0.8 + 0.22 * n as f32 + if after_modal { 0.3 } else { 0.0 }).min(3.2);
        // Cheap readings first, dearer ones only when those find nothing: the
        // search space grows fast with the budget, and most damage is cheap.
        let mut cands = Vec::new();
        // (After a modal verb a short token is searched at its whole budget
        // at once: "att gra" must see göra beside grå.)
        let first = if n <= 4 && after_modal { budget } else { 0.8 };
        // A cheap reading that is only a rare word (frigor → frigör) or a
        // compound (sjö+diva) does not stop the search: a common word a
        // little dearer (frågor, själva) may be the likelier reading.
        let settled = |c: &search::Candidate| c.zipf >= 4.0 || c.domain || self.is_domain(&c.word);
        for level in [first, 1.5, budget] {
            let b = level.min(budget);
            cands = search::candidates(self.lex, &chars, b, false);
            if cands.iter().any(settled) || b >= budget {
                break;
            }
        }
        // A cheap reading is believable when very cheap, or a word of some
        // frequency, of the domain, or a compound; a rare listed word reached
        // only by a dearer confusion (fårvallning for farvaltning) is not.
        let believable = |c: &search::Candidate| {
            c.cost <= 1.0
                || c.cost <= 1.6
                    && (c.zipf >= 2.0 || c.parts > 0 || c.domain || self.is_domain(&c.word))
        };
        if n >= 5 && !cands.iter().any(believable) {
            // A general edit is believed only for a word worth the guess: one
            // of the domain's words or a common one, never a rare compound.
            // Lexicon words the confusion model alone reaches stay candidates.
            let plain: std::collections::HashSet<String> = cands
                .iter()
                .filter(|c| c.parts == 0)
                .map(|c| c.word.clone())
                .collect();
            let generic = search::candidates(self.lex, &chars, budget, true);
            let dearer: Vec<search::Candidate> = cands
                .drain(..)
                .filter(|c| plain.contains(&c.word) && !generic.iter().any(|g| g.word == c.word))
                .collect();
            cands = generic
                .into_iter()
                .chain(dearer)
                .filter(|c| {
                    plain.contains(&c.word)
                        || c.cost <= 1.6
                        || c.domain
                        || self.is_domain(&c.word)
                        || c.parts == 0 && c.zipf >= search::GENERAL_MIN_ZIPF
                })
                .collect();
            // Two common words whose space OCR lost ("deLav" for "del av"):
            // likelier than a general edit of the whole.
            cands.extend(self.two_words(&chars, RUN_TOGETHER_MIN_ZIPF, |a, b| {
                a.len() >= 2 && b.len() >= 2
            }));
        }
        // The preposition i run into a word: the thin i's space is often lost
        // ("skai" for "ska i", "isin" for "i sin"). (Splits into other words
        // at this cost, tried on the development scans, broke more than they
        // fixed: "bo sociala", "mot er", "kom in".)
        cands.extend(self.two_words(&chars, SPLIT_I_MIN_ZIPF, |a, b| a == ['i'] || b == ['i']));
        if cands.is_empty() {
            return None;
        }
        // An infinitive is expected after a modal, never after a determiner.
        let infinitive_weight = if after_modal {
            INFINITIVE_AFTER_MODAL
        } else if no_infinitive {
            -INFINITIVE_AFTER_MODAL
        } else {
            0.0
        };
        let scored = |c: &search::Candidate| {
            let infinitive = infinitive_weight != 0.0 && self.infinitive_like(&c.word);
            self.score(c)
                - context_bonus(&c.word, prev)
                - if infinitive { infinitive_weight } else { 0.0 }
        };
        cands.sort_by(|a, b| scored(a).total_cmp(&scored(b)).then(a.word.cmp(&b.word)));
        // Two different readings almost equally good: leave the token alone
        // rather than guess (precision over recall). Two forms of one word
        // (socialförvaltningen/-ens) are no such doubt: the better is taken.
        if let Some(second) = cands.get(1)
            && scored(second) - scored(&cands[0]) < 0.15
            && cands[0].cost > 0.9
            && !same_word_inflected(&cands[0].word, &second.word)
        {
            return None;
        }
        let best = cands.swap_remove(0);
        // A compound written with the linking s (workshops+material) is not
        // made into the same compound without it: both are Swedish.
        if self.drops_linking_s(&chars, &best.word) {
            return None;
        }
        // A rare word (almost no frequency known) reached by a letter's
        // edit or more is believed only when long: a long token that close
        // to a long listed word is hardly chance (överförmyndarnämnden),
        // a short rare look-alike is (arig → ärrig, faljs → täljs).
        // A compound of lexicon parts has no frequency of its own: it needs
        // a letter more (sjö+diva, under+stöka, efter+vild are chance).
        let rare_min = if best.parts > 0 && best.zipf < RARE_ZIPF {
            RARE_MIN_LETTERS + 3
        } else if best.parts > 0 {
            RARE_MIN_LETTERS + 1
        } else {
            RARE_MIN_LETTERS
        };
        if best.cost >= 1.0
            && (best.parts > 0 || best.zipf < RARE_ZIPF)
            && !best.domain
            && !self.is_domain(&best.word)
            && best.word.chars().count() < rare_min
        {
            return None;
        }
        // A short word of middling frequency is as much chance: änder for
        // Inder (under), kling for kting (kring), lien for tien.
        if best.cost >= 0.9
            && best.parts == 0
            && best.zipf < LOOKALIKE_ZIPF
            && !best.domain
            && !self.is_domain(&best.word)
            && best.word.chars().count() < LOOKALIKE_MIN_LETTERS
        {
            return None;
        }
        // A name is no likely reading of a damaged word unless the domain
        // knows it (Malmö, Skåne from the taxonomy): Bary is barn, not Barry.
        if !best.domain
            && !self.is_domain(&best.word)
            && self
                .lex
                .get(&best.word)
                .is_some_and(|e| e.flags & FLAG_PROPER != 0)
        {
            return None;
        }
        // The end of a frequent or domain word whose start OCR lost
        // (`altningen` of förvaltningen) is left as it is, unless the
        // reading restores that start (`vergripande` → övergripande): made
        // into a look-alike (ältningen) it would only hide the loss.
        if self.lex.is_fragment(lower) && !best.word.ends_with(lower) {
            return None;
        }
        // Without a clear confusion (cheap edit), a short token is left
        // alone; with a letter's worth of edit, it must be a common word
        // (fr → för, ay → av; not ck → ek, ua → aa, amt → amf).
        // The context may vouch for a dearer one ("som dir" → "som är").
        if n <= 3
            && context_bonus(&best.word, prev) == 0.0
            && (best.cost > 1.0 || best.cost >= 1.0 && best.zipf < SHORT_MIN_ZIPF)
        {
            return None;
        }
        Some(Choice {
            reason: if best.word.contains(' ') {
                RUN_TOGETHER
            } else if best.parts > 0 {
                "OCR-skada; sammansättning av ord i lexikonet"
            } else {
                "OCR-skada; närmaste ord enligt förväxlingsmodellen"
            },
            word: best.word,
        })
    }

    /// For a developer: the candidates for `token` (as OCR wrote it) with
    /// cost and score, best first, and the choice.
    pub fn explain(&self, token: &str, prev: Option<&str>) -> String {
        use std::fmt::Write;
        let lower = token.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let mut o = String::new();
        let known = self.lex.get(&lower);
        let _ = writeln!(
            o,
            "{token}: lexicon {known:?}, accepted {}",
            search::accepts(self.lex, &lower)
        );
        let budget = (0.8 + 0.22 * chars.len() as f32).min(3.2);
        for generic in [false, true] {
            let mut cands = search::candidates(self.lex, &chars, budget, generic);
            cands.sort_by(|a, b| self.score(a).total_cmp(&self.score(b)));
            let _ = writeln!(o, "  search (budget {budget:.2}, generic {generic}):");
            for c in cands.iter().take(8) {
                let _ = writeln!(
                    o,
                    "    {:<28} cost {:.2} zipf {:.2} parts {} domain {} score {:.2}",
                    c.word,
                    c.cost,
                    c.zipf,
                    c.parts,
                    c.domain,
                    self.score(c)
                );
            }
        }
        for c in search::real_word_alternatives(self.lex, &chars, 1.6) {
            let _ = writeln!(
                o,
                "  real-word alternative {} cost {:.2} zipf {:.2}",
                c.word, c.cost, c.zipf
            );
        }
        let _ = writeln!(
            o,
            "  choice: {:?}",
            self.choose(&lower, prev).map(|c| c.word)
        );
        o
    }

    /// Whether `w` looks like a verb's infinitive: it ends in -a and the
    /// lexicon has a finite form beside it (arbeta/arbetar, stärka/stärker,
    /// kunna/kunnat, göra/gör). Nouns in -a (flicka) have none.
    fn infinitive_like(&self, w: &str) -> bool {
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

    /// Whether `word` is `token` without one s that joins two words.
    fn drops_linking_s(&self, token: &[char], word: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        if w.len() + 1 != token.len() {
            return false;
        }
        let k = token.iter().zip(&w).take_while(|(a, b)| a == b).count();
        if token[k] != 's' || token[k + 1..] != w[k..] || k < 3 || w.len() - k < 3 {
            return false;
        }
        let head: String = token[..k].iter().collect();
        let tail: String = token[k + 1..].iter().collect();
        self.lex.is_word(&head) && search::accepts(self.lex, &tail)
    }

    /// What a compound's first part before a hanging hyphen should be.
    fn choose_part(&self, lower: &str) -> Option<Choice> {
        let chars: Vec<char> = lower.chars().collect();
        let n = chars.len();
        if !(3..=40).contains(&n) {
            return None;
        }
        let budget = (0.8 + 0.22 * n as f32).min(3.2);
        let mut cands = search::part_candidates(self.lex, &chars, budget);
        cands.sort_by(|a, b| {
            self.score(a)
                .total_cmp(&self.score(b))
                .then(a.word.cmp(&b.word))
        });
        if let Some(second) = cands.get(1)
            && self.score(second) - self.score(&cands[0]) < 0.15
            && cands[0].cost > 0.9
        {
            return None;
        }
        let best = cands.into_iter().next()?;
        Some(Choice {
            word: best.word,
            reason: "OCR-skada; förled före bindestreck (\"samhälls- och\")",
        })
    }

    /// Readings of an unknown token as two listed words whose space OCR
    /// lost, each of Zipf `min_zipf` or more, of two letters or more (or the
    /// preposition `i`), the pair accepted by `keep`.
    fn two_words(
        &self,
        chars: &[char],
        min_zipf: f32,
        keep: impl Fn(&[char], &[char]) -> bool,
    ) -> Vec<search::Candidate> {
        let common = |w: &[char]| {
            self.lex
                .get_chars(w)
                .filter(|e| (w.len() >= 2 || w == ['i']) && e.flags & lexicon::FLAG_WORD != 0)
                .filter(|e| e.zipf >= min_zipf)
                .map(|e| e.zipf)
        };
        (1..chars.len())
            .filter(|&k| keep(&chars[..k], &chars[k..]))
            .filter_map(|k| {
                let (a, b) = (common(&chars[..k])?, common(&chars[k..])?);
                let (left, right): (String, String) =
                    (chars[..k].iter().collect(), chars[k..].iter().collect());
                Some(search::Candidate {
                    word: format!("{left} {right}"),
                    cost: SPLIT,
                    zipf: a.min(b),
                    parts: 0,
                    domain: false,
                })
            })
            .collect()
    }

    /// If token `k` is a lone letter that is no word and, with the token one
    /// space after it, makes a word the next token alone is not: that word
    /// and where it ends.
    fn split_off_letter(
        &self,
        text: &str,
        tokens: &[Range<usize>],
        k: usize,
    ) -> Option<(String, usize)> {
        let t = tokens.get(k)?;
        let n = tokens.get(k + 1)?;
        let letter = &text[t.clone()];
        let rest = &text[n.clone()];
        let mut chars = letter.chars();
        let c = chars.next()?;
        if chars.next().is_some()
            || !c.is_alphabetic()
            || matches!(c, 'i' | 'I' | 'å' | 'Å' | 'ö' | 'Ö')
            || &text[t.end..n.start] != " "
            || !rest.chars().all(char::is_lowercase)
        {
            return None;
        }
        let joined = format!("{letter}{rest}");
        let lower = joined.to_lowercase();
        (self.lex.is_word(&lower) && !search::accepts(self.lex, rest)).then_some((joined, n.end))
    }

    /// The best reading of a token (lower case) on its own: itself if it is
    /// a word, else the best candidate of the confusion search, if any.
    fn reading(&self, chars: &[char]) -> Option<search::Candidate> {
        let word: String = chars.iter().collect();
        if let Some(e) = self
            .lex
            .get(&word)
            .filter(|e| e.flags & lexicon::FLAG_WORD != 0)
        {
            return Some(search::Candidate::listed(word, 0.0, e));
        }
        let budget = (0.8 + 0.22 * chars.len() as f32).min(3.2);
        let cands = search::candidates(self.lex, chars, budget, false);
        cands
            .into_iter()
            .min_by(|a, b| self.score(a).total_cmp(&self.score(b)))
    }

    /// If token `k` and the next, one space apart, are one word OCR broke in
    /// two (`social frvaliningen`, `ersit ttning`): that word and where it
    /// ends. The second must be no word on its own, and the joined reading a
    /// listed word scoring better than the two read apart.
    fn join_fragment(
        &self,
        text: &str,
        tokens: &[Range<usize>],
        k: usize,
    ) -> Option<(String, usize)> {
        let t = tokens.get(k)?;
        let n = tokens.get(k + 1)?;
        if &text[t.end..n.start] != " " {
            return None;
        }
        let a: Vec<char> = text[t.clone()].to_lowercase().chars().collect();
        let b: Vec<char> = text[n.clone()].to_lowercase().chars().collect();
        let letters = |w: &[char]| w.iter().filter(|c| c.is_alphabetic()).count();
        if letters(&a) < 2
            || letters(&b) < 3
            || a.len() + b.len() > 40
            || !text[n.clone()]
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
            || !a.last().is_some_and(|c| c.is_alphabetic())
        {
            return None;
        }
        let b_word: String = b.iter().collect();
        if self.lex.is_word(&b_word) || search::accepts(self.lex, &b_word) {
            return None;
        }
        // The commonest words (och, att, för, som) stand apart: a fragment
        // after one is read on its own, and most pairs are no more tried.
        let a_word: String = a.iter().collect();
        let a_entry = self
            .lex
            .get(&a_word)
            .filter(|e| e.flags & lexicon::FLAG_WORD != 0);
        if a_entry.is_some_and(|e| e.zipf >= 5.5) {
            return None;
        }
        let joined: Vec<char> = a.iter().chain(&b).copied().collect();
        let budget = (0.8 + 0.22 * joined.len() as f32).min(3.2);
        let mut js = search::listed_candidates(self.lex, &joined, budget, 0..0);
        // A general edit, where the break is, only when neither half is a
        // word: the dearer search.
        if js.is_empty() && a_entry.is_none() {
            let at = a.len().saturating_sub(2)..a.len() + 2;
            js = search::listed_candidates(self.lex, &joined, budget, at);
        }
        let j = js
            .into_iter()
            .min_by(|a, b| self.score(a).total_cmp(&self.score(b)))?;
        let apart = |w: &[char]| {
            self.reading(w)
                .map_or((0.8 + 0.22 * w.len() as f32).min(3.2) + 1.0, |c| {
                    self.score(&c)
                })
        };
        (self.score(&j) + WORD_BREAK < apart(&a) + apart(&b)).then_some((j.word, n.end))
    }

    /// Repair a whole text.
    pub fn repair(&self, input: &MappedText) -> Repaired {
        let text = input.as_str();
        let damage = estimate_damage(text);
        if !damage.damaged {
            return Repaired {
                text: input.clone(),
                corrections: Vec::new(),
                damage,
                unknown_after: 0.0,
            };
        }
        let mut corrections = Vec::new();
        let mut cache: HashMap<DecisionKey, Option<Choice>> = HashMap::new();
        let mut new_decisions: Vec<(DecisionKey, Option<Choice>)> = Vec::new();
        let tokens = tokens(text);
        let mut prev: Option<String> = None;
        let mut counted = 0usize;
        let mut unknown = 0usize;
        let mut known_cache: HashMap<String, bool> = HashMap::new();
        let mut skip_next = false;
        for (k, t) in tokens.iter().enumerate() {
            let word = &text[t.clone()];
            let lower = fold_case(word);
            // "!" opening a line before a capitalised word is "I" ("I Malmö blir …").
            if word == "!"
                && text[..t.start]
                    .rsplit('\n')
                    .next()
                    .is_some_and(|l| l.trim().is_empty())
                && tokens.get(k + 1).is_some_and(|n| {
                    text[n.clone()]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                })
            {
                corrections.push(Correction {
                    span: t.clone(),
                    original: word.to_owned(),
                    replacement: "I".into(),
                    reason: "tecken läst för prepositionen I".into(),
                });
                prev = Some("i".into());
                continue;
            }
            if matches!(word, "!" | "/") && !glyph_for_i(text, &tokens, k) {
                prev = None;
                continue;
            }
            // "1", "|", "!" or "/" alone between words is the preposition "i".
            if matches!(word, "1" | "|" | "!" | "/")
                && k > 0
                && tokens.get(k + 1).is_some_and(|n| {
                    text[n.clone()]
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
                })
                && text[tokens[k - 1].clone()]
                    .chars()
                    .last()
                    .is_some_and(char::is_alphabetic)
            {
                corrections.push(Correction {
                    span: t.clone(),
                    original: word.to_owned(),
                    replacement: "i".into(),
                    reason: "siffra/streck läst för prepositionen i".into(),
                });
                prev = Some("i".into());
                continue;
            }
            // A letter OCR set apart from the rest of its word ("k unskap").
            if skip_next {
                skip_next = false;
                continue;
            }
            if let Some((joined, end)) = self.split_off_letter(text, &tokens, k) {
                corrections.push(Correction {
                    span: t.start..end,
                    original: text[t.start..end].to_owned(),
                    replacement: joined.clone(),
                    reason: "OCR-skada; bokstav skild från resten av ordet".into(),
                });
                prev = Some(joined.to_lowercase());
                skip_next = true;
                continue;
            }
            if let Some((joined, end)) = self.join_fragment(text, &tokens, k) {
                corrections.push(Correction {
                    span: t.start..end,
                    original: text[t.start..end].to_owned(),
                    replacement: match_case(word, &joined, false),
                    reason: "OCR-skada; ord delat av ett mellanslag".into(),
                });
                prev = Some(joined);
                skip_next = true;
                continue;
            }
            // Halves of a word split at a line end are judged joined (below).
            if let Some(joined) = split_word(text, &tokens, k)
                && search::accepts(self.lex, &joined)
            {
                prev = Some(lower);
                continue;
            }
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            let digits = word.chars().filter(|c| c.is_ascii_digit()).count();
            let acronym =
                word.chars().count() <= 5 && word.chars().filter(|c| c.is_uppercase()).count() >= 2;
            if letters == 0 || digits >= 2 || acronym {
                prev = Some(lower);
                continue;
            }
            // The first part of a compound before a hanging hyphen ("samhills- och").
            if hanging(text, t.end)
                && !search::accepts(self.lex, &lower)
                && self
                    .lex
                    .get(&lower)
                    .is_none_or(|e| e.flags & lexicon::FLAG_BEGIN == 0)
            {
                let key = (lower.clone(), Some("-".to_owned()));
                let choice = cache
                    .entry(key)
                    .or_insert_with(|| {
                        self.choose_part(&lower)
                            .or_else(|| self.choose(&lower, None))
                    })
                    .clone();
                if let Some(c) = choice {
                    corrections.push(Correction {
                        span: t.clone(),
                        original: word.to_owned(),
                        replacement: match_case(word, &c.word, false),
                        reason: c.reason.into(),
                    });
                }
                prev = Some(lower);
                continue;
            }
            // The previous word matters for `ar` (år/är) and after a modal verb.
            let prev_key = if lower.chars().count() <= 3
                || prev.as_deref().is_some_and(|p| {
                    MODALS.contains(&p) || lower.ends_with('a') && NO_INFINITIVE_AFTER.contains(&p)
                }) {
                prev.clone()
            } else {
                None
            };
            let key = (lower.clone(), prev_key.clone());
            let choice = match cache.get(&key) {
                Some(c) => c.clone(),
                None => {
                    let shared = self.decided.read().ok().and_then(|d| d.get(&key).cloned());
                    let c = match shared {
                        Some(c) => c,
                        None => {
                            let c = self.choose(&lower, prev_key.as_deref());
                            new_decisions.push((key.clone(), c.clone()));
                            c
                        }
                    };
                    cache.insert(key, c.clone());
                    c
                }
            };
            if letters >= 3 {
                counted += 1;
                if choice.is_none() && !self.lex.is_word(&lower) {
                    let lex = self.lex;
                    let known = *known_cache
                        .entry(lower.clone())
                        .or_insert_with(|| search::accepts(lex, &lower));
                    unknown += usize::from(!known);
                }
            }
            // A capitalised token may be a name (the intranet Komin): it is
            // not read as two words, unless the first is the preposition I.
            let splits_a_name = |c: &Choice| {
                c.word.contains(' ')
                    && !c.word.starts_with("i ")
                    && word.chars().next().is_some_and(char::is_uppercase)
            };
            if let Some(c) = choice
                && c.word != lower
                && !splits_a_name(&c)
            {
                let replacement = match_case(
                    word,
                    &c.word,
                    self.lex
                        .get(&c.word)
                        .is_some_and(|e| e.flags & FLAG_PROPER != 0),
                );
                prev = Some(c.word.clone());
                corrections.push(Correction {
                    span: t.clone(),
                    original: word.to_owned(),
                    replacement,
                    reason: c.reason.into(),
                });
                continue;
            }
            prev = Some(lower);
        }
        if let Ok(mut d) = self.decided.write() {
            d.extend(new_decisions);
        }
        corrections.extend(hyphen_joins(text, self.lex, &corrections));
        corrections.sort_by_key(|c| c.span.start);
        let repaired = apply(input, &corrections);
        Repaired {
            text: repaired,
            corrections,
            damage,
            unknown_after: if counted == 0 {
                0.0
            } else {
                unknown as f32 / counted as f32
            },
        }
    }
}

/// Whether `a` and `b` are one word with and without a short ending
/// (`förvaltningen`, `förvaltningens`): one a prefix of the other, at most
/// two letters longer, and at least five letters shared.
fn same_word_inflected(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.starts_with(short)
        && short.chars().count() >= 5
        && long.chars().count() - short.chars().count() <= 2
}

/// Byte ranges of word tokens: letters, digits, the OCR glyphs `£` and `|`,
/// and a lone `!` or `/`.
fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        // A lone `!` or `/` between spaces may be OCR's reading of i.
        let lone = matches!(c, '!' | '/')
            && text[..i]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
            && text[i + 1..].starts_with(' ');
        let part = c.is_alphanumeric() || c == '£' || c == '|' || lone;
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// A token in lower case, but an upper-case S inside a lower-case word
/// (`fSrebyggas`) is OCR's glyph for ö, as `6` is (`f6rebyggas`).
fn fold_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut after_lower = false;
    for c in word.chars() {
        if c == 'S' && after_lower {
            out.push('6');
        } else {
            out.extend(c.to_lowercase());
        }
        after_lower = c.is_lowercase();
    }
    out
}

/// Whether the token ending at `end` is followed by a hanging hyphen: "-",
/// then a comma or a space on the same line, then a lower-case word
/// ("samhälls- och", "samhälls-, närområdes- och").
fn hanging(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix('-') else {
        return false;
    };
    // (A comma OCR read as a period is still the list's comma: "samhills-. nuromrades- och".)
    let after = rest.trim_start_matches([',', '.', ' ']);
    after.len() < rest.len() && after.chars().next().is_some_and(char::is_lowercase)
}

/// Whether the lone `!` or `/` token `k` stands between two words, not
/// between alternatives ("och / eller").
fn glyph_for_i(text: &str, tokens: &[Range<usize>], k: usize) -> bool {
    let (Some(p), Some(n)) = (
        k.checked_sub(1).and_then(|j| tokens.get(j)),
        tokens.get(k + 1),
    ) else {
        return false;
    };
    let (before, after) = (&text[p.clone()], &text[n.clone()]);
    let joiners = ["och", "eller", "samt"];
    // The neighbours are words, however damaged ("/ f6rvaltningen").
    before.chars().next_back().is_some_and(char::is_alphabetic)
        && after.chars().next().is_some_and(char::is_lowercase)
        && !joiners.contains(&before)
        && !joiners.contains(&after)
}

/// If token `k` is one half of a word hyphenated at a line end, the joined
/// word in lower case.
fn split_word(text: &str, tokens: &[Range<usize>], k: usize) -> Option<String> {
    let joined = |a: &Range<usize>, b: &Range<usize>| -> Option<String> {
        let between = &text[a.end..b.start];
        let hyphen_break =
            between.starts_with('-') && between[1..].trim_matches([' ', '\t']) == "\n";
        let lower_next = text[b.clone()]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        (hyphen_break && lower_next)
            .then(|| format!("{}{}", &text[a.clone()], &text[b.clone()]).to_lowercase())
    };
    let t = tokens.get(k)?;
    if let Some(next) = tokens.get(k + 1)
        && let Some(j) = joined(t, next)
    {
        return Some(j);
    }
    let prev = tokens.get(k.checked_sub(1)?)?;
    joined(prev, t)
}

/// `word` written with the capitalisation of `original`.
fn match_case(original: &str, word: &str, proper: bool) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return word.to_uppercase();
    }
    let first_upper = original.chars().next().is_some_and(char::is_uppercase);
    if first_upper || (proper && original.chars().next().is_some_and(|c| !c.is_lowercase())) {
        let mut cs = word.chars();
        return cs
            .next()
            .map(|f| f.to_uppercase().chain(cs).collect())
            .unwrap_or_default();
    }
    word.to_owned()
}

/// Line-end hyphens that split a word are removed; hanging hyphens
/// ("arbetsmarknads- och") are kept.
fn hyphen_joins(text: &str, lex: &Lexicon, done: &[Correction]) -> Vec<Correction> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("-\n") {
        let before: String = text[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after: String = text[i + 2..]
            .trim_start_matches([' ', '\t'])
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if before.is_empty()
            || after.is_empty()
            || !after.chars().next().is_some_and(char::is_lowercase)
        {
            continue;
        }
        let end =
            i + 2 + (text[i + 2..].len() - text[i + 2..].trim_start_matches([' ', '\t']).len());
        if before.chars().count() >= 2 && before.chars().all(char::is_uppercase) {
            // An acronym's hyphen is part of the compound: "HR-\nprocesserna".
            out.push(Correction {
                span: i..end,
                original: text[i..end].to_owned(),
                replacement: "-".into(),
                reason: "radbrytning efter bindestreck i sammansättning".into(),
            });
            continue;
        }
        if matches!(
            after.as_str(),
            "och" | "eller" | "samt" | "som" | "respektive"
        ) {
            continue;
        }
        let joined = format!("{before}{after}").to_lowercase();
        let fixed_after = done
            .iter()
            .find(|c| c.span.start >= i + 2 && c.span.start <= i + 4)
            .map_or(after.to_lowercase(), |c| c.replacement.to_lowercase());
        let joined_fixed = format!("{}{}", before.to_lowercase(), fixed_after);
        if search::accepts(lex, &joined) || search::accepts(lex, &joined_fixed) {
            out.push(Correction {
                span: i..end,
                original: text[i..end].to_owned(),
                replacement: String::new(),
                reason: "avstavning vid radslut sammanfogad".into(),
            });
        }
    }
    out
}

/// The input with the corrections applied, mapped back to the input's source.
fn apply(input: &MappedText, corrections: &[Correction]) -> MappedText {
    let text = input.as_str();
    let mut b = MappedTextBuilder::with_capacity(text.len());
    let mut pos = 0;
    for c in corrections {
        if c.span.start < pos {
            continue;
        }
        b.copy(&text[pos..c.span.start], pos);
        b.replace(&c.replacement, c.span.start);
        pos = c.span.end;
    }
    b.copy(&text[pos..], pos);
    b.finish(text.len()).compose(input)
}

#[cfg(test)]
mod tests;
