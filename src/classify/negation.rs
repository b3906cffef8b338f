//! Negation: is a mention negated in its clause?
//!
//! A cue before the mention ("inte", "inga") or after it ("saknas") in the same
//! clause negates it; clauses end at the taxonomy's scope breaks (". ", ";",
//! " men "). Phrases such as "inte minst" are not negations.

use crate::taxonomy::Negation;
use std::ops::Range;

fn clause(text: &str, hit: &Range<usize>, breaks: &[String]) -> Range<usize> {
    let window_start = text.floor_char_boundary(hit.start.saturating_sub(200));
    let window_end = text.ceil_char_boundary(hit.end + 200);
    let before = &text[window_start..hit.start];
    let after = &text[hit.end..window_end];
    let start = breaks
        .iter()
        .filter_map(|b| before.rfind(b.as_str()).map(|i| window_start + i + b.len()))
        .max()
        .unwrap_or(window_start);
    let end = breaks
        .iter()
        .filter_map(|b| after.find(b.as_str()).map(|i| hit.end + i))
        .min()
        .unwrap_or(window_end);
    start..end
}

fn has_word(hay: &str, word: &str) -> bool {
    hay.match_indices(word).any(|(i, _)| {
        let before_ok = hay[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = hay[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before_ok && after_ok
    })
}

/// Whether the mention at `hit` is negated.
pub fn is_negated(text: &str, hit: Range<usize>, n: &Negation) -> bool {
    let c = clause(text, &hit, &n.scope_breaks);
    let mut before = text[c.start..hit.start].to_lowercase();
    let after = text[hit.end..c.end].to_lowercase();
    for p in &n.not_negation {
        before = before.replace(p.as_str(), " ");
    }
    n.before.iter().any(|w| has_word(&before, w)) || n.after.iter().any(|w| has_word(&after, w))
}
