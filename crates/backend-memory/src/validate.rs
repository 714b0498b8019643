//! DynamoDB's rules on values, keys and items, checked before anything is written.

use crate::key_value::KeyValue;
use crate::store::PrimaryKey;
use dynorm::backend::{KeyAttribute, KeyType, TableDefinition};
use dynorm::{item_size, Error, Item, Value};
use std::collections::BTreeSet;

/// Maximum nesting depth; the top-level attribute is the first level, so an
/// attribute holds at most 31 levels of nested maps and lists.
pub(crate) const MAX_NESTING: usize = 32;
/// Largest partition key value (S or B), in bytes.
pub(crate) const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// Largest sort key value (S or B), in bytes.
pub(crate) const MAX_SORT_KEY_BYTES: usize = 1024;
/// Longest attribute name, in bytes.
pub(crate) const MAX_ATTRIBUTE_NAME_BYTES: usize = 65_535;

const KEY_MISMATCH: &str = "The provided key element does not match the schema";

/// Checks one value: no empty or duplicated sets, nesting within limits.
/// Returns DynamoDB's message on failure.
pub(crate) fn check_value(value: &Value) -> Result<(), String> {
    check_value_at(value, 1)
}

fn check_value_at(value: &Value, depth: usize) -> Result<(), String> {
    match value {
        Value::M(m) => {
            if depth + 1 > MAX_NESTING {
                return Err("Nesting Levels have exceeded supported limits".into());
            }
            m.iter().try_for_each(|(_, v)| check_value_at(v, depth + 1))
        }
        Value::L(l) => {
            if depth + 1 > MAX_NESTING {
                return Err("Nesting Levels have exceeded supported limits".into());
            }
            l.iter().try_for_each(|v| check_value_at(v, depth + 1))
        }
        Value::Ss(s) => check_set("string", s, |s| s.to_string()),
        Value::Ns(n) => check_set("number", n, |n| n.to_string()),
        Value::Bs(b) => check_set("binary", b, |b| format!("{b:?}")),
        _ => Ok(()),
    }
}

fn check_set<T: Ord>(kind: &str, members: &[T], show: impl Fn(&T) -> String) -> Result<(), String> {
    if members.is_empty() {
        return Err(format!(
            "One or more parameter values were invalid: An {kind} set may not be empty"
        ));
    }
    let distinct: BTreeSet<&T> = members.iter().collect();
    if distinct.len() != members.len() {
        let shown: Vec<String> = members.iter().map(show).collect();
        return Err(format!(
            "One or more parameter values were invalid: Input collection [{}] contains duplicates.",
            shown.join(", ")
        ));
    }
    Ok(())
}

/// Checks a value used in an expression (condition, filter, update).
pub(crate) fn check_expression_value(value: &Value) -> Result<(), Error> {
    check_value(value).map_err(|m| {
        Error::validation(format!(
            "ExpressionAttributeValues contains invalid value: {m}"
        ))
    })
}

/// Checks every attribute of an item: names and values.
pub(crate) fn check_attributes(item: &Item) -> Result<(), String> {
    for (name, value) in item {
        check_attribute_name(name)?;
        check_value(value)?;
    }
    Ok(())
}

/// Checks a top-level attribute name.
pub(crate) fn check_attribute_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(
            "One or more parameter values were invalid: An attribute name may not be empty".into(),
        );
    }
    if name.len() > MAX_ATTRIBUTE_NAME_BYTES {
        return Err(format!(
            "One or more parameter values were invalid: Attribute name is too large, must be less than {} bytes",
            MAX_ATTRIBUTE_NAME_BYTES + 1
        ));
    }
    Ok(())
}

fn type_name(v: &Value) -> &'static str {
    v.value_type().as_str()
}

/// Checks a key value's emptiness and size. `partition` selects the size limit.
fn check_key_scalar(name: &str, value: &KeyValue, partition: bool) -> Result<(), String> {
    let len = match value {
        KeyValue::S(s) => Some((s.len(), "string")),
        KeyValue::B(b) => Some((b.len(), "binary")),
        KeyValue::N(_) => None,
    };
    if let Some((len, kind)) = len {
        if len == 0 {
            return Err(format!(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {kind} value. Key: {name}"
            ));
        }
        if partition && len > MAX_PARTITION_KEY_BYTES {
            return Err(format!(
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of {MAX_PARTITION_KEY_BYTES} bytes"
            ));
        }
        if !partition && len > MAX_SORT_KEY_BYTES {
            return Err(format!(
                "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of {MAX_SORT_KEY_BYTES} bytes"
            ));
        }
    }
    Ok(())
}

/// A key attribute's value as a [`KeyValue`] of the declared type.
fn typed_key(attr: &KeyAttribute, value: &Value) -> Option<KeyValue> {
    let kv = KeyValue::from_value(value)?;
    (kv.key_type() == attr.key_type).then_some(kv)
}

/// The primary key named by a request's key (GetItem, DeleteItem, UpdateItem...):
/// exactly the table's key attributes, of the right types.
pub(crate) fn request_key(def: &TableDefinition, key: &Item) -> Result<PrimaryKey, Error> {
    let err = |m: String| Error::validation(m).with_context(&def.name, Some(key));
    let expected = 1 + usize::from(def.sort_key.is_some());
    if key.len() != expected {
        return Err(err(KEY_MISMATCH.into()));
    }
    let pk_value = key
        .get(&def.partition_key.name)
        .ok_or_else(|| err(KEY_MISMATCH.into()))?;
    let pk = typed_key(&def.partition_key, pk_value).ok_or_else(|| err(KEY_MISMATCH.into()))?;
    check_key_scalar(&def.partition_key.name, &pk, true).map_err(err)?;
    let sk = match &def.sort_key {
        None => None,
        Some(attr) => {
            let v = key
                .get(&attr.name)
                .ok_or_else(|| err(KEY_MISMATCH.into()))?;
            let sk = typed_key(attr, v).ok_or_else(|| err(KEY_MISMATCH.into()))?;
            check_key_scalar(&attr.name, &sk, false).map_err(err)?;
            Some(sk)
        }
    };
    Ok(PrimaryKey { pk, sk })
}

/// The primary key of a whole item (PutItem), with PutItem's messages.
pub(crate) fn item_key(def: &TableDefinition, item: &Item) -> Result<PrimaryKey, Error> {
    let err = |m: String| Error::validation(m).with_context(&def.name, None);
    let one = |attr: &KeyAttribute, partition: bool| -> Result<KeyValue, Error> {
        let v = item.get(&attr.name).ok_or_else(|| {
            err(format!(
                "One or more parameter values were invalid: Missing the key {} in the item",
                attr.name
            ))
        })?;
        let kv = typed_key(attr, v).ok_or_else(|| {
            err(format!(
                "One or more parameter values were invalid: Type mismatch for key {} expected: {} actual: {}",
                attr.name,
                attr.key_type,
                type_name(v)
            ))
        })?;
        check_key_scalar(&attr.name, &kv, partition).map_err(err)?;
        Ok(kv)
    };
    let pk = one(&def.partition_key, true)?;
    let sk = match &def.sort_key {
        None => None,
        Some(attr) => Some(one(attr, false)?),
    };
    Ok(PrimaryKey { pk, sk })
}

/// The key attributes of an item, as an [`Item`].
pub(crate) fn key_item(def: &TableDefinition, key: &PrimaryKey) -> Item {
    let mut item = Item::new().with(def.partition_key.name.clone(), key.pk.to_value());
    if let (Some(attr), Some(sk)) = (&def.sort_key, &key.sk) {
        item.insert(attr.name.clone(), sk.to_value());
    }
    item
}

/// Checks the secondary index key attributes an item holds: right type, not empty,
/// within size limits.
pub(crate) fn check_index_keys(def: &TableDefinition, item: &Item) -> Result<(), String> {
    for (index, _) in def
        .global_indexes
        .iter()
        .map(|i| (i, true))
        .chain(def.local_indexes.iter().map(|i| (i, false)))
    {
        let keys = std::iter::once((&index.partition_key, true))
            .chain(index.sort_key.as_ref().map(|k| (k, false)));
        for (attr, partition) in keys {
            if def.key_names().any(|n| n == attr.name) {
                continue;
            }
            let Some(value) = item.get(&attr.name) else {
                continue;
            };
            let Some(kv) = typed_key(attr, value) else {
                return Err(format!(
                    "One or more parameter values were invalid: Type mismatch for Index Key {} Expected: {} Actual: {} IndexName: {}",
                    attr.name,
                    attr.key_type,
                    type_name(value),
                    index.name
                ));
            };
            if let Err(m) = check_key_scalar(&attr.name, &kv, partition) {
                if m.contains("cannot contain an empty") {
                    return Err(format!(
                        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty {} value. IndexName: {}, IndexKey: {}",
                        if attr.key_type == KeyType::B { "binary" } else { "string" },
                        index.name,
                        attr.name
                    ));
                }
                return Err(m);
            }
        }
    }
    Ok(())
}

/// Everything PutItem checks on an item: names, values, key, index keys and
/// size (`size` is the item's [`item_size`], which packing it computes).
pub(crate) fn check_put_item(
    def: &TableDefinition,
    item: &Item,
    size: usize,
) -> Result<PrimaryKey, Error> {
    let key = item_key(def, item)?;
    // The key item is built only for an error's message.
    let err = |m: String| Error::validation(m).with_context(&def.name, Some(&key_item(def, &key)));
    check_attributes(item).map_err(err)?;
    check_index_keys(def, item).map_err(err)?;
    if size > dynorm::value::MAX_ITEM_SIZE {
        return Err(err("Item size has exceeded the maximum allowed size".into()));
    }
    Ok(key)
}

/// Checks the result of an update: values, index keys and size.
pub(crate) fn check_updated_item(
    def: &TableDefinition,
    key_item: &Item,
    item: &Item,
) -> Result<(), Error> {
    let err = |m: String| Error::validation(m).with_context(&def.name, Some(key_item));
    check_attributes(item).map_err(err)?;
    check_index_keys(def, item).map_err(err)?;
    if item_size(item) > dynorm::value::MAX_ITEM_SIZE {
        return Err(err(
            "Item size to update has exceeded the maximum allowed size".into(),
        ));
    }
    Ok(())
}
