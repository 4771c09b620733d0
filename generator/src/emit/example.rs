//! Doctests from the documents' own examples: the request built with the builder, and its
//! serde form compared with the document's JSON.

use serde_json::{Map, Value};

use super::Ctx;
use crate::model::*;

fn indent(depth: usize) -> String {
    "    ".repeat(depth)
}

/// Rust source that builds `value` (in the JSON form of `field`), or `None` when the value
/// does not fit the field (the spec checker and the example tests report that).
fn field_value(cx: &Ctx<'_>, f: &Field, value: &Value, depth: usize) -> Option<String> {
    let typed = match f.encoding {
        Encoding::Plain => value.clone(),
        Encoding::JsonText => serde_json::from_str(value.as_str()?).ok()?,
        Encoding::CommaList => Value::Array(
            value
                .as_str()?
                .split(',')
                .map(|s| Value::String(s.to_owned()))
                .collect(),
        ),
    };
    typed_value(cx, &f.ty, &typed, depth)
}

fn typed_value(cx: &Ctx<'_>, ty: &Type, v: &Value, depth: usize) -> Option<String> {
    Some(match (ty, v) {
        (Type::String, Value::String(s)) => format!("{s:?}"),
        (Type::Bool, Value::Bool(b)) => b.to_string(),
        (Type::Int(_), Value::Number(n)) => n.to_string(),
        (Type::Enum(name, _), Value::String(s)) => {
            let e = cx.enumeration(ty)?;
            let variant = e.values.iter().find(|x| x.wire == *s)?;
            format!("{name}::{}", variant.rust)
        }
        (Type::List(inner), Value::Array(items)) => {
            let parts: Option<Vec<String>> = items
                .iter()
                .map(|i| typed_value(cx, inner, i, depth + 1))
                .collect();
            let parts = parts?;
            if matches!(inner.as_ref(), Type::Object(..)) {
                let inner_indent = indent(depth + 1);
                format!(
                    "[\n{}\n{}]",
                    parts
                        .iter()
                        .map(|p| format!("{inner_indent}{p}"))
                        .collect::<Vec<_>>()
                        .join(",\n"),
                    indent(depth)
                )
            } else {
                format!("[{}]", parts.join(", "))
            }
        }
        (Type::Object(..), Value::Object(map)) => {
            let o = cx.object(ty)?;
            builder_expr(cx, o, map, &[], depth)?
        }
        _ => return None,
    })
}

/// `Name::builder().a(..).b(..).build()?`, one setter a line.
fn builder_expr(
    cx: &Ctx<'_>,
    o: &ObjectDef,
    map: &Map<String, Value>,
    extra: &[(String, String)],
    depth: usize,
) -> Option<String> {
    for key in map.keys() {
        if !o.fields.iter().any(|f| f.wire == *key) {
            return None;
        }
    }
    let mut out = format!("{}::builder()", o.name);
    for f in &o.fields {
        let value = match map.get(&f.wire) {
            Some(v) => field_value(cx, f, v, depth + 1)?,
            None => match extra.iter().find(|(k, _)| *k == f.wire) {
                Some((_, v)) => format!("{v:?}"),
                None => continue,
            },
        };
        out.push_str(&format!("\n{}.{}({value})", indent(depth + 1), f.rust));
    }
    out.push_str(&format!("\n{}.build()?", indent(depth + 1)));
    Some(out)
}

/// The doc lines of one example: heading, description, and a doctest.
pub fn example_doc(
    cx: &Ctx<'_>,
    op: &Operation,
    service: &Service,
    ex: &Example,
) -> Option<Vec<String>> {
    let request = ex.request.as_ref()?;
    let build = builder_expr(cx, &op.request, request, &ex.path_parameters, 0)?;
    let mut expected = request.clone();
    for (k, v) in &ex.path_parameters {
        expected.insert(k.clone(), Value::String(v.clone()));
    }
    let json = serde_json::to_string_pretty(&Value::Object(expected)).ok()?;
    let mut lines = vec![
        String::new(),
        format!("# Example: {}", ex.title),
        String::new(),
    ];
    if let Some(d) = &ex.description {
        lines.extend(super::docs::text_lines(d));
        lines.push(String::new());
    }
    if !ex.path_parameters.is_empty() {
        let names: Vec<String> = ex
            .path_parameters
            .iter()
            .map(|(k, _)| format!("`{k}`"))
            .collect();
        lines.push(format!(
            "The document's request, with the path parameter {} added:",
            names.join(", ")
        ));
        lines.push(String::new());
    }
    lines.push("```".into());
    lines.push(format!(
        "use {}::{}::{}::{{*, {}::*}};",
        cx.crate_name, service.provider, service.service, op.module
    ));
    lines.push(String::new());
    let mut first = true;
    for l in build.lines() {
        if first {
            lines.push(format!("let request = {l}"));
            first = false;
        } else {
            lines.push(l.to_owned());
        }
    }
    if let Some(last) = lines.last_mut() {
        last.push(';');
    }
    lines.push("let expected: serde_json::Value = serde_json::from_str(r#\"".into());
    lines.extend(json.lines().map(str::to_owned));
    lines.push("\"#)?;".into());
    lines.push("assert_eq!(serde_json::to_value(&request)?, expected);".into());
    lines.push("request.validate()?;".into());
    lines.push("# Ok::<(), Box<dyn std::error::Error>>(())".into());
    lines.push("```".into());
    Some(lines)
}
