//! Hostile spec trees end in a diagnostic, in bounded time and stack, with nothing written:
//! deep nesting, symbolic links that loop, pipes, oversized files, and many errors in one file.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A copy of the bad-spec base under `<tmp>/specs`, and a generated crate made from it under
/// `<tmp>/out`.
fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    common::copy_dir(&common::root().join("tests/bad-specs/base"), &specs);
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(
        out.join("Cargo.toml"),
        format!(
            "[features]\n{}\n{}\n",
            specgen::write::FEATURES_BEGIN,
            specgen::write::FEATURES_END
        ),
    )
    .unwrap();
    specgen::generate(&specs, &out, specgen::Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    (tmp, specs, out)
}

/// Every file under `dir` with its content.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push((path.clone(), fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Runs the binary; fails the test instead of hanging when it does not end within a minute.
fn specgen(args: &[&str], cwd: &Path) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // The output is read while waiting, so that a long report cannot fill the pipe.
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(child.wait_with_output().unwrap()));
    match receive.recv_timeout(Duration::from_secs(60)) {
        Ok(output) => output,
        Err(_) => {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("specgen {args:?} did not end within a minute");
        }
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `generate` on `specs` fails with status 1, writes nothing, and prints `expected`; `diff`
/// from the valid base to it fails with status 2 (a side with spec errors) and prints it too.
fn refused(tmp: &Path, specs: &Path, out: &Path, expected: &[&str]) -> String {
    let before = contents(out);
    let s = specs.to_str().unwrap();
    let o = out.to_str().unwrap();
    let generated = specgen(&["generate", "--specs", s, "--out", o], tmp);
    let text = stderr(&generated);
    assert_eq!(generated.status.code(), Some(1), "{text}");
    for e in expected {
        assert!(text.contains(e), "generate: no `{e}` in:\n{text}");
    }
    assert_eq!(contents(out), before, "generate wrote into the crate");
    let base = common::root().join("tests/bad-specs/base");
    let diffed = specgen(
        &["diff", base.to_str().unwrap(), s, "--specs", s, "--out", o],
        tmp,
    );
    let diff_text = stderr(&diffed);
    assert_eq!(diffed.status.code(), Some(2), "{diff_text}");
    for e in expected {
        assert!(diff_text.contains(e), "diff: no `{e}` in:\n{diff_text}");
    }
    text
}

#[test]
fn deep_block_nesting_is_an_error_at_its_line_not_a_stack_overflow() {
    let seq = "- ".repeat(5000) + "1\n";
    // 2,000 levels: 3,000 would be over the size cap.
    let map: String = (0..2000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .chain([format!("{}v: 1\n", " ".repeat(2000))])
        .collect();
    let (tmp, specs, out) = workspace();
    for (text, at) in [(seq, "Demo.yaml:1:"), (map, "Demo.yaml:65:")] {
        fs::write(specs.join("example/demo/Demo.yaml"), text).unwrap();
        let shown = refused(
            tmp.path(),
            &specs,
            &out,
            &["mappings and lists nest deeper than 64 levels here", at],
        );
        assert!(shown.contains("1 error in the specs"), "{shown}");
    }
}

#[test]
fn a_deeply_nested_list_type_is_an_error() {
    let (tmp, specs, out) = workspace();
    let demo = fs::read_to_string(specs.join("example/demo/Demo.yaml")).unwrap();
    let deep = format!("type: {}i32{}", "list<".repeat(5000), ">".repeat(5000));
    fs::write(
        specs.join("example/demo/Demo.yaml"),
        demo.replacen("type: i32", &deep, 1),
    )
    .unwrap();
    refused(
        tmp.path(),
        &specs,
        &out,
        &["lists nest deeper than 8 levels"],
    );
}

#[test]
fn a_long_cycle_of_types_is_found_without_deep_recursion() {
    // 20,000 types, each holding the next and the last the first: every one contains itself.
    let n = 20_000;
    let mut demo = common::DEMO_HEAD.to_owned();
    demo.push_str("  - name: Head\n    type: T0\n    in: json\n    description: The chain.\n");
    demo.push_str(
        "response:\n  fields:\n    - name: Id\n      type: string\n      description: The id.\n",
    );
    demo.push_str("types:\n");
    for i in 0..n {
        demo.push_str(&format!(
            "  T{i}:\n    description: A link.\n    fields:\n      - {{name: Next, type: T{}, description: The next.}}\n",
            (i + 1) % n
        ));
    }
    let base = common::root().join("tests/bad-specs/base/example/demo");
    let mut files = vec![(
        vec!["example".into(), "demo".into(), "Demo.yaml".into()],
        demo,
    )];
    for name in ["service.yaml", "pages/Demo.txt"] {
        let mut components = vec!["example".to_owned(), "demo".to_owned()];
        components.extend(name.split('/').map(str::to_owned));
        files.push((components, fs::read_to_string(base.join(name)).unwrap()));
    }
    // A recursive search would need far more than this stack for a chain of 20,000.
    let errors = std::thread::Builder::new()
        .stack_size(4 << 20)
        .spawn(move || {
            let (_, result) = specgen::build_sources(files, "specs", "example");
            result.err().map(|e| e.items)
        })
        .unwrap()
        .join()
        .unwrap()
        .expect("the cycle was accepted");
    let cyclic = errors
        .iter()
        .filter(|e| e.message.ends_with("contains itself"))
        .count();
    assert_eq!(cyclic, n, "{:?}", errors.first());
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_reported_and_never_followed() {
    use std::os::unix::fs::symlink;
    let (tmp, specs, out) = workspace();
    // Two links back into the tree (once exponential), one to a parent outside it, one to a
    // file outside it.
    symlink(".", specs.join("example/demo/again")).unwrap();
    symlink("..", specs.join("example/demo/up")).unwrap();
    symlink(tmp.path(), specs.join("example/outside")).unwrap();
    let stray = tmp.path().join("Stray.yaml");
    fs::write(&stray, "operation: Stray\n").unwrap();
    symlink(&stray, specs.join("example/demo/Stray.yaml")).unwrap();
    let text = refused(
        tmp.path(),
        &specs,
        &out,
        &[
            "example/demo/again",
            "example/demo/up",
            "example/outside",
            "example/demo/Stray.yaml",
        ],
    );
    assert_eq!(
        text.matches("a symbolic link in the specs directory; links are not followed")
            .count(),
        4,
        "{text}"
    );
    assert!(text.contains("4 errors in the specs"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_spec_is_reported_and_never_opened() {
    let (tmp, specs, out) = workspace();
    let pipe = specs.join("example/demo/Pipe.yaml");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    refused(
        tmp.path(),
        &specs,
        &out,
        &[
            "Pipe.yaml",
            "not a regular file (a named pipe, socket or device)",
        ],
    );
}

#[test]
fn an_oversized_file_is_reported_with_the_cap_and_not_parsed() {
    let (tmp, specs, out) = workspace();
    let big = format!("# {}\n", "x".repeat(5 << 20));
    fs::write(specs.join("example/demo/Demo.yaml"), big).unwrap();
    let text = refused(
        tmp.path(),
        &specs,
        &out,
        &["Demo.yaml", "the file is larger than 4 MiB"],
    );
    // The operation the file would hold is not reported again as missing.
    assert!(text.contains("1 error in the specs"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_revision_follows_the_same_rules() {
    let (tmp, specs, _) = workspace();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(tmp.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    git(&["init", "-q"]);
    std::os::unix::fs::symlink("Demo.yaml", specs.join("example/demo/Link.yaml")).unwrap();
    fs::write(
        specs.join("example/demo/Big.yaml"),
        format!("# {}\n", "x".repeat(5 << 20)),
    )
    .unwrap();
    git(&["add", "specs"]);
    git(&["commit", "-q", "-m", "specs"]);
    // Clean up the working tree, so that only the revision has the link and the big file.
    fs::remove_file(specs.join("example/demo/Link.yaml")).unwrap();
    fs::remove_file(specs.join("example/demo/Big.yaml")).unwrap();
    let o = specgen(&["diff", "HEAD", "--specs", "specs"], tmp.path());
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(
        text.contains("HEAD:specs/example/demo/Link.yaml")
            && text.contains("a symbolic link in the specs directory"),
        "{text}"
    );
    assert!(
        text.contains("HEAD:specs/example/demo/Big.yaml")
            && text.contains("the file is larger than 4 MiB"),
        "{text}"
    );
}

#[test]
fn ten_thousand_errors_on_one_long_line_render_in_linear_time() {
    // One line of 3 MB holding 10,000 unknown keys: rendering each from the whole file, or
    // finding each key's column from the start of its line, took 36 s in release; this takes
    // well under a second. The limit is generous for a debug build on a slow machine.
    let mut demo: serde_json::Value = serde_json::json!({
        "operation": "Demo",
        "description": "x".repeat(3_000_000),
        "source": {"document": "pages/Demo.txt", "title": "Demo"},
        "http": {"method": "POST", "path": "/"},
        "response": {"fields": [{"name": "Id", "type": "string", "description": "The id."}]},
    });
    for i in 0..10_000 {
        demo[format!("unknown_key_{i}")] = serde_json::json!(1);
    }
    let (tmp, specs, out) = workspace();
    fs::write(specs.join("example/demo/Demo.yaml"), demo.to_string()).unwrap();
    let started = Instant::now();
    let o = specgen(
        &[
            "generate",
            "--specs",
            specs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    );
    let took = started.elapsed();
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text.matches("error[E0202]: unknown key `unknown_key_")
            .count(),
        10_000,
        "{}",
        &text[text.len() - 300..]
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
    // Each diagnostic shows a window of the line, not the line.
    assert!(text.len() < 10_000 * 1_000, "{} bytes", text.len());
}
