//! The taxonomy is the whole contract: a copy of the shipped taxonomy whose
//! every code, family id, name, label, plural and column is renamed (with every
//! cross-reference between them) codes the same plans the same way, up to the
//! renaming. A code or name the program relied on outside the file would show
//! here as a different output.
//!
//! The old names are added to the copy's `vocabulary`: names are also words the
//! OCR repair accepts as Swedish (`repair::domain`), and this test is about
//! renaming, not about taking words away from the lexicon.

use crate::util::{analyze, temp_dir};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const TAXONOMY: &str = "corpus/taxonomy/fri-fran-vald-2022-2026.json";

/// New names: `zz<n>q`, capitalised when the old one was, so that an output
/// that changes the case of a name's first letter maps back as well.
struct Renamer {
    old: BTreeMap<String, String>,
    names: Vec<String>,
    token_re: regex::Regex,
}

impl Default for Renamer {
    fn default() -> Self {
        Renamer {
            old: BTreeMap::new(),
            names: Vec::new(),
            token_re: regex::Regex::new(r"[zZ]z(\d+)q").expect("regex"),
        }
    }
}

impl Renamer {
    fn token(&mut self, old: &str) -> String {
        let new = format!("zz{}q", self.old.len() + 1);
        self.old.insert(new.clone(), old.to_owned());
        if old.chars().next().is_some_and(char::is_uppercase) {
            format!("Z{}", &new[1..])
        } else {
            new
        }
    }

    fn name(&mut self, v: &mut Value) {
        if let Some(s) = v.as_str().map(str::to_owned) {
            self.names.push(s.clone());
            *v = Value::String(self.token(&s));
        }
    }

    /// Every `zz<n>q`/`Zz<n>q` in `s` back to its old name, in the same case.
    fn restore(&self, s: &str) -> String {
        self.token_re
            .replace_all(s, |c: &regex::Captures| {
                let tok = c[0].to_lowercase();
                let old = self
                    .old
                    .get(&tok)
                    .unwrap_or_else(|| panic!("{tok} is not a renamed name"));
                let mut chars = old.chars();
                let first = chars.next().map_or(String::new(), |f| {
                    if c[0].starts_with('Z') {
                        f.to_uppercase().collect()
                    } else {
                        f.to_lowercase().collect()
                    }
                });
                first + chars.as_str()
            })
            .into_owned()
    }

    fn restore_json(&self, v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.restore(s)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.restore_json(x)).collect()),
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| (self.restore(k), self.restore_json(x)))
                    .collect::<Map<_, _>>(),
            ),
            other => other.clone(),
        }
    }
}

fn s(v: &Value) -> String {
    v.as_str().expect("string").to_owned()
}

fn map_str(v: &mut Value, map: &BTreeMap<String, String>) {
    let old = s(v);
    *v = Value::String(
        map.get(&old)
            .unwrap_or_else(|| panic!("'{old}' is not a known code"))
            .clone(),
    );
}

fn map_list(v: &mut Value, map: &BTreeMap<String, String>) {
    for x in v.as_array_mut().expect("list") {
        map_str(x, map);
    }
}

/// A `when` map: family ids as keys, codes of that family as values.
fn map_when(
    v: &mut Value,
    families: &BTreeMap<String, String>,
    codes: &BTreeMap<String, BTreeMap<String, String>>,
) {
    let old = v.as_object().expect("when").clone();
    let mut new = Map::new();
    for (family, mut list) in old {
        map_list(&mut list, &codes[&family]);
        new.insert(families[&family].clone(), list);
    }
    *v = Value::Object(new);
}

/// The shipped taxonomy with every code and name renamed.
fn renamed(t: &mut Value) -> Renamer {
    let mut r = Renamer::default();
    let codes_of = |r: &mut Renamer, items: &Value, key: &str| -> BTreeMap<String, String> {
        items
            .as_array()
            .expect("list")
            .iter()
            .map(|x| {
                let old = s(&x[key]);
                let new = r.token(&old);
                (old, new)
            })
            .collect()
    };
    let goals = codes_of(&mut r, &t["goals"], "code");
    let rubriker = codes_of(&mut r, &t["rubriker"], "code");
    let statuses = codes_of(&mut r, &t["statuses"], "code");
    let families = codes_of(&mut r, &t["families"], "family");
    let mut codes = BTreeMap::new();
    for f in t["families"].as_array().expect("families") {
        let m = codes_of(&mut r, &f["codes"], "code");
        codes.insert(s(&f["family"]), m);
    }

    for g in t["goals"].as_array_mut().expect("goals") {
        map_str(&mut g["code"], &goals);
        r.name(&mut g["name"]);
    }
    for gi in t["goal_inference"].as_array_mut().expect("goal_inference") {
        map_str(&mut gi["goal"], &goals);
    }
    for (key, map) in [("rubriker", &rubriker), ("statuses", &statuses)] {
        for x in t[key].as_array_mut().expect(key) {
            map_str(&mut x["code"], map);
            r.name(&mut x["name"]);
            if x.get("label").is_some() {
                r.name(&mut x["label"]);
            }
        }
    }
    for h in t["structure"]["table_header"]
        .as_array_mut()
        .expect("table_header")
    {
        if h.get("status").is_some() {
            map_str(&mut h["status"], &statuses);
        }
    }
    let mut owner_group_family = None;
    for f in t["families"].as_array_mut().expect("families") {
        let id = s(&f["family"]);
        let cm = &codes[&id];
        if f["owner_target_group"].as_bool() == Some(true) {
            owner_group_family = Some(id.clone());
        }
        map_str(&mut f["family"], &families);
        r.name(&mut f["name"]);
        for key in ["column", "plural"] {
            if f.get(key).is_some() {
                r.name(&mut f[key]);
            }
        }
        if f.get("default").is_some() {
            map_str(&mut f["default"], cm);
        }
        if let Some(reach) = f.get_mut("reach") {
            map_str(&mut reach["outside"], cm);
            map_str(&mut reach["staff"], cm);
        }
        if f.get("not_in_told").is_some() {
            map_list(&mut f["not_in_told"], cm);
        }
        for d in f
            .get_mut("defaults_when")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            map_str(&mut d["code"], cm);
            map_when(&mut d["when"], &families, &codes);
        }
        for e in f
            .get_mut("exclusions")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            map_list(&mut e["blocks"], cm);
        }
        for c in f["codes"].as_array_mut().expect("codes") {
            map_str(&mut c["code"], cm);
            r.name(&mut c["name"]);
            if c.get("from_rubrik").is_some() {
                map_list(&mut c["from_rubrik"], &rubriker);
            }
            if c.get("when").is_some() {
                map_when(&mut c["when"], &families, &codes);
            }
            for rule in c
                .get_mut("rules")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                if rule.get("when").is_some() {
                    map_when(&mut rule["when"], &families, &codes);
                }
            }
        }
    }
    if let Some(p) = t.get_mut("partner_rubrik") {
        let family = s(&p["family"]);
        map_str(&mut p["code"], &codes[&family]);
        map_str(&mut p["rubrik"], &rubriker);
        map_str(&mut p["family"], &families);
    }
    let group = owner_group_family.expect("a family with owner_target_group");
    for o in t["owners"].as_array_mut().expect("owners") {
        if o.get("target_group").is_some() {
            map_str(&mut o["target_group"], &codes[&group]);
        }
    }
    let vocabulary = t["vocabulary"].as_array_mut().expect("vocabulary");
    vocabulary.extend(r.names.iter().cloned().map(Value::String));
    r
}

/// A file's content in a form to compare: CSV as rows of cells, JSON parsed
/// (object key order is not part of the result), the JSON island in
/// report.html parsed and the rest as lines. `restore` maps a renamed run back.
fn comparable(path: &Path, restore: Option<&Renamer>) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read output");
    let back = |s: &str| restore.map_or_else(|| s.to_owned(), |r| r.restore(s));
    let json = |s: &str| {
        let v: Value = serde_json::from_str(s).expect("json");
        restore
            .map_or(v.clone(), |r| r.restore_json(&v))
            .to_string()
    };
    let name = path.file_name().expect("name").to_string_lossy();
    if name.ends_with(".csv") {
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        rd.records()
            .map(|rec| {
                let rec = rec.expect("csv record");
                rec.iter().map(&back).collect::<Vec<_>>().join("\u{1f}")
            })
            .collect()
    } else if name.ends_with(".json") {
        vec![json(&text)]
    } else if name.ends_with(".html") {
        let open = "<script type=\"application/json\" id=\"plancov-data\">";
        let (head, rest) = text.split_once(open).expect("data island");
        let (data, tail) = rest.split_once("</script>").expect("end of data");
        let mut out = vec![json(data)];
        out.extend(back(&format!("{head}{tail}")).lines().map(str::to_owned));
        out
    } else {
        back(&text).lines().map(str::to_owned).collect()
    }
}

fn same_up_to_renaming(name: &str, plans: &[String]) {
    let plans: Vec<&str> = plans.iter().map(String::as_str).collect();
    let plans = &plans[..];
    let mut t: Value = serde_json::from_slice(
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(TAXONOMY)).expect("taxonomy"),
    )
    .expect("taxonomy json");
    let r = renamed(&mut t);
    let dir = temp_dir(&format!("{name}-taxonomy"));
    let tax = dir.join("renamed.json");
    std::fs::write(&tax, serde_json::to_vec_pretty(&t).expect("json")).expect("write");
    let tax_s = tax.to_string_lossy().into_owned();

    // No Swedish re-OCR: image-only scans take minutes and test tesseract, not the taxonomy.
    let (a, code_a) = analyze(&format!("{name}-shipped"), plans, &["--ocr", "never"]);
    let (b, code_b) = analyze(
        &format!("{name}-renamed"),
        plans,
        &["--ocr", "never", "--taxonomy", &tax_s],
    );
    assert_eq!((code_a, code_b), (0, 0), "both runs succeed");

    let files = |d: &Path| -> BTreeSet<String> {
        std::fs::read_dir(d)
            .expect("out dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect()
    };
    let shipped = files(&a);
    let back: BTreeSet<String> = files(&b).iter().map(|f| r.restore(f)).collect();
    assert_eq!(shipped, back, "the same output files, up to renaming");
    assert!(
        shipped
            .iter()
            .any(|f| f.starts_with("coverage_") && f.ends_with(".csv")),
        "coverage matrices are written"
    );

    let mut compared = 0;
    for renamed_file in files(&b) {
        // Excel and Word files are zip archives; their text comes from the
        // same tables as the CSV and markdown compared here.
        if renamed_file.ends_with(".xlsx") || renamed_file.ends_with(".docx") {
            continue;
        }
        let want = comparable(&a.join(r.restore(&renamed_file)), None);
        let got = comparable(&b.join(&renamed_file), Some(&r));
        assert!(!want.is_empty(), "{renamed_file} has content");
        if let Some(i) = (0..want.len().max(got.len())).find(|&i| want.get(i) != got.get(i)) {
            panic!(
                "{} differs at item {i}:\n shipped: {:?}\n renamed: {:?}",
                r.restore(&renamed_file),
                want.get(i),
                got.get(i)
            );
        }
        compared += 1;
    }
    assert!(compared >= 8, "compared {compared} files");
    // The renamed run really used the renamed codes.
    let acts = std::fs::read_to_string(b.join("activities.csv")).expect("activities");
    assert!(acts.contains("zz"), "renamed codes in activities.csv");
    assert!(!acts.contains(",pagaende,"), "no shipped status code");
}

#[test]
fn shipped_corpus_is_coded_the_same_under_a_renamed_taxonomy() {
    same_up_to_renaming("renamed-corpus", &[]);
}

#[test]
fn unseen_plans_and_scans_are_coded_the_same_under_a_renamed_taxonomy() {
    // The unseen plans as text and their mild and heavy scans (Latin OCR
    // layer, repaired): the repair reads the taxonomy's words too.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut plans = Vec::new();
    for (dir, ends) in [
        ("fixtures/unseen", &[".txt"][..]),
        ("fixtures/unseen/scanned", &["_mild.pdf", "_heavy.pdf"][..]),
    ] {
        for e in std::fs::read_dir(root.join(dir)).expect("fixtures") {
            let f = e.expect("entry").file_name().to_string_lossy().into_owned();
            if ends.iter().any(|end| f.ends_with(end)) {
                plans.push(format!("{dir}/{f}"));
            }
        }
    }
    plans.sort();
    assert!(plans.len() >= 40, "{} unseen plans and scans", plans.len());
    same_up_to_renaming("renamed-unseen", &plans);
}
