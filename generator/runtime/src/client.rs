//! The client machinery every generated service client shares: configuration, validation
//! before any I/O, signing and sending through a [`Transport`], retries with backoff and
//! jitter, client-side rate limiting, and typed errors.
//!
//! Nothing here needs a particular async runtime: the client waits through an [`AsyncSleep`],
//! Tokio's timer by default, and measures time with [`std::time::Instant`].

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::credentials::{Credentials, MissingCredentials};
use crate::dynamic::{OperationInfo, ServiceInfo};
use crate::encode::EncodeError;
use crate::object::Object;
use crate::protocol::{self, Outcome};
use crate::sign::SigningKeys;
pub use crate::validation::ValidationMode;
use crate::validation::{ValidationErrors, Warnings};

/// Which Alibaba Cloud signature to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AcsSignature {
    /// ACS3-HMAC-SHA256 in headers (the default of Alibaba Cloud's SDKs).
    #[default]
    V3,
    /// The older HMAC-SHA1 signature over the canonicalized query.
    V1,
}

/// How failed attempts are retried: exponential backoff with full jitter, bounded in attempts
/// and in total time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 disables retries.
    pub max_attempts: u32,
    /// The backoff ceiling before the second attempt; it doubles for each further attempt.
    pub initial_backoff: Duration,
    /// The largest backoff ceiling.
    pub max_backoff: Duration,
    /// No retry starts once this much time has passed since the first attempt.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub const fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            max_elapsed: Duration::ZERO,
        }
    }

    /// The backoff ceiling after `failed` failed attempts (1 for the first).
    pub fn ceiling(&self, failed: u32) -> Duration {
        let factor = 1u32
            .checked_shl(failed.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The wait after `failed` failed attempts: uniform in `[0, ceiling]` ("full jitter"), so
    /// that clients throttled together do not retry together.
    pub fn backoff(&self, failed: u32, random: u64) -> Duration {
        let ceiling = self.ceiling(failed).as_nanos();
        let nanos = u128::from(random) % ceiling.saturating_add(1);
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

/// A client-side rate: at most `requests` per `per` (spaced evenly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    /// Requests...
    pub requests: u32,
    /// ...per this long.
    pub per: Duration,
}

/// Where the client takes its rate limits from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RateLimits {
    /// The limits the service spec documents, per operation (the default).
    #[default]
    FromSpec,
    /// The same limit for each operation of the client (each operation is spaced on its own).
    Custom(Rate),
    /// No client-side limit.
    Off,
}

/// The time signatures are made at; injectable for audits, replays and tests.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A fixed time, for reproducible signatures.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub SystemTime);

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// Where signature nonces (and generated idempotency tokens) come from; injectable.
pub trait NonceSource: Send + Sync + fmt::Debug {
    /// A fresh nonce: 32 lower-case hex digits by default.
    fn nonce(&self) -> String;
}

/// Random nonces from the operating system.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomNonce;

impl NonceSource for RandomNonce {
    fn nonce(&self) -> String {
        let mut bytes = [0u8; 16];
        fill_random(&mut bytes);
        hex::encode(bytes)
    }
}

/// The same nonce every time, for reproducible signatures.
#[derive(Clone, Debug)]
pub struct FixedNonce(pub String);

impl NonceSource for FixedNonce {
    fn nonce(&self) -> String {
        self.0.clone()
    }
}

/// The future an [`AsyncSleep`] returns.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Waits without blocking a thread: how the client sleeps between retries, spaces requests
/// under a rate limit, and bounds each attempt by [`ClientBuilder::timeout`].
///
/// The client needs no particular async runtime. By default it sleeps on Tokio's timer
/// (`TokioSleep`) when a call runs inside a Tokio runtime. Under any other executor
/// (async-std, smol, `futures::executor::block_on`, a hand-written one), give the client that
/// executor's timer with [`ClientBuilder::sleep_impl`]; without one, such a call returns
/// [`Error::Setup`] with [`ConfigError::NoAsyncSleep`] and sends nothing.
///
/// A sleep for any executor, for illustration (a thread per wait; executors have timers that
/// do better, such as async-io's `Timer`):
///
/// ```
/// use std::task::Poll;
/// use std::time::{Duration, Instant};
///
/// use cloud_backup_runtime::{AsyncSleep, SleepFuture};
///
/// #[derive(Debug)]
/// struct ThreadSleep;
///
/// impl AsyncSleep for ThreadSleep {
///     fn sleep(&self, duration: Duration) -> SleepFuture {
///         let deadline = Instant::now().checked_add(duration);
///         Box::pin(std::future::poll_fn(move |cx| {
///             let Some(deadline) = deadline else {
///                 return Poll::Pending; // Never.
///             };
///             let left = deadline.saturating_duration_since(Instant::now());
///             if left.is_zero() {
///                 return Poll::Ready(());
///             }
///             let waker = cx.waker().clone();
///             std::thread::spawn(move || {
///                 std::thread::sleep(left);
///                 waker.wake();
///             });
///             Poll::Pending
///         }))
///     }
/// }
/// ```
///
/// and then `Client::builder().sleep_impl(ThreadSleep)`.
pub trait AsyncSleep: Send + Sync + fmt::Debug {
    /// A future that completes once `duration` has passed. It may be dropped before then (an
    /// attempt that finished before its timeout).
    fn sleep(&self, duration: Duration) -> SleepFuture;

    /// Now, on the clock this sleep waits by: rate limits and the retry policy's
    /// `max_elapsed` measure time with it. [`Instant::now`] unless the sleep keeps a clock of
    /// its own (Tokio's paused clock in tests, a simulated one).
    fn now(&self) -> Instant {
        Instant::now()
    }
}

impl<T: AsyncSleep + ?Sized> AsyncSleep for Arc<T> {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        (**self).sleep(duration)
    }

    fn now(&self) -> Instant {
        (**self).now()
    }
}

/// Tokio's timer: the default [`AsyncSleep`] of calls made inside a Tokio runtime.
///
/// It can also serve calls made under another executor, given the handle of a Tokio runtime
/// that keeps running (a multi-threaded one, or one a thread blocks on): its timer then wakes
/// them.
#[derive(Clone, Debug)]
pub struct TokioSleep {
    handle: tokio::runtime::Handle,
}

impl TokioSleep {
    /// Sleeps on the timer of `handle`'s runtime, which must have its time driver enabled
    /// (`#[tokio::main]`, `Runtime::new` and `Builder::enable_all` enable it).
    pub fn new(handle: tokio::runtime::Handle) -> Self {
        TokioSleep { handle }
    }

    /// Tokio's timer for the runtime the current thread runs in; `None` outside any.
    pub fn current() -> Option<Self> {
        tokio::runtime::Handle::try_current()
            .ok()
            .map(TokioSleep::new)
    }
}

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        // Made inside the runtime's context, the timer works wherever it is then polled.
        let _entered = self.handle.enter();
        Box::pin(tokio::time::sleep(duration))
    }

    /// Tokio's clock: the system's, unless paused (`tokio::time::pause`, or
    /// `#[tokio::test(start_paused = true)]`).
    fn now(&self) -> Instant {
        let _entered = self.handle.enter();
        tokio::time::Instant::now().into_std()
    }
}

/// Runs `send` until it finishes or `limit` has passed, whichever comes first, on the clock of
/// `sleep`: a select over two futures, for any executor.
async fn within(
    limit: Duration,
    send: SendFuture<'_>,
    sleep: &dyn AsyncSleep,
) -> Result<HttpResponse, TransportError> {
    let mut send = send;
    let mut timer = sleep.sleep(limit);
    std::future::poll_fn(move |cx| {
        // The response first: an answer that arrives with the deadline still counts.
        if let Poll::Ready(result) = send.as_mut().poll(cx) {
            return Poll::Ready(result);
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(TransportError::Timeout(limit))),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// Random bytes for nonces and jitter. Should the operating system's source fail, the clock
/// stands in: these bytes need to be unpredictable enough to spread retries and tell requests
/// apart, not to be secret.
fn fill_random(bytes: &mut [u8]) {
    if getrandom::fill(bytes).is_err() {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = now.to_le_bytes().get(i % 16).copied().unwrap_or(0) ^ (i as u8);
        }
    }
}

fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    fill_random(&mut bytes);
    u64::from_le_bytes(bytes)
}

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
                let secret = protocol::is_secret_header(k);
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
struct Readable(Duration);

impl fmt::Display for Readable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Duration`'s `Debug` is this human form (`30s`, `1.5s`, `200ms`), not Rust syntax.
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A value given by the caller, in double quotes, control characters escaped: it may be
/// empty, or hold a line break that must not start a new line of a log.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0.escape_debug())
    }
}

/// The error of an operation: its documented error codes are `C`.
///
/// `Display` is plain text; a service's error reads `Throttling.User (HTTP 400, request id
/// 6C5E…): Request was denied due to user flow control.`.
/// [`code`](Error::code), [`request_id`](Error::request_id),
/// [`http_status`](Error::http_status), [`is_throttling`](Error::is_throttling) and
/// [`is_retryable`](Error::is_retryable) answer the usual questions without a `match`;
/// [`source`](std::error::Error::source) leads to the validation, transport or configuration
/// error beneath.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<C: fmt::Debug> {
    /// The request breaks its spec; nothing was sent.
    Validation(ValidationErrors),
    /// The client is not configured for this call (an operation of another service, say).
    Config(String),
    /// The client cannot make calls where this one was made; nothing was sent. Outside a Tokio
    /// runtime without [`ClientBuilder::sleep_impl`], this is [`ConfigError::NoAsyncSleep`].
    Setup(ConfigError),
    /// The service answered with an error.
    Service {
        /// The code, mapped onto the operation's documented codes.
        code: C,
        /// The code as the service sent it, documented or not (what [`Error::code`] gives).
        raw_code: String,
        /// The service's message.
        message: String,
        /// The request id the service gave, if any.
        request_id: Option<String>,
        /// The HTTP status.
        http_status: u16,
    },
    /// No response arrived (after every retry allowed).
    Transport(TransportError),
    /// The response could not be read as the operation's response.
    Decode {
        /// What is wrong with it.
        message: String,
        /// The HTTP status.
        http_status: u16,
        /// The request id, when it could be read.
        request_id: Option<String>,
    },
}

/// ` (HTTP 400, request id r-1): message`, each part only when there is one.
fn write_response_details(
    f: &mut fmt::Formatter<'_>,
    http_status: u16,
    request_id: Option<&str>,
    message: &str,
) -> fmt::Result {
    write!(f, " (HTTP {http_status}")?;
    if let Some(id) = request_id {
        write!(f, ", request id {id}")?;
    }
    f.write_str(")")?;
    if !message.is_empty() {
        write!(f, ": {message}")?;
    }
    Ok(())
}

impl<C: fmt::Debug> fmt::Display for Error<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(errors) => write!(f, "the request is invalid: {errors}"),
            Error::Config(message) => write!(f, "configuration: {message}"),
            Error::Setup(error) => write!(f, "configuration: {error}"),
            Error::Service {
                raw_code,
                message,
                request_id,
                http_status,
                ..
            } => {
                f.write_str(if raw_code.is_empty() {
                    "error"
                } else {
                    raw_code
                })?;
                write_response_details(f, *http_status, request_id.as_deref(), message)
            }
            Error::Transport(error) => write!(f, "transport: {error}"),
            Error::Decode {
                message,
                http_status,
                request_id,
            } => {
                f.write_str("could not decode the response")?;
                write_response_details(f, *http_status, request_id.as_deref(), message)
            }
        }
    }
}

impl<C: fmt::Debug> std::error::Error for Error<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(errors) => Some(errors),
            Error::Setup(error) => Some(error),
            Error::Transport(error) => Some(error),
            Error::Config(_) | Error::Service { .. } | Error::Decode { .. } => None,
        }
    }
}

impl Error<String> {
    /// The same error, its service code mapped by `from_code`.
    pub(crate) fn with_codes<C: fmt::Debug>(self, from_code: fn(&str) -> C) -> Error<C> {
        match self {
            Error::Validation(errors) => Error::Validation(errors),
            Error::Config(message) => Error::Config(message),
            Error::Setup(error) => Error::Setup(error),
            Error::Service {
                code: _,
                raw_code,
                message,
                request_id,
                http_status,
            } => Error::Service {
                code: from_code(&raw_code),
                raw_code,
                message,
                request_id,
                http_status,
            },
            Error::Transport(e) => Error::Transport(e),
            Error::Decode {
                message,
                http_status,
                request_id,
            } => Error::Decode {
                message,
                http_status,
                request_id,
            },
        }
    }
}

impl<C: fmt::Debug> Error<C> {
    /// The request id the service gave, when there was a response.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service { request_id, .. } | Error::Decode { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// The HTTP status, when there was a response.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Service { http_status, .. } | Error::Decode { http_status, .. } => {
                Some(*http_status)
            }
            _ => None,
        }
    }

    /// The service's error code as it sent it (`Throttling.User`, `FailedOperation`), for
    /// documented codes too; `None` when the service did not answer with an error.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Service { raw_code, .. } => Some(raw_code),
            _ => None,
        }
    }

    /// Whether the service refused the request for going too fast: HTTP 429, Tencent Cloud's
    /// `RequestLimitExceeded…` and Alibaba Cloud's `Throttling…` codes. The service did not
    /// act on the request; the client has already retried it as its [`RetryPolicy`] allows.
    pub fn is_throttling(&self) -> bool {
        match self {
            Error::Service {
                raw_code,
                http_status,
                ..
            } => protocol::is_throttling(raw_code, *http_status),
            _ => false,
        }
    }

    /// Whether another attempt may succeed: throttling, transient server errors (HTTP 5xx,
    /// `InternalError…`, `ServiceUnavailable`), timeouts, broken connections and unreadable
    /// responses; not invalid requests, configuration errors, other service errors or
    /// oversized responses. It is the classification the client retries by: such an error
    /// comes back after the retries the [`RetryPolicy`] allowed, or without retries when one
    /// was not safe (the request has no idempotency token and the service may have acted on
    /// it).
    pub fn is_retryable(&self) -> bool {
        let (retryable, _safe) = match self {
            Error::Service {
                raw_code,
                http_status,
                ..
            } => protocol::service_retry_class(raw_code, *http_status),
            Error::Decode { .. } => protocol::MALFORMED_RETRY_CLASS,
            Error::Transport(error) => protocol::transport_retry_class(error),
            Error::Validation(_) | Error::Config(_) | Error::Setup(_) => (false, false),
        };
        retryable
    }
}

/// A documented error-code enumeration of an operation.
pub trait ErrorCode: fmt::Debug + Sized {
    /// The variant for a code received from the service.
    fn from_code(code: &str) -> Self;
}

impl<T: crate::OpenEnum + fmt::Debug> ErrorCode for T {
    fn from_code(code: &str) -> Self {
        T::from_wire(code)
    }
}

/// Why a request was not sent, before anything depends on the operation's error codes.
#[derive(Debug)]
pub(crate) enum Refused {
    /// The request breaks its spec.
    Validation(ValidationErrors),
    /// The client cannot make this call.
    Config(String),
    /// The client cannot make calls here.
    Setup(ConfigError),
}

impl<C: fmt::Debug> From<Refused> for Error<C> {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Validation(errors) => Error::Validation(errors),
            Refused::Config(message) => Error::Config(message),
            Refused::Setup(error) => Error::Setup(error),
        }
    }
}

/// Everything a client is configured with.
#[derive(Clone, Debug)]
pub struct Config {
    /// The credentials requests are signed with.
    pub credentials: Credentials,
    /// The region (Tencent's `X-TC-Region`, and the region of regional endpoints).
    pub region: String,
    /// A base URL replacing the spec's endpoint, such as `http://127.0.0.1:8080`.
    pub endpoint: Option<String>,
    /// Which Alibaba Cloud signature to use.
    pub acs_signature: AcsSignature,
    /// Time to connect.
    pub connect_timeout: Duration,
    /// Time for one attempt.
    pub timeout: Duration,
    /// The largest response body accepted.
    pub max_response_bytes: usize,
    /// Retries.
    pub retry: RetryPolicy,
    /// Client-side rate limits.
    pub rate_limits: RateLimits,
    /// The clock signatures use.
    pub clock: Arc<dyn Clock>,
    /// Where nonces and generated idempotency tokens come from.
    pub nonces: Arc<dyn NonceSource>,
    /// How requests are sent.
    pub transport: Arc<dyn Transport>,
    /// How the client waits (backoffs, rate limits, timeouts); `None` for Tokio's timer, which
    /// needs each call to run inside a Tokio runtime.
    pub sleep: Option<Arc<dyn AsyncSleep>>,
}

/// A configuration that cannot work.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Credentials were neither given nor found in the environment.
    #[error(transparent)]
    Credentials(#[from] MissingCredentials),
    /// No region was given.
    #[error("a region is required: call .region(...)")]
    MissingRegion,
    /// The region is not a region id (they go into host names).
    #[error(
        "{} is not a region id: lower-case letters and digits in dash-separated words, such as cn-hangzhou",
        Quoted(.0)
    )]
    BadRegion(String),
    /// The default transport could not be set up.
    #[error("the HTTP transport could not be set up: {0}")]
    Transport(String),
    /// The region is not one the service spec lists.
    #[error(
        "region {} is not supported by {service}; supported: {supported}",
        Quoted(.region)
    )]
    UnsupportedRegion {
        /// The region given.
        region: String,
        /// The service.
        service: String,
        /// The regions it supports.
        supported: String,
    },
    /// No transport was given and the `reqwest` feature is off.
    #[error("no transport: enable the `reqwest` feature or call .transport(...)")]
    MissingTransport,
    /// The endpoint override is not a URL this client can use.
    #[error(
        "the endpoint {} is not an http:// or https:// base URL without a path",
        Quoted(.0)
    )]
    BadEndpoint(String),
    /// A call was made outside a Tokio runtime, and the client was given no other way to
    /// sleep. Returned by calls (as [`Error::Setup`]), not by [`ClientBuilder::build`]: the
    /// same client may serve calls inside a runtime.
    #[error("no async sleep: run under Tokio or give the client one with .sleep_impl(...)")]
    NoAsyncSleep,
}

/// A generated service client, made from the shared machinery.
pub trait ServiceClient: Sized {
    /// Wraps the shared client.
    fn from_client(client: Client) -> Self;
}

/// The shared client serves any operation of its service, for the dynamic entry points.
impl ServiceClient for Client {
    fn from_client(client: Client) -> Self {
        client
    }
}

/// Builds a service client: credentials, region, endpoint, timeouts, retries, rate limits,
/// transport and sleep.
///
/// # Async runtimes
///
/// The client's calls are futures for any executor. Two parts of it may need Tokio:
///
/// - Waiting (retry backoffs, rate limits, per-attempt timeouts) uses Tokio's timer by default,
///   taken from the runtime each call runs in. Under another executor, give the client that
///   executor's timer with [`sleep_impl`](ClientBuilder::sleep_impl) (an [`AsyncSleep`]);
///   otherwise such a call returns [`Error::Setup`] with [`ConfigError::NoAsyncSleep`].
/// - The default transport, reqwest (the `reqwest` feature), needs a Tokio runtime. Under
///   another executor, give the client a [`Transport`] built on that executor's I/O with
///   [`transport`](ClientBuilder::transport); otherwise each attempt fails with
///   [`TransportError::Connect`].
///
/// No part of the client panics for want of a Tokio runtime.
pub struct ClientBuilder<C> {
    service: &'static ServiceInfo,
    credentials: Option<Credentials>,
    region: Option<String>,
    endpoint: Option<String>,
    acs_signature: AcsSignature,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
    rate_limits: RateLimits,
    validation: ValidationMode,
    clock: Arc<dyn Clock>,
    nonces: Arc<dyn NonceSource>,
    transport: Option<Arc<dyn Transport>>,
    sleep: Option<Arc<dyn AsyncSleep>>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.service)
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl<C: ServiceClient> ClientBuilder<C> {
    /// A builder for a client of `service`, with the defaults: credentials from the
    /// environment, ACS3 signatures, 5 s to connect, 30 s per attempt, 10 MiB responses,
    /// [`RetryPolicy::default`], the spec's rate limits, strict validation, the reqwest
    /// transport (with the `reqwest` feature), and Tokio's timer.
    pub fn new(service: &'static ServiceInfo) -> Self {
        ClientBuilder {
            service,
            credentials: None,
            region: None,
            endpoint: None,
            acs_signature: AcsSignature::default(),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_response_bytes: 10 << 20,
            retry: RetryPolicy::default(),
            rate_limits: RateLimits::default(),
            validation: ValidationMode::default(),
            clock: Arc::new(SystemClock),
            nonces: Arc::new(RandomNonce),
            transport: None,
            sleep: None,
            client: PhantomData,
        }
    }

    /// Explicit credentials (otherwise they are read from the environment).
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The region.
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// A base URL used instead of the spec's endpoint (`http://127.0.0.1:8080`).
    #[must_use]
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The Alibaba Cloud signature (ignored by other providers).
    #[must_use]
    pub fn acs_signature(mut self, signature: AcsSignature) -> Self {
        self.acs_signature = signature;
        self
    }

    /// Time to connect.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time for one attempt.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body accepted.
    #[must_use]
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Retries; [`RetryPolicy::none`] disables them.
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Client-side rate limits.
    #[must_use]
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.rate_limits = limits;
        self
    }

    /// What to do with invalid requests.
    #[must_use]
    pub fn validation(mut self, mode: ValidationMode) -> Self {
        self.validation = mode;
        self
    }

    /// The clock signatures use.
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Where nonces and generated idempotency tokens come from.
    #[must_use]
    pub fn nonces(mut self, nonces: Arc<dyn NonceSource>) -> Self {
        self.nonces = nonces;
        self
    }

    /// How requests are sent: any [`Transport`] (an `Arc` of one, to share it between
    /// clients). The default, reqwest, needs a Tokio runtime; under another executor, give a
    /// transport built on its I/O.
    #[must_use]
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// How the client waits: retry backoffs, rate-limit spacing and the per-attempt
    /// [`timeout`](ClientBuilder::timeout). The default is Tokio's timer, taken from the
    /// runtime each call runs in; give another executor's timer to make calls under that
    /// executor (see [`AsyncSleep`]). Pass an `Arc` to share one sleep between clients.
    #[must_use]
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// Checks the configuration and makes the client.
    pub fn build(self) -> Result<C, ConfigError> {
        let credentials = match self.credentials {
            Some(c) => c,
            None => Credentials::from_env(self.service.protocol)?,
        };
        let region = self.region.ok_or(ConfigError::MissingRegion)?;
        if !protocol::valid_region(&region) {
            return Err(ConfigError::BadRegion(region));
        }
        if let Some(supported) = self.service.regions {
            if !supported.contains(&region.as_str()) {
                return Err(ConfigError::UnsupportedRegion {
                    region,
                    service: format!("{}.{}", self.service.provider, self.service.service),
                    supported: supported.join(", "),
                });
            }
        }
        if let Some(e) = &self.endpoint {
            if protocol::split_endpoint(e).is_none() {
                return Err(ConfigError::BadEndpoint(e.clone()));
            }
        }
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(self.connect_timeout)?,
        };
        let config = Config {
            credentials,
            region,
            endpoint: self.endpoint,
            acs_signature: self.acs_signature,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry,
            rate_limits: self.rate_limits,
            clock: self.clock,
            nonces: self.nonces,
            transport,
            sleep: self.sleep,
        };
        Ok(C::from_client(Client {
            service: self.service,
            config: Arc::new(config),
            limiters: Arc::new(Mutex::new(Vec::new())),
            signing_keys: Arc::new(SigningKeys::new()),
            validation: self.validation,
        }))
    }
}

#[cfg(feature = "reqwest")]
fn default_transport(connect_timeout: Duration) -> Result<Arc<dyn Transport>, ConfigError> {
    crate::reqwest_transport::ReqwestTransport::new(connect_timeout)
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(ConfigError::Transport)
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_connect_timeout: Duration) -> Result<Arc<dyn Transport>, ConfigError> {
    Err(ConfigError::MissingTransport)
}

/// Even spacing of requests, shared by every clone of a client.
#[derive(Debug)]
struct Limiter {
    operation: &'static str,
    interval: Duration,
    next: Instant,
}

/// The client every generated service client wraps. Cheap to clone; clones share the
/// configuration, the connection pool of the transport, the rate limiters and the keys
/// derived from the secret.
///
/// Its calls run under any executor given what they need there: by default they wait on
/// Tokio's timer and send with reqwest, both of which need a Tokio runtime; see
/// [`ClientBuilder`] for other executors ([`ClientBuilder::sleep_impl`],
/// [`ClientBuilder::transport`]). Outside Tokio without them, calls return errors, never
/// panic.
#[derive(Clone, Debug)]
pub struct Client {
    service: &'static ServiceInfo,
    config: Arc<Config>,
    limiters: Arc<Mutex<Vec<Limiter>>>,
    /// The keys derived from the secret, derived once rather than per request.
    signing_keys: Arc<SigningKeys>,
    validation: ValidationMode,
}

impl Client {
    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The same client with another validation mode for the calls made through it.
    #[must_use]
    pub fn with_validation(&self, mode: ValidationMode) -> Client {
        Client {
            validation: mode,
            ..self.clone()
        }
    }

    fn rate_limit(&self, op: &OperationInfo) -> Option<Rate> {
        match self.config.rate_limits {
            RateLimits::Off => None,
            RateLimits::Custom(limit) => Some(limit),
            RateLimits::FromSpec => self
                .service
                .rate_limits
                .iter()
                .find(|r| r.operation == op.name)
                .map(|r| Rate {
                    requests: r.requests,
                    per: Duration::from_secs(u64::from(r.per_seconds)),
                }),
        }
    }

    /// The sleep calls wait with: the one configured, or Tokio's timer of the runtime the call
    /// runs in.
    fn sleeper(&self) -> Result<Arc<dyn AsyncSleep>, ConfigError> {
        match &self.config.sleep {
            Some(sleep) => Ok(Arc::clone(sleep)),
            None => default_sleep().ok_or(ConfigError::NoAsyncSleep),
        }
    }

    /// Waits for the operation's next slot. Slots are handed out in order under a lock held
    /// only to book the slot, so concurrent callers are spaced too.
    async fn acquire(&self, op: &OperationInfo, sleep: &dyn AsyncSleep) {
        let Some(limit) = self.rate_limit(op) else {
            return;
        };
        if limit.requests == 0 {
            return;
        }
        let interval = limit.per / limit.requests;
        let now = sleep.now();
        let slot = {
            let mut limiters = match self.limiters.lock() {
                Ok(l) => l,
                Err(poisoned) => poisoned.into_inner(),
            };
            let position = limiters.iter().position(|l| l.operation == op.name);
            let limiter = match position.and_then(|i| limiters.get_mut(i)) {
                Some(l) => l,
                None => {
                    limiters.push(Limiter {
                        operation: op.name,
                        interval,
                        next: now,
                    });
                    match limiters.last_mut() {
                        Some(l) => l,
                        None => return,
                    }
                }
            };
            let slot = limiter.next.max(now);
            // An absurd rate (one per `Duration::MAX`) means: not for decades, not a panic.
            limiter.next = slot
                .checked_add(limiter.interval)
                .or_else(|| slot.checked_add(Duration::from_secs(86_400 * 365 * 30)))
                .unwrap_or(slot);
            slot
        };
        let wait = slot.saturating_duration_since(sleep.now());
        if !wait.is_zero() {
            sleep.sleep(wait).await;
        }
    }

    /// Applies the validation mode to a request's violations: refuses what the mode refuses,
    /// logs through `tracing` what it lets through.
    fn judge(
        &self,
        op: &OperationInfo,
        result: Result<Warnings, ValidationErrors>,
    ) -> Result<(), Refused> {
        let violations = match result {
            Ok(warnings) => warnings.into_violations(),
            Err(errors) => errors.into_violations(),
        };
        if violations.is_empty() {
            return Ok(());
        }
        if self.validation.refuses(&violations) {
            return Err(Refused::Validation(ValidationErrors::from_violations(
                violations,
            )));
        }
        for v in &violations {
            let severity = v.severity.as_str();
            tracing::warn!(operation = op.id, path = %v.path, rule = v.rule, severity, "{}", v.message);
        }
        Ok(())
    }

    /// Fills in the idempotency token the spec marks, when the request has none: retries of
    /// the request are then safe.
    fn with_token(&self, op: &OperationInfo, mut value: serde_json::Value) -> serde_json::Value {
        if let (Some(token), serde_json::Value::Object(members)) =
            (op.idempotency_token, &mut value)
        {
            members
                .entry(token.to_owned())
                .or_insert_with(|| serde_json::Value::String(self.config.nonces.nonce()));
        }
        value
    }

    /// Refuses an operation of another service: it would go to the wrong endpoint with the
    /// wrong protocol.
    fn own(&self, op: &OperationInfo) -> Result<(), Refused> {
        if op.service.provider == self.service.provider
            && op.service.service == self.service.service
        {
            Ok(())
        } else {
            Err(Refused::Config(format!(
                "{} is not an operation of {}.{}",
                op.id, self.service.provider, self.service.service
            )))
        }
    }

    /// Validates a typed request per the validation mode and turns it into its JSON form,
    /// idempotency token filled in.
    fn admit(
        &self,
        op: &OperationInfo,
        request: &dyn Object,
    ) -> Result<serde_json::Value, Refused> {
        self.own(op)?;
        let value = crate::object::to_json(request).map_err(Refused::Config)?;
        // A name the protocol writes itself is refused in every mode, before judging warnings.
        protocol::check_undocumented(op, &value).map_err(Refused::Config)?;
        if self.validation != ValidationMode::Off {
            self.judge(op, crate::object::validate(request))?;
        }
        Ok(self.with_token(op, value))
    }

    fn sign(
        &self,
        op: &OperationInfo,
        encoded: &crate::encode::Encoded,
    ) -> Result<PreparedRequest, String> {
        protocol::prepare(
            self.service,
            op,
            encoded,
            &self.config,
            &self.signing_keys,
            self.config.clock.now(),
            &self.config.nonces.nonce(),
        )
    }

    /// Encodes and signs an admitted request.
    fn encode_and_sign(
        &self,
        op: &OperationInfo,
        value: &serde_json::Value,
    ) -> Result<PreparedRequest, Refused> {
        let undocumented = op.service.protocol.undocumented_location();
        let encoded = crate::encode::encode(value, op.request.fields, undocumented)
            .map_err(|e: EncodeError| Refused::Config(e.to_string()))?;
        self.sign(op, &encoded).map_err(Refused::Config)
    }

    /// Builds the exact signed HTTP request of one attempt, at the client clock's time and
    /// with a nonce of its source, without sending it.
    pub fn prepare<C: fmt::Debug>(
        &self,
        op: &OperationInfo,
        request: &dyn Object,
    ) -> Result<PreparedRequest, Error<C>> {
        // Generic in the error type only: the work is done once, for every operation.
        Ok(self.prepare_dyn(op, request)?)
    }

    fn prepare_dyn(
        &self,
        op: &OperationInfo,
        request: &dyn Object,
    ) -> Result<PreparedRequest, Refused> {
        let value = self.admit(op, request)?;
        self.encode_and_sign(op, &value)
    }

    /// [`Client::prepare`] for a request in its JSON form (as the SDK's `validate_json` takes
    /// it), validated per the client's validation mode.
    pub fn prepare_json<C: fmt::Debug>(
        &self,
        op: &OperationInfo,
        request: &serde_json::Value,
    ) -> Result<PreparedRequest, Error<C>> {
        Ok(self.prepare_json_dyn(op, request)?)
    }

    fn prepare_json_dyn(
        &self,
        op: &OperationInfo,
        request: &serde_json::Value,
    ) -> Result<PreparedRequest, Refused> {
        self.own(op)?;
        protocol::check_undocumented(op, request).map_err(Refused::Config)?;
        if self.validation != ValidationMode::Off {
            self.judge(op, (op.validate_json)(request))?;
        }
        let value = self.with_token(op, request.clone());
        self.encode_and_sign(op, &value)
    }

    /// Calls an operation: validates, signs, sends, retries when that is safe, and decodes
    /// the response or the service's error.
    pub async fn call<Resp, C>(
        &self,
        op: &'static OperationInfo,
        request: &(dyn Object + Sync),
    ) -> Result<Resp, Error<C>>
    where
        Resp: DeserializeOwned,
        C: ErrorCode,
    {
        // Only decoding the answer depends on the operation's types; admitting the request
        // and the exchange are compiled once for all operations.
        let value = self.admit(op, request)?;
        match self.exchange(op, value).await {
            Ok(outcome) => outcome.finish::<Resp, C>(),
            Err(refused) => Err(refused.into()),
        }
    }

    /// Sends an admitted request, retrying when that is safe: the last attempt's outcome, or
    /// why the request could not be sent at all.
    async fn exchange(
        &self,
        op: &'static OperationInfo,
        value: serde_json::Value,
    ) -> Result<Outcome, Refused> {
        let span = tracing::info_span!(
            "call",
            operation = op.id,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty
        );
        let attempts = self.attempts(op, value, &span);
        attempts.instrument(span.clone()).await
    }

    async fn attempts(
        &self,
        op: &'static OperationInfo,
        value: serde_json::Value,
        span: &tracing::Span,
    ) -> Result<Outcome, Refused> {
        let sleeper = self.sleeper().map_err(Refused::Setup)?;
        let sleep = sleeper.as_ref();
        let has_token = op.idempotency_token.is_some_and(|t| {
            value
                .get(t)
                .and_then(|v| v.as_str())
                .is_some_and(|v| !v.is_empty())
        });
        let undocumented = op.service.protocol.undocumented_location();
        let encoded = crate::encode::encode(&value, op.request.fields, undocumented)
            .map_err(|e| Refused::Config(e.to_string()))?;
        let limits = Limits {
            connect_timeout: self.config.connect_timeout,
            timeout: self.config.timeout,
            max_body: self.config.max_response_bytes,
        };
        let retry = self.config.retry;
        let started = sleep.now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            self.acquire(op, sleep).await;
            // Each attempt is signed anew: a fresh time and nonce.
            let prepared = self.sign(op, &encoded).map_err(Refused::Config)?;
            let sent = self.config.transport.send(&prepared, limits);
            let outcome = match within(limits.timeout, sent, sleep).await {
                Ok(response) => protocol::outcome(self.service.protocol, &response),
                Err(e) => Outcome::NoResponse(e),
            };
            if let Some(id) = outcome.request_id() {
                span.record("request_id", id);
            }
            let (retryable, safe) = outcome.retry_class();
            let wait = retry.backoff(attempt, random_u64());
            // No retry starts after `max_elapsed`, counting the wait before it.
            let may_retry = retryable
                && (safe || has_token)
                && attempt < retry.max_attempts
                && sleep
                    .now()
                    .saturating_duration_since(started)
                    .saturating_add(wait)
                    < retry.max_elapsed;
            if !may_retry {
                return Ok(outcome);
            }
            tracing::debug!(attempt, ?wait, "retrying: {}", outcome.summary());
            sleep.sleep(wait).await;
        }
    }
}

/// Tokio's timer of the runtime the call runs in, if it runs in one.
fn default_sleep() -> Option<Arc<dyn AsyncSleep>> {
    TokioSleep::current().map(|sleep| Arc::new(sleep) as Arc<dyn AsyncSleep>)
}

/// A service's client, one line per operation: its method, the method that prepares the
/// signed request without sending it, the operation's table, and its types:
///
/// ```text
/// rt::client! {
///     /// Docs of the client.
///     pub struct Client for SERVICE {
///         /// Docs of the call.
///         create_plan / prepare_create_plan: create_plan::OPERATION, CreatePlanRequest => CreatePlanResponse, CreatePlanError;
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __client {
    (
        $(#[$attr:meta])*
        pub struct $name:ident for $service:path {
            $( $(#[$mattr:meta])* $call:ident / $prepare:ident : $op:path, $req:ty => $resp:ty, $err:ty; )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Clone, Debug)]
        pub struct $name {
            inner: $crate::Client,
        }

        impl $crate::ServiceClient for $name {
            fn from_client(client: $crate::Client) -> Self {
                $name { inner: client }
            }
        }

        impl $name {
            /// Starts configuring a client: credentials (from the environment unless given), region, endpoint, timeouts, retries, rate limits, validation mode.
            pub fn builder() -> $crate::ClientBuilder<$name> {
                $crate::ClientBuilder::new(&$service)
            }

            /// The same client with another validation mode for the calls made through it.
            #[must_use]
            pub fn with_validation(&self, mode: $crate::ValidationMode) -> $name {
                $name { inner: self.inner.with_validation(mode) }
            }

            /// The shared client underneath, for the dynamic entry points.
            pub fn inner(&self) -> &$crate::Client {
                &self.inner
            }

            $(
                $(#[$mattr])*
                pub async fn $call(&self, request: $req) -> ::std::result::Result<$resp, $err> {
                    self.inner.call(&$op, &request).await
                }

                #[doc = ::std::concat!("The exact signed HTTP request of [`", ::std::stringify!($call), "`](Self::", ::std::stringify!($call), ") at the client clock's time and with a nonce of its source, without sending it.")]
                pub fn $prepare(&self, request: &$req) -> ::std::result::Result<$crate::PreparedRequest, $err> {
                    self.inner.prepare(&$op, request)
                }
            )*
        }
    };
}
pub use crate::__client as client;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap_and_stays_under_the_ceiling() {
        let p = RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            max_elapsed: Duration::from_secs(60),
        };
        assert_eq!(p.ceiling(1), Duration::from_millis(100));
        assert_eq!(p.ceiling(2), Duration::from_millis(200));
        assert_eq!(p.ceiling(4), Duration::from_millis(800));
        assert_eq!(p.ceiling(5), Duration::from_secs(1));
        assert_eq!(p.ceiling(80), Duration::from_secs(1));
        for r in [0, 1, 99_999_999, u64::MAX] {
            assert!(p.backoff(3, r) <= p.ceiling(3));
        }
        assert_eq!(RetryPolicy::none().backoff(1, 12345), Duration::ZERO);
    }

    #[test]
    fn absurd_backoffs_do_not_overflow() {
        let p = RetryPolicy {
            max_attempts: 100,
            initial_backoff: Duration::from_secs(5),
            max_backoff: Duration::MAX,
            max_elapsed: Duration::MAX,
        };
        for failed in [1, 40, 64, 99] {
            for r in [0, u64::MAX] {
                assert!(p.backoff(failed, r) <= p.ceiling(failed));
            }
        }
    }

    crate::open_enum! {
        /// The documented codes of a test operation.
        pub enum TestCode (from_code, code, "A code not documented for this operation.") {
            /// Throttled.
            Throttling = "Throttling",
            /// The instance is busy.
            OperationDenied = "OperationDenied.InstanceStatusLimitOpError",
        }
    }

    fn service(code: TestCode, status: u16, id: Option<&str>, message: &str) -> Error<TestCode> {
        Error::Service {
            raw_code: code.code().to_owned(),
            code,
            message: message.to_owned(),
            request_id: id.map(str::to_owned),
            http_status: status,
        }
    }

    fn invalid() -> Error<TestCode> {
        Error::Validation(ValidationErrors::from_violations(vec![crate::Violation {
            path: "BackupPeriod".to_owned(),
            rule: "count",
            message: "BackupPeriod must have at most 7 items (got 8)".to_owned(),
            value: None,
            source: None,
            severity: crate::Severity::Error,
        }]))
    }

    #[test]
    fn service_errors_display_the_code_as_sent_and_the_request_id_plainly() {
        let throttled = service(
            TestCode::Throttling,
            400,
            Some("ali-req-thr"),
            "Request was denied due to request throttling.",
        );
        assert_eq!(
            throttled.to_string(),
            "Throttling (HTTP 400, request id ali-req-thr): Request was denied due to request \
             throttling."
        );
        let busy = service(TestCode::OperationDenied, 400, Some("r-9"), "busy");
        assert_eq!(
            busy.to_string(),
            "OperationDenied.InstanceStatusLimitOpError (HTTP 400, request id r-9): busy"
        );
        let unknown = service(TestCode::from_code("Throttling.User"), 400, Some("r"), "m");
        assert_eq!(
            unknown.to_string(),
            "Throttling.User (HTTP 400, request id r): m"
        );
        // No request id, no message: those parts are left out.
        let gateway = service(TestCode::from_code("HTTP429"), 429, None, "slow down");
        assert_eq!(gateway.to_string(), "HTTP429 (HTTP 429): slow down");
        let bare = service(TestCode::from_code("HTTP502"), 502, None, "");
        assert_eq!(bare.to_string(), "HTTP502 (HTTP 502)");
        // Codes kept as strings display the same.
        let raw: Error<String> = Error::Service {
            code: "Throttling.User".to_owned(),
            raw_code: "Throttling.User".to_owned(),
            message: "m".to_owned(),
            request_id: Some("r".to_owned()),
            http_status: 400,
        };
        assert_eq!(
            raw.to_string(),
            "Throttling.User (HTTP 400, request id r): m"
        );
    }

    #[test]
    fn other_errors_display_as_plain_text() {
        let decode: Error<TestCode> = Error::Decode {
            message: "the body is not JSON: expected value at line 1 column 1".to_owned(),
            http_status: 200,
            request_id: Some("req-1".to_owned()),
        };
        assert_eq!(
            decode.to_string(),
            "could not decode the response (HTTP 200, request id req-1): the body is not JSON: \
             expected value at line 1 column 1"
        );
        let decode: Error<TestCode> = Error::Decode {
            message: "the body has no `Response` object".to_owned(),
            http_status: 200,
            request_id: None,
        };
        assert_eq!(
            decode.to_string(),
            "could not decode the response (HTTP 200): the body has no `Response` object"
        );
        assert_eq!(
            invalid().to_string(),
            "the request is invalid: 1 violation:\n- BackupPeriod must have at most 7 items (got \
             8) [count]"
        );
        let config: Error<TestCode> = Error::Config("bad endpoint".to_owned());
        assert_eq!(config.to_string(), "configuration: bad endpoint");
        let setup: Error<TestCode> = Error::Setup(ConfigError::NoAsyncSleep);
        assert_eq!(
            setup.to_string(),
            "configuration: no async sleep: run under Tokio or give the client one with \
             .sleep_impl(...)"
        );
        let transport = |e| Error::<TestCode>::Transport(e).to_string();
        assert_eq!(
            transport(TransportError::Timeout(Duration::from_secs(30))),
            "transport: timed out after 30s"
        );
        assert_eq!(
            transport(TransportError::Timeout(Duration::from_millis(1500))),
            "transport: timed out after 1.5s"
        );
        assert_eq!(
            transport(TransportError::Timeout(Duration::from_millis(200))),
            "transport: timed out after 200ms"
        );
        assert_eq!(
            transport(TransportError::Connect("connection refused".to_owned())),
            "transport: could not connect: connection refused"
        );
        assert_eq!(
            transport(TransportError::Interrupted("reset by peer".to_owned())),
            "transport: connection failed: reset by peer"
        );
        assert_eq!(
            transport(TransportError::TooLarge { limit: 1024 }),
            "transport: the response body exceeds 1024 bytes"
        );
    }

    #[test]
    fn configuration_errors_display_as_plain_text() {
        assert_eq!(
            ConfigError::MissingRegion.to_string(),
            "a region is required: call .region(...)"
        );
        assert_eq!(
            ConfigError::BadRegion("Mars 1".to_owned()).to_string(),
            "\"Mars 1\" is not a region id: lower-case letters and digits in dash-separated \
             words, such as cn-hangzhou"
        );
        // A line break in a caller's value stays on the error's one line.
        assert!(
            ConfigError::BadRegion("a\nb".to_owned())
                .to_string()
                .starts_with("\"a\\nb\" is not a region id")
        );
        assert_eq!(
            ConfigError::UnsupportedRegion {
                region: "mars-north-1".to_owned(),
                service: "tencentcloud.postgres".to_owned(),
                supported: "ap-guangzhou, ap-shanghai".to_owned(),
            }
            .to_string(),
            "region \"mars-north-1\" is not supported by tencentcloud.postgres; supported: \
             ap-guangzhou, ap-shanghai"
        );
        assert_eq!(
            ConfigError::BadEndpoint("ftp://x".to_owned()).to_string(),
            "the endpoint \"ftp://x\" is not an http:// or https:// base URL without a path"
        );
        assert_eq!(
            ConfigError::Transport("TLS: no roots".to_owned()).to_string(),
            "the HTTP transport could not be set up: TLS: no roots"
        );
        assert_eq!(
            ConfigError::MissingTransport.to_string(),
            "no transport: enable the `reqwest` feature or call .transport(...)"
        );
        assert_eq!(
            ConfigError::NoAsyncSleep.to_string(),
            "no async sleep: run under Tokio or give the client one with .sleep_impl(...)"
        );
        assert_eq!(
            ConfigError::from(MissingCredentials {
                variable: "TENCENTCLOUD_SECRET_ID"
            })
            .to_string(),
            "credentials: the environment variable TENCENTCLOUD_SECRET_ID is not set or is empty"
        );
    }

    #[test]
    fn code_request_id_and_status_are_read_without_a_match() {
        let busy = service(TestCode::OperationDenied, 400, Some("r-9"), "busy");
        assert_eq!(
            busy.code(),
            Some("OperationDenied.InstanceStatusLimitOpError")
        );
        assert_eq!(busy.request_id(), Some("r-9"));
        assert_eq!(busy.http_status(), Some(400));
        let unknown = service(TestCode::from_code("Quota.Exceeded"), 403, None, "m");
        assert_eq!(unknown.code(), Some("Quota.Exceeded"));
        assert_eq!(unknown.request_id(), None);
        assert_eq!(unknown.http_status(), Some(403));
        let decode: Error<TestCode> = Error::Decode {
            message: "m".to_owned(),
            http_status: 200,
            request_id: Some("req-1".to_owned()),
        };
        assert_eq!(decode.code(), None);
        assert_eq!(decode.request_id(), Some("req-1"));
        assert_eq!(decode.http_status(), Some(200));
        let without_response: [Error<TestCode>; 4] = [
            invalid(),
            Error::Config("c".to_owned()),
            Error::Setup(ConfigError::NoAsyncSleep),
            Error::Transport(TransportError::Connect("refused".to_owned())),
        ];
        for e in &without_response {
            assert_eq!(
                (e.code(), e.request_id(), e.http_status()),
                (None, None, None)
            );
        }
        let raw: Error<String> = Error::Service {
            code: "FailedOperation".to_owned(),
            raw_code: "FailedOperation".to_owned(),
            message: String::new(),
            request_id: None,
            http_status: 400,
        };
        assert_eq!(raw.code(), Some("FailedOperation"));
    }

    #[test]
    fn throttling_is_each_providers_codes_and_http_429() {
        let throttling = |code: &str, status| {
            service(TestCode::from_code(code), status, None, "m").is_throttling()
        };
        assert!(service(TestCode::Throttling, 400, None, "m").is_throttling());
        assert!(throttling("Throttling.User", 400));
        assert!(throttling("Throttling.Api", 400));
        assert!(throttling("RequestLimitExceeded", 200));
        assert!(throttling("RequestLimitExceeded.UinLimitExceeded", 200));
        assert!(throttling("APIGW.0308", 429));
        assert!(throttling("HTTP429", 429));
        assert!(!throttling("InvalidParameter", 400));
        assert!(!throttling("InternalError", 500));
        assert!(!service(TestCode::OperationDenied, 400, None, "m").is_throttling());
        assert!(!invalid().is_throttling());
        let timeout = Error::<TestCode>::Transport(TransportError::Timeout(Duration::ZERO));
        assert!(!timeout.is_throttling());
    }

    #[test]
    fn retryable_errors_are_those_the_retry_loop_retries() {
        let retryable = |code: &str, status| {
            service(TestCode::from_code(code), status, None, "m").is_retryable()
        };
        assert!(retryable("Throttling.User", 400));
        assert!(retryable("RequestLimitExceeded", 200));
        assert!(retryable("HTTP429", 429));
        assert!(retryable("InternalError", 200));
        assert!(retryable("InternalError.DbError", 400));
        assert!(retryable("ServiceUnavailable", 503));
        assert!(retryable("HTTP502", 502));
        assert!(retryable("VBS.0001", 500));
        assert!(!retryable("InvalidParameter", 400));
        assert!(!retryable("Request.Forbidden", 403));
        assert!(!service(TestCode::OperationDenied, 400, None, "m").is_retryable());
        let decode: Error<TestCode> = Error::Decode {
            message: "m".to_owned(),
            http_status: 200,
            request_id: None,
        };
        assert!(decode.is_retryable());
        let transport = |e| Error::<TestCode>::Transport(e).is_retryable();
        assert!(transport(TransportError::Connect("refused".to_owned())));
        assert!(transport(TransportError::Timeout(Duration::from_secs(1))));
        assert!(transport(TransportError::Interrupted("reset".to_owned())));
        assert!(!transport(TransportError::TooLarge { limit: 1 }));
        assert!(!invalid().is_retryable());
        assert!(!Error::<TestCode>::Config("c".to_owned()).is_retryable());
        assert!(!Error::<TestCode>::Setup(ConfigError::NoAsyncSleep).is_retryable());
        // The same classification as the retry loop's, outcome by outcome.
        let outcome = protocol::Outcome::Service {
            status: 400,
            code: "Throttling.User".to_owned(),
            message: String::new(),
            request_id: None,
        };
        assert_eq!(outcome.retry_class(), (true, true));
        let outcome = protocol::Outcome::NoResponse(TransportError::TooLarge { limit: 1 });
        assert_eq!(outcome.retry_class(), (false, false));
    }

    #[test]
    fn sources_lead_to_the_error_beneath() {
        use std::error::Error as _;
        let e = invalid();
        let source = e.source().expect("a source");
        let errors = source
            .downcast_ref::<ValidationErrors>()
            .expect("the violations");
        assert_eq!(errors.violations()[0].path, "BackupPeriod");
        let e = Error::<TestCode>::Transport(TransportError::Timeout(Duration::from_secs(30)));
        let source = e.source().and_then(|s| s.downcast_ref::<TransportError>());
        assert_eq!(
            source,
            Some(&TransportError::Timeout(Duration::from_secs(30)))
        );
        let e = Error::<TestCode>::Setup(ConfigError::NoAsyncSleep);
        let source = e.source().and_then(|s| s.downcast_ref::<ConfigError>());
        assert_eq!(source, Some(&ConfigError::NoAsyncSleep));
        assert!(
            service(TestCode::Throttling, 400, None, "m")
                .source()
                .is_none()
        );
        assert!(Error::<TestCode>::Config("c".to_owned()).source().is_none());
        // Operation errors travel as boxed errors.
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(invalid());
        assert!(boxed.to_string().starts_with("the request is invalid"));
    }

    /// A sleep that records what it was asked for and finishes at once, or never.
    #[derive(Debug, Default)]
    struct Recorded {
        asked: Mutex<Vec<Duration>>,
        never: bool,
    }

    impl AsyncSleep for Recorded {
        fn sleep(&self, duration: Duration) -> SleepFuture {
            self.asked.lock().unwrap().push(duration);
            if self.never {
                Box::pin(std::future::pending())
            } else {
                Box::pin(std::future::ready(()))
            }
        }
    }

    /// Polls a future until it is ready, on this thread, with no async runtime.
    fn block_on<F: Future>(future: F) -> F::Output {
        struct Unpark(std::thread::Thread);
        impl std::task::Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = std::task::Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = std::task::Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
            std::thread::park();
        }
    }

    fn ok() -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: Vec::new(),
        })
    }

    #[test]
    fn an_attempt_races_its_timeout_on_the_given_sleep() {
        let limit = Duration::from_secs(7);
        // A response that is ready wins, even against a deadline already passed.
        let sleep = Recorded::default();
        let answered = block_on(within(limit, Box::pin(async { ok() }), &sleep));
        assert_eq!(answered, ok());
        assert_eq!(*sleep.asked.lock().unwrap(), [limit]);
        // A response that never comes loses to the deadline.
        let timed_out = block_on(within(limit, Box::pin(std::future::pending()), &sleep));
        assert_eq!(timed_out, Err(TransportError::Timeout(limit)));
        // A deadline that never comes leaves the response alone.
        let patient = Recorded {
            never: true,
            ..Recorded::default()
        };
        assert_eq!(
            block_on(within(limit, Box::pin(async { ok() }), &patient)),
            ok()
        );
    }

    #[test]
    fn outside_tokio_there_is_no_default_sleep() {
        assert!(TokioSleep::current().is_none());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        assert!(runtime.block_on(async { TokioSleep::current() }).is_some());
    }

    /// Tokio's timer serves another executor, given a handle of a runtime that keeps running.
    #[test]
    fn tokio_sleep_wakes_calls_under_another_executor() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let driver = std::thread::spawn(move || {
            runtime.block_on(async {
                let _ = stopped.await;
            });
        });
        let sleep = TokioSleep::new(handle);
        let started = Instant::now();
        block_on(sleep.sleep(Duration::from_millis(30)));
        assert!(started.elapsed() >= Duration::from_millis(30));
        // And bounds an attempt there.
        let timed_out = block_on(within(
            Duration::from_millis(10),
            Box::pin(std::future::pending()),
            &sleep,
        ));
        assert_eq!(
            timed_out,
            Err(TransportError::Timeout(Duration::from_millis(10)))
        );
        stop.send(()).unwrap();
        driver.join().unwrap();
    }

    #[test]
    fn nonces_are_fresh_hex() {
        let (a, b) = (RandomNonce.nonce(), RandomNonce.nonce());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
