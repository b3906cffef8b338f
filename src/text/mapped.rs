//! [`MappedText`]: a string with a byte-level map back to its source.

use std::ops::Range;

/// A string whose every byte knows the byte offset it came from in the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedText {
    text: String,
    /// `origin[i]` is the source offset of byte `i`; one extra entry maps the end.
    origin: Vec<u32>,
}

impl MappedText {
    /// The source itself: every byte maps to its own offset.
    pub fn identity(text: &str) -> Self {
        let origin = (0..=text.len() as u32).collect();
        MappedText {
            text: text.to_owned(),
            origin,
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
        self.origin
            .get(pos.min(self.text.len()))
            .copied()
            .unwrap_or(0) as usize
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
        self.origin[..self.text.len()].partition_point(|&o| (o as usize) < src)
    }

    /// Compose: `self` was built from `inner`'s text; map through both.
    pub fn compose(&self, inner: &MappedText) -> MappedText {
        let origin = self
            .origin
            .iter()
            .map(|&o| inner.origin(o as usize) as u32)
            .collect();
        MappedText {
            text: self.text.clone(),
            origin,
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
            text: self.text,
            origin: self.origin,
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
