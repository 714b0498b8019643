//! The S3 stages of the write pipeline: planning a model put's uploads
//! (and checking its `max_size` before any), then uploading.

use crate::attributes::{plan_uploads, PlannedUploads, UploadedObjects};
use crate::client::Client;
use crate::error::Result;
use crate::model::ModelSchema;
use crate::value::Item;

/// The checks of a whole item of a model that need no object store: takes
/// the pending files of its S3 attributes out of the item, leaving their
/// metadata as far as it is known before the upload ([`plan_uploads`]), and
/// checks the model's `max_size` on that. When this fails nothing was
/// uploaded; [`upload_all`] comes next.
pub(crate) fn plan_put(schema: &ModelSchema, item: &mut Item) -> Result<PlannedUploads> {
    if schema.s3_attributes.is_empty() {
        schema.check_size(item)?;
        return Ok(PlannedUploads::default());
    }
    let planned = plan_uploads(schema, item)?;
    if planned.is_empty() {
        schema.check_size(item)?;
    } else {
        schema.check_size_before_upload(item)?;
    }
    Ok(planned)
}

/// Uploads what [`plan_put`] planned for each item and checks each model's
/// `max_size` again on the item with the stored metadata (the exact size).
/// On any failure the objects uploaded so far are deleted again and the
/// error is returned; on success the caller may still
/// [`discard`](UploadedObjects::discard) them if it stops before sending.
pub(crate) async fn upload_all(
    client: &Client,
    jobs: Vec<(&'static ModelSchema, &mut Item, PlannedUploads)>,
) -> Result<UploadedObjects> {
    let mut uploaded = UploadedObjects::default();
    for (schema, item, planned) in jobs {
        if planned.is_empty() {
            continue;
        }
        let result = match planned.upload(client, item, &mut uploaded).await {
            Ok(()) => schema.check_size(item),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            uploaded.discard(client).await;
            return Err(e);
        }
    }
    Ok(uploaded)
}
