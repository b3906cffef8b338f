//! Domain words: a taxonomy in, the words written only in the plans' domain out
//! (terms, owner names, goal and code names, vocabulary), lower case, sorted.

/// Words written only in the plan's domain: taxonomy terms, owner names.
pub fn domain_words(taxonomy: &crate::taxonomy::Taxonomy) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |s: &str| {
        for w in s.split(|c: char| !c.is_alphabetic()) {
            if w.chars().count() >= 2 {
                out.push(w.to_lowercase());
            }
        }
    };
    for t in &taxonomy.terms {
        if !t.source.starts_with("re:") {
            add(&t.source);
        }
    }
    for o in &taxonomy.owners {
        for a in &o.aliases {
            add(a);
        }
    }
    for g in &taxonomy.goals {
        add(&g.name);
        for t in &g.titles {
            add(t);
        }
    }
    for r in &taxonomy.rubriker {
        add(&r.name);
    }
    for w in &taxonomy.vocabulary {
        add(w);
    }
    for f in &taxonomy.families {
        for c in &f.codes {
            add(&c.name);
        }
    }
    out.sort();
    out.dedup();
    out
}
