//! [`AwsSettings`]: explicit AWS settings over the default chain.

use crate::DEFAULT_MAX_ATTEMPTS;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use std::time::Duration;

/// Region, profile, endpoint, credentials, retries and timeouts. Whatever is
/// not set comes from the default AWS chain (environment, profile, container
/// and instance roles), except retries, which always use the standard mode
/// with bounded attempts.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct AwsSettings {
    region: Option<String>,
    profile: Option<String>,
    endpoint_url: Option<String>,
    max_attempts: Option<u32>,
    initial_backoff: Option<Duration>,
    operation_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    credentials: Option<(String, String, Option<String>)>,
}

impl AwsSettings {
    /// The AWS region (`eu-west-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The named profile of the shared config and credentials files.
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// A custom endpoint (a local server's `http://127.0.0.1:8000`).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Attempts per request, the first included (default 3; at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// The first retry's backoff; later retries back off exponentially with jitter.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = Some(backoff);
        self
    }

    /// The longest a whole operation may take, retries included.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The longest one attempt may take.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Static credentials (access key id and secret access key).
    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Self {
        self.credentials = Some((access_key_id.into(), secret_access_key.into(), None));
        self
    }

    /// Static temporary credentials with a session token.
    pub fn session_credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: impl Into<String>,
    ) -> Self {
        self.credentials = Some((
            access_key_id.into(),
            secret_access_key.into(),
            Some(session_token.into()),
        ));
        self
    }

    /// Loads the remaining settings from the default chain.
    ///
    /// Fails with [`dynorm::Error::Config`] for zero attempts or when no
    /// region can be found.
    pub async fn load(self) -> dynorm::Result<SdkConfig> {
        let attempts = self.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS);
        if attempts == 0 {
            return Err(dynorm::Error::config("max_attempts must be at least 1"));
        }
        let mut retry = RetryConfig::standard().with_max_attempts(attempts);
        if let Some(backoff) = self.initial_backoff {
            retry = retry.with_initial_backoff(backoff);
        }
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).retry_config(retry);
        if let Some(region) = self.region {
            loader = loader.region(Region::new(region));
        }
        if let Some(profile) = self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if let Some((id, secret, token)) = self.credentials {
            loader = loader.credentials_provider(Credentials::new(
                id,
                secret,
                token,
                None,
                "dynorm-static",
            ));
        }
        if self.operation_timeout.is_some() || self.attempt_timeout.is_some() {
            let mut timeouts = TimeoutConfig::builder();
            if let Some(t) = self.operation_timeout {
                timeouts = timeouts.operation_timeout(t);
            }
            if let Some(t) = self.attempt_timeout {
                timeouts = timeouts.operation_attempt_timeout(t);
            }
            loader = loader.timeout_config(timeouts.build());
        }
        let config = loader.load().await;
        if config.region().is_none() {
            return Err(dynorm::Error::config(
                "no AWS region: set one with .region(..), AWS_REGION or the profile",
            ));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn settings_reach_the_config() -> dynorm::Result<()> {
        let config = AwsSettings::default()
            .region("eu-west-1")
            .endpoint_url("http://127.0.0.1:9")
            .credentials("id", "secret")
            .max_attempts(5)
            .operation_timeout(Duration::from_secs(7))
            .load()
            .await?;
        assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-1"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:9"));
        assert_eq!(config.retry_config().map(|r| r.max_attempts()), Some(5));
        assert_eq!(
            config.timeout_config().and_then(|t| t.operation_timeout()),
            Some(Duration::from_secs(7))
        );
        Ok(())
    }

    #[tokio::test]
    async fn zero_attempts_is_a_config_error() {
        let zero = AwsSettings::default()
            .region("eu-west-1")
            .max_attempts(0)
            .load()
            .await;
        assert!(
            matches!(zero, Err(dynorm::Error::Config { .. })),
            "{zero:?}"
        );
    }
}
