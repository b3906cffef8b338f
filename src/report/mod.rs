//! Report: a batch of analysed plans in, the analysts' deliverables out.
//!
//! In: a [`Batch`] and the taxonomy. Out: an [`Analysis`] (owners, unique
//! activities, coverage matrices, flags) and from it the bytes of each output
//! file. Writing them is [`write::write_atomically`]'s job, not this module's.
//!
//! One owner is one row in every matrix even when it sent several plans (a text
//! and a PDF, or a revised version): identical activities count once and a flag
//! says so. Coverage counts an owner's own activities only: city-wide
//! (stadsövergripande) activities and items that do not count (`behov`) never do.

mod aggregate;
mod csv_out;
pub mod diff;
pub mod draft;
pub mod excel_csv;
pub mod html;
mod json_out;
pub mod write;
pub mod xlsx;

pub use aggregate::{
    Analysis, Flag, GAP_FAMILIES, Gap, GoalCount, Matrix, OwnerSummary, Row, aggregate,
};
pub use csv_out::{
    activities_csv, corrections_csv, coverage_csv, flags_csv, gaps_csv, goal_counts_csv,
};
pub use json_out::report_json;

/// How output files are written.
#[derive(Debug, Clone, Copy)]
pub struct OutputOptions {
    /// CSV delimiter (`,` by default; `;` for Swedish Excel).
    pub delimiter: u8,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions { delimiter: b',' }
    }
}

/// All output files of a run, name → bytes, in a fixed order. CSV files are
/// made ready for Excel (BOM, delimiter, no formulas).
pub fn outputs(analysis: &Analysis, options: &OutputOptions) -> Vec<(String, Vec<u8>)> {
    let mut files = raw_outputs(analysis);
    for (name, bytes) in &mut files {
        if name.ends_with(".csv") {
            *bytes = excel_csv::for_excel(bytes, options.delimiter);
        }
    }
    files
}

fn raw_outputs(analysis: &Analysis) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![("activities.csv".to_owned(), activities_csv(analysis))];
    for m in &analysis.matrices {
        files.push((format!("coverage_{}.csv", m.family), coverage_csv(m)));
    }
    files.push(("flags.csv".into(), flags_csv(analysis)));
    files.push(("gaps.csv".into(), gaps_csv(analysis)));
    files.push(("goal_counts.csv".into(), goal_counts_csv(analysis)));
    files.push(("ocr_corrections.csv".into(), corrections_csv(analysis)));
    files.push(("report.json".into(), report_json(analysis)));
    files.push(("uppfoljning.md".into(), draft::draft(analysis)));
    files.push(("report.html".into(), html::report_html(analysis)));
    if let Ok(bytes) = xlsx::coverage_xlsx(analysis)
        && !bytes.is_empty()
    {
        files.push(("coverage.xlsx".into(), bytes));
    }
    files
}
