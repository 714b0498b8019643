//! Mapping of the SDK's errors to [`dynorm::Error`] kinds.
//!
//! | DynamoDB | dynorm |
//! | --- | --- |
//! | `ConditionalCheckFailedException` | [`Error::ConditionFailed`] with the old item |
//! | `TransactionCanceledException` | [`Error::TransactionCanceled`], one reason per action |
//! | `ProvisionedThroughputExceededException`, `RequestLimitExceeded`, `ThrottlingException` | [`Error::Throttled`] |
//! | `TransactionConflictException` | [`Error::TransactionConflict`] |
//! | `TransactionInProgressException` | [`Error::TransactionInProgress`] |
//! | `IdempotentParameterMismatchException` | [`Error::IdempotentParameterMismatch`] |
//! | `ValidationException` | [`Error::Validation`] (DynamoDB's message kept) |
//! | `ResourceNotFoundException` | [`Error::ResourceNotFound`] |
//! | `ResourceInUseException` | [`Error::ResourceInUse`] |
//! | `AccessDeniedException`, `UnrecognizedClientException`, ... | [`Error::AccessDenied`] |
//! | `ItemCollectionSizeLimitExceededException` | [`Error::ItemCollectionSizeLimitExceeded`] |
//! | `LimitExceededException` | [`Error::LimitExceeded`] |
//! | any 5xx | [`Error::Service`], retryable, with the request id |
//! | timeouts, connection and I/O failures | [`Error::Transport`] |

use crate::convert::{attrs_into_item, AttrMap};
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{BuildError, DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::RequestId;
use aws_sdk_dynamodb::Error as SdkServiceError;
use dynorm::{CancellationCode, CancellationReason, Error, ErrorContext};

/// Maps any operation's SDK error to a dynorm error.
pub fn from_sdk<E>(err: SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + RequestId + std::error::Error + Send + Sync + 'static,
    SdkServiceError: From<E>,
{
    match err {
        SdkError::ServiceError(ctx) => {
            let status = ctx.raw().status();
            let request_id = ctx.err().request_id().map(str::to_owned);
            let err = ctx.into_err();
            from_service(SdkServiceError::from(err), status.as_u16(), request_id)
        }
        SdkError::TimeoutError(_) => Error::Transport {
            message: format!("request timed out: {}", DisplayErrorContext(&err)),
        },
        SdkError::DispatchFailure(_) => Error::Transport {
            message: format!(
                "the request could not be sent: {}",
                DisplayErrorContext(&err)
            ),
        },
        SdkError::ResponseError(_) => Error::Transport {
            message: format!(
                "the response could not be read: {}",
                DisplayErrorContext(&err)
            ),
        },
        SdkError::ConstructionFailure(_) => Error::config(format!(
            "the request could not be built: {}",
            DisplayErrorContext(&err)
        )),
        _ => Error::Transport {
            message: format!("{}", DisplayErrorContext(&err)),
        },
    }
}

/// Maps a modeled (or unmodeled) DynamoDB error with its HTTP status and request id.
pub fn from_service(err: SdkServiceError, status: u16, request_id: Option<String>) -> Error {
    let code = err.code().unwrap_or("Unknown").to_owned();
    let message = err.message().unwrap_or_default().to_owned();
    match err {
        SdkServiceError::ConditionalCheckFailedException(e) => Error::ConditionFailed {
            context: ErrorContext::default(),
            old_item: e.item.and_then(old_item).map(Box::new),
        },
        SdkServiceError::TransactionCanceledException(e) => Error::TransactionCanceled {
            reasons: e
                .cancellation_reasons
                .unwrap_or_default()
                .into_iter()
                .map(|r| {
                    let mut reason = CancellationReason::new(CancellationCode::parse(
                        r.code.as_deref().unwrap_or(""),
                    ))
                    .with_item(r.item.and_then(old_item));
                    if let Some(m) = r.message {
                        reason = reason.with_message(m);
                    }
                    reason
                })
                .collect(),
        },
        SdkServiceError::ProvisionedThroughputExceededException(_)
        | SdkServiceError::RequestLimitExceeded(_)
        | SdkServiceError::ThrottlingException(_) => Error::Throttled { message },
        SdkServiceError::TransactionConflictException(_)
        | SdkServiceError::ReplicatedWriteConflictException(_) => {
            Error::TransactionConflict { message }
        }
        SdkServiceError::TransactionInProgressException(_) => {
            Error::TransactionInProgress { message }
        }
        SdkServiceError::IdempotentParameterMismatchException(_) => {
            Error::IdempotentParameterMismatch { message }
        }
        SdkServiceError::ResourceNotFoundException(_)
        | SdkServiceError::TableNotFoundException(_)
        | SdkServiceError::IndexNotFoundException(_) => Error::ResourceNotFound { message },
        SdkServiceError::ResourceInUseException(_)
        | SdkServiceError::TableInUseException(_)
        | SdkServiceError::TableAlreadyExistsException(_) => Error::ResourceInUse { message },
        SdkServiceError::ItemCollectionSizeLimitExceededException(_) => {
            Error::ItemCollectionSizeLimitExceeded { message }
        }
        SdkServiceError::LimitExceededException(_) => Error::LimitExceeded { message },
        SdkServiceError::InternalServerError(_) => Error::Service {
            code,
            message,
            request_id,
            retryable: true,
        },
        _ => from_code(code, message, status, request_id),
    }
}

/// Maps an error by its code string (for errors the SDK does not model).
pub fn from_code(code: String, message: String, status: u16, request_id: Option<String>) -> Error {
    // Codes may come as `com.amazonaws.dynamodb.v20120810#ValidationException`.
    let short = code.rsplit('#').next().unwrap_or(&code);
    match short {
        "ValidationException" => Error::validation(message),
        "ConditionalCheckFailedException" => Error::ConditionFailed {
            context: ErrorContext::default(),
            old_item: None,
        },
        "ThrottlingException"
        | "Throttling"
        | "ProvisionedThroughputExceededException"
        | "RequestLimitExceeded"
        | "TooManyRequestsException" => Error::Throttled { message },
        "ResourceNotFoundException" => Error::ResourceNotFound { message },
        "ResourceInUseException" => Error::ResourceInUse { message },
        "TransactionConflictException" => Error::TransactionConflict { message },
        "TransactionInProgressException" => Error::TransactionInProgress { message },
        "IdempotentParameterMismatchException" => Error::IdempotentParameterMismatch { message },
        "ItemCollectionSizeLimitExceededException" => {
            Error::ItemCollectionSizeLimitExceeded { message }
        }
        "LimitExceededException" => Error::LimitExceeded { message },
        "AccessDeniedException"
        | "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "MissingAuthenticationTokenException"
        | "MissingAuthenticationToken"
        | "ExpiredTokenException"
        | "IncompleteSignatureException"
        | "InvalidClientTokenId" => Error::AccessDenied { message },
        _ => Error::Service {
            retryable: status >= 500
                || matches!(short, "InternalServerError" | "ServiceUnavailable"),
            code,
            message,
            request_id,
        },
    }
}

/// Maps an error from building a request (a required field missing).
pub(crate) fn from_build(err: BuildError) -> Error {
    Error::validation(format!("invalid request: {err}"))
}

fn old_item(attrs: AttrMap) -> Option<dynorm::Item> {
    // An item that cannot be read back is dropped rather than hiding the error kind.
    attrs_into_item(attrs).ok()
}

/// Attaches the table (and key) to an error of an item operation.
pub(crate) fn in_item<'a>(
    table: &'a str,
    key: Option<&'a dynorm::Item>,
) -> impl FnOnce(Error) -> Error + 'a {
    move |e| e.with_context(table, key)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::types::error::{
        ConditionalCheckFailedException, ProvisionedThroughputExceededException,
        TransactionCanceledException,
    };
    use aws_sdk_dynamodb::types::{AttributeValue, CancellationReason as SdkReason};

    #[test]
    fn condition_failed_keeps_the_old_item() {
        let e = ConditionalCheckFailedException::builder()
            .message("The conditional request failed")
            .item("pk", AttributeValue::S("A".into()))
            .item("n", AttributeValue::N("3".into()))
            .build();
        let err = from_service(
            SdkServiceError::ConditionalCheckFailedException(e),
            400,
            None,
        );
        assert!(err.is_condition_failed());
        let old = err.old_item().unwrap();
        assert_eq!(old.get("pk"), Some(&dynorm::Value::from("A")));
        assert_eq!(old.get("n"), Some(&dynorm::Value::from(3)));
    }

    #[test]
    fn transaction_canceled_has_one_reason_per_action() {
        let e = TransactionCanceledException::builder()
            .message("Transaction cancelled")
            .cancellation_reasons(SdkReason::builder().code("None").build())
            .cancellation_reasons(
                SdkReason::builder()
                    .code("ConditionalCheckFailed")
                    .message("The conditional request failed")
                    .item("pk", AttributeValue::S("B".into()))
                    .build(),
            )
            .cancellation_reasons(SdkReason::builder().code("SomethingNew").build())
            .build();
        let err = from_service(SdkServiceError::TransactionCanceledException(e), 400, None);
        let reasons = err.cancellation_reasons().unwrap();
        assert_eq!(reasons.len(), 3);
        assert_eq!(reasons[0].code, CancellationCode::None);
        assert_eq!(reasons[1].code, CancellationCode::ConditionalCheckFailed);
        assert_eq!(
            reasons[1].message.as_deref(),
            Some("The conditional request failed")
        );
        assert_eq!(
            reasons[1].item.as_ref().unwrap().get("pk"),
            Some(&dynorm::Value::from("B"))
        );
        assert_eq!(
            reasons[2].code,
            CancellationCode::Other("SomethingNew".into())
        );
    }

    #[test]
    fn throttling_kinds() {
        let e = ProvisionedThroughputExceededException::builder()
            .message("slow down")
            .build();
        let err = from_service(
            SdkServiceError::ProvisionedThroughputExceededException(e),
            400,
            None,
        );
        assert!(err.is_throttled() && err.is_retryable());
        assert!(from_code("ThrottlingException".into(), "x".into(), 400, None).is_throttled());
    }

    #[test]
    fn codes_map_to_kinds() {
        let v = from_code(
            "com.amazonaws.dynamodb.v20120810#ValidationException".into(),
            "Item size has exceeded the maximum allowed size".into(),
            400,
            None,
        );
        assert!(v.is_validation());
        assert!(v.message().contains("Item size has exceeded"));
        assert!(matches!(
            from_code(
                "UnrecognizedClientException".into(),
                "bad key".into(),
                400,
                None
            ),
            Error::AccessDenied { .. }
        ));
        assert!(matches!(
            from_code("AccessDeniedException".into(), "no".into(), 400, None),
            Error::AccessDenied { .. }
        ));
        let s = from_code(
            "ServiceUnavailable".into(),
            "down".into(),
            503,
            Some("RID".into()),
        );
        match &s {
            Error::Service {
                retryable,
                request_id,
                ..
            } => {
                assert!(*retryable);
                assert_eq!(request_id.as_deref(), Some("RID"));
            }
            other => panic!("{other:?}"),
        }
        let s = from_code("WeirdClientError".into(), "?".into(), 400, None);
        assert!(!s.is_retryable());
    }
}
