//! [`BlobLocation`]: where one object lives.

use std::fmt;

/// A bucket, an object key in it, and the region the bucket is in when it is
/// not the store's own.
///
/// ```
/// use dynorm::blob::BlobLocation;
/// let at = BlobLocation::new("docs", "DOC/1/report.pdf").in_region(Some("eu-west-1"));
/// assert_eq!(at.to_string(), "s3://docs/DOC/1/report.pdf");
/// assert_eq!(at.region.as_deref(), Some("eu-west-1"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobLocation {
    /// Bucket name.
    pub bucket: String,
    /// Object key.
    pub key: String,
    /// A region overriding the store's, for buckets elsewhere.
    pub region: Option<String>,
}

impl BlobLocation {
    /// A location in the store's own region.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> BlobLocation {
        BlobLocation {
            bucket: bucket.into(),
            key: key.into(),
            region: None,
        }
    }

    /// The same location in another region (`None` keeps the store's).
    #[must_use]
    pub fn in_region(mut self, region: Option<&str>) -> BlobLocation {
        self.region = region.map(str::to_owned);
        self
    }
}

impl fmt::Display for BlobLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.key)
    }
}
