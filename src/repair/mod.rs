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
//!
//! The parts: [`damage`] (is the text damaged), [`domain`] (the words the
//! taxonomy knows), [`tokens`] (a text's word tokens and their shape),
//! [`context`] (what the word before says), [`choose`] (a token's reading),
//! [`joins`] (readings across tokens), [`grammar`] (readings the words on
//! both sides decide) and [`passes`] (the token pass that puts them together). Here: the repairer and what it hands back.

pub mod lexicon;
pub mod search;

mod choose;
mod context;
mod damage;
mod domain;
mod grammar;
mod joins;
mod passes;
mod tokens;

use crate::text::MappedText;
use lexicon::{FLAG_DOMAIN, Lexicon};
use std::collections::HashMap;
use std::ops::Range;

pub use damage::{Damage, estimate_damage};
pub use domain::domain_words;

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

/// A token (lower case) and, where it matters, the word before it.
type DecisionKey = (String, Option<String>);

/// What damaged a text, which decides how it is repaired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A text layer made by OCR without Swedish: å/ä/ö lost or read as other
    /// glyphs, found by [`estimate_damage`]. Real words are read for the
    /// Swedish words they may have been (`vald` for `våld`).
    LatinOcr,
    /// Text plancov's Swedish OCR read: its letters are Swedish, but a poor
    /// scan confuses some (`väld`, `bölag`, `etever`, `skå`). Only words no
    /// lexicon knows are read again; a real word stands.
    SwedishOcr,
}

/// The repairer: lexicon plus what it knows of the batch.
pub struct Repairer<'a> {
    source: Source,
    lex: &'a Lexicon,
    /// Domain words (taxonomy, clean plans): preferred when choosing.
    domain: &'a std::collections::HashSet<String>,
    /// Decisions per (token, previous word when it matters), shared by every
    /// plan of a batch: OCR damage repeats itself (`f6r`, `vald`, `forvaltningen`).
    decided: std::sync::RwLock<HashMap<DecisionKey, Option<Choice>>>,
    /// The repairer of Swedish OCR text, made when first needed; its
    /// decisions are its own.
    swedish: std::sync::OnceLock<Box<Repairer<'a>>>,
}

#[derive(Debug, Clone)]
struct Choice {
    word: String,
    reason: &'static str,
}

impl<'a> Repairer<'a> {
    pub fn new(lex: &'a Lexicon, domain: &'a std::collections::HashSet<String>) -> Self {
        Self::for_source(Source::LatinOcr, lex, domain)
    }

    fn for_source(
        source: Source,
        lex: &'a Lexicon,
        domain: &'a std::collections::HashSet<String>,
    ) -> Self {
        Repairer {
            source,
            lex,
            domain,
            decided: std::sync::RwLock::new(HashMap::new()),
            swedish: std::sync::OnceLock::new(),
        }
    }

    /// Repair `input` as damaged by `source`: a Latin-OCR text only when
    /// [`estimate_damage`] finds it damaged, Swedish OCR text always.
    pub fn repair_from(&self, input: &MappedText, source: Source) -> Repaired {
        match source {
            Source::LatinOcr => self.repair(input),
            Source::SwedishOcr => self
                .swedish
                .get_or_init(|| {
                    Box::new(Self::for_source(Source::SwedishOcr, self.lex, self.domain))
                })
                .repair(input),
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
}

#[cfg(test)]
mod tests;
