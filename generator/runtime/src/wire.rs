//! Wire encodings: enumerations as their documented strings, and the serde of response
//! members, some of which travel as a string holding JSON (`json_text`) or a comma-joined list
//! (`comma_list`).

use std::fmt;

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::vocabulary::Encoding;

/// A request enumeration: the documented string values, and `Undocumented` for a value the
/// spec does not list, sent verbatim.
pub trait WireEnum: Sized + Clone + PartialEq + 'static {
    /// Every documented value, in the documented order.
    const ALL: &'static [Self];

    /// The wire strings of [`ALL`](WireEnum::ALL), in the same order.
    const WIRE: &'static [&'static str];

    /// [`WIRE`](WireEnum::WIRE) behind a thin reference.
    const LISTED: &'static &'static [&'static str] = &Self::WIRE;

    /// The value as sent on the wire.
    fn as_str(&self) -> &str;

    /// A value the spec does not list.
    fn undocumented(value: String) -> Self;
}

/// The documented value whose wire string is `s`, or `Undocumented(s)`.
pub fn enum_from_wire<T: WireEnum>(s: &str) -> T {
    // Instantiated for every enumeration: no closures.
    if let Some(i) = wire_index(s, T::WIRE) {
        if let Some(v) = T::ALL.get(i) {
            return v.clone();
        }
    }
    T::undocumented(s.to_owned())
}

/// The place of `wire` in `listed`, in a constant. Meant for constants, where a wire string
/// that is not listed stops compilation.
#[allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "evaluated in constants, where a panic is a compile error; specgen refuses an \
              enumeration of more than 65,535 values (E0316)"
)]
pub const fn rank_of(listed: &[&str], wire: &str) -> u16 {
    let mut i = 0;
    while i < listed.len() {
        let (a, b) = (listed[i].as_bytes(), wire.as_bytes());
        if a.len() == b.len() {
            let mut k = 0;
            while k < a.len() && a[k] == b[k] {
                k += 1;
            }
            if k == a.len() {
                return i as u16;
            }
        }
        i += 1;
    }
    panic!("an enumeration's wire string is not in its own list")
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
        // Default methods are instantiated for every enumeration: plain loops, no closures.
        for (v, wire) in Self::KNOWN {
            if *wire == value {
                return v.clone();
            }
        }
        Self::unknown(value.to_owned())
    }

    /// The string as received.
    fn as_str(&self) -> &str {
        if let Some(value) = self.unknown_str() {
            return value;
        }
        for (v, wire) in Self::KNOWN {
            if v == self {
                return wire;
            }
        }
        ""
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
/// The enumeration gets an `Undocumented(String)` variant for a value the spec does not list,
/// [`WireEnum`], the inherent `ALL`, `as_str`, `from_wire` and `is_documented`, `Display`,
/// `FromStr` (documented values only), serde (which reads an unlisted string as
/// `Undocumented`, for validation to judge), and its place in generated objects.
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
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vattr])* $variant, )*
            /// A value the spec does not list, sent verbatim: for a provider that has added
            /// values since. Validation reports it as an error naming the documented values (a
            /// warning where the spec's list is its own reading), so the strict and standard
            /// modes refuse it and the warn and off modes send it.
            Undocumented(::std::string::String),
        }

        impl $crate::WireEnum for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),*];

            const WIRE: &'static [&'static str] = &[$($wire),*];

            fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Undocumented(value) => value,
                }
            }

            fn undocumented(value: ::std::string::String) -> Self {
                Self::Undocumented(value)
            }
        }

        impl $name {
            /// Every documented value, in the documented order.
            pub const ALL: &'static [Self] = <Self as $crate::WireEnum>::ALL;

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                $crate::WireEnum::as_str(self)
            }

            /// The documented value whose wire string is `value`, or `Undocumented(value)`.
            pub fn from_wire(value: &str) -> Self {
                $crate::wire::enum_from_wire(value)
            }

            /// Whether the value is one the spec lists.
            pub fn is_documented(&self) -> bool {
                <Self as $crate::WireEnum>::WIRE.contains(&self.as_str())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownValue;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                $crate::parse_enum(s)
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
                $crate::deserialize_enum(d)
            }
        }

        impl $crate::Member for $name {
            #[inline]
            fn value(&self) -> $crate::Value<'_> {
                // Each documented value's rank is found when compiling, not on every check.
                match self {
                    $(Self::$variant => {
                        const RANK: u16 = $crate::wire::rank_of(
                            <$name as $crate::WireEnum>::WIRE,
                            $wire,
                        );
                        $crate::Value::Enum($wire, RANK)
                    })*
                    Self::Undocumented(value) => $crate::object::undocumented_value(
                        value,
                        <$name as $crate::WireEnum>::LISTED,
                    ),
                }
            }
        }

        impl $crate::Item for $name {}
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

        impl $crate::OpenEnum for $name {
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
                $crate::OpenEnum::from_wire(value)
            }

            /// The string as received.
            pub fn $to(&self) -> &str {
                $crate::OpenEnum::as_str(self)
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
    // Instantiated for every enumeration: no closures, and the error built once.
    if let Some(i) = wire_index(s, T::WIRE) {
        if let Some(v) = T::ALL.get(i) {
            return Ok(v.clone());
        }
    }
    Err(unknown_value(s, T::WIRE))
}

fn unknown_value(s: &str, wire: &[&'static str]) -> UnknownValue {
    UnknownValue {
        value: s.to_owned(),
        allowed: wire.to_vec(),
    }
}

/// The index of `s` among wire strings; not generic, so compiled once.
pub(crate) fn wire_index(s: &str, wire: &[&str]) -> Option<usize> {
    wire.iter().position(|w| *w == s)
}

/// Deserializes an enumeration from its wire string; a string the spec does not list becomes
/// `Undocumented`, which validation judges.
pub fn deserialize_enum<'de, D: Deserializer<'de>, T: WireEnum>(
    deserializer: D,
) -> Result<T, D::Error> {
    let s = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
    Ok(enum_from_wire(&s))
}

/// Splits a comma-joined string; the empty string is the empty list.
pub fn split_items(text: &str) -> Vec<&str> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split(',').collect()
    }
}

/// Why a value is not in the encoding its field or member travels in.
pub(crate) enum NotEncoded {
    /// JSON text and comma-joined lists travel as strings.
    NotAString,
    /// The string does not hold JSON.
    NotJson(serde_json::Error),
}

/// The plain JSON form of a value in `encoding`: the JSON a string holds, or the list of
/// strings a comma-joined one holds.
pub(crate) fn plain_form(
    value: &serde_json::Value,
    encoding: Encoding,
) -> Result<std::borrow::Cow<'_, serde_json::Value>, NotEncoded> {
    use std::borrow::Cow;
    let text = match (encoding, value) {
        (Encoding::Plain, _) => return Ok(Cow::Borrowed(value)),
        (_, serde_json::Value::String(text)) => text,
        _ => return Err(NotEncoded::NotAString),
    };
    if encoding == Encoding::JsonText {
        return serde_json::from_str(text)
            .map(Cow::Owned)
            .map_err(NotEncoded::NotJson);
    }
    let items = split_items(text)
        .into_iter()
        .map(|item| serde_json::Value::String(item.to_owned()));
    Ok(Cow::Owned(serde_json::Value::Array(items.collect())))
}

// ---------------------------------------------------------------------------------------------
// Responses

/// The members of a received JSON object, taken one by one by a response's `Deserialize`
/// (`rt::response!`): members it does not take are ignored.
#[derive(Debug)]
pub struct Members(serde_json::Map<String, serde_json::Value>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Reads a JSON object member by member, refusing a name given twice (as a derived
/// `Deserialize` does) rather than keeping one of them silently.
struct MembersVisitor;

impl<'de> serde::de::Visitor<'de> for MembersVisitor {
    type Value = Members;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
        let mut members = serde_json::Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if members.contains_key(&name) {
                return Err(A::Error::custom(format!("duplicate member `{name}`")));
            }
            let value = map.next_value()?;
            members.insert(name, value);
        }
        Ok(Members(members))
    }
}

impl Members {
    /// The member `wire` in `encoding`, decoded; `None` when absent or null.
    pub fn take<T: DeserializeOwned>(
        &mut self,
        wire: &str,
        encoding: Encoding,
    ) -> Result<Option<T>, String> {
        // Instantiated for every member type: the rest is `take_plain`.
        match self.take_plain(wire, encoding) {
            Ok(Some(plain)) => match serde_json::from_value(plain) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(format!("member `{wire}`: {e}")),
            },
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The member `wire`, its encoding undone.
    fn take_plain(
        &mut self,
        wire: &str,
        encoding: Encoding,
    ) -> Result<Option<serde_json::Value>, String> {
        let value = match self.0.remove(wire) {
            None | Some(serde_json::Value::Null) => return Ok(None),
            Some(value) => value,
        };
        if encoding == Encoding::Plain {
            return Ok(Some(value));
        }
        match plain_form(&value, encoding) {
            Ok(plain) => Ok(Some(plain.into_owned())),
            Err(NotEncoded::NotAString) => Err(format!(
                "member `{wire}`: expected a string, found {}",
                kind(&value)
            )),
            Err(NotEncoded::NotJson(e)) => Err(format!(
                "member `{wire}`: the string does not hold JSON: {e}"
            )),
        }
    }
}

/// A response member to write in its encoding.
pub struct Written<'a, T>(pub &'a T, pub Encoding);

impl<T: Serialize> Serialize for Written<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            Encoding::Plain => self.0.serialize(serializer),
            Encoding::JsonText => {
                let text = serde_json::to_string(self.0).map_err(S::Error::custom)?;
                serializer.serialize_str(&text)
            }
            Encoding::CommaList => {
                let value = serde_json::to_value(self.0).map_err(S::Error::custom)?;
                serializer.serialize_str(&join_items(&value).map_err(S::Error::custom)?)
            }
        }
    }
}

/// Joins the items of a JSON list (strings or numbers) with commas.
fn join_items(list: &serde_json::Value) -> Result<String, String> {
    let serde_json::Value::Array(items) = list else {
        return Err("only a list can be written as comma-separated items".to_owned());
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            serde_json::Value::String(s) if s.contains(',') => {
                return Err(format!(
                    "the item {s:?} contains a comma, which the comma-separated form cannot carry"
                ));
            }
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Number(n) => out.push(n.to_string()),
            other => return Err(format!("cannot write {other} in a comma-separated list")),
        }
    }
    Ok(out.join(","))
}

/// What kind of JSON value this is, for messages: `an array`.
pub(crate) fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use crate as rt;

    #[test]
    fn ranks_are_places_in_the_list() {
        let listed = ["Mon", "Monday", "Fri", ""];
        let ranks = ["Mon", "Monday", "Fri", ""].map(|wire| rt::wire::rank_of(&listed, wire));
        assert_eq!(ranks, [0, 1, 2, 3]);
    }

    /// Evaluated in a constant, this panic stops compilation with its message.
    #[test]
    #[should_panic(expected = "an enumeration's wire string is not in its own list")]
    fn a_wire_string_not_listed_has_no_rank() {
        rt::wire::rank_of(&["Mon", "Monday"], "Mond");
    }

    rt::response! {
        /// A response with encoded members.
        pub struct Holder {
            /// Days, comma-joined.
            days: Vec<String> = "Days" with CommaList,
            /// Numbers, as JSON text.
            inner: Vec<u32> = "Inner" with JsonText,
            /// A plain member.
            name: String = "Name",
        }
    }

    rt::wire_enum! {
        /// A day.
        pub enum Day {
            /// Monday.
            Monday = "Monday",
            /// Friday.
            Friday = "Friday",
        }
    }

    rt::response! {
        /// A response holding others.
        pub struct Outer {
            /// One nested response.
            holder: Holder = "Holder",
            /// A list of them.
            holders: Vec<Holder> = "Holders",
            /// Enumerations, comma-joined.
            days: Vec<Day> = "Days" with CommaList,
        }
    }

    rt::response! {
        /// A response without members.
        pub struct Empty {}
    }

    #[test]
    fn nested_responses_and_enumerations_round_trip() {
        let v = serde_json::json!({
            "Holder": {"Name": "a", "Days": "Monday"},
            "Holders": [{"Inner": "[3]"}, {}],
            "Days": "Friday,Monday",
        });
        let o: Outer = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.days, Some(vec![Day::Friday, Day::Monday]));
        let holders = o.holders.clone().unwrap_or_default();
        assert_eq!(holders.len(), 2);
        assert_eq!(holders[0].inner, Some(vec![3]));
        assert_eq!(o.holder.as_ref().and_then(|h| h.name.as_deref()), Some("a"));
        assert_eq!(serde_json::to_value(&o).ok(), Some(v));

        assert_refused::<Outer>(
            r#"{"Holders": [{}, {"Name": 1}]}"#,
            "member `Holders`: member `Name`: invalid type: integer `1`, expected a string",
        );
        // A value the spec does not list is kept, for validation to judge; parsing one from a
        // string in Rust is strict.
        let sunday: Outer = serde_json::from_str(r#"{"Days": "Sunday,Monday"}"#).unwrap();
        let sunday_days = sunday.days.unwrap_or_default();
        assert_eq!(
            sunday_days,
            [Day::Undocumented("Sunday".into()), Day::Monday]
        );
        assert!(!sunday_days[0].is_documented() && sunday_days[1].is_documented());
        assert_eq!(sunday_days[0].as_str(), "Sunday");
        let unknown = "Sunday".parse::<Day>().err().map(|e| e.to_string());
        assert_eq!(
            unknown.as_deref(),
            Some(r#"unknown value "Sunday"; expected one of: Monday, Friday"#)
        );
        assert_eq!(Day::from_wire("Friday"), Day::Friday);
        assert_eq!(Day::ALL, [Day::Monday, Day::Friday]);
    }

    /// Asserts that `text` does not deserialize as a `T`, with an error starting `expected`.
    fn assert_refused<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        text: &str,
        expected: &str,
    ) {
        let e = serde_json::from_str::<T>(text).map_err(|e| e.to_string());
        assert!(
            e.as_ref().is_err_and(|e| e.starts_with(expected)),
            "{text}: {e:?}"
        );
    }

    #[test]
    fn a_member_given_twice_is_refused() {
        assert_refused::<Holder>(r#"{"Name": "a", "Name": "b"}"#, "duplicate member `Name`");
        assert_refused::<Holder>(r#"{"Name": 1}"#, "member `Name`: invalid type: integer `1`");
    }

    #[test]
    fn a_response_without_members_reads_any_object() {
        let e: Option<Empty> = serde_json::from_str(r#"{"Anything": [1]}"#).ok();
        assert_eq!(e, Some(Empty {}));
        assert_eq!(serde_json::to_string(&Empty {}).ok().as_deref(), Some("{}"));
    }

    #[test]
    fn encodings_round_trip() {
        let h = Holder {
            days: Some(vec!["Monday".into(), "Friday".into()]),
            inner: Some(vec![1, 2]),
            name: None,
        };
        let v = serde_json::to_value(&h).unwrap_or_default();
        assert_eq!(
            v,
            serde_json::json!({"Days": "Monday,Friday", "Inner": "[1,2]"})
        );
        let back: Holder = serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, h);
        let empty = Holder {
            days: Some(vec![]),
            ..Holder::default()
        };
        let v = serde_json::to_value(&empty).unwrap_or_default();
        assert_eq!(v, serde_json::json!({"Days": ""}));
        assert_eq!(serde_json::from_value::<Holder>(v).ok(), Some(empty));
    }

    #[test]
    fn members_are_written_in_declaration_order() {
        let h = Holder {
            name: Some("n".into()),
            days: Some(vec!["a".into()]),
            inner: None,
        };
        let text = serde_json::to_string(&h).unwrap_or_default();
        assert_eq!(text, r#"{"Days":"a","Name":"n"}"#);
    }

    #[test]
    fn unknown_and_null_members_are_ignored() {
        let v = serde_json::json!({"Name": "n", "Inner": null, "Other": [1, {"x": 2}]});
        let h: Holder = serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(h.name.as_deref(), Some("n"));
        assert_eq!(h.inner, None);
        assert_eq!(h.days, None);
    }

    #[test]
    fn a_wrong_member_is_named_in_the_error() {
        let cases = [
            (r#"{"Name": 3}"#, "member `Name`: invalid type: integer `3`"),
            (
                r#"{"Inner": "[1,"}"#,
                "member `Inner`: the string does not hold JSON",
            ),
            (
                r#"{"Inner": [1]}"#,
                "member `Inner`: expected a string, found an array",
            ),
            (
                r#"{"Days": "a", "Inner": "[-1]"}"#,
                "member `Inner`: invalid value: integer `-1`",
            ),
            ("[1]", "invalid type: sequence, expected a JSON object"),
        ];
        for (text, expected) in cases {
            assert_refused::<Holder>(text, expected);
        }
    }

    #[test]
    fn commas_inside_items_are_refused() {
        let h = Holder {
            days: Some(vec!["a,b".into()]),
            ..Holder::default()
        };
        assert!(serde_json::to_value(&h).is_err());
    }
}
