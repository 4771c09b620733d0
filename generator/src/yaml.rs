//! Parse stage: YAML text to a tree whose every node knows where it came from.
//!
//! serde_yaml does not expose positions, and a spec diagnostic without a line and column is
//! of little use, so the tree is built here from the event stream of `yaml-rust2`. Only the
//! plain data subset of YAML is accepted: aliases, tags and multi-document streams are
//! reported as errors rather than silently interpreted.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FileId, Span};

/// How deeply mappings and lists may nest in a spec file. The real specs nest at most 9 levels;
/// every later stage walks the tree recursively, so the limit is what keeps a hostile file from
/// exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// A YAML node with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What the node holds.
    pub kind: NodeKind,
    /// Where it starts.
    pub span: Span,
}

/// The content of a node.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A scalar, with its text and whether it was quoted (or a block scalar).
    Scalar(Scalar),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in document order.
    Map(Vec<(Node, Node)>),
}

/// A scalar as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The text after unescaping.
    pub text: String,
    /// Quoted and block scalars are always strings; plain ones are resolved by [`Scalar::value`].
    pub quoted: bool,
}

/// A scalar resolved with the YAML 1.2 core schema.
#[derive(Clone, Debug, PartialEq)]
pub enum ScalarValue<'a> {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// Anything else.
    Str(&'a str),
}

impl Scalar {
    /// Resolves a plain scalar to null, boolean, integer, float or string; a quoted scalar is
    /// always a string.
    pub fn value(&self) -> ScalarValue<'_> {
        if self.quoted {
            return ScalarValue::Str(&self.text);
        }
        let t = self.text.as_str();
        match t {
            "" | "~" | "null" | "Null" | "NULL" => return ScalarValue::Null,
            "true" | "True" | "TRUE" => return ScalarValue::Bool(true),
            "false" | "False" | "FALSE" => return ScalarValue::Bool(false),
            _ => {}
        }
        if let Some(i) = parse_int(t) {
            return ScalarValue::Int(i);
        }
        // The core schema spells infinity and NaN `.inf`, `-.inf` and `.nan`, which Rust's
        // parser does not read.
        let (sign, body) = match t.strip_prefix('-') {
            Some(rest) => (-1.0, rest),
            None => (1.0, t.strip_prefix('+').unwrap_or(t)),
        };
        match body {
            ".inf" | ".Inf" | ".INF" => return ScalarValue::Float(sign * f64::INFINITY),
            ".nan" | ".NaN" | ".NAN" if body.len() == t.len() => {
                return ScalarValue::Float(f64::NAN);
            }
            _ => {}
        }
        if looks_like_float(t) {
            if let Ok(f) = t.parse::<f64>() {
                return ScalarValue::Float(f);
            }
        }
        ScalarValue::Str(t)
    }
}

fn parse_int(t: &str) -> Option<i128> {
    let (neg, digits) = match t.as_bytes().first()? {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let value = if let Some(hex) = digits.strip_prefix("0x") {
        i128::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i128::from_str_radix(oct, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<i128>().ok()?
    } else {
        return None;
    };
    Some(if neg { -value } else { value })
}

fn looks_like_float(t: &str) -> bool {
    let body = t.trim_start_matches(['-', '+']);
    matches!(body, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN")
        || (body.bytes().any(|b| b.is_ascii_digit())
            && body
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+')))
}

impl Node {
    /// A short name of the node's kind for messages: "a string", "a list", ...
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(s) => match s.value() {
                ScalarValue::Null => "null",
                ScalarValue::Bool(_) => "a boolean",
                ScalarValue::Int(_) => "an integer",
                ScalarValue::Float(_) => "a number",
                ScalarValue::Str(_) => "a string",
            },
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// The node as JSON, scalars resolved with the core schema.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Scalar(s) => match s.value() {
                ScalarValue::Null => Value::Null,
                ScalarValue::Bool(b) => Value::Bool(b),
                ScalarValue::Int(i) => i64::try_from(i)
                    .map(Value::from)
                    .or_else(|_| u64::try_from(i).map(Value::from))
                    .unwrap_or_else(|_| Value::String(s.text.clone())),
                ScalarValue::Float(f) => serde_json::Number::from_f64(f)
                    .map_or_else(|| Value::String(s.text.clone()), Value::Number),
                ScalarValue::Str(t) => Value::String(t.to_owned()),
            },
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (key_text(k).to_owned(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The text of a mapping key (keys are always scalars in accepted specs).
pub fn key_text(node: &Node) -> &str {
    match &node.kind {
        NodeKind::Scalar(s) => &s.text,
        _ => "",
    }
}

/// Parses one YAML document. Problems go to `diags`; `None` when the text is not usable.
pub fn parse(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<Node> {
    let lines = LineIndex::new(text);
    let mut builder = Builder {
        file,
        text,
        lines: &lines,
        stack: Vec::new(),
        root: None,
        documents: 0,
        problems: Vec::new(),
        too_deep: false,
    };
    // The parser's own `load` recurses once per level of nesting, so events are pulled here
    // one at a time and the builder stops at `MAX_DEPTH`.
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, mark)) => {
                builder.on_event(event, mark);
                if builder.too_deep {
                    break;
                }
            }
            Err(e) => {
                let span = lines.span(file, text, e.marker(), 1);
                diags.push(
                    Diagnostic::at(span, format!("YAML syntax error: {}", e.info()))
                        .code(Code::YamlSyntax)
                        .hint(
                            "check the indentation and quoting on this line and the one before it",
                        ),
                );
                return None;
            }
        }
    }
    let problems = std::mem::take(&mut builder.problems);
    let had_problems = !problems.is_empty();
    for p in problems {
        diags.push(p);
    }
    if had_problems {
        return None;
    }
    match builder.root {
        Some(root) => Some(root),
        None => {
            diags.push(
                Diagnostic::at(lines.span_at(file, text, 1, 0, 0), "the file is empty")
                    .code(Code::EmptyFile),
            );
            None
        }
    }
}

struct LineIndex {
    starts: Vec<usize>,
    /// The byte offset of every `CHARS_PER_MARK`-th character, and the number of characters
    /// before every `CHARS_PER_MARK`-th byte, so that a column (in characters) becomes a byte
    /// offset without counting from the start of its line, which on a long line would cost its
    /// length for every node.
    char_marks: Vec<usize>,
    byte_marks: Vec<usize>,
}

const CHARS_PER_MARK: usize = 1024;

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let char_marks = text
            .char_indices()
            .step_by(CHARS_PER_MARK)
            .map(|(i, _)| i)
            .collect();
        let mut chars = 0;
        let byte_marks = text
            .as_bytes()
            .chunks(CHARS_PER_MARK)
            .map(|block| {
                let before = chars;
                chars += count_chars(block);
                before
            })
            .collect();
        LineIndex {
            starts,
            char_marks,
            byte_marks,
        }
    }

    /// The byte offset of the character `index` characters into the text.
    fn byte_of_char(&self, text: &str, index: usize) -> usize {
        let Some(&mark) = self.char_marks.get(index / CHARS_PER_MARK) else {
            return text.len();
        };
        mark + char_offset(&text[mark..], index % CHARS_PER_MARK)
    }

    /// The number of characters before byte `offset` (a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        // The end of a text whose length is a multiple of the block has no mark of its own.
        let block = (offset / CHARS_PER_MARK).min(self.byte_marks.len().saturating_sub(1));
        let base = self.byte_marks.get(block).copied().unwrap_or(0);
        base + count_chars(&text.as_bytes()[(block * CHARS_PER_MARK).min(offset)..offset])
    }

    /// Converts a marker (1-based line, 0-based character column) to a span of `len`
    /// characters.
    fn span(&self, file: FileId, text: &str, marker: &Marker, len: usize) -> Span {
        self.span_at(file, text, marker.line(), marker.col(), len)
    }

    fn span_at(&self, file: FileId, text: &str, line: usize, col: usize, len: usize) -> Span {
        let line = line.max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(text.len());
        let start = self.byte_of_char(text, self.chars_before(text, line_start) + col);
        let end = start + char_offset(&text[start..], len);
        Span {
            file,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(col + 1).unwrap_or(u32::MAX),
            start,
            end,
        }
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue a character starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

fn char_offset(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

enum Frame {
    Seq(Span, Vec<Node>),
    /// A mapping: its entries, the key waiting for its value, and where each key was first
    /// defined (so that a duplicate is found without rescanning the entries).
    Map(Span, Vec<(Node, Node)>, Option<Node>, HashMap<String, Span>),
}

struct Builder<'a> {
    file: FileId,
    text: &'a str,
    lines: &'a LineIndex,
    stack: Vec<Frame>,
    root: Option<Node>,
    documents: usize,
    problems: Vec<Diagnostic>,
    /// Set when a collection opens beyond `MAX_DEPTH`: the rest of the file is not read.
    too_deep: bool,
}

impl Builder<'_> {
    fn finish(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, entries, pending, keys)) => match pending.take() {
                None => {
                    if !matches!(node.kind, NodeKind::Scalar(_)) {
                        self.problems.push(
                            Diagnostic::at(node.span, "mapping keys must be plain text")
                                .code(Code::NonTextKey)
                                .hint("use a string key such as `name:`"),
                        );
                    }
                    match keys.get(key_text(&node)) {
                        Some(first) => self.problems.push(
                            Diagnostic::at(
                                node.span,
                                format!("duplicate key `{}`", key_text(&node)),
                            )
                            .code(Code::DuplicateKey)
                            .related(*first, "first defined here")
                            .hint("remove one of the two entries"),
                        ),
                        None => {
                            keys.insert(key_text(&node).to_owned(), node.span);
                        }
                    }
                    *pending = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
        }
    }
}

impl Builder<'_> {
    /// Opens a collection, unless it would nest deeper than `MAX_DEPTH`.
    fn open(&mut self, frame: Frame, mark: &Marker) {
        if self.stack.len() >= MAX_DEPTH {
            self.problems.push(
                Diagnostic::at(
                    self.lines.span(self.file, self.text, mark, 1),
                    format!("mappings and lists nest deeper than {MAX_DEPTH} levels here"),
                )
                .code(Code::TooDeep)
                .hint("a spec nests a few levels; describe inner objects as named types under `types:`"),
            );
            self.too_deep = true;
            return;
        }
        self.stack.push(frame);
    }

    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents == 2 {
                    self.problems.push(
                        Diagnostic::at(
                            self.lines.span(self.file, self.text, &mark, 3),
                            "a spec file holds exactly one YAML document",
                        )
                        .code(Code::SeveralDocuments)
                        .hint("move the second document into a file of its own"),
                    );
                }
            }
            Event::Alias(_) => self.problems.push(
                Diagnostic::at(
                    self.lines.span(self.file, self.text, &mark, 1),
                    "YAML aliases (`*name`) are not supported in specs",
                )
                .code(Code::UnsupportedYaml)
                .hint("repeat the value, or define a named type under `types:` and refer to it"),
            ),
            Event::Scalar(text, style, anchor, tag) => {
                self.check_anchor_tag(anchor, tag.is_some(), &mark);
                let len = match style {
                    TScalarStyle::Plain => text.chars().count(),
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => {
                        text.chars().count() + 2
                    }
                    _ => 1,
                };
                let span = self.lines.span(self.file, self.text, &mark, len);
                self.finish(Node {
                    kind: NodeKind::Scalar(Scalar {
                        text,
                        quoted: !matches!(style, TScalarStyle::Plain),
                    }),
                    span,
                });
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_anchor_tag(anchor, tag.is_some(), &mark);
                let span = self.lines.span(self.file, self.text, &mark, 1);
                self.open(Frame::Seq(span, Vec::new()), &mark);
            }
            Event::MappingStart(anchor, tag) => {
                self.check_anchor_tag(anchor, tag.is_some(), &mark);
                let span = self.lines.span(self.file, self.text, &mark, 1);
                self.open(Frame::Map(span, Vec::new(), None, HashMap::new()), &mark);
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq(span, items)) = self.stack.pop() {
                    self.finish(Node {
                        kind: NodeKind::Seq(items),
                        span,
                    });
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map(span, entries, ..)) = self.stack.pop() {
                    // A mapping is shown at its first key, where a reader looks for it.
                    let span = entries.first().map_or(span, |(k, _)| k.span);
                    self.finish(Node {
                        kind: NodeKind::Map(entries),
                        span,
                    });
                }
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
}

impl Builder<'_> {
    fn check_anchor_tag(&mut self, anchor: usize, tagged: bool, mark: &Marker) {
        if anchor != 0 {
            self.problems.push(
                Diagnostic::at(
                    self.lines.span(self.file, self.text, mark, 1),
                    "YAML anchors (`&name`) are not supported in specs",
                )
                .code(Code::UnsupportedYaml)
                .hint("remove the anchor; reuse is done with named types under `types:`"),
            );
        }
        if tagged {
            self.problems.push(
                Diagnostic::at(
                    self.lines.span(self.file, self.text, mark, 1),
                    "YAML tags (`!tag`) are not supported in specs",
                )
                .code(Code::UnsupportedYaml)
                .hint("remove the tag; quote the value if it must be a string"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Node {
        let mut d = Diagnostics::default();
        let node = parse(FileId(0), text, &mut d);
        assert!(d.is_empty(), "{d:?}");
        node.unwrap_or_else(|| panic!("no node"))
    }

    #[test]
    fn positions_point_at_values() {
        let node = parse_ok("a: 1\nlist:\n  - x: \"two\"\n");
        let NodeKind::Map(entries) = &node.kind else {
            panic!("not a map")
        };
        let (key, value) = &entries[1];
        assert_eq!((key.span.line, key.span.column), (2, 1));
        let NodeKind::Seq(items) = &value.kind else {
            panic!("not a seq")
        };
        let NodeKind::Map(inner) = &items[0].kind else {
            panic!("not a map")
        };
        assert_eq!((inner[0].1.span.line, inner[0].1.span.column), (3, 8));
        assert_eq!(inner[0].1.to_json(), serde_json::json!("two"));
    }

    #[test]
    fn scalars_resolve_with_the_core_schema() {
        let node = parse_ok("[1, '1', true, ~, 1.5, 2017-03-12, -3, 0x10]");
        assert_eq!(
            node.to_json(),
            serde_json::json!([1, "1", true, null, 1.5, "2017-03-12", -3, 16])
        );
    }

    #[test]
    fn infinity_and_nan_resolve_as_the_core_schema_spells_them() {
        let node = parse_ok("[.inf, -.inf, +.Inf, .nan, '.inf', -.nan]");
        let NodeKind::Seq(items) = &node.kind else {
            panic!("not a seq")
        };
        let values: Vec<ScalarValue<'_>> = items
            .iter()
            .map(|n| match &n.kind {
                NodeKind::Scalar(s) => s.value(),
                _ => panic!("not a scalar"),
            })
            .collect();
        assert_eq!(values[0], ScalarValue::Float(f64::INFINITY));
        assert_eq!(values[1], ScalarValue::Float(f64::NEG_INFINITY));
        assert_eq!(values[2], ScalarValue::Float(f64::INFINITY));
        assert!(matches!(values[3], ScalarValue::Float(f) if f.is_nan()));
        assert_eq!(values[4], ScalarValue::Str(".inf"));
        // The core schema has no negative NaN.
        assert_eq!(values[5], ScalarValue::Str("-.nan"));
    }

    #[test]
    fn nesting_stops_at_the_limit_with_an_error_at_its_line() {
        for text in [
            "- ".repeat(5000) + "1\n",
            (0..3000)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>()
                + &" ".repeat(3000)
                + "v: 1\n",
            "[".repeat(100) + &"]".repeat(100),
            "a:\n  - ".to_owned() + &"[".repeat(200),
        ] {
            let mut d = Diagnostics::default();
            assert!(parse(FileId(0), &text, &mut d).is_none());
            let errors = d.into_result(()).unwrap_err();
            assert_eq!(errors.items.len(), 1, "{errors:?}");
            assert!(
                errors.items[0]
                    .message
                    .contains("nest deeper than 64 levels"),
                "{errors:?}"
            );
        }
        // The limit itself is accepted.
        let ok = "- ".repeat(MAX_DEPTH) + "1\n";
        let mut d = Diagnostics::default();
        assert!(parse(FileId(0), &ok, &mut d).is_some());
        assert!(d.is_empty());
    }

    #[test]
    fn positions_on_a_long_line_of_wide_characters_match_their_columns() {
        let text = format!("{{a: \"{}\", b: 1}}\n", "日".repeat(5000));
        let node = parse_ok(&text);
        let NodeKind::Map(entries) = &node.kind else {
            panic!("not a map")
        };
        let (key, value) = &entries[1];
        assert_eq!(&text[key.span.start..key.span.end], "b");
        assert_eq!(&text[value.span.start..value.span.end], "1");
        // `{a: "` is five characters, then the 5,000 and `", `.
        assert_eq!(key.span.column as usize, 5 + 5000 + 3 + 1);
    }

    #[test]
    fn duplicate_keys_aliases_and_syntax_errors_are_reported() {
        for (text, expected) in [
            ("a: 1\na: 2\n", "duplicate key `a`"),
            ("a: &x 1\nb: *x\n", "anchors"),
            ("a: [1, 2\n", "YAML syntax error"),
            ("a: !!str 1\n", "tags"),
            ("", "empty"),
        ] {
            let mut d = Diagnostics::default();
            assert!(parse(FileId(0), text, &mut d).is_none(), "{text}");
            let errors = d.into_result(()).unwrap_err();
            assert!(
                errors.items.iter().any(|e| e.message.contains(expected)),
                "{text}: {errors:?}"
            );
        }
    }
}
