//! [`DynamoDbBackend`]: the handle and its constructors.

use crate::builder::DynamoDbBackendBuilder;
use aws_sdk_dynamodb::config::BehaviorVersion;
use aws_sdk_dynamodb::Client;
use dynorm_aws::standard_retries;

/// A [`dynorm::Backend`] that talks to Amazon DynamoDB (or DynamoDB Local)
/// through `aws-sdk-dynamodb`.
///
/// Cheap to clone: clones share the SDK client and its connection pool.
#[derive(Debug, Clone)]
pub struct DynamoDbBackend {
    pub(crate) client: Client,
    /// Made for DynamoDB Local ([`DynamoDbBackend::local`]), whose global
    /// index reads are consistent.
    pub(crate) local: bool,
}

impl DynamoDbBackend {
    /// A backend configured by the default AWS chain: environment variables,
    /// shared config and credentials files (profile), container and instance
    /// roles. Retries use the standard mode with
    /// 3 attempts unless the environment or profile says otherwise.
    pub async fn from_env() -> DynamoDbBackend {
        let config = aws_config::defaults(BehaviorVersion::latest()).load().await;
        DynamoDbBackend::from_sdk_config(&config)
    }

    /// A builder for explicit region, profile, endpoint, credentials, retries
    /// and timeouts.
    pub fn builder() -> DynamoDbBackendBuilder {
        DynamoDbBackendBuilder::default()
    }

    /// A backend using an SDK client as it is, except that a client with no
    /// retry configuration at all gets the standard mode with 3 attempts.
    pub fn from_client(client: Client) -> DynamoDbBackend {
        if client.config().retry_config().is_some() {
            return DynamoDbBackend {
                client,
                local: false,
            };
        }
        let config = client
            .config()
            .to_builder()
            .retry_config(standard_retries())
            .build();
        DynamoDbBackend {
            client: Client::from_conf(config),
            local: false,
        }
    }

    /// A backend from a shared AWS configuration (as loaded by `aws-config`).
    /// A configuration without retry settings gets the standard mode with 3 attempts.
    pub fn from_sdk_config(config: &aws_config::SdkConfig) -> DynamoDbBackend {
        let mut builder = aws_sdk_dynamodb::config::Builder::from(config);
        if config.retry_config().is_none() {
            builder = builder.retry_config(standard_retries());
        }
        DynamoDbBackend {
            client: Client::from_conf(builder.build()),
            local: false,
        }
    }

    /// A backend for DynamoDB Local at `endpoint` (e.g. `http://127.0.0.1:8000`):
    /// region `us-east-1` and fixed dummy credentials, so that every backend
    /// made this way sees the same tables. Its capabilities declare global
    /// index reads consistent, as DynamoDB Local reads them.
    pub fn local(endpoint: impl Into<String>) -> DynamoDbBackend {
        DynamoDbBackend {
            local: true,
            ..DynamoDbBackend::from_sdk_config(&dynorm_aws::local_config(endpoint))
        }
    }

    /// The SDK client, for operations dynorm does not cover.
    pub fn sdk_client(&self) -> &Client {
        &self.client
    }
}
