//! Rules: the field paths they name, their conditions, and their messages.

use super::*;

impl Checker<'_> {
    pub(super) fn resolve_path(
        &mut self,
        s: &S<String>,
        of: &ObjectFields,
        scopes: Scopes<'_>,
    ) -> Option<FieldPath> {
        let mut steps = Vec::new();
        let mut current: &[Field] = &of.fields;
        let parts: Vec<&str> = s.value.split('.').collect();
        for (i, part) in parts.iter().enumerate() {
            let Some(f) = current.iter().find(|f| f.wire == *part) else {
                if i == 0 && of.failed.contains(*part) {
                    return None;
                }
                let hint = match did_you_mean(part, current.iter().map(|f| f.wire.as_str())) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => format!(
                        "the fields here are: {}",
                        current
                            .iter()
                            .map(|f| f.wire.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.err(
                    Code::RuleUnknownField,
                    s.span,
                    format!("the rule names `{}`, which is not a field", s.value),
                    hint,
                );
                return None;
            };
            steps.push(Step {
                wire: f.wire.clone(),
                rust: f.rust.clone(),
                ty: f.ty.clone(),
                required: f.stated_required(),
            });
            if i + 1 < parts.len() {
                match (&f.ty, scopes.object(&f.ty)) {
                    (Type::Object(..), Some(o)) => current = &o.fields,
                    _ => {
                        self.err(
                            Code::PathThroughNonObject,
                            s.span,
                            format!(
                                "`{}` goes through `{}`, which is not an object",
                                s.value, f.wire
                            ),
                            "rules can reach into nested objects, not into lists or scalars",
                        );
                        return None;
                    }
                }
            }
        }
        if steps.len() > MAX_RULE_PATH_STEPS {
            self.err(
                Code::PathTooDeep,
                s.span,
                format!(
                    "`{}` takes {} steps, and a rule's field path takes at most {MAX_RULE_PATH_STEPS}",
                    s.value,
                    steps.len()
                ),
                "state the rule on a nested object type, closer to the fields it names",
            );
            return None;
        }
        Some(FieldPath { steps })
    }

    pub(super) fn condition(
        &mut self,
        c: &ast::Condition,
        of: &ObjectFields,
        scopes: Scopes<'_>,
    ) -> Option<Cond> {
        Some(match c {
            ast::Condition::Field {
                field,
                values,
                present,
                span,
            } => {
                let path = self.resolve_path(field, of, scopes)?;
                let ty = path.last()?.ty.clone();
                match (values, present) {
                    (Some(values), _) => {
                        if ty.is_list() || matches!(ty, Type::Object(..)) {
                            self.err(
                                Code::NotComparable,
                                field.span,
                                format!(
                                    "`{}` is a {}, and cannot be compared with values",
                                    field.value,
                                    ty.spec_name()
                                ),
                                "test presence with `present: true` instead",
                            );
                            return None;
                        }
                        if values.is_empty() {
                            self.err(
                                Code::EmptyIn,
                                *span,
                                "`in` lists no value",
                                "list the values that make the condition true",
                            );
                            return None;
                        }
                        let mut out = Vec::new();
                        for v in values {
                            self.finite(v).ok()?;
                            let j = v.to_json();
                            let ok = match (&ty, &j) {
                                (Type::String, Value::String(_)) | (Type::Bool, Value::Bool(_)) => {
                                    true
                                }
                                (Type::Int(_), Value::Number(_)) => true,
                                (Type::Enum(..), Value::String(s)) => {
                                    let e = scopes.enumeration(&ty);
                                    let known: Vec<&str> = e
                                        .map(|e| e.values.iter().map(|v| v.wire.as_str()).collect())
                                        .unwrap_or_default();
                                    if !known.contains(&s.as_str()) {
                                        let hint = match did_you_mean(s, known.iter().copied()) {
                                            Some(b) => format!(
                                                "did you mean `{b}`? (values: {})",
                                                known.join(", ")
                                            ),
                                            None => format!("the values are: {}", known.join(", ")),
                                        };
                                        self.err(
                                            Code::NotAValue,
                                            v.span,
                                            format!("`{s}` is not a value of `{}`", field.value),
                                            hint,
                                        );
                                        continue;
                                    }
                                    true
                                }
                                _ => false,
                            };
                            if !ok {
                                self.err(
                                    Code::NotAValue,
                                    v.span,
                                    format!(
                                        "{} cannot be a value of `{}`, which is `{}`",
                                        v.kind_name(),
                                        field.value,
                                        ty.spec_name()
                                    ),
                                    "write a value of the field's type",
                                );
                                continue;
                            }
                            out.push(j);
                        }
                        Cond::In(path, out)
                    }
                    (None, Some(p)) => Cond::Present(path, *p),
                    (None, None) => return None,
                }
            }
            ast::Condition::All(cs) => Cond::All(
                cs.iter()
                    .filter_map(|c| self.condition(c, of, scopes))
                    .collect(),
            ),
            ast::Condition::Any(cs) => Cond::Any(
                cs.iter()
                    .filter_map(|c| self.condition(c, of, scopes))
                    .collect(),
            ),
            ast::Condition::Not(c) => Cond::Not(Box::new(self.condition(c, of, scopes)?)),
        })
    }

    /// The rules of one object: each rule's kind, basis and message.
    pub(super) fn rules(
        &mut self,
        rules: &[ast::Rule],
        of: &ObjectFields,
        scopes: Scopes<'_>,
        spec: &str,
        document: &str,
    ) -> Vec<Rule> {
        let mut out = Vec::new();
        for r in rules {
            let start = self.mark();
            let Some(kind) = self.rule_kind(r, of, scopes) else {
                continue;
            };
            self.no_readings(&r.notes, "a rule (give the rule `basis: reading`)");
            let basis = self.check_basis(r, &kind);
            if self.clean_since(start).is_err() {
                continue;
            }
            // An unknown word was reported by the decoder.
            let Some(basis) = basis else {
                continue;
            };
            let message = rule_message(&kind, r);
            // Checks and server-side rules are worded by their description; other rules by
            // the generated message, with the description kept as documentation.
            let description = match kind {
                RuleKind::Check { .. } | RuleKind::ServerSide { .. } => None,
                _ => r.description.clone(),
            };
            out.push(Rule {
                kind,
                message,
                description,
                basis,
                source: self.source(spec, document, &r.source, None),
                notes: r.notes.clone(),
            });
        }
        out
    }

    /// A rule's kind with its field paths and conditions resolved; `None` when a path or
    /// condition of a conditional rule, or a check's name, did not resolve.
    fn rule_kind(
        &mut self,
        r: &ast::Rule,
        of: &ObjectFields,
        scopes: Scopes<'_>,
    ) -> Option<RuleKind> {
        Some(match &r.kind {
            ast::RuleKind::RequiredIf {
                field,
                when,
                unless,
            } => {
                let (path, cond) = self.path_and_condition(field, when, of, scopes)?;
                self.check_rule_on_optional(&path, field, "required_if");
                let cond = if *unless {
                    Cond::Not(Box::new(cond))
                } else {
                    cond
                };
                RuleKind::RequiredIf {
                    field: path,
                    when: cond,
                }
            }
            ast::RuleKind::AllowedIf { field, when } => {
                let (path, cond) = self.path_and_condition(field, when, of, scopes)?;
                self.check_rule_on_optional(&path, field, "allowed_if");
                RuleKind::AllowedIf {
                    field: path,
                    when: cond,
                }
            }
            ast::RuleKind::RangeIf { field, when, range } => {
                let (path, cond) = self.path_and_condition(field, when, of, scopes)?;
                self.check_range_if(&path, field, range);
                RuleKind::RangeIf {
                    field: path,
                    when: cond,
                    range: range.value,
                }
            }
            ast::RuleKind::AtLeastOneOf {
                fields: group,
                precedence,
            } => self.at_least_one_of(r, group, precedence.as_ref(), of, scopes),
            ast::RuleKind::Check {
                check,
                fields: args,
            } => self.check_rule(r, check, args, of, scopes)?,
            ast::RuleKind::ServerSide { fields: list } => {
                let paths = list
                    .iter()
                    .filter_map(|a| self.resolve_path(a, of, scopes))
                    .collect();
                RuleKind::ServerSide { fields: paths }
            }
        })
    }

    /// The field path and condition of a conditional rule, both resolved.
    fn path_and_condition(
        &mut self,
        field: &S<String>,
        when: &ast::Condition,
        of: &ObjectFields,
        scopes: Scopes<'_>,
    ) -> Option<(FieldPath, Cond)> {
        let path = self.resolve_path(field, of, scopes);
        let cond = self.condition(when, of, scopes);
        Some((path?, cond?))
    }

    /// A rule about whether a top-level field is set means nothing if the field is always
    /// required.
    fn check_rule_on_optional(&mut self, p: &FieldPath, s: &S<String>, kind: &str) {
        if p.steps.len() == 1 && p.last().is_some_and(|x| x.required) {
            self.err(
                Code::RuleOnRequiredField,
                s.span,
                format!(
                    "`{}` is always required, so a `{kind}` rule on it means nothing",
                    s.value
                ),
                "remove `required: true` from the field, or remove the rule",
            );
        }
    }

    /// A `range_if` names an integer field, and its range fits the integer's type.
    fn check_range_if(&mut self, path: &FieldPath, field: &S<String>, range: &S<Interval>) {
        match path.last().map(|s| &s.ty) {
            Some(Type::Int(i)) => {
                self.interval_sane(range, "range", Some(i.bounds()));
            }
            _ => {
                self.err(
                    Code::RangeIfNotInteger,
                    field.span,
                    format!(
                        "`range_if` needs an integer field, and `{}` is not one",
                        field.value
                    ),
                    "name an integer field",
                );
            }
        }
    }

    /// An `at_least_one_of` group: two fields or more, none always required, and its
    /// precedence one of them.
    fn at_least_one_of(
        &mut self,
        r: &ast::Rule,
        group: &[S<String>],
        precedence: Option<&S<String>>,
        of: &ObjectFields,
        scopes: Scopes<'_>,
    ) -> RuleKind {
        if group.len() < 2 {
            self.err(
                Code::GroupTooSmall,
                r.span,
                "`at_least_one_of` needs at least two fields",
                "list the fields of the group",
            );
        }
        let paths: Vec<FieldPath> = group
            .iter()
            .filter_map(|g| {
                let p = self.resolve_path(g, of, scopes)?;
                self.check_rule_on_optional(&p, g, "at_least_one_of");
                Some(p)
            })
            .collect();
        if let Some(p) = precedence {
            if !group.iter().any(|g| g.value == p.value) {
                self.err(
                    Code::PrecedenceOutsideGroup,
                    p.span,
                    format!("the precedence `{}` is not one of the group", p.value),
                    "name one of the listed fields",
                );
            }
        }
        RuleKind::AtLeastOneOf {
            fields: paths,
            precedence: precedence.map(|p| p.value.clone()),
        }
    }

    /// A named check: a known checker, given as many fields as it takes, each of the kind
    /// it takes; `None` for an unknown checker.
    fn check_rule(
        &mut self,
        r: &ast::Rule,
        check: &S<String>,
        args: &[S<String>],
        of: &ObjectFields,
        scopes: Scopes<'_>,
    ) -> Option<RuleKind> {
        let Some(named) = CHECKS.iter().find(|c| c.name == check.value) else {
            let hint = match did_you_mean(&check.value, CHECKS.iter().map(|c| c.name)) {
                Some(b) => format!("did you mean `{b}`?"),
                None => format!(
                    "known checks: {}",
                    CHECKS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                ),
            };
            self.err(
                Code::UnknownCheck,
                check.span,
                format!("unknown check `{}`", check.value),
                hint,
            );
            return None;
        };
        let paths: Vec<FieldPath> = args
            .iter()
            .filter_map(|a| self.resolve_path(a, of, scopes))
            .collect();
        // A path that did not resolve was reported; the arguments are not judged then.
        if paths.len() == args.len() {
            self.check_arguments(r, named, &paths, args);
        }
        Some(RuleKind::Check {
            check: *named,
            fields: paths,
        })
    }

    /// A named check's resolved arguments: as many as it takes, each of the kind it takes.
    fn check_arguments(
        &mut self,
        r: &ast::Rule,
        named: &NamedCheck,
        paths: &[FieldPath],
        args: &[S<String>],
    ) {
        if paths.len() != named.args.len() {
            self.err(
                Code::CheckArity,
                r.span,
                format!(
                    "check `{}` takes {} fields, not {}",
                    named.name,
                    named.args.len(),
                    paths.len()
                ),
                "list the fields in the order the check expects",
            );
            return;
        }
        for ((p, arg), s) in paths.iter().zip(named.args).zip(args) {
            let ty = p.last().map(|x| &x.ty);
            let ok = match arg {
                CheckArg::StrList => matches!(ty, Some(Type::List(t)) if **t == Type::String),
                CheckArg::OptStr => ty == Some(&Type::String),
            };
            if !ok {
                self.err(
                    Code::CheckFieldKind,
                    s.span,
                    format!("check `{}` cannot take `{}` here", named.name, s.value),
                    match arg {
                        CheckArg::StrList => "this argument is a list of strings",
                        CheckArg::OptStr => "this argument is a string",
                    },
                );
            }
        }
    }

    /// A rule's basis (`stated` when absent): an enforced reading needs a note saying why, an
    /// enforced stated rule a quote; `None` for an unknown word, which the decoder reported.
    fn check_basis(&mut self, r: &ast::Rule, kind: &RuleKind) -> Option<Basis> {
        let basis = match &r.basis {
            None => Basis::Stated,
            Some(b) => b.value?,
        };
        let enforced = !matches!(kind, RuleKind::ServerSide { .. });
        if enforced && basis == Basis::Reading && r.notes.is_empty() {
            self.err(
                Code::ReadingWithoutNote,
                r.basis.as_ref().map_or(r.span, |b| b.span),
                "a rule that is a reading needs a note saying why",
                "add `notes:` with what the page says (`doc_says`) and why the spec reads the rule into it (`decision`)",
            );
        }
        if enforced && basis == Basis::Stated && r.source.quote.is_none() {
            self.err(
                Code::StatedRuleQuotesNothing,
                r.span,
                format!("the `{}` rule is stated by the page but quotes nothing", kind.id()),
                "add `source:` with the `row` and the `quote` that state it, or `basis: reading` with a note saying why the spec reads it into the page",
            );
        }
        Some(basis)
    }
}

/// The message a rule's violation shows: a check's or server-side rule's description, or
/// words made from the rule.
fn rule_message(kind: &RuleKind, r: &ast::Rule) -> String {
    match (kind, &r.description) {
        (RuleKind::Check { .. } | RuleKind::ServerSide { .. }, Some(d)) => d.clone(),
        (RuleKind::RequiredIf { field, when }, _) => match when {
            Cond::Not(inner) => {
                format!("{} is required unless {}", field.wire(), cond_words(inner))
            }
            c => format!("{} is required when {}", field.wire(), cond_words(c)),
        },
        (RuleKind::AllowedIf { field, when }, _) => {
            format!("{} may be set only when {}", field.wire(), cond_words(when))
        }
        (RuleKind::RangeIf { field, when, range }, _) => format!(
            "{} must be {} when {}",
            field.wire(),
            range.words(),
            cond_words(when)
        ),
        (RuleKind::AtLeastOneOf { fields, precedence }, _) => {
            let names: Vec<String> = fields.iter().map(FieldPath::wire).collect();
            let mut m = format!("at least one of {} must be set", names.join(" and "));
            if let Some(p) = precedence {
                m.push_str(&format!(" ({p} is used when several are)"));
            }
            m
        }
        (_, None) => String::new(),
    }
}

pub(super) fn words(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Condition in words: "Period is Year", "DatabaseType is Redis, or ...".
pub fn cond_words(c: &Cond) -> String {
    fn list(values: &[Value]) -> String {
        let v: Vec<String> = values.iter().map(words).collect();
        match v.len() {
            0 => String::new(),
            1 => v[0].clone(),
            n => format!("{} or {}", v[..n - 1].join(", "), v[n - 1]),
        }
    }
    match c {
        Cond::In(p, values) => format!("{} is {}", p.wire(), list(values)),
        Cond::Present(p, true) => format!("{} is set", p.wire()),
        Cond::Present(p, false) => format!("{} is not set", p.wire()),
        Cond::All(cs) => cs.iter().map(cond_words).collect::<Vec<_>>().join(" and "),
        Cond::Any(cs) => cs.iter().map(cond_words).collect::<Vec<_>>().join(", or "),
        Cond::Not(inner) => match inner.as_ref() {
            Cond::In(p, values) => format!("{} is not {}", p.wire(), list(values)),
            Cond::Present(p, b) => cond_words(&Cond::Present(p.clone(), !b)),
            other => format!("not ({})", cond_words(other)),
        },
    }
}
