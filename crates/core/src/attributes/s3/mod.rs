//! S3-backed attributes: content in an object store, metadata in the item.
//!
//! A field of type [`S3Object`] (or `Option<S3Object>`) marked
//! `#[dynorm(s3(bucket = "...", prefix = "...", region = "..."))]` holds
//! either a file to upload ([`S3File`]) or the metadata of one stored
//! ([`S3Value`]). Saving the model uploads pending files first, through the
//! client's [`BlobStore`](crate::blob::BlobStore), then writes the item with
//! the metadata map in their place. Loading reads only the metadata; the
//! content is fetched when asked for ([`S3Value::bytes`],
//! [`S3Value::save_to`], [`S3Value::presigned_url`]). Deleting the model
//! deletes its objects; setting the field to `None` and saving keeps them.
//!
//! The stored layout is pydynox's: a map with `bucket`, `key`, `size`,
//! `etag`, `content_type`, `last_modified`, `version_id` and `metadata` and
//! nothing else (the bucket's region comes from the attribute's `region`
//! when a model is decoded), and object keys `{prefix}{pk}/{sk}/{filename}`
//! with `#` turned into `/` ([`object_key`](crate::blob::object_key)).
//!
//! A pending file serializes to a marker map (`{"dynorm:upload": {...}}`)
//! that only the save of the model it came from accepts: decoded anywhere
//! else (a model read from a table, `Model::from_item`, `from_value`) the
//! marker is a codec error naming the attribute, so data in a table never
//! names a local file for the next save to upload.
//!
//! The object is written before the item, once the item passed its checks:
//! `max_size` is checked before any upload, with the metadata known by then
//! (everything but the store's etag, time and version), and again with the
//! stored metadata; objects uploaded for a write that then stops (that
//! check, a failed upload beside it in a batch or transaction) are deleted
//! again. If the item write itself fails, the object stays in the bucket
//! without an item pointing at it (an orphan); an S3 lifecycle rule that
//! expires old objects under the prefix cleans such objects up.
//!
//! ```
//! use dynorm::attributes::{S3File, S3Object};
//! use dynorm::Model;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Model)]
//! #[dynorm(table = "documents", pk = "DOC#{id}")]
//! struct Document {
//!     id: String,
//!     #[dynorm(s3(bucket = "company-docs", prefix = "documents/"))]
//!     content: Option<S3Object>,
//! }
//!
//! # async fn demo(client: dynorm::Client) -> dynorm::Result<()> {
//! let doc = Document {
//!     id: "1".into(),
//!     content: Some(S3File::from_bytes(b"%PDF-1.7 ...".to_vec(), "report.pdf")
//!         .content_type("application/pdf")
//!         .into()),
//! };
//! let doc = client.put(&doc).send_written().await?;
//! let stored = doc.content.as_ref().and_then(S3Object::stored).expect("uploaded");
//! assert_eq!(stored.key, "documents/DOC/1/report.pdf");
//! let bytes = stored.bytes(&client).await?;
//! # let _ = bytes;
//! # Ok(()) }
//! ```

mod file;
mod object;
mod schema;
mod upload;
mod value;

pub(crate) use file::accepting_pending;
pub use file::S3File;
pub use object::{S3Field, S3Object};
pub use schema::S3AttributeSchema;
pub(crate) use upload::{
    check_hook_pending, delete_objects, fill_regions, pending_values, plan_uploads,
    read_s3_attributes, reject_pending, PlannedUploads, UploadedObjects, PENDING_MARKER,
};
pub use value::S3Value;
