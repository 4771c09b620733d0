//! Every feature of the fixture spec set `tests/fixtures/specs/example/demo`, checked through
//! the code generated from it: builders, constraints, rules, messages, redaction, keyword
//! names, serde wire forms, dynamic JSON validation, responses, error codes, enums, and the
//! operation table.

use serde_json::{Value, json};
use specgen_golden::example::demo::create_widget::{
    Day, Part, Schedule, Settings, State, WidgetType,
};
use specgen_golden::example::demo::{
    Color, CreateWidgetErrorCode, CreateWidgetRequest, CreateWidgetRequestBuilder,
    CreateWidgetResponse, Label, PingErrorCode, PingRequest, PingResponse, SERVICE,
};
use specgen_golden::runtime::{
    OperationInfo, Protocol, RateLimit, Source, ValidationErrors, Violation,
};

const SPEC: &str = "specs/example/demo/CreateWidget.yaml";
const SERVICE_SPEC: &str = "specs/example/demo/service.yaml";
const DOCUMENT: &str = "fixtures/demo.txt";

/// The request of the `examples:` entry of CreateWidget.yaml, verbatim.
const DOC_EXAMPLE: &str = r#"{"name": "w1", "type": "small", "self": true, "size": 5, "colors": "red,green", "schedule": {"times": "22:00,00:00", "every": 1}, "time_zone": "UTC+02:00", "settings": "{\"safe\":true}", "labels": [{"key": "env", "value": "dev"}]}"#;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The smallest valid request: the two required fields, plus `code`, which the `required_if`
/// rule asks for when neither exception holds.
fn base() -> CreateWidgetRequestBuilder {
    CreateWidgetRequest::builder()
        .project_id("p1")
        .name("w1")
        .code("AB12")
}

fn source(reference: &'static str) -> Source {
    Source {
        spec: SPEC,
        document: DOCUMENT,
        reference,
    }
}

/// The violations of a result that must have failed.
fn violations<T: std::fmt::Debug>(result: Result<T, ValidationErrors>) -> Vec<Violation> {
    match result {
        Ok(v) => panic!("expected violations, but it was accepted: {v:?}"),
        Err(e) => {
            assert!(!e.is_empty());
            assert_eq!(e.len(), e.violations().len());
            e.into_violations()
        }
    }
}

/// `path:rule` of each violation, empty when the result is `Ok`.
fn summary<T>(result: Result<T, ValidationErrors>) -> Vec<String> {
    match result {
        Ok(_) => Vec::new(),
        Err(e) => e
            .violations()
            .iter()
            .map(|v| format!("{}:{}", v.path, v.rule))
            .collect(),
    }
}

/// `path:rule` of each violation of building `b`.
fn problems(b: CreateWidgetRequestBuilder) -> Vec<String> {
    summary(b.build())
}

/// Asserts that `b` builds, and that the built value validates too.
#[track_caller]
fn assert_builds(b: CreateWidgetRequestBuilder) -> CreateWidgetRequest {
    match b.build() {
        Ok(request) => {
            if let Err(e) = request.validate() {
                panic!("built, but validate() rejects it: {e}");
            }
            request
        }
        Err(e) => panic!("expected the request to build, got {e}"),
    }
}

fn operation(id: &str) -> &'static OperationInfo {
    specgen_golden::operations()
        .iter()
        .find(|op| op.id == id)
        .unwrap_or_else(|| panic!("operation {id} is missing"))
}

fn validate_json(value: &Value) -> Result<(), ValidationErrors> {
    (operation("example.demo.CreateWidget").validate_json)(value)
}

/// `path:rule` of each violation of the JSON form `value` of a CreateWidget request.
fn json_problems(value: Value) -> Vec<String> {
    summary(validate_json(&value))
}

/// A minimal valid JSON request with `extra` members merged in.
fn json_request(extra: Value) -> Value {
    let mut value = json!({"project_id": "p1", "name": "w1", "code": "AB12"});
    if let (Value::Object(target), Value::Object(extra)) = (&mut value, extra) {
        target.extend(extra);
    }
    value
}

fn schedule(value: Value) -> Schedule {
    serde_json::from_value(value).unwrap()
}

fn label(value: Value) -> Label {
    serde_json::from_value(value).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Builder
// ---------------------------------------------------------------------------------------------

#[test]
fn minimal_request_builds() {
    let request = assert_builds(base());
    assert_eq!(request.project_id, "p1");
    assert_eq!(request.name, "w1");
    assert_eq!(request.code.as_deref(), Some("AB12"));
    assert_eq!(request.size, None);
    // The documented default of `size` is applied by the service, never sent by this crate.
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"project_id": "p1", "name": "w1", "code": "AB12"})
    );
    // The other exception of the code rule: a green color instead of a code.
    assert_builds(
        CreateWidgetRequest::builder()
            .project_id("p1")
            .name("w1")
            .color(Color::Green),
    );
}

#[test]
fn missing_required_fields_are_all_reported_at_their_wire_paths() {
    let v = violations(CreateWidgetRequest::builder().build());
    let found: Vec<(&str, &str, &str)> = v
        .iter()
        .map(|v| (v.path.as_str(), v.rule, v.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("project_id", "required", "project_id is required"),
            ("name", "required", "name is required"),
            (
                "code",
                "required_if",
                "code is required unless color is green, or type is small and self is true"
            ),
        ]
    );
    assert_eq!(v[0].source, Some(source("project_id")));
    assert_eq!(v[1].source, Some(source("name")));
    assert_eq!(v[0].value, None);
    // Missing fields and broken constraints come together, not one at a time.
    assert_eq!(
        problems(
            CreateWidgetRequest::builder()
                .project_id("")
                .size(0)
                .code("x")
        ),
        [
            "project_id:length",
            "name:required",
            "size:range",
            "code:pattern"
        ]
    );
    // Nested objects report their own missing members, relative to themselves.
    assert_eq!(
        summary(Schedule::builder().build()),
        ["times:required", "every:at_least_one_of"]
    );
    assert_eq!(
        summary(Label::builder().value("v").build()),
        ["key:required"]
    );
}

#[test]
fn validate_on_a_deserialized_request_reports_what_the_builder_reports() {
    let wire = json!({
        "project_id": "p1",
        "name": "Default name too long",
        "type": "large",
        "size": 100,
        "code": "AB123",
        "password": "hunter2",
        "settings": "{\"safe\":true}",
        "schedule": {"times": "22:00,00:00"},
        "labels": [{"key": "bad key"}],
        "time_zone": "UTC+99:00",
    });
    let deserialized: CreateWidgetRequest = serde_json::from_value(wire.clone()).unwrap();
    let built = CreateWidgetRequest::builder()
        .project_id("p1")
        .name("Default name too long")
        .r#type(WidgetType::Large)
        .size(100)
        .code("AB123")
        .password("hunter2")
        .settings(Settings::builder().safe(true).build().unwrap())
        .schedule(schedule(json!({"times": "22:00,00:00"})))
        .labels([label(json!({"key": "bad key"}))])
        .time_zone("UTC+99:00");
    let from_validate = violations(deserialized.validate());
    let from_builder = violations(built.build());
    assert_eq!(from_validate, from_builder);
    let found: Vec<String> = from_builder
        .iter()
        .map(|v| format!("{}:{}", v.path, v.rule))
        .collect();
    assert_eq!(
        found,
        [
            "name:length",
            "name:charset",
            "name:prefix",
            "size:range",
            "code:pattern",
            "password:length",
            "schedule.every:at_least_one_of",
            "labels[0].key:charset",
            "time_zone:format",
            "scale:required_if",
            "password:allowed_if",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Constraints: each accepts its edges and rejects one step outside
// ---------------------------------------------------------------------------------------------

#[test]
fn name_length_is_1_to_16_characters() {
    assert_builds(base().name("a"));
    assert_builds(base().name("a".repeat(16)));
    assert_eq!(problems(base().name("")), ["name:length"]);
    assert_eq!(problems(base().name("a".repeat(17))), ["name:length"]);
    // Length counts characters, not bytes.
    assert_builds(base().name("é".repeat(16)));
    assert_eq!(problems(base().name("é".repeat(17))), ["name:length"]);
}

#[test]
fn name_charset_is_letters_digits_underscore_and_dash() {
    assert_builds(base().name("Az09_-"));
    assert_builds(base().name("ñandú"));
    assert_builds(base().name("日本語"));
    // `digits` are 0-9: other numerals (Arabic-Indic, superscripts) are refused.
    assert_eq!(problems(base().name("w١٢٣")), ["name:charset"]);
    assert_eq!(problems(base().name("w²")), ["name:charset"]);
    for bad in ["a b", "a.b", "a/b", "a+b", "w1!"] {
        assert_eq!(problems(base().name(bad)), ["name:charset"], "{bad:?}");
    }
    let v = violations(base().name("a.b").build());
    assert_eq!(
        v[0].message,
        "name may contain only letters, digits, `_` and `-`; '.' is not allowed (got \"a.b\")"
    );
}

#[test]
fn name_must_not_start_with_default_in_any_case() {
    for bad in ["default", "DEFAULT", "Default1", "dEfAuLt-x"] {
        assert_eq!(problems(base().name(bad)), ["name:prefix"], "{bad:?}");
    }
    for good in ["defaul", "my-default", "xdefault", "defau1t"] {
        assert_builds(base().name(good));
    }
    let v = violations(base().name("Default1").build());
    assert_eq!(
        v[0].message,
        "name must not start with `default` in any case (got \"Default1\")"
    );
}

#[test]
fn project_id_length_is_1_to_64() {
    assert_builds(base().project_id("p".repeat(64)));
    assert_eq!(problems(base().project_id("")), ["project_id:length"]);
    assert_eq!(
        problems(base().project_id("p".repeat(65))),
        ["project_id:length"]
    );
}

#[test]
fn size_range_is_1_inclusive_to_100_exclusive() {
    assert_builds(base().size(1));
    assert_builds(base().size(99));
    assert_eq!(problems(base().size(100)), ["size:range"]);
    assert_eq!(problems(base().size(0)), ["size:range"]);
    assert_eq!(problems(base().size(-5)), ["size:range"]);
    let v = violations(base().size(100).build());
    assert_eq!(
        v[0].message,
        "size must be at least 1 and less than 100 (got 100)"
    );
    assert_eq!(v[0].value.as_deref(), Some("100"));
}

#[test]
fn code_must_match_the_whole_pattern() {
    assert_builds(base().code("AB12"));
    assert_builds(base().code("ZZ00"));
    for bad in ["AB123", "xAB12", "AB12x", "ab12", "A12", "", "AB 12"] {
        assert_eq!(problems(base().code(bad)), ["code:pattern"], "{bad:?}");
    }
    let v = violations(base().code("AB123").build());
    assert_eq!(
        v[0].message,
        "code must match the pattern `[A-Z]{2}[0-9]{2}` (got \"AB123\")"
    );
}

#[test]
fn x_trace_must_be_ascii() {
    assert_builds(base().x_trace("trace-1 ~!"));
    assert_builds(base().x_trace(""));
    assert_eq!(problems(base().x_trace("tracé")), ["X-Trace:ascii"]);
    let v = violations(base().x_trace("tracé").build());
    assert_eq!(v[0].message, "X-Trace must be ASCII (got \"tracé\")");
}

#[test]
fn token_length_is_1_to_64_and_ascii() {
    assert_builds(base().token("t"));
    assert_builds(base().token("t".repeat(64)));
    assert_eq!(problems(base().token("")), ["token:length"]);
    assert_eq!(problems(base().token("t".repeat(65))), ["token:length"]);
    assert_eq!(problems(base().token("tök")), ["token:ascii"]);
}

#[test]
fn colors_count_is_1_to_3_and_unique() {
    assert_builds(base().colors([Color::Red]));
    assert_builds(base().colors([Color::Red, Color::Green, Color::Itself]));
    assert_eq!(problems(base().colors([])), ["colors:count"]);
    assert_eq!(
        problems(base().colors([Color::Red, Color::Red])),
        ["colors:unique"]
    );
    assert_eq!(
        problems(base().colors([Color::Red, Color::Green, Color::Itself, Color::Green])),
        ["colors:count", "colors:unique"]
    );
    let v = violations(base().colors([]).build());
    assert_eq!(
        v[0].message,
        "colors must have between 1 and 3 items (got 0)"
    );
    let v = violations(base().colors([Color::Green, Color::Green]).build());
    assert_eq!(
        v[0].message,
        "colors must not repeat an item, but item 1 repeats an earlier one (got \"green\")"
    );
}

#[test]
fn labels_count_is_0_to_4() {
    let l = || Label::builder().key("k").build().unwrap();
    assert_builds(base().labels([]));
    assert_builds(base().labels([l(), l(), l(), l()]));
    assert_eq!(
        problems(base().labels([l(), l(), l(), l(), l()])),
        ["labels:count"]
    );
}

#[test]
fn label_key_length_and_charset() {
    assert_eq!(
        summary(Label::builder().key("env-1_A").build()),
        Vec::<String>::new()
    );
    assert_eq!(
        summary(Label::builder().key("k".repeat(8)).build()),
        Vec::<String>::new()
    );
    assert_eq!(summary(Label::builder().key("").build()), ["key:length"]);
    assert_eq!(
        summary(Label::builder().key("k".repeat(9)).build()),
        ["key:length"]
    );
    // ASCII letters only: a Unicode letter is refused here, unlike in `name`.
    assert_eq!(summary(Label::builder().key("é").build()), ["key:charset"]);
    assert_eq!(
        summary(Label::builder().key("a.b").build()),
        ["key:charset"]
    );
    // The optional value: 0 to 8 characters.
    assert_eq!(
        summary(Label::builder().key("k").value("").build()),
        Vec::<String>::new()
    );
    assert_eq!(
        summary(Label::builder().key("k").value("v".repeat(9)).build()),
        ["value:length"]
    );
    // Inside a request, the path names the item.
    assert_eq!(
        problems(base().labels([label(json!({"key": "ok"})), label(json!({"key": "not ok"}))])),
        ["labels[1].key:charset"]
    );
}

#[test]
fn paths_items_are_absolute_and_1_to_255_long() {
    assert_builds(base().paths(["/", "/data", "C:\\data", "\\\\server\\share"]));
    let longest = format!("/{}", "a".repeat(254));
    assert_builds(base().paths([longest.clone()]));
    assert_eq!(
        problems(base().paths([format!("{longest}a")])),
        ["paths[0]:length"]
    );
    assert_eq!(
        problems(base().paths(["/ok", "relative/x"])),
        ["paths[1]:format"]
    );
    assert_eq!(
        problems(base().paths([""])),
        ["paths[0]:length", "paths[0]:format"]
    );
    let v = violations(base().paths(["/ok", "relative/x"]).build());
    assert!(
        v[0].message
            .starts_with("paths[1] must be an absolute path: ")
            && v[0].message.ends_with("(got \"relative/x\")"),
        "{}",
        v[0].message
    );
}

#[test]
fn time_zone_is_a_utc_offset() {
    for good in ["UTC+00:00", "UTC+14:00", "UTC-12:00", "UTC+05:30"] {
        assert_builds(base().time_zone(good));
    }
    for bad in [
        "UTC+14:01",
        "UTC-12:01",
        "UTC+8:00",
        "GMT+08:00",
        "+08:00",
        "",
    ] {
        assert_eq!(
            problems(base().time_zone(bad)),
            ["time_zone:format"],
            "{bad:?}"
        );
    }
}

#[test]
fn started_is_unix_seconds() {
    assert_builds(base().started(0));
    assert_builds(base().started(253_402_300_799));
    assert_eq!(problems(base().started(-1)), ["started:format"]);
    assert_eq!(
        problems(base().started(253_402_300_800)),
        ["started:format"]
    );
    let v = violations(base().started(-1).build());
    assert!(
        v[0].message
            .starts_with("started must be a UNIX time in seconds: "),
        "{}",
        v[0].message
    );
    assert_eq!(v[0].value.as_deref(), Some("-1"));
}

#[test]
fn schedule_times_are_unique_full_hours() {
    let ok = |times: &[&str]| {
        summary(
            Schedule::builder()
                .times(times.iter().copied())
                .every(1)
                .build(),
        )
    };
    assert_eq!(ok(&["00:00", "23:00"]), Vec::<String>::new());
    assert_eq!(ok(&["23:30"]), ["times[0]:format"]);
    assert_eq!(ok(&["01:00", "24:00"]), ["times[1]:format"]);
    assert_eq!(ok(&["1:00"]), ["times[0]:format"]);
    assert_eq!(ok(&["01:00", "01:00"]), ["times:unique"]);
    // Nested in a request, the path starts at the request.
    let request = base()
        .time_zone("UTC+00:00")
        .schedule(schedule(json!({"times": "00:00,01:30", "every": 1})));
    assert_eq!(problems(request), ["schedule.times[1]:format"]);
}

#[test]
fn schedule_every_is_1_to_14() {
    let every = |n| summary(Schedule::builder().times(["01:00"]).every(n).build());
    assert_eq!(every(1), Vec::<String>::new());
    assert_eq!(every(14), Vec::<String>::new());
    assert_eq!(every(0), ["every:range"]);
    assert_eq!(every(15), ["every:range"]);
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

#[test]
fn scale_is_required_when_type_is_large() {
    let v = violations(base().r#type(WidgetType::Large).build());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].path, "scale");
    assert_eq!(v[0].rule, "required_if");
    assert_eq!(v[0].message, "scale is required when type is large");
    assert_eq!(v[0].source, Some(source("rules")));
    assert_builds(base().r#type(WidgetType::Large).scale(0));
    assert_builds(base().r#type(WidgetType::Small));
    assert_builds(base());
}

#[test]
fn code_is_required_unless_green_or_small_and_self() {
    let b = || CreateWidgetRequest::builder().project_id("p1").name("w1");
    let code = ["code:required_if"];
    // No exception holds.
    assert_eq!(problems(b()), code);
    assert_eq!(problems(b().color(Color::Red)), code);
    assert_eq!(problems(b().color(Color::Itself)), code);
    // First branch: color is green.
    assert_builds(b().color(Color::Green));
    // Second branch: both type small and self true are needed.
    assert_builds(b().r#type(WidgetType::Small).self_(true));
    assert_eq!(problems(b().r#type(WidgetType::Small)), code);
    assert_eq!(problems(b().r#type(WidgetType::Small).self_(false)), code);
    assert_eq!(problems(b().self_(true)), code);
    assert_eq!(
        problems(b().r#type(WidgetType::Large).scale(1).self_(true)),
        code
    );
    // Either branch alone is enough, whatever the other says.
    assert_builds(
        b().color(Color::Green)
            .r#type(WidgetType::Large)
            .scale(1)
            .self_(false),
    );
    assert_builds(b().color(Color::Red).r#type(WidgetType::Small).self_(true));
    // A code satisfies it in every case.
    assert_builds(
        b().code("AB12")
            .color(Color::Red)
            .r#type(WidgetType::Small)
            .self_(false),
    );
}

#[test]
fn password_is_allowed_only_when_settings_safe_is_not_true() {
    let safe = |s: bool| Settings::builder().safe(s).build().unwrap();
    let with_password = || base().password("correct-horse");
    assert_builds(with_password());
    assert_builds(with_password().settings(safe(false)));
    assert_builds(with_password().settings(Settings::builder().build().unwrap()));
    assert_builds(base().settings(safe(true)));
    let v = violations(with_password().settings(safe(true)).build());
    assert_eq!(v.len(), 1);
    assert_eq!(
        (v[0].path.as_str(), v[0].rule, v[0].message.as_str()),
        (
            "password",
            "allowed_if",
            "password may be set only when settings.safe is not true"
        )
    );
    assert_eq!(v[0].value, None);
}

#[test]
fn size_is_1_to_10_when_type_is_small() {
    let small = || base().r#type(WidgetType::Small);
    assert_builds(small().size(1));
    assert_builds(small().size(10));
    assert_builds(small());
    let v = violations(small().size(11).build());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].path, "size");
    assert_eq!(v[0].rule, "range_if");
    assert_eq!(
        v[0].message,
        "size must be between 1 and 10 when type is small (got 11)"
    );
    assert_eq!(v[0].value.as_deref(), Some("11"));
    assert_eq!(v[0].source, Some(source("rules")));
    // Below the range both the constraint and the rule are broken.
    assert_eq!(problems(small().size(0)), ["size:range", "size:range_if"]);
    // Without type small only the field's own range applies.
    assert_builds(base().size(11));
    assert_builds(base().r#type(WidgetType::Large).scale(1).size(99));
}

#[test]
fn schedule_days_are_distinct_and_in_the_order_of_the_week() {
    let times = || Schedule::builder().times(["01:00"]);
    assert_eq!(
        summary(times().days([Day::Mon, Day::Tue]).build()),
        Vec::<String>::new()
    );
    let v = violations(times().days([Day::Tue, Day::Mon]).build());
    assert_eq!(v.len(), 1);
    assert_eq!((v[0].path.as_str(), v[0].rule), ("days", "order"));
    assert_eq!(
        v[0].message,
        "days must be in ascending order, but item 1 breaks it (got \"MON\")"
    );
    assert_eq!(
        summary(times().days([Day::Mon, Day::Mon]).build()),
        ["days:unique"]
    );
    // The JSON form is checked the same way.
    assert_eq!(
        json_problems(json_request(
            json!({"schedule": {"times": "01:00", "days": ["TUE", "MON"]}})
        )),
        ["schedule.days:order"]
    );
}

#[test]
fn schedule_needs_every_or_days() {
    let times = || Schedule::builder().times(["01:00"]);
    let v = violations(times().build());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].path, "every");
    assert_eq!(v[0].rule, "at_least_one_of");
    assert_eq!(
        v[0].message,
        "at least one of every and days must be set (every is used when several are)"
    );
    assert_eq!(summary(times().every(1).build()), Vec::<String>::new());
    assert_eq!(
        summary(times().days([Day::Mon]).build()),
        Vec::<String>::new()
    );
    assert_eq!(summary(times().days([]).build()), Vec::<String>::new());
    assert_eq!(
        summary(times().every(2).days([Day::Tue]).build()),
        Vec::<String>::new()
    );
    // Nested in a request.
    assert_eq!(
        problems(base().schedule(schedule(json!({"times": "01:00"})))),
        ["schedule.every:at_least_one_of"]
    );
}

#[test]
fn schedule_times_must_ascend_in_local_time() {
    let times = |t: [&str; 2]| Schedule::builder().times(t).every(1).build().unwrap();
    // 22:00 and 00:00 UTC are 00:00 and 02:00 at UTC+02:00.
    assert_builds(
        base()
            .schedule(times(["22:00", "00:00"]))
            .time_zone("UTC+02:00"),
    );
    // Without a time zone they are UTC, and 00:00 is not after 22:00.
    let v = violations(base().schedule(times(["22:00", "00:00"])).build());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].path, "schedule.times");
    assert_eq!(v[0].rule, "check");
    assert_eq!(
        v[0].message,
        "Times must be in ascending order of local time: expected execution times in ascending \
         local time order, but time 1 (local 00:00) is not after time 0 (local 22:00)"
    );
    assert_eq!(v[0].source, Some(source("rules")));
    assert_eq!(
        problems(
            base()
                .schedule(times(["22:00", "00:00"]))
                .time_zone("UTC+00:00")
        ),
        ["schedule.times:check"]
    );
    // The time zone can also break an order that is ascending in UTC.
    assert_builds(base().schedule(times(["01:00", "03:00"])));
    assert_eq!(
        problems(
            base()
                .schedule(times(["01:00", "03:00"]))
                .time_zone("UTC-03:00")
        ),
        ["schedule.times:check"]
    );
}

#[test]
fn the_server_side_rule_is_not_enforced() {
    // "The name must be unique in the project" depends on state the crate cannot see: the
    // same name is accepted twice, and no violation ever names the rule.
    let first = assert_builds(base().name("w1"));
    let second = assert_builds(base().name("w1"));
    assert_eq!(first, second);
    let v = violations(base().name("").build());
    assert!(
        v.iter()
            .all(|v| v.rule != "server_side" && !v.message.contains("unique")),
        "{v:?}"
    );
    validate_json(&json_request(json!({"name": "w1"}))).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

#[test]
fn violations_carry_path_rule_message_value_and_source() {
    let long = "a".repeat(17);
    let v = violations(base().name(long.clone()).build());
    assert_eq!(
        v,
        [Violation {
            path: "name".to_owned(),
            rule: "length",
            message: format!(
                "name must be between 1 and 16 characters long, not 17 (got \"{long}\")"
            ),
            value: Some(format!("\"{long}\"")),
            source: Some(source("name")),
        }]
    );
    assert_eq!(
        v[0].to_string(),
        format!(
            "name must be between 1 and 16 characters long, not 17 (got \"{long}\") \
             [length: specs/example/demo/CreateWidget.yaml (fixtures/demo.txt, name)]"
        )
    );

    let request = base()
        .time_zone("UTC+00:00")
        .schedule(schedule(json!({"times": "01:00,02:30", "every": 1})));
    let v = violations(request.build());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].path, "schedule.times[1]");
    assert_eq!(v[0].rule, "format");
    assert_eq!(
        v[0].message,
        "schedule.times[1] must be a full hour HH:00: expected a full hour such as 22:00, but \
         the minutes are not 00 (got \"02:30\")"
    );
    assert_eq!(v[0].value.as_deref(), Some("\"02:30\""));
    assert_eq!(v[0].source, Some(source("times")));

    // Label is a shared type of the service spec, so its source is the service spec.
    let v = violations(base().labels([label(json!({"key": "k!"}))]).build());
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].path, "labels[0].key");
    assert_eq!(v[0].rule, "charset");
    assert_eq!(
        v[0].message,
        "labels[0].key may contain only ASCII letters, ASCII digits, `-` and `_`; '!' is not \
         allowed (got \"k!\")"
    );
    assert_eq!(
        v[0].source.map(|s| (s.spec, s.reference)),
        Some((SERVICE_SPEC, "key"))
    );

    // The whole error lists every violation.
    let e = base().name("").size(0).build().unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("2 violations:\n- name must be"), "{text}");
    assert!(
        text.contains("\n- size must be at least 1 and less than 100 (got 0) [range: "),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Sensitive values
// ---------------------------------------------------------------------------------------------

#[test]
fn password_is_redacted_in_debug_output() {
    let secret = "correct-horse-battery";
    let builder = base().password(secret);
    let debug = format!("{builder:?}");
    assert!(!debug.contains(secret), "{debug}");
    assert!(debug.contains("password: \"<redacted>\""), "{debug}");
    assert!(format!("{builder:#?}").contains("<redacted>"));
    let request = assert_builds(builder);
    let debug = format!("{request:?}");
    assert!(!debug.contains(secret), "{debug}");
    assert!(debug.contains("password: \"<redacted>\""), "{debug}");
    assert!(!format!("{request:#?}").contains(secret));
    // Unset, it shows as unset; other fields are shown.
    let debug = format!("{:?}", assert_builds(base()));
    assert!(
        debug.contains("password: None") && debug.contains("name: \"w1\""),
        "{debug}"
    );
    // It is still sent: redaction is for display only.
    assert_eq!(serde_json::to_value(&request).unwrap()["password"], secret);
}

#[test]
fn password_never_appears_in_violations() {
    for secret in ["hunter2", &"x-secret-".repeat(4)] {
        let e = base().password(secret).build().unwrap_err();
        let v = e.violations();
        assert_eq!(summary::<()>(Err(e.clone())), ["password:length"]);
        assert_eq!(v[0].value, None);
        assert!(
            v[0].message.contains("(value redacted)"),
            "{}",
            v[0].message
        );
        for text in [e.to_string(), format!("{e:?}"), v[0].message.clone()] {
            assert!(!text.contains(secret), "{text}");
        }
        // The dynamic path redacts too.
        let e = validate_json(&json_request(json!({"password": secret}))).unwrap_err();
        assert_eq!(e.violations()[0].value, None);
        assert!(!format!("{e} {e:?}").contains(secret));
    }
    let secret = "correct-horse";
    let e = base()
        .password(secret)
        .settings(Settings::builder().safe(true).build().unwrap())
        .build()
        .unwrap_err();
    assert!(!format!("{e} {e:?}").contains(secret));
}

// ---------------------------------------------------------------------------------------------
// Keyword names
// ---------------------------------------------------------------------------------------------

#[test]
fn keyword_fields_and_values_get_rust_names_but_keep_wire_names() {
    let request = assert_builds(
        base()
            .r#type(WidgetType::Small)
            .self_(true)
            .color(Color::Itself)
            .colors([Color::Itself]),
    );
    assert_eq!(request.r#type, Some(WidgetType::Small));
    assert_eq!(request.self_, Some(true));
    assert_eq!(request.color, Some(Color::Itself));
    assert_eq!(Color::Itself.as_str(), "self");
    let wire = serde_json::to_value(&request).unwrap();
    assert_eq!(wire["type"], "small");
    assert_eq!(wire["self"], true);
    assert_eq!(wire["color"], "self");
    assert_eq!(wire["colors"], "self");
    assert!(wire.get("r#type").is_none() && wire.get("self_").is_none());
    let back: CreateWidgetRequest = serde_json::from_value(wire).unwrap();
    assert_eq!(back, request);
    // The Rust names are not wire names.
    let e = serde_json::from_value::<CreateWidgetRequest>(
        json!({"project_id": "p", "name": "n", "self_": true}),
    );
    assert!(e.is_err());
    assert_eq!(
        json_problems(json_request(json!({"self_": true}))),
        ["self_:unknown"]
    );
    // The dynamic path knows them by their wire names.
    assert_eq!(
        json_problems(json!({"project_id": "p", "name": "n", "type": "small", "self": true})),
        Vec::<String>::new()
    );
}

// ---------------------------------------------------------------------------------------------
// serde wire forms
// ---------------------------------------------------------------------------------------------

fn full_request() -> CreateWidgetRequest {
    assert_builds(
        base()
            .x_trace("trace")
            .r#type(WidgetType::Small)
            .self_(false)
            .size(5)
            .color(Color::Red)
            .colors([Color::Red, Color::Green])
            .password("correct-horse")
            .token("tok-1")
            .schedule(
                Schedule::builder()
                    .times(["22:00", "00:00"])
                    .every(1)
                    .days([Day::Mon, Day::Tue])
                    .build()
                    .unwrap(),
            )
            .labels([
                Label::builder().key("env").value("dev").build().unwrap(),
                Label::builder().key("k").build().unwrap(),
            ])
            .settings(Settings::builder().safe(false).build().unwrap())
            .paths(["/data", "C:\\d"])
            .time_zone("UTC+02:00")
            .started(1_700_000_000),
    )
}

#[test]
fn encoded_fields_have_their_wire_forms() {
    let wire = serde_json::to_value(full_request()).unwrap();
    assert_eq!(
        wire,
        json!({
            "project_id": "p1",
            "X-Trace": "trace",
            "name": "w1",
            "type": "small",
            "self": false,
            "size": 5,
            "color": "red",
            "colors": "red,green",
            "code": "AB12",
            "password": "correct-horse",
            "token": "tok-1",
            "schedule": {"times": "22:00,00:00", "every": 1, "days": ["MON", "TUE"]},
            "labels": [{"key": "env", "value": "dev"}, {"key": "k"}],
            "settings": "{\"safe\":false}",
            "paths": "[\"/data\",\"C:\\\\d\"]",
            "time_zone": "UTC+02:00",
            "started": 1_700_000_000,
        })
    );
    let settings = assert_builds(base().settings(Settings::builder().safe(true).build().unwrap()));
    assert_eq!(
        serde_json::to_value(&settings).unwrap()["settings"],
        "{\"safe\":true}"
    );
    let empty = assert_builds(base().settings(Settings::builder().build().unwrap()));
    assert_eq!(serde_json::to_value(&empty).unwrap()["settings"], "{}");
}

#[test]
fn serialization_round_trips() {
    for request in [full_request(), assert_builds(base())] {
        let text = serde_json::to_string(&request).unwrap();
        let back: CreateWidgetRequest = serde_json::from_str(&text).unwrap();
        assert_eq!(back, request);
        back.validate().unwrap();
    }
    // And from the wire form back to the same wire form.
    let wire = serde_json::to_value(full_request()).unwrap();
    let back: CreateWidgetRequest = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), wire);
}

#[test]
fn encoded_fields_decode_from_their_wire_forms_only() {
    let request: CreateWidgetRequest = serde_json::from_value(json_request(json!({
        "colors": "green,self",
        "settings": "{\"safe\":true}",
        "paths": "[\"/a\",\"/b\"]",
        "schedule": {"times": "01:00,02:00", "days": ["TUE"]},
    })))
    .unwrap();
    assert_eq!(request.colors, Some(vec![Color::Green, Color::Itself]));
    assert_eq!(request.settings.as_ref().and_then(|s| s.safe), Some(true));
    assert_eq!(request.paths, Some(vec!["/a".to_owned(), "/b".to_owned()]));
    let schedule = request.schedule.as_ref().unwrap();
    assert_eq!(schedule.times, ["01:00", "02:00"]);
    assert_eq!(schedule.days, Some(vec![Day::Tue]));
    assert_eq!(schedule.every, None);
    // The plain JSON forms are not the wire forms.
    for bad in [
        json!({"colors": ["red"]}),
        json!({"colors": "red,blue"}),
        json!({"settings": {"safe": true}}),
        json!({"settings": "not json"}),
        json!({"paths": ["/a"]}),
        json!({"schedule": {"times": ["01:00"], "every": 1}}),
        json!({"type": "medium"}),
    ] {
        let r = serde_json::from_value::<CreateWidgetRequest>(json_request(bad.clone()));
        assert!(r.is_err(), "{bad} was accepted");
    }
}

#[test]
fn requests_deny_unknown_fields() {
    let e = serde_json::from_value::<CreateWidgetRequest>(json_request(json!({"bogus": 1})))
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("bogus is not a parameter of CreateWidgetRequest"),
        "{e}"
    );
    let e = serde_json::from_value::<Schedule>(json!({"times": "01:00", "every": 1, "bogus": 1}))
        .unwrap_err();
    assert!(
        e.to_string().contains("bogus is not a member of Schedule"),
        "{e}"
    );
    assert!(serde_json::from_value::<Label>(json!({"key": "k", "bogus": 1})).is_err());
    assert!(serde_json::from_value::<Settings>(json!({"safe": true, "bogus": 1})).is_err());
    assert!(serde_json::from_value::<PingRequest>(json!({"x": 1})).is_err());
    // Required members are required by serde too.
    assert!(serde_json::from_value::<CreateWidgetRequest>(json!({"project_id": "p"})).is_err());
}

// ---------------------------------------------------------------------------------------------
// Dynamic JSON validation
// ---------------------------------------------------------------------------------------------

#[test]
fn the_doc_example_has_the_documented_wire_form() {
    let mut example: Value = serde_json::from_str(DOC_EXAMPLE).unwrap();
    example["project_id"] = json!("p1");
    let request: CreateWidgetRequest = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), example);
    assert_eq!(request.r#type, Some(WidgetType::Small));
    assert_eq!(request.colors, Some(vec![Color::Red, Color::Green]));
}

#[test]
fn the_doc_example_is_valid() {
    let mut example: Value = serde_json::from_str(DOC_EXAMPLE).unwrap();
    example["project_id"] = json!("p1");
    assert_eq!(json_problems(example.clone()), Vec::<String>::new());
    let request: CreateWidgetRequest = serde_json::from_value(example).unwrap();
    assert_eq!(summary(request.validate()), Vec::<String>::new());
}

#[test]
fn the_generated_doc_example_compiles() {
    let source = include_str!("../src/gen/example/demo/create_widget.rs");
    assert!(
        !source.contains("///     .type("),
        "the doc example calls the keyword method `.type(`"
    );
    assert!(
        !source.contains("/// use cloud_backup_sdk::"),
        "the doc example names another crate"
    );
}

#[test]
fn valid_json_requests_pass() {
    validate_json(&json_request(json!({}))).unwrap();
    let full = serde_json::to_value(full_request()).unwrap();
    validate_json(&full).unwrap();
    // A request the builder accepts is accepted in its JSON form, and one it rejects is
    // rejected with the same violations.
    let wire = json_request(
        json!({"name": "DEFAULT-x", "size": 100, "colors": "red,red", "time_zone": "UTC+1"}),
    );
    let request: CreateWidgetRequest = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        validate_json(&wire).unwrap_err(),
        request.validate().unwrap_err()
    );
    assert_eq!(
        json_problems(wire),
        [
            "name:prefix",
            "size:range",
            "colors:unique",
            "time_zone:format"
        ]
    );
}

#[test]
fn wrong_json_types_are_type_violations_at_their_path() {
    let e = validate_json(&json_request(json!({"size": "5"}))).unwrap_err();
    assert_eq!(
        e.violations(),
        [Violation {
            path: "size".to_owned(),
            rule: "type",
            message: "size must be a whole number from -2147483648 to 2147483647 (got a string)"
                .to_owned(),
            value: None,
            source: Some(source("size")),
        }]
    );
    assert_eq!(
        json_problems(json_request(json!({"self": "true"}))),
        ["self:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"scale": -1}))),
        ["scale:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"size": 1.5}))),
        ["size:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"size": 3_000_000_000u64}))),
        ["size:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"colors": ["red"]}))),
        ["colors:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"labels": {}}))),
        ["labels:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"labels": [{"key": 1}]}))),
        ["labels[0].key:type"]
    );
    assert_eq!(
        json_problems(json_request(
            json!({"schedule": {"times": "01:00", "every": "1"}})
        )),
        ["schedule.every:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"settings": {"safe": true}}))),
        ["settings:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"settings": "{\"safe\":1}"}))),
        ["settings.safe:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"paths": "[1]"}))),
        ["paths[0]:type"]
    );
    // The request itself must be an object.
    let e = validate_json(&json!(["x"])).unwrap_err();
    assert_eq!(e.violations()[0].path, "");
    assert_eq!(e.violations()[0].rule, "type");
    assert_eq!(
        e.violations()[0].message,
        "the request must be an object (got an array)"
    );
}

#[test]
fn a_wrongly_typed_field_is_not_also_reported_as_missing() {
    assert_eq!(
        json_problems(json!({"project_id": 1, "name": ["w1"], "code": "AB12"})),
        ["name:type", "project_id:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"type": "large", "scale": "1"}))),
        ["scale:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"schedule": {"times": 5, "every": 1}}))),
        ["schedule.times:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"labels": [{"key": 5}]}))),
        ["labels[0].key:type"]
    );
}

#[test]
fn a_wrongly_typed_nested_field_is_not_reported_as_missing_whatever_follows() {
    assert_eq!(
        json_problems(json_request(
            json!({"schedule": {"times": 5, "every": 1}, "size": "5"})
        )),
        ["schedule.times:type", "size:type"]
    );
}

#[test]
fn a_nested_object_of_the_wrong_type_is_only_a_type_violation() {
    assert_eq!(
        json_problems(json_request(json!({"labels": ["x"]}))),
        ["labels[0]:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"schedule": "x"}))),
        ["schedule:type"]
    );
}

#[test]
fn an_invalid_member_does_not_trigger_at_least_one_of() {
    assert_eq!(
        json_problems(json_request(
            json!({"schedule": {"times": "01:00", "days": ["MON", "WED"]}})
        )),
        ["schedule.days[1]:enum"]
    );
}

#[test]
fn unknown_names_are_unknown_violations_with_suggestions() {
    let e = validate_json(&json_request(json!({"nme": "x"}))).unwrap_err();
    assert_eq!(e.len(), 1);
    let v = &e.violations()[0];
    assert_eq!((v.path.as_str(), v.rule), ("nme", "unknown"));
    assert_eq!(
        v.message,
        "nme is not a parameter of CreateWidgetRequest; did you mean name?"
    );
    assert_eq!(v.source, Some(source("parameter table")));
    // Far from every name: no suggestion.
    let e = validate_json(&json_request(json!({"zzzzzz": 1}))).unwrap_err();
    assert_eq!(
        e.violations()[0].message,
        "zzzzzz is not a parameter of CreateWidgetRequest"
    );
    // Case differences and nested members.
    assert!(
        validate_json(&json_request(json!({"x-trace": "t"})))
            .unwrap_err()
            .violations()[0]
            .message
            .ends_with("did you mean X-Trace?")
    );
    let e = validate_json(&json_request(
        json!({"schedule": {"times": "01:00", "every": 1, "evry": 2}}),
    ))
    .unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e.violations()[0].path, "schedule.evry");
    assert_eq!(
        e.violations()[0].message,
        "schedule.evry is not a member of Schedule; did you mean every?"
    );
    assert_eq!(
        json_problems(json_request(json!({"labels": [{"key": "k", "vlue": "v"}]}))),
        ["labels[0].vlue:unknown"]
    );
    assert_eq!(
        json_problems(json_request(json!({"settings": "{\"sfe\":true}"}))),
        ["settings.sfe:unknown"]
    );
}

#[test]
fn a_transposed_name_gets_a_suggestion() {
    let e = validate_json(&json_request(json!({"nmae": "w1"}))).unwrap_err();
    assert_eq!(e.violations()[0].rule, "unknown");
    assert_eq!(
        e.violations()[0].message,
        "nmae is not a parameter of CreateWidgetRequest; did you mean name?"
    );
}

#[test]
fn invalid_enum_values_are_enum_violations() {
    let e = validate_json(&json_request(json!({"type": "medium"}))).unwrap_err();
    assert_eq!(
        e.violations(),
        [Violation {
            path: "type".to_owned(),
            rule: "enum",
            message: "type must be one of: small, large (got \"medium\")".to_owned(),
            value: Some("\"medium\"".to_owned()),
            source: Some(source("type")),
        }]
    );
    assert_eq!(
        json_problems(json_request(json!({"color": "Red"}))),
        ["color:enum"]
    );
    let e = validate_json(&json_request(json!({"colors": "red,blue"}))).unwrap_err();
    assert_eq!(e.violations()[0].path, "colors[1]");
    assert_eq!(
        e.violations()[0].message,
        "colors[1] must be one of: red, green, self (got \"blue\")"
    );
    assert_eq!(
        json_problems(json_request(
            json!({"schedule": {"times": "01:00", "every": 1, "days": ["MON", "WED"]}})
        )),
        ["schedule.days[1]:enum"]
    );
}

#[test]
fn settings_that_are_not_json_are_json_violations() {
    let e = validate_json(&json_request(json!({"settings": "{safe: true}"}))).unwrap_err();
    assert_eq!(e.len(), 1);
    let v = &e.violations()[0];
    assert_eq!((v.path.as_str(), v.rule), ("settings", "json"));
    assert!(
        v.message.starts_with("settings must hold JSON, but "),
        "{}",
        v.message
    );
    assert_eq!(
        json_problems(json_request(json!({"paths": "/a"}))),
        ["paths:json"]
    );
    // A settings value that is not JSON does not make `password` allowed or forbidden.
    assert_eq!(
        json_problems(json_request(
            json!({"settings": "nope", "password": "correct-horse"})
        )),
        ["settings:json"]
    );
}

#[test]
fn json_validation_applies_constraints_and_rules() {
    assert_eq!(
        json_problems(json!({"project_id": "p1"})),
        ["name:required", "code:required_if"]
    );
    assert_eq!(
        json_problems(json_request(json!({"type": "large", "size": 100}))),
        ["size:range", "scale:required_if"]
    );
    assert_eq!(
        json_problems(json_request(json!({"type": "small", "size": 11}))),
        ["size:range_if"]
    );
    assert_eq!(
        json_problems(json_request(
            json!({"settings": "{\"safe\":true}", "password": "correct-horse"})
        )),
        ["password:allowed_if"]
    );
    assert_eq!(
        json_problems(json_request(
            json!({"schedule": {"times": "22:00,00:00", "every": 1}})
        )),
        ["schedule.times:check"]
    );
    assert_eq!(
        json_problems(json_request(
            json!({"schedule": {"times": "22:00,00:00", "every": 1}, "time_zone": "UTC+02:00"})
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        json_problems(json_request(json!({"schedule": {"times": "01:00"}}))),
        ["schedule.every:at_least_one_of"]
    );
    assert_eq!(
        json_problems(json_request(json!({"schedule": {"every": 1}}))),
        ["schedule.times:required"]
    );
    assert_eq!(
        json_problems(json_request(json!({"labels": [{"value": "v"}]}))),
        ["labels[0].key:required"]
    );
    assert_eq!(
        json_problems(json_request(json!({"colors": ""}))),
        ["colors:count"]
    );
    assert_eq!(
        json_problems(json_request(json!({"X-Trace": "é"}))),
        ["X-Trace:ascii"]
    );
    assert_eq!(
        json_problems(json_request(json!({"paths": "[\"rel\"]"}))),
        ["paths[0]:format"]
    );
    assert_eq!(
        json_problems(json_request(json!({"started": -1}))),
        ["started:format"]
    );
    // Keyword exception of the code rule, in wire names.
    assert_eq!(
        json_problems(json!({"project_id": "p", "name": "n", "color": "green"})),
        Vec::<String>::new()
    );
}

// ---------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------

#[test]
fn responses_deserialize() {
    let response: CreateWidgetResponse =
        serde_json::from_str(r#"{"widget_id":"w-1","state":"ready","parts":[{"part_id":"p"}]}"#)
            .unwrap();
    assert_eq!(response.widget_id.as_deref(), Some("w-1"));
    assert_eq!(response.state, Some(State::Ready));
    let parts = response.parts.as_deref().unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].part_id.as_deref(), Some("p"));
    assert_eq!(
        parts[0],
        serde_json::from_value::<Part>(json!({"part_id": "p"})).unwrap()
    );
    assert_ne!(parts[0], Part::default());
    // Serialising gives the wire form back.
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"widget_id": "w-1", "state": "ready", "parts": [{"part_id": "p"}]})
    );
    // Every field may be missing.
    assert_eq!(
        serde_json::from_str::<CreateWidgetResponse>("{}").unwrap(),
        CreateWidgetResponse::default()
    );
    let response: CreateWidgetResponse = serde_json::from_str(r#"{"state":"creating"}"#).unwrap();
    assert_eq!(response.state, Some(State::Creating));
    assert_eq!(
        serde_json::from_str::<PingResponse>("{}").unwrap(),
        PingResponse::default()
    );
}

#[test]
fn unknown_states_are_kept() {
    let response: CreateWidgetResponse = serde_json::from_str(r#"{"state":"deleting"}"#).unwrap();
    assert_eq!(response.state, Some(State::Unknown("deleting".to_owned())));
    let state = response.state.unwrap();
    assert_eq!(state.as_str(), "deleting");
    assert_eq!(state.to_string(), "deleting");
    assert_eq!(serde_json::to_value(&state).unwrap(), "deleting");
    assert_eq!(State::from_wire("ready"), State::Ready);
    assert_eq!(
        State::from_wire("Ready"),
        State::Unknown("Ready".to_owned())
    );
    assert_eq!(State::Creating.as_str(), "creating");
}

#[test]
fn responses_ignore_unknown_fields() {
    let response: CreateWidgetResponse = serde_json::from_str(
        r#"{"widget_id":"w-1","new_field":{"a":1},"parts":[{"part_id":"p","extra":true}]}"#,
    )
    .unwrap();
    assert_eq!(response.widget_id.as_deref(), Some("w-1"));
    assert_eq!(response.parts.unwrap()[0].part_id.as_deref(), Some("p"));
    assert_eq!(
        serde_json::from_str::<PingResponse>(r#"{"anything":1}"#).unwrap(),
        PingResponse::default()
    );
}

// ---------------------------------------------------------------------------------------------
// Error codes
// ---------------------------------------------------------------------------------------------

#[test]
fn error_codes() {
    assert_eq!(
        CreateWidgetErrorCode::from_code("Widget.Exists"),
        CreateWidgetErrorCode::WidgetExists
    );
    assert_eq!(
        CreateWidgetErrorCode::from_code("Quota.Exceeded"),
        CreateWidgetErrorCode::QuotaExceeded
    );
    for code in [
        "Widget.Exists",
        "Quota.Exceeded",
        "Common.Throttled",
        "widget.exists",
    ] {
        let parsed = CreateWidgetErrorCode::from_code(code);
        assert_eq!(parsed.code(), code);
        assert_eq!(parsed.to_string(), code);
    }
    assert_eq!(
        CreateWidgetErrorCode::from_code("Common.Throttled"),
        CreateWidgetErrorCode::Unknown("Common.Throttled".to_owned())
    );
    assert_eq!(
        CreateWidgetErrorCode::from_code("widget.exists"),
        CreateWidgetErrorCode::Unknown("widget.exists".to_owned())
    );
    assert_eq!(
        PingErrorCode::from_code("Any.Code"),
        PingErrorCode::Unknown("Any.Code".to_owned())
    );
    assert_eq!(PingErrorCode::from_code("Any.Code").code(), "Any.Code");
}

// ---------------------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------------------

#[test]
fn enums_round_trip_through_strings() {
    assert_eq!(Color::ALL, [Color::Red, Color::Green, Color::Itself]);
    assert_eq!(WidgetType::ALL, [WidgetType::Small, WidgetType::Large]);
    assert_eq!(Day::ALL, [Day::Mon, Day::Tue]);
    for c in Color::ALL {
        assert_eq!(c.to_string().parse::<Color>(), Ok(*c));
        assert_eq!(
            serde_json::from_value::<Color>(serde_json::to_value(c).unwrap()).unwrap(),
            *c
        );
    }
    for t in WidgetType::ALL {
        assert_eq!(t.to_string().parse::<WidgetType>(), Ok(*t));
    }
    for d in Day::ALL {
        assert_eq!(d.to_string().parse::<Day>(), Ok(*d));
    }
    let wire: Vec<String> = Color::ALL.iter().map(ToString::to_string).collect();
    assert_eq!(wire, ["red", "green", "self"]);
    assert_eq!("self".parse::<Color>(), Ok(Color::Itself));
    assert_eq!(WidgetType::Large.to_string(), "large");
    assert_eq!(Day::Mon.to_string(), "MON");
}

#[test]
fn unknown_enum_strings_fail_with_the_allowed_values() {
    let e = "blue".parse::<Color>().unwrap_err();
    assert_eq!(e.value, "blue");
    assert_eq!(e.allowed, ["red", "green", "self"]);
    assert_eq!(
        e.to_string(),
        "unknown value \"blue\"; expected one of: red, green, self"
    );
    assert_eq!(
        "Small".parse::<WidgetType>().unwrap_err().to_string(),
        "unknown value \"Small\"; expected one of: small, large"
    );
    assert_eq!(
        "mon".parse::<Day>().unwrap_err().to_string(),
        "unknown value \"mon\"; expected one of: MON, TUE"
    );
    assert!("Itself".parse::<Color>().is_err());
    let e = serde_json::from_value::<Color>(json!("blue")).unwrap_err();
    assert!(
        e.to_string().contains("expected one of: red, green, self"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Ping
// ---------------------------------------------------------------------------------------------

#[test]
fn ping_has_no_parameters() {
    let request = PingRequest::builder().build().unwrap();
    request.validate().unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({}));
    assert_eq!(
        serde_json::from_value::<PingRequest>(json!({})).unwrap(),
        request
    );
    let validate = operation("example.demo.Ping").validate_json;
    validate(&json!({})).unwrap();
    let e = validate(&json!({"x": 1})).unwrap_err();
    assert_eq!(e.len(), 1);
    let v = &e.violations()[0];
    assert_eq!((v.path.as_str(), v.rule), ("x", "unknown"));
    assert_eq!(v.message, "x is not a parameter of PingRequest");
    assert_eq!(
        v.source.map(|s| s.spec),
        Some("specs/example/demo/Ping.yaml")
    );
    assert_eq!(summary(validate(&json!(null))), [":type"]);
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

#[test]
fn operations_describe_the_fixture() {
    let ids: Vec<&str> = specgen_golden::operations()
        .iter()
        .map(|op| op.id)
        .collect();
    assert_eq!(ids, ["example.demo.CreateWidget", "example.demo.Ping"]);

    let create = operation("example.demo.CreateWidget");
    assert_eq!(create.name, "CreateWidget");
    assert_eq!(
        (create.method, create.path),
        ("POST", "/v1/{project_id}/widgets")
    );
    assert_eq!(create.spec, SPEC);
    assert_eq!(create.document, DOCUMENT);
    assert_eq!(create.idempotency_token, Some("token"));

    let ping = operation("example.demo.Ping");
    assert_eq!(ping.name, "Ping");
    assert_eq!((ping.method, ping.path), ("GET", "/v1/ping"));
    assert_eq!(ping.spec, "specs/example/demo/Ping.yaml");
    assert_eq!(ping.idempotency_token, None);

    for op in [create, ping] {
        let service = op.service;
        assert_eq!(*service, SERVICE);
        assert_eq!((service.provider, service.service), ("example", "demo"));
        assert_eq!(service.spec, SERVICE_SPEC);
        assert_eq!(service.api_version, "2024-01-01");
        assert_eq!(service.protocol, Protocol::HuaweiRest);
        assert_eq!(service.endpoints, ["demo.{region}.example.com"]);
        assert_eq!(service.regions, Some(&["north-1", "south-1"][..]));
        assert_eq!(
            service.rate_limits,
            [RateLimit {
                operation: "CreateWidget",
                requests: 5,
                per_seconds: 2,
            }]
        );
    }
}
