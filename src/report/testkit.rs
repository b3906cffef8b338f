//! Builders for the report's unit tests: the shipped taxonomy, plans analysed
//! from a text as `analyze` does, and hand-made digests for aggregation.

use super::digest::{ActivityDigest, PlanDigest, PlanSummary};
use super::spool::Chunk;
use crate::pipeline::{self, Batch, PlanResult};
use crate::taxonomy::Taxonomy;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default taxonomy, as shipped.
pub fn taxonomy() -> Taxonomy {
    Taxonomy::from_json(
        include_bytes!("../../corpus/taxonomy/fri-fran-vald-2022-2026.json"),
        Path::new("taxonomy.json"),
    )
    .expect("taxonomy")
}

/// A plan file `name` holding `text`, read and analysed as `analyze` does
/// (without the OCR repair).
pub fn plan_result(name: &str, text: &str, tax: &Taxonomy) -> PlanResult {
    let path = PathBuf::from(name);
    let ingested =
        crate::ingest::ingest_bytes(&path, text.as_bytes(), &crate::ingest::Limits::default())
            .expect("read");
    let plan = match pipeline::analyse(ingested, tax, None) {
        pipeline::Analysis::Done(p) => *p,
        pipeline::Analysis::NeedsRepair(_) => panic!("{name} looks OCR-damaged"),
    };
    PlanResult {
        path,
        plan: name.to_owned(),
        outcome: Ok(plan),
        millis: 0,
    }
}

/// Plans (file name, text) analysed, in a batch sorted by path.
pub fn batch(plans: &[(&str, &str)], tax: &Taxonomy) -> Batch {
    let mut results: Vec<PlanResult> = plans
        .iter()
        .map(|(name, text)| plan_result(name, text, tax))
        .collect();
    results.sort_by(|a, b| a.path.cmp(&b.path));
    Batch { plans: results }
}

/// An own activity that counts, under `goal`, whose statement hashes to `key`,
/// with no codes: add them with [`Act::code`] and [`Act::mention`].
pub struct Act(pub ActivityDigest);

pub fn act(id: &str, goal: &str, key: u128) -> Act {
    Act(ActivityDigest {
        id: id.to_owned(),
        goal: goal.to_owned(),
        status: None,
        key,
        city_wide: false,
        counts: true,
        codes: BTreeMap::new(),
        mentioned: BTreeMap::new(),
        csv: Chunk::default(),
        json: Chunk::default(),
        html: Chunk::default(),
        narrative: Chunk::default(),
        generic: false,
        flags: Vec::new(),
    })
}

impl Act {
    pub fn code(mut self, family: &str, codes: &[&str]) -> Self {
        self.0.codes.insert(
            family.to_owned(),
            codes.iter().map(|c| (*c).to_owned()).collect(),
        );
        self
    }

    /// Codes mentioned only in narrative (or in an item that does not count).
    pub fn mention(mut self, family: &str, codes: &[&str]) -> Self {
        self.0.mentioned.insert(
            family.to_owned(),
            codes.iter().map(|c| (*c).to_owned()).collect(),
        );
        self
    }

    /// A `behov` item: a stated need, which never counts.
    pub fn behov(mut self) -> Self {
        self.0.status = Some("behov".into());
        self.0.counts = false;
        self
    }

    /// A stadsövergripande activity, which never counts for the owner.
    pub fn city_wide(mut self) -> Self {
        self.0.city_wide = true;
        self.0.counts = false;
        self
    }
}

/// The digest of plan file `plan` of `owner` with these activities.
pub fn digest(plan: &str, owner: &str, activities: Vec<Act>) -> PlanDigest {
    PlanDigest {
        path: PathBuf::from(plan),
        plan: plan.to_owned(),
        outcome: Ok(PlanSummary {
            owner: owner.to_owned(),
            owner_known: true,
            format: "text (UTF-8)".into(),
            pages: 1,
            goals: Vec::new(),
            empty_rubriker: Vec::new(),
            no_plan: false,
            flags: Vec::new(),
            activities: activities.into_iter().map(|a| a.0).collect(),
            corrections: Chunk::default(),
        }),
        json: Chunk::default(),
        html: Chunk::default(),
    }
}
