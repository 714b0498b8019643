//! How tests get a client for each backend.
//!
//! The DynamoDB backend is reached through `DYNORM_DYNAMODB_ENDPOINT` (the
//! test command starts DynamoDB Local and sets it). When it is not set, the
//! tests fail under `CI=true` and are skipped with a loud message otherwise.

/// Whether this run is under CI (`CI=true`), where skipping a backend is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The DynamoDB endpoint for tests, or `None` (after failing under CI, or
/// printing a skip message outside it).
pub fn dynamodb_endpoint() -> Option<String> {
    match std::env::var("DYNORM_DYNAMODB_ENDPOINT") {
        Ok(e) if !e.is_empty() => Some(e),
        _ => {
            assert!(
                !in_ci(),
                "DYNORM_DYNAMODB_ENDPOINT is not set under CI=true: DynamoDB Local must run (use scripts/test.sh)"
            );
            eprintln!(
                "\n*** SKIPPED: DynamoDB Local is not running (DYNORM_DYNAMODB_ENDPOINT unset). \
                 Run scripts/test.sh to start it. ***\n"
            );
            None
        }
    }
}

/// A client on a fresh memory backend.
pub async fn memory() -> Option<dynorm::Client> {
    Some(dynorm::Client::new(dynorm_memory::MemoryBackend::new()))
}

/// A client on DynamoDB Local at `DYNORM_DYNAMODB_ENDPOINT`, or `None` (see [`dynamodb_endpoint`]).
pub async fn dynamodb() -> Option<dynorm::Client> {
    let endpoint = dynamodb_endpoint()?;
    Some(dynorm::Client::new(
        dynorm_dynamodb::DynamoDbBackend::local(&endpoint),
    ))
}
