//! Writing objects: one `PutObject` for small bodies, a multipart upload for
//! large ones (aborted on any failure, so that no parts are left behind).

use crate::error;
use crate::store::RegionClient;
use crate::S3BlobStore;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use dynorm::blob::{
    multipart_part_size, BlobBody, BlobError, BlobErrorKind, BlobLocation, BlobUpload, MAX_PARTS,
};
use dynorm::Result;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tokio::io::AsyncReadExt;

/// What S3 answered to a finished upload.
pub(crate) struct Uploaded {
    pub(crate) size: u64,
    pub(crate) etag: String,
    pub(crate) version_id: Option<String>,
}

/// Where the bytes of an upload come from.
enum Source {
    Memory(bytes::Bytes),
    File(PathBuf),
}

/// An entity tag without the quotes S3 puts around it.
pub(crate) fn unquote(etag: &str) -> String {
    etag.trim_matches('"').to_owned()
}

impl S3BlobStore {
    /// Uploads a body, in one request or in parts by its size.
    pub(crate) async fn upload(&self, upload: BlobUpload) -> Result<Uploaded> {
        let BlobUpload {
            location,
            body,
            content_type,
            metadata,
        } = upload;
        let client = self.client_for(&location);
        let metadata: HashMap<String, String> = metadata.into_iter().collect();
        let (source, size) = match body {
            BlobBody::Bytes(b) => {
                let size = b.len() as u64;
                (Source::Memory(bytes::Bytes::from(b)), size)
            }
            BlobBody::File(path) => {
                let meta = tokio::fs::metadata(&path)
                    .await
                    .map_err(|e| error::io(&location, &path, e))?;
                if !meta.is_file() {
                    return Err(error::io(
                        &location,
                        &path,
                        std::io::Error::other("not a regular file"),
                    ));
                }
                (Source::File(path), meta.len())
            }
        };
        if size > self.inner.multipart_threshold {
            let part_size = multipart_part_size(size, self.inner.part_size);
            let upload_id = start_multipart(&client, &location, content_type, metadata).await?;
            match upload_parts(&client, &location, &upload_id, source, part_size).await {
                Ok(uploaded) => Ok(uploaded),
                Err(e) => {
                    abort_multipart(&client, &location, &upload_id).await;
                    Err(e)
                }
            }
        } else {
            put_object(&client, &location, source, content_type, metadata, size).await
        }
    }
}

async fn put_object(
    client: &RegionClient,
    location: &BlobLocation,
    source: Source,
    content_type: Option<String>,
    metadata: HashMap<String, String>,
    size: u64,
) -> Result<Uploaded> {
    let body = match source {
        Source::Memory(b) => ByteStream::from(b),
        Source::File(path) => ByteStream::from_path(&path)
            .await
            .map_err(|e| error::io(location, &path, e))?,
    };
    let out = client
        .put_object()
        .bucket(&location.bucket)
        .key(&location.key)
        .body(body)
        .set_content_type(content_type)
        .set_metadata((!metadata.is_empty()).then_some(metadata))
        .send()
        .await
        .map_err(|e| error::at(e, client, location))?;
    Ok(Uploaded {
        size,
        etag: out.e_tag().map(unquote).unwrap_or_default(),
        version_id: out.version_id().map(str::to_owned),
    })
}

async fn start_multipart(
    client: &RegionClient,
    location: &BlobLocation,
    content_type: Option<String>,
    metadata: HashMap<String, String>,
) -> Result<String> {
    let out = client
        .create_multipart_upload()
        .bucket(&location.bucket)
        .key(&location.key)
        .set_content_type(content_type)
        .set_metadata((!metadata.is_empty()).then_some(metadata))
        .send()
        .await
        .map_err(|e| error::at(e, client, location))?;
    out.upload_id()
        .map(str::to_owned)
        .ok_or_else(|| error::malformed(location, "upload id"))
}

/// Reads the next part of a file: up to `part_size` bytes, fewer only at
/// the end of the file.
async fn read_part(
    file: &mut tokio::fs::File,
    part_size: u64,
    location: &BlobLocation,
    path: &Path,
) -> Result<Vec<u8>> {
    let capacity = usize::try_from(part_size).map_err(|_| {
        dynorm::Error::from(
            BlobError::new(
                BlobErrorKind::Invalid,
                "the part size does not fit in memory",
            )
            .at(location),
        )
    })?;
    let mut part = Vec::with_capacity(capacity);
    let mut limited = file.take(part_size);
    limited
        .read_to_end(&mut part)
        .await
        .map_err(|e| error::io(location, path, e))?;
    Ok(part)
}

async fn upload_parts(
    client: &RegionClient,
    location: &BlobLocation,
    upload_id: &str,
    source: Source,
    part_size: u64,
) -> Result<Uploaded> {
    let mut parts = Vec::new();
    let mut size = 0u64;
    match source {
        Source::Memory(bytes) => {
            let step = usize::try_from(part_size).unwrap_or(usize::MAX);
            let mut offset = 0usize;
            while offset < bytes.len() {
                let end = offset.saturating_add(step).min(bytes.len());
                let chunk = bytes.slice(offset..end);
                size += chunk.len() as u64;
                let number = part_number(parts.len(), location)?;
                parts.push(upload_part(client, location, upload_id, number, chunk).await?);
                offset = end;
            }
        }
        Source::File(path) => {
            let mut file = tokio::fs::File::open(&path)
                .await
                .map_err(|e| error::io(location, &path, e))?;
            loop {
                let chunk = read_part(&mut file, part_size, location, &path).await?;
                if chunk.is_empty() && !parts.is_empty() {
                    break;
                }
                let last = (chunk.len() as u64) < part_size;
                size += chunk.len() as u64;
                let number = part_number(parts.len(), location)?;
                let chunk = bytes::Bytes::from(chunk);
                parts.push(upload_part(client, location, upload_id, number, chunk).await?);
                if last {
                    break;
                }
            }
        }
    }
    let out = client
        .complete_multipart_upload()
        .bucket(&location.bucket)
        .key(&location.key)
        .upload_id(upload_id)
        .multipart_upload(
            CompletedMultipartUpload::builder()
                .set_parts(Some(parts))
                .build(),
        )
        .send()
        .await
        .map_err(|e| error::at(e, client, location))?;
    Ok(Uploaded {
        size,
        etag: out.e_tag().map(unquote).unwrap_or_default(),
        version_id: out.version_id().map(str::to_owned),
    })
}

/// The 1-based number of the next part, within S3's 10,000.
fn part_number(done: usize, location: &BlobLocation) -> Result<i32> {
    i32::try_from(done + 1)
        .ok()
        .filter(|n| u64::try_from(*n).is_ok_and(|n| n <= MAX_PARTS))
        .ok_or_else(|| {
            BlobError::new(
                BlobErrorKind::Invalid,
                "the body needs more than 10,000 parts (it grew while it was uploaded)",
            )
            .at(location)
            .into()
        })
}

async fn upload_part(
    client: &RegionClient,
    location: &BlobLocation,
    upload_id: &str,
    number: i32,
    chunk: bytes::Bytes,
) -> Result<CompletedPart> {
    let length = i64::try_from(chunk.len()).unwrap_or(i64::MAX);
    let out = client
        .upload_part()
        .bucket(&location.bucket)
        .key(&location.key)
        .upload_id(upload_id)
        .part_number(number)
        .content_length(length)
        .body(ByteStream::from(chunk))
        .send()
        .await
        .map_err(|e| error::at(e, client, location))?;
    let etag = out
        .e_tag()
        .ok_or_else(|| error::malformed(location, "part entity tag"))?;
    Ok(CompletedPart::builder()
        .part_number(number)
        .e_tag(etag)
        .build())
}

/// Aborts a multipart upload so that its parts do not linger (and cost). A
/// failure to abort is not reported: the upload's own error is the one that
/// matters, and a bucket lifecycle rule can clean up what is left.
async fn abort_multipart(client: &RegionClient, location: &BlobLocation, upload_id: &str) {
    let _ = client
        .abort_multipart_upload()
        .bucket(&location.bucket)
        .key(&location.key)
        .upload_id(upload_id)
        .send()
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_lose_their_quotes() {
        assert_eq!(unquote("\"abc\""), "abc");
        assert_eq!(unquote("abc-2"), "abc-2");
    }

    #[test]
    fn parts_grow_to_stay_within_ten_thousand() {
        let eight = 8 * 1024 * 1024;
        assert_eq!(multipart_part_size(20 * 1024 * 1024, eight), eight);
        let huge = 200 * 1024 * 1024 * 1024u64;
        let part = multipart_part_size(huge, eight);
        assert!(part > eight);
        assert!(huge.div_ceil(part) <= MAX_PARTS);
    }

    #[test]
    fn part_numbers_stop_at_ten_thousand() {
        let at = BlobLocation::new("b", "k");
        assert_eq!(part_number(0, &at).ok(), Some(1));
        assert_eq!(part_number(9_999, &at).ok(), Some(10_000));
        assert!(part_number(10_000, &at).is_err());
    }
}
