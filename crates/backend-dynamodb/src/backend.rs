//! [`DynamoDbBackend`]: the handle and its constructors.

use crate::builder::DynamoDbBackendBuilder;
use crate::key_schemas::KeySchemas;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::BehaviorVersion;
use aws_sdk_dynamodb::Client;
use std::ops::Deref;
use std::sync::Arc;

/// A [`dynorm::Backend`] that talks to Amazon DynamoDB (or DynamoDB Local)
/// through `aws-sdk-dynamodb`.
///
/// Cheap to clone: clones share the SDK client and its connection pool.
///
/// The SDK's own retries are off: each call is one attempt, and a
/// [`dynorm::Client`]'s retry layer ([`dynorm::layers::Retry`]) retries by
/// idempotency (the SDK would re-send an `ADD` counter update after a 5xx
/// or a reset connection, possibly applying it twice). Code calling the
/// backend directly gets one attempt per call.
///
/// Requests that get no answer fail with [`dynorm::Error::Transport`] naming
/// where they went: the endpoint URL of the configuration the backend was
/// made from (DynamoDB Local), or else DynamoDB and the client's region.
#[derive(Debug, Clone)]
pub struct DynamoDbBackend {
    pub(crate) client: Sdk,
    /// Made for DynamoDB Local ([`DynamoDbBackend::local`]), whose global
    /// index reads are consistent.
    pub(crate) local: bool,
}

/// The SDK client and where it sends requests, as error messages name it.
#[derive(Debug, Clone)]
pub(crate) struct Sdk {
    client: Client,
    /// The DynamoDB Streams client, made from the same configuration
    /// (none for a backend made from a bare SDK client).
    pub(crate) streams: Option<aws_sdk_dynamodbstreams::Client>,
    /// [`dynorm_aws::endpoint_label`] of the client's endpoint.
    pub(crate) endpoint: Arc<str>,
    /// The key attribute names of the tables an answer needed them for.
    pub(crate) key_schemas: KeySchemas,
}

impl Sdk {
    fn new(
        client: Client,
        streams: Option<aws_sdk_dynamodbstreams::Client>,
        endpoint_url: Option<&str>,
    ) -> Sdk {
        let region = client.config().region().map(|r| r.as_ref().to_owned());
        let endpoint = dynorm_aws::endpoint_label("DynamoDB", endpoint_url, region.as_deref());
        Sdk {
            client,
            streams,
            endpoint: endpoint.into(),
            key_schemas: KeySchemas::default(),
        }
    }
}

impl Deref for Sdk {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl DynamoDbBackend {
    /// A backend configured by the default AWS chain: environment variables,
    /// shared config and credentials files (profile), container and instance
    /// roles. The SDK's retries are off (see [`DynamoDbBackend`]).
    pub async fn from_env() -> DynamoDbBackend {
        let config = aws_config::defaults(BehaviorVersion::latest()).load().await;
        DynamoDbBackend::from_sdk_config(&config)
    }

    /// A builder for explicit region, profile, endpoint, credentials, retries
    /// and timeouts.
    pub fn builder() -> DynamoDbBackendBuilder {
        DynamoDbBackendBuilder::default()
    }

    /// A backend using an SDK client as it is, except that its retries are
    /// turned off (see [`DynamoDbBackend`]). (The SDK does not tell a
    /// client's endpoint URL: transport errors name DynamoDB and the
    /// client's region. An SDK client does not give its credentials, so a
    /// backend made this way has no DynamoDB Streams client: its stream
    /// operations answer [`dynorm::Error::Unsupported`]; make the backend
    /// with [`from_sdk_config`](Self::from_sdk_config) for them.)
    pub fn from_client(client: Client) -> DynamoDbBackend {
        let config = client
            .config()
            .to_builder()
            .retry_config(RetryConfig::disabled())
            .build();
        let client = Client::from_conf(config);
        DynamoDbBackend {
            client: Sdk::new(client, None, None),
            local: false,
        }
    }

    /// A backend from a shared AWS configuration (as loaded by `aws-config`),
    /// with the SDK's retries turned off (see [`DynamoDbBackend`]).
    pub fn from_sdk_config(config: &aws_config::SdkConfig) -> DynamoDbBackend {
        let builder =
            aws_sdk_dynamodb::config::Builder::from(config).retry_config(RetryConfig::disabled());
        let streams = aws_sdk_dynamodbstreams::config::Builder::from(config)
            .retry_config(RetryConfig::disabled())
            .build();
        DynamoDbBackend {
            client: Sdk::new(
                Client::from_conf(builder.build()),
                Some(aws_sdk_dynamodbstreams::Client::from_conf(streams)),
                config.endpoint_url(),
            ),
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
