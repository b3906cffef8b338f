//! Measurement programs: how well plancov codes (against gold labels) and how
//! well it repairs OCR damage (word error rate against the clean text).

mod coding;
pub mod error;
pub mod repair;
pub mod summary;
pub mod wer;

pub use coding::{Counts, EvalReport, PlanScore, evaluate};
