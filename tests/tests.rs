//! End-to-end tests: the plancov binary run on fixtures, outputs checked.
//! One test binary; shared helpers in `util`.

mod browser;
mod cli;
mod corpus;
mod deliverables;
mod docx;
mod draft;
mod fuzz;
mod national;
mod ocr;
mod pdf;
mod quality;
mod renamed_taxonomy;
mod robustness;
mod util;
mod xlsx;
