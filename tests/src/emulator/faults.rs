//! Faults: what the emulator can do to the next request instead of (or on top of) answering it
//! normally.

use std::time::Duration;

/// A fault applied to one request. Pushed with [`Emulator::push_fault`](super::Emulator::push_fault),
/// faults are used up in order, one per request (one per connection: the emulator closes every
/// connection after one response).
///
/// "Processing" means what a normal request gets: authentication, validation, and, when those
/// pass, the creation of the plan or policy. A fault that answers without processing still
/// records the request (with its [`signature_valid`](super::Recorded::signature_valid)) but
/// creates nothing and does not use up an Alibaba signature nonce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The provider's throttling error instead of processing; nothing created. Tencent: HTTP 200
    /// with `RequestLimitExceeded`; Alibaba: HTTP 400 with `Throttling.User`; Huawei: HTTP 429
    /// with `APIGW.0308`.
    Throttle,
    /// A server error with this status (500, 502, 503, ...) in the provider's envelope instead of
    /// processing; nothing created. Codes: Tencent and Alibaba `InternalError` for 500 and
    /// `ServiceUnavailable` otherwise; Huawei `VBS.9999`.
    ServerError(u16),
    /// Any error envelope of the provider, with this status, code and message, instead of
    /// processing; nothing created. (For business errors the emulator does not produce by
    /// itself, such as Alibaba's `Request.Forbidden` 403.)
    Reject {
        /// The HTTP status.
        status: u16,
        /// The provider's error code.
        code: String,
        /// The error message.
        message: String,
    },
    /// Processes the request normally, then waits this long before writing the response.
    Slow(Duration),
    /// Reads the whole request, then closes the connection without answering; nothing created.
    DropBeforeProcessing,
    /// Processes the request normally (creating the plan when it is valid), then closes the
    /// connection without answering.
    DropAfterProcessing,
    /// Processes the request normally, then sends the status line, the header fields with a
    /// `Content-Length` that is honest about the full body, and only the first half of the body
    /// (at least one byte short), then closes the connection.
    TruncatedBody,
    /// Processes the request normally, then answers HTTP 200 with
    /// `Content-Type: application/json` and a body that is not JSON.
    MalformedJson,
    /// Processes the request normally, then answers with a body of exactly this many bytes: the
    /// normal response body padded with trailing spaces (still valid JSON), or cut to this length
    /// when the normal body is longer. The status is the normal one.
    Oversized(usize),
    /// Closes the connection with a TCP reset without reading the request; nothing created. The
    /// attempt is still recorded (with an empty method and path when no request had arrived).
    ResetConnection,
}

impl Fault {
    /// Whether the fault answers (or closes) instead of processing the request.
    pub fn skips_processing(&self) -> bool {
        matches!(
            self,
            Fault::Throttle
                | Fault::ServerError(_)
                | Fault::Reject { .. }
                | Fault::DropBeforeProcessing
                | Fault::ResetConnection
        )
    }
}

/// The body of a [`Fault::MalformedJson`] answer.
pub const MALFORMED_BODY: &[u8] =
    b"<html><head><title>200 OK</title></head><body>upstream said {\"ok\": tru</body></html>";

/// `body` padded with spaces, or cut, to exactly `len` bytes.
pub fn resize_body(mut body: Vec<u8>, len: usize) -> Vec<u8> {
    body.resize(len, b' ');
    body
}

/// The number of body bytes a [`Fault::TruncatedBody`] answer sends: half, and always fewer
/// than all.
pub fn truncated_len(full: usize) -> usize {
    (full / 2).min(full.saturating_sub(1))
}
