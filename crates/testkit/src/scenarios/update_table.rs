//! UpdateTable: global indexes added to a table holding items and removed
//! again, billing-mode switches, and the requests DynamoDB refuses.
//!
//! Where DynamoDB Local answers otherwise than DynamoDB, the scenarios check
//! what both answer (and the memory backend's unit tests check the rest):
//! Local accepts provisioned capacity sent to an on-demand table, which
//! DynamoDB refuses; it words several messages differently (the fragments
//! checked here are shared, or both wordings are accepted). A new index
//! whose key attribute is already defined with another type is refused by
//! DynamoDB Local and by the memory backend; DynamoDB itself is reported to
//! keep the existing type instead.

use super::reads::indexes::settled;
use super::support::{expect_resource_not_found, expect_validation, expect_validation_any, pk};
use crate::bulk_models::Doc;
use crate::{Ctx, Outcome};
use dynorm::backend::{
    BillingMode, CapacityMode, IndexDefinition, KeyAttribute, KeyType, Operation, TableDefinition,
    Throughput, UpdateTableRequest,
};
use dynorm::{Model, Partition, Result, Value};

/// The name of the index the scenarios add.
const CATEGORY: &str = "CategoryIndex";

/// Creates `Doc`'s table without its `CategoryIndex`, and returns that
/// index's definition (as the model declares it).
async fn docs_without_category(ctx: &Ctx) -> Result<IndexDefinition> {
    let mut def = ctx.client.table_definition(&[Doc::schema()])?;
    let at = def
        .global_indexes
        .iter()
        .position(|i| i.name == CATEGORY)
        .expect("Doc declares CategoryIndex");
    let index = def.global_indexes.remove(at);
    ctx.client.create_table_definition(def).await?;
    Ok(index)
}

fn category(c: &str) -> Partition<Doc> {
    Partition::for_index(
        CATEGORY,
        "gsi_pk_CategoryIndex",
        Value::from(format!("CAT#{c}")),
    )
}

/// Asserts that `result` failed with DynamoDB's LimitExceededException
/// whose message contains `fragment`.
#[track_caller]
fn expect_limit_exceeded<T: std::fmt::Debug>(result: Result<T>, fragment: &str) {
    match result {
        Err(e) if e.is_limit_exceeded() => {
            let message = e.to_string();
            assert!(message.contains(fragment), "{message:?} lacks {fragment:?}");
        }
        other => panic!("expected LimitExceeded mentioning {fragment:?}, got {other:?}"),
    }
}

/// A global index added to a table that holds items is filled from them
/// (items without the key attribute stay out) and follows later writes;
/// once removed, queries and scans of it are ValidationExceptions.
pub async fn update_table_adds_an_index_over_stored_items_and_removes_it(ctx: Ctx) -> Outcome {
    if !ctx.requires(&[Operation::UpdateTable]) {
        return Ok(());
    }
    let index = docs_without_category(&ctx).await?;
    let docs = vec![
        Doc::new("f", "a", 1).in_category("x"),
        Doc::new("f", "b", 2),
        Doc::new("g", "c", 3).in_category("x"),
        Doc::new("g", "d", 4).in_category("y"),
    ];
    let written = ctx.client.batch_write().put_all(&docs).await?;
    assert_eq!(written, docs.len());
    expect_validation(
        ctx.client.query(category("x")).all().await,
        "The table does not have the specified index",
    );

    let desc = ctx
        .client
        .update_table("docs")
        .add_global_index(index)
        .await?;
    assert!(desc.is_active(), "{desc:?}");
    assert!(desc.index(CATEGORY).is_some(), "{desc:?}");
    assert_eq!(desc.definition.global_indexes.len(), 2);
    let found = settled(
        &ctx,
        || ctx.client.query(category("x")).all(),
        |v: &Vec<Doc>| v.len() >= 2,
    )
    .await?;
    assert_eq!(found, vec![docs[0].clone(), docs[2].clone()]);
    let later = Doc::new("h", "e", 5).in_category("x");
    ctx.client.put(&later).await?;
    let found = settled(
        &ctx,
        || ctx.client.query(category("x")).all(),
        |v: &Vec<Doc>| v.len() >= 3,
    )
    .await?;
    assert_eq!(found.len(), 3, "the index follows writes made after it");

    let desc = ctx
        .client
        .update_table("docs")
        .remove_global_index(CATEGORY)
        .await?;
    assert!(desc.index(CATEGORY).is_none(), "{desc:?}");
    assert_eq!(desc.definition.global_indexes.len(), 1);
    expect_validation(
        ctx.client.query(category("x")).all().await,
        "The table does not have the specified index",
    );
    expect_validation(
        ctx.client.scan::<Doc>().index(CATEGORY).all().await,
        "The table does not have the specified index",
    );
    // The table and its other index are untouched.
    assert_eq!(ctx.client.scan::<Doc>().all().await?.len(), 5);
    Ok(())
}

/// On demand to provisioned (every index gets the table's capacity), a
/// capacity change, an unchanged capacity (refused), and back to on demand.
pub async fn update_table_switches_billing_mode(ctx: Ctx) -> Outcome {
    if !ctx.requires(&[Operation::UpdateTable]) {
        return Ok(());
    }
    ctx.table_for::<Doc>().await?;
    let desc = ctx
        .client
        .update_table("docs")
        .billing(BillingMode::Provisioned { read: 2, write: 3 })
        .await?;
    assert!(desc.is_active());
    assert_eq!(
        desc.definition.billing,
        BillingMode::Provisioned { read: 2, write: 3 }
    );
    for index in &desc.global_indexes {
        assert_eq!(
            index.provisioned_throughput,
            Some(Throughput::new(2, 3)),
            "{index:?}"
        );
    }
    let desc = ctx
        .client
        .update_table("docs")
        .billing(BillingMode::Provisioned { read: 4, write: 3 })
        .await?;
    assert_eq!(
        ctx.client.describe_table("docs").await?.definition.billing,
        BillingMode::Provisioned { read: 4, write: 3 }
    );
    assert_eq!(
        desc.definition.billing,
        BillingMode::Provisioned { read: 4, write: 3 }
    );
    // DynamoDB: "... will not change. The requested value equals the
    // current value ..."; DynamoDB Local: "The requested throughput value
    // equals the current value".
    expect_validation(
        ctx.client
            .update_table("docs")
            .billing(BillingMode::Provisioned { read: 4, write: 3 })
            .await,
        "equals the current value",
    );
    ctx.client.put(&Doc::new("f", "a", 1)).await?;
    let desc = ctx
        .client
        .update_table("docs")
        .billing(BillingMode::OnDemand)
        .await?;
    assert_eq!(desc.definition.billing, BillingMode::OnDemand);
    assert!(desc
        .global_indexes
        .iter()
        .all(|i| i.provisioned_throughput.is_none()));
    assert_eq!(
        ctx.client.describe_table("docs").await?.definition.billing,
        BillingMode::OnDemand
    );
    assert_eq!(
        ctx.client.scan::<Doc>().all().await?.len(),
        1,
        "items are kept"
    );
    Ok(())
}

/// The UpdateTable requests DynamoDB refuses, with its error kinds: nothing
/// to update, an index that exists, two index creations at once, an index
/// named twice, deleting a missing index, a key type conflicting with an
/// attribute definition, provisioned billing without capacity, a missing table.
pub async fn update_table_refusals(ctx: Ctx) -> Outcome {
    if !ctx.requires(&[Operation::UpdateTable]) {
        return Ok(());
    }
    let index = docs_without_category(&ctx).await?;
    let table = ctx.client.table_name("docs");
    let backend = ctx.client.backend();
    let update = || UpdateTableRequest::new(&table);
    let other = |name: &str, attribute: &str| {
        IndexDefinition::new(name, KeyAttribute::new(attribute, KeyType::S))
    };

    // DynamoDB: "At least one of ProvisionedThroughput, BillingMode, ... is
    // required"; DynamoDB Local: "Nothing to update".
    expect_validation_any(
        backend.update_table(update()).await,
        &["At least one of", "Nothing to update"],
    );
    expect_limit_exceeded(
        backend
            .update_table(
                update()
                    .create_global_index(index.clone())
                    .create_global_index(other("OtherIndex", "other")),
            )
            .await,
        "Only 1 online index can be created or deleted simultaneously per table",
    );
    expect_validation(
        backend
            .update_table(
                update()
                    .create_global_index(index.clone())
                    .delete_global_index(CATEGORY),
            )
            .await,
        "Only one global secondary index update per index is allowed simultaneously",
    );
    // `ShelfIndex` keys `shelf` as a string: an index keying it as a number conflicts.
    let conflicting = IndexDefinition::new("ShelfNumbers", KeyAttribute::new("shelf", KeyType::N));
    expect_validation(
        backend
            .update_table(update().create_global_index(conflicting))
            .await,
        "SchemaElement redefined should be of same type as previously defined",
    );
    match backend
        .update_table(update().delete_global_index("NoSuchIndex"))
        .await
    {
        Err(e) if e.is_resource_not_found() => {
            assert!(
                e.to_string().contains("Requested resource not found"),
                "{e}"
            )
        }
        other => panic!("expected ResourceNotFound, got {other:?}"),
    }
    // DynamoDB: "ProvisionedThroughput must be specified when BillingMode is
    // PROVISIONED"; DynamoDB Local: "No provisioned throughput specified for the table".
    expect_validation_any(
        backend
            .update_table(update().capacity_mode(CapacityMode::Provisioned))
            .await,
        &[
            "ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
            "No provisioned throughput specified for the table",
        ],
    );
    expect_resource_not_found(
        backend
            .update_table(
                UpdateTableRequest::new(ctx.client.table_name("nosuchtable"))
                    .create_global_index(index.clone()),
            )
            .await,
    );

    // Once the index exists, creating it again is refused.
    ctx.client
        .update_table("docs")
        .add_global_index(index.clone())
        .await?;
    expect_validation(
        backend
            .update_table(update().create_global_index(index))
            .await,
        "Attempting to create an index which already exists",
    );
    let desc = ctx.client.describe_table("docs").await?;
    assert_eq!(desc.definition.global_indexes.len(), 2, "{desc:?}");
    Ok(())
}

/// A table holds at most 20 global indexes: the 21st, added by UpdateTable,
/// is a LimitExceededException (at CreateTable it is a ValidationException).
pub async fn update_table_twenty_global_indexes_at_most(ctx: Ctx) -> Outcome {
    if !ctx.requires(&[Operation::UpdateTable]) {
        return Ok(());
    }
    let name = ctx.client.table_name("many");
    let mut def = TableDefinition::new(&name, KeyAttribute::new("pk", KeyType::S));
    for i in 0..20 {
        def = def.with_global_index(IndexDefinition::new(
            format!("Index{i:02}"),
            KeyAttribute::new(format!("a{i:02}"), KeyType::S),
        ));
    }
    ctx.client.create_table_definition(def).await?;
    ctx.client.table("many").put(pk("p")).await?;
    let twenty_first = IndexDefinition::new("Index20", KeyAttribute::new("a20", KeyType::S));
    // DynamoDB: "... Number of global secondary indexes exceeds per-table
    // limit of 20"; DynamoDB Local leaves out the number.
    expect_limit_exceeded(
        ctx.client
            .backend()
            .update_table(UpdateTableRequest::new(&name).create_global_index(twenty_first))
            .await,
        "Number of global secondary indexes exceeds per-table limit",
    );
    let desc = ctx.client.describe_table("many").await?;
    assert_eq!(desc.definition.global_indexes.len(), 20);
    assert!(desc.is_active());
    Ok(())
}
