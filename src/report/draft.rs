//! The draft follow-up, `uppfoljning.md` and `uppfoljning.docx`: the city's
//! follow-up report (sections 1.1 and 5–6 of the mid-term follow-up) written
//! from the data alone, for an analyst to edit. Every statement in it can be
//! traced to the activities and gaps behind it.
//!
//! The draft is one document model, a sequence of [`Block`]s made by
//! [`document`]; the Markdown ([`write_draft`]) and the Word document
//! ([`super::docx`]) are two renderings of it, so they cannot say different
//! things. Blocks are made and rendered one at a time, a goal's activities
//! read from the spool as the goal is written.
//!
//! Its shape: a summary with the key figures; per goal the count sentence
//! ("Åtta förvaltningar och MKB Fastighets AB har aktiviteter under
//! inriktningsmålet."), a table of who has activities, the activities by
//! focus area and a selection of what the plans say has been done, with the
//! owner named; then focus areas, perspectives, groups and prevention levels
//! with their gaps; then the flags; last the plans read.

use super::figures::{Figure, figures, text_bar};
use super::sv::{self, ACTIVITY, FILE, capitalised, count, list, number_word};
use super::{Analysis, FlagKind, GoalCount, Row};
use std::collections::HashSet;
use std::io::{self, Write};

/// A run of text in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Plain(String),
    Bold(String),
    Italic(String),
}

pub type Text = Vec<Inline>;

fn plain(s: impl Into<String>) -> Text {
    vec![Inline::Plain(s.into())]
}

/// A table; the first row is its header, repeated on every page in Word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns holding numbers (aligned right).
    pub numeric: Vec<bool>,
}

/// One block of the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The document's title (Word's Title style; `#` in Markdown).
    Title(String),
    /// A heading of level 1–3 (Word's Heading 1–3; `##`–`####` in Markdown).
    Heading(u8, String),
    Para(Text),
    Bullets(Vec<Text>),
    Table(Table),
    /// A figure, drawn as a table with bars.
    Figure(Figure),
    /// Where Word puts the table of contents (nothing in Markdown).
    Contents,
}

/// The Markdown heading marks of a level (the title is `#`).
fn md_level(level: u8) -> String {
    "#".repeat(usize::from(level.clamp(1, 3)) + 1)
}

/// The section 5 sentence: "Åtta förvaltningar och MKB Fastighets AB har
/// aktiviteter under inriktningsmålet."
pub fn count_sentence(g: &GoalCount, analysis: &Analysis<'_>) -> String {
    let companies = companies_of(analysis, &g.owners);
    format!(
        "{} har aktiviteter under inriktningsmålet.",
        sv::owners_subject(g.departments, &companies)
    )
}

fn is_company(analysis: &Analysis<'_>, owner: &str) -> bool {
    analysis
        .taxonomy
        .owner_by_name(owner)
        .is_some_and(|o| o.company)
}

fn companies_of(analysis: &Analysis<'_>, owners: &[String]) -> Vec<String> {
    owners
        .iter()
        .filter(|o| is_company(analysis, o))
        .cloned()
        .collect()
}

/// The owners of the batch as a phrase: "tre förvaltningar och ett bolag".
fn all_owners_phrase(analysis: &Analysis<'_>) -> String {
    let companies = analysis
        .owners
        .iter()
        .filter(|o| is_company(analysis, &o.name))
        .count();
    sv::owners_phrase(analysis.owners.len() - companies, companies)
}

/// "förvaltningar" or "förvaltningar och bolag", as the batch has them.
fn owners_noun(analysis: &Analysis<'_>) -> &'static str {
    if analysis
        .owners
        .iter()
        .any(|o| is_company(analysis, &o.name))
    {
        "förvaltningar och bolag"
    } else {
        "förvaltningar"
    }
}

/// What the plan says has been done, as the follow-up quotes it: the
/// narrative without a leading label ("Exempel på aktiviteter som gjorts
/// hittills: …"), at most three sentences or about 450 characters.
pub fn narrative_excerpt(narrative: &str) -> String {
    const MAX_CHARS: usize = 450;
    const MAX_SENTENCES: usize = 3;
    const MAX_LABEL_CHARS: usize = 70;
    let text = narrative.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut body = text.as_str();
    if let Some((label, rest)) = body.split_once(": ")
        && label.chars().count() <= MAX_LABEL_CHARS
        && !label.contains(['.', '!', '?'])
        && rest.chars().next().is_some_and(|c| c.is_uppercase())
    {
        body = rest;
    }
    // Sentence ends: ". ", "! ", "? " before a capital letter or a digit.
    let mut ends = Vec::new();
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    for w in chars.windows(3) {
        if matches!(w[0].1, '.' | '!' | '?')
            && w[1].1 == ' '
            && (w[2].1.is_uppercase() || w[2].1.is_ascii_digit())
        {
            ends.push(w[1].0);
        }
    }
    ends.push(body.len());
    let mut cut = 0;
    for (i, &end) in ends.iter().enumerate() {
        if i >= MAX_SENTENCES || (cut > 0 && body[..end].chars().count() > MAX_CHARS) {
            break;
        }
        cut = end;
    }
    let mut out = body[..cut].trim_end().to_owned();
    if out.chars().count() > MAX_CHARS {
        let at = out
            .char_indices()
            .nth(MAX_CHARS)
            .map_or(out.len(), |(i, _)| i);
        let at = out[..at].rfind(' ').unwrap_or(at);
        out.truncate(at);
        out = out.trim_end_matches([',', ';', ':']).to_owned();
    }
    if cut < body.len() || out.len() < cut {
        out.push_str(" …");
    }
    out
}

/// A city-wide activity is one text in every plan; renderings that differ
/// only in punctuation or spacing are the same activity. Of those, the one
/// that ends a sentence and has the fewest spaces is shown.
fn better_rendering(candidate: &str, shown: &str) -> bool {
    let ends = |s: &str| s.trim_end().ends_with(['.', '!', '?']);
    let spaces = |s: &str| s.chars().filter(|c| c.is_whitespace()).count();
    (ends(candidate), std::cmp::Reverse(spaces(candidate)))
        > (ends(shown), std::cmp::Reverse(spaces(shown)))
}

/// The draft, block by block, into `emit`.
pub fn document(
    analysis: &Analysis<'_>,
    emit: &mut dyn FnMut(Block) -> io::Result<()>,
) -> io::Result<()> {
    let figs = figures(analysis);
    emit(Block::Title(
        "Uppföljning av handlingsplanerna – utkast".into(),
    ))?;
    let read = analysis.plans.len() - analysis.unreadable();
    emit(Block::Para(vec![Inline::Italic(format!(
        "Utkast framtaget av plancov ur {} från {} ({}). Alla siffror avser förvaltningarnas och bolagens egna aktiviteter; {} aktiviteter och {} räknas inte. Texten ska bearbetas av en analytiker.",
        count(read, sv::PLAN),
        all_owners_phrase(analysis),
        analysis.taxonomy.name,
        analysis.taxonomy.city_wide_label(),
        analysis.taxonomy.needs_label(),
    ))]))?;
    emit(Block::Contents)?;
    summary(analysis, &figs, emit)?;
    goals(analysis, emit)?;
    families(analysis, &figs, emit)?;
    flags(analysis, emit)?;
    basis(analysis, emit)
}

/// Section 1.1: the key figures, the goals' chart and the gaps in brief.
fn summary(
    analysis: &Analysis<'_>,
    figs: &[Figure],
    emit: &mut dyn FnMut(Block) -> io::Result<()>,
) -> io::Result<()> {
    emit(Block::Heading(1, "Sammanfattning".into()))?;
    let unreadable = analysis.unreadable();
    let read = analysis.plans.len() - unreadable;
    let own: usize = analysis.owners.iter().map(|o| o.own).sum();
    let with_focus: usize = analysis.owners.iter().map(|o| o.explicit_focus).sum();
    let not_counted: usize = analysis.owners.iter().map(|o| o.not_counted).sum();
    let city = city_wide(analysis, None)?.len();
    let companies = analysis
        .owners
        .iter()
        .filter(|o| is_company(analysis, &o.name))
        .count();
    let mut lead = format!(
        "{} från {} har lästs. Tillsammans har de {} som räknas; därtill finns {} och {} som inte räknas.",
        capitalised(&count(read, sv::PLAN)),
        all_owners_phrase(analysis),
        sv::count_qualified(own, "egen", "egna", ACTIVITY),
        sv::count_qualified(
            city,
            analysis.taxonomy.city_wide_label(),
            analysis.taxonomy.city_wide_label(),
            ACTIVITY
        ),
        count(
            not_counted,
            sv::Noun {
                one: analysis.taxonomy.needs_label(),
                many: analysis.taxonomy.needs_label(),
                neuter: true
            }
        ),
    );
    if unreadable > 0 {
        lead.push_str(&format!(
            " {} kunde inte läsas och är inte med (se Flaggor).",
            capitalised(&count(unreadable, FILE))
        ));
    }
    emit(Block::Para(plain(lead)))?;
    let flags = analysis.flags.len();
    let figures_table = Table {
        header: vec!["Nyckeltal".into(), "Antal".into()],
        rows: [
            ("Lästa planer", read),
            ("Filer som inte kunde läsas", unreadable),
            ("Förvaltningar", analysis.owners.len() - companies),
            ("Bolag", companies),
            ("Egna aktiviteter som räknas", own),
            ("– varav med uttalad koppling till fokusområde", with_focus),
            ("Stadsövergripande aktiviteter (räknas inte)", city),
            ("Behov (räknas inte)", not_counted),
            ("Flaggor", flags),
        ]
        .iter()
        .map(|(k, v)| vec![(*k).to_owned(), v.to_string()])
        .collect(),
        numeric: vec![false, true],
    };
    emit(Block::Table(figures_table))?;
    if let Some(sentence) = goals_sentence(&analysis.goal_counts, owners_noun(analysis)) {
        emit(Block::Para(plain(sentence)))?;
    }
    if let Some(f) = figs.iter().find(|f| f.key == "goal") {
        emit(Block::Figure(f.clone()))?;
    }
    // Gaps in brief, per family.
    let mut gaps = Vec::new();
    for family in analysis.taxonomy.gap_families().map(|f| f.family.as_str()) {
        let of: Vec<_> = analysis
            .gaps
            .iter()
            .filter(|g| g.family == family)
            .collect();
        if of.is_empty() {
            continue;
        }
        let name = family_name(analysis, family);
        let names = |status: &str| -> Vec<String> {
            of.iter()
                .filter(|g| g.status == status)
                .map(|g| g.name.clone())
                .collect()
        };
        let (missing, weak) = (names("saknas"), names("svag"));
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("saknas helt – {}", list(&missing)));
        }
        if !weak.is_empty() {
            parts.push(format!(
                "endast en förvaltning eller ett bolag – {}",
                list(&weak)
            ));
        }
        let text = if parts.is_empty() {
            "alla har egna aktiviteter hos minst två förvaltningar eller bolag".to_owned()
        } else {
            parts.join("; ")
        };
        gaps.push(vec![
            Inline::Bold(name),
            Inline::Plain(format!(": {text}.")),
        ]);
    }
    if !gaps.is_empty() {
        emit(Block::Para(plain(
            "Luckor (egna aktiviteter; omnämnanden i behov och berättelser räknas inte):",
        )))?;
        emit(Block::Bullets(gaps))?;
    }
    let mut points = Vec::new();
    let kind = |k: FlagKind| analysis.flags.iter().filter(|f| f.kind == k).count();
    let no_focus = kind(FlagKind::SaknarFokuskoppling);
    if no_focus > 0 {
        points.push(plain(no_focus_sentence(analysis, no_focus)));
    }
    let generic = kind(FlagKind::GeneriskValdsformulering);
    if generic > 0 {
        points.push(plain(format!(
            "{} endast generiska våldsformuleringar.",
            has(generic)
        )));
    }
    let elsewhere = kind(FlagKind::MalAvviker);
    if elsewhere > 0 {
        points.push(plain(format!(
            "{} står under ett inriktningsmål som innehållet inte tydligt pekar på.",
            capitalised(&count(elsewhere, ACTIVITY))
        )));
    }
    if !points.is_empty() {
        emit(Block::Bullets(points))?;
    }
    Ok(())
}

/// "Tolv aktiviteter har", "En aktivitet har".
fn has(n: usize) -> String {
    format!("{} har", capitalised(&count(n, ACTIVITY)))
}

fn no_focus_sentence(analysis: &Analysis<'_>, n: usize) -> String {
    let total = analysis.owners.len();
    let who = if n == total && n > 1 {
        format!(
            "Alla {} {}",
            number_word(total, false),
            owners_noun(analysis)
        )
    } else {
        format!(
            "{} av {} {}",
            capitalised(&number_word(n, false)),
            number_word(total, false),
            owners_noun(analysis)
        )
    };
    format!(
        "{who} saknar tydlig koppling till fokusområdena: färre än hälften av deras egna aktiviteter nämner ett fokusområde."
    )
}

/// "Flest … under inriktningsmål 1 och 3 (fem), färst under inriktningsmål 6 (en)."
fn goals_sentence(goals: &[GoalCount], who: &str) -> Option<String> {
    let total = |g: &GoalCount| g.departments + g.companies;
    let max = goals.iter().map(total).max()?;
    let min = goals.iter().map(total).min()?;
    let at = |n: usize| -> String {
        let codes: Vec<String> = goals
            .iter()
            .filter(|g| total(g) == n)
            .map(|g| g.goal.clone())
            .collect();
        format!(
            "inriktningsmål {} ({})",
            list(&codes),
            number_word(n, false)
        )
    };
    Some(if max == min {
        format!(
            "Lika många {who} ({}) har egna aktiviteter under varje inriktningsmål.",
            number_word(max, false)
        )
    } else {
        format!(
            "Flest {who} har egna aktiviteter under {}, färst under {}.",
            at(max),
            at(min)
        )
    })
}

fn family_name(analysis: &Analysis<'_>, family: &str) -> String {
    analysis
        .taxonomy
        .family(family)
        .map_or_else(|| family.to_owned(), |f| f.name.clone())
}

/// The city-wide activities (of one goal, or all), each once: renderings
/// that differ only in punctuation or spacing are one activity.
fn city_wide(analysis: &Analysis<'_>, goal: Option<&str>) -> io::Result<Vec<String>> {
    let mut shown: Vec<(u128, String)> = Vec::new();
    for r in &analysis.rows {
        let a = analysis.activity(r);
        if !a.city_wide || goal.is_some_and(|g| g != a.goal) {
            continue;
        }
        let s = analysis.statement(r)?;
        match shown.iter_mut().find(|(k, _)| *k == a.key) {
            Some((_, old)) => {
                if better_rendering(&s, old) {
                    *old = s;
                }
            }
            None => shown.push((a.key, s)),
        }
    }
    Ok(shown.into_iter().map(|(_, s)| s).collect())
}

/// Section 5: per goal, city-wide activities, the count sentence, who has
/// activities, the activities by focus area and a selection of what has
/// been done.
fn goals(analysis: &Analysis<'_>, emit: &mut dyn FnMut(Block) -> io::Result<()>) -> io::Result<()> {
    emit(Block::Heading(1, "Uppföljning av inriktningsmålen".into()))?;
    emit(Block::Para(plain(
        "Först redovisas stadsövergripande aktiviteter under inriktningsmålet. Sedan följer förvaltningarnas och bolagens egna aktiviteter i handlingsplanerna, grupperade efter det fokusområde de nämner, och ett urval ur planernas beskrivningar av vad som har gjorts hittills: en aktivitet från varje förvaltning och bolag som har aktiviteter under inriktningsmålet.",
    )))?;
    let focus = analysis.taxonomy.focus_family();
    let focus_id = focus.family.as_str();
    for g in &analysis.goal_counts {
        emit(Block::Heading(
            2,
            format!("Inriktningsmål {} – {}", g.goal, g.name),
        ))?;
        let city = city_wide(analysis, Some(&g.goal))?;
        if !city.is_empty() {
            emit(Block::Heading(3, "Stadsövergripande aktiviteter".into()))?;
            emit(Block::Bullets(
                city.into_iter()
                    .map(|s| vec![Inline::Bold("Aktivitet: ".into()), Inline::Plain(s)])
                    .collect(),
            ))?;
        }
        emit(Block::Heading(
            3,
            "Aktiviteter i förvaltningarnas handlingsplaner".into(),
        ))?;
        emit(Block::Para(plain(count_sentence(g, analysis))))?;
        let own: Vec<&Row> = analysis
            .rows
            .iter()
            .filter(|r| {
                let a = analysis.activity(r);
                a.counts && a.goal == g.goal
            })
            .collect();
        if !g.owners.is_empty() {
            emit(Block::Table(Table {
                header: vec![
                    "Förvaltning eller bolag".into(),
                    "Egna aktiviteter".into(),
                    "Med fokusområde".into(),
                ],
                rows: g
                    .owners
                    .iter()
                    .map(|o| {
                        let of: Vec<_> = own.iter().filter(|r| &r.owner == o).collect();
                        let focused = of
                            .iter()
                            .filter(|r| !analysis.activity(r).get(focus_id).is_empty())
                            .count();
                        vec![o.clone(), of.len().to_string(), focused.to_string()]
                    })
                    .collect(),
                numeric: vec![false, true, true],
            }))?;
        }
        // The goal's own activities, grouped by the first focus area they name.
        let item = |r: &Row| -> io::Result<Text> {
            Ok(vec![
                Inline::Bold(format!("{}:", r.owner)),
                Inline::Plain(format!(
                    " {} ({})",
                    analysis.statement(r)?,
                    analysis.activity(r).id
                )),
            ])
        };
        let mut groups: Vec<(String, Vec<Text>)> = Vec::new();
        for c in &focus.codes {
            let items = own
                .iter()
                .filter(|r| analysis.activity(r).get(focus_id).first() == Some(&c.code))
                .map(|r| item(r))
                .collect::<io::Result<Vec<_>>>()?;
            if !items.is_empty() {
                groups.push((c.name.clone(), items));
            }
        }
        let without = own
            .iter()
            .filter(|r| analysis.activity(r).get(focus_id).is_empty())
            .map(|r| item(r))
            .collect::<io::Result<Vec<_>>>()?;
        if !without.is_empty() {
            groups.push(("Utan uttalad koppling till fokusområde".into(), without));
        }
        for (title, items) in groups {
            emit(Block::Para(vec![
                Inline::Bold(title),
                Inline::Plain(format!(" ({})", count(items.len(), ACTIVITY))),
            ]))?;
            emit(Block::Bullets(items))?;
        }
        selection(analysis, g, &own, emit)?;
    }
    Ok(())
}

/// "Urval av inrapporterad uppföljning": for each owner with activities under
/// the goal, what its plan says has been done under the first of them that
/// says anything.
fn selection(
    analysis: &Analysis<'_>,
    g: &GoalCount,
    own: &[&Row],
    emit: &mut dyn FnMut(Block) -> io::Result<()>,
) -> io::Result<()> {
    if g.owners.is_empty() {
        return Ok(());
    }
    emit(Block::Heading(
        3,
        "Urval av inrapporterad uppföljning".into(),
    ))?;
    let mut quoted = Vec::new();
    let mut silent = Vec::new();
    for o in &g.owners {
        let mut found = None;
        for r in own.iter().filter(|r| &r.owner == o) {
            let a = analysis.activity(r);
            if a.narrative.is_empty() {
                continue;
            }
            let text = String::from_utf8_lossy(&analysis.spool.get(a.narrative)?).into_owned();
            if !text.trim().is_empty() {
                found = Some((text, a.id.clone()));
                break;
            }
        }
        match found {
            Some((text, id)) => quoted.push(vec![
                Inline::Bold(format!("{o}:")),
                Inline::Plain(format!(" {text} ({id})")),
            ]),
            None => silent.push(o.clone()),
        }
    }
    if quoted.is_empty() {
        emit(Block::Para(plain(
            "Planerna beskriver inte vad som har gjorts under inriktningsmålet.",
        )))?;
        return Ok(());
    }
    emit(Block::Bullets(quoted))?;
    if !silent.is_empty() {
        emit(Block::Para(plain(format!(
            "{} har också aktiviteter under inriktningsmålet men beskriver inte i planen vad som har gjorts.",
            list(&silent)
        ))))?;
    }
    Ok(())
}

/// Section 6.3–6.4: per family, the figure and a sentence per code with its
/// gap status and where it is named without counting.
fn families(
    analysis: &Analysis<'_>,
    figs: &[Figure],
    emit: &mut dyn FnMut(Block) -> io::Result<()>,
) -> io::Result<()> {
    let plurals: Vec<String> = analysis
        .taxonomy
        .gap_families()
        .enumerate()
        .map(|(i, f)| {
            if i == 0 {
                f.plural.clone()
            } else {
                f.plural.to_lowercase()
            }
        })
        .collect();
    let heading = list(&plurals);
    emit(Block::Heading(1, heading.clone()))?;
    emit(Block::Para(plain(format!(
        "Antal förvaltningar och bolag med minst en egen aktivitet per kod i {}. Saknas: ingen har egna aktiviteter; svag: endast en. Omnämnanden i {}, i berättelser om vad som gjorts och i {} aktiviteter räknas inte men redovisas.",
        heading.to_lowercase(),
        analysis.taxonomy.needs_label(),
        analysis.taxonomy.city_wide_label(),
    ))))?;
    for family in analysis.taxonomy.gap_families().map(|f| f.family.as_str()) {
        let gaps: Vec<_> = analysis
            .gaps
            .iter()
            .filter(|g| g.family == family)
            .collect();
        if gaps.is_empty() {
            continue;
        }
        emit(Block::Heading(2, family_name(analysis, family)))?;
        if let Some(f) = figs.iter().find(|f| f.key == family) {
            emit(Block::Figure(f.clone()))?;
        }
        let items = gaps
            .iter()
            .map(|g| {
                let companies = companies_of(analysis, &g.owners);
                let who = match g.owners.as_slice() {
                    [] => "Ingen förvaltning eller inget bolag har egna aktiviteter".to_owned(),
                    [one] => format!("Endast {one} har egna aktiviteter"),
                    all => format!(
                        "{} har egna aktiviteter",
                        sv::owners_subject(all.len() - companies.len(), &companies)
                    ),
                };
                let mut t = vec![Inline::Plain(g.name.clone())];
                match g.status.as_str() {
                    "saknas" => t.push(Inline::Bold(" (saknas)".into())),
                    "svag" => t.push(Inline::Italic(" (svag)".into())),
                    _ => {}
                }
                t.push(Inline::Plain(format!(
                    ": {who}.{}",
                    mentions(g, analysis.taxonomy.city_wide_label())
                )));
                t
            })
            .collect();
        emit(Block::Bullets(items))?;
    }
    Ok(())
}

/// " Nämns endast i behov hos A och i berättelse hos B och C." (or nothing);
/// `city_wide` is the label of city-wide activities ("i stadsövergripande aktivitet").
fn mentions(g: &super::Gap, city_wide: &str) -> String {
    let parts: Vec<String> = g
        .mentions()
        .into_iter()
        .map(|(kind, owners)| {
            let owners: Vec<String> = owners.into_iter().map(str::to_owned).collect();
            let place = if kind == city_wide {
                format!("i {kind} aktivitet")
            } else {
                format!("i {kind}")
            };
            format!("{place} hos {}", list(&owners))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" Nämns endast {}.", list(&parts))
    }
}

/// The flags, a kind at a time: the kinds the follow-up discusses first.
fn flags(analysis: &Analysis<'_>, emit: &mut dyn FnMut(Block) -> io::Result<()>) -> io::Result<()> {
    emit(Block::Heading(1, "Flaggor".into()))?;
    if analysis.flags.is_empty() {
        emit(Block::Para(plain("Inga flaggor.")))?;
        return Ok(());
    }
    const FIRST: [FlagKind; 5] = [
        FlagKind::SaknarFokuskoppling,
        FlagKind::GeneriskValdsformulering,
        FlagKind::MalAvviker,
        FlagKind::TomtMal,
        FlagKind::Olasbar,
    ];
    let mut kinds: Vec<FlagKind> = FIRST
        .iter()
        .copied()
        .filter(|k| analysis.flags.iter().any(|f| f.kind == *k))
        .collect();
    let mut rest: Vec<FlagKind> = analysis
        .flags
        .iter()
        .map(|f| f.kind)
        .filter(|k| !FIRST.contains(k))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    rest.sort();
    kinds.extend(rest);
    for kind in kinds {
        let of: Vec<_> = analysis.flags.iter().filter(|f| f.kind == kind).collect();
        let (title, description) = kind.meaning();
        emit(Block::Heading(2, title.to_owned()))?;
        let n = of.len();
        let lead = match kind {
            FlagKind::SaknarFokuskoppling => no_focus_sentence(analysis, n),
            FlagKind::GeneriskValdsformulering => format!(
                "{} endast generiska våldsformuleringar (t.ex. ”våld”, ”hot och våld”, ”kränkningar”) och ingen uttalad koppling till ett fokusområde.",
                has(n)
            ),
            FlagKind::MalAvviker => format!(
                "{} står under ett inriktningsmål som innehållet inte tydligt pekar på: orden i aktiviteten passar bättre under ett annat mål. Planens mål behålls i alla siffror; analytikern avgör.",
                capitalised(&count(n, ACTIVITY))
            ),
            FlagKind::TomtMal => {
                "Inriktningsmål där en förvaltning eller ett bolag inte har någon egen aktivitet:"
                    .to_owned()
            }
            FlagKind::Olasbar => format!(
                "{} kunde inte läsas, eller bara delvis:",
                capitalised(&count(n, FILE))
            ),
            // The heading says it all when the description is the title.
            _ if description == title => String::new(),
            _ => format!("{description}:"),
        };
        if !lead.is_empty() {
            emit(Block::Para(plain(lead)))?;
        }
        emit(Block::Bullets(
            of.iter()
                .map(|f| {
                    let who = if f.owner.is_empty() || kind == FlagKind::Olasbar {
                        f.plan.replace(';', ", ")
                    } else {
                        f.owner.clone()
                    };
                    vec![
                        Inline::Bold(format!("{who}:")),
                        Inline::Plain(format!(" {}", f.detail)),
                    ]
                })
                .collect(),
        ))?;
    }
    Ok(())
}

/// The plans read, in the format each was read as.
fn basis(analysis: &Analysis<'_>, emit: &mut dyn FnMut(Block) -> io::Result<()>) -> io::Result<()> {
    emit(Block::Heading(1, "Underlag".into()))?;
    emit(Block::Para(plain(format!(
        "{} ingår i underlaget, här i den form de lästes. Samma aktivitet i flera filer från samma förvaltning eller bolag räknas en gång.",
        capitalised(&count(analysis.plans.len(), FILE)),
    ))))?;
    emit(Block::Table(Table {
        header: vec![
            "Fil".into(),
            "Förvaltning eller bolag".into(),
            "Format".into(),
            "Sidor".into(),
            "Aktiviteter".into(),
        ],
        rows: analysis
            .plans
            .iter()
            .map(|p| match &p.outcome {
                Ok(s) => vec![
                    p.plan.clone(),
                    s.owner.clone(),
                    s.format.clone(),
                    s.pages.to_string(),
                    s.activities.len().to_string(),
                ],
                Err(e) => vec![
                    p.plan.clone(),
                    "–".into(),
                    format!("oläsbar: {e}"),
                    "–".into(),
                    "–".into(),
                ],
            })
            .collect(),
        numeric: vec![false, false, false, true, true],
    }))
}

/// The draft as Markdown bytes.
pub fn draft(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = write_draft(analysis, &mut out);
    out
}

/// `uppfoljning.md`, written to `out` a block at a time.
pub fn write_draft(analysis: &Analysis<'_>, out: &mut dyn Write) -> io::Result<()> {
    document(analysis, &mut |b| out.write_all(markdown(&b).as_bytes()))
}

fn md_inline(t: &[Inline]) -> String {
    t.iter()
        .map(|i| match i {
            Inline::Plain(s) => s.clone(),
            // Markdown marks hug the text: spaces go outside them.
            Inline::Bold(s) => wrap(s, "**"),
            Inline::Italic(s) => wrap(s, "*"),
        })
        .collect()
}

fn wrap(s: &str, mark: &str) -> String {
    let core = s.trim();
    if core.is_empty() {
        return s.to_owned();
    }
    let lead = &s[..s.len() - s.trim_start().len()];
    let tail = &s[s.trim_end().len()..];
    format!("{lead}{mark}{core}{mark}{tail}")
}

fn md_cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn md_table(header: &[String], rows: &[Vec<String>], numeric: &[bool]) -> String {
    let mut o = String::new();
    let line = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| md_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    o.push_str(&line(header));
    let rule: Vec<String> = (0..header.len())
        .map(|i| {
            if numeric.get(i).copied().unwrap_or(false) {
                "---:".into()
            } else {
                "---".into()
            }
        })
        .collect();
    o.push_str(&format!("| {} |\n", rule.join(" | ")));
    for r in rows {
        o.push_str(&line(r));
    }
    o.push('\n');
    o
}

/// A figure as a table: one row per bar, its values and the bar drawn.
pub fn figure_table(f: &Figure) -> Table {
    let max = f.max();
    let mut header = vec![f.category.clone()];
    header.extend(f.series.iter().cloned());
    header.push("Diagram".into());
    let rows = f
        .bars
        .iter()
        .map(|b| {
            let mut r = vec![b.label.clone()];
            r.extend(b.values.iter().map(usize::to_string));
            r.push(match b.status {
                "saknas" => "0 – saknas".to_owned(),
                _ => text_bar(b.total(), max, FIGURE_WIDTH),
            });
            r
        })
        .collect();
    let mut numeric = vec![false];
    numeric.extend(f.series.iter().map(|_| true));
    numeric.push(false);
    Table {
        header,
        rows,
        numeric,
    }
}

/// The longest bar of a figure drawn in text, in characters.
pub const FIGURE_WIDTH: usize = 24;

fn markdown(b: &Block) -> String {
    match b {
        Block::Title(t) => format!("# {t}\n\n"),
        Block::Heading(level, t) => format!("{} {t}\n\n", md_level(*level)),
        Block::Para(t) => format!("{}\n\n", md_inline(t)),
        Block::Bullets(items) => {
            let mut o: String = items
                .iter()
                .map(|i| format!("- {}\n", md_inline(i)))
                .collect();
            o.push('\n');
            o
        }
        Block::Table(t) => md_table(&t.header, &t.rows, &t.numeric),
        Block::Figure(f) => {
            let t = figure_table(f);
            format!(
                "*{}*\n\n{}",
                f.title,
                md_table(&t.header, &t.rows, &t.numeric)
            )
        }
        Block::Contents => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testkit::{batch, taxonomy};
    use crate::taxonomy::Taxonomy;
    use std::path::Path;

    /// Plans (file name, text), analysed as `analyze` does, then the draft's blocks.
    fn blocks(plans: &[(&str, &str)], tax: &Taxonomy) -> (Vec<Block>, Vec<super::super::Flag>) {
        let analysis = super::super::aggregate(&batch(plans, tax), tax);
        let mut out = Vec::new();
        document(&analysis, &mut |b| {
            out.push(b);
            Ok(())
        })
        .expect("draft");
        (out, analysis.flags.clone())
    }

    fn text_of(t: &[Inline]) -> String {
        t.iter()
            .map(|i| match i {
                Inline::Plain(s) | Inline::Bold(s) | Inline::Italic(s) => s.as_str(),
            })
            .collect()
    }

    /// Every paragraph and bullet of the draft as plain text.
    fn lines(blocks: &[Block]) -> Vec<String> {
        let mut out = Vec::new();
        for b in blocks {
            match b {
                Block::Para(t) => out.push(text_of(t)),
                Block::Bullets(items) => out.extend(items.iter().map(|i| text_of(i))),
                Block::Heading(_, t) | Block::Title(t) => out.push(t.clone()),
                _ => {}
            }
        }
        out
    }

    const GOAL1: &str =
        "Inriktningsmål 1 - Staden bedriver ett verkningsfullt våldsförebyggande arbete";

    fn plan(owner: &str, city: &str, own: &str) -> String {
        format!(
            "Handlingsplan för {owner}\n\n{GOAL1}\n\nStadsövergripande aktiviteter\n\n- {city}\n\nVerksamhetsspecifika aktiviteter\n\n- {own}\n"
        )
    }

    #[test]
    fn city_wide_once_and_an_owners_files_counted_once() {
        let tax = taxonomy();
        let kultur = plan(
            "Kulturförvaltningen",
            "Den stadsövergripande HR-avdelningen ska tillgängliggöra information på Komin om var medarbetare kan finna stöd.",
            "Förvaltningen ska arbeta mot hot och våld på arbetsplatsen.",
        );
        let fritid = plan(
            "Fritidsförvaltningen",
            "Den stadsövergripande HR- avdelningen ska tillgängliggöra information på Komin om var medarbetare kan finna stöd",
            "Förvaltningen ska utbilda personalen om våld i nära relation.",
        );
        let (blocks, flags) = blocks(
            &[
                ("fritid.txt", &fritid),
                ("kultur.txt", &kultur),
                ("kultur-reviderad.txt", &kultur),
            ],
            &tax,
        );
        let all = lines(&blocks);
        let city: Vec<&String> = all
            .iter()
            .filter(|l| l.starts_with("Aktivitet: "))
            .collect();
        assert_eq!(
            city,
            [
                "Aktivitet: Den stadsövergripande HR-avdelningen ska tillgängliggöra information på Komin om var medarbetare kan finna stöd."
            ],
            "one city-wide activity, the full sentence: {all:#?}"
        );
        // Kulturförvaltningen's generic activity is in two files: one flag, one count.
        let generic: Vec<_> = flags
            .iter()
            .filter(|f| f.kind == FlagKind::GeneriskValdsformulering)
            .collect();
        assert_eq!(generic.len(), 1, "{generic:?}");
        assert_eq!(generic[0].plan, "kultur-reviderad.txt;kultur.txt");
        assert!(
            all.contains(&"En aktivitet har endast generiska våldsformuleringar.".to_owned()),
            "{all:#?}"
        );
        assert!(
            all.iter()
                .any(|l| l
                    .starts_with("En aktivitet har endast generiska våldsformuleringar (t.ex."))
        );
        assert!(
            all.contains(&"Två förvaltningar har aktiviteter under inriktningsmålet.".to_owned())
        );
        assert!(
            all.contains(
                &"Ingen förvaltning eller inget bolag har aktiviteter under inriktningsmålet."
                    .to_owned()
            )
        );
        // Empty goals: once per owner, not once per file.
        let empty: Vec<_> = flags
            .iter()
            .filter(|f| f.kind == FlagKind::TomtMal && f.owner == "Kulturförvaltningen")
            .collect();
        assert_eq!(empty.len(), 5, "{empty:?}");
        assert!(
            !all.iter()
                .any(|l| l.contains("ingen nya") || l.contains("1 planer"))
        );
        assert!(
            all[1]
                .starts_with("Utkast framtaget av plancov ur tre planer från två förvaltningar ("),
            "{}",
            all[1]
        );
    }

    #[test]
    fn companies_are_named_departments_counted() {
        let tax = taxonomy();
        let city = "Den stadsövergripande HR-avdelningen ska genomlysa HR-processerna.";
        let (blocks, _) = blocks(
            &[
                (
                    "a.txt",
                    &plan(
                        "Kulturförvaltningen",
                        city,
                        "Förvaltningen ska utbilda om våld i nära relation.",
                    ),
                ),
                (
                    "b.txt",
                    &plan(
                        "Fritidsförvaltningen",
                        city,
                        "Förvaltningen ska utbilda om hedersrelaterat våld.",
                    ),
                ),
                (
                    "c.txt",
                    &plan(
                        "MKB Fastighets AB",
                        city,
                        "Bolaget ska informera hyresgäster om våld i nära relation.",
                    ),
                ),
            ],
            &tax,
        );
        let all = lines(&blocks);
        assert!(
            all.contains(
                &"Två förvaltningar och MKB Fastighets AB har aktiviteter under inriktningsmålet."
                    .to_owned()
            ),
            "{all:#?}"
        );
        assert!(all.iter().any(|l| l.starts_with(
            "Utkast framtaget av plancov ur tre planer från två förvaltningar och ett bolag ("
        )));
        // One owner covers a focus area: named; none: "Ingen … inget bolag".
        assert!(all.contains(&"Hedersrelaterat våld och förtryck (svag): Endast Fritidsförvaltningen har egna aktiviteter.".to_owned()), "{all:#?}");
        assert!(
            all.contains(
                &"Våld i nära relation: En förvaltning och MKB Fastighets AB har egna aktiviteter."
                    .to_owned()
            ),
            "{all:#?}"
        );
    }

    #[test]
    fn content_that_points_clearly_to_another_goal_is_flagged() {
        let tax = taxonomy();
        let text = |own: &str| {
            format!(
                "Handlingsplan för Kulturförvaltningen\n\n{GOAL1}\n\nVerksamhetsspecifika aktiviteter\n\n- {own}\n"
            )
        };
        let clear = text(
            "Förvaltningen ska ta fram en rutin för att upptäcka våld och ställa frågor om våld till besökare.",
        );
        let (drafted, flags) = blocks(&[("kultur.txt", &clear)], &tax);
        let elsewhere: Vec<_> = flags
            .iter()
            .filter(|f| f.kind == FlagKind::MalAvviker)
            .collect();
        assert_eq!(elsewhere.len(), 1, "{flags:?}");
        let d = &elsewhere[0].detail;
        assert!(
            d.contains("står under inriktningsmål 1 men innehållet passar bättre under inriktningsmål 3 – Verksamma i staden ska upptäcka våld och kunna agera"),
            "{d}"
        );
        assert!(d.contains("”rutin”") && d.contains("”upptäcka”"), "{d}");
        // The section's goal is kept.
        let all = lines(&drafted);
        assert!(all.contains(&"En förvaltning har aktiviteter under inriktningsmålet.".to_owned()));
        assert!(
            all.iter().any(|l| l.starts_with(
                "En aktivitet står under ett inriktningsmål som innehållet inte tydligt pekar på"
            )),
            "{all:#?}"
        );
        // One word of another goal, or words of the section's own goal too,
        // is no clear sign.
        for own in [
            "Förvaltningen ska ta fram rutiner för sina lokaler.",
            "Förvaltningen ska ta fram en rutin för att upptäcka våld och ge utbildning om förebyggande arbete.",
        ] {
            let (_, flags) = blocks(&[("kultur.txt", &text(own))], &tax);
            assert!(
                !flags.iter().any(|f| f.kind == FlagKind::MalAvviker),
                "{own}: {flags:?}"
            );
        }
        // The words are the taxonomy's: without goal_inference terms, no flag.
        let mut spec: serde_json::Value = serde_json::from_slice(include_bytes!(
            "../../corpus/taxonomy/fri-fran-vald-2022-2026.json"
        ))
        .expect("json");
        spec["goal_inference"] = serde_json::json!([]);
        let bare = Taxonomy::from_json(
            &serde_json::to_vec(&spec).expect("json"),
            Path::new("t.json"),
        )
        .expect("taxonomy");
        let (_, flags) = blocks(&[("kultur.txt", &clear)], &bare);
        assert!(
            !flags.iter().any(|f| f.kind == FlagKind::MalAvviker),
            "{flags:?}"
        );
    }

    #[test]
    fn mentions_name_each_place_once() {
        let g = super::super::Gap {
            family: "group".into(),
            code: "hbtq".into(),
            name: "Hbtq-personer".into(),
            departments: 0,
            status: "saknas".into(),
            owners: Vec::new(),
            mentioned_only_in: vec![
                "behov: A".into(),
                "berättelse: B".into(),
                "berättelse: C".into(),
                "stadsövergripande: D".into(),
            ],
        };
        assert_eq!(
            mentions(&g, "stadsövergripande"),
            " Nämns endast i behov hos A, i berättelse hos B och C och i stadsövergripande aktivitet hos D."
        );
        assert!(!mentions(&g, "stadsövergripande").contains("berättelse: "));
    }

    #[test]
    fn narrative_is_quoted_without_its_label_and_cut_at_a_sentence() {
        assert_eq!(
            narrative_excerpt(
                "Exempel på aktiviteter som gjorts hitintills:\nUnder 2022 hölls föreläsningar. Arbetet fortsätter."
            ),
            "Under 2022 hölls föreläsningar. Arbetet fortsätter."
        );
        let long = "En mening. Två meningar. Tre meningar. Fyra meningar.";
        assert_eq!(
            narrative_excerpt(long),
            "En mening. Två meningar. Tre meningar. …"
        );
        let one = "ord ".repeat(200);
        let cut = narrative_excerpt(&one);
        assert!(cut.ends_with(" …") && cut.chars().count() < 460, "{cut}");
        // A colon inside a sentence is no label.
        assert_eq!(
            narrative_excerpt("Vi har gjort detta. Följande: Mer."),
            "Vi har gjort detta. Följande: Mer."
        );
    }

    #[test]
    fn city_wide_renderings_prefer_a_full_sentence() {
        assert!(better_rendering("Ska göra X.", "Ska göra X"));
        assert!(!better_rendering("Ska göra X", "Ska göra X."));
        assert!(better_rendering(
            "HR-avdelningen ska.",
            "HR- avdelningen ska."
        ));
    }

    #[test]
    fn markdown_marks_hug_the_text() {
        assert_eq!(
            md_inline(&[
                Inline::Plain("Hbtq-personer".into()),
                Inline::Bold(" (saknas)".into()),
                Inline::Plain(": x".into())
            ]),
            "Hbtq-personer **(saknas)**: x"
        );
        assert_eq!(md_cell("a | b\nc"), "a \\| b c");
    }
}
