//! The `specgen` command line: exit statuses and what it prints.

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;

use common::{copy_dir, root};

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

/// A scratch workspace with the real specs and a copy of the generated crate's generated part.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("specs"), &dir.path().join("specs"));
    fs::create_dir_all(dir.path().join("generated")).unwrap();
    fs::copy(
        root().join("generated/Cargo.toml"),
        dir.path().join("generated/Cargo.toml"),
    )
    .unwrap();
    copy_dir(
        &root().join("generated/src/gen"),
        &dir.path().join("generated/src/gen"),
    );
    dir
}

#[test]
fn check_passes_on_a_fresh_tree_and_names_each_stale_file() {
    let dir = scratch();
    let (code, stdout, _) = specgen(&["generate", "--check"], dir.path());
    assert_eq!(code, 0);
    assert!(stdout.contains("up to date"), "{stdout}");

    let spec = dir
        .path()
        .join("specs/huaweicloud/vbs/CreateBackupPolicy.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(
        &spec,
        text.replace("Backup policy name", "The backup policy name"),
    )
    .unwrap();
    let victim = dir
        .path()
        .join("generated/src/gen/huaweicloud/vbs/create_backup_policy.rs");
    let before = fs::read(&victim).unwrap();
    let (code, _, stderr) = specgen(&["generate", "--check"], dir.path());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("differs: generated/src/gen/huaweicloud/vbs/create_backup_policy.rs"),
        "{stderr}"
    );
    assert_eq!(fs::read(&victim).unwrap(), before, "--check wrote a file");

    let (code, stdout, _) = specgen(&["generate"], dir.path());
    assert_eq!(code, 0);
    assert!(stdout.contains("1 updated"), "{stdout}");
    assert_ne!(fs::read(&victim).unwrap(), before);
    assert_eq!(specgen(&["generate", "--check"], dir.path()).0, 0);
}

#[test]
fn bad_specs_print_every_diagnostic_and_exit_1_without_writing() {
    let dir = scratch();
    let spec = dir
        .path()
        .join("specs/tencentcloud/postgres/CreateBackupPlan.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    let edited = text.replace(
        "    required: true\n    description: Instance ID.",
        "    requird: true\n    description: Instance ID.",
    );
    assert_ne!(edited, text);
    let text = edited;
    let text = text.replace(
        "    format: time_hh_mm_ss\n    examples: [\"02:00:00\"]",
        "    format: time_hhmmss\n    examples: [\"02:00:00\"]",
    );
    fs::write(&spec, text).unwrap();
    let (code, stdout, stderr) = specgen(&["generate", "--color", "never"], dir.path());
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.contains("error[E0202]: unknown key `requird` in Field"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> specs/tencentcloud/postgres/CreateBackupPlan.yaml:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: did you mean `required`?"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown format `time_hhmmss`"), "{stderr}");
    assert!(
        stderr.contains("2 errors in the specs; nothing was written"),
        "{stderr}"
    );
    let (code, _, _) = specgen(&["generate", "--check"], dir.path());
    assert_eq!(code, 1);
}

#[test]
fn schema_prints_the_json_schema() {
    let (code, stdout, _) = specgen(&["schema"], &root());
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(schema["$defs"]["Field"]["properties"]["rust_name"].is_object());
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, stderr) = specgen(&["generate", "--colour", "never"], &root());
    assert_eq!(code, 2, "{stderr}");
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = specgen(&["generate"], dir.path());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("the specs directory does not exist"),
        "{stderr}"
    );
}
