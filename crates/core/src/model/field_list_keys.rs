//! Keys made of field lists (`#[dynorm(partition_key = [customer_id,
//! order_date], sort_key = [order_id])]`), written by the [key
//! conventions](super::conventions) in force.
//!
//! The conventions resolve at run time (the global level can change, a
//! [`scope`](super::conventions::scope) holds for one task), yet a
//! [`ModelSchema`] names its key attributes with `&'static str`. So the
//! schema `#[derive(Model)]` writes for such a model is a base, and
//! `M::schema()` returns the schema *in force*: the base with its key part
//! resolved from the conventions of the moment (the key attribute names,
//! whether the table has a sort key, the shape of each key as a template).
//! One schema is made per model and distinct resolved setting, then kept
//! for the life of the process, so every path (key building, writes, reads,
//! queries, table creation, decoding) sees the same keys.
//!
//! A partition key is `field#value` for each listed field, then the entity
//! type lowercased (`suffix_partition_key`); a sort key is the values of its
//! fields (with their names under `prefix_sort_key`). The names are the
//! attribute names the fields are stored under. A model with no `sort_key`
//! list, on a table with a sort key, has the entity type lowercased as its
//! sort key; under `table_has_sort_key = false` the sort key fields are left
//! out of the key, which is then the partition key alone.
//!
//! ```
//! use dynorm::{Model, Value};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Model)]
//! #[dynorm(table = "orders", partition_key = [customer_id, order_date], sort_key = [order_id],
//!          prefix_sort_key = true)]
//! struct Order {
//!     customer_id: String,
//!     order_date: String,
//!     order_id: String,
//! }
//!
//! let key = Order::key("C123", "2024-01-15", "ORD-456");
//! assert_eq!(key.as_item().get("pk"), Some(&Value::from("customer_id#C123#order_date#2024-01-15#order")));
//! assert_eq!(key.as_item().get("sk"), Some(&Value::from("order_id#ORD-456")));
//! assert_eq!(Order::schema().partition_key.attribute, "pk");
//! ```

use super::conventions::{Conventions, Resolved};
use super::{Key, KeySchema, Model, ModelSchema, Partition};
use crate::backend::KeyType;
use crate::value::{Item, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

/// The key part of a model whose keys are field lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldListKeys {
    /// The attribute names of the partition key's fields, in key order.
    pub partition: &'static [&'static str],
    /// The attribute names of the sort key's fields, in key order.
    pub sort: &'static [&'static str],
    /// The model's own settings (the top level of the hierarchy).
    pub conventions: Conventions,
    /// The settings the schema holding this was resolved with: `None` in the
    /// base schema the derive writes, set in the schemas in force.
    pub in_force: Option<&'static Resolved>,
}

/// Schemas in force, by base schema (its address) and resolved setting.
type InForce = HashMap<(usize, Resolved), &'static ModelSchema>;

static IN_FORCE: LazyLock<RwLock<InForce>> = LazyLock::new(|| RwLock::new(HashMap::new()));

/// The schema in force for a base schema: `base` itself when its keys are
/// not field lists, else `base` with the key part resolved from the
/// conventions in force now (made once per resolved setting).
pub fn schema_in_force(base: &'static ModelSchema) -> &'static ModelSchema {
    let Some(keys) = &base.field_list_keys else {
        return base;
    };
    let resolved = keys.conventions.resolve();
    let id = (base as *const ModelSchema as usize, resolved);
    if let Some(schema) = IN_FORCE.read().ok().and_then(|map| map.get(&id).copied()) {
        return schema;
    }
    let Ok(mut map) = IN_FORCE.write() else {
        // A poisoned cache: resolve without keeping the result.
        return leak_resolved(base, keys, id.1);
    };
    let schema = map
        .entry(id)
        .or_insert_with_key(|(_, resolved)| leak_resolved(base, keys, resolved.clone()));
    schema
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// `base` with its keys resolved under `resolved`, for the process's life.
fn leak_resolved(
    base: &'static ModelSchema,
    keys: &FieldListKeys,
    resolved: Resolved,
) -> &'static ModelSchema {
    let resolved: &'static Resolved = Box::leak(Box::new(resolved));
    let placeholders = |fields: &[&'static str]| -> Vec<(&'static str, Value)> {
        fields
            .iter()
            .map(|name| (*name, Value::S(format!("{{{name}}}"))))
            .collect()
    };
    let entity = base.entity_name();
    let partition_key = KeySchema {
        attribute: leak(resolved.partition_key_name.clone()),
        key_type: KeyType::S,
        template: Some(leak(render_partition(
            resolved,
            entity,
            &placeholders(keys.partition),
        ))),
        fields: keys.partition,
    };
    let sort_key = resolved.table_has_sort_key.then(|| KeySchema {
        attribute: leak(resolved.sort_key_name.clone()),
        key_type: KeyType::S,
        template: Some(leak(render_sort(
            resolved,
            entity,
            &placeholders(keys.sort),
        ))),
        fields: keys.sort,
    });
    let mut schema = base.clone();
    schema.partition_key = partition_key;
    schema.sort_key = sort_key;
    schema.field_list_keys = Some(FieldListKeys {
        in_force: Some(resolved),
        ..keys.clone()
    });
    Box::leak(Box::new(schema))
}

fn render_partition(resolved: &Resolved, entity: &str, fields: &[(&str, Value)]) -> String {
    let pairs: Vec<(&str, &Value)> = fields.iter().map(|(n, v)| (*n, v)).collect();
    resolved.partition_key(entity, &pairs)
}

fn render_sort(resolved: &Resolved, entity: &str, fields: &[(&str, Value)]) -> String {
    if fields.is_empty() {
        return entity.to_lowercase();
    }
    let pairs: Vec<(&str, &Value)> = fields.iter().map(|(n, v)| (*n, v)).collect();
    resolved.sort_key(&pairs)
}

/// The schema in force of `M`, its field lists and settings (defaults and
/// no fields for a model whose keys are not field lists).
fn parts<M: Model>() -> (
    &'static ModelSchema,
    Cow<'static, FieldListKeys>,
    Cow<'static, Resolved>,
) {
    let schema = M::schema();
    match &schema.field_list_keys {
        Some(keys) => {
            let resolved = match keys.in_force {
                Some(resolved) => Cow::Borrowed(resolved),
                None => Cow::Owned(keys.conventions.resolve()),
            };
            (schema, Cow::Borrowed(keys), resolved)
        }
        None => (
            schema,
            Cow::Owned(FieldListKeys {
                partition: &[],
                sort: &[],
                conventions: Conventions::new(),
                in_force: None,
            }),
            Cow::Owned(Conventions::new().resolve()),
        ),
    }
}

fn named(names: &[&'static str], values: &[Value]) -> Vec<(&'static str, Value)> {
    names.iter().copied().zip(values.iter().cloned()).collect()
}

/// Writes the key attributes of `M` into `item` from the values of its key
/// fields, in list order (what `derived_attributes` of such a model does).
pub fn write_keys<M: Model>(item: &mut Item, partition: &[Value], sort: &[Value]) {
    let (schema, keys, resolved) = parts::<M>();
    let entity = schema.entity_name();
    item.insert(
        schema.partition_key.attribute,
        Value::S(render_partition(
            &resolved,
            entity,
            &named(keys.partition, partition),
        )),
    );
    if let Some(sk) = schema.sort_key {
        item.insert(
            sk.attribute,
            Value::S(render_sort(&resolved, entity, &named(keys.sort, sort))),
        );
    }
}

/// The primary key of `M` from the values of its key fields, in list order
/// (what the derive's `M::key(..)` returns), keeping the field values as
/// the key's [source fields](Key::source_fields).
pub fn key<M: Model>(partition: &[Value], sort: &[Value]) -> Key<M> {
    let (_, keys, _) = parts::<M>();
    let mut item = Item::new();
    write_keys::<M>(&mut item, partition, sort);
    let mut fields = Item::new();
    for (name, value) in named(keys.partition, partition)
        .into_iter()
        .chain(named(keys.sort, sort))
    {
        fields.insert(name, value);
    }
    Key::with_source_fields(item, fields)
}

/// The partition of `M` holding the items with these partition key field
/// values (the derive's `M::partition(..)`).
pub fn partition<M: Model>(partition: &[Value]) -> Partition<M> {
    let (schema, keys, resolved) = parts::<M>();
    let value = render_partition(
        &resolved,
        schema.entity_name(),
        &named(keys.partition, partition),
    );
    Partition::new(schema.partition_key.attribute, Value::S(value))
}

/// The sort key value of `M` from all its sort key field values (for
/// `sort_eq`, `sort_gt`, `sort_between`, ...).
pub fn sort_key_value<M: Model>(sort: &[Value]) -> Value {
    let (schema, keys, resolved) = parts::<M>();
    Value::S(render_sort(
        &resolved,
        schema.entity_name(),
        &named(keys.sort, sort),
    ))
}

/// The prefix shared by the sort keys of `M` whose first fields hold these
/// values, separator included (for `sort_begins_with`).
pub fn sort_key_prefix<M: Model>(first: &[Value]) -> Value {
    let (_, keys, resolved) = parts::<M>();
    let pairs = named(keys.sort, first);
    let pairs: Vec<(&str, &Value)> = pairs.iter().map(|(n, v)| (*n, v)).collect();
    Value::S(resolved.sort_key_prefix(&pairs))
}
