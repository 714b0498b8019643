//! How tests get a client for each backend, and an object store for each
//! kind of store.
//!
//! The DynamoDB backend is reached through `DYNORM_DYNAMODB_ENDPOINT`, and
//! S3 (moto_server) through `DYNORM_S3_ENDPOINT`; the test command
//! (`scripts/test.sh`) starts both and sets them. When one is not set, the
//! tests that need it fail under `CI=true` and are skipped with a loud
//! message otherwise.

use crate::scenarios::encrypted::{KEY_A, KEY_B};
use dynorm::blob::BlobStore;
use dynorm::encryption::KeyService;
use dynorm::Client;
use std::io::Write as _;
use std::sync::{Arc, Once};

static DYNAMODB_SKIP: Once = Once::new();
static S3_SKIP: Once = Once::new();

/// Prints a skip notice once per test binary, straight to the process's
/// stderr so that the test harness's output capture does not swallow it.
fn skip_notice(once: &Once, message: &str) {
    once.call_once(|| {
        let _ = writeln!(std::io::stderr(), "\n*** SKIPPED: {message} ***\n");
    });
}

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
            skip_notice(
                &DYNAMODB_SKIP,
                "DynamoDB Local is not running (DYNORM_DYNAMODB_ENDPOINT unset). \
                 Run scripts/test.sh to start it.",
            );
            None
        }
    }
}

/// The S3 endpoint (moto_server) for tests, or `None` (after failing under
/// CI, or printing a skip message outside it).
pub fn s3_endpoint() -> Option<String> {
    match std::env::var("DYNORM_S3_ENDPOINT") {
        Ok(e) if !e.is_empty() => Some(e),
        _ => {
            assert!(
                !in_ci(),
                "DYNORM_S3_ENDPOINT is not set under CI=true: moto_server must run (use scripts/test.sh)"
            );
            skip_notice(
                &S3_SKIP,
                "moto_server is not running (DYNORM_S3_ENDPOINT unset): the S3 object store \
                 tests are skipped. Run scripts/test.sh to start it.",
            );
            None
        }
    }
}

/// Whether a client has an object store for S3-backed attributes.
pub fn has_blob_store(client: &Client) -> bool {
    client.blob_store().is_ok()
}

/// The key service of the memory factories: [`KEY_A`] and [`KEY_B`].
pub fn memory_key_service() -> Arc<dyn KeyService> {
    Arc::new(
        dynorm_memory::MemoryKeyService::new()
            .with_key(KEY_A)
            .with_key(KEY_B),
    )
}

/// A client on a fresh memory backend, with a fresh in-process object store
/// and [`memory_key_service`].
pub async fn memory() -> Option<Client> {
    Some(
        dynorm_memory::MemoryBackend::new()
            .client()
            .with_key_service(memory_key_service()),
    )
}

/// A client on DynamoDB Local at `DYNORM_DYNAMODB_ENDPOINT`, or `None` (see
/// [`dynamodb_endpoint`]), with an S3 object store on moto_server at
/// `DYNORM_S3_ENDPOINT`. Without that endpoint the client has no object
/// store outside CI (S3-backed attribute scenarios then skip loudly) and the
/// test fails under CI (see [`s3_endpoint`]).
pub async fn dynamodb() -> Option<Client> {
    let endpoint = dynamodb_endpoint()?;
    let client = Client::new(dynorm_dynamodb::DynamoDbBackend::local(&endpoint));
    Some(match s3_endpoint() {
        Some(s3) => client.with_blob_store(Arc::new(dynorm_s3::S3BlobStore::local(s3))),
        None => client,
    })
}

/// A fresh in-process object store.
pub async fn memory_blob_store() -> Option<Arc<dyn BlobStore>> {
    Some(Arc::new(dynorm_memory::MemoryBlobStore::new()))
}

/// An S3 object store on moto_server at `DYNORM_S3_ENDPOINT`, or `None` (see
/// [`s3_endpoint`]).
pub async fn s3_blob_store() -> Option<Arc<dyn BlobStore>> {
    let endpoint = s3_endpoint()?;
    Some(Arc::new(dynorm_s3::S3BlobStore::local(endpoint)))
}
