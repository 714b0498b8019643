//! The write-side steps of S3-backed attributes: uploading pending files
//! before an item is written, deleting objects after it is deleted.

use super::{S3File, S3Value};
use crate::blob::{BlobError, BlobUpload};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::model::ModelSchema;
use crate::value::{from_value, to_value, Item, Value};

/// The key of the map an [`S3File`] serializes to inside an item until it is
/// uploaded. Never written to a table.
pub(crate) const PENDING_MARKER: &str = "dynorm:upload";

fn is_pending(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::M(m)) if m.get(PENDING_MARKER).is_some())
}

/// Uploads the pending file of each of `schema`'s S3 attributes in `item`
/// and puts the stored object's metadata in its place. Objects are keyed by
/// the item's key attributes, so `item` must hold them.
pub(crate) async fn upload_pending(
    schema: &ModelSchema,
    client: &Client,
    item: &mut Item,
) -> Result<()> {
    for s3 in schema.s3_attributes {
        if !is_pending(item.get(s3.attribute)) {
            continue;
        }
        let Some(value) = item.remove(s3.attribute) else {
            continue;
        };
        let file: S3File = from_value(value)?;
        let pk = item.get(schema.partition_key.attribute).ok_or_else(|| {
            Error::validation(format!(
                "S3 attribute `{}`: the item has no partition key `{}` to build the object key from",
                s3.attribute, schema.partition_key.attribute
            ))
        })?;
        let sk = schema.sort_key.and_then(|k| item.get(k.attribute));
        if file.name().is_empty() {
            return Err(Error::validation(format!(
                "S3 attribute `{}`: the file name is empty",
                s3.attribute
            )));
        }
        let location = s3.location(pk, sk, file.name());
        let (_, body, content_type, metadata) = file.into_parts();
        let stored = client
            .blob_store()?
            .put(BlobUpload {
                location: location.clone(),
                body,
                content_type: content_type.clone(),
                metadata: metadata.clone(),
            })
            .await?;
        let value = S3Value::stored(location, stored, content_type, metadata);
        item.insert(s3.attribute, to_value(&value)?);
    }
    Ok(())
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

/// Deletes the objects that `item`'s S3 attributes point at (the item was
/// just deleted). Stops at the first failure, whose message says the item
/// is gone and names the object left behind.
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
        let stored: S3Value = from_value(value.clone())?;
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
        .map(|s| crate::expr::Path::attr(s.attribute))
        .collect();
    let out = client
        .backend()
        .get_item(crate::backend::GetItemRequest {
            table: table.to_owned(),
            key: key.clone(),
            consistent_read: true,
            projection: Some(projection),
        })
        .await?;
    Ok(out.item.map(|item| Item::clone(&item)))
}
