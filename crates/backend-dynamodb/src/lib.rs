//! # dynorm-dynamodb
//!
//! The Amazon DynamoDB backend of dynorm: [`DynamoDbBackend`] implements
//! [`dynorm::Backend`] on `aws-sdk-dynamodb`. Expression trees are rendered to
//! expression strings with generated `#n`/`:v` placeholders by core's
//! [`dynorm::expr::render`], values are converted without loss ([`convert`])
//! and every SDK error becomes a [`dynorm::Error`] kind ([`error`]).
//!
//! ```no_run
//! # async fn example() -> dynorm::Result<()> {
//! use dynorm::Backend;
//! use dynorm_dynamodb::DynamoDbBackend;
//!
//! // The default AWS configuration chain (environment, profile, IAM role):
//! let aws = DynamoDbBackend::from_env().await;
//! // Explicit settings:
//! let tuned = DynamoDbBackend::builder()
//!     .region("eu-west-1")
//!     .max_attempts(5)
//!     .operation_timeout(std::time::Duration::from_secs(10))
//!     .build()
//!     .await?;
//! // DynamoDB Local:
//! let local = DynamoDbBackend::local("http://127.0.0.1:8000");
//! println!("{:?}", local.list_tables(dynorm::backend::ListTablesRequest::new()).await?);
//! # let _ = (aws, tuned);
//! # Ok(())
//! # }
//! ```

mod backend;
mod builder;
pub mod convert;
pub mod error;
mod key_schemas;
mod ops;

pub use backend::DynamoDbBackend;

/// The backend's name, as [`dynorm::Backend::name`] gives it.
pub(crate) const NAME: &str = "dynamodb";
pub use builder::DynamoDbBackendBuilder;

/// The SDK this backend is built on, re-exported for [`DynamoDbBackend::from_client`].
pub use aws_sdk_dynamodb;
