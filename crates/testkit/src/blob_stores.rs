//! Conformance scenarios for object stores ([`BlobStore`]): every store
//! (`MemoryBlobStore`, `S3BlobStore` on moto) must answer them the same way.
//!
//! A scenario is an async function over a store and a bucket name unique to
//! the run; it creates the bucket itself. [`blob_store_tests!`](crate::blob_store_tests)
//! expands the whole list into `#[tokio::test]`s for one store.
//!
//! ```ignore
//! // tests/blob_store_memory.rs
//! dynorm_testkit::blob_store_tests!(dynorm_testkit::backends::memory_blob_store());
//! ```

use crate::Outcome;
use dynorm::blob::{BlobBody, BlobErrorKind, BlobLocation, BlobStore, BlobUpload, StoredBlob};
use md5::{Digest, Md5};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A shared store, as the scenarios take it.
pub type SharedStore = Arc<dyn BlobStore>;

/// Expands every object store scenario into a `#[tokio::test]` for one store.
///
/// `$factory` is an expression of type
/// `impl Future<Output = Option<Arc<dyn BlobStore>>>`, evaluated once per
/// test; `None` skips the test (allowed outside CI only, see
/// [`backends`](crate::backends)).
#[macro_export]
macro_rules! blob_store_tests {
    ($factory:expr) => {
        $crate::__emit_blob_store_tests!(
            $factory;
            round_trip_with_content_type_and_metadata,
            single_part_etag_is_the_md5_of_the_content,
            overwrite_replaces_the_object,
            missing_bucket_is_no_such_bucket,
            missing_key_is_no_such_key_and_head_none,
            delete_is_idempotent,
            file_upload_and_download_to,
            presigned_url_names_the_key_and_expiry,
            presigned_url_expiry_out_of_range_is_invalid,
            large_upload_reads_back_identical,
            large_file_upload_reads_back_identical,
            keys_with_slashes_and_non_ascii,
            invalid_names_are_rejected,
        );
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __emit_blob_store_tests {
    ($factory:expr; $( $name:ident ),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(store) = $factory.await else { return };
                let bucket = $crate::blob_stores::bucket_name(stringify!($name));
                let name = store.name();
                if let Err(e) = $crate::blob_stores::$name(store, &bucket).await {
                    panic!(
                        "object store scenario `{}` on {} (bucket {}) failed with an unexpected error: {e:?}",
                        stringify!($name),
                        name,
                        bucket,
                    );
                }
            }
        )*
    };
}

/// A bucket name unique to one run of one scenario: `dynorm-` and a short
/// form of the scenario name, then 12 random hex digits (valid for S3).
pub fn bucket_name(scenario: &str) -> String {
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let short: String = scenario
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(30)
        .collect::<String>()
        .to_ascii_lowercase();
    format!("dynorm-{short}-{}", &unique[..12])
}

/// The MD5 of some bytes in lowercase hex: S3's entity tag of a single-part object.
pub fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// S3's entity tag of an object uploaded in parts of `part_size` bytes: the
/// MD5 of the parts' MD5s (as bytes, one after the other) in hex, `-`, and
/// the number of parts.
pub fn multipart_etag(bytes: &[u8], part_size: u64) -> String {
    let part = usize::try_from(part_size).unwrap_or(usize::MAX);
    let mut md5s = Vec::new();
    let mut parts = 0;
    for chunk in bytes.chunks(part) {
        md5s.extend_from_slice(&Md5::digest(chunk));
        parts += 1;
    }
    format!("{}-{parts}", md5_hex(&md5s))
}

/// The entity tag a store with the default sizes gives a body: the MD5 up to
/// [`MULTIPART_THRESHOLD`](dynorm::blob::MULTIPART_THRESHOLD) bytes, the
/// multipart form in parts of [`DEFAULT_PART_SIZE`](dynorm::blob::DEFAULT_PART_SIZE)
/// above it.
pub fn expected_etag(bytes: &[u8]) -> String {
    if bytes.len() as u64 > dynorm::blob::MULTIPART_THRESHOLD {
        multipart_etag(bytes, dynorm::blob::DEFAULT_PART_SIZE)
    } else {
        md5_hex(bytes)
    }
}

/// `len` bytes that differ from part to part (so that a misplaced part shows).
pub fn patterned_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    // Eight bytes per step: multi-megabyte bodies are made in milliseconds
    // even in unoptimised test builds.
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The kind of a dynorm error if it is an object store error.
pub fn blob_kind<T: std::fmt::Debug>(result: dynorm::Result<T>) -> Option<BlobErrorKind> {
    match result {
        Ok(v) => panic!("expected an object store error, got Ok({v:?})"),
        Err(e) => e.blob_error().map(|b| b.kind),
    }
}

/// An upload of bytes with no content type and no metadata.
pub fn bytes_upload(location: &BlobLocation, body: &[u8]) -> BlobUpload {
    BlobUpload {
        location: location.clone(),
        body: BlobBody::Bytes(body.to_vec()),
        content_type: None,
        metadata: BTreeMap::new(),
    }
}

/// A scratch directory for one scenario, removed when dropped.
pub struct ScratchDir(pub PathBuf);

impl ScratchDir {
    /// A new, empty directory under the system temp dir.
    pub fn new(scenario: &str) -> dynorm::Result<ScratchDir> {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let dir = std::env::temp_dir().join(format!("dynorm-{scenario}-{}", &unique[..12]));
        std::fs::create_dir_all(&dir).map_err(|e| dynorm::Error::config(e.to_string()))?;
        Ok(ScratchDir(dir))
    }

    /// A path inside the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write_file(path: &std::path::Path, body: &[u8]) -> dynorm::Result<()> {
    std::fs::write(path, body)
        .map_err(|e| dynorm::Error::config(format!("{}: {e}", path.display())))
}

fn read_file(path: &std::path::Path) -> dynorm::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| dynorm::Error::config(format!("{}: {e}", path.display())))
}

/// Whether a text is an RFC 3339 UTC time to the second (`2024-01-15T10:30:00Z`).
pub fn is_rfc3339_seconds(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

fn assert_stored(stored: &StoredBlob, body: &[u8]) {
    assert_eq!(stored.size, body.len() as u64, "size of the stored object");
    assert!(!stored.etag.is_empty(), "an entity tag");
    assert!(
        !stored.etag.contains('"'),
        "entity tags come without quotes: {}",
        stored.etag
    );
    let when = stored.last_modified.as_deref().unwrap_or("");
    assert!(
        is_rfc3339_seconds(when),
        "last_modified is RFC 3339 to the second: {when:?}"
    );
}

/// Bytes with a content type and user metadata go up and come back; `head`
/// reports what `put` did; creating the bucket again is not an error.
pub async fn round_trip_with_content_type_and_metadata(
    store: SharedStore,
    bucket: &str,
) -> Outcome {
    store.create_bucket(bucket, None).await?;
    store.create_bucket(bucket, None).await?;
    let at = BlobLocation::new(bucket, "docs/DOC/1/report.pdf");
    let body = b"%PDF-1.7 a small report".to_vec();
    let stored = store
        .put(BlobUpload {
            location: at.clone(),
            body: BlobBody::Bytes(body.clone()),
            content_type: Some("application/pdf".into()),
            metadata: BTreeMap::from([
                ("author".to_owned(), "John".to_owned()),
                ("version".to_owned(), "1.0".to_owned()),
            ]),
        })
        .await?;
    assert_stored(&stored, &body);
    assert_eq!(store.get(&at).await?, body);
    let head = store.head(&at).await?;
    let head = head.unwrap_or_else(|| panic!("head of {at} after put is None"));
    assert_eq!(head.size, stored.size);
    assert_eq!(head.etag, stored.etag);
    assert_eq!(head.version_id, stored.version_id);
    assert!(
        head.last_modified
            .as_deref()
            .is_some_and(is_rfc3339_seconds),
        "{head:?}"
    );
    Ok(())
}

/// A single-part object's entity tag is the MD5 of its content in hex (so it
/// matches what pydynox stores); the empty object's too.
pub async fn single_part_etag_is_the_md5_of_the_content(
    store: SharedStore,
    bucket: &str,
) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let at = BlobLocation::new(bucket, "hello.txt");
    let stored = store.put(bytes_upload(&at, b"hello")).await?;
    assert_eq!(stored.etag, "5d41402abc4b2a76b9719d911017c592");
    assert_eq!(stored.etag, md5_hex(b"hello"));
    let empty = BlobLocation::new(bucket, "empty");
    let stored = store.put(bytes_upload(&empty, b"")).await?;
    assert_eq!(stored.etag, "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(stored.size, 0);
    assert_eq!(store.get(&empty).await?, Vec::<u8>::new());
    Ok(())
}

/// A second put under the same key replaces the first.
pub async fn overwrite_replaces_the_object(store: SharedStore, bucket: &str) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let at = BlobLocation::new(bucket, "k");
    store
        .put(bytes_upload(&at, b"first version, longer"))
        .await?;
    let second = store.put(bytes_upload(&at, b"second")).await?;
    assert_eq!(store.get(&at).await?, b"second");
    assert_eq!(second.etag, md5_hex(b"second"));
    let head = store.head(&at).await?;
    assert_eq!(
        head.map(|h| (h.size, h.etag)),
        Some((6, md5_hex(b"second")))
    );
    Ok(())
}

/// Every call on a bucket that does not exist is `NoSuchBucket`, located at
/// the bucket.
pub async fn missing_bucket_is_no_such_bucket(store: SharedStore, bucket: &str) -> Outcome {
    let at = BlobLocation::new(bucket, "a.txt");
    assert_eq!(
        blob_kind(store.put(bytes_upload(&at, b"x")).await),
        Some(BlobErrorKind::NoSuchBucket)
    );
    assert_eq!(
        blob_kind(store.get(&at).await),
        Some(BlobErrorKind::NoSuchBucket)
    );
    assert_eq!(
        blob_kind(store.head(&at).await),
        Some(BlobErrorKind::NoSuchBucket)
    );
    assert_eq!(
        blob_kind(store.delete(&at).await),
        Some(BlobErrorKind::NoSuchBucket)
    );
    let err = store.get(&at).await.err();
    let located = err
        .as_ref()
        .and_then(|e| e.blob_error())
        .and_then(|b| b.bucket.clone());
    assert_eq!(
        located.as_deref(),
        Some(bucket),
        "the error names the bucket: {err:?}"
    );
    Ok(())
}

/// A missing object: `get` and `download_to` are `NoSuchKey` (no file is
/// left behind), `head` is `None`.
pub async fn missing_key_is_no_such_key_and_head_none(store: SharedStore, bucket: &str) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let at = BlobLocation::new(bucket, "nope/missing.bin");
    let err = store.get(&at).await.err();
    let blob = err.as_ref().and_then(|e| e.blob_error());
    assert_eq!(
        blob.map(|b| b.kind),
        Some(BlobErrorKind::NoSuchKey),
        "{err:?}"
    );
    assert_eq!(
        blob.and_then(|b| b.key.as_deref()),
        Some("nope/missing.bin")
    );
    assert_eq!(store.head(&at).await?, None);
    let dir = ScratchDir::new("missing-key")?;
    let out = dir.path("out.bin");
    assert_eq!(
        blob_kind(store.download_to(&at, &out).await),
        Some(BlobErrorKind::NoSuchKey)
    );
    assert!(!out.exists(), "a failed download leaves no file");
    Ok(())
}

/// Deleting removes the object; deleting it again succeeds.
pub async fn delete_is_idempotent(store: SharedStore, bucket: &str) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let at = BlobLocation::new(bucket, "to-delete");
    store.put(bytes_upload(&at, b"bye")).await?;
    store.delete(&at).await?;
    assert_eq!(store.head(&at).await?, None);
    assert_eq!(
        blob_kind(store.get(&at).await),
        Some(BlobErrorKind::NoSuchKey)
    );
    store.delete(&at).await?;
    store
        .delete(&BlobLocation::new(bucket, "never-existed"))
        .await?;
    Ok(())
}

/// A file body goes up; `download_to` writes it back, truncating what the
/// target held; a missing source file is an `Io` error.
pub async fn file_upload_and_download_to(store: SharedStore, bucket: &str) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let dir = ScratchDir::new("file-upload")?;
    let src = dir.path("in.bin");
    let body = patterned_bytes(200_000, 7);
    write_file(&src, &body)?;
    let at = BlobLocation::new(bucket, "files/in.bin");
    let stored = store
        .put(BlobUpload {
            location: at.clone(),
            body: BlobBody::File(src),
            content_type: Some("application/octet-stream".into()),
            metadata: BTreeMap::new(),
        })
        .await?;
    assert_stored(&stored, &body);
    assert_eq!(stored.etag, md5_hex(&body));
    let out = dir.path("out.bin");
    write_file(&out, &vec![b'x'; 300_000])?;
    assert_eq!(store.download_to(&at, &out).await?, body.len() as u64);
    assert_eq!(read_file(&out)?, body);
    let missing = BlobUpload {
        location: at.clone(),
        body: BlobBody::File(dir.path("no-such-dir").join("x")),
        content_type: None,
        metadata: BTreeMap::new(),
    };
    assert_eq!(blob_kind(store.put(missing).await), Some(BlobErrorKind::Io));
    assert_eq!(
        store.get(&at).await?,
        body,
        "a failed upload leaves the object as it was"
    );
    Ok(())
}

/// A presigned URL names the bucket, the key and the expiry.
pub async fn presigned_url_names_the_key_and_expiry(store: SharedStore, bucket: &str) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let at = BlobLocation::new(bucket, "shared/report.pdf");
    store.put(bytes_upload(&at, b"report")).await?;
    let url = store.presigned_url(&at, Duration::from_secs(900)).await?;
    assert!(url.contains(bucket), "{url}");
    assert!(url.contains("shared/report.pdf"), "{url}");
    assert!(url.contains("X-Amz-Expires=900"), "{url}");
    Ok(())
}

/// A presigned URL lives 1 second to 7 days: anything else is `Invalid`,
/// found before any call.
pub async fn presigned_url_expiry_out_of_range_is_invalid(
    store: SharedStore,
    bucket: &str,
) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let at = BlobLocation::new(bucket, "shared/a.txt");
    store.put(bytes_upload(&at, b"a")).await?;
    for ok in [Duration::from_secs(1), dynorm::blob::MAX_PRESIGNED_EXPIRY] {
        store.presigned_url(&at, ok).await?;
    }
    for bad in [
        Duration::ZERO,
        Duration::from_millis(500),
        dynorm::blob::MAX_PRESIGNED_EXPIRY + Duration::from_secs(1),
        Duration::from_secs(30 * 24 * 3600),
    ] {
        let err = store.presigned_url(&at, bad).await.err();
        let blob = err.as_ref().and_then(|e| e.blob_error());
        assert_eq!(
            blob.map(|b| b.kind),
            Some(BlobErrorKind::Invalid),
            "{bad:?}: {err:?}"
        );
        assert_eq!(blob.and_then(|b| b.key.as_deref()), Some("shared/a.txt"));
    }
    Ok(())
}

/// More than [`MULTIPART_THRESHOLD`](dynorm::blob::MULTIPART_THRESHOLD)
/// bytes (a multipart upload on S3) read back identical, with S3's multipart
/// entity tag (`<MD5 of the parts' MD5s>-2` for two parts of 8 MiB and less).
pub async fn large_upload_reads_back_identical(store: SharedStore, bucket: &str) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let len = usize::try_from(dynorm::blob::MULTIPART_THRESHOLD).unwrap_or(0) + 1024 * 1024 + 123;
    let body = patterned_bytes(len, 11);
    let at = BlobLocation::new(bucket, "big/blob.bin");
    let stored = store.put(bytes_upload(&at, &body)).await?;
    assert_stored(&stored, &body);
    assert_eq!(
        stored.etag,
        multipart_etag(&body, dynorm::blob::DEFAULT_PART_SIZE)
    );
    assert!(stored.etag.ends_with("-2"), "{}", stored.etag);
    let head = store.head(&at).await?;
    assert_eq!(head.as_ref().map(|h| h.size), Some(len as u64));
    assert_eq!(head.map(|h| h.etag), Some(stored.etag));
    let back = store.get(&at).await?;
    assert_eq!(back.len(), body.len());
    assert!(back == body, "the large object reads back identical");
    Ok(())
}

/// A large file (multipart on S3, read one part at a time) downloads back
/// identical, with the multipart entity tag of its three parts.
pub async fn large_file_upload_reads_back_identical(store: SharedStore, bucket: &str) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let dir = ScratchDir::new("large-file")?;
    let len = usize::try_from(dynorm::blob::MULTIPART_THRESHOLD).unwrap_or(0) * 2 + 17;
    let body = patterned_bytes(len, 23);
    let src = dir.path("big.bin");
    write_file(&src, &body)?;
    let at = BlobLocation::new(bucket, "big/file.bin");
    let stored = store
        .put(BlobUpload {
            location: at.clone(),
            body: BlobBody::File(src),
            content_type: None,
            metadata: BTreeMap::new(),
        })
        .await?;
    assert_stored(&stored, &body);
    assert_eq!(stored.etag, expected_etag(&body));
    assert!(stored.etag.ends_with("-3"), "{}", stored.etag);
    let out = dir.path("back.bin");
    assert_eq!(store.download_to(&at, &out).await?, len as u64);
    assert!(
        read_file(&out)? == body,
        "the large file downloads back identical"
    );
    Ok(())
}

/// Keys with slashes, spaces, `+`, `#` and non-ASCII characters are kept as
/// they are.
pub async fn keys_with_slashes_and_non_ascii(store: SharedStore, bucket: &str) -> Outcome {
    store.create_bucket(bucket, None).await?;
    let keys = [
        "a/b/c/d.txt",
        "dossiers/été/日本語 ファイル.txt",
        "with space+plus#hash%percent.bin",
        "emoji/🦀.rs",
    ];
    for (i, key) in keys.iter().enumerate() {
        let at = BlobLocation::new(bucket, *key);
        let body = format!("body of {key} ({i})").into_bytes();
        let stored = store.put(bytes_upload(&at, &body)).await?;
        assert_eq!(stored.etag, md5_hex(&body), "{key}");
        assert_eq!(store.get(&at).await?, body, "{key}");
        assert_eq!(
            store.head(&at).await?.map(|h| h.size),
            Some(body.len() as u64),
            "{key}"
        );
    }
    let url = store
        .presigned_url(&BlobLocation::new(bucket, keys[0]), Duration::from_secs(60))
        .await?;
    assert!(url.contains(keys[0]), "{url}");
    for key in keys {
        let at = BlobLocation::new(bucket, key);
        store.delete(&at).await?;
        assert_eq!(store.head(&at).await?, None, "{key}");
    }
    Ok(())
}

/// Bad bucket names and empty keys are `Invalid`, found before any write.
pub async fn invalid_names_are_rejected(store: SharedStore, bucket: &str) -> Outcome {
    assert_eq!(
        blob_kind(store.create_bucket("Bad_Name", None).await),
        Some(BlobErrorKind::Invalid)
    );
    store.create_bucket(bucket, None).await?;
    let empty = BlobLocation::new(bucket, "");
    assert_eq!(
        blob_kind(store.put(bytes_upload(&empty, b"x")).await),
        Some(BlobErrorKind::Invalid)
    );
    let long = BlobLocation::new(bucket, "k".repeat(1025));
    assert_eq!(
        blob_kind(store.put(bytes_upload(&long, b"x")).await),
        Some(BlobErrorKind::Invalid)
    );
    Ok(())
}
