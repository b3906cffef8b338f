//! `report.json`: everything in one document, with stable field names.

use super::Analysis;
use super::csv_out::cite;
use crate::segment::join_pieces;
use serde_json::{Value, json};

pub fn report_json(analysis: &Analysis<'_>) -> Vec<u8> {
    let plans: Vec<Value> = analysis
        .batch
        .plans
        .iter()
        .map(|r| match &r.outcome {
            Ok(p) => json!({
                "plan": r.plan,
                "path": r.path.display().to_string(),
                "status": "ok",
                "format": p.ingested.format.to_string(),
                "owner": p.owner.name,
                "owner_source": p.owner.source,
                "pages": p.ingested.pages.iter().map(|pg| json!({"number": pg.number, "kind": pg.kind, "label": crate::pipeline::page_label(p, pg)})).collect::<Vec<_>>(),
                "ocr_damage": p.damage,
                "ocr_corrections": p.corrections.len(),
                "unknown_words_after_repair": p.unknown_after_repair,
                "goals_found": p.goals.iter().map(|g| json!({"goal": g.goal, "by_wording": g.by_wording, "page": cite(p, g.heading.start).0})).collect::<Vec<_>>(),
                "has_goal_structure": p.has_goal_structure,
                "table_of_contents_skipped": p.toc.is_some(),
                "activities": p.activities.len(),
                "empty_rubriker": p.empty_rubriker.iter().map(|e| json!({"goal": e.goal, "rubrik": e.rubrik, "page": cite(p, e.span.start).0})).collect::<Vec<_>>(),
            }),
            Err(e) => json!({
                "plan": r.plan,
                "path": r.path.display().to_string(),
                "status": "olasbar",
                "reason": e.to_string(),
            }),
        })
        .collect();
    let activities: Vec<Value> = analysis
        .rows
        .iter()
        .map(|row| {
            let p = analysis.plan(row);
            let a = analysis.activity(row);
            let text = p.text.as_str();
            let (page, offset) = a.activity.statement.first().map_or((1, 0), |r| cite(p, r.start));
            json!({
                "activity_id": a.id,
                "plan": analysis.plan_name(row),
                "also_in": row.also_in,
                "owner": row.owner,
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
                "explicit_focus": !a.coded.get("focus").is_empty(),
                "generic_violence_only": !a.coded.generic_violence.is_empty(),
                "evidence": a.coded.evidence.iter().chain(&a.coded.generic_violence).map(|e| {
                    let (page, offset) = cite(p, e.span.start);
                    json!({"family": e.family, "code": e.code, "rule": e.rule, "matched": e.matched, "place": e.place, "page": page, "offset": offset})
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
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
    let failed = analysis
        .batch
        .plans
        .iter()
        .filter(|r| r.outcome.is_err())
        .count();
    let doc = json!({
        "tool": "plancov",
        "version": env!("CARGO_PKG_VERSION"),
        "taxonomy": analysis.taxonomy.name,
        "summary": {
            "plans": analysis.batch.plans.len(),
            "unreadable": failed,
            "owners": analysis.owners.len(),
            "activities": analysis.rows.len(),
            "flags": analysis.flags.len(),
        },
        "plans": plans,
        "owners": analysis.owners,
        "activities": activities,
        "coverage": coverage,
        "flags": analysis.flags,
        "gaps": analysis.gaps,
        "goal_counts": analysis.goal_counts,
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}
