//! The JSON Schemas and requests of the validation benchmark (`benches/validation.rs`) stay
//! meaningful: every schema is a valid draft 2020-12 schema that compiles, accepts the valid
//! requests (the benchmark's and the fixtures') and rejects the invalid ones, and the crate's
//! validator agrees on each verdict.

#[path = "../benches/common/mod.rs"]
mod common;

mod support;

use std::collections::BTreeSet;

use cloud_backup_sdk::{ValidationErrors, Warnings};
use serde_json::Value;

fn schema_errors(id: &str, request: &Value) -> Vec<String> {
    common::validator(id)
        .iter_errors(request)
        .map(|e| format!("{e} at `{}`", e.instance_path()))
        .collect()
}

/// Every violation, errors and warnings.
fn violations(result: Result<Warnings, ValidationErrors>) -> BTreeSet<(String, &'static str)> {
    let all = match result {
        Ok(w) => w.into_violations(),
        Err(e) => e.into_violations(),
    };
    all.into_iter().map(|v| (v.path, v.rule)).collect()
}

fn validate_json(id: &str, request: &Value) -> Result<Warnings, ValidationErrors> {
    cloud_backup_sdk::validate_json(id, request).expect("a known operation")
}

#[test]
fn every_operation_has_a_schema_and_requests() {
    let ids: BTreeSet<&str> = cloud_backup_sdk::operations()
        .iter()
        .map(|o| o.id)
        .collect();
    let covered: BTreeSet<&str> = common::OPERATIONS.into_iter().collect();
    assert_eq!(
        ids, covered,
        "the benchmark covers every operation of the crate"
    );
    for id in common::OPERATIONS {
        let schema = common::read_json(&common::schema_path(id));
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{id}: the schema names draft 2020-12"
        );
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("{id}: the schema is not a valid JSON Schema: {e}");
        }
        common::validator(id);
        for case in [common::VALID, common::INVALID, common::INVALID_TYPED] {
            assert!(
                common::request_path(id, case).is_file(),
                "{id}: no {case} request"
            );
        }
    }
}

#[test]
fn valid_requests_pass_the_schema_and_the_crate() {
    for id in common::OPERATIONS {
        let fixture =
            common::read_json(&support::root().join(format!("tests/fixtures/requests/{id}.json")));
        for (what, request) in [
            ("fixture", fixture),
            ("benchmark", common::request(id, common::VALID)),
        ] {
            let errors = schema_errors(id, &request);
            assert!(
                errors.is_empty(),
                "{id}: the schema rejects the {what} request: {errors:#?}"
            );
            assert!(
                common::validator(id).is_valid(&request),
                "{id}: is_valid disagrees"
            );
            if let Err(e) = validate_json(id, &request) {
                panic!("{id}: validate_json rejects the {what} request: {e}");
            }
            if let Err(e) = common::validate_typed(id, &request) {
                panic!("{id}: validate() rejects the {what} request: {e}");
            }
        }
    }
}

#[test]
fn invalid_requests_fail_the_schema_and_the_crate() {
    for id in common::OPERATIONS {
        for case in [common::INVALID, common::INVALID_TYPED] {
            let request = common::request(id, case);
            assert!(
                !schema_errors(id, &request).is_empty(),
                "{id}: the schema accepts the {case} request"
            );
            assert!(
                !common::validator(id).is_valid(&request),
                "{id}: is_valid disagrees"
            );
            assert!(
                validate_json(id, &request).is_err(),
                "{id}: validate_json accepts the {case} request"
            );
        }
        let typed = common::validate_typed(id, &common::request(id, common::INVALID_TYPED));
        assert!(
            typed.is_err(),
            "{id}: validate() accepts the invalid-typed request"
        );
    }
}

/// The invalid requests break constraints of several kinds, and the typed one keeps every
/// violation of the JSON one that a request type can hold.
#[test]
fn invalid_requests_break_several_kinds_of_constraint() {
    for id in common::OPERATIONS {
        let json = violations(validate_json(id, &common::request(id, common::INVALID)));
        let rules: BTreeSet<&str> = json.iter().map(|(_, rule)| *rule).collect();
        for kind in ["range", "enum", "required"] {
            assert!(
                rules.contains(kind),
                "{id}: no `{kind}` violation in {rules:?}"
            );
        }
        assert!(
            rules.contains("pattern") || rules.contains("format"),
            "{id}: no pattern or format violation in {rules:?}"
        );
        let has_rules = id != "tencentcloud.postgres.CreateBackupPlan";
        let cross_field = [
            "required_if",
            "allowed_if",
            "range_if",
            "at_least_one_of",
            "check",
        ];
        assert_eq!(
            cross_field.iter().any(|k| rules.contains(k)),
            has_rules,
            "{id}: cross-field violations in {rules:?}"
        );

        let typed_request = common::request(id, common::INVALID_TYPED);
        let typed = violations(common::validate_typed(id, &typed_request));
        let missing: Vec<_> = typed.difference(&json).collect();
        assert!(
            missing.is_empty(),
            "{id}: the invalid-typed request has violations the invalid one lacks: {missing:?}"
        );
        assert_eq!(
            typed,
            violations(validate_json(id, &typed_request)),
            "{id}: validate() and validate_json disagree on the invalid-typed request"
        );
    }
}
