//! What the spec says about each service and operation, for the dynamic entry points (an
//! operation found by its id, its request validated as JSON) and for the client.

use serde_json::Value;

use crate::validation::{ValidationErrors, Warnings};

pub use crate::vocabulary::{Protocol, RateLimit};

/// A service endpoint: a host, `{region}` standing for the region, and the hosts of regions
/// that do not follow that rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The host, `{region}` standing for the region.
    pub host: &'static str,
    /// Hosts for particular regions, sorted by region.
    pub region_hosts: &'static [(&'static str, &'static str)],
}

impl Endpoint {
    /// The host for `region`: its own when the endpoint maps one, otherwise the rule.
    pub fn host_for(&self, region: &str) -> String {
        match self.region_hosts.iter().find(|(r, _)| *r == region) {
            Some((_, host)) => (*host).to_owned(),
            None => self.host.replace("{region}", region),
        }
    }
}

/// What the spec says about a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Provider id (`alibabacloud`).
    pub provider: &'static str,
    /// Service id (`dbs`).
    pub service: &'static str,
    /// The service spec.
    pub spec: &'static str,
    /// API version.
    pub api_version: &'static str,
    /// Protocol.
    pub protocol: Protocol,
    /// Endpoints; the first is the default.
    pub endpoints: &'static [Endpoint],
    /// Supported regions, when the documents list them.
    pub regions: Option<&'static [&'static str]>,
    /// Documented rate limits.
    pub rate_limits: &'static [RateLimit],
}

/// What the spec says about an operation, and its JSON validation.
#[derive(Clone, Copy, Debug)]
pub struct OperationInfo {
    /// `alibabacloud.dbs.ConfigureBackupPlan`.
    pub id: &'static str,
    /// `ConfigureBackupPlan`.
    pub name: &'static str,
    /// The service.
    pub service: &'static ServiceInfo,
    /// HTTP method.
    pub method: &'static str,
    /// HTTP path template.
    pub path: &'static str,
    /// The operation spec.
    pub spec: &'static str,
    /// The page it transcribes.
    pub page: &'static crate::validation::Page,
    /// The wire name of the idempotency token parameter, if any.
    pub idempotency_token: Option<&'static str>,
    /// The request's table: its parameters, where each travels, and its rules.
    pub request: &'static crate::object::Table,
    /// Validates the JSON form of a request: its warnings, or every violation when a check its
    /// page states is broken.
    pub validate_json: fn(&Value) -> Result<Warnings, ValidationErrors>,
}

impl OperationInfo {
    /// Validates a request given as JSON text (UTF-8 bytes): what [`validate_json`]
    /// checks, and what only the text shows. A member named twice in one object, at any
    /// depth, is an error at its path (`duplicate`): a parsed value keeps only the last of
    /// them, and the service may read another. Text that is not JSON is an error (`json`).
    ///
    /// [`validate_json`]: OperationInfo::validate_json
    pub fn validate_json_text(&self, text: impl AsRef<[u8]>) -> Result<Warnings, ValidationErrors> {
        crate::object::validate_json_text(text.as_ref(), self.request.source, self.validate_json)
    }
}

/// An operation id that no compiled operation has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOperation {
    /// The id given.
    pub id: String,
    /// The ids there are.
    pub known: Vec<&'static str>,
}

impl UnknownOperation {
    /// The error for `id`.
    pub fn new(id: &str, operations: &[OperationInfo]) -> Self {
        UnknownOperation {
            id: id.to_owned(),
            known: operations.iter().map(|o| o.id).collect(),
        }
    }
}

impl std::fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown operation {:?}; known operations: {}",
            self.id,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for UnknownOperation {}
