//! Request signers of the three providers, as pure functions: no clock, no randomness, no
//! I/O. Times and nonces are inputs, so that every step can be checked against the
//! providers' published examples (`tests/signing_examples.rs` reproduces all of them).
//!
//! - [`tc3`]: Tencent Cloud TC3-HMAC-SHA256.
//! - [`acs3`]: Alibaba Cloud ACS3-HMAC-SHA256 (signature V3).
//! - [`rpc_v1`]: Alibaba Cloud RPC signature V1 (HMAC-SHA1 over the canonicalized query).
//! - [`sdk_hmac_sha256`]: Huawei Cloud SDK-HMAC-SHA256.
//!
//! Every signer refuses a key, nonce, host or header that holds a control character, which
//! would end its header and start another ([`SignError::ControlCharacter`]); the error names
//! the field, never its value.
//!
//! Each algorithm signs two ways, through the same code that writes its canonical text:
//!
//! - `sign` returns the intermediate results (canonical request, string to sign, signature)
//!   beside the finished outputs, so that a rejected request can be compared with what the
//!   provider's documentation or error message shows;
//! - `authorize` (and [`rpc_v1::signature`]) computes only what is sent, feeding the
//!   canonical text straight into the hash instead of keeping it, and takes the keys derived
//!   from the secret from a [`SigningKeys`] kept between requests. The client signs this way.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

pub mod acs3;
mod check;
pub mod encode;
mod keys;
pub mod rpc_v1;
pub mod sdk_hmac_sha256;
pub mod tc3;

pub use check::{ControlCharacter, HeaderField};
pub(crate) use check::{check_header, check_key};
pub use keys::SigningKeys;

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
    /// A credential, the nonce, or a header's name or value holds a control character, which
    /// would end its header and start another: nothing is signed.
    #[error(transparent)]
    ControlCharacter(#[from] ControlCharacter),
}

/// Checks what a signer is given besides its key: the host, and every header of the request
/// (those it signs and those sent beside them).
fn check_request(request: &Request<'_>) -> Result<(), ControlCharacter> {
    check_header("Host", request.host)?;
    for (name, value) in request.headers {
        // The token travels as a header: named as the credential it is.
        let token = ["x-acs-security-token", "x-security-token", "x-tc-token"];
        if token.iter().any(|t| is_header(name, t)) {
            ControlCharacter::check(HeaderField::SessionToken, value)?;
        }
        check_header(name, value)?;
    }
    Ok(())
}

/// The two lower-case hex digits of a byte.
fn hex_pair(byte: u8) -> [u8; 2] {
    // A table of all 256 pairs: hex printing is a fair part of a signature's work. Built
    // when compiling, where an index out of bounds fails the build.
    #[allow(clippy::indexing_slicing)]
    const PAIRS: [[u8; 2]; 256] = {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut table = [[0; 2]; 256];
        let mut byte = 0;
        while byte < 256 {
            table[byte] = [DIGITS[byte >> 4], DIGITS[byte & 0xF]];
            byte += 1;
        }
        table
    };
    // A byte indexes a table of 256 in bounds by its type.
    #[allow(clippy::indexing_slicing)]
    PAIRS[usize::from(byte)]
}

/// A SHA-256 hash or HMAC as its 64 lower-case hex digits, kept on the stack.
pub(crate) struct Hex64([u8; 64]);

impl Hex64 {
    /// The hex of a 32-byte digest.
    pub(crate) fn new(digest: &[u8; 32]) -> Self {
        let mut hex = [0u8; 64];
        for (pair, &byte) in hex.chunks_exact_mut(2).zip(digest) {
            pair.copy_from_slice(&hex_pair(byte));
        }
        Hex64(hex)
    }

    /// The hex of the SHA-256 of `data`.
    pub(crate) fn sha256(data: &[u8]) -> Self {
        Self::new(&Sha256::digest(data).into())
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub(crate) fn as_str(&self) -> &str {
        // Hex digits are ASCII, so the fallback cannot happen.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// The text of bytes written from `str`s and ASCII: valid UTF-8 by construction.
pub(crate) fn utf8_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// HMAC-SHA256 keyed with `key`, ready for the message.
pub(crate) fn hmac_sha256_keyed(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length (longer ones are hashed), so `new_from_slice` never
    // fails for it; the all-zero key of the `Err` arm only stands in for a panic there.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()))
}

/// HMAC-SHA256.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = hmac_sha256_keyed(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA1 keyed with `key`, for Alibaba Cloud's RPC signature V1.
pub(crate) fn hmac_sha1_keyed(key: &[u8]) -> Hmac<Sha1> {
    // As in `hmac_sha256_keyed`: the `Err` arm cannot happen.
    <Hmac<Sha1> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| <Hmac<Sha1> as KeyInit>::new(&Default::default()))
}

/// HMAC-SHA1.
#[cfg(test)]
pub(crate) fn hmac_sha1(key: &[u8], data: &[u8]) -> [u8; 20] {
    let mut mac = hmac_sha1_keyed(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Where canonical text goes: into a buffer, when the text itself is wanted (the diagnostic
/// `sign`), or straight into a hash or MAC, when only its digest is (`authorize`). Both ways
/// run the same writing code, so they cannot disagree.
pub(crate) trait Sink {
    /// Appends bytes.
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        Digest::update(self, bytes);
    }
}

impl Sink for Hmac<Sha256> {
    fn put(&mut self, bytes: &[u8]) {
        Mac::update(self, bytes);
    }
}

impl Sink for Hmac<Sha1> {
    fn put(&mut self, bytes: &[u8]) {
        Mac::update(self, bytes);
    }
}

/// Gathers text on the stack and passes it on to a sink a buffer at a time: canonical text
/// comes in many short pieces (a `:`, a header name, an encoded byte), and a hash's `update`
/// costs more per call than a copy. Call [`Buffered::finish`] to pass on the rest.
pub(crate) struct Buffered<'s, S: Sink> {
    out: &'s mut S,
    /// [`BUFFERED`] bytes of text, then [`SLACK`] for the whole-word copies of the encoders.
    buf: [u8; BUFFERED + SLACK],
    len: usize,
}

/// How much text a [`Buffered`] holds: most canonical requests fit.
const BUFFERED: usize = 512;

/// Room past the text, so that the text's last byte can be written as a word of 8.
const SLACK: usize = 8;

impl<'s, S: Sink> Buffered<'s, S> {
    pub(crate) fn new(out: &'s mut S) -> Self {
        Buffered {
            out,
            buf: [0; BUFFERED + SLACK],
            len: 0,
        }
    }

    fn flush(&mut self) {
        // `len` is only ever the end of text written into the buffer (by `put`, of the slot
        // it got; by the encoders, within the first `BUFFERED` bytes), so the text is always
        // there: `buffered_text_is_passed_on_whole` checks that nothing is dropped.
        if let Some(text) = self.buf.get(..self.len) {
            self.out.put(text);
        }
        self.len = 0;
    }

    /// Passes on what is left in the buffer.
    pub(crate) fn finish(mut self) {
        self.flush();
    }
}

impl<S: Sink> Sink for Buffered<'_, S> {
    // Always inlined: most pieces are constants of a byte or two, which then become a store.
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if let Some(slot) = self.buf.get_mut(self.len..end) {
            slot.copy_from_slice(bytes);
            self.len = end;
        } else {
            // No room: what is held goes on first, then these bytes as they are.
            self.flush();
            self.out.put(bytes);
        }
    }
}

/// `text.trim()`, skipping the Unicode tables for the usual text that starts and ends with
/// a visible ASCII character.
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// Writes an integer in decimal without allocating.
pub(crate) fn put_decimal<S: Sink>(out: &mut S, n: i64) {
    // 20 digits hold `u64::MAX`; the sign goes in front.
    let mut buf = [0u8; 21];
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        if let Some(slot) = buf.get_mut(at) {
            *slot = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        if let Some(slot) = buf.get_mut(at) {
            *slot = b'-';
        }
    }
    out.put(buf.get(at..).unwrap_or_default());
}

/// A sort key of a text: its first 8 bytes as a big-endian number, zeros after its end. It
/// orders as the texts do wherever it differs (a text whose bytes end early is then a prefix
/// of the other), so that sorting compares whole texts only when it is equal.
pub(crate) fn sort_key(bytes: &[u8]) -> u64 {
    if let Some(first) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*first);
    }
    // Assembled in registers: bytes copied into a buffer and read back as a number would
    // wait for the copy to reach memory.
    (0..)
        .zip(bytes)
        .fold(0, |key, (i, &b)| key | u64::from(b) << (56 - 8 * i))
}

/// [`sort_key`] of a text with ASCII letters lower-cased.
fn lower_sort_key(bytes: &[u8]) -> u64 {
    (0..8).zip(bytes).fold(0, |key, (i, b)| {
        key | u64::from(b.to_ascii_lowercase()) << (56 - 8 * i)
    })
}

/// Signed headers as the three SHA-256 signatures write them.
pub(crate) trait CanonicalHeaders {
    /// The canonical headers: `name:value\n` per name, sorted by name.
    fn write_canonical<S: Sink>(&self, out: &mut S);

    /// The signed-header list: `name;name`.
    fn names(&self) -> &str;
}

/// One header to sign.
struct Header<'a> {
    /// The [`sort_key`] of the lower-cased name.
    key: u64,
    /// The name, trimmed.
    name: &'a str,
    /// Whether the name has no upper-case letters, as names usually do.
    lower: bool,
    /// Where the lower-cased name is in [`SignedHeaders::names`].
    at: Range<usize>,
    /// The value, trimmed when written.
    value: Cow<'a, str>,
}

impl Header<'_> {
    /// Orders as the lower-cased names.
    fn cmp_name(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key).then_with(|| {
            let lower = |b: u8| b.to_ascii_lowercase();
            let theirs = other.name.bytes().map(lower);
            self.name.bytes().map(lower).cmp(theirs)
        })
    }
}

/// The signed headers of the three SHA-256 signatures, sorted by lower-cased name; several
/// values of one name keep the order given. They are written two ways: as canonical headers
/// (`name:value\n`, values of one name joined with `,` as HTTP combines repeated fields) and
/// as the signed-header list (`name;name`).
pub(crate) struct SignedHeaders<'a> {
    headers: Vec<Header<'a>>,
    /// The signed-header list: the names lower-cased, each once, joined by `;`. The canonical
    /// headers take their names from it too, so that each is lower-cased once.
    names: String,
}

impl<'a> SignedHeaders<'a> {
    /// Collects and sorts headers: names and values are trimmed, names lower-cased.
    pub(crate) fn new(headers: impl IntoIterator<Item = (&'a str, Cow<'a, str>)>) -> Self {
        let given = headers.into_iter();
        // Room for all at once: the callers' filters hide how many come.
        let (least, most) = given.size_hint();
        let mut headers = Vec::with_capacity(most.unwrap_or(least));
        for (name, value) in given {
            let name = trim(name);
            // Without a branch per byte: names are short.
            let lower = !name
                .bytes()
                .fold(false, |upper, b| upper | b.is_ascii_uppercase());
            let key = if lower {
                sort_key(name.as_bytes())
            } else {
                lower_sort_key(name.as_bytes())
            };
            headers.push(Header {
                key,
                name,
                lower,
                at: 0..0,
                value,
            });
        }
        // Stable: the values of one name keep the order given.
        headers.sort_by(Header::cmp_name);
        let mut names = Vec::with_capacity(headers.iter().map(|h| h.name.len() + 1).sum());
        let mut previous: Option<(&str, Range<usize>)> = None;
        for header in &mut headers {
            match &previous {
                Some((name, at)) if name.eq_ignore_ascii_case(header.name) => {
                    header.at = at.clone();
                }
                _ => {
                    if previous.is_some() {
                        names.push(b';');
                    }
                    let start = names.len();
                    // Lower-cased as copied: changing the copy would read it right back.
                    if header.lower {
                        names.extend_from_slice(header.name.as_bytes());
                    } else {
                        names.extend(header.name.bytes().map(|b| b.to_ascii_lowercase()));
                    }
                    header.at = start..names.len();
                    previous = Some((header.name, header.at.clone()));
                }
            }
        }
        let names = utf8_text(names);
        SignedHeaders { headers, names }
    }
}

impl CanonicalHeaders for SignedHeaders<'_> {
    fn write_canonical<S: Sink>(&self, out: &mut S) {
        let mut previous: Option<&Range<usize>> = None;
        for header in &self.headers {
            if previous == Some(&header.at) {
                out.put(b",");
            } else {
                if previous.is_some() {
                    out.put(b"\n");
                }
                let name = self.names.get(header.at.clone()).unwrap_or_default();
                out.put(name.as_bytes());
                out.put(b":");
            }
            out.put(trim(&header.value).as_bytes());
            previous = Some(&header.at);
        }
        if previous.is_some() {
            out.put(b"\n");
        }
    }

    fn names(&self) -> &str {
        &self.names
    }
}

/// The canonical request all three SHA-256 signatures share:
///
/// ```text
/// Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n
/// hex(SHA256(body))
/// ```
pub(crate) struct CanonicalRequest<'a, H: CanonicalHeaders> {
    /// `POST`.
    pub(crate) method: &'a str,
    /// The canonical URI: the path re-encoded per segment.
    pub(crate) uri: &'a str,
    /// Written right after `uri` (Huawei's trailing `/`), so that the URI need not be copied.
    pub(crate) uri_suffix: &'static str,
    /// The canonical query string.
    pub(crate) query: &'a str,
    /// The signed headers.
    pub(crate) headers: &'a H,
    /// Lower-case hex SHA-256 of the body.
    pub(crate) payload_hash: &'a Hex64,
}

impl<H: CanonicalHeaders> CanonicalRequest<'_, H> {
    /// Writes the canonical request.
    pub(crate) fn write<S: Sink>(&self, out: &mut S) {
        out.put(self.method.as_bytes());
        out.put(b"\n");
        out.put(self.uri.as_bytes());
        out.put(self.uri_suffix.as_bytes());
        out.put(b"\n");
        out.put(self.query.as_bytes());
        out.put(b"\n");
        self.headers.write_canonical(out);
        out.put(b"\n");
        out.put(self.headers.names().as_bytes());
        out.put(b"\n");
        out.put(self.payload_hash.as_bytes());
    }

    /// The canonical request as text, for diagnostics.
    pub(crate) fn text(&self) -> String {
        let mut out = Vec::with_capacity(256);
        self.write(&mut out);
        utf8_text(out)
    }

    /// Lower-case hex SHA-256 of the canonical request, hashed as it is written.
    pub(crate) fn hash(&self) -> Hex64 {
        let mut hasher = Sha256::new();
        let mut out = Buffered::new(&mut hasher);
        self.write(&mut out);
        out.finish();
        Hex64::new(&hasher.finalize().into())
    }
}

/// Whether a header name equals a lower-case one, ignoring case and surrounding blanks.
pub(crate) fn is_header(name: &str, lower: &str) -> bool {
    trim(name).eq_ignore_ascii_case(lower)
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
            Hex64::sha256(b"").as_str(),
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
    fn hex_is_lower_case_and_complete() {
        let bytes: Vec<u8> = (0..=u8::MAX).collect();
        for digest in bytes.chunks_exact(32) {
            let digest: [u8; 32] = digest.try_into().expect("32 bytes");
            assert_eq!(Hex64::new(&digest).as_str(), hex::encode(digest));
        }
    }

    #[test]
    fn buffered_sinks_pass_everything_on_in_order() {
        // Pieces that fit the buffer, fill it exactly, overflow it, and exceed it alone.
        let pieces: Vec<Vec<u8>> = [1usize, 511, 0, 512, 3, 1300, 7, 500, 12, 1]
            .iter()
            .enumerate()
            .map(|(i, &n)| (0..n).map(|j| (i * 31 + j) as u8).collect())
            .collect();
        let expected = pieces.concat();
        let mut text = Vec::new();
        let mut hasher = Sha256::new();
        let mut buffered = Buffered::new(&mut text);
        let mut hashed = Buffered::new(&mut hasher);
        for piece in &pieces {
            buffered.put(piece);
            hashed.put(piece);
        }
        buffered.finish();
        hashed.finish();
        assert_eq!(text, expected);
        assert_eq!(hasher.finalize(), Sha256::digest(&expected));
    }

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        for n in [0, 7, -7, 10, 1_700_000_000, -86_401, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            put_decimal(&mut out, n);
            assert_eq!(utf8_text(out), n.to_string());
        }
    }

    #[test]
    fn names_are_lower_cased_and_sorted_as_lower_case() {
        let names = [
            "a",
            "B",
            "b",
            "_",
            "[",
            "Z",
            "x-acs-b",
            "X-ACS-",
            "X-ACS-A",
            "é",
            "",
            "ABCDEFGHI",
            "abcdefgh",
        ];
        let headers = SignedHeaders::new(names.map(|n| (n, Cow::Borrowed(""))));
        let mut expected: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        expected.sort();
        expected.dedup();
        assert_eq!(headers.names(), expected.join(";"));
        for a in &headers.headers {
            for b in &headers.headers {
                assert_eq!(
                    a.cmp_name(b),
                    a.name
                        .to_ascii_lowercase()
                        .cmp(&b.name.to_ascii_lowercase()),
                    "{:?} {:?}",
                    a.name,
                    b.name
                );
            }
        }
    }

    #[test]
    fn trimming_skips_only_what_needs_no_trimming() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "a b",
            "\u{a0}a\u{3000}",
            "é",
            "a\u{85}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn headers_are_folded_trimmed_sorted_and_merged() {
        let h = SignedHeaders::new(
            [
                ("X-B", "  two "),
                (" Content-Type", "\tapplication/json "),
                ("x-b", "three"),
                ("HOST", "example.com"),
            ]
            .map(|(n, v)| (n, Cow::Borrowed(v))),
        );
        let mut canonical = Vec::new();
        h.write_canonical(&mut canonical);
        assert_eq!(
            utf8_text(canonical),
            "content-type:application/json\nhost:example.com\nx-b:two,three\n"
        );
        assert_eq!(h.names(), "content-type;host;x-b");
        let empty = SignedHeaders::new([]);
        let mut canonical = Vec::new();
        empty.write_canonical(&mut canonical);
        assert_eq!((canonical.as_slice(), empty.names()), (&b""[..], ""));
    }

    #[test]
    fn civil_dates_agree_with_a_calendar_walked_day_by_day() {
        let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let length = |y: i64, m: i64| match m {
            2 if leap(y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        // From 1 January 1600 (a leap century) to the end of 2500 (three common ones).
        let mut days = -(1600..1970)
            .map(|y| if leap(y) { 366 } else { 365 })
            .sum::<i64>();
        let mut date = (1600, 1, 1);
        while date.0 <= 2500 {
            assert_eq!(civil_from_days(days), date, "day {days}");
            days += 1;
            let (y, m, d) = date;
            date = if d < length(y, m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
        }
    }

    /// The plain twin of [`SignedHeaders`]: trimmed, lower-cased with a new string per name,
    /// sorted stably, values of one name joined with `,`.
    fn plain_headers(given: &[(String, String)]) -> (String, String) {
        let mut headers: Vec<(String, &str)> = given
            .iter()
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim()))
            .collect();
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        let mut canonical = String::new();
        let mut names: Vec<&str> = Vec::new();
        for (name, value) in &headers {
            if names.last() == Some(&name.as_str()) {
                canonical.pop();
                canonical.push(',');
            } else {
                names.push(name);
                canonical.push_str(name);
                canonical.push(':');
            }
            canonical.push_str(value);
            canonical.push('\n');
        }
        (canonical, names.join(";"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            rng_seed: proptest::test_runner::RngSeed::Fixed(17),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// Names of every case mix, sharing long prefixes (so that sort keys tie), with
        /// blanks around them, multi-byte letters and repeats; values with blanks.
        #[test]
        fn headers_agree_with_their_plain_twin(
            given in proptest::collection::vec(
                (
                    "[ \t]{0,1}(x-acs-|X-Acs-|X-TC-|content-|Content-|)(signature|SIGNATURE|[a-zA-Z\u{e9}\u{c9}-]{0,3}){0,2}[ \t]{0,1}",
                    "[ \t]{0,2}[a-z ,\u{e9}]{0,6}[ \t]{0,2}",
                ),
                0..24,
            ),
        ) {
            let headers = SignedHeaders::new(
                given.iter().map(|(name, value)| (name.as_str(), Cow::Borrowed(value.as_str()))),
            );
            let mut canonical = Vec::new();
            headers.write_canonical(&mut canonical);
            let (expected, names) = plain_headers(&given);
            proptest::prop_assert_eq!(utf8_text(canonical), expected);
            proptest::prop_assert_eq!(headers.names(), names);
        }
    }

    #[test]
    fn the_hash_of_a_canonical_request_is_the_hash_of_its_text() {
        let long = "v".repeat(700);
        let headers = SignedHeaders::new(
            [
                ("Host", "example.com"),
                ("X-Long", long.as_str()),
                ("x-a", " 1 "),
            ]
            .map(|(n, v)| (n, Cow::Borrowed(v))),
        );
        let payload = Hex64::sha256(b"{}");
        let request = CanonicalRequest {
            method: "POST",
            uri: "/v1/x",
            uri_suffix: "/",
            query: "a=1&b=%20",
            headers: &headers,
            payload_hash: &payload,
        };
        let text = request.text();
        assert!(text.starts_with("POST\n/v1/x/\na=1&b=%20\nhost:example.com\nx-a:1\nx-long:v"));
        assert!(text.ends_with(&format!("\n\nhost;x-a;x-long\n{}", payload.as_str())));
        assert_eq!(
            request.hash().as_str(),
            Hex64::sha256(text.as_bytes()).as_str()
        );
    }
}
