//! DynamoDB's rules on values, keys and items (`dynorm::rules`), checked
//! before anything is written.

use crate::key_value::KeyValue;
use crate::store::PrimaryKey;
use dynorm::backend::{KeyAttribute, TableDefinition};
use dynorm::rules::{item as item_rules, key as key_rules};
use dynorm::{item_size, Error, Item, Value};

pub(crate) use dynorm::rules::item::check_expression_value;

fn type_name(v: &Value) -> &'static str {
    v.value_type().as_str()
}

/// Checks a key value's emptiness and size. `partition` selects the size limit.
pub(crate) fn check_key_scalar(
    name: &str,
    value: &KeyValue,
    partition: bool,
) -> Result<(), key_rules::Violation> {
    match value {
        KeyValue::S(s) => key_rules::check_key_len(name, s.len(), "string", partition),
        KeyValue::B(b) => key_rules::check_key_len(name, b.len(), "binary", partition),
        KeyValue::N(_) => Ok(()),
    }
}

/// A key attribute's value as a [`KeyValue`] of the declared type.
fn typed_key(attr: &KeyAttribute, value: &Value) -> Option<KeyValue> {
    let kv = KeyValue::from_value(value)?;
    (kv.key_type() == attr.key_type).then_some(kv)
}

/// What is wrong with a request's key.
#[derive(Debug)]
pub(crate) enum KeyProblem {
    /// Other attributes than the key schema's.
    Attributes,
    /// A key attribute of another type than declared.
    Type,
    /// A value that breaks a key rule (empty, too long).
    Value(key_rules::Violation),
}

/// The primary key a request's key names, or what is wrong with it.
pub(crate) fn parse_key(def: &TableDefinition, key: &Item) -> Result<PrimaryKey, KeyProblem> {
    let expected = 1 + usize::from(def.sort_key.is_some());
    if key.len() != expected {
        return Err(KeyProblem::Attributes);
    }
    let one = |attr: &KeyAttribute, partition: bool| -> Result<KeyValue, KeyProblem> {
        let v = key.get(&attr.name).ok_or(KeyProblem::Attributes)?;
        let kv = typed_key(attr, v).ok_or(KeyProblem::Type)?;
        check_key_scalar(&attr.name, &kv, partition).map_err(KeyProblem::Value)?;
        Ok(kv)
    };
    let pk = one(&def.partition_key, true)?;
    let sk = def.sort_key.as_ref().map(|a| one(a, false)).transpose()?;
    Ok(PrimaryKey { pk, sk })
}

/// The primary key named by a request's key (GetItem, DeleteItem, UpdateItem...):
/// exactly the table's key attributes, of the right types.
pub(crate) fn request_key(def: &TableDefinition, key: &Item) -> Result<PrimaryKey, Error> {
    parse_key(def, key).map_err(|p| {
        let v = match p {
            KeyProblem::Attributes | KeyProblem::Type => key_rules::Violation::Mismatch,
            KeyProblem::Value(v) => v,
        };
        v.into_error().with_context(&def.name, Some(key))
    })
}

/// What is wrong with a put item's key: a violation, and whether it is a
/// key of the wrong type (which a transaction reports as the action's
/// cancellation reason).
pub(crate) fn item_key_of(
    def: &TableDefinition,
    item: &Item,
) -> Result<PrimaryKey, (key_rules::Violation, bool)> {
    // Read with `peek`: an item that arrived packed stays packed.
    let one = |attr: &KeyAttribute, partition: bool| {
        let v = item.peek(&attr.name).ok_or_else(|| {
            (
                key_rules::Violation::MissingInItem(attr.name.clone()),
                false,
            )
        })?;
        let kv = typed_key(attr, &v).ok_or_else(|| {
            let v = key_rules::Violation::TypeMismatch {
                name: attr.name.clone(),
                expected: attr.key_type,
                actual: type_name(&v),
            };
            (v, true)
        })?;
        check_key_scalar(&attr.name, &kv, partition).map_err(|v| (v, false))?;
        Ok(kv)
    };
    let pk = one(&def.partition_key, true)?;
    let sk = def.sort_key.as_ref().map(|a| one(a, false)).transpose()?;
    Ok(PrimaryKey { pk, sk })
}

/// The primary key of a whole item (PutItem), with PutItem's messages.
pub(crate) fn item_key(def: &TableDefinition, item: &Item) -> Result<PrimaryKey, Error> {
    item_key_of(def, item).map_err(|(v, _)| v.into_error().with_context(&def.name, None))
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
pub(crate) fn check_index_keys(
    def: &TableDefinition,
    item: &Item,
) -> Result<(), key_rules::Violation> {
    for index in def.global_indexes.iter().chain(&def.local_indexes) {
        let keys = std::iter::once((&index.partition_key, true))
            .chain(index.sort_key.as_ref().map(|k| (k, false)));
        for (attr, partition) in keys {
            if def.key_names().any(|n| n == attr.name) {
                continue;
            }
            let Some(value) = item.peek(&attr.name) else {
                continue;
            };
            let Some(kv) = typed_key(attr, &value) else {
                return Err(key_rules::Violation::IndexTypeMismatch {
                    name: attr.name.clone(),
                    expected: attr.key_type,
                    actual: type_name(&value),
                    index: index.name.clone(),
                });
            };
            check_key_scalar(&attr.name, &kv, partition).map_err(|v| v.on_index(&index.name))?;
        }
    }
    Ok(())
}

/// A rule an item broke: on its values or on its index keys.
#[derive(Debug)]
pub(crate) enum ItemProblem {
    Item(item_rules::Violation),
    Key(key_rules::Violation),
}

impl ItemProblem {
    pub(crate) fn into_error(self, table: &str, key: &Item) -> Error {
        match self {
            ItemProblem::Item(v) => v.into_error(),
            ItemProblem::Key(v) => v.into_error(),
        }
        .with_context(table, Some(key))
    }
}

/// Checks an item's attributes, index keys and size (`size` is its
/// [`item_size`]); `too_large` is the violation of an item over the limit.
pub(crate) fn check_item_body(
    def: &TableDefinition,
    item: &Item,
    size: usize,
    too_large: item_rules::Violation,
) -> Result<(), ItemProblem> {
    item_rules::check_attributes(item).map_err(ItemProblem::Item)?;
    check_index_keys(def, item).map_err(ItemProblem::Key)?;
    if size > item_rules::MAX_ITEM_SIZE {
        return Err(ItemProblem::Item(too_large));
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
    check_item_body(def, item, size, item_rules::Violation::TooLarge)
        // The key item is built only for an error's message.
        .map_err(|p| p.into_error(&def.name, &key_item(def, &key)))?;
    Ok(key)
}

/// Checks the result of an update: values, index keys and size.
pub(crate) fn check_updated_item(
    def: &TableDefinition,
    key_item: &Item,
    item: &Item,
) -> Result<(), Error> {
    updated_item_problem(def, item).map_err(|p| p.into_error(&def.name, key_item))
}

/// What is wrong with the result of an update, if anything: values, index
/// keys and size.
pub(crate) fn updated_item_problem(def: &TableDefinition, item: &Item) -> Result<(), ItemProblem> {
    check_item_body(
        def,
        item,
        item_size(item),
        item_rules::Violation::UpdateTooLarge,
    )
}
