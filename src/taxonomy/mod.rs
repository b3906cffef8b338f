//! The taxonomy: goals, rubriker, statuses, owners and the code families with
//! their terms and rules, loaded from a JSON file in `corpus/taxonomy/`.
//!
//! In: the file's path. Out: a [`Taxonomy`] with every term and pattern compiled,
//! or a [`TaxonomyError`] naming the file and the problem. Nothing in the Rust code
//! knows a code's name: the next plan period brings a new file.

mod spec;
pub mod term;

use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use term::CompiledTerm;

pub use spec::{TaxonomyProblem, TaxonomySpec};

/// The taxonomy shipped with plancov (the default for `--taxonomy`).
pub const DEFAULT_TAXONOMY: &str = "corpus/taxonomy/fri-fran-vald-2022-2026.json";

/// A taxonomy file that could not be used: the file and what is wrong with
/// it (the problem is part of the message and also its source).
#[derive(Debug, thiserror::Error)]
#[error("taxonomy {path}: {problem}")]
pub struct TaxonomyError {
    pub path: PathBuf,
    #[source]
    pub problem: TaxonomyProblem,
}

/// Index of a term in [`Taxonomy::terms`].
pub type TermId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Every code that fires.
    All,
    /// The first code in file order that fires (e.g. target).
    First,
    /// The highest-ranked code that fires; ranking is file order (e.g. prevention).
    Highest,
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub any: Vec<TermId>,
    pub with: Vec<TermId>,
    pub without: Vec<TermId>,
    pub owner_group: bool,
    /// Applies even where the code's own `when` does not hold (staff work
    /// that singles out a group codes the group, codebook §9).
    pub overrides_when: bool,
    /// Its `any` words count only where people are the subject matter of
    /// staff work ([`People`]: `utbildning om våld mot äldre`).
    pub in_topic: bool,
    pub when: Vec<(usize, Vec<String>)>,
}

#[derive(Debug)]
pub struct Code {
    pub code: String,
    pub name: String,
    pub terms: Vec<TermId>,
    pub rules: Vec<Rule>,
    pub from_rubrik: Vec<String>,
    /// Naming another owner of the taxonomy (not the plan's own) fires the code.
    pub other_owners: bool,
    /// Conditions on families coded earlier: (family index, allowed codes).
    pub when: Vec<(usize, Vec<String>)>,
}

#[derive(Debug)]
pub struct Exclusion {
    pub term: TermId,
    pub blocks: Vec<String>,
}

/// What plancov does with a family beyond coding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FamilyRole {
    /// Coded, counted in matrices, checked for gaps.
    Plain,
    /// The plan's explicit link (the focus areas): an activity without one
    /// of its codes is reported as not linked.
    FocusLink,
    /// Whom the activity reaches (intern/extern): no coverage matrix, no gaps.
    Target,
}

#[derive(Debug)]
pub struct Family {
    pub family: String,
    pub name: String,
    pub role: FamilyRole,
    /// Its column in activities.csv.
    pub column: String,
    /// Its name in the plural (sheet names, headings).
    pub plural: String,
    pub resolution: Resolution,
    pub default: Option<String>,
    /// Defaults that follow from other families' codes (family index, codes),
    /// tried in order before `default`: a consistency rule as data, e.g. an
    /// activity that reaches people outside is never "no population".
    pub defaults_when: Vec<DefaultWhen>,
    /// Mentions in narrative (and in `behov` items) are reported beside the codes.
    pub narrative: bool,
    /// The plan owner's own client group is added when the owner's target terms occur.
    pub owner_target_group: bool,
    /// Decide from the statement (and the section's qualifier) first; look at
    /// the description only when the statement decides nothing.
    pub statement_first: bool,
    /// Decided by whom the activity reaches (see [`People`]).
    pub reach: Option<Reach>,
    /// Codes whose words do not count in what information tells or an
    /// analysis counts ([`People::told`]).
    pub not_in_told: Vec<String>,
    pub codes: Vec<Code>,
    pub exclusions: Vec<Exclusion>,
}

impl Family {
    pub fn code_names(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(|c| c.code.as_str())
    }
}

#[derive(Debug)]
pub struct Owner {
    /// Terms for the owner's names, to find it named in an activity.
    pub alias_terms: Vec<TermId>,
    pub name: String,
    pub short: String,
    pub aliases: Vec<String>,
    pub coordinator: bool,
    pub company: bool,
    pub target_group: Option<String>,
}

#[derive(Debug)]
pub struct Goal {
    pub code: String,
    /// The number a heading or a reference gives the goal ("Inriktningsmål 3").
    pub number: String,
    pub name: String,
    pub titles: Vec<String>,
}

#[derive(Debug)]
pub struct Rubrik {
    pub code: String,
    pub name: String,
    pub heading: Regex,
    pub city_wide: bool,
    pub default: bool,
    /// The word reports use for its activities ("stadsövergripande").
    pub label: String,
}

#[derive(Debug)]
pub struct Status {
    pub code: String,
    pub name: String,
    pub counts: bool,
    /// The word reports use for its items ("behov").
    pub label: String,
    /// Subheadings that give this status to the items below them.
    pub headings: Vec<Regex>,
    /// Cell values of a status column that mean this status.
    pub values: Vec<Regex>,
}

#[derive(Debug)]
pub struct TableColumn {
    pub pattern: Regex,
    pub status: String,
    pub role: ColumnRole,
    /// A cell in this column that reads as a continuation joins the row's first item.
    pub continues_row: bool,
}

/// A default that follows from other families' codes and, optionally, from
/// words in the activity.
#[derive(Debug)]
pub struct DefaultWhen {
    pub code: String,
    pub when: Vec<(usize, Vec<String>)>,
    pub any: Vec<TermId>,
    /// Cue words before an `any` term (lower case); empty: anywhere.
    pub after: Vec<String>,
    /// Only when people outside the organisation are reached ([`People`]).
    pub people_outside: bool,
}

/// What a table column holds, from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// Every cell is an item with the column's status (Pågående / Behov …).
    Status,
    /// The activity itself.
    Statement,
    /// Text that describes the activity (target group, focus link, …).
    Description,
    /// Who, when, a number: kept with the row, never coded.
    Context,
    /// The row's status, written as a value ("Pågår", "Planerad").
    StatusValue,
    /// The goal the row belongs to.
    Goal,
    /// A column standing for one goal (`Mål 3`, `IM3`: group `number`) in
    /// a matrix of goals: a mark (`X`) in it puts the row under that goal,
    /// the first marked column being the row's goal.
    GoalMark,
}

/// What a labelled line under an activity ("Ansvarig: …") is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeRole {
    /// Describes the activity (Målgrupp): coded as description.
    Description,
    /// Who, when, how followed up: never coded, never an activity.
    Context,
    /// The goal(s) the activity belongs to; the first named is its goal.
    Goal,
}

/// Patterns that find a plan's structure; all match folded lines.
#[derive(Debug)]
pub struct Structure {
    pub goal_heading: Regex,
    pub goal_intro: Vec<Regex>,
    pub toc_title: Vec<Regex>,
    pub toc_line: Vec<Regex>,
    pub footer: Vec<Regex>,
    pub body_end: Vec<Regex>,
    pub empty_rubrik: Vec<Regex>,
    pub narrative_start: Vec<Regex>,
    /// The label of an answer in a filled-in template form ("Svar:"): the
    /// text after it answers the question above, which is never content.
    pub answer_label: Vec<Regex>,
    pub bullet: Regex,
    pub activity_subject: Regex,
    pub generic_subject: Regex,
    pub table_header: Vec<TableColumn>,
    pub table_continuation: Vec<Regex>,
    /// A label that marks an activity ("Aktivitet 1.1:", "Åtgärd 3:"); the
    /// text after it is the statement.
    pub activity_label: Option<Regex>,
    /// Labelled lines that belong to the activity above them.
    pub attributes: Vec<(Regex, AttributeRole)>,
    /// An activity naming its own goal ("(Inriktningsmål 3)", "[Mål 3 och
    /// 4]"), group `number`; in a pattern with alternative forms, the first
    /// group that took part.
    pub goal_reference: Option<Regex>,
    /// A heading that is a number and a goal's wording ("3. Upptäcka och
    /// agera"): groups `number` and `title`; the wording decides the goal.
    pub goal_heading_numbered: Option<Regex>,
    /// A sentence that commits to doing something: in a plan written as
    /// prose, each such sentence is an activity.
    pub commitment: Option<Regex>,
    /// Sentences that are no commitment: stated gaps, conditions.
    pub not_commitment: Vec<Regex>,
    /// The words before a commitment's verb that make its subject an actor
    /// ("vi", "bolaget", "förvaltningen"): a new activity, not a description.
    pub actor_subject: Option<Regex>,
    /// A department's or company's name as a plan's title names it, for
    /// owners the taxonomy does not list (group `name`).
    pub owner_name: Vec<Regex>,
    /// A letter's closing greeting, matched against folded lines: the lines
    /// after it are searched for the owner when the head names none.
    pub signature: Vec<Regex>,
    pub owner_context: OwnerContext,
}

/// How the words around an owner's name tell its part in a plan; every
/// pattern matches folded text.
#[derive(Debug)]
pub struct OwnerContext {
    /// Right after the name, makes it the subject ("… ska", "…s").
    pub subject_after: Regex,
    /// Right before the name, makes it a partner ("i samarbete med …").
    pub partner_before: Regex,
    /// Right after the name at a line's start, makes the line a commitment of
    /// that organisation: a new activity ("MKB ska …").
    pub commits_after: Regex,
    /// In an organisation subject, makes it a place, not the actor
    /// ("Chefer på kontoret ska …").
    pub place_in_subject: Regex,
    /// Names that are no particular organisation ("förvaltningen"), folded.
    pub generic_names: Vec<String>,
}

/// An ownership phrase around an owner's name (`{owner}s handlingsplan`):
/// what ends the folded text before it and what opens the text after it.
#[derive(Debug)]
pub struct OwnershipPattern {
    pub before: Option<Regex>,
    pub after: Option<Regex>,
}

impl OwnershipPattern {
    pub fn is_match(&self, before: &str, after: &str) -> bool {
        self.before.as_ref().is_none_or(|r| r.is_match(before))
            && self.after.as_ref().is_none_or(|r| r.is_match(after))
    }
}

#[derive(Debug)]
pub struct Negation {
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub not_negation: Vec<String>,
    pub scope_breaks: Vec<String>,
}

/// The codes of a family decided by whom the activity reaches.
#[derive(Debug)]
pub struct Reach {
    /// The code for an activity that reaches people outside the organisation.
    pub outside: String,
    /// The code for one that reaches only staff.
    pub staff: String,
}

/// Who an activity can reach, as words: staff, people outside, and the cues
/// that make people the subject matter of the activity instead of the ones it
/// reaches (codebook §9: staff training about children reaches staff).
#[derive(Debug)]
pub struct People {
    pub staff: Vec<TermId>,
    pub outside: Vec<TermId>,
    pub topic: Option<Regex>,
    pub about: Option<Regex>,
    pub capacity: Vec<TermId>,
    pub tools: Vec<TermId>,
    pub tool_cues: Option<Regex>,
    /// Information and analysis words, after which `about` opens what is told.
    pub told: Vec<TermId>,
    /// Channels that reach people outside by themselves.
    pub channels: Vec<TermId>,
    /// Cue words before people outside who are reached (lower case).
    pub reach_cues: Vec<String>,
    pub reach_again: Option<Regex>,
    pub clause_end: Option<Regex>,
}

/// A loaded, validated and compiled taxonomy.
#[derive(Debug)]
pub struct Taxonomy {
    pub path: PathBuf,
    pub name: String,
    pub structure: Structure,
    pub owners: Vec<Owner>,
    pub ownership_patterns: Vec<OwnershipPattern>,
    pub owner_target_terms: Vec<TermId>,
    pub goals: Vec<Goal>,
    pub goal_inference: Vec<(String, Vec<TermId>)>,
    pub rubriker: Vec<Rubrik>,
    pub statuses: Vec<Status>,
    pub negation: Negation,
    pub generic_violence: Vec<TermId>,
    pub people: Option<People>,
    /// Domain words no term names, preferred by the OCR repair.
    pub vocabulary: Vec<String>,
    pub families: Vec<Family>,
    /// Index in `families` of the focus-link family and of the target family
    /// (the compiler checks there is exactly one of each).
    focus_family: usize,
    target_family: usize,
    /// Rubrik for activities without a rubrik heading (table items) that name a partner.
    pub partner_rubrik: Option<PartnerRubrik>,
    pub terms: Vec<CompiledTerm>,
    /// The terms' literals in one automaton, built on first use.
    literals: std::sync::OnceLock<Option<Literals>>,
}

/// Table-shaped plans have no rubrik: an item that names a partner (the code
/// `family/code` fires) gets `rubrik`, codebook §2.
#[derive(Debug)]
pub struct PartnerRubrik {
    pub rubrik: String,
    pub family: usize,
    pub code: String,
}

/// Every term's literal, searched for in one pass over a text.
#[derive(Debug)]
struct Literals {
    automaton: aho_corasick::AhoCorasick,
    /// Pattern of the automaton → the terms with that literal.
    terms: Vec<Vec<usize>>,
}

impl Taxonomy {
    /// Per term, whether `lower` (a text in lower case) may hold a match: it
    /// holds the term's literal, or the term has none. One pass over the text
    /// for all terms, where each term searching for its own literal was one each.
    pub fn terms_possible(&self, lower: &str) -> Vec<bool> {
        let literals = self.literals.get_or_init(|| {
            let mut patterns: Vec<&str> = Vec::new();
            let mut terms: Vec<Vec<usize>> = Vec::new();
            for (i, t) in self.terms.iter().enumerate() {
                if let Some(l) = t.literal() {
                    match patterns.iter().position(|p| *p == l) {
                        Some(k) => terms[k].push(i),
                        None => {
                            patterns.push(l);
                            terms.push(vec![i]);
                        }
                    }
                }
            }
            aho_corasick::AhoCorasick::new(&patterns)
                .ok()
                .map(|automaton| Literals { automaton, terms })
        });
        let Some(lit) = literals else {
            return self.terms.iter().map(|t| t.may_match(lower)).collect();
        };
        let mut possible: Vec<bool> = self.terms.iter().map(|t| t.literal().is_none()).collect();
        for m in lit.automaton.find_overlapping_iter(lower) {
            for &i in &lit.terms[m.pattern().as_usize()] {
                possible[i] = true;
            }
        }
        possible
    }

    /// Load and compile a taxonomy file.
    pub fn load(path: &Path) -> Result<Self, TaxonomyError> {
        let bytes = std::fs::read(path).map_err(|e| TaxonomyError {
            path: path.to_owned(),
            problem: TaxonomyProblem::Read(e),
        })?;
        Self::from_json(&bytes, path)
    }

    /// Compile a taxonomy from JSON bytes; `path` names it in errors.
    pub fn from_json(bytes: &[u8], path: &Path) -> Result<Self, TaxonomyError> {
        let spec: TaxonomySpec = serde_json::from_slice(bytes).map_err(|e| TaxonomyError {
            path: path.to_owned(),
            problem: TaxonomyProblem::Json(e),
        })?;
        spec::compile(spec, path).map_err(|problem| TaxonomyError {
            path: path.to_owned(),
            problem,
        })
    }

    pub fn family(&self, name: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.family == name)
    }

    /// The family whose codes are the plan's explicit link (focus areas).
    pub fn focus_family(&self) -> &Family {
        &self.families[self.focus_family]
    }

    /// The family that says whom an activity reaches (intern/extern).
    pub fn target_family(&self) -> &Family {
        &self.families[self.target_family]
    }

    /// The families checked for gaps and given a coverage matrix: all but target.
    pub fn gap_families(&self) -> impl Iterator<Item = &Family> {
        self.families
            .iter()
            .filter(|f| f.role != FamilyRole::Target)
    }

    /// The goal a heading's or a reference's number names.
    pub fn goal_numbered(&self, number: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.number == number)
    }

    /// The word reports use for a status's items; an unknown status is its code.
    pub fn status_label<'a>(&'a self, status: &'a str) -> &'a str {
        self.status(status).map_or(status, |s| s.label.as_str())
    }

    /// The word reports use for city-wide activities ("stadsövergripande").
    pub fn city_wide_label(&self) -> &str {
        self.rubriker
            .iter()
            .find(|r| r.city_wide)
            .map_or("", |r| r.label.as_str())
    }

    /// The word reports use for items that do not count ("behov").
    pub fn needs_label(&self) -> &str {
        self.statuses
            .iter()
            .find(|s| !s.counts)
            .map_or("", |s| s.label.as_str())
    }

    pub fn family_index(&self, name: &str) -> Option<usize> {
        self.families.iter().position(|f| f.family == name)
    }

    pub fn rubrik(&self, code: &str) -> Option<&Rubrik> {
        self.rubriker.iter().find(|r| r.code == code)
    }

    pub fn default_rubrik(&self) -> &str {
        self.rubriker
            .iter()
            .find(|r| r.default)
            .or(self.rubriker.last())
            .map_or("", |r| r.code.as_str())
    }

    pub fn status(&self, code: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.code == code)
    }

    pub fn owner_by_name(&self, name: &str) -> Option<&Owner> {
        self.owners.iter().find(|o| o.name == name)
    }

    /// Display names of every code, by family, for reports.
    pub fn display_names(&self) -> BTreeMap<(String, String), String> {
        let mut names = BTreeMap::new();
        for f in &self.families {
            for c in &f.codes {
                names.insert((f.family.clone(), c.code.clone()), c.name.clone());
            }
        }
        for g in &self.goals {
            names.insert(("goal".into(), g.code.clone()), g.name.clone());
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_found_in_one_pass_are_those_each_term_finds() {
        let t = Taxonomy::load(Path::new(DEFAULT_TAXONOMY)).expect("shipped taxonomy loads");
        let mut texts: Vec<String> = std::fs::read_dir("corpus/plans")
            .expect("corpus")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        texts.push(String::new());
        texts.push("våldsutövare hedersförtryck".into());
        for text in &texts {
            let lower = text.to_lowercase();
            let each: Vec<bool> = t.terms.iter().map(|x| x.may_match(&lower)).collect();
            assert_eq!(t.terms_possible(&lower), each);
        }
    }

    #[test]
    fn shipped_taxonomy_loads() {
        let t = Taxonomy::load(Path::new(DEFAULT_TAXONOMY)).expect("shipped taxonomy loads");
        assert_eq!(t.goals.len(), 6);
        let focus = t.family("focus").expect("focus family");
        assert_eq!(focus.codes.len(), 6);
        assert!(
            t.family("prevention")
                .is_some_and(|f| f.default.as_deref() == Some("ingen"))
        );
    }

    #[test]
    fn a_bad_pattern_says_where_and_keeps_the_regex_error() {
        use std::error::Error;
        let text = std::fs::read_to_string(DEFAULT_TAXONOMY).expect("read");
        let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
        let bad = "(";
        json["structure"]["bullet"] = bad.into();
        let bytes = serde_json::to_vec(&json).expect("json");
        let e = Taxonomy::from_json(&bytes, Path::new("broken.json")).expect_err("bad regex");
        let re = Regex::new(bad).expect_err("bad regex");
        assert_eq!(
            e.to_string(),
            format!("taxonomy broken.json: structure.bullet: invalid pattern '(': {re}")
        );
        assert!(matches!(e.problem, TaxonomyProblem::Pattern { .. }));
        let cause = e.source().and_then(|p| p.source());
        assert!(cause.is_some_and(|c| c.downcast_ref::<regex::Error>().is_some()));

        json["structure"]["bullet"] = "^-".into();
        json["goals"] = serde_json::json!([]);
        let bytes = serde_json::to_vec(&json).expect("json");
        let e = Taxonomy::from_json(&bytes, Path::new("b.json")).expect_err("no goals");
        assert_eq!(
            e.to_string(),
            "taxonomy b.json: goals: at least one goal is needed"
        );
    }

    #[test]
    fn an_unreadable_taxonomy_keeps_the_io_error() {
        use std::error::Error;
        let e = Taxonomy::load(Path::new("no/such.json")).expect_err("no file");
        let io = std::io::Error::from_raw_os_error(2);
        assert_eq!(
            e.to_string(),
            format!("taxonomy no/such.json: cannot read: {io}")
        );
        let cause = e.source().and_then(|p| p.source());
        assert!(cause.is_some_and(|c| c.downcast_ref::<std::io::Error>().is_some()));
    }

    #[test]
    fn broken_taxonomy_names_file_and_problem() {
        let p = Path::new("broken.json");
        let e = Taxonomy::from_json(b"{\"name\": 3}", p).expect_err("must fail");
        let msg = e.to_string();
        assert!(msg.starts_with("taxonomy broken.json:"), "{msg}");

        let text = std::fs::read_to_string(DEFAULT_TAXONOMY).expect("read");
        let bad = text.replacen("\"heder*\"", "\"re:(heder\"", 1);
        let e = Taxonomy::from_json(bad.as_bytes(), p).expect_err("bad regex must fail");
        assert!(e.to_string().contains("hedersrelaterat"), "{e}");

        let bad = text.replacen("\"when\": {\"target\"", "\"when\": {\"nosuch\"", 1);
        let e = Taxonomy::from_json(bad.as_bytes(), p).expect_err("unknown family must fail");
        assert!(e.to_string().contains("nosuch"), "{e}");

        let bad = text.replacen(
            "\"resolution\": \"all\"",
            "\"resolution\": \"all\", \"typo\": 1",
            1,
        );
        let e = Taxonomy::from_json(bad.as_bytes(), p).expect_err("unknown field must fail");
        assert!(e.to_string().contains("typo"), "{e}");
    }
}
