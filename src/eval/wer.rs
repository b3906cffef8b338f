//! Word error rate: lower-cased word tokens of a hypothesis aligned to a
//! reference with the Levenshtein algorithm over words.

/// Lower-cased word tokens (letters and digits) with their byte ranges.
pub fn words(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let part = c.is_alphanumeric();
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((text[s..i].to_lowercase(), s..i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// One step of an alignment: indices into reference and hypothesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Match(usize, usize),
    Substitute(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Minimal word alignment of `hyp` to `reference`.
pub fn align(reference: &[String], hyp: &[String]) -> Vec<Step> {
    align_by(reference, hyp, 1, None, |a, b| u32::from(a != b))
}

/// An alignment that pairs look-alike words: a substitution costs more the
/// less the two words share (normalised Levenshtein distance), up to a
/// deletion plus an insertion. Used to tell which reference word a damaged
/// word stands for; ties in [`align`] can pair a word with its neighbour.
/// Only cells near the diagonal are filled: texts of one plan drift apart by
/// a few dozen words at most, and comparing every pair of words is quadratic.
pub fn align_similar(reference: &[String], hyp: &[String]) -> Vec<Step> {
    const GAP: u32 = 10;
    let band = 100 + reference.len().abs_diff(hyp.len());
    align_by(reference, hyp, GAP, Some(band), |a, b| {
        if a == b {
            0
        } else {
            GAP + (GAP as f64 * strsim::normalized_levenshtein(a, b).mul_add(-1.0, 1.0)).round()
                as u32
        }
    })
}

/// Levenshtein alignment over words with gap cost `gap` and substitution
/// cost `sub_cost` (0 for a match), optionally only within `band` cells of
/// the diagonal.
fn align_by(
    reference: &[String],
    hyp: &[String],
    gap: u32,
    band: Option<usize>,
    sub_cost: impl Fn(&str, &str) -> u32,
) -> Vec<Step> {
    let (n, m) = (reference.len(), hyp.len());
    let w = m + 1;
    let near = |i: usize, j: usize| band.is_none_or(|b| (i * m / n.max(1)).abs_diff(j) <= b);
    const FAR: u32 = u32::MAX / 4;
    let mut d = vec![FAR; (n + 1) * w];
    for i in 0..=n {
        d[i * w] = i as u32 * gap;
    }
    for (j, x) in d.iter_mut().enumerate().take(m + 1) {
        *x = j as u32 * gap;
    }
    for i in 1..=n {
        for j in 1..=m {
            if !near(i, j) {
                continue;
            }
            let sub = d[(i - 1) * w + j - 1] + sub_cost(&reference[i - 1], &hyp[j - 1]);
            let del = d[(i - 1) * w + j] + gap;
            let ins = d[i * w + j - 1] + gap;
            d[i * w + j] = sub.min(del).min(ins);
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let c = sub_cost(&reference[i - 1], &hyp[j - 1]);
            if d[i * w + j] == d[(i - 1) * w + j - 1] + c {
                steps.push(if c == 0 {
                    Step::Match(i - 1, j - 1)
                } else {
                    Step::Substitute(i - 1, j - 1)
                });
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && d[i * w + j] == d[(i - 1) * w + j] + gap {
            steps.push(Step::Delete(i - 1));
            i -= 1;
        } else {
            steps.push(Step::Insert(j - 1));
            j -= 1;
        }
    }
    steps.reverse();
    steps
}

/// Word error rate of `hyp` against `reference` (errors / reference words).
pub fn wer(reference: &str, hyp: &str) -> f64 {
    let r: Vec<String> = words(reference).into_iter().map(|w| w.0).collect();
    let h: Vec<String> = words(hyp).into_iter().map(|w| w.0).collect();
    let errors = align(&r, &h)
        .iter()
        .filter(|s| !matches!(s, Step::Match(..)))
        .count();
    if r.is_empty() {
        0.0
    } else {
        errors as f64 / r.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_substitutions_deletions_insertions() {
        assert_eq!(wer("våld i nära relation", "våld i nära relation"), 0.0);
        assert_eq!(wer("våld i nära relation", "vald i nira relation"), 0.5);
        assert_eq!(wer("a b c d", "a c d e f"), 0.75);
        assert_eq!(wer("Våld, i", "våld i"), 0.0);
    }

    #[test]
    fn similar_alignment_pairs_look_alike_words() {
        let r: Vec<String> = ["stöd", "till", "våldsutsatta"].map(String::from).into();
        // "sida 2" is an inserted footer: plain alignment may pair by position.
        let h: Vec<String> = ["sida", "stéd", "tll", "valdsutsatta"]
            .map(String::from)
            .into();
        let steps = align_similar(&r, &h);
        assert!(steps.contains(&Step::Insert(0)));
        assert!(steps.contains(&Step::Substitute(0, 1)));
        assert!(steps.contains(&Step::Substitute(2, 3)));
    }
}
