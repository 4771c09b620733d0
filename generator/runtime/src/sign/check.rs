//! What may go into a header. A CR or LF in a value copied into a header ends the header and
//! starts another one (or the body): a credential or nonce read from a file with its line
//! break, or one an attacker chose, would add headers of their making. HTTP forbids every
//! other control character in a field value too (RFC 9110, section 5.5), so all are refused.
//!
//! Errors name the field and where the character is, never the value: the value may be a
//! secret.

use std::fmt;

/// What held a control character: a credential, the nonce, or a header by name.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderField {
    /// The access key id (Tencent's SecretId, Huawei's AK), sent in `Authorization`.
    AccessKeyId,
    /// The secret (Tencent's SecretKey, Huawei's SK), the signature's key.
    Secret,
    /// The session token of temporary credentials (`X-TC-Token`, `x-acs-security-token`,
    /// `X-Security-Token`).
    SessionToken,
    /// The signature nonce (`x-acs-signature-nonce`, `SignatureNonce`).
    Nonce,
    /// The value of the header of this name.
    Header(String),
    /// The name of a header: the name itself holds the control character.
    HeaderName(String),
}

impl HeaderField {
    /// The value of the header `name`.
    pub fn header(name: &str) -> Self {
        HeaderField::Header(name.to_owned())
    }

    /// Whether the field is one of the credentials.
    fn is_credential(&self) -> bool {
        matches!(
            self,
            HeaderField::AccessKeyId | HeaderField::Secret | HeaderField::SessionToken
        )
    }
}

impl fmt::Display for HeaderField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderField::AccessKeyId => f.write_str("the access key id"),
            HeaderField::Secret => f.write_str("the secret"),
            HeaderField::SessionToken => f.write_str("the session token"),
            HeaderField::Nonce => f.write_str("the nonce"),
            // Names are escaped: the name of `HeaderName` is the one holding the character.
            HeaderField::Header(name) => write!(f, "the value of header {}", name.escape_debug()),
            HeaderField::HeaderName(name) => {
                write!(f, "the header name \"{}\"", name.escape_debug())
            }
        }
    }
}

/// A credential, nonce or header value (or name) holds a control character, which would
/// end its header and start another. The error names the field, the environment variable it
/// was read from if any, and the character's position; never the value.
#[derive(Clone, PartialEq, Eq)]
pub struct ControlCharacter {
    field: HeaderField,
    variable: Option<&'static str>,
    at: usize,
    character: char,
}

impl fmt::Display for ControlCharacter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.field)?;
        if let Some(variable) = self.variable {
            write!(f, " ({variable})")?;
        }
        write!(
            f,
            " contains a control character (U+{:04X} at byte {}): {}",
            u32::from(self.character),
            self.at,
            self.fix()
        )
    }
}

impl std::error::Error for ControlCharacter {}

// Written out rather than derived so that it is plain that no value is kept to show.
impl fmt::Debug for ControlCharacter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ControlCharacter")
            .field("field", &self.field)
            .field("variable", &self.variable)
            .field("at", &self.at)
            .field(
                "character",
                &format_args!("U+{:04X}", u32::from(self.character)),
            )
            .finish()
    }
}

impl ControlCharacter {
    /// Checks `value`: the first control character in it, as the error for `field`.
    pub fn check(field: HeaderField, value: &str) -> Result<(), ControlCharacter> {
        match first_control(value) {
            None => Ok(()),
            Some((at, character)) => Err(ControlCharacter {
                field,
                variable: None,
                at,
                character,
            }),
        }
    }

    /// The same error, naming the environment variable the value was read from.
    #[must_use]
    pub(crate) fn in_variable(mut self, variable: &'static str) -> Self {
        self.variable = Some(variable);
        self
    }

    /// What held the character.
    pub fn field(&self) -> &HeaderField {
        &self.field
    }

    /// The environment variable the value was read from, if it was.
    pub fn variable(&self) -> Option<&'static str> {
        self.variable
    }

    /// The byte offset of the character in the value.
    pub fn at(&self) -> usize {
        self.at
    }

    /// The control character.
    pub fn character(&self) -> char {
        self.character
    }

    fn fix(&self) -> &'static str {
        match (&self.field, self.variable) {
            (_, Some(_)) => {
                "set the variable to the value alone, without a line break or other control \
                 character"
            }
            (field, None) if field.is_credential() => {
                "give the credentials without a line break or other control character (one \
                 copied from a file, say)"
            }
            (HeaderField::Nonce, None) => {
                "the client's nonce source must give printable text, such as hex digits"
            }
            _ => "header names and values cannot hold control characters",
        }
    }
}

/// The byte offset and character of the first control character (Unicode's `Cc`: C0, DEL and
/// C1) in `value`.
fn first_control(value: &str) -> Option<(usize, char)> {
    // Header values are nearly always printable ASCII; those skip decoding. Without a branch
    // per byte, so that the loop runs a word at a time: every request pays for it.
    let other = value
        .bytes()
        .fold(false, |other, b| other | !(0x20..0x7f).contains(&b));
    if !other {
        return None;
    }
    value.char_indices().find(|(_, c)| c.is_control())
}

/// Checks a header's name and value.
pub(crate) fn check_header(name: &str, value: &str) -> Result<(), ControlCharacter> {
    if first_control(name).is_some() {
        ControlCharacter::check(HeaderField::HeaderName(name.to_owned()), name)?;
    }
    if first_control(value).is_some() {
        ControlCharacter::check(HeaderField::header(name), value)?;
    }
    Ok(())
}

/// Checks an access key: its id and its secret.
pub(crate) fn check_key(access_key_id: &str, secret: &str) -> Result<(), ControlCharacter> {
    ControlCharacter::check(HeaderField::AccessKeyId, access_key_id)?;
    ControlCharacter::check(HeaderField::Secret, secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_is_found_and_nothing_else() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let value = format!("ab{c}cd");
            let found = first_control(&value);
            assert_eq!(found.is_some(), c.is_control(), "U+{:04X}", u32::from(c));
            if let Some(found) = found {
                assert_eq!(found, (2, c));
            }
        }
        assert_eq!(first_control(""), None);
        assert_eq!(first_control("é\u{85}"), Some((2, '\u{85}')));
    }

    #[test]
    fn the_message_names_the_field_and_position_never_the_value() {
        let value = "AKIDsecretpart\nX-Injected: 1";
        let error = ControlCharacter::check(HeaderField::AccessKeyId, value).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the access key id contains a control character (U+000A at byte 14): give the \
             credentials without a line break or other control character (one copied from a \
             file, say)"
        );
        let error = error.in_variable("TENCENTCLOUD_SECRET_ID");
        assert!(
            error
                .to_string()
                .starts_with("the access key id (TENCENTCLOUD_SECRET_ID) contains a control")
        );
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(
                !shown.contains("AKID") && !shown.contains("Injected"),
                "{shown}"
            );
        }
        assert_eq!(
            (
                error.field(),
                error.at(),
                error.character(),
                error.variable()
            ),
            (
                &HeaderField::AccessKeyId,
                14,
                '\n',
                Some("TENCENTCLOUD_SECRET_ID")
            )
        );
        let header = check_header("X-A\r", "v").unwrap_err();
        assert!(
            header.to_string().starts_with(
                "the header name \"X-A\\r\" contains a control character (U+000D at byte 3)"
            ),
            "{header}"
        );
        let nonce = ControlCharacter::check(HeaderField::Nonce, "n\u{7f}").unwrap_err();
        assert!(nonce.to_string().contains("U+007F at byte 1"), "{nonce}");
    }

    use proptest::prelude::*;

    use crate::sign::{Key, Request, SignError, SigningKeys, acs3, rpc_v1, sdk_hmac_sha256, tc3};

    /// Control characters of each kind: CR, LF, NUL, tab, escape, DEL and two of C1.
    const CONTROLS: [char; 8] = [
        '\r', '\n', '\0', '\t', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}',
    ];

    /// A value that would be fine but for the control character spliced into it.
    fn tainted(control: char, place: usize) -> String {
        let clean = "Ab0-SECRETVALUE";
        match place {
            0 => format!("{control}{clean}"),
            1 => format!("Ab0-SECR{control}ETVALUE"),
            _ => format!("{clean}{control}"),
        }
    }

    /// Every input of the four signers, each the value clients send in the providers'
    /// examples.
    #[derive(Clone, Debug)]
    struct Inputs {
        id: String,
        secret: String,
        token: String,
        nonce: String,
        host: String,
        content_type: String,
        date: String,
        action: String,
        version: String,
        service: String,
        header_name: String,
        header_value: String,
    }

    impl Default for Inputs {
        fn default() -> Self {
            let s = |v: &str| v.to_owned();
            Inputs {
                id: s("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"),
                secret: s("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"),
                token: s("token-1"),
                nonce: s("3156853299f313e23d1673dc12e1703d"),
                host: s("dbs.cn-hangzhou.aliyuncs.com"),
                content_type: s("application/json"),
                date: s("2023-10-26T10:22:32Z"),
                action: s("RunInstances"),
                version: s("2014-05-26"),
                service: s("cvm"),
                header_name: s("X-Project-Id"),
                header_value: s("p1"),
            }
        }
    }

    /// What every signer made of the inputs: per signer, the refusal or the header values it
    /// gives to send.
    /// A signer's name, and the headers it gives to send or its refusal.
    type Outcome = (&'static str, Result<Vec<(String, String)>, SignError>);

    fn sign_all(i: &Inputs) -> Vec<Outcome> {
        let key = Key {
            access_key_id: &i.id,
            secret: &i.secret,
        };
        let headers = vec![
            ("Content-Type".to_owned(), i.content_type.clone()),
            (i.header_name.clone(), i.header_value.clone()),
        ];
        let request = Request {
            method: "POST",
            host: &i.host,
            path: "/",
            query: &[],
            headers: &headers,
            body: b"{}",
        };
        let keys = SigningKeys::new();
        let auth = |a: String| vec![("Authorization".to_owned(), a)];
        let tc3_input = tc3::Tc3Input {
            method: "POST",
            host: &i.host,
            body: b"{}",
            content_type: &i.content_type,
            service: &i.service,
            timestamp: 1_551_113_065,
            access_key_id: &i.id,
            secret: &i.secret,
        };
        let params = acs3::Params {
            action: &i.action,
            version: &i.version,
            date: &i.date,
            nonce: &i.nonce,
        };
        let acs3_input = acs3::Acs3Input {
            method: "POST",
            host: &i.host,
            query: &[],
            body: b"{}",
            content_type: Some(&i.content_type),
            action: &i.action,
            version: &i.version,
            date: &i.date,
            nonce: &i.nonce,
            security_token: Some(&i.token),
            access_key_id: &i.id,
            secret: &i.secret,
        };
        let mut huawei_headers = headers.clone();
        huawei_headers.push(("X-Security-Token".to_owned(), i.token.clone()));
        let huawei = Request {
            headers: &huawei_headers,
            ..request
        };
        vec![
            (
                "tc3::sign",
                tc3::sign(&request, &key, &tc3::Params::new(&i.service, 0)).map(|s| s.headers),
            ),
            (
                "tc3::sign_request",
                tc3::sign_request(&tc3_input).map(|s| s.headers),
            ),
            (
                "tc3::authorize",
                tc3::authorize(&tc3_input, &keys).map(auth),
            ),
            (
                "acs3::sign",
                acs3::sign(&request, &key, &params).map(|s| s.headers),
            ),
            (
                "acs3::sign_request",
                acs3::sign_request(&acs3_input).map(|p| {
                    let mut all = p.headers;
                    all.push(("Authorization".to_owned(), p.authorization));
                    all
                }),
            ),
            (
                "acs3::authorize",
                acs3::authorize(&acs3_input, &keys).map(|a| auth(a.authorization)),
            ),
            (
                "sdk_hmac_sha256::sign",
                sdk_hmac_sha256::sign(&huawei, &key, &i.date).map(|s| s.headers),
            ),
            (
                "sdk_hmac_sha256::authorize",
                sdk_hmac_sha256::authorize(&huawei, &key, &i.date, &keys).map(auth),
            ),
        ]
    }

    /// Which signers take a value: all, or those named.
    const ALL: &[&str] = &[];
    const ACS3: &[&str] = &["acs3::sign", "acs3::sign_request", "acs3::authorize"];
    const TC3: &[&str] = &["tc3::sign", "tc3::sign_request", "tc3::authorize"];
    /// The signers given the token.
    const TOKEN: &[&str] = &[
        "acs3::sign_request",
        "acs3::authorize",
        "sdk_hmac_sha256::sign",
        "sdk_hmac_sha256::authorize",
    ];
    /// The signers given the request's headers as they are.
    const REQUEST: &[&str] = &[
        "tc3::sign",
        "acs3::sign",
        "sdk_hmac_sha256::sign",
        "sdk_hmac_sha256::authorize",
    ];

    #[test]
    fn each_field_with_a_control_character_is_refused_by_name() {
        type Set = fn(&mut Inputs, String);
        let fields: [(HeaderField, &[&str], Set); 11] = [
            (HeaderField::AccessKeyId, ALL, |i, v| i.id = v),
            (HeaderField::Secret, ALL, |i, v| i.secret = v),
            (HeaderField::SessionToken, TOKEN, |i, v| i.token = v),
            (HeaderField::Nonce, ACS3, |i, v| i.nonce = v),
            (HeaderField::header("Host"), ALL, |i, v| i.host = v),
            (HeaderField::header("Content-Type"), ALL, |i, v| {
                i.content_type = v;
            }),
            (HeaderField::header("x-acs-action"), ACS3, |i, v| {
                i.action = v
            }),
            (HeaderField::header("x-acs-version"), ACS3, |i, v| {
                i.version = v;
            }),
            // The service is written into the credential scope of TC3's `Authorization`.
            (HeaderField::header("Authorization"), TC3, |i, v| {
                i.service = v;
            }),
            (HeaderField::header("X-Project-Id"), REQUEST, |i, v| {
                i.header_value = v;
            }),
            (HeaderField::HeaderName(String::new()), REQUEST, |i, v| {
                i.header_name = v;
            }),
        ];
        let clean = sign_all(&Inputs::default());
        assert!(clean.iter().all(|(_, r)| r.is_ok()), "{clean:?}");
        for (field, signers, set) in fields {
            for control in CONTROLS {
                for place in 0..3 {
                    let value = tainted(control, place);
                    let mut inputs = Inputs::default();
                    set(&mut inputs, value.clone());
                    for (signer, result) in sign_all(&inputs) {
                        let what = format!("{signer}: {field} with U+{:04X}", u32::from(control));
                        if !signers.is_empty() && !signers.contains(&signer) {
                            assert!(result.is_ok(), "{what}: {result:?}");
                            continue;
                        }
                        let Err(SignError::ControlCharacter(error)) = &result else {
                            panic!("{what}: {result:?}");
                        };
                        let expected = match &field {
                            HeaderField::HeaderName(_) => HeaderField::HeaderName(value.clone()),
                            other => other.clone(),
                        };
                        assert_eq!(error.field(), &expected, "{what}");
                        assert_eq!(error.character(), control, "{what}");
                        // The position is in the value, but for the service, whose position
                        // is in the `Authorization` value around it.
                        if field != HeaderField::header("Authorization") {
                            let at = value.get(error.at()..).unwrap_or_default();
                            assert!(at.starts_with(control), "{what}: {}", error.at());
                        }
                        // A value is never shown; a name is, escaped, to say which.
                        let shown = format!("{error} {error:?} {result:?}");
                        let hidden = !shown.contains("SECR") && !shown.contains("VALUE");
                        let name = matches!(field, HeaderField::HeaderName(_));
                        assert!(hidden != name, "{what}: {shown}");
                    }
                }
            }
        }
    }

    #[test]
    fn rpc_v1_refuses_a_key_with_a_control_character_and_signs_any_parameter() {
        fn request(query: &[(String, String)]) -> Request<'_> {
            Request {
                method: "POST",
                host: "ecs.aliyuncs.com",
                path: "/",
                query,
                headers: &[],
                body: &[],
            }
        }
        let keys = SigningKeys::new();
        for control in CONTROLS {
            let value = tainted(control, 1);
            let id = Key {
                access_key_id: &value,
                secret: "s",
            };
            let secret = Key {
                access_key_id: "id",
                secret: &value,
            };
            for (key, field) in [
                (id, HeaderField::AccessKeyId),
                (secret, HeaderField::Secret),
            ] {
                let result = rpc_v1::sign(&request(&[]), &key);
                let Err(SignError::ControlCharacter(e)) = result else {
                    panic!("{field}: {result:?}");
                };
                assert_eq!(e.field(), &field);
            }
            let quick = rpc_v1::signature("POST", &[], &value, &keys);
            assert!(
                matches!(&quick, Err(SignError::ControlCharacter(e)) if e.field() == &HeaderField::Secret),
                "{quick:?}"
            );
            // Parameters are percent-encoded into the query: any text is fine there.
            let query = vec![("Description".to_owned(), value.clone())];
            let key = Key {
                access_key_id: "id",
                secret: "s",
            };
            let signed = rpc_v1::sign(&request(&query), &key).map(|s| s.signature);
            assert_eq!(signed, rpc_v1::signature("POST", &query, "s", &keys));
            assert!(signed.is_ok());
        }
    }

    /// Text of any kind, with control characters and line breaks more often than chance.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 ./:;=-]{0,12}",
            "[a-z\r\n\t\u{0}\u{7f}\u{85}\u{2028} :]{0,6}",
            any::<String>(),
        ]
    }

    fn inputs() -> impl Strategy<Value = Inputs> {
        let credentials = (text(), text(), text(), text());
        let request = (text(), text(), text(), text());
        let headers = (text(), text(), text(), text());
        (credentials, request, headers).prop_map(
            |(
                (id, secret, token, nonce),
                (host, content_type, date, action),
                (version, service, header_name, header_value),
            )| Inputs {
                id,
                secret,
                token,
                nonce,
                host,
                content_type,
                date,
                action,
                version,
                service,
                header_name,
                header_value,
            },
        )
    }

    proptest! {
        /// Whatever the input, a signer refuses it or gives headers without a control
        /// character; and it refuses exactly when something it was given holds one.
        #[test]
        fn signing_refuses_or_writes_no_control_character(i in inputs()) {
            let controlled = |v: &str| v.chars().any(char::is_control);
            let credentials = [&i.id, &i.secret].into_iter().any(|v| controlled(v));
            let headers = [&i.host, &i.content_type, &i.header_name, &i.header_value]
                .into_iter()
                .any(|v| controlled(v));
            let acs = [&i.nonce, &i.token, &i.action, &i.version, &i.date]
                .into_iter()
                .any(|v| controlled(v));
            for (signer, result) in sign_all(&i) {
                match &result {
                    Ok(sent) => {
                        for (name, value) in sent {
                            prop_assert!(
                                !controlled(name) && !controlled(value),
                                "{signer} wrote {name:?}: {value:?}"
                            );
                        }
                    }
                    Err(e) => prop_assert!(
                        matches!(e, SignError::ControlCharacter(_)),
                        "{signer}: {e}"
                    ),
                }
                let given = credentials
                    || match signer {
                        "tc3::sign" => headers || controlled(&i.service),
                        "tc3::sign_request" | "tc3::authorize" => {
                            controlled(&i.host)
                                || controlled(&i.content_type)
                                || controlled(&i.service)
                        }
                        // No token: callers add it as a header.
                        "acs3::sign" => headers || controlled_acs(&i),
                        "acs3::sign_request" | "acs3::authorize" => {
                            controlled(&i.host) || controlled(&i.content_type) || acs
                        }
                        _ => headers || controlled(&i.token) || controlled(&i.date),
                    };
                prop_assert_eq!(result.is_err(), given, "{}: {:?}", signer, result);
            }
        }
    }

    /// Whether `acs3::sign` is given a control character through its parameters (it takes
    /// no token: that comes as a header, which its callers add).
    fn controlled_acs(i: &Inputs) -> bool {
        [&i.nonce, &i.action, &i.version, &i.date]
            .into_iter()
            .any(|v| v.chars().any(char::is_control))
    }
}
