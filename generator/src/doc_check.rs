//! Where a page and its spec disagree: each row of the page's request-parameter table (see
//! [`crate::page`]) is matched with the spec's parameter or member of that name and compared
//! on what the page states; each parameter the page does not list, and each quotation the page
//! no longer contains, is a finding too.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::model::{
    Encoding, Field, FieldPath, Location, ObjectDef, Operation, Rule, RuleKind, Service, Type,
    TypeDef,
};
use crate::page::{self, Bounds, Facts, Kind, Row};

/// What kind of disagreement a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FindingKind {
    /// The page lists a parameter the spec does not have.
    MissingInSpec,
    /// The spec has a parameter the page does not list.
    MissingInPage,
    /// The page's type and the spec's differ in kind (string, integer, list, …).
    Type,
    /// The page's required flag and the spec's differ.
    Required,
    /// The page states a range or length the spec does not have.
    Range,
    /// The page lists values the spec's enumeration does not, or the other way round.
    Enum,
    /// The page's example is none of the spec's.
    Example,
    /// The page's default and the spec's differ.
    Default,
    /// Words the spec quotes are no longer on the page.
    Description,
}

impl FindingKind {
    /// Every kind.
    pub const ALL: [FindingKind; 9] = [
        FindingKind::MissingInSpec,
        FindingKind::MissingInPage,
        FindingKind::Type,
        FindingKind::Required,
        FindingKind::Range,
        FindingKind::Enum,
        FindingKind::Example,
        FindingKind::Default,
        FindingKind::Description,
    ];

    /// `missing_in_spec`, `range`, …
    pub fn word(self) -> &'static str {
        match self {
            FindingKind::MissingInSpec => "missing_in_spec",
            FindingKind::MissingInPage => "missing_in_page",
            FindingKind::Type => "type",
            FindingKind::Required => "required",
            FindingKind::Range => "range",
            FindingKind::Enum => "enum",
            FindingKind::Example => "example",
            FindingKind::Default => "default",
            FindingKind::Description => "description",
        }
    }

    /// The kind a word names.
    pub fn from_word(word: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.word() == word)
    }
}

/// One disagreement between a page and its spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The parameter's wire path (`scheduled_policy.start_time`, `Rule[].Retention`).
    pub parameter: String,
    /// What kind of disagreement.
    pub kind: FindingKind,
    /// What the page says (null when it says nothing).
    pub page: Value,
    /// What the spec says (null when it says nothing).
    pub spec: Value,
    /// The page's line, when the finding is about a row.
    pub line: Option<usize>,
    /// The finding in words.
    pub message: String,
}

impl Finding {
    /// The JSON form: `parameter`, `kind`, `page`, `spec`, `line`, `message`.
    pub fn to_json(&self) -> Value {
        json!({
            "parameter": self.parameter,
            "kind": self.kind.word(),
            "page": self.page,
            "spec": self.spec,
            "line": self.line,
            "message": self.message,
        })
    }
}

/// The findings of one operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// `provider.service.Operation`.
    pub operation: String,
    /// The page checked against.
    pub page: String,
    /// What disagrees, in page order, then the spec's parameters the page lacks.
    pub findings: Vec<Finding>,
}

/// The kind of a spec field's values as the page would print them.
fn spec_kind(f: &Field) -> Kind {
    if f.encoding != Encoding::Plain {
        return Kind::String;
    }
    match &f.ty {
        Type::String | Type::Enum(..) => Kind::String,
        Type::Int(_) => Kind::Integer,
        Type::Bool => Kind::Boolean,
        Type::List(_) => Kind::List,
        Type::Object(..) => Kind::Object,
    }
}

fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::String => "string",
        Kind::Integer => "integer",
        Kind::Number => "number",
        Kind::Boolean => "boolean",
        Kind::List => "list",
        Kind::Object => "object",
    }
}

/// The object a field holds (itself or as its list's items), among the operation's and the
/// service's types.
fn object_of<'a>(service: &'a Service, op: &'a Operation, f: &Field) -> Option<&'a ObjectDef> {
    let Type::Object(name, _) = f.ty.item() else {
        return None;
    };
    op.types.iter().chain(&service.types).find_map(|t| match t {
        TypeDef::Object(o) if o.name == *name => Some(o),
        _ => None,
    })
}

fn enum_values(service: &Service, op: &Operation, f: &Field) -> Option<Vec<String>> {
    let Type::Enum(name, _) = f.ty.item() else {
        return None;
    };
    op.types.iter().chain(&service.types).find_map(|t| match t {
        TypeDef::Enum(e) if e.name == *name => {
            Some(e.values.iter().map(|v| v.wire.clone()).collect())
        }
        _ => None,
    })
}

/// A JSON value as a page's example cell would show it.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Collapses runs of whitespace, so that quotations match across the page's line breaks.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where rows land while the table is walked: the object whose members the last rows were.
struct Open<'a> {
    path: String,
    object: &'a ObjectDef,
}

/// Compares an operation's spec with the text of its page: the findings its notes do not
/// answer (see a note's `answers`).
pub fn check(service: &Service, op: &Operation, page_text: &str) -> Vec<Finding> {
    let answered = answered(service, op);
    let mut findings = compare_all(service, op, page_text);
    findings.retain(|f| !answered.contains(&(f.kind.word().to_owned(), f.parameter.clone())));
    findings
}

/// Every request parameter and member with its wire path (`Rule[].Retention`), members of
/// members included.
fn fields<'a>(service: &'a Service, op: &'a Operation) -> Vec<(String, &'a Field)> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, &Field, usize)> = op
        .request
        .fields
        .iter()
        .rev()
        .map(|f| (f.wire.clone(), f, 0))
        .collect();
    while let Some((path, f, depth)) = stack.pop() {
        // Specs nest a few levels; a recursive type would not end, so the walk stops deep.
        if depth < 8 {
            if let Some(o) = object_of(service, op, f) {
                let step = if f.ty.is_list() { "[]" } else { "" };
                for m in o.fields.iter().rev() {
                    stack.push((format!("{path}{step}.{}", m.wire), m, depth + 1));
                }
            }
        }
        out.push((path, f));
    }
    out
}

/// The (kind, path) pairs the spec's notes answer.
fn answered(service: &Service, op: &Operation) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for a in op.notes.iter().flat_map(|n| &n.answers) {
        if let Some((kind, path)) = a.value.split_once(' ') {
            out.insert((kind.to_owned(), path.trim().to_owned()));
        }
    }
    for (path, f) in fields(service, op) {
        for a in f.notes.iter().flat_map(|n| &n.answers) {
            out.insert((a.value.clone(), path.clone()));
        }
    }
    out
}

fn compare_all(service: &Service, op: &Operation, page_text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some((_, rows)) = page::request_table(page_text) else {
        findings.push(Finding {
            parameter: String::new(),
            kind: FindingKind::MissingInPage,
            page: Value::Null,
            spec: json!(op.name),
            line: None,
            message: "the page has no request-parameter table in a known layout".into(),
        });
        return findings;
    };
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut conditional: Vec<Conditional> = Vec::new();
    let mut open: Option<Open<'_>> = None;
    for row in &rows {
        if row.name.is_empty() {
            // A list's item row: its facts belong to the list, which the spec's item checks
            // carry; it is not a parameter of its own.
            continue;
        }
        let name = row.name.trim_end_matches(".N");
        if op.common_parameters.iter().any(|c| c.name == name) {
            continue;
        }
        let top = op.request.fields.iter().find(|f| f.wire == name);
        let member = open.as_ref().and_then(|o| {
            o.object
                .fields
                .iter()
                .find(|f| f.wire == name)
                .map(|f| (o, f))
        });
        let (path, field) = match (member, top) {
            (Some((o, f)), _) => (format!("{}.{}", o.path, f.wire), f),
            (None, Some(f)) => {
                open = None;
                (f.wire.clone(), f)
            }
            (None, None) => {
                let path = match &open {
                    Some(o) => format!("{}.{name}", o.path),
                    None => name.to_owned(),
                };
                findings.push(Finding {
                    message: format!("the page lists `{path}`, which the spec does not have"),
                    parameter: path,
                    kind: FindingKind::MissingInSpec,
                    page: json!(row.ty),
                    spec: Value::Null,
                    line: Some(row.line),
                });
                continue;
            }
        };
        seen.insert(path.clone());
        if let Some(sentence) = compare(service, op, row, &path, field, &mut findings) {
            conditional.push(Conditional {
                path: path.clone(),
                line: row.line,
                sentence,
            });
        }
        if let Some(object) = object_of(service, op, field) {
            let step = if field.ty.is_list() { "[]" } else { "" };
            open = Some(Open {
                path: format!("{path}{step}"),
                object,
            });
        }
    }
    conditions(service, op, &conditional, &mut findings);
    path_parameters(service, op, page_text, &mut findings);
    // The spec's parameters and members the page does not list (path parameters are compared
    // with the page's URI table above).
    let mut expected = Vec::new();
    for f in &op.request.fields {
        if f.location == Some(Location::Path) {
            continue;
        }
        expected.push(f.wire.clone());
    }
    let listed: BTreeSet<&str> = rows.iter().map(|r| r.name.trim_end_matches(".N")).collect();
    for f in &op.request.fields {
        // Members are expected as rows only where the table lists members of the object at
        // all: objects sent as JSON text, or described in a section of their own, are not.
        if let Some(o) = object_of(service, op, f) {
            if o.fields.iter().any(|m| listed.contains(m.wire.as_str())) {
                let step = if f.ty.is_list() { "[]" } else { "" };
                expected.extend(
                    o.fields
                        .iter()
                        .map(|m| format!("{}{step}.{}", f.wire, m.wire)),
                );
            }
        }
    }
    for path in expected {
        let last = path.rsplit('.').next().unwrap_or(&path);
        // A member the table shows under another parent still counts as listed: the text has
        // lost the nesting, and `seen` holds only what was matched in place.
        if !seen.contains(&path) && !listed.contains(last) {
            findings.push(Finding {
                message: format!("the spec has `{path}`, which the page does not list"),
                parameter: path,
                kind: FindingKind::MissingInPage,
                page: Value::Null,
                spec: Value::Null,
                line: None,
            });
        }
    }
    quotations(op, page_text, &mut findings);
    findings
}

/// A row that makes its parameter required only under a condition ("This parameter is required
/// only if SourceType is set to NAS") needs a rule of the spec naming the parameter: which one
/// (`required_if`, `allowed_if`, `server_side`, …) is the spec's decision, recorded in the rule.
fn conditions(
    service: &Service,
    op: &Operation,
    rows: &[Conditional],
    findings: &mut Vec<Finding>,
) {
    let ruled = ruled(service, op);
    for Conditional {
        path,
        line,
        sentence,
    } in rows
    {
        if !ruled.contains(path) {
            findings.push(Finding {
                message: format!(
                    "the page makes `{path}` required under a condition (\"{sentence}\"); no rule of the spec names it"
                ),
                parameter: path.clone(),
                kind: FindingKind::Required,
                page: json!(sentence),
                spec: Value::Null,
                line: Some(*line),
            });
        }
    }
}

/// A parameter the page makes required only under a condition.
struct Conditional {
    path: String,
    line: usize,
    sentence: String,
}

/// The wire paths (as findings write them) of every field a rule of the operation or of one of
/// its object types names as its subject.
fn ruled(service: &Service, op: &Operation) -> BTreeSet<String> {
    fn subjects(rule: &Rule) -> Vec<&FieldPath> {
        match &rule.kind {
            RuleKind::RequiredIf { field, .. }
            | RuleKind::AllowedIf { field, .. }
            | RuleKind::RangeIf { field, .. } => vec![field],
            RuleKind::AtLeastOneOf { fields, .. }
            | RuleKind::Check { fields, .. }
            | RuleKind::ServerSide { fields } => fields.iter().collect(),
        }
    }
    let mut out = BTreeSet::new();
    let mut add = |prefix: &str, rules: &[Rule]| {
        for path in rules.iter().flat_map(subjects) {
            out.insert(format!("{prefix}{}", path.wire()));
        }
    };
    add("", &op.request.rules);
    for (path, f) in fields(service, op) {
        if let Some(o) = object_of(service, op, f) {
            let step = if f.ty.is_list() { "[]" } else { "" };
            add(&format!("{path}{step}."), &o.rules);
        }
    }
    out
}

/// The page's URI table (Huawei's pages have one) against the spec's path parameters: each
/// row is compared like a row of the request table, and each side's names must be on the other.
fn path_parameters(
    service: &Service,
    op: &Operation,
    page_text: &str,
    findings: &mut Vec<Finding>,
) {
    let rows = page::sections::path_parameters(page_text);
    let in_path = |f: &&Field| f.location == Some(Location::Path);
    for row in &rows {
        match op
            .request
            .fields
            .iter()
            .filter(in_path)
            .find(|f| f.wire == row.name)
        {
            // A path parameter is always required: no condition to hold against a rule.
            Some(field) => {
                compare(service, op, row, &row.name, field, findings);
            }
            None => findings.push(Finding {
                message: format!(
                    "the page's URI has the path parameter `{}`, which the spec does not have",
                    row.name
                ),
                parameter: row.name.clone(),
                kind: FindingKind::MissingInSpec,
                page: json!(row.ty),
                spec: Value::Null,
                line: Some(row.line),
            }),
        }
    }
    for f in op.request.fields.iter().filter(in_path) {
        if !rows.iter().any(|r| r.name == f.wire) {
            findings.push(Finding {
                message: format!("the spec has the path parameter `{}`, which the page's URI table does not list", f.wire),
                parameter: f.wire.clone(),
                kind: FindingKind::MissingInPage,
                page: Value::Null,
                spec: json!(op.path),
                line: None,
            });
        }
    }
}

/// "from 2 to 20", "at least 1", "at most 255".
fn bounds_words(b: Bounds) -> String {
    match (b.min, b.max) {
        (Some(lo), Some(hi)) => format!("from {lo} to {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => "unbounded".to_owned(),
    }
}

/// The spec's interval in words, or that it has none.
fn spec_words(i: Option<crate::model::Interval>) -> String {
    i.map_or_else(|| "none".to_owned(), |i| format!("`{}`", i.notation()))
}

fn bounds_json(b: Bounds) -> Value {
    json!({"min": b.min, "max": b.max})
}

/// Whether the spec's interval agrees with each end the page states.
fn agrees(page: Bounds, spec: Option<crate::model::Interval>) -> bool {
    let Some(spec) = spec else {
        return false;
    };
    page.min.is_none_or(|m| spec.lowest() == Some(m))
        && page.max.is_none_or(|m| spec.highest() == Some(m))
}

/// Compares a row with the spec's field; returns the row's first "required only if" sentence,
/// which [`conditions`] holds against the spec's rules.
fn compare(
    service: &Service,
    op: &Operation,
    row: &Row,
    path: &str,
    field: &Field,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let mut push = |kind: FindingKind, page: Value, spec: Value, message: String| {
        findings.push(Finding {
            parameter: path.to_owned(),
            kind,
            page,
            spec,
            line: Some(row.line),
            message,
        });
    };
    let (page_kind, kind) = (row.kind(), spec_kind(field));
    // A page's `object` is often sent as a JSON string; a number may be whole.
    let same_kind = page_kind == kind
        || (page_kind == Kind::Object && kind == Kind::String)
        || (page_kind == Kind::Number && kind == Kind::Integer);
    if !same_kind {
        push(
            FindingKind::Type,
            json!(row.ty),
            json!(kind_word(kind)),
            format!(
                "`{path}` is {} on the page (`{}`) but {} in the spec",
                kind_word(page_kind),
                row.ty,
                kind_word(kind)
            ),
        );
    }
    if row.is_required() != field.required {
        push(
            FindingKind::Required,
            json!(row.is_required()),
            json!(field.required),
            format!(
                "`{path}` is {} on the page but {} in the spec",
                if row.is_required() {
                    "required"
                } else {
                    "optional"
                },
                if field.required {
                    "required"
                } else {
                    "optional"
                }
            ),
        );
    }
    let facts: Facts = page::facts(&row.description);
    if let Some(r) = facts.range {
        if kind == Kind::Integer && !agrees(r, field.checks.range) {
            push(
                FindingKind::Range,
                bounds_json(r),
                json!(field.checks.range.map(|i| i.notation())),
                format!(
                    "the page gives `{path}` values {}; the spec's range is {}",
                    bounds_words(r),
                    spec_words(field.checks.range)
                ),
            );
        }
    }
    if let Some(l) = facts.length {
        let checks = if field.ty.is_list() {
            &field.item_checks
        } else {
            &field.checks
        };
        if !agrees(l, checks.length) {
            push(
                FindingKind::Range,
                bounds_json(l),
                json!(checks.length.map(|i| i.notation())),
                format!(
                    "the page gives `{path}` a length {}; the spec's is {}",
                    bounds_words(l),
                    spec_words(checks.length)
                ),
            );
        }
    }
    let numbers: Option<Vec<i128>> = facts.values.iter().map(|v| v.parse().ok()).collect();
    let as_range = match (&numbers, field.checks.range) {
        // An integer's listed values (`0`, `1`) agree with a range that spans exactly them.
        (Some(ns), Some(r)) if kind == Kind::Integer && !ns.is_empty() => {
            let (lo, hi) = (ns.iter().min().copied(), ns.iter().max().copied());
            let contiguous = lo
                .zip(hi)
                .is_some_and(|(l, h)| h - l + 1 == ns.len() as i128);
            contiguous && r.lowest() == lo && r.highest() == hi
        }
        _ => false,
    };
    if !facts.values.is_empty() && kind != Kind::Boolean && !as_range {
        let spec = enum_values(service, op, field);
        let page_set: BTreeSet<&String> = facts.values.iter().collect();
        let same = spec
            .as_ref()
            .is_some_and(|s| s.iter().collect::<BTreeSet<_>>() == page_set);
        if !same {
            push(
                FindingKind::Enum,
                json!(facts.values),
                json!(spec),
                format!("the page lists other values for `{path}` than the spec"),
            );
        }
    }
    if let Some(example) = &row.example {
        let unescaped = example.replace("\\\"", "\"");
        let matches = field.examples.iter().any(|e| {
            let s = shown(e);
            squeeze(&s) == squeeze(example) || squeeze(&s) == squeeze(&unescaped)
        });
        if !matches {
            push(
                FindingKind::Example,
                json!(example),
                json!(field.examples),
                format!("the page's example of `{path}` is none of the spec's"),
            );
        }
    }
    if let Some(d) = &facts.default {
        if field.default.as_ref().map(shown).as_deref() != Some(d.as_str()) {
            push(
                FindingKind::Default,
                json!(d),
                json!(field.default),
                format!("the page gives `{path}` the default `{d}`, the spec does not"),
            );
        }
    }
    facts.required_if.into_iter().next()
}

/// Every quotation of the spec (its parameters', members' and rules' sources) must still be
/// on the page; a quotation may skip words with `...` or `…`.
fn quotations(op: &Operation, page_text: &str, findings: &mut Vec<Finding>) {
    // Quotations leave out the bullets of the page's lists.
    let page = squeeze(&page_text.replace('•', " "));
    let mut quotes: Vec<(String, &str)> = Vec::new();
    for f in &op.request.fields {
        if let Some(q) = &f.source.quote {
            if f.source.page.document == op.page.document {
                quotes.push((f.wire.clone(), q));
            }
        }
    }
    for r in &op.request.rules {
        if let Some(q) = &r.source.quote {
            if r.source.page.document == op.page.document {
                quotes.push((r.source.row.clone().unwrap_or_default(), q));
            }
        }
    }
    for (parameter, quote) in quotes {
        let missing = quote
            .split(['…'])
            .flat_map(|p| p.split("..."))
            .map(squeeze)
            .find(|part| !part.is_empty() && !page.contains(part.as_str()));
        if let Some(part) = missing {
            findings.push(Finding {
                message: format!("the spec quotes words the page no longer has: \"{part}\""),
                parameter,
                kind: FindingKind::Description,
                page: Value::Null,
                spec: json!(quote),
                line: None,
            });
        }
    }
}

/// Why doc-check could not run.
#[derive(Debug)]
pub enum RunError {
    /// The specs do not build.
    Specs(crate::diagnostics::SourceMap, crate::diagnostics::Errors),
    /// A page, a path or an argument cannot be used.
    Input(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Specs(sources, errors) => f.write_str(&errors.render(sources, false)),
            RunError::Input(message) => write!(f, "error: {message}"),
        }
    }
}

/// Checks the operations whose spec files are at or under one of `selected` (every operation
/// of `specs` when it is empty) against their page snapshots, or the one operation selected
/// against `page` instead.
pub fn run(
    specs: &std::path::Path,
    selected: &[std::path::PathBuf],
    page: Option<&std::path::Path>,
) -> Result<Vec<Report>, RunError> {
    let (sources, result) = crate::build(specs, "sdk");
    let generated = result.map_err(|errors| RunError::Specs(sources, errors))?;
    // Model paths start with the specs directory's name (`specs/...`).
    let on_disk = |model_path: &str| {
        let rest = model_path.split_once('/').map_or(model_path, |(_, r)| r);
        specs.join(rest)
    };
    let canonical = |p: &std::path::Path| p.canonicalize().unwrap_or_else(|_| p.to_owned());
    let wanted: Vec<std::path::PathBuf> = selected.iter().map(|p| canonical(p)).collect();
    for (given, path) in selected.iter().zip(&wanted) {
        if !path.exists() {
            return Err(RunError::Input(format!(
                "{} does not exist",
                given.display()
            )));
        }
    }
    let mut chosen = Vec::new();
    for service in &generated.model.services {
        for op in &service.operations {
            let spec = canonical(&on_disk(&op.spec_path));
            if wanted.is_empty() || wanted.iter().any(|w| spec.starts_with(w)) {
                chosen.push((service, op));
            }
        }
    }
    if chosen.is_empty() {
        return Err(RunError::Input(
            "no operation spec is at or under the paths given".into(),
        ));
    }
    if page.is_some() && chosen.len() != 1 {
        return Err(RunError::Input(format!(
            "--page checks one operation, but the paths select {}; name one operation's spec file",
            chosen.len()
        )));
    }
    let mut reports = Vec::new();
    for (service, op) in chosen {
        let path = page.map_or_else(|| on_disk(&op.page.document), std::path::Path::to_owned);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            RunError::Input(format!("cannot read the page {}: {e}", path.display()))
        })?;
        reports.push(Report {
            operation: op.id.clone(),
            page: page.map_or_else(|| op.page.document.clone(), |p| p.display().to_string()),
            findings: check(service, op, &text),
        });
    }
    Ok(reports)
}

/// The JSON form: `{"operations": [{"operation", "page", "findings": [...]}]}`.
pub fn to_json(reports: &[Report]) -> Value {
    json!({
        "operations": reports.iter().map(|r| json!({
            "operation": r.operation,
            "page": r.page,
            "findings": r.findings.iter().map(Finding::to_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>()
    })
}

/// The text form: one line per finding, `page:line: kind parameter: message`, then a count.
pub fn to_text(reports: &[Report]) -> String {
    let mut out = String::new();
    let mut count = 0;
    for r in reports {
        for f in &r.findings {
            count += 1;
            let at = f.line.map(|l| format!(":{l}")).unwrap_or_default();
            out.push_str(&format!(
                "{}{at}: {} {} ({}): {}\n",
                r.page,
                f.kind.word(),
                f.parameter,
                r.operation,
                f.message
            ));
        }
    }
    out.push_str(&match count {
        0 => format!(
            "{} operation{} agree with their pages\n",
            reports.len(),
            if reports.len() == 1 { "" } else { "s" }
        ),
        n => format!("{n} finding{}\n", if n == 1 { "" } else { "s" }),
    });
    out
}
