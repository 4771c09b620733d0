//! Credentials: an access key and its secret, and an optional session token for temporary
//! credentials. Secrets never appear in `Debug` output, logs or errors.

use std::fmt;

use crate::dynamic::Protocol;

/// A secret string: readable by the signers, shown as `<redacted>` everywhere else.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        SecretString(secret.into())
    }

    /// The secret itself, for signing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// An access key id, its secret, and a session token when the credentials are temporary.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret: SecretString,
    session_token: Option<SecretString>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret", &self.secret)
            .field("session_token", &self.session_token)
            .finish()
    }
}

/// Credentials that could not be read from the environment.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("credentials: the environment variable {variable} is not set or is empty")]
pub struct MissingCredentials {
    /// The variable that is missing.
    pub variable: &'static str,
}

/// The environment variables each provider's own tools read: key id, secret, session token.
pub const fn env_variables(protocol: Protocol) -> (&'static str, &'static str, &'static str) {
    match protocol {
        Protocol::Tc3 => (
            "TENCENTCLOUD_SECRET_ID",
            "TENCENTCLOUD_SECRET_KEY",
            "TENCENTCLOUD_SESSION_TOKEN",
        ),
        Protocol::AcsRpc => (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_SECURITY_TOKEN",
        ),
        Protocol::HuaweiRest => (
            "HUAWEICLOUD_SDK_AK",
            "HUAWEICLOUD_SDK_SK",
            "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        ),
    }
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(access_key_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret: SecretString::new(secret),
            session_token: None,
        }
    }

    /// Adds the session token of temporary credentials.
    #[must_use]
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(SecretString::new(token));
        self
    }

    /// Reads the variables the provider's own tools use (see [`env_variables`]); the session
    /// token is optional.
    pub fn from_env(protocol: Protocol) -> Result<Self, MissingCredentials> {
        Self::from_lookup(protocol, |name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any variable lookup, for tests and embedding.
    pub fn from_lookup(
        protocol: Protocol,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, MissingCredentials> {
        let (id, secret, token) = env_variables(protocol);
        let get = |variable: &'static str| {
            lookup(variable)
                .filter(|v| !v.is_empty())
                .ok_or(MissingCredentials { variable })
        };
        let mut credentials = Credentials::new(get(id)?, get(secret)?);
        if let Ok(t) = get(token) {
            credentials = credentials.with_session_token(t);
        }
        Ok(credentials)
    }

    /// The access key id (not secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret, for signing.
    pub fn secret(&self) -> &SecretString {
        &self.secret
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&SecretString> {
        self.session_token.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_in_debug() {
        let c = Credentials::new("AKIDEXAMPLE", "s3cr3t-value").with_session_token("t0ken-value");
        let shown = format!("{c:?} {c:#?}");
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("t0ken"),
            "{shown}"
        );
        assert_eq!(c.secret().expose(), "s3cr3t-value");
    }

    #[test]
    fn environment_variables_per_provider() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let c = Credentials::from_lookup(
            Protocol::AcsRpc,
            vars(&[
                ("ALIBABA_CLOUD_ACCESS_KEY_ID", "id"),
                ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret"),
                ("ALIBABA_CLOUD_SECURITY_TOKEN", "token"),
            ]),
        );
        let c = c.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.access_key_id(), c.secret().expose()), ("id", "secret"));
        assert_eq!(c.session_token().map(SecretString::expose), Some("token"));
        let missing =
            Credentials::from_lookup(Protocol::Tc3, vars(&[("TENCENTCLOUD_SECRET_ID", "id")]));
        assert_eq!(
            missing,
            Err(MissingCredentials {
                variable: "TENCENTCLOUD_SECRET_KEY"
            })
        );
        let huawei = Credentials::from_lookup(
            Protocol::HuaweiRest,
            vars(&[("HUAWEICLOUD_SDK_AK", "ak"), ("HUAWEICLOUD_SDK_SK", "sk")]),
        );
        assert_eq!(huawei.map(|c| c.session_token().is_none()), Ok(true));
    }
}
