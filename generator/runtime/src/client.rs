//! The client machinery every generated service client shares: configuration, validation
//! before any I/O, signing and sending through a [`Transport`], retries with backoff and
//! jitter, client-side rate limiting, and typed errors.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

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

/// An HTTP request ready to send: signed, with the body exactly as it goes on the wire.
#[derive(Clone, PartialEq, Eq, Serialize)]
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
    #[error("timed out after {0:?}")]
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

/// The error of an operation: its documented error codes are `C`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<C: fmt::Debug> {
    /// The request breaks its spec; nothing was sent.
    #[error("the request is invalid: {0}")]
    Validation(ValidationErrors),
    /// The client is not configured for this call (an unsupported region, say).
    #[error("configuration: {0}")]
    Config(String),
    /// The service answered with an error.
    #[error("{code:?} (HTTP {http_status}, request id {request_id:?}): {message}")]
    Service {
        /// The code, mapped onto the operation's documented codes.
        code: C,
        /// The service's message.
        message: String,
        /// The request id the service gave, if any.
        request_id: Option<String>,
        /// The HTTP status.
        http_status: u16,
    },
    /// No response arrived (after every retry allowed).
    #[error("transport: {0}")]
    Transport(TransportError),
    /// The response could not be read as the operation's response.
    #[error(
        "could not decode the response (HTTP {http_status}, request id {request_id:?}): {message}"
    )]
    Decode {
        /// What is wrong with it.
        message: String,
        /// The HTTP status.
        http_status: u16,
        /// The request id, when it could be read.
        request_id: Option<String>,
    },
}

impl Error<String> {
    /// The same error, its service code mapped by `from_code`.
    pub(crate) fn with_codes<C: fmt::Debug>(self, from_code: fn(&str) -> C) -> Error<C> {
        match self {
            Error::Validation(errors) => Error::Validation(errors),
            Error::Config(message) => Error::Config(message),
            Error::Service {
                code,
                message,
                request_id,
                http_status,
            } => Error::Service {
                code: from_code(&code),
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
}

impl<C: fmt::Debug> From<Refused> for Error<C> {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Validation(errors) => Error::Validation(errors),
            Refused::Config(message) => Error::Config(message),
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
        "{0:?} is not a region id: lower-case letters and digits in dash-separated words, such as cn-hangzhou"
    )]
    BadRegion(String),
    /// The default transport could not be set up.
    #[error("the HTTP transport could not be set up: {0}")]
    Transport(String),
    /// The region is not one the service spec lists.
    #[error("region {region:?} is not supported by {service}; supported: {supported}")]
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
    #[error("the endpoint {0:?} is not an http:// or https:// base URL without a path")]
    BadEndpoint(String),
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

/// Builds a service client: credentials, region, endpoint, timeouts, retries, rate limits.
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
    /// [`RetryPolicy::default`], the spec's rate limits, strict validation.
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

    /// How requests are sent.
    #[must_use]
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
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
    next: tokio::time::Instant,
}

/// The client every generated service client wraps. Cheap to clone; clones share the
/// configuration, the connection pool of the transport, the rate limiters and the keys
/// derived from the secret.
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

    /// Waits for the operation's next slot. Slots are handed out in order under a lock held
    /// only to book the slot, so concurrent callers are spaced too.
    async fn acquire(&self, op: &OperationInfo) {
        let Some(limit) = self.rate_limit(op) else {
            return;
        };
        if limit.requests == 0 {
            return;
        }
        let interval = limit.per / limit.requests;
        let now = tokio::time::Instant::now();
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
            // An absurd rate (one per `Duration::MAX`) means: never again, not a panic.
            limiter.next = slot
                .checked_add(limiter.interval)
                .unwrap_or_else(|| slot + Duration::from_secs(86_400 * 365 * 30));
            slot
        };
        tokio::time::sleep_until(slot).await;
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

    /// [`Client::prepare`] for a request in its JSON form (as [`crate::validate_json`] takes
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
            Err(message) => Err(Error::Config(message)),
        }
    }

    /// Sends an admitted request, retrying when that is safe: the last attempt's outcome, or
    /// why the request could not be sent at all.
    async fn exchange(
        &self,
        op: &'static OperationInfo,
        value: serde_json::Value,
    ) -> Result<Outcome, String> {
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
    ) -> Result<Outcome, String> {
        let has_token = op.idempotency_token.is_some_and(|t| {
            value
                .get(t)
                .and_then(|v| v.as_str())
                .is_some_and(|v| !v.is_empty())
        });
        let undocumented = op.service.protocol.undocumented_location();
        let encoded = crate::encode::encode(&value, op.request.fields, undocumented)
            .map_err(|e| e.to_string())?;
        let limits = Limits {
            connect_timeout: self.config.connect_timeout,
            timeout: self.config.timeout,
            max_body: self.config.max_response_bytes,
        };
        let retry = self.config.retry;
        let started = tokio::time::Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            self.acquire(op).await;
            // Each attempt is signed anew: a fresh time and nonce.
            let prepared = self.sign(op, &encoded)?;
            let sent = self.config.transport.send(&prepared, limits);
            let outcome = match tokio::time::timeout(limits.timeout, sent).await {
                Ok(Ok(response)) => protocol::outcome(self.service.protocol, &response),
                Ok(Err(e)) => Outcome::NoResponse(e),
                Err(_) => Outcome::NoResponse(TransportError::Timeout(limits.timeout)),
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
                && started.elapsed().saturating_add(wait) < retry.max_elapsed;
            if !may_retry {
                return Ok(outcome);
            }
            tracing::debug!(attempt, ?wait, "retrying: {}", outcome.summary());
            tokio::time::sleep(wait).await;
        }
    }
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

    #[test]
    fn nonces_are_fresh_hex() {
        let (a, b) = (RandomNonce.nonce(), RandomNonce.nonce());
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
