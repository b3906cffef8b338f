//! Swedish infinitives: which words are verbs in the infinitive.
//!
//! In: a lower-case word. Out: whether it is an infinitive (`utbilda`, `ta`,
//! `genomföra`), from `corpus/lexicon/infinitives.txt`, which
//! `scripts/build_infinitives.py` derives from the shipped lexicon (present
//! and past forms attested, nouns whose plural looks like a verb left out).
//! Segmentation uses it to recognise an item written as an infinitive clause
//! when OCR lost the bullet in front of it.

use std::collections::HashSet;
use std::sync::OnceLock;

static LIST: &str = include_str!("../../corpus/lexicon/infinitives.txt");

fn set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| LIST.lines().filter(|l| !l.is_empty()).collect())
}

/// Whether `lower` (a lower-case word) is a Swedish verb in the infinitive.
pub fn is_infinitive(lower: &str) -> bool {
    set().contains(lower)
}

/// Whether `lower` is the present tense of a listed verb (`delar` of
/// `dela`, `ställer` of `ställa`, `går` of `gå`), or a modal (`ska`).
pub fn is_present(lower: &str) -> bool {
    if matches!(
        lower,
        "ska" | "skall" | "kan" | "kommer" | "får" | "bör" | "måste"
    ) {
        return true;
    }
    let Some(stem) = lower.strip_suffix('r') else {
        return false;
    };
    is_infinitive(stem)
        || stem
            .strip_suffix('e')
            .is_some_and(|s| is_infinitive(&format!("{s}a")))
}

/// The first word of `line` if it opens the line with a capital and is an
/// infinitive (`Ta fram en rutin …`, `Utbilda chefer …`), not the first
/// part of a hyphenated name (`Hälsa-, vård- och …`).
pub fn opens_with_infinitive(line: &str) -> bool {
    let end = line
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(line.len(), |(i, _)| i);
    let (word, rest) = line.split_at(end);
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).all(char::is_lowercase)
        && rest.starts_with(char::is_whitespace)
        && is_infinitive(&word.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_present_tense_forms_of_listed_verbs() {
        for w in ["delar", "ställer", "erbjuder", "går", "tar", "ska"] {
            assert!(is_present(w), "{w}");
        }
        for w in [
            "barn",
            "kollegor",
            "flickor",
            "medarbetare",
            "våld",
            "ungdomar",
        ] {
            assert!(!is_present(w), "{w}");
        }
    }

    #[test]
    fn knows_regular_irregular_and_compound_infinitives() {
        for w in [
            "utbilda",
            "samverka",
            "erbjuda",
            "genomföra",
            "ta",
            "sätta",
            "tydliggöra",
        ] {
            assert!(is_infinitive(w), "{w}");
        }
        for w in [
            "alla",
            "andra",
            "nya",
            "hela",
            "skola",
            "unga",
            "rutinen",
            "medarbetare",
        ] {
            assert!(!is_infinitive(w), "{w}");
        }
    }

    #[test]
    fn an_infinitive_opens_a_line_only_as_a_capitalised_word() {
        assert!(opens_with_infinitive("Ta fram en rutin för medarbetare"));
        assert!(opens_with_infinitive("Utbilda bolagets chefer i att fråga"));
        assert!(!opens_with_infinitive("utbilda bolagets chefer"));
        assert!(!opens_with_infinitive(
            "Hälsa-, vård- och omsorgsförvaltningen ska"
        ));
        assert!(!opens_with_infinitive(
            "Rutinen ska omfatta hamnens passersystem"
        ));
        assert!(!opens_with_infinitive("UTBILDA CHEFER"));
        assert!(!opens_with_infinitive("Utbilda"));
    }
}
