//! What the backend's errors keep of their cause, without DynamoDB Local:
//! requests to a closed port, to a server that never answers or cuts its
//! answer off, to a host name that cannot resolve, and to a scripted
//! stand-in answering like DynamoDB (the kit's `http_stub`). Each error has a one-line message naming the
//! endpoint and the SDK's error as its source (down to the I/O error), and
//! keeps the request id where the server gave one.

#![allow(clippy::unwrap_used)]

use dynorm::backend::{DescribeTableRequest, ListTablesRequest};
use dynorm::{Backend, Error};
use dynorm_dynamodb::aws_sdk_dynamodb;
use dynorm_dynamodb::DynamoDbBackend;
use dynorm_testkit::http_stub;
use std::net::TcpListener;
use std::time::Duration;

/// Every error of the chain under `err`, `err` excluded.
fn causes(err: &Error) -> Vec<&(dyn std::error::Error + 'static)> {
    std::iter::successors(std::error::Error::source(err), |&e| e.source()).collect()
}

/// A backend for `endpoint` with one attempt per request (no retries).
async fn one_attempt(endpoint: &str, attempt_timeout: Option<Duration>) -> DynamoDbBackend {
    let mut b = DynamoDbBackend::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials("dynormtest", "dynormtest")
        .max_attempts(1);
    if let Some(t) = attempt_timeout {
        b = b.attempt_timeout(t);
    }
    b.build().await.unwrap()
}

/// A stand-in answering every request with `response`.
fn scripted(response: String) -> String {
    // Bounded: each test makes one request.
    http_stub::serve(4, move |_| response.clone()).unwrap()
}

#[tokio::test]
async fn a_closed_port_is_a_short_transport_error_down_to_the_io_error() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let endpoint = format!("http://127.0.0.1:{port}");
    // `local` retries (standard mode, 3 attempts): the error is the last one's.
    let err = DynamoDbBackend::local(&endpoint)
        .list_tables(ListTablesRequest::new())
        .await
        .unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        format!("cannot reach {endpoint}: connection refused")
    );
    let io = causes(&err)
        .into_iter()
        .find_map(|e| e.downcast_ref::<std::io::Error>());
    assert_eq!(
        io.map(std::io::Error::kind),
        Some(std::io::ErrorKind::ConnectionRefused),
        "{err:?}"
    );
    assert_eq!(err.request_id(), None);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_after_the_attempt_timeout() {
    // Connections complete in the listener's backlog; nothing ever reads them.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let b = one_attempt(&endpoint, Some(Duration::from_millis(200))).await;
    let err = b.list_tables(ListTablesRequest::new()).await.unwrap_err();
    assert!(err.is_transport() && err.is_retryable(), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("no answer from {endpoint}: timed out after 200ms (operation attempt timeout)")
    );
    assert!(!causes(&err).is_empty());
    drop(listener);
}

#[tokio::test]
async fn an_unresolvable_host_says_the_dns_lookup_failed() {
    // `.invalid` never resolves (RFC 6761).
    let endpoint = "http://dynorm-no-such-host.invalid:8000";
    let err = one_attempt(endpoint, None)
        .await
        .list_tables(ListTablesRequest::new())
        .await
        .unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("cannot reach {endpoint}: DNS lookup failed: ")),
        "{text}"
    );
    assert!(!text.contains('{') && !text.contains('\n'), "{text}");
}

#[tokio::test]
async fn an_answer_cut_off_keeps_its_request_id() {
    let endpoint = scripted(
        "HTTP/1.1 200 OK\r\nx-amzn-RequestId: RID-CUT\r\ncontent-type: application/x-amz-json-1.0\r\n\
         content-length: 100\r\n\r\n{\"TableNames\":["
            .to_owned(),
    );
    let err = one_attempt(&endpoint, None)
        .await
        .list_tables(ListTablesRequest::new())
        .await
        .unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("the answer from {endpoint} could not be read: ")),
        "{err}"
    );
    assert_eq!(err.request_id(), Some("RID-CUT"));
}

#[tokio::test]
async fn a_service_answer_keeps_its_request_id_and_the_sdk_error() {
    let body = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#;
    let endpoint = scripted(http_stub::response(
        400,
        &[
            ("x-amzn-RequestId", "RID-400"),
            ("Content-Type", "application/x-amz-json-1.0"),
        ],
        body,
    ));
    let err = one_attempt(&endpoint, None)
        .await
        .describe_table(DescribeTableRequest::new("missing"))
        .await
        .unwrap_err();
    assert!(err.is_resource_not_found(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "resource not found: Requested resource not found"
    );
    assert_eq!(err.request_id(), Some("RID-400"));
    let sdk = std::error::Error::source(&err)
        .and_then(|s| s.downcast_ref::<aws_sdk_dynamodb::Error>())
        .unwrap_or_else(|| panic!("the SDK's error is the source: {err:?}"));
    assert!(
        matches!(sdk, aws_sdk_dynamodb::Error::ResourceNotFoundException(_)),
        "{sdk:?}"
    );
}
