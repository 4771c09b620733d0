//! The client machinery against a scripted transport: validation before any I/O, retries and
//! their safety, idempotency tokens, rate limits, timeouts, and secrets kept out of sight.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use cloud_backup_sdk::alibabacloud::dbs::{
    self, configure_backup_plan::SourceEndpointInstanceType,
};
use cloud_backup_sdk::config::{FixedClock, FixedNonce, Rate, RateLimits, RetryPolicy};
use cloud_backup_sdk::huaweicloud::vbs::{self, create_backup_policy::*};
use cloud_backup_sdk::tencentcloud::postgres::{self, create_backup_plan::*};
use cloud_backup_sdk::transport::{HttpResponse, Limits, SendFuture, Transport, TransportError};
use cloud_backup_sdk::{Credentials, Error, PreparedRequest, ValidationMode};

/// A transport that answers from a script and records what it was sent.
#[derive(Debug, Default)]
struct Scripted {
    replies: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    sent: Mutex<Vec<(tokio::time::Instant, PreparedRequest)>>,
    delay: Option<Duration>,
}

impl Scripted {
    fn new(replies: Vec<Result<HttpResponse, TransportError>>) -> Arc<Self> {
        Arc::new(Scripted {
            replies: Mutex::new(replies.into()),
            ..Scripted::default()
        })
    }

    fn sent(&self) -> Vec<PreparedRequest> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|(_, r)| r.clone())
            .collect()
    }

    fn times(&self) -> Vec<tokio::time::Instant> {
        self.sent.lock().unwrap().iter().map(|(t, _)| *t).collect()
    }
}

impl Transport for Scripted {
    fn send<'a>(&'a self, request: &'a PreparedRequest, _limits: Limits) -> SendFuture<'a> {
        Box::pin(async move {
            self.sent
                .lock()
                .unwrap()
                .push((tokio::time::Instant::now(), request.clone()));
            if let Some(d) = self.delay {
                tokio::time::sleep(d).await;
            }
            self.replies
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or_else(|| Err(TransportError::Connect("script exhausted".into())))
        })
    }
}

fn reply(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse {
        status,
        headers: vec![],
        body: body.as_bytes().to_vec(),
    })
}

const SECRET: &str = "very-secret-key-value";
const TOKEN: &str = "very-secret-session-token";

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", SECRET).with_session_token(TOKEN)
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(400),
        max_elapsed: Duration::from_secs(60),
    }
}

fn tencent(transport: Arc<Scripted>) -> postgres::Client {
    postgres::Client::builder()
        .credentials(credentials())
        .region("ap-guangzhou")
        .endpoint("http://127.0.0.1:9")
        .retry(fast_retries())
        .rate_limits(RateLimits::Off)
        .transport(transport)
        .build()
        .unwrap()
}

fn tencent_request() -> CreateBackupPlanRequest {
    CreateBackupPlanRequest::builder()
        .db_instance_id("postgres-kwk4tq23")
        .plan_name("plan1")
        .backup_period_type(BackupPeriodType::Month)
        .backup_period(["1", "2"])
        .build()
        .unwrap()
}

const TENCENT_OK: &str = r#"{"Response":{"PlanId":"plan-1","RequestId":"req-1"}}"#;
const TENCENT_THROTTLED: &str = r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"too fast"},"RequestId":"req-t"}}"#;

#[tokio::test(start_paused = true)]
async fn a_successful_call_returns_the_typed_response() {
    let t = Scripted::new(vec![reply(200, TENCENT_OK)]);
    let response = tencent(t.clone())
        .create_backup_plan(tencent_request())
        .await
        .unwrap();
    assert_eq!(response.plan_id.as_deref(), Some("plan-1"));
    assert_eq!(response.request_id.as_deref(), Some("req-1"));
    let sent = t.sent();
    assert_eq!(sent.len(), 1);
    let header = |name: &str| {
        sent[0]
            .headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("X-TC-Action").as_deref(), Some("CreateBackupPlan"));
    assert_eq!(header("X-TC-Region").as_deref(), Some("ap-guangzhou"));
    assert!(
        header("Authorization")
            .unwrap()
            .starts_with("TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    );
    assert_eq!(sent[0].url, "http://127.0.0.1:9/");
}

#[tokio::test(start_paused = true)]
async fn an_invalid_request_never_leaves_the_process() {
    let t = Scripted::new(vec![reply(200, TENCENT_OK)]);
    let mut request = tencent_request();
    request.base_backup_retention_period = Some(30_000);
    let err = tencent(t.clone())
        .create_backup_plan(request.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.violations()[0].path == "BaseBackupRetentionPeriod"),
        "{err}"
    );
    assert!(t.sent().is_empty());
    // Warn and off send it anyway.
    let warned = tencent(t.clone())
        .with_validation(ValidationMode::Warn)
        .create_backup_plan(request)
        .await;
    assert!(warned.is_ok());
    assert_eq!(t.sent().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_refusal_counts_the_violations_it_does_not_list() {
    let t = Scripted::new(vec![reply(200, TENCENT_OK)]);
    let mut request = tencent_request();
    // 20,000 days of the month, none between 1 and 31: far more errors than a report lists.
    request.backup_period = (0..20_000).map(|i| format!("{}", 100 + i)).collect();
    let err = tencent(t.clone())
        .create_backup_plan(request)
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err}")
    };
    assert!(v.omitted() > 19_000, "{} left out", v.omitted());
    assert!(
        v.violations().len() <= 200,
        "{} listed",
        v.violations().len()
    );
    assert!(err.to_string().len() < 16 * 1024);
    assert!(t.sent().is_empty());
}

#[tokio::test(start_paused = true)]
async fn throttling_is_retried_with_growing_backoff_then_succeeds() {
    let t = Scripted::new(vec![
        reply(200, TENCENT_THROTTLED),
        reply(200, TENCENT_THROTTLED),
        reply(200, TENCENT_OK),
    ]);
    let response = tencent(t.clone())
        .create_backup_plan(tencent_request())
        .await
        .unwrap();
    assert_eq!(response.plan_id.as_deref(), Some("plan-1"));
    let times = t.times();
    assert_eq!(times.len(), 3);
    // Full jitter: each wait is at most its ceiling (100 ms, then 200 ms).
    assert!(times[1] - times[0] <= Duration::from_millis(100));
    assert!(times[2] - times[1] <= Duration::from_millis(200));
    // Every attempt is signed anew.
    let sent = t.sent();
    assert_eq!(sent.len(), 3);
}

#[tokio::test(start_paused = true)]
async fn retries_stop_at_the_attempt_limit_and_the_last_error_is_typed() {
    let t = Scripted::new(vec![reply(200, TENCENT_THROTTLED); 6]);
    let err = tencent(t.clone())
        .create_backup_plan(tencent_request())
        .await
        .unwrap_err();
    assert_eq!(t.sent().len(), 4);
    match err {
        Error::Service {
            code,
            request_id,
            http_status,
            ..
        } => {
            assert_eq!(
                code,
                CreateBackupPlanErrorCode::Unknown("RequestLimitExceeded".into())
            );
            assert_eq!(request_id.as_deref(), Some("req-t"));
            assert_eq!(http_status, 200);
        }
        other => panic!("{other}"),
    }
}

#[tokio::test(start_paused = true)]
async fn documented_error_codes_become_their_variants() {
    let body = r#"{"Response":{"Error":{"Code":"OperationDenied.InstanceStatusLimitOpError","Message":"busy"},"RequestId":"r-9"}}"#;
    let t = Scripted::new(vec![reply(200, body)]);
    let err = tencent(t)
        .create_backup_plan(tencent_request())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Service {
            code: CreateBackupPlanErrorCode::OperationDeniedInstanceStatusLimitOpError,
            ..
        }
    ));
}

#[tokio::test(start_paused = true)]
async fn an_unsafe_create_is_not_retried_after_a_server_error_or_a_broken_connection() {
    let t = Scripted::new(vec![reply(503, "{}"), reply(200, TENCENT_OK)]);
    let err = tencent(t.clone())
        .create_backup_plan(tencent_request())
        .await
        .unwrap_err();
    assert_eq!(t.sent().len(), 1, "{err}");
    let t = Scripted::new(vec![
        Err(TransportError::Interrupted("reset".into())),
        reply(200, TENCENT_OK),
    ]);
    let err = tencent(t.clone())
        .create_backup_plan(tencent_request())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Transport(TransportError::Interrupted(_))
    ));
    assert_eq!(t.sent().len(), 1);
    // A connection never made proves the request was not acted on.
    let t = Scripted::new(vec![
        Err(TransportError::Connect("refused".into())),
        reply(200, TENCENT_OK),
    ]);
    assert!(
        tencent(t.clone())
            .create_backup_plan(tencent_request())
            .await
            .is_ok()
    );
    assert_eq!(t.sent().len(), 2);
}

fn dbs_client(transport: Arc<Scripted>) -> dbs::Client {
    dbs::Client::builder()
        .credentials(credentials())
        .region("cn-hangzhou")
        .endpoint("http://127.0.0.1:9")
        .retry(fast_retries())
        .transport(transport)
        .build()
        .unwrap()
}

fn dbs_request() -> dbs::ConfigureBackupPlanRequest {
    dbs::ConfigureBackupPlanRequest::builder()
        .backup_plan_id("dbstooi0*******")
        .backup_plan_name("nightly")
        .source_endpoint_instance_type(SourceEndpointInstanceType::Rds)
        .source_endpoint_region("cn-hangzhou")
        .source_endpoint_instance_id("rm-1")
        .build()
        .unwrap()
}

const DBS_OK: &str = r#"{"RequestId":"r-1","BackupPlanId":"dbs-1","Success":true}"#;

#[tokio::test(start_paused = true)]
async fn an_idempotency_token_is_filled_in_and_makes_retries_safe() {
    let t = Scripted::new(vec![
        reply(
            500,
            r#"{"Code":"InternalError","Message":"m","RequestId":"r"}"#,
        ),
        Err(TransportError::Timeout(Duration::from_secs(1))),
        reply(200, DBS_OK),
    ]);
    let response = dbs_client(t.clone())
        .configure_backup_plan(dbs_request())
        .await
        .unwrap();
    assert_eq!(response.backup_plan_id.as_deref(), Some("dbs-1"));
    let sent = t.sent();
    assert_eq!(sent.len(), 3);
    let token = |r: &PreparedRequest| {
        r.url
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("ClientToken="))
            .map(str::to_owned)
    };
    let first = token(&sent[0]).expect("a ClientToken is sent");
    assert_eq!(first.len(), 32);
    assert!(
        sent.iter()
            .all(|r| token(r).as_deref() == Some(first.as_str())),
        "the token changed between retries"
    );
    // A token the caller sets is kept.
    let t = Scripted::new(vec![reply(200, DBS_OK)]);
    let mut request = dbs_request();
    request.client_token = Some("mine-123".into());
    dbs_client(t.clone())
        .configure_backup_plan(request)
        .await
        .unwrap();
    assert_eq!(token(&t.sent()[0]).as_deref(), Some("mine-123"));
}

#[tokio::test(start_paused = true)]
async fn calls_are_spaced_by_the_rate_limit_across_clones() {
    let t = Scripted::new(vec![reply(200, TENCENT_OK); 10]);
    let client = postgres::Client::builder()
        .credentials(credentials())
        .region("ap-guangzhou")
        .endpoint("http://127.0.0.1:9")
        .transport(t.clone())
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    let mut handles = Vec::new();
    for _ in 0..10 {
        let c = client.clone();
        handles.push(tokio::spawn(async move {
            c.create_backup_plan(tencent_request()).await
        }));
    }
    for h in handles {
        h.await.unwrap().unwrap();
    }
    // The spec's 20 per second: 10 calls span at least 9 intervals of 50 ms.
    assert!(
        start.elapsed() >= Duration::from_millis(450),
        "{:?}",
        start.elapsed()
    );
    let mut times = t.times();
    times.sort();
    for w in times.windows(2) {
        assert!(w[1] - w[0] >= Duration::from_millis(50));
    }
    // A custom rate replaces the spec's.
    let t = Scripted::new(vec![reply(200, TENCENT_OK); 3]);
    let slow = postgres::Client::builder()
        .credentials(credentials())
        .region("ap-guangzhou")
        .endpoint("http://127.0.0.1:9")
        .rate_limits(RateLimits::Custom(Rate {
            requests: 1,
            per: Duration::from_secs(1),
        }))
        .transport(t.clone())
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    for _ in 0..3 {
        slow.create_backup_plan(tencent_request()).await.unwrap();
    }
    assert!(start.elapsed() >= Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn a_slow_service_times_out_with_a_typed_error() {
    let t = Arc::new(Scripted {
        replies: Mutex::new(vec![reply(200, TENCENT_OK)].into()),
        delay: Some(Duration::from_secs(60)),
        ..Scripted::default()
    });
    let client = postgres::Client::builder()
        .credentials(credentials())
        .region("ap-guangzhou")
        .endpoint("http://127.0.0.1:9")
        .timeout(Duration::from_secs(2))
        .retry(RetryPolicy::none())
        .transport(t)
        .build()
        .unwrap();
    let err = client
        .create_backup_plan(tencent_request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport(TransportError::Timeout(_))),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn malformed_responses_are_typed_errors() {
    for body in [
        "not json",
        r#"{"Response": {"PlanId": "x"#,
        r#"{"NoResponse": {}}"#,
    ] {
        let t = Scripted::new(vec![reply(200, body)]);
        let client = postgres::Client::builder()
            .credentials(credentials())
            .region("ap-guangzhou")
            .endpoint("http://127.0.0.1:9")
            .retry(RetryPolicy::none())
            .transport(t)
            .build()
            .unwrap();
        let err = client
            .create_backup_plan(tencent_request())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{body}: {err}");
    }
}

#[tokio::test(start_paused = true)]
async fn regions_outside_the_spec_are_refused_before_anything_is_sent() {
    let err = postgres::Client::builder()
        .credentials(credentials())
        .region("mars-north-1")
        .transport(Scripted::new(vec![]))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("mars-north-1"));
}

#[tokio::test(start_paused = true)]
async fn secrets_never_appear_in_debug_output_or_errors() {
    let t = Scripted::new(vec![reply(
        403,
        r#"{"error":{"code":"VBS.Forbidden","message":"no"}}"#,
    )]);
    let client = vbs::Client::builder()
        .credentials(credentials())
        .region("cn-north-4")
        .endpoint("http://127.0.0.1:9")
        .transport(t.clone())
        .build()
        .unwrap();
    let request = CreateBackupPolicyRequest::builder()
        .project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9")
        .backup_policy_name("policy_01")
        .scheduled_policy(
            ScheduledPolicy::builder()
                .start_time(["12:00"])
                .frequency(1)
                .rentention_num(7)
                .status(BackupPolicyStatus::On)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let prepared = client.prepare_create_backup_policy(&request).unwrap();
    let err = client.create_backup_policy(request).await.unwrap_err();
    for shown in [
        format!("{client:?}"),
        format!("{err:?}"),
        err.to_string(),
        format!("{prepared:?}"),
        format!("{:?}", credentials()),
    ] {
        assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
    }
    // The token itself travels, in its header.
    assert!(
        t.sent()[0]
            .headers
            .iter()
            .any(|(k, v)| k == "X-Security-Token" && v == TOKEN)
    );
}

#[tokio::test(start_paused = true)]
async fn path_parameters_cannot_change_the_path() {
    let t = Scripted::new(vec![reply(200, r#"{"backup_policy_id":"x"}"#)]);
    let client = vbs::Client::builder()
        .credentials(credentials())
        .region("cn-north-4")
        .endpoint("http://127.0.0.1:9")
        .transport(t.clone())
        .clock(Arc::new(FixedClock(SystemTime::UNIX_EPOCH)))
        .nonces(Arc::new(FixedNonce("n".into())))
        .build()
        .unwrap();
    let policy = ScheduledPolicy::builder()
        .start_time(["12:00"])
        .frequency(1)
        .rentention_num(7)
        .status(BackupPolicyStatus::On)
        .build()
        .unwrap();
    let request = |project: &str| {
        CreateBackupPolicyRequest::builder()
            .project_id(project)
            .backup_policy_name("p")
            .scheduled_policy(policy.clone())
            .build()
            .unwrap()
    };
    let prepared = client
        .prepare_create_backup_policy(&request("x?y=1#z %"))
        .unwrap();
    assert_eq!(
        prepared.url,
        "http://127.0.0.1:9/v2/x%3Fy%3D1%23z%20%25/backuppolicy"
    );
    // What would leave its segment is refused before anything is sent.
    for bad in ["..", ".", "../../v3/x", "a/b", "a\r\nX-Evil: 1"] {
        let err = client
            .prepare_create_backup_policy(&request(bad))
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad:?}");
    }
}
