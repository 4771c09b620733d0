//! No credential, nonce or endpoint can add a header to a request: every character from U+0000
//! to U+00FF (and a few beyond) in each of them, through every protocol, is either refused with
//! an error naming the field without its value, or signed into headers that hold no control
//! character.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use cloud_backup_sdk::alibabacloud::dbs::{
    self, configure_backup_plan::SourceEndpointInstanceType,
};
use cloud_backup_sdk::config::{AcsSignature, Client, ClientBuilder, FixedClock, FixedNonce};
use cloud_backup_sdk::error::{ConfigError, HeaderField, SignError};
use cloud_backup_sdk::transport::{HttpResponse, Limits, SendFuture, Transport, TransportError};
use cloud_backup_sdk::{Credentials, Error, OperationInfo, PreparedRequest};

/// Records what it is asked to send, and answers nothing.
#[derive(Debug, Default)]
struct Recorder(Mutex<Vec<PreparedRequest>>);

impl Transport for Recorder {
    fn send<'a>(&'a self, request: &'a PreparedRequest, _: Limits) -> SendFuture<'a> {
        self.0.lock().unwrap().push(request.clone());
        Box::pin(async { Err::<HttpResponse, _>(TransportError::Connect("recorded".into())) })
    }
}

/// Each operation with a valid request and a region, under each signature it can use.
fn cases() -> Vec<(
    &'static OperationInfo,
    serde_json::Value,
    &'static str,
    AcsSignature,
)> {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut cases = Vec::new();
    for op in cloud_backup_sdk::operations() {
        let file = fixtures.join(format!("requests/{}.json", op.id));
        let request: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let region = match op.service.provider {
            "tencentcloud" => "ap-guangzhou",
            "huaweicloud" => "cn-north-4",
            _ => "cn-hangzhou",
        };
        let signatures: &[AcsSignature] = if op.service.provider == "alibabacloud" {
            &[AcsSignature::V3, AcsSignature::V1]
        } else {
            &[AcsSignature::V3]
        };
        for &signature in signatures {
            cases.push((op, request.clone(), region, signature));
        }
    }
    assert_eq!(cases.len(), 8);
    cases
}

fn builder(op: &OperationInfo, region: &str, signature: AcsSignature) -> ClientBuilder<Client> {
    ClientBuilder::new(op.service)
        .region(region)
        .acs_signature(signature)
        .clock(Arc::new(FixedClock(
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )))
        .transport(Arc::new(Recorder::default()))
}

/// Whether a request's URL, header names and values are free of control characters.
fn clean(prepared: &PreparedRequest) -> bool {
    let control = |s: &str| s.chars().any(char::is_control);
    !control(&prepared.url)
        && prepared
            .headers
            .iter()
            .all(|(name, value)| !control(name) && !control(value))
}

/// Every character of Latin-1 (C0, DEL and C1 among them), and some beyond: the line and
/// paragraph separators, a byte-order mark, a character of four UTF-8 bytes.
fn characters() -> impl Iterator<Item = char> {
    ('\0'..='\u{ff}').chain(['\u{2028}', '\u{2029}', '\u{feff}', '𝄞'])
}

#[test]
fn a_credential_with_a_control_character_is_refused_and_any_other_signs_clean_headers() {
    let fields = [
        HeaderField::AccessKeyId,
        HeaderField::Secret,
        HeaderField::SessionToken,
    ];
    for (op, request, region, signature) in cases() {
        for c in characters() {
            for field in &fields {
                let value = format!("HIDDEN{c}X-Injected: 1");
                let (id, secret, token) = match field {
                    HeaderField::AccessKeyId => (value.as_str(), "secret", "token"),
                    HeaderField::Secret => ("id", value.as_str(), "token"),
                    _ => ("id", "secret", value.as_str()),
                };
                let credentials = Credentials::new(id, secret).with_session_token(token);
                let what = format!("{} {signature:?}: {field} with U+{:04X}", op.id, c as u32);
                let built = builder(op, region, signature)
                    .credentials(credentials)
                    .nonces(Arc::new(FixedNonce("n0nce".to_owned())))
                    .build();
                if c.is_control() {
                    let Err(ConfigError::InvalidCredentials(error)) = &built else {
                        panic!("{what}: {built:?}");
                    };
                    assert_eq!((error.field(), error.at()), (field, 6), "{what}");
                    let shown = format!("{} {built:?}", error);
                    assert!(
                        !shown.contains("HIDDEN") && !shown.contains("Injected"),
                        "{what}: {shown}"
                    );
                    continue;
                }
                let client = built.unwrap_or_else(|e| panic!("{what}: {e}"));
                let prepared = client
                    .prepare_json::<String>(op, &request)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert!(clean(&prepared), "{what}: {prepared:?}");
            }
        }
    }
}

#[test]
fn a_nonce_with_a_control_character_is_refused_where_it_is_sent() {
    for (op, request, region, signature) in cases() {
        for c in characters() {
            let nonce = format!("3156853299f3{c}X-Injected: 1");
            let client = builder(op, region, signature)
                .credentials(Credentials::new("id", "secret").with_session_token("token"))
                .nonces(Arc::new(FixedNonce(nonce)))
                .build()
                .unwrap();
            let what = format!("{} {signature:?}: nonce with U+{:04X}", op.id, c as u32);
            let prepared = client.prepare_json::<String>(op, &request);
            // Tencent and Huawei send no nonce: it can only become an idempotency token,
            // which travels JSON-escaped in the body.
            let sent = op.service.provider == "alibabacloud";
            match &prepared {
                Err(Error::Sign(SignError::ControlCharacter(error))) if sent && c.is_control() => {
                    assert_eq!(
                        (error.field(), error.at(), error.character()),
                        (&HeaderField::Nonce, 12, c),
                        "{what}"
                    );
                    assert!(
                        !format!("{error} {prepared:?}").contains("Injected"),
                        "{what}"
                    );
                }
                Ok(prepared) if !(sent && c.is_control()) => {
                    assert!(clean(prepared), "{what}: {prepared:?}");
                }
                other => panic!("{what}: {other:?}"),
            }
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_call_with_a_bad_nonce_sends_nothing() {
    let recorder = Arc::new(Recorder::default());
    let client = dbs::Client::builder()
        .credentials(Credentials::new("id", "secret"))
        .region("cn-hangzhou")
        .endpoint("http://127.0.0.1:9")
        .nonces(Arc::new(FixedNonce("n\r\nX-Injected: 1".to_owned())))
        .transport(recorder.clone())
        .build()
        .unwrap();
    let request = dbs::ConfigureBackupPlanRequest::builder()
        .backup_plan_id("dbstooi0*******")
        .backup_plan_name("nightly")
        .source_endpoint_instance_type(SourceEndpointInstanceType::Rds)
        .source_endpoint_region("cn-hangzhou")
        .source_endpoint_instance_id("rm-1")
        .build()
        .unwrap();
    let error = client.configure_backup_plan(request).await.unwrap_err();
    assert!(
        matches!(&error, Error::Sign(SignError::ControlCharacter(e)) if e.field() == &HeaderField::Nonce),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "the request cannot be signed: the nonce contains a control character (U+000D at byte \
         1): the client's nonce source must give printable text, such as hex digits"
    );
    assert!(recorder.0.lock().unwrap().is_empty());
}

#[test]
fn an_endpoint_with_a_control_character_is_refused_at_build() {
    let (op, _, region, signature) = cases().remove(0);
    for c in characters().filter(|c| c.is_control()) {
        let endpoint = format!("http://127.0.0.1:9{c}X-Injected: 1");
        let built = builder(op, region, signature)
            .credentials(Credentials::new("id", "secret"))
            .endpoint(&endpoint)
            .build();
        assert!(
            matches!(&built, Err(ConfigError::BadEndpoint(e)) if *e == endpoint),
            "U+{:04X}: {built:?}",
            c as u32
        );
        // Shown escaped, on one line.
        let message = built.unwrap_err().to_string();
        assert!(!message.contains(c), "{message:?}");
    }
}
