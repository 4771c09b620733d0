//! A loopback emulator of the three providers' APIs, for testing signed HTTP clients.
//!
//! [`Emulator::start`] binds `127.0.0.1:0` in the current tokio runtime and serves one
//! provider's protocol (see [`Provider`]): it verifies each request's signature with its own
//! implementation of the provider's algorithm ([`tc3`], [`acs`], [`huawei`]; these reproduce the
//! providers' published examples in `tests/fixtures/signing-examples.json`), checks the
//! operation's parameters, creates plans or policies with deterministic ids (`plan-1`,
//! `plan-2`, ...; Huawei `policy-1`, ...), and answers in the provider's envelopes. Faults pushed
//! with [`Emulator::push_fault`] let tests exercise retries, timeouts and broken responses;
//! [`Emulator::requests`] and [`Emulator::created`] tell what arrived and what was created.
//!
//! ```no_run
//! # async fn demo() {
//! use cloud_backup_tests::emulator::{Config, Emulator, Fault, Provider};
//! let emulator = Emulator::start(Config::new(Provider::Alibaba, "AKID", "SECRET")).await;
//! emulator.push_fault(Fault::Throttle);
//! // point the client at emulator.endpoint(), send, then:
//! assert_eq!(emulator.requests().len(), 2); // throttled once, then retried
//! assert_eq!(emulator.created().len(), 1);
//! # }
//! ```
//!
//! Each connection carries one request: every response says `Connection: close`. The server
//! never panics on malformed input (it answers 400 in the provider's envelope) and stops when
//! the [`Emulator`] is dropped.
//!
//! What each provider accepts is documented on its module: [`tc3`] (Tencent Cloud API 3.0),
//! [`acs`] (Alibaba Cloud RPC, ACS3-HMAC-SHA256 and signature V1), [`huawei`] (Huawei Cloud
//! SDK-HMAC-SHA256).

pub mod acs;
pub mod datetime;
pub mod faults;
pub mod http;
pub mod huawei;
pub mod tc3;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

pub use faults::Fault;
use http::{HttpError, Request, Response};

/// The provider whose protocol an emulator speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Provider {
    /// Tencent Cloud API 3.0, TC3-HMAC-SHA256: postgres 2017-03-12 `CreateBackupPlan`.
    Tencent,
    /// Alibaba Cloud RPC, ACS3-HMAC-SHA256 or signature V1: DBS 2019-03-06
    /// `CreateAndStartBackupPlan` and `ConfigureBackupPlan`, HBR 2017-09-08 `CreateBackupPlan`.
    Alibaba,
    /// Huawei Cloud SDK-HMAC-SHA256: VBS v2 `POST /v2/{project_id}/backuppolicy`.
    Huawei,
}

/// Which shape Huawei error bodies take.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HuaweiErrorShape {
    /// `{"error": {"code": "...", "message": "..."}}`, the shape of the VBS page, for every error.
    #[default]
    Nested,
    /// `{"error_code": "...", "error_msg": "...", "request_id": "..."}` for every error.
    Flat,
    /// As the real cloud mixes them: the API gateway's own errors (codes `APIGW.*`:
    /// authentication, throttling, unknown path) flat, the service's errors (`VBS.*`) nested.
    GatewayFlat,
}

/// The time the emulator checks request timestamps against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A fixed instant (tests sign with timestamps around it).
    Fixed(SystemTime),
}

impl Clock {
    /// A fixed clock at `unix` seconds after the epoch.
    pub fn fixed_unix(unix: u64) -> Clock {
        Clock::Fixed(UNIX_EPOCH + Duration::from_secs(unix))
    }

    /// The clock's time in UNIX seconds.
    pub fn now_unix(&self) -> i64 {
        let t = match self {
            Clock::System => SystemTime::now(),
            Clock::Fixed(t) => *t,
        };
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        }
    }
}

/// A server-side rate limit: at most `requests` admitted in any window of `per`; requests beyond
/// get the provider's throttling error (as [`Fault::Throttle`]). Only authenticated requests
/// that reach processing count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests admitted per window.
    pub requests: u32,
    /// The sliding window.
    pub per: Duration,
}

/// How an emulator behaves. Build one with [`Config::new`] and change the fields you need.
#[derive(Clone, Debug)]
pub struct Config {
    /// The protocol served.
    pub provider: Provider,
    /// The only access key id accepted (Tencent SecretId, Alibaba AccessKeyId, Huawei AK).
    pub access_key_id: String,
    /// Its secret.
    pub secret: String,
    /// When set, requests must carry exactly this session token (Tencent `X-TC-Token`, Alibaba
    /// `x-acs-security-token` or V1 `SecurityToken`, Huawei `X-Security-Token`); when unset, a
    /// request carrying one is refused.
    pub session_token: Option<String>,
    /// The largest accepted difference between a request's timestamp and the clock
    /// (default 15 minutes).
    pub max_clock_skew: Duration,
    /// The clock (default the system clock).
    pub clock: Clock,
    /// Huawei error body shape (default [`HuaweiErrorShape::Nested`]).
    pub huawei_error_shape: HuaweiErrorShape,
    /// An optional server-side rate limit (default none).
    pub rate_limit: Option<RateLimit>,
    /// Alibaba: refuse a signature nonce already used by an earlier processed request with
    /// `SignatureNonceUsed` (default true, as the real service; a client must sign every retry
    /// afresh).
    pub reject_reused_nonce: bool,
    /// The largest accepted request body (default 1 MiB); larger bodies get HTTP 413.
    pub max_body_bytes: usize,
    /// How long a connection may take to deliver its request (default 10 s); after that it is
    /// closed without an answer and not recorded.
    pub read_timeout: Duration,
    /// Accept the parameters the emulator's operations do not list, as a provider whose API is
    /// newer than the specs would: an Alibaba query or form parameter of an unknown name (or a
    /// numbered field of an unknown member, `Rule.1.NewMember`), a Tencent body member, a
    /// Huawei body member at any depth. They are kept, as received, in
    /// [`Created::undocumented`]. Default false: they are refused, as the real Tencent API
    /// refuses them (`UnknownParameter`), so that a client sending a documented parameter under
    /// the wrong name or in the wrong place is caught. Either way the signature is verified
    /// over every parameter that arrived; the protocol's own names (Tencent `Action`,
    /// `Region`, ... in the body) are refused all the same.
    pub accept_undocumented: bool,
}

impl Config {
    /// A configuration for `provider` accepting `access_key_id` with `secret`, with the defaults
    /// listed on each field.
    pub fn new(provider: Provider, access_key_id: &str, secret: &str) -> Config {
        Config {
            provider,
            access_key_id: access_key_id.to_owned(),
            secret: secret.to_owned(),
            session_token: None,
            max_clock_skew: Duration::from_secs(15 * 60),
            clock: Clock::System,
            huawei_error_shape: HuaweiErrorShape::Nested,
            rate_limit: None,
            reject_reused_nonce: true,
            max_body_bytes: 1 << 20,
            read_timeout: Duration::from_secs(10),
            accept_undocumented: false,
        }
    }
}

/// What the emulator did with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The operation succeeded and created (or, for DBS `ConfigureBackupPlan`, configured) the
    /// plan or policy with this id. (The answer may still have been mangled by a fault.)
    Created {
        /// The id returned.
        id: String,
    },
    /// An idempotent replay: a DBS request whose `ClientToken` an earlier successful request of
    /// the same action used; answered with that request's result, nothing created.
    Replayed {
        /// The id returned (the first request's).
        id: String,
    },
    /// Answered with the provider's error envelope.
    Rejected {
        /// The HTTP status.
        status: u16,
        /// The error code in the envelope.
        code: String,
    },
    /// Not processed and not answered: the connection was closed or reset by a fault.
    NotProcessed,
}

/// One request the emulator received (or one connection reset by [`Fault::ResetConnection`]).
#[derive(Clone, Debug)]
pub struct Recorded {
    /// When the request had been read whole (for a reset connection: when it was accepted).
    pub when: Instant,
    /// The method (empty when no request was read).
    pub method: String,
    /// The path, still percent-encoded as sent.
    pub path: String,
    /// The query parameters, percent-decoded, in order.
    pub query: Vec<(String, String)>,
    /// The header fields as sent (names keep their case).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The action named by the request (`X-TC-Action`, `x-acs-action` or V1 `Action`,
    /// `CreateBackupPolicy` for a Huawei request on the right path), when there was one.
    pub action: Option<String>,
    /// Whether the request's signature matched the one the emulator computed with the configured
    /// secret. Other authentication checks (the key id, clock skew, session token, nonce) do not
    /// enter; see [`Recorded::outcome`] for the verdict.
    pub signature_valid: bool,
    /// The fault applied to this request, if any.
    pub fault: Option<Fault>,
    /// What the emulator did.
    pub outcome: Outcome,
}

impl Recorded {
    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of the query parameter `name` (exact).
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A plan or policy the emulator created (or configured, for DBS `ConfigureBackupPlan`).
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    /// The id returned to the client.
    pub id: String,
    /// The action (`CreateBackupPlan`, `CreateAndStartBackupPlan`, `ConfigureBackupPlan`,
    /// `CreateBackupPolicy`).
    pub action: String,
    /// The idempotency token (DBS `ClientToken`), when sent.
    pub idempotency_token: Option<String>,
    /// The operation's parameters, decoded into a JSON object keyed by the specs' parameter
    /// names: numbers and booleans typed, JSON-text and JSON-style fields parsed, comma lists
    /// (DBS `BackupPeriod`, Huawei `scheduled_policy.start_time`) and numbered lists (HBR
    /// `Path.N`, `Rule.N.Field`) turned into arrays. Huawei's include `project_id` from the path.
    /// Protocol parameters (action, version, region headers, signature fields) are left out.
    pub params: Value,
    /// The parameters the operation does not list, accepted under
    /// [`Config::accept_undocumented`], as received (an empty object when none): Alibaba's by
    /// their full wire names with their text (`{"OwnerId": "1234567890", "NewParam.1": "a"}`;
    /// query and form alike, [`Recorded::query`] tells which), Tencent's and Huawei's as JSON
    /// values, nested Huawei ones by their path (`scheduled_policy.new_member`,
    /// `tags[0].new_member`).
    pub undocumented: Value,
}

/// A running emulator. Dropping it stops the server and closes its connections.
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Emulator {
    /// Binds `127.0.0.1:0` and serves `config.provider`'s protocol on the current tokio runtime.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound, or outside a tokio runtime.
    pub async fn start(config: Config) -> Emulator {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind a loopback port for the emulator");
        let addr = listener.local_addr().expect("the emulator's local address");
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                clock: config.clock,
                ..State::default()
            }),
            config,
        });
        let task = tokio::spawn(accept_loop(listener, shared.clone()));
        Emulator { shared, addr, task }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `127.0.0.1:PORT`, the `Host` clients send (and sign).
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The socket address listened on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The configuration served.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// Queues `fault` for the next request without one; faults are used up in order.
    pub fn push_fault(&self, fault: Fault) {
        self.shared.lock().faults.push_back(fault);
    }

    /// How many pushed faults are not used up yet.
    pub fn pending_faults(&self) -> usize {
        self.shared.lock().faults.len()
    }

    /// Changes the clock timestamps are checked against.
    pub fn set_clock(&self, clock: Clock) {
        self.shared.lock().clock = clock;
    }

    /// Every request received so far, in the order they were read.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    /// Every plan or policy created so far, in order (idempotent replays are not repeated).
    pub fn created(&self) -> Vec<Created> {
        self.shared.lock().created.clone()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}

// ---------------------------------------------------------------------------------------------
// Internals.

pub(crate) struct Shared {
    pub(crate) config: Config,
    state: Mutex<State>,
}

#[derive(Default)]
pub(crate) struct State {
    clock: Clock,
    faults: VecDeque<Fault>,
    requests: Vec<Recorded>,
    pub(crate) created: Vec<Created>,
    /// (action, ClientToken) -> the first successful answer (without its RequestId).
    pub(crate) tokens: HashMap<(String, String), Replay>,
    /// Alibaba signature nonces already used, with the UNIX time they were first seen.
    pub(crate) nonces: HashMap<String, i64>,
    admitted: VecDeque<Instant>,
    next_id: u64,
    next_request: u64,
}

/// A stored answer to replay for an idempotency token.
#[derive(Clone, Debug)]
pub(crate) struct Replay {
    pub(crate) id: String,
    pub(crate) body: Value,
}

impl State {
    /// The next id with this prefix (`plan-1`, `policy-2`, ...; one counter for all).
    pub(crate) fn next_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{}", self.next_id)
    }
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state inconsistent in a way that
        // matters to tests; keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now_unix(&self) -> i64 {
        self.lock().clock.now_unix()
    }

    fn next_request_id(&self) -> String {
        let mut state = self.lock();
        state.next_request += 1;
        format!("00000000-0000-4000-8000-{:012x}", state.next_request)
    }

    /// Pops the front fault if it is a connection reset (decided before reading anything).
    fn take_reset(&self) -> bool {
        let mut state = self.lock();
        if state.faults.front() == Some(&Fault::ResetConnection) {
            state.faults.pop_front();
            true
        } else {
            false
        }
    }

    fn pop_fault(&self) -> Option<Fault> {
        self.lock().faults.pop_front()
    }

    /// Applies the rate limit, if any: admits the request or answers with throttling.
    fn admit(&self) -> Result<(), ApiError> {
        let Some(limit) = self.config.rate_limit else {
            return Ok(());
        };
        let now = Instant::now();
        let mut state = self.lock();
        while state
            .admitted
            .front()
            .is_some_and(|t| now.duration_since(*t) >= limit.per)
        {
            state.admitted.pop_front();
        }
        if state.admitted.len() >= limit.requests as usize {
            return Err(throttle_error(self.config.provider));
        }
        state.admitted.push_back(now);
        Ok(())
    }

    fn record(&self, recorded: Recorded) {
        self.lock().requests.push(recorded);
    }
}

/// An error answer: status, provider error code, message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: u16, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// What a provider's authentication step found.
pub(crate) struct Inspection<T> {
    pub(crate) action: Option<String>,
    pub(crate) signature_valid: bool,
    pub(crate) verdict: Result<T, ApiError>,
}

/// A successful answer.
pub(crate) struct Success {
    pub(crate) response: Response,
    pub(crate) outcome: Outcome,
}

struct Handled {
    action: Option<String>,
    signature_valid: bool,
    response: Option<Response>,
    outcome: Outcome,
}

fn throttle_error(provider: Provider) -> ApiError {
    match provider {
        Provider::Tencent => ApiError::new(
            200,
            "RequestLimitExceeded",
            "Your current request times exceeds the frequency limit. Please reduce the frequency of calls.",
        ),
        Provider::Alibaba => ApiError::new(
            400,
            "Throttling.User",
            "Request was denied due to user flow control.",
        ),
        Provider::Huawei => ApiError::new(
            429,
            "APIGW.0308",
            "The throttling threshold has been reached: policy user over ratelimit",
        ),
    }
}

fn server_error(provider: Provider, status: u16) -> ApiError {
    match provider {
        Provider::Tencent | Provider::Alibaba if status == 500 => ApiError::new(
            status,
            "InternalError",
            "The request processing has failed due to some unknown error.",
        ),
        Provider::Tencent | Provider::Alibaba => ApiError::new(
            status,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        ),
        Provider::Huawei => ApiError::new(status, "VBS.9999", http::reason(status)),
    }
}

fn http_error(provider: Provider, error: &HttpError) -> ApiError {
    let status = match error {
        HttpError::TooLarge(_) => 413,
        _ => 400,
    };
    let code = match (provider, status) {
        (Provider::Tencent, 413) => "RequestSizeLimitExceeded",
        (Provider::Tencent, _) => "InvalidRequest",
        (Provider::Alibaba, _) => "InvalidRequest",
        (Provider::Huawei, _) => "APIGW.0201",
    };
    ApiError::new(status, code, error.to_string())
}

/// The provider's error envelope for `error`.
fn error_response(config: &Config, error: &ApiError, request_id: &str) -> Response {
    match config.provider {
        Provider::Tencent => Response::json(
            error.status,
            &json!({"Response": {
                "Error": {"Code": error.code, "Message": error.message},
                "RequestId": request_id,
            }}),
        ),
        Provider::Alibaba => Response::json(
            error.status,
            &json!({"Code": error.code, "Message": error.message, "RequestId": request_id}),
        )
        .with_header("x-acs-request-id", request_id),
        Provider::Huawei => {
            let flat = match config.huawei_error_shape {
                HuaweiErrorShape::Nested => false,
                HuaweiErrorShape::Flat => true,
                HuaweiErrorShape::GatewayFlat => error.code.starts_with("APIGW."),
            };
            let body = if flat {
                json!({"error_code": error.code, "error_msg": error.message, "request_id": request_id})
            } else {
                json!({"error": {"code": error.code, "message": error.message}})
            };
            Response::json(error.status, &body).with_header("X-Request-Id", request_id)
        }
    }
}

/// Authenticates and processes one request, applying a pre-processing fault.
fn process(shared: &Shared, req: &Request, fault: Option<&Fault>) -> Handled {
    let request_id = shared.next_request_id();
    let now = shared.now_unix();
    let config = &shared.config;
    match config.provider {
        Provider::Tencent => run(
            shared,
            fault,
            &request_id,
            tc3::inspect(config, now, req),
            |()| tc3::execute(shared, req, &request_id),
        ),
        Provider::Alibaba => run(
            shared,
            fault,
            &request_id,
            acs::inspect(config, now, req),
            |auth| acs::execute(shared, now, auth, &request_id),
        ),
        Provider::Huawei => run(
            shared,
            fault,
            &request_id,
            huawei::inspect(config, now, req),
            |project_id| huawei::execute(shared, req, project_id, &request_id),
        ),
    }
}

fn run<T>(
    shared: &Shared,
    fault: Option<&Fault>,
    request_id: &str,
    inspection: Inspection<T>,
    execute: impl FnOnce(T) -> Result<Success, ApiError>,
) -> Handled {
    let Inspection {
        action,
        signature_valid,
        verdict,
    } = inspection;
    let provider = shared.config.provider;
    let result = match fault {
        Some(Fault::DropBeforeProcessing | Fault::ResetConnection) => {
            return Handled {
                action,
                signature_valid,
                response: None,
                outcome: Outcome::NotProcessed,
            };
        }
        Some(Fault::Throttle) => Err(throttle_error(provider)),
        Some(Fault::ServerError(status)) => Err(server_error(provider, *status)),
        Some(Fault::Reject {
            status,
            code,
            message,
        }) => Err(ApiError::new(*status, code, message.clone())),
        _ => verdict.and_then(|auth| {
            shared.admit()?;
            execute(auth)
        }),
    };
    match result {
        Ok(success) => Handled {
            action,
            signature_valid,
            response: Some(success.response),
            outcome: success.outcome,
        },
        Err(error) => Handled {
            action,
            signature_valid,
            response: Some(error_response(&shared.config, &error, request_id)),
            outcome: Outcome::Rejected {
                status: error.status,
                code: error.code,
            },
        },
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    // The connections live in the set: when this task is aborted (the Emulator dropped), the
    // set is dropped and every connection task with it.
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        match listener.accept().await {
            Ok((stream, _)) => {
                connections.spawn(serve_connection(stream, shared.clone()));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

async fn serve_connection(mut stream: TcpStream, shared: Arc<Shared>) {
    let accepted = Instant::now();
    if shared.take_reset() {
        shared.record(Recorded {
            when: accepted,
            method: String::new(),
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
            action: None,
            signature_valid: false,
            fault: Some(Fault::ResetConnection),
            outcome: Outcome::NotProcessed,
        });
        reset(stream);
        return;
    }
    let config = &shared.config;
    let read = tokio::time::timeout(
        config.read_timeout,
        http::read_request(&mut stream, config.max_body_bytes),
    )
    .await;
    let req = match read {
        Err(_) | Ok(Err(HttpError::Closed)) => return,
        Ok(Err(error)) => {
            let api_error = http_error(config.provider, &error);
            let request_id = shared.next_request_id();
            shared.record(Recorded {
                when: Instant::now(),
                method: String::new(),
                path: String::new(),
                query: Vec::new(),
                headers: Vec::new(),
                body: Vec::new(),
                action: None,
                signature_valid: false,
                fault: None,
                outcome: Outcome::Rejected {
                    status: api_error.status,
                    code: api_error.code.clone(),
                },
            });
            let response = error_response(config, &api_error, &request_id);
            http::write_response(&mut stream, &response).await;
            return;
        }
        Ok(Ok(req)) => req,
    };
    let when = Instant::now();
    let fault = shared.pop_fault();
    let handled = process(&shared, &req, fault.as_ref());
    let query = http::parse_form(&req.query).unwrap_or_default();
    shared.record(Recorded {
        when,
        method: req.method.clone(),
        path: req.path.clone(),
        query,
        headers: req.headers.clone(),
        body: req.body.clone(),
        action: handled.action,
        signature_valid: handled.signature_valid,
        fault: fault.clone(),
        outcome: handled.outcome,
    });
    let Some(mut response) = handled.response else {
        if fault == Some(Fault::ResetConnection) {
            reset(stream);
        }
        // DropBeforeProcessing: the request was read whole; close quietly.
        return;
    };
    match fault {
        Some(Fault::DropAfterProcessing) => {}
        Some(Fault::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            http::write_response(&mut stream, &response).await;
        }
        Some(Fault::TruncatedBody) => {
            let full = response.body.len();
            let mut bytes = response.head_bytes(full);
            bytes.extend_from_slice(&response.body[..faults::truncated_len(full)]);
            if stream.write_all(&bytes).await.is_ok() {
                let _ = stream.flush().await;
            }
            http::linger_close(&mut stream).await;
        }
        Some(Fault::MalformedJson) => {
            response.status = 200;
            response.body = faults::MALFORMED_BODY.to_vec();
            http::write_response(&mut stream, &response).await;
        }
        Some(Fault::Oversized(len)) => {
            response.body = faults::resize_body(response.body, len);
            http::write_response(&mut stream, &response).await;
        }
        _ => http::write_response(&mut stream, &response).await,
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the verifiers.

/// Lower-case hex SHA-256 of `data`.
pub(crate) fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// HMAC-SHA256 of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// Compares two strings in time independent of where they differ.
pub(crate) fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Parses `SignedHeaders`: `;`-separated lower-case header names in strictly ascending order.
pub(crate) fn parse_signed_headers(list: &str) -> Result<Vec<String>, String> {
    let names: Vec<String> = list.split(';').map(str::to_owned).collect();
    for name in &names {
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        {
            return Err(format!(
                "SignedHeaders {list:?}: {name:?} is not a lower-case header name"
            ));
        }
    }
    if names.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!(
            "SignedHeaders {list:?} must be sorted ascending without repeats"
        ));
    }
    Ok(names)
}

/// The canonical header block of the signed headers: `name:value\n` for each, in the order of
/// `signed`, the name lower-cased and the value trimmed (and lower-cased when
/// `lowercase_values`). A signed header that is missing or repeated is an error.
pub(crate) fn canonical_headers(
    headers: &[(&str, &str)],
    signed: &[&str],
    lowercase_values: bool,
) -> Result<String, String> {
    let mut out = String::new();
    for name in signed {
        let values: Vec<&str> = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
            .collect();
        let value = match values.as_slice() {
            [one] => one.trim(),
            [] => return Err(format!("signed header {name} is missing from the request")),
            _ => return Err(format!("signed header {name} appears more than once")),
        };
        out.push_str(&name.to_ascii_lowercase());
        out.push(':');
        if lowercase_values {
            out.push_str(&value.to_lowercase());
        } else {
            out.push_str(value);
        }
        out.push('\n');
    }
    Ok(out)
}

/// The request's header fields as borrowed pairs.
pub(crate) fn header_pairs(req: &Request) -> Vec<(&str, &str)> {
    req.headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

/// Whether `timestamp` is within `max_skew` of `now`.
pub(crate) fn within_skew(now: i64, timestamp: i64, max_skew: Duration) -> bool {
    let max = i64::try_from(max_skew.as_secs()).unwrap_or(i64::MAX);
    now.abs_diff(timestamp) <= max.unsigned_abs()
}
