//! Candidate choice: one token (lower case) and the word before it in, the
//! reading it should be out ([`Choice`]), or nothing when the token is best
//! left as OCR wrote it.
//!
//! [`Repairer::choose`] runs as named steps: a compound that hides a listed
//! word, a real word that may be another, else the confusion search (cheap
//! first, widened when nothing is believable, two words run together),
//! ranked, and the best reading vetted against chance look-alikes.

use super::context::{Before, context_bonus};
use super::lexicon::{self, FLAG_PROPER};
use super::{Choice, Repairer, search};

/// Cost of reading one token as two words (a space OCR lost).
const SPLIT: f32 = 0.9;
/// How common (Zipf) a word must be to be read apart from an `i` run into it.
const SPLIT_I_MIN_ZIPF: f32 = 4.5;
/// Why a token was read as two words.
const RUN_TOGETHER: &str = "OCR-skada; mellanslaget mellan två ord förlorat";
/// How common (Zipf) each of two words run together must be to be read apart.
const RUN_TOGETHER_MIN_ZIPF: f32 = 5.0;

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

/// How much a token of `n` letters may be edited: longer words bear more.
pub(super) fn edit_budget(n: usize) -> f32 {
    (0.8 + 0.22 * n as f32).min(3.2)
}

impl Repairer<'_> {
    /// What `lower` (a token in lower case) should be, if anything else.
    pub(super) fn choose(&self, lower: &str, prev: Option<&str>) -> Option<Choice> {
        let chars: Vec<char> = lower.chars().collect();
        let n = chars.len();
        if n == 0 || n > 40 {
            return None;
        }
        let has_glyph = chars.iter().any(|c| !c.is_alphabetic());
        let valid = !has_glyph && (self.lex.is_word(lower) || search::accepts(self.lex, lower));
        if valid
            && !self.lex.is_word(lower)
            && n >= 5
            && let Some(choice) = self.listed_over_compound(lower, &chars)
        {
            return Some(choice);
        }
        let before = Before::of(prev);
        if valid {
            // Swedish OCR reads å/ä/ö: a real word it wrote is taken as read.
            return match self.source {
                super::Source::LatinOcr => self.real_word_choice(lower, &chars, before),
                super::Source::SwedishOcr => None,
            };
        }
        if n == 1 {
            return None;
        }
        let mut cands = self.searched(&chars, before);
        // The preposition i run into a word: the thin i's space is often lost
        // ("skai" for "ska i", "isin" for "i sin"). (Splits into other words
        // at this cost, tried on the development scans, broke more than they
        // fixed: "bo sociala", "mot er", "kom in".)
        cands.extend(self.two_words(&chars, SPLIT_I_MIN_ZIPF, |a, b| a == ['i'] || b == ['i']));
        let best = self.ranked_best(cands, before)?;
        if self.by_chance(&best, lower, &chars, before.prev) {
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

    /// A token accepted only as a compound of lexicon parts (lirar+handledningen):
    /// a listed word one lost Swedish letter away is the likelier reading
    /// in a damaged text (lärarhandledningen, funktionsrätt).
    fn listed_over_compound(&self, lower: &str, chars: &[char]) -> Option<Choice> {
        let swedish = |w: &str| w.chars().any(|c| matches!(c, 'å' | 'ä' | 'ö'));
        let best = search::candidates(self.lex, chars, 1.0, false)
            .into_iter()
            .filter(|c| c.parts == 0 && swedish(&c.word) && !swedish(lower))
            .min_by(|a, b| self.score(a).total_cmp(&self.score(b)))?;
        Some(Choice {
            word: best.word,
            reason: "OCR-skada; ordet i lexikonet framför en sammansättning",
        })
    }

    /// A real word that OCR may have made from another (vald/våld, for/för):
    /// the commoner Swedish form, when clearly commoner in its context. A
    /// word of the domain (taxonomy, clean plans) is left as it is.
    fn real_word_choice(&self, lower: &str, chars: &[char], before: Before<'_>) -> Option<Choice> {
        if chars.len() < 2 || self.is_domain(lower) {
            return None;
        }
        let alts = search::real_word_alternatives(self.lex, chars, 1.6);
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
                let mut gain =
                    c.zipf + if self.is_domain(&c.word) { 1.0 } else { 0.0 } - own - 0.3 * c.cost;
                if before.after_modal && is_verb(&c.word) && !is_verb(lower) {
                    gain += 1.5;
                }
                if before.no_infinitive && self.infinitive_like(&c.word) {
                    gain -= super::context::INFINITIVE_AFTER_MODAL;
                }
                gain += context_bonus(&c.word, before.prev);
                (gain, c)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))?;
        (best.0 >= 0.6).then_some(Choice {
            word: best.1.word,
            reason: "verkligt ord i skadad text; vanligare svensk form",
        })
    }

    /// The confusion search's readings of an unknown token: cheap readings
    /// first, dearer ones only when those find nothing (the search space
    /// grows fast with the budget, and most damage is cheap); a general edit
    /// and two words run together when no cheap reading is believable.
    fn searched(&self, chars: &[char], before: Before<'_>) -> Vec<search::Candidate> {
        let n = chars.len();
        // After a modal verb the expected infinitive earns a little more
        // search ("ska kunnd": kunna is one general edit away).
        let budget = (0.8 + 0.22 * n as f32 + if before.after_modal { 0.3 } else { 0.0 }).min(3.2);
        let mut cands = Vec::new();
        // (After a modal verb a short token is searched at its whole budget
        // at once: "att gra" must see göra beside grå.)
        let first = if n <= 4 && before.after_modal {
            budget
        } else {
            0.8
        };
        // A cheap reading that is only a rare word (frigor → frigör) or a
        // compound (sjö+diva) does not stop the search: a common word a
        // little dearer (frågor, själva) may be the likelier reading.
        let settled = |c: &search::Candidate| c.zipf >= 4.0 || c.domain || self.is_domain(&c.word);
        for level in [first, 1.5, budget] {
            let b = level.min(budget);
            cands = search::candidates(self.lex, chars, b, false);
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
            cands = self.widened(chars, cands, budget);
        }
        cands
    }

    /// No cheap reading believable: a general edit, believed only for a
    /// word worth the guess (one of the domain's words or a common one,
    /// never a rare compound), beside the lexicon words the confusion model
    /// alone reaches, and two common words whose space OCR lost.
    fn widened(
        &self,
        chars: &[char],
        mut cands: Vec<search::Candidate>,
        budget: f32,
    ) -> Vec<search::Candidate> {
        let plain: std::collections::HashSet<String> = cands
            .iter()
            .filter(|c| c.parts == 0)
            .map(|c| c.word.clone())
            .collect();
        let generic = search::candidates(self.lex, chars, budget, true);
        let dearer: Vec<search::Candidate> = cands
            .drain(..)
            .filter(|c| plain.contains(&c.word) && !generic.iter().any(|g| g.word == c.word))
            .collect();
        let mut cands: Vec<search::Candidate> = generic
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
        cands.extend(self.two_words(chars, RUN_TOGETHER_MIN_ZIPF, |a, b| {
            a.len() >= 2 && b.len() >= 2
        }));
        cands
    }

    /// The best of the readings by score in context, unless two different
    /// readings are almost equally good: then the token is left alone rather
    /// than guessed (precision over recall). Two forms of one word
    /// (socialförvaltningen/-ens) are no such doubt: the better is taken.
    fn ranked_best(
        &self,
        mut cands: Vec<search::Candidate>,
        before: Before<'_>,
    ) -> Option<search::Candidate> {
        if cands.is_empty() {
            return None;
        }
        let infinitive_weight = before.infinitive_weight();
        let scored = |c: &search::Candidate| {
            let infinitive = infinitive_weight != 0.0 && self.infinitive_like(&c.word);
            self.score(c)
                - context_bonus(&c.word, before.prev)
                - if infinitive { infinitive_weight } else { 0.0 }
        };
        cands.sort_by(|a, b| scored(a).total_cmp(&scored(b)).then(a.word.cmp(&b.word)));
        if let Some(second) = cands.get(1)
            && scored(second) - scored(&cands[0]) < 0.15
            && cands[0].cost > 0.9
            && !same_word_inflected(&cands[0].word, &second.word)
        {
            return None;
        }
        Some(cands.swap_remove(0))
    }

    /// Whether the best reading `best` of token `lower` is likelier chance
    /// than repair: a look-alike too rare, too short or a name, a compound's
    /// linking s dropped, a lost start hidden, a short token edited too much.
    fn by_chance(
        &self,
        best: &search::Candidate,
        lower: &str,
        chars: &[char],
        prev: Option<&str>,
    ) -> bool {
        let n = chars.len();
        // A compound written with the linking s (workshops+material) is not
        // made into the same compound without it: both are Swedish.
        if self.drops_linking_s(chars, &best.word) {
            return true;
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
            return true;
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
            return true;
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
            return true;
        }
        // The end of a frequent or domain word whose start OCR lost
        // (`altningen` of förvaltningen) is left as it is, unless the
        // reading restores that start (`vergripande` → övergripande): made
        // into a look-alike (ältningen) it would only hide the loss.
        if self.lex.is_fragment(lower) && !best.word.ends_with(lower) {
            return true;
        }
        // Without a clear confusion (cheap edit), a short token is left
        // alone; with a letter's worth of edit, it must be a common word
        // (fr → för, ay → av; not ck → ek, ua → aa, amt → amf).
        // The context may vouch for a dearer one ("som dir" → "som är").
        n <= 3
            && context_bonus(&best.word, prev) == 0.0
            && (best.cost > 1.0 || best.cost >= 1.0 && best.zipf < SHORT_MIN_ZIPF)
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
        let budget = edit_budget(chars.len());
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
    pub(super) fn choose_part(&self, lower: &str) -> Option<Choice> {
        let chars: Vec<char> = lower.chars().collect();
        let n = chars.len();
        if !(3..=40).contains(&n) {
            return None;
        }
        let budget = edit_budget(n);
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

    /// The best reading of a token (lower case) on its own: itself if it is
    /// a word, else the best candidate of the confusion search, if any.
    pub(super) fn reading(&self, chars: &[char]) -> Option<search::Candidate> {
        let word: String = chars.iter().collect();
        if let Some(e) = self
            .lex
            .get(&word)
            .filter(|e| e.flags & lexicon::FLAG_WORD != 0)
        {
            return Some(search::Candidate::listed(word, 0.0, e));
        }
        let budget = edit_budget(chars.len());
        let cands = search::candidates(self.lex, chars, budget, false);
        cands
            .into_iter()
            .min_by(|a, b| self.score(a).total_cmp(&self.score(b)))
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
