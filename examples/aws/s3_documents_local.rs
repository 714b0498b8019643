//! The `s3_documents` example's cycle on DynamoDB and S3 endpoints, such as
//! DynamoDB Local and moto_server as `scripts/test.sh` starts them:
//!
//! ```text
//! eval "$(scripts/dynamodb-local.sh start)"; eval "$(scripts/moto-server.sh start)"
//! cargo run --example s3_documents_local
//! scripts/moto-server.sh stop; scripts/dynamodb-local.sh stop
//! ```

use dynorm::Client;
use std::sync::Arc;

/// The in-process example, whose `run` takes any client.
#[allow(dead_code)] // its own `main` is not used here
#[path = "../s3_documents.rs"]
mod documents;

#[tokio::main]
async fn main() -> dynorm::Result<()> {
    let (Ok(dynamodb), Ok(s3)) = (
        std::env::var("DYNORM_DYNAMODB_ENDPOINT"),
        std::env::var("DYNORM_S3_ENDPOINT"),
    ) else {
        return Err(dynorm::Error::config(
            "set DYNORM_DYNAMODB_ENDPOINT and DYNORM_S3_ENDPOINT (scripts/dynamodb-local.sh and scripts/moto-server.sh print them)",
        ));
    };
    let client = Client::new(dynorm_dynamodb::DynamoDbBackend::local(&dynamodb))
        .with_blob_store(Arc::new(dynorm_s3::S3BlobStore::local(s3)));
    documents::run(client).await
}
