//! Tencent Cloud API 3.0 with TC3-HMAC-SHA256: postgres 2017-03-12 `CreateBackupPlan`.
//!
//! # What is accepted
//!
//! `POST /` without a query string; header fields (names case-insensitive):
//! `Content-Type: application/json` (parameters such as `; charset=utf-8` allowed), `Host`,
//! `X-TC-Action: CreateBackupPlan`, `X-TC-Version: 2017-03-12`, `X-TC-Region` (one of the
//! regions of the spec), `X-TC-Timestamp` (UNIX seconds), `X-TC-Token` exactly when the
//! emulator is configured with a session token, and
//! `Authorization: TC3-HMAC-SHA256 Credential=<id>/<YYYY-MM-DD>/postgres/tc3_request, SignedHeaders=content-type;host[;...], Signature=<hex>`
//! (the spaces after the commas are optional). The body is one JSON object with the operation's
//! parameters (an empty body counts as `{}`).
//!
//! # What the verifier checks
//!
//! The canonical request is `POST\n/\n<raw query>\n<headers>\n<signed headers>\n<hex sha256 of body>`,
//! where each signed header contributes `name:value\n` with the name and the **value
//! lower-cased** and trimmed (the published example signs `x-tc-action:describeinstances`).
//! `SignedHeaders` must be lower-case, sorted, without repeats, contain `content-type` and
//! `host`, and name only headers present once. The credential date must be the UTC date of
//! `X-TC-Timestamp`, the service `postgres`. The string to sign is
//! `TC3-HMAC-SHA256\n<timestamp>\n<date>/postgres/tc3_request\n<hex sha256 of canonical request>`,
//! signed with the key chain `HMAC("TC3"+secret, date)`, `HMAC(·, service)`,
//! `HMAC(·, "tc3_request")`.
//!
//! # Answers
//!
//! Success: HTTP 200 `{"Response": {"PlanId": "plan-N", "RequestId": "..."}}`. Errors: HTTP 200
//! (except for faults and unreadable HTTP) `{"Response": {"Error": {"Code", "Message"},
//! "RequestId"}}` with the codes:
//!
//! | code | when |
//! | --- | --- |
//! | `AuthFailure.InvalidAuthorization` | `Authorization` missing or malformed, wrong algorithm, service or scope, `X-TC-Timestamp` missing or not an integer, `SignedHeaders` malformed or lacking `content-type`/`host`, a signed header missing |
//! | `AuthFailure.SecretIdNotFound` | unknown SecretId |
//! | `AuthFailure.SignatureExpire` | timestamp further from the clock than allowed |
//! | `AuthFailure.TokenFailure` | `X-TC-Token` missing, wrong, or sent when none is configured |
//! | `AuthFailure.SignatureFailure` | signature mismatch |
//! | `UnsupportedProtocol` | method other than POST |
//! | `ResourceNotFound` (HTTP 404) | path other than `/` |
//! | `MissingParameter` | `X-TC-Action`, `X-TC-Version` or `X-TC-Region` missing, or a required body parameter missing |
//! | `InvalidAction` / `NoSuchVersion` / `UnsupportedRegion` | wrong action / version / region |
//! | `InvalidParameter` | wrong content type, a query string, a body that is not a JSON object, a parameter of the wrong JSON type |
//! | `UnknownParameter` | a body member that is not a parameter (`Action`, `Region`, ... included); under [`Config::accept_undocumented`](super::Config::accept_undocumented) only the common parameters' names ([`COMMON_PARAMS`]), other unknown members being kept in [`Created::undocumented`](super::Created::undocumented) |
//! | `InvalidParameterValue.InvalidParameterValueError` | `BackupPeriodType` not `month`, `BaseBackupRetentionPeriod` not below 30000 |
//! | `RequestLimitExceeded` | throttling (fault or rate limit) |

use serde_json::{Map, Value, json};

use super::http::{self, Request, Response};
use super::{
    ApiError, Config, Created, Inspection, Outcome, Shared, Success, canonical_headers,
    constant_time_eq, datetime, header_pairs, hmac_sha256, parse_signed_headers, sha256_hex,
    within_skew,
};

/// The signature algorithm name.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
/// The service of the credential scope.
pub const SERVICE: &str = "postgres";
/// The only action served.
pub const ACTION: &str = "CreateBackupPlan";
/// The only API version served.
pub const VERSION: &str = "2017-03-12";
/// The regions `CreateBackupPlan` supports (the spec's list).
pub const REGIONS: &[&str] = &[
    "ap-bangkok",
    "ap-beijing",
    "ap-chengdu",
    "ap-chongqing",
    "ap-guangzhou",
    "ap-hongkong",
    "ap-jakarta",
    "ap-nanjing",
    "ap-seoul",
    "ap-shanghai",
    "ap-shanghai-fsi",
    "ap-shenzhen-fsi",
    "ap-singapore",
    "ap-tokyo",
    "eu-frankfurt",
    "na-ashburn",
    "na-siliconvalley",
    "sa-saopaulo",
];

/// The canonical request: `method\n/\n<canonical_query>\n<canonical headers>\n<signed>\n<hashed payload>`.
///
/// `headers` are all the request's header fields (any name case); the ones named in
/// `signed_headers` (lower-case, in that order) enter, name and value lower-cased, value trimmed.
/// `canonical_query` is the query string as sent (empty for POST).
pub fn canonical_request(
    method: &str,
    canonical_query: &str,
    headers: &[(&str, &str)],
    signed_headers: &[&str],
    payload: &[u8],
) -> Result<String, String> {
    let block = canonical_headers(headers, signed_headers, true)?;
    Ok(format!(
        "{method}\n/\n{canonical_query}\n{block}\n{}\n{}",
        signed_headers.join(";"),
        sha256_hex(payload)
    ))
}

/// The credential scope `<YYYY-MM-DD>/<service>/tc3_request` of a timestamp.
pub fn credential_scope(timestamp: i64, service: &str) -> String {
    format!("{}/{service}/tc3_request", datetime::utc_date(timestamp))
}

/// The string to sign: `TC3-HMAC-SHA256\n<timestamp>\n<scope>\n<hex sha256 of canonical request>`.
pub fn string_to_sign(timestamp: i64, service: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{timestamp}\n{}\n{}",
        credential_scope(timestamp, service),
        sha256_hex(canonical_request.as_bytes())
    )
}

/// The hex signature of `string_to_sign` with the TC3 key chain for `date` (`YYYY-MM-DD`) and
/// `service`.
pub fn signature(secret: &str, date: &str, service: &str, string_to_sign: &str) -> String {
    let k_date = hmac_sha256(format!("TC3{secret}").as_bytes(), date.as_bytes());
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"tc3_request");
    hex::encode(hmac_sha256(&k_signing, string_to_sign.as_bytes()))
}

/// The `Authorization` value.
pub fn authorization(
    access_key_id: &str,
    timestamp: i64,
    service: &str,
    signed_headers: &[&str],
    signature: &str,
) -> String {
    format!(
        "{ALGORITHM} Credential={access_key_id}/{}, SignedHeaders={}, Signature={signature}",
        credential_scope(timestamp, service),
        signed_headers.join(";")
    )
}

/// A parsed TC3 `Authorization` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The SecretId.
    pub access_key_id: String,
    /// The credential date, `YYYY-MM-DD`.
    pub date: String,
    /// The credential service.
    pub service: String,
    /// The signed header names.
    pub signed_headers: Vec<String>,
    /// The hex signature.
    pub signature: String,
}

/// Parses `TC3-HMAC-SHA256 Credential=id/date/service/tc3_request, SignedHeaders=a;b, Signature=hex`.
pub fn parse_authorization(value: &str) -> Result<Authorization, String> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| format!("Authorization must start with \"{ALGORITHM} \""))?;
    let (mut credential, mut signed, mut sig) = (None, None, None);
    for part in rest.split(',') {
        let (key, val) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| format!("Authorization part {part:?} is not key=value"))?;
        let slot = match key {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut sig,
            other => return Err(format!("unknown Authorization part {other:?}")),
        };
        if slot.replace(val.to_owned()).is_some() {
            return Err(format!("Authorization part {key} repeated"));
        }
    }
    let credential = credential.ok_or("Authorization lacks Credential")?;
    let signed = signed.ok_or("Authorization lacks SignedHeaders")?;
    let sig = sig.ok_or("Authorization lacks Signature")?;
    let parts: Vec<&str> = credential.split('/').collect();
    let [id, date, service, terminator] = parts.as_slice() else {
        return Err(format!(
            "Credential {credential:?} is not <id>/<date>/<service>/tc3_request"
        ));
    };
    if *terminator != "tc3_request" || id.is_empty() {
        return Err(format!(
            "Credential {credential:?} is not <id>/<date>/<service>/tc3_request"
        ));
    }
    if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("Signature is not 64 hex digits".into());
    }
    Ok(Authorization {
        access_key_id: (*id).to_owned(),
        date: (*date).to_owned(),
        service: (*service).to_owned(),
        signed_headers: parse_signed_headers(&signed)?,
        signature: sig.to_ascii_lowercase(),
    })
}

fn auth_error(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(200, code, message)
}

/// Route and authentication of a request.
pub(crate) fn inspect(config: &Config, now: i64, req: &Request) -> Inspection<()> {
    let action = req.header("x-tc-action").map(str::to_owned);
    let mut signature_valid = false;
    let verdict = verify(config, now, req, &mut signature_valid);
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
    if req.path != "/" {
        return Err(ApiError::new(
            404,
            "ResourceNotFound",
            format!(
                "no API at path {:?}; Tencent Cloud API 3.0 serves POST /",
                req.path
            ),
        ));
    }
    if req.method != "POST" {
        return Err(auth_error(
            "UnsupportedProtocol",
            format!("method {} is not supported; use POST", req.method),
        ));
    }
    let invalid = |m: String| auth_error("AuthFailure.InvalidAuthorization", m);
    let authorization = req
        .header("authorization")
        .ok_or_else(|| invalid("the Authorization header is missing".into()))?;
    let auth = parse_authorization(authorization).map_err(invalid)?;
    let timestamp_text = req
        .header("x-tc-timestamp")
        .ok_or_else(|| invalid("the X-TC-Timestamp header is missing".into()))?;
    let timestamp: i64 = timestamp_text
        .parse()
        .ok()
        .filter(|_| timestamp_text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            invalid(format!(
                "X-TC-Timestamp {timestamp_text:?} is not UNIX seconds"
            ))
        })?;
    let signed: Vec<&str> = auth.signed_headers.iter().map(String::as_str).collect();
    for needed in ["content-type", "host"] {
        if !signed.contains(&needed) {
            return Err(invalid(format!("SignedHeaders must include {needed}")));
        }
    }
    let canonical = canonical_request(
        &req.method,
        &req.query,
        &header_pairs(req),
        &signed,
        &req.body,
    )
    .map_err(invalid)?;
    let sts = string_to_sign(timestamp, &auth.service, &canonical);
    let expected = signature(&config.secret, &auth.date, &auth.service, &sts);
    *signature_valid = constant_time_eq(&expected, &auth.signature);

    if auth.date != datetime::utc_date(timestamp) {
        return Err(invalid(format!(
            "credential date {} is not the UTC date of X-TC-Timestamp {timestamp} ({})",
            auth.date,
            datetime::utc_date(timestamp)
        )));
    }
    if auth.service != SERVICE {
        return Err(invalid(format!(
            "credential service {:?} is not {SERVICE}",
            auth.service
        )));
    }
    if auth.access_key_id != config.access_key_id {
        return Err(auth_error(
            "AuthFailure.SecretIdNotFound",
            format!("SecretId {} does not exist", auth.access_key_id),
        ));
    }
    if !within_skew(now, timestamp, config.max_clock_skew) {
        return Err(auth_error(
            "AuthFailure.SignatureExpire",
            format!(
                "X-TC-Timestamp {timestamp} is more than {} s from the server time {now}",
                config.max_clock_skew.as_secs()
            ),
        ));
    }
    match (config.session_token.as_deref(), req.header("x-tc-token")) {
        (None, None) => {}
        (Some(want), Some(got)) if want == got => {}
        (Some(_), None) => {
            return Err(auth_error(
                "AuthFailure.TokenFailure",
                "the X-TC-Token header is missing",
            ));
        }
        (None, Some(_)) => {
            return Err(auth_error(
                "AuthFailure.TokenFailure",
                "X-TC-Token sent for a permanent key",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(auth_error(
                "AuthFailure.TokenFailure",
                "X-TC-Token is wrong",
            ));
        }
    }
    if !*signature_valid {
        return Err(auth_error(
            "AuthFailure.SignatureFailure",
            format!(
                "The provided credentials could not be validated. Please check your signature is correct. (string to sign: {sts:?})"
            ),
        ));
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Kind {
    Str,
    StrList,
    U64,
}

/// The common parameters of API 3.0, which travel in `X-TC-*` headers (or the
/// `Authorization` header), never in the body.
pub const COMMON_PARAMS: &[&str] = &[
    "Action",
    "Region",
    "Timestamp",
    "Version",
    "Authorization",
    "Token",
    "Language",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "RequestClient",
];

const PARAMS: &[(&str, Kind, bool)] = &[
    ("DBInstanceId", Kind::Str, true),
    ("PlanName", Kind::Str, true),
    ("BackupPeriodType", Kind::Str, true),
    ("BackupPeriod", Kind::StrList, true),
    ("MinBackupStartTime", Kind::Str, false),
    ("MaxBackupStartTime", Kind::Str, false),
    ("BaseBackupRetentionPeriod", Kind::U64, false),
];

fn fail(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(200, code, message)
}

/// Validates and performs `CreateBackupPlan`.
pub(crate) fn execute(
    shared: &Shared,
    req: &Request,
    request_id: &str,
) -> Result<Success, ApiError> {
    let missing = |name: &str| {
        fail(
            "MissingParameter",
            format!("The request is missing a required parameter `{name}`."),
        )
    };
    let action = req.header("x-tc-action").ok_or_else(|| missing("Action"))?;
    if action != ACTION {
        return Err(fail(
            "InvalidAction",
            format!("The action `{action}` is not supported; this emulator serves {ACTION}."),
        ));
    }
    let version = req
        .header("x-tc-version")
        .ok_or_else(|| missing("Version"))?;
    if version != VERSION {
        return Err(fail(
            "NoSuchVersion",
            format!("The API version `{version}` does not exist; use {VERSION}."),
        ));
    }
    let region = req.header("x-tc-region").ok_or_else(|| missing("Region"))?;
    if !REGIONS.contains(&region) {
        return Err(fail(
            "UnsupportedRegion",
            format!("The region `{region}` is not supported by {ACTION}."),
        ));
    }
    let content_type = req.header("content-type").unwrap_or_default();
    if http::media_type(content_type) != "application/json" {
        return Err(fail(
            "InvalidParameter",
            format!("Content-Type {content_type:?} is not supported; send application/json"),
        ));
    }
    if !req.query.is_empty() {
        return Err(fail(
            "InvalidParameter",
            "parameters travel in the JSON body, not in the query string",
        ));
    }
    let body: Value = if req.body.is_empty() {
        json!({})
    } else {
        serde_json::from_slice(&req.body)
            .map_err(|e| fail("InvalidParameter", format!("the body is not JSON: {e}")))?
    };
    let Value::Object(members) = body else {
        return Err(fail("InvalidParameter", "the body must be a JSON object"));
    };
    let mut undocumented = Map::new();
    for (name, value) in &members {
        if PARAMS.iter().any(|(p, ..)| p == name) {
            continue;
        }
        if shared.config.accept_undocumented && !COMMON_PARAMS.contains(&name.as_str()) {
            undocumented.insert(name.clone(), value.clone());
        } else {
            return Err(fail(
                "UnknownParameter",
                format!("The parameter `{name}` is not recognized."),
            ));
        }
    }
    let mut params = Map::new();
    for (name, kind, required) in PARAMS {
        let Some(value) = members.get(*name) else {
            if *required {
                return Err(missing(name));
            }
            continue;
        };
        let ok = match kind {
            Kind::Str => value.is_string(),
            Kind::StrList => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Kind::U64 => value.is_u64(),
        };
        if !ok {
            return Err(fail(
                "InvalidParameter",
                format!("The type of parameter `{name}` is invalid."),
            ));
        }
        params.insert((*name).to_owned(), value.clone());
    }
    if params.get("BackupPeriodType").and_then(Value::as_str) != Some("month") {
        return Err(fail(
            "InvalidParameterValue.InvalidParameterValueError",
            "BackupPeriodType currently supports only `month`.",
        ));
    }
    if params
        .get("BaseBackupRetentionPeriod")
        .and_then(Value::as_u64)
        .is_some_and(|days| days >= 30_000)
    {
        return Err(fail(
            "InvalidParameterValue.InvalidParameterValueError",
            "BaseBackupRetentionPeriod must be in [0, 30000).",
        ));
    }
    let id = {
        let mut state = shared.lock();
        let id = state.next_id("plan");
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
        response: Response::json(
            200,
            &json!({"Response": {"PlanId": id, "RequestId": request_id}}),
        ),
        outcome: Outcome::Created { id },
    })
}
