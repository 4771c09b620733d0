//! Validated requests and signed clients for the backup APIs of Tencent Cloud, Alibaba Cloud
//! and Huawei Cloud, generated from YAML transcriptions of the providers' API pages.
//!
//! Every request has a builder whose `build()` checks every constraint of its page and reports
//! all violations at once, before anything leaves the process. Each service has a `Client`
//! with one async method per operation: it validates, signs as the provider's own SDK does,
//! sends, retries throttling and transient failures, keeps to the documented rate limits, and
//! returns the typed response or a typed [`Error`].
//!
//! ```no_run
//! use cloud_backup_sdk::tencentcloud::postgres::{self, create_backup_plan::*};
//! use cloud_backup_sdk::Error;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Region from the builder; credentials from TENCENTCLOUD_SECRET_ID and
//! // TENCENTCLOUD_SECRET_KEY (or `.credentials(Credentials::new(id, secret))`).
//! let client = postgres::Client::builder().region("ap-guangzhou").build()?;
//! let request = CreateBackupPlanRequest::builder()
//!     .db_instance_id("postgres-kwk4tq23")
//!     .plan_name("plan1")
//!     .backup_period_type(BackupPeriodType::Month)
//!     .backup_period(["1", "2"])
//!     .min_backup_start_time("01:00:00")
//!     .max_backup_start_time("02:00:00")
//!     .base_backup_retention_period(40)
//!     .build()?; // every violation of the page, at once
//! match client.create_backup_plan(request).await {
//!     Ok(response) => println!("created {:?}", response.plan_id),
//!     Err(e @ Error::Service { .. }) => {
//!         // The provider's code, the request id and the HTTP status, in plain text:
//!         // "InvalidParameter (HTTP 400, request id 5b4e…): …".
//!         eprintln!("{e}; code {:?}, throttled: {}", e.code(), e.is_throttling());
//!     }
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Modules and features
//!
//! Modules follow the providers and their services (`alibabacloud::dbs`), with one module per
//! operation (`alibabacloud::dbs::configure_backup_plan`) holding its request, response,
//! enumerations and error codes. Each service is a cargo feature named
//! `<provider>-<service>` (`alibabacloud-dbs`), each provider a feature that turns on its
//! services (`alibabacloud`), and `all-providers` turns on everything; the provider modules
//! say which features compile them.
//!
//! | feature | default | what it gives |
//! |---|---|---|
//! | `all-providers` | yes | every provider and service |
//! | `<provider>` | with `all-providers` | the provider's services |
//! | `<provider>-<service>` | with its provider | one service alone |
//! | `reqwest` | yes | the default transport: reqwest over rustls (ring); it needs Tokio |
//! | `custom-transport` | no | no default transport: give each client one with `.transport(...)` |
//!
//! One of `reqwest` and `custom-transport` must be on (a build without either fails with a
//! message saying so). To compile one service with the default transport:
//!
//! ```toml
//! [dependencies]
//! cloud-backup-sdk = { version = "0.1", default-features = false, features = ["alibabacloud-dbs", "reqwest"] }
//! ```
//!
//! # Credentials
//!
//! A client takes `.credentials(Credentials::new(id, secret))` (with
//! `.with_session_token(..)` for temporary ones), or reads the variables the provider's own
//! tools read:
//!
//! | provider | key id | secret | session token (optional) |
//! |---|---|---|---|
//! | Tencent Cloud | `TENCENTCLOUD_SECRET_ID` | `TENCENTCLOUD_SECRET_KEY` | `TENCENTCLOUD_SESSION_TOKEN` |
//! | Alibaba Cloud | `ALIBABA_CLOUD_ACCESS_KEY_ID` | `ALIBABA_CLOUD_ACCESS_KEY_SECRET` | `ALIBABA_CLOUD_SECURITY_TOKEN` |
//! | Huawei Cloud | `HUAWEICLOUD_SDK_AK` | `HUAWEICLOUD_SDK_SK` | `HUAWEICLOUD_SDK_SECURITY_TOKEN` |
//!
//! Secrets never appear in `Debug` output, logs or errors. No credential may hold a control
//! character (a line break kept from a file, say): the key id and the token are written into
//! headers, where it would start a header of its own. Reading the variables refuses one,
//! naming the variable ([`CredentialsError`](error::CredentialsError)); `build()` refuses
//! credentials given in code that hold one ([`ConfigError::InvalidCredentials`](error::ConfigError::InvalidCredentials)), and a
//! call refuses a nonce or header value that holds one
//! ([`Error::Sign`] with [`SignError::ControlCharacter`](error::SignError::ControlCharacter)). The
//! errors name the field, never its value.
//!
//! # The async runtime
//!
//! Calls are futures that run under any executor. Under Tokio nothing needs configuring: the
//! client waits (retry backoff, rate limits, per-attempt timeouts) on Tokio's timer, and the
//! default transport uses Tokio's I/O. Under another executor, give the client a timer with
//! [`ClientBuilder::sleep_impl`](config::ClientBuilder::sleep_impl) (see
//! [`AsyncSleep`](config::AsyncSleep)) and a transport built on that executor's I/O with
//! `.transport(...)` (see [`Transport`](transport::Transport)); a call that finds neither Tokio nor a timer
//! returns an error, it never panics.
//!
//! # Validation
//!
//! A check the provider's page states is an error; a check the spec only reads into the page
//! (a port within 1–65535 where the page gives no range, say) is a warning. `build()` refuses
//! errors and keeps warnings (`request.warnings()`); the client's [`ValidationMode`]
//! (`.validation(..)` on the builder, `.with_validation(..)` per call) decides what is sent:
//! `Strict` refuses warnings too, `Standard` (the default) refuses errors, `Warn` refuses
//! nothing and reports everything, `Off` does not check. A value or parameter the spec does not
//! know can still be sent: `Undocumented(String)` enumeration values,
//! `.undocumented(name, value)` parameters, and `build_unchecked()`. Each [`Violation`] has its
//! severity, wire path, rule, message and source (the page and the spec line it comes from).
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
//! Requests held as JSON get the same checks from [`validate_json`], and requests given as
//! JSON text from [`validate_json_text`], which also refuses a member named twice;
//! [`operations`] lists every operation of the build. A report lists the first violations of
//! each field and of the request and counts the rest ([`ValidationErrors::omitted`]), and
//! shows at most the first few hundred bytes of an offending value, so that its size stays
//! bounded whatever the request.
//!
//! # Where to look next
//!
//! - a service's `Client` (`tencentcloud::postgres::Client`) and its builder,
//!   [`config::ClientBuilder`]: region, endpoint, timeouts, retries
//!   ([`config::RetryPolicy`]), rate limits, transport, timer; the [`config`] module for the
//!   rest of a client's configuration;
//! - an operation's module: its request builder, response and error codes;
//! - [`Error`]: what a call returns when it fails, with `code()`, `request_id()`,
//!   `http_status()`, `is_throttling()`, `is_retryable()` and `effect()` (whether the
//!   service may have acted: [`error::Effect`]); the [`error`] module for its parts;
//! - [`PreparedRequest`] and a client's `prepare_<operation>`: the signed request without
//!   sending it; the [`transport`] module to send through something other than reqwest.
//!
//! The code under `src/gen/` is generated by `specgen`; the hand-written support it relies on
//! is the `cloud-backup-runtime` crate.

#![deny(missing_docs)]

#[cfg(not(any(feature = "reqwest", feature = "custom-transport")))]
compile_error!(
    "cloud-backup-sdk needs a transport feature: `reqwest` (the default transport, which needs \
     Tokio), or `custom-transport` to give each client your own with `.transport(...)` (or to \
     use the crate only to validate and prepare requests)"
);

// The generated modules name the runtime `crate::runtime`.
use cloud_backup_runtime as runtime;

// Generated code is laid out by prettyplease, not rustfmt.
#[rustfmt::skip]
#[path = "gen/mod.rs"]
mod generated;

// The provider modules, each behind its cargo feature (none may be enabled).
#[allow(unused_imports)]
pub use generated::*;

// What nearly every user names: credentials, the error a call returns, validation and its
// report, and the signed request.
pub use cloud_backup_runtime::{
    Credentials, Error, Omitted, OperationInfo, PreparedRequest, Severity, Undocumented,
    ValidationErrors, ValidationMode, Violation, Warnings,
};

/// Client configuration beyond a service client's builder methods: the builder itself, retries,
/// rate limits, the ACS signature version, credentials, and the clock, nonces and timer a
/// client uses (replaceable for tests and for other async runtimes).
pub mod config {
    pub use cloud_backup_runtime::{
        AcsSignature, AsyncSleep, Client, ClientBuilder, Clock, Config, Credentials, FixedClock,
        FixedNonce, MissingCredentials, NonceSource, RandomNonce, Rate, RateLimits, RetryPolicy,
        SecretString, ServiceClient, SleepFuture, SystemClock, TokioSleep,
    };
}

/// What a client sends through: the [`Transport`](transport::Transport) trait, the signed
/// request it is given, the response it returns, and the default transport (the `reqwest`
/// feature).
pub mod transport {
    pub use cloud_backup_runtime::{
        HttpResponse, Limits, PreparedRequest, SendFuture, Transport, TransportError,
    };

    #[cfg(feature = "reqwest")]
    pub use cloud_backup_runtime::ReqwestTransport;
}

/// Every error the crate returns: a call's [`Error`] and its parts, validation's
/// report, and the dynamic entry points' refusals.
pub mod error {
    pub use cloud_backup_runtime::{
        ConfigError, ControlCharacter, CredentialsError, Effect, Error, ErrorCode, HeaderField,
        MissingCredentials, Severity, SignError, TransportError, UnknownOperation, UnknownValue,
        ValidationErrors, Violation, Warnings,
    };
}

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
) -> Result<Result<Warnings, ValidationErrors>, error::UnknownOperation> {
    match operation(operation_id) {
        Some(op) => Ok((op.validate_json)(request)),
        None => Err(error::UnknownOperation::new(operation_id, operations())),
    }
}

/// [`validate_json`] for a request given as JSON text (UTF-8 bytes), as it arrives from a file
/// or the network: a member named twice in one object, at any depth, is an error at its path
/// (rule `duplicate`), which a parsed [`serde_json::Value`] can no longer show, since it keeps
/// only the last of them. Text that is not JSON is an error too (rule `json`).
///
/// ```
/// let text = r#"{"PlanName": 123456, "PlanName": "plan1"}"#;
/// let errors = cloud_backup_sdk::validate_json_text("tencentcloud.postgres.CreateBackupPlan", text)
///     .unwrap()
///     .unwrap_err();
/// assert!(errors.violations().iter().any(|v| v.rule == "duplicate" && v.path == "PlanName"));
/// ```
pub fn validate_json_text(
    operation_id: &str,
    request: impl AsRef<[u8]>,
) -> Result<Result<Warnings, ValidationErrors>, error::UnknownOperation> {
    match operation(operation_id) {
        Some(op) => Ok(op.validate_json_text(request)),
        None => Err(error::UnknownOperation::new(operation_id, operations())),
    }
}
