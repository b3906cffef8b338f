//! Folding for matching structure words in damaged text.
//!
//! `fold` lower-cases and strips diacritics one character for one character, so
//! a byte offset in folded text is found again by walking characters in step.
//! It is used only to *find* structure (headings, owner names); evidence and
//! outputs always cite the unfolded text.

/// Fold one character: lower case, diacritics removed (å, ä → a; ö → o; é → e).
pub fn fold_char(c: char) -> char {
    match c {
        'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' | 'Å' | 'Ä' | 'Á' | 'À' | 'Â' | 'Ã' => 'a',
        'ö' | 'ó' | 'ò' | 'ô' | 'õ' | 'ø' | 'Ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ø' => 'o',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'ü' | 'ú' | 'ù' | 'û' | 'Ü' | 'Ú' | 'Ù' | 'Û' => 'u',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        '–' | '—' | '‐' | '‑' | '−' => '-',
        c => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        }
    }
}

/// Fold a string character for character (same number of chars as the input).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_swedish_letters_and_keeps_char_count() {
        let s = "Inriktningsmål Förvaltningen – idéburen";
        let f = fold(s);
        assert_eq!(f, "inriktningsmal forvaltningen - ideburen");
        assert_eq!(f.chars().count(), s.chars().count());
    }
}
