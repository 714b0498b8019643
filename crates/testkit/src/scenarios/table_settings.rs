//! A table's settings beside its keys: deletion protection, the table class,
//! the on-demand maximum throughput and server-side encryption, set by
//! CreateTable, changed by UpdateTable and reported by DescribeTable; and
//! DeleteTable refused while deletion protection is on.
//!
//! DynamoDB Local keeps deletion protection and the on-demand maximum, but
//! ignores the table class and encryption: it reports neither, and answers
//! an UpdateTable that changes only the class with "Nothing to update". On
//! the DynamoDB backend (DynamoDB Local) the scenarios check only what Local
//! keeps, and that refusal.

use super::support::{expect_validation, pk};
use crate::{Ctx, Outcome};
use dynorm::backend::Operation;
use dynorm::backend::{
    DeleteTableRequest, KeyAttribute, KeyType, OnDemandThroughput, SseSpecification, SseStatus,
    TableClass, TableDefinition, UpdateTableRequest,
};
use dynorm::rules::table::Violation;
use dynorm::Result;

/// What the scenarios say when they skip the settings DynamoDB Local ignores.
const LOCAL_IGNORES: &str = "DynamoDB Local ignores TableClass and SSESpecification";

fn note_local(ctx: &Ctx) {
    eprintln!("scenario `{}`: {LOCAL_IGNORES} (not checked)", ctx.name);
}

/// Turns deletion protection off so that the scenario's tables can go.
async fn unprotect(ctx: &Ctx, table: &str) -> Result<()> {
    ctx.client
        .backend()
        .update_table(UpdateTableRequest::new(table).deletion_protection(false))
        .await?;
    Ok(())
}

/// CreateTable's settings come back from DescribeTable; a table created
/// without them is unprotected, of the default class, unencrypted by KMS
/// and without an on-demand maximum.
pub async fn table_settings_round_trip(ctx: Ctx) -> Outcome {
    if !ctx.requires(&[Operation::UpdateTable]) {
        return Ok(());
    }
    let name = ctx.client.table_name("configured");
    let def = TableDefinition::new(&name, KeyAttribute::new("pk", KeyType::S))
        .with_deletion_protection(true)
        .with_table_class(TableClass::StandardInfrequentAccess)
        .with_on_demand_throughput(OnDemandThroughput::new(Some(10), Some(5)))
        .with_sse(SseSpecification::enabled());
    let created = ctx.client.create_table_definition(def).await?;
    assert!(created.definition.deletion_protection, "{created:?}");
    let desc = ctx.client.describe_table("configured").await?;
    let d = &desc.definition;
    assert!(d.deletion_protection, "{desc:?}");
    assert_eq!(
        d.on_demand_throughput,
        Some(OnDemandThroughput::new(Some(10), Some(5))),
        "{desc:?}"
    );
    if ctx.is_dynamodb() {
        note_local(&ctx);
    } else {
        assert_eq!(
            d.table_class,
            Some(TableClass::StandardInfrequentAccess),
            "{desc:?}"
        );
        let sse = desc.sse_description.as_ref().expect("an SSE description");
        assert_eq!(sse.status, SseStatus::Enabled);
        assert_eq!(sse.sse_type.as_deref(), Some("KMS"));
        let arn = sse.kms_master_key_arn.as_deref().unwrap_or_default();
        assert!(arn.starts_with("arn:aws:kms:"), "{arn}");
        assert!(arn.contains(":key/"), "{arn}");
    }
    unprotect(&ctx, &name).await?;

    let plain = ctx.client.table_name("plain");
    ctx.client
        .create_table_definition(TableDefinition::new(
            &plain,
            KeyAttribute::new("pk", KeyType::S),
        ))
        .await?;
    let desc = ctx.client.describe_table("plain").await?;
    let d = &desc.definition;
    assert!(!d.deletion_protection, "{desc:?}");
    assert_eq!(
        d.table_class.unwrap_or_default(),
        TableClass::Standard,
        "{desc:?}"
    );
    assert_eq!(d.on_demand_throughput, None, "{desc:?}");
    assert_eq!(desc.sse_description, None, "{desc:?}");
    Ok(())
}

/// DeleteTable of a protected table is DynamoDB's ValidationException and
/// deletes nothing; once UpdateTable turns protection off, it deletes.
pub async fn deletion_protection_refuses_delete_table(ctx: Ctx) -> Outcome {
    if !ctx.requires(&[Operation::UpdateTable]) {
        return Ok(());
    }
    let name = ctx.client.table_name("protected");
    ctx.client
        .create_table_definition(
            TableDefinition::new(&name, KeyAttribute::new("pk", KeyType::S))
                .with_deletion_protection(true),
        )
        .await?;
    ctx.client.table("protected").put(pk("kept")).await?;
    let backend = ctx.client.backend();
    let refused = backend.delete_table(DeleteTableRequest::new(&name)).await;
    expect_validation(refused, &Violation::DeletionProtected.to_string());
    let desc = ctx.client.describe_table("protected").await?;
    assert!(desc.definition.deletion_protection, "{desc:?}");
    let kept = ctx.client.table("protected").get(pk("kept")).await?;
    assert!(kept.is_some(), "the item is kept");

    unprotect(&ctx, &name).await?;
    assert!(
        !ctx.client
            .describe_table("protected")
            .await?
            .definition
            .deletion_protection
    );
    backend.delete_table(DeleteTableRequest::new(&name)).await?;
    assert!(
        !ctx.client.list_tables().await?.contains(&name),
        "the table is deleted"
    );
    Ok(())
}

/// UpdateTable changes each setting alone: deletion protection, the table
/// class and the on-demand maximum (through the client's `update_table`
/// and the raw request).
pub async fn update_table_sets_table_settings(ctx: Ctx) -> Outcome {
    if !ctx.requires(&[Operation::UpdateTable]) {
        return Ok(());
    }
    let name = ctx.client.table_name("settings");
    ctx.client
        .create_table_definition(
            TableDefinition::new(&name, KeyAttribute::new("pk", KeyType::S))
                .with_on_demand_throughput(OnDemandThroughput::new(Some(10), Some(5))),
        )
        .await?;
    let backend = ctx.client.backend();
    let update = || UpdateTableRequest::new(&name);

    let out = ctx
        .client
        .update_table("settings")
        .deletion_protection(true)
        .await?;
    assert!(out.definition.deletion_protection, "{out:?}");
    let desc = ctx.client.describe_table("settings").await?;
    assert!(desc.definition.deletion_protection, "{desc:?}");

    let class = backend
        .update_table(update().table_class(TableClass::StandardInfrequentAccess))
        .await;
    if ctx.is_dynamodb() {
        note_local(&ctx);
        expect_validation(class, "Nothing to update");
    } else {
        class?;
        let desc = ctx.client.describe_table("settings").await?;
        assert_eq!(
            desc.definition.table_class,
            Some(TableClass::StandardInfrequentAccess),
            "{desc:?}"
        );
    }

    ctx.client
        .update_table("settings")
        .on_demand_throughput(OnDemandThroughput::new(Some(20), Some(15)))
        .await?;
    let desc = ctx.client.describe_table("settings").await?;
    assert_eq!(
        desc.definition.on_demand_throughput,
        Some(OnDemandThroughput::new(Some(20), Some(15))),
        "{desc:?}"
    );
    assert!(desc.definition.deletion_protection, "kept: {desc:?}");
    unprotect(&ctx, &name).await?;
    Ok(())
}
