//! Writes a drafted spec as YAML that reads like the hand-written specs: prose folded at 100
//! columns (`>-`), short lists of scalars in flow style (`examples: [ECS_FILE]`), JSON copied
//! from the page as literal blocks (`|`), a blank line between parameters, and quotes only where
//! YAML needs them.

use serde_json::Value;

/// A YAML node of a draft.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A mapping, in the order given.
    Map(Vec<(String, Node)>),
    /// A block sequence; `spaced` puts a blank line between items.
    Seq { items: Vec<Node>, spaced: bool },
    /// A flow sequence of scalars or JSON values: `[a, "b c", 3]`.
    Flow(Vec<Value>),
    /// A short scalar string.
    Str(String),
    /// Prose: inline when it fits, folded (`>-`) when it does not.
    Prose(String),
    /// Text kept line for line (`|`): JSON copied from the page.
    Literal(String),
    /// A whole number.
    Int(i128),
    /// True or false.
    Bool(bool),
}

impl Node {
    /// A mapping from `(key, node)` pairs, leaving out `None`s.
    pub fn map<I: IntoIterator<Item = (&'static str, Option<Node>)>>(entries: I) -> Node {
        Node::Map(
            entries
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
                .collect(),
        )
    }
}

const WIDTH: usize = 100;

/// The YAML text of a document whose root is `node` (a mapping).
pub fn to_yaml(node: &Node) -> String {
    let mut out = String::new();
    if let Node::Map(entries) = node {
        for (i, (key, value)) in entries.iter().enumerate() {
            // The big sections of an operation stand apart, as in the hand-written specs.
            if i > 0 && matches!(value, Node::Seq { .. } | Node::Map(_)) {
                out.push('\n');
            }
            entry(&mut out, 0, key, value);
        }
    }
    out
}

fn entry(out: &mut String, indent: usize, key: &str, value: &Node) {
    let pad = " ".repeat(indent);
    let key = scalar(key);
    match value {
        Node::Map(entries) if entries.is_empty() => out.push_str(&format!("{pad}{key}: {{}}\n")),
        Node::Map(entries) => {
            out.push_str(&format!("{pad}{key}:\n"));
            for (k, v) in entries {
                entry(out, indent + 2, k, v);
            }
        }
        Node::Seq { items, .. } if items.is_empty() => out.push_str(&format!("{pad}{key}: []\n")),
        Node::Seq { items, spaced } => {
            out.push_str(&format!("{pad}{key}:\n"));
            for (i, item) in items.iter().enumerate() {
                if *spaced && i > 0 {
                    out.push('\n');
                }
                seq_item(out, indent + 2, item);
            }
        }
        Node::Prose(text) => prose(out, indent, &format!("{pad}{key}:"), text),
        Node::Literal(text) => {
            out.push_str(&format!("{pad}{key}: |\n"));
            for line in text.lines() {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(&format!("{pad}  {line}\n"));
                }
            }
        }
        scalar_node => out.push_str(&format!("{pad}{key}: {}\n", inline(scalar_node))),
    }
}

fn seq_item(out: &mut String, indent: usize, item: &Node) {
    let pad = " ".repeat(indent);
    match item {
        Node::Map(entries) if !entries.is_empty() => {
            // `- first: …` then the other keys under it.
            let mut first = String::new();
            entry(&mut first, indent + 2, &entries[0].0, &entries[0].1);
            out.push_str(&format!("{pad}- {}", &first[indent + 2..]));
            for (k, v) in &entries[1..] {
                entry(out, indent + 2, k, v);
            }
        }
        Node::Prose(text) => prose(out, indent, &format!("{pad}-"), text),
        other => out.push_str(&format!("{pad}- {}\n", inline(other))),
    }
}

/// `lead text` on one line when it fits, else `lead >-` and the words folded under it.
fn prose(out: &mut String, indent: usize, lead: &str, text: &str) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let one = scalar(&text);
    if lead.len() + 1 + one.len() <= WIDTH || text.is_empty() {
        out.push_str(&format!("{lead} {one}\n"));
        return;
    }
    out.push_str(&format!("{lead} >-\n"));
    let pad = " ".repeat(indent + 2);
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && pad.len() + line.len() + 1 + word.len() > WIDTH {
            out.push_str(&format!("{pad}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&format!("{pad}{line}\n"));
}

fn inline(node: &Node) -> String {
    match node {
        Node::Str(s) | Node::Prose(s) | Node::Literal(s) => scalar(s),
        Node::Int(n) => n.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Flow(values) => {
            let items: Vec<String> = values.iter().map(json_inline).collect();
            format!("[{}]", items.join(", "))
        }
        Node::Map(_) | Node::Seq { .. } => "{}".to_owned(),
    }
}

fn json_inline(value: &Value) -> String {
    match value {
        Value::String(s) => scalar(s),
        other => other.to_string(),
    }
}

/// A string as a YAML scalar: plain when YAML reads it back as the same string, else
/// double-quoted (a JSON string is a valid YAML double-quoted scalar).
pub fn scalar(s: &str) -> String {
    if is_plain(s) {
        s.to_owned()
    } else {
        Value::String(s.to_owned()).to_string()
    }
}

fn is_plain(s: &str) -> bool {
    const RESERVED: &[&str] = &[
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    ];
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_ascii_lowercase();
    !(RESERVED.contains(&lower.as_str())
        || first.is_ascii_digit()
        || first.is_whitespace()
        || s.ends_with(char::is_whitespace)
        || "-?:,[]{}#&*!|>'\"%@`+.".contains(first)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains(['\n', '\t', '\\', '"', '{', '}', '[', ']', ','])
        || s.chars().any(char::is_control))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_quoted_only_where_yaml_would_read_them_otherwise() {
        assert_eq!(scalar("ECS_FILE"), "ECS_FILE");
        assert_eq!(scalar("The ID of the plan."), "The ID of the plan.");
        for quoted in [
            "",
            "Y",
            "no",
            "2017-03-12",
            "[1,64]",
            "a: b",
            "-x",
            "x #y",
            "0",
        ] {
            assert!(scalar(quoted).starts_with('"'), "{quoted} must be quoted");
        }
    }

    #[test]
    fn documents_read_back_as_the_values_written() {
        let long = "word ".repeat(60);
        let node = Node::map([
            ("name", Some(Node::Str("Y".into()))),
            ("description", Some(Node::Prose(long.clone()))),
            ("skipped", None),
            (
                "examples",
                Some(Node::Flow(vec![json!("a b"), json!(3), json!(["x"])])),
            ),
            (
                "items",
                Some(Node::Seq {
                    items: vec![
                        Node::map([("a", Some(Node::Int(1))), ("b", Some(Node::Bool(true)))]),
                        Node::Str("c: d".into()),
                    ],
                    spaced: true,
                }),
            ),
            ("request", Some(Node::Literal("{\n  \"a\": 1\n}\n".into()))),
        ]);
        let text = to_yaml(&node);
        let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
        let doc = &docs[0];
        assert_eq!(doc["name"].as_str(), Some("Y"));
        assert_eq!(doc["description"].as_str(), Some(long.trim()));
        assert!(text.lines().all(|l| l.len() <= WIDTH), "{text}");
        assert_eq!(doc["examples"][0].as_str(), Some("a b"));
        assert_eq!(doc["examples"][1].as_i64(), Some(3));
        assert_eq!(doc["examples"][2][0].as_str(), Some("x"));
        assert_eq!(doc["items"][0]["a"].as_i64(), Some(1));
        assert_eq!(doc["items"][0]["b"].as_bool(), Some(true));
        assert_eq!(doc["items"][1].as_str(), Some("c: d"));
        assert_eq!(doc["request"].as_str(), Some("{\n  \"a\": 1\n}\n"));
        assert!(doc["skipped"].is_badvalue());
    }
}
