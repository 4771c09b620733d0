//! The `specgen` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use specgen::diff::{DiffSide, ReadError};
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
    /// Reports what changed between two spec sets and the version bump the crate needs.
    ///
    /// Each change is judged for the Rust API and for the wire; the verdict is the semver bump
    /// all of them need. Each side is a spec directory or a git revision (whose specs are read
    /// from git, without touching the working tree); NEW defaults to the `--specs` directory.
    ///
    /// Exit status: 0 when the report is printed, 1 when `--fail-on` is hit, 2 on errors (a side
    /// that cannot be read, an unknown revision, spec errors).
    Diff {
        /// The old side: a directory or a git revision (`origin/main`).
        old: String,
        /// The new side: a directory or a git revision (default: the `--specs` directory).
        new: Option<String>,
        /// The specs directory of the working tree (and its path inside revisions).
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// The generated crate's directory, read for the crate name used when generating both
        /// sides.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
        /// Colour the text output.
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
        /// Exit 1 when a change breaks the Rust API or the wire (`breaking`), when anything
        /// changed (`any`), or never.
        #[arg(long, value_enum, default_value = "never")]
        fail_on: FailOn,
    },
    /// Reports where each operation's page and its spec disagree.
    ///
    /// Reads the page's request-parameter table (Tencent, Alibaba or Huawei layout) and its
    /// prose, and compares each parameter's presence, type, required flag, range, values,
    /// example and default, and the spec's quotations, with the spec. Findings a spec's notes
    /// answer (`answers:`) are not reported.
    ///
    /// Exit status: 0 without findings, 1 with findings, 2 when a page or the specs cannot be
    /// read.
    DocCheck {
        /// Spec files or directories to check (default: every operation under `--specs`).
        paths: Vec<PathBuf>,
        /// Check the one operation given against this page instead of its snapshot.
        #[arg(long)]
        page: Option<PathBuf>,
        /// The specs directory.
        #[arg(long, default_value = "specs")]
        specs: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Drafts an operation's spec from its provider's page.
    ///
    /// Writes `OUT/<Operation>.yaml`, `OUT/pages/<Operation>.txt` (the page's snapshot) and,
    /// when OUT has none, `OUT/service.yaml`. The draft has every request parameter of the
    /// page's table with its type, required flag, description, example, enumeration and the
    /// ranges its prose states, the response fields, error codes and examples; what it cannot
    /// settle is a note whose decision starts with TODO. The draft is checked as `generate`
    /// checks specs, and nothing is written when it fails or a spec is in the way.
    ///
    /// Exit status: 0 when the draft is written, 2 otherwise.
    Import {
        /// The page, as text (copied from the provider's site).
        page: PathBuf,
        /// `<provider>.<service>.<Operation>`, e.g. `tencentcloud.postgres.CreateBackupPlan`.
        #[arg(long)]
        id: String,
        /// The service's spec directory (`specs/<provider>/<service>`).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Breaking,
    Any,
    Never,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Schema => {
            print!("{}", specgen::schema::json_schema_text());
            ExitCode::SUCCESS
        }
        Command::Diff {
            old,
            new,
            specs,
            out,
            format,
            color,
            fail_on,
        } => {
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => std::io::stdout().is_terminal(),
            };
            diff(&old, new.as_deref(), &specs, &out, format, color, fail_on)
        }
        Command::DocCheck {
            paths,
            page,
            specs,
            format,
        } => doc_check(&specs, &paths, page.as_deref(), format),
        Command::Import { page, id, out } => import(&page, &id, &out),
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

fn doc_check(
    specs: &Path,
    paths: &[PathBuf],
    page: Option<&Path>,
    format: CheckFormat,
) -> ExitCode {
    match specgen::doc_check::run(specs, paths, page) {
        Ok(reports) => {
            match format {
                CheckFormat::Text => print!("{}", specgen::doc_check::to_text(&reports)),
                CheckFormat::Json => println!("{}", specgen::doc_check::to_json(&reports)),
            }
            if reports.iter().all(|r| r.findings.is_empty()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprint!("{e}");
            if matches!(e, specgen::doc_check::RunError::Input(_)) {
                eprintln!();
            }
            ExitCode::from(2)
        }
    }
}

fn import(page: &Path, id: &str, out: &Path) -> ExitCode {
    match specgen::import::run(page, id, out) {
        Ok(imported) => {
            for path in &imported.written {
                println!("wrote {}", path.display());
            }
            let draft = &imported.draft;
            let written_service = imported.written.iter().any(|p| p.ends_with("service.yaml"));
            let todo = draft.todo
                + if written_service {
                    draft.todo_service
                } else {
                    0
                };
            println!(
                "{} parameters drafted from a page in {:?} layout; {todo} notes marked TODO for the author; the draft passes `specgen generate`",
                draft.parameters, draft.layout
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn generate(specs: &Path, out: &Path, check: bool, color: bool) -> ExitCode {
    let mode = if check { Mode::Check } else { Mode::Write };
    let changes = match specgen::generate(specs, out, mode) {
        Ok(generation) => {
            eprint!("{}", generation.warnings.render(color));
            generation.changes
        }
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
        "wrote {out}: {} created, {} updated, {} removed, {} unchanged",
        changes.created.len(),
        changes.updated.len(),
        changes.removed.len(),
        changes.unchanged
    );
    ExitCode::SUCCESS
}

/// A side of a diff: an existing directory, else a git revision.
fn side(arg: &str) -> DiffSide {
    let path = Path::new(arg);
    if path.is_dir() {
        DiffSide::Dir(path.to_owned())
    } else {
        DiffSide::Revision(arg.to_owned())
    }
}

fn diff(
    old: &str,
    new: Option<&str>,
    specs: &Path,
    out: &Path,
    format: DiffFormat,
    color: bool,
    fail_on: FailOn,
) -> ExitCode {
    let old = side(old);
    let new = new.map_or_else(|| DiffSide::Dir(specs.to_owned()), side);
    let report = match specgen::diff::compare(&old, &new, specs, &specgen::crate_name(out)) {
        Ok(r) => r,
        Err(ReadError::Specs(sources, errors)) => {
            eprint!(
                "{}",
                errors.render_for(&sources, color, "could not compare", "")
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let text = match format {
        DiffFormat::Text => report.text(color),
        DiffFormat::Markdown => report.markdown(),
        DiffFormat::Json => report.json(),
    };
    print!("{text}");
    let hit = match fail_on {
        FailOn::Never => false,
        FailOn::Any => !report.changes.is_empty(),
        FailOn::Breaking => report
            .changes
            .iter()
            .any(|c| c.breaking_api || c.breaking_wire),
    };
    if hit {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
