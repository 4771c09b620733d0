//! Enumerations: strict for requests, open (with `Unknown`) for responses; and the error codes
//! of an operation. Each is a table of one line per value for the runtime's `rt::wire_enum!`
//! or `rt::open_enum!`, laid out as text.

use super::Part;
use super::docs::{note_lines, text_lines};
use super::object::{doc_text, lit};
use crate::model::*;

fn value_doc(v: &EnumValue) -> Vec<String> {
    let mut lines = vec![format!("`{}`", v.wire)];
    if let Some(d) = &v.description {
        lines[0].push_str(": ");
        let mut text = text_lines(d);
        if let Some(first) = text.first_mut() {
            lines[0].push_str(first);
            text.remove(0);
        }
        lines.extend(text);
    }
    lines
}

/// The table of an enumeration: `macro` is `wire_enum` or `open_enum`, `head` what follows
/// the name (`(from_wire, as_str, "…")` for open ones), and each value its docs, Rust name and
/// wire string.
fn table<'a>(
    macro_name: &str,
    docs: &[String],
    name: &str,
    head: &str,
    values: impl Iterator<Item = (Vec<String>, &'a str, &'a str)>,
) -> String {
    let mut text = format!("rt::{macro_name}! {{\n");
    text.push_str(&doc_text(docs, "    "));
    text.push_str(&format!("    pub enum {name}{head} {{\n"));
    for (d, rust, wire) in values {
        text.push_str(&doc_text(&d, "        "));
        text.push_str(&format!("        {rust} = {},\n", lit(wire)));
    }
    text.push_str("    }\n}\n");
    text
}

/// An enumeration.
pub fn enumeration(e: &EnumDef) -> Part {
    let mut lines = text_lines(&e.description);
    lines.push(String::new());
    lines.push(match e.direction {
        Direction::Request => "Sent as its wire value. A value the spec does not list can be sent as `Undocumented(String)`: validation reports it as an error naming the listed values (a warning where a field's list is the spec's reading), so the standard mode refuses it unless the field says otherwise, and the warn and off modes send it.".into(),
        Direction::Response => {
            "Received as its wire value; values this version does not know arrive as `Unknown`."
                .into()
        }
    });
    if !e.notes.is_empty() {
        lines.push(String::new());
        lines.extend(note_lines(&e.notes));
    }
    lines.push(String::new());
    lines.push(format!("Source: {}.", e.source.reference()));
    let values = e
        .values
        .iter()
        .map(|v| (value_doc(v), v.rust.as_str(), v.wire.as_str()));
    match e.direction {
        Direction::Request => Part::Text(table("wire_enum", &lines, &e.name, "", values)),
        Direction::Response => {
            let head = format!(
                " (from_wire, as_str, {})",
                lit(" A value this version of the crate does not know, kept as received.")
            );
            Part::Text(table("open_enum", &lines, &e.name, &head, values))
        }
    }
}

/// The documented error codes of an operation, with an `Unknown` variant for the rest, and
/// the operation's error type.
pub fn error_codes(op: &Operation) -> Part {
    let name = format!("{}ErrorCode", op.name);
    let mut lines = vec![
        format!("The error codes documented for {}.", op.name),
        String::new(),
    ];
    lines.push("Codes the document does not list (the provider's common codes, or new ones) arrive as `Unknown`.".into());
    if !op.status_codes.is_empty() {
        lines.push(String::new());
        lines.push("Documented HTTP statuses:".into());
        lines.push(String::new());
        for (s, d) in &op.status_codes {
            lines.push(format!("- {s}: {}", d.trim()));
        }
    }
    let values = op.errors.iter().map(|e| {
        let mut first = format!("`{}`", e.code);
        if let Some(s) = e.http_status {
            first.push_str(&format!(" (HTTP {s})"));
        }
        if let Some(m) = &e.message {
            first.push_str(&format!(": {}", m.trim()));
        }
        let mut l = vec![first];
        if let Some(desc) = &e.description {
            l.push(String::new());
            l.extend(text_lines(desc));
        }
        (l, e.rust.as_str(), e.code.as_str())
    });
    let head = format!(
        " (from_code, code, {})",
        lit(" A code not documented for this operation, kept as received.")
    );
    let text = table("open_enum", &lines, &name, &head, values);
    let error_doc = doc_text(
        &[format!(
            "The error of {}: the service's error codes are [`{name}`].",
            op.name
        )],
        "",
    );
    Part::Text(format!(
        "{error_doc}pub type {}Error = rt::Error<{name}>;\n\n{text}",
        op.name
    ))
}
