//! Validated request types for the backup APIs of Tencent Cloud, Alibaba Cloud and Huawei
//! Cloud, generated from the YAML specs in the repository's `specs/` directory.
//!
//! Every request type has a builder whose `build()` checks every documented constraint and
//! reports all violations at once. A check the provider's page states is an error, which
//! `build()` refuses; a check the spec only reads into the page is a warning, which it lets
//! through (the request's `warnings()` lists them). A value or parameter the spec does not know
//! can still be sent: `Undocumented(String)` enumeration values, `undocumented(name, value)`
//! parameters, `build_unchecked()`, and the client's [`ValidationMode`]s.
//!
//! ```
//! use cloud_backup_sdk::alibabacloud::dbs::configure_backup_plan::*;
//!
//! let errors = ConfigureBackupPlanRequest::builder()
//!     .backup_plan_id("dbstooi0*******")
//!     .backup_plan_name("daily")
//!     .source_endpoint_instance_type(SourceEndpointInstanceType::Rds)
//!     .backup_retention_period(4000)
//!     .build()
//!     .unwrap_err();
//! assert!(errors.to_string().contains("BackupRetentionPeriod must be between 0 and 1825 (got 4000)"));
//! ```
//!
//! Modules are laid out by provider and service (`alibabacloud::dbs`), with one module per
//! operation; each provider is a cargo feature, all enabled by default. [`operations`] and
//! [`validate_json`] give the same validation to requests held as JSON.
//!
//! Each service has a `Client` (`<provider>::<service>::Client`) with one async method per
//! operation: it validates, signs, sends, retries and rate-limits calls, and is configured
//! through [`ClientBuilder`]. Each operation's errors are an [`Error`] over its
//! documented error codes. The `reqwest` feature (on by default) provides the default
//! transport.
//!
//! The code under `src/gen/` is generated; the hand-written support it relies on is the
//! `cloud-backup-runtime` crate.

#![deny(missing_docs)]

// The generated modules name the runtime `crate::runtime`.
use cloud_backup_runtime as runtime;

// Generated code is laid out by prettyplease, not rustfmt.
#[rustfmt::skip]
#[path = "gen/mod.rs"]
mod generated;

// The provider modules, each behind its cargo feature (none may be enabled).
#[allow(unused_imports)]
pub use generated::*;

// Validation: what `build()`, `validate()` and `validate_json` report.
pub use cloud_backup_runtime::{
    OperationInfo, Severity, Undocumented, UnknownOperation, UnknownValue, ValidationErrors,
    ValidationMode, Violation, Warnings,
};

// The client: configuration, credentials, errors, transports.
pub use cloud_backup_runtime::{
    AcsSignature, Client, ClientBuilder, Clock, Config, ConfigError, Credentials, Error, ErrorCode,
    FixedClock, FixedNonce, HttpResponse, Limits, MissingCredentials, NonceSource, PreparedRequest,
    RandomNonce, Rate, RateLimits, RetryPolicy, SecretString, SendFuture, ServiceClient,
    SystemClock, Transport, TransportError,
};

#[cfg(feature = "reqwest")]
pub use cloud_backup_runtime::ReqwestTransport;

/// Every operation compiled into this build, sorted by id
/// (`alibabacloud.dbs.ConfigureBackupPlan`, ...).
pub fn operations() -> &'static [OperationInfo] {
    generated::OPERATIONS
}

/// The operation with the given id.
pub fn operation(id: &str) -> Option<&'static OperationInfo> {
    generated::OPERATIONS.iter().find(|op| op.id == id)
}

/// Validates a request given as a JSON object of its wire parameters (path parameters such as
/// Huawei's `project_id` included). Values keep the types the documents give them: an object
/// parameter is a JSON object, a string parameter a JSON string even when it holds JSON or a
/// comma-separated list. Wrong JSON types are errors; a name the spec does not know is an
/// undocumented parameter (a warning: it would be sent as given), and a string an enumeration
/// does not list is an error naming the documented values. The inner result is `Ok` with the
/// warnings unless a check its page states is broken.
pub fn validate_json(
    operation_id: &str,
    request: &serde_json::Value,
) -> Result<Result<Warnings, ValidationErrors>, UnknownOperation> {
    match operation(operation_id) {
        Some(op) => Ok((op.validate_json)(request)),
        None => Err(UnknownOperation::new(operation_id, operations())),
    }
}
