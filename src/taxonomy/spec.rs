//! The taxonomy file as written (serde types) and its compilation and checks.

use super::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomySpec {
    pub name: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub about: String,
    pub structure: StructureSpec,
    pub owners: Vec<OwnerSpec>,
    #[serde(default)]
    pub ownership_patterns: Vec<String>,
    #[serde(default)]
    pub owner_target_terms: Vec<String>,
    pub goals: Vec<GoalSpec>,
    #[serde(default)]
    pub goal_inference: Vec<GoalInferenceSpec>,
    pub rubriker: Vec<RubrikSpec>,
    pub statuses: Vec<StatusSpec>,
    pub negation: NegationSpec,
    #[serde(default)]
    pub generic_violence: Vec<String>,
    /// Words of the plans' domain that no term names (for OCR repair).
    #[serde(default)]
    pub vocabulary: Vec<String>,
    pub families: Vec<FamilySpec>,
    #[serde(default)]
    partner_rubrik: Option<PartnerRubrikSpec>,
    /// Who an activity reaches: the words for staff and for people outside,
    /// and the cues that make people the subject matter rather than the ones reached.
    #[serde(default)]
    people: Option<PeopleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleSpec {
    #[serde(default)]
    #[allow(dead_code)]
    about: String,
    staff: Vec<String>,
    outside: Vec<String>,
    /// Words after which people are what the activity is about
    /// (`upptäcka`, `tecken på`), to the end of the clause.
    topic: Vec<String>,
    /// Words that do the same after a word for staff capacity (`utbildning
    /// om`, `rutin för hur`), but not elsewhere (`information om var`).
    #[serde(default)]
    about_words: Vec<String>,
    /// Staff capacity: trainings, tools, meetings, analyses.
    #[serde(default)]
    capacity: Vec<String>,
    /// Staff tools, after which `tool_cues` make people the subject matter
    /// too (`rutin för barn med skyddade personuppgifter`).
    #[serde(default)]
    tools: Vec<String>,
    #[serde(default)]
    tool_cues: Vec<String>,
    /// Information and analysis: after them `about_words` open what is told
    /// or counted (`information om var`, `statistik över hur många`).
    #[serde(default)]
    told: Vec<String>,
    /// Channels that reach people outside by themselves (`undervisning`,
    /// `kampanj`): no cue needed.
    #[serde(default)]
    channels: Vec<String>,
    /// Words of which one must stand among the three before people outside
    /// for them to be the ones reached (`för`, `till`), unless they are the
    /// subject or a relative clause describes them; empty: anywhere.
    #[serde(default)]
    reach_cues: Vec<String>,
    /// Words after which people are reached again (`så att`, `riktad till`).
    #[serde(default)]
    reach_again: Vec<String>,
    /// Words that end a relative clause describing staff (`ska`, `kommer`).
    #[serde(default)]
    clause_end: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReachSpec {
    outside: String,
    staff: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartnerRubrikSpec {
    rubrik: String,
    family: String,
    code: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructureSpec {
    goal_heading: String,
    goal_intro: Vec<String>,
    toc_title: Vec<String>,
    toc_line: Vec<String>,
    footer: Vec<String>,
    body_end: Vec<String>,
    empty_rubrik: Vec<String>,
    narrative_start: Vec<String>,
    bullet: String,
    activity_subject: String,
    generic_subject: String,
    table_header: Vec<TableColumnSpec>,
    table_continuation: Vec<String>,
    #[serde(default)]
    activity_label: Option<String>,
    #[serde(default)]
    attributes: Vec<AttributeSpec>,
    #[serde(default)]
    goal_reference: Option<String>,
    #[serde(default)]
    goal_heading_numbered: Option<String>,
    #[serde(default)]
    commitment: Option<String>,
    #[serde(default)]
    not_commitment: Vec<String>,
    #[serde(default)]
    answer_label: Vec<String>,
    #[serde(default)]
    actor_subject: Option<String>,
    #[serde(default)]
    owner_name: Vec<String>,
    /// A closing greeting that opens a letter's signature ("Vänliga
    /// hälsningar"), where a reply names its sender's department or company.
    #[serde(default)]
    signature: Vec<String>,
    owner_context: OwnerContextSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnerContextSpec {
    subject_after: String,
    partner_before: String,
    commits_after: String,
    place_in_subject: String,
    #[serde(default)]
    generic_names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableColumnSpec {
    pattern: String,
    #[serde(default)]
    status: String,
    /// What the column holds; default `status` when a status is named.
    #[serde(default)]
    role: String,
    #[serde(default)]
    continues_row: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttributeSpec {
    pattern: String,
    role: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnerSpec {
    name: String,
    short: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    coordinator: bool,
    #[serde(default)]
    company: bool,
    #[serde(default)]
    target_group: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalSpec {
    code: String,
    name: String,
    /// The number headings give the goal; default its place in the list.
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    titles: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalInferenceSpec {
    goal: String,
    terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubrikSpec {
    code: String,
    name: String,
    heading: String,
    #[serde(default)]
    city_wide: bool,
    #[serde(default)]
    default: bool,
    /// The word reports use for the rubrik's activities; default its code.
    #[serde(default)]
    label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusSpec {
    code: String,
    name: String,
    counts: bool,
    /// The word reports use for the status's items; default its code.
    #[serde(default)]
    label: Option<String>,
    /// Subheadings that give this status to the items below them.
    #[serde(default)]
    headings: Vec<String>,
    /// Cell values of a status column that mean this status.
    #[serde(default)]
    values: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegationSpec {
    before: Vec<String>,
    after: Vec<String>,
    #[serde(default)]
    not_negation: Vec<String>,
    scope_breaks: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilySpec {
    family: String,
    name: String,
    /// What plancov does with the family beyond coding it: `focus_link` (the
    /// plan's explicit link, one family), `target` (whom it reaches: no gaps).
    #[serde(default)]
    role: Option<String>,
    /// Its column in activities.csv; default the family's id.
    #[serde(default)]
    column: Option<String>,
    /// Its name in the plural, for sheet names and report headings; default `name`.
    #[serde(default)]
    plural: Option<String>,
    resolution: String,
    #[serde(default)]
    default: Option<String>,
    /// Defaults that depend on other families' codes, tried in order before `default`.
    #[serde(default)]
    defaults_when: Vec<DefaultWhenSpec>,
    #[serde(default)]
    narrative: bool,
    #[serde(default)]
    owner_target_group: bool,
    #[serde(default)]
    statement_first: bool,
    /// Decide by whom the activity reaches (the taxonomy's `people`): the
    /// code for people outside and the code for staff.
    #[serde(default)]
    reach: Option<ReachSpec>,
    /// Codes whose words do not count inside what information tells or an
    /// analysis counts (the taxonomy's `people.told`): information about
    /// support for the exposed is not support to the exposed.
    #[serde(default)]
    not_in_told: Vec<String>,
    codes: Vec<CodeSpec>,
    #[serde(default)]
    exclusions: Vec<ExclusionSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefaultWhenSpec {
    code: String,
    when: BTreeMap<String, Vec<String>>,
    /// Terms of which one must occur in the activity too (e.g. words for people).
    #[serde(default)]
    any: Vec<String>,
    /// Words of which one must stand among the three words before that
    /// term (`för`, `till`: the people are the ones reached), unless the term
    /// opens a statement or description (the people are its subject).
    #[serde(default)]
    after: Vec<String>,
    /// Only when the activity reaches people outside the organisation (the
    /// taxonomy's `people`), not an organisation or a channel alone.
    #[serde(default)]
    people_outside: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeSpec {
    code: String,
    name: String,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    rules: Vec<RuleSpec>,
    #[serde(default)]
    from_rubrik: Vec<String>,
    #[serde(default)]
    when: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    other_owners: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    #[serde(default)]
    any: Vec<String>,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
    #[serde(default)]
    owner_group: bool,
    #[serde(default)]
    when: BTreeMap<String, Vec<String>>,
    /// The rule applies even where the code's own `when` does not hold.
    #[serde(default)]
    overrides_when: bool,
    /// Its `any` words count only where people are the subject matter of
    /// staff work (needs the taxonomy's `people`).
    #[serde(default)]
    in_topic: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExclusionSpec {
    term: String,
    blocks: Vec<String>,
}

/// What is wrong with a taxonomy file, in the words of the file: a `context`
/// names where (`structure.bullet`, `family 'target', code 'x'`). A cause
/// that is an error of its own is part of the message and also the source,
/// so print the message (`{e}`), not the chain, which would repeat it.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyProblem {
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
    #[error("not a valid taxonomy: {0}")]
    Json(#[source] serde_json::Error),
    #[error("{context}: {source}")]
    Term {
        context: String,
        #[source]
        source: term::TermError,
    },
    #[error("{context}: invalid pattern '{pattern}': {source}")]
    Pattern {
        context: String,
        pattern: String,
        #[source]
        source: regex::Error,
    },
    #[error("ownership_patterns: '{0}' lacks {{owner}}")]
    NoOwnerSlot(String),
    #[error("{context}: 'when' names family '{family}', which is not defined before it")]
    WhenFamily { context: String, family: String },
    #[error("{context}: 'when' names unknown code '{family}/{code}'")]
    WhenCode {
        context: String,
        family: String,
        code: String,
    },
    #[error(
        "structure.table_header: unknown role '{0}' (statement, description, context, status, status_value, goal, goal_mark)"
    )]
    ColumnRole(String),
    #[error("structure.attributes: unknown role '{0}' (description, context, goal)")]
    AttributeRole(String),
    #[error("structure.goal_heading: needs a named group (?P<number>…)")]
    GoalHeadingNumber,
    #[error("goals: at least one goal is needed")]
    NoGoals,
    #[error("goals: number '{0}' is given twice")]
    GoalNumberTwice(String),
    #[error("goals: code '{0}' is defined twice")]
    GoalCodeTwice(String),
    #[error("goal_inference: unknown goal '{0}'")]
    InferenceGoal(String),
    #[error("structure.table_header: unknown status '{0}'")]
    ColumnStatus(String),
    /// A family or a code defined twice.
    #[error("{context}: defined twice")]
    DefinedTwice { context: String },
    #[error("{context}: resolution '{resolution}' is not one of all, first, highest")]
    Resolution { context: String, resolution: String },
    #[error("{context}: from_rubrik names unknown rubrik '{rubrik}'")]
    FromRubrik { context: String, rubrik: String },
    #[error("{context}: needs 'any' terms or a 'when' condition")]
    EmptyRule { context: String },
    #[error("{context}: default '{code}' is not one of its codes")]
    Default { context: String, code: String },
    #[error("{context}: not one of its codes")]
    DefaultWhenCode { context: String },
    #[error("{context}: exclusion '{term}' blocks unknown code '{code}'")]
    Exclusion {
        context: String,
        term: String,
        code: String,
    },
    #[error("{context}: role '{role}' is not one of focus_link, target")]
    FamilyRole { context: String, role: String },
    #[error("{context}: 'goal' names the goals' own matrix")]
    GoalFamily { context: String },
    #[error("families: exactly one family needs role '{0}'")]
    OneFamilyWithRole(&'static str),
    #[error("partner_rubrik: unknown rubrik '{0}'")]
    PartnerRubrik(String),
    #[error("partner_rubrik: unknown family '{0}'")]
    PartnerFamily(String),
    #[error("partner_rubrik: unknown code '{family}/{code}'")]
    PartnerCode { family: String, code: String },
    #[error(
        "{context}: 'reach', 'not_in_told', 'people_outside' and 'in_topic' need the taxonomy's 'people'"
    )]
    ReachWithoutPeople { context: String },
    #[error("{context}: 'reach' or 'not_in_told' names unknown code '{code}'")]
    ReachCode { context: String, code: String },
    #[error(
        "owners: '{owner}' has target_group '{group}', which no family with owner_target_group defines"
    )]
    OwnerTargetGroup { owner: String, group: String },
}

type Result<T, E = TaxonomyProblem> = std::result::Result<T, E>;

/// Interns terms so each distinct term is compiled and matched once.
#[derive(Default)]
struct Terms {
    compiled: Vec<CompiledTerm>,
    index: HashMap<String, TermId>,
}

impl Terms {
    fn add(&mut self, term: &str, context: &str) -> Result<TermId> {
        if let Some(&id) = self.index.get(term) {
            return Ok(id);
        }
        let compiled = CompiledTerm::new(term).map_err(|source| TaxonomyProblem::Term {
            context: context.to_owned(),
            source,
        })?;
        let id = self.compiled.len();
        self.compiled.push(compiled);
        self.index.insert(term.to_owned(), id);
        Ok(id)
    }

    fn add_all(&mut self, terms: &[String], context: &str) -> Result<Vec<TermId>> {
        terms.iter().map(|t| self.add(t, context)).collect()
    }
}

fn pattern(p: &str, context: &str) -> Result<Regex> {
    Regex::new(p).map_err(|source| TaxonomyProblem::Pattern {
        context: context.to_owned(),
        pattern: p.to_owned(),
        source,
    })
}

/// Cue words or phrases as one case-insensitive pattern of whole words
/// (a space stands for any white space); none when the list is empty.
fn cue_pattern(cues: &[String], context: &str) -> Result<Option<Regex>> {
    if cues.is_empty() {
        return Ok(None);
    }
    let alternatives: Vec<String> = cues
        .iter()
        .map(|c| regex::escape(c.trim()).replace(' ', r"\s+"))
        .collect();
    let p = format!(r"(?i)\b(?:{})\b", alternatives.join("|"));
    pattern(&p, context).map(Some)
}

fn patterns(ps: &[String], context: &str) -> Result<Vec<Regex>> {
    ps.iter().map(|p| pattern(p, context)).collect()
}

/// `… {owner} …` as two patterns on folded text: what must end the text
/// before the name and what must open the text after it (white space at the
/// seam is free).
fn ownership_pattern(p: &str) -> Result<OwnershipPattern> {
    let Some((before, after)) = p.split_once("{owner}") else {
        return Err(TaxonomyProblem::NoOwnerSlot(p.to_owned()));
    };
    let ctx = "ownership_patterns";
    // A space in the phrase stands for any run of white space (line breaks too).
    let folded = |s: &str| crate::text::fold(s.trim()).replace(' ', "\\s+");
    let before = folded(before);
    let after = folded(after);
    Ok(OwnershipPattern {
        before: (!before.is_empty())
            .then(|| pattern(&format!("(?:{before})\\s*$"), ctx))
            .transpose()?,
        after: (!after.is_empty())
            .then(|| pattern(&format!("^\\s*(?:{after})"), ctx))
            .transpose()?,
    })
}

fn resolve_when(
    when: &BTreeMap<String, Vec<String>>,
    families: &[Family],
    context: &str,
) -> Result<Vec<(usize, Vec<String>)>> {
    when.iter()
        .map(|(fam, codes)| {
            let idx = families
                .iter()
                .position(|f| &f.family == fam)
                .ok_or_else(|| TaxonomyProblem::WhenFamily {
                    context: context.to_owned(),
                    family: fam.clone(),
                })?;
            for c in codes {
                if !families[idx].codes.iter().any(|x| &x.code == c) {
                    return Err(TaxonomyProblem::WhenCode {
                        context: context.to_owned(),
                        family: fam.clone(),
                        code: c.clone(),
                    });
                }
            }
            Ok((idx, codes.clone()))
        })
        .collect()
}

pub(super) fn compile(spec: TaxonomySpec, path: &Path) -> Result<Taxonomy> {
    let mut terms = Terms::default();
    let s = &spec.structure;
    let structure = Structure {
        goal_heading: pattern(&s.goal_heading, "structure.goal_heading")?,
        goal_intro: patterns(&s.goal_intro, "structure.goal_intro")?,
        toc_title: patterns(&s.toc_title, "structure.toc_title")?,
        toc_line: patterns(&s.toc_line, "structure.toc_line")?,
        footer: patterns(&s.footer, "structure.footer")?,
        body_end: patterns(&s.body_end, "structure.body_end")?,
        empty_rubrik: patterns(&s.empty_rubrik, "structure.empty_rubrik")?,
        narrative_start: patterns(&s.narrative_start, "structure.narrative_start")?,
        answer_label: patterns(&s.answer_label, "structure.answer_label")?,
        bullet: pattern(&s.bullet, "structure.bullet")?,
        activity_subject: pattern(&s.activity_subject, "structure.activity_subject")?,
        generic_subject: pattern(&s.generic_subject, "structure.generic_subject")?,
        table_header: s
            .table_header
            .iter()
            .map(|c| {
                let role = match (c.role.as_str(), c.status.is_empty()) {
                    ("" | "status", false) => ColumnRole::Status,
                    ("statement", _) => ColumnRole::Statement,
                    ("description", _) => ColumnRole::Description,
                    ("context", _) => ColumnRole::Context,
                    ("status_value", _) => ColumnRole::StatusValue,
                    ("goal", _) => ColumnRole::Goal,
                    ("goal_mark", _) => ColumnRole::GoalMark,
                    (other, _) => {
                        return Err(TaxonomyProblem::ColumnRole(other.to_owned()));
                    }
                };
                Ok(TableColumn {
                    pattern: pattern(&c.pattern, "structure.table_header")?,
                    status: c.status.clone(),
                    role,
                    continues_row: c.continues_row,
                })
            })
            .collect::<Result<_>>()?,
        table_continuation: patterns(&s.table_continuation, "structure.table_continuation")?,
        activity_label: s
            .activity_label
            .as_deref()
            .map(|p| pattern(p, "structure.activity_label"))
            .transpose()?,
        attributes: s
            .attributes
            .iter()
            .map(|a| {
                let role = match a.role.as_str() {
                    "description" => AttributeRole::Description,
                    "context" => AttributeRole::Context,
                    "goal" => AttributeRole::Goal,
                    other => {
                        return Err(TaxonomyProblem::AttributeRole(other.to_owned()));
                    }
                };
                Ok((pattern(&a.pattern, "structure.attributes")?, role))
            })
            .collect::<Result<_>>()?,
        goal_reference: s
            .goal_reference
            .as_deref()
            .map(|p| pattern(p, "structure.goal_reference"))
            .transpose()?,
        goal_heading_numbered: s
            .goal_heading_numbered
            .as_deref()
            .map(|p| pattern(p, "structure.goal_heading_numbered"))
            .transpose()?,
        commitment: s
            .commitment
            .as_deref()
            .map(|p| pattern(p, "structure.commitment"))
            .transpose()?,
        not_commitment: patterns(&s.not_commitment, "structure.not_commitment")?,
        actor_subject: s
            .actor_subject
            .as_deref()
            .map(|p| pattern(p, "structure.actor_subject"))
            .transpose()?,
        owner_name: patterns(&s.owner_name, "structure.owner_name")?,
        signature: patterns(&s.signature, "structure.signature")?,
        owner_context: OwnerContext {
            subject_after: pattern(
                &s.owner_context.subject_after,
                "structure.owner_context.subject_after",
            )?,
            partner_before: pattern(
                &s.owner_context.partner_before,
                "structure.owner_context.partner_before",
            )?,
            commits_after: pattern(
                &s.owner_context.commits_after,
                "structure.owner_context.commits_after",
            )?,
            place_in_subject: pattern(
                &s.owner_context.place_in_subject,
                "structure.owner_context.place_in_subject",
            )?,
            generic_names: s
                .owner_context
                .generic_names
                .iter()
                .map(|n| crate::text::fold(n))
                .collect(),
        },
    };
    if structure
        .goal_heading
        .capture_names()
        .flatten()
        .all(|n| n != "number")
    {
        return Err(TaxonomyProblem::GoalHeadingNumber);
    }
    if spec.goals.is_empty() {
        return Err(TaxonomyProblem::NoGoals);
    }
    let goals: Vec<Goal> = spec
        .goals
        .into_iter()
        .enumerate()
        .map(|(i, g)| Goal {
            titles: if g.titles.is_empty() {
                vec![g.name.clone()]
            } else {
                g.titles
            },
            number: g.number.unwrap_or_else(|| (i + 1).to_string()),
            code: g.code,
            name: g.name,
        })
        .collect();
    for (i, g) in goals.iter().enumerate() {
        if goals[..i].iter().any(|x| x.number == g.number) {
            return Err(TaxonomyProblem::GoalNumberTwice(g.number.clone()));
        }
        if goals[..i].iter().any(|x| x.code == g.code) {
            return Err(TaxonomyProblem::GoalCodeTwice(g.code.clone()));
        }
    }
    let mut goal_inference = Vec::new();
    for gi in &spec.goal_inference {
        if !goals.iter().any(|g| g.code == gi.goal) {
            return Err(TaxonomyProblem::InferenceGoal(gi.goal.clone()));
        }
        let ids = terms.add_all(&gi.terms, &format!("goal_inference {}", gi.goal))?;
        goal_inference.push((gi.goal.clone(), ids));
    }
    let rubriker = spec
        .rubriker
        .into_iter()
        .map(|r| {
            Ok(Rubrik {
                heading: pattern(&r.heading, &format!("rubriker.{}", r.code))?,
                label: r.label.unwrap_or_else(|| r.code.clone()),
                code: r.code,
                name: r.name,
                city_wide: r.city_wide,
                default: r.default,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let statuses: Vec<Status> = spec
        .statuses
        .into_iter()
        .map(|s| {
            Ok(Status {
                headings: patterns(&s.headings, &format!("statuses.{}.headings", s.code))?,
                values: patterns(&s.values, &format!("statuses.{}.values", s.code))?,
                label: s.label.unwrap_or_else(|| s.code.clone()),
                code: s.code,
                name: s.name,
                counts: s.counts,
            })
        })
        .collect::<Result<_>>()?;
    for c in &structure.table_header {
        if c.role == ColumnRole::Status && !statuses.iter().any(|s| s.code == c.status) {
            return Err(TaxonomyProblem::ColumnStatus(c.status.clone()));
        }
    }

    let mut families: Vec<Family> = Vec::new();
    for f in spec.families {
        let ctx = format!("family '{}'", f.family);
        if families.iter().any(|x| x.family == f.family) {
            return Err(TaxonomyProblem::DefinedTwice { context: ctx });
        }
        let resolution = match f.resolution.as_str() {
            "all" => Resolution::All,
            "first" => Resolution::First,
            "highest" => Resolution::Highest,
            other => {
                return Err(TaxonomyProblem::Resolution {
                    context: ctx,
                    resolution: other.to_owned(),
                });
            }
        };
        let mut codes: Vec<Code> = Vec::new();
        for c in f.codes {
            let cctx = format!("{ctx}, code '{}'", c.code);
            if codes.iter().any(|x| x.code == c.code) {
                return Err(TaxonomyProblem::DefinedTwice { context: cctx });
            }
            for r in &c.from_rubrik {
                if !rubriker.iter().any(|x| &x.code == r) {
                    return Err(TaxonomyProblem::FromRubrik {
                        context: cctx,
                        rubrik: r.clone(),
                    });
                }
            }
            let mut rules = Vec::new();
            for r in c.rules {
                let rctx = format!("{cctx}, rule '{}'", r.id);
                if r.any.is_empty() && r.when.is_empty() {
                    return Err(TaxonomyProblem::EmptyRule { context: rctx });
                }
                if r.in_topic && spec.people.is_none() {
                    return Err(TaxonomyProblem::ReachWithoutPeople { context: rctx });
                }
                rules.push(Rule {
                    in_topic: r.in_topic,
                    any: terms.add_all(&r.any, &rctx)?,
                    with: terms.add_all(&r.with, &rctx)?,
                    without: terms.add_all(&r.without, &rctx)?,
                    owner_group: r.owner_group,
                    overrides_when: r.overrides_when,
                    when: resolve_when(&r.when, &families, &rctx)?,
                    id: r.id,
                });
            }
            codes.push(Code {
                terms: terms.add_all(&c.terms, &cctx)?,
                when: resolve_when(&c.when, &families, &cctx)?,
                code: c.code,
                name: c.name,
                rules,
                from_rubrik: c.from_rubrik,
                other_owners: c.other_owners,
            });
        }
        if let Some(d) = &f.default
            && !codes.iter().any(|c| &c.code == d)
        {
            return Err(TaxonomyProblem::Default {
                context: ctx,
                code: d.clone(),
            });
        }
        let mut defaults_when = Vec::new();
        for d in &f.defaults_when {
            let dctx = format!("{ctx}, defaults_when '{}'", d.code);
            if !codes.iter().any(|c| c.code == d.code) {
                return Err(TaxonomyProblem::DefaultWhenCode { context: dctx });
            }
            if d.people_outside && spec.people.is_none() {
                return Err(TaxonomyProblem::ReachWithoutPeople { context: dctx });
            }
            defaults_when.push(DefaultWhen {
                people_outside: d.people_outside,
                code: d.code.clone(),
                when: resolve_when(&d.when, &families, &dctx)?,
                any: terms.add_all(&d.any, &dctx)?,
                after: d.after.iter().map(|w| w.to_lowercase()).collect(),
            });
        }
        let mut exclusions = Vec::new();
        for e in f.exclusions {
            for b in &e.blocks {
                if !codes.iter().any(|c| &c.code == b) {
                    return Err(TaxonomyProblem::Exclusion {
                        context: ctx,
                        term: e.term.clone(),
                        code: b.clone(),
                    });
                }
            }
            exclusions.push(Exclusion {
                term: terms.add(&e.term, &format!("{ctx}, exclusion"))?,
                blocks: e.blocks,
            });
        }
        let role = match f.role.as_deref() {
            None => FamilyRole::Plain,
            Some("focus_link") => FamilyRole::FocusLink,
            Some("target") => FamilyRole::Target,
            Some(other) => {
                return Err(TaxonomyProblem::FamilyRole {
                    context: ctx,
                    role: other.to_owned(),
                });
            }
        };
        if f.family == "goal" {
            return Err(TaxonomyProblem::GoalFamily { context: ctx });
        }
        let reach = match f.reach {
            None => None,
            Some(r) => {
                if spec.people.is_none() {
                    return Err(TaxonomyProblem::ReachWithoutPeople { context: ctx });
                }
                for code in [&r.outside, &r.staff] {
                    if !codes.iter().any(|c| &c.code == code) {
                        return Err(TaxonomyProblem::ReachCode {
                            context: ctx,
                            code: code.clone(),
                        });
                    }
                }
                Some(Reach {
                    outside: r.outside,
                    staff: r.staff,
                })
            }
        };
        if !f.not_in_told.is_empty() && spec.people.is_none() {
            return Err(TaxonomyProblem::ReachWithoutPeople { context: ctx });
        }
        for code in &f.not_in_told {
            if !codes.iter().any(|c| &c.code == code) {
                return Err(TaxonomyProblem::ReachCode {
                    context: ctx,
                    code: code.clone(),
                });
            }
        }
        families.push(Family {
            role,
            column: f.column.unwrap_or_else(|| f.family.clone()),
            plural: f.plural.unwrap_or_else(|| f.name.clone()),
            family: f.family,
            name: f.name,
            resolution,
            default: f.default,
            defaults_when,
            narrative: f.narrative,
            owner_target_group: f.owner_target_group,
            statement_first: f.statement_first,
            reach,
            not_in_told: f.not_in_told,
            codes,
            exclusions,
        });
    }
    let one_with = |role: FamilyRole, name: &'static str| {
        let mut with = (0..families.len()).filter(|&i| families[i].role == role);
        match (with.next(), with.next()) {
            (Some(i), None) => Ok(i),
            _ => Err(TaxonomyProblem::OneFamilyWithRole(name)),
        }
    };
    let focus_family = one_with(FamilyRole::FocusLink, "focus_link")?;
    let target_family = one_with(FamilyRole::Target, "target")?;
    let group_family = families.iter().find(|f| f.owner_target_group);
    let partner_rubrik = match spec.partner_rubrik {
        None => None,
        Some(p) => {
            if !rubriker.iter().any(|r| r.code == p.rubrik) {
                return Err(TaxonomyProblem::PartnerRubrik(p.rubrik));
            }
            let fam = families
                .iter()
                .position(|f| f.family == p.family)
                .ok_or_else(|| TaxonomyProblem::PartnerFamily(p.family.clone()))?;
            if !families[fam].codes.iter().any(|c| c.code == p.code) {
                return Err(TaxonomyProblem::PartnerCode {
                    family: p.family,
                    code: p.code,
                });
            }
            Some(PartnerRubrik {
                rubrik: p.rubrik,
                family: fam,
                code: p.code,
            })
        }
    };
    let owners = spec
        .owners
        .into_iter()
        .map(|o| {
            if let Some(g) = &o.target_group
                && !group_family.is_some_and(|f| f.codes.iter().any(|c| &c.code == g))
            {
                return Err(TaxonomyProblem::OwnerTargetGroup {
                    owner: o.name.clone(),
                    group: g.clone(),
                });
            }
            let mut aliases = o.aliases;
            if !aliases.contains(&o.name) {
                aliases.insert(0, o.name.clone());
            }
            let alias_terms = terms.add_all(&aliases, &format!("owners: '{}'", o.name))?;
            Ok(Owner {
                alias_terms,
                name: o.name,
                short: o.short,
                aliases,
                coordinator: o.coordinator,
                company: o.company,
                target_group: o.target_group,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let ownership_patterns = spec
        .ownership_patterns
        .iter()
        .map(|p| ownership_pattern(p))
        .collect::<Result<Vec<_>>>()?;
    let owner_target_terms = terms.add_all(&spec.owner_target_terms, "owner_target_terms")?;
    let generic_violence = terms.add_all(&spec.generic_violence, "generic_violence")?;
    let people = match &spec.people {
        None => None,
        Some(p) => Some(People {
            staff: terms.add_all(&p.staff, "people.staff")?,
            outside: terms.add_all(&p.outside, "people.outside")?,
            topic: cue_pattern(&p.topic, "people.topic")?,
            about: cue_pattern(&p.about_words, "people.about_words")?,
            capacity: terms.add_all(&p.capacity, "people.capacity")?,
            tools: terms.add_all(&p.tools, "people.tools")?,
            tool_cues: cue_pattern(&p.tool_cues, "people.tool_cues")?,
            told: terms.add_all(&p.told, "people.told")?,
            channels: terms.add_all(&p.channels, "people.channels")?,
            reach_cues: p.reach_cues.iter().map(|w| w.to_lowercase()).collect(),
            reach_again: cue_pattern(&p.reach_again, "people.reach_again")?,
            clause_end: cue_pattern(&p.clause_end, "people.clause_end")?,
        }),
    };
    let n = spec.negation;
    Ok(Taxonomy {
        path: path.to_owned(),
        name: spec.name,
        structure,
        owners,
        ownership_patterns,
        owner_target_terms,
        goals,
        goal_inference,
        rubriker,
        statuses,
        negation: Negation {
            before: n.before,
            after: n.after,
            not_negation: n.not_negation,
            scope_breaks: n.scope_breaks,
        },
        generic_violence,
        people,
        vocabulary: spec.vocabulary,
        families,
        focus_family,
        target_family,
        partner_rubrik,
        terms: terms.compiled,
        literals: std::sync::OnceLock::new(),
    })
}
