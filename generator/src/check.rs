//! Check stage: the decoded specs to the resolved [`Model`], reporting every semantic problem.
//!
//! Nothing here stops at the first error: each problem is recorded and checking goes on with
//! what can still be checked. The model is handed on only when the collector is empty.

use std::collections::{BTreeMap, BTreeSet};

mod unused;

use cloud_backup_runtime::{StringChecks, count_fault, integer_faults};
use serde_json::Value;

use crate::ast::{self, Interval, S};
use crate::diagnostics::{Diagnostic, Diagnostics, Span, did_you_mean};
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
    /// Display path.
    pub path: String,
    /// The file's text, to point inside its scalars (a key in an example's JSON).
    pub text: String,
    /// Path components under the specs directory.
    pub components: Vec<String>,
    /// Span of the file's start, for file-level problems.
    pub start: Span,
    /// The tree.
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
                    Diagnostic::at(first.start, format!("the directory specs/{provider}/{service} has no service.yaml"))
                        .hint("add a service.yaml with the provider, service, API version, protocol and endpoints"),
                );
            }
            continue;
        };
        let mut cx = Checker {
            diags: &mut *diags,
            pages: BTreeMap::new(),
            files_here: BTreeSet::new(),
            default_location: None,
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
    /// Where the request parameters of the operation being checked travel when they do not
    /// say: its `in:`, else its service's.
    default_location: Option<S<String>>,
}

/// Proof that an error was reported: only [`Checker::err`] and [`Checker::clean_since`] make
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

fn words(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Condition in words: "Period is Year", "DatabaseType is Redis, or ...".
pub fn cond_words(c: &Cond) -> String {
    fn list(values: &[Value]) -> String {
        let v: Vec<String> = values.iter().map(words).collect();
        match v.len() {
            0 => String::new(),
            1 => v[0].clone(),
            n => format!("{} or {}", v[..n - 1].join(", "), v[n - 1]),
        }
    }
    match c {
        Cond::In(p, values) => format!("{} is {}", p.wire(), list(values)),
        Cond::Present(p, true) => format!("{} is set", p.wire()),
        Cond::Present(p, false) => format!("{} is not set", p.wire()),
        Cond::All(cs) => cs.iter().map(cond_words).collect::<Vec<_>>().join(" and "),
        Cond::Any(cs) => cs.iter().map(cond_words).collect::<Vec<_>>().join(", or "),
        Cond::Not(inner) => match inner.as_ref() {
            Cond::In(p, values) => format!("{} is not {}", p.wire(), list(values)),
            Cond::Present(p, b) => cond_words(&Cond::Present(p.clone(), !b)),
            other => format!("not ({})", cond_words(other)),
        },
    }
}

impl Checker<'_> {
    fn err(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) -> Reported {
        self.diags.push(Diagnostic::at(span, message).hint(hint));
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

    fn source(
        &mut self,
        spec: &str,
        document: &str,
        src: &ast::Source,
        default_row: Option<&str>,
    ) -> SourceRef {
        let page = match &src.document {
            Some(d) => self.cited_page(d),
            None => self.page(document),
        };
        SourceRef {
            spec: spec.to_owned(),
            page,
            row: src
                .row
                .as_ref()
                .map(|r| r.value.clone())
                .or(default_row.map(str::to_owned)),
            quote: src.quote.clone(),
        }
    }

    /// The page a spec names: a page of the service, or (for a name that is not a page
    /// snapshot, such as an SDK's file) the name itself as the title.
    fn page(&self, document: &str) -> Page {
        self.pages.get(document).cloned().unwrap_or_else(|| Page {
            title: document.to_owned(),
            ..Page::default()
        })
    }

    /// The page a `source.document` names, which must be one of the service's when it names a
    /// snapshot.
    fn cited_page(&mut self, document: &S<String>) -> Page {
        let d = document.value.as_str();
        if (d.starts_with("pages/") || d.ends_with(".txt")) && !self.pages.contains_key(d) {
            let known: Vec<&str> = self.pages.keys().map(String::as_str).collect();
            let hint = match did_you_mean(d, known.iter().copied()) {
                Some(b) => format!("did you mean `{b}`?"),
                None if known.is_empty() => {
                    "an operation's `source.document` declares each page; name one of them"
                        .to_owned()
                }
                None => format!(
                    "name a page an operation of the service declares: {}",
                    known.join(", ")
                ),
            };
            self.err(
                document.span,
                format!("`{d}` is not a page any operation of this service transcribes"),
                hint,
            );
        }
        self.page(d)
    }

    /// The pages the service's operations declare in `source`: each a snapshot
    /// `pages/<Name>.txt` beside the specs, with its title, date and address.
    fn pages(
        &mut self,
        ops: &[(&Parsed, ast::OperationFile)],
        dir: &str,
        snapshots: &BTreeSet<String>,
    ) -> BTreeMap<String, Page> {
        let mut pages: BTreeMap<String, Page> = BTreeMap::new();
        let mut consts: BTreeMap<String, (String, Span)> = BTreeMap::new();
        for (_, op) in ops {
            let doc = &op.document;
            let stem = doc
                .value
                .strip_prefix("pages/")
                .and_then(|rest| rest.strip_suffix(".txt"))
                .filter(|stem| {
                    names::is_identifier(stem) && stem.starts_with(|c: char| c.is_ascii_uppercase())
                });
            let Some(stem) = stem else {
                self.err(
                    doc.span,
                    format!("`{}` is not a page snapshot", doc.value),
                    format!(
                        "keep the page's text beside the spec as `pages/{}.txt` and name it here",
                        op.operation.value
                    ),
                );
                continue;
            };
            let path = format!("{dir}/{}", doc.value);
            if !snapshots.contains(&path) {
                let prefix = format!("{dir}/");
                let beside = snapshots.iter().filter_map(|s| s.strip_prefix(&prefix));
                let hint = match did_you_mean(&doc.value, beside) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => "save the page's text there: the snapshot is what the spec is checked against".to_owned(),
                };
                self.err(
                    doc.span,
                    format!("the page snapshot `{path}` does not exist"),
                    hint,
                );
            }
            if let Some(u) = &op.document_updated {
                if !is_date(&u.value) {
                    self.err(
                        u.span,
                        format!("`{}` is not a date", u.value),
                        "write the page's last-updated date as YYYY-MM-DD, such as 2026-03-27",
                    );
                }
            }
            if let Some(u) = &op.document_url {
                let ok = (u.value.starts_with("https://") || u.value.starts_with("http://"))
                    && !u.value.chars().any(char::is_whitespace);
                if !ok {
                    self.err(
                        u.span,
                        format!("`{}` is not a web address", u.value),
                        "write the page's address as shown by a browser, such as https://www.alibabacloud.com/help/en/...; leave `url` out when it is not known",
                    );
                }
            }
            let page = Page {
                title: op.document_title.trim().to_owned(),
                updated: op
                    .document_updated
                    .as_ref()
                    .map(|u| u.value.clone())
                    .unwrap_or_default(),
                url: op
                    .document_url
                    .as_ref()
                    .map(|u| u.value.clone())
                    .unwrap_or_default(),
                document: path,
            };
            if page.title.is_empty() {
                self.err(
                    doc.span,
                    "the page's title is empty",
                    "copy the title the page shows",
                );
            }
            let name = names::page_const(stem);
            match consts.get(&name) {
                Some((other, _)) if *other == doc.value => {}
                Some((other, first)) => {
                    self.diags.push(
                        Diagnostic::at(doc.span, format!("pages `{}` and `{other}` would both be named `{name}` in the generated code", doc.value))
                            .related(*first, "the other page")
                            .hint("rename one of the snapshots"),
                    );
                }
                None => {
                    consts.insert(name, (doc.value.clone(), doc.span));
                }
            }
            match pages.get(&doc.value) {
                Some(first) if *first != page => {
                    self.err(
                    doc.span,
                    format!("`{}` is declared again with another title, date or address", doc.value),
                    "give the page the same title, date and address in every spec that transcribes it",
                );
                }
                Some(_) => {}
                None => {
                    pages.insert(doc.value.clone(), page);
                }
            }
        }
        pages
    }

    /// Reports the first infinity or NaN in a value (`.inf`, `-.inf`, `.nan`): JSON has no
    /// such number, so no request or response can carry it.
    fn finite(&mut self, node: &Node) -> bool {
        let mut pending = vec![node];
        while let Some(n) = pending.pop() {
            match &n.kind {
                NodeKind::Scalar(s) => {
                    if let ScalarValue::Float(f) = s.value() {
                        if !f.is_finite() {
                            self.err(
                                n.span,
                                format!("`{}` is not a finite number", s.text),
                                "JSON has no infinity or NaN; write a number, or quote the text if a string is meant",
                            );
                            return false;
                        }
                    }
                }
                NodeKind::Seq(items) => pending.extend(items.iter().rev()),
                NodeKind::Map(entries) => pending.extend(entries.iter().rev().map(|(_, v)| v)),
            }
        }
        true
    }

    fn ident_id(&mut self, s: &S<String>, what: &str) -> bool {
        let ok = !s.value.is_empty()
            && s.value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && names::is_identifier(&s.value)
            && !names::is_keyword(&s.value);
        if !ok {
            self.err(s.span, format!("`{}` is not a valid {what} id", s.value), "use lower-case ASCII letters, digits and `_`, starting with a letter, and not a Rust keyword");
        }
        ok
    }

    fn service(
        &mut self,
        file: &Parsed,
        svc: &ast::ServiceFile,
        ops: &[(&Parsed, ast::OperationFile)],
        provider: &str,
        service: &str,
    ) -> Option<Service> {
        let start = self.mark();
        self.no_readings(&svc.notes, "a service");
        if svc.provider.value != provider {
            self.err(
                svc.provider.span,
                format!(
                    "provider `{}` does not match its directory `{provider}`",
                    svc.provider.value
                ),
                format!("write `provider: {provider}` or move the file"),
            );
        }
        if svc.service.value != service {
            self.err(
                svc.service.span,
                format!(
                    "service `{}` does not match its directory `{service}`",
                    svc.service.value
                ),
                format!("write `service: {service}` or move the file"),
            );
        }
        self.ident_id(&svc.provider, "provider");
        self.ident_id(&svc.service, "service");
        if svc.api_version.value.trim().is_empty() {
            self.err(
                svc.api_version.span,
                "the API version is empty",
                "write the version the documents give, such as \"2019-03-06\"",
            );
        } else if !svc
            .api_version
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            // The version is sent in headers and query strings and written into the generated
            // code; a page's version is a date or a word like `v2`.
            self.err(
                svc.api_version.span,
                format!(
                    "the API version `{}` has characters other than ASCII letters, digits, `.`, `-` and `_`",
                    escaped(&svc.api_version.value)
                ),
                "write the version the documents give, such as \"2019-03-06\" or \"v2\"",
            );
        }
        // An unknown protocol word was reported by the decoder; the rest is checked all the same.
        let protocol = Protocol::from_word(&svc.protocol.value);
        if svc.endpoints.is_empty() {
            self.err(
                file.start,
                "a service needs at least one endpoint",
                "add `endpoints:` with a `host:` entry",
            );
        }
        let host_ok = |h: &str, placeholder: bool| {
            let h = if placeholder {
                h.replace("{region}", "x")
            } else {
                h.to_owned()
            };
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        };
        for e in &svc.endpoints {
            let h = &e.host.value;
            if !host_ok(h, true) {
                self.err(
                    e.host.span,
                    format!("`{}` is not a host name", escaped(h)),
                    "write a bare host such as `dbs.{region}.aliyuncs.com`, without scheme or path",
                );
            } else if let Err(why) = host_labels(&h.replace("{region}", "x")) {
                self.err(
                    e.host.span,
                    format!("`{h}` is not a host name: {why}"),
                    "a host is dot-separated labels of 1 to 63 letters, digits and `-`, neither starting nor ending with `-`, 253 characters at most",
                );
            }
            let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
            for (region, host) in &e.region_hosts {
                if crate::formats::region_id(&region.value).is_err() {
                    self.err(
                        region.span,
                        format!("`{}` is not a region id", region.value),
                        "region ids are lower-case letters and digits in dash-separated words, such as cn-hangzhou",
                    );
                } else if let Some(list) = svc
                    .regions
                    .as_ref()
                    .filter(|l| !l.iter().any(|r| r.value == region.value))
                {
                    let hint =
                        match did_you_mean(&region.value, list.iter().map(|r| r.value.as_str())) {
                            Some(b) => format!(
                                "did you mean `{b}`? A region the client refuses needs no host"
                            ),
                            None => "add the region to `regions`, or remove its host".to_owned(),
                        };
                    self.err(
                        region.span,
                        format!(
                            "`region_hosts` names `{}`, which `regions` does not list",
                            region.value
                        ),
                        hint,
                    );
                }
                if let Some(first) = seen.insert(&region.value, region.span) {
                    self.diags.push(
                        Diagnostic::at(
                            region.span,
                            format!("region `{}` has two hosts", region.value),
                        )
                        .related(first, "first given here")
                        .hint("keep one host per region"),
                    );
                }
                if !host_ok(&host.value, false) {
                    self.err(
                        host.span,
                        format!("`{}` is not a host name", escaped(&host.value)),
                        "write the region's bare host, such as `dbs-api.cn-hangzhou.aliyuncs.com`, without scheme, path or `{region}`",
                    );
                } else if let Err(why) = host_labels(&host.value) {
                    self.err(
                        host.span,
                        format!("`{}` is not a host name: {why}", host.value),
                        "a host is dot-separated labels of 1 to 63 letters, digits and `-`, neither starting nor ending with `-`, 253 characters at most",
                    );
                }
            }
        }
        let mut regions = None;
        if let Some(list) = &svc.regions {
            let mut seen = BTreeSet::new();
            for r in list {
                if r.value.trim() != r.value || r.value.is_empty() {
                    self.err(
                        r.span,
                        format!("region `{}` has stray whitespace or is empty", r.value),
                        "remove the spaces",
                    );
                } else if crate::formats::region_id(&r.value).is_err() {
                    self.err(
                        r.span,
                        format!("`{}` is not a region id", r.value),
                        "region ids are lower-case letters and digits in dash-separated words, such as cn-hangzhou",
                    );
                } else if !seen.insert(r.value.clone()) {
                    self.err(
                        r.span,
                        format!("region `{}` is listed twice", r.value),
                        "remove the duplicate",
                    );
                }
            }
            regions = Some(list.iter().map(|r| r.value.clone()).collect());
        }
        // Service types first: operations may refer to them.
        let spec_path = file.path.clone();
        let svc_types = self.type_defs(&svc.types, None, &spec_path, "", Direction::Request);
        let mut operations: Vec<Operation> = Vec::new();
        let mut seen_ops: BTreeMap<String, Span> = BTreeMap::new();
        for (op_file, op) in ops {
            if let Some(first) = seen_ops.get(&op.operation.value) {
                self.diags.push(
                    Diagnostic::at(
                        op.operation.span,
                        format!("operation `{}` is defined twice", op.operation.value),
                    )
                    .related(*first, "first defined here")
                    .hint("remove or rename one of the files"),
                );
                continue;
            }
            seen_ops.insert(op.operation.value.clone(), op.operation.span);
            let expected = format!("{}.yaml", op.operation.value);
            if op_file.components.last() != Some(&expected) {
                self.err(
                    op.operation.span,
                    format!(
                        "operation `{}` lives in a file not named {expected}",
                        op.operation.value
                    ),
                    format!("rename the file to {expected}"),
                );
            }
            if let Some(o) = self.operation(op_file, op, svc, &svc_types) {
                operations.push(o);
            }
        }
        operations.sort_by(|a, b| a.name.cmp(&b.name));
        for o in &operations {
            for name in svc_types.keys() {
                for own in [
                    format!("{}Request", o.name),
                    format!("{}Response", o.name),
                    format!("{}ErrorCode", o.name),
                ] {
                    if *name == own {
                        self.err(file.start, format!("service type `{name}` collides with a type generated for operation {}", o.name), "rename the service type");
                    }
                }
            }
        }
        let mut rate_limits = Vec::new();
        for r in &svc.rate_limits {
            // An operation whose file did not parse has had its own error.
            let unread = self
                .files_here
                .contains(&format!("{}.yaml", r.operation.value));
            if !seen_ops.contains_key(&r.operation.value) && !unread {
                let hint =
                    match did_you_mean(&r.operation.value, seen_ops.keys().map(String::as_str)) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => "name an operation of this service".into(),
                    };
                self.err(
                    r.operation.span,
                    format!("rate limit for unknown operation `{}`", r.operation.value),
                    hint,
                );
            }
            let requests = u32::try_from(r.requests.value).ok().filter(|v| *v > 0);
            let per = u32::try_from(r.per_seconds.value).ok().filter(|v| *v > 0);
            match (requests, per) {
                (Some(requests), Some(per_seconds)) => rate_limits.push(RateLimit {
                    operation: r.operation.value.clone(),
                    requests,
                    per_seconds,
                }),
                _ => {
                    self.err(
                        r.requests.span,
                        "a rate limit needs positive `requests` and `per_seconds`",
                        "write for example `requests: 20` and `per_seconds: 1`",
                    );
                }
            }
        }
        rate_limits.sort();
        self.clean_since(start).ok()?;
        let protocol = protocol?;
        let mut pages: Vec<Page> = self.pages.values().cloned().collect();
        pages.sort_by(|a, b| a.document.cmp(&b.document));
        Some(Service {
            pages,
            spec_path,
            provider: svc.provider.value.clone(),
            provider_name: svc.provider_name.clone(),
            service: svc.service.value.clone(),
            service_name: svc.service_name.clone(),
            api_version: svc.api_version.value.clone(),
            protocol,
            description: svc.description.clone(),
            endpoints: svc
                .endpoints
                .iter()
                .map(|e| {
                    let mut region_hosts: Vec<(String, String)> = e
                        .region_hosts
                        .iter()
                        .map(|(r, h)| (r.value.clone(), h.value.clone()))
                        .collect();
                    region_hosts.sort();
                    Endpoint {
                        host: e.host.value.clone(),
                        description: e.description.clone(),
                        region_hosts,
                    }
                })
                .collect(),
            regions,
            rate_limits,
            types: svc_types.into_values().collect(),
            operations,
            notes: svc.notes.clone(),
        })
    }

    /// Resolves named types in two passes: first their names (so that they can refer to each
    /// other), then their bodies.
    fn type_defs(
        &mut self,
        defs: &[ast::TypeDef],
        service: Option<&BTreeMap<String, TypeDef>>,
        spec: &str,
        document: &str,
        direction: Direction,
    ) -> BTreeMap<String, TypeDef> {
        // Pass 1: placeholders with the right kind.
        let mut table: BTreeMap<String, TypeDef> = BTreeMap::new();
        let mut inline_enums: Vec<(S<String>, EnumDef)> = Vec::new();
        for def in defs {
            let name = &def.name;
            if !names::is_identifier(&name.value)
                || !name.value.starts_with(|c: char| c.is_ascii_uppercase())
                || names::is_keyword(&name.value)
            {
                self.err(
                    name.span,
                    format!("`{}` is not a valid type name", name.value),
                    "type names are UpperCamelCase identifiers, such as `BackupObject`",
                );
                continue;
            }
            if names::is_reserved(&name.value) {
                self.err(
                    name.span,
                    format!(
                        "the type name `{}` would hide Rust's `{}` from the generated code",
                        name.value, name.value
                    ),
                    "choose a more specific name",
                );
                continue;
            }
            if table.contains_key(&name.value) {
                self.err(
                    name.span,
                    format!("type `{}` is defined twice", name.value),
                    "rename one of them",
                );
                continue;
            }
            self.no_readings(&def.notes, "a type");
            let source = self.source(spec, document, &def.source, None);
            let placeholder = match &def.body {
                ast::TypeBody::Object { .. } => TypeDef::Object(ObjectDef {
                    name: name.value.clone(),
                    description: def.description.clone(),
                    fields: Vec::new(),
                    rules: Vec::new(),
                    direction,
                    source,
                    notes: def.notes.clone(),
                }),
                ast::TypeBody::Enum { values } => {
                    let values = self.enum_values(values, &name.value);
                    TypeDef::Enum(EnumDef {
                        name: name.value.clone(),
                        description: def.description.clone(),
                        values,
                        direction,
                        source,
                        notes: def.notes.clone(),
                    })
                }
            };
            table.insert(name.value.clone(), placeholder);
        }
        // Inline enums of the object members.
        for def in defs {
            if let ast::TypeBody::Object { fields, .. } = &def.body {
                for f in fields {
                    if let Some(e) = self.inline_enum(f, spec, document, direction) {
                        inline_enums.push(e);
                    }
                }
            }
        }
        for (span, e) in inline_enums {
            if table.contains_key(&e.name) {
                self.err(
                    span.span,
                    format!(
                        "the enum `{}` made from this field's `enum` collides with another type",
                        e.name
                    ),
                    "set `enum_name:` to a different name",
                );
            } else {
                table.insert(e.name.clone(), TypeDef::Enum(e));
            }
        }
        // Pass 2: object bodies, now that every name is known.
        let snapshot = table.clone();
        for def in defs {
            let ast::TypeBody::Object { fields, rules } = &def.body else {
                continue;
            };
            let local_scope = if service.is_some() || direction == Direction::Response {
                Scope::Operation
            } else {
                Scope::Service
            };
            let scopes = Scopes {
                local: &snapshot,
                local_scope,
                service,
            };
            let place = if direction == Direction::Response {
                Place::Response
            } else {
                Place::Member
            };
            // Members come from the type's own document when it names one (service types
            // are shared by operations of several documents).
            let document = def
                .source
                .document
                .as_ref()
                .map_or(document, |d| d.value.as_str());
            let resolved = self.fields(fields, place, scopes, spec, document, None);
            let rules = self.rules(rules, &resolved, scopes, spec, document);
            if let Some(TypeDef::Object(o)) = table.get_mut(&def.name.value) {
                o.fields = resolved.fields;
                o.rules = rules;
            }
        }
        self.no_recursion(&table, defs);
        table
    }

    fn no_recursion(&mut self, table: &BTreeMap<String, TypeDef>, defs: &[ast::TypeDef]) {
        let cyclic = on_cycles(table);
        for def in defs {
            if cyclic.contains(def.name.value.as_str()) {
                self.err(
                    def.name.span,
                    format!("type `{}` contains itself", def.name.value),
                    "recursive types are not supported; flatten the structure",
                );
            }
        }
    }

    fn enum_values(&mut self, values: &[ast::EnumValue], enum_name: &str) -> Vec<EnumValue> {
        let mut out: Vec<EnumValue> = Vec::new();
        let mut seen_wire: BTreeMap<String, Span> = BTreeMap::new();
        let mut seen_rust: BTreeMap<String, (String, Span)> = BTreeMap::new();
        if values.is_empty() {
            return out;
        }
        for v in values {
            let span = v.value.span;
            let wire = match &v.value.kind {
                NodeKind::Scalar(s) => match s.value() {
                    ScalarValue::Str(t) => t.to_owned(),
                    _ => {
                        self.err(
                            span,
                            format!("enum value `{}` of {enum_name} is not a string", s.text),
                            format!("quote it: \"{}\"", s.text),
                        );
                        continue;
                    }
                },
                _ => continue,
            };
            if wire.trim() == wire && wire.chars().any(char::is_control) {
                self.err(
                    span,
                    format!(
                        "enum value `{}` of {enum_name} has a control character",
                        escaped(&wire)
                    ),
                    "write the value exactly as the page gives it, without control characters",
                );
                continue;
            }
            if wire.trim() != wire || wire.is_empty() {
                self.err(
                    span,
                    format!(
                        "enum value {:?} of {enum_name} has stray whitespace or is empty",
                        wire
                    ),
                    format!("write {:?}", wire.trim()),
                );
                continue;
            }
            if let Some(first) = seen_wire.get(&wire) {
                self.diags.push(
                    Diagnostic::at(
                        span,
                        format!("enum value `{wire}` of {enum_name} is listed twice"),
                    )
                    .related(*first, "first listed here")
                    .hint("remove the duplicate"),
                );
                continue;
            }
            seen_wire.insert(wire.clone(), span);
            let rust = match &v.rust_name {
                Some(r) => {
                    if !names::is_identifier(&r.value) || names::is_keyword(&r.value) {
                        self.err(
                            r.span,
                            format!("`{}` is not a valid variant name", r.value),
                            "use an UpperCamelCase identifier",
                        );
                        continue;
                    }
                    if names::RESERVED_VARIANTS.contains(&r.value.as_str()) {
                        self.err(
                            r.span,
                            format!("the variant name `{}` is reserved", r.value),
                            "`Unknown` holds values a response enumeration does not know and `Undocumented` values a request sends that the spec does not list; choose another name",
                        );
                        continue;
                    }
                    r.value.clone()
                }
                None => {
                    let derived = names::type_name(&wire);
                    if !names::is_identifier(&derived) || names::is_keyword(&derived) {
                        self.err(span, format!("enum value `{wire}` of {enum_name} gives no usable Rust variant name (`{derived}`)"), "give the value a `rust_name:`, e.g. `{value: \"0\", rust_name: Zero}`");
                        continue;
                    }
                    if names::RESERVED_VARIANTS.contains(&derived.as_str()) {
                        self.err(span, format!("enum value `{wire}` of {enum_name} would become the reserved variant `{derived}`"), format!("`Unknown` and `Undocumented` hold values the spec does not list; give the value a `rust_name:`, e.g. `{{value: {wire}, rust_name: {derived}Value}}`"));
                        continue;
                    }
                    derived
                }
            };
            if let Some((other, first)) = seen_rust.get(&rust) {
                self.diags.push(
                    Diagnostic::at(span, format!("enum values `{other}` and `{wire}` of {enum_name} both become the Rust variant `{rust}`"))
                        .related(*first, "the other value")
                        .hint("give one of them a `rust_name:`"),
                );
                continue;
            }
            seen_rust.insert(rust.clone(), (wire.clone(), span));
            out.push(EnumValue {
                wire,
                rust,
                description: v.description.clone(),
            });
        }
        out
    }

    fn inline_enum(
        &mut self,
        f: &ast::Field,
        spec: &str,
        document: &str,
        direction: Direction,
    ) -> Option<(S<String>, EnumDef)> {
        let values = f.enum_values.as_ref()?;
        let rust = f
            .rust_name
            .as_ref()
            .map_or_else(|| names::field_name(&f.name.value), |r| r.value.clone());
        let name = match &f.enum_name {
            Some(n) => {
                if !names::is_identifier(&n.value) || names::is_keyword(&n.value) {
                    self.err(
                        n.span,
                        format!("`{}` is not a valid type name", n.value),
                        "use an UpperCamelCase identifier",
                    );
                    return None;
                }
                n.value.clone()
            }
            None => names::type_name(&rust),
        };
        if names::is_reserved(&name) {
            let span = f.enum_name.as_ref().map_or(f.name.span, |n| n.span);
            self.err(
                span,
                format!("the enum type `{name}` made for this field would hide Rust's `{name}` from the generated code"),
                "set `enum_name:` to a more specific name",
            );
        }
        if values.value.is_empty() {
            self.err(
                values.span,
                format!("the `enum` of {} is empty", f.name.value),
                "list at least one value",
            );
            return None;
        }
        let vals = self.enum_values(&values.value, &name);
        Some((
            S {
                value: name.clone(),
                span: values.span,
            },
            EnumDef {
                name,
                description: format!("Values of `{}`.", f.name.value),
                values: vals,
                direction,
                source: self.source(spec, document, &f.source, Some(&f.name.value)),
                notes: Vec::new(),
            },
        ))
    }

    fn parse_type(&mut self, f: &ast::Field, scopes: Scopes<'_>) -> Option<Type> {
        let text = f.ty.value.replace(' ', "");
        let enum_name = f.enum_values.as_ref().map(|_| {
            f.enum_name.as_ref().map_or_else(
                || {
                    names::type_name(
                        &f.rust_name
                            .as_ref()
                            .map_or_else(|| names::field_name(&f.name.value), |r| r.value.clone()),
                    )
                },
                |n| n.value.clone(),
            )
        });
        fn go(t: &str, enum_name: &Option<String>, scopes: Scopes<'_>) -> Result<Type, String> {
            // Lists are unwrapped in a loop, not by recursion, and nest a bounded number of
            // levels: every later walk over a type recurses once per level.
            let mut t = t;
            let mut levels = 0;
            while let Some(inner) = t.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
                t = inner;
                levels += 1;
            }
            let mut ty = scalar(t, enum_name, scopes)?;
            for _ in 0..levels {
                ty = Type::List(Box::new(ty));
            }
            Ok(ty)
        }
        fn scalar(t: &str, enum_name: &Option<String>, scopes: Scopes<'_>) -> Result<Type, String> {
            Ok(match t {
                "string" => match enum_name {
                    Some(n) => match scopes.find(n) {
                        Some((_, scope)) => Type::Enum(n.clone(), scope),
                        None => return Err(n.clone()),
                    },
                    None => Type::String,
                },
                "bool" => Type::Bool,
                "i32" => Type::Int(IntTy::I32),
                "i64" => Type::Int(IntTy::I64),
                "u32" => Type::Int(IntTy::U32),
                "u64" => Type::Int(IntTy::U64),
                other => match scopes.find(other) {
                    Some((TypeDef::Object(_), scope)) => Type::Object(other.to_owned(), scope),
                    Some((TypeDef::Enum(_), scope)) => Type::Enum(other.to_owned(), scope),
                    None => return Err(other.to_owned()),
                },
            })
        }
        if text.matches("list<").count() > MAX_LIST_DEPTH {
            self.err(
                f.ty.span,
                format!(
                    "lists nest deeper than {MAX_LIST_DEPTH} levels in `{}`",
                    f.ty.value
                ),
                "describe the inner lists as a named object type with a list field",
            );
            return None;
        }
        match go(&text, &enum_name, scopes) {
            Ok(t) => {
                if f.enum_values.is_some() && !matches!(t.item(), Type::Enum(..)) {
                    self.err(
                        f.ty.span,
                        format!(
                            "`enum` needs the type `string` or `list<string>`, not `{}`",
                            f.ty.value
                        ),
                        "change the type, or move the values into a named enum type",
                    );
                    return None;
                }
                Some(t)
            }
            Err(unknown) => {
                let mut candidates: Vec<&str> = vec!["string", "bool", "i32", "i64", "u32", "u64"];
                candidates.extend(scopes.names());
                // The names other schema languages and the pages themselves use.
                let alias = match unknown.to_ascii_lowercase().as_str() {
                    "int32" | "int" | "integer" => Some("i32"),
                    "int64" | "long" => Some("i64"),
                    "uint32" => Some("u32"),
                    "uint64" => Some("u64"),
                    "boolean" => Some("bool"),
                    "str" | "text" => Some("string"),
                    _ => None,
                };
                let hint =
                    match alias.or_else(|| did_you_mean(&unknown, candidates.iter().copied())) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!(
                            "use string, bool, i32, i64, u32, u64, list<T> or a named type ({})",
                            scopes.names().join(", ")
                        ),
                    };
                let what = if unknown.is_empty() || unknown.contains(['<', '>']) {
                    "malformed type"
                } else {
                    "unknown type"
                };
                let whole = if unknown == text {
                    String::new()
                } else {
                    format!(" in `{}`", f.ty.value)
                };
                self.err(f.ty.span, format!("{what} `{unknown}`{whole}"), hint);
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn fields(
        &mut self,
        fields: &[ast::Field],
        place: Place,
        scopes: Scopes<'_>,
        spec: &str,
        document: &str,
        path_template: Option<&str>,
    ) -> ObjectFields {
        let mut out: Vec<Field> = Vec::new();
        let mut failed = BTreeSet::new();
        let mut wire_seen: BTreeMap<String, Span> = BTreeMap::new();
        let mut rust_seen: BTreeMap<String, (String, Span)> = BTreeMap::new();
        for f in fields {
            if let Some(first) = wire_seen.get(&f.name.value) {
                self.diags.push(
                    Diagnostic::at(
                        f.name.span,
                        format!("duplicate wire name `{}`", f.name.value),
                    )
                    .related(*first, "first defined here")
                    .hint("each parameter appears once; remove or rename the duplicate"),
                );
                continue;
            }
            wire_seen.insert(f.name.value.clone(), f.name.span);
            let Some(field) = self.field(f, place, scopes, spec, document, path_template) else {
                failed.insert(f.name.value.clone());
                continue;
            };
            let bare = field.rust.trim_start_matches("r#").to_owned();
            if place != Place::Response && names::OBJECT_MEMBERS.contains(&bare.as_str()) {
                self.err(
                    f.rust_name.as_ref().map_or(f.name.span, |r| r.span),
                    format!("`{}` would become the Rust name `{bare}`, which the generated struct and builder use themselves", f.name.value),
                    format!("give the field a `rust_name:` other than {}", names::OBJECT_MEMBERS.join(", ")),
                );
                continue;
            }
            if let Some((other, first)) = rust_seen.get(&bare) {
                self.diags.push(
                    Diagnostic::at(
                        f.name.span,
                        format!(
                            "`{}` and `{other}` both become the Rust name `{}`",
                            f.name.value, field.rust
                        ),
                    )
                    .related(*first, "the other field")
                    .hint("give one of them a `rust_name:`"),
                );
                continue;
            }
            // A request field also has a setter `set_<name>` taking an `Option`.
            let setter = format!("set_{bare}");
            let clash = (place != Place::Response)
                .then(|| {
                    rust_seen
                        .get(&setter)
                        .map(|(other, at)| (other.clone(), *at, setter.clone()))
                        .or_else(|| {
                            let of = bare.strip_prefix("set_")?;
                            let (other, at) = rust_seen.get(of)?;
                            Some((other.clone(), *at, bare.clone()))
                        })
                })
                .flatten();
            if let Some((other, first, name)) = clash {
                self.diags.push(
                    Diagnostic::at(
                        f.rust_name.as_ref().map_or(f.name.span, |r| r.span),
                        format!(
                            "`{}` and `{other}` both give the builder a method `{name}` (a field's \
                             setter, and the `Option` setter `set_<field>` of another)",
                            f.name.value
                        ),
                    )
                    .related(first, "the other field")
                    .hint("give one of them a `rust_name:`"),
                );
                continue;
            }
            rust_seen.insert(bare, (f.name.value.clone(), f.name.span));
            out.push(field);
        }
        ObjectFields {
            fields: out,
            failed,
        }
    }

    fn field(
        &mut self,
        f: &ast::Field,
        place: Place,
        scopes: Scopes<'_>,
        spec: &str,
        document: &str,
        path_template: Option<&str>,
    ) -> Option<Field> {
        let start = self.mark();
        let wire = &f.name.value;
        if wire.chars().any(|c| c.is_control() || c.is_whitespace()) && wire.trim() == wire {
            // A wire name is sent as is and quoted in the generated documentation, where a
            // control character would end the comment.
            self.err(
                f.name.span,
                format!(
                    "the wire name `{}` has a space or a control character",
                    escaped(wire)
                ),
                "write the name exactly as the page spells it; no provider's parameter names contain spaces or control characters",
            );
            return None;
        }
        if wire.is_empty() || wire.trim() != wire || wire.contains(['.', '[', ']']) {
            self.err(f.name.span, format!("`{wire}` is not a usable wire name"), "wire names are non-empty, without spaces, dots or brackets (nesting is expressed with object types)");
        }
        let rust = match &f.rust_name {
            Some(r) => {
                if !names::is_identifier(&r.value)
                    || r.value.chars().any(|c| c.is_ascii_uppercase())
                {
                    self.err(
                        r.span,
                        format!("`{}` is not a valid Rust field name", r.value),
                        "use a snake_case identifier",
                    );
                }
                names::escape(&r.value)
            }
            None => {
                let derived = names::field_name(wire);
                if !names::is_identifier(&derived) {
                    self.err(
                        f.name.span,
                        format!("the wire name `{wire}` gives no usable Rust name (`{derived}`)"),
                        "add `rust_name:` with a snake_case identifier",
                    );
                }
                names::escape(&derived)
            }
        };
        let ty = self.parse_type(f, scopes);
        // Location, encoding and style.
        let given = f.location.as_ref().or(match place {
            Place::Parameter => self.default_location.as_ref(),
            _ => None,
        });
        let location = match (given, place) {
            // An unknown word was reported by the decoder.
            (Some(l), Place::Parameter) => match l.value.as_str() {
                "query" => Some(Location::Query),
                "form" => Some(Location::Form),
                "json" => Some(Location::Json),
                "path" => Some(Location::Path),
                "header" => Some(Location::Header),
                _ => None,
            },
            (None, Place::Parameter) => {
                self.err(
                    f.span,
                    format!("parameter `{wire}` does not say where it travels"),
                    "add `in:` with query, form, json, path or header, to the parameter or once to its operation or service",
                );
                None
            }
            (Some(l), _) => {
                self.err(
                    l.span,
                    format!("`in` is only for top-level request parameters, not for `{wire}`"),
                    "remove `in:`; members travel inside their parent",
                );
                None
            }
            (None, _) => None,
        };
        let encoding = match f.encoding.as_ref().map(|e| e.value.as_str()) {
            Some("json_text") => Encoding::JsonText,
            Some("comma_list") => Encoding::CommaList,
            _ => Encoding::Plain,
        };
        let required = f.required.as_ref().is_some_and(|r| r.value);
        if let (Some(ty), Some(e)) = (&ty, &f.encoding) {
            match encoding {
                Encoding::CommaList if !(ty.is_list() && ty.item().is_scalar()) => {
                    self.err(
                        e.span,
                        format!(
                            "`comma_list` needs a list of scalars, but `{wire}` is `{}`",
                            ty.spec_name()
                        ),
                        "use `list<string>` (or a list of an enum), or remove `encoding:`",
                    );
                }
                Encoding::JsonText if ty.is_scalar() => {
                    self.err(
                        e.span,
                        format!(
                            "`json_text` needs a list or an object, but `{wire}` is `{}`",
                            ty.spec_name()
                        ),
                        "remove `encoding:` for scalars",
                    );
                }
                _ => {}
            }
        }
        let style = match (&f.style, &ty) {
            (Some(s), Some(t)) => {
                let wanted = matches!(location, Some(Location::Query | Location::Form))
                    && !t.is_scalar()
                    && encoding == Encoding::Plain;
                if !wanted {
                    self.err(s.span, format!("`style` applies only to lists and objects sent plainly in a query string or form body, not to `{wire}`"), "remove `style:`");
                    None
                } else if s.value == "numbered" {
                    Some(Style::Numbered)
                } else {
                    Some(Style::Json)
                }
            }
            (None, Some(t)) => {
                if matches!(location, Some(Location::Query | Location::Form))
                    && !t.is_scalar()
                    && encoding == Encoding::Plain
                {
                    self.err(f.span, format!("`{wire}` is a {} sent in a query string or form body, and needs a `style`", if t.is_list() { "list" } else { "object" }), "add `style: numbered` (Name.1.Member=...) or `style: json` (one field of JSON), or an `encoding:`");
                }
                None
            }
            _ => None,
        };
        if location == Some(Location::Path) {
            if (!required || ty.as_ref().is_some_and(|t| *t != Type::String)) && !f.damaged {
                self.err(
                    f.span,
                    format!("path parameter `{wire}` must be a required string"),
                    "add `required: true` and `type: string`",
                );
            }
            if let Some(tpl) = path_template {
                if !tpl.contains(&format!("{{{wire}}}")) {
                    self.err(
                        f.span,
                        format!("path parameter `{wire}` does not appear in the path `{tpl}`"),
                        format!("add `{{{wire}}}` to `http.path`, or change `in:`"),
                    );
                }
            }
        }
        if location == Some(Location::Header) && ty.as_ref().is_some_and(|t| !t.is_scalar()) {
            self.err(
                f.span,
                format!("header parameter `{wire}` must be a scalar"),
                "headers carry one value",
            );
        }
        // Constraints.
        let checks = ty
            .as_ref()
            .map(|t| self.checks(&f.constraints, t, wire, false))
            .unwrap_or_default();
        let item_checks = match (&f.items, &ty) {
            (Some(items), Some(t)) => {
                if !(t.is_list() && t.item().is_scalar()) {
                    self.err(
                        items.span,
                        format!(
                            "`items` applies to lists of scalars, but `{wire}` is `{}`",
                            t.spec_name()
                        ),
                        "move the constraints up to the field",
                    );
                    Checks::default()
                } else {
                    self.checks(&items.value, t.item(), wire, true)
                }
            }
            _ => Checks::default(),
        };
        let count = f.count.as_ref().and_then(|c| {
            if ty.as_ref().is_some_and(|t| !t.is_list()) {
                self.err(
                    c.span,
                    format!("`count` applies to lists, but `{wire}` is not one"),
                    "remove `count:` or make the type a list",
                );
                return None;
            }
            self.interval_sane(c, "count", Some((0, i128::from(u32::MAX))));
            Some(c.value)
        });
        let unique = f.unique.as_ref().is_some_and(|u| {
            if ty.as_ref().is_some_and(|t| !t.is_list()) {
                self.err(
                    u.span,
                    format!("`unique` applies to lists, but `{wire}` is not one"),
                    "remove `unique:`",
                );
            }
            u.value
        });
        let order = f.order.as_ref().and_then(|o| {
            // Booleans have no order a document would ask for.
            if ty.as_ref().is_some_and(|t| {
                !(t.is_list() && t.item().is_scalar()) || *t.item() == Type::Bool
            }) {
                self.err(
                    o.span,
                    format!("`order` applies to lists of strings, integers or enumerations, but `{wire}` is not one"),
                    "remove `order:`",
                );
            }
            match o.value.as_str() {
                "ascending" => Some(Order::Ascending),
                "descending" => Some(Order::Descending),
                // An unknown word was reported by the decoder.
                _ => None,
            }
        });
        let sensitive = f.sensitive.as_ref().is_some_and(|s| {
            if s.value && ty.as_ref().is_some_and(|t| *t != Type::String) {
                self.err(
                    s.span,
                    format!("only strings can be `sensitive`, and `{wire}` is not one"),
                    "remove `sensitive:`",
                );
            }
            s.value
        });
        let idempotency_token = f.idempotency_token.as_ref().is_some_and(|s| {
            if s.value && (place != Place::Parameter || required || ty.as_ref().is_some_and(|t| *t != Type::String)) {
                self.err(s.span, format!("an idempotency token must be an optional top-level string parameter, and `{wire}` is not"), "remove `idempotency_token:` or fix the type");
            }
            s.value
        });
        if place != Place::Parameter && place != Place::Member && f.required.is_some() {
            // Response shape has no `required`; nothing to do.
        }
        if f.description.trim().is_empty() {
            self.err(
                f.span,
                format!("`{wire}` has an empty description"),
                "copy the document's description",
            );
        }
        let fractions_rounded_down = f.fractions.as_ref().is_some_and(|fr| {
            if ty.as_ref().is_some_and(|t| !matches!(t, Type::Int(_))) {
                self.err(
                    fr.span,
                    format!("`fractions` applies to integers, and `{wire}` is not one"),
                    "remove `fractions:`",
                );
            }
            // An unknown word was reported by the decoder.
            fr.value == "rounded_down"
        });
        if place == Place::Response {
            self.no_readings(&f.notes, "a response field, which is never checked");
        }
        let ty = ty?;
        self.clean_since(start).ok()?;
        let mut field = Field {
            wire: wire.clone(),
            rust,
            ty,
            required,
            location,
            encoding,
            style,
            description: f.description.trim().to_owned(),
            checks,
            count,
            unique,
            order,
            item_checks,
            default: None,
            examples: Vec::new(),
            sensitive,
            idempotency_token,
            fractions_rounded_down,
            source: self.source(spec, document, &f.source, Some(wire)),
            notes: f.notes.clone(),
        };
        if place != Place::Response {
            let (value, items) = self.readings(&field, &f.notes, scopes);
            field.checks.readings = value;
            field.item_checks.readings = items;
            if location == Some(Location::Path) && !field.stated_required() && !f.damaged {
                self.err(
                    f.span,
                    format!("the path parameter `{wire}` cannot be required only as a reading"),
                    "a URL cannot be built without it: remove `required` from the note's `reading`",
                );
            }
        }
        // Default and examples must meet the field's own constraints.
        if !f.default.iter().chain(&f.examples).all(|v| self.finite(v)) {
            return None;
        }
        if let Some(d) = &f.default {
            let v = d.to_json();
            if let Err(why) = value_ok(&field, &v, scopes, place == Place::Response) {
                self.err(
                    d.span,
                    format!("the default of `{wire}` breaks its own constraints: {why}"),
                    "fix the default or the constraints, and record the decision in `notes`",
                );
            }
            field.default = Some(v);
        }
        for e in &f.examples {
            let v = e.to_json();
            if let Err(why) = value_ok(&field, &v, scopes, place == Place::Response) {
                self.err(
                    e.span,
                    format!("an example of `{wire}` breaks its own constraints: {why}"),
                    "fix the example or the constraints, and record the decision in `notes`",
                );
            }
            field.examples.push(v);
        }
        self.clean_since(start).ok()?;
        Some(field)
    }

    /// The readings a field's notes declare: of its value (with `required`, `enum`, `count`,
    /// `unique` and `order`) and of its items. Each must name a constraint the field has, once.
    fn readings(
        &mut self,
        field: &Field,
        notes: &[Note],
        scopes: Scopes<'_>,
    ) -> (Readings, Readings) {
        self.answers(notes, true);
        let (mut value, mut items) = (Readings::NONE, Readings::NONE);
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let is_enum = scopes.enumeration(field.ty.item()).is_some();
        let keys = || {
            Constraint::ALL
                .iter()
                .map(|c| c.key().to_owned())
                .chain(
                    Constraint::ALL
                        .iter()
                        .filter(|c| c.applies_to_items())
                        .map(|c| format!("items.{}", c.key())),
                )
                .collect::<Vec<String>>()
        };
        for note in notes {
            for (key, span) in note.reading.iter().zip(&note.reading_spans) {
                if let Some(first) = seen.insert(key, *span) {
                    self.diags.push(
                        Diagnostic::at(*span, format!("`{key}` is a reading of two notes"))
                            .related(first, "first named here")
                            .hint("name each reading in one note, the one that says why"),
                    );
                    continue;
                }
                let (on_items, name) = match key.strip_prefix("items.") {
                    Some(rest) => (true, rest),
                    None => (false, key.as_str()),
                };
                let constraint =
                    Constraint::from_key(name).filter(|c| !on_items || c.applies_to_items());
                let Some(constraint) = constraint else {
                    let all = keys();
                    let hint = match did_you_mean(key, all.iter().map(String::as_str)) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!("name constraints of the field: {}", all.join(", ")),
                    };
                    self.err(
                        *span,
                        format!("`{key}` is not a constraint a note can read"),
                        hint,
                    );
                    continue;
                };
                let checks = if on_items {
                    &field.item_checks
                } else {
                    &field.checks
                };
                let has = match constraint {
                    Constraint::Required => field.required,
                    Constraint::Enum => is_enum,
                    Constraint::Count => field.count.is_some(),
                    Constraint::Unique => field.unique,
                    Constraint::Order => field.order.is_some(),
                    Constraint::Range => checks.range.is_some(),
                    Constraint::Length => checks.length.is_some(),
                    Constraint::Charset => checks.charset.is_some(),
                    Constraint::Pattern => checks.pattern.is_some(),
                    Constraint::Ascii => checks.ascii,
                    Constraint::Prefix => !checks.forbidden_prefixes.is_empty(),
                    Constraint::Format => checks.format.is_some(),
                };
                if !has {
                    let what = match constraint {
                        Constraint::Required => "is not `required: true`".to_owned(),
                        Constraint::Enum => "is not an enumeration".to_owned(),
                        _ => format!("has no `{key}`"),
                    };
                    self.err(
                        *span,
                        format!("the note reads `{key}`, but `{}` {what}", field.wire),
                        "name only constraints the field has; a reading is a constraint the page does not state",
                    );
                    continue;
                }
                if on_items {
                    items = items.with(constraint);
                } else {
                    value = value.with(constraint);
                }
            }
        }
        (value, items)
    }

    /// Reports the `reading` of notes that sit where there is no constraint to read.
    /// Checks the `answers` of notes: finding kinds on a parameter's or member's note
    /// (`on_field`), a kind and a wire path on an operation's.
    fn answers(&mut self, notes: &[Note], on_field: bool) {
        let kinds: Vec<&str> = FindingKind::ALL.iter().map(|k| k.word()).collect();
        for a in notes.iter().flat_map(|n| &n.answers) {
            let mut words = a.value.split_whitespace();
            let (kind, path, extra) = (words.next(), words.next(), words.next());
            let known = kind.and_then(FindingKind::from_word);
            let missing = matches!(
                known,
                Some(FindingKind::MissingInSpec | FindingKind::MissingInPage)
            );
            let hint = if on_field {
                format!(
                    "name finding kinds of this field: {}",
                    kinds[2..].join(", ")
                )
            } else {
                "write a finding kind and the parameter's wire path, such as `missing_in_spec OwnerId`".to_owned()
            };
            let ok = match (known, on_field) {
                (None, _) => false,
                (Some(_), true) => !missing && path.is_none(),
                (Some(_), false) => path.is_some() && extra.is_none(),
            };
            if !ok {
                self.err(
                    a.span,
                    format!(
                        "`{}` is not a doc-check finding this note can answer",
                        a.value
                    ),
                    hint,
                );
            }
        }
    }

    fn no_readings(&mut self, notes: &[Note], place: &str) {
        if place != "an operation" {
            for note in notes {
                if let Some(a) = note.answers.first() {
                    self.err(
                        a.span,
                        format!("`answers` names doc-check findings of a request parameter, member or operation, not of {place}"),
                        "move the note to the parameter, or to the operation with the parameter's wire path",
                    );
                }
            }
        }
        for note in notes {
            if let Some(span) = note.reading_spans.first() {
                self.err(
                    *span,
                    format!("`reading` marks constraints of a request parameter or member, not of {place}"),
                    "move the note to the field whose constraint it reads; a rule that is a reading takes `basis: reading`",
                );
            }
        }
    }

    fn interval_sane(
        &mut self,
        iv: &S<Interval>,
        what: &str,
        bounds: Option<(i128, i128)>,
    ) -> bool {
        let (lo, hi) = (iv.value.lowest(), iv.value.highest());
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo > hi {
                self.err(
                    iv.span,
                    format!(
                        "the {what} `{}` is empty: its minimum is greater than its maximum",
                        iv.value.notation()
                    ),
                    "swap the ends or fix the numbers",
                );
                return false;
            }
        }
        if let Some((min, max)) = bounds {
            if lo.is_some_and(|v| v < min || v > max) || hi.is_some_and(|v| v > max || v < min) {
                self.err(
                    iv.span,
                    format!(
                        "the {what} `{}` goes beyond what the type can hold ({min} to {max})",
                        iv.value.notation()
                    ),
                    "use a wider integer type or fix the bounds",
                );
                return false;
            }
        }
        true
    }

    fn checks(&mut self, c: &ast::ScalarConstraints, ty: &Type, wire: &str, items: bool) -> Checks {
        let mut out = Checks::default();
        let of = if items {
            format!("items of `{wire}`")
        } else {
            format!("`{wire}`")
        };
        let is_str = *ty == Type::String;
        if let Some(r) = &c.range {
            match ty {
                Type::Int(i) => {
                    if self.interval_sane(r, "range", Some(i.bounds())) {
                        out.range = Some(r.value);
                    }
                }
                _ => {
                    self.err(
                        r.span,
                        format!(
                            "`range` applies to integers, but {of} is `{}`",
                            ty.spec_name()
                        ),
                        if ty.is_list() {
                            "put item constraints under `items:`"
                        } else {
                            "use `length` for strings"
                        },
                    );
                }
            }
        }
        let str_only = |this: &mut Self, span: Span, key: &str| -> bool {
            if is_str {
                return true;
            }
            let hint = if ty.is_list() {
                "put item constraints under `items:`".to_owned()
            } else {
                format!("remove `{key}:`")
            };
            this.err(
                span,
                format!(
                    "`{key}` applies to strings, but {of} is `{}`",
                    ty.spec_name()
                ),
                hint,
            );
            false
        };
        if let Some(l) = &c.length {
            if str_only(self, l.span, "length")
                && self.interval_sane(l, "length", Some((0, i128::from(u32::MAX))))
            {
                out.length = Some(l.value);
            }
        }
        if let Some(cs) = &c.charset {
            if str_only(self, cs.span, "charset") {
                let has = |n: &str| cs.value.classes.iter().any(|c| c.value == n);
                if cs.value.classes.is_empty() && cs.value.extra.is_empty() {
                    self.err(
                        cs.span,
                        "the charset allows no character",
                        "list `classes:` or `extra:` characters",
                    );
                }
                out.charset = Some(Charset::of(
                    has("letters"),
                    has("digits"),
                    has("ascii_letters"),
                    has("ascii_digits"),
                    cs.value.extra.clone(),
                ));
            }
        }
        if let Some(p) = &c.pattern {
            if str_only(self, p.span, "pattern") {
                let pattern = Pattern::new(p.value.clone());
                match pattern.compile_error() {
                    None => out.pattern = Some(pattern),
                    Some(why) => {
                        self.err(p.span, format!("the pattern of {of} does not compile: {why}"), "patterns use the syntax of the regex-lite crate and always match the whole value; do not add ^ and $");
                    }
                }
            }
        }
        if let Some(a) = &c.ascii {
            if str_only(self, a.span, "ascii") {
                out.ascii = a.value;
            }
        }
        if let Some(p) = &c.forbidden_prefixes {
            if str_only(self, p.span, "forbidden_prefixes") {
                for prefix in &p.value {
                    if prefix.prefix.is_empty() {
                        self.err(
                            p.span,
                            "an empty forbidden prefix would reject every value",
                            "remove it",
                        );
                    }
                }
                out.forbidden_prefixes = p
                    .value
                    .iter()
                    .map(|x| Prefix {
                        prefix: x.prefix.clone(),
                        ignore_case: x.ignore_case,
                    })
                    .collect();
            }
        }
        if let Some(f) = &c.format {
            match Format::ALL.iter().find(|x| x.name() == f.value) {
                None => {
                    let hint = match did_you_mean(&f.value, Format::ALL.iter().map(|x| x.name())) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!(
                            "known formats: {}",
                            Format::ALL
                                .iter()
                                .map(|x| x.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.err(f.span, format!("unknown format `{}`", f.value), hint);
                }
                Some(fmt) => {
                    let fits = match fmt.target() {
                        FormatTarget::Str => *ty == Type::String,
                        FormatTarget::Int => matches!(ty, Type::Int(_)),
                        FormatTarget::StrList => matches!(ty, Type::List(t) if **t == Type::String),
                    };
                    if fits {
                        out.format = Some(*fmt);
                    } else {
                        let want = match fmt.target() {
                            FormatTarget::Str => "a string",
                            FormatTarget::Int => "an integer",
                            FormatTarget::StrList => "a list of strings",
                        };
                        self.err(
                            f.span,
                            format!(
                                "format `{}` checks {want}, but {of} is `{}`",
                                fmt.name(),
                                ty.spec_name()
                            ),
                            if ty.is_list() && fmt.target() != FormatTarget::StrList {
                                "put item formats under `items:`"
                            } else {
                                "use a format for this type"
                            },
                        );
                    }
                }
            }
        }
        out
    }

    fn resolve_path(
        &mut self,
        s: &S<String>,
        of: &ObjectFields,
        scopes: Scopes<'_>,
    ) -> Option<FieldPath> {
        let mut steps = Vec::new();
        let mut current: &[Field] = &of.fields;
        let parts: Vec<&str> = s.value.split('.').collect();
        for (i, part) in parts.iter().enumerate() {
            let Some(f) = current.iter().find(|f| f.wire == *part) else {
                if i == 0 && of.failed.contains(*part) {
                    return None;
                }
                let hint = match did_you_mean(part, current.iter().map(|f| f.wire.as_str())) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => format!(
                        "the fields here are: {}",
                        current
                            .iter()
                            .map(|f| f.wire.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.err(
                    s.span,
                    format!("the rule names `{}`, which is not a field", s.value),
                    hint,
                );
                return None;
            };
            steps.push(Step {
                wire: f.wire.clone(),
                rust: f.rust.clone(),
                ty: f.ty.clone(),
                required: f.stated_required(),
            });
            if i + 1 < parts.len() {
                match (&f.ty, scopes.object(&f.ty)) {
                    (Type::Object(..), Some(o)) => current = &o.fields,
                    _ => {
                        self.err(
                            s.span,
                            format!(
                                "`{}` goes through `{}`, which is not an object",
                                s.value, f.wire
                            ),
                            "rules can reach into nested objects, not into lists or scalars",
                        );
                        return None;
                    }
                }
            }
        }
        if steps.len() > MAX_RULE_PATH_STEPS {
            self.err(
                s.span,
                format!(
                    "`{}` takes {} steps, and a rule's field path takes at most {MAX_RULE_PATH_STEPS}",
                    s.value,
                    steps.len()
                ),
                "state the rule on a nested object type, closer to the fields it names",
            );
            return None;
        }
        Some(FieldPath { steps })
    }

    fn condition(
        &mut self,
        c: &ast::Condition,
        of: &ObjectFields,
        scopes: Scopes<'_>,
    ) -> Option<Cond> {
        Some(match c {
            ast::Condition::Field {
                field,
                values,
                present,
                span,
            } => {
                let path = self.resolve_path(field, of, scopes)?;
                let ty = path.last()?.ty.clone();
                match (values, present) {
                    (Some(values), _) => {
                        if ty.is_list() || matches!(ty, Type::Object(..)) {
                            self.err(
                                field.span,
                                format!(
                                    "`{}` is a {}, and cannot be compared with values",
                                    field.value,
                                    ty.spec_name()
                                ),
                                "test presence with `present: true` instead",
                            );
                            return None;
                        }
                        if values.is_empty() {
                            self.err(
                                *span,
                                "`in` lists no value",
                                "list the values that make the condition true",
                            );
                            return None;
                        }
                        let mut out = Vec::new();
                        for v in values {
                            if !self.finite(v) {
                                return None;
                            }
                            let j = v.to_json();
                            let ok = match (&ty, &j) {
                                (Type::String, Value::String(_)) | (Type::Bool, Value::Bool(_)) => {
                                    true
                                }
                                (Type::Int(_), Value::Number(_)) => true,
                                (Type::Enum(..), Value::String(s)) => {
                                    let e = scopes.enumeration(&ty);
                                    let known: Vec<&str> = e
                                        .map(|e| e.values.iter().map(|v| v.wire.as_str()).collect())
                                        .unwrap_or_default();
                                    if !known.contains(&s.as_str()) {
                                        let hint = match did_you_mean(s, known.iter().copied()) {
                                            Some(b) => format!(
                                                "did you mean `{b}`? (values: {})",
                                                known.join(", ")
                                            ),
                                            None => format!("the values are: {}", known.join(", ")),
                                        };
                                        self.err(
                                            v.span,
                                            format!("`{s}` is not a value of `{}`", field.value),
                                            hint,
                                        );
                                        continue;
                                    }
                                    true
                                }
                                _ => false,
                            };
                            if !ok {
                                self.err(
                                    v.span,
                                    format!(
                                        "{} cannot be a value of `{}`, which is `{}`",
                                        v.kind_name(),
                                        field.value,
                                        ty.spec_name()
                                    ),
                                    "write a value of the field's type",
                                );
                                continue;
                            }
                            out.push(j);
                        }
                        Cond::In(path, out)
                    }
                    (None, Some(p)) => Cond::Present(path, *p),
                    (None, None) => return None,
                }
            }
            ast::Condition::All(cs) => Cond::All(
                cs.iter()
                    .filter_map(|c| self.condition(c, of, scopes))
                    .collect(),
            ),
            ast::Condition::Any(cs) => Cond::Any(
                cs.iter()
                    .filter_map(|c| self.condition(c, of, scopes))
                    .collect(),
            ),
            ast::Condition::Not(c) => Cond::Not(Box::new(self.condition(c, of, scopes)?)),
        })
    }

    fn rules(
        &mut self,
        rules: &[ast::Rule],
        of: &ObjectFields,
        scopes: Scopes<'_>,
        spec: &str,
        document: &str,
    ) -> Vec<Rule> {
        let mut out = Vec::new();
        for r in rules {
            let start = self.mark();
            let optional = |this: &mut Self, p: &FieldPath, s: &S<String>, kind: &str| {
                if p.steps.len() == 1 && p.last().is_some_and(|x| x.required) {
                    this.err(
                        s.span,
                        format!(
                            "`{}` is always required, so a `{kind}` rule on it means nothing",
                            s.value
                        ),
                        "remove `required: true` from the field, or remove the rule",
                    );
                }
            };
            let kind = match &r.kind {
                ast::RuleKind::RequiredIf {
                    field,
                    when,
                    unless,
                } => {
                    let path = self.resolve_path(field, of, scopes);
                    let cond = self.condition(when, of, scopes);
                    let (Some(path), Some(cond)) = (path, cond) else {
                        continue;
                    };
                    optional(self, &path, field, "required_if");
                    let cond = if *unless {
                        Cond::Not(Box::new(cond))
                    } else {
                        cond
                    };
                    RuleKind::RequiredIf {
                        field: path,
                        when: cond,
                    }
                }
                ast::RuleKind::AllowedIf { field, when } => {
                    let path = self.resolve_path(field, of, scopes);
                    let cond = self.condition(when, of, scopes);
                    let (Some(path), Some(cond)) = (path, cond) else {
                        continue;
                    };
                    optional(self, &path, field, "allowed_if");
                    RuleKind::AllowedIf {
                        field: path,
                        when: cond,
                    }
                }
                ast::RuleKind::RangeIf { field, when, range } => {
                    let path = self.resolve_path(field, of, scopes);
                    let cond = self.condition(when, of, scopes);
                    let (Some(path), Some(cond)) = (path, cond) else {
                        continue;
                    };
                    match path.last().map(|s| &s.ty) {
                        Some(Type::Int(i)) => {
                            self.interval_sane(range, "range", Some(i.bounds()));
                        }
                        _ => {
                            self.err(
                                field.span,
                                format!(
                                    "`range_if` needs an integer field, and `{}` is not one",
                                    field.value
                                ),
                                "name an integer field",
                            );
                        }
                    }
                    RuleKind::RangeIf {
                        field: path,
                        when: cond,
                        range: range.value,
                    }
                }
                ast::RuleKind::AtLeastOneOf {
                    fields: group,
                    precedence,
                } => {
                    if group.len() < 2 {
                        self.err(
                            r.span,
                            "`at_least_one_of` needs at least two fields",
                            "list the fields of the group",
                        );
                    }
                    let paths: Vec<FieldPath> = group
                        .iter()
                        .filter_map(|g| {
                            let p = self.resolve_path(g, of, scopes)?;
                            optional(self, &p, g, "at_least_one_of");
                            Some(p)
                        })
                        .collect();
                    if let Some(p) = precedence {
                        if !group.iter().any(|g| g.value == p.value) {
                            self.err(
                                p.span,
                                format!("the precedence `{}` is not one of the group", p.value),
                                "name one of the listed fields",
                            );
                        }
                    }
                    RuleKind::AtLeastOneOf {
                        fields: paths,
                        precedence: precedence.as_ref().map(|p| p.value.clone()),
                    }
                }
                ast::RuleKind::Check {
                    check,
                    fields: args,
                } => {
                    let Some(named) = CHECKS.iter().find(|c| c.name == check.value) else {
                        let hint = match did_you_mean(&check.value, CHECKS.iter().map(|c| c.name)) {
                            Some(b) => format!("did you mean `{b}`?"),
                            None => format!(
                                "known checks: {}",
                                CHECKS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                            ),
                        };
                        self.err(check.span, format!("unknown check `{}`", check.value), hint);
                        continue;
                    };
                    let paths: Vec<FieldPath> = args
                        .iter()
                        .filter_map(|a| self.resolve_path(a, of, scopes))
                        .collect();
                    if paths.len() == args.len() {
                        if paths.len() != named.args.len() {
                            self.err(
                                r.span,
                                format!(
                                    "check `{}` takes {} fields, not {}",
                                    named.name,
                                    named.args.len(),
                                    paths.len()
                                ),
                                "list the fields in the order the check expects",
                            );
                        } else {
                            for ((p, arg), s) in paths.iter().zip(named.args).zip(args) {
                                let ty = p.last().map(|x| &x.ty);
                                let ok = match arg {
                                    CheckArg::StrList => {
                                        matches!(ty, Some(Type::List(t)) if **t == Type::String)
                                    }
                                    CheckArg::OptStr => ty == Some(&Type::String),
                                };
                                if !ok {
                                    self.err(
                                        s.span,
                                        format!(
                                            "check `{}` cannot take `{}` here",
                                            named.name, s.value
                                        ),
                                        match arg {
                                            CheckArg::StrList => {
                                                "this argument is a list of strings"
                                            }
                                            CheckArg::OptStr => "this argument is a string",
                                        },
                                    );
                                }
                            }
                        }
                    }
                    RuleKind::Check {
                        check: *named,
                        fields: paths,
                    }
                }
                ast::RuleKind::ServerSide { fields: list } => {
                    let paths = list
                        .iter()
                        .filter_map(|a| self.resolve_path(a, of, scopes))
                        .collect();
                    RuleKind::ServerSide { fields: paths }
                }
            };
            self.no_readings(&r.notes, "a rule (give the rule `basis: reading`)");
            let basis = match r.basis.as_ref().map(|b| b.value.as_str()) {
                Some("reading") => Basis::Reading,
                // `stated`, the default; an unknown word was reported by the decoder.
                _ => Basis::Stated,
            };
            let enforced = !matches!(kind, RuleKind::ServerSide { .. });
            if enforced && basis == Basis::Reading && r.notes.is_empty() {
                self.err(
                    r.basis.as_ref().map_or(r.span, |b| b.span),
                    "a rule that is a reading needs a note saying why",
                    "add `notes:` with what the page says (`doc_says`) and why the spec reads the rule into it (`decision`)",
                );
            }
            if enforced && basis == Basis::Stated && r.source.quote.is_none() {
                self.err(
                    r.span,
                    format!("the `{}` rule is stated by the page but quotes nothing", kind.id()),
                    "add `source:` with the `row` and the `quote` that state it, or `basis: reading` with a note saying why the spec reads it into the page",
                );
            }
            if self.clean_since(start).is_err() {
                continue;
            }
            let message = match (&kind, &r.description) {
                (RuleKind::Check { .. } | RuleKind::ServerSide { .. }, Some(d)) => d.clone(),
                (RuleKind::RequiredIf { field, when }, _) => match when {
                    Cond::Not(inner) => {
                        format!("{} is required unless {}", field.wire(), cond_words(inner))
                    }
                    c => format!("{} is required when {}", field.wire(), cond_words(c)),
                },
                (RuleKind::AllowedIf { field, when }, _) => {
                    format!("{} may be set only when {}", field.wire(), cond_words(when))
                }
                (RuleKind::RangeIf { field, when, range }, _) => format!(
                    "{} must be {} when {}",
                    field.wire(),
                    range.words(),
                    cond_words(when)
                ),
                (RuleKind::AtLeastOneOf { fields, precedence }, _) => {
                    let names: Vec<String> = fields.iter().map(FieldPath::wire).collect();
                    let mut m = format!("at least one of {} must be set", names.join(" and "));
                    if let Some(p) = precedence {
                        m.push_str(&format!(" ({p} is used when several are)"));
                    }
                    m
                }
                (_, None) => String::new(),
            };
            // Checks and server-side rules are worded by their description; other rules by
            // the generated message, with the description kept as documentation.
            let description = match kind {
                RuleKind::Check { .. } | RuleKind::ServerSide { .. } => None,
                _ => r.description.clone(),
            };
            out.push(Rule {
                kind,
                message,
                description,
                basis,
                source: self.source(spec, document, &r.source, None),
                notes: r.notes.clone(),
            });
        }
        out
    }

    fn operation(
        &mut self,
        file: &Parsed,
        op: &ast::OperationFile,
        svc: &ast::ServiceFile,
        svc_types: &BTreeMap<String, TypeDef>,
    ) -> Option<Operation> {
        let start = self.mark();
        self.default_location = op.location.clone().or_else(|| svc.location.clone());
        let name = &op.operation;
        if !names::is_identifier(&name.value)
            || !name.value.starts_with(|c: char| c.is_ascii_uppercase())
        {
            self.err(
                name.span,
                format!("`{}` is not a valid operation name", name.value),
                "operation names are UpperCamelCase, such as `CreateBackupPlan`",
            );
            return None;
        }
        if names::is_reserved(&names::module_name(&name.value)) {
            self.err(
                name.span,
                format!("the operation's module would be named `{}`, the generated code's alias of the runtime", names::module_name(&name.value)),
                "rename the operation",
            );
            return None;
        }
        self.no_readings(&op.notes, "an operation");
        self.answers(&op.notes, false);
        let spec = file.path.as_str();
        let document = op.document.value.as_str();
        if !op.path.value.starts_with('/') {
            self.err(
                op.path.span,
                format!("the path `{}` does not start with `/`", op.path.value),
                "write an absolute path such as `/` or `/v2/{project_id}/backuppolicy`",
            );
        }
        // Request types, then the request.
        let types = self.type_defs(
            &op.types,
            Some(svc_types),
            spec,
            document,
            Direction::Request,
        );
        let mut local = types.clone();
        let mut inline = Vec::new();
        for f in &op.parameters {
            if let Some(e) = self.inline_enum(f, spec, document, Direction::Request) {
                inline.push(e);
            }
        }
        for (span, e) in inline {
            if local.contains_key(&e.name) || svc_types.contains_key(&e.name) {
                self.err(
                    span.span,
                    format!(
                        "the enum `{}` made from this field's `enum` collides with another type",
                        e.name
                    ),
                    "set `enum_name:` to a different name",
                );
            } else {
                local.insert(e.name.clone(), TypeDef::Enum(e));
            }
        }
        let scopes = Scopes {
            local: &local,
            local_scope: Scope::Operation,
            service: Some(svc_types),
        };
        let params = self.fields(
            &op.parameters,
            Place::Parameter,
            scopes,
            spec,
            document,
            Some(&op.path.value),
        );
        // The client fills in one idempotency token; a second would be left empty.
        let tokens: Vec<&S<bool>> = op
            .parameters
            .iter()
            .filter_map(|p| p.idempotency_token.as_ref())
            .filter(|t| t.value)
            .collect();
        if let [first, second, ..] = tokens.as_slice() {
            self.diags.push(
                Diagnostic::at(second.span, "an operation has at most one idempotency token")
                    .related(first.span, "the first one")
                    .hint("keep `idempotency_token: true` on the parameter the document names as the client token"),
            );
        }
        // Every `{name}` in the path must be a path parameter.
        // A parameter whose entry had a decoding error was reported there; what follows from
        // it (a path variable without its parameter, say) is not reported again.
        let damaged = |name: &str| {
            op.parameters
                .iter()
                .any(|p| p.damaged && p.name.value == name)
        };
        let mut rest = op.path.value.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let var = &rest[open + 1..open + close];
            if !params
                .fields
                .iter()
                .any(|p| p.wire == var && p.location == Some(Location::Path))
                && !damaged(var)
            {
                self.err(
                    op.path.span,
                    format!("the path names `{{{var}}}`, but no parameter `{var}` is `in: path`"),
                    format!("add a required string parameter `{var}` with `in: path`"),
                );
            }
            rest = &rest[open + close + 1..];
        }
        let rules = self.rules(&op.rules, &params, scopes, spec, document);
        let params = params.fields;
        // Response.
        let response_types = self.type_defs(
            &op.response_types,
            None,
            spec,
            document,
            Direction::Response,
        );
        let mut rlocal = response_types.clone();
        for f in &op.response_fields {
            if let Some((span, e)) = self.inline_enum(f, spec, document, Direction::Response) {
                if rlocal.contains_key(&e.name) {
                    self.err(span.span, format!("the enum `{}` made from this field's `enum` collides with another type", e.name), "set `enum_name:` to a different name");
                } else {
                    rlocal.insert(e.name.clone(), TypeDef::Enum(e));
                }
            }
        }
        let rscopes = Scopes {
            local: &rlocal,
            local_scope: Scope::Operation,
            service: None,
        };
        let response_fields = self
            .fields(
                &op.response_fields,
                Place::Response,
                rscopes,
                spec,
                document,
                None,
            )
            .fields;
        // Names generated per operation must not collide with its types.
        for own in [
            format!("{}Request", name.value),
            format!("{}RequestBuilder", name.value),
            format!("{}Response", name.value),
            format!("{}ErrorCode", name.value),
        ] {
            if local.contains_key(&own) || rlocal.contains_key(&own) {
                self.err(
                    name.span,
                    format!(
                        "the type `{own}` generated for this operation collides with a named type"
                    ),
                    "rename the named type",
                );
            }
        }
        for n in rlocal.keys() {
            if local.contains_key(n) || svc_types.contains_key(n) {
                self.err(
                    name.span,
                    format!("response type `{n}` has the same name as a request type"),
                    "rename one of them (response types are separate, lenient types)",
                );
            }
        }
        // Common parameters.
        let mut common = Vec::new();
        for c in &op.common_parameters {
            let expected = match c.carried_by.value.as_str() {
                "action" => Some(name.value.as_str()),
                "version" => Some(svc.api_version.value.as_str()),
                _ => None,
            };
            match (expected, &c.value) {
                (Some(e), Some(v)) if v.value != e => {
                    self.err(
                        v.span,
                        format!(
                            "common parameter `{}` says `{}`, but the {} is `{e}`",
                            c.name.value,
                            v.value,
                            if c.carried_by.value == "action" {
                                "operation"
                            } else {
                                "service's API version"
                            }
                        ),
                        "make them agree",
                    );
                }
                (Some(_), None) => {
                    self.err(
                        c.name.span,
                        format!("common parameter `{}` needs its `value`", c.name.value),
                        "copy the value the document gives",
                    );
                }
                (None, Some(v)) => {
                    self.err(
                        v.span,
                        "a region is not a fixed value",
                        "remove `value:`; list the regions in service.yaml",
                    );
                }
                _ => {}
            }
            if c.carried_by.value == "region" && svc.regions.is_none() {
                self.err(
                    c.name.span,
                    "the page lists supported regions, but service.yaml has no `regions`",
                    "copy the region list into service.yaml",
                );
            }
            common.push(CommonParameter {
                name: c.name.value.clone(),
                carried_by: c.carried_by.value.clone(),
                description: c.description.clone(),
                value: c.value.as_ref().map(|v| v.value.clone()),
            });
        }
        // Error codes.
        let mut errors: Vec<ErrorCode> = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for e in &op.errors {
            let message = e.message.as_deref().unwrap_or_default();
            if e.code
                .value
                .chars()
                .any(|c| c.is_control() || c.is_whitespace())
                || message.chars().any(char::is_control)
            {
                // Codes and messages are quoted, one line each, in the generated documentation.
                let what = if message.chars().any(char::is_control) {
                    "has a control character (a line break, say) in its message"
                } else {
                    "has a space or a control character"
                };
                self.err(
                    e.code.span,
                    format!("error code `{}` {what}", escaped(&e.code.value)),
                    "write the code and its message on one line each, as the page gives them",
                );
                continue;
            }
            let rust = e.rust_name.as_ref().map_or_else(
                || names::type_name(&e.code.value.replace('.', "_")),
                |r| r.value.clone(),
            );
            if !names::is_identifier(&rust) || rust == "Unknown" || names::is_keyword(&rust) {
                self.err(
                    e.code.span,
                    format!(
                        "error code `{}` gives no usable Rust variant name (`{rust}`)",
                        e.code.value
                    ),
                    "add `rust_name:`",
                );
                continue;
            }
            if errors.iter().any(|x| x.code == e.code.value) {
                self.err(
                    e.code.span,
                    format!("error code `{}` is listed twice", e.code.value),
                    "remove the duplicate",
                );
                continue;
            }
            if let Some(other) = seen.get(&rust) {
                self.err(
                    e.code.span,
                    format!(
                        "error codes `{other}` and `{}` both become `{rust}`",
                        e.code.value
                    ),
                    "give one of them a `rust_name:`",
                );
                continue;
            }
            seen.insert(rust.clone(), e.code.value.clone());
            let http_status = match &e.http_status {
                Some(s) => match u16::try_from(s.value)
                    .ok()
                    .filter(|v| (100..600).contains(v))
                {
                    Some(v) => Some(v),
                    None => {
                        self.err(
                            s.span,
                            format!("`{}` is not an HTTP status", s.value),
                            "use a number from 100 to 599",
                        );
                        None
                    }
                },
                None => None,
            };
            errors.push(ErrorCode {
                code: e.code.value.clone(),
                rust,
                http_status,
                message: e.message.clone(),
                description: e.description.clone(),
            });
        }
        errors.sort_by(|a, b| a.code.cmp(&b.code));
        let mut status_codes = Vec::new();
        for (s, d) in &op.status_codes {
            match u16::try_from(*s).ok().filter(|v| (100..600).contains(v)) {
                Some(v) => status_codes.push((v, d.clone())),
                None => {
                    self.err(
                        name.span,
                        format!("`{s}` is not an HTTP status"),
                        "use a number from 100 to 599",
                    );
                }
            }
        }
        // Examples.
        let request_def = ObjectDef {
            name: format!("{}Request", name.value),
            description: op.description.trim().to_owned(),
            fields: params,
            rules,
            direction: Direction::Request,
            source: SourceRef {
                spec: spec.to_owned(),
                page: self.page(document),
                row: None,
                quote: None,
            },
            notes: op.notes.clone(),
        };
        let mut examples = Vec::new();
        for ex in &op.examples {
            let request = match &ex.request {
                Some(text) => match self.example_request(file, text, op, &request_def, scopes) {
                    Some(m) => Some(m),
                    None => continue,
                },
                None => None,
            };
            if request.is_none() && ex.response.is_none() {
                self.err(
                    ex.span,
                    "an example needs a `request`, a `response` or both",
                    "copy the document's example request or response",
                );
            }
            for (k, _) in &ex.path_parameters {
                if !request_def
                    .fields
                    .iter()
                    .any(|f| f.wire == k.value && f.location == Some(Location::Path))
                    && !damaged(&k.value)
                {
                    self.err(
                        k.span,
                        format!("`{}` is not a path parameter", k.value),
                        "name a parameter with `in: path`",
                    );
                }
            }
            let response = match &ex.response {
                Some(r) => match serde_json::from_str::<Value>(&r.value) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        self.err(
                            r.span,
                            format!("the example response is not JSON: {e}"),
                            "copy the JSON exactly; use a `|` block scalar",
                        );
                        None
                    }
                },
                None => None,
            };
            examples.push(Example {
                title: ex.title.clone(),
                description: ex.description.clone(),
                request,
                path_parameters: ex
                    .path_parameters
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.clone()))
                    .collect(),
                response,
            });
        }
        self.clean_since(start).ok()?;
        let mut all_types: Vec<TypeDef> = local
            .into_iter()
            .filter(|(k, _)| !svc_types.contains_key(k))
            .map(|(_, v)| v)
            .collect();
        all_types.sort_by(|a, b| a.name().cmp(b.name()));
        Some(Operation {
            spec_path: spec.to_owned(),
            name: name.value.clone(),
            id: format!(
                "{}.{}.{}",
                svc.provider.value, svc.service.value, name.value
            ),
            module: names::module_name(&name.value),
            description: op.description.trim().to_owned(),
            page: self.page(document),
            method: op.method.value.clone(),
            path: op.path.value.clone(),
            common_parameters: common,
            request: request_def,
            types: all_types,
            response: ObjectDef {
                name: format!("{}Response", name.value),
                description: op
                    .response_description
                    .clone()
                    .unwrap_or_else(|| format!("The response of {}.", name.value)),
                fields: response_fields,
                rules: Vec::new(),
                direction: Direction::Response,
                source: SourceRef {
                    spec: spec.to_owned(),
                    page: self.page(document),
                    row: None,
                    quote: None,
                },
                notes: Vec::new(),
            },
            response_types: rlocal.into_values().collect(),
            errors,
            status_codes,
            examples,
            notes: op.notes.clone(),
        })
    }
}

impl Checker<'_> {
    /// An example request: a JSON object whose members are parameters with valid values.
    fn example_request(
        &mut self,
        file: &Parsed,
        text: &S<String>,
        op: &ast::OperationFile,
        request: &ObjectDef,
        scopes: Scopes<'_>,
    ) -> Option<serde_json::Map<String, Value>> {
        let map = match serde_json::from_str::<Value>(&text.value) {
            Ok(Value::Object(m)) => m,
            Ok(_) => {
                self.err(
                    text.span,
                    "the example request is not a JSON object",
                    "copy the request's JSON object from the document",
                );
                return None;
            }
            Err(e) => {
                self.err(
                    text.span,
                    format!("the example request is not JSON: {e}"),
                    "copy the JSON exactly; use a `|` block scalar",
                );
                return None;
            }
        };
        for (k, v) in &map {
            match request.fields.iter().find(|f| f.wire == *k) {
                // A parameter that failed its own checks was reported already.
                None if op.parameters.iter().any(|p| p.name.value == *k) => {}
                None => {
                    self.err(
                        key_span(&file.text, text, k),
                        format!("the example sets `{k}`, which is not a parameter"),
                        "fix the example or add the parameter",
                    );
                }
                Some(f) => {
                    if let Err(why) = value_ok(f, v, scopes, false) {
                        self.err(
                            text.span,
                            format!("the example's `{k}` breaks its constraints: {why}"),
                            "fix the example or the spec, and record the decision in `notes`",
                        );
                    }
                }
            }
        }
        Some(map)
    }
}

/// Whether `v`, in the JSON form of `field`, has the field's type and meets its constraints.
/// Used for defaults and examples; the generated crate does the same at run time.
fn value_ok(field: &Field, v: &Value, scopes: Scopes<'_>, lenient: bool) -> Result<(), String> {
    match field.encoding {
        Encoding::Plain => typed_ok(
            &field.ty,
            &field.checks,
            &field.item_checks,
            field,
            v,
            scopes,
            lenient,
        ),
        Encoding::JsonText => {
            let Value::String(text) = v else {
                return Err(format!(
                    "expected a string holding JSON, found {}",
                    json_kind(v)
                ));
            };
            let inner: Value =
                serde_json::from_str(text).map_err(|e| format!("the string is not JSON: {e}"))?;
            typed_ok(
                &field.ty,
                &field.checks,
                &field.item_checks,
                field,
                &inner,
                scopes,
                lenient,
            )
        }
        Encoding::CommaList => {
            let Value::String(text) = v else {
                return Err(format!(
                    "expected a comma-separated string, found {}",
                    json_kind(v)
                ));
            };
            let items: Vec<Value> = text
                .split(',')
                .map(|s| Value::String(s.to_owned()))
                .collect();
            typed_ok(
                &field.ty,
                &field.checks,
                &field.item_checks,
                field,
                &Value::Array(items),
                scopes,
                lenient,
            )
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn typed_ok(
    ty: &Type,
    checks: &Checks,
    items: &Checks,
    field: &Field,
    v: &Value,
    scopes: Scopes<'_>,
    lenient: bool,
) -> Result<(), String> {
    match (ty, v) {
        (Type::String, Value::String(s)) => scalar_str_ok(checks, s),
        (Type::Bool, Value::Bool(_)) => Ok(()),
        (Type::Int(i), Value::Number(n)) => {
            let value = n
                .as_i64()
                .map(i128::from)
                .or(n.as_u64().map(i128::from))
                .ok_or("expected a whole number")?;
            let (lo, hi) = i.bounds();
            if value < lo || value > hi {
                return Err(format!("{value} does not fit {}", i.name()));
            }
            first_fault(v, |fault| {
                integer_faults(checks.range, checks.format, value, fault)
            })
        }
        (Type::Enum(..), Value::String(s)) => {
            let e = scopes.enumeration(ty).ok_or("unknown enum")?;
            if lenient || e.values.iter().any(|x| x.wire == *s) {
                Ok(())
            } else {
                Err(format!(
                    "`{s}` is not one of {}",
                    e.values
                        .iter()
                        .map(|x| x.wire.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        (Type::List(inner), Value::Array(list)) => {
            if let Some(what) = count_fault(field.count, list.len()) {
                return Err(format!("{what} (got {})", list.len()));
            }
            if field.unique {
                for (i, a) in list.iter().enumerate() {
                    if list[..i].contains(a) {
                        return Err(format!("{a} appears twice"));
                    }
                }
            }
            if let Some(order) = field.order {
                let rank = |v: &Value| -> Option<i128> {
                    match (inner.as_ref(), v) {
                        (Type::Enum(..), Value::String(s)) => scopes
                            .enumeration(inner)
                            .and_then(|e| e.values.iter().position(|x| x.wire == *s))
                            .map(|p| p as i128),
                        (_, Value::Number(n)) => n.as_i64().map(i128::from),
                        _ => None,
                    }
                };
                for pair in list.windows(2) {
                    let in_order = match (
                        rank(&pair[0]),
                        rank(&pair[1]),
                        pair[0].as_str(),
                        pair[1].as_str(),
                    ) {
                        (Some(a), Some(b), _, _) => (order == Order::Ascending) == (a <= b),
                        (_, _, Some(a), Some(b)) => (order == Order::Ascending) == (a <= b),
                        _ => true,
                    };
                    if !in_order {
                        return Err(format!(
                            "{} comes after {}, against the {} order",
                            pair[1],
                            pair[0],
                            order.word()
                        ));
                    }
                }
            }
            for (i, item) in list.iter().enumerate() {
                typed_ok(
                    inner,
                    items,
                    &Checks::default(),
                    field,
                    item,
                    scopes,
                    lenient,
                )
                .map_err(|e| format!("item {i}: {e}"))?;
            }
            if let (Some(f), Some(strs)) = (
                &checks.format,
                list.iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<String>>>(),
            ) {
                f.check_strs(&strs)
                    .map_err(|e| format!("{} (got {v})", f.message(&e)))?;
            }
            Ok(())
        }
        (Type::Object(..), Value::Object(map)) => {
            let o = scopes.object(ty).ok_or("unknown object type")?;
            for (k, val) in map {
                let Some(f) = o.fields.iter().find(|f| f.wire == *k) else {
                    if lenient {
                        continue;
                    }
                    return Err(format!("`{k}` is not a member of {}", o.name));
                };
                value_ok(f, val, scopes, lenient).map_err(|e| format!("{k}: {e}"))?;
            }
            if !lenient {
                if let Some(f) = o
                    .fields
                    .iter()
                    .find(|f| f.required && !map.contains_key(&f.wire))
                {
                    return Err(format!("the required member `{}` is missing", f.wire));
                }
            }
            Ok(())
        }
        (t, other) => Err(format!(
            "expected {}, found {}",
            t.spec_name(),
            json_kind(other)
        )),
    }
}

/// The span of the JSON key `"key"` inside the scalar `within` (an example's JSON text), or
/// `within` itself when it cannot be found there.
fn key_span(text: &str, within: &S<String>, key: &str) -> Span {
    let quoted = format!("\"{key}\"");
    // The scalar's source is its value plus, in a block scalar, each line's indentation.
    let span = within.span;
    let value = &within.value;
    let end = span.start + value.len() + (value.lines().count() + 1) * 32;
    let Some(body) = text.get(span.start..end.min(text.len())) else {
        return span;
    };
    let Some(at) = body.find(&quoted) else {
        return span;
    };
    let start = span.start + at;
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or(before).chars().count() + 1;
    Span {
        file: span.file,
        line: u32::try_from(line).unwrap_or(span.line),
        column: u32::try_from(column).unwrap_or(span.column),
        start,
        end: start + quoted.len(),
    }
}

/// Whether `s` is a calendar date `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let mut parts = s.splitn(3, '-');
    let mut next = |width: usize| {
        parts
            .next()
            .filter(|p| p.len() == width && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<i32>().ok())
    };
    let (Some(year), Some(month), Some(day)) = (next(4), next(2), next(2)) else {
        return false;
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok());
    match (month, u8::try_from(day)) {
        (Some(month), Ok(day)) => time::Date::from_calendar_date(year, month, day).is_ok(),
        _ => false,
    }
}

/// The first constraint `s` breaks, in the runtime's words.
fn scalar_str_ok(c: &Checks, s: &str) -> Result<(), String> {
    let checks = StringChecks {
        length: c.length,
        charset: c.charset.as_ref(),
        ascii: c.ascii,
        forbidden_prefixes: &c.forbidden_prefixes,
        pattern: c.pattern.as_ref(),
        format: c.format,
    };
    first_fault(&Value::from(s), |fault| checks.faults(s, false, fault))
}

/// The first fault a runtime check reports on `value`, as the runtime words it in a
/// violation: "must be between 0 and 100 (got 500)".
fn first_fault(
    value: &Value,
    check: impl FnOnce(&mut dyn FnMut(Constraint, String)),
) -> Result<(), String> {
    let mut first = None;
    check(&mut |_, what| {
        first.get_or_insert(what);
    });
    first.map_or(Ok(()), |what| Err(format!("{what} (got {value})")))
}
/// The object types of `table` that contain themselves, directly or through other types: the
/// members of its strongly connected components with more than one type or with a field of
/// their own type. Tarjan's algorithm, with an explicit stack so that a long chain of types
/// cannot exhaust the call stack, in time linear in the types and fields.
fn on_cycles(table: &BTreeMap<String, TypeDef>) -> BTreeSet<&str> {
    let names: Vec<&str> = table
        .iter()
        .filter(|(_, d)| matches!(d, TypeDef::Object(_)))
        .map(|(n, _)| n.as_str())
        .collect();
    let index_of = |n: &str| names.binary_search(&n).ok();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| match table.get(*n) {
            Some(TypeDef::Object(o)) => o
                .fields
                .iter()
                .filter_map(|f| match f.ty.item() {
                    Type::Object(m, _) => index_of(m),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; names.len()];
    let mut low = vec![0; names.len()];
    let mut on_stack = vec![false; names.len()];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = BTreeSet::new();
    for root in 0..names.len() {
        if index[root] != UNSEEN {
            continue;
        }
        // Each call frame: the node and how many of its edges have been followed.
        let mut calls = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 || edges[v].contains(&v) {
                    out.extend(component.into_iter().map(|w| names[w]));
                }
            }
        }
    }
    out
}

/// Whether `host` (with `{region}` already replaced) is a host name by RFC 1123: labels of 1 to
/// 63 ASCII letters, digits and `-`, neither starting nor ending with `-`, 253 characters in
/// all. The reason when it is not.
fn host_labels(host: &str) -> Result<(), String> {
    if host.len() > 253 {
        return Err(format!("{} characters, more than 253", host.len()));
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err("an empty label (two dots in a row, or a dot at an end)".to_owned());
        }
        if label.len() > 63 {
            return Err(format!(
                "a label of {} characters, more than 63",
                label.len()
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("the label `{label}` starts or ends with `-`"));
        }
    }
    Ok(())
}

/// Text for a message: control characters escaped (`\u{0}`), everything else as written.
fn escaped(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
