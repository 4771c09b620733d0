//! The corpus of bad specs: each case replaces one file of a valid spec set, and must produce
//! its exact diagnostics (with file, line, column, snippet and hint) while writing nothing.
//!
//! A case is `tests/bad-specs/cases/<name>.yaml`; its first line, `# target: <file>`, names
//! the file of `tests/bad-specs/base/example/demo/` it replaces. The expected output is the
//! snapshot `tests/snapshots/bad_specs__<name>.snap`.

mod support;

use std::fs;
use std::path::Path;

use specgen::{Failure, Mode};

fn run_case(name: &str, text: &str, out: &Path) -> String {
    let target = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# target: "))
        .unwrap_or_else(|| panic!("{name}: the first line must be `# target: <file>`"));
    let specs_parent = tempfile::tempdir().unwrap();
    let specs = specs_parent.path().join("specs");
    support::copy_dir(&support::root().join("tests/bad-specs/base"), &specs);
    fs::write(specs.join("example/demo").join(target), text).unwrap();
    let before = support::snapshot(out);
    let result = specgen::generate(&specs, out, Mode::Write);
    assert_eq!(
        support::snapshot(out),
        before,
        "{name}: the generated crate changed"
    );
    match result {
        Err(Failure::Specs(sources, errors)) => errors.render(&sources, false),
        Err(other) => panic!("{name}: expected spec errors, got {other}"),
        Ok(_) => panic!("{name}: the bad spec was accepted"),
    }
}

#[test]
fn the_base_spec_set_is_valid() {
    let specs = support::root().join("tests/bad-specs/base");
    let (sources, result) = specgen::build(&specs, "example");
    if let Err(e) = result {
        panic!("{}", e.render(&sources, false));
    }
}

#[test]
fn every_bad_spec_gets_its_diagnostics_and_nothing_is_written() {
    // A generated crate made from the valid base: every case must leave it untouched.
    let out = tempfile::tempdir().unwrap();
    let manifest = format!(
        "[features]\n{}\n{}\n",
        specgen::write::FEATURES_BEGIN,
        specgen::write::FEATURES_END
    );
    fs::write(out.path().join("Cargo.toml"), manifest).unwrap();
    let base_parent = tempfile::tempdir().unwrap();
    let base = base_parent.path().join("specs");
    support::copy_dir(&support::root().join("tests/bad-specs/base"), &base);
    specgen::generate(&base, out.path(), Mode::Write).unwrap_or_else(|e| panic!("{e}"));

    let dir = support::root().join("tests/bad-specs/cases");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 30,
        "the corpus has only {} cases",
        names.len()
    );
    for file in names {
        let name = file.trim_end_matches(".yaml");
        let text = fs::read_to_string(dir.join(&file)).unwrap();
        let rendered = run_case(name, &text, out.path());
        assert!(
            rendered.contains("specs/example/demo/"),
            "{name}: the diagnostics name no file:\n{rendered}"
        );
        insta::assert_snapshot!(name, rendered);
    }
}
