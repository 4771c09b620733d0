//! A minimal HTTP/1.1 server side: reads one request from a stream, writes one response.
//!
//! It understands exactly what the emulator needs: an origin-form request target, header
//! fields without line folding, and a body framed by `Content-Length` or by
//! `Transfer-Encoding: chunked`. `Expect: 100-continue` is answered before the body is read.
//! Everything else is refused with an [`HttpError`], which the emulator answers with a 4xx
//! in the provider's error envelope; nothing here panics on malformed input.
//!
//! It also holds the percent-encoding helpers the verifiers share.

use std::fmt;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The most bytes a request head (request line and header fields) may take.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// One HTTP request as it arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The method, as sent (case-sensitive, for example `POST`).
    pub method: String,
    /// The request target as sent, path and query (`/v2/a%2Fb/backuppolicy?x=1`).
    pub target: String,
    /// The path part of the target, still percent-encoded.
    pub path: String,
    /// The raw query string after `?` (still percent-encoded), empty when there is none.
    pub query: String,
    /// The header fields in arrival order, names as sent, values with surrounding spaces removed.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked when it came chunked.
    pub body: Vec<u8>,
}

impl Request {
    /// The value of the first header field named `name` (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the header fields named `name` (compared case-insensitively).
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Why a request could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpError {
    /// The peer closed the connection (or it failed) before a complete request head arrived.
    Closed,
    /// The bytes are not an HTTP/1.x request the emulator accepts; the text says why.
    Malformed(String),
    /// The head or the body is larger than allowed.
    TooLarge(String),
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::Closed => f.write_str("connection closed before a complete request"),
            HttpError::Malformed(why) => write!(f, "malformed HTTP request: {why}"),
            HttpError::TooLarge(why) => write!(f, "request too large: {why}"),
        }
    }
}

fn malformed(why: impl Into<String>) -> HttpError {
    HttpError::Malformed(why.into())
}

/// Reads one request from `stream`. `max_body` bounds the body size.
///
/// When the request carries `Expect: 100-continue`, an interim `100 Continue` is written to the
/// stream before the body is read.
pub async fn read_request<S>(stream: &mut S, max_body: usize) -> Result<Request, HttpError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let head_end = loop {
        if let Some(pos) = find(&buf, b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Err(HttpError::TooLarge(format!(
                "request head over {MAX_HEAD_BYTES} bytes"
            )));
        }
        let mut chunk = [0u8; 4096];
        let n = stream
            .read(&mut chunk)
            .await
            .map_err(|_| HttpError::Closed)?;
        if n == 0 {
            return if buf.iter().all(u8::is_ascii_whitespace) {
                Err(HttpError::Closed)
            } else {
                Err(malformed(
                    "connection closed in the middle of the request head",
                ))
            };
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    if head_end > MAX_HEAD_BYTES {
        return Err(HttpError::TooLarge(format!(
            "request head over {MAX_HEAD_BYTES} bytes"
        )));
    }
    let head = std::str::from_utf8(&buf[..head_end])
        .map_err(|_| malformed("request head is not UTF-8"))?
        .to_owned();
    let mut rest: Vec<u8> = buf[head_end + 4..].to_vec();

    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed(format!("bad request line {request_line:?}")));
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(malformed(format!("bad method {method:?}")));
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(malformed(format!(
            "unsupported protocol version {version:?}"
        )));
    }
    if !target.starts_with('/') || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(malformed(format!(
            "request target must be in origin form, got {target:?}"
        )));
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (target.to_owned(), String::new()),
    };

    let mut headers = Vec::new();
    for line in lines {
        if line.starts_with(' ') || line.starts_with('\t') {
            return Err(malformed("obsolete header line folding"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(malformed(format!("header line without a colon: {line:?}")));
        };
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err(malformed(format!("bad header name {name:?}")));
        }
        if value.bytes().any(|b| (b < b' ' && b != b'\t') || b == 0x7f) {
            return Err(malformed(format!("control character in header {name}")));
        }
        headers.push((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()));
    }
    let mut request = Request {
        method: method.to_owned(),
        target: target.to_owned(),
        path,
        query,
        headers,
        body: Vec::new(),
    };

    let chunked = match request.header_all("transfer-encoding").as_slice() {
        [] => false,
        [te] if te.eq_ignore_ascii_case("chunked") => true,
        other => {
            return Err(malformed(format!(
                "unsupported Transfer-Encoding {other:?}"
            )));
        }
    };
    let content_length = match request.header_all("content-length").as_slice() {
        [] => None,
        [cl] => {
            if cl.is_empty() || !cl.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed(format!("bad Content-Length {cl:?}")));
            }
            Some(
                cl.parse::<usize>()
                    .map_err(|_| HttpError::TooLarge(format!("Content-Length {cl}")))?,
            )
        }
        _ => return Err(malformed("several Content-Length fields")),
    };
    if chunked && content_length.is_some() {
        return Err(malformed("both Content-Length and Transfer-Encoding"));
    }
    if let Some(len) = content_length {
        if len > max_body {
            return Err(HttpError::TooLarge(format!(
                "body of {len} bytes, the limit is {max_body}"
            )));
        }
    }
    let expects_continue = request
        .header("expect")
        .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"));
    if expects_continue && (chunked || content_length.unwrap_or(0) > 0) && rest.is_empty() {
        stream
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .await
            .map_err(|_| HttpError::Closed)?;
    }

    if chunked {
        request.body = read_chunked(stream, &mut rest, max_body).await?;
    } else if let Some(len) = content_length {
        while rest.len() < len {
            let mut chunk = vec![0u8; (len - rest.len()).min(64 * 1024)];
            let n = stream
                .read(&mut chunk)
                .await
                .map_err(|_| HttpError::Closed)?;
            if n == 0 {
                return Err(malformed(format!(
                    "body shorter than Content-Length ({} of {len} bytes)",
                    rest.len()
                )));
            }
            rest.extend_from_slice(&chunk[..n]);
        }
        rest.truncate(len);
        request.body = rest;
    }
    Ok(request)
}

async fn fill_line<S>(stream: &mut S, buf: &mut Vec<u8>) -> Result<Vec<u8>, HttpError>
where
    S: AsyncRead + Unpin,
{
    loop {
        if let Some(pos) = find(buf, b"\r\n") {
            let line = buf[..pos].to_vec();
            buf.drain(..pos + 2);
            return Ok(line);
        }
        if buf.len() > 4096 {
            return Err(malformed("chunk size line too long"));
        }
        fill_more(stream, buf).await?;
    }
}

async fn fill_more<S>(stream: &mut S, buf: &mut Vec<u8>) -> Result<(), HttpError>
where
    S: AsyncRead + Unpin,
{
    let mut chunk = [0u8; 16 * 1024];
    let n = stream
        .read(&mut chunk)
        .await
        .map_err(|_| HttpError::Closed)?;
    if n == 0 {
        return Err(malformed(
            "connection closed in the middle of a chunked body",
        ));
    }
    buf.extend_from_slice(&chunk[..n]);
    Ok(())
}

async fn read_chunked<S>(
    stream: &mut S,
    buf: &mut Vec<u8>,
    max_body: usize,
) -> Result<Vec<u8>, HttpError>
where
    S: AsyncRead + Unpin,
{
    let mut body = Vec::new();
    loop {
        let line = fill_line(stream, buf).await?;
        let line = std::str::from_utf8(&line).map_err(|_| malformed("bad chunk size"))?;
        let size_text = line.split(';').next().unwrap_or_default().trim();
        if size_text.is_empty() || !size_text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(malformed(format!("bad chunk size {size_text:?}")));
        }
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| HttpError::TooLarge("chunk size".into()))?;
        if size == 0 {
            // Trailer fields, up to the empty line.
            loop {
                let trailer = fill_line(stream, buf).await?;
                if trailer.is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len().saturating_add(size) > max_body {
            return Err(HttpError::TooLarge(format!(
                "chunked body over the limit of {max_body} bytes"
            )));
        }
        while buf.len() < size + 2 {
            fill_more(stream, buf).await?;
        }
        if &buf[size..size + 2] != b"\r\n" {
            return Err(malformed("chunk data not followed by CRLF"));
        }
        body.extend_from_slice(&buf[..size]);
        buf.drain(..size + 2);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// One HTTP response to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Extra header fields; `Content-Length` and `Connection: close` are added when written.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a JSON body (`Content-Type: application/json;charset=utf-8`).
    pub fn json(status: u16, body: &serde_json::Value) -> Response {
        Response {
            status,
            headers: vec![(
                "Content-Type".to_owned(),
                "application/json;charset=utf-8".to_owned(),
            )],
            body: body.to_string().into_bytes(),
        }
    }

    /// Adds a header field.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The status line and header fields, ending with the empty line. `Content-Length` is
    /// `content_length`, which need not be the length of `body` (the truncation fault lies).
    pub fn head_bytes(&self, content_length: usize) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(name);
            head.push_str(": ");
            head.push_str(value);
            head.push_str("\r\n");
        }
        head.push_str(&format!(
            "Content-Length: {content_length}\r\nConnection: close\r\n\r\n"
        ));
        head.into_bytes()
    }
}

/// The reason phrase of the status codes the emulator uses.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// Writes `response` whole, then closes the write side and waits briefly for the peer to close
/// (so that unread request bytes do not turn the close into a reset that could destroy the
/// response before the client reads it).
pub async fn write_response<S>(stream: &mut S, response: &Response)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut bytes = response.head_bytes(response.body.len());
    bytes.extend_from_slice(&response.body);
    if stream.write_all(&bytes).await.is_ok() {
        let _ = stream.flush().await;
    }
    linger_close(stream).await;
}

/// Closes the write side of `stream` and reads (and discards) what the peer still sends, until
/// it closes, 1 MiB were read, or half a second passed.
pub async fn linger_close<S>(stream: &mut S)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let _ = stream.shutdown().await;
    let drain = async {
        let mut sink = [0u8; 8192];
        let mut total = 0usize;
        while total < 1 << 20 {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_millis(500), drain).await;
}

/// Percent-encodes `s` as RFC 3986 asks of the providers' signers: every byte except the
/// unreserved characters `A-Z a-z 0-9 - _ . ~` becomes `%XX` with upper-case hex digits
/// (so a space is `%20`, `*` is `%2A`, `~` stays).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and, when `plus_is_space`, `+` as a space, the form-encoding rule).
/// A `%` not followed by two hex digits, or a result that is not UTF-8, is an error.
pub fn percent_decode(s: &str, plus_is_space: bool) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                    .ok_or_else(|| format!("bad percent escape in {s:?}"))?;
                out.push(u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| format!("{s:?} does not decode to UTF-8"))
}

/// The canonical query string of Alibaba's ACS3 and V1 and of Huawei's SDK signature: every
/// name and value [`percent_encode`]d, the pairs sorted by encoded name (then value), joined as
/// `name=value` with `&`. A pair with an empty value gives `name=`.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let mut encoded: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (percent_encode(k.as_ref()), percent_encode(v.as_ref())))
        .collect();
    encoded.sort();
    encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Splits an `application/x-www-form-urlencoded` text (a query string or a form body) into
/// decoded pairs, in order. `+` decodes as a space (so a client must send a literal plus as
/// `%2B`); a field without `=` has an empty value; empty fields (`a=1&&b=2`) are skipped.
pub fn parse_form(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for field in s.split('&') {
        if field.is_empty() {
            continue;
        }
        let (k, v) = field.split_once('=').unwrap_or((field, ""));
        pairs.push((percent_decode(k, true)?, percent_decode(v, true)?));
    }
    Ok(pairs)
}

/// The media type of a `Content-Type` value, lower-cased, without parameters
/// (`application/json; charset=utf-8` gives `application/json`).
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}
