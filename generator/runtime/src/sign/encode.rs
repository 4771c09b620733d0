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
    /// The longest text of a byte: what a piece of input may grow by, a byte at a time.
    /// Counted from the table when compiling, so that it cannot fall short of it.
    #[allow(clippy::indexing_slicing)]
    const fn widest(&self) -> usize {
        let mut widest = 0;
        let mut byte = 0;
        while byte < 256 {
            if self.len[byte] as usize > widest {
                widest = self.len[byte] as usize;
            }
            byte += 1;
        }
        widest
    }

    /// Writes the encoding of `value` into `buf` at `at`, each byte's text copied whole (the
    /// next byte's overwrites what is past it); returns where the text ends. The caller has
    /// made room for it in the buffer's first [`BUFFERED`] bytes.
    #[inline(always)]
    // A byte indexes the tables of 256 in bounds by its type; a position masked below
    // `BUFFERED` starts 8 bytes that end within the slack.
    #[allow(clippy::indexing_slicing)]
    fn encode(&self, buf: &mut [u8; BUFFERED + SLACK], mut at: usize, value: &[u8]) -> usize {
        const { assert!(BUFFERED.is_power_of_two() && SLACK >= 8) };
        for &byte in value {
            let i = usize::from(byte);
            // `at` is within the text (see `put_escaped`), so masking leaves it as it is; it
            // lets the compiler see that each copy is in bounds, and drop the check per byte.
            let start = at & (BUFFERED - 1);
            buf[start..start + 8].copy_from_slice(&self.text[i]);
            at += usize::from(self.len[i]);
        }
        at
    }
}

/// [`rfc3986`]: `%XY`.
static ONCE: Escapes = Escapes::new(b"%");
/// `rfc3986(rfc3986(·))`: the first encoding leaves only unreserved characters and `%XY`, and
/// the second turns each `%` into `%25`.
static TWICE: Escapes = Escapes::new(b"%25");

/// The longest text of a byte in either table: `%25XY`, of a reserved byte encoded twice.
const WIDEST: usize = Escapes::new(b"%25").widest();
const _: () = assert!(Escapes::new(b"%").widest() <= WIDEST);

/// How much of a value is encoded at a time: at its widest, a piece fills no more than the
/// buffer, so that each piece's text is written whole after at most one flush.
const PIECE: usize = BUFFERED / WIDEST;
const _: () = assert!(PIECE > 0 && PIECE * WIDEST <= BUFFERED);

/// Percent-encoding straight into the buffer: each byte's encoding is one copy of 8 bytes (of
/// which its length is kept), without a check per byte of the room left.
impl<S: Sink> Buffered<'_, S> {
    /// Appends `value` encoded by `table`, a piece at a time. Room for a piece is made right
    /// before it is written: after the flush, if one is needed, the buffer holds at most
    /// `BUFFERED - WIDEST * piece.len()` bytes, so the text of the piece, however it
    /// encodes, ends within the buffer's first [`BUFFERED`] bytes.
    fn put_escaped(&mut self, value: &[u8], table: &Escapes) {
        for piece in value.chunks(PIECE) {
            if self.len + WIDEST * piece.len() > BUFFERED {
                self.flush();
            }
            self.len = table.encode(&mut self.buf, self.len, piece);
        }
    }

    /// Appends `value` percent-encoded as [`rfc3986`] does.
    pub(crate) fn put_rfc3986(&mut self, value: &[u8]) {
        self.put_escaped(value, &ONCE);
    }

    /// Appends `pairs` in canonical order (see [`each_in_order`]): names and values encoded by
    /// `table`, `equals` between them and `separator` between pairs.
    fn put_params(
        &mut self,
        pairs: &[(String, String)],
        (separator, equals): (&[u8], &[u8]),
        table: &Escapes,
    ) {
        each_in_order(pairs, |i, name, value| {
            if i > 0 {
                self.put(separator);
            }
            self.put_escaped(name.as_bytes(), table);
            self.put(equals);
            self.put_escaped(value.as_bytes(), table);
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

/// Encodes with `write` into a new text. Without a guess at its size: text shorter than the
/// buffer reaches the `Vec` in one piece, which then allocates exactly what it needs.
fn encoded_text(write: impl FnOnce(&mut Buffered<'_, Vec<u8>>)) -> String {
    let mut out = Vec::new();
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
    encoded_text(|out| out.put_rfc3986(value))
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
    keys.sort_unstable();
    let pair = |key: &u64| pairs.get(usize::from(*key as u8));
    for run in keys.chunk_by_mut(|a, b| a >> 8 == b >> 8) {
        run.sort_unstable_by(|a, b| pair(a).cmp(&pair(b)));
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
    encoded_text(|out| out.put_canonical_query(pairs))
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
    Cow::Owned(encoded_text(|out| {
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
    use proptest::prelude::*;

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

    /// The plain twins of the buffered encoders: a byte at a time, into a `String`.
    mod plain {
        pub(super) fn rfc3986(value: &[u8]) -> String {
            value
                .iter()
                .map(|&b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        char::from(b).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect()
        }

        pub(super) fn query(pairs: &[(String, String)]) -> String {
            let mut sorted = pairs.to_vec();
            sorted.sort();
            let pairs: Vec<String> = sorted
                .iter()
                .map(|(k, v)| format!("{}={}", rfc3986(k.as_bytes()), rfc3986(v.as_bytes())))
                .collect();
            pairs.join("&")
        }

        pub(super) fn path(path: &str) -> String {
            let segments: Vec<String> = path
                .strip_prefix('/')
                .unwrap_or(path)
                .split('/')
                .map(|s| {
                    let decoded: Vec<u8> = percent_encoding::percent_decode_str(s).collect();
                    rfc3986(&decoded)
                })
                .collect();
            format!("/{}", segments.join("/"))
        }
    }

    /// One step of writing into a [`Buffered`].
    #[derive(Clone, Debug)]
    enum Step {
        Put(Vec<u8>),
        Rfc3986(Vec<u8>),
        Query(Vec<(String, String)>),
        Twice(Vec<(String, String)>),
        Flush,
    }

    impl Step {
        /// What the step appends, written the plain way.
        fn plain(&self) -> Vec<u8> {
            match self {
                Step::Put(bytes) => bytes.clone(),
                Step::Rfc3986(bytes) => plain::rfc3986(bytes).into_bytes(),
                Step::Query(pairs) => plain::query(pairs).into_bytes(),
                Step::Twice(pairs) => plain::rfc3986(plain::query(pairs).as_bytes()).into_bytes(),
                Step::Flush => Vec::new(),
            }
        }
    }

    /// Byte lengths around every size inside the encoders: a piece, a buffer's worth of the
    /// widest encoding, and the buffer itself, one below, at and one above each.
    fn boundary_len() -> impl Strategy<Value = usize> {
        let mut lens = vec![0, 1, 2, 7, 8, 9];
        for size in [
            PIECE,
            BUFFERED / 3,
            BUFFERED,
            BUFFERED + SLACK,
            2 * BUFFERED,
        ] {
            lens.extend([size - 1, size, size + 1]);
        }
        prop_oneof![prop::sample::select(lens), 0..3 * BUFFERED]
    }

    /// Text of exactly `len` bytes (or one more or less where a character is wider than what
    /// is left), of unreserved characters, reserved ones, and characters of two, three and
    /// four bytes, so that pieces and the buffer's end fall inside characters.
    fn text() -> impl Strategy<Value = String> {
        let chars = prop::collection::vec(
            prop::sample::select(vec!['a', 'Z', '~', '%', ' ', '&', '=', 'é', '未', '😀']),
            1..12,
        );
        (boundary_len(), chars).prop_map(|(len, chars)| {
            let mut text = String::new();
            for c in chars.iter().cycle() {
                if text.len() + c.len_utf8() > len {
                    break;
                }
                text.push(*c);
            }
            while text.len() < len {
                text.push('a');
            }
            text
        })
    }

    /// Parameters: many, names sharing long prefixes, equal names and pairs, long values.
    fn params() -> impl Strategy<Value = Vec<(String, String)>> {
        let name = prop_oneof![
            text(),
            prop::sample::select(vec!["", "a", "Signature", "SignatureNonce", "SignatureN"])
                .prop_map(str::to_owned),
            (0..40usize).prop_map(|n| format!("SignatureVersion{}", "x".repeat(n))),
        ];
        let value = prop_oneof![text(), "[a-z]{0,3}"];
        prop::collection::vec((name, value), 0..40).prop_map(|mut pairs| {
            // Repeat some pairs whole: equal names with equal values.
            let again: Vec<_> = pairs.iter().step_by(5).cloned().collect();
            pairs.extend(again);
            pairs
        })
    }

    fn step() -> impl Strategy<Value = Step> {
        let bytes = || boundary_len().prop_flat_map(|n| prop::collection::vec(any::<u8>(), n));
        prop_oneof![
            bytes().prop_map(Step::Put),
            bytes().prop_map(Step::Rfc3986),
            text().prop_map(|t| Step::Rfc3986(t.into_bytes())),
            params().prop_map(Step::Query),
            params().prop_map(Step::Twice),
            Just(Step::Flush),
        ]
    }

    /// A sink that keeps each piece passed on, to see how the buffer passes text on.
    #[derive(Default)]
    struct Pieces(Vec<Vec<u8>>);

    impl Sink for Pieces {
        fn put(&mut self, bytes: &[u8]) {
            self.0.push(bytes.to_vec());
        }
    }

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: 96,
            rng_seed: proptest::test_runner::RngSeed::Fixed(17),
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    proptest! {
        #![proptest_config(config())]

        /// Whatever is written, in whatever order, is passed on whole: the text held never
        /// runs past the buffer, and each encoder writes what its plain twin writes.
        #[test]
        fn buffered_text_is_passed_on_whole(steps in prop::collection::vec(step(), 1..6)) {
            let mut sink = Pieces::default();
            let mut out = Buffered::new(&mut sink);
            let mut expected = Vec::new();
            for step in &steps {
                match step {
                    Step::Put(bytes) => out.put(bytes),
                    Step::Rfc3986(bytes) => out.put_rfc3986(bytes),
                    Step::Query(pairs) => out.put_canonical_query(pairs),
                    Step::Twice(pairs) => out.put_canonical_query_twice(pairs),
                    Step::Flush => out.flush(),
                }
                prop_assert!(out.len <= BUFFERED + SLACK, "{} bytes held", out.len);
                expected.extend(step.plain());
            }
            out.finish();
            // Text goes on in pieces no longer than the buffer, unless given longer at once.
            let longest_put = steps.iter().map(|s| match s {
                Step::Put(bytes) => bytes.len(),
                _ => 0,
            });
            let limit = longest_put.max().unwrap_or(0).max(BUFFERED + SLACK);
            prop_assert!(sink.0.iter().all(|piece| piece.len() <= limit));
            prop_assert_eq!(sink.0.concat(), expected);
        }

        #[test]
        fn encoders_agree_with_their_plain_twins(value in text(), pairs in params()) {
            prop_assert_eq!(rfc3986(&value), plain::rfc3986(value.as_bytes()));
            prop_assert_eq!(canonical_query(&pairs), plain::query(&pairs));
            let mut twice = Vec::new();
            let mut out = Buffered::new(&mut twice);
            out.put_canonical_query_twice(&pairs);
            out.finish();
            prop_assert_eq!(utf8_text(twice), plain::rfc3986(plain::query(&pairs).as_bytes()));
        }

        #[test]
        fn parameters_are_walked_in_the_order_of_a_plain_sort(pairs in params()) {
            let mut seen = Vec::new();
            each_in_order(&pairs, |i, name, value| {
                assert_eq!(i, seen.len());
                seen.push((name.to_owned(), value.to_owned()));
            });
            let mut sorted = pairs.clone();
            sorted.sort();
            prop_assert_eq!(seen, sorted);
        }

        #[test]
        fn paths_agree_with_the_plain_twin(
            segments in prop::collection::vec(
                prop_oneof![text(), "[a-z~%/:]{0,6}", "(%[0-9a-fA-F]{2}|%|[a-z]){0,5}"],
                0..5,
            ),
            leading in any::<bool>(),
        ) {
            let path = format!("{}{}", if leading { "/" } else { "" }, segments.join("/"));
            prop_assert_eq!(canonical_path(&path), plain::path(&path));
        }
    }

    #[test]
    fn the_widest_encoding_is_that_of_the_tables() {
        // `%25XY` for a reserved byte encoded twice; three bytes once; one when unreserved.
        assert_eq!((ONCE.widest(), TWICE.widest(), WIDEST), (3, 5, 5));
        assert_eq!(PIECE, BUFFERED / 5);
        for byte in 0..=u8::MAX {
            let i = usize::from(byte);
            let once = plain::rfc3986(&[byte]);
            assert_eq!(once.len(), usize::from(ONCE.len[i]));
            assert_eq!(once.as_bytes(), &ONCE.text[i][..once.len()]);
            let twice = plain::rfc3986(once.as_bytes());
            assert_eq!(twice.len(), usize::from(TWICE.len[i]));
            assert_eq!(twice.as_bytes(), &TWICE.text[i][..twice.len()]);
        }
    }

    #[test]
    fn long_values_are_encoded_in_pieces_that_fill_the_buffer() {
        // A name whose every byte takes the widest encoding, one byte longer than a piece,
        // after text that leaves exactly the room a piece needs, and after text that leaves
        // a byte less: the first piece is written at once, the second waits for a flush.
        let name = " ".repeat(PIECE + 1);
        for (before, pieces) in [
            (&b"ab"[..], vec![2 + 5 * PIECE, 5 + 3]),
            (&b"abc"[..], vec![3, 5 * PIECE, 5 + 3]),
        ] {
            let mut sink = Pieces::default();
            let mut out = Buffered::new(&mut sink);
            out.put(before);
            out.put_canonical_query_twice(&[(name.clone(), String::new())]);
            out.finish();
            let lens: Vec<usize> = sink.0.iter().map(Vec::len).collect();
            assert_eq!(lens, pieces);
            let expected = format!(
                "{}{}%3D",
                utf8_text(before.to_vec()),
                "%2520".repeat(PIECE + 1)
            );
            assert_eq!(utf8_text(sink.0.concat()), expected);
        }
    }
}
