//! Validates a request held as JSON against its operation's spec.
//!
//! ```text
//! cargo run -p cloud-backup-sdk --example validate -- <operation-id> <file.json> [--strict]
//! ```
//!
//! Prints one JSON object per violation per line (`severity`, `path`, `rule`, `message`,
//! `value`, and where it comes from: `page`, `updated`, `url`, `reference`, `spec`, `document`):
//! an `error` breaks a check its page states, a `warning` only the spec's reading of the page.
//! Exits 1 when there is an error (with `--strict`, any violation: the client's strict mode), 0
//! otherwise, and 2 for usage errors, an unreadable file, text that is not JSON, or an unknown
//! operation id. A member given twice in one object is an error (`duplicate`). The first
//! violations of each field are printed; how many more were found goes to standard error.

use std::io::Write;
use std::process::ExitCode;

use cloud_backup_sdk::ValidationMode;

fn usage() -> ExitCode {
    eprintln!("usage: validate <operation-id> <file.json> [--strict]");
    eprintln!("operations:");
    for op in cloud_backup_sdk::operations() {
        eprintln!("  {}", op.id);
    }
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let strict = args.iter().any(|a| a == "--strict");
    args.retain(|a| a != "--strict");
    let [operation, file] = args.as_slice() else {
        return usage();
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
        eprintln!("error: {file} is not JSON: {e}");
        return ExitCode::from(2);
    }
    // From the text, so that a member given twice is reported rather than read as its last.
    let (violations, omitted) = match cloud_backup_sdk::validate_json_text(operation, &text) {
        Err(unknown) => {
            eprintln!("error: {unknown}");
            return ExitCode::from(2);
        }
        Ok(Ok(warnings)) => {
            let omitted = warnings.omitted();
            (warnings.into_violations(), omitted)
        }
        Ok(Err(errors)) => {
            let omitted = errors.omitted();
            (errors.into_violations(), omitted)
        }
    };
    let mut out = std::io::stdout().lock();
    for v in &violations {
        // A closed pipe (`| head`) is not an error of the request.
        if writeln!(out, "{}", v.to_json()).is_err() {
            break;
        }
    }
    if omitted > 0 {
        eprintln!("{omitted} further violations found and not listed");
    }
    let mode = if strict {
        ValidationMode::Strict
    } else {
        ValidationMode::Standard
    };
    if mode.refuses(&violations) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
