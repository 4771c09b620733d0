//! Constraints compared: each one's value and basis, and the kind and wording of its change.

use serde::Serialize;
use serde_json::Value;

use super::{ChangeKind, ConstraintChange, ConstraintKind, Differ, Direction};
use crate::model::*;

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

/// How a constraint's change is shown: its name in words, the change of value (`from [0,100]
/// (...) to [0,50] (...)`), the value when it is the same on both sides, and the values the
/// change carries.
pub(super) struct Shown {
    pub(super) what: String,
    pub(super) change: String,
    pub(super) value: Option<String>,
    pub(super) old: Value,
    pub(super) new: Value,
}

/// The wording of a constraint's change: of its value, of its basis, or of both (in the order
/// that names the kind first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Form {
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
/// by its stated side (the table in [`super::kind`]):
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
pub(super) fn constraint_kind(
    what: ConstraintKind,
    direction: Option<Direction>,
    bases: (Option<Basis>, Option<Basis>),
) -> Option<(ChangeKind, Form)> {
    use Basis::{Reading, Stated};
    use ConstraintChange::{BecameReading, BecameStated, Value};
    use Direction::Loosened;
    let (change, form) = match (direction, bases) {
        (None, (Some(Reading), Some(Stated))) => (BecameStated, Form::BecameStated),
        (None, (Some(Stated), Some(Reading))) => (BecameReading, Form::BecameReading),
        (None, _) => return None,
        (Some(d), (o, n)) if o != Some(Reading) && n != Some(Reading) => (Value(d), Form::Value),
        (Some(d), (o, n)) if o != Some(Stated) && n != Some(Stated) => {
            (ConstraintChange::Reading(d), Form::Reading)
        }
        (Some(Loosened), (_, Some(Stated))) => (BecameStated, Form::StatedThenValue),
        (Some(d), (_, Some(Stated))) => (Value(d), Form::ValueThenStated),
        (Some(Loosened), _) => (Value(Loosened), Form::ValueThenReading),
        (Some(_), _) => (BecameReading, Form::ReadingThenValue),
    };
    Some((ChangeKind::Constraint(what, change), form))
}

impl Differ<'_> {
    pub(super) fn interval(
        &mut self,
        op: &str,
        path: &str,
        what: ConstraintKind,
        old: (&Option<Interval>, Basis),
        new: (&Option<Interval>, Basis),
    ) {
        let ((ov, ob), (nv, nb)) = (old, new);
        let direction = match (ov, nv) {
            _ if ov == nv => None,
            (None, Some(_)) => Some(Direction::Tightened),
            (Some(_), None) => Some(Direction::Loosened),
            (Some(o), Some(n)) if within(n, o) => Some(Direction::Tightened),
            (Some(o), Some(n)) if within(o, n) => Some(Direction::Loosened),
            _ => Some(Direction::Changed),
        };
        let words = |iv: &Option<Interval>| {
            iv.as_ref().map_or_else(
                || "unbounded".to_owned(),
                |i| format!("{} ({})", i.notation(), i.words()),
            )
        };
        let shown = Shown {
            what: what.name().replace('_', " "),
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
    pub(super) fn presence<T: PartialEq + Serialize>(
        &mut self,
        op: &str,
        path: &str,
        what: ConstraintKind,
        old: (Option<&T>, Basis),
        new: (Option<&T>, Basis),
    ) {
        let ((ov, ob), (nv, nb)) = (old, new);
        let direction = match (ov, nv) {
            _ if ov == nv => None,
            (None, Some(_)) => Some(Direction::Tightened),
            (Some(_), None) => Some(Direction::Loosened),
            _ => Some(Direction::Changed),
        };
        let show = |v: Option<&T>| {
            v.map_or(Value::Null, |v| {
                serde_json::to_value(v).unwrap_or(Value::Null)
            })
        };
        let (o, n) = (show(ov), show(nv));
        let shown = Shown {
            what: what.name().replace('_', " "),
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
    pub(super) fn constraint(
        &mut self,
        op: &str,
        path: &str,
        what: ConstraintKind,
        direction: Option<Direction>,
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
        let direction = direction.map_or("", Direction::word);
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
        self.push(op, Some(path.to_owned()), kind, old, new, summary);
    }

    /// The constraints of a field (`items` false) or of its items (every one of [`Checks`]
    /// has an `item_*` form).
    pub(super) fn checks(&mut self, op: &str, path: &str, items: bool, old: &Checks, new: &Checks) {
        let name = |c: ConstraintKind| c.of_items().filter(|_| items).unwrap_or(c);
        self.interval(
            op,
            path,
            name(ConstraintKind::Range),
            (&old.range, old.basis(Constraint::Range)),
            (&new.range, new.basis(Constraint::Range)),
        );
        self.interval(
            op,
            path,
            name(ConstraintKind::Length),
            (&old.length, old.basis(Constraint::Length)),
            (&new.length, new.basis(Constraint::Length)),
        );
        self.presence(
            op,
            path,
            name(ConstraintKind::Pattern),
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
            name(ConstraintKind::Charset),
            (oc.as_ref(), old.basis(Constraint::Charset)),
            (nc.as_ref(), new.basis(Constraint::Charset)),
        );
        self.presence(
            op,
            path,
            name(ConstraintKind::Ascii),
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
            name(ConstraintKind::Prefix),
            (op_.as_ref(), old.basis(Constraint::Prefix)),
            (np_.as_ref(), new.basis(Constraint::Prefix)),
        );
        let format = |c: &Checks| c.format.map(|f| f.name().to_owned());
        let (of, nf) = (format(old), format(new));
        self.presence(
            op,
            path,
            name(ConstraintKind::Format),
            (of.as_ref(), old.basis(Constraint::Format)),
            (nf.as_ref(), new.basis(Constraint::Format)),
        );
    }
}
