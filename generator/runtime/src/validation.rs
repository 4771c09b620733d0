//! Validation: constraint descriptors emitted by the generator, the [`Checker`] that applies
//! them and collects every violation, and the [`ValidationErrors`] users see.

use std::fmt;

use crate::basis::{Basis, Constraint, Readings};
use crate::formats::Format;
use crate::pattern::Pattern;
use crate::vocabulary::{Encoding, Location, Style};

/// How much a violation weighs: a broken stated check is an error, a broken reading a
/// warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The page states the check: the request is refused in the standard and strict modes.
    Error,
    /// The check is the spec's reading of the page: the request is refused only in the
    /// strict mode.
    Warning,
}

impl Severity {
    /// The severity of breaking a check of `basis`.
    pub const fn of(basis: Basis) -> Severity {
        match basis {
            Basis::Stated => Severity::Error,
            Basis::Reading => Severity::Warning,
        }
    }

    /// `error` or `warning`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What to do with a request that breaks its spec. A spec can lag behind the provider, so a
/// client may choose to send anyway.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ValidationMode {
    /// Refuse a request with any violation, warnings included.
    Strict,
    /// Refuse a request that breaks a check its page states; send one that breaks only the
    /// spec's readings, logging each warning through `tracing` (the default).
    #[default]
    Standard,
    /// Send whatever the violations, logging each through `tracing`.
    Warn,
    /// Do not validate.
    Off,
}

impl ValidationMode {
    /// Whether a request with these violations is refused in this mode.
    pub fn refuses(self, violations: &[Violation]) -> bool {
        match self {
            ValidationMode::Strict => !violations.is_empty(),
            ValidationMode::Standard => violations.iter().any(Violation::is_error),
            ValidationMode::Warn | ValidationMode::Off => false,
        }
    }
}

pub use crate::vocabulary::{Bound, Interval, Order, Prefix};

/// The characters a string may contain. `S` is how its text is held: `&'static str` in
/// generated tables, `String` in the generator's model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Charset<S = &'static str> {
    /// Unicode letters.
    pub letters: bool,
    /// Digits 0-9.
    pub digits: bool,
    /// ASCII letters.
    pub ascii_letters: bool,
    /// ASCII digits.
    pub ascii_digits: bool,
    /// Further characters.
    pub extra: S,
    /// The set in words, for messages.
    pub describe: S,
}

impl<S: AsRef<str>> Charset<S> {
    /// Whether `c` is allowed.
    pub fn allows(&self, c: char) -> bool {
        (self.letters && c.is_alphabetic())
            || (self.digits && c.is_ascii_digit())
            || (self.ascii_letters && c.is_ascii_alphabetic())
            || (self.ascii_digits && c.is_ascii_digit())
            || self.extra.as_ref().contains(c)
    }
}

impl Charset<String> {
    /// A set of the given classes and further characters, described in words as messages and
    /// docs show it: "letters, digits, `_` and `-`".
    pub fn of(
        letters: bool,
        digits: bool,
        ascii_letters: bool,
        ascii_digits: bool,
        extra: String,
    ) -> Charset<String> {
        let mut parts: Vec<String> = Vec::new();
        for (on, words) in [
            (letters, "letters"),
            (ascii_letters, "ASCII letters"),
            (digits, "digits"),
            (ascii_digits, "ASCII digits"),
        ] {
            if on {
                parts.push(words.to_owned());
            }
        }
        parts.extend(extra.chars().map(|c| format!("`{c}`")));
        let describe = match parts.split_last() {
            None => "no characters".to_owned(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        };
        Charset {
            letters,
            digits,
            ascii_letters,
            ascii_digits,
            extra,
            describe,
        }
    }
}

/// Constraints on a value (or on each item of a list).
#[derive(Clone, Copy, Debug)]
pub struct Checks {
    /// Allowed integers.
    pub range: Option<Interval>,
    /// Allowed lengths, in characters.
    pub length: Option<Interval>,
    /// Allowed numbers of items.
    pub count: Option<Interval>,
    /// Items must be distinct.
    pub unique: bool,
    /// Items must keep this order.
    pub order: Option<Order>,
    /// Allowed characters.
    pub charset: Option<Charset>,
    /// A whole-value pattern.
    pub pattern: Option<&'static Pattern>,
    /// ASCII only.
    pub ascii: bool,
    /// Forbidden prefixes.
    pub forbidden_prefixes: &'static [Prefix],
    /// A named format.
    pub format: Option<Format>,
    /// Whether any constraint is set: an unconstrained scalar needs no check.
    pub constrained: bool,
    /// The constraints above (and, on a field's own checks, `required` and `enum`) that are
    /// readings of the page: a violation of one is a warning, not an error.
    pub readings: Readings,
}

impl Checks {
    /// No constraint.
    pub const NONE: Checks = Checks {
        range: None,
        length: None,
        count: None,
        unique: false,
        order: None,
        charset: None,
        pattern: None,
        ascii: false,
        forbidden_prefixes: &[],
        format: None,
        constrained: false,
        readings: Readings::NONE,
    };

    /// The severity of a violation of `constraint`: a warning when it is a reading.
    pub fn severity(&self, constraint: Constraint) -> Severity {
        Severity::of(self.readings.basis(constraint))
    }
}

/// The constraint setters below build descriptors in constants:
/// `Field::new("Size", SOURCE).required().range("[1,64]")`.
impl Checks {
    /// Allowed integers, in interval notation.
    pub const fn range(self, notation: &str) -> Checks {
        Checks {
            range: Some(Interval::parse(notation)),
            constrained: true,
            ..self
        }
    }

    /// Allowed lengths in characters, in interval notation.
    pub const fn length(self, notation: &str) -> Checks {
        Checks {
            length: Some(Interval::parse(notation)),
            constrained: true,
            ..self
        }
    }

    /// Allowed numbers of items, in interval notation.
    pub const fn count(self, notation: &str) -> Checks {
        Checks {
            count: Some(Interval::parse(notation)),
            constrained: true,
            ..self
        }
    }

    /// Items must be distinct.
    pub const fn unique(self) -> Checks {
        Checks {
            unique: true,
            constrained: true,
            ..self
        }
    }

    /// Items must keep `order`.
    pub const fn order(self, order: Order) -> Checks {
        Checks {
            order: Some(order),
            constrained: true,
            ..self
        }
    }

    /// Allowed characters.
    pub const fn charset(self, charset: Charset) -> Checks {
        Checks {
            charset: Some(charset),
            constrained: true,
            ..self
        }
    }

    /// A whole-value pattern.
    pub const fn pattern(self, pattern: &'static Pattern) -> Checks {
        Checks {
            pattern: Some(pattern),
            constrained: true,
            ..self
        }
    }

    /// ASCII only.
    pub const fn ascii(self) -> Checks {
        Checks {
            ascii: true,
            constrained: true,
            ..self
        }
    }

    /// Forbidden prefixes.
    pub const fn forbidden_prefixes(self, prefixes: &'static [Prefix]) -> Checks {
        Checks {
            forbidden_prefixes: prefixes,
            constrained: true,
            ..self
        }
    }

    /// A named format.
    pub const fn format(self, format: Format) -> Checks {
        Checks {
            format: Some(format),
            constrained: true,
            ..self
        }
    }

    /// `constraint` is a reading of the page, not stated by it: a violation is a warning.
    pub const fn reading(self, constraint: Constraint) -> Checks {
        Checks {
            readings: self.readings.with(constraint),
            ..self
        }
    }
}

impl Charset {
    /// No character allowed yet; `describe` is the set in words (see [`Charset::of`]).
    pub const fn new(describe: &'static str) -> Charset {
        Charset {
            letters: false,
            digits: false,
            ascii_letters: false,
            ascii_digits: false,
            extra: "",
            describe,
        }
    }

    /// Unicode letters.
    pub const fn letters(self) -> Charset {
        Charset {
            letters: true,
            ..self
        }
    }

    /// Digits 0-9.
    pub const fn digits(self) -> Charset {
        Charset {
            digits: true,
            ..self
        }
    }

    /// ASCII letters.
    pub const fn ascii_letters(self) -> Charset {
        Charset {
            ascii_letters: true,
            ..self
        }
    }

    /// ASCII digits.
    pub const fn ascii_digits(self) -> Charset {
        Charset {
            ascii_digits: true,
            ..self
        }
    }

    /// Further characters.
    pub const fn extra(self, extra: &'static str) -> Charset {
        Charset { extra, ..self }
    }
}

impl Checks {
    /// The string constraints, borrowed.
    pub fn strings(&self) -> StringChecks<'_, &'static str> {
        StringChecks {
            length: self.length,
            charset: self.charset.as_ref(),
            ascii: self.ascii,
            forbidden_prefixes: self.forbidden_prefixes,
            pattern: self.pattern,
            format: self.format,
        }
    }
}

/// The constraints on one string, borrowed from a generated table ([`Checks::strings`]) or
/// from the generator's model: the one definition of how a string is checked, so that the
/// generator judges a spec's defaults and examples as the generated crate judges requests.
#[derive(Debug)]
pub struct StringChecks<'a, S> {
    /// Allowed lengths, in characters.
    pub length: Option<Interval>,
    /// Allowed characters.
    pub charset: Option<&'a Charset<S>>,
    /// ASCII only.
    pub ascii: bool,
    /// Forbidden prefixes.
    pub forbidden_prefixes: &'a [Prefix<S>],
    /// A whole-value pattern.
    pub pattern: Option<&'a Pattern<S>>,
    /// A named format.
    pub format: Option<Format>,
}

impl<S: AsRef<str>> StringChecks<'_, S> {
    /// Reports each constraint `s` breaks, in the order above, with what the value must be:
    /// "must be between 1 and 64 characters long, not 70". A `sensitive` value's offending character
    /// is not named.
    pub fn faults(&self, s: &str, sensitive: bool, mut fault: impl FnMut(Constraint, String)) {
        self.faults_with(s, sensitive, |constraint, what| fault(constraint, what()));
    }

    /// [`StringChecks::faults`], with the words written only when `fault` asks for them: a
    /// check past its cap of violations is counted, not described.
    pub fn faults_with(
        &self,
        s: &str,
        sensitive: bool,
        mut fault: impl FnMut(Constraint, &dyn Fn() -> String),
    ) {
        // A string of b bytes has between ⌈b/4⌉ and b characters: when the interval holds
        // both, it holds the count, and the characters need not be counted.
        let bytes = s.len();
        let surely_within =
            |len: Interval| len.contains(bytes as i128) && len.contains(bytes.div_ceil(4) as i128);
        if let Some(len) = self.length.filter(|len| !surely_within(*len)) {
            let n = s.chars().count();
            if !len.contains(n as i128) {
                fault(Constraint::Length, &|| {
                    // Empty where any other length would do: nothing more to say.
                    if n == 0 && len.max.is_none() && len.contains(1) {
                        "must not be empty".to_owned()
                    } else {
                        format!("must be {} characters long, not {n}", len.words())
                    }
                });
            }
        }
        if let Some(cs) = self.charset {
            if let Some(bad) = s.chars().find(|c| !cs.allows(*c)) {
                fault(Constraint::Charset, &|| {
                    let shown = if sensitive {
                        "a character".to_owned()
                    } else {
                        format!("{:?}", bad)
                    };
                    let describe = cs.describe.as_ref();
                    format!("may contain only {describe}; {shown} is not allowed")
                });
            }
        }
        if self.ascii && !s.is_ascii() {
            fault(Constraint::Ascii, &|| "must be ASCII".to_owned());
        }
        for p in self.forbidden_prefixes {
            if p.starts(s) {
                fault(Constraint::Prefix, &|| p.words());
            }
        }
        if let Some(p) = self.pattern {
            if !p.matches(s) {
                fault(Constraint::Pattern, &|| {
                    format!("must match the pattern `{}`", p.source())
                });
            }
        }
        if let Some(f) = self.format {
            if let Err(reason) = f.check_str(s) {
                fault(Constraint::Format, &|| f.message(&reason));
            }
        }
    }
}

/// Reports each constraint the integer `v` breaks (its range, then its format), with what the
/// value must be: "must be from 1 to 64".
pub fn integer_faults(
    range: Option<Interval>,
    format: Option<Format>,
    v: i128,
    mut fault: impl FnMut(Constraint, String),
) {
    if let Some(r) = range {
        if !r.contains(v) {
            fault(Constraint::Range, format!("must be {}", r.words()));
        }
    }
    if let Some(f) = format {
        if let Err(reason) = f.check_int(v) {
            fault(Constraint::Format, f.message(&reason));
        }
    }
}

/// Reports a list of `n` items outside `count`: "must have 1 to 10 items".
pub fn count_fault(count: Option<Interval>, n: usize) -> Option<String> {
    count
        .filter(|c| !c.contains(n as i128))
        .map(|c| format!("must have {} items", c.words()))
}

impl Source {
    /// The source of a spec file and page, pointing at `reference`.
    pub const fn new(spec: &'static str, page: &'static Page, reference: &'static str) -> Source {
        Source {
            spec,
            page,
            reference,
        }
    }

    /// The same spec and page, another row or section.
    pub const fn at(self, reference: &'static str) -> Source {
        Source { reference, ..self }
    }
}

impl Field {
    /// An optional, non-sensitive field without constraints, whose source row is its name.
    pub const fn new(name: &'static str, source: Source) -> Field {
        Field {
            name,
            required: false,
            sensitive: false,
            source: source.at(name),
            value: Checks::NONE,
            items: Checks::NONE,
            encoding: Encoding::Plain,
            location: Location::Json,
            style: None,
            fractions_rounded_down: false,
        }
    }

    const fn at(self, location: Location) -> Field {
        Field { location, ..self }
    }

    /// A request parameter of the query string (request parameters default to the JSON body).
    pub const fn query(self) -> Field {
        self.at(Location::Query)
    }

    /// A request parameter of a form body.
    pub const fn form(self) -> Field {
        self.at(Location::Form)
    }

    /// A request parameter that is a segment of the URL path.
    pub const fn path(self) -> Field {
        self.at(Location::Path)
    }

    /// A request parameter sent as a header.
    pub const fn header(self) -> Field {
        self.at(Location::Header)
    }

    /// A list or object flattened into numbered query or form fields.
    pub const fn numbered(self) -> Field {
        Field {
            style: Some(Style::Numbered),
            ..self
        }
    }

    /// A list or object written as one query or form field of compact JSON.
    pub const fn compact_json(self) -> Field {
        Field {
            style: Some(Style::Json),
            ..self
        }
    }

    /// Travels as a string holding compact JSON.
    pub const fn json_text(self) -> Field {
        Field {
            encoding: Encoding::JsonText,
            ..self
        }
    }

    /// A list travelling as one string of comma-separated items.
    pub const fn comma_list(self) -> Field {
        Field {
            encoding: Encoding::CommaList,
            ..self
        }
    }

    /// The row of the document, when it is not the wire name.
    pub const fn row(self, reference: &'static str) -> Field {
        Field {
            source: self.source.at(reference),
            ..self
        }
    }

    /// The field must be present.
    pub const fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }

    /// The value must never be shown.
    pub const fn sensitive(self) -> Field {
        Field {
            sensitive: true,
            ..self
        }
    }

    /// Constraints on the value (or the list as a whole).
    pub const fn checks(self, value: Checks) -> Field {
        Field { value, ..self }
    }

    /// Allowed integers, in interval notation.
    pub const fn range(self, notation: &str) -> Field {
        self.checks(self.value.range(notation))
    }

    /// Allowed lengths in characters, in interval notation.
    pub const fn length(self, notation: &str) -> Field {
        self.checks(self.value.length(notation))
    }

    /// Allowed numbers of items, in interval notation.
    pub const fn count(self, notation: &str) -> Field {
        self.checks(self.value.count(notation))
    }

    /// Items must be distinct.
    pub const fn unique(self) -> Field {
        self.checks(self.value.unique())
    }

    /// Items must keep `order`.
    pub const fn order(self, order: Order) -> Field {
        self.checks(self.value.order(order))
    }

    /// Allowed characters.
    pub const fn charset(self, charset: Charset) -> Field {
        self.checks(self.value.charset(charset))
    }

    /// A whole-value pattern.
    pub const fn pattern(self, pattern: &'static Pattern) -> Field {
        self.checks(self.value.pattern(pattern))
    }

    /// ASCII only.
    pub const fn ascii(self) -> Field {
        self.checks(self.value.ascii())
    }

    /// Forbidden prefixes.
    pub const fn forbidden_prefixes(self, prefixes: &'static [Prefix]) -> Field {
        self.checks(self.value.forbidden_prefixes(prefixes))
    }

    /// A named format.
    pub const fn format(self, format: Format) -> Field {
        self.checks(self.value.format(format))
    }

    /// Constraints on each item of a list.
    pub const fn items(self, items: Checks) -> Field {
        Field { items, ..self }
    }

    /// A constraint on the value (or the list) that is a reading of the page: a violation is
    /// a warning. Item constraints take [`Checks::reading`] inside [`Field::items`].
    pub const fn reading(self, constraint: Constraint) -> Field {
        Field {
            value: self.value.reading(constraint),
            ..self
        }
    }

    /// An integer the service also takes as a fractional number, which it rounds down: the
    /// JSON form accepts one, with a warning.
    pub const fn fractions_rounded_down(self) -> Field {
        Field {
            fractions_rounded_down: true,
            ..self
        }
    }
}

/// A provider's documentation page that a spec transcribes. Messages and docs cite it by its
/// title and URL, or by its title and date when the URL is not known; the snapshot's path in
/// the repository is kept for tools.
/// `S` is how its text is held: `&'static str` in generated tables, `String` in the
/// generator's model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Page<S = &'static str> {
    /// The page's title, as the page shows it.
    pub title: S,
    /// When the page says it was last updated (`2026-03-27`), or empty.
    pub updated: S,
    /// The page's address, or empty when the spec does not know it.
    pub url: S,
    /// The snapshot of the page in the repository, such as
    /// `specs/alibabacloud/hbr/pages/CreateBackupPlan.txt`.
    pub document: S,
}

impl Page {
    /// No page: the spec names none (a service's types, say).
    pub const UNKNOWN: Page = Page::new("", "");

    /// The page titled `title`, kept as `document`.
    pub const fn new(title: &'static str, document: &'static str) -> Page {
        Page {
            title,
            updated: "",
            url: "",
            document,
        }
    }
}

/// "Cloud Backup:CreateBackupPlan <https://…>", or "Cloud Backup:CreateBackupPlan (updated
/// 2026-03-27)" without a URL.
impl<S: AsRef<str>> fmt::Display for Page<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title.as_ref())?;
        let (url, updated) = (self.url.as_ref(), self.updated.as_ref());
        if !url.is_empty() {
            write!(f, " <{url}>")
        } else if !updated.is_empty() {
            write!(f, " (updated {updated})")
        } else {
            Ok(())
        }
    }
}

/// Where a constraint comes from: the spec file, the page and the page's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// The spec file, such as `specs/alibabacloud/dbs/ConfigureBackupPlan.yaml`.
    pub spec: &'static str,
    /// The provider's page it transcribes.
    pub page: &'static Page,
    /// The row or section of the page, or empty.
    pub reference: &'static str,
}

/// The page and its row: "Cloud Backup:CreateBackupPlan (updated 2026-03-27), row Bucket"; the
/// spec file when it names no page.
impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.page.title.is_empty() {
            f.write_str(self.spec)?;
        } else {
            write!(f, "{}", self.page)?;
        }
        if !self.reference.is_empty() {
            write!(f, ", row {}", self.reference)?;
        }
        Ok(())
    }
}

/// What the spec says about one field.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The wire name.
    pub name: &'static str,
    /// Whether it must be present.
    pub required: bool,
    /// Whether its value must never be shown.
    pub sensitive: bool,
    /// Where the constraints come from.
    pub source: Source,
    /// Constraints on the value (or on the list as a whole).
    pub value: Checks,
    /// Constraints on each item of a list.
    pub items: Checks,
    /// How it travels in its object's JSON form.
    pub encoding: Encoding,
    /// Where a request parameter travels.
    pub location: Location,
    /// How a list or object parameter is written in a query string or form body.
    pub style: Option<Style>,
    /// Whether the service takes a fractional number for this integer, rounding it down.
    pub fractions_rounded_down: bool,
}

/// Where a value sits in a request, in wire names: `scheduled_policy.start_time`, `Rule[0]`.
/// Built on the stack while checking, rendered only when something is wrong.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The request itself.
    Root,
    /// A named member of the parent.
    Field(&'a Path<'a>, &'a str),
    /// An item of the parent list.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The member `name` of this value.
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The item `index` of this list.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// `scheduled_policy.start_time[1]`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Field(parent, name) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push_str(&format!("[{i}]"));
            }
        }
    }
}

/// One broken constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Where, in wire names (`Rule[0].Schedule`); empty for the request as a whole.
    pub path: String,
    /// The kind of constraint: `required`, `range`, `length`, `charset`, `pattern`, `ascii`,
    /// `prefix`, `format`, `count`, `unique`, `order`, `enum`, `type`, `json`, `duplicate`,
    /// `undocumented`, `fraction`, or a rule kind (`required_if`, `allowed_if`, `range_if`,
    /// `at_least_one_of`, `check`).
    pub rule: &'static str,
    /// The problem in words, with the offending value unless it is sensitive.
    pub message: String,
    /// The offending value as JSON text; `None` when sensitive or when there is none. A value
    /// whose JSON is longer than [`MAX_SHOWN_BYTES`] is cut at a character boundary and
    /// marked: `"aaaa... (cut at 256 of 10,485,762 bytes)`; the message shows it the same way.
    pub value: Option<String>,
    /// Where the constraint comes from.
    pub source: Option<Source>,
    /// An error (a check the page states) or a warning (the spec's reading of the page).
    pub severity: Severity,
}

impl Violation {
    /// Whether it breaks a check the page states.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether it breaks only a reading of the spec.
    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// One JSON object: `severity`, `path`, `rule`, `message`, `value`, and the source's
    /// `spec`, `page` (the title), `url` and `updated` (when known), `document` (the page's
    /// snapshot) and `reference` (the line format of the `validate` and `prepare`
    /// examples).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity.as_str(),
            "path": self.path,
            "rule": self.rule,
            "message": self.message,
            "value": self.value,
            "spec": self.source.map(|s| s.spec),
            "page": self.source.map(|s| s.page.title),
            "url": self.source.map(|s| s.page.url).filter(|u| !u.is_empty()),
            "updated": self.source.map(|s| s.page.updated).filter(|d| !d.is_empty()),
            "document": self.source.map(|s| s.page.document),
            "reference": self.source.map(|s| s.reference),
        })
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_warning() {
            f.write_str("warning: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(s) = &self.source {
            write!(f, " [{}: {s}]", self.rule)?;
        } else {
            write!(f, " [{}]", self.rule)?;
        }
        Ok(())
    }
}

/// How many violations of one field a report lists, of each severity: the first ones found.
/// The rest are counted in [`ValidationErrors::omitted`] and [`Omitted`]. A field is its wire
/// path without list indices (`tags.key` for `tags[3].key`).
pub const MAX_LISTED_PER_FIELD: usize = 10;

/// How many violations of one request a report lists, of each severity; the rest are counted.
/// An error is never left out in favour of a warning: the first error found is always listed.
pub const MAX_LISTED: usize = 100;

/// How many fields a report names among those with violations left out; the violations of
/// further fields are counted together.
pub const MAX_OMITTED_FIELDS: usize = 20;

/// How much of an offending value a violation shows, in bytes of its JSON text.
pub const MAX_SHOWN_BYTES: usize = 256;

/// Violations of one field that a report found but does not list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Omitted {
    /// The field: its wire path without list indices (`BackupPeriod`, `tags.key`).
    pub field: String,
    /// Errors left out.
    pub errors: usize,
    /// Warnings left out.
    pub warnings: usize,
}

impl Omitted {
    /// Errors and warnings left out.
    pub fn count(&self) -> usize {
        self.errors + self.warnings
    }
}

/// What a report left out: totals, and the first [`MAX_OMITTED_FIELDS`] fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Omissions {
    errors: usize,
    warnings: usize,
    fields: Vec<Omitted>,
}

impl Omissions {
    fn total(&self) -> usize {
        self.errors + self.warnings
    }

    /// The same, warnings only.
    fn warnings_only(mut self) -> Omissions {
        self.errors = 0;
        self.fields.retain_mut(|o| {
            o.errors = 0;
            o.warnings > 0
        });
        self
    }
}

/// Every violation of a request that is refused, in the order they were found: at least one
/// error (or, from a strict check, at least one warning), and the warnings found beside them.
/// A report lists at most [`MAX_LISTED_PER_FIELD`] violations of each severity per field and
/// [`MAX_LISTED`] per request; [`omitted`](Self::omitted) counts the rest, so that a request of
/// a million bad items gets a report of a few kilobytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
    omitted: Omissions,
}

impl ValidationErrors {
    /// The violations listed, errors and warnings, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The errors listed: checks the page states.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.is_error())
    }

    /// The warnings listed: the spec's readings of the page.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.is_warning())
    }

    /// How many violations are listed, errors and warnings.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Never true for an error returned by validation; here for completeness.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// How many violations were found but are not listed (0 unless a field or the request
    /// reached its cap): [`len`](Self::len) plus this is every violation found.
    pub fn omitted(&self) -> usize {
        self.omitted.total()
    }

    /// How many of the violations left out are errors.
    pub fn omitted_errors(&self) -> usize {
        self.omitted.errors
    }

    /// The violations left out, field by field, for the first [`MAX_OMITTED_FIELDS`] fields
    /// with any; [`omitted`](Self::omitted) counts those of every field.
    pub fn omitted_fields(&self) -> &[Omitted] {
        &self.omitted.fields
    }

    /// The violations listed, by value.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

/// `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 error`, `2 errors`, `20,000 violations`.
fn plural(n: usize, word: &str) -> String {
    format!("{} {word}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// "20 more errors", "3 more warnings", or "5 more violations (2 errors, 3 warnings)".
fn more(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (e, 0) => plural(e, "more error"),
        (0, w) => plural(w, "more warning"),
        (e, w) => format!(
            "{} ({}, {})",
            plural(e + w, "more violation"),
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

/// "3 violations (2 errors, 1 warning):", "2 warnings:" or "1 violation:", then one line per
/// violation listed, then one per field with violations left out.
fn write_violations(
    f: &mut fmt::Formatter<'_>,
    violations: &[Violation],
    omitted: &Omissions,
) -> fmt::Result {
    let warnings = violations.iter().filter(|v| v.is_warning()).count() + omitted.warnings;
    let n = violations.len() + omitted.total();
    if warnings == n {
        f.write_str(&plural(n, "warning"))?;
    } else {
        f.write_str(&plural(n, "violation"))?;
    }
    if warnings > 0 && warnings < n {
        write!(
            f,
            " ({}, {})",
            plural(n - warnings, "error"),
            plural(warnings, "warning")
        )?;
    }
    if omitted.total() > 0 {
        write!(f, ", {} listed", thousands(violations.len()))?;
    }
    f.write_str(":")?;
    for v in violations {
        write!(f, "\n- {v}")?;
    }
    let (mut errors, mut warnings) = (omitted.errors, omitted.warnings);
    for o in &omitted.fields {
        let field = if o.field.is_empty() {
            "the request"
        } else {
            &o.field
        };
        write!(f, "\n- ... and {} of {field}", more(o.errors, o.warnings))?;
        errors = errors.saturating_sub(o.errors);
        warnings = warnings.saturating_sub(o.warnings);
    }
    if errors + warnings > 0 {
        write!(f, "\n- ... and {} of other fields", more(errors, warnings))?;
    }
    Ok(())
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_violations(f, &self.violations, &self.omitted)
    }
}

impl std::error::Error for ValidationErrors {}

impl ValidationErrors {
    /// A value that passed its checks but lacks a required field: a check missing from the
    /// generated code, reported rather than panicking.
    pub fn incomplete() -> Self {
        ValidationErrors {
            violations: vec![Violation {
                path: String::new(),
                rule: "required",
                message: "a required field is missing".to_owned(),
                value: None,
                source: None,
                severity: Severity::Error,
            }],
            omitted: Omissions::default(),
        }
    }

    /// A report of the given violations, none left out.
    #[cfg(all(feature = "client", test))]
    pub(crate) fn from_violations(violations: Vec<Violation>) -> Self {
        ValidationErrors {
            violations,
            omitted: Omissions::default(),
        }
    }
}

/// The warnings of a request that passed validation: each breaks a reading the spec made of
/// its page, which the provider may well accept. Empty when nothing is wrong. Capped as
/// [`ValidationErrors`] is: [`omitted`](Self::omitted) counts the warnings not listed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Warnings {
    violations: Vec<Violation>,
    omitted: Omissions,
}

impl Warnings {
    /// The warnings listed, in the order they were found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// How many are listed.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// How many warnings were found but are not listed.
    pub fn omitted(&self) -> usize {
        self.omitted.total()
    }

    /// The warnings left out, field by field, for the first [`MAX_OMITTED_FIELDS`] fields.
    pub fn omitted_fields(&self) -> &[Omitted] {
        &self.omitted.fields
    }

    /// The same warnings as the error of a refused request (in the strict mode), with the
    /// count of those not listed.
    pub fn into_errors(self) -> ValidationErrors {
        ValidationErrors {
            violations: self.violations,
            omitted: self.omitted,
        }
    }

    /// The warnings listed, by value.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// Each warning listed.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.violations.iter()
    }
}

impl<'a> IntoIterator for &'a Warnings {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}

impl fmt::Display for Warnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.violations.is_empty() {
            return f.write_str("no warnings");
        }
        write_violations(f, &self.violations, &self.omitted)
    }
}

/// A value that can check itself into a [`Checker`]: every generated request and object.
pub trait Validate {
    /// Records every violation of this value, at paths under `path`.
    fn check(&self, cx: &mut Checker, path: &Path<'_>);

    /// Checks the value on its own: its warnings, or every violation when one is an error.
    fn validate(&self) -> Result<Warnings, ValidationErrors> {
        let mut cx = Checker::new();
        self.check(&mut cx, &Path::Root);
        cx.finish()
    }
}

/// The JSON text of a value for messages and for [`Violation::value`]: whole when it is at
/// most [`MAX_SHOWN_BYTES`] long, otherwise its first bytes up to a character boundary, marked
/// as cut with the whole length. Linear in the value, and never holds more than the part shown.
pub(crate) fn shown<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut out = Bounded::default();
    // The writer never fails, so neither does writing JSON into it.
    let _ = serde_json::to_writer(&mut out, value);
    out.finish()
}

/// A string quoted for messages: [`shown`].
fn json_str(s: &str) -> String {
    shown(s)
}

/// A name from the request (an undocumented member's) for a path: whole when short, otherwise
/// its first characters and its length, so that a path stays short whatever the request.
pub(crate) fn shown_name(name: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 64;
    if name.len() <= MAX {
        return std::borrow::Cow::Borrowed(name);
    }
    let cut = floor_boundary(name, MAX);
    let head = name.get(..cut).unwrap_or_default();
    std::borrow::Cow::Owned(format!("{head}...({} bytes)", thousands(name.len())))
}

/// The largest character boundary of `s` at most `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// Keeps the first [`MAX_SHOWN_BYTES`] bytes written, and counts the rest.
#[derive(Default)]
struct Bounded {
    kept: Vec<u8>,
    total: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = MAX_SHOWN_BYTES.saturating_sub(self.kept.len());
        self.kept.extend(buf.iter().take(room));
        self.total = self.total.saturating_add(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Bounded {
    fn finish(self) -> String {
        // JSON text is UTF-8; the cut may split a character, which is dropped.
        let whole = self.total <= self.kept.len();
        let mut kept = self.kept;
        if let Err(e) = std::str::from_utf8(&kept) {
            kept.truncate(e.valid_up_to());
        }
        // Valid once truncated; were it not, the text would show U+FFFD, never lose more.
        let text = String::from_utf8(kept)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        if whole {
            text
        } else {
            format!(
                "{text}... (cut at {} of {} bytes)",
                text.len(),
                thousands(self.total)
            )
        }
    }
}

/// Which of a report's caps a violation falls under: its field (its path without list indices)
/// and its severity.
type Severities = [usize; 2];

fn slot(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
    }
}

/// `tags.key` for `tags[3].key`: the field a path is a value of.
fn field_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    field_parts(path, |part| out.push_str(part));
    out
}

/// The parts of `path` that [`field_of`] keeps, in order: what remains once each list index
/// (`[3]`) is taken out.
fn field_parts(path: &str, mut part: impl FnMut(&str)) {
    let mut rest = path;
    while let Some((before, after)) = rest.split_once('[') {
        part(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        // An index is digits and `]`; anything else is text of the name, kept whole.
        match after.get(digits..).and_then(|tail| tail.strip_prefix(']')) {
            Some(tail) if digits > 0 => rest = tail,
            _ => {
                part("[");
                rest = after;
            }
        }
    }
    part(rest);
}

/// Collects violations while checking; [`Checker::finish`] turns them into the result. Each
/// violation costs the same whatever came before it: repeats are found by hashing, and the
/// caps of a report by counting. A check of a field whose cap is reached is counted without
/// its message being written.
#[derive(Debug, Default)]
pub struct Checker {
    violations: Vec<Violation>,
    /// The path, rule and message of every violation pushed whole, listed or not: a value
    /// checked both where it is decoded and where it is used is reported once.
    seen: std::collections::HashSet<Seen>,
    /// The hash of the path and rule of every broken check of a field, listed or not: the
    /// same repeats, found without the message (a field's check at one path and of one rule
    /// always has the same message).
    seen_checks: std::collections::HashSet<u64>,
    /// The keys of the hashes, drawn for each checker, so that a request cannot be written to
    /// collide (a collision would leave one violation uncounted, never change the verdict).
    keys: std::collections::hash_map::RandomState,
    /// Violations listed, by severity.
    listed: Severities,
    /// Violations listed, by the hash of their field and by severity.
    listed_by_field: std::collections::HashMap<u64, Severities>,
    /// Violations left out.
    omitted: Omissions,
    /// The place in `omitted.fields` of each field named there, by the hash of the field.
    omitted_index: std::collections::HashMap<u64, usize>,
    /// A path being rendered, kept to save an allocation per check.
    scratch: String,
    /// Whether the tables above are kept. A report of a few violations (most of them) keeps
    /// none: it finds repeats by comparing with the violations listed, fewer than
    /// [`SMALL_REPORT`], and no cap can be reached yet.
    indexed: bool,
    /// Until then, which violations listed are broken checks of a field.
    from_check: Vec<bool>,
    /// Paths whose value was present but could not be decoded: checks that would judge them
    /// are skipped, so that a wrongly typed value is reported once, as such, and not also as
    /// missing or as breaking a rule.
    invalid: std::collections::HashSet<String>,
    /// Only decode: checks of constraints are left out (for deserialization, which checks
    /// types and names only, like a value built in Rust).
    pub(crate) decode_only: bool,
    /// The objects nested in the value being checked were checked when they were decoded:
    /// checking them again would only find the same violations.
    pub(crate) nested_checked: bool,
}

/// How many violations a report holds before it keeps tables: below every cap, so that none
/// is reached before.
const SMALL_REPORT: usize = MAX_LISTED_PER_FIELD;
const _: () = assert!(SMALL_REPORT <= MAX_LISTED_PER_FIELD && SMALL_REPORT <= MAX_LISTED);

#[cfg(test)]
thread_local! {
    /// Violations compared to find repeats, for the tests that bound the work.
    static REPEAT_PROBES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A violation as repeats are recognised: its path, rule and message.
#[derive(Debug)]
struct Seen(String, &'static str, String);

impl PartialEq for Seen {
    fn eq(&self, other: &Seen) -> bool {
        #[cfg(test)]
        REPEAT_PROBES.with(|n| n.set(n.get() + 1));
        self.0 == other.0 && self.1 == other.1 && self.2 == other.2
    }
}

impl Eq for Seen {}

// The path and rule, not the message: nearly always they tell violations apart, and a
// message is many times longer to hash.
impl std::hash::Hash for Seen {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
        self.1.hash(state);
    }
}

impl Checker {
    /// An empty checker.
    pub fn new() -> Self {
        Checker::default()
    }

    /// A checker that records only what decoding finds: types and names.
    pub fn decoding() -> Self {
        Checker {
            decode_only: true,
            ..Checker::default()
        }
    }

    /// Runs `check` on a new checker: the warnings when it found no error, otherwise every
    /// violation.
    pub fn run(check: impl FnOnce(&mut Checker)) -> Result<Warnings, ValidationErrors> {
        let mut cx = Checker::new();
        check(&mut cx);
        cx.finish()
    }

    /// Violations found so far, listed or not.
    pub fn len(&self) -> usize {
        self.violations.len() + self.omitted.total()
    }

    /// Whether nothing is wrong so far.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The warnings when no violation is an error, otherwise every violation.
    pub fn finish(self) -> Result<Warnings, ValidationErrors> {
        if self.has_errors() {
            Err(ValidationErrors {
                violations: self.violations,
                omitted: self.omitted,
            })
        } else {
            Ok(Warnings {
                violations: self.violations,
                omitted: self.omitted,
            })
        }
    }

    /// Every violation listed so far, errors and warnings, whatever the mode.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// The warnings found so far, whatever the errors.
    pub fn into_warnings(self) -> Warnings {
        Warnings {
            violations: self
                .violations
                .into_iter()
                .filter(Violation::is_warning)
                .collect(),
            omitted: self.omitted.warnings_only(),
        }
    }

    /// Whether an error (not a warning) was found so far.
    pub fn has_errors(&self) -> bool {
        self.listed[0] > 0 || self.omitted.errors > 0
    }

    /// Adds what another check found (its violations, and the count of those it left out),
    /// under this checker's caps.
    pub(crate) fn absorb(&mut self, other: Result<Warnings, ValidationErrors>) {
        let (violations, omitted) = match other {
            Ok(w) => (w.violations, w.omitted),
            Err(e) => (e.violations, e.omitted),
        };
        for v in violations {
            self.push(v.path, v.rule, v.message, v.value, v.source, v.severity);
        }
        let mut errors = omitted.errors;
        let mut warnings = omitted.warnings;
        for o in omitted.fields {
            errors = errors.saturating_sub(o.errors);
            warnings = warnings.saturating_sub(o.warnings);
            let key = self.field_hash(&o.field);
            self.omit(key, &o.field, Severity::Error, o.errors);
            self.omit(key, &o.field, Severity::Warning, o.warnings);
        }
        // Counted by another checker beyond the fields it named: their fields are not known.
        let key = self.field_hash("");
        self.omit(key, "", Severity::Error, errors);
        self.omit(key, "", Severity::Warning, warnings);
    }

    fn is_invalid(&self, path: &str) -> bool {
        self.invalid.contains(path)
    }

    /// Whether a rule at `base` that reads the fields at these wire paths (`a.b`) reads a value
    /// that could not be decoded.
    pub(crate) fn reads_invalid<'a>(
        &self,
        wires: impl IntoIterator<Item = &'a str>,
        base: &Path<'_>,
    ) -> bool {
        if self.invalid.is_empty() {
            return false;
        }
        let base = base.render();
        wires.into_iter().any(|wire| {
            let mut path = base.clone();
            for part in wire.split('.') {
                if self.is_invalid(&path) && !path.is_empty() {
                    return true;
                }
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(part);
            }
            self.is_invalid(&path)
        })
    }

    /// Records that the value at `path` was present but could not be decoded.
    pub fn mark_invalid(&mut self, path: &Path<'_>) {
        self.invalid.insert(path.render());
    }

    /// Records a violation found while decoding JSON.
    pub(crate) fn decode_error(
        &mut self,
        path: &Path<'_>,
        rule: &'static str,
        message: String,
        value: Option<String>,
        source: Option<Source>,
    ) {
        self.push(path.render(), rule, message, value, source, Severity::Error);
        self.mark_invalid(path);
    }

    pub(crate) fn push(
        &mut self,
        path: String,
        rule: &'static str,
        message: String,
        value: Option<String>,
        source: Option<Source>,
        severity: Severity,
    ) {
        let v = Violation {
            path,
            rule,
            message,
            value,
            source,
            severity,
        };
        self.push_violation(v, false);
    }

    /// Records `v`, a broken check of a field when `from_check`, unless it repeats one found
    /// before (a value checked both where it is decoded and where it is used is reported
    /// once): listed, or counted past a cap.
    fn push_violation(&mut self, v: Violation, from_check: bool) {
        if !self.indexed {
            let repeat = self.violations.iter().position(|seen| {
                #[cfg(test)]
                REPEAT_PROBES.with(|n| n.set(n.get() + 1));
                seen.path == v.path && seen.rule == v.rule && seen.message == v.message
            });
            if let Some(seen) = repeat {
                // A check in the words of a violation found before is reported by it: the
                // check counts as reported, as the tables count it once they are kept.
                if let Some(flag) = self.from_check.get_mut(seen).filter(|_| from_check) {
                    *flag = true;
                }
                return;
            }
            self.list_unindexed(v.severity);
            self.violations.push(v);
            self.from_check.push(from_check);
            if self.violations.len() >= SMALL_REPORT {
                self.build_index();
            }
            return;
        }
        let key = Seen(v.path, v.rule, v.message);
        if self.seen.contains(&key) {
            return;
        }
        let field = self.field_hash(&key.0);
        if self.is_full(field, v.severity) {
            self.omit(field, &key.0, v.severity, 1);
            self.seen.insert(key);
            return;
        }
        let (path, message) = (key.0.clone(), key.2.clone());
        self.seen.insert(key);
        self.list(field, v.severity);
        self.violations.push(Violation { path, message, ..v });
    }

    /// Keeps the tables from now on, filled from the violations listed so far.
    fn build_index(&mut self) {
        self.indexed = true;
        let from_check = std::mem::take(&mut self.from_check);
        let mut listed_by_field: std::collections::HashMap<u64, Severities> =
            std::collections::HashMap::new();
        for (v, from_check) in self.violations.iter().zip(from_check) {
            let field = self.field_hash(&v.path);
            if let Some(n) = listed_by_field
                .entry(field)
                .or_default()
                .get_mut(slot(v.severity))
            {
                *n += 1;
            }
            if from_check {
                self.seen_checks.insert(self.check_hash(&v.path, v.rule));
            }
            self.seen
                .insert(Seen(v.path.clone(), v.rule, v.message.clone()));
        }
        self.listed_by_field = listed_by_field;
    }

    /// Counts a violation listed before the tables are kept.
    fn list_unindexed(&mut self, severity: Severity) {
        if let Some(n) = self.listed.get_mut(slot(severity)) {
            *n += 1;
        }
    }

    /// Whether a violation of `severity` at the field hashed as `field` would be left out.
    fn is_full(&self, field: u64, severity: Severity) -> bool {
        let s = slot(severity);
        let of_field = self.listed_by_field.get(&field);
        self.listed.get(s).is_none_or(|&n| n >= MAX_LISTED)
            || of_field.is_some_and(|f| f.get(s).is_none_or(|&n| n >= MAX_LISTED_PER_FIELD))
    }

    /// Counts a violation listed.
    fn list(&mut self, field: u64, severity: Severity) {
        let s = slot(severity);
        let of_field = self.listed_by_field.entry(field).or_default();
        if let Some(n) = of_field.get_mut(s) {
            *n += 1;
        }
        if let Some(n) = self.listed.get_mut(s) {
            *n += 1;
        }
    }

    /// The hash of the field of `path` ([`field_of`]), computed without building it.
    fn field_hash(&self, path: &str) -> u64 {
        use std::hash::{BuildHasher, Hasher};
        let mut h = self.keys.build_hasher();
        field_parts(path, |part| h.write(part.as_bytes()));
        h.finish()
    }

    /// The hash of a check of a field broken at `path`: its path and rule.
    fn check_hash(&self, path: &str, rule: &str) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut h = self.keys.build_hasher();
        path.hash(&mut h);
        rule.hash(&mut h);
        h.finish()
    }

    /// Counts `n` violations of `severity` at `path` (whose field hashes as `key`) that are
    /// not listed.
    fn omit(&mut self, key: u64, path: &str, severity: Severity, n: usize) {
        if n == 0 {
            return;
        }
        let o = &mut self.omitted;
        let tally = |errors: &mut usize, warnings: &mut usize| match severity {
            Severity::Error => *errors += n,
            Severity::Warning => *warnings += n,
        };
        tally(&mut o.errors, &mut o.warnings);
        if let Some(entry) = self
            .omitted_index
            .get(&key)
            .and_then(|&i| o.fields.get_mut(i))
        {
            tally(&mut entry.errors, &mut entry.warnings);
        } else if o.fields.len() < MAX_OMITTED_FIELDS {
            let mut entry = Omitted {
                field: field_of(path),
                errors: 0,
                warnings: 0,
            };
            tally(&mut entry.errors, &mut entry.warnings);
            self.omitted_index.insert(key, o.fields.len());
            o.fields.push(entry);
        }
    }

    /// Records that `field`'s value at `at` breaks `constraint` of `checks` (its own checks
    /// or its items'): an error, or a warning when the constraint is a reading.
    pub(crate) fn field_failed(
        &mut self,
        field: &Field,
        checks: &Checks,
        constraint: Constraint,
        at: &Path<'_>,
        what: String,
        value: Option<String>,
    ) {
        self.field_failed_with(field, checks, constraint, at, || what, || value);
    }

    /// [`Checker::field_failed`], with the words and the value written only when the
    /// violation is listed: past its field's cap, a violation costs a hash and a count.
    pub(crate) fn field_failed_with(
        &mut self,
        field: &Field,
        checks: &Checks,
        constraint: Constraint,
        at: &Path<'_>,
        what: impl FnOnce() -> String,
        value: impl FnOnce() -> Option<String>,
    ) {
        let severity = checks.severity(constraint);
        let rule = constraint.rule();
        let mut path = std::mem::take(&mut self.scratch);
        path.clear();
        at.write(&mut path);
        let repeat = if self.indexed {
            let check = self.check_hash(&path, rule);
            let field_key = self.field_hash(&path);
            if self.is_full(field_key, severity) {
                if self.seen_checks.insert(check) {
                    self.omit(field_key, &path, severity, 1);
                }
                self.scratch = path;
                return;
            }
            !self.seen_checks.insert(check)
        } else {
            self.violations
                .iter()
                .zip(&self.from_check)
                .any(|(v, &from_check)| {
                    #[cfg(test)]
                    REPEAT_PROBES.with(|n| n.set(n.get() + 1));
                    from_check && v.rule == rule && v.path == path
                })
        };
        if repeat {
            self.scratch = path;
            return;
        }
        let owned = path.clone();
        self.scratch = path;
        let what = what();
        let (message, value) = match value() {
            Some(v) if !field.sensitive => (format!("{owned} {what} (got {v})"), Some(v)),
            Some(_) => (format!("{owned} {what} (value redacted)"), None),
            None => (format!("{owned} {what}"), None),
        };
        let v = Violation {
            path: owned,
            rule,
            message,
            value,
            source: Some(field.source),
            severity,
        };
        self.push_violation(v, true);
    }

    pub(crate) fn missing(&mut self, field: &Field, at: &Path<'_>) {
        if field.required && !self.is_invalid(&at.render()) {
            let what = if field.value.readings.contains(Constraint::Required) {
                "is expected: the spec reads the page as requiring it"
            } else {
                "is required"
            };
            self.field_failed(
                field,
                &field.value,
                Constraint::Required,
                at,
                what.to_owned(),
                None,
            );
        }
    }

    pub(crate) fn check_str(&mut self, field: &Field, checks: &Checks, at: &Path<'_>, s: &str) {
        // Quoted once for all its faults, and only when one is listed and it may be shown.
        let mut quoted: Option<String> = None;
        checks
            .strings()
            .faults_with(s, field.sensitive, |constraint, what| {
                let got = || {
                    let shown = quoted.get_or_insert_with(|| {
                        if field.sensitive {
                            String::new()
                        } else {
                            json_str(s)
                        }
                    });
                    Some(shown.clone())
                };
                self.field_failed_with(field, checks, constraint, at, what, got);
            });
    }

    pub(crate) fn check_int(&mut self, field: &Field, checks: &Checks, at: &Path<'_>, v: i128) {
        integer_faults(checks.range, checks.format, v, |constraint, what| {
            let got = || Some(v.to_string());
            self.field_failed_with(field, checks, constraint, at, || what, got);
        });
    }

    pub(crate) fn check_count(&mut self, field: &Field, at: &Path<'_>, n: usize) {
        if let Some(what) = count_fault(field.value.count, n) {
            let got = Some(n.to_string());
            self.field_failed(field, &field.value, Constraint::Count, at, what, got);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::Value;
    use serde_json::{Value as Json, json};

    const PAGE: Page = Page {
        title: "Test:Create",
        updated: "2026-03-27",
        url: "",
        document: "specs/pages/Create.txt",
    };
    const SOURCE: Source = Source {
        spec: "specs/test.yaml",
        page: &PAGE,
        reference: "Name",
    };

    fn field(name: &'static str, value: Checks) -> Field {
        Field {
            name,
            required: true,
            sensitive: false,
            source: SOURCE,
            value,
            items: Checks::NONE,
            encoding: Encoding::Plain,
            location: Location::Json,
            style: None,
            fractions_rounded_down: false,
        }
    }

    fn errors(f: impl FnOnce(&mut Checker)) -> Vec<Violation> {
        let mut cx = Checker::new();
        f(&mut cx);
        cx.finish()
            .err()
            .map(ValidationErrors::into_violations)
            .unwrap_or_default()
    }

    #[test]
    fn intervals_parse_from_the_spec_notation() {
        const SIZE: Interval = Interval::parse("[1,31]");
        assert_eq!(SIZE, closed(1, 31));
        let half = Interval::parse("[0,30000)");
        assert!(half.contains(0) && half.contains(29_999) && !half.contains(30_000));
        let open_low = Interval::parse("(-5,]");
        assert!(!open_low.contains(-5) && open_low.contains(-4) && open_low.contains(i128::MAX));
        assert_eq!(open_low.max, None);
        let at_most = Interval::parse("[,64]");
        assert_eq!(
            (at_most.min, at_most.words()),
            (None, "at most 64".to_owned())
        );
    }

    #[test]
    fn descriptors_built_by_setters_carry_every_constraint() {
        let f = Field::new("Name", SOURCE)
            .row("Name.N")
            .required()
            .sensitive()
            .length("[1,8]")
            .ascii()
            .items(Checks::NONE.range("[0,9]"));
        assert_eq!((f.name, f.source.reference), ("Name", "Name.N"));
        assert!(f.required && f.sensitive && f.value.ascii);
        assert_eq!(f.value.length, Some(closed(1, 8)));
        assert_eq!(f.items.range, Some(closed(0, 9)));
        assert_eq!(Field::new("Other", SOURCE).source.reference, "Other");
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let f = Field::new("Name", SOURCE).length("[2,3]");
        let rules = |s: &str| -> Vec<&str> {
            errors(|cx| cx.value(&f, &Path::Root, &Value::Str(s)))
                .iter()
                .map(|v| v.rule)
                .collect()
        };
        // Bytes and characters on either side of the bounds.
        for ok in ["ab", "abc", "éé", "ééé", "日本", "日本語", "🦀🦀🦀"] {
            assert!(rules(ok).is_empty(), "{ok:?}");
        }
        for bad in [
            "",
            "a",
            "é",
            "日",
            "🦀",
            "abcd",
            "éééé",
            "日本語日",
            "🦀🦀🦀🦀",
        ] {
            assert_eq!(rules(bad), ["length"], "{bad:?}");
        }
    }

    fn closed(lo: i128, hi: i128) -> Interval {
        Interval {
            min: Some(Bound {
                value: lo,
                inclusive: true,
            }),
            max: Some(Bound {
                value: hi,
                inclusive: true,
            }),
        }
    }

    #[test]
    fn intervals_in_words() {
        assert_eq!(closed(1, 5).words(), "between 1 and 5");
        let half = Interval {
            min: Some(Bound {
                value: 0,
                inclusive: true,
            }),
            max: Some(Bound {
                value: 30000,
                inclusive: false,
            }),
        };
        assert_eq!(half.words(), "at least 0 and less than 30000");
        assert!(
            half.contains(29999) && !half.contains(30000) && half.contains(0) && !half.contains(-1)
        );
        let open = Interval {
            min: Some(Bound {
                value: 1,
                inclusive: true,
            }),
            max: None,
        };
        assert_eq!(open.words(), "at least 1");
    }

    #[test]
    fn owned_and_static_constraints_report_alike() {
        let owned = Charset::of(true, true, false, false, "_-".to_owned());
        assert_eq!(owned.describe, "letters, digits, `_` and `-`");
        let fixed = Charset::new("letters, digits, `_` and `-`")
            .letters()
            .digits()
            .extra("_-");
        static PATTERN: Pattern = Pattern::new("[a-z_.-]+");
        let (prefixes, owned_prefixes) = (
            [Prefix::ignore_case("auto")],
            [Prefix {
                prefix: "auto".to_owned(),
                ignore_case: true,
            }],
        );
        let owned_pattern = Pattern::new("[a-z_.-]+".to_owned());
        let fixed_checks = StringChecks {
            length: Some(Interval::parse("[1,4]")),
            charset: Some(&fixed),
            ascii: true,
            forbidden_prefixes: &prefixes,
            pattern: Some(&PATTERN),
            format: None,
        };
        let owned_checks = StringChecks {
            length: Some(Interval::parse("[1,4]")),
            charset: Some(&owned),
            ascii: true,
            forbidden_prefixes: &owned_prefixes,
            pattern: Some(&owned_pattern),
            format: None,
        };
        for s in ["", "ab", "a.b", "Autos", "é", "日本語だ", "a_b-c"] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            fixed_checks.faults(s, false, |c, what| a.push((c, what)));
            owned_checks.faults(s, false, |c, what| b.push((c, what)));
            assert_eq!(a, b, "{s:?}");
        }
        let mut all = Vec::new();
        owned_checks.faults("Auto.", false, |c, _| all.push(c));
        assert_eq!(
            all,
            [
                Constraint::Length,
                Constraint::Charset,
                Constraint::Prefix,
                Constraint::Pattern
            ]
        );
        let mut hidden = Vec::new();
        owned_checks.faults("a.b", true, |_, what| hidden.push(what));
        assert_eq!(
            hidden,
            ["may contain only letters, digits, `_` and `-`; a character is not allowed"]
        );
    }

    #[test]
    fn every_violation_is_reported_with_path_and_source() {
        static PAT: Pattern = Pattern::new("[a-z]+");
        let f = field(
            "Name",
            Checks {
                length: Some(closed(1, 3)),
                pattern: Some(&PAT),
                forbidden_prefixes: &[Prefix {
                    prefix: "default",
                    ignore_case: true,
                }],
                ..Checks::NONE
            },
        );
        let v = errors(|cx| cx.value(&f, &Path::Root.field("outer"), &Value::Str("DEFAULTx")));
        let rules: Vec<&str> = v.iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["length", "prefix", "pattern"]);
        assert_eq!(v[0].path, "outer.Name");
        assert_eq!(
            v[0].message,
            "outer.Name must be between 1 and 3 characters long, not 8 (got \"DEFAULTx\")"
        );
        assert_eq!(v[0].source, Some(SOURCE));
        // Users see the page's title and date, not the repository's paths; tools get both.
        assert_eq!(
            v[0].to_string(),
            "outer.Name must be between 1 and 3 characters long, not 8 (got \"DEFAULTx\") \
             [length: Test:Create (updated 2026-03-27), row Name]"
        );
        let json = v[0].to_json();
        assert_eq!(
            (&json["page"], &json["updated"], &json["url"]),
            (&json!("Test:Create"), &json!("2026-03-27"), &Json::Null)
        );
        assert_eq!(
            (&json["spec"], &json["document"]),
            (&json!("specs/test.yaml"), &json!("specs/pages/Create.txt"))
        );
    }

    #[test]
    fn a_page_is_cited_by_its_address_when_known_and_never_by_its_snapshot() {
        let with_url = Page {
            url: "https://example.com/create",
            ..PAGE
        };
        assert_eq!(
            with_url.to_string(),
            "Test:Create <https://example.com/create>"
        );
        let bare = Page {
            updated: "",
            ..PAGE
        };
        assert_eq!(bare.to_string(), "Test:Create");
        let unknown = Source {
            page: &Page::UNKNOWN,
            ..SOURCE
        };
        assert_eq!(unknown.to_string(), "specs/test.yaml, row Name");
        assert_eq!(
            SOURCE.at("").to_string(),
            "Test:Create (updated 2026-03-27)"
        );
    }

    #[test]
    fn sensitive_values_never_appear() {
        let mut f = field(
            "Password",
            Checks {
                length: Some(closed(1, 3)),
                ..Checks::NONE
            },
        );
        f.sensitive = true;
        let v = errors(|cx| cx.value(&f, &Path::Root, &Value::Str("hunter2")));
        assert_eq!(v.len(), 1);
        assert!(!v[0].message.contains("hunter2"), "{}", v[0].message);
        assert_eq!(v[0].value, None);
    }

    #[test]
    fn missing_required_and_lists() {
        let f = field(
            "Items",
            Checks {
                count: Some(closed(1, 2)),
                unique: true,
                ..Checks::NONE
            },
        );
        let v = errors(|cx| cx.value(&f, &Path::Root, &Value::Absent));
        assert_eq!(
            (v[0].rule, v[0].message.as_str()),
            ("required", "Items is required")
        );
        let items = vec!["a".to_owned(), "b".to_owned(), "a".to_owned()];
        let v = errors(|cx| cx.value(&f, &Path::Root, &Value::Strs(&items)));
        let rules: Vec<&str> = v.iter().map(|v| v.rule).collect();
        assert_eq!(rules, ["count", "unique"]);
    }

    #[test]
    fn long_lists_are_checked_like_short_ones() {
        // Lists longer than the stack buffer of `check_list` take the heap.
        let f = Field {
            items: Checks::NONE.range("[0,100]"),
            ..field(
                "N",
                Checks {
                    unique: true,
                    order: Some(Order::Ascending),
                    ..Checks::NONE
                },
            )
        };
        for len in [15_usize, 16, 17, 40] {
            let mut items: Vec<i32> = (0..len as i32).collect();
            assert!(errors(|cx| cx.value(&f, &Path::Root, &Value::List(&items))).is_empty());
            let last = len - 1;
            items[0] = 50;
            items[last - 1] = items[last - 2];
            items[last] = 200;
            let v = errors(|cx| cx.value(&f, &Path::Root, &Value::List(&items)));
            let found: Vec<(&str, &str)> = v.iter().map(|v| (v.rule, v.path.as_str())).collect();
            let over = format!("N[{last}]");
            assert_eq!(
                found,
                [("unique", "N"), ("order", "N"), ("range", over.as_str())],
                "{len}"
            );
            assert!(
                v[0].message.contains(&format!("item {} repeats", last - 1)),
                "{len}"
            );
            assert!(v[1].message.contains("item 1 breaks it"), "{len}");
        }
    }

    #[test]
    fn lists_keep_their_order() {
        let f = field(
            "Times",
            Checks {
                order: Some(Order::Ascending),
                ..Checks::NONE
            },
        );
        let sorted = vec!["01:00".to_owned(), "02:00".to_owned(), "02:00".to_owned()];
        assert!(errors(|cx| cx.value(&f, &Path::Root, &Value::Strs(&sorted))).is_empty());
        let unsorted = vec!["02:00".to_owned(), "01:00".to_owned()];
        let v = errors(|cx| cx.value(&f, &Path::Root, &Value::Strs(&unsorted)));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].rule, "order");
        assert_eq!(
            v[0].message,
            "Times must be in ascending order, but item 1 breaks it (got \"01:00\")"
        );
        let down = field(
            "N",
            Checks {
                order: Some(Order::Descending),
                ..Checks::NONE
            },
        );
        let (flat, rising) = (vec![3_i32, 2, 2], vec![1_i32, 2]);
        assert!(errors(|cx| cx.value(&down, &Path::Root, &Value::List(&flat))).is_empty());
        assert_eq!(
            errors(|cx| cx.value(&down, &Path::Root, &Value::List(&rising))).len(),
            1
        );
    }

    #[test]
    fn decode_failures_hide_later_checks_at_the_same_path() {
        let f = field("Name", Checks::NONE);
        let mut cx = Checker::new();
        cx.decode_error(
            &Path::Root.field("Name"),
            "type",
            "Name must be a string".into(),
            None,
            None,
        );
        cx.value(&f, &Path::Root, &Value::Absent);
        let v = cx
            .finish()
            .err()
            .map(ValidationErrors::into_violations)
            .unwrap_or_default();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].rule, "type");
    }

    #[test]
    fn paths_render_in_wire_names() {
        let root = Path::Root;
        let rule = root.field("Rule");
        let item = rule.index(0);
        assert_eq!(item.field("Schedule").render(), "Rule[0].Schedule");
    }

    /// Pushes an error at `path`, as a check of a field does.
    fn fail(cx: &mut Checker, path: String, message: &str, severity: Severity) {
        cx.push(path, "pattern", message.to_owned(), None, None, severity);
    }

    #[test]
    fn a_field_lists_its_first_violations_and_counts_the_rest() {
        let mut cx = Checker::new();
        for i in 0..20_000 {
            fail(
                &mut cx,
                format!("BackupPeriod[{i}]"),
                "bad",
                Severity::Error,
            );
        }
        fail(&mut cx, "PlanName".to_owned(), "bad", Severity::Warning);
        assert_eq!(cx.len(), 20_001);
        let Err(e) = cx.finish() else {
            panic!("errors were found")
        };
        assert_eq!(
            (e.len(), e.omitted(), e.omitted_errors()),
            (11, 19_990, 19_990)
        );
        assert_eq!(
            e.omitted_fields(),
            [Omitted {
                field: "BackupPeriod".to_owned(),
                errors: 19_990,
                warnings: 0
            }]
        );
        let listed: Vec<&str> = e.violations().iter().map(|v| v.path.as_str()).collect();
        assert_eq!(listed[..2], ["BackupPeriod[0]", "BackupPeriod[1]"]);
        assert_eq!(listed[10], "PlanName");
        let text = e.to_string();
        assert!(
            text.starts_with("20,001 violations (20,000 errors, 1 warning), 11 listed:"),
            "{text}"
        );
        assert!(
            text.ends_with("\n- ... and 19,990 more errors of BackupPeriod"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 13, "{text}");
    }

    #[test]
    fn a_request_lists_a_bounded_number_and_never_hides_its_first_error() {
        let mut cx = Checker::new();
        // A warning at each of many fields, then one error.
        for i in 0..5_000 {
            fail(&mut cx, format!("Field{i}"), "odd", Severity::Warning);
        }
        fail(&mut cx, "Last".to_owned(), "bad", Severity::Error);
        let Err(e) = cx.finish() else {
            panic!("an error was found")
        };
        assert_eq!(e.len(), MAX_LISTED + 1);
        assert_eq!(e.errors().count(), 1);
        assert_eq!((e.omitted(), e.omitted_errors()), (5_000 - MAX_LISTED, 0));
        assert_eq!(e.omitted_fields().len(), MAX_OMITTED_FIELDS);
        let text = e.to_string();
        let rest = 5_000 - MAX_LISTED - MAX_OMITTED_FIELDS;
        assert!(
            text.ends_with(&format!(
                "\n- ... and {} of other fields",
                plural(rest, "more warning")
            )),
            "{text}"
        );
        // One line per listed violation and per field named, whatever the request.
        assert_eq!(
            text.lines().count(),
            1 + MAX_LISTED + 1 + MAX_OMITTED_FIELDS + 1
        );
        assert!(ValidationMode::Standard.refuses(e.violations()));
    }

    #[test]
    fn a_checker_keeps_the_warnings_apart_from_the_errors() {
        let mut cx = Checker::new();
        assert!(cx.is_empty() && !cx.has_errors());
        for i in 0..15 {
            fail(&mut cx, format!("Days[{i}]"), "bad", Severity::Error);
        }
        for i in 0..12 {
            fail(&mut cx, format!("Days[{i}]"), "odd", Severity::Warning);
        }
        for i in 0..13 {
            fail(&mut cx, format!("Paths[{i}]"), "bad", Severity::Error);
        }
        assert!(!cx.is_empty() && cx.has_errors());
        assert_eq!(cx.len(), 40);
        let warnings = cx.into_warnings();
        assert_eq!(warnings.len(), MAX_LISTED_PER_FIELD);
        assert!(!warnings.is_empty());
        assert!(warnings.violations().iter().all(Violation::is_warning));
        assert_eq!((&warnings).into_iter().count(), MAX_LISTED_PER_FIELD);
        // Errors left out are not warnings; a field with none of its warnings left out goes.
        assert_eq!(warnings.omitted(), 2);
        let [omitted] = warnings.omitted_fields() else {
            panic!("{warnings:?}")
        };
        assert_eq!(
            (omitted.errors, omitted.warnings, omitted.count()),
            (0, 2, 2)
        );

        let mut cx = Checker::new();
        fail(&mut cx, "Days[0]".to_owned(), "odd", Severity::Warning);
        assert!(!cx.is_empty() && !cx.has_errors());
        fail(&mut cx, "Days[1]".to_owned(), "bad", Severity::Error);
        assert!(cx.has_errors());
        assert_eq!(cx.into_violations().len(), 2);
        let Err(errors) = Checker::run(|cx| {
            for i in 0..12 {
                fail(cx, format!("Days[{i}]"), "bad", Severity::Error);
            }
            fail(cx, "Days[12]".to_owned(), "odd", Severity::Warning);
        }) else {
            panic!("errors were found")
        };
        assert!(!errors.is_empty());
        assert_eq!(
            errors.omitted_fields(),
            [Omitted {
                field: "Days".to_owned(),
                errors: 2,
                warnings: 0,
            }]
        );
        assert_eq!(errors.omitted_fields()[0].count(), 2);
        let none = Checker::run(|_| {}).expect("nothing is wrong");
        assert!(none.is_empty() && (&none).into_iter().next().is_none());
        assert!(none.into_errors().is_empty());
    }

    #[test]
    fn a_report_of_warnings_alone_counts_only_warnings() {
        let w = Checker::run(|cx| {
            fail(cx, "A".to_owned(), "odd", Severity::Warning);
            fail(cx, "B".to_owned(), "odd", Severity::Warning);
        })
        .expect("only warnings");
        let text = w.into_errors().to_string();
        assert!(text.starts_with("2 warnings:\n- "), "{text}");
    }

    #[test]
    fn a_rule_reading_a_value_that_failed_to_decode_is_known() {
        let mut cx = Checker::new();
        let root = Path::Root;
        assert!(!cx.reads_invalid(["Policy.Start"], &root));
        cx.mark_invalid(&root.field("Policy").field("Start"));
        assert!(cx.reads_invalid(["Policy.Start"], &root));
        assert!(cx.reads_invalid(["Other", "Policy.Start"], &root));
        assert!(!cx.reads_invalid(["Policy.End"], &root));
        assert!(!cx.reads_invalid(["Policy"], &root));
        assert!(!cx.reads_invalid(["Start"], &root));
        // A member of a value that failed is unread too; so is a path below the rule's base.
        cx.mark_invalid(&root.field("Plan"));
        assert!(cx.reads_invalid(["Plan.Rule.Days"], &root));
        let policy = root.field("Policy");
        assert!(cx.reads_invalid(["Start"], &policy));
        assert!(!cx.reads_invalid(["End"], &policy));
    }

    #[test]
    fn warnings_left_out_are_counted_where_no_error_is() {
        let mut cx = Checker::new();
        for i in 0..50 {
            fail(&mut cx, format!("tags[{i}].key"), "odd", Severity::Warning);
        }
        let w = cx.finish().expect("only warnings");
        assert_eq!((w.len(), w.omitted()), (MAX_LISTED_PER_FIELD, 40));
        assert_eq!(w.omitted_fields()[0].field, "tags.key");
        assert!(
            w.to_string()
                .ends_with("- ... and 40 more warnings of tags.key"),
            "{w}"
        );
        let e = w.into_errors();
        assert_eq!((e.len(), e.omitted()), (MAX_LISTED_PER_FIELD, 40));
    }

    #[test]
    fn repeats_are_found_without_rescanning_the_report() {
        let mut cx = Checker::new();
        let before = REPEAT_PROBES.with(std::cell::Cell::get);
        let n = 100_000;
        for i in 0..n {
            fail(&mut cx, format!("Items[{i}]"), "bad", Severity::Error);
            // The same check made where the value is used, as decoding and checking do.
            fail(&mut cx, format!("Items[{i}]"), "bad", Severity::Error);
        }
        let probes = REPEAT_PROBES.with(std::cell::Cell::get) - before;
        assert_eq!(cx.len(), n);
        // One comparison per repeat, give or take a hash collision; a rescan makes billions.
        assert!(probes <= 2 * n, "{probes} comparisons for {n} violations");
        // A repeat is dropped whether it was listed or left out.
        let e = cx.finish().expect_err("errors");
        assert_eq!(e.len() + e.omitted(), n);
    }

    #[test]
    fn paths_map_to_their_fields() {
        for (path, field) in [
            ("", ""),
            ("Name", "Name"),
            ("BackupPeriod[12]", "BackupPeriod"),
            ("tags[0].key", "tags.key"),
            ("Rule[3].Items[10].Name", "Rule.Items.Name"),
            ("odd[x]", "odd[x]"),
            ("odd[", "odd["),
            ("odd[]", "odd[]"),
            ("odd[12", "odd[12"),
            ("odd[1x].a", "odd[1x].a"),
            ("[2].b", ".b"),
            ("é[1].ü[22]", "é.ü"),
        ] {
            assert_eq!(field_of(path), field, "{path}");
        }
    }

    #[test]
    fn thousands_are_separated() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (19_990, "19,990"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(thousands(n), text);
        }
    }

    #[test]
    fn a_long_value_is_shown_cut_and_marked() {
        let f = field("Name", Checks::NONE.length("[1,8]").pattern(&LOWER));
        let long = "A".repeat(10 * 1024 * 1024);
        let v = errors(|cx| cx.value(&f, &Path::Root, &Value::Str(&long)));
        assert_eq!(
            v.iter().map(|v| v.rule).collect::<Vec<_>>(),
            ["length", "pattern"]
        );
        for v in &v {
            let value = v.value.as_deref().unwrap_or_default();
            assert!(
                value.ends_with("... (cut at 256 of 10,485,762 bytes)"),
                "{value:.300}"
            );
            assert!(value.len() < MAX_SHOWN_BYTES + 64);
            assert!(
                v.message.len() < MAX_SHOWN_BYTES + 200,
                "{:.400}",
                v.message
            );
        }
    }

    static LOWER: Pattern = Pattern::new("[a-z]+");

    /// The JSON of `s`, cut as [`shown`] cuts it, from the whole text.
    fn shown_plain(s: &str) -> String {
        let whole = serde_json::to_string(s).unwrap_or_default();
        if whole.len() <= MAX_SHOWN_BYTES {
            return whole;
        }
        let mut cut = MAX_SHOWN_BYTES;
        while !whole.is_char_boundary(cut) {
            cut -= 1;
        }
        format!(
            "{}... (cut at {cut} of {} bytes)",
            &whole[..cut],
            thousands(whole.len())
        )
    }

    proptest::proptest! {
        /// The bounded writer shows what cutting the whole JSON text shows, on strings around
        /// the limit, of characters of one to four bytes and characters JSON escapes.
        #[test]
        fn shown_matches_its_plain_twin(
            chars in proptest::collection::vec(
                proptest::sample::select(vec!['a', 'é', '日', '🦀', '"', '\n', '\u{1}']),
                0..300,
            )
        ) {
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(shown(&s), shown_plain(&s));
        }
    }

    /// A step of a report's making: a violation pushed as it is, or a broken check of a field.
    #[derive(Clone, Debug)]
    enum Report {
        Push {
            at: (usize, usize),
            rule: usize,
            message: usize,
            warning: bool,
        },
        Check {
            at: (usize, usize),
            rule: usize,
            message: usize,
            warning: bool,
        },
    }

    const RULES: [(&str, Constraint); 2] = [
        ("pattern", Constraint::Pattern),
        ("length", Constraint::Length),
    ];

    /// The path and field of a place: 15 fields, some nested in lists, of up to 15 items.
    fn place((field, item): (usize, usize)) -> (String, String) {
        match field % 3 {
            0 => (format!("F{field}[{item}]"), format!("F{field}")),
            1 => (format!("G{field}[{item}].c"), format!("G{field}.c")),
            _ => (format!("H{field}"), format!("H{field}")),
        }
    }

    /// The plain twin of the report: every violation kept in a list, each question answered
    /// by a scan of it. A check at a path and rule is reported once; a violation equal in path,
    /// rule and message to one found before is dropped; then it is listed, unless its field
    /// has [`MAX_LISTED_PER_FIELD`] of its severity or the request [`MAX_LISTED`], in which case
    /// it is counted, by field for the first [`MAX_OMITTED_FIELDS`] fields.
    #[derive(Default)]
    struct PlainReport {
        found: Vec<(String, &'static str, String)>,
        checks: Vec<(String, &'static str)>,
        listed: Vec<(String, &'static str, String, Severity, String)>,
        omitted: Vec<Omitted>,
        omitted_errors: usize,
        omitted_warnings: usize,
    }

    impl PlainReport {
        fn add(
            &mut self,
            path: String,
            field: String,
            rule: &'static str,
            message: String,
            severity: Severity,
            check: bool,
        ) {
            if check {
                if self.checks.iter().any(|(p, r)| *p == path && *r == rule) {
                    return;
                }
                self.checks.push((path.clone(), rule));
            }
            let of_severity = self.listed.iter().filter(|v| v.3 == severity);
            let of_field = of_severity.clone().filter(|v| v.4 == field).count();
            let full = of_field >= MAX_LISTED_PER_FIELD || of_severity.count() >= MAX_LISTED;
            // A check past the cap is counted without its words: they are never written.
            if !(check && full) {
                let found =
                    |(p, r, m): &(String, &str, String)| *p == path && *r == rule && *m == message;
                if self.found.iter().any(found) {
                    return;
                }
                self.found.push((path.clone(), rule, message.clone()));
            }
            if !full {
                self.listed.push((path, rule, message, severity, field));
                return;
            }
            let (errors, warnings) = match severity {
                Severity::Error => (1, 0),
                Severity::Warning => (0, 1),
            };
            self.omitted_errors += errors;
            self.omitted_warnings += warnings;
            if let Some(o) = self.omitted.iter_mut().find(|o| o.field == field) {
                o.errors += errors;
                o.warnings += warnings;
            } else if self.omitted.len() < MAX_OMITTED_FIELDS {
                self.omitted.push(Omitted {
                    field,
                    errors,
                    warnings,
                });
            }
        }
    }

    fn report_step() -> impl proptest::strategy::Strategy<Value = Report> {
        use proptest::prelude::*;
        // Few places and words, so that repeats are common; lists long enough to fill a field.
        let at = (0..15usize, 0..15usize);
        prop_oneof![
            (at.clone(), 0..2usize, 0..4usize, any::<bool>()).prop_map(
                |(at, rule, message, warning)| {
                    Report::Push {
                        at,
                        rule,
                        message,
                        warning,
                    }
                }
            ),
            (at, 0..2usize, 0..2usize, any::<bool>()).prop_map(|(at, rule, message, warning)| {
                Report::Check {
                    at,
                    rule,
                    message,
                    warning,
                }
            }),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 128,
            rng_seed: proptest::test_runner::RngSeed::Fixed(17),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// The report (kept without tables up to [`SMALL_REPORT`], then with hashed tables,
        /// capped per field and per request) lists and counts what its plain twin does: on
        /// reports of a few violations, around the switch to tables, and past every cap.
        #[test]
        fn reports_agree_with_their_plain_twin(
            steps in proptest::collection::vec(report_step(), 0..400),
        ) {
            let mut cx = Checker::new();
            let mut plain = PlainReport::default();
            for step in &steps {
                match *step {
                    Report::Push { at, rule, message, warning } => {
                        let (path, field) = place(at);
                        let severity = if warning { Severity::Warning } else { Severity::Error };
                        let (rule, _) = RULES[rule];
                        // Some in the words a check of the field would use.
                        let message = match message {
                            0 | 1 => format!("m{message}"),
                            _ => format!("{path} w{}", message - 2),
                        };
                        cx.push(path.clone(), rule, message.clone(), None, None, severity);
                        plain.add(path, field, rule, message, severity, false);
                    }
                    Report::Check { at, rule, message, warning } => {
                        let (path, of) = place(at);
                        let (rule, constraint) = RULES[rule];
                        let checks = if warning { Checks::NONE.reading(constraint) } else { Checks::NONE };
                        let root = Path::Root;
                        let at = root.field(&path);
                        let what = format!("w{message}");
                        cx.field_failed(&field("X", checks), &checks, constraint, &at, what.clone(), None);
                        let severity = checks.severity(constraint);
                        plain.add(path.clone(), of, rule, format!("{path} {what}"), severity, true);
                    }
                }
            }
            proptest::prop_assert_eq!(cx.len(), plain.listed.len() + plain.omitted_errors + plain.omitted_warnings);
            let errors = plain.listed.iter().any(|v| v.3 == Severity::Error) || plain.omitted_errors > 0;
            proptest::prop_assert_eq!(cx.has_errors(), errors);
            let (violations, omitted) = match cx.finish() {
                Ok(w) => (w.violations, w.omitted),
                Err(e) => (e.violations, e.omitted),
            };
            let listed: Vec<_> = violations.iter().map(|v| (v.path.clone(), v.rule, v.message.clone(), v.severity)).collect();
            let expected: Vec<_> = plain.listed.into_iter().map(|(p, r, m, s, _)| (p, r, m, s)).collect();
            proptest::prop_assert_eq!(listed, expected);
            proptest::prop_assert_eq!((omitted.errors, omitted.warnings), (plain.omitted_errors, plain.omitted_warnings));
            proptest::prop_assert_eq!(omitted.fields, plain.omitted);
        }
    }

    #[test]
    fn long_names_are_cut_in_paths() {
        assert_eq!(shown_name("Name"), "Name");
        let long = "é".repeat(100);
        let cut = shown_name(&long);
        assert_eq!(cut, format!("{}...(200 bytes)", "é".repeat(32)));
    }

    #[test]
    fn each_setter_sets_its_constraint() {
        static PATTERN: Pattern = Pattern::new("[a-z]+");
        const PREFIXES: &[Prefix] = &[Prefix {
            prefix: "acs:",
            ignore_case: true,
        }];
        let none = Checks::NONE;
        assert!(!none.constrained);
        let set = [
            none.range("[1,2]"),
            none.length("[3,4]"),
            none.count("[5,6]"),
            none.unique(),
            none.order(Order::Descending),
            none.charset(Charset::new("digits").digits()),
            none.pattern(&PATTERN),
            none.ascii(),
            none.forbidden_prefixes(PREFIXES),
            none.format(Format::TimeHhMm),
        ];
        for checks in &set {
            assert!(checks.constrained, "{checks:?}");
        }
        let [
            range,
            length,
            count,
            unique,
            order,
            charset,
            pattern,
            ascii,
            prefixes,
            format,
        ] = set;
        assert_eq!(range.range, Some(closed(1, 2)));
        assert_eq!(length.length, Some(closed(3, 4)));
        assert_eq!(count.count, Some(closed(5, 6)));
        assert!(unique.unique);
        assert_eq!(order.order, Some(Order::Descending));
        assert_eq!(charset.charset.map(|c| c.describe), Some("digits"));
        assert!(pattern.pattern.is_some_and(|p| std::ptr::eq(p, &PATTERN)));
        assert!(ascii.ascii);
        assert_eq!(prefixes.forbidden_prefixes, PREFIXES);
        assert_eq!(format.format, Some(Format::TimeHhMm));
        // A reading adds to the readings and constrains nothing itself.
        let read = range.reading(Constraint::Range).reading(Constraint::Unique);
        assert!(read.readings.contains(Constraint::Range));
        assert!(read.readings.contains(Constraint::Unique));
        assert!(!read.readings.contains(Constraint::Length));
        assert_eq!(read.severity(Constraint::Range), Severity::Warning);
        assert_eq!(read.severity(Constraint::Length), Severity::Error);
        assert!(!none.reading(Constraint::Range).constrained);
        // The charset's own setters.
        let every = Charset::new("all")
            .letters()
            .digits()
            .ascii_letters()
            .ascii_digits()
            .extra("_-");
        assert!(every.letters && every.digits && every.ascii_letters && every.ascii_digits);
        assert_eq!(every.extra, "_-");
    }

    /// Whether a charset allows `c`, written out class by class.
    fn plain_allows(set: &Charset<String>, c: char) -> bool {
        let mut allowed = set.extra.chars().any(|e| e == c);
        if set.letters && c.is_alphabetic() {
            allowed = true;
        }
        if (set.digits || set.ascii_digits) && c.is_ascii_digit() {
            allowed = true;
        }
        if set.ascii_letters && c.is_ascii_alphabetic() {
            allowed = true;
        }
        allowed
    }

    #[test]
    fn charsets_allow_their_classes_and_nothing_else() {
        // ASCII and not; letters, digits of other scripts (`٣`), marks and symbols.
        let chars = [
            'a', 'Z', 'é', '未', '0', '9', '٣', '_', '-', ' ', '.', '😀', '\u{301}',
        ];
        for bits in 0..16u8 {
            for extra in ["", "_", "-é"] {
                let set = Charset::of(
                    bits & 1 != 0,
                    bits & 2 != 0,
                    bits & 4 != 0,
                    bits & 8 != 0,
                    extra.to_owned(),
                );
                for c in chars {
                    assert_eq!(set.allows(c), plain_allows(&set, c), "{set:?} {c:?}");
                }
            }
        }
        let digits = Charset::new("digits").digits();
        assert!(digits.allows('7') && !digits.allows('٣') && !digits.allows('a'));
        let letters = Charset::new("letters").letters();
        assert!(letters.allows('未') && !letters.allows('7'));
        assert!(!Charset::new("nothing").allows('a'));
    }

    #[test]
    fn string_faults_say_what_the_value_must_be() {
        let faults = |checks: Checks, s: &str, sensitive: bool| {
            let mut found = Vec::new();
            checks.strings().faults(s, sensitive, |constraint, words| {
                found.push((constraint, words))
            });
            found
        };
        let at_least_one = Checks::NONE.length("[1,]");
        assert_eq!(
            faults(at_least_one, "", false),
            [(Constraint::Length, "must not be empty".to_owned())]
        );
        assert_eq!(faults(at_least_one, "a", false), []);
        let at_least_three = Checks::NONE.length("[3,]");
        assert_eq!(
            faults(at_least_three, "", false),
            [(
                Constraint::Length,
                "must be at least 3 characters long, not 0".to_owned()
            )]
        );
        let one_to_four = Checks::NONE.length("[1,4]");
        assert_eq!(
            faults(one_to_four, "", false),
            [(
                Constraint::Length,
                "must be between 1 and 4 characters long, not 0".to_owned()
            )]
        );
        let digits = Checks::NONE.charset(Charset::new("digits").ascii_digits());
        assert_eq!(faults(digits, "", false), []);
        assert_eq!(faults(digits, "0123", false), []);
        let named = [(
            Constraint::Charset,
            "may contain only digits; '-' is not allowed".to_owned(),
        )];
        assert_eq!(faults(digits, "12-3x", false), named);
        let hidden = [(
            Constraint::Charset,
            "may contain only digits; a character is not allowed".to_owned(),
        )];
        assert_eq!(faults(digits, "12-3x", true), hidden);
    }

    #[test]
    fn severities_show_as_words() {
        assert_eq!(
            [Severity::Error, Severity::Warning].map(|s| s.to_string()),
            ["error", "warning"]
        );
        assert_eq!(Severity::of(Basis::Stated), Severity::Error);
        assert_eq!(Severity::of(Basis::Reading), Severity::Warning);
    }

    #[test]
    fn fields_travel_where_their_setters_say() {
        let field = |f: Field| (f.location, f.style);
        let base = Field::new("A", SOURCE);
        assert_eq!(field(base), (Location::Json, None));
        assert_eq!(field(base.query()), (Location::Query, None));
        assert_eq!(field(base.form()), (Location::Form, None));
        assert_eq!(field(base.path()), (Location::Path, None));
        assert_eq!(field(base.header()), (Location::Header, None));
        assert_eq!(
            field(base.query().numbered()),
            (Location::Query, Some(Style::Numbered))
        );
        assert_eq!(
            field(base.form().compact_json()),
            (Location::Form, Some(Style::Json))
        );
    }

    /// A value that checks one string field: through the default `validate`.
    struct Named(&'static str);

    impl Validate for Named {
        fn check(&self, cx: &mut Checker, path: &Path<'_>) {
            const FIELD_CHECKS: Checks = Checks::NONE.length("[1,4]");
            let field = field("Name", FIELD_CHECKS);
            cx.check_str(&field, &FIELD_CHECKS, &path.field("Name"), self.0);
        }
    }

    #[test]
    fn validate_checks_the_value_on_its_own() {
        assert!(Named("ok").validate().is_ok_and(|w| w.is_empty()));
        let errors = Named("too long").validate().map(|_| ()).unwrap_err();
        let v = errors.violations();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].path, "Name");
        assert_eq!(v[0].rule, "length");
    }
}
