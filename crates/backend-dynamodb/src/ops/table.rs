//! CreateTable, UpdateTable, DescribeTable, DeleteTable, ListTables,
//! UpdateTimeToLive and DescribeTimeToLive (with the tables' stream settings). Each answers what the service
//! answered: a table or index may still be CREATING or UPDATING (waiting for
//! ACTIVE is the client's table tooling).

use crate::backend::Sdk;
use crate::error::{from_build, sdk_error};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode as SdkBilling, CreateGlobalSecondaryIndexAction,
    DeleteGlobalSecondaryIndexAction, GlobalSecondaryIndex, GlobalSecondaryIndexUpdate,
    IndexStatus as SdkIndexStatus, KeySchemaElement, KeyType as SdkKeyRole, LocalSecondaryIndex,
    Projection, ProjectionType, ProvisionedThroughput, ProvisionedThroughputDescription,
    ScalarAttributeType, TableDescription as SdkTable, TableStatus as SdkStatus,
    TimeToLiveSpecification, TimeToLiveStatus, UpdateGlobalSecondaryIndexAction,
};
use aws_sdk_dynamodb::types::{
    OnDemandThroughput as SdkOnDemand, SseSpecification as SdkSse, SseStatus as SdkSseStatus,
    SseType as SdkSseType, TableClass as SdkTableClass,
};
use dynorm::backend::*;
use dynorm::{Error, Result};
use std::time::SystemTime;

fn scalar(t: KeyType) -> ScalarAttributeType {
    match t {
        KeyType::S => ScalarAttributeType::S,
        KeyType::N => ScalarAttributeType::N,
        KeyType::B => ScalarAttributeType::B,
    }
}

fn key_schema(pk: &KeyAttribute, sk: Option<&KeyAttribute>) -> Result<Vec<KeySchemaElement>> {
    let mut out = vec![KeySchemaElement::builder()
        .attribute_name(&pk.name)
        .key_type(SdkKeyRole::Hash)
        .build()
        .map_err(from_build)?];
    if let Some(sk) = sk {
        out.push(
            KeySchemaElement::builder()
                .attribute_name(&sk.name)
                .key_type(SdkKeyRole::Range)
                .build()
                .map_err(from_build)?,
        );
    }
    Ok(out)
}

fn projection(p: &IndexProjection) -> Projection {
    match p {
        IndexProjection::All => Projection::builder()
            .projection_type(ProjectionType::All)
            .build(),
        IndexProjection::KeysOnly => Projection::builder()
            .projection_type(ProjectionType::KeysOnly)
            .build(),
        IndexProjection::Include(names) => Projection::builder()
            .projection_type(ProjectionType::Include)
            .set_non_key_attributes(Some(names.clone()))
            .build(),
    }
}

fn throughput(table: &str, t: Throughput) -> Result<ProvisionedThroughput> {
    let units = |n: u64| {
        i64::try_from(n).map_err(|_| {
            Error::validation_in(table, format!("capacity units {n} are out of range"))
        })
    };
    ProvisionedThroughput::builder()
        .read_capacity_units(units(t.read)?)
        .write_capacity_units(units(t.write)?)
        .build()
        .map_err(from_build)
}

/// The attribute definitions of these key attributes, each name once. One
/// name with two types is a validation error naming `table`.
fn attribute_definitions<'k>(
    table: &str,
    keys: impl Iterator<Item = &'k KeyAttribute>,
) -> Result<Vec<AttributeDefinition>> {
    let mut seen: Vec<&KeyAttribute> = Vec::new();
    for key in keys {
        match seen.iter().find(|k| k.name == key.name) {
            Some(k) if k.key_type != key.key_type => {
                return Err(Error::validation_in(
                    table,
                    format!(
                        "key attribute `{}` is declared as both {} and {}",
                        key.name, k.key_type, key.key_type
                    ),
                ))
            }
            Some(_) => {}
            None => seen.push(key),
        }
    }
    seen.into_iter()
        .map(|k| {
            AttributeDefinition::builder()
                .attribute_name(&k.name)
                .attribute_type(scalar(k.key_type))
                .build()
                .map_err(from_build)
        })
        .collect()
}

fn sdk_table_class(class: TableClass) -> SdkTableClass {
    SdkTableClass::from(class.as_str())
}

fn sdk_on_demand(max: OnDemandThroughput) -> SdkOnDemand {
    SdkOnDemand::builder()
        .set_max_read_request_units(max.max_read_request_units)
        .set_max_write_request_units(max.max_write_request_units)
        .build()
}

fn sdk_sse(sse: &SseSpecification) -> SdkSse {
    SdkSse::builder()
        .enabled(sse.enabled)
        .set_sse_type(sse.enabled.then_some(SdkSseType::Kms))
        .set_kms_master_key_id(sse.kms_master_key_id.clone())
        .build()
}

pub(crate) async fn create_table(client: &Sdk, def: TableDefinition) -> Result<TableDescription> {
    client.key_schemas.forget(&def.name);
    let provisioned = def
        .billing
        .throughput()
        .map(|t| throughput(&def.name, t))
        .transpose()?;
    let mut gsis = Vec::with_capacity(def.global_indexes.len());
    for index in &def.global_indexes {
        gsis.push(
            GlobalSecondaryIndex::builder()
                .index_name(&index.name)
                .set_key_schema(Some(key_schema(
                    &index.partition_key,
                    index.sort_key.as_ref(),
                )?))
                .projection(projection(&index.projection))
                .set_provisioned_throughput(provisioned.clone())
                .build()
                .map_err(from_build)?,
        );
    }
    let mut lsis = Vec::with_capacity(def.local_indexes.len());
    for index in &def.local_indexes {
        lsis.push(
            LocalSecondaryIndex::builder()
                .index_name(&index.name)
                .set_key_schema(Some(key_schema(
                    &index.partition_key,
                    index.sort_key.as_ref(),
                )?))
                .projection(projection(&index.projection))
                .build()
                .map_err(from_build)?,
        );
    }
    let out = client
        .create_table()
        .table_name(&def.name)
        .set_key_schema(Some(key_schema(&def.partition_key, def.sort_key.as_ref())?))
        .set_attribute_definitions(Some(attribute_definitions(
            &def.name,
            def.key_attributes(),
        )?))
        .set_global_secondary_indexes((!gsis.is_empty()).then_some(gsis))
        .set_local_secondary_indexes((!lsis.is_empty()).then_some(lsis))
        .billing_mode(if provisioned.is_some() {
            SdkBilling::Provisioned
        } else {
            SdkBilling::PayPerRequest
        })
        .set_provisioned_throughput(provisioned)
        .set_tags(super::tags::sdk_tags(&def.tags)?)
        .set_stream_specification(
            def.stream
                .map(super::streams::sdk_specification)
                .transpose()?,
        )
        .set_deletion_protection_enabled(def.deletion_protection.then_some(true))
        .set_table_class(def.table_class.map(sdk_table_class))
        .set_on_demand_throughput(def.on_demand_throughput.map(sdk_on_demand))
        .set_sse_specification(def.sse.as_ref().map(sdk_sse))
        .send()
        .await
        .map_err(sdk_error(client))?;
    answered(out.table_description, &def.name)
}

/// One change to the global indexes, as the SDK's update.
fn index_update(table: &str, update: GlobalIndexUpdate) -> Result<GlobalSecondaryIndexUpdate> {
    Ok(match update {
        GlobalIndexUpdate::Create {
            index,
            provisioned_throughput,
            ..
        } => GlobalSecondaryIndexUpdate::builder()
            .create(
                CreateGlobalSecondaryIndexAction::builder()
                    .index_name(&index.name)
                    .set_key_schema(Some(key_schema(
                        &index.partition_key,
                        index.sort_key.as_ref(),
                    )?))
                    .projection(projection(&index.projection))
                    .set_provisioned_throughput(
                        provisioned_throughput
                            .map(|t| throughput(table, t))
                            .transpose()?,
                    )
                    .build()
                    .map_err(from_build)?,
            )
            .build(),
        GlobalIndexUpdate::Update {
            name,
            provisioned_throughput,
            ..
        } => GlobalSecondaryIndexUpdate::builder()
            .update(
                UpdateGlobalSecondaryIndexAction::builder()
                    .index_name(name)
                    .provisioned_throughput(throughput(table, provisioned_throughput)?)
                    .build()
                    .map_err(from_build)?,
            )
            .build(),
        GlobalIndexUpdate::Delete { name, .. } => GlobalSecondaryIndexUpdate::builder()
            .delete(
                DeleteGlobalSecondaryIndexAction::builder()
                    .index_name(name)
                    .build()
                    .map_err(from_build)?,
            )
            .build(),
        _ => return Err(Error::unsupported(Operation::UpdateTable, crate::NAME)),
    })
}

pub(crate) async fn update_table(
    client: &Sdk,
    req: UpdateTableRequest,
) -> Result<TableDescription> {
    let table = req.table;
    // The attribute definitions of the new indexes' keys (DynamoDB wants
    // them in the request, not only in the table).
    let new_keys: Vec<KeyAttribute> = req
        .global_index_updates
        .iter()
        .filter_map(|u| match u {
            GlobalIndexUpdate::Create { index, .. } => Some(index.key_attributes().cloned()),
            _ => None,
        })
        .flatten()
        .collect();
    let definitions = attribute_definitions(&table, new_keys.iter())?;
    let updates = req
        .global_index_updates
        .into_iter()
        .map(|u| index_update(&table, u))
        .collect::<Result<Vec<_>>>()?;
    let out = client
        .update_table()
        .table_name(&table)
        .set_attribute_definitions((!definitions.is_empty()).then_some(definitions))
        .set_billing_mode(req.capacity_mode.map(|m| match m {
            CapacityMode::OnDemand => SdkBilling::PayPerRequest,
            CapacityMode::Provisioned => SdkBilling::Provisioned,
        }))
        .set_provisioned_throughput(
            req.provisioned_throughput
                .map(|t| throughput(&table, t))
                .transpose()?,
        )
        .set_global_secondary_index_updates((!updates.is_empty()).then_some(updates))
        .set_stream_specification(
            req.stream_specification
                .map(super::streams::sdk_specification)
                .transpose()?,
        )
        .set_deletion_protection_enabled(req.deletion_protection)
        .set_table_class(req.table_class.map(sdk_table_class))
        .set_on_demand_throughput(req.on_demand_throughput.map(sdk_on_demand))
        .send()
        .await
        .map_err(sdk_error(client))?;
    answered(out.table_description, &table)
}

/// The description a table call answered with.
fn answered(desc: Option<SdkTable>, table: &str) -> Result<TableDescription> {
    let raw =
        desc.ok_or_else(|| malformed(table, "the answer holds no table description".into()))?;
    description(raw, table)
}

async fn describe_raw(client: &Sdk, table: &str) -> Result<SdkTable> {
    let out = client
        .describe_table()
        .table_name(table)
        .send()
        .await
        .map_err(sdk_error(client))?;
    out.table.ok_or_else(|| Error::Service {
        code: "MissingTable".into(),
        message: format!("DescribeTable for `{table}` returned no table description"),
        request_id: None,
        retryable: false,
        source: None,
    })
}

pub(crate) async fn describe_table(
    client: &Sdk,
    req: DescribeTableRequest,
) -> Result<TableDescription> {
    let raw = describe_raw(client, &req.table).await?;
    description(raw, &req.table)
}

/// Reads key schemas back into key attributes using the attribute definitions.
fn keys_of(
    schema: &[KeySchemaElement],
    defs: &[AttributeDefinition],
    table: &str,
) -> Result<(KeyAttribute, Option<KeyAttribute>)> {
    let attribute = |e: &KeySchemaElement| -> Result<KeyAttribute> {
        let def = defs
            .iter()
            .find(|d| d.attribute_name == e.attribute_name)
            .ok_or_else(|| {
                malformed(
                    table,
                    format!(
                        "key attribute `{}` has no attribute definition",
                        e.attribute_name
                    ),
                )
            })?;
        let key_type = match def.attribute_type {
            ScalarAttributeType::S => KeyType::S,
            ScalarAttributeType::N => KeyType::N,
            ScalarAttributeType::B => KeyType::B,
            ref other => {
                return Err(malformed(
                    table,
                    format!("unknown key attribute type {other:?}"),
                ))
            }
        };
        Ok(KeyAttribute::new(e.attribute_name.clone(), key_type))
    };
    let hash = schema
        .iter()
        .find(|e| e.key_type == SdkKeyRole::Hash)
        .ok_or_else(|| malformed(table, "key schema has no HASH key".into()))?;
    let range = schema.iter().find(|e| e.key_type == SdkKeyRole::Range);
    Ok((attribute(hash)?, range.map(attribute).transpose()?))
}

fn malformed(table: &str, message: String) -> Error {
    Error::Service {
        code: "MalformedTableDescription".into(),
        message: format!("table `{table}`: {message}"),
        request_id: None,
        retryable: false,
        source: None,
    }
}

fn projection_of(p: Option<&Projection>) -> IndexProjection {
    match p.and_then(|p| p.projection_type.as_ref()) {
        Some(ProjectionType::KeysOnly) => IndexProjection::KeysOnly,
        Some(ProjectionType::Include) => IndexProjection::Include(
            p.map(|p| p.non_key_attributes().to_vec())
                .unwrap_or_default(),
        ),
        _ => IndexProjection::All,
    }
}

/// Provisioned capacity as described; `None` for the zeros DynamoDB
/// reports on on-demand tables and their indexes.
fn described_throughput(t: Option<&ProvisionedThroughputDescription>) -> Option<Throughput> {
    let t = t?;
    let units = |n: Option<i64>| u64::try_from(n.unwrap_or(0)).unwrap_or(0);
    let (read, write) = (units(t.read_capacity_units), units(t.write_capacity_units));
    (read > 0 || write > 0).then(|| Throughput::new(read, write))
}

fn table_status(status: Option<&SdkStatus>, table: &str) -> Result<TableStatus> {
    Ok(match status {
        Some(SdkStatus::Active) | None => TableStatus::Active,
        Some(SdkStatus::Creating) => TableStatus::Creating,
        Some(SdkStatus::Updating) => TableStatus::Updating,
        Some(SdkStatus::Deleting) => TableStatus::Deleting,
        Some(SdkStatus::Archiving) => TableStatus::Archiving,
        Some(SdkStatus::Archived) => TableStatus::Archived,
        Some(SdkStatus::InaccessibleEncryptionCredentials) => {
            TableStatus::InaccessibleEncryptionCredentials
        }
        Some(SdkStatus::ReplicationNotAuthorized) => TableStatus::ReplicationNotAuthorized,
        Some(other) => {
            return Err(malformed(
                table,
                format!("unknown table status `{}`", other.as_str()),
            ))
        }
    })
}

fn index_status(status: Option<&SdkIndexStatus>, table: &str) -> Result<IndexStatus> {
    Ok(match status {
        Some(SdkIndexStatus::Active) | None => IndexStatus::Active,
        Some(SdkIndexStatus::Creating) => IndexStatus::Creating,
        Some(SdkIndexStatus::Updating) => IndexStatus::Updating,
        Some(SdkIndexStatus::Deleting) => IndexStatus::Deleting,
        Some(other) => {
            return Err(malformed(
                table,
                format!("unknown index status `{}`", other.as_str()),
            ))
        }
    })
}

fn description(raw: SdkTable, table: &str) -> Result<TableDescription> {
    let defs = raw.attribute_definitions();
    let (partition_key, sort_key) = keys_of(raw.key_schema(), defs, table)?;
    let name = raw.table_name.clone().unwrap_or_else(|| table.to_owned());
    let mut def = TableDefinition::new(name, partition_key);
    def.sort_key = sort_key;
    let mut index_states = Vec::new();
    for gsi in raw.global_secondary_indexes() {
        let name = gsi.index_name.clone().unwrap_or_default();
        let status = index_status(gsi.index_status(), table)?;
        let mut state = IndexDescription::new(&name, status);
        state.provisioned_throughput = described_throughput(gsi.provisioned_throughput());
        index_states.push(state);
        let (pk, sk) = match keys_of(gsi.key_schema(), defs, table) {
            Ok(keys) => keys,
            // An index being deleted may have lost its attribute
            // definitions already (DynamoDB prunes them): it is reported
            // by its state only, no longer by the definition.
            Err(_) if status == IndexStatus::Deleting => continue,
            Err(e) => return Err(e),
        };
        let mut index =
            IndexDefinition::new(name, pk).with_projection(projection_of(gsi.projection.as_ref()));
        index.sort_key = sk;
        def.global_indexes.push(index);
    }
    for lsi in raw.local_secondary_indexes() {
        let (pk, sk) = keys_of(lsi.key_schema(), defs, table)?;
        let mut index = IndexDefinition::new(lsi.index_name.clone().unwrap_or_default(), pk)
            .with_projection(projection_of(lsi.projection.as_ref()));
        index.sort_key = sk;
        def.local_indexes.push(index);
    }
    let on_demand = raw
        .billing_mode_summary
        .as_ref()
        .and_then(|b| b.billing_mode.as_ref())
        .map(|m| *m == SdkBilling::PayPerRequest);
    let provisioned = described_throughput(raw.provisioned_throughput());
    def.billing = match (on_demand, provisioned) {
        (Some(true), _) | (None, None) => BillingMode::OnDemand,
        (_, Some(t)) => t.into(),
        (Some(false), None) => BillingMode::Provisioned { read: 0, write: 0 },
    };
    if def.billing == BillingMode::OnDemand {
        // DynamoDB Local keeps reporting an index's former capacity after a
        // switch to on demand; on demand, indexes have none.
        for state in &mut index_states {
            state.provisioned_throughput = None;
        }
    }
    def.deletion_protection = raw.deletion_protection_enabled.unwrap_or(false);
    def.table_class = raw
        .table_class_summary
        .as_ref()
        .and_then(|c| c.table_class.as_ref())
        .and_then(|c| TableClass::parse(c.as_str()));
    def.on_demand_throughput = raw.on_demand_throughput.as_ref().map(|max| {
        OnDemandThroughput::new(max.max_read_request_units, max.max_write_request_units)
    });
    let sse_description = raw.sse_description.as_ref().and_then(|sse| {
        let mut d = SseDescription::kms(sse.kms_master_key_arn.clone().unwrap_or_default());
        d.status = SseStatus::parse(sse.status.as_ref().map_or("ENABLED", SdkSseStatus::as_str))?;
        d.sse_type = sse.sse_type.as_ref().map(|t| t.as_str().to_owned());
        d.kms_master_key_arn = sse.kms_master_key_arn.clone();
        Some(d)
    });
    def.sse = sse_description
        .as_ref()
        .filter(|d| d.status == SseStatus::Enabled)
        .map(|_| SseSpecification::enabled());
    let mut desc = TableDescription::new(def, table_status(raw.table_status(), table)?);
    desc.sse_description = sse_description;
    desc.global_indexes = index_states;
    desc.item_count = u64::try_from(raw.item_count.unwrap_or(0)).unwrap_or(0);
    desc.size_bytes = u64::try_from(raw.table_size_bytes.unwrap_or(0)).unwrap_or(0);
    desc.creation_time = raw
        .creation_date_time
        .and_then(|t| SystemTime::try_from(t).ok());
    desc.arn = raw.table_arn;
    desc.stream_specification = raw
        .stream_specification
        .as_ref()
        .map(super::streams::specification_of);
    desc.definition.stream = desc.stream_specification;
    desc.latest_stream_arn = raw.latest_stream_arn;
    desc.latest_stream_label = raw.latest_stream_label;
    Ok(desc)
}

pub(crate) async fn delete_table(
    client: &Sdk,
    req: DeleteTableRequest,
) -> Result<TableDescription> {
    client.key_schemas.forget(&req.table);
    let out = client
        .delete_table()
        .table_name(&req.table)
        .send()
        .await
        .map_err(sdk_error(client))?;
    answered(out.table_description, &req.table)
}

pub(crate) async fn list_tables(client: &Sdk, req: ListTablesRequest) -> Result<ListTablesOutput> {
    let limit = req.limit.map(|l| i32::try_from(l).unwrap_or(i32::MAX));
    let out = client
        .list_tables()
        .set_exclusive_start_table_name(req.exclusive_start_table_name)
        .set_limit(limit)
        .send()
        .await
        .map_err(sdk_error(client))?;
    Ok(ListTablesOutput::new(
        out.table_names.unwrap_or_default(),
        out.last_evaluated_table_name,
    ))
}

pub(crate) async fn update_time_to_live(
    client: &Sdk,
    req: UpdateTimeToLiveRequest,
) -> Result<TimeToLive> {
    let ttl = req.time_to_live;
    let spec = TimeToLiveSpecification::builder()
        .attribute_name(&ttl.attribute)
        .enabled(ttl.enabled)
        .build()
        .map_err(from_build)?;
    let out = client
        .update_time_to_live()
        .table_name(&req.table)
        .time_to_live_specification(spec)
        .send()
        .await
        .map_err(sdk_error(client))?;
    Ok(match out.time_to_live_specification {
        Some(applied) if applied.enabled => TimeToLive::enabled(applied.attribute_name),
        Some(applied) => TimeToLive::disabled(applied.attribute_name),
        None => ttl,
    })
}

pub(crate) async fn describe_time_to_live(
    client: &Sdk,
    req: DescribeTimeToLiveRequest,
) -> Result<DescribeTimeToLiveOutput> {
    let out = client
        .describe_time_to_live()
        .table_name(&req.table)
        .send()
        .await
        .map_err(sdk_error(client))?;
    let Some(d) = out.time_to_live_description else {
        return Ok(DescribeTimeToLiveOutput::default());
    };
    let status = match d.time_to_live_status {
        Some(TimeToLiveStatus::Enabled) => TtlStatus::Enabled,
        Some(TimeToLiveStatus::Enabling) => TtlStatus::Enabling,
        Some(TimeToLiveStatus::Disabling) => TtlStatus::Disabling,
        Some(TimeToLiveStatus::Disabled) | None => TtlStatus::Disabled,
        Some(other) => {
            return Err(malformed(
                &req.table,
                format!("unknown TTL status `{}`", other.as_str()),
            ))
        }
    };
    Ok(DescribeTimeToLiveOutput::new(status, d.attribute_name))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn attribute_definitions_are_deduplicated() {
        let def = TableDefinition::new("t", KeyAttribute::new("pk", KeyType::S))
            .with_sort_key(KeyAttribute::new("sk", KeyType::S))
            .with_global_index(
                IndexDefinition::new("gsi1", KeyAttribute::new("sk", KeyType::S))
                    .with_sort_key(KeyAttribute::new("n", KeyType::N)),
            )
            .with_local_index(
                IndexDefinition::new("lsi1", KeyAttribute::new("pk", KeyType::S))
                    .with_sort_key(KeyAttribute::new("n", KeyType::N))
                    .with_projection(IndexProjection::KeysOnly),
            );
        let defs = attribute_definitions(&def.name, def.key_attributes()).unwrap();
        let names: Vec<_> = defs.iter().map(|d| d.attribute_name.as_str()).collect();
        assert_eq!(names, ["pk", "sk", "n"]);
        assert_eq!(defs[2].attribute_type, ScalarAttributeType::N);
    }

    #[test]
    fn one_name_with_two_types_is_rejected() {
        let def = TableDefinition::new("t", KeyAttribute::new("pk", KeyType::S)).with_global_index(
            IndexDefinition::new("g", KeyAttribute::new("pk", KeyType::N)),
        );
        let err = attribute_definitions(&def.name, def.key_attributes()).unwrap_err();
        assert!(err.is_validation());
        assert!(err.to_string().contains("`pk`"), "{err}");
    }
}
