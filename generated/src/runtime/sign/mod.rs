//! Request signers of the three providers, as pure functions: no clock, no randomness, no
//! I/O. Times and nonces are inputs, so that every step can be checked against the
//! providers' published examples (`tests/signing_examples.rs` reproduces all of them).
//!
//! - [`tc3`]: Tencent Cloud TC3-HMAC-SHA256.
//! - [`acs3`]: Alibaba Cloud ACS3-HMAC-SHA256 (signature V3).
//! - [`rpc_v1`]: Alibaba Cloud RPC signature V1 (HMAC-SHA1 over the canonicalized query).
//! - [`sdk_hmac_sha256`]: Huawei Cloud SDK-HMAC-SHA256.
//!
//! Each `sign` returns the intermediate results (canonical request, string to sign,
//! signature) beside the finished outputs, so that a rejected request can be compared with
//! what the provider's documentation or error message shows.

use std::borrow::Cow;
use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

pub mod acs3;
pub mod encode;
pub mod rpc_v1;
pub mod sdk_hmac_sha256;
pub mod tc3;

/// The parts of an HTTP request that signatures cover.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The HTTP method, upper case as sent: `GET`, `POST`.
    pub method: &'a str,
    /// The host (with a port if one is sent), as in the `Host` header.
    pub host: &'a str,
    /// The path as sent, already percent-encoded: `/` or `/v2/abc/backuppolicy`.
    pub path: &'a str,
    /// The query parameters, decoded, in any order (the signers sort them).
    pub query: &'a [(String, String)],
    /// The headers that will be sent besides those the algorithm adds itself, names as sent.
    /// Each algorithm's `sign` says which of them it signs.
    pub headers: &'a [(String, String)],
    /// The body exactly as sent.
    pub body: &'a [u8],
}

/// An access key. Its `Debug` shows the key id, never the secret.
#[derive(Clone, Copy)]
pub struct Key<'a> {
    /// The access key id (Tencent's SecretId, Huawei's AK).
    pub access_key_id: &'a str,
    /// The secret (Tencent's SecretKey, Huawei's SK).
    pub secret: &'a str,
}

impl fmt::Debug for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("access_key_id", &self.access_key_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// Why a request cannot be signed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// A header the caller asked to sign is not among the request's headers.
    #[error("the header {0:?} is to be signed but the request does not have it")]
    MissingHeader(String),
}

/// Lower-case hex, as the SHA-256 signatures print hashes and signatures.
pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digit = |nibble: u8| DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0');
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.push(digit(byte >> 4));
        out.push(digit(byte & 0xF));
    }
    // Hex digits are ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// Lower-case hex SHA-256, the payload and canonical-request hash of all three SHA-256
/// signatures.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex_lower(&Sha256::digest(data))
}

/// HMAC-SHA256.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length (longer ones are hashed), so `new_from_slice` never
    // fails for it; the all-zero key of the `Err` arm only stands in for a panic there.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()));
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA1, for Alibaba Cloud's RPC signature V1.
pub(crate) fn hmac_sha1(key: &[u8], data: &[u8]) -> [u8; 20] {
    // As in `hmac_sha256`: the `Err` arm cannot happen.
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <Hmac<Sha1> as KeyInit>::new(&Default::default()));
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Canonical headers and the signed-header list built from them.
pub(crate) struct CanonicalHeaders {
    /// `name:value\n` per header, sorted by name.
    pub canonical: String,
    /// `name;name`, sorted.
    pub signed: String,
}

/// Builds the canonical headers all three SHA-256 signatures share: names lower-cased,
/// values trimmed, sorted by name; several values of one name are joined with `,` in the
/// order given, as HTTP combines repeated fields.
pub(crate) fn canonical_headers<N: AsRef<str>, V: AsRef<str>>(
    headers: impl IntoIterator<Item = (N, V)>,
) -> CanonicalHeaders {
    let given: Vec<(N, V)> = headers.into_iter().collect();
    let mut folded: Vec<(Cow<'_, str>, &str)> = given
        .iter()
        .map(|(name, value)| {
            let name = name.as_ref().trim();
            // Names are usually lower case already (the signers' own ones always are).
            let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name)
            };
            (name, value.as_ref().trim())
        })
        .collect();
    // Stable: the values of one name keep the order given.
    folded.sort_by(|a, b| a.0.cmp(&b.0));
    let mut canonical = String::with_capacity(
        folded
            .iter()
            .map(|(name, value)| name.len() + value.len() + 2)
            .sum(),
    );
    let mut signed = String::with_capacity(folded.iter().map(|(name, _)| name.len() + 1).sum());
    let mut previous: Option<&str> = None;
    for (name, value) in &folded {
        if previous == Some(name.as_ref()) {
            // Another value of the same name: `name:v1,v2\n`.
            canonical.pop();
            canonical.push(',');
        } else {
            canonical.push_str(name);
            canonical.push(':');
            if previous.is_some() {
                signed.push(';');
            }
            signed.push_str(name);
        }
        canonical.push_str(value);
        canonical.push('\n');
        previous = Some(name);
    }
    CanonicalHeaders { canonical, signed }
}

/// Whether a header name equals a lower-case one, ignoring case and surrounding blanks.
pub(crate) fn is_header(name: &str, lower: &str) -> bool {
    name.trim().eq_ignore_ascii_case(lower)
}

/// The civil (year, month, day) of a count of days since 1970-01-01, by Howard Hinnant's
/// `civil_from_days`. A dozen lines of integer arithmetic rather than a date crate: dates are
/// all the signers need, and this is total over `i64` days of UNIX seconds.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from 1 March, 0..=365
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Name/value pairs from string slices, for the signers' tests.
#[cfg(test)]
pub(crate) fn test_pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_debug_hides_the_secret() {
        let key = Key {
            access_key_id: "AKID",
            secret: "very-secret",
        };
        let shown = format!("{key:?}");
        assert!(
            shown.contains("AKID") && !shown.contains("very-secret"),
            "{shown}"
        );
    }

    #[test]
    fn hashes_match_known_vectors() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        // RFC 4231 test case 2 and RFC 2202 test case 2.
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex::encode(hmac_sha1(b"Jefe", b"what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        // Keys longer than the block are hashed first (RFC 4231 test case 6).
        assert_eq!(
            hex::encode(hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn headers_are_folded_trimmed_sorted_and_merged() {
        let c = canonical_headers(
            [
                ("X-B", "  two "),
                (" Content-Type", "\tapplication/json "),
                ("x-b", "three"),
                ("HOST", "example.com"),
            ]
            .map(|(n, v)| (n.to_owned(), v.to_owned())),
        );
        assert_eq!(
            c.canonical,
            "content-type:application/json\nhost:example.com\nx-b:two,three\n"
        );
        assert_eq!(c.signed, "content-type;host;x-b");
        let empty = canonical_headers(std::iter::empty::<(&str, &str)>());
        assert_eq!((empty.canonical.as_str(), empty.signed.as_str()), ("", ""));
    }
}
