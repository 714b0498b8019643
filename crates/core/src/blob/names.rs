//! S3's naming rules, checked by every store before it calls anything.

use super::{BlobError, BlobErrorKind, BlobLocation};
use crate::error::Result;

/// S3's bucket naming rules: 3 to 63 lowercase letters, digits, dots and
/// hyphens, starting and ending with a letter or digit. Breaking them is a
/// [`BlobErrorKind::Invalid`] error naming the bucket.
///
/// ```
/// use dynorm::blob::check_bucket_name;
/// assert!(check_bucket_name("company-docs.eu").is_ok());
/// assert!(check_bucket_name("Company_Docs").is_err());
/// ```
pub fn check_bucket_name(bucket: &str) -> Result<()> {
    let ok_chars = bucket
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    let ends_ok = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if (3..=63).contains(&bucket.len())
        && ok_chars
        && ends_ok(bucket.bytes().next())
        && ends_ok(bucket.bytes().last())
    {
        Ok(())
    } else {
        Err(BlobError::new(
            BlobErrorKind::Invalid,
            "bucket names are 3 to 63 lowercase letters, digits, dots and hyphens, \
             starting and ending with a letter or digit",
        )
        .in_bucket(bucket)
        .into())
    }
}

/// S3's object key rule: 1 to 1024 bytes of UTF-8. Breaking it is a
/// [`BlobErrorKind::Invalid`] error naming the location.
///
/// ```
/// use dynorm::blob::{check_object_key, BlobLocation};
/// assert!(check_object_key(&BlobLocation::new("docs", "a/ü.txt")).is_ok());
/// assert!(check_object_key(&BlobLocation::new("docs", "")).is_err());
/// ```
pub fn check_object_key(location: &BlobLocation) -> Result<()> {
    if location.key.is_empty() || location.key.len() > 1024 {
        return Err(BlobError::new(
            BlobErrorKind::Invalid,
            format!(
                "object keys are 1 to 1024 bytes long; this one is {}",
                location.key.len()
            ),
        )
        .at(location)
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_and_keys() {
        assert!(check_bucket_name("docs-1.a").is_ok());
        for bad in ["ab", "Docs", "-docs", "docs_", &"a".repeat(64)] {
            let kind = check_bucket_name(bad)
                .err()
                .and_then(|e| e.blob_error().map(|b| b.kind));
            assert_eq!(kind, Some(BlobErrorKind::Invalid), "{bad}");
        }
        assert!(check_object_key(&BlobLocation::new("b", "")).is_err());
        assert!(check_object_key(&BlobLocation::new("b", "k".repeat(1025))).is_err());
        assert!(check_object_key(&BlobLocation::new("b", "a/ü")).is_ok());
    }
}
