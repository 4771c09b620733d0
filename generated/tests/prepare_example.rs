//! The `prepare` example: the exact signed request of each operation, byte for byte what the
//! providers' own signers produce (see tests/fixtures/prepared/README.md), and its exit
//! statuses.

use std::path::{Path, PathBuf};
use std::process::Command;

fn example() -> PathBuf {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop();
    if dir.ends_with("deps") {
        dir.pop();
    }
    dir.join("examples")
        .join(format!("prepare{}", std::env::consts::EXE_SUFFIX))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// The published example keys of each provider, as the environment variables its tools read.
const ENV: &[(&str, &str)] = &[
    (
        "TENCENTCLOUD_SECRET_ID",
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
    ),
    (
        "TENCENTCLOUD_SECRET_KEY",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    ),
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "YourAccessKeyId"),
    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "YourAccessKeySecret"),
    ("HUAWEICLOUD_SDK_AK", "QTWAOYTTINDUT2QVKYUC"),
    (
        "HUAWEICLOUD_SDK_SK",
        "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    ),
];

fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(example());
    cmd.args(args);
    for (k, _) in ENV {
        cmd.env_remove(k);
    }
    for v in [
        "TENCENTCLOUD_SESSION_TOKEN",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    ] {
        cmd.env_remove(v);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_operation_prints_the_request_its_providers_sdk_signs() {
    let cases = [
        (
            "tencentcloud.postgres.CreateBackupPlan",
            "ap-guangzhou",
            "v3",
        ),
        (
            "alibabacloud.dbs.CreateAndStartBackupPlan",
            "cn-hangzhou",
            "v3",
        ),
        ("alibabacloud.dbs.ConfigureBackupPlan", "cn-hangzhou", "v3"),
        ("alibabacloud.hbr.CreateBackupPlan", "cn-hangzhou", "v3"),
        ("huaweicloud.vbs.CreateBackupPolicy", "cn-north-4", "v3"),
        (
            "alibabacloud.dbs.CreateAndStartBackupPlan",
            "cn-hangzhou",
            "v1",
        ),
        ("alibabacloud.dbs.ConfigureBackupPlan", "cn-hangzhou", "v1"),
        ("alibabacloud.hbr.CreateBackupPlan", "cn-hangzhou", "v1"),
    ];
    for (op, region, signature) in cases {
        let request = fixtures().join(format!("requests/{op}.json"));
        let (code, stdout, stderr) = run(
            &[
                op,
                request.to_str().unwrap(),
                "--time",
                "1700000000",
                "--nonce",
                "3156853299f313e23d1673dc12e1703d",
                "--region",
                region,
                "--acs-signature",
                signature,
            ],
            ENV,
        );
        assert_eq!(code, 0, "{op}: {stderr}");
        let printed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let suffix = if signature == "v1" { ".v1" } else { "" };
        let expected_text =
            std::fs::read_to_string(fixtures().join(format!("prepared/{op}{suffix}.json")))
                .unwrap();
        let expected: serde_json::Value = serde_json::from_str(&expected_text).unwrap();
        assert_eq!(printed, expected, "{op} {signature}");
    }
}

#[test]
fn an_invalid_request_prints_its_violations_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.json");
    std::fs::write(&file, r#"{"DBInstanceId": "x", "PlanName": "p", "BackupPeriodType": "week", "BackupPeriod": ["1"]}"#).unwrap();
    let (code, stdout, _) = run(
        &[
            "tencentcloud.postgres.CreateBackupPlan",
            file.to_str().unwrap(),
            "--time",
            "1",
            "--nonce",
            "n",
            "--region",
            "ap-guangzhou",
        ],
        ENV,
    );
    assert_eq!(code, 1);
    let line: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(line["path"], "BackupPeriodType");
    assert_eq!(line["rule"], "enum");
}

#[test]
fn usage_errors_exit_2() {
    let request = fixtures().join("requests/tencentcloud.postgres.CreateBackupPlan.json");
    let request = request.to_str().unwrap();
    let full = ["--time", "1", "--nonce", "n", "--region", "ap-guangzhou"];
    let with = |head: &[&str], tail: &[&str]| -> Vec<String> {
        head.iter().chain(tail).map(|s| (*s).to_owned()).collect()
    };
    for (args, env, expected) in [
        (
            with(
                &["tencentcloud.postgres.CreateBackupPlan", request],
                &["--time", "1"],
            ),
            ENV,
            "usage",
        ),
        (
            with(&["no.such.Op", request], &full),
            ENV,
            "unknown operation",
        ),
        (
            with(
                &[
                    "tencentcloud.postgres.CreateBackupPlan",
                    "/nonexistent.json",
                ],
                &full,
            ),
            ENV,
            "cannot read",
        ),
        (
            with(
                &["tencentcloud.postgres.CreateBackupPlan", request],
                &["--time", "soon", "--nonce", "n", "--region", "ap-guangzhou"],
            ),
            ENV,
            "UNIX seconds",
        ),
        (
            with(
                &["tencentcloud.postgres.CreateBackupPlan", request],
                &["--time", "1", "--nonce", "n", "--region", "mars-1"],
            ),
            ENV,
            "not supported",
        ),
        (
            with(&["tencentcloud.postgres.CreateBackupPlan", request], &full),
            &[][..],
            "TENCENTCLOUD_SECRET_ID",
        ),
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = run(&args, env);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}
