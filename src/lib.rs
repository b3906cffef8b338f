//! plancov: violence-prevention action plans in, coverage analysis out.
//!
//! The pipeline, one module per stage:
//! [`ingest`] (files → pages of text) → [`text`] (normalised, mapped text) →
//! [`segment`] (plan → owner, goals, rubriker, activities) → [`classify`]
//! (activity → codes with evidence) → [`report`] (coverage, flags, files).
//! [`pipeline`] runs the stages over a batch; [`taxonomy`] is the data that
//! drives segmentation and classification.

// Activities hold their text as lists of byte ranges; a list of one range is
// exactly what is meant, not a mistaken `vec![range]`.
#![allow(clippy::single_range_in_vec_init)]

pub mod classify;
pub mod cli;
pub mod eval;
pub mod ingest;
pub mod pipeline;
pub mod repair;
pub mod report;
pub mod segment;
pub mod taxonomy;
pub mod text;
