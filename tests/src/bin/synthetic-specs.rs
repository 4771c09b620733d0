//! Writes a synthetic spec set of N operations made from the repository's specs.
//!
//! ```text
//! cargo run -p cloud-backup-tests --bin synthetic-specs -- --ops 100 --out target/specs-100
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use cloud_backup_tests::synthetic;

const USAGE: &str = "usage: synthetic-specs --ops N --out DIR [--seeds DIR]

Writes a spec set of N operations, copies of the seed operations (default: the repository's
specs/) taken in turn, to DIR. DIR must not exist, be empty, or hold a set written before.";

fn main() -> ExitCode {
    let mut ops = None;
    let mut out = None;
    let mut seeds = synthetic::default_seed_dir();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        let Some(value) = inline.or_else(|| args.next()) else {
            eprintln!("error: {flag} needs a value\n\n{USAGE}");
            return ExitCode::from(2);
        };
        match flag.as_str() {
            "--ops" => match value.parse::<usize>() {
                Ok(n) if n > 0 => ops = Some(n),
                _ => {
                    eprintln!("error: --ops takes a positive number, not `{value}`");
                    return ExitCode::from(2);
                }
            },
            "--out" => out = Some(PathBuf::from(value)),
            "--seeds" => seeds = PathBuf::from(value),
            _ => {
                eprintln!("error: unknown argument `{arg}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(ops), Some(out)) = (ops, out) else {
        eprintln!("error: --ops and --out are required\n\n{USAGE}");
        return ExitCode::from(2);
    };
    match synthetic::write_spec_set(&seeds, ops, &out) {
        Ok(set) => {
            let services = set.services();
            let providers: Vec<String> = set.providers().into_iter().collect();
            println!(
                "wrote {} operations in {} services ({}) to {}",
                set.operations.len(),
                services.len(),
                providers.join(", "),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
