//! Spec `pattern` checks: a regular expression that must match a whole value.
//!
//! The patterns specs use are small: alternatives made of characters, bracket classes and
//! repetitions, such as `[1-9]|[12][0-9]|3[01]`. Those are parsed once into a small NFA and
//! matched here in a few nanoseconds per value; a `regex-lite` search costs about 200 ns even
//! for such a pattern. Every other pattern (groups, anchors, look-arounds, Unicode classes,
//! hex escapes, flags, ...) is matched by `regex-lite`, exactly as the generator compiled it.

use std::sync::OnceLock;

use regex_lite::Regex;

/// A regular expression that must match a whole value, compiled on first use. `S` is how its
/// text is held: `&'static str` in generated tables, `String` in the generator's model.
#[derive(Debug)]
pub struct Pattern<S = &'static str> {
    source: S,
    compiled: OnceLock<Matcher>,
}

impl<S> Pattern<S> {
    /// A pattern; `source` is anchored at both ends when compiled.
    pub const fn new(source: S) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }
}

impl<S: AsRef<str>> Pattern<S> {
    /// The pattern as written in the spec.
    pub fn source(&self) -> &str {
        self.source.as_ref()
    }

    /// Whether the whole of `s` matches. The generator refuses patterns that do not compile
    /// (see [`Pattern::compile_error`]), so an invalid pattern cannot happen in generated code;
    /// it rejects, to stay safe.
    pub fn matches(&self, s: &str) -> bool {
        match self.matcher() {
            Matcher::Simple(nfa) => nfa.matches(s),
            Matcher::Regex(re) => re.is_match(s),
            Matcher::Invalid(_) => false,
        }
    }

    /// Why the pattern does not compile, in `regex-lite`'s words; `None` when it does.
    pub fn compile_error(&self) -> Option<&str> {
        match self.matcher() {
            Matcher::Invalid(why) => Some(why),
            _ => None,
        }
    }

    fn matcher(&self) -> &Matcher {
        self.compiled
            .get_or_init(|| Matcher::compile(self.source.as_ref()))
    }
}

impl<S: Clone> Clone for Pattern<S> {
    fn clone(&self) -> Self {
        Pattern::new(self.source.clone())
    }
}

/// The pattern as written in the spec.
impl<S: AsRef<str>> std::fmt::Display for Pattern<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.source.as_ref())
    }
}

/// Patterns are equal when written alike.
impl<S: PartialEq> PartialEq for Pattern<S> {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl<S: Eq> Eq for Pattern<S> {}

/// How a [`Pattern`] is matched, decided once.
#[derive(Debug)]
enum Matcher {
    /// The pattern is in the simple subset (see [`parse`]).
    Simple(Nfa),
    /// Anything else, anchored at both ends.
    Regex(Regex),
    /// The pattern does not compile: the last line of `regex-lite`'s error.
    Invalid(String),
}

impl Matcher {
    fn compile(source: &str) -> Matcher {
        if let Some(nfa) = parse(source).and_then(|branches| Nfa::build(&branches)) {
            return Matcher::Simple(nfa);
        }
        match Regex::new(&format!("^(?:{source})$")) {
            Ok(re) => Matcher::Regex(re),
            Err(e) => {
                // regex-lite's message ends with the reason, after lines that show the pattern.
                let message = e.to_string();
                let reason = message.lines().last().map_or("", str::trim);
                Matcher::Invalid(if reason.is_empty() {
                    message
                } else {
                    reason.to_owned()
                })
            }
        }
    }
}

/// A set of characters. ASCII, the common case, is a bitmap so that a test is one shift.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Class {
    /// Bit `c` is set when ASCII character `c` is in the set.
    ascii: u128,
    /// The members at or above U+0080, as sorted, disjoint, non-adjacent inclusive ranges.
    upper: Vec<(u32, u32)>,
}

const FIRST_UPPER: u32 = 0x80;
const LAST_CHAR: u32 = char::MAX as u32;

impl Class {
    fn range(lo: char, hi: char) -> Class {
        let mut class = Class::default();
        class.add(lo, hi);
        class
    }

    /// `.`: anything but a line feed, as `regex-lite` reads it without flags.
    fn dot() -> Class {
        let mut class = Class::range('\n', '\n');
        class.negate();
        class
    }

    /// `\d`, `\s`, `\w` and their negations `\D`, `\S`, `\W`; ASCII only, as in `regex-lite`.
    fn perl(letter: char) -> Class {
        let ranges: &[(char, char)] = match letter.to_ascii_lowercase() {
            'd' => &[('0', '9')],
            // Tab, line feed, vertical tab, form feed, carriage return, space.
            's' => &[('\t', '\r'), (' ', ' ')],
            // `w`
            _ => &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
        };
        let mut class = Class::default();
        for &(lo, hi) in ranges {
            class.add(lo, hi);
        }
        if letter.is_ascii_uppercase() {
            class.negate();
        }
        class
    }

    fn add(&mut self, lo: char, hi: char) {
        let (lo, hi) = (lo as u32, hi as u32);
        if lo < FIRST_UPPER {
            let top = hi.min(FIRST_UPPER - 1);
            self.ascii |= (u128::MAX >> (127 - top)) & (u128::MAX << lo);
        }
        if hi >= FIRST_UPPER {
            self.upper.push((lo.max(FIRST_UPPER), hi));
            self.normalize();
        }
    }

    fn union(&mut self, other: &Class) {
        self.ascii |= other.ascii;
        self.upper.extend_from_slice(&other.upper);
        self.normalize();
    }

    fn negate(&mut self) {
        self.ascii = !self.ascii;
        let mut gaps = Vec::new();
        let mut next = FIRST_UPPER;
        for &(lo, hi) in &self.upper {
            if lo > next {
                gaps.push((next, lo - 1));
            }
            next = hi + 1;
        }
        if next <= LAST_CHAR {
            gaps.push((next, LAST_CHAR));
        }
        self.upper = gaps;
    }

    /// Sorts `upper` and merges overlapping or adjacent ranges, which [`Class::negate`] needs.
    fn normalize(&mut self) {
        self.upper.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(self.upper.len());
        for &(lo, hi) in &self.upper {
            match merged.last_mut() {
                Some(last) if lo <= last.1 + 1 => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        self.upper = merged;
    }

    fn contains(&self, c: char) -> bool {
        let c = c as u32;
        if c < FIRST_UPPER {
            self.ascii >> c & 1 == 1
        } else {
            self.upper.iter().any(|&(lo, hi)| lo <= c && c <= hi)
        }
    }
}

/// A class repeated `min` to `max` times (`None`: no upper bound).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    class: Class,
    min: u32,
    max: Option<u32>,
}

/// One alternative of a pattern: its pieces, one after the other.
type Branch = Vec<Piece>;

/// Parses a pattern of the simple subset: alternatives (`|`, top level only) of atoms, each
/// with an optional quantifier (`?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, each possibly lazy,
/// which does not change whether a whole value matches). An atom is a literal character, an
/// escaped punctuation character, `\t` and the like, `.`, `\d` `\s` `\w` (and negations), or a
/// bracket class of those and ranges, possibly negated.
///
/// `None` for anything else; the caller then leaves the pattern to `regex-lite`. The subset
/// follows `regex-lite`'s reading of each construct, and where that reading is unusual (`]`
/// first in a class, `{ 2 }`, `a**`), the pattern is simply left to it.
fn parse(source: &str) -> Option<Vec<Branch>> {
    let mut p = Parser {
        rest: source.chars(),
    };
    let mut branches = Vec::new();
    let mut branch = Branch::new();
    // Whether the last piece already has a quantifier: `a**` or `a{2}?+` are left to regex-lite.
    let mut quantified = false;
    while let Some(c) = p.next() {
        let class = match c {
            '|' => {
                branches.push(std::mem::take(&mut branch));
                quantified = false;
                continue;
            }
            '?' | '*' | '+' | '{' => {
                let piece = branch.last_mut().filter(|_| !quantified)?;
                (piece.min, piece.max) = p.quantifier(c)?;
                quantified = true;
                continue;
            }
            '[' => p.bracket()?,
            '\\' => match p.escape()? {
                Item::Char(c) => Class::range(c, c),
                Item::Class(class) => class,
            },
            '.' => Class::dot(),
            // Groups and anchors are outside the subset; a bare `]` or `}` is a literal to
            // regex-lite, but rare enough to leave to it.
            '(' | ')' | '^' | '$' | ']' | '}' => return None,
            c => Class::range(c, c),
        };
        branch.push(Piece {
            class,
            min: 1,
            max: Some(1),
        });
        quantified = false;
    }
    branches.push(branch);
    Some(branches)
}

/// A class member as written: one character, or a class such as `\d`.
enum Item {
    Char(char),
    Class(Class),
}

struct Parser<'a> {
    rest: std::str::Chars<'a>,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<char> {
        self.rest.next()
    }

    fn peek(&self) -> Option<char> {
        self.rest.clone().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.rest.clone().nth(1)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.next();
        }
        found
    }

    /// The bounds of the quantifier that starts with `first`.
    fn quantifier(&mut self, first: char) -> Option<(u32, Option<u32>)> {
        let bounds = match first {
            '?' => (0, Some(1)),
            '*' => (0, None),
            '+' => (1, None),
            _ => {
                let min = self.count()?;
                let max = if !self.eat(',') {
                    Some(min)
                } else if self.peek() == Some('}') {
                    None
                } else {
                    Some(self.count()?)
                };
                if !self.eat('}') || max.is_some_and(|max| max < min) {
                    return None;
                }
                (min, max)
            }
        };
        self.eat('?');
        Some(bounds)
    }

    /// A repetition count: ASCII digits only (regex-lite also allows spaces around them). Counts
    /// that could never fit in [`MAX_STATES`] are refused here, before any arithmetic on them.
    fn count(&mut self) -> Option<u32> {
        let mut n: u32 = 0;
        let mut digits = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            self.next();
            n = n.checked_mul(10)?.checked_add(d)?;
            digits += 1;
        }
        (digits > 0 && n as usize <= MAX_STATES).then_some(n)
    }

    /// An escape, after its `\`.
    fn escape(&mut self) -> Option<Item> {
        let c = self.next()?;
        let literal = match c {
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => return Some(Item::Class(Class::perl(c))),
            'a' => '\x07',
            'f' => '\x0C',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'v' => '\x0B',
            // `\<` and `\>` are word boundaries; letters and digits are other syntax.
            '<' | '>' => return None,
            c if c.is_ascii_punctuation() => c,
            _ => return None,
        };
        Some(Item::Char(literal))
    }

    /// A bracket class, after its `[`.
    fn bracket(&mut self) -> Option<Class> {
        let negated = self.eat('^');
        let mut class = Class::default();
        // Leading `-` are literal, as in regex-lite.
        let mut empty = true;
        while self.eat('-') {
            class.add('-', '-');
            empty = false;
        }
        if empty && self.peek() == Some(']') {
            return None;
        }
        loop {
            let c = self.next()?;
            match c {
                ']' => break,
                // Nested and POSIX classes.
                '[' => return None,
                // Set operations `&&`, `--`, `~~`.
                '&' | '-' | '~' if self.peek() == Some(c) => return None,
                _ => {}
            }
            let item = self.class_item(c)?;
            if self.peek() == Some('-') && !matches!(self.peek_second(), Some(']' | '-')) {
                self.next();
                let end = self.next()?;
                let (Item::Char(lo), Item::Char(hi)) = (item, self.class_item(end)?) else {
                    return None;
                };
                if lo > hi {
                    return None;
                }
                class.add(lo, hi);
            } else {
                match item {
                    Item::Char(c) => class.add(c, c),
                    Item::Class(other) => class.union(&other),
                }
            }
        }
        if negated {
            class.negate();
        }
        Some(class)
    }

    fn class_item(&mut self, c: char) -> Option<Item> {
        if c == '\\' {
            self.escape()
        } else {
            Some(Item::Char(c))
        }
    }
}

/// Bounds the work per character: larger patterns are left to regex-lite.
const MAX_STATES: usize = 256;
const WORDS: usize = MAX_STATES / 64;

/// A set of NFA states.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct States([u64; WORDS]);

impl States {
    /// `state` is below [`MAX_STATES`], which [`Nfa::build`] ensures.
    fn insert(&mut self, state: usize) {
        if let Some(word) = self.0.get_mut(state / 64) {
            *word |= 1 << (state % 64);
        }
    }

    fn union_with(&mut self, other: &States) {
        for (word, other) in self.0.iter_mut().zip(other.0) {
            *word |= other;
        }
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&word| word == 0)
    }

    fn intersects(&self, other: &States) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }
}

/// How the NFA may pass a state without consuming a character.
#[derive(Clone, Copy)]
enum Skip {
    /// It cannot: a required occurrence, or the end of a branch.
    No,
    /// One of the optional occurrences of `{n,m}` or `?`: the value may stop repeating, and
    /// go straight to the state after the last of them.
    To(usize),
    /// `*`, or what `+` and `{n,}` end with: the state repeats, or is passed.
    Loop,
}

/// An NFA with one state per character a branch may consume, `x{2,4}` being `x x (x x?)?`,
/// plus an accepting state per branch. Matching keeps the set of live states: at most
/// [`MAX_STATES`] class tests per character, never backtracking.
#[derive(Debug)]
struct Nfa {
    states: Vec<State>,
    start: States,
    accept: States,
}

#[derive(Debug)]
struct State {
    /// What the state consumes; nothing for an accepting state.
    class: Class,
    /// The states live after it consumed a character, with those reached by skipping.
    next: States,
}

impl Nfa {
    /// `None` when the pattern needs more than [`MAX_STATES`].
    fn build(branches: &[Branch]) -> Option<Nfa> {
        let mut layout: Vec<(Class, Skip)> = Vec::new();
        let mut firsts = Vec::new();
        let mut accepts = Vec::new();
        for branch in branches {
            firsts.push(layout.len());
            for piece in branch {
                // The states after the required ones: the loop, or the optional occurrences.
                let optional = piece.max.map_or(1, |max| max - piece.min);
                // `>=`: the branch's accepting state must fit too.
                if layout.len() + (piece.min + optional) as usize >= MAX_STATES {
                    return None;
                }
                for _ in 0..piece.min {
                    layout.push((piece.class.clone(), Skip::No));
                }
                match piece.max {
                    None => layout.push((piece.class.clone(), Skip::Loop)),
                    Some(_) => {
                        let end = layout.len() + optional as usize;
                        for _ in 0..optional {
                            layout.push((piece.class.clone(), Skip::To(end)));
                        }
                    }
                }
            }
            accepts.push(layout.len());
            layout.push((Class::default(), Skip::No));
        }
        if layout.len() > MAX_STATES {
            return None;
        }

        // The states each state reaches without consuming anything, itself included. Skips only
        // go forward, so these are known once every later state's are.
        let mut closure = vec![States::default(); layout.len()];
        for (i, &(_, skip)) in layout.iter().enumerate().rev() {
            let mut reach = match skip {
                Skip::No => States::default(),
                Skip::To(end) => closure_of(&closure, end),
                Skip::Loop => closure_of(&closure, i + 1),
            };
            reach.insert(i);
            if let Some(slot) = closure.get_mut(i) {
                *slot = reach;
            }
        }
        let mut accept = States::default();
        for &i in &accepts {
            accept.insert(i);
        }
        let mut start = States::default();
        for &i in &firsts {
            start.union_with(&closure_of(&closure, i));
        }
        let states = layout
            .into_iter()
            .enumerate()
            .map(|(i, (class, skip))| State {
                class,
                // An accepting state consumes nothing, so what follows it is never read.
                next: match skip {
                    Skip::Loop => closure_of(&closure, i),
                    _ => closure_of(&closure, i + 1),
                },
            })
            .collect();
        Some(Nfa {
            states,
            start,
            accept,
        })
    }

    fn matches(&self, s: &str) -> bool {
        let mut live = self.start;
        for c in s.chars() {
            let mut next = States::default();
            // Word `w` of the set holds states `64 * w ..`; only the words with states are read.
            for (&word, states) in live.0.iter().zip(self.states.chunks(64)) {
                let mut bits = word;
                while bits != 0 {
                    let state = states.get(bits.trailing_zeros() as usize);
                    bits &= bits - 1;
                    if let Some(state) = state.filter(|state| state.class.contains(c)) {
                        next.union_with(&state.next);
                    }
                }
            }
            if next.is_empty() {
                return false;
            }
            live = next;
        }
        live.intersects(&self.accept)
    }
}

/// `closure[state]`. Every state asked for is in the layout (skips end at the branch's
/// accepting state, a loop is followed at least by it) except one: the state after the last
/// accepting state, whose empty set is what that state's `next` truly is (it consumes
/// nothing, so its successors are never read). `patterns_near_the_state_limit_match_as_
/// regex_lite_does` and the comparisons with regex-lite check the automaton's answers.
fn closure_of(closure: &[States], state: usize) -> States {
    closure.get(state).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_simple_grammar_compiles_to_the_automaton() {
        for (source, yes, no) in [
            ("\\a\\f\\t\\n\\r\\v", "\x07\x0C\t\n\r\x0B", "afbnrv"),
            ("[a-a]+", "aaa", "ab"),
            ("x[^a-a]", "xb", "xa"),
        ] {
            let p = Pattern::new(source);
            assert!(
                matches!(p.matcher(), Matcher::Simple(_)),
                "{source} falls back"
            );
            assert!(p.matches(yes) && !p.matches(no), "{source}");
        }
        // POSIX and nested classes are regex-lite's, not read as a class of `[`, `:`, ...
        let posix = Pattern::new("[[:digit:]]+");
        assert!(matches!(posix.matcher(), Matcher::Regex(_)));
        assert!(posix.matches("123") && !posix.matches(":") && !posix.matches("["));
    }

    #[test]
    fn patterns_near_the_state_limit_match_as_regex_lite_does() {
        // Around MAX_STATES the automaton gives way to regex-lite; either way, the same answers.
        for n in MAX_STATES - 4..=MAX_STATES + 1 {
            // Loops and branches keep hundreds of states live at once, in every word of the set.
            let sources = [
                format!("ba{{{n}}}"),
                format!("b?a{{{n}}}c"),
                "a*".repeat(n),
                vec!["b?a"; n / 3].join("|"),
            ];
            for source in sources {
                let p = Pattern::new(source.as_str());
                let re = Regex::new(&format!("^(?:{source})$")).unwrap();
                for len in [n.saturating_sub(1), n, n + 1] {
                    for s in [
                        format!("b{}", "a".repeat(len)),
                        format!("b{}c", "a".repeat(len)),
                        format!("{}c", "a".repeat(len)),
                        "a".repeat(len),
                        "ba".to_owned(),
                    ] {
                        assert_eq!(
                            p.matches(&s),
                            re.is_match(&s),
                            "{source} on {len} a's: {s:.12}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_pattern_shows_and_compares_as_written() {
        let digits = Pattern::new("[0-9]+");
        assert_eq!(digits.source(), "[0-9]+");
        assert_eq!(digits.to_string(), "[0-9]+");
        assert_eq!(digits.clone(), digits);
        assert_eq!(digits.clone().source(), "[0-9]+");
        assert_ne!(digits, Pattern::new("[0-9]*"));
        assert!(digits.clone().matches("42") && !digits.matches("4a"));
    }

    fn one(class: Class) -> Piece {
        Piece {
            class,
            min: 1,
            max: Some(1),
        }
    }

    /// The class of exactly these characters.
    fn chars(members: &str) -> Class {
        let mut class = Class::default();
        for c in members.chars() {
            class.add(c, c);
        }
        class
    }

    fn reference(source: &str) -> Regex {
        Regex::new(&format!("^(?:{source})$")).expect("a valid pattern")
    }

    fn is_simple(source: &'static str) -> bool {
        matches!(Pattern::new(source).matcher(), Matcher::Simple(_))
    }

    /// The single class of a one-atom pattern.
    fn class_of(source: &str) -> Class {
        let mut branches = parse(source).expect("in the subset");
        assert_eq!(branches.len(), 1, "{source}");
        let mut pieces = branches.pop().unwrap();
        assert_eq!(pieces.len(), 1, "{source}");
        pieces.pop().unwrap().class
    }

    #[test]
    fn parses_alternatives_of_classes() {
        assert_eq!(
            parse("[1-9]|[12][0-9]|3[01]"),
            Some(vec![
                vec![one(Class::range('1', '9'))],
                vec![one(chars("12")), one(Class::range('0', '9'))],
                vec![one(chars("3")), one(chars("01"))],
            ])
        );
        assert_eq!(parse(""), Some(vec![vec![]]));
        assert_eq!(parse("a|"), Some(vec![vec![one(chars("a"))], vec![]]));
    }

    #[test]
    fn parses_quantifiers() {
        for (source, min, max) in [
            ("a?", 0, Some(1)),
            ("a*", 0, None),
            ("a+", 1, None),
            ("a{3}", 3, Some(3)),
            ("a{2,}", 2, None),
            ("a{2,5}", 2, Some(5)),
            ("a{0}", 0, Some(0)),
            ("a+?", 1, None),
            ("a{2,5}?", 2, Some(5)),
        ] {
            let expected = Piece {
                class: chars("a"),
                min,
                max,
            };
            assert_eq!(parse(source), Some(vec![vec![expected]]), "{source}");
        }
        let code = parse("[A-Z]{2}[0-9]{2}").unwrap();
        assert_eq!(code[0].len(), 2);
        assert_eq!((code[0][0].min, code[0][0].max), (2, Some(2)));
    }

    #[test]
    fn parses_classes_as_regex_lite_reads_them() {
        assert_eq!(class_of("[-a]"), chars("-a"));
        assert_eq!(class_of("[a-]"), chars("a-"));
        assert_eq!(class_of("[--a]"), chars("-a"));
        let mut after_range = Class::range('a', 'c');
        after_range.union(&chars("-e"));
        assert_eq!(class_of("[a-c-e]"), after_range);
        assert_eq!(class_of(r"[\]\[\\^]"), chars("][\\^"));
        assert_eq!(class_of("[a^]"), chars("a^"));
        assert_eq!(class_of(r"\."), chars("."));
        assert_eq!(class_of(r"\t"), chars("\t"));
        assert_eq!(class_of("é"), chars("é"));
        assert_eq!(class_of(r"\d"), Class::range('0', '9'));
        assert_eq!(class_of(r"[^\D]"), Class::range('0', '9'));
        assert_eq!(class_of(r"[\s]"), chars("\t\n\x0B\x0C\r "));
        let mut word = Class::range('a', 'z');
        word.union(&Class::range('A', 'Z'));
        word.union(&Class::range('0', '9'));
        word.union(&chars("_"));
        assert_eq!(class_of(r"\w"), word);
        assert_eq!(class_of(r"[\w]"), word);

        let not_lower = class_of("[^a-z]");
        assert!(not_lower.contains('A') && not_lower.contains('\n') && not_lower.contains('é'));
        assert!(!not_lower.contains('a') && !not_lower.contains('z'));
        let dot = class_of(".");
        assert!(dot.contains('a') && dot.contains('\r') && dot.contains(char::MAX));
        assert!(!dot.contains('\n'));
        let not_digit = class_of(r"\D");
        assert!(not_digit.contains('é') && not_digit.contains('a') && !not_digit.contains('5'));
        let accented = class_of("[à-ÿ]");
        assert!(accented.contains('é') && !accented.contains('e') && !accented.contains('Ā'));
        let straddling = class_of("[~-\u{81}]");
        assert!(straddling.contains('\u{7F}') && straddling.contains('\u{81}'));
        assert!(!straddling.contains('}') && !straddling.contains('\u{82}'));
    }

    #[test]
    fn leaves_other_syntax_to_regex_lite() {
        for source in [
            // Groups, flags, anchors, look-arounds, assertions.
            "(a)",
            "(?:a|b)c",
            "(?i)a",
            "^a",
            "a$",
            r"\bword\b",
            r"\Aa\z",
            r"\<a",
            "(?=a)",
            // Backreferences, Unicode classes, hex escapes, unknown escapes.
            r"(a)\1",
            r"\p{L}",
            r"\x41",
            r"\u{263A}",
            r"\e",
            r"\é",
            // Classes: nested, POSIX, set operations, `]` first, perl classes in ranges.
            "[[a]]",
            "[[:alpha:]]",
            "[a&&b]",
            "[a--b]",
            "[a~~b]",
            "[%--]",
            "[]a]",
            "[^]a]",
            r"[a-\d]",
            r"[\d-z]",
            // Repetitions: nested, with spaces, without an atom, too large.
            "a**",
            "a{2}{3}",
            "a{2}??",
            "a{ 2 }",
            "*a",
            "a|+",
            "a{1001}",
            // Bare closing brackets, literal to regex-lite.
            "a]",
            "a}",
            // Invalid.
            "[a-z",
            "[z-a]",
            "a{3,2}",
            "a{2",
            "a{,2}",
            r"a\",
        ] {
            assert_eq!(parse(source), None, "{source}");
        }
    }

    #[test]
    fn matches_whole_values() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "[1-9]|[12][0-9]|3[01]",
                &["1", "9", "10", "19", "29", "30", "31"],
                &["", "0", "01", "32", "39", "100", "1 ", " 1", "1\n", "١"],
            ),
            (
                "[A-Z]{2}[0-9]{2}",
                &["AB12", "ZZ00"],
                &["", "AB1", "AB123", "ab12", "A112", "AB12\n"],
            ),
            ("", &[""], &["a", "\n"]),
            ("a|", &["", "a"], &["aa", "b"]),
            (
                r"[a-z][a-z0-9-]{0,3}",
                &["a", "a-", "ab9-", "z999"],
                &["", "-a", "abcde", "A"],
            ),
            ("a{2,}b?", &["aa", "aab", "aaaaab"], &["a", "ab", "aabb"]),
            ("x*y*z*", &["", "xz", "xxyyzz"], &["zx", "yx"]),
            (".+", &["a", "é", "a b\r"], &["", "\n", "a\nb"]),
            (
                r"[^\s]+\.txt",
                &["a.txt", "é.txt"],
                &[".txt", "a b.txt", "atxt"],
            ),
            ("a{0}", &[""], &["a"]),
        ];
        for &(source, yes, no) in cases {
            let Matcher::Simple(nfa) = Matcher::compile(source) else {
                panic!("{source} is in the subset");
            };
            for value in yes {
                assert!(nfa.matches(value), "{source} should match {value:?}");
            }
            for value in no {
                assert!(!nfa.matches(value), "{source} should not match {value:?}");
            }
        }
    }

    #[test]
    fn patterns_outside_the_subset_use_regex_lite() {
        assert!(is_simple("[1-9]|[12][0-9]|3[01]"));
        assert!(!is_simple("(a|b)+"));
        let grouped = Pattern::new("(a|b)+c");
        assert!(matches!(grouped.matcher(), Matcher::Regex(_)));
        assert!(grouped.matches("abac") && !grouped.matches("abc!"));

        // Repetitions that need more states than the NFA holds.
        assert!(is_simple("a{255}"));
        assert!(!is_simple("a{256}"));
        assert!(!is_simple("a{200}|b{100}"));
        let long = Pattern::new("a{300}");
        assert!(long.matches(&"a".repeat(300)) && !long.matches(&"a".repeat(299)));
    }

    #[test]
    fn invalid_patterns_reject_everything() {
        for source in ["[a-z", "a{3,2}", "*", "(a"] {
            let pattern = Pattern::new(source);
            assert!(matches!(pattern.matcher(), Matcher::Invalid(_)), "{source}");
            assert!(!pattern.matches("") && !pattern.matches("a"));
            let why = pattern.compile_error().unwrap();
            assert!(!why.is_empty() && !why.contains('\n'), "{source}: {why}");
        }
        for source in ["[a-z]+", "(a|b)c", "x"] {
            assert_eq!(Pattern::new(source).compile_error(), None, "{source}");
        }
    }

    /// The `pattern:` values of the spec files under `dir`, as YAML reads them (the specs write
    /// them as plain, single- or double-quoted scalars on one line).
    fn spec_patterns(dir: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                spec_patterns(&path, out);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines() {
                let Some(value) = line.trim_start().strip_prefix("pattern:") else {
                    continue;
                };
                let value = value.trim();
                let pattern = if let Some(quoted) = value.strip_prefix('"') {
                    unescape_yaml(quoted.strip_suffix('"').unwrap())
                } else if let Some(quoted) = value.strip_prefix('\'') {
                    quoted.strip_suffix('\'').unwrap().replace("''", "'")
                } else {
                    assert!(
                        !value.starts_with(['|', '>']),
                        "{}: read this pattern form too",
                        path.display()
                    );
                    value.to_owned()
                };
                out.push((path.display().to_string(), pattern));
            }
        }
    }

    fn unescape_yaml(quoted: &str) -> String {
        let mut out = String::new();
        let mut chars = quoted.chars();
        while let Some(c) = chars.next() {
            out.push(match c {
                '\\' => match chars.next() {
                    Some(c @ ('\\' | '"' | '/')) => c,
                    Some('t') => '\t',
                    Some('n') => '\n',
                    other => panic!("unexpected YAML escape {other:?} in {quoted}"),
                },
                c => c,
            });
        }
        out
    }

    #[test]
    fn reads_each_form_of_spec_pattern() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = r#"
a:
  pattern: "\\d+|\""
  items:
    pattern: '\w''s'
  pattern: x{2}
"#;
        std::fs::write(dir.path().join("Op.yaml"), yaml).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "pattern: (x)").unwrap();
        let mut patterns = Vec::new();
        spec_patterns(dir.path(), &mut patterns);
        let sources: Vec<&str> = patterns.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(sources, [r#"\d+|""#, r"\w's", "x{2}"]);
    }

    #[test]
    fn every_spec_pattern_takes_the_fast_path() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut patterns = Vec::new();
        spec_patterns(&root.join("specs"), &mut patterns);
        spec_patterns(&root.join("tests/fixtures/specs"), &mut patterns);
        assert!(
            patterns
                .iter()
                .any(|(_, p)| p == "0*[1-9]|0*[12][0-9]|0*3[01]"),
            "{patterns:?}"
        );
        for (file, source) in &patterns {
            assert!(
                matches!(Matcher::compile(source), Matcher::Simple(_)),
                "{file}: `{source}` falls back to regex-lite; extend the fast path or accept the cost"
            );
        }
    }

    /// Patterns like those specs use, and a few that fall back, all checked against regex-lite.
    const PATTERNS: &[&str] = &[
        "[1-9]|[12][0-9]|3[01]",
        "[A-Z]{2}[0-9]{2}",
        r"[a-z][a-z0-9_-]{0,7}",
        r"[^\s]+",
        r"\d{3}-\d{2,4}",
        r"[\w.%+-]+@[\w.-]+\.[a-z]{2,}",
        r".*\.txt|\*",
        "a??b*?c+?",
        r"[^\W\d]\w*",
        "[é-ü]+|ß",
        "x?y?z?",
        "|a",
        // Outside the subset.
        r"v\d+(\.\d+)?",
        r"^[0-9]+$",
        r"\bab",
    ];

    /// Values built mostly from characters the patterns above care about.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => "[-0-9a-cxyzA-CZ_.%+@*é ß\\t\\n]{0,10}",
            1 => any::<String>(),
        ]
    }

    /// A random pattern of the subset, from atoms and quantifiers with tricky readings.
    fn simple_pattern() -> impl Strategy<Value = String> {
        let atom = prop::sample::select(vec![
            "a", "b", "-", "é", ".", r"\.", r"\-", r"\n", r"\d", r"\W", r"\s", "[ab]", "[^a]",
            "[a-c]", "[-a]", "[a-]", "[a-b-]", r"[\d_]", r"[^\w]", "[^é]", r"[\]a]", "[ -~]",
        ]);
        let quantifier = prop::sample::select(vec![
            "", "", "", "?", "*", "+", "{2}", "{0,2}", "{1,}", "{2,3}?", "*?",
        ]);
        let piece = (atom, quantifier).prop_map(|(a, q)| format!("{a}{q}"));
        let branch = prop::collection::vec(piece, 0..4).prop_map(|pieces| pieces.concat());
        prop::collection::vec(branch, 1..4).prop_map(|branches| branches.join("|"))
    }

    proptest! {
        #[test]
        fn agrees_with_regex_lite_on_spec_like_patterns(value in value()) {
            for &source in PATTERNS {
                let expected = reference(source).is_match(&value);
                prop_assert_eq!(Pattern::new(source).matches(&value), expected, "{}", source);
            }
        }

        #[test]
        fn agrees_with_regex_lite_on_random_simple_patterns(
            source in simple_pattern(),
            values in prop::collection::vec("[-ab .é\\n0-9_\\]~]{0,8}", 1..16),
        ) {
            let Matcher::Simple(nfa) = Matcher::compile(&source) else {
                return Err(TestCaseError::fail(format!("{source} is in the subset")));
            };
            let re = reference(&source);
            for value in &values {
                prop_assert_eq!(nfa.matches(value), re.is_match(value), "{} on {:?}", source, value);
            }
        }

        /// Whatever the parser accepts, regex-lite compiles and reads the same way.
        #[test]
        fn accepts_only_what_regex_lite_reads_the_same(
            source in "[-ab0-9\\\\.\\[\\]^$|?*+{},()dDwWnx&~:é]{0,10}",
            values in prop::collection::vec("[-ab0-9.\\[\\]^&~:\\n é]{0,6}", 1..16),
        ) {
            if let Matcher::Simple(nfa) = Matcher::compile(&source) {
                let re = Regex::new(&format!("^(?:{source})$"));
                prop_assert!(re.is_ok(), "{} is accepted but does not compile", source);
                let re = re.unwrap();
                for value in &values {
                    prop_assert_eq!(nfa.matches(value), re.is_match(value), "{} on {:?}", source, value);
                }
            }
        }
    }

    /// A step in building a class.
    #[derive(Clone, Debug)]
    enum ClassStep {
        Add(u32, u32),
        Union(Vec<(u32, u32)>),
        Negate,
    }

    /// Code points around ASCII's end, the surrogates and the last character.
    fn code_point() -> impl Strategy<Value = u32> {
        prop_oneof![
            0u32..0x100,
            0x7Eu32..0x82,
            0xD7F0u32..0xE010,
            0x10_FFF0u32..=LAST_CHAR,
        ]
        .prop_map(|c| {
            if (0xD800..0xE000).contains(&c) {
                0xE000
            } else {
                c
            }
        })
    }

    fn range() -> impl Strategy<Value = (u32, u32)> {
        (code_point(), code_point()).prop_map(|(a, b)| (a.min(b), a.max(b)))
    }

    fn class_step() -> impl Strategy<Value = ClassStep> {
        prop_oneof![
            range().prop_map(|(lo, hi)| ClassStep::Add(lo, hi)),
            prop::collection::vec(range(), 0..4).prop_map(ClassStep::Union),
            Just(ClassStep::Negate),
        ]
    }

    fn char_of(c: u32) -> char {
        char::from_u32(c).unwrap_or('\u{E000}')
    }

    proptest! {
        /// Classes agree with their plain twin, a membership test composed step by step; and
        /// their ranges above ASCII stay sorted, disjoint and apart, as negating needs.
        #[test]
        fn classes_agree_with_a_plain_membership_test(
            steps in prop::collection::vec(class_step(), 1..8),
            probes in prop::collection::vec(code_point(), 0..32),
        ) {
            let mut class = Class::default();
            let mut plain: Box<dyn Fn(u32) -> bool> = Box::new(|_| false);
            let mut edges: Vec<u32> = probes;
            for step in &steps {
                match step.clone() {
                    ClassStep::Add(lo, hi) => {
                        class.add(char_of(lo), char_of(hi));
                        let lo = char_of(lo) as u32;
                        let hi = char_of(hi) as u32;
                        edges.extend([lo.saturating_sub(1), lo, hi, hi + 1]);
                        plain = Box::new(move |c| plain(c) || (lo <= c && c <= hi));
                    }
                    ClassStep::Union(ranges) => {
                        let mut other = Class::default();
                        let ranges: Vec<(u32, u32)> = ranges
                            .iter()
                            .map(|&(lo, hi)| (char_of(lo) as u32, char_of(hi) as u32))
                            .collect();
                        for &(lo, hi) in &ranges {
                            other.add(char_of(lo), char_of(hi));
                            edges.extend([lo.saturating_sub(1), lo, hi, hi + 1]);
                        }
                        class.union(&other);
                        plain = Box::new(move |c| {
                            plain(c) || ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
                        });
                    }
                    ClassStep::Negate => {
                        class.negate();
                        plain = Box::new(move |c| !plain(c));
                    }
                }
                for pair in class.upper.windows(2) {
                    prop_assert!(pair[0].1 + 1 < pair[1].0, "{:?}", class.upper);
                }
                for &(lo, hi) in &class.upper {
                    prop_assert!(FIRST_UPPER <= lo && lo <= hi && hi <= LAST_CHAR);
                }
                for &c in &edges {
                    if let Some(ch) = char::from_u32(c) {
                        prop_assert_eq!(class.contains(ch), plain(c), "{:?} at {:#x}", steps, c);
                    }
                }
            }
        }
    }
}
