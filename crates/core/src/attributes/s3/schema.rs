//! [`S3AttributeSchema`]: where an S3-backed attribute keeps its objects.

use crate::blob::{object_key, BlobLocation};
use crate::value::Value;

/// An S3-backed attribute of a model, from
/// `#[dynorm(s3(bucket = "...", prefix = "...", region = "..."))]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct S3AttributeSchema {
    /// The attribute holding the metadata map.
    pub attribute: &'static str,
    /// The bucket objects are written to.
    pub bucket: &'static str,
    /// Put before every object key (`"docs/"`); may be empty.
    pub prefix: &'static str,
    /// The bucket's region when it is not the store's.
    pub region: Option<&'static str>,
}

impl S3AttributeSchema {
    /// Where a file named `filename` of the item with these key values goes.
    ///
    /// ```
    /// use dynorm::attributes::S3AttributeSchema;
    /// use dynorm::Value;
    /// let s3 = S3AttributeSchema { attribute: "content", bucket: "docs", prefix: "d/", region: None };
    /// let at = s3.location(&Value::from("DOC#1"), Some(&Value::from("v1")), "a.pdf");
    /// assert_eq!(at.key, "d/DOC/1/v1/a.pdf");
    /// ```
    pub fn location(&self, pk: &Value, sk: Option<&Value>, filename: &str) -> BlobLocation {
        BlobLocation::new(self.bucket, object_key(self.prefix, pk, sk, filename))
            .in_region(self.region)
    }
}
