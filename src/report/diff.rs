//! Comparing two follow-ups: two `--out` folders in, what changed out.
//!
//! Gaps that closed or opened (a code's status from `saknas`/`svag`/`ok`), and
//! per owner the activities added and removed (by their stable ids), as CSV and
//! as a short text in Swedish.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Why two follow-ups could not be compared; the cause follows the message.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a plancov report", .path.display())]
    NotReport {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

type Result<T, E = DiffError> = std::result::Result<T, E>;

fn load(dir: &Path) -> Result<Value> {
    let p = dir.join("report.json");
    let bytes = std::fs::read(&p).map_err(|source| DiffError::Read {
        path: p.clone(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| DiffError::NotReport { path: p, source })
}

fn status_rank(s: &str) -> u8 {
    match s {
        "saknas" => 0,
        "svag" => 1,
        _ => 2,
    }
}

/// (csv bytes, Swedish text).
pub fn diff(old_dir: &Path, new_dir: &Path) -> Result<(Vec<u8>, String)> {
    let (old, new) = (load(old_dir)?, load(new_dir)?);
    let gaps = |v: &Value| -> BTreeMap<(String, String), (String, String)> {
        v["gaps"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|g| {
                        (
                            (
                                g["family"].as_str().unwrap_or("").to_owned(),
                                g["code"].as_str().unwrap_or("").to_owned(),
                            ),
                            (
                                g["status"].as_str().unwrap_or("").to_owned(),
                                g["name"].as_str().unwrap_or("").to_owned(),
                            ),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let acts = |v: &Value| -> BTreeMap<String, BTreeMap<String, String>> {
        let mut m: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for a in v["activities"].as_array().into_iter().flatten() {
            m.entry(a["owner"].as_str().unwrap_or("").to_owned())
                .or_default()
                .insert(
                    a["activity_id"].as_str().unwrap_or("").to_owned(),
                    a["text"].as_str().unwrap_or("").to_owned(),
                );
        }
        m
    };
    let (og, ng) = (gaps(&old), gaps(&new));
    let (oa, na) = (acts(&old), acts(&new));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kind",
        "owner",
        "family",
        "code",
        "activity_id",
        "old",
        "new",
        "text",
    ])?;
    let mut text = String::from("# Jämförelse mellan två uppföljningar\n\n");
    let mut closed = Vec::new();
    let mut opened = Vec::new();
    for (key, (new_status, name)) in &ng {
        let old_status = og.get(key).map_or("", |x| x.0.as_str());
        if old_status.is_empty() || old_status == new_status {
            continue;
        }
        let better = status_rank(new_status) > status_rank(old_status);
        let kind = if better {
            "lucka_stangd"
        } else {
            "lucka_oppnad"
        };
        w.write_record([kind, "", &key.0, &key.1, "", old_status, new_status, name])?;
        let line = format!("- {name} ({}): {old_status} → {new_status}", key.0);
        if better {
            closed.push(line)
        } else {
            opened.push(line)
        }
    }
    let _ = writeln!(text, "## Luckor\n");
    if closed.is_empty() && opened.is_empty() {
        let _ = writeln!(text, "Inga luckor har stängts eller öppnats.\n");
    }
    if !closed.is_empty() {
        let _ = writeln!(
            text,
            "Stängda eller minskade luckor:\n\n{}\n",
            closed.join("\n")
        );
    }
    if !opened.is_empty() {
        let _ = writeln!(text, "Nya eller större luckor:\n\n{}\n", opened.join("\n"));
    }
    let _ = writeln!(text, "## Aktiviteter per förvaltning och bolag\n");
    let owners: BTreeSet<&String> = oa.keys().chain(na.keys()).collect();
    let empty = BTreeMap::new();
    let mut any = false;
    for owner in owners {
        let (o, n) = (
            oa.get(owner).unwrap_or(&empty),
            na.get(owner).unwrap_or(&empty),
        );
        let added: Vec<_> = n.iter().filter(|(id, _)| !o.contains_key(*id)).collect();
        let removed: Vec<_> = o.iter().filter(|(id, _)| !n.contains_key(*id)).collect();
        if added.is_empty() && removed.is_empty() {
            continue;
        }
        any = true;
        let _ = writeln!(
            text,
            "**{owner}**: {}, {}.\n",
            super::sv::count_qualified(added.len(), "ny", "nya", super::sv::ACTIVITY),
            super::sv::count_adjective(removed.len(), "borttagen", "borttagna")
        );
        for (id, t) in &added {
            w.write_record(["aktivitet_ny", owner, "", "", id, "", "", t])?;
            let _ = writeln!(text, "- ny: {t} ({id})");
        }
        for (id, t) in &removed {
            w.write_record(["aktivitet_borttagen", owner, "", "", id, "", "", t])?;
            let _ = writeln!(text, "- borttagen: {t} ({id})");
        }
        text.push('\n');
    }
    if !any {
        let _ = writeln!(text, "Inga aktiviteter har tillkommit eller tagits bort.");
    }
    let csv = w.into_inner().map_err(|e| e.into_error())?;
    Ok((csv, text))
}
