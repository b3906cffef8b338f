//! `coverage.xlsx`: the matrices and lists as an Excel workbook.
//!
//! The same content as the CSV files, one sheet each: a sheet per coverage
//! matrix ("Mål", "Fokusområden", "Perspektiv", "Grupper", "Prevention"),
//! then "Aktiviteter" (`activities.csv`), "Luckor" (`gaps.csv`), "Målräkning"
//! (`goal_counts.csv`) and "Flaggor" (`flags.csv`), with the CSVs' column
//! order and header names.
//!
//! Every sheet has a bold, frozen header row and an autofilter over its data;
//! counts are numbers, and the matrices' count cells get a colour scale (red
//! for none, yellow for one, green for the most). Text from the plans is always
//! written as a string, never as a formula, so a plan whose text begins with
//! `=` cannot make Excel compute anything. The document's creation date is
//! fixed, so the same plans give the same bytes.
//!
//! The last sheet, "Diagram", holds the [figures](super::figures) as native
//! Excel bar charts, each beside the small table it is drawn from: departments
//! and companies per goal, and owners per code of each gap family, every code
//! a bar labelled with its number, so a code no one covers shows as 0.

use super::Analysis;
use super::aggregate::Matrix;
use super::csv_out::{GOAL_COLUMN, WITH_ANY_ROW, activity_columns, is_bool_column};
use super::figures::{Figure, figures};
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartPoint, ChartSolidFill, ColNum, Color, ConditionalFormat3ColorScale,
    ConditionalFormatText, ConditionalFormatTextRule, ConditionalFormatType, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};
use std::borrow::Cow;

/// The workbook's creation date: fixed, so that output is reproducible.
const CREATED: (u16, u8, u8) = (2022, 1, 1);

/// Widest a column is autofitted to, in pixels (about 60 characters).
const MAX_AUTOFIT_PX: u32 = 425;

/// Width (characters) bounds of a matrix's code columns.
const CODE_COLUMN_MIN: usize = 10;
const CODE_COLUMN_MAX: usize = 28;

/// Excel's limit on the length of a cell's text, in UTF-16 code units.
const MAX_CELL_CHARS: usize = 32_767;

/// Colour scale of the matrices: no activities, one, the most.
const COLOR_NONE: u32 = 0xF8_69_6B;
const COLOR_ONE: u32 = 0xFF_EB_84;
const COLOR_MOST: u32 = 0x63_BE_7B;

/// Sheet names of the lists (the matrices are named by family).
const SHEET_ACTIVITIES: &str = "Aktiviteter";
const SHEET_GAPS: &str = "Luckor";
const SHEET_GOAL_COUNTS: &str = "Målräkning";
const SHEET_FLAGS: &str = "Flaggor";
const SHEET_CHARTS: &str = "Diagram";

/// Bar colours: the first and second series, and a single series' bars by
/// status (ok, svag, saknas).
const SERIES_COLORS: [u32; 2] = [0x21_5E_96, 0xE0_8A_00];
const BAR_WEAK: u32 = 0xE0_A8_00;
const BAR_MISSING: u32 = 0xA4_26_2C;

/// A chart's size in pixels: its width, and its height per bar and beyond.
const CHART_WIDTH: u32 = 720;
const CHART_ROW_PX: u32 = 30;
const CHART_BASE_PX: u32 = 90;
/// Default row height in pixels, to leave room below a chart.
const ROW_PX: u32 = 20;

/// Header of the owner column in a matrix's first header row (the second
/// header row is the CSV header, `owner` and the codes).
const OWNER_DISPLAY: &str = "Förvaltning/bolag";

/// Why `coverage.xlsx` could not be built: the writer's error, kept as the
/// source and named in the message.
#[derive(Debug, thiserror::Error)]
#[error("coverage.xlsx: {source}")]
pub struct CoverageXlsxError {
    #[source]
    pub source: XlsxError,
}

pub fn coverage_xlsx(analysis: &Analysis<'_>) -> Result<Vec<u8>, CoverageXlsxError> {
    workbook(analysis).map_err(|source| CoverageXlsxError { source })
}

/// One cell of a list sheet.
enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    fn count(n: usize) -> Cell {
        Cell::Number(n as f64)
    }

    /// A code that is a number (goals) as a number, any other as text.
    fn code(code: &str) -> Cell {
        match code.parse::<u32>() {
            Ok(n) => Cell::Number(f64::from(n)),
            Err(_) => Cell::Text(code.to_owned()),
        }
    }
}

struct Styles {
    title: Format,
    header: Format,
    header_wrap: Format,
    code_header: Format,
    top: Format,
    wrap: Format,
    summary: Format,
    missing: Format,
    weak: Format,
}

impl Styles {
    fn new() -> Styles {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9_E1_F2))
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        Styles {
            title: Format::new().set_bold().set_font_size(12),
            header_wrap: header.clone().set_text_wrap(),
            code_header: header.clone().set_italic(),
            header,
            top: Format::new().set_align(FormatAlign::Top),
            wrap: Format::new().set_align(FormatAlign::Top).set_text_wrap(),
            summary: Format::new().set_bold().set_border_top(FormatBorder::Thin),
            missing: Format::new().set_background_color(Color::RGB(0xFF_C7_CE)),
            weak: Format::new().set_background_color(Color::RGB(0xFF_EB_9C)),
        }
    }
}

fn workbook(analysis: &Analysis<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let (y, m, d) = CREATED;
    let created = ExcelDateTime::from_ymd(y, m, d)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Täckningsanalys: {}",
                analysis.taxonomy.name.as_str()
            ))
            .set_author("plancov")
            .set_creation_datetime(&created),
    );
    let st = Styles::new();

    let mut used: Vec<String> = [
        SHEET_ACTIVITIES,
        SHEET_GAPS,
        SHEET_GOAL_COUNTS,
        SHEET_FLAGS,
        SHEET_CHARTS,
    ]
    .map(str::to_owned)
    .to_vec();
    for m in &analysis.matrices {
        let title = if m.family == "goal" {
            "Mål"
        } else {
            analysis
                .taxonomy
                .family(&m.family)
                .map_or(m.family.as_str(), |f| f.plural.as_str())
        };
        let name = matrix_sheet_name(title, &mut used);
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        matrix_sheet(ws, m, &st)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_ACTIVITIES)?;
    let columns = activity_columns(analysis.taxonomy);
    list_sheet(
        ws,
        &st,
        &columns.iter().map(String::as_str).collect::<Vec<_>>(),
        &activity_rows(analysis),
        &["text"],
    )?;

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_GAPS)?;
    let gap_header = super::csv_out::GAP_COLUMNS;
    let gap_rows: Vec<Vec<Cell>> = analysis
        .gaps
        .iter()
        .map(|g| {
            vec![
                Cell::Text(g.family.clone()),
                Cell::Text(g.code.clone()),
                Cell::Text(g.name.clone()),
                Cell::count(g.departments),
                Cell::Text(g.status.clone()),
                Cell::Text(g.owners.join(";")),
                Cell::Text(g.mentioned_only_in.join(";")),
            ]
        })
        .collect();
    list_sheet(
        ws,
        &st,
        &gap_header,
        &gap_rows,
        &["owners", "mentioned_only_in"],
    )?;
    if !gap_rows.is_empty() {
        // The status column: red where no owner covers the code, yellow for one.
        let last = gap_rows.len() as RowNum;
        for (word, format) in [("saknas", &st.missing), ("svag", &st.weak)] {
            ws.add_conditional_format(
                1,
                4,
                last,
                4,
                &ConditionalFormatText::new()
                    .set_rule(ConditionalFormatTextRule::BeginsWith(word.to_owned()))
                    .set_format(format),
            )?;
        }
    }

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_GOAL_COUNTS)?;
    let goal_rows: Vec<Vec<Cell>> = analysis
        .goal_counts
        .iter()
        .map(|g| {
            vec![
                Cell::code(&g.goal),
                Cell::Text(g.name.clone()),
                Cell::count(g.departments),
                Cell::count(g.companies),
                Cell::Text(g.owners.join(";")),
            ]
        })
        .collect();
    list_sheet(
        ws,
        &st,
        &super::csv_out::GOAL_COUNT_COLUMNS,
        &goal_rows,
        &["owners"],
    )?;

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_FLAGS)?;
    let flag_rows: Vec<Vec<Cell>> = analysis
        .flags
        .iter()
        .map(|f| {
            vec![
                Cell::Text(f.plan.clone()),
                Cell::Text(f.owner.clone()),
                Cell::Text(f.kind.as_str().to_owned()),
                Cell::Text(f.detail.clone()),
            ]
        })
        .collect();
    list_sheet(
        ws,
        &st,
        &["plan", "owner", "kind", "detail"],
        &flag_rows,
        &["detail"],
    )?;

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_CHARTS)?;
    chart_sheet(ws, SHEET_CHARTS, &figures(analysis), &st)?;

    wb.save_to_buffer()
}

/// The figures, one below the other: a title, the table of the figure's
/// numbers and, to its right, a bar chart drawn from that table.
fn chart_sheet(
    ws: &mut Worksheet,
    sheet: &str,
    figs: &[Figure],
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut row: RowNum = 0;
    let mut widest = 12;
    for f in figs {
        ws.write_string_with_format(row, 0, clip(&f.title), &st.title)?;
        let head = row + 1;
        ws.write_string_with_format(head, 0, clip(&f.category), &st.header)?;
        for (i, s) in f.series.iter().enumerate() {
            ws.write_string_with_format(head, col(i + 1), clip(s), &st.header)?;
        }
        let status_col = col(f.series.len() + 1);
        ws.write_string_with_format(head, status_col, "Status", &st.header)?;
        for (bi, b) in f.bars.iter().enumerate() {
            let r = head + 1 + bi as RowNum;
            ws.write_string(r, 0, clip(&b.short))?;
            widest = widest.max(b.short.chars().count());
            for (i, v) in b.values.iter().enumerate() {
                ws.write_number(r, col(i + 1), *v as f64)?;
            }
            ws.write_string(r, status_col, b.status)?;
        }
        let (first, last) = (head + 1, head + f.bars.len().max(1) as RowNum);
        for (word, format) in [("saknas", &st.missing), ("svag", &st.weak)] {
            ws.add_conditional_format(
                first,
                status_col,
                last,
                status_col,
                &ConditionalFormatText::new()
                    .set_rule(ConditionalFormatTextRule::BeginsWith(word.to_owned()))
                    .set_format(format),
            )?;
        }
        let mut chart = Chart::new_bar();
        chart.title().set_name(f.title.as_str());
        for (i, name) in f.series.iter().enumerate() {
            let c = col(i + 1);
            let series = chart
                .add_series()
                .set_name(name.as_str())
                .set_categories((sheet, first, 0, last, 0))
                .set_values((sheet, first, c, last, c))
                .set_data_label(ChartDataLabel::new().show_value())
                .set_format(
                    ChartSolidFill::new()
                        .set_color(Color::RGB(SERIES_COLORS[i % SERIES_COLORS.len()])),
                );
            if f.series.len() == 1 {
                let points: Vec<ChartPoint> = f
                    .bars
                    .iter()
                    .map(|b| {
                        let color = match b.status {
                            "saknas" => BAR_MISSING,
                            "svag" => BAR_WEAK,
                            _ => SERIES_COLORS[0],
                        };
                        ChartPoint::new()
                            .set_format(ChartSolidFill::new().set_color(Color::RGB(color)))
                    })
                    .collect();
                series.set_points(&points);
            }
        }
        // Categories top to bottom in table order; whole numbers from zero.
        chart.y_axis().set_reverse();
        chart
            .x_axis()
            .set_min(0)
            .set_major_unit(1)
            .set_num_format("0");
        if f.series.len() == 1 {
            chart.legend().set_hidden();
        }
        let height =
            CHART_BASE_PX + CHART_ROW_PX * f.bars.len() as u32 * f.series.len().max(1) as u32;
        chart.set_width(CHART_WIDTH).set_height(height);
        chart.set_alt_text(f.title.as_str());
        ws.insert_chart(row, status_col + 2, &chart)?;
        let chart_rows = (height / ROW_PX + 2) as RowNum;
        row = (last + 3).max(row + chart_rows);
    }
    ws.set_column_width(0, widest.min(48) as f64 + 2.0)?;
    Ok(())
}

/// The rows of `activities.csv`, typed: the goal a number, flags booleans.
fn activity_rows(analysis: &Analysis<'_>) -> Vec<Vec<Cell>> {
    let bools: Vec<bool> = activity_columns(analysis.taxonomy)
        .iter()
        .map(|c| is_bool_column(analysis.taxonomy, c))
        .collect();
    let mut record = csv::StringRecord::new();
    analysis
        .rows
        .iter()
        .map(|row| {
            let bytes = analysis
                .spool
                .get(analysis.activity(row).csv)
                .unwrap_or_default();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(bytes.as_slice());
            if !reader.read_record(&mut record).unwrap_or(false) {
                record.clear();
            }
            record
                .iter()
                .enumerate()
                .map(|(i, cell)| match i {
                    GOAL_COLUMN => Cell::code(cell),
                    i if bools.get(i) == Some(&true) => Cell::Bool(cell == "true"),
                    _ => Cell::Text(cell.to_owned()),
                })
                .collect()
        })
        .collect()
}

/// A list sheet: header row, data rows, frozen header, autofilter, column
/// widths fitted to the content up to about 60 characters; the `wrap` columns
/// wrap their text within that width.
fn list_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    header: &[&str],
    rows: &[Vec<Cell>],
    wrap: &[&str],
) -> Result<(), XlsxError> {
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &st.header)?;
    }
    let wrapped: Vec<bool> = header.iter().map(|h| wrap.contains(h)).collect();
    for (r, cells) in rows.iter().enumerate() {
        let r = (r + 1) as RowNum;
        for (c, cell) in cells.iter().enumerate() {
            let format = if wrapped.get(c).copied().unwrap_or(false) {
                &st.wrap
            } else {
                &st.top
            };
            let c = col(c);
            match cell {
                Cell::Text(s) => {
                    ws.write_string_with_format(r, c, clip(s), format)?;
                }
                Cell::Number(n) => {
                    ws.write_number_with_format(r, c, *n, format)?;
                }
                Cell::Bool(b) => {
                    ws.write_boolean_with_format(r, c, *b, format)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(
        0,
        0,
        rows.len() as RowNum,
        col(header.len().saturating_sub(1)),
    )?;
    ws.set_autofit_max_width(MAX_AUTOFIT_PX);
    ws.autofit();
    Ok(())
}

/// A coverage matrix: the code names as the first header row, the CSV header
/// (`owner` and the codes) as the second, one row per owner and the number of
/// owners with at least one activity last.
fn matrix_sheet(ws: &mut Worksheet, m: &Matrix, st: &Styles) -> Result<(), XlsxError> {
    let ncodes = m.codes.len();
    ws.write_string_with_format(0, 0, OWNER_DISPLAY, &st.header)?;
    ws.write_string_with_format(1, 0, "owner", &st.code_header)?;
    for (ci, code) in m.codes.iter().enumerate() {
        let name = m.names.get(ci).map_or(code.as_str(), String::as_str);
        ws.write_string_with_format(0, col(ci + 1), clip(name), &st.header_wrap)?;
        ws.write_string_with_format(1, col(ci + 1), clip(code), &st.code_header)?;
    }
    for (oi, (owner, counts)) in m.owners.iter().zip(&m.counts).enumerate() {
        let r = (oi + 2) as RowNum;
        ws.write_string(r, 0, clip(owner))?;
        for (ci, n) in counts.iter().enumerate() {
            ws.write_number(r, col(ci + 1), *n as f64)?;
        }
    }
    let owners = m.owners.len() as RowNum;
    let summary = owners + 2;
    ws.write_string_with_format(summary, 0, display_label(WITH_ANY_ROW), &st.summary)?;
    for (ci, n) in m.owners_with_any.iter().enumerate() {
        ws.write_number_with_format(summary, col(ci + 1), *n as f64, &st.summary)?;
    }

    ws.set_freeze_panes(2, 1)?;
    // The filter covers the owners, not the summary row below them.
    ws.autofilter(1, 0, owners + 1, col(ncodes))?;
    if owners > 0 && ncodes > 0 {
        ws.add_conditional_format(
            2,
            1,
            owners + 1,
            col(ncodes),
            &ConditionalFormat3ColorScale::new()
                .set_minimum(ConditionalFormatType::Number, 0)
                .set_minimum_color(Color::RGB(COLOR_NONE))
                .set_midpoint(ConditionalFormatType::Number, 1)
                .set_midpoint_color(Color::RGB(COLOR_ONE))
                .set_maximum_color(Color::RGB(COLOR_MOST)),
        )?;
    }
    ws.set_autofit_max_width(MAX_AUTOFIT_PX);
    ws.autofit();
    // Code columns: wide enough for the code and the longest word of its
    // name; the name wraps in its header cell.
    for (ci, code) in m.codes.iter().enumerate() {
        let longest_word = m
            .names
            .get(ci)
            .and_then(|n| n.split_whitespace().map(|w| w.chars().count()).max())
            .unwrap_or(0);
        let width = code
            .chars()
            .count()
            .max(longest_word)
            .clamp(CODE_COLUMN_MIN, CODE_COLUMN_MAX)
            + 3;
        ws.set_column_width(col(ci + 1), width as f64)?;
    }
    Ok(())
}

/// The sheet of a matrix titled `title` (the family's plural name), made a
/// valid and unique sheet name.
fn matrix_sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let base: String = title
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\'' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(28)
        .collect();
    let base = if base.trim().is_empty() {
        "Matris".to_owned()
    } else {
        base
    };
    let taken =
        |n: &str, used: &[String]| used.iter().any(|u| u.to_lowercase() == n.to_lowercase());
    let mut name = base.clone();
    let mut i = 2;
    while taken(&name, used) {
        name = format!("{base} {i}");
        i += 1;
    }
    used.push(name.clone());
    name
}

/// `antal_med_minst_en` → `Antal med minst en`.
fn display_label(label: &str) -> String {
    let spaced = label.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn col(i: usize) -> ColNum {
    ColNum::try_from(i).unwrap_or(ColNum::MAX)
}

/// Text cut to Excel's cell limit (the rest would make the workbook fail).
fn clip(s: &str) -> Cow<'_, str> {
    if s.len() <= MAX_CELL_CHARS || s.encode_utf16().count() <= MAX_CELL_CHARS {
        return Cow::Borrowed(s);
    }
    let mut units = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS - 1 {
            break;
        }
        end = i + c.len_utf8();
    }
    Cow::Owned(format!("{}…", &s[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_names() {
        assert_eq!(display_label(WITH_ANY_ROW), "Antal med minst en");
        let mut used = vec!["Aktiviteter".to_owned()];
        assert_eq!(matrix_sheet_name("Mål", &mut used), "Mål");
        assert_eq!(matrix_sheet_name("aktiviteter", &mut used), "aktiviteter 2");
        assert_eq!(matrix_sheet_name("a/b", &mut used), "a_b");
    }

    #[test]
    fn clip_keeps_short_text_and_cuts_long() {
        assert_eq!(clip("=SUM(A1)"), "=SUM(A1)");
        let long = "å".repeat(40_000);
        let cut = clip(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
    }
}
