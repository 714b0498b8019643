//! [`S3Object`]: the field type of an S3-backed attribute.

use super::file::PendingEnvelope;
use super::{S3File, S3Value};
use serde::de::{Deserializer, Error as _};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

/// An S3-backed attribute's value: a file to upload on the next save, or an
/// object already stored.
///
/// Models get `Stored` values when they are read, and from
/// [`PutItem::send_written`](crate::client::PutItem::send_written) after a
/// save that uploaded.
///
/// ```
/// use dynorm::attributes::{S3File, S3Object};
/// let pending: S3Object = S3File::from_bytes(b"hi".to_vec(), "hi.txt").into();
/// assert!(pending.is_pending());
/// assert!(pending.stored().is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum S3Object {
    /// Uploaded by the next save.
    File(S3File),
    /// Already in the object store.
    Stored(S3Value),
}

impl S3Object {
    /// The stored object's metadata, `None` while the file is pending.
    pub fn stored(&self) -> Option<&S3Value> {
        match self {
            S3Object::Stored(v) => Some(v),
            S3Object::File(_) => None,
        }
    }

    /// Whether the file waits for a save to be uploaded.
    pub fn is_pending(&self) -> bool {
        matches!(self, S3Object::File(_))
    }
}

/// The field types an S3-backed attribute may have: [`S3Object`] and
/// `Option<S3Object>` (`None` clears the reference and keeps the object).
/// `#[derive(Model)]` checks it.
#[diagnostic::on_unimplemented(
    message = "an S3-backed field must be `S3Object` or `Option<S3Object>`, not `{Self}`"
)]
pub trait S3Field {}

impl S3Field for S3Object {}

impl S3Field for Option<S3Object> {}

impl From<S3File> for S3Object {
    fn from(file: S3File) -> S3Object {
        S3Object::File(file)
    }
}

impl From<S3Value> for S3Object {
    fn from(value: S3Value) -> S3Object {
        S3Object::Stored(value)
    }
}

impl Serialize for S3Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            S3Object::File(f) => f.serialize(serializer),
            S3Object::Stored(v) => v.serialize(serializer),
        }
    }
}

/// Either form, told apart by the pending marker.
#[derive(Deserialize)]
#[serde(untagged)]
enum Either {
    Pending(PendingEnvelope),
    Stored(S3Value),
}

impl<'de> Deserialize<'de> for S3Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Either::deserialize(deserializer) {
            Ok(Either::Pending(p)) => Ok(S3Object::File(p.into_file()?)),
            Ok(Either::Stored(v)) => Ok(S3Object::Stored(v)),
            Err(_) => Err(D::Error::custom(
                "an S3-backed attribute is a map with `bucket`, `key`, `size` and `etag`",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::s3::file::accepting_pending;
    use crate::value::{from_value, to_value, Item, Value};

    #[test]
    fn pending_files_round_trip_through_the_marker() -> crate::Result<()> {
        let file = S3File::from_bytes(vec![0, 1, 2], "a.bin")
            .content_type("application/octet-stream")
            .metadata("k", "v");
        let object = S3Object::from(file.clone());
        let value = to_value(&object)?;
        let Value::M(map) = &value else {
            panic!("not a map: {value:?}")
        };
        let Some(Value::M(pending)) = map.get(crate::attributes::s3::PENDING_MARKER) else {
            panic!("no marker: {map:?}")
        };
        assert_eq!(pending.get("bytes"), Some(&Value::B(vec![0, 1, 2])));
        let back = accepting_pending(|| from_value::<S3Object>(value))?;
        assert_eq!(back, S3Object::File(file));

        let path = S3File::from_path("/data/in.csv")?;
        let value = to_value(&S3Object::from(path.clone()))?;
        let back: S3Object = accepting_pending(|| from_value(value))?;
        assert_eq!(back, S3Object::File(path));
        Ok(())
    }

    #[test]
    fn the_marker_is_rejected_off_the_write_path() -> crate::Result<()> {
        let path = S3File::from_path("/etc/passwd")?;
        let value = to_value(&S3Object::from(path))?;
        let err = from_value::<S3Object>(value.clone()).expect_err("not on the write path");
        assert!(err.message.contains("dynorm:upload"), "{err}");
        assert!(from_value::<S3File>(value.clone()).is_err());
        let item = Item::new().with("doc", value.clone());
        #[derive(Debug, serde::Deserialize)]
        struct Holder {
            #[allow(dead_code)]
            doc: S3Object,
        }
        let err = crate::value::from_item::<Holder>(item).expect_err("a read");
        assert_eq!(err.attribute.as_deref(), Some("doc"), "{err}");
        // The scope ends with the call, even when it fails.
        let _ = accepting_pending(|| from_value::<u8>(Value::from("x")));
        assert!(from_value::<S3Object>(value).is_err());
        Ok(())
    }

    #[test]
    fn stored_values_read_the_seed_layout_and_reject_others() -> crate::Result<()> {
        let seed = Value::M(
            Item::new()
                .with("bucket", "my-bucket")
                .with("key", "docs/DOC/1/report.pdf")
                .with("size", 1_048_576)
                .with("etag", "d41d8cd98f00b204e9800998ecf8427e")
                .with("content_type", "application/pdf")
                .with("last_modified", "2024-01-15T10:30:00Z")
                .with("version_id", "abc123")
                .with(
                    "metadata",
                    Value::M(Item::new().with("author", "John").with("version", "1.0")),
                ),
        );
        let object: S3Object = from_value(seed.clone())?;
        let stored = object.stored().expect("stored");
        assert_eq!(stored.version_id.as_deref(), Some("abc123"));
        assert_eq!(
            stored.metadata.get("version").map(String::as_str),
            Some("1.0")
        );
        assert_eq!(
            stored.location().to_string(),
            "s3://my-bucket/docs/DOC/1/report.pdf"
        );
        assert_eq!(to_value(&object)?, seed);

        let bad = Value::M(Item::new().with("bucket", "b"));
        let err = from_value::<S3Object>(bad).expect_err("no key, size or etag");
        assert!(
            err.to_string()
                .contains("`bucket`, `key`, `size` and `etag`"),
            "{err}"
        );
        Ok(())
    }
}
