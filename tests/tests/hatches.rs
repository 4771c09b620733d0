//! The escape hatches and the validation modes end to end: generated clients against the
//! loopback emulator, which verifies every signature over whatever parameters arrive and,
//! configured with `accept_undocumented`, accepts (and records) the parameters its operation
//! tables do not list, as a provider newer than the specs would.
//!
//! - Undocumented parameters (`.undocumented(name, json)`) are signed and sent where each
//!   protocol puts them: the query string of an Alibaba RPC call (lists as numbered fields),
//!   the JSON body of Tencent and Huawei calls; nested ones travel with their parent.
//! - An enumeration value the spec does not list, a broken reading, a broken stated limit:
//!   refused or sent per the mode, set per client (`ClientBuilder::validation`) or per call
//!   (`with_validation`); a refused request never reaches the emulator.
//! - The JSON path (`Client::prepare_json`) follows the same rules.
//! - A name the ACS protocol writes itself (`Action`, ...) is a configuration error in every
//!   mode.

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use cloud_backup_sdk::alibabacloud::dbs::{
    self, configure_backup_plan as dbs_configure, create_and_start_backup_plan as dbs_create,
};
use cloud_backup_sdk::alibabacloud::hbr::{self, create_backup_plan as hbr_create};
use cloud_backup_sdk::config::{AcsSignature, ClientBuilder, RetryPolicy, ServiceClient};
use cloud_backup_sdk::huaweicloud::vbs::{self, create_backup_policy as vbs_create};
use cloud_backup_sdk::tencentcloud::postgres::{self, create_backup_plan as tc_create};
use cloud_backup_sdk::transport::{HttpResponse, Limits, ReqwestTransport, Transport};
use cloud_backup_sdk::{Credentials, Error, PreparedRequest};
use cloud_backup_sdk::{Severity, ValidationErrors, ValidationMode};
use cloud_backup_tests::emulator::http::parse_form;
use cloud_backup_tests::emulator::{Config, Emulator, Outcome, Provider, Recorded};
use serde_json::{Value, json};

use ValidationMode::{Off, Standard, Strict, Warn};

const KEY_ID: &str = "AKIDEXAMPLE0123456789";
const SECRET: &str = "emulator-secret-0123456789abcdef";

/// An emulator that accepts undocumented parameters.
async fn start(provider: Provider) -> Emulator {
    let mut config = Config::new(provider, KEY_ID, SECRET);
    config.accept_undocumented = true;
    Emulator::start(config).await
}

/// A client of the emulator, in the given mode when one is given (the default otherwise).
fn build<C: ServiceClient>(
    builder: ClientBuilder<C>,
    e: &Emulator,
    region: &str,
    mode: Option<ValidationMode>,
) -> C {
    let builder = builder
        .credentials(Credentials::new(KEY_ID, SECRET))
        .region(region)
        .endpoint(e.endpoint())
        .retry(RetryPolicy::none());
    match mode {
        Some(mode) => builder.validation(mode),
        None => builder,
    }
    .build()
    .unwrap()
}

/// Where the validation mode is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum How {
    /// On a default client, for the call: `with_validation(mode)`.
    Call(ValidationMode),
    /// On the client: `ClientBuilder::validation(mode)`.
    Client(ValidationMode),
}

impl How {
    fn mode(self) -> ValidationMode {
        match self {
            How::Call(m) | How::Client(m) => m,
        }
    }

    /// Every mode, set each way.
    fn all() -> Vec<How> {
        [Strict, Standard, Warn, Off]
            .into_iter()
            .flat_map(|m| [How::Call(m), How::Client(m)])
            .collect()
    }
}

fn dbs_client(e: &Emulator, how: How) -> dbs::Client {
    dbs_client_signed(e, how, AcsSignature::V3)
}

fn dbs_client_signed(e: &Emulator, how: How, signature: AcsSignature) -> dbs::Client {
    let builder = || dbs::Client::builder().acs_signature(signature);
    match how {
        How::Call(m) => build(builder(), e, "cn-hangzhou", None).with_validation(m),
        How::Client(m) => build(builder(), e, "cn-hangzhou", Some(m)),
    }
}

fn hbr_client(e: &Emulator, how: How) -> hbr::Client {
    match how {
        How::Call(m) => build(hbr::Client::builder(), e, "cn-hangzhou", None).with_validation(m),
        How::Client(m) => build(hbr::Client::builder(), e, "cn-hangzhou", Some(m)),
    }
}

fn tencent_client(e: &Emulator, how: How) -> postgres::Client {
    match how {
        How::Call(m) => {
            build(postgres::Client::builder(), e, "ap-guangzhou", None).with_validation(m)
        }
        How::Client(m) => build(postgres::Client::builder(), e, "ap-guangzhou", Some(m)),
    }
}

fn huawei_client(e: &Emulator, how: How) -> vbs::Client {
    match how {
        How::Call(m) => build(vbs::Client::builder(), e, "cn-north-4", None).with_validation(m),
        How::Client(m) => build(vbs::Client::builder(), e, "cn-north-4", Some(m)),
    }
}

// ---------------------------------------------------------------------------------------------
// Valid requests to start from.

fn dbs_create_request() -> dbs_create::CreateAndStartBackupPlanRequestBuilder {
    dbs_create::CreateAndStartBackupPlanRequest::builder()
        .instance_class(dbs_create::InstanceClass::Micro)
        .database_type(dbs_create::DatabaseType::MySql)
        .backup_method(dbs_create::BackupMethod::Logical)
        .source_endpoint_instance_type(dbs_create::SourceEndpointInstanceType::Rds)
        .source_endpoint_region("cn-hangzhou")
        .source_endpoint_instance_id("rm-uf6wjk5xxxxxxxxxx")
        .source_endpoint_user_name("testRDS")
        .source_endpoint_password("testPassword")
        .backup_plan_name("plan")
}

fn dbs_configure_request() -> dbs_configure::ConfigureBackupPlanRequestBuilder {
    dbs_configure::ConfigureBackupPlanRequest::builder()
        .backup_plan_id("dbstooi0*******")
        .source_endpoint_instance_type(dbs_configure::SourceEndpointInstanceType::Rds)
        .source_endpoint_region("cn-hangzhou")
        .source_endpoint_instance_id("rm-uf6wjk5*********")
        .backup_plan_name("plan")
}

fn hbr_request() -> hbr_create::CreateBackupPlanRequestBuilder {
    hbr_create::CreateBackupPlanRequest::builder()
        .source_type(hbr_create::SourceType::EcsFile)
        .instance_id("i-m5e*****6q")
        .vault_id("v-0006******q")
        .schedule("I|1602673264|P1D")
        .retention(7)
        .path(["/home"])
}

fn tencent_request() -> tc_create::CreateBackupPlanRequestBuilder {
    tc_create::CreateBackupPlanRequest::builder()
        .db_instance_id("postgres-kwk4tq23")
        .plan_name("plan1")
        .backup_period_type(tc_create::BackupPeriodType::Month)
        .backup_period(["1", "2"])
}

fn huawei_policy() -> vbs_create::ScheduledPolicyBuilder {
    vbs_create::ScheduledPolicy::builder()
        .start_time(["12:00"])
        .frequency(1)
        .rentention_num(7)
        .status(vbs_create::BackupPolicyStatus::On)
}

fn huawei_request(
    policy: vbs_create::ScheduledPolicy,
) -> vbs_create::CreateBackupPolicyRequestBuilder {
    vbs_create::CreateBackupPolicyRequest::builder()
        .project_id("0a1b2c3d4e5f60718293a4b5c6d7e8f9")
        .backup_policy_name("policy_01")
        .scheduled_policy(policy)
}

// ---------------------------------------------------------------------------------------------
// Observing calls.

/// Runs one call: its result, and the requests the emulator received meanwhile.
async fn observe<T, C>(
    e: &Emulator,
    call: impl Future<Output = Result<T, Error<C>>>,
) -> (Result<T, Error<C>>, Vec<Recorded>)
where
    C: Debug,
{
    let before = e.requests().len();
    let result = call.await;
    let received = e.requests().split_off(before);
    (result, received)
}

/// The validation errors of a refused call.
fn refused<T, C: Debug>(result: Result<T, Error<C>>, what: &str) -> ValidationErrors {
    match result {
        Err(Error::Validation(errors)) => errors,
        Err(other) => panic!("{what}: expected a validation error, got {other}"),
        Ok(_) => panic!("{what}: expected a validation error, the call succeeded"),
    }
}

/// The one request a call sent, after checking that its signature was verified.
fn the_request<'a>(received: &'a [Recorded], what: &str) -> &'a Recorded {
    assert_eq!(received.len(), 1, "{what}: one request, not {received:#?}");
    let request = &received[0];
    assert!(request.signature_valid, "{what}: signature not valid");
    request
}

/// The request's body as JSON.
fn body_json(request: &Recorded) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

/// The request's form body, decoded.
fn form(request: &Recorded) -> Vec<(String, String)> {
    parse_form(std::str::from_utf8(&request.body).expect("UTF-8 form")).expect("a form body")
}

/// The (severity, rule, path) of each violation.
fn summary<'a>(
    violations: impl IntoIterator<Item = &'a cloud_backup_sdk::Violation>,
) -> Vec<(Severity, &'static str, String)> {
    violations
        .into_iter()
        .map(|v| (v.severity, v.rule, v.path.clone()))
        .collect()
}

/// Calls once per mode and per way of setting it (`How::all`), then checks: the modes in
/// `refusing` return a validation error (checked by `refusal`) and send nothing; the others
/// send one request, signed, which `sent` checks with the call's result.
async fn each_mode<Cl, T, C, Fut>(
    e: &Emulator,
    refusing: &[ValidationMode],
    client: impl Fn(How) -> Cl,
    call: impl Fn(Cl) -> Fut,
    refusal: impl Fn(How, &ValidationErrors),
    sent: impl Fn(How, Result<T, Error<C>>, &Recorded),
) where
    C: Debug,
    Fut: Future<Output = Result<T, Error<C>>>,
{
    for how in How::all() {
        let (result, received) = observe(e, call(client(how))).await;
        let what = format!("{how:?}");
        if refusing.contains(&how.mode()) {
            assert!(received.is_empty(), "{what}: a refused request was sent");
            refusal(how, &refused(result, &what));
        } else {
            let request = the_request(&received, &what).clone();
            sent(how, result, &request);
        }
    }
}

/// The error without its operation's error codes (they are not needed to tell the kind).
fn strip<C: Debug>(error: Error<C>) -> Error<String> {
    match error {
        Error::Validation(e) => Error::Validation(e),
        Error::Config(m) => Error::Config(m),
        other => Error::Config(format!("not a configuration error: {other}")),
    }
}

/// Sends a prepared request to the emulator.
async fn send(prepared: &PreparedRequest) -> HttpResponse {
    let transport = ReqwestTransport::new(Duration::from_secs(5)).unwrap();
    let limits = Limits {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
        max_body: 1 << 20,
    };
    transport.send(prepared, limits).await.unwrap()
}

// ---------------------------------------------------------------------------------------------
// Undocumented parameters.

#[tokio::test]
async fn dbs_undocumented_parameter_travels_in_the_signed_query() {
    let request = dbs_create_request()
        .undocumented("OwnerId", "1234567890")
        .build()
        .unwrap();
    // A warning, not an error: built, and the warning handed back.
    let warnings = request.warnings();
    assert_eq!(
        summary(&warnings),
        [(Severity::Warning, "undocumented", "OwnerId".to_owned())]
    );
    assert!(
        warnings.violations()[0]
            .message
            .contains("it is sent as given"),
        "{warnings}"
    );
    for signature in [AcsSignature::V3, AcsSignature::V1] {
        let e = start(Provider::Alibaba).await;
        let client = build(
            dbs::Client::builder().acs_signature(signature),
            &e,
            "cn-hangzhou",
            None,
        );
        let (result, received) =
            observe(&e, client.create_and_start_backup_plan(request.clone())).await;
        let response = result.unwrap_or_else(|err| panic!("{signature:?}: {err}"));
        assert_eq!(response.backup_plan_id.as_deref(), Some("plan-1"));
        let sent = the_request(&received, &format!("{signature:?}"));
        assert_eq!(sent.query_param("OwnerId"), Some("1234567890"));
        assert!(sent.body.is_empty(), "DBS sends no body");
        let created = e.created();
        assert_eq!(created[0].undocumented, json!({"OwnerId": "1234567890"}));
        assert_eq!(created[0].params["DatabaseType"], "MySQL");
        assert!(created[0].params.get("OwnerId").is_none());
    }

    // The signature covers it: the same request with another OwnerId is refused.
    let e = start(Provider::Alibaba).await;
    let client = build(dbs::Client::builder(), &e, "cn-hangzhou", None);
    let mut prepared = client
        .prepare_create_and_start_backup_plan(&request)
        .unwrap();
    assert!(
        prepared.url.contains("OwnerId=1234567890"),
        "{}",
        prepared.url
    );
    prepared.url = prepared
        .url
        .replace("OwnerId=1234567890", "OwnerId=1234567891");
    let reply = send(&prepared).await;
    assert_eq!(reply.status, 400);
    let body: Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(body["Code"], "SignatureDoesNotMatch");
    let requests = e.requests();
    assert!(!requests[0].signature_valid);
    assert!(e.created().is_empty());
}

#[tokio::test]
async fn hbr_undocumented_list_is_numbered_in_the_query_and_nested_members_follow_their_parent() {
    let rule = hbr_create::Rule::builder()
        .schedule("I|1602673264|P1D")
        .retention(7)
        .undocumented("NewMember", "x")
        .build()
        .unwrap();
    let request = hbr_request()
        .rule([rule])
        .undocumented("NewParam", json!(["a", "b"]))
        .build()
        .unwrap();
    assert_eq!(
        summary(&request.warnings()),
        [
            (
                Severity::Warning,
                "undocumented",
                "Rule[0].NewMember".to_owned()
            ),
            (Severity::Warning, "undocumented", "NewParam".to_owned()),
        ]
    );
    for signature in [AcsSignature::V3, AcsSignature::V1] {
        let e = start(Provider::Alibaba).await;
        let client = build(
            hbr::Client::builder().acs_signature(signature),
            &e,
            "cn-hangzhou",
            None,
        );
        let (result, received) = observe(&e, client.create_backup_plan(request.clone())).await;
        let response = result.unwrap_or_else(|err| panic!("{signature:?}: {err}"));
        assert_eq!(response.plan_id.as_deref(), Some("plan-1"));
        let sent = the_request(&received, &format!("{signature:?}"));
        // The top-level list: numbered fields in the query string, as Alibaba's SDKs send it.
        assert_eq!(sent.query_param("NewParam.1"), Some("a"));
        assert_eq!(sent.query_param("NewParam.2"), Some("b"));
        assert_eq!(sent.query_param("NewParam"), None);
        // The nested member: in the form body, with the rule it belongs to.
        let form = form(sent);
        let has = |name: &str, value: &str| form.iter().any(|(k, v)| k == name && v == value);
        assert!(has("Rule.1.NewMember", "x"), "{form:?}");
        assert!(has("Rule.1.Retention", "7"), "{form:?}");
        assert!(
            !form.iter().any(|(k, _)| k.starts_with("NewParam")),
            "{form:?}"
        );
        let created = e.created();
        assert_eq!(
            created[0].undocumented,
            json!({"NewParam.1": "a", "NewParam.2": "b", "Rule.1.NewMember": "x"})
        );
        assert_eq!(
            created[0].params["Rule"],
            json!([{"Schedule": "I|1602673264|P1D", "Retention": 7}])
        );
        assert_eq!(created[0].params["Path"], json!(["/home"]));
    }
}

#[tokio::test]
async fn tencent_undocumented_member_travels_in_the_signed_body() {
    let e = start(Provider::Tencent).await;
    let new = json!({"Enabled": true, "Ids": [1, 2]});
    let request = tencent_request()
        .undocumented("NewFlag", new.clone())
        .build()
        .unwrap();
    assert_eq!(request.warnings().len(), 1);
    let client = build(postgres::Client::builder(), &e, "ap-guangzhou", None);
    let (result, received) = observe(&e, client.create_backup_plan(request.clone())).await;
    assert_eq!(result.unwrap().plan_id.as_deref(), Some("plan-1"));
    let sent = the_request(&received, "tencent");
    assert!(sent.query.is_empty());
    let body = body_json(sent);
    assert_eq!(body["NewFlag"], new);
    assert_eq!(body["DBInstanceId"], "postgres-kwk4tq23");
    let created = e.created();
    assert_eq!(created[0].undocumented, json!({"NewFlag": new}));
    assert!(created[0].params.get("NewFlag").is_none());

    // The signature covers the body: another value for the member is refused.
    let mut prepared = client.prepare_create_backup_plan(&request).unwrap();
    prepared.body = prepared
        .body
        .replace("\"Enabled\":true", "\"Enabled\":false");
    let reply = send(&prepared).await;
    let body: Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(
        body["Response"]["Error"]["Code"],
        "AuthFailure.SignatureFailure"
    );
    assert!(!e.requests()[1].signature_valid);
    assert_eq!(e.created().len(), 1);
}

#[tokio::test]
async fn huawei_undocumented_members_travel_in_the_signed_body_at_any_depth() {
    let e = start(Provider::Huawei).await;
    let policy = huawei_policy()
        .undocumented("new_member", 5)
        .build()
        .unwrap();
    let request = huawei_request(policy)
        .undocumented("enterprise_project_id", "0")
        .build()
        .unwrap();
    assert_eq!(
        summary(&request.warnings()),
        [
            (
                Severity::Warning,
                "undocumented",
                "scheduled_policy.new_member".to_owned()
            ),
            (
                Severity::Warning,
                "undocumented",
                "enterprise_project_id".to_owned()
            ),
        ]
    );
    let client = build(vbs::Client::builder(), &e, "cn-north-4", None);
    let (result, received) = observe(&e, client.create_backup_policy(request.clone())).await;
    assert_eq!(
        result.unwrap().backup_policy_id.as_deref(),
        Some("policy-1")
    );
    let sent = the_request(&received, "huawei");
    assert!(sent.query.is_empty());
    assert_eq!(
        sent.path,
        "/v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/backuppolicy"
    );
    let body = body_json(sent);
    assert_eq!(body["enterprise_project_id"], "0");
    assert_eq!(body["scheduled_policy"]["new_member"], 5);
    assert!(
        body.get("project_id").is_none(),
        "a path parameter stays in the path"
    );
    let created = e.created();
    assert_eq!(
        created[0].undocumented,
        json!({"enterprise_project_id": "0", "scheduled_policy.new_member": 5})
    );

    // The signature covers the body.
    let mut prepared = client.prepare_create_backup_policy(&request).unwrap();
    prepared.body = prepared
        .body
        .replace("\"new_member\":5", "\"new_member\":6");
    let reply = send(&prepared).await;
    assert_eq!(reply.status, 401);
    assert!(!e.requests()[1].signature_valid);
    assert_eq!(e.created().len(), 1);
}

#[tokio::test]
async fn an_undocumented_parameter_is_refused_only_in_the_strict_mode() {
    let e = start(Provider::Alibaba).await;
    let request = dbs_create_request()
        .undocumented("OwnerId", "1234567890")
        .build()
        .unwrap();
    each_mode(
        &e,
        &[Strict],
        |how| dbs_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_and_start_backup_plan(request).await }
        },
        |how, errors| {
            assert_eq!(
                summary(errors.violations()),
                [(Severity::Warning, "undocumented", "OwnerId".to_owned())],
                "{how:?}"
            );
            assert_eq!(errors.errors().count(), 0);
        },
        |how, result, sent| {
            assert!(result.is_ok_and(|r| r.backup_plan_id.is_some()), "{how:?}");
            assert_eq!(sent.query_param("OwnerId"), Some("1234567890"));
        },
    )
    .await;
    assert_eq!(e.created().len(), 6);

    let e = start(Provider::Huawei).await;
    let request = huawei_request(huawei_policy().build().unwrap())
        .undocumented("enterprise_project_id", "0")
        .build()
        .unwrap();
    each_mode(
        &e,
        &[Strict],
        |how| huawei_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_backup_policy(request).await }
        },
        |how, errors| {
            assert_eq!(errors.warnings().count(), 1, "{how:?}: {errors}");
            assert_eq!(errors.len(), 1, "{how:?}: {errors}");
        },
        |how, result, sent| {
            assert!(result.is_ok(), "{how:?}");
            assert_eq!(body_json(sent)["enterprise_project_id"], "0");
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Enumeration values the spec does not list.

#[tokio::test]
async fn dbs_unlisted_enumeration_value_is_refused_unless_the_mode_sends_anyway() {
    let new = || {
        dbs_create_request().database_type(dbs_create::DatabaseType::Undocumented("NewDB".into()))
    };
    let message = "DatabaseType must be one of: MySQL, MSSQL, Oracle, MariaDB, PostgreSQL, DRDS, MongoDB, Redis (got \"NewDB\")";
    // `build()` refuses it; `build_unchecked()` builds it for the modes that send anyway.
    let built = new().build().unwrap_err();
    assert_eq!(built.violations()[0].message, message);
    let request = new().build_unchecked().unwrap();

    let e = start(Provider::Alibaba).await;
    // The default client: refused, nothing sent.
    let default = build(dbs::Client::builder(), &e, "cn-hangzhou", None);
    let (result, received) =
        observe(&e, default.create_and_start_backup_plan(request.clone())).await;
    assert!(received.is_empty());
    let errors = refused(result, "default mode");
    assert_eq!(
        summary(errors.violations()),
        [(Severity::Error, "enum", "DatabaseType".to_owned())]
    );
    assert_eq!(errors.violations()[0].message, message);
    assert!(errors.to_string().contains(message), "{errors}");

    each_mode(
        &e,
        &[Strict, Standard],
        |how| dbs_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_and_start_backup_plan(request).await }
        },
        |how, errors| {
            assert_eq!(errors.violations()[0].message, message, "{how:?}");
            assert_eq!(errors.len(), 1, "{how:?}: {errors}");
        },
        |how, result, sent| {
            assert!(result.is_ok_and(|r| r.backup_plan_id.is_some()), "{how:?}");
            // Sent verbatim.
            assert_eq!(sent.query_param("DatabaseType"), Some("NewDB"), "{how:?}");
        },
    )
    .await;
    let created = e.created();
    assert_eq!(created.len(), 4, "Warn and Off, each set both ways");
    assert!(created.iter().all(|c| c.params["DatabaseType"] == "NewDB"));

    // A per-call mode overrides the client's, both ways.
    let warn = build(dbs::Client::builder(), &e, "cn-hangzhou", Some(Warn));
    let (result, received) = observe(
        &e,
        warn.with_validation(Standard)
            .create_and_start_backup_plan(request.clone()),
    )
    .await;
    assert!(received.is_empty());
    refused(result, "Warn client, Standard call");
    let strict = build(dbs::Client::builder(), &e, "cn-hangzhou", Some(Strict));
    let (result, received) = observe(
        &e,
        strict
            .with_validation(Off)
            .create_and_start_backup_plan(request),
    )
    .await;
    assert!(result.is_ok());
    assert_eq!(
        the_request(&received, "Strict client, Off call").query_param("DatabaseType"),
        Some("NewDB")
    );
}

#[tokio::test]
async fn unlisted_enumeration_values_of_hbr_tencent_and_huawei_follow_the_same_rules() {
    // HBR: a new source type, sent verbatim in the query.
    let e = start(Provider::Alibaba).await;
    let request = hbr_request()
        .source_type(hbr_create::SourceType::Undocumented("NEW_SOURCE".into()))
        .build_unchecked()
        .unwrap();
    each_mode(
        &e,
        &[Strict, Standard],
        |how| hbr_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_backup_plan(request).await }
        },
        |how, errors| {
            let v = &errors.violations()[0];
            assert_eq!((v.rule, v.path.as_str()), ("enum", "SourceType"), "{how:?}");
            assert!(
                v.message
                    .starts_with("SourceType must be one of: ECS_FILE, OSS, NAS"),
                "{}",
                v.message
            );
            assert!(v.message.ends_with("(got \"NEW_SOURCE\")"), "{}", v.message);
        },
        |how, result, sent| {
            assert!(result.is_ok(), "{how:?}");
            assert_eq!(sent.query_param("SourceType"), Some("NEW_SOURCE"));
        },
    )
    .await;

    // Huawei: a nested enumeration, sent verbatim in the body.
    let e = start(Provider::Huawei).await;
    let policy = huawei_policy()
        .status(vbs_create::BackupPolicyStatus::Undocumented(
            "PAUSED".into(),
        ))
        .build_unchecked()
        .unwrap();
    let request = huawei_request(policy).build_unchecked().unwrap();
    each_mode(
        &e,
        &[Strict, Standard],
        |how| huawei_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_backup_policy(request).await }
        },
        |how, errors| {
            let v = &errors.violations()[0];
            assert_eq!(
                (v.rule, v.path.as_str()),
                ("enum", "scheduled_policy.status"),
                "{how:?}"
            );
            assert_eq!(
                v.message,
                "scheduled_policy.status must be one of: ON, OFF (got \"PAUSED\")"
            );
        },
        |how, result, sent| {
            assert!(result.is_ok(), "{how:?}");
            assert_eq!(body_json(sent)["scheduled_policy"]["status"], "PAUSED");
        },
    )
    .await;

    // Tencent: sent in the modes that send anyway, and the service has the last word (the
    // emulator, as the real API, takes only `month`).
    let e = start(Provider::Tencent).await;
    let request = tencent_request()
        .backup_period_type(tc_create::BackupPeriodType::Undocumented("week".into()))
        .build_unchecked()
        .unwrap();
    each_mode(
        &e,
        &[Strict, Standard],
        |how| tencent_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_backup_plan(request).await }
        },
        |how, errors| {
            assert_eq!(
                errors.violations()[0].message,
                "BackupPeriodType must be one of: month (got \"week\")",
                "{how:?}"
            );
        },
        |how, result, sent| {
            assert_eq!(body_json(sent)["BackupPeriodType"], "week");
            assert!(matches!(sent.outcome, Outcome::Rejected { .. }));
            match result {
                Err(Error::Service { code, .. }) => assert_eq!(
                    code,
                    tc_create::CreateBackupPlanErrorCode::InvalidParameterValueInvalidParameterValueError,
                    "{how:?}"
                ),
                other => panic!("{how:?}: expected the service's refusal, got {other:?}"),
            }
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Readings and stated limits.

#[tokio::test]
async fn a_broken_reading_is_sent_except_in_the_strict_mode() {
    // DBS: a port out of [1,65535], the spec's reading of a page that states no range.
    let request = dbs_create_request()
        .source_endpoint_port(70_000)
        .build()
        .unwrap();
    let warning = "warning: SourceEndpointPort must be between 1 and 65535";
    assert!(
        request.warnings().to_string().contains(warning),
        "{}",
        request.warnings()
    );
    let e = start(Provider::Alibaba).await;
    each_mode(
        &e,
        &[Strict],
        |how| dbs_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_and_start_backup_plan(request).await }
        },
        |how, errors| {
            assert_eq!(
                summary(errors.violations()),
                [(Severity::Warning, "range", "SourceEndpointPort".to_owned())],
                "{how:?}"
            );
            assert!(errors.to_string().contains(warning), "{errors}");
        },
        |how, result, sent| {
            assert!(result.is_ok(), "{how:?}");
            assert_eq!(sent.query_param("SourceEndpointPort"), Some("70000"));
        },
    )
    .await;
    assert!(
        e.created()
            .iter()
            .all(|c| c.params["SourceEndpointPort"] == 70_000)
    );

    // Tencent: a repeated day, the spec's reading that days are distinct.
    let request = tencent_request().backup_period(["1", "1"]).build().unwrap();
    assert_eq!(
        summary(&request.warnings()),
        [(Severity::Warning, "unique", "BackupPeriod".to_owned())]
    );
    let e = start(Provider::Tencent).await;
    each_mode(
        &e,
        &[Strict],
        |how| tencent_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_backup_plan(request).await }
        },
        |how, errors| assert_eq!(errors.warnings().count(), 1, "{how:?}"),
        |how, result, sent| {
            assert!(result.is_ok(), "{how:?}");
            assert_eq!(body_json(sent)["BackupPeriod"], json!(["1", "1"]));
        },
    )
    .await;
}

#[tokio::test]
async fn a_broken_stated_limit_is_sent_only_in_the_warn_and_off_modes() {
    // DBS ConfigureBackupPlan: retention beyond the stated [0,1825].
    let new = || dbs_configure_request().backup_retention_period(1826);
    let message = "BackupRetentionPeriod must be between 0 and 1825 (got 1826)";
    assert!(new().build().unwrap_err().to_string().contains(message));
    let request = new().build_unchecked().unwrap();
    let e = start(Provider::Alibaba).await;
    each_mode(
        &e,
        &[Strict, Standard],
        |how| dbs_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.configure_backup_plan(request).await }
        },
        |how, errors| {
            assert_eq!(
                summary(errors.violations()),
                [(Severity::Error, "range", "BackupRetentionPeriod".to_owned())],
                "{how:?}"
            );
            assert!(errors.to_string().contains(message), "{errors}");
        },
        |how, result, sent| {
            let response = result.unwrap_or_else(|err| panic!("{how:?}: {err}"));
            assert_eq!(response.backup_plan_id.as_deref(), Some("dbstooi0*******"));
            assert_eq!(sent.query_param("BackupRetentionPeriod"), Some("1826"));
            assert_eq!(sent.action.as_deref(), Some("ConfigureBackupPlan"));
        },
    )
    .await;

    // DBS CreateAndStartBackupPlan: six years, where the page states 1 to 5 with Period Year.
    let request = dbs_create_request()
        .period(dbs_create::Period::Year)
        .used_time(6)
        .build_unchecked()
        .unwrap();
    each_mode(
        &e,
        &[Strict, Standard],
        |how| dbs_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_and_start_backup_plan(request).await }
        },
        |how, errors| {
            assert_eq!(
                summary(errors.violations()),
                [(Severity::Error, "range_if", "UsedTime".to_owned())],
                "{how:?}"
            );
            assert!(
                errors
                    .to_string()
                    .contains("UsedTime must be between 1 and 5 when Period is Year (got 6)"),
                "{errors}"
            );
        },
        |how, result, sent| {
            assert!(result.is_ok(), "{how:?}");
            assert_eq!(sent.query_param("UsedTime"), Some("6"));
            assert_eq!(sent.query_param("Period"), Some("Year"));
        },
    )
    .await;

    // Tencent: a retention the page bounds below 30000; sent anyway, the service refuses it
    // as the spec said it would.
    let request = tencent_request()
        .base_backup_retention_period(30_000)
        .build_unchecked()
        .unwrap();
    let e = start(Provider::Tencent).await;
    each_mode(
        &e,
        &[Strict, Standard],
        |how| tencent_client(&e, how),
        |client| {
            let request = request.clone();
            async move { client.create_backup_plan(request).await }
        },
        |how, errors| assert_eq!(errors.errors().count(), 1, "{how:?}: {errors}"),
        |how, result, sent| {
            assert_eq!(body_json(sent)["BaseBackupRetentionPeriod"], 30_000);
            assert!(
                matches!(result, Err(Error::Service { .. })),
                "{how:?}: {result:?}"
            );
        },
    )
    .await;
    assert!(e.created().is_empty());
}

// ---------------------------------------------------------------------------------------------
// The JSON path.

#[tokio::test]
async fn the_json_path_follows_the_same_rules() {
    let op = cloud_backup_sdk::operation("alibabacloud.dbs.CreateAndStartBackupPlan").unwrap();
    let base = json!({
        "InstanceClass": "micro",
        "DatabaseType": "MySQL",
        "BackupMethod": "logical",
        "SourceEndpointInstanceType": "RDS",
        "SourceEndpointRegion": "cn-hangzhou",
        "SourceEndpointInstanceID": "rm-uf6wjk5xxxxxxxxxx",
        "SourceEndpointUserName": "testRDS",
        "SourceEndpointPassword": "testPassword",
        "BackupPlanName": "plan"
    });
    // An unknown member alone: a warning.
    let mut unknown = base.clone();
    unknown["OwnerId"] = json!(1_234_567_890);
    // And an unlisted enumeration value: an error.
    let mut both = unknown.clone();
    both["DatabaseType"] = json!("NewDB");

    let e = start(Provider::Alibaba).await;
    for how in How::all() {
        let client = dbs_client(&e, how);
        let client = client.inner();
        for (request, refusing) in [(&unknown, &[Strict][..]), (&both, &[Strict, Standard][..])] {
            let before = e.requests().len();
            let prepared = client.prepare_json::<String>(op, request);
            if refusing.contains(&how.mode()) {
                let errors = refused(prepared, &format!("{how:?}"));
                let got = summary(errors.violations());
                assert!(
                    got.contains(&(Severity::Warning, "undocumented", "OwnerId".to_owned())),
                    "{how:?}: {errors}"
                );
                if request == &both {
                    assert!(got.contains(&(Severity::Error, "enum", "DatabaseType".to_owned())));
                    assert!(
                        errors
                            .to_string()
                            .contains("DatabaseType must be one of: MySQL, MSSQL")
                    );
                }
                continue;
            }
            let prepared = prepared.unwrap_or_else(|err| panic!("{how:?}: {err}"));
            let reply = send(&prepared).await;
            assert_eq!(
                reply.status,
                200,
                "{how:?}: {}",
                String::from_utf8_lossy(&reply.body)
            );
            let received = e.requests().split_off(before);
            let sent = the_request(&received, &format!("{how:?}"));
            assert_eq!(sent.query_param("OwnerId"), Some("1234567890"));
            assert_eq!(
                sent.query_param("DatabaseType"),
                request["DatabaseType"].as_str()
            );
            // The idempotency token is filled in on this path too.
            assert!(
                sent.query_param("ClientToken")
                    .is_some_and(|t| t.len() == 32)
            );
            let created = e.created();
            let last = created.last().unwrap();
            assert_eq!(last.undocumented, json!({"OwnerId": "1234567890"}));
            assert_eq!(last.params["DatabaseType"], request["DatabaseType"]);
        }
    }
    // Strict refuses both, Standard one; Warn and Off send both: each set two ways.
    assert_eq!(e.created().len(), 2 * (1 + 2 + 2));

    // Huawei: an unknown member and an unlisted nested value, in the JSON body.
    let op = cloud_backup_sdk::operation("huaweicloud.vbs.CreateBackupPolicy").unwrap();
    let request = json!({
        "project_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "backup_policy_name": "policy_01",
        "enterprise_project_id": "0",
        "scheduled_policy": {"start_time": "12:00", "frequency": 1, "rentention_num": 7, "status": "PAUSED"}
    });
    let e = start(Provider::Huawei).await;
    for how in How::all() {
        let client = huawei_client(&e, how);
        let prepared = client.inner().prepare_json::<String>(op, &request);
        if matches!(how.mode(), Strict | Standard) {
            let errors = refused(prepared, &format!("{how:?}"));
            assert_eq!(
                summary(errors.violations()),
                [
                    (
                        Severity::Error,
                        "enum",
                        "scheduled_policy.status".to_owned()
                    ),
                    (
                        Severity::Warning,
                        "undocumented",
                        "enterprise_project_id".to_owned()
                    ),
                ],
                "{how:?}"
            );
            continue;
        }
        let prepared = prepared.unwrap();
        let reply = send(&prepared).await;
        assert_eq!(
            reply.status,
            200,
            "{how:?}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        let created = e.created();
        let last = created.last().unwrap();
        assert_eq!(last.undocumented, json!({"enterprise_project_id": "0"}));
        assert_eq!(last.params["scheduled_policy"]["status"], "PAUSED");
        assert_eq!(
            last.params["project_id"],
            "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
        );
    }
    assert!(e.requests().iter().all(|r| r.signature_valid));
    assert_eq!(e.requests().len(), 4);
}

// ---------------------------------------------------------------------------------------------
// Names the protocol writes itself.

#[tokio::test]
async fn an_undocumented_protocol_name_is_a_configuration_error_in_every_mode() {
    let e = start(Provider::Alibaba).await;
    let op = cloud_backup_sdk::operation("alibabacloud.hbr.CreateBackupPlan").unwrap();
    let names = [
        "Action",
        "Version",
        "signature",
        "SecurityToken",
        "AccessKeyId",
    ];
    for how in How::all() {
        for signature in [AcsSignature::V3, AcsSignature::V1] {
            let dbs = dbs_client_signed(&e, how, signature);
            let hbr = match how {
                How::Call(m) => build(
                    hbr::Client::builder().acs_signature(signature),
                    &e,
                    "cn-hangzhou",
                    None,
                )
                .with_validation(m),
                How::Client(m) => build(
                    hbr::Client::builder().acs_signature(signature),
                    &e,
                    "cn-hangzhou",
                    Some(m),
                ),
            };
            for name in names {
                let config_error = |result: Result<(), Error<String>>, what: &str| {
                    let Err(Error::Config(err)) = result else {
                        panic!(
                            "{name} {how:?} {signature:?} {what}: expected Error::Config, got {result:?}"
                        );
                    };
                    assert!(
                        err.contains(&format!(
                            "{name} cannot be sent as an undocumented parameter"
                        )) && err.contains("the protocol writes it itself"),
                        "{name} {how:?} {signature:?} {what}: {err}"
                    );
                };
                let dbs_request = dbs_create_request()
                    .undocumented(name, "CreateBackupPlan")
                    .build()
                    .unwrap();
                // Validation alone sees an undocumented parameter: a warning.
                assert_eq!(dbs_request.warnings().len(), 1);
                let hbr_request = hbr_request()
                    .undocumented(name, json!(["x"]))
                    .build_unchecked()
                    .unwrap();
                let mut json_request =
                    json!({"SourceType": "ECS_FILE", "InstanceId": "i-1", "Path": ["/home"]});
                json_request[name] = json!("x");

                let called = dbs.create_and_start_backup_plan(dbs_request.clone()).await;
                config_error(called.map(drop).map_err(strip), "dbs call");
                let prepared = dbs.prepare_create_and_start_backup_plan(&dbs_request);
                config_error(prepared.map(drop).map_err(strip), "dbs prepare");
                let called = hbr.create_backup_plan(hbr_request).await;
                config_error(called.map(drop).map_err(strip), "hbr call");
                let prepared = hbr.inner().prepare_json::<String>(op, &json_request);
                config_error(prepared.map(drop), "hbr prepare_json");
            }
        }
    }
    assert!(e.requests().is_empty(), "nothing was sent");
}
