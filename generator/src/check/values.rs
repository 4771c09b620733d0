//! Values a spec writes (defaults, examples, conditions) judged against the fields they fill.

use super::*;

/// Whether `v`, in the JSON form of `field`, has the field's type and meets its constraints.
/// Used for defaults and examples; the generated crate does the same at run time.
pub(super) fn value_ok(
    field: &Field,
    v: &Value,
    scopes: Scopes<'_>,
    lenient: bool,
) -> Result<(), String> {
    match field.encoding {
        Encoding::Plain => typed_ok(
            &field.ty,
            &field.checks,
            &field.item_checks,
            field,
            v,
            scopes,
            lenient,
        ),
        Encoding::JsonText => {
            let Value::String(text) = v else {
                return Err(format!(
                    "expected a string holding JSON, found {}",
                    json_kind(v)
                ));
            };
            let inner: Value =
                serde_json::from_str(text).map_err(|e| format!("the string is not JSON: {e}"))?;
            typed_ok(
                &field.ty,
                &field.checks,
                &field.item_checks,
                field,
                &inner,
                scopes,
                lenient,
            )
        }
        Encoding::CommaList => {
            let Value::String(text) = v else {
                return Err(format!(
                    "expected a comma-separated string, found {}",
                    json_kind(v)
                ));
            };
            let items: Vec<Value> = text
                .split(',')
                .map(|s| Value::String(s.to_owned()))
                .collect();
            typed_ok(
                &field.ty,
                &field.checks,
                &field.item_checks,
                field,
                &Value::Array(items),
                scopes,
                lenient,
            )
        }
    }
}

pub(super) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(super) fn typed_ok(
    ty: &Type,
    checks: &Checks,
    items: &Checks,
    field: &Field,
    v: &Value,
    scopes: Scopes<'_>,
    lenient: bool,
) -> Result<(), String> {
    match (ty, v) {
        (Type::String, Value::String(s)) => scalar_str_ok(checks, s),
        (Type::Bool, Value::Bool(_)) => Ok(()),
        (Type::Int(i), Value::Number(n)) => {
            let value = n
                .as_i64()
                .map(i128::from)
                .or(n.as_u64().map(i128::from))
                .ok_or("expected a whole number")?;
            let (lo, hi) = i.bounds();
            if value < lo || value > hi {
                return Err(format!("{value} does not fit {}", i.name()));
            }
            first_fault(v, |fault| {
                integer_faults(checks.range, checks.format, value, fault)
            })
        }
        (Type::Enum(..), Value::String(s)) => {
            let e = scopes.enumeration(ty).ok_or("unknown enum")?;
            if lenient || e.values.iter().any(|x| x.wire == *s) {
                Ok(())
            } else {
                Err(format!(
                    "`{s}` is not one of {}",
                    e.values
                        .iter()
                        .map(|x| x.wire.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        (Type::List(inner), Value::Array(list)) => {
            if let Some(what) = count_fault(field.count, list.len()) {
                return Err(format!("{what} (got {})", list.len()));
            }
            if field.unique {
                for (i, a) in list.iter().enumerate() {
                    if list[..i].contains(a) {
                        return Err(format!("{a} appears twice"));
                    }
                }
            }
            if let Some(order) = field.order {
                let rank = |v: &Value| -> Option<i128> {
                    match (inner.as_ref(), v) {
                        (Type::Enum(..), Value::String(s)) => scopes
                            .enumeration(inner)
                            .and_then(|e| e.values.iter().position(|x| x.wire == *s))
                            .map(|p| p as i128),
                        (_, Value::Number(n)) => n.as_i64().map(i128::from),
                        _ => None,
                    }
                };
                for pair in list.windows(2) {
                    let in_order = match (
                        rank(&pair[0]),
                        rank(&pair[1]),
                        pair[0].as_str(),
                        pair[1].as_str(),
                    ) {
                        (Some(a), Some(b), _, _) => (order == Order::Ascending) == (a <= b),
                        (_, _, Some(a), Some(b)) => (order == Order::Ascending) == (a <= b),
                        _ => true,
                    };
                    if !in_order {
                        return Err(format!(
                            "{} comes after {}, against the {} order",
                            pair[1],
                            pair[0],
                            order.word()
                        ));
                    }
                }
            }
            for (i, item) in list.iter().enumerate() {
                typed_ok(
                    inner,
                    items,
                    &Checks::default(),
                    field,
                    item,
                    scopes,
                    lenient,
                )
                .map_err(|e| format!("item {i}: {e}"))?;
            }
            if let (Some(f), Some(strs)) = (
                &checks.format,
                list.iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<String>>>(),
            ) {
                f.check_strs(&strs)
                    .map_err(|e| format!("{} (got {v})", f.message(&e)))?;
            }
            Ok(())
        }
        (Type::Object(..), Value::Object(map)) => {
            let o = scopes.object(ty).ok_or("unknown object type")?;
            for (k, val) in map {
                let Some(f) = o.fields.iter().find(|f| f.wire == *k) else {
                    if lenient {
                        continue;
                    }
                    return Err(format!("`{k}` is not a member of {}", o.name));
                };
                value_ok(f, val, scopes, lenient).map_err(|e| format!("{k}: {e}"))?;
            }
            if !lenient {
                if let Some(f) = o
                    .fields
                    .iter()
                    .find(|f| f.required && !map.contains_key(&f.wire))
                {
                    return Err(format!("the required member `{}` is missing", f.wire));
                }
            }
            Ok(())
        }
        (t, other) => Err(format!(
            "expected {}, found {}",
            t.spec_name(),
            json_kind(other)
        )),
    }
}

/// The span of the JSON key `"key"` inside the scalar `within` (an example's JSON text), or
/// `within` itself when it cannot be found there.
pub(super) fn key_span(text: &str, within: &S<String>, key: &str) -> Span {
    let quoted = format!("\"{key}\"");
    // The scalar's source is its value plus, in a block scalar, each line's indentation.
    let span = within.span;
    let value = &within.value;
    let end = span.start + value.len() + (value.lines().count() + 1) * 32;
    let Some(body) = text.get(span.start..end.min(text.len())) else {
        return span;
    };
    let Some(at) = body.find(&quoted) else {
        return span;
    };
    let start = span.start + at;
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or(before).chars().count() + 1;
    Span {
        file: span.file,
        line: u32::try_from(line).unwrap_or(span.line),
        column: u32::try_from(column).unwrap_or(span.column),
        start,
        end: start + quoted.len(),
    }
}

/// Whether `s` is a calendar date `YYYY-MM-DD`.
pub(super) fn is_date(s: &str) -> bool {
    let mut parts = s.splitn(3, '-');
    let mut next = |width: usize| {
        parts
            .next()
            .filter(|p| p.len() == width && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<i32>().ok())
    };
    let (Some(year), Some(month), Some(day)) = (next(4), next(2), next(2)) else {
        return false;
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok());
    match (month, u8::try_from(day)) {
        (Some(month), Ok(day)) => time::Date::from_calendar_date(year, month, day).is_ok(),
        _ => false,
    }
}

/// The first constraint `s` breaks, in the runtime's words.
pub(super) fn scalar_str_ok(c: &Checks, s: &str) -> Result<(), String> {
    let checks = StringChecks {
        length: c.length,
        charset: c.charset.as_ref(),
        ascii: c.ascii,
        forbidden_prefixes: &c.forbidden_prefixes,
        pattern: c.pattern.as_ref(),
        format: c.format,
    };
    first_fault(&Value::from(s), |fault| checks.faults(s, false, fault))
}

/// The first fault a runtime check reports on `value`, as the runtime words it in a
/// violation: "must be between 0 and 100 (got 500)".
pub(super) fn first_fault(
    value: &Value,
    check: impl FnOnce(&mut dyn FnMut(Constraint, String)),
) -> Result<(), String> {
    let mut first = None;
    check(&mut |_, what| {
        first.get_or_insert(what);
    });
    first.map_or(Ok(()), |what| Err(format!("{what} (got {value})")))
}

/// Whether `host` (with `{region}` already replaced) is a host name by RFC 1123: labels of 1 to
/// 63 ASCII letters, digits and `-`, neither starting nor ending with `-`, 253 characters in
/// all. The reason when it is not.
pub(super) fn host_labels(host: &str) -> Result<(), String> {
    if host.len() > 253 {
        return Err(format!("{} characters, more than 253", host.len()));
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err("an empty label (two dots in a row, or a dot at an end)".to_owned());
        }
        if label.len() > 63 {
            return Err(format!(
                "a label of {} characters, more than 63",
                label.len()
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("the label `{label}` starts or ends with `-`"));
        }
    }
    Ok(())
}

/// Text for a message: control characters escaped (`\u{0}`), everything else as written.
pub(super) fn escaped(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
