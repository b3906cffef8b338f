//! `uppfoljning.docx` read back: its XML unzipped and walked (zip and
//! quick-xml, as plancov reads Word plans), checked for Word's heading styles,
//! the count sentences, tables with header rows and the same headings as
//! `uppfoljning.md`; and opened by LibreOffice, which must turn it into a PDF.

use crate::util::*;
use quick_xml::events::Event;
use std::io::Read;
use std::path::Path;
use std::process::Command;

const SEEDS: [&str; 3] = [
    "corpus/plans/000_016352973456be0f.txt",
    "corpus/plans/002_1ad6448ef08cc064.txt",
    "corpus/plans/004_1c625e28d7976f31.txt",
];

fn part(docx: &Path, name: &str) -> String {
    let f = std::fs::File::open(docx).expect("docx opens");
    let mut zip = zip::ZipArchive::new(f).expect("docx is a zip");
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the docx"))
        .read_to_string(&mut s)
        .expect("utf-8");
    s
}

/// A paragraph: its style, its text and the table it is in.
#[derive(Debug, Default, Clone)]
struct Para {
    style: String,
    text: String,
    table: Option<usize>,
}

#[derive(Debug, Default)]
struct Doc {
    paras: Vec<Para>,
    /// Per table: its rows' cell texts, and whether each row is a header row.
    tables: Vec<Vec<(bool, Vec<String>)>>,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.0 == name)
        .map(|a| a.value.clone().into_owned())
}

fn parse(xml: &str) -> Doc {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut doc = Doc::default();
    let mut para: Option<Para> = None;
    let mut in_text = false;
    let mut table: Option<usize> = None;
    let mut row: Option<(bool, Vec<String>)> = None;
    let mut cell: Option<String> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().0 == "w:tbl" => {
                doc.tables.push(Vec::new());
                table = Some(doc.tables.len() - 1);
            }
            Event::End(e) if e.name().0 == "w:tbl" => table = None,
            Event::Start(e) if e.name().0 == "w:tr" => row = Some((false, Vec::new())),
            Event::Empty(e) if e.name().0 == "w:tblHeader" => {
                if let Some(r) = row.as_mut() {
                    r.0 = true;
                }
            }
            Event::End(e) if e.name().0 == "w:tr" => {
                if let (Some(t), Some(r)) = (table, row.take()) {
                    doc.tables[t].push(r);
                }
            }
            Event::Start(e) if e.name().0 == "w:tc" => cell = Some(String::new()),
            Event::End(e) if e.name().0 == "w:tc" => {
                if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                    r.1.push(c);
                }
            }
            Event::Start(e) if e.name().0 == "w:p" => {
                para = Some(Para {
                    table,
                    ..Para::default()
                });
            }
            Event::Empty(e) if e.name().0 == "w:pStyle" => {
                if let Some(p) = para.as_mut() {
                    p.style = attr(&e, "w:val").unwrap_or_default();
                }
            }
            Event::End(e) if e.name().0 == "w:p" => {
                if let Some(p) = para.take() {
                    doc.paras.push(p);
                }
            }
            Event::Start(e) if e.name().0 == "w:t" => in_text = true,
            Event::End(e) if e.name().0 == "w:t" => in_text = false,
            Event::Text(t) if in_text => {
                let s = t.xml10_content().into_owned();
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&s);
                }
                if let Some(c) = cell.as_mut() {
                    c.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text => {
                let s = quick_xml::escape::resolve_predefined_entity(&r).unwrap_or_default();
                if let Some(p) = para.as_mut() {
                    p.text.push_str(s);
                }
                if let Some(c) = cell.as_mut() {
                    c.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    doc
}

#[test]
fn uppfoljning_docx_has_word_headings_count_sentences_and_tables() {
    let (out, code) = analyze("docx-out", &SEEDS, &[]);
    assert_eq!(code, 0);
    let docx = out.join("uppfoljning.docx");
    // Word's built-in heading styles, with outline levels for the navigation pane.
    let styles = part(&docx, "word/styles.xml");
    for (id, name, level) in [
        ("Heading1", "heading 1", 0),
        ("Heading2", "heading 2", 1),
        ("Heading3", "heading 3", 2),
    ] {
        let at = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("style {id}"));
        let style = &styles[at..at + styles[at..].find("</w:style>").expect("style end")];
        assert!(
            style.contains(&format!("<w:name w:val=\"{name}\"/>")),
            "{style}"
        );
        assert!(
            style.contains(&format!("<w:outlineLvl w:val=\"{level}\"/>")),
            "{style}"
        );
    }
    assert!(part(&docx, "docProps/core.xml").contains("2022-01-01T00:00:00Z"));
    let doc = parse(&part(&docx, "word/document.xml"));
    let headings: Vec<(String, String)> = doc
        .paras
        .iter()
        .filter(|p| p.style.starts_with("Heading") || p.style == "Title")
        .map(|p| (p.style.clone(), p.text.clone()))
        .collect();
    let level1: Vec<&str> = headings
        .iter()
        .filter(|(s, _)| s == "Heading1")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        level1,
        [
            "Sammanfattning",
            "Uppföljning av inriktningsmålen",
            "Fokusområden, perspektiv, grupper och prevention",
            "Flaggor",
            "Underlag"
        ]
    );
    // A heading 2 per goal, with the count sentence and the owners' table under it.
    let counts = csv_rows(&out.join("goal_counts.csv"));
    assert_eq!(
        counts.len(),
        6,
        "a row per inriktningsmål in goal_counts.csv"
    );
    for g in &counts {
        let title = format!("Inriktningsmål {} – {}", g["goal"], g["name"]);
        let at = doc
            .paras
            .iter()
            .position(|p| p.style == "Heading2" && p.text == title)
            .unwrap_or_else(|| panic!("heading 2 {title}"));
        let section: Vec<&Para> = doc.paras[at + 1..]
            .iter()
            .take_while(|p| p.style != "Heading2" && p.style != "Heading1")
            .collect();
        let sub: Vec<&str> = section
            .iter()
            .filter(|p| p.style == "Heading3")
            .map(|p| p.text.as_str())
            .collect();
        assert!(
            sub.contains(&"Aktiviteter i förvaltningarnas handlingsplaner"),
            "{title}: {sub:?}"
        );
        assert!(
            sub.contains(&"Urval av inrapporterad uppföljning"),
            "{title}: {sub:?}"
        );
        let owners: Vec<&str> = g["owners"].split(';').filter(|o| !o.is_empty()).collect();
        let table = section
            .iter()
            .find_map(|p| p.table)
            .unwrap_or_else(|| panic!("{title}: a table of owners"));
        let rows = &doc.tables[table];
        assert!(rows[0].0, "{title}: the table has a header row");
        assert_eq!(rows[0].1[0], "Förvaltning eller bolag");
        let listed: Vec<&str> = rows[1..].iter().map(|r| r.1[0].as_str()).collect();
        assert_eq!(listed, owners, "{title}");
    }
    let texts: Vec<&str> = doc.paras.iter().map(|p| p.text.as_str()).collect();
    assert!(texts.contains(&"Två förvaltningar har aktiviteter under inriktningsmålet."));
    assert!(texts.contains(&"Tre förvaltningar har aktiviteter under inriktningsmålet."));
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Hbtq-personer (saknas): "))
    );
    // What has been done, with the owner named.
    assert!(
        texts.iter().any(
            |t| t.starts_with("Hälsa-, vård- och omsorgsförvaltningen: ")
                && t.contains("föreläsningar")
        ),
        "a selection of the narrative"
    );
    // Every table's first row is a header row repeated on each page, and no
    // other row is.
    for (i, t) in doc.tables.iter().enumerate() {
        assert!(t[0].0, "table {i} has a header row");
        assert!(t[1..].iter().all(|r| !r.0), "table {i}: one header row");
    }
    // The figures are tables too: a gap is a bar of 0 that says so.
    assert!(
        doc.tables
            .iter()
            .any(|t| t[0].1.last().is_some_and(|h| h == "Diagram")
                && t.iter()
                    .any(|r| r.1.last().is_some_and(|c| c == "0 – saknas"))),
        "a figure table shows a missing code"
    );
    // The files read, each in the format it was read as.
    let basis = doc
        .tables
        .iter()
        .find(|t| t[0].1.first().is_some_and(|h| h == "Fil"))
        .expect("the table of files read");
    for seed in SEEDS {
        let name = Path::new(seed)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let row = basis
            .iter()
            .find(|r| r.1[0] == name)
            .unwrap_or_else(|| panic!("{name} listed"));
        assert_eq!(row.1[2], "text (UTF-8)", "{name} was read as text");
    }
    // The same document as uppfoljning.md: the same headings, in order.
    let md = std::fs::read_to_string(out.join("uppfoljning.md")).expect("md");
    let md_headings: Vec<&str> = md
        .lines()
        .filter_map(|l| {
            l.split_once("# ")
                .filter(|(h, _)| h.chars().all(|c| c == '#'))
        })
        .map(|(_, t)| t)
        .collect();
    let docx_headings: Vec<&str> = headings.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(md_headings, docx_headings);
    // The table of contents lists the headings of levels 1 and 2.
    let toc: Vec<&str> = doc
        .paras
        .iter()
        .filter(|p| p.style.starts_with("TOC") && p.style != "TOCHeading")
        .map(|p| p.text.as_str())
        .collect();
    let wanted: Vec<&str> = headings
        .iter()
        .filter(|(s, _)| s == "Heading1" || s == "Heading2")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(toc, wanted);
}

#[test]
fn uppfoljning_docx_is_the_same_bytes_every_run() {
    let (a, _) = analyze("docx-same-a", &SEEDS, &["--jobs", "1"]);
    let (b, _) = analyze("docx-same-b", &SEEDS, &["--jobs", "3"]);
    let first = std::fs::read(a.join("uppfoljning.docx")).expect("docx");
    assert!(first.starts_with(b"PK"));
    assert!(first == std::fs::read(b.join("uppfoljning.docx")).expect("docx"));
}

#[test]
fn libreoffice_turns_uppfoljning_docx_into_a_pdf() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|s| {
        Command::new(s)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "LibreOffice (soffice) is not installed; scripts/test.sh installs libreoffice-writer-nogui"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let (out, _) = analyze("docx-pdf", &SEEDS, &[]);
    let pdf_dir = temp_dir("docx-pdf-out");
    // A profile of its own, so a LibreOffice already running elsewhere is not used.
    let profile = temp_dir("docx-pdf-profile");
    let o = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf_dir)
        .arg(out.join("uppfoljning.docx"))
        .output()
        .expect("run soffice");
    let pdf = pdf_dir.join("uppfoljning.pdf");
    assert!(
        o.status.success() && pdf.exists(),
        "soffice failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&pdf).expect("pdf");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    // The text made it through: pdftotext (poppler-utils, installed for the
    // OCR tests) reads the headings back.
    if let Ok(t) = Command::new("pdftotext").arg(&pdf).arg("-").output() {
        let text = String::from_utf8_lossy(&t.stdout);
        assert!(text.contains("Sammanfattning"), "{text}");
        assert!(
            text.contains("Urval av inrapporterad uppföljning"),
            "{text}"
        );
    }
}
