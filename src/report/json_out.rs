//! `report.json`: everything in one document, with stable field names.
//!
//! The document is one pretty-printed JSON object (keys sorted). Its long
//! lists, `plans` and `activities`, are made of entries rendered when each plan
//! finishes ([`plan_entry`], [`activity_entry`]) and spooled; the document is
//! written around them, with the same bytes as printing it whole.

use super::Analysis;
use super::csv_out::cite;
use crate::ingest::IngestError;
use crate::pipeline::{AnalysedPlan, CodedActivity, PlanResult};
use crate::segment::join_pieces;
use crate::taxonomy::Taxonomy;
use serde_json::{Value, json};
use std::io::{self, Write};

/// Depth of the entries of the document's lists (document → list → entry).
const ENTRY_DEPTH: usize = 2;

/// `value` pretty-printed as it would be `depth` levels deep in a document.
fn pretty_at(value: &Value, depth: usize) -> Vec<u8> {
    let s = serde_json::to_string_pretty(value).unwrap_or_default();
    // Strings never hold a raw line feed (it is escaped), so every line feed
    // starts a line to indent.
    s.replace('\n', &format!("\n{}", "  ".repeat(depth)))
        .into_bytes()
}

/// The entry of `plans` of a plan that was read.
pub fn plan_entry(r: &PlanResult, p: &AnalysedPlan, labels: &[&str]) -> Vec<u8> {
    let v = json!({
        "plan": r.plan,
        "path": r.path.display().to_string(),
        "status": "ok",
        "format": p.ingested.format.to_string(),
        "owner": p.owner.name,
        "owner_source": p.owner.source,
        "pages": p.ingested.pages.iter().zip(labels).map(|(pg, label)| json!({"number": pg.number, "kind": pg.kind, "label": label})).collect::<Vec<_>>(),
        "ocr_damage": p.damage,
        "ocr_corrections": p.corrections.len(),
        "unknown_words_after_repair": p.unknown_after_repair,
        "goals_found": p.goals.iter().map(|g| json!({"goal": g.goal, "by_wording": g.by_wording, "doubt": g.doubt, "page": cite(p, g.heading.start).0})).collect::<Vec<_>>(),
        "has_goal_structure": p.has_goal_structure,
        "table_of_contents_skipped": p.toc.is_some(),
        "activities": p.activities.len(),
        "empty_rubriker": p.empty_rubriker.iter().map(|e| json!({"goal": e.goal, "rubrik": e.rubrik, "page": cite(p, e.span.start).0})).collect::<Vec<_>>(),
    });
    pretty_at(&v, ENTRY_DEPTH)
}

/// The entry of `plans` of a plan that could not be read.
pub fn failed_plan_entry(r: &PlanResult, e: &IngestError) -> Vec<u8> {
    let v = json!({
        "plan": r.plan,
        "path": r.path.display().to_string(),
        "status": "olasbar",
        "reason": e.to_string(),
    });
    pretty_at(&v, ENTRY_DEPTH)
}

/// The entry of `activities`, without `also_in` (known only when the batch is
/// aggregated; [`write_report_json`] puts it in).
pub fn activity_entry(
    plan_name: &str,
    owner: &str,
    p: &AnalysedPlan,
    a: &CodedActivity,
    taxonomy: &Taxonomy,
) -> Vec<u8> {
    let text = p.text.as_str();
    let (page, offset) = a
        .activity
        .statement
        .first()
        .map_or((1, 0), |r| cite(p, r.start));
    let v = json!({
        "activity_id": a.id,
        "plan": plan_name,
        "owner": owner,
        "goal": a.activity.goal,
        "goal_inferred": a.activity.goal_inferred,
        "rubrik": a.activity.rubrik,
        "status": a.activity.status,
        "city_wide": a.city_wide,
        "counts": a.counts,
        "page": page,
        "offset": offset,
        "text": a.statement,
        "description": join_pieces(text, &a.activity.description),
        "narrative": join_pieces(text, &a.activity.narrative),
        "codes": a.coded.codes,
        "mentioned_only_in_narrative_or_behov": a.coded.mentioned,
        "explicit_focus": !a.coded.get(&taxonomy.focus_family().family).is_empty(),
        "generic_violence_only": !a.coded.generic_violence.is_empty(),
        "review": a.coded.review,
        "evidence": a.coded.evidence.iter().chain(&a.coded.generic_violence).map(|e| {
            let (page, offset) = cite(p, e.span.start);
            json!({"family": e.family, "code": e.code, "rule": e.rule, "matched": e.matched, "place": e.place, "page": page, "offset": offset})
        }).collect::<Vec<_>>(),
    });
    pretty_at(&v, ENTRY_DEPTH)
}

/// One member of the document: `"key": value` at depth 1.
fn member(out: &mut dyn Write, first: &mut bool, key: &str, value: &Value) -> io::Result<()> {
    open_member(out, first, key)?;
    out.write_all(&pretty_at(value, 1))
}

fn open_member(out: &mut dyn Write, first: &mut bool, key: &str) -> io::Result<()> {
    out.write_all(if *first { b"\n  " } else { b",\n  " })?;
    *first = false;
    out.write_all(&serde_json::to_vec(key).unwrap_or_default())?;
    out.write_all(b": ")
}

/// A list member whose entries come one by one.
fn list_member(
    out: &mut dyn Write,
    first: &mut bool,
    key: &str,
    entries: &mut dyn Iterator<Item = io::Result<Vec<u8>>>,
) -> io::Result<()> {
    open_member(out, first, key)?;
    out.write_all(b"[")?;
    let mut empty = true;
    for e in entries {
        out.write_all(if empty { b"\n    " } else { b",\n    " })?;
        out.write_all(&e?)?;
        empty = false;
    }
    out.write_all(if empty { b"]" } else { b"\n  ]" })
}

/// An activity entry with `also_in` put in after `activity_id` (the first key).
fn with_also_in(entry: &[u8], also_in: &[String]) -> Vec<u8> {
    let line_end = |from: usize| {
        entry[from..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(entry.len(), |i| from + i + 1)
    };
    let cut = line_end(line_end(0));
    let mut out = Vec::with_capacity(entry.len() + 64);
    out.extend_from_slice(&entry[..cut]);
    out.extend_from_slice(b"      \"also_in\": ");
    out.extend_from_slice(&pretty_at(&json!(also_in), ENTRY_DEPTH + 1));
    out.extend_from_slice(b",\n");
    out.extend_from_slice(&entry[cut..]);
    out
}

pub fn write_report_json(analysis: &Analysis<'_>, out: &mut dyn Write) -> io::Result<()> {
    let coverage: serde_json::Map<String, Value> = analysis
        .matrices
        .iter()
        .map(|m| {
            (
                m.family.clone(),
                json!({
                    "codes": m.codes,
                    "names": m.names,
                    "rows": m.owners.iter().enumerate().map(|(i, o)| json!({
                        "owner": o,
                        "counts": m.counts[i],
                        "activity_ids": m.ids[i],
                    })).collect::<Vec<_>>(),
                    "owners_with_any": m.owners_with_any,
                }),
            )
        })
        .collect();
    let spool = &analysis.spool;
    // Members in key order, as serde_json prints a map.
    let mut first = true;
    out.write_all(b"{")?;
    list_member(
        out,
        &mut first,
        "activities",
        &mut analysis.rows.iter().map(|row| {
            let entry = spool.get(analysis.activity(row).json)?;
            Ok(with_also_in(&entry, &row.also_in))
        }),
    )?;
    member(out, &mut first, "coverage", &Value::Object(coverage))?;
    // What each kind of flag in the run means, for a reader of `flags`.
    let kinds: std::collections::BTreeMap<&str, Value> = analysis
        .flags
        .iter()
        .map(|f| {
            let (title, description) = f.kind.meaning();
            (
                f.kind.as_str(),
                json!({"title": title, "description": description}),
            )
        })
        .collect();
    member(out, &mut first, "flag_kinds", &json!(kinds))?;
    member(out, &mut first, "flags", &json!(analysis.flags))?;
    member(out, &mut first, "gaps", &json!(analysis.gaps))?;
    member(out, &mut first, "goal_counts", &json!(analysis.goal_counts))?;
    member(out, &mut first, "owners", &json!(analysis.owners))?;
    list_member(
        out,
        &mut first,
        "plans",
        &mut analysis.plans.iter().map(|p| spool.get(p.json)),
    )?;
    member(
        out,
        &mut first,
        "summary",
        &json!({
            "plans": analysis.plans.len(),
            "unreadable": analysis.unreadable(),
            "owners": analysis.owners.len(),
            "activities": analysis.rows.len(),
            "flags": analysis.flags.len(),
        }),
    )?;
    member(out, &mut first, "taxonomy", &json!(analysis.taxonomy.name))?;
    member(out, &mut first, "tool", &json!("plancov"))?;
    member(
        out,
        &mut first,
        "version",
        &json!(env!("CARGO_PKG_VERSION")),
    )?;
    out.write_all(b"\n}\n")
}

pub fn report_json(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = write_report_json(analysis, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testkit::{batch, taxonomy};
    use crate::report::{Spool, aggregate, aggregate_digests};

    const PLAN: &str = "Handlingsplan för Kulturförvaltningen\n\n\
        Inriktningsmål 1 - Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\n\
        Verksamhetsspecifika aktiviteter\n\n\
        - Förvaltningen ska utbilda om \"våld i nära relation\" och hedersrelaterat våld.\n\n\
        - Förvaltningen ska informera besökarna om sexuellt våld.\n";

    /// Every object's keys, at any depth, in order.
    fn keys_sorted(v: &Value) -> bool {
        match v {
            Value::Object(m) => {
                let keys: Vec<&String> = m.keys().collect();
                keys.windows(2).all(|w| w[0] < w[1]) && m.values().all(keys_sorted)
            }
            Value::Array(a) => a.iter().all(keys_sorted),
            _ => true,
        }
    }

    /// The streamed document is the bytes of printing it whole, and its
    /// entries are the batch's: an activity in two files of one owner is one
    /// entry naming the second file in `also_in`.
    #[test]
    fn the_document_is_whole_pretty_json_with_also_in() {
        let tax = taxonomy();
        let b = batch(&[("kultur.txt", PLAN), ("kultur_v2.txt", PLAN)], &tax);
        let a = aggregate(&b, &tax);
        let bytes = report_json(&a);
        let text = String::from_utf8(bytes).expect("utf-8");
        let v: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(
            text,
            format!("{}\n", serde_json::to_string_pretty(&v).expect("print")),
            "streamed and whole differ"
        );
        assert!(keys_sorted(&v), "keys are sorted");
        let acts = v["activities"].as_array().expect("activities");
        assert_eq!(acts.len(), 2, "one entry per unique activity");
        for e in acts {
            assert_eq!(e["also_in"], json!(["kultur_v2.txt"]), "{e}");
            assert_eq!(e["plan"], "kultur.txt");
            assert_eq!(e["owner"], "Kulturförvaltningen");
            assert_eq!(e["goal"], "1");
            assert_eq!(e["rubrik"], "verksamhetsspecifik");
            assert_eq!(e["counts"], true);
            assert_eq!(e["city_wide"], false);
        }
        assert_eq!(
            acts[0]["text"],
            "Förvaltningen ska utbilda om \"våld i nära relation\" och hedersrelaterat våld."
        );
        assert_eq!(
            acts[0]["codes"]["focus"],
            json!(["vald_i_nara_relation", "hedersrelaterat"])
        );
        assert_eq!(acts[0]["explicit_focus"], true);
        let plans: Vec<&str> = v["plans"]
            .as_array()
            .expect("plans")
            .iter()
            .map(|p| p["plan"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(plans, ["kultur.txt", "kultur_v2.txt"]);
        assert_eq!(v["plans"][1]["activities"], 2, "each file's own count");
        assert_eq!(
            v["summary"],
            json!({"plans": 2, "unreadable": 0, "owners": 1, "activities": 2, "flags": a.flags.len()})
        );
        assert_eq!(
            v["coverage"]["goal"]["rows"][0]["counts"],
            json!([2, 0, 0, 0, 0, 0])
        );
        assert_eq!(v["tool"], "plancov");
        // Every kind of flag raised is explained.
        for f in v["flags"].as_array().expect("flags") {
            let kind = f["kind"].as_str().unwrap_or("");
            assert!(
                v["flag_kinds"][kind]["title"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty()),
                "{kind}"
            );
        }
    }

    #[test]
    fn an_empty_run_is_a_valid_document() {
        let tax = taxonomy();
        let a = aggregate_digests(Vec::new(), &tax, Spool::in_memory());
        let text = String::from_utf8(report_json(&a)).expect("utf-8");
        let v: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(
            text,
            format!("{}\n", serde_json::to_string_pretty(&v).expect("print"))
        );
        assert_eq!(v["activities"], json!([]));
        assert_eq!(v["plans"], json!([]));
        assert_eq!(v["summary"]["plans"], 0);
    }
}
