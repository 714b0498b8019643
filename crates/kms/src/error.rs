//! How KMS failures become [`EncryptionError`]s: the same
//! [`EncryptionErrorKind`]s every key service reports.
//!
//! | KMS answer                                                   | kind             |
//! |--------------------------------------------------------------|------------------|
//! | `IncorrectKeyException`                                      | `WrongKey`       |
//! | `InvalidCiphertextException`                                 | `Integrity`      |
//! | `NotFoundException`, `DisabledException`, `KMSInvalidStateException`, `KeyUnavailableException`, `AccessDeniedException`, any 403 | `KeyUnavailable` |
//! | no answer (connect/dispatch failure, timeout, a response cut off), `DependencyTimeoutException` | `Network` |
//! | anything else                                                | `Other`, with KMS's code and message |
//!
//! The message is one line: KMS's code and message for an answer; for a
//! request without one, where it went and why (worded by
//! [`dynorm_aws::unanswered_message`]). Every error keeps KMS's request id
//! and the SDK's error as its [`source`](std::error::Error::source).

use aws_sdk_kms::config::http::HttpResponse;
use aws_sdk_kms::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_kms::operation::RequestId;
use dynorm::encryption::{EncryptionError, EncryptionErrorKind};

/// The kind of a KMS error answer, from its code and HTTP status.
///
/// ```
/// use dynorm::encryption::EncryptionErrorKind;
/// use dynorm_kms::error::kind_of;
/// assert_eq!(kind_of(Some("IncorrectKeyException"), 400), EncryptionErrorKind::WrongKey);
/// assert_eq!(kind_of(Some("InvalidCiphertextException"), 400), EncryptionErrorKind::Integrity);
/// assert_eq!(kind_of(Some("NotFoundException"), 400), EncryptionErrorKind::KeyUnavailable);
/// ```
pub fn kind_of(code: Option<&str>, status: u16) -> EncryptionErrorKind {
    match code {
        Some("IncorrectKeyException") => EncryptionErrorKind::WrongKey,
        Some("InvalidCiphertextException") => EncryptionErrorKind::Integrity,
        Some(
            "NotFoundException"
            | "DisabledException"
            | "KMSInvalidStateException"
            | "KeyUnavailableException"
            | "AccessDeniedException",
        ) => EncryptionErrorKind::KeyUnavailable,
        Some("DependencyTimeoutException") => EncryptionErrorKind::Network,
        _ if status == 403 => EncryptionErrorKind::KeyUnavailable,
        _ => EncryptionErrorKind::Other,
    }
}

/// A failed SDK call as a [`dynorm::Error::Encryption`]; `endpoint` names
/// where the request went ([`dynorm_aws::endpoint_label`]).
pub fn from_sdk<E>(err: SdkError<E, HttpResponse>, endpoint: &str) -> dynorm::Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    aws_sdk_kms::Error: From<E>,
{
    let request_id = err.request_id().map(str::to_owned);
    let error = match err {
        SdkError::ServiceError(ctx) => {
            let status = ctx.raw().status().as_u16();
            let err = ctx.into_err();
            let code = err.code();
            let message = match (code, err.message()) {
                (Some(code), Some(m)) => format!("{code}: {m}"),
                (Some(code), None) => format!("{code} (HTTP {status})"),
                (None, Some(m)) => m.to_owned(),
                (None, None) => format!("HTTP {status}"),
            };
            EncryptionError::new(kind_of(code, status), message)
                .with_source(aws_sdk_kms::Error::from(err))
        }
        other => {
            let kind = match other {
                SdkError::TimeoutError(_)
                | SdkError::DispatchFailure(_)
                | SdkError::ResponseError(_) => EncryptionErrorKind::Network,
                _ => EncryptionErrorKind::Other,
            };
            let message = dynorm_aws::unanswered_message(&other, endpoint)
                .unwrap_or_else(|| other.to_string());
            EncryptionError::new(kind, message).with_source(other)
        }
    };
    match request_id {
        Some(id) => error.with_request_id(id).into(),
        None => error.into(),
    }
}

/// The error code of a service answer, if it is one.
pub(crate) fn code<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> Option<&str> {
    match err {
        SdkError::ServiceError(ctx) => ctx.err().code(),
        _ => None,
    }
}
