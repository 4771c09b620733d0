//! RFC 3986 percent-encoding as the signatures use it. All three providers agree: every
//! byte but the unreserved characters `A-Z a-z 0-9 - _ . ~` becomes `%XY` with upper-case
//! hex, UTF-8 first. That is what Alibaba Cloud describes as "URL-encode, then `+` → `%20`,
//! `*` → `%2A`, `%7E` → `~`", and what Tencent Cloud and Huawei Cloud call URI encoding.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};

/// Every byte except the RFC 3986 unreserved characters (non-ASCII bytes are always
/// encoded by `percent_encoding`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes all but the RFC 3986 unreserved characters: `a b*~/` → `a%20b%2A~%2F`.
pub fn rfc3986(value: &str) -> String {
    rfc3986_bytes(value.as_bytes())
}

/// [`rfc3986`] for bytes that need not be UTF-8 (a decoded path segment may not be).
pub fn rfc3986_bytes(value: &[u8]) -> String {
    percent_encode(value, NOT_UNRESERVED).to_string()
}

/// The canonical query string: each name and value [`rfc3986`]-encoded, pairs sorted by name
/// then value (byte order of the decoded strings, as the providers' SDKs sort), joined as
/// `a=1&b=2`. A parameter with an empty value keeps its `=`; no parameters give `""`.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(name, value)| format!("{}={}", rfc3986(name), rfc3986(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The canonical form of a path as sent: each `/`-separated segment decoded and encoded
/// again with [`rfc3986`], so that equivalent spellings (`%7e` and `~`, `:` and `%3A`) sign
/// alike, as the server computes it from the path it receives. An encoded `%2F` stays
/// within its segment. An empty path is `/`, and a leading `/` is added if missing.
pub fn canonical_path(path: &str) -> String {
    let segments = path
        .split('/')
        .map(|segment| rfc3986_bytes(&percent_decode_str(segment).collect::<Vec<u8>>()))
        .collect::<Vec<_>>()
        .join("/");
    if segments.starts_with('/') {
        segments
    } else {
        format!("/{segments}")
    }
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
