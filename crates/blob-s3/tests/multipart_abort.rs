//! A multipart upload whose part fails is aborted, so that no parts linger.
//!
//! S3 here is a scripted stand-in on a loopback port (std's `TcpListener`):
//! it starts the upload, refuses the first part and records every request,
//! which moto cannot be made to do.

use dynorm::blob::{BlobBody, BlobErrorKind, BlobLocation, BlobStore, BlobUpload};
use dynorm_s3::{S3BlobStore, MIN_PART_SIZE};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// Reads one request (head and `Content-Length` body); returns its request line.
fn read_request(reader: &mut BufReader<std::net::TcpStream>) -> Option<String> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let request_line = line.trim_end().to_owned();
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).ok()?;
    Some(request_line)
}

fn answer(request: &str) -> (u16, String) {
    let (method, target) = request.split_once(' ').unwrap_or(("", ""));
    if method == "POST" && target.contains("?uploads") {
        (
            200,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <InitiateMultipartUploadResult><Bucket>docs</Bucket><Key>big.bin</Key>\
             <UploadId>upload-1</UploadId></InitiateMultipartUploadResult>"
                .to_owned(),
        )
    } else if method == "PUT" && target.contains("partNumber=") {
        (
            400,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <Error><Code>InvalidArgument</Code><Message>part refused</Message></Error>"
                .to_owned(),
        )
    } else if method == "DELETE" && target.contains("uploadId=upload-1") {
        (204, String::new())
    } else {
        (500, "<Error><Code>Unexpected</Code></Error>".to_owned())
    }
}

#[tokio::test]
async fn a_failed_part_aborts_the_upload() -> dynorm::Result<()> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| dynorm::Error::config(e.to_string()))?;
    let port = listener
        .local_addr()
        .map_err(|e| dynorm::Error::config(e.to_string()))?
        .port();
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        // Bounded: the test makes three requests (create, part, abort).
        for stream in listener.incoming().take(8) {
            let Ok(stream) = stream else { break };
            let mut reader = BufReader::new(stream);
            let Some(request) = read_request(&mut reader) else {
                continue;
            };
            let (status, body) = answer(&request);
            if let Ok(mut log) = log.lock() {
                log.push(request);
            }
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: application/xml\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.flush();
        }
    });

    let store = S3BlobStore::builder()
        .region("us-east-1")
        .endpoint_url(format!("http://127.0.0.1:{port}"))
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
