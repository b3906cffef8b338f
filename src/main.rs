//! plancov's binary: parse the command line, run, report errors.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match plancov::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match plancov::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("plancov: {e:#}");
            ExitCode::from(2)
        }
    }
}
