//! The CSV deliverables: activities, coverage matrices, flags.

use super::excel_csv::ExcelCsv;
use super::{Analysis, Matrix};
use crate::classify::Evidence;
use crate::pipeline::{AnalysedPlan, CodedActivity};
use crate::taxonomy::{Family, FamilyRole, Taxonomy};
use std::io::{self, Write};

/// Header of `activities.csv`, from the taxonomy's families: the order is
/// part of the output contract. Per family its column, for the focus-link
/// family `explicit_<column>`, for a narrative family `<column>_in_narrative`;
/// the target family comes after the others.
pub fn activity_columns(taxonomy: &Taxonomy) -> Vec<String> {
    let mut cols: Vec<String> = [
        "plan",
        "owner",
        "activity_id",
        "goal",
        "goal_inferred",
        "rubrik",
        "status",
    ]
    .map(str::to_owned)
    .to_vec();
    for f in families_in_column_order(taxonomy) {
        cols.push(f.column.clone());
        if f.role == FamilyRole::FocusLink {
            cols.push(format!("explicit_{}", f.column));
        }
        if f.narrative {
            cols.push(format!("{}_in_narrative", f.column));
        }
    }
    cols.extend(["text", "evidence", "granska"].map(str::to_owned));
    cols
}

/// Whether the column of `activities.csv` named `column` holds a boolean.
pub fn is_bool_column(taxonomy: &Taxonomy, column: &str) -> bool {
    column == "goal_inferred" || column == format!("explicit_{}", taxonomy.focus_family().column)
}

/// The column of `activities.csv` holding the statement (`text`).
pub fn statement_column(taxonomy: &Taxonomy) -> usize {
    activity_columns(taxonomy).len() - 3
}

/// The goal's column in `activities.csv`.
pub const GOAL_COLUMN: usize = 3;

fn families_in_column_order(taxonomy: &Taxonomy) -> impl Iterator<Item = &Family> {
    let target = taxonomy
        .families
        .iter()
        .filter(|f| f.role == FamilyRole::Target);
    taxonomy
        .families
        .iter()
        .filter(|f| f.role != FamilyRole::Target)
        .chain(target)
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    w.into_inner()
        .unwrap_or_else(|e| e.into_inner().get_ref().clone())
}

/// Page and character offset in the page, in the plan as submitted, of byte
/// `pos` of the text the classifier saw.
pub fn cite(plan: &AnalysedPlan, pos: usize) -> (u32, usize) {
    cite_source(plan, plan.text.origin(pos))
}

/// Page and character offset in the page of byte `src` of the plan as read.
pub fn cite_source(plan: &AnalysedPlan, src: usize) -> (u32, usize) {
    let (page, _) = plan.ingested.locate(src);
    let page_start = plan
        .ingested
        .pages
        .get(page.saturating_sub(1) as usize)
        .map_or(0, |p| p.start);
    let chars = plan
        .ingested
        .chars_before(src)
        .saturating_sub(plan.ingested.chars_before(page_start));
    (page, chars)
}

pub fn evidence_cell(plan: &AnalysedPlan, evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| {
            let (page, at) = cite(plan, e.span.start);
            if e.matched.is_empty() {
                format!("{}:{} ({})", e.family, e.code, e.rule)
            } else {
                format!(
                    "{}:{} \"{}\" (s.{} tkn {}, {})",
                    e.family, e.code, e.matched, page, at, e.rule
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The record of `activities.csv` of activity `a` of plan `plan_name`, in
/// the order of [`activity_columns`].
pub fn activity_record(
    plan_name: &str,
    owner: &str,
    plan: &AnalysedPlan,
    a: &CodedActivity,
    taxonomy: &Taxonomy,
) -> Vec<u8> {
    let c = &a.coded;
    let act = &a.activity;
    let mut record: Vec<String> = vec![
        plan_name.to_owned(),
        owner.to_owned(),
        a.id.clone(),
        act.goal.clone(),
        act.goal_inferred.to_string(),
        act.rubrik.clone(),
        act.status.clone().unwrap_or_default(),
    ];
    for f in families_in_column_order(taxonomy) {
        let codes = c.get(&f.family);
        record.push(codes.join(";"));
        if f.role == FamilyRole::FocusLink {
            record.push((!codes.is_empty()).to_string());
        }
        if f.narrative {
            record.push(c.mentioned(&f.family).join(";"));
        }
    }
    record.push(a.statement.clone());
    record.push(evidence_cell(plan, &c.evidence));
    record.push(c.review.join("; "));
    let mut w = writer();
    let _ = w.write_record(&record);
    finish(w)
}

/// `activities.csv`, ready for Excel: the header and every row's record.
pub fn write_activities_csv(
    analysis: &Analysis<'_>,
    delimiter: u8,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = ExcelCsv::new(out, delimiter)?;
    w.record(
        activity_columns(analysis.taxonomy)
            .iter()
            .map(String::as_str),
    )?;
    for row in &analysis.rows {
        w.raw(&analysis.spool.get(analysis.activity(row).csv)?)?;
    }
    w.finish()
}

pub fn activities_csv(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record(activity_columns(analysis.taxonomy));
    let mut out = finish(w);
    for row in &analysis.rows {
        if let Ok(bytes) = analysis.spool.get(analysis.activity(row).csv) {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

/// Label of the last row of every matrix: owners with at least one activity.
pub const WITH_ANY_ROW: &str = "antal_med_minst_en";

pub fn coverage_csv(m: &Matrix) -> Vec<u8> {
    let mut w = writer();
    let mut header = vec!["owner".to_owned()];
    header.extend(m.codes.iter().cloned());
    let _ = w.write_record(&header);
    for (owner, counts) in m.owners.iter().zip(&m.counts) {
        let mut rec = vec![owner.clone()];
        rec.extend(counts.iter().map(|n| n.to_string()));
        let _ = w.write_record(&rec);
    }
    let mut last = vec![WITH_ANY_ROW.to_owned()];
    last.extend(m.owners_with_any.iter().map(|n| n.to_string()));
    let _ = w.write_record(&last);
    finish(w)
}

/// Header of `ocr_corrections.csv`.
const CORRECTION_COLUMNS: [&str; 6] = [
    "plan",
    "page",
    "offset",
    "original",
    "replacement",
    "reason",
];

/// The rows of `ocr_corrections.csv` of one plan.
pub fn correction_rows(plan_name: &str, p: &AnalysedPlan) -> Vec<u8> {
    let mut w = writer();
    for c in &p.corrections {
        let (page, offset) = cite_source(p, c.span.start);
        let _ = w.write_record([
            plan_name,
            &page.to_string(),
            &offset.to_string(),
            &c.original,
            &c.replacement,
            &c.reason,
        ]);
    }
    finish(w)
}

/// Every OCR correction, so an analyst can audit the repair; ready for Excel.
pub fn write_corrections_csv(
    analysis: &Analysis<'_>,
    delimiter: u8,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = ExcelCsv::new(out, delimiter)?;
    w.record(CORRECTION_COLUMNS)?;
    for p in &analysis.plans {
        if let Ok(s) = &p.outcome
            && !s.corrections.is_empty()
        {
            w.raw(&analysis.spool.get(s.corrections)?)?;
        }
    }
    w.finish()
}

/// Every OCR correction, so an analyst can audit the repair.
pub fn corrections_csv(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record(CORRECTION_COLUMNS);
    let mut out = finish(w);
    for p in &analysis.plans {
        if let Ok(s) = &p.outcome
            && let Ok(bytes) = analysis.spool.get(s.corrections)
        {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

/// Header of `gaps.csv` (and the Luckor sheet).
pub const GAP_COLUMNS: [&str; 7] = [
    "family",
    "code",
    "name",
    "departments",
    "status",
    "owners",
    "mentioned_only_in",
];

/// Header of `goal_counts.csv` (and the Målräkning sheet).
pub const GOAL_COUNT_COLUMNS: [&str; 5] = ["goal", "name", "departments", "companies", "owners"];

pub fn gaps_csv(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record(GAP_COLUMNS);
    for g in &analysis.gaps {
        let _ = w.write_record([
            g.family.clone(),
            g.code.clone(),
            g.name.clone(),
            g.departments.to_string(),
            g.status.clone(),
            g.owners.join(";"),
            g.mentioned_only_in.join(";"),
        ]);
    }
    finish(w)
}

pub fn goal_counts_csv(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record(GOAL_COUNT_COLUMNS);
    for g in &analysis.goal_counts {
        let _ = w.write_record([
            g.goal.clone(),
            g.name.clone(),
            g.departments.to_string(),
            g.companies.to_string(),
            g.owners.join(";"),
        ]);
    }
    finish(w)
}

pub fn flags_csv(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record(["plan", "owner", "kind", "detail"]);
    for f in &analysis.flags {
        let _ = w.write_record([&f.plan, &f.owner, f.kind.as_str(), &f.detail]);
    }
    finish(w)
}
