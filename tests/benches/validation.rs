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
//! The group `validate/long-list/<case>` times `validate_json` on requests whose one list has
//! 1,000, 10,000 and 100,000 items, every item breaking a check (the shape of a hostile
//! request): validation must stay linear in the number of items, and the report bounded.
//!
//! - `dbs-backup-period`: DBS `ConfigureBackupPlan` with a `BackupPeriod` of distinct
//!   weekdays it does not know (a comma-joined list: count, uniqueness and enumeration);
//! - `tencent-backup-period`: Tencent `CreateBackupPlan` with distinct `BackupPeriod` days
//!   past 31 (count, uniqueness and pattern);
//! - `huawei-tags`: Huawei `CreateBackupPolicy` with `tags` whose keys hold a character the
//!   charset refuses (each a nested object, decoded and checked).
//!
//! ```sh
//! cargo bench -p cloud-backup-tests --bench validation
//! cargo bench -p cloud-backup-tests --bench validation -- --warm-up-time 0.5 --measurement-time 1
//! cargo bench -p cloud-backup-tests --bench validation -- long-list
//! ```

mod common;

use std::hint::black_box;

use cloud_backup_sdk::{ValidationErrors, Warnings, alibabacloud, huaweicloud, tencentcloud};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use serde_json::{Value, json};

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

/// A valid request of `id` with its list `name` replaced by `items`.
fn with_list(id: &str, name: &str, items: Value) -> Value {
    let mut request = common::request(id, common::VALID);
    request[name] = items;
    request
}

/// The hostile requests of the `long-list` group, with `n` items.
fn long_lists(n: usize) -> [(&'static str, &'static str, Value); 3] {
    let days: Vec<String> = (0..n).map(|i| format!("Day{i}")).collect();
    let dates: Vec<String> = (0..n).map(|i| (i + 32).to_string()).collect();
    let tags: Vec<Value> = (0..n)
        .map(|i| json!({"key": format!("env:{i}"), "value": "prod"}))
        .collect();
    [
        (
            "dbs-backup-period",
            "alibabacloud.dbs.ConfigureBackupPlan",
            with_list(
                "alibabacloud.dbs.ConfigureBackupPlan",
                "BackupPeriod",
                Value::String(days.join(",")),
            ),
        ),
        (
            "tencent-backup-period",
            "tencentcloud.postgres.CreateBackupPlan",
            with_list(
                "tencentcloud.postgres.CreateBackupPlan",
                "BackupPeriod",
                json!(dates),
            ),
        ),
        (
            "huawei-tags",
            "huaweicloud.vbs.CreateBackupPolicy",
            with_list(
                "huaweicloud.vbs.CreateBackupPolicy",
                "tags",
                Value::Array(tags),
            ),
        ),
    ]
}

fn long_list(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate/long-list");
    // One call at 100,000 items is tens of milliseconds: a flat sample of few iterations.
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        for (case, id, request) in long_lists(n) {
            // Once, before timing: the request is refused, and its report is bounded.
            let errors = cloud_backup_sdk::validate_json(id, &request)
                .expect("a known operation")
                .expect_err("a hostile request is refused");
            eprintln!(
                "validate/long-list/{case}/{n}: {} violations listed, {} left out, {} bytes shown",
                errors.len(),
                errors.omitted(),
                errors.to_string().len(),
            );
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(case, n), &request, |b, request| {
                b.iter(|| cloud_backup_sdk::validate_json(black_box(id), black_box(request)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, validation, long_list);
criterion_main!(benches);
