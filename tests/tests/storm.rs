//! The fault storm: many concurrent creates of each operation against the emulator while a
//! seeded mix of every fault kind hits a share of the requests. Every call ends; no plan is
//! created twice; every success has its plan; and every failure says truly what the service may
//! have done (`Error::effect`): nothing was sent or the service refused (no plan exists), or
//! the outcome is unknown (a plan may exist).

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use cloud_backup_sdk::alibabacloud::{dbs, hbr};
use cloud_backup_sdk::config::{RateLimits, RetryPolicy, ServiceClient};
use cloud_backup_sdk::error::Effect;
use cloud_backup_sdk::huaweicloud::vbs;
use cloud_backup_sdk::tencentcloud::postgres;
use cloud_backup_sdk::{Credentials, Error};
use cloud_backup_tests::emulator::{Config, Emulator, Fault, Provider};
use serde_json::Value;

const KEY_ID: &str = "AKIDEXAMPLE0123456789";
const SECRET: &str = "emulator-secret-0123456789abcdef";
/// Calls per operation, all at once.
const CALLS: usize = 60;
/// How many of the first requests get a fault.
const FAULTED: usize = 40;

/// A small seeded generator (SplitMix64): the storm is the same on every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Every kind of fault once, then a seeded mix, `FAULTED` in all.
fn faults(seed: u64) -> Vec<Fault> {
    let kinds = [
        Fault::Throttle,
        Fault::ServerError(500),
        Fault::ServerError(503),
        Fault::Reject {
            status: 403,
            code: "Forbidden.RAM".to_owned(),
            message: "no permission".to_owned(),
        },
        // Longer than the client's timeout: the plan is created, the answer never read.
        Fault::Slow(Duration::from_millis(1_500)),
        Fault::DropBeforeProcessing,
        Fault::DropAfterProcessing,
        Fault::TruncatedBody,
        Fault::MalformedJson,
        // Larger than the client accepts.
        Fault::Oversized(200_000),
        Fault::ResetConnection,
    ];
    let mut rng = Seeded(seed);
    let mut out: Vec<Fault> = kinds.to_vec();
    while out.len() < FAULTED {
        let i = (rng.next() % kinds.len() as u64) as usize;
        out.push(kinds[i].clone());
    }
    // A seeded shuffle, so that the kinds meet different calls.
    for i in (1..out.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        out.swap(i, j);
    }
    out
}

fn configure<C: ServiceClient>(
    builder: cloud_backup_sdk::config::ClientBuilder<C>,
    e: &Emulator,
    region: &str,
) -> C {
    builder
        .credentials(Credentials::new(KEY_ID, SECRET))
        .region(region)
        .endpoint(e.endpoint())
        .timeout(Duration::from_millis(500))
        .max_response_bytes(64 * 1024)
        .rate_limits(RateLimits::Off)
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
            max_elapsed: Duration::from_secs(10),
        })
        .build()
        .unwrap()
}

/// The base request of `id` with `name_key` set to `name`: the mark of one call.
fn request<T: serde::de::DeserializeOwned>(id: &str, name_key: &str, name: &str) -> T {
    let mut json = support::base_request(id);
    json[name_key] = Value::String(name.to_owned());
    serde_json::from_value(json).unwrap()
}

/// What one storm showed, for the assertions across operations.
#[derive(Default, Debug)]
struct Tally {
    succeeded: usize,
    by_effect: BTreeMap<String, usize>,
}

/// Runs `CALLS` concurrent calls through the client `make` builds against a new emulator, the
/// first requests hit by the faults, and checks each call's result against the plans the
/// emulator created.
async fn storm<M, F, Fut, C>(provider: Provider, id: &str, name_key: &str, make: M) -> Tally
where
    M: FnOnce(&Emulator) -> F,
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<(), Error<C>>> + Send + 'static,
    C: std::fmt::Debug + Send + 'static,
{
    let e = Emulator::start(Config::new(provider, KEY_ID, SECRET)).await;
    let call = make(&e);
    for f in faults(id.len() as u64) {
        e.push_fault(f);
    }
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let name = format!("storm{i}");
        let fut = call(name.clone());
        calls.spawn(async move {
            // A bound no correct call comes near: timeouts and backoff cap each at seconds.
            let result = tokio::time::timeout(Duration::from_secs(60), fut).await;
            (name, result)
        });
    }
    let mut results = Vec::new();
    while let Some(joined) = calls.join_next().await {
        let (name, result) = joined.unwrap();
        let result = result.unwrap_or_else(|_| panic!("{id}: call {name} did not end"));
        results.push((name, result));
    }
    // Plans created, by the mark of the call that made them.
    let mut plans: BTreeMap<String, usize> = BTreeMap::new();
    for created in e.created() {
        if let Some(name) = created.params.get(name_key).and_then(Value::as_str) {
            *plans.entry(name.to_owned()).or_default() += 1;
        }
    }
    let mut tally = Tally::default();
    for (name, result) in &results {
        let made = plans.get(name).copied().unwrap_or(0);
        assert!(made <= 1, "{id}: {name} created {made} plans");
        match result {
            Ok(()) => {
                assert_eq!(made, 1, "{id}: {name} succeeded without a plan");
                tally.succeeded += 1;
            }
            Err(err) => {
                let effect = err.effect();
                assert_eq!(err.outcome_unknown(), effect == Effect::Unknown);
                if effect != Effect::Unknown {
                    assert_eq!(
                        made, 0,
                        "{id}: {name} failed as {effect:?} ({err}) but its plan exists"
                    );
                }
                *tally.by_effect.entry(format!("{effect:?}")).or_default() += 1;
            }
        }
    }
    // Every fault was used, so every kind met a request.
    assert_eq!(e.pending_faults(), 0, "{id}: faults left over");
    tally
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_failure_says_truly_whether_the_service_may_have_acted() {
    /// A storm of one operation: its provider, client, region, name parameter and method.
    macro_rules! storm_of {
        ($provider:ident, $service:ident, $region:literal, $id:literal, $name_key:literal, $request:ty, $method:ident) => {
            storm(Provider::$provider, $id, $name_key, |e| {
                let client = configure($service::Client::builder(), e, $region);
                move |name: String| {
                    let client = client.clone();
                    async move {
                        let r: $request = request($id, $name_key, &name);
                        client.$method(r).await.map(|_| ())
                    }
                }
            })
            .await
        };
    }
    let tallies = [
        storm_of!(
            Tencent,
            postgres,
            "ap-guangzhou",
            "tencentcloud.postgres.CreateBackupPlan",
            "PlanName",
            postgres::CreateBackupPlanRequest,
            create_backup_plan
        ),
        storm_of!(
            Alibaba,
            dbs,
            "cn-hangzhou",
            "alibabacloud.dbs.CreateAndStartBackupPlan",
            "BackupPlanName",
            dbs::CreateAndStartBackupPlanRequest,
            create_and_start_backup_plan
        ),
        storm_of!(
            Alibaba,
            hbr,
            "cn-hangzhou",
            "alibabacloud.hbr.CreateBackupPlan",
            "PlanName",
            hbr::CreateBackupPlanRequest,
            create_backup_plan
        ),
        storm_of!(
            Huawei,
            vbs,
            "cn-north-4",
            "huaweicloud.vbs.CreateBackupPolicy",
            "backup_policy_name",
            vbs::CreateBackupPolicyRequest,
            create_backup_policy
        ),
    ];

    // The storm was a storm: calls succeeded, were refused, and ended unknown.
    let total = |key: &str| -> usize {
        tallies
            .iter()
            .map(|t| t.by_effect.get(key).copied().unwrap_or(0))
            .sum()
    };
    assert!(tallies.iter().all(|t| t.succeeded > 0), "{tallies:?}");
    assert!(total("Refused") > 0, "{tallies:?}");
    assert!(total("Unknown") > 0, "{tallies:?}");
}
