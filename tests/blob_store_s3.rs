//! The object store scenarios on `S3BlobStore` against moto_server
//! (`DYNORM_S3_ENDPOINT`, set by `scripts/test.sh`), plus what only a real
//! S3 endpoint shows: presigned URLs that download, buckets in another
//! region, multipart uploads. Without the endpoint the tests fail under
//! `CI=true` and skip loudly otherwise.

use dynorm::blob::{BlobBody, BlobErrorKind, BlobLocation, BlobStore, BlobUpload};
use dynorm_s3::S3BlobStore;
use dynorm_testkit::backends::{dynamodb_endpoint, has_blob_store, s3_endpoint};
use dynorm_testkit::blob_stores::{blob_kind, bucket_name, bytes_upload, patterned_bytes};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

dynorm_testkit::blob_store_tests!(dynorm_testkit::backends::s3_blob_store());

/// A plain HTTP/1.0 GET: the status code and the body. A presigned URL on a
/// loopback moto is plain HTTP, so std's `TcpStream` is enough and the tests
/// need no HTTP client crate. (HTTP/1.0 makes the server close the
/// connection after the body and never use chunked encoding.)
fn http_get(url: &str) -> (u16, Vec<u8>) {
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("not an http URL: {url}"));
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host).unwrap_or_else(|e| panic!("connect {host}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap_or_else(|e| panic!("{e}"));
    let request = format!("GET {path} HTTP/1.0\r\nHost: {host}\r\nAccept: */*\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .unwrap_or_else(|e| panic!("send: {e}"));
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .unwrap_or_else(|e| panic!("read: {e}"));
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| {
            panic!(
                "no end of headers in {:?}",
                String::from_utf8_lossy(&response)
            )
        });
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    (status, response[split + 4..].to_vec())
}

macro_rules! s3_store {
    () => {{
        let Some(endpoint) = s3_endpoint() else {
            return;
        };
        S3BlobStore::local(endpoint)
    }};
}

fn ok<T>(result: dynorm::Result<T>) -> T {
    result.unwrap_or_else(|e| panic!("unexpected error: {e:?}"))
}

#[tokio::test]
async fn presigned_url_downloads_the_object() {
    let store = s3_store!();
    let bucket = bucket_name("presigned-get");
    ok(store.create_bucket(&bucket, None).await);
    let at = BlobLocation::new(&bucket, "shared/DOC/1/ré port.pdf");
    let body = patterned_bytes(70_000, 3);
    ok(store.put(bytes_upload(&at, &body)).await);
    let url = ok(store.presigned_url(&at, Duration::from_secs(300)).await);
    assert!(url.contains("X-Amz-Signature="), "{url}");
    let (status, got) = tokio::task::spawn_blocking(move || http_get(&url))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&got));
    assert!(got == body, "the presigned URL serves the object's bytes");
}

#[tokio::test]
async fn bucket_in_another_region() {
    let store = s3_store!();
    let bucket = bucket_name("region-override");
    ok(store.create_bucket(&bucket, Some("eu-west-1")).await);
    ok(store.create_bucket(&bucket, Some("eu-west-1")).await);
    let location = ok(store
        .sdk_client()
        .get_bucket_location()
        .bucket(&bucket)
        .send()
        .await
        .map_err(|e| dynorm::Error::config(format!("{e:?}"))));
    assert_eq!(
        location.location_constraint().map(|c| c.as_str()),
        Some("eu-west-1")
    );
    let at = BlobLocation::new(&bucket, "eu/object.txt").in_region(Some("eu-west-1"));
    let stored = ok(store.put(bytes_upload(&at, b"bonjour")).await);
    assert_eq!(stored.size, 7);
    assert_eq!(ok(store.get(&at).await), b"bonjour");
    assert_eq!(ok(store.head(&at).await).map(|h| h.etag), Some(stored.etag));
    let url = ok(store.presigned_url(&at, Duration::from_secs(60)).await);
    assert!(
        url.contains("eu-west-1"),
        "signed for the bucket's region: {url}"
    );
    let (status, got) = tokio::task::spawn_blocking(move || http_get(&url))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((status, got.as_slice()), (200, b"bonjour".as_slice()));
    ok(store.delete(&at).await);
    assert_eq!(ok(store.head(&at).await), None);
}

#[tokio::test]
async fn large_bodies_go_up_in_parts_and_leave_no_upload_open() {
    let store = s3_store!();
    let bucket = bucket_name("multipart");
    ok(store.create_bucket(&bucket, None).await);
    // 8 MiB parts: 11 MiB is two parts; S3's multipart entity tag ends in `-2`.
    let body = patterned_bytes(11 * 1024 * 1024, 5);
    let at = BlobLocation::new(&bucket, "big.bin");
    let stored = ok(store
        .put(BlobUpload {
            location: at.clone(),
            body: BlobBody::Bytes(body.clone()),
            content_type: Some("application/octet-stream".into()),
            metadata: BTreeMap::from([("kind".to_owned(), "large".to_owned())]),
        })
        .await);
    assert!(stored.etag.ends_with("-2"), "{}", stored.etag);
    assert_eq!(stored.size, body.len() as u64);
    let head = ok(store
        .sdk_client()
        .head_object()
        .bucket(&bucket)
        .key("big.bin")
        .send()
        .await
        .map_err(|e| dynorm::Error::config(format!("{e:?}"))));
    assert_eq!(head.content_type(), Some("application/octet-stream"));
    assert_eq!(
        head.metadata()
            .and_then(|m| m.get("kind"))
            .map(String::as_str),
        Some("large")
    );
    let open = ok(store
        .sdk_client()
        .list_multipart_uploads()
        .bucket(&bucket)
        .send()
        .await
        .map_err(|e| dynorm::Error::config(format!("{e:?}"))));
    assert!(open.uploads().is_empty(), "{:?}", open.uploads());

    // A large body to a missing bucket fails as NoSuchBucket.
    let missing = BlobLocation::new(bucket_name("multipart-missing"), "big.bin");
    assert_eq!(
        blob_kind(store.put(bytes_upload(&missing, &body)).await),
        Some(BlobErrorKind::NoSuchBucket)
    );
}

#[tokio::test]
async fn part_size_and_threshold_are_configurable() {
    let Some(endpoint) = s3_endpoint() else {
        return;
    };
    let store = ok(S3BlobStore::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials("dynormlocal", "dynormlocal")
        .part_size(dynorm_s3::MIN_PART_SIZE)
        .multipart_threshold(6 * 1024 * 1024)
        .build()
        .await);
    let bucket = bucket_name("small-parts");
    ok(store.create_bucket(&bucket, None).await);
    let dir = dynorm_testkit::blob_stores::ScratchDir::new("small-parts")
        .unwrap_or_else(|e| panic!("{e}"));
    let src = dir.path("in.bin");
    let body = patterned_bytes(12 * 1024 * 1024, 9);
    std::fs::write(&src, &body).unwrap_or_else(|e| panic!("{e}"));
    let at = BlobLocation::new(&bucket, "file.bin");
    let stored = ok(store
        .put(BlobUpload {
            location: at.clone(),
            body: BlobBody::File(src),
            content_type: None,
            metadata: BTreeMap::new(),
        })
        .await);
    // 5 + 5 + 2 MiB.
    assert!(stored.etag.ends_with("-3"), "{}", stored.etag);
    assert!(ok(store.get(&at).await) == body);
}

#[tokio::test]
async fn unreachable_endpoint_is_a_network_error() {
    // A port nothing listens on: bind one, then drop it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let store = S3BlobStore::local(format!("http://127.0.0.1:{port}"));
    let at = BlobLocation::new("docs", "a.txt");
    let err = store.get(&at).await.err();
    let blob = err.as_ref().and_then(|e| e.blob_error());
    assert_eq!(
        blob.map(|b| b.kind),
        Some(BlobErrorKind::Network),
        "{err:?}"
    );
    assert_eq!(blob.and_then(|b| b.key.as_deref()), Some("a.txt"));
    assert!(err.is_some_and(|e| e.is_retryable()));
}

#[tokio::test]
async fn dynamodb_client_gets_the_s3_store() {
    if dynamodb_endpoint().is_none() || s3_endpoint().is_none() {
        return;
    }
    let client = dynorm_testkit::backends::dynamodb()
        .await
        .unwrap_or_else(|| panic!("a DynamoDB client"));
    assert!(has_blob_store(&client));
    let store = ok(client.blob_store().map(|s| s.name()));
    assert_eq!(store, "s3");
    let memory = dynorm_testkit::backends::memory()
        .await
        .unwrap_or_else(|| panic!("a memory client"));
    assert!(has_blob_store(&memory));
}
