//! BatchGetItem and BatchWriteItem.

use crate::capacity::{reads_per_table, Split, WriteCost};
use crate::document::{check_projection, project_opt};
use crate::store::{read, write, PrimaryKey};
use crate::validate::{check_put_item, parse_key, request_key, KeyProblem};
use crate::MemoryBackend;
use dynorm::backend::*;
use dynorm::expr::render::Placeholders;
use dynorm::rules::batch::{Violation, MAX_GETS, MAX_GET_RESPONSE_BYTES, MAX_WRITES};
use dynorm::rules::capacity::{item_read_units, ReadMode};
use dynorm::value::PackedItem;
use dynorm::{item_size, Item, Result};
use std::collections::{BTreeMap, BTreeSet};

impl MemoryBackend {
    pub(crate) fn do_batch_write(
        &self,
        req: BatchWriteItemRequest,
    ) -> Result<BatchWriteItemOutput> {
        let total: usize = req.tables.values().map(Vec::len).sum();
        if total == 0 || req.tables.values().any(Vec::is_empty) {
            return Err(Violation::Empty.into());
        }
        if total > MAX_WRITES {
            return Err(Violation::TooManyWrites.into());
        }
        // Check everything before writing anything: the requests on every
        // table there is, then whether a table is missing.
        let mut plans = Vec::new();
        let mut missing = None;
        for (name, writes) in &req.tables {
            let table = match self.table(name) {
                Ok(t) => t,
                Err(e) => {
                    missing.get_or_insert(e);
                    continue;
                }
            };
            let def = read(&table).def.clone();
            let mut seen = BTreeSet::new();
            // Each key with the packed item to store, or `None` to delete.
            let mut planned: Vec<(PrimaryKey, Option<PackedItem>)> = Vec::new();
            for w in writes {
                let (key, put) = match w {
                    WriteRequest::Put(item) => {
                        let packed = PackedItem::pack(item);
                        (
                            check_put_item(&def, item, packed.item_size())?,
                            Some(packed),
                        )
                    }
                    WriteRequest::Delete(key) => (request_key(&def, key)?, None),
                };
                if !seen.insert(key.clone()) {
                    return Err(Violation::DuplicateKeys
                        .into_error()
                        .with_context(name, None));
                }
                planned.push((key, put));
            }
            plans.push((table, planned));
        }
        if let Some(e) = missing {
            return Err(e);
        }
        let rcc = req.return_consumed_capacity;
        let mut out = BatchWriteItemOutput::default();
        for ((table, planned), name) in plans.into_iter().zip(req.tables.keys()) {
            let mut t = write(&table);
            let mut costs = Vec::new();
            for (key, put) in planned {
                // Each write is a PutItem or DeleteItem of its own.
                let new = put.as_ref().filter(|_| rcc.is_requested()).cloned();
                let old = match put {
                    Some(packed) => t.put(key, packed),
                    None => t.delete(&key),
                };
                if rcc.is_requested() {
                    let old = old.map(Item::from);
                    let new = new.map(Item::from);
                    costs.push(WriteCost::of(&t.def, old.as_ref(), new.as_ref(), false));
                }
            }
            out.consumed_capacity
                .extend(WriteCost::consumed(costs, name, rcc, Split::Plain));
        }
        Ok(out)
    }

    pub(crate) fn do_batch_get(&self, req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        let total: usize = req.tables.values().map(|k| k.keys.len()).sum();
        if total == 0 || req.tables.values().any(|k| k.keys.is_empty()) {
            return Err(Violation::Empty.into());
        }
        if total > MAX_GETS {
            return Err(Violation::TooManyGets.into());
        }
        // DynamoDB checks the keys first: the same key twice (as given, on
        // any table), then the keys of every table there is, then whether a
        // table is missing.
        for (name, ka) in &req.tables {
            let repeated = ka
                .keys
                .iter()
                .enumerate()
                .any(|(i, k)| ka.keys[..i].contains(k));
            if repeated {
                return Err(Violation::DuplicateKeys
                    .into_error()
                    .with_context(name, None));
            }
        }
        // A projection DynamoDB refuses is reported after a missing table:
        // once one is found, the other tables are only looked up.
        let mut plans = Vec::new();
        let mut missing = None;
        let mut refused_projection = None;
        for (name, ka) in &req.tables {
            let table = match self.table(name) {
                Ok(t) => t,
                Err(e) => {
                    missing.get_or_insert(e);
                    continue;
                }
            };
            if refused_projection.is_some() {
                continue;
            }
            let def = read(&table).def.clone();
            if let Err(e) =
                check_projection(ka.projection.as_deref(), &mut Placeholders::measuring())
            {
                refused_projection = Some(e.with_context(name, None));
                continue;
            }
            let mut seen = BTreeSet::new();
            let mut keys = Vec::new();
            for k in &ka.keys {
                // A key naming other attributes than the key schema's is
                // worded as DynamoDB Local words it for BatchGetItem.
                let key = match parse_key(&def, k) {
                    Err(KeyProblem::Attributes) => {
                        return Err(dynorm::rules::key::Violation::WrongAttributes
                            .into_error()
                            .with_context(name, Some(k)));
                    }
                    _ => request_key(&def, k)?,
                };
                if !seen.insert(key.clone()) {
                    return Err(Violation::DuplicateKeys
                        .into_error()
                        .with_context(name, None));
                }
                keys.push(key);
            }
            plans.push((name, table, keys, ka));
        }
        if let Some(e) = missing.or(refused_projection) {
            return Err(e);
        }
        let mut out = BatchGetItemOutput::default();
        let mut bytes = 0usize;
        let mut reads = Vec::new();
        for (name, table, keys, ka) in plans {
            let t = read(&table);
            let mut found = Vec::new();
            let mut left = Vec::new();
            let mode = ReadMode::consistent(ka.consistent_read);
            for (key, raw) in keys.iter().zip(&ka.keys) {
                let Some(item) = t.get(key) else {
                    // Each key is read as a GetItem of its own: an absent
                    // item still costs one unit.
                    reads.push((name.as_str(), item_read_units(0, mode)));
                    continue;
                };
                let stored = t.get_packed(key).map_or(0, PackedItem::item_size);
                let item = match ka.projection.as_deref() {
                    None => item,
                    Some(p) => project_opt(&item, Some(p)),
                };
                let size = item_size(&item);
                if bytes + size > MAX_GET_RESPONSE_BYTES {
                    left.push(raw.clone());
                    continue;
                }
                bytes += size;
                reads.push((name.as_str(), item_read_units(stored, mode)));
                found.push(item);
            }
            out.responses.insert(name.clone(), found);
            if !left.is_empty() {
                out.unprocessed.insert(name.clone(), ka.with_keys(left));
            }
        }
        let _: &BTreeMap<_, _> = &out.responses;
        out.consumed_capacity = reads_per_table(reads, req.return_consumed_capacity, Split::Plain);
        Ok(out)
    }
}
