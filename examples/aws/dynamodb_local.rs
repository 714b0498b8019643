//! The quickstart's model on a real DynamoDB endpoint.
//!
//! ```text
//! eval "$(scripts/dynamodb-local.sh start)"      # or any endpoint
//! DYNORM_DYNAMODB_ENDPOINT=http://127.0.0.1:8000 cargo run --example dynamodb_local
//! scripts/dynamodb-local.sh stop
//! ```
//! Without `DYNORM_DYNAMODB_ENDPOINT` it uses the AWS default credential chain
//! and region (environment, profile, IAM role): real DynamoDB.

use dynorm::{Client, Model};
use dynorm_dynamodb::DynamoDbBackend;
use serde::{Deserialize, Serialize};

/// A user stored under `pk = "USER#<id>"`, `sk = "PROFILE"`.
#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(
    table = "dynorm_example",
    pk = "USER#{id}",
    sk = "PROFILE",
    entity = "User"
)]
struct User {
    id: String,
    name: String,
}

#[tokio::main]
async fn main() -> dynorm::Result<()> {
    let backend = match std::env::var("DYNORM_DYNAMODB_ENDPOINT") {
        Ok(endpoint) => DynamoDbBackend::local(&endpoint),
        Err(_) => DynamoDbBackend::from_env().await,
    };
    let client = Client::new(backend);
    client.ensure_table::<User>().await?;
    let user = User {
        id: "1".into(),
        name: "Ann".into(),
    };
    client.put(&user).await?;
    println!(
        "get -> {:?}",
        client.get(User::key("1")).consistent_read().await?
    );
    client.delete(User::key("1")).await?;
    Ok(())
}
