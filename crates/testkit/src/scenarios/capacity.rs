//! Consumed capacity (`ReturnConsumedCapacity`) and `Select` on Query and
//! Scan, with exact numbers for items of known size.
//!
//! The rules (AWS, "DynamoDB read and write operations"): reads cost one unit
//! per 4 KB, rounded up per item for GetItem, BatchGetItem and
//! TransactGetItems and once over the summed size of every item evaluated for
//! a Query or Scan page (before the filter, whatever the projection);
//! eventually consistent reads cost half, transactional reads and writes
//! double; writes cost one unit per 1 KB of the larger of the old and new
//! item, and each secondary index a write changes costs its own write (two
//! when the write moves the item within the index).
//!
//! Where DynamoDB Local reports other numbers than the documentation, the
//! memory backend follows the documentation and the scenario expects Local's
//! number on the DynamoDB backend (`LOCAL_*` below):
//! - a BatchWriteItem delete of an absent item: 1 unit (a DeleteItem of its
//!   own); Local reports 2;
//! - a BatchGetItem key with no item: half a unit (a GetItem of its own);
//!   Local reports 0;
//! - a TransactWriteItems delete of an absent item: 2 units (doubled); Local
//!   reports 1.
//!
//! DynamoDB Local reports only `CapacityUnits`, not the read and write
//! parts (`ReadCapacityUnits`, `WriteCapacityUnits`) DynamoDB adds; they are
//! checked where the backend gives them. Two more rules the documentation
//! leaves open follow Local: a Query or Scan that evaluates no item costs
//! nothing, and the condition check of a write transaction costs one write
//! unit, doubled (whatever the item's size).

use super::support::{expect_validation, raw_table};
use crate::{Ctx, Outcome};
use dynorm::backend::{
    BatchGetItemRequest, BatchWriteItemRequest, ConsumedCapacity, DeleteItemRequest,
    GetItemRequest, IndexDefinition, IndexProjection, KeyAttribute, KeyType, KeysAndAttributes,
    PutItemRequest, QueryRequest, ReturnConsumedCapacity, ScanRequest, Select, TableDefinition,
    TransactGet, TransactGetItemsRequest, TransactWriteAction, TransactWriteItemsRequest,
    UpdateItemRequest, WriteRequest,
};
use dynorm::expr::KeyCondition;
use dynorm::{attr, item_size, Client, Item, Result, Update};
use std::collections::BTreeMap;

const TOTAL: ReturnConsumedCapacity = ReturnConsumedCapacity::Total;
const INDEXES: ReturnConsumedCapacity = ReturnConsumedCapacity::Indexes;

/// DynamoDB Local's number for a BatchWriteItem delete of an absent item.
const LOCAL_BATCH_DELETE_ABSENT: f64 = 2.0;
/// DynamoDB Local's number for a BatchGetItem key with no item.
const LOCAL_BATCH_GET_ABSENT: f64 = 0.0;
/// DynamoDB Local's number for a TransactWriteItems delete of an absent item.
const LOCAL_TRANSACT_DELETE_ABSENT: f64 = 1.0;

/// The item `{pk, sk, d}` of exactly `bytes` bytes (DynamoDB's item size).
fn sized(pk: &str, sk: &str, bytes: usize) -> Item {
    let base = Item::new().with("pk", pk).with("sk", sk);
    let fill = bytes - item_size(&base) - 1;
    let item = base.with("d", "x".repeat(fill));
    assert_eq!(item_size(&item), bytes);
    item
}

fn key(pk: &str, sk: &str) -> Item {
    Item::new().with("pk", pk).with("sk", sk)
}

/// The one consumed capacity an answer must carry, on `table`.
#[track_caller]
fn one(c: &Option<ConsumedCapacity>, table: &str) -> ConsumedCapacity {
    let c = c.clone().expect("the consumed capacity was asked for");
    assert_eq!(c.table_name, table);
    c
}

/// Checks the total of a capacity of a single-item operation, a query or a
/// scan: DynamoDB gives the units alone, with no read/write split (the split
/// comes with transactions only), on the total and on every part.
#[track_caller]
fn assert_units(c: &ConsumedCapacity, units: f64, read: bool, what: &str) {
    assert_eq!(c.capacity_units, units, "{what}");
    let kind = if read { "read" } else { "write" };
    let total = c.total();
    let parts = c
        .table
        .iter()
        .chain(c.global_secondary_indexes.values())
        .chain(c.local_secondary_indexes.values())
        .chain(std::iter::once(&total));
    for part in parts {
        assert_eq!(
            (part.read_capacity_units, part.write_capacity_units),
            (None, None),
            "{what}: a {kind} of a plain operation has no read/write split: {c:?}"
        );
    }
}

/// The total units of one table's entry in a batch or transaction answer.
#[track_caller]
fn table_units(list: &[ConsumedCapacity], table: &str) -> f64 {
    let entries: Vec<_> = list.iter().filter(|c| c.table_name == table).collect();
    assert_eq!(entries.len(), 1, "one entry per table: {list:?}");
    entries[0].capacity_units
}

/// GetItem, PutItem, UpdateItem and DeleteItem of items of known size.
pub async fn capacity_of_single_item_operations(ctx: Ctx) -> Outcome {
    if !ctx.requires_consumed_capacity() {
        return Ok(());
    }
    raw_table(&ctx, "cap", Some(KeyType::S)).await?;
    let t = ctx.client.table_name("cap");
    let b = ctx.client.backend();

    let put = |item: Item| PutItemRequest::new(t.clone(), item).return_consumed_capacity(TOTAL);
    let out = b.put_item(put(sized("a", "1", 3_500))).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        4.0,
        false,
        "a new 3.5 KB item",
    );
    let out = b.put_item(put(sized("a", "1", 600))).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        4.0,
        false,
        "the larger of old and new",
    );
    let out = b.put_item(put(sized("a", "1", 600))).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        1.0,
        false,
        "600 bytes over 600",
    );
    let out = b
        .put_item(PutItemRequest::new(t.clone(), sized("a", "1", 3_500)))
        .await?;
    assert_eq!(out.consumed_capacity, None, "not asked for: none");

    let get = |k: Item, strong: bool| {
        GetItemRequest::new(t.clone(), k)
            .consistent_read(strong)
            .return_consumed_capacity(TOTAL)
    };
    let out = b.get_item(get(key("a", "1"), true)).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        1.0,
        true,
        "3.5 KB, strong",
    );
    let out = b.get_item(get(key("a", "1"), false)).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        0.5,
        true,
        "3.5 KB, eventual",
    );
    b.put_item(put(sized("big", "1", 9_000))).await?;
    let out = b.get_item(get(key("big", "1"), true)).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        3.0,
        true,
        "9,000 bytes, strong",
    );
    let out = b
        .get_item(get(key("big", "1"), true).projection(["sk"]))
        .await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        3.0,
        true,
        "a projection reads it all",
    );
    let out = b.get_item(get(key("none", "1"), true)).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        1.0,
        true,
        "no item, strong",
    );
    let out = b.get_item(get(key("none", "1"), false)).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        0.5,
        true,
        "no item, eventual",
    );

    let out = b
        .update_item(
            UpdateItemRequest::new(t.clone(), key("a", "1"), Update::new().set("n", 1))
                .return_consumed_capacity(INDEXES),
        )
        .await?;
    let c = one(&out.consumed_capacity, &t);
    assert_units(&c, 4.0, false, "an update of a 3.5 KB item");
    assert_eq!(
        c.table.map(|p| p.capacity_units),
        Some(4.0),
        "all of it on the table"
    );
    assert!(c.global_secondary_indexes.is_empty() && c.local_secondary_indexes.is_empty());

    let delete = |k: Item| DeleteItemRequest::new(t.clone(), k).return_consumed_capacity(TOTAL);
    let out = b.delete_item(delete(key("a", "1"))).await?;
    let c = one(&out.consumed_capacity, &t);
    assert_units(&c, 4.0, false, "a delete costs the old item's size");
    assert_eq!(c.table, None, "TOTAL has no breakdown");
    let out = b.delete_item(delete(key("a", "1"))).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        1.0,
        false,
        "a delete of nothing",
    );
    Ok(())
}

/// Query and Scan pages cost the summed size of the items they evaluate,
/// rounded up once; the filter, the projection and `Select::Count` change
/// nothing.
pub async fn capacity_of_queries_and_scans(ctx: Ctx) -> Outcome {
    if !ctx.requires_consumed_capacity() {
        return Ok(());
    }
    raw_table(&ctx, "cap", Some(KeyType::S)).await?;
    let t = ctx.client.table_name("cap");
    let b = ctx.client.backend();
    for sk in ["1", "2", "3"] {
        b.put_item(PutItemRequest::new(t.clone(), sized("p", sk, 1_500)))
            .await?;
    }
    b.put_item(PutItemRequest::new(t.clone(), sized("q", "1", 1_500)))
        .await?;
    let query = |pk: &str, strong: bool| {
        QueryRequest::new(t.clone(), KeyCondition::partition("pk", pk))
            .consistent_read(strong)
            .return_consumed_capacity(TOTAL)
    };
    let out = b.query(query("p", true)).await?;
    assert_eq!((out.count, out.scanned_count), (3, 3));
    assert_units(
        &one(&out.consumed_capacity, &t),
        2.0,
        true,
        "4,500 bytes: 2 units, not 3",
    );
    let out = b.query(query("p", false)).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        1.0,
        true,
        "eventual: half",
    );
    let out = b
        .query(query("p", true).filter(attr("nothing").exists()))
        .await?;
    assert_eq!((out.count, out.scanned_count, out.items.len()), (0, 3, 0));
    assert_units(
        &one(&out.consumed_capacity, &t),
        2.0,
        true,
        "filtered out: still read",
    );
    let out = b.query(query("p", true).projection(["sk"])).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        2.0,
        true,
        "projected: still read",
    );
    let out = b.query(query("p", true).limit(1)).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        1.0,
        true,
        "one item evaluated",
    );
    let out = b.query(query("p", true).select(Select::Count)).await?;
    assert_eq!((out.count, out.scanned_count, out.items.len()), (3, 3, 0));
    assert_units(
        &one(&out.consumed_capacity, &t),
        2.0,
        true,
        "counting reads the items",
    );
    let out = b.query(query("nobody", true)).await?;
    assert_units(
        &one(&out.consumed_capacity, &t),
        0.0,
        true,
        "nothing evaluated",
    );

    let scan = |strong: bool| {
        ScanRequest::new(t.clone())
            .consistent_read(strong)
            .return_consumed_capacity(INDEXES)
    };
    let out = b.scan(scan(true)).await?;
    let c = one(&out.consumed_capacity, &t);
    assert_units(&c, 2.0, true, "a scan of 6,000 bytes, strong");
    assert_eq!(c.table.map(|p| p.capacity_units), Some(2.0));
    let out = b.scan(scan(false).select(Select::Count)).await?;
    assert_eq!((out.count, out.items.len()), (4, 0));
    assert_units(&one(&out.consumed_capacity, &t), 1.0, true, "eventual scan");
    Ok(())
}

/// The attribute names of an item, sorted.
fn keys_only(i: &Item) -> Vec<&str> {
    let mut names: Vec<&str> = i.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names
}

/// A table with two global indexes (ALL and KEYS_ONLY) and a local one.
async fn indexed_table(ctx: &Ctx, lsi: IndexProjection) -> Result<String> {
    let s = |name: &str| KeyAttribute::new(name, KeyType::S);
    let def = TableDefinition::new(ctx.client.table_name("idx"), s("pk"))
        .with_sort_key(s("sk"))
        .with_global_index(IndexDefinition::new("gsi1", s("g1")))
        .with_global_index(
            IndexDefinition::new("gsi2", s("g2")).with_projection(IndexProjection::KeysOnly),
        )
        .with_local_index(
            IndexDefinition::new("lsi1", s("pk"))
                .with_sort_key(s("l1"))
                .with_projection(lsi),
        );
    ctx.client.create_table_definition(def).await?;
    Ok(ctx.client.table_name("idx"))
}

/// The units a write consumed on the table and on each index it changed.
fn breakdown(c: &ConsumedCapacity) -> (Option<f64>, BTreeMap<&str, f64>) {
    let indexes = c
        .global_secondary_indexes
        .iter()
        .chain(&c.local_secondary_indexes)
        .map(|(n, p)| (n.as_str(), p.capacity_units))
        .collect();
    (c.table.map(|p| p.capacity_units), indexes)
}

/// Each index a write changes costs a write of its own: one to add or
/// remove the item, one to change what the index holds of it, two to move
/// it to another index key; an index whose entry does not change costs
/// nothing.
pub async fn capacity_of_index_writes(ctx: Ctx) -> Outcome {
    if !ctx.requires_consumed_capacity() {
        return Ok(());
    }
    let t = indexed_table(&ctx, IndexProjection::All).await?;
    let b = ctx.client.backend();
    let item = key("a", "1")
        .with("g1", "x")
        .with("g2", "y")
        .with("l1", "z");
    let put = |item: Item| PutItemRequest::new(t.clone(), item).return_consumed_capacity(INDEXES);
    let update = |u: Update| {
        UpdateItemRequest::new(t.clone(), key("a", "1"), u).return_consumed_capacity(INDEXES)
    };

    let c = one(&b.put_item(put(item.clone())).await?.consumed_capacity, &t);
    assert_units(&c, 4.0, false, "a new item in every index");
    let all = BTreeMap::from([("gsi1", 1.0), ("gsi2", 1.0), ("lsi1", 1.0)]);
    assert_eq!(breakdown(&c), (Some(1.0), all.clone()));
    assert_eq!(c.global_secondary_indexes.len(), 2);
    assert_eq!(c.local_secondary_indexes.len(), 1);

    let c = one(&b.put_item(put(item.clone())).await?.consumed_capacity, &t);
    assert_eq!(
        breakdown(&c),
        (Some(1.0), BTreeMap::new()),
        "no index entry changed"
    );
    assert_eq!(c.capacity_units, 1.0);

    let c = one(
        &b.update_item(update(Update::new().set("g1", "x2")))
            .await?
            .consumed_capacity,
        &t,
    );
    assert_eq!(
        breakdown(&c),
        (Some(1.0), BTreeMap::from([("gsi1", 2.0), ("lsi1", 1.0)])),
        "a new gsi1 key moves the entry (2); lsi1 projects g1 (1); gsi2 keeps keys only (0)"
    );
    assert_eq!(c.capacity_units, 4.0);

    let c = one(
        &b.update_item(update(Update::new().set("o", "v")))
            .await?
            .consumed_capacity,
        &t,
    );
    assert_eq!(
        breakdown(&c),
        (Some(1.0), BTreeMap::from([("gsi1", 1.0), ("lsi1", 1.0)])),
        "a projected attribute changes the ALL indexes only"
    );

    let c = one(
        &b.update_item(update(Update::new().remove("g2")))
            .await?
            .consumed_capacity,
        &t,
    );
    assert_eq!(
        breakdown(&c),
        (
            Some(1.0),
            BTreeMap::from([("gsi1", 1.0), ("gsi2", 1.0), ("lsi1", 1.0)])
        ),
        "removing gsi2's key takes the item out of gsi2"
    );

    let out = b
        .put_item(PutItemRequest::new(t.clone(), key("b", "1")).return_consumed_capacity(TOTAL))
        .await?;
    let c = one(&out.consumed_capacity, &t);
    assert_units(&c, 1.0, false, "an item in no index");
    assert_eq!(
        breakdown(&c),
        (None, BTreeMap::new()),
        "TOTAL has no breakdown"
    );

    let out = b
        .delete_item(
            DeleteItemRequest::new(t.clone(), key("a", "1")).return_consumed_capacity(INDEXES),
        )
        .await?;
    let c = one(&out.consumed_capacity, &t);
    assert_eq!(
        breakdown(&c),
        (Some(1.0), BTreeMap::from([("gsi1", 1.0), ("lsi1", 1.0)])),
        "a delete removes the item from the indexes it is in"
    );

    // Index reads consume on the index, none on the table.
    b.put_item(PutItemRequest::new(t.clone(), item.clone()))
        .await?;
    let out = b
        .query(
            QueryRequest::new(t.clone(), KeyCondition::partition("g1", "x"))
                .index("gsi1")
                .return_consumed_capacity(INDEXES),
        )
        .await?;
    let c = one(&out.consumed_capacity, &t);
    assert_eq!(c.capacity_units, 0.5);
    assert_eq!(c.table.map(|p| p.capacity_units), Some(0.0));
    assert_eq!(
        c.global_secondary_indexes
            .get("gsi1")
            .map(|p| p.capacity_units),
        Some(0.5)
    );
    let out = b
        .query(
            QueryRequest::new(t.clone(), KeyCondition::partition("pk", "a"))
                .index("lsi1")
                .consistent_read(true)
                .return_consumed_capacity(INDEXES),
        )
        .await?;
    let c = one(&out.consumed_capacity, &t);
    assert_eq!(
        c.local_secondary_indexes
            .get("lsi1")
            .map(|p| p.capacity_units),
        Some(1.0)
    );
    Ok(())
}

/// BatchGetItem rounds each item up; BatchWriteItem counts each write as a
/// PutItem or DeleteItem; transactions double; every answer has one entry
/// per table.
pub async fn capacity_of_batches_and_transactions(ctx: Ctx) -> Outcome {
    if !ctx.requires_consumed_capacity() {
        return Ok(());
    }
    raw_table(&ctx, "one", Some(KeyType::S)).await?;
    raw_table(&ctx, "two", Some(KeyType::S)).await?;
    let (t1, t2) = (ctx.client.table_name("one"), ctx.client.table_name("two"));
    let b = ctx.client.backend();
    let local = ctx.is_dynamodb();

    let out = b
        .batch_write_item(
            BatchWriteItemRequest::new()
                .table(
                    t1.clone(),
                    vec![
                        WriteRequest::Put(sized("a", "1", 1_500)),
                        WriteRequest::Put(sized("a", "2", 6_500)),
                    ],
                )
                .table(t2.clone(), vec![WriteRequest::Put(sized("b", "1", 600))])
                .return_consumed_capacity(TOTAL),
        )
        .await?;
    assert_eq!(out.consumed_capacity.len(), 2);
    assert_eq!(table_units(&out.consumed_capacity, &t1), 2.0 + 7.0);
    assert_eq!(table_units(&out.consumed_capacity, &t2), 1.0);

    let out = b
        .batch_write_item(
            BatchWriteItemRequest::new()
                .table(t2.clone(), vec![WriteRequest::Delete(key("none", "1"))])
                .return_consumed_capacity(TOTAL),
        )
        .await?;
    let expected = if local {
        LOCAL_BATCH_DELETE_ABSENT
    } else {
        1.0
    };
    assert_eq!(table_units(&out.consumed_capacity, &t2), expected);

    let gets = |keys: Vec<Item>, strong: bool| {
        BatchGetItemRequest::new()
            .table(
                t1.clone(),
                KeysAndAttributes::new(keys).consistent_read(strong),
            )
            .return_consumed_capacity(TOTAL)
    };
    let both = vec![key("a", "1"), key("a", "2")];
    let out = b.batch_get_item(gets(both.clone(), true)).await?;
    assert_eq!(
        table_units(&out.consumed_capacity, &t1),
        3.0,
        "1.5 KB + 6.5 KB read as 4 KB + 8 KB"
    );
    let out = b.batch_get_item(gets(both, false)).await?;
    assert_eq!(table_units(&out.consumed_capacity, &t1), 1.5);
    let out = b
        .batch_get_item(gets(vec![key("none", "1")], false))
        .await?;
    let expected = if local { LOCAL_BATCH_GET_ABSENT } else { 0.5 };
    assert_eq!(table_units(&out.consumed_capacity, &t1), expected);

    let out = b
        .transact_write_items(
            TransactWriteItemsRequest::new(vec![
                TransactWriteAction::put(t1.clone(), sized("c", "1", 600)),
                TransactWriteAction::update(t1.clone(), key("a", "1"), Update::new().set("n", 1)),
                TransactWriteAction::condition_check(
                    t2.clone(),
                    key("b", "1"),
                    attr("pk").exists(),
                ),
            ])
            .return_consumed_capacity(TOTAL),
        )
        .await?;
    assert_eq!(
        table_units(&out.consumed_capacity, &t1),
        2.0 + 4.0,
        "doubled: 600 bytes and 1.5 KB"
    );
    assert_eq!(
        table_units(&out.consumed_capacity, &t2),
        2.0,
        "a condition check costs one write unit, doubled"
    );
    let out = b
        .transact_write_items(
            TransactWriteItemsRequest::new(vec![TransactWriteAction::delete(
                t2.clone(),
                key("none", "2"),
            )])
            .return_consumed_capacity(TOTAL),
        )
        .await?;
    let expected = if local {
        LOCAL_TRANSACT_DELETE_ABSENT
    } else {
        2.0
    };
    assert_eq!(table_units(&out.consumed_capacity, &t2), expected);

    let out = b
        .transact_get_items(
            TransactGetItemsRequest::new(vec![
                TransactGet::new(t1.clone(), key("a", "2")),
                TransactGet::new(t2.clone(), key("none", "1")),
            ])
            .return_consumed_capacity(TOTAL),
        )
        .await?;
    assert_eq!(
        table_units(&out.consumed_capacity, &t1),
        4.0,
        "6.5 KB read as 8 KB, doubled"
    );
    assert_eq!(
        table_units(&out.consumed_capacity, &t2),
        2.0,
        "no item: one unit, doubled"
    );
    Ok(())
}

/// `Select`: COUNT returns counts and no items, ALL_PROJECTED_ATTRIBUTES reads
/// what an index holds, a local index fetches every attribute for
/// ALL_ATTRIBUTES, and the combinations DynamoDB refuses are refused with its
/// wording.
pub async fn select_on_query_and_scan(ctx: Ctx) -> Outcome {
    let t = indexed_table(&ctx, IndexProjection::KeysOnly).await?;
    let b = ctx.client.backend();
    for (sk, kind) in [("1", "a"), ("2", "b"), ("3", "a")] {
        let item = key("p", sk)
            .with("g2", "k")
            .with("l1", sk)
            .with("kind", kind);
        b.put_item(PutItemRequest::new(t.clone(), item)).await?;
    }
    let query = || QueryRequest::new(t.clone(), KeyCondition::partition("pk", "p"));

    let out = b
        .query(query().select(Select::Count).filter(attr("kind").eq("a")))
        .await?;
    assert_eq!((out.count, out.scanned_count, out.items.len()), (2, 3, 0));
    let out = b
        .scan(ScanRequest::new(t.clone()).select(Select::Count))
        .await?;
    assert_eq!((out.count, out.items.len()), (3, 0));
    let out = b
        .query(
            query()
                .select(Select::SpecificAttributes)
                .projection(["sk"]),
        )
        .await?;
    assert_eq!(out.items[0], Item::new().with("sk", "1"));
    let out = b.query(query().select(Select::AllAttributes)).await?;
    assert_eq!(out.count, 3);
    assert!(out.items.iter().all(|i| i.contains("kind")));

    let out = b
        .query(
            QueryRequest::new(t.clone(), KeyCondition::partition("g2", "k"))
                .index("gsi2")
                .select(Select::AllProjectedAttributes),
        )
        .await?;
    assert_eq!(out.items.len(), 3);
    assert_eq!(keys_only(&out.items[0]), ["g2", "pk", "sk"]);
    let lsi = || QueryRequest::new(t.clone(), KeyCondition::partition("pk", "p")).index("lsi1");
    let out = b
        .query(lsi().select(Select::AllProjectedAttributes))
        .await?;
    assert_eq!(keys_only(&out.items[0]), ["l1", "pk", "sk"]);
    let out = b.query(lsi().select(Select::AllAttributes)).await?;
    assert_eq!(
        keys_only(&out.items[0]),
        ["g2", "kind", "l1", "pk", "sk"],
        "a local index fetches the rest from the table"
    );

    expect_validation(
        b.query(query().select(Select::SpecificAttributes)).await,
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
    );
    expect_validation(
        b.query(query().select(Select::AllAttributes).projection(["sk"]))
            .await,
        "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
    );
    expect_validation(
        b.scan(
            ScanRequest::new(t.clone())
                .select(Select::Count)
                .projection(["sk"]),
        )
        .await,
        "Cannot specify the ProjectionExpression when choosing to get only the Count",
    );
    expect_validation(
        b.query(query().select(Select::AllProjectedAttributes))
            .await,
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
    );
    expect_validation(
        b.scan(ScanRequest::new(t.clone()).select(Select::AllProjectedAttributes))
            .await,
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
    );
    expect_validation(
        b.query(
            QueryRequest::new(t.clone(), KeyCondition::partition("g2", "k"))
                .index("gsi2")
                .select(Select::AllAttributes),
        )
        .await,
        "Select type ALL_ATTRIBUTES is not supported for global secondary index gsi2 because its projection type is not ALL",
    );
    Ok(())
}

/// The client's builders: `count()` sums the pages, pages carry their
/// capacity, and a client asking for capacity keeps the sum per table.
pub async fn client_counts_and_meters_capacity(ctx: Ctx) -> Outcome {
    if !ctx.requires_consumed_capacity() {
        return Ok(());
    }
    let metered = Client::builder(ctx.client.backend().clone())
        .table_prefix(ctx.client.table_prefix())
        .return_consumed_capacity(TOTAL)
        .build();
    raw_table(&ctx, "cap", Some(KeyType::S)).await?;
    let t = ctx.client.table_name("cap");
    let table = metered.table("cap");
    for (n, sk) in ["1", "2", "3", "4"].into_iter().enumerate() {
        table.put(sized("p", sk, 1_500).with("n", n as i64)).await?;
    }
    let count = ctx
        .client
        .table("cap")
        .query(KeyCondition::partition("pk", "p"))
        .filter(attr("n").ne(1))
        .limit(1)
        .count()
        .await?;
    assert_eq!(count, 3, "four pages of one item each, summed");
    assert_eq!(ctx.client.table("cap").scan().count().await?, 4);

    let page = ctx
        .client
        .table("cap")
        .query(KeyCondition::partition("pk", "p"))
        .consistent_read()
        .return_consumed_capacity(TOTAL)
        .page()
        .await?;
    assert_eq!(page.count, 4);
    assert_eq!(
        page.consumed_capacity().map(|c| c.capacity_units),
        Some(2.0)
    );
    let unasked = ctx.client.table("cap").scan().page().await?;
    assert_eq!(unasked.consumed_capacity, None);

    // The metered client: 4 puts of 2 units, then a strong read of 1 unit
    // and a page of 6,000 bytes (eventual: 1 unit) that it asked for itself.
    table.get(key("p", "1")).consistent_read().await?;
    let page = table
        .query(KeyCondition::partition("pk", "p"))
        .page()
        .await?;
    assert_eq!(
        page.consumed_capacity.map(|c| c.capacity_units),
        Some(1.0),
        "the client's level applies to pages"
    );
    let used = metered.consumed_capacity();
    assert_eq!(used.len(), 1);
    assert_eq!(used[0].table_name, t);
    assert_eq!(used[0].capacity_units, 8.0 + 1.0 + 1.0);
    let meter = metered.capacity_meter().expect("a metered client");
    assert_eq!(meter.take().len(), 1);
    assert!(metered.consumed_capacity().is_empty(), "taken");
    assert!(ctx.client.consumed_capacity().is_empty(), "not metered");
    Ok(())
}
