//! Diagnostic codes: docs/spec-format.md §11 lists exactly the codes of `Code::ALL`, and the
//! codes the bad-spec corpus cannot reach (it replaces the text of one spec file) are produced
//! here, on a directory tree arranged for each.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use specgen::diagnostics::{Code, Diagnostic, Diagnostics};

/// The codes reported by a build of `specs`, errors or warnings.
fn codes_of_build(specs: &Path) -> Vec<Code> {
    match specgen::build(specs, "example").1 {
        Ok(generated) => codes(&generated.warnings),
        Err(errors) => codes(&errors.items),
    }
}

fn codes(items: &[Diagnostic]) -> Vec<Code> {
    items.iter().filter_map(|d| d.code).collect()
}

/// A copy of the bad-spec base set, which builds without errors.
fn base() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    common::copy_dir(&common::root().join("tests/bad-specs/base"), &specs);
    (tmp, specs)
}

#[test]
fn the_docs_list_every_code_with_its_title_once() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/spec-format.md");
    let text = fs::read_to_string(path).unwrap();
    let section = text
        .split("\n## ")
        .find(|s| s.starts_with("11. Diagnostics"))
        .expect("docs/spec-format.md has a section `## 11. Diagnostics`");
    let mut documented: BTreeMap<String, String> = BTreeMap::new();
    for row in section.lines().filter_map(|l| l.strip_prefix("| `")) {
        let Some((code, rest)) = row.split_once('`') else {
            continue;
        };
        let title = rest
            .trim_start_matches([' ', '|'])
            .split(" | ")
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        assert!(
            documented.insert(code.to_owned(), title).is_none(),
            "{code} is documented twice"
        );
    }
    let expected: BTreeMap<String, String> = Code::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.title().to_owned()))
        .collect();
    assert_eq!(
        documented, expected,
        "the table of codes in §11 differs from Code::ALL (code and title)"
    );
}

#[test]
fn codes_are_unique_ordered_and_shaped_by_severity() {
    let strings: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let mut sorted = strings.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(strings, sorted, "codes are listed in order, each once");
    for code in Code::ALL {
        let s = code.as_str();
        assert!(
            s.len() == 5 && s[1..].bytes().all(|b| b.is_ascii_digit()),
            "{s}"
        );
        assert!(s.starts_with('E') || s.starts_with('W'), "{s}");
    }
}

#[test]
fn a_code_is_rendered_in_the_title() {
    let d =
        Diagnostic::in_file("specs/x.yaml", "spec files end in `.yaml`").code(Code::YmlExtension);
    let out = d.render(&Default::default(), false);
    assert!(
        out.starts_with("error[E0105]: spec files end in `.yaml`"),
        "{out}"
    );
}

#[test]
fn a_missing_specs_directory_is_e0101() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        codes_of_build(&tmp.path().join("nowhere")),
        [Code::SpecsDirMissing]
    );
}

#[test]
fn a_file_that_cannot_be_opened_is_e0102() {
    // A file listed but gone by the time it is read: the one failure a test can arrange
    // whatever its permissions.
    let tmp = tempfile::tempdir().unwrap();
    let mut diags = Diagnostics::default();
    let text = specgen::read_spec_file(
        &tmp.path().join("Gone.yaml"),
        Path::new("specs/example/demo/Gone.yaml"),
        &mut diags,
    );
    assert!(text.is_none());
    let errors = diags.into_result(()).unwrap_err();
    assert_eq!(codes(&errors.items), [Code::Unreadable]);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_e0103() {
    let (_tmp, specs) = base();
    std::os::unix::fs::symlink("Demo.yaml", specs.join("example/demo/Link.yaml")).unwrap();
    assert_eq!(codes_of_build(&specs), [Code::SymbolicLink]);
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_spec_is_e0104() {
    let (_tmp, specs) = base();
    let made = std::process::Command::new("mkfifo")
        .arg(specs.join("example/demo/Pipe.yaml"))
        .status()
        .unwrap();
    assert!(made.success());
    assert_eq!(codes_of_build(&specs), [Code::NotRegularFile]);
}

#[test]
fn a_yml_file_is_e0105() {
    let (_tmp, specs) = base();
    fs::write(specs.join("example/demo/Extra.yml"), "operation: Extra\n").unwrap();
    assert_eq!(codes_of_build(&specs), [Code::YmlExtension]);
}

#[test]
fn a_file_not_in_utf8_is_e0106() {
    let (_tmp, specs) = base();
    fs::write(
        specs.join("example/demo/Demo.yaml"),
        b"operation: D\xffmo\n",
    )
    .unwrap();
    assert_eq!(codes_of_build(&specs), [Code::NotUtf8]);
}

#[test]
fn a_file_over_the_cap_is_e0107() {
    let (_tmp, specs) = base();
    let big = format!("# {}\n", "x".repeat(5 << 20));
    fs::write(specs.join("example/demo/Demo.yaml"), big).unwrap();
    assert_eq!(codes_of_build(&specs), [Code::FileTooLarge]);
}

#[test]
fn a_file_outside_a_service_directory_is_e0108() {
    let (_tmp, specs) = base();
    fs::write(specs.join("example/Stray.yaml"), "operation: Stray\n").unwrap();
    assert_eq!(codes_of_build(&specs), [Code::MisplacedFile]);
}

#[test]
fn a_service_directory_without_service_yaml_is_e0109() {
    let (_tmp, specs) = base();
    fs::remove_file(specs.join("example/demo/service.yaml")).unwrap();
    assert!(
        codes_of_build(&specs).contains(&Code::MissingServiceFile),
        "{:?}",
        codes_of_build(&specs)
    );
}

#[test]
fn a_type_no_field_reaches_is_warning_w0301() {
    let (_tmp, specs) = base();
    let path = specs.join("example/demo/Demo.yaml");
    let text = fs::read_to_string(&path).unwrap();
    // Demo.yaml has no `types:` of its own: the type is the request's, and nothing uses it.
    let types = format!(
        "{text}types:\n  Leftover:\n    description: Left behind.\n    fields:\n      - name: A\n        type: string\n        description: A.\n"
    );
    fs::write(&path, types).unwrap();
    let generated = specgen::build(&specs, "example")
        .1
        .unwrap_or_else(|e| panic!("{e}"));
    let leftover = generated
        .warnings
        .iter()
        .find(|w| w.message.contains("`Leftover`"))
        .expect("a warning about `Leftover`");
    assert_eq!(leftover.code, Some(Code::UnusedType));
}

#[test]
fn an_enumeration_past_the_tables_is_e0316() {
    let (_tmp, specs) = base();
    let path = specs.join("example/demo/Demo.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let enumeration = |n: usize| {
        (0..n)
            .map(|i| format!("v{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let with = |n: usize| {
        text.replace(
            "enum: [small, large]",
            &format!("enum: [{}]", enumeration(n)),
        )
    };
    assert!(with(2) != text, "the base's Kind enumeration moved");
    // At the limit it builds; one value past it is the error, at the enumeration.
    fs::write(&path, with(usize::from(u16::MAX))).unwrap();
    assert!(specgen::build(&specs, "example").1.is_ok());
    fs::write(&path, with(usize::from(u16::MAX) + 1)).unwrap();
    assert_eq!(codes_of_build(&specs), [Code::EnumTooLong]);
}
