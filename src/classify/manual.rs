//! Analyst corrections that stick: `corrections.csv`, kept beside the plans,
//! with `activity_id,family,code,action,comment` (action `add` or `remove`).
//!
//! In: the file and a batch of coded plans. Out: the batch with the codes
//! changed, each change recorded as evidence with the rule `manuell: …` so every
//! output shows it was made by hand, and a list of rows that could not be
//! applied (unknown id, family or code) for the flags. Activity ids are stable
//! across runs of the same plans, so a correction keeps applying.

use super::{Evidence, Place};
use crate::pipeline::{AnalysedPlan, Batch};
use crate::taxonomy::{FamilyRole, Resolution, Taxonomy};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualCorrection {
    pub activity_id: String,
    pub family: String,
    pub code: String,
    pub add: bool,
    pub comment: String,
}

/// Why a corrections file could not be used; each message names the file
/// and, for a row, its line. The cause is part of the message and kept as
/// its source (the caller prints the message only).
#[derive(Debug, thiserror::Error)]
pub enum CorrectionsError {
    #[error("{}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {source}", .path.display())]
    Decode {
        path: PathBuf,
        #[source]
        source: crate::ingest::DecodeError,
    },
    #[error("{}: {source}", .path.display())]
    Header {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error("{}: header must be activity_id,family,code,action,comment", .path.display())]
    Columns { path: PathBuf },
    #[error("{}: line {line}: {source}", .path.display())]
    Row {
        path: PathBuf,
        line: usize,
        #[source]
        source: csv::Error,
    },
    #[error("{}: line {line}: action '{action}' is not add or remove", .path.display())]
    Action {
        path: PathBuf,
        line: usize,
        action: String,
    },
}

/// Read a corrections file; a malformed file is an error naming the line.
pub fn load(path: &Path) -> Result<Vec<ManualCorrection>, CorrectionsError> {
    let path_buf = || path.to_path_buf();
    let bytes = std::fs::read(path).map_err(|source| CorrectionsError::Read {
        path: path_buf(),
        source,
    })?;
    // Excel saves CSV as Windows-1252 (Swedish "CSV"), UTF-8 with BOM, or
    // UTF-16 with tabs ("Unicode-text"): decoded like a text plan.
    let (text, _) =
        crate::ingest::decode_text(&bytes).map_err(|source| CorrectionsError::Decode {
            path: path_buf(),
            source,
        })?;
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().unwrap_or("");
    let delimiter = if header.contains(';') {
        b';'
    } else if header.contains('\t') && !header.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|source| CorrectionsError::Header {
            path: path_buf(),
            source,
        })?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(id), Some(fam), Some(code), Some(action)) = (
        col("activity_id"),
        col("family"),
        col("code"),
        col("action"),
    ) else {
        return Err(CorrectionsError::Columns { path: path_buf() });
    };
    let comment = col("comment");
    let mut out = Vec::new();
    for (n, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|source| CorrectionsError::Row {
            path: path_buf(),
            line: n + 2,
            source,
        })?;
        let get = |i: usize| rec.get(i).unwrap_or("").trim().to_owned();
        let add = match get(action).to_lowercase().as_str() {
            "add" | "lägg till" => true,
            "remove" | "ta bort" => false,
            other => {
                return Err(CorrectionsError::Action {
                    path: path_buf(),
                    line: n + 2,
                    action: other.to_owned(),
                });
            }
        };
        out.push(ManualCorrection {
            activity_id: get(id),
            family: get(fam),
            code: get(code),
            add,
            comment: comment.map(get).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Apply corrections to every plan; returns the rows that did not apply.
pub fn apply(
    batch: &mut Batch,
    corrections: &[ManualCorrection],
    taxonomy: &Taxonomy,
) -> Vec<String> {
    let mut found = vec![false; corrections.len()];
    for r in &mut batch.plans {
        if let Ok(plan) = &mut r.outcome {
            for (i, hit) in apply_to_plan(plan, corrections, taxonomy)
                .into_iter()
                .enumerate()
            {
                found[i] |= hit;
            }
        }
    }
    problems(corrections, taxonomy, &found)
}

/// Whether correction `c` names a family and code of the taxonomy.
fn valid(c: &ManualCorrection, taxonomy: &Taxonomy) -> bool {
    match (taxonomy.family(&c.family), c.family.as_str()) {
        (Some(f), _) => f.codes.iter().any(|x| x.code == c.code),
        (None, "goal") => taxonomy.goals.iter().any(|g| g.code == c.code),
        _ => false,
    }
}

/// The rows that did not apply, given which were `found` in some plan.
pub fn problems(
    corrections: &[ManualCorrection],
    taxonomy: &Taxonomy,
    found: &[bool],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, c) in corrections.iter().enumerate() {
        if !valid(c, taxonomy) {
            problems.push(format!(
                "{}: okänd familj eller kod '{}/{}'",
                c.activity_id, c.family, c.code
            ));
        } else if !found.get(i).copied().unwrap_or(false) {
            problems.push(format!(
                "{}: ingen aktivitet med detta id i körningen",
                c.activity_id
            ));
        }
    }
    problems
}

/// Apply corrections to one plan (in the file's order); returns, per
/// correction, whether it found an activity here.
pub fn apply_to_plan(
    plan: &mut AnalysedPlan,
    corrections: &[ManualCorrection],
    taxonomy: &Taxonomy,
) -> Vec<bool> {
    let mut found = vec![false; corrections.len()];
    for (i, c) in corrections.iter().enumerate() {
        if !valid(c, taxonomy) {
            continue;
        }
        let family = taxonomy.family(&c.family);
        for a in plan.activities.iter_mut().filter(|a| a.id == c.activity_id) {
            found[i] = true;
            let at = a.activity.statement.first().map_or(0, |s| s.start);
            let rule = if c.add {
                format!("manuell: {}", c.comment)
            } else {
                format!("manuell borttagning: {}", c.comment)
            };
            if c.family == "goal" {
                a.activity.goal = c.code.clone();
                a.activity.goal_inferred = false;
            } else if let Some(f) = family {
                let codes = a.coded.codes.entry(f.family.clone()).or_default();
                let single = f.resolution != Resolution::All;
                if c.add {
                    if single {
                        codes.clear();
                    }
                    if !codes.contains(&c.code) {
                        codes.push(c.code.clone());
                    }
                } else {
                    codes.retain(|x| x != &c.code);
                    if codes.is_empty()
                        && let Some(d) = &f.default
                    {
                        codes.push(d.clone());
                    }
                }
                let order: Vec<&str> = f.code_names().collect();
                codes.sort_by_key(|x| order.iter().position(|o| o == x));
                a.coded
                    .evidence
                    .retain(|e| !(e.family == f.family && e.code == c.code));
                if f.role == FamilyRole::FocusLink && !codes.is_empty() {
                    a.coded.generic_violence.clear();
                }
            }
            a.coded.evidence.push(Evidence {
                family: c.family.clone(),
                code: c.code.clone(),
                rule,
                matched: String::new(),
                place: Place::Manual,
                span: at..at,
            });
        }
    }
    found
}
