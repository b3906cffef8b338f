//! Text that remembers where it came from.
//!
//! Every stage after ingest works on a [`MappedText`]: a string plus, for each of
//! its bytes, the byte offset in the text as ingested. Normalisation and OCR
//! repair build a new `MappedText` from an old one, so evidence found by the
//! classifier can always cite page and offset in the plan as submitted.

mod fold;
mod mapped;
mod normalize;
pub mod verbs;

pub use fold::{fold, fold_char};
pub use mapped::{MappedText, MappedTextBuilder};
pub use normalize::normalize;
