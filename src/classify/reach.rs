//! Whom an activity reaches: its text zone in, the people it reaches out.
//!
//! In: the plan text, one zone of an activity (statement, description …), the
//! plan's term hits and the taxonomy's [`People`]. Out: [`Reached`], the words
//! for people outside the organisation and for staff that name the ones the
//! activity reaches, and the spans where people are only its subject matter.
//!
//! People are the subject matter, not the ones reached, after a topic cue to
//! the end of their clause (`utbildning om hur man stöttar brukare`, `känna
//! igen tecken på att ett barn lever med våld`), unless a cue reaches them
//! again (`riktad till`, `nå`); and in a relative clause that describes
//! staff (`medarbetare som möter våldsutsatta`). Codebook §6, §9: staff
//! training, routines and materials are internal even when they exist for the
//! sake of clients; material, information or support given to people outside
//! reaches them.

use super::{Place, TermHits, hits_in, longest_first, reached as cued};
use crate::taxonomy::People;
use std::ops::Range;

/// Whom one zone of an activity reaches.
#[derive(Debug, Default, Clone)]
pub struct Reached {
    /// People outside the organisation the activity reaches.
    pub outside: Vec<(Place, Range<usize>)>,
    /// Staff it reaches or that carry it out.
    pub staff: Vec<(Place, Range<usize>)>,
    /// Spans where people are the subject matter of the activity.
    pub topic: Vec<Range<usize>>,
    /// Spans that are what information tells or an analysis counts
    /// (`information om var den som utsätts får stöd`, `statistik över hur
    /// många som har utsatts`): who is named there is not who is reached.
    pub told: Vec<Range<usize>>,
}

impl Reached {
    /// Whether `hit` lies in a span where people are only the subject matter.
    pub fn in_topic(&self, hit: &Range<usize>) -> bool {
        within(&self.topic, hit)
    }

    /// Whether `hit` lies in what information tells or an analysis counts.
    pub fn in_told(&self, hit: &Range<usize>) -> bool {
        within(&self.told, hit)
    }
}

fn within(spans: &[Range<usize>], hit: &Range<usize>) -> bool {
    spans
        .iter()
        .any(|t| t.start <= hit.start && hit.end <= t.end)
}

/// A clause ends at a sentence end, a semicolon or a colon.
fn clause_end(piece: &str, from: usize) -> usize {
    piece[from..]
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ';' | ':' | '!' | '?')
                || c == '.'
                    && piece[from + i + 1..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace)
        })
        .map_or(piece.len(), |(i, _)| from + i)
}

/// Where a coordinated clause starts in `piece[from..to]`: at `och` or
/// `samt` followed by a verb in the present (`informationsbroschyr om våld
/// och ställer frågor`), or `to`. A comma before a verb is not enough: it
/// also ends a subordinate clause (`när en elev …, får plats`).
fn coordinated(piece: &str, from: usize, to: usize) -> usize {
    let mut words = piece[from..to]
        .split_inclusive(|c: char| !c.is_alphanumeric())
        .scan(from, |pos, w| {
            let at = *pos;
            *pos += w.len();
            Some((at, w))
        });
    while let Some((at, w)) = words.next() {
        let joint = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !matches!(joint, "och" | "samt") {
            continue;
        }
        let next = words
            .clone()
            .map(|(_, w)| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
            .find(|w| !w.is_empty());
        if next.is_some_and(|n| crate::text::verbs::is_present(&n.to_lowercase())) {
            return at;
        }
    }
    to
}

/// What the clause that ends a piece carries into the next piece, when the
/// next one continues it (a statement wrapped over lines).
#[derive(Debug, Default, Clone, Copy)]
struct Open {
    /// A topic span runs to the piece's end.
    topic: bool,
    /// The clause has a capacity or staff word (`about` cues count).
    capacity: bool,
    /// The clause has a tool (tool cues count).
    tool: bool,
}

/// The spans of one piece (offsets in the piece) where people are its subject
/// matter: from each topic cue to the end of the clause or to a cue that
/// reaches people again. `capacity` and `tools` are the ends of those words
/// in the piece; an `about` cue counts only after a capacity word of its
/// clause, a tool cue only after a tool. `open` is what the previous piece
/// carries into this one; the result carries into the next.
fn topic_spans(
    piece: &str,
    people: &People,
    unconditional: bool,
    capacity: &[usize],
    tools: &[usize],
    open: Open,
) -> (Vec<Range<usize>>, Open) {
    let first_end = clause_end(piece, 0);
    let after = |ends: &[usize], carried: bool, at: usize| {
        carried && at <= first_end || ends.iter().any(|&e| e <= at && clause_end(piece, e) >= at)
    };
    let mut cues: Vec<(usize, usize)> = Vec::new();
    if open.topic {
        cues.push((0, 0));
    }
    let mut add = |re: &Option<regex::Regex>, ends: Option<(&[usize], bool)>| {
        if let Some(re) = re {
            for m in re.find_iter(piece) {
                if ends.is_none_or(|(ends, carried)| after(ends, carried, m.start())) {
                    cues.push((m.start(), m.end()));
                }
            }
        }
    };
    if unconditional {
        add(&people.topic, None);
    }
    add(&people.about, Some((capacity, open.capacity)));
    add(&people.tool_cues, Some((tools, open.tool)));
    cues.sort_unstable();
    let mut out: Vec<Range<usize>> = Vec::new();
    for (start, cue_end) in cues {
        if out
            .last()
            .is_some_and(|r| start < r.end || r.end == piece.len())
        {
            continue;
        }
        let mut end = clause_end(piece, cue_end);
        end = coordinated(piece, cue_end, end);
        if let Some(again) = &people.reach_again
            && let Some(a) = again.find(&piece[cue_end..end])
        {
            end = cue_end + a.start();
        }
        out.push(cue_end..end);
    }
    // The clause that ends the piece, if the piece does not end it.
    let last = piece
        .char_indices()
        .rev()
        .find(|&(i, _)| clause_end(piece, i) == i)
        .map_or(0, |(i, c)| i + c.len_utf8());
    let runs_on = clause_end(piece, last) == piece.len();
    let carried = Open {
        topic: runs_on && out.last().is_some_and(|r| r.end == piece.len()),
        capacity: runs_on && (capacity.iter().any(|&e| e >= last) || open.capacity && last == 0),
        tool: runs_on && (tools.iter().any(|&e| e >= last) || open.tool && last == 0),
    };
    (out, carried)
}

/// The relative clause after a staff word (`medarbetare som möter …`), to a
/// comma, a clause-ending word (`ska`) or the clause's end; offsets in the piece.
fn staff_clause(piece: &str, staff_end: usize, people: &People) -> Option<Range<usize>> {
    let rest = &piece[staff_end..];
    let som = rest.strip_prefix(" som ")?;
    let start = staff_end + rest.len() - som.len();
    let mut end = clause_end(piece, start);
    if let Some(c) = piece[start..end].find(',') {
        end = start + c;
    }
    if let Some(stop) = &people.clause_end
        && let Some(m) = stop.find(&piece[start..end])
    {
        end = start + m.start();
    }
    Some(start..end)
}

/// Whom `zone` reaches.
pub fn of(
    text: &str,
    zone: &[(Place, &Range<usize>)],
    hits: &TermHits,
    people: &People,
) -> Reached {
    let mut reached = Reached::default();
    let staff = longest_first(hits_in(hits, &people.staff, zone).collect());
    let outside = longest_first(hits_in(hits, &people.outside, zone).collect());
    let channels = longest_first(hits_in(hits, &people.channels, zone).collect());
    // The hits of each word list in the zone, found once; each piece takes
    // the ends of those inside it.
    let spans = |terms: &[crate::taxonomy::TermId]| -> Vec<Range<usize>> {
        hits_in(hits, terms, zone).map(|(_, _, h)| h).collect()
    };
    let (capacity_hits, staff_hits) = (spans(&people.capacity), spans(&people.staff));
    let (tool_hits, told_hits) = (spans(&people.tools), spans(&people.told));
    let ends_in = |found: &[Range<usize>], piece: &Range<usize>| -> Vec<usize> {
        found
            .iter()
            .filter(|h| piece.contains(&h.start) && h.end <= piece.end)
            .map(|h| h.end - piece.start)
            .collect()
    };
    let mut open = Open::default();
    let mut open_told = Open::default();
    let mut last_end: Option<usize> = None;
    for (_, piece) in zone {
        let Some(s) = text.get((*piece).clone()) else {
            continue;
        };
        // A piece continues the one before only if nothing but white space lies between.
        let continues = last_end.is_some_and(|e| {
            e <= piece.start
                && text
                    .get(e..piece.start)
                    .is_some_and(|g| g.trim().is_empty())
        });
        if !continues {
            open = Open::default();
            open_told = Open::default();
        }
        let at = |r: Range<usize>| piece.start + r.start..piece.start + r.end;
        let mut capacity = ends_in(&capacity_hits, piece);
        capacity.extend(ends_in(&staff_hits, piece));
        let tools = ends_in(&tool_hits, piece);
        let (spans, carried) = topic_spans(s, people, true, &capacity, &tools, open);
        open = carried;
        let told = ends_in(&told_hits, piece);
        let (told, carried) = topic_spans(s, people, false, &told, &[], open_told);
        open_told = carried;
        reached.told.extend(told.into_iter().map(at));
        last_end = Some(piece.end);
        reached.topic.extend(spans.into_iter().map(at));
        for (_, _, h) in &staff {
            if piece.contains(&h.start)
                && h.end <= piece.end
                && let Some(r) = staff_clause(s, h.end - piece.start, people)
            {
                reached.topic.push(at(r));
            }
        }
    }
    // A word both lists match is the longer one's.
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    for (_, place, h) in &outside {
        let shorter_staff = staff
            .iter()
            .any(|(_, _, s)| overlaps(s, h) && s.len() > h.len());
        // Named as the ones reached: after a cue (`för`, `till`), as the
        // subject (first in the piece, or before its verb: `barnen ska`), or
        // described by a relative clause (`elever som …`).
        let next = text.get(h.end..).and_then(|after| {
            after
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
        });
        let described =
            next.is_some_and(|w| w == "som" || crate::text::verbs::is_present(&w.to_lowercase()));
        let named = described || cued(text, zone, h, &people.reach_cues);
        if !shorter_staff && named && !reached.in_topic(h) {
            reached.outside.push((*place, h.clone()));
        }
    }
    // A channel that reaches people outside by itself (teaching, a campaign).
    for (_, place, h) in &channels {
        if !reached.in_topic(h) {
            reached.outside.push((*place, h.clone()));
        }
    }
    reached.outside.sort_by_key(|(_, h)| h.start);
    for (_, place, h) in &staff {
        let longer_outside = outside
            .iter()
            .any(|(_, _, o)| overlaps(o, h) && o.len() >= h.len());
        if !longer_outside {
            reached.staff.push((*place, h.clone()));
        }
    }
    reached
}
