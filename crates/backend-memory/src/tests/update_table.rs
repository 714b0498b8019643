//! UpdateTable: new indexes filled from the items, deleted ones gone, and
//! every rule DynamoDB checks (messages from the AWS API reference, real
//! DynamoDB and DynamoDB Local).

use super::*;
use dynorm::expr::KeyCondition;

/// A GSI on `g` (S), projecting everything.
fn by_g(name: &str) -> IndexDefinition {
    IndexDefinition::new(name, KeyAttribute::new("g", KeyType::S))
}

async fn query_g(db: &MemoryBackend, index: &str, g: &str) -> dynorm::Result<Vec<Item>> {
    let req = QueryRequest::new(SIMPLE, KeyCondition::partition("g", g)).index(index);
    Ok(db.query(req).await?.items)
}

fn update(db_table: &str) -> UpdateTableRequest {
    UpdateTableRequest::new(db_table)
}

#[track_caller]
fn assert_limit<T: std::fmt::Debug>(r: dynorm::Result<T>, fragment: &str) {
    match r {
        Err(Error::LimitExceeded { message, .. }) => {
            assert!(message.contains(fragment), "`{message}` lacks `{fragment}`")
        }
        other => panic!("expected LimitExceeded with `{fragment}`, got {other:?}"),
    }
}

#[tokio::test]
async fn a_new_index_holds_the_stored_items_and_follows_later_writes() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("g", "x"))
        .await
        .expect("put");
    put(&db, SIMPLE, key("b").with("g", "x"))
        .await
        .expect("put");
    put(&db, SIMPLE, key("c").with("g", 5)).await.expect("put");
    put(&db, SIMPLE, key("d")).await.expect("put");
    let desc = db
        .update_table(update(SIMPLE).create_global_index(by_g("Gix1")))
        .await
        .expect("create index");
    assert!(desc.is_active());
    assert_eq!(
        desc.index("Gix1").map(|i| i.status),
        Some(IndexStatus::Active)
    );
    assert_eq!(desc.definition.global_indexes.len(), 1);
    let found = query_g(&db, "Gix1", "x").await.expect("query");
    assert_eq!(
        found.len(),
        2,
        "the number-typed and missing `g` are not indexed"
    );
    put(&db, SIMPLE, key("e").with("g", "x"))
        .await
        .expect("put");
    db.delete_item(DeleteItemRequest::new(SIMPLE, key("a")))
        .await
        .expect("delete");
    let found = query_g(&db, "Gix1", "x").await.expect("query");
    let mut pks: Vec<_> = found.iter().map(|i| i["pk"].clone()).collect();
    pks.sort_by_key(|v| v.as_str().map(str::to_owned));
    assert_eq!(pks, [s("b"), s("e")]);

    let desc = db
        .update_table(update(SIMPLE).delete_global_index("Gix1"))
        .await
        .expect("delete index");
    assert!(desc.global_indexes.is_empty());
    assert_validation(
        query_g(&db, "Gix1", "x").await,
        "The table does not have the specified index: Gix1",
    );
    let scan = db.scan(ScanRequest::new(SIMPLE).index("Gix1")).await;
    assert_validation(scan, "does not have the specified index");
}

#[tokio::test]
async fn index_changes_are_checked_as_dynamodb_checks_them() {
    let db = db().await;
    assert_validation(db.update_table(update(SIMPLE)).await, "At least one of");
    let missing = db
        .update_table(update("nope").create_global_index(by_g("Gix1")))
        .await
        .expect_err("no table");
    assert!(missing.is_resource_not_found(), "{missing:?}");
    db.update_table(update(SIMPLE).create_global_index(by_g("Gix1")))
        .await
        .expect("create");
    assert_validation(
        db.update_table(update(SIMPLE).create_global_index(by_g("Gix1")))
            .await,
        "Attempting to create an index which already exists",
    );
    // An LSI's name is taken too.
    assert_validation(
        db.update_table(update(SORTED).create_global_index(by_g("by_l")))
            .await,
        "already exists",
    );
    assert_limit(
        db.update_table(
            update(SIMPLE)
                .create_global_index(IndexDefinition::new(
                    "Gix2",
                    KeyAttribute::new("h", KeyType::S),
                ))
                .delete_global_index("Gix1"),
        )
        .await,
        "Only 1 online index can be created or deleted simultaneously per table",
    );
    assert_validation(
        db.update_table(
            update(SIMPLE)
                .delete_global_index("Gix1")
                .create_global_index(IndexDefinition::new(
                    "Gix1",
                    KeyAttribute::new("h", KeyType::S),
                )),
        )
        .await,
        "Only one global secondary index update per index is allowed simultaneously. Index: Gix1",
    );
    let gone = db
        .update_table(update(SIMPLE).delete_global_index("Nope"))
        .await
        .expect_err("missing index");
    assert!(
        matches!(&gone, Error::ResourceNotFound { message, .. } if message.contains("Index Nope for table simple")),
        "{gone:?}"
    );
    // `g` is S in Gix1: an index declaring it N conflicts; so does the table key.
    for conflicting in [
        IndexDefinition::new("Gix3", KeyAttribute::new("g", KeyType::N)),
        IndexDefinition::new("Gix3", KeyAttribute::new("pk", KeyType::B)),
    ] {
        assert_validation(
            db.update_table(update(SIMPLE).create_global_index(conflicting))
                .await,
            "SchemaElement redefined should be of same type",
        );
    }
    // The same type is fine: a second index on `g`, and one on the table key.
    db.update_table(update(SIMPLE).create_global_index(by_g("Gix3")))
        .await
        .expect("same type");
    assert_validation(
        db.update_table(update(SIMPLE).create_global_index(by_g("ab")))
            .await,
        "at least 3 characters",
    );
    let nothing_included = by_g("Gix4").with_projection(IndexProjection::Include(vec![]));
    assert_validation(
        db.update_table(update(SIMPLE).create_global_index(nothing_included))
            .await,
        "NonKeyAttributes",
    );
    assert!(db
        .inner
        .tables
        .iter()
        .all(|t| crate::store::read(t.value()).indexes_match_items()));
}

#[tokio::test]
async fn twenty_global_indexes_at_most() {
    let db = db().await;
    for i in 0..20 {
        let index = IndexDefinition::new(
            format!("Gix{i:02}"),
            KeyAttribute::new(format!("a{i}"), KeyType::S),
        );
        db.update_table(update(SIMPLE).create_global_index(index))
            .await
            .expect("within the limit");
    }
    let index = IndexDefinition::new("Gix20", KeyAttribute::new("a20", KeyType::S));
    assert_limit(
        db.update_table(update(SIMPLE).create_global_index(index))
            .await,
        "Number of global secondary indexes exceeds per-table limit of 20",
    );
    db.update_table(update(SIMPLE).delete_global_index("Gix00"))
        .await
        .expect("delete");
    let index = IndexDefinition::new("Gix20", KeyAttribute::new("a20", KeyType::S));
    db.update_table(update(SIMPLE).create_global_index(index))
        .await
        .expect("room again");
}

#[tokio::test]
async fn billing_switches_with_throughput_for_the_table_and_every_index() {
    let db = db().await;
    db.update_table(update(SIMPLE).create_global_index(by_g("Gix1")))
        .await
        .expect("create");
    assert_validation(
        db.update_table(update(SIMPLE).capacity_mode(CapacityMode::Provisioned))
            .await,
        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
    );
    assert_validation(
        db.update_table(update(SIMPLE).billing(BillingMode::Provisioned { read: 2, write: 3 }))
            .await,
        "ProvisionedThroughput must be specified for index: Gix1",
    );
    assert_validation(
        db.update_table(update(SIMPLE).provisioned_throughput(Throughput::new(1, 1)))
            .await,
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
    );
    assert_validation(
        db.update_table(
            update(SIMPLE)
                .global_index_update(GlobalIndexUpdate::update("Gix1", Throughput::new(1, 1))),
        )
        .await,
        "The only Updates for index: Gix1 when TableThroughputMode is PAY_PER_REQUEST",
    );
    let provisioned_index = GlobalIndexUpdate::create_provisioned(
        IndexDefinition::new("Gix2", KeyAttribute::new("h", KeyType::S)),
        Throughput::new(1, 1),
    );
    assert_validation(
        db.update_table(update(SIMPLE).global_index_update(provisioned_index))
            .await,
        "ProvisionedThroughput should not be specified for index: Gix2 when BillingMode is PAY_PER_REQUEST",
    );
    assert_validation(
        db.update_table(
            update(SIMPLE)
                .provisioned_throughput(Throughput::new(0, 1))
                .capacity_mode(CapacityMode::Provisioned),
        )
        .await,
        "Member must have value greater than or equal to 1",
    );

    let desc = db
        .update_table(
            update(SIMPLE)
                .billing(BillingMode::Provisioned { read: 2, write: 3 })
                .global_index_update(GlobalIndexUpdate::update("Gix1", Throughput::new(4, 5))),
        )
        .await
        .expect("switch to provisioned");
    assert_eq!(
        desc.definition.billing,
        BillingMode::Provisioned { read: 2, write: 3 }
    );
    assert_eq!(
        desc.index("Gix1").and_then(|i| i.provisioned_throughput),
        Some(Throughput::new(4, 5))
    );
    let unchanged = db
        .update_table(update(SIMPLE).provisioned_throughput(Throughput::new(2, 3)))
        .await;
    assert_validation(
        unchanged,
        "The provisioned throughput for the table will not change",
    );
    let unchanged = db
        .update_table(
            update(SIMPLE)
                .global_index_update(GlobalIndexUpdate::update("Gix1", Throughput::new(4, 5))),
        )
        .await;
    assert_validation(
        unchanged,
        "The provisioned throughput for the index Gix1 will not change",
    );
    assert_validation(
        db.update_table(update(SIMPLE).capacity_mode(CapacityMode::Provisioned))
            .await,
        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
    );
    let without_capacity = IndexDefinition::new("Gix2", KeyAttribute::new("h", KeyType::S));
    assert_validation(
        db.update_table(update(SIMPLE).create_global_index(without_capacity.clone()))
            .await,
        "Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: Gix2",
    );
    assert_validation(
        db.update_table(
            update(SIMPLE)
                .provisioned_throughput(Throughput::new(6, 6))
                .global_index_update(GlobalIndexUpdate::create_provisioned(
                    without_capacity.clone(),
                    Throughput::new(1, 1),
                )),
        )
        .await,
        "You cannot create or delete index while updating table IOPS",
    );
    let desc = db
        .update_table(update(SIMPLE).provisioned_throughput(Throughput::new(6, 3)))
        .await
        .expect("throughput change");
    assert_eq!(
        desc.definition.billing,
        BillingMode::Provisioned { read: 6, write: 3 }
    );
    let desc = db
        .update_table(
            update(SIMPLE).global_index_update(GlobalIndexUpdate::create_provisioned(
                without_capacity,
                Throughput::new(1, 2),
            )),
        )
        .await
        .expect("index with capacity");
    assert_eq!(
        desc.index("Gix2").and_then(|i| i.provisioned_throughput),
        Some(Throughput::new(1, 2))
    );

    let desc = db
        .update_table(update(SIMPLE).billing(BillingMode::OnDemand))
        .await
        .expect("back to on demand");
    assert_eq!(desc.definition.billing, BillingMode::OnDemand);
    assert!(desc
        .global_indexes
        .iter()
        .all(|i| i.provisioned_throughput.is_none()));
    db.update_table(update(SIMPLE).billing(BillingMode::OnDemand))
        .await
        .expect("on demand again changes nothing and is accepted");
}
