//! specgen: generates the `cloud-backup-sdk` crate from YAML API specs.
//!
//! The pipeline runs in stages, one module each, data flowing one way:
//! [`yaml`] (parse, with positions) → [`ast`] (decode the spec format) → [`check`] (every
//! semantic error at once) → [`model`] (resolved) → [`emit`] (tokens, no I/O) → format
//! (prettyplease) → [`write`](mod@write) (atomic, only changed files). [`generate`] runs them all.

pub mod ast;
pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod doc_check;
pub mod emit;
pub mod import;
pub mod model;
pub mod names;
pub mod page;
pub mod schema;
pub mod shape;
pub mod write;
pub mod yaml;

/// The runtime's words for what a check rests on (stated or a reading) and for each kind of
/// constraint, so that the spec and the runtime share one table; and its format checkers, so
/// that a default or example in a spec is judged by exactly the code that will judge requests.
pub use cloud_backup_runtime::{basis, formats};

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use diagnostics::{Code, Diagnostic, Diagnostics, Errors, SourceMap};

/// The generated files, keyed by their path relative to the generated crate.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Path (`src/gen/...`) to content.
    pub files: BTreeMap<String, String>,
    /// The model they were made from.
    pub model: model::Model,
    /// What the specs mean but may not intend (a type no field uses), sorted by place.
    pub warnings: Vec<Diagnostic>,
}

/// A successful `generate`: what changed, and the warnings about the specs.
#[derive(Debug)]
pub struct Generation {
    /// The files created, updated, removed (or, in [`Mode::Check`], that would be).
    pub changes: write::Changes,
    /// Warnings about the specs.
    pub warnings: diagnostics::Warnings,
}

/// The header of a generated file.
pub fn header(source: &str) -> String {
    format!("{} from {source}. Do not edit.\n", write::MARKER)
}

/// The most a spec file or page snapshot may hold. The largest spec is about 40 KiB; the cap
/// keeps a stray or growing file from being read whole.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Every `.yaml` file under `dir`, as path components and path; `.yml` files are reported.
///
/// Only the directories and regular files of the tree are read. A symbolic link is reported and
/// not followed, whatever it points to: a link to a parent directory would walk the tree again
/// without end, and a link out of the tree would read specs that are not there. A named pipe,
/// socket or device with a spec's name is reported and never opened (opening a pipe waits for a
/// writer).
pub fn collect_specs(dir: &Path, out: &mut Vec<(Vec<String>, PathBuf)>, diags: &mut Diagnostics) {
    // Depth first, entries sorted, with an explicit stack: the order of the files is the order
    // of their diagnostics.
    let mut stack: Vec<(Vec<fs::DirEntry>, Vec<String>)> = Vec::new();
    if let Some(entries) = sorted_entries(dir, diags) {
        stack.push((entries, Vec::new()));
    }
    while let Some((entries, rel)) = stack.last_mut() {
        let Some(entry) = entries.pop() else {
            stack.pop();
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let spec_name = name.ends_with(".yaml") || is_snapshot(rel, &name);
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(e) => {
                diags.push(
                    Diagnostic::in_file(&path, format!("cannot read the file: {e}"))
                        .code(Code::Unreadable),
                );
                continue;
            }
        };
        if kind.is_symlink() {
            diags.push(
                Diagnostic::in_file(
                    &path,
                    "a symbolic link in the specs directory; links are not followed",
                )
                .code(Code::SymbolicLink)
                .hint("replace the link with a copy of the file or directory it points to"),
            );
        } else if kind.is_dir() {
            let mut inner = rel.clone();
            inner.push(name);
            if let Some(entries) = sorted_entries(&path, diags) {
                stack.push((entries, inner));
            }
        } else if !kind.is_file() {
            if spec_name || name.ends_with(".yml") {
                diags.push(
                    Diagnostic::in_file(
                        &path,
                        "not a regular file (a named pipe, socket or device); specs are read only from regular files",
                    )
                    .code(Code::NotRegularFile)
                    .hint("remove it, or put the spec's text in a regular file"),
                );
            }
        } else if spec_name {
            let mut components = rel.clone();
            components.push(name);
            out.push((components, path));
        } else if name.ends_with(".yml") {
            diags.push(
                Diagnostic::in_file(&path, "spec files end in `.yaml`")
                    .code(Code::YmlExtension)
                    .hint("rename the file to end in .yaml"),
            );
        }
    }
}

/// The entries of a directory, in reverse order of name (they are taken from the end).
fn sorted_entries(dir: &Path, diags: &mut Diagnostics) -> Option<Vec<fs::DirEntry>> {
    match fs::read_dir(dir) {
        Ok(e) => {
            let mut entries: Vec<_> = e.filter_map(Result::ok).collect();
            entries.sort_by_key(|e| std::cmp::Reverse(e.file_name()));
            Some(entries)
        }
        Err(e) => {
            diags.push(
                Diagnostic::in_file(dir, format!("cannot read the directory: {e}"))
                    .code(Code::Unreadable),
            );
            None
        }
    }
}

/// Reads a spec file found by [`collect_specs`]: a regular file of at most [`MAX_FILE_BYTES`],
/// in UTF-8. Otherwise a diagnostic naming `shown` goes to `diags`.
pub fn read_spec_file(path: &Path, shown: &Path, diags: &mut Diagnostics) -> Option<String> {
    use std::io::Read;
    let mut cannot = |e: &dyn std::fmt::Display| {
        diags.push(
            Diagnostic::in_file(shown, format!("cannot read the file: {e}")).code(Code::Unreadable),
        );
        None
    };
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return cannot(&e),
    };
    match file.metadata() {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return cannot(&"it is not a regular file"),
        Err(e) => return cannot(&e),
    }
    // Read through a bounded reader, so that a file growing while it is read stops at the cap.
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        return cannot(&e);
    }
    spec_text(bytes, shown, diags)
}

/// A spec file's bytes as text: at most [`MAX_FILE_BYTES`], in UTF-8.
pub(crate) fn spec_text(bytes: Vec<u8>, shown: &Path, diags: &mut Diagnostics) -> Option<String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        diags.push(too_large(shown));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(_) => {
            diags.push(
                Diagnostic::in_file(shown, "cannot read the file: it is not UTF-8 text")
                    .code(Code::NotUtf8)
                    .hint("save the file as UTF-8"),
            );
            None
        }
    }
}

/// The diagnostic for a file over [`MAX_FILE_BYTES`].
pub(crate) fn too_large(shown: &Path) -> Diagnostic {
    Diagnostic::in_file(
        shown,
        format!(
            "the file is larger than {} MiB, the most a spec file may hold",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
    .code(Code::FileTooLarge)
    .hint("a spec file holds one operation or service, a few hundred lines; check that this is the file meant")
}

/// Runs every stage but writing: reads the specs under `specs`, checks them, and returns the
/// formatted files, or every diagnostic. The source map is returned either way, so that
/// diagnostics can be rendered with their snippets.
/// Whether a file is a page snapshot: `<provider>/<service>/pages/<Name>.txt`.
pub(crate) fn is_snapshot(dir: &[String], name: &str) -> bool {
    name.ends_with(".txt") && matches!(dir, [_, _, pages] if pages == "pages")
}

pub fn build(specs: &Path, crate_name: &str) -> (SourceMap, Result<Generated, Errors>) {
    let sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let specs_name = specs
        .file_name()
        .map_or_else(|| "specs".to_owned(), |n| n.to_string_lossy().into_owned());
    if !specs.is_dir() {
        diags.push(
            Diagnostic::in_file(specs, "the specs directory does not exist")
                .code(Code::SpecsDirMissing)
                .hint("run specgen from the workspace root, or pass --specs <dir>"),
        );
        return (sources, Err(diags.into_errors()));
    }
    let mut found = Vec::new();
    collect_specs(specs, &mut found, &mut diags);
    let mut texts = Vec::new();
    let mut unread = Vec::new();
    for (components, path) in found {
        let shown = PathBuf::from(format!("{specs_name}/{}", components.join("/")));
        match read_spec_file(&path, &shown, &mut diags) {
            Some(text) => texts.push((components, text)),
            None => unread.push(components),
        }
    }
    build_texts(texts, unread, &specs_name, crate_name, diags)
}

/// [`build`] on spec texts already in memory: each with its path components under the specs
/// directory (`["alibabacloud", "dbs", "service.yaml"]`).
pub fn build_sources(
    files: Vec<(Vec<String>, String)>,
    specs_name: &str,
    crate_name: &str,
) -> (SourceMap, Result<Generated, Errors>) {
    build_texts(
        files,
        Vec::new(),
        specs_name,
        crate_name,
        Diagnostics::default(),
    )
}

/// `unread` names the files found but not read (already reported): they exist, so that nothing
/// is reported again as missing.
fn build_texts(
    files: Vec<(Vec<String>, String)>,
    unread: Vec<Vec<String>>,
    specs_name: &str,
    crate_name: &str,
    mut diags: Diagnostics,
) -> (SourceMap, Result<Generated, Errors>) {
    let mut sources = SourceMap::default();
    let mut parsed = Vec::new();
    let mut snapshots = BTreeSet::new();
    let mut spec_files = BTreeSet::new();
    for components in unread {
        let display = format!("{specs_name}/{}", components.join("/"));
        match components.split_last() {
            Some((name, dir)) if is_snapshot(dir, name) => snapshots.insert(display),
            _ => spec_files.insert(display),
        };
    }
    for (components, text) in files {
        let display = format!("{specs_name}/{}", components.join("/"));
        if let Some((name, dir)) = components.split_last() {
            if is_snapshot(dir, name) {
                snapshots.insert(display);
                continue;
            }
        }
        spec_files.insert(display.clone());
        let id = sources.add(PathBuf::from(&display), text);
        let start = diagnostics::Span {
            file: id,
            line: 1,
            column: 1,
            start: 0,
            end: 0,
        };
        if let Some(node) = yaml::parse(id, sources.text(id), &mut diags) {
            parsed.push(check::Parsed {
                text: sources.text(id).to_owned(),
                path: display,
                components,
                start,
                node,
            });
        }
    }
    let Ok(model) = check::check(&parsed, &snapshots, &spec_files, &mut diags) else {
        return (sources, Err(diags.into_errors()));
    };
    let mut files = BTreeMap::new();
    for (path, source, result) in emit_all(&model, specs_name, crate_name) {
        match result {
            Ok(body) => {
                files.insert(path, format!("{}\n{body}", header(&source)));
            }
            Err(err) => diags.push(
                Diagnostic::in_file(
                    &source,
                    format!("internal error: the code generated for {path} does not parse: {err}"),
                )
                .code(Code::Internal),
            ),
        }
    }
    let warnings = diags.take_warnings();
    (
        sources,
        diags.into_result(Generated {
            files,
            model,
            warnings,
        }),
    )
}

/// Emits and formats every file: (path, source spec, formatted body or parse error). Files are
/// independent, so they are spread over the available cores; the result does not depend on how.
fn emit_all(
    model: &model::Model,
    specs_name: &str,
    crate_name: &str,
) -> Vec<(String, String, Result<String, String>)> {
    let jobs = emit::jobs(model);
    let run = |job: &emit::Job<'_>| {
        let e = emit::emit_job(model, job, specs_name, crate_name);
        let body = e
            .parts
            .into_iter()
            .map(format_part)
            .collect::<Result<Vec<String>, String>>()
            .map(|parts| parts.join("\n"));
        (e.path, e.source, body)
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    // Below a few dozen files, starting threads costs more than it saves.
    if threads < 2 || jobs.len() < 32 {
        return jobs.iter().map(run).collect();
    }
    let chunk = jobs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(run).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Formats tokens with prettyplease; a table laid out by the emitter is only checked to parse.
fn format_part(part: emit::Part) -> Result<String, String> {
    match part {
        emit::Part::Tokens(tokens) => syn::parse2::<syn::File>(tokens)
            .map(|file| spaced(&prettyplease::unparse(&file)))
            .map_err(|err| err.to_string()),
        emit::Part::Text(text) => syn::parse_file(&text)
            .map(|_| text)
            .map_err(|err| err.to_string()),
    }
}

/// Puts a blank line between items, which prettyplease runs together, so that the generated
/// files read like hand-written ones.
fn spaced(code: &str) -> String {
    const STARTS: &[&str] = &[
        "///", "#[", "pub ", "pub(", "fn ", "impl ", "impl<", "const ", "static ", "struct ",
        "enum ", "mod ", "use ",
    ];
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut prev: Option<&str> = None;
    for line in code.lines() {
        if let Some(p) = prev {
            let indent = |l: &str| l.len() - l.trim_start().len();
            let (pt, lt) = (p.trim(), line.trim());
            let item_ended = indent(p) == indent(line)
                && !pt.starts_with("//")
                && (pt == "}" || pt == "};" || pt.ends_with(';'));
            let docs_ended = pt.starts_with("//!") && !lt.starts_with("//!");
            let starts_item = STARTS.iter().any(|s| lt.starts_with(s));
            if (item_ended && starts_item) || docs_ended {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

/// The generated crate's name as Rust paths spell it (`cloud-backup-sdk` → `cloud_backup_sdk`),
/// from its Cargo.toml; the directory's name when there is no manifest or it names no package
/// (a missing manifest is reported when the features are checked).
pub fn crate_name(crate_dir: &Path) -> String {
    let text = fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap_or_default();
    let mut in_package = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            in_package = l == "[package]";
        } else if in_package {
            if let Some((key, value)) = l.split_once('=') {
                if key.trim() == "name" {
                    return value.trim().trim_matches('"').replace('-', "_");
                }
            }
        }
    }
    let dir = crate_dir
        .canonicalize()
        .unwrap_or_else(|_| crate_dir.to_owned());
    dir.file_name().map_or_else(
        || "generated".to_owned(),
        |n| n.to_string_lossy().replace('-', "_"),
    )
}

/// The generated crate's manifest with its features region written for `model`.
pub fn manifest(crate_dir: &Path, model: &model::Model) -> Result<String, write::WriteError> {
    let path = crate_dir.join(write::MANIFEST);
    let text = fs::read_to_string(&path).map_err(|e| write::WriteError::Io(path.clone(), e))?;
    write::splice_features(&text, &emit::cargo_features(model))
        .map_err(|reason| write::WriteError::FeatureRegion(path, reason))
}

/// What `generate` should do with the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write the changed files.
    Write,
    /// Change nothing; report what differs.
    Check,
}

/// Why generation stopped.
#[derive(Debug)]
pub enum Failure {
    /// The specs have errors (render them with the source map).
    Specs(SourceMap, Errors),
    /// Files could not be read or written, or a file in the way is not generated.
    Write(write::WriteError),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Specs(sources, errors) => f.write_str(&errors.render(sources, false)),
            Failure::Write(e) => write!(f, "error: {e}"),
        }
    }
}

/// Runs the whole pipeline: reads and checks the specs, then writes (or, in [`Mode::Check`],
/// compares) the generated crate's `src/gen/`. On any error nothing is written.
pub fn generate(specs: &Path, crate_dir: &Path, mode: Mode) -> Result<Generation, Failure> {
    let crate_name = crate_name(crate_dir);
    let (sources, result) = build(specs, &crate_name);
    let mut generated = match result {
        Ok(g) => g,
        Err(e) => return Err(Failure::Specs(sources, e)),
    };
    let manifest = manifest(crate_dir, &generated.model).map_err(Failure::Write)?;
    generated.files.insert(write::MANIFEST.to_owned(), manifest);
    let changes = write::plan(crate_dir, &generated.files).map_err(Failure::Write)?;
    if mode == Mode::Write {
        write::apply(crate_dir, &generated.files, &changes).map_err(Failure::Write)?;
    }
    Ok(Generation {
        changes,
        warnings: diagnostics::Warnings {
            sources,
            items: generated.warnings,
        },
    })
}
