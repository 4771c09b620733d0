//! The client machinery every generated service client shares: configuration, validation
//! before any I/O, signing and sending through a [`Transport`], retries with backoff and
//! jitter, client-side rate limiting, and typed errors.
//!
//! Nothing here needs a particular async runtime: the client waits through an [`AsyncSleep`],
//! Tokio's timer by default, and measures time with [`std::time::Instant`].

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::credentials::Credentials;
use crate::dynamic::{OperationInfo, ServiceInfo};
use crate::encode::EncodeError;
use crate::object::Object;
use crate::protocol::{self, Outcome};
use crate::sign::{SigningKeys, check_header};
use crate::validation::{ValidationErrors, ValidationMode, Warnings};

use crate::config::*;
use crate::error::*;
use crate::transport::*;

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
        // Given in code, they are checked first here; the signers check them again.
        credentials.check()?;
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
        // Kept whole, so that a refusal still counts the violations it does not list.
        let report = match result {
            Ok(warnings) => warnings.into_errors(),
            Err(errors) => errors,
        };
        if report.violations().is_empty() {
            return Ok(());
        }
        if self.validation.refuses(report.violations()) {
            return Err(Refused::Validation(report));
        }
        for v in report.violations() {
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
    ) -> Result<PreparedRequest, Refused> {
        let prepared = protocol::prepare(
            self.service,
            op,
            encoded,
            &self.config,
            &self.signing_keys,
            self.config.clock.now(),
            &self.config.nonces.nonce(),
        )?;
        // The signers check what they are given; the headers the protocols add beside them
        // (X-TC-Region, X-TC-Token, X-Project-Id...) are checked here, all together.
        for (name, value) in &prepared.headers {
            check_header(name, value).map_err(|e| Refused::Sign(e.into()))?;
        }
        Ok(prepared)
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
        self.sign(op, &encoded)
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
            let prepared = self.sign(op, &encoded)?;
            let sent = self.config.transport.send(&prepared, limits);
            let outcome = match within(limits.timeout, sent, sleep).await {
                Ok(response) => protocol::outcome(self.service.protocol, &response),
                Err(e) => Outcome::NoResponse(e),
            };
            if let Some(id) = outcome.request_id() {
                span.record("request_id", id);
            }
            let class = outcome.retry_class();
            let wait = retry.backoff(attempt, random_u64());
            // No retry starts after `max_elapsed`, counting the wait before it.
            let may_retry = class.allows_retry(has_token)
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
    use std::task::Poll;

    use super::*;
    use crate::credentials::MissingCredentials;

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
        let control =
            crate::sign::ControlCharacter::check(crate::sign::HeaderField::SessionToken, "tok\n")
                .unwrap_err();
        assert_eq!(
            ConfigError::from(crate::credentials::CredentialsError::from(
                control.clone().in_variable("ALIBABA_CLOUD_SECURITY_TOKEN")
            ))
            .to_string(),
            "credentials: the session token (ALIBABA_CLOUD_SECURITY_TOKEN) contains a control \
             character (U+000A at byte 3): set the variable to the value alone, without a line \
             break or other control character"
        );
        assert_eq!(
            ConfigError::from(control).to_string(),
            "credentials: the session token contains a control character (U+000A at byte 3): \
             give the credentials without a line break or other control character (one copied \
             from a file, say)"
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
        let class = |retryable, effect| crate::error::RetryClass { retryable, effect };
        assert_eq!(outcome.retry_class(), class(true, crate::Effect::Refused));
        let outcome = protocol::Outcome::NoResponse(TransportError::TooLarge { limit: 1 });
        assert_eq!(outcome.retry_class(), class(false, crate::Effect::Unknown));
    }

    #[test]
    fn every_error_says_whether_the_service_may_have_acted() {
        use crate::Effect::{NotSent, Refused, Unknown};
        let effect =
            |code: &str, status| service(TestCode::from_code(code), status, None, "m").effect();
        // Refusals: throttling and business errors did nothing.
        assert_eq!(effect("Throttling.User", 400), Refused);
        assert_eq!(effect("RequestLimitExceeded", 200), Refused);
        assert_eq!(effect("HTTP429", 429), Refused);
        assert_eq!(effect("InvalidParameter", 400), Refused);
        assert_eq!(effect("Request.Forbidden", 403), Refused);
        // Server failures promise nothing.
        assert_eq!(effect("InternalError", 200), Unknown);
        assert_eq!(effect("ServiceUnavailable", 503), Unknown);
        assert_eq!(effect("HTTP502", 502), Unknown);
        let decode: Error<TestCode> = Error::Decode {
            message: "m".to_owned(),
            http_status: 200,
            request_id: None,
        };
        assert_eq!(decode.effect(), Unknown);
        assert!(decode.outcome_unknown());
        let transport = |e| Error::<TestCode>::Transport(e).effect();
        assert_eq!(
            transport(TransportError::Connect("refused".to_owned())),
            NotSent
        );
        assert_eq!(
            transport(TransportError::Timeout(Duration::from_secs(1))),
            Unknown
        );
        assert_eq!(
            transport(TransportError::Interrupted("reset".to_owned())),
            Unknown
        );
        assert_eq!(transport(TransportError::TooLarge { limit: 1 }), Unknown);
        for nothing_sent in [
            invalid(),
            Error::Config("c".to_owned()),
            Error::Setup(ConfigError::NoAsyncSleep),
        ] {
            assert_eq!(nothing_sent.effect(), NotSent);
            assert!(!nothing_sent.outcome_unknown());
        }
        // The retry loop: what may have acted is retried only with a token.
        let timeout =
            protocol::Outcome::NoResponse(TransportError::Timeout(Duration::from_secs(1)));
        assert!(!timeout.retry_class().allows_retry(false));
        assert!(timeout.retry_class().allows_retry(true));
        let refused = protocol::Outcome::NoResponse(TransportError::Connect("refused".to_owned()));
        assert!(refused.retry_class().allows_retry(false));
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

    /// A service with no endpoint or regions of its own: enough to build a client.
    static ALIBABA: ServiceInfo = ServiceInfo {
        provider: "alibabacloud",
        service: "dbs",
        spec: "",
        api_version: "2019-03-06",
        protocol: crate::dynamic::Protocol::AcsRpc,
        endpoints: &[],
        regions: None,
        rate_limits: &[],
    };

    #[test]
    fn credentials_and_endpoints_with_control_characters_are_refused_at_build() {
        use crate::sign::HeaderField;
        for control in ['\r', '\n', '\0', '\t', '\u{7f}', '\u{85}'] {
            let bad = format!("LTAIhidden{control}X-Injected: 1");
            let cases = [
                (Credentials::new(&bad, "s"), HeaderField::AccessKeyId),
                (Credentials::new("id", &bad), HeaderField::Secret),
                (
                    Credentials::new("id", "s").with_session_token(&bad),
                    HeaderField::SessionToken,
                ),
            ];
            for (credentials, field) in cases {
                let built = ClientBuilder::<Client>::new(&ALIBABA)
                    .credentials(credentials)
                    .region("cn-hangzhou")
                    .build();
                let Err(ConfigError::InvalidCredentials(error)) = &built else {
                    panic!("{field}: {built:?}");
                };
                assert_eq!((error.field(), error.at()), (&field, 10));
                let message = built.as_ref().map(|_| ()).unwrap_err().to_string();
                assert!(
                    message.starts_with(&format!(
                        "credentials: {field} contains a control character (U+{:04X} at byte 10)",
                        u32::from(control)
                    )),
                    "{message}"
                );
                let shown = format!("{message} {built:?}");
                assert!(
                    !shown.contains("hidden") && !shown.contains("Injected"),
                    "{shown}"
                );
            }
            let endpoint = format!("http://127.0.0.1{control}X-Injected: 1");
            let built = ClientBuilder::<Client>::new(&ALIBABA)
                .credentials(Credentials::new("id", "s"))
                .region("cn-hangzhou")
                .endpoint(&endpoint)
                .build();
            assert!(
                matches!(&built, Err(ConfigError::BadEndpoint(e)) if *e == endpoint),
                "{built:?}"
            );
        }
    }

    #[test]
    fn refusals_to_sign_display_the_field_and_are_not_retried() {
        use crate::sign::{ControlCharacter, HeaderField, SignError};
        let control = ControlCharacter::check(HeaderField::Nonce, "n0nce\r\nX: 1").unwrap_err();
        let error: Error<TestCode> = Error::Sign(SignError::ControlCharacter(control.clone()));
        assert_eq!(
            error.to_string(),
            "the request cannot be signed: the nonce contains a control character (U+000D at \
             byte 5): the client's nonce source must give printable text, such as hex digits"
        );
        assert!(!error.is_retryable() && !error.is_throttling());
        assert_eq!(
            std::error::Error::source(&error).map(ToString::to_string),
            Some(SignError::ControlCharacter(control.clone()).to_string())
        );
        assert!(!format!("{error:?}").contains("n0nce"));
        assert!(matches!(
            Error::from(Refused::Sign(SignError::ControlCharacter(control))),
            Error::<TestCode>::Sign(_)
        ));
    }
}
