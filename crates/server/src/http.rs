//! The HTTP side of the protocol: the operation from `X-Amz-Target`, the
//! JSON body, and the answer's headers (`x-amz-crc32`, the request id).

use crate::error::ApiError;
use crate::ops;
use dynorm::Backend;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::Value as Json;

/// The content type of every request and answer.
const CONTENT_TYPE: &str = "application/x-amz-json-1.0";
/// The prefix of `X-Amz-Target` for DynamoDB's operations.
const TARGET_PREFIX: &str = "DynamoDB_20120810.";
/// The prefix of `X-Amz-Target` for DynamoDB Streams' operations.
const STREAMS_TARGET_PREFIX: &str = "DynamoDBStreams_20120810.";

/// Answers one HTTP request.
pub(crate) async fn answer(backend: &dyn Backend, req: Request<Incoming>) -> Response<Full<Bytes>> {
    if req.method() != Method::POST {
        // What DynamoDB answers to a health check.
        return respond(
            StatusCode::OK,
            "text/plain",
            Bytes::from_static(b"healthy: dynorm-server"),
        );
    }
    let operation = req
        .headers()
        .get("x-amz-target")
        .and_then(|t| t.to_str().ok())
        .and_then(|t| {
            let api = |prefix, api| t.strip_prefix(prefix).map(|op| (api, op.to_owned()));
            api(TARGET_PREFIX, ops::Api::DynamoDb)
                .or_else(|| api(STREAMS_TARGET_PREFIX, ops::Api::Streams))
        });
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return error(&ApiError::serialization(e.to_string())),
    };
    let Some((api, operation)) = operation else {
        return error(&ApiError::unknown_operation());
    };
    match handle(backend, api, &operation, &body).await {
        Ok(text) => respond(StatusCode::OK, CONTENT_TYPE, Bytes::from(text)),
        Err(e) => error(&e),
    }
}

async fn handle(
    backend: &dyn Backend,
    api: ops::Api,
    operation: &str,
    body: &[u8],
) -> Result<String, ApiError> {
    if !api.operations().contains(&operation) {
        return Err(ApiError::unknown_operation());
    }
    let json: Json =
        serde_json::from_slice(body).map_err(|e| ApiError::serialization(e.to_string()))?;
    ops::answer(backend, api, operation, &json).await
}

fn error(e: &ApiError) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    respond(status, CONTENT_TYPE, Bytes::from(e.body().to_string()))
}

fn respond(status: StatusCode, content_type: &'static str, body: Bytes) -> Response<Full<Bytes>> {
    let crc = crc32fast::hash(&body);
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(content_type),
    );
    headers.insert("x-amz-crc32", hyper::header::HeaderValue::from(crc));
    if let Ok(id) = hyper::header::HeaderValue::from_str(
        &uuid::Uuid::new_v4().simple().to_string().to_uppercase(),
    ) {
        headers.insert("x-amzn-requestid", id);
    }
    response
}
