//! The read side of encrypted attributes: decrypting the envelopes of an
//! item read from a table before the model is decoded.

use super::plaintext_marker;
use super::seal::key_service_for;
use crate::client::Client;
use crate::encryption::{in_attribute, EncryptionError, EncryptionErrorKind, Envelope};
use crate::error::Result;
use crate::model::ModelSchema;
use crate::value::{Item, Value};

/// Decrypts each of `schema`'s encrypted attributes in `item` and puts the
/// text in its place for the model's `Encrypted` field. Absent and `NULL`
/// attributes stay as they are; anything but an envelope string is a
/// [`Format`](EncryptionErrorKind::Format) error naming the attribute.
pub(crate) async fn open_item(
    client: &Client,
    schema: &ModelSchema,
    mut item: Item,
) -> Result<Item> {
    let Some(keys) = key_service_for(client, schema)? else {
        return Ok(item);
    };
    for attr in schema.encrypted_attributes {
        let format = |message: String| {
            crate::Error::from(
                EncryptionError::new(EncryptionErrorKind::Format, message)
                    .in_attribute(attr.attribute),
            )
        };
        let envelope = match item.get(attr.attribute) {
            None | Some(Value::Null) => continue,
            Some(Value::S(stored)) => Envelope::decode(stored)
                .map_err(|e| crate::Error::from(e.in_attribute(attr.attribute)))?,
            Some(other) => {
                return Err(format(format!(
                    "the stored value is a {}, not an encrypted string",
                    other.value_type()
                )))
            }
        };
        let data_key = keys
            .decrypt_data_key(
                attr.key_id,
                &envelope.encrypted_key,
                &attr.encryption_context(),
            )
            .await
            .map_err(|e| in_attribute(e, attr.attribute))?;
        let plain = envelope
            .open(&data_key)
            .map_err(|e| crate::Error::from(e.in_attribute(attr.attribute)))?;
        let text = String::from_utf8(plain)
            .map_err(|_| format("the decrypted value is not UTF-8 text".to_owned()))?;
        item.insert(attr.attribute, plaintext_marker(text));
    }
    Ok(item)
}
