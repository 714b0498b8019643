//! CreateTable (and waiting until it is ACTIVE), DescribeTable, DeleteTable,
//! ListTables, UpdateTimeToLive and DescribeTimeToLive.

use crate::backend::Sdk;
use crate::error::{from_build, sdk_error};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode as SdkBilling, GlobalSecondaryIndex, IndexStatus,
    KeySchemaElement, KeyType as SdkKeyRole, LocalSecondaryIndex, Projection, ProjectionType,
    ProvisionedThroughput, ScalarAttributeType, TableDescription as SdkTable,
    TableStatus as SdkStatus, TimeToLiveSpecification, TimeToLiveStatus,
};
use dynorm::backend::*;
use dynorm::{Error, Result};
use std::time::Duration;

/// How long CreateTable waits for the table and its indexes to become ACTIVE.
const ACTIVE_TIMEOUT: Duration = Duration::from_secs(300);
/// First and largest pause between DescribeTable polls.
const POLL_FIRST: Duration = Duration::from_millis(50);
const POLL_MAX: Duration = Duration::from_secs(5);

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

fn throughput(table: &str, read: u64, write: u64) -> Result<ProvisionedThroughput> {
    let units = |n: u64| {
        i64::try_from(n).map_err(|_| {
            Error::validation_in(table, format!("capacity units {n} are out of range"))
        })
    };
    ProvisionedThroughput::builder()
        .read_capacity_units(units(read)?)
        .write_capacity_units(units(write)?)
        .build()
        .map_err(from_build)
}

/// The attribute definitions of every key attribute of the table and its
/// indexes, each name once. One name with two types is a validation error.
fn attribute_definitions(def: &TableDefinition) -> Result<Vec<AttributeDefinition>> {
    let mut seen: Vec<&KeyAttribute> = Vec::new();
    let keys = std::iter::once(&def.partition_key)
        .chain(def.sort_key.as_ref())
        .chain(
            def.global_indexes
                .iter()
                .chain(&def.local_indexes)
                .flat_map(|i| std::iter::once(&i.partition_key).chain(i.sort_key.as_ref())),
        );
    for key in keys {
        match seen.iter().find(|k| k.name == key.name) {
            Some(k) if k.key_type != key.key_type => {
                return Err(Error::validation_in(
                    &def.name,
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

pub(crate) async fn create_table(client: &Sdk, def: TableDefinition) -> Result<TableDescription> {
    let provisioned = match def.billing {
        BillingMode::OnDemand => None,
        BillingMode::Provisioned { read, write } => Some(throughput(&def.name, read, write)?),
    };
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
    client
        .create_table()
        .table_name(&def.name)
        .set_key_schema(Some(key_schema(&def.partition_key, def.sort_key.as_ref())?))
        .set_attribute_definitions(Some(attribute_definitions(&def)?))
        .set_global_secondary_indexes((!gsis.is_empty()).then_some(gsis))
        .set_local_secondary_indexes((!lsis.is_empty()).then_some(lsis))
        .billing_mode(if provisioned.is_some() {
            SdkBilling::Provisioned
        } else {
            SdkBilling::PayPerRequest
        })
        .set_provisioned_throughput(provisioned)
        .send()
        .await
        .map_err(sdk_error(client))?;
    wait_until_active(client, &def.name).await
}

/// Polls DescribeTable with a growing pause until the table and its GSIs are ACTIVE.
async fn wait_until_active(client: &Sdk, table: &str) -> Result<TableDescription> {
    let started = tokio::time::Instant::now();
    let mut pause = POLL_FIRST;
    loop {
        let raw = describe_raw(client, table).await?;
        let table_active = raw.table_status == Some(SdkStatus::Active);
        let indexes_active = raw.global_secondary_indexes().iter().all(|i| {
            i.index_status
                .as_ref()
                .map_or(true, |s| *s == IndexStatus::Active)
        });
        if table_active && indexes_active {
            return description(raw, table);
        }
        if started.elapsed() >= ACTIVE_TIMEOUT {
            return Err(Error::Service {
                code: "TableNotActive".into(),
                message: format!(
                    "table `{table}` was created but did not become ACTIVE within {} s",
                    ACTIVE_TIMEOUT.as_secs()
                ),
                request_id: None,
                retryable: true,
                source: None,
            });
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(POLL_MAX);
    }
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

pub(crate) async fn describe_table(client: &Sdk, table: &str) -> Result<TableDescription> {
    let raw = describe_raw(client, table).await?;
    description(raw, table)
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

fn description(raw: SdkTable, table: &str) -> Result<TableDescription> {
    let defs = raw.attribute_definitions();
    let (partition_key, sort_key) = keys_of(raw.key_schema(), defs, table)?;
    let mut global_indexes = Vec::new();
    for gsi in raw.global_secondary_indexes() {
        let (pk, sk) = keys_of(gsi.key_schema(), defs, table)?;
        global_indexes.push(IndexDefinition {
            name: gsi.index_name.clone().unwrap_or_default(),
            partition_key: pk,
            sort_key: sk,
            projection: projection_of(gsi.projection.as_ref()),
        });
    }
    let mut local_indexes = Vec::new();
    for lsi in raw.local_secondary_indexes() {
        let (pk, sk) = keys_of(lsi.key_schema(), defs, table)?;
        local_indexes.push(IndexDefinition {
            name: lsi.index_name.clone().unwrap_or_default(),
            partition_key: pk,
            sort_key: sk,
            projection: projection_of(lsi.projection.as_ref()),
        });
    }
    let on_demand = raw
        .billing_mode_summary
        .as_ref()
        .and_then(|b| b.billing_mode.as_ref())
        .map(|m| *m == SdkBilling::PayPerRequest);
    let (read, write) = raw
        .provisioned_throughput
        .as_ref()
        .map(|t| {
            (
                u64::try_from(t.read_capacity_units.unwrap_or(0)).unwrap_or(0),
                u64::try_from(t.write_capacity_units.unwrap_or(0)).unwrap_or(0),
            )
        })
        .unwrap_or((0, 0));
    let billing = match on_demand {
        Some(true) => BillingMode::OnDemand,
        Some(false) => BillingMode::Provisioned { read, write },
        None if read == 0 && write == 0 => BillingMode::OnDemand,
        None => BillingMode::Provisioned { read, write },
    };
    let status = match raw.table_status {
        Some(SdkStatus::Creating) => TableStatus::Creating,
        Some(SdkStatus::Updating) => TableStatus::Updating,
        Some(SdkStatus::Deleting) => TableStatus::Deleting,
        Some(SdkStatus::Active) | None => TableStatus::Active,
        // Archiving, archived or inaccessible tables cannot serve requests as they are;
        // dynorm has no state for them and reports them as being updated.
        Some(_) => TableStatus::Updating,
    };
    Ok(TableDescription {
        definition: TableDefinition {
            name: raw.table_name.clone().unwrap_or_else(|| table.to_owned()),
            partition_key,
            sort_key,
            global_indexes,
            local_indexes,
            billing,
        },
        status,
        item_count: u64::try_from(raw.item_count.unwrap_or(0)).unwrap_or(0),
    })
}

pub(crate) async fn delete_table(client: &Sdk, table: &str) -> Result<()> {
    client
        .delete_table()
        .table_name(table)
        .send()
        .await
        .map_err(sdk_error(client))?;
    Ok(())
}

pub(crate) async fn list_tables(client: &Sdk) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut start: Option<String> = None;
    loop {
        let out = client
            .list_tables()
            .set_exclusive_start_table_name(start.take())
            .send()
            .await
            .map_err(sdk_error(client))?;
        names.extend(out.table_names.unwrap_or_default());
        match out.last_evaluated_table_name {
            Some(last) => start = Some(last),
            None => break,
        }
    }
    names.sort();
    Ok(names)
}

pub(crate) async fn update_time_to_live(client: &Sdk, table: &str, ttl: TimeToLive) -> Result<()> {
    let spec = TimeToLiveSpecification::builder()
        .attribute_name(ttl.attribute)
        .enabled(ttl.enabled)
        .build()
        .map_err(from_build)?;
    client
        .update_time_to_live()
        .table_name(table)
        .time_to_live_specification(spec)
        .send()
        .await
        .map_err(sdk_error(client))?;
    Ok(())
}

pub(crate) async fn describe_time_to_live(client: &Sdk, table: &str) -> Result<Option<String>> {
    let out = client
        .describe_time_to_live()
        .table_name(table)
        .send()
        .await
        .map_err(sdk_error(client))?;
    Ok(out
        .time_to_live_description
        .and_then(|d| match d.time_to_live_status {
            Some(TimeToLiveStatus::Enabled) | Some(TimeToLiveStatus::Enabling) => d.attribute_name,
            _ => None,
        }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn attribute_definitions_are_deduplicated() {
        let def = TableDefinition::new("t", KeyAttribute::new("pk", KeyType::S))
            .with_sort_key(KeyAttribute::new("sk", KeyType::S))
            .with_global_index(IndexDefinition {
                name: "gsi1".into(),
                partition_key: KeyAttribute::new("sk", KeyType::S),
                sort_key: Some(KeyAttribute::new("n", KeyType::N)),
                projection: IndexProjection::All,
            })
            .with_local_index(IndexDefinition {
                name: "lsi1".into(),
                partition_key: KeyAttribute::new("pk", KeyType::S),
                sort_key: Some(KeyAttribute::new("n", KeyType::N)),
                projection: IndexProjection::KeysOnly,
            });
        let defs = attribute_definitions(&def).unwrap();
        let names: Vec<_> = defs.iter().map(|d| d.attribute_name.as_str()).collect();
        assert_eq!(names, ["pk", "sk", "n"]);
        assert_eq!(defs[2].attribute_type, ScalarAttributeType::N);
    }

    #[test]
    fn one_name_with_two_types_is_rejected() {
        let def = TableDefinition::new("t", KeyAttribute::new("pk", KeyType::S)).with_global_index(
            IndexDefinition {
                name: "g".into(),
                partition_key: KeyAttribute::new("pk", KeyType::N),
                sort_key: None,
                projection: IndexProjection::All,
            },
        );
        let err = attribute_definitions(&def).unwrap_err();
        assert!(err.is_validation());
        assert!(err.to_string().contains("`pk`"), "{err}");
    }
}
