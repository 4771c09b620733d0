//! The `specgen` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use specgen::{Failure, Mode};

#[derive(Parser)]
#[command(
    name = "specgen",
    version,
    about = "Generates the cloud-backup-sdk crate from YAML API specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerates the crate's `src/gen/` from the specs.
    Generate {
        /// The specs directory.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// The generated crate's directory.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Change nothing; exit 1 and name each file when the crate differs from the specs.
        #[arg(long)]
        check: bool,
        /// Colour diagnostics.
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
    },
    /// Prints the JSON Schema of the spec format.
    Schema,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Schema => {
            print!("{}", specgen::schema::json_schema_text());
            ExitCode::SUCCESS
        }
        Command::Generate {
            specs,
            out,
            check,
            color,
        } => {
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => std::io::stderr().is_terminal(),
            };
            generate(&specs, &out, check, color)
        }
    }
}

fn generate(specs: &Path, out: &Path, check: bool, color: bool) -> ExitCode {
    let mode = if check { Mode::Check } else { Mode::Write };
    let changes = match specgen::generate(specs, out, mode) {
        Ok(c) => c,
        Err(Failure::Specs(sources, errors)) => {
            eprint!("{}", errors.render(&sources, color));
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let out = out.display();
    if check {
        if !changes.any() {
            println!(
                "{out} is up to date ({} generated files)",
                changes.unchanged
            );
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "error: {out} is not what the specs produce; run `cargo run -p specgen -- generate`"
        );
        for f in &changes.created {
            eprintln!("  missing: {out}/{f}");
        }
        for f in &changes.updated {
            eprintln!("  differs: {out}/{f}");
        }
        for f in &changes.removed {
            eprintln!("  stale:   {out}/{f}");
        }
        return ExitCode::FAILURE;
    }
    println!(
        "generated {out}: {} created, {} updated, {} removed, {} unchanged",
        changes.created.len(),
        changes.updated.len(),
        changes.removed.len(),
        changes.unchanged
    );
    ExitCode::SUCCESS
}
