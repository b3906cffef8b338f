//! The command line: exit codes, help, the small commands.

use crate::util::*;

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["analyze", "--no-such-flag"]).status.code(), Some(2));
    let dir = temp_dir("badtax");
    let tax = dir.join("tax.json");
    std::fs::write(&tax, "{\"name\": \"x\"").expect("write");
    let o = run(&[
        "analyze",
        "--taxonomy",
        tax.to_str().unwrap_or(""),
        "--out",
        dir.join("o").to_str().unwrap_or(""),
        "corpus/plans/004_1c625e28d7976f31.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("tax.json"),
        "error names the taxonomy file: {err}"
    );
    assert!(
        !dir.join("o").exists(),
        "nothing written when the taxonomy is broken"
    );
}

#[test]
fn help_speaks_to_an_analyst() {
    let o = run(&["--help"]);
    let text = String::from_utf8_lossy(&o.stdout);
    for word in ["analyze", "extract", "classify", "handlingsplaner"] {
        assert!(text.contains(word), "help mentions {word}: {text}");
    }
}

#[test]
fn a_failed_input_exits_1_and_the_rest_is_written() {
    let dir = temp_dir("partial");
    let empty = dir.join("tom.pdf");
    std::fs::write(&empty, b"").expect("write");
    let junk = dir.join("skrap.pdf");
    std::fs::write(&junk, [7u8; 300]).expect("write");
    let (out, code) = analyze(
        "partial-out",
        &[
            empty.to_str().unwrap_or(""),
            junk.to_str().unwrap_or(""),
            "corpus/plans/004_1c625e28d7976f31.txt",
        ],
        &[],
    );
    assert_eq!(code, 1);
    let flags = csv_rows(&out.join("flags.csv"));
    let unreadable: Vec<_> = flags.iter().filter(|f| f["kind"] == "olasbar").collect();
    assert_eq!(unreadable.len(), 2);
    assert!(
        unreadable
            .iter()
            .any(|f| f["plan"] == "tom.pdf" && f["detail"].contains("tom"))
    );
    assert!(
        unreadable
            .iter()
            .any(|f| f["plan"] == "skrap.pdf" && f["detail"].contains("ingen PDF"))
    );
    let acts = csv_rows(&out.join("activities.csv"));
    assert_eq!(acts.len(), gold_count("004_1c625e28d7976f31"));
}

#[test]
fn classify_prints_codes_and_triggering_words() {
    let o = run(&[
        "classify",
        "Förvaltningen ska erbjuda stöd till äldre som utsätts för hedersrelaterat våld",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["codes"]["focus"], serde_json::json!(["hedersrelaterat"]));
    assert_eq!(v["codes"]["group"], serde_json::json!(["aldre"]));
    let ev = v["evidence"].as_array().expect("evidence");
    assert!(
        ev.iter()
            .any(|e| e["code"] == "hedersrelaterat" && e["matched"] == "hedersrelaterat")
    );
}

#[test]
fn extract_prints_the_text_as_read() {
    let o = run(&["extract", "corpus/plans/002_1ad6448ef08cc064.txt"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("Inriktningssmål: Stadens arbete sker i samverkan"));
    let o = run(&["extract", "no/such/file.pdf"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn messages_are_in_swedish_and_name_the_file_or_folder() {
    let o = run(&[
        "analyze",
        "no/such/folder",
        "--out",
        "/tmp/plancov-never-written",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("kan inte läsa mappen no/such/folder: finns inte"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    let o = run(&["extract", "no/such/file.pdf"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no/such/file.pdf") && err.contains("finns inte"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    let o = run(&["analyze", "--no-such-flag"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("okänt argument ”--no-such-flag”"), "{err}");
    let o = run(&["analyze", "--help"]);
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout);
    for word in ["Användning: plancov analyze", "Flaggor:", "delvis oläslig"] {
        assert!(help.contains(word), "{word}: {help}");
    }
    assert!(
        !help.contains("Usage:") && !help.contains("Print help"),
        "{help}"
    );
    // The summary: one plan, in the singular.
    let out = temp_dir("summary");
    let o = run(&[
        "analyze",
        "--out",
        out.to_str().unwrap_or(""),
        "corpus/plans/004_1c625e28d7976f31.txt",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("plancov: 1 plan läst; 1 ägare, 27 aktiviteter"),
        "{err}"
    );
}
