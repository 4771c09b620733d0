//! Requests built to cost: lists of 20,000 and 100,000 items that break a check each, values
//! of megabytes, and members named twice. Each ends in a verdict whose report is bounded
//! (the first violations of each field listed, the rest counted, long values cut), and in work
//! linear in the request: the counted work is bounded in the runtime's own tests; here, a
//! limit of seconds that a validation quadratic in the items misses by minutes.

use std::time::{Duration, Instant};

use cloud_backup_runtime::{MAX_LISTED, MAX_LISTED_PER_FIELD, MAX_SHOWN_BYTES};
use cloud_backup_sdk::{ValidationErrors, tencentcloud};
use serde_json::{Value, json};

const DBS: &str = "alibabacloud.dbs.ConfigureBackupPlan";
const TENCENT: &str = "tencentcloud.postgres.CreateBackupPlan";
const HUAWEI: &str = "huaweicloud.vbs.CreateBackupPolicy";

/// The largest a report may print: every violation it may list, each with a value cut to
/// [`MAX_SHOWN_BYTES`] twice (message and value) and room for its words, plus the lines that
/// count the rest.
const MAX_REPORT_BYTES: usize = 2 * MAX_LISTED * (2 * MAX_SHOWN_BYTES + 1_024);

/// A validation of 100,000 items takes well under a second in a debug build; one comparing
/// every pair of items, or every pair of violations, takes minutes in a release build.
const GENEROUS: Duration = Duration::from_secs(30);

fn valid(id: &str) -> Value {
    let path = format!(
        "{}/benches/requests/{id}.valid.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The valid request of `id` with `name` set to `value`.
fn with(id: &str, name: &str, value: Value) -> Value {
    let mut request = valid(id);
    request[name] = value;
    request
}

/// Validates, within the generous limit, and returns the refusal.
fn refused(id: &str, request: &Value) -> ValidationErrors {
    let start = Instant::now();
    let result = cloud_backup_sdk::validate_json(id, request).expect("a known operation");
    let took = start.elapsed();
    assert!(took < GENEROUS, "{id} took {took:?}");
    result.expect_err("a hostile request is refused")
}

/// A report's size and shape, whatever the request: a bounded list, the rest counted.
fn assert_bounded(e: &ValidationErrors) {
    assert!(e.len() <= 2 * MAX_LISTED, "{} violations listed", e.len());
    let text = e.to_string();
    assert!(
        text.len() <= MAX_REPORT_BYTES,
        "a report of {} bytes",
        text.len()
    );
    let json: usize = e
        .violations()
        .iter()
        .map(|v| v.to_json().to_string().len())
        .sum();
    assert!(json <= MAX_REPORT_BYTES, "{json} bytes of JSON lines");
}

/// The violations left out at `field`.
fn omitted_at(e: &ValidationErrors, field: &str) -> usize {
    e.omitted_fields()
        .iter()
        .filter(|o| o.field == field)
        .map(|o| o.count())
        .sum()
}

fn listed_at(e: &ValidationErrors, prefix: &str) -> usize {
    e.violations()
        .iter()
        .filter(|v| v.path.starts_with(prefix))
        .count()
}

#[test]
fn a_dbs_backup_period_of_many_unknown_days_is_refused_with_a_bounded_report() {
    for n in [20_000, 100_000] {
        let days: Vec<String> = (0..n).map(|i| format!("Day{i}")).collect();
        let request = with(DBS, "BackupPeriod", Value::String(days.join(",")));
        let e = refused(DBS, &request);
        assert_bounded(&e);
        // The count (a reading: a warning), then the first unknown days; every other day is
        // counted.
        let rules: Vec<&str> = e.violations().iter().map(|v| v.rule).collect();
        assert_eq!(rules[..2], ["count", "enum"], "{e}");
        assert_eq!(listed_at(&e, "BackupPeriod"), 1 + MAX_LISTED_PER_FIELD);
        assert_eq!(omitted_at(&e, "BackupPeriod"), n - MAX_LISTED_PER_FIELD);
        assert_eq!(e.len() + e.omitted(), n + 1);
        let more = format!(
            "- ... and {} more errors of BackupPeriod",
            thousands(n - MAX_LISTED_PER_FIELD)
        );
        assert!(e.to_string().ends_with(&more), "{e}");
    }
}

#[test]
fn a_tencent_backup_period_of_many_distinct_days_is_refused_with_a_bounded_report() {
    for n in [20_000, 100_000] {
        // Distinct days past 31: the uniqueness check looks at every item and finds no repeat.
        let dates: Vec<String> = (0..n).map(|i| (i + 32).to_string()).collect();
        let e = refused(TENCENT, &with(TENCENT, "BackupPeriod", json!(dates)));
        assert_bounded(&e);
        assert!(e.violations().iter().all(|v| v.rule != "unique"), "{e}");
        assert_eq!(e.errors().count(), MAX_LISTED_PER_FIELD);
        assert_eq!(e.omitted_errors(), n - MAX_LISTED_PER_FIELD);
        // The count is a reading: a warning, listed beside the errors.
        assert_eq!(e.warnings().map(|v| v.rule).collect::<Vec<_>>(), ["count"]);

        // A repeat at the very end is found, at its index.
        let mut repeated = dates.clone();
        repeated[n - 1] = repeated[0].clone();
        let e = refused(TENCENT, &with(TENCENT, "BackupPeriod", json!(repeated)));
        let unique = e.violations().iter().find(|v| v.rule == "unique");
        let message = unique.map(|v| v.message.as_str()).unwrap_or_default();
        assert!(
            message.contains(&format!("item {} repeats an earlier one", n - 1)),
            "{e}"
        );
    }
}

#[test]
fn a_typed_request_of_many_items_is_refused_with_a_bounded_report() {
    use tencentcloud::postgres::create_backup_plan::*;
    let n = 100_000;
    let start = Instant::now();
    let e = CreateBackupPlanRequest::builder()
        .db_instance_id("postgres-kwk4tq23")
        .plan_name("plan1")
        .backup_period_type(BackupPeriodType::Month)
        .backup_period((0..n).map(|i| (i % 40).to_string()))
        .min_backup_start_time("01:00:00")
        .max_backup_start_time("02:00:00")
        .build()
        .expect_err("days past 31 are refused");
    assert!(start.elapsed() < GENEROUS, "took {:?}", start.elapsed());
    assert_bounded(&e);
    // 1 to 31 pass, 0 and 32 to 39 do not: 9 of every 40 items.
    assert_eq!(e.errors().count() + e.omitted_errors(), n / 40 * 9);
}

#[test]
fn huawei_tags_by_the_thousand_are_refused_with_a_bounded_report() {
    for n in [20_000, 100_000] {
        let tags: Vec<Value> = (0..n)
            .map(|i| json!({"key": format!("env:{i}"), "value": "prod"}))
            .collect();
        let e = refused(HUAWEI, &with(HUAWEI, "tags", Value::Array(tags)));
        assert_bounded(&e);
        // Each key breaks its charset once, though each tag is checked where it is decoded
        // and again where it is used.
        assert_eq!(listed_at(&e, "tags["), MAX_LISTED_PER_FIELD);
        assert_eq!(e.len() + e.omitted(), n);
        assert_eq!(omitted_at(&e, "tags.key"), n - MAX_LISTED_PER_FIELD);
    }
}

#[test]
fn many_fields_with_violations_are_counted_beyond_the_request_cap() {
    // Undocumented parameters are warnings, one field each: the request's cap applies.
    let mut request = valid(TENCENT);
    for i in 0..20_000 {
        request[format!("Extra{i}")] = json!(i);
    }
    request["PlanName"] = json!(12);
    let e = refused(TENCENT, &request);
    assert_bounded(&e);
    assert_eq!(e.warnings().count(), MAX_LISTED);
    // The one error is listed, however many warnings came first.
    assert_eq!(
        e.errors().map(|v| v.path.as_str()).collect::<Vec<_>>(),
        ["PlanName"]
    );
    assert_eq!(e.omitted(), 20_000 - MAX_LISTED);
    assert!(
        e.to_string().ends_with("more warnings of other fields"),
        "{e}"
    );
}

#[test]
fn a_value_of_ten_megabytes_is_shown_cut() {
    let huge = "x".repeat(10 * 1024 * 1024);
    let e = refused(HUAWEI, &with(HUAWEI, "backup_policy_name", json!(huge)));
    assert_bounded(&e);
    let v = &e.violations()[0];
    assert_eq!((v.path.as_str(), v.rule), ("backup_policy_name", "length"));
    let value = v.value.as_deref().unwrap_or_default();
    assert!(value.starts_with("\"xxxx"), "{value}");
    assert!(
        value.ends_with(&format!(
            "... (cut at {MAX_SHOWN_BYTES} of 10,485,762 bytes)"
        )),
        "{value}"
    );
    assert!(v.message.contains(value), "{}", v.message);

    // An undocumented parameter of ten megabytes, under a name of one: both cut.
    let mut request = valid(TENCENT);
    request["y".repeat(1024 * 1024)] = json!([huge]);
    let w = cloud_backup_sdk::validate_json(TENCENT, &request)
        .expect("a known operation")
        .expect("an undocumented parameter is a warning");
    let v = &w.violations()[0];
    assert_eq!(v.rule, "undocumented");
    assert!(v.path.len() < 100, "{}", v.path);
    assert!(v.to_string().len() < 1_024, "{v}");
    assert!(
        v.value
            .as_ref()
            .is_some_and(|v| v.len() < 2 * MAX_SHOWN_BYTES)
    );
}

/// The violations of a request given as text, by rule and path.
fn text_verdict(id: &str, text: &str) -> Vec<(&'static str, String)> {
    let start = Instant::now();
    let result = cloud_backup_sdk::validate_json_text(id, text).expect("a known operation");
    assert!(start.elapsed() < GENEROUS, "took {:?}", start.elapsed());
    let violations = match result {
        Ok(w) => w.into_violations(),
        Err(e) => e.into_violations(),
    };
    violations.into_iter().map(|v| (v.rule, v.path)).collect()
}

fn duplicate(path: &str) -> (&'static str, String) {
    ("duplicate", path.to_owned())
}

#[test]
fn a_member_given_twice_is_refused_at_its_path() {
    // The issue's request: a number, then a valid name. Read as a value, it passed.
    let text = r#"{"DBInstanceId": "postgres-kwk4tq23", "PlanName": 123456,
        "BackupPeriodType": "month", "BackupPeriod": ["1", "2"],
        "MinBackupStartTime": "01:00:00", "MaxBackupStartTime": "02:00:00",
        "PlanName": "plan1"}"#;
    let value: Value = serde_json::from_str(text).unwrap();
    assert!(
        cloud_backup_sdk::validate_json(TENCENT, &value)
            .unwrap()
            .is_ok()
    );
    assert_eq!(text_verdict(TENCENT, text), [duplicate("PlanName")]);
    let valid_text = valid(TENCENT).to_string();
    assert_eq!(text_verdict(TENCENT, &valid_text), []);

    // Nested: in an object, in a list's item, inside a JSON string member.
    let mut huawei = valid(HUAWEI).to_string();
    huawei = huawei.replacen(r#""frequency":1"#, r#""frequency":1,"frequency":2"#, 1);
    huawei = huawei.replacen(
        r#"{"key":"team","value":"storage_ops"}"#,
        r#"{"key":"team","value":"storage_ops","key":"x"}"#,
        1,
    );
    assert_eq!(
        text_verdict(HUAWEI, &huawei),
        [
            duplicate("scheduled_policy.frequency"),
            duplicate("tags[1].key")
        ]
    );
    let dbs = valid(DBS).to_string().replacen(
        r#"{\"DBName\":\"orders\","#,
        r#"{\"DBName\":\"orders\",\"DBName\":\"sales\","#,
        1,
    );
    assert_eq!(
        text_verdict(DBS, &dbs),
        [duplicate("BackupObjects[0].DBName")]
    );

    // Deep in an undocumented parameter, the path names every level.
    let depth = 100;
    let deep = format!(
        r#"{{"DBInstanceId": "postgres-kwk4tq23", "Deep": {}{{"a": 1, "a": 2}}{}}}"#,
        r#"{"n":"#.repeat(depth),
        "}".repeat(depth)
    );
    let found = text_verdict(TENCENT, &deep);
    let path = format!("Deep{}.a", ".n".repeat(depth));
    assert!(found.contains(&duplicate(&path)), "{found:?}");
}

#[test]
fn text_that_is_not_json_is_a_verdict() {
    for text in [
        "",
        "{",
        r#"{"PlanName": "a",}"#,
        "\u{FEFF}{}",
        // Deeper than the parser goes: refused, not a stack overflow.
        &"[".repeat(100_000),
    ] {
        assert_eq!(
            text_verdict(TENCENT, text),
            [("json", String::new())],
            "{text:.20}"
        );
    }
    let bytes = [b'{', b'"', 0xFF, b'"', b':', b'1', b'}'];
    let e = cloud_backup_sdk::validate_json_text(TENCENT, bytes)
        .unwrap()
        .unwrap_err();
    assert_eq!(e.violations()[0].rule, "json");
    assert!(
        e.violations()[0]
            .message
            .starts_with("the request is not JSON")
    );
}

/// `19,991`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
