//! Validates a request held as JSON against its operation's spec.
//!
//! ```text
//! cargo run -p cloud-backup-sdk --example validate -- <operation-id> <file.json>
//! ```
//!
//! Prints one JSON object per violation per line (`path`, `rule`, `message`, `value`, `spec`,
//! `document`, `reference`) and exits 1 when there is any, 0 when the request is valid, and 2
//! for usage errors, an unreadable file, text that is not JSON, or an unknown operation id.

use std::io::Write;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: validate <operation-id> <file.json>");
    eprintln!("operations:");
    for op in cloud_backup_sdk::operations() {
        eprintln!("  {}", op.id);
    }
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
    let request: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {file} is not JSON: {e}");
            return ExitCode::from(2);
        }
    };
    match cloud_backup_sdk::validate_json(operation, &request) {
        Err(unknown) => {
            eprintln!("error: {unknown}");
            ExitCode::from(2)
        }
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(errors)) => {
            let mut out = std::io::stdout().lock();
            for v in errors.violations() {
                let line = v.to_json();
                // A closed pipe (`| head`) is not an error of the request.
                if writeln!(out, "{line}").is_err() {
                    break;
                }
            }
            ExitCode::FAILURE
        }
    }
}
