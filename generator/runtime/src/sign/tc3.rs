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

use std::borrow::Cow;
use std::collections::BTreeSet;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::encode::{canonical_path_cow, canonical_query};
use super::{
    CanonicalHeaders, CanonicalRequest, Hex64, Key, Request, SignError, SignedHeaders, SigningKeys,
    Sink, check_header, check_key, check_request, hmac_sha256, hmac_sha256_keyed, is_header,
    put_decimal, utf8_text,
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

/// Signs a request. Fails if a header of `params.signed_headers` (other than `host`) is not
/// among the request's headers, and if the key, the host or a header holds a control
/// character; a header given several times is signed as its values joined by `,`.
pub fn sign(
    request: &Request<'_>,
    key: &Key<'_>,
    params: &Params<'_>,
) -> Result<Signed, SignError> {
    check_key(key.access_key_id, key.secret)?;
    check_request(request)?;
    // Deduplicated, so that listing a header twice cannot sign its value twice.
    let names: BTreeSet<String> = params
        .signed_headers
        .iter()
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    let mut signed = Vec::new();
    for name in &names {
        if name == "host" {
            signed.push((name.as_str(), lower_value(request.host)));
            continue;
        }
        let before = signed.len();
        signed.extend(
            request
                .headers
                .iter()
                .filter(|(n, _)| is_header(n, name))
                .map(|(_, v)| (name.as_str(), lower_value(v))),
        );
        if signed.len() == before {
            return Err(SignError::MissingHeader(name.clone()));
        }
    }
    finish(
        request,
        key,
        params.service,
        params.timestamp,
        &SignedHeaders::new(signed),
    )
}

/// A header value as Tencent signs it: lower-cased (Unicode `to_lowercase`). Most values
/// already are, and are borrowed.
fn lower_value(value: &str) -> Cow<'_, str> {
    if value.is_ascii() && !value.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(value.to_lowercase())
    }
}

/// The rest of [`sign`], once the signed headers are known and the inputs checked.
fn finish(
    request: &Request<'_>,
    key: &Key<'_>,
    service: &str,
    timestamp: i64,
    headers: &SignedHeaders<'_>,
) -> Result<Signed, SignError> {
    let canonical_query_string = canonical_query(request.query);
    let uri = canonical_path_cow(request.path);
    let payload_hash = Hex64::sha256(request.body);
    let canonical_request = CanonicalRequest {
        method: request.method,
        uri: &uri,
        uri_suffix: "",
        query: &canonical_query_string,
        headers,
        payload_hash: &payload_hash,
    }
    .text();
    let hashed = Hex64::sha256(canonical_request.as_bytes());
    let signing_key = SigningKey::derive(key.secret, day(timestamp), service);
    let mut string_to_sign = Vec::new();
    write_string_to_sign(
        &mut string_to_sign,
        timestamp,
        &signing_key.date,
        service,
        &hashed,
    );
    let string_to_sign = utf8_text(string_to_sign);
    let signature = signing_key.sign(|mac| mac.put(string_to_sign.as_bytes()));
    let authorization = authorization(
        key.access_key_id,
        &signing_key.date,
        service,
        headers,
        &signature,
    );
    // The service is the one part of it not checked yet.
    check_header("Authorization", &authorization)?;
    let mut credential_scope = Vec::new();
    write_scope(&mut credential_scope, &signing_key.date, service);
    Ok(Signed {
        canonical_query_string,
        canonical_request,
        hashed_canonical_request: hashed.as_str().to_owned(),
        credential_scope: utf8_text(credential_scope),
        string_to_sign,
        signed_headers: headers.names().to_owned(),
        signature: signature.as_str().to_owned(),
        headers: vec![("Authorization".to_owned(), authorization.clone())],
        authorization,
    })
}

/// `2019-02-25/cvm/tc3_request`.
fn write_scope<S: Sink>(out: &mut S, date: &str, service: &str) {
    out.put(date.as_bytes());
    out.put(b"/");
    out.put(service.as_bytes());
    out.put(b"/tc3_request");
}

/// `TC3-HMAC-SHA256 \n Timestamp \n CredentialScope \n hex(SHA256(CanonicalRequest))`.
fn write_string_to_sign<S: Sink>(
    out: &mut S,
    timestamp: i64,
    date: &str,
    service: &str,
    hashed_canonical_request: &Hex64,
) {
    out.put(ALGORITHM.as_bytes());
    out.put(b"\n");
    put_decimal(out, timestamp);
    out.put(b"\n");
    write_scope(out, date, service);
    out.put(b"\n");
    out.put(hashed_canonical_request.as_bytes());
}

/// The `Authorization` header value.
fn authorization(
    access_key_id: &str,
    date: &str,
    service: &str,
    headers: &SignedHeaders<'_>,
    signature: &Hex64,
) -> String {
    [
        ALGORITHM,
        " Credential=",
        access_key_id,
        "/",
        date,
        "/",
        service,
        "/tc3_request, SignedHeaders=",
        headers.names(),
        ", Signature=",
        signature.as_str(),
    ]
    .concat()
}

/// The days since 1970-01-01 of a UNIX time: the credential scope's date.
fn day(timestamp: i64) -> i64 {
    timestamp.div_euclid(86_400)
}

/// The date (`YYYY-MM-DD`) of a count of days since 1970-01-01.
fn date_of_day(day: i64) -> String {
    let (year, month, day) = super::civil_from_days(day);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The UTC date (`YYYY-MM-DD`) of a UNIX time.
#[cfg(test)]
fn utc_date(timestamp: i64) -> String {
    date_of_day(day(timestamp))
}

/// The signing key of one secret, date and service, as an HMAC keyed with it (keying
/// hashes the key's two pads, so a keyed copy saves that work on every signature too).
pub(super) struct SigningKey {
    /// The date of the credential scope, `YYYY-MM-DD`.
    date: String,
    /// HMAC keyed with `HMAC(HMAC(HMAC("TC3" + SecretKey, Date), service), "tc3_request")`.
    mac: Hmac<Sha256>,
}

impl SigningKey {
    /// Three of the four HMACs of a signature: they depend on the secret, the date (days
    /// since 1970-01-01) and the service only.
    pub(super) fn derive(secret: &str, day: i64, service: &str) -> Self {
        let date = date_of_day(day);
        let mut tc3_secret = Vec::with_capacity(3 + secret.len());
        tc3_secret.put(b"TC3");
        tc3_secret.put(secret.as_bytes());
        let secret_date = hmac_sha256(&tc3_secret, date.as_bytes());
        let secret_service = hmac_sha256(&secret_date, service.as_bytes());
        let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
        SigningKey {
            date,
            mac: hmac_sha256_keyed(&secret_signing),
        }
    }

    /// The hex HMAC of what `write` writes.
    pub(super) fn sign(&self, write: impl FnOnce(&mut Hmac<Sha256>)) -> Hex64 {
        let mut mac = self.mac.clone();
        write(&mut mac);
        Hex64::new(&mac.finalize().into_bytes().into())
    }
}

/// What [`sign_request`] and [`authorize`] need: a JSON-style API call whose only signed
/// headers are `content-type` and `host`, path `/` and no query. Holds the secret, so no
/// `Debug`.
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

impl<'a> Tc3Input<'a> {
    /// Refuses control characters in the key and the headers.
    fn check(&self) -> Result<(), SignError> {
        check_key(self.access_key_id, self.secret)?;
        check_header("Content-Type", self.content_type)?;
        check_header("Host", self.host)?;
        Ok(())
    }

    /// `content-type` and `host`, as [`sign`] takes them.
    fn headers(&self) -> SignedHeaders<'a> {
        SignedHeaders::new([
            ("content-type", lower_value(self.content_type)),
            ("host", lower_value(self.host)),
        ])
    }
}

/// [`sign`] for the common case of [`Tc3Input`]: `POST /` with a body, signing
/// `content-type` and `host`. Fails only on a control character in the input.
pub fn sign_request(input: &Tc3Input<'_>) -> Result<Signed, SignError> {
    input.check()?;
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
    finish(
        &request,
        &key,
        input.service,
        input.timestamp,
        &input.headers(),
    )
}

/// The `Authorization` value of [`sign_request`], computed without its intermediate
/// results: the canonical request goes straight into its hash, and the signing key comes
/// from `keys` when it was derived before.
pub fn authorize(input: &Tc3Input<'_>, keys: &SigningKeys) -> Result<String, SignError> {
    input.check()?;
    let headers = input.headers();
    let payload_hash = Hex64::sha256(input.body);
    let hashed = CanonicalRequest {
        method: input.method,
        uri: "/",
        uri_suffix: "",
        query: "",
        headers: &headers,
        payload_hash: &payload_hash,
    }
    .hash();
    let key = keys.tc3(input.secret, day(input.timestamp), input.service);
    let signature = key.sign(|mac| {
        write_string_to_sign(mac, input.timestamp, &key.date, input.service, &hashed);
    });
    let authorization = authorization(
        input.access_key_id,
        &key.date,
        input.service,
        &headers,
        &signature,
    );
    check_header("Authorization", &authorization)?;
    Ok(authorization)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sign::test_pairs as pairs;

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
        let quick = sign_request(&input).expect("signs");
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

    #[test]
    fn authorize_is_sign_request_without_the_intermediates() {
        let keys = SigningKeys::new();
        for (content_type, host, service, timestamp) in [
            (
                "application/json",
                "cvm.tencentcloudapi.com",
                "cvm",
                1_551_113_065,
            ),
            (
                " Application/JSON; Charset=UTF-8 ",
                "CVM.tencentcloudapi.com",
                "cvm",
                0,
            ),
            ("TEXT/Ä", "postgres.tencentcloudapi.com", "postgres", -1),
            (
                "application/json",
                "127.0.0.1:8080",
                "postgres",
                1_700_006_399,
            ),
            (
                "application/json",
                "127.0.0.1:8080",
                "postgres",
                1_700_006_400,
            ),
        ] {
            for secret in [KEY.secret, "another secret"] {
                let input = Tc3Input {
                    method: "POST",
                    host,
                    body: br#"{"Limit": 1}"#,
                    content_type,
                    service,
                    timestamp,
                    access_key_id: KEY.access_key_id,
                    secret,
                };
                let expected = sign_request(&input).map(|s| s.authorization);
                // Twice: the second time with the signing key held.
                assert_eq!(authorize(&input, &keys), expected);
                assert_eq!(authorize(&input, &keys), expected);
            }
        }
    }
}
