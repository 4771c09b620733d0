//! Prints the exact signed HTTP request of an operation, without sending it.
//!
//! ```text
//! cargo run -p cloud-backup-sdk --example prepare -- <operation-id> <request.json> \
//!     --time <unix-seconds> --nonce <text> --region <region> [--acs-signature v3|v1] \
//!     [--validation strict|standard|warn|off]
//! ```
//!
//! Credentials come from the environment variables the provider's own tools use
//! (`TENCENTCLOUD_SECRET_ID`/`_SECRET_KEY`, `ALIBABA_CLOUD_ACCESS_KEY_ID`/`_SECRET`,
//! `HUAWEICLOUD_SDK_AK`/`_SK`, each with its session-token variable). Prints one JSON object
//! `{"method", "url", "headers": {name: value}, "body"}`, and each violation it lets through
//! (a warning, say) as one JSON object per line on standard error, like the `validate`
//! example. `--validation` is the client's validation mode (default `standard`: errors refuse
//! the request, warnings do not). Exits 1 when the mode refuses the request, printing one JSON
//! object per violation on standard output; exits 2 on usage errors,
//! an unknown operation, an unreadable or non-JSON file, a time past what the system's clock
//! can hold, missing credential variables or ones holding a control character, a bad region,
//! and requests that cannot be encoded or signed (a path parameter that would leave its path
//! segment, or a nonce with a control character, say).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use cloud_backup_sdk::config::{AcsSignature, Client, ClientBuilder, FixedClock, FixedNonce};
use cloud_backup_sdk::transport::{HttpResponse, Limits, SendFuture, Transport, TransportError};
use cloud_backup_sdk::{Credentials, Error, PreparedRequest, ValidationMode};
use serde_json::json;

const USAGE: &str = "usage: prepare <operation-id> <request.json> --time <unix-seconds> --nonce <text> --region <region> [--acs-signature v3|v1] [--validation strict|standard|warn|off]";

/// Preparing never sends; this transport exists only to satisfy the client.
#[derive(Debug)]
struct NoTransport;

impl Transport for NoTransport {
    fn send<'a>(&'a self, _: &'a PreparedRequest, _: Limits) -> SendFuture<'a> {
        Box::pin(async {
            Err::<HttpResponse, _>(TransportError::Connect("prepare never sends".into()))
        })
    }
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::from(code)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let (mut time, mut nonce, mut region, mut signature) = (None, None, None, None);
    let mut validation = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let slot = match a.as_str() {
            "--time" => &mut time,
            "--nonce" => &mut nonce,
            "--region" => &mut region,
            "--acs-signature" => &mut signature,
            "--validation" => &mut validation,
            flag if flag.starts_with("--") => {
                return fail(2, &format!("unknown option {flag}\n{USAGE}"));
            }
            _ => {
                positional.push(a.clone());
                continue;
            }
        };
        match it.next() {
            Some(v) => *slot = Some(v.clone()),
            None => return fail(2, &format!("{a} needs a value\n{USAGE}")),
        }
    }
    let ([operation, file], Some(time), Some(nonce), Some(region)) =
        (positional.as_slice(), time, nonce, region)
    else {
        return fail(2, USAGE);
    };
    let signature = match signature.as_deref() {
        None | Some("v3") => AcsSignature::V3,
        Some("v1") => AcsSignature::V1,
        Some(other) => return fail(2, &format!("--acs-signature takes v3 or v1, not {other:?}")),
    };
    let mode = match validation.as_deref() {
        None | Some("standard") => ValidationMode::Standard,
        Some("strict") => ValidationMode::Strict,
        Some("warn") => ValidationMode::Warn,
        Some("off") => ValidationMode::Off,
        Some(other) => {
            return fail(
                2,
                &format!("--validation takes strict, standard, warn or off, not {other:?}"),
            );
        }
    };
    let Ok(seconds) = time.parse::<u64>() else {
        return fail(2, &format!("--time takes UNIX seconds, not {time:?}"));
    };
    // Any u64 parses, but the system's clock type ends sooner (at 2^63 - 1 seconds on Unix).
    let Some(at) = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds)) else {
        return fail(
            2,
            &format!(
                "--time {seconds} is later than this system can represent; give a smaller UNIX time"
            ),
        );
    };
    let Some(op) = cloud_backup_sdk::operation(operation) else {
        let known: Vec<&str> = cloud_backup_sdk::operations()
            .iter()
            .map(|o| o.id)
            .collect();
        return fail(
            2,
            &format!(
                "unknown operation {operation:?}; known: {}",
                known.join(", ")
            ),
        );
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return fail(2, &format!("cannot read {file}: {e}")),
    };
    let request: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return fail(2, &format!("{file} is not JSON: {e}")),
    };
    let credentials = match Credentials::from_env(op.service.protocol) {
        Ok(c) => c,
        Err(e) => return fail(2, &e.to_string()),
    };
    let client: Client = match ClientBuilder::new(op.service)
        .credentials(credentials)
        .region(region)
        .acs_signature(signature)
        .clock(Arc::new(FixedClock(at)))
        .nonces(Arc::new(FixedNonce(nonce)))
        .transport(Arc::new(NoTransport))
        .validation(mode)
        .build()
    {
        Ok(c) => c,
        Err(e) => return fail(2, &e.to_string()),
    };
    let mut out = std::io::stdout().lock();
    match client.prepare_json::<String>(op, &request) {
        Ok(prepared) => {
            let headers: serde_json::Map<String, serde_json::Value> = prepared
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            let printed = json!({
                "method": prepared.method,
                "url": prepared.url,
                "headers": headers,
                "body": prepared.body,
            });
            let _ = writeln!(out, "{printed}");
            // What the mode let through, for the caller to see.
            if mode != ValidationMode::Off {
                let violations = match (op.validate_json)(&request) {
                    Ok(warnings) => warnings.into_violations(),
                    Err(errors) => errors.into_violations(),
                };
                let mut err = std::io::stderr().lock();
                for v in violations {
                    let _ = writeln!(err, "{}", v.to_json());
                }
            }
            ExitCode::SUCCESS
        }
        Err(Error::Validation(errors)) => {
            for v in errors.violations() {
                let line = v.to_json();
                if writeln!(out, "{line}").is_err() {
                    break;
                }
            }
            ExitCode::FAILURE
        }
        Err(e) => fail(2, &e.to_string()),
    }
}
