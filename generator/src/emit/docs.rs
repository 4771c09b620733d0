//! Rustdoc text built from the model: descriptions, bounds, enum meanings, conditions,
//! defaults, examples and provenance.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::check::interval_words;
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

/// The bullet lines describing a field's constraints.
pub fn constraint_lines(checks: &Checks, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = &checks.range {
        out.push(format!(
            "{prefix}Range: {} (`{}`).",
            interval_words(r),
            r.notation()
        ));
    }
    if let Some(l) = &checks.length {
        out.push(format!(
            "{prefix}Length: {} characters (`{}`).",
            interval_words(l),
            l.notation()
        ));
    }
    if let Some(c) = &checks.charset {
        out.push(format!("{prefix}Characters: only {}.", c.describe()));
    }
    if checks.ascii {
        out.push(format!("{prefix}ASCII only."));
    }
    for (p, ignore_case) in &checks.forbidden_prefixes {
        out.push(format!(
            "{prefix}Must not start with `{p}`{}.",
            if *ignore_case { " (in any case)" } else { "" }
        ));
    }
    if let Some(p) = &checks.pattern {
        out.push(format!("{prefix}Must match the pattern `{p}` as a whole."));
    }
    if let Some(f) = &checks.format {
        out.push(format!(
            "{prefix}Format: {} (`{}`).",
            f.describe(),
            f.name()
        ));
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
    lines.push(if f.required {
        "- Required.".into()
    } else {
        "- Optional.".into()
    });
    if f.sensitive {
        lines.push("- Sensitive: redacted in `Debug` output and in validation messages.".into());
    }
    if f.idempotency_token {
        lines.push("- Idempotency token: a unique value makes retries of the request safe.".into());
    }
    lines.extend(constraint_lines(&f.checks, "- "));
    if let Some(c) = &f.count {
        lines.push(format!(
            "- Number of items: {} (`{}`).",
            interval_words(c),
            c.notation()
        ));
    }
    if f.unique {
        lines.push("- Items must be distinct.".into());
    }
    if let Some(order) = f.order {
        lines.push(format!("- Items must be in {} order.", order.word()));
    }
    lines.extend(constraint_lines(&f.item_checks, "- Each item: "));
    for r in rules {
        if r.kind
            .fields()
            .iter()
            .any(|p| p.steps.first().is_some_and(|s| s.wire == f.wire))
        {
            let enforced = if matches!(r.kind, RuleKind::ServerSide { .. }) {
                " (checked by the service, not by this crate)"
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
    lines.push(format!(
        "- Source: {} (`{}`).",
        f.source.reference(),
        f.source.spec
    ));
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
