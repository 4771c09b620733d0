//! RFC 3986 percent-encoding as the signatures use it. All three providers agree: every
//! byte but the unreserved characters `A-Z a-z 0-9 - _ . ~` becomes `%XY` with upper-case
//! hex, UTF-8 first. That is what Alibaba Cloud describes as "URL-encode, then `+` → `%20`,
//! `*` → `%2A`, `%7E` → `~`", and what Tencent Cloud and Huawei Cloud call URI encoding.

use percent_encoding::percent_decode_str;

/// Whether a byte is one of the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~`.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// The upper-case hex digit of a nibble (`0..=15`).
fn upper_hex(nibble: u8) -> u8 {
    if nibble < 10 {
        b'0' + nibble
    } else {
        b'A' + (nibble - 10)
    }
}

/// Appends `value` percent-encoded as [`rfc3986`] does: unreserved characters as they are,
/// every other byte as `%XY`. Only ASCII is written.
fn push_rfc3986(out: &mut Vec<u8>, value: &[u8]) {
    out.reserve(value.len());
    let mut rest = value;
    while !rest.is_empty() {
        // Copy each run of unreserved characters at once, then escape the byte after it.
        let run = rest
            .iter()
            .position(|&b| !is_unreserved(b))
            .unwrap_or(rest.len());
        let (plain, tail) = rest.split_at_checked(run).unwrap_or((rest, &[]));
        out.extend_from_slice(plain);
        match tail.split_first() {
            Some((&byte, after)) => {
                out.extend_from_slice(&[b'%', upper_hex(byte >> 4), upper_hex(byte & 0xF)]);
                rest = after;
            }
            None => break,
        }
    }
}

/// The text of what [`push_rfc3986`] wrote.
fn ascii_text(bytes: Vec<u8>) -> String {
    // Only ASCII was written, so the `Err` arm cannot happen.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Percent-encodes all but the RFC 3986 unreserved characters: `a b*~/` → `a%20b%2A~%2F`.
pub fn rfc3986(value: &str) -> String {
    rfc3986_bytes(value.as_bytes())
}

/// [`rfc3986`] for bytes that need not be UTF-8 (a decoded path segment may not be).
pub fn rfc3986_bytes(value: &[u8]) -> String {
    let mut out = Vec::new();
    push_rfc3986(&mut out, value);
    ascii_text(out)
}

/// The canonical query string: each name and value [`rfc3986`]-encoded, pairs sorted by name
/// then value (byte order of the decoded strings, as the providers' SDKs sort), joined as
/// `a=1&b=2`. A parameter with an empty value keeps its `=`; no parameters give `""`.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort();
    let mut out = Vec::with_capacity(sorted.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (name, value)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        push_rfc3986(&mut out, name.as_bytes());
        out.push(b'=');
        push_rfc3986(&mut out, value.as_bytes());
    }
    ascii_text(out)
}

/// The canonical form of a path as sent: each `/`-separated segment decoded and encoded
/// again with [`rfc3986`], so that equivalent spellings (`%7e` and `~`, `:` and `%3A`) sign
/// alike, as the server computes it from the path it receives. An encoded `%2F` stays
/// within its segment. An empty path is `/`, and a leading `/` is added if missing.
pub fn canonical_path(path: &str) -> String {
    let mut out = Vec::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        out.push(b'/');
    }
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        if segment.contains('%') {
            let decoded: Vec<u8> = percent_decode_str(segment).collect();
            push_rfc3986(&mut out, &decoded);
        } else {
            push_rfc3986(&mut out, segment.as_bytes());
        }
    }
    ascii_text(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::runtime::sign::test_pairs as pairs;

    #[test]
    fn only_unreserved_characters_stay() {
        assert_eq!(rfc3986("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(rfc3986("a b"), "a%20b");
        assert_eq!(rfc3986("*"), "%2A");
        assert_eq!(rfc3986("~"), "~");
        assert_eq!(rfc3986("/"), "%2F");
        assert_eq!(rfc3986("%"), "%25");
        assert_eq!(rfc3986("+&=?#:@!'()"), "%2B%26%3D%3F%23%3A%40%21%27%28%29");
        // Non-ASCII: UTF-8 bytes, upper-case hex.
        assert_eq!(rfc3986("未命名"), "%E6%9C%AA%E5%91%BD%E5%90%8D");
        assert_eq!(rfc3986("é😀"), "%C3%A9%F0%9F%98%80");
        assert_eq!(rfc3986(""), "");
    }

    #[test]
    fn every_byte_encodes_as_percent_encoding_does() {
        use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};
        const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~');
        let all: Vec<u8> = (0..=u8::MAX).collect();
        for byte in &all {
            let one = std::slice::from_ref(byte);
            assert_eq!(
                rfc3986_bytes(one),
                percent_encode(one, NOT_UNRESERVED).to_string()
            );
        }
        assert_eq!(
            rfc3986_bytes(&all),
            percent_encode(&all, NOT_UNRESERVED).to_string()
        );
    }

    #[test]
    fn queries_sort_by_name_then_value() {
        let q = pairs(&[("b", "2"), ("a", "z"), ("a", "y"), ("A", "x"), ("c", "")]);
        assert_eq!(canonical_query(&q), "A=x&a=y&a=z&b=2&c=");
        assert_eq!(canonical_query(&[]), "");
        // Sorted on the decoded names: `:` (0x3A) after `0` (0x30), although encoded
        // (`%3A`) it would sort first.
        let q = pairs(&[("a0", "1"), ("a:", "2"), ("k", "a b*~/%é")]);
        assert_eq!(canonical_query(&q), "a0=1&a%3A=2&k=a%20b%2A~%2F%25%C3%A9");
    }

    #[test]
    fn paths_are_normalised_segment_by_segment() {
        assert_eq!(canonical_path(""), "/");
        assert_eq!(canonical_path("/"), "/");
        assert_eq!(
            canonical_path("/v2/abc/backuppolicy"),
            "/v2/abc/backuppolicy"
        );
        assert_eq!(canonical_path("/a%2Fb/c"), "/a%2Fb/c");
        assert_eq!(canonical_path("/%7e/x:y/%e6%9c%aa"), "/~/x%3Ay/%E6%9C%AA");
        assert_eq!(canonical_path("/a b/"), "/a%20b/");
        // A stray `%` is not an escape: it is encoded.
        assert_eq!(canonical_path("/100%/%zz"), "/100%25/%25zz");
        // Invalid UTF-8 after decoding is encoded byte by byte.
        assert_eq!(canonical_path("/%FF"), "/%FF");
        assert_eq!(canonical_path("v1/x"), "/v1/x");
    }
}
