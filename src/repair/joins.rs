//! Joins across tokens: the text and its tokens in, readings that join
//! tokens OCR broke apart out (a letter set apart, a word split by a space,
//! a word hyphenated at a line end), each with where it ends.

use super::choose::edit_budget;
use super::lexicon::{self, Lexicon};
use super::{Correction, Repairer, search};
use std::ops::Range;

/// What reading two tokens as one word scores against reading them apart:
/// one word fewer is a Zipf unit of 9 (log10 of a word's share per 10^9
/// words) at the score's weight of 0.35 gained, less about 1 for the space
/// OCR would have had to invent inside a word.
const WORD_BREAK: f32 = 1.0 - 0.35 * 9.0;

impl Repairer<'_> {
    /// If token `k` is a lone letter that is no word and, with the token one
    /// space after it, makes a word the next token alone is not: that word
    /// and where it ends.
    pub(super) fn split_off_letter(
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

    /// If token `k` and the next, one space apart, are one word OCR broke in
    /// two (`social frvaliningen`, `ersit ttning`): that word and where it
    /// ends. The second must be no word on its own, and the joined reading a
    /// listed word scoring better than the two read apart.
    pub(super) fn join_fragment(
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
            // A compound's first part (`inriktnings`, `förvaltnings`; as a
            // word only a rare genitive) before a word: one word the OCR
            // split, when together they are a listed word. Swedish writes
            // its compounds whole.
            let a_word: String = a.iter().collect();
            let first_part = self.lex.get(&a_word).is_some_and(|e| {
                e.flags & lexicon::FLAG_BEGIN != 0
                    && (e.flags & lexicon::FLAG_WORD == 0 || a_word.ends_with('s') && e.zipf < 1.5)
            });
            let joined = format!("{a_word}{b_word}");
            return (first_part && self.lex.is_word(&joined)).then_some((joined, n.end));
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
        let budget = edit_budget(joined.len());
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
                .map_or(edit_budget(w.len()) + 1.0, |c| self.score(&c))
        };
        (self.score(&j) + WORD_BREAK < apart(&a) + apart(&b)).then_some((j.word, n.end))
    }
}

/// Line-end hyphens that split a word are removed; hanging hyphens
/// ("arbetsmarknads- och") are kept.
pub(super) fn hyphen_joins(text: &str, lex: &Lexicon, done: &[Correction]) -> Vec<Correction> {
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
