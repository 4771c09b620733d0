//! What a call returns when it fails: [`Error`] over the operation's documented codes.

use std::fmt;

use crate::config::ConfigError;
use crate::sign::SignError;
use crate::transport::TransportError;
use crate::validation::ValidationErrors;

/// The error of an operation: its documented error codes are `C`.
///
/// `Display` is plain text; a service's error reads `Throttling.User (HTTP 400, request id
/// 6C5E…): Request was denied due to user flow control.`.
/// [`code`](Error::code), [`request_id`](Error::request_id),
/// [`http_status`](Error::http_status), [`is_throttling`](Error::is_throttling) and
/// [`is_retryable`](Error::is_retryable) answer the usual questions without a `match`, and
/// [`effect`](Error::effect) / [`outcome_unknown`](Error::outcome_unknown) say whether the
/// service may have acted on the request;
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
    /// runtime without [`ClientBuilder::sleep_impl`](crate::ClientBuilder::sleep_impl), this is [`ConfigError::NoAsyncSleep`].
    Setup(ConfigError),
    /// The request could not be signed; nothing was sent. A value bound for its headers holds
    /// a control character ([`SignError::ControlCharacter`], which names the field, never its
    /// value): a nonce of the client's [`NonceSource`](crate::NonceSource), say.
    Sign(SignError),
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
            Error::Sign(error) => write!(f, "the request cannot be signed: {error}"),
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
            Error::Sign(error) => Some(error),
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
            Error::Sign(error) => Error::Sign(error),
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
    /// act on the request; the client has already retried it as its [`RetryPolicy`](crate::RetryPolicy) allows.
    pub fn is_throttling(&self) -> bool {
        match self {
            Error::Service {
                raw_code,
                http_status,
                ..
            } => is_throttling(raw_code, *http_status),
            _ => false,
        }
    }

    /// Whether another attempt may succeed: throttling, transient server errors (HTTP 5xx,
    /// `InternalError…`, `ServiceUnavailable`), timeouts, broken connections and unreadable
    /// responses; not invalid requests, configuration errors, other service errors or
    /// oversized responses. It is the classification the client retries by: such an error
    /// comes back after the retries the [`RetryPolicy`](crate::RetryPolicy) allowed, or without retries when one
    /// was not safe (the request has no idempotency token and the service may have acted on
    /// it).
    pub fn is_retryable(&self) -> bool {
        self.retry_class().retryable
    }

    /// What the failed call may have done at the service: nothing was sent, the service
    /// refused it, or its outcome is unknown (see [`Effect`] for what to do in each case).
    pub fn effect(&self) -> Effect {
        self.retry_class().effect
    }

    /// Whether the service may have acted on the request although the call failed
    /// ([`Effect::Unknown`]): a caller without an idempotency token looks the resource up
    /// before trying again.
    pub fn outcome_unknown(&self) -> bool {
        self.effect() == Effect::Unknown
    }

    fn retry_class(&self) -> RetryClass {
        match self {
            Error::Service {
                raw_code,
                http_status,
                ..
            } => service_retry_class(raw_code, *http_status),
            Error::Decode { .. } => MALFORMED_RETRY_CLASS,
            Error::Transport(error) => transport_retry_class(error),
            Error::Validation(_) | Error::Config(_) | Error::Setup(_) | Error::Sign(_) => {
                RetryClass {
                    retryable: false,
                    effect: Effect::NotSent,
                }
            }
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
    /// The client cannot make calls here.
    Setup(ConfigError),
    /// The request cannot be signed.
    Sign(SignError),
}

impl<C: fmt::Debug> From<Refused> for Error<C> {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Validation(errors) => Error::Validation(errors),
            Refused::Config(message) => Error::Config(message),
            Refused::Setup(error) => Error::Setup(error),
            Refused::Sign(error) => Error::Sign(error),
        }
    }
}

/// Whether a service error is throttling: the service refused the request for going too fast,
/// without acting on it. HTTP 429 from any provider (or a gateway in front of one), Tencent
/// Cloud's `RequestLimitExceeded` codes (`RequestLimitExceeded.UinLimitExceeded`, ...) and
/// Alibaba Cloud's `Throttling` codes (`Throttling.User`, ...). The retry loop and
/// [`Error::is_throttling`] both judge by this.
pub(crate) fn is_throttling(code: &str, status: u16) -> bool {
    status == 429 || code.starts_with("RequestLimitExceeded") || code.starts_with("Throttling")
}

/// Whether a service error is a transient server failure: HTTP 5xx, or an `InternalError` or
/// `ServiceUnavailable` code.
pub(crate) fn is_transient(code: &str, status: u16) -> bool {
    status >= 500 || code.starts_with("InternalError") || code == "ServiceUnavailable"
}

/// What a failed call may have done at the service: the question to answer before trying
/// again. [`Error::effect`] gives it for every error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Effect {
    /// Nothing reached the service: the request was refused in the process (invalid, not
    /// signable, a client not set up for it) or no connection was made. Trying again cannot
    /// do anything twice.
    NotSent,
    /// The service answered that it did not do it: throttling, an invalid parameter, a
    /// missing permission, a resource in the wrong state. Fix the cause (or, for throttling,
    /// wait) before trying again.
    Refused,
    /// The service may have acted: the request was sent and then the connection broke or
    /// timed out, the answer could not be read, or the service failed (HTTP 5xx,
    /// `InternalError…`) without promising that nothing was done. With an idempotency token,
    /// trying again with the same token is safe (the client does it itself, as its
    /// [`RetryPolicy`](crate::RetryPolicy) allows); without one, look the resource up before
    /// trying again, or it may be created twice.
    Unknown,
}

/// How the client treats a failed attempt: whether another may succeed, and what this one may
/// have done. Only an attempt that may have acted needs an idempotency token to be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RetryClass {
    /// Another attempt may succeed.
    pub(crate) retryable: bool,
    /// What this attempt may have done.
    pub(crate) effect: Effect,
}

impl RetryClass {
    /// Whether the client may try again: a retryable failure that did nothing, or one that may
    /// have acted when the request carries an idempotency token.
    pub(crate) fn allows_retry(self, has_token: bool) -> bool {
        self.retryable && (self.effect != Effect::Unknown || has_token)
    }
}

/// The [`RetryClass`] of a service error: throttling was refused and may be retried; a
/// transient server failure may have acted; any other error was refused for good.
pub(crate) fn service_retry_class(code: &str, status: u16) -> RetryClass {
    let (retryable, effect) = if is_throttling(code, status) {
        (true, Effect::Refused)
    } else if is_transient(code, status) {
        (true, Effect::Unknown)
    } else {
        (false, Effect::Refused)
    };
    RetryClass { retryable, effect }
}

/// The [`RetryClass`] of a response that could not be read: the service answered, so it may
/// have acted.
pub(crate) const MALFORMED_RETRY_CLASS: RetryClass = RetryClass {
    retryable: true,
    effect: Effect::Unknown,
};

/// The [`RetryClass`] of an attempt that got no response. A connection never made proves
/// nothing was sent; after a timeout or a broken connection the request may have arrived; an
/// oversized response came from a service that acted on something, and would be as large
/// again.
pub(crate) fn transport_retry_class(error: &TransportError) -> RetryClass {
    let (retryable, effect) = match error {
        TransportError::Connect(_) => (true, Effect::NotSent),
        TransportError::TooLarge { .. } => (false, Effect::Unknown),
        TransportError::Timeout(_) | TransportError::Interrupted(_) => (true, Effect::Unknown),
    };
    RetryClass { retryable, effect }
}
