//! Report: a batch of analysed plans in, the analysts' deliverables out.
//!
//! In: a [`Batch`] and the taxonomy, or (for a run of any size) each plan's
//! [`digest`], made as the plan finishes, with its text-bearing pieces in a
//! [`Spool`]. Out: an [`Analysis`] (owners, unique activities, coverage
//! matrices, flags) and from it each output file, rendered into a [`Sink`]:
//! in memory ([`outputs`]) or, file by file, into [`write::Staging`], which
//! renames them into place only when all are written. So the memory a run
//! needs does not grow with the number of plans.
//!
//! One owner is one row in every matrix even when it sent several plans (a text
//! and a PDF, or a revised version): identical activities count once and a flag
//! says so. Coverage counts an owner's own activities only: city-wide
//! (stadsövergripande) activities and items that do not count (`behov`) never do.

mod aggregate;
mod csv_out;
pub mod diff;
pub mod digest;
pub mod docx;
pub mod draft;
pub mod excel_csv;
pub mod figures;
mod flag;
pub mod html;
mod json_out;
pub mod spool;
pub mod sv;
#[cfg(test)]
mod testkit;
pub mod write;
pub mod xlsx;

pub use aggregate::{
    Analysis, Flag, FlagKind, Gap, GoalCount, Matrix, OwnerSummary, Row, aggregate,
    aggregate_digests,
};
pub use csv_out::{
    activities_csv, corrections_csv, coverage_csv, flags_csv, gaps_csv, goal_counts_csv,
};
pub use digest::{PlanDigest, Seen, digest};
pub use json_out::report_json;
pub use spool::Spool;
use std::io::{self, Write};

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

/// Where output files go: each is written whole by `render`.
pub trait Sink {
    fn file(
        &mut self,
        name: &str,
        render: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()>;
}

/// Files kept in memory, name → bytes.
impl Sink for Vec<(String, Vec<u8>)> {
    fn file(
        &mut self,
        name: &str,
        render: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        render(&mut bytes)?;
        self.push((name.to_owned(), bytes));
        Ok(())
    }
}

/// All output files of a run, name → bytes, in a fixed order. CSV files are
/// made ready for Excel (BOM, delimiter, no formulas).
pub fn outputs(analysis: &Analysis, options: &OutputOptions) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let _ = emit(analysis, options, &mut files);
    files
}

/// Render every output file of a run into `sink`, in a fixed order; the
/// plans' pieces are copied from the spool as each file is written.
pub fn emit(analysis: &Analysis, options: &OutputOptions, sink: &mut dyn Sink) -> io::Result<()> {
    analysis.spool.check()?;
    let d = options.delimiter;
    let small = |sink: &mut dyn Sink, name: &str, csv: Vec<u8>| {
        sink.file(name, &mut |w| w.write_all(&excel_csv::for_excel(&csv, d)))
    };
    sink.file("activities.csv", &mut |w| {
        csv_out::write_activities_csv(analysis, d, w)
    })?;
    for m in &analysis.matrices {
        small(sink, &format!("coverage_{}.csv", m.family), coverage_csv(m))?;
    }
    small(sink, "flags.csv", flags_csv(analysis))?;
    small(sink, "gaps.csv", gaps_csv(analysis))?;
    small(sink, "goal_counts.csv", goal_counts_csv(analysis))?;
    sink.file("ocr_corrections.csv", &mut |w| {
        csv_out::write_corrections_csv(analysis, d, w)
    })?;
    sink.file("report.json", &mut |w| {
        json_out::write_report_json(analysis, w)
    })?;
    sink.file("uppfoljning.md", &mut |w| draft::write_draft(analysis, w))?;
    sink.file("uppfoljning.docx", &mut |w| docx::write_docx(analysis, w))?;
    sink.file("report.html", &mut |w| html::write_report_html(analysis, w))?;
    if let Ok(bytes) = xlsx::coverage_xlsx(analysis)
        && !bytes.is_empty()
    {
        sink.file("coverage.xlsx", &mut |w| w.write_all(&bytes))?;
    }
    Ok(())
}
