//! The five operations end to end: generated clients, signed by the runtime, against the
//! loopback emulator, which checks every signature with its own implementation. Faults show
//! retries and their bounds, idempotency, timeouts, broken responses and rate limits.

mod support;

use std::sync::Arc;
use std::time::Duration;

use cloud_backup_sdk::alibabacloud::{dbs, hbr};
use cloud_backup_sdk::config::{AcsSignature, RateLimits, RetryPolicy};
use cloud_backup_sdk::huaweicloud::vbs;
use cloud_backup_sdk::tencentcloud::postgres;
use cloud_backup_sdk::transport::TransportError;
use cloud_backup_sdk::{Credentials, Error};
use cloud_backup_tests::emulator::{Config, Emulator, Fault, Outcome, Provider};

const KEY_ID: &str = "AKIDEXAMPLE0123456789";
const SECRET: &str = "emulator-secret-0123456789abcdef";
const TOKEN: &str = "emulator-session-token-abcdef";

fn typed<T: serde::de::DeserializeOwned>(id: &str) -> T {
    serde_json::from_value(support::base_request(id)).unwrap()
}

fn retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(80),
        max_elapsed: Duration::from_secs(10),
    }
}

async fn start(provider: Provider, with_token: bool) -> Emulator {
    let mut config = Config::new(provider, KEY_ID, SECRET);
    if with_token {
        config.session_token = Some(TOKEN.to_owned());
    }
    Emulator::start(config).await
}

fn credentials(with_token: bool) -> Credentials {
    let c = Credentials::new(KEY_ID, SECRET);
    if with_token {
        c.with_session_token(TOKEN)
    } else {
        c
    }
}

fn tencent(e: &Emulator) -> postgres::Client {
    postgres::Client::builder()
        .credentials(credentials(false))
        .region("ap-guangzhou")
        .endpoint(e.endpoint())
        .retry(retries())
        .build()
        .unwrap()
}

fn alibaba<C: cloud_backup_sdk::config::ServiceClient>(
    builder: cloud_backup_sdk::config::ClientBuilder<C>,
    e: &Emulator,
    signature: AcsSignature,
    with_token: bool,
) -> C {
    builder
        .credentials(credentials(with_token))
        .region("cn-hangzhou")
        .endpoint(e.endpoint())
        .acs_signature(signature)
        .retry(retries())
        .build()
        .unwrap()
}

fn huawei(e: &Emulator, with_token: bool) -> vbs::Client {
    vbs::Client::builder()
        .credentials(credentials(with_token))
        .region("cn-north-4")
        .endpoint(e.endpoint())
        .retry(retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_operation_succeeds_end_to_end() {
    let e = start(Provider::Tencent, false).await;
    let r = tencent(&e)
        .create_backup_plan(typed("tencentcloud.postgres.CreateBackupPlan"))
        .await
        .unwrap();
    assert_eq!(r.plan_id.as_deref(), Some("plan-1"));
    assert!(r.request_id.is_some());
    assert!(e.requests().iter().all(|r| r.signature_valid));

    for signature in [AcsSignature::V3, AcsSignature::V1] {
        for with_token in [false, true] {
            let e = start(Provider::Alibaba, with_token).await;
            let d = alibaba(dbs::Client::builder(), &e, signature, with_token);
            let created = d
                .create_and_start_backup_plan(typed("alibabacloud.dbs.CreateAndStartBackupPlan"))
                .await;
            let created = created.unwrap_or_else(|err| panic!("{signature:?} {with_token}: {err}"));
            assert!(created.backup_plan_id.is_some());
            let configured = d
                .configure_backup_plan(typed("alibabacloud.dbs.ConfigureBackupPlan"))
                .await
                .unwrap();
            assert_eq!(
                configured.backup_plan_id.as_deref(),
                Some("dbstooi0*******")
            );
            let h = alibaba(hbr::Client::builder(), &e, signature, with_token);
            let plan = h
                .create_backup_plan(typed("alibabacloud.hbr.CreateBackupPlan"))
                .await
                .unwrap();
            assert!(plan.plan_id.is_some());
            let requests = e.requests();
            assert_eq!(requests.len(), 3);
            assert!(requests.iter().all(|r| r.signature_valid), "{signature:?}");
            // The HBR parameters arrived where the provider's SDK puts them, decoded back.
            let hbr_params = &e.created()[2].params;
            assert_eq!(hbr_params["Path"], serde_json::json!(["/home"]));
            assert_eq!(hbr_params["InstanceId"], "i-m5e*****6q");
        }
    }

    for with_token in [false, true] {
        let e = start(Provider::Huawei, with_token).await;
        let r = huawei(&e, with_token)
            .create_backup_policy(typed("huaweicloud.vbs.CreateBackupPolicy"))
            .await
            .unwrap();
        assert_eq!(r.backup_policy_id.as_deref(), Some("policy-1"));
        let created = e.created();
        assert_eq!(
            created[0].params["scheduled_policy"]["start_time"],
            serde_json::json!(["12:00"])
        );
    }
}

#[tokio::test]
async fn throttling_is_retried_within_the_backoff_bounds() {
    let e = start(Provider::Tencent, false).await;
    e.push_fault(Fault::Throttle);
    e.push_fault(Fault::Throttle);
    let r = tencent(&e)
        .create_backup_plan(typed("tencentcloud.postgres.CreateBackupPlan"))
        .await
        .unwrap();
    assert!(r.plan_id.is_some());
    let requests = e.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(e.created().len(), 1);
    // Backoff with full jitter never waits longer than its ceiling (20 ms, then 40 ms), plus
    // generous scheduling slack on a shared machine.
    let gap = |i: usize| requests[i].when - requests[i - 1].when;
    assert!(gap(1) < Duration::from_millis(20 + 500), "{:?}", gap(1));
    assert!(gap(2) < Duration::from_millis(40 + 500), "{:?}", gap(2));
    // Each attempt was signed anew: a new timestamp or signature is fine, the same nonce is not.
    let e = start(Provider::Alibaba, false).await;
    e.push_fault(Fault::Throttle);
    let h = alibaba(hbr::Client::builder(), &e, AcsSignature::V3, false);
    h.create_backup_plan(typed("alibabacloud.hbr.CreateBackupPlan"))
        .await
        .unwrap();
    let nonces: Vec<_> = e
        .requests()
        .iter()
        .map(|r| {
            r.header("x-acs-signature-nonce")
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_ne!(nonces[0], nonces[1]);
}

#[tokio::test]
async fn retries_stop_at_the_limit_with_the_services_error() {
    let e = start(Provider::Alibaba, false).await;
    for _ in 0..6 {
        e.push_fault(Fault::Throttle);
    }
    let h = alibaba(hbr::Client::builder(), &e, AcsSignature::V3, false);
    let err = h
        .create_backup_plan(typed("alibabacloud.hbr.CreateBackupPlan"))
        .await
        .unwrap_err();
    assert_eq!(e.requests().len(), 4);
    match &err {
        Error::Service {
            code,
            http_status,
            request_id,
            ..
        } => {
            assert_eq!(
                code,
                &hbr::CreateBackupPlanErrorCode::Unknown("Throttling.User".into())
            );
            assert_eq!(*http_status, 400);
            assert!(request_id.is_some());
        }
        other => panic!("{other}"),
    }
    assert!(e.created().is_empty());
}

#[tokio::test]
async fn exactly_one_plan_per_idempotency_token_despite_retries() {
    let e = start(Provider::Alibaba, false).await;
    // The first attempt creates the plan but its answer is lost; the retry replays it.
    e.push_fault(Fault::DropAfterProcessing);
    e.push_fault(Fault::ServerError(503));
    let d = alibaba(dbs::Client::builder(), &e, AcsSignature::V3, false);
    let r = d
        .create_and_start_backup_plan(typed("alibabacloud.dbs.CreateAndStartBackupPlan"))
        .await
        .unwrap();
    let requests = e.requests();
    assert_eq!(requests.len(), 3);
    let created = e.created();
    assert_eq!(created.len(), 1, "{created:?}");
    assert_eq!(r.backup_plan_id.as_deref(), Some(created[0].id.as_str()));
    assert!(matches!(requests[2].outcome, Outcome::Replayed { .. }));
    let tokens: Vec<_> = requests
        .iter()
        .map(|r| r.query_param("ClientToken").map(str::to_owned))
        .collect();
    assert!(
        tokens[0].is_some() && tokens.iter().all(|t| *t == tokens[0]),
        "{tokens:?}"
    );
}

#[tokio::test]
async fn an_unsafe_create_is_never_retried_when_the_service_may_have_acted() {
    for fault in [
        Fault::ServerError(503),
        Fault::DropAfterProcessing,
        Fault::TruncatedBody,
    ] {
        let e = start(Provider::Tencent, false).await;
        e.push_fault(fault.clone());
        let err = tencent(&e)
            .create_backup_plan(typed("tencentcloud.postgres.CreateBackupPlan"))
            .await
            .unwrap_err();
        assert_eq!(e.requests().len(), 1, "{fault:?}: {err}");
    }
    let e = start(Provider::Huawei, false).await;
    e.push_fault(Fault::DropAfterProcessing);
    let err = huawei(&e, false)
        .create_backup_policy(typed("huaweicloud.vbs.CreateBackupPolicy"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport(TransportError::Interrupted(_))),
        "{err}"
    );
    assert_eq!(e.requests().len(), 1);
    assert_eq!(
        e.created().len(),
        1,
        "the policy exists: the client must not create a second"
    );
}

#[tokio::test]
async fn timeouts_and_broken_responses_are_typed_errors() {
    let e = start(Provider::Huawei, false).await;
    e.push_fault(Fault::Slow(Duration::from_secs(3)));
    let slow = vbs::Client::builder()
        .credentials(credentials(false))
        .region("cn-north-4")
        .endpoint(e.endpoint())
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = slow
        .create_backup_policy(typed("huaweicloud.vbs.CreateBackupPolicy"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport(TransportError::Timeout(_))),
        "{err}"
    );

    let e = start(Provider::Tencent, false).await;
    e.push_fault(Fault::MalformedJson);
    let err = tencent(&e)
        .create_backup_plan(typed("tencentcloud.postgres.CreateBackupPlan"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                http_status: 200,
                ..
            }
        ),
        "{err}"
    );

    let e = start(Provider::Tencent, false).await;
    e.push_fault(Fault::Oversized(2 << 20));
    let small = postgres::Client::builder()
        .credentials(credentials(false))
        .region("ap-guangzhou")
        .endpoint(e.endpoint())
        .max_response_bytes(1 << 20)
        .build()
        .unwrap();
    let err = small
        .create_backup_plan(typed("tencentcloud.postgres.CreateBackupPlan"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport(TransportError::TooLarge { .. })),
        "{err}"
    );

    let e = start(Provider::Tencent, false).await;
    e.push_fault(Fault::TruncatedBody);
    let err = tencent(&e)
        .create_backup_plan(typed("tencentcloud.postgres.CreateBackupPlan"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport(TransportError::Interrupted(_)) | Error::Decode { .. }
        ),
        "{err}"
    );

    // A connection reset before the request was read proves nothing was created, but the
    // client cannot tell it from a reset after: without a token it does not retry.
    let e = start(Provider::Tencent, false).await;
    e.push_fault(Fault::ResetConnection);
    assert!(
        tencent(&e)
            .create_backup_plan(typed("tencentcloud.postgres.CreateBackupPlan"))
            .await
            .is_err()
    );
    assert!(e.created().is_empty());
}

#[tokio::test]
async fn the_specs_rate_limit_spaces_calls_across_clones() {
    let e = start(Provider::Tencent, false).await;
    let client = postgres::Client::builder()
        .credentials(credentials(false))
        .region("ap-guangzhou")
        .endpoint(e.endpoint())
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..25 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            c.create_backup_plan(typed("tencentcloud.postgres.CreateBackupPlan"))
                .await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    // 20 per second: 25 calls need at least 24 intervals of 50 ms. Only the lower bound is
    // asserted, so a slow machine cannot make this fail.
    assert!(
        started.elapsed() >= Duration::from_millis(1150),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(e.created().len(), 25);
    // With the limit off, the same calls are not spaced.
    let e = start(Provider::Tencent, false).await;
    let fast = postgres::Client::builder()
        .credentials(credentials(false))
        .region("ap-guangzhou")
        .endpoint(e.endpoint())
        .rate_limits(RateLimits::Off)
        .build()
        .unwrap();
    for _ in 0..3 {
        fast.create_backup_plan(typed("tencentcloud.postgres.CreateBackupPlan"))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn wrong_credentials_are_refused_by_the_service_and_stay_secret() {
    let e = start(Provider::Huawei, false).await;
    let client = vbs::Client::builder()
        .credentials(Credentials::new(KEY_ID, "not-the-secret-at-all"))
        .region("cn-north-4")
        .endpoint(e.endpoint())
        .build()
        .unwrap();
    let err = client
        .create_backup_policy(typed("huaweicloud.vbs.CreateBackupPolicy"))
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(401));
    for shown in [format!("{err:?}"), err.to_string(), format!("{client:?}")] {
        assert!(!shown.contains("not-the-secret-at-all"), "{shown}");
    }
}

#[tokio::test]
async fn a_path_parameter_cannot_change_the_path() {
    let e = start(Provider::Huawei, false).await;
    let mut request: vbs::CreateBackupPolicyRequest = typed("huaweicloud.vbs.CreateBackupPolicy");
    // Characters with a meaning in URLs are encoded into the one segment...
    request.project_id = "p?x=1#y %".to_owned();
    huawei(&e, false)
        .create_backup_policy(request.clone())
        .await
        .unwrap();
    assert_eq!(e.requests()[0].path, "/v2/p%3Fx%3D1%23y%20%25/backuppolicy");
    assert_eq!(e.created()[0].params["project_id"], "p?x=1#y %");
    // ...and what would leave it is refused before anything is sent.
    for bad in ["../v3/other", "..", "a/b"] {
        request.project_id = bad.to_owned();
        let err = huawei(&e, false)
            .create_backup_policy(request.clone())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad:?}: {err}");
    }
    assert_eq!(e.requests().len(), 1);
}

#[tokio::test]
async fn the_readme_call_against_the_emulator() {
    // The same call the README shows against Tencent Cloud, pointed at the emulator.
    let e = start(Provider::Tencent, false).await;
    let client = postgres::Client::builder()
        .credentials(Credentials::new(KEY_ID, SECRET))
        .region("ap-guangzhou")
        .endpoint(e.endpoint())
        .build()
        .unwrap();
    let request = postgres::CreateBackupPlanRequest::builder()
        .db_instance_id("postgres-kwk4tq23")
        .plan_name("plan1")
        .backup_period_type(postgres::create_backup_plan::BackupPeriodType::Month)
        .backup_period(["1", "2"])
        .min_backup_start_time("01:00:00")
        .max_backup_start_time("02:00:00")
        .base_backup_retention_period(40)
        .build()
        .unwrap();
    let response = client.create_backup_plan(request).await.unwrap();
    assert_eq!(response.plan_id.as_deref(), Some("plan-1"));
}

#[tokio::test]
async fn transport_errors_never_show_the_query_string() {
    // Nothing listens on port 1: the connection fails, and reqwest's error would name the URL,
    // whose query holds the database password and, with signature V1, the session token.
    let client = dbs::Client::builder()
        .credentials(credentials(true))
        .region("cn-hangzhou")
        .endpoint("http://127.0.0.1:1")
        .acs_signature(AcsSignature::V1)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .create_and_start_backup_plan(typed("alibabacloud.dbs.CreateAndStartBackupPlan"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport(TransportError::Connect(_))),
        "{err}"
    );
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(
            !shown.contains(TOKEN) && !shown.contains("testPassword") && !shown.contains(SECRET),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn redirects_are_not_followed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = vec![0u8; 65536];
            let _ = stream.read(&mut buf).await;
            let reply = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://{addr}/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(reply.as_bytes()).await;
        }
    });
    let client = huawei_at(&format!("http://{addr}"));
    let err = client
        .create_backup_policy(typed("huaweicloud.vbs.CreateBackupPolicy"))
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(307), "{err}");
    assert_eq!(
        seen.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "the redirect was followed"
    );
}

fn huawei_at(endpoint: &str) -> vbs::Client {
    vbs::Client::builder()
        .credentials(credentials(true))
        .region("cn-north-4")
        .endpoint(endpoint)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[test]
fn regions_must_be_region_ids() {
    for bad in [
        "attacker.example/x#",
        "CN-HANGZHOU",
        "cn hangzhou",
        "",
        "-cn",
        "cn--x",
    ] {
        let err = hbr::Client::builder()
            .credentials(credentials(false))
            .region(bad)
            .build()
            .unwrap_err();
        assert!(
            err.to_string().contains("is not a region id"),
            "{bad:?}: {err}"
        );
    }
    assert!(
        hbr::Client::builder()
            .credentials(credentials(false))
            .region("cn-hangzhou")
            .build()
            .is_ok()
    );
}
