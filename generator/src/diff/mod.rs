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
//! reading refuses nothing. See [`kind`] for the whole table.
//!
//! The parts: [`kind`] names and classifies each kind of change; the differ (this module, with
//! `constraints`, `fields` and `operations`) compares two models into changes; [`render`]
//! writes a report as text, JSON or Markdown; [`source`] reads each side from a directory or
//! a git revision.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::*;

mod constraints;
mod fields;
pub mod kind;
mod operations;
pub mod render;
pub mod source;
#[cfg(test)]
mod tests;

pub use kind::{ChangeKind, ConstraintChange, ConstraintKind, Direction, Impact};
pub use render::{FileChange, Report, file_changes};
pub use source::{DiffSide, ReadError, build_side, compare, read_side};

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

/// One change a user of the generated crate can notice, or a documentation change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The operation id (`alibabacloud.dbs.ConfigureBackupPlan`), or the service id
    /// (`alibabacloud.dbs`) for service-level changes.
    pub operation: String,
    /// The wire path of the parameter or field (`scheduled_policy.start_time`, `Rule[].Schedule`,
    /// `response.PlanId`), when the change concerns one.
    pub path: Option<String>,
    /// What kind of change (`range_tightened`, `parameter_added_required`, ...).
    pub kind: ChangeKind,
    /// Whether Rust code using the crate breaks (does not compile, or behaves differently).
    pub breaking_api: bool,
    /// Whether requests valid before are now rejected, or are sent differently.
    pub breaking_wire: bool,
    /// The value before, when there is one.
    pub old: Value,
    /// The value after, when there is one.
    pub new: Value,
    /// The change in one line, starting with its path when it has one.
    pub summary: String,
}

impl Change {
    /// The bump this change alone needs.
    pub fn verdict(&self) -> Verdict {
        if self.breaking_api {
            Verdict::Major
        } else if self.breaking_wire || self.kind.impact() != Impact::Invisible {
            Verdict::Minor
        } else {
            Verdict::Patch
        }
    }
}

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

impl<'a> Differ<'a> {
    fn push(
        &mut self,
        operation: &str,
        path: Option<String>,
        kind: ChangeKind,
        old: Value,
        new: Value,
        summary: String,
    ) {
        let impact = kind.impact();
        self.changes.push(Change {
            operation: operation.to_owned(),
            path,
            kind,
            breaking_api: impact.breaking_api(),
            breaking_wire: impact.breaking_wire(),
            old,
            new,
            summary,
        });
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
                        ChangeKind::OperationAdded,
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
                    ChangeKind::OperationRemoved,
                    json!(op.id),
                    Value::Null,
                    format!("operation {} removed", op.id),
                );
            }
        }
    }
    let mut changes = d.changes;
    // By the kind's name, not its place in the enum: the order of reports is the order of
    // the names.
    changes.sort_by_cached_key(|c| {
        (
            c.operation.clone(),
            c.path.clone(),
            c.kind.to_string(),
            c.summary.clone(),
        )
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
