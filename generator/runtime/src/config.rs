//! What a client is configured with: credentials and region, the signature, retries and rate
//! limits, the clock, nonces and the async timer it waits on, and the transport.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant, SystemTime};

use crate::credentials::{Credentials, CredentialsError, MissingCredentials};
use crate::sign::ControlCharacter;
use crate::transport::{HttpResponse, SendFuture, Transport, TransportError};

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
/// under a rate limit, and bounds each attempt by [`ClientBuilder::timeout`](crate::ClientBuilder::timeout).
///
/// The client needs no particular async runtime. By default it sleeps on Tokio's timer
/// (`TokioSleep`) when a call runs inside a Tokio runtime. Under any other executor
/// (async-std, smol, `futures::executor::block_on`, a hand-written one), give the client that
/// executor's timer with [`ClientBuilder::sleep_impl`](crate::ClientBuilder::sleep_impl); without one, such a call returns
/// [`Error::Setup`](crate::Error::Setup) with [`ConfigError::NoAsyncSleep`] and sends nothing.
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
pub(crate) async fn within(
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
pub(crate) fn fill_random(bytes: &mut [u8]) {
    if getrandom::fill(bytes).is_err() {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = now.to_le_bytes().get(i % 16).copied().unwrap_or(0) ^ (i as u8);
        }
    }
}

pub(crate) fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    fill_random(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// A value given by the caller, in double quotes, control characters escaped: it may be
/// empty, or hold a line break that must not start a new line of a log.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0.escape_debug())
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

impl From<CredentialsError> for ConfigError {
    fn from(error: CredentialsError) -> Self {
        match error {
            CredentialsError::Missing(missing) => ConfigError::Credentials(missing),
            CredentialsError::ControlCharacter(c) => ConfigError::InvalidCredentials(c),
        }
    }
}

/// A configuration that cannot work.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Credentials were neither given nor found in the environment.
    #[error(transparent)]
    Credentials(#[from] MissingCredentials),
    /// A credential (given, or read from the environment: the error then names the variable)
    /// holds a control character, which would break the header it is written into. The
    /// message names the credential, never its value.
    #[error("credentials: {0}")]
    InvalidCredentials(#[from] ControlCharacter),
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
    /// sleep. Returned by calls (as [`Error::Setup`](crate::Error::Setup)), not by [`ClientBuilder::build`](crate::ClientBuilder::build): the
    /// same client may serve calls inside a runtime.
    #[error("no async sleep: run under Tokio or give the client one with .sleep_impl(...)")]
    NoAsyncSleep,
}
