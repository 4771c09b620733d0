//! Operations: the request, the response, errors, status codes and examples of one file.

use super::*;

impl Checker<'_> {
    pub(super) fn operation(
        &mut self,
        file: &Parsed,
        op: &ast::OperationFile,
        svc: &ast::ServiceFile,
        svc_types: &BTreeMap<String, TypeDef>,
    ) -> Option<Operation> {
        let start = self.mark();
        self.default_location = op.location.clone().or_else(|| svc.location.clone());
        let name = &op.operation;
        if !names::is_identifier(&name.value)
            || !name.value.starts_with(|c: char| c.is_ascii_uppercase())
        {
            self.err(
                Code::InvalidName,
                name.span,
                format!("`{}` is not a valid operation name", name.value),
                "operation names are UpperCamelCase, such as `CreateBackupPlan`",
            );
            return None;
        }
        if names::is_reserved(&names::module_name(&name.value)) {
            self.err(
                Code::ReservedName,
                name.span,
                format!("the operation's module would be named `{}`, the generated code's alias of the runtime", names::module_name(&name.value)),
                "rename the operation",
            );
            return None;
        }
        self.no_readings(&op.notes, "an operation");
        self.answers(&op.notes, false);
        let spec = file.path.as_str();
        let document = op.document.value.as_str();
        if !op.path.value.starts_with('/') {
            self.err(
                Code::PathWithoutSlash,
                op.path.span,
                format!("the path `{}` does not start with `/`", op.path.value),
                "write an absolute path such as `/` or `/v2/{project_id}/backuppolicy`",
            );
        }
        // Request types, then the request.
        let types = self.type_defs(
            &op.types,
            Some(svc_types),
            spec,
            document,
            Direction::Request,
        );
        let mut local = types.clone();
        let mut inline = Vec::new();
        for f in &op.parameters {
            if let Some(e) = self.inline_enum(f, spec, document, Direction::Request) {
                inline.push(e);
            }
        }
        for (span, e) in inline {
            if local.contains_key(&e.name) || svc_types.contains_key(&e.name) {
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
                local.insert(e.name.clone(), TypeDef::Enum(e));
            }
        }
        let scopes = Scopes {
            local: &local,
            local_scope: Scope::Operation,
            service: Some(svc_types),
        };
        let params = self.fields(
            &op.parameters,
            Place::Parameter,
            scopes,
            spec,
            document,
            Some(&op.path.value),
        );
        // The client fills in one idempotency token; a second would be left empty.
        let tokens: Vec<&S<bool>> = op
            .parameters
            .iter()
            .filter_map(|p| p.idempotency_token.as_ref())
            .filter(|t| t.value)
            .collect();
        if let [first, second, ..] = tokens.as_slice() {
            self.diags.push(
                Diagnostic::at(second.span, "an operation has at most one idempotency token").code(Code::TwoIdempotencyTokens)
                    .related(first.span, "the first one")
                    .hint("keep `idempotency_token: true` on the parameter the document names as the client token"),
            );
        }
        // Every `{name}` in the path must be a path parameter.
        // A parameter whose entry had a decoding error was reported there; what follows from
        // it (a path variable without its parameter, say) is not reported again.
        let damaged = |name: &str| {
            op.parameters
                .iter()
                .any(|p| p.damaged && p.name.value == name)
        };
        let mut rest = op.path.value.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let var = &rest[open + 1..open + close];
            if !params
                .fields
                .iter()
                .any(|p| p.wire == var && p.location == Some(Location::Path))
                && !damaged(var)
            {
                self.err(
                    Code::PathVariableWithoutParameter,
                    op.path.span,
                    format!("the path names `{{{var}}}`, but no parameter `{var}` is `in: path`"),
                    format!("add a required string parameter `{var}` with `in: path`"),
                );
            }
            rest = &rest[open + close + 1..];
        }
        let rules = self.rules(&op.rules, &params, scopes, spec, document);
        let params = params.fields;
        // Response.
        let response_types = self.type_defs(
            &op.response_types,
            None,
            spec,
            document,
            Direction::Response,
        );
        let mut rlocal = response_types.clone();
        for f in &op.response_fields {
            if let Some((span, e)) = self.inline_enum(f, spec, document, Direction::Response) {
                if rlocal.contains_key(&e.name) {
                    self.err(Code::TypeCollision, span.span, format!("the enum `{}` made from this field's `enum` collides with another type", e.name), "set `enum_name:` to a different name");
                } else {
                    rlocal.insert(e.name.clone(), TypeDef::Enum(e));
                }
            }
        }
        let rscopes = Scopes {
            local: &rlocal,
            local_scope: Scope::Operation,
            service: None,
        };
        let response_fields = self
            .fields(
                &op.response_fields,
                Place::Response,
                rscopes,
                spec,
                document,
                None,
            )
            .fields;
        // Names generated per operation must not collide with its types.
        for own in [
            format!("{}Request", name.value),
            format!("{}RequestBuilder", name.value),
            format!("{}Response", name.value),
            format!("{}ErrorCode", name.value),
        ] {
            if local.contains_key(&own) || rlocal.contains_key(&own) {
                self.err(
                    Code::TypeCollision,
                    name.span,
                    format!(
                        "the type `{own}` generated for this operation collides with a named type"
                    ),
                    "rename the named type",
                );
            }
        }
        for n in rlocal.keys() {
            if local.contains_key(n) || svc_types.contains_key(n) {
                self.err(
                    Code::TypeCollision,
                    name.span,
                    format!("response type `{n}` has the same name as a request type"),
                    "rename one of them (response types are separate, lenient types)",
                );
            }
        }
        // Common parameters.
        let mut common = Vec::new();
        for c in &op.common_parameters {
            let expected = match c.carried_by.value.as_str() {
                "action" => Some(name.value.as_str()),
                "version" => Some(svc.api_version.value.as_str()),
                _ => None,
            };
            match (expected, &c.value) {
                (Some(e), Some(v)) if v.value != e => {
                    self.err(
                        Code::CommonParameterMismatch,
                        v.span,
                        format!(
                            "common parameter `{}` says `{}`, but the {} is `{e}`",
                            c.name.value,
                            v.value,
                            if c.carried_by.value == "action" {
                                "operation"
                            } else {
                                "service's API version"
                            }
                        ),
                        "make them agree",
                    );
                }
                (Some(_), None) => {
                    self.err(
                        Code::CommonParameterMismatch,
                        c.name.span,
                        format!("common parameter `{}` needs its `value`", c.name.value),
                        "copy the value the document gives",
                    );
                }
                (None, Some(v)) => {
                    self.err(
                        Code::CommonParameterMismatch,
                        v.span,
                        "a region is not a fixed value",
                        "remove `value:`; list the regions in service.yaml",
                    );
                }
                _ => {}
            }
            if c.carried_by.value == "region" && svc.regions.is_none() {
                self.err(
                    Code::RegionsMissing,
                    c.name.span,
                    "the page lists supported regions, but service.yaml has no `regions`",
                    "copy the region list into service.yaml",
                );
            }
            common.push(CommonParameter {
                name: c.name.value.clone(),
                carried_by: c.carried_by.value.clone(),
                description: c.description.clone(),
                value: c.value.as_ref().map(|v| v.value.clone()),
            });
        }
        // Error codes.
        let mut errors: Vec<ErrorCode> = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for e in &op.errors {
            let message = e.message.as_deref().unwrap_or_default();
            if e.code
                .value
                .chars()
                .any(|c| c.is_control() || c.is_whitespace())
                || message.chars().any(char::is_control)
            {
                // Codes and messages are quoted, one line each, in the generated documentation.
                let what = if message.chars().any(char::is_control) {
                    "has a control character (a line break, say) in its message"
                } else {
                    "has a space or a control character"
                };
                self.err(
                    Code::ControlCharacter,
                    e.code.span,
                    format!("error code `{}` {what}", escaped(&e.code.value)),
                    "write the code and its message on one line each, as the page gives them",
                );
                continue;
            }
            let rust = e.rust_name.as_ref().map_or_else(
                || names::type_name(&e.code.value.replace('.', "_")),
                |r| r.value.clone(),
            );
            if !names::is_identifier(&rust) || rust == "Unknown" || names::is_keyword(&rust) {
                self.err(
                    Code::NoRustName,
                    e.code.span,
                    format!(
                        "error code `{}` gives no usable Rust variant name (`{rust}`)",
                        e.code.value
                    ),
                    "add `rust_name:`",
                );
                continue;
            }
            if errors.iter().any(|x| x.code == e.code.value) {
                self.err(
                    Code::DuplicateErrorCode,
                    e.code.span,
                    format!("error code `{}` is listed twice", e.code.value),
                    "remove the duplicate",
                );
                continue;
            }
            if let Some(other) = seen.get(&rust) {
                self.err(
                    Code::RustNameCollision,
                    e.code.span,
                    format!(
                        "error codes `{other}` and `{}` both become `{rust}`",
                        e.code.value
                    ),
                    "give one of them a `rust_name:`",
                );
                continue;
            }
            seen.insert(rust.clone(), e.code.value.clone());
            let http_status = match &e.http_status {
                Some(s) => match u16::try_from(s.value)
                    .ok()
                    .filter(|v| (100..600).contains(v))
                {
                    Some(v) => Some(v),
                    None => {
                        self.err(
                            Code::BadHttpStatus,
                            s.span,
                            format!("`{}` is not an HTTP status", s.value),
                            "use a number from 100 to 599",
                        );
                        None
                    }
                },
                None => None,
            };
            errors.push(ErrorCode {
                code: e.code.value.clone(),
                rust,
                http_status,
                message: e.message.clone(),
                description: e.description.clone(),
            });
        }
        errors.sort_by(|a, b| a.code.cmp(&b.code));
        let mut status_codes = Vec::new();
        for (s, d) in &op.status_codes {
            match u16::try_from(*s).ok().filter(|v| (100..600).contains(v)) {
                Some(v) => status_codes.push((v, d.clone())),
                None => {
                    self.err(
                        Code::BadHttpStatus,
                        name.span,
                        format!("`{s}` is not an HTTP status"),
                        "use a number from 100 to 599",
                    );
                }
            }
        }
        // Examples.
        let request_def = ObjectDef {
            name: format!("{}Request", name.value),
            description: op.description.trim().to_owned(),
            fields: params,
            rules,
            direction: Direction::Request,
            source: SourceRef {
                spec: spec.to_owned(),
                page: self.page(document),
                row: None,
                quote: None,
            },
            notes: op.notes.clone(),
        };
        let mut examples = Vec::new();
        for ex in &op.examples {
            let request = match &ex.request {
                Some(text) => match self.example_request(file, text, op, &request_def, scopes) {
                    Some(m) => Some(m),
                    None => continue,
                },
                None => None,
            };
            if request.is_none() && ex.response.is_none() {
                self.err(
                    Code::EmptyExample,
                    ex.span,
                    "an example needs a `request`, a `response` or both",
                    "copy the document's example request or response",
                );
            }
            for (k, _) in &ex.path_parameters {
                if !request_def
                    .fields
                    .iter()
                    .any(|f| f.wire == k.value && f.location == Some(Location::Path))
                    && !damaged(&k.value)
                {
                    self.err(
                        Code::ExampleUnknownPathParameter,
                        k.span,
                        format!("`{}` is not a path parameter", k.value),
                        "name a parameter with `in: path`",
                    );
                }
            }
            let response = match &ex.response {
                Some(r) => match serde_json::from_str::<Value>(&r.value) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        self.err(
                            Code::ExampleNotJson,
                            r.span,
                            format!("the example response is not JSON: {e}"),
                            "copy the JSON exactly; use a `|` block scalar",
                        );
                        None
                    }
                },
                None => None,
            };
            examples.push(Example {
                title: ex.title.clone(),
                description: ex.description.clone(),
                request,
                path_parameters: ex
                    .path_parameters
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.clone()))
                    .collect(),
                response,
            });
        }
        self.clean_since(start).ok()?;
        let mut all_types: Vec<TypeDef> = local
            .into_iter()
            .filter(|(k, _)| !svc_types.contains_key(k))
            .map(|(_, v)| v)
            .collect();
        all_types.sort_by(|a, b| a.name().cmp(b.name()));
        Some(Operation {
            spec_path: spec.to_owned(),
            name: name.value.clone(),
            id: format!(
                "{}.{}.{}",
                svc.provider.value, svc.service.value, name.value
            ),
            module: names::module_name(&name.value),
            description: op.description.trim().to_owned(),
            page: self.page(document),
            method: op.method.value.clone(),
            path: op.path.value.clone(),
            common_parameters: common,
            request: request_def,
            types: all_types,
            response: ObjectDef {
                name: format!("{}Response", name.value),
                description: op
                    .response_description
                    .clone()
                    .unwrap_or_else(|| format!("The response of {}.", name.value)),
                fields: response_fields,
                rules: Vec::new(),
                direction: Direction::Response,
                source: SourceRef {
                    spec: spec.to_owned(),
                    page: self.page(document),
                    row: None,
                    quote: None,
                },
                notes: Vec::new(),
            },
            response_types: rlocal.into_values().collect(),
            errors,
            status_codes,
            examples,
            notes: op.notes.clone(),
        })
    }

    /// An example request: a JSON object whose members are parameters with valid values.
    pub(super) fn example_request(
        &mut self,
        file: &Parsed,
        text: &S<String>,
        op: &ast::OperationFile,
        request: &ObjectDef,
        scopes: Scopes<'_>,
    ) -> Option<serde_json::Map<String, Value>> {
        let map = match serde_json::from_str::<Value>(&text.value) {
            Ok(Value::Object(m)) => m,
            Ok(_) => {
                self.err(
                    Code::ExampleNotJson,
                    text.span,
                    "the example request is not a JSON object",
                    "copy the request's JSON object from the document",
                );
                return None;
            }
            Err(e) => {
                self.err(
                    Code::ExampleNotJson,
                    text.span,
                    format!("the example request is not JSON: {e}"),
                    "copy the JSON exactly; use a `|` block scalar",
                );
                return None;
            }
        };
        for (k, v) in &map {
            match request.fields.iter().find(|f| f.wire == *k) {
                // A parameter that failed its own checks was reported already.
                None if op.parameters.iter().any(|p| p.name.value == *k) => {}
                None => {
                    self.err(
                        Code::ExampleUnknownParameter,
                        key_span(&file.text, text, k),
                        format!("the example sets `{k}`, which is not a parameter"),
                        "fix the example or add the parameter",
                    );
                }
                Some(f) => {
                    if let Err(why) = value_ok(f, v, scopes, false) {
                        self.err(
                            Code::ExampleBreaksConstraints,
                            text.span,
                            format!("the example's `{k}` breaks its constraints: {why}"),
                            "fix the example or the spec, and record the decision in `notes`",
                        );
                    }
                }
            }
        }
        Some(map)
    }
}
