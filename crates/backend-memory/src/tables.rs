//! CreateTable, DescribeTable, DeleteTable, ListTables and the TTL setting.

use crate::store::{read, write, Table};
use crate::MemoryBackend;
use dashmap::mapref::entry::Entry;
use dynorm::backend::*;
use dynorm::{Error, Result};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

/// Most global secondary indexes per table.
const MAX_GSIS: usize = 20;
/// Most local secondary indexes per table.
const MAX_LSIS: usize = 5;
/// Longest key attribute name, in bytes.
const MAX_KEY_NAME_BYTES: usize = 255;

fn check_name(kind: &str, name: &str) -> Result<()> {
    let len = name.chars().count();
    if !(3..=255).contains(&len) {
        return Err(Error::validation(format!(
            "{kind} must be at least 3 characters long and at most 255 characters long: `{name}`"
        )));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err(Error::validation(format!(
            "1 validation error detected: Value '{name}' at '{kind}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
        )));
    }
    Ok(())
}

fn check_key_name(attr: &KeyAttribute) -> Result<()> {
    if attr.name.is_empty() || attr.name.len() > MAX_KEY_NAME_BYTES {
        return Err(Error::validation(format!(
            "One or more parameter values were invalid: Key attribute name must be 1 to {MAX_KEY_NAME_BYTES} bytes long: `{}` is {} bytes",
            attr.name,
            attr.name.len()
        )));
    }
    Ok(())
}

fn check_definition(def: &TableDefinition) -> Result<()> {
    check_name("tableName", &def.name)?;
    let mut types: BTreeMap<String, KeyType> = BTreeMap::new();
    let mut declare = |attr: &KeyAttribute| -> Result<()> {
        check_key_name(attr)?;
        match types.insert(attr.name.clone(), attr.key_type) {
            Some(t) if t != attr.key_type => Err(Error::validation(format!(
                "One or more parameter values were invalid: Some AttributeDefinitions are not valid: attribute {} is declared as both {} and {}",
                attr.name, t, attr.key_type
            ))),
            _ => Ok(()),
        }
    };
    declare(&def.partition_key)?;
    if let Some(sk) = &def.sort_key {
        if sk.name == def.partition_key.name {
            return Err(Error::validation(
                "Invalid KeySchema: Both the Hash Key and the Range Key element in the KeySchema have the same name",
            ));
        }
        declare(sk)?;
    }
    if def.global_indexes.len() > MAX_GSIS {
        return Err(Error::validation(format!(
            "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GSIS}"
        )));
    }
    if def.local_indexes.len() > MAX_LSIS {
        return Err(Error::validation(format!(
            "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of {MAX_LSIS}"
        )));
    }
    let mut names = std::collections::BTreeSet::new();
    for (index, global) in def
        .global_indexes
        .iter()
        .map(|i| (i, true))
        .chain(def.local_indexes.iter().map(|i| (i, false)))
    {
        check_name("indexName", &index.name)?;
        if !names.insert(index.name.as_str()) {
            return Err(Error::validation(format!(
                "One or more parameter values were invalid: Duplicate index name: {}",
                index.name
            )));
        }
        declare(&index.partition_key)?;
        if let Some(sk) = &index.sort_key {
            if sk.name == index.partition_key.name {
                return Err(Error::validation(format!(
                    "Invalid KeySchema: Both the Hash Key and the Range Key element in the KeySchema have the same name; index: {}",
                    index.name
                )));
            }
            declare(sk)?;
        }
        if !global {
            if def.sort_key.is_none() {
                return Err(Error::validation(
                    "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
                ));
            }
            if index.partition_key != def.partition_key || index.sort_key.is_none() {
                return Err(Error::validation(format!(
                    "One or more parameter values were invalid: Index KeySchema of local index {} must have the table's hash key and a range key",
                    index.name
                )));
            }
        }
        if let IndexProjection::Include(attrs) = &index.projection {
            if attrs.is_empty() || attrs.iter().any(String::is_empty) {
                return Err(Error::validation(format!(
                    "One or more parameter values were invalid: NonKeyAttributes of index {} must list 1 or more non-empty names",
                    index.name
                )));
            }
        }
    }
    Ok(())
}

fn describe(t: &Table) -> TableDescription {
    TableDescription {
        definition: t.def.clone(),
        status: TableStatus::Active,
        item_count: t.item_count(),
    }
}

impl MemoryBackend {
    pub(crate) fn do_create_table(&self, def: TableDefinition) -> Result<TableDescription> {
        check_definition(&def)?;
        match self.inner.tables.entry(def.name.clone()) {
            Entry::Occupied(_) => Err(Error::ResourceInUse {
                message: format!("Table already exists: {}", def.name),
                request_id: None,
                source: None,
            }),
            Entry::Vacant(v) => {
                let table = Table::new(def);
                let description = describe(&table);
                v.insert(Arc::new(RwLock::new(table)));
                Ok(description)
            }
        }
    }

    pub(crate) fn do_describe_table(&self, name: &str) -> Result<TableDescription> {
        let table = self.table(name)?;
        let t = read(&table);
        Ok(describe(&t))
    }

    pub(crate) fn do_delete_table(&self, name: &str) -> Result<()> {
        self.inner
            .tables
            .remove(name)
            .map(|_| ())
            .ok_or_else(|| Error::table_not_found(name))
    }

    pub(crate) fn do_list_tables(&self) -> Vec<String> {
        let mut names: Vec<String> = self.inner.tables.iter().map(|e| e.key().clone()).collect();
        names.sort();
        names
    }

    pub(crate) fn do_update_ttl(&self, name: &str, ttl: TimeToLive) -> Result<()> {
        let table = self.table(name)?;
        if ttl.attribute.is_empty() || ttl.attribute.len() > MAX_KEY_NAME_BYTES {
            return Err(Error::validation_in(
                name,
                "TimeToLive AttributeName must be 1 to 255 bytes long",
            ));
        }
        let mut t = write(&table);
        let enabled = t.ttl.as_ref().is_some_and(|c| c.enabled);
        if ttl.enabled && enabled {
            return Err(Error::validation_in(name, "TimeToLive is already enabled"));
        }
        if !ttl.enabled && !enabled {
            return Err(Error::validation_in(name, "TimeToLive is already disabled"));
        }
        t.ttl = Some(ttl);
        Ok(())
    }

    pub(crate) fn do_describe_ttl(&self, name: &str) -> Result<Option<String>> {
        let table = self.table(name)?;
        let t = read(&table);
        Ok(t.ttl
            .as_ref()
            .filter(|c| c.enabled)
            .map(|c| c.attribute.clone()))
    }
}
