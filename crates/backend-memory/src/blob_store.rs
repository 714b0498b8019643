//! [`MemoryBlobStore`]: an in-process object store for S3-backed attributes.

use async_trait::async_trait;
use dashmap::DashMap;
use dynorm::attributes::Timestamp;
use dynorm::blob::{
    check_bucket_name, check_object_key, check_presigned_expiry, multipart_part_size, BlobBody,
    BlobError, BlobErrorKind, BlobLocation, BlobStore, BlobUpload, StoredBlob, DEFAULT_PART_SIZE,
    MULTIPART_THRESHOLD,
};
use dynorm::Result;
use md5::{Digest, Md5};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// An object store in memory that answers like S3: buckets must be created
/// before use, a missing object is [`BlobErrorKind::NoSuchKey`], deleting a
/// missing object succeeds, and presigned URLs expire in 1 second to 7 days
/// (else [`BlobErrorKind::Invalid`]). The entity tag is S3's: the MD5 of the
/// content in hex, or for a body over [`MULTIPART_THRESHOLD`] (which
/// `S3BlobStore` uploads in parts of [`DEFAULT_PART_SIZE`]) the MD5 of the
/// parts' MD5s followed by `-` and the number of parts. Cloning gives another
/// handle on the same objects.
///
/// ```
/// use dynorm::blob::{BlobBody, BlobLocation, BlobStore, BlobUpload};
/// use dynorm_memory::MemoryBlobStore;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let store = MemoryBlobStore::new();
/// store.create_bucket("docs", None).await?;
/// let at = BlobLocation::new("docs", "a/b.txt");
/// let stored = store
///     .put(BlobUpload {
///         location: at.clone(),
///         body: BlobBody::Bytes(b"hello".to_vec()),
///         content_type: Some("text/plain".into()),
///         metadata: Default::default(),
///     })
///     .await?;
/// assert_eq!(stored.size, 5);
/// assert_eq!(stored.etag, "5d41402abc4b2a76b9719d911017c592");
/// assert_eq!(store.get(&at).await?, b"hello");
/// # Ok::<(), dynorm::Error>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryBlobStore {
    buckets: Arc<DashMap<String, Bucket>>,
}

#[derive(Debug, Default)]
struct Bucket {
    objects: BTreeMap<String, Object>,
}

#[derive(Debug, Clone)]
struct Object {
    body: Arc<Vec<u8>>,
    stored: StoredBlob,
}

impl MemoryBlobStore {
    /// An empty store with no buckets.
    pub fn new() -> MemoryBlobStore {
        MemoryBlobStore::default()
    }

    /// The keys of the objects in a bucket, in order (empty for a missing bucket).
    pub fn keys(&self, bucket: &str) -> Vec<String> {
        self.buckets
            .get(bucket)
            .map(|b| b.objects.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn missing_bucket(bucket: &str) -> dynorm::Error {
        BlobError::new(
            BlobErrorKind::NoSuchBucket,
            "The specified bucket does not exist",
        )
        .in_bucket(bucket)
        .into()
    }

    fn object(&self, location: &BlobLocation) -> Result<Object> {
        let bucket = self
            .buckets
            .get(&location.bucket)
            .ok_or_else(|| MemoryBlobStore::missing_bucket(&location.bucket))?;
        bucket.objects.get(&location.key).cloned().ok_or_else(|| {
            BlobError::new(
                BlobErrorKind::NoSuchKey,
                "The specified key does not exist.",
            )
            .at(location)
            .into()
        })
    }
}

fn io_error(location: &BlobLocation, path: &Path, e: std::io::Error) -> dynorm::Error {
    BlobError::io(path, e).at(location).into()
}

/// Now, to the second, as S3 writes `Last-Modified`.
fn now_rfc3339() -> String {
    let seconds = Timestamp::now().unix_seconds();
    let text = Timestamp::from_unix_micros(seconds.saturating_mul(1_000_000)).to_rfc3339();
    text.replace(".000000Z", "Z")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The entity tag S3 gives a body: the MD5 of a single-part upload, or
/// `<MD5 of the parts' MD5s>-<parts>` for a body uploaded in parts (over
/// [`MULTIPART_THRESHOLD`], in parts of [`DEFAULT_PART_SIZE`]).
fn etag(body: &[u8]) -> String {
    let len = body.len() as u64;
    if len <= MULTIPART_THRESHOLD {
        return hex(&Md5::digest(body));
    }
    let part = usize::try_from(multipart_part_size(len, DEFAULT_PART_SIZE)).unwrap_or(usize::MAX);
    let mut digests = Md5::new();
    let mut parts = 0usize;
    for chunk in body.chunks(part) {
        digests.update(Md5::digest(chunk));
        parts += 1;
    }
    format!("{}-{parts}", hex(&digests.finalize()))
}

#[async_trait]
impl BlobStore for MemoryBlobStore {
    fn name(&self) -> &'static str {
        "memory"
    }

    async fn put(&self, upload: BlobUpload) -> Result<StoredBlob> {
        let location = upload.location;
        check_object_key(&location)?;
        if !self.buckets.contains_key(&location.bucket) {
            return Err(MemoryBlobStore::missing_bucket(&location.bucket));
        }
        let body = match upload.body {
            BlobBody::Bytes(b) => b,
            BlobBody::File(path) => tokio::fs::read(&path)
                .await
                .map_err(|e| io_error(&location, &path, e))?,
        };
        let stored = StoredBlob {
            size: body.len() as u64,
            etag: etag(&body),
            last_modified: Some(now_rfc3339()),
            version_id: None,
        };
        let mut bucket = self
            .buckets
            .get_mut(&location.bucket)
            .ok_or_else(|| MemoryBlobStore::missing_bucket(&location.bucket))?;
        bucket.objects.insert(
            location.key,
            Object {
                body: Arc::new(body),
                stored: stored.clone(),
            },
        );
        Ok(stored)
    }

    async fn get(&self, location: &BlobLocation) -> Result<Vec<u8>> {
        Ok(self.object(location)?.body.as_ref().clone())
    }

    async fn download_to(&self, location: &BlobLocation, path: &Path) -> Result<u64> {
        let object = self.object(location)?;
        tokio::fs::write(path, object.body.as_slice())
            .await
            .map_err(|e| io_error(location, path, e))?;
        Ok(object.body.len() as u64)
    }

    async fn head(&self, location: &BlobLocation) -> Result<Option<StoredBlob>> {
        match self.object(location) {
            Ok(o) => Ok(Some(o.stored)),
            Err(dynorm::Error::Blob(e)) if e.kind == BlobErrorKind::NoSuchKey => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn delete(&self, location: &BlobLocation) -> Result<()> {
        let mut bucket = self
            .buckets
            .get_mut(&location.bucket)
            .ok_or_else(|| MemoryBlobStore::missing_bucket(&location.bucket))?;
        bucket.objects.remove(&location.key);
        Ok(())
    }

    async fn presigned_url(&self, location: &BlobLocation, expires_in: Duration) -> Result<String> {
        check_object_key(location)?;
        check_presigned_expiry(location, expires_in)?;
        if !self.buckets.contains_key(&location.bucket) {
            return Err(MemoryBlobStore::missing_bucket(&location.bucket));
        }
        Ok(format!(
            "memory://{}/{}?X-Amz-Expires={}",
            location.bucket,
            location.key,
            expires_in.as_secs()
        ))
    }

    async fn create_bucket(&self, bucket: &str, _region: Option<&str>) -> Result<()> {
        check_bucket_name(bucket)?;
        self.buckets.entry(bucket.to_owned()).or_default();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(at: &BlobLocation, body: &[u8]) -> BlobUpload {
        BlobUpload {
            location: at.clone(),
            body: BlobBody::Bytes(body.to_vec()),
            content_type: None,
            metadata: BTreeMap::new(),
        }
    }

    fn kind(e: dynorm::Error) -> Option<BlobErrorKind> {
        e.blob_error().map(|b| b.kind)
    }

    #[tokio::test]
    async fn answers_like_s3() -> Result<()> {
        let store = MemoryBlobStore::new();
        let at = BlobLocation::new("docs", "k");
        let missing = store.put(upload(&at, b"x")).await.err().and_then(kind);
        assert_eq!(missing, Some(BlobErrorKind::NoSuchBucket));
        store.create_bucket("docs", None).await?;
        store.create_bucket("docs", None).await?;
        let no_key = store.get(&at).await.err().and_then(kind);
        assert_eq!(no_key, Some(BlobErrorKind::NoSuchKey));
        assert_eq!(store.head(&at).await?, None);
        let stored = store.put(upload(&at, b"")).await?;
        assert_eq!(stored.etag, "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(store.head(&at).await?, Some(stored));
        store.delete(&at).await?;
        store.delete(&at).await?;
        assert!(store.keys("docs").is_empty());
        let bad = store
            .create_bucket("Bad_Name", None)
            .await
            .err()
            .and_then(kind);
        assert_eq!(bad, Some(BlobErrorKind::Invalid));
        let empty_key = BlobLocation::new("docs", "");
        let bad = store
            .put(upload(&empty_key, b"x"))
            .await
            .err()
            .and_then(kind);
        assert_eq!(bad, Some(BlobErrorKind::Invalid));
        Ok(())
    }

    #[tokio::test]
    async fn presigned_urls_expire_in_one_second_to_seven_days() -> Result<()> {
        let store = MemoryBlobStore::new();
        store.create_bucket("docs", None).await?;
        let at = BlobLocation::new("docs", "a.txt");
        store.put(upload(&at, b"a")).await?;
        for ok in [1, 3600, 7 * 24 * 3600] {
            store.presigned_url(&at, Duration::from_secs(ok)).await?;
        }
        for bad in [
            Duration::ZERO,
            Duration::from_millis(500),
            Duration::from_secs(7 * 24 * 3600 + 1),
        ] {
            let kind = store.presigned_url(&at, bad).await.err().and_then(kind);
            assert_eq!(kind, Some(BlobErrorKind::Invalid), "{bad:?}");
        }
        Ok(())
    }

    #[tokio::test]
    async fn multipart_sized_bodies_get_multipart_etags() -> Result<()> {
        let store = MemoryBlobStore::new();
        store.create_bucket("docs", None).await?;
        let threshold = usize::try_from(MULTIPART_THRESHOLD).unwrap_or(0);
        let part = usize::try_from(DEFAULT_PART_SIZE).unwrap_or(0);
        // Exactly the threshold: one part, a plain MD5.
        let body = vec![7u8; threshold];
        let stored = store
            .put(upload(&BlobLocation::new("docs", "a"), &body))
            .await?;
        assert_eq!(stored.etag, hex(&Md5::digest(&body)));
        // One byte more: two parts (8 MiB and the rest).
        let body: Vec<u8> = (0..threshold + 1).map(|i| (i % 251) as u8).collect();
        let stored = store
            .put(upload(&BlobLocation::new("docs", "b"), &body))
            .await?;
        let mut md5s = Vec::new();
        md5s.extend_from_slice(&Md5::digest(&body[..part]));
        md5s.extend_from_slice(&Md5::digest(&body[part..]));
        assert_eq!(stored.etag, format!("{}-2", hex(&Md5::digest(&md5s))));
        assert_eq!(stored.size, body.len() as u64);
        Ok(())
    }

    #[tokio::test]
    async fn uploads_and_downloads_files() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("dynorm-blob-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| dynorm::Error::config(e.to_string()))?;
        let src = dir.join("in.bin");
        std::fs::write(&src, b"file body").map_err(|e| dynorm::Error::config(e.to_string()))?;
        let store = MemoryBlobStore::new();
        store.create_bucket("docs", None).await?;
        let at = BlobLocation::new("docs", "f");
        let mut up = upload(&at, b"");
        up.body = BlobBody::File(src);
        assert_eq!(store.put(up).await?.size, 9);
        let out = dir.join("out.bin");
        assert_eq!(store.download_to(&at, &out).await?, 9);
        let read = std::fs::read(&out).map_err(|e| dynorm::Error::config(e.to_string()))?;
        assert_eq!(read, b"file body");
        let missing = dir.join("nope").join("x");
        let mut up = upload(&at, b"");
        up.body = BlobBody::File(missing);
        assert_eq!(
            store.put(up).await.err().and_then(kind),
            Some(BlobErrorKind::Io)
        );
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
