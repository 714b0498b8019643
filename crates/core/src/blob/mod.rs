//! Object storage behind S3-backed attributes
//! ([`S3Object`](crate::attributes::S3Object)).
//!
//! A [`BlobStore`] holds the objects; the item holds only their metadata. A
//! [`Client`](crate::Client) carries one store
//! ([`ClientBuilder::blob_store`](crate::ClientBuilder::blob_store)):
//! `dynorm_memory::MemoryBlobStore` in process (the memory client installs
//! one), `dynorm_s3::S3BlobStore` on Amazon S3 or any S3-compatible endpoint.

mod error;
mod location;
mod names;
mod object_key;
mod store;

pub use error::{BlobError, BlobErrorKind};
pub use location::BlobLocation;
pub use names::{
    check_bucket_name, check_object_key, check_presigned_expiry, MAX_PRESIGNED_EXPIRY,
};
pub use object_key::object_key;
pub use store::{
    multipart_part_size, BlobBody, BlobStore, BlobUpload, StoredBlob, DEFAULT_PART_SIZE, MAX_PARTS,
    MULTIPART_THRESHOLD,
};
