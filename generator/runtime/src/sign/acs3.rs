//! Alibaba Cloud ACS3-HMAC-SHA256 (signature V3).
//!
//! ```text
//! CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n
//!                    CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
//! StringToSign     = "ACS3-HMAC-SHA256" \n hex(SHA256(CanonicalRequest))
//! Signature        = hex(HMAC-SHA256(AccessKeySecret, StringToSign))
//! ```
//!
//! No date or scope in the string to sign: the time and the nonce enter only as the signed
//! `x-acs-date` and `x-acs-signature-nonce` headers, and the secret is the HMAC key as is.

use std::borrow::Cow;

use hmac::Mac;

use super::encode::{canonical_path_cow, canonical_query};
use super::{
    CanonicalHeaders, CanonicalRequest, ControlCharacter, HeaderField, Hex64, Key, Request,
    SignError, SignedHeaders, SigningKeys, Sink, check_header, check_key, check_request,
    hmac_sha256, is_header, trim, utf8_text,
};

/// The algorithm name, first in the string to sign and in `Authorization`.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Headers this signer sets itself; the caller's headers of these names are ignored.
const OWN_HEADERS: &[&str] = &[
    "host",
    "authorization",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
];

/// The `x-acs-*` values of one call.
#[derive(Clone, Copy, Debug)]
pub struct Params<'a> {
    /// The API name: `RunInstances`.
    pub action: &'a str,
    /// The API version: `2014-05-26`.
    pub version: &'a str,
    /// The request time in UTC, ISO 8601: `2023-10-26T10:22:32Z`.
    pub date: &'a str,
    /// A nonce unique per request.
    pub nonce: &'a str,
}

/// An ACS3 signature with its intermediate results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The query string as signed (sorted, RFC 3986).
    pub canonical_query_string: String,
    /// The canonical request.
    pub canonical_request: String,
    /// Lower-case hex SHA-256 of the canonical request.
    pub hashed_canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// `host;x-acs-action;…`.
    pub signed_headers: String,
    /// Lower-case hex SHA-256 of the body, the `x-acs-content-sha256` value.
    pub content_sha256: String,
    /// Lower-case hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The headers this signer adds to the request: `x-acs-action`, `x-acs-version`,
    /// `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256` and `Authorization`.
    pub headers: Vec<(String, String)>,
}

/// Signs a request. Signed are `host` (from [`Request::host`]), the `x-acs-*` headers this
/// signer adds, and of the caller's headers `content-type` and every other `x-acs-*` one
/// (such as `x-acs-security-token`), as Alibaba's SDKs sign; other headers are sent
/// unsigned. The caller's headers named like those this signer adds are ignored. Fails if
/// the key, a parameter, the host or a header holds a control character.
pub fn sign(
    request: &Request<'_>,
    key: &Key<'_>,
    params: &Params<'_>,
) -> Result<Signed, SignError> {
    check_key(key.access_key_id, key.secret)?;
    params.check()?;
    check_request(request)?;
    let content_sha256 = Hex64::sha256(request.body);
    let own = own_headers(params, content_sha256.as_str());
    let callers = request
        .headers
        .iter()
        .filter(|(name, _)| is_signed_callers_header(name))
        .map(|(n, v)| (n.as_str(), v.as_str()));
    let headers = signed_headers(request.host, own, callers);
    let canonical_query_string = canonical_query(request.query);
    let uri = canonical_path_cow(request.path);
    let canonical_request = CanonicalRequest {
        method: request.method,
        uri: &uri,
        uri_suffix: "",
        query: &canonical_query_string,
        headers: &headers,
        payload_hash: &content_sha256,
    }
    .text();
    let hashed = Hex64::sha256(canonical_request.as_bytes());
    let mut string_to_sign = Vec::new();
    write_string_to_sign(&mut string_to_sign, &hashed);
    let signature = Hex64::new(&hmac_sha256(key.secret.as_bytes(), &string_to_sign));
    let authorization = authorization(key.access_key_id, &headers, &signature);
    check_header("Authorization", &authorization)?;
    let mut added: Vec<(String, String)> = own
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    added.push(("Authorization".to_owned(), authorization.clone()));
    Ok(Signed {
        canonical_query_string,
        canonical_request,
        hashed_canonical_request: hashed.as_str().to_owned(),
        string_to_sign: utf8_text(string_to_sign),
        signed_headers: headers.names().to_owned(),
        content_sha256: content_sha256.as_str().to_owned(),
        signature: signature.as_str().to_owned(),
        authorization,
        headers: added,
    })
}

impl Params<'_> {
    /// Refuses control characters in the values of the `x-acs-*` headers.
    fn check(&self) -> Result<(), ControlCharacter> {
        ControlCharacter::check(HeaderField::Nonce, self.nonce)?;
        check_header("x-acs-action", self.action)?;
        check_header("x-acs-version", self.version)?;
        check_header("x-acs-date", self.date)
    }
}

/// The `x-acs-*` headers this signer adds, in the order of [`Signed::headers`].
fn own_headers<'a>(params: &Params<'a>, content_sha256: &'a str) -> [(&'static str, &'a str); 5] {
    [
        ("x-acs-action", params.action),
        ("x-acs-version", params.version),
        ("x-acs-date", params.date),
        ("x-acs-signature-nonce", params.nonce),
        ("x-acs-content-sha256", content_sha256),
    ]
}

/// Whether a caller's header is signed: `content-type` and `x-acs-*`, except those this
/// signer sets itself.
fn is_signed_callers_header(name: &str) -> bool {
    let signed = is_header(name, "content-type")
        || name
            .trim()
            .get(..6)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("x-acs-"));
    signed && !OWN_HEADERS.iter().any(|own| is_header(name, own))
}

/// `host`, the signer's own headers and the caller's signed ones.
fn signed_headers<'a>(
    host: &'a str,
    own: [(&'static str, &'a str); 5],
    callers: impl Iterator<Item = (&'a str, &'a str)>,
) -> SignedHeaders<'a> {
    SignedHeaders::new(
        [("host", host)]
            .into_iter()
            .chain(own)
            .chain(callers)
            .map(|(name, value)| (name, Cow::Borrowed(value))),
    )
}

/// `ACS3-HMAC-SHA256 \n hex(SHA256(CanonicalRequest))`.
fn write_string_to_sign<S: Sink>(out: &mut S, hashed_canonical_request: &Hex64) {
    out.put(ALGORITHM.as_bytes());
    out.put(b"\n");
    out.put(hashed_canonical_request.as_bytes());
}

/// The `Authorization` header value.
fn authorization(
    access_key_id: &str,
    headers: &impl CanonicalHeaders,
    signature: &Hex64,
) -> String {
    [
        ALGORITHM,
        " Credential=",
        access_key_id,
        ",SignedHeaders=",
        headers.names(),
        ",Signature=",
        signature.as_str(),
    ]
    .concat()
}

/// What [`sign_request`] and [`authorize`] need: an RPC-style call with its query, form body
/// and optional session token, path `/`. Holds the secret, so no `Debug`.
pub struct Acs3Input<'a> {
    /// The HTTP method: `POST`.
    pub method: &'a str,
    /// The host.
    pub host: &'a str,
    /// The query parameters, decoded.
    pub query: &'a [(String, String)],
    /// The body exactly as sent.
    pub body: &'a [u8],
    /// The `Content-Type` sent, if any.
    pub content_type: Option<&'a str>,
    /// The API name.
    pub action: &'a str,
    /// The API version.
    pub version: &'a str,
    /// `2023-10-26T10:22:32Z`.
    pub date: &'a str,
    /// The nonce.
    pub nonce: &'a str,
    /// The STS session token, sent (and signed) as `x-acs-security-token`.
    pub security_token: Option<&'a str>,
    /// The AccessKey id.
    pub access_key_id: &'a str,
    /// The AccessKey secret.
    pub secret: &'a str,
}

impl<'a> Acs3Input<'a> {
    /// Refuses control characters in the credentials and in every header value.
    fn check(&self) -> Result<(), ControlCharacter> {
        check_key(self.access_key_id, self.secret)?;
        if let Some(token) = self.security_token {
            ControlCharacter::check(HeaderField::SessionToken, token)?;
        }
        self.params().check()?;
        check_header("Host", self.host)?;
        if let Some(content_type) = self.content_type {
            check_header("Content-Type", content_type)?;
        }
        Ok(())
    }

    fn params(&self) -> Params<'a> {
        Params {
            action: self.action,
            version: self.version,
            date: self.date,
            nonce: self.nonce,
        }
    }
}

/// The headers of a request signed by [`sign_request`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// Every header to send except `Authorization`: `Host`, `Content-Type` if given,
    /// `x-acs-security-token` if given, and the `x-acs-*` headers of [`Signed::headers`].
    pub headers: Vec<(String, String)>,
    /// The `Authorization` header value.
    pub authorization: String,
    /// The signature and its intermediate results.
    pub signed: Signed,
}

/// [`sign`] for the common case of [`Acs3Input`], returning every header to send. Fails
/// only on a control character in the input.
pub fn sign_request(input: &Acs3Input<'_>) -> Result<Prepared, SignError> {
    input.check()?;
    let mut given = Vec::new();
    if let Some(ct) = input.content_type {
        given.push(("Content-Type".to_owned(), ct.to_owned()));
    }
    if let Some(token) = input.security_token {
        given.push(("x-acs-security-token".to_owned(), token.to_owned()));
    }
    let request = Request {
        method: input.method,
        host: input.host,
        path: "/",
        query: input.query,
        headers: &given,
        body: input.body,
    };
    let key = Key {
        access_key_id: input.access_key_id,
        secret: input.secret,
    };
    let signed = sign(&request, &key, &input.params())?;
    let mut headers = vec![("Host".to_owned(), input.host.to_owned())];
    headers.extend(given);
    headers.extend(
        signed
            .headers
            .iter()
            .filter(|(n, _)| n != "Authorization")
            .cloned(),
    );
    Ok(Prepared {
        headers,
        authorization: signed.authorization.clone(),
        signed,
    })
}

/// The values an ACS3 signature adds to a request, beside the `x-acs-*` values the caller
/// gave in [`Acs3Input`]: what [`authorize`] returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorized {
    /// The query string as signed (sorted, RFC 3986); send exactly this after `?`.
    pub canonical_query_string: String,
    /// The `x-acs-content-sha256` value.
    pub content_sha256: String,
    /// The `Authorization` value.
    pub authorization: String,
}

/// [`sign_request`] without the intermediate results: the canonical request goes straight
/// into its hash, and the HMAC keyed with the secret comes from `keys`. The headers to send are `Host`, `Content-Type` and `x-acs-security-token`
/// if given, `x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce` with the
/// values of `input`, and `x-acs-content-sha256` and `Authorization` with those returned.
pub fn authorize(input: &Acs3Input<'_>, keys: &SigningKeys) -> Result<Authorized, SignError> {
    input.check()?;
    let content_sha256 = Hex64::sha256(input.body);
    let canonical_query_string = canonical_query(input.query);
    let headers = KnownHeaders([
        input.content_type,
        Some(input.host),
        Some(input.action),
        Some(content_sha256.as_str()),
        Some(input.date),
        input.security_token,
        Some(input.nonce),
        Some(input.version),
    ]);
    let hashed = CanonicalRequest {
        method: input.method,
        uri: "/",
        uri_suffix: "",
        query: &canonical_query_string,
        headers: &headers,
        payload_hash: &content_sha256,
    }
    .hash();
    let mut mac = keys.hmac_sha256(input.secret);
    write_string_to_sign(&mut mac, &hashed);
    let signature = Hex64::new(&mac.finalize().into_bytes().into());
    let authorization = authorization(input.access_key_id, &headers, &signature);
    check_header("Authorization", &authorization)?;
    Ok(Authorized {
        authorization,
        content_sha256: content_sha256.as_str().to_owned(),
        canonical_query_string,
    })
}

/// The names of the headers [`authorize`] signs, in canonical order.
const KNOWN_NAMES: [&str; 8] = [
    "content-type",
    "host",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-security-token",
    "x-acs-signature-nonce",
    "x-acs-version",
];

/// The values of the headers [`authorize`] signs, by [`KNOWN_NAMES`]; the content type and
/// the security token are optional. The names being known, they need neither sorting nor
/// lower-casing, and their list is one of four constants: what [`sign`] does for any headers
/// would cost more than the hashing. Tests check that both agree.
struct KnownHeaders<'a>([Option<&'a str>; 8]);

impl CanonicalHeaders for KnownHeaders<'_> {
    fn write_canonical<S: Sink>(&self, out: &mut S) {
        for (name, value) in KNOWN_NAMES.iter().zip(&self.0) {
            if let Some(value) = value {
                out.put(name.as_bytes());
                out.put(b":");
                out.put(trim(value).as_bytes());
                out.put(b"\n");
            }
        }
    }

    fn names(&self) -> &str {
        let given = |i: usize| self.0.get(i).is_some_and(Option::is_some);
        match (given(0), given(5)) {
            (true, true) => {
                "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;\
                 x-acs-security-token;x-acs-signature-nonce;x-acs-version"
            }
            (true, false) => {
                "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;\
                 x-acs-signature-nonce;x-acs-version"
            }
            (false, true) => {
                "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;\
                 x-acs-signature-nonce;x-acs-version"
            }
            (false, false) => {
                "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;\
                 x-acs-version"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sign::test_pairs as pairs;

    const KEY: Key<'static> = Key {
        access_key_id: "YourAccessKeyId",
        secret: "YourAccessKeySecret",
    };
    const PARAMS: Params<'static> = Params {
        action: "RunInstances",
        version: "2014-05-26",
        date: "2023-10-26T10:22:32Z",
        nonce: "3156853299f313e23d1673dc12e1703d",
    };

    fn sign_with(query: &[(String, String)], headers: &[(String, String)], body: &[u8]) -> Signed {
        let request = Request {
            method: "POST",
            host: "ecs.cn-shanghai.aliyuncs.com",
            path: "/",
            query,
            headers,
            body,
        };
        sign(&request, &KEY, &PARAMS).expect("signs")
    }

    #[test]
    fn content_type_and_x_acs_headers_are_signed_others_not() {
        let headers = pairs(&[
            ("User-Agent", "sdk/1"),
            (" Content-Type ", "  application/x-www-form-urlencoded "),
            ("X-Acs-Security-Token", "tok"),
            ("Accept", "application/json"),
        ]);
        let s = sign_with(&[], &headers, b"");
        assert_eq!(
            s.signed_headers,
            "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;\
             x-acs-security-token;x-acs-signature-nonce;x-acs-version"
        );
        assert!(
            s.canonical_request
                .contains("\ncontent-type:application/x-www-form-urlencoded\n")
        );
        assert!(s.canonical_request.contains("\nx-acs-security-token:tok\n"));
        assert!(
            !s.canonical_request.contains("user-agent") && !s.canonical_request.contains("accept")
        );
    }

    #[test]
    fn the_callers_own_header_values_cannot_override_the_signers() {
        let headers = pairs(&[
            ("X-Acs-Date", "1999-01-01T00:00:00Z"),
            ("Host", "evil.example.com"),
        ]);
        let s = sign_with(&[], &headers, b"");
        assert_eq!(s, sign_with(&[], &[], b""));
        assert!(!s.canonical_request.contains("1999") && !s.canonical_request.contains("evil"));
    }

    #[test]
    fn queries_are_sorted_and_encoded_the_alibaba_way() {
        let query = pairs(&[
            ("Tag", "a b*c~d"),
            ("Empty", ""),
            ("Name", "未命名"),
            ("A", "2"),
            ("A", "1"),
        ]);
        let s = sign_with(&query, &[], b"");
        // Space as %20, `*` as %2A, `~` kept; empty values keep their `=`.
        assert_eq!(
            s.canonical_query_string,
            "A=1&A=2&Empty=&Name=%E6%9C%AA%E5%91%BD%E5%90%8D&Tag=a%20b%2Ac~d"
        );
        assert!(
            s.canonical_request
                .starts_with("POST\n/\nA=1&A=2&Empty=&Name=")
        );
        let empty = sign_with(&[], &[], b"");
        assert!(empty.canonical_request.starts_with("POST\n/\n\nhost:"));
    }

    #[test]
    fn unicode_bodies_hash_as_utf8() {
        let s = sign_with(&[], &[], "{\"Name\":\"未命名\"}".as_bytes());
        let hash = "59fe2da05c480019bb55c0a5d5238b60199b472e5694c76bb79ee2e60ecf4a54";
        assert_eq!(s.content_sha256, hash);
        assert!(s.canonical_request.ends_with(&format!("\n{hash}")));
        assert!(
            s.headers
                .contains(&("x-acs-content-sha256".to_owned(), hash.to_owned()))
        );
        assert_eq!(
            s.headers.last().map(|(n, _)| n.as_str()),
            Some("Authorization")
        );
    }

    #[test]
    fn sign_request_matches_sign_and_lists_every_header() {
        let query = pairs(&[("RegionId", "cn-shanghai")]);
        let input = Acs3Input {
            method: "POST",
            host: "ecs.cn-shanghai.aliyuncs.com",
            query: &query,
            body: b"a=1",
            content_type: Some("application/x-www-form-urlencoded"),
            action: PARAMS.action,
            version: PARAMS.version,
            date: PARAMS.date,
            nonce: PARAMS.nonce,
            security_token: Some("tok"),
            access_key_id: KEY.access_key_id,
            secret: KEY.secret,
        };
        let prepared = sign_request(&input).expect("signs");
        let headers = pairs(&[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("x-acs-security-token", "tok"),
        ]);
        assert_eq!(prepared.signed, sign_with(&query, &headers, b"a=1"));
        let names: Vec<&str> = prepared.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Host",
                "Content-Type",
                "x-acs-security-token",
                "x-acs-action",
                "x-acs-version",
                "x-acs-date",
                "x-acs-signature-nonce",
                "x-acs-content-sha256"
            ]
        );
    }

    #[test]
    fn authorize_is_sign_request_without_the_intermediates() {
        let keys = SigningKeys::new();
        let queries = [
            Vec::new(),
            pairs(&[("RegionId", "cn-shanghai")]),
            pairs(&[
                ("Tag", "a b*c~d"),
                ("A", "2"),
                ("A", "1"),
                ("Name", "未命名"),
            ]),
        ];
        for query in &queries {
            for content_type in [None, Some("application/x-www-form-urlencoded")] {
                for security_token in [None, Some(" tok ")] {
                    let input = Acs3Input {
                        method: "POST",
                        host: "ecs.cn-shanghai.aliyuncs.com",
                        query,
                        body: b"a=1",
                        content_type,
                        action: PARAMS.action,
                        version: PARAMS.version,
                        date: PARAMS.date,
                        nonce: PARAMS.nonce,
                        security_token,
                        access_key_id: KEY.access_key_id,
                        secret: KEY.secret,
                    };
                    let signed = sign_request(&input).expect("signs").signed;
                    let authorized = authorize(&input, &keys).expect("signs");
                    assert_eq!(authorized.authorization, signed.authorization);
                    assert_eq!(authorized.content_sha256, signed.content_sha256);
                    assert_eq!(
                        authorized.canonical_query_string,
                        signed.canonical_query_string
                    );
                }
            }
        }
    }

    #[test]
    fn the_known_headers_are_listed_in_order() {
        assert!(KNOWN_NAMES.is_sorted());
        for content_type in [None, Some("c")] {
            for token in [None, Some("t")] {
                let values = [content_type, Some("h"), Some("a"), Some("s")];
                let values = [values, [Some("d"), token, Some("n"), Some("v")]].concat();
                let headers = KnownHeaders(values.clone().try_into().unwrap_or_default());
                let present: Vec<&str> = KNOWN_NAMES
                    .iter()
                    .zip(&values)
                    .filter(|(_, value)| value.is_some())
                    .map(|(name, _)| *name)
                    .collect();
                assert_eq!(headers.names(), present.join(";"));
            }
        }
    }
}
