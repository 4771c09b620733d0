//! The documents' own examples: every whole-request example builds from its JSON, validates,
//! and serializes back to the document's JSON (compared as JSON values); every example
//! response deserializes into the operation's response type.

mod support;

use cloud_backup_sdk::alibabacloud::{dbs, hbr};
use cloud_backup_sdk::huaweicloud::vbs;
use cloud_backup_sdk::tencentcloud::postgres;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn round_trip(id: &str, json: &Value) -> Value {
    support::typed_round_trip(id, json).unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn response_round_trip(id: &str, json: &Value) {
    fn check<T: DeserializeOwned + Serialize>(json: &Value) {
        let typed: T =
            serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{e}\n{json}"));
        // Every documented field survives: nothing of the example is lost.
        assert_eq!(&serde_json::to_value(&typed).unwrap(), json);
    }
    match id {
        "tencentcloud.postgres.CreateBackupPlan" => {
            check::<postgres::CreateBackupPlanResponse>(json)
        }
        "alibabacloud.dbs.CreateAndStartBackupPlan" => {
            check::<dbs::CreateAndStartBackupPlanResponse>(json)
        }
        "alibabacloud.dbs.ConfigureBackupPlan" => check::<dbs::ConfigureBackupPlanResponse>(json),
        "huaweicloud.vbs.CreateBackupPolicy" => check::<vbs::CreateBackupPolicyResponse>(json),
        "alibabacloud.hbr.CreateBackupPlan" => check::<hbr::CreateBackupPlanResponse>(json),
        other => panic!("no typed response for {other}; add it here"),
    }
}

fn model() -> specgen::model::Model {
    let (sources, result) = specgen::build(&support::root().join("specs"), "cloud_backup_sdk");
    result
        .unwrap_or_else(|e| panic!("{}", e.render(&sources, false)))
        .model
}

#[test]
fn every_document_example_validates_and_serializes_to_the_documents_json() {
    let mut seen = 0;
    for service in model().services {
        for op in &service.operations {
            for example in &op.examples {
                let Some(mut request) = example.request.clone() else {
                    continue;
                };
                for (k, v) in &example.path_parameters {
                    request.insert(k.clone(), Value::String(v.clone()));
                }
                let request = Value::Object(request);
                if let Err(e) = cloud_backup_sdk::validate_json(&op.id, &request).unwrap() {
                    panic!("{} example {:?} is invalid: {e}", op.id, example.title);
                }
                assert_eq!(
                    round_trip(&op.id, &request),
                    request,
                    "{} example {:?}",
                    op.id,
                    example.title
                );
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 2,
        "the Tencent and Huawei pages each show an example request"
    );
}

#[test]
fn every_document_response_example_deserializes() {
    let mut seen = 0;
    for service in model().services {
        for op in &service.operations {
            for example in &op.examples {
                let Some(response) = &example.response else {
                    continue;
                };
                // Tencent Cloud wraps the result in `Response`; Huawei's error example is an
                // envelope, not a success response.
                let body = match service.protocol {
                    specgen::model::Protocol::Tc3 => {
                        response.get("Response").cloned().unwrap_or(Value::Null)
                    }
                    _ => response.clone(),
                };
                response_round_trip(&op.id, &body);
                seen += 1;
            }
        }
    }
    assert!(seen >= 2);
}

#[test]
fn the_valid_base_requests_validate_and_round_trip() {
    for op in cloud_backup_sdk::operations() {
        let path = support::root().join(format!("tests/fixtures/requests/{}.json", op.id));
        let request: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if let Err(e) = (op.validate_json)(&request) {
            panic!("{}: {e}", op.id);
        }
        assert_eq!(round_trip(op.id, &request), request, "{}", op.id);
    }
}

#[test]
fn operations_are_listed_by_id() {
    let ids: Vec<&str> = cloud_backup_sdk::operations()
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(
        ids,
        [
            "alibabacloud.dbs.ConfigureBackupPlan",
            "alibabacloud.dbs.CreateAndStartBackupPlan",
            "alibabacloud.hbr.CreateBackupPlan",
            "huaweicloud.vbs.CreateBackupPolicy",
            "tencentcloud.postgres.CreateBackupPlan",
        ]
    );
    let unknown = cloud_backup_sdk::validate_json("aws.s3.PutObject", &Value::Null).unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("tencentcloud.postgres.CreateBackupPlan")
    );
    let dbs = cloud_backup_sdk::operation("alibabacloud.dbs.ConfigureBackupPlan").unwrap();
    assert_eq!(dbs.idempotency_token, Some("ClientToken"));
    assert_eq!(dbs.service.api_version, "2019-03-06");
    let tencent = cloud_backup_sdk::operation("tencentcloud.postgres.CreateBackupPlan").unwrap();
    assert_eq!(tencent.service.rate_limits[0].requests, 20);
    assert!(tencent.service.regions.unwrap().contains(&"ap-guangzhou"));
}
