//! Drafting the request: the table's rows nested into parameters, members and list items,
//! each typed from its type column (or from the JSON its example shows), with the ranges,
//! lengths, values and defaults its prose states, its example when it fits, and a note for the
//! author for every sentence the draft does not encode.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::writer::Node;
use crate::names;
use crate::page::{self, Bounds, Facts, Kind, Layout, Row};

pub(super) const TODO: &str = "TODO:";

/// A note for the spec: what the page says and what the draft did about it.
#[derive(Clone, Debug)]
pub(super) struct Note {
    pub(super) subject: String,
    pub(super) doc_says: String,
    pub(super) decision: String,
    /// The `doc-check` findings the note answers: where the draft knowingly departs from the
    /// page (an example it cannot keep as printed).
    pub(super) answers: &'static [&'static str],
}

impl Note {
    pub(super) fn todo(
        subject: &str,
        doc_says: impl Into<String>,
        decision: impl Into<String>,
    ) -> Note {
        Note {
            subject: subject.to_owned(),
            doc_says: doc_says.into(),
            decision: format!("{TODO} {}", decision.into()),
            answers: &[],
        }
    }

    pub(super) fn answering(mut self, kinds: &'static [&'static str]) -> Note {
        self.answers = kinds;
        self
    }

    pub(super) fn node(&self) -> Node {
        Node::map([
            ("subject", Some(Node::Str(self.subject.clone()))),
            ("doc_says", Some(Node::Prose(self.doc_says.clone()))),
            ("decision", Some(Node::Prose(self.decision.clone()))),
            (
                "answers",
                (!self.answers.is_empty()).then(|| {
                    Node::Flow(
                        self.answers
                            .iter()
                            .map(|a| Value::String((*a).to_owned()))
                            .collect(),
                    )
                }),
            ),
        ])
    }
}

pub(super) fn notes_node(notes: &[Note]) -> Option<Node> {
    (!notes.is_empty()).then(|| Node::Seq {
        items: notes.iter().map(Note::node).collect(),
        spaced: false,
    })
}

/// A drafted type.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Ty {
    String,
    Bool,
    Int,
    List(Box<Ty>),
    Object(String),
}

impl Ty {
    pub(super) fn spec(&self) -> String {
        match self {
            Ty::String => "string".to_owned(),
            Ty::Bool => "bool".to_owned(),
            Ty::Int => "i64".to_owned(),
            Ty::List(item) => format!("list<{}>", item.spec()),
            Ty::Object(name) => name.clone(),
        }
    }
}

/// A row with the rows nested in it: an object's members or a list's item.
#[derive(Clone, Debug)]
pub(super) struct Tree {
    pub(super) row: Row,
    pub(super) members: Option<Vec<Tree>>,
    pub(super) item: Option<Box<Tree>>,
    /// Why the members were placed as they were, when the page's text does not show it.
    pub(super) nesting: Option<Note>,
}

impl Tree {
    pub(super) fn leaf(row: Row) -> Tree {
        Tree {
            row,
            members: None,
            item: None,
            nesting: None,
        }
    }
}

pub(super) fn is_object_type(ty: &str) -> bool {
    let t = ty.to_ascii_lowercase();
    t == "dict" || t == "object" || t.ends_with("<dict>") || t.ends_with("<object>")
}

/// How many of `rest` are members of the object just read. The flattened table does not
/// show where members end: the page's example request shows it when it has the object (the
/// members run to the last row the example names inside it); otherwise a row repeating a
/// name already used at the outer level must be a member (wire names are unique at a level),
/// and the members run to the last such row.
pub(super) fn member_count(
    rest: &[Row],
    example_keys: Option<&Map<String, Value>>,
    outer: &BTreeSet<String>,
) -> (usize, &'static str) {
    let stop = rest
        .iter()
        .position(|r| r.name.is_empty())
        .unwrap_or(rest.len());
    let rest = &rest[..stop];
    if let Some(keys) = example_keys {
        if let Some(last) = rest.iter().rposition(|r| keys.contains_key(&r.name)) {
            return (last + 1, "example");
        }
    }
    match rest.iter().rposition(|r| outer.contains(&r.name)) {
        Some(last) => (last + 1, "repeat"),
        None => (0, "none"),
    }
}

pub(super) fn object_at<'v>(
    example: Option<&'v Map<String, Value>>,
    name: &str,
    item: bool,
) -> Option<&'v Map<String, Value>> {
    let value = example?.get(name)?;
    let value = if item {
        value.as_array()?.first()?
    } else {
        value
    };
    value.as_object()
}

pub(super) fn nesting_note(owner: &str, members: &[Row], how: &str) -> Option<Note> {
    let names: Vec<&str> = members.iter().map(|r| r.name.as_str()).collect();
    let listed = names.join(", ");
    match how {
        "example" => None,
        "repeat" => Some(Note::todo(
            "nesting",
            format!(
                "The page's flattened table lists {listed} after {owner} without showing which of them are its members."
            ),
            format!(
                "They are drafted as the members of {owner}: the last of them repeats a name used outside {owner}, so it must be a member. Check where the members end against the page."
            ),
        )),
        _ => Some(Note::todo(
            "nesting",
            format!(
                "{owner} is an object, and the page's flattened table does not show its members."
            ),
            format!(
                "No members are drafted for {owner}; declare them from the page or the provider's API metadata."
            ),
        )),
    }
}

/// Nests `rows` into trees: list items under their list, members under their object.
pub(super) fn assemble(
    rows: &[Row],
    layout: Layout,
    example: Option<&Map<String, Value>>,
) -> Vec<Tree> {
    let mut out: Vec<Tree> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut i = 0;
    while i < rows.len() {
        let row = rows[i].clone();
        i += 1;
        if row.name.is_empty() {
            // An item row without its list: kept as it is, so nothing is lost.
            out.push(Tree::leaf(row));
            continue;
        }
        seen.insert(row.name.clone());
        let mut tree = Tree::leaf(row.clone());
        let list = row.kind() == Kind::List;
        if list && rows.get(i).is_some_and(|r| r.name.is_empty()) {
            let item_row = rows[i].clone();
            i += 1;
            let mut item = Tree::leaf(item_row.clone());
            if is_object_type(&item_row.ty) {
                let keys = object_at(example, &row.name, true);
                let (n, how) = member_count(&rows[i..], keys, &seen);
                item.members = Some(assemble(&rows[i..i + n], layout, keys));
                item.nesting = nesting_note(&row.name, &rows[i..i + n], how);
                i += n;
            }
            tree.item = Some(Box::new(item));
        } else if layout == Layout::Huawei && is_object_type(&row.ty) {
            let keys = object_at(example, &row.name, list);
            let (n, how) = member_count(&rows[i..], keys, &seen);
            let members = assemble(&rows[i..i + n], layout, keys);
            let nesting = nesting_note(&row.name, &rows[i..i + n], how);
            i += n;
            if list {
                let mut item = Tree::leaf(Row {
                    name: String::new(),
                    ty: "dict".to_owned(),
                    required: row.required.clone(),
                    description: Vec::new(),
                    example: None,
                    line: row.line,
                });
                item.members = Some(members);
                item.nesting = nesting;
                tree.item = Some(Box::new(item));
            } else {
                tree.members = Some(members);
                tree.nesting = nesting;
            }
        }
        out.push(tree);
    }
    out
}

/// The description of a row as one text, its lines joined into sentences (`Backup policy
/// status: ON, OFF`), without the second list of an Alibaba enumeration (`Valid values:` then
/// `• SELF_ACCOUNT :` and the value again).
pub(super) fn prose(lines: &[String]) -> String {
    let end = lines
        .iter()
        .enumerate()
        .rposition(|(i, l)| {
            l == "Valid values:"
                && lines
                    .get(i + 1)
                    .is_some_and(|n| n.starts_with('•') && n.ends_with(" :"))
        })
        .unwrap_or(lines.len());
    let mut out = String::new();
    let mut previous_bullet = false;
    for line in &lines[..end] {
        let bullet = line.starts_with('•');
        let text = line
            .trim_start_matches('•')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            let sep = if out.ends_with(['.', ':', ';', '!', '?']) {
                " "
            } else if bullet && previous_bullet {
                ", "
            } else if bullet {
                ": "
            } else {
                ". "
            };
            out.push_str(sep);
        }
        out.push_str(&text);
        previous_bullet = bullet;
    }
    out
}

/// Sentences stating a condition, a rule or a format that the draft does not turn into a
/// constraint, each with what it is about.
pub(super) fn unconverted(text: &str) -> Vec<(&'static str, String)> {
    const CUES: &[(&str, &[&str])] = &[
        (
            "condition",
            &[
                "required only if",
                "required if",
                "required when",
                "valid only",
                "only if",
                "only when",
                "takes effect only",
                "available only",
                "must be used with",
                "either this",
                "if you set both",
                "cannot be used",
                "must be specified",
            ],
        ),
        ("uniqueness", &["must be unique"]),
        (
            "characters",
            &[
                "can contain only",
                "consisting of",
                "cannot start with",
                "cannot contain",
            ],
        ),
        ("format", &["in the format of", "the format is", "format."]),
    ];
    text.split_inclusive(". ")
        .map(str::trim)
        .filter_map(|s| {
            let lower = s.to_ascii_lowercase();
            CUES.iter()
                .find(|(_, cues)| cues.iter().any(|c| lower.contains(c)))
                .map(|(subject, _)| (*subject, s.to_owned()))
        })
        .collect()
}

pub(super) fn interval(b: Bounds) -> String {
    let lo = b.min.map_or_else(|| "[".to_owned(), |n| format!("[{n}"));
    match b.max {
        Some(n) => format!("{lo},{n}]"),
        None => format!("{lo},)"),
    }
}

pub(super) fn within(b: Option<Bounds>, n: i128) -> bool {
    b.is_none_or(|b| b.min.is_none_or(|m| n >= m) && b.max.is_none_or(|m| n <= m))
}

/// What the drafting of one operation collects.
pub(super) struct Drafter {
    pub(super) layout: Layout,
    pub(super) operation: String,
    /// Named object types, in the order they were met.
    pub(super) types: Vec<(String, Node)>,
    pub(super) type_names: BTreeSet<String>,
    pub(super) todo: usize,
    pub(super) parameters: usize,
    /// The top-level string parameters with listed values, by wire name: what a sentence
    /// such as "required only if SourceType is set to NAS" can name.
    pub(super) switches: BTreeMap<String, Vec<String>>,
}

impl Drafter {
    fn type_name(&mut self, wire: &str, item: bool) -> String {
        let mut base = names::type_name(wire);
        if item {
            if let Some(stem) = base.strip_suffix("ies") {
                base = format!("{stem}y");
            } else if base.ends_with('s') && !base.ends_with("ss") {
                base.pop();
            }
        }
        if base.is_empty() || !names::is_identifier(&base) {
            base = "Member".to_owned();
        }
        let op = &self.operation;
        let generated = [
            format!("{op}Request"),
            format!("{op}RequestBuilder"),
            format!("{op}Response"),
            format!("{op}ErrorCode"),
        ];
        let mut name = base.clone();
        let mut n = 2;
        while self.type_names.contains(&name)
            || generated.contains(&name)
            || names::is_keyword(&name)
        {
            name = format!("{base}{n}");
            n += 1;
        }
        self.type_names.insert(name.clone());
        name
    }

    /// Every note of a draft is one its author must settle.
    pub(super) fn note_count(&mut self, notes: &[Note]) {
        self.todo += notes.len();
    }

    /// The type of a tree; declares the object types it needs.
    fn ty(&mut self, tree: &Tree, notes: &mut Vec<Note>, example: Option<&Value>) -> Ty {
        let row = &tree.row;
        match row.kind() {
            Kind::String => Ty::String,
            Kind::Integer => Ty::Int,
            Kind::Boolean => Ty::Bool,
            Kind::Number => {
                notes.push(Note::todo(
                    "type",
                    format!("The page types {} as {}.", row.name, row.ty),
                    "The spec format has no fractional numbers; it is drafted as a string. Decide what the service accepts.",
                ));
                Ty::String
            }
            Kind::List => {
                if let Some(item) = &tree.item {
                    let item_example = example.and_then(Value::as_array).and_then(|a| a.first());
                    if item.members.is_some() {
                        let name = self.type_name(&row.name, true);
                        self.declare(&name, &row.name, item, item_example);
                        return Ty::List(Box::new(Ty::Object(name)));
                    }
                    return Ty::List(Box::new(self.ty(item, notes, item_example)));
                }
                let t = row.ty.to_ascii_lowercase();
                let inner = t
                    .strip_prefix("array of ")
                    .or_else(|| t.strip_prefix("list<").and_then(|r| r.strip_suffix('>')))
                    .or_else(|| t.strip_prefix("array<").and_then(|r| r.strip_suffix('>')));
                match inner.map(page::kind_of) {
                    Some(Kind::Integer) => Ty::List(Box::new(Ty::Int)),
                    Some(Kind::Boolean) => Ty::List(Box::new(Ty::Bool)),
                    Some(Kind::String) => Ty::List(Box::new(Ty::String)),
                    _ => {
                        notes.push(Note::todo(
                            "type",
                            format!(
                                "The page types {} as {}, without describing its items here.",
                                row.name, row.ty
                            ),
                            "Drafted as a list of strings; declare the item type.",
                        ));
                        Ty::List(Box::new(Ty::String))
                    }
                }
            }
            Kind::Object => {
                if tree.members.as_ref().is_some_and(|m| !m.is_empty()) {
                    let name = self.type_name(&row.name, false);
                    self.declare(&name, &row.name, tree, example);
                    return Ty::Object(name);
                }
                // The members of an object the table does not list are the keys of its
                // example.
                if let Some(shown) = shown_json(row).filter(Value::is_object) {
                    let ty = self.infer(&row.name, &shown, false, Some(row));
                    notes.push(Note::todo(
                        "members",
                        format!("The page lists no members of {}; its example is {}.", row.name, row.example.as_deref().unwrap_or_default()),
                        format!("The members of {} are the keys of the example, typed by their values; describe them from the page's prose.", ty.spec()),
                    ).answering(&["example"]));
                    return ty;
                }
                notes.push(Note::todo(
                    "type",
                    format!(
                        "The page types {} as {}, and lists no members.",
                        row.name, row.ty
                    ),
                    "Drafted as a string; declare an object type with its members.",
                ));
                Ty::String
            }
        }
    }

    /// Declares the object type `name` with the members of `tree`.
    fn declare(&mut self, name: &str, owner: &str, tree: &Tree, example: Option<&Value>) {
        let members = tree.members.clone().unwrap_or_default();
        let example = example.and_then(Value::as_object);
        let fields: Vec<Node> = members
            .iter()
            .map(|m| self.field(m, false, example.and_then(|e| e.get(&m.row.name))))
            .collect();
        let mut notes = Vec::new();
        notes.extend(tree.nesting.clone());
        self.note_count(&notes);
        let description = if tree.row.description.is_empty() {
            format!("The members of `{owner}`.")
        } else {
            prose(&tree.row.description)
        };
        let node = Node::map([
            ("description", Some(Node::Prose(description))),
            (
                "source",
                Some(Node::map([("row", Some(Node::Str(owner.to_owned())))])),
            ),
            (
                "fields",
                Some(Node::Seq {
                    items: fields,
                    spaced: false,
                }),
            ),
            ("notes", notes_node(&notes)),
        ]);
        self.types.push((name.to_owned(), node));
    }

    /// The type of a value the page shows (an object's or a JSON text's example), declaring
    /// object types for its objects, members typed by their values.
    fn infer(&mut self, owner: &str, value: &Value, item: bool, row: Option<&Row>) -> Ty {
        match value {
            Value::Bool(_) => Ty::Bool,
            Value::Number(n) if n.is_i64() => Ty::Int,
            Value::Array(items) => match items.first() {
                Some(first) => Ty::List(Box::new(self.infer(owner, first, true, None))),
                None => Ty::List(Box::new(Ty::String)),
            },
            Value::Object(members) if !members.is_empty() => {
                let name = self.type_name(owner, item);
                let fields: Vec<Node> = members
                    .iter()
                    .map(|(key, value)| {
                        self.parameters += 1;
                        let ty = self.infer(key, value, false, None);
                        let example = match (&ty, value) {
                            (Ty::Bool | Ty::Int, _) | (Ty::String, Value::String(_)) => {
                                Some(Node::Flow(vec![value.clone()]))
                            }
                            _ => None,
                        };
                        Node::map([
                            ("name", Some(Node::Str(key.clone()))),
                            ("type", Some(Node::Str(ty.spec()))),
                            (
                                "description",
                                Some(Node::Prose(format!(
                                    "`{key}` of {owner}, as the page's example shows it."
                                ))),
                            ),
                            ("examples", example),
                        ])
                    })
                    .collect();
                let description = row
                    .map(|r| prose(&r.description))
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| {
                        format!("An item of `{owner}`, as the page's example shows it.")
                    });
                let node = Node::map([
                    ("description", Some(Node::Prose(description))),
                    (
                        "source",
                        Some(Node::map([("row", Some(Node::Str(owner.to_owned())))])),
                    ),
                    (
                        "fields",
                        Some(Node::Seq {
                            items: fields,
                            spaced: false,
                        }),
                    ),
                ]);
                self.types.push((name.clone(), node));
                Ty::Object(name)
            }
            _ => Ty::String,
        }
    }

    /// A request parameter (`top`) or a member.
    pub(super) fn field(&mut self, tree: &Tree, top: bool, example: Option<&Value>) -> Node {
        self.parameters += 1;
        let row = &tree.row;
        let mut notes: Vec<Note> = Vec::new();
        let (ty, json_text) = self.field_type(tree, example, &mut notes);
        let text = prose(&row.description);
        let facts = page::facts(&row.description);
        let name = row.name.strip_suffix(".N").unwrap_or(&row.name).to_owned();
        let allowed = Allowed::new(&ty, &facts);
        let examples = field_examples(
            row,
            &allowed,
            json_text.as_ref(),
            example,
            &name,
            &mut notes,
        );
        let default = field_default(facts.default.as_deref(), &allowed, &mut notes);
        let required_if = self.sentence_notes(&text, row, top, &mut notes);
        notes.extend(required_remark(row));
        self.note_count(&notes);

        let enum_node = enum_node(&allowed.enum_values, &row.description);
        let style = match (&ty, self.layout) {
            _ if json_text.is_some() => None,
            (Ty::List(_), Layout::Alibaba) if top => Some(Node::Str("numbered".to_owned())),
            (Ty::Object(_), Layout::Alibaba) if top => Some(Node::Str("json".to_owned())),
            _ => None,
        };
        let encoding = json_text
            .is_some()
            .then(|| Node::Str("json_text".to_owned()));
        let description = if text.is_empty() {
            format!("{name}.")
        } else {
            text
        };
        Node::map([
            ("name", Some(Node::Str(name.clone()))),
            ("type", Some(Node::Str(ty.spec()))),
            ("required", row.is_required().then_some(Node::Bool(true))),
            ("encoding", encoding),
            ("style", style),
            ("description", Some(Node::Prose(description))),
            ("enum", enum_node),
            ("range", allowed.range.map(|b| Node::Str(interval(b)))),
            ("length", allowed.length.map(|b| Node::Str(interval(b)))),
            (
                "items",
                allowed
                    .items
                    .map(|(k, b)| Node::Map(vec![(k.to_owned(), Node::Str(interval(b)))])),
            ),
            ("default", default.map(json_node)),
            (
                "examples",
                (!examples.is_empty()).then_some(Node::Flow(examples)),
            ),
            ("required_if", required_if),
            ("notes", notes_node(&notes)),
        ])
    }

    /// A field's type, and the JSON its example shows when the page types it as a string that
    /// holds JSON.
    fn field_type(
        &mut self,
        tree: &Tree,
        example: Option<&Value>,
        notes: &mut Vec<Note>,
    ) -> (Ty, Option<Value>) {
        let row = &tree.row;
        // A string holding JSON is typed as what it holds, sent as JSON text (as the spec
        // format asks); the page's example shows what it holds.
        let json_text = shown_json(row).filter(|_| row.kind() == Kind::String);
        let ty = match &json_text {
            Some(shown) => {
                let ty = self.infer(&row.name, shown, false, Some(row));
                notes.push(Note::todo(
                    "type",
                    format!("The page types {} as a string; its example is JSON: {}.", row.name, row.example.as_deref().unwrap_or_default()),
                    format!("Drafted as the {} the example shows, sent as JSON text (`encoding: json_text`); check the members against the page's prose.", ty.spec()),
                ).answering(&["example"]));
                ty
            }
            None => self.ty(tree, notes, example),
        };
        (ty, json_text)
    }

    /// Notes for the sentences of `text` the draft does not encode; a plain "required only if"
    /// sentence of an optional top-level parameter becomes its `required_if`, returned.
    fn sentence_notes(
        &self,
        text: &str,
        row: &Row,
        top: bool,
        notes: &mut Vec<Note>,
    ) -> Option<Node> {
        let mut required_if: Option<Node> = None;
        for (subject, sentence) in unconverted(text) {
            if subject == "condition" && top && !row.is_required() && required_if.is_none() {
                required_if = required_if_node(&sentence, &self.switches);
                if required_if.is_some() {
                    notes.push(Note::todo(
                        "condition",
                        sentence,
                        "Drafted as the stated `required_if` the sentence reads as. Confirm it, or, where the page means that the parameter applies only then (an optional filter or limit), make it an `allowed_if` and record why.",
                    ));
                    continue;
                }
            }
            let what = match subject {
                "condition" => {
                    "a rule (`required_if`, `allowed_if`, `at_least_one_of`, `range_if`)"
                }
                "uniqueness" => "a `server_side` rule",
                "characters" => {
                    "a constraint (`charset`, `ascii`, `forbidden_prefixes`, `pattern`)"
                }
                _ => "a constraint (`format`, `pattern`)",
            };
            let conditional = !page::facts(std::slice::from_ref(&sentence))
                .required_if
                .is_empty();
            notes.push(
                Note::todo(
                    subject,
                    sentence,
                    format!("Not drafted: state it as {what}, or record why not."),
                )
                // Until the author states the rule, doc-check knows the condition is pending.
                .answering(if conditional { &["required"] } else { &[] }),
            );
        }
        required_if
    }
}

/// What a field's type and prose allow, as the draft states it: the measure the page's example
/// and default are judged by.
struct Allowed {
    /// The field's type.
    ty: Ty,
    /// The type of the value, or of a list's items.
    scalar: Ty,
    /// The listed values of a string (or of a list's strings); empty when the page lists none.
    enum_values: Vec<String>,
    /// The range of an integer; `None` for lists and when the page states none.
    range: Option<Bounds>,
    /// The length of a string; `None` for lists and when the page states none.
    length: Option<Bounds>,
    /// The range or length of a list's items, by its key; `None` when the page states neither.
    items: Option<(&'static str, Bounds)>,
}

impl Allowed {
    /// The constraints of a field of type `ty` from its `facts`: listed strings become an
    /// enumeration, listed integers a range.
    fn new(ty: &Ty, facts: &Facts) -> Allowed {
        let scalar = match ty {
            Ty::List(item) => (**item).clone(),
            other => other.clone(),
        };
        let mut enum_values: Vec<String> = Vec::new();
        let mut range = facts.range;
        if !facts.values.is_empty() {
            match scalar {
                Ty::String => enum_values = facts.values.clone(),
                Ty::Int => {
                    let numbers: Option<Vec<i128>> =
                        facts.values.iter().map(|v| v.parse().ok()).collect();
                    if let (Some(ns), None) = (numbers, range) {
                        range = Some(Bounds {
                            min: ns.iter().min().copied(),
                            max: ns.iter().max().copied(),
                        });
                    }
                }
                _ => {}
            }
        }
        let length = if scalar == Ty::String {
            facts.length
        } else {
            None
        };
        let (range, length) = match ty {
            Ty::List(_) => (None, None),
            _ => (range.filter(|_| scalar == Ty::Int), length),
        };
        let items = match ty {
            Ty::List(item) if **item == Ty::Int && range.is_none() => {
                facts.range.map(|b| ("range", b))
            }
            Ty::List(item) if **item == Ty::String => facts.length.map(|b| ("length", b)),
            _ => None,
        };
        Allowed {
            ty: ty.clone(),
            scalar,
            enum_values,
            range,
            length,
            items,
        }
    }

    /// Whether a value of the page meets what the draft states.
    fn fits(&self, v: &Value) -> bool {
        let one = |v: &Value| match (&self.scalar, v) {
            (Ty::String, Value::String(s)) => {
                (self.enum_values.is_empty() || self.enum_values.contains(s))
                    && within(self.length, s.chars().count() as i128)
                    && self.items.is_none_or(|(k, b)| {
                        k != "length" || within(Some(b), s.chars().count() as i128)
                    })
            }
            (Ty::Int, Value::Number(n)) => n.as_i64().is_some_and(|n| {
                within(self.range, i128::from(n))
                    && self
                        .items
                        .is_none_or(|(k, b)| k != "range" || within(Some(b), i128::from(n)))
            }),
            (Ty::Bool, Value::Bool(_)) => true,
            _ => false,
        };
        match (&self.ty, v) {
            (Ty::List(_), Value::Array(a)) => a.iter().all(one),
            (Ty::List(_), _) => false,
            (Ty::Object(_), _) => false,
            _ => one(v),
        }
    }

    /// The page's `text` as a value of the field's type: a list from its JSON, else one item.
    fn typed(&self, text: &str) -> Value {
        match (&self.ty, &self.scalar) {
            (Ty::List(_), _) => serde_json::from_str::<Value>(text)
                .ok()
                .filter(Value::is_array)
                .unwrap_or_else(|| Value::Array(vec![Value::String(text.to_owned())])),
            _ => typed_scalar(&self.scalar, text),
        }
    }
}

/// A field's examples: a JSON text's own text, and the page's example (from the row or the
/// example request) when it fits, else a note saying why it is left out.
fn field_examples(
    row: &Row,
    allowed: &Allowed,
    json_text: Option<&Value>,
    example: Option<&Value>,
    name: &str,
    notes: &mut Vec<Note>,
) -> Vec<Value> {
    let ty = &allowed.ty;
    let mut examples: Vec<Value> = Vec::new();
    // A JSON text's example is the text (its JSON form), judged by the checker.
    if let Some(shown) = json_text {
        examples.push(Value::String(shown.to_string()));
    }
    let page_example = match json_text {
        Some(_) => None,
        None => row.example.as_deref().map(|e| allowed.typed(e)),
    }
    .or_else(|| {
        example
            .filter(|_| !matches!(ty, Ty::Object(_)))
            .filter(|v| !matches!((ty, v), (Ty::List(i), _) if matches!(**i, Ty::Object(_))))
            .cloned()
    });
    if let Some(v) = page_example {
        if allowed.fits(&v) {
            examples.push(v);
        } else {
            let shown = row.example.clone().unwrap_or_else(|| v.to_string());
            notes.push(Note::todo(
                "example",
                format!("The page's example of {name} is {shown}."),
                format!("It is left out: it is not a valid {} under the drafted constraints. Decide whether the page or the draft is wrong.", ty.spec()),
            ).answering(&["example"]));
        }
    }
    examples
}

/// A scalar field's default from the page's `default`, when it fits; else a note.
fn field_default(default: Option<&str>, allowed: &Allowed, notes: &mut Vec<Note>) -> Option<Value> {
    default.and_then(|d| {
        let v = match &allowed.ty {
            Ty::List(_) | Ty::Object(_) => return None,
            _ => allowed.typed(d),
        };
        if allowed.fits(&v) {
            Some(v)
        } else {
            notes.push(
                Note::todo(
                    "default",
                    format!("The page gives the default value {d}."),
                    format!(
                        "It is left out: it is not a valid {}; decide what the default is.",
                        allowed.ty.spec()
                    ),
                )
                .answering(&["default"]),
            );
            None
        }
    })
}

/// A note for a required cell that adds a remark to `Yes` or `No`, which the draft does not
/// encode.
fn required_remark(row: &Row) -> Option<Note> {
    let remark = row
        .required
        .strip_prefix("No ")
        .or_else(|| row.required.strip_prefix("Yes "))?;
    Some(Note::todo(
        "required",
        format!("The required cell says {}.", row.required),
        format!(
            "Drafted as {}; the remark {remark} is not drafted: state it as a rule.",
            if row.is_required() {
                "required"
            } else {
                "optional"
            }
        ),
    ))
}

/// A field's `required_if` from a sentence that states it plainly: "This parameter is required
/// only if SourceType is set to NAS", "… is required when Mode is A, B, or C", where the named
/// parameter is one of `switches` and every value is one of its listed values, spelt alike.
fn required_if_node(sentence: &str, switches: &BTreeMap<String, Vec<String>>) -> Option<Node> {
    let lower = sentence.to_ascii_lowercase();
    let at = ["required only if ", "required if ", "required when "]
        .iter()
        .find_map(|cue| lower.find(cue).map(|i| i + cue.len()))?;
    let rest = sentence.get(at..)?.trim_end_matches(['.', ' ']);
    let (name, values) = rest.split_once(" is ")?;
    let known = switches.get(name)?;
    let values = values.strip_prefix("set to ").unwrap_or(values);
    let values: Vec<&str> = values
        .split(", ")
        .flat_map(|v| v.split(" or "))
        .map(|v| v.trim().trim_start_matches("or ").trim())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() || !values.iter().all(|v| known.iter().any(|k| k == v)) {
        return None;
    }
    let values = values
        .iter()
        .map(|v| Value::String((*v).to_owned()))
        .collect();
    Some(Node::Map(vec![
        (
            "when".to_owned(),
            Node::Map(vec![
                ("field".to_owned(), Node::Str(name.to_owned())),
                ("in".to_owned(), Node::Flow(values)),
            ]),
        ),
        (
            "source".to_owned(),
            Node::Map(vec![(
                "quote".to_owned(),
                Node::Prose(sentence.trim().to_owned()),
            )]),
        ),
    ]))
}

/// `enum:` with each value's meaning when a bullet gives it (`• ECS_FILE: Backs up …`), and
/// a Rust name where the value gives none.
fn enum_node(values: &[String], description: &[String]) -> Option<Node> {
    if values.is_empty() {
        return None;
    }
    let meaning = |value: &str| {
        description.iter().find_map(|l| {
            let item = l.strip_prefix('•')?.trim();
            let (v, rest) = item.split_once(':')?;
            (v.trim() == value && !rest.trim().is_empty()).then(|| rest.trim().to_owned())
        })
    };
    let mut used = BTreeSet::new();
    let items = values
        .iter()
        .map(|v| {
            let derived = names::type_name(v);
            let usable = names::is_identifier(&derived)
                && !names::is_keyword(&derived)
                && !names::RESERVED_VARIANTS.contains(&derived.as_str())
                && !used.contains(&derived);
            let rust_name = (!usable).then(|| {
                let mut base = format!(
                    "Value{}",
                    derived
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect::<String>()
                );
                while used.contains(&base) {
                    base.push('_');
                }
                base
            });
            used.insert(rust_name.clone().unwrap_or(derived));
            let description = meaning(v);
            if rust_name.is_none() && description.is_none() {
                return Node::Str(v.clone());
            }
            Node::map([
                ("value", Some(Node::Str(v.clone()))),
                ("rust_name", rust_name.map(Node::Str)),
                ("description", description.map(Node::Prose)),
            ])
        })
        .collect();
    seq(items, false)
}

/// A block sequence, or nothing when there are no items.
pub(super) fn seq(items: Vec<Node>, spaced: bool) -> Option<Node> {
    (!items.is_empty()).then_some(Node::Seq { items, spaced })
}

/// The non-empty JSON array or object an example shows, as Alibaba prints it (quotes escaped
/// inside an object's example, `{\"prefix\":\"/\"}`).
fn shown_json(row: &Row) -> Option<Value> {
    let example = row
        .example
        .as_deref()
        .filter(|e| e.starts_with(['[', '{']))?;
    serde_json::from_str::<Value>(&example.replace("\\\"", "\""))
        .ok()
        .filter(|v| match v {
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
            _ => false,
        })
}

/// A scalar as the page prints it, in the JSON form of `ty`: a whole number or `true`/`false`
/// when it is one, else the text.
pub(super) fn typed_scalar(ty: &Ty, text: &str) -> Value {
    match (ty, text) {
        (Ty::Int, _) => text
            .parse::<i64>()
            .map_or_else(|_| Value::String(text.to_owned()), Value::from),
        (Ty::Bool, "true") => Value::Bool(true),
        (Ty::Bool, "false") => Value::Bool(false),
        _ => Value::String(text.to_owned()),
    }
}

pub(super) fn json_node(v: Value) -> Node {
    match v {
        Value::Bool(b) => Node::Bool(b),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Node::Str(n.to_string()), |n| Node::Int(i128::from(n))),
        Value::String(s) => Node::Str(s),
        other => Node::Flow(vec![other]),
    }
}
