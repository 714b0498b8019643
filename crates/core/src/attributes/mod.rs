//! Attribute types with a storage format of their own: [`Compressed`] text
//! and bytes, [`Ttl`] expiry times, timestamps, generated values,
//! S3-backed content ([`S3Object`]) and values encrypted under a KMS key
//! ([`Encrypted`]).

mod compressed;
mod ttl;

pub use compressed::{
    compress_bytes, compress_str, decompress_bytes, decompress_str, Algorithm, Compressed,
    Compressible, CompressionConfig, Gzip, Lz4, Zstd, MAX_DECOMPRESSED_BYTES,
};
pub(crate) use ttl::no_ttl_message;
pub use ttl::{ExpiresIn, Ttl, TtlModel};

mod generated;
mod timestamp;

pub use generated::{GeneratedField, GeneratedKind, UuidField};
pub use timestamp::{EpochMillis, EpochSeconds, Timestamp, TimestampEncoding, TimestampField};

mod encrypted;

pub(crate) use encrypted::{
    check_no_plaintext, check_no_plaintext_in_update, key_service_for, open_item, seal_item,
    seal_update,
};
pub use encrypted::{Encrypted, EncryptedAttributeSchema, EncryptedField};

mod s3;

pub(crate) use s3::{
    accepting_pending, check_hook_pending, delete_objects, fill_regions, pending_values,
    plan_uploads, read_s3_attributes, reject_pending, PlannedUploads, UploadedObjects,
};
pub use s3::{S3AttributeSchema, S3Field, S3File, S3Object, S3Value};
