//! Query and Scan.

use super::{consumed, return_consumed, select};
use crate::backend::Sdk;
use crate::convert::{
    attrs_list_into_items, expression_values, item_into_attrs, opt_attrs_into_item,
};
use crate::error::{in_item, sdk_error};
use dynorm::backend::*;
use dynorm::expr::render::Rendered;
use dynorm::{Error, Result};

/// A `u32` count as the SDK's `i32` (DynamoDB's limits are far below `i32::MAX`).
fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

pub(crate) async fn query(client: &Sdk, req: QueryRequest) -> Result<QueryOutput> {
    let r = Rendered::query(&req)?;
    let out = client
        .query()
        .table_name(&req.table)
        .set_index_name(req.index)
        .set_key_condition_expression(r.key_condition)
        .set_filter_expression(r.filter)
        .set_projection_expression(r.projection)
        .set_expression_attribute_names(r.names)
        .set_expression_attribute_values(expression_values(r.values))
        .set_limit(req.limit.map(to_i32))
        .scan_index_forward(req.scan_forward)
        .consistent_read(req.consistent_read)
        .set_exclusive_start_key(req.exclusive_start_key.map(item_into_attrs))
        .set_select(select(req.select))
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))
        .map_err(in_item(&req.table, None))?;
    let mut page = page(
        out.items,
        out.scanned_count,
        out.last_evaluated_key,
        &req.table,
    )?;
    page.count = count(out.count);
    page.consumed_capacity = consumed(out.consumed_capacity);
    Ok(page)
}

pub(crate) async fn scan(client: &Sdk, req: ScanRequest) -> Result<ScanOutput> {
    let r = Rendered::scan(&req)?;
    let out = client
        .scan()
        .table_name(&req.table)
        .set_index_name(req.index)
        .set_filter_expression(r.filter)
        .set_projection_expression(r.projection)
        .set_expression_attribute_names(r.names)
        .set_expression_attribute_values(expression_values(r.values))
        .set_limit(req.limit.map(to_i32))
        .consistent_read(req.consistent_read)
        .set_exclusive_start_key(req.exclusive_start_key.map(item_into_attrs))
        .set_segment(req.segment.map(|s| to_i32(s.segment)))
        .set_total_segments(req.segment.map(|s| to_i32(s.total)))
        .set_select(select(req.select))
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))
        .map_err(in_item(&req.table, None))?;
    let mut page = page(
        out.items,
        out.scanned_count,
        out.last_evaluated_key,
        &req.table,
    )?;
    page.count = count(out.count);
    page.consumed_capacity = consumed(out.consumed_capacity);
    Ok(page)
}

fn page(
    items: Option<Vec<crate::convert::AttrMap>>,
    scanned_count: i32,
    last_evaluated_key: Option<crate::convert::AttrMap>,
    table: &str,
) -> Result<QueryOutput> {
    let codec = |e| Error::from(e).with_context(table, None);
    Ok(QueryOutput::new(
        attrs_list_into_items(items.unwrap_or_default()).map_err(codec)?,
        count(scanned_count),
        opt_attrs_into_item(last_evaluated_key.filter(|k| !k.is_empty())).map_err(codec)?,
    ))
}
