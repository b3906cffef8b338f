//! The Swedish lexicon: which words exist, how common they are, and which may
//! begin, continue or end a compound.
//!
//! In: `corpus/lexicon/sv.tsv.gz` (built by `scripts/build_lexicon.py` from
//! hunspell-sv and wordfreq; compiled into the binary) plus domain words (the
//! taxonomy's vocabulary, words of clean plans in the same batch). Out: a
//! trie of the lower-case words, walked a character at a time by the repair's
//! edit search.

use std::io::Read;
use std::sync::OnceLock;

/// The shipped lexicon, compressed.
pub static SHIPPED: &[u8] = include_bytes!("../../corpus/lexicon/sv.tsv.gz");

pub const FLAG_WORD: u8 = 1;
pub const FLAG_BEGIN: u8 = 2;
pub const FLAG_MIDDLE: u8 = 4;
pub const FLAG_END: u8 = 8;
/// Only ever written with a capital (Malmö).
pub const FLAG_PROPER: u8 = 16;
/// Domain vocabulary (taxonomy, clean plans of the batch).
pub const FLAG_DOMAIN: u8 = 32;
/// A verb (hunspell-sv marks verbs that take the över- prefix rule).
pub const FLAG_VERB: u8 = 64;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub zipf: f32,
    pub flags: u8,
}

/// The lower-case words as a trie.
///
/// Words are Latin-1 bytes (every Swedish letter, é and ü is one byte; the few
/// names with other letters are left out). Nodes are numbered in the order the
/// sorted words create them; the children of a node are contiguous in
/// `children` (sorted by byte), each one `u32` with the byte in its top 8 bits
/// and the child node below, so a step down the trie reads one node record
/// (whose set of child letters answers a step to no child at once) and
/// one word found by counting bits: two cache lines, where the search spends
/// its time. About 1.6 million nodes, 32 MB.
#[derive(Debug)]
pub struct Lexicon {
    nodes: Vec<Node>,
    /// Children of every node, grouped by parent: `byte << 24 | node`.
    children: Vec<u32>,
    entries: Vec<Entry>,
    /// The endings (eight letters or more, without a word's first two) of
    /// frequent and domain words: what a fragment of one, its start lost to
    /// OCR, reads like (`altningen` of förvaltningen).
    endings: std::collections::HashSet<Box<[u8]>>,
}

/// How frequent (Zipf) a word must be for its endings to be known as
/// fragments (see [`Lexicon::is_fragment`]).
const FRAGMENT_OF_ZIPF: f32 = 4.0;
/// The least length of a known ending: shorter ones (arliga, ingar) are
/// as often damaged words of their own (årliga, ingår).
const FRAGMENT_LETTERS: usize = 8;

/// One trie node: where its children are in `children`, how many, the
/// entry of the word ending here (`NO_ENTRY` if none), what the words
/// below it are worth (see [`Lexicon::below`]), and which letters its
/// children have (see [`letter_bit`]).
#[derive(Debug, Clone, Copy)]
struct Node {
    start: u32,
    entry: u32,
    count: u16,
    below: Below,
    /// The set of the children's bytes: bit [`letter_bit`] for each letter
    /// that has one, [`LOW_CHILD`] if a child has a byte below `a` (`-`,
    /// `:`, digits), [`HIGH_CHILD`] if one has any other byte. Most steps
    /// the search tries lead nowhere (an å inserted, a confusion that makes
    /// no prefix); this answers them without reading `children`, and most
    /// of the rest with a count of bits.
    letters: u32,
}

/// The bit of [`Node::letters`] for children with bytes below `a`.
const LOW_CHILD: u32 = 1 << 30;
/// The bit of [`Node::letters`] for children with bytes above `a` that
/// have no [`letter_bit`] (ü, è, ç, …).
const HIGH_CHILD: u32 = 1 << 31;
/// The bits of [`Node::letters`] that are letters.
const LETTER_BITS: u32 = LOW_CHILD - 1;

/// The bit of a letter in [`Node::letters`]: a–z, then ä, å, é, ö, in
/// byte order. Children are sorted by byte, so in a node without
/// [`HIGH_CHILD`] a letter's child is found after the children below `a`,
/// as many places on as there are children with lower letter bits.
fn letter_bit(b: u8) -> Option<u32> {
    match b {
        b'a'..=b'z' => Some(u32::from(b - b'a')),
        0xe4 => Some(26), // ä
        0xe5 => Some(27), // å
        0xe9 => Some(28), // é
        0xf6 => Some(29), // ö
        _ => None,
    }
}

/// The bit of [`Node::letters`] that a child with byte `b` sets.
fn child_bit(b: u8) -> u32 {
    match letter_bit(b) {
        Some(k) => 1 << k,
        None if b < b'a' => LOW_CHILD,
        None => HIGH_CHILD,
    }
}

/// The best of the words at and below a trie node: their highest Zipf
/// frequency (in tenths) and whether one is a domain word. Lets a search
/// that only wants common or domain words skip whole subtrees.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Below {
    zipf_tenths: u8,
    pub domain: bool,
}

impl Below {
    pub fn zipf(self) -> f32 {
        f32::from(self.zipf_tenths) / 10.0
    }
}

/// Nodes are numbered below 2^24 (a child is packed with its byte in a `u32`);
/// words that would need more are left out.
const MAX_NODES: usize = 1 << 24;

const NO_ENTRY: u32 = u32::MAX;

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::from_sorted(std::iter::empty())
    }
}

/// `s` as Latin-1 bytes into `out`; false if a char has no Latin-1 byte.
fn encode(s: &str, out: &mut Vec<u8>) -> bool {
    for c in s.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(b) => out.push(b),
            Err(_) => return false,
        }
    }
    true
}

fn parse_flags(s: &str) -> u8 {
    let mut f = 0;
    for c in s.chars() {
        f |= match c {
            'w' => FLAG_WORD,
            'b' => FLAG_BEGIN,
            'm' => FLAG_MIDDLE,
            'e' => FLAG_END,
            // Extra compounds known to wordfreq and accepted by hunspell.
            'c' => FLAG_WORD,
            'v' => FLAG_VERB,
            _ => 0,
        };
    }
    f
}

/// A char as its Latin-1 byte, if it has one.
fn byte_of(c: char) -> Option<u8> {
    u8::try_from(u32::from(c)).ok()
}

/// One line of the lexicon file (or a domain word) before sorting.
struct Record {
    start: u32,
    len: u16,
    zipf: f32,
    flags: u8,
    domain: bool,
}

impl Lexicon {
    /// The shipped lexicon, loaded once per process on first use.
    pub fn shipped() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::from_gz(SHIPPED, &[]).unwrap_or_default())
    }

    /// Build from gzip'd TSV (`word<TAB>zipf<TAB>flags`) plus domain words.
    pub fn from_gz(gz: &[u8], domain: &[String]) -> std::io::Result<Lexicon> {
        let mut tsv = String::new();
        flate2::read::GzDecoder::new(gz).read_to_string(&mut tsv)?;
        Ok(Self::from_tsv(&tsv, domain))
    }

    pub fn from_tsv(tsv: &str, domain: &[String]) -> Lexicon {
        let mut arena: Vec<u8> = Vec::with_capacity(tsv.len());
        let mut records: Vec<Record> = Vec::with_capacity(tsv.len() / 12);
        let push = |arena: &mut Vec<u8>,
                    records: &mut Vec<Record>,
                    word: &str,
                    zipf: f32,
                    flags: u8,
                    domain: bool| {
            let start = arena.len();
            let ascii_lower = word.is_ascii();
            let ok = if ascii_lower {
                arena.extend(word.bytes().map(|b| b.to_ascii_lowercase()));
                true
            } else {
                encode(&word.to_lowercase(), arena)
            };
            let len = arena.len() - start;
            if !ok || len == 0 || len > usize::from(u16::MAX) {
                arena.truncate(start);
                return;
            }
            records.push(Record {
                start: start as u32,
                len: len as u16,
                zipf,
                flags,
                domain,
            });
        };
        for line in tsv.lines() {
            let mut cols = line.split('\t');
            let (Some(word), Some(zipf), flags) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let zipf: f32 = zipf.parse().unwrap_or(0.0);
            let mut flags = parse_flags(flags.unwrap_or(""));
            if word.chars().next().is_some_and(char::is_uppercase) {
                flags |= FLAG_PROPER;
            }
            push(&mut arena, &mut records, word, zipf, flags, false);
        }
        let shipped = records.len();
        for w in domain {
            if w.chars().count() < 2 || !w.chars().all(char::is_alphabetic) {
                continue;
            }
            push(&mut arena, &mut records, w, 3.0, FLAG_WORD | FLAG_END, true);
        }
        let key = |r: &Record| &arena[r.start as usize..r.start as usize + r.len as usize];
        // The shipped file is sorted already (no sort); domain words are few.
        // Stable: entries of one word keep their file order (it decides the
        // proper-noun mark), and file entries come before domain words.
        let (file, extra) = records.split_at_mut(shipped);
        if !file.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
            file.sort_by(|a, b| key(a).cmp(key(b)));
        }
        extra.sort_by(|a, b| key(a).cmp(key(b)));
        let records: Vec<&Record> = {
            let (mut a, mut b) = (file.iter().peekable(), extra.iter().peekable());
            let mut out = Vec::with_capacity(file.len() + extra.len());
            loop {
                let take_a = match (a.peek(), b.peek()) {
                    (Some(x), Some(y)) => key(x) <= key(y),
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                out.extend(if take_a { a.next() } else { b.next() });
            }
            out
        };
        let mut merged: Vec<(&[u8], Entry)> = Vec::with_capacity(records.len());
        let mut i = 0;
        while i < records.len() {
            let k = key(records[i]);
            let mut j = i;
            let mut entry: Option<Entry> = None;
            let mut domain = false;
            while j < records.len() && key(records[j]) == k {
                let r = records[j];
                if r.domain {
                    domain = true;
                } else {
                    let e = entry.get_or_insert(Entry {
                        zipf: r.zipf,
                        flags: 0,
                    });
                    // A lower-case entry of the same word removes the proper-noun mark.
                    if e.flags & FLAG_PROPER != 0 && r.flags & FLAG_PROPER == 0 && e.flags != 0 {
                        e.flags &= !FLAG_PROPER;
                    }
                    if e.flags == 0 {
                        e.flags = r.flags;
                    } else {
                        e.flags |= r.flags & !FLAG_PROPER;
                    }
                    e.zipf = e.zipf.max(r.zipf);
                }
                j += 1;
            }
            let mut e = entry.unwrap_or(Entry {
                zipf: 3.0,
                flags: FLAG_WORD | FLAG_END,
            });
            if domain {
                e.flags |= FLAG_DOMAIN | FLAG_WORD;
            }
            merged.push((k, e));
            i = j;
        }
        Lexicon::from_sorted(merged.into_iter())
    }

    /// Build the trie from unique words in sorted (bytewise) order.
    fn from_sorted<'w>(words: impl Iterator<Item = (&'w [u8], Entry)>) -> Lexicon {
        // Nodes in creation order: each one's parent and byte; node 0 is the root.
        let mut parent: Vec<u32> = vec![0];
        let mut byte: Vec<u8> = vec![0];
        let mut entry_of: Vec<u32> = vec![NO_ENTRY];
        let mut entries: Vec<Entry> = Vec::new();
        // The path of nodes of the previous word (path[d] = node at depth d).
        let mut path: Vec<u32> = vec![0];
        let mut prev: &[u8] = &[];
        let mut endings = std::collections::HashSet::new();
        for (w, e) in words {
            if e.flags & FLAG_WORD != 0
                && (e.zipf >= FRAGMENT_OF_ZIPF || e.flags & FLAG_DOMAIN != 0)
            {
                for k in 2..w.len().saturating_sub(FRAGMENT_LETTERS - 1) {
                    endings.insert(Box::<[u8]>::from(&w[k..]));
                }
            }
            let common = w.iter().zip(prev).take_while(|(a, b)| a == b).count();
            if parent.len() + w.len() - common > MAX_NODES {
                continue;
            }
            path.truncate(common + 1);
            for &b in &w[common..] {
                let node = parent.len() as u32;
                parent.push(*path.last().unwrap_or(&0));
                byte.push(b);
                entry_of.push(NO_ENTRY);
                path.push(node);
            }
            let end = *path.last().unwrap_or(&0) as usize;
            entry_of[end] = entries.len() as u32;
            entries.push(e);
            prev = w;
        }
        let n = parent.len();
        let mut nodes: Vec<Node> = entry_of
            .into_iter()
            .map(|entry| Node {
                start: 0,
                entry,
                count: 0,
                below: match entries.get(entry as usize) {
                    Some(e) => Below {
                        zipf_tenths: (e.zipf * 10.0).round().clamp(0.0, 255.0) as u8,
                        domain: e.flags & FLAG_DOMAIN != 0,
                    },
                    None => Below::default(),
                },
                letters: 0,
            })
            .collect();
        // Parents are numbered before their children: one backward pass
        // carries each node's best up to its parent.
        for node in (1..n).rev() {
            let b = nodes[node].below;
            let p = &mut nodes[parent[node] as usize].below;
            p.zipf_tenths = p.zipf_tenths.max(b.zipf_tenths);
            p.domain |= b.domain;
        }
        for (&p, &b) in parent[1..].iter().zip(&byte[1..]) {
            let p = &mut nodes[p as usize];
            p.count += 1;
            p.letters |= child_bit(b);
        }
        let mut next = 0u32;
        for node in &mut nodes {
            node.start = next;
            next += u32::from(node.count);
        }
        // Children were created in byte order, so filling in creation order keeps them sorted.
        let mut fill: Vec<u32> = nodes.iter().map(|n| n.start).collect();
        let mut children = vec![0u32; n - 1];
        for node in 1..n {
            let p = parent[node] as usize;
            children[fill[p] as usize] = u32::from(byte[node]) << 24 | node as u32;
            fill[p] += 1;
        }
        Lexicon {
            nodes,
            children,
            entries,
            endings,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The child of `node` for byte `b`.
    fn step(&self, node: u32, b: u8) -> Option<u32> {
        let n = self.nodes[node as usize];
        match letter_bit(b) {
            Some(k) if n.letters & 1 << k == 0 => return None,
            // Children below `a` first, then the letters in bit order.
            Some(k) if n.letters & HIGH_CHILD == 0 => {
                let letters = n.letters & LETTER_BITS;
                let mut rank = (letters & ((1 << k) - 1)).count_ones();
                if n.letters & LOW_CHILD != 0 {
                    rank += u32::from(n.count) - letters.count_ones();
                }
                return Some(self.children[(n.start + rank) as usize] & 0x00ff_ffff);
            }
            Some(_) => {}
            None if n.letters & child_bit(b) == 0 => return None,
            None => {}
        }
        let kids = &self.children[n.start as usize..n.start as usize + usize::from(n.count)];
        let b = u32::from(b);
        // Few children: a scan of adjacent words beats a binary search.
        let k = if kids.len() <= 16 {
            kids.iter().position(|&x| x >> 24 == b)?
        } else {
            kids.binary_search_by_key(&b, |&x| x >> 24).ok()?
        };
        Some(kids[k] & 0x00ff_ffff)
    }

    /// The entry of a lower-case word.
    pub fn get(&self, lower: &str) -> Option<Entry> {
        let mut node = 0u32;
        for c in lower.chars() {
            node = self.step(node, byte_of(c)?)?;
        }
        let e = self.nodes[node as usize].entry;
        (e != NO_ENTRY).then(|| self.entries[e as usize])
    }

    /// The entry of a lower-case word given as chars: [`Lexicon::get`]
    /// without building a string first.
    pub fn get_chars(&self, lower: &[char]) -> Option<Entry> {
        let mut node = 0u32;
        for &c in lower {
            node = self.step(node, byte_of(c)?)?;
        }
        let e = self.nodes[node as usize].entry;
        (e != NO_ENTRY).then(|| self.entries[e as usize])
    }

    /// Whether `lower` is a word on its own.
    pub fn is_word(&self, lower: &str) -> bool {
        self.get(lower).is_some_and(|e| e.flags & FLAG_WORD != 0)
    }

    /// The trie's root: the empty prefix.
    pub fn root(&self) -> Range {
        Range { node: 0, depth: 0 }
    }

    /// From the prefix `r` one char `c` further, if some word goes on so.
    pub fn child(&self, r: Range, c: char) -> Option<Range> {
        let node = self.step(r.node, byte_of(c)?)?;
        Some(Range {
            node,
            depth: r.depth + 1,
        })
    }

    /// The distinct next chars after the prefix `r`, with their nodes.
    pub fn children(&self, r: Range) -> Children<'_> {
        let n = self.nodes[r.node as usize];
        Children {
            kids: &self.children[n.start as usize..n.start as usize + usize::from(n.count)],
            depth: r.depth + 1,
        }
    }

    /// Whether `lower` (eight letters or more) is the ending of a frequent
    /// or domain word with at least two letters before it.
    pub fn is_fragment(&self, lower: &str) -> bool {
        let mut b = Vec::with_capacity(lower.len());
        encode(lower, &mut b) && b.len() >= FRAGMENT_LETTERS && self.endings.contains(b.as_slice())
    }

    /// The best of the words that begin with the prefix `r`.
    pub fn below(&self, r: Range) -> Below {
        self.nodes
            .get(r.node as usize)
            .map_or(Below::default(), |n| n.below)
    }

    /// The entry of the word that is exactly the prefix `r`, if any.
    pub fn complete(&self, r: Range) -> Option<Entry> {
        let e = self.nodes.get(r.node as usize)?.entry;
        (e != NO_ENTRY).then(|| self.entries[e as usize])
    }
}

/// Iterator over the next chars of a [`Range`] (see [`Lexicon::children`]).
pub struct Children<'a> {
    kids: &'a [u32],
    depth: u32,
}

impl Iterator for Children<'_> {
    type Item = (char, Range);

    fn next(&mut self) -> Option<(char, Range)> {
        let (&k, rest) = self.kids.split_first()?;
        self.kids = rest;
        Some((
            char::from((k >> 24) as u8),
            Range {
                node: k & 0x00ff_ffff,
                depth: self.depth,
            },
        ))
    }
}

/// A prefix of lexicon words: a trie node and its depth (letters from the root).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub node: u32,
    pub depth: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Lexicon {
        Lexicon::from_tsv(
            "för\t7.15\tw\nfor\t4.94\tw\nförvaltningen\t3.4\twe\nomsorgs\t1.28\twbme\nMalmö\t5.0\tw\nvåld\t4.8\twe\n",
            &["hedersförtryck".into()],
        )
    }

    #[test]
    fn lookups_fold_case_and_mark_proper_nouns() {
        let l = small();
        assert!(l.is_word("för"));
        assert!(l.get("malmö").is_some_and(|e| e.flags & FLAG_PROPER != 0));
        assert!(
            l.get("hedersförtryck")
                .is_some_and(|e| e.flags & FLAG_DOMAIN != 0)
        );
        assert!(!l.is_word("fr"));
    }

    #[test]
    fn ranges_walk_like_a_trie() {
        let l = small();
        let f = l.child(l.root(), 'f').expect("f");
        let kids: Vec<char> = l.children(f).map(|(c, _)| c).collect();
        assert_eq!(kids, ['o', 'ö']);
        let fo = l.child(f, 'ö').and_then(|r| l.child(r, 'r')).expect("för");
        assert!(l.complete(fo).is_some());
    }

    #[test]
    fn children_are_found_among_letters_and_other_bytes() {
        let letters = "ab\t3\tw\naä\t3\tw\naö\t3\tw\nbz\t3\tw\n";
        let low = format!("{letters}a-b\t3\tw\na1\t3\tw\n");
        let high = format!("{low}aà\t3\tw\naü\t3\tw\n");
        let lexicons = [letters.to_owned(), low, high].map(|t| Lexicon::from_tsv(&t, &[]));
        for l in &lexicons {
            for w in ["ab", "aä", "aö", "bz"] {
                assert!(l.is_word(w), "{w}");
            }
            for w in ["ac", "aå", "b", "bä", "a0", "a:", "aé"] {
                assert!(!l.is_word(w), "{w}");
            }
        }
        let [letters, low, high] = &lexicons;
        for w in ["a-b", "a1"] {
            assert!(
                !letters.is_word(w) && low.is_word(w) && high.is_word(w),
                "{w}"
            );
        }
        for w in ["aà", "aü"] {
            assert!(!low.is_word(w) && high.is_word(w), "{w}");
        }
    }

    #[test]
    fn endings_of_frequent_and_domain_words_are_fragments() {
        let l = small();
        // förvaltningen is rare (3.4) but hedersförtryck is a domain word.
        assert!(!l.is_fragment("altningen"));
        assert!(l.is_fragment("rsförtryck"));
        assert!(!l.is_fragment("hedersförtryck"), "a whole word is none");
        assert!(
            l.is_fragment("förtryck") && !l.is_fragment("rtryck"),
            "eight letters kept"
        );
        assert!(
            l.is_fragment("dersförtryck") && !l.is_fragment("edersförtryck"),
            "two lost at least"
        );
        let common = Lexicon::from_tsv("förvaltningen\t4.5\twe\n", &[]);
        assert!(common.is_fragment("altningen") && common.is_fragment("rvaltningen"));
        assert!(!common.is_fragment("tningen"), "too short to tell");
    }

    #[test]
    fn shipped_lexicon_knows_swedish() {
        let l = Lexicon::shipped();
        assert!(l.len() > 500_000);
        for w in [
            "för",
            "våld",
            "nära",
            "stöd",
            "hälsa",
            "förvaltningen",
            "malmö",
        ] {
            assert!(l.get(w).is_some(), "{w}");
        }
        assert!(l.get("nara").is_none() && l.get("hjalp").is_none());
    }
}
