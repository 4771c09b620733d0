//! `specgen import`: a first draft of an operation's spec (and of its service's, when there is
//! none yet) from the provider's page.
//!
//! The page's tables give each request parameter's wire name, type, required flag,
//! description and example; its prose gives ranges, lengths, enumerations and defaults
//! ([`page::facts`]); its other sections give the response fields, the error codes or HTTP
//! statuses and the example requests ([`page::sections`]). What the draft cannot settle is left
//! to the author in notes whose decision starts with `TODO`: sentences that state a condition
//! or a rule the draft does not encode ("required only if …"), an object's members whose
//! nesting the flattened table does not show, integer widths, an API version the page does not
//! give. The draft passes `specgen generate` as it is, and [`run`] checks that it does.

mod request;
mod service;
mod writer;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde_json::{Map, Value};

use crate::names;
use crate::page::{self, Kind, Layout, Row, sections};
use request::{Drafter, Note, Tree, Ty, assemble, notes_node, prose, seq, typed_scalar};
use writer::Node;

pub use writer::to_yaml;

/// `<provider>.<service>.<Operation>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Id {
    /// `tencentcloud`, `alibabacloud` or `huaweicloud`.
    pub provider: String,
    /// The service id, lower case (`postgres`).
    pub service: String,
    /// The operation, UpperCamelCase (`CreateBackupPlan`).
    pub operation: String,
}

impl FromStr for Id {
    type Err = ImportError;

    fn from_str(s: &str) -> Result<Id, ImportError> {
        let bad = |why: &str| ImportError::Id(format!("`{s}`: {why}"));
        let parts: Vec<&str> = s.split('.').collect();
        let [provider, service, operation] = parts[..] else {
            return Err(bad(
                "give it as <provider>.<service>.<Operation>, e.g. tencentcloud.postgres.CreateBackupPlan",
            ));
        };
        if protocol(provider).is_none() {
            return Err(bad(
                "the provider must be tencentcloud, alibabacloud or huaweicloud",
            ));
        }
        let lower = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        if !lower(service) {
            return Err(bad("the service id is lower case (letters, digits, `-`)"));
        }
        if !names::is_identifier(operation) || names::type_name(operation) != operation {
            return Err(bad(
                "the operation is an UpperCamelCase name (`CreateBackupPlan`)",
            ));
        }
        Ok(Id {
            provider: provider.to_owned(),
            service: service.to_owned(),
            operation: operation.to_owned(),
        })
    }
}

/// Why an import failed.
#[derive(Debug)]
pub enum ImportError {
    /// A malformed `--id`.
    Id(String),
    /// A file that cannot be read or written.
    Io(PathBuf, std::io::Error),
    /// The page has no request-parameter table in a layout the reader knows.
    NoTable(PathBuf),
    /// The spec file exists already; an import never overwrites a spec.
    Exists(PathBuf),
    /// The draft does not pass `specgen generate` (the rendered diagnostics).
    Draft(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Id(why) => write!(f, "--id {why}"),
            ImportError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            ImportError::NoTable(path) => write!(
                f,
                "{}: no request-parameter table in a known layout (Tencent `Parameter Name Required Type Description`, Alibaba `Parameter`/`Type`/`Required`/`Description`/`Example`, Huawei `Parameter`/`Mandatory`/`Type`/`Description`)",
                path.display()
            ),
            ImportError::Exists(path) => write!(
                f,
                "{} exists already; move it away or import into another directory",
                path.display()
            ),
            ImportError::Draft(diagnostics) => {
                write!(
                    f,
                    "the draft does not pass `specgen generate`:\n{diagnostics}"
                )
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// A drafted operation, and its service when asked for.
#[derive(Clone, Debug)]
pub struct Draft {
    /// `<Operation>.yaml`.
    pub operation: String,
    /// `service.yaml`.
    pub service: String,
    /// How many notes the author must settle (`decision: TODO …`).
    pub todo: usize,
    /// How many of them are in the drafted `service.yaml`.
    pub todo_service: usize,
    /// The layout the page was read in.
    pub layout: Layout,
    /// How many request parameters and members were drafted.
    pub parameters: usize,
}

/// The protocol of a provider.
fn protocol(provider: &str) -> Option<&'static str> {
    match provider {
        "tencentcloud" => Some("tc3"),
        "alibabacloud" => Some("acs_rpc"),
        "huaweicloud" => Some("huawei_rest"),
        _ => None,
    }
}

/// Common parameters of Tencent's tables: carried by the client, not request fields.
fn common(row: &Row) -> Option<&'static str> {
    match row.name.as_str() {
        "Action" => Some("action"),
        "Version" => Some("version"),
        "Region" => Some("region"),
        _ => None,
    }
}

/// The value after `The value used for this API:`.
fn value_used(text: &str) -> Option<String> {
    let at = text.find("The value used for this API:")?;
    let rest = text[at + "The value used for this API:".len()..].trim();
    Some(rest.trim_end_matches('.').to_owned())
}

/// Drafts the spec of operation `id` from `page_text`; `document` is the snapshot's path
/// relative to the spec (`pages/<Operation>.txt`).
pub fn draft(page_text: &str, document: &str, id: &Id) -> Option<Draft> {
    let (layout, rows) = page::request_table(page_text)?;
    let meta = sections::meta(page_text, layout);
    let examples = sections::examples(page_text, layout);
    let example_request = example_object(&examples, |e| e.request.as_deref(), false);

    let mut d = Drafter {
        layout,
        operation: id.operation.clone(),
        types: Vec::new(),
        type_names: BTreeSet::new(),
        todo: 0,
        parameters: 0,
        switches: BTreeMap::new(),
    };
    let mut op_notes: Vec<Note> = Vec::new();

    let (commons, rows): (Vec<Row>, Vec<Row>) = if layout == Layout::Tencent {
        rows.into_iter().partition(|r| common(r).is_some())
    } else {
        (Vec::new(), rows)
    };
    let path_rows = if layout == Layout::Huawei {
        sections::path_parameters(page_text)
    } else {
        Vec::new()
    };
    let (method, path) = match (layout, meta.request_line.clone()) {
        (Layout::Alibaba, _) | (_, None) => ("POST".to_owned(), "/".to_owned()),
        (_, Some(line)) => line,
    };
    // Path parameters first: the order fields are drafted in is the order their types are named.
    let mut parameters = path_parameters(&mut d, &path_rows);
    parameters.extend(body_parameters(
        &mut d,
        &rows,
        example_request.as_ref(),
        &mut op_notes,
    ));
    let response = response(&mut d, page_text, &examples, id, &mut op_notes);
    let example_nodes = example_nodes(&examples, &path_rows, &mut op_notes);
    if rows.iter().any(|r| r.kind() == Kind::Integer) {
        op_notes.push(Note::todo(
            "integer widths",
            "The page says integer, without a width.",
            "Every integer is drafted as i64; take each width from the provider's API metadata.",
        ));
    }
    d.note_count(&op_notes);

    let parts = Parts {
        common: common_parameters(&commons, id),
        parameters,
        types: d.types.clone(),
        response,
        errors: error_nodes(page_text),
        statuses: status_nodes(page_text),
        examples: example_nodes,
        notes: op_notes,
    };
    let operation = operation_node(id, document, &meta, layout, (method, path.clone()), parts);

    let version_row = commons
        .iter()
        .find(|r| r.name == "Version")
        .and_then(|r| value_used(&prose(&r.description)));
    let region_row = commons
        .iter()
        .find(|r| r.name == "Region")
        .map(|r| prose(&r.description));
    let (service, todo_service) =
        service::draft(id, layout, &meta, document, &path, version_row, region_row);

    let header = format!(
        "# yaml-language-server: $schema=../../../docs/spec-format.schema.json\n# Drafted from {document} by `specgen import`: settle every note whose decision starts with TODO.\n"
    );
    Some(Draft {
        operation: header.clone() + &to_yaml(&operation),
        service: header + &to_yaml(&service),
        todo: d.todo,
        todo_service,
        layout,
        parameters: d.parameters,
    })
}

/// The JSON object of the first example that has the part `pick` reads; with `unwrap`, the
/// object under a top-level `Response` when there is one (Tencent's envelope).
fn example_object(
    examples: &[sections::PageExample],
    pick: impl Fn(&sections::PageExample) -> Option<&str>,
    unwrap: bool,
) -> Option<Map<String, Value>> {
    examples
        .iter()
        .find_map(pick)
        .and_then(|r| serde_json::from_str::<Value>(r).ok())
        .and_then(|v| {
            let v = if unwrap {
                v.get("Response").cloned().unwrap_or(v)
            } else {
                v
            };
            v.as_object().cloned()
        })
}

/// The common parameters of Tencent's tables (Action, Version, Region), with the values the
/// page gives.
fn common_parameters(commons: &[Row], id: &Id) -> Vec<Node> {
    commons
        .iter()
        .map(|r| {
            let text = prose(&r.description);
            let value = match r.name.as_str() {
                "Action" => Some(id.operation.clone()),
                "Version" => value_used(&text),
                _ => None,
            };
            Node::map([
                ("name", Some(Node::Str(r.name.clone()))),
                ("carried_by", common(r).map(|c| Node::Str(c.to_owned()))),
                ("value", value.map(Node::Str)),
                ("description", Some(Node::Prose(text))),
            ])
        })
        .collect()
}

/// The path parameters of Huawei's URI table, each marked `in: path`.
fn path_parameters(d: &mut Drafter, path_rows: &[Row]) -> Vec<Node> {
    let mut parameters = Vec::new();
    for r in path_rows {
        let mut node = d.field(&Tree::leaf(r.clone()), true, None);
        if let Node::Map(entries) = &mut node {
            let at = entries
                .iter()
                .position(|(k, _)| k == "description")
                .unwrap_or(entries.len());
            entries.insert(at, ("in".to_owned(), Node::Str("path".to_owned())));
        }
        parameters.push(node);
    }
    parameters
}

/// The request table's parameters, nested as the page's names and example show; a row the
/// draft cannot place becomes a note instead.
fn body_parameters(
    d: &mut Drafter,
    rows: &[Row],
    example_request: Option<&Map<String, Value>>,
    op_notes: &mut Vec<Note>,
) -> Vec<Node> {
    let trees = assemble(rows, d.layout, example_request);
    for tree in &trees {
        let values = page::facts(&tree.row.description).values;
        if tree.row.kind() == Kind::String && !values.is_empty() {
            d.switches.insert(tree.row.name.clone(), values);
        }
    }
    let mut parameters = Vec::new();
    let mut seen_top = BTreeSet::new();
    for tree in &trees {
        let example = example_request
            .and_then(|e| e.get(tree.row.name.strip_suffix(".N").unwrap_or(&tree.row.name)));
        if tree.row.name.is_empty() || !seen_top.insert(tree.row.name.clone()) {
            op_notes.push(Note::todo(
                "parameters",
                format!(
                    "The table has a row {:?} ({}) at line {} that the draft cannot place.",
                    tree.row.name, tree.row.ty, tree.row.line
                ),
                "It is left out: place it by hand.",
            ));
            continue;
        }
        parameters.push(d.field(tree, true, example));
    }
    parameters
}

/// The response: the page's response table, or only `RequestId` with a note when the page
/// has none the reader knows.
fn response(
    d: &mut Drafter,
    page_text: &str,
    examples: &[sections::PageExample],
    id: &Id,
    op_notes: &mut Vec<Note>,
) -> Node {
    let (root, response_rows) = sections::response_table(page_text, d.layout);
    let response_example = example_object(examples, |e| e.response.as_deref(), true);
    let mut response_fields = Vec::new();
    let mut seen_response = BTreeSet::new();
    for r in response_rows.iter().filter(|r| !r.name.is_empty()) {
        if seen_response.insert(r.name.clone()) {
            response_fields.push(response_field(d, r, response_example.as_ref()));
        }
    }
    if response_fields.is_empty() {
        op_notes.push(Note::todo(
            "response",
            "The page has no response table in a layout the reader knows.",
            "The response lists only RequestId; transcribe the response fields.",
        ));
        response_fields.push(Node::map([
            ("name", Some(Node::Str("RequestId".to_owned()))),
            ("type", Some(Node::Str("string".to_owned()))),
            (
                "description",
                Some(Node::Prose("The request ID.".to_owned())),
            ),
        ]));
    }
    Node::map([
        (
            "description",
            Some(Node::Prose(root.unwrap_or_else(|| {
                format!("The result of {}.", id.operation)
            }))),
        ),
        (
            "fields",
            Some(Node::Seq {
                items: response_fields,
                spaced: false,
            }),
        ),
    ])
}

/// One response field: its type (a note when the page's type is not a scalar), description and
/// an example from the row or the page's example response, kept only when it fits the type.
fn response_field(d: &mut Drafter, r: &Row, response_example: Option<&Map<String, Value>>) -> Node {
    let ty = match r.kind() {
        Kind::Integer => Ty::Int,
        Kind::Boolean => Ty::Bool,
        Kind::List => Ty::List(Box::new(Ty::String)),
        _ => Ty::String,
    };
    let example = r
        .example
        .as_deref()
        .map(|e| typed_scalar(&ty, e))
        .or_else(|| response_example.and_then(|x| x.get(&r.name)).cloned())
        .filter(|v| {
            matches!(
                (&ty, v),
                (Ty::Int, Value::Number(_))
                    | (Ty::Bool, Value::Bool(_))
                    | (Ty::String, Value::String(_))
            )
        });
    let mut notes = Vec::new();
    if !matches!(r.kind(), Kind::String | Kind::Integer | Kind::Boolean) {
        notes.push(Note::todo(
            "type",
            format!("The page types {} as {}.", r.name, r.ty),
            format!("Drafted as {}; declare its type.", ty.spec()),
        ));
    }
    d.note_count(&notes);
    let text = prose(&r.description);
    Node::map([
        ("name", Some(Node::Str(r.name.clone()))),
        ("type", Some(Node::Str(ty.spec()))),
        (
            "description",
            Some(Node::Prose(if text.is_empty() {
                format!("{}.", r.name)
            } else {
                text
            })),
        ),
        ("examples", example.map(|v| Node::Flow(vec![v]))),
        ("notes", notes_node(&notes)),
    ])
}

/// The page's error codes.
fn error_nodes(page_text: &str) -> Vec<Node> {
    sections::error_codes(page_text)
        .into_iter()
        .map(|e| {
            Node::map([
                ("code", Some(Node::Str(e.code))),
                (
                    "http_status",
                    e.http_status.map(|s| Node::Int(i128::from(s))),
                ),
                ("message", e.message.map(Node::Prose)),
                ("description", e.description.map(Node::Prose)),
            ])
        })
        .collect()
}

/// The page's HTTP statuses.
fn status_nodes(page_text: &str) -> Vec<Node> {
    sections::status_codes(page_text)
        .into_iter()
        .map(|(status, description)| {
            Node::map([
                ("status", Some(Node::Int(i128::from(status)))),
                ("description", Some(Node::Prose(description))),
            ])
        })
        .collect()
}

/// The page's examples, with placeholders for the required path parameters the page's example
/// leaves out (and a note saying so).
fn example_nodes(
    examples: &[sections::PageExample],
    path_rows: &[Row],
    op_notes: &mut Vec<Note>,
) -> Vec<Node> {
    let required_paths: Vec<&Row> = path_rows.iter().filter(|r| r.is_required()).collect();
    let nodes = examples
        .iter()
        .map(|e| {
            let path_parameters = (e.request.is_some() && !required_paths.is_empty()).then(|| {
                Node::Map(
                    required_paths
                        .iter()
                        .map(|r| {
                            (
                                r.name.clone(),
                                Node::Str(format!("example-{}", r.name.replace('_', "-"))),
                            )
                        })
                        .collect(),
                )
            });
            Node::map([
                ("title", Some(Node::Str(e.title.clone()))),
                ("description", e.description.clone().map(Node::Prose)),
                ("path_parameters", path_parameters),
                ("request", e.request.clone().map(Node::Literal)),
                ("response", e.response.clone().map(Node::Literal)),
            ])
        })
        .collect();
    if !required_paths.is_empty() && examples.iter().any(|e| e.request.is_some()) {
        op_notes.push(Note::todo(
            "examples",
            "The page's example request gives no value for the path parameters.",
            "The draft fills them with placeholders (`example-…`) so that the example validates; replace them with realistic values.",
        ));
    }
    nodes
}

/// The drafted sections of an operation's spec, in the order the file lists them.
struct Parts {
    /// The common parameters (Tencent's Action, Version, Region).
    common: Vec<Node>,
    /// Path parameters, then the request table's.
    parameters: Vec<Node>,
    /// Named object types, in the order they were met.
    types: Vec<(String, Node)>,
    /// The response.
    response: Node,
    /// The error codes.
    errors: Vec<Node>,
    /// The HTTP statuses.
    statuses: Vec<Node>,
    /// The examples.
    examples: Vec<Node>,
    /// The operation's own notes.
    notes: Vec<Note>,
}

/// The `<Operation>.yaml` document: what the page says about itself, the request line, and the
/// drafted `parts`.
fn operation_node(
    id: &Id,
    document: &str,
    meta: &sections::Meta,
    layout: Layout,
    (method, path): (String, String),
    parts: Parts,
) -> Node {
    Node::map([
        ("operation", Some(Node::Str(id.operation.clone()))),
        (
            "description",
            Some(Node::Prose(
                meta.summary
                    .clone()
                    .unwrap_or_else(|| format!("{}.", id.operation)),
            )),
        ),
        (
            "source",
            Some(Node::map([
                ("document", Some(Node::Str(document.to_owned()))),
                (
                    "title",
                    Some(Node::Str(
                        meta.title.clone().unwrap_or_else(|| id.operation.clone()),
                    )),
                ),
                ("updated", meta.updated.clone().map(Node::Str)),
            ])),
        ),
        (
            "http",
            Some(Node::map([
                ("method", Some(Node::Str(method))),
                ("path", Some(Node::Str(path))),
            ])),
        ),
        (
            "in",
            Some(Node::Str(match layout {
                Layout::Alibaba => "query".to_owned(),
                _ => "json".to_owned(),
            })),
        ),
        ("common_parameters", seq(parts.common, false)),
        (
            "parameters",
            Some(Node::Seq {
                items: parts.parameters,
                spaced: true,
            }),
        ),
        (
            "types",
            (!parts.types.is_empty()).then_some(Node::Map(parts.types)),
        ),
        ("response", Some(parts.response)),
        ("errors", seq(parts.errors, false)),
        ("status_codes", seq(parts.statuses, false)),
        ("examples", seq(parts.examples, true)),
        ("notes", notes_node(&parts.notes)),
    ])
}

/// What [`run`] wrote.
#[derive(Debug)]
pub struct Imported {
    /// The files written, under the output directory.
    pub written: Vec<PathBuf>,
    /// The draft.
    pub draft: Draft,
}

/// Drafts `DIR/<Operation>.yaml` (and `DIR/service.yaml` when `DIR` has none) from `page`,
/// copies the page to `DIR/pages/<Operation>.txt`, and checks that the draft passes
/// `specgen generate` (with the service's existing spec, when there is one). Nothing is
/// written when the check fails or a spec file is in the way.
pub fn run(page: &Path, id: &str, out: &Path) -> Result<Imported, ImportError> {
    let id: Id = id.parse()?;
    let text = fs::read_to_string(page).map_err(|e| ImportError::Io(page.to_owned(), e))?;
    let document = format!("pages/{}.txt", id.operation);
    let draft =
        draft(&text, &document, &id).ok_or_else(|| ImportError::NoTable(page.to_owned()))?;
    let spec_path = out.join(format!("{}.yaml", id.operation));
    if spec_path.exists() {
        return Err(ImportError::Exists(spec_path));
    }
    let service_path = out.join("service.yaml");
    let existing_service = match fs::read_to_string(&service_path) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(ImportError::Io(service_path, e)),
    };
    let mut files = BTreeMap::new();
    files.insert(format!("{}.yaml", id.operation), draft.operation.clone());
    files.insert(document.clone(), text.clone());
    if existing_service.is_none() {
        files.insert("service.yaml".to_owned(), draft.service.clone());
    }
    verify(&id, &draft, existing_service.as_deref(), &text)?;
    let changes = crate::write::Changes {
        created: files.keys().cloned().collect(),
        ..Default::default()
    };
    crate::write::apply(out, &files, &changes).map_err(|e| match e {
        crate::write::WriteError::Io(path, e) => ImportError::Io(path, e),
        other => ImportError::Io(out.to_owned(), std::io::Error::other(other.to_string())),
    })?;
    Ok(Imported {
        written: files.keys().map(|k| out.join(k)).collect(),
        draft,
    })
}

/// Runs the generator's checks on a draft, with `service` (or the drafted one).
pub fn verify(
    id: &Id,
    draft: &Draft,
    service: Option<&str>,
    page: &str,
) -> Result<(), ImportError> {
    let dir = |file: &str| vec![id.provider.clone(), id.service.clone(), file.to_owned()];
    let files = vec![
        (
            dir("service.yaml"),
            service.unwrap_or(&draft.service).to_owned(),
        ),
        (
            dir(&format!("{}.yaml", id.operation)),
            draft.operation.clone(),
        ),
        (
            vec![
                id.provider.clone(),
                id.service.clone(),
                "pages".to_owned(),
                format!("{}.txt", id.operation),
            ],
            page.to_owned(),
        ),
    ];
    let (sources, result) = crate::build_sources(files, "specs", "cloud-backup-sdk");
    match result {
        Ok(_) => Ok(()),
        Err(errors) => Err(ImportError::Draft(errors.render(&sources, false))),
    }
}
