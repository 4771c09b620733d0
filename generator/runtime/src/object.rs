//! Generated objects as tables. Each request object is described once, one line per field
//! (see `object!`); from that table and one visit of the field values,
//! the functions here check the object, decode it from JSON, write its wire form and show it
//! in `Debug`. The per-field code the generator would otherwise paste lives here, once.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::Error as _;
use serde::ser::{Error as _, SerializeMap as _, SerializeSeq as _};
use serde_json::Value as Json;

use crate::basis::{Basis, Constraint};
use crate::json::FromJson;
use crate::validation::{
    Checker, Field, Interval, Path, Severity, Source, ValidationErrors, Warnings, shown, shown_name,
};

/// One field's value as the runtime sees it: borrowed, and absent when unset.
#[derive(Clone, Copy)]
pub enum Value<'a> {
    /// Not set.
    Absent,
    /// A string.
    Str(&'a str),
    /// An integer of any width.
    Int(i128),
    /// A boolean.
    Bool(bool),
    /// An enumeration value the spec lists: its wire string, and its place in the documented
    /// order.
    Enum(&'a str, u16),
    /// An enumeration value the spec does not list, sent verbatim, with the listed ones. (Held
    /// by a thin reference, so that a value stays as small as an `i128`.)
    Undocumented(&'a str, &'static &'static [&'static str]),
    /// A nested object.
    Obj(&'a dyn Object),
    /// A list of strings.
    Strs(&'a [String]),
    /// A list of anything else.
    List(&'a dyn List),
}

impl Value<'_> {
    /// Whether the value is set.
    pub fn is_present(&self) -> bool {
        !matches!(self, Value::Absent)
    }

    /// Equality of two scalars (strings, integers, booleans, enumerations); lists and objects
    /// are never equal here, which is all that uniqueness checks and rules need.
    fn same(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (
                Value::Enum(a, _) | Value::Undocumented(a, _),
                Value::Enum(b, _) | Value::Undocumented(b, _),
            ) => a == b,
            _ => false,
        }
    }

    /// Order of two scalars of the same kind; enumeration values in their documented order
    /// (an undocumented one has no place in it).
    fn cmp(&self, other: &Value<'_>) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
            (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            (Value::Enum(_, a), Value::Enum(_, b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// The value as messages show it: JSON for scalars, cut when long.
    fn shown(&self) -> String {
        match self {
            Value::Str(s) | Value::Enum(s, _) | Value::Undocumented(s, _) => shown(*s),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Absent => "null".to_owned(),
            Value::Obj(_) => "an object".to_owned(),
            Value::Strs(_) | Value::List(_) => "a list".to_owned(),
        }
    }

    /// The `i`-th item of a list.
    fn item(&self, i: usize) -> Value<'_> {
        match self {
            Value::Strs(items) => items.get(i).map_or(Value::Absent, |s| Value::Str(s)),
            Value::List(items) => items.item(i),
            _ => Value::Absent,
        }
    }

    /// The number of items of a list; `None` for anything else.
    fn len(&self) -> Option<usize> {
        match self {
            Value::Strs(items) => Some(items.len()),
            Value::List(items) => Some(items.len()),
            _ => None,
        }
    }
}

/// A type that can be a field of a generated object.
pub trait Member {
    /// The value as the runtime sees it.
    fn value(&self) -> Value<'_>;
}

/// A type that can be an item of a list field: how a list of it is seen. The provided method
/// is compiled only for the types that are items of some list.
pub trait Item: Member + Sized {
    /// A list of items.
    #[allow(clippy::ptr_arg, reason = "a `Vec` is what coerces to `&dyn List`")]
    fn list(items: &Vec<Self>) -> Value<'_> {
        Value::List(items)
    }
}

/// A list field, item by item.
pub trait List {
    /// The number of items.
    fn len(&self) -> usize;

    /// Whether there are no items.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th item; absent past the end.
    fn item(&self, i: usize) -> Value<'_>;
}

impl<T: Member> List for Vec<T> {
    fn len(&self) -> usize {
        <[T]>::len(self)
    }

    fn item(&self, i: usize) -> Value<'_> {
        self.get(i).map_or(Value::Absent, Member::value)
    }
}

impl Member for String {
    fn value(&self) -> Value<'_> {
        Value::Str(self)
    }
}

impl Item for String {
    fn list(items: &Vec<Self>) -> Value<'_> {
        Value::Strs(items)
    }
}

impl Member for bool {
    fn value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

impl Item for bool {}

macro_rules! integer_member {
    ($($t:ty),*) => {$(
        impl Member for $t {
            fn value(&self) -> Value<'_> {
                Value::Int(i128::from(*self))
            }
        }

        impl Item for $t {}
    )*};
}

integer_member!(i32, i64, u32, u64);

impl<T: Member> Member for Option<T> {
    fn value(&self) -> Value<'_> {
        match self {
            Some(v) => v.value(),
            None => Value::Absent,
        }
    }
}

impl<T: Item> Member for Vec<T> {
    fn value(&self) -> Value<'_> {
        T::list(self)
    }
}

/// Parameters (or members of an object) that the spec does not know, by wire name, each with
/// its JSON value: for a provider that has moved ahead of the spec. They are sent as given,
/// where the protocol puts a parameter without a placement (Alibaba Cloud RPC: the query;
/// Tencent Cloud and Huawei Cloud: the JSON body), encoded and signed like the others.
/// Validation reports each as a warning, and a name the spec does know as an error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Undocumented(BTreeMap<String, Json>);

impl Undocumented {
    /// None.
    pub fn new() -> Self {
        Undocumented::default()
    }

    /// Adds (or replaces) the parameter `name`, returning its previous value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Json>) -> Option<Json> {
        self.0.insert(name.into(), value.into())
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&Json> {
        self.0.get(name)
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Json> {
        self.0.remove(name)
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each name and value, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl<K: Into<String>, V: Into<Json>> FromIterator<(K, V)> for Undocumented {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Undocumented(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

pub use crate::vocabulary::Encoding;

/// A generated object's table: its name, its fields in order, and its rules.
#[derive(Debug)]
pub struct Table {
    /// The type's name.
    pub name: &'static str,
    /// What a field is called in messages: `parameter` for requests, `member` otherwise.
    pub what: &'static str,
    /// Where the object is documented.
    pub source: Source,
    /// The Rust field names, in the order of [`Table::fields`].
    pub rust_names: &'static [&'static str],
    /// The fields.
    pub fields: &'static [Field],
    /// The indices of [`Table::fields`] in the order of their wire names, for lookups.
    pub by_name: &'static [usize],
    /// The cross-field rules.
    pub rules: &'static [Rule],
}

impl Table {
    /// The index of the field with wire name `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.position(name)
            .and_then(|k| self.by_name.get(k).copied())
    }

    /// The position of `name` in [`Table::by_name`].
    fn position(&self, name: &str) -> Option<usize> {
        let found = self.by_name.binary_search_by(|&i| {
            let field = self.fields.get(i).map_or("", |f| f.name);
            field.cmp(name)
        });
        found.ok()
    }

    /// [`Table::index`] for names that usually come in wire-name order, as the members of a
    /// JSON object do: `next` is where the previous name was found, plus one, and is tried
    /// before searching.
    fn index_after(&self, name: &str, next: &mut usize) -> Option<usize> {
        let hit = self
            .by_name
            .get(*next)
            .filter(|&&i| self.fields.get(i).is_some_and(|f| f.name == name));
        let k = match hit {
            Some(_) => *next,
            None => self.position(name)?,
        };
        *next = k + 1;
        self.by_name.get(k).copied()
    }
}

/// `order`, checked to be the indices of `fields` sorted by wire name (bytewise), for
/// [`Table::by_name`]. The generator writes the order out; checking it is linear, where sorting
/// in a constant took a good part of the crate's build. Meant for constants, where a wrong
/// order stops compilation.
///
/// ```
/// use cloud_backup_runtime::{object, Field, Page, Source};
/// const S: Source = Source::new("spec.yaml", &Page::new("A page", "page.txt"), "");
/// const FIELDS: &[Field] = &[Field::new("Name", S), Field::new("Days", S)];
/// const ORDER: [usize; 2] = object::by_name(FIELDS, [1, 0]);
/// ```
///
/// An order that is not the wire-name order stops the build:
///
/// ```compile_fail
/// use cloud_backup_runtime::{object, Field, Page, Source};
/// const S: Source = Source::new("spec.yaml", &Page::new("A page", "page.txt"), "");
/// const FIELDS: &[Field] = &[Field::new("Name", S), Field::new("Days", S)];
/// const ORDER: [usize; 2] = object::by_name(FIELDS, [0, 1]);
/// ```
#[allow(
    clippy::panic,
    clippy::indexing_slicing,
    reason = "evaluated in constants, where a panic is a compile error"
)]
pub const fn by_name<const N: usize>(fields: &[Field], order: [usize; N]) -> [usize; N] {
    if fields.len() != N {
        panic!("the wire-name order does not list every field once");
    }
    let mut seen = [false; N];
    let mut i = 0;
    while i < N {
        if order[i] >= N || seen[order[i]] {
            panic!("the wire-name order does not list every field once");
        }
        seen[order[i]] = true;
        if i > 0
            && !name_less(
                fields[order[i - 1]].name.as_bytes(),
                fields[order[i]].name.as_bytes(),
            )
        {
            panic!("the wire-name order is not sorted by wire name");
        }
        i += 1;
    }
    order
}

/// Bytewise `a < b`, in a constant.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated in constants, where a panic is a compile error"
)]
const fn name_less(a: &[u8], b: &[u8]) -> bool {
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

/// A generated object or builder, seen field by field.
pub trait Object {
    /// The table describing it.
    fn table(&self) -> &'static Table;

    /// Calls `f` once with every field's value, in the order of the table.
    fn visit<'a>(&'a self, f: &mut dyn FnMut(&[Value<'a>]));

    /// The parameters (or members) it carries that the spec does not know.
    fn undocumented(&self) -> &Undocumented;
}

/// A builder, written field by field.
pub trait Builder: Slots + Default {
    /// What it builds.
    type Built;

    /// The value, once every required field is present.
    fn assemble(self) -> Option<Self::Built>;
}

/// A builder, written field by field.
pub trait Slots: Object {
    /// Calls `f` once with every field's slot, in the order of the table.
    fn slots(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot]));

    /// The parameters (or members) that the spec does not know, to add to.
    fn undocumented_mut(&mut self) -> &mut Undocumented;
}

/// A builder's field, decoded from JSON.
pub trait Slot {
    /// Decodes `value` found at `path` into the slot, recording what is wrong.
    fn decode(&mut self, value: &Json, path: &Path<'_>, field: &Field, cx: &mut Checker);
}

// Instantiated for every field type: matches rather than `Option` combinators, each of which
// would be instantiated too.
impl<T: FromJson> Slot for Option<T> {
    fn decode(&mut self, value: &Json, path: &Path<'_>, field: &Field, cx: &mut Checker) {
        *self = match cx.unwrap_encoding(value, path, field) {
            Some(plain) => match T::from_json(&plain, path, field, cx) {
                Some(v) => Some(v),
                None => {
                    cx.mark_invalid(path);
                    None
                }
            },
            None => None,
        };
    }
}

/// The value of field `i` of `object`.
fn field_value<'a>(object: &'a dyn Object, i: usize) -> Value<'a> {
    let mut out = Value::Absent;
    object.visit(&mut |values| out = values.get(i).copied().unwrap_or(Value::Absent));
    out
}

// ---------------------------------------------------------------------------------------------
// Rules

/// A field a rule reads, from the object that holds the rule: its dotted wire path, for
/// messages, and its index at each step, for speed.
#[derive(Clone, Copy, Debug)]
pub struct Ref {
    /// `Options.UseVSS`.
    pub wire: &'static str,
    /// The index of each step in its object's fields; only the first `depth` count.
    steps: [usize; MAX_DEPTH],
    depth: usize,
}

/// How deep a rule may reach into nested objects.
const MAX_DEPTH: usize = 4;

/// The field at the dotted wire path `wire`, each step looked up in the fields of its object:
/// `at("Options.UseVSS", &[Self::FIELDS, Options::FIELDS])`. Meant for constants, where a
/// name that is not there stops compilation.
#[allow(
    clippy::panic,
    clippy::indexing_slicing,
    reason = "evaluated in constants, where a panic is a compile error"
)]
pub const fn at(wire: &'static str, tables: &[&[Field]]) -> Ref {
    let bytes = wire.as_bytes();
    let mut steps = [usize::MAX; MAX_DEPTH];
    let mut depth = 0;
    let mut start = 0;
    while start <= bytes.len() {
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'.' {
            end += 1;
        }
        if depth == MAX_DEPTH || depth == tables.len() {
            panic!("a rule's field path is deeper than its tables");
        }
        let fields = tables[depth];
        let mut i = 0;
        while i < fields.len() && !same_name(fields[i].name.as_bytes(), bytes, start, end) {
            i += 1;
        }
        if i == fields.len() {
            panic!("a rule names a field its object does not have");
        }
        steps[depth] = i;
        depth += 1;
        start = end + 1;
    }
    Ref { wire, steps, depth }
}

/// Whether `name` is `path[start..end]`, in a constant.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated in constants, where a panic is a compile error"
)]
const fn same_name(name: &[u8], path: &[u8], start: usize, end: usize) -> bool {
    if name.len() != end - start {
        return false;
    }
    let mut i = 0;
    while i < name.len() {
        if name[i] != path[start + i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Ref {
    /// The value, looked up from the values of the object holding the rule.
    fn get<'a>(&self, values: &[Value<'a>]) -> Value<'a> {
        // `at`, the only constructor, stops at `MAX_DEPTH` steps: `depth` counts those set.
        let mut steps = self.steps.iter().take(self.depth);
        let Some(first) = steps.next() else {
            return Value::Absent;
        };
        let mut v = values.get(*first).copied().unwrap_or(Value::Absent);
        for i in steps {
            v = match v {
                Value::Obj(o) => field_value(o, *i),
                _ => Value::Absent,
            };
        }
        v
    }

    /// The rendered path under `base`.
    fn render(&self, base: &Path<'_>) -> String {
        let base = base.render();
        if base.is_empty() {
            self.wire.to_owned()
        } else {
            format!("{base}.{}", self.wire)
        }
    }
}

/// A literal a condition compares with; enumerations compare by wire string.
#[derive(Clone, Copy, Debug)]
pub enum Lit {
    /// A string or an enumeration's wire value.
    Str(&'static str),
    /// An integer.
    Int(i128),
    /// A boolean.
    Bool(bool),
}

impl Lit {
    fn matches(&self, v: &Value<'_>) -> bool {
        match (self, v) {
            (Lit::Str(a), Value::Str(b)) => a == b,
            (Lit::Str(a), Value::Enum(b, _) | Value::Undocumented(b, _)) => a == b,
            (Lit::Int(a), Value::Int(b)) => a == b,
            (Lit::Bool(a), Value::Bool(b)) => a == b,
            _ => false,
        }
    }
}

/// A condition of a rule.
#[derive(Clone, Copy, Debug)]
pub enum Cond {
    /// The field holds one of the values.
    In(Ref, &'static [Lit]),
    /// The field is present (`true`) or absent (`false`).
    Present(Ref, bool),
    /// Every condition holds.
    All(&'static [Cond]),
    /// Some condition holds.
    Any(&'static [Cond]),
    /// The condition does not hold.
    Not(&'static Cond),
}

impl Cond {
    fn holds(&self, values: &[Value<'_>]) -> bool {
        match self {
            Cond::In(r, lits) => {
                let v = r.get(values);
                lits.iter().any(|l| l.matches(&v))
            }
            Cond::Present(r, present) => r.get(values).is_present() == *present,
            Cond::All(cs) => cs.iter().all(|c| c.holds(values)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(values)),
            Cond::Not(c) => !c.holds(values),
        }
    }

    fn refs(&self, out: &mut Vec<Ref>) {
        match self {
            Cond::In(r, _) | Cond::Present(r, _) => out.push(*r),
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.refs(out)),
            Cond::Not(c) => c.refs(out),
        }
    }
}

/// A named cross-field check of the runtime: `None` when a value it needs is absent,
/// otherwise whether the values pass.
pub type NamedCheck = fn(&[Value<'_>]) -> Option<Result<(), String>>;

/// What a rule requires.
#[derive(Clone, Copy, Debug)]
pub enum Test {
    /// The field is required when the condition holds.
    RequiredIf(Ref, Cond),
    /// The field may be set only when the condition holds.
    AllowedIf(Ref, Cond),
    /// When the condition holds, the field (when set) lies in the interval.
    RangeIf(Ref, Cond, Interval),
    /// At least one of the fields is set.
    AtLeastOneOf(&'static [Ref]),
    /// A named check on the fields' values.
    Check(NamedCheck, &'static [Ref]),
}

/// A cross-field rule, as the spec states it.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// What it requires.
    pub test: Test,
    /// The rule in words.
    pub message: &'static str,
    /// Where it comes from.
    pub source: Source,
    /// Whether the page states the rule or the spec reads it from the page: a broken reading
    /// is a warning.
    pub basis: Basis,
}

impl Rule {
    /// A rule the page states, with its words and its source.
    pub const fn new(test: Test, message: &'static str, source: Source) -> Rule {
        Rule {
            test,
            message,
            source,
            basis: Basis::Stated,
        }
    }

    /// The same rule as a reading of the page: breaking it is a warning.
    pub const fn reading(self) -> Rule {
        Rule {
            basis: Basis::Reading,
            ..self
        }
    }

    /// The kind, as violations name it: `required_if`, `allowed_if`, `range_if`,
    /// `at_least_one_of`, `check`.
    pub fn kind(&self) -> &'static str {
        match self.test {
            Test::RequiredIf(..) => "required_if",
            Test::AllowedIf(..) => "allowed_if",
            Test::RangeIf(..) => "range_if",
            Test::AtLeastOneOf(..) => "at_least_one_of",
            Test::Check(..) => "check",
        }
    }

    /// Every field the rule reads.
    pub fn reads(&self) -> Vec<Ref> {
        let mut out = Vec::new();
        match &self.test {
            Test::RequiredIf(r, c) | Test::AllowedIf(r, c) | Test::RangeIf(r, c, _) => {
                out.push(*r);
                c.refs(&mut out);
            }
            Test::AtLeastOneOf(rs) | Test::Check(_, rs) => out.extend_from_slice(rs),
        }
        out
    }

    /// The field a violation is reported at.
    fn target(&self) -> Option<Ref> {
        match &self.test {
            Test::RequiredIf(r, _) | Test::AllowedIf(r, _) | Test::RangeIf(r, ..) => Some(*r),
            Test::AtLeastOneOf(rs) | Test::Check(_, rs) => rs.first().copied(),
        }
    }

    /// Judges the rule on the values of the object at `path`.
    fn judge(&self, cx: &mut Checker, path: &Path<'_>, values: &[Value<'_>]) {
        let broken: Option<Option<String>> = match &self.test {
            // The field is read first: most requests that set it need no condition judged.
            Test::RequiredIf(r, c) => {
                (!r.get(values).is_present() && c.holds(values)).then_some(None)
            }
            Test::AllowedIf(r, c) => {
                (r.get(values).is_present() && !c.holds(values)).then_some(None)
            }
            Test::RangeIf(r, c, range) => match r.get(values) {
                Value::Int(v) if c.holds(values) && !range.contains(v) => Some(Some(v.to_string())),
                _ => None,
            },
            Test::AtLeastOneOf(rs) => rs
                .iter()
                .all(|r| !r.get(values).is_present())
                .then_some(None),
            Test::Check(check, rs) => {
                // A named check reads a few fields: their values on the stack, not the heap.
                let mut stack = [Value::Absent; 4];
                let heap: Vec<Value<'_>>;
                let args: &[Value<'_>] = match stack.get_mut(..rs.len()) {
                    Some(slots) => {
                        for (slot, r) in slots.iter_mut().zip(rs.iter()) {
                            *slot = r.get(values);
                        }
                        slots
                    }
                    None => {
                        heap = rs.iter().map(|r| r.get(values)).collect();
                        &heap
                    }
                };
                match check(args) {
                    Some(Err(reason)) => Some(Some(reason)),
                    _ => None,
                }
            }
        };
        if let Some(detail) = broken {
            let at = self
                .target()
                .map_or_else(|| path.render(), |r| r.render(path));
            cx.rule_broken(self, path, at, detail);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checking

// The generic entry points below only convert to `dyn` and call a function that is compiled
// once: they are instantiated for every generated type, so they must stay small.

impl<T: Object> crate::validation::Validate for T {
    fn check(&self, cx: &mut Checker, path: &Path<'_>) {
        check(cx, path, self);
    }
}

/// Checks every field and rule of `object`, found at `path`.
pub fn check(cx: &mut Checker, path: &Path<'_>, object: &dyn Object) {
    let table = object.table();
    object.visit(&mut |values| {
        for (field, value) in table.fields.iter().zip(values) {
            // Unset optional fields, and scalars without constraints, need nothing checked.
            let skip = match value {
                Value::Absent => !field.required,
                Value::Str(_) | Value::Int(_) | Value::Bool(_) | Value::Enum(..) => {
                    !field.value.constrained
                }
                Value::Undocumented(..) | Value::Obj(_) | Value::Strs(_) | Value::List(_) => false,
            };
            if !skip {
                cx.value(field, path, value);
            }
        }
        for rule in table.rules {
            rule.judge(cx, path, values);
        }
    });
    let extra = object.undocumented();
    if !extra.is_empty() {
        cx.undocumented(table, path, extra);
    }
}

/// Lists up to this long are checked for repeats pair by pair: fewer than 120 comparisons,
/// cheaper than filling a table.
const SHORT_LIST: usize = 16;

#[cfg(test)]
thread_local! {
    /// Item comparisons and table insertions made looking for repeats, for the tests that
    /// bound the work.
    static REPEAT_WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A scalar as the uniqueness check compares it: [`Value::same`] as a hashable key.
#[derive(PartialEq, Eq, Hash)]
enum Key<'a> {
    Str(&'a str),
    /// An enumeration's wire string, documented or not.
    Wire(&'a str),
    Int(i128),
    Bool(bool),
}

impl<'a> Key<'a> {
    /// `None` for a value that equals nothing (an object, a list).
    fn of(value: Value<'a>) -> Option<Key<'a>> {
        match value {
            Value::Str(s) => Some(Key::Str(s)),
            Value::Enum(s, _) | Value::Undocumented(s, _) => Some(Key::Wire(s)),
            Value::Int(v) => Some(Key::Int(v)),
            Value::Bool(b) => Some(Key::Bool(b)),
            Value::Absent | Value::Obj(_) | Value::Strs(_) | Value::List(_) => None,
        }
    }
}

/// The first item of the list (of `n` items) that repeats an earlier one. Linear in the list:
/// a hash table of the items seen, whatever the list holds; `tests::first_repeat_plain` is
/// the pairwise twin it is compared with.
fn first_repeat(list: &Value<'_>, n: usize) -> Option<usize> {
    if n <= SHORT_LIST {
        return (1..n).find(|&i| {
            (0..i).any(|j| {
                #[cfg(test)]
                REPEAT_WORK.with(|w| w.set(w.get() + 1));
                list.item(j).same(&list.item(i))
            })
        });
    }
    let mut seen = std::collections::HashSet::with_capacity(n);
    (0..n).find(|&i| {
        #[cfg(test)]
        REPEAT_WORK.with(|w| w.set(w.get() + 1));
        Key::of(list.item(i)).is_some_and(|key| !seen.insert(key))
    })
}

impl Checker {
    /// Checks one field's value against its descriptor.
    pub fn value(&mut self, field: &Field, path: &Path<'_>, value: &Value<'_>) {
        let at = path.field(field.name);
        match value {
            Value::Absent => self.missing(field, &at),
            Value::Str(s) => self.check_str(field, &field.value, &at, s),
            Value::Int(v) => self.check_int(field, &field.value, &at, *v),
            Value::Bool(_) | Value::Enum(..) => {}
            Value::Undocumented(s, listed) => self.undocumented_value(field, &at, s, listed),
            Value::Obj(o) if !self.nested_checked => check(self, &at, *o),
            Value::Obj(_) => {}
            Value::Strs(_) | Value::List(_) => self.check_list(field, &at, value),
        }
    }

    /// Checks a list: count, uniqueness, order, list format, then each item. Kept out of
    /// [`Checker::value`], which runs for every field and should stay small.
    #[inline(never)]
    fn check_list(&mut self, field: &Field, at: &Path<'_>, list: &Value<'_>) {
        let n = list.len().unwrap_or(0);
        self.check_count(field, at, n);
        if field.value.unique {
            if let Some(i) = first_repeat(list, n) {
                let what = format!("must not repeat an item, but item {i} repeats an earlier one");
                let got = Some(list.item(i).shown());
                self.field_failed(field, &field.value, Constraint::Unique, at, what, got);
            }
        }
        if let Some(order) = field.value.order {
            if let Some(i) = (1..n).find(|&i| {
                list.item(i - 1)
                    .cmp(&list.item(i))
                    .is_some_and(|o| !order.allows(o))
            }) {
                let what = format!(
                    "must be in {} order, but item {} breaks it",
                    order.word(),
                    i
                );
                let got = Some(list.item(i).shown());
                self.field_failed(field, &field.value, Constraint::Order, at, what, got);
            }
        }
        if let (Some(format), Value::Strs(items)) = (field.value.format, list) {
            if let Err(reason) = format.check_strs(items) {
                let what = format.message(&reason);
                let got = Some(shown(*items));
                self.field_failed(field, &field.value, Constraint::Format, at, what, got);
            }
        }
        for i in 0..n {
            let at = at.index(i);
            match list.item(i) {
                Value::Str(s) => self.check_str(field, &field.items, &at, s),
                Value::Int(v) => self.check_int(field, &field.items, &at, v),
                Value::Obj(o) if !self.nested_checked => check(self, &at, o),
                Value::Undocumented(s, listed) => self.undocumented_value(field, &at, s, listed),
                _ => {}
            }
        }
    }

    /// Records an enumeration value the spec does not list: an error naming the documented
    /// values, or a warning when the list is the spec's reading.
    #[inline(never)]
    fn undocumented_value(&mut self, field: &Field, at: &Path<'_>, s: &str, listed: &[&str]) {
        let what = || format!("must be one of: {}", listed.join(", "));
        let got = || Some(shown(s));
        self.field_failed_with(field, &field.value, Constraint::Enum, at, what, got);
    }

    /// Records the parameters (or members) of an object that the spec does not know: each a
    /// warning (it is sent as given), or an error when it has no usable name or when its name
    /// is one the spec knows (set it through its field).
    #[inline(never)]
    fn undocumented(&mut self, table: &Table, path: &Path<'_>, extra: &Undocumented) {
        let known: Vec<&str> = table.fields.iter().map(|f| f.name).collect();
        for (name, value) in extra.iter() {
            // The name comes from the request: a path shows a long one cut.
            let cut = shown_name(name);
            let at = path.field(&cut);
            let place = at.render();
            let nearest = crate::json::closest(name, &known);
            let (message, severity) = if name.is_empty() || name.chars().any(char::is_control) {
                let message = format!(
                    "an undocumented {} of {} needs a wire name without control characters \
                     (got {})",
                    table.what,
                    table.name,
                    shown(name)
                );
                (message, Severity::Error)
            } else if table.index(name).is_some() {
                let message = format!(
                    "{place} is a documented {} of {}: set it through its field, not as an \
                     undocumented one",
                    table.what, table.name
                );
                (message, Severity::Error)
            } else {
                let mut message = format!(
                    "{place} is not a {} of {} in the spec; it is sent as given",
                    table.what, table.name
                );
                if let Some(best) = nearest {
                    message.push_str(&format!(" (did you mean {best}?)"));
                }
                (message, Severity::Warning)
            };
            let value = (!is_sensitive(table, nearest)).then(|| shown(value));
            self.push(
                place,
                "undocumented",
                message,
                value,
                Some(table.source),
                severity,
            );
        }
    }

    /// Records a broken rule, unless it reads a value that could not be decoded.
    fn rule_broken(&mut self, rule: &Rule, base: &Path<'_>, at: String, detail: Option<String>) {
        if self.reads_invalid(rule.reads().iter().map(|f| f.wire), base) {
            return;
        }
        let (message, value) = match (&rule.test, detail) {
            (Test::RangeIf(..), Some(v)) => (format!("{} (got {v})", rule.message), Some(v)),
            (_, Some(reason)) => (format!("{}: {reason}", rule.message), None),
            (_, None) => (rule.message.to_owned(), None),
        };
        let severity = Severity::of(rule.basis);
        self.push(at, rule.kind(), message, value, Some(rule.source), severity);
    }
}

/// Whether an undocumented name's nearest documented name (`password` for `pasword`) is a
/// sensitive field's: its value is then never shown.
fn is_sensitive(table: &Table, nearest: Option<&str>) -> bool {
    nearest
        .and_then(|best| table.index(best))
        .and_then(|i| table.fields.get(i))
        .is_some_and(|f| f.sensitive)
}

/// Whether an undocumented name is close to a sensitive field's name.
fn looks_sensitive(table: &Table, name: &str) -> bool {
    let known: Vec<&str> = table.fields.iter().map(|f| f.name).collect();
    is_sensitive(table, crate::json::closest(name, &known))
}

// ---------------------------------------------------------------------------------------------
// Building and decoding

/// Checks a builder and builds its value: `Ok` unless a check its page states is broken
/// (the value's [`warnings`] are the readings it breaks).
pub fn build<B: Builder>(builder: B) -> Result<B::Built, ValidationErrors> {
    // Matches rather than `?` and combinators, each of which would be instantiated per type.
    match validate(&builder) {
        Ok(_) => match builder.assemble() {
            Some(built) => Ok(built),
            None => Err(ValidationErrors::incomplete()),
        },
        Err(errors) => Err(errors),
    }
}

/// Builds a builder's value without checking it: `Err` only when a field that the type
/// cannot be without (required by its page) is missing. For a client in the warn or off mode,
/// when the spec is behind the provider.
pub fn build_unchecked<B: Builder>(builder: B) -> Result<B::Built, ValidationErrors> {
    let missing = missing_fields(&builder);
    match builder.assemble() {
        Some(built) => Ok(built),
        None => Err(missing),
    }
}

/// The required fields (required by the page, not only by the spec's reading) missing from
/// `object`.
fn missing_fields(object: &dyn Object) -> ValidationErrors {
    let mut cx = Checker::new();
    let table = object.table();
    object.visit(&mut |values| {
        for (field, value) in table.fields.iter().zip(values) {
            let stated = field.required && !field.value.readings.contains(Constraint::Required);
            if stated && !value.is_present() {
                cx.value(field, &Path::Root, value);
            }
        }
    });
    match cx.finish() {
        Err(errors) => errors,
        Ok(_) => ValidationErrors::incomplete(),
    }
}

/// Checks every constraint of an object on its own, reporting all violations at once: its
/// warnings when no check its page states is broken.
pub fn validate(object: &dyn Object) -> Result<Warnings, ValidationErrors> {
    Checker::run(|cx| check(cx, &Path::Root, object))
}

/// The readings of its spec that an object breaks, whatever its errors.
pub fn warnings(object: &dyn Object) -> Warnings {
    let mut cx = Checker::new();
    check(&mut cx, &Path::Root, object);
    cx.into_warnings()
}

/// Decodes the JSON form of an object into its builder, recording type errors and unknown
/// names, then checks it (unless the checker only decodes). `None` when the value is not a
/// JSON object at all.
pub fn decode<B: Builder>(value: &Json, path: &Path<'_>, cx: &mut Checker) -> Option<B> {
    let mut builder = B::default();
    if decode_into(&mut builder, value, path, cx) {
        Some(builder)
    } else {
        None
    }
}

/// [`decode`] into a builder: `false` when the value is not a JSON object.
fn decode_into(builder: &mut dyn Slots, value: &Json, path: &Path<'_>, cx: &mut Checker) -> bool {
    let table = builder.table();
    let source = table.source;
    let Some(members) = cx.json_object(value, path, source) else {
        return false;
    };
    let mut unknown = Vec::new();
    builder.slots(&mut |slots| {
        let mut next = 0;
        for (key, v) in members {
            let at = path.field(key);
            let index = table.index_after(key, &mut next);
            match index.and_then(|i| Some((table.fields.get(i)?, slots.get_mut(i)?))) {
                Some((field, slot)) => slot.decode(v, &at, field, cx),
                None => unknown.push((key, v)),
            }
        }
    });
    // A member the spec does not know is an undocumented one: kept, judged by the check.
    let extra = builder.undocumented_mut();
    for (key, v) in unknown {
        extra.insert(key.clone(), v.clone());
    }
    // Checked here, so that an item is judged even when a sibling in its list fails to decode;
    // the check of the object holding it then leaves it out.
    if cx.decode_only {
        // Types and names only, but a missing required member is still reported: without
        // it, an optional nested object lacking one would be dropped without a word.
        let fields = table.fields;
        builder.visit(&mut |values| {
            for (field, value) in fields.iter().zip(values) {
                if field.required && !value.is_present() {
                    cx.value(field, path, value);
                }
            }
        });
    } else {
        // Each object nested in it was checked when it was decoded, just before.
        let nested_checked = std::mem::replace(&mut cx.nested_checked, true);
        check(cx, path, builder);
        cx.nested_checked = nested_checked;
    }
    true
}

/// Decodes an object from JSON: [`decode`], then the value when every required field is
/// there.
pub fn from_json<B: Builder>(value: &Json, path: &Path<'_>, cx: &mut Checker) -> Option<B::Built> {
    match decode::<B>(value, path, cx) {
        Some(builder) => builder.assemble(),
        None => None,
    }
}

/// Validates the JSON form of a request: types, names and every constraint; its warnings
/// when no check its page states is broken.
pub fn validate_json<B: Builder>(value: &Json) -> Result<Warnings, ValidationErrors> {
    validate_json_into(&mut B::default(), value)
}

fn validate_json_into(builder: &mut dyn Slots, value: &Json) -> Result<Warnings, ValidationErrors> {
    Checker::run(|cx| {
        decode_into(builder, value, &Path::Root, cx);
    })
}

/// Validates a request given as JSON text with `validate` (an operation's
/// [`validate_json`]), after what only the text shows: a member named twice in one object, at
/// any depth, is an error at its path (a parsed value keeps one of the two, so the service and
/// this check could each read a different one). Text that is not JSON is an error too.
pub(crate) fn validate_json_text(
    text: &[u8],
    source: Source,
    validate: fn(&Json) -> Result<Warnings, ValidationErrors>,
) -> Result<Warnings, ValidationErrors> {
    Checker::run(|cx| {
        if let Some(value) = cx.read_json_text(text, source) {
            cx.absorb(validate(&value));
        }
    })
}

/// Deserializes an object through its builder: types and names are checked, constraints are
/// left to `validate`, as for a value built in Rust.
pub fn deserialize<'de, B: Builder, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<B::Built, D::Error> {
    let json = <Json as serde::Deserialize>::deserialize(deserializer)?;
    let mut builder = B::default();
    decode_only(&mut builder, &json).map_err(D::Error::custom)?;
    builder
        .assemble()
        .ok_or_else(|| D::Error::custom(ValidationErrors::incomplete()))
}

fn decode_only(builder: &mut dyn Slots, json: &Json) -> Result<(), ValidationErrors> {
    let mut cx = Checker::decoding();
    decode_into(builder, json, &Path::Root, &mut cx);
    cx.finish().map(|_| ())
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Serializes an object as a map of its present fields, by wire name, each in its encoding.
pub fn serialize<S: serde::Serializer>(
    object: &dyn Object,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let table = object.table();
    let mut serializer = Some(serializer);
    let mut out = None;
    object.visit(&mut |values| {
        if let Some(s) = serializer.take() {
            out = Some(write_map(s, table, values, object.undocumented()));
        }
    });
    out.unwrap_or_else(|| Err(S::Error::custom("the object has no fields to visit")))
}

fn write_map<S: serde::Serializer>(
    s: S,
    table: &Table,
    values: &[Value<'_>],
    extra: &Undocumented,
) -> Result<S::Ok, S::Error> {
    // An undocumented entry under a documented name is written only when the field is unset:
    // validation reports it, and a map holds a name once.
    let set = |name: &str| {
        table
            .index(name)
            .and_then(|i| values.get(i))
            .is_some_and(Value::is_present)
    };
    let present = values.iter().filter(|v| v.is_present()).count();
    let extra_count = extra.iter().filter(|(name, _)| !set(name)).count();
    let mut map = s.serialize_map(Some(present + extra_count))?;
    for (field, value) in table.fields.iter().zip(values) {
        if value.is_present() {
            map.serialize_entry(field.name, &Encoded { field, value })?;
        }
    }
    for (name, value) in extra.iter() {
        if !set(name) {
            map.serialize_entry(name, value)?;
        }
    }
    map.end()
}

/// The JSON form of an object, as [`serialize`] writes it.
pub fn to_json(object: &dyn Object) -> Result<Json, String> {
    struct Whole<'a>(&'a dyn Object);
    impl serde::Serialize for Whole<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize(self.0, s)
        }
    }
    serde_json::to_value(Whole(object)).map_err(|e| format!("cannot serialize the request: {e}"))
}

/// A field's value in its encoding.
struct Encoded<'v, 'a> {
    field: &'v Field,
    value: &'v Value<'a>,
}

impl serde::Serialize for Encoded<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.field.encoding {
            Encoding::Plain => Plain(self.value).serialize(s),
            Encoding::JsonText => {
                let text = serde_json::to_string(&Plain(self.value)).map_err(S::Error::custom)?;
                s.serialize_str(&text)
            }
            Encoding::CommaList => {
                s.serialize_str(&comma_joined(self.value).map_err(S::Error::custom)?)
            }
        }
    }
}

/// A value in its plain JSON form.
struct Plain<'v, 'a>(&'v Value<'a>);

impl serde::Serialize for Plain<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Absent => s.serialize_none(),
            Value::Str(v) | Value::Enum(v, _) | Value::Undocumented(v, _) => s.serialize_str(v),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => match (i64::try_from(*i), u64::try_from(*i)) {
                (Ok(v), _) => s.serialize_i64(v),
                (_, Ok(v)) => s.serialize_u64(v),
                _ => Err(S::Error::custom(format!(
                    "{i} does not fit in a JSON number"
                ))),
            },
            Value::Obj(o) => serialize(*o, s),
            Value::Strs(_) | Value::List(_) => {
                let n = self.0.len().unwrap_or(0);
                let mut seq = s.serialize_seq(Some(n))?;
                for i in 0..n {
                    seq.serialize_element(&Plain(&self.0.item(i)))?;
                }
                seq.end()
            }
        }
    }
}

/// A list of scalars as one comma-joined string.
fn comma_joined(value: &Value<'_>) -> Result<String, String> {
    let n = value
        .len()
        .ok_or("only a list can be written as comma-separated items")?;
    let mut out = String::new();
    for i in 0..n {
        let item = match value.item(i) {
            Value::Str(s) | Value::Enum(s, _) | Value::Undocumented(s, _) if s.contains(',') => {
                return Err(format!(
                    "the item {} contains a comma, which the comma-separated form cannot carry",
                    shown(s)
                ));
            }
            Value::Str(s) | Value::Enum(s, _) | Value::Undocumented(s, _) => (*s).to_owned(),
            Value::Int(v) => v.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                return Err(format!(
                    "cannot write {} in a comma-separated list",
                    other.shown()
                ));
            }
        };
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Showing

/// `Debug` of an object: its fields by Rust name, unset ones as `None`, sensitive ones
/// redacted.
pub fn debug(object: &dyn Object, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    debug_named(object, object.table().name, f)
}

/// [`debug`] under another name: a builder shows as itself.
pub fn debug_named(object: &dyn Object, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let table = object.table();
    let mut out = Ok(());
    object.visit(&mut |values| {
        let mut s = f.debug_struct(name);
        for ((field, name), value) in table.fields.iter().zip(table.rust_names).zip(values) {
            let name = name.trim_start_matches("r#");
            s.field(
                name,
                &Shown {
                    value,
                    sensitive: field.sensitive,
                },
            );
        }
        let extra = object.undocumented();
        if !extra.is_empty() {
            let shown: BTreeMap<&str, &dyn fmt::Debug> = extra
                .iter()
                .map(|(k, v)| {
                    let v: &dyn fmt::Debug = if looks_sensitive(table, k) {
                        &"<redacted>"
                    } else {
                        v
                    };
                    (k, v)
                })
                .collect();
            s.field("undocumented", &shown);
        }
        out = s.finish();
    });
    out
}

struct Shown<'v, 'a> {
    value: &'v Value<'a>,
    sensitive: bool,
}

impl fmt::Debug for Shown<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            Value::Absent => f.write_str("None"),
            _ if self.sensitive => f.write_str("\"<redacted>\""),
            Value::Str(s) => fmt::Debug::fmt(s, f),
            Value::Enum(s, _) => f.write_str(s),
            Value::Undocumented(s, _) => write!(f, "Undocumented({s:?})"),
            Value::Int(v) => fmt::Debug::fmt(v, f),
            Value::Bool(b) => fmt::Debug::fmt(b, f),
            Value::Obj(o) => debug(*o, f),
            Value::Strs(items) => fmt::Debug::fmt(items, f),
            Value::List(items) => f
                .debug_list()
                .entries((0..items.len()).map(|i| DebugValue(items.item(i))))
                .finish(),
        }
    }
}

struct DebugValue<'a>(Value<'a>);

impl fmt::Debug for DebugValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(
            &Shown {
                value: &self.0,
                sensitive: false,
            },
            f,
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Named checks

/// The named cross-field checks a spec's `check` rules use, on the values of their fields.
pub mod checks {
    use super::Value;

    /// `ascending_local_times`: a list of `HH:mm` UTC times and an optional UTC offset; the
    /// times must be ascending once shifted to local time.
    pub fn ascending_local_times(args: &[Value<'_>]) -> Option<Result<(), String>> {
        let Some(Value::Strs(times)) = args.first() else {
            return None;
        };
        let offset = match args.get(1) {
            Some(Value::Str(s)) => Some(*s),
            _ => None,
        };
        Some(crate::formats::ascending_local_times(times, offset))
    }

    /// `hbr_speed_limit_windows`: an HBR traffic policy whose rules each start before they end
    /// and allow more than 0 KB/s.
    pub fn hbr_speed_limit_windows(args: &[Value<'_>]) -> Option<Result<(), String>> {
        let Some(Value::Str(policy)) = args.first() else {
            return None;
        };
        Some(crate::formats::hbr_speed_limit_windows(policy))
    }
}

/// How the runtime sees an `Undocumented` value: as the documented one when the spec lists its
/// string.
pub fn undocumented_value<'a>(s: &'a str, listed: &'static &'static [&'static str]) -> Value<'a> {
    match crate::wire::wire_index(s, listed) {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "an enumeration lists far fewer than 65,536 values"
        )]
        Some(i) => Value::Enum(s, i as u16),
        None => Value::Undocumented(s, listed),
    }
}

// ---------------------------------------------------------------------------------------------
// The macros the generated code is written in

/// A request object described as a table, one line per field:
///
/// ```text
/// rt::object! {
///     /// Docs of the struct.
///     pub struct Plan / PlanBuilder ("parameter", SOURCE.at("parameter table")) {
///         /// Docs of the field (also shown on its setters).
///         required into name / set_name: String = rt::Field::new("Name", SOURCE).length("[1,64]"),
///         optional iter_into days / set_days: Vec<String> = rt::Field::new("Days", SOURCE).unique(),
///     }
///     by_name: [1, 0],
///     rules: [
///         rt::Rule::new(rt::Test::AtLeastOneOf(&[..]), "Name or Days is required", SOURCE),
///     ]
/// }
/// ```
///
/// Each field line gives whether the field is `required`, `expected` or `optional` (the struct
/// holds an `Option` for the last two; the descriptor is marked required for the first two,
/// `expected` meaning required by the spec's reading of its page: missing is a warning), how
/// its setter takes a value (`val`: the type itself; `into`: anything `Into` it; `iter`: any
/// iterator of its items; `iter_into`: any iterator of things `Into<String>`), its Rust name,
/// the name of its second setter, which takes an `Option` of the type (`set_<name>`, so that a
/// field can be set conditionally without rebinding the builder), its type without the
/// `Option`, and its descriptor. From that the macro writes the struct, its
/// builder with setters and `build`, and the runtime's view of both ([`Object`], [`Builder`]);
/// checking, JSON decoding, serde and `Debug` then come from the functions of this module.
/// `by_name` lists the field indices in the order of their wire names (checked at compile
/// time), for finding a field by name.
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    (
        $(#[$attr:meta])*
        pub struct $name:ident / $builder:ident ($what:literal, $source:expr) {
            $( $(#[$fattr:meta])* $req:ident $set:ident $field:ident / $set_field:ident : $ty:ty = $desc:expr, )*
        }
        by_name: [$($order:literal),*],
        $(rules: [ $($rule:expr,)* ])?
    ) => {
        $(#[$attr])*
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fattr])* pub $field: $crate::__member_type!($req $ty), )*
            /// Parameters (or members) the spec does not know, sent as given; validation reports
            /// each as a warning.
            pub undocumented: $crate::Undocumented,
        }

        impl $name {
            /// The fields' descriptors, in order; rules name fields through them.
            const FIELDS: &'static [$crate::Field] = &[$($crate::__descriptor!($req $desc)),*];

            const TABLE: $crate::Table = $crate::Table {
                name: ::std::stringify!($name),
                what: $what,
                source: $source,
                rust_names: &[$(::std::stringify!($field)),*],
                fields: Self::FIELDS,
                by_name: &$crate::object::by_name($name::FIELDS, [$($order),*]),
                rules: &[$($($rule),*)?],
            };

            /// Starts building one; see the builder's setters for every field.
            pub fn builder() -> $builder {
                <$builder as ::std::default::Default>::default()
            }

            /// Checks every constraint of the spec, reporting all violations at once: `Ok` with
            /// the warnings (the spec's readings it breaks) unless a check its page states is
            /// broken.
            pub fn validate(&self) -> ::std::result::Result<$crate::Warnings, $crate::ValidationErrors> {
                $crate::object::validate(self)
            }

            /// The spec's readings of its page that this value breaks: each is sent in the
            /// standard mode, and refused in the strict one.
            pub fn warnings(&self) -> $crate::Warnings {
                $crate::object::warnings(self)
            }
        }

        impl $crate::Object for $name {
            fn table(&self) -> &'static $crate::Table {
                &Self::TABLE
            }

            fn visit<'a>(&'a self, f: &mut dyn FnMut(&[$crate::Value<'a>])) {
                f(&[$($crate::Member::value(&self.$field)),*])
            }

            fn undocumented(&self) -> &$crate::Undocumented {
                &self.undocumented
            }
        }

        $crate::__object_impls!($name);

        impl $crate::FromJson for $name {
            fn from_json(
                value: &::serde_json::Value,
                path: &$crate::Path<'_>,
                _: &$crate::Field,
                cx: &mut $crate::Checker,
            ) -> ::std::option::Option<Self> {
                $crate::object::from_json::<$builder>(value, path, cx)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::object::deserialize::<$builder, D>(d)
            }
        }

        #[doc = ::std::concat!("Builds a [`", ::std::stringify!($name), "`]; [`build`](", ::std::stringify!($builder), "::build) checks every constraint.")]
        #[derive(Clone, PartialEq)]
        #[must_use]
        pub struct $builder {
            $( $field: ::std::option::Option<$ty>, )*
            undocumented: $crate::Undocumented,
        }

        impl ::std::default::Default for $builder {
            fn default() -> Self {
                Self {
                    $( $field: ::std::option::Option::None, )*
                    undocumented: $crate::Undocumented::new(),
                }
            }
        }

        impl $builder {
            $( $crate::__setter!($set $field $ty; $(#[$fattr])*); )*

            $(
                $(#[$fattr])*
                ///
                #[doc = ::std::concat!("Sets or clears the field: `None` leaves it unset, as if [`", ::std::stringify!($field), "`](Self::", ::std::stringify!($field), ") were never called.")]
                pub fn $set_field(mut self, value: ::std::option::Option<$ty>) -> Self {
                    self.$field = value;
                    self
                }
            )*

            /// Adds a parameter (or member) the spec does not know, by wire name, with its JSON
            /// value: it is sent as given, and validation reports it as a warning.
            pub fn undocumented(
                mut self,
                name: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::serde_json::Value>,
            ) -> Self {
                self.undocumented.insert(name, value);
                self
            }

            /// Checks every constraint and returns the value, or every violation when a check
            /// its page states is broken. The value's `warnings()` are the spec's readings it
            /// breaks.
            pub fn build(self) -> ::std::result::Result<$name, $crate::ValidationErrors> {
                $crate::object::build(self)
            }

            /// Returns the value without checking it: fails only when a field the page requires
            /// is missing. For a client in the warn or off mode when the spec is behind the
            /// provider.
            pub fn build_unchecked(self) -> ::std::result::Result<$name, $crate::ValidationErrors> {
                $crate::object::build_unchecked(self)
            }
        }

        impl $crate::Object for $builder {
            fn table(&self) -> &'static $crate::Table {
                &$name::TABLE
            }

            fn visit<'a>(&'a self, f: &mut dyn FnMut(&[$crate::Value<'a>])) {
                f(&[$($crate::Member::value(&self.$field)),*])
            }

            fn undocumented(&self) -> &$crate::Undocumented {
                &self.undocumented
            }
        }

        impl $crate::Slots for $builder {
            fn slots(&mut self, f: &mut dyn FnMut(&mut [&mut dyn $crate::Slot])) {
                f(&mut [$(&mut self.$field as &mut dyn $crate::Slot),*])
            }

            fn undocumented_mut(&mut self) -> &mut $crate::Undocumented {
                &mut self.undocumented
            }
        }

        impl $crate::Builder for $builder {
            type Built = $name;

            fn assemble(self) -> ::std::option::Option<$name> {
                ::std::option::Option::Some($name {
                    $( $field: $crate::__assemble!($req self.$field), )*
                    undocumented: self.undocumented,
                })
            }
        }

        impl ::std::fmt::Debug for $builder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::object::debug_named(self, ::std::stringify!($builder), f)
            }
        }
    };
}
pub use crate::__object as object;

/// `Member`, `Item`, `Serialize` and `Debug` of a generated object.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_impls {
    ($name:ident) => {
        impl $crate::Member for $name {
            fn value(&self) -> $crate::Value<'_> {
                $crate::Value::Obj(self)
            }
        }

        impl $crate::Item for $name {}

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::object::serialize(self, s)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::object::debug(self, f)
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __member_type {
    (required $ty:ty) => { $ty };
    (expected $ty:ty) => { ::std::option::Option<$ty> };
    (optional $ty:ty) => { ::std::option::Option<$ty> };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __descriptor {
    (required $desc:expr) => {
        $desc.required()
    };
    (expected $desc:expr) => {
        $desc.required().reading($crate::Constraint::Required)
    };
    (optional $desc:expr) => {
        $desc
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __assemble {
    (required $value:expr) => {
        match $value {
            ::std::option::Option::Some(v) => v,
            ::std::option::Option::None => return ::std::option::Option::None,
        }
    };
    (expected $value:expr) => {
        $value
    };
    (optional $value:expr) => {
        $value
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __setter {
    (val $field:ident $ty:ty; $(#[$attr:meta])*) => {
        $(#[$attr])*
        pub fn $field(mut self, value: $ty) -> Self {
            self.$field = ::std::option::Option::Some(value);
            self
        }
    };
    (into $field:ident $ty:ty; $(#[$attr:meta])*) => {
        $(#[$attr])*
        pub fn $field(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
    (iter $field:ident $ty:ty; $(#[$attr:meta])*) => {
        $(#[$attr])*
        pub fn $field<I>(mut self, values: impl ::std::iter::IntoIterator<Item = I>) -> Self
        where
            $ty: ::std::iter::FromIterator<I>,
        {
            self.$field = ::std::option::Option::Some(values.into_iter().collect());
            self
        }
    };
    (iter_into $field:ident $ty:ty; $(#[$attr:meta])*) => {
        $(#[$attr])*
        pub fn $field(
            mut self,
            values: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<::std::string::String>>,
        ) -> Self {
            self.$field = ::std::option::Option::Some(values.into_iter().map(::std::convert::Into::into).collect());
            self
        }
    };
}

/// A response object: every field optional, unknown fields ignored, one line per field:
/// `/// docs` then `plan_id: String = "PlanId",`, or `... = "Paths" with JsonText,` for a
/// member in another [`Encoding`].
///
/// `Serialize` and `Deserialize` are written out here rather than derived: a derive emits a
/// visitor and a field enumeration per type, several times the code of these loops.
#[doc(hidden)]
#[macro_export]
macro_rules! __response {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $( $(#[$fattr:meta])* $field:ident : $ty:ty = $wire:literal $(with $encoding:ident)?, )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fattr])*
                pub $field: ::std::option::Option<$ty>,
            )*
        }

        // A response without fields leaves `map`, `members` and `read` unused.
        #[allow(unused_mut, unused_variables)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let present = 0 $(+ ::std::primitive::usize::from(self.$field.is_some()))*;
                let mut map = s.serialize_map(::std::option::Option::Some(present))?;
                $(
                    if let ::std::option::Option::Some(value) = &self.$field {
                        map.serialize_entry($wire, &$crate::wire::Written(value, $crate::__encoding!($($encoding)?)))?;
                    }
                )*
                map.end()
            }
        }

        #[allow(unused_mut, unused_variables)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let mut members = <$crate::wire::Members as ::serde::Deserialize>::deserialize(d)?;
                let mut read = || -> ::std::result::Result<Self, ::std::string::String> {
                    ::std::result::Result::Ok($name {
                        $( $field: members.take($wire, $crate::__encoding!($($encoding)?))?, )*
                    })
                };
                read().map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

/// The [`Encoding`] a response line names, `Plain` when it names none.
#[doc(hidden)]
#[macro_export]
macro_rules! __encoding {
    () => {
        $crate::Encoding::Plain
    };
    ($encoding:ident) => {
        $crate::Encoding::$encoding
    };
}
pub use crate::__response as response;

#[cfg(test)]
#[allow(
    dead_code,
    reason = "the macros write every method; each test object uses some"
)]
mod tests {
    use super::*;
    use crate as rt;

    const SOURCE: Source = Source::new("specs/test.yaml", &PAGE, "");
    const PAGE: crate::Page = crate::Page::new("Test:Create", "specs/pages/Create.txt");

    crate::__object! {
        /// A nested object.
        pub struct Inner / InnerBuilder ("member", SOURCE.at("members of Inner")) {
            optional val safe / set_safe: bool = rt::Field::new("Safe", SOURCE),
        }
        by_name: [0],
    }

    crate::__object! {
        /// A request.
        pub struct Plan / PlanBuilder ("parameter", SOURCE.at("parameter table")) {
            required into name / set_name: String = rt::Field::new("Name", SOURCE).length("[1,4]"),
            optional val size / set_size: u32 = rt::Field::new("Size", SOURCE),
            optional iter_into days / set_days: Vec<String> = rt::Field::new("Days", SOURCE).comma_list().unique(),
            optional val inner / set_inner: Inner = rt::Field::new("Inner", SOURCE).json_text(),
            optional into secret / set_secret: String = rt::Field::new("Secret", SOURCE).sensitive(),
        }
        by_name: [2, 3, 0, 4, 1],
        rules: [
            rt::Rule::new(rt::Test::RequiredIf(rt::at("Size", &[Self::FIELDS]), rt::Cond::In(rt::at("Name", &[Self::FIELDS]), &[rt::Lit::Str("big")])), "Size is required when Name is big", SOURCE),
            rt::Rule::new(rt::Test::AllowedIf(rt::at("Days", &[Self::FIELDS]), rt::Cond::Present(rt::at("Inner.Safe", &[Self::FIELDS, Inner::FIELDS]), true)), "Days may be set only when Inner.Safe is set", SOURCE),
            rt::Rule::new(rt::Test::RangeIf(rt::at("Size", &[Self::FIELDS]), rt::Cond::Not(&rt::Cond::Present(rt::at("Days", &[Self::FIELDS]), true)), Interval::parse("[1,3]")), "Size is 1 to 3 without Days", SOURCE),
        ]
    }

    crate::__object! {
        /// An object holding an optional request, as JSON text.
        pub struct Outer / OuterBuilder ("member", SOURCE.at("members of Outer")) {
            optional val plan / set_plan: Plan = rt::Field::new("Plan", SOURCE).json_text(),
        }
        by_name: [0],
    }

    fn rules(r: Result<Plan, ValidationErrors>) -> Vec<(&'static str, String)> {
        r.err()
            .map(ValidationErrors::into_violations)
            .unwrap_or_default()
            .into_iter()
            .map(|v| (v.rule, v.path))
            .collect()
    }

    #[test]
    fn rule_paths_resolve_by_name_at_compile_time() {
        let days = Plan::FIELDS.iter().position(|f| f.name == "Days");
        assert_eq!(Plan::TABLE.rules.len(), 3);
        let reads = Plan::TABLE.rules[1].reads();
        assert_eq!(reads[0].steps[..reads[0].depth], [days.unwrap_or_default()]);
        assert_eq!(reads[1].wire, "Inner.Safe");
        assert_eq!(reads[1].steps[..reads[1].depth], [3, 0]);
    }

    #[test]
    fn fields_are_found_by_wire_name() {
        for (i, f) in Plan::FIELDS.iter().enumerate() {
            assert_eq!(Plan::TABLE.index(f.name), Some(i), "{}", f.name);
        }
        assert_eq!(Plan::TABLE.by_name, [2, 3, 0, 4, 1]);
        assert_eq!(Plan::TABLE.index("Nmae"), None);
        assert_eq!(Inner::TABLE.index("Safe"), Some(0));
    }

    #[test]
    fn fields_and_rules_are_judged_from_the_table() {
        assert!(Plan::builder().name("ok").size(2).build().is_ok());
        assert_eq!(
            rules(Plan::builder().name("big").build()),
            [("required_if", "Size".to_owned())]
        );
        assert_eq!(
            rules(Plan::builder().name("").size(9).days(["Mon"]).build()),
            [
                ("length", "Name".to_owned()),
                ("allowed_if", "Days".to_owned())
            ]
        );
        let inner = Inner::builder().safe(true).build().ok();
        let with_days = Plan::builder().name("a").size(9).days(["Mon", "Mon"]);
        assert_eq!(
            rules(with_days.clone().build()),
            [
                ("unique", "Days".to_owned()),
                ("allowed_if", "Days".to_owned())
            ]
        );
        let ok = with_days
            .days(["Mon"])
            .inner(inner.unwrap_or_else(|| unreachable!()));
        assert!(ok.build().is_ok(), "a size out of [1,3] is fine with Days");
        assert_eq!(
            rules(Plan::builder().name("a").size(9).build()),
            [("range_if", "Size".to_owned())]
        );
    }

    #[test]
    fn the_wire_form_keeps_each_fields_encoding() -> Result<(), Box<dyn std::error::Error>> {
        let plan = Plan::builder()
            .name("a")
            .days(["Mon", "Fri"])
            .inner(Inner::builder().safe(true).build()?)
            .build()?;
        let json = serde_json::to_value(&plan)?;
        assert_eq!(
            json,
            serde_json::json!({"Name": "a", "Days": "Mon,Fri", "Inner": "{\"Safe\":true}"})
        );
        let back: Plan = serde_json::from_value(json)?;
        assert_eq!(back, plan);
        let outer = Outer::builder().plan(plan.clone()).build()?;
        assert!(outer.validate().is_ok());
        assert_eq!(
            serde_json::to_value(&outer)?,
            serde_json::json!({"Plan": serde_json::to_string(&plan)?})
        );
        let mut comma = plan.clone();
        comma.days = Some(vec!["a,b".to_owned()]);
        assert!(serde_json::to_value(&comma).is_err());
        Ok(())
    }

    #[test]
    fn deserializing_checks_types_and_names_not_constraints() {
        let long: Result<Plan, _> = serde_json::from_value(serde_json::json!({"Name": "toolong"}));
        assert!(long.is_ok_and(|p| p.validate().is_err()));
        let typed: Result<Plan, _> = serde_json::from_value(serde_json::json!({"Name": 1}));
        assert!(typed.is_err_and(|e| e.to_string().contains("Name must be a string")));
        // A member the spec does not know is kept as an undocumented one, judged by validation.
        let unknown: Plan =
            serde_json::from_value(serde_json::json!({"Name": "a", "Nmae": "b"})).unwrap();
        assert_eq!(
            unknown.undocumented.get("Nmae"),
            Some(&serde_json::json!("b"))
        );
        let warnings = unknown.validate().unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings.violations()[0]
                .message
                .contains("did you mean Name?")
        );
        let missing: Result<Plan, _> = serde_json::from_value(serde_json::json!({}));
        assert!(missing.is_err());
        let inner: Result<Inner, _> = serde_json::from_value(serde_json::json!({}));
        assert!(inner.is_ok_and(|i| i.validate().is_ok()));
        let nested: Result<Outer, _> = serde_json::from_value(serde_json::json!({"Plan": "{}"}));
        assert!(
            nested.is_err_and(|e| e.to_string().contains("Plan.Name is required")),
            "a nested object without its required member is refused, not dropped"
        );
    }

    #[test]
    fn debug_shows_rust_names_and_hides_secrets() {
        let b = Plan::builder().name("a").secret("hunter2");
        let shown = format!("{b:?}");
        assert!(
            shown.starts_with("PlanBuilder { name: \"a\", size: None"),
            "{shown}"
        );
        assert!(shown.contains("secret: \"<redacted>\"") && !shown.contains("hunter2"));
    }

    crate::__wire_enum! {
        /// A kind.
        pub enum Kind {
            Small = "small",
            Large = "large",
        }
    }

    crate::__object! {
        /// A request whose checks are partly readings of its page.
        pub struct Read / ReadBuilder ("parameter", SOURCE.at("parameter table")) {
            required into name / set_name: String = rt::Field::new("Name", SOURCE).length("[1,4]"),
            expected val port / set_port: i32 = rt::Field::new("Port", SOURCE).range("[1,65535]").reading(rt::Constraint::Range),
            optional iter kinds / set_kinds: Vec<Kind> = rt::Field::new("Days", SOURCE).unique().order(rt::Order::Ascending).reading(rt::Constraint::Unique),
            optional val kind / set_kind: Kind = rt::Field::new("Kind", SOURCE),
            optional val open / set_open: Kind = rt::Field::new("Open", SOURCE).reading(rt::Constraint::Enum),
            optional val kept / set_kept: i32 = rt::Field::new("Kept", SOURCE).fractions_rounded_down().range("[1,10]"),
        }
        by_name: [2, 5, 3, 0, 4, 1],
        rules: [
            rt::Rule::new(rt::Test::RangeIf(rt::at("Port", &[Self::FIELDS]), rt::Cond::Present(rt::at("Kind", &[Self::FIELDS]), true), Interval::parse("[1,1024]")), "Port is at most 1024 with Kind", SOURCE).reading(),
        ]
    }

    /// (severity, rule, path) of every violation, errors and warnings.
    fn judged(r: Result<Warnings, ValidationErrors>) -> Vec<(&'static str, &'static str, String)> {
        let all = match r {
            Ok(w) => w.into_violations(),
            Err(e) => e.into_violations(),
        };
        all.into_iter()
            .map(|v| (v.severity.as_str(), v.rule, v.path))
            .collect()
    }

    fn w(rule: &'static str, path: &str) -> (&'static str, &'static str, String) {
        ("warning", rule, path.to_owned())
    }

    fn e(rule: &'static str, path: &str) -> (&'static str, &'static str, String) {
        ("error", rule, path.to_owned())
    }

    #[test]
    fn readings_warn_and_stated_checks_refuse() {
        let ok = Read::builder().name("ok").port(80).build().unwrap();
        assert!(ok.warnings().is_empty() && ok.validate().unwrap().is_empty());
        // A reading broken: built, with the warning handed back by `warnings()`.
        let far = Read::builder().name("ok").port(70_000).build().unwrap();
        assert_eq!(judged(far.validate()), [w("range", "Port")]);
        assert_eq!(far.warnings().len(), 1);
        assert!(
            far.warnings()
                .to_string()
                .contains("warning: Port must be between 1 and 65535")
        );
        // A required reading missing: a warning; a reading rule broken: a warning.
        let missing = Read::builder()
            .name("ok")
            .kind(Kind::Small)
            .build()
            .unwrap();
        assert_eq!(missing.port, None);
        assert_eq!(judged(missing.validate()), [w("required", "Port")]);
        let big = Read::builder()
            .name("ok")
            .port(8080)
            .kind(Kind::Small)
            .build()
            .unwrap();
        assert_eq!(judged(big.validate()), [w("range_if", "Port")]);
        // A stated check broken: refused, the warnings listed beside the error.
        let bad = Read::builder().name("").port(0).build().unwrap_err();
        assert_eq!(
            judged(Err(bad.clone())),
            [e("length", "Name"), w("range", "Port")]
        );
        assert_eq!((bad.errors().count(), bad.warnings().count()), (1, 1));
        assert!(
            bad.to_string()
                .starts_with("2 violations (1 error, 1 warning):"),
            "{bad}"
        );
        // Items: a repeat is a reading, the documented order is stated.
        let repeated = Read::builder()
            .name("a")
            .port(1)
            .kinds([Kind::Small, Kind::Small]);
        assert_eq!(
            judged(repeated.clone().build().map(|r| r.warnings())),
            [w("unique", "Days")]
        );
        let unordered = repeated
            .kinds([Kind::Large, Kind::Small])
            .build()
            .unwrap_err();
        assert_eq!(judged(Err(unordered)), [e("order", "Days")]);
    }

    #[test]
    fn a_value_is_no_larger_than_an_integer_with_its_tag() {
        // Every field of every object is seen as a `Value` on each check: keep it small.
        assert_eq!(
            std::mem::size_of::<Value<'_>>(),
            std::mem::size_of::<(u64, i128)>()
        );
    }

    #[test]
    fn each_mode_refuses_what_it_should() {
        let warning = Read::builder()
            .name("a")
            .port(0)
            .build()
            .unwrap()
            .warnings()
            .into_violations();
        let error = Read::builder()
            .name("")
            .port(1)
            .build()
            .unwrap_err()
            .into_violations();
        use rt::ValidationMode::*;
        let verdicts = |v: &[rt::Violation]| [Strict, Standard, Warn, Off].map(|m| m.refuses(v));
        assert_eq!(verdicts(&warning), [true, false, false, false]);
        assert_eq!(verdicts(&error), [true, true, false, false]);
        assert_eq!(verdicts(&[]), [false; 4]);
        assert_eq!(rt::ValidationMode::default(), Standard);
    }

    #[test]
    fn undocumented_enumeration_values_are_errors_unless_the_list_is_a_reading() {
        let new = || Kind::Undocumented("medium".into());
        let refused = Read::builder()
            .name("a")
            .port(1)
            .kind(new())
            .build()
            .unwrap_err();
        assert_eq!(judged(Err(refused.clone())), [e("enum", "Kind")]);
        assert_eq!(
            refused.violations()[0].message,
            "Kind must be one of: small, large (got \"medium\")"
        );
        let open = Read::builder()
            .name("a")
            .port(1)
            .open(new())
            .build()
            .unwrap();
        assert_eq!(judged(open.validate()), [w("enum", "Open")]);
        // Sent verbatim, and judged by its string: a listed one passes.
        assert_eq!(serde_json::to_value(&open).unwrap()["Open"], "medium");
        let listed = Read::builder()
            .name("a")
            .port(1)
            .kind(Kind::Undocumented("large".into()));
        assert!(listed.build().unwrap().warnings().is_empty());
        let items = Read::builder()
            .name("a")
            .port(1)
            .kinds([Kind::Small, new()])
            .build();
        assert_eq!(judged(items.map(|r| r.warnings())), [e("enum", "Days[1]")]);
    }

    #[test]
    fn undocumented_parameters_are_sent_with_a_warning() {
        let r = Read::builder()
            .name("a")
            .port(1)
            .undocumented("OwnerId", 42)
            .undocumented("Nmae", "typo")
            .build()
            .unwrap();
        let warnings = r.warnings();
        assert_eq!(
            judged(Ok(warnings.clone())),
            [w("undocumented", "Nmae"), w("undocumented", "OwnerId")]
        );
        assert!(
            warnings.violations()[0]
                .message
                .contains("did you mean Name?")
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"Name": "a", "Port": 1, "Nmae": "typo", "OwnerId": 42})
        );
        assert!(format!("{r:?}").contains("undocumented: {\"Nmae\": String(\"typo\")"));
        // A name close to a sensitive field's keeps its value out of messages and `Debug`.
        let secret = Plan::builder()
            .name("a")
            .undocumented("Secrte", "hunter2")
            .build()
            .unwrap();
        let shown = format!("{secret:?} {}", secret.warnings());
        assert!(
            !shown.contains("hunter2") && shown.contains("<redacted>"),
            "{shown}"
        );
        // A documented name, or none: errors. A documented name whose field is unset is sent.
        let twice = Read::builder()
            .name("a")
            .port(1)
            .undocumented("Name", "b")
            .build();
        assert_eq!(
            judged(twice.map(|r| r.warnings())),
            [e("undocumented", "Name")]
        );
        let unnamed = Read::builder()
            .name("a")
            .port(1)
            .undocumented("", 1)
            .build();
        assert_eq!(
            judged(unnamed.map(|r| r.warnings())),
            [e("undocumented", "")]
        );
        let unset = Read::builder()
            .port(1)
            .undocumented("Name", "b")
            .build_unchecked();
        assert!(unset.is_err(), "a missing stated field cannot be built");
        let mut shadow = Read::builder().name("a").build_unchecked().unwrap();
        shadow.undocumented.insert("Kept", 3);
        shadow.kept = None;
        assert_eq!(serde_json::to_value(&shadow).unwrap()["Kept"], 3);
    }

    #[test]
    fn build_unchecked_needs_only_the_fields_the_type_cannot_be_without() {
        let r = Read::builder()
            .name("")
            .port(0)
            .kind(Kind::Undocumented("x".into()))
            .build_unchecked();
        assert!(r.is_ok_and(|r| r.validate().is_err()));
        assert!(
            Read::builder().name("a").build_unchecked().is_ok(),
            "an expected field may be missing"
        );
        let missing = Read::builder().port(1).build_unchecked().unwrap_err();
        assert_eq!(judged(Err(missing)), [e("required", "Name")]);
    }

    #[test]
    fn the_json_form_follows_the_same_rules() {
        let check = |v: serde_json::Value| judged(validate_json::<ReadBuilder>(&v));
        assert_eq!(
            check(serde_json::json!({"Name": "a", "Port": 1, "Kind": "medium", "Extra": [1]})),
            [e("enum", "Kind"), w("undocumented", "Extra")]
        );
        assert_eq!(
            check(serde_json::json!({"Name": "a", "Open": "medium"})),
            [w("required", "Port"), w("enum", "Open")]
        );
        // A fraction where the service rounds down: a warning, checked as rounded.
        assert_eq!(
            check(serde_json::json!({"Name": "a", "Port": 1, "Kept": 2.7})),
            [w("fraction", "Kept")]
        );
        assert_eq!(
            check(serde_json::json!({"Name": "a", "Port": 1, "Kept": 0.5})),
            [w("fraction", "Kept"), e("range", "Kept")]
        );
        assert_eq!(
            check(serde_json::json!({"Name": "a", "Port": 1.5})),
            [e("type", "Port")]
        );
        let decoded: Read =
            serde_json::from_value(serde_json::json!({"Name": "a", "Kind": "new", "X": 1}))
                .unwrap();
        assert_eq!(
            (decoded.kind, decoded.undocumented.len()),
            (Some(Kind::Undocumented("new".into())), 1)
        );
    }

    /// The first repeat, every pair compared, as the uniqueness check is written plainly.
    fn first_repeat_plain(list: &Value<'_>, n: usize) -> Option<usize> {
        (1..n).find(|&i| (0..i).any(|j| list.item(j).same(&list.item(i))))
    }

    proptest::proptest! {
        /// The table finds the repeat the pairs find, on lists shorter and longer than the
        /// pairwise limit, of strings and of integers from small sets (so that repeats are
        /// common, and so are lists without one).
        #[test]
        fn first_repeat_matches_its_plain_twin(
            ints in proptest::collection::vec(0_i32..40, 0..48),
            strs in proptest::collection::vec("[ab]{0,5}", 0..48),
        ) {
            let (ints, strs) = (Value::List(&ints), Value::Strs(&strs));
            for list in [ints, strs] {
                let n = list.len().unwrap_or(0);
                proptest::prop_assert_eq!(first_repeat(&list, n), first_repeat_plain(&list, n));
            }
        }
    }

    #[test]
    fn repeats_are_found_in_linear_work() {
        let work = || REPEAT_WORK.with(std::cell::Cell::get);
        let n = 100_000;
        let mut items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
        let before = work();
        assert_eq!(first_repeat(&Value::Strs(&items), n), None);
        // One look-up per item; comparing pairs would be five billion.
        assert_eq!(work() - before, n);
        items[n - 1] = "0".to_owned();
        assert_eq!(first_repeat(&Value::Strs(&items), n), Some(n - 1));
        // Enumeration values compare by wire string, documented or not, never with strings.
        static LISTED: &[&str] = &["a"];
        let wires = [
            Value::Enum("a", 0),
            Value::Str("a"),
            Value::Undocumented("a", &LISTED),
        ];
        let list: Vec<Key<'_>> = wires.into_iter().filter_map(Key::of).collect();
        assert!(list[0] != list[1] && list[0] == list[2]);
    }

    /// Violations of a request given as JSON text, by rule and path.
    fn text_verdict(text: &str) -> Vec<(&'static str, String)> {
        let r = validate_json_text(text.as_bytes(), SOURCE, validate_json::<PlanBuilder>);
        let v = match r {
            Ok(w) => w.into_violations(),
            Err(e) => e.into_violations(),
        };
        v.into_iter().map(|v| (v.rule, v.path)).collect()
    }

    #[test]
    fn a_member_named_twice_is_an_error_at_any_depth() {
        let dup = |path: &str| ("duplicate", path.to_owned());
        assert_eq!(text_verdict(r#"{"Name": "a"}"#), []);
        // The value kept is the last, and it is judged too.
        assert_eq!(
            text_verdict(r#"{"Name": 123456, "Size": 1, "Name": "plan1"}"#),
            [dup("Name"), ("length", "Name".to_owned())]
        );
        assert_eq!(
            text_verdict(r#"{"Name": "a", "Extra": [{"k": 1}, {"k": 1, "k": 2}]}"#),
            [dup("Extra[1].k"), ("undocumented", "Extra".to_owned())]
        );
        // Inside JSON held in a string, and named three times: one error.
        assert_eq!(
            text_verdict(
                r#"{"Name": "a", "Inner": "{\"Safe\": true, \"Safe\": false, \"Safe\": true}"}"#
            ),
            [dup("Inner.Safe")]
        );
        // Names equal once their escapes are read.
        assert_eq!(
            text_verdict(r#"{"Name": "a", "N\u0061me": "b"}"#),
            [dup("Name")]
        );
        let not_json = text_verdict(r#"{"Name": "a""#);
        assert_eq!(not_json, [("json", String::new())]);
    }

    #[test]
    fn a_long_undocumented_name_is_cut_in_its_path() {
        let name = "x".repeat(100_000);
        let request = serde_json::json!({"Name": "a", name.clone(): "y".repeat(100_000)});
        let w = validate_json::<PlanBuilder>(&request).expect("a warning");
        let v = &w.violations()[0];
        assert_eq!(v.path, format!("{}...(100,000 bytes)", "x".repeat(64)));
        assert!(v.message.len() < 400, "{}", v.message);
        assert!(v.value.as_ref().is_some_and(|v| v.len() < 400));
    }
}
