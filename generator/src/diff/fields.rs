//! Fields compared: members matched by wire name (or by Rust name when only the wire name
//! changed), then each one's names, type, nesting, placement, requirement, constraints and
//! documentation; and the values of enumerations.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::constraints::Shown;
use super::{ChangeKind, ConstraintKind, Context, Differ, note_texts};
use crate::model::*;

/// A type as the spec writes it, object and enum names included.
fn type_name(t: &Type) -> String {
    t.spec_name()
}

impl<'a> Differ<'a> {
    fn enum_values(&mut self, op: &str, path: &str, old: &EnumDef, new: &EnumDef, response: bool) {
        let o: BTreeSet<&str> = old.values.iter().map(|v| v.wire.as_str()).collect();
        let n: BTreeSet<&str> = new.values.iter().map(|v| v.wire.as_str()).collect();
        for v in n.difference(&o) {
            let kind = if response {
                ChangeKind::ResponseEnumValueAdded
            } else {
                ChangeKind::EnumValueAdded
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
                ChangeKind::ResponseEnumValueRemoved
            } else {
                ChangeKind::EnumValueRemoved
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
                ChangeKind::EnumOrderChanged,
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
                        ChangeKind::DocChanged,
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
                        ChangeKind::RustNameChanged,
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
                ChangeKind::RustNameChanged,
                json!(old.name),
                json!(new.name),
                format!(
                    "{path}: the enum type is renamed from {} to {}",
                    old.name, new.name
                ),
            );
        }
    }

    pub(super) fn fields(
        &mut self,
        cx: Context<'a, '_>,
        prefix: &str,
        old: &[Field],
        new: &[Field],
    ) {
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
                        ChangeKind::ResponseFieldRemoved,
                        json!(of.wire),
                        Value::Null,
                        format!("{path}: response field removed"),
                    );
                } else {
                    self.push(
                        op,
                        Some(path.clone()),
                        ChangeKind::ParameterRemoved,
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
                (true, ..) => (ChangeKind::ResponseFieldAdded, "response field added"),
                (false, true, _) => (
                    ChangeKind::ParameterAddedRequired,
                    "required parameter added",
                ),
                (false, false, true) => (
                    ChangeKind::ParameterAddedOptional,
                    "optional parameter added, required as a reading",
                ),
                (false, false, false) => (
                    ChangeKind::ParameterAddedOptional,
                    "optional parameter added",
                ),
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

    /// A field on both sides, in steps: its names, its type (a changed type ends the
    /// comparison: nothing else compares across types), what it nests, then for a request
    /// field where and how it is sent, whether it is required, its constraints and the rest.
    fn field(&mut self, cx: Context<'a, '_>, path: &str, o: &Field, n: &Field) {
        let op = cx.op;
        self.names(op, path, o, n);
        if self.type_changed(op, path, cx.response, o, n) {
            return;
        }
        self.nested(cx, path, o, n);
        if cx.response {
            self.response_doc(op, path, o, n);
            return;
        }
        self.placement(op, path, o, n);
        self.required(op, path, o, n);
        self.field_constraints(op, path, o, n);
        self.metadata(op, path, o, n);
    }

    /// The wire name and the Rust name, each on its own.
    fn names(&mut self, op: &str, path: &str, o: &Field, n: &Field) {
        if o.wire != n.wire {
            self.push(
                op,
                Some(path.to_owned()),
                ChangeKind::WireNameChanged,
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
                ChangeKind::RustNameChanged,
                json!(o.rust),
                json!(n.rust),
                format!(
                    "{path}: Rust name changed from `{}` to `{}`",
                    o.rust, n.rust
                ),
            );
        }
    }

    /// Whether the type changed into another shape (reported); enums and objects of other
    /// names are compared by their contents instead.
    fn type_changed(&mut self, op: &str, path: &str, response: bool, o: &Field, n: &Field) -> bool {
        let (ot, nt) = (type_name(&o.ty), type_name(&n.ty));
        let same_shape = match (&o.ty.item(), &n.ty.item()) {
            (Type::Enum(..), Type::Enum(..)) | (Type::Object(..), Type::Object(..)) => {
                o.ty.is_list() == n.ty.is_list()
            }
            _ => o.ty == n.ty,
        };
        if !same_shape {
            let kind = if response {
                ChangeKind::ResponseFieldTypeChanged
            } else {
                ChangeKind::TypeChanged
            };
            self.push(
                op,
                Some(path.to_owned()),
                kind,
                json!(ot),
                json!(nt),
                format!("{path}: type changed from {ot} to {nt}"),
            );
            return true;
        }
        false
    }

    /// What the field's type holds: an enumeration's values and basis, an object's name,
    /// documentation, members and rules.
    fn nested(&mut self, cx: Context<'a, '_>, path: &str, o: &Field, n: &Field) {
        // Nested types: enums by values, objects by members.
        let (os, ns) = cx.sides;
        let (op, response, depth) = (cx.op, cx.response, cx.depth);
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
                self.constraint(
                    op,
                    path,
                    ConstraintKind::Enum,
                    None,
                    (basis(o), basis(n)),
                    shown,
                );
            }
        }
        if let (Some(oo), Some(no)) = (os.object(o.ty.item()), ns.object(n.ty.item())) {
            if oo.name != no.name {
                self.push(
                    op,
                    Some(path.to_owned()),
                    ChangeKind::RustNameChanged,
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
                    ChangeKind::DocChanged,
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
    }

    /// A response field's documentation (the rest of a response field is its type).
    fn response_doc(&mut self, op: &str, path: &str, o: &Field, n: &Field) {
        if o.description != n.description
            || o.examples != n.examples
            || note_texts(&o.notes) != note_texts(&n.notes)
        {
            self.push(
                op,
                Some(path.to_owned()),
                ChangeKind::DocChanged,
                json!(o.description),
                json!(n.description),
                format!("{path}: description changed"),
            );
        }
    }

    /// Where the field is sent, and how its value is written there.
    fn placement(&mut self, op: &str, path: &str, o: &Field, n: &Field) {
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
                ChangeKind::LocationChanged,
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
                ChangeKind::EncodingChanged,
                json!(oe),
                json!(ne),
                format!("{path}: wire encoding changed from {oe} to {ne}"),
            );
        }
    }

    /// The field's constraints, its items', and those only a list has.
    fn field_constraints(&mut self, op: &str, path: &str, o: &Field, n: &Field) {
        self.checks(op, path, false, &o.checks, &n.checks);
        self.checks(op, path, true, &o.item_checks, &n.item_checks);
        let b = |f: &Field, c: Constraint| f.checks.basis(c);
        self.interval(
            op,
            path,
            ConstraintKind::Count,
            (&o.count, b(o, Constraint::Count)),
            (&n.count, b(n, Constraint::Count)),
        );
        self.presence(
            op,
            path,
            ConstraintKind::Unique,
            (o.unique.then_some(&true), b(o, Constraint::Unique)),
            (n.unique.then_some(&true), b(n, Constraint::Unique)),
        );
        let order = |f: &Field| f.order.map(|o| o.word().to_owned());
        let (oo, no) = (order(o), order(n));
        self.presence(
            op,
            path,
            ConstraintKind::Order,
            (oo.as_ref(), b(o, Constraint::Order)),
            (no.as_ref(), b(n, Constraint::Order)),
        );
    }

    /// The default, sensitivity, idempotency token and documentation.
    fn metadata(&mut self, op: &str, path: &str, o: &Field, n: &Field) {
        if o.default != n.default {
            self.push(
                op,
                Some(path.to_owned()),
                ChangeKind::DefaultChanged,
                o.default.clone().unwrap_or(Value::Null),
                n.default.clone().unwrap_or(Value::Null),
                format!("{path}: documented default changed"),
            );
        }
        if o.sensitive != n.sensitive {
            self.push(
                op,
                Some(path.to_owned()),
                ChangeKind::SensitiveChanged,
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
                ChangeKind::IdempotencyTokenChanged,
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
                ChangeKind::DocChanged,
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
            (None, Some(Stated)) => (ChangeKind::RequiredAdded, "now required"),
            (None, Some(Reading)) => (
                ChangeKind::ReadingRequiredAdded,
                "now required as a reading (leaving it out draws a warning)",
            ),
            (Some(Stated), None) => (ChangeKind::RequiredRemoved, "no longer required"),
            (Some(Reading), None) => (
                ChangeKind::ReadingRequiredRemoved,
                "no longer required (it was a reading)",
            ),
            (Some(Reading), Some(Stated)) => (
                ChangeKind::RequiredBecameStated,
                "required became stated (leaving it out is an error, and the Rust field is no longer an Option)",
            ),
            (Some(Stated), Some(Reading)) => (
                ChangeKind::RequiredBecameReading,
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
}
