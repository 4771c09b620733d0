//! `specgen diff` with git revisions, through the library: a temporary repository holds the
//! diff catalog's base specs, commits a change, and the sides are read from its history
//! without touching the working tree or the repository's state.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use specgen::diff::{DiffSide, ReadError, Report, Verdict, compare, read_side};

/// A temporary git repository.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// A repository whose first commit holds the base specs under `specs_dir`, and whose
    /// second tightens `Size` to `[0,50]`.
    fn with_history(specs_dir: &str) -> Repo {
        let repo = Repo::empty();
        support::copy_dir(
            &support::root().join("tests/diff-catalog/base"),
            &repo.path().join(specs_dir),
        );
        fs::write(repo.path().join("README"), "a spec repository\n").unwrap();
        repo.commit_all("base specs");
        repo.edit(
            &format!("{specs_dir}/example/demo/Demo.yaml"),
            "range: \"[0,100]\"",
            "range: \"[0,50]\"",
        );
        repo.commit_all("tighten Size");
        repo
    }

    fn empty() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q"]);
        repo.git(&["config", "user.name", "Spec Writer"]);
        repo.git(&["config", "user.email", "writer@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn specs(&self) -> PathBuf {
        self.path().join("specs")
    }

    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Replaces the one occurrence of `from` in `file`.
    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{file}: {from:?}");
        fs::write(&path, text.replace(from, to)).unwrap();
    }

    /// Everything an observer could see change: the status, HEAD, the branches, the stash,
    /// and every file of the working tree with its modification time.
    fn state(&self) -> impl PartialEq + std::fmt::Debug {
        let mut tree = support::snapshot(self.path());
        // git's own files are compared through git.
        tree.retain(|path, _| !path.starts_with(".git/"));
        (
            self.git(&["status", "--porcelain", "--untracked-files=all"]),
            self.git(&["rev-parse", "HEAD"]),
            self.git(&["for-each-ref"]),
            self.git(&["stash", "list"]),
            tree,
        )
    }
}

fn rev(r: &str) -> DiffSide {
    DiffSide::Revision(r.to_owned())
}

fn kinds(report: &Report) -> Vec<(String, Option<String>, String)> {
    report
        .changes
        .iter()
        .map(|c| (c.operation.clone(), c.path.clone(), c.kind.to_string()))
        .collect()
}

fn range_tightened() -> (String, Option<String>, String) {
    (
        "example.demo.Demo".to_owned(),
        Some("Size".to_owned()),
        "range_tightened".to_owned(),
    )
}

#[test]
fn two_revisions() {
    let repo = Repo::with_history("specs");
    let report = compare(&rev("HEAD~1"), &rev("HEAD"), &repo.specs(), "x").unwrap();
    assert_eq!(kinds(&report), [range_tightened()]);
    assert_eq!(report.verdict, Verdict::Major);
    assert_eq!(report.files.len(), 1, "{:#?}", report.files);
    assert_eq!(report.files[0].path, "src/gen/example/demo/demo.rs");

    // Commit ids, branch names and `^` work as well.
    let first = repo.git(&["rev-parse", "HEAD~1"]).trim().to_owned();
    let branch = repo
        .git(&["rev-parse", "--abbrev-ref", "HEAD"])
        .trim()
        .to_owned();
    let by_id = compare(&rev(&first), &rev(&branch), &repo.specs(), "x").unwrap();
    assert_eq!(by_id, report);
    let caret = compare(&rev("HEAD^"), &rev("HEAD"), &repo.specs(), "x").unwrap();
    assert_eq!(caret, report);

    // The same revision twice is no change; the other way round is a loosening.
    let same = compare(&rev("HEAD"), &rev("HEAD"), &repo.specs(), "x").unwrap();
    assert!(same.changes.is_empty() && same.files.is_empty());
    let back = compare(&rev("HEAD"), &rev("HEAD~1"), &repo.specs(), "x").unwrap();
    assert_eq!(back.changes[0].kind, "range_loosened");
}

#[test]
fn a_revision_against_the_working_tree_with_an_uncommitted_edit() {
    let repo = Repo::with_history("specs");
    repo.edit(
        "specs/example/demo/Demo.yaml",
        "    description: Labels.\n",
        "    description: Labels.\n  - name: Note\n    type: string\n    in: json\n    description: A note.\n",
    );
    let working_tree = DiffSide::Dir(repo.specs());
    let head = compare(&rev("HEAD"), &working_tree, &repo.specs(), "x").unwrap();
    assert_eq!(
        kinds(&head),
        [(
            "example.demo.Demo".to_owned(),
            Some("Note".to_owned()),
            "parameter_added_optional".to_owned()
        )]
    );
    assert_eq!(head.verdict, Verdict::Minor);
    let before = compare(&rev("HEAD~1"), &working_tree, &repo.specs(), "x").unwrap();
    assert_eq!(before.changes.len(), 2, "{:#?}", before.changes);
    assert_eq!(before.verdict, Verdict::Major);

    // An uncommitted new file and a deleted one count too.
    fs::remove_file(repo.specs().join("example/demo/Ping.yaml")).unwrap();
    let removed = compare(&rev("HEAD"), &working_tree, &repo.specs(), "x").unwrap();
    assert!(
        removed
            .changes
            .iter()
            .any(|c| c.kind == "operation_removed" && c.operation == "example.demo.Ping"),
        "{:#?}",
        removed.changes
    );
}

#[test]
fn reading_revisions_changes_nothing() {
    let repo = Repo::with_history("specs");
    // A dirty tree: an uncommitted edit, a staged edit and an untracked file.
    repo.edit(
        "specs/example/demo/Demo.yaml",
        "description: A name.",
        "description: The name.",
    );
    repo.edit(
        "specs/example/demo/service.yaml",
        "requests: 10",
        "requests: 5",
    );
    repo.git(&["add", "specs/example/demo/service.yaml"]);
    fs::write(repo.specs().join("example/demo/notes.txt"), "scratch\n").unwrap();
    let before = repo.state();
    for (old, new) in [
        (rev("HEAD~1"), rev("HEAD")),
        (rev("HEAD~1"), DiffSide::Dir(repo.specs())),
        (rev("HEAD"), DiffSide::Dir(repo.specs())),
    ] {
        compare(&old, &new, &repo.specs(), "x").unwrap();
    }
    let _ = compare(&rev("no-such-revision"), &rev("HEAD"), &repo.specs(), "x");
    assert_eq!(
        repo.state(),
        before,
        "reading revisions changed the repository"
    );
    let status = repo.git(&["status", "--porcelain"]);
    assert!(
        status
            .lines()
            .any(|l| l == "M  specs/example/demo/service.yaml"),
        "the staged edit is still staged: {status}"
    );
}

#[test]
fn the_working_tree_side_sees_uncommitted_and_staged_edits_alike() {
    let repo = Repo::with_history("specs");
    repo.edit(
        "specs/example/demo/service.yaml",
        "requests: 10",
        "requests: 5",
    );
    repo.git(&["add", "-A"]);
    let report = compare(
        &rev("HEAD"),
        &DiffSide::Dir(repo.specs()),
        &repo.specs(),
        "x",
    )
    .unwrap();
    assert_eq!(report.changes.len(), 1);
    assert_eq!(report.changes[0].kind, "rate_limit_changed");
    assert_eq!(report.verdict, Verdict::Minor);
}

#[test]
fn an_unknown_revision_is_a_clear_error() {
    let repo = Repo::with_history("specs");
    for (old, new) in [
        (rev("no-such-revision"), rev("HEAD")),
        (rev("HEAD"), rev("no-such-revision")),
        (rev("HEAD~5"), DiffSide::Dir(repo.specs())),
    ] {
        let name = match (&old, &new) {
            (DiffSide::Revision(r), _) if r != "HEAD" => r.clone(),
            (_, DiffSide::Revision(r)) => r.clone(),
            _ => unreachable!(),
        };
        match compare(&old, &new, &repo.specs(), "x") {
            Err(e @ ReadError::Git(_)) => {
                let text = e.to_string();
                assert!(
                    text.starts_with("error: ")
                        && text.contains("unknown revision")
                        && text.contains(&name),
                    "{text}"
                );
            }
            other => panic!("{name}: expected a git error, got {other:?}"),
        }
    }
}

#[test]
fn outside_a_repository_a_revision_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    support::copy_dir(&support::root().join("tests/diff-catalog/base"), &specs);
    let result = compare(&rev("HEAD"), &DiffSide::Dir(specs.clone()), &specs, "x");
    match result {
        Err(e @ ReadError::Git(_)) => {
            assert!(e.to_string().starts_with("error: git"), "{e}");
        }
        other => panic!("expected a git error, got {other:?}"),
    }
}

/// The diagnostics `generate` would print for the spec set in `dir`.
fn generate_diagnostics(dir: &Path) -> String {
    let (sources, result) = specgen::build(dir, "x");
    match result {
        Err(e) => e.render(&sources, false),
        Ok(_) => panic!("the spec set is valid"),
    }
}

#[test]
fn an_invalid_spec_at_a_revision_gets_the_diagnostics_of_generate() {
    let repo = Repo::with_history("specs");
    repo.edit(
        "specs/example/demo/Demo.yaml",
        "    default: 10\n",
        "    default: 500\n",
    );
    let expected = generate_diagnostics(&repo.specs());
    assert!(
        expected.contains("--> specs/example/demo/Demo.yaml:"),
        "{expected}"
    );
    repo.commit_all("a default outside its range");

    // The new side (HEAD) is invalid; so is the old side when it is HEAD.
    for (old, new) in [
        (rev("HEAD~1"), rev("HEAD")),
        (rev("HEAD"), rev("HEAD~1")),
        (rev("HEAD"), DiffSide::Dir(repo.specs())),
    ] {
        match compare(&old, &new, &repo.specs(), "x") {
            Err(ReadError::Specs(sources, errors)) => {
                assert_eq!(errors.render(&sources, false), expected);
            }
            other => panic!("expected spec errors, got {other:?}"),
        }
    }
}

#[test]
fn an_invalid_spec_in_the_working_tree_gets_the_diagnostics_of_generate() {
    let repo = Repo::with_history("specs");
    repo.edit(
        "specs/example/demo/Demo.yaml",
        "    in: json\n    description: A size.",
        "    in: body\n    description: A size.",
    );
    let expected = generate_diagnostics(&repo.specs());
    assert!(
        expected.contains("in: body") || expected.contains("`body`"),
        "{expected}"
    );
    match compare(
        &rev("HEAD"),
        &DiffSide::Dir(repo.specs()),
        &repo.specs(),
        "x",
    ) {
        Err(e @ ReadError::Specs(..)) => assert_eq!(e.to_string(), expected),
        other => panic!("expected spec errors, got {other:?}"),
    }
}

#[test]
fn specs_in_a_nested_directory() {
    let repo = Repo::with_history("api/specs");
    let specs = repo.path().join("api/specs");
    let report = compare(&rev("HEAD~1"), &rev("HEAD"), &specs, "x").unwrap();
    assert_eq!(kinds(&report), [range_tightened()]);
    // The files read from a revision are named under the specs directory, as on disk.
    let files = read_side(&rev("HEAD"), &specs).unwrap();
    let on_disk = read_side(&DiffSide::Dir(specs.clone()), &specs).unwrap();
    let names =
        |f: &[(Vec<String>, String)]| f.iter().map(|(c, _)| c.join("/")).collect::<Vec<_>>();
    assert_eq!(names(&files), names(&on_disk));
    assert!(names(&files).contains(&"example/demo/Demo.yaml".to_owned()));
    assert_eq!(
        files, on_disk,
        "HEAD and the working tree hold the same text"
    );
}

#[test]
fn a_specs_path_that_is_not_normalised() {
    // `--specs specs/example/..` names the same directory.
    let repo = Repo::with_history("specs");
    let specs = repo.path().join("specs/example/..");
    let report = compare(&rev("HEAD~1"), &rev("HEAD"), &specs, "x").unwrap();
    assert_eq!(kinds(&report), [range_tightened()]);
}

#[test]
fn a_revision_without_specs_is_every_operation_added() {
    let repo = Repo::empty();
    fs::write(repo.path().join("README"), "nothing yet\n").unwrap();
    repo.commit_all("empty");
    support::copy_dir(
        &support::root().join("tests/diff-catalog/base"),
        &repo.specs(),
    );
    repo.commit_all("specs");
    let report = compare(&rev("HEAD~1"), &rev("HEAD"), &repo.specs(), "x").unwrap();
    let mut ops: Vec<&str> = report
        .changes
        .iter()
        .map(|c| {
            assert_eq!(c.kind, "operation_added", "{c:?}");
            c.operation.as_str()
        })
        .collect();
    ops.sort_unstable();
    assert_eq!(
        ops,
        [
            "example.demo.Demo",
            "example.demo.Lists",
            "example.demo.Ping",
            "example.demo.Readings",
            "example.demo.Strings"
        ]
    );
    assert_eq!(report.verdict, Verdict::Minor);
    // The crate's root module exists on both sides; everything else is new.
    for f in &report.files {
        let status = if f.path == "src/gen/mod.rs" {
            "modified"
        } else {
            "added"
        };
        assert_eq!(f.status, status, "{f:?}");
    }
    assert!(report.files.len() > 5, "{:#?}", report.files);
}

#[test]
fn a_yml_file_at_a_revision_is_refused_as_generate_refuses_it() {
    let repo = Repo::with_history("specs");
    fs::copy(
        repo.specs().join("example/demo/Ping.yaml"),
        repo.specs().join("example/demo/Pong.yml"),
    )
    .unwrap();
    let expected = generate_diagnostics(&repo.specs());
    assert!(expected.contains("spec files end in `.yaml`"), "{expected}");
    // The working tree side refuses it.
    assert!(matches!(
        compare(
            &rev("HEAD"),
            &DiffSide::Dir(repo.specs()),
            &repo.specs(),
            "x"
        ),
        Err(ReadError::Specs(..))
    ));
    repo.commit_all("a .yml file");
    match compare(&rev("HEAD~1"), &rev("HEAD"), &repo.specs(), "x") {
        Err(e @ ReadError::Specs(..)) => {
            assert!(e.to_string().contains("spec files end in `.yaml`"), "{e}")
        }
        other => panic!("expected the .yml file to be refused, got {other:?}"),
    }
}
