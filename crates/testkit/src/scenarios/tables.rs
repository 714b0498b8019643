//! Table tooling: create, describe, list, delete and ensure, from models.

use super::attributes::Session;
use super::support::{enabled_ttl, expect_resource_not_found, pk, raw_table};
use crate::models::{Counter, Event, Order, User};
use crate::{Ctx, Outcome};
use dynorm::backend::{
    IndexProjection, KeyAttribute, KeyType, TableStatus, TimeToLive, UpdateTimeToLiveRequest,
};
use dynorm::{Error, Model};

/// `create_table` builds the keys and indexes a model declares, and
/// `describe_table` reports them back.
pub async fn create_and_describe_model_tables(ctx: Ctx) -> Outcome {
    let users = ctx.client.create_table::<User>().await?;
    assert_eq!(users.definition.name, ctx.client.table_name("app"));
    assert_eq!(users.status, TableStatus::Active);

    let desc = ctx.client.describe_table("app").await?;
    let def = &desc.definition;
    assert_eq!(def.name, ctx.client.table_name("app"));
    assert_eq!(def.partition_key, KeyAttribute::new("pk", KeyType::S));
    assert_eq!(def.sort_key, Some(KeyAttribute::new("sk", KeyType::S)));
    assert_eq!(def.global_indexes.len(), 1, "{def:?}");
    let gsi = &def.global_indexes[0];
    assert_eq!(gsi.name, "TenantIndex");
    assert_eq!(
        gsi.partition_key,
        KeyAttribute::new("gsi_pk_TenantIndex", KeyType::S)
    );
    assert_eq!(
        gsi.sort_key,
        Some(KeyAttribute::new("gsi_sk_TenantIndex", KeyType::S))
    );
    assert_eq!(gsi.projection, IndexProjection::All);
    assert!(def.local_indexes.is_empty());

    ctx.client.create_table::<Event>().await?;
    let events = ctx.client.describe_table("events").await?.definition;
    assert_eq!(
        events.partition_key,
        KeyAttribute::new("stream", KeyType::S)
    );
    assert_eq!(events.sort_key, Some(KeyAttribute::new("seq", KeyType::N)));
    assert!(events.global_indexes.is_empty());

    ctx.client.create_table::<Counter>().await?;
    let counters = ctx.client.describe_table("counters").await?.definition;
    assert_eq!(
        counters.partition_key,
        KeyAttribute::new("name", KeyType::S)
    );
    assert_eq!(counters.sort_key, None);
    Ok(())
}

/// `list_tables` shows the client's tables with their prefix; a deleted table
/// disappears from the list and is then ResourceNotFound.
pub async fn list_and_delete_tables(ctx: Ctx) -> Outcome {
    raw_table(&ctx, "alpha", None).await?;
    raw_table(&ctx, "beta", None).await?;
    raw_table(&ctx, "gamma", Some(KeyType::N)).await?;
    let mut names = ctx.client.list_tables().await?;
    names.sort();
    let full = |b: &str| ctx.client.table_name(b);
    assert_eq!(names, vec![full("alpha"), full("beta"), full("gamma")]);

    ctx.client.delete_table("beta").await?;
    let mut names = ctx.client.list_tables().await?;
    names.sort();
    assert_eq!(names, vec![full("alpha"), full("gamma")]);
    expect_resource_not_found(ctx.client.describe_table("beta").await);
    expect_resource_not_found(ctx.client.table("beta").put(pk("a")).await);
    expect_resource_not_found(ctx.client.delete_table("beta").await);
    // The others still work.
    ctx.client.table("alpha").put(pk("a")).await?;
    Ok(())
}

/// Creating a table that exists is ResourceInUse, and the existing table keeps its items.
pub async fn create_existing_table_is_resource_in_use(ctx: Ctx) -> Outcome {
    ctx.client.create_table::<Counter>().await?;
    ctx.client
        .put(&Counter {
            name: "c".into(),
            value: 1,
        })
        .await?;
    let again = ctx.client.create_table::<Counter>().await;
    assert!(
        matches!(again, Err(Error::ResourceInUse { .. })),
        "expected ResourceInUse, got {again:?}"
    );
    let kept = ctx.client.get(Counter::key("c")).consistent_read().await?;
    assert_eq!(kept.map(|c| c.value), Some(1));
    Ok(())
}

/// `ensure_table` creates a missing table and leaves an existing one (and its items) alone.
pub async fn ensure_table_is_idempotent(ctx: Ctx) -> Outcome {
    let first = ctx.client.ensure_table::<User>().await?;
    ctx.client.put(&User::new("u1", "Ann", 31)).await?;
    let second = ctx.client.ensure_table::<User>().await?;
    assert_eq!(first.definition, second.definition);
    assert!(ctx
        .client
        .get(User::key("u1"))
        .consistent_read()
        .await?
        .is_some());
    assert_eq!(
        ctx.client.list_tables().await?,
        vec![ctx.client.table_name("app")]
    );
    Ok(())
}

/// `ensure_table` on an existing table without TTL enables TTL on the
/// model's TTL attribute (and a second call changes nothing); a table whose
/// TTL is on another attribute is a configuration error naming both.
pub async fn ensure_table_enables_ttl_on_an_existing_table(ctx: Ctx) -> Outcome {
    let table = ctx.client.table_name(Session::schema().table);
    let def = ctx.client.table_definition(&[Session::schema()])?;
    ctx.client.create_table_definition(def).await?;
    let ttl = enabled_ttl(&ctx.client, &table).await?;
    assert_eq!(ttl, None, "a table made from a bare definition has no TTL");

    let desc = ctx.client.ensure_table::<Session>().await?;
    assert_eq!(desc.definition.name, table);
    let ttl = enabled_ttl(&ctx.client, &table).await?;
    assert_eq!(ttl.as_deref(), Some("expires_at"));
    ctx.client.ensure_table::<Session>().await?;
    let ttl = enabled_ttl(&ctx.client, &table).await?;
    assert_eq!(ttl.as_deref(), Some("expires_at"));

    // Another table with TTL on another attribute (a prefix of its own).
    let other = ctx
        .client
        .with_table_prefix(format!("{}other_", ctx.client.table_prefix()));
    let other_table = other.table_name(Session::schema().table);
    other
        .create_table_definition(other.table_definition(&[Session::schema()])?)
        .await?;
    other
        .backend()
        .update_time_to_live(UpdateTimeToLiveRequest::new(
            &other_table,
            TimeToLive::enabled("purge_at"),
        ))
        .await?;
    let err = other
        .ensure_table::<Session>()
        .await
        .expect_err("TTL is on another attribute");
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("purge_at") && text.contains("expires_at"),
        "{text}"
    );
    let ttl = enabled_ttl(&other, &other_table).await?;
    assert_eq!(ttl.as_deref(), Some("purge_at"), "left as it was");
    Ok(())
}

/// User and Order share one table: `create_table_for` merges their (equal)
/// index declarations, both models are stored side by side, each decodes only
/// its own items; models with different key schemas cannot share a table.
pub async fn single_table_user_and_order(ctx: Ctx) -> Outcome {
    let desc = ctx
        .client
        .create_table_for(&[User::schema(), Order::schema()])
        .await?;
    assert_eq!(
        desc.definition.global_indexes.len(),
        1,
        "{:?}",
        desc.definition
    );

    let user = User::new("u1", "Ann", 31);
    let orders: Vec<Order> = (1..=2)
        .map(|i| Order {
            user_id: "u1".into(),
            order_id: format!("{i:04}"),
            total: 100 * i,
            tenant: Some("acme".into()),
        })
        .collect();
    ctx.client.create(&user).await?;
    for o in &orders {
        ctx.client.create(o).await?;
    }
    assert_eq!(
        ctx.client.get(User::key("u1")).consistent_read().await?,
        Some(user)
    );
    for o in &orders {
        let back = ctx
            .client
            .get(Order::key("u1", o.order_id.as_str()))
            .consistent_read()
            .await?;
        assert_eq!(back.as_ref(), Some(o));
    }
    // An order's key read as a user finds the order item, which is not a user.
    let raw = ctx
        .client
        .table("app")
        .get(Order::key("u1", "0001").into_item())
        .consistent_read()
        .await?;
    assert!(raw.is_some_and(|i| User::from_item(i).is_err()));

    let mixed = ctx
        .client
        .create_table_for(&[User::schema(), Event::schema()])
        .await;
    assert!(
        matches!(mixed, Err(Error::Config { .. })),
        "expected a config error, got {mixed:?}"
    );
    Ok(())
}

/// A model's table definition can be adjusted before creation: provisioned
/// billing is kept by the table and reported by `describe_table`.
pub async fn provisioned_billing_from_a_model_definition(ctx: Ctx) -> Outcome {
    use dynorm::backend::BillingMode;
    let def = ctx
        .client
        .table_definition(&[Counter::schema()])?
        .with_billing(BillingMode::Provisioned { read: 3, write: 4 });
    assert_eq!(def.name, ctx.client.table_name("counters"));
    ctx.client.create_table_definition(def).await?;
    let desc = ctx.client.describe_table("counters").await?;
    assert_eq!(
        desc.definition.billing,
        BillingMode::Provisioned { read: 3, write: 4 }
    );
    ctx.client
        .put(&Counter {
            name: "c".into(),
            value: 1,
        })
        .await?;
    assert_eq!(
        ctx.client.get(Counter::key("c")).consistent_read().await?,
        Some(Counter {
            name: "c".into(),
            value: 1
        })
    );
    Ok(())
}
