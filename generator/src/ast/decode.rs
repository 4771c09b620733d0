//! The decoder: each mapping checked against its shape in [`crate::shape`] and turned into the
//! structures of [`super`], every problem recorded and decoding continued.

use super::*;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::shape::{self, Key, Shape, Ty};
use crate::yaml::{Node, NodeKind, ScalarValue, key_text};

/// A mapping being decoded against its shape.
struct Obj<'n> {
    entries: &'n [(Node, Node)],
    shape: &'static Shape,
}

/// The decoder: records problems, goes on.
pub struct Decoder<'d> {
    diags: &'d mut Diagnostics,
}

impl<'d> Decoder<'d> {
    /// A decoder reporting to `diags`.
    pub fn new(diags: &'d mut Diagnostics) -> Self {
        Decoder { diags }
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn obj<'n>(&mut self, node: &'n Node, shape: &'static Shape) -> Option<Obj<'n>> {
        let NodeKind::Map(entries) = &node.kind else {
            self.error(
                Diagnostic::at(
                    node.span,
                    format!(
                        "expected a mapping ({}), found {}",
                        shape.name,
                        node.kind_name()
                    ),
                )
                .code(Code::WrongKind)
                .hint(format!(
                    "write the {} as `key: value` lines; its keys are: {}",
                    shape.name,
                    key_list(shape)
                )),
            );
            return None;
        };
        // A misspelt key is reported once, as unknown with a suggestion, not also as missing.
        let mut suggested: Vec<&str> = Vec::new();
        for (key, _) in entries {
            let name = key_text(key);
            if shape.key(name).is_none() {
                let mut d =
                    Diagnostic::at(key.span, format!("unknown key `{name}` in {}", shape.name))
                        .code(Code::UnknownKey);
                d = match did_you_mean(name, shape.all_keys().map(|k| k.name)) {
                    Some(best) => {
                        suggested.push(best);
                        d.hint(format!("did you mean `{best}`?"))
                    }
                    None => d.hint(format!(
                        "the keys of {} are: {}",
                        shape.name,
                        key_list(shape)
                    )),
                };
                self.error(d);
            }
        }
        for key in shape.all_keys().filter(|k| k.required && k.name != "kind") {
            if !suggested.contains(&key.name)
                && !entries.iter().any(|(k, _)| key_text(k) == key.name)
            {
                self.error(
                    Diagnostic::at(
                        node.span,
                        format!("missing key `{}` in {}", key.name, shape.name),
                    )
                    .code(Code::MissingKey)
                    .hint(format!(
                        "add `{}:` ({})",
                        key.name,
                        first_sentence(key.doc)
                    )),
                );
            }
        }
        Some(Obj { entries, shape })
    }

    fn str_node(&mut self, node: &Node, what: &str) -> Option<S<String>> {
        match &node.kind {
            NodeKind::Scalar(s) => match s.value() {
                ScalarValue::Str(t) => Some(S::new(t.to_owned(), node.span)),
                _ => {
                    self.error(
                        Diagnostic::at(
                            node.span,
                            format!("expected text for {what}, found {}", node.kind_name()),
                        )
                        .code(Code::WrongKind)
                        .hint(format!("quote it: \"{}\"", s.text)),
                    );
                    None
                }
            },
            _ => {
                self.error(
                    Diagnostic::at(
                        node.span,
                        format!("expected text for {what}, found {}", node.kind_name()),
                    )
                    .code(Code::WrongKind),
                );
                None
            }
        }
    }

    fn word_node(&mut self, node: &Node, what: &str, words: &[&str]) -> Option<S<String>> {
        let s = self.str_node(node, what)?;
        if words.is_empty() || words.contains(&s.value.as_str()) {
            return Some(s);
        }
        let mut d = Diagnostic::at(node.span, format!("`{}` is not a valid {what}", s.value))
            .code(Code::UnknownWord);
        d = match did_you_mean(&s.value, words.iter().copied()) {
            Some(best) => d.hint(format!(
                "did you mean `{best}`? (one of: {})",
                words.join(", ")
            )),
            None => d.hint(format!("use one of: {}", words.join(", "))),
        };
        self.error(d);
        // Returned anyway, so that the rest of the spec is still checked; the checker treats an
        // unknown word as already reported.
        Some(s)
    }

    fn bool_node(&mut self, node: &Node, what: &str) -> Option<S<bool>> {
        if let NodeKind::Scalar(s) = &node.kind {
            if let ScalarValue::Bool(b) = s.value() {
                return Some(S::new(b, node.span));
            }
        }
        self.error(
            Diagnostic::at(
                node.span,
                format!(
                    "expected `true` or `false` for {what}, found {}",
                    node.kind_name()
                ),
            )
            .code(Code::WrongKind)
            .hint("write `true` or `false` without quotes"),
        );
        None
    }

    fn int_node(&mut self, node: &Node, what: &str) -> Option<S<i128>> {
        if let NodeKind::Scalar(s) = &node.kind {
            if let ScalarValue::Int(i) = s.value() {
                return Some(S::new(i, node.span));
            }
        }
        self.error(
            Diagnostic::at(
                node.span,
                format!(
                    "expected a whole number for {what}, found {}",
                    node.kind_name()
                ),
            )
            .code(Code::WrongKind),
        );
        None
    }

    fn interval_node(&mut self, node: &Node, what: &str) -> Option<S<Interval>> {
        // `range: [1,16]` unquoted is a YAML list of two numbers.
        if let NodeKind::Seq(items) = &node.kind {
            let ends: Vec<&str> = items
                .iter()
                .filter_map(|n| match &n.kind {
                    NodeKind::Scalar(s) => Some(s.text.as_str()),
                    _ => None,
                })
                .collect();
            if let [lo, hi] = ends.as_slice() {
                self.error(
                    Diagnostic::at(node.span, format!("{what} is a YAML list, not an interval"))
                        .code(Code::IntervalAsList)
                        .hint(format!("quote the interval: \"[{lo},{hi}]\" (an unquoted `[` starts a YAML list)")),
                );
                return None;
            }
        }
        let s = self.str_node(node, what)?;
        match Interval::try_parse(&s.value) {
            Ok(iv) => Some(S::new(iv, s.span)),
            Err(why) => {
                self.error(
                    Diagnostic::at(s.span, format!("invalid interval `{}` for {what}: {why}", s.value))
                        .code(Code::BadInterval)
                        .hint("write intervals like `[1,64]`, `[0,30000)` or `[1,)`; quote them, since `[` starts a YAML list"),
                );
                None
            }
        }
    }

    fn seq<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.kind {
            NodeKind::Seq(items) => Some(items),
            _ => {
                self.error(
                    Diagnostic::at(
                        node.span,
                        format!("expected a list for {what}, found {}", node.kind_name()),
                    )
                    .code(Code::WrongKind)
                    .hint("write a list as `- item` lines or `[a, b]`"),
                );
                None
            }
        }
    }
}

/// Whether `node` is a mapping with the key `key`.
fn map_has(node: &Node, key: &str) -> bool {
    matches!(&node.kind, NodeKind::Map(entries) if entries.iter().any(|(k, _)| key_text(k) == key))
}

/// Moves the conditions fields state on themselves into the rules beside them.
fn lift_conditions(fields: &mut [Field], rules: &mut Vec<Rule>) {
    for f in fields {
        rules.append(&mut f.conditions);
    }
}

fn first_sentence(doc: &str) -> &str {
    doc.split_once(". ")
        .map_or(doc, |(a, _)| a)
        .trim_end_matches('.')
}

fn key_list(shape: &Shape) -> String {
    shape
        .all_keys()
        .map(|k| k.name)
        .collect::<Vec<_>>()
        .join(", ")
}

impl<'n> Obj<'n> {
    fn get(&self, name: &str) -> Option<&'n Node> {
        debug_assert!(
            self.shape.key(name).is_some(),
            "key `{name}` missing from shape {}",
            self.shape.name
        );
        self.entries
            .iter()
            .find(|(k, _)| key_text(k) == name)
            .map(|(_, v)| v)
    }

    /// The key `name` as written, for diagnostics about the entry as a whole.
    fn key_node(&self, name: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| key_text(k) == name)
            .map(|(k, _)| k)
    }

    fn key(&self, name: &str) -> &'static Key {
        match self.shape.key(name) {
            Some(k) => k,
            None => &UNKNOWN_KEY,
        }
    }

    fn what(&self, name: &str) -> String {
        format!("`{name}` of {}", self.shape.name)
    }
}

static UNKNOWN_KEY: Key = Key {
    name: "?",
    ty: Ty::Any,
    required: false,
    doc: "",
};

impl Decoder<'_> {
    /// A word of a closed set, parsed by its table; an unknown word is reported and kept as
    /// `None`, so that the checker knows one was written.
    fn o_word<T: shape::Word>(&mut self, o: &Obj<'_>, name: &str) -> Option<Word<T>> {
        let s = self.o_str(o, name)?;
        Some(S::new(T::from_word(&s.value), s.span))
    }

    fn o_str(&mut self, o: &Obj<'_>, name: &str) -> Option<S<String>> {
        let node = o.get(name)?;
        match &o.key(name).ty {
            Ty::Word(words) => self.word_node(node, &o.what(name), words),
            _ => self.str_node(node, &o.what(name)),
        }
    }

    /// Text of the spec that the generated code quotes in documentation: a control character
    /// other than a line break or a tab would end a doc comment or hide text, so it is refused.
    fn o_text(&mut self, o: &Obj<'_>, name: &str) -> Option<String> {
        let text = self.o_str(o, name)?;
        if let Some(c) = text
            .value
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
        {
            self.error(
                Diagnostic::at(
                    text.span,
                    format!(
                        "the {} has a control character (U+{:04X})",
                        o.what(name),
                        u32::from(c)
                    ),
                )
                .code(Code::ControlCharacter)
                .hint("remove it: write line breaks as lines of a block scalar (`>-` or `|`)"),
            );
        }
        Some(text.value)
    }

    fn o_bool(&mut self, o: &Obj<'_>, name: &str) -> Option<S<bool>> {
        let node = o.get(name)?;
        self.bool_node(node, &o.what(name))
    }

    fn o_int(&mut self, o: &Obj<'_>, name: &str) -> Option<S<i128>> {
        let node = o.get(name)?;
        self.int_node(node, &o.what(name))
    }

    fn o_interval(&mut self, o: &Obj<'_>, name: &str) -> Option<S<Interval>> {
        let node = o.get(name)?;
        self.interval_node(node, &o.what(name))
    }

    fn o_list<T>(
        &mut self,
        o: &Obj<'_>,
        name: &str,
        mut each: impl FnMut(&mut Self, &Node) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = o.get(name) else {
            return Vec::new();
        };
        let Some(items) = self.seq(node, &o.what(name)) else {
            return Vec::new();
        };
        items.iter().filter_map(|item| each(self, item)).collect()
    }

    fn o_str_list(&mut self, o: &Obj<'_>, name: &str) -> Vec<S<String>> {
        let what = o.what(name);
        self.o_list(o, name, |d, n| d.str_node(n, &what))
    }

    /// A mapping of text to text, such as `region_hosts`, in the order written.
    fn string_map(&mut self, o: &Obj<'_>, name: &str) -> Vec<(S<String>, S<String>)> {
        let Some(node) = o.get(name) else {
            return Vec::new();
        };
        let NodeKind::Map(entries) = &node.kind else {
            self.error(
                Diagnostic::at(
                    node.span,
                    format!(
                        "expected a mapping for {}, found {}",
                        o.what(name),
                        node.kind_name()
                    ),
                )
                .code(Code::WrongKind),
            );
            return Vec::new();
        };
        let what = o.what(name);
        entries
            .iter()
            .filter_map(|(k, v)| Some((self.str_node(k, &what)?, self.str_node(v, &what)?)))
            .collect()
    }

    fn o_source(&mut self, o: &Obj<'_>) -> Source {
        o.get("source").map(|n| self.source(n)).unwrap_or_default()
    }

    fn o_notes(&mut self, o: &Obj<'_>) -> Vec<Note> {
        self.o_list(o, "notes", |d, n| d.note(n))
    }

    fn source(&mut self, node: &Node) -> Source {
        let Some(o) = self.obj(node, &shape::SOURCE) else {
            return Source::default();
        };
        Source {
            document: self.o_str(&o, "document"),
            row: self.o_str(&o, "row"),
            quote: self.o_text(&o, "quote"),
        }
    }

    fn note(&mut self, node: &Node) -> Option<Note> {
        let o = self.obj(node, &shape::NOTE)?;
        let reading = self.o_str_list(&o, "reading");
        let answers = self.o_str_list(&o, "answers");
        Some(Note {
            answers,
            subject: self.o_text(&o, "subject")?,
            doc_says: self.o_text(&o, "doc_says")?,
            decision: self.o_text(&o, "decision")?,
            reading_spans: reading.iter().map(|r| r.span).collect(),
            reading: reading.into_iter().map(|r| r.value).collect(),
            span: node.span,
        })
    }

    fn enum_value(&mut self, node: &Node) -> Option<EnumValue> {
        if let NodeKind::Scalar(_) = node.kind {
            return Some(EnumValue {
                value: node.clone(),
                rust_name: None,
                description: None,
            });
        }
        let o = self.obj(node, &shape::ENUM_VALUE)?;
        let value = o.get("value")?;
        if !matches!(value.kind, NodeKind::Scalar(_)) {
            self.error(
                Diagnostic::at(
                    value.span,
                    format!(
                        "an enum value must be a string, found {}",
                        value.kind_name()
                    ),
                )
                .code(Code::WrongKind),
            );
            return None;
        }
        Some(EnumValue {
            value: value.clone(),
            rust_name: self.o_str(&o, "rust_name"),
            description: self.o_text(&o, "description"),
        })
    }

    fn charset(&mut self, node: &Node) -> Option<S<Charset>> {
        let o = self.obj(node, &shape::CHARSET)?;
        let what = o.what("classes");
        let classes = self.o_list(&o, "classes", |d, n| {
            let s = d.word_node(n, &what, shape::CHAR_CLASSES)?;
            Some(S::new(
                <CharClass as shape::Word>::from_word(&s.value),
                s.span,
            ))
        });
        Some(S::new(
            Charset {
                classes,
                extra: self.o_text(&o, "extra").unwrap_or_default(),
            },
            node.span,
        ))
    }

    fn prefixes(&mut self, o: &Obj<'_>) -> Option<S<Vec<Prefix>>> {
        let node = o.get("forbidden_prefixes")?;
        let list = self.o_list(o, "forbidden_prefixes", |d, n| {
            let p = d.obj(n, &shape::PREFIX)?;
            Some(Prefix {
                prefix: d.o_text(&p, "prefix")?,
                ignore_case: d.o_bool(&p, "ignore_case").is_some_and(|b| b.value),
            })
        });
        Some(S::new(list, node.span))
    }

    fn scalar_constraints(&mut self, o: &Obj<'_>) -> ScalarConstraints {
        ScalarConstraints {
            range: self.o_interval(o, "range"),
            length: self.o_interval(o, "length"),
            charset: o.get("charset").and_then(|n| self.charset(n)),
            pattern: self.o_str(o, "pattern"),
            ascii: self.o_bool(o, "ascii"),
            forbidden_prefixes: self.prefixes(o),
            format: self.o_str(o, "format"),
        }
    }

    fn field(&mut self, node: &Node, shape: &'static Shape) -> Option<Field> {
        let errors_before = self.diags.len();
        let o = self.obj(node, shape)?;
        let has = |k: &str| shape.key(k).is_some();
        let name = self.o_str(&o, "name");
        let ty = self.o_str(&o, "type");
        let description = self.o_text(&o, "description");
        let enum_values = o.get("enum").map(|n| {
            let what = o.what("enum");
            let values = self
                .seq(n, &what)
                .map(|items| items.iter().filter_map(|i| self.enum_value(i)).collect())
                .unwrap_or_default();
            S::new(values, n.span)
        });
        let items = if has("items") {
            o.get("items").and_then(|n| {
                let io = self.obj(n, &shape::ITEMS)?;
                Some(S::new(self.scalar_constraints(&io), n.span))
            })
        } else {
            None
        };
        let mut field = Field {
            damaged: false,
            span: node.span,
            rust_name: self.o_str(&o, "rust_name"),
            required: if has("required") {
                self.o_bool(&o, "required")
            } else {
                None
            },
            location: if has("in") {
                self.o_word(&o, "in")
            } else {
                None
            },
            encoding: if has("encoding") {
                self.o_word(&o, "encoding")
            } else {
                None
            },
            style: if has("style") {
                self.o_word(&o, "style")
            } else {
                None
            },
            enum_values,
            enum_name: self.o_str(&o, "enum_name"),
            constraints: if has("range") {
                self.scalar_constraints(&o)
            } else {
                ScalarConstraints::default()
            },
            count: if has("count") {
                self.o_interval(&o, "count")
            } else {
                None
            },
            unique: if has("unique") {
                self.o_bool(&o, "unique")
            } else {
                None
            },
            order: if has("order") {
                self.o_word(&o, "order")
            } else {
                None
            },
            items,
            default: if has("default") {
                o.get("default").cloned()
            } else {
                None
            },
            examples: o
                .get("examples")
                .and_then(|n| self.seq(n, &o.what("examples")))
                .map(<[Node]>::to_vec)
                .unwrap_or_default(),
            sensitive: if has("sensitive") {
                self.o_bool(&o, "sensitive")
            } else {
                None
            },
            idempotency_token: if has("idempotency_token") {
                self.o_bool(&o, "idempotency_token")
            } else {
                None
            },
            fractions: if has("fractions") {
                self.o_word(&o, "fractions")
            } else {
                None
            },
            source: self.o_source(&o),
            notes: self.o_notes(&o),
            conditions: Vec::new(),
            name: name?,
            ty: ty?,
            description: description?,
        };
        if has("required_if") {
            field.conditions = self.field_conditions(&o, &field.name);
        }
        field.damaged = self.diags.len() > errors_before;
        Some(field)
    }

    /// A field's `required_if` and `allowed_if`, as the rules they stand for: the rule's
    /// `field` is the field itself, and its source row defaults to the field's name.
    fn field_conditions(&mut self, o: &Obj<'_>, name: &S<String>) -> Vec<Rule> {
        let mut rules = Vec::new();
        for (key, shape) in [
            ("required_if", &shape::FIELD_REQUIRED_IF),
            ("allowed_if", &shape::FIELD_ALLOWED_IF),
        ] {
            let (Some(node), Some(at)) = (o.get(key), o.key_node(key)) else {
                continue;
            };
            if key == "allowed_if" && map_has(node, "unless") && !map_has(node, "when") {
                self.error(
                    Diagnostic::at(at.span, format!("the `allowed_if` of `{}` has `unless`, which `allowed_if` does not take", name.value))
                        .code(Code::WhenAndUnless)
                        .hint("write the cases in which the field may be set as `when:`, or negate them with `when: {not: ...}`"),
                );
                continue;
            }
            let Some(c) = self.obj(node, shape) else {
                continue;
            };
            // Diagnostics about the rule point at `required_if:` / `allowed_if:`.
            let field = S::new(name.value.clone(), at.span);
            let given = |k: &str| shape.key(k).and_then(|_| c.get(k));
            let (when_node, unless_node) = (given("when"), given("unless"));
            let when = when_node.and_then(|n| self.condition(n));
            let unless = unless_node.and_then(|n| self.condition(n));
            let kind = match (key, when, unless) {
                ("allowed_if", Some(when), _) => RuleKind::AllowedIf { field, when },
                ("required_if", Some(when), None) => RuleKind::RequiredIf {
                    field,
                    when,
                    unless: false,
                },
                ("required_if", None, Some(when)) => RuleKind::RequiredIf {
                    field,
                    when,
                    unless: true,
                },
                _ => {
                    // A condition that could not be read was reported where it is.
                    if key == "required_if" && when_node.is_some() == unless_node.is_some() {
                        self.error(
                            Diagnostic::at(at.span, format!("the `required_if` of `{}` needs exactly one of `when` and `unless`", name.value))
                                .code(Code::WhenAndUnless)
                                .hint("`when` lists the cases that make the field required, `unless` the cases that make it optional"),
                        );
                    }
                    continue;
                }
            };
            let mut source = self.o_source(&c);
            if source.row.is_none() {
                source.row = Some(S::new(name.value.clone(), name.span));
            }
            rules.push(Rule {
                span: at.span,
                kind,
                basis: self.o_word(&c, "basis"),
                description: self.o_text(&c, "description"),
                source,
                notes: self.o_notes(&c),
            });
        }
        rules
    }

    fn condition(&mut self, node: &Node) -> Option<Condition> {
        let NodeKind::Map(entries) = &node.kind else {
            self.error(
                Diagnostic::at(
                    node.span,
                    format!("expected a condition, found {}", node.kind_name()),
                )
                .code(Code::WrongKind)
                .hint("a condition is `{field: F, in: [values]}`, `{field: F, present: true}`, `{all: [...]}`, `{any: [...]}` or `{not: ...}`"),
            );
            return None;
        };
        let first = entries.iter().map(|(k, _)| key_text(k)).find(|k| {
            shape::CONDITIONS
                .iter()
                .any(|s| s.keys.first().is_some_and(|key| key.name == *k))
        });
        let Some(shape) = shape::CONDITIONS
            .iter()
            .find(|s| s.keys.first().map(|k| k.name) == first)
        else {
            self.error(
                Diagnostic::at(
                    node.span,
                    "a condition needs one of the keys `field`, `all`, `any` or `not`",
                )
                .code(Code::BadCondition)
                .hint("for example `{field: SourceType, in: [ECS_FILE]}`"),
            );
            return None;
        };
        let o = self.obj(node, shape)?;
        match shape.name {
            "FieldCondition" => {
                let field = self.o_str(&o, "field")?;
                let values = o
                    .get("in")
                    .and_then(|n| self.seq(n, &o.what("in")))
                    .map(<[Node]>::to_vec);
                let present = self.o_bool(&o, "present").map(|b| b.value);
                if values.is_some() == present.is_some() {
                    self.error(
                        Diagnostic::at(node.span, "a field condition needs exactly one of `in` and `present`")
                            .code(Code::BadCondition)
                            .hint("use `in: [values]` to test the value, or `present: true|false` to test presence"),
                    );
                    return None;
                }
                Some(Condition::Field {
                    field,
                    values,
                    present,
                    span: node.span,
                })
            }
            "AllCondition" | "AnyCondition" => {
                let key = if shape.name == "AllCondition" {
                    "all"
                } else {
                    "any"
                };
                let list = self.o_list(&o, key, |d, n| d.condition(n));
                Some(if key == "all" {
                    Condition::All(list)
                } else {
                    Condition::Any(list)
                })
            }
            _ => {
                let inner = o.get("not")?;
                Some(Condition::Not(Box::new(self.condition(inner)?)))
            }
        }
    }

    fn rule(&mut self, node: &Node) -> Option<Rule> {
        let kinds: Vec<&str> = shape::RULES.iter().filter_map(|s| s.tag).collect();
        let kind_node = match &node.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| key_text(k) == "kind")
                .map(|(_, v)| v),
            _ => None,
        };
        let Some(kind_node) = kind_node else {
            self.error(
                Diagnostic::at(node.span, "a rule needs a `kind`")
                    .code(Code::RuleWithoutKind)
                    .hint(format!("add `kind:` with one of: {}", kinds.join(", "))),
            );
            return None;
        };
        let kind = self.word_node(kind_node, "rule kind", &kinds)?;
        let shape = shape::RULES
            .iter()
            .find(|s| s.tag == Some(kind.value.as_str()))?;
        let o = self.obj(node, shape)?;
        let cond = |d: &mut Self, key: &str| o.get(key).and_then(|n| d.condition(n));
        let rk = match kind.value.as_str() {
            "required_if" => {
                let field = self.o_str(&o, "field")?;
                let (when, unless) = (cond(self, "when"), cond(self, "unless"));
                match (when, unless) {
                    (Some(c), None) => RuleKind::RequiredIf {
                        field,
                        when: c,
                        unless: false,
                    },
                    (None, Some(c)) => RuleKind::RequiredIf {
                        field,
                        when: c,
                        unless: true,
                    },
                    _ => {
                        self.error(
                            Diagnostic::at(node.span, "a `required_if` rule needs exactly one of `when` and `unless`")
                                .code(Code::WhenAndUnless)
                                .hint("`when` lists the cases that make the field required, `unless` the cases that make it optional"),
                        );
                        return None;
                    }
                }
            }
            "allowed_if" => RuleKind::AllowedIf {
                field: self.o_str(&o, "field")?,
                when: cond(self, "when")?,
            },
            "range_if" => RuleKind::RangeIf {
                field: self.o_str(&o, "field")?,
                when: cond(self, "when")?,
                range: self.o_interval(&o, "range")?,
            },
            "at_least_one_of" => RuleKind::AtLeastOneOf {
                fields: self.o_str_list(&o, "fields"),
                precedence: self.o_str(&o, "precedence"),
            },
            "check" => RuleKind::Check {
                check: self.o_str(&o, "check")?,
                fields: self.o_str_list(&o, "fields"),
            },
            _ => RuleKind::ServerSide {
                fields: self.o_str_list(&o, "fields"),
            },
        };
        let basis = if shape.key("basis").is_some() {
            self.o_word(&o, "basis")
        } else {
            None
        };
        Some(Rule {
            span: node.span,
            kind: rk,
            basis,
            description: self.o_text(&o, "description"),
            source: self.o_source(&o),
            notes: self.o_notes(&o),
        })
    }

    fn types(&mut self, o: &Obj<'_>, key: &str, field_shape: &'static Shape) -> Vec<TypeDef> {
        let Some(node) = o.get(key) else {
            return Vec::new();
        };
        let NodeKind::Map(entries) = &node.kind else {
            self.error(
                Diagnostic::at(
                    node.span,
                    format!(
                        "expected a mapping of type names to definitions for {}, found {}",
                        o.what(key),
                        node.kind_name()
                    ),
                )
                .code(Code::WrongKind)
                .hint("write `TypeName:` followed by its `description` and `fields` (or `values`)"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name_node, def) in entries {
            let Some(name) = self.str_node(name_node, "a type name") else {
                continue;
            };
            let is_enum = matches!(&def.kind, NodeKind::Map(e) if e.iter().any(|(k, _)| key_text(k) == "values"));
            let shape = if is_enum {
                &shape::ENUM_TYPE
            } else {
                &shape::OBJECT_TYPE
            };
            let Some(to) = self.obj(def, shape) else {
                continue;
            };
            let body = if is_enum {
                let what = to.what("values");
                let values = to
                    .get("values")
                    .and_then(|n| self.seq(n, &what))
                    .map(|items| items.iter().filter_map(|i| self.enum_value(i)).collect())
                    .unwrap_or_default();
                TypeBody::Enum { values }
            } else {
                let mut fields = self.o_list(&to, "fields", |d, n| d.field(n, field_shape));
                let mut rules = self.o_list(&to, "rules", |d, n| d.rule(n));
                lift_conditions(&mut fields, &mut rules);
                TypeBody::Object { fields, rules }
            };
            let Some(description) = self.o_text(&to, "description") else {
                continue;
            };
            out.push(TypeDef {
                name,
                description,
                body,
                source: self.o_source(&to),
                notes: self.o_notes(&to),
            });
        }
        out
    }

    /// Decodes a `service.yaml`.
    pub fn service(&mut self, node: &Node) -> Option<ServiceFile> {
        let o = self.obj(node, &shape::SERVICE)?;
        let endpoints = self.o_list(&o, "endpoints", |d, n| {
            let e = d.obj(n, &shape::ENDPOINT)?;
            let region_hosts = d.string_map(&e, "region_hosts");
            Some(Endpoint {
                host: d.o_str(&e, "host")?,
                description: d.o_text(&e, "description"),
                region_hosts,
            })
        });
        let rate_limits = self.o_list(&o, "rate_limits", |d, n| {
            let r = d.obj(n, &shape::RATE_LIMIT)?;
            Some(RateLimit {
                operation: d.o_str(&r, "operation")?,
                requests: d.o_int(&r, "requests")?,
                per_seconds: d.o_int(&r, "per_seconds")?,
                source: d.o_source(&r),
            })
        });
        let regions = o.get("regions").map(|_| self.o_str_list(&o, "regions"));
        let regions_source = o
            .get("regions_source")
            .map(|n| self.source(n))
            .unwrap_or_default();
        Some(ServiceFile {
            location: self.o_word(&o, "in"),
            provider: self.o_str(&o, "provider")?,
            provider_name: self.o_text(&o, "provider_name")?,
            service: self.o_str(&o, "service")?,
            service_name: self.o_text(&o, "service_name")?,
            api_version: self.o_str(&o, "api_version")?,
            protocol: self.o_word(&o, "protocol")?,
            description: self.o_text(&o, "description"),
            endpoints,
            regions,
            regions_source,
            rate_limits,
            types: self.types(&o, "types", &shape::FIELD),
            notes: self.o_notes(&o),
        })
    }

    /// Decodes an operation file.
    pub fn operation(&mut self, node: &Node) -> Option<OperationFile> {
        let o = self.obj(node, &shape::OPERATION)?;
        let doc = o.get("source").and_then(|n| self.obj(n, &shape::DOCUMENT));
        let (document, document_title, document_updated, document_url) = match &doc {
            Some(d) => (
                self.o_str(d, "document"),
                self.o_text(d, "title"),
                self.o_str(d, "updated"),
                self.o_str(d, "url"),
            ),
            None => (None, None, None, None),
        };
        let http = o.get("http").and_then(|n| self.obj(n, &shape::HTTP));
        let (method, path) = match &http {
            Some(h) => (self.o_str(h, "method"), self.o_str(h, "path")),
            None => (None, None),
        };
        let common_parameters = self.o_list(&o, "common_parameters", |d, n| {
            let c = d.obj(n, &shape::COMMON_PARAMETER)?;
            Some(CommonParameter {
                name: d.o_str(&c, "name")?,
                carried_by: d.o_word(&c, "carried_by")?,
                description: d.o_text(&c, "description")?,
                value: d.o_str(&c, "value"),
                source: d.o_source(&c),
            })
        });
        let mut parameters = self.o_list(&o, "parameters", |d, n| d.field(n, &shape::FIELD));
        let mut rules = self.o_list(&o, "rules", |d, n| d.rule(n));
        lift_conditions(&mut parameters, &mut rules);
        let types = self.types(&o, "types", &shape::FIELD);
        let response = o
            .get("response")
            .and_then(|n| self.obj(n, &shape::RESPONSE));
        let (response_description, response_fields, response_types) = match &response {
            Some(r) => (
                self.o_text(r, "description"),
                self.o_list(r, "fields", |d, n| d.field(n, &shape::RESPONSE_FIELD)),
                self.types(r, "types", &shape::RESPONSE_FIELD),
            ),
            None => (None, Vec::new(), Vec::new()),
        };
        let errors = self.o_list(&o, "errors", |d, n| {
            let e = d.obj(n, &shape::ERROR_CODE)?;
            Some(ErrorCode {
                code: d.o_str(&e, "code")?,
                http_status: d.o_int(&e, "http_status"),
                message: d.o_text(&e, "message"),
                description: d.o_text(&e, "description"),
                rust_name: d.o_str(&e, "rust_name"),
            })
        });
        let status_codes = self.o_list(&o, "status_codes", |d, n| {
            let s = d.obj(n, &shape::STATUS_CODE)?;
            Some((d.o_int(&s, "status")?.value, d.o_text(&s, "description")?))
        });
        let examples = self.o_list(&o, "examples", |d, n| {
            let e = d.obj(n, &shape::EXAMPLE)?;
            let path_parameters = match e.get("path_parameters") {
                Some(pn) => match &pn.kind {
                    NodeKind::Map(entries) => entries
                        .iter()
                        .filter_map(|(k, v)| {
                            let key = d.str_node(k, "a path parameter name")?;
                            let value = d.str_node(v, "a path parameter value")?;
                            Some((key, value.value))
                        })
                        .collect(),
                    _ => {
                        d.error(
                            Diagnostic::at(
                                pn.span,
                                format!(
                                    "expected a mapping for `path_parameters`, found {}",
                                    pn.kind_name()
                                ),
                            )
                            .code(Code::WrongKind),
                        );
                        Vec::new()
                    }
                },
                None => Vec::new(),
            };
            Some(Example {
                span: n.span,
                title: d.o_text(&e, "title")?,
                description: d.o_text(&e, "description"),
                request: d.o_str(&e, "request"),
                path_parameters,
                response: d.o_str(&e, "response"),
            })
        });
        Some(OperationFile {
            location: self.o_word(&o, "in"),
            operation: self.o_str(&o, "operation")?,
            description: self.o_text(&o, "description")?,
            document: document?,
            document_title: document_title?,
            document_updated,
            document_url,
            method: method?,
            path: path?,
            common_parameters,
            parameters,
            rules,
            types,
            response_description,
            response_fields,
            response_types,
            errors,
            status_codes,
            examples,
            notes: self.o_notes(&o),
        })
    }
}
