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

/// The column of `activities.csv` holding the statement (`text`), counted
/// as [`activity_columns`] lays them out, without building the header.
pub fn statement_column(taxonomy: &Taxonomy) -> usize {
    7 + taxonomy
        .families
        .iter()
        .map(|f| 1 + usize::from(f.role == FamilyRole::FocusLink) + usize::from(f.narrative))
        .sum::<usize>()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testkit::{batch, taxonomy};
    use crate::report::{Flag, FlagKind, Gap, GoalCount, Spool, aggregate, aggregate_digests};

    #[test]
    fn a_coverage_matrix_is_a_row_per_owner_and_a_summary_row() {
        let m = Matrix {
            family: "group".into(),
            codes: vec!["hbtq".into(), "aldre".into()],
            names: vec!["Hbtq-personer".into(), "Äldre".into()],
            owners: vec![
                "Hälsa-, vård- och omsorgsförvaltningen".into(),
                "MKB".into(),
            ],
            counts: vec![vec![0, 3], vec![1, 0]],
            ids: vec![
                vec![vec![], vec!["a".into(); 3]],
                vec![vec!["b".into()], vec![]],
            ],
            owners_with_any: vec![1, 1],
        };
        assert_eq!(
            String::from_utf8(coverage_csv(&m)).expect("utf-8"),
            "owner,hbtq,aldre\n\
             \"Hälsa-, vård- och omsorgsförvaltningen\",0,3\n\
             MKB,1,0\n\
             antal_med_minst_en,1,1\n"
        );
    }

    #[test]
    fn statement_column_is_the_text_column() {
        let tax = taxonomy();
        let cols = activity_columns(&tax);
        assert_eq!(cols[statement_column(&tax)], "text");
        assert_eq!(cols[GOAL_COLUMN], "goal");
    }

    #[test]
    fn flags_gaps_and_goal_counts_are_quoted_where_they_must_be() {
        let tax = taxonomy();
        let mut a = aggregate_digests(Vec::new(), &tax, Spool::in_memory());
        a.flags = vec![Flag {
            plan: "a.txt;b.txt".into(),
            owner: "MKB Fastighets AB".into(),
            kind: FlagKind::TomtMal,
            detail: "ett \"citat\", två rader\nslut".into(),
        }];
        assert_eq!(
            String::from_utf8(flags_csv(&a)).expect("utf-8"),
            "plan,owner,kind,detail\n\
             a.txt;b.txt,MKB Fastighets AB,tomt_mal,\"ett \"\"citat\"\", två rader\nslut\"\n"
        );
        a.gaps = vec![Gap {
            family: "group".into(),
            code: "hbtq".into(),
            name: "Hbtq-personer".into(),
            departments: 0,
            status: "saknas".into(),
            owners: Vec::new(),
            mentioned_only_in: vec!["behov: A".into(), "berättelse: B, C".into()],
        }];
        assert_eq!(
            String::from_utf8(gaps_csv(&a)).expect("utf-8"),
            "family,code,name,departments,status,owners,mentioned_only_in\n\
             group,hbtq,Hbtq-personer,0,saknas,,\"behov: A;berättelse: B, C\"\n"
        );
        a.goal_counts = vec![GoalCount {
            goal: "6".into(),
            name: "Stadens arbete sker i samverkan med myndigheter, civilsamhälle".into(),
            departments: 1,
            companies: 1,
            owners: vec!["A".into(), "MKB Fastighets AB".into()],
        }];
        assert_eq!(
            String::from_utf8(goal_counts_csv(&a)).expect("utf-8"),
            "goal,name,departments,companies,owners\n\
             6,\"Stadens arbete sker i samverkan med myndigheter, civilsamhälle\",1,1,A;MKB Fastighets AB\n"
        );
    }

    const PLAN: &str = "Handlingsplan för Kulturförvaltningen\n\n\
        Inriktningsmål 1 - Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\n\
        Verksamhetsspecifika aktiviteter\n\n\
        - Förvaltningen ska utbilda om \"våld i nära relation\"; även hedersrelaterat våld.\n\n\
        - Förvaltningen ska informera besökarna om sexuellt våld.\n";

    #[test]
    fn activities_csv_for_excel_has_the_contracted_header_and_a_row_per_activity() {
        let tax = taxonomy();
        let b = batch(&[("kultur.txt", PLAN)], &tax);
        let a = aggregate(&b, &tax);
        let mut out = Vec::new();
        write_activities_csv(&a, b';', &mut out).expect("written");
        let text = String::from_utf8(out).expect("utf-8");
        let body = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
        let (header, rows) = body.split_once('\n').expect("a header line");
        assert_eq!(
            header,
            "plan;owner;activity_id;goal;goal_inferred;rubrik;status;focus;explicit_focus;\
             focus_in_narrative;perspectives;groups;groups_in_narrative;prevention;target;\
             text;evidence;granska"
        );
        // Cells with the delimiter or quotes are quoted, quotes doubled.
        assert!(
            rows.contains(
                ";\"Förvaltningen ska utbilda om \"\"våld i nära relation\"\"; även hedersrelaterat våld.\";"
            ),
            "{rows}"
        );
        assert!(
            rows.contains(";\"vald_i_nara_relation;hedersrelaterat\";true;"),
            "{rows}"
        );
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(body.as_bytes());
        let records: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
        assert_eq!(records.len(), 2, "a row per activity: {rows}");
        for rec in &records {
            assert_eq!(rec.len(), 18, "{rec:?}");
            assert_eq!(
                (&rec[0], &rec[1], &rec[3], &rec[4], &rec[5], &rec[6]),
                (
                    "kultur.txt",
                    "Kulturförvaltningen",
                    "1",
                    "false",
                    "verksamhetsspecifik",
                    ""
                )
            );
        }
        assert_eq!(
            &records[0][15],
            "Förvaltningen ska utbilda om \"våld i nära relation\"; även hedersrelaterat våld."
        );
        assert_eq!(
            &records[1][15],
            "Förvaltningen ska informera besökarna om sexuellt våld."
        );
        assert_eq!(&records[1][7], "sexuellt_vald");
        // The plain file is the same rows, comma-separated, without a BOM.
        let plain = String::from_utf8(activities_csv(&a)).expect("utf-8");
        assert!(plain.starts_with("plan,owner,activity_id,"), "{plain}");
        assert_eq!(
            csv::Reader::from_reader(plain.as_bytes()).records().count(),
            2
        );
    }
}
