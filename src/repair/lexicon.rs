//! The Swedish lexicon: which words exist, how common they are, and which may
//! begin, continue or end a compound.
//!
//! In: `corpus/lexicon/sv.tsv.gz` (built by `scripts/build_lexicon.py` from
//! hunspell-sv and wordfreq; compiled into the binary) plus domain words (the
//! taxonomy's vocabulary, words of clean plans in the same batch). Out: a
//! sorted array of lower-case words that doubles as a trie: the words sharing a
//! prefix are one contiguous range, narrowed a character at a time.

use std::collections::HashMap;
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

/// Lower-case words, sorted by their chars, with their entries.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: Vec<Box<[char]>>,
    entries: Vec<Entry>,
    index: HashMap<Box<str>, u32>,
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
        let mut map: HashMap<String, Entry> = HashMap::with_capacity(900_000);
        for line in tsv.lines() {
            let mut cols = line.split('\t');
            let (Some(word), Some(zipf), flags) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let zipf: f32 = zipf.parse().unwrap_or(0.0);
            let mut flags = parse_flags(flags.unwrap_or(""));
            let lower = word.to_lowercase();
            if lower != word && word.chars().next().is_some_and(char::is_uppercase) {
                flags |= FLAG_PROPER;
            }
            let e = map.entry(lower).or_insert(Entry { zipf, flags: 0 });
            // A lower-case entry of the same word removes the proper-noun mark.
            if e.flags & FLAG_PROPER != 0 && flags & FLAG_PROPER == 0 && e.flags != 0 {
                e.flags &= !FLAG_PROPER;
            }
            if e.flags == 0 {
                e.flags = flags;
            } else {
                e.flags |= flags & !FLAG_PROPER;
            }
            e.zipf = e.zipf.max(zipf);
        }
        for w in domain {
            let lower = w.to_lowercase();
            if lower.chars().count() < 2 || !lower.chars().all(char::is_alphabetic) {
                continue;
            }
            let e = map.entry(lower).or_insert(Entry {
                zipf: 3.0,
                flags: FLAG_WORD | FLAG_END,
            });
            e.flags |= FLAG_DOMAIN | FLAG_WORD;
        }
        let mut sorted: Vec<(Box<[char]>, String, Entry)> = map
            .into_iter()
            .map(|(w, e)| (w.chars().collect::<Vec<_>>().into_boxed_slice(), w, e))
            .collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut lex = Lexicon {
            words: Vec::with_capacity(sorted.len()),
            entries: Vec::with_capacity(sorted.len()),
            index: HashMap::with_capacity(sorted.len()),
        };
        for (i, (chars, w, e)) in sorted.into_iter().enumerate() {
            lex.words.push(chars);
            lex.entries.push(e);
            lex.index.insert(w.into_boxed_str(), i as u32);
        }
        lex
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The entry of a lower-case word.
    pub fn get(&self, lower: &str) -> Option<Entry> {
        self.index.get(lower).map(|&i| self.entries[i as usize])
    }

    /// Whether `lower` is a word on its own.
    pub fn is_word(&self, lower: &str) -> bool {
        self.get(lower).is_some_and(|e| e.flags & FLAG_WORD != 0)
    }

    /// The whole lexicon as a range (the trie's root).
    pub fn root(&self) -> Range {
        Range {
            lo: 0,
            hi: self.words.len() as u32,
            depth: 0,
        }
    }

    /// Narrow `r` (words sharing a prefix of length `r.depth`) to those whose
    /// next char is `c`.
    pub fn child(&self, r: Range, c: char) -> Option<Range> {
        let d = r.depth as usize;
        let slice = &self.words[r.lo as usize..r.hi as usize];
        let lo = slice.partition_point(|w| w.get(d).is_none_or(|&x| x < c));
        let hi = slice.partition_point(|w| w.get(d).is_none_or(|&x| x <= c));
        (lo < hi).then_some(Range {
            lo: r.lo + lo as u32,
            hi: r.lo + hi as u32,
            depth: r.depth + 1,
        })
    }

    /// The distinct next chars of the words in `r`, with their ranges.
    pub fn children(&self, r: Range) -> Vec<(char, Range)> {
        let d = r.depth as usize;
        let mut out = Vec::new();
        let mut i = r.lo as usize;
        let hi = r.hi as usize;
        // Skip the word that ends exactly here (it sorts first).
        while i < hi && self.words[i].len() <= d {
            i += 1;
        }
        while i < hi {
            let c = self.words[i][d];
            let end = i + self.words[i..hi].partition_point(|w| w[d] <= c);
            out.push((
                c,
                Range {
                    lo: i as u32,
                    hi: end as u32,
                    depth: r.depth + 1,
                },
            ));
            i = end;
        }
        out
    }

    /// The entry of the word that is exactly the prefix of `r`, if any.
    pub fn complete(&self, r: Range) -> Option<Entry> {
        let first = self.words.get(r.lo as usize)?;
        (first.len() == r.depth as usize && r.lo < r.hi).then(|| self.entries[r.lo as usize])
    }
}

/// Words sharing one prefix: `words[lo..hi]`, prefix length `depth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub lo: u32,
    pub hi: u32,
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
        let kids: Vec<char> = l.children(f).into_iter().map(|(c, _)| c).collect();
        assert_eq!(kids, ['o', 'ö']);
        let fo = l.child(f, 'ö').and_then(|r| l.child(r, 'r')).expect("för");
        assert!(l.complete(fo).is_some());
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
