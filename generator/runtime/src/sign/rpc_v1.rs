//! Alibaba Cloud RPC signature V1 (`SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0`).
//!
//! ```text
//! CanonicalizedQueryString = sorted name=value pairs, each part RFC 3986-encoded, joined by &
//! StringToSign = Method & rfc3986("/") & rfc3986(CanonicalizedQueryString)
//! Signature    = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))
//! ```
//!
//! The canonicalized query is encoded twice in the string to sign: `:` in a timestamp
//! appears there as `%253A`. The signed parameters are exactly those given, common ones
//! included (`Action`, `Version`, `Format`, `AccessKeyId`, `SignatureMethod`,
//! `SignatureVersion`, `SignatureNonce`, `Timestamp`, and for a form-encoded POST the body's
//! parameters too); the resulting value travels as the `Signature` query parameter.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::Mac;

use super::encode::canonical_query;
use super::{
    Buffered, ControlCharacter, HeaderField, Key, Request, SignError, SigningKeys, Sink, check_key,
    hmac_sha1_keyed, utf8_text,
};

/// An RPC V1 signature with its intermediate results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// The sorted, encoded parameters: `AccessKeyId=testid&Action=DescribeRegions&…`.
    pub canonicalized_query_string: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The base64 signature: the value of the `Signature` query parameter (to be
    /// percent-encoded in the URL like any other value).
    pub signature: String,
}

/// Signs the parameters of [`Request::query`] (exactly those: the caller adds the common
/// parameters) with [`Key::secret`]. Only the method and the query enter the signature: the
/// path is always signed as `/`, and host, headers and body are not signed. Fails if the key
/// holds a control character; the parameters, percent-encoded wherever they go, may hold any.
pub fn sign(request: &Request<'_>, key: &Key<'_>) -> Result<Signed, SignError> {
    check_key(key.access_key_id, key.secret)?;
    let mut string_to_sign = Vec::new();
    write_string_to_sign(&mut string_to_sign, request.method, request.query);
    let mut mac = hmac_sha1_keyed(format!("{}&", key.secret).as_bytes());
    mac.update(&string_to_sign);
    Ok(Signed {
        canonicalized_query_string: canonical_query(request.query),
        string_to_sign: utf8_text(string_to_sign),
        signature: STANDARD.encode(mac.finalize().into_bytes()),
    })
}

/// Just the `Signature` value of `params` signed with `secret` for `method`: [`sign`]
/// without the intermediate results, the string to sign going straight into the HMAC, keyed
/// from `keys`. Fails if the secret holds a control character.
pub fn signature(
    method: &str,
    params: &[(String, String)],
    secret: &str,
    keys: &SigningKeys,
) -> Result<String, SignError> {
    ControlCharacter::check(HeaderField::Secret, secret)?;
    let mut mac = keys.hmac_sha1_amp(secret);
    write_string_to_sign(&mut mac, method, params);
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

/// `Method & rfc3986("/") & rfc3986(CanonicalizedQueryString)`, in one pass: each name and
/// value is encoded twice at once, and the `=` and `&` between them once.
fn write_string_to_sign<S: Sink>(out: &mut S, method: &str, params: &[(String, String)]) {
    let mut out = Buffered::new(out);
    out.put(method.as_bytes());
    out.put(b"&%2F&");
    out.put_canonical_query_twice(params);
    out.finish();
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sign::hmac_sha1;
    use crate::sign::test_pairs as pairs;

    fn sign_query(method: &str, query: &[(String, String)]) -> Signed {
        let request = Request {
            method,
            host: "ecs.aliyuncs.com",
            path: "/",
            query,
            headers: &[],
            body: &[],
        };
        sign(
            &request,
            &Key {
                access_key_id: "testid",
                secret: "testsecret",
            },
        )
        .expect("signs")
    }

    #[test]
    fn parameters_sort_by_name_then_value_and_encode_twice() {
        let query = pairs(&[
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Tag", "a b*c~d"),
            ("Action", "X"),
            ("Name", "未"),
            ("Dup", "2"),
            ("Dup", "1"),
            ("Empty", ""),
        ]);
        let s = sign_query("GET", &query);
        assert_eq!(
            s.canonicalized_query_string,
            "Action=X&Dup=1&Dup=2&Empty=&Name=%E6%9C%AA&Tag=a%20b%2Ac~d&Timestamp=2016-02-23T12%3A46%3A24Z"
        );
        assert_eq!(
            s.string_to_sign,
            "GET&%2F&Action%3DX%26Dup%3D1%26Dup%3D2%26Empty%3D%26Name%3D%25E6%259C%25AA\
             %26Tag%3Da%2520b%252Ac~d%26Timestamp%3D2016-02-23T12%253A46%253A24Z"
        );
    }

    #[test]
    fn an_empty_query_signs_the_method_and_path_only() {
        let s = sign_query("POST", &[]);
        assert_eq!(s.canonicalized_query_string, "");
        assert_eq!(s.string_to_sign, "POST&%2F&");
        // base64 of a 20-byte HMAC-SHA1: 28 characters, one `=` of padding.
        assert_eq!(s.signature.len(), 28);
        assert!(s.signature.ends_with('='));
    }

    #[test]
    fn the_method_is_signed_and_the_secret_gets_an_ampersand() {
        let query = pairs(&[("Action", "X")]);
        assert_ne!(
            sign_query("GET", &query).signature,
            sign_query("POST", &query).signature
        );
        let expected = STANDARD.encode(hmac_sha1(b"testsecret&", b"GET&%2F&Action%3DX"));
        assert_eq!(sign_query("GET", &query).signature, expected);
        let keys = SigningKeys::new();
        assert_eq!(signature("GET", &query, "testsecret", &keys), Ok(expected));
    }

    #[test]
    fn signature_is_sign_without_the_intermediates() {
        let keys = SigningKeys::new();
        let long = "a b/~:".repeat(200);
        let many: Vec<(String, String)> = (0..60)
            .map(|i| (format!("P{}", (i * 7) % 60), format!("{i} {i}")))
            .collect();
        for params in [
            pairs(&[("Action", "X")]),
            pairs(&[
                ("Timestamp", "2016-02-23T12:46:24Z"),
                ("SignatureVersion", "1.0"),
                ("SignatureNonce", "n"),
                ("Name", "未"),
                ("Dup", "2"),
                ("Dup", "1"),
                ("Empty", ""),
                ("Long", &long),
            ]),
            many,
            Vec::new(),
        ] {
            for secret in ["testsecret", "another"] {
                let request = Request {
                    method: "POST",
                    host: "ecs.aliyuncs.com",
                    path: "/",
                    query: &params,
                    headers: &[],
                    body: &[],
                };
                let key = Key {
                    access_key_id: "testid",
                    secret,
                };
                let expected = sign(&request, &key).map(|s| s.signature);
                assert_eq!(signature("POST", &params, secret, &keys), expected);
            }
        }
    }
}
