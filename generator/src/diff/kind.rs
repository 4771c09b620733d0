//! The kinds of change and how each is classified: whether it breaks Rust code, the wire, or
//! neither, and the semver bump it needs.
//!
//! The impact of each kind that is not a constraint's is written beside it, in the table that
//! makes [`ChangeKind`]: documentation, defaults, sensitivity and examples are
//! [`Impact::Invisible`] (a patch), and whatever else breaks neither is [`Impact::Compatible`]
//! (a minor bump). Constraints, requirements and rules follow their basis.
//!
//! Changes are judged on the default validation mode, where a stated check refuses a request
//! and a reading only warns. A constraint is one of [`ConstraintKind`] (`{c}` below), or `enum`,
//! `required` and `rule` for the kinds that name them:
//!
//! | kind | API | wire | why |
//! | --- | --- | --- | --- |
//! | `{c}_tightened`, `{c}_changed` | yes | yes | a stated check refuses requests it accepted |
//! | `{c}_loosened` | no | no | a stated check accepts more (or is gone) |
//! | `{c}_became_stated`, `enum_became_stated`, `rule_became_stated` | yes | yes | a reading now refuses what it only warned about |
//! | `{c}_became_reading`, `enum_became_reading`, `rule_became_reading` | no | no | a stated check now only warns |
//! | `required_became_stated` | yes | yes | leaving the field out is refused, and its Rust field is no longer an `Option` |
//! | `required_became_reading` | yes | no | its Rust field becomes an `Option`; leaving it out only warns |
//! | `reading_{c}_{tightened,loosened,changed}`, `reading_required_{added,removed}`, `reading_rule_{added,removed,changed}` | no | no | only warnings change |
//!
//! How a constraint whose value, basis, or both change is reported:
//! a reading counts as absent for the default mode, so the kind follows the stated side.
//!
//! | before | after | value | kind |
//! | --- | --- | --- | --- |
//! | stated or none | stated or none | changes | `{c}_{direction}` |
//! | reading or none | reading or none | changes | `reading_{c}_{direction}` |
//! | reading | stated | same | `{c}_became_stated` |
//! | stated | reading | same | `{c}_became_reading` |
//! | reading | stated | tightened or changed | `{c}_tightened`, `{c}_changed` |
//! | reading | stated | loosened | `{c}_became_stated` (the stated check is new: it refuses what was only warned about) |
//! | stated | reading | loosened | `{c}_loosened` |
//! | stated | reading | tightened or changed | `{c}_became_reading` (nothing is refused any more) |
//!
//! Required, as stated (S), a reading (R) or not required (-): - → S `required_added`,
//! S → - `required_removed`, - → R `reading_required_added`, R → - `reading_required_removed`,
//! R → S `required_became_stated`, S → R `required_became_reading`; a parameter added as a
//! required reading is `parameter_added_optional` (its Rust field is an `Option`). A rule
//! added, removed or changed is `rule_added`, `rule_removed`, `rule_changed` when stated and
//! `reading_rule_*` when a reading on both sides; a reading rule changed into a stated one is
//! `rule_changed`, a stated rule changed into a reading `rule_became_reading`.

use std::fmt;

use serde::{Serialize, Serializer};

use super::Verdict;

/// What a change does to users of the generated crate; each kind of change has exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impact {
    /// Code that compiled no longer does (or behaves differently), and requests valid before
    /// are refused or sent differently.
    BreaksBoth,
    /// Code that compiled no longer does; what is sent is the same.
    BreaksApi,
    /// Requests valid before are refused or sent differently; the code still compiles.
    BreaksWire,
    /// Something a program can observe is added or relaxed.
    Compatible,
    /// Documentation and other changes no program can observe.
    Invisible,
}

impl Impact {
    /// Whether Rust code using the crate breaks.
    pub fn breaking_api(self) -> bool {
        matches!(self, Impact::BreaksBoth | Impact::BreaksApi)
    }

    /// Whether requests valid before are now rejected, or are sent differently.
    pub fn breaking_wire(self) -> bool {
        matches!(self, Impact::BreaksBoth | Impact::BreaksWire)
    }

    /// The bump a change of this impact needs on its own.
    pub fn verdict(self) -> Verdict {
        match self {
            Impact::BreaksBoth | Impact::BreaksApi => Verdict::Major,
            Impact::BreaksWire | Impact::Compatible => Verdict::Minor,
            Impact::Invisible => Verdict::Patch,
        }
    }
}

/// The table of the kinds that are not a constraint's: variant, name in reports, impact, and
/// what the kind means. One table makes the enum, its names, its classification and
/// [`ChangeKind::all`], so that a kind cannot be added without all four (and the catalog of
/// cases, driven by [`ChangeKind::all`], fails until the new kind has a case).
macro_rules! change_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $impact:ident;)*) => {
        /// A kind of change. Its name in reports (and in the JSON output) is snake case:
        /// `operation_removed`, `range_tightened`, `reading_item_length_loosened`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $($(#[doc = $doc])* $variant,)*
            /// A constraint's value or basis changed, as [`ConstraintChange`] tells.
            Constraint(ConstraintKind, ConstraintChange),
        }

        impl ChangeKind {
            /// The kinds other than a constraint's, in the order of the table.
            const PLAIN: &[ChangeKind] = &[$(ChangeKind::$variant,)*];

            /// What this kind of change does to users of the generated crate.
            pub fn impact(self) -> Impact {
                match self {
                    $(ChangeKind::$variant => Impact::$impact,)*
                    ChangeKind::Constraint(_, change) => change.impact(),
                }
            }

        }

        impl fmt::Display for ChangeKind {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(ChangeKind::$variant => f.write_str($name),)*
                    ChangeKind::Constraint(c, change) => change.write(*c, f),
                }
            }
        }
    };
}

change_kinds! {
    /// An operation appeared (or its whole service did).
    OperationAdded = "operation_added", Compatible;
    /// An operation disappeared (or its whole service did).
    OperationRemoved = "operation_removed", BreaksBoth;
    /// A parameter or member that is not required as stated appeared.
    ParameterAddedOptional = "parameter_added_optional", Compatible;
    /// A parameter or member required as stated appeared: its Rust field is no `Option`.
    ParameterAddedRequired = "parameter_added_required", BreaksBoth;
    /// A parameter or member disappeared.
    ParameterRemoved = "parameter_removed", BreaksBoth;
    /// A field's wire name changed and its Rust name did not.
    WireNameChanged = "wire_name_changed", BreaksWire;
    /// The Rust name of a field, enum type, variant, object type or error code changed.
    RustNameChanged = "rust_name_changed", BreaksApi;
    /// A request field's type changed.
    TypeChanged = "type_changed", BreaksBoth;
    /// A field moved (query, body, header, path), or its style changed.
    LocationChanged = "location_changed", BreaksWire;
    /// How a field's value is written on the wire changed (`plain`, `json_text`, ...).
    EncodingChanged = "encoding_changed", BreaksWire;
    /// A field became required, as stated.
    RequiredAdded = "required_added", BreaksBoth;
    /// A field required as stated no longer is: its Rust field becomes an `Option`.
    RequiredRemoved = "required_removed", BreaksApi;
    /// A requirement that was a reading became stated.
    RequiredBecameStated = "required_became_stated", BreaksBoth;
    /// A stated requirement became a reading: leaving the field out only warns, and its Rust
    /// field becomes an `Option`.
    RequiredBecameReading = "required_became_reading", BreaksApi;
    /// A field became required as a reading.
    ReadingRequiredAdded = "reading_required_added", Compatible;
    /// A field required as a reading no longer is.
    ReadingRequiredRemoved = "reading_required_removed", Compatible;
    /// A request enumeration gained a value: Rust matches on it are no longer exhaustive.
    EnumValueAdded = "enum_value_added", BreaksApi;
    /// A request enumeration lost a value.
    EnumValueRemoved = "enum_value_removed", BreaksBoth;
    /// An enumeration's values are listed in another order, which `ALL` and `order`
    /// constraints follow.
    EnumOrderChanged = "enum_order_changed", BreaksBoth;
    /// A response enumeration gained a value (response enums are open).
    ResponseEnumValueAdded = "response_enum_value_added", Compatible;
    /// A response enumeration lost a value.
    ResponseEnumValueRemoved = "response_enum_value_removed", BreaksApi;
    /// A stated rule appeared.
    RuleAdded = "rule_added", BreaksBoth;
    /// A stated rule disappeared.
    RuleRemoved = "rule_removed", Compatible;
    /// A stated rule changed, or a reading changed into a stated rule.
    RuleChanged = "rule_changed", BreaksBoth;
    /// The same rule, a reading before, is stated.
    RuleBecameStated = "rule_became_stated", BreaksBoth;
    /// A stated rule became a reading, changed or not.
    RuleBecameReading = "rule_became_reading", Compatible;
    /// A rule that is a reading appeared.
    ReadingRuleAdded = "reading_rule_added", Compatible;
    /// A rule that is a reading disappeared.
    ReadingRuleRemoved = "reading_rule_removed", Compatible;
    /// A rule that is a reading on both sides changed.
    ReadingRuleChanged = "reading_rule_changed", Compatible;
    /// A field's documented default changed (it is never sent for the caller).
    DefaultChanged = "default_changed", Invisible;
    /// A field became sensitive, or stopped being (only how it is printed changes).
    SensitiveChanged = "sensitive_changed", Invisible;
    /// A field became the idempotency token, or stopped being it.
    IdempotencyTokenChanged = "idempotency_token_changed", BreaksWire;
    /// A response field appeared.
    ResponseFieldAdded = "response_field_added", Compatible;
    /// A response field disappeared.
    ResponseFieldRemoved = "response_field_removed", BreaksApi;
    /// A response field's type changed.
    ResponseFieldTypeChanged = "response_field_type_changed", BreaksApi;
    /// An operation documents a new error code.
    ErrorCodeAdded = "error_code_added", Compatible;
    /// An error code is no longer documented: its Rust variant is gone.
    ErrorCodeRemoved = "error_code_removed", BreaksApi;
    /// A named type no field uses appeared.
    TypeAdded = "type_added", Compatible;
    /// A named type no field uses disappeared.
    TypeRemoved = "type_removed", BreaksApi;
    /// The request line of an operation, or the hosts of a service, changed.
    EndpointChanged = "endpoint_changed", BreaksWire;
    /// The API version sent with each request changed.
    ApiVersionChanged = "api_version_changed", BreaksWire;
    /// The service's protocol changed.
    ProtocolChanged = "protocol_changed", BreaksWire;
    /// More regions are accepted (or the region list was dropped).
    RegionsAdded = "regions_added", Compatible;
    /// Regions are refused that were accepted (or a region list appeared).
    RegionsRemoved = "regions_removed", BreaksBoth;
    /// The documented rate limits changed.
    RateLimitChanged = "rate_limit_changed", Compatible;
    /// Documentation changed, or a server-side rule (which only documents).
    DocChanged = "doc_changed", Invisible;
    /// The document's examples changed.
    ExampleChanged = "example_changed", Invisible;
}

impl ChangeKind {
    /// Every kind a diff can report: the plain kinds, then each constraint with each change
    /// [`ConstraintKind::changes`] allows it.
    pub fn all() -> impl Iterator<Item = ChangeKind> {
        let constraints = ConstraintKind::ALL.iter().flat_map(|&c| {
            c.changes()
                .into_iter()
                .map(move |change| ChangeKind::Constraint(c, change))
        });
        ChangeKind::PLAIN.iter().copied().chain(constraints)
    }

    /// Whether Rust code using the crate breaks (does not compile, or behaves differently).
    pub fn breaking_api(self) -> bool {
        self.impact().breaking_api()
    }

    /// Whether requests valid before are now rejected, or are sent differently.
    pub fn breaking_wire(self) -> bool {
        self.impact().breaking_wire()
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A kind equals its name (`kind == "range_tightened"`).
impl PartialEq<str> for ChangeKind {
    fn eq(&self, name: &str) -> bool {
        /// What is left of the name once the kind's pieces are matched off it.
        struct Rest<'a>(&'a str);
        impl fmt::Write for Rest<'_> {
            fn write_str(&mut self, piece: &str) -> fmt::Result {
                self.0 = self.0.strip_prefix(piece).ok_or(fmt::Error)?;
                Ok(())
            }
        }
        let mut rest = Rest(name);
        fmt::write(&mut rest, format_args!("{self}")).is_ok() && rest.0.is_empty()
    }
}

impl PartialEq<&str> for ChangeKind {
    fn eq(&self, name: &&str) -> bool {
        *self == **name
    }
}

/// Which way a constraint's value moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// It allows less: it was added, or it is within the old one.
    Tightened,
    /// It allows more: it was removed, or it contains the old one.
    Loosened,
    /// Neither is within the other, or the values cannot be ordered.
    Changed,
}

impl Direction {
    /// The word in kinds and summaries.
    pub fn word(self) -> &'static str {
        match self {
            Direction::Tightened => "tightened",
            Direction::Loosened => "loosened",
            Direction::Changed => "changed",
        }
    }
}

/// How a constraint changed. In the default validation mode a reading refuses nothing, so the
/// change is judged by its stated side (see `constraint_kind` in the differ for the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintChange {
    /// The value of a stated check (or of one stated on one side and absent on the other)
    /// moved: `{c}_{direction}`.
    Value(Direction),
    /// The value of a reading moved, with no stated side: `reading_{c}_{direction}`.
    Reading(Direction),
    /// A reading became stated: it refuses what it only warned about. `{c}_became_stated`.
    BecameStated,
    /// A stated check became a reading: nothing is refused any more. `{c}_became_reading`.
    BecameReading,
}

impl ConstraintChange {
    /// The classification of every constraint's change.
    pub fn impact(self) -> Impact {
        match self {
            ConstraintChange::Value(Direction::Tightened | Direction::Changed) => {
                Impact::BreaksBoth
            }
            ConstraintChange::Value(Direction::Loosened) => Impact::Compatible,
            ConstraintChange::Reading(_) => Impact::Compatible,
            ConstraintChange::BecameStated => Impact::BreaksBoth,
            ConstraintChange::BecameReading => Impact::Compatible,
        }
    }

    /// The kind's name for a change of `c`.
    fn write(self, c: ConstraintKind, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = c.name();
        match self {
            ConstraintChange::Value(d) => write!(f, "{c}_{}", d.word()),
            ConstraintChange::Reading(d) => write!(f, "reading_{c}_{}", d.word()),
            ConstraintChange::BecameStated => write!(f, "{c}_became_stated"),
            ConstraintChange::BecameReading => write!(f, "{c}_became_reading"),
        }
    }
}

/// A constraint whose changes are classified by direction and basis: a field's own, its
/// items' (`item_*`), and whether a value must be one of an enumeration's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintKind {
    Range,
    Length,
    Count,
    Pattern,
    Charset,
    Ascii,
    Prefix,
    Format,
    Unique,
    Order,
    /// A value must be one of the enumeration's; the values themselves change as
    /// `enum_value_*`, so only the basis of this one changes.
    Enum,
    ItemRange,
    ItemLength,
    ItemPattern,
    ItemCharset,
    ItemAscii,
    ItemPrefix,
    ItemFormat,
}

impl ConstraintKind {
    /// Every constraint, in the order [`ChangeKind::all`] lists their kinds.
    pub const ALL: [ConstraintKind; 18] = [
        ConstraintKind::Range,
        ConstraintKind::Length,
        ConstraintKind::Count,
        ConstraintKind::Pattern,
        ConstraintKind::Charset,
        ConstraintKind::Ascii,
        ConstraintKind::Prefix,
        ConstraintKind::Format,
        ConstraintKind::Unique,
        ConstraintKind::Order,
        ConstraintKind::Enum,
        ConstraintKind::ItemRange,
        ConstraintKind::ItemLength,
        ConstraintKind::ItemPattern,
        ConstraintKind::ItemCharset,
        ConstraintKind::ItemAscii,
        ConstraintKind::ItemPrefix,
        ConstraintKind::ItemFormat,
    ];

    /// The name in kinds (`item_range`).
    pub fn name(self) -> &'static str {
        match self {
            ConstraintKind::Range => "range",
            ConstraintKind::Length => "length",
            ConstraintKind::Count => "count",
            ConstraintKind::Pattern => "pattern",
            ConstraintKind::Charset => "charset",
            ConstraintKind::Ascii => "ascii",
            ConstraintKind::Prefix => "prefix",
            ConstraintKind::Format => "format",
            ConstraintKind::Unique => "unique",
            ConstraintKind::Order => "order",
            ConstraintKind::Enum => "enum",
            ConstraintKind::ItemRange => "item_range",
            ConstraintKind::ItemLength => "item_length",
            ConstraintKind::ItemPattern => "item_pattern",
            ConstraintKind::ItemCharset => "item_charset",
            ConstraintKind::ItemAscii => "item_ascii",
            ConstraintKind::ItemPrefix => "item_prefix",
            ConstraintKind::ItemFormat => "item_format",
        }
    }

    /// The same constraint on a list's items; `None` for those only a whole field has.
    pub fn of_items(self) -> Option<ConstraintKind> {
        match self {
            ConstraintKind::Range => Some(ConstraintKind::ItemRange),
            ConstraintKind::Length => Some(ConstraintKind::ItemLength),
            ConstraintKind::Pattern => Some(ConstraintKind::ItemPattern),
            ConstraintKind::Charset => Some(ConstraintKind::ItemCharset),
            ConstraintKind::Ascii => Some(ConstraintKind::ItemAscii),
            ConstraintKind::Prefix => Some(ConstraintKind::ItemPrefix),
            ConstraintKind::Format => Some(ConstraintKind::ItemFormat),
            ConstraintKind::Count
            | ConstraintKind::Unique
            | ConstraintKind::Order
            | ConstraintKind::Enum
            | ConstraintKind::ItemRange
            | ConstraintKind::ItemLength
            | ConstraintKind::ItemPattern
            | ConstraintKind::ItemCharset
            | ConstraintKind::ItemAscii
            | ConstraintKind::ItemPrefix
            | ConstraintKind::ItemFormat => None,
        }
    }

    /// The changes this constraint can have. A flag (`ascii`, `unique`) is only added or
    /// removed, never changed; the enumeration's values change as kinds of their own, so only
    /// its basis changes here.
    pub fn changes(self) -> Vec<ConstraintChange> {
        use ConstraintChange::{BecameReading, BecameStated, Reading, Value};
        use Direction::{Changed, Loosened, Tightened};
        let bases = [BecameStated, BecameReading];
        let directions: &[Direction] = match self {
            ConstraintKind::Enum => &[],
            ConstraintKind::Ascii | ConstraintKind::ItemAscii | ConstraintKind::Unique => {
                &[Tightened, Loosened]
            }
            ConstraintKind::Range
            | ConstraintKind::Length
            | ConstraintKind::Count
            | ConstraintKind::Pattern
            | ConstraintKind::Charset
            | ConstraintKind::Prefix
            | ConstraintKind::Format
            | ConstraintKind::Order
            | ConstraintKind::ItemRange
            | ConstraintKind::ItemLength
            | ConstraintKind::ItemPattern
            | ConstraintKind::ItemCharset
            | ConstraintKind::ItemPrefix
            | ConstraintKind::ItemFormat => &[Tightened, Loosened, Changed],
        };
        let values = directions.iter().map(|&d| Value(d));
        let readings = directions.iter().map(|&d| Reading(d));
        values.chain(readings).chain(bases).collect()
    }
}
