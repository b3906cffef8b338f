//! [`MappedText`]: a string with a byte-level map back to its source.

use std::ops::Range;

/// A string whose every byte knows the byte offset it came from in the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedText {
    text: String,
    /// The map as runs: from byte `at` on, byte `p` came from `src + step * (p - at)`
    /// (step 1 for copied text, 0 for a replacement). A clean plan is one run, so
    /// a batch of thousands of plans does not hold four bytes per byte of text.
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    at: u32,
    src: u32,
    step: u32,
}

/// Compress a per-byte map (with one extra entry for the end) into runs.
fn runs_of(origin: &[u32]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (p, &o) in origin.iter().enumerate() {
        let p = p as u32;
        if let Some(r) = runs.last_mut() {
            let expected = r.src + r.step * (p - r.at);
            if o == expected {
                continue;
            }
            // A run of one byte can still become a copy run.
            if p == r.at + 1 && r.step == 0 && o == r.src + 1 {
                r.step = 1;
                continue;
            }
        }
        runs.push(Run {
            at: p,
            src: o,
            step: 0,
        });
    }
    runs
}

impl MappedText {
    /// The source itself: every byte maps to its own offset.
    pub fn identity(text: &str) -> Self {
        MappedText {
            text: text.to_owned(),
            runs: vec![Run {
                at: 0,
                src: 0,
                step: 1,
            }],
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Source offset of byte `pos` of this text (`pos` may equal `len()`).
    pub fn origin(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len()) as u32;
        let i = self.runs.partition_point(|r| r.at <= pos).saturating_sub(1);
        self.runs
            .get(i)
            .map_or(0, |r| (r.src + r.step * (pos - r.at)) as usize)
    }

    /// Source range covered by `range` of this text.
    pub fn origin_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.origin(range.start);
        let end = if range.end > range.start {
            // The end of a range maps to just after the last byte's origin.
            let last = self.origin(range.end - 1);
            let next = self.origin(range.end);
            next.max(last + 1)
        } else {
            start
        };
        start..end.max(start)
    }

    /// The first byte of this text whose source offset is at or after `src`.
    pub fn position_of_origin(&self, src: usize) -> usize {
        // The map never decreases: binary search over positions.
        let (mut lo, mut hi) = (0usize, self.text.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.origin(mid) < src {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Compose: `self` was built from `inner`'s text; map through both.
    pub fn compose(&self, inner: &MappedText) -> MappedText {
        let origin: Vec<u32> = (0..=self.text.len())
            .map(|p| inner.origin(self.origin(p)) as u32)
            .collect();
        MappedText {
            text: self.text.clone(),
            runs: runs_of(&origin),
        }
    }
}

/// Builds a [`MappedText`] piece by piece from a source string.
#[derive(Debug, Default)]
pub struct MappedTextBuilder {
    text: String,
    origin: Vec<u32>,
}

impl MappedTextBuilder {
    pub fn with_capacity(n: usize) -> Self {
        MappedTextBuilder {
            text: String::with_capacity(n),
            origin: Vec::with_capacity(n + 1),
        }
    }

    /// Copy `s`, which is the source text starting at `src_start`, byte for byte.
    pub fn copy(&mut self, s: &str, src_start: usize) {
        self.text.push_str(s);
        self.origin
            .extend((0..s.len()).map(|i| (src_start + i) as u32));
    }

    /// Insert `s` as a replacement for the source range starting at `src_start`;
    /// all its bytes map to `src_start`.
    pub fn replace(&mut self, s: &str, src_start: usize) {
        self.text.push_str(s);
        self.origin
            .extend(std::iter::repeat_n(src_start as u32, s.len()));
    }

    pub fn push_char(&mut self, c: char, src_start: usize) {
        let mut buf = [0u8; 4];
        self.replace(c.encode_utf8(&mut buf), src_start);
    }

    pub fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    pub fn finish(mut self, src_len: usize) -> MappedText {
        self.origin.push(src_len as u32);
        MappedText {
            runs: runs_of(&self.origin),
            text: self.text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_each_byte_to_itself() {
        let t = MappedText::identity("väg");
        assert_eq!(t.origin(0), 0);
        assert_eq!(t.origin(3), 3);
        assert_eq!(t.origin_range(1..3), 1..3);
    }

    #[test]
    fn replacement_maps_back_to_its_source_start() {
        let src = "a\u{fb01}b";
        let mut b = MappedTextBuilder::default();
        b.copy("a", 0);
        b.replace("fi", 1);
        b.copy("b", 4);
        let t = b.finish(src.len());
        assert_eq!(t.as_str(), "afib");
        assert_eq!(t.origin(3), 4);
        assert_eq!(t.origin_range(1..3), 1..4);
    }

    #[test]
    fn compose_reaches_the_original() {
        let inner = {
            let mut b = MappedTextBuilder::default();
            b.copy("xy", 10);
            b.finish(12)
        };
        let outer = {
            let mut b = MappedTextBuilder::default();
            b.copy("y", 1);
            b.finish(2)
        };
        assert_eq!(outer.compose(&inner).origin(0), 11);
    }
}
