//! [`S3Value`]: the metadata of a stored object, as the item holds it.

use crate::blob::{BlobLocation, StoredBlob};
use crate::client::Client;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// An object stored by an S3-backed attribute: where it is and what it is,
/// readable without fetching it. The content is fetched on demand through a
/// client's object store.
///
/// Stored in the item as pydynox stores it: a map with `bucket`, `key`,
/// `size`, `etag`, and when known `content_type`, `last_modified`,
/// `version_id` and `metadata`; nothing else. The bucket's region is not in
/// the map (pydynox's layout has no such key): it comes from the attribute
/// (`#[dynorm(s3(region = "..."))]`) when a model is decoded.
///
/// ```
/// use dynorm::attributes::S3Value;
/// use dynorm::{from_value, to_value, Item, Value};
///
/// let stored = Value::M(
///     Item::new()
///         .with("bucket", "my-bucket")
///         .with("key", "docs/DOC/1/report.pdf")
///         .with("size", 1048576)
///         .with("etag", "d41d8cd98f00b204e9800998ecf8427e")
///         .with("content_type", "application/pdf"),
/// );
/// let value: S3Value = from_value(stored.clone())?;
/// assert_eq!(value.size, 1_048_576);
/// assert_eq!(value.file_name(), "report.pdf");
/// assert_eq!(to_value(&value)?, stored);
/// # Ok::<(), dynorm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct S3Value {
    /// The bucket.
    pub bucket: String,
    /// The object key.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// The entity tag, without quotes.
    pub etag: String,
    /// The MIME type, if one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// When the object was written, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The object's version, in a versioned bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// User metadata.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// The bucket's region when it is not the store's own. Never written to
    /// the item (pydynox's layout has no such key): a model decoded from an
    /// item gets its attribute's `region` here, unless the map already
    /// names one. `None` means the store's region.
    #[serde(default, skip_serializing)]
    pub region: Option<String>,
}

impl S3Value {
    /// The metadata of an object just written.
    pub(crate) fn stored(
        location: BlobLocation,
        blob: StoredBlob,
        content_type: Option<String>,
        metadata: BTreeMap<String, String>,
    ) -> S3Value {
        S3Value {
            bucket: location.bucket,
            key: location.key,
            size: blob.size,
            etag: blob.etag,
            content_type,
            last_modified: blob.last_modified,
            version_id: blob.version_id,
            metadata,
            region: location.region,
        }
    }

    /// Where the object is (in [`region`](S3Value::region), when set).
    pub fn location(&self) -> BlobLocation {
        BlobLocation::new(&self.bucket, &self.key).in_region(self.region.as_deref())
    }

    /// The last part of the key: the name the file was stored under.
    pub fn file_name(&self) -> &str {
        self.key.rsplit('/').next().unwrap_or(&self.key)
    }

    /// Downloads the whole object into memory (mind large files: see
    /// [`save_to`](S3Value::save_to)).
    pub async fn bytes(&self, client: &Client) -> Result<Vec<u8>> {
        client.blob_store()?.get(&self.location()).await
    }

    /// Streams the object into a local file; returns the bytes written.
    pub async fn save_to(&self, client: &Client, path: impl AsRef<Path>) -> Result<u64> {
        client
            .blob_store()?
            .download_to(&self.location(), path.as_ref())
            .await
    }

    /// A URL anyone holding it can download the object with, until it expires.
    pub async fn presigned_url(&self, client: &Client, expires_in: Duration) -> Result<String> {
        client
            .blob_store()?
            .presigned_url(&self.location(), expires_in)
            .await
    }
}
