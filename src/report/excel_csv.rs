//! CSV the way Swedish Excel opens it: UTF-8 with a byte-order mark, the
//! delimiter of the analyst's choice (`;` is what Swedish Excel expects), and
//! no cell that Excel would run as a formula.

use std::io::Write;

/// Characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell that cannot run as a formula: one that starts like a formula gets a
/// leading apostrophe, which Excel shows as text.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_START) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Re-write comma-separated `csv` with `delimiter`, a BOM and neutralised cells.
pub fn for_excel(csv: &[u8], delimiter: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(csv.len() + 16);
    if let Ok(mut w) = ExcelCsv::new(&mut out, delimiter) {
        let _ = w.raw(csv);
        let _ = w.finish();
    }
    out
}

/// [`for_excel`] as a stream: the BOM first, then records as they come.
pub struct ExcelCsv<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> ExcelCsv<W> {
    pub fn new(mut out: W, delimiter: u8) -> std::io::Result<Self> {
        out.write_all("\u{feff}".as_bytes())?;
        Ok(ExcelCsv {
            writer: csv::WriterBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .from_writer(out),
        })
    }

    /// One record of cells.
    pub fn record<'c>(&mut self, cells: impl IntoIterator<Item = &'c str>) -> std::io::Result<()> {
        let cells: Vec<std::borrow::Cow<'_, str>> = cells.into_iter().map(neutralise).collect();
        self.writer.write_record(cells.iter().map(|c| c.as_ref()))?;
        Ok(())
    }

    /// Records written as comma-separated CSV, re-written.
    pub fn raw(&mut self, csv: &[u8]) -> std::io::Result<()> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(csv);
        for record in reader.records() {
            let Ok(record) = record else { continue };
            self.record(record.iter())?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_delimiter_and_formulas() {
        let out = for_excel(b"a,b\n=SUM(A1),\"x, y\"\n", b';');
        let text = String::from_utf8(out).unwrap_or_default();
        assert_eq!(text, "\u{feff}a;b\n'=SUM(A1);x, y\n");
    }

    #[test]
    fn every_formula_start_is_neutralised_and_nothing_else() {
        for c in ["=1+1", "+46 40 34 10 00", "-x", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(c), format!("'{c}"), "{c:?}");
        }
        for c in ["", "a=b", " =x", "'=x", "1-2", "Förvaltningen"] {
            assert_eq!(neutralise(c), c, "{c:?}");
        }
    }

    #[test]
    fn quotes_newlines_and_the_delimiter_are_quoted_again() {
        let csv = b"a,\"x;y\",\"rad 1\nrad 2\",\"ett \"\"citat\"\"\"\n";
        assert_eq!(
            String::from_utf8(for_excel(csv, b';')).expect("utf-8"),
            "\u{feff}a;\"x;y\";\"rad 1\nrad 2\";\"ett \"\"citat\"\"\"\n"
        );
        // With commas, `;` needs no quotes but a comma does.
        assert_eq!(
            String::from_utf8(for_excel(b"\"x;y\",\"a,b\"\n", b',')).expect("utf-8"),
            "\u{feff}x;y,\"a,b\"\n"
        );
        // A file without rows is still one Excel reads as UTF-8.
        assert_eq!(for_excel(b"", b';'), "\u{feff}".as_bytes());
    }

    #[test]
    fn records_of_any_length_are_written_as_they_come() {
        let mut out = Vec::new();
        let mut w = ExcelCsv::new(&mut out, b'\t').expect("new");
        w.record(["a", "b", "c"]).expect("record");
        w.record(["=d"]).expect("record");
        w.raw(b"e,f\n").expect("raw");
        w.finish().expect("finish");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "\u{feff}a\tb\tc\n'=d\ne\tf\n"
        );
    }
}
