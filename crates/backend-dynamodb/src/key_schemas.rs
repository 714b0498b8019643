//! The key attribute names of tables, read with DescribeTable the first time
//! an answer needs them (a failed conditional put names the item's key, as
//! the memory backend's does) and kept per backend.

use crate::backend::Sdk;
use dynorm::Item;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Key attribute names by table name, shared by a backend's clones.
#[derive(Debug, Default, Clone)]
pub(crate) struct KeySchemas(Arc<Mutex<HashMap<String, Arc<[String]>>>>);

impl KeySchemas {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<[String]>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The key attribute names of a table, if read before.
    pub(crate) fn cached(&self, table: &str) -> Option<Arc<[String]>> {
        self.lock().get(table).cloned()
    }

    /// Forgets a table (deleted or created through this backend: its key
    /// schema may change).
    pub(crate) fn forget(&self, table: &str) {
        self.lock().remove(table);
    }

    fn insert(&self, table: &str, names: Arc<[String]>) {
        self.lock().insert(table.to_owned(), names);
    }
}

/// The key attribute names of a table: from the cache, else from
/// DescribeTable (then cached). `None` when the table cannot be described.
pub(crate) async fn key_names(client: &Sdk, table: &str) -> Option<Arc<[String]>> {
    if let Some(names) = client.key_schemas.cached(table) {
        return Some(names);
    }
    let out = client
        .describe_table()
        .table_name(table)
        .send()
        .await
        .ok()?;
    let names: Arc<[String]> = out
        .table?
        .key_schema?
        .into_iter()
        .map(|e| e.attribute_name)
        .collect();
    client.key_schemas.insert(table, names.clone());
    Some(names)
}

/// The key attributes of an item.
pub(crate) fn key_of(item: &Item, names: &[String]) -> Item {
    names
        .iter()
        .filter_map(|n| Some((n.clone(), item.get(n)?.clone())))
        .collect()
}

/// What names a put's key if its condition fails: the key itself when the
/// table's key schema is known, else the item until the schema is read.
pub(crate) enum PutKey {
    /// No condition: nothing can fail on one.
    Unneeded,
    /// The key attributes.
    Known(Item),
    /// The whole item; the key schema is read if the condition fails.
    Later(Item),
}

impl PutKey {
    /// What to keep of a put's item before it is sent.
    pub(crate) fn of(client: &Sdk, table: &str, item: &Item, conditional: bool) -> PutKey {
        if !conditional {
            return PutKey::Unneeded;
        }
        match client.key_schemas.cached(table) {
            Some(names) => PutKey::Known(key_of(item, &names)),
            None => PutKey::Later(item.clone()),
        }
    }

    /// The key, reading the key schema if it was not known.
    pub(crate) async fn resolve(self, client: &Sdk, table: &str) -> Option<Item> {
        match self {
            PutKey::Unneeded => None,
            PutKey::Known(key) => Some(key),
            PutKey::Later(item) => Some(key_of(&item, &key_names(client, table).await?)),
        }
    }
}
