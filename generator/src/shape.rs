//! The spec format, as data: every mapping of a spec file, its keys, their types and their
//! documentation.
//!
//! One table drives three things, so they cannot drift apart: the decoder's unknown-key and
//! missing-key checks (`ast`), the JSON Schema shipped for editors (`schema`), and the
//! reference in `docs/spec-format.md`, whose key lists a test compares with these tables.

/// The type of a key's value.
#[derive(Debug)]
pub enum Ty {
    /// Text.
    Str,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Int,
    /// Any YAML value (a default or an example, checked against the parameter's type).
    Any,
    /// An interval such as `[0,30000)` or `[1,)`.
    Interval,
    /// A type expression: `string`, `bool`, `i32`, `i64`, `u32`, `u64`, `list<T>`, or a
    /// named type.
    TypeExpr,
    /// One of fixed words.
    Word(&'static [&'static str]),
    /// A mapping of a known shape.
    Obj(&'static Shape),
    /// A list.
    List(&'static Ty),
    /// A mapping from names to values.
    Map(&'static Ty),
    /// One of several mapping shapes, told apart by the first key of each.
    Union(&'static [&'static Shape]),
    /// One of several mapping shapes, told apart by their `kind` key.
    Tagged(&'static [&'static Shape]),
    /// Either a plain scalar or a mapping of the given shape.
    ScalarOr(&'static Shape),
}

/// A key of a mapping.
#[derive(Debug)]
pub struct Key {
    /// The key as written.
    pub name: &'static str,
    /// Its value's type.
    pub ty: Ty,
    /// Whether the key must be present.
    pub required: bool,
    /// What it means.
    pub doc: &'static str,
}

/// A mapping of the spec format.
#[derive(Debug)]
pub struct Shape {
    /// Its name in messages and in the JSON Schema.
    pub name: &'static str,
    /// What it describes.
    pub doc: &'static str,
    /// For a variant of a [`Ty::Tagged`] union: the value of its `kind` key.
    pub tag: Option<&'static str>,
    /// Its keys, in the order the documentation lists them.
    pub keys: &'static [Key],
    /// Keys it shares with other mappings (listed after its own).
    pub shared: &'static [Key],
}

impl Shape {
    /// The key named `name`.
    pub fn key(&self, name: &str) -> Option<&Key> {
        self.all_keys().find(|k| k.name == name)
    }

    /// Its own keys, then the shared ones.
    pub fn all_keys(&self) -> impl Iterator<Item = &Key> {
        self.keys.iter().chain(self.shared)
    }
}

const fn req(name: &'static str, ty: Ty, doc: &'static str) -> Key {
    Key {
        name,
        ty,
        required: true,
        doc,
    }
}

const fn opt(name: &'static str, ty: Ty, doc: &'static str) -> Key {
    Key {
        name,
        ty,
        required: false,
        doc,
    }
}

const fn kind(tag: &'static str) -> Key {
    Key {
        name: "kind",
        ty: Ty::Word(&[]),
        required: true,
        doc: tag,
    }
}

/// A closed set of a spec's words and the values they name: one table gives the decoder its
/// word list and the checker its parse, so the two cannot drift apart.
pub trait Word: Copy + 'static {
    /// Every word with its value, in the order the documentation lists them.
    const TABLE: &'static [(&'static str, Self)];

    /// The value `word` names, or `None` for a word outside the table.
    fn from_word(word: &str) -> Option<Self> {
        Self::TABLE
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, v)| *v)
    }
}

/// Declares a word list for the shapes and the [`Word`] table of its enum, from one list.
macro_rules! words {
    ($(#[$doc:meta])* $list:ident: $ty:ty { $($word:expr => $value:expr),+ $(,)? }) => {
        $(#[$doc])*
        pub const $list: &[&str] = &[$($word),+];
        impl Word for $ty {
            const TABLE: &'static [(&'static str, $ty)] = &[$(($word, $value)),+];
        }
    };
}

use crate::model::{
    Basis, CarriedBy, CharClass, Encoding, Fractions, Location, Order, Protocol, Style,
};

words! {
    /// Protocols a service can speak.
    PROTOCOLS: Protocol {
        Protocol::Tc3.word() => Protocol::Tc3,
        Protocol::AcsRpc.word() => Protocol::AcsRpc,
        Protocol::HuaweiRest.word() => Protocol::HuaweiRest,
    }
}
words! {
    /// Where a parameter travels.
    LOCATIONS: Location {
        "query" => Location::Query,
        "form" => Location::Form,
        "json" => Location::Json,
        "path" => Location::Path,
        "header" => Location::Header,
    }
}
words! {
    /// How a value is written in its wire field.
    ENCODINGS: Encoding {
        "plain" => Encoding::Plain,
        "json_text" => Encoding::JsonText,
        "comma_list" => Encoding::CommaList,
    }
}
words! {
    /// How a list or object travels in a query string or form body.
    STYLES: Style { "numbered" => Style::Numbered, "json" => Style::Json }
}
words! {
    /// Orders a list can be required to keep.
    ORDERS: Order {
        Order::Ascending.word() => Order::Ascending,
        Order::Descending.word() => Order::Descending,
    }
}
words! {
    /// What the service does with a fractional number sent for an integer.
    FRACTIONS: Fractions { "rounded_down" => Fractions::RoundedDown }
}
words! {
    /// What a check rests on: the page's words, or the spec author's reading of them.
    BASES: Basis {
        Basis::Stated.word() => Basis::Stated,
        Basis::Reading.word() => Basis::Reading,
    }
}
words! {
    /// What supplies a common parameter: the operation's name, the service's API version, or
    /// the client's region.
    CARRIERS: CarriedBy {
        "action" => CarriedBy::Action,
        "version" => CarriedBy::Version,
        "region" => CarriedBy::Region,
    }
}
words! {
    /// Character classes of `charset`.
    CHAR_CLASSES: CharClass {
        "letters" => CharClass::Letters,
        "digits" => CharClass::Digits,
        "ascii_letters" => CharClass::AsciiLetters,
        "ascii_digits" => CharClass::AsciiDigits,
    }
}

/// Provenance of one fact.
pub static SOURCE: Shape = Shape {
    name: "Source",
    doc: "Where a fact comes from: the page (defaults to the operation's), the row of its parameter table, and the words quoted.",
    tag: None,
    keys: &[
        opt(
            "document",
            Ty::Str,
            "Another page of the same service, as the operation that transcribes it names it, e.g. `pages/ConfigureBackupPlan.txt`; defaults to the operation's page (give it in `service.yaml`, whose types have no operation).",
        ),
        opt(
            "row",
            Ty::Str,
            "The row of the document's table (usually the parameter name as printed).",
        ),
        opt("quote", Ty::Str, "The document's own words."),
    ],
    shared: &[],
};

/// A vague or contradictory spot of a document, and what the spec decided.
pub static NOTE: Shape = Shape {
    name: "Note",
    doc: "A spot where the document is vague or contradicts itself, and the decision taken.",
    tag: None,
    keys: &[
        req(
            "subject",
            Ty::Str,
            "What the note is about (a parameter, a rule, an example).",
        ),
        req(
            "doc_says",
            Ty::Str,
            "What the document says, quoted or summarised.",
        ),
        req("decision", Ty::Str, "What the spec does about it, and why."),
        opt(
            "reading",
            Ty::List(&Ty::Str),
            "On a note of a request parameter or member: the constraints of the field that this note reads into the page rather than finds stated there (`required`, `enum`, `range`, `length`, `count`, `unique`, `order`, `charset`, `pattern`, `ascii`, `forbidden_prefixes`, `format`, or `items.` and an item constraint). A request that breaks a reading draws a warning, not an error.",
        ),
        opt(
            "answers",
            Ty::List(&Ty::Str),
            "The `specgen doc-check` findings this decision answers, which are then not reported: on a note of a parameter or member, finding kinds (`required`, `range`, `enum`, `example`, `default`, `type`, `description`); on a note of an operation, a kind and a wire path (`missing_in_spec OwnerId`, `missing_in_page BackupObjects[].DBName`).",
        ),
    ],
    shared: &[],
};

/// A value of an enumeration.
pub static ENUM_VALUE: Shape = Shape {
    name: "EnumValue",
    doc: "A value of an enumeration; a bare scalar is shorthand for `{value: ...}`.",
    tag: None,
    keys: &[
        req("value", Ty::Str, "The value exactly as sent on the wire."),
        opt(
            "rust_name",
            Ty::Str,
            "The Rust variant name, when the one derived from the value is not a valid identifier.",
        ),
        opt(
            "description",
            Ty::Str,
            "What the value means, as documented.",
        ),
    ],
    shared: &[],
};

/// Character set of a string.
pub static CHARSET: Shape = Shape {
    name: "Charset",
    doc: "The characters a string may contain: the union of the classes and the extra characters.",
    tag: None,
    keys: &[
        opt(
            "classes",
            Ty::List(&Ty::Word(CHAR_CLASSES)),
            "`letters` (Unicode letters), `digits` (`0-9`), `ascii_letters` (`A-Z a-z`), `ascii_digits` (`0-9`).",
        ),
        opt(
            "extra",
            Ty::Str,
            "Further allowed characters, listed one after the other, e.g. `_-`.",
        ),
    ],
    shared: &[],
};

/// A forbidden prefix.
pub static PREFIX: Shape = Shape {
    name: "ForbiddenPrefix",
    doc: "A prefix a string must not start with.",
    tag: None,
    keys: &[
        req("prefix", Ty::Str, "The prefix."),
        opt(
            "ignore_case",
            Ty::Bool,
            "Compare ignoring ASCII case (default false).",
        ),
    ],
    shared: &[],
};

/// Constraints on the items of a list of scalars.
pub static ITEMS: Shape = Shape {
    name: "ItemConstraints",
    doc: "Constraints that every item of a list of scalars must meet.",
    tag: None,
    keys: &[
        opt("range", Ty::Interval, "Allowed values of integer items."),
        opt(
            "length",
            Ty::Interval,
            "Allowed length of string items, in characters.",
        ),
        opt(
            "charset",
            Ty::Obj(&CHARSET),
            "Allowed characters of string items.",
        ),
        opt(
            "pattern",
            Ty::Str,
            "A regular expression every string item must match as a whole.",
        ),
        opt("ascii", Ty::Bool, "String items must be ASCII."),
        opt(
            "forbidden_prefixes",
            Ty::List(&Ty::Obj(&PREFIX)),
            "Prefixes string items must not start with.",
        ),
        opt("format", Ty::Str, "A named format checker for each item."),
    ],
    shared: &[],
};

/// A parameter of a request, or a member of a named object.
pub static FIELD: Shape = Shape {
    name: "Field",
    doc: "A request parameter (under `parameters`) or a member of a named object type (under `fields`).",
    tag: None,
    keys: &[
        req(
            "name",
            Ty::Str,
            "The wire name, exactly as documented (typos included).",
        ),
        opt(
            "rust_name",
            Ty::Str,
            "The Rust field name, when the snake_case of the wire name is not wanted.",
        ),
        req(
            "type",
            Ty::TypeExpr,
            "`string`, `bool`, `i32`, `i64`, `u32`, `u64`, `list<T>`, or a named type.",
        ),
        opt(
            "required",
            Ty::Bool,
            "Whether the parameter must be present (default false).",
        ),
        opt(
            "in",
            Ty::Word(LOCATIONS),
            "Where a top-level parameter travels; required for request parameters unless the operation or the service gives `in:`, not allowed on members of objects.",
        ),
        opt(
            "encoding",
            Ty::Word(ENCODINGS),
            "`plain` (default), `json_text` (a string holding compact JSON of the typed value) or `comma_list` (a string of list items joined by commas).",
        ),
        opt(
            "style",
            Ty::Word(STYLES),
            "For a list or object sent in a query string or form body: `numbered` (`Rule.1.Schedule`, `Path.1`) or `json` (one field of compact JSON).",
        ),
        req("description", Ty::Str, "The documented description."),
        opt(
            "enum",
            Ty::List(&Ty::ScalarOr(&ENUM_VALUE)),
            "Allowed values with their meanings; makes the type (or its items) an enumeration.",
        ),
        opt(
            "enum_name",
            Ty::Str,
            "Name of the Rust enum made from `enum` (default: the field's name in UpperCamelCase).",
        ),
        opt(
            "range",
            Ty::Interval,
            "Allowed values of an integer, e.g. `[0,30000)`.",
        ),
        opt(
            "length",
            Ty::Interval,
            "Allowed length of a string, in characters.",
        ),
        opt("count", Ty::Interval, "Allowed number of items of a list."),
        opt("unique", Ty::Bool, "Items of a list must be distinct."),
        opt(
            "order",
            Ty::Word(ORDERS),
            "Items of a list must be in `ascending` or `descending` order (strings by code point, integers by value, enumerations in the order their values are listed).",
        ),
        opt(
            "charset",
            Ty::Obj(&CHARSET),
            "Allowed characters of a string.",
        ),
        opt(
            "pattern",
            Ty::Str,
            "A regular expression the whole string must match (it is anchored at both ends).",
        ),
        opt("ascii", Ty::Bool, "The string must be ASCII."),
        opt(
            "forbidden_prefixes",
            Ty::List(&Ty::Obj(&PREFIX)),
            "Prefixes the string must not start with.",
        ),
        opt(
            "format",
            Ty::Str,
            "A named format checker for the value (see the format list).",
        ),
        opt(
            "items",
            Ty::Obj(&ITEMS),
            "Constraints on each item of a list of scalars.",
        ),
        opt(
            "default",
            Ty::Any,
            "The documented default, applied by the service when the parameter is omitted (never sent by the client).",
        ),
        opt(
            "examples",
            Ty::List(&Ty::Any),
            "The document's examples of this parameter, in the JSON form of the parameter.",
        ),
        opt(
            "sensitive",
            Ty::Bool,
            "A secret: redacted in `Debug` output and in every error message.",
        ),
        opt(
            "idempotency_token",
            Ty::Bool,
            "The parameter makes retries of the request safe (a client token).",
        ),
        opt(
            "fractions",
            Ty::Word(FRACTIONS),
            "For an integer the document lets callers send as a fractional number: `rounded_down` (the service rounds it down). The JSON form then takes a fractional number with a warning.",
        ),
        opt(
            "required_if",
            Ty::Obj(&FIELD_REQUIRED_IF),
            "A condition under which the field is required, stated on the field: the same as a `required_if` rule naming it (section 7).",
        ),
        opt(
            "allowed_if",
            Ty::Obj(&FIELD_ALLOWED_IF),
            "A condition under which alone the field may be set, stated on the field: the same as an `allowed_if` rule naming it (section 7).",
        ),
        opt(
            "source",
            Ty::Obj(&SOURCE),
            "Provenance; the row defaults to the wire name.",
        ),
        opt(
            "notes",
            Ty::List(&Ty::Obj(&NOTE)),
            "Vague or contradictory spots of the document and the decisions taken.",
        ),
    ],
    shared: &[],
};

/// A field of a response.
pub static RESPONSE_FIELD: Shape = Shape {
    name: "ResponseField",
    doc: "A field of a response, or a member of a response object type.",
    tag: None,
    keys: &[
        req("name", Ty::Str, "The wire name, exactly as documented."),
        opt(
            "rust_name",
            Ty::Str,
            "The Rust field name, when the snake_case of the wire name is not wanted.",
        ),
        req("type", Ty::TypeExpr, "The type, as for request fields."),
        req("description", Ty::Str, "The documented description."),
        opt(
            "enum",
            Ty::List(&Ty::ScalarOr(&ENUM_VALUE)),
            "Known values; the Rust enum also accepts unknown ones.",
        ),
        opt(
            "enum_name",
            Ty::Str,
            "Name of the Rust enum made from `enum`.",
        ),
        opt("examples", Ty::List(&Ty::Any), "The document's examples."),
        opt("source", Ty::Obj(&SOURCE), "Provenance."),
        opt(
            "notes",
            Ty::List(&Ty::Obj(&NOTE)),
            "Decisions about vague spots.",
        ),
    ],
    shared: &[],
};

/// A condition of a cross-field rule.
pub static COND_FIELD: Shape = Shape {
    name: "FieldCondition",
    doc: "True when the field is present and (with `in`) takes one of the values, or (with `present`) is present or absent.",
    tag: None,
    keys: &[
        req(
            "field",
            Ty::Str,
            "Wire name of the field, dotted for members of nested objects (`scheduled_policy.frequency`).",
        ),
        opt(
            "in",
            Ty::List(&Ty::Any),
            "The values that make the condition true.",
        ),
        opt(
            "present",
            Ty::Bool,
            "`true`: the field is present; `false`: it is absent.",
        ),
    ],
    shared: &[],
};

/// `all` of several conditions.
pub static COND_ALL: Shape = Shape {
    name: "AllCondition",
    doc: "True when every condition is.",
    tag: None,
    keys: &[req(
        "all",
        Ty::List(&Ty::Union(CONDITIONS)),
        "The conditions.",
    )],
    shared: &[],
};

/// `any` of several conditions.
pub static COND_ANY: Shape = Shape {
    name: "AnyCondition",
    doc: "True when at least one condition is.",
    tag: None,
    keys: &[req(
        "any",
        Ty::List(&Ty::Union(CONDITIONS)),
        "The conditions.",
    )],
    shared: &[],
};

/// `not` a condition.
pub static COND_NOT: Shape = Shape {
    name: "NotCondition",
    doc: "True when the condition is false.",
    tag: None,
    keys: &[req("not", Ty::Union(CONDITIONS), "The condition.")],
    shared: &[],
};

/// The condition forms.
pub static CONDITIONS: &[&Shape] = &[&COND_FIELD, &COND_ALL, &COND_ANY, &COND_NOT];

/// Keys every enforced rule may carry: its basis, its own words, provenance and notes.
static RULE_KEYS: [Key; 4] = [
    BASIS_KEY,
    opt(
        "description",
        Ty::Str,
        "The rule in words, when the generated wording is not enough.",
    ),
    opt("source", Ty::Obj(&SOURCE), "Provenance of the rule."),
    opt(
        "notes",
        Ty::List(&Ty::Obj(&NOTE)),
        "Decisions about vague spots.",
    ),
];

/// What an enforced rule rests on.
const BASIS_KEY: Key = opt(
    "basis",
    Ty::Word(BASES),
    "`stated` (the default: the page states the rule, quoted in `source`) or `reading` (the spec's reading of the page, explained by a note): a request that breaks a reading draws a warning, not an error.",
);

/// Basis, provenance and notes, for `check` rules, whose `description` is required.
static RULE_CHECK_KEYS: [Key; 3] = [
    BASIS_KEY,
    opt("source", Ty::Obj(&SOURCE), "Provenance of the rule."),
    opt(
        "notes",
        Ty::List(&Ty::Obj(&NOTE)),
        "Decisions about vague spots.",
    ),
];

/// Provenance and notes, for `server_side` rules, which are never enforced.
static RULE_PROVENANCE: [Key; 2] = [
    opt("source", Ty::Obj(&SOURCE), "Provenance of the rule."),
    opt(
        "notes",
        Ty::List(&Ty::Obj(&NOTE)),
        "Decisions about vague spots.",
    ),
];

/// `required_if`.
pub static RULE_REQUIRED_IF: Shape = Shape {
    name: "RequiredIfRule",
    doc: "The field is required when `when` holds, or unless `unless` holds (give exactly one).",
    tag: Some("required_if"),
    keys: &[
        kind("required_if"),
        req("field", Ty::Str, "The field that becomes required."),
        opt(
            "when",
            Ty::Union(CONDITIONS),
            "The condition that makes it required.",
        ),
        opt(
            "unless",
            Ty::Union(CONDITIONS),
            "The condition that makes it optional.",
        ),
    ],
    shared: &RULE_KEYS,
};

/// A field's own `required_if`.
pub static FIELD_REQUIRED_IF: Shape = Shape {
    name: "FieldRequiredIf",
    doc: "The `required_if` of a field: a `required_if` rule whose `field` is the field itself (give exactly one of `when` and `unless`). Its source row defaults to the field's name.",
    tag: None,
    keys: &[
        opt(
            "when",
            Ty::Union(CONDITIONS),
            "The condition that makes the field required.",
        ),
        opt(
            "unless",
            Ty::Union(CONDITIONS),
            "The condition that makes the field optional.",
        ),
    ],
    shared: &RULE_KEYS,
};

/// A field's own `allowed_if`.
pub static FIELD_ALLOWED_IF: Shape = Shape {
    name: "FieldAllowedIf",
    doc: "The `allowed_if` of a field: an `allowed_if` rule whose `field` is the field itself. Its source row defaults to the field's name.",
    tag: None,
    keys: &[req(
        "when",
        Ty::Union(CONDITIONS),
        "The condition under which the field may be set.",
    )],
    shared: &RULE_KEYS,
};

/// `allowed_if`.
pub static RULE_ALLOWED_IF: Shape = Shape {
    name: "AllowedIfRule",
    doc: "The field may be set only when `when` holds: it applies to that case alone.",
    tag: Some("allowed_if"),
    keys: &[
        kind("allowed_if"),
        req("field", Ty::Str, "The field."),
        req(
            "when",
            Ty::Union(CONDITIONS),
            "The condition under which the field may be set.",
        ),
    ],
    shared: &RULE_KEYS,
};

/// `range_if`.
pub static RULE_RANGE_IF: Shape = Shape {
    name: "RangeIfRule",
    doc: "An integer field must lie in `range` when `when` holds.",
    tag: Some("range_if"),
    keys: &[
        kind("range_if"),
        req("field", Ty::Str, "The integer field."),
        req("when", Ty::Union(CONDITIONS), "The condition."),
        req(
            "range",
            Ty::Interval,
            "The allowed values under the condition.",
        ),
    ],
    shared: &RULE_KEYS,
};

/// `at_least_one_of`.
pub static RULE_AT_LEAST_ONE: Shape = Shape {
    name: "AtLeastOneOfRule",
    doc: "At least one of the fields must be set; `precedence` names the one the service uses when several are.",
    tag: Some("at_least_one_of"),
    keys: &[
        kind("at_least_one_of"),
        req("fields", Ty::List(&Ty::Str), "The fields of the group."),
        opt(
            "precedence",
            Ty::Str,
            "The field that wins when several are set.",
        ),
    ],
    shared: &RULE_KEYS,
};

/// `check`.
pub static RULE_CHECK: Shape = Shape {
    name: "CheckRule",
    doc: "A named cross-field checker applied to the fields, in the order the checker expects.",
    tag: Some("check"),
    keys: &[
        kind("check"),
        req("check", Ty::Str, "The checker's name."),
        req("fields", Ty::List(&Ty::Str), "Its arguments."),
        req("description", Ty::Str, "The rule in words."),
    ],
    shared: &RULE_CHECK_KEYS,
};

/// `server_side`.
pub static RULE_SERVER_SIDE: Shape = Shape {
    name: "ServerSideRule",
    doc: "A rule that depends on state only the service knows: documented on the fields, never enforced by the client.",
    tag: Some("server_side"),
    keys: &[
        kind("server_side"),
        req(
            "fields",
            Ty::List(&Ty::Str),
            "The fields the rule concerns.",
        ),
        req("description", Ty::Str, "The rule in words."),
    ],
    shared: &RULE_PROVENANCE,
};

/// Every rule kind.
pub static RULES: &[&Shape] = &[
    &RULE_REQUIRED_IF,
    &RULE_ALLOWED_IF,
    &RULE_RANGE_IF,
    &RULE_AT_LEAST_ONE,
    &RULE_CHECK,
    &RULE_SERVER_SIDE,
];

/// A named object type.
pub static OBJECT_TYPE: Shape = Shape {
    name: "ObjectType",
    doc: "A named object type: its members and the rules among them.",
    tag: None,
    keys: &[
        req(
            "fields",
            Ty::List(&Ty::Obj(&FIELD)),
            "The members (request types) or response fields (response types).",
        ),
        req("description", Ty::Str, "What the object is."),
        opt(
            "rules",
            Ty::List(&Ty::Tagged(RULES)),
            "Cross-field rules among the members.",
        ),
        opt("source", Ty::Obj(&SOURCE), "Provenance."),
        opt(
            "notes",
            Ty::List(&Ty::Obj(&NOTE)),
            "Decisions about vague spots.",
        ),
    ],
    shared: &[],
};

/// A named enumeration.
pub static ENUM_TYPE: Shape = Shape {
    name: "EnumType",
    doc: "A named enumeration of strings.",
    tag: None,
    keys: &[
        req(
            "values",
            Ty::List(&Ty::ScalarOr(&ENUM_VALUE)),
            "The values and their meanings.",
        ),
        req("description", Ty::Str, "What the enumeration is."),
        opt("source", Ty::Obj(&SOURCE), "Provenance."),
        opt(
            "notes",
            Ty::List(&Ty::Obj(&NOTE)),
            "Decisions about vague spots.",
        ),
    ],
    shared: &[],
};

/// The two forms of a named type.
pub static TYPE_DEFS: &[&Shape] = &[&OBJECT_TYPE, &ENUM_TYPE];

/// An endpoint of a service.
pub static ENDPOINT: Shape = Shape {
    name: "Endpoint",
    doc: "A host name; `{region}` is replaced by the client's region. The first is the default.",
    tag: None,
    keys: &[
        req(
            "host",
            Ty::Str,
            "The host, e.g. `dbs.{region}.aliyuncs.com`.",
        ),
        opt("description", Ty::Str, "When to use it."),
        opt(
            "region_hosts",
            Ty::Map(&Ty::Str),
            "Hosts for particular regions, by region id, used instead of `host` for those regions (the endpoint map of the provider's SDK).",
        ),
        opt("source", Ty::Obj(&SOURCE), "Provenance."),
    ],
    shared: &[],
};

/// A rate limit.
pub static RATE_LIMIT: Shape = Shape {
    name: "RateLimit",
    doc: "A documented request rate limit of one operation.",
    tag: None,
    keys: &[
        req("operation", Ty::Str, "The operation name."),
        req("requests", Ty::Int, "Requests allowed..."),
        req("per_seconds", Ty::Int, "...per this many seconds."),
        opt("source", Ty::Obj(&SOURCE), "Provenance."),
    ],
    shared: &[],
};

/// A service file.
pub static SERVICE: Shape = Shape {
    name: "Service",
    doc: "`service.yaml`: one per provider product and API version.",
    tag: None,
    keys: &[
        req(
            "provider",
            Ty::Str,
            "Provider id, lower case (`tencentcloud`); also the directory name.",
        ),
        req(
            "provider_name",
            Ty::Str,
            "Provider name for documentation (`Tencent Cloud`).",
        ),
        req(
            "service",
            Ty::Str,
            "Service id, lower case (`postgres`); also the directory name.",
        ),
        req("service_name", Ty::Str, "Service name for documentation."),
        req("api_version", Ty::Str, "The API version (`2017-03-12`)."),
        req(
            "protocol",
            Ty::Word(PROTOCOLS),
            "`tc3` (Tencent Cloud API 3.0), `acs_rpc` (Alibaba Cloud RPC style) or `huawei_rest`.",
        ),
        opt(
            "in",
            Ty::Word(LOCATIONS),
            "Where the request parameters of the service's operations travel when neither the parameter nor its operation says.",
        ),
        opt("description", Ty::Str, "What the service does."),
        req(
            "endpoints",
            Ty::List(&Ty::Obj(&ENDPOINT)),
            "The hosts; the first is the default.",
        ),
        opt(
            "regions",
            Ty::List(&Ty::Str),
            "The regions the API supports; omitted when the documents do not list them.",
        ),
        opt(
            "regions_source",
            Ty::Obj(&SOURCE),
            "Provenance of the region list.",
        ),
        opt(
            "rate_limits",
            Ty::List(&Ty::Obj(&RATE_LIMIT)),
            "Documented rate limits.",
        ),
        opt(
            "types",
            Ty::Map(&Ty::Union(TYPE_DEFS)),
            "Named types shared by the service's operations.",
        ),
        opt(
            "notes",
            Ty::List(&Ty::Obj(&NOTE)),
            "Decisions about vague spots.",
        ),
    ],
    shared: &[],
};

/// The operation's document.
pub static DOCUMENT: Shape = Shape {
    name: "Document",
    doc: "The provider's page an operation transcribes, kept as a text snapshot beside the spec.",
    tag: None,
    keys: &[
        req(
            "document",
            Ty::Str,
            "The page's snapshot, relative to the spec's folder: `pages/<Name>.txt`, e.g. `pages/CreateBackupPlan.txt`.",
        ),
        req("title", Ty::Str, "The page's title, as the page shows it."),
        opt(
            "updated",
            Ty::Str,
            "The page's last-updated date, `YYYY-MM-DD`.",
        ),
        opt(
            "url",
            Ty::Str,
            "The page's address (`https://…`), when known: docs and messages cite it with the title, or the title and date without it. Never invent one.",
        ),
    ],
    shared: &[],
};

/// HTTP method and path.
pub static HTTP: Shape = Shape {
    name: "Http",
    doc: "The HTTP request line; path parameters appear as `{name}`.",
    tag: None,
    keys: &[
        req(
            "method",
            Ty::Word(&["GET", "POST", "PUT", "DELETE", "PATCH"]),
            "The method.",
        ),
        req(
            "path",
            Ty::Str,
            "The path template, e.g. `/v2/{project_id}/backuppolicy`.",
        ),
    ],
    shared: &[],
};

/// A common parameter listed by a page.
pub static COMMON_PARAMETER: Shape = Shape {
    name: "CommonParameter",
    doc: "A protocol-level parameter the page lists (Action, Version, Region): not a request field, carried by the client.",
    tag: None,
    keys: &[
        req("name", Ty::Str, "The name as documented."),
        req(
            "carried_by",
            Ty::Word(CARRIERS),
            "What supplies it: the operation name, the service's API version, or the client's region.",
        ),
        req("description", Ty::Str, "The documented description."),
        opt("value", Ty::Str, "The fixed value, for Action and Version."),
        opt("source", Ty::Obj(&SOURCE), "Provenance."),
    ],
    shared: &[],
};

/// The response.
pub static RESPONSE: Shape = Shape {
    name: "Response",
    doc: "The success response's fields.",
    tag: None,
    keys: &[
        opt("description", Ty::Str, "What the response is."),
        req("fields", Ty::List(&Ty::Obj(&RESPONSE_FIELD)), "The fields."),
        opt(
            "types",
            Ty::Map(&Ty::Union(TYPE_DEFS)),
            "Named types used only by the response.",
        ),
    ],
    shared: &[],
};

/// A documented error code.
pub static ERROR_CODE: Shape = Shape {
    name: "ErrorCode",
    doc: "A documented error code of the operation.",
    tag: None,
    keys: &[
        req("code", Ty::Str, "The code."),
        opt("http_status", Ty::Int, "The HTTP status it comes with."),
        opt("message", Ty::Str, "The documented message."),
        opt("description", Ty::Str, "What it means."),
        opt(
            "rust_name",
            Ty::Str,
            "The Rust variant name, when the derived one is not wanted.",
        ),
    ],
    shared: &[],
};

/// A documented HTTP status.
pub static STATUS_CODE: Shape = Shape {
    name: "StatusCode",
    doc: "A documented HTTP status of the operation.",
    tag: None,
    keys: &[
        req("status", Ty::Int, "The status code."),
        req("description", Ty::Str, "What it means."),
    ],
    shared: &[],
};

/// A whole-request example.
pub static EXAMPLE: Shape = Shape {
    name: "Example",
    doc: "An example request (and response) of the document, as JSON text copied from it.",
    tag: None,
    keys: &[
        req("title", Ty::Str, "The example's title."),
        opt("description", Ty::Str, "What it does."),
        opt(
            "request",
            Ty::Str,
            "The request's parameters as one JSON object, copied from the document.",
        ),
        opt(
            "path_parameters",
            Ty::Map(&Ty::Str),
            "Path parameters the document's example leaves out, so that it validates.",
        ),
        opt(
            "response",
            Ty::Str,
            "The response as JSON text, copied from the document.",
        ),
    ],
    shared: &[],
};

/// An operation file.
pub static OPERATION: Shape = Shape {
    name: "Operation",
    doc: "`<Operation>.yaml`: one API operation.",
    tag: None,
    keys: &[
        req(
            "operation",
            Ty::Str,
            "The operation name in UpperCamelCase (`CreateBackupPlan`).",
        ),
        req("description", Ty::Str, "What it does."),
        req("source", Ty::Obj(&DOCUMENT), "The page it transcribes."),
        req("http", Ty::Obj(&HTTP), "Method and path."),
        opt(
            "in",
            Ty::Word(LOCATIONS),
            "Where the request parameters travel when a parameter does not say (its own `in:` wins); defaults to the service's `in:`.",
        ),
        opt(
            "common_parameters",
            Ty::List(&Ty::Obj(&COMMON_PARAMETER)),
            "Protocol parameters the page lists.",
        ),
        req(
            "parameters",
            Ty::List(&Ty::Obj(&FIELD)),
            "The request parameters.",
        ),
        opt(
            "rules",
            Ty::List(&Ty::Tagged(RULES)),
            "Cross-field rules among the parameters.",
        ),
        opt(
            "types",
            Ty::Map(&Ty::Union(TYPE_DEFS)),
            "Named types used by this operation's request.",
        ),
        req("response", Ty::Obj(&RESPONSE), "The success response."),
        opt(
            "errors",
            Ty::List(&Ty::Obj(&ERROR_CODE)),
            "Documented error codes.",
        ),
        opt(
            "status_codes",
            Ty::List(&Ty::Obj(&STATUS_CODE)),
            "Documented HTTP statuses.",
        ),
        opt(
            "examples",
            Ty::List(&Ty::Obj(&EXAMPLE)),
            "Whole-request examples.",
        ),
        opt(
            "notes",
            Ty::List(&Ty::Obj(&NOTE)),
            "Decisions about vague spots.",
        ),
    ],
    shared: &[],
};

/// Every shape, for the JSON Schema and the documentation test.
pub fn all_shapes() -> Vec<&'static Shape> {
    let mut out: Vec<&'static Shape> = Vec::new();
    fn walk(shape: &'static Shape, out: &mut Vec<&'static Shape>) {
        if out.iter().any(|s| std::ptr::eq(*s, shape)) {
            return;
        }
        out.push(shape);
        for key in shape.all_keys() {
            walk_ty(&key.ty, out);
        }
    }
    fn walk_ty(ty: &'static Ty, out: &mut Vec<&'static Shape>) {
        match ty {
            Ty::Obj(s) | Ty::ScalarOr(s) => walk(s, out),
            Ty::List(t) | Ty::Map(t) => walk_ty(t, out),
            Ty::Union(ss) | Ty::Tagged(ss) => {
                for s in *ss {
                    walk(s, out);
                }
            }
            _ => {}
        }
    }
    walk(&SERVICE, &mut out);
    walk(&OPERATION, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each table names every value of its enum once, so that a word always parses to the
    /// value the runtime and the generator share.
    fn every_value_once<T: Word + PartialEq + std::fmt::Debug>(all: &[T]) {
        for v in all {
            let n = T::TABLE.iter().filter(|(_, x)| x == v).count();
            assert_eq!(n, 1, "{v:?} is named {n} times");
        }
        assert_eq!(T::TABLE.len(), all.len());
        for (w, v) in T::TABLE {
            assert_eq!(T::from_word(w), Some(*v));
        }
    }

    #[test]
    fn word_tables_are_complete() {
        every_value_once(&Protocol::ALL);
        for p in Protocol::ALL {
            assert_eq!(
                Protocol::from_word(p.word()),
                <Protocol as Word>::from_word(p.word())
            );
        }
        every_value_once(&[
            Location::Query,
            Location::Form,
            Location::Json,
            Location::Path,
            Location::Header,
        ]);
        every_value_once(&[Encoding::Plain, Encoding::JsonText, Encoding::CommaList]);
        every_value_once(&[Style::Numbered, Style::Json]);
        every_value_once(&[Order::Ascending, Order::Descending]);
        every_value_once(&[Fractions::RoundedDown]);
        every_value_once(&[Basis::Stated, Basis::Reading]);
        every_value_once(&[CarriedBy::Action, CarriedBy::Version, CarriedBy::Region]);
        every_value_once(&[
            CharClass::Letters,
            CharClass::Digits,
            CharClass::AsciiLetters,
            CharClass::AsciiDigits,
        ]);
    }

    #[test]
    fn word_lists_are_the_tables_words() {
        fn words<T: Word>() -> Vec<&'static str> {
            T::TABLE.iter().map(|(w, _)| *w).collect()
        }
        assert_eq!(PROTOCOLS, words::<Protocol>());
        assert_eq!(LOCATIONS, words::<Location>());
        assert_eq!(ENCODINGS, words::<Encoding>());
        assert_eq!(STYLES, words::<Style>());
        assert_eq!(ORDERS, words::<Order>());
        assert_eq!(FRACTIONS, words::<Fractions>());
        assert_eq!(BASES, words::<Basis>());
        assert_eq!(CARRIERS, words::<CarriedBy>());
        assert_eq!(CHAR_CLASSES, words::<CharClass>());
        for (w, o) in <Order as Word>::TABLE {
            assert_eq!(*w, o.word());
        }
        for (w, b) in <Basis as Word>::TABLE {
            assert_eq!(*w, b.word());
        }
    }
}
