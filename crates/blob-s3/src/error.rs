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
//!
//! The message is one line: S3's code and message for an answer; for a
//! request without one, where it went and why
//! (`cannot reach http://127.0.0.1:5000: connection refused`, worded by
//! [`dynorm_aws::unanswered_message`]). Every error keeps S3's request id
//! ([`BlobError::request_id`]) and the SDK's error as its
//! [`source`](std::error::Error::source).

use crate::store::RegionClient;
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::RequestId;
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

/// A failed SDK call as a [`BlobError`] (not yet located); `endpoint` names
/// where the request went ([`dynorm_aws::endpoint_label`]). The error keeps
/// the request id S3 gave and the SDK's error as its source: for an answer,
/// the `aws_sdk_s3::Error`; for a request without one, the `SdkError`, whose
/// chain reaches the I/O error.
pub fn from_sdk<E>(err: SdkError<E, HttpResponse>, endpoint: &str) -> BlobError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    aws_sdk_s3::Error: From<E>,
{
    let request_id = err.request_id().map(str::to_owned);
    let error = match err {
        SdkError::ServiceError(ctx) => {
            let status = ctx.raw().status().as_u16();
            let err = ctx.into_err();
            let code = err.code();
            let message = err.message().map_or_else(
                || match code {
                    Some(code) => format!("{code} (HTTP {status})"),
                    None => format!("HTTP {status}"),
                },
                |m| match code {
                    Some(code) => format!("{code}: {m}"),
                    None => m.to_owned(),
                },
            );
            BlobError::new(kind_of(code, status), message).with_source(aws_sdk_s3::Error::from(err))
        }
        other => {
            let kind = match other {
                SdkError::ConstructionFailure(_) => BlobErrorKind::Invalid,
                SdkError::TimeoutError(_)
                | SdkError::DispatchFailure(_)
                | SdkError::ResponseError(_) => BlobErrorKind::Network,
                _ => BlobErrorKind::Other,
            };
            let message = dynorm_aws::unanswered_message(&other, endpoint)
                .unwrap_or_else(|| other.to_string());
            BlobError::new(kind, message).with_source(other)
        }
    };
    match request_id {
        Some(id) => error.with_request_id(id),
        None => error,
    }
}

/// The HTTP status of a service error answer (0 when there is none).
pub fn service_status<E>(err: &SdkError<E, HttpResponse>) -> u16 {
    match err {
        SdkError::ServiceError(ctx) => ctx.raw().status().as_u16(),
        _ => 0,
    }
}

/// A failed SDK call of `client` about one object, as a [`dynorm::Error`].
pub(crate) fn at<E>(
    err: SdkError<E, HttpResponse>,
    client: &RegionClient,
    location: &BlobLocation,
) -> dynorm::Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    aws_sdk_s3::Error: From<E>,
{
    from_sdk(err, &client.endpoint()).at(location).into()
}

/// A failed SDK call of `client` about a bucket, as a [`dynorm::Error`].
pub(crate) fn in_bucket<E>(
    err: SdkError<E, HttpResponse>,
    client: &RegionClient,
    bucket: &str,
) -> dynorm::Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    aws_sdk_s3::Error: From<E>,
{
    from_sdk(err, &client.endpoint()).in_bucket(bucket).into()
}

/// A local file that could not be read or written.
pub(crate) fn io(
    location: &BlobLocation,
    path: &Path,
    err: impl std::error::Error + Send + Sync + 'static,
) -> dynorm::Error {
    BlobError::io(path, err).at(location).into()
}

/// The body of an object that could not be read to its end.
pub(crate) fn cut_off(
    location: &BlobLocation,
    err: impl std::error::Error + Send + Sync + 'static,
) -> dynorm::Error {
    BlobError::new(
        BlobErrorKind::Network,
        format!("the object's content was cut off: {err}"),
    )
    .with_source(err)
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
