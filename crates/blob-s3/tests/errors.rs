//! What the store's errors keep of their cause, without moto_server: a
//! request to a closed port is a network error with a one-line message
//! naming the endpoint and the SDK's error as its source (down to the I/O
//! error); an S3 answer keeps its request id and the SDK's error.

#![allow(clippy::unwrap_used)]

use dynorm::blob::{BlobErrorKind, BlobLocation, BlobStore};
use dynorm_s3::aws_sdk_s3;
use dynorm_s3::S3BlobStore;
use dynorm_testkit::http_stub;
use std::net::TcpListener;

/// Every error of the chain under `err`, `err` excluded.
fn causes(err: &dynorm::Error) -> Vec<&(dyn std::error::Error + 'static)> {
    std::iter::successors(std::error::Error::source(err), |&e| e.source()).collect()
}

async fn one_attempt(endpoint: &str) -> S3BlobStore {
    S3BlobStore::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials("dynormtest", "dynormtest")
        .max_attempts(1)
        .build()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_closed_port_is_a_short_network_error_down_to_the_io_error() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap();
    let endpoint = format!("http://127.0.0.1:{port}");
    let err = S3BlobStore::local(&endpoint)
        .get(&BlobLocation::new("docs", "a.txt"))
        .await
        .unwrap_err();
    let blob = err.blob_error().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(blob.kind, BlobErrorKind::Network);
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        format!("network error at s3://docs/a.txt: cannot reach {endpoint}: connection refused")
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
async fn an_s3_answer_keeps_its_request_id_and_the_sdk_error() {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <Error><Code>AccessDenied</Code><Message>Access Denied</Message>\
        <RequestId>RID-S3</RequestId></Error>";
    let answer = http_stub::response(
        403,
        &[
            ("x-amz-request-id", "RID-S3"),
            ("Content-Type", "application/xml"),
        ],
        body,
    );
    // Bounded: the test makes one request.
    let endpoint = http_stub::serve(4, move |_| answer.clone()).unwrap();
    let err = one_attempt(&endpoint)
        .await
        .delete(&BlobLocation::new("docs", "a.txt"))
        .await
        .unwrap_err();
    let blob = err.blob_error().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(blob.kind, BlobErrorKind::AccessDenied, "{err:?}");
    assert_eq!(
        err.to_string(),
        "access denied at s3://docs/a.txt: AccessDenied: Access Denied"
    );
    assert_eq!(err.request_id(), Some("RID-S3"));
    let sdk = std::error::Error::source(&err)
        .and_then(|s| s.downcast_ref::<aws_sdk_s3::Error>())
        .unwrap_or_else(|| panic!("the SDK's error is the source: {err:?}"));
    assert_eq!(
        aws_sdk_s3::error::ProvideErrorMetadata::code(sdk),
        Some("AccessDenied")
    );
}
