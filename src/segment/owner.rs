//! Who owns a plan: the department or company, found in the text.
//!
//! Mentions of each known owner (taxonomy `owners`, their aliases) are found
//! with tolerance for OCR damage and scored: an ownership phrase ("ASF:s
//! handlingsplan") weighs most, a mention as the subject of a sentence next,
//! other mentions little. The coordinating department (ASF) is named in every
//! plan, so only ownership phrases count for it. Mentions inside city-wide
//! activities never count. The file name is the fallback.

use crate::taxonomy::{Owner, Taxonomy};
use crate::text::fold;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OwnerGuess {
    pub name: String,
    /// The owner is one of the taxonomy's owners.
    pub known: bool,
    /// Where the name came from: "text" or "filnamn".
    pub source: &'static str,
    pub score: f32,
}

/// A word of the folded text: its char range in the folded text and byte range in the text.
struct Token {
    folded: String,
    bytes: Range<usize>,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '-' || c == ':' {
            if cur.is_empty() {
                start = i;
            }
            cur.push(crate::text::fold_char(c));
        } else if !cur.is_empty() {
            out.push(Token {
                folded: std::mem::take(&mut cur),
                bytes: start..i,
            });
        }
    }
    if !cur.is_empty() {
        out.push(Token {
            folded: cur,
            bytes: start..text.len(),
        });
    }
    out
}

fn alias_tokens(alias: &str) -> Vec<String> {
    tokens(alias).into_iter().map(|t| t.folded).collect()
}

/// Whether text word `a` (`la` chars) is alias word `b` (`lb` chars), allowing
/// for OCR damage in long words.
fn similar_counted(a: &str, la: usize, b: &str, lb: usize) -> bool {
    if a == b {
        return true;
    }
    if la.abs_diff(lb) > 3 || la < 4 || lb < 4 {
        return false;
    }
    if la < 8 {
        // Short words: one damaged letter, never the first.
        return a.chars().next() == b.chars().next() && strsim::levenshtein(a, b) <= 1;
    }
    strsim::normalized_levenshtein(a, b) >= 0.8
}

/// A word and its length in chars.
type Counted<'t> = (&'t str, usize);

/// The text's words as compared with aliases: each distinct word once, with
/// its length, so a word that recurs is matched against an alias word once.
struct Words<'t> {
    /// Per token, its word's index in `distinct`.
    ids: Vec<usize>,
    /// The word (`:`, `:s` cut off), its length in chars, and the word less a
    /// final `s` with its length, if it ends in `s`.
    distinct: Vec<(&'t str, usize, Option<Counted<'t>>)>,
    /// Per alias word met so far, whether each distinct word is it.
    rows: Vec<Vec<bool>>,
    /// Alias word → its row.
    row_of: std::collections::HashMap<String, usize>,
}

impl<'t> Words<'t> {
    fn new(toks: &'t [Token]) -> Self {
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut distinct = Vec::new();
        let ids = toks
            .iter()
            .map(|tok| {
                let t = tok.folded.trim_end_matches(':');
                let t = t.strip_suffix(":s").unwrap_or(t);
                *index.entry(t).or_insert_with(|| {
                    let n = t.chars().count();
                    let less_s = t.strip_suffix('s').map(|x| (x, n - 1));
                    distinct.push((t, n, less_s));
                    distinct.len() - 1
                })
            })
            .collect();
        Words {
            ids,
            distinct,
            rows: Vec::new(),
            row_of: std::collections::HashMap::new(),
        }
    }

    /// The row of alias word `a`: per distinct word, whether it is `a`. A
    /// genitive -s is still the owner ("ASF:s", "förvaltningens").
    fn row(&mut self, a: &str) -> usize {
        if let Some(&r) = self.row_of.get(a) {
            return r;
        }
        let la = a.chars().count();
        let row = self
            .distinct
            .iter()
            .map(|&(t, n, less_s)| {
                similar_counted(t, n, a, la)
                    || less_s.is_some_and(|(t, n)| similar_counted(t, n, a, la))
            })
            .collect();
        self.rows.push(row);
        self.row_of.insert(a.to_owned(), self.rows.len() - 1);
        self.rows.len() - 1
    }
}

/// Byte ranges in `text` where `alias` is mentioned (OCR-tolerant for long words).
fn mentions(toks: &[Token], words: &mut Words<'_>, alias: &[String]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if alias.is_empty() || toks.len() < alias.len() {
        return out;
    }
    let rows: Vec<usize> = alias.iter().map(|a| words.row(a)).collect();
    for i in 0..=toks.len() - alias.len() {
        let ok = rows
            .iter()
            .enumerate()
            .all(|(k, &r)| words.rows[r][words.ids[i + k]]);
        if ok {
            out.push(toks[i].bytes.start..toks[i + alias.len() - 1].bytes.end);
        }
    }
    out
}

/// Guess the owner of a plan. `excluded` are byte ranges (city-wide activities)
/// whose mentions do not count.
pub fn guess_owner(
    text: &str,
    taxonomy: &Taxonomy,
    excluded: &[Range<usize>],
    fallback: &str,
) -> OwnerGuess {
    let toks = tokens(text);
    let mut words = Words::new(&toks);
    let mut best: Option<(&Owner, f32)> = None;
    for owner in &taxonomy.owners {
        let mut score = 0.0f32;
        for alias in &owner.aliases {
            let at = alias_tokens(alias);
            for m in mentions(&toks, &mut words, &at) {
                if excluded.iter().any(|e| e.contains(&m.start)) {
                    continue;
                }
                let after = fold(&text[m.end..text.ceil_char_boundary(m.end + 40)]);
                let before =
                    fold(&text[text.floor_char_boundary(m.start.saturating_sub(24))..m.start]);
                let cx = &taxonomy.structure.owner_context;
                if taxonomy
                    .ownership_patterns
                    .iter()
                    .any(|p| p.is_match(&before, &after))
                {
                    score += 10.0;
                    continue;
                }
                if owner.coordinator {
                    continue;
                }
                let at_line_start = before.ends_with('\n')
                    || before.trim_end_matches([' ', '\t']).ends_with('\n')
                    || m.start == 0;
                let subject = cx.subject_after.is_match(&after);
                let partner = cx.partner_before.is_match(&before);
                score += if partner {
                    0.1
                } else if subject || at_line_start {
                    1.0
                } else {
                    0.3
                };
            }
        }
        if score > 0.0 && best.is_none_or(|(_, s)| score > s) {
            best = Some((owner, score));
        }
    }
    // A department or company named in the plan's first lines owns it, listed
    // in the taxonomy or not; a department named further in, as a partner,
    // never outweighs it (only an ownership phrase does).
    if let Some(name) = title_owner(text, taxonomy)
        && best.is_none_or(|(_, s)| s < 10.0)
    {
        let f = fold(&name);
        return match taxonomy
            .owners
            .iter()
            .find(|o| o.aliases.iter().any(|a| fold(a) == f))
        {
            Some(o) => OwnerGuess {
                name: o.name.clone(),
                known: true,
                source: "text",
                score: 10.0,
            },
            None => OwnerGuess {
                name,
                known: false,
                source: "text",
                score: 10.0,
            },
        };
    }
    match best {
        Some((owner, score)) if score >= 1.0 => OwnerGuess {
            name: owner.name.clone(),
            known: true,
            source: "text",
            score,
        },
        _ => OwnerGuess {
            name: fallback.to_owned(),
            known: false,
            source: "filnamn",
            score: 0.0,
        },
    }
}

/// Lines of a plan's head searched for its owner's name.
const TITLE_LINES: usize = 8;

/// The department or company a plan's first lines name (taxonomy
/// `structure.owner_name`), if any: a name with a capital, not a bare
/// "Förvaltningen".
fn title_owner(text: &str, taxonomy: &Taxonomy) -> Option<String> {
    let patterns = &taxonomy.structure.owner_name;
    let generic_names = &taxonomy.structure.owner_context.generic_names;
    let named = |l: &str| {
        patterns.iter().find_map(|r| {
            let name = r.captures(l)?.name("name")?.as_str().trim();
            let generic = generic_names.contains(&fold(name));
            (name.chars().next().is_some_and(char::is_uppercase) && !generic)
                .then(|| as_written_elsewhere(text, name))
        })
    };
    let lines = || text.lines().map(str::trim).filter(|l| !l.is_empty());
    if let Some(name) = lines().take(TITLE_LINES).find_map(named) {
        return Some(name);
    }
    // A plan sent as a letter names its sender under the closing greeting
    // of its own text (not of a message it quotes, `> …`).
    let signature = &taxonomy.structure.signature;
    lines()
        .filter(|l| !l.starts_with('>'))
        .skip_while(|l| !signature.iter().any(|r| r.is_match(&fold(l))))
        .skip(1)
        .take(SIGNATURE_LINES)
        .find_map(named)
}

/// Lines under a closing greeting searched for the sender's name.
const SIGNATURE_LINES: usize = 6;

/// A name a title sets in capitals ("COPENHAGEN MALMÖ PORT AB"), as the
/// text writes it elsewhere in mixed case, if it does.
fn as_written_elsewhere(text: &str, name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    // Compared folded, so a title whose å/ä/ö OCR lost still finds it.
    let want = fold(name);
    let n = name.chars().count();
    text.char_indices()
        .filter(|(_, c)| c.is_uppercase())
        .filter_map(|(i, _)| {
            let end = text[i..]
                .char_indices()
                .nth(n)
                .map_or(text.len(), |(j, _)| i + j);
            text.get(i..end)
        })
        .find(|t| t.chars().any(char::is_lowercase) && fold(t) == want)
        .map_or_else(|| name.to_owned(), str::to_owned)
}
