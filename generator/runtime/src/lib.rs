//! The hand-written runtime of the generated `cloud-backup-sdk` crate: validation, wire
//! encodings, JSON decoding, operation metadata, and the signed HTTP client (signers,
//! protocols, retries, rate limits, transports). Nothing here is generated; everything is
//! unit-tested here. Users reach what they need through `cloud-backup-sdk`, which re-exports
//! it at its root.
//!
//! The modules are layered, each using only those below it (`tests/layers.rs` holds the
//! order): the shared vocabulary and the format and pattern checkers; validation; wire
//! encoding and JSON decoding; the object tables and the operation metadata; then, with the
//! `client` feature, the HTTP exchange and the signers, the configuration, the errors, each
//! provider's protocol and the transports, and the client on top.

#![deny(missing_docs)]
// Nothing a request or response contains may make this crate panic.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable
    )
)]

// What users of the generated crate work with; `cloud-backup-sdk` re-exports these at its root.
#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder, ServiceClient};
#[cfg(feature = "client")]
pub use config::{
    AcsSignature, AsyncSleep, Clock, Config, ConfigError, FixedClock, FixedNonce, NonceSource,
    RandomNonce, Rate, RateLimits, RetryPolicy, SleepFuture, SystemClock, TokioSleep,
};
#[cfg(feature = "client")]
pub use credentials::{
    Credentials, CredentialsError, MissingCredentials, SecretString, env_variables,
};
pub use dynamic::{OperationInfo, UnknownOperation};
#[cfg(feature = "client")]
pub use error::{Effect, Error, ErrorCode};
pub use object::Undocumented;
#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;
#[cfg(feature = "client")]
pub use sign::{ControlCharacter, HeaderField, SignError};
#[cfg(feature = "client")]
pub use transport::{HttpResponse, Limits, PreparedRequest, SendFuture, Transport, TransportError};
pub use validation::{
    MAX_LISTED, MAX_LISTED_PER_FIELD, MAX_OMITTED_FIELDS, MAX_SHOWN_BYTES, Omitted, Severity,
    ValidationErrors, ValidationMode, Violation, Warnings,
};
pub use wire::UnknownValue;

// The words specs, specgen and the runtime share.
pub mod vocabulary;

// What the generated code and specgen use: public because another crate calls it, hidden from
// the documentation because no user should need it. It may change in any release.
#[doc(hidden)]
pub mod basis;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod config;
#[cfg(feature = "client")]
mod credentials;
mod dynamic;
#[doc(hidden)]
pub mod encode;
#[cfg(feature = "client")]
mod error;
#[doc(hidden)]
pub mod formats;
mod json;
#[doc(hidden)]
pub mod object;
mod pattern;
#[cfg(feature = "client")]
mod protocol;
#[cfg(feature = "reqwest")]
mod reqwest_transport;
#[cfg(feature = "client")]
#[doc(hidden)]
pub mod sign;
#[cfg(feature = "client")]
mod transport;
mod validation;
#[doc(hidden)]
pub mod wire;

#[doc(hidden)]
pub use basis::{Basis, Constraint, Readings};
#[cfg(feature = "client")]
#[doc(hidden)]
pub use client::client;
#[doc(hidden)]
pub use dynamic::{Endpoint, Protocol, RateLimit, ServiceInfo};
#[doc(hidden)]
pub use encode::{Encoded, Location, Placed, Placement, Style};
#[doc(hidden)]
pub use formats::Format;
#[doc(hidden)]
pub use json::FromJson;
#[doc(hidden)]
pub use object::{
    Builder, Cond, Encoding, Item, List, Lit, Member, Object, Ref, Rule, Slot, Slots, Table, Test,
    Value, at, checks, object, response,
};
#[doc(hidden)]
pub use pattern::Pattern;
#[cfg(feature = "client")]
#[doc(hidden)]
pub use protocol::encode_segment;
#[doc(hidden)]
pub use validation::{
    Bound, Charset, Checker, Checks, Field, Interval, Order, Page, Path, Prefix, Source,
    StringChecks, Validate, count_fault, integer_faults,
};
#[doc(hidden)]
pub use wire::{OpenEnum, WireEnum, deserialize_enum, open_enum, parse_enum, wire_enum};
