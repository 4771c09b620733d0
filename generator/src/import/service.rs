//! Drafting `service.yaml`: the provider's protocol, the host, API version, regions and rate
//! limit the page states, and a note for the author for each it does not.

use super::request::{Note, notes_node};
use super::writer::Node;
use super::{Id, protocol};
use crate::page::Layout;
use crate::page::sections::Meta;

/// The drafted `service.yaml`, and how many of its notes are for the author.
pub(super) fn draft(
    id: &Id,
    layout: Layout,
    meta: &Meta,
    document: &str,
    path: &str,
    version_row: Option<String>,
    region_row: Option<String>,
) -> (Node, usize) {
    let mut service_notes: Vec<Note> = Vec::new();
    let host = match (layout, &meta.host) {
        (_, Some(host)) => host.clone(),
        (Layout::Alibaba, None) => format!("{}.{{region}}.aliyuncs.com", id.service),
        (_, None) => format!("{}.{{region}}.myhuaweicloud.com", id.service),
    };
    if meta.host.is_none() {
        service_notes.push(Note::todo(
            "endpoint",
            format!("The {} page names no host.", id.operation),
            format!("The draft uses {host}, the provider's usual regional host; check it against the provider's endpoint list."),
        ));
    }
    let api_version = version_row.or_else(|| {
        let first = path.trim_start_matches('/').split('/').next()?;
        (first.starts_with('v')
            && first[1..].chars().all(|c| c.is_ascii_digit())
            && first.len() > 1)
            .then(|| first.to_owned())
    });
    if api_version.is_none() {
        service_notes.push(Note::todo(
            "api version",
            format!("The {} page gives no API version.", id.operation),
            "Set `api_version` from the provider's API metadata (the draft's `TODO` is sent as the version).",
        ));
    }
    let regions: Vec<String> = region_row
        .as_deref()
        .and_then(|t| t.split_once("only supports:"))
        .map(|(_, list)| {
            list.trim()
                .trim_end_matches('.')
                .split(", ")
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let regions_quote = region_row.as_deref().and_then(|t| {
        t.find("This API only supports:")
            .map(|at| t[at..].to_owned())
    });
    let service_name = match (layout, &meta.title) {
        (Layout::Alibaba, Some(title)) if title.contains(':') => {
            title.split(':').next().unwrap_or_default().to_owned()
        }
        _ => {
            service_notes.push(Note::todo(
                "service name",
                "The page does not name the service.",
                format!(
                    "`service_name` is drafted as `{}`; give the product's name.",
                    id.service
                ),
            ));
            id.service.clone()
        }
    };
    let provider_name = match id.provider.as_str() {
        "tencentcloud" => "Tencent Cloud",
        "alibabacloud" => "Alibaba Cloud",
        _ => "Huawei Cloud",
    };
    let rate_limits = meta.rate_limit.as_ref().map(|l| Node::Seq {
        items: vec![Node::map([
            ("operation", Some(Node::Str(id.operation.clone()))),
            ("requests", Some(Node::Int(i128::from(l.requests)))),
            ("per_seconds", Some(Node::Int(i128::from(l.per_seconds)))),
            (
                "source",
                Some(Node::map([
                    ("document", Some(Node::Str(document.to_owned()))),
                    ("quote", Some(Node::Prose(l.quote.clone()))),
                ])),
            ),
        ])],
        spaced: false,
    });
    let todo_service = service_notes.len();
    let service = Node::map([
        ("provider", Some(Node::Str(id.provider.clone()))),
        ("provider_name", Some(Node::Str(provider_name.to_owned()))),
        ("service", Some(Node::Str(id.service.clone()))),
        ("service_name", Some(Node::Str(service_name))),
        (
            "api_version",
            Some(Node::Str(api_version.unwrap_or_else(|| "TODO".to_owned()))),
        ),
        (
            "protocol",
            protocol(&id.provider).map(|p| Node::Str(p.to_owned())),
        ),
        (
            "endpoints",
            Some(Node::Seq {
                items: vec![Node::map([("host", Some(Node::Str(host)))])],
                spaced: false,
            }),
        ),
        (
            "regions",
            (!regions.is_empty()).then(|| Node::Seq {
                items: regions.into_iter().map(Node::Str).collect(),
                spaced: false,
            }),
        ),
        (
            "regions_source",
            regions_quote.map(|q| {
                Node::map([
                    ("document", Some(Node::Str(document.to_owned()))),
                    ("row", Some(Node::Str("Region".to_owned()))),
                    ("quote", Some(Node::Prose(q))),
                ])
            }),
        ),
        ("rate_limits", rate_limits),
        ("notes", notes_node(&service_notes)),
    ]);
    (service, todo_service)
}
