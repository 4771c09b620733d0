//! The HTTP exchange a client hands to its transport: the signed request, the response, the
//! limits of one attempt, and the [`Transport`] trait any HTTP stack can implement.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

/// An HTTP request ready to send: signed, with the body exactly as it goes on the wire. It
/// serializes as `{"method", "url", "headers": [[name, value], ...], "body"}`.
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    /// `POST`.
    pub method: String,
    /// The full URL.
    pub url: String,
    /// Headers in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The body text.
    pub body: String,
}

// Written out rather than derived: the runtime does without serde's derive macros, which
// would add a proc-macro crate to every user's build.
impl Serialize for PreparedRequest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut out = s.serialize_struct("PreparedRequest", 4)?;
        out.serialize_field("method", &self.method)?;
        out.serialize_field("url", &self.url)?;
        out.serialize_field("headers", &self.headers)?;
        out.serialize_field("body", &self.body)?;
        out.end()
    }
}

impl fmt::Debug for PreparedRequest {
    /// The query string and body can hold secrets (a database password, Alibaba's V1
    /// `SecurityToken`), and so can token headers: only their shape is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let secret = is_secret_header(k);
                (k.as_str(), if secret { "<redacted>" } else { v.as_str() })
            })
            .collect();
        let url = match self.url.split_once('?') {
            Some((base, query)) => format!("{base}?<{} parameters>", query.split('&').count()),
            None => self.url.clone(),
        };
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field("headers", &headers)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

/// An HTTP response as a transport returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body, at most [`Limits::max_body`] bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The bounds a transport enforces on one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Time to establish the connection. (The default transport applies the client's connect
    /// timeout when it is built; custom transports may read it here.)
    pub connect_timeout: Duration,
    /// Time for the whole attempt, connection and body included.
    pub timeout: Duration,
    /// The largest response body accepted.
    pub max_body: usize,
}

/// Why an attempt got no response.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No connection was made: the request was never sent, so it is safe to retry.
    #[error("could not connect: {0}")]
    Connect(String),
    /// The attempt ran out of time; the service may have acted on the request.
    #[error("timed out after {}", Readable(*.0))]
    Timeout(Duration),
    /// The connection broke after the request was sent, or the response was cut short.
    #[error("connection failed: {0}")]
    Interrupted(String),
    /// The response body was larger than allowed.
    #[error("the response body exceeds {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
}

/// The future a transport returns.
pub type SendFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends prepared requests. The default is reqwest with rustls (the `reqwest` feature); any
/// HTTP stack can be plugged in.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends one request within the limits.
    fn send<'a>(&'a self, request: &'a PreparedRequest, limits: Limits) -> SendFuture<'a>;
}

/// A shared transport: clients given clones of one `Arc` share it (and its connections).
impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send<'a>(&'a self, request: &'a PreparedRequest, limits: Limits) -> SendFuture<'a> {
        (**self).send(request, limits)
    }
}

/// A duration as people write it: `30s`, `1.5s`, `200ms`.
pub(crate) struct Readable(pub(crate) Duration);

impl fmt::Display for Readable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Duration`'s `Debug` is this human form (`30s`, `1.5s`, `200ms`), not Rust syntax.
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Headers that carry session tokens: redacted wherever requests are shown.
const SECRET_HEADERS: &[&str] = &["x-tc-token", "x-acs-security-token", "x-security-token"];

/// Whether a header carries a secret.
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}
