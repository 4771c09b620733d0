//! The requests and JSON Schemas of the validation benchmark (`benches/validation.rs`), shared
//! with the test that keeps them honest (`tests/bench_schemas.rs`).
//!
//! `benches/requests/<operation-id>.<case>.json` holds one request as wire JSON (the form
//! `cloud_backup_sdk::validate_json` and the generated types' serde take), for three cases:
//!
//! - `valid`: a full request, every parameter the spec's rules allow together;
//! - `invalid`: several violations of different kinds (range, enum, pattern or format, missing
//!   required parameter, cross-field rule where the operation has one);
//! - `invalid-typed`: the `invalid` request as far as a generated request type can hold it.
//!   A typed value cannot hold an unknown enum value, a missing required parameter, a wrong JSON
//!   type or an unknown member, so those are replaced by valid values; every other violation is
//!   kept. The Rust side of the benchmark validates this one.
//!
//! `benches/schemas/<operation-id>.json` is a hand-written JSON Schema (draft 2020-12) of the
//! operation's request; `benches/schemas/README.md` says what it cannot express.

// The benchmark and the test each use a part of this module.
#![allow(dead_code)]

use std::path::PathBuf;

use cloud_backup_sdk::{ValidationErrors, Warnings};
use serde_json::Value;

/// The operations, by id.
pub const OPERATIONS: [&str; 5] = [
    "tencentcloud.postgres.CreateBackupPlan",
    "alibabacloud.dbs.CreateAndStartBackupPlan",
    "alibabacloud.dbs.ConfigureBackupPlan",
    "alibabacloud.hbr.CreateBackupPlan",
    "huaweicloud.vbs.CreateBackupPolicy",
];

/// The request cases, as they appear in file names.
pub const VALID: &str = "valid";
pub const INVALID: &str = "invalid";
pub const INVALID_TYPED: &str = "invalid-typed";

fn benches_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches")
}

/// A JSON file, parsed.
pub fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The path of one request of the benchmark.
pub fn request_path(id: &str, case: &str) -> PathBuf {
    benches_dir()
        .join("requests")
        .join(format!("{id}.{case}.json"))
}

/// One request of the benchmark, as wire JSON.
pub fn request(id: &str, case: &str) -> Value {
    read_json(&request_path(id, case))
}

/// The path of the JSON Schema of an operation's request.
pub fn schema_path(id: &str) -> PathBuf {
    benches_dir().join("schemas").join(format!("{id}.json"))
}

/// The JSON Schema of an operation's request, compiled as draft 2020-12.
pub fn validator(id: &str) -> jsonschema::Validator {
    let schema = read_json(&schema_path(id));
    jsonschema::draft202012::new(&schema)
        .unwrap_or_else(|e| panic!("the schema of {id} does not compile: {e}"))
}

/// Deserialises wire JSON into the operation's generated request type with serde, checks that
/// serialising it gives the same JSON back, and returns `validate()`'s result.
pub fn validate_typed(id: &str, request: &Value) -> Result<Warnings, ValidationErrors> {
    use cloud_backup_sdk::{alibabacloud, huaweicloud, tencentcloud};
    match id {
        "tencentcloud.postgres.CreateBackupPlan" => typed(
            request,
            tencentcloud::postgres::create_backup_plan::CreateBackupPlanRequest::validate,
        ),
        "alibabacloud.dbs.CreateAndStartBackupPlan" => typed(
            request,
            alibabacloud::dbs::create_and_start_backup_plan::CreateAndStartBackupPlanRequest::validate,
        ),
        "alibabacloud.dbs.ConfigureBackupPlan" => typed(
            request,
            alibabacloud::dbs::configure_backup_plan::ConfigureBackupPlanRequest::validate,
        ),
        "alibabacloud.hbr.CreateBackupPlan" => typed(
            request,
            alibabacloud::hbr::create_backup_plan::CreateBackupPlanRequest::validate,
        ),
        "huaweicloud.vbs.CreateBackupPolicy" => typed(
            request,
            huaweicloud::vbs::create_backup_policy::CreateBackupPolicyRequest::validate,
        ),
        other => panic!("no request type for {other}"),
    }
}

/// Deserialises wire JSON into a request type with serde, checking that it serialises back to
/// the same JSON (so that the typed value is the same request).
pub fn deserialize<R>(request: &Value) -> R
where
    R: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: R = serde_json::from_value(request.clone())
        .unwrap_or_else(|e| panic!("serde cannot build the request type from {request}: {e}"));
    let back = serde_json::to_value(&value).expect("a request serialises");
    assert_eq!(
        &back, request,
        "the typed request does not serialise back to the JSON it was read from"
    );
    value
}

fn typed<R>(
    request: &Value,
    validate: fn(&R) -> Result<Warnings, ValidationErrors>,
) -> Result<Warnings, ValidationErrors>
where
    R: serde::de::DeserializeOwned + serde::Serialize,
{
    validate(&deserialize::<R>(request))
}
