//! RFC 3986 percent-encoding as the signatures use it. All three providers agree: every
//! byte but the unreserved characters `A-Z a-z 0-9 - _ . ~` becomes `%XY` with upper-case
//! hex, UTF-8 first. That is what Alibaba Cloud describes as "URL-encode, then `+` → `%20`,
//! `*` → `%2A`, `%7E` → `~`", and what Tencent Cloud and Huawei Cloud call URI encoding.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use super::{BUFFERED, Buffered, SLACK, Sink, sort_key, utf8_text};

/// Whether a byte is one of the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~`.
const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')
}

/// How every byte is written by one percent-encoding: its text (padded to 8 bytes, so that
/// each is copied whole) and the length of that text. A table, because every byte of every
/// signed query string goes through it.
struct Escapes {
    text: [[u8; 8]; 256],
    len: [u8; 256],
}

impl Escapes {
    /// Unreserved characters as they are, every other byte as `escape` and two upper-case
    /// hex digits. Evaluated when compiling (for the statics below), where an index out of
    /// bounds fails the build: it cannot panic at run time.
    #[allow(clippy::indexing_slicing)]
    const fn new(escape: &[u8]) -> Self {
        const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
        let mut table = Escapes {
            text: [[0; 8]; 256],
            len: [1; 256],
        };
        let mut byte = 0;
        while byte < 256 {
            if is_unreserved(byte as u8) {
                table.text[byte][0] = byte as u8;
            } else {
                let mut i = 0;
                while i < escape.len() {
                    table.text[byte][i] = escape[i];
                    i += 1;
                }
                table.text[byte][i] = DIGITS[byte >> 4];
                table.text[byte][i + 1] = DIGITS[byte & 0xF];
                table.len[byte] = (i + 2) as u8;
            }
            byte += 1;
        }
        table
    }
}

impl Escapes {
    /// Writes the encoding of `value` into `buf` at `at`, each byte's text copied whole (the
    /// next byte's overwrites what is past it); returns where the text ends. The caller has
    /// made room for it in the buffer's first [`BUFFERED`] bytes.
    #[inline(always)]
    fn encode(&self, buf: &mut [u8; BUFFERED + SLACK], mut at: usize, value: &[u8]) -> usize {
        const { assert!(BUFFERED.is_power_of_two() && SLACK >= 8) };
        for &byte in value {
            let i = usize::from(byte);
            // `at` is within the text, so masking leaves it as it is; it lets the compiler
            // see that each copy is in bounds, and drop the check per byte.
            let start = at & (BUFFERED - 1);
            if let (Some(slot), Some(text), Some(&n)) = (
                buf.get_mut(start..start + 8),
                self.text.get(i),
                self.len.get(i),
            ) {
                slot.copy_from_slice(text);
                at += usize::from(n);
            }
        }
        at
    }
}

/// [`rfc3986`]: `%XY`.
static ONCE: Escapes = Escapes::new(b"%");
/// `rfc3986(rfc3986(·))`: the first encoding leaves only unreserved characters and `%XY`, and
/// the second turns each `%` into `%25`.
static TWICE: Escapes = Escapes::new(b"%25");

/// How much of a value is encoded at a time: at its widest (5 bytes a byte) it fills a
/// buffer.
const PIECE: usize = BUFFERED / 5;

/// Percent-encoding straight into the buffer: each byte's encoding is one copy of 8 bytes (of
/// which its length is kept), without a check per byte of the room left.
impl<S: Sink> Buffered<'_, S> {
    /// Appends `value` encoded by `table`.
    fn put_escaped(&mut self, value: &[u8], table: &Escapes) {
        // Room for the widest encoding: 5 bytes a byte.
        if self.len + 5 * value.len() > BUFFERED {
            self.flush();
            if 5 * value.len() > BUFFERED {
                for piece in value.chunks(PIECE) {
                    self.put_escaped(piece, table);
                }
                return;
            }
        }
        self.len = table.encode(&mut self.buf, self.len, value);
    }

    /// Appends `value` percent-encoded as [`rfc3986`] does.
    pub(crate) fn put_rfc3986(&mut self, value: &[u8]) {
        self.put_escaped(value, &ONCE);
    }

    /// Appends `pairs` in canonical order (see [`each_in_order`]): names and values encoded by
    /// `table`, `equals` between them and `separator` between pairs.
    fn put_params<const SEP: usize, const EQ: usize>(
        &mut self,
        pairs: &[(String, String)],
        (separator, equals): (&[u8; SEP], &[u8; EQ]),
        table: &Escapes,
    ) {
        each_in_order(pairs, |i, name, value| {
            let (name, value) = (name.as_bytes(), value.as_bytes());
            let widest = SEP + EQ + 5 * (name.len() + value.len());
            if self.len + widest > BUFFERED {
                self.flush();
            }
            if widest > BUFFERED {
                // Longer than the buffer: piece by piece.
                if i > 0 {
                    self.put(separator);
                }
                self.put_escaped(name, table);
                self.put(equals);
                self.put_escaped(value, table);
                return;
            }
            // All of it at once, without checking for room again.
            let mut at = self.len;
            if i > 0 {
                at = copy_at(&mut self.buf, at, separator);
            }
            at = table.encode(&mut self.buf, at, name);
            at = copy_at(&mut self.buf, at, equals);
            self.len = table.encode(&mut self.buf, at, value);
        });
    }

    /// Appends the canonical query string of `pairs`.
    pub(crate) fn put_canonical_query(&mut self, pairs: &[(String, String)]) {
        self.put_params(pairs, (b"&", b"="), &ONCE);
    }

    /// Appends `rfc3986(canonical_query(pairs))`, in one pass: names and values encoded twice
    /// at once, the `&` and `=` between them once.
    pub(crate) fn put_canonical_query_twice(&mut self, pairs: &[(String, String)]) {
        self.put_params(pairs, (b"%26", b"%3D"), &TWICE);
    }
}

/// Copies `bytes` into `buf` at `at`; returns where they end. Of a size known when
/// compiled, so that the copy is a move or two.
fn copy_at<const N: usize>(buf: &mut [u8], at: usize, bytes: &[u8; N]) -> usize {
    if let Some(slot) = buf.get_mut(at..at + N) {
        slot.copy_from_slice(bytes);
    }
    at + N
}

/// Encodes with `write` into a new text of about `capacity` bytes.
fn encoded_text(capacity: usize, write: impl FnOnce(&mut Buffered<'_, Vec<u8>>)) -> String {
    let mut out = Vec::with_capacity(capacity);
    let mut buffered = Buffered::new(&mut out);
    write(&mut buffered);
    buffered.finish();
    utf8_text(out)
}

/// Percent-encodes all but the RFC 3986 unreserved characters: `a b*~/` → `a%20b%2A~%2F`.
pub fn rfc3986(value: &str) -> String {
    rfc3986_bytes(value.as_bytes())
}

/// [`rfc3986`] for bytes that need not be UTF-8 (a decoded path segment may not be).
pub fn rfc3986_bytes(value: &[u8]) -> String {
    encoded_text(value.len(), |out| out.put_rfc3986(value))
}

/// Calls `each` with the index, name and value of each parameter in canonical order: by
/// name then value, in byte order of the decoded strings, as the providers' SDKs sort.
pub(crate) fn each_in_order(pairs: &[(String, String)], mut each: impl FnMut(usize, &str, &str)) {
    // A request's few parameters are sorted as numbers on the stack: the first seven bytes
    // of a name (see `sort_key`) above its index, numbers that sort without a branch per
    // comparison. Names that share their first seven bytes are then ordered by whole pairs.
    const ON_STACK: usize = 32;
    let mut keys = [0u64; ON_STACK];
    let Some(keys) = keys.get_mut(..pairs.len()) else {
        let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
        // Equal pairs are indistinguishable, so an unstable sort orders them all alike.
        sorted.sort_unstable();
        for (i, (name, value)) in sorted.into_iter().enumerate() {
            each(i, name, value);
        }
        return;
    };
    for (index, (slot, (name, _))) in (0..).zip(keys.iter_mut().zip(pairs)) {
        *slot = sort_key(name.as_bytes()) & !0xFF | index;
    }
    // Parameters often come in order already (specs list them alphabetically).
    if !keys.is_sorted() {
        keys.sort_unstable();
    }
    let pair = |key: &u64| pairs.get(usize::from(*key as u8));
    for run in keys.chunk_by_mut(|a, b| a >> 8 == b >> 8) {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| pair(a).cmp(&pair(b)));
        }
    }
    for (i, (name, value)) in keys.iter().filter_map(pair).enumerate() {
        each(i, name, value);
    }
}

/// The canonical query string: each name and value [`rfc3986`]-encoded, pairs sorted by name
/// then value (byte order of the decoded strings, as the providers' SDKs sort), joined as
/// `a=1&b=2`. A parameter with an empty value keeps its `=`; no parameters give `""`.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let text: usize = pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum();
    encoded_text(text, |out| out.put_canonical_query(pairs))
}

/// The canonical form of a path as sent: each `/`-separated segment decoded and encoded
/// again with [`rfc3986`], so that equivalent spellings (`%7e` and `~`, `:` and `%3A`) sign
/// alike, as the server computes it from the path it receives. An encoded `%2F` stays
/// within its segment. An empty path is `/`, and a leading `/` is added if missing.
pub fn canonical_path(path: &str) -> String {
    canonical_path_cow(path).into_owned()
}

/// [`canonical_path`], borrowing the path when it is canonical already, as API paths
/// (`/`, `/v2/abc/backuppolicy`) almost always are.
pub(crate) fn canonical_path_cow(path: &str) -> Cow<'_, str> {
    // Checked without a branch per byte.
    let plain = path
        .bytes()
        .fold(true, |plain, b| plain & (b == b'/' || is_unreserved(b)));
    if path.starts_with('/') && plain {
        return Cow::Borrowed(path);
    }
    Cow::Owned(encoded_text(path.len() + 1, |out| {
        if !path.starts_with('/') {
            out.put(b"/");
        }
        for (i, segment) in path.split('/').enumerate() {
            if i > 0 {
                out.put(b"/");
            }
            if segment.contains('%') {
                let decoded: Vec<u8> = percent_decode_str(segment).collect();
                out.put_rfc3986(&decoded);
            } else {
                out.put_rfc3986(segment.as_bytes());
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sign::test_pairs as pairs;

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

    /// The canonical query as the providers describe it, computed the plain way.
    fn plain_query(pairs: &[(String, String)]) -> String {
        let mut sorted = pairs.to_vec();
        sorted.sort();
        sorted
            .iter()
            .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Parameters that test the ordering: names that share their first eight bytes, names
    /// shorter than eight bytes and prefixes of others, repeated names and pairs, zero bytes,
    /// bytes above ASCII.
    fn awkward_pairs() -> Vec<(String, String)> {
        pairs(&[
            ("SignatureVersion", "1.0"),
            ("SignatureNonce", "n"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("Signatur", "x"),
            ("Signature", ""),
            ("a", "2"),
            ("a", "1"),
            ("a\0", "z"),
            ("a", "1"),
            ("", "empty name"),
            ("é", "after ASCII"),
            ("Z", "upper case first"),
            ("abcdefgh", "2"),
            ("abcdefgh", "10"),
            ("abcdefghi", ""),
        ])
    }

    #[test]
    fn parameters_are_ordered_as_a_plain_sort_orders_them() {
        let awkward = awkward_pairs();
        let mut sorted = awkward.clone();
        sorted.sort();
        let mut reversed = sorted.clone();
        reversed.reverse();
        // More than fit on the stack.
        let many: Vec<(String, String)> = (0..100)
            .map(|i| (format!("Param{}", (i * 37) % 100), format!("{i}")))
            .chain(awkward.iter().cloned())
            .collect();
        for given in [awkward, sorted, reversed, many, Vec::new()] {
            let mut seen = Vec::new();
            each_in_order(&given, |i, name, value| {
                assert_eq!(i, seen.len());
                seen.push((name.to_owned(), value.to_owned()));
            });
            let mut expected = given.clone();
            expected.sort();
            assert_eq!(seen, expected);
            assert_eq!(canonical_query(&given), plain_query(&given));
        }
    }

    #[test]
    fn queries_encoded_twice_are_encoded_once_more() {
        let all_bytes = String::from_utf8_lossy(&(0..=u8::MAX).collect::<Vec<u8>>()).into_owned();
        // Longer than the buffer, whole and in one value.
        let long = "a b/~".repeat(300);
        let mut given = awkward_pairs();
        given.extend(pairs(&[("all", &all_bytes), ("long", &long), (&long, "v")]));
        for given in [given.clone(), given.get(..3).unwrap_or_default().to_vec()] {
            let mut twice = Vec::new();
            let mut out = Buffered::new(&mut twice);
            out.put_canonical_query_twice(&given);
            out.finish();
            assert_eq!(utf8_text(twice), rfc3986(&plain_query(&given)));
            assert_eq!(canonical_query(&given), plain_query(&given));
        }
    }

    #[test]
    fn canonical_paths_are_borrowed() {
        for path in ["/", "/v2/abc/backuppolicy", "/a-b_c.d~e/"] {
            assert!(matches!(canonical_path_cow(path), Cow::Borrowed(p) if p == path));
        }
        for path in ["", "v1", "/a b", "/%7e", "/x:y"] {
            assert!(matches!(canonical_path_cow(path), Cow::Owned(_)), "{path}");
        }
        let long = format!("/{}", "x y/".repeat(400));
        assert_eq!(canonical_path(&long), long.replace(' ', "%20"));
    }
}
