//! The JSON entry point reports what the typed one does: a nested object with one bad member
//! is still judged by the rules that read its other members.

use cloud_backup_sdk::huaweicloud::vbs::CreateBackupPolicyRequest;

fn paths_and_rules(errors: cloud_backup_sdk::ValidationErrors) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = errors
        .violations()
        .iter()
        .map(|v| (v.path.clone(), v.rule.to_owned()))
        .collect();
    v.sort();
    v
}

#[test]
fn a_nested_object_with_a_bad_member_is_still_checked_by_rules() {
    let request = serde_json::json!({
        "project_id": "p",
        "backup_policy_name": "nightly",
        "scheduled_policy": {
            "start_time": "02:00,01:00",
            "frequency": 15,
            "rentention_num": 7,
            "status": "ON"
        }
    });
    let from_json = cloud_backup_sdk::validate_json("huaweicloud.vbs.CreateBackupPolicy", &request)
        .expect("a known operation")
        .expect_err("two violations");
    let typed: CreateBackupPolicyRequest = serde_json::from_value(request).expect("well typed");
    let from_typed = typed.validate().expect_err("two violations");
    let expected = vec![
        ("scheduled_policy.frequency".to_owned(), "range".to_owned()),
        ("scheduled_policy.start_time".to_owned(), "check".to_owned()),
    ];
    assert_eq!(paths_and_rules(from_json), expected);
    assert_eq!(paths_and_rules(from_typed), expected);
}

#[test]
fn an_incomplete_nested_object_reports_what_it_lacks_once() {
    let request = serde_json::json!({
        "project_id": "p",
        "backup_policy_name": "nightly",
        "scheduled_policy": { "start_time": "01:00", "rentention_num": 7 }
    });
    let errors = cloud_backup_sdk::validate_json("huaweicloud.vbs.CreateBackupPolicy", &request)
        .expect("a known operation")
        .expect_err("status is required");
    let found = paths_and_rules(errors);
    assert!(
        found.contains(&("scheduled_policy.status".to_owned(), "required".to_owned())),
        "{found:?}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|(p, _)| p == "scheduled_policy")
            .count(),
        0,
        "the object itself is not reported as missing: {found:?}"
    );
}
