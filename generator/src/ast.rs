//! Decode stage: the positioned YAML tree to the raw spec structures.
//!
//! The decoder checks the *form* of a spec (known keys, value kinds, required keys) against the
//! tables in [`crate::shape`]; the *meaning* (types that exist, bounds that make sense, rules
//! that name real fields) is the business of [`crate::check`]. Every problem is recorded and
//! decoding goes on, so that one run reports them all.

//!
//! This file holds the decoded structures; the [`Decoder`] that builds them is in `ast/decode.rs`.

mod decode;

pub use decode::Decoder;

use crate::diagnostics::Span;
use crate::yaml::Node;

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
