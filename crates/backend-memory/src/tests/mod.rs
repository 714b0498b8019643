//! Unit tests: each DynamoDB rule on both sides of its boundary.

mod batch;
mod concurrency;
mod conditions;
mod indexes;
mod items;
mod limits;
mod query;
mod tables;
mod transact;
mod update_table;
mod updates;

use crate::MemoryBackend;
use dynorm::backend::*;
use dynorm::expr::{Condition, Update};
use dynorm::{Backend, Error, Item, Value};

/// Table `t`: partition key `pk` (S) only.
pub(crate) const SIMPLE: &str = "simple";
/// Table `sorted`: `pk` (S) + `sk` (N), a GSI `by_g` on `g` (S) + `gs` (N) keys-only,
/// and an LSI `by_l` on `pk` + `l` (S) including `x`.
pub(crate) const SORTED: &str = "sorted";

pub(crate) async fn db() -> MemoryBackend {
    let db = MemoryBackend::new();
    db.create_table(TableDefinition::new(
        SIMPLE,
        KeyAttribute::new("pk", KeyType::S),
    ))
    .await
    .expect("create simple");
    db.create_table(
        TableDefinition::new(SORTED, KeyAttribute::new("pk", KeyType::S))
            .with_sort_key(KeyAttribute::new("sk", KeyType::N))
            .with_global_index(
                IndexDefinition::new("by_g", KeyAttribute::new("g", KeyType::S))
                    .with_sort_key(KeyAttribute::new("gs", KeyType::N))
                    .with_projection(IndexProjection::KeysOnly),
            )
            .with_local_index(
                IndexDefinition::new("by_l", KeyAttribute::new("pk", KeyType::S))
                    .with_sort_key(KeyAttribute::new("l", KeyType::S))
                    .with_projection(IndexProjection::Include(vec!["x".into()])),
            ),
    )
    .await
    .expect("create sorted");
    db
}

pub(crate) fn key(pk: &str) -> Item {
    Item::new().with("pk", pk)
}

pub(crate) fn key2(pk: &str, sk: i64) -> Item {
    Item::new().with("pk", pk).with("sk", sk)
}

pub(crate) async fn put(
    db: &MemoryBackend,
    table: &str,
    item: Item,
) -> dynorm::Result<PutItemOutput> {
    db.put_item(PutItemRequest::new(table, item)).await
}

pub(crate) async fn put_if(
    db: &MemoryBackend,
    table: &str,
    item: Item,
    cond: Condition,
) -> dynorm::Result<PutItemOutput> {
    db.put_item(PutItemRequest::new(table, item).condition(cond))
        .await
}

pub(crate) async fn get(
    db: &MemoryBackend,
    table: &str,
    key: Item,
) -> dynorm::Result<Option<Item>> {
    Ok(db.get_item(GetItemRequest::new(table, key)).await?.item)
}

pub(crate) async fn update(
    db: &MemoryBackend,
    table: &str,
    key: Item,
    update: Update,
) -> dynorm::Result<UpdateItemOutput> {
    db.update_item(UpdateItemRequest::new(table, key, update).return_values(ReturnValues::AllNew))
        .await
}

/// Asserts a validation error whose message contains `fragment`.
#[track_caller]
pub(crate) fn assert_validation<T: std::fmt::Debug>(r: dynorm::Result<T>, fragment: &str) {
    match r {
        Err(Error::Validation { message, .. }) => {
            assert!(
                message.contains(fragment),
                "message `{message}` lacks `{fragment}`"
            )
        }
        other => panic!("expected a validation error with `{fragment}`, got {other:?}"),
    }
}

pub(crate) fn s(v: &str) -> Value {
    Value::from(v)
}
