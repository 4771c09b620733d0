//! Warnings: what the specs mean but may not intend. The crate is generated all the same.

use std::process::Command;

mod common;

const DEMO_REST: &str = "  - name: Target
    type: list<Target>
    in: json
    description: Targets.
types:
  Target:
    description: A target.
    fields:
      - name: Mode
        type: Mode
        description: How.
  Mode:
    description: A mode.
    values: [fast, slow]
  Leftover:
    description: No longer used.
    fields:
      - name: Inner
        type: Inner
        description: Only a leftover uses it.
  Inner:
    description: Used by Leftover alone.
    fields:
      - name: X
        type: string
        description: X.
response:
  fields:
    - name: Id
      type: string
      description: The id.
      enum: [a, b]
  types:
    Gone:
      description: A response type no field uses.
      values: [x]
";

fn demo() -> String {
    format!("{}{DEMO_REST}", common::DEMO_HEAD)
}

#[test]
fn types_no_field_reaches_are_warned_about_and_still_generated() {
    let generated = common::build_demo(&demo());
    let found: Vec<(u32, String)> = generated
        .warnings
        .iter()
        .map(|w| (w.span.map_or(0, |s| s.line), w.message.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (
                28,
                "no field uses the type `Leftover` of the request".into()
            ),
            (34, "no field uses the type `Inner` of the request".into()),
            (47, "no field uses the type `Gone` of the response".into()),
            // The base's service.yaml defines a type only some bad specs use.
            (14, "no field uses the type `Color` of the service".into()),
        ]
    );
    // Used types (directly, through another type, and the inline enum of `Id`) draw nothing,
    // and the unused ones are generated all the same.
    let code: String = generated.files.values().cloned().collect();
    assert!(code.contains("pub struct Leftover"));
}

#[test]
fn generate_prints_warnings_and_writes_the_crate() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    common::copy_dir(&common::root().join("tests/bad-specs/base"), &specs);
    std::fs::write(specs.join("example/demo/Demo.yaml"), demo()).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let manifest = format!(
        "[package]\nname = \"example\"\n\n[features]\n{}\n{}\n",
        specgen::write::FEATURES_BEGIN,
        specgen::write::FEATURES_END
    );
    std::fs::write(out.join("Cargo.toml"), manifest).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(["generate", "--specs"])
        .arg(&specs)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert_eq!(
        stderr
            .matches("warning[W0301]: no field uses the type")
            .count(),
        4,
        "{stderr}"
    );
    assert!(
        stderr.contains("--> specs/example/demo/Demo.yaml:28:3"),
        "{stderr}"
    );
    assert!(out.join("src/gen").is_dir());
}
