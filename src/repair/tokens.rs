//! Tokens: a text in, its word tokens (byte ranges) out, and what a token's
//! shape and neighbours say: case folded, a hanging hyphen, a glyph for i,
//! half of a hyphenated word; and a reading written in a token's case.

use std::ops::Range;

/// Byte ranges of word tokens: letters, digits, the OCR glyphs `£` and `|`,
/// and a lone `!` or `/`.
pub(super) fn tokens(text: &str) -> Vec<Range<usize>> {
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
pub(super) fn fold_case(word: &str) -> String {
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
pub(super) fn hanging(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix('-') else {
        return false;
    };
    // (A comma OCR read as a period is still the list's comma: "samhills-. nuromrades- och".)
    let after = rest.trim_start_matches([',', '.', ' ']);
    after.len() < rest.len() && after.chars().next().is_some_and(char::is_lowercase)
}

/// Whether the lone `!` or `/` token `k` stands between two words, not
/// between alternatives ("och / eller").
pub(super) fn glyph_for_i(text: &str, tokens: &[Range<usize>], k: usize) -> bool {
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
pub(super) fn split_word(text: &str, tokens: &[Range<usize>], k: usize) -> Option<String> {
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
pub(super) fn match_case(original: &str, word: &str, proper: bool) -> String {
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
