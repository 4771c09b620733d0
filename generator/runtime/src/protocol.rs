//! The three wire protocols: how an encoded request becomes a signed HTTP request, and how a
//! response (or its absence) becomes an outcome the client can retry, return or report.

use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::config::{AcsSignature, Config};
use crate::dynamic::{OperationInfo, Protocol, ServiceInfo};
use crate::encode::Encoded;
use crate::error::{Error, ErrorCode, Refused};
use crate::error::{MALFORMED_RETRY_CLASS, RetryClass, service_retry_class, transport_retry_class};
use crate::sign;
use crate::transport::{HttpResponse, PreparedRequest, TransportError};

/// Splits a base URL into scheme and host (with port): `http://127.0.0.1:8080` →
/// (`http`, `127.0.0.1:8080`). `None` for anything with a path, query or other scheme, or
/// with a control character (the host is sent as the `Host` header).
pub fn split_endpoint(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.strip_suffix('/').unwrap_or(rest);
    let ok = matches!(scheme, "http" | "https")
        && !host.is_empty()
        && !host.contains(['/', '?', '#', '@', ' '])
        && !host.contains(char::is_control);
    ok.then_some((scheme, host))
}

/// The scheme and host requests go to: the override, or the spec's first endpoint for the
/// region (its host for that region when it maps one) over HTTPS.
fn target(service: &ServiceInfo, config: &Config) -> Result<(String, String), String> {
    if let Some(e) = &config.endpoint {
        let (scheme, host) = split_endpoint(e).ok_or_else(|| format!("bad endpoint {e:?}"))?;
        return Ok((scheme.to_owned(), host.to_owned()));
    }
    let endpoint = service
        .endpoints
        .first()
        .ok_or_else(|| format!("{}.{} has no endpoint", service.provider, service.service))?;
    let host = endpoint.host_for(&config.region);
    split_endpoint(&format!("https://{host}"))
        .map(|(scheme, host)| (scheme.to_owned(), host.to_owned()))
        .ok_or_else(|| format!("the region {:?} does not make a host name", config.region))
}

/// The query parameters an Alibaba Cloud RPC call writes itself (signature V1's, and the
/// action and version every style names).
const ACS_RESERVED: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// Refuses an undocumented parameter whose name the protocol uses for itself: it would be sent
/// twice, or change what is signed.
pub(crate) fn check_undocumented(
    op: &OperationInfo,
    request: &serde_json::Value,
) -> Result<(), String> {
    let (Protocol::AcsRpc, Some(members)) = (op.service.protocol, request.as_object()) else {
        return Ok(());
    };
    for name in members.keys() {
        let reserved = ACS_RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name));
        if reserved && op.request.index(name).is_none() {
            return Err(format!(
                "{name} cannot be sent as an undocumented parameter of {}: the protocol writes it \
                 itself",
                op.id
            ));
        }
    }
    Ok(())
}

/// Whether a region id is well formed (`cn-hangzhou`, `ap-shanghai-fsi`): lower-case letters
/// and digits in dash-separated words. It goes into host names, so nothing else is allowed.
pub fn valid_region(region: &str) -> bool {
    crate::formats::region_id(region).is_ok()
}

/// Percent-encodes all but the RFC 3986 unreserved characters, so that a path parameter is
/// always exactly one segment: `?`, `#`, `%` and spaces cannot change the path.
pub fn encode_segment(value: &str) -> String {
    sign::encode::rfc3986(value)
}

/// Fills a path template (`/v2/{project_id}/backuppolicy`) with encoded path parameters.
/// No value may change the path's shape: empty values, `.`, `..`, and values with `/` or
/// control characters are refused. (An encoded `/` would survive, but the providers' signers
/// decode the whole path before splitting it, so the signature could not match.)
fn fill_path(template: &str, params: &[(String, String)]) -> Result<String, String> {
    let mut path = template.to_owned();
    for (name, value) in params {
        if value.is_empty()
            || value == "."
            || value == ".."
            || value.contains('/')
            || value.chars().any(char::is_control)
        {
            return Err(format!(
                "the path parameter {name} cannot be {value:?}: it would not stay one path segment"
            ));
        }
        path = path.replace(&format!("{{{name}}}"), &encode_segment(value));
    }
    if path.contains('{') {
        return Err(format!("the path {template} lacks a parameter"));
    }
    Ok(path)
}

/// Civil UTC date and time of a system time: (year, month, day, hour, minute, second).
fn utc(time: SystemTime) -> (i64, u32, u32, u32, u32, u32) {
    let secs = unix_seconds(time);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = sign::civil_from_days(secs.div_euclid(86_400));
    // Month, day and the parts of a day's seconds are small and positive: `civil_dates_agree_
    // with_a_calendar_walked_day_by_day` and `dates_are_formatted_in_utc` show the fallback
    // is never taken.
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    (
        year,
        n(month),
        n(day),
        n(rem / 3600),
        n(rem % 3600 / 60),
        n(rem % 60),
    )
}

/// Whole seconds since 1970, negative before it (rounded down, as UNIX time is). Saturates
/// past `i64`, some 292 billion years away.
fn unix_seconds(time: SystemTime) -> i64 {
    let whole = |d: Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => whole(after),
        Err(before) => {
            let before = before.duration();
            let rounded = whole(before).saturating_neg();
            if before.subsec_nanos() == 0 {
                rounded
            } else {
                rounded.saturating_sub(1)
            }
        }
    }
}

/// `2023-10-26T10:22:32Z`.
pub fn iso8601(time: SystemTime) -> String {
    let (y, mo, d, h, mi, s) = utc(time);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `20191115T033655Z`.
pub fn compact_iso8601(time: SystemTime) -> String {
    let (y, mo, d, h, mi, s) = utc(time);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// `a=1&b=2`, names and values encoded as Alibaba Cloud does (RFC 3986, space as `%20`).
fn form_text(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", sign::encode::rfc3986(k), sign::encode::rfc3986(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Builds the signed HTTP request of one attempt. `keys` keeps the keys derived from the
/// secret from one request to the next.
pub fn prepare(
    service: &ServiceInfo,
    op: &OperationInfo,
    encoded: &Encoded,
    config: &Config,
    keys: &sign::SigningKeys,
    time: SystemTime,
    nonce: &str,
) -> Result<PreparedRequest, Refused> {
    let (scheme, host) = target(service, config).map_err(Refused::Config)?;
    let target = (scheme.as_str(), host.as_str());
    match service.protocol {
        Protocol::Tc3 => prepare_tc3(service, op, encoded, config, keys, target, time),
        Protocol::AcsRpc => prepare_acs(service, op, encoded, config, keys, target, time, nonce),
        Protocol::HuaweiRest => prepare_huawei(op, encoded, config, keys, target, time),
    }
}

fn json_body(encoded: &Encoded) -> Result<String, String> {
    let body = encoded.json.clone().unwrap_or_default();
    serde_json::to_string(&Value::Object(body)).map_err(|e| e.to_string())
}

fn prepare_tc3(
    service: &ServiceInfo,
    op: &OperationInfo,
    encoded: &Encoded,
    config: &Config,
    keys: &sign::SigningKeys,
    (scheme, host): (&str, &str),
    time: SystemTime,
) -> Result<PreparedRequest, Refused> {
    let body = json_body(encoded).map_err(Refused::Config)?;
    let timestamp = unix_seconds(time);
    let content_type = "application/json";
    let input = sign::tc3::Tc3Input {
        method: "POST",
        host,
        body: body.as_bytes(),
        content_type,
        service: service.service,
        timestamp,
        access_key_id: config.credentials.access_key_id(),
        secret: config.credentials.secret().expose(),
    };
    let authorization = sign::tc3::authorize(&input, keys).map_err(Refused::Sign)?;
    let mut headers = vec![
        ("Authorization".to_owned(), authorization),
        ("Content-Type".to_owned(), content_type.to_owned()),
        ("Host".to_owned(), host.to_owned()),
        ("X-TC-Action".to_owned(), op.name.to_owned()),
        ("X-TC-Timestamp".to_owned(), timestamp.to_string()),
        ("X-TC-Version".to_owned(), service.api_version.to_owned()),
        ("X-TC-Region".to_owned(), config.region.clone()),
    ];
    if let Some(token) = config.credentials.session_token() {
        headers.push(("X-TC-Token".to_owned(), token.expose().to_owned()));
    }
    Ok(PreparedRequest {
        method: "POST".to_owned(),
        url: format!("{scheme}://{host}/"),
        headers,
        body,
    })
}

#[allow(clippy::too_many_arguments)]
fn prepare_acs(
    service: &ServiceInfo,
    op: &OperationInfo,
    encoded: &Encoded,
    config: &Config,
    keys: &sign::SigningKeys,
    (scheme, host): (&str, &str),
    time: SystemTime,
    nonce: &str,
) -> Result<PreparedRequest, Refused> {
    // V3 sends the nonce in a header and its signer checks it; V1 sends it in the query,
    // encoded, where it could do no harm, but a nonce is printable text all the same.
    sign::ControlCharacter::check(sign::HeaderField::Nonce, nonce)
        .map_err(|e| Refused::Sign(e.into()))?;
    let body = form_text(&encoded.form);
    let content_type = (!encoded.form.is_empty()).then_some("application/x-www-form-urlencoded");
    match config.acs_signature {
        AcsSignature::V3 => {
            let date = iso8601(time);
            let security_token = config.credentials.session_token().map(|t| t.expose());
            let input = sign::acs3::Acs3Input {
                method: "POST",
                host,
                query: &encoded.query,
                body: body.as_bytes(),
                content_type,
                action: op.name,
                version: service.api_version,
                date: &date,
                nonce,
                security_token,
                access_key_id: config.credentials.access_key_id(),
                secret: config.credentials.secret().expose(),
            };
            let signed = sign::acs3::authorize(&input, keys).map_err(Refused::Sign)?;
            let query = signed.canonical_query_string;
            let url = if query.is_empty() {
                format!("{scheme}://{host}/")
            } else {
                format!("{scheme}://{host}/?{query}")
            };
            // The request's own headers, then those of the signature.
            let mut headers = vec![("Host".to_owned(), host.to_owned())];
            if let Some(ct) = content_type {
                headers.push(("Content-Type".to_owned(), ct.to_owned()));
            }
            if let Some(token) = security_token {
                headers.push(("x-acs-security-token".to_owned(), token.to_owned()));
            }
            headers.extend([
                ("x-acs-action".to_owned(), op.name.to_owned()),
                ("x-acs-version".to_owned(), service.api_version.to_owned()),
                ("x-acs-date".to_owned(), date),
                ("x-acs-signature-nonce".to_owned(), nonce.to_owned()),
                ("x-acs-content-sha256".to_owned(), signed.content_sha256),
                ("Authorization".to_owned(), signed.authorization),
            ]);
            Ok(PreparedRequest {
                method: "POST".to_owned(),
                url,
                headers,
                body,
            })
        }
        AcsSignature::V1 => {
            let mut common = vec![
                (
                    "AccessKeyId".to_owned(),
                    config.credentials.access_key_id().to_owned(),
                ),
                ("Action".to_owned(), op.name.to_owned()),
                ("Format".to_owned(), "JSON".to_owned()),
                ("SignatureMethod".to_owned(), "HMAC-SHA1".to_owned()),
                ("SignatureNonce".to_owned(), nonce.to_owned()),
                ("SignatureVersion".to_owned(), "1.0".to_owned()),
                ("Timestamp".to_owned(), iso8601(time)),
                ("Version".to_owned(), service.api_version.to_owned()),
            ];
            if let Some(token) = config.credentials.session_token() {
                common.push(("SecurityToken".to_owned(), token.expose().to_owned()));
            }
            let mut query = encoded.query.clone();
            query.extend(common);
            // The V1 signature covers the form body's parameters too.
            let mut signed_params = query.clone();
            signed_params.extend(encoded.form.iter().cloned());
            let secret = config.credentials.secret().expose();
            let signature = sign::rpc_v1::signature("POST", &signed_params, secret, keys)
                .map_err(Refused::Sign)?;
            query.push(("Signature".to_owned(), signature));
            let mut headers = vec![("Host".to_owned(), host.to_owned())];
            if let Some(ct) = content_type {
                headers.push(("Content-Type".to_owned(), ct.to_owned()));
            }
            Ok(PreparedRequest {
                method: "POST".to_owned(),
                url: format!(
                    "{scheme}://{host}/?{}",
                    sign::encode::canonical_query(&query)
                ),
                headers,
                body,
            })
        }
    }
}

fn prepare_huawei(
    op: &OperationInfo,
    encoded: &Encoded,
    config: &Config,
    keys: &sign::SigningKeys,
    (scheme, host): (&str, &str),
    time: SystemTime,
) -> Result<PreparedRequest, Refused> {
    let path = fill_path(op.path, &encoded.path).map_err(Refused::Config)?;
    let body = json_body(encoded).map_err(Refused::Config)?;
    let date = compact_iso8601(time);
    let content_type = "application/json";
    // Huawei's SDKs sign every header they send; so does this client.
    let mut headers = vec![("Content-Type".to_owned(), content_type.to_owned())];
    if let Some((_, project)) = encoded.path.iter().find(|(k, _)| k == "project_id") {
        headers.push(("X-Project-Id".to_owned(), project.clone()));
    }
    if let Some(token) = config.credentials.session_token() {
        headers.push(("X-Security-Token".to_owned(), token.expose().to_owned()));
    }
    let authorization = sign::sdk_hmac_sha256::authorize(
        &sign::Request {
            method: op.method,
            host,
            path: &path,
            query: &[],
            headers: &headers,
            body: body.as_bytes(),
        },
        &sign::Key {
            access_key_id: config.credentials.access_key_id(),
            secret: config.credentials.secret().expose(),
        },
        &date,
        keys,
    )
    .map_err(Refused::Sign)?;
    headers.push(("Host".to_owned(), host.to_owned()));
    headers.push(("X-Sdk-Date".to_owned(), date));
    headers.push(("Authorization".to_owned(), authorization));
    Ok(PreparedRequest {
        method: op.method.to_owned(),
        url: format!("{scheme}://{host}{path}"),
        headers,
        body,
    })
}

/// What one attempt came to.
#[derive(Debug)]
pub enum Outcome {
    /// A success response: the operation's response object.
    Success {
        /// HTTP status.
        status: u16,
        /// The response object (Tencent's `Response` member).
        body: Value,
        /// The request id.
        request_id: Option<String>,
    },
    /// The service's error envelope.
    Service {
        /// HTTP status.
        status: u16,
        /// The error code.
        code: String,
        /// The message.
        message: String,
        /// The request id.
        request_id: Option<String>,
    },
    /// A response that could not be read.
    Malformed {
        /// HTTP status.
        status: u16,
        /// What is wrong.
        message: String,
        /// The request id, if readable.
        request_id: Option<String>,
    },
    /// No response.
    NoResponse(TransportError),
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

impl Outcome {
    /// The request id of a response.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Outcome::Success { request_id, .. }
            | Outcome::Service { request_id, .. }
            | Outcome::Malformed { request_id, .. } => request_id.as_deref(),
            Outcome::NoResponse(_) => None,
        }
    }

    /// Whether the failure is worth retrying, and what the attempt may have done.
    pub(crate) fn retry_class(&self) -> RetryClass {
        match self {
            // A success acted, and is never retried.
            Outcome::Success { .. } => RetryClass {
                retryable: false,
                effect: crate::error::Effect::Unknown,
            },
            Outcome::Service { status, code, .. } => service_retry_class(code, *status),
            Outcome::Malformed { .. } => MALFORMED_RETRY_CLASS,
            Outcome::NoResponse(e) => transport_retry_class(e),
        }
    }

    /// One line for logs.
    pub fn summary(&self) -> String {
        match self {
            Outcome::Success { status, .. } => format!("HTTP {status}"),
            Outcome::Service { status, code, .. } => format!("HTTP {status} {code}"),
            Outcome::Malformed {
                status, message, ..
            } => format!("HTTP {status}: {message}"),
            Outcome::NoResponse(e) => e.to_string(),
        }
    }

    /// The operation's result.
    pub fn finish<Resp: DeserializeOwned, C: ErrorCode>(self) -> Result<Resp, Error<C>> {
        // Generic in the response and error types only: the rest is `into_body`.
        match self.into_body() {
            Ok((status, body, request_id)) => match serde_json::from_value(body) {
                Ok(response) => Ok(response),
                Err(e) => Err(Error::Decode {
                    message: e.to_string(),
                    http_status: status,
                    request_id,
                }),
            },
            Err(failure) => Err(failure.with_codes(C::from_code)),
        }
    }

    /// The HTTP status, JSON body and request id of a success, or the error with its code
    /// as received.
    fn into_body(self) -> Result<(u16, Value, Option<String>), Error<String>> {
        match self {
            Outcome::Success {
                status,
                body,
                request_id,
            } => Ok((status, body, request_id)),
            Outcome::Service {
                status,
                code,
                message,
                request_id,
                ..
            } => Err(Error::Service {
                raw_code: code.clone(),
                code,
                message,
                request_id,
                http_status: status,
            }),
            Outcome::Malformed {
                status,
                message,
                request_id,
            } => Err(Error::Decode {
                message,
                http_status: status,
                request_id,
            }),
            Outcome::NoResponse(e) => Err(Error::Transport(e)),
        }
    }
}

/// Reads a response of `protocol`.
pub fn outcome(protocol: Protocol, response: &HttpResponse) -> Outcome {
    let status = response.status;
    let header_id = response
        .header("x-request-id")
        .or_else(|| response.header("x-acs-request-id"))
        .map(str::to_owned);
    let parsed: Result<Value, _> = serde_json::from_slice(&response.body);
    let success = (200..300).contains(&status);
    let Ok(Value::Object(body)) = parsed else {
        let message = match parsed {
            Err(e) => format!("the body is not JSON: {e}"),
            Ok(_) => "the body is not a JSON object".to_owned(),
        };
        if success {
            return Outcome::Malformed {
                status,
                message,
                request_id: header_id,
            };
        }
        return by_status(status, header_id, message);
    };
    match protocol {
        Protocol::Tc3 => tc3_outcome(status, body, header_id),
        Protocol::AcsRpc => acs_outcome(status, body, header_id),
        Protocol::HuaweiRest => huawei_outcome(status, body, header_id),
    }
}

/// An error response judged by its status alone.
fn by_status(status: u16, request_id: Option<String>, message: String) -> Outcome {
    Outcome::Service {
        status,
        code: code_or_status(None, status),
        message,
        request_id,
    }
}

/// The error code the service gave or, when it gave none (or an empty one), `HTTP` and the
/// status, so that every service error has a code to match on.
fn code_or_status(code: Option<String>, status: u16) -> String {
    code.filter(|c| !c.is_empty())
        .unwrap_or_else(|| format!("HTTP{status}"))
}

fn tc3_outcome(status: u16, body: Map<String, Value>, header_id: Option<String>) -> Outcome {
    let Some(Value::Object(response)) = body.get("Response") else {
        if !(200..300).contains(&status) {
            // Not Tencent's envelope: a gateway or proxy answered; judge it by its status.
            return by_status(status, header_id, String::new());
        }
        return Outcome::Malformed {
            status,
            message: "the body has no `Response` object".to_owned(),
            request_id: header_id,
        };
    };
    let request_id = text(response.get("RequestId")).or(header_id);
    if let Some(error) = response.get("Error") {
        let code = code_or_status(text(error.get("Code")), status);
        return Outcome::Service {
            status,
            message: text(error.get("Message")).unwrap_or_default(),
            code,
            request_id,
        };
    }
    if !(200..300).contains(&status) {
        // An envelope without an error, under a failing status: whatever answered, the call
        // did not succeed.
        return by_status(status, request_id, String::new());
    }
    Outcome::Success {
        status,
        body: Value::Object(response.clone()),
        request_id,
    }
}

fn acs_outcome(status: u16, body: Map<String, Value>, header_id: Option<String>) -> Outcome {
    let request_id = text(body.get("RequestId")).or(header_id);
    // Some RPC services also answer 200 with `Success: false` and an error code.
    let failed = !(200..300).contains(&status) || body.get("Success") == Some(&Value::Bool(false));
    if !failed {
        return Outcome::Success {
            status,
            body: Value::Object(body),
            request_id,
        };
    }
    let code = text(body.get("Code"))
        .filter(|c| !c.is_empty())
        .or_else(|| text(body.get("ErrCode")));
    let code = code_or_status(code, status);
    let message = text(body.get("Message"))
        .or_else(|| text(body.get("ErrMessage")))
        .unwrap_or_default();
    Outcome::Service {
        status,
        code,
        message,
        request_id,
    }
}

fn huawei_outcome(status: u16, body: Map<String, Value>, header_id: Option<String>) -> Outcome {
    if (200..300).contains(&status) {
        return Outcome::Success {
            status,
            body: Value::Object(body),
            request_id: header_id,
        };
    }
    let (code, message) = match body.get("error") {
        Some(e) => (text(e.get("code")), text(e.get("message"))),
        None => (text(body.get("error_code")), text(body.get("error_msg"))),
    };
    Outcome::Service {
        status,
        code: code_or_status(code, status),
        message: message.unwrap_or_default(),
        request_id: header_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_stay_one_segment() {
        let fill = |v: &str| {
            fill_path(
                "/v2/{project_id}/backuppolicy",
                &[("project_id".to_owned(), v.to_owned())],
            )
        };
        assert_eq!(fill("abc").as_deref(), Ok("/v2/abc/backuppolicy"));
        assert_eq!(fill("x?y#z").as_deref(), Ok("/v2/x%3Fy%23z/backuppolicy"));
        assert_eq!(fill("100% ~").as_deref(), Ok("/v2/100%25%20~/backuppolicy"));
        for bad in ["..", ".", "", "a/b", "../x", "a\nb", "a\r\nX-Evil: 1"] {
            assert!(fill(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn dates_are_formatted_in_utc() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_698_315_752);
        assert_eq!(iso8601(t), "2023-10-26T10:22:32Z");
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_573_789_015);
        assert_eq!(compact_iso8601(t), "20191115T033655Z");
        assert_eq!(iso8601(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
        // A clock before 1970 is read as it is, not as 1970.
        let before = |secs, nanos| SystemTime::UNIX_EPOCH - Duration::new(secs, nanos);
        assert_eq!(iso8601(before(1, 0)), "1969-12-31T23:59:59Z");
        assert_eq!(iso8601(before(0, 1)), "1969-12-31T23:59:59Z");
        assert_eq!(iso8601(before(86_400, 500)), "1969-12-30T23:59:59Z");
        assert_eq!(unix_seconds(before(2, 0)), -2);
        assert_eq!(unix_seconds(before(1, 1)), -2);
        assert_eq!(
            unix_seconds(SystemTime::UNIX_EPOCH + Duration::new(7, 999_999_999)),
            7
        );
    }

    #[test]
    fn endpoints_are_scheme_and_host_only() {
        assert_eq!(
            split_endpoint("http://127.0.0.1:8080"),
            Some(("http", "127.0.0.1:8080"))
        );
        assert_eq!(
            split_endpoint("https://dbs.cn-hangzhou.aliyuncs.com/"),
            Some(("https", "dbs.cn-hangzhou.aliyuncs.com"))
        );
        for bad in [
            "127.0.0.1",
            "ftp://x",
            "http://x/path",
            "http://",
            "http://a b",
            "http://a\r\nX-Injected: 1",
            "http://a\n",
            "https://a\u{0}b",
            "https://a\tb",
            "https://a\u{85}b",
        ] {
            assert_eq!(split_endpoint(bad), None, "{bad}");
        }
    }

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("x-request-id".into(), "hdr-id".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Retryable, and retryable without an idempotency token.
    fn classes(outcome: &Outcome) -> (bool, bool) {
        let class = outcome.retry_class();
        (class.retryable, class.allows_retry(false))
    }

    #[test]
    fn envelopes_become_outcomes() {
        let ok = outcome(
            Protocol::Tc3,
            &response(200, r#"{"Response":{"PlanId":"p","RequestId":"r"}}"#),
        );
        assert!(matches!(&ok, Outcome::Success { request_id: Some(id), .. } if id == "r"));
        let throttled = outcome(
            Protocol::Tc3,
            &response(
                200,
                r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"r"}}"#,
            ),
        );
        assert_eq!(classes(&throttled), (true, true));
        let acs = outcome(
            Protocol::AcsRpc,
            &response(
                503,
                r#"{"Code":"ServiceUnavailable","Message":"m","RequestId":"r"}"#,
            ),
        );
        assert_eq!(classes(&acs), (true, false));
        let forbidden = outcome(
            Protocol::AcsRpc,
            &response(
                403,
                r#"{"Code":"Request.Forbidden","Message":"no","RequestId":"r"}"#,
            ),
        );
        assert_eq!(classes(&forbidden), (false, false));
        let huawei = outcome(
            Protocol::HuaweiRest,
            &response(400, r#"{"error_code":"VBS.0001","error_msg":"bad"}"#),
        );
        assert!(
            matches!(&huawei, Outcome::Service { code, request_id: Some(id), .. } if code == "VBS.0001" && id == "hdr-id")
        );
        let truncated = outcome(
            Protocol::HuaweiRest,
            &response(200, r#"{"backup_policy_id": "x"#),
        );
        assert!(matches!(truncated, Outcome::Malformed { .. }));
        // A gateway's 429 without Tencent's envelope is still throttling.
        let gateway_429 = outcome(Protocol::Tc3, &response(429, r#"{"message":"slow down"}"#));
        assert_eq!(classes(&gateway_429), (true, true));
        let gateway = outcome(
            Protocol::HuaweiRest,
            &response(502, "<html>bad gateway</html>"),
        );
        assert!(matches!(&gateway, Outcome::Service { code, .. } if code == "HTTP502"));
        assert_eq!(classes(&gateway), (true, false));
        // Tencent's envelope without an error under a failing status is no success.
        let forbidden_envelope = outcome(
            Protocol::Tc3,
            &response(403, r#"{"Response":{"PlanId":"p","RequestId":"r"}}"#),
        );
        assert!(
            matches!(&forbidden_envelope, Outcome::Service { code, request_id: Some(id), .. } if code == "HTTP403" && id == "r"),
            "{forbidden_envelope:?}"
        );
    }

    #[test]
    fn an_error_without_a_code_is_named_by_its_status() {
        let code = |protocol, status, body: &str| match outcome(protocol, &response(status, body)) {
            Outcome::Service { code, .. } => code,
            other => panic!("{other:?}"),
        };
        let tc3 = r#"{"Response":{"Error":{"Message":"m"},"RequestId":"r"}}"#;
        assert_eq!(code(Protocol::Tc3, 400, tc3), "HTTP400");
        let tc3 = r#"{"Response":{"Error":{"Code":"","Message":"m"},"RequestId":"r"}}"#;
        assert_eq!(code(Protocol::Tc3, 200, tc3), "HTTP200");
        assert_eq!(code(Protocol::AcsRpc, 500, r#"{"Message":"m"}"#), "HTTP500");
        let acs = r#"{"Code":"","ErrCode":"Throttling","Message":"m"}"#;
        assert_eq!(code(Protocol::AcsRpc, 400, acs), "Throttling");
        let acs = r#"{"Success":false,"ErrCode":""}"#;
        assert_eq!(code(Protocol::AcsRpc, 200, acs), "HTTP200");
        let huawei = r#"{"error":{"code":"","message":"m"}}"#;
        assert_eq!(code(Protocol::HuaweiRest, 404, huawei), "HTTP404");
        let huawei = r#"{"error":{"code":"VBS.0002","message":"m"}}"#;
        assert_eq!(code(Protocol::HuaweiRest, 404, huawei), "VBS.0002");
    }
}
