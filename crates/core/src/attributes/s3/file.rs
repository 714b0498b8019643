//! [`S3File`]: content waiting to be uploaded by the next save.

use crate::blob::BlobBody;
use crate::error::{Error, Result};
use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::PathBuf;

use super::PENDING_MARKER;

/// A file to store in an S3-backed attribute: bytes or a local path, a file
/// name (the last part of the object key), and optionally a content type and
/// user metadata. Uploaded when the model is saved.
///
/// ```
/// use dynorm::attributes::S3File;
/// let file = S3File::from_bytes(b"a,b\n1,2\n".to_vec(), "data.csv")
///     .content_type("text/csv")
///     .metadata("author", "Ann");
/// assert_eq!(file.name(), "data.csv");
/// assert_eq!(file.len(), Some(8));
///
/// let from_disk = S3File::from_path("/tmp/report.pdf")?;
/// assert_eq!(from_disk.name(), "report.pdf");
/// # Ok::<(), dynorm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3File {
    name: String,
    body: BlobBody,
    content_type: Option<String>,
    metadata: BTreeMap<String, String>,
}

impl S3File {
    /// Bytes in memory, stored under `name`.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>, name: impl Into<String>) -> S3File {
        S3File {
            name: name.into(),
            body: BlobBody::Bytes(bytes.into()),
            content_type: None,
            metadata: BTreeMap::new(),
        }
    }

    /// A local file, read when the model is saved and stored under its file
    /// name. A path without a UTF-8 file name is a
    /// [`Validation`](Error::Validation) error.
    pub fn from_path(path: impl Into<PathBuf>) -> Result<S3File> {
        let path = path.into();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                Error::validation(format!(
                    "S3 file path {} has no UTF-8 file name",
                    path.display()
                ))
            })?;
        Ok(S3File {
            name,
            body: BlobBody::File(path),
            content_type: None,
            metadata: BTreeMap::new(),
        })
    }

    /// Stores it under another file name.
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> S3File {
        self.name = name.into();
        self
    }

    /// The MIME type (`Content-Type`), for browsers and presigned downloads.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> S3File {
        self.content_type = Some(content_type.into());
        self
    }

    /// Adds one user metadata pair (stored on the object and in the item).
    #[must_use]
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> S3File {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// The file name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The content.
    pub fn body(&self) -> &BlobBody {
        &self.body
    }

    /// The size of in-memory content (`None` for a path).
    pub fn len(&self) -> Option<usize> {
        match &self.body {
            BlobBody::Bytes(b) => Some(b.len()),
            BlobBody::File(_) => None,
        }
    }

    /// Whether the content is in memory and empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The content type, if given.
    pub fn get_content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The user metadata.
    pub fn get_metadata(&self) -> &BTreeMap<String, String> {
        &self.metadata
    }

    pub(crate) fn into_parts(self) -> (String, BlobBody, Option<String>, BTreeMap<String, String>) {
        (self.name, self.body, self.content_type, self.metadata)
    }
}

thread_local! {
    /// How many [`accepting_pending`] calls this thread is inside.
    static WRITE_PATH: Cell<usize> = const { Cell::new(0) };
}

/// Runs `f` (a synchronous decode) with pending-upload markers accepted.
///
/// Outside it, the deserializers of [`S3File`] and
/// [`S3Object`](super::S3Object) reject the marker: every read from a table
/// (get, query, scan, batch and transaction reads, `Model::from_item`,
/// `from_value`, JSON) fails with a codec error naming the attribute rather
/// than yield a file that the next save would upload. Only the write path
/// decodes inside it, and only items made by the model's own serialization in
/// this process: the model decoded for `before_save`, the key rebuilt from
/// generated values, the pending files of the item being saved. A decode runs
/// on one thread without yielding, so the scope cannot leak into other work.
pub(crate) fn accepting_pending<T>(f: impl FnOnce() -> T) -> T {
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            WRITE_PATH.with(|depth| depth.set(depth.get().saturating_sub(1)));
        }
    }
    WRITE_PATH.with(|depth| depth.set(depth.get() + 1));
    let _leave = Leave;
    f()
}

/// Whether this thread is inside [`accepting_pending`].
fn pending_accepted() -> bool {
    WRITE_PATH.with(|depth| depth.get() > 0)
}

/// The pending form inside an item, under [`PENDING_MARKER`]: never stored,
/// replaced by the metadata map before the item is sent.
#[derive(Deserialize)]
struct Pending {
    name: String,
    #[serde(default)]
    bytes: Option<serde_bytes::ByteBuf>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    content_type: Option<String>,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

/// [`Pending`], borrowed from an [`S3File`] for serializing.
#[derive(Serialize)]
struct PendingRef<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    bytes: Option<&'a serde_bytes::Bytes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_type: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    metadata: &'a BTreeMap<String, String>,
}

impl Serialize for S3File {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeMap};
        let (bytes, path) = match &self.body {
            BlobBody::Bytes(b) => (Some(serde_bytes::Bytes::new(b)), None),
            BlobBody::File(p) => {
                let p = p.to_str().ok_or_else(|| {
                    S::Error::custom(format!("S3 file path {} is not UTF-8", p.display()))
                })?;
                (None, Some(p))
            }
        };
        let pending = PendingRef {
            name: &self.name,
            bytes,
            path,
            content_type: self.content_type.as_deref(),
            metadata: &self.metadata,
        };
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(PENDING_MARKER, &pending)?;
        map.end()
    }
}

/// The marker map's single entry.
#[derive(Deserialize)]
pub(super) struct PendingEnvelope {
    #[serde(rename = "dynorm:upload")]
    upload: Pending,
}

impl PendingEnvelope {
    /// The file, when the marker is decoded on the write path
    /// ([`accepting_pending`]); an error anywhere else.
    pub(super) fn into_file<E: de::Error>(self) -> std::result::Result<S3File, E> {
        if !pending_accepted() {
            return Err(E::custom(format!(
                "a pending upload (`{PENDING_MARKER}`) is not accepted here: it exists only \
                 between a model's serialization and its save, and data read from a table \
                 (or decoded by hand) never becomes a file to upload"
            )));
        }
        let p = self.upload;
        let body = match (p.bytes, p.path) {
            (Some(b), None) => BlobBody::Bytes(b.into_vec()),
            (None, Some(path)) => BlobBody::File(PathBuf::from(path)),
            _ => return Err(E::custom("a pending S3 file has either bytes or a path")),
        };
        Ok(S3File {
            name: p.name,
            body,
            content_type: p.content_type,
            metadata: p.metadata,
        })
    }
}

impl<'de> Deserialize<'de> for S3File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        PendingEnvelope::deserialize(deserializer)?.into_file()
    }
}
