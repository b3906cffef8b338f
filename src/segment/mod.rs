//! Segmentation: a plan's text in, its structure out.
//!
//! In: the normalised (and, for scans, repaired) text of one plan, the offsets
//! where its pages begin, and the taxonomy. Out: a [`Segmented`] plan: owner,
//! goal sections, activities (statement, description and narrative kept apart;
//! table items with their status) and explicit empty rubriker. Tables of
//! contents, running headers and footers, cover and introduction are skipped.
//!
//! Invariant (tested): every piece of every activity is a range of the input
//! text, so the classifier's evidence maps back to the plan as submitted.

pub mod lines;
mod owner;

use crate::taxonomy::{AttributeRole, ColumnRole, Structure, Taxonomy};
use crate::text::fold;
use lines::Line;
use std::ops::Range;

pub use owner::{OwnerGuess, guess_owner};

/// Which part of an activity a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Statement,
    Description,
    Narrative,
}

#[derive(Debug, Clone)]
pub struct Activity {
    pub goal: String,
    /// The goal was inferred from content (no goal heading above the activity).
    pub goal_inferred: bool,
    pub rubrik: String,
    /// The rubrik came from a heading (not a default).
    pub rubrik_from_heading: bool,
    /// Status of a table item (`pagaende`, `under_utveckling`, `behov`).
    pub status: Option<String>,
    pub statement: Vec<Range<usize>>,
    pub description: Vec<Range<usize>>,
    pub narrative: Vec<Range<usize>>,
    /// Text that qualifies the activity without being part of it, e.g. a goal
    /// heading's "…, för målgruppen".
    pub context: Vec<Range<usize>>,
    pub table_item: bool,
}

impl Activity {
    /// The statement as one line of text.
    pub fn statement_text(&self, text: &str) -> String {
        join_pieces(text, &self.statement)
    }

    pub fn pieces(&self, zone: Zone) -> &[Range<usize>] {
        match zone {
            Zone::Statement => &self.statement,
            Zone::Description => &self.description,
            Zone::Narrative => &self.narrative,
        }
    }
}

/// Pieces joined with single spaces, white space collapsed.
pub fn join_pieces(text: &str, pieces: &[Range<usize>]) -> String {
    let mut out = String::new();
    for p in pieces {
        for w in text[p.clone()].split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct GoalSection {
    pub goal: String,
    /// Recognised by wording, not by number.
    pub by_wording: bool,
    pub heading: Range<usize>,
    /// Why the goal read from this heading is uncertain, if it is: the
    /// heading's number and its words name different goals, the number is
    /// none of the goals, or the words match the goal only in part (OCR
    /// damage misreads digits and words). The goal stays; an analyst checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doubt: Option<String>,
}

impl GoalSection {
    /// The heading as one line of at most `max_chars` characters, for reports.
    pub fn heading_line(&self, text: &str, max_chars: usize) -> String {
        let line = text
            .get(self.heading.clone())
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        line.chars().take(max_chars).collect()
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EmptyRubrik {
    pub goal: String,
    pub rubrik: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Segmented {
    pub owner: OwnerGuess,
    pub goals: Vec<GoalSection>,
    pub activities: Vec<Activity>,
    pub empty_rubriker: Vec<EmptyRubrik>,
    /// Byte range of the table of contents, if one was found and skipped.
    pub toc: Option<Range<usize>>,
    /// The plan has goal headings (else goals were inferred).
    pub has_goal_structure: bool,
}

/// Segment one plan. `file_stem` is the owner fallback.
pub fn segment(
    text: &str,
    page_starts: &[usize],
    taxonomy: &Taxonomy,
    file_stem: &str,
) -> Segmented {
    let lines = lines::lines(text, page_starts, &taxonomy.structure);
    let toc = toc_lines(&lines, taxonomy);
    let mut b = Builder::new(text, taxonomy, &lines, toc.clone());
    b.run();
    let Builder {
        goals,
        activities,
        empty_rubriker,
        has_goal_structure,
        ..
    } = b;
    let excluded: Vec<Range<usize>> = activities
        .iter()
        .filter(|a| taxonomy.rubrik(&a.rubrik).is_some_and(|r| r.city_wide))
        .flat_map(|a| {
            a.statement
                .iter()
                .chain(&a.description)
                .chain(&a.narrative)
                .cloned()
        })
        .collect();
    let owner = guess_owner(text, taxonomy, &excluded, file_stem);
    Segmented {
        owner,
        goals,
        activities,
        empty_rubriker,
        toc: toc.map(|r| lines[r.start].span.start..lines[r.end - 1].span.end),
        has_goal_structure,
    }
}

/// Line indices of a table of contents: from its title to the line before the
/// first entry appears again as a heading in the body.
fn toc_lines(lines: &[Line], taxonomy: &Taxonomy) -> Option<Range<usize>> {
    let s = &taxonomy.structure;
    let title = lines
        .iter()
        .take(lines.len() / 3 + 10)
        .position(|l| s.toc_title.iter().any(|r| r.is_match(&l.folded)))?;
    let key = |l: &Line| -> String {
        l.folded
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first = (title + 1..lines.len()).find(|&i| !lines[i].is_blank() && !lines[i].furniture)?;
    let first_key = key(&lines[first]);
    if first_key.is_empty() {
        return None;
    }
    // The body starts where the first entry comes again as a heading; a text
    // layer may glue it to the last entry's page number ("nätverk 15 Inledning").
    let glued = format!(" {first_key}");
    let end = (first + 1..lines.len()).find(|&i| {
        let k = key(&lines[i]);
        k == first_key
            || k.ends_with(&glued)
                && k.split_whitespace()
                    .any(|w| w.chars().all(|c| c.is_ascii_digit()))
    })?;
    Some(title..end)
}

struct TableState {
    columns: Vec<Option<usize>>,
    /// The goal each column stands for in a matrix of goals (`Mål 3`).
    marks: Vec<Option<String>>,
    /// Narrow columns a PDF set in the same cell before each column
    /// ("Nr Mål Vad ska göras"): their values open that cell in each row.
    leads: Vec<Vec<usize>>,
    /// The table has status columns (every cell an item); else one item per row.
    by_status: bool,
}

struct Builder<'a> {
    text: &'a str,
    tax: &'a Taxonomy,
    lines: &'a [Line],
    toc: Option<Range<usize>>,
    goals: Vec<GoalSection>,
    activities: Vec<Activity>,
    empty_rubriker: Vec<EmptyRubrik>,
    has_goal_structure: bool,
    by_wording_only: bool,
    goal: Option<String>,
    goal_context: Vec<Range<usize>>,
    rubrik: Option<String>,
    in_intro: bool,
    body_ended: bool,
    table: Option<TableState>,
    section_has_table: bool,
    cur: Option<Activity>,
    zone: Zone,
    narrative_mode: bool,
    /// Narrative mode came from a subheading standing alone, not from a
    /// narrative phrase: a list under it is a list of items.
    narrative_by_subheading: bool,
    para_break: bool,
    pending_bullet: bool,
    activities_in_rubrik: usize,
    prev_ended_sentence: bool,
    last_row_items: Vec<usize>,
    /// The goal the last table row named in its goal column: a row whose
    /// goal cell is empty is under the same goal (merged cells).
    row_goal: Option<String>,
    /// Status given by the subheading the items sit under ("Behov").
    status_heading: Option<String>,
    /// Indentation of the current activity's marker: a deeper marker is a sub-item.
    cur_indent: usize,
    /// The glyph that marked the current activity, if a glyph did.
    cur_glyph: Option<char>,
    /// The current activity was marked by a number (`1.`, `2)`).
    cur_numbered: bool,
    /// The current activity opens with an infinitive ("Ta fram …").
    cur_infinitive: bool,
    /// The current activity's attribute lines ("Ansvarig: …", "Klart: …")
    /// have been read: they close its block, so a committing paragraph
    /// after them is the next activity, not its description.
    after_attributes: bool,
    /// The current activity was opened by a label (`Aktivitet 1.1:`).
    cur_labelled: bool,
    /// The current item's line is a title over the sentence that says what
    /// is done ("• Rutin för avstängning" / "Bolaget ska ta fram …").
    cur_title: Option<Range<usize>>,
    /// The current activity has a goal or description attribute line.
    after_goal_line: bool,
    /// The current section has no item markers: each committing sentence is an activity.
    prose: bool,
    /// Lines of a template's question block ("Vilka aktiviteter …?" and its
    /// instructions), skipped up to the answer.
    in_question: bool,
    /// The next paragraph is announced as an activity (by a template's
    /// "Svar:"): its first sentence is one even when it does not commit.
    announced: bool,
    /// The title that announced it, on a line of its own.
    pending_title: Option<Range<usize>>,
    /// The section number above the goal headings ("5" of "5.1 … (inriktningsmål 1)"):
    /// a heading numbered outside it ("6 Miljö och hållbarhet") ends the goals' part.
    goal_chapter: Option<String>,
    /// `continues_over_page` of every line, computed once: scanning ahead from
    /// each blank line made a text of many blank lines quadratic (a heading and
    /// 100,000 empty lines took 13 s; fixtures/regression/blank_lines.txt).
    over_page: Vec<bool>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, tax: &'a Taxonomy, lines: &'a [Line], toc: Option<Range<usize>>) -> Self {
        let keyword_headings = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !toc.as_ref().is_some_and(|t| t.contains(i)))
            .any(|(_, l)| {
                tax.structure
                    .goal_heading
                    .captures(&l.folded)
                    .is_some_and(|c| c.name("number").is_some() || l.folded.starts_with("inr"))
            });
        Builder {
            text,
            tax,
            lines,
            toc,
            goals: Vec::new(),
            activities: Vec::new(),
            empty_rubriker: Vec::new(),
            has_goal_structure: false,
            by_wording_only: !keyword_headings,
            goal: None,
            goal_context: Vec::new(),
            rubrik: None,
            in_intro: false,
            body_ended: false,
            table: None,
            section_has_table: false,
            cur: None,
            zone: Zone::Statement,
            narrative_mode: false,
            narrative_by_subheading: false,
            para_break: true,
            pending_bullet: false,
            activities_in_rubrik: 0,
            prev_ended_sentence: true,
            last_row_items: Vec::new(),
            row_goal: None,
            status_heading: None,
            cur_indent: 0,
            cur_glyph: None,
            cur_numbered: false,
            cur_infinitive: false,
            after_attributes: false,
            cur_labelled: false,
            cur_title: None,
            after_goal_line: false,
            prose: false,
            in_question: false,
            announced: false,
            pending_title: None,
            goal_chapter: None,
            over_page: over_page(lines),
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            i = self.line(i) + 1;
        }
        self.close();
        // A plan whose only "goal heading" is one theme that happens to use
        // a goal's wording ("Vårt förebyggande arbete" among themes such as
        // "Stöd till medarbetare", "Samarbeten") has no goal structure: one
        // such heading would put every activity under one goal.
        let distinct: std::collections::BTreeSet<&str> =
            self.goals.iter().map(|g| g.goal.as_str()).collect();
        if self.has_goal_structure && self.by_wording_only && distinct.len() < 2 {
            self.activities.clear();
            self.goals.clear();
            self.empty_rubriker.clear();
            self.has_goal_structure = false;
            self.rubrik = None;
            self.status_heading = None;
            self.narrative_mode = false;
            self.narrative_by_subheading = false;
        }
        if !self.has_goal_structure {
            self.infer_without_structure();
        }
    }

    /// Handle line `i`; returns the index of the last line consumed.
    fn line(&mut self, i: usize) -> usize {
        let l = &self.lines[i];
        if self.toc.as_ref().is_some_and(|t| t.contains(&i)) {
            return i;
        }
        if l.answer {
            // "Svar:" opens an answer: what it announces is content.
            self.close();
            self.in_question = false;
            self.announced = true;
            self.para_break = true;
            if l.is_blank() {
                return i;
            }
        }
        if l.is_blank() {
            self.in_question = false;
            // A sentence that runs on over a page break is one paragraph.
            if !self.continues_over_page(i) || self.prev_ended_sentence {
                self.para_break = true;
                self.prev_ended_sentence = true;
            }
            return i;
        }
        if l.furniture {
            return i;
        }
        if self.attribute(l) {
            return i;
        }
        let short_line = l.folded.chars().count() < 90;
        let rubrik_line = short_line
            && self
                .tax
                .rubriker
                .iter()
                .any(|r| r.heading.is_match(&l.folded));
        if !rubrik_line && let Some(last) = self.goal_heading(i) {
            return last;
        }
        if self.goal.is_none() || self.body_ended {
            return i;
        }
        if l.question
            && !self
                .tax
                .structure
                .bullet
                .is_match(&self.text[l.trimmed.clone()])
        {
            // A template's question, and the instructions under it, are no content.
            self.close();
            self.in_question = true;
            self.announced = false;
            self.para_break = true;
            return i;
        }
        if self.in_question {
            return i;
        }
        if self.outside_goal_chapter(i) {
            self.close();
            self.body_ended = true;
            return i;
        }
        let s = &self.tax.structure;
        let f = l.folded.as_str();
        let short = f.chars().count() < 90;
        if short && s.body_end.iter().any(|r| r.is_match(f)) {
            self.close();
            self.body_ended = true;
            return i;
        }
        if short && let Some(r) = self.tax.rubriker.iter().find(|r| r.heading.is_match(f)) {
            self.close();
            self.status_heading = None;
            self.rubrik = Some(r.code.clone());
            self.in_intro = false;
            self.table = None;
            self.activities_in_rubrik = 0;
            self.para_break = true;
            return i;
        }
        if f.chars().count() < 60
            && let Some(st) = self
                .tax
                .statuses
                .iter()
                .find(|st| st.headings.iter().any(|r| r.is_match(f)))
        {
            self.close();
            self.status_heading = Some(st.code.clone());
            self.para_break = true;
            return i;
        }
        if let Some(t) = self.table_header(l) {
            self.close();
            self.table = Some(t);
            self.section_has_table = true;
            self.in_intro = false;
            return i;
        }
        if self.in_intro {
            let long_commitment = f.chars().count() > 80 && commits(s, f);
            if !long_commitment {
                return i;
            }
            self.in_intro = false;
        }
        if s.goal_intro.iter().any(|r| r.is_match(f)) {
            self.close();
            self.in_intro = true;
            return i;
        }
        if s.empty_rubrik.iter().any(|r| r.is_match(f)) {
            self.close();
            self.empty_rubriker.push(EmptyRubrik {
                goal: self.goal.clone().unwrap_or_default(),
                rubrik: self
                    .rubrik
                    .clone()
                    .unwrap_or_else(|| self.tax.default_rubrik().to_owned()),
                span: l.trimmed.clone(),
            });
            self.para_break = true;
            return i;
        }
        if self.table.is_some() && self.text[l.trimmed.clone()].contains('\t')
            || self.table.is_some() && self.text[l.span.clone()].contains('\t')
        {
            let last = self.table_row(i);
            self.para_break = false;
            return last;
        }
        if self.section_has_table {
            // Table-shaped sections: a line without cells right after a row
            // is that row's wrapped text; anything else is not an item.
            if !self.para_break
                && let Some(&last) = self.last_row_items.last()
                && let Some(a) = self.activities.get_mut(last)
            {
                a.statement.push(l.trimmed.clone());
            } else {
                self.table = None;
                self.last_row_items.clear();
            }
            return i;
        }
        self.content(i)
    }

    /// A labelled line under an activity ("Ansvarig: …", "Målgrupp: …",
    /// "Mål: 1, 3"): it belongs to the activity and is never one.
    fn attribute(&mut self, l: &Line) -> bool {
        let Some((re, role)) = self
            .tax
            .structure
            .attributes
            .iter()
            .find(|(r, _)| r.is_match(&l.folded))
        else {
            return false;
        };
        let target = match self.cur.as_mut() {
            Some(a) => a,
            None => match self.last_row_items.first().copied() {
                Some(k) => &mut self.activities[k],
                None => return false,
            },
        };
        match role {
            AttributeRole::Description => {
                target.description.push(l.trimmed.clone());
            }
            AttributeRole::Context => {}
            AttributeRole::Goal => {
                if let Some(m) = re.find(&l.folded)
                    && let Some(d) = l.folded[m.start()..].chars().find(char::is_ascii_digit)
                    && let Some(g) = self.tax.goal_numbered(&d.to_string())
                {
                    target.goal = g.code.clone();
                    target.goal_inferred = false;
                }
            }
        }
        self.para_break = true;
        // Who and when close an item's block; a goal or target-group line
        // may head its description instead (`Mål: 1, 3` over the text), and
        // a labelled item (`Aktivitet 1.1:`) is followed by its next label.
        self.after_attributes = matches!(role, AttributeRole::Context)
            && self.cur.is_some()
            && !self.cur_labelled
            && !self.after_goal_line;
        if matches!(role, AttributeRole::Goal | AttributeRole::Description) {
            self.after_goal_line = true;
        }
        true
    }

    /// Whether only blank lines, furniture and a page break lie between line
    /// `i` and the next line of text.
    fn continues_over_page(&self, i: usize) -> bool {
        self.over_page.get(i).copied().unwrap_or(false)
    }

    /// The next line (folded) when it carries on the title of line `i`: a
    /// short line of text starting in lower case.
    fn title_wrapped_after(&self, i: usize) -> Option<&str> {
        let next = self.lines.get(i + 1)?;
        (!next.is_blank()
            && !next.furniture
            && self.text[next.trimmed.clone()]
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
            && next.folded.chars().count() < 80)
            .then_some(next.folded.as_str())
    }

    fn goal_heading(&mut self, i: usize) -> Option<usize> {
        let l = &self.lines[i];
        let f = l.folded.as_str();
        if f.chars().count() > 250 {
            return None;
        }
        if let Some(last) = self.heading_naming_its_goal(i) {
            return Some(last);
        }
        if !self.tax.structure.goal_heading.is_match(f)
            && let Some(re) = &self.tax.structure.goal_heading_numbered
            && let Some(c) = re.captures(f)
            && let Some(title) = c.name("title")
        {
            // A numbered line standing alone as a heading may say a little
            // more than the goal's wording ("II. Kunskap som grund för arbetet").
            let tenths = if self.is_heading_like(i) { 4 } else { 6 };
            let judged = |text: &str| {
                let (goal, score) = best_goal(self.tax, text);
                (score >= 0.6 && covers_share(self.tax, &goal, text, tenths)).then_some(goal)
            };
            // The title alone, or wrapped onto the next line (a PDF's
            // narrow column) and judged whole.
            let found = judged(title.as_str()).map(|g| (g, i)).or_else(|| {
                let more = self.title_wrapped_after(i)?;
                judged(&format!("{} {more}", title.as_str())).map(|g| (g, i + 1))
            });
            if let Some((goal, last)) = found {
                return Some(self.enter_goal(i, last, goal, true));
            }
        }
        let (number, title_chars) = if self.by_wording_only {
            // A line standing alone as a heading may say a little more than
            // the goal's wording ("Stöd till den som utsatts").
            let tenths = if self.is_heading_like(i) { 4 } else { 6 };
            let judged = |text: &str| -> Option<String> {
                let (goal, score) = best_goal(self.tax, text);
                if !covers_share(self.tax, &goal, text, tenths) {
                    return None;
                }
                let g = self.tax.goals.iter().find(|g| g.code == goal)?;
                let title_len = g.titles.first().map_or(0, |t| t.chars().count());
                (score >= 0.85
                    && !text.ends_with('.')
                    && text.chars().count() * 10 <= title_len * 14)
                    .then(|| g.number.clone())
            };
            // A heading wrapped onto the next line is judged whole.
            let number = judged(f).or_else(|| {
                let more = self.title_wrapped_after(i)?;
                judged(&format!("{f} {more}"))
            })?;
            (Some(number), 0..f.chars().count())
        } else {
            let caps = self.tax.structure.goal_heading.captures(f)?;
            let number = caps.name("number").map(|m| m.as_str().to_owned());
            let title = caps
                .name("title")
                .map_or(f.len()..f.len(), |m| m.start()..m.end());
            let chars = f[..title.start].chars().count()..f[..title.end].chars().count();
            (number, chars)
        };
        // The title may wrap onto the next line, which then starts in lower case.
        let mut last = i;
        let mut title_folded: String = f
            .chars()
            .skip(title_chars.start)
            .take(title_chars.len())
            .collect();
        if let Some(more) = self.title_wrapped_after(i) {
            title_folded.push(' ');
            title_folded.push_str(more);
            last = i + 1;
        }
        let numbered = number.as_deref().and_then(|n| self.tax.goal_numbered(n));
        let (goal, by_wording, doubt) = match numbered {
            Some(g) => (
                g.code.clone(),
                self.by_wording_only,
                title_names_other_goal(self.tax, g, &title_folded),
            ),
            _ => {
                // Without a number, the goal word must open the line as a
                // heading does: not in lower case mid-sentence ("… under varje
                // / inriktningsmål redovisas …"), not ending a sentence
                // ("inriktningsmål. Pedagogerna …").
                let opens_lower = self.text[l.trimmed.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
                let sentence_follows = self.text[l.trimmed.clone()]
                    .split_once('.')
                    .and_then(|(_, rest)| rest.split_whitespace().next())
                    .is_some_and(|w| {
                        w.chars().next().is_some_and(char::is_uppercase)
                            && w.chars().skip(1).any(char::is_lowercase)
                    });
                let keyword_ends_sentence = sentence_follows
                    && f.chars()
                        .take(title_chars.start)
                        .collect::<String>()
                        .trim_end()
                        .ends_with('.');
                if number.is_none() && (opens_lower || keyword_ends_sentence) {
                    return None;
                }
                let (g, score) = best_goal(self.tax, &title_folded);
                if score < 0.5 {
                    return None;
                }
                let number_of = |code: &str| {
                    self.tax
                        .goals
                        .iter()
                        .find(|x| x.code == code)
                        .map_or(code.to_owned(), |x| x.number.clone())
                };
                let doubt = match &number {
                    Some(n) => Some(format!(
                        "numret {n} är inget av målen; mål {} är valt efter rubrikens ord",
                        number_of(&g)
                    )),
                    None if score < 0.7 => Some(format!(
                        "rubrikens ord liknar mål {} bara till {} %",
                        number_of(&g),
                        (score * 100.0).round()
                    )),
                    None => None,
                };
                (g, true, doubt)
            }
        };
        let last = self.enter_goal(i, last, goal, by_wording);
        if let Some(section) = self.goals.last_mut() {
            section.doubt = doubt;
        }
        Some(last)
    }

    /// Start the section of `goal`, whose heading is lines `i..=last`.
    fn enter_goal(&mut self, i: usize, last: usize, goal: String, by_wording: bool) -> usize {
        let l = &self.lines[i];
        self.close();
        self.status_heading = None;
        self.prose = !self.has_markers_after(last);
        self.announced = false;
        self.pending_title = None;
        self.in_question = false;
        self.row_goal = None;
        self.goal_chapter = section_number(&l.folded)
            .and_then(|n| n.rsplit_once('.').map(|(parent, _)| parent.to_owned()));
        self.goal = Some(goal.clone());
        self.has_goal_structure = true;
        self.rubrik = None;
        self.in_intro = false;
        self.body_ended = false;
        self.table = None;
        self.section_has_table = false;
        self.activities_in_rubrik = 0;
        self.para_break = true;
        let heading = l.trimmed.start..self.lines[last].trimmed.end;
        self.goal_context = qualifier(self.text, heading).into_iter().collect();
        self.goals.push(GoalSection {
            goal,
            by_wording,
            heading: l.trimmed.start..self.lines[last].trimmed.end,
            doubt: None,
        });
        last
    }

    /// Whether the lines after `i`, up to the next goal heading, mark items
    /// (bullets, numbers, labels) or hold a table; a section without any is
    /// written as prose.
    fn has_markers_after(&self, i: usize) -> bool {
        let s = &self.tax.structure;
        for (k, l) in self.lines.iter().enumerate().skip(i + 1).take(4000) {
            if l.is_blank() || l.furniture {
                continue;
            }
            if s.goal_heading
                .captures(&l.folded)
                .is_some_and(|c| c.name("number").is_some())
                || self.is_heading_like(k) && {
                    let (goal, score) = best_goal(self.tax, &l.folded);
                    score >= 0.85 && covers(self.tax, &goal, &l.folded)
                }
            {
                return false;
            }
            let raw = &self.text[l.trimmed.clone()];
            // A table is two rows at least: a lone line with a tab (a footer
            // "Bolaget\tSida 1 (2)") is none.
            let has_tab = |l: &Line| self.text[l.span.clone()].contains('\t');
            let table = has_tab(l)
                && self
                    .lines
                    .get(k + 1..)
                    .and_then(|rest| rest.iter().find(|n| !n.is_blank()))
                    .is_some_and(has_tab);
            if s.bullet.is_match(raw)
                || is_only_bullets(raw)
                || table
                || s.activity_label
                    .as_ref()
                    .is_some_and(|r| r.is_match(&l.folded))
            {
                return true;
            }
        }
        false
    }

    fn table_header(&self, l: &Line) -> Option<TableState> {
        let raw = &self.text[l.span.clone()];
        if !raw.contains('\t') {
            return None;
        }
        let cols = &self.tax.structure.table_header;
        let mut columns = Vec::new();
        let mut leads = Vec::new();
        let mut marks = Vec::new();
        let mut matched = 0;
        for cell in raw.split('\t') {
            let f = fold(cell.trim());
            let mut c = cols.iter().position(|c| c.pattern.is_match(&f));
            // A narrow header cell a word processor wrapped inside its word
            // (`N r`, `M ål`): its letters read as one word.
            if c.is_none() && f.contains(' ') && f.chars().count() <= 12 {
                let squeezed: String = f.split_whitespace().collect();
                c = cols.iter().position(|c| c.pattern.is_match(&squeezed));
            }
            // Headers in one cell ("Nr Åtgärd", "Nr Mål Vad ska göras": a
            // PDF whose narrow number and goal columns sat too close to be
            // columns of their own): the first ones number or goal columns,
            // the cell is the last one's.
            let mut lead = Vec::new();
            let mut rest = f.as_str();
            while c.is_none()
                && let Some((head, tail)) = rest
                    .split_once(' ')
                    .map(|(h, r)| (h.trim_end_matches('|'), r.trim_start_matches(['|', ' '])))
                && let Some(k) = cols.iter().position(|c| {
                    matches!(c.role, ColumnRole::Context | ColumnRole::Goal)
                        && c.pattern.is_match(head)
                })
            {
                lead.push(k);
                rest = tail;
                c = cols.iter().position(|c| c.pattern.is_match(rest));
            }
            if c.is_none() {
                lead.clear();
            }
            matched += usize::from(c.is_some()) + lead.len();
            // The goal a matrix column stands for, read from the header
            // as it matched (squeezed when the cell wrapped inside a word).
            let mark = c
                .filter(|&k| cols[k].role == ColumnRole::GoalMark)
                .and_then(|k| {
                    let squeezed: String = f.split_whitespace().collect();
                    [f.as_str(), squeezed.as_str()].into_iter().find_map(|t| {
                        let m = cols[k].pattern.captures(t)?;
                        let g = self.tax.goal_numbered(reference_number(&m)?)?;
                        Some(g.code.clone())
                    })
                });
            marks.push(mark);
            columns.push(c);
            leads.push(lead);
        }
        let has = |role| columns.iter().flatten().any(|&c| cols[c].role == role);
        let by_status = has(ColumnRole::Status);
        (matched >= 2 && (by_status || has(ColumnRole::Statement))).then_some(TableState {
            columns,
            marks,
            leads,
            by_status,
        })
    }

    /// A row of a table with one item per row: the statement column is the
    /// activity; description columns describe it; a status column gives its
    /// status, a goal column its goal.
    fn item_row(
        &mut self,
        l: &Line,
        cells: &[Vec<Range<usize>>],
        columns: &[Option<usize>],
        marks: &[Option<String>],
        leads: &[Vec<usize>],
    ) {
        let cols = &self.tax.structure.table_header;
        let mut statement = Vec::new();
        let mut description = Vec::new();
        let mut narrative = Vec::new();
        let mut status = None;
        let mut opens_with_label = false;
        let mut goal = None;
        let mut marked = None;
        let has_goal_column = columns
            .iter()
            .flatten()
            .chain(leads.iter().flatten())
            .any(|&c| cols[c].role == ColumnRole::Goal);
        for (idx, ranges) in cells.iter().enumerate() {
            let Some((start, end)) = ranges.first().map(|r| (r.start, r.end)) else {
                continue;
            };
            if end <= start {
                continue;
            }
            // What the cell holds after a line break: the activity cell's
            // description or what has been done; more of any other cell.
            let more = &ranges[1..];
            let f = fold(&self.text[start..end]);
            let role = columns.get(idx).copied().flatten().map(|c| cols[c].role);
            if role == Some(ColumnRole::Statement) {
                for r in more {
                    let told = fold(&self.text[r.clone()]);
                    if self
                        .tax
                        .structure
                        .narrative_start
                        .iter()
                        .any(|n| n.is_match(&told))
                    {
                        narrative.push(r.clone());
                    } else {
                        description.push(r.clone());
                    }
                }
            } else if !matches!(role, Some(ColumnRole::Context | ColumnRole::GoalMark)) {
                description.extend(more.iter().cloned());
            }
            match role {
                Some(ColumnRole::Statement) => {
                    // A row number that shares the cell ("1.1 Sätta upp …").
                    let cell = &self.text[start..end];
                    let number = cell
                        .split_once(' ')
                        .filter(|(n, _)| {
                            !n.is_empty()
                                && n.chars().all(|c| c.is_ascii_digit() || c == '.')
                                && n.chars().next().is_some_and(|c| c.is_ascii_digit())
                        })
                        .map_or(0, |(n, rest)| {
                            // and the rule OCR read between them ("1.1 | Sätta").
                            let bar = rest.len() - rest.trim_start_matches(['|', ' ']).len();
                            n.len() + 1 + bar
                        });
                    // The values of narrow columns set in this cell's header
                    // ("Nr Mål Vad ska göras" / "1 3 Utbilda …"), in order;
                    // a row without a value for one leaves it empty ("2 Rutin …").
                    let mut number = number;
                    if let Some(lead) = leads.get(idx).filter(|l| !l.is_empty()) {
                        number = 0;
                        for &k in lead {
                            let rest = &cell[number..];
                            let Some((value, _)) = rest.split_once(' ') else {
                                break;
                            };
                            if value.is_empty()
                                || value.len() > 6
                                || !value.chars().all(|c| c.is_ascii_digit() || c == '.')
                            {
                                break;
                            }
                            if cols[k].role == ColumnRole::Goal {
                                goal = value
                                    .chars()
                                    .find(char::is_ascii_digit)
                                    .and_then(|d| self.tax.goal_numbered(&d.to_string()))
                                    .map(|g| g.code.clone());
                            }
                            number += value.len() + 1;
                        }
                    }
                    // A status label opening the cell ("Behov: …").
                    let rest = &cell[number..];
                    let labelled = rest.split_once(':').and_then(|(label, _)| {
                        let label = fold(label.trim());
                        (label.split_whitespace().count() <= 2)
                            .then(|| {
                                self.tax
                                    .statuses
                                    .iter()
                                    .find(|st| st.values.iter().any(|r| r.is_match(&label)))
                            })
                            .flatten()
                    });
                    let label_len = match labelled {
                        Some(st) => {
                            opens_with_label = true;
                            status = Some(st.code.clone());
                            let after = rest.find(':').map_or(0, |k| k + 1);
                            after + (rest[after..].len() - rest[after..].trim_start().len())
                        }
                        None => 0,
                    };
                    statement.push(start + number + label_len..end);
                }
                Some(ColumnRole::Context) => {}
                Some(ColumnRole::StatusValue) => {
                    status = self
                        .tax
                        .statuses
                        .iter()
                        .find(|st| st.values.iter().any(|r| r.is_match(&f)))
                        .map(|st| st.code.clone());
                }
                Some(ColumnRole::Goal) => {
                    goal = f
                        .chars()
                        .find(char::is_ascii_digit)
                        .and_then(|d| self.tax.goal_numbered(&d.to_string()))
                        .map(|g| g.code.clone());
                }
                Some(ColumnRole::GoalMark) => {
                    // The first goal marked ("X", "✓", "Ja"); a "Nej" or a
                    // dash marks none.
                    let none = f.starts_with("nej") || f.chars().all(|c| "-–—0".contains(c));
                    if marked.is_none() && !none {
                        marked = marks.get(idx).cloned().flatten();
                    }
                }
                // Unknown columns describe the activity.
                _ => description.push(start..end),
            }
        }
        // A row with no activity cell, or one whose activity cell goes on in
        // lower case, continues the row above: a cell that wrapped onto the
        // next line (a PDF or a scan puts each line of a row on its own).
        // A status label ("Behov: anpassat material …") opens an item of its own.
        let continues = statement.first().is_none_or(|r| {
            !opens_with_label
                && self.text[r.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
        });
        if continues {
            if let Some(&k) = self.last_row_items.first() {
                let a = &mut self.activities[k];
                a.statement.extend(statement);
                a.description.extend(description);
                a.narrative.extend(narrative);
            }
            return;
        }
        if goal.is_none() {
            goal = marked;
        }
        if has_goal_column {
            match &goal {
                Some(g) => self.row_goal = Some(g.clone()),
                None => goal = self.row_goal.clone(),
            }
        }
        let said = fold(&join_pieces(self.text, &statement));
        if self
            .tax
            .structure
            .empty_rubrik
            .iter()
            .any(|r| r.is_match(&said))
        {
            // "Inga egna aktiviteter planeras under mål 5": a stated empty goal.
            self.empty_rubriker.push(EmptyRubrik {
                goal: goal.or_else(|| self.goal.clone()).unwrap_or_default(),
                rubrik: self
                    .rubrik
                    .clone()
                    .unwrap_or_else(|| self.tax.default_rubrik().to_owned()),
                span: statement.first().cloned().unwrap_or(l.trimmed.clone()),
            });
            self.last_row_items.clear();
            return;
        }
        let mut a = self.new_activity(statement);
        if let Some(g) = goal {
            a.goal = g;
        }
        if status.is_some() {
            a.status = status;
        }
        a.description = description;
        a.narrative = narrative;
        a.table_item = true;
        self.activities.push(a);
        self.last_row_items = vec![self.activities.len() - 1];
    }

    /// Read the table row on line `i`; returns the last line it takes.
    fn table_row(&mut self, i: usize) -> usize {
        let l = &self.lines[i];
        let Some(table) = &self.table else { return i };
        if !table.by_status {
            let columns = table.columns.clone();
            let marks = table.marks.clone();
            let leads = table.leads.clone();
            let (cells, last) = self.row_cells(i, columns.len());
            self.item_row(l, &cells, &columns, &marks, &leads);
            return last;
        }
        let cols = &self.tax.structure.table_header;
        let columns = table.columns.clone();
        let mut row_first: Option<usize> = None;
        self.last_row_items.clear();
        for (idx, Range { start, end }) in self.cell_ranges(l).into_iter().enumerate() {
            if end <= start {
                continue;
            }
            let Some(col) = columns.get(idx).copied().flatten() else {
                continue;
            };
            let column = &cols[col];
            if column.role != ColumnRole::Status {
                if column.role == ColumnRole::Description
                    && let Some(a) = row_first.and_then(|k| self.activities.get_mut(k))
                {
                    a.description.push(start..end);
                }
                continue;
            }
            let f = fold(&self.text[start..end]);
            let continues = column.continues_row
                && row_first.is_some()
                && self
                    .tax
                    .structure
                    .table_continuation
                    .iter()
                    .any(|r| r.is_match(&f));
            if continues && let Some(a) = row_first.and_then(|k| self.activities.get_mut(k)) {
                a.description.push(start..end);
                continue;
            }
            let partner = false;
            let _ = partner;
            self.activities.push(Activity {
                goal: self.goal.clone().unwrap_or_default(),
                goal_inferred: false,
                rubrik: self.tax.default_rubrik().to_owned(),
                rubrik_from_heading: false,
                status: Some(column.status.clone()),
                statement: vec![start..end],
                description: Vec::new(),
                narrative: Vec::new(),
                context: self.goal_context.clone(),
                table_item: true,
            });
            let k = self.activities.len() - 1;
            row_first.get_or_insert(k);
            self.last_row_items.push(k);
        }
        i
    }

    /// The cells of the table row on line `i`, each its text's ranges, and
    /// the last line of the row. A cell holding a line break (a table
    /// copied out of a word processor) puts the rest of the row on the
    /// next line: a line with fewer cells than the header, followed by one
    /// whose cells make up the rest, is one row whose cell goes on there.
    fn row_cells(&self, i: usize, width: usize) -> (Vec<Vec<Range<usize>>>, usize) {
        let mut cells: Vec<Vec<Range<usize>>> = self
            .cell_ranges(&self.lines[i])
            .into_iter()
            .map(|r| vec![r])
            .collect();
        let mut last = i;
        while cells.len() < width
            && let Some(next) = self.lines.get(last + 1)
            && !next.is_blank()
            && !next.furniture
            && self.text[next.span.clone()].contains('\t')
        {
            let more = self.cell_ranges(next);
            let opens_row = more.first().is_some_and(|r| {
                let t = &self.text[r.clone()];
                !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.')
            });
            if opens_row || cells.len() + more.len() - 1 > width {
                break;
            }
            let mut more = more.into_iter();
            if let (Some(cell), Some(first)) = (cells.last_mut(), more.next())
                && !first.is_empty()
            {
                cell.push(first);
            }
            cells.extend(more.map(|r| vec![r]));
            last += 1;
        }
        (cells, last)
    }

    /// The tab-separated cells of line `l`, each the range of its text
    /// without the spaces around it (empty for an empty cell).
    fn cell_ranges(&self, l: &Line) -> Vec<Range<usize>> {
        let raw = &self.text[l.span.clone()];
        let mut offset = l.span.start;
        raw.split('\t')
            .map(|cell| {
                let start = offset + (cell.len() - cell.trim_start().len());
                let end = (offset + cell.trim_end().len()).max(start);
                offset += cell.len() + 1;
                start..end
            })
            .collect()
    }

    /// Handle a line of content; returns the index of the last line consumed.
    fn content(&mut self, i: usize) -> usize {
        let l = &self.lines[i];
        let s = &self.tax.structure;
        let raw = &self.text[l.trimmed.clone()];
        let label = s
            .activity_label
            .as_ref()
            .and_then(|r| r.find(&l.folded))
            .map(|m| byte_of_char(raw, l.folded[..m.end()].chars().count()));
        let (bulleted, body_start) = match (label, s.bullet.captures(raw)) {
            (Some(at), _) => (true, at),
            (None, Some(c)) => {
                let m = c.name("a").or_else(|| c.name("b")).or_else(|| c.name("c"));
                (true, m.map_or(raw.len(), |m| m.start()))
            }
            (None, None) => match self.lead_in_item(i) {
                Some(at) => (true, at),
                None => (false, 0),
            },
        };
        if self.leads_into_items(i) {
            // "Ledningsgruppen beslutar att förvaltningen ska" over "a)
            // prioritera …": the items finish its sentence; it is no item.
            self.close();
            self.para_break = true;
            return i;
        }
        let body = &raw[body_start..];
        if bulleted && body.trim().is_empty() || is_only_bullets(raw) {
            // A bullet glyph on a line of its own (Word exports): it marks the next line.
            self.pending_bullet = true;
            self.para_break = true;
            return i;
        }
        let numbered = label.is_none() && raw.starts_with(|c: char| c.is_ascii_digit());
        let next_blank = self
            .lines
            .get(i + 1)
            .is_none_or(|n| n.is_blank() || n.furniture);
        if numbered
            && next_blank
            && !body.trim_end().ends_with(['.', ':', '!', '?'])
            && body.split_whitespace().count() <= 6
            && !s
                .commitment
                .as_ref()
                .is_some_and(|r| r.is_match(&fold(body)))
        {
            // A numbered section heading ("4 Barn som lever med våld"), not an item.
            self.close();
            self.para_break = true;
            if self.leaves_goal(&l.folded) {
                self.goal = None;
            }
            return i;
        }
        // The sentence under an item's title ("• Trygghetsinventering" /
        // "Genomföra en inventering …") is the item's, not an item of its own.
        let under_title = self.cur_title.is_some() && !self.para_break;
        // An item whose bullet OCR lost: a line of a list section that
        // opens with an infinitive ("Ta fram en rutin …", "Utbilda chefer
        // …"), where a sentence would open with its subject, and that is no
        // heading standing alone.
        let lost_bullet = !bulleted
            && !under_title
            && label.is_none()
            && !self.prose
            && (!self.narrative_mode || self.narrative_by_subheading)
            && raw.split_whitespace().count() >= 3
            && crate::text::verbs::opens_with_infinitive(raw)
            && !self.is_heading_like(i)
            && !i
                .checked_sub(1)
                .and_then(|k| self.lines.get(k))
                .is_some_and(|p| ends_mid_clause(&p.folded));
        let bulleted = bulleted || self.pending_bullet || lost_bullet;
        self.pending_bullet = false;
        if !bulleted && self.heads_list(i) {
            // "Det här ska vi göra 2025–2026" over a list: a subheading that
            // announces the items, none itself, even though it says "ska".
            self.close();
            self.para_break = true;
            return i;
        }
        // A title over a paragraph announces it in a list section too
        // (outline items "B. Samtal om samtycke" whose sub-points made the
        // section a list).
        if !bulleted
            && self.para_break
            && (self.prose
                || self.announced
                || self.titles(i) && self.announces_paragraph(i) && self.paragraph_after_commits(i))
        {
            return self.prose_paragraph(i);
        }
        self.announced = false;
        // Indentation in columns: a tab indents as far as a few spaces
        // (a sub-point typed with Tab in a word processor).
        let indent: usize = self.text[l.span.start..l.trimmed.start]
            .chars()
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let glyph = raw.chars().next().filter(|c| !c.is_alphanumeric());
        // Level two of a list is a dash under a dot (Word, PowerPoint, and
        // what OCR reads of them: `+` and `~`), also where a PDF or a scan
        // lost the indentation.
        let dash_under_dot = label.is_none()
            && self.cur_glyph.is_some_and(|g| {
                matches!(
                    g,
                    '•' | '●' | '▪' | '■' | '+' | '*' | '\u{f0b7}' | '\u{f0a7}'
                )
            })
            && glyph.is_some_and(|g| matches!(g, '–' | '—' | '-' | '~' | '−'));
        // Likewise `a)` under `1.`: the letters number the parts of an item.
        let letter = |r: &str| {
            let mut c = r.chars();
            c.next().is_some_and(|c| c.is_ascii_lowercase())
                && c.next().is_some_and(|c| matches!(c, '.' | ')'))
                && c.next().is_some_and(char::is_whitespace)
        };
        let letter_under_number = label.is_none() && self.cur_numbered && letter(raw);
        // In a list of infinitive clauses, a point under another glyph that
        // opens with its subject ("• Riskanalysen görs …" under "– Genomföra
        // en riskanalys …") tells about the item above.
        let told_under_infinitive = label.is_none()
            && self.cur_infinitive
            && glyph.is_some()
            && self.cur_glyph.is_some()
            && glyph != self.cur_glyph
            && !crate::text::verbs::opens_with_infinitive(body)
            && opens_clause(&fold(body.trim_start()));
        // A point whose subject takes up, in the definite form, what the
        // item above introduced ("• Materialet ska …" under "• … ett
        // samtalsmaterial …") is about that item, where glyphs and
        // indentation no longer tell the levels apart.
        let takes_up = label.is_none()
            && !numbered
            && indent <= self.cur_indent
            && self.cur.as_ref().is_some_and(|a| {
                let above = fold(&a.statement_text(self.text));
                takes_up_subject(s, &fold(body.trim_start()), &above)
            });
        if bulleted
            && self.cur.is_some()
            && (indent >= self.cur_indent + 2
                || dash_under_dot
                || letter_under_number
                || told_under_infinitive
                || takes_up)
        {
            // A sub-item belongs to the item above it.
            let piece = l.trimmed.start + body_start..l.trimmed.end;
            self.para_break = false;
            self.prev_ended_sentence = body.trim_end().ends_with(['.', ':', '!', '?']);
            if let Some(cur) = self.cur.as_mut() {
                if self.narrative_mode {
                    cur.narrative.push(piece);
                } else {
                    self.zone = Zone::Description;
                    cur.description.push(piece);
                }
            }
            return i;
        }
        let piece = l.trimmed.start + body_start..l.trimmed.end;
        let fb = fold(body);
        let new_para = self.para_break || bulleted;
        let starts_sentence = new_para || self.prev_ended_sentence;
        let after_sentence = self.prev_ended_sentence;
        self.para_break = false;
        self.prev_ended_sentence = ends_sentence(body);
        // A bullet that tells what was done is narrative; one that commits
        // as well ("– Under hösten 2025 genomförs … Vandringarna ska …") is an item.
        // A bullet is judged by its first sentence: an item may go on to
        // tell what was done ("– Trygghetsvandringar i juni … Under 2024
        // genomfördes en …").
        let judged = if bulleted { first_sentence(&fb) } else { &fb };
        let narrative_marker = starts_sentence
            && s.narrative_start.iter().any(|r| r.is_match(judged))
            && !(bulleted && self.item_commits(i, &fb));
        let subject = self.is_subject(&fb);
        let next_blank = self.lines.get(i + 1).is_none_or(|n| n.is_blank());
        let subheading = new_para
            && next_blank
            && !bulleted
            && self.cur.is_some()
            && fb.chars().count() <= 50
            && fb.split_whitespace().count() <= 6
            && !fb.ends_with('.');
        let first_in_rubrik =
            self.rubrik.is_some() && self.activities_in_rubrik == 0 && self.cur.is_none();
        let no_commitment = s.not_commitment.iter().any(|r| r.is_match(&fb));
        let starts_activity = (new_para || starts_sentence && subject)
            && !narrative_marker
            && !no_commitment
            && (subject
                || first_in_rubrik
                || bulleted
                    && (!self.narrative_mode
                        || self.narrative_by_subheading
                        || commits(s, &fb)
                        || numbered)
                || self.after_attributes && new_para && commits(s, &fb)
                || self.rubrik.is_none()
                    && self.cur.is_none()
                    && commits(s, &fb)
                    // A plan with items but no goal headings: its prose is
                    // introduction, its items are the activities.
                    && (self.has_goal_structure || self.prose));
        if starts_activity {
            self.close();
            self.cur = Some(self.new_activity(vec![piece.clone()]));
            self.zone = Zone::Statement;
            self.narrative_mode = false;
            self.narrative_by_subheading = false;
            self.cur_indent = indent;
            // A lost bullet was the glyph of the items beside it.
            if !lost_bullet {
                self.cur_glyph = glyph.filter(|_| bulleted);
            }
            self.cur_numbered = numbered && bulleted;
            self.cur_infinitive = crate::text::verbs::opens_with_infinitive(body);
            self.after_attributes = false;
            self.after_goal_line = false;
            self.cur_labelled = label.is_some();
            self.cur_title = (bulleted && self.bullet_titles(i, body)).then(|| piece.clone());
            return i;
        }
        let Some(cur) = self.cur.as_mut() else {
            return i;
        };
        if narrative_marker || subheading {
            // A subheading ("Det här planerar vi") over a list heads more
            // items; over prose it starts what is told about the item above.
            // Within a narrative ("Exempel på aktiviteter som gjorts …"), a
            // subheading ("Rutiner:") heads more of what has been done.
            self.narrative_by_subheading = subheading
                && !narrative_marker
                && (!self.narrative_mode || self.narrative_by_subheading);
            self.narrative_mode = true;
        }
        if let Some(title) = self.cur_title.take()
            && under_title
            && !narrative_marker
        {
            // A bulleted title over its sentence: the sentence is what is
            // done, the title describes it.
            cur.statement = vec![piece];
            cur.description.insert(0, title);
            self.zone = Zone::Statement;
        } else if self.zone == Zone::Statement
            && !new_para
            && !after_sentence
            && !self.narrative_mode
        {
            cur.statement.push(piece);
        } else if self.narrative_mode {
            self.zone = Zone::Narrative;
            cur.narrative.push(piece);
        } else {
            self.zone = Zone::Description;
            cur.description.push(piece);
        }
        i
    }

    /// Whether the item opening on line `i` (folded `first`) commits,
    /// on that line or on the lines it wraps onto.
    fn item_commits(&self, i: usize, first: &str) -> bool {
        let s = &self.tax.structure;
        commits(s, first)
            || self
                .lines
                .iter()
                .skip(i + 1)
                .take(6)
                .take_while(|n| {
                    !n.is_blank()
                        && !n.furniture
                        && !s.bullet.is_match(&self.text[n.trimmed.clone()])
                        && !s.attributes.iter().any(|(r, _)| r.is_match(&n.folded))
                })
                .any(|n| commits(s, &n.folded))
    }

    /// Whether line `k` can title an activity: a short line without full
    /// stop or label, under a goal heading, and never in another goal's
    /// words (that goal's heading, set by a PDF without the blank line
    /// after it); an activity's title may echo its own goal's words
    /// ("Stöd till äldre kvinnor …" under the goal of support).
    fn titles(&self, k: usize) -> bool {
        let l = &self.lines[k];
        let raw = &self.text[l.trimmed.clone()];
        let short = self.goal.as_deref().is_some_and(|g| !g.is_empty())
            // One word is a section's heading ("Uppföljning", "Bakgrund").
            && (2..=8).contains(&raw.split_whitespace().count())
            && raw.chars().count() <= 70
            && !ends_sentence(raw)
            && !raw.contains(':')
            && raw.chars().next().is_some_and(char::is_uppercase);
        short && !commits(&self.tax.structure, &l.folded) && {
            let (like, score) = best_goal(self.tax, &l.folded);
            score < 0.6 || self.goal.as_deref() == Some(like.as_str())
        }
    }

    /// A heading that names its goal in a reference at its end
    /// ("5.1 Förebyggande arbete (inriktningsmål 1)"): the number decides;
    /// words of another goal put it in doubt.
    fn heading_naming_its_goal(&mut self, i: usize) -> Option<usize> {
        let l = &self.lines[i];
        let re = self.tax.structure.goal_reference.as_ref()?;
        let raw = &self.text[l.trimmed.clone()];
        if self.tax.structure.bullet.is_match(raw) && section_number(&l.folded).is_none() {
            return None;
        }
        let f = l.folded.as_str();
        let c = re.captures(f)?;
        let whole = c.get(0)?;
        let before = f[..whole.start()].trim_end();
        let title = section_number(before).map_or(before, |n| before[n.len()..].trim_start());
        if !f[whole.end()..].trim().is_empty()
            || title.is_empty()
            || ends_sentence(title)
            || title.split_whitespace().count() > 8
        {
            return None;
        }
        let g = self.tax.goal_numbered(reference_number(&c)?)?;
        let (code, doubt) = (g.code.clone(), title_names_other_goal(self.tax, g, title));
        let last = self.enter_goal(i, i, code, false);
        if let Some(section) = self.goals.last_mut() {
            section.doubt = doubt;
        }
        Some(last)
    }

    /// Whether line `i` is a numbered heading outside the chapter that
    /// holds the goal headings ("6 Miljö och hållbarhet" after "5.6 Samverkan").
    fn outside_goal_chapter(&self, i: usize) -> bool {
        let Some(chapter) = &self.goal_chapter else {
            return false;
        };
        let l = &self.lines[i];
        let Some(number) = section_number(&l.folded) else {
            return false;
        };
        let raw = &self.text[l.trimmed.clone()];
        let blank = |j: Option<usize>| j.and_then(|j| self.lines.get(j)).is_none_or(Line::is_blank);
        // Set apart on one side at least (Word leaves no space after it).
        (blank(i.checked_sub(1)) || blank(Some(i + 1)))
            && raw.split_whitespace().count() <= 8
            && !ends_sentence(raw)
            && number != *chapter
            && !number.starts_with(&format!("{chapter}."))
    }

    /// Whether the bulleted line `i` (its text after the marker: `body`) is
    /// a title: a few words that neither end a sentence nor commit, run on
    /// by a line that opens a sentence of its own.
    fn bullet_titles(&self, i: usize, body: &str) -> bool {
        let s = &self.tax.structure;
        let body = body.trim();
        let words = body.split_whitespace().count();
        if words == 0 || words > 8 || ends_sentence(body) || body.ends_with([':', ',']) {
            return false;
        }
        if commits(s, &fold(body)) {
            return false;
        }
        self.lines.get(i + 1).is_some_and(|n| {
            let raw = &self.text[n.trimmed.clone()];
            !n.is_blank()
                && !n.furniture
                && !s.bullet.is_match(raw)
                && !s.attributes.iter().any(|(r, _)| r.is_match(&n.folded))
                && raw.chars().next().is_some_and(char::is_uppercase)
                && raw.split_whitespace().count() >= 6
        })
    }

    /// Whether a numbered section heading (folded) opens a part of the plan
    /// above its goals, not a part of the current goal: the goal headings
    /// carry no section number ("Mål 1 – …" under "3.1 Avdelning
    /// Förvaltning"), and the heading's number is no subsection of the goal
    /// ("1.2 Utbildning" under "Inriktningsmål 1"). Its text is no goal's
    /// until the next goal heading.
    fn leaves_goal(&self, folded: &str) -> bool {
        let Some(number) = section_number(folded) else {
            return false;
        };
        let (Some(goal), Some(section)) = (&self.goal, self.goals.last()) else {
            return false;
        };
        let heading = fold(&self.text[section.heading.clone()]);
        let goal_number = self
            .tax
            .goals
            .iter()
            .find(|g| &g.code == goal)
            .map(|g| g.number.as_str());
        section_number(&heading).is_none()
            && number.contains('.')
            && number.split('.').next() != goal_number
    }

    /// Line `i` stands alone as a subheading and the next text is a
    /// bulleted list, and it does not open with an actor ("Vi ska …"), as
    /// an item whose steps are bulleted below it would.
    fn heads_list(&self, i: usize) -> bool {
        // Standing alone: a blank line above it, and one below it or the
        // list right under it (a PDF's paragraph spacing leaves no blank).
        let l = &self.lines[i];
        let alone = i
            .checked_sub(1)
            .and_then(|k| self.lines.get(k))
            .is_none_or(|p| p.is_blank() || p.furniture)
            && self.is_short_title(i);
        if !alone || self.is_subject(&l.folded) {
            return false;
        }
        self.lines
            .iter()
            .skip(i + 1)
            .find(|n| !n.is_blank() && !n.furniture)
            .is_some_and(|n| {
                self.tax
                    .structure
                    .bullet
                    .is_match(&self.text[n.trimmed.clone()])
            })
    }

    /// A short line standing alone between blank lines, not ending a
    /// sentence: a (sub)heading, where a section may end.
    fn is_heading_like(&self, k: usize) -> bool {
        let l = &self.lines[k];
        let blank = |j: Option<usize>| j.and_then(|j| self.lines.get(j)).is_none_or(Line::is_blank);
        !l.is_blank() && blank(k.checked_sub(1)) && blank(Some(k + 1)) && self.is_short_title(k)
    }

    /// Line `k` is short enough for a (sub)heading, ends no sentence and is
    /// neither a list item nor a table row.
    fn is_short_title(&self, k: usize) -> bool {
        let raw = &self.text[self.lines[k].trimmed.clone()];
        raw.chars().count() <= 60
            && raw.split_whitespace().count() <= 8
            && !ends_sentence(raw)
            && !self.tax.structure.bullet.is_match(raw)
            && !raw.contains('\t')
    }

    /// An activity with `statement`, in the current section: its goal,
    /// rubrik (or the default), status subheading and qualifier.
    fn new_activity(&self, statement: Vec<Range<usize>>) -> Activity {
        Activity {
            goal: self.goal.clone().unwrap_or_default(),
            goal_inferred: false,
            rubrik: self
                .rubrik
                .clone()
                .unwrap_or_else(|| self.tax.default_rubrik().to_owned()),
            rubrik_from_heading: self.rubrik.is_some(),
            status: self.status_heading.clone(),
            statement,
            description: Vec::new(),
            narrative: Vec::new(),
            context: self.goal_context.clone(),
            table_item: false,
        }
    }

    /// Whether line `i`, set apart by a blank line, stands over a paragraph:
    /// the next line of text is no item, no answer, and has six words at least.
    fn announces_paragraph(&self, i: usize) -> bool {
        let next = (i + 1..self.lines.len())
            .find(|&k| !self.lines[k].is_blank() && !self.lines[k].furniture);
        next.is_some_and(|k| {
            k > i + 1
                && !self
                    .tax
                    .structure
                    .bullet
                    .is_match(&self.text[self.lines[k].trimmed.clone()])
                && !self.lines[k].answer
                && self.lines[k].folded.split_whitespace().count() >= 6
        })
    }

    /// Whether the paragraph after line `i` (past blank lines) commits on
    /// one of its lines: in a list section, only a commitment makes a
    /// titled paragraph an activity, not an account of what was done.
    fn paragraph_after_commits(&self, i: usize) -> bool {
        let s = &self.tax.structure;
        self.lines
            .iter()
            .skip(i + 1)
            .skip_while(|l| l.is_blank() || l.furniture)
            .take_while(|l| !l.is_blank())
            .take(12)
            .any(|l| commits(s, &l.folded))
    }

    /// A paragraph of a section written as prose, from line `i`: every
    /// sentence that commits starts an activity, the sentences after it
    /// describe it (or, after a narrative cue, tell what has been done).
    fn prose_paragraph(&mut self, i: usize) -> usize {
        let s = &self.tax.structure;
        let mut last = i;
        while let Some(n) = self.lines.get(last + 1) {
            if n.is_blank() || n.furniture || n.page_start || n.answer || n.question {
                break;
            }
            let raw = &self.text[n.trimmed.clone()];
            if s.bullet.is_match(raw)
                || self.text[n.span.clone()].contains('\t')
                || s.attributes.iter().any(|(r, _)| r.is_match(&n.folded))
            {
                break;
            }
            last += 1;
        }
        // A short line over the paragraph, without a full stop, is the
        // title of the activity the paragraph describes
        // ("Samtalsgrupper för äldre kvinnor" / "Under 2025 startar vi …").
        let words = |lines: std::ops::RangeInclusive<usize>| -> usize {
            lines
                .map(|k| self.lines[k].folded.split_whitespace().count())
                .sum()
        };
        // What a title titles is a paragraph, not a line of a cover page.
        let inline = last > i && self.titles(i) && words(i + 1..=last) >= 6;
        if last == i && self.titles(i) && self.announces_paragraph(i) {
            // A title set apart from its paragraph by a blank line (a PDF's
            // paragraph spacing): it announces the next paragraph.
            self.pending_title = Some(self.lines[i].trimmed.clone());
            self.announced = true;
            return last;
        }
        let title = if inline {
            Some(self.lines[i].trimmed.clone())
        } else {
            self.pending_title.take()
        };
        let announced = std::mem::take(&mut self.announced) || title.is_some();
        let from = if inline { i + 1 } else { i };
        let span = self.lines[from].trimmed.start..self.lines[last].trimmed.end;
        self.para_break = false;
        let mut started_here = false;
        // The first sentence of an announced paragraph that tells no story;
        // what the paragraph above told ends at its title.
        let mut pending = announced;
        let mut held: Vec<(Range<usize>, bool)> = Vec::new();
        if announced {
            self.narrative_mode = false;
        }
        for sentence in sentences(self.text, span) {
            let f = fold(&self.text[sentence.clone()]);
            // In a paragraph announced as an activity, a dated sentence in the
            // present ("Under 2025 startar vi …") is that activity; only one
            // that tells what was done is narrative.
            // So is a dated sentence that commits ("Under 2025–2026 ska …").
            let commits = s.commitment.as_ref().is_some_and(|r| r.is_match(&f))
                && !s.not_commitment.iter().any(|r| r.is_match(&f));
            let narrative = s.narrative_start.iter().any(|r| r.is_match(&f))
                && !((pending || commits) && !tells_what_was_done(&f));
            // After the paragraph's first commitment, a committing sentence
            // whose subject is no actor ("Informationen ska finnas …")
            // describes the activity; one by an actor ("Vi ska också …",
            // "Bolaget kommer att …") is the next activity.
            let subject = s
                .commitment
                .as_ref()
                .and_then(|r| r.find(&f))
                .map_or("", |m| &f[..m.start()]);
            let actor = s
                .actor_subject
                .as_ref()
                .is_some_and(|r| r.is_match(subject))
                || s.generic_subject.is_match(&f)
                || s.activity_subject.is_match(&f);
            let not_commitment = s.not_commitment.iter().any(|r| r.is_match(&f));
            // After what was done ("Under 2024 genomförde vi …"), a sentence
            // in the past goes on telling it; one in the present is the activity.
            let announced_here = pending
                && !started_here
                && !not_commitment
                && (!self.narrative_mode || !tells_what_was_done(&f));
            if !narrative {
                pending = false;
            }
            if (commits || announced_here) && !narrative && (!started_here || actor) {
                started_here = true;
                self.close();
                let mut a = self.new_activity(vec![sentence]);
                a.description.extend(title.clone());
                for (piece, told) in held.drain(..) {
                    if told {
                        a.narrative.push(piece);
                    } else {
                        a.description.push(piece);
                    }
                }
                self.cur = Some(a);
                self.narrative_mode = false;
                self.narrative_by_subheading = false;
                continue;
            }
            if narrative {
                self.narrative_mode = true;
                self.narrative_by_subheading = false;
            }
            // What an announced paragraph tells before its activity is the
            // activity's own story, not the one above.
            if announced && !started_here {
                held.push((sentence, self.narrative_mode));
                continue;
            }
            if let Some(cur) = self.cur.as_mut() {
                if self.narrative_mode {
                    cur.narrative.push(sentence);
                } else {
                    cur.description.push(sentence);
                }
            }
        }
        if let Some(cur) = self.cur.as_mut() {
            for (piece, told) in held {
                if told {
                    cur.narrative.push(piece);
                } else {
                    cur.description.push(piece);
                }
            }
        }
        self.prev_ended_sentence = true;
        last
    }

    /// A commitment whose subject is an organisation: "Hälsa-, vård- och
    /// omsorgsförvaltningen ska …", "MKB ska …" (not "Förvaltningen ska …",
    /// which continues the activity above it, nor "Chefer på kontoret ska …").
    fn is_subject(&self, folded: &str) -> bool {
        let s = &self.tax.structure;
        if s.generic_subject.is_match(folded) {
            return false;
        }
        if let Some(m) = s.activity_subject.find(folded) {
            let head = &folded[..m.end()];
            return !s.owner_context.place_in_subject.is_match(head);
        }
        self.tax.owners.iter().any(|o| {
            o.aliases.iter().any(|a| {
                let a = fold(a);
                folded
                    .strip_prefix(a.as_str())
                    .is_some_and(|rest| s.owner_context.commits_after.is_match(rest))
            })
        })
    }

    fn close(&mut self) {
        if let Some(mut a) = self.cur.take() {
            // An activity may name its goal itself: "… (Inriktningsmål 3)".
            if let Some(re) = &self.tax.structure.goal_reference {
                let named = a.statement.iter().chain(&a.description).find_map(|r| {
                    let piece = &self.text[r.clone()];
                    let f = fold(piece);
                    let c = re.captures(&f)?;
                    let whole = c.get(0)?;
                    let at = r.start + byte_of_char(piece, f[..whole.start()].chars().count())
                        ..r.start + byte_of_char(piece, f[..whole.end()].chars().count());
                    let goal = self.tax.goal_numbered(reference_number(&c)?)?;
                    Some((goal.code.clone(), at))
                });
                if let Some((n, at)) = named {
                    a.goal = n;
                    a.goal_inferred = false;
                    // The reference is a label, not part of what is done.
                    if let Some(last) = a.statement.last_mut()
                        && at.start >= last.start
                        && at.end <= last.end
                        && self.text[at.end..last.end].trim().is_empty()
                    {
                        last.end = at.start;
                        while last.end > last.start && self.text[..last.end].ends_with(' ') {
                            last.end -= 1;
                        }
                    }
                }
            }
            self.activities.push(a);
            self.activities_in_rubrik += 1;
        }
        self.narrative_mode = false;
        self.narrative_by_subheading = false;
        self.after_attributes = false;
        self.cur_title = None;
        self.zone = Zone::Statement;
        self.last_row_items.clear();
    }

    /// A plan without goal headings: take bullets and commitments anywhere,
    /// and infer each one's goal from its content.
    fn infer_without_structure(&mut self) {
        self.goal = Some(String::new());
        self.body_ended = false;
        self.para_break = true;
        self.prose = !self.has_markers_after(0);
        let mut i = 0;
        while i < self.lines.len() {
            let l = &self.lines[i];
            if self.toc.as_ref().is_some_and(|t| t.contains(&i)) || l.furniture {
                i += 1;
                continue;
            }
            if l.is_blank() {
                self.para_break = true;
                i += 1;
                continue;
            }
            if self.attribute(l) {
                i += 1;
                continue;
            }
            // A table of the whole plan, each row naming its goal in a column.
            if let Some(t) = self.table_header(l) {
                self.close();
                self.table = Some(t);
                i += 1;
                continue;
            }
            if self.table.is_some() && self.text[l.span.clone()].contains('\t') {
                i = self.table_row(i) + 1;
                self.para_break = false;
                continue;
            }
            self.table = None;
            i = self.content(i) + 1;
        }
        self.close();
        for a in &mut self.activities {
            a.goal_inferred = a.goal.is_empty();
        }
    }
}

/// Whether folded `line` opens with a definite noun (`materialet`,
/// `träffarna`) whose stem the folded `above` names (`samtalsmaterial`,
/// `föräldraträffar`), followed by its verb: an anaphoric subject. An
/// actor (`Förvaltningen ska …`) is no such subject: it opens items.
fn takes_up_subject(s: &Structure, line: &str, above: &str) -> bool {
    if s.generic_subject.is_match(line)
        || s.activity_subject.is_match(line)
        || s.actor_subject.as_ref().is_some_and(|r| r.is_match(line))
    {
        return false;
    }
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    if !words.next().is_some_and(|w| {
        const VERB_LIKE: &[&str] = &["ska", "skall", "kan", "kommer", "ar", "har", "blir"];
        VERB_LIKE.contains(&w) || w.ends_with('s') || w.ends_with('r')
    }) {
        return false;
    }
    const DEFINITE: &[&str] = &["arna", "erna", "orna", "na", "en", "et", "n", "t"];
    DEFINITE.iter().any(|end| {
        first.strip_suffix(end).is_some_and(|stem| {
            stem.chars().count() >= 4
                && stem.chars().all(char::is_alphabetic)
                && above
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w != first && introduces(w, stem))
        })
    })
}

/// The first sentence of a folded line: up to a full stop, question or
/// exclamation mark followed by a space (abbreviations such as "t.ex." end it
/// early, which only shortens what is judged).
fn first_sentence(folded: &str) -> &str {
    folded
        .match_indices(['.', '!', '?'])
        .find(|(k, _)| folded[k + 1..].starts_with(' '))
        .map_or(folded, |(k, _)| &folded[..=k])
}

/// Whether `word` above is the indefinite form of the noun whose stem a
/// definite subject below has, also as a compound's last part
/// ("samtalsmaterial" for "materialet"), not a word that merely contains
/// it ("uppsökarenheten" for "uppsökarna").
fn introduces(word: &str, stem: &str) -> bool {
    const INDEFINITE: &[&str] = &["", "e", "a", "ar", "er", "or", "r"];
    INDEFINITE
        .iter()
        .any(|end| word.strip_suffix(end).is_some_and(|w| w.ends_with(stem)))
}

/// Whether a folded sentence tells what was done: a past tense or `har`/
/// `hade` among its first words ("Under 2024 genomförde vi …", "Sedan 2023
/// har vi …"), not a present ("Under 2025 startar vi …").
fn tells_what_was_done(folded: &str) -> bool {
    folded.split_whitespace().take(8).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        matches!(w, "har" | "hade")
            || w.chars().count() >= 5
                && ["de", "te", "des", "tes"].iter().any(|e| w.ends_with(e))
                && !w.ends_with("ande")
                && !w.ends_with("ende")
    })
}

/// The section number opening a heading ("5.1" of "5.1 Förebyggande
/// arbete", "6" of "6 Miljö"), without a trailing full stop: a numbered
/// item ("1. Utbilda …") has one.
fn section_number(folded: &str) -> Option<&str> {
    let end = folded
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(folded.len());
    let number = &folded[..end];
    let rest = &folded[end..];
    (!number.is_empty()
        && number.starts_with(|c: char| c.is_ascii_digit())
        && !number.ends_with('.')
        && number.len() <= 8
        && rest.starts_with(' ')
        && rest.trim_start().starts_with(char::is_alphabetic))
    .then_some(number)
}

/// Where the text of an item starts on line `i` when the item is numbered or
/// lettered in lower case and finishes the sentence of a lead-in line above
/// it ("… förvaltningen ska" / "a) prioritera …"); an item that opens in
/// lower case is otherwise no item (a bullet needs a capital after it).
fn lead_in_marker(raw: &str) -> Option<usize> {
    let first = raw.chars().next()?;
    let mut end = if first.is_ascii_lowercase() && first <= 'h' {
        1
    } else if first.is_ascii_digit() {
        raw.find(|c: char| !c.is_ascii_digit())?
    } else {
        return None;
    };
    if end > 2 || !raw[end..].starts_with(['.', ')']) {
        return None;
    }
    end += 1;
    let body = raw[end..].trim_start();
    let at = raw.len() - body.len();
    // Each item a clause of its own, opened by its verb ("prioritera …",
    // "ta fram …"); noun phrases under a lead-in are the parts of one item.
    let verb = body
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .is_some_and(crate::text::verbs::is_infinitive);
    (at > end && body.starts_with(char::is_lowercase) && verb).then_some(at)
}

impl Builder<'_> {
    /// [`lead_in_marker`] for line `i`, when the list it belongs to hangs
    /// from a lead-in ending mid-clause or on a colon: going up past the
    /// list's items, their attribute lines and the lines they wrap onto (a
    /// run of lines under a marker line, as a PDF sets a long item).
    fn lead_in_item(&self, i: usize) -> Option<usize> {
        let at = lead_in_marker(&self.text[self.lines[i].trimmed.clone()])?;
        let s = &self.tax.structure;
        let marker = |l: &Line| lead_in_marker(&self.text[l.trimmed.clone()]).is_some();
        let attribute = |l: &Line| s.attributes.iter().any(|(r, _)| r.is_match(&l.folded));
        let mut k = i;
        loop {
            let above = (0..k)
                .rev()
                .find(|&j| !self.lines[j].is_blank() && !self.lines[j].furniture)?;
            let l = &self.lines[above];
            if marker(l) || attribute(l) {
                k = above;
                continue;
            }
            // A plain line: the last line of an item that wrapped, if its run
            // of lines goes up to a marker line without a blank line.
            let mut item = None;
            for j in (0..above).rev() {
                let p = &self.lines[j];
                if p.furniture {
                    continue;
                }
                if p.is_blank() || attribute(p) {
                    break;
                }
                if marker(p) {
                    item = Some(j);
                    break;
                }
            }
            if let Some(m) = item {
                k = m;
                continue;
            }
            return (ends_mid_clause(&l.folded) || l.folded.ends_with(':')).then_some(at);
        }
    }

    /// Whether line `i` is a lead-in whose sentence items below finish.
    fn leads_into_items(&self, i: usize) -> bool {
        let l = &self.lines[i];
        if !(ends_mid_clause(&l.folded) || l.folded.ends_with(':')) {
            return false;
        }
        let next = (i + 1..self.lines.len())
            .find(|&k| !self.lines[k].is_blank() && !self.lines[k].furniture);
        next.is_some_and(|k| lead_in_marker(&self.text[self.lines[k].trimmed.clone()]).is_some())
    }
}

/// Whether a folded line ends on a word no clause ends with (`och`, `att`,
/// `för`, `som` …): the next line goes on with the same sentence, whatever
/// its first letter (heavy OCR damage capitalises a word: `och / Följa upp`).
fn ends_mid_clause(folded: &str) -> bool {
    const OPEN: &[&str] = &[
        "och", "eller", "samt", "att", "som", "for", "av", "i", "pa", "med", "till", "om", "vid",
        "fran", "inom", "under", "mot", "genom", "utan", "hos", "en", "ett", "den", "det", "de",
        "sin", "sitt", "sina", "hur", "nar", "dar", "ska", "kan", "kommer", "samt", "men",
    ];
    folded
        .split_whitespace()
        .next_back()
        .is_some_and(|w| OPEN.contains(&w))
}

/// Whether a folded line opens a clause: a subject of one or two words and
/// then an auxiliary or one of the commonest finite verbs (`Rutinen ska …`,
/// `Riskanalysen görs …`, `Alla chefer är …`), where an item is a noun
/// phrase (`Samarbete med civilsamhället …`).
fn opens_clause(folded: &str) -> bool {
    const FINITE: &[&str] = &[
        "ska", "skall", "kommer", "kan", "bor", "maste", "ar", "har", "blir", "gors", "finns",
        "sker", "ges", "galler",
    ];
    folded
        .split_whitespace()
        .skip(1)
        .take(2)
        .any(|w| FINITE.contains(&w.trim_end_matches([',', '.'])))
}

/// Whether a folded line commits to doing something: the taxonomy's
/// `structure.commitment` ("ska", "kommer att" …).
fn commits(s: &Structure, folded: &str) -> bool {
    s.commitment.as_ref().is_some_and(|r| r.is_match(folded))
}

/// For every line: whether a page break lies between it (inclusive) and the
/// next line of text (inclusive); false when no line of text follows. One
/// backward pass.
fn over_page(lines: &[Line]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    // Whether a line of text follows, and whether a page starts before it.
    let mut next: Option<bool> = None;
    for (i, l) in lines.iter().enumerate().rev() {
        next = if !l.is_blank() && !l.furniture {
            Some(l.page_start)
        } else {
            next.map(|p| p || l.page_start)
        };
        out[i] = next.unwrap_or(false);
    }
    out
}

fn is_only_bullets(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty()
        && t.chars().all(|c| {
            matches!(
                c,
                '•' | '●'
                    | '▪'
                    | '■'
                    | '◦'
                    | '○'
                    | '‣'
                    | '⁃'
                    | '∙'
                    | '·'
                    | '\u{f0b7}'
                    | '\u{f0a7}'
                    | ' '
            )
        })
}

/// Whether a line ends a sentence; a closing parenthesis after the full stop
/// ("… personuppgifter. (Inriktningsmål 2)") still does.
fn ends_sentence(body: &str) -> bool {
    let t = body.trim_end();
    let t = match (t.strip_suffix(')'), t.rfind('(')) {
        (Some(_), Some(open)) => t[..open].trim_end(),
        _ => t,
    };
    t.ends_with(['.', ':', '!', '?'])
}

/// Byte offset in `raw` of its `n`-th char (folding keeps one char per char).
fn byte_of_char(raw: &str, n: usize) -> usize {
    raw.char_indices().nth(n).map_or(raw.len(), |(b, _)| b)
}

/// The sentences of `span`: split after `.`, `!` or `?` followed by white
/// space and a capital letter or a digit.
fn sentences(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let t = &text[span.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = t.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let rest = &t[i + c.len_utf8()..];
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() {
            continue;
        }
        if trimmed.chars().next().is_some_and(|n| n.is_uppercase()) {
            let end = i + c.len_utf8();
            out.push(span.start + start..span.start + end);
            start = end + (rest.len() - trimmed.len());
            while it.peek().is_some_and(|(j, _)| *j < start) {
                it.next();
            }
        }
    }
    if start < t.trim_end().len() {
        out.push(span.start + start..span.start + t.trim_end().len());
    }
    out
}

/// Whether the wording of `goal` covers most of `folded`: a heading names
/// the goal and little else ("Stöd till medarbetare" is no heading of "Stöd").
fn covers(tax: &Taxonomy, goal: &str, folded: &str) -> bool {
    covers_share(tax, goal, folded, 6)
}

/// [`covers`] with the share of the heading's words, in tenths, that the
/// goal's wording must account for.
fn covers_share(tax: &Taxonomy, goal: &str, folded: &str, tenths: usize) -> bool {
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if words.is_empty() {
        return false;
    }
    let Some(g) = tax.goals.iter().find(|g| g.code == goal) else {
        return false;
    };
    g.titles.iter().any(|t| {
        let tf = fold(t);
        let found = words
            .iter()
            .filter(|w| {
                tf.split(|c: char| !c.is_alphanumeric()).any(|x| {
                    x == **w || (w.len() >= 5 && strsim::normalized_levenshtein(x, w) >= 0.75)
                })
            })
            .count();
        found * 10 >= words.len() * tenths
    })
}

/// Why a heading whose number names `goal` is in doubt: its words are
/// another goal's title, and not `goal`'s (a misread digit, or a plan that
/// numbers its goals its own way).
fn title_names_other_goal(
    tax: &Taxonomy,
    goal: &crate::taxonomy::Goal,
    title: &str,
) -> Option<String> {
    if title.split_whitespace().count() < 3 {
        return None;
    }
    let (other, score) = best_goal(tax, title);
    if other == goal.code || score < 0.6 || covers(tax, &goal.code, title) {
        return None;
    }
    if !covers(tax, &other, title) {
        return None;
    }
    let other_number = tax.goals.iter().find(|g| g.code == other)?.number.clone();
    Some(format!(
        "numret säger mål {}, men rubrikens ord är mål {other_number}:s",
        goal.number
    ))
}

/// The part of a goal heading after the goal's title that names who the
/// section is for (", för målgruppen"), as a byte range of the text.
fn qualifier(text: &str, heading: Range<usize>) -> Option<Range<usize>> {
    let h = &text[heading.clone()];
    let comma = h.rfind(',')?;
    let rest = &h[comma + 1..];
    let lead = rest.len() - rest.trim_start().len();
    let f = fold(rest.trim_start());
    if !matches!(f.split_whitespace().next(), Some("for" | "f6r")) {
        return None;
    }
    Some(heading.start + comma + 1 + lead..heading.end)
}

/// The goal number a goal reference caught: its `number` group, or in a
/// pattern with alternative forms (a name may stand only once), the first
/// group that took part ("→ Mål 2" beside "(Inriktningsmål 2)").
fn reference_number<'t>(c: &regex::Captures<'t>) -> Option<&'t str> {
    c.name("number")
        .or_else(|| c.iter().skip(1).flatten().next())
        .map(|m| m.as_str())
}

/// The goal whose title best matches `folded` (share of its title's words
/// found, allowing OCR damage), and that share.
fn best_goal(tax: &Taxonomy, folded: &str) -> (String, f64) {
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2)
        .collect();
    let mut best = (String::new(), 0.0);
    for g in &tax.goals {
        for t in &g.titles {
            let tf = fold(t);
            let tw: Vec<&str> = tf
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 2)
                .collect();
            if tw.is_empty() {
                continue;
            }
            let found = tw
                .iter()
                .filter(|w| {
                    words.iter().any(|x| {
                        x == *w || (w.len() >= 5 && strsim::normalized_levenshtein(x, w) >= 0.75)
                    })
                })
                .count();
            let score = found as f64 / tw.len() as f64;
            if score > best.1 {
                best = (g.code.clone(), score);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests;
