//! Damage estimate: a text in, how OCR-damaged its letters look out ([`Damage`]).
//!
//! Letter statistics alone, no lexicon: the share of å/ä/ö and the words with
//! digits or OCR glyphs inside letters.

/// How damaged a text looks.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Damage {
    pub letters: usize,
    /// Share of letters that are å, ä or ö (Swedish prose: about 4 %).
    pub swedish_letter_share: f32,
    pub words: usize,
    /// Words with digits or OCR glyphs inside letters (`f6r`, `4r`, `£6r`).
    pub ocr_words: usize,
    pub damaged: bool,
}

/// Estimate damage from letter statistics alone (no lexicon needed).
pub fn estimate_damage(text: &str) -> Damage {
    let mut letters = 0usize;
    let mut swedish = 0usize;
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if matches!(c, 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö') {
                swedish += 1;
            }
        }
    }
    let mut words = 0usize;
    let mut ocr_words = 0usize;
    for w in text.split(|c: char| c.is_whitespace() || ",.;:()\"'!?/".contains(c)) {
        if w.chars().filter(|c| c.is_alphabetic()).count() < 1 {
            continue;
        }
        words += 1;
        let chars: Vec<char> = w.chars().collect();
        let glyph_inside = chars.windows(3).any(|x| {
            x[0].is_alphabetic()
                && (x[1].is_ascii_digit() || matches!(x[1], '£' | '|'))
                && x[2].is_alphabetic()
        }) || chars.first().is_some_and(|&c| c == '£')
            || (chars.len() >= 2
                && chars[0].is_ascii_digit()
                && chars[1..].iter().all(|c| c.is_lowercase())
                && chars.len() <= 3);
        ocr_words += usize::from(glyph_inside);
    }
    let share = if letters == 0 {
        0.0
    } else {
        swedish as f32 / letters as f32
    };
    let damaged = letters >= 200 && (share < 0.008 || ocr_words * 100 > words.max(1));
    Damage {
        letters,
        swedish_letter_share: share,
        words,
        ocr_words,
        damaged,
    }
}
