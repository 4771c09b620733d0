//! The default transport: reqwest over rustls, with the connect timeout, the per-attempt
//! timeout and the response size cap enforced while the body streams in.

use std::time::Duration;

use crate::client::{HttpResponse, Limits, PreparedRequest, SendFuture, Transport, TransportError};

/// reqwest with rustls. Clones share one connection pool.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport that gives up connecting after `connect_timeout`. It never follows
    /// redirects: a redirected request would be sent again, token headers and all, to a host
    /// the client did not choose.
    pub fn new(connect_timeout: Duration) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.without_url().to_string())?;
        Ok(ReqwestTransport { client })
    }

    async fn send_inner(
        &self,
        request: &PreparedRequest,
        limits: Limits,
    ) -> Result<HttpResponse, TransportError> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|e| TransportError::Connect(format!("bad method: {e}")))?;
        let mut builder = self
            .client
            .request(method, &request.url)
            .timeout(limits.timeout);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let mut response = builder
            .body(request.body.clone())
            .send()
            .await
            .map_err(|e| classify(e, limits))?;
        if response
            .content_length()
            .is_some_and(|n| n > limits.max_body as u64)
        {
            return Err(TransportError::TooLarge {
                limit: limits.max_body,
            });
        }
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| classify(e, limits))? {
            if body.len() + chunk.len() > limits.max_body {
                return Err(TransportError::TooLarge {
                    limit: limits.max_body,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// An error without its URL: the query string can hold secrets (Alibaba V1 `SecurityToken`, a
/// database password). A failed connection is checked first: it proves nothing was sent, even
/// when it also timed out.
fn classify(e: reqwest::Error, limits: Limits) -> TransportError {
    let connect = e.is_connect();
    let timeout = e.is_timeout();
    let text = e.without_url().to_string();
    if connect {
        TransportError::Connect(text)
    } else if timeout {
        TransportError::Timeout(limits.timeout)
    } else {
        TransportError::Interrupted(text)
    }
}

impl Transport for ReqwestTransport {
    fn send<'a>(&'a self, request: &'a PreparedRequest, limits: Limits) -> SendFuture<'a> {
        Box::pin(self.send_inner(request, limits))
    }
}
