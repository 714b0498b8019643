//! [`S3BlobStoreBuilder`]: explicit configuration of an [`S3BlobStore`].

use crate::S3BlobStore;
use aws_sdk_s3::Client;
use dynorm::blob::MULTIPART_THRESHOLD;
use dynorm_aws::AwsSettings;

/// The default size of each part of a multipart upload: 8 MiB.
pub use dynorm::blob::DEFAULT_PART_SIZE;

/// The smallest part S3 accepts (every part but the last): 5 MiB.
pub const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;

/// The largest part S3 accepts: 5 GiB.
pub const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;

/// Builds an [`S3BlobStore`] with explicit settings. Whatever is not set
/// comes from the default AWS chain (environment, profile, IAM role), except
/// retries, which always use the standard mode with bounded attempts.
///
/// ```no_run
/// # async fn example() -> dynorm::Result<()> {
/// use std::time::Duration;
/// let store = dynorm_s3::S3BlobStore::builder()
///     .region("eu-west-1")
///     .max_attempts(5)
///     .operation_timeout(Duration::from_secs(60))
///     .part_size(16 * 1024 * 1024)
///     .build()
///     .await?;
/// // MinIO with its own credentials:
/// let minio = dynorm_s3::S3BlobStore::builder()
///     .region("us-east-1")
///     .endpoint_url("http://127.0.0.1:9000")
///     .force_path_style(true)
///     .credentials("minioadmin", "minioadmin")
///     .build()
///     .await?;
/// # let _ = (store, minio);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct S3BlobStoreBuilder {
    aws: AwsSettings,
    force_path_style: Option<bool>,
    part_size: Option<u64>,
    multipart_threshold: Option<u64>,
}

impl S3BlobStoreBuilder {
    dynorm_aws::aws_setters!();

    /// Path-style addressing (`http://host/bucket/key`) instead of
    /// virtual-hosted style (`http://bucket.host/key`); local servers need it.
    pub fn force_path_style(mut self, path_style: bool) -> Self {
        self.force_path_style = Some(path_style);
        self
    }

    /// The size of each part of a multipart upload, 5 MiB to 5 GiB (default
    /// 8 MiB). Bodies too large for 10,000 parts of this size use larger parts.
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.part_size = Some(bytes);
        self
    }

    /// Bodies larger than this go up by multipart upload (default
    /// [`MULTIPART_THRESHOLD`], 10 MiB).
    pub fn multipart_threshold(mut self, bytes: u64) -> Self {
        self.multipart_threshold = Some(bytes);
        self
    }

    /// Loads the remaining settings from the default chain and builds the store.
    ///
    /// Fails with [`dynorm::Error::Config`] for zero attempts, a part size
    /// outside 5 MiB..=5 GiB, or when no region can be found.
    pub async fn build(self) -> dynorm::Result<S3BlobStore> {
        let part_size = self.part_size.unwrap_or(DEFAULT_PART_SIZE);
        if !(MIN_PART_SIZE..=MAX_PART_SIZE).contains(&part_size) {
            return Err(dynorm::Error::config(format!(
                "part_size must be 5 MiB to 5 GiB ({MIN_PART_SIZE}..={MAX_PART_SIZE} bytes), \
                 not {part_size}"
            )));
        }
        let config = self.aws.load().await?;
        let mut s3 = aws_sdk_s3::config::Builder::from(&config);
        if let Some(path_style) = self.force_path_style {
            s3 = s3.force_path_style(path_style);
        }
        Ok(S3BlobStore::with_sizes(
            Client::from_conf(s3.build()),
            config.endpoint_url(),
            part_size,
            self.multipart_threshold.unwrap_or(MULTIPART_THRESHOLD),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dynorm::blob::BlobLocation;

    #[tokio::test]
    async fn settings_reach_the_store() -> dynorm::Result<()> {
        let store = S3BlobStore::builder()
            .region("eu-west-1")
            .endpoint_url("http://127.0.0.1:9")
            .force_path_style(true)
            .credentials("id", "secret")
            .part_size(MIN_PART_SIZE)
            .multipart_threshold(6 * 1024 * 1024)
            .build()
            .await?;
        assert_eq!(store.region(), Some("eu-west-1"));
        assert_eq!(store.part_size(), MIN_PART_SIZE);
        assert_eq!(store.multipart_threshold(), 6 * 1024 * 1024);
        // Path-style addressing: the bucket is in the path, not the host name.
        let url = dynorm::blob::BlobStore::presigned_url(
            &store,
            &BlobLocation::new("docs", "a.txt"),
            std::time::Duration::from_secs(60),
        )
        .await?;
        assert!(url.starts_with("http://127.0.0.1:9/docs/a.txt?"), "{url}");
        Ok(())
    }

    #[tokio::test]
    async fn bad_settings_are_config_errors() {
        let small = S3BlobStore::builder()
            .region("eu-west-1")
            .part_size(MIN_PART_SIZE - 1)
            .build()
            .await;
        assert!(
            matches!(small, Err(dynorm::Error::Config { .. })),
            "{small:?}"
        );
        let zero = S3BlobStore::builder()
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
