//! `specgen diff` on the command line: git revisions of a temporary repository and the
//! working tree, the output formats, `--fail-on` and the exit statuses (0, 1 when the policy
//! is hit, 2 on errors), and that nothing in the repository changes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use specgen::diff::{DiffSide, compare};

mod common;

use common::{copy_dir, root};

/// Every file under `dir` but git's own, with its bytes and modification time.
fn tree(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else {
                let modified = fs::metadata(&path).unwrap().modified().unwrap();
                out.insert(path.clone(), (fs::read(&path).unwrap(), modified));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

/// Runs specgen in `dir`: exit status, stdout, stderr.
fn specgen(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A temporary git repository with the diff catalog's base specs under `specs/`: the first
/// commit holds them, the second tightens `Size` from `[0,100]` to `[0,50]`.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q"]);
        repo.git(&["config", "user.name", "Spec Writer"]);
        repo.git(&["config", "user.email", "writer@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        copy_dir(
            &root().join("tests/diff-catalog/base"),
            &repo.path().join("specs"),
        );
        repo.commit_all("base specs");
        repo.edit("range: \"[0,100]\"", "range: \"[0,50]\"");
        repo.commit_all("tighten Size");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args(args)
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

    /// Replaces the one occurrence of `from` in `specs/example/demo/Demo.yaml`.
    fn edit(&self, from: &str, to: &str) {
        let path = self.path().join("specs/example/demo/Demo.yaml");
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{from:?}");
        fs::write(&path, text.replace(from, to)).unwrap();
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        specgen(args, self.path())
    }

    fn state(&self) -> impl PartialEq + std::fmt::Debug {
        (
            self.git(&["status", "--porcelain", "--untracked-files=all"]),
            self.git(&["rev-parse", "HEAD"]),
            self.git(&["for-each-ref"]),
            self.git(&["stash", "list"]),
            tree(self.path()),
        )
    }
}

const NOTE: (&str, &str) = (
    "    description: Labels.\n",
    "    description: Labels.\n  - name: Note\n    type: string\n    in: json\n    description: A note.\n",
);

#[test]
fn two_revisions_print_what_the_library_reports() {
    let repo = Repo::new();
    let (code, stdout, stderr) = repo.run(&["diff", "HEAD~1", "HEAD", "--color", "never"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let report = compare(
        &DiffSide::Revision("HEAD~1".into()),
        &DiffSide::Revision("HEAD".into()),
        &repo.path().join("specs"),
        "generated",
    )
    .unwrap();
    assert_eq!(stdout, report.text(false));
    assert_eq!(
        stdout,
        "example.demo.Demo\n  major  range_tightened: Size: range tightened from [0,100] \
         (between 0 and 100) to [0,50] (between 0 and 50) [breaks API and wire]\n\n\
         generated files:\n  modified src/gen/example/demo/demo.rs (+2 -2)\n\nverdict: major\n"
    );
}

#[test]
fn one_revision_is_compared_with_the_working_tree() {
    let repo = Repo::new();
    repo.edit(NOTE.0, NOTE.1);
    let (code, stdout, stderr) = repo.run(&["diff", "HEAD~1", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["parameter_added_optional", "range_tightened"]);
    assert_eq!(v["verdict"], "major");

    let (_, stdout, _) = repo.run(&["diff", "HEAD", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["changes"].as_array().unwrap().len(), 1);
    assert_eq!(v["changes"][0]["path"], "Note");
    assert_eq!(v["verdict"], "minor");
}

#[test]
fn a_clean_working_tree_against_head_has_no_changes() {
    let repo = Repo::new();
    let (code, stdout, _) = repo.run(&["diff", "HEAD", "--fail-on", "any"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "no changes\n\nverdict: none\n");
    let (_, stdout, _) = repo.run(&["diff", "HEAD", "--format", "markdown"]);
    assert_eq!(
        stdout,
        "## Spec changes: **none** version bump\n\nNo changes.\n"
    );
    let (_, stdout, _) = repo.run(&["diff", "HEAD", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"verdict": "none", "changes": [], "files": []})
    );
}

#[test]
fn the_repository_is_untouched() {
    let repo = Repo::new();
    // A dirty tree: an unstaged edit, a staged one, an untracked file.
    repo.edit(NOTE.0, NOTE.1);
    let service = repo.path().join("specs/example/demo/service.yaml");
    let text = fs::read_to_string(&service).unwrap();
    fs::write(&service, text.replace("requests: 10", "requests: 5")).unwrap();
    repo.git(&["add", "specs/example/demo/service.yaml"]);
    fs::write(repo.path().join("scratch.txt"), "x\n").unwrap();
    let before = repo.state();
    for args in [
        &["diff", "HEAD~1", "HEAD"][..],
        &["diff", "HEAD~1"],
        &["diff", "HEAD", "--format", "json"],
        &[
            "diff",
            "HEAD~1",
            "HEAD",
            "--format",
            "markdown",
            "--fail-on",
            "any",
        ],
        &["diff", "no-such-revision"],
    ] {
        repo.run(args);
    }
    assert_eq!(repo.state(), before);
    assert!(
        !repo.path().join("generated").exists(),
        "diff wrote a crate"
    );
}

#[test]
fn fail_on_sets_the_exit_status() {
    let repo = Repo::new();
    // HEAD~1 → HEAD breaks the API and the wire.
    for (policy, code) in [
        (None, 0),
        (Some("never"), 0),
        (Some("any"), 1),
        (Some("breaking"), 1),
    ] {
        let mut args = vec!["diff", "HEAD~1", "HEAD"];
        if let Some(p) = policy {
            args.extend(["--fail-on", p]);
        }
        let (got, stdout, _) = repo.run(&args);
        assert_eq!(got, code, "{policy:?}");
        assert!(
            stdout.contains("verdict: major"),
            "the report is printed anyway"
        );
    }
    // A documentation change breaks nothing.
    repo.edit("description: A name.", "description: The name.");
    for (policy, code) in [("never", 0), ("any", 1), ("breaking", 0)] {
        let (got, stdout, _) = repo.run(&["diff", "HEAD", "--fail-on", policy]);
        assert_eq!(got, code, "{policy}");
        assert!(stdout.contains("verdict: patch"), "{stdout}");
    }
    // A change that breaks only the wire is breaking too.
    repo.git(&["checkout", "-q", "--", "specs"]);
    repo.edit(
        "    in: json\n    description: A password.",
        "    in: header\n    description: A password.",
    );
    let (got, stdout, _) = repo.run(&["diff", "HEAD", "--fail-on", "breaking"]);
    assert_eq!(got, 1, "{stdout}");
    assert!(stdout.contains("[breaks wire]") && stdout.contains("verdict: minor"));
    // No change never fails.
    repo.git(&["checkout", "-q", "--", "specs"]);
    for policy in ["never", "any", "breaking"] {
        assert_eq!(repo.run(&["diff", "HEAD", "--fail-on", policy]).0, 0);
    }
}

#[test]
fn json_output_has_the_documented_fields() {
    let repo = Repo::new();
    let (code, stdout, _) = repo.run(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["verdict"], "major");
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    let mut keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "breaking_api",
            "breaking_wire",
            "kind",
            "new",
            "old",
            "operation",
            "path",
            "summary"
        ]
    );
    assert_eq!(c["operation"], "example.demo.Demo");
    assert_eq!(c["path"], "Size");
    assert_eq!(c["kind"], "range_tightened");
    assert_eq!(c["breaking_api"], true);
    assert_eq!(c["breaking_wire"], true);
    assert_eq!(c["old"], "[0,100]");
    assert_eq!(c["new"], "[0,50]");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("Size: range tightened")
    );
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["path"], "src/gen/example/demo/demo.rs");
    assert_eq!(files[0]["status"], "modified");
    assert!(files[0]["added"].as_u64().unwrap() > 0);
    assert!(files[0]["removed"].as_u64().unwrap() > 0);
    // JSON is never coloured.
    let (_, coloured, _) = repo.run(&[
        "diff", "HEAD~1", "HEAD", "--format", "json", "--color", "always",
    ]);
    assert_eq!(coloured, stdout);
}

#[test]
fn markdown_output() {
    let repo = Repo::new();
    let (code, stdout, _) = repo.run(&["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("## Spec changes: **major** version bump\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| `example.demo.Demo` | 1 | 1 | 1 | major |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| 💥 API, wire | `range_tightened` | `Size` |"),
        "{stdout}"
    );
    assert!(stdout.contains("| `src/gen/example/demo/demo.rs` | modified |"));
    assert!(!stdout.contains('\x1b'));
}

#[test]
fn colour_is_controlled_by_color() {
    let repo = Repo::new();
    let args = ["diff", "HEAD~1", "HEAD", "--color"];
    let (_, always, _) = repo.run(&[&args[..], &["always"]].concat());
    assert!(always.contains("\x1b[31mmajor\x1b[0m"), "{always:?}");
    assert!(
        always.contains("\x1b[1mexample.demo.Demo\x1b[0m"),
        "{always:?}"
    );
    let (_, never, _) = repo.run(&[&args[..], &["never"]].concat());
    assert!(!never.contains('\x1b'), "{never:?}");
    // `auto` (the default) colours only a terminal; the test's pipe is not one.
    let (_, auto, _) = repo.run(&[&args[..], &["auto"]].concat());
    assert_eq!(auto, never);
    let (_, default, _) = repo.run(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(default, never);
    // Without escapes, the coloured text is the plain one.
    let stripped = always
        .replace("\x1b[0m", "")
        .replace("\x1b[1m", "")
        .replace("\x1b[31m", "")
        .replace("\x1b[33m", "")
        .replace("\x1b[2m", "");
    assert_eq!(stripped, never);
}

#[test]
fn an_unknown_revision_exits_2_with_a_clear_message() {
    let repo = Repo::new();
    for args in [
        &["diff", "no-such-revision"][..],
        &["diff", "HEAD", "no-such-revision"],
        &["diff", "no-such-revision", "HEAD", "--fail-on", "never"],
        &["diff", "HEAD~9"],
    ] {
        let (code, stdout, stderr) = repo.run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        let rev = args
            .iter()
            .find(|a| **a == "no-such-revision" || **a == "HEAD~9")
            .unwrap();
        assert_eq!(
            stderr,
            format!("error: unknown revision \"{rev}\"\n"),
            "{args:?}"
        );
    }
}

#[test]
fn outside_a_repository_a_revision_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("tests/diff-catalog/base"),
        &dir.path().join("specs"),
    );
    let (code, stdout, stderr) = specgen(&["diff", "HEAD"], dir.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.starts_with("error: git"), "{stderr}");
}

#[test]
fn two_directories_need_no_repository() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("tests/diff-catalog/base"),
        &dir.path().join("old"),
    );
    copy_dir(
        &root().join("tests/diff-catalog/base"),
        &dir.path().join("new"),
    );
    let demo = dir.path().join("new/example/demo/Demo.yaml");
    let text = fs::read_to_string(&demo).unwrap();
    fs::write(&demo, text.replace("enum: [small, large]", "enum: [large]")).unwrap();
    let (code, stdout, stderr) = specgen(
        &[
            "diff",
            "old",
            "new",
            "--format",
            "json",
            "--fail-on",
            "breaking",
        ],
        dir.path(),
    );
    assert_eq!(code, 1, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["changes"][0]["kind"], "enum_value_removed");
    assert_eq!(v["changes"][0]["old"], "small");
}

/// What `specgen generate` prints for the specs in `dir` (it refuses them).
/// The diagnostics of `diff` are those of `generate`; only the closing line differs.
fn same_diagnostics(diff: &str, generate: &str) {
    let body = |s: &str| {
        s.lines()
            .take(s.lines().count().saturating_sub(1))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(diff), body(generate));
    assert!(
        diff.trim_end()
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with("error: could not compare: "),
        "{diff}"
    );
}

fn generate_stderr(dir: &Path) -> String {
    let (code, _, stderr) = specgen(
        &[
            "generate",
            "--check",
            "--color",
            "never",
            "--out",
            "no-crate-here",
        ],
        dir,
    );
    assert_eq!(code, 1, "{stderr}");
    stderr
}

#[test]
fn an_invalid_spec_on_either_side_exits_2_with_the_diagnostics_of_generate() {
    let repo = Repo::new();
    repo.edit("    default: 10\n", "    default: 500\n");
    let expected = generate_stderr(repo.path());
    assert!(
        expected.contains("error[E0408]: the default of `Size` breaks its own constraints"),
        "{expected}"
    );
    assert!(
        expected.contains("--> specs/example/demo/Demo.yaml:"),
        "{expected}"
    );

    // The new side is the working tree.
    let (code, stdout, stderr) = repo.run(&["diff", "HEAD", "--color", "never"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    same_diagnostics(&stderr, &expected);

    // The old side is a revision.
    repo.commit_all("a default outside its range");
    repo.edit("    default: 500\n", "    default: 10\n");
    let (code, stdout, stderr) = repo.run(&["diff", "HEAD", "--color", "never"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    same_diagnostics(&stderr, &expected);

    // Both sides revisions; --fail-on does not change the status of an error.
    let (code, _, stderr) = repo.run(&["diff", "HEAD~1", "HEAD", "--fail-on", "never"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("breaks its own constraints"), "{stderr}");
}

#[test]
fn a_yaml_error_at_a_revision_exits_2_with_its_position() {
    let repo = Repo::new();
    repo.edit("operation: Demo\n", "operation: Demo\noperation: Again\n");
    let expected = generate_stderr(repo.path());
    repo.commit_all("a duplicate key");
    let (code, _, stderr) = repo.run(&["diff", "HEAD~1", "HEAD", "--color", "never"]);
    assert_eq!(code, 2);
    same_diagnostics(&stderr, &expected);
    assert!(
        stderr.contains("specs/example/demo/Demo.yaml:2:1"),
        "{stderr}"
    );
}

#[test]
fn specs_elsewhere_in_the_repository() {
    let repo = Repo::new();
    repo.git(&["mv", "specs", "api"]);
    fs::create_dir_all(repo.path().join("nested")).unwrap();
    repo.git(&["mv", "api", "nested/specs"]);
    repo.commit_all("move the specs");
    // HEAD~1 has them under specs/, HEAD under nested/specs/: each revision is read at the
    // path given by --specs.
    let (code, stdout, stderr) = repo.run(&[
        "diff",
        "HEAD~2",
        "HEAD",
        "--specs",
        "nested/specs",
        "--color",
        "never",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("operation example.demo.Demo added"),
        "{stdout}"
    );
    // From a subdirectory, --specs is relative to it.
    let (code, stdout, stderr) = specgen(
        &["diff", "HEAD", "--specs", "specs", "--color", "never"],
        &repo.path().join("nested"),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "no changes\n\nverdict: none\n");
}

#[test]
fn usage_errors_exit_2() {
    let repo = Repo::new();
    for args in [
        &["diff"][..],
        &["diff", "HEAD", "--fail-on", "sometimes"],
        &["diff", "HEAD", "--format", "yaml"],
        &["diff", "HEAD", "--color", "sometimes"],
    ] {
        let (code, _, stderr) = repo.run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
    }
}

#[test]
fn diagnostics_name_the_directory_given() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &root().join("tests/diff-catalog/base"),
        &dir.path().join("old-specs"),
    );
    copy_dir(
        &root().join("tests/diff-catalog/base"),
        &dir.path().join("new"),
    );
    let demo = dir.path().join("old-specs/example/demo/Demo.yaml");
    let text = fs::read_to_string(&demo).unwrap();
    fs::write(
        &demo,
        text.replace("    default: 10\n", "    default: 500\n"),
    )
    .unwrap();
    let (_, _, expected) = specgen(
        &[
            "generate",
            "--check",
            "--color",
            "never",
            "--specs",
            "old-specs",
            "--out",
            "no-crate-here",
        ],
        dir.path(),
    );
    assert!(
        expected.contains("--> old-specs/example/demo/Demo.yaml:"),
        "{expected}"
    );
    let (code, _, stderr) = specgen(
        &["diff", "old-specs", "new", "--color", "never"],
        dir.path(),
    );
    assert_eq!(code, 2);
    same_diagnostics(&stderr, &expected);
}
