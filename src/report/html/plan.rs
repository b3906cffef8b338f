//! One plan's part of `report.html`: an analysed (or unreadable) plan in, its
//! HTML section (pages, text with OCR corrections marked, activity anchors)
//! and each activity's entry in the script's data out, made as the plan
//! finishes and spooled until the page is written.

use super::{escape, plural, script_json};
use crate::classify::{Evidence, Place};
use crate::ingest::IngestError;
use crate::pipeline::{AnalysedPlan, CodedActivity};
use crate::report::csv_out::cite;
use crate::taxonomy::Taxonomy;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::ops::Range;

fn floor_boundary(s: &str, pos: usize) -> usize {
    let mut p = pos.min(s.len());
    while p > 0 && !s.is_char_boundary(p) {
        p -= 1;
    }
    p
}

/// The section of a plan that could not be read.
pub fn failed_plan_section(pi: usize, name: &str, e: &IngestError) -> String {
    format!(
        "<details class=\"plan bad\" id=\"plan-{pi}\"><summary><span class=\"pname\">{}</span> \
         <span class=\"pill saknas\">oläsbar</span> <span class=\"muted\">{}</span></summary></details>\n",
        escape(name),
        escape(&e.to_string())
    )
}

/// The section of plan `pi`, read: its pages and text; `labels` are its pages' labels.
pub fn plan_section(pi: usize, name: &str, p: &AnalysedPlan, labels: &[&'static str]) -> String {
    let mut s = String::with_capacity(p.text.len() * 5 / 4 + 1024);
    let h = &mut s;
    let _ = write!(
        h,
        "<details class=\"plan\" id=\"plan-{pi}\"><summary><span class=\"pname\">{}</span> \
         <span class=\"muted\">{} · {} · {} · {}</span>{}</summary>\n<div class=\"pbody\">\n<p class=\"pages\">",
        escape(name),
        escape(&p.owner.name),
        escape(&p.ingested.format.to_string()),
        plural(p.ingested.pages.len(), "sida", "sidor"),
        plural(p.activities.len(), "aktivitet", "aktiviteter"),
        if p.corrections.is_empty() {
            String::new()
        } else {
            format!(
                " <span class=\"pill svag\">{}</span>",
                plural(p.corrections.len(), "OCR-rättelse", "OCR-rättelser")
            )
        }
    );
    for (pg, label) in p.ingested.pages.iter().zip(labels) {
        let _ = write!(
            h,
            "<a class=\"pg pg-{label}\" href=\"#plan-{pi}-s{}\">s. {} <small>{label}</small></a>",
            pg.number, pg.number
        );
    }
    h.push_str("</p>\n<div class=\"plantext\">");
    plan_text(h, pi, p, labels);
    h.push_str("</div>\n</div>\n</details>\n");
    s
}

/// The plan's (repaired) text page by page, corrections as `<ins>`, activity
/// statements underlined with an anchor at each statement's start.
fn plan_text(h: &mut String, pi: usize, p: &AnalysedPlan, labels: &[&'static str]) {
    let text = p.text.as_str();
    let len = text.len();
    // Page starts in the text.
    let mut pages: Vec<(usize, u32, &'static str)> = p
        .ingested
        .pages
        .iter()
        .zip(labels)
        .map(|(pg, &label)| {
            (
                floor_boundary(text, p.text.position_of_origin(pg.start)),
                pg.number,
                label,
            )
        })
        .collect();
    if let Some(first) = pages.first_mut() {
        first.0 = 0;
    }
    if pages.is_empty() {
        pages.push((0, 1, "text"));
    }
    // Corrections located in the text: all replacement bytes map to the source start.
    let mut located: Vec<(Range<usize>, String)> = p
        .corrections
        .iter()
        .map(|c| {
            let s = floor_boundary(text, p.text.position_of_origin(c.span.start));
            let e = floor_boundary(text, p.text.position_of_origin(c.span.end));
            (s..e, format!("original: {} – {}", c.original, c.reason))
        })
        .filter(|(r, _)| r.start < r.end)
        .collect();
    located.sort_by_key(|(r, _)| (r.start, r.end));
    let mut fixes: Vec<(Range<usize>, String)> = Vec::with_capacity(located.len());
    for (r, title) in located {
        if fixes.last().is_none_or(|(last, _)| last.end <= r.start) {
            fixes.push((r, title));
        }
    }
    // Statement pieces (merged) and anchors.
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut anchors: Vec<(usize, String)> = Vec::new();
    for a in &p.activities {
        if let Some(first) = a.activity.statement.first() {
            anchors.push((floor_boundary(text, first.start), anchor_id(pi, a)));
        }
        for r in &a.activity.statement {
            let s = floor_boundary(text, r.start);
            let e = floor_boundary(text, r.end);
            if s < e {
                pieces.push(s..e);
            }
        }
    }
    pieces.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in pieces {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    anchors.sort();
    let mut cuts: Vec<usize> = vec![0, len];
    cuts.extend(pages.iter().map(|x| x.0));
    cuts.extend(fixes.iter().flat_map(|(r, _)| [r.start, r.end]));
    cuts.extend(merged.iter().flat_map(|r| [r.start, r.end]));
    cuts.extend(anchors.iter().map(|a| a.0));
    cuts.retain(|&c| c <= len);
    cuts.sort_unstable();
    cuts.dedup();
    let (mut fi, mut mi, mut ai, mut page_i) = (0, 0, 0, 0);
    let mut open_page = false;
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        while page_i < pages.len() && pages[page_i].0 <= s {
            if open_page {
                h.push_str("</pre></div>");
            }
            let (_, number, label) = pages[page_i];
            let _ = write!(
                h,
                "<div class=\"page\" id=\"plan-{pi}-s{number}\"><div class=\"pagehead\">Sida {number} \
                 <span class=\"pill pg-{label}\">{label}</span></div><pre>"
            );
            open_page = true;
            page_i += 1;
        }
        while ai < anchors.len() && anchors[ai].0 <= s {
            let _ = write!(
                h,
                "<span class=\"anchor\" id=\"{}\"></span>",
                escape(&anchors[ai].1)
            );
            ai += 1;
        }
        while fi < fixes.len() && fixes[fi].0.end <= s {
            fi += 1;
        }
        while mi < merged.len() && merged[mi].end <= s {
            mi += 1;
        }
        let Some(chunk) = text.get(s..e) else {
            continue;
        };
        let in_fix = fixes.get(fi).filter(|(r, _)| r.start <= s);
        let in_statement = merged.get(mi).is_some_and(|r| r.start <= s);
        if in_statement {
            h.push_str("<span class=\"st\">");
        }
        match in_fix {
            Some((_, title)) => {
                let _ = write!(
                    h,
                    "<ins data-fix=\"{fi}\" title=\"{}\">{}</ins>",
                    escape(title),
                    escape(chunk)
                );
            }
            None => h.push_str(&escape(chunk)),
        }
        if in_statement {
            h.push_str("</span>");
        }
    }
    if !open_page {
        h.push_str("<div class=\"page\"><pre>");
    }
    h.push_str("</pre></div>");
}

fn anchor_id(pi: usize, a: &CodedActivity) -> String {
    format!("p{pi}-{}", a.id)
}

/// An activity's statement or description as one line of text, with a map
/// from byte positions of the plan text to positions in that line.
struct Joined {
    text: String,
    /// (position in the plan text, position in `text`, length, UTF-16
    /// position in `text`) per word, in order.
    words: Vec<(usize, usize, usize, usize)>,
}

impl Joined {
    fn new(text: &str, pieces: &[Range<usize>]) -> Self {
        let mut out = String::new();
        let mut words = Vec::new();
        let mut utf16 = 0;
        for p in pieces {
            let Some(piece) = text.get(p.clone()) else {
                continue;
            };
            let base = piece.as_ptr() as usize;
            for w in piece.split_whitespace() {
                if !out.is_empty() {
                    out.push(' ');
                    utf16 += 1;
                }
                let at = p.start + (w.as_ptr() as usize - base);
                words.push((at, out.len(), w.len(), utf16));
                out.push_str(w);
                utf16 += w.encode_utf16().count();
            }
        }
        Joined { text: out, words }
    }

    /// The UTF-16 range (as JavaScript counts) of plan-text `span` in the line.
    /// Words are in order, so both ends are found by binary search and counted
    /// from their word's start: a long activity with many hits stays linear.
    fn utf16_range(&self, span: &Range<usize>) -> Option<(usize, usize)> {
        let first = self
            .words
            .partition_point(|&(t, _, l, _)| t + l <= span.start);
        let last = self
            .words
            .partition_point(|&(t, _, _, _)| t < span.end)
            .checked_sub(1)?;
        let &(t0, o0, _, u0) = self.words.get(first)?;
        let &(t1, o1, l1, u1) = self.words.get(last)?;
        let start = floor_boundary(&self.text, o0 + span.start.saturating_sub(t0)).max(o0);
        let end = floor_boundary(&self.text, o1 + (span.end - t1).min(l1)).max(o1);
        if start >= end {
            return None;
        }
        let u16_at = |word_at: usize, word_u16: usize, b: usize| {
            word_u16
                + self
                    .text
                    .get(word_at..b)
                    .map_or(0, |s| s.encode_utf16().count())
        };
        Some((u16_at(o0, u0, start), u16_at(o1, u1, end)))
    }
}

fn place_name(place: Place) -> &'static str {
    match place {
        Place::Statement => "aktiviteten",
        Place::Description => "beskrivningen",
        Place::Context => "målrubrikens sammanhang",
        Place::Narrative => "berättelsen",
        Place::Rubrik => "rubriken",
        Place::Default => "standardvärde",
        Place::Manual => "analytikerns rättelse",
    }
}

fn evidence_json(
    p: &AnalysedPlan,
    e: &Evidence,
    statement: &Joined,
    description: &Joined,
) -> Value {
    let (page, offset) = cite(p, e.span.start);
    let (zone, range) = match e.place {
        Place::Statement => ("s", statement.utf16_range(&e.span)),
        Place::Description => ("d", description.utf16_range(&e.span)),
        _ => ("", None),
    };
    let mut v = json!({
        "f": e.family,
        "c": e.code,
        "rule": e.rule,
        "m": e.matched,
        "place": place_name(e.place),
        "page": page,
        "off": offset,
    });
    if let (Some((a, b)), Some(obj)) = (range, v.as_object_mut()) {
        obj.insert("z".into(), json!(zone));
        obj.insert("a".into(), json!(a));
        obj.insert("b".into(), json!(b));
    }
    v
}

/// How the activity got its goal, in words.
fn goal_reason(p: &AnalysedPlan, a: &CodedActivity) -> String {
    if a.activity.goal_inferred {
        return "målet är härlett ur innehållet (ingen målrubrik ovanför aktiviteten)".into();
    }
    let start = a.activity.statement.first().map_or(0, |r| r.start);
    let heading = p
        .goals
        .iter()
        .rfind(|g| g.goal == a.activity.goal && g.heading.start <= start);
    match heading {
        Some(g) => {
            let line = g.heading_line(p.text.as_str(), 160);
            format!(
                "under målrubriken ”{line}” (s. {}){}{}",
                cite(p, g.heading.start).0,
                if g.by_wording {
                    ", igenkänd på ordalydelsen"
                } else {
                    ""
                },
                g.doubt
                    .as_deref()
                    .map_or(String::new(), |d| format!(" – osäkert läst: {d}"))
            )
        }
        None => format!("inriktningsmål {}", a.activity.goal),
    }
}

/// The entry of activity `a` of plan `pi` in the script's data, without
/// `also` (known only when the batch is aggregated), made safe for the script.
pub fn act_entry(
    pi: usize,
    plan_name: &str,
    owner: &str,
    p: &AnalysedPlan,
    a: &CodedActivity,
    taxonomy: &Taxonomy,
) -> String {
    let text = p.text.as_str();
    let statement = Joined::new(text, &a.activity.statement);
    let description = Joined::new(text, &a.activity.description);
    let (page, offset) = a
        .activity
        .statement
        .first()
        .map_or((1, 0), |r| cite(p, r.start));
    let rubrik = taxonomy
        .rubrik(&a.activity.rubrik)
        .map_or_else(|| a.activity.rubrik.clone(), |r| r.name.clone());
    let status = a.activity.status.as_deref().map(|s| {
        taxonomy
            .status(s)
            .map_or_else(|| s.to_owned(), |st| st.name.clone())
    });
    let evidence: Vec<Value> = a
        .coded
        .evidence
        .iter()
        .map(|e| evidence_json(p, e, &statement, &description))
        .collect();
    script_json(&json!({
        "plan": plan_name,
        "owner": owner,
        "anchor": anchor_id(pi, a),
        "page": page,
        "off": offset,
        "goal": a.activity.goal,
        "rubrik": rubrik,
        "status": status,
        "s": statement.text,
        "d": description.text,
        "gr": goal_reason(p, a),
        "ev": evidence,
        "rv": a.coded.review,
    }))
}
