//! The [`BlobStore`] implementation of [`S3BlobStore`].

use crate::error;
use crate::upload::unquote;
use crate::S3BlobStore;
use async_trait::async_trait;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use aws_smithy_types::date_time::Format;
use aws_smithy_types::DateTime;
use dynorm::blob::{
    check_bucket_name, check_object_key, check_presigned_expiry, BlobError, BlobErrorKind,
    BlobLocation, BlobStore, BlobUpload, StoredBlob,
};
use dynorm::Result;
use std::path::Path;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// A time as RFC 3339 to the second in UTC (`2024-01-15T10:30:00Z`), the way
/// S3 reports `Last-Modified`.
pub(crate) fn rfc3339_seconds(time: &DateTime) -> Option<String> {
    DateTime::from_secs(time.secs()).fmt(Format::DateTime).ok()
}

/// Removes a partly written download; the download's own error is the one
/// reported.
async fn discard(path: &Path) {
    let _ = tokio::fs::remove_file(path).await;
}

impl S3BlobStore {
    /// Whether a bucket exists, asked after a bodiless 404 (`HeadObject`
    /// cannot tell a missing bucket from a missing key).
    async fn bucket_missing(&self, location: &BlobLocation) -> bool {
        match self
            .client_for(location)
            .head_bucket()
            .bucket(&location.bucket)
            .send()
            .await
        {
            Ok(_) => false,
            Err(e) => error::service_status(&e) == 404,
        }
    }

    async fn head_object(&self, location: &BlobLocation) -> Result<Option<StoredBlob>> {
        let client = self.client_for(location);
        let answer = client
            .head_object()
            .bucket(&location.bucket)
            .key(&location.key)
            .send()
            .await;
        match answer {
            Ok(out) => Ok(Some(StoredBlob {
                size: out
                    .content_length()
                    .and_then(|n| u64::try_from(n).ok())
                    .unwrap_or(0),
                etag: out.e_tag().map(unquote).unwrap_or_default(),
                last_modified: out.last_modified().and_then(rfc3339_seconds),
                version_id: out.version_id().map(str::to_owned),
            })),
            Err(e) if error::service_status(&e) == 404 => {
                if self.bucket_missing(location).await {
                    Err(BlobError::new(
                        BlobErrorKind::NoSuchBucket,
                        "The specified bucket does not exist",
                    )
                    .in_bucket(&location.bucket)
                    .into())
                } else {
                    Ok(None)
                }
            }
            Err(e) => Err(error::at(e, &client, location)),
        }
    }

    async fn get_object(
        &self,
        location: &BlobLocation,
    ) -> Result<aws_sdk_s3::operation::get_object::GetObjectOutput> {
        check_object_key(location)?;
        let client = self.client_for(location);
        client
            .get_object()
            .bucket(&location.bucket)
            .key(&location.key)
            .send()
            .await
            .map_err(|e| error::at(e, &client, location))
    }
}

#[async_trait]
impl BlobStore for S3BlobStore {
    fn name(&self) -> &'static str {
        "s3"
    }

    /// Uploads, then reads the object's `Last-Modified` with a `HeadObject`.
    /// Should that read fail, the upload (which took effect) is still
    /// reported, without `last_modified`.
    async fn put(&self, upload: BlobUpload) -> Result<StoredBlob> {
        check_object_key(&upload.location)?;
        let location = upload.location.clone();
        let uploaded = self.upload(upload).await?;
        let head = self.head_object(&location).await.ok().flatten();
        let last_modified = head
            .as_ref()
            .filter(|h| h.etag == uploaded.etag || uploaded.etag.is_empty())
            .and_then(|h| h.last_modified.clone());
        Ok(StoredBlob {
            size: uploaded.size,
            etag: uploaded.etag,
            last_modified,
            version_id: uploaded.version_id,
        })
    }

    async fn get(&self, location: &BlobLocation) -> Result<Vec<u8>> {
        let out = self.get_object(location).await?;
        let data = out
            .body
            .collect()
            .await
            .map_err(|e| error::cut_off(location, e))?;
        Ok(data.into_bytes().to_vec())
    }

    async fn download_to(&self, location: &BlobLocation, path: &Path) -> Result<u64> {
        let mut body = self.get_object(location).await?.body;
        let mut file = tokio::fs::File::create(path)
            .await
            .map_err(|e| error::io(location, path, e))?;
        let mut written = 0u64;
        loop {
            let chunk = match body.try_next().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) => {
                    drop(file);
                    discard(path).await;
                    return Err(error::cut_off(location, e));
                }
            };
            if let Err(e) = file.write_all(&chunk).await {
                drop(file);
                discard(path).await;
                return Err(error::io(location, path, e));
            }
            written += chunk.len() as u64;
        }
        file.flush()
            .await
            .map_err(|e| error::io(location, path, e))?;
        file.sync_all()
            .await
            .map_err(|e| error::io(location, path, e))?;
        Ok(written)
    }

    async fn head(&self, location: &BlobLocation) -> Result<Option<StoredBlob>> {
        check_object_key(location)?;
        self.head_object(location).await
    }

    async fn delete(&self, location: &BlobLocation) -> Result<()> {
        check_object_key(location)?;
        let client = self.client_for(location);
        client
            .delete_object()
            .bucket(&location.bucket)
            .key(&location.key)
            .send()
            .await
            .map_err(|e| error::at(e, &client, location))?;
        Ok(())
    }

    async fn presigned_url(&self, location: &BlobLocation, expires_in: Duration) -> Result<String> {
        check_object_key(location)?;
        check_presigned_expiry(location, expires_in)?;
        let config = PresigningConfig::expires_in(expires_in).map_err(|e| {
            dynorm::Error::from(
                BlobError::new(BlobErrorKind::Invalid, e.to_string())
                    .with_source(e)
                    .at(location),
            )
        })?;
        let client = self.client_for(location);
        let request = client
            .get_object()
            .bucket(&location.bucket)
            .key(&location.key)
            .presigned(config)
            .await
            .map_err(|e| error::at(e, &client, location))?;
        Ok(request.uri().to_owned())
    }

    async fn create_bucket(&self, bucket: &str, region: Option<&str>) -> Result<()> {
        check_bucket_name(bucket)?;
        let client = self.client_in(region);
        let region = client
            .config()
            .region()
            .map(|r| r.as_ref().to_owned())
            .unwrap_or_else(|| "us-east-1".to_owned());
        let mut request = client.create_bucket().bucket(bucket);
        if region != "us-east-1" {
            request = request.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region.as_str()))
                    .build(),
            );
        }
        match request.send().await {
            Ok(_) => Ok(()),
            Err(e) => {
                let owned = e
                    .as_service_error()
                    .is_some_and(|s| s.is_bucket_already_owned_by_you());
                if owned {
                    Ok(())
                } else {
                    Err(error::in_bucket(e, &client, bucket))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_modified_is_rfc3339_to_the_second() {
        let t = DateTime::from_secs_and_nanos(1_705_314_600, 123_000_000);
        assert_eq!(rfc3339_seconds(&t).as_deref(), Some("2024-01-15T10:30:00Z"));
    }

    #[tokio::test]
    async fn presign_rejects_out_of_range_expiry() {
        let store = S3BlobStore::local("http://127.0.0.1:9");
        let at = BlobLocation::new("docs", "a");
        let max = dynorm::blob::MAX_PRESIGNED_EXPIRY;
        for bad in [Duration::ZERO, max + Duration::from_secs(1)] {
            let kind = store
                .presigned_url(&at, bad)
                .await
                .err()
                .and_then(|e| e.blob_error().map(|b| b.kind));
            assert_eq!(kind, Some(BlobErrorKind::Invalid));
        }
    }
}
