//! Tracing: each call runs in a span carrying its operation id and, once known, its request
//! id. (A test binary of its own: tracing caches per callsite whether anyone listens, and
//! tests running beside it without a subscriber would race with that cache.)

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use cloud_backup_sdk::config::RateLimits;
use cloud_backup_sdk::tencentcloud::postgres::{self, create_backup_plan::*};
use cloud_backup_sdk::transport::{HttpResponse, Limits, SendFuture, Transport, TransportError};
use cloud_backup_sdk::{Credentials, PreparedRequest};

const SECRET: &str = "very-secret-key-value";
const TOKEN: &str = "very-secret-session-token";

#[derive(Debug)]
struct Reply(Mutex<VecDeque<HttpResponse>>);

impl Transport for Reply {
    fn send<'a>(&'a self, _: &'a PreparedRequest, _: Limits) -> SendFuture<'a> {
        Box::pin(async move {
            self.0
                .lock()
                .unwrap()
                .pop_front()
                .ok_or_else(|| TransportError::Connect("no reply".into()))
        })
    }
}

fn tencent(body: &str) -> postgres::Client {
    let reply = HttpResponse {
        status: 200,
        headers: vec![],
        body: body.as_bytes().to_vec(),
    };
    postgres::Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", SECRET).with_session_token(TOKEN))
        .region("ap-guangzhou")
        .endpoint("http://127.0.0.1:9")
        .rate_limits(RateLimits::Off)
        .transport(Arc::new(Reply(Mutex::new(vec![reply].into()))))
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

/// Records the fields of every span, to show what each call is traced with.
#[derive(Default)]
struct Spans {
    fields: Mutex<Vec<(String, String)>>,
    next: std::sync::atomic::AtomicU64,
}

struct Fields<'a>(&'a Mutex<Vec<(String, String)>>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0
            .lock()
            .unwrap()
            .push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0
            .lock()
            .unwrap()
            .push((field.name().to_owned(), value.to_owned()));
    }
}

impl tracing::Subscriber for Spans {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Fields(&self.fields));
        tracing::span::Id::from_u64(self.next.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&self.fields));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, _: &tracing::Event<'_>) {}

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(start_paused = true)]
async fn each_call_is_traced_with_its_operation_and_request_id() {
    let spans = Arc::new(Spans::default());
    let _guard = tracing::subscriber::set_default(spans.clone());
    tencent(r#"{"Response":{"PlanId":"plan-1","RequestId":"req-1"}}"#)
        .create_backup_plan(tencent_request())
        .await
        .unwrap();
    let fields = spans.fields.lock().unwrap().clone();
    assert!(
        fields.contains(&(
            "operation".to_owned(),
            "tencentcloud.postgres.CreateBackupPlan".to_owned()
        )),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("request_id".to_owned(), "req-1".to_owned())),
        "{fields:?}"
    );
    assert!(
        fields
            .iter()
            .all(|(_, v)| !v.contains(SECRET) && !v.contains(TOKEN))
    );
}
