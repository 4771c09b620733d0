//! Decoding the JSON form of a request field by field, recording what is wrong with each
//! value rather than stopping at the first: the [`FromJson`] implementations the generated
//! tables use, and the "did you mean" suggestions for names the spec does not know.

use serde_json::{Map, Value};

use crate::validation::Severity;
use crate::validation::{Checker, Field, Path, Source};
use crate::vocabulary::Encoding;
use crate::wire::{NotEncoded, WireEnum, enum_from_wire, kind, plain_form};

/// A value that can be decoded from the JSON form of a request, recording what is wrong.
pub trait FromJson: Sized {
    /// Decodes `value` found at `path` for `field`; `None` when it cannot be used (the reason
    /// is in `cx`).
    fn from_json(value: &Value, path: &Path<'_>, field: &Field, cx: &mut Checker) -> Option<Self>;
}

fn type_error(cx: &mut Checker, path: &Path<'_>, field: &Field, expected: &str, got: &Value) {
    let at = path.render();
    let message = format!("{at} must be {expected} (got {})", kind(got));
    cx.decode_error(path, "type", message, None, Some(field.source));
}

impl FromJson for String {
    fn from_json(value: &Value, path: &Path<'_>, field: &Field, cx: &mut Checker) -> Option<Self> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                type_error(cx, path, field, "a string", other);
                None
            }
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Value, path: &Path<'_>, field: &Field, cx: &mut Checker) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                type_error(cx, path, field, "true or false", other);
                None
            }
        }
    }
}

macro_rules! integer_from_json {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: &Value, path: &Path<'_>, field: &Field, cx: &mut Checker) -> Option<Self> {
                let (n, fraction) = whole_number(value, field);
                match n.and_then(|n| <$t>::try_from(n).ok()) {
                    Some(v) => {
                        if fraction {
                            rounded_down(value, v.into(), path, field, cx);
                        }
                        Some(v)
                    }
                    None => {
                        let expected = format!("a whole number from {} to {}", <$t>::MIN, <$t>::MAX);
                        type_error(cx, path, field, &expected, value);
                        None
                    }
                }
            }
        }
    )*};
}

integer_from_json!(i32, i64, u32, u64);

/// The whole number a JSON number stands for, and whether it was a fraction rounded down.
/// Only a field whose service rounds fractions down takes a fraction; any field takes a whole
/// number written with a fraction part (`2.0`). Not generic, so compiled once.
fn whole_number(value: &Value, field: &Field) -> (Option<i128>, bool) {
    let Value::Number(n) = value else {
        return (None, false);
    };
    if let Some(v) = n
        .as_i64()
        .map(i128::from)
        .or_else(|| n.as_u64().map(i128::from))
    {
        return (Some(v), false);
    }
    let Some(x) = n.as_f64().filter(|x| x.is_finite() && x.abs() < 1e18) else {
        return (None, false);
    };
    let fraction = x.fract() != 0.0;
    if fraction && !field.fractions_rounded_down {
        return (None, false);
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "finite and below 1e18 in magnitude, so the floor fits"
    )]
    let floor = x.floor() as i128;
    (Some(floor), fraction)
}

/// Records the warning of a fraction the service rounds down to `floor`. The JSON form is sent
/// as given; a typed value holds the rounded number (what the service takes).
fn rounded_down(value: &Value, floor: i128, path: &Path<'_>, field: &Field, cx: &mut Checker) {
    let at = path.render();
    let message =
        format!("{at} is not a whole number; the service rounds it down to {floor} (got {value})");
    cx.push(
        at,
        "fraction",
        message,
        Some(value.to_string()),
        Some(field.source),
        Severity::Warning,
    );
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value, path: &Path<'_>, field: &Field, cx: &mut Checker) -> Option<Self> {
        let Value::Array(items) = value else {
            type_error(cx, path, field, "an array", value);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match T::from_json(item, &path.index(i), field, cx) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        if ok {
            Some(out)
        } else {
            cx.mark_invalid(path);
            None
        }
    }
}

impl<T: WireEnum> FromJson for T {
    /// A documented value, or `Undocumented` for another string (validation judges it).
    fn from_json(value: &Value, path: &Path<'_>, field: &Field, cx: &mut Checker) -> Option<Self> {
        match value {
            Value::String(s) => Some(enum_from_wire(s)),
            other => {
                type_error(cx, path, field, "a string", other);
                None
            }
        }
    }
}

impl Checker {
    /// The members of a JSON object, or a type violation.
    pub fn json_object<'v>(
        &mut self,
        value: &'v Value,
        path: &Path<'_>,
        source: Source,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(m) => Some(m),
            other => {
                let at = path.render();
                let what = if at.is_empty() {
                    "the request".to_owned()
                } else {
                    at
                };
                let message = format!("{what} must be an object (got {})", kind(other));
                self.decode_error(path, "type", message, None, Some(source));
                None
            }
        }
    }

    /// The plain JSON form of a value in `field`'s encoding: the JSON a string holds, or the
    /// list of strings a comma-joined one holds. `None`, with the reason recorded, when the
    /// value is not in that encoding. Not generic, so that it is compiled once.
    pub fn unwrap_encoding<'v>(
        &mut self,
        value: &'v Value,
        path: &Path<'_>,
        field: &Field,
    ) -> Option<std::borrow::Cow<'v, Value>> {
        match plain_form(value, field.encoding) {
            Ok(plain) => {
                // JSON held in a string is text too: a member named twice in it is lost once
                // parsed, so it is looked for in the text.
                if let (Encoding::JsonText, Value::String(text)) = (field.encoding, value) {
                    self.find_repeats(text.as_bytes(), path, field.source);
                }
                Some(plain)
            }
            Err(NotEncoded::NotAString) => {
                let expected = match field.encoding {
                    Encoding::JsonText => "a string holding JSON",
                    _ => "a string of comma-separated values",
                };
                type_error(self, path, field, expected, value);
                None
            }
            Err(NotEncoded::NotJson(e)) => {
                let at = path.render();
                self.decode_error(
                    path,
                    "json",
                    format!("{at} must hold JSON, but {e}"),
                    None,
                    Some(field.source),
                );
                None
            }
        }
    }
}

impl Checker {
    /// The JSON value of a request given as text, after recording each member named twice in
    /// one object (at any depth) as an error at its path. `None`, with the reason recorded,
    /// when the text is not JSON. Two passes over the text, each linear in it: the first
    /// builds the value as `serde_json` does, the second only compares the names of each
    /// object's members, which the value no longer holds.
    pub(crate) fn read_json_text(&mut self, text: &[u8], source: Source) -> Option<Value> {
        let value = match serde_json::from_slice::<Value>(text) {
            Ok(value) => value,
            Err(e) => {
                let message =
                    format!("the request is not JSON: {e}; send one JSON object of its parameters");
                self.decode_error(&Path::Root, "json", message, None, Some(source));
                return None;
            }
        };
        self.find_repeats(text, &Path::Root, source);
        Some(value)
    }

    /// Records each member named twice in one object of the JSON `text` found at `path`.
    /// Meant for text already parsed: were it not to parse, what was found before stands.
    fn find_repeats(&mut self, text: &[u8], path: &Path<'_>, source: Source) {
        let mut reader = serde_json::Deserializer::from_slice(text);
        let scan = Repeats {
            path,
            cx: self,
            source,
        };
        let _ = serde::de::DeserializeSeed::deserialize(scan, &mut reader);
    }
}

/// Walks a JSON value, recording each member named twice in one of its objects.
struct Repeats<'p, 'c> {
    path: &'p Path<'p>,
    cx: &'c mut Checker,
    source: Source,
}

impl Repeats<'_, '_> {
    fn report(&mut self, at: &Path<'_>) {
        let place = at.render();
        let message = format!(
            "{place} is given more than once in the same object: give each member once (a \
             parsed request keeps only the last, and the service may read another)"
        );
        self.cx.push(
            place,
            "duplicate",
            message,
            None,
            Some(self.source),
            Severity::Error,
        );
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Repeats<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Repeats<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }

    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            let at = self.path.index(i);
            let item = Repeats {
                path: &at,
                cx: &mut *self.cx,
                source: self.source,
            };
            if items.next_element_seed(item)?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut members: A) -> Result<(), A::Error> {
        let mut names = std::collections::HashSet::new();
        while let Some(name) = members.next_key_seed(Name)? {
            let cut = crate::validation::shown_name(&name);
            let at = self.path.field(&cut);
            let member = Repeats {
                path: &at,
                cx: &mut *self.cx,
                source: self.source,
            };
            members.next_value_seed(member)?;
            if names.contains(&name) {
                self.report(&at);
            } else {
                names.insert(name);
            }
        }
        Ok(())
    }
}

/// A member's name, borrowed from the text when it holds no escape.
struct Name;

impl<'de> serde::de::DeserializeSeed<'de> for Name {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Name {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(s))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(s))
    }
}

/// The known name closest to `name`, when it is close enough to be a likely typo.
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower: Vec<char> = name.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut other = Vec::new();
    let mut best: Option<(usize, &'a str)> = None;
    for k in known {
        let limit = (k.len() / 3).max(1);
        other.clear();
        other.extend(k.chars().map(|c| c.to_ascii_lowercase()));
        // The distance is at least the difference in length: a long name, which is what a
        // hostile request sends, is skipped without filling a table.
        if lower.len().abs_diff(other.len()) > limit {
            continue;
        }
        let d = edit_distance(&lower, &other);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string alignment),
/// for "did you mean" suggestions on short names. Keeps three rows of the table, not all of
/// it; `tests::edit_distance_plain` is the whole-table twin it is compared with.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    // Rows i-2, i-1 and i of the table: cell j is the distance between the first i
    // characters of a and the first j of b.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let at = |row: &[usize], k: usize| row.get(k).copied().unwrap_or(usize::MAX / 2);
            let cost = usize::from(ca != cb);
            let mut best = (at(&previous, j + 1) + 1)
                .min(at(&current, j) + 1)
                .min(at(&previous, j) + cost);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if swapped {
                best = best.min(at(&before, j - 1) + 1);
            }
            if let Some(slot) = current.get_mut(j + 1) {
                *slot = best;
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous.get(b.len()).copied().unwrap_or(usize::MAX / 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Slot;

    #[test]
    fn suggestions_catch_typos_only() {
        assert_eq!(
            closest("BackupPlanID", &["BackupPlanId", "Region"]),
            Some("BackupPlanId")
        );
        assert_eq!(
            closest("Regoin", &["BackupPlanId", "Region"]),
            Some("Region")
        );
        assert_eq!(closest("Zzz", &["BackupPlanId", "Region"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("nmae", "name"), 1);
        assert_eq!(closest("nmae", &["name", "size"]), Some("name"));
        assert_eq!(closest(&"x".repeat(100_000), &["BackupPlanId"]), None);
    }

    fn distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        edit_distance(&a, &b)
    }

    /// The whole-table optimal string alignment distance, as textbooks write it.
    fn edit_distance_plain(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        d[0] = (0..=b.len()).collect();
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    proptest::proptest! {
        /// Three rows give the same distance as the whole table, on names from a small
        /// alphabet (so that swaps and repeats are common) of every length up to 12.
        #[test]
        fn edit_distance_matches_its_plain_twin(
            a in proptest::collection::vec(proptest::sample::select(vec!['a', 'b', 'c', 'é']), 0..12),
            b in proptest::collection::vec(proptest::sample::select(vec!['a', 'b', 'c', 'é']), 0..12),
        ) {
            proptest::prop_assert_eq!(edit_distance(&a, &b), edit_distance_plain(&a, &b));
        }
    }

    #[test]
    fn wrong_json_types_are_violations_at_their_path() {
        let field = Field {
            name: "a",
            required: false,
            sensitive: false,
            source: Source {
                spec: "s",
                page: &crate::Page::UNKNOWN,
                reference: "a",
            },
            value: crate::Checks::NONE,
            items: crate::Checks::NONE,
            encoding: crate::Encoding::Plain,
            location: crate::Location::Json,
            style: None,
            fractions_rounded_down: false,
        };
        let mut cx = Checker::new();
        let v = serde_json::json!({"a": [1, "x"]});
        let root = Path::Root;
        let at = root.field("a");
        let mut got: Option<Vec<i32>> = None;
        got.decode(&v["a"], &at, &field, &mut cx);
        assert!(got.is_none());
        let errors = cx
            .finish()
            .err()
            .map(crate::ValidationErrors::into_violations)
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, "a[1]");
        assert_eq!(errors[0].rule, "type");
        let mut cx = Checker::new();
        let mut big: Option<i32> = None;
        big.decode(&serde_json::json!(3_000_000_000u64), &at, &field, &mut cx);
        assert!(big.is_none() && cx.len() == 1);
    }
}
