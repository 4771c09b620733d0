//! Decode stage: the positioned YAML tree to the raw spec structures.
//!
//! The decoder checks the *form* of a spec (known keys, value kinds, required keys) against the
//! tables in [`crate::shape`]; the *meaning* (types that exist, bounds that make sense, rules
//! that name real fields) is the business of [`crate::check`]. Every problem is recorded and
//! decoding goes on, so that one run reports them all.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span, did_you_mean};
use crate::shape::{self, Key, Shape, Ty};
use crate::yaml::{Node, NodeKind, ScalarValue, key_text};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct S<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> S<T> {
    fn new(value: T, span: Span) -> Self {
        S { value, span }
    }
}

pub use cloud_backup_runtime::vocabulary::{Bound, Interval};

use crate::model::{
    Basis, CarriedBy, CharClass, Encoding, Fractions, Location, Order, Protocol, Style,
};

/// A word of a closed set, as written: `None` when it is not one of the set's words, which the
/// decoder has reported, so that what depends on the word is not reported again.
pub type Word<T> = S<Option<T>>;

/// Provenance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    /// The page's document; absent, the operation's.
    pub document: Option<S<String>>,
    /// The row of the page's parameter table; absent, the page as a whole.
    pub row: Option<S<String>>,
    /// The page's own words; absent, nothing is quoted.
    pub quote: Option<String>,
}

/// A decision about a vague spot.
#[derive(Clone, Debug)]
pub struct Note {
    /// What it concerns.
    pub subject: String,
    /// What the document says.
    pub doc_says: String,
    /// What the spec decided.
    pub decision: String,
    /// The constraints of its field that the note makes readings (`range`, `items.format`).
    pub reading: Vec<String>,
    /// Where each entry of `reading` was written, for diagnostics.
    pub reading_spans: Vec<Span>,
    /// The doc-check findings the note answers (`range`, or `missing_in_spec OwnerId`).
    pub answers: Vec<S<String>>,
    /// The whole note.
    pub span: Span,
}

/// Notes are equal when they say the same: where they were written does not matter.
impl PartialEq for Note {
    fn eq(&self, other: &Self) -> bool {
        (&self.subject, &self.doc_says, &self.decision, &self.reading)
            == (
                &other.subject,
                &other.doc_says,
                &other.decision,
                &other.reading,
            )
    }
}

/// A value of an enumeration.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// The wire value (a string or an integer node).
    pub value: Node,
    /// The Rust variant's name; absent, derived from the wire value.
    pub rust_name: Option<S<String>>,
    /// What the page says it means; absent, nothing.
    pub description: Option<String>,
}

/// Allowed characters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Charset {
    /// Character classes allowed (`letters`, `ascii_digits`); empty, none.
    pub classes: Vec<Word<CharClass>>,
    /// Characters allowed besides the classes'; empty, none.
    pub extra: String,
}

/// A forbidden prefix.
#[derive(Clone, Debug, PartialEq)]
pub struct Prefix {
    /// The prefix.
    pub prefix: String,
    /// Compare ignoring ASCII case.
    pub ignore_case: bool,
}

/// Constraints on a scalar value (or on the items of a list of scalars).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScalarConstraints {
    /// The values an integer may take; absent, any of its type.
    pub range: Option<S<Interval>>,
    /// String length in characters.
    pub length: Option<S<Interval>>,
    /// The characters a string may hold; absent, any.
    pub charset: Option<S<Charset>>,
    /// Whole-value regular expression.
    pub pattern: Option<S<String>>,
    /// Whether only ASCII characters are allowed; absent, any.
    pub ascii: Option<S<bool>>,
    /// Prefixes a string may not start with; absent, none.
    pub forbidden_prefixes: Option<S<Vec<Prefix>>>,
    /// A named format the value must follow (checked against `Format::ALL`); absent, none.
    pub format: Option<S<String>>,
}

/// A request parameter, object member or response field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The whole entry.
    pub span: Span,
    /// Whether decoding the entry reported an error (an unknown or mistyped key): checks that
    /// would only repeat it stay quiet.
    pub damaged: bool,
    /// The name on the wire, exactly as the page spells it.
    pub name: S<String>,
    /// The Rust name; absent, derived from the wire name.
    pub rust_name: Option<S<String>>,
    /// The type as written (`list<string>`, a named type), resolved by the checker.
    pub ty: S<String>,
    /// Whether a request must carry it; absent, it is optional.
    pub required: Option<S<bool>>,
    /// Where the parameter travels (`in:`); absent, its operation's or service's `in:`.
    pub location: Option<Word<Location>>,
    /// How the value is written in its wire field; absent, as itself.
    pub encoding: Option<Word<Encoding>>,
    /// How a list or object travels in a query string or form body; required there.
    pub style: Option<Word<Style>>,
    /// The page's description, as the generated documentation quotes it.
    pub description: String,
    /// Values declared on the field itself, which become an enum of its own; absent, none.
    pub enum_values: Option<S<Vec<EnumValue>>>,
    /// Name of the inline enumeration.
    pub enum_name: Option<S<String>>,
    /// Constraints on the value itself.
    pub constraints: ScalarConstraints,
    /// How many items a list may hold; absent, any number.
    pub count: Option<S<Interval>>,
    /// Whether a list's items must be distinct; absent, they need not be.
    pub unique: Option<S<bool>>,
    /// The order a list's items must keep; absent, any.
    pub order: Option<Word<Order>>,
    /// Constraints on list items.
    pub items: Option<S<ScalarConstraints>>,
    /// The default the page documents; absent, the page documents none.
    pub default: Option<Node>,
    /// Example values from the page, each checked against the field's constraints.
    pub examples: Vec<Node>,
    /// Whether the value is secret; absent, it is not.
    pub sensitive: Option<S<bool>>,
    /// Whether the client fills it in when unset; absent, it does not.
    pub idempotency_token: Option<S<bool>>,
    /// What the service does with a fractional number (`rounded_down`); absent, it refuses one.
    pub fractions: Option<Word<Fractions>>,
    /// Where the page states it; each part absent when not given (the document defaults to the operation's).
    pub source: Source,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
    /// Conditions the field states on itself (`required_if`, `allowed_if`), as rules naming
    /// it. The decoder moves them into the rules of the operation or object type that holds
    /// the field, after the rules written there, so nothing downstream sees two forms.
    pub conditions: Vec<Rule>,
}

/// A condition of a rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// A field takes one of the values, or is present/absent.
    Field {
        /// The path of the field tested (`Options.UseVSS`).
        field: S<String>,
        /// The values that make the condition true (`in:`); absent, it tests presence.
        values: Option<Vec<Node>>,
        /// Whether the condition is that the field is set (`true`) or not (`false`); absent, it tests values.
        present: Option<bool>,
        /// The whole condition.
        span: Span,
    },
    /// Every condition holds.
    All(Vec<Condition>),
    /// Some condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

/// A cross-field rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The whole rule.
    pub span: Span,
    /// What kind.
    pub kind: RuleKind,
    /// `stated` or `reading`, when given (`server_side` rules have none).
    pub basis: Option<Word<Basis>>,
    /// The rule in words; absent, the message is made from the rule.
    pub description: Option<String>,
    /// Where the page states it; each part absent when not given (the document defaults to the operation's).
    pub source: Source,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}

/// The kinds of rule.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    /// Required when (or unless) a condition holds.
    RequiredIf {
        /// The path of the field it constrains (`Options.UseVSS`).
        field: S<String>,
        /// When it applies.
        when: Condition,
        /// Whether the condition was given as `unless`.
        unless: bool,
    },
    /// May be set only when a condition holds.
    AllowedIf {
        /// The path of the field it constrains (`Options.UseVSS`).
        field: S<String>,
        /// When it applies.
        when: Condition,
    },
    /// Range under a condition.
    RangeIf {
        /// The path of the field it constrains (`Options.UseVSS`).
        field: S<String>,
        /// When it applies.
        when: Condition,
        /// The range the field must keep while the condition holds.
        range: S<Interval>,
    },
    /// At least one of a group.
    AtLeastOneOf {
        /// The fields of which one at least must be set.
        fields: Vec<S<String>>,
        /// The field the service uses when several are set; absent, the page does not say.
        precedence: Option<S<String>>,
    },
    /// A named checker.
    Check {
        /// The checker's name, one of `CHECKS`.
        check: S<String>,
        /// Its arguments.
        fields: Vec<S<String>>,
    },
    /// Not enforceable by a client.
    ServerSide {
        /// The fields concerned.
        fields: Vec<S<String>>,
    },
}

/// A named type definition.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The type's Rust name, UpperCamelCase.
    pub name: S<String>,
    /// The page's description, as the generated documentation quotes it.
    pub description: String,
    /// Object or enumeration.
    pub body: TypeBody,
    /// Where the page states it; each part absent when not given (the document defaults to the operation's).
    pub source: Source,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}

/// The body of a named type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeBody {
    /// An object.
    Object {
        /// The object's fields, in the page's order.
        fields: Vec<Field>,
        /// Rules among them.
        rules: Vec<Rule>,
    },
    /// An enumeration.
    Enum {
        /// The enumeration's values, in the page's order.
        values: Vec<EnumValue>,
    },
}

/// An endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// The host, with `{region}` where the region's id goes.
    pub host: S<String>,
    /// When to use it.
    pub description: Option<String>,
    /// Hosts for particular regions: region id, host.
    pub region_hosts: Vec<(S<String>, S<String>)>,
}

/// A rate limit.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimit {
    /// The operation it limits.
    pub operation: S<String>,
    /// Requests...
    pub requests: S<i128>,
    /// ...per seconds.
    pub per_seconds: S<i128>,
    /// Where the page states it; each part absent when not given (the document defaults to the operation's).
    pub source: Source,
}

/// A `service.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceFile {
    /// Where request parameters travel when neither they nor their operation say.
    pub location: Option<Word<Location>>,
    /// The provider's id, the name of its directory under `specs/`.
    pub provider: S<String>,
    /// The provider's name as people write it.
    pub provider_name: String,
    /// The service's id, the name of its directory.
    pub service: S<String>,
    /// The service's name as people write it.
    pub service_name: String,
    /// The API version the pages document, sent with every request.
    pub api_version: S<String>,
    /// How the service talks and signs.
    pub protocol: Word<Protocol>,
    /// The page's description; absent, none is quoted.
    pub description: Option<String>,
    /// The service's hosts, at least one.
    pub endpoints: Vec<Endpoint>,
    /// The regions the page lists, the ones the client accepts; absent, the page lists none.
    pub regions: Option<Vec<S<String>>>,
    /// Provenance of the regions.
    pub regions_source: Source,
    /// Per-operation rate limits the page gives; empty when it gives none.
    pub rate_limits: Vec<RateLimit>,
    /// Named types every operation of the service may use.
    pub types: Vec<TypeDef>,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}

/// A common parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct CommonParameter {
    /// The name as the page spells it.
    pub name: S<String>,
    /// What supplies its value.
    pub carried_by: Word<CarriedBy>,
    /// The page's description, as the generated documentation quotes it.
    pub description: String,
    /// The value the page fixes (Action, Version); absent for a region.
    pub value: Option<S<String>>,
    /// Where the page states it; each part absent when not given (the document defaults to the operation's).
    pub source: Source,
}

/// A documented error code.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    /// The code exactly as the service returns it.
    pub code: S<String>,
    /// The HTTP status the page gives with the code; absent, not given.
    pub http_status: Option<S<i128>>,
    /// The message the page gives with the code; absent, none.
    pub message: Option<String>,
    /// What the page says it means; absent, nothing.
    pub description: Option<String>,
    /// The Rust name; absent, derived from the wire name.
    pub rust_name: Option<S<String>>,
}

/// A whole-request example.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The whole example, for diagnostics.
    pub span: Span,
    /// The example's heading on the page.
    pub title: String,
    /// The page's description; absent, none is quoted.
    pub description: Option<String>,
    /// Request JSON text.
    pub request: Option<S<String>>,
    /// Path parameters added to the request.
    pub path_parameters: Vec<(S<String>, String)>,
    /// Response JSON text.
    pub response: Option<S<String>>,
}

/// An `<Operation>.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationFile {
    /// Where request parameters travel when they do not say; absent, the service's `in:`.
    pub location: Option<Word<Location>>,
    /// The operation's UpperCamelCase name, as the page's `Action` gives it.
    pub operation: S<String>,
    /// The page's description, as the generated documentation quotes it.
    pub description: String,
    /// The page it transcribes, under `pages/`.
    pub document: S<String>,
    /// Document title.
    pub document_title: String,
    /// When the page was last updated; absent, not shown.
    pub document_updated: Option<S<String>>,
    /// The page's address; absent, not known.
    pub document_url: Option<S<String>>,
    /// The HTTP method of the request.
    pub method: S<String>,
    /// The path template, `{name}` for each path parameter.
    pub path: S<String>,
    /// Protocol-level parameters the page lists; empty when it lists none.
    pub common_parameters: Vec<CommonParameter>,
    /// The request's parameters, in the page's order.
    pub parameters: Vec<Field>,
    /// Cross-field rules among the parameters; empty when there are none.
    pub rules: Vec<Rule>,
    /// Named types of the request.
    pub types: Vec<TypeDef>,
    /// The page's description of the response; absent, a generated one.
    pub response_description: Option<String>,
    /// Response fields.
    pub response_fields: Vec<Field>,
    /// Response types.
    pub response_types: Vec<TypeDef>,
    /// The error codes the page lists; empty when it lists none.
    pub errors: Vec<ErrorCode>,
    /// HTTP statuses the page documents, with their meaning; empty when it gives none.
    pub status_codes: Vec<(i128, String)>,
    /// Whole-request examples from the page; empty when it gives none.
    pub examples: Vec<Example>,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_parse_and_render() {
        let iv = Interval::try_parse("[0,30000)").unwrap_or_default();
        assert_eq!((iv.lowest(), iv.highest()), (Some(0), Some(29999)));
        assert!(iv.contains(0) && iv.contains(29999) && !iv.contains(30000) && !iv.contains(-1));
        assert_eq!(iv.notation(), "[0,30000)");
        let open = Interval::try_parse("[1,)").unwrap_or_default();
        assert_eq!((open.lowest(), open.highest()), (Some(1), None));
        assert_eq!(
            Interval::try_parse("(0, 10]").map(|i| i.lowest()),
            Ok(Some(1))
        );
        for bad in ["0,1", "[a,1]", "[,]", "[1 2]", "[", ""] {
            assert!(Interval::try_parse(bad).is_err(), "{bad}");
        }
    }
}
