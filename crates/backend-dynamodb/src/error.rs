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
//! | `ExpiredIteratorException` (DynamoDB Streams) | [`Error::ExpiredIterator`] |
//! | `TrimmedDataAccessException` (DynamoDB Streams) | [`Error::TrimmedDataAccess`] |
//! | any 5xx | [`Error::Service`], retryable |
//! | timeouts, connection and I/O failures, an answer cut off | [`Error::Transport`], one line naming the endpoint and the reason |
//! | a request the SDK could not build | [`Error::Config`] |
//!
//! Every mapped error keeps what the SDK had: the request id the service gave
//! ([`Error::request_id`]) and the SDK's own error as the
//! [`source`](std::error::Error::source) (for a service answer the
//! `aws_sdk_dynamodb::Error`, to downcast to; for a request without an answer
//! the `SdkError`, whose chain reaches the I/O error).

use crate::backend::Sdk;
use crate::convert::{attrs_into_item, AttrMap};
use aws_sdk_dynamodb::config::http::HttpResponse;
use aws_sdk_dynamodb::error::{BuildError, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::RequestId;
use aws_sdk_dynamodb::Error as SdkServiceError;
use dynorm::{CancellationCode, CancellationReason, Error, ErrorContext};

/// A kind with only a message, the service's, and no cause attached yet.
macro_rules! answer {
    ($kind:ident, $message:expr) => {
        Error::$kind {
            message: $message,
            request_id: None,
            source: None,
        }
    };
}

/// Maps an error of the DynamoDB Streams client: service answers by their
/// code (as [`from_code`] names them), the rest as [`from_sdk`] does.
pub(crate) fn streams_error<E>(client: &Sdk) -> impl FnOnce(SdkError<E, HttpResponse>) -> Error + '_
where
    E: ProvideErrorMetadata + RequestId + std::error::Error + Send + Sync + 'static,
{
    move |err| match err {
        SdkError::ServiceError(ctx) => {
            let status = ctx.raw().status().as_u16();
            let err = ctx.into_err();
            let code = err.code().unwrap_or("Unknown").to_owned();
            let message = err.message().unwrap_or_default().to_owned();
            let request_id = err.request_id().map(str::to_owned);
            from_code(code, message, status, request_id).with_source(err)
        }
        other => unanswered(other, &client.endpoint),
    }
}

/// [`from_sdk`] for the requests `client` sends.
pub(crate) fn sdk_error<E>(client: &Sdk) -> impl FnOnce(SdkError<E, HttpResponse>) -> Error + '_
where
    E: ProvideErrorMetadata + RequestId + std::error::Error + Send + Sync + 'static,
    SdkServiceError: From<E>,
{
    move |err| from_sdk(err, &client.endpoint)
}

/// Maps any operation's SDK error to a dynorm error; `endpoint` names where
/// the request went ([`dynorm_aws::endpoint_label`]).
///
/// A service answer becomes its kind ([`from_service`]). A request that got
/// no answer becomes [`Error::Transport`] (one that could not be built,
/// [`Error::Config`]) with a one-line message naming the endpoint and the
/// reason (`cannot reach http://127.0.0.1:8000: connection refused`) and the
/// SDK's error as the source, whose chain goes down to the I/O error.
pub fn from_sdk<E>(err: SdkError<E, HttpResponse>, endpoint: &str) -> Error
where
    E: ProvideErrorMetadata + RequestId + std::error::Error + Send + Sync + 'static,
    SdkServiceError: From<E>,
{
    if let SdkError::ServiceError(ctx) = err {
        let status = ctx.raw().status().as_u16();
        let request_id = ctx.err().request_id().map(str::to_owned);
        return from_service(SdkServiceError::from(ctx.into_err()), status, request_id);
    }
    unanswered(err, endpoint)
}

/// The error of a request that got no service answer (a transport failure,
/// or a request the SDK could not build).
fn unanswered<E>(err: SdkError<E, HttpResponse>, endpoint: &str) -> Error
where
    E: ProvideErrorMetadata + RequestId + std::error::Error + Send + Sync + 'static,
{
    let message = dynorm_aws::unanswered_message(&err, endpoint).unwrap_or_else(|| err.to_string());
    let request_id = err.request_id().map(Box::from);
    let unbuilt = matches!(err, SdkError::ConstructionFailure(_));
    let error = if unbuilt {
        Error::config(message)
    } else {
        Error::Transport {
            message,
            request_id,
            source: None,
        }
    };
    error.with_source(err)
}

/// Maps a modeled (or unmodeled) DynamoDB error with its HTTP status and
/// request id. The error keeps the request id and the SDK's error as its
/// source (the old items of a failed condition or a cancelled transaction
/// move from it into the dynorm error).
pub fn from_service(mut err: SdkServiceError, status: u16, request_id: Option<String>) -> Error {
    let code = err.code().unwrap_or("Unknown").to_owned();
    let message = err.message().unwrap_or_default().to_owned();
    let kind = match &mut err {
        SdkServiceError::ConditionalCheckFailedException(e) => Error::ConditionFailed {
            context: ErrorContext::default(),
            old_item: e.item.take().and_then(old_item).map(Box::new),
            request_id: None,
            source: None,
        },
        SdkServiceError::TransactionCanceledException(e) => Error::TransactionCanceled {
            reasons: e
                .cancellation_reasons
                .iter_mut()
                .flatten()
                .map(|r| {
                    let mut reason = CancellationReason::new(CancellationCode::parse(
                        r.code.as_deref().unwrap_or(""),
                    ))
                    .with_item(r.item.take().and_then(old_item));
                    if let Some(m) = &r.message {
                        reason = reason.with_message(m.clone());
                    }
                    reason
                })
                .collect(),
            request_id: None,
            source: None,
        },
        SdkServiceError::ProvisionedThroughputExceededException(_)
        | SdkServiceError::RequestLimitExceeded(_)
        | SdkServiceError::ThrottlingException(_) => answer!(Throttled, message),
        SdkServiceError::TransactionConflictException(_)
        | SdkServiceError::ReplicatedWriteConflictException(_) => {
            answer!(TransactionConflict, message)
        }
        SdkServiceError::TransactionInProgressException(_) => {
            answer!(TransactionInProgress, message)
        }
        SdkServiceError::IdempotentParameterMismatchException(_) => {
            answer!(IdempotentParameterMismatch, message)
        }
        SdkServiceError::ResourceNotFoundException(_)
        | SdkServiceError::TableNotFoundException(_)
        | SdkServiceError::IndexNotFoundException(_) => answer!(ResourceNotFound, message),
        SdkServiceError::ResourceInUseException(_)
        | SdkServiceError::TableInUseException(_)
        | SdkServiceError::TableAlreadyExistsException(_) => answer!(ResourceInUse, message),
        SdkServiceError::ItemCollectionSizeLimitExceededException(_) => {
            answer!(ItemCollectionSizeLimitExceeded, message)
        }
        SdkServiceError::LimitExceededException(_) => answer!(LimitExceeded, message),
        SdkServiceError::DuplicateItemException(_) => answer!(DuplicateItem, message),
        SdkServiceError::InternalServerError(_) => Error::Service {
            code,
            message,
            request_id: None,
            retryable: true,
            source: None,
        },
        _ => from_code(code, message, status, None),
    };
    let kind = match request_id {
        Some(id) => kind.with_request_id(id),
        None => kind,
    };
    kind.with_source(err)
}

/// Maps an error by its code string (for errors the SDK does not model).
pub fn from_code(code: String, message: String, status: u16, request_id: Option<String>) -> Error {
    // Codes may come as `com.amazonaws.dynamodb.v20120810#ValidationException`.
    let short = code.rsplit('#').next().unwrap_or(&code);
    let kind = match short {
        "ValidationException" => Error::validation(message),
        "ConditionalCheckFailedException" => Error::ConditionFailed {
            context: ErrorContext::default(),
            old_item: None,
            request_id: None,
            source: None,
        },
        "ThrottlingException"
        | "Throttling"
        | "ProvisionedThroughputExceededException"
        | "RequestLimitExceeded"
        | "TooManyRequestsException" => answer!(Throttled, message),
        "ResourceNotFoundException" => answer!(ResourceNotFound, message),
        "ResourceInUseException" => answer!(ResourceInUse, message),
        "TransactionConflictException" => answer!(TransactionConflict, message),
        "TransactionInProgressException" => answer!(TransactionInProgress, message),
        "IdempotentParameterMismatchException" => answer!(IdempotentParameterMismatch, message),
        "ItemCollectionSizeLimitExceededException" => {
            answer!(ItemCollectionSizeLimitExceeded, message)
        }
        "LimitExceededException" => answer!(LimitExceeded, message),
        // DynamoDB Local answers `DuplicateItem`, DynamoDB `DuplicateItemException`.
        "DuplicateItemException" | "DuplicateItem" => answer!(DuplicateItem, message),
        "ExpiredIteratorException" => answer!(ExpiredIterator, message),
        "TrimmedDataAccessException" => answer!(TrimmedDataAccess, message),
        "AccessDeniedException"
        | "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "MissingAuthenticationTokenException"
        | "MissingAuthenticationToken"
        | "ExpiredTokenException"
        | "IncompleteSignatureException"
        | "InvalidClientTokenId" => answer!(AccessDenied, message),
        _ => Error::Service {
            retryable: status >= 500
                || matches!(short, "InternalServerError" | "ServiceUnavailable"),
            code,
            message,
            request_id: None,
            source: None,
        },
    };
    match request_id {
        Some(id) => kind.with_request_id(id),
        None => kind,
    }
}

/// Maps an error from building a request (a required field missing).
pub(crate) fn from_build(err: BuildError) -> Error {
    Error::validation(format!("invalid request: {err}")).with_source(err)
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
