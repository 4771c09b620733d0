//! Named types: objects and enumerations, their values, and the type a field names.

use super::*;

impl Checker<'_> {
    /// Resolves named types in two passes: first their names (so that they can refer to each
    /// other), then their bodies.
    pub(super) fn type_defs(
        &mut self,
        defs: &[ast::TypeDef],
        service: Option<&BTreeMap<String, TypeDef>>,
        spec: &str,
        document: &str,
        direction: Direction,
    ) -> BTreeMap<String, TypeDef> {
        // Pass 1: placeholders with the right kind.
        let mut table: BTreeMap<String, TypeDef> = BTreeMap::new();
        let mut inline_enums: Vec<(S<String>, EnumDef)> = Vec::new();
        for def in defs {
            let name = &def.name;
            if !names::is_identifier(&name.value)
                || !name.value.starts_with(|c: char| c.is_ascii_uppercase())
                || names::is_keyword(&name.value)
            {
                self.err(
                    Code::InvalidName,
                    name.span,
                    format!("`{}` is not a valid type name", name.value),
                    "type names are UpperCamelCase identifiers, such as `BackupObject`",
                );
                continue;
            }
            if names::is_reserved(&name.value) {
                self.err(
                    Code::HidesPrelude,
                    name.span,
                    format!(
                        "the type name `{}` would hide Rust's `{}` from the generated code",
                        name.value, name.value
                    ),
                    "choose a more specific name",
                );
                continue;
            }
            if table.contains_key(&name.value) {
                self.err(
                    Code::DuplicateKey,
                    name.span,
                    format!("type `{}` is defined twice", name.value),
                    "rename one of them",
                );
                continue;
            }
            self.no_readings(&def.notes, "a type");
            let source = self.source(spec, document, &def.source, None);
            let placeholder = match &def.body {
                ast::TypeBody::Object { .. } => TypeDef::Object(ObjectDef {
                    name: name.value.clone(),
                    description: def.description.clone(),
                    fields: Vec::new(),
                    rules: Vec::new(),
                    direction,
                    source,
                    notes: def.notes.clone(),
                }),
                ast::TypeBody::Enum { values } => {
                    let values = self.enum_values(values, &name.value);
                    TypeDef::Enum(EnumDef {
                        name: name.value.clone(),
                        description: def.description.clone(),
                        values,
                        direction,
                        source,
                        notes: def.notes.clone(),
                    })
                }
            };
            table.insert(name.value.clone(), placeholder);
        }
        // Inline enums of the object members.
        for def in defs {
            if let ast::TypeBody::Object { fields, .. } = &def.body {
                for f in fields {
                    if let Some(e) = self.inline_enum(f, spec, document, direction) {
                        inline_enums.push(e);
                    }
                }
            }
        }
        for (span, e) in inline_enums {
            if table.contains_key(&e.name) {
                self.err(
                    Code::TypeCollision,
                    span.span,
                    format!(
                        "the enum `{}` made from this field's `enum` collides with another type",
                        e.name
                    ),
                    "set `enum_name:` to a different name",
                );
            } else {
                table.insert(e.name.clone(), TypeDef::Enum(e));
            }
        }
        // Pass 2: object bodies, now that every name is known.
        let snapshot = table.clone();
        for def in defs {
            let ast::TypeBody::Object { fields, rules } = &def.body else {
                continue;
            };
            let local_scope = if service.is_some() || direction == Direction::Response {
                Scope::Operation
            } else {
                Scope::Service
            };
            let scopes = Scopes {
                local: &snapshot,
                local_scope,
                service,
            };
            let place = if direction == Direction::Response {
                Place::Response
            } else {
                Place::Member
            };
            // Members come from the type's own document when it names one (service types
            // are shared by operations of several documents).
            let document = def
                .source
                .document
                .as_ref()
                .map_or(document, |d| d.value.as_str());
            let resolved = self.fields(fields, place, scopes, spec, document, None);
            let rules = self.rules(rules, &resolved, scopes, spec, document);
            if let Some(TypeDef::Object(o)) = table.get_mut(&def.name.value) {
                o.fields = resolved.fields;
                o.rules = rules;
            }
        }
        self.no_recursion(&table, defs);
        table
    }

    pub(super) fn no_recursion(
        &mut self,
        table: &BTreeMap<String, TypeDef>,
        defs: &[ast::TypeDef],
    ) {
        let cyclic = on_cycles(table);
        for def in defs {
            if cyclic.contains(def.name.value.as_str()) {
                self.err(
                    Code::RecursiveType,
                    def.name.span,
                    format!("type `{}` contains itself", def.name.value),
                    "recursive types are not supported; flatten the structure",
                );
            }
        }
    }

    pub(super) fn enum_values(
        &mut self,
        values: &[ast::EnumValue],
        enum_name: &str,
    ) -> Vec<EnumValue> {
        let mut out: Vec<EnumValue> = Vec::new();
        let mut seen_wire: BTreeMap<String, Span> = BTreeMap::new();
        let mut seen_rust: BTreeMap<String, (String, Span)> = BTreeMap::new();
        if values.is_empty() {
            return out;
        }
        // The generated tables number an enumeration's values with 16 bits (`rt::rank_of`).
        if let (true, Some(first)) = (values.len() > usize::from(u16::MAX), values.first()) {
            let at = first.value.span;
            self.err(
                Code::EnumTooLong,
                at,
                format!(
                    "{enum_name} lists {} values; the generated tables index at most {}",
                    values.len(),
                    u16::MAX
                ),
                "keep the values a request may carry, or make the field a string with a `pattern`",
            );
            return out;
        }
        for v in values {
            let span = v.value.span;
            let wire = match &v.value.kind {
                NodeKind::Scalar(s) => match s.value() {
                    ScalarValue::Str(t) => t.to_owned(),
                    _ => {
                        self.err(
                            Code::WrongKind,
                            span,
                            format!("enum value `{}` of {enum_name} is not a string", s.text),
                            format!("quote it: \"{}\"", s.text),
                        );
                        continue;
                    }
                },
                _ => continue,
            };
            if wire.trim() == wire && wire.chars().any(char::is_control) {
                self.err(
                    Code::ControlCharacter,
                    span,
                    format!(
                        "enum value `{}` of {enum_name} has a control character",
                        escaped(&wire)
                    ),
                    "write the value exactly as the page gives it, without control characters",
                );
                continue;
            }
            if wire.trim() != wire || wire.is_empty() {
                self.err(
                    Code::BadEnumValue,
                    span,
                    format!(
                        "enum value {:?} of {enum_name} has stray whitespace or is empty",
                        wire
                    ),
                    format!("write {:?}", wire.trim()),
                );
                continue;
            }
            if let Some(first) = seen_wire.get(&wire) {
                self.diags.push(
                    Diagnostic::at(
                        span,
                        format!("enum value `{wire}` of {enum_name} is listed twice"),
                    )
                    .code(Code::DuplicateEnumValue)
                    .related(*first, "first listed here")
                    .hint("remove the duplicate"),
                );
                continue;
            }
            seen_wire.insert(wire.clone(), span);
            let rust = match &v.rust_name {
                Some(r) => {
                    if !names::is_identifier(&r.value) || names::is_keyword(&r.value) {
                        self.err(
                            Code::InvalidName,
                            r.span,
                            format!("`{}` is not a valid variant name", r.value),
                            "use an UpperCamelCase identifier",
                        );
                        continue;
                    }
                    if names::RESERVED_VARIANTS.contains(&r.value.as_str()) {
                        self.err(
                            Code::ReservedName,
                            r.span,
                            format!("the variant name `{}` is reserved", r.value),
                            "`Unknown` holds values a response enumeration does not know and `Undocumented` values a request sends that the spec does not list; choose another name",
                        );
                        continue;
                    }
                    r.value.clone()
                }
                None => {
                    let derived = names::type_name(&wire);
                    if !names::is_identifier(&derived) || names::is_keyword(&derived) {
                        self.err(Code::NoRustName, span, format!("enum value `{wire}` of {enum_name} gives no usable Rust variant name (`{derived}`)"), "give the value a `rust_name:`, e.g. `{value: \"0\", rust_name: Zero}`");
                        continue;
                    }
                    if names::RESERVED_VARIANTS.contains(&derived.as_str()) {
                        self.err(Code::ReservedName, span, format!("enum value `{wire}` of {enum_name} would become the reserved variant `{derived}`"), format!("`Unknown` and `Undocumented` hold values the spec does not list; give the value a `rust_name:`, e.g. `{{value: {wire}, rust_name: {derived}Value}}`"));
                        continue;
                    }
                    derived
                }
            };
            if let Some((other, first)) = seen_rust.get(&rust) {
                self.diags.push(
                    Diagnostic::at(span, format!("enum values `{other}` and `{wire}` of {enum_name} both become the Rust variant `{rust}`")).code(Code::RustNameCollision)
                        .related(*first, "the other value")
                        .hint("give one of them a `rust_name:`"),
                );
                continue;
            }
            seen_rust.insert(rust.clone(), (wire.clone(), span));
            out.push(EnumValue {
                wire,
                rust,
                description: v.description.clone(),
            });
        }
        out
    }

    pub(super) fn inline_enum(
        &mut self,
        f: &ast::Field,
        spec: &str,
        document: &str,
        direction: Direction,
    ) -> Option<(S<String>, EnumDef)> {
        let values = f.enum_values.as_ref()?;
        let rust = f
            .rust_name
            .as_ref()
            .map_or_else(|| names::field_name(&f.name.value), |r| r.value.clone());
        let name = match &f.enum_name {
            Some(n) => {
                if !names::is_identifier(&n.value) || names::is_keyword(&n.value) {
                    self.err(
                        Code::InvalidName,
                        n.span,
                        format!("`{}` is not a valid type name", n.value),
                        "use an UpperCamelCase identifier",
                    );
                    return None;
                }
                n.value.clone()
            }
            None => names::type_name(&rust),
        };
        if names::is_reserved(&name) {
            let span = f.enum_name.as_ref().map_or(f.name.span, |n| n.span);
            self.err(
                Code::HidesPrelude,
                span,
                format!("the enum type `{name}` made for this field would hide Rust's `{name}` from the generated code"),
                "set `enum_name:` to a more specific name",
            );
        }
        if values.value.is_empty() {
            self.err(
                Code::EmptyEnum,
                values.span,
                format!("the `enum` of {} is empty", f.name.value),
                "list at least one value",
            );
            // The type is still declared, so that the field naming it is not reported again.
        }
        let vals = self.enum_values(&values.value, &name);
        Some((
            S {
                value: name.clone(),
                span: values.span,
            },
            EnumDef {
                name,
                description: format!("Values of `{}`.", f.name.value),
                values: vals,
                direction,
                source: self.source(spec, document, &f.source, Some(&f.name.value)),
                notes: Vec::new(),
            },
        ))
    }

    pub(super) fn parse_type(&mut self, f: &ast::Field, scopes: Scopes<'_>) -> Option<Type> {
        let text = f.ty.value.replace(' ', "");
        let enum_name = f.enum_values.as_ref().map(|_| {
            f.enum_name.as_ref().map_or_else(
                || {
                    names::type_name(
                        &f.rust_name
                            .as_ref()
                            .map_or_else(|| names::field_name(&f.name.value), |r| r.value.clone()),
                    )
                },
                |n| n.value.clone(),
            )
        });
        fn go(t: &str, enum_name: &Option<String>, scopes: Scopes<'_>) -> Result<Type, String> {
            // Lists are unwrapped in a loop, not by recursion, and nest a bounded number of
            // levels: every later walk over a type recurses once per level.
            let mut t = t;
            let mut levels = 0;
            while let Some(inner) = t.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
                t = inner;
                levels += 1;
            }
            let mut ty = scalar(t, enum_name, scopes)?;
            for _ in 0..levels {
                ty = Type::List(Box::new(ty));
            }
            Ok(ty)
        }
        fn scalar(t: &str, enum_name: &Option<String>, scopes: Scopes<'_>) -> Result<Type, String> {
            Ok(match t {
                "string" => match enum_name {
                    Some(n) => match scopes.find(n) {
                        Some((_, scope)) => Type::Enum(n.clone(), scope),
                        None => return Err(n.clone()),
                    },
                    None => Type::String,
                },
                "bool" => Type::Bool,
                "i32" => Type::Int(IntTy::I32),
                "i64" => Type::Int(IntTy::I64),
                "u32" => Type::Int(IntTy::U32),
                "u64" => Type::Int(IntTy::U64),
                other => match scopes.find(other) {
                    Some((TypeDef::Object(_), scope)) => Type::Object(other.to_owned(), scope),
                    Some((TypeDef::Enum(_), scope)) => Type::Enum(other.to_owned(), scope),
                    None => return Err(other.to_owned()),
                },
            })
        }
        if text.matches("list<").count() > MAX_LIST_DEPTH {
            self.err(
                Code::ListTooDeep,
                f.ty.span,
                format!(
                    "lists nest deeper than {MAX_LIST_DEPTH} levels in `{}`",
                    f.ty.value
                ),
                "describe the inner lists as a named object type with a list field",
            );
            return None;
        }
        match go(&text, &enum_name, scopes) {
            Ok(t) => {
                if f.enum_values.is_some() && !matches!(t.item(), Type::Enum(..)) {
                    self.err(
                        Code::EnumOnWrongType,
                        f.ty.span,
                        format!(
                            "`enum` needs the type `string` or `list<string>`, not `{}`",
                            f.ty.value
                        ),
                        "change the type, or move the values into a named enum type",
                    );
                    return None;
                }
                Some(t)
            }
            Err(unknown) => {
                let mut candidates: Vec<&str> = vec!["string", "bool", "i32", "i64", "u32", "u64"];
                candidates.extend(scopes.names());
                // The names other schema languages and the pages themselves use.
                let alias = match unknown.to_ascii_lowercase().as_str() {
                    "int32" | "int" | "integer" => Some("i32"),
                    "int64" | "long" => Some("i64"),
                    "uint32" => Some("u32"),
                    "uint64" => Some("u64"),
                    "boolean" => Some("bool"),
                    "str" | "text" => Some("string"),
                    _ => None,
                };
                let hint =
                    match alias.or_else(|| did_you_mean(&unknown, candidates.iter().copied())) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!(
                            "use string, bool, i32, i64, u32, u64, list<T> or a named type ({})",
                            scopes.names().join(", ")
                        ),
                    };
                let (what, code) = if unknown.is_empty() || unknown.contains(['<', '>']) {
                    ("malformed type", Code::MalformedType)
                } else {
                    ("unknown type", Code::UnknownType)
                };
                let whole = if unknown == text {
                    String::new()
                } else {
                    format!(" in `{}`", f.ty.value)
                };
                self.err(code, f.ty.span, format!("{what} `{unknown}`{whole}"), hint);
                None
            }
        }
    }
}

/// The object types of `table` that contain themselves, directly or through other types: the
/// members of its strongly connected components with more than one type or with a field of
/// their own type. Tarjan's algorithm, with an explicit stack so that a long chain of types
/// cannot exhaust the call stack, in time linear in the types and fields.
pub(super) fn on_cycles(table: &BTreeMap<String, TypeDef>) -> BTreeSet<&str> {
    let names: Vec<&str> = table
        .iter()
        .filter(|(_, d)| matches!(d, TypeDef::Object(_)))
        .map(|(n, _)| n.as_str())
        .collect();
    let index_of = |n: &str| names.binary_search(&n).ok();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| match table.get(*n) {
            Some(TypeDef::Object(o)) => o
                .fields
                .iter()
                .filter_map(|f| match f.ty.item() {
                    Type::Object(m, _) => index_of(m),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; names.len()];
    let mut low = vec![0; names.len()];
    let mut on_stack = vec![false; names.len()];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = BTreeSet::new();
    for root in 0..names.len() {
        if index[root] != UNSEEN {
            continue;
        }
        // Each call frame: the node and how many of its edges have been followed.
        let mut calls = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 || edges[v].contains(&v) {
                    out.extend(component.into_iter().map(|w| names[w]));
                }
            }
        }
    }
    out
}
