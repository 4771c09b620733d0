//! The `validate` example program: one JSON object per violation per line, and its exit
//! statuses (0 valid, 1 violations, 2 usage errors, unreadable files, bad JSON, unknown
//! operations).

use std::path::PathBuf;
use std::process::Command;

/// The example binary, which `cargo test` builds beside the test binaries.
fn validate_binary() -> PathBuf {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    dir.join("examples")
        .join(format!("validate{}", std::env::consts::EXE_SUFFIX))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(validate_binary())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", validate_binary().display()));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_valid_request_exits_0_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "ok.json",
        r#"{"DBInstanceId": "postgres-kwk4tq23", "PlanName": "plan1", "BackupPeriodType": "month", "BackupPeriod": ["1", "2"]}"#,
    );
    let (code, stdout, stderr) = run(&["tencentcloud.postgres.CreateBackupPlan", &file]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
}

#[test]
fn violations_are_json_lines_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        &dir,
        "bad.json",
        r#"{"InstanceClass": "micro", "DatabaseType": "MySQL", "BackupMethod": "logical", "SourceEndpointInstanceType": "RDS", "SourceEndpointRegion": "cn-hangzhou", "SourceEndpointInstanceID": "rm-1", "SourceEndpointUserName": "u", "SourceEndpointPassword": "hunter2-secret", "BackupPlanName": "p", "Period": "Year", "UsedTime": 6, "BackupPlanNam": "x"}"#,
    );
    let (code, stdout, _) = run(&["alibabacloud.dbs.CreateAndStartBackupPlan", &file]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let used_time = lines.iter().find(|l| l["path"] == "UsedTime").unwrap();
    assert_eq!(used_time["rule"], "range_if");
    assert_eq!(
        used_time["message"],
        "UsedTime must be between 1 and 5 when Period is Year (got 6)"
    );
    assert_eq!(
        used_time["spec"],
        "specs/alibabacloud/dbs/CreateAndStartBackupPlan.yaml"
    );
    assert_eq!(used_time["severity"], "error");
    let unknown = lines.iter().find(|l| l["path"] == "BackupPlanNam").unwrap();
    assert_eq!(unknown["rule"], "undocumented");
    assert_eq!(unknown["severity"], "warning");
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("did you mean BackupPlanName?")
    );
    assert!(!stdout.contains("hunter2"));
}

#[test]
fn warnings_alone_exit_0_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    // A port outside 1-65535 is the spec's reading, and OwnerId a parameter it does not know:
    // both warnings, so the request passes the standard mode and fails the strict one.
    let file = write(
        &dir,
        "warn.json",
        r#"{"InstanceClass": "micro", "DatabaseType": "MySQL", "BackupMethod": "logical", "SourceEndpointInstanceType": "RDS", "SourceEndpointRegion": "cn-hangzhou", "SourceEndpointInstanceID": "rm-1", "SourceEndpointUserName": "u", "SourceEndpointPassword": "p", "BackupPlanName": "p", "SourceEndpointPort": 70000, "OwnerId": 1234567890}"#,
    );
    let op = "alibabacloud.dbs.CreateAndStartBackupPlan";
    let (code, stdout, stderr) = run(&[op, &file]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let found: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["severity"].as_str().unwrap(),
                l["rule"].as_str().unwrap(),
                l["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("warning", "range", "SourceEndpointPort"),
            ("warning", "undocumented", "OwnerId")
        ]
    );
    let (strict, strict_stdout, _) = run(&[op, &file, "--strict"]);
    assert_eq!((strict, strict_stdout), (1, stdout));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let ok = write(&dir, "ok.json", "{}");
    let not_json = write(&dir, "bad.txt", "{not json");
    for (args, expected) in [
        (vec![], "usage"),
        (vec!["tencentcloud.postgres.CreateBackupPlan"], "usage"),
        (
            vec!["tencentcloud.postgres.CreateBackupPlan", &ok, "extra"],
            "usage",
        ),
        (vec!["no.such.Operation", &ok], "unknown operation"),
        (
            vec![
                "tencentcloud.postgres.CreateBackupPlan",
                "/nonexistent/file.json",
            ],
            "cannot read",
        ),
        (
            vec!["tencentcloud.postgres.CreateBackupPlan", &not_json],
            "not JSON",
        ),
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stdout.is_empty());
    }
}
