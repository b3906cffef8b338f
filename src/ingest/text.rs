//! Decoding plan files that are text: UTF-8 (with or without BOM), UTF-16 with a
//! BOM or recognisable by its zero bytes, and Windows-1252 for anything else that
//! is not valid UTF-8 (what Swedish Windows tools write).

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Why bytes are no text plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A UTF-8 BOM before bytes that are not UTF-8.
    #[error("UTF-8 med BOM men ogiltiga byte: {0}")]
    BadUtf8(#[source] std::str::Utf8Error),
    /// Too many control characters for text.
    #[error("filen är inte text (binärt innehåll)")]
    Binary,
}

/// The decoded text and the name of the encoding it was found in.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_owned(), "UTF-8"))
            .map_err(DecodeError::BadUtf8);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Ok((
            UTF_16LE.decode_with_bom_removal(bytes).0.into_owned(),
            "UTF-16LE",
        ));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Ok((
            UTF_16BE.decode_with_bom_removal(bytes).0.into_owned(),
            "UTF-16BE",
        ));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let text = enc.decode_without_bom_handling(bytes).0.into_owned();
        return Ok((text, enc.name()));
    }
    let (text, name) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), "UTF-8"),
        Err(_) => (
            WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
            "windows-1252",
        ),
    };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls * 20 > text.chars().count().max(1) {
        return Err(DecodeError::Binary);
    }
    Ok((text, name))
}

/// UTF-16 without a BOM shows as zero bytes in every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(2048)];
    let pairs = sample.len() / 2;
    let zero_even = sample.chunks(2).filter(|p| p[0] == 0).count();
    let zero_odd = sample.chunks(2).filter(|p| p[1] == 0).count();
    if zero_odd * 10 > pairs * 6 && zero_even * 10 < pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 > pairs * 6 && zero_odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_cp1252_and_utf16() {
        assert_eq!(decode("våld".as_bytes()).map(|x| x.0), Ok("våld".into()));
        assert_eq!(
            decode(b"v\xe5ld i n\xe4ra relation"),
            Ok(("våld i nära relation".into(), "windows-1252"))
        );
        let le: Vec<u8> = "stöd"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&le).map(|x| x.0), Ok("stöd".into()));
        let mut bom = vec![0xFF, 0xFE];
        bom.extend_from_slice(&le);
        assert_eq!(decode(&bom), Ok(("stöd".into(), "UTF-16LE")));
    }

    #[test]
    fn binary_is_not_text() {
        let junk: Vec<u8> = (0..200u8).map(|i| i.wrapping_mul(37) % 32).collect();
        assert_eq!(decode(&junk), Err(DecodeError::Binary));
        assert_eq!(
            DecodeError::Binary.to_string(),
            "filen är inte text (binärt innehåll)"
        );
    }

    #[test]
    fn bad_utf8_after_a_bom_keeps_the_utf8_error() {
        use std::error::Error;
        let bytes = b"\xEF\xBB\xBFv\xe5ld";
        let e = decode(bytes).expect_err("not UTF-8");
        let utf8 = std::str::from_utf8(&bytes[3..]).expect_err("not UTF-8");
        assert_eq!(
            e.to_string(),
            format!("UTF-8 med BOM men ogiltiga byte: {utf8}")
        );
        assert!(e.source().is_some());
    }
}
