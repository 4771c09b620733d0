//! Operations: the request, the response, errors, status codes and examples of one file.

use super::field::RequestCx;
use super::*;

/// The checked request side of an operation: its types (local and inline enums) and its
/// parameters with their rules.
struct RequestSide {
    types: BTreeMap<String, TypeDef>,
    params: Vec<Field>,
    rules: Vec<Rule>,
}

/// The checked response side of an operation: its types and its fields.
struct ResponseSide {
    types: BTreeMap<String, TypeDef>,
    fields: Vec<Field>,
}

impl Checker<'_> {
    /// One operation file: its name and path, request, response, common parameters, error
    /// codes, status codes and examples; `None` when any of them reported an error.
    pub(super) fn operation(
        &mut self,
        file: &Parsed,
        op: &ast::OperationFile,
        svc: &ast::ServiceFile,
        svc_types: &BTreeMap<String, TypeDef>,
    ) -> Option<Operation> {
        let start = self.mark();
        let name = &op.operation;
        self.check_operation_name(name).ok()?;
        self.no_readings(&op.notes, "an operation");
        self.answers(&op.notes, false);
        let spec = file.path.as_str();
        let document = op.document.value.as_str();
        self.check_path_slash(&op.path);
        let request = self.request_side(op, svc, svc_types, spec, document);
        let response = self.response_side(op, spec, document);
        self.check_generated_names(name, &request.types, &response.types, svc_types);
        let common = self.common_parameters(op, svc);
        let errors = self.error_codes(&op.errors);
        let status_codes = self.status_codes(name, &op.status_codes);
        let scopes = Scopes {
            local: &request.types,
            local_scope: Scope::Operation,
            service: Some(svc_types),
        };
        let request_def = ObjectDef {
            name: format!("{}Request", name.value),
            description: op.description.trim().to_owned(),
            fields: request.params,
            rules: request.rules,
            direction: Direction::Request,
            source: SourceRef {
                spec: spec.to_owned(),
                page: self.page(document),
                row: None,
                quote: None,
            },
            notes: op.notes.clone(),
        };
        let examples = self.examples(file, op, &request_def, scopes);
        self.clean_since(start).ok()?;
        let mut all_types: Vec<TypeDef> = request
            .types
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
                fields: response.fields,
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
            response_types: response.types.into_values().collect(),
            errors,
            status_codes,
            examples,
            notes: op.notes.clone(),
        })
    }

    /// The operation's name: an UpperCamelCase identifier whose module name is not reserved.
    fn check_operation_name(&mut self, name: &S<String>) -> Result<(), Reported> {
        if !names::is_identifier(&name.value)
            || !name.value.starts_with(|c: char| c.is_ascii_uppercase())
        {
            return Err(self.err(
                Code::InvalidName,
                name.span,
                format!("`{}` is not a valid operation name", name.value),
                "operation names are UpperCamelCase, such as `CreateBackupPlan`",
            ));
        }
        if names::is_reserved(&names::module_name(&name.value)) {
            return Err(self.err(
                Code::ReservedName,
                name.span,
                format!("the operation's module would be named `{}`, the generated code's alias of the runtime", names::module_name(&name.value)),
                "rename the operation",
            ));
        }
        Ok(())
    }

    /// The operation's path is absolute.
    fn check_path_slash(&mut self, path: &S<String>) {
        if !path.value.starts_with('/') {
            self.err(
                Code::PathWithoutSlash,
                path.span,
                format!("the path `{}` does not start with `/`", path.value),
                "write an absolute path such as `/` or `/v2/{project_id}/backuppolicy`",
            );
        }
    }

    /// The request: its types and inline enums, its parameters, one idempotency token at
    /// most, a parameter for every path variable, and its rules.
    fn request_side(
        &mut self,
        op: &ast::OperationFile,
        svc: &ast::ServiceFile,
        svc_types: &BTreeMap<String, TypeDef>,
        spec: &str,
        document: &str,
    ) -> RequestSide {
        let types = self.request_types(op, svc_types, spec, document);
        let scopes = Scopes {
            local: &types,
            local_scope: Scope::Operation,
            service: Some(svc_types),
        };
        let request = RequestCx {
            path: &op.path.value,
            default_location: op.location.as_ref().or(svc.location.as_ref()),
        };
        let params = self.fields(
            &op.parameters,
            Place::Parameter,
            scopes,
            spec,
            document,
            Some(request),
        );
        self.check_idempotency_tokens(&op.parameters);
        self.check_path_variables(op, &params.fields);
        let rules = self.rules(&op.rules, &params, scopes, spec, document);
        RequestSide {
            params: params.fields,
            rules,
            types,
        }
    }

    /// The request's named types with the enums its parameters declare inline, which must
    /// not collide with any other type.
    fn request_types(
        &mut self,
        op: &ast::OperationFile,
        svc_types: &BTreeMap<String, TypeDef>,
        spec: &str,
        document: &str,
    ) -> BTreeMap<String, TypeDef> {
        let mut local = self.type_defs(
            &op.types,
            Some(svc_types),
            spec,
            document,
            Direction::Request,
        );
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
        local
    }

    /// The client fills in one idempotency token; a second would be left empty.
    fn check_idempotency_tokens(&mut self, parameters: &[ast::Field]) {
        let tokens: Vec<&S<bool>> = parameters
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
    }

    /// Every `{name}` in the path is a path parameter.
    fn check_path_variables(&mut self, op: &ast::OperationFile, params: &[Field]) {
        let mut rest = op.path.value.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let var = &rest[open + 1..open + close];
            if !is_path_parameter(params, var) && !damaged(op, var) {
                self.err(
                    Code::PathVariableWithoutParameter,
                    op.path.span,
                    format!("the path names `{{{var}}}`, but no parameter `{var}` is `in: path`"),
                    format!("add a required string parameter `{var}` with `in: path`"),
                );
            }
            rest = &rest[open + close + 1..];
        }
    }

    /// The response: its types and inline enums, and its fields.
    fn response_side(
        &mut self,
        op: &ast::OperationFile,
        spec: &str,
        document: &str,
    ) -> ResponseSide {
        let mut types = self.type_defs(
            &op.response_types,
            None,
            spec,
            document,
            Direction::Response,
        );
        for f in &op.response_fields {
            if let Some((span, e)) = self.inline_enum(f, spec, document, Direction::Response) {
                if types.contains_key(&e.name) {
                    self.err(Code::TypeCollision, span.span, format!("the enum `{}` made from this field's `enum` collides with another type", e.name), "set `enum_name:` to a different name");
                } else {
                    types.insert(e.name.clone(), TypeDef::Enum(e));
                }
            }
        }
        let scopes = Scopes {
            local: &types,
            local_scope: Scope::Operation,
            service: None,
        };
        let fields = self
            .fields(
                &op.response_fields,
                Place::Response,
                scopes,
                spec,
                document,
                None,
            )
            .fields;
        ResponseSide { types, fields }
    }

    /// The types generated per operation do not collide with its named types, nor its
    /// response types with its request types.
    fn check_generated_names(
        &mut self,
        name: &S<String>,
        local: &BTreeMap<String, TypeDef>,
        rlocal: &BTreeMap<String, TypeDef>,
        svc_types: &BTreeMap<String, TypeDef>,
    ) {
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
    }

    /// The common parameters: a fixed `value` exactly where the operation's name or the API
    /// version supplies it, and equal to it; a region needs the service's region list.
    fn common_parameters(
        &mut self,
        op: &ast::OperationFile,
        svc: &ast::ServiceFile,
    ) -> Vec<CommonParameter> {
        let mut common = Vec::new();
        for c in &op.common_parameters {
            // An unknown word was reported by the decoder.
            let Some(carried_by) = c.carried_by.value else {
                continue;
            };
            let expected = match carried_by {
                CarriedBy::Action => Some(op.operation.value.as_str()),
                CarriedBy::Version => Some(svc.api_version.value.as_str()),
                CarriedBy::Region => None,
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
                            if carried_by == CarriedBy::Action {
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
                (Some(_), Some(_)) | (None, None) => {}
            }
            if carried_by == CarriedBy::Region && svc.regions.is_none() {
                self.err(
                    Code::RegionsMissing,
                    c.name.span,
                    "the page lists supported regions, but service.yaml has no `regions`",
                    "copy the region list into service.yaml",
                );
            }
            common.push(CommonParameter {
                name: c.name.value.clone(),
                carried_by,
                description: c.description.clone(),
                value: c.value.as_ref().map(|v| v.value.clone()),
            });
        }
        common
    }

    /// The error codes, sorted: each on one line, listed once, with a Rust variant name of
    /// its own and a real HTTP status.
    fn error_codes(&mut self, listed: &[ast::ErrorCode]) -> Vec<ErrorCode> {
        let mut errors: Vec<ErrorCode> = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for e in listed {
            let Ok(rust) = self.error_code_name(e, &errors, &seen) else {
                continue;
            };
            seen.insert(rust.clone(), e.code.value.clone());
            let http_status = e.http_status.as_ref().and_then(|s| self.http_status(s));
            errors.push(ErrorCode {
                code: e.code.value.clone(),
                rust,
                http_status,
                message: e.message.clone(),
                description: e.description.clone(),
            });
        }
        errors.sort_by(|a, b| a.code.cmp(&b.code));
        errors
    }

    /// One error code's Rust variant name: the code and its message fit on a line each, the
    /// name is usable, and neither the code nor the name was taken by an earlier one.
    fn error_code_name(
        &mut self,
        e: &ast::ErrorCode,
        errors: &[ErrorCode],
        seen: &BTreeMap<String, String>,
    ) -> Result<String, Reported> {
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
            return Err(self.err(
                Code::ControlCharacter,
                e.code.span,
                format!("error code `{}` {what}", escaped(&e.code.value)),
                "write the code and its message on one line each, as the page gives them",
            ));
        }
        let rust = e.rust_name.as_ref().map_or_else(
            || names::type_name(&e.code.value.replace('.', "_")),
            |r| r.value.clone(),
        );
        if !names::is_identifier(&rust) || rust == "Unknown" || names::is_keyword(&rust) {
            return Err(self.err(
                Code::NoRustName,
                e.code.span,
                format!(
                    "error code `{}` gives no usable Rust variant name (`{rust}`)",
                    e.code.value
                ),
                "add `rust_name:`",
            ));
        }
        if errors.iter().any(|x| x.code == e.code.value) {
            return Err(self.err(
                Code::DuplicateErrorCode,
                e.code.span,
                format!("error code `{}` is listed twice", e.code.value),
                "remove the duplicate",
            ));
        }
        if let Some(other) = seen.get(&rust) {
            return Err(self.err(
                Code::RustNameCollision,
                e.code.span,
                format!(
                    "error codes `{other}` and `{}` both become `{rust}`",
                    e.code.value
                ),
                "give one of them a `rust_name:`",
            ));
        }
        Ok(rust)
    }

    /// An error code's HTTP status, from 100 to 599.
    fn http_status(&mut self, s: &S<i128>) -> Option<u16> {
        let status = u16::try_from(s.value)
            .ok()
            .filter(|v| (100..600).contains(v));
        if status.is_none() {
            self.err(
                Code::BadHttpStatus,
                s.span,
                format!("`{}` is not an HTTP status", s.value),
                "use a number from 100 to 599",
            );
        }
        status
    }

    /// The documented status codes, each from 100 to 599.
    fn status_codes(&mut self, name: &S<String>, listed: &[(i128, String)]) -> Vec<(u16, String)> {
        let mut status_codes = Vec::new();
        for (s, d) in listed {
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
        status_codes
    }

    /// The examples: each has a request or a response, names only path parameters, and
    /// holds JSON whose request values meet the parameters' constraints.
    fn examples(
        &mut self,
        file: &Parsed,
        op: &ast::OperationFile,
        request_def: &ObjectDef,
        scopes: Scopes<'_>,
    ) -> Vec<Example> {
        let mut examples = Vec::new();
        for ex in &op.examples {
            let request = match &ex.request {
                Some(text) => match self.example_request(file, text, op, request_def, scopes) {
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
                if !is_path_parameter(&request_def.fields, &k.value) && !damaged(op, &k.value) {
                    self.err(
                        Code::ExampleUnknownPathParameter,
                        k.span,
                        format!("`{}` is not a path parameter", k.value),
                        "name a parameter with `in: path`",
                    );
                }
            }
            let response = ex.response.as_ref().and_then(|r| self.example_response(r));
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
        examples
    }

    /// An example response: JSON.
    fn example_response(&mut self, r: &S<String>) -> Option<Value> {
        match serde_json::from_str::<Value>(&r.value) {
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
        }
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

/// Whether `name` is among the checked parameters as one `in: path`.
fn is_path_parameter(params: &[Field], name: &str) -> bool {
    params
        .iter()
        .any(|p| p.wire == name && p.location == Some(Location::Path))
}

/// Whether the parameter `name` had a decoding error, reported there: what follows from it (a
/// path variable without its parameter, say) is not reported again.
fn damaged(op: &ast::OperationFile, name: &str) -> bool {
    op.parameters
        .iter()
        .any(|p| p.damaged && p.name.value == name)
}
