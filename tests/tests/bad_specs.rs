//! The corpus of bad specs: each case replaces one file of a valid spec set, and must produce
//! its exact diagnostics (with file, line, column, snippet and hint) while writing nothing.
//!
//! A case is `tests/bad-specs/cases/<name>.yaml`; its first line, `# target: <file>`, names
//! the file of `tests/bad-specs/base/example/demo/` it replaces. The expected output is the
//! snapshot `tests/snapshots/bad_specs__<name>.snap`.

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use specgen::diagnostics::Code;
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

/// Codes that no replaced spec file can produce, each with the test of
/// `generator/tests/diagnostic_codes.rs` that produces it instead: problems of the tree of
/// files rather than of one file's text, the warning (a case with an error reports no
/// warnings), and specgen's own bug.
const PRODUCED_ELSEWHERE: &[(&str, &str)] = &[
    (
        "E0001",
        "none: code that does not parse is a bug in specgen, whatever the specs",
    ),
    ("E0101", "a_missing_specs_directory_is_e0101"),
    ("E0102", "a_file_that_cannot_be_opened_is_e0102"),
    ("E0103", "a_symbolic_link_is_e0103"),
    ("E0104", "a_pipe_named_like_a_spec_is_e0104"),
    ("E0105", "a_yml_file_is_e0105"),
    ("E0106", "a_file_not_in_utf8_is_e0106"),
    ("E0107", "a_file_over_the_cap_is_e0107"),
    ("E0108", "a_file_outside_a_service_directory_is_e0108"),
    ("E0109", "a_service_directory_without_service_yaml_is_e0109"),
    (
        "E0316",
        "an_enumeration_past_the_tables_is_e0316 (65,536 values: too large a file for the corpus)",
    ),
    ("W0301", "a_type_no_field_reaches_is_warning_w0301"),
];

/// The codes of every diagnostic in the corpus's snapshots, and the titles that have none.
fn corpus_codes() -> (BTreeSet<String>, Vec<String>) {
    let dir = support::root().join("tests/tests/snapshots");
    let mut codes = BTreeSet::new();
    let mut uncoded = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("bad_specs__") && name.ends_with(".snap")) {
            continue;
        }
        for line in fs::read_to_string(&path).unwrap().lines() {
            if let Some(rest) = line
                .strip_prefix("error[")
                .or_else(|| line.strip_prefix("warning["))
            {
                codes.insert(rest.split(']').next().unwrap_or_default().to_owned());
            } else if line.starts_with("error: ") && !line.starts_with("error: could not generate")
            {
                uncoded.push(format!("{name}: {line}"));
            }
        }
    }
    (codes, uncoded)
}

#[test]
fn every_code_has_a_case_in_the_corpus() {
    let (found, _) = corpus_codes();
    let elsewhere: BTreeSet<&str> = PRODUCED_ELSEWHERE.iter().map(|(c, _)| *c).collect();
    let known: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let missing: Vec<&str> = known
        .iter()
        .filter(|c| !found.contains(**c) && !elsewhere.contains(**c))
        .copied()
        .collect();
    assert!(
        missing.is_empty(),
        "no case of tests/bad-specs/cases produces {missing:?}"
    );
    // The list of exceptions stays honest: a code the corpus reaches is not one.
    let reached: Vec<&&str> = elsewhere.iter().filter(|c| found.contains(**c)).collect();
    assert!(
        reached.is_empty(),
        "{reached:?} have a case: remove them from PRODUCED_ELSEWHERE"
    );
    let unknown: Vec<&String> = found
        .iter()
        .filter(|c| !known.contains(c.as_str()))
        .collect();
    assert!(unknown.is_empty(), "{unknown:?} are not in Code::ALL");
    for (code, _) in PRODUCED_ELSEWHERE {
        assert!(known.contains(code), "{code} is not in Code::ALL");
    }
}

#[test]
fn every_diagnostic_of_the_corpus_has_a_code() {
    let (_, uncoded) = corpus_codes();
    assert!(
        uncoded.is_empty(),
        "diagnostics without a code:\n{}",
        uncoded.join("\n")
    );
}
