//! The write-side steps of S3-backed attributes: planning the uploads of an
//! item about to be written (before anything is sent), uploading, deleting
//! the objects of a write that did not go ahead, and deleting objects after
//! their item is deleted.

use super::file::accepting_pending;
use super::{S3File, S3Value};
use crate::blob::{
    check_bucket_name, check_object_key, BlobBody, BlobError, BlobLocation, BlobUpload,
};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::model::ModelSchema;
use crate::value::{from_value, to_value, Item, Value};
use std::collections::BTreeMap;

/// The key of the map an [`S3File`] serializes to inside an item until it is
/// uploaded. Never written to a table by a model write, and never accepted
/// from one (see [`accepting_pending`]).
pub(crate) const PENDING_MARKER: &str = "dynorm:upload";

fn is_pending(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::M(m)) if m.get(PENDING_MARKER).is_some())
}

/// One pending file of an item: where it goes and what it is.
struct PlannedFile {
    attribute: &'static str,
    location: BlobLocation,
    body: BlobBody,
    content_type: Option<String>,
    metadata: BTreeMap<String, String>,
}

/// The pending files of one item, taken out of it by [`plan_uploads`] and
/// not uploaded yet.
#[derive(Default)]
#[must_use]
pub(crate) struct PlannedUploads {
    files: Vec<PlannedFile>,
}

/// The objects one write call uploaded, so that they can be deleted again if
/// the call stops before its items are sent.
#[derive(Default)]
pub(crate) struct UploadedObjects {
    locations: Vec<BlobLocation>,
}

/// The size of a body, read from the file system for a path.
fn body_size(location: &BlobLocation, body: &BlobBody) -> Result<u64> {
    match body {
        BlobBody::Bytes(b) => Ok(b.len() as u64),
        BlobBody::File(path) => std::fs::metadata(path)
            .map(|m| m.len())
            .map_err(|e| BlobError::io(path, e).at(location).into()),
    }
}

/// Takes the pending file of each of `schema`'s S3 attributes out of `item`
/// and puts in its place the metadata map as far as it is known before the
/// upload: bucket, key, size, content type and user metadata, with an empty
/// `etag` and no `last_modified` or `version_id` (those come from the store).
/// The item's size is then a lower bound of its size once uploaded, and
/// exact for everything but those three values; `max_size` is checked on it
/// before any upload, and again after.
///
/// Nothing is uploaded. Object keys are built from the item's key
/// attributes, so `item` must hold them; bucket names, object keys, file
/// names and the files of path bodies are checked here.
pub(crate) fn plan_uploads(schema: &ModelSchema, item: &mut Item) -> Result<PlannedUploads> {
    let mut files = Vec::new();
    for s3 in schema.s3_attributes {
        if !is_pending(item.get(s3.attribute)) {
            continue;
        }
        let Some(value) = item.remove(s3.attribute) else {
            continue;
        };
        // The item is the model's own serialization (see `PreparedPut::new`).
        let file: S3File =
            accepting_pending(|| from_value(value)).map_err(|e| e.in_attribute(s3.attribute))?;
        if file.name().is_empty() {
            return Err(Error::validation(format!(
                "S3 attribute `{}`: the file name is empty",
                s3.attribute
            )));
        }
        let pk = item.get(schema.partition_key.attribute).ok_or_else(|| {
            Error::validation(format!(
                "S3 attribute `{}`: the item has no partition key `{}` to build the object key from",
                s3.attribute, schema.partition_key.attribute
            ))
        })?;
        let sk = schema.sort_key.and_then(|k| item.get(k.attribute));
        let location = s3.location(pk, sk, file.name());
        check_bucket_name(&location.bucket)?;
        check_object_key(&location)?;
        let (_, body, content_type, metadata) = file.into_parts();
        let known = S3Value {
            bucket: location.bucket.clone(),
            key: location.key.clone(),
            size: body_size(&location, &body)?,
            etag: String::new(),
            content_type: content_type.clone(),
            last_modified: None,
            version_id: None,
            metadata: metadata.clone(),
            region: None,
        };
        item.insert(s3.attribute, to_value(&known)?);
        files.push(PlannedFile {
            attribute: s3.attribute,
            location,
            body,
            content_type,
            metadata,
        });
    }
    Ok(PlannedUploads { files })
}

impl PlannedUploads {
    /// Whether there is nothing to upload.
    pub(crate) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Uploads the files through the client's object store and puts each
    /// stored object's metadata into `item`. Every object written is added to
    /// `uploaded`, also when a later upload fails.
    pub(crate) async fn upload(
        self,
        client: &Client,
        item: &mut Item,
        uploaded: &mut UploadedObjects,
    ) -> Result<()> {
        if self.files.is_empty() {
            return Ok(());
        }
        let store = client.blob_store()?;
        for file in self.files {
            let stored = store
                .put(BlobUpload {
                    location: file.location.clone(),
                    body: file.body,
                    content_type: file.content_type.clone(),
                    metadata: file.metadata.clone(),
                })
                .await?;
            uploaded.locations.push(file.location.clone());
            let value = S3Value::stored(file.location, stored, file.content_type, file.metadata);
            item.insert(file.attribute, to_value(&value)?);
        }
        Ok(())
    }
}

impl UploadedObjects {
    /// Deletes the objects again: the write they were uploaded for stopped
    /// before any item was sent. Best effort: the error that stopped the
    /// write is the one that matters, and an object that cannot be deleted
    /// stays (an orphan, as when an item write fails).
    pub(crate) async fn discard(self, client: &Client) {
        let Ok(store) = client.blob_store() else {
            return;
        };
        for location in &self.locations {
            let _ = store.delete(location).await;
        }
    }
}

/// Rejects a pending file where it cannot be uploaded (an update's value).
pub(crate) fn reject_pending(attribute: &str, value: &Value) -> Result<()> {
    if is_pending(Some(value)) {
        return Err(Error::validation(format!(
            "S3 attribute `{attribute}`: files are uploaded by a save (put or create); \
             an update can only set stored metadata or remove the attribute"
        )));
    }
    Ok(())
}

/// The pending files in `item`'s S3 attributes, as the model serialized
/// them, to compare with the item after `before_save`
/// ([`check_hook_pending`]).
pub(crate) fn pending_values(schema: &ModelSchema, item: &Item) -> Vec<(&'static str, Value)> {
    schema
        .s3_attributes
        .iter()
        .filter_map(|s3| {
            let value = item.get(s3.attribute);
            is_pending(value)
                .then(|| value.map(|v| (s3.attribute, v.clone())))
                .flatten()
        })
        .collect()
}

/// Only the model's own serialization may hold a pending file: a
/// `before_save` hook may keep it, remove it or replace it with stored
/// metadata, but not put one in (which could carry data from anywhere).
pub(crate) fn check_hook_pending(
    schema: &ModelSchema,
    before: &[(&'static str, Value)],
    item: &Item,
) -> Result<()> {
    for s3 in schema.s3_attributes {
        let now = item.get(s3.attribute);
        if !is_pending(now) {
            continue;
        }
        let was = before
            .iter()
            .find(|(attribute, _)| *attribute == s3.attribute)
            .map(|(_, v)| v);
        if was != now {
            return Err(Error::validation(format!(
                "S3 attribute `{}`: before_save put a pending file into the item; only the \
                 model's own field can hold a file to upload (set it before saving)",
                s3.attribute
            )));
        }
    }
    Ok(())
}

/// Puts each of `schema`'s S3 attributes' `region` into its metadata map in
/// `item` when the map names none, so that the decoded [`S3Value`] reaches
/// its bucket (pydynox's layout keeps no region in the item).
pub(crate) fn fill_regions(schema: &ModelSchema, item: &mut Item) {
    for s3 in schema.s3_attributes {
        let Some(region) = s3.region else {
            continue;
        };
        if let Some(Value::M(map)) = item.get_mut(s3.attribute) {
            if !map.contains(PENDING_MARKER) && !map.contains("region") {
                map.insert("region", region);
            }
        }
    }
}

/// Deletes the objects that `item`'s S3 attributes point at (the item was
/// just deleted), in the attribute's region when the map names none. Stops
/// at the first failure, whose message says the item is gone and names the
/// object left behind.
pub(crate) async fn delete_objects(
    schema: &ModelSchema,
    client: &Client,
    item: &Item,
) -> Result<()> {
    for s3 in schema.s3_attributes {
        let Some(value @ Value::M(_)) = item.get(s3.attribute) else {
            continue;
        };
        if is_pending(Some(value)) {
            continue;
        }
        let mut stored: S3Value = from_value(value.clone())?;
        if stored.region.is_none() {
            stored.region = s3.region.map(str::to_owned);
        }
        let location = stored.location();
        if let Err(e) = client.blob_store()?.delete(&location).await {
            return Err(match e {
                Error::Blob(b) => Error::Blob(BlobError {
                    message: format!(
                        "the item was deleted but its object {location} was not: {}",
                        b.message
                    ),
                    ..b
                }),
                other => other,
            });
        }
    }
    Ok(())
}

/// The S3 attributes of the item at `key` (full table name), read before a
/// batch or a transaction deletes it so that its objects can be deleted
/// after it; `None` when there is no such item.
pub(crate) async fn read_s3_attributes(
    schema: &ModelSchema,
    client: &Client,
    table: &str,
    key: &Item,
) -> Result<Option<Item>> {
    let projection = schema
        .s3_attributes
        .iter()
        .map(|s| crate::expr::Path::attr(s.attribute));
    let out = client
        .backend()
        .get_item(
            crate::backend::GetItemRequest::new(table, key.clone())
                .consistent_read(true)
                .projection(projection),
        )
        .await?;
    Ok(out.item.map(|item| Item::clone(&item)))
}
