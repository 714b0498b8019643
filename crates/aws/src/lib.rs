//! # dynorm-aws
//!
//! The AWS configuration that dynorm's AWS crates share: the DynamoDB
//! backend (`dynorm-dynamodb`) and the S3 object store (`dynorm-s3`) load
//! their settings the same way, so one set of settings (or one
//! `aws_config::SdkConfig`) serves both.
//!
//! ```no_run
//! # async fn example() -> dynorm::Result<()> {
//! use dynorm_aws::AwsSettings;
//! use std::time::Duration;
//! let config = AwsSettings::default()
//!     .region("eu-west-1")
//!     .max_attempts(5)
//!     .operation_timeout(Duration::from_secs(10))
//!     .load()
//!     .await?;
//! assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-1"));
//! # Ok(())
//! # }
//! ```

mod settings;
mod unanswered;

pub use settings::AwsSettings;
pub use unanswered::{endpoint_label, unanswered_message};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;

/// Attempts per request (the first try included) unless set otherwise.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The standard retry mode with [`DEFAULT_MAX_ATTEMPTS`] attempts: what
/// dynorm's clients use when a configuration says nothing about retries.
pub fn standard_retries() -> RetryConfig {
    RetryConfig::standard().with_max_attempts(DEFAULT_MAX_ATTEMPTS)
}

/// The configuration of a local server (DynamoDB Local, moto, MinIO,
/// LocalStack): its endpoint, region `us-east-1`, dummy static credentials
/// and standard retries.
///
/// ```
/// let config = dynorm_aws::local_config("http://127.0.0.1:8000");
/// assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:8000"));
/// assert_eq!(config.region().map(|r| r.as_ref()), Some("us-east-1"));
/// ```
pub fn local_config(endpoint: impl Into<String>) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "dynormlocal",
            "dynormlocal",
            None,
            None,
            "dynorm-local",
        )))
        .retry_config(standard_retries())
        .build()
}

/// Writes, into an `impl` block of a builder with an `aws: AwsSettings`
/// field, the setters of every [`AwsSettings`] option, each passing its
/// value on to the field.
#[macro_export]
macro_rules! aws_setters {
    () => {
        /// The AWS region (`eu-west-1`).
        pub fn region(mut self, region: impl Into<String>) -> Self {
            self.aws = self.aws.region(region);
            self
        }

        /// The named profile of the shared config and credentials files.
        pub fn profile(mut self, profile: impl Into<String>) -> Self {
            self.aws = self.aws.profile(profile);
            self
        }

        /// A custom endpoint (a local server's `http://127.0.0.1:8000`).
        pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
            self.aws = self.aws.endpoint_url(url);
            self
        }

        /// Attempts per request, the first included (default 3; at least 1).
        pub fn max_attempts(mut self, attempts: u32) -> Self {
            self.aws = self.aws.max_attempts(attempts);
            self
        }

        /// The first retry's backoff; later retries back off exponentially with jitter.
        pub fn initial_backoff(mut self, backoff: std::time::Duration) -> Self {
            self.aws = self.aws.initial_backoff(backoff);
            self
        }

        /// The longest a whole operation may take, retries included.
        pub fn operation_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.aws = self.aws.operation_timeout(timeout);
            self
        }

        /// The longest one attempt may take.
        pub fn attempt_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.aws = self.aws.attempt_timeout(timeout);
            self
        }

        /// Static credentials (access key id and secret access key).
        pub fn credentials(
            mut self,
            access_key_id: impl Into<String>,
            secret_access_key: impl Into<String>,
        ) -> Self {
            self.aws = self.aws.credentials(access_key_id, secret_access_key);
            self
        }

        /// Static temporary credentials with a session token.
        pub fn session_credentials(
            mut self,
            access_key_id: impl Into<String>,
            secret_access_key: impl Into<String>,
            session_token: impl Into<String>,
        ) -> Self {
            self.aws =
                self.aws
                    .session_credentials(access_key_id, secret_access_key, session_token);
            self
        }
    };
}
