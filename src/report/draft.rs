//! `uppfoljning.md`: a draft of the follow-up text in Swedish, in the style of
//! the city's mid-term follow-up, made only from the data. An analyst edits it;
//! every statement in it can be traced to the activities and gaps behind it.

use super::{Analysis, GoalCount};
use std::fmt::Write;

/// A number written as the follow-up writes it: words up to twenty.
pub fn number_word(n: usize, neuter: bool) -> String {
    const WORDS: [&str; 21] = [
        "ingen", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva",
        "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton", "tjugo",
    ];
    match n {
        1 if neuter => "ett".into(),
        0 if neuter => "inget".into(),
        n if n < WORDS.len() => WORDS[n].into(),
        n => n.to_string(),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// "A", "A och B", "A, B och C".
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// The section 5 sentence: "Åtta förvaltningar och MKB Fastighets AB har aktiviteter under inriktningsmålet."
pub fn count_sentence(g: &GoalCount, analysis: &Analysis<'_>) -> String {
    let companies: Vec<String> = g
        .owners
        .iter()
        .filter(|o| {
            analysis
                .taxonomy
                .owner_by_name(o)
                .is_some_and(|x| x.company)
        })
        .cloned()
        .collect();
    let d = g.departments;
    let departments = match d {
        0 => String::new(),
        1 => "En förvaltning".to_owned(),
        n => format!("{} förvaltningar", capitalised(&number_word(n, false))),
    };
    let subject = match (d, companies.is_empty()) {
        (0, true) => "Ingen förvaltning".to_owned(),
        (0, false) => list(&companies),
        (_, true) => departments,
        (_, false) => format!("{departments} och {}", list(&companies)),
    };
    format!("{subject} har aktiviteter under inriktningsmålet.")
}

pub fn draft(analysis: &Analysis<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = write_draft(analysis, &mut out);
    out
}

/// The draft, written to `out` a goal at a time.
pub fn write_draft(analysis: &Analysis<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut o = String::new();
    let tax = analysis.taxonomy;
    let focus = tax.family("focus");
    let focus_name = |code: &str| {
        focus
            .and_then(|f| f.codes.iter().find(|c| c.code == code))
            .map_or(code.to_owned(), |c| c.name.clone())
    };
    let _ = writeln!(o, "# Uppföljning av handlingsplanerna – utkast\n");
    let _ = writeln!(
        o,
        "*Utkast framtaget av plancov ur {} planer från {} förvaltningar och bolag ({}). Alla siffror avser förvaltningarnas och bolagens egna aktiviteter; stadsövergripande aktiviteter och behov räknas inte. Texten ska bearbetas av en analytiker.*\n",
        analysis.plans.len(),
        analysis.owners.len(),
        tax.name
    );
    for g in &analysis.goal_counts {
        let _ = writeln!(o, "## Inriktningsmål {} – {}\n", g.goal, g.name);
        let city: Vec<String> = analysis
            .rows
            .iter()
            .filter(|r| {
                let a = analysis.activity(r);
                a.city_wide && a.goal == g.goal
            })
            .map(|r| analysis.statement(r))
            .collect::<std::io::Result<std::collections::BTreeSet<_>>>()?
            .into_iter()
            .collect();
        if !city.is_empty() {
            let _ = writeln!(o, "### Stadsövergripande aktiviteter\n");
            for s in city {
                let _ = writeln!(o, "- {s}");
            }
            o.push('\n');
        }
        let _ = writeln!(o, "### Aktiviteter i förvaltningarnas handlingsplaner\n");
        let _ = writeln!(o, "{}", count_sentence(g, analysis));
        if !g.owners.is_empty() {
            let _ = writeln!(o, "De som har aktiviteter: {}.", list(&g.owners));
        }
        o.push('\n');
        // The goal's own activities, grouped by the focus area they name.
        let own: Vec<_> = analysis
            .rows
            .iter()
            .filter(|r| {
                let a = analysis.activity(r);
                a.counts && a.goal == g.goal
            })
            .collect();
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        if let Some(f) = focus {
            for c in &f.codes {
                let items: Vec<String> = own
                    .iter()
                    .filter(|r| analysis.activity(r).get("focus").first() == Some(&c.code))
                    .map(|r| {
                        let a = analysis.activity(r);
                        Ok(format!(
                            "{}: {} ({})",
                            r.owner,
                            analysis.statement(r)?,
                            a.id
                        ))
                    })
                    .collect::<std::io::Result<_>>()?;
                if !items.is_empty() {
                    groups.push((focus_name(&c.code), items));
                }
            }
        }
        let without: Vec<String> = own
            .iter()
            .filter(|r| analysis.activity(r).get("focus").is_empty())
            .map(|r| {
                let a = analysis.activity(r);
                Ok(format!(
                    "{}: {} ({})",
                    r.owner,
                    analysis.statement(r)?,
                    a.id
                ))
            })
            .collect::<std::io::Result<_>>()?;
        if !without.is_empty() {
            groups.push(("Utan uttalad koppling till fokusområde".into(), without));
        }
        for (title, items) in groups {
            let _ = writeln!(o, "**{title}** ({}):\n", number_word(items.len(), false));
            for i in items {
                let _ = writeln!(o, "- {i}");
            }
            o.push('\n');
        }
        out.write_all(o.as_bytes())?;
        o.clear();
    }
    let _ = writeln!(o, "## Fokusområden, perspektiv, grupper och prevention\n");
    for family in super::GAP_FAMILIES {
        let gaps: Vec<_> = analysis
            .gaps
            .iter()
            .filter(|g| g.family == family)
            .collect();
        if gaps.is_empty() {
            continue;
        }
        let title = tax
            .family(family)
            .map_or(family.to_owned(), |f| f.name.clone());
        let _ = writeln!(o, "### {title}\n");
        for g in gaps {
            let who = match g.departments {
                0 => "Ingen förvaltning eller bolag har egna aktiviteter".to_owned(),
                1 => format!("Endast {} har egna aktiviteter", list(&g.owners)),
                n => format!(
                    "{} förvaltningar och bolag har egna aktiviteter",
                    capitalised(&number_word(n, false))
                ),
            };
            let mention = if g.mentioned_only_in.is_empty() {
                String::new()
            } else {
                format!(
                    " Nämns endast i behov/berättelse: {}.",
                    g.mentioned_only_in.join("; ")
                )
            };
            let mark = match g.status.as_str() {
                "saknas" => " **(saknas)**",
                "svag" => " *(svag)*",
                _ => "",
            };
            let _ = writeln!(o, "- {}{mark}: {who}.{mention}", g.name);
        }
        o.push('\n');
    }
    let _ = writeln!(o, "## Flaggor\n");
    let no_focus: Vec<_> = analysis
        .flags
        .iter()
        .filter(|f| f.kind == "saknar_fokuskoppling")
        .collect();
    if !no_focus.is_empty() {
        let _ = writeln!(
            o,
            "{} av {} förvaltningar och bolag saknar tydlig koppling till fokusområdena: färre än hälften av deras egna aktiviteter nämner ett fokusområde.\n",
            capitalised(&number_word(no_focus.len(), false)),
            number_word(analysis.owners.len(), false)
        );
        for f in no_focus {
            let _ = writeln!(o, "- {}: {}", f.owner, f.detail);
        }
        o.push('\n');
    }
    let generic = analysis
        .flags
        .iter()
        .filter(|f| f.kind == "generisk_valdsformulering")
        .count();
    if generic > 0 {
        let _ = writeln!(
            o,
            "{} aktiviteter har endast generiska våldsformuleringar (t.ex. \"våld\", \"hot och våld\", \"kränkningar\") och ingen uttalad koppling till ett fokusområde.\n",
            capitalised(&number_word(generic, false))
        );
    }
    for f in analysis.flags.iter().filter(|f| f.kind == "tomt_mal") {
        let _ = writeln!(o, "- {}: {}", f.owner, f.detail);
    }
    let unreadable: Vec<_> = analysis
        .flags
        .iter()
        .filter(|f| f.kind == "olasbar")
        .collect();
    if !unreadable.is_empty() {
        let _ = writeln!(
            o,
            "\n{} dokument kunde inte läsas:\n",
            capitalised(&number_word(unreadable.len(), true))
        );
        for f in unreadable {
            let _ = writeln!(o, "- {}: {}", f.plan, f.detail);
        }
    }
    out.write_all(o.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_lists_read_as_swedish() {
        assert_eq!(number_word(8, false), "åtta");
        assert_eq!(number_word(1, true), "ett");
        assert_eq!(number_word(25, false), "25");
        assert_eq!(list(&["A".into(), "B".into(), "C".into()]), "A, B och C");
    }
}
