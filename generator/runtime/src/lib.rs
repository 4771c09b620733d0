//! The hand-written runtime of the generated `cloud-backup-sdk` crate: validation, wire
//! encodings, JSON decoding, operation metadata, and the signed HTTP client (signers,
//! protocols, retries, rate limits, transports). Nothing here is generated; everything is
//! unit-tested here. Users reach what they need through `cloud-backup-sdk`, which re-exports
//! it at its root.

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

pub mod basis;
mod client;
mod credentials;
mod dynamic;
pub mod encode;
pub mod formats;
pub mod object;
mod pattern;
mod protocol;
#[cfg(feature = "reqwest")]
mod reqwest_transport;
pub mod sign;
mod validation;
pub mod vocabulary;
pub mod wire;

pub use basis::{Basis, Constraint, Readings};
pub use dynamic::{
    Endpoint, FromJson, OperationInfo, Protocol, RateLimit, ServiceInfo, UnknownOperation,
};
pub use object::{
    Builder, Cond, Encoding, Item, List, Lit, Member, Object, Ref, Rule, Slot, Slots, Table, Test,
    Undocumented, Value, at, checks, object, response,
};
pub use validation::{
    Bound, Charset, Checker, Checks, Field, Interval, Order, Path, Prefix, Severity, Source,
    Validate, ValidationErrors, ValidationMode, Violation, Warnings,
};
pub use wire::{
    OpenEnum, UnknownValue, WireEnum, deserialize_enum, open_enum, parse_enum, wire_enum,
};

pub use client::{
    AcsSignature, AsyncSleep, Client, ClientBuilder, Clock, Config, ConfigError, Error, ErrorCode,
    FixedClock, FixedNonce, HttpResponse, Limits, NonceSource, PreparedRequest, RandomNonce, Rate,
    RateLimits, RetryPolicy, SendFuture, ServiceClient, SleepFuture, SystemClock, TokioSleep,
    Transport, TransportError, client,
};
pub use credentials::{Credentials, MissingCredentials, SecretString, env_variables};
pub use encode::{Encoded, Location, Placed, Placement, Style};
pub use formats::Format;
pub use pattern::Pattern;
pub use protocol::encode_segment;
#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;
