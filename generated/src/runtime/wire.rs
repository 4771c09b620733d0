//! Wire encodings: enumerations as their documented strings, and the serde adapters for
//! parameters whose wire form is a string holding JSON (`json_text`) or a comma-joined list
//! (`comma_list`).

use std::fmt;

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A request enumeration: a fixed set of documented string values.
pub trait WireEnum: Sized + Copy + PartialEq + 'static {
    /// Every value, in the documented order.
    const ALL: &'static [Self];

    /// The wire strings of [`ALL`](WireEnum::ALL), in the same order.
    const WIRE: &'static [&'static str];

    /// The value as sent on the wire.
    fn as_str(&self) -> &'static str {
        let index = Self::ALL.iter().position(|v| v == self);
        index
            .and_then(|i| Self::WIRE.get(i))
            .copied()
            .unwrap_or_default()
    }
}

/// A received enumeration or error code: documented values, and `Unknown` for the rest.
pub trait OpenEnum: Sized + Clone + PartialEq + 'static {
    /// The documented values with their wire strings.
    const KNOWN: &'static [(Self, &'static str)];

    /// A value the table does not list, kept as received.
    fn unknown(value: String) -> Self;

    /// The received string of an unknown value; `None` for documented ones.
    fn unknown_str(&self) -> Option<&str>;

    /// The value for a received string.
    fn from_wire(value: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|(_, wire)| *wire == value)
            .map_or_else(|| Self::unknown(value.to_owned()), |(v, _)| v.clone())
    }

    /// The string as received.
    fn as_str(&self) -> &str {
        match self.unknown_str() {
            Some(value) => value,
            None => Self::KNOWN
                .iter()
                .find(|(v, _)| v == self)
                .map_or("", |(_, wire)| wire),
        }
    }
}

/// A request enumeration, one line per value:
///
/// ```text
/// rt::wire_enum! {
///     /// Docs of the enumeration.
///     pub enum Period {
///         /// Docs of the value.
///         Month = "Month",
///         Year = "Year",
///     }
/// }
/// ```
///
/// The enumeration gets [`WireEnum`], the inherent `ALL` and `as_str`, `Display`, `FromStr`,
/// serde, and its place in generated objects.
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $( $(#[$vattr:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vattr])* $variant, )*
        }

        impl $crate::runtime::WireEnum for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),*];

            const WIRE: &'static [&'static str] = &[$($wire),*];

            fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }

        impl $name {
            /// Every value, in the documented order.
            pub const ALL: &'static [Self] = <Self as $crate::runtime::WireEnum>::ALL;

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                $crate::runtime::WireEnum::as_str(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::runtime::UnknownValue;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                $crate::runtime::parse_enum(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_enum(d)
            }
        }

        impl $crate::runtime::Member for $name {
            fn value(&self) -> $crate::runtime::Value<'_> {
                $crate::runtime::Value::Enum(self.as_str())
            }
        }

        impl $crate::runtime::Item for $name {}
    };
}
pub use crate::__wire_enum as wire_enum;

/// A received enumeration or an operation's error codes, one line per documented value, with
/// an `Unknown(String)` variant (documented by the literal) for the rest:
///
/// ```text
/// rt::open_enum! {
///     /// Docs of the enumeration.
///     pub enum Status (from_wire, as_str, "A value this version does not know.") {
///         /// Docs of the value.
///         Running = "running",
///     }
/// }
/// ```
///
/// The enumeration gets [`OpenEnum`], the inherent constructor and accessor under the given
/// names, `Display`, and serde.
#[doc(hidden)]
#[macro_export]
macro_rules! __open_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident ($from:ident, $to:ident, $unknown:literal) {
            $( $(#[$vattr:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vattr])* $variant, )*
            #[doc = $unknown]
            Unknown(::std::string::String),
        }

        impl $crate::runtime::OpenEnum for $name {
            const KNOWN: &'static [(Self, &'static str)] = &[$((Self::$variant, $wire)),*];

            fn unknown(value: ::std::string::String) -> Self {
                Self::Unknown(value)
            }

            fn unknown_str(&self) -> ::std::option::Option<&str> {
                // A table of no documented values leaves `Unknown` the only variant.
                #[allow(unreachable_patterns)]
                match self {
                    Self::Unknown(value) => ::std::option::Option::Some(value),
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl $name {
            /// The variant for a received string; undocumented ones are kept in `Unknown`.
            pub fn $from(value: &str) -> Self {
                $crate::runtime::OpenEnum::from_wire(value)
            }

            /// The string as received.
            pub fn $to(&self) -> &str {
                $crate::runtime::OpenEnum::as_str(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.$to())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.$to())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value: ::std::borrow::Cow<'de, str> = ::serde::Deserialize::deserialize(d)?;
                ::std::result::Result::Ok(Self::$from(&value))
            }
        }
    };
}
pub use crate::__open_enum as open_enum;

/// A string that is not a value of an enumeration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    /// What was given.
    pub value: String,
    /// What is allowed.
    pub allowed: Vec<&'static str>,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown value {:?}; expected one of: {}",
            self.value,
            self.allowed.join(", ")
        )
    }
}

impl std::error::Error for UnknownValue {}

/// The enumeration value whose wire string is `s` (case-sensitive, as documented).
pub fn parse_enum<T: WireEnum>(s: &str) -> Result<T, UnknownValue> {
    let value = wire_index(s, T::WIRE).and_then(|i| T::ALL.get(i).copied());
    value.ok_or_else(|| UnknownValue {
        value: s.to_owned(),
        allowed: T::WIRE.to_vec(),
    })
}

/// The index of `s` among wire strings; not generic, so compiled once.
fn wire_index(s: &str, wire: &[&str]) -> Option<usize> {
    wire.iter().position(|w| *w == s)
}

/// Deserializes an enumeration from its wire string.
pub fn deserialize_enum<'de, D: Deserializer<'de>, T: WireEnum>(
    deserializer: D,
) -> Result<T, D::Error> {
    let s = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
    parse_enum(&s).map_err(D::Error::custom)
}

/// A typed value travelling as a string of compact JSON.
pub mod json_text {
    use super::*;

    /// Writes the value as a string of compact JSON.
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(value).map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// Reads the value from a string of JSON.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        serde_json::from_str(&text).map_err(D::Error::custom)
    }
}

/// [`json_text`] for optional fields.
pub mod json_text_opt {
    use super::*;

    /// Writes the value as a string of compact JSON.
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => json_text::serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads the value from a string of JSON.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        match Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)? {
            Some(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(D::Error::custom),
            None => Ok(None),
        }
    }
}

/// Joins list items (strings or enumerations) with commas.
pub fn join_items<T: Serialize>(items: &[T]) -> Result<String, String> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match serde_json::to_value(item).map_err(|e| e.to_string())? {
            serde_json::Value::String(s) => {
                if s.contains(',') {
                    return Err(format!(
                        "the item {s:?} contains a comma, which the comma-separated form cannot carry"
                    ));
                }
                out.push(s);
            }
            serde_json::Value::Number(n) => out.push(n.to_string()),
            other => return Err(format!("cannot write {other} in a comma-separated list")),
        }
    }
    Ok(out.join(","))
}

/// Splits a comma-joined string; the empty string is the empty list.
pub fn split_items(text: &str) -> Vec<&str> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split(',').collect()
    }
}

/// A list travelling as one string of comma-separated items (`Monday,Friday`).
pub mod comma_list {
    use super::*;

    /// Writes the items joined by commas.
    pub fn serialize<T: Serialize, S: Serializer>(
        items: &[T],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&join_items(items).map_err(S::Error::custom)?)
    }

    /// Reads the items from a comma-joined string.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<T>, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        split_items(&text)
            .into_iter()
            .map(|item| {
                T::deserialize(serde_json::Value::String(item.to_owned())).map_err(D::Error::custom)
            })
            .collect()
    }
}

/// [`comma_list`] for optional fields.
pub mod comma_list_opt {
    use super::*;

    /// Writes the items joined by commas.
    pub fn serialize<T: Serialize, S: Serializer>(
        items: &Option<Vec<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match items {
            Some(v) => comma_list::serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads the items from a comma-joined string.
    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<T>>, D::Error> {
        match Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)? {
            Some(text) => split_items(&text)
                .into_iter()
                .map(|item| {
                    T::deserialize(serde_json::Value::String(item.to_owned()))
                        .map_err(D::Error::custom)
                })
                .collect::<Result<Vec<T>, D::Error>>()
                .map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Holder {
        #[serde(with = "comma_list")]
        days: Vec<String>,
        #[serde(
            with = "json_text_opt",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        inner: Option<Vec<u32>>,
    }

    #[test]
    fn encodings_round_trip() {
        let h = Holder {
            days: vec!["Monday".into(), "Friday".into()],
            inner: Some(vec![1, 2]),
        };
        let v = serde_json::to_value(&h).unwrap_or_default();
        assert_eq!(
            v,
            serde_json::json!({"days": "Monday,Friday", "inner": "[1,2]"})
        );
        let back: Holder = serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, h);
        let empty = Holder {
            days: vec![],
            inner: None,
        };
        let v = serde_json::to_value(&empty).unwrap_or_default();
        assert_eq!(v, serde_json::json!({"days": ""}));
        assert_eq!(serde_json::from_value::<Holder>(v).ok(), Some(empty));
    }

    #[test]
    fn commas_inside_items_are_refused() {
        let h = Holder {
            days: vec!["a,b".into()],
            inner: None,
        };
        assert!(serde_json::to_value(&h).is_err());
    }
}
