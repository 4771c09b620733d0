//! Hand-written support for the generated code: validation, wire encodings, JSON decoding,
//! operation metadata, and the signed HTTP client (signers, protocols, retries, rate limits,
//! transports). Nothing here is generated; everything is unit-tested here.

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
    AcsSignature, Client, ClientBuilder, Clock, Config, ConfigError, Error, ErrorCode, FixedClock,
    FixedNonce, HttpResponse, Limits, NonceSource, PreparedRequest, RandomNonce, Rate, RateLimits,
    RetryPolicy, SendFuture, ServiceClient, SystemClock, Transport, TransportError, client,
};
pub use credentials::{Credentials, MissingCredentials, SecretString, env_variables};
pub use encode::{Encoded, Location, Placed, Placement, Style};
pub use formats::Format;
pub use pattern::Pattern;
pub use protocol::encode_segment;
#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;
