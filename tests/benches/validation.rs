//! Validation cost of cloud-backup-sdk against a JSON Schema validator (the `jsonschema` crate)
//! on the same requests.
//!
//! For each operation and for a valid and an invalid request, the benchmark group
//! `validate/<operation-id>/<valid|invalid>` times:
//!
//! - `sdk-rust`: `validate()` on the generated request type (built with serde before timing);
//! - `sdk-json`: `cloud_backup_sdk::validate_json` on the request as wire JSON;
//! - `jsonschema`: the compiled JSON Schema of `benches/schemas/` collecting every error
//!   (`iter_errors(..).count()`), the like-for-like comparison, since both validators above
//!   report every violation;
//! - `jsonschema-is-valid`: the same schema answering only yes or no (`is_valid`).
//!
//! The requests are the files of `benches/requests/` (see `benches/common/mod.rs`). A typed
//! request cannot hold every violation of the invalid JSON (no unknown enum value, no missing
//! required parameter), so `sdk-rust` validates `<id>.invalid-typed.json`, the same request
//! with those violations replaced by valid values; the JSON validators validate
//! `<id>.invalid.json`. Before timing, each case is checked once: the valid request passes
//! all three validators and the invalid ones fail all three.
//!
//! ```sh
//! cargo bench -p cloud-backup-tests --bench validation
//! cargo bench -p cloud-backup-tests --bench validation -- --warm-up-time 0.5 --measurement-time 1
//! ```

mod common;

use std::hint::black_box;

use cloud_backup_sdk::{ValidationErrors, Warnings, alibabacloud, huaweicloud, tencentcloud};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::Value;

fn operation<R>(
    c: &mut Criterion,
    id: &'static str,
    validate: fn(&R) -> Result<Warnings, ValidationErrors>,
) where
    R: serde::de::DeserializeOwned + serde::Serialize,
{
    let schema = common::validator(id);
    for (case, json_case, typed_case) in [
        ("valid", common::VALID, common::VALID),
        ("invalid", common::INVALID, common::INVALID_TYPED),
    ] {
        let json: Value = common::request(id, json_case);
        let typed: R = common::deserialize(&common::request(id, typed_case));

        // Once, before timing: a broken schema or request must not produce a meaningless ratio.
        let rust_result = validate(&typed);
        let json_result = cloud_backup_sdk::validate_json(id, &json).expect("a known operation");
        let schema_errors = schema.iter_errors(&json).count();
        let expect_valid = case == "valid";
        assert_eq!(
            rust_result.is_ok(),
            expect_valid,
            "{id} {case}: sdk-rust {rust_result:?}"
        );
        assert_eq!(
            json_result.is_ok(),
            expect_valid,
            "{id} {case}: sdk-json {json_result:?}"
        );
        assert_eq!(
            schema.is_valid(&json),
            expect_valid,
            "{id} {case}: jsonschema is_valid"
        );
        assert_eq!(
            schema_errors == 0,
            expect_valid,
            "{id} {case}: jsonschema iter_errors"
        );
        eprintln!(
            "validate/{id}/{case}: violations reported: sdk-rust {}, sdk-json {}, jsonschema {}",
            rust_result.err().map_or(0, |e| e.len()),
            json_result.err().map_or(0, |e| e.len()),
            schema_errors,
        );

        let mut group = c.benchmark_group(format!("validate/{id}/{case}"));
        group.bench_function("sdk-rust", |b| b.iter(|| validate(black_box(&typed))));
        group.bench_function("sdk-json", |b| {
            b.iter(|| cloud_backup_sdk::validate_json(black_box(id), black_box(&json)))
        });
        group.bench_function("jsonschema", |b| {
            b.iter(|| schema.iter_errors(black_box(&json)).count())
        });
        group.bench_function("jsonschema-is-valid", |b| {
            b.iter(|| schema.is_valid(black_box(&json)))
        });
        group.finish();
    }
}

fn validation(c: &mut Criterion) {
    operation(
        c,
        "tencentcloud.postgres.CreateBackupPlan",
        tencentcloud::postgres::create_backup_plan::CreateBackupPlanRequest::validate,
    );
    operation(
        c,
        "alibabacloud.dbs.CreateAndStartBackupPlan",
        alibabacloud::dbs::create_and_start_backup_plan::CreateAndStartBackupPlanRequest::validate,
    );
    operation(
        c,
        "alibabacloud.dbs.ConfigureBackupPlan",
        alibabacloud::dbs::configure_backup_plan::ConfigureBackupPlanRequest::validate,
    );
    operation(
        c,
        "alibabacloud.hbr.CreateBackupPlan",
        alibabacloud::hbr::create_backup_plan::CreateBackupPlanRequest::validate,
    );
    operation(
        c,
        "huaweicloud.vbs.CreateBackupPolicy",
        huaweicloud::vbs::create_backup_policy::CreateBackupPolicyRequest::validate,
    );
}

criterion_group!(benches, validation);
criterion_main!(benches);
