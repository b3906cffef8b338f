//! Classification: a segmented activity in, its codes with evidence out.
//!
//! In: the plan text, one [`Activity`], the plan owner and the taxonomy, plus
//! the term hits of the whole text ([`TermHits`], found once per plan). Out: a
//! [`Coded`] activity: per family the codes that apply, the codes mentioned only
//! in narrative (or in a `behov` item, which never counts), and for every code
//! the words and rule that decided it, with their offsets in the text.
//!
//! Rules, all from the taxonomy: terms match statement, description and the
//! section's qualifier; narrative never makes a code. Longest match first;
//! exclusion terms beat inclusion terms they overlap; a negated mention
//! ("inte", "saknas" in the same clause) never counts.

pub mod manual;
mod negation;
mod reach;

use crate::segment::Activity;
use crate::taxonomy::{Family, Owner, Reach, Resolution, Taxonomy, TermId};
use std::collections::BTreeMap;
use std::ops::Range;

/// Where in an activity a piece of evidence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Statement,
    Description,
    Context,
    Narrative,
    Rubrik,
    Default,
    /// Set by an analyst in corrections.csv.
    Manual,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Evidence {
    pub family: String,
    pub code: String,
    /// The term or rule that fired: `term:heder*`, `rule:grupp_i_behov`, `rubrik`, `default`.
    pub rule: String,
    /// The words that matched (empty for rubrik and default).
    pub matched: String,
    pub place: Place,
    /// Byte range in the plan text.
    pub span: Range<usize>,
}

/// The codes of one activity.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Coded {
    /// Family → codes, in taxonomy order.
    pub codes: BTreeMap<String, Vec<String>>,
    /// Family → codes mentioned only in narrative or in an item that does not count.
    pub mentioned: BTreeMap<String, Vec<String>>,
    pub evidence: Vec<Evidence>,
    /// Violence wording found, none of it naming a focus area.
    pub generic_violence: Vec<Evidence>,
    /// Where an analyst should look first, in words: a code decided only by
    /// a default, or chosen among several that fired (`granska`).
    pub review: Vec<String>,
}

impl Coded {
    pub fn get(&self, family: &str) -> &[String] {
        self.codes.get(family).map_or(&[], Vec::as_slice)
    }

    pub fn mentioned(&self, family: &str) -> &[String] {
        self.mentioned.get(family).map_or(&[], Vec::as_slice)
    }
}

/// Every non-negated match of every taxonomy term in one plan text.
pub struct TermHits {
    hits: Vec<Vec<Range<usize>>>,
}

impl TermHits {
    pub fn find(text: &str, taxonomy: &Taxonomy) -> Self {
        let lower = text.to_lowercase();
        let possible = taxonomy.terms_possible(&lower);
        let hits = taxonomy
            .terms
            .iter()
            .zip(possible)
            .map(|(t, possible)| {
                if !possible {
                    return Vec::new();
                }
                let mut found: Vec<Range<usize>> = t
                    .find_iter(text)
                    .filter(|&(s, e)| !negation::is_negated(text, s..e, &taxonomy.negation))
                    .map(|(s, e)| s..e)
                    .collect();
                // In text order, so an activity's hits are found by binary search.
                found.sort_by_key(|r| (r.start, r.end));
                found
            })
            .collect();
        TermHits { hits }
    }

    fn of(&self, term: TermId) -> &[Range<usize>] {
        self.hits.get(term).map_or(&[], Vec::as_slice)
    }

    /// The hits of `term` that start inside `within`.
    fn of_in(&self, term: TermId, within: &Range<usize>) -> &[Range<usize>] {
        let all = self.of(term);
        let lo = all.partition_point(|h| h.start < within.start);
        let hi = all.partition_point(|h| h.start < within.end);
        &all[lo..hi.max(lo)]
    }
}

/// The text zones of an activity, as (place, byte ranges).
struct Zones<'a> {
    main: Vec<(Place, &'a Range<usize>)>,
    narrative: Vec<(Place, &'a Range<usize>)>,
}

impl<'a> Zones<'a> {
    fn of(a: &'a Activity, counts: bool) -> Self {
        let mut main: Vec<(Place, &Range<usize>)> = Vec::new();
        main.extend(a.statement.iter().map(|r| (Place::Statement, r)));
        main.extend(a.description.iter().map(|r| (Place::Description, r)));
        main.extend(a.context.iter().map(|r| (Place::Context, r)));
        let mut narrative: Vec<(Place, &Range<usize>)> =
            a.narrative.iter().map(|r| (Place::Narrative, r)).collect();
        if !counts {
            narrative.extend(main.iter().copied());
        }
        Zones { main, narrative }
    }
}

/// The place of a hit if it lies in one of `zone`'s pieces (a hit may run
/// across the line break between two consecutive pieces).
fn place_of(zone: &[(Place, &Range<usize>)], hit: &Range<usize>) -> Option<Place> {
    let start = zone.iter().find(|(_, r)| r.contains(&hit.start))?;
    let end_ok = zone
        .iter()
        .any(|(_, r)| r.start < hit.end && hit.end <= r.end);
    end_ok.then_some(start.0)
}

/// A zone's pieces sorted by start, for zones too long to scan per hit (an
/// activity running over thousands of lines). Pieces do not overlap.
struct SortedZone {
    pieces: Vec<(usize, usize, Place)>,
}

impl SortedZone {
    fn new(zone: &[(Place, &Range<usize>)]) -> Self {
        let mut pieces: Vec<(usize, usize, Place)> =
            zone.iter().map(|(p, r)| (r.start, r.end, *p)).collect();
        pieces.sort_by_key(|&(s, e, _)| (s, e));
        SortedZone { pieces }
    }

    /// The last piece starting at or before `pos`.
    fn at(&self, pos: usize) -> Option<&(usize, usize, Place)> {
        let k = self.pieces.partition_point(|&(s, _, _)| s <= pos);
        self.pieces.get(k.checked_sub(1)?)
    }

    fn place_of(&self, hit: &Range<usize>) -> Option<Place> {
        let &(s, e, place) = self.at(hit.start)?;
        let starts_in = s <= hit.start && hit.start < e;
        let end_ok = self
            .pieces
            .get(..self.pieces.partition_point(|&(s, _, _)| s < hit.end))
            .and_then(<[_]>::last)
            .is_some_and(|&(_, e, _)| hit.end <= e);
        (starts_in && end_ok).then_some(place)
    }
}

/// Zones up to this many pieces are scanned per hit (exactly as written);
/// longer ones are searched.
const SCAN_PIECES: usize = 32;

fn hits_in<'h>(
    hits: &'h TermHits,
    terms: &'h [TermId],
    zone: &'h [(Place, &Range<usize>)],
) -> std::vec::IntoIter<(TermId, Place, Range<usize>)> {
    // Only hits between the zone's first and last byte can lie in it.
    let span = zone
        .iter()
        .map(|(_, r)| r.start)
        .min()
        .zip(zone.iter().map(|(_, r)| r.end).max())
        .map_or(0..0, |(a, b)| a..b);
    let sorted = (zone.len() > SCAN_PIECES).then(|| SortedZone::new(zone));
    let mut out = Vec::new();
    for &t in terms {
        for h in hits.of_in(t, &span) {
            let place = match &sorted {
                Some(z) => z.place_of(h),
                None => place_of(zone, h),
            };
            if let Some(p) = place {
                out.push((t, p, h.clone()));
            }
        }
    }
    out.into_iter()
}

/// Longest match first: drop hits overlapping a longer (or earlier) one.
fn longest_first(
    mut hits: Vec<(TermId, Place, Range<usize>)>,
) -> Vec<(TermId, Place, Range<usize>)> {
    hits.sort_by_key(|(_, _, r)| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<(TermId, Place, Range<usize>)> = Vec::new();
    for h in hits {
        if out.last().is_some_and(|(_, _, r)| h.2.start < r.end) {
            continue;
        }
        out.push(h);
    }
    out
}

/// Context needed to code one activity.
pub struct Input<'a> {
    pub text: &'a str,
    pub activity: &'a Activity,
    pub owner: Option<&'a Owner>,
    pub hits: &'a TermHits,
}

/// Code one activity.
pub fn classify(input: &Input<'_>, taxonomy: &Taxonomy) -> Coded {
    let a = input.activity;
    let counts = a
        .status
        .as_deref()
        .and_then(|s| taxonomy.status(s))
        .is_none_or(|s| s.counts);
    let zones = Zones::of(a, counts);
    let mut coded = Coded::default();
    let mut results: Vec<Vec<String>> = Vec::new();
    let first_zone: Vec<(Place, &Range<usize>)> = zones
        .main
        .iter()
        .filter(|(p, _)| matches!(p, Place::Statement | Place::Context))
        .copied()
        .collect();
    // Whom each zone reaches, worked out once per activity when asked.
    let reach_first: std::cell::OnceCell<Option<reach::Reached>> = std::cell::OnceCell::new();
    let reach_main: std::cell::OnceCell<Option<reach::Reached>> = std::cell::OnceCell::new();
    let reached_in = |main: bool| -> Option<&reach::Reached> {
        let (cell, zone) = if main {
            (&reach_main, &zones.main)
        } else {
            (&reach_first, &first_zone)
        };
        cell.get_or_init(|| {
            taxonomy
                .people
                .as_ref()
                .map(|p| reach::of(input.text, zone, input.hits, p))
        })
        .as_ref()
    };
    for family in &taxonomy.families {
        let decide = |main: bool| {
            let zone: &[(Place, &Range<usize>)] = if main { &zones.main } else { &first_zone };
            let mut fired = code_family(input, taxonomy, family, zone, &results, &|| {
                reached_in(main)
            });
            if family.reach.is_none() && family.not_in_told.is_empty() {
                return fired;
            }
            let Some(base) = reached_in(main) else {
                return fired;
            };
            let mut reached = base.clone();
            // The family's exclusions hold for people reached too
            // (`barns rättigheter` is a principle, not children reached).
            if let Some(codes) = &family.reach {
                let blocked = blocked_spans(input, family, &codes.outside, zone);
                reached.outside.retain(|(_, h)| !overlaps_any(&blocked, h));
            }
            for (code, ev) in &mut fired {
                if family.not_in_told.contains(code) {
                    ev.retain(|e| e.place == Place::Default || !reached.in_told(&e.span));
                }
            }
            fired.retain(|(_, ev)| !ev.is_empty());
            match &family.reach {
                Some(codes) => by_reach(input.text, family, codes, fired, &reached),
                None => fired,
            }
        };
        let mut fired = Vec::new();
        if family.statement_first {
            fired = decide(false);
        }
        if fired.is_empty() {
            fired = decide(true);
        }
        let mut codes: Vec<String> = Vec::new();
        match family.resolution {
            Resolution::All => {
                for (code, ev) in fired {
                    codes.push(code);
                    coded.evidence.extend(ev);
                }
            }
            Resolution::First | Resolution::Highest => {
                if fired.len() > 1 {
                    let all: Vec<&str> = fired.iter().map(|(c, _)| c.as_str()).collect();
                    coded.review.push(format!(
                        "{}: flera koder passar ({}), vald: {}",
                        family.family,
                        all.join(", "),
                        all[0]
                    ));
                }
                if let Some((code, ev)) = fired.into_iter().next() {
                    codes.push(code);
                    coded.evidence.extend(ev);
                }
            }
        }
        let conditional = family
            .defaults_when
            .iter()
            .find(|d| {
                when_holds(&d.when, &results)
                    && (!d.people_outside
                        || reached_in(true).is_some_and(|r| !r.outside.is_empty()))
                    && (d.any.is_empty()
                        || hits_in(input.hits, &d.any, &zones.main)
                            .any(|(_, _, h)| reached(input.text, &zones.main, &h, &d.after)))
            })
            .map(|d| (&d.code, "default_when"));
        if codes.is_empty()
            && let Some((d, rule)) = conditional.or(family.default.as_ref().map(|d| (d, "default")))
        {
            coded.review.push(match rule {
                "default" => format!(
                    "{}: inget i texten avgjorde, standardvärdet {d}",
                    family.family
                ),
                _ => format!(
                    "{}: {d} härledd från andra koder, inget ord avgjorde",
                    family.family
                ),
            });
            codes.push(d.clone());
            coded.evidence.push(Evidence {
                family: family.family.clone(),
                code: d.clone(),
                rule: rule.into(),
                matched: String::new(),
                place: Place::Default,
                span: a.statement.first().map_or(0..0, |r| r.start..r.start),
            });
        }
        let counted_codes = if family.narrative && !counts {
            Vec::new()
        } else {
            codes.clone()
        };
        if family.narrative {
            let mentioned = mentions(input, taxonomy, family, &zones.narrative, &counted_codes);
            if !mentioned.is_empty() {
                coded.mentioned.insert(family.family.clone(), mentioned);
            }
        }
        if family.narrative && !counts {
            coded.evidence.retain(|e| e.family != family.family);
        }
        results.push(counted_codes.clone());
        coded.codes.insert(family.family.clone(), counted_codes);
    }
    let focus_empty = coded.get(&taxonomy.focus_family().family).is_empty();
    if focus_empty {
        let generic =
            longest_first(hits_in(input.hits, &taxonomy.generic_violence, &zones.main).collect());
        coded.generic_violence = generic
            .into_iter()
            .map(|(t, place, span)| Evidence {
                family: "generic".into(),
                code: "generisk_valdsformulering".into(),
                rule: format!("term:{}", taxonomy.terms[t].source),
                matched: squash(&input.text[span.clone()]),
                place,
                span,
            })
            .collect();
    }
    coded
}

/// A family decided by whom the activity reaches: people outside it reaches
/// make the `outside` code and come before staff; people who are only the
/// subject matter (staff training about clients) make nothing.
fn by_reach(
    text: &str,
    family: &Family,
    codes: &Reach,
    mut fired: Vec<(String, Vec<Evidence>)>,
    reached: &reach::Reached,
) -> Vec<(String, Vec<Evidence>)> {
    let at =
        |fired: &[(String, Vec<Evidence>)], code: &str| fired.iter().position(|(c, _)| c == code);
    if let Some(i) = at(&fired, &codes.outside) {
        fired[i].1.retain(|e| !reached.in_topic(&e.span));
        if fired[i].1.is_empty() {
            fired.remove(i);
        }
    }
    let evidence = |code: &str, rule: &str, (place, span): &(Place, Range<usize>)| Evidence {
        family: family.family.clone(),
        code: code.to_owned(),
        rule: rule.into(),
        matched: squash(&text[span.clone()]),
        place: *place,
        span: span.clone(),
    };
    if let Some(first) = reached.outside.first() {
        let ev = evidence(&codes.outside, "reach:utanfor", first);
        match at(&fired, &codes.outside) {
            Some(i) => fired[i].1.insert(0, ev),
            None => fired.push((codes.outside.clone(), vec![ev])),
        }
        if let (Some(o), Some(s)) = (at(&fired, &codes.outside), at(&fired, &codes.staff))
            && s < o
        {
            let outside = fired.remove(o);
            fired.insert(s, outside);
        }
    } else if let Some(first) = reached.staff.first()
        && at(&fired, &codes.outside).is_none()
        && at(&fired, &codes.staff).is_none()
    {
        let ev = evidence(&codes.staff, "reach:personal", first);
        fired.push((codes.staff.clone(), vec![ev]));
    }
    fired
}

/// Whether the words at `hit` name people the activity reaches: one of
/// `cues` among the three words before them in their piece, or nothing but
/// a determiner before them (they open the statement: its subject).
fn reached(
    text: &str,
    zone: &[(Place, &Range<usize>)],
    hit: &Range<usize>,
    cues: &[String],
) -> bool {
    if cues.is_empty() {
        return true;
    }
    let Some((_, piece)) = zone.iter().find(|(_, r)| r.contains(&hit.start)) else {
        return false;
    };
    let before = text[piece.start..hit.start].to_lowercase();
    let words: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let opens = words.iter().all(|w| {
        matches!(
            *w,
            "alla" | "samtliga" | "våra" | "vara" | "de" | "den" | "det"
        )
    });
    opens
        || words
            .iter()
            .rev()
            .take(3)
            .any(|w| cues.iter().any(|c| c == w))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Term hits of one code in a zone, after exclusions.
fn code_hits(
    input: &Input<'_>,
    family: &Family,
    code: &str,
    terms: &[TermId],
    zone: &[(Place, &Range<usize>)],
) -> Vec<(TermId, Place, Range<usize>)> {
    let blocked = blocked_spans(input, family, code, zone);
    let hits: Vec<_> = hits_in(input.hits, terms, zone)
        .filter(|(_, _, r)| !overlaps_any(&blocked, r))
        .collect();
    longest_first(hits)
}

/// The spans in `zone` of the family's exclusions that block `code`.
fn blocked_spans(
    input: &Input<'_>,
    family: &Family,
    code: &str,
    zone: &[(Place, &Range<usize>)],
) -> Vec<Range<usize>> {
    family
        .exclusions
        .iter()
        .filter(|e| e.blocks.iter().any(|b| b == code))
        .flat_map(|e| hits_in(input.hits, std::slice::from_ref(&e.term), zone).map(|(_, _, r)| r))
        .collect()
}

fn overlaps_any(spans: &[Range<usize>], r: &Range<usize>) -> bool {
    spans.iter().any(|b| b.start < r.end && r.start < b.end)
}

fn when_holds(when: &[(usize, Vec<String>)], results: &[Vec<String>]) -> bool {
    when.iter().all(|(fam, allowed)| {
        results
            .get(*fam)
            .is_some_and(|got| got.iter().any(|c| allowed.contains(c)))
    })
}

fn code_family<'r>(
    input: &Input<'_>,
    taxonomy: &Taxonomy,
    family: &Family,
    zone: &[(Place, &Range<usize>)],
    results: &[Vec<String>],
    reached: &dyn Fn() -> Option<&'r reach::Reached>,
) -> Vec<(String, Vec<Evidence>)> {
    let a = input.activity;
    let mut fired = Vec::new();
    for code in &family.codes {
        let code_holds = when_holds(&code.when, results);
        if !code_holds && !code.rules.iter().any(|r| r.overrides_when) {
            continue;
        }
        let ev_of = |rule: String, place: Place, span: Range<usize>| Evidence {
            family: family.family.clone(),
            code: code.code.clone(),
            rule,
            matched: squash(&input.text[span.clone()]),
            place,
            span,
        };
        let mut ev: Vec<Evidence> = if code_holds {
            code_hits(input, family, &code.code, &code.terms, zone)
                .into_iter()
                .map(|(t, place, span)| {
                    ev_of(format!("term:{}", taxonomy.terms[t].source), place, span)
                })
                .collect()
        } else {
            Vec::new()
        };
        for rule in &code.rules {
            if !code_holds && !rule.overrides_when {
                continue;
            }
            if rule.owner_group && input.owner.is_none_or(|o| o.target_group.is_none()) {
                continue;
            }
            if !when_holds(&rule.when, results) {
                continue;
            }
            let mut any = code_hits(input, family, &code.code, &rule.any, zone);
            if rule.in_topic {
                match reached() {
                    Some(r) => any.retain(|(_, _, h)| r.in_topic(h)),
                    None => any.clear(),
                }
            }
            if !rule.any.is_empty() && any.is_empty() {
                continue;
            }
            if !rule.with.is_empty() && hits_in(input.hits, &rule.with, zone).next().is_none() {
                continue;
            }
            if hits_in(input.hits, &rule.without, zone).next().is_some() {
                continue;
            }
            match any.into_iter().next() {
                Some((_, place, span)) => ev.push(ev_of(format!("rule:{}", rule.id), place, span)),
                None => {
                    let at = a.statement.first().map_or(0, |r| r.start);
                    let mut e = ev_of(format!("rule:{}", rule.id), Place::Statement, at..at);
                    e.matched = String::new();
                    ev.push(e);
                }
            }
        }
        if code.other_owners && code_holds {
            for o in &taxonomy.owners {
                if input.owner.is_some_and(|own| own.name == o.name) {
                    continue;
                }
                // Another owner in the genitive ("ASF:s webbutbildning") is
                // one whose service is used, not a partner worked with,
                // unless it shares the genitive ("FSF och HVO:s film").
                let partner = hits_in(input.hits, &o.alias_terms, zone).find(|(_, _, h)| {
                    let after = &input.text[h.end..];
                    let joint = input.text[..h.start].ends_with(" och ");
                    joint || !(after.starts_with(":s ") || after.starts_with("s ") && h.len() <= 6)
                });
                if let Some((_, place, span)) = partner {
                    ev.push(ev_of(format!("rule:annan_agare:{}", o.short), place, span));
                }
            }
        }
        if code_holds && code.from_rubrik.contains(&a.rubrik) && a.rubrik_from_heading {
            let at = a.statement.first().map_or(0, |r| r.start);
            let mut e = ev_of("rubrik".into(), Place::Rubrik, at..at);
            e.matched = String::new();
            ev.push(e);
        }
        if code_holds
            && family.owner_target_group
            && input.owner.and_then(|o| o.target_group.as_deref()) == Some(code.code.as_str())
            && let Some((_, place, span)) =
                hits_in(input.hits, &taxonomy.owner_target_terms, zone).next()
        {
            ev.push(ev_of("owner_target_group".into(), place, span));
        }
        if !ev.is_empty() {
            ev.sort_by_key(|e| e.span.start);
            fired.push((code.code.clone(), ev));
        }
    }
    fired
}

/// Codes of `family` mentioned in `zone` (narrative) and not already coded.
fn mentions(
    input: &Input<'_>,
    taxonomy: &Taxonomy,
    family: &Family,
    zone: &[(Place, &Range<usize>)],
    coded: &[String],
) -> Vec<String> {
    let mut out = Vec::new();
    for code in &family.codes {
        if coded.contains(&code.code) {
            continue;
        }
        let mut found = !code_hits(input, family, &code.code, &code.terms, zone).is_empty();
        if !found
            && family.owner_target_group
            && input.owner.and_then(|o| o.target_group.as_deref()) == Some(code.code.as_str())
        {
            found = hits_in(input.hits, &taxonomy.owner_target_terms, zone)
                .next()
                .is_some();
        }
        if found {
            out.push(code.code.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests;

/// The goal an activity's content fits best, for plans without goal headings:
/// the goal of the taxonomy's `goal_inference` list whose terms occur most in
/// its statement (counted twice) and description; the taxonomy's first goal
/// when none occurs.
pub fn infer_goal(
    _text: &str,
    activity: &Activity,
    hits: &TermHits,
    taxonomy: &Taxonomy,
) -> String {
    let zones = Zones::of(activity, true);
    // The goal with the most evidence: a word in the statement counts
    // twice, one in the description once; ties go to the earlier in the list.
    let mut best: Option<(&str, usize)> = None;
    for (g, terms) in &taxonomy.goal_inference {
        let score: usize = longest_first(hits_in(hits, terms, &zones.main).collect())
            .iter()
            .map(|(_, place, _)| if *place == Place::Statement { 2 } else { 1 })
            .sum();
        if score > 0 && best.is_none_or(|(_, b)| score > b) {
            best = Some((g, score));
        }
    }
    best.map(|(g, _)| g.to_owned())
        .or_else(|| taxonomy.goals.first().map(|g| g.code.clone()))
        .unwrap_or_default()
}

/// What an activity's content says about its goal, whatever section it sits
/// in: per goal of the taxonomy's `goal_inference` list (in its order), the
/// words of its terms found in the statement or description, one per term
/// and never two for the same words. The report weighs them against the
/// section's goal (`mal_avviker`).
pub fn goal_words(
    text: &str,
    activity: &Activity,
    hits: &TermHits,
    taxonomy: &Taxonomy,
) -> Vec<(String, Vec<String>)> {
    let zones = Zones::of(activity, true);
    let main: Vec<(Place, &Range<usize>)> = zones
        .main
        .iter()
        .copied()
        .filter(|(p, _)| matches!(p, Place::Statement | Place::Description))
        .collect();
    if main.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (goal, terms) in &taxonomy.goal_inference {
        let mut taken: Vec<Range<usize>> = Vec::new();
        let mut words = Vec::new();
        for &term in terms {
            let Some((_, _, span)) = hits_in(hits, &[term], &main).next() else {
                continue;
            };
            if taken
                .iter()
                .any(|t| t.start < span.end && span.start < t.end)
            {
                continue;
            }
            let word = text
                .get(span.clone())
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            taken.push(span);
            words.push(word);
        }
        if !words.is_empty() {
            out.push((goal.clone(), words));
        }
    }
    out
}
