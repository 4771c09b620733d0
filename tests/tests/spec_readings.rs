//! The specs' readings, case by case. The audit of the specs turned many checks into readings
//! (docs/spec-format.md, section 8): a request that breaks only readings is one its page
//! allows, so the default `Standard` validation mode sends it (with its warnings) and only
//! `Strict` refuses it, while a request that breaks a check the page states is refused in
//! both.
//!
//! `readings_and_stated_limits` is a table, for each operation, of patches applied to the
//! operation's valid base request (`tests/fixtures/requests/<id>.json`), each with the exact
//! set of violations it must draw, as (severity, rule, path). The tests after it are driven
//! by the model of `specs/`: every reading (of a field's value, of its items, on every object
//! a request reaches, and every reading rule) must draw its warning in some case of the
//! table, and no case may expect an error of a check the spec calls a reading (or a warning of
//! one it states).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use cloud_backup_sdk::{Severity, ValidationMode, Violation};
use serde_json::{Map, Value, json};
use specgen::model::{
    Basis, Constraint, Encoding, Field, Model, ObjectDef, Operation, RuleKind, Scope, Service,
    Type, TypeDef,
};

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

static MODEL: LazyLock<Model> = LazyLock::new(|| {
    let (sources, result) = specgen::build(&support::root().join("specs"), "cloud_backup_sdk");
    match result {
        Ok(generated) => generated.model,
        Err(errors) => panic!(
            "the specs do not build:\n{}",
            errors.render(&sources, false)
        ),
    }
});

const TENCENT: &str = "tencentcloud.postgres.CreateBackupPlan";
const HUAWEI: &str = "huaweicloud.vbs.CreateBackupPolicy";
const DBS_CREATE: &str = "alibabacloud.dbs.CreateAndStartBackupPlan";
const DBS_CONFIGURE: &str = "alibabacloud.dbs.ConfigureBackupPlan";
const HBR: &str = "alibabacloud.hbr.CreateBackupPlan";

/// An operation of the model, with its service (for the types it shares).
#[derive(Clone, Copy)]
struct Op {
    svc: &'static Service,
    op: &'static Operation,
}

impl Op {
    fn get(id: &str) -> Op {
        let model: &'static Model = &MODEL;
        model
            .services
            .iter()
            .flat_map(|svc| svc.operations.iter().map(move |op| Op { svc, op }))
            .find(|o| o.op.id == id)
            .unwrap_or_else(|| panic!("the specs have no operation {id}"))
    }

    fn all() -> Vec<Op> {
        let model: &'static Model = &MODEL;
        let out: Vec<Op> = model
            .services
            .iter()
            .flat_map(|svc| svc.operations.iter().map(move |op| Op { svc, op }))
            .collect();
        assert!(!out.is_empty(), "the specs define no operation");
        out
    }

    fn id(&self) -> &'static str {
        &self.op.id
    }

    /// The object type of a field or of its items.
    fn object_of(&self, ty: &Type) -> Option<&'static ObjectDef> {
        let Type::Object(name, scope) = ty.item() else {
            return None;
        };
        let types = match scope {
            Scope::Operation => &self.op.types,
            Scope::Service => &self.svc.types,
        };
        match types.iter().find(|t| t.name() == name) {
            Some(TypeDef::Object(o)) => Some(o),
            _ => panic!("{}: no object type {name}", self.id()),
        }
    }

    fn validate(&self, request: &Value) -> Result<Vec<Violation>, Vec<Violation>> {
        match cloud_backup_sdk::validate_json(self.id(), request) {
            Ok(Ok(warnings)) => Ok(warnings.into_violations()),
            Ok(Err(errors)) => Err(errors.into_violations()),
            Err(unknown) => panic!("{unknown}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Patches: values set at dotted paths, encoded as the model's fields say
// ---------------------------------------------------------------------------------------------

/// A step into the JSON form of a request.
#[derive(Clone, Debug)]
enum Seg {
    /// A member, with the encoding of its value (`Plain` for a member the spec does not know).
    Field(String, Encoding),
    /// An item of a list.
    Index(usize),
}

/// Resolves `scheduled_policy.week_frequency`, `tags[0].key` or `Rule[1].Retention` against
/// the operation's request, taking each member's encoding from the model.
fn resolve(op: Op, dotted: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut def: Option<&'static ObjectDef> = Some(&op.op.request);
    for part in dotted.split('.') {
        let (name, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        let field = def.and_then(|d| d.fields.iter().find(|f| f.wire == name));
        out.push(Seg::Field(
            name.to_owned(),
            field.map_or(Encoding::Plain, |f| f.encoding),
        ));
        def = field.and_then(|f| op.object_of(&f.ty));
        for index in indices.split_terminator(']') {
            let n = index
                .strip_prefix('[')
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{}: a bad index in the path {dotted}", op.id()));
            out.push(Seg::Index(n));
        }
    }
    out
}

/// The typed value of a member's JSON form: JSON text parsed, a comma list split.
fn decode(encoding: Encoding, raw: &Value) -> Option<Value> {
    match encoding {
        Encoding::Plain => Some(raw.clone()),
        Encoding::JsonText => serde_json::from_str(raw.as_str()?).ok(),
        Encoding::CommaList => {
            let s = raw.as_str()?;
            let items = if s.is_empty() {
                Vec::new()
            } else {
                s.split(',').map(|i| Value::String(i.to_owned())).collect()
            };
            Some(Value::Array(items))
        }
    }
}

/// The JSON form of a typed value.
fn encode(encoding: Encoding, typed: Value) -> Value {
    match encoding {
        Encoding::Plain => typed,
        Encoding::JsonText => Value::String(typed.to_string()),
        Encoding::CommaList => {
            let Value::Array(items) = &typed else {
                panic!("a comma list needs an array, not {typed}");
            };
            let items: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            Value::String(items.join(","))
        }
    }
}

/// Sets the typed `value` at `path` (removes it when `None`), creating containers on the way
/// and re-encoding every JSON-text or comma-list member it passes through.
fn put(target: &mut Value, path: &[Seg], value: Option<&Value>) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let empty_for_next = || match rest.first() {
        Some(Seg::Index(_)) => Value::Array(Vec::new()),
        _ => Value::Object(Map::new()),
    };
    match first {
        Seg::Field(name, encoding) => {
            if !target.is_object() {
                *target = Value::Object(Map::new());
            }
            let Some(obj) = target.as_object_mut() else {
                return;
            };
            if rest.is_empty() {
                match value {
                    Some(v) => {
                        obj.insert(name.clone(), encode(*encoding, v.clone()));
                    }
                    None => {
                        obj.remove(name);
                    }
                }
                return;
            }
            let existing = obj.get(name).and_then(|raw| decode(*encoding, raw));
            if existing.is_none() && value.is_none() {
                return;
            }
            let mut inner = existing.unwrap_or_else(empty_for_next);
            put(&mut inner, rest, value);
            obj.insert(name.clone(), encode(*encoding, inner));
        }
        Seg::Index(i) => {
            if !target.is_array() {
                *target = Value::Array(Vec::new());
            }
            let Some(items) = target.as_array_mut() else {
                return;
            };
            if rest.is_empty() {
                match value {
                    Some(v) if *i < items.len() => items[*i] = v.clone(),
                    Some(v) => items.push(v.clone()),
                    None if *i < items.len() => {
                        items.remove(*i);
                    }
                    None => {}
                }
                return;
            }
            if *i >= items.len() {
                if value.is_none() {
                    return;
                }
                items.push(empty_for_next());
            }
            let last = (*i).min(items.len() - 1);
            put(&mut items[last], rest, value);
        }
    }
}

/// The base request with the patch applied: each key a dotted path, each value the typed
/// value to set there (encoded as the member's `encoding` says), `null` to remove it.
fn patched(op: Op, base: &Value, patch: &Value) -> Value {
    let mut request = base.clone();
    let Value::Object(members) = patch else {
        panic!("{}: a patch is a JSON object, not {patch}", op.id());
    };
    // Keys are applied in sorted order, so a parent is set before its members.
    for (path, value) in members {
        let segs = resolve(op, path);
        put(&mut request, &segs, (!value.is_null()).then_some(value));
    }
    request
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

const W: &str = "warning";
const E: &str = "error";

/// One case: a patch of the base request and every violation it must draw.
struct Case {
    what: &'static str,
    patch: Value,
    expect: Vec<(&'static str, &'static str, String)>,
    /// Words some violation's message must contain.
    mentions: Vec<&'static str>,
}

fn case(what: &'static str, patch: Value, expect: &[(&'static str, &'static str, &str)]) -> Case {
    Case {
        what,
        patch,
        expect: expect
            .iter()
            .map(|(s, r, p)| (*s, *r, (*p).to_owned()))
            .collect(),
        mentions: Vec::new(),
    }
}

impl Case {
    fn mentioning(mut self, words: &[&'static str]) -> Case {
        self.mentions.extend_from_slice(words);
        self
    }
}

fn chars(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

fn tencent() -> Vec<Case> {
    vec![
        // Readings: sent in Standard, with a warning.
        case(
            "an empty instance ID (length reading)",
            json!({"DBInstanceId": ""}),
            &[(W, "length", "DBInstanceId")],
        ),
        case(
            "an empty plan name (length reading)",
            json!({"PlanName": ""}),
            &[(W, "length", "PlanName")],
        ),
        case(
            "a day written with a leading zero (items.forbidden_prefixes reading)",
            json!({"BackupPeriod": ["02"]}),
            &[(W, "prefix", "BackupPeriod[0]")],
        ),
        case(
            "a day listed twice (unique reading)",
            json!({"BackupPeriod": ["1", "1"]}),
            &[(W, "unique", "BackupPeriod")],
        ),
        case(
            "\"2\" and \"02\" are distinct items; only the zero draws a warning",
            json!({"BackupPeriod": ["2", "02"]}),
            &[(W, "prefix", "BackupPeriod[1]")],
        ),
        case(
            "no day at all (count reading)",
            json!({"BackupPeriod": []}),
            &[(W, "count", "BackupPeriod")],
        ),
        case(
            "32 distinct days, more than a month has (count reading)",
            json!({"BackupPeriod": (1..=31).map(|d| d.to_string()).chain(["01".to_owned()]).collect::<Vec<_>>()}),
            &[
                (W, "count", "BackupPeriod"),
                (W, "prefix", "BackupPeriod[31]"),
            ],
        ),
        case(
            "a start time without seconds (format reading)",
            json!({"MinBackupStartTime": "01:00"}),
            &[(W, "format", "MinBackupStartTime")],
        ),
        case(
            "an end time of 24:00:00 (format reading)",
            json!({"MaxBackupStartTime": "24:00:00"}),
            &[(W, "format", "MaxBackupStartTime")],
        ),
        case(
            "the page's example times and retention",
            json!({"MinBackupStartTime": "01:00:00", "MaxBackupStartTime": "02:00:00", "BaseBackupRetentionPeriod": 40}),
            &[],
        ),
        case(
            "a parameter the spec does not list",
            json!({"NewMember": {"K": "v"}}),
            &[(W, "undocumented", "NewMember")],
        ),
        // Stated: refused in Standard.
        case(
            "day 32",
            json!({"BackupPeriod": ["32"]}),
            &[(E, "pattern", "BackupPeriod[0]")],
        ),
        case(
            "day 0, which also starts with the zero the reading forbids",
            json!({"BackupPeriod": ["0"]}),
            &[
                (E, "pattern", "BackupPeriod[0]"),
                (W, "prefix", "BackupPeriod[0]"),
            ],
        ),
        case(
            "a schedule type the page does not support",
            json!({"BackupPeriodType": "week"}),
            &[(E, "enum", "BackupPeriodType")],
        )
        .mentioning(&["month"]),
        case(
            "a retention of 30000 days",
            json!({"BaseBackupRetentionPeriod": 30000}),
            &[(E, "range", "BaseBackupRetentionPeriod")],
        ),
        case(
            "a retention of 29999 days",
            json!({"BaseBackupRetentionPeriod": 29999}),
            &[],
        ),
    ]
}

fn huawei() -> Vec<Case> {
    vec![
        // Readings.
        case(
            "a policy name in another script (ascii reading)",
            json!({"backup_policy_name": "策略_01"}),
            &[(W, "ascii", "backup_policy_name")],
        ),
        case(
            "an offset beyond real time zones (format reading)",
            json!({"time_zone": "UTC+15:00"}),
            &[(W, "format", "time_zone")],
        ),
        case(
            "a weekday listed twice (unique reading), with frequency also set",
            json!({"scheduled_policy.week_frequency": ["SUN", "SUN"]}),
            &[(W, "unique", "scheduled_policy.week_frequency")],
        ),
        case(
            "a weekday listed twice (unique reading), without frequency",
            json!({"scheduled_policy.frequency": null, "scheduled_policy.week_frequency": ["SUN", "SUN"]}),
            &[(W, "unique", "scheduled_policy.week_frequency")],
        ),
        case(
            "a tag key in another script (ascii reading)",
            json!({"tags": [{"key": "环境", "value": "prod"}]}),
            &[(W, "ascii", "tags[0].key")],
        ),
        case(
            "a tag value in another script (ascii reading)",
            json!({"tags": [{"key": "env", "value": "生产"}]}),
            &[(W, "ascii", "tags[0].value")],
        ),
        case(
            "an empty project ID (length reading)",
            json!({"project_id": ""}),
            &[(W, "length", "project_id")],
        ),
        case(
            "a fractional retention the service rounds down",
            json!({"scheduled_policy.rentention_day": 30.5}),
            &[(W, "fraction", "scheduled_policy.rentention_day")],
        ),
        case(
            "the page's example: week days, retention days, a tag and a time zone",
            json!({
                "scheduled_policy": {"remain_first_backup_of_curMonth": "Y", "rentention_day": 30, "week_frequency": ["SUN", "WED"], "start_time": "12:00", "status": "ON"},
                "tags": [{"key": "key", "value": "value"}],
                "time_zone": "UTC+08:00"
            }),
            &[],
        ),
        case(
            "times that ascend in local time across midnight",
            json!({"scheduled_policy.start_time": ["22:00", "00:00", "02:00"], "time_zone": "UTC+02:00"}),
            &[],
        ),
        case(
            "a member the spec does not list",
            json!({"new_member": "value"}),
            &[(W, "undocumented", "new_member")],
        ),
        // Stated.
        case(
            "a name starting with default",
            json!({"backup_policy_name": "default_1"}),
            &[(E, "prefix", "backup_policy_name")],
        ),
        case(
            "a name with a space",
            json!({"backup_policy_name": "a b"}),
            &[(E, "charset", "backup_policy_name")],
        ),
        case(
            "a name of 65 characters",
            json!({"backup_policy_name": chars('a', 65)}),
            &[(E, "length", "backup_policy_name")],
        ),
        case(
            "an offset without minutes (the stated pattern; the format reading too)",
            json!({"time_zone": "UTC+8"}),
            &[(E, "pattern", "time_zone"), (W, "format", "time_zone")],
        ),
        case(
            "a start time that is not a full hour",
            json!({"scheduled_policy.start_time": ["12:30"]}),
            &[(E, "format", "scheduled_policy.start_time[0]")],
        ),
        case(
            "a repeated start time (stated uniqueness; the stated order check too)",
            json!({"scheduled_policy.start_time": ["12:00", "12:00"]}),
            &[
                (E, "unique", "scheduled_policy.start_time"),
                (E, "check", "scheduled_policy.start_time"),
            ],
        ),
        case(
            "a frequency of 15 days",
            json!({"scheduled_policy.frequency": 15}),
            &[(E, "range", "scheduled_policy.frequency")],
        ),
        case(
            "an empty list of week days (stated: one or more)",
            json!({"scheduled_policy.week_frequency": []}),
            &[(E, "count", "scheduled_policy.week_frequency")],
        ),
        case(
            "a tag key of 37 characters",
            json!({"tags": [{"key": chars('k', 37), "value": "v"}]}),
            &[(E, "length", "tags[0].key")],
        ),
        case(
            "a status in lower case",
            json!({"scheduled_policy.status": "on"}),
            &[(E, "enum", "scheduled_policy.status")],
        )
        .mentioning(&["ON", "OFF"]),
        case(
            "a fractional retention outside the stated range",
            json!({"scheduled_policy.rentention_day": 1.5}),
            &[
                (W, "fraction", "scheduled_policy.rentention_day"),
                (E, "range", "scheduled_policy.rentention_day"),
            ],
        ),
    ]
}

/// Patches of DBS CreateAndStartBackupPlan that make a MySQL physical backup, to which the
/// limits apply.
fn mysql_physical() -> Value {
    json!({"BackupMethod": "physical", "BackupLogIntervalSeconds": 1000})
}

fn with(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

fn dbs_create() -> Vec<Case> {
    vec![
        // Readings.
        case(
            "a port beyond 65535 (range reading)",
            json!({"SourceEndpointPort": 70000}),
            &[(W, "range", "SourceEndpointPort")],
        ),
        case(
            "a subscription of 12 without Period (range_if reading)",
            json!({"UsedTime": 12}),
            &[(W, "range_if", "UsedTime")],
        ),
        case(
            "a subscription of 11 without Period",
            json!({"UsedTime": 11}),
            &[],
        ),
        case(
            "no backup day (count reading)",
            json!({"BackupPeriod": []}),
            &[(W, "count", "BackupPeriod")],
        ),
        case(
            "a backup day listed twice (unique reading)",
            json!({"BackupPeriod": ["Monday", "Monday"]}),
            &[(W, "unique", "BackupPeriod")],
        ),
        case(
            "eight backup days (count and unique readings)",
            json!({"BackupPeriod": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Monday"]}),
            &[(W, "count", "BackupPeriod"), (W, "unique", "BackupPeriod")],
        ),
        case(
            "a disk I/O limit on a MariaDB physical backup (allowed_if reading)",
            with(
                mysql_physical(),
                json!({"DatabaseType": "MariaDB", "BackupSpeedLimit": 262144}),
            ),
            &[(W, "allowed_if", "BackupSpeedLimit")],
        ),
        case(
            "a disk I/O limit on a MySQL logical backup (allowed_if reading)",
            json!({"BackupSpeedLimit": 262144}),
            &[(W, "allowed_if", "BackupSpeedLimit")],
        ),
        case(
            "a bandwidth limit on a MySQL logical backup (allowed_if reading)",
            json!({"BackupRateLimit": 262144}),
            &[(W, "allowed_if", "BackupRateLimit")],
        ),
        case(
            "both limits on a MySQL physical backup",
            with(
                mysql_physical(),
                json!({"BackupSpeedLimit": 262144, "BackupRateLimit": 10485760}),
            ),
            &[],
        ),
        case(
            "an incremental interval on a logical backup (allowed_if reading)",
            json!({"BackupLogIntervalSeconds": 1000}),
            &[(W, "allowed_if", "BackupLogIntervalSeconds")],
        ),
        case(
            "a client token of 65 characters (length reading from the other page)",
            json!({"ClientToken": chars('t', 65)}),
            &[(W, "length", "ClientToken")],
        ),
        case(
            "an empty client token (length reading)",
            json!({"ClientToken": ""}),
            &[(W, "length", "ClientToken")],
        ),
        case(
            "a client token that is not ASCII (ascii reading from the other page)",
            json!({"ClientToken": "jeton-é"}),
            &[(W, "ascii", "ClientToken")],
        ),
        case(
            "a parameter the spec does not list",
            json!({"OwnerId": "1234567890"}),
            &[(W, "undocumented", "OwnerId")],
        ),
        case(
            "a member of a backup object the spec does not list",
            json!({"BackupObjects": [{"DBName": "db", "Owner": "x"}]}),
            &[(W, "undocumented", "BackupObjects[0].Owner")],
        ),
        // Stated.
        case(
            "a subscription of 6 years",
            json!({"Period": "Year", "UsedTime": 6}),
            &[(E, "range_if", "UsedTime")],
        ),
        case(
            "a subscription of 12 months",
            json!({"Period": "Month", "UsedTime": 12}),
            &[(E, "range_if", "UsedTime")],
        ),
        case(
            "a retention of 1826 days",
            json!({"BackupRetentionPeriod": 1826}),
            &[(E, "range", "BackupRetentionPeriod")],
        ),
        case(
            "a bandwidth limit above 10 GB on a MySQL physical backup",
            with(mysql_physical(), json!({"BackupRateLimit": 10_485_761})),
            &[(E, "range", "BackupRateLimit")],
        ),
        case(
            "a database type the page does not list",
            json!({"DatabaseType": "Sybase"}),
            &[(E, "enum", "DatabaseType")],
        )
        .mentioning(&[
            "MySQL",
            "MSSQL",
            "Oracle",
            "MariaDB",
            "PostgreSQL",
            "DRDS",
            "MongoDB",
            "Redis",
        ]),
        case(
            "a weekday the page does not list",
            json!({"BackupPeriod": ["Someday"]}),
            &[(E, "enum", "BackupPeriod[0]")],
        ),
        case(
            "a start time with the Z this page does not give",
            json!({"BackupStartTime": "14:22Z"}),
            &[(E, "format", "BackupStartTime")],
        ),
        case(
            "a physical backup without its incremental interval",
            json!({"BackupMethod": "physical"}),
            &[(E, "required_if", "BackupLogIntervalSeconds")],
        ),
    ]
}

fn dbs_configure() -> Vec<Case> {
    vec![
        // Readings.
        case(
            "a port of 0 (range reading)",
            json!({"SourceEndpointPort": 0}),
            &[(W, "range", "SourceEndpointPort")],
        ),
        case(
            "no backup day (count reading)",
            json!({"BackupPeriod": []}),
            &[(W, "count", "BackupPeriod")],
        ),
        case(
            "a backup day listed twice (unique reading)",
            json!({"BackupPeriod": ["Friday", "Friday"]}),
            &[(W, "unique", "BackupPeriod")],
        ),
        case(
            "a start time with the Z of the stated format",
            json!({"BackupStartTime": "14:22Z"}),
            &[],
        ),
        case(
            "a start time without the Z, as the page's example",
            json!({"BackupStartTime": "14:22"}),
            &[],
        ),
        case(
            "an empty client token (no minimum stated)",
            json!({"ClientToken": ""}),
            &[],
        ),
        case(
            "limits, whose condition the backup plan holds (server_side)",
            json!({"BackupSpeedLimit": 262144, "BackupRateLimit": 262144, "BackupLogIntervalSeconds": 1000}),
            &[],
        ),
        case(
            "a parameter the spec does not list",
            json!({"OwnerId": "1234567890"}),
            &[(W, "undocumented", "OwnerId")],
        ),
        // Stated.
        case(
            "a start time with an offset",
            json!({"BackupStartTime": "14:22+08:00"}),
            &[(E, "format", "BackupStartTime")],
        ),
        case(
            "a client token of 65 characters",
            json!({"ClientToken": chars('t', 65)}),
            &[(E, "length", "ClientToken")],
        ),
        case(
            "a client token that is not ASCII",
            json!({"ClientToken": "jeton-é"}),
            &[(E, "ascii", "ClientToken")],
        ),
        case(
            "a retention of 1826 days",
            json!({"BackupRetentionPeriod": 1826}),
            &[(E, "range", "BackupRetentionPeriod")],
        ),
        case(
            "dg, which only CreateAndStartBackupPlan's page lists",
            json!({"SourceEndpointInstanceType": "dg"}),
            &[(E, "enum", "SourceEndpointInstanceType")],
        ),
    ]
}

fn hbr() -> Vec<Case> {
    vec![
        // Readings.
        case(
            "a traffic policy for an OSS backup (allowed_if reading)",
            json!({"SourceType": "OSS", "Bucket": "hbr-backup-oss", "SpeedLimit": "0:24:5120"}),
            &[(W, "allowed_if", "SpeedLimit")],
        ),
        case(
            "a traffic rule ending before it starts (the hbr_speed_limit_windows reading)",
            json!({"SpeedLimit": "3:2:1024"}),
            &[(W, "check", "SpeedLimit")],
        ),
        case(
            "a traffic rule of 0 KB/s (the hbr_speed_limit_windows reading)",
            json!({"SpeedLimit": "0:8:0"}),
            &[(W, "check", "SpeedLimit")],
        ),
        case(
            "a relative inclusion path (items.format reading)",
            json!({"Include": ["home/*.pdf"]}),
            &[(W, "format", "Include[0]")],
        ),
        case(
            "an empty exclusion path (items.format reading)",
            json!({"Exclude": ["/var", ""]}),
            &[(W, "format", "Exclude[1]")],
        ),
        case(
            "a rule keeping backups 0 days (range reading)",
            json!({"Rule": [{"Schedule": "I|1602673264|P1D", "Retention": 0}]}),
            &[(W, "range", "Rule[0].Retention")],
        ),
        case(
            "a second rule keeping its geo-redundant copy 0 days (range reading)",
            json!({"Rule": [{"Retention": 7}, {"DoCopy": true, "DestinationRegionId": "cn-hangzhou", "DestinationRetention": 0}]}),
            &[(W, "range", "Rule[1].DestinationRetention")],
        ),
        case(
            "a member of Detail the spec does not list",
            json!({"Detail": {"snapshotGroup": true, "diskIdList": ["d-1"]}}),
            &[(W, "undocumented", "Detail.diskIdList")],
        ),
        case(
            "the page's example of Detail",
            json!({"Detail": {"EnableFsFreeze": true, "appConsistent": false, "postScriptPath": "", "preScriptPath": "", "snapshotGroup": true, "timeoutInSeconds": 60}}),
            &[],
        ),
        case(
            "inclusions for an OSS backup (allowed_if reading)",
            json!({"SourceType": "OSS", "Bucket": "hbr-backup-oss", "Include": ["/home/alice/*.pdf"]}),
            &[(W, "allowed_if", "Include")],
        ),
        case(
            "exclusions for a NAS backup (allowed_if reading)",
            json!({"SourceType": "NAS", "FileSystemId": "005494", "CreateTime": 1_607_436_917, "Exclude": ["/var"]}),
            &[(W, "allowed_if", "Exclude")],
        ),
        case(
            "VSS options for an entire-instance backup (allowed_if reading)",
            json!({"SourceType": "UDM_ECS", "Options": {"UseVSS": false}}),
            &[(W, "allowed_if", "Options")],
        ),
        case(
            "an object prefix for an ECS file backup (allowed_if reading)",
            json!({"Prefix": "oss-prefix"}),
            &[(W, "allowed_if", "Prefix")],
        ),
        case(
            "destination details for an ECS file backup (allowed_if reading)",
            json!({"DestDataSourceDetail": {"prefix": "/"}}),
            &[(W, "allowed_if", "DestDataSourceDetail")],
        ),
        case(
            "a changelist for an ECS file backup (allowed_if reading)",
            json!({"ChangeListPath": {"dataSourceId": "ds-123456789", "path": "/changelist"}}),
            &[(W, "allowed_if", "ChangeListPath")],
        ),
        case(
            "a synchronization with its details and changelist",
            json!({
                "SourceType": "SYNC", "DataSourceId": "ds-1", "DestSourceType": "OSS",
                "DestDataSourceId": "ds-2", "ClusterId": "cl-1", "Path": null,
                "DestDataSourceDetail": {"prefix": "/"},
                "ChangeListPath": {"dataSourceId": "ds-123456789", "path": "/changelist"}
            }),
            &[],
        ),
        case(
            "a parameter the spec does not list",
            json!({"NewParam": ["a", "b"]}),
            &[(W, "undocumented", "NewParam")],
        ),
        // Stated.
        case(
            "overlapping traffic rules",
            json!({"SpeedLimit": "0:8:1024|6:12:512"}),
            &[(E, "format", "SpeedLimit")],
        ),
        case(
            "a wildcard in a UNC path",
            json!({"Path": ["\\\\srv\\share\\*"]}),
            &[(E, "format", "Path")],
        ),
        case(
            "a source type the page does not list",
            json!({"SourceType": "MYSQL"}),
            &[(E, "enum", "SourceType")],
        )
        .mentioning(&["ECS_FILE", "OSS", "NAS", "OTS", "UDM_ECS", "SYNC"]),
        case(
            "a retention of 0 days",
            json!({"Retention": 0}),
            &[(E, "range", "Retention")],
        ),
        case(
            "exclusions with VSS",
            json!({"Options": {"UseVSS": true}, "Exclude": ["/var"]}),
            &[(E, "allowed_if", "Exclude")],
        ),
        case(
            "an inclusion path of 256 characters",
            json!({"Include": [format!("/{}", chars('a', 255))]}),
            &[(E, "length", "Include[0]")],
        ),
        case(
            "application consistency without its scripts",
            json!({"Detail": {"appConsistent": true}}),
            &[
                (E, "required_if", "Detail.preScriptPath"),
                (E, "required_if", "Detail.postScriptPath"),
            ],
        ),
    ]
}

fn table() -> Vec<(Op, Vec<Case>)> {
    vec![
        (Op::get(TENCENT), tencent()),
        (Op::get(HUAWEI), huawei()),
        (Op::get(DBS_CREATE), dbs_create()),
        (Op::get(DBS_CONFIGURE), dbs_configure()),
        (Op::get(HBR), hbr()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Running the cases
// ---------------------------------------------------------------------------------------------

type Found = BTreeSet<(&'static str, &'static str, String)>;

fn found(vs: &[Violation]) -> Found {
    vs.iter()
        .map(|v| (v.severity.as_str(), v.rule, v.path.clone()))
        .collect()
}

fn show(vs: &[Violation]) -> String {
    if vs.is_empty() {
        return "no violation".to_owned();
    }
    vs.iter()
        .map(|v| format!("[{} {} at {:?}] {}", v.severity, v.rule, v.path, v.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A case run: the request sent and what validation found.
struct Run {
    request: Value,
    /// `Ok` when validation passed (warnings only), `Err` when it refused.
    result: Result<Vec<Violation>, Vec<Violation>>,
}

impl Run {
    fn violations(&self) -> &[Violation] {
        match &self.result {
            Ok(vs) | Err(vs) => vs,
        }
    }
}

fn run(op: Op, base: &Value, case: &Case) -> Run {
    let request = patched(op, base, &case.patch);
    let result = op.validate(&request);
    Run { request, result }
}

/// Every case of the table, run.
fn runs() -> Vec<(Op, Case, Run)> {
    let mut out = Vec::new();
    for (op, cases) in table() {
        let base = support::base_request(op.id());
        for case in cases {
            let r = run(op, &base, &case);
            out.push((op, case, r));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The model's readings and stated checks, by path
// ---------------------------------------------------------------------------------------------

/// `Rule[3].Retention` → `Rule[].Retention`: any item of a list stands for all.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            c if in_index && c.is_ascii_digit() => {}
            c => out.push(c),
        }
    }
    out
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Every object a request reaches, with the path prefix of its members (`Rule[]`,
/// `scheduled_policy`; empty for the request).
fn objects(op: Op) -> Vec<(String, &'static ObjectDef)> {
    fn walk(
        op: Op,
        prefix: String,
        def: &'static ObjectDef,
        depth: usize,
        out: &mut Vec<(String, &'static ObjectDef)>,
    ) {
        assert!(depth < 16, "{}: objects nest too deeply", op.id());
        out.push((prefix.clone(), def));
        for f in &def.fields {
            if let Some(child) = op.object_of(&f.ty) {
                let mut p = join(&prefix, &f.wire);
                if f.ty.is_list() {
                    p.push_str("[]");
                }
                walk(op, p, child, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(op, String::new(), &op.op.request, 0, &mut out);
    out
}

/// A check of the model that a violation can break: a field's constraint (of its value or of
/// its items) or a rule, with the normalized path its violations carry.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Check {
    op: &'static str,
    rule: &'static str,
    path: String,
    basis: Basis,
    what: String,
}

fn basis_word(b: Basis) -> &'static str {
    b.word()
}

/// Every field constraint and every enforced rule of every operation.
fn model_checks() -> Vec<Check> {
    let mut out = Vec::new();
    for op in Op::all() {
        for (prefix, def) in objects(op) {
            for f in &def.fields {
                let path = join(&prefix, &f.wire);
                for c in field_constraints(f) {
                    // An item outside a list's enumeration is reported at the item.
                    let at = if c == Constraint::Enum && f.ty.is_list() {
                        format!("{path}[]")
                    } else {
                        path.clone()
                    };
                    out.push(Check {
                        op: op.id(),
                        rule: c.rule(),
                        path: at,
                        basis: f.checks.basis(c),
                        what: format!("{} of {path}", c.key()),
                    });
                }
                for c in item_constraints(f) {
                    out.push(Check {
                        op: op.id(),
                        rule: c.rule(),
                        path: format!("{path}[]"),
                        basis: f.item_checks.basis(c),
                        what: format!("items.{} of {path}", c.key()),
                    });
                }
            }
            for rule in &def.rules {
                let target = match &rule.kind {
                    RuleKind::RequiredIf { field, .. }
                    | RuleKind::AllowedIf { field, .. }
                    | RuleKind::RangeIf { field, .. } => field,
                    RuleKind::AtLeastOneOf { fields, .. } | RuleKind::Check { fields, .. } => {
                        fields.first().expect("a rule names a field")
                    }
                    RuleKind::ServerSide { .. } => continue,
                };
                let path = join(&prefix, &target.wire());
                out.push(Check {
                    op: op.id(),
                    rule: rule.kind.id(),
                    path: normalize(&path),
                    basis: rule.basis,
                    what: format!("the {} rule \"{}\"", rule.kind.id(), rule.message),
                });
            }
        }
    }
    out
}

/// The constraints a field's own checks hold (`required`, `enum`, `count`, `unique` and
/// `order` included).
fn field_constraints(f: &Field) -> Vec<Constraint> {
    let c = &f.checks;
    let mut out = Vec::new();
    let mut add = |yes: bool, k: Constraint| {
        if yes {
            out.push(k);
        }
    };
    add(f.required, Constraint::Required);
    add(matches!(f.ty.item(), Type::Enum(..)), Constraint::Enum);
    add(c.range.is_some(), Constraint::Range);
    add(c.length.is_some(), Constraint::Length);
    add(f.count.is_some(), Constraint::Count);
    add(f.unique, Constraint::Unique);
    add(f.order.is_some(), Constraint::Order);
    add(c.charset.is_some(), Constraint::Charset);
    add(c.pattern.is_some(), Constraint::Pattern);
    add(c.ascii, Constraint::Ascii);
    add(!c.forbidden_prefixes.is_empty(), Constraint::Prefix);
    add(c.format.is_some(), Constraint::Format);
    // A reading of a constraint the field does not seem to have would go unnoticed.
    for r in c.readings.iter() {
        assert!(
            out.contains(&r),
            "{}: reads {r:?}, which it does not have",
            f.wire
        );
    }
    out
}

/// The constraints on each item of a list.
fn item_constraints(f: &Field) -> Vec<Constraint> {
    let c = &f.item_checks;
    let mut out = Vec::new();
    let mut add = |yes: bool, k: Constraint| {
        if yes {
            out.push(k);
        }
    };
    add(c.range.is_some(), Constraint::Range);
    add(c.length.is_some(), Constraint::Length);
    add(c.charset.is_some(), Constraint::Charset);
    add(c.pattern.is_some(), Constraint::Pattern);
    add(c.ascii, Constraint::Ascii);
    add(!c.forbidden_prefixes.is_empty(), Constraint::Prefix);
    add(c.format.is_some(), Constraint::Format);
    for r in c.readings.iter() {
        assert!(
            out.contains(&r),
            "{}: reads items.{r:?}, which they do not have",
            f.wire
        );
    }
    out
}

/// The fields that take a fractional number with a warning, by normalized path.
fn fraction_fields() -> BTreeSet<(&'static str, String)> {
    let mut out = BTreeSet::new();
    for op in Op::all() {
        for (prefix, def) in objects(op) {
            for f in def.fields.iter().filter(|f| f.fractions_rounded_down) {
                out.insert((op.id(), join(&prefix, &f.wire)));
            }
        }
    }
    out
}

/// Rules a violation names that are no constraint and no spec rule.
const OTHER_RULES: &[&str] = &["undocumented", "fraction", "type", "json", "unknown"];

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

/// Every case starts from the base request: it must validate without any violation, and an
/// empty patch must leave it as it is.
#[test]
fn base_requests_are_valid() {
    let mut failures = Vec::new();
    for op in Op::all() {
        let base = support::base_request(op.id());
        match op.validate(&base) {
            Ok(vs) if vs.is_empty() => {}
            Ok(vs) | Err(vs) => failures.push(format!("{}: {}", op.id(), show(&vs))),
        }
        let same = patched(op, &base, &json!({}));
        if same != base {
            failures.push(format!(
                "{}: an empty patch changed the base request",
                op.id()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "base requests with violations:\n- {}",
        failures.join("\n- ")
    );
}

/// The patch helper encodes JSON-text and comma-list members as the model says, and edits
/// members inside them.
#[test]
fn patches_encode_members_as_the_model_says() {
    let hbr = Op::get(HBR);
    let base = support::base_request(HBR);
    let r = patched(
        hbr,
        &base,
        &json!({"Include": ["/a", "/b"], "Options.UseVSS": true, "Detail.snapshotGroup": true, "Path": null}),
    );
    assert_eq!(r["Include"], json!("[\"/a\",\"/b\"]"));
    assert_eq!(r["Options"], json!("{\"UseVSS\":true}"));
    assert_eq!(r["Detail"], json!({"snapshotGroup": true}));
    assert!(r.get("Path").is_none());
    let r = patched(hbr, &r, &json!({"Options.UseVSS": false}));
    assert_eq!(r["Options"], json!("{\"UseVSS\":false}"));

    let dbs = Op::get(DBS_CREATE);
    let base = support::base_request(DBS_CREATE);
    let r = patched(
        dbs,
        &base,
        &json!({"BackupPeriod": ["Monday", "Friday"], "BackupObjects": [{"DBName": "db"}]}),
    );
    assert_eq!(r["BackupPeriod"], json!("Monday,Friday"));
    assert_eq!(r["BackupObjects"], json!("[{\"DBName\":\"db\"}]"));
    let r = patched(dbs, &r, &json!({"BackupObjects[0].SchemaName": "s"}));
    assert_eq!(
        r["BackupObjects"],
        json!("[{\"DBName\":\"db\",\"SchemaName\":\"s\"}]")
    );

    let vbs = Op::get(HUAWEI);
    let base = support::base_request(HUAWEI);
    let r = patched(
        vbs,
        &base,
        &json!({"scheduled_policy.start_time": ["22:00", "00:00"], "tags[0].key": "k"}),
    );
    assert_eq!(r["scheduled_policy"]["start_time"], json!("22:00,00:00"));
    assert_eq!(r["scheduled_policy"]["status"], json!("ON"));
    assert_eq!(r["tags"], json!([{"key": "k"}]));
}

/// The table: each case's exact violations, and what the validation modes do with them: a
/// request breaking only readings passes in `Standard` and is refused in `Strict`; one
/// breaking a stated check is refused in both.
#[test]
fn readings_and_stated_limits() {
    let mut failures = Vec::new();
    let mut counts: BTreeMap<&'static str, (usize, usize, usize)> = BTreeMap::new();
    for (op, case, run) in runs() {
        let vs = run.violations();
        let got = found(vs);
        let want: Found = case
            .expect
            .iter()
            .map(|(s, r, p)| (*s, *r, p.clone()))
            .collect();
        let ctx = || {
            format!(
                "{}: {} (patch {}; request {})",
                op.id(),
                case.what,
                case.patch,
                run.request
            )
        };
        if got != want {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            failures.push(format!(
                "{}:\n    missing {missing:?}\n    unexpected {extra:?}\n    found: {}",
                ctx(),
                show(vs)
            ));
            continue;
        }
        let errors = want.iter().any(|(s, ..)| *s == E);
        let standard = ValidationMode::Standard.refuses(vs);
        let strict = ValidationMode::Strict.refuses(vs);
        if standard != errors {
            failures.push(format!(
                "{}: Standard {} it",
                ctx(),
                if standard { "refuses" } else { "sends" }
            ));
        }
        let any = !want.is_empty();
        if strict != any {
            failures.push(format!(
                "{}: Strict {} it",
                ctx(),
                if strict { "refuses" } else { "sends" }
            ));
        }
        if ValidationMode::Warn.refuses(vs) || ValidationMode::Off.refuses(vs) {
            failures.push(format!("{}: Warn or Off refuses it", ctx()));
        }
        // validate_json itself: Ok with the warnings, Err when an error is among them.
        if run.result.is_err() != errors {
            failures.push(format!(
                "{}: validate_json returned {}",
                ctx(),
                if errors { "Ok" } else { "Err" }
            ));
        }
        if vs
            .iter()
            .any(|v| v.is_warning() != (v.severity == Severity::Warning))
        {
            failures.push(format!("{}: is_warning disagrees with severity", ctx()));
        }
        // What Standard sends, the typed request accepts too: it deserializes, validates with
        // warnings only, and serializes back to the same value.
        if !errors {
            if let Err(e) = support::typed_round_trip(op.id(), &run.request) {
                failures.push(format!("{}: the typed request: {e}", ctx()));
            }
        }
        for word in &case.mentions {
            if !vs.iter().any(|v| v.message.contains(word)) {
                failures.push(format!(
                    "{}: no message mentions {word:?}: {}",
                    ctx(),
                    show(vs)
                ));
            }
        }
        let c = counts.entry(op.id()).or_default();
        c.0 += 1;
        if errors {
            c.2 += 1;
        } else if !want.is_empty() {
            c.1 += 1;
        }
    }
    for (op, (all, warned, refused)) in &counts {
        eprintln!("{op}: {all} cases, {warned} sent with warnings, {refused} refused");
    }
    assert_eq!(counts.len(), 5, "every operation has cases: {counts:?}");
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n- {}",
        failures.len(),
        failures.join("\n- ")
    );
}

/// Each operation has a case of a top-level parameter its spec does not list: a warning, sent.
#[test]
fn undocumented_parameters_draw_warnings() {
    let tops: BTreeMap<&str, BTreeSet<String>> = Op::all()
        .into_iter()
        .map(|op| {
            (
                op.id(),
                op.op
                    .request
                    .fields
                    .iter()
                    .map(|f| f.wire.clone())
                    .collect(),
            )
        })
        .collect();
    let mut covered = BTreeSet::new();
    for (op, case, _) in runs() {
        for (s, r, p) in &case.expect {
            if *r == "undocumented" && !p.contains(['.', '[']) {
                assert_eq!(
                    *s,
                    W,
                    "{}: {}: an undocumented parameter is a warning",
                    op.id(),
                    case.what
                );
                assert!(!tops[op.id()].contains(p), "{}: {p} is documented", op.id());
                covered.insert(op.id());
            }
        }
    }
    let missing: Vec<&&str> = tops.keys().filter(|id| !covered.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "no undocumented-parameter case for {missing:?}"
    );
}

/// Every reading of the model draws its warning in some case of the table: each field
/// constraint that is a reading (of the value or of the items, on every object a request
/// reaches) and each reading rule, at its path.
#[test]
fn every_reading_is_exercised() {
    let mut warned: BTreeSet<(&'static str, &'static str, String)> = BTreeSet::new();
    for (op, _, run) in runs() {
        for v in run.violations().iter().filter(|v| v.is_warning()) {
            warned.insert((op.id(), v.rule, normalize(&v.path)));
        }
    }
    let readings: Vec<Check> = model_checks()
        .into_iter()
        .filter(|c| c.basis == Basis::Reading)
        .collect();
    for c in &readings {
        eprintln!("reading: {}: {} ({} at {})", c.op, c.what, c.rule, c.path);
    }
    assert!(
        !readings.is_empty(),
        "the specs have no reading: the test would pass vacuously"
    );
    let missing: Vec<String> = readings
        .iter()
        .filter(|c| !warned.contains(&(c.op, c.rule, c.path.clone())))
        .map(|c| {
            format!(
                "{}: {} (a `{}` warning at {})",
                c.op, c.what, c.rule, c.path
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} reading(s) of {} exercised by no case of the table:\n- {}",
        missing.len(),
        readings.len(),
        missing.join("\n- ")
    );
}

/// No case expects an error of a check the spec calls a reading, nor a warning of one it
/// states: each expected violation is matched to the model's check at its path, with the
/// severity of its basis.
#[test]
fn expected_severities_follow_the_basis() {
    let checks = model_checks();
    let fractions = fraction_fields();
    let mut failures = Vec::new();
    for (op, case, _) in runs() {
        for (severity, rule, path) in &case.expect {
            let at = normalize(path);
            let ctx = || {
                format!(
                    "{}: {}: expects ({severity}, {rule}, {path})",
                    op.id(),
                    case.what
                )
            };
            if *rule == "fraction" {
                if *severity != W || !fractions.contains(&(op.id(), at.clone())) {
                    failures.push(format!(
                        "{}, but only a warning of a field taking fractions can be",
                        ctx()
                    ));
                }
                continue;
            }
            if OTHER_RULES.contains(rule) {
                continue;
            }
            let matching: Vec<&Check> = checks
                .iter()
                .filter(|c| c.op == op.id() && c.rule == *rule && c.path == at)
                .collect();
            if matching.is_empty() {
                failures.push(format!("{}, but the spec has no such check there", ctx()));
                continue;
            }
            let want = if *severity == E {
                Basis::Stated
            } else {
                Basis::Reading
            };
            if !matching.iter().any(|c| c.basis == want) {
                failures.push(format!(
                    "{}, but the spec's check is {}: {}",
                    ctx(),
                    matching
                        .iter()
                        .map(|c| basis_word(c.basis))
                        .collect::<Vec<_>>()
                        .join(", "),
                    matching
                        .iter()
                        .map(|c| c.what.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatch(es):\n- {}",
        failures.len(),
        failures.join("\n- ")
    );
}
