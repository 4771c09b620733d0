//! Mutation fuzzing on stable Rust, seeded from the repository's own inputs:
//!
//! - spec text → `specgen` (the spec sets under `specs/` and the bad-spec base, one file
//!   mangled): a diagnostic or a generated crate, never a panic or an overflowed stack;
//! - request bytes → `validate_json` (the requests of `tests/benches/requests/`, mangled as
//!   JSON and as bytes): a parse error or a verdict, bounded in size;
//! - response bytes → a client call (each operation's documented responses and error
//!   envelopes, mangled): the typed response or a typed error.
//!
//! Each target runs a fixed number of cases from a fixed seed, so a failure is reproducible;
//! `FUZZ_CASES` sets the number and `FUZZ_SEED` (any text) the seed for longer runs (see the
//! README). A failing case is shrunk and printed.

mod support;

use std::collections::VecDeque;
use std::fs;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloud_backup_sdk::config::{RateLimits, RetryPolicy};
use cloud_backup_sdk::transport::{HttpResponse, Limits, SendFuture, Transport, TransportError};
use cloud_backup_sdk::{Credentials, PreparedRequest};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

/// The number of cases per target: `FUZZ_CASES`, or `default`.
fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A runner with a fixed seed (from `FUZZ_SEED` when set) and no failure files.
fn runner(target: &str, default_cases: u32) -> TestRunner {
    let seed_text = std::env::var("FUZZ_SEED").unwrap_or_default();
    let mut seed = [0u8; 32];
    for (i, b) in format!("{target}/{seed_text}").bytes().enumerate() {
        if let Some(slot) = seed.get_mut(i % 32) {
            *slot = slot.wrapping_mul(31).wrapping_add(b);
        }
    }
    let config = Config {
        cases: cases(default_cases),
        failure_persistence: None,
        max_shrink_iters: 512,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed))
}

fn run<S: Strategy>(target: &str, default_cases: u32, strategy: S, test: impl Fn(S::Value))
where
    S::Value: std::fmt::Debug,
{
    let mut runner = runner(target, default_cases);
    if let Err(e) = runner.run(&strategy, |input| {
        test(input);
        Ok(())
    }) {
        panic!("{target}: {e}");
    }
}

/// Text that tends to matter to a parser or a checker.
const TOKENS: &[&str] = &[
    "- ",
    "\t",
    ": ",
    "\n",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "*a",
    "&a ",
    "!!str ",
    "---\n",
    "? ",
    "|\n",
    ">-\n",
    "#",
    "~",
    ".inf",
    "-.inf",
    ".nan",
    "1e999",
    "-9223372036854775809",
    "340282366920938463463374607431768211456",
    "\u{0}",
    "\u{7f}",
    "\r\n",
    "\u{202e}",
    "\u{feff}",
    "é",
    "null",
    "true",
    "[0,",
    "(,)",
    "list<",
    "list<list<string>>",
    "{region}",
    "\\u0000",
    "\\ud800",
];

/// One change to a text.
#[derive(Clone, Debug)]
enum Mutation {
    /// Inserts bytes.
    Insert(Index, Vec<u8>),
    /// Inserts a token.
    Token(Index, &'static str),
    /// Deletes up to `n` bytes.
    Delete(Index, usize),
    /// Copies up to `n` bytes from one place to another.
    Copy(Index, usize, Index),
    /// Repeats the line at a place `n` times.
    Repeat(Index, usize),
    /// Opens `depth` levels of nesting at a place.
    Nest(Index, usize, Nesting),
}

#[derive(Clone, Copy, Debug)]
enum Nesting {
    BlockSequence,
    BlockMapping,
    Flow,
}

fn mutation(max_nesting: usize, max_repeat: usize) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        4 => (any::<Index>(), prop::sample::select(TOKENS)).prop_map(|(i, t)| Mutation::Token(i, t)),
        2 => (any::<Index>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        2 => (any::<Index>(), 1usize..200, any::<Index>()).prop_map(|(a, n, b)| Mutation::Copy(a, n, b)),
        1 => (any::<Index>(), 2usize..max_repeat).prop_map(|(i, n)| Mutation::Repeat(i, n)),
        1 => (
            any::<Index>(),
            1usize..max_nesting,
            prop_oneof![Just(Nesting::BlockSequence), Just(Nesting::BlockMapping), Just(Nesting::Flow)]
        )
            .prop_map(|(i, d, k)| Mutation::Nest(i, d, k)),
    ]
}

fn apply(text: &mut Vec<u8>, m: &Mutation) {
    let at = |i: &Index, len: usize| i.index(len + 1);
    match m {
        Mutation::Insert(i, bytes) => {
            let p = at(i, text.len());
            text.splice(p..p, bytes.iter().copied());
        }
        Mutation::Token(i, t) => {
            let p = at(i, text.len());
            text.splice(p..p, t.bytes());
        }
        Mutation::Delete(i, n) => {
            let p = at(i, text.len());
            let end = (p + n).min(text.len());
            text.drain(p..end);
        }
        Mutation::Copy(from, n, to) => {
            let p = at(from, text.len());
            let piece: Vec<u8> = text[p..(p + n).min(text.len())].to_vec();
            let q = at(to, text.len());
            text.splice(q..q, piece);
        }
        Mutation::Repeat(i, n) => {
            let p = at(i, text.len());
            let start = text[..p]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |s| s + 1);
            let end = text[p..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(text.len(), |e| p + e + 1);
            let mut line = text[start..end].to_vec();
            if line.last() != Some(&b'\n') {
                line.push(b'\n');
            }
            let piece: Vec<u8> = line.iter().copied().cycle().take(line.len() * n).collect();
            text.splice(end..end, piece);
        }
        Mutation::Nest(i, depth, kind) => {
            let p = at(i, text.len());
            let piece: Vec<u8> = match kind {
                Nesting::BlockSequence => format!("{}1\n", "- ".repeat(*depth)).into_bytes(),
                Nesting::BlockMapping => {
                    let mut s = String::new();
                    for level in 0..*depth {
                        s.push_str(&" ".repeat(level));
                        s.push_str("a:\n");
                    }
                    s.push_str(&" ".repeat(*depth));
                    s.push_str("1\n");
                    s.into_bytes()
                }
                Nesting::Flow => {
                    format!("{}1{}", "[".repeat(*depth), "]".repeat(*depth)).into_bytes()
                }
            };
            text.splice(p..p, piece);
        }
    }
}

/// The files of a spec set: (path components under the specs directory, text).
type SpecSet = Vec<(Vec<String>, String)>;

/// Every service directory of `specs/` and the bad-spec base, each a spec set of its own.
fn spec_sets() -> Vec<SpecSet> {
    let root = support::root();
    let mut sets = Vec::new();
    for base in [root.join("specs"), root.join("tests/bad-specs/base")] {
        let mut providers: Vec<_> = fs::read_dir(&base).unwrap().flatten().collect();
        providers.sort_by_key(|e| e.file_name());
        for provider in providers {
            let mut services: Vec<_> = fs::read_dir(provider.path()).unwrap().flatten().collect();
            services.sort_by_key(|e| e.file_name());
            for service in services {
                let mut set = Vec::new();
                let p = provider.file_name().to_string_lossy().into_owned();
                let s = service.file_name().to_string_lossy().into_owned();
                collect(&service.path(), &mut vec![p, s], &mut set);
                set.sort();
                sets.push(set);
            }
        }
    }
    sets
}

fn collect(dir: &std::path::Path, prefix: &mut Vec<String>, out: &mut SpecSet) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        prefix.push(name);
        if entry.path().is_dir() {
            collect(&entry.path(), prefix, out);
        } else {
            out.push((prefix.clone(), fs::read_to_string(entry.path()).unwrap()));
        }
        prefix.pop();
    }
}

#[test]
fn mangled_specs_get_diagnostics_or_a_crate_and_never_crash() {
    let sets = spec_sets();
    assert!(sets.len() >= 5, "{} spec sets", sets.len());
    let strategy = (
        any::<Index>(),
        any::<Index>(),
        prop::collection::vec(mutation(6_000, 400), 1..6),
    );
    run("specs", 96, strategy, |(set, file, mutations)| {
        let mut files = set.get(&sets).clone();
        let yaml: Vec<usize> = (0..files.len())
            .filter(|i| files[*i].0.last().is_some_and(|n| n.ends_with(".yaml")))
            .collect();
        let target = *file.get(&yaml);
        let mut text = files[target].1.clone().into_bytes();
        for m in &mutations {
            apply(&mut text, m);
        }
        files[target].1 = String::from_utf8_lossy(&text).into_owned();
        let (sources, result) = specgen::build_sources(files, "specs", "fuzz");
        match result {
            Ok(generated) => assert!(!generated.files.is_empty()),
            Err(errors) => {
                assert!(!errors.items.is_empty());
                for d in &errors.items {
                    assert!(d.span.is_some() || d.file.is_some(), "{d:?} says nowhere");
                    assert!(!d.message.is_empty());
                }
                let shown = errors.render(&sources, false);
                assert!(shown.starts_with("error"), "{shown}");
            }
        }
    });
}

/// The requests of `tests/benches/requests/`: (operation id, JSON).
fn requests() -> Vec<(String, Value)> {
    let dir = support::root().join("tests/benches/requests");
    let mut out = Vec::new();
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let id = name.splitn(4, '.').take(3).collect::<Vec<_>>().join(".");
        let value: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        out.push((id, value));
    }
    out
}

/// A change to a JSON value, at the node `at` of a pre-order walk.
#[derive(Clone, Debug)]
enum JsonMutation {
    Replace(Index, Value),
    Remove(Index),
    Add(Index, String, Value),
    /// Repeats a list's items (or wraps a scalar in a list) up to `n` items.
    Grow(Index, usize),
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,24}".prop_map(Value::String),
        prop::sample::select(TOKENS).prop_map(|t| Value::String(t.to_owned())),
        (1usize..200_000).prop_map(|n| Value::String("x".repeat(n))),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn json_mutation() -> impl Strategy<Value = JsonMutation> {
    prop_oneof![
        4 => (any::<Index>(), json_value()).prop_map(|(i, v)| JsonMutation::Replace(i, v)),
        2 => any::<Index>().prop_map(JsonMutation::Remove),
        2 => (any::<Index>(), "[A-Za-z]{1,12}", json_value()).prop_map(|(i, k, v)| JsonMutation::Add(i, k, v)),
        1 => (any::<Index>(), 2usize..20_000).prop_map(|(i, n)| JsonMutation::Grow(i, n)),
    ]
}

/// The `n`th node of a pre-order walk, and the number of nodes.
fn node_mut(value: &mut Value, n: usize) -> Option<&mut Value> {
    fn go<'v>(v: &'v mut Value, n: &mut usize) -> Option<&'v mut Value> {
        if *n == 0 {
            return Some(v);
        }
        *n -= 1;
        match v {
            Value::Array(items) => items.iter_mut().find_map(|i| go(i, n)),
            Value::Object(map) => map.values_mut().find_map(|i| go(i, n)),
            _ => None,
        }
    }
    go(value, &mut { n })
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

fn apply_json(value: &mut Value, m: &JsonMutation) {
    let pick = |v: &Value, i: &Index| i.index(count_nodes(v));
    match m {
        JsonMutation::Replace(i, with) => {
            let n = pick(value, i);
            if let Some(node) = node_mut(value, n) {
                *node = with.clone();
            }
        }
        JsonMutation::Remove(i) => {
            let n = pick(value, i);
            if let Some(Value::Object(map)) = node_mut(value, n) {
                let first = map.keys().next().cloned();
                if let Some(k) = first {
                    map.remove(&k);
                }
            }
        }
        JsonMutation::Add(i, key, with) => {
            let n = pick(value, i);
            if let Some(Value::Object(map)) = node_mut(value, n) {
                map.insert(key.clone(), with.clone());
            }
        }
        JsonMutation::Grow(i, n) => {
            let at = pick(value, i);
            if let Some(node) = node_mut(value, at) {
                let items = match node.take() {
                    Value::Array(items) if !items.is_empty() => items,
                    Value::Array(_) => vec![Value::from(1)],
                    other => vec![other],
                };
                *node = Value::Array(items.iter().cloned().cycle().take(*n).collect());
            }
        }
    }
}

/// `value` changed as JSON, written, then changed as bytes; `text` as it is when there is no
/// value.
fn mangle(
    value: Option<Value>,
    text: &str,
    json_mutations: &[JsonMutation],
    byte_mutations: &[Mutation],
) -> Vec<u8> {
    let mut bytes = match value {
        Some(mut value) => {
            for m in json_mutations {
                apply_json(&mut value, m);
            }
            serde_json::to_vec(&value).unwrap()
        }
        None => text.as_bytes().to_vec(),
    };
    for m in byte_mutations {
        apply(&mut bytes, m);
    }
    bytes
}

#[test]
fn mangled_requests_get_a_verdict_and_never_crash() {
    let seeds = requests();
    assert!(seeds.len() >= 10);
    let strategy = (
        any::<Index>(),
        prop::collection::vec(json_mutation(), 0..5),
        prop::collection::vec(mutation(300, 50), 0..3),
    );
    run(
        "requests",
        256,
        strategy,
        |(seed, json_mutations, byte_mutations)| {
            let (id, base) = seed.get(&seeds);
            let bytes = mangle(Some(base.clone()), "", &json_mutations, &byte_mutations);
            let input = bytes.len();
            let verdict = cloud_backup_sdk::validate_json_text(id, &bytes).unwrap();
            // The parsed form agrees on text that has no repeated member.
            if let Ok(parsed) = serde_json::from_slice::<Value>(&bytes) {
                let again = cloud_backup_sdk::validate_json(id, &parsed).unwrap();
                if verdict.as_ref().is_ok() {
                    assert!(
                        again.is_ok(),
                        "the text passes, its parsed value does not: {again:?}"
                    );
                }
            }
            match verdict {
                Ok(warnings) => {
                    let shown = format!("{warnings:?}");
                    assert!(
                        shown.len() <= 64 * 1024 + input,
                        "warnings of {} bytes",
                        shown.len()
                    );
                }
                Err(errors) => {
                    let shown = errors.to_string();
                    assert!(!shown.is_empty());
                    assert!(!errors.violations().is_empty());
                    assert!(
                        shown.len() <= 64 * 1024 + input,
                        "a verdict of {} bytes on {input} bytes of input",
                        shown.len()
                    );
                }
            }
        },
    );
}

#[test]
fn a_member_named_twice_anywhere_is_refused() {
    let seeds = requests();
    let strategy = (any::<Index>(), any::<Index>());
    run("duplicates", 128, strategy, |(seed, at)| {
        let (id, base) = seed.get(&seeds);
        let text = serde_json::to_string(base).unwrap();
        // Repeats the first member of one object of the request, in place.
        let opens: Vec<usize> = text.match_indices("{\"").map(|(i, _)| i).collect();
        let open = *at.get(&opens);
        let value: Value = serde_json::Deserializer::from_str(&text[open..])
            .into_iter::<Value>()
            .next()
            .unwrap()
            .unwrap();
        let Some((key, member)) = value.as_object().and_then(|m| m.iter().next()) else {
            return;
        };
        let repeated = format!(
            "{}{}:{},{}",
            &text[..=open],
            Value::String(key.clone()),
            member,
            &text[open + 1..]
        );
        let errors = cloud_backup_sdk::validate_json_text(id, &repeated)
            .unwrap()
            .expect_err("a repeated member is refused");
        assert!(
            errors.violations().iter().any(|v| v.rule == "duplicate"),
            "{errors}"
        );
    });
}

/// A transport that answers every request with one response.
#[derive(Debug)]
struct Answer(Mutex<VecDeque<HttpResponse>>);

impl Transport for Answer {
    fn send<'a>(&'a self, _request: &'a PreparedRequest, _limits: Limits) -> SendFuture<'a> {
        Box::pin(async move {
            let next = self.0.lock().unwrap().pop_front();
            next.ok_or_else(|| TransportError::Connect("no more answers".into()))
        })
    }
}

/// Each operation's documented response bodies and its protocol's error envelope.
fn responses() -> Vec<(String, String)> {
    let (sources, result) = specgen::build(&support::root().join("specs"), "fuzz");
    let generated = result.unwrap_or_else(|e| panic!("{}", e.render(&sources, false)));
    let mut out = Vec::new();
    for service in &generated.model.services {
        for op in &service.operations {
            for example in &op.examples {
                if let Some(response) = &example.response {
                    out.push((op.id.clone(), response.to_string()));
                }
            }
            let envelope = match service.provider.as_str() {
                "tencentcloud" => {
                    r#"{"Response":{"Error":{"Code":"InvalidParameter","Message":"bad"},"RequestId":"r-1"}}"#
                }
                "alibabacloud" => {
                    r#"{"Code":"InvalidParameter","Message":"bad","RequestId":"r-1","Success":false}"#
                }
                _ => r#"{"error_code":"VBS.0001","error_msg":"bad"}"#,
            };
            out.push((op.id.clone(), envelope.to_owned()));
        }
    }
    out
}

/// Calls the operation `id` with its valid base request against a transport that answers
/// `status` and `body`; the outcome as text (`Ok` or the error's message).
async fn call(id: &str, status: u16, body: Vec<u8>) -> Result<(), String> {
    use cloud_backup_sdk::alibabacloud::{dbs, hbr};
    use cloud_backup_sdk::huaweicloud::vbs;
    use cloud_backup_sdk::tencentcloud::postgres;

    let transport = Arc::new(Answer(Mutex::new(VecDeque::from([HttpResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body,
    }]))));
    let retry = RetryPolicy {
        max_attempts: 1,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
        max_elapsed: Duration::from_secs(5),
    };
    let credentials = Credentials::new("AKIDEXAMPLE", "secret-key");
    let request = support::base_request(id);
    macro_rules! call {
        ($service:ident, $region:literal, $method:ident, $request:ty) => {{
            let client = $service::Client::builder()
                .credentials(credentials)
                .region($region)
                .endpoint("http://127.0.0.1:9")
                .retry(retry)
                .rate_limits(RateLimits::Off)
                .transport(transport)
                .build()
                .map_err(|e| e.to_string())?;
            let typed: $request = serde_json::from_value(request).map_err(|e| e.to_string())?;
            client
                .$method(typed)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }};
    }
    match id {
        "tencentcloud.postgres.CreateBackupPlan" => call!(
            postgres,
            "ap-guangzhou",
            create_backup_plan,
            postgres::CreateBackupPlanRequest
        ),
        "alibabacloud.dbs.CreateAndStartBackupPlan" => call!(
            dbs,
            "cn-hangzhou",
            create_and_start_backup_plan,
            dbs::CreateAndStartBackupPlanRequest
        ),
        "alibabacloud.dbs.ConfigureBackupPlan" => call!(
            dbs,
            "cn-hangzhou",
            configure_backup_plan,
            dbs::ConfigureBackupPlanRequest
        ),
        "huaweicloud.vbs.CreateBackupPolicy" => call!(
            vbs,
            "cn-north-4",
            create_backup_policy,
            vbs::CreateBackupPolicyRequest
        ),
        "alibabacloud.hbr.CreateBackupPlan" => call!(
            hbr,
            "cn-hangzhou",
            create_backup_plan,
            hbr::CreateBackupPlanRequest
        ),
        other => panic!("no client for {other}; add it here"),
    }
}

#[test]
fn mangled_responses_end_in_a_typed_response_or_a_typed_error() {
    let seeds = responses();
    assert!(seeds.len() >= 10, "{} responses", seeds.len());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    // Every seed as it is, first: the documented answers are read.
    for (id, body) in &seeds {
        runtime
            .block_on(call(id, 200, body.clone().into_bytes()))
            .unwrap_or_else(|e| {
                assert!(!e.is_empty());
            });
    }
    let strategy = (
        any::<Index>(),
        prop::sample::select(vec![200u16, 201, 204, 400, 403, 404, 429, 500, 502, 503]),
        prop::collection::vec(json_mutation(), 0..4),
        prop::collection::vec(mutation(300, 50), 0..4),
    );
    run(
        "responses",
        256,
        strategy,
        |(seed, status, json_mutations, byte_mutations)| {
            let (id, body) = seed.get(&seeds);
            let parsed = serde_json::from_str::<Value>(body).ok();
            let bytes = mangle(parsed, body, &json_mutations, &byte_mutations);
            match runtime.block_on(call(id, status, bytes)) {
                Ok(()) => assert!(
                    (200..300).contains(&status),
                    "HTTP {status} read as a success"
                ),
                Err(message) => assert!(!message.is_empty()),
            }
        },
    );
}
