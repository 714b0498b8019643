//! Seed 003's models with field-list keys (`key_models`): stored under the
//! exact keys the seed writes, read back by key, queried by partition with
//! sort-key conditions made of field values, updated and deleted by key, and
//! the same models under scoped conventions (one task per tenant).

use crate::key_models::{Event, Order, Product, Session, TenantUser, User};
use crate::{Ctx, Outcome};
use dynorm::model::conventions::{self, Conventions};
use dynorm::{Client, Item, Value};

fn s(text: &str) -> Value {
    Value::from(text)
}

/// The stored item with this key, read raw (key attributes included).
async fn stored(client: &Client, table: &str, key: Item) -> dynorm::Result<Option<Item>> {
    client.table(table).get(key).consistent_read().await
}

fn order(customer: &str, date: &str, id: &str, total: u64) -> Order {
    Order {
        customer_id: customer.into(),
        order_date: date.into(),
        order_id: id.into(),
        total,
    }
}

fn event(device: &str, created_at: &str, id: u64) -> Event {
    Event {
        device: device.into(),
        created_at: created_at.into(),
        id,
        reading: i64::try_from(id).unwrap_or_default() * 10,
    }
}

/// Every seed 003 model stored with its field-list keys: the raw items hold
/// the seed's exact strings, each model reads back by `M::key(..)`, and an
/// update and a delete by key reach the same item.
pub async fn seed_models_stored_under_their_keys(ctx: Ctx) -> Outcome {
    let c = &ctx.client;
    ctx.table_for::<User>().await?;
    ctx.table_for::<TenantUser>().await?;
    ctx.table_for::<Product>().await?;
    ctx.table_for::<Order>().await?;
    let user = User {
        id: "123".into(),
        name: "Ann".into(),
    };
    let tenant_user = TenantUser {
        tenant_id: "acme".into(),
        user_id: "123".into(),
        name: "Bob".into(),
    };
    let product = Product {
        category: "electronics".into(),
        product_id: "P123".into(),
        name: "Headphones".into(),
        price: 299,
    };
    let seed_order = order("C123", "2024-01-15", "ORD-456", 990);
    c.create(&user).await?;
    c.create(&tenant_user).await?;
    c.create(&product).await?;
    c.create(&seed_order).await?;

    let expected = [
        ("users", "id#123#user", "user"),
        ("tenant_users", "tenant_id_acme", "user_id_123"),
        ("products", "category#electronics#product", "P123"),
        (
            "orders",
            "customer_id#C123#order_date#2024-01-15#order",
            "order_id#ORD-456",
        ),
    ];
    for (table, pk, sk) in expected {
        let item = stored(c, table, Item::new().with("pk", pk).with("sk", sk)).await?;
        let item = item.unwrap_or_else(|| panic!("no item {pk:?}/{sk:?} in {table}"));
        assert_eq!(item.get("pk"), Some(&s(pk)), "{table}");
        assert_eq!(item.get("sk"), Some(&s(sk)), "{table}");
    }

    assert_eq!(c.get(User::key("123")).consistent_read().await?, Some(user));
    assert_eq!(
        c.get(TenantUser::key("acme", "123"))
            .consistent_read()
            .await?,
        Some(tenant_user.clone())
    );
    assert_eq!(
        c.get(Product::key("electronics", "P123"))
            .consistent_read()
            .await?,
        Some(product)
    );
    let key = Order::key("C123", "2024-01-15", "ORD-456");
    assert_eq!(
        c.get(key.clone()).consistent_read().await?,
        Some(seed_order.clone())
    );
    // A second create of the same key fails: the condition names the
    // resolved partition key attribute.
    assert!(c
        .create(&seed_order)
        .await
        .is_err_and(|e| e.is_condition_failed()));

    let updated: Option<Order> = c
        .update(key.clone())
        .set(Order::fields().total, 1000u64)
        .return_new()
        .await?;
    assert_eq!(updated.map(|o| o.total), Some(1000));
    // An update creating an item writes the key fields, so it decodes.
    let created: Option<Order> = c
        .update(Order::key("C9", "2024-02-01", "ORD-1"))
        .set(Order::fields().total, 5u64)
        .return_new()
        .await?;
    assert_eq!(created, Some(order("C9", "2024-02-01", "ORD-1", 5)));

    c.delete(key.clone()).await?;
    assert_eq!(c.get(key).consistent_read().await?, None);
    c.delete(TenantUser::key("acme", "123")).await?;
    assert_eq!(
        stored(
            c,
            "tenant_users",
            Item::new()
                .with("pk", "tenant_id_acme")
                .with("sk", "user_id_123")
        )
        .await?,
        None
    );
    Ok(())
}

/// Queries by partition (`M::partition(..)` of the partition key's fields)
/// with sort-key conditions made of field values: `begins_with` on the first
/// field of a composite sort key, `between` two whole sort keys, and a
/// partition of a two-field partition key.
pub async fn query_by_partition_with_sort_key_fields(ctx: Ctx) -> Outcome {
    let c = &ctx.client;
    ctx.table_for::<Event>().await?;
    ctx.table_for::<Order>().await?;
    let events = [
        event("d1", "2024-01-14", 9),
        event("d1", "2024-01-15", 1),
        event("d1", "2024-01-15", 123),
        event("d1", "2024-01-15", 7),
        event("d1", "2024-01-16", 2),
        event("d2", "2024-01-15", 5),
    ];
    let mut batch = c.batch_write();
    for e in &events {
        batch = batch.put(e);
    }
    batch.await?;
    let stored_sk = stored(
        c,
        "events",
        Item::new()
            .with("pk", "device#d1#event")
            .with("sk", "2024-01-15#123"),
    )
    .await?;
    assert!(stored_sk.is_some(), "seed 003's sort key 2024-01-15#123");

    let day: Vec<Event> = c
        .query(Event::partition("d1"))
        .sort_begins_with(Event::sort_prefix_created_at("2024-01-15"))
        .consistent_read()
        .all()
        .await?;
    // Sort keys are strings: `#1` < `#123` < `#7`.
    assert_eq!(
        day,
        vec![events[1].clone(), events[2].clone(), events[3].clone()]
    );

    let range: Vec<Event> = c
        .query(Event::partition("d1"))
        .sort_between(
            Event::sort_key("2024-01-15", 123u64),
            Event::sort_key("2024-01-16", 2u64),
        )
        .consistent_read()
        .all()
        .await?;
    assert_eq!(
        range,
        vec![events[2].clone(), events[3].clone(), events[4].clone()]
    );

    for o in [
        order("C123", "2024-01-15", "ORD-456", 1),
        order("C123", "2024-01-15", "ORD-457", 2),
        order("C123", "2024-01-16", "ORD-458", 3),
    ] {
        c.put(&o).await?;
    }
    let of_day: Vec<Order> = c
        .query(Order::partition("C123", "2024-01-15"))
        .sort_gt(Order::sort_key("ORD-456"))
        .consistent_read()
        .all()
        .await?;
    assert_eq!(of_day, vec![order("C123", "2024-01-15", "ORD-457", 2)]);
    Ok(())
}

/// Multi-tenant code: one task per tenant, each under its own scoped
/// conventions, sharing one table. Each tenant's keys are written with its
/// separator, each reads back its own items by key and by partition, and a
/// scope naming other key attributes creates its table with them. The
/// model's own settings win over the scope.
pub async fn scoped_conventions_per_tenant(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    let tenant = |separator: &'static str, name: &'static str| {
        let client = ctx.client.clone();
        conventions::scope(Conventions::new().key_separator(separator), async move {
            let user = User {
                id: "123".into(),
                name: name.into(),
            };
            client.put(&user).await?;
            let back = client.get(User::key("123")).consistent_read().await?;
            let partition: Vec<User> = client
                .query(User::partition("123"))
                .consistent_read()
                .all()
                .await?;
            Ok::<_, dynorm::Error>((back, partition))
        })
    };
    // Both tenants' futures interleave in this task; each is polled under
    // its own scope.
    let (a, b) = tokio::join!(tenant("_", "Ann"), tenant("::", "Bob"));
    let (a, b) = (a?, b?);
    assert_eq!(a.0.as_ref().map(|u| u.name.as_str()), Some("Ann"));
    assert_eq!(b.0.as_ref().map(|u| u.name.as_str()), Some("Bob"));
    assert_eq!(a.1.len(), 1);
    assert_eq!(b.1.len(), 1);
    let c = &ctx.client;
    for (pk, name) in [("id_123_user", "Ann"), ("id::123::user", "Bob")] {
        let item = stored(c, "users", Item::new().with("pk", pk).with("sk", "user")).await?;
        assert_eq!(
            item.and_then(|i| i.get("name").cloned()),
            Some(s(name)),
            "{pk}"
        );
    }
    // Outside any scope: the defaults, and no such item.
    assert_eq!(c.get(User::key("123")).consistent_read().await?, None);

    // A scope renaming the key attributes: the table made in it has them,
    // and the model's own settings (Order's prefix_sort_key) still hold.
    let renamed = Conventions::new()
        .partition_key_name("PK")
        .sort_key_name("SK")
        .key_separator("|");
    let (definition, item, queried) = conventions::scope(renamed, async {
        ctx.table_for::<Order>().await?;
        let definition = c.describe_table("orders").await?.definition;
        c.put(&order("C1", "2024-03-01", "ORD-9", 4)).await?;
        let item = stored(
            c,
            "orders",
            Item::new()
                .with("PK", "customer_id|C1|order_date|2024-03-01|order")
                .with("SK", "order_id|ORD-9"),
        )
        .await?;
        let queried: Vec<Order> = c
            .query(Order::partition("C1", "2024-03-01"))
            .sort_begins_with(Order::sort_key("ORD-9"))
            .consistent_read()
            .all()
            .await?;
        Ok::<_, dynorm::Error>((definition, item, queried))
    })
    .await?;
    assert_eq!(definition.partition_key.name, "PK");
    assert_eq!(definition.sort_key.map(|k| k.name), Some("SK".to_owned()));
    assert!(item.is_some(), "the order under the scope's keys");
    assert_eq!(queried, vec![order("C1", "2024-03-01", "ORD-9", 4)]);

    // A model of a table without sort key, named by the model.
    ctx.table_for::<Session>().await?;
    let definition = c.describe_table("sessions").await?.definition;
    assert_eq!(definition.partition_key.name, "session_pk");
    assert_eq!(definition.sort_key, None);
    let session = Session {
        id: "s1".into(),
        expires_at: "2024-01-15T00:00:00Z".into(),
    };
    c.create(&session).await?;
    assert_eq!(
        c.get(Session::key("s1")).consistent_read().await?,
        Some(session)
    );
    let raw = stored(
        c,
        "sessions",
        Item::new().with("session_pk", "id#s1#session"),
    )
    .await?;
    assert!(raw.is_some());
    Ok(())
}
