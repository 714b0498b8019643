//! Single-item operations on models and raw items: create, put, get, delete.

use super::support::{expect_condition_failed, num, pk, raw_table, read};
use crate::models::{Event, Order, User};
use crate::{Ctx, Outcome};
use dynorm::backend::KeyType;
use dynorm::{Item, Model, Value};

/// A model written with `create` reads back equal, and its stored item has the
/// key attributes the templates say.
pub async fn put_then_get_round_trips(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    let mut user = User::new("u1", "Ann", 31);
    user.tenant = Some("acme".into());
    ctx.client.create(&user).await?;

    let back = ctx.client.get(User::key("u1")).consistent_read().await?;
    assert_eq!(back.as_ref(), Some(&user));

    let raw = ctx
        .client
        .table(User::schema().table)
        .get(User::key("u1").into_item())
        .consistent_read()
        .await?
        .expect("stored item");
    assert_eq!(raw.get("pk"), Some(&Value::from("USER#u1")));
    assert_eq!(raw.get("sk"), Some(&Value::from("PROFILE")));
    assert_eq!(raw.get("entity_type"), Some(&Value::from("User")));
    assert_eq!(
        raw.get("gsi_pk_TenantIndex"),
        Some(&Value::from("TENANT#acme"))
    );
    assert_eq!(User::from_item(raw)?, user);
    Ok(())
}

/// Reading a key that has no item gives `None`, not an error.
pub async fn get_missing_item_is_none(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    let back = ctx.client.get(User::key("nobody")).await?;
    assert!(back.is_none());
    Ok(())
}

/// A model whose keys are plain fields stores them under the field names with
/// their own types (the numeric sort key as N), and bytes as B.
pub async fn plain_field_keys_with_numeric_sort_key(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let first = Event {
        stream: "s1".into(),
        seq: 7,
        kind: "click".into(),
        data: Some(vec![0, 1, 255]),
    };
    let second = Event {
        stream: "s1".into(),
        seq: 70,
        kind: "view".into(),
        data: None,
    };
    ctx.client.put(&first).await?;
    ctx.client.put(&second).await?;

    assert_eq!(
        ctx.client
            .get(Event::key("s1", 7u64))
            .consistent_read()
            .await?,
        Some(first)
    );
    assert_eq!(
        ctx.client
            .get(Event::key("s1", 70u64))
            .consistent_read()
            .await?,
        Some(second)
    );
    assert_eq!(
        ctx.client
            .get(Event::key("s1", 8u64))
            .consistent_read()
            .await?,
        None
    );

    let raw = read(
        &ctx.client.table(Event::schema().table),
        Event::key("s1", 7u64).into_item(),
    )
    .await?
    .expect("stored event");
    assert_eq!(raw.get("stream"), Some(&Value::from("s1")));
    assert_eq!(raw.get("seq"), Some(&Value::from(7)));
    assert_eq!(raw.get("data"), Some(&Value::B(vec![0, 1, 255])));
    assert!(
        !raw.contains("pk"),
        "plain-field keys need no pk attribute: {raw:?}"
    );
    Ok(())
}

/// `create` on a key that exists fails with ConditionFailed and leaves the
/// stored item as it was.
pub async fn create_existing_key_fails_and_keeps_item(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    let first = User::new("u1", "Ann", 31);
    ctx.client.create(&first).await?;

    let second = User::new("u1", "Bob", 40);
    expect_condition_failed(ctx.client.create(&second).await);
    assert_eq!(
        ctx.client.get(User::key("u1")).consistent_read().await?,
        Some(first)
    );
    Ok(())
}

/// `put` replaces the whole item (attributes it lacks are gone) and can return the old one.
pub async fn put_replaces_whole_item(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let v1 = pk("a").with("x", 1).with("extra", "yes");
    assert_eq!(t.put(v1.clone()).await?, None);

    let v2 = pk("a").with("x", 2);
    let old = t.put(v2.clone()).return_old().await?;
    assert_eq!(old, Some(v1));
    assert_eq!(read(&t, pk("a")).await?, Some(v2));

    // return_old on a put that creates the item gives nothing.
    assert_eq!(t.put(pk("b").with("x", 3)).return_old().await?, None);
    Ok(())
}

/// `delete` with `return_old` gives the deleted model, and the item is gone.
pub async fn delete_returns_old_and_removes(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    let user = User::new("u1", "Ann", 31);
    ctx.client.put(&user).await?;
    ctx.client.put(&User::new("u2", "Bob", 22)).await?;

    let old = ctx.client.delete(User::key("u1")).return_old().await?;
    assert_eq!(old, Some(user));
    assert_eq!(
        ctx.client.get(User::key("u1")).consistent_read().await?,
        None
    );
    assert!(ctx
        .client
        .get(User::key("u2"))
        .consistent_read()
        .await?
        .is_some());
    Ok(())
}

/// Deleting a key that has no item succeeds and returns nothing.
pub async fn delete_missing_item_succeeds(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    assert_eq!(ctx.client.delete(User::key("ghost")).await?, None);
    assert_eq!(
        ctx.client.delete(User::key("ghost")).return_old().await?,
        None
    );
    // `must_exist` turns the same delete into a failed condition.
    expect_condition_failed(ctx.client.delete(User::key("ghost")).must_exist().await);
    Ok(())
}

/// A projection returns only the named attributes; a nested path keeps the
/// enclosing maps and lists with only the projected parts.
pub async fn get_with_projection_of_nested_paths(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let inner = Item::new().with("c", "deep").with("d", "dropped");
    let a = Item::new()
        .with("b", vec![Value::from(1), Value::M(inner)])
        .with("e", "dropped");
    t.put(pk("p").with("a", a).with("other", 5).with("skip", "me"))
        .await?;

    let got = t
        .get(pk("p"))
        .consistent_read()
        .project(["a.b[1].c", "other", "absent"])
        .await?
        .expect("item");
    let expected = Item::new()
        .with(
            "a",
            Item::new().with("b", vec![Value::M(Item::new().with("c", "deep"))]),
        )
        .with("other", 5);
    assert_eq!(got, expected);
    Ok(())
}

/// A consistent read sees the latest write at once.
pub async fn consistent_read_sees_latest_write(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    for v in 1..=5 {
        t.put(pk("k").with("v", v)).await?;
        let got = read(&t, pk("k")).await?.expect("item");
        assert_eq!(got.get("v"), Some(&Value::from(v)));
    }
    Ok(())
}

/// A raw item written through a table handle decodes with `Model::from_item`;
/// one whose entity type names another model does not.
pub async fn model_from_stored_raw_item(ctx: Ctx) -> Outcome {
    ctx.client
        .create_table_for(&[User::schema(), Order::schema()])
        .await?;
    let t = ctx.client.table(User::schema().table);
    t.put(
        Item::new()
            .with("pk", "USER#u9")
            .with("sk", "PROFILE")
            .with("entity_type", "User")
            .with("id", "u9")
            .with("name", "Zoe")
            .with("age", 27)
            .with("tags", vec![Value::from("a"), Value::from("b")]),
    )
    .await?;
    let raw = read(&t, User::key("u9").into_item())
        .await?
        .expect("stored item");
    let user = User::from_item(raw)?;
    assert_eq!(
        user,
        User {
            id: "u9".into(),
            name: "Zoe".into(),
            age: 27,
            tenant: None,
            tags: vec!["a".into(), "b".into()],
        }
    );
    // The typed read gives the same model.
    assert_eq!(
        ctx.client.get(User::key("u9")).consistent_read().await?,
        Some(user)
    );

    let order = Order {
        user_id: "u9".into(),
        order_id: "0001".into(),
        total: 1250,
        tenant: None,
    };
    ctx.client.put(&order).await?;
    let raw_order = read(&t, Order::key("u9", "0001").into_item())
        .await?
        .expect("order");
    assert_eq!(Order::from_item(raw_order.clone())?, order);
    let wrong = User::from_item(raw_order);
    assert!(
        matches!(&wrong, Err(e) if e.is_codec()),
        "an Order item must not decode as a User: {wrong:?}"
    );
    Ok(())
}

/// `to_json` holds every attribute (derived ones too) and `from_json` gives the model back.
pub async fn model_json_round_trip(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    let mut user = User::new("u1", "Ann", 31);
    user.tags = vec!["x".into()];
    let json = user.to_json()?;
    assert_eq!(json["pk"], serde_json::json!("USER#u1"));
    assert_eq!(json["name"], serde_json::json!("Ann"));
    assert_eq!(json["entity_type"], serde_json::json!("User"));
    assert_eq!(User::from_json(json)?, user);

    // And the model stored then read back still converts the same way.
    ctx.client.put(&user).await?;
    let back = ctx
        .client
        .get(User::key("u1"))
        .consistent_read()
        .await?
        .expect("user");
    assert_eq!(back.to_json()?, user.to_json()?);
    Ok(())
}

/// Every one of DynamoDB's ten types is stored and read back unchanged, with
/// a string partition key and a binary sort key.
pub async fn all_value_types_round_trip(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", Some(KeyType::B)).await?;
    let item = Item::new()
        .with("pk", "all")
        .with("sk", Value::B(vec![1, 2, 3]))
        .with("s", "héllo ✓")
        .with("n", num("-12.5"))
        .with("b", Value::B(vec![0, 255]))
        .with("t", true)
        .with("f", false)
        .with("nul", Value::Null)
        .with(
            "m",
            Item::new()
                .with("x", 1)
                .with("y", Item::new().with("z", "deep")),
        )
        .with(
            "l",
            vec![
                Value::from("a"),
                Value::from(2),
                Value::Null,
                Value::L(vec![]),
            ],
        )
        .with("em", Item::new())
        .with("ss", Value::string_set(["b", "a"]))
        .with("ns", Value::number_set([3, 1, 2]))
        .with("bs", Value::binary_set([vec![9u8], vec![8u8]]));
    t.put(item.clone()).await?;
    let key = Item::new()
        .with("pk", "all")
        .with("sk", Value::B(vec![1, 2, 3]));
    let back = read(&t, key.clone()).await?.expect("item");
    assert_eq!(back, item);
    // Another sort key in the same partition is another item.
    assert_eq!(
        read(
            &t,
            Item::new()
                .with("pk", "all")
                .with("sk", Value::B(vec![1, 2]))
        )
        .await?,
        None
    );
    Ok(())
}
