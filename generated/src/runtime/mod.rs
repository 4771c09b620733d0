//! Hand-written support for the generated code: validation, wire encodings, JSON decoding
//! and operation metadata. Nothing here is generated; everything is unit-tested here.

mod dynamic;
pub mod formats;
mod validation;
pub mod wire;

pub use dynamic::{FromJson, OperationInfo, Protocol, RateLimit, ServiceInfo, UnknownOperation};
pub use validation::{
    Bound, Charset, Checker, Checks, Field, Interval, Order, Path, Pattern, Prefix, Redacted, Rule,
    Secret, Source, Validate, ValidationErrors, Violation, required,
};
pub use wire::{UnknownValue, WireEnum, deserialize_enum, parse_enum};

pub use formats::Format;
