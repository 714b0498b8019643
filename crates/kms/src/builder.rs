//! [`KmsKeyServiceBuilder`]: explicit configuration of a [`KmsKeyService`].

use crate::KmsKeyService;
use dynorm_aws::AwsSettings;

/// Builds a [`KmsKeyService`] with explicit settings. Whatever is not set
/// comes from the default AWS chain (environment, profile, IAM role), except
/// retries, which always use the standard mode with bounded attempts.
///
/// ```no_run
/// # async fn example() -> dynorm::Result<()> {
/// let keys = dynorm_kms::KmsKeyService::builder()
///     .region("eu-west-1")
///     .max_attempts(5)
///     .build()
///     .await?;
/// # let _ = keys;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct KmsKeyServiceBuilder {
    aws: AwsSettings,
}

impl KmsKeyServiceBuilder {
    dynorm_aws::aws_setters!();

    /// Loads the remaining settings from the default chain and builds the
    /// service; fails with [`dynorm::Error::Config`] for zero attempts or
    /// when no region can be found.
    pub async fn build(self) -> dynorm::Result<KmsKeyService> {
        let config = self.aws.load().await?;
        Ok(KmsKeyService::from_sdk_config(&config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn settings_reach_the_service() -> dynorm::Result<()> {
        let keys = KmsKeyService::builder()
            .region("eu-west-1")
            .endpoint_url("http://127.0.0.1:9")
            .credentials("id", "secret")
            .build()
            .await?;
        assert_eq!(keys.region(), Some("eu-west-1"));
        assert_eq!(keys.endpoint(), "http://127.0.0.1:9");
        Ok(())
    }

    #[tokio::test]
    async fn zero_attempts_is_a_config_error() {
        let zero = KmsKeyService::builder()
            .region("eu-west-1")
            .max_attempts(0)
            .build()
            .await;
        assert!(
            matches!(zero, Err(dynorm::Error::Config { .. })),
            "{zero:?}"
        );
    }
}
