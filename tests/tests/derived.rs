//! Tests derived from the specs: every constraint, rule, example and sensitive marking that the
//! model of `specs/` holds is turned into accepted and rejected samples and checked against
//! `cloud_backup_sdk::validate_json`, for every operation and every field (nested objects,
//! the first item of lists of objects, and objects held as JSON text included). A new spec or
//! constraint is tested without new test code; only a new format or named check needs samples.
//!
//! Each test collects every failure (naming the operation, the path and the sample) and counts
//! what it exercised, so that it cannot pass vacuously.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::sync::LazyLock;

use cloud_backup_sdk::Violation;
use serde_json::{Map, Value, json};
use specgen::model::{
    Charset, Checks, Cond, Encoding, EnumDef, Field, FieldPath, IntTy, Interval, Model, ObjectDef,
    Operation, RuleKind, Scope, Service, Type, TypeDef,
};

// ---------------------------------------------------------------------------------------------
// The model and the base requests
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

/// An operation with its service and its valid base request.
struct Op {
    svc: &'static Service,
    op: &'static Operation,
    base: Value,
}

impl Op {
    fn id(&self) -> &'static str {
        &self.op.id
    }

    fn type_def(&self, name: &str, scope: Scope) -> &'static TypeDef {
        let types = match scope {
            Scope::Operation => &self.op.types,
            Scope::Service => &self.svc.types,
        };
        types
            .iter()
            .find(|t| t.name() == name)
            .unwrap_or_else(|| panic!("{}: no type {name} in {scope:?} scope", self.id()))
    }

    fn object(&self, name: &str, scope: Scope) -> &'static ObjectDef {
        match self.type_def(name, scope) {
            TypeDef::Object(o) => o,
            TypeDef::Enum(_) => panic!("{}: {name} is not an object", self.id()),
        }
    }

    fn enumeration(&self, name: &str, scope: Scope) -> &'static EnumDef {
        match self.type_def(name, scope) {
            TypeDef::Enum(e) => e,
            TypeDef::Object(_) => panic!("{}: {name} is not an enumeration", self.id()),
        }
    }

    /// The enumeration of a field or of its items.
    fn enum_of(&self, ty: &Type) -> Option<&'static EnumDef> {
        match ty.item() {
            Type::Enum(n, s) => Some(self.enumeration(n, *s)),
            _ => None,
        }
    }

    /// The object type of a field or of its items.
    fn object_of(&self, ty: &Type) -> Option<&'static ObjectDef> {
        match ty.item() {
            Type::Object(n, s) => Some(self.object(n, *s)),
            _ => None,
        }
    }

    fn validate(&self, request: &Value) -> Vec<Violation> {
        match cloud_backup_sdk::validate_json(self.id(), request) {
            Ok(Ok(warnings)) => warnings.into_violations(),
            Ok(Err(errors)) => errors.into_violations(),
            Err(unknown) => panic!("{unknown}"),
        }
    }
}

fn ops() -> Vec<Op> {
    let model: &'static Model = &MODEL;
    let mut out = Vec::new();
    for svc in &model.services {
        for op in &svc.operations {
            let file = support::root()
                .join("tests/fixtures/requests")
                .join(format!("{}.json", op.id));
            let text = fs::read_to_string(&file).unwrap_or_else(|e| {
                panic!(
                    "every operation needs a valid base request at {}: {e}",
                    file.display()
                )
            });
            let base = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
            out.push(Op { svc, op, base });
        }
    }
    assert!(!out.is_empty(), "the specs define no operation");
    out
}

// ---------------------------------------------------------------------------------------------
// Paths into the JSON form, and editing it
// ---------------------------------------------------------------------------------------------

/// A step into the JSON form of a request.
#[derive(Clone, Debug, PartialEq)]
enum Seg {
    /// A member, with the encoding of its value.
    Field(String, Encoding),
    /// An item of a list.
    Index(usize),
}

type Path = Vec<Seg>;

/// `scheduled_policy.start_time[1]`, as violations write it.
fn render(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Field(name, _) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn join(path: &[Seg], seg: Seg) -> Path {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

fn field_seg(f: &Field) -> Seg {
    Seg::Field(f.wire.clone(), f.encoding)
}

/// The typed value of a field's JSON form: JSON text parsed, a comma list split.
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
            let items: Vec<String> = match &typed {
                Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect(),
                other => panic!("a comma list needs an array, not {other}"),
            };
            Value::String(items.join(","))
        }
    }
}

/// The typed value at `path`.
fn get(value: &Value, path: &[Seg]) -> Option<Value> {
    let (first, rest) = path.split_first()?;
    let here = match first {
        Seg::Field(name, encoding) => decode(*encoding, value.as_object()?.get(name)?)?,
        Seg::Index(i) => value.as_array()?.get(*i)?.clone(),
    };
    if rest.is_empty() {
        Some(here)
    } else {
        get(&here, rest)
    }
}

/// What to do at a path.
#[derive(Clone, Debug)]
enum Put {
    /// Set a typed value (encoded as the field says).
    Typed(Value),
    /// Set a value already in its JSON form.
    Raw(Value),
    /// Remove it.
    Remove,
}

/// Edits the value at `path`, creating the containers on the way.
fn put(value: &mut Value, path: &[Seg], what: &Put) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let empty_for_next = || match rest.first() {
        Some(Seg::Index(_)) => Value::Array(Vec::new()),
        _ => Value::Object(Map::new()),
    };
    match first {
        Seg::Field(name, encoding) => {
            if !value.is_object() {
                *value = Value::Object(Map::new());
            }
            let Some(obj) = value.as_object_mut() else {
                return;
            };
            if rest.is_empty() {
                match what {
                    Put::Typed(v) => {
                        obj.insert(name.clone(), encode(*encoding, v.clone()));
                    }
                    Put::Raw(v) => {
                        obj.insert(name.clone(), v.clone());
                    }
                    Put::Remove => {
                        obj.remove(name);
                    }
                }
                return;
            }
            let existing = obj.get(name).and_then(|raw| decode(*encoding, raw));
            if existing.is_none() && matches!(what, Put::Remove) {
                return;
            }
            let mut inner = existing.unwrap_or_else(empty_for_next);
            put(&mut inner, rest, what);
            obj.insert(name.clone(), encode(*encoding, inner));
        }
        Seg::Index(i) => {
            if !value.is_array() {
                *value = Value::Array(Vec::new());
            }
            let Some(items) = value.as_array_mut() else {
                return;
            };
            if rest.is_empty() {
                match what {
                    Put::Typed(v) | Put::Raw(v) => {
                        if *i < items.len() {
                            items[*i] = v.clone();
                        } else {
                            items.push(v.clone());
                        }
                    }
                    Put::Remove => {
                        if *i < items.len() {
                            items.remove(*i);
                        }
                    }
                }
                return;
            }
            if *i >= items.len() {
                if matches!(what, Put::Remove) {
                    return;
                }
                items.push(empty_for_next());
            }
            let last = (*i).min(items.len() - 1);
            put(&mut items[last], rest, what);
        }
    }
}

/// A JSON number for any integer: beyond i64 and u64 it becomes a float, which no integer
/// field accepts.
fn int_json(v: i128) -> Value {
    if let Ok(n) = i64::try_from(v) {
        json!(n)
    } else if let Ok(n) = u64::try_from(v) {
        json!(n)
    } else {
        serde_json::from_str(&v.to_string()).expect("a number")
    }
}

/// A sample for messages, cut when long.
fn show(v: &Value) -> String {
    let s = v.to_string();
    let n = s.chars().count();
    if n > 400 {
        format!(
            "{}… ({n} characters)",
            s.chars().take(300).collect::<String>()
        )
    } else {
        s
    }
}

fn show_all(vs: &[Violation]) -> String {
    if vs.is_empty() {
        return "no violation".to_owned();
    }
    vs.iter()
        .map(|v| format!("[{} at {:?}] {}", v.rule, v.path, v.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The JSON form of the top-level field a path starts in, for messages.
fn top_level(request: &Value, path: &[Seg]) -> String {
    match path.first() {
        Some(Seg::Field(name, _)) => request.get(name).map(show).unwrap_or_default(),
        _ => String::new(),
    }
}

fn has(vs: &[Violation], rule: &str, path: &str) -> bool {
    vs.iter().any(|v| v.rule == rule && v.path == path)
}

/// Whether `vs` holds a warning (and no error) of `rule` at `path`.
fn has_warning(vs: &[Violation], rule: &str, path: &str) -> bool {
    let at = |v: &&Violation| v.rule == rule && v.path == path;
    vs.iter().filter(at).count() > 0 && vs.iter().filter(at).all(Violation::is_warning)
}

// ---------------------------------------------------------------------------------------------
// Where fields are: every object of a request, nested and in lists
// ---------------------------------------------------------------------------------------------

/// Enclosing fields, outermost first, each with its path.
type Ancestors = Vec<(Path, &'static Field)>;

/// An object of a request: the request itself, a nested object, or the first item of a list of
/// objects.
#[derive(Clone)]
struct ObjSite {
    ancestors: Ancestors,
    prefix: Path,
    def: &'static ObjectDef,
}

/// A field of some object of a request.
#[derive(Clone)]
struct Site {
    ancestors: Ancestors,
    path: Path,
    field: &'static Field,
}

impl Site {
    fn at(&self) -> String {
        render(&self.path)
    }

    /// The path of the first item.
    fn item(&self) -> Path {
        join(&self.path, Seg::Index(0))
    }
}

fn objects(op: &Op) -> Vec<ObjSite> {
    fn walk(op: &Op, site: ObjSite, depth: usize, out: &mut Vec<ObjSite>) {
        assert!(depth < 16, "{}: objects nest too deeply", op.id());
        out.push(site.clone());
        for f in &site.def.fields {
            let Some(def) = op.object_of(&f.ty) else {
                continue;
            };
            let path = join(&site.prefix, field_seg(f));
            let mut ancestors = site.ancestors.clone();
            ancestors.push((path.clone(), f));
            let prefix = if f.ty.is_list() {
                join(&path, Seg::Index(0))
            } else {
                path
            };
            let child = ObjSite {
                ancestors,
                prefix,
                def,
            };
            walk(op, child, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    let root = ObjSite {
        ancestors: Vec::new(),
        prefix: Vec::new(),
        def: &op.op.request,
    };
    walk(op, root, 0, &mut out);
    out
}

fn sites(op: &Op) -> Vec<Site> {
    let mut out = Vec::new();
    for obj in objects(op) {
        for f in &obj.def.fields {
            out.push(Site {
                ancestors: obj.ancestors.clone(),
                path: join(&obj.prefix, field_seg(f)),
                field: f,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Valid values derived from the specs
// ---------------------------------------------------------------------------------------------

/// Accepted and rejected samples of every named format. A format used by a spec must be here.
fn format_table() -> BTreeMap<&'static str, (Vec<Value>, Vec<Value>)> {
    BTreeMap::from([
        (
            "time_hh_mm",
            (
                vec![json!("14:22"), json!("00:00"), json!("23:59")],
                vec![json!("24:00"), json!("14:22Z"), json!("2:00")],
            ),
        ),
        (
            "time_hh_mm_z",
            (
                vec![json!("14:22"), json!("14:22Z"), json!("00:00Z")],
                vec![json!("24:00Z"), json!("14:22z"), json!("2:00Z")],
            ),
        ),
        (
            "time_hh_mm_ss",
            (
                vec![json!("01:00:00"), json!("23:59:59")],
                vec![json!("1:00"), json!("01:00"), json!("24:00:00")],
            ),
        ),
        (
            "full_hour",
            (
                vec![json!("22:00"), json!("00:00")],
                vec![json!("22:30"), json!("24:00"), json!("22")],
            ),
        ),
        (
            "utc_offset",
            (
                vec![json!("UTC+08:00"), json!("UTC-02:00"), json!("UTC+14:00")],
                vec![json!("UTC+8"), json!("UTC+15:00"), json!("GMT+08:00")],
            ),
        ),
        (
            "unix_seconds",
            (
                vec![json!(1_607_436_917), json!(0)],
                vec![json!(-1), json!(253_402_300_800_i64)],
            ),
        ),
        (
            "iso8601_duration",
            (
                vec![json!("P1D"), json!("PT1H"), json!("P1DT12H")],
                vec![json!("P0D"), json!("1D"), json!("P")],
            ),
        ),
        (
            "hbr_schedule",
            (
                vec![json!("I|1602673264|P1D"), json!("I|1631685600|PT1H")],
                vec![
                    json!("I|x|P1D"),
                    json!("I|1602673264|P0D"),
                    json!("1602673264|P1D"),
                ],
            ),
        ),
        (
            "hbr_speed_limit",
            (
                vec![json!("0:8:1024|8:24:2048"), json!("0:24:5120")],
                // Ending before starting, or no bandwidth, is the named check's (a reading).
                vec![json!("0:8:1|4:9:1"), json!("0:8"), json!("0:8:x")],
            ),
        ),
        (
            "absolute_path",
            (
                vec![json!("/home"), json!("/home/*.pdf"), json!("C:\\data")],
                vec![json!("home"), json!("./home")],
            ),
        ),
        (
            "hbr_backup_paths",
            (
                vec![json!(["/a", "/b"]), json!(["/a/*"])],
                vec![json!(["/a/*", "/b"]), json!(["a"])],
            ),
        ),
    ])
}

/// Accepted and rejected arguments of every named check: the value of each of its fields, in
/// order (`None`: absent). A check used by a spec must be here.
type CheckArgs = Vec<Option<Value>>;

fn check_table() -> BTreeMap<&'static str, (Vec<CheckArgs>, Vec<CheckArgs>)> {
    let times = |t: &[&str], offset: Option<&str>| vec![Some(json!(t)), offset.map(|o| json!(o))];
    let policy = |p: &str| vec![Some(json!(p))];
    BTreeMap::from([
        (
            "ascending_local_times",
            (
                vec![
                    times(&["22:00", "00:00", "02:00"], Some("UTC+02:00")),
                    times(&["00:00", "02:00"], None),
                    times(&["12:00"], Some("UTC+08:00")),
                ],
                vec![
                    times(&["02:00", "00:00"], Some("UTC+02:00")),
                    times(&["02:00", "00:00"], None),
                    times(&["22:00", "00:00"], None),
                ],
            ),
        ),
        (
            "hbr_speed_limit_windows",
            (
                vec![policy("0:8:1024|8:24:2048"), policy("0:24:1")],
                vec![policy("8:0:1024"), policy("0:8:0"), policy("0:8:1|9:9:5")],
            ),
        ),
    ])
}

/// A character the charset allows (any when there is none).
fn allowed_char(charset: Option<&Charset>) -> char {
    let Some(cs) = charset else {
        return 'a';
    };
    ['a', 'A', '0', '_', '-', '.', '/']
        .into_iter()
        .chain(cs.extra.chars())
        .find(|c| cs.allows(*c))
        .expect("a charset that allows some character")
}

/// A string meeting the checks, as far as they can be met generically.
fn string_sample(checks: &Checks) -> Value {
    if let Some(f) = &checks.format {
        if let Some((accepted, _)) = format_table().get(f.name()) {
            if let Some(v) = accepted.iter().find(|v| v.is_string()) {
                return v.clone();
            }
        }
    }
    let c = allowed_char(checks.charset.as_ref());
    let n = checks
        .length
        .and_then(|l| l.lowest())
        .unwrap_or(1)
        .clamp(1, 64);
    Value::String(std::iter::repeat_n(c, n as usize).collect())
}

fn int_sample(checks: &Checks, ty: IntTy) -> Value {
    let (lo, hi) = ty.bounds();
    let v = match checks.range {
        Some(r) => r.lowest().or(r.highest()).unwrap_or(1),
        None if checks.format.is_some() => 1_607_436_917,
        None => 1,
    };
    int_json(v.clamp(lo, hi))
}

/// A valid item of a list field (or the value of a scalar field).
fn item_sample(op: &Op, f: &Field, ty: &Type, checks: &Checks) -> Value {
    match ty {
        Type::String => string_sample(checks),
        Type::Bool => json!(true),
        Type::Int(t) => int_sample(checks, *t),
        Type::Enum(n, s) => json!(op.enumeration(n, *s).values[0].wire),
        Type::Object(n, s) => minimal_object(op, op.object(n, *s)),
        Type::List(inner) => json!([item_sample(op, f, inner, &f.item_checks)]),
    }
}

/// A valid typed value of a field: its first example, or one made from its type.
fn valid(op: &Op, f: &Field) -> Value {
    if let Some(v) = f.examples.first().and_then(|e| decode(f.encoding, e)) {
        return v;
    }
    match &f.ty {
        Type::List(inner) => json!([item_sample(op, f, inner, &f.item_checks)]),
        ty => item_sample(op, f, ty, &f.checks),
    }
}

/// The smallest valid object: its required members only.
fn minimal_object(op: &Op, def: &ObjectDef) -> Value {
    let mut m = Map::new();
    for f in def.fields.iter().filter(|f| f.required) {
        m.insert(f.wire.clone(), encode(f.encoding, valid(op, f)));
    }
    Value::Object(m)
}

/// The typed value that makes an enclosing field exist: a minimal object, or a list of one.
fn minimal(op: &Op, f: &Field) -> Value {
    match (&f.ty, op.object_of(&f.ty)) {
        (Type::List(_), Some(def)) => json!([minimal_object(op, def)]),
        (_, Some(def)) => minimal_object(op, def),
        _ => valid(op, f),
    }
}

/// Makes every enclosing field exist.
fn ensure(op: &Op, request: &mut Value, ancestors: &[(Path, &Field)]) {
    for (path, f) in ancestors {
        match get(request, path) {
            None => put(request, path, &Put::Typed(minimal(op, f))),
            Some(Value::Array(items)) if items.is_empty() => {
                put(request, path, &Put::Typed(minimal(op, f)));
            }
            Some(_) => {}
        }
    }
}

/// The base request with every enclosing field of `site` present.
fn prepared(op: &Op, site: &Site) -> Value {
    let mut request = op.base.clone();
    ensure(op, &mut request, &site.ancestors);
    request
}

/// Validates the prepared base with `what` done at `path`.
fn try_put(op: &Op, site: &Site, path: &[Seg], what: Put) -> (Value, Vec<Violation>) {
    let mut request = prepared(op, site);
    put(&mut request, path, &what);
    let violations = op.validate(&request);
    (request, violations)
}

/// Validates the prepared base with the typed `value` at the site.
fn try_value(op: &Op, site: &Site, value: Value) -> Vec<Violation> {
    try_put(op, site, &site.path, Put::Typed(value)).1
}

// ---------------------------------------------------------------------------------------------
// Collecting failures and counts
// ---------------------------------------------------------------------------------------------

struct Report {
    name: &'static str,
    failures: Vec<String>,
    counts: BTreeMap<&'static str, usize>,
}

impl Report {
    fn new(name: &'static str) -> Self {
        Report {
            name,
            failures: Vec::new(),
            counts: BTreeMap::new(),
        }
    }

    /// Records one exercised case of `category`, and a failure unless `ok`.
    fn check(&mut self, category: &'static str, ok: bool, message: impl FnOnce() -> String) {
        *self.counts.entry(category).or_default() += 1;
        if !ok {
            self.failures.push(message());
        }
    }

    fn fail(&mut self, message: String) {
        self.failures.push(message);
    }

    /// Fails with every failure, or when a category was never exercised.
    fn finish(self, categories: &[&'static str]) {
        eprintln!("{}: {:?}", self.name, self.counts);
        let mut failures = self.failures;
        for c in categories {
            if self.counts.get(c).copied().unwrap_or(0) == 0 {
                failures.push(format!(
                    "nothing was exercised for `{c}`: the test would pass vacuously"
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{}: {} failure(s):\n- {}",
            self.name,
            failures.len(),
            failures.join("\n- ")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

/// Everything below starts from the base requests: they must exist and validate cleanly.
#[test]
fn base_requests_are_valid() {
    let mut r = Report::new("base_requests_are_valid");
    for op in ops() {
        let vs = op.validate(&op.base);
        r.check("base", vs.is_empty(), || {
            format!(
                "{}: the base request is not valid: {}",
                op.id(),
                show_all(&vs)
            )
        });
        // Making the nested objects exist keeps the request valid as far as constraints go.
        for site in sites(&op) {
            if site.ancestors.is_empty() {
                continue;
            }
            let request = prepared(&op, &site);
            let vs = op.validate(&request);
            let bad: Vec<Violation> = vs
                .into_iter()
                .filter(|v| !matches!(v.rule, "required_if" | "allowed_if" | "at_least_one_of"))
                .collect();
            r.check("prepared", bad.is_empty(), || {
                format!(
                    "{}: {}: the base with its enclosing objects made is not valid: {}; request {}",
                    op.id(),
                    site.at(),
                    show_all(&bad),
                    show(&request)
                )
            });
        }
    }
    r.finish(&["base", "prepared"]);
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Expect {
    Accepted,
    Rejected,
}

/// Check 1: Integer ranges: both ends accepted, one past each end rejected at the field's path; an
/// open end is probed at the integer type's limit, and a value beyond the type is a type error.
#[test]
fn ranges() {
    let mut r = Report::new("ranges");
    for op in ops() {
        for site in sites(&op) {
            let f = site.field;
            let (range, ty, item) = match (&f.ty, f.checks.range, f.item_checks.range) {
                (Type::Int(t), Some(range), _) => (range, *t, false),
                (Type::List(inner), _, Some(range)) => match **inner {
                    Type::Int(t) => (range, t, true),
                    _ => continue,
                },
                _ => continue,
            };
            let (tmin, tmax) = ty.bounds();
            let mut samples = Vec::new();
            match range.lowest() {
                Some(lo) => samples.extend([(lo, Expect::Accepted), (lo - 1, Expect::Rejected)]),
                None => samples.extend([(tmin, Expect::Accepted), (tmin - 1, Expect::Rejected)]),
            }
            match range.highest() {
                Some(hi) => samples.extend([(hi, Expect::Accepted), (hi + 1, Expect::Rejected)]),
                None => samples.extend([(tmax, Expect::Accepted), (tmax + 1, Expect::Rejected)]),
            }
            for (v, expect) in samples {
                let (target, value) = if item {
                    (site.item(), json!([int_json(v)]))
                } else {
                    (site.path.clone(), int_json(v))
                };
                let at = render(&target);
                let vs = try_value(&op, &site, value);
                let what = || {
                    format!(
                        "{}: {at} = {v} (range {}, {}): {}",
                        op.id(),
                        range.notation(),
                        ty.name(),
                        show_all(&vs)
                    )
                };
                if !(tmin..=tmax).contains(&v) {
                    let ok = has(&vs, "type", &at) && !has(&vs, "range", &at);
                    r.check("beyond the type", ok, || {
                        format!("expected a type violation only: {}", what())
                    });
                } else if expect == Expect::Accepted {
                    r.check("accepted", !has(&vs, "range", &at), || {
                        format!("expected no range violation: {}", what())
                    });
                } else {
                    r.check("rejected", has(&vs, "range", &at), || {
                        format!("expected a range violation: {}", what())
                    });
                }
            }
        }
    }
    r.finish(&["accepted", "rejected", "beyond the type"]);
}

/// Check 2: String lengths: exactly the minimum and maximum accepted, one less and one more
/// rejected.
#[test]
fn lengths() {
    let mut r = Report::new("lengths");
    for op in ops() {
        for site in sites(&op) {
            let f = site.field;
            let (checks, item) = match (&f.ty, &f.checks.length, &f.item_checks.length) {
                (Type::String, Some(_), _) => (&f.checks, false),
                (Type::List(inner), _, Some(_)) if **inner == Type::String => {
                    (&f.item_checks, true)
                }
                _ => continue,
            };
            let Some(length) = checks.length else {
                continue;
            };
            let c = allowed_char(checks.charset.as_ref());
            let mut samples = Vec::new();
            let lo = length.lowest().unwrap_or(0).max(0);
            samples.push((lo, Expect::Accepted));
            if lo > 0 {
                samples.push((lo - 1, Expect::Rejected));
            }
            match length.highest() {
                Some(hi) => samples.extend([(hi, Expect::Accepted), (hi + 1, Expect::Rejected)]),
                None => samples.push((lo + 1000, Expect::Accepted)),
            }
            // Lengths count characters, not bytes: where the constraints allow any character,
            // the ends are probed with a two-byte character too.
            let any_char = !checks.ascii && checks.charset.is_none();
            let chars: &[char] = if any_char { &[c, '\u{e9}'] } else { &[c] };
            let samples: Vec<(i128, Expect, char)> = samples
                .into_iter()
                .flat_map(|(n, e)| chars.iter().map(move |ch| (n, e, *ch)))
                .collect();
            for (n, expect, c) in samples {
                let s = Value::String(std::iter::repeat_n(c, n as usize).collect());
                let (target, value) = if item {
                    (site.item(), json!([s]))
                } else {
                    (site.path.clone(), s.clone())
                };
                let at = render(&target);
                let vs = try_value(&op, &site, value);
                let found = has(&vs, "length", &at);
                let category = match (expect, c.is_ascii()) {
                    (Expect::Accepted, true) => "accepted",
                    (Expect::Rejected, true) => "rejected",
                    (Expect::Accepted, false) => "accepted (multi-byte)",
                    (Expect::Rejected, false) => "rejected (multi-byte)",
                };
                r.check(category, found == (expect == Expect::Rejected), || {
                    format!(
                        "{}: {at} = {} ({n} characters, length {}): expected {}: {}",
                        op.id(),
                        show(&s),
                        length.notation(),
                        if expect == Expect::Accepted {
                            "no length violation"
                        } else {
                            "a length violation"
                        },
                        show_all(&vs)
                    )
                });
            }
        }
    }
    r.finish(&[
        "accepted",
        "rejected",
        "accepted (multi-byte)",
        "rejected (multi-byte)",
    ]);
}

/// Values that are not in an enumeration: an unknown word, and the values in another case.
fn not_in_enum(e: &EnumDef) -> Vec<String> {
    let values: BTreeSet<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let first = &e.values[0].wire;
    [
        "Funday".to_owned(),
        "NOT_A_VALUE".to_owned(),
        first.to_lowercase(),
        first.to_uppercase(),
        format!("{first} "),
        String::new(),
    ]
    .into_iter()
    .filter(|v| !values.contains(v.as_str()))
    .collect::<BTreeSet<_>>()
    .into_iter()
    .collect()
}

/// Check 3: Enumerations: every documented value accepted, others rejected, for scalars and for the
/// items of lists (comma-joined ones included).
#[test]
fn enumerations() {
    let mut r = Report::new("enumerations");
    for op in ops() {
        for site in sites(&op) {
            let f = site.field;
            let Some(e) = op.enum_of(&f.ty) else {
                continue;
            };
            let list = f.ty.is_list();
            // An empty string is no item of a comma list: it is the empty list.
            let bad: Vec<String> = not_in_enum(e)
                .into_iter()
                .filter(|b| !(list && (b.is_empty() || b.contains(','))))
                .collect();
            for v in &e.values {
                let (target, value) = if list {
                    (site.item(), json!([v.wire]))
                } else {
                    (site.path.clone(), json!(v.wire))
                };
                let at = render(&target);
                let vs = try_value(&op, &site, value.clone());
                r.check("accepted", !has(&vs, "enum", &at), || {
                    format!(
                        "{}: {at} = {}: a documented value of {} was refused: {}",
                        op.id(),
                        show(&value),
                        e.name,
                        show_all(&vs)
                    )
                });
            }
            for b in &bad {
                let (target, value) = if list {
                    (
                        join(&site.path, Seg::Index(1)),
                        json!([e.values[0].wire, b]),
                    )
                } else {
                    (site.path.clone(), json!(b))
                };
                let at = render(&target);
                let (request, vs) = try_put(&op, &site, &site.path, Put::Typed(value));
                let sent = top_level(&request, &site.path);
                r.check("rejected", has(&vs, "enum", &at), || {
                    format!(
                        "{}: {at}: {b:?} is not a value of {} but was accepted (sent {sent}): {}",
                        op.id(),
                        e.name,
                        show_all(&vs)
                    )
                });
            }
        }
    }
    r.finish(&["accepted", "rejected"]);
}

/// `n` distinct valid items of a list field, as far as they can be made (enumerations cycle).
fn distinct_items(op: &Op, f: &Field, n: usize) -> Vec<Value> {
    let Type::List(inner) = &f.ty else {
        return Vec::new();
    };
    let mut pool: Vec<Value> = Vec::new();
    match &**inner {
        Type::Enum(name, scope) => {
            pool.extend(
                op.enumeration(name, *scope)
                    .values
                    .iter()
                    .map(|v| json!(v.wire)),
            );
        }
        Type::Object(..) | Type::Bool => pool.push(item_sample(op, f, inner, &f.item_checks)),
        Type::Int(_) => pool.extend((1..=n.max(1)).map(|i| json!(i))),
        Type::String => {
            for e in &f.examples {
                if let Some(Value::Array(items)) = decode(f.encoding, e) {
                    pool.extend(items);
                }
            }
            if let Some(fmt) = &f.item_checks.format {
                if let Some((accepted, _)) = format_table().get(fmt.name()) {
                    pool.extend(accepted.iter().cloned());
                }
            }
            pool.extend((1..=n.max(1)).map(|i| json!(i.to_string())));
            let mut seen = BTreeSet::new();
            pool.retain(|v| seen.insert(v.to_string()));
        }
        Type::List(_) => pool.push(item_sample(op, f, inner, &f.item_checks)),
    }
    (0..n).map(|i| pool[i % pool.len()].clone()).collect()
}

/// Check 4: Item counts at their edges, and repeated items of lists that must be distinct.
#[test]
fn counts_and_uniqueness() {
    let mut r = Report::new("counts_and_uniqueness");
    for op in ops() {
        for site in sites(&op) {
            let f = site.field;
            let at = site.at();
            if let Some(count) = f.count {
                let lo = count.lowest().unwrap_or(0).max(0);
                let mut samples = vec![(lo, Expect::Accepted)];
                if lo > 0 {
                    samples.push((lo - 1, Expect::Rejected));
                }
                match count.highest() {
                    Some(hi) => {
                        samples.extend([(hi, Expect::Accepted), (hi + 1, Expect::Rejected)]);
                    }
                    None => samples.push((lo + 30, Expect::Accepted)),
                }
                for (n, expect) in samples {
                    let items = distinct_items(&op, f, n as usize);
                    let value = Value::Array(items);
                    let vs = try_value(&op, &site, value.clone());
                    let found = has(&vs, "count", &at);
                    r.check(
                        if expect == Expect::Accepted {
                            "count accepted"
                        } else {
                            "count rejected"
                        },
                        found == (expect == Expect::Rejected),
                        || {
                            format!(
                                "{}: {at} = {} ({n} items, count {}): expected {}: {}",
                                op.id(),
                                show(&value),
                                count.notation(),
                                if expect == Expect::Accepted {
                                    "no count violation"
                                } else {
                                    "a count violation"
                                },
                                show_all(&vs)
                            )
                        },
                    );
                }
            }
            if f.unique {
                let two = distinct_items(&op, f, 2);
                let distinct = Value::Array(two.clone());
                let repeated = json!([two[0], two[0]]);
                let vs = try_value(&op, &site, distinct.clone());
                r.check("distinct accepted", !has(&vs, "unique", &at), || {
                    format!(
                        "{}: {at} = {}: distinct items were refused: {}",
                        op.id(),
                        show(&distinct),
                        show_all(&vs)
                    )
                });
                let vs = try_value(&op, &site, repeated.clone());
                r.check("repeated rejected", has(&vs, "unique", &at), || {
                    format!(
                        "{}: {at} = {}: a repeated item was not refused: {}",
                        op.id(),
                        show(&repeated),
                        show_all(&vs)
                    )
                });
            }
        }
    }
    r.finish(&[
        "count accepted",
        "count rejected",
        "distinct accepted",
        "repeated rejected",
    ]);
}

/// The checks that apply to single strings of a field: its own, or its items'.
fn string_checks(f: &Field) -> Option<(&Checks, bool)> {
    match &f.ty {
        Type::String => Some((&f.checks, false)),
        Type::List(inner) if **inner == Type::String => Some((&f.item_checks, true)),
        _ => None,
    }
}

/// Sets one string at a site (as its first item for a list) and returns the path checked.
fn try_string(op: &Op, site: &Site, s: &str, item: bool) -> (String, Vec<Violation>) {
    if item {
        (render(&site.item()), try_value(op, site, json!([s])))
    } else {
        (site.at(), try_value(op, site, json!(s)))
    }
}

/// Check 5: Character sets, ASCII, forbidden prefixes and patterns: samples made from each
/// constraint.
#[test]
fn charsets_ascii_prefixes_patterns() {
    let mut r = Report::new("charsets_ascii_prefixes_patterns");
    for op in ops() {
        for site in sites(&op) {
            let f = site.field;
            let Some((checks, item)) = string_checks(f) else {
                continue;
            };
            let mut cases: Vec<(&'static str, String, Expect, &'static str)> = Vec::new();
            if let Some(cs) = &checks.charset {
                let good: String = "azAZ09_-./ "
                    .chars()
                    .chain(cs.extra.chars())
                    .filter(|c| cs.allows(*c))
                    .collect::<BTreeSet<char>>()
                    .into_iter()
                    .collect();
                cases.push((
                    "charset",
                    good.clone(),
                    Expect::Accepted,
                    "charset accepted",
                ));
                for bad in ['!', ' ', '\u{e9}', '\u{4e2d}', '\u{1}', '.', '*'] {
                    if !cs.allows(bad) {
                        cases.push((
                            "charset",
                            format!("{good}{bad}"),
                            Expect::Rejected,
                            "charset rejected",
                        ));
                    }
                }
            }
            if checks.ascii {
                cases.push((
                    "ascii",
                    "abc-1_Z".into(),
                    Expect::Accepted,
                    "ascii accepted",
                ));
                cases.push((
                    "ascii",
                    "abc\u{e9}".into(),
                    Expect::Rejected,
                    "ascii rejected",
                ));
                cases.push((
                    "ascii",
                    "\u{4e2d}".into(),
                    Expect::Rejected,
                    "ascii rejected",
                ));
            }
            for p in &checks.forbidden_prefixes {
                let (prefix, ignore_case) = (&p.prefix, &p.ignore_case);
                cases.push((
                    "prefix",
                    format!("x{prefix}"),
                    Expect::Accepted,
                    "prefix accepted",
                ));
                cases.push((
                    "prefix",
                    format!("{prefix}_1"),
                    Expect::Rejected,
                    "prefix rejected",
                ));
                let upper = prefix.to_uppercase();
                if upper != *prefix {
                    let expect = if *ignore_case {
                        Expect::Rejected
                    } else {
                        Expect::Accepted
                    };
                    let category = if *ignore_case {
                        "prefix rejected"
                    } else {
                        "prefix accepted"
                    };
                    cases.push(("prefix", format!("{upper}_1"), expect, category));
                    let mut mixed: Vec<char> = prefix.chars().collect();
                    if let Some(c) = mixed.first_mut() {
                        *c = c.to_ascii_uppercase();
                    }
                    let mixed: String = mixed.into_iter().collect();
                    if mixed != *prefix {
                        cases.push(("prefix", format!("{mixed}_1"), expect, category));
                    }
                }
            }
            if let Some(pattern) = &checks.pattern {
                let mut accepted = Vec::new();
                for e in &f.examples {
                    match decode(f.encoding, e) {
                        Some(Value::Array(items)) if item => {
                            accepted
                                .extend(items.iter().filter_map(|i| i.as_str()).map(String::from));
                        }
                        Some(Value::String(s)) if !item => accepted.push(s),
                        _ => {}
                    }
                }
                if accepted.is_empty() {
                    r.fail(format!(
                        "{}: {}: the pattern `{pattern}` has no example to accept",
                        op.id(),
                        site.at()
                    ));
                }
                for a in accepted {
                    cases.push(("pattern", a, Expect::Accepted, "pattern accepted"));
                }
                cases.push((
                    "pattern",
                    "\u{1}".into(),
                    Expect::Rejected,
                    "pattern rejected",
                ));
                cases.push((
                    "pattern",
                    String::new(),
                    Expect::Rejected,
                    "pattern rejected",
                ));
            }
            for (rule, sample, expect, category) in cases {
                // An empty item of a comma list is no item at all.
                if item && f.encoding == Encoding::CommaList && sample.is_empty() {
                    continue;
                }
                let (at, vs) = try_string(&op, &site, &sample, item);
                let found = has(&vs, rule, &at);
                r.check(category, found == (expect == Expect::Rejected), || {
                    format!(
                        "{}: {at} = {sample:?}: expected {} {rule} violation: {}",
                        op.id(),
                        if expect == Expect::Accepted {
                            "no"
                        } else {
                            "a"
                        },
                        show_all(&vs)
                    )
                });
            }
        }
    }
    r.finish(&[
        "charset accepted",
        "charset rejected",
        "ascii accepted",
        "ascii rejected",
        "prefix accepted",
        "prefix rejected",
        "pattern accepted",
        "pattern rejected",
    ]);
}

/// Check 6: Named formats: accepted and rejected samples of each, on every field (or item) that has
/// one; and every format the specs use has samples.
#[test]
fn formats() {
    let mut r = Report::new("formats");
    let table = format_table();
    for format in specgen::model::Format::ALL {
        r.check("format in table", table.contains_key(format.name()), || {
            format!(
                "the format {} has no samples in format_table()",
                format.name()
            )
        });
    }
    let mut used = BTreeSet::new();
    for op in ops() {
        for site in sites(&op) {
            let f = site.field;
            let mut targets = Vec::new();
            if let Some(format) = &f.checks.format {
                targets.push((format, false));
            }
            if let Some(format) = &f.item_checks.format {
                targets.push((format, true));
            }
            for (format, item) in targets {
                used.insert(format.name());
                let Some((accepted, rejected)) = table.get(format.name()) else {
                    r.fail(format!(
                        "{}: {}: the format {} has no samples in format_table()",
                        op.id(),
                        site.at(),
                        format.name()
                    ));
                    continue;
                };
                let samples = accepted
                    .iter()
                    .map(|s| (s, Expect::Accepted))
                    .chain(rejected.iter().map(|s| (s, Expect::Rejected)));
                for (sample, expect) in samples {
                    let (target, value) = if item {
                        (site.item(), json!([sample]))
                    } else {
                        (site.path.clone(), sample.clone())
                    };
                    let at = render(&target);
                    let vs = try_value(&op, &site, value);
                    let found = has(&vs, "format", &at);
                    r.check(
                        if expect == Expect::Accepted {
                            "accepted"
                        } else {
                            "rejected"
                        },
                        found == (expect == Expect::Rejected),
                        || {
                            format!(
                                "{}: {at} = {} ({}): expected {} format violation: {}",
                                op.id(),
                                show(sample),
                                format.name(),
                                if expect == Expect::Accepted {
                                    "no"
                                } else {
                                    "a"
                                },
                                show_all(&vs)
                            )
                        },
                    );
                }
            }
        }
    }
    for name in &used {
        r.check("used format", table.contains_key(name), || {
            format!("the specs use the format {name}, which has no samples")
        });
    }
    r.finish(&["format in table", "used format", "accepted", "rejected"]);
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules
// ---------------------------------------------------------------------------------------------

/// A field named by a rule, resolved from the object the rule belongs to.
struct Named {
    /// Enclosing fields, from the request down.
    ancestors: Ancestors,
    path: Path,
    field: &'static Field,
}

fn resolve(op: &Op, obj: &ObjSite, fp: &FieldPath) -> Named {
    let mut def = obj.def;
    let mut path = obj.prefix.clone();
    let mut ancestors = obj.ancestors.clone();
    let mut leaf = None;
    for (i, step) in fp.steps.iter().enumerate() {
        let f = def
            .fields
            .iter()
            .find(|f| f.wire == step.wire)
            .unwrap_or_else(|| panic!("{}: no field {} in {}", op.id(), step.wire, def.name));
        path.push(field_seg(f));
        if i + 1 < fp.steps.len() {
            ancestors.push((path.clone(), f));
            def = match &f.ty {
                Type::Object(n, s) => op.object(n, *s),
                other => panic!("{}: a rule path goes through {other:?}", op.id()),
            };
        } else {
            leaf = Some(f);
        }
    }
    Named {
        ancestors,
        path,
        field: leaf.unwrap_or_else(|| panic!("{}: an empty rule path", op.id())),
    }
}

/// Sets a field to a valid value: the base request's, or an example, or one made from its
/// type.
fn set_present(op: &Op, request: &mut Value, named: &Named) {
    ensure(op, request, &named.ancestors);
    let value = get(&op.base, &named.path).unwrap_or_else(|| valid(op, named.field));
    put(request, &named.path, &Put::Typed(value));
}

fn set_value(op: &Op, request: &mut Value, named: &Named, value: Value) {
    ensure(op, request, &named.ancestors);
    put(request, &named.path, &Put::Typed(value));
}

fn remove(request: &mut Value, named: &Named) {
    put(request, &named.path, &Put::Remove);
}

/// Makes the condition true or false by setting and removing the fields it names.
fn make(op: &Op, obj: &ObjSite, request: &mut Value, cond: &Cond, want: bool) {
    match cond {
        Cond::In(fp, values) => {
            let named = resolve(op, obj, fp);
            if want {
                set_value(op, request, &named, values[0].clone());
            } else {
                remove(request, &named);
            }
        }
        Cond::Present(fp, present) => {
            let named = resolve(op, obj, fp);
            if want == *present {
                set_present(op, request, &named);
            } else {
                remove(request, &named);
            }
        }
        Cond::All(cs) => {
            if want {
                cs.iter().for_each(|c| make(op, obj, request, c, true));
            } else if let Some(c) = cs.first() {
                make(op, obj, request, c, false);
            }
        }
        Cond::Any(cs) => {
            if want {
                if let Some(c) = cs.first() {
                    make(op, obj, request, c, true);
                }
            } else {
                cs.iter().for_each(|c| make(op, obj, request, c, false));
            }
        }
        Cond::Not(c) => make(op, obj, request, c, !want),
    }
}

/// What the condition says of a request (an absent field takes no value).
fn holds(op: &Op, obj: &ObjSite, request: &Value, cond: &Cond) -> bool {
    match cond {
        Cond::In(fp, values) => {
            get(request, &resolve(op, obj, fp).path).is_some_and(|v| values.contains(&v))
        }
        Cond::Present(fp, present) => {
            get(request, &resolve(op, obj, fp).path).is_some() == *present
        }
        Cond::All(cs) => cs.iter().all(|c| holds(op, obj, request, c)),
        Cond::Any(cs) => cs.iter().any(|c| holds(op, obj, request, c)),
        Cond::Not(c) => !holds(op, obj, request, c),
    }
}

/// One rule of one object of an operation, under test.
struct RuleCase<'a> {
    op: &'a Op,
    obj: &'a ObjSite,
    kind: &'static str,
    message: &'static str,
}

impl RuleCase<'_> {
    fn named(&self, fp: &FieldPath) -> Named {
        resolve(self.op, self.obj, fp)
    }

    /// The base request with the rule's object made.
    fn base(&self) -> Value {
        let mut request = self.op.base.clone();
        ensure(self.op, &mut request, &self.obj.ancestors);
        request
    }

    fn make(&self, request: &mut Value, cond: &Cond, want: bool) {
        make(self.op, self.obj, request, cond, want);
    }

    /// Validates `request`; a failure of the test itself when the condition is not `want`.
    fn run(&self, r: &mut Report, request: &Value, cond: Option<(&Cond, bool)>) -> Vec<Violation> {
        if let Some((c, want)) = cond {
            if holds(self.op, self.obj, request, c) != want {
                r.fail(format!(
                    "{}: the test could not make the condition {want} (request {})",
                    self.describe(),
                    show(request)
                ));
            }
        }
        self.op.validate(request)
    }

    /// The violations of this rule at `path`.
    fn reported<'v>(&self, vs: &'v [Violation], path: &str) -> Vec<&'v Violation> {
        vs.iter()
            .filter(|v| {
                v.rule == self.kind && v.path == path && v.message.starts_with(self.message)
            })
            .collect()
    }

    fn describe(&self) -> String {
        format!("{}: rule `{}`", self.op.id(), self.message)
    }
}

/// `required_if` and `allowed_if`: the field set or not, the condition true or false.
fn presence_rule(r: &mut Report, case: &RuleCase, field: &FieldPath, when: &Cond) {
    let named = case.named(field);
    let at = render(&named.path);
    // (condition, field present, expected)
    let table = if case.kind == "required_if" {
        [
            (true, false, Expect::Rejected),
            (true, true, Expect::Accepted),
            (false, false, Expect::Accepted),
        ]
    } else {
        [
            (false, true, Expect::Rejected),
            (true, true, Expect::Accepted),
            (false, false, Expect::Accepted),
        ]
    };
    for (cond, present, expect) in table {
        let mut request = case.base();
        case.make(&mut request, when, cond);
        if present {
            set_present(case.op, &mut request, &named);
        } else {
            remove(&mut request, &named);
        }
        let vs = case.run(r, &request, Some((when, cond)));
        let found = !case.reported(&vs, &at).is_empty();
        r.check(case.kind, found == (expect == Expect::Rejected), || {
            format!(
                "{}: condition {cond}, {at} {}: expected {} {} violation at {at}: {}; request {}",
                case.describe(),
                if present { "present" } else { "absent" },
                if expect == Expect::Rejected {
                    "a"
                } else {
                    "no"
                },
                case.kind,
                show_all(&vs),
                show(&request)
            )
        });
    }
}

/// `range_if`: each end and one past it, with the condition true and false.
fn range_if_rule(
    r: &mut Report,
    case: &RuleCase,
    field: &FieldPath,
    when: &Cond,
    range: &Interval,
) {
    let named = case.named(field);
    let at = render(&named.path);
    let Type::Int(ty) = named.field.ty else {
        r.fail(format!("{}: {at} is not an integer", case.describe()));
        return;
    };
    let (tmin, tmax) = ty.bounds();
    let mut samples = Vec::new();
    if let Some(lo) = range.lowest() {
        samples.extend([(lo, Expect::Accepted), (lo - 1, Expect::Rejected)]);
    }
    if let Some(hi) = range.highest() {
        samples.extend([(hi, Expect::Accepted), (hi + 1, Expect::Rejected)]);
    }
    for (v, expect) in samples {
        if !(tmin..=tmax).contains(&v) {
            continue;
        }
        for cond in [true, false] {
            let mut request = case.base();
            case.make(&mut request, when, cond);
            set_value(case.op, &mut request, &named, int_json(v));
            let vs = case.run(r, &request, Some((when, cond)));
            let found = case.reported(&vs, &at);
            let want = cond && expect == Expect::Rejected;
            let got = format!("(got {v})");
            let ok = if want {
                found.iter().any(|v| v.message.contains(&got))
            } else {
                found.is_empty()
            };
            r.check("range_if", ok, || {
                let expected = if want {
                    format!("a range_if violation saying {got:?}")
                } else {
                    "no range_if violation".to_owned()
                };
                format!(
                    "{}: condition {cond}, {at} = {v}: expected {expected}: {}; request {}",
                    case.describe(),
                    show_all(&vs),
                    show(&request)
                )
            });
        }
    }
}

/// `at_least_one_of`: none set, then each one alone.
fn at_least_one_of_rule(r: &mut Report, case: &RuleCase, fields: &[FieldPath]) {
    let named: Vec<Named> = fields.iter().map(|fp| case.named(fp)).collect();
    let paths: Vec<String> = named.iter().map(|n| render(&n.path)).collect();
    let mut none = case.base();
    named.iter().for_each(|n| remove(&mut none, n));
    let vs = case.run(r, &none, None);
    let found = paths.iter().any(|p| !case.reported(&vs, p).is_empty());
    r.check("at_least_one_of", found, || {
        format!(
            "{}: none of {paths:?} set: expected an at_least_one_of violation: {}; request {}",
            case.describe(),
            show_all(&vs),
            show(&none)
        )
    });
    for one in &named {
        let mut request = none.clone();
        set_present(case.op, &mut request, one);
        let vs = case.run(r, &request, None);
        let found = paths.iter().any(|p| !case.reported(&vs, p).is_empty());
        r.check("at_least_one_of", !found, || {
            format!(
                "{}: only {} set: expected no at_least_one_of violation: {}; request {}",
                case.describe(),
                render(&one.path),
                show_all(&vs),
                show(&request)
            )
        });
    }
}

/// A named check: its samples from `check_table()`, reported at its first field.
fn check_rule(r: &mut Report, case: &RuleCase, name: &str, fields: &[FieldPath]) {
    let Some((accepted, rejected)) = check_table().remove(name) else {
        r.fail(format!(
            "{}: the check {name} has no samples",
            case.describe()
        ));
        return;
    };
    let named: Vec<Named> = fields.iter().map(|fp| case.named(fp)).collect();
    let Some(first) = named.first() else {
        r.fail(format!(
            "{}: the check {name} reads no field",
            case.describe()
        ));
        return;
    };
    let at = render(&first.path);
    let samples = accepted
        .into_iter()
        .map(|s| (s, Expect::Accepted))
        .chain(rejected.into_iter().map(|s| (s, Expect::Rejected)));
    for (args, expect) in samples {
        if args.len() != named.len() {
            r.fail(format!(
                "{}: the samples of {name} give {} values for {} fields",
                case.describe(),
                args.len(),
                named.len()
            ));
            continue;
        }
        let mut request = case.base();
        for (field, arg) in named.iter().zip(&args) {
            match arg {
                Some(v) => set_value(case.op, &mut request, field, v.clone()),
                None => remove(&mut request, field),
            }
        }
        let vs = case.run(r, &request, None);
        let found = !case.reported(&vs, &at).is_empty();
        r.check("check", found == (expect == Expect::Rejected), || {
            format!(
                "{}: {at} with {args:?}: expected {}: {}; request {}",
                case.describe(),
                if expect == Expect::Rejected {
                    "a check violation"
                } else {
                    "no check violation"
                },
                show_all(&vs),
                show(&request)
            )
        });
    }
}

/// `server_side`: with its fields all set and all absent, nothing is reported because of it.
fn server_side_rule(r: &mut Report, case: &RuleCase, fields: &[FieldPath]) {
    const PRESENCE: &[&str] = &[
        "required",
        "required_if",
        "allowed_if",
        "range_if",
        "at_least_one_of",
        "check",
    ];
    let named: Vec<Named> = fields.iter().map(|fp| case.named(fp)).collect();
    let paths: BTreeSet<String> = named.iter().map(|n| render(&n.path)).collect();
    let mut all = case.base();
    named.iter().for_each(|n| set_present(case.op, &mut all, n));
    let mut none = case.base();
    named.iter().for_each(|n| remove(&mut none, n));
    for (how, request) in [("all set", &all), ("none set", &none)] {
        let vs = case.run(r, request, None);
        let bad: Vec<Violation> = vs
            .into_iter()
            .filter(|v| {
                v.rule == "server_side"
                    || (!case.message.is_empty() && v.message.contains(case.message))
                    || (paths.contains(&v.path) && !PRESENCE.contains(&v.rule))
            })
            .collect();
        r.check("server_side", bad.is_empty(), || {
            format!(
                "{} (server side, {how}): the client reported {}; request {}",
                case.describe(),
                show_all(&bad),
                show(request)
            )
        });
    }
}

/// Check 7: Cross-field rules, each both ways, with requests made from the rule's condition.
#[test]
fn cross_field_rules() {
    let mut r = Report::new("cross_field_rules");
    let mut used_checks = BTreeSet::new();
    for op in ops() {
        for obj in objects(&op) {
            let def: &'static ObjectDef = obj.def;
            for rule in &def.rules {
                let case = RuleCase {
                    op: &op,
                    obj: &obj,
                    kind: rule.kind.id(),
                    message: &rule.message,
                };
                match &rule.kind {
                    RuleKind::RequiredIf { field, when } | RuleKind::AllowedIf { field, when } => {
                        presence_rule(&mut r, &case, field, when);
                    }
                    RuleKind::RangeIf { field, when, range } => {
                        range_if_rule(&mut r, &case, field, when, range);
                    }
                    RuleKind::AtLeastOneOf { fields, .. } => {
                        at_least_one_of_rule(&mut r, &case, fields);
                    }
                    RuleKind::Check { check, fields } => {
                        used_checks.insert(check.name);
                        check_rule(&mut r, &case, check.name, fields);
                    }
                    RuleKind::ServerSide { fields } => server_side_rule(&mut r, &case, fields),
                }
            }
        }
    }
    let table = check_table();
    for name in used_checks {
        r.check("check in table", table.contains_key(name), || {
            format!("the specs use the check {name}, which has no samples in check_table()")
        });
    }
    r.finish(&[
        "required_if",
        "allowed_if",
        "range_if",
        "at_least_one_of",
        "check",
        "server_side",
        "check in table",
    ]);
}

/// Check 8: Required fields, top-level and nested: removing one is a `required` violation at
/// its path.
#[test]
fn required_fields() {
    let mut r = Report::new("required_fields");
    for op in ops() {
        for site in sites(&op) {
            if !site.field.required {
                continue;
            }
            let at = site.at();
            let mut present = prepared(&op, &site);
            if get(&present, &site.path).is_none() {
                put(
                    &mut present,
                    &site.path,
                    &Put::Typed(valid(&op, site.field)),
                );
            }
            let vs = op.validate(&present);
            r.check("present", !has(&vs, "required", &at), || {
                format!(
                    "{}: {at} is present but reported as missing: {}",
                    op.id(),
                    show_all(&vs)
                )
            });
            let mut absent = present.clone();
            put(&mut absent, &site.path, &Put::Remove);
            let vs = op.validate(&absent);
            let category = if site.ancestors.is_empty() {
                "top-level"
            } else {
                "nested"
            };
            r.check(category, has(&vs, "required", &at), || {
                format!(
                    "{}: {at} removed: expected a required violation at {at}: {}; request {}",
                    op.id(),
                    show_all(&vs),
                    show(&absent)
                )
            });
        }
    }
    r.finish(&["present", "top-level", "nested"]);
}

/// Check 9: Sensitive fields: a bad value never shows in a violation's message or value, and a
/// violation at a sensitive field carries no value at all.
#[test]
fn sensitive_values_never_appear() {
    let mut r = Report::new("sensitive_values_never_appear");
    const SECRET: &str = "s3cr3tVALUE";
    const NUMBER: i64 = 987_654_321;
    for op in ops() {
        for site in sites(&op) {
            let f = site.field;
            if !f.sensitive {
                continue;
            }
            let long = SECRET.repeat(100);
            let mut samples = vec![
                json!(SECRET),
                json!(long),
                json!(format!("default{SECRET}")),
                json!(format!("{SECRET} !\u{e9}\u{4e2d}\u{1}")),
                json!(format!("{SECRET},{SECRET}")),
                json!(NUMBER),
                json!([SECRET]),
                json!({ "k": SECRET }),
                json!(true),
            ];
            if f.ty.is_list() {
                samples.push(json!([SECRET, SECRET]));
                samples.push(json!([format!("{SECRET}\u{e9}")]));
            }
            let mut samples: Vec<(Value, String)> = samples
                .into_iter()
                .map(|v| {
                    let needle = if v.is_number() {
                        NUMBER.to_string()
                    } else {
                        SECRET.to_owned()
                    };
                    (v, needle)
                })
                .collect();
            // A value its format refuses is itself the secret to look for.
            for format in [&f.checks.format, &f.item_checks.format]
                .into_iter()
                .flatten()
            {
                if let Some((_, rejected)) = format_table().get(format.name()) {
                    for bad in rejected {
                        let needle = bad.as_str().map_or_else(|| bad.to_string(), String::from);
                        samples.push((bad.clone(), needle));
                    }
                }
            }
            let at = site.at();
            for (sample, needle) in samples {
                let (request, vs) = try_put(&op, &site, &site.path, Put::Raw(sample.clone()));
                // Also with the request otherwise broken, so that many checks run.
                let mut broken = request.clone();
                for other in sites(&op) {
                    if other.ancestors.is_empty() && other.path != site.path {
                        put(&mut broken, &other.path, &Put::Raw(json!({ "x": 1 })));
                    }
                }
                let mut all = vs;
                all.extend(op.validate(&broken));
                let leaks: Vec<&Violation> = all
                    .iter()
                    .filter(|v| {
                        let here = v.path == at || v.path.starts_with(&format!("{at}["));
                        v.message.contains(&needle)
                            || v.value.as_deref().is_some_and(|x| x.contains(&needle))
                            || (here && v.value.is_some())
                    })
                    .collect();
                r.check("sample", leaks.is_empty(), || {
                    format!(
                        "{}: {} = {} (sensitive) shows in {}",
                        op.id(),
                        site.at(),
                        show(&sample),
                        leaks
                            .iter()
                            .map(|v| format!(
                                "[{} at {:?}] {} (value {:?})",
                                v.rule, v.path, v.message, v.value
                            ))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                });
            }
            r.check("field", true, String::new);
        }
    }
    r.finish(&["field", "sample"]);
}

/// Check 10: Every example of every field validates at its path (cross-field rules aside).
#[test]
fn field_examples_are_valid() {
    const CONSTRAINTS: &[&str] = &[
        "range",
        "length",
        "charset",
        "pattern",
        "ascii",
        "prefix",
        "format",
        "count",
        "unique",
        "enum",
        "type",
        "json",
        "undocumented",
        "fraction",
    ];
    let mut r = Report::new("field_examples_are_valid");
    for op in ops() {
        for site in sites(&op) {
            let at = site.at();
            for example in &site.field.examples {
                let (request, vs) = try_put(&op, &site, &site.path, Put::Raw(example.clone()));
                let bad: Vec<Violation> = vs
                    .into_iter()
                    .filter(|v| {
                        let here = v.path == at
                            || v.path.starts_with(&format!("{at}."))
                            || v.path.starts_with(&format!("{at}["));
                        let below = here && v.path != at;
                        here && (CONSTRAINTS.contains(&v.rule) || (below && v.rule == "required"))
                    })
                    .collect();
                let category = if site.ancestors.is_empty() {
                    "top-level"
                } else {
                    "nested"
                };
                r.check(category, bad.is_empty(), || {
                    format!(
                        "{}: the example {} of {at} is refused: {}; request {}",
                        op.id(),
                        show(example),
                        show_all(&bad),
                        show(&request)
                    )
                });
            }
        }
    }
    r.finish(&["top-level", "nested"]);
}

/// A JSON value of the wrong type for a value of `ty`.
fn wrong_type(ty: &Type) -> Value {
    match ty {
        Type::String | Type::Enum(..) => json!(1),
        Type::Int(_) => json!("1"),
        Type::Bool => json!("true"),
        Type::List(_) => json!("x"),
        Type::Object(..) => json!([]),
    }
}

/// Check 11: The JSON form itself: a value of the wrong JSON type, broken JSON text and an unknown
/// member are reported at their path, for every field and object.
#[test]
fn json_types_and_unknown_names() {
    let mut r = Report::new("json_types_and_unknown_names");
    for op in ops() {
        let mut request = op.base.clone();
        put(
            &mut request,
            &[Seg::Field("NoSuchParameter".into(), Encoding::Plain)],
            &Put::Raw(json!("x")),
        );
        let vs = op.validate(&request);
        r.check(
            "undocumented",
            has_warning(&vs, "undocumented", "NoSuchParameter"),
            || {
                format!(
                    "{}: NoSuchParameter = \"x\": expected an undocumented warning: {}",
                    op.id(),
                    show_all(&vs)
                )
            },
        );
        let vs = op.validate(&json!([]));
        r.check("type", has(&vs, "type", ""), || {
            format!(
                "{}: the request [] : expected a type violation: {}",
                op.id(),
                show_all(&vs)
            )
        });
        for site in sites(&op) {
            let f = site.field;
            let at = site.at();
            let mut cases: Vec<(Path, Put, &'static str)> = Vec::new();
            match f.encoding {
                Encoding::Plain => {
                    cases.push((site.path.clone(), Put::Raw(wrong_type(&f.ty)), "type"));
                    if matches!(f.ty, Type::Int(_)) {
                        // A fraction the service rounds down is taken, with a warning.
                        let rule = if f.fractions_rounded_down {
                            "fraction"
                        } else {
                            "type"
                        };
                        cases.push((site.path.clone(), Put::Raw(json!(1.5)), rule));
                    }
                }
                Encoding::JsonText => {
                    cases.push((site.path.clone(), Put::Raw(json!(1)), "type"));
                    cases.push((site.path.clone(), Put::Raw(json!("{")), "json"));
                    cases.push((site.path.clone(), Put::Typed(wrong_type(&f.ty)), "type"));
                }
                Encoding::CommaList => {
                    cases.push((site.path.clone(), Put::Raw(json!(1)), "type"));
                    cases.push((site.path.clone(), Put::Raw(json!(["x"])), "type"));
                }
            }
            if let Type::List(inner) = &f.ty {
                if f.encoding != Encoding::CommaList {
                    cases.push((site.item(), Put::Typed(json!([wrong_type(inner)])), "type"));
                }
            }
            if let Some(def) = op.object_of(&f.ty) {
                let mut object = minimal_object(&op, def);
                object["NoSuchMember"] = json!(1);
                let (target, value) = if f.ty.is_list() {
                    (site.item(), json!([object]))
                } else {
                    (site.path.clone(), object)
                };
                cases.push((
                    join(&target, Seg::Field("NoSuchMember".into(), Encoding::Plain)),
                    Put::Typed(value),
                    "undocumented",
                ));
            }
            for (target, what, rule) in cases {
                let expected_at = render(&target);
                let (request, vs) = match &what {
                    // The wrong item or member is inside the value set at the field.
                    Put::Typed(_) if target != site.path => {
                        try_put(&op, &site, &site.path, what.clone())
                    }
                    _ => try_put(&op, &site, &target, what.clone()),
                };
                // An undocumented member or a fraction is sent: a warning, not an error.
                let found = if matches!(rule, "undocumented" | "fraction") {
                    has_warning(&vs, rule, &expected_at)
                } else {
                    has(&vs, rule, &expected_at)
                };
                r.check(rule, found, || {
                    format!(
                        "{}: {at} sent as {}: expected a {rule} violation at {expected_at}: {}",
                        op.id(),
                        top_level(&request, &site.path),
                        show_all(&vs)
                    )
                });
            }
        }
    }
    r.finish(&["type", "json", "undocumented", "fraction"]);
}
