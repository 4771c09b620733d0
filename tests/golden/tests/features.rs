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
    OperationInfo, Page, Protocol, RateLimit, Severity, Source, ValidationErrors, ValidationMode,
    Violation, Warnings,
};

const SPEC: &str = "specs/example/demo/CreateWidget.yaml";
const SERVICE_SPEC: &str = "specs/example/demo/service.yaml";
/// The page CreateWidget's spec transcribes, as its spec records it.
const PAGE: Page = Page {
    title: "Creating a Widget",
    updated: "2024-01-02",
    url: "https://docs.example.com/demo/creating-a-widget",
    document: "specs/example/demo/pages/CreateWidget.txt",
};

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
        .owner("me")
}

fn source(reference: &'static str) -> Source {
    Source {
        spec: SPEC,
        page: &PAGE,
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

/// What a validation that passed hands back: its warnings.
trait Accepted {
    /// The warnings, the spec's readings the value breaks.
    fn warnings_found(self) -> Vec<Violation>;
}

impl Accepted for Warnings {
    fn warnings_found(self) -> Vec<Violation> {
        self.into_violations()
    }
}

/// A built value: its `warnings()`.
macro_rules! built_values {
    ($($t:ty),*) => {$(
        impl Accepted for $t {
            fn warnings_found(self) -> Vec<Violation> {
                self.warnings().into_violations()
            }
        }
    )*};
}

built_values!(CreateWidgetRequest, Schedule, Label, Settings, PingRequest);

/// `path:rule` of an error, `path:rule (warning)` of a warning.
fn tag(v: &Violation) -> String {
    match v.severity {
        Severity::Error => format!("{}:{}", v.path, v.rule),
        Severity::Warning => format!("{}:{} (warning)", v.path, v.rule),
    }
}

/// Every violation of a result, as [`tag`]s: on `Err`, the errors and the warnings found
/// beside them; on `Ok`, the warnings of what was accepted (empty when nothing is wrong).
fn summary<T: Accepted>(result: Result<T, ValidationErrors>) -> Vec<String> {
    let found = match result {
        Ok(accepted) => accepted.warnings_found(),
        Err(e) => e.into_violations(),
    };
    found.iter().map(tag).collect()
}

/// [`summary`] of building `b`.
fn problems(b: CreateWidgetRequestBuilder) -> Vec<String> {
    summary(b.build())
}

/// Asserts that `b` builds, and that the built value validates too.
#[track_caller]
fn assert_builds(b: CreateWidgetRequestBuilder) -> CreateWidgetRequest {
    match b.build() {
        Ok(request) => {
            match request.validate() {
                Err(e) => panic!("built, but validate() rejects it: {e}"),
                Ok(w) => assert!(w.is_empty(), "built with warnings: {w}"),
            }
            request
        }
        Err(e) => panic!("expected the request to build, got {e}"),
    }
}

/// Asserts that `b` builds despite its warnings, that `validate()` finds the same ones, and
/// returns the value with them.
#[track_caller]
fn builds_with_warnings(b: CreateWidgetRequestBuilder) -> (CreateWidgetRequest, Vec<Violation>) {
    match b.build() {
        Ok(request) => {
            let warnings = request.warnings();
            assert!(!warnings.is_empty(), "built without warnings");
            assert!(warnings.iter().all(Violation::is_warning), "{warnings}");
            match request.validate() {
                Ok(w) => assert_eq!(w, warnings),
                Err(e) => panic!("built, but validate() rejects it: {e}"),
            }
            (request, warnings.into_violations())
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

fn validate_json(value: &Value) -> Result<Warnings, ValidationErrors> {
    (operation("example.demo.CreateWidget").validate_json)(value)
}

/// [`summary`] of validating the JSON form `value` of a CreateWidget request.
fn json_problems(value: Value) -> Vec<String> {
    summary(validate_json(&value))
}

/// A minimal valid JSON request with `extra` members merged in.
fn json_request(extra: Value) -> Value {
    let mut value = json!({"project_id": "p1", "name": "w1", "code": "AB12", "owner": "me"});
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
fn option_setters_set_and_clear_a_field() {
    let maybe_size: Option<i32> = Some(5);
    let request = assert_builds(
        base()
            .set_size(maybe_size)
            .set_code(None)
            .color(Color::Green),
    );
    assert_eq!(request.size, Some(5));
    assert_eq!(request.code, None);
    // `None` clears what the plain setter set.
    let request = assert_builds(base().size(5).set_size(None));
    assert_eq!(request.size, None);
    assert_eq!(request, assert_builds(base()));
}

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
        json!({"project_id": "p1", "name": "w1", "code": "AB12", "owner": "me"})
    );
    // The other exception of the code rule: a green color instead of a code.
    assert_builds(
        CreateWidgetRequest::builder()
            .project_id("p1")
            .name("w1")
            .owner("me")
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
                "owner",
                "required",
                "owner is expected: the spec reads the page as requiring it"
            ),
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
    // `project_id` and `name` are stated as required; `owner` only by a reading.
    let severities: Vec<Severity> = v.iter().map(|v| v.severity).collect();
    assert_eq!(
        severities,
        [
            Severity::Error,
            Severity::Error,
            Severity::Warning,
            Severity::Error
        ]
    );
    assert_eq!(v[2].source, Some(source("owner")));
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
            "code:pattern",
            "owner:required (warning)"
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
    let found: Vec<String> = from_builder.iter().map(tag).collect();
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
            "owner:required (warning)",
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
fn colors_count_is_1_to_3_and_a_repeat_is_a_warning() {
    assert_builds(base().colors([Color::Red]));
    assert_builds(base().colors([Color::Red, Color::Green, Color::Itself]));
    assert_eq!(problems(base().colors([])), ["colors:count"]);
    // `unique` is a reading (the page does not forbid a repeat): built, with a warning.
    assert_eq!(
        problems(base().colors([Color::Red, Color::Red])),
        ["colors:unique (warning)"]
    );
    // The count is stated: an error, with the repeat's warning beside it.
    assert_eq!(
        problems(base().colors([Color::Red, Color::Green, Color::Itself, Color::Green])),
        ["colors:count", "colors:unique (warning)"]
    );
    let v = violations(base().colors([]).build());
    assert_eq!(
        v[0].message,
        "colors must have between 1 and 3 items (got 0)"
    );
    let (request, v) = builds_with_warnings(base().colors([Color::Green, Color::Green]));
    assert_eq!(
        v[0].message,
        "colors must not repeat an item, but item 1 repeats an earlier one (got \"green\")"
    );
    assert_eq!(v[0].source, Some(source("colors")));
    // Sent as given.
    assert_eq!(
        serde_json::to_value(&request).unwrap()["colors"],
        "green,green"
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
fn paths_items_are_1_to_255_long_and_a_relative_one_is_a_warning() {
    assert_builds(base().paths(["/", "/data", "C:\\data", "\\\\server\\share"]));
    let longest = format!("/{}", "a".repeat(254));
    assert_builds(base().paths([longest.clone()]));
    assert_eq!(
        problems(base().paths([format!("{longest}a")])),
        ["paths[0]:length"]
    );
    // `items.format` is a reading (the page's examples are absolute): built, with a warning.
    assert_eq!(
        problems(base().paths(["/ok", "relative/x"])),
        ["paths[1]:format (warning)"]
    );
    // The length is stated: an error, with the format's warning beside it.
    assert_eq!(
        problems(base().paths([""])),
        ["paths[0]:length", "paths[0]:format (warning)"]
    );
    let (request, v) = builds_with_warnings(base().paths(["/ok", "relative/x"]));
    assert_eq!(
        serde_json::to_value(&request).unwrap()["paths"],
        "[\"/ok\",\"relative/x\"]"
    );
    assert!(
        v[0].message
            .starts_with("paths[1] must be an absolute path such as /data, ")
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
            .starts_with("started must be unix seconds between 0 and 253402300799"),
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
    // The rule's `source: {row: scale}`.
    assert_eq!(v[0].source, Some(source("scale")));
    assert_eq!(v[0].severity, Severity::Error);
    assert_builds(base().r#type(WidgetType::Large).scale(0));
    assert_builds(base().r#type(WidgetType::Small));
    assert_builds(base());
}

#[test]
fn code_is_required_unless_green_or_small_and_self() {
    let b = || {
        CreateWidgetRequest::builder()
            .project_id("p1")
            .name("w1")
            .owner("me")
    };
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
fn size_beyond_1_to_10_when_type_is_small_is_a_warning() {
    let small = || base().r#type(WidgetType::Small);
    assert_builds(small().size(1));
    assert_builds(small().size(10));
    assert_builds(small());
    // The `range_if` rule is a reading (the page shows small sizes 1 to 10): built, with a
    // warning.
    let (request, v) = builds_with_warnings(small().size(11));
    assert_eq!(request.size, Some(11));
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].severity, Severity::Warning);
    assert_eq!(v[0].path, "size");
    assert_eq!(v[0].rule, "range_if");
    assert_eq!(
        v[0].message,
        "size must be between 1 and 10 when type is small (got 11)"
    );
    assert_eq!(v[0].value.as_deref(), Some("11"));
    assert_eq!(v[0].source, Some(source("rules")));
    assert!(
        v[0].to_string()
            .starts_with("warning: size must be between 1 and 10"),
        "{}",
        v[0]
    );
    // Below the range both the constraint (stated: an error) and the rule are broken.
    assert_eq!(
        problems(small().size(0)),
        ["size:range", "size:range_if (warning)"]
    );
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
    // The rule's `source: {row: times}`.
    assert_eq!(v[0].source, Some(source("times")));
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
            severity: Severity::Error,
        }]
    );
    assert_eq!(
        v[0].to_string(),
        format!(
            "name must be between 1 and 16 characters long, not 17 (got \"{long}\") \
             [length: Creating a Widget <https://docs.example.com/demo/creating-a-widget>, \
             row name]"
        )
    );
    // The paths stay available to tools, in the JSON form.
    let json = v[0].to_json();
    assert_eq!(
        (&json["page"], &json["url"], &json["updated"]),
        (
            &json!("Creating a Widget"),
            &json!("https://docs.example.com/demo/creating-a-widget"),
            &json!("2024-01-02")
        )
    );
    assert_eq!(
        (&json["spec"], &json["document"]),
        (
            &json!(SPEC),
            &json!("specs/example/demo/pages/CreateWidget.txt")
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
        "schedule.times[1] must be a full hour such as 22:00, but the minutes are not 00 \
         (got \"02:30\")"
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
        assert_eq!(summary(Err::<Warnings, _>(e.clone())), ["password:length"]);
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
    // The Rust names are not wire names: `self_` is an undocumented parameter, kept apart.
    let decoded = serde_json::from_value::<CreateWidgetRequest>(
        json!({"project_id": "p", "name": "n", "self_": true}),
    )
    .unwrap();
    assert_eq!(decoded.self_, None);
    assert_eq!(decoded.undocumented.get("self_"), Some(&json!(true)));
    assert_eq!(
        json_problems(json_request(json!({"self_": true}))),
        ["self_:undocumented (warning)"]
    );
    assert!(
        validate_json(&json_request(json!({"self_": true})))
            .unwrap()
            .violations()[0]
            .message
            .ends_with("(did you mean self?)")
    );
    // The dynamic path knows them by their wire names.
    assert_eq!(
        json_problems(
            json!({"project_id": "p", "name": "n", "owner": "o", "type": "small", "self": true})
        ),
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
            "owner": "me",
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
        json!({"settings": {"safe": true}}),
        json!({"settings": "not json"}),
        json!({"paths": ["/a"]}),
        json!({"schedule": {"times": ["01:00"], "every": 1}}),
    ] {
        let r = serde_json::from_value::<CreateWidgetRequest>(json_request(bad.clone()));
        assert!(r.is_err(), "{bad} was accepted");
    }
    // A string an enumeration does not list decodes as `Undocumented`, for validation to
    // judge: an error for the stated `Color`, a warning for `type`, whose list is a reading.
    let r: CreateWidgetRequest = serde_json::from_value(json_request(
        json!({"colors": "red,blue", "type": "medium"}),
    ))
    .unwrap();
    assert_eq!(
        r.colors,
        Some(vec![Color::Red, Color::Undocumented("blue".to_owned())])
    );
    assert_eq!(
        r.r#type,
        Some(WidgetType::Undocumented("medium".to_owned()))
    );
    assert_eq!(
        summary(r.validate()),
        ["type:enum (warning)", "colors[1]:enum"]
    );
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json_request(json!({"colors": "red,blue", "type": "medium"}))
    );
}

#[test]
fn unknown_members_are_undocumented_parameters_with_warnings() {
    // Deserializing keeps a member the spec does not know; validation warns about it, and it
    // is sent back as given.
    let wire = json_request(json!({"bogus": {"a": [1]}}));
    let request: CreateWidgetRequest = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(request.undocumented.len(), 1);
    assert_eq!(request.undocumented.get("bogus"), Some(&json!({"a": [1]})));
    assert_eq!(
        summary(request.validate()),
        ["bogus:undocumented (warning)"]
    );
    assert_eq!(
        request.warnings().violations()[0].message,
        "bogus is not a parameter of CreateWidgetRequest in the spec; it is sent as given"
    );
    assert_eq!(serde_json::to_value(&request).unwrap(), wire);
    // Nested and shared objects too, each at its own path.
    let schedule: Schedule =
        serde_json::from_value(json!({"times": "01:00", "every": 1, "bogus": 1})).unwrap();
    assert_eq!(schedule.undocumented.get("bogus"), Some(&json!(1)));
    assert_eq!(
        schedule.warnings().violations()[0].message,
        "bogus is not a member of Schedule in the spec; it is sent as given"
    );
    assert_eq!(
        summary(base().schedule(schedule).build()),
        ["schedule.bogus:undocumented (warning)"]
    );
    let label: Label = serde_json::from_value(json!({"key": "k", "bogus": 1})).unwrap();
    assert_eq!(summary(label.validate()), ["bogus:undocumented (warning)"]);
    let settings: Settings = serde_json::from_value(json!({"safe": true, "bogus": 1})).unwrap();
    assert_eq!(settings.safe, Some(true));
    assert_eq!(
        summary(settings.validate()),
        ["bogus:undocumented (warning)"]
    );
    let ping: PingRequest = serde_json::from_value(json!({"x": 1})).unwrap();
    assert_eq!(summary(ping.validate()), ["x:undocumented (warning)"]);
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
    // The example does not set `owner`, which the spec reads as required: a warning only.
    let owner = ["owner:required (warning)"];
    assert_eq!(json_problems(example.clone()), owner);
    let request: CreateWidgetRequest = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(summary(request.validate()), owner);
    example["owner"] = json!("me");
    assert_eq!(json_problems(example), Vec::<String>::new());
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
    assert!(validate_json(&json_request(json!({}))).unwrap().is_empty());
    let full = serde_json::to_value(full_request()).unwrap();
    assert!(validate_json(&full).unwrap().is_empty());
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
            "colors:unique (warning)",
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
            severity: Severity::Error,
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
        json_problems(json!({"project_id": 1, "name": ["w1"], "code": "AB12", "owner": "me"})),
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
fn unknown_names_are_undocumented_parameters_with_suggestions() {
    // A name the spec does not know is sent as given: a warning, not an error.
    let w = validate_json(&json_request(json!({"nme": "x"}))).unwrap();
    assert_eq!(w.len(), 1);
    let v = &w.violations()[0];
    assert_eq!((v.path.as_str(), v.rule), ("nme", "undocumented"));
    assert_eq!(v.severity, Severity::Warning);
    assert_eq!(
        v.message,
        "nme is not a parameter of CreateWidgetRequest in the spec; it is sent as given (did \
         you mean name?)"
    );
    assert_eq!(v.value.as_deref(), Some("\"x\""));
    assert_eq!(v.source, Some(source("parameter table")));
    // Far from every name: no suggestion.
    let w = validate_json(&json_request(json!({"zzzzzz": 1}))).unwrap();
    assert_eq!(
        w.violations()[0].message,
        "zzzzzz is not a parameter of CreateWidgetRequest in the spec; it is sent as given"
    );
    // Case differences and nested members.
    assert!(
        validate_json(&json_request(json!({"x-trace": "t"})))
            .unwrap()
            .violations()[0]
            .message
            .ends_with("(did you mean X-Trace?)")
    );
    let w = validate_json(&json_request(
        json!({"schedule": {"times": "01:00", "every": 1, "evry": 2}}),
    ))
    .unwrap();
    assert_eq!(w.len(), 1);
    assert_eq!(w.violations()[0].path, "schedule.evry");
    assert_eq!(
        w.violations()[0].message,
        "schedule.evry is not a member of Schedule in the spec; it is sent as given (did you \
         mean every?)"
    );
    assert_eq!(
        json_problems(json_request(json!({"labels": [{"key": "k", "vlue": "v"}]}))),
        ["labels[0].vlue:undocumented (warning)"]
    );
    assert_eq!(
        json_problems(json_request(json!({"settings": "{\"sfe\":true}"}))),
        ["settings.sfe:undocumented (warning)"]
    );
    // Beside an error, the warning is listed with it.
    assert_eq!(
        json_problems(json_request(json!({"nme": "x", "size": 0}))),
        ["size:range", "nme:undocumented (warning)"]
    );
}

#[test]
fn a_transposed_name_gets_a_suggestion() {
    let w = validate_json(&json_request(json!({"nmae": "w1"}))).unwrap();
    assert_eq!(w.violations()[0].rule, "undocumented");
    assert_eq!(
        w.violations()[0].message,
        "nmae is not a parameter of CreateWidgetRequest in the spec; it is sent as given (did \
         you mean name?)"
    );
}

#[test]
fn unlisted_enum_values_are_enum_errors_or_warnings_where_the_list_is_a_reading() {
    // The list of `type` is a reading (the page gives small and large as examples).
    let w = validate_json(&json_request(json!({"type": "medium"}))).unwrap();
    assert_eq!(
        w.violations(),
        [Violation {
            path: "type".to_owned(),
            rule: "enum",
            message: "type must be one of: small, large (got \"medium\")".to_owned(),
            value: Some("\"medium\"".to_owned()),
            source: Some(source("type")),
            severity: Severity::Warning,
        }]
    );
    // The shared `Color` and `Day` lists are stated.
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
        [
            "name:required",
            "owner:required (warning)",
            "code:required_if"
        ]
    );
    assert_eq!(
        json_problems(json_request(json!({"type": "large", "size": 100}))),
        ["size:range", "scale:required_if"]
    );
    assert_eq!(
        json_problems(json_request(json!({"type": "small", "size": 11}))),
        ["size:range_if (warning)"]
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
        ["paths[0]:format (warning)"]
    );
    assert_eq!(
        json_problems(json_request(json!({"port": 0}))),
        ["port:range (warning)"]
    );
    assert_eq!(
        json_problems(json_request(json!({"started": -1}))),
        ["started:format"]
    );
    // Keyword exception of the code rule, in wire names.
    assert_eq!(
        json_problems(json!({"project_id": "p", "name": "n", "owner": "o", "color": "green"})),
        Vec::<String>::new()
    );
}

// ---------------------------------------------------------------------------------------------
// Readings, undocumented values and parameters, unchecked building, fractions
// ---------------------------------------------------------------------------------------------

/// The request without `owner`, which only a reading requires.
fn without_owner() -> CreateWidgetRequestBuilder {
    CreateWidgetRequest::builder()
        .project_id("p1")
        .name("w1")
        .code("AB12")
}

#[test]
fn each_reading_builds_with_its_warning_and_only_the_strict_mode_refuses_it() {
    let medium = || WidgetType::Undocumented("medium".to_owned());
    let readings = [
        // `type`: the enumeration is a reading.
        (base().r#type(medium()), "type:enum (warning)"),
        // `colors`: `unique` is a reading.
        (
            base().colors([Color::Red, Color::Red]),
            "colors:unique (warning)",
        ),
        // `paths`: `items.format` (absolute_path) is a reading.
        (base().paths(["relative"]), "paths[0]:format (warning)"),
        // `owner`: `required` is a reading.
        (without_owner(), "owner:required (warning)"),
        // `port`: the range [1,65535] is a reading.
        (base().port(0), "port:range (warning)"),
        (base().port(65_536), "port:range (warning)"),
        // The `range_if` rule on `size` (small: [1,10]) is a reading.
        (
            base().r#type(WidgetType::Small).size(11),
            "size:range_if (warning)",
        ),
    ];
    for (builder, expected) in readings {
        let (request, warnings) = builds_with_warnings(builder);
        assert_eq!(warnings.iter().map(tag).collect::<Vec<_>>(), [expected]);
        assert!(ValidationMode::Strict.refuses(&warnings), "{expected}");
        for lenient in [
            ValidationMode::Standard,
            ValidationMode::Warn,
            ValidationMode::Off,
        ] {
            assert!(!lenient.refuses(&warnings), "{lenient:?} {expected}");
        }
        // The JSON form of the request draws the same warning.
        let wire = serde_json::to_value(&request).unwrap();
        assert_eq!(json_problems(wire), [expected]);
    }
    assert_builds(base().port(1));
    assert_builds(base().port(65_535));
    // The warnings in words.
    let (request, _) = builds_with_warnings(base().port(0));
    assert_eq!(
        request.warnings().to_string(),
        format!(
            "1 warning:\n- warning: port must be between 1 and 65535 (got 0) [range: {}]",
            source("port")
        )
    );
    // A stated check broken beside a reading: refused by the standard mode too, the warning
    // listed with the error.
    let e = base().name("").port(0).build().unwrap_err();
    assert_eq!(
        summary(Err::<Warnings, _>(e.clone())),
        ["name:length", "port:range (warning)"]
    );
    assert_eq!((e.errors().count(), e.warnings().count()), (1, 1));
    assert_eq!(e.errors().next().map(|v| v.path.as_str()), Some("name"));
    assert!(ValidationMode::Strict.refuses(e.violations()));
    assert!(ValidationMode::Standard.refuses(e.violations()));
    assert!(!ValidationMode::Warn.refuses(e.violations()));
    let text = e.to_string();
    assert!(
        text.starts_with("2 violations (1 error, 1 warning):\n- name must be"),
        "{text}"
    );
    assert!(
        text.contains("\n- warning: port must be between 1 and 65535 (got 0) [range: "),
        "{text}"
    );
    // Nothing broken: no mode refuses.
    for mode in [
        ValidationMode::Strict,
        ValidationMode::Standard,
        ValidationMode::Warn,
        ValidationMode::Off,
    ] {
        assert!(!mode.refuses(&[]), "{mode:?}");
    }
    assert_eq!(ValidationMode::default(), ValidationMode::Standard);
}

#[test]
fn owner_is_expected_and_a_request_without_it_draws_a_warning() {
    let (request, v) = builds_with_warnings(without_owner());
    // Required by a reading only: an `Option`, `None` when missing.
    let owner: &Option<String> = &request.owner;
    assert_eq!(owner, &None);
    assert_eq!(
        v,
        [Violation {
            path: "owner".to_owned(),
            rule: "required",
            message: "owner is expected: the spec reads the page as requiring it".to_owned(),
            value: None,
            source: Some(source("owner")),
            severity: Severity::Warning,
        }]
    );
    // Missing, it is not sent; set, it is.
    let wire = json!({"project_id": "p1", "name": "w1", "code": "AB12"});
    assert_eq!(serde_json::to_value(&request).unwrap(), wire);
    let with = assert_builds(without_owner().owner("o"));
    assert_eq!(with.owner.as_deref(), Some("o"));
    assert_eq!(serde_json::to_value(&with).unwrap()["owner"], "o");
    // Deserializing needs only the members the page requires.
    let decoded: CreateWidgetRequest = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(decoded, request);
    assert_eq!(json_problems(wire.clone()), ["owner:required (warning)"]);
    // A wrongly typed owner is a type error, not also missing.
    let mut typed = wire;
    typed["owner"] = json!(1);
    assert_eq!(json_problems(typed), ["owner:type"]);
}

#[test]
fn an_undocumented_type_is_a_warning_and_an_undocumented_color_an_error() {
    let medium = || WidgetType::Undocumented("medium".to_owned());
    let (request, v) = builds_with_warnings(base().r#type(medium()));
    assert_eq!(
        (v[0].path.as_str(), v[0].rule, v[0].message.as_str()),
        (
            "type",
            "enum",
            "type must be one of: small, large (got \"medium\")"
        )
    );
    assert_eq!(v[0].source, Some(source("type")));
    // Sent verbatim.
    assert_eq!(serde_json::to_value(&request).unwrap()["type"], "medium");
    // `Color` lists its values as stated: an error naming them.
    let e = base()
        .color(Color::Undocumented("blue".to_owned()))
        .build()
        .unwrap_err();
    assert_eq!(
        e.violations(),
        [Violation {
            path: "color".to_owned(),
            rule: "enum",
            message: "color must be one of: red, green, self (got \"blue\")".to_owned(),
            value: Some("\"blue\"".to_owned()),
            source: Some(source("color")),
            severity: Severity::Error,
        }]
    );
    // In lists, at the item's path; the stated `Day` too.
    assert_eq!(
        problems(base().colors([Color::Red, Color::Undocumented("blue".to_owned())])),
        ["colors[1]:enum"]
    );
    assert_eq!(
        summary(
            Schedule::builder()
                .times(["01:00"])
                .days([Day::Mon, Day::Undocumented("WED".to_owned())])
                .build()
        ),
        ["days[1]:enum"]
    );
    // Judged by its string: a listed one counts as that value, in checks and in rules.
    assert_builds(base().r#type(WidgetType::Undocumented("small".to_owned())));
    assert_eq!(
        problems(base().r#type(WidgetType::Undocumented("large".to_owned()))),
        ["scale:required_if"]
    );
    assert_builds(base().color(Color::Undocumented("green".to_owned())));
    // An unlisted type is not small: the small-size reading does not apply.
    assert_eq!(
        problems(base().r#type(medium()).size(50)),
        ["type:enum (warning)"]
    );
}

#[test]
fn undocumented_parameters_are_sent_with_a_warning_and_documented_names_refused() {
    let (request, v) = builds_with_warnings(base().undocumented("NewParam", json!({"a": [1, 2]})));
    assert_eq!(
        v.iter().map(tag).collect::<Vec<_>>(),
        ["NewParam:undocumented (warning)"]
    );
    assert_eq!(
        v[0].message,
        "NewParam is not a parameter of CreateWidgetRequest in the spec; it is sent as given"
    );
    assert_eq!(v[0].value.as_deref(), Some("{\"a\":[1,2]}"));
    assert_eq!(v[0].source, Some(source("parameter table")));
    assert_eq!(
        request.undocumented.get("NewParam"),
        Some(&json!({"a": [1, 2]}))
    );
    assert!(
        format!("{request:?}").contains("undocumented: {\"NewParam\": "),
        "{request:?}"
    );
    // Serialized into the JSON form beside the documented members, and read back from it.
    let wire = serde_json::to_value(&request).unwrap();
    assert_eq!(wire, json_request(json!({"NewParam": {"a": [1, 2]}})));
    assert_eq!(
        serde_json::from_value::<CreateWidgetRequest>(wire.clone()).unwrap(),
        request
    );
    assert_eq!(json_problems(wire), ["NewParam:undocumented (warning)"]);
    // A name close to a documented one gets a suggestion.
    let (_, v) = builds_with_warnings(base().undocumented("nmae", "x"));
    assert!(
        v[0].message.ends_with("(did you mean name?)"),
        "{}",
        v[0].message
    );
    // A documented name given as undocumented, or no name: errors.
    let e = base().undocumented("name", "other").build().unwrap_err();
    assert_eq!(
        summary(Err::<Warnings, _>(e.clone())),
        ["name:undocumented"]
    );
    assert_eq!(
        e.violations()[0].message,
        "name is a documented parameter of CreateWidgetRequest: set it through its field, not \
         as an undocumented one"
    );
    assert_eq!(problems(base().undocumented("", 1)), [":undocumented"]);
    // In a nested object, at its path.
    let schedule = Schedule::builder()
        .times(["01:00"])
        .every(1)
        .undocumented("start", "x")
        .build()
        .unwrap();
    assert_eq!(
        summary(base().schedule(schedule).build()),
        ["schedule.start:undocumented (warning)"]
    );
}

#[test]
fn build_unchecked_needs_only_the_fields_the_page_requires() {
    // Stated checks broken: built all the same, and `validate()` still judges it.
    let request = base()
        .name("")
        .size(0)
        .color(Color::Undocumented("blue".to_owned()))
        .colors([])
        .build_unchecked()
        .unwrap();
    assert_eq!(request.name, "");
    assert_eq!(
        summary(request.validate()),
        ["name:length", "size:range", "color:enum", "colors:count"]
    );
    // The expected `owner` may be missing.
    let request = without_owner().build_unchecked().unwrap();
    assert_eq!(request.owner, None);
    assert_eq!(summary(request.validate()), ["owner:required (warning)"]);
    // Without the stated `project_id` or `name` there is no value: refused, naming only what
    // is missing.
    let missing = |b: CreateWidgetRequestBuilder| match b.build_unchecked() {
        Ok(r) => panic!("built without a required field: {r:?}"),
        Err(e) => summary(Err::<Warnings, _>(e)),
    };
    assert_eq!(
        missing(CreateWidgetRequest::builder().name("w1").size(0)),
        ["project_id:required"]
    );
    assert_eq!(
        missing(CreateWidgetRequest::builder().project_id("p1").owner("me")),
        ["name:required"]
    );
    assert_eq!(
        missing(CreateWidgetRequest::builder()),
        ["project_id:required", "name:required"]
    );
    assert_eq!(
        summary(Schedule::builder().every(0).build_unchecked()),
        ["times:required"]
    );
}

#[test]
fn days_takes_a_fraction_with_a_warning_and_size_does_not() {
    let w = validate_json(&json_request(json!({"days": 2.5}))).unwrap();
    assert_eq!(
        w.violations(),
        [Violation {
            path: "days".to_owned(),
            rule: "fraction",
            message: "days is not a whole number; the service rounds it down to 2 (got 2.5)"
                .to_owned(),
            value: Some("2.5".to_owned()),
            source: Some(source("days")),
            severity: Severity::Warning,
        }]
    );
    assert!(ValidationMode::Strict.refuses(w.violations()));
    assert!(!ValidationMode::Standard.refuses(w.violations()));
    assert_eq!(
        json_problems(json_request(json!({"days": 3}))),
        Vec::<String>::new()
    );
    // Deserialized, the value is rounded down, as the service would.
    let request: CreateWidgetRequest =
        serde_json::from_value(json_request(json!({"days": 2.5}))).unwrap();
    assert_eq!(request.days, Some(2));
    assert_builds(base().days(2));
    // Beside an error, the warning is listed with it (found while decoding, so first).
    assert_eq!(
        json_problems(json_request(json!({"days": 2.5, "size": 0}))),
        ["days:fraction (warning)", "size:range"]
    );
    // `size` and `port` take no fraction: a type error.
    assert_eq!(
        json_problems(json_request(json!({"size": 1.5}))),
        ["size:type"]
    );
    assert_eq!(
        json_problems(json_request(json!({"port": 80.5}))),
        ["port:type"]
    );
    // Nor does `days` take anything but a number.
    assert_eq!(
        json_problems(json_request(json!({"days": "2"}))),
        ["days:type"]
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
        assert_eq!(c.to_string().parse::<Color>(), Ok(c.clone()));
        assert_eq!(
            serde_json::from_value::<Color>(serde_json::to_value(c).unwrap()).unwrap(),
            c.clone()
        );
    }
    for t in WidgetType::ALL {
        assert_eq!(t.to_string().parse::<WidgetType>(), Ok(t.clone()));
    }
    for d in Day::ALL {
        assert_eq!(d.to_string().parse::<Day>(), Ok(d.clone()));
    }
    let wire: Vec<String> = Color::ALL.iter().map(ToString::to_string).collect();
    assert_eq!(wire, ["red", "green", "self"]);
    assert_eq!("self".parse::<Color>(), Ok(Color::Itself));
    assert_eq!(WidgetType::Large.to_string(), "large");
    assert_eq!(Day::Mon.to_string(), "MON");
}

#[test]
fn parsing_an_unlisted_enum_string_fails_and_deserializing_keeps_it_undocumented() {
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
    // serde (and `from_wire`) keep the string, for validation to judge.
    let blue = serde_json::from_value::<Color>(json!("blue")).unwrap();
    assert_eq!(blue, Color::Undocumented("blue".to_owned()));
    assert_eq!(Color::from_wire("blue"), blue);
    assert_eq!(Color::from_wire("self"), Color::Itself);
    assert!(!blue.is_documented() && Color::Red.is_documented());
    assert_eq!(
        (blue.as_str(), blue.to_string()),
        ("blue", "blue".to_owned())
    );
    assert_eq!(serde_json::to_value(&blue).unwrap(), "blue");
    // A string the spec does list, wrapped as undocumented, counts as the documented value.
    assert!(Color::Undocumented("red".to_owned()).is_documented());
    // Not a string at all: still a decode error.
    assert!(serde_json::from_value::<Color>(json!(1)).is_err());
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
    assert!(validate(&json!({})).unwrap().is_empty());
    let w = validate(&json!({"x": 1})).unwrap();
    assert_eq!(w.len(), 1);
    let v = &w.violations()[0];
    assert_eq!((v.path.as_str(), v.rule), ("x", "undocumented"));
    assert_eq!(v.severity, Severity::Warning);
    assert_eq!(
        v.message,
        "x is not a parameter of PingRequest in the spec; it is sent as given"
    );
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
    assert_eq!(*create.page, PAGE);
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
        let hosts: Vec<&str> = service.endpoints.iter().map(|e| e.host).collect();
        assert_eq!(hosts, ["demo.{region}.example.com"]);
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
