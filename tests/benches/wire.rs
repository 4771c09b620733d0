//! What a request costs on its way to the wire, per operation and per signature algorithm.
//!
//! - `serialize/<operation-id>` (`sdk`): a built request turned into its wire form: the JSON
//!   value, its parameters placed in path, query, form, JSON body and headers, and the path,
//!   query string and body rendered as they are sent.
//! - `sign/<algorithm>` (`sdk` and `floor`): the signer the client calls (`authorize`, or
//!   RPC V1's `signature`) on a prepared request of one operation, beside the bare hash and
//!   HMAC chain the algorithm needs over exactly the same bytes (canonical strings computed
//!   once, outside the timed loop). Before timing, the floor's signature is checked against
//!   the signer's, and the signer's against the one the client prepared. TC3's signer keeps
//!   its derived keys as a client does, from one request to the next.
//! - `prepare/<operation-id>` (`sdk`): a whole `prepare_<operation>` of the service client:
//!   validate, serialize, encode, sign, at a fixed time and nonce with static credentials;
//!   `prepare/<operation-id>/v1` for Alibaba's signature V1. Each prepared request is first
//!   checked against `tests/fixtures/prepared`.
//!
//! ```sh
//! cargo bench -p cloud-backup-tests --bench wire
//! ```

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use cloud_backup_runtime::sign::encode::{canonical_query, rfc3986};
use cloud_backup_runtime::sign::{Key, Request, SigningKeys, acs3, rpc_v1, sdk_hmac_sha256, tc3};
use cloud_backup_runtime::{
    AcsSignature, ClientBuilder, Credentials, FixedClock, FixedNonce, HttpResponse, Limits,
    OperationInfo, PreparedRequest, Protocol, SendFuture, ServiceClient, Transport, TransportError,
    Validate, encode, encode_segment,
};
use cloud_backup_sdk::alibabacloud::{dbs, hbr};
use cloud_backup_sdk::huaweicloud::vbs;
use cloud_backup_sdk::tencentcloud::postgres;

/// The time and nonce `tests/fixtures/prepared` was recorded with.
const TIME: u64 = 1_700_000_000;
const NONCE: &str = "3156853299f313e23d1673dc12e1703d";

/// The credentials of the providers' published signing examples, as in
/// `tests/fixtures/prepared/README.md`.
const TENCENT: (&str, &str) = (
    "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
    "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
);
const ALIBABA: (&str, &str) = ("YourAccessKeyId", "YourAccessKeySecret");
const HUAWEI: (&str, &str) = (
    "QTWAOYTTINDUT2QVKYUC",
    "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
);

const TENCENT_CREATE: &str = "tencentcloud.postgres.CreateBackupPlan";
const DBS_CREATE_AND_START: &str = "alibabacloud.dbs.CreateAndStartBackupPlan";
const DBS_CONFIGURE: &str = "alibabacloud.dbs.ConfigureBackupPlan";
const HBR_CREATE: &str = "alibabacloud.hbr.CreateBackupPlan";
const VBS_CREATE: &str = "huaweicloud.vbs.CreateBackupPolicy";

/// Preparing never sends; this transport only completes the client.
#[derive(Debug)]
struct NoTransport;

impl Transport for NoTransport {
    fn send<'a>(&'a self, _: &'a PreparedRequest, _: Limits) -> SendFuture<'a> {
        Box::pin(async {
            Err::<HttpResponse, _>(TransportError::Connect("benchmarks never send".into()))
        })
    }
}

fn fixture(path: &str) -> Value {
    let file = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {file}: {e}"))
}

fn operation(id: &str) -> &'static OperationInfo {
    cloud_backup_sdk::operation(id).unwrap_or_else(|| panic!("unknown operation {id}"))
}

/// The typed request of `tests/fixtures/requests/<id>.json`, with the idempotency token the
/// client would fill in (the fixed nonce) already set, so that `prepare` and the wire form
/// carry the same parameters.
fn request<R: DeserializeOwned + Validate>(id: &str) -> R {
    let mut value = fixture(&format!("requests/{id}.json"));
    if let (Some(token), Value::Object(members)) = (operation(id).idempotency_token, &mut value) {
        members.insert(token.to_owned(), Value::String(NONCE.to_owned()));
    }
    let request: R = serde_json::from_value(value).unwrap_or_else(|e| panic!("{id}: {e}"));
    if let Err(errors) = request.validate() {
        panic!("{id} is invalid: {errors:?}");
    }
    request
}

/// A service client at the fixed time and nonce, with static credentials.
fn client<C: ServiceClient>(
    builder: ClientBuilder<C>,
    (id, secret): (&str, &str),
    region: &str,
    signature: AcsSignature,
) -> C {
    builder
        .credentials(Credentials::new(id, secret))
        .region(region)
        .acs_signature(signature)
        .clock(Arc::new(FixedClock(
            SystemTime::UNIX_EPOCH + Duration::from_secs(TIME),
        )))
        .nonces(Arc::new(FixedNonce(NONCE.to_owned())))
        .transport(Arc::new(NoTransport))
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
}

/// What goes on the wire for a request, before signing.
#[derive(Debug, PartialEq)]
struct Wire {
    /// The path, parameters filled in and encoded.
    path: String,
    /// The query string (sorted, RFC 3986), without `?`.
    query: String,
    /// The body text.
    body: String,
    /// Header parameters.
    headers: Vec<(String, String)>,
}

/// The wire form of a built request, with the public pieces the client uses: the JSON value,
/// [`encode`] by the operation's placements, then the text of path, query and body.
fn wire<R: Serialize>(op: &OperationInfo, request: &R) -> Wire {
    let value = serde_json::to_value(request).unwrap_or_else(|e| panic!("{}: {e}", op.id));
    let encoded = encode::encode(
        &value,
        op.request.fields,
        op.service.protocol.undocumented_location(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut path = op.path.to_owned();
    for (name, value) in &encoded.path {
        path = path.replace(&format!("{{{name}}}"), &encode_segment(value));
    }
    let body = match op.service.protocol {
        Protocol::Tc3 | Protocol::HuaweiRest => {
            serde_json::to_string(&encoded.json.unwrap_or_default())
                .unwrap_or_else(|e| panic!("{e}"))
        }
        Protocol::AcsRpc => encoded
            .form
            .iter()
            .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
            .collect::<Vec<_>>()
            .join("&"),
    };
    Wire {
        path,
        query: canonical_query(&encoded.query),
        body,
        headers: encoded.headers,
    }
}

/// The encoded parameters of a request: what the signers take as query and form.
fn encoded<R: Serialize>(op: &OperationInfo, request: &R) -> encode::Encoded {
    let value = serde_json::to_value(request).unwrap_or_else(|e| panic!("{}: {e}", op.id));
    encode::encode(
        &value,
        op.request.fields,
        op.service.protocol.undocumented_location(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The recorded prepared request of `tests/fixtures/prepared/<name>.json`.
fn recorded(name: &str) -> PreparedRequest {
    let v = fixture(&format!("prepared/{name}.json"));
    let text = |field: &str| {
        v[field]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: {field}"))
            .to_owned()
    };
    let headers = v["headers"]
        .as_object()
        .unwrap_or_else(|| panic!("{name}: headers"))
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect();
    PreparedRequest {
        method: text("method"),
        url: text("url"),
        headers,
        body: text("body"),
    }
}

/// Whether two prepared requests are the same request (headers in any order).
fn same_request(a: &PreparedRequest, b: &PreparedRequest) -> bool {
    let headers = |p: &PreparedRequest| -> Map<String, Value> {
        p.headers
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect()
    };
    (&a.method, &a.url, &a.body, headers(a)) == (&b.method, &b.url, &b.body, headers(b))
}

fn header<'a>(prepared: &'a PreparedRequest, name: &str) -> &'a str {
    prepared
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// Host and path (without query) of a prepared URL.
fn host_and_path(url: &str) -> (&str, &str) {
    let rest = url.strip_prefix("https://").unwrap_or(url);
    let rest = rest.split_once('?').map_or(rest, |(before, _)| before);
    match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, "/"),
    }
}

// --- serialize ---------------------------------------------------------------------------

/// `serialize/<id>`: checks the wire form against the recorded prepared request, then
/// times it.
fn serialize<R: Serialize>(c: &mut Criterion, id: &str, request: &R) {
    let op = operation(id);
    let w = wire(op, request);
    let prepared = recorded(id);
    assert_eq!(w.body, prepared.body, "{id}: body");
    let (_, path) = host_and_path(&prepared.url);
    assert_eq!(w.path, path, "{id}: path");
    if op.service.protocol == Protocol::AcsRpc {
        let query = prepared.url.split_once('?').map_or("", |(_, q)| q);
        assert_eq!(w.query, query, "{id}: query");
    }
    c.benchmark_group(format!("serialize/{id}"))
        .bench_function("sdk", |b| b.iter(|| wire(op, black_box(request))));
}

fn serialize_benches(c: &mut Criterion) {
    serialize(
        c,
        TENCENT_CREATE,
        &request::<postgres::CreateBackupPlanRequest>(TENCENT_CREATE),
    );
    serialize(
        c,
        DBS_CREATE_AND_START,
        &request::<dbs::CreateAndStartBackupPlanRequest>(DBS_CREATE_AND_START),
    );
    serialize(
        c,
        DBS_CONFIGURE,
        &request::<dbs::ConfigureBackupPlanRequest>(DBS_CONFIGURE),
    );
    serialize(
        c,
        HBR_CREATE,
        &request::<hbr::CreateBackupPlanRequest>(HBR_CREATE),
    );
    serialize(
        c,
        VBS_CREATE,
        &request::<vbs::CreateBackupPolicyRequest>(VBS_CREATE),
    );
}

// --- sign ---------------------------------------------------------------------------------

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|e| panic!("HMAC takes any key: {e}"));
    mac.update(data);
    let mut out = [0; 32];
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

/// Lower-case hex through a table, without the per-character `String` pushes of
/// `hex::encode`: the floor's own printing of the signature.
fn hex_lower<const N: usize>(bytes: [u8; N]) -> String {
    let mut out = vec![0; 2 * N];
    hex::encode_to_slice(bytes, &mut out).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
}

fn hmac_sha1(key: &[u8], data: &[u8]) -> [u8; 20] {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|e| panic!("HMAC takes any key: {e}"));
    mac.update(data);
    let mut out = [0; 20];
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

/// `sign/<algorithm>`: the signer (`sdk`) beside the bare chain (`floor`). Both are run once
/// and must give the same signature (the signer's as the end of its `Authorization` value)
/// before anything is timed.
fn sign_group(
    c: &mut Criterion,
    algorithm: &str,
    sdk: impl Fn() -> String,
    floor: impl Fn() -> String,
) {
    let (signer, bare) = (sdk(), floor());
    assert!(
        signer == bare || signer.ends_with(&format!("Signature={bare}")),
        "sign/{algorithm}: the floor signs differently: {signer} vs {bare}"
    );
    let mut group = c.benchmark_group(format!("sign/{algorithm}"));
    group.bench_function("sdk", |b| b.iter(&sdk));
    group.bench_function("floor", |b| b.iter(&floor));
    group.finish();
}

/// TC3 on the prepared Tencent CreateBackupPlan: SHA-256 of the body and of the canonical
/// request, the HMAC key derivation (date, service, `tc3_request`) and the final HMAC.
fn sign_tc3(c: &mut Criterion) {
    let (access_key_id, secret) = TENCENT;
    let prepared = client(
        postgres::Client::builder(),
        TENCENT,
        "ap-guangzhou",
        AcsSignature::V3,
    )
    .prepare_create_backup_plan(&request(TENCENT_CREATE))
    .unwrap_or_else(|e| panic!("{e}"));
    let (host, _) = host_and_path(&prepared.url);
    let body = prepared.body.as_bytes();
    let input = tc3::Tc3Input {
        method: "POST",
        host,
        body,
        content_type: header(&prepared, "Content-Type"),
        service: "postgres",
        timestamp: i64::try_from(TIME).unwrap_or_default(),
        access_key_id,
        secret,
    };
    let signed = tc3::sign_request(&input).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(signed.authorization, header(&prepared, "Authorization"));
    let keys = SigningKeys::new();
    assert_eq!(
        tc3::authorize(&input, &keys).as_deref(),
        Ok(header(&prepared, "Authorization"))
    );
    let canonical_request = signed.canonical_request.as_bytes();
    let string_to_sign = signed.string_to_sign.as_bytes();
    let date = signed
        .credential_scope
        .split('/')
        .next()
        .unwrap_or_default();
    let tc3_secret = format!("TC3{secret}");
    assert_eq!(
        hex::encode(Sha256::digest(canonical_request)),
        signed.hashed_canonical_request
    );
    sign_group(
        c,
        "tc3",
        || tc3::authorize(black_box(&input), &keys).unwrap_or_else(|e| panic!("{e}")),
        || {
            black_box(Sha256::digest(black_box(body)));
            black_box(Sha256::digest(black_box(canonical_request)));
            let k_date = hmac_sha256(black_box(tc3_secret.as_bytes()), date.as_bytes());
            let k_service = hmac_sha256(&k_date, b"postgres");
            let k_signing = hmac_sha256(&k_service, b"tc3_request");
            hex_lower(hmac_sha256(&k_signing, black_box(string_to_sign)))
        },
    );
}

/// ACS3 on the prepared HBR CreateBackupPlan (query and form body): SHA-256 of the body and
/// of the canonical request, one HMAC.
fn sign_acs3(c: &mut Criterion) {
    let (access_key_id, secret) = ALIBABA;
    let typed: hbr::CreateBackupPlanRequest = request(HBR_CREATE);
    let prepared = client(
        hbr::Client::builder(),
        ALIBABA,
        "cn-hangzhou",
        AcsSignature::V3,
    )
    .prepare_create_backup_plan(&typed)
    .unwrap_or_else(|e| panic!("{e}"));
    let op = operation(HBR_CREATE);
    let encoded = encoded(op, &typed);
    let (host, _) = host_and_path(&prepared.url);
    let body = prepared.body.as_bytes();
    let input = acs3::Acs3Input {
        method: "POST",
        host,
        query: &encoded.query,
        body,
        content_type: Some(header(&prepared, "Content-Type")),
        action: op.name,
        version: op.service.api_version,
        date: header(&prepared, "x-acs-date"),
        nonce: NONCE,
        security_token: None,
        access_key_id,
        secret,
    };
    let signed = acs3::sign_request(&input).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(signed.authorization, header(&prepared, "Authorization"));
    let keys = SigningKeys::new();
    let authorized = acs3::authorize(&input, &keys).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(authorized.authorization, header(&prepared, "Authorization"));
    assert_eq!(
        authorized.content_sha256,
        header(&prepared, "x-acs-content-sha256")
    );
    assert!(
        prepared
            .url
            .ends_with(&format!("/?{}", authorized.canonical_query_string))
    );
    let canonical_request = signed.signed.canonical_request.as_bytes();
    let string_to_sign = signed.signed.string_to_sign.as_bytes();
    assert_eq!(
        hex::encode(Sha256::digest(canonical_request)),
        signed.signed.hashed_canonical_request
    );
    sign_group(
        c,
        "acs3",
        || {
            acs3::authorize(black_box(&input), &keys)
                .map(|a| a.authorization)
                .unwrap_or_else(|e| panic!("{e}"))
        },
        || {
            black_box(Sha256::digest(black_box(body)));
            black_box(Sha256::digest(black_box(canonical_request)));
            hex_lower(hmac_sha256(
                black_box(secret.as_bytes()),
                black_box(string_to_sign),
            ))
        },
    );
}

/// RPC V1 on the prepared HBR CreateBackupPlan: one HMAC-SHA1 over the string to sign, and
/// base64.
fn sign_rpc_v1(c: &mut Criterion) {
    let (access_key_id, secret) = ALIBABA;
    let typed: hbr::CreateBackupPlanRequest = request(HBR_CREATE);
    let prepared = client(
        hbr::Client::builder(),
        ALIBABA,
        "cn-hangzhou",
        AcsSignature::V1,
    )
    .prepare_create_backup_plan(&typed)
    .unwrap_or_else(|e| panic!("{e}"));
    let op = operation(HBR_CREATE);
    let encoded = encoded(op, &typed);
    // What the client signs: the query, the common parameters and the form body's.
    let timestamp = "2023-11-14T22:13:20Z";
    let mut params = encoded.query.clone();
    params.extend(
        [
            ("AccessKeyId", access_key_id),
            ("Action", op.name),
            ("Format", "JSON"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", NONCE),
            ("SignatureVersion", "1.0"),
            ("Timestamp", timestamp),
            ("Version", op.service.api_version),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned())),
    );
    params.extend(encoded.form.iter().cloned());
    let request = Request {
        method: "POST",
        host: host_and_path(&prepared.url).0,
        path: "/",
        query: &params,
        headers: &[],
        body: &[],
    };
    let signed = rpc_v1::sign(
        &request,
        &Key {
            access_key_id,
            secret,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let keys = SigningKeys::new();
    assert_eq!(
        rpc_v1::signature("POST", &params, secret, &keys).as_ref(),
        Ok(&signed.signature)
    );
    let sent = format!("&Signature={}&", rfc3986(&signed.signature));
    assert!(prepared.url.contains(&sent), "{}", prepared.url);
    let string_to_sign = signed.string_to_sign.as_bytes();
    let hmac_key = format!("{secret}&");
    sign_group(
        c,
        "rpc-v1",
        || {
            rpc_v1::signature("POST", black_box(&params), secret, &keys)
                .unwrap_or_else(|e| panic!("{e}"))
        },
        || {
            STANDARD.encode(hmac_sha1(
                black_box(hmac_key.as_bytes()),
                black_box(string_to_sign),
            ))
        },
    );
}

/// SDK-HMAC-SHA256 on the prepared Huawei CreateBackupPolicy: SHA-256 of the body and of the
/// canonical request, one HMAC.
fn sign_sdk_hmac_sha256(c: &mut Criterion) {
    let (access_key_id, secret) = HUAWEI;
    let prepared = client(
        vbs::Client::builder(),
        HUAWEI,
        "cn-north-4",
        AcsSignature::V3,
    )
    .prepare_create_backup_policy(&request(VBS_CREATE))
    .unwrap_or_else(|e| panic!("{e}"));
    let (host, path) = host_and_path(&prepared.url);
    let body = prepared.body.as_bytes();
    // The headers the client signs besides host and date.
    let headers: Vec<(String, String)> = ["Content-Type", "X-Project-Id"]
        .map(|name| (name.to_owned(), header(&prepared, name).to_owned()))
        .to_vec();
    let request = Request {
        method: "POST",
        host,
        path,
        query: &[],
        headers: &headers,
        body,
    };
    let key = Key {
        access_key_id,
        secret,
    };
    let date = header(&prepared, "X-Sdk-Date");
    let signed = sdk_hmac_sha256::sign(&request, &key, date).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(signed.authorization, header(&prepared, "Authorization"));
    let keys = SigningKeys::new();
    assert_eq!(
        sdk_hmac_sha256::authorize(&request, &key, date, &keys).as_ref(),
        Ok(&signed.authorization)
    );
    let canonical_request = signed.canonical_request.as_bytes();
    let string_to_sign = signed.string_to_sign.as_bytes();
    assert_eq!(
        hex::encode(Sha256::digest(canonical_request)),
        signed.hashed_canonical_request
    );
    sign_group(
        c,
        "sdk-hmac-sha256",
        || {
            sdk_hmac_sha256::authorize(black_box(&request), &key, date, &keys)
                .unwrap_or_else(|e| panic!("{e}"))
        },
        || {
            black_box(Sha256::digest(black_box(body)));
            black_box(Sha256::digest(black_box(canonical_request)));
            hex_lower(hmac_sha256(
                black_box(secret.as_bytes()),
                black_box(string_to_sign),
            ))
        },
    );
}

fn sign_benches(c: &mut Criterion) {
    sign_tc3(c);
    sign_acs3(c);
    sign_rpc_v1(c);
    sign_sdk_hmac_sha256(c);
}

// --- prepare ------------------------------------------------------------------------------

/// `prepare/<group>`: checks the prepared request against `tests/fixtures/prepared/<recorded>`,
/// then times it.
fn prepare(c: &mut Criterion, group: &str, fixture: &str, prepare: impl Fn() -> PreparedRequest) {
    let prepared = prepare();
    assert!(
        same_request(&prepared, &recorded(fixture)),
        "{group}: prepared {prepared:?} differs from tests/fixtures/prepared/{fixture}.json"
    );
    c.benchmark_group(format!("prepare/{group}"))
        .bench_function("sdk", |b| b.iter(&prepare));
}

fn prepare_benches(c: &mut Criterion) {
    let tencent = client(
        postgres::Client::builder(),
        TENCENT,
        "ap-guangzhou",
        AcsSignature::V3,
    );
    let r: postgres::CreateBackupPlanRequest = request(TENCENT_CREATE);
    prepare(c, TENCENT_CREATE, TENCENT_CREATE, || {
        tencent
            .prepare_create_backup_plan(black_box(&r))
            .unwrap_or_else(|e| panic!("{e}"))
    });

    for (signature, suffix) in [(AcsSignature::V3, ""), (AcsSignature::V1, ".v1")] {
        // The fixtures name the V1 variants `<id>.v1`; the groups `<id>/v1`.
        let name = |id: &str| format!("{id}{suffix}");
        let group = |id: &str| format!("{id}{}", suffix.replace('.', "/"));
        let dbs = client(dbs::Client::builder(), ALIBABA, "cn-hangzhou", signature);
        let hbr = client(hbr::Client::builder(), ALIBABA, "cn-hangzhou", signature);

        let r: dbs::CreateAndStartBackupPlanRequest = request(DBS_CREATE_AND_START);
        prepare(
            c,
            &group(DBS_CREATE_AND_START),
            &name(DBS_CREATE_AND_START),
            || {
                dbs.prepare_create_and_start_backup_plan(black_box(&r))
                    .unwrap_or_else(|e| panic!("{e}"))
            },
        );
        let r: dbs::ConfigureBackupPlanRequest = request(DBS_CONFIGURE);
        prepare(c, &group(DBS_CONFIGURE), &name(DBS_CONFIGURE), || {
            dbs.prepare_configure_backup_plan(black_box(&r))
                .unwrap_or_else(|e| panic!("{e}"))
        });
        let r: hbr::CreateBackupPlanRequest = request(HBR_CREATE);
        prepare(c, &group(HBR_CREATE), &name(HBR_CREATE), || {
            hbr.prepare_create_backup_plan(black_box(&r))
                .unwrap_or_else(|e| panic!("{e}"))
        });
    }

    let huawei = client(
        vbs::Client::builder(),
        HUAWEI,
        "cn-north-4",
        AcsSignature::V3,
    );
    let r: vbs::CreateBackupPolicyRequest = request(VBS_CREATE);
    prepare(c, VBS_CREATE, VBS_CREATE, || {
        huawei
            .prepare_create_backup_policy(black_box(&r))
            .unwrap_or_else(|e| panic!("{e}"))
    });
}

criterion_group!(benches, serialize_benches, sign_benches, prepare_benches);
criterion_main!(benches);
