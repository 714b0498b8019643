//! `ReturnConsumedCapacity` and the `ConsumedCapacity` of answers, as
//! DynamoDB writes them.

use crate::error::ApiError;
use crate::input::Input;
use dynorm::backend::{Capacity, ConsumedCapacity, ReturnConsumedCapacity};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// The `ReturnConsumedCapacity` member.
pub(super) fn requested(input: &Input<'_>) -> Result<ReturnConsumedCapacity, ApiError> {
    Ok(
        match input.choice("ReturnConsumedCapacity", &["INDEXES", "TOTAL", "NONE"])? {
            Some("INDEXES") => ReturnConsumedCapacity::Indexes,
            Some("TOTAL") => ReturnConsumedCapacity::Total,
            _ => ReturnConsumedCapacity::None,
        },
    )
}

/// One `Capacity` object: its units, and the read/write split where known.
fn units(c: &Capacity, into: &mut Map<String, Json>) {
    if let Some(r) = c.read_capacity_units {
        into.insert("ReadCapacityUnits".into(), Json::from(r));
    }
    if let Some(w) = c.write_capacity_units {
        into.insert("WriteCapacityUnits".into(), Json::from(w));
    }
    into.insert("CapacityUnits".into(), Json::from(c.capacity_units));
}

fn capacity(c: &Capacity) -> Json {
    let mut out = Map::new();
    units(c, &mut out);
    Json::Object(out)
}

fn indexes(parts: &BTreeMap<String, Capacity>) -> Json {
    Json::Object(
        parts
            .iter()
            .map(|(name, c)| (name.clone(), capacity(c)))
            .collect(),
    )
}

/// One `ConsumedCapacity` object.
pub(super) fn consumed(c: &ConsumedCapacity) -> Json {
    let mut out = Map::new();
    out.insert("TableName".into(), Json::from(c.table_name.as_str()));
    units(&c.total(), &mut out);
    if let Some(t) = &c.table {
        out.insert("Table".into(), capacity(t));
    }
    if !c.global_secondary_indexes.is_empty() {
        out.insert(
            "GlobalSecondaryIndexes".into(),
            indexes(&c.global_secondary_indexes),
        );
    }
    if !c.local_secondary_indexes.is_empty() {
        out.insert(
            "LocalSecondaryIndexes".into(),
            indexes(&c.local_secondary_indexes),
        );
    }
    Json::Object(out)
}

/// Adds a single-table operation's `ConsumedCapacity` to its answer.
pub(super) fn add_one(body: &mut Json, c: Option<&ConsumedCapacity>) {
    if let (Some(c), Json::Object(map)) = (c, body) {
        map.insert("ConsumedCapacity".into(), consumed(c));
    }
}

/// Adds a batch's or transaction's `ConsumedCapacity` (one entry per
/// table) to its answer, when it was asked for.
pub(super) fn add_all(body: &mut Json, rcc: ReturnConsumedCapacity, all: &[ConsumedCapacity]) {
    if let (true, Json::Object(map)) = (rcc.is_requested(), body) {
        map.insert(
            "ConsumedCapacity".into(),
            Json::Array(all.iter().map(consumed).collect()),
        );
    }
}
