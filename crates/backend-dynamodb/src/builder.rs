//! [`DynamoDbBackendBuilder`]: explicit configuration of a [`DynamoDbBackend`].

use crate::DynamoDbBackend;
use dynorm_aws::AwsSettings;

/// Builds a [`DynamoDbBackend`] with explicit settings. Whatever is not set
/// comes from the default AWS chain (environment, profile, IAM role). The
/// SDK's retries are off whatever `max_attempts` and `initial_backoff` say
/// (they are checked, and serve the S3 store built from the same settings):
/// a client's [`Retry`](dynorm::layers::Retry) retries DynamoDB calls.
///
/// ```no_run
/// # async fn example() -> dynorm::Result<()> {
/// use std::time::Duration;
/// let backend = dynorm_dynamodb::DynamoDbBackend::builder()
///     .region("eu-west-1")
///     .profile("prod")
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(50))
///     .operation_timeout(Duration::from_secs(10))
///     .attempt_timeout(Duration::from_secs(3))
///     .build()
///     .await?;
/// # let _ = backend;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct DynamoDbBackendBuilder {
    aws: AwsSettings,
}

impl DynamoDbBackendBuilder {
    dynorm_aws::aws_setters!();

    /// Loads the remaining settings from the default chain and builds the backend.
    ///
    /// Fails with [`dynorm::Error::Config`] for zero attempts or when no region
    /// can be found.
    pub async fn build(self) -> dynorm::Result<DynamoDbBackend> {
        Ok(DynamoDbBackend::from_sdk_config(&self.aws.load().await?))
    }
}
