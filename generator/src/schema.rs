//! The JSON Schema of the spec format, made from the same tables the decoder checks against,
//! so that editors complete and check exactly what specgen accepts.

use serde_json::{Map, Value, json};

use crate::shape::{self, Shape, Ty};

fn ty(t: &Ty) -> Value {
    match t {
        Ty::Str => json!({"type": "string"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Int => json!({"type": "integer"}),
        Ty::Any => json!({}),
        Ty::Interval => json!({
            "type": "string",
            "pattern": r"^\s*[\[(]\s*(-?[0-9_]+)?\s*,\s*(-?[0-9_]+)?\s*[\])]\s*$",
            "description": "An interval: `[a,b]` inclusive, `(a,b)` exclusive, an end may be left out."
        }),
        Ty::TypeExpr => json!({
            "type": "string",
            "pattern": r"^(list<)*[A-Za-z][A-Za-z0-9_]*(>)*$",
            "description": "string, bool, i32, i64, u32, u64, list<T>, or a named type."
        }),
        Ty::Word([]) => json!({"type": "string"}),
        Ty::Word(words) => json!({"enum": words}),
        Ty::Obj(s) => reference(s),
        Ty::List(t) => json!({"type": "array", "items": ty(t)}),
        Ty::Map(t) => json!({"type": "object", "additionalProperties": ty(t)}),
        Ty::Union(ss) | Ty::Tagged(ss) => {
            json!({"oneOf": ss.iter().map(|s| reference(s)).collect::<Vec<_>>()})
        }
        Ty::ScalarOr(s) => json!({"oneOf": [{"type": "string"}, reference(s)]}),
    }
}

fn reference(s: &Shape) -> Value {
    json!({"$ref": format!("#/$defs/{}", s.name)})
}

fn definition(s: &Shape) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for k in s.all_keys() {
        let mut v = if k.name == "kind" {
            json!({"const": s.tag.unwrap_or_default()})
        } else {
            ty(&k.ty)
        };
        if let Value::Object(m) = &mut v {
            if !k.doc.is_empty() && k.name != "kind" {
                m.entry("description")
                    .or_insert(Value::String(k.doc.to_owned()));
            }
        }
        props.insert(k.name.to_owned(), v);
        if k.required {
            required.push(k.name);
        }
    }
    json!({
        "type": "object",
        "description": s.doc,
        "properties": props,
        "required": required,
        "additionalProperties": false,
    })
}

/// The schema: a spec file is either a service or an operation.
pub fn json_schema() -> Value {
    let defs: Map<String, Value> = shape::all_shapes()
        .into_iter()
        .map(|s| (s.name.to_owned(), definition(s)))
        .collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/cloud-backup-sdk/specgen/spec-format.schema.json",
        "title": "specgen API spec",
        "description": "A service.yaml or an <Operation>.yaml of specgen. See docs/spec-format.md.",
        "oneOf": [reference(&shape::SERVICE), reference(&shape::OPERATION)],
        "$defs": defs,
    })
}

/// The schema as committed in `docs/spec-format.schema.json`.
pub fn json_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    s.push('\n');
    s
}
