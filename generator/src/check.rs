//! Check stage: the decoded specs to the resolved [`Model`], reporting every semantic problem.
//!
//! Nothing here stops at the first error: each problem is recorded and checking goes on with
//! what can still be checked. The model is handed on only when the collector is empty.

use std::collections::{BTreeMap, BTreeSet};

mod field;
mod operation;
mod rules;
mod service;
#[cfg(test)]
mod tests;
mod types;
mod unused;
mod values;

pub use rules::cond_words;
use values::*;

use cloud_backup_runtime::{StringChecks, count_fault, integer_faults};
use serde_json::Value;

use crate::ast::{self, Interval, S};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span, did_you_mean};
use crate::doc_check::FindingKind;
use crate::model::*;
use crate::names;
use crate::yaml::{Node, NodeKind, ScalarValue};

/// How deeply `list<...>` may nest in a type: each level is one more step of every walk over
/// the type, and no page describes more than a list of lists.
const MAX_LIST_DEPTH: usize = 8;

/// How many steps a rule's field path may take (`Options.UseVSS` takes two): the runtime finds
/// each step in constants and keeps them in an array of this size (`MAX_DEPTH` in its
/// `object.rs`), so a longer path would stop the generated crate from compiling.
pub(crate) const MAX_RULE_PATH_STEPS: usize = 4;

/// The named cross-field checkers a spec can use.
pub const CHECKS: &[NamedCheck] = &[
    NamedCheck {
        name: "ascending_local_times",
        function: "ascending_local_times",
        args: &[CheckArg::StrList, CheckArg::OptStr],
    },
    NamedCheck {
        name: "hbr_speed_limit_windows",
        function: "hbr_speed_limit_windows",
        args: &[CheckArg::OptStr],
    },
];

/// A spec file handed to the checker: its path as shown in headers and messages
/// (`specs/<provider>/<service>/<file>.yaml`), its components, and its tree.
pub struct Parsed {
    /// The path shown in headers and messages, under the specs directory's name.
    pub path: String,
    /// The file's text, to point inside its scalars (a key in an example's JSON).
    pub text: String,
    /// Path components under the specs directory.
    pub components: Vec<String>,
    /// Span of the file's start, for file-level problems.
    pub start: Span,
    /// The parsed YAML, with the position of every node.
    pub node: Node,
}

/// The decoded files of one service directory: its service file and its operations.
type ServiceFiles<'a> = (
    Option<(&'a Parsed, ast::ServiceFile)>,
    Vec<(&'a Parsed, ast::OperationFile)>,
);

/// Checks every parsed file and builds the model: `Err` when `diags` holds any error, of this
/// stage or an earlier one, and then the model is not handed out.
/// `snapshots` holds the page snapshots found beside the specs, as display paths
/// (`specs/<provider>/<service>/pages/<Name>.txt`).
///
/// `spec_files` holds every spec file found, parsed or not (display paths), so that a file
/// that failed to parse is not reported again as missing.
pub fn check(
    files: &[Parsed],
    snapshots: &BTreeSet<String>,
    spec_files: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Result<Model, Reported> {
    let mut services: BTreeMap<(String, String), ServiceFiles<'_>> = BTreeMap::new();
    for file in files {
        let [provider, service, name] = file.components.as_slice() else {
            diags.push(
                Diagnostic::at(
                    file.start,
                    "spec files live at specs/<provider>/<service>/<file>.yaml",
                )
                .code(Code::MisplacedFile)
                .hint("move the file into its provider and service directory"),
            );
            continue;
        };
        let entry = services
            .entry((provider.clone(), service.clone()))
            .or_default();
        let mut dec = ast::Decoder::new(diags);
        if name == "service.yaml" {
            if let Some(s) = dec.service(&file.node) {
                entry.0 = Some((file, s));
            }
        } else if let Some(op) = dec.operation(&file.node) {
            entry.1.push((file, op));
        }
    }
    let mut model = Model::default();
    let mut ids = BTreeSet::new();
    for ((provider, service), (svc, ops)) in services {
        let Some((svc_file, svc)) = svc else {
            if let Some((first, _)) = ops.first() {
                diags.push(
                    Diagnostic::at(first.start, format!("the directory specs/{provider}/{service} has no service.yaml")).code(Code::MissingServiceFile)
                        .hint("add a service.yaml with the provider, service, API version, protocol and endpoints"),
                );
            }
            continue;
        };
        let mut cx = Checker {
            diags: &mut *diags,
            pages: BTreeMap::new(),
            files_here: BTreeSet::new(),
        };
        let dir = svc_file
            .path
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
            .to_owned();
        cx.pages = cx.pages(&ops, &dir, snapshots);
        let prefix = format!("{dir}/");
        cx.files_here = spec_files
            .iter()
            .filter_map(|f| f.strip_prefix(&prefix))
            .filter(|f| !f.contains('/'))
            .map(str::to_owned)
            .collect();
        let start = cx.mark();
        if let Some(s) = cx.service(svc_file, &svc, &ops, &provider, &service) {
            if cx.clean_since(start).is_ok() {
                let files: Vec<ast::OperationFile> = ops.into_iter().map(|(_, op)| op).collect();
                unused::warn(&s, &svc, &files, cx.diags);
            }
            for op in &s.operations {
                ids.insert(op.id.clone());
            }
            model.services.push(s);
        }
    }
    // Errors of earlier stages (reading, parsing, decoding) are in the collector too.
    if diags.is_empty() {
        Ok(model)
    } else {
        Err(Reported(()))
    }
}

struct Checker<'d> {
    diags: &'d mut Diagnostics,
    /// The pages the service's operations transcribe, by the name specs give them
    /// (`pages/CreateBackupPlan.txt`).
    pages: BTreeMap<String, Page>,
    /// The spec files of the service's directory, by name, whether or not they parsed.
    files_here: BTreeSet<String>,
}

/// Proof that an error was reported: only the checker's `err` and `clean_since` make
/// one, so a step that returns `Err(Reported)` cannot have failed silently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reported(());

/// How many errors had been reported at a point of checking.
#[derive(Clone, Copy)]
struct Mark(usize);

/// The fields of one object as checked, and the wire names of those that failed their own
/// checks: rules naming a failed field are not judged, so that one mistake is reported once.
struct ObjectFields {
    fields: Vec<Field>,
    failed: BTreeSet<String>,
}

/// Named types visible from a field: the local ones first, then the service's.
#[derive(Clone, Copy)]
struct Scopes<'a> {
    local: &'a BTreeMap<String, TypeDef>,
    /// Where the local types live.
    local_scope: Scope,
    service: Option<&'a BTreeMap<String, TypeDef>>,
}

impl Scopes<'_> {
    fn find(&self, name: &str) -> Option<(&TypeDef, Scope)> {
        self.local
            .get(name)
            .map(|t| (t, self.local_scope))
            .or_else(|| {
                self.service
                    .and_then(|s| s.get(name))
                    .map(|t| (t, Scope::Service))
            })
    }

    fn object(&self, ty: &Type) -> Option<&ObjectDef> {
        let (Type::Object(name, _) | Type::Enum(name, _)) = ty else {
            return None;
        };
        match self.find(name) {
            Some((TypeDef::Object(o), _)) => Some(o),
            _ => None,
        }
    }

    fn enumeration(&self, ty: &Type) -> Option<&EnumDef> {
        let Type::Enum(name, _) = ty else {
            return None;
        };
        match self.find(name) {
            Some((TypeDef::Enum(e), _)) => Some(e),
            _ => None,
        }
    }

    fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.local.keys().map(String::as_str).collect();
        if let Some(s) = self.service {
            v.extend(s.keys().map(String::as_str));
        }
        v
    }
}

/// Where a field sits, which decides the keys it may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A top-level request parameter.
    Parameter,
    /// A member of a request object type.
    Member,
    /// A field of a response or of a response type.
    Response,
}

impl Checker<'_> {
    /// Reports an error of the kind `code`: every error of the checker names its kind.
    fn err(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Reported {
        self.diags
            .push(Diagnostic::at(span, message).code(code).hint(hint));
        Reported(())
    }

    /// The point of checking reached, to ask later whether a step reported an error.
    fn mark(&self) -> Mark {
        Mark(self.diags.len())
    }

    /// `Err` when an error was reported since `mark`: a step that found one goes no further.
    fn clean_since(&self, mark: Mark) -> Result<(), Reported> {
        if self.diags.len() > mark.0 {
            Err(Reported(()))
        } else {
            Ok(())
        }
    }
}
