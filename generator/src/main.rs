//! The `specgen` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "specgen", version, about = "Generates the cloud-backup-sdk crate from YAML API specs")]
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
    let cli = Cli::parse();
    match cli.command {
        Command::Schema => {
            print!("{}", specgen::schema::json_schema_text());
            ExitCode::SUCCESS
        }
        Command::Generate { specs, out, check, color } => {
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => std::io::stderr().is_terminal(),
            };
            generate(&specs, &out, check, color)
        }
    }
}

fn generate(specs: &std::path::Path, out: &std::path::Path, check: bool, color: bool) -> ExitCode {
    let (sources, result) = specgen::build(specs);
    let generated = match result {
        Ok(g) => g,
        Err(errors) => {
            eprint!("{}", errors.render(&sources, color));
            return ExitCode::FAILURE;
        }
    };
    match specgen::missing_features(out, &generated.model) {
        Ok(missing) if !missing.is_empty() => {
            eprintln!(
                "error: {}/Cargo.toml has no feature for the provider(s) {}; add `{} = []` under [features] (and to `default`)",
                out.display(),
                missing.join(", "),
                missing.join(" = []`, `")
            );
            return ExitCode::FAILURE;
        }
        Ok(_) => {}
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    let changes = match specgen::write::plan(out, &generated.files) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        if !changes.any() {
            println!("{} is up to date ({} files)", out.display(), changes.unchanged);
            return ExitCode::SUCCESS;
        }
        eprintln!("error: {} is not what the specs produce; run `cargo run -p specgen -- generate`", out.display());
        for f in &changes.created {
            eprintln!("  missing:  {}/{f}", out.display());
        }
        for f in &changes.updated {
            eprintln!("  differs:  {}/{f}", out.display());
        }
        for f in &changes.removed {
            eprintln!("  stale:    {}/{f}", out.display());
        }
        return ExitCode::FAILURE;
    }
    if let Err(e) = specgen::write::apply(out, &generated.files, &changes) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "generated {}: {} created, {} updated, {} removed, {} unchanged",
        out.display(),
        changes.created.len(),
        changes.updated.len(),
        changes.removed.len(),
        changes.unchanged
    );
    ExitCode::SUCCESS
}
