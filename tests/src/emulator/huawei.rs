//! Huawei Cloud VBS v2 with SDK-HMAC-SHA256: `POST /v2/{project_id}/backuppolicy`.
//!
//! # What is accepted
//!
//! `POST /v2/{project_id}/backuppolicy`, the project id percent-encoded as one path segment
//! (`/v2/a%2Fb/backuppolicy` is project `a/b`); any other path shape (a trailing slash, more or
//! fewer segments, another method) is HTTP 404 `APIGW.0101`. No query string. Header fields
//! (names case-insensitive): `Content-Type: application/json` (parameters allowed), `Host`,
//! `X-Sdk-Date` (`20191115T033655Z`), `X-Project-Id` equal to the path's project id,
//! `X-Security-Token` exactly when a session token is configured, and
//! `Authorization: SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=content-type;host;x-sdk-date[;...], Signature=<hex>`
//! (spaces after the commas optional). The body is the JSON object of the VBS page
//! (`backup_policy_name`, `scheduled_policy` with `start_time`, `frequency`, `week_frequency`,
//! `rentention_num`, `rentention_day`, `remain_first_backup_of_curMonth`, `status`; `tags`
//! of `{key, value}`; `time_zone`); unknown members are refused, or, under
//! [`Config::accept_undocumented`](super::Config::accept_undocumented), kept by their path in
//! [`Created::undocumented`](super::Created::undocumented) (`new_member`,
//! `scheduled_policy.new_member`, `tags[0].new_member`).
//!
//! # What the verifier checks
//!
//! `SignedHeaders` must be lower-case, sorted, without repeats, and include `content-type`,
//! `host` and `x-sdk-date`. The canonical request is
//! `POST\n<canonical URI>\n<canonical query>\n<name:trimmed value\n ...>\n<signed>\n<hex sha256 of body>`;
//! the canonical URI takes each path segment percent-decoded and re-encoded (RFC 3986) and ends
//! with `/` (`/v2/a%2Fb/backuppolicy/`). The variant of Huawei's Python SDK core, which decodes
//! the whole path before splitting it (`/v2/a/b/backuppolicy/`), is accepted too: the two
//! differ only for a segment holding `%2F`. The string to sign is
//! `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256 of canonical request>`, the signature hex
//! HMAC-SHA256 keyed with the secret.
//!
//! # Answers
//!
//! Success: HTTP 200 `{"backup_policy_id": "policy-N"}`, header `X-Request-Id`. Errors in the
//! configured [`HuaweiErrorShape`](super::HuaweiErrorShape):
//!
//! | status | code | when |
//! | --- | --- | --- |
//! | 404 | `APIGW.0101` | path or method not served |
//! | 401 | `APIGW.0301` | any authentication failure: `Authorization` or `X-Sdk-Date` missing or malformed, unknown AK, date too far from the clock, session token problem, signature mismatch (the message says which, and shows the server's canonical request) |
//! | 429 | `APIGW.0308` | throttling (fault or rate limit) |
//! | 400 | `VBS.0001` | `X-Project-Id` missing or different, wrong content type, a query string, a body that is not the expected JSON (missing, unknown or mistyped members) |

use serde_json::{Map, Value, json};

use super::http::{self, Request, Response, canonical_query, percent_decode, percent_encode};
use super::{
    ApiError, Config, Created, Inspection, Outcome, Shared, Success, canonical_headers,
    constant_time_eq, datetime, header_pairs, hmac_sha256, parse_signed_headers, sha256_hex,
    within_skew,
};

/// The algorithm name.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The action name recorded for this operation.
pub const ACTION: &str = "CreateBackupPolicy";

/// The canonical URI: every segment of the raw (percent-encoded) `path` decoded and
/// re-encoded, then a trailing `/` unless there is one.
pub fn canonical_uri(path: &str) -> Result<String, String> {
    let segments = path
        .split('/')
        .map(|s| percent_decode(s, false).map(|d| percent_encode(&d)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut uri = segments.join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Ok(uri)
}

/// The canonical URI as Huawei's Python SDK core computes it: the whole path decoded first,
/// then split at `/` and each piece re-encoded, then a trailing `/`.
pub fn sdk_core_canonical_uri(path: &str) -> Result<String, String> {
    let decoded = percent_decode(path, false)?;
    let mut uri = decoded
        .split('/')
        .map(percent_encode)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Ok(uri)
}

/// The canonical request from its parts: `canonical_uri` as made by [`canonical_uri`], the
/// decoded query pairs, all header fields (any name case), the lower-case sorted signed names,
/// and the body.
pub fn canonical_request<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    canonical_uri: &str,
    query: &[(K, V)],
    headers: &[(&str, &str)],
    signed_headers: &[&str],
    payload: &[u8],
) -> Result<String, String> {
    let block = canonical_headers(headers, signed_headers, false)?;
    Ok(format!(
        "{method}\n{canonical_uri}\n{}\n{block}\n{}\n{}",
        canonical_query(query),
        signed_headers.join(";"),
        sha256_hex(payload)
    ))
}

/// `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// Hex HMAC-SHA256 of the string to sign keyed with the secret.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    hex::encode(hmac_sha256(secret.as_bytes(), string_to_sign.as_bytes()))
}

/// `SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<a;b>, Signature=<hex>`.
pub fn authorization(access_key_id: &str, signed_headers: &[&str], signature: &str) -> String {
    format!(
        "{ALGORITHM} Access={access_key_id}, SignedHeaders={}, Signature={signature}",
        signed_headers.join(";")
    )
}

/// A parsed `Authorization` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The AK.
    pub access_key_id: String,
    /// The signed header names.
    pub signed_headers: Vec<String>,
    /// The hex signature.
    pub signature: String,
}

/// Parses `SDK-HMAC-SHA256 Access=ak, SignedHeaders=a;b, Signature=hex`.
pub fn parse_authorization(value: &str) -> Result<Authorization, String> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| format!("Authorization must start with \"{ALGORITHM} \""))?;
    let (mut access, mut signed, mut sig) = (None, None, None);
    for part in rest.split(',') {
        let (key, val) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| format!("Authorization part {part:?} is not key=value"))?;
        let slot = match key {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut sig,
            other => return Err(format!("unknown Authorization part {other:?}")),
        };
        if slot.replace(val.to_owned()).is_some() {
            return Err(format!("Authorization part {key} repeated"));
        }
    }
    let access: String = access.ok_or("Authorization lacks Access")?;
    let signed: String = signed.ok_or("Authorization lacks SignedHeaders")?;
    let sig: String = sig.ok_or("Authorization lacks Signature")?;
    if access.is_empty() {
        return Err("Access is empty".into());
    }
    if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("Signature is not 64 hex digits".into());
    }
    Ok(Authorization {
        access_key_id: access,
        signed_headers: parse_signed_headers(&signed)?,
        signature: sig.to_ascii_lowercase(),
    })
}

/// The project id of a served path, or `None` for any other path shape.
fn route(req: &Request) -> Option<String> {
    if req.method != "POST" {
        return None;
    }
    let segments: Vec<&str> = req.path.split('/').collect();
    let ["", "v2", project, "backuppolicy"] = segments.as_slice() else {
        return None;
    };
    percent_decode(project, false)
        .ok()
        .filter(|p| !p.is_empty())
}

fn auth_error(message: impl Into<String>) -> ApiError {
    ApiError::new(
        401,
        "APIGW.0301",
        format!(
            "Incorrect IAM authentication information: {}",
            message.into()
        ),
    )
}

/// Route and authentication of a request; the verdict carries the project id.
pub(crate) fn inspect(config: &Config, now: i64, req: &Request) -> Inspection<String> {
    let project = route(req);
    let action = project.as_ref().map(|_| ACTION.to_owned());
    let mut signature_valid = false;
    let verdict = match project {
        None => Err(ApiError::new(
            404,
            "APIGW.0101",
            format!(
                "The API does not exist or has not been published in the environment: {} {}",
                req.method, req.path
            ),
        )),
        Some(project) => verify(config, now, req, &mut signature_valid).map(|()| project),
    };
    Inspection {
        action,
        signature_valid,
        verdict,
    }
}

fn verify(
    config: &Config,
    now: i64,
    req: &Request,
    signature_valid: &mut bool,
) -> Result<(), ApiError> {
    let authorization = req
        .header("authorization")
        .ok_or_else(|| auth_error("the Authorization header is missing"))?;
    let auth = parse_authorization(authorization).map_err(auth_error)?;
    let date = req
        .header("x-sdk-date")
        .ok_or_else(|| auth_error("the X-Sdk-Date header is missing"))?;
    let signed: Vec<&str> = auth.signed_headers.iter().map(String::as_str).collect();
    for needed in ["content-type", "host", "x-sdk-date"] {
        if !signed.contains(&needed) {
            return Err(auth_error(format!("SignedHeaders must include {needed}")));
        }
    }
    let query = http::parse_form(&req.query).map_err(auth_error)?;
    let headers = header_pairs(req);
    let mut uris = vec![canonical_uri(&req.path).map_err(auth_error)?];
    let sdk_uri = sdk_core_canonical_uri(&req.path).map_err(auth_error)?;
    if sdk_uri != uris[0] {
        uris.push(sdk_uri);
    }
    let mut first = None;
    for uri in &uris {
        let canonical = canonical_request(&req.method, uri, &query, &headers, &signed, &req.body)
            .map_err(auth_error)?;
        let expected = signature(&config.secret, &string_to_sign(date, &canonical));
        if constant_time_eq(&expected, &auth.signature) {
            *signature_valid = true;
        }
        first.get_or_insert(canonical);
    }
    if auth.access_key_id != config.access_key_id {
        return Err(auth_error(format!(
            "the access key {} does not exist",
            auth.access_key_id
        )));
    }
    let t = datetime::parse_basic(date).ok_or_else(|| {
        auth_error(format!(
            "X-Sdk-Date {date:?} is not in the format YYYYMMDDTHHMMSSZ"
        ))
    })?;
    if !within_skew(now, t, config.max_clock_skew) {
        return Err(auth_error(format!(
            "X-Sdk-Date {date} is more than {} s from the server time {}",
            config.max_clock_skew.as_secs(),
            datetime::basic(now)
        )));
    }
    match (
        config.session_token.as_deref(),
        req.header("x-security-token"),
    ) {
        (None, None) => {}
        (Some(want), Some(got)) if want == got => {}
        (Some(_), None) => return Err(auth_error("the X-Security-Token header is missing")),
        (None, Some(_)) => {
            return Err(auth_error("X-Security-Token sent for a permanent key"));
        }
        (Some(_), Some(_)) => return Err(auth_error("X-Security-Token is wrong")),
    }
    if !*signature_valid {
        return Err(auth_error(format!(
            "verify aksk signature fail; server canonical request: {:?}",
            first.unwrap_or_default()
        )));
    }
    Ok(())
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(
        400,
        "VBS.0001",
        format!("Invalid parameter: {}", message.into()),
    )
}

#[derive(Clone, Copy)]
enum Kind {
    Str,
    Int,
    StrList,
}

const SCHEDULED_POLICY: &[(&str, Kind, bool)] = &[
    ("start_time", Kind::Str, true),
    ("frequency", Kind::Int, false),
    ("week_frequency", Kind::StrList, false),
    ("rentention_num", Kind::Int, false),
    ("rentention_day", Kind::Int, false),
    ("remain_first_backup_of_curMonth", Kind::Str, false),
    ("status", Kind::Str, true),
];

/// Checks the members of the object at `path`: an unknown one is refused, or kept in
/// `undocumented` (by its path) when that is given.
fn check_object(
    path: &str,
    value: &Value,
    members: &[(&str, Kind, bool)],
    undocumented: Option<&mut Map<String, Value>>,
) -> Result<Map<String, Value>, ApiError> {
    let object = value
        .as_object()
        .ok_or_else(|| invalid(format!("{path} must be an object")))?;
    keep_unknown(
        path,
        object,
        |name| members.iter().any(|(m, ..)| *m == name),
        undocumented,
    )?;
    let mut out = Map::new();
    for (name, kind, required) in members {
        let Some(v) = object.get(*name) else {
            if *required {
                return Err(invalid(format!("{path}.{name} is required")));
            }
            continue;
        };
        let ok = match kind {
            Kind::Str => v.is_string(),
            Kind::Int => v.is_i64() || v.is_u64(),
            Kind::StrList => v
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
        };
        if !ok {
            return Err(invalid(format!("{path}.{name} has the wrong type")));
        }
        out.insert((*name).to_owned(), v.clone());
    }
    Ok(out)
}

/// Refuses the members of `object` (at `path`, empty at the top) that are not `known`, or
/// keeps them in `undocumented` by their path.
fn keep_unknown(
    path: &str,
    object: &Map<String, Value>,
    known: impl Fn(&str) -> bool,
    mut undocumented: Option<&mut Map<String, Value>>,
) -> Result<(), ApiError> {
    for (name, value) in object {
        if known(name) {
            continue;
        }
        let at = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        match undocumented.as_deref_mut() {
            Some(kept) => {
                kept.insert(at, value.clone());
            }
            None => return Err(invalid(format!("unknown member {at}"))),
        }
    }
    Ok(())
}

/// The members of the body.
const BODY: &[&str] = &[
    "backup_policy_name",
    "scheduled_policy",
    "tags",
    "time_zone",
];

/// Validates and performs the creation of a backup policy.
pub(crate) fn execute(
    shared: &Shared,
    req: &Request,
    project_id: String,
    request_id: &str,
) -> Result<Success, ApiError> {
    match req.header("x-project-id") {
        None => return Err(invalid("the X-Project-Id header is missing")),
        Some(p) if p != project_id => {
            return Err(invalid(format!(
                "X-Project-Id {p:?} differs from the path's project id {project_id:?}"
            )));
        }
        Some(_) => {}
    }
    let content_type = req.header("content-type").unwrap_or_default();
    if http::media_type(content_type) != "application/json" {
        return Err(invalid(format!(
            "Content-Type {content_type:?} is not application/json"
        )));
    }
    if !req.query.is_empty() {
        return Err(invalid("no query parameters are accepted"));
    }
    let body: Value = serde_json::from_slice(&req.body)
        .map_err(|e| invalid(format!("the body is not JSON: {e}")))?;
    let object = body
        .as_object()
        .ok_or_else(|| invalid("the body must be a JSON object"))?;
    let mut undocumented = Map::new();
    let accept = shared.config.accept_undocumented;
    keep_unknown(
        "",
        object,
        |name| BODY.contains(&name),
        accept.then_some(&mut undocumented),
    )?;
    let mut params = Map::new();
    params.insert("project_id".to_owned(), json!(project_id));
    let name = object
        .get("backup_policy_name")
        .ok_or_else(|| invalid("backup_policy_name is required"))?;
    if !name.is_string() {
        return Err(invalid("backup_policy_name must be a string"));
    }
    params.insert("backup_policy_name".to_owned(), name.clone());
    let policy = object
        .get("scheduled_policy")
        .ok_or_else(|| invalid("scheduled_policy is required"))?;
    let mut policy = check_object(
        "scheduled_policy",
        policy,
        SCHEDULED_POLICY,
        accept.then_some(&mut undocumented),
    )?;
    if let Some(Value::String(times)) = policy.get("start_time") {
        let list: Vec<Value> = times.split(',').map(|t| json!(t)).collect();
        policy.insert("start_time".to_owned(), Value::Array(list));
    }
    params.insert("scheduled_policy".to_owned(), Value::Object(policy));
    if let Some(tags) = object.get("tags") {
        let items = tags
            .as_array()
            .ok_or_else(|| invalid("tags must be an array"))?;
        let tags = items
            .iter()
            .enumerate()
            .map(|(i, tag)| {
                check_object(
                    &format!("tags[{i}]"),
                    tag,
                    &[("key", Kind::Str, true), ("value", Kind::Str, true)],
                    accept.then_some(&mut undocumented),
                )
                .map(Value::Object)
            })
            .collect::<Result<Vec<_>, _>>()?;
        params.insert("tags".to_owned(), Value::Array(tags));
    }
    if let Some(zone) = object.get("time_zone") {
        if !zone.is_string() {
            return Err(invalid("time_zone must be a string"));
        }
        params.insert("time_zone".to_owned(), zone.clone());
    }
    let id = {
        let mut state = shared.lock();
        let id = state.next_id("policy");
        state.created.push(Created {
            id: id.clone(),
            action: ACTION.to_owned(),
            idempotency_token: None,
            params: Value::Object(params),
            undocumented: Value::Object(undocumented),
        });
        id
    };
    Ok(Success {
        response: Response::json(200, &json!({"backup_policy_id": id}))
            .with_header("X-Request-Id", request_id),
        outcome: Outcome::Created { id },
    })
}
