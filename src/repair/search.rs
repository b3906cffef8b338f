//! Candidate words for an OCR-damaged token: a weighted edit search through
//! the lexicon's trie.
//!
//! The weights are a confusion model of what Latin-only OCR does to Swedish:
//! å/ä/ö read as a, i, d, é, 6, 4 (`f6r`, `Hilsa`, `vdld`, `stéd`, `4r`), glyphs
//! merged or split (`rn`/`m`, `ii`/`ä`, `li`/`h`, `tl`/`ll`), letters dropped
//! (`fr` for `för`). Cheap edits are the common confusions; any other edit is
//! dear, so a token is only changed into a word that OCR could plausibly have
//! damaged into it. Compounds are built from parts the lexicon allows to
//! begin, continue and end a compound (`omsorgs` + `förvaltningen`).

use super::lexicon::{Entry, FLAG_BEGIN, FLAG_END, FLAG_MIDDLE, FLAG_WORD, Lexicon, Range};

/// What a token char may have been, and what reading it so costs.
fn substitutions(t: char) -> &'static [(char, f32)] {
    match t {
        'a' => &[('å', 0.45), ('ä', 0.55), ('u', 1.2)],
        'i' => &[('ä', 0.9), ('l', 0.9), ('t', 1.0), ('å', 1.1), ('ö', 1.2)],
        'l' => &[('i', 0.9)],
        'd' => &[('ä', 1.0), ('å', 1.0), ('ö', 1.0)],
        'b' => &[('h', 1.0)],
        'é' => &[('ö', 0.3), ('e', 0.5), ('å', 0.8), ('ä', 0.8)],
        'è' | 'ê' => &[('ä', 0.5), ('e', 0.5)],
        'ó' | 'ò' | 'ô' | 'õ' => &[('ö', 0.3)],
        'o' => &[('ö', 0.6)],
        '6' => &[('ö', 0.2), ('o', 0.5)],
        '0' => &[('ö', 0.6), ('o', 0.6)],
        '4' => &[('ä', 0.4), ('å', 0.6)],
        '3' => &[('å', 0.8)],
        '£' => &[('f', 0.2)],
        '|' => &[('i', 0.3), ('l', 0.5)],
        '1' => &[('i', 0.4), ('l', 0.6)],
        't' => &[('f', 1.0), ('l', 1.0)],
        'f' => &[('t', 1.2)],
        'g' => &[('ö', 1.0)],
        'u' => &[('a', 1.0), ('ä', 1.2)],
        'y' => &[('v', 1.0)],
        'e' => &[('ö', 1.2), ('ä', 1.2)],
        'c' => &[('e', 1.0)],
        'n' => &[('h', 1.2)],
        'h' => &[('n', 1.0)],
        'á' | 'à' | 'â' | 'ã' => &[('å', 0.3), ('ä', 0.5)],
        'ü' | 'û' => &[('ä', 0.5), ('ö', 0.8)],
        '5' => &[('s', 0.8)],
        // Swedish OCR of a poor scan mistakes one Swedish letter for another
        // or for its plain vowel (`väld`, `skå`, `bölag`); Latin OCR never
        // writes these letters, so these weights are the Swedish OCR's alone.
        'ä' => &[('å', 0.4), ('a', 0.6)],
        'å' => &[('a', 0.5), ('ä', 0.5)],
        'ö' => &[('o', 0.5)],
        _ => &[],
    }
}

/// Several token chars read for other lexicon chars.
const MULTI: &[(&[char], &[char], f32)] = &[
    (&['i', 'i'], &['ä'], 0.7),
    (&['i', 'i'], &['å'], 1.1),
    (&['i', 'a'], &['ä'], 0.8),
    (&['i', 'a'], &['å'], 0.8),
    (&['i', 'l'], &['å'], 1.0),
    (&['é', 'i'], &['ä'], 0.7),
    (&['i', 'é'], &['ä'], 0.7),
    (&['d', 'i'], &['ä'], 1.4),
    (&['m'], &['r', 'n'], 0.8),
    (&['r', 'n'], &['m'], 0.8),
    (&['h'], &['l', 'i'], 1.2),
    (&['l', 'i'], &['h'], 1.2),
    (&['t', 'l'], &['l', 'l'], 1.2),
    (&['t', 'i'], &['ä'], 1.2),
    (&['c', 'i'], &['ä'], 1.2),
    (&['a', 'i'], &['å', 'l'], 0.9),
    (&['i', 'i'], &['ä', 'l'], 1.0),
    (&['l', 'i'], &['m'], 1.2),
    (&['i', 'n'], &['m'], 1.0),
    (&['u', 'n'], &['m'], 1.0),
    (&['n', 'i'], &['m'], 1.0),
    (&['a', 't'], &['å', 'l'], 1.1),
    (&['u'], &['t', 'i'], 1.2),
];

// `Search::multi_at` holds the confusions of a position as bits of a u32.
const _: () = assert!(MULTI.len() <= 32);

/// A stray `i` OCR added just after an å (its ring read as a letter: `valid` for `våld`).
const STRAY_I: f32 = 1.2;

/// Real words OCR may have made from another: every variant of `token`
/// reached by at most two cheap confusions (vald → våld, for → för, ar → år)
/// or an å read as `a` plus a stray `i` (valid → våld), found by looking the
/// variants up, not by searching.
pub fn real_word_alternatives(lex: &Lexicon, token: &[char], budget: f32) -> Vec<Candidate> {
    let mut out = Vec::new();
    // Only what Latin-only OCR does to a word without making it unreadable:
    // a Swedish letter lost (vald/våld) or a glyph for a letter (1/i). Other
    // confusions (t/l) between two real words are not worth the guess.
    let swedish = |c: char| matches!(c, 'å' | 'ä' | 'ö');
    // A Swedish letter as written is left as it is: Latin OCR never writes
    // one, and a real word Swedish OCR wrote is taken as read.
    let subs = |t: char| {
        substitutions(t)
            .iter()
            .filter(move |&&(c, _)| (swedish(c) || !t.is_alphabetic()) && !swedish(t))
    };
    let positions: Vec<usize> = (0..token.len())
        .filter(|&i| subs(token[i]).next().is_some())
        .collect();
    let mut word: Vec<char> = token.to_vec();
    let mut push = |w: &[char], cost: f32| {
        if let Some(e) = lex.get_chars(w)
            && e.flags & FLAG_WORD != 0
            && w != token
        {
            out.push(Candidate::listed(w.iter().collect(), cost, e));
        }
    };
    for (k, &i) in positions.iter().enumerate() {
        for &(c1, w1) in subs(token[i]) {
            if w1 > budget {
                continue;
            }
            word[i] = c1;
            push(&word, w1);
            for &j in &positions[k + 1..] {
                for &(c2, w2) in subs(token[j]) {
                    if w1 + w2 <= budget {
                        word[j] = c2;
                        push(&word, w1 + w2);
                        word[j] = token[j];
                    }
                }
            }
            word[i] = token[i];
        }
    }
    // The ring of å read as a stray i beside it (`valid` for `våld`).
    for (k, &c) in token.iter().enumerate() {
        if c != 'a' {
            continue;
        }
        for skip in [k + 1, k + 2] {
            if token.get(skip) == Some(&'i') && skip + 1 < token.len() {
                let mut w: Vec<char> = token.to_vec();
                w.remove(skip);
                w[k] = 'å';
                push(&w, STRAY_I + 0.6);
            }
        }
    }
    // One of the commonest words with a plain confusion or a letter read
    // once for two (`tilt` for `till`, `at` for `att`, `bur` for `hur`):
    // worth the guess only for words so frequent, against a word OCR left
    // so rare, that the word as read is far the less likely reading.
    let own = lex.get_chars(token).map_or(0.0, |e| e.zipf);
    // `word` is the token again; `longer` the token with a letter doubled.
    let mut longer = Vec::with_capacity(token.len() + 1);
    for i in 0..token.len() {
        let plain = substitutions(token[i]).iter().chain(if token[i] == 'l' {
            &[('t', 1.0)][..]
        } else {
            &[]
        });
        for &(c, w) in plain {
            if token[i].is_alphabetic() && !swedish(c) && !swedish(token[i]) && w <= budget {
                word[i] = c;
                push_common(&mut out, lex, own, &word, w);
                word[i] = token[i];
            }
        }
        if token[i].is_alphabetic() && token.get(i + 1) != Some(&token[i]) {
            longer.clear();
            longer.extend_from_slice(&token[..=i]);
            longer.extend_from_slice(&token[i..]);
            push_common(&mut out, lex, own, &longer, DOUBLED);
        }
    }
    out
}

/// How frequent (Zipf) a word must be to be read for a real word through
/// a confusion that adds no Swedish letter.
const COMMON_WORD: f32 = 6.0;
/// How much more frequent (Zipf, less 0.3 per unit of edit cost) that word
/// must be than the word OCR left.
const COMMON_MARGIN: f32 = 2.0;

fn push_common(out: &mut Vec<Candidate>, lex: &Lexicon, own: f32, w: &[char], cost: f32) {
    if let Some(e) = lex.get_chars(w)
        && e.flags & FLAG_WORD != 0
        && e.zipf >= COMMON_WORD
        && e.zipf - own - 0.3 * cost >= COMMON_MARGIN
    {
        out.push(Candidate::listed(w.iter().collect(), cost, e));
    }
}

const INSERT_SWEDISH: f32 = 1.0;
const GENERIC_SUB: f32 = 2.0;
/// The least Zipf frequency of a word reached by a general edit (outside the
/// confusion model) that is believed when it is not a domain word.
pub const GENERAL_MIN_ZIPF: f32 = 3.0;
const GENERIC_DEL: f32 = 1.8;
const COMPOUND_JOIN: f32 = 0.4;
const DOUBLED: f32 = 0.8;

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub word: String,
    pub cost: f32,
    /// Zipf frequency of the word (of its last part for compounds).
    pub zipf: f32,
    pub parts: u8,
    pub domain: bool,
}

impl Candidate {
    /// A reading that is the listed word `word` (its entry `e`) at `cost`.
    pub fn listed(word: String, cost: f32, e: Entry) -> Candidate {
        Candidate {
            word,
            cost,
            zipf: e.zipf,
            parts: 0,
            domain: e.flags & super::lexicon::FLAG_DOMAIN != 0,
        }
    }
}

struct Search<'a> {
    lex: &'a Lexicon,
    token: &'a [char],
    budget: f32,
    out: Vec<Candidate>,
    steps: usize,
    /// Token positions where an edit outside the confusion model may be made.
    generic: std::ops::Range<usize>,
    /// For each token position, the bit set of the [`MULTI`] confusions whose
    /// token side starts there.
    multi_at: Vec<u32>,
    /// Looking for the first part of a compound ("samhälls-" in "samhälls-
    /// och"), not a whole word.
    part: bool,
    /// Whether compounds of lexicon parts are built.
    compounds: bool,
    /// Edits outside the confusion model on the path being walked. Such an
    /// edit and a compound boundary go together only in a compound whose
    /// first part is a domain word: the repair believes no other general
    /// edit of a compound, so the search does not build them.
    general: u8,
}

/// Words the lexicon holds within `budget` edits of `token` (lower case).
/// `generic` allows edits outside the confusion model (for longer tokens).
pub fn candidates(lex: &Lexicon, token: &[char], budget: f32, generic: bool) -> Vec<Candidate> {
    let anywhere = if generic { 0..token.len() } else { 0..0 };
    search(lex, token, budget, anywhere, false, true)
}

/// Like [`candidates`], but listed words only, no compounds built, and
/// edits outside the confusion model only at the token positions `generic`:
/// a much smaller search, for readings that must be a word of the lexicon.
pub fn listed_candidates(
    lex: &Lexicon,
    token: &[char],
    budget: f32,
    generic: std::ops::Range<usize>,
) -> Vec<Candidate> {
    search(lex, token, budget, generic, false, false)
}

/// Like [`candidates`], but for a compound's first part written before a
/// hanging hyphen ("samhälls- och"): parts that may begin a compound.
pub fn part_candidates(lex: &Lexicon, token: &[char], budget: f32) -> Vec<Candidate> {
    search(lex, token, budget, 0..0, true, true)
}

fn search(
    lex: &Lexicon,
    token: &[char],
    budget: f32,
    generic: std::ops::Range<usize>,
    part: bool,
    compounds: bool,
) -> Vec<Candidate> {
    let mut s = Search {
        lex,
        token,
        budget,
        out: Vec::new(),
        steps: 0,
        generic,
        part,
        compounds,
        general: 0,
        multi_at: (0..token.len())
            .map(|i| {
                MULTI
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| token[i..].starts_with(m.0))
                    .fold(0u32, |set, (k, _)| set | 1 << k)
            })
            .collect(),
    };
    let mut built = Vec::with_capacity(token.len() + 8);
    s.walk(0, lex.root(), &mut built, 0.0, 0, None, false);
    s.out
        .sort_by(|a, b| a.word.cmp(&b.word).then(a.cost.total_cmp(&b.cost)));
    s.out.dedup_by(|a, b| a.word == b.word);
    s.out
}

impl Search<'_> {
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &mut self,
        i: usize,
        r: Range,
        built: &mut Vec<char>,
        cost: f32,
        parts: u8,
        first_part: Option<Entry>,
        just_inserted: bool,
    ) {
        self.steps += 1;
        if cost > self.budget || self.steps > 200_000 {
            return;
        }
        let lex = self.lex;
        // After a general edit only a common or a domain word is believed
        // (see `Repairer::choose`): a subtree holding neither is not walked.
        if self.general > 0 && parts == 0 {
            let below = lex.below(r);
            if below.zipf() < GENERAL_MIN_ZIPF && !below.domain {
                return;
            }
        }
        if i == self.token.len()
            && let Some(e) = lex.complete(r)
        {
            let ok = match (self.part, parts) {
                (false, 0) => e.flags & FLAG_WORD != 0,
                (false, _) => e.flags & FLAG_END != 0 && r.depth >= 2,
                (true, 0) => e.flags & FLAG_BEGIN != 0,
                (true, _) => e.flags & (FLAG_MIDDLE | FLAG_BEGIN) != 0 && r.depth >= 2,
            };
            if ok {
                let domain = e.flags & super::lexicon::FLAG_DOMAIN != 0
                    || first_part.is_some_and(|f| f.flags & super::lexicon::FLAG_DOMAIN != 0);
                self.out.push(Candidate {
                    word: built.iter().collect(),
                    cost,
                    zipf: if parts == 0 {
                        e.zipf.max(1.0)
                    } else {
                        e.zipf.min(2.0)
                    },
                    parts,
                    domain,
                });
            }
        }
        // A compound boundary: the prefix is a part that may start (or continue) one.
        if self.compounds
            && parts < 3
            && r.depth >= 3
            && self.token.len() - i >= 2
            && let Some(e) = lex.complete(r)
        {
            let flag = if parts == 0 {
                FLAG_BEGIN
            } else {
                FLAG_MIDDLE | FLAG_BEGIN
            };
            let first = first_part.or(Some(e));
            let domain_first = first.is_some_and(|f| f.flags & super::lexicon::FLAG_DOMAIN != 0);
            if e.flags & flag != 0 && (self.general == 0 || domain_first) {
                self.walk(
                    i,
                    lex.root(),
                    built,
                    cost + COMPOUND_JOIN,
                    parts + 1,
                    first,
                    false,
                );
            }
        }
        if i < self.token.len() {
            let t = self.token[i];
            let len = built.len();
            if let Some(c) = lex.child(r, t) {
                built.push(t);
                self.walk(i + 1, c, built, cost, parts, first_part, false);
                built.truncate(len);
            }
            for &(c, w) in substitutions(t) {
                if cost + w > self.budget {
                    continue;
                }
                if let Some(child) = lex.child(r, c) {
                    built.push(c);
                    self.walk(i + 1, child, built, cost + w, parts, first_part, false);
                    built.truncate(len);
                }
            }
            let mut multi = self.multi_at[i];
            while multi != 0 {
                let k = multi.trailing_zeros() as usize;
                multi &= multi - 1;
                let (from, to, w) = MULTI[k];
                if cost + w > self.budget {
                    continue;
                }
                let mut node = Some(r);
                for &c in to {
                    node = node.and_then(|n| lex.child(n, c));
                }
                if let Some(n) = node {
                    built.extend(to);
                    self.walk(i + from.len(), n, built, cost + w, parts, first_part, false);
                    built.truncate(len);
                }
            }
            let general_here = self.generic.contains(&i)
                && (parts == 0
                    || first_part.is_some_and(|f| f.flags & super::lexicon::FLAG_DOMAIN != 0));
            if general_here && cost + GENERIC_SUB <= self.budget && t.is_alphabetic() {
                self.general += 1;
                for (c, child) in lex.children(r) {
                    if c == t || substitutions(t).iter().any(|&(s, _)| s == c) {
                        continue;
                    }
                    built.push(c);
                    self.walk(
                        i + 1,
                        child,
                        built,
                        cost + GENERIC_SUB,
                        parts,
                        first_part,
                        false,
                    );
                    built.truncate(len);
                }
                self.general -= 1;
            }
            if t == 'i'
                && cost + STRAY_I <= self.budget
                && built.iter().rev().take(2).any(|&c| c == 'å')
            {
                self.walk(i + 1, r, built, cost + STRAY_I, parts, first_part, false);
            }
            let del = if i + 1 == self.token.len() {
                GENERIC_DEL + 0.2
            } else {
                GENERIC_DEL
            };
            if general_here && cost + del <= self.budget {
                self.general += 1;
                self.walk(i + 1, r, built, cost + del, parts, first_part, false);
                self.general -= 1;
            }
        }
        // A doubled letter OCR read once ("til" for "till").
        if !just_inserted
            && i > 0
            && r.depth >= 2
            && cost + DOUBLED <= self.budget
            && let Some(&prev) = built.last()
            && prev.is_alphabetic()
            && let Some(child) = lex.child(r, prev)
        {
            let len = built.len();
            built.push(prev);
            self.walk(i, child, built, cost + DOUBLED, parts, first_part, true);
            built.truncate(len);
        }
        if !just_inserted && cost + INSERT_SWEDISH <= self.budget {
            // At a word's start only ö goes missing (över, öka).
            let letters: &[char] = if r.depth > 0 {
                &['ö', 'ä', 'å']
            } else {
                &['ö']
            };
            for &c in letters {
                if let Some(child) = lex.child(r, c) {
                    let len = built.len();
                    built.push(c);
                    self.walk(
                        i,
                        child,
                        built,
                        cost + INSERT_SWEDISH,
                        parts,
                        first_part,
                        true,
                    );
                    built.truncate(len);
                }
            }
        }
    }
}

/// Whether `word` (lower case) is a word or a compound of lexicon parts, unchanged.
pub fn accepts(lex: &Lexicon, word: &str) -> bool {
    if lex.is_word(word) {
        return true;
    }
    let chars: Vec<char> = word.chars().collect();
    compound(lex, &chars, 0, lex.root(), 0)
}

/// Whether `token[i..]`, read on from the trie node `r` (inside part number
/// `parts`), ends as a compound: every part one the lexicon lets begin,
/// continue or end a compound, at most four parts.
fn compound(lex: &Lexicon, token: &[char], i: usize, r: Range, parts: u8) -> bool {
    if i == token.len() {
        return parts > 0
            && r.depth >= 2
            && lex.complete(r).is_some_and(|e| e.flags & FLAG_END != 0);
    }
    if parts < 3
        && r.depth >= 3
        && token.len() - i >= 2
        && let Some(e) = lex.complete(r)
    {
        let flag = if parts == 0 {
            FLAG_BEGIN
        } else {
            FLAG_MIDDLE | FLAG_BEGIN
        };
        if e.flags & flag != 0 && compound(lex, token, i, lex.root(), parts + 1) {
            return true;
        }
    }
    lex.child(r, token[i])
        .is_some_and(|c| compound(lex, token, i + 1, c, parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::from_tsv(
            "för\t7.15\tw\nfor\t4.94\tw\nförvaltningen\t3.4\twe\nomsorgs\t1.28\twbme\nvåld\t4.8\twe\nvald\t4.0\tw\nnära\t5.9\twe\när\t7.5\tw\når\t6.3\tw\nhälsa\t5.0\twe\nförvaltningarna\t3.0\twe\n",
            &[],
        )
    }

    fn best(l: &Lexicon, t: &str) -> Option<String> {
        let chars: Vec<char> = t.chars().collect();
        candidates(l, &chars, 3.0, true)
            .into_iter()
            .min_by(|a, b| (a.cost - 0.3 * a.zipf).total_cmp(&(b.cost - 0.3 * b.zipf)))
            .map(|c| c.word)
    }

    #[test]
    fn latin_only_ocr_damage_is_undone() {
        let l = lex();
        assert_eq!(best(&l, "f6r").as_deref(), Some("för"));
        assert_eq!(best(&l, "fr").as_deref(), Some("för"));
        assert_eq!(best(&l, "nira").as_deref(), Some("nära"));
        assert_eq!(best(&l, "hilsa").as_deref(), Some("hälsa"));
        assert_eq!(best(&l, "dr").as_deref(), Some("är"));
        assert_eq!(best(&l, "vdld").as_deref(), Some("våld"));
        assert_eq!(
            best(&l, "f6rvaliningama").as_deref(),
            Some("förvaltningarna")
        );
    }

    #[test]
    fn compounds_are_built_from_parts() {
        let l = lex();
        assert_eq!(
            best(&l, "omsorgsférvaltningen").as_deref(),
            Some("omsorgsförvaltningen")
        );
        assert!(accepts(&l, "omsorgsförvaltningen"));
        assert!(accepts(&l, "för"));
        assert!(!accepts(&l, "omsorgsförvaltning"));
        assert!(
            !accepts(&l, "förvaltningenomsorgs"),
            "omsorgs cannot follow"
        );
    }
}
