//! Fields: each field's keys and constraints, and the names a set of fields takes in Rust.

use super::*;

/// What the fields of a request, and only they, are checked against: the operation's path,
/// and where its parameters travel when they do not say (its `in:`, else its service's).
#[derive(Clone, Copy)]
pub(super) struct RequestCx<'a> {
    pub(super) path: &'a str,
    pub(super) default_location: Option<&'a ast::Word<Location>>,
}

/// The keys of a field that apply to lists, as checked.
struct ListKeys {
    item_checks: Checks,
    count: Option<Interval>,
    unique: bool,
    order: Option<Order>,
}

/// The flags of a field, as checked.
struct Flags {
    sensitive: bool,
    idempotency_token: bool,
    fractions_rounded_down: bool,
}

impl Checker<'_> {
    /// The fields of one object: each field checked, then its wire and Rust names kept apart
    /// from the others'.
    pub(super) fn fields(
        &mut self,
        fields: &[ast::Field],
        place: Place,
        scopes: Scopes<'_>,
        spec: &str,
        document: &str,
        request: Option<RequestCx<'_>>,
    ) -> ObjectFields {
        let mut out: Vec<Field> = Vec::new();
        let mut failed = BTreeSet::new();
        let mut wire_seen: BTreeMap<String, Span> = BTreeMap::new();
        let mut rust_seen: BTreeMap<String, (String, Span)> = BTreeMap::new();
        for f in fields {
            if let Some(first) = wire_seen.get(&f.name.value) {
                self.diags.push(
                    Diagnostic::at(
                        f.name.span,
                        format!("duplicate wire name `{}`", f.name.value),
                    )
                    .code(Code::DuplicateWireName)
                    .related(*first, "first defined here")
                    .hint("each parameter appears once; remove or rename the duplicate"),
                );
                continue;
            }
            wire_seen.insert(f.name.value.clone(), f.name.span);
            let Some(field) = self.field(f, place, scopes, spec, document, request) else {
                failed.insert(f.name.value.clone());
                continue;
            };
            let bare = field.rust.trim_start_matches("r#").to_owned();
            if place != Place::Response && names::OBJECT_MEMBERS.contains(&bare.as_str()) {
                self.err(
                    Code::ReservedName,
                    f.rust_name.as_ref().map_or(f.name.span, |r| r.span),
                    format!("`{}` would become the Rust name `{bare}`, which the generated struct and builder use themselves", f.name.value),
                    format!("give the field a `rust_name:` other than {}", names::OBJECT_MEMBERS.join(", ")),
                );
                continue;
            }
            if let Some((other, first)) = rust_seen.get(&bare) {
                self.diags.push(
                    Diagnostic::at(
                        f.name.span,
                        format!(
                            "`{}` and `{other}` both become the Rust name `{}`",
                            f.name.value, field.rust
                        ),
                    )
                    .code(Code::RustNameCollision)
                    .related(*first, "the other field")
                    .hint("give one of them a `rust_name:`"),
                );
                continue;
            }
            // A request field also has a setter `set_<name>` taking an `Option`.
            let setter = format!("set_{bare}");
            let clash = (place != Place::Response)
                .then(|| {
                    rust_seen
                        .get(&setter)
                        .map(|(other, at)| (other.clone(), *at, setter.clone()))
                        .or_else(|| {
                            let of = bare.strip_prefix("set_")?;
                            let (other, at) = rust_seen.get(of)?;
                            Some((other.clone(), *at, bare.clone()))
                        })
                })
                .flatten();
            if let Some((other, first, name)) = clash {
                self.diags.push(
                    Diagnostic::at(
                        f.rust_name.as_ref().map_or(f.name.span, |r| r.span),
                        format!(
                            "`{}` and `{other}` both give the builder a method `{name}` (a field's \
                             setter, and the `Option` setter `set_<field>` of another)",
                            f.name.value
                        ),
                    )
                    .code(Code::RustNameCollision)
                    .related(first, "the other field")
                    .hint("give one of them a `rust_name:`"),
                );
                continue;
            }
            rust_seen.insert(bare, (f.name.value.clone(), f.name.span));
            out.push(field);
        }
        ObjectFields {
            fields: out,
            failed,
        }
    }

    /// One field: its names, type, wire placement, constraints, readings and values.
    pub(super) fn field(
        &mut self,
        f: &ast::Field,
        place: Place,
        scopes: Scopes<'_>,
        spec: &str,
        document: &str,
        request: Option<RequestCx<'_>>,
    ) -> Option<Field> {
        let start = self.mark();
        let wire = &f.name.value;
        self.check_wire_name(f).ok()?;
        let rust = self.rust_field_name(f);
        let ty = self.parse_type(f, scopes);
        let location = self.check_location(f, place, request);
        let encoding = self.check_encoding(f, ty.as_ref());
        let required = f.required.as_ref().is_some_and(|r| r.value);
        let style = self.check_style(f, ty.as_ref(), location, encoding);
        self.check_placement(f, ty.as_ref(), location, required, request);
        let checks = ty
            .as_ref()
            .map(|t| self.checks(&f.constraints, t, wire, false))
            .unwrap_or_default();
        let list = self.check_list_keys(f, ty.as_ref());
        let flags = self.check_flags(f, ty.as_ref(), place, required);
        if f.description.trim().is_empty() {
            self.err(
                Code::EmptyDescription,
                f.span,
                format!("`{wire}` has an empty description"),
                "copy the document's description",
            );
        }
        if place == Place::Response {
            self.no_readings(&f.notes, "a response field, which is never checked");
        }
        let ty = ty?;
        self.clean_since(start).ok()?;
        let mut field = Field {
            wire: wire.clone(),
            rust,
            ty,
            required,
            location,
            encoding,
            style,
            description: f.description.trim().to_owned(),
            checks,
            count: list.count,
            unique: list.unique,
            order: list.order,
            item_checks: list.item_checks,
            default: None,
            examples: Vec::new(),
            sensitive: flags.sensitive,
            idempotency_token: flags.idempotency_token,
            fractions_rounded_down: flags.fractions_rounded_down,
            source: self.source(spec, document, &f.source, Some(wire)),
            notes: f.notes.clone(),
        };
        if place != Place::Response {
            self.check_field_readings(f, &mut field, scopes);
        }
        self.check_field_values(f, &mut field, place, scopes).ok()?;
        self.clean_since(start).ok()?;
        Some(field)
    }

    /// Checks that the wire name can be sent and quoted: a control character or a space stops
    /// the field's checking; a dot, a bracket or an empty name is reported and checking goes on.
    fn check_wire_name(&mut self, f: &ast::Field) -> Result<(), Reported> {
        let wire = &f.name.value;
        if wire.chars().any(|c| c.is_control() || c.is_whitespace()) && wire.trim() == wire {
            // A wire name is sent as is and quoted in the generated documentation, where a
            // control character would end the comment.
            return Err(self.err(
                Code::BadWireName,
                f.name.span,
                format!(
                    "the wire name `{}` has a space or a control character",
                    escaped(wire)
                ),
                "write the name exactly as the page spells it; no provider's parameter names contain spaces or control characters",
            ));
        }
        if wire.is_empty() || wire.trim() != wire || wire.contains(['.', '[', ']']) {
            self.err(Code::BadWireName, f.name.span, format!("`{wire}` is not a usable wire name"), "wire names are non-empty, without spaces, dots or brackets (nesting is expressed with object types)");
        }
        Ok(())
    }

    /// The field's Rust name, escaped: its `rust_name`, checked to be snake_case, or one
    /// derived from the wire name, checked to be an identifier.
    fn rust_field_name(&mut self, f: &ast::Field) -> String {
        let wire = &f.name.value;
        match &f.rust_name {
            Some(r) => {
                if !names::is_identifier(&r.value)
                    || r.value.chars().any(|c| c.is_ascii_uppercase())
                {
                    self.err(
                        Code::InvalidName,
                        r.span,
                        format!("`{}` is not a valid Rust field name", r.value),
                        "use a snake_case identifier",
                    );
                }
                names::escape(&r.value)
            }
            None => {
                let derived = names::field_name(wire);
                if !names::is_identifier(&derived) {
                    self.err(
                        Code::NoRustName,
                        f.name.span,
                        format!("the wire name `{wire}` gives no usable Rust name (`{derived}`)"),
                        "add `rust_name:` with a snake_case identifier",
                    );
                }
                names::escape(&derived)
            }
        }
    }

    /// Where the field travels: a parameter says it or inherits its operation's or service's
    /// `in:`; anything else may not say it.
    fn check_location(
        &mut self,
        f: &ast::Field,
        place: Place,
        request: Option<RequestCx<'_>>,
    ) -> Option<Location> {
        let wire = &f.name.value;
        let given = f.location.as_ref().or(match place {
            Place::Parameter => request.and_then(|r| r.default_location),
            _ => None,
        });
        match (given, place) {
            // An unknown word was reported by the decoder.
            (Some(l), Place::Parameter) => l.value,
            (None, Place::Parameter) => {
                self.err(
                    Code::NoLocation,
                    f.span,
                    format!("parameter `{wire}` does not say where it travels"),
                    "add `in:` with query, form, json, path or header, to the parameter or once to its operation or service",
                );
                None
            }
            (Some(l), _) => {
                self.err(
                    Code::LocationOnMember,
                    l.span,
                    format!("`in` is only for top-level request parameters, not for `{wire}`"),
                    "remove `in:`; members travel inside their parent",
                );
                None
            }
            (None, _) => None,
        }
    }

    /// The field's encoding, checked against its type: `comma_list` needs a list of scalars,
    /// `json_text` a list or an object.
    fn check_encoding(&mut self, f: &ast::Field, ty: Option<&Type>) -> Encoding {
        let wire = &f.name.value;
        // An unknown word was reported by the decoder; the field is then checked as plain.
        let encoding = f
            .encoding
            .as_ref()
            .and_then(|e| e.value)
            .unwrap_or(Encoding::Plain);
        if let (Some(ty), Some(e)) = (ty, &f.encoding) {
            match encoding {
                Encoding::CommaList if !(ty.is_list() && ty.item().is_scalar()) => {
                    self.err(
                        Code::EncodingMismatch,
                        e.span,
                        format!(
                            "`comma_list` needs a list of scalars, but `{wire}` is `{}`",
                            ty.spec_name()
                        ),
                        "use `list<string>` (or a list of an enum), or remove `encoding:`",
                    );
                }
                Encoding::JsonText if ty.is_scalar() => {
                    self.err(
                        Code::EncodingMismatch,
                        e.span,
                        format!(
                            "`json_text` needs a list or an object, but `{wire}` is `{}`",
                            ty.spec_name()
                        ),
                        "remove `encoding:` for scalars",
                    );
                }
                Encoding::Plain | Encoding::CommaList | Encoding::JsonText => {}
            }
        }
        encoding
    }

    /// The field's style: required exactly for a list or object sent plainly in a query
    /// string or form body, refused elsewhere.
    fn check_style(
        &mut self,
        f: &ast::Field,
        ty: Option<&Type>,
        location: Option<Location>,
        encoding: Encoding,
    ) -> Option<Style> {
        let wire = &f.name.value;
        let t = ty?;
        let wanted = matches!(location, Some(Location::Query | Location::Form))
            && !t.is_scalar()
            && encoding == Encoding::Plain;
        match &f.style {
            Some(s) => {
                if !wanted {
                    self.err(Code::StyleNotApplicable, s.span, format!("`style` applies only to lists and objects sent plainly in a query string or form body, not to `{wire}`"), "remove `style:`");
                    return None;
                }
                // An unknown word was reported by the decoder; the list is then sent as JSON.
                Some(s.value.unwrap_or(Style::Json))
            }
            None => {
                if wanted {
                    self.err(Code::StyleMissing, f.span, format!("`{wire}` is a {} sent in a query string or form body, and needs a `style`", if t.is_list() { "list" } else { "object" }), "add `style: numbered` (Name.1.Member=...) or `style: json` (one field of JSON), or an `encoding:`");
                }
                None
            }
        }
    }

    /// A path parameter is a required string named in the path; a header is a scalar.
    fn check_placement(
        &mut self,
        f: &ast::Field,
        ty: Option<&Type>,
        location: Option<Location>,
        required: bool,
        request: Option<RequestCx<'_>>,
    ) {
        let wire = &f.name.value;
        if location == Some(Location::Path) {
            if (!required || ty.is_some_and(|t| *t != Type::String)) && !f.damaged {
                self.err(
                    Code::PathParameterNotRequiredString,
                    f.span,
                    format!("path parameter `{wire}` must be a required string"),
                    "add `required: true` and `type: string`",
                );
            }
            if let Some(tpl) = request.map(|r| r.path) {
                if !tpl.contains(&format!("{{{wire}}}")) {
                    self.err(
                        Code::PathParameterNotInPath,
                        f.span,
                        format!("path parameter `{wire}` does not appear in the path `{tpl}`"),
                        format!("add `{{{wire}}}` to `http.path`, or change `in:`"),
                    );
                }
            }
        }
        if location == Some(Location::Header) && ty.is_some_and(|t| !t.is_scalar()) {
            self.err(
                Code::HeaderNotScalar,
                f.span,
                format!("header parameter `{wire}` must be a scalar"),
                "headers carry one value",
            );
        }
    }

    /// The keys that apply to lists only (`items`, `count`, `unique`, `order`), each checked
    /// against the field's type.
    fn check_list_keys(&mut self, f: &ast::Field, ty: Option<&Type>) -> ListKeys {
        let wire = &f.name.value;
        let item_checks = match (&f.items, ty) {
            (Some(items), Some(t)) => {
                if !(t.is_list() && t.item().is_scalar()) {
                    self.err(
                        Code::ConstraintOnWrongType,
                        items.span,
                        format!(
                            "`items` applies to lists of scalars, but `{wire}` is `{}`",
                            t.spec_name()
                        ),
                        "move the constraints up to the field",
                    );
                    Checks::default()
                } else {
                    self.checks(&items.value, t.item(), wire, true)
                }
            }
            _ => Checks::default(),
        };
        let count = f.count.as_ref().and_then(|c| {
            if ty.is_some_and(|t| !t.is_list()) {
                self.err(
                    Code::ConstraintOnWrongType,
                    c.span,
                    format!("`count` applies to lists, but `{wire}` is not one"),
                    "remove `count:` or make the type a list",
                );
                return None;
            }
            self.interval_sane(c, "count", Some((0, i128::from(u32::MAX))));
            Some(c.value)
        });
        let unique = f.unique.as_ref().is_some_and(|u| {
            if ty.is_some_and(|t| !t.is_list()) {
                self.err(
                    Code::ConstraintOnWrongType,
                    u.span,
                    format!("`unique` applies to lists, but `{wire}` is not one"),
                    "remove `unique:`",
                );
            }
            u.value
        });
        let order = f.order.as_ref().and_then(|o| {
            // Booleans have no order a document would ask for.
            if ty.is_some_and(|t| !(t.is_list() && t.item().is_scalar()) || *t.item() == Type::Bool)
            {
                self.err(
                    Code::ConstraintOnWrongType,
                    o.span,
                    format!("`order` applies to lists of strings, integers or enumerations, but `{wire}` is not one"),
                    "remove `order:`",
                );
            }
            // An unknown word was reported by the decoder.
            o.value
        });
        ListKeys {
            item_checks,
            count,
            unique,
            order,
        }
    }

    /// The flags `sensitive` (strings only), `idempotency_token` (an optional top-level
    /// string) and `fractions` (integers only).
    fn check_flags(
        &mut self,
        f: &ast::Field,
        ty: Option<&Type>,
        place: Place,
        required: bool,
    ) -> Flags {
        let wire = &f.name.value;
        let sensitive = f.sensitive.as_ref().is_some_and(|s| {
            if s.value && ty.is_some_and(|t| *t != Type::String) {
                self.err(
                    Code::ConstraintOnWrongType,
                    s.span,
                    format!("only strings can be `sensitive`, and `{wire}` is not one"),
                    "remove `sensitive:`",
                );
            }
            s.value
        });
        let idempotency_token = f.idempotency_token.as_ref().is_some_and(|s| {
            if s.value && (place != Place::Parameter || required || ty.is_some_and(|t| *t != Type::String)) {
                self.err(Code::BadIdempotencyToken, s.span, format!("an idempotency token must be an optional top-level string parameter, and `{wire}` is not"), "remove `idempotency_token:` or fix the type");
            }
            s.value
        });
        let fractions_rounded_down = f.fractions.as_ref().is_some_and(|fr| {
            if ty.is_some_and(|t| !matches!(t, Type::Int(_))) {
                self.err(
                    Code::ConstraintOnWrongType,
                    fr.span,
                    format!("`fractions` applies to integers, and `{wire}` is not one"),
                    "remove `fractions:`",
                );
            }
            // An unknown word was reported by the decoder.
            fr.value == Some(Fractions::RoundedDown)
        });
        Flags {
            sensitive,
            idempotency_token,
            fractions_rounded_down,
        }
    }

    /// The readings a request field's notes declare, recorded on its checks; a path
    /// parameter's `required` cannot be one.
    fn check_field_readings(&mut self, f: &ast::Field, field: &mut Field, scopes: Scopes<'_>) {
        let (value, items) = self.readings(field, &f.notes, scopes);
        field.checks.readings = value;
        field.item_checks.readings = items;
        if field.location == Some(Location::Path) && !field.stated_required() && !f.damaged {
            self.err(
                Code::PathParameterReading,
                f.span,
                format!(
                    "the path parameter `{}` cannot be required only as a reading",
                    field.wire
                ),
                "a URL cannot be built without it: remove `required` from the note's `reading`",
            );
        }
    }

    /// The default and examples, each a finite number or other value that meets the field's
    /// own constraints, recorded on the field in their JSON form.
    fn check_field_values(
        &mut self,
        f: &ast::Field,
        field: &mut Field,
        place: Place,
        scopes: Scopes<'_>,
    ) -> Result<(), Reported> {
        let wire = &f.name.value;
        for v in f.default.iter().chain(&f.examples) {
            self.finite(v)?;
        }
        if let Some(d) = &f.default {
            let v = d.to_json();
            if let Err(why) = value_ok(field, &v, scopes, place == Place::Response) {
                self.err(
                    Code::DefaultBreaksConstraints,
                    d.span,
                    format!("the default of `{wire}` breaks its own constraints: {why}"),
                    "fix the default or the constraints, and record the decision in `notes`",
                );
            }
            field.default = Some(v);
        }
        for e in &f.examples {
            let v = e.to_json();
            if let Err(why) = value_ok(field, &v, scopes, place == Place::Response) {
                self.err(
                    Code::ExampleBreaksConstraints,
                    e.span,
                    format!("an example of `{wire}` breaks its own constraints: {why}"),
                    "fix the example or the constraints, and record the decision in `notes`",
                );
            }
            field.examples.push(v);
        }
        Ok(())
    }

    /// The readings a field's notes declare: of its value (with `required`, `enum`, `count`,
    /// `unique` and `order`) and of its items. Each must name a constraint the field has, once.
    pub(super) fn readings(
        &mut self,
        field: &Field,
        notes: &[Note],
        scopes: Scopes<'_>,
    ) -> (Readings, Readings) {
        self.answers(notes, true);
        let (mut value, mut items) = (Readings::NONE, Readings::NONE);
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let is_enum = scopes.enumeration(field.ty.item()).is_some();
        let keys = || {
            Constraint::ALL
                .iter()
                .map(|c| c.key().to_owned())
                .chain(
                    Constraint::ALL
                        .iter()
                        .filter(|c| c.applies_to_items())
                        .map(|c| format!("items.{}", c.key())),
                )
                .collect::<Vec<String>>()
        };
        for note in notes {
            for (key, span) in note.reading.iter().zip(&note.reading_spans) {
                if let Some(first) = seen.insert(key, *span) {
                    self.diags.push(
                        Diagnostic::at(*span, format!("`{key}` is a reading of two notes"))
                            .code(Code::ReadingListedTwice)
                            .related(first, "first named here")
                            .hint("name each reading in one note, the one that says why"),
                    );
                    continue;
                }
                let (on_items, name) = match key.strip_prefix("items.") {
                    Some(rest) => (true, rest),
                    None => (false, key.as_str()),
                };
                let constraint =
                    Constraint::from_key(name).filter(|c| !on_items || c.applies_to_items());
                let Some(constraint) = constraint else {
                    let all = keys();
                    let hint = match did_you_mean(key, all.iter().map(String::as_str)) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => format!("name constraints of the field: {}", all.join(", ")),
                    };
                    self.err(
                        Code::ReadingUnknownKey,
                        *span,
                        format!("`{key}` is not a constraint a note can read"),
                        hint,
                    );
                    continue;
                };
                let checks = if on_items {
                    &field.item_checks
                } else {
                    &field.checks
                };
                let has = match constraint {
                    Constraint::Required => field.required,
                    Constraint::Enum => is_enum,
                    Constraint::Count => field.count.is_some(),
                    Constraint::Unique => field.unique,
                    Constraint::Order => field.order.is_some(),
                    Constraint::Range => checks.range.is_some(),
                    Constraint::Length => checks.length.is_some(),
                    Constraint::Charset => checks.charset.is_some(),
                    Constraint::Pattern => checks.pattern.is_some(),
                    Constraint::Ascii => checks.ascii,
                    Constraint::Prefix => !checks.forbidden_prefixes.is_empty(),
                    Constraint::Format => checks.format.is_some(),
                };
                if !has {
                    let what = match constraint {
                        Constraint::Required => "is not `required: true`".to_owned(),
                        Constraint::Enum => "is not an enumeration".to_owned(),
                        _ => format!("has no `{key}`"),
                    };
                    self.err(
                        Code::ReadingMissingConstraint,
                        *span,
                        format!("the note reads `{key}`, but `{}` {what}", field.wire),
                        "name only constraints the field has; a reading is a constraint the page does not state",
                    );
                    continue;
                }
                if on_items {
                    items = items.with(constraint);
                } else {
                    value = value.with(constraint);
                }
            }
        }
        (value, items)
    }

    /// Reports the `reading` of notes that sit where there is no constraint to read.
    /// Checks the `answers` of notes: finding kinds on a parameter's or member's note
    /// (`on_field`), a kind and a wire path on an operation's.
    pub(super) fn answers(&mut self, notes: &[Note], on_field: bool) {
        let kinds: Vec<&str> = FindingKind::ALL.iter().map(|k| k.word()).collect();
        for a in notes.iter().flat_map(|n| &n.answers) {
            let mut words = a.value.split_whitespace();
            let (kind, path, extra) = (words.next(), words.next(), words.next());
            let known = kind.and_then(FindingKind::from_word);
            let missing = matches!(
                known,
                Some(FindingKind::MissingInSpec | FindingKind::MissingInPage)
            );
            let hint = if on_field {
                format!(
                    "name finding kinds of this field: {}",
                    kinds[2..].join(", ")
                )
            } else {
                "write a finding kind and the parameter's wire path, such as `missing_in_spec OwnerId`".to_owned()
            };
            let ok = match (known, on_field) {
                (None, _) => false,
                (Some(_), true) => !missing && path.is_none(),
                (Some(_), false) => path.is_some() && extra.is_none(),
            };
            if !ok {
                self.err(
                    Code::UnknownFinding,
                    a.span,
                    format!(
                        "`{}` is not a doc-check finding this note can answer",
                        a.value
                    ),
                    hint,
                );
            }
        }
    }

    pub(super) fn no_readings(&mut self, notes: &[Note], place: &str) {
        if place != "an operation" {
            for note in notes {
                if let Some(a) = note.answers.first() {
                    self.err(
                        Code::NoteKeyMisplaced,
                        a.span,
                        format!("`answers` names doc-check findings of a request parameter, member or operation, not of {place}"),
                        "move the note to the parameter, or to the operation with the parameter's wire path",
                    );
                }
            }
        }
        for note in notes {
            if let Some(span) = note.reading_spans.first() {
                self.err(
                    Code::NoteKeyMisplaced,
                    *span,
                    format!("`reading` marks constraints of a request parameter or member, not of {place}"),
                    "move the note to the field whose constraint it reads; a rule that is a reading takes `basis: reading`",
                );
            }
        }
    }

    pub(super) fn interval_sane(
        &mut self,
        iv: &S<Interval>,
        what: &str,
        bounds: Option<(i128, i128)>,
    ) -> bool {
        let (lo, hi) = (iv.value.lowest(), iv.value.highest());
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo > hi {
                self.err(
                    Code::EmptyRange,
                    iv.span,
                    format!(
                        "the {what} `{}` is empty: its minimum is greater than its maximum",
                        iv.value.notation()
                    ),
                    "swap the ends or fix the numbers",
                );
                return false;
            }
        }
        if let Some((min, max)) = bounds {
            if lo.is_some_and(|v| v < min || v > max) || hi.is_some_and(|v| v > max || v < min) {
                self.err(
                    Code::RangeBeyondType,
                    iv.span,
                    format!(
                        "the {what} `{}` goes beyond what the type can hold ({min} to {max})",
                        iv.value.notation()
                    ),
                    "use a wider integer type or fix the bounds",
                );
                return false;
            }
        }
        true
    }

    /// The constraints on a value (or, with `items`, on each item of a list), each checked
    /// against the type it applies to.
    pub(super) fn checks(
        &mut self,
        c: &ast::ScalarConstraints,
        ty: &Type,
        wire: &str,
        items: bool,
    ) -> Checks {
        let mut out = Checks::default();
        let of = if items {
            format!("items of `{wire}`")
        } else {
            format!("`{wire}`")
        };
        if let Some(r) = &c.range {
            out.range = self.check_range(r, ty, &of);
        }
        if let Some(l) = &c.length {
            if self.string_only(ty, &of, l.span, "length")
                && self.interval_sane(l, "length", Some((0, i128::from(u32::MAX))))
            {
                out.length = Some(l.value);
            }
        }
        if let Some(cs) = &c.charset {
            if self.string_only(ty, &of, cs.span, "charset") {
                out.charset = Some(self.check_charset(cs));
            }
        }
        if let Some(p) = &c.pattern {
            if self.string_only(ty, &of, p.span, "pattern") {
                out.pattern = self.check_pattern(p, &of);
            }
        }
        if let Some(a) = &c.ascii {
            if self.string_only(ty, &of, a.span, "ascii") {
                out.ascii = a.value;
            }
        }
        if let Some(p) = &c.forbidden_prefixes {
            if self.string_only(ty, &of, p.span, "forbidden_prefixes") {
                out.forbidden_prefixes = self.check_prefixes(p);
            }
        }
        if let Some(f) = &c.format {
            out.format = self.check_format(f, ty, &of);
        }
        out
    }

    /// A `range` applies to an integer and fits its type.
    fn check_range(&mut self, r: &S<Interval>, ty: &Type, of: &str) -> Option<Interval> {
        match ty {
            Type::Int(i) => self
                .interval_sane(r, "range", Some(i.bounds()))
                .then_some(r.value),
            _ => {
                self.err(
                    Code::ConstraintOnWrongType,
                    r.span,
                    format!(
                        "`range` applies to integers, but {of} is `{}`",
                        ty.spec_name()
                    ),
                    if ty.is_list() {
                        "put item constraints under `items:`"
                    } else {
                        "use `length` for strings"
                    },
                );
                None
            }
        }
    }

    /// Whether the constraint `key` may apply, which it does to strings only.
    fn string_only(&mut self, ty: &Type, of: &str, span: Span, key: &str) -> bool {
        if *ty == Type::String {
            return true;
        }
        let hint = if ty.is_list() {
            "put item constraints under `items:`".to_owned()
        } else {
            format!("remove `{key}:`")
        };
        self.err(
            Code::ConstraintOnWrongType,
            span,
            format!(
                "`{key}` applies to strings, but {of} is `{}`",
                ty.spec_name()
            ),
            hint,
        );
        false
    }

    /// A charset allows some character.
    fn check_charset(&mut self, cs: &S<ast::Charset>) -> Charset {
        let has = |class: CharClass| cs.value.classes.iter().any(|c| c.value == Some(class));
        if cs.value.classes.is_empty() && cs.value.extra.is_empty() {
            self.err(
                Code::EmptyCharset,
                cs.span,
                "the charset allows no character",
                "list `classes:` or `extra:` characters",
            );
        }
        Charset::of(
            has(CharClass::Letters),
            has(CharClass::Digits),
            has(CharClass::AsciiLetters),
            has(CharClass::AsciiDigits),
            cs.value.extra.clone(),
        )
    }

    /// A pattern compiles.
    fn check_pattern(&mut self, p: &S<String>, of: &str) -> Option<Pattern> {
        let pattern = Pattern::new(p.value.clone());
        match pattern.compile_error() {
            None => Some(pattern),
            Some(why) => {
                self.err(Code::BadPattern, p.span, format!("the pattern of {of} does not compile: {why}"), "patterns use the syntax of the regex-lite crate and always match the whole value; do not add ^ and $");
                None
            }
        }
    }

    /// No forbidden prefix is empty, which would reject every value.
    fn check_prefixes(&mut self, p: &S<Vec<ast::Prefix>>) -> Vec<Prefix<String>> {
        for prefix in &p.value {
            if prefix.prefix.is_empty() {
                self.err(
                    Code::EmptyPrefix,
                    p.span,
                    "an empty forbidden prefix would reject every value",
                    "remove it",
                );
            }
        }
        p.value
            .iter()
            .map(|x| Prefix {
                prefix: x.prefix.clone(),
                ignore_case: x.ignore_case,
            })
            .collect()
    }

    /// A format is known and checks values of the field's type.
    fn check_format(&mut self, f: &S<String>, ty: &Type, of: &str) -> Option<Format> {
        let Some(fmt) = Format::ALL.iter().find(|x| x.name() == f.value) else {
            let hint = match did_you_mean(&f.value, Format::ALL.iter().map(|x| x.name())) {
                Some(b) => format!("did you mean `{b}`?"),
                None => format!(
                    "known formats: {}",
                    Format::ALL
                        .iter()
                        .map(|x| x.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.err(
                Code::UnknownFormat,
                f.span,
                format!("unknown format `{}`", f.value),
                hint,
            );
            return None;
        };
        let fits = match fmt.target() {
            FormatTarget::Str => *ty == Type::String,
            FormatTarget::Int => matches!(ty, Type::Int(_)),
            FormatTarget::StrList => matches!(ty, Type::List(t) if **t == Type::String),
        };
        if fits {
            return Some(*fmt);
        }
        let want = match fmt.target() {
            FormatTarget::Str => "a string",
            FormatTarget::Int => "an integer",
            FormatTarget::StrList => "a list of strings",
        };
        self.err(
            Code::ConstraintOnWrongType,
            f.span,
            format!(
                "format `{}` checks {want}, but {of} is `{}`",
                fmt.name(),
                ty.spec_name()
            ),
            if ty.is_list() && fmt.target() != FormatTarget::StrList {
                "put item formats under `items:`"
            } else {
                "use a format for this type"
            },
        );
        None
    }
}
