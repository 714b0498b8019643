//! How S3 failures become [`BlobError`]s: the same
//! [`BlobErrorKind`]s every store reports.
//!
//! | S3 answer                                            | kind           |
//! |------------------------------------------------------|----------------|
//! | `NoSuchBucket`                                       | `NoSuchBucket` |
//! | `NoSuchKey`, `NotFound`, any other 404               | `NoSuchKey`    |
//! | `AccessDenied`, any 403                              | `AccessDenied` |
//! | no answer: connect/dispatch failure, timeout, a response cut off, `RequestTimeout` | `Network` |
//! | `InvalidBucketName`, `InvalidArgument`, `KeyTooLongError`, a request the SDK could not build ... | `Invalid` |
//! | anything else                                        | `Other`, with S3's code and message |

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use dynorm::blob::{BlobError, BlobErrorKind, BlobLocation};
use std::path::Path;

/// Error codes S3 answers for a request that can never succeed as sent.
const INVALID_CODES: &[&str] = &[
    "InvalidArgument",
    "InvalidBucketName",
    "InvalidRequest",
    "InvalidPart",
    "InvalidPartOrder",
    "InvalidLocationConstraint",
    "IllegalLocationConstraintException",
    "KeyTooLongError",
    "EntityTooSmall",
    "EntityTooLarge",
    "MalformedXML",
    "MetadataTooLarge",
    "InvalidDigest",
    "BadDigest",
];

/// The kind of an S3 error answer, from its code and HTTP status.
pub fn kind_of(code: Option<&str>, status: u16) -> BlobErrorKind {
    match code {
        Some("NoSuchBucket") => BlobErrorKind::NoSuchBucket,
        Some("NoSuchKey" | "NotFound") => BlobErrorKind::NoSuchKey,
        Some(
            "AccessDenied" | "AllAccessDisabled" | "InvalidAccessKeyId" | "SignatureDoesNotMatch",
        ) => BlobErrorKind::AccessDenied,
        Some("RequestTimeout") => BlobErrorKind::Network,
        Some(c) if INVALID_CODES.contains(&c) => BlobErrorKind::Invalid,
        _ => match status {
            404 => BlobErrorKind::NoSuchKey,
            403 => BlobErrorKind::AccessDenied,
            _ => BlobErrorKind::Other,
        },
    }
}

/// A failed SDK call as a [`BlobError`] (not yet located).
pub fn from_sdk<E>(err: &SdkError<E, HttpResponse>) -> BlobError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match err {
        SdkError::ServiceError(ctx) => {
            let status = service_status(err);
            let code = ctx.err().code();
            let kind = kind_of(code, status);
            let message = ctx.err().message().map_or_else(
                || match code {
                    Some(code) => format!("{code} (HTTP {status})"),
                    None => format!("HTTP {status}"),
                },
                |m| match code {
                    Some(code) => format!("{code}: {m}"),
                    None => m.to_owned(),
                },
            );
            BlobError::new(kind, message)
        }
        SdkError::ConstructionFailure(_) => BlobError::new(
            BlobErrorKind::Invalid,
            format!(
                "the request could not be built: {}",
                DisplayErrorContext(err)
            ),
        ),
        SdkError::TimeoutError(_) => BlobError::new(
            BlobErrorKind::Network,
            format!("timed out: {}", DisplayErrorContext(err)),
        ),
        SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            BlobError::new(BlobErrorKind::Network, DisplayErrorContext(err).to_string())
        }
        _ => BlobError::new(BlobErrorKind::Other, DisplayErrorContext(err).to_string()),
    }
}

/// The HTTP status of a service error answer (0 when there is none).
pub fn service_status<E>(err: &SdkError<E, HttpResponse>) -> u16 {
    match err {
        SdkError::ServiceError(ctx) => ctx.raw().status().as_u16(),
        _ => 0,
    }
}

/// A failed SDK call about one object, as a [`dynorm::Error`].
pub fn at<E>(err: &SdkError<E, HttpResponse>, location: &BlobLocation) -> dynorm::Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    from_sdk(err).at(location).into()
}

/// A failed SDK call about a bucket, as a [`dynorm::Error`].
pub fn in_bucket<E>(err: &SdkError<E, HttpResponse>, bucket: &str) -> dynorm::Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    from_sdk(err).in_bucket(bucket).into()
}

/// A local file that could not be read or written.
pub(crate) fn io(
    location: &BlobLocation,
    path: &Path,
    err: &dyn std::fmt::Display,
) -> dynorm::Error {
    BlobError::new(BlobErrorKind::Io, format!("{}: {err}", path.display()))
        .at(location)
        .into()
}

/// An answer S3 should never give (a required field missing).
pub(crate) fn malformed(location: &BlobLocation, what: &str) -> dynorm::Error {
    BlobError::new(BlobErrorKind::Other, format!("the S3 answer has no {what}"))
        .at(location)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses_map_to_kinds() {
        assert_eq!(
            kind_of(Some("NoSuchBucket"), 404),
            BlobErrorKind::NoSuchBucket
        );
        assert_eq!(kind_of(Some("NoSuchKey"), 404), BlobErrorKind::NoSuchKey);
        assert_eq!(kind_of(Some("NotFound"), 404), BlobErrorKind::NoSuchKey);
        assert_eq!(kind_of(None, 404), BlobErrorKind::NoSuchKey);
        assert_eq!(
            kind_of(Some("AccessDenied"), 403),
            BlobErrorKind::AccessDenied
        );
        assert_eq!(kind_of(None, 403), BlobErrorKind::AccessDenied);
        assert_eq!(kind_of(Some("RequestTimeout"), 400), BlobErrorKind::Network);
        assert_eq!(
            kind_of(Some("InvalidBucketName"), 400),
            BlobErrorKind::Invalid
        );
        assert_eq!(kind_of(Some("SlowDown"), 503), BlobErrorKind::Other);
        assert_eq!(kind_of(None, 500), BlobErrorKind::Other);
    }
}
