//! The words the specs, the generator and the runtime share: how a service talks, where a
//! parameter travels, and how a list or object is written there. Defined once, here, with
//! nothing but `std`, so that `specgen` reads a spec into the very types the generated code
//! runs on.

/// The wire protocol of a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// Tencent Cloud API 3.0: JSON body, TC3-HMAC-SHA256.
    Tc3,
    /// Alibaba Cloud RPC style: query and form parameters, ACS3-HMAC-SHA256 or signature V1.
    AcsRpc,
    /// Huawei Cloud REST: JSON body, SDK-HMAC-SHA256.
    HuaweiRest,
}

impl Protocol {
    /// Every protocol, in the order of the specs' documentation.
    pub const ALL: [Protocol; 3] = [Protocol::Tc3, Protocol::AcsRpc, Protocol::HuaweiRest];

    /// The spec's word for it (`protocol: acs_rpc`).
    pub const fn word(self) -> &'static str {
        match self {
            Protocol::Tc3 => "tc3",
            Protocol::AcsRpc => "acs_rpc",
            Protocol::HuaweiRest => "huawei_rest",
        }
    }

    /// The protocol a spec's word names.
    pub fn from_word(word: &str) -> Option<Protocol> {
        Protocol::ALL.into_iter().find(|p| p.word() == word)
    }

    /// Where a parameter the spec does not know travels, as the providers' SDKs send one: the
    /// query string of an RPC call (as Alibaba Cloud's SDK sends `OwnerId`), the JSON body of
    /// the others.
    pub const fn undocumented_location(self) -> Location {
        match self {
            Protocol::AcsRpc => Location::Query,
            Protocol::Tc3 | Protocol::HuaweiRest => Location::Json,
        }
    }
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The query string.
    Query,
    /// An `application/x-www-form-urlencoded` body.
    Form,
    /// A member of the JSON body.
    Json,
    /// A segment of the URL path (`{name}` in the path template).
    Path,
    /// A header.
    Header,
}

impl Location {
    /// Where it is, for documentation: `the query string`.
    pub const fn words(self) -> &'static str {
        match self {
            Location::Query => "the query string",
            Location::Form => "the form body",
            Location::Json => "the JSON body",
            Location::Path => "the URL path",
            Location::Header => "a header",
        }
    }
}

/// How a list or object travels in a query string or form body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// Flattened into numbered fields: `Rule.1.Schedule`, `Path.1`.
    Numbered,
    /// One field holding compact JSON.
    Json,
}

/// How a field travels inside its object's JSON form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Encoding {
    /// As itself.
    Plain,
    /// As a string holding compact JSON.
    JsonText,
    /// A list as one string of comma-separated items.
    CommaList,
}

/// One end of an [`Interval`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Bound {
    /// The number.
    pub value: i128,
    /// Whether the number itself is allowed.
    pub inclusive: bool,
}

/// Allowed values of an integer, lengths of a string, or item counts of a list, in the specs'
/// notation: `[1,31]`, `[0,30000)`, `(0,)`, `[,64]`. Either end may be open, not both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Interval {
    /// The lower end.
    pub min: Option<Bound>,
    /// The upper end.
    pub max: Option<Bound>,
}

impl Interval {
    /// Reads the notation: `[` or `(`, an optional whole number, `,`, an optional whole number,
    /// `]` or `)`. Spaces around the parts and `_` between digits are allowed. The one parser
    /// of the notation: `specgen` reads specs with it, the generated constants with [`parse`].
    ///
    /// [`parse`]: Interval::parse
    pub const fn try_parse(notation: &str) -> Result<Interval, &'static str> {
        let bytes = trim(notation.as_bytes());
        let (min_inclusive, rest) = match bytes.split_first() {
            Some((b'[', rest)) => (true, rest),
            Some((b'(', rest)) => (false, rest),
            _ => return Err("an interval starts with `[` or `(` and ends with `]` or `)`"),
        };
        let (max_inclusive, inner) = match rest.split_last() {
            Some((b']', inner)) => (true, inner),
            Some((b')', inner)) => (false, inner),
            _ => return Err("an interval starts with `[` or `(` and ends with `]` or `)`"),
        };
        // The comma between the ends.
        let mut lo_len = 0;
        let mut hi = inner;
        loop {
            match hi.split_first() {
                Some((b',', rest)) => {
                    hi = rest;
                    break;
                }
                Some((_, rest)) => {
                    hi = rest;
                    lo_len += 1;
                }
                None => return Err("an interval has two ends separated by a comma"),
            }
        }
        let Some((lo, _)) = inner.split_at_checked(lo_len) else {
            return Err("an interval has two ends separated by a comma");
        };
        let min = match end(lo) {
            Ok(v) => v,
            Err(e) => return Err(e),
        };
        let max = match end(hi) {
            Ok(v) => v,
            Err(e) => return Err(e),
        };
        if min.is_none() && max.is_none() {
            return Err("an interval needs at least one end");
        }
        Ok(Interval {
            min: match min {
                Some(value) => Some(Bound {
                    value,
                    inclusive: min_inclusive,
                }),
                None => None,
            },
            max: match max {
                Some(value) => Some(Bound {
                    value,
                    inclusive: max_inclusive,
                }),
                None => None,
            },
        })
    }

    /// [`try_parse`](Interval::try_parse) for constants, where a malformed interval stops
    /// compilation.
    #[allow(
        clippy::panic,
        reason = "evaluated in constants, where a panic is a compile error"
    )]
    pub const fn parse(notation: &str) -> Interval {
        match Interval::try_parse(notation) {
            Ok(interval) => interval,
            Err(reason) => panic!("{}", reason),
        }
    }

    /// The smallest allowed integer.
    pub const fn lowest(&self) -> Option<i128> {
        match self.min {
            Some(b) if b.inclusive => Some(b.value),
            Some(b) => b.value.checked_add(1),
            None => None,
        }
    }

    /// The largest allowed integer.
    pub const fn highest(&self) -> Option<i128> {
        match self.max {
            Some(b) if b.inclusive => Some(b.value),
            Some(b) => b.value.checked_sub(1),
            None => None,
        }
    }

    /// Whether `v` lies inside.
    pub fn contains(&self, v: i128) -> bool {
        let above = match self.min {
            Some(b) if b.inclusive => v >= b.value,
            Some(b) => v > b.value,
            None => true,
        };
        let below = match self.max {
            Some(b) if b.inclusive => v <= b.value,
            Some(b) => v < b.value,
            None => true,
        };
        above && below
    }

    /// The notation, as [`try_parse`](Interval::try_parse) reads it: `[0,30000)`.
    pub fn notation(&self) -> String {
        let lo = self.min.map_or(String::new(), |b| b.value.to_string());
        let hi = self.max.map_or(String::new(), |b| b.value.to_string());
        let open = if self.min.is_some_and(|b| b.inclusive) {
            '['
        } else {
            '('
        };
        let close = if self.max.is_some_and(|b| b.inclusive) {
            ']'
        } else {
            ')'
        };
        format!("{open}{lo},{hi}{close}")
    }

    /// In words: "between 1 and 5", "at least 0 and less than 30000", "at most 64".
    pub fn words(&self) -> String {
        let lo = self.min.map(|b| {
            if b.inclusive {
                format!("at least {}", b.value)
            } else {
                format!("greater than {}", b.value)
            }
        });
        let hi = self.max.map(|b| {
            if b.inclusive {
                format!("at most {}", b.value)
            } else {
                format!("less than {}", b.value)
            }
        });
        match (self.min, self.max, lo, hi) {
            (Some(a), Some(b), _, _) if a.inclusive && b.inclusive => {
                format!("between {} and {}", a.value, b.value)
            }
            (_, _, Some(a), Some(b)) => format!("{a} and {b}"),
            (_, _, Some(a), None) | (_, _, None, Some(a)) => a,
            (_, _, None, None) => "any value".to_owned(),
        }
    }
}

/// `bytes` without the spaces at either end.
const fn trim(mut bytes: &[u8]) -> &[u8] {
    while let Some((b' ', rest)) = bytes.split_first() {
        bytes = rest;
    }
    while let Some((b' ', rest)) = bytes.split_last() {
        bytes = rest;
    }
    bytes
}

/// One end of an interval: nothing (an open end) or a whole number, `-` allowed before it and
/// `_` between its digits.
const fn end(bytes: &[u8]) -> Result<Option<i128>, &'static str> {
    let mut bytes = trim(bytes);
    if bytes.is_empty() {
        return Ok(None);
    }
    let negative = matches!(bytes.split_first(), Some((b'-', _)));
    if let (true, Some((_, rest))) = (negative, bytes.split_first()) {
        bytes = rest;
    }
    let mut value: i128 = 0;
    let mut digits = 0;
    while let Some((&b, rest)) = bytes.split_first() {
        bytes = rest;
        if b == b'_' && digits > 0 {
            continue;
        }
        if !b.is_ascii_digit() {
            return Err("an end of an interval is a whole number");
        }
        let digit = (b - b'0') as i128;
        value = match value.checked_mul(10) {
            Some(v) => match v.checked_add(digit) {
                Some(v) => v,
                None => return Err("an end of an interval is too large"),
            },
            None => return Err("an end of an interval is too large"),
        };
        digits += 1;
    }
    if digits == 0 {
        return Err("an end of an interval is a whole number");
    }
    Ok(Some(if negative { -value } else { value }))
}

/// An order the items of a list must keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Order {
    /// Each item not less than the one before.
    Ascending,
    /// Each item not greater than the one before.
    Descending,
}

impl Order {
    /// The word the specs and messages use: `ascending`.
    pub const fn word(self) -> &'static str {
        match self {
            Order::Ascending => "ascending",
            Order::Descending => "descending",
        }
    }

    /// Whether an item may follow the one before it, given how the two compare.
    pub fn allows(self, ordering: std::cmp::Ordering) -> bool {
        match self {
            Order::Ascending => ordering.is_le(),
            Order::Descending => ordering.is_ge(),
        }
    }
}

/// A prefix a string must not start with: `&'static str` in the generated tables, `String` in
/// the generator's model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Prefix<S = &'static str> {
    /// The prefix.
    pub prefix: S,
    /// Compare ignoring ASCII case.
    pub ignore_case: bool,
}

impl Prefix {
    /// A prefix compared exactly.
    pub const fn exact(prefix: &'static str) -> Prefix {
        Prefix {
            prefix,
            ignore_case: false,
        }
    }

    /// A prefix compared ignoring ASCII case.
    pub const fn ignore_case(prefix: &'static str) -> Prefix {
        Prefix {
            prefix,
            ignore_case: true,
        }
    }
}

impl<S: AsRef<str>> Prefix<S> {
    /// Whether `s` starts with the prefix.
    pub fn starts(&self, s: &str) -> bool {
        let prefix = self.prefix.as_ref();
        if self.ignore_case {
            s.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        } else {
            s.starts_with(prefix)
        }
    }

    /// The rule in words: "must not start with `default` in any case".
    pub fn words(&self) -> String {
        format!(
            "must not start with `{}`{}",
            self.prefix.as_ref(),
            if self.ignore_case { " in any case" } else { "" }
        )
    }
}

/// A documented rate limit of an operation: `&'static str` in the generated tables, `String`
/// in the generator's model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RateLimit<S = &'static str> {
    /// The operation name.
    pub operation: S,
    /// Requests allowed...
    pub requests: u32,
    /// ...per this many seconds.
    pub per_seconds: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_protocol_is_read_back_from_its_word() {
        for p in Protocol::ALL {
            assert_eq!(Protocol::from_word(p.word()), Some(p));
        }
        assert_eq!(Protocol::from_word("rest"), None);
    }

    #[test]
    fn prefixes_compare_exactly_or_in_any_case() {
        assert!(Prefix::exact("default").starts("default-1"));
        assert!(!Prefix::exact("default").starts("Default-1"));
        assert!(Prefix::ignore_case("default").starts("DEFAULT-1"));
        assert!(!Prefix::ignore_case("default").starts("def"));
        // A prefix that would split a multi-byte character does not match, nor panic.
        assert!(!Prefix::ignore_case("ab").starts("aé"));
        let owned = Prefix {
            prefix: String::from("sys"),
            ignore_case: true,
        };
        assert!(owned.starts("SYS_x"));
        assert_eq!(owned.words(), "must not start with `sys` in any case");
    }

    #[test]
    fn intervals_read_their_notation_and_write_it_back() {
        for (text, notation, words) in [
            ("[1,31]", "[1,31]", "between 1 and 31"),
            (
                " [ 0 , 30_000 ) ",
                "[0,30000)",
                "at least 0 and less than 30000",
            ),
            ("(0,)", "(0,)", "greater than 0"),
            ("[,64]", "(,64]", "at most 64"),
            ("[-5,-1]", "[-5,-1]", "between -5 and -1"),
        ] {
            let interval = Interval::try_parse(text).unwrap();
            assert_eq!(interval.notation(), notation, "{text}");
            assert_eq!(interval.words(), words, "{text}");
            assert_eq!(Interval::try_parse(notation), Ok(interval), "{text}");
        }
        let open = Interval::parse("[0,30000)");
        assert_eq!((open.lowest(), open.highest()), (Some(0), Some(29999)));
        assert!(open.contains(0) && open.contains(29999) && !open.contains(30000));
    }

    #[test]
    fn malformed_intervals_say_what_is_wrong() {
        for (text, reason) in [
            ("1..5", "starts with `[` or `(`"),
            ("[1,5", "starts with `[` or `(`"),
            ("[1 5]", "separated by a comma"),
            ("[,]", "at least one end"),
            ("[a,5]", "a whole number"),
            ("[_1,5]", "a whole number"),
            ("[-,5]", "a whole number"),
            (
                "[1,999999999999999999999999999999999999999999]",
                "too large",
            ),
            ("", "starts with `[` or `(`"),
        ] {
            let err = Interval::try_parse(text).unwrap_err();
            assert!(err.contains(reason), "{text}: {err}");
        }
    }
}
