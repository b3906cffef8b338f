//! `coverage.xlsx`: the matrices and lists as an Excel workbook.

use super::Analysis;

pub fn coverage_xlsx(_analysis: &Analysis<'_>) -> Result<Vec<u8>, String> {
    Ok(Vec::new())
}
