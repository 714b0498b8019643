//! # dynorm-s3
//!
//! The Amazon S3 object store of dynorm's S3-backed attributes:
//! [`S3BlobStore`] implements [`dynorm::blob::BlobStore`] on `aws-sdk-s3`.
//! Small bodies go up in one `PutObject`, bodies over 10 MiB by multipart
//! upload (aborted on failure); downloads stream to files; every SDK failure
//! becomes a [`dynorm::Error::Blob`] whose
//! [`BlobErrorKind`](dynorm::blob::BlobErrorKind) is the one every store
//! reports ([`error`]).
//!
//! It is a crate of its own so that applications without S3-backed attributes
//! do not build or ship the S3 SDK.
//!
//! ```no_run
//! # async fn example() -> dynorm::Result<()> {
//! use std::sync::Arc;
//! use dynorm_dynamodb::DynamoDbBackend;
//! use dynorm_s3::S3BlobStore;
//!
//! // One AWS configuration for both, so S3 uses the DynamoDB client's
//! // credentials, region, timeouts and retries:
//! let aws = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
//! let client = dynorm::Client::builder(Arc::new(DynamoDbBackend::from_sdk_config(&aws)))
//!     .blob_store(Arc::new(S3BlobStore::from_sdk_config(&aws)))
//!     .build();
//! // A local S3-compatible server (moto, MinIO, LocalStack):
//! let local = S3BlobStore::local("http://127.0.0.1:5000");
//! # let _ = (client, local);
//! # Ok(())
//! # }
//! ```

mod blob_store;
mod builder;
pub mod error;
mod store;
mod upload;

pub use builder::{S3BlobStoreBuilder, DEFAULT_PART_SIZE, MAX_PART_SIZE, MIN_PART_SIZE};
pub use store::S3BlobStore;

/// The SDK this store is built on, re-exported for [`S3BlobStore::from_client`].
pub use aws_sdk_s3;
