//! CreateTable, DescribeTable, DeleteTable, ListTables and the TTL setting.
//! Tables are ACTIVE as soon as a call returns.

use crate::store::{read, write, Table};
use crate::MemoryBackend;
use dashmap::mapref::entry::Entry;
use dynorm::backend::*;
use dynorm::{Error, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, RwLock};

/// Most global secondary indexes per table.
const MAX_GSIS: usize = 20;
/// Most local secondary indexes per table.
const MAX_LSIS: usize = 5;
/// Longest key attribute name, in bytes.
const MAX_KEY_NAME_BYTES: usize = 255;
/// Most table names in one ListTables page.
const MAX_LIST_TABLES: u32 = 100;

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

/// Capacity units are at least 1 (`path` names the parameter, as DynamoDB does).
fn check_units(path: &str, throughput: Throughput) -> Result<()> {
    for (units, name) in [
        (throughput.read, "readCapacityUnits"),
        (throughput.write, "writeCapacityUnits"),
    ] {
        if units < 1 {
            return Err(Error::validation(format!(
                "1 validation error detected: Value '{units}' at '{path}.{name}' failed to satisfy constraint: Member must have value greater than or equal to 1"
            )));
        }
    }
    Ok(())
}

/// The rules on one index by itself: its name, its key attribute names and
/// its projection.
fn check_index(index: &IndexDefinition) -> Result<()> {
    check_name("indexName", &index.name)?;
    for key in index.key_attributes() {
        check_key_name(key)?;
    }
    if let Some(sk) = &index.sort_key {
        if sk.name == index.partition_key.name {
            return Err(Error::validation(format!(
                "Invalid KeySchema: Both the Hash Key and the Range Key element in the KeySchema have the same name; index: {}",
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
    Ok(())
}

fn check_definition(def: &TableDefinition) -> Result<()> {
    check_name("tableName", &def.name)?;
    if let Some(t) = def.billing.throughput() {
        check_units("provisionedThroughput", t)?;
    }
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
    let mut names = BTreeSet::new();
    for (index, global) in def
        .global_indexes
        .iter()
        .map(|i| (i, true))
        .chain(def.local_indexes.iter().map(|i| (i, false)))
    {
        check_index(index)?;
        if !names.insert(index.name.as_str()) {
            return Err(Error::validation(format!(
                "One or more parameter values were invalid: Duplicate index name: {}",
                index.name
            )));
        }
        for key in index.key_attributes() {
            declare(key)?;
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
    }
    Ok(())
}

/// What DescribeTable says of a memory table: always ACTIVE, counts live.
fn describe(t: &Table, status: TableStatus) -> TableDescription {
    let mut desc = TableDescription::new(t.def.clone(), status);
    desc.global_indexes = t
        .def
        .global_indexes
        .iter()
        .map(|index| {
            let mut d = IndexDescription::new(&index.name, IndexStatus::Active);
            d.provisioned_throughput = t.index_throughput.get(&index.name).copied();
            d
        })
        .collect();
    desc.item_count = t.item_count();
    desc.size_bytes = t.size_bytes();
    desc.creation_time = Some(t.created);
    desc
}

impl MemoryBackend {
    pub(crate) fn do_create_table(&self, def: TableDefinition) -> Result<TableDescription> {
        check_definition(&def)?;
        match self.inner.tables.entry(def.name.clone()) {
            Entry::Occupied(_) => Err(Error::ResourceInUse {
                message: format!("Table already exists: {}", def.name),
            }),
            Entry::Vacant(v) => {
                let table = Table::new(def);
                let description = describe(&table, TableStatus::Active);
                v.insert(Arc::new(RwLock::new(table)));
                Ok(description)
            }
        }
    }

    pub(crate) fn do_describe_table(&self, req: DescribeTableRequest) -> Result<TableDescription> {
        let table = self.table(&req.table)?;
        let t = read(&table);
        Ok(describe(&t, TableStatus::Active))
    }

    pub(crate) fn do_delete_table(&self, req: DeleteTableRequest) -> Result<TableDescription> {
        let (_, table) = self
            .inner
            .tables
            .remove(&req.table)
            .ok_or_else(|| Error::table_not_found(&req.table))?;
        let t = read(&table);
        Ok(describe(&t, TableStatus::Deleting))
    }

    pub(crate) fn do_list_tables(&self, req: ListTablesRequest) -> Result<ListTablesOutput> {
        let limit = req.limit.unwrap_or(MAX_LIST_TABLES);
        if limit == 0 || limit > MAX_LIST_TABLES {
            let bound = if limit == 0 {
                "greater than or equal to 1".to_owned()
            } else {
                format!("less than or equal to {MAX_LIST_TABLES}")
            };
            return Err(Error::validation(format!(
                "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value {bound}"
            )));
        }
        if let Some(start) = &req.exclusive_start_table_name {
            check_name("exclusiveStartTableName", start)?;
        }
        let mut names: Vec<String> = self
            .inner
            .tables
            .iter()
            .map(|e| e.key().clone())
            .filter(|n| {
                req.exclusive_start_table_name
                    .as_ref()
                    .map_or(true, |start| n > start)
            })
            .collect();
        names.sort();
        let more = names.len() > limit as usize;
        names.truncate(limit as usize);
        let last = if more { names.last().cloned() } else { None };
        Ok(ListTablesOutput::new(names, last))
    }

    pub(crate) fn do_update_ttl(&self, req: UpdateTimeToLiveRequest) -> Result<TimeToLive> {
        let name = &req.table;
        let table = self.table(name)?;
        let ttl = req.time_to_live;
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
        t.ttl = Some(ttl.clone());
        Ok(ttl)
    }

    pub(crate) fn do_describe_ttl(
        &self,
        req: DescribeTimeToLiveRequest,
    ) -> Result<DescribeTimeToLiveOutput> {
        let table = self.table(&req.table)?;
        let t = read(&table);
        Ok(match t.ttl.as_ref().filter(|c| c.enabled) {
            Some(c) => DescribeTimeToLiveOutput::new(TtlStatus::Enabled, Some(c.attribute.clone())),
            None => DescribeTimeToLiveOutput::new(TtlStatus::Disabled, None),
        })
    }
}
