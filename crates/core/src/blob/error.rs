//! [`BlobError`]: why an object store call failed.

use super::BlobLocation;
use std::fmt;

/// The kind of a [`BlobError`], the same for every store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlobErrorKind {
    /// The bucket does not exist.
    NoSuchBucket,
    /// The object does not exist.
    NoSuchKey,
    /// The credentials may not do this.
    AccessDenied,
    /// The store could not be reached, or the call timed out. Whether a write
    /// took effect is unknown.
    Network,
    /// A local file could not be read or written.
    Io,
    /// The request was invalid (a bad bucket name, an empty file name...).
    Invalid,
    /// Anything else the store reported.
    Other,
}

impl BlobErrorKind {
    /// A short lowercase name, used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            BlobErrorKind::NoSuchBucket => "no such bucket",
            BlobErrorKind::NoSuchKey => "no such key",
            BlobErrorKind::AccessDenied => "access denied",
            BlobErrorKind::Network => "network error",
            BlobErrorKind::Io => "i/o error",
            BlobErrorKind::Invalid => "invalid request",
            BlobErrorKind::Other => "object store error",
        }
    }
}

/// An object store call that failed: what kind of failure, where, and the
/// store's own message.
///
/// ```
/// use dynorm::blob::{BlobError, BlobErrorKind, BlobLocation};
/// let e = BlobError::new(BlobErrorKind::NoSuchBucket, "The specified bucket does not exist")
///     .at(&BlobLocation::new("docs", "a.txt"));
/// assert_eq!(e.to_string(), "no such bucket at s3://docs/a.txt: The specified bucket does not exist");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobError {
    /// What went wrong.
    pub kind: BlobErrorKind,
    /// The bucket, when known.
    pub bucket: Option<String>,
    /// The object key, when known.
    pub key: Option<String>,
    /// The store's message.
    pub message: String,
}

impl BlobError {
    /// An error of this kind with a message and no location.
    pub fn new(kind: BlobErrorKind, message: impl Into<String>) -> BlobError {
        BlobError {
            kind,
            bucket: None,
            key: None,
            message: message.into(),
        }
    }

    /// The same error located at an object.
    #[must_use]
    pub fn at(mut self, location: &BlobLocation) -> BlobError {
        self.bucket = Some(location.bucket.clone());
        self.key = Some(location.key.clone());
        self
    }

    /// The same error located at a bucket.
    #[must_use]
    pub fn in_bucket(mut self, bucket: &str) -> BlobError {
        self.bucket = Some(bucket.to_owned());
        self
    }
}

impl fmt::Display for BlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.as_str())?;
        match (&self.bucket, &self.key) {
            (Some(b), Some(k)) => write!(f, " at s3://{b}/{k}")?,
            (Some(b), None) => write!(f, " in bucket `{b}`")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for BlobError {}
