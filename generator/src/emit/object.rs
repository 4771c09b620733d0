//! Objects: request and member structs with their builders, validation and JSON decoding;
//! response structs.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::Ctx;
use super::docs::{doc, field_doc, note_lines, rule_line, text_lines};
use crate::model::*;
use crate::names;

/// An identifier from a model name, raw when it was escaped as `r#name`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a model type.
pub fn rust_type(cx: &Ctx<'_>, ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::Bool => quote!(bool),
        Type::Int(i) => {
            let i = format_ident!("{}", i.name());
            quote!(#i)
        }
        Type::List(t) => {
            let t = rust_type(cx, t);
            quote!(Vec<#t>)
        }
        Type::Object(n, scope) | Type::Enum(n, scope) => {
            let n = ident(n);
            if *scope == Scope::Service && cx.in_operation {
                quote!(super::#n)
            } else {
                quote!(#n)
            }
        }
    }
}

fn field_type(cx: &Ctx<'_>, f: &Field, direction: Direction) -> TokenStream {
    let t = rust_type(cx, &f.ty);
    if f.required && direction == Direction::Request {
        t
    } else {
        quote!(Option<#t>)
    }
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
    pattern: Option<&Ident>,
    count: &Option<Interval>,
    unique: bool,
    order: Option<Order>,
) -> Vec<TokenStream> {
    let mut calls: Vec<TokenStream> = Vec::new();
    if let Some(r) = &c.range {
        let n = notation(r);
        calls.push(quote!(.range(#n)));
    }
    if let Some(l) = &c.length {
        let n = notation(l);
        calls.push(quote!(.length(#n)));
    }
    if let Some(l) = count {
        let n = notation(l);
        calls.push(quote!(.count(#n)));
    }
    if unique {
        calls.push(quote!(.unique()));
    }
    if let Some(order) = order {
        let o = format_ident!(
            "{}",
            if order == Order::Ascending {
                "Ascending"
            } else {
                "Descending"
            }
        );
        calls.push(quote!(.order(rt::Order::#o)));
    }
    if let Some(cs) = &c.charset {
        let describe = cs.describe();
        let mut set = quote!(rt::Charset::new(#describe));
        for (on, call) in [
            (cs.letters, quote!(.letters())),
            (cs.digits, quote!(.digits())),
            (cs.ascii_letters, quote!(.ascii_letters())),
            (cs.ascii_digits, quote!(.ascii_digits())),
        ] {
            if on {
                set = quote!(#set #call);
            }
        }
        if !cs.extra.is_empty() {
            let extra = &cs.extra;
            set = quote!(#set.extra(#extra));
        }
        calls.push(quote!(.charset(#set)));
    }
    if let Some(p) = pattern {
        calls.push(quote!(.pattern(&#p)));
    }
    if c.ascii {
        calls.push(quote!(.ascii()));
    }
    if !c.forbidden_prefixes.is_empty() {
        let ps = c.forbidden_prefixes.iter().map(|(p, i)| {
            if *i {
                quote!(rt::Prefix::ignore_case(#p))
            } else {
                quote!(rt::Prefix::exact(#p))
            }
        });
        calls.push(quote!(.forbidden_prefixes(&[#(#ps),*])));
    }
    if let Some(f) = &c.format {
        let v = format_ident!("{}", format!("{f:?}"));
        calls.push(quote!(.format(rt::Format::#v)));
    }
    calls
}

fn pattern_static(o: &ObjectDef, f: &Field, items: bool) -> Ident {
    format_ident!(
        "{}_{}{}_PATTERN",
        names::const_name(&o.name),
        names::const_name(&f.rust),
        if items { "_ITEM" } else { "" }
    )
}

fn field_const(f: &Field) -> Ident {
    format_ident!("{}", names::const_name(&f.rust))
}

/// The statics of patterns used by an object (compiled once, on first use).
fn pattern_statics(o: &ObjectDef) -> TokenStream {
    let mut out = Vec::new();
    for f in &o.fields {
        for (items, c) in [(false, &f.checks), (true, &f.item_checks)] {
            if let Some(p) = &c.pattern {
                let name = pattern_static(o, f, items);
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

/// Accessor of a rule's field path from the view: an `Option<&T>` expression.
fn accessor(path: &FieldPath) -> TokenStream {
    let mut steps = path.steps.iter();
    let Some(first) = steps.next() else {
        return quote!(None::<&()>);
    };
    let f = ident(&first.rust);
    let mut acc = quote!(self.#f);
    for s in steps {
        let m = ident(&s.rust);
        acc = if s.required {
            quote!(#acc.map(|v| &v.#m))
        } else {
            quote!(#acc.and_then(|v| v.#m.as_ref()))
        };
    }
    acc
}

/// The runtime path of a rule's field, from `path`.
fn path_expr(path: &FieldPath) -> TokenStream {
    let segs = path.steps.iter().map(|s| {
        let w = &s.wire;
        quote!(.field(#w))
    });
    quote!(&path #(#segs)*)
}

/// How tightly an expression binds, so that conditions get parentheses only where needed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prec {
    /// A call, a `matches!` or a negated one.
    Atom,
    /// `a && b`.
    And,
    /// `a || b`.
    Or,
}

/// The condition, or its negation, as a boolean expression on the view; negations are pushed
/// inward (De Morgan) so that the code reads as the rule does.
fn cond_expr(cx: &Ctx<'_>, c: &Cond, negate: bool) -> (TokenStream, Prec) {
    let not = if negate { quote!(!) } else { quote!() };
    match c {
        Cond::In(path, values) => {
            let acc = accessor(path);
            let ty = path.last().map(|s| s.ty.clone()).unwrap_or(Type::Bool);
            // The values as Rust expressions, and the accessor adapted to compare with them.
            let (acc, lits): (TokenStream, Vec<TokenStream>) = match &ty {
                Type::Enum(..) => {
                    let ty_tokens = rust_type(cx, &ty);
                    let e = cx.enumeration(&ty);
                    let lits = values
                        .iter()
                        .filter_map(|v| {
                            let wire = v.as_str()?;
                            let variant = e?.values.iter().find(|x| x.wire == wire)?;
                            let var = ident(&variant.rust);
                            Some(quote!(#ty_tokens::#var))
                        })
                        .collect();
                    (quote!(#acc.copied()), lits)
                }
                Type::String => (
                    quote!(#acc.map(String::as_str)),
                    values
                        .iter()
                        .filter_map(|v| v.as_str())
                        .map(|s| quote!(#s))
                        .collect(),
                ),
                Type::Int(_) => (
                    quote!(#acc.copied()),
                    values
                        .iter()
                        .filter_map(|v| v.as_i64())
                        .map(|i| {
                            let l = proc_macro2::Literal::i64_unsuffixed(i);
                            quote!(#l)
                        })
                        .collect(),
                ),
                _ => (
                    quote!(#acc.copied()),
                    values
                        .iter()
                        .filter_map(|v| v.as_bool())
                        .map(|b| quote!(#b))
                        .collect(),
                ),
            };
            let test = match lits.as_slice() {
                [one] if negate => quote!(#acc != Some(#one)),
                [one] => quote!(#acc == Some(#one)),
                many => quote!(#not #acc.is_some_and(|v| [#(#many),*].contains(&v))),
            };
            (test, Prec::Atom)
        }
        Cond::Present(path, present) => {
            let acc = accessor(path);
            if *present != negate {
                (quote!(#acc.is_some()), Prec::Atom)
            } else {
                (quote!(#acc.is_none()), Prec::Atom)
            }
        }
        Cond::Not(inner) => cond_expr(cx, inner, !negate),
        Cond::All(cs) | Cond::Any(cs) => {
            let and = matches!(c, Cond::All(_)) != negate;
            let parts: Vec<(TokenStream, Prec)> =
                cs.iter().map(|c| cond_expr(cx, c, negate)).collect();
            if parts.len() == 1 {
                return parts
                    .into_iter()
                    .next()
                    .unwrap_or((quote!(true), Prec::Atom));
            }
            let wrap = |(t, p): (TokenStream, Prec), outer: Prec| {
                if p != Prec::Atom && p != outer {
                    quote!((#t))
                } else {
                    t
                }
            };
            if and {
                let parts = parts.into_iter().map(|p| wrap(p, Prec::And));
                (quote!(#(#parts)&&*), Prec::And)
            } else {
                let parts = parts.into_iter().map(|p| wrap(p, Prec::Or));
                (quote!(#(#parts)||*), Prec::Or)
            }
        }
    }
}

/// The condition (or its negation) ready to be joined with `&&`.
fn cond_conjunct(cx: &Ctx<'_>, c: &Cond, negate: bool) -> TokenStream {
    match cond_expr(cx, c, negate) {
        (t, Prec::Or) => quote!((#t)),
        (t, _) => t,
    }
}

fn rule_const_name(r: &Rule, used: &mut Vec<String>) -> Ident {
    let fields: Vec<String> = r
        .kind
        .fields()
        .first()
        .map(|p| p.steps.iter().map(|s| names::const_name(&s.rust)).collect())
        .unwrap_or_default();
    let base = format!("{}_{}", r.kind.id().to_uppercase(), fields.join("_"));
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    used.push(name.clone());
    format_ident!("{}", name)
}

/// The check of one field: one call into the runtime checker.
fn field_check(f: &Field) -> TokenStream {
    let c = field_const(f);
    let acc = ident(&f.rust);
    let call = match &f.ty {
        Type::String => quote!(string),
        Type::Int(_) => quote!(integer),
        Type::Bool | Type::Enum(..) => {
            return quote!(cx.present(&Self::#c, path, self.#acc.is_some()););
        }
        Type::Object(..) => quote!(object),
        Type::List(inner) => match inner.as_ref() {
            Type::String => quote!(strings),
            Type::Int(_) => quote!(integers),
            Type::Object(..) => quote!(objects),
            _ => quote!(list),
        },
    };
    quote!(cx.#call(&Self::#c, path, self.#acc);)
}

fn rule_check(cx: &Ctx<'_>, r: &Rule, name: &Ident) -> TokenStream {
    match &r.kind {
        RuleKind::RequiredIf { field, when } => {
            let cond = cond_conjunct(cx, when, false);
            let acc = accessor(field);
            let p = path_expr(field);
            quote!(if #cond && #acc.is_none() { cx.rule(&Self::#name, path, #p); })
        }
        RuleKind::AllowedIf { field, when } => {
            let cond = cond_conjunct(cx, when, true);
            let acc = accessor(field);
            let p = path_expr(field);
            quote!(if #acc.is_some() && #cond { cx.rule(&Self::#name, path, #p); })
        }
        RuleKind::RangeIf { field, when, .. } => {
            let (cond, _) = cond_expr(cx, when, false);
            let acc = accessor(field);
            let p = path_expr(field);
            quote!(if #cond { cx.range_rule(&Self::#name, path, #p, #acc.map(|v| i128::from(*v))); })
        }
        RuleKind::AtLeastOneOf { fields, .. } => {
            let accs = fields.iter().map(|f| {
                let a = accessor(f);
                quote!(#a.is_none())
            });
            let p = fields
                .first()
                .map(path_expr)
                .unwrap_or_else(|| quote!(path));
            quote!(if #(#accs)&&* { cx.rule(&Self::#name, path, #p); })
        }
        RuleKind::Check { check, fields } => {
            let function = format_ident!("{}", check.function);
            let mut lets = Vec::new();
            let mut args = Vec::new();
            let mut required = Vec::new();
            for (i, (p, arg)) in fields.iter().zip(check.args).enumerate() {
                let v = format_ident!("arg{}", i);
                let acc = accessor(p);
                match arg {
                    CheckArg::StrList => {
                        required.push(quote!(Some(#v)));
                        lets.push(quote!(#acc));
                        args.push(quote!(#v.as_slice()));
                    }
                    CheckArg::OptStr => {
                        args.push(quote!(#acc.map(String::as_str)));
                    }
                }
            }
            let p = fields
                .first()
                .map(path_expr)
                .unwrap_or_else(|| quote!(path));
            let binds: Vec<TokenStream> = required
                .iter()
                .zip(&lets)
                .map(|(pat, acc)| quote!(let #pat = #acc))
                .collect();
            quote! {
                if #(#binds)&&* {
                    if let Err(reason) = rt::formats::#function(#(#args),*) {
                        cx.rule_failed(&Self::#name, path, #p, reason);
                    }
                }
            }
        }
        RuleKind::ServerSide { .. } => quote!(),
    }
}

/// The source of a descriptor without its row: the file's `SOURCE` when it cites the file's
/// document, otherwise one naming its own.
fn source(document: &str, main_document: &str) -> TokenStream {
    if document == main_document {
        quote!(SOURCE)
    } else {
        quote!(rt::Source::new(SPEC, #document, ""))
    }
}

/// The descriptor of a field: `rt::Field::new("Size", SOURCE).required().range("[1,64]")`.
fn descriptor(o: &ObjectDef, f: &Field, main_document: &str) -> TokenStream {
    let wire = &f.wire;
    let source = source(&f.source.document, main_document);
    let mut calls = Vec::new();
    if let Some(row) = f.source.row.as_ref().filter(|r| **r != f.wire) {
        calls.push(quote!(.row(#row)));
    }
    if f.required {
        calls.push(quote!(.required()));
    }
    if f.sensitive {
        calls.push(quote!(.sensitive()));
    }
    let value_pattern = f
        .checks
        .pattern
        .as_ref()
        .map(|_| pattern_static(o, f, false));
    calls.extend(check_calls(
        &f.checks,
        value_pattern.as_ref(),
        &f.count,
        f.unique,
        f.order,
    ));
    let item_pattern = f
        .item_checks
        .pattern
        .as_ref()
        .map(|_| pattern_static(o, f, true));
    let items = check_calls(&f.item_checks, item_pattern.as_ref(), &None, false, None);
    if !items.is_empty() {
        calls.push(quote!(.items(rt::Checks::NONE #(#items)*)));
    }
    quote!(rt::Field::new(#wire, #source) #(#calls)*)
}

/// A request-direction object: struct, builder, view with its checks, and JSON decoding.
pub fn request_object(
    cx: &Ctx<'_>,
    o: &ObjectDef,
    is_request: bool,
    extra_docs: &[String],
) -> TokenStream {
    let name = ident(&o.name);
    let builder = format_ident!("{}Builder", o.name);
    let view = format_ident!("{}View", o.name);
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
    struct_doc.push(format!(
        "Source: {} (`{}`).",
        o.source.reference(),
        o.source.spec
    ));
    struct_doc.extend(extra_docs.iter().cloned());
    let struct_doc = doc(&struct_doc);
    let main_document = cx.document();

    let sensitive = o.fields.iter().any(|f| f.sensitive);
    let fields = o.fields.iter().map(|f| {
        let d = doc(&field_doc(f, &o.rules));
        let n = ident(&f.rust);
        let t = field_type(cx, f, Direction::Request);
        let serde = serde_attr(f, Direction::Request);
        quote!(#d #serde pub #n: #t,)
    });
    let derive_debug = if sensitive { quote!() } else { quote!(Debug,) };
    let struct_debug = if sensitive {
        debug_impl(&name, &o.name, &o.fields)
    } else {
        quote!()
    };
    let builder_debug_impl = if sensitive {
        debug_impl(&builder, &format!("{}Builder", o.name), &o.fields)
    } else {
        quote!()
    };

    // Builder.
    let builder_fields = o.fields.iter().map(|f| {
        let n = ident(&f.rust);
        let t = rust_type(cx, &f.ty);
        quote!(#n: Option<#t>,)
    });
    let setters = o.fields.iter().map(|f| setter(cx, f, &o.name));
    let assemble = o.fields.iter().map(|f| {
        let n = ident(&f.rust);
        if f.required {
            quote!(#n: self.#n?,)
        } else {
            quote!(#n: self.#n,)
        }
    });
    let view_from_builder = o.fields.iter().map(|f| {
        let n = ident(&f.rust);
        quote!(#n: self.#n.as_ref(),)
    });
    let view_from_struct = o.fields.iter().map(|f| {
        let n = ident(&f.rust);
        if f.required {
            quote!(#n: Some(&self.#n),)
        } else {
            quote!(#n: self.#n.as_ref(),)
        }
    });
    let mut view_fields: Vec<TokenStream> = o
        .fields
        .iter()
        .map(|f| {
            let n = ident(&f.rust);
            let t = rust_type(cx, &f.ty);
            quote!(#n: Option<&'a #t>,)
        })
        .collect();
    // A view of no fields still needs its lifetime.
    let marker = if o.fields.is_empty() {
        view_fields.push(quote!(_fields: ::std::marker::PhantomData<&'a ()>,));
        quote!(_fields: ::std::marker::PhantomData,)
    } else {
        quote!()
    };
    let consts = o.fields.iter().map(|f| {
        let c = field_const(f);
        let d = descriptor(o, f, main_document);
        quote!(const #c: rt::Field = #d;)
    });
    let mut used = Vec::new();
    let rule_names: Vec<Ident> = o
        .rules
        .iter()
        .map(|r| rule_const_name(r, &mut used))
        .collect();
    let rule_consts = o
        .rules
        .iter()
        .zip(&rule_names)
        .filter(|(r, _)| !matches!(r.kind, RuleKind::ServerSide { .. }))
        .map(|(r, n)| {
            let kind = r.kind.id();
            let message = &r.message;
            let range = match &r.kind {
                RuleKind::RangeIf { range, .. } => {
                    let n = notation(range);
                    quote!(.range(#n))
                }
                _ => quote!(),
            };
            let reads: Vec<String> = r.kind.fields().iter().map(|p| p.wire()).collect();
            let reference = r.source.row.clone().unwrap_or_else(|| "rules".into());
            let source = source(&r.source.document, main_document);
            let d = doc(&[format!("{message}.")]);
            quote! {
                #d
                const #n: rt::Rule = rt::Rule::new(#kind, #message, &[#(#reads),*], #source.at(#reference)) #range;
            }
        });
    let field_checks = o.fields.iter().map(field_check);
    let rule_checks = o
        .rules
        .iter()
        .zip(&rule_names)
        .map(|(r, n)| rule_check(cx, r, n));
    let decode_arms = o.fields.iter().map(|f| {
        let n = ident(&f.rust);
        let w = &f.wire;
        let c = field_const(f);
        let call = match f.encoding {
            Encoding::Plain => quote!(decode),
            Encoding::JsonText => quote!(decode_json_text),
            Encoding::CommaList => quote!(decode_comma_list),
        };
        quote!(#w => b.#n = cx.#call(v, &at, &Self::#c),)
    });
    let known = o.fields.iter().map(|f| &f.wire);
    let struct_name = &o.name;
    let what = if is_request { "parameter" } else { "member" };
    let unknown = quote!(cx.unknown_name(&at, #what, #struct_name, &[#(#known),*], source));
    let decode_match = if o.fields.is_empty() {
        quote!(#unknown;)
    } else {
        quote! {
            match key.as_str() {
                #(#decode_arms)*
                _ => #unknown,
            }
        }
    };
    let pattern_statics = pattern_statics(o);
    // An object without fields uses neither the decoded values nor the checker.
    let empty = o.fields.is_empty();
    let mut_kw = if empty { quote!() } else { quote!(mut) };
    let value_pat = if empty { quote!(_) } else { quote!(v) };
    let (cx_name, path_name) = if empty {
        (format_ident!("_cx"), format_ident!("_path"))
    } else {
        (format_ident!("cx"), format_ident!("path"))
    };
    let reference = if is_request {
        "parameter table".to_owned()
    } else {
        format!("members of {}", o.name)
    };
    let reference = o.source.row.clone().unwrap_or(reference);
    let object_source = source(&o.source.document, main_document);

    let builder_doc = doc(&[format!(
        "Builds a [`{}`]; [`build`]({}Builder::build) checks every constraint.",
        o.name, o.name
    )]);
    let view_doc = doc(&[format!(
        "The fields of [`{}`] as validation sees them: each present or not.",
        o.name
    )]);
    quote! {
        #pattern_statics

        #struct_doc
        #[derive(Clone, #derive_debug PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #struct_debug

        impl #name {
            /// Starts building one; see the builder's setters for every field.
            pub fn builder() -> #builder {
                #builder::default()
            }

            /// Checks every constraint of the spec, reporting all violations at once.
            pub fn validate(&self) -> Result<(), rt::ValidationErrors> {
                rt::Validate::validate(self)
            }

            fn view(&self) -> #view<'_> {
                #view { #(#view_from_struct)* #marker }
            }
        }

        impl rt::Validate for #name {
            fn check(&self, cx: &mut rt::Checker, path: &rt::Path<'_>) {
                self.view().check(cx, path);
            }
        }

        impl rt::FromJson for #name {
            fn from_json(value: &::serde_json::Value, path: &rt::Path<'_>, _: &rt::Field, cx: &mut rt::Checker) -> Option<Self> {
                let builder = #view::from_json(value, path, cx)?;
                // Checked here too, so that an item is judged even when a sibling in its list
                // fails to decode; the checker drops the repeats of the check where it is used.
                builder.view().check(cx, path);
                builder.assemble()
            }
        }

        #builder_doc
        #[derive(Clone, Default, #derive_debug PartialEq)]
        #[must_use]
        pub struct #builder {
            #(#builder_fields)*
        }

        #builder_debug_impl

        impl #builder {
            #(#setters)*

            /// Checks every constraint and returns the value, or every violation.
            pub fn build(self) -> Result<#name, rt::ValidationErrors> {
                rt::Checker::run(|cx| self.view().check(cx, &rt::Path::Root))?;
                self.assemble().ok_or_else(rt::ValidationErrors::incomplete)
            }

            /// The value, once every required field is present.
            fn assemble(self) -> Option<#name> {
                Some(#name { #(#assemble)* })
            }

            fn view(&self) -> #view<'_> {
                #view { #(#view_from_builder)* #marker }
            }
        }

        #view_doc
        struct #view<'a> {
            #(#view_fields)*
        }

        impl #view<'_> {
            #(#consts)*
            #(#rule_consts)*

            fn check(&self, #cx_name: &mut rt::Checker, #path_name: &rt::Path<'_>) {
                #(#field_checks)*
                #(#rule_checks)*
            }

            /// Decodes the JSON form, recording type errors and unknown names in `cx`; `None`
            /// when the value is not a JSON object at all.
            fn from_json(value: &::serde_json::Value, path: &rt::Path<'_>, cx: &mut rt::Checker) -> Option<#builder> {
                let #mut_kw b = #builder::default();
                let source = #object_source.at(#reference);
                for (key, #value_pat) in cx.json_object(value, path, source)? {
                    let at = path.field(key);
                    #decode_match
                }
                Some(b)
            }
        }
    }
}

fn serde_attr(f: &Field, direction: Direction) -> TokenStream {
    let wire = &f.wire;
    let optional = !(f.required && direction == Direction::Request);
    let with = match f.encoding {
        Encoding::Plain => None,
        Encoding::JsonText => Some(if optional {
            "rt::wire::json_text_opt"
        } else {
            "rt::wire::json_text"
        }),
        Encoding::CommaList => Some(if optional {
            "rt::wire::comma_list_opt"
        } else {
            "rt::wire::comma_list"
        }),
    };
    let with = with.map(|w| quote!(with = #w,));
    if optional {
        quote!(#[serde(rename = #wire, #with default, skip_serializing_if = "Option::is_none")])
    } else {
        quote!(#[serde(rename = #wire, #with)])
    }
}

fn debug_impl(name: &Ident, text: &str, fields: &[Field]) -> TokenStream {
    let entries = fields.iter().map(|f| {
        let n = ident(&f.rust);
        let label = f.rust.trim_start_matches("r#");
        if f.sensitive {
            quote!(.field(#label, &rt::Redacted::of(&self.#n)))
        } else {
            quote!(.field(#label, &self.#n))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            /// Sensitive fields are shown as `<redacted>`.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#text) #(#entries)* .finish()
            }
        }
    }
}

fn setter(cx: &Ctx<'_>, f: &Field, owner: &str) -> TokenStream {
    let n = ident(&f.rust);
    let bare = f.rust.trim_start_matches("r#");
    let mut lines: Vec<String> = text_lines(&f.description)
        .into_iter()
        .take_while(|l| !l.is_empty())
        .collect();
    lines.push(String::new());
    lines.push(format!(
        "Sets `{}`; see [`{owner}::{bare}`] for its constraints.",
        f.wire
    ));
    let d = doc(&lines);
    let (param, value) = match &f.ty {
        Type::String => (quote!(value: impl Into<String>), quote!(value.into())),
        Type::List(inner) if **inner == Type::String => (
            quote!(values: impl IntoIterator<Item = impl Into<String>>),
            quote!(values.into_iter().map(Into::into).collect()),
        ),
        Type::List(inner) => {
            let t = rust_type(cx, inner);
            (
                quote!(values: impl IntoIterator<Item = #t>),
                quote!(values.into_iter().collect()),
            )
        }
        t => {
            let t = rust_type(cx, t);
            (quote!(value: #t), quote!(value))
        }
    };
    quote! {
        #d
        pub fn #n(mut self, #param) -> Self {
            self.#n = Some(#value);
            self
        }
    }
}

/// A response-direction object: every field optional, unknown fields ignored.
pub fn response_object(cx: &Ctx<'_>, o: &ObjectDef) -> TokenStream {
    let name = ident(&o.name);
    let mut lines = text_lines(&o.description);
    lines.push(String::new());
    lines.push("Every field is optional: the service may leave any of them out, and fields this version does not know are ignored.".into());
    let d = doc(&lines);
    let fields = o.fields.iter().map(|f| {
        let mut fd = text_lines(&f.description);
        fd.push(String::new());
        fd.push(format!("Wire name: `{}`.", f.wire));
        if !f.examples.is_empty() {
            let ex: Vec<String> = f.examples.iter().map(super::docs::code).collect();
            fd.push(format!("Example: {}.", ex.join(", ")));
        }
        let fd = doc(&fd);
        let n = ident(&f.rust);
        let t = field_type(cx, f, Direction::Response);
        let serde = serde_attr(f, Direction::Response);
        quote!(#fd #serde pub #n: #t,)
    });
    quote! {
        #d
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}
