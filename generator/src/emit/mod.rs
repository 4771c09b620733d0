//! Emit stage: pure functions from the resolved model to token streams, one per output file.
//! No I/O happens here; formatting and writing are later stages.

mod docs;
mod enums;
mod example;
mod object;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::*;
use crate::names;
use docs::{doc, inner_doc, note_lines, text_lines};
use object::ident;

/// One output file before formatting.
pub struct Emitted {
    /// Path relative to the generated crate, such as `src/gen/alibabacloud/dbs/mod.rs`.
    pub path: String,
    /// The spec it comes from, for the header.
    pub source: String,
    /// Its items, in order.
    pub parts: Vec<Part>,
}

/// Items of a file: tokens, which the format stage lays out, or the text of a table for one
/// of the runtime's macros, which no formatter can lay out and which is written as emitted.
pub enum Part {
    /// Ordinary items.
    Tokens(TokenStream),
    /// A macro call laid out by the emitter.
    Text(String),
}

/// What an emitter needs to know about where it is.
pub struct Ctx<'a> {
    /// The generated crate's name as paths spell it (`cloud_backup_sdk`), for doctests.
    crate_name: &'a str,
    service: &'a Service,
    op: Option<&'a Operation>,
    /// Inside an operation module, service types are reached through `super::`.
    in_operation: bool,
    /// The page most descriptors cite, named once per file as `SOURCE`.
    page: Page,
}

impl Ctx<'_> {
    /// The source of a descriptor citing `page`, without its row: the file's `SOURCE` when it
    /// cites the file's page, otherwise `rt::Source::new(SPEC, &super::pages::CONFIGURE_BACKUP_PLAN, "")`.
    pub fn source(&self, page: &Page) -> String {
        if page.document == self.page.document {
            "SOURCE".into()
        } else {
            format!("rt::Source::new(SPEC, &{}, \"\")", self.page_path(page))
        }
    }

    /// The constant of `page`: `super::pages::CONFIGURE_BACKUP_PLAN` in an operation module,
    /// `pages::CONFIGURE_BACKUP_PLAN` in its service's, `rt::Page::UNKNOWN` when the spec
    /// names no page.
    pub fn page_path(&self, page: &Page) -> String {
        match page_const(page) {
            Some(name) if self.in_operation => format!("super::pages::{name}"),
            Some(name) => format!("pages::{name}"),
            None => "rt::Page::UNKNOWN".into(),
        }
    }

    fn find(&self, name: &str, scope: Scope) -> Option<&TypeDef> {
        let pools: Vec<&[TypeDef]> = match (scope, self.op) {
            (Scope::Service, _) => vec![&self.service.types],
            (Scope::Operation, Some(op)) => vec![&op.types, &op.response_types],
            (Scope::Operation, None) => vec![&self.service.types],
        };
        pools.into_iter().flatten().find(|t| t.name() == name)
    }

    /// The enumeration a type names.
    pub fn enumeration(&self, ty: &Type) -> Option<&EnumDef> {
        match ty {
            Type::Enum(n, s) => match self.find(n, *s) {
                Some(TypeDef::Enum(e)) => Some(e),
                _ => None,
            },
            _ => None,
        }
    }

    /// The object a type names.
    pub fn object(&self, ty: &Type) -> Option<&ObjectDef> {
        match ty {
            Type::Object(n, s) => match self.find(n, *s) {
                Some(TypeDef::Object(o)) => Some(o),
                _ => None,
            },
            _ => None,
        }
    }
}

/// One output file to emit: jobs are independent, so they may run on several threads.
pub enum Job<'a> {
    /// `src/gen/mod.rs`: the provider modules and the table of operations.
    Root,
    /// A provider's `mod.rs`.
    Provider(&'a str, &'a str, Vec<&'a Service>),
    /// A service's `mod.rs`: its metadata, client and shared types.
    Service(&'a Service),
    /// An operation's module.
    Operation(&'a Service, &'a Operation),
}

/// Every file of the model, in a fixed order.
pub fn jobs(model: &Model) -> Vec<Job<'_>> {
    let mut out = vec![Job::Root];
    for (provider, provider_name) in model.providers() {
        let services: Vec<&Service> = model
            .services
            .iter()
            .filter(|s| s.provider == provider)
            .collect();
        out.push(Job::Provider(provider, provider_name, services.clone()));
        for s in services {
            out.push(Job::Service(s));
            for op in &s.operations {
                out.push(Job::Operation(s, op));
            }
        }
    }
    out
}

/// The file of one job.
pub fn emit_job(model: &Model, job: &Job<'_>, specs_name: &str, crate_name: &str) -> Emitted {
    match job {
        Job::Root => Emitted {
            path: "src/gen/mod.rs".into(),
            source: format!("{specs_name}/"),
            parts: vec![Part::Tokens(root(model))],
        },
        Job::Provider(provider, provider_name, services) => Emitted {
            path: format!("src/gen/{provider}/mod.rs"),
            source: format!("{specs_name}/{provider}/"),
            parts: vec![Part::Tokens(provider_module(provider_name, services))],
        },
        Job::Service(s) => Emitted {
            path: format!("src/gen/{}/{}/mod.rs", s.provider, s.service),
            source: s.spec_path.clone(),
            parts: service_module(s, crate_name),
        },
        Job::Operation(s, op) => Emitted {
            path: format!("src/gen/{}/{}/{}.rs", s.provider, s.service, op.module),
            source: op.spec_path.clone(),
            parts: operation_module(s, op, crate_name),
        },
    }
}

fn root(model: &Model) -> TokenStream {
    // Each module's documentation is its file's inner doc, where its links resolve.
    let mods = model.providers().into_iter().map(|(p, _)| {
        let m = ident(p);
        let features: Vec<String> = model
            .services
            .iter()
            .filter(|s| s.provider == p)
            .map(Service::feature)
            .collect();
        let cfg = match features.as_slice() {
            [one] => quote!(feature = #one),
            all => quote!(any(#(feature = #all),*)),
        };
        quote! {
            #[cfg(#cfg)]
            pub mod #m;
        }
    });
    let mut entries = Vec::new();
    for s in &model.services {
        let feature = s.feature();
        for op in &s.operations {
            let (p, sv, m) = (ident(&s.provider), ident(&s.service), ident(&op.module));
            entries.push(quote!(#[cfg(feature = #feature)] #p::#sv::#m::OPERATION,));
        }
    }
    let head = inner_doc(&["The generated API modules and the table of operations.".into()]);
    quote! {
        #head

        #(#mods)*

        /// Every operation compiled into this build, sorted by provider, service and name.
        pub(crate) static OPERATIONS: &[crate::runtime::OperationInfo] = &[
            #(#entries)*
        ];
    }
}

fn provider_module(name: &str, services: &[&Service]) -> TokenStream {
    let provider = services
        .first()
        .map(|s| s.provider.as_str())
        .unwrap_or_default();
    let features: Vec<String> = services
        .iter()
        .map(|s| format!("`{}`", s.feature()))
        .collect();
    let head = inner_doc(&[
        format!("{name} APIs."),
        String::new(),
        format!(
            "Compiled with the `{provider}` feature, or with the feature of one of its services ({}).",
            features.join(", ")
        ),
    ]);
    let mods = services.iter().map(|s| {
        let m = ident(&s.service);
        let feature = s.feature();
        quote!(#[cfg(feature = #feature)] pub mod #m;)
    });
    quote! {
        #head
        #(#mods)*
    }
}

/// The generated crate's cargo features, the lines between the markers of its `Cargo.toml`
/// (see [`crate::write::splice_features`]): one per service, one per provider turning on its
/// services, and `all-providers`.
///
/// ```toml
/// all-providers = ["alibabacloud"]
/// alibabacloud = ["alibabacloud-dbs"]
/// alibabacloud-dbs = []
/// ```
pub fn cargo_features(model: &Model) -> String {
    let quoted = |items: Vec<String>| {
        items
            .iter()
            .map(|i| format!("\"{i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let providers = model.providers();
    let mut out = format!(
        "all-providers = [{}]\n",
        quoted(providers.iter().map(|(p, _)| p.to_string()).collect())
    );
    for (p, _) in providers {
        let services: Vec<&Service> = model.services.iter().filter(|s| s.provider == p).collect();
        out.push_str(&format!(
            "{p} = [{}]\n",
            quoted(services.iter().map(|s| s.feature()).collect())
        ));
        for s in services {
            out.push_str(&format!("{} = []\n", s.feature()));
        }
    }
    out
}

/// The page cited by the service's request objects, when it has any.
fn service_page(s: &Service) -> Option<Page> {
    s.types.iter().find_map(|t| match t {
        TypeDef::Object(o) if o.direction == Direction::Request => Some(o.source.page.clone()),
        _ => None,
    })
}

/// The name of a page's constant in its service's `pages` module, from its snapshot's file
/// name; `None` when the spec names no page.
fn page_const(page: &Page) -> Option<String> {
    let file = page.document.rsplit('/').next()?;
    let stem = file.strip_suffix(".txt")?;
    Some(names::page_const(stem))
}

/// The service's `pages` module: a constant per page its specs transcribe.
///
/// ```ignore
/// pub(crate) mod pages {
///     use crate::runtime as rt;
///     /// The page Cloud Backup:CreateBackupPlan (updated 2026-03-27).
///     pub(crate) const CREATE_BACKUP_PLAN: rt::Page = rt::Page {
///         title: "Cloud Backup:CreateBackupPlan",
///         updated: "2026-03-27",
///         url: "",
///         document: "specs/alibabacloud/hbr/pages/CreateBackupPlan.txt",
///     };
/// }
/// ```
fn pages_module(s: &Service) -> TokenStream {
    let pages = s.pages.iter().filter_map(|p| {
        let name = format_ident!("{}", page_const(p)?);
        let (title, updated, url, document) = (&p.title, &p.updated, &p.url, &p.document);
        let d = doc(&[format!("The page {p}.")]);
        Some(quote! {
            #d
            pub(crate) const #name: rt::Page = rt::Page {
                title: #title,
                updated: #updated,
                url: #url,
                document: #document,
            };
        })
    });
    quote! {
        /// The provider's pages the service's specs transcribe, kept as snapshots beside them.
        pub(crate) mod pages {
            use crate::runtime as rt;

            #(#pages)*
        }
    }
}

/// A service's `mod.rs`: its doc, its pages, the `SERVICE` it describes, a module per
/// operation, its client and its types.
fn service_module(s: &Service, crate_name: &str) -> Vec<Part> {
    let cx = Ctx {
        crate_name,
        service: s,
        op: None,
        in_operation: false,
        page: service_page(s).unwrap_or_default(),
    };
    let head = service_head(s);
    let spec = &s.spec_path;
    let source = service_source(&cx, s);
    let pages = pages_module(s);
    let info = service_info(s);
    let mods = s.operations.iter().map(operation_mod);
    let main = quote! {
        #head

        use crate::runtime as rt;

        /// The service spec these items come from.
        const SPEC: &str = #spec;

        #source

        #pages

        #info

        #(#mods)*
    };
    let client = client(s);
    let types = s.types.iter().flat_map(|t| type_def(&cx, t));
    [Part::Tokens(main), client]
        .into_iter()
        .chain(types)
        .collect()
}

/// The service module's inner doc: provider, service and version, the feature that compiles
/// it, its description, its operations and its notes.
fn service_head(s: &Service) -> TokenStream {
    let mut head = vec![
        format!(
            "{} {}, API version {}.",
            s.provider_name, s.service_name, s.api_version
        ),
        String::new(),
        format!(
            "Compiled with the `{}` feature (which `{}` turns on).",
            s.feature(),
            s.provider
        ),
    ];
    if let Some(d) = &s.description {
        head.push(String::new());
        head.extend(text_lines(d));
    }
    head.push(String::new());
    head.push("Operations:".into());
    head.push(String::new());
    for op in &s.operations {
        head.push(format!(
            "- [`{}`]({}): {}",
            op.name,
            op.module,
            text_lines(&op.description)
                .first()
                .cloned()
                .unwrap_or_default()
        ));
    }
    if !s.notes.is_empty() {
        head.push(String::new());
        head.push("Notes:".into());
        head.push(String::new());
        head.extend(note_lines(&s.notes));
    }
    inner_doc(&head)
}

/// The `SOURCE` of the service's objects, when the service has a page; nothing otherwise.
fn service_source(cx: &Ctx<'_>, s: &Service) -> TokenStream {
    match service_page(s) {
        Some(page) => {
            let page: TokenStream = cx.page_path(&page).parse().unwrap_or_default();
            quote! {
                /// The page the service's objects transcribe.
                const SOURCE: rt::Source = rt::Source::new(SPEC, &#page, "");
            }
        }
        None => quote!(),
    }
}

/// The `SERVICE` constant with its doc: protocol, API version, endpoints, regions and rate
/// limits.
fn service_info(s: &Service) -> TokenStream {
    let provider = &s.provider;
    let service = &s.service;
    let version = &s.api_version;
    let protocol = format_ident!(
        "{}",
        match s.protocol {
            Protocol::Tc3 => "Tc3",
            Protocol::AcsRpc => "AcsRpc",
            Protocol::HuaweiRest => "HuaweiRest",
        }
    );
    let hosts = s.endpoints.iter().map(|e| {
        let host = &e.host;
        let (regions, region_hosts): (Vec<&String>, Vec<&String>) =
            e.region_hosts.iter().map(|(r, h)| (r, h)).unzip();
        quote!(rt::Endpoint { host: #host, region_hosts: &[#((#regions, #region_hosts)),*] })
    });
    let regions = match &s.regions {
        Some(r) => quote!(Some(&[#(#r),*])),
        None => quote!(None),
    };
    let limits = s.rate_limits.iter().map(|r| {
        let op = &r.operation;
        let (n, per) = (
            proc_macro2::Literal::u32_unsuffixed(r.requests),
            proc_macro2::Literal::u32_unsuffixed(r.per_seconds),
        );
        quote!(rt::RateLimit { operation: #op, requests: #n, per_seconds: #per })
    });
    let endpoint_doc = endpoint_doc(s);
    quote! {
        #endpoint_doc
        pub const SERVICE: rt::ServiceInfo = rt::ServiceInfo {
            provider: #provider,
            service: #service,
            spec: SPEC,
            api_version: #version,
            protocol: rt::Protocol::#protocol,
            endpoints: &[#(#hosts),*],
            regions: #regions,
            rate_limits: &[#(#limits),*],
        };
    }
}

/// The doc of `SERVICE`: each endpoint, with the regions that have their own host.
fn endpoint_doc(s: &Service) -> TokenStream {
    let mut endpoint_doc = vec![
        "The service: protocol, API version, endpoints, regions and rate limits.".to_string(),
        String::new(),
    ];
    for e in &s.endpoints {
        endpoint_doc.push(format!(
            "- Endpoint `{}`{}",
            e.host,
            e.description
                .as_ref()
                .map(|d| format!(": {}", d.trim()))
                .unwrap_or_default()
        ));
        if !e.region_hosts.is_empty() {
            let hosts: Vec<String> = e
                .region_hosts
                .iter()
                .map(|(r, h)| format!("{r} → `{h}`"))
                .collect();
            endpoint_doc.push(format!(
                "  For these regions it is replaced by their own host: {}.",
                hosts.join(", ")
            ));
        }
    }
    doc(&endpoint_doc)
}

/// An operation's module declaration, with its items re-exported at the service's level.
fn operation_mod(op: &Operation) -> TokenStream {
    let m = ident(&op.module);
    let d = doc(&[format!(
        "{}: {}",
        op.name,
        text_lines(&op.description)
            .first()
            .cloned()
            .unwrap_or_default()
    )]);
    let req = format_ident!("{}Request", op.name);
    let builder = format_ident!("{}RequestBuilder", op.name);
    let resp = format_ident!("{}Response", op.name);
    let codes = format_ident!("{}ErrorCode", op.name);
    let error = format_ident!("{}Error", op.name);
    quote! {
        #d
        pub mod #m;
        pub use #m::{#req, #builder, #resp, #codes, #error};
    }
}

/// The service's client, a table for the runtime's `rt::client!`: one line per operation,
/// naming its call, the method that prepares it without sending, and its types.
fn client(s: &Service) -> Part {
    let d = [
        format!("A client of {} {}.", s.provider_name, s.service_name),
        String::new(),
        "Configure it with [`Client::builder`]; it is cheap to clone, and clones share the connection pool and the rate limits.".to_owned(),
    ];
    let mut text = String::from("rt::client! {\n");
    text.push_str(&object::doc_text(&d, "    "));
    text.push_str("    pub struct Client for SERVICE {\n");
    for op in &s.operations {
        let first = text_lines(&op.description)
            .first()
            .cloned()
            .unwrap_or_default();
        let call_doc = [
            format!("{}: {first}", op.name),
            String::new(),
            "Validates the request (per the client's validation mode), signs it, sends it, retries when that is safe, and returns the typed response or error.".to_owned(),
        ];
        text.push_str(&object::doc_text(&call_doc, "        "));
        let (m, n) = (&op.module, &op.name);
        let bare = m.trim_start_matches("r#");
        text.push_str(&format!(
            "        {m} / prepare_{bare}: {m}::OPERATION, {n}Request => {n}Response, {n}Error;\n"
        ));
    }
    text.push_str("    }\n}\n");
    Part::Text(text)
}

fn type_def(cx: &Ctx<'_>, t: &TypeDef) -> Vec<Part> {
    match t {
        TypeDef::Object(o) if o.direction == Direction::Request => {
            object::request_object(cx, o, false, &[])
        }
        TypeDef::Object(o) => vec![object::response_object(cx, o)],
        TypeDef::Enum(e) => vec![enums::enumeration(e)],
    }
}

fn operation_module(s: &Service, op: &Operation, crate_name: &str) -> Vec<Part> {
    let cx = Ctx {
        crate_name,
        service: s,
        op: Some(op),
        in_operation: true,
        page: op.page.clone(),
    };
    let mut head = vec![format!(
        "{}: {}",
        op.name,
        text_lines(&op.description).join(" ")
    )];
    head.push(String::new());
    head.push(format!(
        "`{} {}`; transcribed from the page {}.",
        op.method, op.path, op.page
    ));
    if !op.common_parameters.is_empty() {
        head.push(String::new());
        head.push(
            "Protocol parameters the page lists, supplied by the client rather than the request:"
                .into(),
        );
        head.push(String::new());
        for c in &op.common_parameters {
            head.push(format!(
                "- `{}`{}: {}",
                c.name,
                c.value
                    .as_ref()
                    .map(|v| format!(" = `{v}`"))
                    .unwrap_or_default(),
                text_lines(&c.description).join(" ")
            ));
        }
    }
    let head = inner_doc(&head);
    let spec = &op.spec_path;
    let page: TokenStream = cx.page_path(&op.page).parse().unwrap_or_default();
    let id = &op.id;
    let name = &op.name;
    let method = &op.method;
    let path = &op.path;
    let builder = format_ident!("{}RequestBuilder", op.name);
    let request = format_ident!("{}Request", op.name);
    let token = match op.request.fields.iter().find(|f| f.idempotency_token) {
        Some(f) => {
            let w = &f.wire;
            quote!(Some(#w))
        }
        None => quote!(None),
    };
    let mut extra = Vec::new();
    for ex in &op.examples {
        if let Some(lines) = example::example_doc(&cx, op, s, ex) {
            extra.extend(lines);
        }
    }
    let main = quote! {
        #head

        use crate::runtime as rt;

        /// The spec these items come from.
        const SPEC: &str = #spec;

        /// The page the operation transcribes.
        const SOURCE: rt::Source = rt::Source::new(SPEC, &#page, "");

        /// What the dynamic entry points know about this operation.
        pub const OPERATION: rt::OperationInfo = rt::OperationInfo {
            id: #id,
            name: #name,
            service: &super::SERVICE,
            method: #method,
            path: #path,
            spec: SPEC,
            page: &#page,
            idempotency_token: #token,
            request: &#request::TABLE,
            validate_json: rt::object::validate_json::<#builder>,
        };
    };
    let mut parts = vec![Part::Tokens(main)];
    parts.extend(object::request_object(&cx, &op.request, true, &extra));
    parts.extend(op.types.iter().flat_map(|t| type_def(&cx, t)));
    parts.push(object::response_object(&cx, &op.response));
    parts.extend(op.response_types.iter().flat_map(|t| type_def(&cx, t)));
    parts.push(enums::error_codes(op));
    parts
}
