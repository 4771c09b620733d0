//! Tencent Cloud TC3-HMAC-SHA256 ("signature v3").
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n
//!                    CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
//! StringToSign     = "TC3-HMAC-SHA256" \n Timestamp \n Date/service/tc3_request \n
//!                    hex(SHA256(CanonicalRequest))
//! SigningKey       = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), service), "tc3_request")
//! Signature        = hex(HMAC(SigningKey, StringToSign))
//! ```
//!
//! Unlike the other SHA-256 signatures, Tencent lower-cases header *values* as well as
//! names: `X-TC-Action: DescribeInstances` is signed as `x-tc-action:describeinstances`.
//! The `X-TC-*` headers themselves (action, version, timestamp, region, token) are the
//! caller's to send; this signer adds only `Authorization`.

use std::collections::BTreeSet;

use super::encode::{canonical_path, canonical_query};
use super::{
    Key, Request, SignError, canonical_headers, hex_lower, hmac_sha256, is_header, sha256_hex,
};

/// The algorithm name, first in the string to sign and in `Authorization`.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The headers Tencent requires to be signed, and all its published examples but one sign.
pub const DEFAULT_SIGNED_HEADERS: &[&str] = &["content-type", "host"];

/// What TC3 signs besides the request.
#[derive(Clone, Copy, Debug)]
pub struct Params<'a> {
    /// The service, as in the endpoint's first label: `cvm`, `postgres`.
    pub service: &'a str,
    /// The request time in UNIX seconds, as sent in `X-TC-Timestamp`; its UTC date is the
    /// credential scope's date.
    pub timestamp: i64,
    /// The headers to sign, any case: `host` is taken from [`Request::host`], the others
    /// from [`Request::headers`]. [`DEFAULT_SIGNED_HEADERS`] unless more (such as
    /// `x-tc-action`) are wanted.
    pub signed_headers: &'a [&'a str],
}

impl<'a> Params<'a> {
    /// Signs `content-type` and `host`.
    pub fn new(service: &'a str, timestamp: i64) -> Self {
        Self {
            service,
            timestamp,
            signed_headers: DEFAULT_SIGNED_HEADERS,
        }
    }
}

/// A TC3 signature with its intermediate results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The query string as signed (sorted, RFC 3986); send exactly this after `?`.
    pub canonical_query_string: String,
    /// The canonical request.
    pub canonical_request: String,
    /// Lower-case hex SHA-256 of the canonical request.
    pub hashed_canonical_request: String,
    /// `2019-02-25/cvm/tc3_request`.
    pub credential_scope: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// `content-type;host`.
    pub signed_headers: String,
    /// Lower-case hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The headers this signer adds to the request: `Authorization` only.
    pub headers: Vec<(String, String)>,
}

/// Signs a request. Fails only if a header of `params.signed_headers` (other than `host`)
/// is not among the request's headers; a header given several times is signed as its
/// values joined by `,`.
pub fn sign(
    request: &Request<'_>,
    key: &Key<'_>,
    params: &Params<'_>,
) -> Result<Signed, SignError> {
    // Deduplicated, so that listing a header twice cannot sign its value twice.
    let names: BTreeSet<String> = params
        .signed_headers
        .iter()
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    let mut signed = Vec::new();
    for name in names {
        if name == "host" {
            signed.push((name, request.host.to_owned()));
            continue;
        }
        let values: Vec<&String> = request
            .headers
            .iter()
            .filter(|(n, _)| is_header(n, &name))
            .map(|(_, v)| v)
            .collect();
        if values.is_empty() {
            return Err(SignError::MissingHeader(name));
        }
        for value in values {
            signed.push((name.clone(), value.clone()));
        }
    }
    Ok(finish(
        request,
        key,
        params.service,
        params.timestamp,
        signed,
    ))
}

/// The infallible rest of [`sign`], once the signed headers are known.
fn finish(
    request: &Request<'_>,
    key: &Key<'_>,
    service: &str,
    timestamp: i64,
    signed: Vec<(String, String)>,
) -> Signed {
    let headers = canonical_headers(signed.into_iter().map(|(n, v)| (n, v.to_lowercase())));
    let canonical_query_string = canonical_query(request.query);
    let canonical_request = [
        request.method,
        &canonical_path(request.path),
        &canonical_query_string,
        &headers.canonical,
        &headers.signed,
        &sha256_hex(request.body),
    ]
    .join("\n");
    let hashed_canonical_request = sha256_hex(canonical_request.as_bytes());
    let date = utc_date(timestamp);
    let credential_scope = format!("{date}/{service}/tc3_request");
    let string_to_sign =
        format!("{ALGORITHM}\n{timestamp}\n{credential_scope}\n{hashed_canonical_request}");
    let secret_date = hmac_sha256(format!("TC3{}", key.secret).as_bytes(), date.as_bytes());
    let secret_service = hmac_sha256(&secret_date, service.as_bytes());
    let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
    let signature = hex_lower(&hmac_sha256(&secret_signing, string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={}, Signature={signature}",
        key.access_key_id, headers.signed
    );
    Signed {
        canonical_query_string,
        canonical_request,
        hashed_canonical_request,
        credential_scope,
        string_to_sign,
        signed_headers: headers.signed,
        signature,
        headers: vec![("Authorization".to_owned(), authorization.clone())],
        authorization,
    }
}

/// The UTC date (`YYYY-MM-DD`) of a UNIX time.
fn utc_date(timestamp: i64) -> String {
    let (year, month, day) = super::civil_from_days(timestamp.div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}

/// What [`sign_request`] needs: a JSON-style API call whose only signed headers are
/// `content-type` and `host`, path `/` and no query. Holds the secret, so no `Debug`.
pub struct Tc3Input<'a> {
    /// The HTTP method: `POST`.
    pub method: &'a str,
    /// The host.
    pub host: &'a str,
    /// The body exactly as sent.
    pub body: &'a [u8],
    /// The `Content-Type` sent.
    pub content_type: &'a str,
    /// The service: `cvm`.
    pub service: &'a str,
    /// UNIX seconds, as in `X-TC-Timestamp`.
    pub timestamp: i64,
    /// The SecretId.
    pub access_key_id: &'a str,
    /// The SecretKey.
    pub secret: &'a str,
}

/// [`sign`] for the common case of [`Tc3Input`]: `POST /` with a body, signing
/// `content-type` and `host`. Infallible, since both headers are given.
pub fn sign_request(input: &Tc3Input<'_>) -> Signed {
    let request = Request {
        method: input.method,
        host: input.host,
        path: "/",
        query: &[],
        headers: &[],
        body: input.body,
    };
    let key = Key {
        access_key_id: input.access_key_id,
        secret: input.secret,
    };
    let signed = vec![
        ("content-type".to_owned(), input.content_type.to_owned()),
        ("host".to_owned(), input.host.to_owned()),
    ];
    finish(&request, &key, input.service, input.timestamp, signed)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::runtime::sign::test_pairs as pairs;

    const KEY: Key<'static> = Key {
        access_key_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        secret: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
    };

    fn request<'a>(
        method: &'a str,
        query: &'a [(String, String)],
        headers: &'a [(String, String)],
        body: &'a [u8],
    ) -> Request<'a> {
        Request {
            method,
            host: "cvm.tencentcloudapi.com",
            path: "/",
            query,
            headers,
            body,
        }
    }

    #[test]
    fn dates_are_utc_civil_dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(-1), "1969-12-31");
        assert_eq!(utc_date(1_551_113_065), "2019-02-25");
        assert_eq!(utc_date(1_539_084_154), "2018-10-09");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(1_709_251_199), "2024-02-29");
        assert_eq!(utc_date(1_709_251_200), "2024-03-01");
        assert_eq!(utc_date(253_402_300_799), "9999-12-31");
        // Total: the extremes format without overflow.
        assert!(!utc_date(i64::MAX).is_empty() && !utc_date(i64::MIN).is_empty());
    }

    #[test]
    fn header_names_and_values_are_folded_and_trimmed() {
        let headers = pairs(&[
            ("Content-Type", "  Application/JSON; Charset=UTF-8 "),
            ("X-TC-Action", "DescribeInstances"),
            ("X-TC-Version", "2017-03-12"),
        ]);
        let params = Params {
            service: "cvm",
            timestamp: 1_551_113_065,
            signed_headers: &["X-TC-Action", " Content-Type", "HOST", "host"],
        };
        let signed = sign(&request("POST", &[], &headers, b""), &KEY, &params);
        let signed = signed.map_err(|e| e.to_string());
        let s = signed
            .as_ref()
            .map(|s| (s.signed_headers.as_str(), s.canonical_request.as_str()));
        assert_eq!(
            s,
            Ok((
                "content-type;host;x-tc-action",
                "POST\n/\n\ncontent-type:application/json; charset=utf-8\n\
                 host:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\n\
                 content-type;host;x-tc-action\n\
                 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            ))
        );
    }

    #[test]
    fn a_missing_signed_header_is_an_error() {
        let params = Params::new("cvm", 0);
        let result = sign(&request("GET", &[], &[], b""), &KEY, &params);
        assert_eq!(
            result,
            Err(SignError::MissingHeader("content-type".to_owned()))
        );
        // `host` never is: it comes from the request.
        let only_host = Params {
            signed_headers: &["host"],
            ..params
        };
        assert!(sign(&request("GET", &[], &[], b""), &KEY, &only_host).is_ok());
    }

    #[test]
    fn queries_are_sorted_and_rfc3986_encoded() {
        let query = pairs(&[
            ("Offset", "0"),
            ("Name", "a b*~/%é"),
            ("Limit", "10"),
            ("Limit", "1"),
        ]);
        let headers = pairs(&[("Content-Type", "application/x-www-form-urlencoded")]);
        let signed = sign(
            &request("GET", &query, &headers, b""),
            &KEY,
            &Params::new("cvm", 0),
        );
        let qs = signed.map(|s| s.canonical_query_string);
        assert_eq!(
            qs.as_deref(),
            Ok("Limit=1&Limit=10&Name=a%20b%2A~%2F%25%C3%A9&Offset=0")
        );
    }

    #[test]
    fn an_empty_query_is_an_empty_line_and_unicode_bodies_hash_as_utf8() {
        let headers = pairs(&[("Content-Type", "application/json")]);
        let body = "{\"Name\":\"未命名\"}".as_bytes();
        let signed = sign(
            &request("POST", &[], &headers, body),
            &KEY,
            &Params::new("cvm", 0),
        );
        let cr = signed.map(|s| s.canonical_request);
        assert_eq!(
            cr.as_deref(),
            Ok(
                "POST\n/\n\ncontent-type:application/json\nhost:cvm.tencentcloudapi.com\n\n\
                content-type;host\n\
                59fe2da05c480019bb55c0a5d5238b60199b472e5694c76bb79ee2e60ecf4a54"
            )
        );
    }

    #[test]
    fn sign_request_matches_sign() {
        let body = br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
        let input = Tc3Input {
            method: "POST",
            host: "cvm.tencentcloudapi.com",
            body,
            content_type: "application/json; charset=utf-8",
            service: "cvm",
            timestamp: 1_551_113_065,
            access_key_id: KEY.access_key_id,
            secret: KEY.secret,
        };
        let quick = sign_request(&input);
        // The published example's signature.
        assert_eq!(
            quick.signature,
            "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
        let headers = pairs(&[("Content-Type", "application/json; charset=utf-8")]);
        let full = sign(
            &request("POST", &[], &headers, body),
            &KEY,
            &Params::new("cvm", 1_551_113_065),
        );
        assert_eq!(full, Ok(quick.clone()));
        assert_eq!(
            quick.headers,
            vec![("Authorization".to_owned(), quick.authorization.clone())]
        );
    }
}
