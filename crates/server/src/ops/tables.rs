//! CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables and the
//! time-to-live operations.

use super::Answer;
use crate::error::ApiError;
use crate::input::Input;
use dynorm::backend::{
    BillingMode, CapacityMode, DeleteTableRequest, DescribeTableRequest, DescribeTimeToLiveRequest,
    GlobalIndexUpdate, IndexDefinition, IndexDescription, IndexProjection, KeyAttribute, KeyType,
    ListTablesRequest, OnDemandThroughput, SseSpecification, TableClass, TableDefinition,
    TableDescription, Throughput, TimeToLive, UpdateTableRequest, UpdateTimeToLiveRequest,
};
use dynorm::rules::table::Violation as TableViolation;
use dynorm::Backend;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

fn invalid(message: impl std::fmt::Display) -> ApiError {
    ApiError::validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

/// `AttributeDefinitions`: name to key type, in the order given.
fn attribute_definitions(input: Input<'_>) -> Result<BTreeMap<String, KeyType>, ApiError> {
    let mut defs = BTreeMap::new();
    for def in input.list("AttributeDefinitions")?.into_iter().flatten() {
        let def = Input::of(def)?;
        let name = def.required_str("AttributeName")?;
        let key_type = match def.choice("AttributeType", &["B", "N", "S"])? {
            Some("B") => KeyType::B,
            Some("N") => KeyType::N,
            Some(_) => KeyType::S,
            None => return Err(crate::input::missing("AttributeType")),
        };
        defs.insert(name.to_owned(), key_type);
    }
    Ok(defs)
}

/// A `KeySchema`: the partition key and the optional sort key, their types
/// from `defs`.
fn key_schema(
    schema: &[Json],
    defs: &BTreeMap<String, KeyType>,
    used: &mut Vec<String>,
) -> Result<(KeyAttribute, Option<KeyAttribute>), ApiError> {
    let mut keys = Vec::with_capacity(2);
    for element in schema {
        let element = Input::of(element)?;
        let name = element.required_str("AttributeName")?;
        let role = element
            .choice("KeyType", &["HASH", "RANGE"])?
            .ok_or_else(|| crate::input::missing("KeyType"))?;
        keys.push((name, role));
    }
    let hash = match keys.first() {
        Some((name, "HASH")) => *name,
        Some(_) => {
            return Err(ApiError::validation(
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
            ))
        }
        None => {
            return Err(ApiError::validation(
                "1 validation error detected: Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1",
            ))
        }
    };
    let range = match keys.get(1) {
        None => None,
        Some((name, "RANGE")) if keys.len() == 2 => Some(*name),
        Some((_, "RANGE")) => {
            return Err(ApiError::validation(
                "1 validation error detected: Value at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2",
            ))
        }
        Some(_) => {
            return Err(ApiError::validation(
                "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
            ))
        }
    };
    if range == Some(hash) {
        return Err(invalid(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name",
        ));
    }
    let attribute = |name: &str| -> Result<KeyAttribute, ApiError> {
        match defs.get(name) {
            Some(t) => Ok(KeyAttribute::new(name, *t)),
            None => Err(invalid(format!(
                "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
                keys.iter().map(|k| k.0).collect::<Vec<_>>().join(", "),
                defs.keys().cloned().collect::<Vec<_>>().join(", ")
            ))),
        }
    };
    let pk = attribute(hash)?;
    let sk = range.map(attribute).transpose()?;
    for k in std::iter::once(&pk).chain(&sk) {
        if !used.contains(&k.name) {
            used.push(k.name.clone());
        }
    }
    Ok((pk, sk))
}

fn projection(input: Input<'_>) -> Result<IndexProjection, ApiError> {
    let projection = input.required_object("Projection")?;
    let kind = projection.choice("ProjectionType", &["ALL", "KEYS_ONLY", "INCLUDE"])?;
    if kind != Some("INCLUDE") && projection.has("NonKeyAttributes") {
        return Err(TableViolation::NonKeyAttributesNotInclude
            .into_error()
            .into());
    }
    Ok(match kind {
        Some("KEYS_ONLY") => IndexProjection::KeysOnly,
        Some("INCLUDE") => IndexProjection::Include(
            projection
                .list("NonKeyAttributes")?
                .into_iter()
                .flatten()
                .map(|a| match a {
                    Json::String(s) => Ok(s.clone()),
                    _ => Err(ApiError::serialization(
                        "NUMBER_VALUE can not be converted to String",
                    )),
                })
                .collect::<Result<_, _>>()?,
        ),
        _ => IndexProjection::All,
    })
}

fn index_definition(
    input: Input<'_>,
    defs: &BTreeMap<String, KeyType>,
    used: &mut Vec<String>,
) -> Result<IndexDefinition, ApiError> {
    let name = input.required_str("IndexName")?;
    let (pk, sk) = key_schema(input.required_list("KeySchema")?, defs, used)?;
    let mut index = IndexDefinition::new(name, pk).with_projection(projection(input)?);
    index.sort_key = sk;
    Ok(index)
}

fn throughput(input: Input<'_>) -> Result<Option<Throughput>, ApiError> {
    let Some(t) = input.object("ProvisionedThroughput")? else {
        return Ok(None);
    };
    let read = t
        .u64("ReadCapacityUnits")?
        .ok_or_else(|| crate::input::missing("ReadCapacityUnits"))?;
    let write = t
        .u64("WriteCapacityUnits")?
        .ok_or_else(|| crate::input::missing("WriteCapacityUnits"))?;
    Ok(Some(Throughput::new(read, write)))
}

fn billing(input: Input<'_>) -> Result<BillingMode, ApiError> {
    let mode = input.choice("BillingMode", &["PROVISIONED", "PAY_PER_REQUEST"])?;
    match (mode, throughput(input)?) {
        (Some("PAY_PER_REQUEST"), None) => Ok(BillingMode::OnDemand),
        (Some("PAY_PER_REQUEST"), Some(_)) => Err(invalid(
            "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
        )),
        (_, Some(t)) => Ok(BillingMode::from(t)),
        (_, None) => Err(invalid(
            "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
        )),
    }
}

/// `TableClass`.
fn table_class(input: Input<'_>) -> Result<Option<TableClass>, ApiError> {
    Ok(input
        .choice("TableClass", &["STANDARD", "STANDARD_INFREQUENT_ACCESS"])?
        .and_then(TableClass::parse))
}

/// `OnDemandThroughput`.
fn on_demand_throughput(input: Input<'_>) -> Result<Option<OnDemandThroughput>, ApiError> {
    let Some(max) = input.object("OnDemandThroughput")? else {
        return Ok(None);
    };
    Ok(Some(OnDemandThroughput::new(
        max.i64("MaxReadRequestUnits")?,
        max.i64("MaxWriteRequestUnits")?,
    )))
}

/// `SSESpecification` (its `SSEType` can only be `KMS`).
fn sse_specification(input: Input<'_>) -> Result<Option<SseSpecification>, ApiError> {
    let Some(sse) = input.object("SSESpecification")? else {
        return Ok(None);
    };
    sse.choice("SSEType", &["AES256", "KMS"])?;
    let mut spec = SseSpecification::default();
    spec.enabled = sse.bool("Enabled")?.unwrap_or(false);
    spec.kms_master_key_id = sse.str("KMSMasterKeyId")?.map(str::to_owned);
    Ok(Some(spec))
}

pub(super) async fn create_table(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let name = input.required_str("TableName")?;
    let defs = attribute_definitions(input)?;
    let schema = input.required_list("KeySchema")?;
    if !input.has("AttributeDefinitions") {
        return Err(crate::input::missing("AttributeDefinitions"));
    }
    let mut used = Vec::new();
    let (pk, sk) = key_schema(schema, &defs, &mut used)?;
    let mut def = TableDefinition::new(name, pk).with_billing(billing(input)?);
    def.sort_key = sk;
    def.tags = super::tags::tags(input)?;
    def.stream = super::streams::specification(input)?;
    def.deletion_protection = input.bool("DeletionProtectionEnabled")?.unwrap_or(false);
    def.table_class = table_class(input)?;
    def.on_demand_throughput = on_demand_throughput(input)?;
    def.sse = sse_specification(input)?;
    for gsi in input.list("GlobalSecondaryIndexes")?.into_iter().flatten() {
        let gsi = Input::of(gsi)?;
        def.global_indexes
            .push(index_definition(gsi, &defs, &mut used)?);
    }
    for lsi in input.list("LocalSecondaryIndexes")?.into_iter().flatten() {
        def.local_indexes
            .push(index_definition(Input::of(lsi)?, &defs, &mut used)?);
    }
    if used.len() != defs.len() {
        return Err(
            if def.global_indexes.is_empty() && def.local_indexes.is_empty() {
                invalid("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
            } else {
                invalid(format!(
                "Some AttributeDefinitions are not used. AttributeDefinitions: [{}], keys used: [{}]",
                defs.keys().cloned().collect::<Vec<_>>().join(", "),
                used.join(", ")
            ))
            },
        );
    }
    let desc = backend.create_table(def).await?;
    Ok(json!({ "TableDescription": table_json(&desc) }))
}

pub(super) async fn describe_table(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let name = input.required_str("TableName")?;
    let desc = backend
        .describe_table(DescribeTableRequest::new(name))
        .await?;
    Ok(json!({ "Table": table_json(&desc) }))
}

pub(super) async fn delete_table(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let name = input.required_str("TableName")?;
    let desc = backend.delete_table(DeleteTableRequest::new(name)).await?;
    Ok(json!({ "TableDescription": table_json(&desc) }))
}

pub(super) async fn update_table(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let name = input.required_str("TableName")?;
    let mut req = UpdateTableRequest::new(name);
    req.capacity_mode = match input.choice("BillingMode", &["PROVISIONED", "PAY_PER_REQUEST"])? {
        Some("PAY_PER_REQUEST") => Some(CapacityMode::OnDemand),
        Some(_) => Some(CapacityMode::Provisioned),
        None => None,
    };
    req.provisioned_throughput = throughput(input)?;
    req.stream_specification = super::streams::specification(input)?;
    req.deletion_protection = input.bool("DeletionProtectionEnabled")?;
    req.table_class = table_class(input)?;
    req.on_demand_throughput = on_demand_throughput(input)?;
    let updates = input.list("GlobalSecondaryIndexUpdates")?;
    if updates.is_some_and(|u| u.iter().any(|u| u.get("Create").is_some())) {
        // New indexes' key types come from AttributeDefinitions, or else
        // from the key attributes the table already has.
        let mut defs: BTreeMap<String, KeyType> = backend
            .describe_table(DescribeTableRequest::new(name))
            .await?
            .definition
            .key_attributes()
            .map(|k| (k.name.clone(), k.key_type))
            .collect();
        defs.extend(attribute_definitions(input)?);
        read_index_updates(&mut req, updates.into_iter().flatten(), &defs)?;
    } else {
        read_index_updates(&mut req, updates.into_iter().flatten(), &BTreeMap::new())?;
    }
    let desc = backend.update_table(req).await?;
    Ok(json!({ "TableDescription": table_json(&desc) }))
}

fn read_index_updates<'a>(
    req: &mut UpdateTableRequest,
    updates: impl Iterator<Item = &'a Json>,
    defs: &BTreeMap<String, KeyType>,
) -> Result<(), ApiError> {
    for update in updates {
        let update = Input::of(update)?;
        let change = if let Some(create) = update.object("Create")? {
            let index = index_definition(create, defs, &mut Vec::new())?;
            match throughput(create)? {
                Some(t) => GlobalIndexUpdate::create_provisioned(index, t),
                None => GlobalIndexUpdate::create(index),
            }
        } else if let Some(change) = update.object("Update")? {
            GlobalIndexUpdate::update(
                change.required_str("IndexName")?,
                throughput(change)?
                    .ok_or_else(|| crate::input::missing("ProvisionedThroughput"))?,
            )
        } else if let Some(delete) = update.object("Delete")? {
            GlobalIndexUpdate::delete(delete.required_str("IndexName")?)
        } else {
            return Err(ApiError::validation(
                "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
            ));
        };
        req.global_index_updates.push(change);
    }
    Ok(())
}

pub(super) async fn list_tables(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let mut req = ListTablesRequest::new();
    if let Some(start) = input.str("ExclusiveStartTableName")? {
        req = req.exclusive_start_table_name(start);
    }
    req.limit = input.limit("Limit")?;
    let out = backend.list_tables(req).await?;
    let mut body = Map::new();
    body.insert("TableNames".into(), json!(out.table_names));
    if let Some(last) = out.last_evaluated_table_name {
        body.insert("LastEvaluatedTableName".into(), json!(last));
    }
    Ok(Json::Object(body))
}

pub(super) async fn update_time_to_live(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let name = input.required_str("TableName")?;
    let spec = input.required_object("TimeToLiveSpecification")?;
    let attribute = spec.required_str("AttributeName")?;
    let enabled = spec
        .bool("Enabled")?
        .ok_or_else(|| crate::input::missing("Enabled"))?;
    let ttl = if enabled {
        TimeToLive::enabled(attribute)
    } else {
        TimeToLive::disabled(attribute)
    };
    let out = backend
        .update_time_to_live(UpdateTimeToLiveRequest::new(name, ttl))
        .await?;
    Ok(json!({"TimeToLiveSpecification": {"AttributeName": out.attribute, "Enabled": out.enabled}}))
}

pub(super) async fn describe_time_to_live(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let name = input.required_str("TableName")?;
    let out = backend
        .describe_time_to_live(DescribeTimeToLiveRequest::new(name))
        .await?;
    let mut desc = Map::new();
    desc.insert("TimeToLiveStatus".into(), json!(out.status.as_str()));
    if let Some(attribute) = out.attribute {
        desc.insert("AttributeName".into(), json!(attribute));
    }
    Ok(json!({ "TimeToLiveDescription": desc }))
}

fn key_schema_json(pk: &KeyAttribute, sk: Option<&KeyAttribute>) -> Json {
    let mut schema = vec![json!({"AttributeName": pk.name, "KeyType": "HASH"})];
    if let Some(sk) = sk {
        schema.push(json!({"AttributeName": sk.name, "KeyType": "RANGE"}));
    }
    Json::Array(schema)
}

fn projection_json(p: &IndexProjection) -> Json {
    match p {
        IndexProjection::All => json!({"ProjectionType": "ALL"}),
        IndexProjection::KeysOnly => json!({"ProjectionType": "KEYS_ONLY"}),
        IndexProjection::Include(attrs) => {
            json!({"ProjectionType": "INCLUDE", "NonKeyAttributes": attrs})
        }
    }
}

fn throughput_json(t: Option<Throughput>) -> Json {
    let t = t.unwrap_or(Throughput::new(0, 0));
    json!({
        "NumberOfDecreasesToday": 0,
        "ReadCapacityUnits": t.read,
        "WriteCapacityUnits": t.write,
    })
}

fn epoch_seconds(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

/// A stable id for a table: the same name and creation time give the same id.
fn table_id(name: &str, created: Option<SystemTime>) -> String {
    let mut high = DefaultHasher::new();
    (name, created, 1u8).hash(&mut high);
    let mut low = DefaultHasher::new();
    (name, created, 2u8).hash(&mut low);
    let bits = (u128::from(high.finish()) << 64) | u128::from(low.finish());
    uuid::Builder::from_random_bytes(bits.to_be_bytes())
        .into_uuid()
        .to_string()
}

/// A `TableDescription` as DynamoDB writes it.
pub(crate) fn table_json(desc: &TableDescription) -> Json {
    let def = &desc.definition;
    // Left out for a backend that names no ARN.
    let arn = desc.arn.as_deref();
    let index_arn = |name: &str| arn.map(|arn| format!("{arn}/index/{name}"));
    let mut attrs: Vec<&KeyAttribute> = Vec::new();
    for k in def.key_attributes() {
        if !attrs.iter().any(|a| a.name == k.name) {
            attrs.push(k);
        }
    }
    let mut body = Map::new();
    body.insert(
        "AttributeDefinitions".into(),
        Json::Array(
            attrs
                .iter()
                .map(|a| json!({"AttributeName": a.name, "AttributeType": a.key_type.as_str()}))
                .collect(),
        ),
    );
    body.insert("TableName".into(), json!(def.name));
    body.insert(
        "KeySchema".into(),
        key_schema_json(&def.partition_key, def.sort_key.as_ref()),
    );
    body.insert("TableStatus".into(), json!(desc.status.as_str()));
    let created = desc.creation_time.map(epoch_seconds).unwrap_or_default();
    body.insert("CreationDateTime".into(), json!(created));
    body.insert(
        "ProvisionedThroughput".into(),
        throughput_json(def.billing.throughput()),
    );
    body.insert("TableSizeBytes".into(), json!(desc.size_bytes));
    body.insert("ItemCount".into(), json!(desc.item_count));
    if let Some(arn) = arn {
        body.insert("TableArn".into(), json!(arn));
    }
    body.insert(
        "TableId".into(),
        json!(table_id(&def.name, desc.creation_time)),
    );
    if def.billing == BillingMode::OnDemand {
        body.insert(
            "BillingModeSummary".into(),
            json!({"BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": created}),
        );
    } else {
        body.insert(
            "BillingModeSummary".into(),
            json!({"BillingMode": "PROVISIONED"}),
        );
    }
    if !def.global_indexes.is_empty() {
        let gsis: Vec<Json> = def
            .global_indexes
            .iter()
            .map(|i| {
                let state: Option<&IndexDescription> = desc.index(&i.name);
                json!({
                    "IndexName": i.name,
                    "KeySchema": key_schema_json(&i.partition_key, i.sort_key.as_ref()),
                    "Projection": projection_json(&i.projection),
                    "IndexStatus": state.map_or("ACTIVE", |s| s.status.as_str()),
                    "ProvisionedThroughput": throughput_json(
                        state.and_then(|s| s.provisioned_throughput).or(def.billing.throughput())
                    ),
                    "IndexSizeBytes": 0,
                    "ItemCount": 0,
                    "IndexArn": index_arn(&i.name),
                })
            })
            .collect();
        body.insert("GlobalSecondaryIndexes".into(), Json::Array(gsis));
    }
    if !def.local_indexes.is_empty() {
        let lsis: Vec<Json> = def
            .local_indexes
            .iter()
            .map(|i| {
                json!({
                    "IndexName": i.name,
                    "KeySchema": key_schema_json(&i.partition_key, i.sort_key.as_ref()),
                    "Projection": projection_json(&i.projection),
                    "IndexSizeBytes": 0,
                    "ItemCount": 0,
                    "IndexArn": index_arn(&i.name),
                })
            })
            .collect();
        body.insert("LocalSecondaryIndexes".into(), Json::Array(lsis));
    }
    super::streams::describe_table_members(&mut body, desc);
    if let Some(class) = def.table_class {
        body.insert(
            "TableClassSummary".into(),
            json!({"TableClass": class.as_str()}),
        );
    }
    if let Some(sse) = &desc.sse_description {
        let mut s = Map::new();
        s.insert("Status".into(), json!(sse.status.as_str()));
        if let Some(t) = &sse.sse_type {
            s.insert("SSEType".into(), json!(t));
        }
        if let Some(arn) = &sse.kms_master_key_arn {
            s.insert("KMSMasterKeyArn".into(), json!(arn));
        }
        body.insert("SSEDescription".into(), Json::Object(s));
    }
    if let Some(max) = def.on_demand_throughput {
        let mut m = Map::new();
        if let Some(read) = max.max_read_request_units {
            m.insert("MaxReadRequestUnits".into(), json!(read));
        }
        if let Some(write) = max.max_write_request_units {
            m.insert("MaxWriteRequestUnits".into(), json!(write));
        }
        body.insert("OnDemandThroughput".into(), Json::Object(m));
    }
    body.insert(
        "DeletionProtectionEnabled".into(),
        json!(def.deletion_protection),
    );
    Json::Object(body)
}
