//! Alibaba Cloud RPC style with ACS3-HMAC-SHA256 or signature V1: DBS 2019-03-06
//! `CreateAndStartBackupPlan` and `ConfigureBackupPlan`, HBR 2017-09-08 `CreateBackupPlan`.
//!
//! # What is accepted
//!
//! `POST /`. The operation's parameters travel in the query string, except HBR's form
//! parameters (`InstanceId`, `SpeedLimit`, `Include`, `Exclude`, `Options`, `DataSourceId`,
//! `Path.N`, `Rule.N.Field`, `InstanceName`, `OtsDetail`), which travel in an
//! `application/x-www-form-urlencoded` body; a parameter in the other place, an unknown
//! parameter or a repeated one is refused. Under
//! [`Config::accept_undocumented`](super::Config::accept_undocumented) an unknown parameter
//! (an unknown name, with or without numbered fields, or an unknown member of HBR's
//! `Rule.N.Member`) is accepted in either place and recorded in
//! [`Created::undocumented`](super::Created::undocumented) under its full wire name; the
//! signature V1 parameters' names (`Action`, `Signature`, ...) are still refused there. Query and form are decoded with `+` as a space, so a
//! literal `+` must be sent as `%2B`. Encodings: booleans `true`/`false`; DBS `BackupObjects`,
//! HBR `Include`/`Exclude`/`Options`/`ChangeListPath` JSON text, HBR `Detail`,
//! `DestDataSourceDetail`, `OtsDetail` compact JSON objects; DBS `BackupPeriod` comma-separated;
//! HBR `Path.1`, `Rule.1.Schedule` numbered from 1 without gaps.
//!
//! Two signatures, chosen by the presence of an `Authorization` header:
//!
//! * **ACS3-HMAC-SHA256**: header fields `host`, `x-acs-action`, `x-acs-version`,
//!   `x-acs-date` (`2023-10-26T10:22:32Z`), `x-acs-signature-nonce`, `x-acs-content-sha256`
//!   (hex SHA-256 of the body, also of an empty one), `x-acs-security-token` exactly when a
//!   session token is configured, and
//!   `Authorization: ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex>`.
//!   `SignedHeaders` must be lower-case, sorted, without repeats, and include `host` and every
//!   `x-acs-*` header sent (`content-type` may be signed too). The canonical request is
//!   `POST\n/\n<canonical query>\n<name:trimmed value\n ...>\n<signed>\n<hex sha256 of body>`
//!   (header values keep their case; the canonical query re-encodes the decoded query
//!   parameters, RFC 3986, sorted), the string to sign `ACS3-HMAC-SHA256\n<hex sha256 of it>`,
//!   the signature hex HMAC-SHA256 keyed with the secret.
//! * **Signature V1**: query parameters `AccessKeyId`, `Action`, `Version`, `Format=JSON`,
//!   `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`, `SignatureNonce`, `Timestamp`
//!   (`2023-10-26T10:22:32Z`), `Signature`, and `SecurityToken` exactly when a session token is
//!   configured. The string to sign is `POST&%2F&` + percent-encode(canonical query of every
//!   query and form parameter but `Signature`); the signature base64 HMAC-SHA1 keyed with
//!   secret + `&`.
//!
//! Each nonce may be used once (configurable): a client must sign every retry afresh.
//!
//! # Answers
//!
//! Success, HTTP 200: DBS `CreateAndStartBackupPlan`
//! `{"HttpStatusCode": 200, "RequestId", "Success": true, "CreateBackupSet": true, "BackupPlanId": "plan-N", "OrderId": "order-N"}`
//! (the `BackupPlanId` sent, when one was); DBS `ConfigureBackupPlan`
//! `{"HttpStatusCode": 200, "RequestId", "Success": true, "BackupPlanId": <the one sent>}`;
//! HBR `{"Code": "200", "Message": "successful", "RequestId", "PlanId": "plan-N", "Success": true}`.
//! A DBS request whose `ClientToken` an earlier successful request of the same action used gets
//! that request's answer again (with a fresh `RequestId`) and creates nothing.
//!
//! Errors: `{"Code", "Message", "RequestId"}` (and header `x-acs-request-id`):
//!
//! | status | code | when |
//! | --- | --- | --- |
//! | 400 | `IncompleteSignature` | no signature; `Authorization` malformed; an ACS3 `x-acs-*` header or a V1 signature parameter missing, or a V1 one outside the query; bad `SignatureMethod`/`SignatureVersion`; `SignedHeaders` malformed or incomplete |
//! | 404 | `InvalidAccessKeyId.NotFound` | unknown key id |
//! | 400 | `InvalidTimeStamp.Format` / `InvalidTimeStamp.Expired` | bad date format / too far from the clock |
//! | 400 | `InvalidSecurityToken.MismatchWithAccessKey` | session token missing, wrong, or sent when none is configured |
//! | 400 | `SignatureDoesNotMatch` | signature (or `x-acs-content-sha256`) mismatch; the message shows the server's canonical request and string to sign |
//! | 400 | `SignatureNonceUsed` | nonce reused |
//! | 404 | `InvalidAction.NotFound` | unknown action/version pair, or a path other than `/` |
//! | 405 | `UnsupportedHTTPMethod` | a method other than POST |
//! | 400 | `Missing<Name>` (e.g. `MissingBackupPlanName`) | a required parameter (or V1 `Action`/`Version`) missing |
//! | 400 | `InvalidParameter` | unknown, repeated or misplaced parameter, bad value encoding, V1 `Format` not JSON, a body that is not a form |
//! | 400 | `Throttling.User` | throttling (fault or rate limit) |

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value, json};
use sha1::Sha1;

use super::http::{self, Request, Response, canonical_query, percent_encode};
use super::{
    ApiError, Config, Created, Inspection, Outcome, Replay, Shared, Success, canonical_headers,
    constant_time_eq, datetime, header_pairs, hmac_sha256, parse_signed_headers, sha256_hex,
    within_skew,
};

/// The ACS3 algorithm name.
pub const ACS3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The signature V1 common parameters (besides the optional `SecurityToken`).
pub const V1_COMMON: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Version",
    "Format",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "Signature",
];

/// The ACS3 canonical request for a request to `path` (`/` for RPC) with the decoded query
/// parameters `query`, header fields `headers` (any name case), `signed_headers` (lower-case,
/// sorted) and body `payload`.
pub fn acs3_canonical_request<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path: &str,
    query: &[(K, V)],
    headers: &[(&str, &str)],
    signed_headers: &[&str],
    payload: &[u8],
) -> Result<String, String> {
    let block = canonical_headers(headers, signed_headers, false)?;
    Ok(format!(
        "{method}\n{path}\n{}\n{block}\n{}\n{}",
        canonical_query(query),
        signed_headers.join(";"),
        sha256_hex(payload)
    ))
}

/// `ACS3-HMAC-SHA256\n<hex sha256 of the canonical request>`.
pub fn acs3_string_to_sign(canonical_request: &str) -> String {
    format!(
        "{ACS3_ALGORITHM}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// Hex HMAC-SHA256 of the string to sign, keyed with the secret.
pub fn acs3_signature(secret: &str, string_to_sign: &str) -> String {
    hex::encode(hmac_sha256(secret.as_bytes(), string_to_sign.as_bytes()))
}

/// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`.
pub fn acs3_authorization(access_key_id: &str, signed_headers: &[&str], signature: &str) -> String {
    format!(
        "{ACS3_ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={signature}",
        signed_headers.join(";")
    )
}

/// A parsed ACS3 `Authorization` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acs3Authorization {
    /// The AccessKey id.
    pub access_key_id: String,
    /// The signed header names.
    pub signed_headers: Vec<String>,
    /// The hex signature.
    pub signature: String,
}

/// Parses `ACS3-HMAC-SHA256 Credential=id,SignedHeaders=a;b,Signature=hex` (spaces after the
/// commas tolerated).
pub fn parse_acs3_authorization(value: &str) -> Result<Acs3Authorization, String> {
    let rest = value
        .strip_prefix(ACS3_ALGORITHM)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| format!("Authorization must start with \"{ACS3_ALGORITHM} \""))?;
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
    let credential: String = credential.ok_or("Authorization lacks Credential")?;
    let signed: String = signed.ok_or("Authorization lacks SignedHeaders")?;
    let sig: String = sig.ok_or("Authorization lacks Signature")?;
    if credential.is_empty() {
        return Err("Credential is empty".into());
    }
    if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("Signature is not 64 hex digits".into());
    }
    Ok(Acs3Authorization {
        access_key_id: credential,
        signed_headers: parse_signed_headers(&signed)?,
        signature: sig.to_ascii_lowercase(),
    })
}

/// The V1 string to sign: `<method>&%2F&` + percent-encode(canonical query of `params`), where
/// `params` are all the request's parameters (query and form) except `Signature`.
pub fn v1_string_to_sign<K: AsRef<str>, V: AsRef<str>>(method: &str, params: &[(K, V)]) -> String {
    format!(
        "{method}&{}&{}",
        percent_encode("/"),
        percent_encode(&canonical_query(params))
    )
}

/// The V1 signature: base64 HMAC-SHA1 of the string to sign keyed with `secret` + `&`.
pub fn v1_signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(format!("{secret}&").as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(string_to_sign.as_bytes());
    BASE64.encode(mac.finalize().into_bytes())
}

/// What authentication established.
pub(crate) struct Authorized {
    action: String,
    version: String,
    nonce: String,
    /// Query parameters, V1 common ones removed.
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
    /// A body was sent that is not a form.
    foreign_body: bool,
}

fn incomplete(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "IncompleteSignature", message)
}

fn invalid_parameter(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "InvalidParameter", message)
}

fn missing(name: &str) -> ApiError {
    ApiError::new(
        400,
        &format!("Missing{name}"),
        format!("{name} is mandatory for this action."),
    )
}

/// Route and authentication of a request.
pub(crate) fn inspect(config: &Config, now: i64, req: &Request) -> Inspection<Authorized> {
    let v1 = req.header("authorization").is_none();
    let query = http::parse_form(&req.query).unwrap_or_default();
    let action = if v1 {
        query
            .iter()
            .find(|(k, _)| k == "Action")
            .map(|(_, v)| v.clone())
    } else {
        req.header("x-acs-action").map(str::to_owned)
    };
    let mut signature_valid = false;
    let verdict = verify(config, now, req, v1, &mut signature_valid);
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
    v1: bool,
    signature_valid: &mut bool,
) -> Result<Authorized, ApiError> {
    if req.path != "/" {
        return Err(ApiError::new(
            404,
            "InvalidAction.NotFound",
            format!(
                "Specified api is not found, please check your url and method. (path {:?}; RPC APIs are served at /)",
                req.path
            ),
        ));
    }
    if req.method != "POST" {
        return Err(ApiError::new(
            405,
            "UnsupportedHTTPMethod",
            format!("method {} is not supported; use POST", req.method),
        ));
    }
    let query = http::parse_form(&req.query).map_err(invalid_parameter)?;
    let is_form = req
        .header("content-type")
        .is_some_and(|ct| http::media_type(ct) == "application/x-www-form-urlencoded");
    let form = if is_form {
        let text = std::str::from_utf8(&req.body)
            .map_err(|_| invalid_parameter("the form body is not UTF-8"))?;
        http::parse_form(text).map_err(invalid_parameter)?
    } else {
        Vec::new()
    };
    let foreign_body = !is_form && !req.body.is_empty();
    if v1 {
        verify_v1(config, now, query, form, foreign_body, signature_valid)
    } else {
        verify_acs3(config, now, req, query, form, foreign_body, signature_valid)
    }
}

fn check_token(config: &Config, sent: Option<&str>) -> Result<(), ApiError> {
    let mismatch = |m: &str| ApiError::new(400, "InvalidSecurityToken.MismatchWithAccessKey", m);
    match (config.session_token.as_deref(), sent) {
        (None, None) => Ok(()),
        (Some(want), Some(got)) if want == got => Ok(()),
        (Some(_), None) => Err(mismatch("the security token is missing")),
        (None, Some(_)) => Err(mismatch("a security token was sent for a permanent key")),
        (Some(_), Some(_)) => Err(mismatch("the security token does not match the key")),
    }
}

fn check_date(config: &Config, now: i64, name: &str, text: &str) -> Result<(), ApiError> {
    let t = datetime::parse_iso8601(text).ok_or_else(|| {
        ApiError::new(
            400,
            "InvalidTimeStamp.Format",
            format!("{name} {text:?} is not in the format YYYY-MM-DDThh:mm:ssZ."),
        )
    })?;
    if !within_skew(now, t, config.max_clock_skew) {
        return Err(ApiError::new(
            400,
            "InvalidTimeStamp.Expired",
            format!(
                "Specified time stamp or date value is expired. ({name} {text}, server time {})",
                datetime::iso8601(now)
            ),
        ));
    }
    Ok(())
}

fn check_key(config: &Config, id: &str) -> Result<(), ApiError> {
    if id == config.access_key_id {
        Ok(())
    } else {
        Err(ApiError::new(
            404,
            "InvalidAccessKeyId.NotFound",
            format!("Specified access key is not found: {id}"),
        ))
    }
}

fn verify_acs3(
    config: &Config,
    now: i64,
    req: &Request,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
    foreign_body: bool,
    signature_valid: &mut bool,
) -> Result<Authorized, ApiError> {
    let auth = parse_acs3_authorization(req.header("authorization").unwrap_or_default())
        .map_err(incomplete)?;
    const REQUIRED: [&str; 6] = [
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
    ];
    for name in REQUIRED {
        if req.header(name).is_none() {
            return Err(incomplete(format!("the {name} header is missing")));
        }
    }
    let must_sign = REQUIRED.iter().map(|n| (*n).to_owned()).chain(
        req.headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .filter(|n| n.starts_with("x-acs-")),
    );
    for name in must_sign {
        if !auth.signed_headers.contains(&name) {
            return Err(incomplete(format!(
                "SignedHeaders must include host and every x-acs-* header; {name} is not signed"
            )));
        }
    }
    let signed: Vec<&str> = auth.signed_headers.iter().map(String::as_str).collect();
    let canonical = acs3_canonical_request(
        &req.method,
        "/",
        &query,
        &header_pairs(req),
        &signed,
        &req.body,
    )
    .map_err(incomplete)?;
    let sts = acs3_string_to_sign(&canonical);
    let expected = acs3_signature(&config.secret, &sts);
    let body_hash = sha256_hex(&req.body);
    let declared_hash = req.header("x-acs-content-sha256").unwrap_or_default();
    *signature_valid = constant_time_eq(&expected, &auth.signature)
        && declared_hash.eq_ignore_ascii_case(&body_hash);

    check_key(config, &auth.access_key_id)?;
    check_date(
        config,
        now,
        "x-acs-date",
        req.header("x-acs-date").unwrap_or_default(),
    )?;
    check_token(config, req.header("x-acs-security-token"))?;
    if !declared_hash.eq_ignore_ascii_case(&body_hash) {
        return Err(ApiError::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "x-acs-content-sha256 {declared_hash} is not the SHA-256 of the body ({body_hash})"
            ),
        ));
    }
    if !*signature_valid {
        return Err(ApiError::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature does not match our calculation. server canonical request is: {canonical:?}, server string to sign is: {sts:?}"
            ),
        ));
    }
    Ok(Authorized {
        action: req.header("x-acs-action").unwrap_or_default().to_owned(),
        version: req.header("x-acs-version").unwrap_or_default().to_owned(),
        nonce: req
            .header("x-acs-signature-nonce")
            .unwrap_or_default()
            .to_owned(),
        query,
        form,
        foreign_body,
    })
}

fn verify_v1(
    config: &Config,
    now: i64,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
    foreign_body: bool,
    signature_valid: &mut bool,
) -> Result<Authorized, ApiError> {
    let mut common: BTreeMap<&str, String> = BTreeMap::new();
    for name in V1_COMMON.iter().chain(["SecurityToken"].iter()) {
        if form.iter().any(|(k, _)| k == name) {
            return Err(incomplete(format!(
                "{name} must travel in the query string"
            )));
        }
        let values: Vec<&String> = query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v)
            .collect();
        match values.as_slice() {
            [] => {}
            [one] => {
                common.insert(name, (*one).clone());
            }
            _ => return Err(incomplete(format!("{name} is repeated"))),
        }
    }
    if !common.contains_key("Signature") {
        return Err(incomplete(
            "the request is not signed: it has neither an Authorization header nor a Signature parameter",
        ));
    }
    for name in ["Action", "Version"] {
        if !common.contains_key(name) {
            return Err(missing(name));
        }
    }
    for name in V1_COMMON {
        if !common.contains_key(name) {
            return Err(incomplete(format!("the {name} parameter is missing")));
        }
    }
    let get = |name: &str| common.get(name).map(String::as_str).unwrap_or_default();
    let signed_params: Vec<(&str, &str)> = query
        .iter()
        .chain(form.iter())
        .filter(|(k, _)| k != "Signature")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sts = v1_string_to_sign("POST", &signed_params);
    let expected = v1_signature(&config.secret, &sts);
    *signature_valid = constant_time_eq(&expected, get("Signature"));

    if get("SignatureMethod") != "HMAC-SHA1" {
        return Err(incomplete(format!(
            "SignatureMethod {:?} is not supported; use HMAC-SHA1",
            get("SignatureMethod")
        )));
    }
    if get("SignatureVersion") != "1.0" {
        return Err(incomplete(format!(
            "SignatureVersion {:?} is not supported; use 1.0",
            get("SignatureVersion")
        )));
    }
    check_key(config, get("AccessKeyId"))?;
    check_date(config, now, "Timestamp", get("Timestamp"))?;
    check_token(config, common.get("SecurityToken").map(String::as_str))?;
    if !*signature_valid {
        return Err(ApiError::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{sts}"
            ),
        ));
    }
    if !get("Format").eq_ignore_ascii_case("JSON") {
        return Err(invalid_parameter(format!(
            "Format {:?} is not supported; use JSON",
            get("Format")
        )));
    }
    let query = query
        .into_iter()
        .filter(|(k, _)| !V1_COMMON.contains(&k.as_str()) && k != "SecurityToken")
        .collect();
    Ok(Authorized {
        action: get("Action").to_owned(),
        version: get("Version").to_owned(),
        nonce: get("SignatureNonce").to_owned(),
        query,
        form,
        foreign_body,
    })
}

// ---------------------------------------------------------------------------------------------
// Operations.

#[derive(Clone, Copy, Debug)]
enum Kind {
    Str,
    I32,
    I64,
    Bool,
    /// JSON text (or JSON style) that must be an object.
    JsonObject,
    /// JSON text that must be an array.
    JsonArray,
    /// Comma-separated strings.
    CommaList,
    /// `Name.1`, `Name.2`, ... strings.
    Numbered,
    /// `Name.1.Member`, ... objects with these typed members.
    NumberedObjects(&'static [(&'static str, Kind)]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Query,
    Form,
}

struct Param {
    name: &'static str,
    kind: Kind,
    required: bool,
    place: Place,
}

const fn q(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        required: false,
        place: Place::Query,
    }
}

const fn req(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        required: true,
        place: Place::Query,
    }
}

const fn form(name: &'static str, kind: Kind) -> Param {
    Param {
        name,
        kind,
        required: false,
        place: Place::Form,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    DbsCreateAndStart,
    DbsConfigure,
    HbrCreate,
}

/// DBS 2019-03-06 version string.
pub const DBS_VERSION: &str = "2019-03-06";
/// HBR 2017-09-08 version string.
pub const HBR_VERSION: &str = "2017-09-08";

use Kind::*;

const DBS_CREATE_AND_START: &[Param] = &[
    q("BackupPlanId", Str),
    q("Region", Str),
    req("InstanceClass", Str),
    req("DatabaseType", Str),
    req("BackupMethod", Str),
    q("Period", Str),
    q("UsedTime", I32),
    q("PayType", Str),
    q("DatabaseRegion", Str),
    q("StorageRegion", Str),
    q("InstanceType", Str),
    q("StorageType", Str),
    q("FromApp", Str),
    req("SourceEndpointInstanceType", Str),
    q("SourceEndpointRegion", Str),
    q("SourceEndpointInstanceID", Str),
    q("SourceEndpointIP", Str),
    q("SourceEndpointPort", I32),
    q("SourceEndpointDatabaseName", Str),
    q("SourceEndpointUserName", Str),
    q("SourceEndpointPassword", Str),
    q("BackupGatewayId", I64),
    q("OSSBucketName", Str),
    q("BackupObjects", JsonArray),
    q("BackupPeriod", CommaList),
    q("BackupStartTime", Str),
    q("EnableBackupLog", Bool),
    q("BackupLogIntervalSeconds", I32),
    q("BackupRetentionPeriod", I32),
    q("DuplicationInfrequentAccessPeriod", I32),
    q("DuplicationArchivePeriod", I32),
    req("BackupPlanName", Str),
    q("SourceEndpointOracleSID", Str),
    q("BackupStorageType", Str),
    q("BackupSpeedLimit", I64),
    q("BackupRateLimit", I64),
    q("BackupStrategyType", Str),
    q("CrossAliyunId", Str),
    q("CrossRoleName", Str),
    q("ClientToken", Str),
    q("ResourceGroupId", Str),
];

const DBS_CONFIGURE: &[Param] = &[
    req("BackupPlanId", Str),
    req("SourceEndpointInstanceType", Str),
    q("SourceEndpointRegion", Str),
    q("SourceEndpointInstanceID", Str),
    q("SourceEndpointIP", Str),
    q("SourceEndpointPort", I32),
    q("SourceEndpointDatabaseName", Str),
    q("SourceEndpointUserName", Str),
    q("SourceEndpointPassword", Str),
    q("BackupGatewayId", I64),
    q("OSSBucketName", Str),
    q("BackupObjects", JsonArray),
    q("BackupPeriod", CommaList),
    q("BackupStartTime", Str),
    q("EnableBackupLog", Bool),
    q("BackupLogIntervalSeconds", I32),
    q("BackupRetentionPeriod", I32),
    q("DuplicationInfrequentAccessPeriod", I32),
    q("DuplicationArchivePeriod", I32),
    req("BackupPlanName", Str),
    q("SourceEndpointOracleSID", Str),
    q("BackupStorageType", Str),
    q("BackupSpeedLimit", I64),
    q("BackupRateLimit", I64),
    q("BackupStrategyType", Str),
    q("CrossAliyunId", Str),
    q("CrossRoleName", Str),
    q("AutoStartBackup", Bool),
    q("ClientToken", Str),
    q("ResourceGroupId", Str),
];

const HBR_RULE: &[(&str, Kind)] = &[
    ("DestinationRetention", I64),
    ("Schedule", Str),
    ("Retention", I64),
    ("Disabled", Bool),
    ("DoCopy", Bool),
    ("DestinationRegionId", Str),
    ("RuleName", Str),
    ("BackupType", Str),
];

const HBR_CREATE: &[Param] = &[
    req("SourceType", Str),
    q("PlanName", Str),
    q("BackupType", Str),
    q("VaultId", Str),
    q("Schedule", Str),
    q("Retention", I64),
    q("ClusterId", Str),
    q("FileSystemId", Str),
    q("CreateTime", I64),
    q("Bucket", Str),
    q("Prefix", Str),
    form("InstanceId", Str),
    q("Detail", JsonObject),
    q("UdmRegionId", Str),
    form("SpeedLimit", Str),
    form("Include", JsonArray),
    form("Exclude", JsonArray),
    form("Options", JsonObject),
    form("DataSourceId", Str),
    form("Path", Numbered),
    form("Rule", NumberedObjects(HBR_RULE)),
    form("InstanceName", Str),
    form("OtsDetail", JsonObject),
    q("CrossAccountType", Str),
    q("CrossAccountUserId", I64),
    q("CrossAccountRoleName", Str),
    q("KeepLatestSnapshots", I64),
    q("DestSourceType", Str),
    q("DestDataSourceId", Str),
    q("DestDataSourceDetail", JsonObject),
    q("ChangeListPath", JsonObject),
    q("Disabled", Bool),
    q("Edition", Str),
];

fn lookup(version: &str, action: &str) -> Option<(Op, &'static [Param])> {
    match (version, action) {
        (DBS_VERSION, "CreateAndStartBackupPlan") => {
            Some((Op::DbsCreateAndStart, DBS_CREATE_AND_START))
        }
        (DBS_VERSION, "ConfigureBackupPlan") => Some((Op::DbsConfigure, DBS_CONFIGURE)),
        (HBR_VERSION, "CreateBackupPlan") => Some((Op::HbrCreate, HBR_CREATE)),
        _ => None,
    }
}

fn not_valid(name: &str, why: &str) -> ApiError {
    invalid_parameter(format!(
        "The specified parameter \"{name}\" is not valid: {why}"
    ))
}

fn scalar(name: &str, kind: Kind, text: &str) -> Result<Value, ApiError> {
    Ok(match kind {
        Str => Value::String(text.to_owned()),
        I32 => json!(
            text.parse::<i32>()
                .map_err(|_| not_valid(name, "not a 32-bit integer"))?
        ),
        I64 => json!(
            text.parse::<i64>()
                .map_err(|_| not_valid(name, "not a 64-bit integer"))?
        ),
        Bool => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(not_valid(name, "not true or false")),
        },
        JsonObject | JsonArray => {
            let value: Value = serde_json::from_str(text)
                .map_err(|e| not_valid(name, &format!("not JSON text ({e})")))?;
            let fits = match kind {
                JsonObject => value.is_object(),
                _ => value.is_array(),
            };
            if !fits {
                return Err(not_valid(
                    name,
                    if matches!(kind, JsonObject) {
                        "not a JSON object"
                    } else {
                        "not a JSON array"
                    },
                ));
            }
            value
        }
        CommaList => Value::Array(if text.is_empty() {
            Vec::new()
        } else {
            text.split(',').map(|s| json!(s)).collect()
        }),
        Numbered | NumberedObjects(_) => return Err(not_valid(name, "must be numbered")),
    })
}

/// Parses the `N` of `Name.N`: a positive integer without leading zeros.
fn index(text: &str) -> Option<usize> {
    if text.is_empty() || text.starts_with('0') || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Decodes the operation's parameters from the query and form pairs. Unknown parameters are
/// refused, or kept in `undocumented` (by full wire name, with their text) when it is given.
fn decode(
    params: &[Param],
    query: &[(String, String)],
    form: &[(String, String)],
    mut undocumented: Option<&mut Map<String, Value>>,
) -> Result<Map<String, Value>, ApiError> {
    let unknown = |key: &str| invalid_parameter(format!("The parameter \"{key}\" is not known."));
    let mut seen: Vec<&str> = Vec::new();
    // Scalars by name; numbered entries by (name, index, member).
    let mut scalars: BTreeMap<&str, &str> = BTreeMap::new();
    let mut numbered: BTreeMap<&str, BTreeMap<usize, BTreeMap<String, &str>>> = BTreeMap::new();
    let tagged = query
        .iter()
        .map(|p| (p, Place::Query))
        .chain(form.iter().map(|p| (p, Place::Form)));
    for ((key, value), place) in tagged {
        if seen.contains(&key.as_str()) {
            return Err(invalid_parameter(format!(
                "The parameter \"{key}\" is repeated."
            )));
        }
        seen.push(key);
        let (base, tail) = match key.split_once('.') {
            Some((b, t)) => (b, Some(t)),
            None => (key.as_str(), None),
        };
        let Some(param) = params.iter().find(|p| p.name == base) else {
            // The signature's own names are never parameters of an operation.
            let reserved = V1_COMMON.contains(&base) || base == "SecurityToken";
            match undocumented.as_deref_mut().filter(|_| !reserved) {
                Some(kept) => {
                    kept.insert(key.clone(), json!(value));
                    continue;
                }
                None => return Err(unknown(key)),
            }
        };
        if param.place != place {
            return Err(invalid_parameter(format!(
                "The parameter \"{key}\" must travel in the {}.",
                match param.place {
                    Place::Query => "query string",
                    Place::Form => "form body",
                }
            )));
        }
        match (param.kind, tail) {
            (Numbered, Some(n)) => {
                let i = index(n).ok_or_else(|| not_valid(key, "bad list index"))?;
                numbered
                    .entry(param.name)
                    .or_default()
                    .entry(i)
                    .or_default()
                    .insert(String::new(), value);
            }
            (NumberedObjects(members), Some(t)) => {
                let (n, member) = t
                    .split_once('.')
                    .ok_or_else(|| not_valid(key, "expected Name.N.Member"))?;
                let i = index(n).ok_or_else(|| not_valid(key, "bad list index"))?;
                if !members.iter().any(|(m, _)| *m == member) {
                    match undocumented.as_deref_mut() {
                        Some(kept) => {
                            kept.insert(key.clone(), json!(value));
                            continue;
                        }
                        None => return Err(unknown(key)),
                    }
                }
                numbered
                    .entry(param.name)
                    .or_default()
                    .entry(i)
                    .or_default()
                    .insert(member.to_owned(), value);
            }
            (Numbered | NumberedObjects(_), None) => {
                return Err(not_valid(
                    key,
                    "a list travels as numbered fields (Name.1, ...)",
                ));
            }
            (_, Some(_)) => return Err(unknown(key)),
            (_, None) => {
                scalars.insert(param.name, value);
            }
        }
    }
    let mut out = Map::new();
    for param in params {
        if let Some(entries) = numbered.get(param.name) {
            if entries.keys().copied().ne(1..=entries.len()) {
                return Err(not_valid(
                    param.name,
                    "list indices must run 1, 2, ... without gaps",
                ));
            }
            let items = entries
                .values()
                .map(|entry| match param.kind {
                    NumberedObjects(members) => {
                        let mut object = Map::new();
                        for (member, kind) in members {
                            if let Some(text) = entry.get(*member) {
                                let name = format!("{}.N.{member}", param.name);
                                object.insert((*member).to_owned(), scalar(&name, *kind, text)?);
                            }
                        }
                        Ok(Value::Object(object))
                    }
                    _ => Ok(json!(entry.get("").copied().unwrap_or_default())),
                })
                .collect::<Result<Vec<Value>, ApiError>>()?;
            out.insert(param.name.to_owned(), Value::Array(items));
        } else if let Some(text) = scalars.get(param.name) {
            out.insert(param.name.to_owned(), scalar(param.name, param.kind, text)?);
        } else if param.required {
            return Err(missing(param.name));
        }
    }
    Ok(out)
}

/// Validates and performs the operation.
pub(crate) fn execute(
    shared: &Shared,
    now: i64,
    auth: Authorized,
    request_id: &str,
) -> Result<Success, ApiError> {
    if shared.config.reject_reused_nonce {
        let mut state = shared.lock();
        let horizon = i64::try_from(shared.config.max_clock_skew.as_secs())
            .unwrap_or(i64::MAX / 4)
            .saturating_mul(2);
        state
            .nonces
            .retain(|_, seen| now.saturating_sub(*seen) <= horizon);
        if state.nonces.contains_key(&auth.nonce) {
            return Err(ApiError::new(
                400,
                "SignatureNonceUsed",
                format!("Specified signature nonce was used already: {}", auth.nonce),
            ));
        }
        state.nonces.insert(auth.nonce.clone(), now);
    }
    let (op, params) = lookup(&auth.version, &auth.action).ok_or_else(|| {
        ApiError::new(
            404,
            "InvalidAction.NotFound",
            format!(
                "Specified api is not found, please check your url and method. (action {:?}, version {:?}; served: CreateAndStartBackupPlan and ConfigureBackupPlan {DBS_VERSION}, CreateBackupPlan {HBR_VERSION})",
                auth.action, auth.version
            ),
        )
    })?;
    if auth.foreign_body {
        return Err(invalid_parameter(
            "a request body must be application/x-www-form-urlencoded",
        ));
    }
    let mut undocumented = Map::new();
    let accept = shared
        .config
        .accept_undocumented
        .then_some(&mut undocumented);
    let decoded = decode(params, &auth.query, &auth.form, accept)?;
    let token = match op {
        Op::DbsCreateAndStart | Op::DbsConfigure => decoded
            .get("ClientToken")
            .and_then(Value::as_str)
            .map(str::to_owned),
        Op::HbrCreate => None,
    };
    let with_request_id = |mut body: Value| {
        if let Value::Object(members) = &mut body {
            members.insert("RequestId".to_owned(), json!(request_id));
        }
        Response::json(200, &body).with_header("x-acs-request-id", request_id)
    };

    let mut state = shared.lock();
    if let Some(token) = &token {
        if let Some(replay) = state.tokens.get(&(auth.action.clone(), token.clone())) {
            return Ok(Success {
                response: with_request_id(replay.body.clone()),
                outcome: Outcome::Replayed {
                    id: replay.id.clone(),
                },
            });
        }
    }
    let (id, body) = match op {
        Op::DbsCreateAndStart => {
            let id = match decoded.get("BackupPlanId").and_then(Value::as_str) {
                Some(given) => given.to_owned(),
                None => state.next_id("plan"),
            };
            let order = state.next_id("order");
            let body = json!({
                "HttpStatusCode": 200,
                "Success": true,
                "CreateBackupSet": true,
                "BackupPlanId": id,
                "OrderId": order,
            });
            (id, body)
        }
        Op::DbsConfigure => {
            let id = decoded
                .get("BackupPlanId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let body = json!({"HttpStatusCode": 200, "Success": true, "BackupPlanId": id});
            (id, body)
        }
        Op::HbrCreate => {
            let id = state.next_id("plan");
            let body =
                json!({"Code": "200", "Message": "successful", "PlanId": id, "Success": true});
            (id, body)
        }
    };
    if let Some(token) = &token {
        state.tokens.insert(
            (auth.action.clone(), token.clone()),
            Replay {
                id: id.clone(),
                body: body.clone(),
            },
        );
    }
    state.created.push(Created {
        id: id.clone(),
        action: auth.action.clone(),
        idempotency_token: token,
        params: Value::Object(decoded),
        undocumented: Value::Object(undocumented),
    });
    drop(state);
    Ok(Success {
        response: with_request_id(body),
        outcome: Outcome::Created { id },
    })
}
