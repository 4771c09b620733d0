//! Semantic diff of two spec sets: what changed for users, per operation and parameter, how
//! it breaks Rust code and the wire, and the semver bump the generated crate needs.
//!
//! Models are compared, not text: reordering keys or reformatting YAML is no change. Each
//! change carries two verdicts: `breaking_api` (code that compiled against the generated crate
//! no longer compiles, or behaves differently: a request it built is now refused) and
//! `breaking_wire` (a request valid before is now rejected, or is sent differently).
//!
//! Every constraint and rule rests on a basis: **stated** by the page (a violation is an error,
//! refused in the default validation mode) or a **reading** of the spec's author (a violation
//! is a warning, refused only in `strict` mode). A change of basis is a change of its own
//! (`range_became_stated`, `rule_became_reading`), and a change of a reading's value only
//! changes warnings (`reading_range_tightened`); both are judged on the default mode, where a
//! reading refuses nothing. See [`classify`] for the whole table.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::*;

/// The semver bump a set of changes needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing changed.
    None,
    /// Documentation and other invisible changes.
    Patch,
    /// Additions and compatible changes.
    Minor,
    /// Breaking changes of the Rust API.
    Major,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::None => "none",
            Verdict::Patch => "patch",
            Verdict::Minor => "minor",
            Verdict::Major => "major",
        })
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The operation id (`alibabacloud.dbs.ConfigureBackupPlan`), or the service id
    /// (`alibabacloud.dbs`) for service-level changes.
    pub operation: String,
    /// The wire path of the parameter or field (`scheduled_policy.start_time`, `Rule[].Schedule`,
    /// `response.PlanId`), when the change concerns one.
    pub path: Option<String>,
    /// What kind of change (`range_tightened`, `parameter_added_required`, ...).
    pub kind: String,
    /// Whether Rust code using the crate breaks (does not compile, or behaves differently).
    pub breaking_api: bool,
    /// Whether requests valid before are now rejected, or are sent differently.
    pub breaking_wire: bool,
    /// The value before, when there is one.
    pub old: Value,
    /// The value after, when there is one.
    pub new: Value,
    /// The change in one line.
    pub summary: String,
}

impl Change {
    /// The bump this change alone needs.
    pub fn verdict(&self) -> Verdict {
        if self.breaking_api {
            Verdict::Major
        } else if self.breaking_wire || !PATCH_KINDS.contains(&self.kind.as_str()) {
            Verdict::Minor
        } else {
            Verdict::Patch
        }
    }
}

/// Kinds that change nothing a program can observe.
const PATCH_KINDS: &[&str] = &[
    "doc_changed",
    "default_changed",
    "sensitive_changed",
    "example_changed",
];

/// The (breaking_api, breaking_wire) classification of each kind of change.
///
/// Changes are judged on the default validation mode, where a stated check refuses a request
/// and a reading only warns. A constraint is one of `CONSTRAINTS` (`{c}` below), or `enum`,
/// `required` and `rule` for the kinds that name them:
///
/// | kind | API | wire | why |
/// | --- | --- | --- | --- |
/// | `{c}_tightened`, `{c}_changed` | yes | yes | a stated check refuses requests it accepted |
/// | `{c}_loosened` | no | no | a stated check accepts more (or is gone) |
/// | `{c}_became_stated`, `enum_became_stated`, `rule_became_stated` | yes | yes | a reading now refuses what it only warned about |
/// | `{c}_became_reading`, `enum_became_reading`, `rule_became_reading` | no | no | a stated check now only warns |
/// | `required_became_stated` | yes | yes | leaving the field out is refused, and its Rust field is no longer an `Option` |
/// | `required_became_reading` | yes | no | its Rust field becomes an `Option`; leaving it out only warns |
/// | `reading_{c}_{tightened,loosened,changed}`, `reading_required_{added,removed}`, `reading_rule_{added,removed,changed}` | no | no | only warnings change |
///
/// How a constraint whose value, basis, or both change is reported:
/// a reading counts as absent for the default mode, so the kind follows the stated side.
///
/// | before | after | value | kind |
/// | --- | --- | --- | --- |
/// | stated or none | stated or none | changes | `{c}_{direction}` |
/// | reading or none | reading or none | changes | `reading_{c}_{direction}` |
/// | reading | stated | same | `{c}_became_stated` |
/// | stated | reading | same | `{c}_became_reading` |
/// | reading | stated | tightened or changed | `{c}_tightened`, `{c}_changed` |
/// | reading | stated | loosened | `{c}_became_stated` (the stated check is new: it refuses what was only warned about) |
/// | stated | reading | loosened | `{c}_loosened` |
/// | stated | reading | tightened or changed | `{c}_became_reading` (nothing is refused any more) |
///
/// Required, as stated (S), a reading (R) or not required (-): - → S `required_added`,
/// S → - `required_removed`, - → R `reading_required_added`, R → - `reading_required_removed`,
/// R → S `required_became_stated`, S → R `required_became_reading`; a parameter added as a
/// required reading is `parameter_added_optional` (its Rust field is an `Option`). A rule
/// added, removed or changed is `rule_added`, `rule_removed`, `rule_changed` when stated and
/// `reading_rule_*` when a reading on both sides; a reading rule changed into a stated one is
/// `rule_changed`, a stated rule changed into a reading `rule_became_reading`.
pub fn classify(kind: &str) -> (bool, bool) {
    // Before the suffixes: `reading_range_tightened` is no tightening of what is refused.
    if kind.starts_with("reading_") {
        return (false, false);
    }
    if kind.ends_with("_became_stated") {
        return (true, true);
    }
    if kind == "required_became_reading" {
        return (true, false);
    }
    if kind.ends_with("_became_reading") {
        return (false, false);
    }
    let tightened = kind.ends_with("_tightened")
        || kind.ends_with("_changed") && CONSTRAINTS.iter().any(|c| kind == format!("{c}_changed"));
    if tightened {
        return (true, true);
    }
    if kind.ends_with("_loosened") {
        return (false, false);
    }
    match kind {
        "enum_order_changed"
        | "operation_removed"
        | "parameter_added_required"
        | "parameter_removed"
        | "type_changed"
        | "required_added"
        | "rule_added"
        | "rule_changed"
        | "enum_value_removed"
        | "regions_removed" => (true, true),
        "rust_name_changed"
        | "required_removed"
        | "enum_value_added"
        | "response_field_removed"
        | "response_field_type_changed"
        | "response_enum_value_removed"
        | "error_code_removed"
        | "type_removed" => (true, false),
        "wire_name_changed"
        | "location_changed"
        | "encoding_changed"
        | "idempotency_token_changed"
        | "endpoint_changed"
        | "api_version_changed"
        | "protocol_changed" => (false, true),
        _ => (false, false),
    }
}

/// The constraints whose changes are classified by direction.
const CONSTRAINTS: &[&str] = &[
    "range",
    "length",
    "count",
    "pattern",
    "charset",
    "ascii",
    "prefix",
    "format",
    "unique",
    "order",
    "item_range",
    "item_length",
    "item_pattern",
    "item_charset",
    "item_ascii",
    "item_prefix",
    "item_format",
];

/// Where a field comparison stands: its operation, the two sides, whether it is in a
/// response, and how deep in nested objects.
#[derive(Clone, Copy)]
struct Context<'a, 'o> {
    op: &'o str,
    sides: (Side<'a>, Side<'a>),
    response: bool,
    depth: usize,
}

/// A diff in progress.
struct Differ<'a> {
    changes: Vec<Change>,
    old: &'a Model,
    new: &'a Model,
}

fn service_of<'a>(m: &'a Model, provider: &str, service: &str) -> Option<&'a Service> {
    m.services
        .iter()
        .find(|s| s.provider == provider && s.service == service)
}

/// A named type as seen from an operation.
fn find_type<'a>(
    svc: &'a Service,
    op: Option<&'a Operation>,
    name: &str,
    scope: Scope,
) -> Option<&'a TypeDef> {
    let pools: Vec<&'a [TypeDef]> = match (scope, op) {
        (Scope::Service, _) | (Scope::Operation, None) => vec![&svc.types],
        (Scope::Operation, Some(op)) => vec![&op.types, &op.response_types],
    };
    pools.into_iter().flatten().find(|t| t.name() == name)
}

/// Where a comparison stands: the two sides' service and operation, for resolving types.
#[derive(Clone, Copy)]
struct Side<'a> {
    svc: &'a Service,
    op: Option<&'a Operation>,
}

impl<'a> Side<'a> {
    fn object(&self, ty: &Type) -> Option<&'a ObjectDef> {
        match ty {
            Type::Object(n, s) => match find_type(self.svc, self.op, n, *s) {
                Some(TypeDef::Object(o)) => Some(o),
                _ => None,
            },
            _ => None,
        }
    }

    fn enumeration(&self, ty: &Type) -> Option<&'a EnumDef> {
        match ty {
            Type::Enum(n, s) => match find_type(self.svc, self.op, n, *s) {
                Some(TypeDef::Enum(e)) => Some(e),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Whether `inner` allows nothing `outer` does not.
fn within(inner: &Interval, outer: &Interval) -> bool {
    let lo_ok = match (outer.lowest(), inner.lowest()) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(o), Some(i)) => i >= o,
    };
    let hi_ok = match (outer.highest(), inner.highest()) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(o), Some(i)) => i <= o,
    };
    lo_ok && hi_ok
}

fn notation(iv: &Option<Interval>) -> Value {
    iv.as_ref()
        .map_or(Value::Null, |i| Value::String(i.notation()))
}

/// A type as the spec writes it, object and enum names included.
fn type_name(t: &Type) -> String {
    t.spec_name()
}

/// How a constraint's change is shown: its name in words, the change of value (`from [0,100]
/// (...) to [0,50] (...)`), the value when it is the same on both sides, and the values the
/// change carries.
struct Shown {
    what: String,
    change: String,
    value: Option<String>,
    old: Value,
    new: Value,
}

/// The wording of a constraint's change: of its value, of its basis, or of both (in the order
/// that names the kind first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `range tightened from ... to ...`.
    Value,
    /// `reading range tightened from ... to ...`.
    Reading,
    /// `range became stated ([1,31])`.
    BecameStated,
    /// `range became a reading ([1,31])`.
    BecameReading,
    /// `range tightened from ... to ..., and became stated`.
    ValueThenStated,
    /// `range loosened from ... to ..., and became a reading`.
    ValueThenReading,
    /// `range became stated, and loosened from ... to ...`.
    StatedThenValue,
    /// `range became a reading, and tightened from ... to ...`.
    ReadingThenValue,
}

/// The kind of a change of the constraint `what`: of its value (`direction`: `tightened`,
/// `loosened` or `changed`; `None` when the value is the same), of its basis on each side
/// (`None` where the side does not have the constraint), or of both; `None` when nothing
/// changed. In the default validation mode a reading refuses nothing, so the change is judged
/// by its stated side (the table in [`classify`]):
///
/// - no reading on either side: the value's change, `{what}_{direction}`;
/// - no stated side: only warnings change, `reading_{what}_{direction}`;
/// - same value, reading → stated: `{what}_became_stated`; stated → reading:
///   `{what}_became_reading`;
/// - reading → stated with a value tightened or changed: `{what}_tightened` or
///   `{what}_changed`, breaking as any stated tightening; loosened: `{what}_became_stated`,
///   since the stated check is new and refuses what was only warned about before;
/// - stated → reading with a value loosened: `{what}_loosened`; tightened or changed:
///   `{what}_became_reading`, since nothing is refused any more.
fn constraint_kind(
    what: &str,
    direction: Option<&str>,
    bases: (Option<Basis>, Option<Basis>),
) -> Option<(String, Form)> {
    use Basis::{Reading, Stated};
    let (kind, form) = match (direction, bases) {
        (None, (Some(Reading), Some(Stated))) => {
            (format!("{what}_became_stated"), Form::BecameStated)
        }
        (None, (Some(Stated), Some(Reading))) => {
            (format!("{what}_became_reading"), Form::BecameReading)
        }
        (None, _) => return None,
        (Some(d), (o, n)) if o != Some(Reading) && n != Some(Reading) => {
            (format!("{what}_{d}"), Form::Value)
        }
        (Some(d), (o, n)) if o != Some(Stated) && n != Some(Stated) => {
            (format!("reading_{what}_{d}"), Form::Reading)
        }
        (Some("loosened"), (_, Some(Stated))) => {
            (format!("{what}_became_stated"), Form::StatedThenValue)
        }
        (Some(d), (_, Some(Stated))) => (format!("{what}_{d}"), Form::ValueThenStated),
        (Some("loosened"), _) => (format!("{what}_loosened"), Form::ValueThenReading),
        (Some(_), _) => (format!("{what}_became_reading"), Form::ReadingThenValue),
    };
    Some((kind, form))
}

impl<'a> Differ<'a> {
    fn push(
        &mut self,
        operation: &str,
        path: Option<String>,
        kind: &str,
        old: Value,
        new: Value,
        summary: String,
    ) {
        let (breaking_api, breaking_wire) = classify(kind);
        self.changes.push(Change {
            operation: operation.to_owned(),
            path,
            kind: kind.to_owned(),
            breaking_api,
            breaking_wire,
            old,
            new,
            summary,
        });
    }

    fn interval(
        &mut self,
        op: &str,
        path: &str,
        what: &str,
        old: (&Option<Interval>, Basis),
        new: (&Option<Interval>, Basis),
    ) {
        let ((ov, ob), (nv, nb)) = (old, new);
        let direction = match (ov, nv) {
            _ if ov == nv => None,
            (None, Some(_)) => Some("tightened"),
            (Some(_), None) => Some("loosened"),
            (Some(o), Some(n)) if within(n, o) => Some("tightened"),
            (Some(o), Some(n)) if within(o, n) => Some("loosened"),
            _ => Some("changed"),
        };
        let words = |iv: &Option<Interval>| {
            iv.as_ref().map_or_else(
                || "unbounded".to_owned(),
                |i| format!("{} ({})", i.notation(), i.words()),
            )
        };
        let shown = Shown {
            what: what.replace('_', " "),
            change: format!("from {} to {}", words(ov), words(nv)),
            value: ov.as_ref().map(Interval::notation),
            old: notation(ov),
            new: notation(nv),
        };
        self.constraint(
            op,
            path,
            what,
            direction,
            (ov.as_ref().map(|_| ob), nv.as_ref().map(|_| nb)),
            shown,
        );
    }

    /// A constraint that is either there or not, or whose values cannot be ordered: adding it
    /// tightens, removing it loosens, changing it is a change.
    fn presence<T: PartialEq + Serialize>(
        &mut self,
        op: &str,
        path: &str,
        what: &str,
        old: (Option<&T>, Basis),
        new: (Option<&T>, Basis),
    ) {
        let ((ov, ob), (nv, nb)) = (old, new);
        let direction = match (ov, nv) {
            _ if ov == nv => None,
            (None, Some(_)) => Some("tightened"),
            (Some(_), None) => Some("loosened"),
            _ => Some("changed"),
        };
        let show = |v: Option<&T>| {
            v.map_or(Value::Null, |v| {
                serde_json::to_value(v).unwrap_or(Value::Null)
            })
        };
        let (o, n) = (show(ov), show(nv));
        let shown = Shown {
            what: what.replace('_', " "),
            change: format!("({o} → {n})"),
            // A flag (`ascii`, `unique`) has no value worth showing.
            value: (o != Value::Bool(true)).then(|| o.to_string()),
            old: o,
            new: n,
        };
        self.constraint(
            op,
            path,
            what,
            direction,
            (ov.map(|_| ob), nv.map(|_| nb)),
            shown,
        );
    }

    /// Reports a constraint whose value (`direction`, `None` when it is the same), basis
    /// (`None` on a side that does not have the constraint), or both changed, as
    /// [`constraint_kind`] names it.
    fn constraint(
        &mut self,
        op: &str,
        path: &str,
        what: &str,
        direction: Option<&'static str>,
        bases: (Option<Basis>, Option<Basis>),
        shown: Shown,
    ) {
        let Some((kind, form)) = constraint_kind(what, direction, bases) else {
            return;
        };
        let Shown {
            what: label,
            change,
            value,
            old,
            new,
        } = shown;
        let direction = direction.unwrap_or_default();
        let value = value.map_or_else(String::new, |v| format!(" ({v})"));
        let summary = match form {
            Form::Value => format!("{path}: {label} {direction} {change}"),
            Form::Reading => format!("{path}: reading {label} {direction} {change}"),
            Form::BecameStated => format!("{path}: {label} became stated{value}"),
            Form::BecameReading => format!("{path}: {label} became a reading{value}"),
            Form::ValueThenStated => {
                format!("{path}: {label} {direction} {change}, and became stated")
            }
            Form::ValueThenReading => {
                format!("{path}: {label} {direction} {change}, and became a reading")
            }
            Form::StatedThenValue => {
                format!("{path}: {label} became stated, and {direction} {change}")
            }
            Form::ReadingThenValue => {
                format!("{path}: {label} became a reading, and {direction} {change}")
            }
        };
        self.push(op, Some(path.to_owned()), &kind, old, new, summary);
    }

    fn checks(&mut self, op: &str, path: &str, prefix: &str, old: &Checks, new: &Checks) {
        let name = |c: &str| format!("{prefix}{c}");
        self.interval(
            op,
            path,
            &name("range"),
            (&old.range, old.basis(Constraint::Range)),
            (&new.range, new.basis(Constraint::Range)),
        );
        self.interval(
            op,
            path,
            &name("length"),
            (&old.length, old.basis(Constraint::Length)),
            (&new.length, new.basis(Constraint::Length)),
        );
        self.presence(
            op,
            path,
            &name("pattern"),
            (
                old.pattern.as_ref().map(|p| p.to_string()).as_ref(),
                old.basis(Constraint::Pattern),
            ),
            (
                new.pattern.as_ref().map(|p| p.to_string()).as_ref(),
                new.basis(Constraint::Pattern),
            ),
        );
        let charset = |c: &Option<Charset>| c.as_ref().map(|c| c.describe.clone());
        let (oc, nc) = (charset(&old.charset), charset(&new.charset));
        self.presence(
            op,
            path,
            &name("charset"),
            (oc.as_ref(), old.basis(Constraint::Charset)),
            (nc.as_ref(), new.basis(Constraint::Charset)),
        );
        self.presence(
            op,
            path,
            &name("ascii"),
            (old.ascii.then_some(&true), old.basis(Constraint::Ascii)),
            (new.ascii.then_some(&true), new.basis(Constraint::Ascii)),
        );
        let prefixes = |c: &Checks| {
            (!c.forbidden_prefixes.is_empty()).then(|| {
                c.forbidden_prefixes
                    .iter()
                    .map(|p| {
                        let case = if p.ignore_case { " (any case)" } else { "" };
                        format!("{}{case}", p.prefix)
                    })
                    .collect::<Vec<_>>()
            })
        };
        let (op_, np_) = (prefixes(old), prefixes(new));
        self.presence(
            op,
            path,
            &name("prefix"),
            (op_.as_ref(), old.basis(Constraint::Prefix)),
            (np_.as_ref(), new.basis(Constraint::Prefix)),
        );
        let format = |c: &Checks| c.format.map(|f| f.name().to_owned());
        let (of, nf) = (format(old), format(new));
        self.presence(
            op,
            path,
            &name("format"),
            (of.as_ref(), old.basis(Constraint::Format)),
            (nf.as_ref(), new.basis(Constraint::Format)),
        );
    }

    fn enum_values(&mut self, op: &str, path: &str, old: &EnumDef, new: &EnumDef, response: bool) {
        let o: BTreeSet<&str> = old.values.iter().map(|v| v.wire.as_str()).collect();
        let n: BTreeSet<&str> = new.values.iter().map(|v| v.wire.as_str()).collect();
        for v in n.difference(&o) {
            let kind = if response {
                "response_enum_value_added"
            } else {
                "enum_value_added"
            };
            self.push(
                op,
                Some(path.to_owned()),
                kind,
                Value::Null,
                json!(v),
                format!("{path}: value `{v}` added to {}", new.name),
            );
        }
        for v in o.difference(&n) {
            let kind = if response {
                "response_enum_value_removed"
            } else {
                "enum_value_removed"
            };
            self.push(
                op,
                Some(path.to_owned()),
                kind,
                json!(v),
                Value::Null,
                format!("{path}: value `{v}` removed from {}", old.name),
            );
        }
        let common = |values: &[EnumValue]| -> Vec<String> {
            values
                .iter()
                .filter(|v| o.contains(v.wire.as_str()) && n.contains(v.wire.as_str()))
                .map(|v| v.wire.clone())
                .collect()
        };
        let (old_order, new_order) = (common(&old.values), common(&new.values));
        if old_order != new_order {
            self.push(
                op,
                Some(path.to_owned()),
                "enum_order_changed",
                json!(old_order),
                json!(new_order),
                format!(
                    "{path}: the values of {} are listed in another order (their Rust order, `ALL`, and `order` constraints follow it)",
                    new.name
                ),
            );
        }
        for ov in &old.values {
            if let Some(nv) = new.values.iter().find(|v| v.wire == ov.wire) {
                if ov.description != nv.description {
                    self.push(
                        op,
                        Some(path.to_owned()),
                        "doc_changed",
                        json!(ov.description),
                        json!(nv.description),
                        format!(
                            "{path}: the meaning of `{}` is documented differently",
                            ov.wire
                        ),
                    );
                }
                if ov.rust != nv.rust {
                    self.push(
                        op,
                        Some(path.to_owned()),
                        "rust_name_changed",
                        json!(format!("{}::{}", old.name, ov.rust)),
                        json!(format!("{}::{}", new.name, nv.rust)),
                        format!(
                            "{path}: the variant of `{}` is renamed from {} to {}",
                            ov.wire, ov.rust, nv.rust
                        ),
                    );
                }
            }
        }
        if old.name != new.name {
            self.push(
                op,
                Some(path.to_owned()),
                "rust_name_changed",
                json!(old.name),
                json!(new.name),
                format!(
                    "{path}: the enum type is renamed from {} to {}",
                    old.name, new.name
                ),
            );
        }
    }

    fn fields(&mut self, cx: Context<'a, '_>, prefix: &str, old: &[Field], new: &[Field]) {
        let (op, response) = (cx.op, cx.response);
        let path_of = |w: &str| {
            if prefix.is_empty() {
                w.to_owned()
            } else {
                format!("{prefix}.{w}")
            }
        };
        let mut matched_new: BTreeSet<&str> = BTreeSet::new();
        for of in old {
            let nf = new.iter().find(|f| f.wire == of.wire).or_else(|| {
                // Same Rust name, other wire name: the wire name changed.
                new.iter()
                    .find(|f| f.rust == of.rust && !old.iter().any(|o| o.wire == f.wire))
            });
            let Some(nf) = nf else {
                let path = path_of(&of.wire);
                if response {
                    self.push(
                        op,
                        Some(path.clone()),
                        "response_field_removed",
                        json!(of.wire),
                        Value::Null,
                        format!("{path}: response field removed"),
                    );
                } else {
                    self.push(
                        op,
                        Some(path.clone()),
                        "parameter_removed",
                        json!(of.wire),
                        Value::Null,
                        format!("{path}: parameter removed"),
                    );
                }
                continue;
            };
            matched_new.insert(nf.wire.as_str());
            self.field(cx, &path_of(&nf.wire), of, nf);
        }
        for nf in new {
            if matched_new.contains(nf.wire.as_str()) {
                continue;
            }
            let path = path_of(&nf.wire);
            // A requirement that is a reading leaves the Rust field an `Option`.
            let (kind, words) = match (response, nf.stated_required(), nf.required) {
                (true, ..) => ("response_field_added", "response field added"),
                (false, true, _) => ("parameter_added_required", "required parameter added"),
                (false, false, true) => (
                    "parameter_added_optional",
                    "optional parameter added, required as a reading",
                ),
                (false, false, false) => ("parameter_added_optional", "optional parameter added"),
            };
            self.push(
                op,
                Some(path.clone()),
                kind,
                Value::Null,
                json!({"name": nf.wire, "type": type_name(&nf.ty)}),
                format!("{path}: {words} ({})", type_name(&nf.ty)),
            );
        }
    }

    fn field(&mut self, cx: Context<'a, '_>, path: &str, o: &Field, n: &Field) {
        let (op, sides, response, depth) = (cx.op, cx.sides, cx.response, cx.depth);
        if o.wire != n.wire {
            self.push(
                op,
                Some(path.to_owned()),
                "wire_name_changed",
                json!(o.wire),
                json!(n.wire),
                format!(
                    "{path}: wire name changed from `{}` to `{}`",
                    o.wire, n.wire
                ),
            );
        }
        if o.rust != n.rust {
            self.push(
                op,
                Some(path.to_owned()),
                "rust_name_changed",
                json!(o.rust),
                json!(n.rust),
                format!(
                    "{path}: Rust name changed from `{}` to `{}`",
                    o.rust, n.rust
                ),
            );
        }
        let (ot, nt) = (type_name(&o.ty), type_name(&n.ty));
        let same_shape = match (&o.ty.item(), &n.ty.item()) {
            (Type::Enum(..), Type::Enum(..)) | (Type::Object(..), Type::Object(..)) => {
                o.ty.is_list() == n.ty.is_list()
            }
            _ => o.ty == n.ty,
        };
        if !same_shape {
            let kind = if response {
                "response_field_type_changed"
            } else {
                "type_changed"
            };
            self.push(
                op,
                Some(path.to_owned()),
                kind,
                json!(ot),
                json!(nt),
                format!("{path}: type changed from {ot} to {nt}"),
            );
            return;
        }
        // Nested types: enums by values, objects by members.
        let (os, ns) = sides;
        if let (Some(oe), Some(ne)) = (os.enumeration(o.ty.item()), ns.enumeration(n.ty.item())) {
            self.enum_values(op, path, oe, ne, response);
            if !response {
                // Whether a value must be one of the enumeration's is stated or a reading; a
                // change of the values themselves is reported above, by the Rust type.
                let basis = |f: &Field| Some(f.checks.basis(Constraint::Enum));
                let values = |e: &EnumDef| e.values.iter().map(|v| v.wire.clone()).collect();
                let (ov, nv): (Vec<String>, Vec<String>) = (values(oe), values(ne));
                let shown = Shown {
                    what: "enum".to_owned(),
                    change: String::new(),
                    value: Some(nv.join(", ")),
                    old: json!(ov),
                    new: json!(nv),
                };
                self.constraint(op, path, "enum", None, (basis(o), basis(n)), shown);
            }
        }
        if let (Some(oo), Some(no)) = (os.object(o.ty.item()), ns.object(n.ty.item())) {
            if oo.name != no.name {
                self.push(
                    op,
                    Some(path.to_owned()),
                    "rust_name_changed",
                    json!(oo.name),
                    json!(no.name),
                    format!(
                        "{path}: the object type is renamed from {} to {}",
                        oo.name, no.name
                    ),
                );
            }
            if oo.description != no.description || oo.notes != no.notes {
                self.push(
                    op,
                    Some(path.to_owned()),
                    "doc_changed",
                    json!(oo.description),
                    json!(no.description),
                    format!("{path}: the documentation of {} changed", no.name),
                );
            }
            if depth < 8 {
                let inner = if o.ty.is_list() {
                    format!("{path}[]")
                } else {
                    path.to_owned()
                };
                self.fields(
                    Context {
                        depth: depth + 1,
                        ..cx
                    },
                    &inner,
                    &oo.fields,
                    &no.fields,
                );
                if !response {
                    self.rules(op, &inner, &oo.rules, &no.rules);
                }
            }
        }
        if response {
            if o.description != n.description
                || o.examples != n.examples
                || note_texts(&o.notes) != note_texts(&n.notes)
            {
                self.push(
                    op,
                    Some(path.to_owned()),
                    "doc_changed",
                    json!(o.description),
                    json!(n.description),
                    format!("{path}: description changed"),
                );
            }
            return;
        }
        if o.location != n.location || o.style != n.style {
            let show = |f: &Field| {
                let place = f.location.map_or_else(
                    || "its parent".to_owned(),
                    |l| format!("{l:?}").to_lowercase(),
                );
                let style = f.style.map_or_else(String::new, |s| {
                    format!(" ({} style)", format!("{s:?}").to_lowercase())
                });
                format!("{place}{style}")
            };
            self.push(
                op,
                Some(path.to_owned()),
                "location_changed",
                json!(show(o)),
                json!(show(n)),
                format!("{path}: now sent in {} (was {})", show(n), show(o)),
            );
        }
        if o.encoding != n.encoding {
            let show = |e: Encoding| match e {
                Encoding::Plain => "plain",
                Encoding::JsonText => "json_text",
                Encoding::CommaList => "comma_list",
            };
            let (oe, ne) = (show(o.encoding), show(n.encoding));
            self.push(
                op,
                Some(path.to_owned()),
                "encoding_changed",
                json!(oe),
                json!(ne),
                format!("{path}: wire encoding changed from {oe} to {ne}"),
            );
        }
        self.required(op, path, o, n);
        self.checks(op, path, "", &o.checks, &n.checks);
        self.checks(op, path, "item_", &o.item_checks, &n.item_checks);
        let b = |f: &Field, c: Constraint| f.checks.basis(c);
        self.interval(
            op,
            path,
            "count",
            (&o.count, b(o, Constraint::Count)),
            (&n.count, b(n, Constraint::Count)),
        );
        self.presence(
            op,
            path,
            "unique",
            (o.unique.then_some(&true), b(o, Constraint::Unique)),
            (n.unique.then_some(&true), b(n, Constraint::Unique)),
        );
        let order = |f: &Field| f.order.map(|o| o.word().to_owned());
        let (oo, no) = (order(o), order(n));
        self.presence(
            op,
            path,
            "order",
            (oo.as_ref(), b(o, Constraint::Order)),
            (no.as_ref(), b(n, Constraint::Order)),
        );
        if o.default != n.default {
            self.push(
                op,
                Some(path.to_owned()),
                "default_changed",
                o.default.clone().unwrap_or(Value::Null),
                n.default.clone().unwrap_or(Value::Null),
                format!("{path}: documented default changed"),
            );
        }
        if o.sensitive != n.sensitive {
            self.push(
                op,
                Some(path.to_owned()),
                "sensitive_changed",
                json!(o.sensitive),
                json!(n.sensitive),
                format!(
                    "{path}: {} sensitive",
                    if n.sensitive { "now" } else { "no longer" }
                ),
            );
        }
        if o.idempotency_token != n.idempotency_token {
            self.push(
                op,
                Some(path.to_owned()),
                "idempotency_token_changed",
                json!(o.idempotency_token),
                json!(n.idempotency_token),
                format!(
                    "{path}: {} the idempotency token",
                    if n.idempotency_token {
                        "now"
                    } else {
                        "no longer"
                    }
                ),
            );
        }
        // Which constraints a note reads is reported as their change of basis.
        if o.description != n.description
            || note_texts(&o.notes) != note_texts(&n.notes)
            || o.examples != n.examples
        {
            self.push(
                op,
                Some(path.to_owned()),
                "doc_changed",
                json!(o.description),
                json!(n.description),
                format!("{path}: documentation changed"),
            );
        }
    }

    /// `required`, with its basis: only a stated requirement makes the Rust field a `T`
    /// rather than an `Option<T>` and refuses a request without it.
    fn required(&mut self, op: &str, path: &str, o: &Field, n: &Field) {
        use Basis::{Reading, Stated};
        let required = |f: &Field| f.required.then(|| f.checks.basis(Constraint::Required));
        let (kind, summary) = match (required(o), required(n)) {
            (None, Some(Stated)) => ("required_added", "now required"),
            (None, Some(Reading)) => (
                "reading_required_added",
                "now required as a reading (leaving it out draws a warning)",
            ),
            (Some(Stated), None) => ("required_removed", "no longer required"),
            (Some(Reading), None) => (
                "reading_required_removed",
                "no longer required (it was a reading)",
            ),
            (Some(Reading), Some(Stated)) => (
                "required_became_stated",
                "required became stated (leaving it out is an error, and the Rust field is no longer an Option)",
            ),
            (Some(Stated), Some(Reading)) => (
                "required_became_reading",
                "required became a reading (leaving it out draws a warning, and the Rust field becomes an Option)",
            ),
            _ => return,
        };
        self.push(
            op,
            Some(path.to_owned()),
            kind,
            json!(o.required),
            json!(n.required),
            format!("{path}: {summary}"),
        );
    }

    /// Rules, matched by kind and first field. An enforced rule's kind of change follows its
    /// basis on each side: stated rules give `rule_added`, `rule_removed`, `rule_changed`;
    /// readings `reading_rule_added`, `reading_rule_removed`, `reading_rule_changed`; the same
    /// rule with another basis `rule_became_stated` or `rule_became_reading`. A rule changed
    /// from a reading into a stated rule is `rule_changed` (it refuses what it did not), and a
    /// stated rule changed into a reading `rule_became_reading` (it refuses nothing any more).
    /// Server-side rules are documentation.
    fn rules(&mut self, op: &str, prefix: &str, old: &[Rule], new: &[Rule]) {
        use Basis::{Reading, Stated};
        let key = |r: &Rule| {
            let first = r
                .kind
                .fields()
                .first()
                .map(|p| p.wire())
                .unwrap_or_default();
            (r.kind.id(), first)
        };
        let path_of = |f: &str| {
            if prefix.is_empty() {
                f.to_owned()
            } else {
                format!("{prefix}.{f}")
            }
        };
        let server_side = |r: &Rule| matches!(r.kind, RuleKind::ServerSide { .. });
        let mut old_left: Vec<&Rule> = old.iter().collect();
        let mut new_left: Vec<&Rule> = new.iter().collect();
        // Rules with the same meaning cancel out; their basis, words and provenance may still
        // differ.
        let mut reworded = Vec::new();
        let mut rebased = Vec::new();
        old_left.retain(|o| {
            if let Some(i) = new_left
                .iter()
                .position(|n| n.message == o.message && key(n) == key(o))
            {
                let n = new_left.remove(i);
                if (&o.description, &o.source, &o.notes) != (&n.description, &n.source, &n.notes) {
                    reworded.push((o.message.clone(), key(o).1));
                }
                if o.basis != n.basis && !server_side(o) {
                    rebased.push((o.message.clone(), key(o).1, n.basis));
                }
                false
            } else {
                true
            }
        });
        for (message, field) in reworded {
            self.push(
                op,
                Some(path_of(&field)),
                "doc_changed",
                json!(message),
                json!(message),
                format!(
                    "{}: the documentation of the rule \"{message}\" changed",
                    path_of(&field)
                ),
            );
        }
        for (message, field, basis) in rebased {
            let (kind, words) = match basis {
                Stated => ("rule_became_stated", "became stated"),
                Reading => ("rule_became_reading", "became a reading"),
            };
            self.push(
                op,
                Some(path_of(&field)),
                kind,
                json!(message),
                json!(message),
                format!("{}: rule {words}: {message}", path_of(&field)),
            );
        }
        for o in old_left {
            let (_, field) = key(o);
            let path = path_of(&field);
            if let Some(i) = new_left.iter().position(|n| key(n) == key(o)) {
                let n = new_left.remove(i);
                let (kind, words) = match (server_side(o), o.basis, n.basis) {
                    (true, ..) => ("doc_changed", "rule changed"),
                    (false, Stated, Stated) => ("rule_changed", "rule changed"),
                    (false, Reading, Reading) => ("reading_rule_changed", "reading rule changed"),
                    (false, Reading, Stated) => ("rule_changed", "rule changed, and became stated"),
                    (false, Stated, Reading) => {
                        ("rule_became_reading", "rule became a reading, and changed")
                    }
                };
                self.push(
                    op,
                    Some(path.clone()),
                    kind,
                    json!(o.message),
                    json!(n.message),
                    format!("{path}: {words}: {} → {}", o.message, n.message),
                );
            } else {
                let (kind, words) = match (server_side(o), o.basis) {
                    (true, _) => ("doc_changed", "rule removed"),
                    (false, Stated) => ("rule_removed", "rule removed"),
                    (false, Reading) => ("reading_rule_removed", "reading rule removed"),
                };
                self.push(
                    op,
                    Some(path.clone()),
                    kind,
                    json!(o.message),
                    Value::Null,
                    format!("{path}: {words}: {}", o.message),
                );
            }
        }
        for n in new_left {
            let (_, field) = key(n);
            let path = path_of(&field);
            let (kind, words) = match (server_side(n), n.basis) {
                (true, _) => ("doc_changed", "rule added"),
                (false, Stated) => ("rule_added", "rule added"),
                (false, Reading) => ("reading_rule_added", "reading rule added"),
            };
            self.push(
                op,
                Some(path.clone()),
                kind,
                Value::Null,
                json!(n.message),
                format!("{path}: {words}: {}", n.message),
            );
        }
    }

    /// Named types that no field uses, appearing or disappearing: they are public types of
    /// the generated modules all the same. (Types that fields use are compared through them.)
    fn types(
        &mut self,
        id: &str,
        old: &[TypeDef],
        new: &[TypeDef],
        used_old: &BTreeSet<String>,
        used_new: &BTreeSet<String>,
    ) {
        let names = |t: &[TypeDef]| {
            t.iter()
                .map(|t| t.name().to_owned())
                .collect::<BTreeSet<_>>()
        };
        let (o, n) = (names(old), names(new));
        for name in n.difference(&o).filter(|n| !used_new.contains(*n)) {
            self.push(
                id,
                None,
                "type_added",
                Value::Null,
                json!(name),
                format!("type {name} added"),
            );
        }
        for name in o.difference(&n).filter(|n| !used_old.contains(*n)) {
            self.push(
                id,
                None,
                "type_removed",
                json!(name),
                Value::Null,
                format!("type {name} removed"),
            );
        }
    }

    fn operation(&mut self, o: &'a Operation, n: &'a Operation, sides: (Side<'a>, Side<'a>)) {
        let id = n.id.as_str();
        let cx = Context {
            op: id,
            sides,
            response: false,
            depth: 0,
        };
        self.fields(cx, "", &o.request.fields, &n.request.fields);
        self.rules(id, "", &o.request.rules, &n.request.rules);
        let response = Context {
            response: true,
            ..cx
        };
        self.fields(response, "response", &o.response.fields, &n.response.fields);
        let oc: BTreeMap<&str, &ErrorCode> =
            o.errors.iter().map(|e| (e.code.as_str(), e)).collect();
        let nc: BTreeMap<&str, &ErrorCode> =
            n.errors.iter().map(|e| (e.code.as_str(), e)).collect();
        for code in nc.keys().filter(|c| !oc.contains_key(*c)) {
            self.push(
                id,
                None,
                "error_code_added",
                Value::Null,
                json!(code),
                format!("error code `{code}` added"),
            );
        }
        for code in oc.keys().filter(|c| !nc.contains_key(*c)) {
            self.push(
                id,
                None,
                "error_code_removed",
                json!(code),
                Value::Null,
                format!("error code `{code}` removed"),
            );
        }
        for (code, oe) in &oc {
            let Some(ne) = nc.get(code) else { continue };
            if oe.rust != ne.rust {
                self.push(
                    id,
                    None,
                    "rust_name_changed",
                    json!(oe.rust),
                    json!(ne.rust),
                    format!(
                        "the variant of error code `{code}` is renamed from {} to {}",
                        oe.rust, ne.rust
                    ),
                );
            }
            if (oe.http_status, &oe.message, &oe.description)
                != (ne.http_status, &ne.message, &ne.description)
            {
                self.push(
                    id,
                    None,
                    "doc_changed",
                    json!(oe.message),
                    json!(ne.message),
                    format!("error code `{code}` is documented differently"),
                );
            }
        }
        let (uo, un) = (used_by_operation(o), used_by_operation(n));
        self.types(id, &o.types, &n.types, &uo, &un);
        self.types(id, &o.response_types, &n.response_types, &uo, &un);
        let source = |op: &Operation| (op.page.clone(), op.response.description.clone());
        if source(o) != source(n) {
            self.push(
                id,
                None,
                "doc_changed",
                Value::Null,
                Value::Null,
                "the page transcribed or the response description changed".to_owned(),
            );
        }
        if o.description != n.description || o.notes != n.notes || o.status_codes != n.status_codes
        {
            self.push(
                id,
                None,
                "doc_changed",
                json!(o.description),
                json!(n.description),
                "operation documentation changed".to_owned(),
            );
        }
        let examples = |op: &Operation| {
            op.examples
                .iter()
                .map(|e| json!({"title": e.title, "request": e.request, "response": e.response}))
                .collect::<Vec<_>>()
        };
        if examples(o) != examples(n) {
            self.push(
                id,
                None,
                "example_changed",
                Value::Null,
                Value::Null,
                "document examples changed".to_owned(),
            );
        }
        if o.method != n.method || o.path != n.path {
            self.push(
                id,
                None,
                "endpoint_changed",
                json!(format!("{} {}", o.method, o.path)),
                json!(format!("{} {}", n.method, n.path)),
                format!(
                    "request line changed from `{} {}` to `{} {}`",
                    o.method, o.path, n.method, n.path
                ),
            );
        }
    }

    fn service(&mut self, o: &'a Service, n: &'a Service) {
        let id = format!("{}.{}", n.provider, n.service);
        if o.api_version != n.api_version {
            self.push(
                &id,
                None,
                "api_version_changed",
                json!(o.api_version),
                json!(n.api_version),
                format!(
                    "API version changed from {} to {}",
                    o.api_version, n.api_version
                ),
            );
        }
        if o.protocol != n.protocol {
            self.push(
                &id,
                None,
                "protocol_changed",
                json!(o.protocol.word()),
                json!(n.protocol.word()),
                format!(
                    "protocol changed from {} to {}",
                    o.protocol.word(),
                    n.protocol.word()
                ),
            );
        }
        let hosts = |s: &Service| {
            s.endpoints
                .iter()
                .map(|e| {
                    let mut hosts = vec![e.host.clone()];
                    hosts.extend(e.region_hosts.iter().map(|(r, h)| format!("{r}: {h}")));
                    hosts.join(", ")
                })
                .collect::<Vec<_>>()
        };
        if hosts(o) != hosts(n) {
            self.push(
                &id,
                None,
                "endpoint_changed",
                json!(hosts(o)),
                json!(hosts(n)),
                format!("endpoints changed from {:?} to {:?}", hosts(o), hosts(n)),
            );
        }
        match (&o.regions, &n.regions) {
            (Some(or), Some(nr)) => {
                let (os, ns): (BTreeSet<&String>, BTreeSet<&String>) =
                    (or.iter().collect(), nr.iter().collect());
                let removed: Vec<&&String> = os.difference(&ns).collect();
                let added: Vec<&&String> = ns.difference(&os).collect();
                if !removed.is_empty() {
                    self.push(
                        &id,
                        None,
                        "regions_removed",
                        json!(removed),
                        Value::Null,
                        format!(
                            "regions no longer supported: {}",
                            removed
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
                if !added.is_empty() {
                    self.push(
                        &id,
                        None,
                        "regions_added",
                        Value::Null,
                        json!(added),
                        format!(
                            "regions added: {}",
                            added
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
            (None, Some(nr)) => self.push(
                &id,
                None,
                "regions_removed",
                Value::Null,
                json!(nr),
                "the service now lists its regions; others are refused".to_owned(),
            ),
            (Some(or), None) => self.push(
                &id,
                None,
                "regions_added",
                json!(or),
                Value::Null,
                "the region list was dropped: any region is accepted".to_owned(),
            ),
            (None, None) => {}
        }
        if o.rate_limits != n.rate_limits {
            let show = |s: &Service| {
                json!(
                    s.rate_limits
                        .iter()
                        .map(|r| format!("{}: {}/{}s", r.operation, r.requests, r.per_seconds))
                        .collect::<Vec<_>>()
                )
            };
            self.push(
                &id,
                None,
                "rate_limit_changed",
                show(o),
                show(n),
                "rate limits changed".to_owned(),
            );
        }
        let docs = |s: &Service| {
            (
                s.description.clone(),
                s.notes.clone(),
                s.service_name.clone(),
                s.provider_name.clone(),
                s.endpoints
                    .iter()
                    .map(|e| e.description.clone())
                    .collect::<Vec<_>>(),
            )
        };
        if docs(o) != docs(n) {
            self.push(
                &id,
                None,
                "doc_changed",
                Value::Null,
                Value::Null,
                "service documentation changed".to_owned(),
            );
        }
        let used = |s: &Service| {
            let mut names: BTreeSet<String> =
                s.operations.iter().flat_map(used_by_operation).collect();
            names.extend(used_in(s.types.iter()));
            names
        };
        self.types(&id, &o.types, &n.types, &used(o), &used(n));
        for nop in &n.operations {
            match o.operations.iter().find(|op| op.name == nop.name) {
                None => self.push(
                    &nop.id,
                    None,
                    "operation_added",
                    Value::Null,
                    json!(nop.id),
                    format!("operation {} added", nop.id),
                ),
                Some(oop) => self.operation(
                    oop,
                    nop,
                    (
                        Side {
                            svc: o,
                            op: Some(oop),
                        },
                        Side {
                            svc: n,
                            op: Some(nop),
                        },
                    ),
                ),
            }
        }
        for oop in &o.operations {
            if !n.operations.iter().any(|op| op.name == oop.name) {
                self.push(
                    &oop.id,
                    None,
                    "operation_removed",
                    json!(oop.id),
                    Value::Null,
                    format!("operation {} removed", oop.id),
                );
            }
        }
    }
}

/// What notes say, without which constraints they read (a change of those is a change of
/// basis, reported as such).
fn note_texts(notes: &[Note]) -> Vec<(&str, &str, &str)> {
    notes
        .iter()
        .map(|n| (n.subject.as_str(), n.doc_says.as_str(), n.decision.as_str()))
        .collect()
}

/// The names of the types the fields of these types refer to.
fn used_in<'t>(types: impl Iterator<Item = &'t TypeDef>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in types {
        if let TypeDef::Object(o) = t {
            out.extend(field_types(&o.fields));
        }
    }
    out
}

fn field_types(fields: &[Field]) -> impl Iterator<Item = String> + '_ {
    fields.iter().filter_map(|f| match f.ty.item() {
        Type::Object(n, _) | Type::Enum(n, _) => Some(n.clone()),
        _ => None,
    })
}

/// The names of the types an operation's request, response and types refer to.
fn used_by_operation(op: &Operation) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = field_types(&op.request.fields)
        .chain(field_types(&op.response.fields))
        .collect();
    out.extend(used_in(op.types.iter().chain(&op.response_types)));
    out
}

/// Every change from `old` to `new`, sorted by operation, then path, then kind.
pub fn diff(old: &Model, new: &Model) -> Vec<Change> {
    let mut d = Differ {
        changes: Vec::new(),
        old,
        new,
    };
    for n in &d.new.services {
        match service_of(d.old, &n.provider, &n.service) {
            Some(o) => d.service(o, n),
            None => {
                for op in &n.operations {
                    d.push(
                        &op.id,
                        None,
                        "operation_added",
                        Value::Null,
                        json!(op.id),
                        format!("operation {} added", op.id),
                    );
                }
            }
        }
    }
    for o in &d.old.services {
        if service_of(d.new, &o.provider, &o.service).is_none() {
            for op in &o.operations {
                d.push(
                    &op.id,
                    None,
                    "operation_removed",
                    json!(op.id),
                    Value::Null,
                    format!("operation {} removed", op.id),
                );
            }
        }
    }
    let mut changes = d.changes;
    changes.sort_by(|a, b| {
        (&a.operation, &a.path, &a.kind, a.summary.as_str()).cmp(&(
            &b.operation,
            &b.path,
            &b.kind,
            b.summary.as_str(),
        ))
    });
    changes
}

/// The bump all the changes need together.
pub fn verdict(changes: &[Change]) -> Verdict {
    changes
        .iter()
        .map(Change::verdict)
        .max()
        .unwrap_or(Verdict::None)
}

/// A generated file that changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Path relative to the generated crate.
    pub path: String,
    /// `added`, `removed` or `modified`.
    pub status: &'static str,
    /// Lines added.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
}

/// The generated files that differ, with their line counts.
pub fn file_changes(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Vec<FileChange> {
    let paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for path in paths {
        let (o, n) = (old.get(path), new.get(path));
        if o == n {
            continue;
        }
        let (o, n) = (o.map_or("", String::as_str), n.map_or("", String::as_str));
        let diff = similar::TextDiff::from_lines(o, n);
        let (mut added, mut removed) = (0, 0);
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Insert => added += 1,
                similar::ChangeTag::Delete => removed += 1,
                similar::ChangeTag::Equal => {}
            }
        }
        let status = match (old.contains_key(path), new.contains_key(path)) {
            (false, _) => "added",
            (_, false) => "removed",
            _ => "modified",
        };
        out.push(FileChange {
            path: path.clone(),
            status,
            added,
            removed,
        });
    }
    out
}

/// A whole report: the changes, the verdict, and the generated files that change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The bump.
    pub verdict: Verdict,
    /// The changes.
    pub changes: Vec<Change>,
    /// The generated files that change.
    pub files: Vec<FileChange>,
}

impl Report {
    /// Builds the report.
    pub fn new(
        old: &Model,
        new: &Model,
        old_files: &BTreeMap<String, String>,
        new_files: &BTreeMap<String, String>,
    ) -> Report {
        let changes = diff(old, new);
        Report {
            verdict: verdict(&changes),
            changes,
            files: file_changes(old_files, new_files),
        }
    }

    /// The JSON report.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The text report for terminals; with `color`, ANSI colours mark breaking changes.
    pub fn text(&self, color: bool) -> String {
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_owned()
            }
        };
        let mut out = String::new();
        if self.changes.is_empty() {
            out.push_str("no changes\n");
        }
        let mut current = None;
        for c in &self.changes {
            if current != Some(&c.operation) {
                out.push_str(&format!("\n{}\n", paint("1", &c.operation)));
                current = Some(&c.operation);
            }
            let tag = match c.verdict() {
                Verdict::Major => paint("31", "major"),
                Verdict::Minor => paint("33", "minor"),
                _ => paint("2", "patch"),
            };
            let breaks = match (c.breaking_api, c.breaking_wire) {
                (true, true) => " [breaks API and wire]",
                (true, false) => " [breaks API]",
                (false, true) => " [breaks wire]",
                (false, false) => "",
            };
            out.push_str(&format!("  {tag}  {}: {}{breaks}\n", c.kind, c.summary));
        }
        if !self.files.is_empty() {
            out.push_str("\ngenerated files:\n");
            for f in &self.files {
                out.push_str(&format!(
                    "  {:<8} {} (+{} -{})\n",
                    f.status, f.path, f.added, f.removed
                ));
            }
        }
        out.push_str(&format!(
            "\nverdict: {}\n",
            paint("1", &self.verdict.to_string())
        ));
        out.trim_start().to_owned()
    }

    /// The Markdown report for pull-request comments: a summary table, then details per
    /// operation.
    pub fn markdown(&self) -> String {
        let mut out = format!("## Spec changes: **{}** version bump\n\n", self.verdict);
        if self.changes.is_empty() {
            out.push_str("No changes.\n");
            return out;
        }
        let mut per_op: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for c in &self.changes {
            per_op.entry(c.operation.as_str()).or_default().push(c);
        }
        out.push_str("| operation | changes | breaking API | breaking wire | bump |\n| --- | --- | --- | --- | --- |\n");
        for (op, cs) in &per_op {
            let api = cs.iter().filter(|c| c.breaking_api).count();
            let wire = cs.iter().filter(|c| c.breaking_wire).count();
            let bump = cs
                .iter()
                .map(|c| c.verdict())
                .max()
                .unwrap_or(Verdict::None);
            out.push_str(&format!(
                "| `{op}` | {} | {api} | {wire} | {bump} |\n",
                cs.len()
            ));
        }
        for (op, cs) in &per_op {
            out.push_str(&format!(
                "\n### `{op}`\n\n| | kind | parameter | old → new | bump | change |\n| --- | --- | --- | --- | --- | --- |\n"
            ));
            let mut texts: Vec<(&Change, &str, &str)> = Vec::new();
            for c in cs {
                let values = match (&c.old, &c.new) {
                    (Value::String(o), Value::String(n))
                        if c.kind.ends_with("doc_changed") || is_text(o) || is_text(n) =>
                    {
                        texts.push((c, o, n));
                        "text, below".to_owned()
                    }
                    (Value::Null, Value::Null) => String::new(),
                    (o, n) => format!("{} → {}", cell_value(o), cell_value(n)),
                };
                let mark = match (c.breaking_api, c.breaking_wire) {
                    (true, true) => "💥 API, wire",
                    (true, false) => "💥 API",
                    (false, true) => "⚠️ wire",
                    (false, false) => "",
                };
                let path = c
                    .path
                    .as_deref()
                    .map_or(String::new(), |p| format!("`{p}`"));
                out.push_str(&format!(
                    "| {mark} | `{}` | {path} | {values} | {} | {} |\n",
                    c.kind,
                    c.verdict(),
                    c.summary.replace('|', "\\|")
                ));
            }
            if !texts.is_empty() {
                out.push_str("\n<details><summary>Documentation changes</summary>\n");
                for (c, o, n) in texts {
                    let what = c.path.as_deref().unwrap_or(c.kind.as_str());
                    out.push_str(&format!("\n`{what}`:\n\n```diff\n"));
                    for line in o.lines() {
                        out.push_str(&format!("-{line}\n"));
                    }
                    for line in n.lines() {
                        out.push_str(&format!("+{line}\n"));
                    }
                    out.push_str("```\n");
                }
                out.push_str("\n</details>\n");
            }
        }
        if !self.files.is_empty() {
            out.push_str("\n<details><summary>Generated files</summary>\n\n| file | | + | - |\n| --- | --- | --- | --- |\n");
            for f in &self.files {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    f.path, f.status, f.added, f.removed
                ));
            }
            out.push_str("\n</details>\n");
        }
        out
    }
}

/// Whether a value is prose (shown as a text diff) rather than a value (shown in a cell).
fn is_text(s: &str) -> bool {
    s.len() > 60 || s.contains('\n')
}

/// A value in a Markdown table cell: compact JSON in code, `|` escaped, at most 60 characters.
fn cell_value(v: &Value) -> String {
    if v.is_null() {
        return "—".to_owned();
    }
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let short: String = if text.chars().count() > 60 {
        text.chars().take(59).chain(['…']).collect()
    } else {
        text
    };
    format!("`{}`", short.replace('|', "\\|").replace('`', "'"))
}

/// One side of a diff: a spec directory, or a git revision of the repository holding the
/// working tree's specs directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffSide {
    /// A directory on disk.
    Dir(std::path::PathBuf),
    /// A git revision (`origin/main`, `HEAD~1`, a commit id).
    Revision(String),
}

/// Why a side could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// git failed (not a repository, unknown revision, ...).
    Git(String),
    /// The specs on that side have errors.
    Specs(crate::diagnostics::SourceMap, crate::diagnostics::Errors),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Git(e) => write!(f, "error: {e}"),
            ReadError::Specs(sources, errors) => f.write_str(&errors.render(sources, false)),
        }
    }
}

fn git(repo: &std::path::Path, args: &[&str]) -> Result<Vec<u8>, ReadError> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| ReadError::Git(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(ReadError::Git(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// The spec files of a side, as path components under the specs directory and text. For a
/// revision, `specs` names the directory whose history is read; nothing on disk changes.
pub fn read_side(
    side: &DiffSide,
    specs: &std::path::Path,
) -> Result<Vec<(Vec<String>, String)>, ReadError> {
    match side {
        DiffSide::Dir(dir) => {
            let mut found = Vec::new();
            let mut diags = crate::diagnostics::Diagnostics::default();
            crate::collect_specs(dir, &mut found, &mut diags);
            let mut out = Vec::new();
            for (components, path) in found {
                if let Some(text) = crate::read_spec_file(&path, &path, &mut diags) {
                    out.push((components, text));
                }
            }
            if let Err(errors) = diags.into_result(()) {
                return Err(ReadError::Specs(
                    crate::diagnostics::SourceMap::default(),
                    errors,
                ));
            }
            Ok(out)
        }
        DiffSide::Revision(rev) => {
            let dir = if specs.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                specs
            };
            let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
            let top = String::from_utf8_lossy(&git(&dir, &["rev-parse", "--show-toplevel"])?)
                .trim()
                .to_owned();
            let top = std::path::PathBuf::from(top);
            let rel = dir
                .strip_prefix(top.canonicalize().unwrap_or_else(|_| top.clone()))
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| "specs".to_owned());
            let commit = format!("{rev}^{{commit}}");
            git(&top, &["rev-parse", "--verify", "--quiet", &commit])
                .map_err(|_| ReadError::Git(format!("unknown revision {rev:?}")))?;
            // `-l` gives each blob's size, so that an oversized file is refused before it is
            // read; `-z` keeps unusual names unquoted.
            let listing = git(&top, &["ls-tree", "-r", "-l", "-z", rev, "--", &rel])?;
            let mut out = Vec::new();
            let mut diags = crate::diagnostics::Diagnostics::default();
            for record in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
                let record = String::from_utf8_lossy(record);
                let Some((meta, path)) = record.split_once('\t') else {
                    continue;
                };
                let mut meta = meta.split_whitespace();
                let (mode, object, size) = (meta.next(), meta.nth(1), meta.next());
                let shown = format!("{rev}:{path}");
                if path.ends_with(".yml") {
                    // As `generate` does for a directory.
                    diags.push(
                        crate::diagnostics::Diagnostic::in_file(
                            &shown,
                            "spec files end in `.yaml`",
                        )
                        .hint("rename the file to end in .yaml"),
                    );
                }
                let under = path.strip_prefix(&format!("{rel}/")).unwrap_or(path);
                let components: Vec<String> = under.split('/').map(str::to_owned).collect();
                let snapshot = components
                    .split_last()
                    .is_some_and(|(name, dir)| crate::is_snapshot(dir, name));
                // The same rules as on disk: a link is named and not followed, whatever its
                // name; a submodule is not part of the tree's files.
                match mode {
                    Some("120000") => {
                        diags.push(
                            crate::diagnostics::Diagnostic::in_file(
                                &shown,
                                "a symbolic link in the specs directory; links are not followed",
                            )
                            .hint("replace the link with a copy of the file or directory it points to"),
                        );
                        continue;
                    }
                    Some("100644" | "100755") => {}
                    _ => continue,
                }
                if !path.ends_with(".yaml") && !snapshot {
                    continue;
                }
                let (Some(object), Some(size)) = (object, size.and_then(|s| s.parse::<u64>().ok()))
                else {
                    continue;
                };
                if size > crate::MAX_FILE_BYTES {
                    diags.push(crate::too_large(std::path::Path::new(&shown)));
                    continue;
                }
                let bytes = git(&top, &["cat-file", "blob", object])?;
                if let Some(text) =
                    crate::spec_text(bytes, std::path::Path::new(&shown), &mut diags)
                {
                    out.push((components, text));
                }
            }
            if let Err(errors) = diags.into_result(()) {
                return Err(ReadError::Specs(
                    crate::diagnostics::SourceMap::default(),
                    errors,
                ));
            }
            out.sort();
            Ok(out)
        }
    }
}

/// How a side's files are named in diagnostics, as `generate` names them: by the directory's
/// name (for a revision, the specs directory's).
fn side_label(side: &DiffSide, specs: &std::path::Path) -> String {
    let dir = match side {
        DiffSide::Dir(dir) => dir.as_path(),
        DiffSide::Revision(_) => specs,
    };
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    dir.file_name()
        .map_or_else(|| "specs".to_owned(), |n| n.to_string_lossy().into_owned())
}

/// Builds one side into its model and generated files.
pub fn build_side(
    side: &DiffSide,
    specs: &std::path::Path,
    crate_name: &str,
) -> Result<crate::Generated, ReadError> {
    let files = read_side(side, specs)?;
    // Both sides are generated under the same name, so that only real changes differ; errors
    // are reported under the side's own name, as `generate` would name the files.
    let (_, result) = crate::build_sources(files.clone(), "specs", crate_name);
    match result {
        Ok(generated) => Ok(generated),
        Err(_) => {
            let (sources, result) =
                crate::build_sources(files, &side_label(side, specs), crate_name);
            Err(match result {
                Err(errors) => ReadError::Specs(sources, errors),
                Ok(_) => ReadError::Git("the specs failed to build".to_owned()),
            })
        }
    }
}

/// The report between two sides.
pub fn compare(
    old: &DiffSide,
    new: &DiffSide,
    specs: &std::path::Path,
    crate_name: &str,
) -> Result<Report, ReadError> {
    let o = build_side(old, specs, crate_name)?;
    let n = build_side(new, specs, crate_name)?;
    Ok(Report::new(&o.model, &n.model, &o.files, &n.files))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVICE: &str = "\
provider: example
provider_name: Example Cloud
service: demo
service_name: Demo
api_version: \"1\"
protocol: tc3
description: A service.
endpoints:
  - host: demo.example.com
";

    /// The model of a service with one operation, `Op`, of these parameters and rules (YAML
    /// list items, indented by two spaces).
    fn model(parameters: &str, rules: &str) -> Model {
        let op = format!(
            "operation: Op\ndescription: An operation.\nsource:\n  document: pages/Op.txt\n  title: Op\nhttp:\n  method: POST\n  path: /\nparameters:\n{parameters}\nrules:{}\nresponse:\n  fields: []\n",
            if rules.trim().is_empty() {
                " []\n".to_owned()
            } else {
                format!("\n{rules}")
            }
        );
        let files = vec![
            (
                vec!["example".into(), "demo".into(), "service.yaml".into()],
                SERVICE.to_owned(),
            ),
            (vec!["example".into(), "demo".into(), "Op.yaml".into()], op),
            (
                vec![
                    "example".into(),
                    "demo".into(),
                    "pages".into(),
                    "Op.txt".into(),
                ],
                "Op\n".to_owned(),
            ),
        ];
        let (sources, result) = crate::build_sources(files, "specs", "sdk");
        match result {
            Ok(g) => g.model,
            Err(e) => panic!("{}", e.render(&sources, false)),
        }
    }

    /// A parameter `P` of `ty`, with `constraints` (YAML lines at the field's indentation) and
    /// a note reading `reading` (nothing when empty).
    fn param(ty: &str, constraints: &str, reading: &str) -> String {
        let reading = if reading.is_empty() {
            String::new()
        } else {
            format!("        reading: [{reading}]\n")
        };
        format!(
            "  - name: P\n    type: {ty}\n    in: json\n    description: A parameter.\n{constraints}    notes:\n      - subject: p\n{reading}        doc_says: The page.\n        decision: The spec.\n"
        )
    }

    /// (kind, breaking_api, breaking_wire, summary) of every change.
    fn changes(old: &Model, new: &Model) -> Vec<(String, bool, bool, String)> {
        diff(old, new)
            .into_iter()
            .map(|c| (c.kind, c.breaking_api, c.breaking_wire, c.summary))
            .collect()
    }

    /// Asserts the one change from `old` to `new`: its kind and classification; returns its
    /// summary.
    fn one(old: &Model, new: &Model, kind: &str, breaks: (bool, bool)) -> String {
        let all = changes(old, new);
        assert_eq!(all.len(), 1, "{kind}: {all:#?}");
        let (k, api, wire, summary) = all.into_iter().next().unwrap();
        assert_eq!((k.as_str(), (api, wire)), (kind, breaks), "{summary}");
        assert_eq!(classify(kind), breaks, "{kind}");
        summary
    }

    const BOTH: (bool, bool) = (true, true);
    const API: (bool, bool) = (true, false);
    const NEITHER: (bool, bool) = (false, false);

    #[test]
    fn readings_are_classified_before_the_suffixes() {
        for kind in [
            "reading_range_tightened",
            "reading_range_changed",
            "reading_item_pattern_changed",
            "reading_count_loosened",
            "reading_required_added",
            "reading_required_removed",
            "reading_rule_added",
            "reading_rule_removed",
            "reading_rule_changed",
        ] {
            assert_eq!(classify(kind), NEITHER, "{kind}");
        }
        for c in CONSTRAINTS.iter().chain(&["enum", "rule"]) {
            assert_eq!(classify(&format!("{c}_became_stated")), BOTH, "{c}");
            assert_eq!(classify(&format!("{c}_became_reading")), NEITHER, "{c}");
        }
        assert_eq!(classify("required_became_stated"), BOTH);
        assert_eq!(classify("required_became_reading"), API);
        // The kinds of stated checks keep their classification.
        assert_eq!(classify("range_tightened"), BOTH);
        assert_eq!(classify("range_changed"), BOTH);
        assert_eq!(classify("range_loosened"), NEITHER);
        assert_eq!(classify("required_added"), BOTH);
        assert_eq!(classify("required_removed"), API);
        assert_eq!(classify("rule_changed"), BOTH);
        assert_eq!(classify("rule_added"), BOTH);
    }

    /// A direction, the bases before and after, and the kind expected.
    type Case = (
        Option<&'static str>,
        Option<Basis>,
        Option<Basis>,
        Option<&'static str>,
    );

    #[test]
    fn the_kind_of_a_constraint_change_follows_its_stated_side() {
        use Basis::{Reading as R, Stated as S};
        let kind = |d, o, n| constraint_kind("range", d, (o, n)).map(|(k, _)| k);
        let t = Some("tightened");
        let l = Some("loosened");
        let c = Some("changed");
        let cases: &[Case] = &[
            // Same value.
            (None, Some(S), Some(S), None),
            (None, Some(R), Some(R), None),
            (None, None, None, None),
            (None, Some(R), Some(S), Some("range_became_stated")),
            (None, Some(S), Some(R), Some("range_became_reading")),
            // Stated or absent on both sides.
            (t, None, Some(S), Some("range_tightened")),
            (l, Some(S), None, Some("range_loosened")),
            (c, Some(S), Some(S), Some("range_changed")),
            // Reading or absent on both sides.
            (t, None, Some(R), Some("reading_range_tightened")),
            (l, Some(R), None, Some("reading_range_loosened")),
            (t, Some(R), Some(R), Some("reading_range_tightened")),
            (c, Some(R), Some(R), Some("reading_range_changed")),
            // Reading → stated: the stated check is new.
            (t, Some(R), Some(S), Some("range_tightened")),
            (c, Some(R), Some(S), Some("range_changed")),
            (l, Some(R), Some(S), Some("range_became_stated")),
            // Stated → reading: nothing is refused any more.
            (l, Some(S), Some(R), Some("range_loosened")),
            (t, Some(S), Some(R), Some("range_became_reading")),
            (c, Some(S), Some(R), Some("range_became_reading")),
        ];
        for (d, o, n, expected) in cases {
            let got = kind(*d, *o, *n);
            assert_eq!(got.as_deref(), *expected, "{d:?} {o:?} → {n:?}");
            if let Some(k) = got {
                // Breaking exactly when a stated check refuses what it did not.
                let refuses_more = *n == Some(S) && (*o != Some(S) || *d != l);
                assert_eq!(classify(&k).1, refuses_more, "{k}");
            }
        }
    }

    #[test]
    fn a_range_changes_basis() {
        let read = model(&param("i32", "    range: \"[1,31]\"\n", "range"), "");
        let stated = model(&param("i32", "    range: \"[1,31]\"\n", ""), "");
        let s = one(&read, &stated, "range_became_stated", BOTH);
        assert_eq!(s, "P: range became stated ([1,31])");
        let s = one(&stated, &read, "range_became_reading", NEITHER);
        assert_eq!(s, "P: range became a reading ([1,31])");
    }

    #[test]
    fn a_reading_changes_value() {
        let wide = model(&param("i32", "    range: \"[1,65535]\"\n", "range"), "");
        let narrow = model(&param("i32", "    range: \"[1,1024]\"\n", "range"), "");
        let s = one(&wide, &narrow, "reading_range_tightened", NEITHER);
        assert_eq!(
            s,
            "P: reading range tightened from [1,65535] (between 1 and 65535) to [1,1024] (between 1 and 1024)"
        );
        one(&narrow, &wide, "reading_range_loosened", NEITHER);
        let none = model(&param("string", "", ""), "");
        let pattern = model(&param("string", "    pattern: \"[a-z]+\"\n", "pattern"), "");
        let s = one(&none, &pattern, "reading_pattern_tightened", NEITHER);
        assert_eq!(s, "P: reading pattern tightened (null → \"[a-z]+\")");
        one(&pattern, &none, "reading_pattern_loosened", NEITHER);
        let other = model(&param("string", "    pattern: \"[a-z]*\"\n", "pattern"), "");
        one(&pattern, &other, "reading_pattern_changed", NEITHER);
    }

    #[test]
    fn value_and_basis_changing_together_are_judged_by_the_stated_side() {
        let read = model(&param("i32", "    range: \"[1,100]\"\n", "range"), "");
        let wider = model(&param("i32", "    range: \"[1,200]\"\n", ""), "");
        let narrower = model(&param("i32", "    range: \"[1,50]\"\n", ""), "");
        let s = one(&read, &wider, "range_became_stated", BOTH);
        assert!(
            s.starts_with("P: range became stated, and loosened from [1,100]"),
            "{s}"
        );
        let s = one(&read, &narrower, "range_tightened", BOTH);
        assert!(s.ends_with(", and became stated"), "{s}");
        let s = one(&wider, &read, "range_became_reading", NEITHER);
        assert!(
            s.starts_with("P: range became a reading, and tightened"),
            "{s}"
        );
        let s = one(&narrower, &read, "range_loosened", NEITHER);
        assert!(s.ends_with(", and became a reading"), "{s}");
    }

    #[test]
    fn item_and_list_constraints_change_basis() {
        let items = "    items:\n      format: full_hour\n";
        let read = model(&param("list<string>", items, "items.format"), "");
        let stated = model(&param("list<string>", items, ""), "");
        let s = one(&read, &stated, "item_format_became_stated", BOTH);
        assert_eq!(s, "P: item format became stated (\"full_hour\")");
        one(&stated, &read, "item_format_became_reading", NEITHER);
        let unique = "    unique: true\n";
        let read = model(&param("list<string>", unique, "unique"), "");
        let stated = model(&param("list<string>", unique, ""), "");
        let s = one(&read, &stated, "unique_became_stated", BOTH);
        assert_eq!(s, "P: unique became stated");
        let count = "    count: \"[1,4]\"\n";
        let read = model(&param("list<string>", count, "count"), "");
        let stated = model(&param("list<string>", count, ""), "");
        one(&stated, &read, "count_became_reading", NEITHER);
    }

    #[test]
    fn an_enumeration_changes_basis() {
        let values = "    enum: [small, large]\n";
        let read = model(&param("string", values, "enum"), "");
        let stated = model(&param("string", values, ""), "");
        let s = one(&read, &stated, "enum_became_stated", BOTH);
        assert_eq!(s, "P: enum became stated (small, large)");
        one(&stated, &read, "enum_became_reading", NEITHER);
        // A value added as the enumeration becomes a reading: both are reported.
        let more = model(
            &param("string", "    enum: [small, large, huge]\n", "enum"),
            "",
        );
        let kinds: Vec<String> = changes(&stated, &more).into_iter().map(|c| c.0).collect();
        assert_eq!(kinds, ["enum_became_reading", "enum_value_added"]);
    }

    #[test]
    fn required_is_judged_by_its_basis() {
        let req = "    required: true\n";
        let optional = model(&param("string", "", ""), "");
        let stated = model(&param("string", req, ""), "");
        let read = model(&param("string", req, "required"), "");
        one(&optional, &stated, "required_added", BOTH);
        one(&stated, &optional, "required_removed", API);
        let s = one(&optional, &read, "reading_required_added", NEITHER);
        assert!(s.starts_with("P: now required as a reading"), "{s}");
        one(&read, &optional, "reading_required_removed", NEITHER);
        let s = one(&read, &stated, "required_became_stated", BOTH);
        assert!(s.starts_with("P: required became stated"), "{s}");
        one(&stated, &read, "required_became_reading", API);
    }

    #[test]
    fn a_parameter_required_as_a_reading_is_added_as_an_optional_one() {
        let other = "  - name: Q\n    type: string\n    in: json\n    description: Another.\n";
        let req = "    required: true\n";
        let before = model(other, "");
        let read = model(&format!("{other}{}", param("string", req, "required")), "");
        let stated = model(&format!("{other}{}", param("string", req, "")), "");
        let s = one(&before, &read, "parameter_added_optional", NEITHER);
        assert_eq!(
            s,
            "P: optional parameter added, required as a reading (string)"
        );
        one(&before, &stated, "parameter_added_required", BOTH);
    }

    #[test]
    fn a_changed_reading_list_is_no_documentation_change() {
        // The note's words are the same; only which constraints it reads changes.
        let both = "    length: \"[1,8]\"\n    ascii: true\n";
        let one_reading = model(&param("string", both, "length"), "");
        let two_readings = model(&param("string", both, "length, ascii"), "");
        one(&one_reading, &two_readings, "ascii_became_reading", NEITHER);
    }

    /// Parameters for rules: `K`, an enumeration, and `P`, an optional integer.
    fn rule_params() -> String {
        "  - name: K\n    type: string\n    in: json\n    description: A kind.\n    enum: [a, b]\n  - name: P\n    type: i32\n    in: json\n    description: A number.\n".to_owned()
    }

    /// A `range_if` rule on `P` when `K` is `a`, with that range and basis.
    fn range_if(range: &str, reading: bool) -> String {
        let basis = if reading { "    basis: reading\n" } else { "" };
        format!(
            "  - kind: range_if\n{basis}    field: P\n    when: {{field: K, in: [a]}}\n    range: \"{range}\"\n    source: {{quote: P is small for a.}}\n    notes:\n      - subject: rule\n        doc_says: The page.\n        decision: The spec.\n"
        )
    }

    #[test]
    fn rules_change_basis() {
        let p = rule_params();
        let none = model(&p, "");
        let stated = model(&p, &range_if("[1,10]", false));
        let read = model(&p, &range_if("[1,10]", true));
        let read_wider = model(&p, &range_if("[1,20]", true));
        let stated_wider = model(&p, &range_if("[1,20]", false));
        let s = one(&read, &stated, "rule_became_stated", BOTH);
        assert_eq!(
            s,
            "P: rule became stated: P must be between 1 and 10 when K is a"
        );
        one(&stated, &read, "rule_became_reading", NEITHER);
        let s = one(&none, &read, "reading_rule_added", NEITHER);
        assert!(s.starts_with("P: reading rule added: "), "{s}");
        one(&read, &none, "reading_rule_removed", NEITHER);
        one(&none, &stated, "rule_added", BOTH);
        one(&stated, &none, "rule_removed", NEITHER);
        one(&read, &read_wider, "reading_rule_changed", NEITHER);
        one(&stated, &stated_wider, "rule_changed", BOTH);
        // Changed and rebased: judged by the stated side.
        let s = one(&read, &stated_wider, "rule_changed", BOTH);
        assert!(s.starts_with("P: rule changed, and became stated: "), "{s}");
        let s = one(&stated, &read_wider, "rule_became_reading", NEITHER);
        assert!(
            s.starts_with("P: rule became a reading, and changed: "),
            "{s}"
        );
    }

    #[test]
    fn every_change_is_flagged_as_classify_says() {
        // Any pair of the models above: the flags always come from `classify`.
        let p = rule_params();
        let models = [
            model(&param("i32", "    range: \"[1,31]\"\n", "range"), ""),
            model(&param("i32", "    range: \"[1,50]\"\n", ""), ""),
            model(&param("i32", "    required: true\n", "required"), ""),
            model(&p, &range_if("[1,10]", true)),
            model(&p, &range_if("[1,20]", false)),
        ];
        for a in &models {
            for b in &models {
                for c in diff(a, b) {
                    assert_eq!(
                        classify(&c.kind),
                        (c.breaking_api, c.breaking_wire),
                        "{}",
                        c.kind
                    );
                }
            }
        }
    }
}
