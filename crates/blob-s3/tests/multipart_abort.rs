//! A multipart upload whose part fails is aborted, so that no parts linger.
//!
//! S3 here is a scripted stand-in on a loopback port (the kit's
//! `http_stub`): it starts the upload, refuses the first part and records
//! every request, which moto cannot be made to do.

use dynorm::blob::{BlobBody, BlobErrorKind, BlobLocation, BlobStore, BlobUpload};
use dynorm_s3::{S3BlobStore, MIN_PART_SIZE};
use dynorm_testkit::http_stub;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

fn answer(request: &str) -> String {
    let (method, target) = request.split_once(' ').unwrap_or(("", ""));
    let (status, body) = if method == "POST" && target.contains("?uploads") {
        (
            200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <InitiateMultipartUploadResult><Bucket>docs</Bucket><Key>big.bin</Key>\
             <UploadId>upload-1</UploadId></InitiateMultipartUploadResult>",
        )
    } else if method == "PUT" && target.contains("partNumber=") {
        (
            400,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <Error><Code>InvalidArgument</Code><Message>part refused</Message></Error>",
        )
    } else if method == "DELETE" && target.contains("uploadId=upload-1") {
        (204, "")
    } else {
        (500, "<Error><Code>Unexpected</Code></Error>")
    };
    http_stub::response(status, &[("Content-Type", "application/xml")], body)
}

#[tokio::test]
async fn a_failed_part_aborts_the_upload() -> dynorm::Result<()> {
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    // Bounded: the test makes three requests (create, part, abort).
    let endpoint = http_stub::serve(8, move |request| {
        if let Ok(mut log) = log.lock() {
            log.push(request.to_owned());
        }
        answer(request)
    })
    .map_err(|e| dynorm::Error::config(e.to_string()))?;

    let store = S3BlobStore::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials("id", "secret")
        .max_attempts(1)
        .part_size(MIN_PART_SIZE)
        .multipart_threshold(MIN_PART_SIZE)
        .build()
        .await?;
    let at = BlobLocation::new("docs", "big.bin");
    let result = store
        .put(BlobUpload {
            location: at,
            body: BlobBody::Bytes(vec![7u8; usize::try_from(MIN_PART_SIZE).unwrap_or(0) + 10]),
            content_type: None,
            metadata: BTreeMap::new(),
        })
        .await;
    let err = result.err();
    let blob = err.as_ref().and_then(|e| e.blob_error());
    assert_eq!(
        blob.map(|b| b.kind),
        Some(BlobErrorKind::Invalid),
        "{err:?}"
    );
    assert!(
        blob.is_some_and(|b| b.message.contains("part refused")),
        "{err:?}"
    );
    assert_eq!(blob.and_then(|b| b.key.as_deref()), Some("big.bin"));
    let seen = seen.lock().map(|s| s.clone()).unwrap_or_default();
    let methods: Vec<&str> = seen.iter().filter_map(|r| r.split(' ').next()).collect();
    assert_eq!(methods, ["POST", "PUT", "DELETE"], "{seen:?}");
    assert!(seen[2].contains("uploadId=upload-1"), "{seen:?}");
    Ok(())
}
