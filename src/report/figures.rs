//! The figures analysts look at rather than read: how many departments and
//! companies have own activities under each goal, and under each code of the
//! gap families (focus areas, perspectives, groups, prevention levels).
//!
//! One list of figures, made from the analysis, drawn three ways: as native
//! charts in `coverage.xlsx`, as inline SVG in `report.html` and as tables with
//! bars in `uppfoljning.docx`/`.md`, so the three always show the same numbers.
//! A code no one covers is a bar of zero that is still drawn and labelled, so
//! a gap is seen, not left out.

use super::Analysis;

/// One chart: a bar per goal or code, one value per series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// `goal` or the family's code.
    pub key: String,
    pub title: String,
    /// What the bars are (the header of the label column).
    pub category: String,
    /// The series' names; every bar has one value per series.
    pub series: Vec<String>,
    pub bars: Vec<Bar>,
    /// Owners in the batch: the full length of a bar, so bars of different
    /// figures compare.
    pub of: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub code: String,
    /// A short label for a chart axis ("Mål 3", a code's name).
    pub short: String,
    /// The full label for a table ("Mål 3 – Verksamma i staden …").
    pub label: String,
    pub values: Vec<usize>,
    /// `saknas` (no one), `svag` (one) or `ok`, from the total.
    pub status: &'static str,
}

impl Bar {
    pub fn total(&self) -> usize {
        self.values.iter().sum()
    }
}

impl Figure {
    /// The length of a full bar: the owners in the batch, or the largest
    /// bar if longer (at least one, so scales never divide by zero).
    pub fn max(&self) -> usize {
        self.bars
            .iter()
            .map(Bar::total)
            .max()
            .unwrap_or(0)
            .max(self.of)
            .max(1)
    }
}

/// The status of a code or goal covered by `n` owners (codebook §7).
pub fn status(n: usize) -> &'static str {
    match n {
        0 => "saknas",
        1 => "svag",
        _ => "ok",
    }
}

/// Every figure of the analysis: the goals first, then each gap family.
pub fn figures(analysis: &Analysis<'_>) -> Vec<Figure> {
    let mut out = Vec::new();
    let of = analysis.owners.len();
    if !analysis.goal_counts.is_empty() {
        out.push(Figure {
            key: "goal".into(),
            title: "Förvaltningar och bolag med egna aktiviteter per inriktningsmål".into(),
            category: "Inriktningsmål".into(),
            series: vec!["Förvaltningar".into(), "Bolag".into()],
            bars: analysis
                .goal_counts
                .iter()
                .map(|g| Bar {
                    code: g.goal.clone(),
                    short: format!("Mål {}", g.goal),
                    label: format!("Mål {} – {}", g.goal, g.name),
                    values: vec![g.departments, g.companies],
                    status: status(g.departments + g.companies),
                })
                .collect(),
            of,
        });
    }
    for family in analysis.taxonomy.gap_families().map(|f| f.family.as_str()) {
        let bars: Vec<Bar> = analysis
            .gaps
            .iter()
            .filter(|g| g.family == family)
            .map(|g| Bar {
                code: g.code.clone(),
                short: g.name.clone(),
                label: g.name.clone(),
                values: vec![g.departments],
                status: status(g.departments),
            })
            .collect();
        if bars.is_empty() {
            continue;
        }
        let name = analysis
            .taxonomy
            .family(family)
            .map_or_else(|| family.to_owned(), |f| f.name.clone());
        out.push(Figure {
            key: family.to_owned(),
            title: format!("{name}: förvaltningar och bolag med egna aktiviteter"),
            category: name,
            series: vec!["Förvaltningar och bolag".into()],
            bars,
            of,
        });
    }
    out
}

/// A bar of `n` out of `max` drawn with block characters, at most `width`
/// long; zero is no block at all (the number beside it says 0).
pub fn text_bar(n: usize, max: usize, width: usize) -> String {
    let len = if max <= width {
        n
    } else {
        (n * width).div_ceil(max.max(1))
    };
    "█".repeat(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_and_zero_is_empty() {
        assert_eq!(text_bar(0, 5, 20), "");
        assert_eq!(text_bar(3, 5, 20), "███");
        assert_eq!(text_bar(40, 40, 20).chars().count(), 20);
        assert_eq!(text_bar(1, 40, 20).chars().count(), 1);
        assert_eq!(status(0), "saknas");
        assert_eq!(status(1), "svag");
        assert_eq!(status(2), "ok");
    }
}
