//! What a check rests on. A constraint or rule of a spec is either **stated** by the provider's
//! page (the spec quotes where) or a **reading** of the spec's author (a note says why). A
//! request that breaks a stated check is refused; one that breaks a reading only draws a
//! warning, so that the crate never refuses what the page allows.
//!
//! The generator uses this module too: the spec's words for constraints and the runtime's
//! are one table.

/// What a check rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Basis {
    /// The page states it: a violation is an error.
    Stated,
    /// The spec's author reads it into the page: a violation is a warning.
    Reading,
}

impl Basis {
    /// The spec's word: `stated` or `reading`.
    pub const fn word(self) -> &'static str {
        match self {
            Basis::Stated => "stated",
            Basis::Reading => "reading",
        }
    }
}

/// A constraint on one field's value (or on each item of a list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Constraint {
    /// The field must be present.
    Required,
    /// The value is one of the enumeration's documented values.
    Enum,
    /// An integer lies in an interval.
    Range,
    /// A string's length in characters lies in an interval.
    Length,
    /// A list's number of items lies in an interval.
    Count,
    /// A list's items are distinct.
    Unique,
    /// A list's items keep an order.
    Order,
    /// A string holds only allowed characters.
    Charset,
    /// A string matches a pattern.
    Pattern,
    /// A string is ASCII.
    Ascii,
    /// A string does not start with a forbidden prefix.
    Prefix,
    /// A value meets a named format.
    Format,
}

impl Constraint {
    /// Every constraint, in the order the checker judges them.
    pub const ALL: &'static [Constraint] = &[
        Constraint::Required,
        Constraint::Enum,
        Constraint::Range,
        Constraint::Length,
        Constraint::Count,
        Constraint::Unique,
        Constraint::Order,
        Constraint::Charset,
        Constraint::Pattern,
        Constraint::Ascii,
        Constraint::Prefix,
        Constraint::Format,
    ];

    /// The spec's key for it (`forbidden_prefixes`, `range`, ...).
    pub const fn key(self) -> &'static str {
        match self {
            Constraint::Prefix => "forbidden_prefixes",
            other => other.rule(),
        }
    }

    /// The rule a violation of it names (`prefix`, `range`, ...).
    pub const fn rule(self) -> &'static str {
        match self {
            Constraint::Required => "required",
            Constraint::Enum => "enum",
            Constraint::Range => "range",
            Constraint::Length => "length",
            Constraint::Count => "count",
            Constraint::Unique => "unique",
            Constraint::Order => "order",
            Constraint::Charset => "charset",
            Constraint::Pattern => "pattern",
            Constraint::Ascii => "ascii",
            Constraint::Prefix => "prefix",
            Constraint::Format => "format",
        }
    }

    /// The constraint whose spec key is `key`.
    pub fn from_key(key: &str) -> Option<Constraint> {
        Constraint::ALL.iter().copied().find(|c| c.key() == key)
    }

    /// Whether it can constrain each item of a list (under `items:` in a spec).
    pub const fn applies_to_items(self) -> bool {
        matches!(
            self,
            Constraint::Range
                | Constraint::Length
                | Constraint::Charset
                | Constraint::Pattern
                | Constraint::Ascii
                | Constraint::Prefix
                | Constraint::Format
        )
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The constraints of a value (or of the items of a list) that are readings; the others it
/// has are stated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Readings(u16);

impl Readings {
    /// No reading: every constraint is stated.
    pub const NONE: Readings = Readings(0);

    /// The same set with `constraint` added.
    #[must_use]
    pub const fn with(self, constraint: Constraint) -> Readings {
        Readings(self.0 | constraint.bit())
    }

    /// Whether `constraint` is a reading.
    pub const fn contains(self, constraint: Constraint) -> bool {
        self.0 & constraint.bit() != 0
    }

    /// The basis of `constraint`.
    pub const fn basis(self, constraint: Constraint) -> Basis {
        if self.contains(constraint) {
            Basis::Reading
        } else {
            Basis::Stated
        }
    }

    /// Whether there is no reading.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The readings, in the order of [`Constraint::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Constraint> {
        Constraint::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_rules_name_each_constraint_once() {
        for (i, a) in Constraint::ALL.iter().enumerate() {
            assert_eq!(Constraint::from_key(a.key()), Some(*a));
            for b in &Constraint::ALL[i + 1..] {
                assert_ne!(a.key(), b.key());
                assert_ne!(a.rule(), b.rule());
                assert_ne!(a.bit(), b.bit());
            }
        }
        assert_eq!(Constraint::Prefix.key(), "forbidden_prefixes");
        assert_eq!(Constraint::Prefix.rule(), "prefix");
        assert_eq!(Constraint::from_key("prefix"), None);
    }

    #[test]
    fn readings_hold_exactly_what_was_added() {
        let r = Readings::NONE
            .with(Constraint::Range)
            .with(Constraint::Format);
        for c in Constraint::ALL {
            let expected = matches!(c, Constraint::Range | Constraint::Format);
            assert_eq!(r.contains(*c), expected, "{c:?}");
            assert_eq!(
                r.basis(*c),
                if expected {
                    Basis::Reading
                } else {
                    Basis::Stated
                }
            );
        }
        assert_eq!(
            r.iter().collect::<Vec<_>>(),
            [Constraint::Range, Constraint::Format]
        );
        assert!(Readings::NONE.is_empty() && !r.is_empty());
    }
}
