//! CreateTable, UpdateTable, DescribeTable, DeleteTable, ListTables and the
//! TTL setting. Tables are ACTIVE as soon as a call returns: an index added
//! by UpdateTable is filled from the stored items before the call answers.

use crate::store::{read, write, Table};
use crate::MemoryBackend;
use dashmap::mapref::entry::Entry;
use dynorm::backend::*;
use dynorm::{Error, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, RwLock};

use dynorm::rules::key::MAX_KEY_NAME_BYTES;
use dynorm::rules::table::{
    Violation as TableViolation, LIMITS_HINT, MAX_GLOBAL_INDEXES as MAX_GSIS, MAX_LIST_TABLES,
    MAX_LOCAL_INDEXES as MAX_LSIS,
};

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

/// The "will not change" error of a provisioned capacity equal to the
/// current one: `subject` is `the table` or `the index <name>`, `short` is
/// `the table` or `index <name>` (DynamoDB's two spellings).
fn unchanged(subject: &str, short: &str, current: Throughput, requested: Throughput) -> Error {
    Error::validation(format!(
        "The provisioned throughput for {subject} will not change. The requested value equals the current value. \
         Current ReadCapacityUnits provisioned for {short}: {}. Requested ReadCapacityUnits: {}. \
         Current WriteCapacityUnits provisioned for {short}: {}. Requested WriteCapacityUnits: {}. {LIMITS_HINT}",
        current.read, requested.read, current.write, requested.write
    ))
}

/// The rules of an UpdateTable that need no table: something to update,
/// capacity units, the new indexes' own rules, one change per index and one
/// index created or deleted per call.
fn check_update_request(req: &UpdateTableRequest) -> Result<()> {
    check_name("tableName", &req.table)?;
    if req.capacity_mode.is_none()
        && req.provisioned_throughput.is_none()
        && req.global_index_updates.is_empty()
        && req.stream_specification.is_none()
        && req.deletion_protection.is_none()
        && req.table_class.is_none()
        && req.on_demand_throughput.is_none()
    {
        return Err(Error::validation(
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, \
             GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, \
             ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, \
             OnDemandThroughput, WarmThroughput or TableClass is required",
        ));
    }
    if let Some(t) = req.provisioned_throughput {
        check_units("provisionedThroughput", t)?;
    }
    let mut names = BTreeSet::new();
    for (i, update) in req.global_index_updates.iter().enumerate() {
        let member = format!("globalSecondaryIndexUpdates.{}.member", i + 1);
        match update {
            GlobalIndexUpdate::Create {
                index,
                provisioned_throughput,
                ..
            } => {
                check_index(index)?;
                if let Some(t) = provisioned_throughput {
                    check_units(&format!("{member}.create.provisionedThroughput"), *t)?;
                }
            }
            GlobalIndexUpdate::Update {
                name,
                provisioned_throughput,
                ..
            } => {
                check_name("indexName", name)?;
                check_units(
                    &format!("{member}.update.provisionedThroughput"),
                    *provisioned_throughput,
                )?;
            }
            GlobalIndexUpdate::Delete { name, .. } => check_name("indexName", name)?,
            _ => return Err(Error::unsupported(Operation::UpdateTable, crate::NAME)),
        }
        if !names.insert(update.index_name()) {
            return Err(Error::validation(format!(
                "One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: {}",
                update.index_name()
            )));
        }
    }
    let structural = req
        .global_index_updates
        .iter()
        .filter(|u| u.creates_or_deletes())
        .count();
    if structural > 1 {
        return Err(one_index_at_a_time());
    }
    if structural == 1 && req.provisioned_throughput.is_some() {
        return Err(Error::validation(
            "You cannot create or delete index while updating table IOPS",
        ));
    }
    Ok(())
}

fn one_index_at_a_time() -> Error {
    Error::limit_exceeded(
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    )
}

/// The rules of an UpdateTable against the table as it is: the indexes it
/// names, the GSI limit, key types, and capacity per billing mode.
fn check_update_against(t: &Table, req: &UpdateTableRequest) -> Result<()> {
    let def = &t.def;
    for update in &req.global_index_updates {
        match update {
            GlobalIndexUpdate::Create { index, .. } => {
                if def.index(&index.name).is_some() {
                    return Err(Error::validation(
                        "Attempting to create an index which already exists",
                    ));
                }
                for key in index.key_attributes() {
                    if def
                        .key_type_of(&key.name)
                        .is_some_and(|t| t != key.key_type)
                    {
                        return Err(Error::validation(
                            "invalid attribute, SchemaElement redefined should be of same type as previously defined",
                        ));
                    }
                }
                if def.global_indexes.len() >= MAX_GSIS {
                    return Err(Error::limit_exceeded(format!(
                        "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of {MAX_GSIS}"
                    )));
                }
            }
            other => {
                let name = other.index_name();
                if !def.global_indexes.iter().any(|i| i.name == name) {
                    return Err(Error::resource_not_found(format!(
                        "Requested resource not found: Index {name} for table {}",
                        def.name
                    )));
                }
            }
        }
    }
    let current = def.billing.throughput();
    let provisioned = match req.capacity_mode {
        Some(mode) => mode == CapacityMode::Provisioned,
        None => current.is_some(),
    };
    if !provisioned {
        if req.provisioned_throughput.is_some() {
            return Err(Error::validation(
                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
            ));
        }
        for update in &req.global_index_updates {
            match update {
                GlobalIndexUpdate::Create {
                    index,
                    provisioned_throughput: Some(_),
                    ..
                } => {
                    return Err(Error::validation(format!(
                        "ProvisionedThroughput should not be specified for index: {} when BillingMode is PAY_PER_REQUEST",
                        index.name
                    )))
                }
                GlobalIndexUpdate::Update { name, .. } => {
                    return Err(Error::validation(format!(
                        "The only Updates for index: {name} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput"
                    )))
                }
                _ => {}
            }
        }
        return Ok(());
    }
    let switching = current.is_none();
    match (req.provisioned_throughput, current) {
        (None, _) if req.capacity_mode.is_some() => {
            return Err(Error::validation(
                "ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
            ))
        }
        (Some(requested), Some(current)) if requested == current => {
            return Err(unchanged("the table", "the table", current, requested))
        }
        _ => {}
    }
    let updated = |name: &str| {
        req.global_index_updates.iter().find_map(|u| match u {
            GlobalIndexUpdate::Update {
                name: n,
                provisioned_throughput,
                ..
            } if n == name => Some(*provisioned_throughput),
            _ => None,
        })
    };
    for index in &def.global_indexes {
        match (updated(&index.name), t.index_throughput.get(&index.name)) {
            (None, _) if switching => {
                return Err(Error::validation(format!(
                    "ProvisionedThroughput must be specified for index: {}",
                    index.name
                )))
            }
            (Some(requested), Some(current)) if requested == *current => {
                return Err(unchanged(
                    &format!("the index {}", index.name),
                    &format!("index {}", index.name),
                    *current,
                    requested,
                ))
            }
            _ => {}
        }
    }
    for update in &req.global_index_updates {
        if let GlobalIndexUpdate::Create {
            index,
            provisioned_throughput: None,
            ..
        } = update
        {
            return Err(Error::validation(format!(
                "Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: {}",
                index.name
            )));
        }
    }
    Ok(())
}

/// Applies a checked UpdateTable.
fn apply_update(t: &mut Table, req: UpdateTableRequest) {
    if let Some(enabled) = req.deletion_protection {
        t.def.deletion_protection = enabled;
    }
    if let Some(class) = req.table_class {
        t.def.table_class = Some(class);
    }
    if let Some(max) = req.on_demand_throughput {
        t.def.on_demand_throughput = Some(max);
    }
    let provisioned = match req.capacity_mode {
        Some(mode) => mode == CapacityMode::Provisioned,
        None => t.def.billing.throughput().is_some(),
    };
    if provisioned {
        if let Some(throughput) = req.provisioned_throughput.or(t.def.billing.throughput()) {
            t.def.billing = throughput.into();
        }
    } else {
        t.def.billing = BillingMode::OnDemand;
        t.index_throughput.clear();
    }
    // As DynamoDB Local does, a provisioned table keeps no on-demand maximum.
    if t.def.billing != BillingMode::OnDemand {
        t.def.on_demand_throughput = None;
    }
    for update in req.global_index_updates {
        match update {
            GlobalIndexUpdate::Create {
                index,
                provisioned_throughput,
                ..
            } => {
                if let Some(throughput) = provisioned_throughput {
                    t.index_throughput.insert(index.name.clone(), throughput);
                }
                t.add_global_index(index);
            }
            GlobalIndexUpdate::Update {
                name,
                provisioned_throughput,
                ..
            } => {
                t.index_throughput.insert(name, provisioned_throughput);
            }
            GlobalIndexUpdate::Delete { name, .. } => t.drop_global_index(&name),
            // Refused by `check_update_request`.
            _ => {}
        }
    }
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
    desc.arn = Some(crate::tags::table_arn(&t.def.name));
    desc.sse_description =
        t.def.sse.as_ref().filter(|sse| sse.enabled).map(|sse| {
            SseDescription::kms(crate::tags::kms_key_arn(sse.kms_master_key_id.as_deref()))
        });
    desc.stream_specification = t.stream.specification();
    desc.definition.stream = desc.stream_specification;
    if let Some(latest) = t.stream.latest() {
        desc.latest_stream_arn = Some(latest.stream_arn.clone());
        desc.latest_stream_label = Some(latest.stream_label.clone());
    }
    desc
}

impl MemoryBackend {
    pub(crate) fn do_create_table(&self, mut def: TableDefinition) -> Result<TableDescription> {
        check_definition(&def)?;
        // As DynamoDB Local does, a provisioned table keeps no on-demand maximum.
        if def.billing != BillingMode::OnDemand {
            def.on_demand_throughput = None;
        }
        if let Some(stream) = &def.stream {
            dynorm::rules::stream::check_specification(stream)?;
        }
        crate::tags::check_creation_tags(&def.tags)?;
        match self.inner.tables.entry(def.name.clone()) {
            Entry::Occupied(_) => Err(Error::ResourceInUse {
                message: format!("Table already exists: {}", def.name),
                request_id: None,
                source: None,
            }),
            Entry::Vacant(v) => {
                let stream = def.stream.and_then(|s| s.view_type.filter(|_| s.enabled));
                let mut table = Table::new(def);
                if let Some(view_type) = stream {
                    self.inner.streams.open(&mut table, view_type);
                }
                let description = describe(&table, TableStatus::Active);
                v.insert(Arc::new(RwLock::new(table)));
                Ok(description)
            }
        }
    }

    pub(crate) fn do_update_table(&self, req: UpdateTableRequest) -> Result<TableDescription> {
        check_update_request(&req)?;
        let table = self.table(&req.table)?;
        let mut t = write(&table);
        check_update_against(&t, &req)?;
        let stream = req.stream_specification;
        if let Some(spec) = &stream {
            crate::streams::check_update(&t, spec)?;
        }
        apply_update(&mut t, req);
        if let Some(spec) = stream {
            self.apply_stream(&mut t, spec);
        }
        Ok(describe(&t, TableStatus::Active))
    }

    pub(crate) fn do_describe_table(&self, req: DescribeTableRequest) -> Result<TableDescription> {
        let table = self.table(&req.table)?;
        let t = read(&table);
        Ok(describe(&t, TableStatus::Active))
    }

    pub(crate) fn do_delete_table(&self, req: DeleteTableRequest) -> Result<TableDescription> {
        let removed = self
            .inner
            .tables
            .remove_if(&req.table, |_, t| !read(t).def.deletion_protection);
        let Some((_, table)) = removed else {
            return Err(if self.inner.tables.contains_key(&req.table) {
                TableViolation::DeletionProtected.into_error()
            } else {
                Error::table_not_found()
            });
        };
        let mut t = write(&table);
        // Deleting a table disables its stream.
        t.stream.close();
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
