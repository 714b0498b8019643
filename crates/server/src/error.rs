//! Errors as DynamoDB sends them: an HTTP status and a JSON body with
//! `__type` and `message` (plus `Item` or `CancellationReasons` where
//! DynamoDB adds them).

use dynorm::value::{item_to_dynamodb_json, DynamoDbJsonError};
use dynorm::Error;
use serde_json::{json, Map, Value as Json};

/// The `__type` prefix of DynamoDB's own exceptions.
const DYNAMODB: &str = "com.amazonaws.dynamodb.v20120810#";
/// The `__type` prefix of the protocol layer's exceptions.
const CORAL: &str = "com.amazon.coral.service#";

/// One error answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    /// The full `__type`.
    pub(crate) kind: String,
    pub(crate) message: String,
    /// Members DynamoDB adds beside `__type` and `message`.
    pub(crate) extra: Map<String, Json>,
}

impl ApiError {
    fn new(status: u16, prefix: &str, name: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind: format!("{prefix}{name}"),
            message: message.into(),
            extra: Map::new(),
        }
    }

    /// A `ValidationException`.
    pub(crate) fn validation(message: impl Into<String>) -> ApiError {
        ApiError::new(400, DYNAMODB, "ValidationException", message)
    }

    /// A `SerializationException`: the body is not the JSON expected.
    pub(crate) fn serialization(message: impl Into<String>) -> ApiError {
        ApiError::new(400, CORAL, "SerializationException", message)
    }

    /// An `UnknownOperationException`.
    pub(crate) fn unknown_operation() -> ApiError {
        ApiError::new(400, CORAL, "UnknownOperationException", "")
    }

    /// An `InternalServerError`.
    pub(crate) fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(500, DYNAMODB, "InternalServerError", message)
    }

    /// The response body.
    pub(crate) fn body(&self) -> Json {
        let mut body = Map::with_capacity(2 + self.extra.len());
        body.insert("__type".into(), Json::String(self.kind.clone()));
        body.insert("message".into(), Json::String(self.message.clone()));
        body.extend(self.extra.clone());
        Json::Object(body)
    }
}

impl From<DynamoDbJsonError> for ApiError {
    fn from(e: DynamoDbJsonError) -> ApiError {
        match e {
            DynamoDbJsonError::Serialization(m) => ApiError::serialization(m),
            other => ApiError::validation(other.message()),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let plain = |name: &str, message: String| ApiError::new(400, DYNAMODB, name, message);
        match e {
            Error::Validation { message, .. } => ApiError::validation(message),
            Error::ConditionFailed { old_item, .. } => {
                let mut err = plain(
                    "ConditionalCheckFailedException",
                    "The conditional request failed".into(),
                );
                if let Some(item) = old_item {
                    err.extra
                        .insert("Item".into(), item_to_dynamodb_json(&item));
                }
                err
            }
            Error::TransactionCanceled { reasons, .. } => {
                let codes: Vec<&str> = reasons.iter().map(|r| r.code.as_str()).collect();
                let mut err = plain(
                    "TransactionCanceledException",
                    format!(
                        "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]",
                        codes.join(", ")
                    ),
                );
                let reasons: Vec<Json> = reasons
                    .iter()
                    .map(|r| {
                        let mut reason = Map::new();
                        reason.insert("Code".into(), json!(r.code.as_str()));
                        if let Some(m) = &r.message {
                            reason.insert("Message".into(), json!(m));
                        }
                        if let Some(item) = &r.item {
                            reason.insert("Item".into(), item_to_dynamodb_json(item));
                        }
                        Json::Object(reason)
                    })
                    .collect();
                err.extra
                    .insert("CancellationReasons".into(), Json::Array(reasons));
                err
            }
            Error::TransactionConflict { message, .. } => {
                plain("TransactionConflictException", message)
            }
            Error::TransactionInProgress { message, .. } => {
                plain("TransactionInProgressException", message)
            }
            Error::IdempotentParameterMismatch { message, .. } => {
                plain("IdempotentParameterMismatchException", message)
            }
            Error::ResourceNotFound { message, .. } => plain("ResourceNotFoundException", message),
            Error::DuplicateItem { message, .. } => plain("DuplicateItemException", message),
            Error::ResourceInUse { message, .. } => plain("ResourceInUseException", message),
            Error::ExpiredIterator { message, .. } => plain("ExpiredIteratorException", message),
            Error::TrimmedDataAccess { message, .. } => {
                plain("TrimmedDataAccessException", message)
            }
            Error::LimitExceeded { message, .. } => plain("LimitExceededException", message),
            Error::Throttled { message, .. } => plain("ThrottlingException", message),
            Error::AccessDenied { message, .. } => plain("AccessDeniedException", message),
            Error::ItemCollectionSizeLimitExceeded { message, .. } => {
                plain("ItemCollectionSizeLimitExceededException", message)
            }
            Error::Service {
                code,
                message,
                retryable,
                ..
            } => ApiError::new(if retryable { 500 } else { 400 }, DYNAMODB, &code, message),
            Error::Unsupported { .. } => ApiError::unknown_operation(),
            other => ApiError::internal(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dynorm::{CancellationCode, CancellationReason, Item};

    #[test]
    fn condition_failure_carries_the_item() {
        let err = ApiError::from(Error::ConditionFailed {
            context: Default::default(),
            old_item: Some(Box::new(Item::new().with("pk", "a"))),
            request_id: None,
            source: None,
        });
        assert_eq!(err.status, 400);
        assert_eq!(
            err.body(),
            json!({
                "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                "message": "The conditional request failed",
                "Item": {"pk": {"S": "a"}}
            })
        );
    }

    #[test]
    fn cancellations_list_every_reason() {
        let err = ApiError::from(Error::TransactionCanceled {
            reasons: vec![
                CancellationReason::new(CancellationCode::None),
                CancellationReason::new(CancellationCode::ConditionalCheckFailed)
                    .with_message("The conditional request failed"),
            ],
            request_id: None,
            source: None,
        });
        let body = err.body();
        assert!(body["message"]
            .as_str()
            .unwrap_or_default()
            .ends_with("[None, ConditionalCheckFailed]"));
        assert_eq!(
            body["CancellationReasons"],
            json!([{"Code": "None"}, {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}])
        );
    }

    #[test]
    fn internal_errors_are_500() {
        let err = ApiError::from(Error::config("broken"));
        assert_eq!(err.status, 500);
        assert!(err.kind.ends_with("#InternalServerError"));
    }
}
