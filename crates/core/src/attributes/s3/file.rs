//! [`S3File`]: content waiting to be uploaded by the next save.

use crate::blob::BlobBody;
use crate::error::{Error, Result};
use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
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
    pub(super) fn into_file<E: de::Error>(self) -> std::result::Result<S3File, E> {
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
