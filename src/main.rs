//! plancov's binary: parse the command line, run, report errors.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = plancov::cli::Cli::parse();
    match plancov::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("plancov: {e:#}");
            ExitCode::from(2)
        }
    }
}
