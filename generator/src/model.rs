//! The resolved model: what the checked specs mean, with every name, type and reference
//! settled. Emitters read only this; it never holds anything unchecked.

use serde_json::Value;

pub use crate::ast::{Bound, Interval, Note};
pub use crate::basis::{Basis, Constraint, Readings};

/// Every service, sorted by provider and service id.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// The services.
    pub services: Vec<Service>,
}

impl Model {
    /// The providers, sorted, each once.
    pub fn providers(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = self
            .services
            .iter()
            .map(|s| (s.provider.as_str(), s.provider_name.as_str()))
            .collect();
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }
}

impl Service {
    /// The cargo feature that compiles this service alone (`alibabacloud-dbs`): the provider
    /// id and the service id joined by `-`. Ids are Rust identifiers, so it cannot collide
    /// with a provider's feature, which has no `-`, nor with another service's.
    pub fn feature(&self) -> String {
        format!("{}-{}", self.provider, self.service.replace('_', "-"))
    }
}

pub use cloud_backup_runtime::vocabulary::{
    Encoding, Location, Order, Prefix, Protocol, RateLimit, Style,
};

/// A provider's page that specs transcribe, kept as a text snapshot beside them: its title,
/// date, address (each empty when unknown) and snapshot path (`specs/.../pages/X.txt`).
pub type Page = cloud_backup_runtime::Page<String>;

/// Provenance of a fact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRef {
    /// The spec file, relative to the workspace (`specs/...`).
    pub spec: String,
    /// The page that states it.
    pub page: Page,
    /// The row of the page's table.
    pub row: Option<String>,
    /// The page's own words; absent, nothing is quoted.
    pub quote: Option<String>,
}

impl SourceRef {
    /// `Data Management:ConfigureBackupPlan (updated 2026-03-30), row BackupPlanId`.
    pub fn reference(&self) -> String {
        let page = if self.page.title.is_empty() {
            self.spec.clone()
        } else {
            self.page.to_string()
        };
        match &self.row {
            Some(row) => format!("{page}, row {row}"),
            None => page,
        }
    }
}

/// A service.
#[derive(Clone, Debug)]
pub struct Service {
    /// `specs/<provider>/<service>/service.yaml`.
    pub spec_path: String,
    /// The provider's id, the name of its directory under `specs/`.
    pub provider: String,
    /// The provider's name as people write it.
    pub provider_name: String,
    /// Service id (also the Rust module name).
    pub service: String,
    /// The service's name as people write it.
    pub service_name: String,
    /// The API version the pages document, sent with every request.
    pub api_version: String,
    /// How the service talks and signs.
    pub protocol: Protocol,
    /// The page's description; absent, none is quoted.
    pub description: Option<String>,
    /// Hosts; the first is the default.
    pub endpoints: Vec<Endpoint>,
    /// Supported regions, when documented.
    pub regions: Option<Vec<String>>,
    /// Rate limits: operation, requests, per seconds.
    pub rate_limits: Vec<RateLimit<String>>,
    /// Types shared by the operations.
    pub types: Vec<TypeDef>,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// The pages its operations transcribe, in path order.
    pub pages: Vec<Page>,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}

/// A host of a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The host; `{region}` stands for the client's region.
    pub host: String,
    /// When to use it.
    pub description: Option<String>,
    /// Hosts used instead of `host` for particular regions, sorted by region id.
    pub region_hosts: Vec<(String, String)>,
}

/// An integer type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntTy {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
}

impl IntTy {
    /// The Rust name.
    pub fn name(self) -> &'static str {
        match self {
            IntTy::I32 => "i32",
            IntTy::I64 => "i64",
            IntTy::U32 => "u32",
            IntTy::U64 => "u64",
        }
    }

    /// The values the type can hold.
    pub fn bounds(self) -> (i128, i128) {
        match self {
            IntTy::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntTy::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntTy::U32 => (0, u32::MAX.into()),
            IntTy::U64 => (0, u64::MAX.into()),
        }
    }
}

/// Where a named type is defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// In the service file, shared by its operations.
    Service,
    /// In the operation file.
    Operation,
}

/// A type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    /// Text.
    String,
    /// Boolean.
    Bool,
    /// Integer.
    Int(IntTy),
    /// List.
    List(Box<Type>),
    /// Named object.
    Object(String, Scope),
    /// Named enumeration.
    Enum(String, Scope),
}

impl Type {
    /// The item type of a list, or the type itself.
    pub fn item(&self) -> &Type {
        match self {
            Type::List(t) => t,
            t => t,
        }
    }

    /// Whether it is a list.
    pub fn is_list(&self) -> bool {
        matches!(self, Type::List(_))
    }

    /// Whether values of it are scalars on the wire (strings, numbers, booleans, enums).
    pub fn is_scalar(&self) -> bool {
        !matches!(self, Type::List(_) | Type::Object(..))
    }

    /// How the spec writes it.
    pub fn spec_name(&self) -> String {
        match self {
            Type::String => "string".into(),
            Type::Bool => "bool".into(),
            Type::Int(i) => i.name().into(),
            Type::List(t) => format!("list<{}>", t.spec_name()),
            Type::Object(n, _) | Type::Enum(n, _) => n.clone(),
        }
    }
}

/// A named type.
#[derive(Clone, Debug)]
pub enum TypeDef {
    /// An object.
    Object(ObjectDef),
    /// An enumeration.
    Enum(EnumDef),
}

impl TypeDef {
    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Object(o) => &o.name,
            TypeDef::Enum(e) => &e.name,
        }
    }
}

/// Whether a type is part of a request (strict, validated) or a response (lenient).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Sent: validated, enums strict.
    Request,
    /// Received: every field optional, enums open.
    Response,
}

/// An object: a request, a response, or a named object type.
#[derive(Clone, Debug)]
pub struct ObjectDef {
    /// The Rust name of the generated type.
    pub name: String,
    /// The page's description, as the generated documentation quotes it.
    pub description: String,
    /// The object's fields, in the page's order.
    pub fields: Vec<Field>,
    /// Rules among them.
    pub rules: Vec<Rule>,
    /// Request or response.
    pub direction: Direction,
    /// Where the page states it; `row` and `quote` absent when it is the page as a whole.
    pub source: SourceRef,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}

/// An enumeration.
#[derive(Clone, Debug)]
pub struct EnumDef {
    /// The Rust name of the generated type.
    pub name: String,
    /// The page's description, as the generated documentation quotes it.
    pub description: String,
    /// The enumeration's values, in the page's order.
    pub values: Vec<EnumValue>,
    /// Request (strict) or response (with an `Unknown` variant).
    pub direction: Direction,
    /// Where the page states it; `row` and `quote` absent when it is the page as a whole.
    pub source: SourceRef,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}

/// A value of an enumeration.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// On the wire.
    pub wire: String,
    /// The Rust variant's name.
    pub rust: String,
    /// What the page says it means; absent, nothing.
    pub description: Option<String>,
}

/// Constraints on a scalar value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checks {
    /// The values an integer may take; absent, any of its type.
    pub range: Option<Interval>,
    /// A string's length in characters; absent, any.
    pub length: Option<Interval>,
    /// The characters a string may hold; absent, any.
    pub charset: Option<Charset>,
    /// A pattern the whole string must match; absent, none.
    pub pattern: Option<Pattern>,
    /// Whether only ASCII characters are allowed.
    pub ascii: bool,
    /// Prefixes a string may not start with; empty, none.
    pub forbidden_prefixes: Vec<Prefix<String>>,
    /// A named format the value must follow; absent, none.
    pub format: Option<Format>,
    /// The constraints above (and, for a field's own checks, its `required`, `enum`, `count`,
    /// `unique` and `order`) that are readings rather than stated by the page.
    pub readings: Readings,
}

impl Checks {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        Checks {
            readings: Readings::NONE,
            ..self.clone()
        } == Checks::default()
    }

    /// What `constraint` rests on.
    pub fn basis(&self, constraint: Constraint) -> Basis {
        self.readings.basis(constraint)
    }
}

/// Allowed characters, as the runtime checks them.
pub type Charset = cloud_backup_runtime::Charset<String>;

/// A whole-value pattern, matched as the runtime matches it.
pub type Pattern = cloud_backup_runtime::Pattern<String>;

pub use crate::formats::{Format, Target as FormatTarget};

/// A field of an object.
#[derive(Clone, Debug)]
pub struct Field {
    /// The name on the wire, exactly as the page spells it.
    pub wire: String,
    /// Rust name, already escaped if a keyword (`r#type`).
    pub rust: String,
    /// The resolved type.
    pub ty: Type,
    /// Whether a request must carry it (`required: true`).
    pub required: bool,
    /// Where it travels (top-level request parameters only).
    pub location: Option<Location>,
    /// Encoding in its wire field.
    pub encoding: Encoding,
    /// Query/form style of a list or object.
    pub style: Option<Style>,
    /// The page's description, as the generated documentation quotes it.
    pub description: String,
    /// Constraints on the value (strings and integers) or the list (format).
    pub checks: Checks,
    /// How many items a list may hold; absent, any number.
    pub count: Option<Interval>,
    /// Whether a list's items must be distinct.
    pub unique: bool,
    /// The order a list's items must keep; absent, any.
    pub order: Option<Order>,
    /// Constraints on each item.
    pub item_checks: Checks,
    /// The default the page documents, in the parameter's JSON form; absent, none.
    pub default: Option<Value>,
    /// Examples, in the JSON form of the parameter.
    pub examples: Vec<Value>,
    /// Whether the value is secret: redacted in `Debug` output and in validation messages.
    pub sensitive: bool,
    /// Whether the client fills in a fresh token when the caller leaves it unset.
    pub idempotency_token: bool,
    /// The service rounds a fractional number down (an integer only).
    pub fractions_rounded_down: bool,
    /// Where the page states it; `row` and `quote` absent when it is the page as a whole.
    pub source: SourceRef,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}

impl Field {
    /// Whether the field must be present, as the page states it (the Rust field is then not
    /// an `Option`). A requirement that is a reading leaves the field optional in Rust.
    pub fn stated_required(&self) -> bool {
        self.required && self.checks.basis(Constraint::Required) == Basis::Stated
    }
}

/// A path from an object to a field, through nested objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPath {
    /// Each step: wire name, Rust name, type, required.
    pub steps: Vec<Step>,
}

/// One step of a [`FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The name on the wire, exactly as the page spells it.
    pub wire: String,
    /// The Rust name, escaped when a keyword.
    pub rust: String,
    /// The type at this step.
    pub ty: Type,
    /// Whether the field is required (so not an `Option` in the struct).
    pub required: bool,
}

impl FieldPath {
    /// `scheduled_policy.frequency`.
    pub fn wire(&self) -> String {
        self.steps
            .iter()
            .map(|s| s.wire.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The last step.
    pub fn last(&self) -> Option<&Step> {
        self.steps.last()
    }
}

/// A condition of a rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// The field takes one of the values.
    In(FieldPath, Vec<Value>),
    /// The field is present (`true`) or absent.
    Present(FieldPath, bool),
    /// Every condition holds.
    All(Vec<Cond>),
    /// Some condition holds.
    Any(Vec<Cond>),
    /// The condition does not hold.
    Not(Box<Cond>),
}

/// A cross-field rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// What it does.
    pub kind: RuleKind,
    /// The rule in words, used in messages and documentation.
    pub message: String,
    /// The spec's own words on the rule, when it gives them besides the generated wording.
    pub description: Option<String>,
    /// Stated by the page (a violation is an error) or a reading (a warning).
    pub basis: Basis,
    /// Where the page states it; `row` and `quote` absent when it is the page as a whole.
    pub source: SourceRef,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}

/// The kinds of rule.
#[derive(Clone, Debug)]
pub enum RuleKind {
    /// Required when the condition holds.
    RequiredIf {
        /// The field it constrains.
        field: FieldPath,
        /// When it applies.
        when: Cond,
    },
    /// May be set only when the condition holds.
    AllowedIf {
        /// The field it constrains.
        field: FieldPath,
        /// When it applies.
        when: Cond,
    },
    /// In the range when the condition holds.
    RangeIf {
        /// The field it constrains.
        field: FieldPath,
        /// When it applies.
        when: Cond,
        /// The range the field must keep while the condition holds.
        range: Interval,
    },
    /// At least one of the fields.
    AtLeastOneOf {
        /// The fields of which one at least must be set.
        fields: Vec<FieldPath>,
        /// The winner when several are set.
        precedence: Option<String>,
    },
    /// A named checker.
    Check {
        /// The checker.
        check: NamedCheck,
        /// Its arguments.
        fields: Vec<FieldPath>,
    },
    /// Documented, not enforced.
    ServerSide {
        /// The fields concerned.
        fields: Vec<FieldPath>,
    },
}

impl RuleKind {
    /// The rule id used in violations.
    pub fn id(&self) -> &'static str {
        match self {
            RuleKind::RequiredIf { .. } => "required_if",
            RuleKind::AllowedIf { .. } => "allowed_if",
            RuleKind::RangeIf { .. } => "range_if",
            RuleKind::AtLeastOneOf { .. } => "at_least_one_of",
            RuleKind::Check { .. } => "check",
            RuleKind::ServerSide { .. } => "server_side",
        }
    }

    /// The fields the rule mentions.
    pub fn fields(&self) -> Vec<&FieldPath> {
        match self {
            RuleKind::RequiredIf { field, when }
            | RuleKind::AllowedIf { field, when }
            | RuleKind::RangeIf { field, when, .. } => {
                let mut v = vec![field];
                cond_fields(when, &mut v);
                v
            }
            RuleKind::AtLeastOneOf { fields, .. }
            | RuleKind::Check { fields, .. }
            | RuleKind::ServerSide { fields } => fields.iter().collect(),
        }
    }
}

fn cond_fields<'a>(c: &'a Cond, out: &mut Vec<&'a FieldPath>) {
    match c {
        Cond::In(p, _) | Cond::Present(p, _) => out.push(p),
        Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| cond_fields(c, out)),
        Cond::Not(c) => cond_fields(c, out),
    }
}

/// A named cross-field checker of the runtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NamedCheck {
    /// The spec's name.
    pub name: &'static str,
    /// The runtime function, under `crate::runtime::formats`.
    pub function: &'static str,
    /// The argument types: (a list of strings, an optional string).
    pub args: &'static [CheckArg],
}

/// An argument kind of a named check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckArg {
    /// A list of strings, passed as `&[String]`; the check runs only when it is present.
    StrList,
    /// An optional string, passed as `Option<&str>`.
    OptStr,
}

/// What supplies a common parameter's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CarriedBy {
    /// The operation's name (`Action`).
    Action,
    /// The service's API version (`Version`).
    Version,
    /// The client's region (`Region`).
    Region,
}

/// A class of characters a `charset` allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharClass {
    /// Letters of any script (`char::is_alphabetic`).
    Letters,
    /// Digits: `0`-`9`, like `ascii_digits`, which the runtime checks the same way.
    Digits,
    /// `a`-`z` and `A`-`Z`.
    AsciiLetters,
    /// `0`-`9`.
    AsciiDigits,
}

/// What the service does with a fractional number sent for an integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fractions {
    /// It rounds the number down.
    RoundedDown,
}

/// A protocol parameter the page lists.
#[derive(Clone, Debug)]
pub struct CommonParameter {
    /// The name as the page spells it.
    pub name: String,
    /// What supplies its value.
    pub carried_by: CarriedBy,
    /// The page's description, as the generated documentation quotes it.
    pub description: String,
    /// The value the page fixes (Action, Version); absent for a region.
    pub value: Option<String>,
}

/// A documented error code.
#[derive(Clone, Debug)]
pub struct ErrorCode {
    /// The code exactly as the service returns it.
    pub code: String,
    /// The Rust variant's name.
    pub rust: String,
    /// The HTTP status the page gives with the code; absent, not given.
    pub http_status: Option<u16>,
    /// The message the page gives with the code; absent, none.
    pub message: Option<String>,
    /// What the page says it means; absent, nothing.
    pub description: Option<String>,
}

/// A whole-request example.
#[derive(Clone, Debug)]
pub struct Example {
    /// The example's heading on the page.
    pub title: String,
    /// The page's description; absent, none is quoted.
    pub description: Option<String>,
    /// The request's parameters, as the document shows them.
    pub request: Option<serde_json::Map<String, Value>>,
    /// Path parameters added so that the example validates.
    pub path_parameters: Vec<(String, String)>,
    /// The response, as the document shows it.
    pub response: Option<Value>,
}

/// An operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `specs/<provider>/<service>/<Operation>.yaml`.
    pub spec_path: String,
    /// The name as the page spells it.
    pub name: String,
    /// `provider.service.Name`.
    pub id: String,
    /// Rust module name.
    pub module: String,
    /// The page's description, as the generated documentation quotes it.
    pub description: String,
    /// The page it transcribes.
    pub page: Page,
    /// The HTTP method of the request.
    pub method: String,
    /// HTTP path template.
    pub path: String,
    /// Protocol parameters.
    pub common_parameters: Vec<CommonParameter>,
    /// The request.
    pub request: ObjectDef,
    /// Named types of the request.
    pub types: Vec<TypeDef>,
    /// The response.
    pub response: ObjectDef,
    /// Named types of the response.
    pub response_types: Vec<TypeDef>,
    /// The error codes the page lists; empty when it lists none.
    pub errors: Vec<ErrorCode>,
    /// HTTP statuses the page documents, with their meaning; empty when it gives none.
    pub status_codes: Vec<(u16, String)>,
    /// Whole-request examples from the page; empty when it gives none.
    pub examples: Vec<Example>,
    /// The author's decisions where the page is vague; empty when it is not.
    pub notes: Vec<Note>,
}
