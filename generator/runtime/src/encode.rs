//! Where each parameter of a request travels, and how lists and objects are written there:
//! the placement table each operation carries, and the encoder that turns the JSON form of a
//! request into query pairs, form pairs, a JSON body, path segments and headers.

use serde_json::{Map, Value};

pub use crate::vocabulary::{Location, Style};

/// Where one parameter of an operation travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The wire name.
    pub name: &'static str,
    /// Where it travels.
    pub location: Location,
    /// How a list or object is written in a query string or form body.
    pub style: Option<Style>,
}

impl Placement {
    const fn at(name: &'static str, location: Location) -> Placement {
        Placement {
            name,
            location,
            style: None,
        }
    }

    /// A parameter of the query string.
    pub const fn query(name: &'static str) -> Placement {
        Placement::at(name, Location::Query)
    }

    /// A parameter of a form body.
    pub const fn form(name: &'static str) -> Placement {
        Placement::at(name, Location::Form)
    }

    /// A member of the JSON body.
    pub const fn json(name: &'static str) -> Placement {
        Placement::at(name, Location::Json)
    }

    /// A segment of the URL path.
    pub const fn path(name: &'static str) -> Placement {
        Placement::at(name, Location::Path)
    }

    /// A header.
    pub const fn header(name: &'static str) -> Placement {
        Placement::at(name, Location::Header)
    }

    /// A list or object flattened into numbered fields.
    pub const fn numbered(self) -> Placement {
        Placement {
            style: Some(Style::Numbered),
            ..self
        }
    }

    /// A list or object written as one field of compact JSON.
    pub const fn json_text(self) -> Placement {
        Placement {
            style: Some(Style::Json),
            ..self
        }
    }
}

/// Something that knows where a parameter travels: a [`Placement`], or a request
/// parameter's [`Field`](crate::Field).
pub trait Placed {
    /// Where and how it travels.
    fn placement(&self) -> Placement;
}

impl Placed for Placement {
    fn placement(&self) -> Placement {
        *self
    }
}

impl Placed for crate::Field {
    fn placement(&self) -> Placement {
        Placement {
            name: self.name,
            location: self.location,
            style: self.style,
        }
    }
}

/// A request split by where its parameters travel, in the order of the placement table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Encoded {
    /// Path parameters by name, raw (the protocol percent-encodes them as single segments).
    pub path: Vec<(String, String)>,
    /// Query parameters, decoded.
    pub query: Vec<(String, String)>,
    /// Form body parameters, decoded.
    pub form: Vec<(String, String)>,
    /// JSON body members; `None` when no parameter travels in a JSON body.
    pub json: Option<Map<String, Value>>,
    /// Header parameters.
    pub headers: Vec<(String, String)>,
}

/// A parameter value that its placement cannot carry (an object in a header, say). Generated
/// placements never produce one for a request that validates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError {
    /// The parameter.
    pub name: String,
    /// Why.
    pub reason: String,
}

impl std::fmt::Display for EncodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot encode {}: {}", self.name, self.reason)
    }
}

impl std::error::Error for EncodeError {}

/// A scalar as the text a query string, form body, path or header carries: strings as they
/// are, numbers in decimal, booleans as `true`/`false`.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Flattens a value into numbered fields the way the providers' RPC SDKs do: list items are
/// numbered from 1 (`Path.1`), object members are named (`Rule.1.Schedule`).
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&format!("{prefix}.{}", i + 1), item, out);
            }
        }
        Value::Object(members) => {
            for (k, item) in members {
                flatten(&format!("{prefix}.{k}"), item, out);
            }
        }
        Value::Null => {}
        scalar => {
            if let Some(text) = scalar_text(scalar) {
                out.push((prefix.to_owned(), text));
            }
        }
    }
}

/// The pairs a parameter `name` becomes in a query string or form body.
fn pairs(
    name: &str,
    style: Option<Style>,
    v: &Value,
) -> Result<Vec<(String, String)>, EncodeError> {
    let mut out = Vec::new();
    match (v, style) {
        (Value::Array(_) | Value::Object(_), Some(Style::Numbered)) => flatten(name, v, &mut out),
        (Value::Array(_) | Value::Object(_), Some(Style::Json)) => {
            let text = serde_json::to_string(v).map_err(|e| EncodeError {
                name: name.to_owned(),
                reason: e.to_string(),
            })?;
            out.push((name.to_owned(), text));
        }
        (Value::Array(_) | Value::Object(_), None) => {
            return Err(EncodeError {
                name: name.to_owned(),
                reason: "a list or object in a query string or form body needs a style".into(),
            });
        }
        (scalar, _) => {
            if let Some(text) = scalar_text(scalar) {
                out.push((name.to_owned(), text));
            }
        }
    }
    Ok(out)
}

/// Splits the JSON form of a request (as serde writes the generated request types, or as the
/// generated crate's `validate_json` accepts it) by the placements of its operation. A member
/// without a placement is an undocumented parameter: it goes to `undocumented` (the query
/// string or a form body, lists and objects flattened into numbered fields as the RPC SDKs do;
/// or the JSON body), after the documented ones.
pub fn encode(
    request: &Value,
    placements: &[impl Placed],
    undocumented: Location,
) -> Result<Encoded, EncodeError> {
    let mut out = Encoded::default();
    let members = match request {
        Value::Object(m) => m,
        _ => {
            return Err(EncodeError {
                name: "request".into(),
                reason: "a request is a JSON object".into(),
            });
        }
    };
    for p in placements {
        let p = &p.placement();
        let Some(v) = members.get(p.name).filter(|v| !v.is_null()) else {
            continue;
        };
        let scalar = || {
            scalar_text(v).ok_or_else(|| EncodeError {
                name: p.name.to_owned(),
                reason: "a path segment or header carries a single value".into(),
            })
        };
        match p.location {
            Location::Query => out.query.extend(pairs(p.name, p.style, v)?),
            Location::Form => out.form.extend(pairs(p.name, p.style, v)?),
            Location::Json => {
                out.json
                    .get_or_insert_with(Map::new)
                    .insert(p.name.to_owned(), v.clone());
            }
            Location::Path => out.path.push((p.name.to_owned(), scalar()?)),
            Location::Header => out.headers.push((p.name.to_owned(), scalar()?)),
        }
    }
    for (name, v) in members {
        if v.is_null() || placements.iter().any(|p| p.placement().name == name) {
            continue;
        }
        let numbered = Some(Style::Numbered);
        match undocumented {
            Location::Query => out.query.extend(pairs(name, numbered, v)?),
            Location::Form => out.form.extend(pairs(name, numbered, v)?),
            Location::Json => {
                out.json
                    .get_or_insert_with(Map::new)
                    .insert(name.clone(), v.clone());
            }
            Location::Path | Location::Header => {
                return Err(EncodeError {
                    name: name.clone(),
                    reason: "an undocumented parameter cannot travel in a path or a header".into(),
                });
            }
        }
    }
    // An operation whose parameters travel in a JSON body sends `{}` even when all are absent.
    if out.json.is_none()
        && placements
            .iter()
            .any(|p| p.placement().location == Location::Json)
    {
        out.json = Some(Map::new());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // Through the constructors the generated tables use, so that they are tested too.
    const PLACEMENTS: &[Placement] = &[
        Placement::query("Id"),
        Placement::query("On"),
        Placement::form("Rule").numbered(),
        Placement::form("Path").numbered(),
        Placement::query("Detail").json_text(),
        Placement::path("project_id"),
        Placement::header("X-Trace"),
    ];

    #[test]
    fn parameters_go_where_their_placement_says() {
        let request = json!({
            "Id": "p-1",
            "On": true,
            "Rule": [{"Schedule": "I|1|P1D", "Retention": 7}, {"Schedule": "I|2|PT1H"}],
            "Path": ["/home", "/data"],
            "Detail": {"snapshotGroup": true, "preScriptPath": ""},
            "project_id": "a/b",
            "X-Trace": "t",
        });
        let e = encode(&request, PLACEMENTS, Location::Query).unwrap_or_default();
        let pairs = |v: &[(String, String)]| {
            v.iter()
                .map(|(a, b)| format!("{a}={b}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pairs(&e.query),
            [
                "Id=p-1",
                "On=true",
                r#"Detail={"preScriptPath":"","snapshotGroup":true}"#
            ]
        );
        assert_eq!(
            pairs(&e.form),
            [
                "Rule.1.Retention=7",
                "Rule.1.Schedule=I|1|P1D",
                "Rule.2.Schedule=I|2|PT1H",
                "Path.1=/home",
                "Path.2=/data"
            ]
        );
        assert_eq!(e.path, [("project_id".to_owned(), "a/b".to_owned())]);
        assert_eq!(e.headers, [("X-Trace".to_owned(), "t".to_owned())]);
        assert_eq!(e.json, None);
    }

    #[test]
    fn json_bodies_keep_values_as_they_are() {
        let placements = [
            Placement {
                name: "A",
                location: Location::Json,
                style: None,
            },
            Placement {
                name: "B",
                location: Location::Json,
                style: None,
            },
        ];
        let e = encode(
            &json!({"B": ["1", "2"], "A": {"x": 1}}),
            &placements,
            Location::Json,
        )
        .unwrap_or_default();
        assert_eq!(
            e.json.map(Value::Object),
            Some(json!({"A": {"x": 1}, "B": ["1", "2"]}))
        );
        let empty = encode(&json!({}), &placements, Location::Json).unwrap_or_default();
        assert_eq!(empty.json, Some(Map::new()));
    }

    #[test]
    fn values_a_placement_cannot_carry_are_errors() {
        let placements = [Placement {
            name: "H",
            location: Location::Header,
            style: None,
        }];
        let error = encode(&json!({"H": [1]}), &placements, Location::Json).err();
        assert_eq!(
            error.map(|e| e.to_string()),
            Some("cannot encode H: a path segment or header carries a single value".to_owned())
        );
        assert!(encode(&json!([1]), &placements, Location::Json).is_err());
    }

    #[test]
    fn undocumented_parameters_go_where_the_protocol_puts_them() {
        let request = json!({
            "Id": "p-1",
            "OwnerId": 123,
            "NewList": ["a", "b"],
            "NewObject": {"k": "v"},
            "Gone": null,
        });
        let e = encode(&request, PLACEMENTS, Location::Query).unwrap_or_default();
        let query: Vec<String> = e.query.iter().map(|(a, b)| format!("{a}={b}")).collect();
        assert_eq!(
            query,
            [
                "Id=p-1",
                "NewList.1=a",
                "NewList.2=b",
                "NewObject.k=v",
                "OwnerId=123"
            ]
        );
        let placements = [Placement::json("A")];
        let e =
            encode(&json!({"A": 1, "New": [1]}), &placements, Location::Json).unwrap_or_default();
        assert_eq!(e.json.map(Value::Object), Some(json!({"A": 1, "New": [1]})));
        assert!(encode(&json!({"New": 1}), &placements, Location::Header).is_err());
    }
}
