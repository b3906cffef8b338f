//! Term syntax → regular expression.
//!
//! A term is what an analyst writes in the taxonomy: `våld i nära relation*`,
//! `*kvinnofrid*`, `re:barn som (?:lever|upplever) våld`. Words match whole words
//! with Swedish inflection endings; `*` at a word's end allows any continuation
//! (compounds, `hedersförtrycket`), at its start any compound head
//! (`partnervåld` for `*våld`). Matching ignores case.
//!
//! Word boundaries are written as character classes rather than `\b`: Unicode
//! `\b` forces the regex crate off its fast DFA on non-ASCII text, and Swedish
//! text is never ASCII. The trailing boundary is checked by [`CompiledTerm::find_iter`].

use regex::Regex;

/// Swedish inflection endings, longest first so the greedy choice is the whole word.
const INFLECTION: &str = "(?:arnas|ernas|arna|erna|ares|ande|ende|ens|ets|ans|ars|ers|nas|rna|ts|ns|an|ar|as|en|er|et|na|a|e|n|r|s|t)?";
const WORD: &str = r"[\p{L}\p{N}_]";
const NOT_WORD: &str = r"[^\p{L}\p{N}_]";

/// One compiled term: the regex and whether a word boundary must follow a match.
#[derive(Debug, Clone)]
pub struct CompiledTerm {
    pub source: String,
    pub regex: Regex,
    needs_end_boundary: bool,
}

impl CompiledTerm {
    /// Compile a taxonomy term, or say what is wrong with it.
    pub fn new(term: &str) -> Result<Self, String> {
        let term = term.trim();
        if term.is_empty() {
            return Err("empty term".into());
        }
        let (body, needs_end_boundary, starts_mid_word) =
            if let Some(raw) = term.strip_prefix("re:") {
                (raw.to_owned(), true, false)
            } else {
                let words: Vec<&str> = term.split_whitespace().collect();
                let mut parts = Vec::with_capacity(words.len());
                let mut end_boundary = true;
                let mut starts_mid = false;
                for (i, w) in words.iter().enumerate() {
                    let head_wild = w.starts_with('*');
                    let tail_wild = w.len() > 1 && w.ends_with('*');
                    let core = w.trim_matches('*');
                    if core.is_empty() {
                        return Err(format!("word '{w}' has no letters"));
                    }
                    let mut p = String::new();
                    if head_wild {
                        p.push_str(WORD);
                        p.push('*');
                        if i == 0 {
                            starts_mid = true;
                        }
                    }
                    // A hyphen may be followed by a line break or a space ("HR-\nprocesser").
                    p.push_str(&regex::escape(core).replace("\\-", "-\\s*"));
                    let last_is_letter = core.chars().next_back().is_some_and(char::is_alphabetic);
                    if tail_wild {
                        p.push_str(r"[\p{L}\p{N}_-]*");
                    } else if last_is_letter {
                        p.push_str(INFLECTION);
                    }
                    if i + 1 == words.len() {
                        end_boundary = !tail_wild
                            && core
                                .chars()
                                .next_back()
                                .is_some_and(|c| c.is_alphanumeric());
                    }
                    parts.push(p);
                }
                (parts.join(r"\s+"), end_boundary, starts_mid)
            };
        let lead = if starts_mid_word {
            String::new()
        } else {
            format!("(?:^|{NOT_WORD})")
        };
        let pattern = format!("(?i){lead}({body})");
        let regex = Regex::new(&pattern).map_err(|e| format!("term '{term}': {e}"))?;
        Ok(CompiledTerm {
            source: term.to_owned(),
            regex,
            needs_end_boundary,
        })
    }

    /// All matches in `text` as byte ranges of the term itself.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        self.regex.captures_iter(text).filter_map(move |c| {
            let m = c.get(1)?;
            if self.needs_end_boundary
                && text[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
            {
                return None;
            }
            Some((m.start(), m.end()))
        })
    }

    /// Whether the term occurs anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(term: &str, text: &str) -> Vec<String> {
        let t = CompiledTerm::new(term).expect("valid term");
        t.find_iter(text)
            .map(|(s, e)| text[s..e].to_owned())
            .collect()
    }

    #[test]
    fn words_match_inflections_but_not_other_words() {
        assert_eq!(found("barn", "Barnen och barns rätt"), ["Barnen", "barns"]);
        assert!(found("barn", "barnomsorg").is_empty());
        assert!(found("kön", "könsstympning").is_empty());
        assert_eq!(found("kön", "oberoende av kön."), ["kön"]);
    }

    #[test]
    fn stars_match_compounds() {
        assert_eq!(found("heder*", "hedersförtrycket"), ["hedersförtrycket"]);
        assert_eq!(
            found("människohandel*", "Människohandelsgruppen inom polisen"),
            ["Människohandelsgruppen"]
        );
        assert_eq!(
            found("*kvinnofrid*", "kvinnofridsnätverk"),
            ["kvinnofridsnätverk"]
        );
        assert_eq!(
            found("*våld", "Partnervåld och våld"),
            ["Partnervåld", "våld"]
        );
        assert_eq!(found("våldsutövar*", "våldsutövarna"), ["våldsutövarna"]);
    }

    #[test]
    fn phrases_span_line_breaks() {
        assert_eq!(
            found("våld i nära relation*", "om våld i nära\nrelationer."),
            ["våld i nära\nrelationer"]
        );
    }

    #[test]
    fn raw_regex_terms_and_errors() {
        assert_eq!(
            found(
                "re:kvinnor med (?:\\w+ )?beroende\\w*",
                "för kvinnor med beroendeproblematik"
            ),
            ["kvinnor med beroendeproblematik"]
        );
        assert!(CompiledTerm::new("re:(unclosed").is_err());
        assert!(CompiledTerm::new("  ").is_err());
    }
}
