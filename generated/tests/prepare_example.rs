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

/// Requests with a member their operation does not list (tests/fixtures/requests/undocumented/):
/// the parameter is sent where the provider's SDK sends it (Alibaba RPC: the query string, lists
/// flattened `Name.1`; Tencent and Huawei: the JSON body) and signed with the rest, each such
/// member reported as one warning on standard error; `--validation strict` refuses them.
#[test]
fn undocumented_parameters_are_signed_and_reported_as_warnings() {
    let cases = [
        (
            "alibabacloud.dbs.CreateAndStartBackupPlan",
            "cn-hangzhou",
            "OwnerId",
        ),
        (
            "alibabacloud.hbr.CreateBackupPlan",
            "cn-hangzhou",
            "NewParam",
        ),
        (
            "tencentcloud.postgres.CreateBackupPlan",
            "ap-guangzhou",
            "NewMember",
        ),
        (
            "huaweicloud.vbs.CreateBackupPolicy",
            "cn-north-4",
            "new_member",
        ),
    ];
    for (op, region, member) in cases {
        let request = fixtures().join(format!("requests/undocumented/{op}.json"));
        let args = [
            op,
            request.to_str().unwrap(),
            "--time",
            "1700000000",
            "--nonce",
            "3156853299f313e23d1673dc12e1703d",
            "--region",
            region,
        ];
        let (code, stdout, stderr) = run(&args, ENV);
        assert_eq!(code, 0, "{op}: {stderr}");
        let printed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let expected_text =
            std::fs::read_to_string(fixtures().join(format!("prepared/undocumented/{op}.json")))
                .unwrap();
        let expected: serde_json::Value = serde_json::from_str(&expected_text).unwrap();
        assert_eq!(printed, expected, "{op}");

        // One JSON line per warning, here the one undocumented member.
        let warnings: Vec<serde_json::Value> = stderr
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{op}: {l:?}: {e}")))
            .collect();
        assert_eq!(warnings.len(), 1, "{op}: {stderr}");
        assert_eq!(warnings[0]["severity"], "warning", "{op}: {stderr}");
        assert_eq!(warnings[0]["rule"], "undocumented", "{op}: {stderr}");
        assert_eq!(warnings[0]["path"], member, "{op}: {stderr}");

        // Strict mode refuses the request and prints the warning on standard output instead.
        let strict: Vec<&str> = args
            .iter()
            .copied()
            .chain(["--validation", "strict"])
            .collect();
        let (code, stdout, stderr) = run(&strict, ENV);
        assert_eq!(code, 1, "{op} strict: {stdout}{stderr}");
        let refused: Vec<serde_json::Value> = stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{op}: {l:?}: {e}")))
            .collect();
        assert_eq!(refused, warnings, "{op} strict: {stdout}");
    }
}

/// A member named like a parameter the Alibaba RPC protocol writes itself (`Action`, in any
/// case) cannot be sent as an undocumented one: a usage error, nothing printed on stdout.
#[test]
fn an_undocumented_member_the_protocol_writes_itself_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::fs::read_to_string(fixtures().join("requests/alibabacloud.hbr.CreateBackupPlan.json"))
            .unwrap();
    let mut request: serde_json::Value = serde_json::from_str(&base).unwrap();
    for (name, signature) in [("Action", "v3"), ("Action", "v1"), ("action", "v3")] {
        request
            .as_object_mut()
            .unwrap()
            .retain(|k, _| !k.eq_ignore_ascii_case("action"));
        request[name] = serde_json::json!("DeleteBackupPlan");
        let file = dir.path().join("action.json");
        std::fs::write(&file, request.to_string()).unwrap();
        let (code, stdout, stderr) = run(
            &[
                "alibabacloud.hbr.CreateBackupPlan",
                file.to_str().unwrap(),
                "--time",
                "1700000000",
                "--nonce",
                "3156853299f313e23d1673dc12e1703d",
                "--region",
                "cn-hangzhou",
                "--acs-signature",
                signature,
            ],
            ENV,
        );
        assert_eq!(code, 2, "{name} {signature}: {stdout}{stderr}");
        assert!(stdout.is_empty(), "{name} {signature}: {stdout}");
        assert!(
            stderr.contains(name) && stderr.contains("the protocol writes it itself"),
            "{name} {signature}: {stderr}"
        );
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

/// A time past what the system's clock holds (`u64::MAX` seconds overflows `SystemTime`) is a
/// usage error, not a panic; the latest time it holds signs.
#[test]
fn a_time_past_the_systems_clock_exits_2() {
    let request = fixtures().join("requests/tencentcloud.postgres.CreateBackupPlan.json");
    let args = |time: &'static str| {
        [
            "tencentcloud.postgres.CreateBackupPlan",
            request.to_str().unwrap(),
            "--time",
            time,
            "--nonce",
            "n",
            "--region",
            "ap-guangzhou",
        ]
    };
    let (code, stdout, stderr) = run(&args("18446744073709551615"), ENV);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(
        stderr.trim_end(),
        "--time 18446744073709551615 is later than this system can represent; give a smaller \
         UNIX time"
    );
    // i64::MAX seconds: the most a signature's timestamp can hold.
    if cfg!(unix) {
        let (code, stdout, stderr) = run(&args("9223372036854775807"), ENV);
        assert_eq!(code, 0, "{stderr}");
        let printed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            printed["headers"]["X-TC-Timestamp"], "9223372036854775807",
            "{stdout}"
        );
    }
}

/// A credential variable or nonce holding a line break (or any control character) would
/// start a header of its own: refused with a message that names it and never shows its value.
#[test]
fn control_characters_in_credentials_or_the_nonce_exit_2_without_the_value() {
    let hbr = fixtures().join("requests/alibabacloud.hbr.CreateBackupPlan.json");
    let tencent = fixtures().join("requests/tencentcloud.postgres.CreateBackupPlan.json");
    let huawei = fixtures().join("requests/huaweicloud.vbs.CreateBackupPolicy.json");
    let cases = [
        ("alibabacloud.hbr.CreateBackupPlan", &hbr, "cn-hangzhou"),
        (
            "tencentcloud.postgres.CreateBackupPlan",
            &tencent,
            "ap-guangzhou",
        ),
        ("huaweicloud.vbs.CreateBackupPolicy", &huawei, "cn-north-4"),
    ];
    let variables = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "the access key id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "the secret"),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", "the session token"),
        ("TENCENTCLOUD_SECRET_ID", "the access key id"),
        ("TENCENTCLOUD_SECRET_KEY", "the secret"),
        ("TENCENTCLOUD_SESSION_TOKEN", "the session token"),
        ("HUAWEICLOUD_SDK_AK", "the access key id"),
        ("HUAWEICLOUD_SDK_SK", "the secret"),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "the session token"),
    ];
    // NUL cannot be passed in an environment variable or an argument.
    for control in ["\r", "\n", "\r\n", "\t", "\u{1b}", "\u{7f}", "\u{85}"] {
        let value = format!("HIDDEN{control}X-Injected: 1");
        let code_point = format!("U+{:04X}", u32::from(control.chars().next().unwrap()));
        for (variable, field) in variables {
            let (op, request, region) = cases
                .iter()
                .find(|(op, _, _)| variable.starts_with(&op[..6].to_ascii_uppercase()))
                .unwrap();
            let mut env = ENV.to_vec();
            env.retain(|(k, _)| *k != variable);
            env.push((variable, value.as_str()));
            let args = [
                *op,
                request.to_str().unwrap(),
                "--time",
                "1700000000",
                "--nonce",
                "n",
                "--region",
                region,
            ];
            let (code, stdout, stderr) = run(&args, &env);
            let what = format!("{variable} with {code_point}");
            assert_eq!(code, 2, "{what}: {stdout}{stderr}");
            assert!(stdout.is_empty(), "{what}: {stdout}");
            let expected = format!(
                "credentials: {field} ({variable}) contains a control character ({code_point} \
                 at byte 6)"
            );
            assert!(stderr.starts_with(&expected), "{what}: {stderr}");
            assert!(
                !stderr.contains("HIDDEN") && !stderr.contains("Injected"),
                "{what}: {stderr}"
            );
        }
        // The nonce is sent in x-acs-signature-nonce (V3) or the query (V1).
        for signature in ["v3", "v1"] {
            let nonce = format!("3156853299f3{control}X-Injected: 1");
            let args = [
                "alibabacloud.hbr.CreateBackupPlan",
                hbr.to_str().unwrap(),
                "--time",
                "1700000000",
                "--nonce",
                &nonce,
                "--region",
                "cn-hangzhou",
                "--acs-signature",
                signature,
            ];
            let (code, stdout, stderr) = run(&args, ENV);
            let what = format!("the nonce with {code_point}, {signature}");
            assert_eq!(code, 2, "{what}: {stdout}{stderr}");
            assert!(stdout.is_empty(), "{what}: {stdout}");
            let expected = format!(
                "the request cannot be signed: the nonce contains a control character \
                 ({code_point} at byte 12)"
            );
            assert!(stderr.starts_with(&expected), "{what}: {stderr}");
            assert!(!stderr.contains("Injected"), "{what}: {stderr}");
        }
    }
}
