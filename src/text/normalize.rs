//! Unicode clean-up between ingest and segmentation.
//!
//! In: the text as ingested. Out: a [`MappedText`] in NFC with ligatures undone,
//! soft hyphens and zero-width characters removed, odd spaces made plain spaces
//! and line ends unified (`\r\n`, `\r`, form feed → `\n`). Nothing else changes,
//! so a clean UTF-8 plan comes through character for character.

use super::{MappedText, MappedTextBuilder};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalise `src` and keep a map back to it.
pub fn normalize(src: &str) -> MappedText {
    let mut out = MappedTextBuilder::with_capacity(src.len());
    let mut chars = src.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        // Gather a base character with the combining marks that follow it.
        let mut end = at + c.len_utf8();
        while let Some(&(next_at, next)) = chars.peek() {
            if is_combining_mark(next) {
                end = next_at + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let cluster = &src[at..end];
        if cluster.len() > c.len_utf8() {
            let composed: String = cluster.nfc().collect();
            out.replace(&composed, at);
            continue;
        }
        match c {
            '\r' => {
                if src[end..].starts_with('\n') {
                    // The '\n' that follows is copied on its own.
                } else {
                    out.push_char('\n', at);
                }
            }
            '\u{c}' | '\u{2028}' | '\u{2029}' => out.push_char('\n', at),
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{2060}' => {}
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => {
                out.push_char(' ', at)
            }
            '\u{fb00}' => out.replace("ff", at),
            '\u{fb01}' => out.replace("fi", at),
            '\u{fb02}' => out.replace("fl", at),
            '\u{fb03}' => out.replace("ffi", at),
            '\u{fb04}' => out.replace("ffl", at),
            '\u{fb05}' | '\u{fb06}' => out.replace("st", at),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            _ => out.copy(cluster, at),
        }
    }
    out.finish(src.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_unchanged() {
        let s = "Inriktningsmål 1 - Staden\n\tPågående arbete\n";
        assert_eq!(normalize(s).as_str(), s);
    }

    #[test]
    fn decomposed_letters_are_composed_and_mapped() {
        let s = "va\u{30a}ld"; // "våld" with a combining ring
        let t = normalize(s);
        assert_eq!(t.as_str(), "våld");
        assert_eq!(t.origin(t.as_str().find('l').unwrap_or(0)), 4);
    }

    #[test]
    fn ligatures_soft_hyphens_and_line_ends() {
        let t = normalize("of\u{fb01}ciell\r\nsam\u{ad}verkan\u{c}x");
        assert_eq!(t.as_str(), "officiell\nsamverkan\nx");
    }
}
