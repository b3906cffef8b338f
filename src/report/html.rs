//! `report.html`: one self-contained page an analyst opens in a browser.

use super::Analysis;

pub fn report_html(_analysis: &Analysis<'_>) -> Vec<u8> {
    b"<!doctype html><title>plancov</title>".to_vec()
}
