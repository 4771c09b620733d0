//! The JSON Schema of the spec format stays in sync with the format: the committed file is
//! what specgen prints, every real spec validates against it, and it rejects what the
//! decoder rejects as unknown keys.

mod support;

use std::fs;
use std::path::Path;

fn schema() -> serde_json::Value {
    let text = fs::read_to_string(support::root().join("docs/spec-format.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn yaml_as_json(text: &str) -> serde_json::Value {
    let mut diags = specgen::diagnostics::Diagnostics::default();
    let node = specgen::yaml::parse(specgen::diagnostics::FileId(0), text, &mut diags)
        .expect("valid YAML");
    node.to_json()
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn committed_schema_is_what_specgen_prints() {
    let committed =
        fs::read_to_string(support::root().join("docs/spec-format.schema.json")).unwrap();
    assert_eq!(
        committed,
        specgen::schema::json_schema_text(),
        "docs/spec-format.schema.json is stale; run `cargo run -p specgen -- schema > docs/spec-format.schema.json`"
    );
}

#[test]
fn every_spec_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let mut files = Vec::new();
    for dir in ["specs", "tests/fixtures/specs", "tests/bad-specs/base"] {
        yaml_files(&support::root().join(dir), &mut files);
    }
    assert!(files.len() >= 12);
    for file in files {
        let value = yaml_as_json(&fs::read_to_string(&file).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn the_schema_rejects_unknown_and_missing_keys() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let base =
        fs::read_to_string(support::root().join("tests/bad-specs/base/example/demo/Demo.yaml"))
            .unwrap();
    assert!(validator.is_valid(&yaml_as_json(&base)));
    for bad in [
        base.replace("    required: true\n", "    requird: true\n"),
        base.replace(
            "    in: json\n    description: A size.",
            "    in: body\n    description: A size.",
        ),
        base.replace("    type: i32\n", ""),
        base.replace("http:", "htp:"),
    ] {
        assert!(!validator.is_valid(&yaml_as_json(&bad)), "accepted:\n{bad}");
    }
}
