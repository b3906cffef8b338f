//! The CSV deliverables: activities, coverage matrices, flags.

use super::{Analysis, Matrix};
use crate::classify::Evidence;
use crate::pipeline::AnalysedPlan;

/// Header of `activities.csv`; the order is part of the output contract.
pub const ACTIVITY_COLUMNS: [&str; 17] = [
    "plan",
    "owner",
    "activity_id",
    "goal",
    "goal_inferred",
    "rubrik",
    "status",
    "focus",
    "explicit_focus",
    "focus_in_narrative",
    "perspectives",
    "groups",
    "groups_in_narrative",
    "prevention",
    "target",
    "text",
    "evidence",
];

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
        .source
        .get(page_start..src)
        .map_or(0, |s| s.chars().count());
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

pub fn activities_csv(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record(ACTIVITY_COLUMNS);
    for row in &analysis.rows {
        let plan = analysis.plan(row);
        let a = analysis.activity(row);
        let c = &a.coded;
        let act = &a.activity;
        let record = [
            analysis.plan_name(row).to_owned(),
            row.owner.clone(),
            a.id.clone(),
            act.goal.clone(),
            act.goal_inferred.to_string(),
            act.rubrik.clone(),
            act.status.clone().unwrap_or_default(),
            c.get("focus").join(";"),
            (!c.get("focus").is_empty()).to_string(),
            c.mentioned("focus").join(";"),
            c.get("perspective").join(";"),
            c.get("group").join(";"),
            c.mentioned("group").join(";"),
            c.get("prevention").join(";"),
            c.get("target").join(";"),
            a.statement.clone(),
            evidence_cell(plan, &c.evidence),
        ];
        let _ = w.write_record(&record);
    }
    finish(w)
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

/// Every OCR correction, so an analyst can audit the repair.
pub fn corrections_csv(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record([
        "plan",
        "page",
        "offset",
        "original",
        "replacement",
        "reason",
    ]);
    for r in &analysis.batch.plans {
        let Ok(p) = &r.outcome else { continue };
        for c in &p.corrections {
            let (page, offset) = cite_source(p, c.span.start);
            let _ = w.write_record([
                r.plan.clone(),
                page.to_string(),
                offset.to_string(),
                c.original.clone(),
                c.replacement.clone(),
                c.reason.clone(),
            ]);
        }
    }
    finish(w)
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
        let _ = w.write_record([&f.plan, &f.owner, &f.kind, &f.detail]);
    }
    finish(w)
}
