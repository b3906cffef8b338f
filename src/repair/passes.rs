//! The token pass: a damaged text in, its corrections and the repaired text
//! (mapped to the input's source) out. Each token is read once, left to
//! right, with the word before it; decisions are cached per batch. Then the
//! grammar pass rereads each token with the words on both sides.

use super::context::{MODALS, NO_INFINITIVE_AFTER};
use super::grammar;
use super::joins::hyphen_joins;
use super::lexicon::{self, FLAG_PROPER};
use super::tokens::{fold_case, glyph_for_i, hanging, match_case, split_word, tokens};
use super::{Choice, Correction, DecisionKey, Repaired, Repairer, Source, estimate_damage, search};
use crate::text::{MappedText, MappedTextBuilder};
use std::collections::HashMap;
use std::ops::Range;

impl Repairer<'_> {
    /// Repair a whole text.
    pub fn repair(&self, input: &MappedText) -> Repaired {
        let text = input.as_str();
        let damage = estimate_damage(text);
        if !damage.damaged && self.source == Source::LatinOcr {
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
            // A short word in a line of capitals ("SKA UPPTACKA VALD OCH")
            // is no acronym: it gets back its å/ä/ö, and only those (HR, AB
            // and SFI there stay as they are).
            if acronym
                && digits == 0
                && in_capitals(text, &tokens, k)
                && let Some(c) = self
                    .choose(&lower, prev.as_deref())
                    .filter(|c| c.word != lower && crate::text::fold(&c.word) == lower)
            {
                corrections.push(Correction {
                    span: t.clone(),
                    original: word.to_owned(),
                    replacement: c.word.to_uppercase(),
                    reason: c.reason.into(),
                });
                prev = Some(c.word);
                continue;
            }
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
        self.grammar_pass(text, &tokens, &mut corrections);
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

impl Repairer<'_> {
    /// Readings grammar decides from the words on both sides (see
    /// [`grammar`]): each token as the token pass left it, reread with its
    /// clause around it. Only a token OCR wrote without å/ä/ö is reread.
    fn grammar_pass(&self, text: &str, tokens: &[Range<usize>], corrections: &mut Vec<Correction>) {
        let at: HashMap<usize, usize> = corrections
            .iter()
            .enumerate()
            .map(|(i, c)| (c.span.start, i))
            .collect();
        let mut words: Vec<Word> = Vec::new();
        let mut covered = 0;
        for t in tokens {
            if t.start < covered {
                continue;
            }
            let gap = words.last().map_or("", |w| &text[w.span.end..t.start]);
            let starts_upper = text[t.clone()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            let clause_start = words.is_empty()
                || gap.contains(['.', ':', ';', '!', '?', '\t', '|', '•', '(', ')'])
                || gap.contains("\n\n")
                || gap.contains('\n') && starts_upper;
            let (reading, by) = match at.get(&t.start) {
                Some(&i) => {
                    covered = corrections[i].span.end;
                    (corrections[i].replacement.to_lowercase(), Some(i))
                }
                None => (fold_case(&text[t.clone()]), None),
            };
            words.push(Word {
                span: t.clone(),
                reading,
                by,
                clause_start,
            });
        }
        let mut changes: Vec<(usize, String)> = Vec::new();
        for (k, word) in words.iter().enumerate() {
            let original = &text[word.span.clone()];
            if original.chars().any(|c| "åäöÅÄÖ".contains(c))
                || !original.chars().all(char::is_alphabetic)
            {
                continue;
            }
            let mut around = grammar::Around::default();
            let mut j = k;
            for slot in around.before.iter_mut() {
                if words[j].clause_start {
                    break;
                }
                j -= 1;
                *slot = Some(words[j].reading.as_str());
            }
            for (n, slot) in around.after.iter_mut().enumerate() {
                match words.get(k + 1 + n) {
                    Some(w) if !w.clause_start => *slot = Some(w.reading.as_str()),
                    _ => break,
                }
            }
            if let Some(w) = grammar::preferred(self.lex, &word.reading, around) {
                changes.push((k, w));
            }
        }
        for (k, w) in changes {
            let word = &words[k];
            let original = &text[word.span.clone()];
            let replacement = match_case(original, &w, false);
            match word.by {
                Some(i) => {
                    corrections[i].replacement = replacement;
                    corrections[i].reason = grammar::REASON.into();
                }
                None => corrections.push(Correction {
                    span: word.span.clone(),
                    original: original.to_owned(),
                    replacement,
                    reason: grammar::REASON.into(),
                }),
            }
        }
    }
}

/// A token as the grammar pass sees it.
struct Word {
    span: Range<usize>,
    /// The token pass's reading, lower case.
    reading: String,
    /// The correction that made the reading, if any.
    by: Option<usize>,
    /// A clause starts at this token (the text's first, or after a full
    /// stop, colon, tab, blank line or a line break before a capital).
    clause_start: bool,
}

/// Whether token `k` stands in a line of capitals: the rest of its line
/// has eight letters or more, none of them lower case ("HANDLINGSPLAN MOT
/// VALD 2024").
fn in_capitals(text: &str, tokens: &[Range<usize>], k: usize) -> bool {
    let t = &tokens[k];
    let start = text[..t.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[t.end..].find('\n').map_or(text.len(), |i| t.end + i);
    let rest = text[start..t.start].chars().chain(text[t.end..end].chars());
    let (mut letters, mut lower) = (0, false);
    for c in rest.filter(|c| c.is_alphabetic()) {
        letters += 1;
        lower |= c.is_lowercase();
    }
    letters >= 8 && !lower
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
