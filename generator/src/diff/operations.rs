//! Rules, named types, operations and services compared.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{ChangeKind, Context, Differ, Side, used_by_operation, used_in};
use crate::model::*;

impl<'a> Differ<'a> {
    /// Rules, matched by kind and first field. An enforced rule's kind of change follows its
    /// basis on each side: stated rules give `rule_added`, `rule_removed`, `rule_changed`;
    /// readings `reading_rule_added`, `reading_rule_removed`, `reading_rule_changed`; the same
    /// rule with another basis `rule_became_stated` or `rule_became_reading`. A rule changed
    /// from a reading into a stated rule is `rule_changed` (it refuses what it did not), and a
    /// stated rule changed into a reading `rule_became_reading` (it refuses nothing any more).
    /// Server-side rules are documentation.
    pub(super) fn rules(&mut self, op: &str, prefix: &str, old: &[Rule], new: &[Rule]) {
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
                ChangeKind::DocChanged,
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
                Stated => (ChangeKind::RuleBecameStated, "became stated"),
                Reading => (ChangeKind::RuleBecameReading, "became a reading"),
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
                    (true, ..) => (ChangeKind::DocChanged, "rule changed"),
                    (false, Stated, Stated) => (ChangeKind::RuleChanged, "rule changed"),
                    (false, Reading, Reading) => {
                        (ChangeKind::ReadingRuleChanged, "reading rule changed")
                    }
                    (false, Reading, Stated) => {
                        (ChangeKind::RuleChanged, "rule changed, and became stated")
                    }
                    (false, Stated, Reading) => (
                        ChangeKind::RuleBecameReading,
                        "rule became a reading, and changed",
                    ),
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
                    (true, _) => (ChangeKind::DocChanged, "rule removed"),
                    (false, Stated) => (ChangeKind::RuleRemoved, "rule removed"),
                    (false, Reading) => (ChangeKind::ReadingRuleRemoved, "reading rule removed"),
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
                (true, _) => (ChangeKind::DocChanged, "rule added"),
                (false, Stated) => (ChangeKind::RuleAdded, "rule added"),
                (false, Reading) => (ChangeKind::ReadingRuleAdded, "reading rule added"),
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
                ChangeKind::TypeAdded,
                Value::Null,
                json!(name),
                format!("type {name} added"),
            );
        }
        for name in o.difference(&n).filter(|n| !used_old.contains(*n)) {
            self.push(
                id,
                None,
                ChangeKind::TypeRemoved,
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
                ChangeKind::ErrorCodeAdded,
                Value::Null,
                json!(code),
                format!("error code `{code}` added"),
            );
        }
        for code in oc.keys().filter(|c| !nc.contains_key(*c)) {
            self.push(
                id,
                None,
                ChangeKind::ErrorCodeRemoved,
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
                    ChangeKind::RustNameChanged,
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
                    ChangeKind::DocChanged,
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
                ChangeKind::DocChanged,
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
                ChangeKind::DocChanged,
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
                ChangeKind::ExampleChanged,
                Value::Null,
                Value::Null,
                "document examples changed".to_owned(),
            );
        }
        if o.method != n.method || o.path != n.path {
            self.push(
                id,
                None,
                ChangeKind::EndpointChanged,
                json!(format!("{} {}", o.method, o.path)),
                json!(format!("{} {}", n.method, n.path)),
                format!(
                    "request line changed from `{} {}` to `{} {}`",
                    o.method, o.path, n.method, n.path
                ),
            );
        }
    }

    /// A service on both sides, in steps: how requests reach it, its regions, its limits and
    /// documentation, its types no field uses, then its operations.
    pub(super) fn service(&mut self, o: &'a Service, n: &'a Service) {
        let id = format!("{}.{}", n.provider, n.service);
        self.service_line(&id, o, n);
        self.regions(&id, o, n);
        self.service_doc(&id, o, n);
        let used = |s: &Service| {
            let mut names: BTreeSet<String> =
                s.operations.iter().flat_map(used_by_operation).collect();
            names.extend(used_in(s.types.iter()));
            names
        };
        self.types(&id, &o.types, &n.types, &used(o), &used(n));
        self.operations(o, n);
    }

    /// The API version, protocol and endpoints.
    fn service_line(&mut self, id: &str, o: &Service, n: &Service) {
        if o.api_version != n.api_version {
            self.push(
                id,
                None,
                ChangeKind::ApiVersionChanged,
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
                id,
                None,
                ChangeKind::ProtocolChanged,
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
                id,
                None,
                ChangeKind::EndpointChanged,
                json!(hosts(o)),
                json!(hosts(n)),
                format!("endpoints changed from {:?} to {:?}", hosts(o), hosts(n)),
            );
        }
    }

    /// The regions the service accepts: fewer refuse requests that were sent.
    fn regions(&mut self, id: &str, o: &Service, n: &Service) {
        match (&o.regions, &n.regions) {
            (Some(or), Some(nr)) => {
                let (os, ns): (BTreeSet<&String>, BTreeSet<&String>) =
                    (or.iter().collect(), nr.iter().collect());
                let removed: Vec<&&String> = os.difference(&ns).collect();
                let added: Vec<&&String> = ns.difference(&os).collect();
                if !removed.is_empty() {
                    self.push(
                        id,
                        None,
                        ChangeKind::RegionsRemoved,
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
                        id,
                        None,
                        ChangeKind::RegionsAdded,
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
                id,
                None,
                ChangeKind::RegionsRemoved,
                Value::Null,
                json!(nr),
                "the service now lists its regions; others are refused".to_owned(),
            ),
            (Some(or), None) => self.push(
                id,
                None,
                ChangeKind::RegionsAdded,
                json!(or),
                Value::Null,
                "the region list was dropped: any region is accepted".to_owned(),
            ),
            (None, None) => {}
        }
    }

    /// Rate limits and the service's documentation.
    fn service_doc(&mut self, id: &str, o: &Service, n: &Service) {
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
                id,
                None,
                ChangeKind::RateLimitChanged,
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
                id,
                None,
                ChangeKind::DocChanged,
                Value::Null,
                Value::Null,
                "service documentation changed".to_owned(),
            );
        }
    }

    /// Operations matched by name.
    fn operations(&mut self, o: &'a Service, n: &'a Service) {
        for nop in &n.operations {
            match o.operations.iter().find(|op| op.name == nop.name) {
                None => self.push(
                    &nop.id,
                    None,
                    ChangeKind::OperationAdded,
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
                    ChangeKind::OperationRemoved,
                    json!(oop.id),
                    Value::Null,
                    format!("operation {} removed", oop.id),
                );
            }
        }
    }
}
