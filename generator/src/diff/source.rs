//! The two sides of a diff, read from a directory or from a git revision, and built into
//! models and generated files.

use std::fmt;

use super::Report;

/// One side of a diff: a spec directory, or a git revision of the repository holding the
/// working tree's specs directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffSide {
    /// A directory on disk, read as `generate` reads the specs directory.
    Dir(std::path::PathBuf),
    /// A git revision (`origin/main`, `HEAD~1`, a commit id).
    Revision(String),
}

/// Why a side could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// git failed (not a repository, unknown revision, ...).
    Git(String),
    /// The specs on that side have errors.
    Specs(crate::diagnostics::SourceMap, crate::diagnostics::Errors),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Git(e) => write!(f, "error: {e}"),
            ReadError::Specs(sources, errors) => f.write_str(&errors.render(sources, false)),
        }
    }
}

fn git(repo: &std::path::Path, args: &[&str]) -> Result<Vec<u8>, ReadError> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| ReadError::Git(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(ReadError::Git(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// The spec files of a side, as path components under the specs directory and text. For a
/// revision, `specs` names the directory whose history is read; nothing on disk changes.
pub fn read_side(
    side: &DiffSide,
    specs: &std::path::Path,
) -> Result<Vec<(Vec<String>, String)>, ReadError> {
    match side {
        DiffSide::Dir(dir) => {
            let mut found = Vec::new();
            let mut diags = crate::diagnostics::Diagnostics::default();
            crate::collect_specs(dir, &mut found, &mut diags);
            let mut out = Vec::new();
            for (components, path) in found {
                if let Some(text) = crate::read_spec_file(&path, &path, &mut diags) {
                    out.push((components, text));
                }
            }
            if let Err(errors) = diags.into_result(()) {
                return Err(ReadError::Specs(
                    crate::diagnostics::SourceMap::default(),
                    errors,
                ));
            }
            Ok(out)
        }
        DiffSide::Revision(rev) => {
            let dir = if specs.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                specs
            };
            let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
            let top = String::from_utf8_lossy(&git(&dir, &["rev-parse", "--show-toplevel"])?)
                .trim()
                .to_owned();
            let top = std::path::PathBuf::from(top);
            let rel = dir
                .strip_prefix(top.canonicalize().unwrap_or_else(|_| top.clone()))
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| "specs".to_owned());
            let commit = format!("{rev}^{{commit}}");
            git(&top, &["rev-parse", "--verify", "--quiet", &commit])
                .map_err(|_| ReadError::Git(format!("unknown revision {rev:?}")))?;
            // `-l` gives each blob's size, so that an oversized file is refused before it is
            // read; `-z` keeps unusual names unquoted.
            let listing = git(&top, &["ls-tree", "-r", "-l", "-z", rev, "--", &rel])?;
            let mut out = Vec::new();
            let mut diags = crate::diagnostics::Diagnostics::default();
            for record in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
                let record = String::from_utf8_lossy(record);
                let Some((meta, path)) = record.split_once('\t') else {
                    continue;
                };
                let mut meta = meta.split_whitespace();
                let (mode, object, size) = (meta.next(), meta.nth(1), meta.next());
                let shown = format!("{rev}:{path}");
                if path.ends_with(".yml") {
                    // As `generate` does for a directory.
                    diags.push(
                        crate::diagnostics::Diagnostic::in_file(
                            &shown,
                            "spec files end in `.yaml`",
                        )
                        .hint("rename the file to end in .yaml")
                        .code(crate::diagnostics::Code::YmlExtension),
                    );
                }
                let under = path.strip_prefix(&format!("{rel}/")).unwrap_or(path);
                let components: Vec<String> = under.split('/').map(str::to_owned).collect();
                let snapshot = components
                    .split_last()
                    .is_some_and(|(name, dir)| crate::is_snapshot(dir, name));
                // The same rules as on disk: a link is named and not followed, whatever its
                // name; a submodule is not part of the tree's files.
                match mode {
                    Some("120000") => {
                        diags.push(
                            crate::diagnostics::Diagnostic::in_file(
                                &shown,
                                "a symbolic link in the specs directory; links are not followed",
                            )
                            .hint("replace the link with a copy of the file or directory it points to")
                            .code(crate::diagnostics::Code::SymbolicLink),
                        );
                        continue;
                    }
                    Some("100644" | "100755") => {}
                    _ => continue,
                }
                if !path.ends_with(".yaml") && !snapshot {
                    continue;
                }
                let (Some(object), Some(size)) = (object, size.and_then(|s| s.parse::<u64>().ok()))
                else {
                    continue;
                };
                if size > crate::MAX_FILE_BYTES {
                    diags.push(crate::too_large(std::path::Path::new(&shown)));
                    continue;
                }
                let bytes = git(&top, &["cat-file", "blob", object])?;
                if let Some(text) =
                    crate::spec_text(bytes, std::path::Path::new(&shown), &mut diags)
                {
                    out.push((components, text));
                }
            }
            if let Err(errors) = diags.into_result(()) {
                return Err(ReadError::Specs(
                    crate::diagnostics::SourceMap::default(),
                    errors,
                ));
            }
            out.sort();
            Ok(out)
        }
    }
}

/// How a side's files are named in diagnostics, as `generate` names them: by the directory's
/// name (for a revision, the specs directory's).
fn side_label(side: &DiffSide, specs: &std::path::Path) -> String {
    let dir = match side {
        DiffSide::Dir(dir) => dir.as_path(),
        DiffSide::Revision(_) => specs,
    };
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    dir.file_name()
        .map_or_else(|| "specs".to_owned(), |n| n.to_string_lossy().into_owned())
}

/// Builds one side into its model and generated files.
pub fn build_side(
    side: &DiffSide,
    specs: &std::path::Path,
    crate_name: &str,
) -> Result<crate::Generated, ReadError> {
    let files = read_side(side, specs)?;
    // Both sides are generated under the same name, so that only real changes differ; errors
    // are reported under the side's own name, as `generate` would name the files.
    let (_, result) = crate::build_sources(files.clone(), "specs", crate_name);
    match result {
        Ok(generated) => Ok(generated),
        Err(_) => {
            let (sources, result) =
                crate::build_sources(files, &side_label(side, specs), crate_name);
            Err(match result {
                Err(errors) => ReadError::Specs(sources, errors),
                Ok(_) => ReadError::Git("the specs failed to build".to_owned()),
            })
        }
    }
}

/// The report between two sides.
pub fn compare(
    old: &DiffSide,
    new: &DiffSide,
    specs: &std::path::Path,
    crate_name: &str,
) -> Result<Report, ReadError> {
    let o = build_side(old, specs, crate_name)?;
    let n = build_side(new, specs, crate_name)?;
    Ok(Report::new(&o.model, &n.model, &o.files, &n.files))
}
