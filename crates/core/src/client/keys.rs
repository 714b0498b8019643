//! Key helpers shared by batches and transactions: finding a table's key
//! attribute names and an item's key.

use super::Client;
use crate::backend::DescribeTableRequest;
use crate::error::{Error, Result};
use crate::model::ModelSchema;
use crate::value::{display_key, Item, Value};
use std::collections::HashMap;

/// A table's key attribute names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyNames {
    pub(crate) partition: String,
    pub(crate) sort: Option<String>,
}

impl KeyNames {
    pub(crate) fn of_schema(schema: &ModelSchema) -> KeyNames {
        KeyNames {
            partition: schema.partition_key.attribute.to_owned(),
            sort: schema.sort_key.map(|k| k.attribute.to_owned()),
        }
    }

    /// The key attributes of a full item.
    pub(crate) fn key_of(&self, table: &str, item: &Item) -> Result<Item> {
        let mut key = Item::new();
        for name in std::iter::once(&self.partition).chain(self.sort.as_ref()) {
            let v = item.get(name).ok_or_else(|| {
                Error::validation_in(
                    table,
                    format!("One of the required keys was not given a value: `{name}`"),
                )
            })?;
            key.insert(name.clone(), v.clone());
        }
        Ok(key)
    }
}

/// Key names per table, looked up once per operation (DescribeTable) for
/// tables written without a model.
#[derive(Default)]
pub(crate) struct KeyNameCache {
    known: HashMap<String, KeyNames>,
}

impl KeyNameCache {
    pub(crate) fn insert(&mut self, table: String, names: KeyNames) {
        self.known.entry(table).or_insert(names);
    }

    /// The key names of a table looked up before, if any.
    pub(crate) fn cached(&self, table: &str) -> Option<&KeyNames> {
        self.known.get(table)
    }

    pub(crate) async fn get(&mut self, client: &Client, table: &str) -> Result<KeyNames> {
        if let Some(k) = self.known.get(table) {
            return Ok(k.clone());
        }
        let desc = client
            .backend()
            .describe_table(DescribeTableRequest::new(table))
            .await?;
        let names = KeyNames {
            partition: desc.definition.partition_key.name.clone(),
            sort: desc.definition.sort_key.as_ref().map(|k| k.name.clone()),
        };
        self.known.insert(table.to_owned(), names.clone());
        Ok(names)
    }
}

/// A hashable identity for a key (its attributes are scalars).
pub(crate) fn key_identity(table: &str, key: &Item) -> String {
    let mut s = String::with_capacity(table.len() + 32);
    s.push_str(table);
    for (name, value) in key {
        s.push('\u{1}');
        s.push_str(name);
        s.push('\u{2}');
        match value {
            Value::S(v) => {
                s.push('S');
                s.push_str(v);
            }
            Value::N(n) => {
                s.push('N');
                s.push_str(&n.to_string());
            }
            other => s.push_str(&format!("{other:?}")),
        }
    }
    s
}

/// The error for a key given twice.
pub(crate) fn duplicate_key(table: &str, key: &Item) -> Error {
    Error::validation_in(
        table,
        format!(
            "Provided list of item keys contains duplicates: {}",
            display_key(key)
        ),
    )
}
