//! The service file: its provider, protocol, endpoints, regions and rate limits, and the pages
//! its operations transcribe.

use super::*;

impl Checker<'_> {
    pub(super) fn source(
        &mut self,
        spec: &str,
        document: &str,
        src: &ast::Source,
        default_row: Option<&str>,
    ) -> SourceRef {
        let page = match &src.document {
            Some(d) => self.cited_page(d),
            None => self.page(document),
        };
        SourceRef {
            spec: spec.to_owned(),
            page,
            row: src
                .row
                .as_ref()
                .map(|r| r.value.clone())
                .or(default_row.map(str::to_owned)),
            quote: src.quote.clone(),
        }
    }

    /// The page a spec names: a page of the service, or (for a name that is not a page
    /// snapshot, such as an SDK's file) the name itself as the title.
    pub(super) fn page(&self, document: &str) -> Page {
        self.pages.get(document).cloned().unwrap_or_else(|| Page {
            title: document.to_owned(),
            ..Page::default()
        })
    }

    /// The page a `source.document` names, which must be one of the service's when it names a
    /// snapshot.
    pub(super) fn cited_page(&mut self, document: &S<String>) -> Page {
        let d = document.value.as_str();
        if (d.starts_with("pages/") || d.ends_with(".txt")) && !self.pages.contains_key(d) {
            let known: Vec<&str> = self.pages.keys().map(String::as_str).collect();
            let hint = match did_you_mean(d, known.iter().copied()) {
                Some(b) => format!("did you mean `{b}`?"),
                None if known.is_empty() => {
                    "an operation's `source.document` declares each page; name one of them"
                        .to_owned()
                }
                None => format!(
                    "name a page an operation of the service declares: {}",
                    known.join(", ")
                ),
            };
            self.err(
                Code::UnknownPage,
                document.span,
                format!("`{d}` is not a page any operation of this service transcribes"),
                hint,
            );
        }
        self.page(d)
    }

    /// The pages the service's operations declare in `source`: each a snapshot
    /// `pages/<Name>.txt` beside the specs, with its title, date and address.
    pub(super) fn pages(
        &mut self,
        ops: &[(&Parsed, ast::OperationFile)],
        dir: &str,
        snapshots: &BTreeSet<String>,
    ) -> BTreeMap<String, Page> {
        let mut pages: BTreeMap<String, Page> = BTreeMap::new();
        let mut consts: BTreeMap<String, (String, Span)> = BTreeMap::new();
        for (_, op) in ops {
            let doc = &op.document;
            let stem = doc
                .value
                .strip_prefix("pages/")
                .and_then(|rest| rest.strip_suffix(".txt"))
                .filter(|stem| {
                    names::is_identifier(stem) && stem.starts_with(|c: char| c.is_ascii_uppercase())
                });
            let Some(stem) = stem else {
                self.err(
                    Code::NotASnapshot,
                    doc.span,
                    format!("`{}` is not a page snapshot", doc.value),
                    format!(
                        "keep the page's text beside the spec as `pages/{}.txt` and name it here",
                        op.operation.value
                    ),
                );
                continue;
            };
            let path = format!("{dir}/{}", doc.value);
            if !snapshots.contains(&path) {
                let prefix = format!("{dir}/");
                let beside = snapshots.iter().filter_map(|s| s.strip_prefix(&prefix));
                let hint = match did_you_mean(&doc.value, beside) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => "save the page's text there: the snapshot is what the spec is checked against".to_owned(),
                };
                self.err(
                    Code::SnapshotMissing,
                    doc.span,
                    format!("the page snapshot `{path}` does not exist"),
                    hint,
                );
            }
            if let Some(u) = &op.document_updated {
                if !is_date(&u.value) {
                    self.err(
                        Code::BadPageMetadata,
                        u.span,
                        format!("`{}` is not a date", u.value),
                        "write the page's last-updated date as YYYY-MM-DD, such as 2026-03-27",
                    );
                }
            }
            if let Some(u) = &op.document_url {
                let ok = (u.value.starts_with("https://") || u.value.starts_with("http://"))
                    && !u.value.chars().any(char::is_whitespace);
                if !ok {
                    self.err(
                        Code::BadPageMetadata,
                        u.span,
                        format!("`{}` is not a web address", u.value),
                        "write the page's address as shown by a browser, such as https://www.alibabacloud.com/help/en/...; leave `url` out when it is not known",
                    );
                }
            }
            let page = Page {
                title: op.document_title.trim().to_owned(),
                updated: op
                    .document_updated
                    .as_ref()
                    .map(|u| u.value.clone())
                    .unwrap_or_default(),
                url: op
                    .document_url
                    .as_ref()
                    .map(|u| u.value.clone())
                    .unwrap_or_default(),
                document: path,
            };
            if page.title.is_empty() {
                self.err(
                    Code::EmptyPageTitle,
                    doc.span,
                    "the page's title is empty",
                    "copy the title the page shows",
                );
            }
            let name = names::page_const(stem);
            match consts.get(&name) {
                Some((other, _)) if *other == doc.value => {}
                Some((other, first)) => {
                    self.diags.push(
                        Diagnostic::at(doc.span, format!("pages `{}` and `{other}` would both be named `{name}` in the generated code", doc.value)).code(Code::RustNameCollision)
                            .related(*first, "the other page")
                            .hint("rename one of the snapshots"),
                    );
                }
                None => {
                    consts.insert(name, (doc.value.clone(), doc.span));
                }
            }
            match pages.get(&doc.value) {
                Some(first) if *first != page => {
                    self.err(
                    Code::PageRedeclared,
                    doc.span,
                    format!("`{}` is declared again with another title, date or address", doc.value),
                    "give the page the same title, date and address in every spec that transcribes it",
                );
                }
                Some(_) => {}
                None => {
                    pages.insert(doc.value.clone(), page);
                }
            }
        }
        pages
    }

    /// Reports the first infinity or NaN in a value (`.inf`, `-.inf`, `.nan`): JSON has no
    /// such number, so no request or response can carry it.
    pub(super) fn finite(&mut self, node: &Node) -> Result<(), Reported> {
        let mut pending = vec![node];
        while let Some(n) = pending.pop() {
            match &n.kind {
                NodeKind::Scalar(s) => {
                    if let ScalarValue::Float(f) = s.value() {
                        if !f.is_finite() {
                            return Err(self.err(
                                Code::NotFinite,
                                n.span,
                                format!("`{}` is not a finite number", s.text),
                                "JSON has no infinity or NaN; write a number, or quote the text if a string is meant",
                            ));
                        }
                    }
                }
                NodeKind::Seq(items) => pending.extend(items.iter().rev()),
                NodeKind::Map(entries) => pending.extend(entries.iter().rev().map(|(_, v)| v)),
            }
        }
        Ok(())
    }

    pub(super) fn ident_id(&mut self, s: &S<String>, what: &str) -> bool {
        let ok = !s.value.is_empty()
            && s.value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && names::is_identifier(&s.value)
            && !names::is_keyword(&s.value);
        if !ok {
            self.err(Code::BadId, s.span, format!("`{}` is not a valid {what} id", s.value), "use lower-case ASCII letters, digits and `_`, starting with a letter, and not a Rust keyword");
        }
        ok
    }

    /// One service: its file's identity, endpoints, regions, types, operations and rate
    /// limits; `None` when any of them reported an error.
    pub(super) fn service(
        &mut self,
        file: &Parsed,
        svc: &ast::ServiceFile,
        ops: &[(&Parsed, ast::OperationFile)],
        provider: &str,
        service: &str,
    ) -> Option<Service> {
        let start = self.mark();
        self.no_readings(&svc.notes, "a service");
        self.check_directory(svc, provider, service);
        self.ident_id(&svc.provider, "provider");
        self.ident_id(&svc.service, "service");
        self.check_api_version(&svc.api_version);
        if svc.endpoints.is_empty() {
            self.err(
                Code::NoEndpoint,
                file.start,
                "a service needs at least one endpoint",
                "add `endpoints:` with a `host:` entry",
            );
        }
        for e in &svc.endpoints {
            self.check_endpoint(e, svc.regions.as_deref());
        }
        let regions = svc.regions.as_ref().map(|list| self.regions(list));
        // Service types first: operations may refer to them.
        let spec_path = file.path.clone();
        let svc_types = self.type_defs(&svc.types, None, &spec_path, "", Direction::Request);
        let (operations, seen_ops) = self.operations(svc, ops, &svc_types);
        self.check_service_type_names(file, &svc_types, &operations);
        let rate_limits = self.rate_limits(&svc.rate_limits, &seen_ops);
        self.clean_since(start).ok()?;
        // An unknown protocol word was reported by the decoder; the rest was checked all the
        // same.
        let protocol = svc.protocol.value?;
        let mut pages: Vec<Page> = self.pages.values().cloned().collect();
        pages.sort_by(|a, b| a.document.cmp(&b.document));
        Some(Service {
            pages,
            spec_path,
            provider: svc.provider.value.clone(),
            provider_name: svc.provider_name.clone(),
            service: svc.service.value.clone(),
            service_name: svc.service_name.clone(),
            api_version: svc.api_version.value.clone(),
            protocol,
            description: svc.description.clone(),
            endpoints: svc.endpoints.iter().map(endpoint).collect(),
            regions,
            rate_limits,
            types: svc_types.into_values().collect(),
            operations,
            notes: svc.notes.clone(),
        })
    }

    /// The provider and service a service file names are those of its directory.
    fn check_directory(&mut self, svc: &ast::ServiceFile, provider: &str, service: &str) {
        if svc.provider.value != provider {
            self.err(
                Code::DirectoryMismatch,
                svc.provider.span,
                format!(
                    "provider `{}` does not match its directory `{provider}`",
                    svc.provider.value
                ),
                format!("write `provider: {provider}` or move the file"),
            );
        }
        if svc.service.value != service {
            self.err(
                Code::DirectoryMismatch,
                svc.service.span,
                format!(
                    "service `{}` does not match its directory `{service}`",
                    svc.service.value
                ),
                format!("write `service: {service}` or move the file"),
            );
        }
    }

    /// The API version is non-empty ASCII letters, digits, `.`, `-` and `_`.
    fn check_api_version(&mut self, version: &S<String>) {
        if version.value.trim().is_empty() {
            self.err(
                Code::BadApiVersion,
                version.span,
                "the API version is empty",
                "write the version the documents give, such as \"2019-03-06\"",
            );
        } else if !version
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            // The version is sent in headers and query strings and written into the generated
            // code; a page's version is a date or a word like `v2`.
            self.err(
                Code::BadApiVersion,
                version.span,
                format!(
                    "the API version `{}` has characters other than ASCII letters, digits, `.`, `-` and `_`",
                    escaped(&version.value)
                ),
                "write the version the documents give, such as \"2019-03-06\" or \"v2\"",
            );
        }
    }

    /// An endpoint: its host (with `{region}`) and each region's own host are host names, and
    /// each region is a listed region id given one host.
    fn check_endpoint(&mut self, e: &ast::Endpoint, listed: Option<&[S<String>]>) {
        let h = &e.host.value;
        if !host_ok(h, true) {
            self.err(
                Code::BadHost,
                e.host.span,
                format!("`{}` is not a host name", escaped(h)),
                "write a bare host such as `dbs.{region}.aliyuncs.com`, without scheme or path",
            );
        } else if let Err(why) = host_labels(&h.replace("{region}", "x")) {
            self.err(
                Code::BadHost,
                e.host.span,
                format!("`{h}` is not a host name: {why}"),
                "a host is dot-separated labels of 1 to 63 letters, digits and `-`, neither starting nor ending with `-`, 253 characters at most",
            );
        }
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for (region, host) in &e.region_hosts {
            self.check_host_region(region, listed);
            if let Some(first) = seen.insert(&region.value, region.span) {
                self.diags.push(
                    Diagnostic::at(
                        region.span,
                        format!("region `{}` has two hosts", region.value),
                    )
                    .code(Code::DuplicateRegion)
                    .related(first, "first given here")
                    .hint("keep one host per region"),
                );
            }
            if !host_ok(&host.value, false) {
                self.err(
                    Code::BadHost,
                    host.span,
                    format!("`{}` is not a host name", escaped(&host.value)),
                    "write the region's bare host, such as `dbs-api.cn-hangzhou.aliyuncs.com`, without scheme, path or `{region}`",
                );
            } else if let Err(why) = host_labels(&host.value) {
                self.err(
                    Code::BadHost,
                    host.span,
                    format!("`{}` is not a host name: {why}", host.value),
                    "a host is dot-separated labels of 1 to 63 letters, digits and `-`, neither starting nor ending with `-`, 253 characters at most",
                );
            }
        }
    }

    /// A region given its own host is a region id, and one of `regions` when they are listed.
    fn check_host_region(&mut self, region: &S<String>, listed: Option<&[S<String>]>) {
        if crate::formats::region_id(&region.value).is_err() {
            self.err(
                Code::BadRegion,
                region.span,
                format!("`{}` is not a region id", region.value),
                "region ids are lower-case letters and digits in dash-separated words, such as cn-hangzhou",
            );
        } else if let Some(list) = listed.filter(|l| !l.iter().any(|r| r.value == region.value)) {
            let hint = match did_you_mean(&region.value, list.iter().map(|r| r.value.as_str())) {
                Some(b) => format!("did you mean `{b}`? A region the client refuses needs no host"),
                None => "add the region to `regions`, or remove its host".to_owned(),
            };
            self.err(
                Code::RegionNotListed,
                region.span,
                format!(
                    "`region_hosts` names `{}`, which `regions` does not list",
                    region.value
                ),
                hint,
            );
        }
    }

    /// The listed regions: each a region id, without stray spaces, listed once.
    fn regions(&mut self, list: &[S<String>]) -> Vec<String> {
        let mut seen = BTreeSet::new();
        for r in list {
            if r.value.trim() != r.value || r.value.is_empty() {
                self.err(
                    Code::BadRegion,
                    r.span,
                    format!("region `{}` has stray whitespace or is empty", r.value),
                    "remove the spaces",
                );
            } else if crate::formats::region_id(&r.value).is_err() {
                self.err(
                    Code::BadRegion,
                    r.span,
                    format!("`{}` is not a region id", r.value),
                    "region ids are lower-case letters and digits in dash-separated words, such as cn-hangzhou",
                );
            } else if !seen.insert(r.value.clone()) {
                self.err(
                    Code::DuplicateRegion,
                    r.span,
                    format!("region `{}` is listed twice", r.value),
                    "remove the duplicate",
                );
            }
        }
        list.iter().map(|r| r.value.clone()).collect()
    }

    /// The service's operations, sorted by name, each defined once in a file of its name;
    /// with the names defined, and where.
    fn operations(
        &mut self,
        svc: &ast::ServiceFile,
        ops: &[(&Parsed, ast::OperationFile)],
        svc_types: &BTreeMap<String, TypeDef>,
    ) -> (Vec<Operation>, BTreeMap<String, Span>) {
        let mut operations: Vec<Operation> = Vec::new();
        let mut seen_ops: BTreeMap<String, Span> = BTreeMap::new();
        for (op_file, op) in ops {
            if let Some(first) = seen_ops.get(&op.operation.value) {
                self.diags.push(
                    Diagnostic::at(
                        op.operation.span,
                        format!("operation `{}` is defined twice", op.operation.value),
                    )
                    .code(Code::DuplicateOperation)
                    .related(*first, "first defined here")
                    .hint("remove or rename one of the files"),
                );
                continue;
            }
            seen_ops.insert(op.operation.value.clone(), op.operation.span);
            let expected = format!("{}.yaml", op.operation.value);
            if op_file.components.last() != Some(&expected) {
                self.err(
                    Code::OperationFileName,
                    op.operation.span,
                    format!(
                        "operation `{}` lives in a file not named {expected}",
                        op.operation.value
                    ),
                    format!("rename the file to {expected}"),
                );
            }
            if let Some(o) = self.operation(op_file, op, svc, svc_types) {
                operations.push(o);
            }
        }
        operations.sort_by(|a, b| a.name.cmp(&b.name));
        (operations, seen_ops)
    }

    /// No service type takes a name generated for an operation.
    fn check_service_type_names(
        &mut self,
        file: &Parsed,
        svc_types: &BTreeMap<String, TypeDef>,
        operations: &[Operation],
    ) {
        for o in operations {
            for name in svc_types.keys() {
                for own in [
                    format!("{}Request", o.name),
                    format!("{}Response", o.name),
                    format!("{}ErrorCode", o.name),
                ] {
                    if *name == own {
                        self.err(Code::TypeCollision, file.start, format!("service type `{name}` collides with a type generated for operation {}", o.name), "rename the service type");
                    }
                }
            }
        }
    }

    /// The rate limits, sorted: each of a known operation, with positive counts.
    fn rate_limits(
        &mut self,
        listed: &[ast::RateLimit],
        seen_ops: &BTreeMap<String, Span>,
    ) -> Vec<RateLimit<String>> {
        let mut rate_limits = Vec::new();
        for r in listed {
            // An operation whose file did not parse has had its own error.
            let unread = self
                .files_here
                .contains(&format!("{}.yaml", r.operation.value));
            if !seen_ops.contains_key(&r.operation.value) && !unread {
                let hint =
                    match did_you_mean(&r.operation.value, seen_ops.keys().map(String::as_str)) {
                        Some(b) => format!("did you mean `{b}`?"),
                        None => "name an operation of this service".into(),
                    };
                self.err(
                    Code::RateLimitUnknownOperation,
                    r.operation.span,
                    format!("rate limit for unknown operation `{}`", r.operation.value),
                    hint,
                );
            }
            let requests = u32::try_from(r.requests.value).ok().filter(|v| *v > 0);
            let per = u32::try_from(r.per_seconds.value).ok().filter(|v| *v > 0);
            match (requests, per) {
                (Some(requests), Some(per_seconds)) => rate_limits.push(RateLimit {
                    operation: r.operation.value.clone(),
                    requests,
                    per_seconds,
                }),
                _ => {
                    self.err(
                        Code::RateLimitNotPositive,
                        r.requests.span,
                        "a rate limit needs positive `requests` and `per_seconds`",
                        "write for example `requests: 20` and `per_seconds: 1`",
                    );
                }
            }
        }
        rate_limits.sort();
        rate_limits
    }
}

/// An endpoint as the model holds it, its region hosts sorted.
fn endpoint(e: &ast::Endpoint) -> Endpoint {
    let mut region_hosts: Vec<(String, String)> = e
        .region_hosts
        .iter()
        .map(|(r, h)| (r.value.clone(), h.value.clone()))
        .collect();
    region_hosts.sort();
    Endpoint {
        host: e.host.value.clone(),
        description: e.description.clone(),
        region_hosts,
    }
}

/// Whether `h` is made of host characters only; `placeholder` allows `{region}` in it.
fn host_ok(h: &str, placeholder: bool) -> bool {
    let h = if placeholder {
        h.replace("{region}", "x")
    } else {
        h.to_owned()
    };
    !h.is_empty()
        && h.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}
