//! How tests get a client for each backend, and an object store and a key
//! service for each kind of store.
//!
//! The DynamoDB backend is reached through `DYNORM_DYNAMODB_ENDPOINT`, S3
//! (moto_server) through `DYNORM_S3_ENDPOINT` and KMS (the same
//! moto_server) through `DYNORM_KMS_ENDPOINT`; the test command
//! (`scripts/test.sh`) starts both servers and sets all three. When one is
//! not set, the tests that need it fail under `CI=true` and are skipped
//! with a loud message otherwise.

use crate::scenarios::encrypted::{KEY_A, KEY_B};
use dynorm::blob::BlobStore;
use dynorm::encryption::KeyService;
use dynorm::Client;
use std::io::Write as _;
use std::sync::{Arc, Once};

static DYNAMODB_SKIP: Once = Once::new();
static S3_SKIP: Once = Once::new();
static KMS_SKIP: Once = Once::new();

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

/// The KMS endpoint (moto_server) for tests, or `None` (after failing under
/// CI, or printing a skip message outside it).
pub fn kms_endpoint() -> Option<String> {
    match std::env::var("DYNORM_KMS_ENDPOINT") {
        Ok(e) if !e.is_empty() => Some(e),
        _ => {
            assert!(
                !in_ci(),
                "DYNORM_KMS_ENDPOINT is not set under CI=true: moto_server must run (use scripts/test.sh)"
            );
            skip_notice(
                &KMS_SKIP,
                "moto_server's KMS is not running (DYNORM_KMS_ENDPOINT unset): the encrypted \
                 attribute tests on KMS are skipped. Run scripts/test.sh to start it.",
            );
            None
        }
    }
}

/// A key service on moto_server's KMS at `DYNORM_KMS_ENDPOINT` holding
/// [`KEY_A`] and [`KEY_B`] (created on first use), or `None` (see
/// [`kms_endpoint`]).
pub async fn kms_key_service() -> Option<Arc<dyn KeyService>> {
    let endpoint = kms_endpoint()?;
    let keys = dynorm_kms::KmsKeyService::local(endpoint);
    for alias in [KEY_A, KEY_B] {
        if let Err(e) = keys.ensure_key(alias).await {
            panic!("cannot make the KMS key {alias} on moto_server: {e}");
        }
    }
    Some(Arc::new(keys))
}

/// A client on a fresh memory backend with moto_server's KMS
/// ([`kms_key_service`]), or `None` when KMS is not running.
pub async fn memory_with_kms() -> Option<Client> {
    let keys = kms_key_service().await?;
    Some(
        dynorm_memory::MemoryBackend::new()
            .client()
            .with_key_service(keys),
    )
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
/// `DYNORM_S3_ENDPOINT` and a key service on its KMS at
/// `DYNORM_KMS_ENDPOINT`. Without those endpoints the client has no object
/// store or key service outside CI (S3-backed and encrypted attribute
/// scenarios then skip loudly) and the test fails under CI (see
/// [`s3_endpoint`], [`kms_endpoint`]).
pub async fn dynamodb() -> Option<Client> {
    let endpoint = dynamodb_endpoint()?;
    let local = Arc::new(dynorm_dynamodb::DynamoDbBackend::local(&endpoint));
    let mut client = Client::from_backend(Arc::new(
        crate::serial_table_changes::SerialTableChanges::new(local),
    ));
    if let Some(s3) = s3_endpoint() {
        client = client.with_blob_store(Arc::new(dynorm_s3::S3BlobStore::local(s3)));
    }
    if let Some(keys) = kms_key_service().await {
        client = client.with_key_service(keys);
    }
    Some(client)
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
