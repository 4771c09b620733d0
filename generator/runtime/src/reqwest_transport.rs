//! The default transport: reqwest over rustls (with the ring provider and the operating
//! system's certificate verifier), with the connect timeout, the per-attempt timeout and the
//! response size cap enforced while the body streams in.

use std::sync::Arc;
use std::time::Duration;

use rustls_platform_verifier::BuilderVerifierExt;

use crate::transport::{
    HttpResponse, Limits, PreparedRequest, SendFuture, Transport, TransportError,
};

/// reqwest with rustls over ring. Clones share one connection pool.
///
/// reqwest needs a Tokio runtime with I/O and time enabled (`#[tokio::main]`, `Runtime::new`
/// and `Builder::enable_all` enable them): requests must be sent from inside one. Sent from
/// outside any (another executor, a plain thread), an attempt fails with
/// [`TransportError::Connect`] and nothing is sent; under another executor, give the client a
/// transport built on that executor's I/O instead. Making the transport needs no runtime.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport that gives up connecting after `connect_timeout`. It never follows
    /// redirects: a redirected request would be sent again, token headers and all, to a host
    /// the client did not choose.
    pub fn new(connect_timeout: Duration) -> Result<Self, String> {
        // The provider is given to this client alone: nothing is installed process-wide, and
        // a provider the application installed elsewhere is left alone.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS: {e}"))?
            .with_platform_verifier()
            .map_err(|e| format!("TLS: {e}"))?
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
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
        // reqwest would panic spawning its connection task or setting its timer.
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(TransportError::Connect(
                "the reqwest transport needs a Tokio runtime: call from inside one, or give the \
                 client another transport with .transport(...)"
                    .to_owned(),
            ));
        }
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

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};

    use super::*;

    /// Runs a future on this thread, without any async runtime.
    fn block_on<F: std::future::Future>(future: F) -> F::Output {
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

    /// Outside Tokio, reqwest would panic; the transport refuses before sending anything.
    #[test]
    fn outside_tokio_an_attempt_is_a_connection_error_not_a_panic() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let transport = ReqwestTransport::new(Duration::from_secs(5)).unwrap();
        let request = PreparedRequest {
            method: "POST".into(),
            url: format!("http://127.0.0.1:{port}/"),
            headers: Vec::new(),
            body: String::new(),
        };
        let limits = Limits {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(5),
            max_body: 1024,
        };
        let result = block_on(transport.send(&request, limits));
        match result {
            Err(TransportError::Connect(message)) => {
                assert!(message.contains("needs a Tokio runtime"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // Nothing reached the server.
        assert!(listener.accept().is_err());
    }

    /// An https request runs the TLS handshake with the ring provider, nothing installed
    /// process-wide: a server that answers in plain text fails the handshake, and the failure
    /// is a connection error (nothing was sent), not a panic for want of a provider.
    #[test]
    fn https_uses_the_ring_provider_without_a_process_default() {
        assert!(rustls::crypto::CryptoProvider::get_default().is_none());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut hello = [0u8; 5];
            stream.read_exact(&mut hello).unwrap();
            stream.write_all(b"HTTP/1.1 200 OK\r\n\r\n").unwrap();
            hello
        });
        let transport = ReqwestTransport::new(Duration::from_secs(5)).unwrap();
        let request = PreparedRequest {
            method: "POST".into(),
            url: format!("https://127.0.0.1:{port}/"),
            headers: Vec::new(),
            body: String::new(),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let result = runtime.block_on(transport.send(
            &request,
            Limits {
                connect_timeout: Duration::from_secs(5),
                timeout: Duration::from_secs(5),
                max_body: 1024,
            },
        ));
        assert!(
            matches!(result, Err(TransportError::Connect(_))),
            "{result:?}"
        );
        // The client spoke TLS: a handshake record (type 22) of TLS 1.x.
        let hello = server.join().unwrap();
        assert_eq!(hello[..3], [22, 3, 1]);
        assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    }
}
