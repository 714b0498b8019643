//! [`BlobStore`]: the object store trait, and the requests it takes.

use super::BlobLocation;
use crate::error::Result;
use async_trait::async_trait;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Uploads larger than this (10 MiB) go up in parts, where the store has them.
pub const MULTIPART_THRESHOLD: u64 = 10 * 1024 * 1024;

/// The default size of each part of a multipart upload: 8 MiB (the last
/// part may be smaller).
pub const DEFAULT_PART_SIZE: u64 = 8 * 1024 * 1024;

/// S3's limit on the parts of one multipart upload.
pub const MAX_PARTS: u64 = 10_000;

/// The part size a multipart upload of `size` bytes uses: `part_size`, or
/// larger when the body would need more than [`MAX_PARTS`] parts.
///
/// ```
/// use dynorm::blob::{multipart_part_size, DEFAULT_PART_SIZE, MAX_PARTS};
/// assert_eq!(multipart_part_size(20 << 20, DEFAULT_PART_SIZE), DEFAULT_PART_SIZE);
/// let huge = 200u64 << 30;
/// assert!(huge.div_ceil(multipart_part_size(huge, DEFAULT_PART_SIZE)) <= MAX_PARTS);
/// ```
pub fn multipart_part_size(size: u64, part_size: u64) -> u64 {
    part_size.max(size.div_ceil(MAX_PARTS))
}

/// The content of an upload.
#[derive(Clone, PartialEq, Eq)]
pub enum BlobBody {
    /// Bytes in memory.
    Bytes(Vec<u8>),
    /// A local file, read as it is uploaded.
    File(PathBuf),
}

impl fmt::Debug for BlobBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlobBody::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            BlobBody::File(p) => f.debug_tuple("File").field(p).finish(),
        }
    }
}

/// One object to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobUpload {
    /// Where to write it.
    pub location: BlobLocation,
    /// What to write.
    pub body: BlobBody,
    /// The MIME type (`Content-Type`), if known.
    pub content_type: Option<String>,
    /// User metadata (`x-amz-meta-*`).
    pub metadata: BTreeMap<String, String>,
}

/// What the store reports about an object it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    /// Size in bytes.
    pub size: u64,
    /// The entity tag, without quotes.
    pub etag: String,
    /// When it was last written, RFC 3339 (`2024-01-15T10:30:00Z`).
    pub last_modified: Option<String>,
    /// The version id, in a versioned bucket.
    pub version_id: Option<String>,
}

/// An object store: where S3-backed attributes keep their content.
///
/// Every failure is an [`Error::Blob`](crate::Error::Blob) whose
/// [`BlobErrorKind`](super::BlobErrorKind) is the same whatever the store.
#[async_trait]
pub trait BlobStore: Send + Sync + fmt::Debug {
    /// A short name for messages (`"memory"`, `"s3"`).
    fn name(&self) -> &'static str;

    /// Writes an object, replacing any with the same key. Uploads over
    /// [`MULTIPART_THRESHOLD`] go up in parts where the store has them.
    async fn put(&self, upload: BlobUpload) -> Result<StoredBlob>;

    /// The whole content of an object.
    async fn get(&self, location: &BlobLocation) -> Result<Vec<u8>>;

    /// Streams an object into a local file (created or truncated); returns
    /// the number of bytes written.
    async fn download_to(&self, location: &BlobLocation, path: &Path) -> Result<u64>;

    /// The object's metadata, `None` when it does not exist.
    async fn head(&self, location: &BlobLocation) -> Result<Option<StoredBlob>>;

    /// Deletes an object. Deleting one that does not exist succeeds, as on S3.
    async fn delete(&self, location: &BlobLocation) -> Result<()>;

    /// A URL that lets anyone holding it download the object until it expires.
    async fn presigned_url(&self, location: &BlobLocation, expires_in: Duration) -> Result<String>;

    /// Creates a bucket (in `region`, or the store's); an existing bucket
    /// owned by the caller is not an error.
    async fn create_bucket(&self, bucket: &str, region: Option<&str>) -> Result<()>;
}
