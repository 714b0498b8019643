//! [`BlobError`]: why an object store call failed.

use super::BlobLocation;
use crate::error::BoxError;
use std::fmt;
use std::path::Path;

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

/// An object store call that failed: what kind of failure, where, the
/// store's own message (one line) and, where the store had them, the request
/// id it gave and the error behind it (the
/// [`source`](std::error::Error::source)).
///
/// ```
/// use dynorm::blob::{BlobError, BlobErrorKind, BlobLocation};
/// let e = BlobError::new(BlobErrorKind::NoSuchBucket, "The specified bucket does not exist")
///     .at(&BlobLocation::new("docs", "a.txt"))
///     .with_request_id("4442587FB7D0A2F9");
/// assert_eq!(e.to_string(), "no such bucket at s3://docs/a.txt: The specified bucket does not exist");
/// assert_eq!(e.request_id.as_deref(), Some("4442587FB7D0A2F9"));
/// ```
#[derive(Debug)]
pub struct BlobError {
    /// What went wrong.
    pub kind: BlobErrorKind,
    /// The bucket, when known.
    pub bucket: Option<String>,
    /// The object key, when known.
    pub key: Option<String>,
    /// The store's message.
    pub message: String,
    /// The request id the store gave, when it answered.
    pub request_id: Option<Box<str>>,
    /// The error behind this one (the store's SDK error, an I/O error).
    pub source: Option<BoxError>,
}

impl BlobError {
    /// An error of this kind with a message and no location.
    pub fn new(kind: BlobErrorKind, message: impl Into<String>) -> BlobError {
        BlobError {
            kind,
            bucket: None,
            key: None,
            message: message.into(),
            request_id: None,
            source: None,
        }
    }

    /// A local file at `path` that could not be read or written: the path
    /// and the error's message, the error (usually an I/O error) as the source.
    ///
    /// ```
    /// use dynorm::blob::{BlobError, BlobErrorKind};
    /// let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
    /// let e = BlobError::io(std::path::Path::new("/tmp/a.pdf"), missing);
    /// assert_eq!(e.kind, BlobErrorKind::Io);
    /// assert!(e.message.starts_with("/tmp/a.pdf: "));
    /// assert!(std::error::Error::source(&e).is_some());
    /// ```
    pub fn io(path: &Path, err: impl std::error::Error + Send + Sync + 'static) -> BlobError {
        BlobError::new(BlobErrorKind::Io, format!("{}: {err}", path.display())).with_source(err)
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

    /// The same error with the error behind it.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> BlobError {
        self.source = Some(source.into());
        self
    }

    /// The same error with the request id the store gave.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> BlobError {
        self.request_id = Some(request_id.into().into_boxed_str());
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

impl std::error::Error for BlobError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}
