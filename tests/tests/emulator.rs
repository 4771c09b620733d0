//! Tests of the loopback emulator itself: its verifiers reproduce the providers' published
//! signing examples, signed requests succeed and tampered ones fail, faults do what they say,
//! DBS idempotency tokens replay, malformed input is answered, not panicked on.
//!
//! The requests are built and signed by the small test signer below (which computes the
//! canonical forms with the verifiers' public functions, proven by the published examples) and
//! sent over raw TCP.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use cloud_backup_tests::emulator::http::{canonical_query, percent_encode};
use cloud_backup_tests::emulator::{
    Clock, Config, Emulator, Fault, HuaweiErrorShape, Outcome, Provider, RateLimit, acs, datetime,
    huawei, tc3,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const AK: &str = "AKIDtestEXAMPLE";
const SK: &str = "secret/with+odd=chars";
const NOW: i64 = 1_700_000_000; // 2023-11-14T22:13:20Z

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn config(provider: Provider) -> Config {
    let mut config = Config::new(provider, AK, SK);
    config.clock = Clock::fixed_unix(NOW as u64);
    config
}

// ---------------------------------------------------------------------------------------------
// The published signing examples.

fn examples() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/signing-examples.json"
    );
    let text = std::fs::read_to_string(path).expect("read signing-examples.json");
    serde_json::from_str::<Value>(&text)
        .expect("signing-examples.json is JSON")
        .as_array()
        .expect("an array of examples")
        .clone()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("field {key} of {v}"))
}

fn string_map(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().expect("string value").to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Checks each documented field against `computed`, and that every documented field was
/// computed.
fn check_documented(id: &str, documented: &Value, computed: &BTreeMap<&str, String>) {
    let documented = documented.as_object().expect("documented is an object");
    assert!(!documented.is_empty(), "{id}: nothing documented");
    for (field, want) in documented {
        let got = computed
            .get(field.as_str())
            .unwrap_or_else(|| panic!("{id}: documented field {field} is not computed"));
        assert_eq!(
            got,
            want.as_str().expect("documented values are strings"),
            "{id}: {field}"
        );
    }
}

fn tc3_example(id: &str, input: &Value, documented: &Value) {
    let method = s(input, "method");
    let host = s(input, "host");
    let timestamp = input["timestamp"].as_i64().expect("timestamp");
    let service = input["service"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| host.split('.').next().expect("host label").to_owned());
    let mut headers = string_map(&input["headers"]);
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        // The GET examples of the TC3 pages sign the form content type.
        headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    headers.push(("Host".into(), host.into()));
    headers.push(("X-TC-Action".into(), s(input, "action").into()));
    let signed: Vec<String> = match input["signed_headers"].as_array() {
        Some(list) => list
            .iter()
            .map(|v| v.as_str().expect("name").to_owned())
            .collect(),
        None => vec!["content-type".into(), "host".into()],
    };
    let signed: Vec<&str> = signed.iter().map(String::as_str).collect();
    let query = canonical_query(&string_map(&input["query"]));
    let body = input["body"].as_str().unwrap_or_default();
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let canonical = tc3::canonical_request(method, &query, &pairs, &signed, body.as_bytes())
        .expect("canonical request");
    let sts = tc3::string_to_sign(timestamp, &service, &canonical);
    let date = datetime::utc_date(timestamp);
    let signature = tc3::signature(s(input, "secret"), &date, &service, &sts);
    let authorization = tc3::authorization(
        s(input, "access_key_id"),
        timestamp,
        &service,
        &signed,
        &signature,
    );
    let computed = BTreeMap::from([
        ("hashed_canonical_request", sha256_hex(canonical.as_bytes())),
        ("canonical_request", canonical),
        ("string_to_sign", sts),
        ("signature", signature),
        ("authorization", authorization.clone()),
    ]);
    check_documented(id, documented, &computed);
    // The verifier's parser reads back what was composed.
    let parsed = tc3::parse_authorization(&authorization).expect("parse");
    assert_eq!(parsed.date, date);
    assert_eq!(parsed.service, service);
}

fn acs3_example(id: &str, input: &Value, documented: &Value) {
    let body = input["body"].as_str().unwrap_or_default();
    let headers = [
        ("host", s(input, "host").to_owned()),
        ("x-acs-action", s(input, "action").to_owned()),
        ("x-acs-version", s(input, "version").to_owned()),
        ("x-acs-date", s(input, "date").to_owned()),
        ("x-acs-signature-nonce", s(input, "nonce").to_owned()),
        ("x-acs-content-sha256", sha256_hex(body.as_bytes())),
    ];
    let pairs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let mut signed: Vec<&str> = headers.iter().map(|(n, _)| *n).collect();
    signed.sort_unstable();
    let canonical = acs::acs3_canonical_request(
        s(input, "method"),
        input["path"].as_str().unwrap_or("/"),
        &string_map(&input["query"]),
        &pairs,
        &signed,
        body.as_bytes(),
    )
    .expect("canonical request");
    let sts = acs::acs3_string_to_sign(&canonical);
    let signature = acs::acs3_signature(s(input, "secret"), &sts);
    let authorization = acs::acs3_authorization(s(input, "access_key_id"), &signed, &signature);
    let computed = BTreeMap::from([
        ("hashed_canonical_request", sha256_hex(canonical.as_bytes())),
        ("canonical_request", canonical),
        ("string_to_sign", sts),
        ("signature", signature),
        ("authorization", authorization.clone()),
    ]);
    check_documented(id, documented, &computed);
    assert_eq!(
        acs::parse_acs3_authorization(&authorization)
            .expect("parse")
            .access_key_id,
        s(input, "access_key_id")
    );
}

fn rpc_v1_example(id: &str, input: &Value, documented: &Value) {
    let mut params = vec![
        (
            "AccessKeyId".to_owned(),
            s(input, "access_key_id").to_owned(),
        ),
        ("Action".to_owned(), s(input, "action").to_owned()),
        (
            "Format".to_owned(),
            input["format"].as_str().unwrap_or("JSON").to_owned(),
        ),
        ("SignatureMethod".to_owned(), "HMAC-SHA1".to_owned()),
        ("SignatureNonce".to_owned(), s(input, "nonce").to_owned()),
        ("SignatureVersion".to_owned(), "1.0".to_owned()),
        ("Version".to_owned(), s(input, "version").to_owned()),
    ];
    if let Some(timestamp) = input["timestamp"].as_str() {
        params.push(("Timestamp".to_owned(), timestamp.to_owned()));
    }
    params.extend(string_map(&input["query"]));
    let sts = acs::v1_string_to_sign(s(input, "method"), &params);
    let signature = acs::v1_signature(s(input, "secret"), &sts);
    let computed = BTreeMap::from([("string_to_sign", sts), ("signature", signature)]);
    check_documented(id, documented, &computed);
}

fn huawei_example(id: &str, input: &Value, documented: &Value) {
    let body = input["body"].as_str().unwrap_or_default();
    let date = s(input, "date");
    let mut headers = string_map(&input["headers"]);
    headers.push(("Host".into(), s(input, "host").into()));
    headers.push(("X-Sdk-Date".into(), date.into()));
    let mut signed: Vec<String> = headers.iter().map(|(n, _)| n.to_lowercase()).collect();
    signed.sort();
    let signed: Vec<&str> = signed.iter().map(String::as_str).collect();
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let uri = huawei::canonical_uri(s(input, "path")).expect("canonical uri");
    let canonical = huawei::canonical_request(
        s(input, "method"),
        &uri,
        &string_map(&input["query"]),
        &pairs,
        &signed,
        body.as_bytes(),
    )
    .expect("canonical request");
    let sts = huawei::string_to_sign(date, &canonical);
    let signature = huawei::signature(s(input, "secret"), &sts);
    let authorization = huawei::authorization(s(input, "access_key_id"), &signed, &signature);
    let computed = BTreeMap::from([
        ("hashed_canonical_request", sha256_hex(canonical.as_bytes())),
        ("canonical_request", canonical),
        ("string_to_sign", sts),
        ("signature", signature),
        ("authorization", authorization.clone()),
    ]);
    check_documented(id, documented, &computed);
    assert_eq!(
        huawei::parse_authorization(&authorization)
            .expect("parse")
            .signed_headers,
        signed
    );
}

#[tokio::test]
async fn verifiers_reproduce_every_published_signing_example() {
    let mut done: BTreeMap<String, usize> = BTreeMap::new();
    for example in examples() {
        let id = s(&example, "id");
        let family = s(&example, "family");
        let input = &example["input"];
        let documented = &example["documented"];
        assert_eq!(s(input, "family"), family, "{id}");
        match family {
            "tc3" => tc3_example(id, input, documented),
            "acs3" => acs3_example(id, input, documented),
            "rpc_v1" => rpc_v1_example(id, input, documented),
            "sdk_hmac_sha256" => huawei_example(id, input, documented),
            other => panic!("{id}: unknown family {other}"),
        }
        *done.entry(family.to_owned()).or_default() += 1;
    }
    assert_eq!(
        done,
        BTreeMap::from([
            ("acs3".to_owned(), 1),
            ("rpc_v1".to_owned(), 2),
            ("sdk_hmac_sha256".to_owned(), 2),
            ("tc3".to_owned(), 3),
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// A raw HTTP client and the test signer.

/// A request to send raw.
#[derive(Clone, Debug)]
struct Raw {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Raw {
    fn bytes(&self) -> Vec<u8> {
        let mut out = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        for (n, v) in &self.headers {
            out.push_str(&format!("{n}: {v}\r\n"));
        }
        out.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }

    fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }
}

/// A parsed response.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Sends `bytes` on a fresh connection and reads until the server closes. Write errors are
/// ignored (the server may close first); a read error ends the read.
async fn exchange(emulator: &Emulator, bytes: &[u8]) -> (Vec<u8>, bool) {
    let mut stream = TcpStream::connect(emulator.addr()).await.expect("connect");
    let _ = stream.write_all(bytes).await;
    let _ = stream.shutdown().await;
    let mut out = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) => return (out, false),
            Ok(n) => out.extend_from_slice(&chunk[..n]),
            Err(_) => return (out, true),
        }
    }
}

fn parse_reply(bytes: &[u8]) -> Reply {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..end]).expect("UTF-8 head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    }
}

async fn send(emulator: &Emulator, raw: &Raw) -> Reply {
    let (bytes, _) = exchange(emulator, &raw.bytes()).await;
    parse_reply(&bytes)
}

fn header_pairs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

fn tencent_body() -> Value {
    json!({
        "DBInstanceId": "postgres-kwk4tq23",
        "PlanName": "plan1",
        "BackupPeriodType": "month",
        "BackupPeriod": ["1", "2"],
        "MinBackupStartTime": "01:00:00",
        "MaxBackupStartTime": "02:00:00",
        "BaseBackupRetentionPeriod": 40
    })
}

/// A TC3-signed CreateBackupPlan request.
fn tencent_signed(host: &str, body: &Value, timestamp: i64, id: &str, token: Option<&str>) -> Raw {
    let body = body.to_string().into_bytes();
    let mut headers = vec![
        ("Host".to_owned(), host.to_owned()),
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("X-TC-Action".to_owned(), "CreateBackupPlan".to_owned()),
        ("X-TC-Version".to_owned(), "2017-03-12".to_owned()),
        ("X-TC-Region".to_owned(), "ap-guangzhou".to_owned()),
        ("X-TC-Timestamp".to_owned(), timestamp.to_string()),
    ];
    if let Some(token) = token {
        headers.push(("X-TC-Token".to_owned(), token.to_owned()));
    }
    let signed = ["content-type", "host", "x-tc-action"];
    let canonical =
        tc3::canonical_request("POST", "", &header_pairs(&headers), &signed, &body).expect("sign");
    let sts = tc3::string_to_sign(timestamp, "postgres", &canonical);
    let signature = tc3::signature(SK, &datetime::utc_date(timestamp), "postgres", &sts);
    headers.push((
        "Authorization".to_owned(),
        tc3::authorization(id, timestamp, "postgres", &signed, &signature),
    ));
    Raw {
        method: "POST".into(),
        target: "/".into(),
        headers,
        body,
    }
}

fn encode_pairs(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// An ACS3-signed RPC request.
fn acs3_signed(
    host: &str,
    action: &str,
    version: &str,
    query: &[(&str, &str)],
    form: &[(&str, &str)],
    nonce: &str,
) -> Raw {
    let body = encode_pairs(form).into_bytes();
    let mut headers = vec![
        ("Host".to_owned(), host.to_owned()),
        ("x-acs-action".to_owned(), action.to_owned()),
        ("x-acs-version".to_owned(), version.to_owned()),
        ("x-acs-date".to_owned(), datetime::iso8601(NOW)),
        ("x-acs-signature-nonce".to_owned(), nonce.to_owned()),
        ("x-acs-content-sha256".to_owned(), sha256_hex(&body)),
    ];
    if !form.is_empty() {
        headers.push((
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        ));
    }
    let mut signed: Vec<String> = headers.iter().map(|(n, _)| n.to_lowercase()).collect();
    signed.sort();
    let signed: Vec<&str> = signed.iter().map(String::as_str).collect();
    let canonical =
        acs::acs3_canonical_request("POST", "/", query, &header_pairs(&headers), &signed, &body)
            .expect("sign");
    let signature = acs::acs3_signature(SK, &acs::acs3_string_to_sign(&canonical));
    headers.push((
        "Authorization".to_owned(),
        acs::acs3_authorization(AK, &signed, &signature),
    ));
    let target = if query.is_empty() {
        "/".to_owned()
    } else {
        format!("/?{}", encode_pairs(query))
    };
    Raw {
        method: "POST".into(),
        target,
        headers,
        body,
    }
}

/// A signature-V1 RPC request.
fn v1_signed(
    host: &str,
    action: &str,
    version: &str,
    query: &[(&str, &str)],
    form: &[(&str, &str)],
    nonce: &str,
) -> Raw {
    let timestamp = datetime::iso8601(NOW);
    let mut all: Vec<(&str, &str)> = vec![
        ("AccessKeyId", AK),
        ("Action", action),
        ("Version", version),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce),
        ("Timestamp", &timestamp),
    ];
    all.extend_from_slice(query);
    let mut signed_params = all.clone();
    signed_params.extend_from_slice(form);
    let signature = acs::v1_signature(SK, &acs::v1_string_to_sign("POST", &signed_params));
    all.push(("Signature", &signature));
    let mut headers = vec![("Host".to_owned(), host.to_owned())];
    if !form.is_empty() {
        headers.push((
            "Content-Type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        ));
    }
    Raw {
        method: "POST".into(),
        target: format!("/?{}", encode_pairs(&all)),
        headers,
        body: encode_pairs(form).into_bytes(),
    }
}

fn huawei_body() -> Value {
    json!({
        "backup_policy_name": "policy_01",
        "scheduled_policy": {
            "remain_first_backup_of_curMonth": "Y",
            "rentention_day": 30,
            "week_frequency": ["SUN", "WED"],
            "start_time": "12:00,18:00",
            "status": "ON"
        },
        "tags": [{"key": "key", "value": "value"}],
        "time_zone": "UTC+08:00"
    })
}

/// An SDK-HMAC-SHA256-signed CreateBackupPolicy request; `sdk_core_uri` signs with the
/// Python SDK core's canonical URI.
fn huawei_signed(host: &str, project: &str, body: &Value, sdk_core_uri: bool) -> Raw {
    let path = format!("/v2/{}/backuppolicy", percent_encode(project));
    let body = body.to_string().into_bytes();
    let mut headers = vec![
        ("Host".to_owned(), host.to_owned()),
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("X-Sdk-Date".to_owned(), datetime::basic(NOW)),
        ("X-Project-Id".to_owned(), project.to_owned()),
    ];
    let signed = ["content-type", "host", "x-project-id", "x-sdk-date"];
    let uri = if sdk_core_uri {
        huawei::sdk_core_canonical_uri(&path)
    } else {
        huawei::canonical_uri(&path)
    }
    .expect("uri");
    let no_query: [(&str, &str); 0] = [];
    let canonical = huawei::canonical_request(
        "POST",
        &uri,
        &no_query,
        &header_pairs(&headers),
        &signed,
        &body,
    )
    .expect("sign");
    let signature = huawei::signature(
        SK,
        &huawei::string_to_sign(&datetime::basic(NOW), &canonical),
    );
    headers.push((
        "Authorization".to_owned(),
        huawei::authorization(AK, &signed, &signature),
    ));
    Raw {
        method: "POST".into(),
        target: path,
        headers,
        body,
    }
}

fn tc_error(reply: &Reply) -> String {
    reply.json()["Response"]["Error"]["Code"]
        .as_str()
        .unwrap_or_else(|| panic!("no Tencent error in {}", reply.json()))
        .to_owned()
}

const DBS: &str = "2019-03-06";
const HBR: &str = "2017-09-08";

fn dbs_create_query(token: Option<&str>) -> Vec<(&str, &str)> {
    let mut q = vec![
        ("InstanceClass", "small"),
        ("DatabaseType", "MySQL"),
        ("BackupMethod", "logical"),
        ("SourceEndpointInstanceType", "RDS"),
        ("SourceEndpointRegion", "cn-hangzhou"),
        ("SourceEndpointInstanceID", "rm-bp1"),
        ("SourceEndpointUserName", "u"),
        ("SourceEndpointPassword", "p a+s/s"),
        ("BackupPlanName", "nightly plan"),
        ("BackupPeriod", "Monday,Friday"),
        ("BackupObjects", r#"[{"DBName":"db1"}]"#),
        ("BackupRetentionPeriod", "730"),
        ("EnableBackupLog", "true"),
        ("BackupSpeedLimit", "9007199254740993"),
    ];
    if let Some(token) = token {
        q.push(("ClientToken", token));
    }
    q
}

// ---------------------------------------------------------------------------------------------
// Tencent.

#[tokio::test]
async fn tencent_signed_request_creates_a_plan() {
    let emulator = Emulator::start(config(Provider::Tencent)).await;
    let reply = send(
        &emulator,
        &tencent_signed(&emulator.host(), &tencent_body(), NOW, AK, None),
    )
    .await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["Response"]["PlanId"], "plan-1", "{body}");
    assert!(body["Response"]["RequestId"].is_string());
    let created = emulator.created();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].action, "CreateBackupPlan");
    assert_eq!(created[0].params, tencent_body());
    let requests = emulator.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].signature_valid);
    assert_eq!(requests[0].action.as_deref(), Some("CreateBackupPlan"));
    assert_eq!(requests[0].header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(
        requests[0].outcome,
        Outcome::Created {
            id: "plan-1".into()
        }
    );
}

#[tokio::test]
async fn tencent_refuses_tampered_and_unauthenticated_requests() {
    let emulator = Emulator::start(config(Provider::Tencent)).await;
    let host = emulator.host();
    let good = tencent_signed(&host, &tencent_body(), NOW, AK, None);

    let mut tampered = good.clone();
    tampered.body = tencent_body()
        .to_string()
        .replace("plan1", "plan2")
        .into_bytes();
    let reply = send(&emulator, &tampered).await;
    assert_eq!(reply.status, 200);
    assert_eq!(tc_error(&reply), "AuthFailure.SignatureFailure");

    let mut no_timestamp = good.clone();
    no_timestamp.remove_header("X-TC-Timestamp");
    assert_eq!(
        tc_error(&send(&emulator, &no_timestamp).await),
        "AuthFailure.InvalidAuthorization"
    );

    let mut no_auth = good.clone();
    no_auth.remove_header("Authorization");
    assert_eq!(
        tc_error(&send(&emulator, &no_auth).await),
        "AuthFailure.InvalidAuthorization"
    );

    let stale = tencent_signed(&host, &tencent_body(), NOW - 16 * 60, AK, None);
    assert_eq!(
        tc_error(&send(&emulator, &stale).await),
        "AuthFailure.SignatureExpire"
    );
    let unknown = tencent_signed(&host, &tencent_body(), NOW, "AKIDother", None);
    assert_eq!(
        tc_error(&send(&emulator, &unknown).await),
        "AuthFailure.SecretIdNotFound"
    );
    let with_token = tencent_signed(&host, &tencent_body(), NOW, AK, Some("tok"));
    assert_eq!(
        tc_error(&send(&emulator, &with_token).await),
        "AuthFailure.TokenFailure"
    );

    assert!(emulator.created().is_empty());
    let requests = emulator.requests();
    assert_eq!(requests.len(), 6);
    assert!(!requests[0].signature_valid);
    assert!(
        requests[4].signature_valid,
        "a valid signature by an unknown key id"
    );

    // Within the allowed skew it passes.
    let fresh = tencent_signed(&host, &tencent_body(), NOW - 14 * 60, AK, None);
    assert_eq!(
        send(&emulator, &fresh).await.json()["Response"]["PlanId"],
        "plan-1"
    );
}

#[tokio::test]
async fn tencent_session_token_and_parameter_checks() {
    let mut cfg = config(Provider::Tencent);
    cfg.session_token = Some("session-token".into());
    let emulator = Emulator::start(cfg).await;
    let host = emulator.host();
    let ok = tencent_signed(&host, &tencent_body(), NOW, AK, Some("session-token"));
    assert_eq!(
        send(&emulator, &ok).await.json()["Response"]["PlanId"],
        "plan-1"
    );
    let missing = tencent_signed(&host, &tencent_body(), NOW, AK, None);
    assert_eq!(
        tc_error(&send(&emulator, &missing).await),
        "AuthFailure.TokenFailure"
    );
    let wrong = tencent_signed(&host, &tencent_body(), NOW, AK, Some("other"));
    assert_eq!(
        tc_error(&send(&emulator, &wrong).await),
        "AuthFailure.TokenFailure"
    );

    let mut body = tencent_body();
    body.as_object_mut().expect("object").remove("DBInstanceId");
    let reply = send(
        &emulator,
        &tencent_signed(&host, &body, NOW, AK, Some("session-token")),
    )
    .await;
    assert_eq!(tc_error(&reply), "MissingParameter");

    let mut body = tencent_body();
    body["Region"] = json!("ap-guangzhou");
    let reply = send(
        &emulator,
        &tencent_signed(&host, &body, NOW, AK, Some("session-token")),
    )
    .await;
    assert_eq!(tc_error(&reply), "UnknownParameter");

    let mut body = tencent_body();
    body["BaseBackupRetentionPeriod"] = json!("40");
    let reply = send(
        &emulator,
        &tencent_signed(&host, &body, NOW, AK, Some("session-token")),
    )
    .await;
    assert_eq!(tc_error(&reply), "InvalidParameter");

    let mut wrong_region = tencent_signed(&host, &tencent_body(), NOW, AK, Some("session-token"));
    wrong_region.set_header("X-TC-Region", "mars-1");
    assert_eq!(
        tc_error(&send(&emulator, &wrong_region).await),
        "UnsupportedRegion"
    );
    assert_eq!(emulator.created().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Alibaba.

fn ali_error(reply: &Reply) -> (u16, String) {
    let body = reply.json();
    (
        reply.status,
        body["Code"]
            .as_str()
            .unwrap_or_else(|| panic!("no Alibaba error in {body}"))
            .to_owned(),
    )
}

#[tokio::test]
async fn alibaba_acs3_dbs_request_creates_a_plan_with_decoded_parameters() {
    let emulator = Emulator::start(config(Provider::Alibaba)).await;
    let raw = acs3_signed(
        &emulator.host(),
        "CreateAndStartBackupPlan",
        DBS,
        &dbs_create_query(None),
        &[],
        "nonce-1",
    );
    let reply = send(&emulator, &raw).await;
    assert_eq!(
        reply.status,
        200,
        "{:?}",
        String::from_utf8_lossy(&reply.body)
    );
    let body = reply.json();
    assert_eq!(body["BackupPlanId"], "plan-1");
    assert_eq!(body["Success"], true);
    assert!(body["RequestId"].is_string());
    let created = emulator.created();
    assert_eq!(created.len(), 1);
    let params = &created[0].params;
    assert_eq!(params["BackupPeriod"], json!(["Monday", "Friday"]));
    assert_eq!(params["BackupObjects"], json!([{"DBName": "db1"}]));
    assert_eq!(params["BackupRetentionPeriod"], json!(730));
    assert_eq!(params["EnableBackupLog"], json!(true));
    assert_eq!(params["BackupSpeedLimit"], json!(9_007_199_254_740_993_i64));
    assert_eq!(params["SourceEndpointPassword"], "p a+s/s");
    assert_eq!(params["BackupPlanName"], "nightly plan");
    assert_eq!(created[0].idempotency_token, None);
    assert!(emulator.requests()[0].signature_valid);
}

#[tokio::test]
async fn alibaba_hbr_form_body_with_both_signatures() {
    let emulator = Emulator::start(config(Provider::Alibaba)).await;
    let query = [
        ("SourceType", "ECS_FILE"),
        ("VaultId", "v-0006"),
        ("Schedule", "I|1602673264|P1D"),
        ("Retention", "7"),
        ("Detail", r#"{"snapshotGroup":true}"#),
    ];
    let form = [
        ("InstanceId", "i-m5e"),
        ("Path.1", "/home"),
        ("Path.2", "/data dir"),
        ("Rule.1.Schedule", "I|1602673264|P1D"),
        ("Rule.1.Retention", "7"),
        ("Rule.1.Disabled", "false"),
        ("Include", r#"["/home/*.pdf"]"#),
        ("Options", r#"{"UseVSS":false}"#),
    ];
    let acs3 = acs3_signed(
        &emulator.host(),
        "CreateBackupPlan",
        HBR,
        &query,
        &form,
        "n-1",
    );
    let reply = send(&emulator, &acs3).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.json()["PlanId"], "plan-1");
    assert_eq!(reply.json()["Code"], "200");

    let v1 = v1_signed(
        &emulator.host(),
        "CreateBackupPlan",
        HBR,
        &query,
        &form,
        "n-2",
    );
    let reply = send(&emulator, &v1).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.json()["PlanId"], "plan-2");

    let created = emulator.created();
    assert_eq!(created.len(), 2);
    for plan in &created {
        assert_eq!(plan.params["Path"], json!(["/home", "/data dir"]));
        assert_eq!(
            plan.params["Rule"],
            json!([{"Schedule": "I|1602673264|P1D", "Retention": 7, "Disabled": false}])
        );
        assert_eq!(plan.params["Detail"], json!({"snapshotGroup": true}));
        assert_eq!(plan.params["Include"], json!(["/home/*.pdf"]));
        assert_eq!(plan.params["Retention"], json!(7));
    }
    assert_eq!(
        emulator.requests()[1].query_param("SignatureMethod"),
        Some("HMAC-SHA1")
    );

    // A form parameter sent in the query is refused.
    let mut misplaced: Vec<(&str, &str)> = query.to_vec();
    misplaced.push(("InstanceId", "i-m5e"));
    let raw = acs3_signed(
        &emulator.host(),
        "CreateBackupPlan",
        HBR,
        &misplaced,
        &[],
        "n-3",
    );
    assert_eq!(
        ali_error(&send(&emulator, &raw).await),
        (400, "InvalidParameter".into())
    );
    // A gap in a numbered list is refused.
    let raw = acs3_signed(
        &emulator.host(),
        "CreateBackupPlan",
        HBR,
        &query,
        &[("Path.1", "/a"), ("Path.3", "/c")],
        "n-4",
    );
    assert_eq!(
        ali_error(&send(&emulator, &raw).await),
        (400, "InvalidParameter".into())
    );
}

#[tokio::test]
async fn alibaba_refuses_tampered_replayed_and_invalid_requests() {
    let emulator = Emulator::start(config(Provider::Alibaba)).await;
    let host = emulator.host();
    let query = dbs_create_query(None);

    let mut tampered = acs3_signed(&host, "CreateAndStartBackupPlan", DBS, &query, &[], "t-1");
    tampered.target = tampered.target.replace("nightly", "daily");
    assert_eq!(
        ali_error(&send(&emulator, &tampered).await),
        (400, "SignatureDoesNotMatch".into())
    );

    let mut tampered_v1 = v1_signed(&host, "CreateAndStartBackupPlan", DBS, &query, &[], "t-2");
    tampered_v1.target = tampered_v1.target.replace("nightly", "daily");
    assert_eq!(
        ali_error(&send(&emulator, &tampered_v1).await),
        (400, "SignatureDoesNotMatch".into())
    );

    let mut no_date = acs3_signed(&host, "CreateAndStartBackupPlan", DBS, &query, &[], "t-3");
    no_date.remove_header("x-acs-date");
    assert_eq!(
        ali_error(&send(&emulator, &no_date).await),
        (400, "IncompleteSignature".into())
    );

    let good = acs3_signed(&host, "CreateAndStartBackupPlan", DBS, &query, &[], "t-4");
    assert_eq!(send(&emulator, &good).await.status, 200);
    assert_eq!(
        ali_error(&send(&emulator, &good).await),
        (400, "SignatureNonceUsed".into())
    );

    emulator.set_clock(Clock::fixed_unix((NOW + 16 * 60) as u64));
    let stale = acs3_signed(&host, "CreateAndStartBackupPlan", DBS, &query, &[], "t-5");
    assert_eq!(
        ali_error(&send(&emulator, &stale).await),
        (400, "InvalidTimeStamp.Expired".into())
    );
    emulator.set_clock(Clock::fixed_unix(NOW as u64));

    let no_name: Vec<(&str, &str)> = query
        .iter()
        .copied()
        .filter(|(k, _)| *k != "BackupPlanName")
        .collect();
    let raw = acs3_signed(&host, "CreateAndStartBackupPlan", DBS, &no_name, &[], "t-6");
    assert_eq!(
        ali_error(&send(&emulator, &raw).await),
        (400, "MissingBackupPlanName".into())
    );

    let raw = acs3_signed(&host, "DeleteBackupPlan", DBS, &query, &[], "t-7");
    assert_eq!(
        ali_error(&send(&emulator, &raw).await),
        (404, "InvalidAction.NotFound".into())
    );

    let mut bad_int = query.clone();
    bad_int.push(("UsedTime", "one"));
    let raw = acs3_signed(&host, "CreateAndStartBackupPlan", DBS, &bad_int, &[], "t-8");
    assert_eq!(
        ali_error(&send(&emulator, &raw).await),
        (400, "InvalidParameter".into())
    );

    let mut other = Config::new(Provider::Alibaba, "other", SK);
    other.clock = Clock::fixed_unix(NOW as u64);
    let other = Emulator::start(other).await;
    let raw = acs3_signed(
        &other.host(),
        "CreateAndStartBackupPlan",
        DBS,
        &query,
        &[],
        "t-9",
    );
    assert_eq!(
        ali_error(&send(&other, &raw).await),
        (404, "InvalidAccessKeyId.NotFound".into())
    );

    assert_eq!(emulator.created().len(), 1);
    assert!(emulator.requests()[3].signature_valid);
    assert!(!emulator.requests()[0].signature_valid);
}

#[tokio::test]
async fn dbs_client_token_makes_requests_idempotent() {
    let emulator = Emulator::start(config(Provider::Alibaba)).await;
    let host = emulator.host();
    let first = acs3_signed(
        &host,
        "CreateAndStartBackupPlan",
        DBS,
        &dbs_create_query(Some("token-1")),
        &[],
        "i-1",
    );
    let reply1 = send(&emulator, &first).await.json();
    let retry = acs3_signed(
        &host,
        "CreateAndStartBackupPlan",
        DBS,
        &dbs_create_query(Some("token-1")),
        &[],
        "i-2",
    );
    let reply2 = send(&emulator, &retry).await.json();
    assert_eq!(reply1["BackupPlanId"], "plan-1");
    assert_eq!(reply2["BackupPlanId"], reply1["BackupPlanId"]);
    assert_eq!(reply2["OrderId"], reply1["OrderId"]);
    assert_ne!(reply2["RequestId"], reply1["RequestId"]);

    // The plan is created once; a new token creates another.
    assert_eq!(emulator.created().len(), 1);
    assert_eq!(
        emulator.created()[0].idempotency_token.as_deref(),
        Some("token-1")
    );
    let other = acs3_signed(
        &host,
        "CreateAndStartBackupPlan",
        DBS,
        &dbs_create_query(Some("token-2")),
        &[],
        "i-3",
    );
    assert_ne!(
        send(&emulator, &other).await.json()["BackupPlanId"],
        "plan-1"
    );

    // A lost answer, then the retry with the same token gets the same plan.
    emulator.push_fault(Fault::DropAfterProcessing);
    let configure = |nonce: &str| {
        v1_signed(
            &host,
            "ConfigureBackupPlan",
            DBS,
            &[
                ("BackupPlanId", "dbs-existing"),
                ("SourceEndpointInstanceType", "RDS"),
                ("BackupPlanName", "p"),
                ("ClientToken", "token-1"),
            ],
            &[],
            nonce,
        )
    };
    let (lost, _) = exchange(&emulator, &configure("i-4").bytes()).await;
    assert!(lost.is_empty());
    let replay = send(&emulator, &configure("i-5")).await.json();
    assert_eq!(replay["BackupPlanId"], "dbs-existing");
    assert_eq!(replay["Success"], true);

    let outcomes: Vec<Outcome> = emulator.requests().into_iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::Created {
                id: "plan-1".into()
            },
            Outcome::Replayed {
                id: "plan-1".into()
            },
            Outcome::Created {
                id: "plan-3".into()
            },
            Outcome::Created {
                id: "dbs-existing".into()
            },
            Outcome::Replayed {
                id: "dbs-existing".into()
            },
        ]
    );
    assert_eq!(emulator.created().len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Parameters the operation tables do not list.

#[tokio::test]
async fn unknown_parameters_are_refused_by_default_and_recorded_when_accepted() {
    let strict = Emulator::start(config(Provider::Alibaba)).await;
    let mut accepting = config(Provider::Alibaba);
    accepting.accept_undocumented = true;
    let lenient = Emulator::start(accepting).await;
    let mut query = dbs_create_query(None);
    query.extend([
        ("OwnerId", "1234567890"),
        ("NewList.1", "a"),
        ("NewList.2", "b"),
    ]);
    let hbr_query = [("SourceType", "ECS_FILE"), ("NewParam.1", "x")];
    let hbr_form = [
        ("InstanceId", "i-m5e"),
        ("Path.1", "/home"),
        ("Rule.1.Retention", "7"),
        ("Rule.1.NewMember", "y"),
        ("FormOnly", "z"),
    ];
    for (i, signer) in [acs3_signed, v1_signed].into_iter().enumerate() {
        let dbs = |e: &Emulator, nonce: &str| {
            signer(
                &e.host(),
                "CreateAndStartBackupPlan",
                DBS,
                &query,
                &[],
                nonce,
            )
        };
        let hbr = |e: &Emulator, nonce: &str| {
            signer(
                &e.host(),
                "CreateBackupPlan",
                HBR,
                &hbr_query,
                &hbr_form,
                nonce,
            )
        };
        let nonce = |n: &str| format!("u-{i}-{n}");
        // By default: refused, naming the parameter, though the signature is good.
        let reply = send(&strict, &dbs(&strict, &nonce("1"))).await;
        assert_eq!(ali_error(&reply), (400, "InvalidParameter".into()));
        assert!(
            reply.json()["Message"]
                .as_str()
                .unwrap()
                .contains("\"OwnerId\" is not known")
        );
        let reply = send(&strict, &hbr(&strict, &nonce("2"))).await;
        assert_eq!(ali_error(&reply), (400, "InvalidParameter".into()));
        // Accepted: created, the unknown ones kept by their wire names.
        let reply = send(&lenient, &dbs(&lenient, &nonce("3"))).await;
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        let reply = send(&lenient, &hbr(&lenient, &nonce("4"))).await;
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        let created = lenient.created();
        let [.., dbs_plan, hbr_plan] = created.as_slice() else {
            panic!("two plans: {created:?}");
        };
        assert_eq!(
            dbs_plan.undocumented,
            json!({"OwnerId": "1234567890", "NewList.1": "a", "NewList.2": "b"})
        );
        assert_eq!(dbs_plan.params["BackupPlanName"], "nightly plan");
        assert!(dbs_plan.params.get("OwnerId").is_none());
        assert_eq!(
            hbr_plan.undocumented,
            json!({"NewParam.1": "x", "Rule.1.NewMember": "y", "FormOnly": "z"})
        );
        assert_eq!(hbr_plan.params["Rule"], json!([{"Retention": 7}]));
        // The signature covers them: a changed value is caught.
        let mut tampered = dbs(&lenient, &nonce("5"));
        tampered.target = tampered.target.replace("1234567890", "1234567891");
        assert_eq!(
            ali_error(&send(&lenient, &tampered).await),
            (400, "SignatureDoesNotMatch".into())
        );
        assert!(!lenient.requests().last().unwrap().signature_valid);
    }
    assert!(strict.requests().iter().all(|r| r.signature_valid));
    assert!(strict.created().is_empty());
    assert_eq!(lenient.created().len(), 4);

    // The signature's own names are refused even when unknown parameters are accepted.
    for name in ["Action", "Signature", "SecurityToken"] {
        let mut with_name = dbs_create_query(None);
        with_name.push((name, "x"));
        let raw = acs3_signed(
            &lenient.host(),
            "CreateAndStartBackupPlan",
            DBS,
            &with_name,
            &[],
            &format!("r-{name}"),
        );
        assert_eq!(
            ali_error(&send(&lenient, &raw).await),
            (400, "InvalidParameter".into()),
            "{name}"
        );
    }

    // Tencent: an unknown body member, but not a common parameter's name.
    let mut accepting = config(Provider::Tencent);
    accepting.accept_undocumented = true;
    let tencent = Emulator::start(accepting).await;
    let mut body = tencent_body();
    body["NewFlag"] = json!({"On": true});
    let reply = send(
        &tencent,
        &tencent_signed(&tencent.host(), &body, NOW, AK, None),
    )
    .await;
    assert_eq!(reply.json()["Response"]["PlanId"], "plan-1");
    assert_eq!(
        tencent.created()[0].undocumented,
        json!({"NewFlag": {"On": true}})
    );
    let mut body = tencent_body();
    body["Region"] = json!("ap-guangzhou");
    let reply = send(
        &tencent,
        &tencent_signed(&tencent.host(), &body, NOW, AK, None),
    )
    .await;
    assert_eq!(tc_error(&reply), "UnknownParameter");

    // Huawei: unknown members at any depth, by their paths.
    let mut accepting = config(Provider::Huawei);
    accepting.accept_undocumented = true;
    let huawei = Emulator::start(accepting).await;
    let mut body = huawei_body();
    body["enterprise_project_id"] = json!("0");
    body["scheduled_policy"]["new_member"] = json!(5);
    body["tags"][0]["kind"] = json!("k");
    let reply = send(&huawei, &huawei_signed(&huawei.host(), "p1", &body, false)).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(
        huawei.created()[0].undocumented,
        json!({"enterprise_project_id": "0", "scheduled_policy.new_member": 5, "tags[0].kind": "k"})
    );
    assert_eq!(
        huawei.created()[0].params["tags"],
        json!([{"key": "key", "value": "value"}])
    );
    let strict = Emulator::start(config(Provider::Huawei)).await;
    let reply = send(&strict, &huawei_signed(&strict.host(), "p1", &body, false)).await;
    assert_eq!(hw_error(&reply), (400, "VBS.0001".into()));
    assert!(strict.requests()[0].signature_valid);
}

// ---------------------------------------------------------------------------------------------
// Huawei.

fn hw_error(reply: &Reply) -> (u16, String) {
    let body = reply.json();
    let code = body["error"]["code"]
        .as_str()
        .or(body["error_code"].as_str())
        .unwrap_or_else(|| panic!("no Huawei error in {body}"));
    (reply.status, code.to_owned())
}

#[tokio::test]
async fn huawei_signed_request_creates_a_policy() {
    let emulator = Emulator::start(config(Provider::Huawei)).await;
    let raw = huawei_signed(&emulator.host(), "a/b", &huawei_body(), false);
    assert_eq!(raw.target, "/v2/a%2Fb/backuppolicy");
    let reply = send(&emulator, &raw).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.json(), json!({"backup_policy_id": "policy-1"}));
    assert!(reply.header("X-Request-Id").is_some());
    let created = emulator.created();
    assert_eq!(created[0].action, "CreateBackupPolicy");
    assert_eq!(created[0].params["project_id"], "a/b");
    assert_eq!(
        created[0].params["scheduled_policy"]["start_time"],
        json!(["12:00", "18:00"])
    );
    assert_eq!(
        created[0].params["tags"],
        json!([{"key": "key", "value": "value"}])
    );

    // The Python SDK core's canonical URI for an encoded slash is accepted too.
    let raw = huawei_signed(&emulator.host(), "a/b", &huawei_body(), true);
    assert_eq!(send(&emulator, &raw).await.status, 200);
    let raw = huawei_signed(&emulator.host(), "0a1b2c3d", &huawei_body(), false);
    assert_eq!(send(&emulator, &raw).await.status, 200);
    assert!(emulator.requests().iter().all(|r| r.signature_valid));
}

#[tokio::test]
async fn huawei_refuses_tampered_requests_and_other_paths() {
    let emulator = Emulator::start(config(Provider::Huawei)).await;
    let host = emulator.host();
    let good = huawei_signed(&host, "proj", &huawei_body(), false);

    let mut tampered = good.clone();
    tampered.body = huawei_body()
        .to_string()
        .replace("policy_01", "policy_02")
        .into_bytes();
    let reply = send(&emulator, &tampered).await;
    assert_eq!(hw_error(&reply), (401, "APIGW.0301".into()));
    assert!(reply.json()["error"]["message"].is_string());

    let mut no_date = good.clone();
    no_date.remove_header("X-Sdk-Date");
    assert_eq!(
        hw_error(&send(&emulator, &no_date).await),
        (401, "APIGW.0301".into())
    );

    for target in [
        "/v2/a/b/backuppolicy",
        "/v2/proj/backuppolicy/",
        "/v2//backuppolicy",
        "/v2/proj/backuppolicies",
        "/v3/proj/backuppolicy",
    ] {
        let mut other = good.clone();
        other.target = target.into();
        assert_eq!(
            hw_error(&send(&emulator, &other).await),
            (404, "APIGW.0101".into()),
            "{target}"
        );
    }
    let mut get = good.clone();
    get.method = "GET".into();
    assert_eq!(
        hw_error(&send(&emulator, &get).await),
        (404, "APIGW.0101".into())
    );

    let mut body = huawei_body();
    body["scheduled_policy"]["retention_day"] = json!(3);
    let raw = huawei_signed(&host, "proj", &body, false);
    assert_eq!(
        hw_error(&send(&emulator, &raw).await),
        (400, "VBS.0001".into())
    );
    let mut wrong_project = huawei_signed(&host, "proj", &huawei_body(), false);
    wrong_project.set_header("X-Project-Id", "other");
    // X-Project-Id is signed here, so changing it breaks the signature first.
    assert_eq!(
        hw_error(&send(&emulator, &wrong_project).await),
        (401, "APIGW.0301".into())
    );
    assert!(emulator.created().is_empty());
}

#[tokio::test]
async fn huawei_error_shapes_are_selectable() {
    let mut cfg = config(Provider::Huawei);
    cfg.huawei_error_shape = HuaweiErrorShape::Flat;
    let flat = Emulator::start(cfg).await;
    let mut raw = huawei_signed(&flat.host(), "proj", &huawei_body(), false);
    raw.body.push(b' ');
    let body = send(&flat, &raw).await.json();
    assert_eq!(body["error_code"], "APIGW.0301");
    assert!(body["error_msg"].is_string());
    assert!(body.get("error").is_none());

    let mut cfg = config(Provider::Huawei);
    cfg.huawei_error_shape = HuaweiErrorShape::GatewayFlat;
    let mixed = Emulator::start(cfg).await;
    let mut raw = huawei_signed(&mixed.host(), "proj", &huawei_body(), false);
    raw.body.push(b' ');
    assert_eq!(send(&mixed, &raw).await.json()["error_code"], "APIGW.0301");
    let raw = huawei_signed(
        &mixed.host(),
        "proj",
        &json!({"backup_policy_name": "x"}),
        false,
    );
    assert_eq!(send(&mixed, &raw).await.json()["error"]["code"], "VBS.0001");
}

// ---------------------------------------------------------------------------------------------
// Faults.

#[tokio::test]
async fn throttling_and_server_errors_use_each_providers_envelope() {
    let tencent = Emulator::start(config(Provider::Tencent)).await;
    let raw = tencent_signed(&tencent.host(), &tencent_body(), NOW, AK, None);
    tencent.push_fault(Fault::Throttle);
    tencent.push_fault(Fault::ServerError(503));
    let reply = send(&tencent, &raw).await;
    assert_eq!(
        (reply.status, tc_error(&reply)),
        (200, "RequestLimitExceeded".into())
    );
    let reply = send(&tencent, &raw).await;
    assert_eq!(
        (reply.status, tc_error(&reply)),
        (503, "ServiceUnavailable".into())
    );
    assert_eq!(tencent.pending_faults(), 0);
    let reply = send(&tencent, &raw).await;
    assert_eq!(reply.json()["Response"]["PlanId"], "plan-1");
    assert_eq!(tencent.created().len(), 1);
    let recorded = tencent.requests();
    assert_eq!(recorded[0].fault, Some(Fault::Throttle));
    assert!(recorded[0].signature_valid);
    assert_eq!(
        recorded[0].outcome,
        Outcome::Rejected {
            status: 200,
            code: "RequestLimitExceeded".into()
        }
    );

    let alibaba = Emulator::start(config(Provider::Alibaba)).await;
    let query = dbs_create_query(None);
    alibaba.push_fault(Fault::Throttle);
    alibaba.push_fault(Fault::ServerError(500));
    alibaba.push_fault(Fault::Reject {
        status: 403,
        code: "Request.Forbidden".into(),
        message: "Have no Permissions".into(),
    });
    let mut codes = Vec::new();
    for n in 0..3 {
        let raw = acs3_signed(
            &alibaba.host(),
            "CreateAndStartBackupPlan",
            DBS,
            &query,
            &[],
            &format!("f-{n}"),
        );
        codes.push(ali_error(&send(&alibaba, &raw).await));
    }
    assert_eq!(
        codes,
        vec![
            (400, "Throttling.User".into()),
            (500, "InternalError".into()),
            (403, "Request.Forbidden".into())
        ]
    );
    // The faulted requests used no nonce: f-0 may be signed again.
    let raw = acs3_signed(
        &alibaba.host(),
        "CreateAndStartBackupPlan",
        DBS,
        &query,
        &[],
        "f-0",
    );
    assert_eq!(send(&alibaba, &raw).await.status, 200);

    let huawei = Emulator::start(config(Provider::Huawei)).await;
    let raw = huawei_signed(&huawei.host(), "proj", &huawei_body(), false);
    huawei.push_fault(Fault::Throttle);
    huawei.push_fault(Fault::ServerError(502));
    assert_eq!(
        hw_error(&send(&huawei, &raw).await),
        (429, "APIGW.0308".into())
    );
    assert_eq!(
        hw_error(&send(&huawei, &raw).await),
        (502, "VBS.9999".into())
    );
    assert!(huawei.created().is_empty());
}

#[tokio::test]
async fn slow_drop_and_reset_faults() {
    let emulator = Emulator::start(config(Provider::Tencent)).await;
    let raw = tencent_signed(&emulator.host(), &tencent_body(), NOW, AK, None);

    emulator.push_fault(Fault::Slow(Duration::from_millis(300)));
    let started = Instant::now();
    let reply = send(&emulator, &raw).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.json()["Response"]["PlanId"], "plan-1");

    emulator.push_fault(Fault::DropBeforeProcessing);
    let (bytes, _) = exchange(&emulator, &raw.bytes()).await;
    assert!(bytes.is_empty());
    assert_eq!(emulator.created().len(), 1);

    emulator.push_fault(Fault::DropAfterProcessing);
    let (bytes, _) = exchange(&emulator, &raw.bytes()).await;
    assert!(bytes.is_empty());
    assert_eq!(emulator.created().len(), 2);

    emulator.push_fault(Fault::ResetConnection);
    let (bytes, _) = exchange(&emulator, &raw.bytes()).await;
    assert!(bytes.is_empty());
    assert_eq!(emulator.created().len(), 2);

    let requests = emulator.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[1].outcome, Outcome::NotProcessed);
    assert_eq!(requests[1].fault, Some(Fault::DropBeforeProcessing));
    assert_eq!(
        requests[2].outcome,
        Outcome::Created {
            id: "plan-2".into()
        }
    );
    assert_eq!(requests[3].fault, Some(Fault::ResetConnection));
    assert_eq!(requests[3].outcome, Outcome::NotProcessed);
    assert!(requests.windows(2).all(|w| w[0].when <= w[1].when));
}

#[tokio::test]
async fn broken_response_faults() {
    let emulator = Emulator::start(config(Provider::Tencent)).await;
    let raw = tencent_signed(&emulator.host(), &tencent_body(), NOW, AK, None);

    emulator.push_fault(Fault::TruncatedBody);
    let reply = send(&emulator, &raw).await;
    assert_eq!(reply.status, 200);
    let declared: usize = reply
        .header("Content-Length")
        .and_then(|v| v.parse().ok())
        .expect("Content-Length");
    assert!(!reply.body.is_empty() && reply.body.len() < declared);
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());

    emulator.push_fault(Fault::MalformedJson);
    let reply = send(&emulator, &raw).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("Content-Type"),
        Some("application/json;charset=utf-8")
    );
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());

    emulator.push_fault(Fault::Oversized(100_000));
    let reply = send(&emulator, &raw).await;
    assert_eq!(reply.body.len(), 100_000);
    assert_eq!(reply.json()["Response"]["PlanId"], "plan-3");

    // Every one of them was processed.
    assert_eq!(emulator.created().len(), 3);
}

#[tokio::test]
async fn rate_limit_throttles_beyond_the_window() {
    let mut cfg = config(Provider::Huawei);
    cfg.rate_limit = Some(RateLimit {
        requests: 2,
        per: Duration::from_secs(60),
    });
    let emulator = Emulator::start(cfg).await;
    let raw = huawei_signed(&emulator.host(), "proj", &huawei_body(), false);
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(send(&emulator, &raw).await.status);
    }
    assert_eq!(statuses, vec![200, 200, 429]);
}

// ---------------------------------------------------------------------------------------------
// Robustness.

#[tokio::test]
async fn malformed_http_gets_400_and_the_server_keeps_serving() {
    let emulator = Emulator::start(config(Provider::Alibaba)).await;
    let cases: Vec<Vec<u8>> = vec![
        b"hello\r\n\r\n".to_vec(),
        b"POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n".to_vec(),
        b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n".to_vec(),
        b"POST http://x/ HTTP/1.1\r\n\r\n".to_vec(),
        b"POST / HTTP/2.0\r\n\r\n".to_vec(),
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        b"POST / HTTP/1.1\r\nBad Header: x\r\n\r\n".to_vec(),
        b"POST / HTTP/1.1\r\nX: \xff\r\n\r\n".to_vec(),
        b"\x00\x01\x02\r\n\r\n".to_vec(),
    ];
    for case in &cases {
        let (bytes, _) = exchange(&emulator, case).await;
        let reply = parse_reply(&bytes);
        assert_eq!(reply.status, 400, "{:?}", String::from_utf8_lossy(case));
        assert!(reply.json()["Code"].is_string());
    }
    let huge = format!(
        "POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
        emulator.config().max_body_bytes + 1
    );
    let reply = parse_reply(&exchange(&emulator, huge.as_bytes()).await.0);
    assert_eq!(reply.status, 413);
    let long_head = format!("POST / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(70_000));
    let reply = parse_reply(&exchange(&emulator, long_head.as_bytes()).await.0);
    assert_eq!(reply.status, 413);

    // Unsigned or garbage-signed requests are auth errors, not crashes.
    let mut raw = acs3_signed(
        &emulator.host(),
        "CreateAndStartBackupPlan",
        DBS,
        &[],
        &[],
        "m-1",
    );
    raw.set_header("Authorization", "ACS3-HMAC-SHA256 garbage");
    assert_eq!(
        ali_error(&send(&emulator, &raw).await),
        (400, "IncompleteSignature".into())
    );
    raw.remove_header("Authorization");
    assert_eq!(
        ali_error(&send(&emulator, &raw).await),
        (400, "IncompleteSignature".into())
    );

    // A chunked, well-signed request still works.
    let good = acs3_signed(
        &emulator.host(),
        "CreateAndStartBackupPlan",
        DBS,
        &dbs_create_query(None),
        &[],
        "m-2",
    );
    let mut bytes = format!("{} {} HTTP/1.1\r\n", good.method, good.target);
    for (n, v) in &good.headers {
        bytes.push_str(&format!("{n}: {v}\r\n"));
    }
    bytes.push_str("Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    let reply = parse_reply(&exchange(&emulator, bytes.as_bytes()).await.0);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(emulator.created().len(), 1);
}

#[tokio::test]
async fn concurrent_requests_are_all_served() {
    let emulator = Emulator::start(config(Provider::Tencent)).await;
    let raw = tencent_signed(&emulator.host(), &tencent_body(), NOW, AK, None);
    let bytes = raw.bytes();
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let addr = emulator.addr();
        let bytes = bytes.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await.expect("connect");
            stream.write_all(&bytes).await.expect("write");
            let mut out = Vec::new();
            stream.read_to_end(&mut out).await.expect("read");
            parse_reply(&out).json()["Response"]["PlanId"]
                .as_str()
                .expect("PlanId")
                .to_owned()
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.expect("task"));
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 16);
    assert_eq!(emulator.created().len(), 16);
}

#[tokio::test]
async fn dropping_the_emulator_stops_the_server() {
    let emulator = Emulator::start(config(Provider::Huawei)).await;
    let addr = emulator.addr();
    // An idle connection is open when the emulator goes away.
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    drop(emulator);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(TcpStream::connect(addr).await.is_err());
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(2), idle.read(&mut buf))
        .await
        .expect("the idle connection is closed");
    assert!(matches!(read, Ok(0) | Err(_)));
}

#[tokio::test]
async fn mangled_requests_never_break_the_server() {
    let emulator = Emulator::start(config(Provider::Tencent)).await;
    let valid = tencent_signed(&emulator.host(), &tencent_body(), NOW, AK, None).bytes();
    // A small deterministic xorshift generator.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..60 {
        let mut bytes = valid.clone();
        match round % 3 {
            0 => bytes.truncate((next() % bytes.len() as u64) as usize),
            1 => {
                for _ in 0..1 + next() % 4 {
                    let i = (next() % bytes.len() as u64) as usize;
                    bytes[i] = next() as u8;
                }
            }
            _ => bytes = (0..next() % 300).map(|_| next() as u8).collect(),
        }
        let (reply, _) = exchange(&emulator, &bytes).await;
        if !reply.is_empty() {
            let reply = parse_reply(&reply);
            assert!(
                matches!(reply.status, 200 | 400 | 404 | 413),
                "round {round}: status {}",
                reply.status
            );
            assert!(reply.json()["Response"].is_object(), "round {round}");
        }
    }
    let reply = send(
        &emulator,
        &tencent_signed(&emulator.host(), &tencent_body(), NOW, AK, None),
    )
    .await;
    assert!(reply.json()["Response"]["PlanId"].is_string());
}
