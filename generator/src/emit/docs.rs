//! Rustdoc text built from the model: descriptions, bounds, enum meanings, conditions,
//! defaults, examples and provenance.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::model::*;

/// `#[doc = " line"]` for each line. Lines are trimmed so that no text of a document turns
/// into an indented code block (which rustdoc would try to compile).
pub fn doc(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Inner `#![doc = ...]` lines for module documentation.
pub fn inner_doc(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #text])
    });
    quote!(#(#attrs)*)
}

/// Splits a description into trimmed lines, keeping paragraph breaks.
pub fn text_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.trim().lines() {
        let t = line.trim();
        if t.is_empty() && out.last().is_some_and(String::is_empty) {
            continue;
        }
        out.push(escape_markdown(t));
    }
    out
}

/// Keeps document text from being read as HTML tags or link references by rustdoc.
fn escape_markdown(t: &str) -> String {
    t.replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

/// A JSON value as inline code.
pub fn code(v: &Value) -> String {
    let s = v.to_string();
    let ticks = if s.contains('`') { "``" } else { "`" };
    format!("{ticks}{s}{ticks}")
}

/// What breaks a constraint, as the subject of the sentence marking it a reading; `a` names
/// what is checked with its article (`a value`, `an item`).
fn breach(c: Constraint, a: &str) -> String {
    match c {
        Constraint::Required => "a request without it".into(),
        Constraint::Enum => "an `Undocumented` value".into(),
        Constraint::Range => format!("{a} outside"),
        Constraint::Length => format!("{a} of another length"),
        Constraint::Count => "another number of items".into(),
        Constraint::Unique => "a repeated item".into(),
        Constraint::Order => "an item out of order".into(),
        Constraint::Charset => format!("{a} with other characters"),
        Constraint::Pattern => format!("{a} that does not match"),
        Constraint::Ascii => format!("{a} with a non-ASCII character"),
        Constraint::Prefix => format!("{a} that starts with it"),
        Constraint::Format => format!("{a} in another form"),
    }
}

/// A constraint's line, marked when the constraint is a reading: `- Range: between 1 and
/// 65535 (`[1,65535]`), a reading of the page: a value outside draws a warning and is sent.`
fn marked(line: String, readings: Readings, c: Constraint, a: &str) -> String {
    if readings.contains(c) {
        format!(
            "{}, a reading of the page: {} draws a warning and is sent.",
            line.trim_end_matches('.'),
            breach(c, a)
        )
    } else {
        line
    }
}

/// The bullet lines describing a value's constraints (`a` is `a value` or `an item`).
pub fn constraint_lines(checks: &Checks, prefix: &str, a: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |c: Constraint, line: String| out.push(marked(line, checks.readings, c, a));
    if let Some(r) = &checks.range {
        push(
            Constraint::Range,
            format!("{prefix}Range: {} (`{}`).", r.words(), r.notation()),
        );
    }
    if let Some(l) = &checks.length {
        push(
            Constraint::Length,
            format!(
                "{prefix}Length: {} {} (`{}`).",
                l.words(),
                // "at least 1 character", "between 1 and 64 characters".
                if l.words().ends_with(" 1") {
                    "character"
                } else {
                    "characters"
                },
                l.notation()
            ),
        );
    }
    if let Some(c) = &checks.charset {
        push(
            Constraint::Charset,
            format!("{prefix}Characters: only {}.", c.describe),
        );
    }
    if checks.ascii {
        push(Constraint::Ascii, format!("{prefix}ASCII only."));
    }
    for p in &checks.forbidden_prefixes {
        push(
            Constraint::Prefix,
            format!(
                "{prefix}Must not start with `{}`{}.",
                p.prefix,
                if p.ignore_case { " (in any case)" } else { "" }
            ),
        );
    }
    if let Some(p) = &checks.pattern {
        push(
            Constraint::Pattern,
            format!("{prefix}Must match the pattern `{p}` as a whole."),
        );
    }
    if let Some(f) = &checks.format {
        push(
            Constraint::Format,
            format!("{prefix}Format: {} (`{}`).", f.describe(), f.name()),
        );
    }
    out
}

/// Documentation of a field: description, wire facts, constraints, rules, default, examples,
/// provenance and notes.
pub fn field_doc(f: &Field, rules: &[Rule]) -> Vec<String> {
    let mut lines = text_lines(&f.description);
    lines.push(String::new());
    let mut wire = format!("- Wire name: `{}`", f.wire);
    if let Some(l) = f.location {
        wire.push_str(&format!(", sent in {}", l.words()));
    }
    match f.encoding {
        Encoding::Plain => {}
        Encoding::JsonText => wire.push_str(", as a string of compact JSON"),
        Encoding::CommaList => wire.push_str(", as one string of comma-separated items"),
    }
    match f.style {
        Some(Style::Numbered) => wire.push_str(&format!(
            ", flattened into numbered fields (`{}.1`, ...)",
            f.wire
        )),
        Some(Style::Json) => wire.push_str(", as one field of compact JSON"),
        None => {}
    }
    wire.push('.');
    lines.push(wire);
    lines.push(if f.stated_required() {
        "- Required.".into()
    } else if f.required {
        "- Expected: a reading of the page; a request without it draws a warning and is sent."
            .into()
    } else {
        "- Optional.".into()
    });
    if f.checks.readings.contains(Constraint::Enum) {
        lines.push(marked(
            "- Values: those the enumeration lists.".into(),
            f.checks.readings,
            Constraint::Enum,
            "a value",
        ));
    }
    if f.sensitive {
        lines.push("- Sensitive: redacted in `Debug` output and in validation messages.".into());
    }
    if f.idempotency_token {
        lines.push("- Idempotency token: a unique value makes retries of the request safe.".into());
    }
    lines.extend(constraint_lines(&f.checks, "- ", "a value"));
    if f.fractions_rounded_down {
        lines.push("- Fractions: the service takes a fractional number and rounds it down; the JSON form accepts one, with a warning.".into());
    }
    let readings = f.checks.readings;
    if let Some(c) = &f.count {
        lines.push(marked(
            format!("- Number of items: {} (`{}`).", c.words(), c.notation()),
            readings,
            Constraint::Count,
            "a value",
        ));
    }
    if f.unique {
        lines.push(marked(
            "- Items must be distinct.".into(),
            readings,
            Constraint::Unique,
            "a value",
        ));
    }
    if let Some(order) = f.order {
        lines.push(marked(
            format!("- Items must be in {} order.", order.word()),
            readings,
            Constraint::Order,
            "a value",
        ));
    }
    lines.extend(constraint_lines(&f.item_checks, "- Each item: ", "an item"));
    for r in rules {
        if r.kind
            .fields()
            .iter()
            .any(|p| p.steps.first().is_some_and(|s| s.wire == f.wire))
        {
            let enforced = if matches!(r.kind, RuleKind::ServerSide { .. }) {
                " (checked by the service, not by this crate)"
            } else if r.basis == Basis::Reading {
                " (a reading of the page: a warning, not an error)"
            } else {
                ""
            };
            lines.push(format!(
                "- Rule: {}{enforced}.",
                escape_markdown(r.message.trim_end_matches('.'))
            ));
        }
    }
    if let Some(d) = &f.default {
        lines.push(format!(
            "- Default, applied by the service when omitted (never sent by this crate): {}.",
            code(d)
        ));
    }
    if !f.examples.is_empty() {
        let ex: Vec<String> = f.examples.iter().map(code).collect();
        lines.push(format!(
            "- Example{}: {}.",
            if ex.len() > 1 { "s" } else { "" },
            ex.join(", ")
        ));
    }
    lines.push(format!("- Source: {}.", f.source.reference()));
    for n in &f.notes {
        lines.push(format!("- Note on {}", note_text(n)));
    }
    lines
}

/// "subject. Document: ... Decision: ..."
fn note_text(n: &Note) -> String {
    format!(
        "{}. Document: {} Decision: {}",
        escape_markdown(n.subject.trim_end_matches('.')),
        escape_markdown(n.doc_says.trim()),
        escape_markdown(n.decision.trim())
    )
}

/// Notes as bullet lines.
pub fn note_lines(notes: &[Note]) -> Vec<String> {
    notes
        .iter()
        .map(|n| format!("- {}", note_text(n)))
        .collect()
}

/// The rule in words, for object-level documentation.
pub fn rule_line(r: &Rule) -> String {
    let tail = if matches!(r.kind, RuleKind::ServerSide { .. }) {
        " Checked by the service, not by this crate."
    } else if r.basis == Basis::Reading {
        " A reading of the page: a warning, not an error."
    } else {
        ""
    };
    let detail = r
        .description
        .as_ref()
        .map(|d| format!(" {}.", escape_markdown(d.trim().trim_end_matches('.'))))
        .unwrap_or_default();
    format!(
        "- {}.{detail}{tail} (Source: {}.)",
        escape_markdown(r.message.trim_end_matches('.')),
        r.source.reference()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_are_marked_and_stated_constraints_are_not() {
        let checks = Checks {
            range: Some(Interval::parse("[1,65535]")),
            ascii: true,
            readings: Readings::NONE.with(Constraint::Range),
            ..Checks::default()
        };
        assert_eq!(
            constraint_lines(&checks, "- ", "a value"),
            [
                "- Range: between 1 and 65535 (`[1,65535]`), a reading of the page: a value outside draws a warning and is sent.",
                "- ASCII only.",
            ]
        );
    }
}
