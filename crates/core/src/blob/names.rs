//! S3's naming rules and limits, checked by every store before it calls
//! anything.

use super::{BlobError, BlobErrorKind, BlobLocation};
use crate::error::Result;
use std::time::Duration;

/// The longest a presigned URL may live (SigV4's limit): 7 days.
pub const MAX_PRESIGNED_EXPIRY: Duration = Duration::from_secs(7 * 24 * 3600);

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

/// SigV4's limits on a presigned URL's lifetime: 1 second to
/// [`MAX_PRESIGNED_EXPIRY`] (7 days). Anything else is a
/// [`BlobErrorKind::Invalid`] error naming the location.
///
/// ```
/// use dynorm::blob::{check_presigned_expiry, BlobLocation};
/// use std::time::Duration;
/// let at = BlobLocation::new("docs", "a.txt");
/// assert!(check_presigned_expiry(&at, Duration::from_secs(3600)).is_ok());
/// assert!(check_presigned_expiry(&at, Duration::ZERO).is_err());
/// assert!(check_presigned_expiry(&at, Duration::from_secs(8 * 24 * 3600)).is_err());
/// ```
pub fn check_presigned_expiry(location: &BlobLocation, expires_in: Duration) -> Result<()> {
    if expires_in < Duration::from_secs(1) || expires_in > MAX_PRESIGNED_EXPIRY {
        return Err(BlobError::new(
            BlobErrorKind::Invalid,
            format!(
                "presigned URLs expire in 1 second to 7 days, not {:?}",
                expires_in
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

    #[test]
    fn presigned_expiry_limits() {
        let at = BlobLocation::new("b", "k");
        for ok in [1, 3600, 7 * 24 * 3600] {
            assert!(
                check_presigned_expiry(&at, Duration::from_secs(ok)).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            Duration::ZERO,
            Duration::from_millis(999),
            MAX_PRESIGNED_EXPIRY + Duration::from_secs(1),
        ] {
            let kind = check_presigned_expiry(&at, bad)
                .err()
                .and_then(|e| e.blob_error().map(|b| b.kind));
            assert_eq!(kind, Some(BlobErrorKind::Invalid), "{bad:?}");
        }
    }
}
