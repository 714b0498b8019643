//! [`Compressed`]: text or bytes stored compressed when that saves space, in
//! the format pydynox's `CompressedAttribute` reads and writes (described on
//! [`Compressed`]).

use crate::value::CodecError;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt;
use std::io::{Read, Write};
use std::marker::PhantomData;
use std::ops::Deref;

/// The largest value a compressed attribute decompresses to (64 MiB): a
/// guard against corrupt or hostile data that claims a huge size.
pub const MAX_DECOMPRESSED_BYTES: usize = 64 * 1024 * 1024;

/// A compression algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// Zstandard: the best ratio; levels 1 to 22.
    Zstd,
    /// LZ4: the fastest; has no levels (the level is ignored).
    Lz4,
    /// Gzip: widely readable; levels 0 to 9.
    Gzip,
}

impl Algorithm {
    /// Every algorithm.
    pub const ALL: [Algorithm; 3] = [Algorithm::Zstd, Algorithm::Lz4, Algorithm::Gzip];

    /// The prefix of a stored value: `"ZSTD:"`, `"LZ4:"` or `"GZIP:"`.
    pub const fn prefix(self) -> &'static str {
        match self {
            Algorithm::Zstd => "ZSTD:",
            Algorithm::Lz4 => "LZ4:",
            Algorithm::Gzip => "GZIP:",
        }
    }

    /// The default level: 3 for zstd, 6 for gzip, 0 (unused) for LZ4.
    pub const fn default_level(self) -> i32 {
        match self {
            Algorithm::Zstd => 3,
            Algorithm::Lz4 => 0,
            Algorithm::Gzip => 6,
        }
    }

    /// The algorithm a stored string names, and the text after its prefix.
    ///
    /// ```
    /// use dynorm::attributes::Algorithm;
    /// assert_eq!(Algorithm::detect("LZ4:AAAA"), Some((Algorithm::Lz4, "AAAA")));
    /// assert_eq!(Algorithm::detect("plain text"), None);
    /// ```
    pub fn detect(stored: &str) -> Option<(Algorithm, &str)> {
        Algorithm::ALL
            .into_iter()
            .find_map(|a| stored.strip_prefix(a.prefix()).map(|rest| (a, rest)))
    }

    /// Compresses bytes (no prefix, no base64).
    pub fn compress(self, data: &[u8], level: i32) -> Result<Vec<u8>, CodecError> {
        match self {
            Algorithm::Zstd => zstd::bulk::compress(data, level)
                .map_err(|e| CodecError::custom(format!("zstd compression failed: {e}"))),
            Algorithm::Lz4 => Ok(lz4_flex::block::compress_prepend_size(data)),
            Algorithm::Gzip => {
                let level = u32::try_from(level.clamp(0, 9)).unwrap_or(6);
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
                encoder
                    .write_all(data)
                    .and_then(|()| encoder.finish())
                    .map_err(|e| CodecError::custom(format!("gzip compression failed: {e}")))
            }
        }
    }

    /// Decompresses bytes made by [`compress`](Algorithm::compress) (or by
    /// pydynox), refusing results larger than [`MAX_DECOMPRESSED_BYTES`].
    pub fn decompress(self, data: &[u8]) -> Result<Vec<u8>, CodecError> {
        match self {
            Algorithm::Zstd => read_capped(zstd::stream::read::Decoder::new(data), "zstd"),
            Algorithm::Lz4 => decompress_lz4(data),
            Algorithm::Gzip => read_capped(Ok(flate2::read::GzDecoder::new(data)), "gzip"),
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Algorithm::Zstd => "zstd",
            Algorithm::Lz4 => "lz4",
            Algorithm::Gzip => "gzip",
        })
    }
}

fn too_large(name: &str) -> CodecError {
    CodecError::custom(format!(
        "{name} data decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes"
    ))
}

/// Reads a decoder to the end, failing past [`MAX_DECOMPRESSED_BYTES`].
fn read_capped<R: Read>(decoder: std::io::Result<R>, name: &str) -> Result<Vec<u8>, CodecError> {
    let corrupt = |e: std::io::Error| CodecError::custom(format!("corrupt {name} data: {e}"));
    let decoder = decoder.map_err(corrupt)?;
    let mut out = Vec::new();
    let cap = u64::try_from(MAX_DECOMPRESSED_BYTES).unwrap_or(u64::MAX);
    decoder
        .take(cap.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(corrupt)?;
    if out.len() > MAX_DECOMPRESSED_BYTES {
        return Err(too_large(name));
    }
    Ok(out)
}

/// An LZ4 block after its little-endian `u32` raw size, the size checked
/// against the cap before anything is allocated.
fn decompress_lz4(data: &[u8]) -> Result<Vec<u8>, CodecError> {
    let (size, block) = match data {
        [a, b, c, d, rest @ ..] => (u32::from_le_bytes([*a, *b, *c, *d]), rest),
        _ => {
            return Err(CodecError::custom(
                "corrupt lz4 data: shorter than its 4-byte size header",
            ))
        }
    };
    let size = usize::try_from(size).map_err(|_| too_large("lz4"))?;
    if size > MAX_DECOMPRESSED_BYTES {
        return Err(too_large("lz4"));
    }
    lz4_flex::block::decompress(block, size)
        .map_err(|e| CodecError::custom(format!("corrupt lz4 data: {e}")))
}

/// Compresses bytes and returns the stored form: prefix plus base64.
///
/// ```
/// use dynorm::attributes::{compress_bytes, decompress_bytes, Algorithm};
/// let stored = compress_bytes(&[7; 500], Algorithm::Gzip, 6).unwrap();
/// assert!(stored.starts_with("GZIP:"));
/// assert_eq!(decompress_bytes(&stored).unwrap(), vec![7; 500]);
/// ```
pub fn compress_bytes(data: &[u8], algorithm: Algorithm, level: i32) -> Result<String, CodecError> {
    let compressed = algorithm.compress(data, level)?;
    Ok(format!(
        "{}{}",
        algorithm.prefix(),
        BASE64.encode(compressed)
    ))
}

/// Compresses text and returns the stored form: prefix plus base64 (always
/// compressed, whatever the size; see [`Compressed`] for the size rules).
///
/// ```
/// use dynorm::attributes::{compress_str, decompress_str, Algorithm};
/// let stored = compress_str("hello hello hello", Algorithm::Zstd, 3).unwrap();
/// assert!(stored.starts_with("ZSTD:"));
/// assert_eq!(decompress_str(&stored).unwrap(), "hello hello hello");
/// ```
pub fn compress_str(text: &str, algorithm: Algorithm, level: i32) -> Result<String, CodecError> {
    compress_bytes(text.as_bytes(), algorithm, level)
}

/// The bytes of a stored value: decompressed by the algorithm its prefix
/// names, or the text's own bytes when it has no prefix.
pub fn decompress_bytes(stored: &str) -> Result<Vec<u8>, CodecError> {
    match Algorithm::detect(stored) {
        None => Ok(stored.as_bytes().to_vec()),
        Some((algorithm, encoded)) => {
            let compressed = BASE64.decode(encoded).map_err(|e| {
                CodecError::custom(format!(
                    "invalid base64 after `{}`: {e}",
                    algorithm.prefix()
                ))
            })?;
            algorithm.decompress(&compressed)
        }
    }
}

/// The text of a stored value: decompressed by the algorithm its prefix
/// names, or the value itself when it has no prefix.
///
/// ```
/// use dynorm::attributes::decompress_str;
/// assert_eq!(decompress_str("not compressed").unwrap(), "not compressed");
/// assert!(decompress_str("ZSTD:not base64!").is_err());
/// ```
pub fn decompress_str(stored: &str) -> Result<String, CodecError> {
    if Algorithm::detect(stored).is_none() {
        return Ok(stored.to_owned());
    }
    String::from_utf8(decompress_bytes(stored)?)
        .map_err(|e| CodecError::custom(format!("decompressed value is not valid UTF-8 text: {e}")))
}

/// How a [`Compressed`] field compresses: a marker type with constants.
///
/// The provided configs are [`Zstd`] (level 3), [`Lz4`] and [`Gzip`]
/// (level 6), each with a minimum size of 100 bytes and a threshold of 0.9.
/// Declare your own for other settings:
///
/// ```
/// use dynorm::attributes::{Algorithm, Compressed, CompressionConfig};
///
/// /// Zstd at its highest level, for values of 1 KB and more.
/// struct Max;
/// impl CompressionConfig for Max {
///     const ALGORITHM: Algorithm = Algorithm::Zstd;
///     const LEVEL: i32 = 19;
///     const MIN_SIZE: usize = 1024;
/// }
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Doc {
///     body: Compressed<String, Max>,
/// }
/// ```
pub trait CompressionConfig: 'static {
    /// The algorithm used when writing.
    const ALGORITHM: Algorithm;
    /// The level (ignored by LZ4).
    const LEVEL: i32;
    /// Values shorter than this many bytes are stored uncompressed.
    const MIN_SIZE: usize = 100;
    /// A value is stored compressed only when compressed length / raw length
    /// is below this ratio.
    const THRESHOLD: f64 = 0.9;
}

/// Zstd at level 3 (the default config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Zstd;

impl CompressionConfig for Zstd {
    const ALGORITHM: Algorithm = Algorithm::Zstd;
    const LEVEL: i32 = 3;
}

/// LZ4 (no levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lz4;

impl CompressionConfig for Lz4 {
    const ALGORITHM: Algorithm = Algorithm::Lz4;
    const LEVEL: i32 = 0;
}

/// Gzip at level 6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gzip;

impl CompressionConfig for Gzip {
    const ALGORITHM: Algorithm = Algorithm::Gzip;
    const LEVEL: i32 = 6;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for String {}
    impl Sealed for Vec<u8> {}
}

/// A value a [`Compressed`] field can hold: `String` or `Vec<u8>`.
pub trait Compressible: sealed::Sealed + Sized {
    /// The raw bytes that get compressed.
    fn raw_bytes(&self) -> &[u8];
    /// Serializes the value uncompressed (`S` for text, `B` for bytes).
    fn serialize_plain<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// The value from decompressed bytes.
    fn from_decompressed(bytes: Vec<u8>) -> Result<Self, CodecError>;
    /// The value from an uncompressed `S`.
    fn from_plain_text(text: String) -> Result<Self, CodecError>;
    /// The value from an uncompressed `B`.
    fn from_plain_bytes(bytes: Vec<u8>) -> Result<Self, CodecError>;
}

impl Compressible for String {
    fn raw_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
    fn serialize_plain<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
    fn from_decompressed(bytes: Vec<u8>) -> Result<Self, CodecError> {
        String::from_utf8(bytes).map_err(|e| {
            CodecError::custom(format!("decompressed value is not valid UTF-8 text: {e}"))
        })
    }
    fn from_plain_text(text: String) -> Result<Self, CodecError> {
        Ok(text)
    }
    fn from_plain_bytes(bytes: Vec<u8>) -> Result<Self, CodecError> {
        String::from_utf8(bytes)
            .map_err(|e| CodecError::custom(format!("binary value is not valid UTF-8 text: {e}")))
    }
}

impl Compressible for Vec<u8> {
    fn raw_bytes(&self) -> &[u8] {
        self
    }
    fn serialize_plain<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self)
    }
    fn from_decompressed(bytes: Vec<u8>) -> Result<Self, CodecError> {
        Ok(bytes)
    }
    fn from_plain_text(text: String) -> Result<Self, CodecError> {
        Ok(text.into_bytes())
    }
    fn from_plain_bytes(bytes: Vec<u8>) -> Result<Self, CodecError> {
        Ok(bytes)
    }
}

/// A `String` or `Vec<u8>` field stored compressed when that pays off
/// (pydynox's `CompressedAttribute`).
///
/// When written, a value of at least `C::MIN_SIZE` bytes whose compressed
/// length is below `C::THRESHOLD` times its length is stored as an `S`:
/// `"ZSTD:"`, `"LZ4:"` or `"GZIP:"` followed by base64 (see *Storage
/// format* below); any other value is stored plain. Text that itself
/// starts with one of those prefixes is always stored compressed, so that it
/// reads back unchanged. When read, the prefix decides the algorithm, whatever
/// `C` says.
///
/// ```
/// use dynorm::attributes::{Compressed, Lz4};
/// use dynorm::{to_value, from_value, Value};
///
/// let body: Compressed<String> = "lorem ipsum ".repeat(50).into();
/// let stored = to_value(&body).unwrap();
/// assert!(stored.as_str().unwrap().starts_with("ZSTD:"));
///
/// // Any config reads any prefix.
/// let back: Compressed<String, Lz4> = from_value(stored).unwrap();
/// assert_eq!(*back, *body);
///
/// // Short values stay plain.
/// let short: Compressed<String> = "hi".to_string().into();
/// assert_eq!(to_value(&short).unwrap(), Value::from("hi"));
/// ```
///
/// # Storage format
///
/// A compressed value is an `S` attribute: a prefix naming the algorithm
/// followed by the standard base64 alphabet (with `=` padding) of the
/// compressed bytes:
///
/// | prefix  | compressed bytes                                                   |
/// |---------|--------------------------------------------------------------------|
/// | `ZSTD:` | one zstd frame                                                     |
/// | `LZ4:`  | an LZ4 block preceded by the raw length as a little-endian `u32`   |
/// | `GZIP:` | a gzip member (RFC 1952)                                           |
///
/// A value that is not worth compressing is stored as is: `S` for a `String`,
/// `B` for bytes. On reading, the prefix alone decides the algorithm, so the
/// algorithm of a field can change while older items stay readable.
pub struct Compressed<T: Compressible, C: CompressionConfig = Zstd> {
    value: T,
    config: PhantomData<fn() -> C>,
}

impl<T: Compressible, C: CompressionConfig> Compressed<T, C> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Compressed {
            value,
            config: PhantomData,
        }
    }

    /// The value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The stored form of the value, if it is stored compressed: prefix plus
    /// base64. `None` when it is stored plain.
    pub fn compressed_form(&self) -> Result<Option<String>, CodecError> {
        let raw = self.value.raw_bytes();
        let must = Algorithm::detect_bytes(raw);
        if raw.len() < C::MIN_SIZE && !must {
            return Ok(None);
        }
        let compressed = C::ALGORITHM.compress(raw, C::LEVEL)?;
        // Lengths of in-memory buffers: exact enough as f64 for a ratio.
        #[allow(clippy::cast_precision_loss)]
        let ratio = compressed.len() as f64 / raw.len().max(1) as f64;
        if ratio >= C::THRESHOLD && !must {
            return Ok(None);
        }
        Ok(Some(format!(
            "{}{}",
            C::ALGORITHM.prefix(),
            BASE64.encode(compressed)
        )))
    }
}

impl Algorithm {
    /// Whether raw bytes start with one of the prefixes.
    fn detect_bytes(raw: &[u8]) -> bool {
        Algorithm::ALL
            .into_iter()
            .any(|a| raw.starts_with(a.prefix().as_bytes()))
    }
}

impl<T: Compressible, C: CompressionConfig> Deref for Compressed<T, C> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Compressible, C: CompressionConfig> From<T> for Compressed<T, C> {
    fn from(value: T) -> Self {
        Compressed::new(value)
    }
}

impl<C: CompressionConfig> From<&str> for Compressed<String, C> {
    fn from(value: &str) -> Self {
        Compressed::new(value.to_owned())
    }
}

impl<T: Compressible + fmt::Debug, C: CompressionConfig> fmt::Debug for Compressed<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Compressed").field(&self.value).finish()
    }
}

impl<T: Compressible + Clone, C: CompressionConfig> Clone for Compressed<T, C> {
    fn clone(&self) -> Self {
        Compressed::new(self.value.clone())
    }
}

impl<T: Compressible + PartialEq, C: CompressionConfig> PartialEq for Compressed<T, C> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Compressible + Eq, C: CompressionConfig> Eq for Compressed<T, C> {}

impl<T: Compressible + Default, C: CompressionConfig> Default for Compressed<T, C> {
    fn default() -> Self {
        Compressed::new(T::default())
    }
}

impl<T: Compressible, C: CompressionConfig> Serialize for Compressed<T, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.compressed_form().map_err(serde::ser::Error::custom)? {
            Some(stored) => serializer.serialize_str(&stored),
            None => self.value.serialize_plain(serializer),
        }
    }
}

impl<'de, T: Compressible, C: CompressionConfig> Deserialize<'de> for Compressed<T, C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(StoredVisitor(PhantomData))
            .map(Compressed::new)
    }
}

/// Reads an `S` (compressed or plain) or a `B` (plain bytes).
struct StoredVisitor<T>(PhantomData<fn() -> T>);

impl<T: Compressible> StoredVisitor<T> {
    fn text<E: de::Error>(text: String) -> Result<T, E> {
        let result = match Algorithm::detect(&text) {
            None => T::from_plain_text(text),
            Some(_) => decompress_bytes(&text).and_then(T::from_decompressed),
        };
        result.map_err(|e| E::custom(e.message))
    }
}

impl<'de, T: Compressible> Visitor<'de> for StoredVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (S), compressed or plain, or binary (B)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Self::text(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Self::text(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        T::from_plain_bytes(v.to_vec()).map_err(|e| E::custom(e.message))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<T, E> {
        T::from_plain_bytes(v).map_err(|e| E::custom(e.message))
    }
}
