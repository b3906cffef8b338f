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
use std::sync::OnceLock;

/// Swedish inflection endings, longest first so the greedy choice is the whole word.
const INFLECTION: &str = "(?:arnas|ernas|arna|erna|ares|ande|ende|ens|ets|ans|ars|ers|nas|rna|ts|ns|an|ar|as|en|er|et|na|a|e|n|r|s|t)?";
/// Letters of the Latin scripts (Swedish, and the glyphs OCR puts in their
/// place), digits and underscore. A small class compiles fast; `\p{L}` made
/// loading the taxonomy take a second, too slow for `plancov classify`.
const WORD: &str = r"[0-9A-Za-z_\u{00C0}-\u{00D6}\u{00D8}-\u{00F6}\u{00F8}-\u{024F}]";
const NOT_WORD: &str = r"[^0-9A-Za-z_\u{00C0}-\u{00D6}\u{00D8}-\u{00F6}\u{00F8}-\u{024F}]";
const WORD_OR_HYPHEN: &str = r"[0-9A-Za-z_\u{00C0}-\u{00D6}\u{00D8}-\u{00F6}\u{00F8}-\u{024F}-]*";

/// `(?i)NOT_WORD` on its own. Case-insensitive, the class takes in the case
/// variants of its letters (`Å` the Ångström sign, `K` the Kelvin sign)
/// before it is negated, so it is not quite `!WORD`.
fn not_word() -> Option<&'static Regex> {
    static NOT_WORD_RE: OnceLock<Option<Regex>> = OnceLock::new();
    NOT_WORD_RE
        .get_or_init(|| Regex::new(&format!("(?i){NOT_WORD}")).ok())
        .as_ref()
}

/// One compiled term: the regex and whether a word boundary must follow a match.
/// A term ready to match: its pattern is checked when the taxonomy loads and
/// compiled on first use, and a literal that every match must contain lets a
/// text without it skip the regex altogether. Compiling all of a taxonomy's
/// regexes up front took most of `plancov classify`'s start-up.
#[derive(Debug)]
pub struct CompiledTerm {
    pub source: String,
    pattern: String,
    regex: OnceLock<Option<Regex>>,
    /// For a word term, the pattern of the term alone: no leading boundary,
    /// no group. Its literal start lets the regex skip through the text, where
    /// `pattern`, starting with a class of nearly every character, is scanned
    /// character by character; [`CompiledTerm::find_iter`] checks the boundary.
    bare: Option<(String, OnceLock<Option<Regex>>)>,
    /// Lower-case text every match contains, if one is known.
    literal: Option<String>,
    needs_end_boundary: bool,
    /// For such a term, the body with its end boundary (group 1 the term).
    bounded_tail: Option<(String, OnceLock<Option<Regex>>)>,
    /// No boundary before a match (the term starts with `*`).
    starts_mid_word: bool,
}

/// The longest run of letters that every match of `body` must contain: top
/// level of the pattern, not inside a group, class or before a quantifier
/// that makes it optional; none if the pattern has a top-level alternation.
fn required_literal(body: &str) -> Option<String> {
    let chars: Vec<char> = body.chars().collect();
    let mut depth = 0i32;
    let mut in_class = false;
    let mut best = String::new();
    let mut run = String::new();
    let mut i = 0;
    let flush = |run: &mut String, best: &mut String, optional: bool| {
        if !optional && run.chars().count() > best.chars().count() {
            *best = run.clone();
        }
        run.clear();
    };
    while i < chars.len() {
        let c = chars[i];
        if in_class {
            if c == '\\' {
                i += 1;
            } else if c == ']' {
                in_class = false;
            }
            i += 1;
            continue;
        }
        match c {
            '\\' => {
                flush(&mut run, &mut best, false);
                i += 1;
            }
            '[' => {
                flush(&mut run, &mut best, false);
                in_class = true;
            }
            '(' => {
                flush(&mut run, &mut best, false);
                depth += 1;
            }
            ')' => depth -= 1,
            '|' if depth == 0 => return None,
            '?' | '*' | '{' => {
                // The letter before a quantifier is optional.
                run.pop();
                flush(&mut run, &mut best, false);
            }
            c if depth == 0 && c.is_alphabetic() => run.extend(c.to_lowercase()),
            _ => flush(&mut run, &mut best, false),
        }
        i += 1;
    }
    flush(&mut run, &mut best, false);
    (best.chars().count() >= 2).then_some(best)
}

/// What is wrong with a taxonomy term. The pattern parser's error is kept
/// (`error`) and, being part of the message, not repeated as a source.
#[derive(Debug, thiserror::Error)]
pub enum TermError {
    #[error("empty term")]
    Empty,
    #[error("word '{0}' has no letters")]
    NoLetters(String),
    #[error("term '{term}': {error}")]
    Pattern {
        term: String,
        error: Box<regex_syntax::Error>,
    },
}

/// A space in a `re:` pattern, outside a character class, stands for any
/// white space, as between the words of a word term: a phrase the plan
/// wrapped over two lines (`som\nutsätts för våld`) still matches. A space
/// under a quantifier (` ?`) becomes one white-space character.
fn spaces_span_lines(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            ' ' if !in_class => {
                let quantified = chars
                    .peek()
                    .is_some_and(|n| matches!(n, '?' | '*' | '+' | '{'));
                out.push_str(if quantified { r"\s" } else { r"\s+" });
            }
            _ => out.push(c),
        }
    }
    out
}

impl CompiledTerm {
    /// Compile a taxonomy term, or say what is wrong with it.
    pub fn new(term: &str) -> Result<Self, TermError> {
        let term = term.trim();
        if term.is_empty() {
            return Err(TermError::Empty);
        }
        let (body, needs_end_boundary, starts_mid_word) =
            if let Some(raw) = term.strip_prefix("re:") {
                // `\w` is the same small class as the word boundaries.
                (spaces_span_lines(raw).replace("\\w", WORD), true, false)
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
                        return Err(TermError::NoLetters((*w).to_owned()));
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
                        p.push_str(WORD_OR_HYPHEN);
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
        // A `re:` pattern carries its end boundary, so an alternative that
        // stops inside a word gives way to a longer one (`(?:våld|
        // våldsutsatthet)` on "våldsutsatthet"); a word term's inflections
        // are tried longest first, so it needs no such help.
        let end_in_pattern = term.starts_with("re:") && needs_end_boundary;
        let tail = if end_in_pattern {
            format!("(?:{NOT_WORD}|$)")
        } else {
            String::new()
        };
        let pattern = format!("(?i){lead}({body}){tail}");
        // A word term is escaped text between fixed fragments, valid by
        // construction (a test parses every shipped term); only `re:`
        // patterns, written by hand, need checking here. Parsing all ~900
        // terms took half of `plancov classify`'s start-up.
        let mut never_empty = true;
        if term.starts_with("re:") {
            let hir =
                regex_syntax::Parser::new()
                    .parse(&pattern)
                    .map_err(|e| TermError::Pattern {
                        term: term.to_owned(),
                        error: Box::new(e),
                    })?;
            // The lead may be empty (`^`): the pattern's least length is the body's.
            never_empty = hir.properties().minimum_len().is_some_and(|n| n > 0);
        }
        // Matched without the leading boundary, then checked for it: word
        // terms, and `re:` patterns that cannot match empty text (an empty
        // match would not move the search on). Assertions in a pattern see
        // the same text around them either way.
        let bare = never_empty.then(|| (format!("(?i){body}"), OnceLock::new()));
        // The same with its end boundary, tried only where the body alone
        // stopped inside a word (rare): captures cost several finds.
        let bounded_tail = end_in_pattern.then(|| (format!("(?i)({body}){tail}"), OnceLock::new()));
        let literal = if term.starts_with("re:") {
            required_literal(&body)
        } else {
            term.split(|c: char| !c.is_alphabetic())
                .max_by_key(|w| w.chars().count())
                .filter(|w| w.chars().count() >= 2)
                .map(str::to_lowercase)
        };
        Ok(CompiledTerm {
            source: term.to_owned(),
            pattern,
            regex: OnceLock::new(),
            literal,
            needs_end_boundary,
            bounded_tail,
            bare,
            starts_mid_word,
        })
    }

    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| Regex::new(&self.pattern).ok())
            .as_ref()
    }

    /// The lower-case text every match contains, if one is known.
    pub fn literal(&self) -> Option<&str> {
        self.literal.as_deref()
    }

    /// Whether `lower` (the text in lower case) may hold a match at all.
    pub fn may_match(&self, lower: &str) -> bool {
        self.literal.as_deref().is_none_or(|l| lower.contains(l))
    }

    /// All matches in `text` as byte ranges of the term itself.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> Box<dyn Iterator<Item = (usize, usize)> + 't> {
        if let Some((p, cell)) = &self.bare
            && let Some(bare) = cell.get_or_init(|| Regex::new(p).ok())
        {
            return Box::new(self.find_bare(bare, text).into_iter());
        }
        Box::new(
            self.regex()
                .into_iter()
                .flat_map(move |r| r.captures_iter(text))
                .filter_map(move |c| {
                    let m = c.get(1)?;
                    (!self.cut_at_end(text, m.end())).then_some((m.start(), m.end()))
                }),
        )
    }

    /// Whether a match ending at `end` runs on into a word (and so is none).
    fn cut_at_end(&self, text: &str, end: usize) -> bool {
        self.needs_end_boundary
            && text[end..]
                .chars()
                .next()
                .is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
    }

    /// The matches of `(?i)(?:^|NOT_WORD)(body)` found with `bare`, the body
    /// alone: the same matches, in the same order. A body found where no
    /// boundary precedes it is passed over, and the search goes on after the
    /// next boundary character (no start before it can follow one); the
    /// boundary before a match cannot be a character of the previous match,
    /// which that pattern would have consumed.
    fn find_bare(&self, bare: &Regex, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let Some(boundary) = not_word() else {
            return out;
        };
        // Where the next search starts, and where the previous match ended.
        let (mut at, mut floor) = (0, 0);
        let tail = self
            .bounded_tail
            .as_ref()
            .and_then(|(p, cell)| cell.get_or_init(|| Regex::new(p).ok()).as_ref());
        // The body alone finds a match; where it stops inside a word, the
        // pattern with its boundary may still match a longer alternative
        // from the same start.
        let next = |at: usize| {
            let m = bare.find_at(text, at)?;
            if !self.cut_at_end(text, m.end()) {
                return Some((m.start(), m.end()));
            }
            let longer = tail
                .and_then(|t| t.captures_at(text, m.start()))
                .and_then(|c| c.get(1))
                .filter(|g| g.start() == m.start());
            Some(longer.map_or((m.start(), m.end()), |g| (g.start(), g.end())))
        };
        while let Some((s, end)) = next(at) {
            if !self.starts_mid_word && s > 0 {
                let before = text[..s].chars().next_back().map_or(0, char::len_utf8);
                // The class matches one character: the one before `s`, alone.
                let bounded = s - before >= floor && boundary.is_match(&text[s - before..s]);
                if !bounded {
                    match boundary.find_at(text, s) {
                        Some(b) => at = b.end(),
                        None => break,
                    }
                    continue;
                }
            }
            if !self.cut_at_end(text, end) {
                out.push((s, end));
            }
            (at, floor) = (end, end);
        }
        out
    }

    /// Matches in `text`, skipping the regex when `lower` (the same text in
    /// lower case) lacks the term's literal.
    pub fn find_in<'t>(&'t self, text: &'t str, lower: &str) -> Vec<(usize, usize)> {
        if !self.may_match(lower) {
            return Vec::new();
        }
        self.find_iter(text).collect()
    }

    /// Whether the term occurs anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matches of the full pattern, boundary included, scanned as before.
    fn scanned(t: &CompiledTerm, text: &str) -> Vec<(usize, usize)> {
        let r = Regex::new(&t.pattern).expect("pattern");
        r.captures_iter(text)
            .filter_map(|c| {
                let m = c.get(1)?;
                (!t.cut_at_end(text, m.end())).then_some((m.start(), m.end()))
            })
            .collect()
    }

    #[test]
    fn bare_search_finds_what_the_bounded_pattern_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let tax = crate::taxonomy::Taxonomy::load(&root.join(crate::taxonomy::DEFAULT_TAXONOMY))
            .expect("taxonomy");
        // The plans, and OCR-damaged texts (odd letters beside words).
        let mut texts: Vec<String> = ["corpus/plans", "fixtures/scanned", "fixtures/heldout"]
            .iter()
            .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        assert!(texts.len() > 5, "{} texts", texts.len());
        texts.push(
            "barn barn\u{212B}barn ombarn xbarn-barn våld våldvåld \u{212A}våld ẞvåld \
             våld i nära relation relation relationer. Våld i nära\nrelationer,,våld"
                .into(),
        );
        // Long words a match starts inside of, then runs to the end of.
        texts.push(format!("x{}", "heder".repeat(40_000)));
        texts.push(format!("x{} våld", "våldsutövare".repeat(20_000)));
        let started = std::time::Instant::now();
        let mut terms = 0;
        for t in &tax.terms {
            if t.bare.is_none() {
                continue;
            }
            terms += 1;
            for text in &texts {
                assert_eq!(
                    t.find_iter(text).collect::<Vec<_>>(),
                    scanned(t, text),
                    "term {}",
                    t.source
                );
            }
        }
        assert!(terms > 50, "{terms} word terms");
        assert!(
            started.elapsed().as_secs() < 60,
            "no quadratic search: {:?}",
            started.elapsed()
        );
    }

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
    fn raw_regex_spaces_span_line_breaks_too() {
        assert_eq!(
            found(
                "re:som (?:har )?utsätts för",
                "kvinnor som\nutsätts för våld"
            ),
            ["som\nutsätts för"]
        );
        // Not inside a class, and one character under a quantifier.
        assert_eq!(found("re:a[ ]b", "a b a\nb"), ["a b"]);
        assert_eq!(found("re:ab ?c", "abc ab c"), ["abc", "ab c"]);
    }

    #[test]
    fn a_raw_alternative_that_stops_inside_a_word_gives_way_to_a_longer_one() {
        assert_eq!(
            found(
                "re:frågor om (?:våld|våldsutsatthet)",
                "Frågor om våldsutsatthet i mallen"
            ),
            ["Frågor om våldsutsatthet"]
        );
        assert_eq!(
            found("re:om (?:våld|våldet)", "om våldet, om våld"),
            ["om våldet", "om våld"]
        );
        // Back to back, one space apart: the space is each match's boundary.
        assert_eq!(found("re:våld", "våld våld"), ["våld", "våld"]);
    }

    #[test]
    fn literals_every_match_must_contain() {
        assert_eq!(
            required_literal("kvinnor (?:med|i) beroende"),
            Some("beroende".into())
        );
        assert_eq!(
            required_literal("(?:fråga|frågor) om våld"),
            Some("våld".into())
        );
        assert_eq!(required_literal("barn|unga"), None);
        assert_eq!(required_literal("relations?våld"), Some("relation".into()));
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

#[cfg(test)]
mod shipped_terms {
    /// Word terms are not parsed when a taxonomy loads (they are valid by
    /// construction); this holds that for every term of the shipped taxonomy.
    #[test]
    fn every_shipped_term_compiles() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/taxonomy/fri-fran-vald-2022-2026.json");
        let tax = crate::taxonomy::Taxonomy::load(&path).expect("shipped taxonomy loads");
        assert!(tax.terms.len() > 100);
        for t in &tax.terms {
            assert!(regex::Regex::new(&t.pattern).is_ok(), "{}", t.source);
            if let Some((bare, _)) = &t.bare {
                assert!(regex::Regex::new(bare).is_ok(), "{}", t.source);
            }
        }
    }
}
