//! Helpers: run the binary, read its CSV outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_plancov"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run plancov")
}

/// A fresh, empty temporary folder named for the test.
pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("plancov-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// Analyse `inputs` into a new folder; returns the folder and the exit code.
pub fn analyze(name: &str, inputs: &[&str], extra: &[&str]) -> (PathBuf, i32) {
    let out = temp_dir(name);
    let mut args = vec!["analyze", "--quiet", "--out"];
    let out_s = out.to_string_lossy().into_owned();
    args.push(&out_s);
    args.extend_from_slice(extra);
    args.extend_from_slice(inputs);
    let o = run(&args);
    (out, o.status.code().unwrap_or(-1))
}

/// A CSV file as header-keyed rows.
pub fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv opens");
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

pub fn header(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).expect("csv opens");
    r.headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect()
}

/// The row of `owner` in a coverage matrix.
pub fn coverage_row(path: &Path, owner: &str) -> std::collections::BTreeMap<String, String> {
    csv_rows(path)
        .into_iter()
        .find(|r| r.get("owner").map(String::as_str) == Some(owner))
        .unwrap_or_else(|| panic!("no row for {owner} in {}", path.display()))
}

pub const ASF: &str = "Arbetsmarknads- och socialförvaltningen";
pub const FSF: &str = "Funktionsstödsförvaltningen";

pub fn gold_count(stem: &str) -> usize {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/gold/{stem}.json"));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p).expect("gold")).expect("json");
    v["activities"].as_array().map_or(0, Vec::len)
}
