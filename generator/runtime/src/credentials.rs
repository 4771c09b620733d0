//! Credentials: an access key and its secret, and an optional session token for temporary
//! credentials. Secrets never appear in `Debug` output, logs or errors.
//!
//! No credential may hold a control character: the key id and the token are written into
//! headers, where a line break would start a header of its own. Reading them from the
//! environment refuses one, naming the variable; so do a client's `build()` and the signers,
//! for credentials made in code.

use std::fmt;

use crate::dynamic::Protocol;
use crate::sign::{ControlCharacter, HeaderField};

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

/// Why credentials could not be read from the environment: a variable is missing, or holds a
/// control character (a line break kept when it was set from a file, say). Neither message
/// shows a value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A required variable is not set or is empty.
    #[error(transparent)]
    Missing(#[from] MissingCredentials),
    /// A variable holds a control character; [`ControlCharacter::variable`] names it.
    #[error("credentials: {0}")]
    ControlCharacter(#[from] ControlCharacter),
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
    /// Long-term credentials. They are not checked here: a key id, secret or token holding a
    /// control character is refused by the client's `build()` and by the signers.
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
    /// token is optional. A variable holding a control character is refused, by name.
    pub fn from_env(protocol: Protocol) -> Result<Self, CredentialsError> {
        Self::from_lookup(protocol, |name| std::env::var(name).ok())
    }

    /// [`Credentials::from_env`] over any variable lookup, for tests and embedding.
    pub fn from_lookup(
        protocol: Protocol,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let (id, secret, token) = env_variables(protocol);
        let get = |variable: &'static str, field: HeaderField| {
            let Some(value) = lookup(variable).filter(|v| !v.is_empty()) else {
                return Ok(None);
            };
            ControlCharacter::check(field, &value).map_err(|e| e.in_variable(variable))?;
            Ok::<_, CredentialsError>(Some(value))
        };
        let required = |variable: &'static str, field: HeaderField| {
            get(variable, field)?.ok_or(CredentialsError::Missing(MissingCredentials { variable }))
        };
        let mut credentials = Credentials::new(
            required(id, HeaderField::AccessKeyId)?,
            required(secret, HeaderField::Secret)?,
        );
        if let Some(t) = get(token, HeaderField::SessionToken)? {
            credentials = credentials.with_session_token(t);
        }
        Ok(credentials)
    }

    /// Refuses a control character in the key id, the secret or the session token.
    pub(crate) fn check(&self) -> Result<(), ControlCharacter> {
        ControlCharacter::check(HeaderField::AccessKeyId, &self.access_key_id)?;
        ControlCharacter::check(HeaderField::Secret, self.secret.expose())?;
        if let Some(token) = &self.session_token {
            ControlCharacter::check(HeaderField::SessionToken, token.expose())?;
        }
        Ok(())
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
            Err(CredentialsError::Missing(MissingCredentials {
                variable: "TENCENTCLOUD_SECRET_KEY"
            }))
        );
        let huawei = Credentials::from_lookup(
            Protocol::HuaweiRest,
            vars(&[("HUAWEICLOUD_SDK_AK", "ak"), ("HUAWEICLOUD_SDK_SK", "sk")]),
        );
        assert_eq!(huawei.map(|c| c.session_token().is_none()), Ok(true));
    }

    /// Control characters of each kind: CR, LF, NUL, tab, escape, DEL and two of C1.
    const CONTROLS: [char; 8] = [
        '\r', '\n', '\0', '\t', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}',
    ];

    #[test]
    fn a_variable_with_a_control_character_is_refused_by_name_without_its_value() {
        for protocol in [Protocol::Tc3, Protocol::AcsRpc, Protocol::HuaweiRest] {
            let (id, secret, token) = env_variables(protocol);
            let fields = [
                (id, HeaderField::AccessKeyId),
                (secret, HeaderField::Secret),
                (token, HeaderField::SessionToken),
            ];
            for (variable, field) in fields {
                for control in CONTROLS {
                    let value = format!("VALUEpart{control}X-Injected: 1");
                    let lookup = |name: &str| {
                        Some(if name == variable {
                            value.clone()
                        } else {
                            "clean".to_owned()
                        })
                    };
                    let what = format!("{variable} with U+{:04X}", u32::from(control));
                    let result = Credentials::from_lookup(protocol, lookup);
                    let Err(CredentialsError::ControlCharacter(error)) = &result else {
                        panic!("{what}: {result:?}");
                    };
                    assert_eq!(error.field(), &field, "{what}");
                    assert_eq!(error.variable(), Some(variable), "{what}");
                    assert_eq!((error.at(), error.character()), (9, control), "{what}");
                    let message = result.as_ref().map(|_| ()).unwrap_err().to_string();
                    let expected = format!(
                        "credentials: {field} ({variable}) contains a control character \
                         (U+{:04X} at byte 9): set the variable to the value alone",
                        u32::from(control)
                    );
                    assert!(message.starts_with(&expected), "{what}: {message}");
                    let shown = format!("{message} {result:?} {result:#?}");
                    assert!(
                        !shown.contains("VALUE") && !shown.contains("Injected"),
                        "{what}: {shown}"
                    );
                }
            }
        }
    }

    #[test]
    fn credentials_are_checked_field_by_field() {
        assert_eq!(Credentials::new("id", "secret").check(), Ok(()));
        assert_eq!(
            Credentials::new("id", "secret")
                .with_session_token("token")
                .check(),
            Ok(())
        );
        // Printable text beyond ASCII is no control character.
        assert_eq!(Credentials::new("idé", "s\u{2028}").check(), Ok(()));
        for control in CONTROLS {
            let bad = format!("ab{control}");
            let cases = [
                (Credentials::new(&bad, "s"), HeaderField::AccessKeyId),
                (Credentials::new("id", &bad), HeaderField::Secret),
                (
                    Credentials::new("id", "s").with_session_token(&bad),
                    HeaderField::SessionToken,
                ),
            ];
            for (credentials, field) in cases {
                let error = credentials.check().unwrap_err();
                assert_eq!((error.field(), error.at()), (&field, 2), "{error}");
                assert_eq!(error.variable(), None);
            }
        }
    }
}
