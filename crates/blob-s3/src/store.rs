//! [`S3BlobStore`]: the handle, its constructors and its per-region clients.

use crate::builder::{S3BlobStoreBuilder, DEFAULT_PART_SIZE};
use aws_sdk_s3::config::{BehaviorVersion, Region};
use aws_sdk_s3::Client;
use dashmap::DashMap;
use dynorm::blob::{BlobLocation, MULTIPART_THRESHOLD};
use dynorm_aws::standard_retries;
use std::ops::Deref;
use std::sync::Arc;

/// A [`BlobStore`](dynorm::blob::BlobStore) on Amazon S3 (or an
/// S3-compatible endpoint: moto, MinIO, LocalStack) through `aws-sdk-s3`.
///
/// Objects up to the multipart threshold (default
/// [`MULTIPART_THRESHOLD`], 10 MiB) go up in one `PutObject`; larger ones in
/// parts of [`part_size`](S3BlobStore::part_size) bytes (default 8 MiB), read
/// one part at a time from a file body. A location whose
/// [`region`](BlobLocation::region) differs from the store's is reached with a
/// client for that region, made from the same configuration and kept for
/// later calls.
///
/// Cheap to clone: clones share the SDK clients and their connection pools.
#[derive(Debug, Clone)]
pub struct S3BlobStore {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) client: Client,
    pub(crate) regional: DashMap<String, Client>,
    pub(crate) part_size: u64,
    pub(crate) multipart_threshold: u64,
    /// The configured endpoint URL, when known (the SDK does not tell it
    /// back): error messages name it.
    pub(crate) endpoint_url: Option<Arc<str>>,
}

/// The SDK client for one region and where it sends requests, as error
/// messages name it.
#[derive(Debug, Clone)]
pub(crate) struct RegionClient {
    client: Client,
    endpoint_url: Option<Arc<str>>,
}

impl RegionClient {
    /// [`dynorm_aws::endpoint_label`] of the client's endpoint: the URL when
    /// one is configured, else S3 and the client's region.
    pub(crate) fn endpoint(&self) -> String {
        dynorm_aws::endpoint_label(
            "S3",
            self.endpoint_url.as_deref(),
            self.client.config().region().map(Region::as_ref),
        )
    }
}

impl Deref for RegionClient {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl S3BlobStore {
    /// A store configured by the default AWS chain: environment variables,
    /// shared config and credentials files (profile), container and instance
    /// roles. Retries use the standard mode with 3 attempts unless the
    /// environment or profile says otherwise.
    pub async fn from_env() -> S3BlobStore {
        let config = aws_config::defaults(BehaviorVersion::latest()).load().await;
        S3BlobStore::from_sdk_config(&config)
    }

    /// A builder for explicit region, endpoint, addressing, credentials,
    /// retries, timeouts and multipart sizes.
    pub fn builder() -> S3BlobStoreBuilder {
        S3BlobStoreBuilder::default()
    }

    /// A store from a shared AWS configuration (as loaded by `aws-config`),
    /// typically the one the DynamoDB backend was made from, so that both use
    /// the same credentials, region, timeouts, retries and HTTP client.
    ///
    /// A configuration without retry settings gets the standard mode with 3
    /// attempts. A configuration with a custom endpoint URL (LocalStack,
    /// MinIO) gets path-style addressing (`http://host/bucket/key`), which
    /// such endpoints need; use [`from_client`](S3BlobStore::from_client) to
    /// decide otherwise.
    pub fn from_sdk_config(config: &aws_config::SdkConfig) -> S3BlobStore {
        let mut builder = aws_sdk_s3::config::Builder::from(config);
        if config.retry_config().is_none() {
            builder = builder.retry_config(standard_retries());
        }
        if config.endpoint_url().is_some() {
            builder = builder.force_path_style(true);
        }
        S3BlobStore::with_retries(Client::from_conf(builder.build()), config.endpoint_url())
    }

    /// A store using an SDK client as it is, except that a client with no
    /// retry configuration at all gets the standard mode with 3 attempts.
    /// (The SDK does not tell a client's endpoint URL: errors of requests that
    /// got no answer name S3 and the region.)
    pub fn from_client(client: Client) -> S3BlobStore {
        S3BlobStore::with_retries(client, None)
    }

    /// [`from_client`](S3BlobStore::from_client) for a client configured with
    /// `endpoint_url`.
    fn with_retries(client: Client, endpoint_url: Option<&str>) -> S3BlobStore {
        let client = if client.config().retry_config().is_some() {
            client
        } else {
            let config = client
                .config()
                .to_builder()
                .retry_config(standard_retries())
                .build();
            Client::from_conf(config)
        };
        S3BlobStore::with_sizes(client, endpoint_url, DEFAULT_PART_SIZE, MULTIPART_THRESHOLD)
    }

    /// A store for a local S3-compatible server at `endpoint` (moto, MinIO,
    /// LocalStack; e.g. `http://127.0.0.1:5000`): path-style addressing,
    /// region `us-east-1` and fixed dummy credentials.
    ///
    /// ```
    /// use dynorm::blob::BlobStore;
    /// let store = dynorm_s3::S3BlobStore::local("http://127.0.0.1:5000");
    /// assert_eq!(store.name(), "s3");
    /// assert_eq!(store.region(), Some("us-east-1"));
    /// ```
    pub fn local(endpoint: impl Into<String>) -> S3BlobStore {
        S3BlobStore::from_sdk_config(&dynorm_aws::local_config(endpoint))
    }

    pub(crate) fn with_sizes(
        client: Client,
        endpoint_url: Option<&str>,
        part_size: u64,
        threshold: u64,
    ) -> S3BlobStore {
        S3BlobStore {
            inner: Arc::new(Inner {
                client,
                regional: DashMap::new(),
                part_size,
                multipart_threshold: threshold,
                endpoint_url: endpoint_url.map(Arc::from),
            }),
        }
    }

    /// The SDK client of the store's own region, for operations dynorm does
    /// not cover.
    pub fn sdk_client(&self) -> &Client {
        &self.inner.client
    }

    /// The store's own region, if its configuration has one.
    pub fn region(&self) -> Option<&str> {
        self.inner.client.config().region().map(Region::as_ref)
    }

    /// The size of each part of a multipart upload (the last may be smaller).
    pub fn part_size(&self) -> u64 {
        self.inner.part_size
    }

    /// Bodies larger than this many bytes go up by multipart upload.
    pub fn multipart_threshold(&self) -> u64 {
        self.inner.multipart_threshold
    }

    /// The client for a location: the store's own, or one for the
    /// location's region when that differs.
    pub(crate) fn client_for(&self, location: &BlobLocation) -> RegionClient {
        self.client_in(location.region.as_deref())
    }

    /// The client for a region (`None` or the store's own: the store's client).
    pub(crate) fn client_in(&self, region: Option<&str>) -> RegionClient {
        RegionClient {
            client: self.sdk_client_in(region),
            endpoint_url: self.inner.endpoint_url.clone(),
        }
    }

    fn sdk_client_in(&self, region: Option<&str>) -> Client {
        match region {
            Some(region) if Some(region) != self.region() => {
                if let Some(client) = self.inner.regional.get(region) {
                    return client.clone();
                }
                let config = self
                    .inner
                    .client
                    .config()
                    .to_builder()
                    .region(Region::new(region.to_owned()))
                    .build();
                self.inner
                    .regional
                    .entry(region.to_owned())
                    .or_insert_with(|| Client::from_conf(config))
                    .clone()
            }
            _ => self.inner.client.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_override_gets_its_own_cached_client() {
        let store = S3BlobStore::local("http://127.0.0.1:9");
        let home = store.client_for(&BlobLocation::new("b", "k"));
        assert_eq!(
            home.config().region().map(Region::as_ref),
            Some("us-east-1")
        );
        let same = store.client_in(Some("us-east-1"));
        assert_eq!(
            same.config().region().map(Region::as_ref),
            Some("us-east-1")
        );
        assert!(store.inner.regional.is_empty());
        let eu = store.client_for(&BlobLocation::new("b", "k").in_region(Some("eu-west-1")));
        assert_eq!(eu.config().region().map(Region::as_ref), Some("eu-west-1"));
        let _ = store.client_in(Some("eu-west-1"));
        assert_eq!(store.inner.regional.len(), 1);
    }

    #[tokio::test]
    async fn from_sdk_config_shares_region_and_uses_path_style_for_custom_endpoints(
    ) -> dynorm::Result<()> {
        let config = aws_config::SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("eu-central-1"))
            .endpoint_url("http://127.0.0.1:9")
            .build();
        let store = S3BlobStore::from_sdk_config(&config);
        assert_eq!(store.region(), Some("eu-central-1"));
        // Path-style addressing: the bucket is in the path, not the host name.
        let url = dynorm::blob::BlobStore::presigned_url(
            &store,
            &BlobLocation::new("docs", "a.txt"),
            std::time::Duration::from_secs(60),
        )
        .await?;
        assert!(url.starts_with("http://127.0.0.1:9/docs/a.txt?"), "{url}");
        assert!(store.sdk_client().config().retry_config().is_some());
        assert_eq!(store.part_size(), DEFAULT_PART_SIZE);
        assert_eq!(store.multipart_threshold(), MULTIPART_THRESHOLD);
        Ok(())
    }
}
