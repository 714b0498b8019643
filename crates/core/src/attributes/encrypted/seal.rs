//! The write side of encrypted attributes: encrypting a model's values
//! before its item or update is sent, and refusing values to encrypt that
//! no encrypted attribute holds.

use super::{EncryptedAttributeSchema, PLAINTEXT_MARKER};
use crate::client::Client;
use crate::encryption::{in_attribute, Envelope, KeyService};
use crate::error::{Error, Result};
use crate::expr::{Path, SetExpr, Update, UpdateAction, UpdateOperand};
use crate::model::ModelSchema;
use crate::value::{Item, Value};
use std::sync::Arc;

/// The text of a marker map made by [`Encrypted`](super::Encrypted).
fn marker_text(value: &Value) -> Option<&str> {
    match value {
        Value::M(map) if map.len() == 1 => match map.get(PLAINTEXT_MARKER) {
            Some(Value::S(text)) => Some(text),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `value` holds a marker anywhere inside.
fn holds_plaintext(value: &Value) -> bool {
    match value {
        Value::M(map) => {
            map.contains(PLAINTEXT_MARKER) || map.iter().any(|(_, v)| holds_plaintext(v))
        }
        Value::L(list) => list.iter().any(holds_plaintext),
        _ => false,
    }
}

fn stray_plaintext(attribute: &str) -> Error {
    Error::validation(format!(
        "attribute `{attribute}` holds an `Encrypted` value that no encrypted attribute of the \
         model encrypts: only a model's own top-level fields marked \
         `#[dynorm(encrypted(key = \"...\"))]` are encrypted, and nothing is written in the clear"
    ))
}

/// Refuses an item to be written that still holds a value to encrypt
/// (a raw item made from a model, a nested `Encrypted` field).
pub(crate) fn check_no_plaintext(item: &Item) -> Result<()> {
    for (name, value) in item {
        if holds_plaintext(value) {
            return Err(stray_plaintext(name));
        }
    }
    Ok(())
}

/// The literal values of an update's `SET` actions, with their paths.
fn set_literals(update: &mut Update) -> Vec<(&Path, &mut Value)> {
    fn operand<'a>(
        path: &'a Path,
        o: &'a mut UpdateOperand,
        out: &mut Vec<(&'a Path, &'a mut Value)>,
    ) {
        match o {
            UpdateOperand::Value(v) => out.push((path, v)),
            UpdateOperand::Path(_) => {}
            UpdateOperand::IfNotExists(_, o) => operand(path, o, out),
            UpdateOperand::ListAppend(a, b) => {
                operand(path, a, out);
                operand(path, b, out);
            }
        }
    }
    let mut out = Vec::new();
    for action in update.actions_mut() {
        if let UpdateAction::Set(path, expr) = action {
            let path = &*path;
            match expr {
                SetExpr::Operand(o) => operand(path, o, &mut out),
                SetExpr::Plus(a, b) | SetExpr::Minus(a, b) => {
                    operand(path, a, &mut out);
                    operand(path, b, &mut out);
                }
            }
        }
    }
    out
}

/// Refuses an update (of a raw item, or of a model without encrypted
/// attributes) that sets a value to encrypt.
pub(crate) fn check_no_plaintext_in_update(update: &mut Update) -> Result<()> {
    for (path, value) in set_literals(update) {
        if holds_plaintext(value) {
            return Err(stray_plaintext(path.root()));
        }
    }
    Ok(())
}

/// The client's key service, for a model with encrypted attributes.
fn key_service(client: &Client, schema: &ModelSchema) -> Result<Arc<dyn KeyService>> {
    client.key_service().cloned().map_err(|_| {
        Error::config(format!(
            "model {} has encrypted attributes ({}) but this client has no key service; \
             give it one with `ClientBuilder::key_service` or `Client::with_key_service`",
            schema.type_name,
            schema
                .encrypted_attributes
                .iter()
                .map(|a| a.attribute)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// The key service for a write or read of a model with encrypted
/// attributes (a [`Config`](Error::Config) error when the client has none);
/// `None` for models without them.
pub(crate) fn key_service_for(
    client: &Client,
    schema: &ModelSchema,
) -> Result<Option<Arc<dyn KeyService>>> {
    if schema.encrypted_attributes.is_empty() {
        return Ok(None);
    }
    key_service(client, schema).map(Some)
}

/// The envelope of `text` under the attribute's key and context.
async fn seal(keys: &dyn KeyService, attr: &EncryptedAttributeSchema, text: &str) -> Result<Value> {
    let named = |e| in_attribute(e, attr.attribute);
    let data_key = keys
        .generate_data_key(attr.key_id, &attr.encryption_context())
        .await
        .map_err(named)?;
    let envelope = Envelope::seal(&data_key, text.as_bytes())
        .and_then(|e| e.encode())
        .map_err(|e| Error::from(e.in_attribute(attr.attribute)))?;
    Ok(Value::S(envelope))
}

/// Encrypts the values of `schema`'s encrypted attributes in `item` (a
/// model's whole item about to be written), each with a data key of its
/// own. Absent and `NULL` attributes stay as they are; anything else in an
/// encrypted attribute is refused, as is a value to encrypt anywhere else.
pub(crate) async fn seal_item(
    client: &Client,
    schema: &ModelSchema,
    item: &mut Item,
) -> Result<()> {
    if let Some(keys) = key_service_for(client, schema)? {
        for attr in schema.encrypted_attributes {
            let text = match item.get(attr.attribute) {
                None | Some(Value::Null) => continue,
                Some(value) => marker_text(value).map(str::to_owned).ok_or_else(|| {
                    Error::validation(format!(
                        "encrypted attribute `{}` must hold an `Encrypted` value to encrypt, not \
                         a {} (a `before_save` hook may not replace it)",
                        attr.attribute,
                        value.value_type()
                    ))
                })?,
            };
            let sealed = seal(keys.as_ref(), attr, &text).await?;
            item.insert(attr.attribute, sealed);
        }
    }
    check_no_plaintext(item)
}

/// Encrypts the values an update of a model sets on its encrypted
/// attributes (`SET ssn = :v`, also inside `if_not_exists`); a value to
/// encrypt anywhere else (a nested path, another attribute) is refused.
pub(crate) async fn seal_update(
    client: &Client,
    schema: &ModelSchema,
    update: &mut Update,
) -> Result<()> {
    let Some(keys) = key_service_for(client, schema)? else {
        return check_no_plaintext_in_update(update);
    };
    let mut jobs = Vec::new();
    for (path, value) in set_literals(update) {
        if !holds_plaintext(value) {
            continue;
        }
        let attr = schema
            .encrypted_attributes
            .iter()
            .find(|a| path.is_top_level() && path.root() == a.attribute)
            .filter(|_| marker_text(value).is_some())
            .ok_or_else(|| stray_plaintext(path.root()))?;
        jobs.push((attr, value));
    }
    for (attr, value) in jobs {
        let text = marker_text(value).map(str::to_owned).unwrap_or_default();
        *value = seal(keys.as_ref(), attr, &text).await?;
    }
    Ok(())
}
