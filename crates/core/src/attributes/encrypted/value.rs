//! [`Encrypted<T>`]: the value of an encrypted attribute, in the clear.

use crate::value::{Item, Value};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

/// The key of the map an [`Encrypted`] value is inside a model's item until
/// the write encrypts it, and after a read decrypted it.
pub(crate) const PLAINTEXT_MARKER: &str = "dynorm:plaintext";

/// The marker map holding `text`.
pub(crate) fn plaintext_marker(text: String) -> Value {
    Value::M(Item::new().with(PLAINTEXT_MARKER, Value::S(text)))
}

/// A value stored encrypted (see [`attributes::encrypted`](crate::attributes)
/// and the field option `#[dynorm(encrypted(key = "..."))]`); in the model
/// it is the plain value, reached through [`Deref`] or
/// [`into_inner`](Encrypted::into_inner).
///
/// Its `Debug` output hides the value.
///
/// ```
/// use dynorm::attributes::Encrypted;
/// let ssn: Encrypted<String> = "123-45-6789".into();
/// assert_eq!(ssn.len(), 11);
/// assert_eq!(format!("{ssn:?}"), "Encrypted(<redacted>)");
/// assert_eq!(ssn.into_inner(), "123-45-6789");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Encrypted<T>(T);

impl<T> Encrypted<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Encrypted<T> {
        Encrypted(value)
    }

    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl Encrypted<String> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<T> Deref for Encrypted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Encrypted<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> From<T> for Encrypted<T> {
    fn from(value: T) -> Self {
        Encrypted(value)
    }
}

impl From<&str> for Encrypted<String> {
    fn from(value: &str) -> Self {
        Encrypted(value.to_owned())
    }
}

impl<T> fmt::Debug for Encrypted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Encrypted(<redacted>)")
    }
}

/// The text encrypted for `value`: the string itself, or JSON text.
fn to_text<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    match serde_json::to_value(value)? {
        serde_json::Value::String(s) => Ok(s),
        other => serde_json::to_string(&other),
    }
}

/// `T` from its decrypted text ([`to_text`] undone).
fn from_text<T: DeserializeOwned>(text: String) -> Result<T, serde_json::Error> {
    match T::deserialize(serde_json::Value::String(text.clone())) {
        Ok(value) => Ok(value),
        Err(as_string) => serde_json::from_str(&text).map_err(|_| as_string),
    }
}

impl<T: Serialize> Serialize for Encrypted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = to_text(&self.0).map_err(serde::ser::Error::custom)?;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(PLAINTEXT_MARKER, &text)?;
        map.end()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Encrypted<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Marker<T>(PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for Marker<T> {
            type Value = Encrypted<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decrypted value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Err(E::custom(
                    if v.starts_with(crate::encryption::ENCRYPTED_PREFIX) {
                        "the value is still encrypted: encrypted attributes are decrypted by the \
                     client's reads (get, query, scan, batch get) of the model"
                    } else {
                        "an encrypted attribute holds a plain string, not an encrypted value"
                    },
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut text = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != PLAINTEXT_MARKER || text.is_some() {
                        return Err(de::Error::custom(
                            "an encrypted attribute holds a map, not an encrypted value",
                        ));
                    }
                    text = Some(map.next_value::<String>()?);
                }
                let text = text.ok_or_else(|| {
                    de::Error::custom("an encrypted attribute holds a map, not an encrypted value")
                })?;
                from_text(text).map(Encrypted).map_err(de::Error::custom)
            }
        }
        deserializer.deserialize_any(Marker(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{from_value, to_value};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Card {
        number: String,
        cvv: u16,
    }

    #[test]
    fn strings_are_their_own_text() {
        let v = to_value(&Encrypted::new("abc".to_owned())).expect("ser");
        assert_eq!(v, plaintext_marker("abc".into()));
        let back: Encrypted<String> = from_value(v).expect("de");
        assert_eq!(back.as_str(), "abc");
        // A string that looks like JSON stays a string.
        let v = to_value(&Encrypted::new("42".to_owned())).expect("ser");
        assert_eq!(
            from_value::<Encrypted<String>>(v).expect("de").as_str(),
            "42"
        );
    }

    #[test]
    fn other_types_are_json_text() {
        let card = Card {
            number: "4111".into(),
            cvv: 123,
        };
        let v = to_value(&Encrypted::new(card)).expect("ser");
        let Value::M(map) = &v else {
            panic!("not a marker: {v:?}")
        };
        let Some(Value::S(text)) = map.get(PLAINTEXT_MARKER) else {
            panic!("no text")
        };
        let json: serde_json::Value = serde_json::from_str(text).expect("JSON text");
        assert_eq!(json, serde_json::json!({"number": "4111", "cvv": 123}));
        let back: Encrypted<Card> = from_value(v).expect("de");
        assert_eq!(back.cvv, 123);
        let n: Encrypted<u64> = from_value(plaintext_marker("7".into())).expect("de");
        assert_eq!(*n, 7);
    }

    #[test]
    fn ciphertext_and_plain_strings_are_refused() {
        let err = from_value::<Encrypted<String>>(Value::S("ENC:AQ==".into())).expect_err("enc");
        assert!(err.to_string().contains("still encrypted"), "{err}");
        let err = from_value::<Encrypted<String>>(Value::S("x".into())).expect_err("plain");
        assert!(err.to_string().contains("plain string"), "{err}");
        let other = Value::M(Item::new().with("a", "b"));
        assert!(from_value::<Encrypted<String>>(other).is_err());
    }
}
