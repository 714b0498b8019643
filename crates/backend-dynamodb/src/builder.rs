//! [`DynamoDbBackendBuilder`]: explicit configuration of a [`DynamoDbBackend`].

use crate::DynamoDbBackend;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use std::time::Duration;

/// Attempts per request (the first try included) unless set otherwise.
pub(crate) const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// Builds a [`DynamoDbBackend`] with explicit settings. Whatever is not set
/// comes from the default AWS chain (environment, profile, IAM role), except
/// retries, which always use the standard mode with bounded attempts.
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
    region: Option<String>,
    profile: Option<String>,
    endpoint_url: Option<String>,
    max_attempts: Option<u32>,
    initial_backoff: Option<Duration>,
    operation_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    credentials: Option<(String, String, Option<String>)>,
}

impl DynamoDbBackendBuilder {
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

    /// A custom endpoint, e.g. DynamoDB Local's `http://127.0.0.1:8000`.
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

    /// Loads the remaining settings from the default chain and builds the backend.
    ///
    /// Fails with [`dynorm::Error::Config`] for zero attempts or when no region
    /// can be found.
    pub async fn build(self) -> dynorm::Result<DynamoDbBackend> {
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
        Ok(DynamoDbBackend::from_sdk_config(&config))
    }
}
