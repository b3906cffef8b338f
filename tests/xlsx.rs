//! `coverage.xlsx`: the same content as the CSVs of the run, typed, formatted,
//! plan text never a formula, and the same bytes every time.

use crate::util::*;
use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use std::io::Read;
use std::path::Path;

const PLANS: [&str; 2] = [
    "corpus/plans/004_1c625e28d7976f31.txt",
    "corpus/plans/002_1ad6448ef08cc064.txt",
];

/// Matrix sheets and the CSV with the same counts.
const MATRICES: [(&str, &str); 5] = [
    ("Mål", "coverage_goal.csv"),
    ("Fokusområden", "coverage_focus.csv"),
    ("Perspektiv", "coverage_perspective.csv"),
    ("Grupper", "coverage_group.csv"),
    ("Prevention", "coverage_prevention.csv"),
];

/// List sheets and the CSV with the same rows.
const LISTS: [(&str, &str); 4] = [
    ("Aktiviteter", "activities.csv"),
    ("Luckor", "gaps.csv"),
    ("Målräkning", "goal_counts.csv"),
    ("Flaggor", "flags.csv"),
];

/// Every record of a CSV file, the header first.
fn csv_records(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .expect("csv opens");
    r.records()
        .map(|rec| {
            rec.expect("record")
                .iter()
                .map(|s| s.trim_start_matches('\u{feff}').to_owned())
                .collect()
        })
        .collect()
}

/// A cell as the CSV writes it.
fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Empty => String::new(),
        other => panic!("unexpected cell {other:?}"),
    }
}

fn sheet_rows(range: &Range<Data>) -> Vec<Vec<String>> {
    assert_eq!(range.start(), Some((0, 0)), "sheet starts at A1");
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

fn workbook(dir: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(dir.join("coverage.xlsx")).expect("coverage.xlsx opens")
}

/// One file of the workbook's zip archive, as text (stored or deflated).
fn zip_entry(bytes: &[u8], name: &str) -> Option<String> {
    let u16at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
    let u32at = |i: usize| {
        u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as usize
    };
    let eocd = (0..=bytes.len().checked_sub(22)?)
        .rev()
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 5, 6])?;
    let mut p = u32at(eocd + 16);
    for _ in 0..u16at(eocd + 10) {
        assert_eq!(bytes[p..p + 4], [0x50, 0x4b, 1, 2], "central directory");
        let (method, size) = (u16at(p + 10), u32at(p + 20));
        let (nlen, elen, clen) = (u16at(p + 28), u16at(p + 30), u16at(p + 32));
        let local = u32at(p + 42);
        if &bytes[p + 46..p + 46 + nlen] == name.as_bytes() {
            let start = local + 30 + u16at(local + 26) + u16at(local + 28);
            let data = &bytes[start..start + size];
            let mut out = String::new();
            match method {
                0 => out = String::from_utf8(data.to_vec()).ok()?,
                8 => {
                    flate2::read::DeflateDecoder::new(data)
                        .read_to_string(&mut out)
                        .ok()?;
                }
                m => panic!("zip method {m}"),
            }
            return Some(out);
        }
        p += 46 + nlen + elen + clen;
    }
    None
}

#[test]
fn workbook_matches_the_csvs() {
    let (out, code) = analyze("xlsx-csv", &PLANS, &[]);
    assert_eq!(code, 0);
    let mut wb = workbook(&out);
    let mut expected: Vec<&str> = MATRICES.iter().chain(&LISTS).map(|(s, _)| *s).collect();
    expected.push("Diagram");
    assert_eq!(wb.sheet_names(), expected);

    for (sheet, file) in MATRICES {
        let range = wb.worksheet_range(sheet).expect("matrix sheet");
        let rows = sheet_rows(&range);
        let csv = csv_records(&out.join(file));
        // Row 1 holds the display names, row 2 the CSV header (owner, codes).
        assert_eq!(rows.len(), csv.len() + 1, "{sheet}: rows");
        assert_eq!(rows[1], csv[0], "{sheet}: code header row");
        let last = csv.len() - 1;
        assert_eq!(rows[1..=last], csv[..last], "{sheet}: owner rows");
        assert_eq!(csv[last][0], "antal_med_minst_en");
        assert_eq!(rows[last + 1][0], "Antal med minst en", "{sheet}");
        assert_eq!(rows[last + 1][1..], csv[last][1..], "{sheet}: summary");
        // Counts are numbers.
        for r in 2..range.height() {
            for c in 1..range.width() {
                let cell = range.get((r, c));
                assert!(
                    matches!(cell, Some(Data::Float(_))),
                    "{sheet} ({r},{c}) is a number: {cell:?}"
                );
            }
        }
    }

    // The goal sheet's display names are the goals' names.
    let goals = csv_records(&out.join("goal_counts.csv"));
    let goal_sheet = sheet_rows(&wb.worksheet_range("Mål").expect("Mål"));
    let names: Vec<String> = goals[1..].iter().map(|g| g[1].clone()).collect();
    assert_eq!(goal_sheet[0][0], "Förvaltning/bolag");
    assert_eq!(goal_sheet[0][1..], names[..]);
    assert!(names[0].starts_with("Staden bedriver"));

    for (sheet, file) in LISTS {
        let range = wb.worksheet_range(sheet).expect("list sheet");
        let rows = sheet_rows(&range);
        let csv = csv_records(&out.join(file));
        assert!(csv.len() > 1, "{file} has rows");
        assert_eq!(rows, csv, "{sheet} holds {file}");
    }

    // Numbers and booleans are typed, not text.
    let acts = wb.worksheet_range("Aktiviteter").expect("Aktiviteter");
    let header = header(&out.join("activities.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    for r in 1..acts.height() {
        assert!(matches!(acts.get((r, col("goal"))), Some(Data::Float(_))));
        assert!(matches!(
            acts.get((r, col("goal_inferred"))),
            Some(Data::Bool(_))
        ));
        assert!(matches!(
            acts.get((r, col("explicit_focus"))),
            Some(Data::Bool(_))
        ));
        assert!(matches!(acts.get((r, col("text"))), Some(Data::String(_))));
    }
    let gaps = wb.worksheet_range("Luckor").expect("Luckor");
    assert!(matches!(gaps.get((1, 3)), Some(Data::Float(_))));
    let gc = wb.worksheet_range("Målräkning").expect("Målräkning");
    assert!(matches!(gc.get((1, 0)), Some(Data::Float(_))));
    assert!(matches!(gc.get((1, 2)), Some(Data::Float(_))));
    // A named cell checked by hand: ASF's goal-1 count.
    let asf = coverage_row(&out.join("coverage_goal.csv"), ASF);
    let goal_rows = sheet_rows(&wb.worksheet_range("Mål").expect("Mål"));
    let asf_row = goal_rows.iter().find(|r| r[0] == ASF).expect("ASF row");
    assert_eq!(asf_row[1], asf["1"]);
}

#[test]
fn sheets_are_frozen_filtered_and_coloured() {
    let (out, code) = analyze("xlsx-format", &PLANS, &[]);
    assert_eq!(code, 0);
    let bytes = std::fs::read(out.join("coverage.xlsx")).expect("xlsx");
    let owners = csv_records(&out.join("coverage_goal.csv")).len() - 2;
    for (i, (sheet, file)) in MATRICES.iter().chain(&LISTS).enumerate() {
        let xml = zip_entry(&bytes, &format!("xl/worksheets/sheet{}.xml", i + 1))
            .unwrap_or_else(|| panic!("sheet {sheet}"));
        assert!(xml.contains("state=\"frozen\""), "{sheet}: frozen header");
        assert!(xml.contains("<autoFilter ref=\"A"), "{sheet}: autofilter");
        assert!(xml.contains("<cols>"), "{sheet}: column widths");
        assert!(!xml.contains("<f>"), "{sheet}: no formulas");
        if i < MATRICES.len() {
            assert!(xml.contains("ySplit=\"2\""), "{sheet}: two header rows");
            // The scale covers the owners' counts, not the summary row.
            let last = char::from(b'A' + csv_records(&out.join(file))[0].len() as u8 - 1);
            let sqref = format!("<conditionalFormatting sqref=\"B3:{last}{}\">", owners + 2);
            assert!(xml.contains(&sqref), "{sheet}: {sqref} in {xml}");
            assert!(xml.contains("<colorScale>"), "{sheet}: colour scale");
            let filter = format!("<autoFilter ref=\"A2:{last}{}\"/>", owners + 2);
            assert!(xml.contains(&filter), "{sheet}: {filter}");
        } else {
            assert!(xml.contains("ySplit=\"1\""), "{sheet}: one header row");
        }
    }
    let styles = zip_entry(&bytes, "xl/styles.xml").expect("styles");
    assert!(styles.contains("<b/>"), "a bold font for the headers");
    assert!(styles.contains("wrapText=\"1\""), "wrapped activity text");
    let core = zip_entry(&bytes, "docProps/core.xml").expect("core");
    assert!(core.contains("2022-01-01T00:00:00Z"), "fixed creation date");
}

/// The cells of a chart's `<c:cat>` or `<c:val>` cache, in order.
fn cached(chart: &str, part: &str) -> Vec<Vec<String>> {
    chart
        .split(&format!("<c:{part}>"))
        .skip(1)
        .map(|s| {
            let s = &s[..s.find(&format!("</c:{part}>")).unwrap_or(s.len())];
            s.split("<c:v>")
                .skip(1)
                .map(|v| v[..v.find("</c:v>").unwrap_or(0)].to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn workbook_has_native_charts_with_every_code() {
    let (out, code) = analyze("xlsx-charts", &PLANS, &[]);
    assert_eq!(code, 0);
    let bytes = std::fs::read(out.join("coverage.xlsx")).expect("xlsx");
    assert!(
        zip_entry(&bytes, "xl/drawings/drawing1.xml").is_some(),
        "a drawing holds the charts"
    );
    // Departments and companies per goal: two series, a bar per goal.
    let goals = csv_records(&out.join("goal_counts.csv"));
    let chart = zip_entry(&bytes, "xl/charts/chart1.xml").expect("chart1");
    assert!(chart.contains("<c:barChart>") && chart.contains("<c:showVal val=\"1\"/>"));
    let cats = cached(&chart, "cat");
    let vals = cached(&chart, "val");
    assert_eq!(cats.len(), 2, "two series");
    let names: Vec<String> = goals[1..].iter().map(|g| format!("Mål {}", g[0])).collect();
    assert_eq!(cats[0], names);
    let departments: Vec<String> = goals[1..].iter().map(|g| g[2].clone()).collect();
    let companies: Vec<String> = goals[1..].iter().map(|g| g[3].clone()).collect();
    assert_eq!(vals, [departments, companies]);
    // Owners per code, one chart per gap family; every code a labelled bar,
    // the gaps as bars of 0.
    let gaps = csv_records(&out.join("gaps.csv"));
    for (i, family) in ["focus", "perspective", "group", "prevention"]
        .iter()
        .enumerate()
    {
        let chart = zip_entry(&bytes, &format!("xl/charts/chart{}.xml", i + 2))
            .unwrap_or_else(|| panic!("chart of {family}"));
        assert!(
            chart.contains("<c:showVal val=\"1\"/>"),
            "{family}: labelled bars"
        );
        let rows: Vec<&Vec<String>> = gaps.iter().filter(|g| g[0] == *family).collect();
        let names: Vec<String> = rows.iter().map(|g| g[2].clone()).collect();
        let counts: Vec<String> = rows.iter().map(|g| g[3].clone()).collect();
        assert_eq!(cached(&chart, "cat"), [names], "{family}: every code");
        assert_eq!(cached(&chart, "val"), [counts], "{family}: the counts");
    }
    assert!(
        gaps.iter().any(|g| g[0] == "group" && g[3] == "0"),
        "the plans leave a group uncovered"
    );
    // The numbers are on the sheet beside the charts, with each code's status.
    let mut wb = workbook(&out);
    let sheet = sheet_rows(&wb.worksheet_range("Diagram").expect("Diagram"));
    assert!(
        sheet
            .iter()
            .any(|r| r.first().is_some_and(|c| c == "Hbtq-personer")
                && r.get(1).is_some_and(|c| c == "0")
                && r.get(2).is_some_and(|c| c == "saknas")),
        "{sheet:?}"
    );
}

#[test]
fn same_plans_same_bytes() {
    let (a, code_a) = analyze("xlsx-same-a", &PLANS, &[]);
    let (b, code_b) = analyze("xlsx-same-b", &PLANS, &["--jobs", "1"]);
    assert_eq!((code_a, code_b), (0, 0));
    let first = std::fs::read(a.join("coverage.xlsx")).expect("first");
    let second = std::fs::read(b.join("coverage.xlsx")).expect("second");
    assert!(!first.is_empty());
    assert!(first == second, "coverage.xlsx differs between runs");
}

#[test]
fn plan_text_is_never_a_formula() {
    let dir = temp_dir("xlsx-formula-in");
    let plan = dir.join("formel.txt");
    std::fs::write(
        &plan,
        "Handlingsplan Fritidsförvaltningen\n\n\
         Inriktningsmål 1 - Staden bedriver ett verkningsfullt våldsförebyggande arbete\n\n\
         Verksamhetsspecifika aktiviteter\n\n\
         - =HYPERLINK(\"http://x\") Förvaltningen ska utbilda personalen om våld i nära relation.\n",
    )
    .expect("write plan");
    let (out, _) = analyze("xlsx-formula", &[plan.to_str().unwrap_or("")], &[]);
    let mut wb = workbook(&out);
    let range = wb.worksheet_range("Aktiviteter").expect("Aktiviteter");
    let text_col = header(&out.join("activities.csv"))
        .iter()
        .position(|h| h == "text")
        .expect("text column");
    let formulas = wb.worksheet_formula("Aktiviteter").expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula in the sheet: {formulas:?}"
    );
    let cell = (1..range.height())
        .filter_map(|r| range.get((r, text_col)))
        .find(|d| text(d).starts_with("=HYPERLINK"))
        .unwrap_or_else(|| panic!("the activity is in the sheet: {range:?}"));
    assert!(
        matches!(cell, Data::String(s) if s.starts_with("=HYPERLINK(\"http://x\")")),
        "stored as a string: {cell:?}"
    );
}
