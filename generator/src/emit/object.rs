//! Objects: request and member objects as tables for the runtime's `rt::object!` (one line per
//! field, one per rule), and response structs for `rt::response!`.
//!
//! The tables are written as text, laid out here, because a formatter cannot lay out the
//! inside of a macro call:
//!
//! ```text
//! rt::object! {
//!     /// Docs.
//!     pub struct Plan / PlanBuilder ("parameter", SOURCE.at("parameter table")) {
//!         /// Docs of the field.
//!         required into name / set_name: String = rt::Field::new("Name", SOURCE).length("[1,64]"),
//!         /// Docs of a field whose requirement and range are readings.
//!         expected val port / set_port: i32 = rt::Field::new("Port", SOURCE).range("[1,65535]").reading(rt::Constraint::Range),
//!     }
//!     rules: [
//!         rt::Rule::new(rt::Test::RequiredIf(..), "Name is required when ..", SOURCE.at("Name")),
//!         rt::Rule::new(rt::Test::AllowedIf(..), "Port may be set only when ..", SOURCE.at("Port")).reading(),
//!     ]
//! }
//! ```
//!
//! A field line opens with `required` (stated), `expected` (a required reading: the struct
//! holds an `Option`, and a missing value draws a warning) or `optional`; each constraint that
//! is a reading is marked with `.reading(rt::Constraint::X)`, and so is a rule.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc, field_doc, note_lines, rule_line, text_lines};
use super::{Ctx, Part};
use crate::model::*;
use crate::names;

/// An identifier from a model name, raw when it was escaped as `r#name`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a model type, as text: `String`, `Vec<super::Rule>`.
pub fn rust_type(cx: &Ctx<'_>, ty: &Type) -> String {
    match ty {
        Type::String => "String".into(),
        Type::Bool => "bool".into(),
        Type::Int(i) => i.name().into(),
        Type::List(t) => format!("Vec<{}>", rust_type(cx, t)),
        Type::Object(n, scope) | Type::Enum(n, scope) => {
            if *scope == Scope::Service && cx.in_operation {
                format!("super::{n}")
            } else {
                n.clone()
            }
        }
    }
}

/// A Rust string literal.
pub fn lit(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// Doc comment lines at `indent`: `/// text`, and `///` for a blank line.
pub fn doc_text(lines: &[String], indent: &str) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(indent);
        out.push_str("///");
        if !l.is_empty() {
            out.push(' ');
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

/// An interval in the specs' notation, as the runtime parses it: `[1,31]`, `[0,30000)`.
fn notation(iv: &Interval) -> String {
    let lo = iv.min.map_or(("[".to_owned(), String::new()), |b| {
        (
            if b.inclusive { "[" } else { "(" }.to_owned(),
            b.value.to_string(),
        )
    });
    let hi = iv.max.map_or((String::new(), ")".to_owned()), |b| {
        (
            b.value.to_string(),
            if b.inclusive { "]" } else { ")" }.to_owned(),
        )
    });
    format!("{}{},{}{}", lo.0, lo.1, hi.0, hi.1)
}

/// The constraint setters of a descriptor (`.range("[1,31]").unique()`), shared by fields
/// (value constraints) and `rt::Checks` (item constraints).
fn check_calls(
    c: &Checks,
    pattern: Option<&str>,
    count: &Option<Interval>,
    unique: bool,
    order: Option<Order>,
) -> String {
    let mut out = String::new();
    if let Some(r) = &c.range {
        out.push_str(&format!(".range({})", lit(&notation(r))));
    }
    if let Some(l) = &c.length {
        out.push_str(&format!(".length({})", lit(&notation(l))));
    }
    if let Some(l) = count {
        out.push_str(&format!(".count({})", lit(&notation(l))));
    }
    if unique {
        out.push_str(".unique()");
    }
    if let Some(order) = order {
        let o = match order {
            Order::Ascending => "Ascending",
            Order::Descending => "Descending",
        };
        out.push_str(&format!(".order(rt::Order::{o})"));
    }
    if let Some(cs) = &c.charset {
        let mut set = format!("rt::Charset::new({})", lit(&cs.describe));
        for (on, call) in [
            (cs.letters, ".letters()"),
            (cs.digits, ".digits()"),
            (cs.ascii_letters, ".ascii_letters()"),
            (cs.ascii_digits, ".ascii_digits()"),
        ] {
            if on {
                set.push_str(call);
            }
        }
        if !cs.extra.is_empty() {
            set.push_str(&format!(".extra({})", lit(&cs.extra)));
        }
        out.push_str(&format!(".charset({set})"));
    }
    if let Some(p) = pattern {
        out.push_str(&format!(".pattern(&{p})"));
    }
    if c.ascii {
        out.push_str(".ascii()");
    }
    if !c.forbidden_prefixes.is_empty() {
        let ps: Vec<String> = c
            .forbidden_prefixes
            .iter()
            .map(|p| {
                let f = if p.ignore_case {
                    "ignore_case"
                } else {
                    "exact"
                };
                format!("rt::Prefix::{f}({})", lit(&p.prefix))
            })
            .collect();
        out.push_str(&format!(".forbidden_prefixes(&[{}])", ps.join(", ")));
    }
    if let Some(f) = &c.format {
        out.push_str(&format!(".format(rt::Format::{f:?})"));
    }
    out.push_str(&reading_calls(c.readings));
    out
}

/// The readings among the constraints, one `.reading(rt::Constraint::Range)` each, in the
/// order of `Constraint::ALL`. A required reading is not among them: the table line's
/// `expected` carries it.
fn reading_calls(readings: Readings) -> String {
    readings
        .iter()
        .filter(|c| *c != Constraint::Required)
        .map(|c| format!(".reading(rt::Constraint::{c:?})"))
        .collect()
}

fn pattern_static(o: &ObjectDef, f: &Field, items: bool) -> String {
    format!(
        "{}_{}{}_PATTERN",
        names::const_name(&o.name),
        names::const_name(&f.rust),
        if items { "_ITEM" } else { "" }
    )
}

/// The statics of patterns used by an object (compiled once, on first use).
fn pattern_statics(o: &ObjectDef) -> TokenStream {
    let mut out = Vec::new();
    for f in &o.fields {
        for (items, c) in [(false, &f.checks), (true, &f.item_checks)] {
            if let Some(p) = &c.pattern {
                let p = p.source();
                let name = format_ident!("{}", pattern_static(o, f, items));
                let d = doc(&[format!(
                    "Pattern of `{}`{}.",
                    f.wire,
                    if items { " items" } else { "" }
                )]);
                out.push(quote! {
                    #d
                    static #name: rt::Pattern = rt::Pattern::new(#p);
                });
            }
        }
    }
    quote!(#(#out)*)
}

/// The descriptor of a field, without its required mark (the table line carries it):
/// `rt::Field::new("Size", SOURCE).query().range("[1,64]")`. A request parameter's place
/// comes first; the JSON body, the default, is not written.
fn descriptor(cx: &Ctx<'_>, o: &ObjectDef, f: &Field) -> String {
    let mut out = format!(
        "rt::Field::new({}, {})",
        lit(&f.wire),
        cx.source(&f.source.page)
    );
    match f.location {
        Some(Location::Query) => out.push_str(".query()"),
        Some(Location::Form) => out.push_str(".form()"),
        Some(Location::Path) => out.push_str(".path()"),
        Some(Location::Header) => out.push_str(".header()"),
        Some(Location::Json) | None => {}
    }
    match f.style {
        Some(Style::Numbered) => out.push_str(".numbered()"),
        Some(Style::Json) => out.push_str(".compact_json()"),
        None => {}
    }
    if let Some(row) = f.source.row.as_ref().filter(|r| **r != f.wire) {
        out.push_str(&format!(".row({})", lit(row)));
    }
    if f.sensitive {
        out.push_str(".sensitive()");
    }
    match f.encoding {
        Encoding::Plain => {}
        Encoding::JsonText => out.push_str(".json_text()"),
        Encoding::CommaList => out.push_str(".comma_list()"),
    }
    if f.fractions_rounded_down {
        out.push_str(".fractions_rounded_down()");
    }
    let value_pattern = f
        .checks
        .pattern
        .as_ref()
        .map(|_| pattern_static(o, f, false));
    out.push_str(&check_calls(
        &f.checks,
        value_pattern.as_deref(),
        &f.count,
        f.unique,
        f.order,
    ));
    let item_pattern = f
        .item_checks
        .pattern
        .as_ref()
        .map(|_| pattern_static(o, f, true));
    let items = check_calls(&f.item_checks, item_pattern.as_deref(), &None, false, None);
    if !items.is_empty() {
        out.push_str(&format!(".items(rt::Checks::NONE{items})"));
    }
    out
}

/// The word that opens a field's table line: `required` when the page states it (the
/// struct holds the value), `expected` when the requirement is a reading (the struct holds an
/// `Option`, and the runtime adds the required reading itself), `optional` otherwise.
fn presence(f: &Field) -> &'static str {
    if f.stated_required() {
        "required"
    } else if f.required {
        "expected"
    } else {
        "optional"
    }
}

/// How the builder's setter of a field takes its value (see the runtime's `object!`).
fn setter_kind(ty: &Type) -> &'static str {
    match ty {
        Type::String => "into",
        Type::List(inner) if **inner == Type::String => "iter_into",
        Type::List(_) => "iter",
        _ => "val",
    }
}

/// A field of a rule, from the object holding the rule, looked up by name in the fields of
/// each object on the way: `rt::at("Options.UseVSS", &[Self::FIELDS, Options::FIELDS])`.
fn field_ref(cx: &Ctx<'_>, path: &FieldPath) -> String {
    let mut tables = vec!["Self::FIELDS".to_owned()];
    for step in path.steps.iter().take(path.steps.len().saturating_sub(1)) {
        tables.push(format!("{}::FIELDS", rust_type(cx, &step.ty)));
    }
    format!("rt::at({}, &[{}])", lit(&path.wire()), tables.join(", "))
}

/// A literal of a condition: enumerations compare by wire string.
fn cond_lit(v: &serde_json::Value) -> Option<String> {
    if let Some(s) = v.as_str() {
        Some(format!("rt::Lit::Str({})", lit(s)))
    } else if let Some(i) = v.as_i64() {
        Some(format!("rt::Lit::Int({i})"))
    } else {
        v.as_bool().map(|b| format!("rt::Lit::Bool({b})"))
    }
}

fn cond(cx: &Ctx<'_>, c: &Cond) -> String {
    match c {
        Cond::In(path, values) => {
            let lits: Vec<String> = values.iter().filter_map(cond_lit).collect();
            format!(
                "rt::Cond::In({}, &[{}])",
                field_ref(cx, path),
                lits.join(", ")
            )
        }
        Cond::Present(path, present) => {
            format!("rt::Cond::Present({}, {present})", field_ref(cx, path))
        }
        Cond::All(cs) | Cond::Any(cs) => {
            let parts: Vec<String> = cs.iter().map(|c| cond(cx, c)).collect();
            let kind = if matches!(c, Cond::All(_)) {
                "All"
            } else {
                "Any"
            };
            format!("rt::Cond::{kind}(&[{}])", parts.join(", "))
        }
        Cond::Not(inner) => format!("rt::Cond::Not(&{})", cond(cx, inner)),
    }
}

/// What a rule requires, as the runtime's `rt::Test`; `None` for rules the service checks.
fn test(cx: &Ctx<'_>, r: &Rule) -> Option<String> {
    let refs = |fields: &[FieldPath]| {
        let rs: Vec<String> = fields.iter().map(|f| field_ref(cx, f)).collect();
        format!("&[{}]", rs.join(", "))
    };
    Some(match &r.kind {
        RuleKind::RequiredIf { field, when } => format!(
            "rt::Test::RequiredIf({}, {})",
            field_ref(cx, field),
            cond(cx, when)
        ),
        RuleKind::AllowedIf { field, when } => format!(
            "rt::Test::AllowedIf({}, {})",
            field_ref(cx, field),
            cond(cx, when)
        ),
        RuleKind::RangeIf { field, when, range } => format!(
            "rt::Test::RangeIf({}, {}, rt::Interval::parse({}))",
            field_ref(cx, field),
            cond(cx, when),
            lit(&notation(range))
        ),
        RuleKind::AtLeastOneOf { fields, .. } => {
            format!("rt::Test::AtLeastOneOf({})", refs(fields))
        }
        RuleKind::Check { check, fields } => {
            format!(
                "rt::Test::Check(rt::checks::{}, {})",
                check.function,
                refs(fields)
            )
        }
        RuleKind::ServerSide { .. } => return None,
    })
}

/// A request-direction object: its pattern statics, then its table for `rt::object!`.
pub fn request_object(
    cx: &Ctx<'_>,
    o: &ObjectDef,
    is_request: bool,
    extra_docs: &[String],
) -> Vec<Part> {
    let mut struct_doc = text_lines(&o.description);
    if !o.rules.is_empty() {
        struct_doc.push(String::new());
        struct_doc.push("# Rules".into());
        struct_doc.push(String::new());
        struct_doc.extend(o.rules.iter().map(rule_line));
    }
    if !o.notes.is_empty() {
        struct_doc.push(String::new());
        struct_doc.push("# Notes".into());
        struct_doc.push(String::new());
        struct_doc.extend(note_lines(&o.notes));
    }
    struct_doc.push(String::new());
    struct_doc.push(format!("Source: {}.", o.source.reference()));
    struct_doc.extend(extra_docs.iter().cloned());
    let what = if is_request { "parameter" } else { "member" };
    let reference = if is_request {
        "parameter table".to_owned()
    } else {
        format!("members of {}", o.name)
    };
    let reference = o.source.row.clone().unwrap_or(reference);
    let object_source = cx.source(&o.source.page);

    let mut text = String::from("rt::object! {\n");
    text.push_str(&doc_text(&struct_doc, "    "));
    text.push_str(&format!(
        "    pub struct {} / {}Builder ({}, {object_source}.at({})) {{\n",
        o.name,
        o.name,
        lit(what),
        lit(&reference)
    ));
    for f in &o.fields {
        text.push_str(&doc_text(&field_doc(f, &o.rules), "        "));
        text.push_str(&format!(
            "        {} {} {} / set_{}: {} = {},\n",
            presence(f),
            setter_kind(&f.ty),
            f.rust,
            f.rust.trim_start_matches("r#"),
            rust_type(cx, &f.ty),
            descriptor(cx, o, f)
        ));
    }
    text.push_str("    }\n");
    text.push_str(&format!("    by_name: [{}],\n", wire_name_order(o)));
    let rules: Vec<String> = o
        .rules
        .iter()
        .filter_map(|r| {
            let test = test(cx, r)?;
            let reference = r.source.row.clone().unwrap_or_else(|| "rules".into());
            let reading = match r.basis {
                Basis::Stated => "",
                Basis::Reading => ".reading()",
            };
            Some(format!(
                "        rt::Rule::new({test}, {}, {}.at({})){reading},\n",
                lit(&r.message),
                cx.source(&r.source.page),
                lit(&reference)
            ))
        })
        .collect();
    if !rules.is_empty() {
        text.push_str("    rules: [\n");
        text.extend(rules);
        text.push_str("    ]\n");
    }
    text.push_str("}\n");

    let statics = pattern_statics(o);
    let mut parts = Vec::new();
    if !statics.is_empty() {
        parts.push(Part::Tokens(statics));
    }
    parts.push(Part::Text(text));
    parts
}

/// The indices of the object's fields in the order of their wire names (bytewise), as the
/// runtime looks fields up: `2, 0, 1`.
fn wire_name_order(o: &ObjectDef) -> String {
    let wires: Vec<&str> = o.fields.iter().map(|f| f.wire.as_str()).collect();
    let order: Vec<String> = sorted_indices(&wires)
        .iter()
        .map(usize::to_string)
        .collect();
    order.join(", ")
}

/// The indices of `names` in bytewise order of the names, the order the runtime's binary
/// search and its compile-time check use.
fn sorted_indices(names: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| names[i].as_bytes());
    order
}

/// A response-direction object for `rt::response!`: every field optional, unknown fields
/// ignored.
pub fn response_object(cx: &Ctx<'_>, o: &ObjectDef) -> Part {
    let mut lines = text_lines(&o.description);
    lines.push(String::new());
    lines.push("Every field is optional: the service may leave any of them out, and fields this version does not know are ignored.".into());
    let mut text = String::from("rt::response! {\n");
    text.push_str(&doc_text(&lines, "    "));
    text.push_str(&format!("    pub struct {} {{\n", o.name));
    for f in &o.fields {
        let mut fd = text_lines(&f.description);
        fd.push(String::new());
        fd.push(format!("Wire name: `{}`.", f.wire));
        if !f.examples.is_empty() {
            let ex: Vec<String> = f.examples.iter().map(super::docs::code).collect();
            fd.push(format!("Example: {}.", ex.join(", ")));
        }
        text.push_str(&doc_text(&fd, "        "));
        let with = match f.encoding {
            Encoding::Plain => String::new(),
            Encoding::JsonText => " with JsonText".into(),
            Encoding::CommaList => " with CommaList".into(),
        };
        text.push_str(&format!(
            "        {}: {} = {}{with},\n",
            f.rust,
            rust_type(cx, &f.ty),
            lit(&f.wire)
        ));
    }
    text.push_str("    }\n}\n");
    Part::Text(text)
}

#[cfg(test)]
mod tests {
    use super::{reading_calls, sorted_indices};
    use crate::model::{Constraint, Readings};

    #[test]
    fn readings_are_marked_in_checker_order_without_required() {
        let r = Readings::NONE
            .with(Constraint::Format)
            .with(Constraint::Required)
            .with(Constraint::Range);
        assert_eq!(
            reading_calls(r),
            ".reading(rt::Constraint::Range).reading(rt::Constraint::Format)"
        );
        assert_eq!(reading_calls(Readings::NONE), "");
    }

    #[test]
    fn wire_names_sort_bytewise() {
        // Upper case before lower case, and multi-byte UTF-8 after ASCII, as bytes compare.
        let names = ["b", "B", "é", "a", "Ab", "A"];
        let order = sorted_indices(&names);
        let sorted: Vec<&str> = order.iter().map(|&i| names[i]).collect();
        assert_eq!(sorted, ["A", "Ab", "B", "a", "b", "é"]);
        assert_eq!(sorted_indices(&[]), Vec::<usize>::new());
    }
}
