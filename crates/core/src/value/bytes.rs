//! [`Bytes`]: a byte string field stored as DynamoDB's binary type (`B`).
//!
//! serde sees a `Vec<u8>` as a sequence, so a plain `Vec<u8>` field becomes a
//! list of numbers (`L` of `N`). `Bytes` asks for bytes instead: through
//! dynorm's codec it is a `B`; through other serde formats it is what their
//! binary type is (`serialize_bytes`) in binary formats, and standard-alphabet
//! base64 text in human-readable ones such as JSON, the text
//! [`item_to_json`](super::item_to_json) and DynamoDB's own JSON (`{"B":
//! "AQID"}`) hold for binary values.

use super::magic;
use base64::Engine as _;
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use std::borrow::{Borrow, BorrowMut};
use std::fmt;
use std::ops::{Deref, DerefMut};

/// A byte string stored as `B`: images, hashes, encrypted blobs, anything
/// that is bytes rather than text.
///
/// ```
/// use dynorm::{Bytes, Item, Value};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize)]
/// struct Avatar {
///     user: String,
///     png: Bytes,
///     thumbnail: Option<Bytes>,
/// }
///
/// let avatar = Avatar { user: "ann".into(), png: vec![0x89, b'P', b'N', b'G'].into(), thumbnail: None };
/// let item = dynorm::to_item(&avatar).unwrap();
/// assert_eq!(item.get("png"), Some(&Value::B(vec![0x89, b'P', b'N', b'G'])));
///
/// let back: Avatar = dynorm::from_item(item).unwrap();
/// assert_eq!(&back.png[1..], b"PNG"); // derefs to [u8]
/// assert_eq!(format!("{:?}", back.png), "Bytes(4 bytes: 89504e47)");
///
/// // In JSON, base64 as item_to_json and DynamoDB's JSON write it:
/// let json = serde_json::to_value(&back).unwrap();
/// assert_eq!(json["png"], "iVBORw==");
/// ```
///
/// Reading accepts `B`, and also a list of numbers (`L` of `N` from 0 to
/// 255) as a plain `Vec<u8>` field wrote it, so a field can change from
/// `Vec<u8>` to `Bytes` without rewriting stored items. Its
/// [`Debug`](fmt::Debug) shows the length and at most the first 32 bytes.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bytes(Vec<u8>);

/// How many leading bytes [`Bytes`]' `Debug` shows.
const DEBUG_SHOWN: usize = 32;

impl Bytes {
    /// An empty byte string.
    pub fn new() -> Bytes {
        Bytes(Vec::new())
    }

    /// The bytes, as a vector.
    ///
    /// ```
    /// let bytes = dynorm::Bytes::from(vec![1, 2]);
    /// assert_eq!(bytes.into_vec(), vec![1, 2]);
    /// ```
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }

    /// The bytes, as a slice.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Bytes {
    /// `Bytes(3 bytes: 010203)`; past 32 bytes, the first 32 and `…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({} bytes: ", self.0.len())?;
        for b in self.0.iter().take(DEBUG_SHOWN) {
            write!(f, "{b:02x}")?;
        }
        if self.0.len() > DEBUG_SHOWN {
            f.write_str("…")?;
        }
        f.write_str(")")
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl DerefMut for Bytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl AsMut<[u8]> for Bytes {
    fn as_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}

impl Borrow<[u8]> for Bytes {
    fn borrow(&self) -> &[u8] {
        &self.0
    }
}

impl BorrowMut<[u8]> for Bytes {
    fn borrow_mut(&mut self) -> &mut [u8] {
        &mut self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes(v)
    }
}

impl From<&[u8]> for Bytes {
    fn from(v: &[u8]) -> Bytes {
        Bytes(v.to_vec())
    }
}

impl<const N: usize> From<[u8; N]> for Bytes {
    fn from(v: [u8; N]) -> Bytes {
        Bytes(v.to_vec())
    }
}

impl From<Bytes> for Vec<u8> {
    fn from(b: Bytes) -> Vec<u8> {
        b.0
    }
}

impl From<Bytes> for super::Value {
    fn from(b: Bytes) -> super::Value {
        super::Value::B(b.0)
    }
}

impl FromIterator<u8> for Bytes {
    fn from_iter<I: IntoIterator<Item = u8>>(iter: I) -> Bytes {
        Bytes(iter.into_iter().collect())
    }
}

impl PartialEq<[u8]> for Bytes {
    fn eq(&self, other: &[u8]) -> bool {
        self.0 == other
    }
}

impl PartialEq<Vec<u8>> for Bytes {
    fn eq(&self, other: &Vec<u8>) -> bool {
        &self.0 == other
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        BytesRef(&self.0).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Bytes, D::Error> {
        deserializer.deserialize_newtype_struct(magic::BINARY, BytesVisitor)
    }
}

/// Borrowed bytes that serialize as [`Bytes`] does (`B`, bytes, or base64).
pub(super) struct BytesRef<'a>(pub(super) &'a [u8]);

impl Serialize for BytesRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(magic::BINARY, &Raw(self.0))
    }
}

/// The content under the binary marker: bytes for binary formats (and for
/// dynorm's serializer, which hands it a serializer that is not
/// human-readable), base64 text for human-readable ones.
struct Raw<'a>(&'a [u8]);

impl Serialize for Raw<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&to_base64(self.0))
        } else {
            serializer.serialize_bytes(self.0)
        }
    }
}

/// Bytes as base64 text with the standard alphabet and padding, as DynamoDB
/// writes binary values in JSON.
pub(crate) fn to_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Reads base64 text (standard alphabet, padded), as [`to_base64`] writes it.
pub(super) fn from_base64(text: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("binary value is not valid base64: {e}"))
}

/// Reads [`Bytes`] from whatever form the data format holds.
struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Bytes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("bytes (binary, base64 text or a sequence of bytes)")
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
        Ok(Bytes(v.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
        Ok(Bytes(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Bytes, E> {
        from_base64(v).map(Bytes).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bytes, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(b) = seq.next_element::<u8>()? {
            out.push(b);
        }
        Ok(Bytes(out))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Bytes, D::Error> {
        if d.is_human_readable() {
            d.deserialize_any(BytesVisitor)
        } else {
            d.deserialize_byte_buf(BytesVisitor)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_length_and_a_prefix() {
        assert_eq!(format!("{:?}", Bytes::new()), "Bytes(0 bytes: )");
        let big = Bytes::from(vec![0xab; 5 * 1024 * 1024]);
        let shown = format!("{big:?}");
        assert_eq!(
            shown,
            format!("Bytes(5242880 bytes: {}…)", "ab".repeat(DEBUG_SHOWN))
        );
        assert!(shown.len() < 100);
        let exact = Bytes::from([7u8; DEBUG_SHOWN]);
        assert!(!format!("{exact:?}").contains('…'));
    }

    #[test]
    fn json_is_base64_both_ways() {
        let b = Bytes::from(vec![0, 255, 16]);
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"AP8Q\"");
        let back: Bytes = serde_json::from_str("\"AP8Q\"").unwrap();
        assert_eq!(back, b);
        // A JSON array of byte values reads too.
        let back: Bytes = serde_json::from_str("[0, 255, 16]").unwrap();
        assert_eq!(back, b);
        let err = serde_json::from_str::<Bytes>("\"not base64!\"").unwrap_err();
        assert!(err.to_string().contains("not valid base64"), "{err}");
        let err = serde_json::from_str::<Bytes>("[256]").unwrap_err();
        assert!(err.to_string().contains("256"), "{err}");
    }

    #[test]
    fn conversions() {
        let b: Bytes = vec![1u8, 2, 3].into();
        assert_eq!(b.len(), 3);
        assert_eq!(b.as_ref(), &[1, 2, 3]);
        assert_eq!(b, vec![1u8, 2, 3]);
        assert_eq!(b, *[1u8, 2, 3].as_slice());
        assert_eq!(
            super::super::Value::from(b.clone()),
            super::super::Value::B(vec![1, 2, 3])
        );
        let mut m = b;
        m[0] = 9;
        assert_eq!(Vec::from(m), vec![9, 2, 3]);
        assert_eq!((1..=3).collect::<Bytes>(), Bytes::from([1u8, 2, 3]));
    }
}
