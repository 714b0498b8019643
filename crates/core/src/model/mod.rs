//! [`Model`]: a Rust struct stored as DynamoDB items, and its static [`ModelSchema`].

pub mod conventions;
mod derive_support;
pub mod field_list_keys;
mod hooks;
mod key;
mod load;
mod schema;

pub use derive_support::{ToKeyValue, VersionField};
pub use field_list_keys::FieldListKeys;
pub use hooks::{HookKind, Hooks};
pub use key::{Key, KeyValue, Partition};
pub(crate) use load::{hooks_run, load};
pub use schema::{
    IndexProjectionSchema, IndexSchema, KeySchema, ModelSchema, UniqueField, VersionedSchema,
};

use crate::client::{DeleteItem, GetItem, PutItem, Query, Scan, UpdateItem};
use crate::error::Result;
use crate::value::{CodecError, Item, Value};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A struct stored as DynamoDB items. Implemented by `#[derive(Model)]`.
///
/// The derive provides [`schema`](Model::schema) and
/// [`derived_attributes`](Model::derived_attributes) (and the [`Hooks`],
/// unless `#[dynorm(hooks)]` says you write them); everything else has a
/// default built on serde.
pub trait Model: Hooks + Serialize + DeserializeOwned + Send + Sync + Sized + 'static {
    /// Table, keys, entity type and indexes.
    fn schema() -> &'static ModelSchema;

    /// The attributes computed from fields rather than stored from them: key
    /// attributes built from templates, index keys and the entity type.
    fn derived_attributes(&self) -> Result<Item>;

    /// The item's primary key, taken from the full item.
    fn key(&self) -> Result<Key<Self>> {
        let schema = Self::schema();
        let item = self.to_item()?;
        let fields = schema
            .key_fields
            .iter()
            .filter_map(|name| item.get(name).map(|v| ((*name).to_owned(), v.clone())))
            .collect();
        Ok(Key::with_source_fields(schema.extract_key(&item)?, fields))
    }

    /// The whole item: the fields (through serde) plus the derived attributes.
    fn to_item(&self) -> Result<Item> {
        let mut item = crate::value::to_item(self)?;
        item.extend(self.derived_attributes()?);
        Ok(item)
    }

    /// Decodes an item. Derived attributes are dropped before decoding; an
    /// entity-type attribute naming another entity is an error. An
    /// S3-backed attribute's value gets the attribute's `region` when its
    /// map names none, and a pending upload in it (`dynorm:upload`) is a
    /// codec error naming the attribute: items read from a table never
    /// hold files to upload.
    fn from_item(mut item: Item) -> Result<Self> {
        let schema = Self::schema();
        if let Some(entity) = &schema.entity {
            match item.peek(entity.attribute).as_deref() {
                Some(Value::S(found)) if found == entity.name => {}
                None => {}
                Some(other) => {
                    return Err(CodecError::custom(format!(
                        "item has entity type {other:?} in `{}`, expected `{}`",
                        entity.attribute, entity.name
                    ))
                    .into())
                }
            }
        }
        // Changes only items of models with S3-backed attributes in a
        // region of their own (others stay packed when they were).
        crate::attributes::fill_regions(schema, &mut item);
        // Collected once per item (no allocation for models without
        // derived attributes), not once per attribute.
        let derived: Vec<&str> = schema
            .entity
            .map(|e| e.attribute)
            .into_iter()
            .chain(schema.derived_attribute_names())
            .collect();
        Ok(crate::value::from_item_without(item, &|name| {
            derived.iter().any(|d| d.as_bytes() == name)
        })?)
    }

    /// The item as JSON (the seed's `to_dict`): every attribute, derived ones included.
    fn to_json(&self) -> Result<serde_json::Value> {
        Ok(crate::value::item_to_json(&self.to_item()?))
    }

    /// A model from JSON (the seed's `from_dict`). Unknown and derived attributes are ignored.
    fn from_json(json: serde_json::Value) -> Result<Self> {
        Self::from_item(crate::value::item_from_json(json)?)
    }

    /// Reads one model by key with the model's client (see [`Client::for_model`](crate::Client::for_model)).
    fn get(key: Key<Self>) -> GetItem<Self> {
        GetItem::for_model(key)
    }

    /// Writes this model with the model's client, replacing any item with its key.
    ///
    /// Generated values are filled in the item written (uuids and
    /// `created_at` when unset, `updated_at` always); use
    /// [`PutItem::send_written`] to get the model as written.
    fn save(&self) -> PutItem<Self> {
        PutItem::for_model(self)
    }

    /// Writes this model with the model's client; fails with
    /// [`Error::ConditionFailed`](crate::Error::ConditionFailed) if its key exists.
    fn create(&self) -> PutItem<Self> {
        PutItem::for_model(self).if_not_exists()
    }

    /// Updates (or creates) the item with this key with the model's client.
    fn update(key: Key<Self>) -> UpdateItem<Self> {
        UpdateItem::for_model(key)
    }

    /// Deletes the item with this key with the model's client.
    fn delete(key: Key<Self>) -> DeleteItem<Self> {
        DeleteItem::for_model(key)
    }

    /// Queries one partition with the model's client.
    fn query(partition: Partition<Self>) -> Query<Self> {
        Query::for_model(partition)
    }

    /// Scans the model's table with the model's client.
    fn scan() -> Scan<Self> {
        Scan::for_model()
    }

    /// Deletes this model's item with the model's client. A versioned
    /// model (`#[dynorm(version)]`) is deleted only if the stored version is
    /// the one it holds.
    fn remove(&self) -> DeleteItem<Self> {
        DeleteItem::of_model(self)
    }
}

/// An entity type: the attribute that holds it and this model's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntitySchema {
    /// Attribute name, e.g. `entity_type`.
    pub attribute: &'static str,
    /// This model's value, e.g. `User`.
    pub name: &'static str,
}
