//! Generated clients under an executor that is not Tokio: a hand-written `block_on`, a
//! transport and a sleep of the caller's. Nothing here may need, or start, a Tokio runtime.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use cloud_backup_runtime::{AsyncSleep, SleepFuture};
use cloud_backup_sdk::config::{ClientBuilder, Rate, RateLimits, RetryPolicy};
use cloud_backup_sdk::error::ConfigError;
use cloud_backup_sdk::tencentcloud::postgres::{self, create_backup_plan::*};
use cloud_backup_sdk::transport::{HttpResponse, Limits, SendFuture, Transport, TransportError};
use cloud_backup_sdk::{Credentials, Error, PreparedRequest};

/// Runs a future to completion on this thread: polls it, and parks until it is woken.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::park();
    }
}

/// A sleep for any executor: a thread waits out the time and wakes the task. It records what
/// it was asked for.
#[derive(Debug, Default)]
struct ThreadSleep {
    asked: Mutex<Vec<Duration>>,
}

impl AsyncSleep for ThreadSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.asked.lock().unwrap().push(duration);
        let deadline = Instant::now() + duration;
        let mut waiting = false;
        Box::pin(std::future::poll_fn(move |cx| {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Poll::Ready(());
            }
            if !waiting {
                waiting = true;
                let waker = cx.waker().clone();
                std::thread::spawn(move || {
                    std::thread::sleep(left);
                    waker.wake();
                });
            }
            Poll::Pending
        }))
    }
}

/// A transport that answers from a script, at once, and records when it was called.
#[derive(Debug, Default)]
struct Scripted {
    replies: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    sent: Mutex<Vec<(Instant, PreparedRequest)>>,
}

impl Scripted {
    fn new(replies: Vec<Result<HttpResponse, TransportError>>) -> Arc<Self> {
        Arc::new(Scripted {
            replies: Mutex::new(replies.into()),
            ..Scripted::default()
        })
    }

    fn times(&self) -> Vec<Instant> {
        self.sent.lock().unwrap().iter().map(|(t, _)| *t).collect()
    }
}

impl Transport for Scripted {
    fn send<'a>(&'a self, request: &'a PreparedRequest, _limits: Limits) -> SendFuture<'a> {
        Box::pin(async move {
            // The proof that no Tokio runtime is around.
            assert!(tokio::runtime::Handle::try_current().is_err());
            self.sent
                .lock()
                .unwrap()
                .push((Instant::now(), request.clone()));
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

fn request() -> CreateBackupPlanRequest {
    CreateBackupPlanRequest::builder()
        .db_instance_id("postgres-kwk4tq23")
        .plan_name("plan1")
        .backup_period_type(BackupPeriodType::Month)
        .backup_period(["1", "2"])
        .build()
        .unwrap()
}

fn builder() -> ClientBuilder<postgres::Client> {
    postgres::Client::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret"))
        .region("ap-guangzhou")
        .endpoint("http://127.0.0.1:9")
}

const OK: &str = r#"{"Response":{"PlanId":"plan-1","RequestId":"req-1"}}"#;
const THROTTLED: &str = r#"{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"too fast"},"RequestId":"req-t"}}"#;

const TIMEOUT: Duration = Duration::from_secs(3);
const BACKOFF: Duration = Duration::from_millis(40);
const SPACING: Duration = Duration::from_millis(150);

#[test]
fn a_call_retries_and_is_rate_limited_under_another_executor_with_its_sleep() {
    let transport = Scripted::new(vec![reply(200, THROTTLED), reply(200, OK), reply(200, OK)]);
    let sleep = Arc::new(ThreadSleep::default());
    let client = builder()
        .timeout(TIMEOUT)
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: BACKOFF,
            max_backoff: BACKOFF,
            max_elapsed: Duration::from_secs(60),
        })
        .rate_limits(RateLimits::Custom(Rate {
            requests: 1,
            per: SPACING,
        }))
        .transport(transport.clone())
        .sleep_impl(sleep.clone())
        .build()
        .unwrap();
    assert!(tokio::runtime::Handle::try_current().is_err());

    // Throttled first: a backoff, then the retry waits for its rate-limit slot.
    let first = block_on(client.create_backup_plan(request())).unwrap();
    assert_eq!(first.plan_id.as_deref(), Some("plan-1"));
    // A second call waits for the next slot.
    let second = block_on(client.create_backup_plan(request())).unwrap();
    assert_eq!(second.request_id.as_deref(), Some("req-1"));

    // Three attempts went out. How far apart they left is not asserted: on a loaded machine
    // an attempt may leave late after its slot, and the next, on time, closer than the rate.
    // The rate's effect is asserted below, on the waits the limiter asked of the sleep.
    let times = transport.times();
    assert_eq!(times.len(), 3);
    assert!(times.windows(2).all(|pair| pair[0] <= pair[1]));
    // Every wait went through the given sleep: a timeout per attempt, the backoff, and the
    // rate-limit waits of the retry and of the second call.
    let asked = sleep.asked.lock().unwrap().clone();
    assert_eq!(
        asked.iter().filter(|d| **d == TIMEOUT).count(),
        3,
        "{asked:?}"
    );
    let waits: Vec<Duration> = asked.into_iter().filter(|d| *d != TIMEOUT).collect();
    assert_eq!(waits.len(), 3, "{waits:?}");
    assert!(waits[0] <= BACKOFF, "{waits:?}");
    assert!(
        waits[1] > Duration::ZERO && waits[1] <= SPACING,
        "{waits:?}"
    );
    assert!(
        waits[2] > Duration::ZERO && waits[2] <= SPACING,
        "{waits:?}"
    );
}

#[test]
fn without_a_sleep_outside_tokio_a_call_is_a_typed_error_not_a_panic() {
    let transport = Scripted::new(vec![reply(200, OK)]);
    let client = builder().transport(transport.clone()).build().unwrap();
    let err = block_on(client.create_backup_plan(request())).unwrap_err();
    assert!(
        matches!(err, Error::Setup(ConfigError::NoAsyncSleep)),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "configuration: no async sleep: run under Tokio or give the client one with \
         .sleep_impl(...)"
    );
    assert!(!err.is_retryable());
    assert!(transport.times().is_empty(), "nothing is sent");
    // Preparing a request needs no sleep.
    assert!(client.prepare_create_backup_plan(&request()).is_ok());
}

#[cfg(feature = "reqwest")]
#[test]
fn the_reqwest_transport_outside_tokio_is_a_connection_error_not_a_panic() {
    // The default transport, made outside any runtime.
    let client = builder()
        .retry(RetryPolicy::none())
        .sleep_impl(ThreadSleep::default())
        .build()
        .unwrap();
    let err = block_on(client.create_backup_plan(request())).unwrap_err();
    match &err {
        Error::Transport(TransportError::Connect(message)) => {
            assert!(message.contains("needs a Tokio runtime"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}
