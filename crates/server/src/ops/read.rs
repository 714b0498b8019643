//! Query and Scan.

use super::capacity;
use crate::error::ApiError;
use crate::input::{Input, Placeholders};
use crate::legacy;
use dynorm::backend::{
    DescribeTableRequest, QueryOutput, QueryRequest, ScanRequest, Segment, Select,
};
use dynorm::value::ItemJson;
use dynorm::Backend;
use serde::Serialize;
use serde_json::Value as Json;

const SELECT: [&str; 4] = [
    "ALL_ATTRIBUTES",
    "ALL_PROJECTED_ATTRIBUTES",
    "SPECIFIC_ATTRIBUTES",
    "COUNT",
];

/// The `Select` member.
fn select(input: &Input<'_>) -> Result<Option<Select>, ApiError> {
    Ok(match input.choice("Select", &SELECT)? {
        Some("ALL_ATTRIBUTES") => Some(Select::AllAttributes),
        Some("ALL_PROJECTED_ATTRIBUTES") => Some(Select::AllProjectedAttributes),
        Some("SPECIFIC_ATTRIBUTES") => Some(Select::SpecificAttributes),
        Some("COUNT") => Some(Select::Count),
        _ => None,
    })
}

/// One page as DynamoDB answers it; only counts when `Select` is `COUNT`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Page<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    consumed_capacity: Option<Json>,
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<ItemJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_evaluated_key: Option<ItemJson<'a>>,
    scanned_count: u32,
}

/// A page's answer body, written straight from its items.
fn page(out: &QueryOutput, count_only: bool) -> Result<String, ApiError> {
    let page = Page {
        consumed_capacity: out.consumed_capacity.as_ref().map(capacity::consumed),
        count: if count_only {
            out.count as usize
        } else {
            out.items.len()
        },
        items: (!count_only).then(|| out.items.iter().map(ItemJson).collect()),
        last_evaluated_key: out.last_evaluated_key.as_ref().map(ItemJson),
        scanned_count: out.scanned_count,
    };
    serde_json::to_string(&page).map_err(|e| ApiError::internal(e.to_string()))
}

/// The key attribute names of the table or index a query reads.
async fn key_names(
    backend: &dyn Backend,
    table: &str,
    index: Option<&str>,
) -> Result<(String, Option<String>), ApiError> {
    let def = backend
        .describe_table(DescribeTableRequest::new(table))
        .await?
        .definition;
    let (pk, sk) = match index {
        None => (def.partition_key, def.sort_key),
        Some(name) => match def.index(name) {
            Some((index, _)) => (index.partition_key.clone(), index.sort_key.clone()),
            None => {
                return Err(ApiError::validation(format!(
                    "The table does not have the specified index: {name}"
                )))
            }
        },
    };
    Ok((pk.name, sk.map(|k| k.name)))
}

pub(super) async fn query(backend: &dyn Backend, input: Input<'_>) -> Result<String, ApiError> {
    let table = input.required_str("TableName")?;
    let index = input.str("IndexName")?;
    let select = select(&input)?;
    let count_only = select == Some(Select::Count);
    let limit = input.limit("Limit")?;
    legacy::check_not_mixed(&input, &legacy::QUERY)?;
    let key_text = input.str("KeyConditionExpression")?;
    if key_text.is_none() && !input.has("KeyConditions") {
        return Err(ApiError::validation(
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
        ));
    }
    let placeholders = Placeholders::read(input)?;
    let (pk, sk) = key_names(backend, table, index).await?;
    let filter_text = input.str("FilterExpression")?;
    let projection_text = input.str("ProjectionExpression")?;
    let mut parser = placeholders
        .parser(key_text.is_some() || filter_text.is_some() || projection_text.is_some())?;
    let key_condition = match key_text {
        Some(text) => Some(parser.key_condition(text, &pk, sk.as_deref())?),
        None => None,
    };
    let mut filter = filter_text.map(|t| parser.filter(t)).transpose()?;
    let mut projection = projection_text.map(|t| parser.projection(t)).transpose()?;
    parser.finish()?;
    let key_condition = match key_condition {
        Some(k) => k,
        None => legacy::key_conditions(&input, &pk, sk.as_deref())?
            .ok_or_else(|| crate::input::missing("KeyConditions"))?,
    };
    if filter.is_none() {
        let keys: Vec<&str> = std::iter::once(pk.as_str()).chain(sk.as_deref()).collect();
        filter = legacy::filter(&input, "QueryFilter", &keys)?;
    }
    if projection.is_none() {
        projection = legacy::attributes_to_get(&input)?;
    }
    let mut req = QueryRequest::new(table, key_condition)
        .scan_forward(input.bool("ScanIndexForward")?.unwrap_or(true))
        .consistent_read(input.bool("ConsistentRead")?.unwrap_or(false));
    req.index = index.map(str::to_owned);
    req.select = select;
    req.filter = filter;
    req.projection = projection;
    req.limit = limit;
    req.exclusive_start_key = input.item("ExclusiveStartKey")?;
    req.return_consumed_capacity = capacity::requested(&input)?;
    page(&backend.query(req).await?, count_only)
}

pub(super) async fn scan(backend: &dyn Backend, input: Input<'_>) -> Result<String, ApiError> {
    let table = input.required_str("TableName")?;
    let select = select(&input)?;
    let count_only = select == Some(Select::Count);
    let limit = input.limit("Limit")?;
    let segment = match (input.u64("Segment")?, input.u64("TotalSegments")?) {
        (None, None) => None,
        (Some(_), None) => return Err(ApiError::validation(
            "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
        )),
        (None, Some(_)) => return Err(ApiError::validation(
            "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
        )),
        (Some(s), Some(t)) => Some(Segment::new(
            u32::try_from(s).unwrap_or(u32::MAX),
            u32::try_from(t).unwrap_or(u32::MAX),
        )),
    };
    legacy::check_not_mixed(&input, &legacy::SCAN)?;
    let placeholders = Placeholders::read(input)?;
    let filter_text = input.str("FilterExpression")?;
    let projection_text = input.str("ProjectionExpression")?;
    let mut parser = placeholders.parser(filter_text.is_some() || projection_text.is_some())?;
    let mut filter = filter_text.map(|t| parser.filter(t)).transpose()?;
    let mut projection = projection_text.map(|t| parser.projection(t)).transpose()?;
    parser.finish()?;
    if filter.is_none() {
        filter = legacy::filter(&input, "ScanFilter", &[])?;
    }
    if projection.is_none() {
        projection = legacy::attributes_to_get(&input)?;
    }
    let mut req =
        ScanRequest::new(table).consistent_read(input.bool("ConsistentRead")?.unwrap_or(false));
    req.index = input.str("IndexName")?.map(str::to_owned);
    req.select = select;
    req.filter = filter;
    req.projection = projection;
    req.limit = limit;
    req.segment = segment;
    req.exclusive_start_key = input.item("ExclusiveStartKey")?;
    req.return_consumed_capacity = capacity::requested(&input)?;
    page(&backend.scan(req).await?, count_only)
}
