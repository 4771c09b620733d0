//! Huawei Cloud SDK-HMAC-SHA256 (AK/SK signing of the API Gateway).
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n
//!                    CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
//! StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(SK, StringToSign))
//! ```
//!
//! The canonical URI always ends with `/`, although the request's path does not:
//! `/v1/{project_id}/vpcs` is signed as `/v1/{project_id}/vpcs/`.

use std::borrow::Cow;

use hmac::Mac;

use super::encode::{canonical_path_cow, canonical_query};
use super::{
    CanonicalHeaders, CanonicalRequest, Hex64, Key, Request, SignError, SignedHeaders, SigningKeys,
    Sink, check_header, check_key, check_request, hmac_sha256, is_header, utf8_text,
};

/// The algorithm name, first in the string to sign and in `Authorization`.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// Headers this signer sets itself; the caller's headers of these names are ignored.
const OWN_HEADERS: &[&str] = &["host", "x-sdk-date", "authorization"];

/// An SDK-HMAC-SHA256 signature with its intermediate results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The URI as signed: the path, re-encoded per segment, with a trailing `/`.
    pub canonical_uri: String,
    /// The query string as signed (sorted, RFC 3986).
    pub canonical_query_string: String,
    /// The canonical request.
    pub canonical_request: String,
    /// Lower-case hex SHA-256 of the canonical request.
    pub hashed_canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// `content-type;host;x-sdk-date`.
    pub signed_headers: String,
    /// Lower-case hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The headers this signer adds to the request: `X-Sdk-Date` and `Authorization`.
    pub headers: Vec<(String, String)>,
}

/// Signs a request at `date`, the `X-Sdk-Date` value (`20191115T033655Z`, UTC). Signed are
/// `host` (from [`Request::host`]), `x-sdk-date`, and every header of [`Request::headers`]
/// (`Content-Type`, and `X-Project-Id` or `X-Security-Token` if the caller passes them), as
/// Huawei's SDKs sign every header they send: pass only headers that reach the server
/// unchanged. The caller's `Host`, `X-Sdk-Date` and `Authorization` are ignored. Fails if
/// the key, the date, the host or a header holds a control character.
pub fn sign(request: &Request<'_>, key: &Key<'_>, date: &str) -> Result<Signed, SignError> {
    check(request, key, date)?;
    let parts = Parts::new(request, date);
    let canonical_request = parts.canonical_request().text();
    let hashed = Hex64::sha256(canonical_request.as_bytes());
    let mut string_to_sign = Vec::new();
    write_string_to_sign(&mut string_to_sign, date, &hashed);
    let signature = Hex64::new(&hmac_sha256(key.secret.as_bytes(), &string_to_sign));
    let authorization = authorization(key.access_key_id, &parts.headers, &signature);
    check_header("Authorization", &authorization)?;
    Ok(Signed {
        canonical_uri: format!("{}{}", parts.uri, parts.uri_suffix),
        canonical_query_string: parts.query,
        canonical_request,
        hashed_canonical_request: hashed.as_str().to_owned(),
        string_to_sign: utf8_text(string_to_sign),
        signed_headers: parts.headers.names().to_owned(),
        signature: signature.as_str().to_owned(),
        headers: vec![
            ("X-Sdk-Date".to_owned(), date.to_owned()),
            ("Authorization".to_owned(), authorization.clone()),
        ],
        authorization,
    })
}

/// Refuses control characters in the key, the date and the request's headers.
fn check(request: &Request<'_>, key: &Key<'_>, date: &str) -> Result<(), SignError> {
    check_key(key.access_key_id, key.secret)?;
    check_header("X-Sdk-Date", date)?;
    check_request(request)?;
    Ok(())
}

/// The `Authorization` value of [`sign`], computed without its intermediate results: the
/// canonical request goes straight into its hash, and the HMAC keyed with the secret comes
/// from `keys`. The request is sent with this, `Host` and `X-Sdk-Date: date` besides its
/// headers. Fails as [`sign`] does.
pub fn authorize(
    request: &Request<'_>,
    key: &Key<'_>,
    date: &str,
    keys: &SigningKeys,
) -> Result<String, SignError> {
    check(request, key, date)?;
    let parts = Parts::new(request, date);
    let hashed = parts.canonical_request().hash();
    let mut mac = keys.hmac_sha256(key.secret);
    write_string_to_sign(&mut mac, date, &hashed);
    let signature = Hex64::new(&mac.finalize().into_bytes().into());
    let authorization = authorization(key.access_key_id, &parts.headers, &signature);
    check_header("Authorization", &authorization)?;
    Ok(authorization)
}

/// What the canonical request is written from, shared by [`sign`] and [`authorize`].
struct Parts<'a> {
    method: &'a str,
    headers: SignedHeaders<'a>,
    uri: Cow<'a, str>,
    uri_suffix: &'static str,
    query: String,
    payload_hash: Hex64,
}

impl<'a> Parts<'a> {
    fn new(request: &Request<'a>, date: &'a str) -> Self {
        let (uri, uri_suffix) = canonical_uri(request.path);
        Parts {
            method: request.method,
            headers: signed_headers(request, date),
            uri,
            uri_suffix,
            query: canonical_query(request.query),
            payload_hash: Hex64::sha256(request.body),
        }
    }

    fn canonical_request(&self) -> CanonicalRequest<'_, SignedHeaders<'a>> {
        CanonicalRequest {
            method: self.method,
            uri: &self.uri,
            uri_suffix: self.uri_suffix,
            query: &self.query,
            headers: &self.headers,
            payload_hash: &self.payload_hash,
        }
    }
}

/// `host`, `x-sdk-date` and the caller's headers but those this signer sets.
fn signed_headers<'a>(request: &Request<'a>, date: &'a str) -> SignedHeaders<'a> {
    let callers = request
        .headers
        .iter()
        .filter(|(name, _)| !OWN_HEADERS.iter().any(|own| is_header(name, own)))
        .map(|(n, v)| (n.as_str(), v.as_str()));
    SignedHeaders::new(
        [("host", request.host), ("x-sdk-date", date)]
            .into_iter()
            .chain(callers)
            .map(|(name, value)| (name, Cow::Borrowed(value))),
    )
}

/// The canonical URI as the canonical path and what follows it: `/` unless it ends with
/// one already.
fn canonical_uri(path: &str) -> (Cow<'_, str>, &'static str) {
    let uri = canonical_path_cow(path);
    let suffix = if uri.ends_with('/') { "" } else { "/" };
    (uri, suffix)
}

/// `SDK-HMAC-SHA256 \n X-Sdk-Date \n hex(SHA256(CanonicalRequest))`.
fn write_string_to_sign<S: Sink>(out: &mut S, date: &str, hashed_canonical_request: &Hex64) {
    out.put(ALGORITHM.as_bytes());
    out.put(b"\n");
    out.put(date.as_bytes());
    out.put(b"\n");
    out.put(hashed_canonical_request.as_bytes());
}

/// The `Authorization` header value.
fn authorization(access_key_id: &str, headers: &SignedHeaders<'_>, signature: &Hex64) -> String {
    [
        ALGORITHM,
        " Access=",
        access_key_id,
        ", SignedHeaders=",
        headers.names(),
        ", Signature=",
        signature.as_str(),
    ]
    .concat()
}

/// What [`sign_request`] needs: a call without query parameters whose only header to sign
/// besides `host` and `x-sdk-date` is `Content-Type`. Holds the secret, so no `Debug`.
pub struct SdkInput<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The host.
    pub host: &'a str,
    /// The path as sent, percent-encoded.
    pub path: &'a str,
    /// The body exactly as sent.
    pub body: &'a [u8],
    /// The `Content-Type` sent.
    pub content_type: &'a str,
    /// The `X-Sdk-Date` value: `20191115T033655Z`.
    pub date: &'a str,
    /// The AK.
    pub access_key_id: &'a str,
    /// The SK.
    pub secret: &'a str,
}

/// [`sign`] for the common case of [`SdkInput`].
pub fn sign_request(input: &SdkInput<'_>) -> Result<Signed, SignError> {
    let headers = [("Content-Type".to_owned(), input.content_type.to_owned())];
    let request = Request {
        method: input.method,
        host: input.host,
        path: input.path,
        query: &[],
        headers: &headers,
        body: input.body,
    };
    sign(
        &request,
        &Key {
            access_key_id: input.access_key_id,
            secret: input.secret,
        },
        input.date,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sign::test_pairs as pairs;

    const KEY: Key<'static> = Key {
        access_key_id: "AK",
        secret: "SK",
    };
    const DATE: &str = "20191115T033655Z";

    fn sign_with(
        path: &str,
        query: &[(String, String)],
        headers: &[(String, String)],
        body: &[u8],
    ) -> Signed {
        let request = Request {
            method: "GET",
            host: "service.region.example.com",
            path,
            query,
            headers,
            body,
        };
        sign(&request, &KEY, DATE).expect("signs")
    }

    #[test]
    fn the_canonical_uri_always_ends_with_a_slash() {
        assert_eq!(
            sign_with("/v1/p/vpcs", &[], &[], b"").canonical_uri,
            "/v1/p/vpcs/"
        );
        assert_eq!(
            sign_with("/v1/p/vpcs/", &[], &[], b"").canonical_uri,
            "/v1/p/vpcs/"
        );
        assert_eq!(sign_with("/", &[], &[], b"").canonical_uri, "/");
        assert_eq!(sign_with("", &[], &[], b"").canonical_uri, "/");
        assert_eq!(
            sign_with("/v1/a%2Fb/x%7e", &[], &[], b"").canonical_uri,
            "/v1/a%2Fb/x~/"
        );
    }

    #[test]
    fn queries_are_sorted_and_rfc3986_encoded() {
        let query = pairs(&[
            ("marker", "a b*~/%"),
            ("limit", "2"),
            ("name", "未命名"),
            ("limit", "10"),
            ("e", ""),
        ]);
        let s = sign_with("/v1", &query, &[], b"");
        assert_eq!(
            s.canonical_query_string,
            "e=&limit=10&limit=2&marker=a%20b%2A~%2F%25&name=%E6%9C%AA%E5%91%BD%E5%90%8D"
        );
        assert!(
            sign_with("/v1", &[], &[], b"")
                .canonical_request
                .starts_with("GET\n/v1/\n\nhost:")
        );
    }

    #[test]
    fn every_given_header_is_signed_folded_and_trimmed() {
        let headers = pairs(&[
            ("Content-Type", " application/json "),
            ("X-Project-Id", "p1"),
            ("X-Sdk-Date", "19990101T000000Z"),
            ("HOST", "evil.example.com"),
        ]);
        let s = sign_with("/v1", &[], &headers, b"");
        assert_eq!(
            s.signed_headers,
            "content-type;host;x-project-id;x-sdk-date"
        );
        assert!(s.canonical_request.contains(
            "\ncontent-type:application/json\nhost:service.region.example.com\n\
             x-project-id:p1\nx-sdk-date:20191115T033655Z\n\n"
        ));
        assert_eq!(
            s.headers
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>(),
            ["X-Sdk-Date", "Authorization"]
        );
    }

    #[test]
    fn unicode_bodies_hash_as_utf8() {
        let s = sign_with("/v1", &[], &[], "{\"Name\":\"未命名\"}".as_bytes());
        assert!(s.canonical_request.ends_with(
            "\nhost;x-sdk-date\n59fe2da05c480019bb55c0a5d5238b60199b472e5694c76bb79ee2e60ecf4a54"
        ));
    }

    #[test]
    fn sign_request_matches_sign() {
        let input = SdkInput {
            method: "GET",
            host: "service.region.example.com",
            path: "/v1",
            body: b"",
            content_type: "application/json",
            date: DATE,
            access_key_id: KEY.access_key_id,
            secret: KEY.secret,
        };
        let headers = pairs(&[("Content-Type", "application/json")]);
        assert_eq!(
            sign_request(&input),
            Ok(sign_with("/v1", &[], &headers, b""))
        );
    }

    #[test]
    fn authorize_is_sign_without_the_intermediates() {
        let keys = SigningKeys::new();
        let header_sets = [
            pairs(&[("Content-Type", "application/json")]),
            pairs(&[
                ("Content-Type", " application/json "),
                ("X-Project-Id", "p1"),
                ("X-Security-Token", "tok"),
                ("x-project-id", "p2"),
                ("X-Sdk-Date", "19990101T000000Z"),
                ("HOST", "evil.example.com"),
            ]),
            Vec::new(),
        ];
        let query = pairs(&[("marker", "a b"), ("limit", "2")]);
        for headers in &header_sets {
            for path in ["/v1/p/vpcs", "/v1/p/vpcs/", "", "/v1/a%2Fb/x%7e"] {
                for query in [&query[..], &[]] {
                    let request = Request {
                        method: "POST",
                        host: "service.region.example.com",
                        path,
                        query,
                        headers,
                        body: b"{}",
                    };
                    let expected = sign(&request, &KEY, DATE).map(|s| s.authorization);
                    assert_eq!(authorize(&request, &KEY, DATE, &keys), expected);
                }
            }
        }
    }
}
