//! Attribute types with a storage format of their own: [`Compressed`] text
//! and bytes, [`Ttl`] expiry times.

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
