//! Word and OpenDocument plans end to end, every file of a folder accounted
//! for, and corrections saved by Excel. The documents in fixtures/docx/ are
//! made from the seed text plans by scripts/make_docx_fixtures.py.

use crate::util::*;
use plancov::ingest::{self, IngestError, Limits};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The activities of a run, without the columns that name the file
/// (`plan`) or point into it (`evidence`), sorted.
fn activity_rows(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rows: Vec<_> = csv_rows(&dir.join("activities.csv"))
        .into_iter()
        .map(|mut r| {
            r.remove("plan");
            r.remove("evidence");
            r
        })
        .collect();
    rows.sort();
    rows
}

fn report(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("report.json")).expect("report.json"))
        .expect("json")
}

/// A .docx (or .odt) gives the activities, goals, rubriker, statuses and
/// codes of the plan's own text, with the same ids; its pages are the
/// document's, so evidence cites them.
#[test]
fn word_and_odt_plans_give_the_same_activities_as_their_text() {
    for (stem, ext, format, pages) in [
        ("004_1c625e28d7976f31", "docx", "docx", 8),
        ("002_1ad6448ef08cc064", "docx", "docx", 13),
        ("004_1c625e28d7976f31", "odt", "odt", 8),
    ] {
        let txt = format!("corpus/plans/{stem}.txt");
        let doc = format!("fixtures/docx/{stem}.{ext}");
        let (a, code_a) = analyze(&format!("docx-txt-{stem}-{ext}"), &[&txt], &[]);
        let (b, code_b) = analyze(&format!("docx-{stem}-{ext}"), &[&doc], &[]);
        assert_eq!((code_a, code_b), (0, 0), "{doc}: exit status");
        let (ra, rb) = (activity_rows(&a), activity_rows(&b));
        assert_eq!(ra.len(), gold_count(stem), "{stem}: text plan activities");
        for (x, y) in ra.iter().zip(&rb) {
            assert_eq!(x, y, "{doc}: first activity that differs from the text's");
        }
        assert_eq!(ra.len(), rb.len(), "{doc}: number of activities");
        let plan = &report(&b)["plans"][0];
        assert_eq!(plan["format"], format, "{doc}: format shown");
        assert_eq!(
            plan["pages"].as_array().map_or(0, Vec::len),
            pages,
            "{doc}: pages"
        );
    }
}

/// Evidence cites the page the words are on in the document: in 004 the
/// introduction takes two pages (an explicit page break) and every goal
/// heading starts a new page, so goal N is on page N + 2.
#[test]
fn evidence_cites_the_documents_pages() {
    let (out, _) = analyze(
        "docx-pages",
        &["fixtures/docx/004_1c625e28d7976f31.docx"],
        &[],
    );
    let rows = csv_rows(&out.join("activities.csv"));
    assert!(!rows.is_empty());
    for r in &rows {
        let goal: u32 = r["goal"].parse().expect("goal");
        let page = format!("(s.{} ", goal + 2);
        let cited: Vec<&str> = r["evidence"]
            .split(" | ")
            .filter(|e| e.contains("(s."))
            .collect();
        assert!(
            !cited.is_empty(),
            "{}: evidence cites pages",
            r["activity_id"]
        );
        for e in cited {
            assert!(
                e.contains(&page),
                "{}: {e} not on page {}",
                r["activity_id"],
                goal + 2
            );
        }
    }
}

fn extract(path: &str) -> String {
    let o = run(&["extract", path]);
    assert!(
        o.status.success(),
        "{path}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

/// What the reader leaves out and keeps, seen in `plancov extract`: the
/// fixtures hide codebook words in comments, deleted text, a field
/// instruction, headers and footers, and a text box has a VML copy.
#[test]
fn word_text_is_the_documents_text_as_accepted() {
    for path in [
        "fixtures/docx/004_1c625e28d7976f31.docx",
        "fixtures/docx/004_1c625e28d7976f31.odt",
    ] {
        let t = extract(path);
        for absent in [
            "Gäller det även",             // a comment
            "utreda och stärka",           // a tracked deletion
            "DOCPROPERTY",                 // a field instruction
            "Modell hedersrelaterat",      // the field's argument
            "Diarienummer",                // the footer
            "Handlingsplan Fri från våld", // the header
        ] {
            assert!(!t.contains(absent), "{path}: {absent:?} read");
        }
        for present in [
            "- Förvaltningen ska vidareutveckla det tidiga föräldrastödet.\n", // a tracked insertion
            "implementeringen av Vårdmodell barn.", // soft hyphen, field result
            "HR-avdelningen ska tillgängliggöra",   // non-breaking hyphen
            "Genom att:\n\n1. Stärka barns rättigheter\n2. Utmana normer\n", // a numbered list
            "inriktningsmålen:\n\n  - Staden arbetar aktivt", // a nested bullet level
            "\nStadsövergripande aktiviteter\n",    // a Heading 3 rubrik
        ] {
            assert!(t.contains(present), "{path}: {present:?} missing");
        }
    }
    let t = extract("fixtures/docx/002_1ad6448ef08cc064.docx");
    assert_eq!(
        t.matches("Det är en mänsklig").count(),
        1,
        "text box read once"
    );
    assert!(!t.contains("Ska hedersrelaterat"), "comment read");
    assert!(!t.contains("alla komplexa"), "tracked deletion read");
    assert!(!t.contains("Bild "), "footer read");
    for row in [
        // a header row, a cell merged across two columns, one merged down two rows
        "\nPågående arbete\tAktiviteter under utveckling\tBehov av insatser\n",
        "\nKompetenscentrum Basutbildning om våld 2 ggr/år\t\t\n",
        "\nVIP kurs\tUtvärdering av Maria Schöndals högskola\t\nRespektfulla relationer kurs\t\t\n",
        "\nStöd i enskilda komplexa ärenden\t\t\n",
        "\nWorkshops inom sexuell hälsa -inspirationsträff -basworkshops -uppföljningsworkshops\t\t\n",
    ] {
        assert!(t.contains(row), "002: row {row:?} missing");
    }
}

/// A zip archive with the given parts.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn ole(stream: &str) -> Vec<u8> {
    let mut b = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    b.resize(512, 0);
    b.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
    b.resize(2048, 0);
    b
}

/// Every file of a folder is an input: Word and text plans are analysed;
/// an old .doc, a picture, a spreadsheet, a macro document, an encrypted
/// Word file and Word's lock file are each flagged `olasbar` with what to
/// do; hidden files, corrections.csv and plancov's own output folder are
/// passed over. The exit status is 1 and the summary counts them.
#[test]
fn every_file_in_a_folder_is_accounted_for() {
    let dir = temp_dir("docx-folder");
    let copy = |from: &str, to: &str| {
        std::fs::copy(root().join(from), dir.join(to)).expect("copy");
    };
    copy("fixtures/docx/004_1c625e28d7976f31.docx", "asf.docx");
    copy("corpus/plans/002_1ad6448ef08cc064.txt", "fsf.txt");
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    write("gammal.doc", &ole("WordDocument"));
    write("bara_magi.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0");
    write("hemlig.docx", &ole("EncryptionInfo"));
    write(
        "bild.jpg",
        b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0",
    );
    write(
        "budget.xlsx",
        &zip_of(&[(
            "[Content_Types].xml",
            br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
        )]),
    );
    write(
        "makro.docm",
        &zip_of(&[
            (
                "[Content_Types].xml",
                br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>"#,
            ),
            ("word/document.xml", b"<w:document/>"),
        ]),
    );
    write("~$asf.docx", b"\x05Anna \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
    write("arkiv.zip", &zip_of(&[("plan.pdf", b"%PDF-1.4\n")]));
    write(".DS_Store", b"\0\0\0\x01Bud1");
    write(
        "corrections.csv",
        b"activity_id,family,code,action,comment\n",
    );
    // A previous run's results inside the plans folder are not plans.
    let out = dir.join("resultat");
    let out_s = out.to_string_lossy().into_owned();
    let dir_s = dir.to_string_lossy().into_owned();
    for _ in 0..2 {
        let o = run(&["analyze", "--ocr", "never", "--out", &out_s, &dir_s]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "exit status: some files unreadable"
        );
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            stderr.contains("2 planer lästa, 8 filer kunde inte läsas (se flags.csv)"),
            "summary: {stderr}"
        );
    }
    let plans: Vec<String> = report(&out)["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|p| p["plan"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        plans,
        [
            "arkiv.zip",
            "asf.docx",
            "bara_magi.doc",
            "bild.jpg",
            "budget.xlsx",
            "fsf.txt",
            "gammal.doc",
            "hemlig.docx",
            "makro.docm",
            "~$asf.docx",
        ],
        "the files of the folder, and only they"
    );
    let flags = csv_rows(&out.join("flags.csv"));
    let reason = |plan: &str| -> String {
        flags
            .iter()
            .filter(|f| f["plan"] == plan && f["kind"] == "olasbar")
            .map(|f| f["detail"].clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    for (plan, words) in [
        (
            "gammal.doc",
            &["gammalt word-format (.doc)", "spara som .docx eller pdf"][..],
        ),
        ("bara_magi.doc", &["gammalt word-format (.doc)"]),
        ("hemlig.docx", &["lösenordsskyddad", "utan lösenord"]),
        ("bild.jpg", &["filtypen läses inte", "bild"]),
        ("budget.xlsx", &["filtypen läses inte", "excel"]),
        ("makro.docm", &["makron", "spara som .docx eller pdf"]),
        ("~$asf.docx", &["låsfil", "stäng dokumentet"]),
        ("arkiv.zip", &["filtypen läses inte", "packa upp"]),
    ] {
        let r = reason(plan).to_lowercase();
        for w in words {
            assert!(r.contains(w), "{plan}: reason {r:?} lacks {w:?}");
        }
    }
    for plan in ["asf.docx", "fsf.txt"] {
        assert_eq!(reason(plan), "", "{plan} is read");
    }
    let acts = csv_rows(&out.join("activities.csv"));
    for (plan, owner) in [("asf.docx", ASF), ("fsf.txt", FSF)] {
        assert!(
            acts.iter()
                .any(|a| a["plan"] == plan && a["owner"] == owner),
            "{plan}: activities of {owner}"
        );
    }
}

/// A corrections.csv saved by Swedish Excel — Windows-1252 with `;`, or
/// UTF-16 "Unicode text" with tabs — keeps its å, ä and ö.
#[test]
fn corrections_saved_by_excel_keep_their_swedish_letters() {
    let dir = temp_dir("docx-corr");
    std::fs::copy(
        root().join("corpus/plans/004_1c625e28d7976f31.txt"),
        dir.join("asf.txt"),
    )
    .expect("copy");
    let dir_s = dir.to_string_lossy().into_owned();
    let (first, _) = analyze("docx-corr-first", &[&dir_s], &[]);
    let id = csv_rows(&first.join("activities.csv"))
        .into_iter()
        .find(|a| a["text"].starts_with("Förvaltningen ska utveckla arbetet med normer"))
        .map(|a| a["activity_id"].clone())
        .expect("activity");
    let comment = "mäns våld mot kvinnor, även på äldreboenden (Åsa Öberg)";
    let cp1252 = encoding_rs::WINDOWS_1252
        .encode(&format!(
            "activity_id;family;code;action;comment\r\n{id};focus;vald_i_nara_relation;add;{comment}\r\n"
        ))
        .0
        .into_owned();
    assert!(cp1252.contains(&0xE4), "ä as one Windows-1252 byte");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        format!("activity_id\tfamily\tcode\taction\tcomment\r\n{id}\tfocus\tvald_i_nara_relation\tadd\t{comment}\r\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    for (name, bytes) in [("cp1252", cp1252), ("utf16", utf16)] {
        std::fs::write(dir.join("corrections.csv"), &bytes).expect("write");
        let (out, code) = analyze(&format!("docx-corr-{name}"), &[&dir_s], &[]);
        assert_eq!(code, 0, "{name}: corrections.csv is no input");
        let a = csv_rows(&out.join("activities.csv"))
            .into_iter()
            .find(|a| a["activity_id"] == id)
            .expect("same id");
        assert!(
            a["focus"].contains("vald_i_nara_relation"),
            "{name}: applied"
        );
        assert!(
            a["evidence"].contains(&format!("manuell: {comment}")),
            "{name}: {}",
            a["evidence"]
        );
        let flags = csv_rows(&out.join("flags.csv"));
        assert!(
            !flags.iter().any(|f| f["kind"] == "rattelse_ej_tillampad"),
            "{name}: every row applied"
        );
    }
}

/// Damaged Word files — bytes changed, cut short — are read or refused,
/// never a panic, each within a second.
#[test]
fn damaged_word_files_never_panic() {
    let good = std::fs::read(root().join("fixtures/docx/004_1c625e28d7976f31.docx")).expect("docx");
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..200 {
        let mut b = good.clone();
        match i % 3 {
            0 => b.truncate((next() as usize) % good.len()),
            1 => {
                for _ in 0..8 {
                    let at = (next() as usize) % b.len();
                    b[at] = next() as u8;
                }
            }
            _ => {
                let at = (next() as usize) % b.len();
                let len = ((next() as usize) % 4096).min(b.len() - at);
                b.drain(at..at + len);
            }
        }
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| {
            ingest::ingest_bytes(Path::new("skadad.docx"), &b, &Limits::default())
        });
        assert!(outcome.is_ok(), "case {i}: panicked");
        if let Ok(Err(IngestError::Broken(m))) = &outcome {
            assert!(!m.contains("internt fel"), "case {i}: {m}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "case {i}: took {:?}",
            started.elapsed()
        );
    }
}

/// `plancov extract` of a document plancov refuses says why, in Swedish.
#[test]
fn refused_documents_say_what_to_do() {
    let dir = temp_dir("docx-refused");
    let doc: PathBuf = dir.join("plan.doc");
    std::fs::write(&doc, ole("WordDocument")).expect("write");
    let o = run(&["extract", &doc.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("gammalt Word-format (.doc); spara som .docx eller PDF"),
        "{err}"
    );
}
