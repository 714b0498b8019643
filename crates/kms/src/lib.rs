//! # dynorm-kms
//!
//! The AWS KMS key service of dynorm's encrypted attributes
//! ([`dynorm::attributes::Encrypted`]): [`KmsKeyService`] implements
//! [`dynorm::encryption::KeyService`] on `aws-sdk-kms` (`GenerateDataKey`
//! with `KeySpec=AES_256`, `Decrypt` naming the attribute's key, both with
//! the attribute's encryption context). Every SDK failure becomes a
//! [`dynorm::Error::Encryption`] whose
//! [`EncryptionErrorKind`](dynorm::encryption::EncryptionErrorKind) is the
//! one every key service reports ([`error`]).
//!
//! It is a crate of its own so that applications without encrypted
//! attributes do not build or ship the KMS SDK.
//!
//! ```no_run
//! # async fn example() -> dynorm::Result<()> {
//! use std::sync::Arc;
//! use dynorm_dynamodb::DynamoDbBackend;
//! use dynorm_kms::KmsKeyService;
//!
//! // One AWS configuration for both, so KMS uses the DynamoDB client's
//! // credentials, region, timeouts and retries:
//! let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
//! let client = dynorm::Client::builder(Arc::new(DynamoDbBackend::from_sdk_config(&aws)))
//!     .key_service(Arc::new(KmsKeyService::from_sdk_config(&aws)))
//!     .build();
//! // A local KMS (moto_server, LocalStack):
//! let local = KmsKeyService::local("http://127.0.0.1:5000");
//! local.ensure_key("alias/app").await?;
//! # let _ = (client, local);
//! # Ok(())
//! # }
//! ```

mod builder;
pub mod error;
mod key_service;

pub use builder::KmsKeyServiceBuilder;
pub use key_service::KmsKeyService;

/// The SDK this service is built on, re-exported for [`KmsKeyService::from_client`].
pub use aws_sdk_kms;
