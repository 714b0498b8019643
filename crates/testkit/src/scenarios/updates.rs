//! Update expressions: SET, REMOVE, ADD, DELETE, functions, nested paths and return values.

use super::support::{expect_condition_failed, expect_validation, num, pk, raw_table, read};
use crate::models::{Counter, Order, User};
use crate::{Ctx, Outcome};
use dynorm::backend::{KeyType, ReturnValues};
use dynorm::expr::{SetExpr, UpdateOperand};
use dynorm::{attr, Item, Path, Update, Value};

/// `SET` writes values of any type and replaces others; `REMOVE` deletes
/// attributes (removing a missing one is fine).
pub async fn set_and_remove(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.put(pk("a").with("old", "x").with("gone", 1).with("kept", true))
        .await?;
    let new = t
        .update(pk("a"))
        .set("old", 2)
        .set("m", Item::new().with("k", "v"))
        .set("l", vec![Value::from(1), Value::Null])
        .set("e", "")
        .remove("gone")
        .remove("never_there")
        .return_new()
        .await?;
    let expected = pk("a")
        .with("old", 2)
        .with("kept", true)
        .with("m", Item::new().with("k", "v"))
        .with("l", vec![Value::from(1), Value::Null])
        .with("e", "");
    assert_eq!(new, Some(expected.clone()));
    assert_eq!(read(&t, pk("a")).await?, Some(expected));
    Ok(())
}

/// `ADD` to a number starts from zero when the attribute (or the item) is
/// absent, accepts negatives, and adds decimals exactly.
pub async fn add_to_number(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.update(pk("a")).add("count", 5).await?;
    assert_eq!(read(&t, pk("a")).await?, Some(pk("a").with("count", 5)));
    t.update(pk("a")).add("count", -7).await?;
    t.update(pk("a")).add("x", num("0.1")).await?;
    t.update(pk("a")).add("x", num("0.2")).await?;
    let item = read(&t, pk("a")).await?.expect("item");
    assert_eq!(item.get("count"), Some(&Value::from(-2)));
    assert_eq!(
        item.get("x"),
        Some(&num("0.3")),
        "decimal addition must be exact"
    );
    assert_eq!(
        item.get("x")
            .and_then(Value::as_number)
            .map(ToString::to_string)
            .as_deref(),
        Some("0.3")
    );
    Ok(())
}

/// `ADD` of set members creates the set or unions into it; `DELETE` removes
/// members (absent ones are ignored) and removes the attribute when the set empties.
pub async fn add_and_delete_set_members(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.update(pk("a"))
        .add("tags", Value::string_set(["a", "b"]))
        .await?;
    t.update(pk("a"))
        .add("tags", Value::string_set(["b", "c"]))
        .await?;
    t.update(pk("a"))
        .add("nums", Value::number_set([1, 2]))
        .await?;
    let item = read(&t, pk("a")).await?.expect("item");
    assert_eq!(item.get("tags"), Some(&Value::string_set(["a", "b", "c"])));

    t.update(pk("a"))
        .delete_from_set("tags", Value::string_set(["a", "z"]))
        .delete_from_set("nums", Value::number_set([1]))
        .await?;
    let item = read(&t, pk("a")).await?.expect("item");
    assert_eq!(item.get("tags"), Some(&Value::string_set(["b", "c"])));
    assert_eq!(item.get("nums"), Some(&Value::number_set([2])));

    t.update(pk("a"))
        .delete_from_set("tags", Value::string_set(["b", "c"]))
        .await?;
    let item = read(&t, pk("a")).await?.expect("item");
    assert!(
        !item.contains("tags"),
        "an emptied set is removed: {item:?}"
    );
    Ok(())
}

/// `SET a = a + n` / `a = a - n` change an existing number.
pub async fn increment_and_decrement(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.put(
        pk("a")
            .with("n", 10)
            .with("m", Item::new().with("c", num("1.5"))),
    )
    .await?;
    t.update(pk("a")).increment("n", 5).await?;
    t.update(pk("a")).decrement("n", 20).await?;
    t.update(pk("a")).increment("m.c", num("0.25")).await?;
    let item = read(&t, pk("a")).await?.expect("item");
    assert_eq!(item.get("n"), Some(&Value::from(-5)));
    assert_eq!(
        item.get("m"),
        Some(&Value::M(Item::new().with("c", num("1.75"))))
    );
    Ok(())
}

/// `append` and `prepend` create the list when absent and keep element order.
pub async fn append_and_prepend_lists(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.update(pk("a"))
        .append("h", vec![Value::from("x")])
        .await?;
    t.update(pk("a"))
        .append("h", vec![Value::from("y"), Value::from(1)])
        .await?;
    t.update(pk("a"))
        .prepend("h", vec![Value::from("w")])
        .await?;
    t.update(pk("a"))
        .prepend("fresh", vec![Value::from("only")])
        .await?;
    let item = read(&t, pk("a")).await?.expect("item");
    let list = |v: &[&str]| Value::L(v.iter().map(|s| Value::from(*s)).collect());
    assert_eq!(
        item.get("h"),
        Some(&Value::L(vec![
            Value::from("w"),
            Value::from("x"),
            Value::from("y"),
            Value::from(1)
        ]))
    );
    assert_eq!(item.get("fresh"), Some(&list(&["only"])));
    Ok(())
}

/// `set_if_not_exists` writes only when the attribute is absent.
pub async fn set_if_not_exists_keeps_existing(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.update(pk("a"))
        .set_if_not_exists("created", 1)
        .set("seen", 1)
        .await?;
    t.update(pk("a"))
        .set_if_not_exists("created", 2)
        .set("seen", 2)
        .await?;
    assert_eq!(
        read(&t, pk("a")).await?,
        Some(pk("a").with("created", 1).with("seen", 2))
    );
    Ok(())
}

/// Nested paths `a.b[1].c`, list index replacement, an index past the end
/// appends, `REMOVE l[0]` shifts the list, and a path through a missing map is
/// a validation error.
pub async fn nested_paths_and_list_indexes(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let entry = |c: i64| Value::M(Item::new().with("c", c));
    t.put(
        pk("a")
            .with("a", Item::new().with("b", vec![entry(1), entry(2)]))
            .with("l", vec![Value::from(1), Value::from(2), Value::from(3)]),
    )
    .await?;
    t.update(pk("a"))
        .set("a.b[1].c", 20)
        .set("a.b[0].new", "n")
        .set("l[1]", 200)
        .set("l[10]", 4)
        .await?;
    t.update(pk("a")).remove("l[0]").await?;
    let item = read(&t, pk("a")).await?.expect("item");
    let first = Value::M(Item::new().with("c", 1).with("new", "n"));
    assert_eq!(
        item.get("a"),
        Some(&Value::M(Item::new().with("b", vec![first, entry(20)])))
    );
    assert_eq!(
        item.get("l"),
        Some(&Value::L(vec![
            Value::from(200),
            Value::from(3),
            Value::from(4)
        ]))
    );

    let bad = t.update(pk("a")).set("a.missing.x", 1).await;
    expect_validation(
        bad,
        "document path provided in the update expression is invalid",
    );
    assert_eq!(read(&t, pk("a")).await?, Some(item));
    Ok(())
}

/// An update of a key with no item creates it (keys plus the written
/// attributes); on a model the new item decodes.
pub async fn update_creates_missing_item(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", Some(KeyType::N)).await?;
    let key = pk("a").with("sk", 1);
    let new = t.update(key.clone()).set("v", "x").return_new().await?;
    assert_eq!(new, Some(key.clone().with("v", "x")));
    assert_eq!(
        read(&t, key).await?,
        Some(pk("a").with("sk", 1).with("v", "x"))
    );

    ctx.table_for::<Counter>().await?;
    let counter = ctx
        .client
        .update(Counter::key("hits"))
        .add("value", 5)
        .return_new()
        .await?;
    assert_eq!(
        counter,
        Some(Counter {
            name: "hits".into(),
            value: 5
        })
    );
    Ok(())
}

/// An update that creates an item of a model with templated keys writes the
/// fields the keys are built from (with `if_not_exists`), so the item decodes
/// as the model: `USER#{id}` gets `id`, `ORDER#{order_id}` gets `order_id`.
/// An update of an existing item leaves them as they are.
pub async fn update_creating_templated_item_writes_key_fields(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    let created = ctx
        .client
        .update(User::key("u7"))
        .set("name", "Gus")
        .set("age", 40)
        .return_new()
        .await?;
    assert_eq!(created, Some(User::new("u7", "Gus", 40)));
    let read_back = ctx.client.get(User::key("u7")).consistent_read().await?;
    assert_eq!(read_back, Some(User::new("u7", "Gus", 40)));

    let order = ctx
        .client
        .update(Order::key("u7", "0001"))
        .set("total", 250)
        .return_new()
        .await?;
    assert_eq!(
        order,
        Some(Order {
            user_id: "u7".into(),
            order_id: "0001".into(),
            total: 250,
            tenant: None,
        })
    );

    // In a transaction too.
    ctx.client
        .transact_write()
        .update(
            User::key("u8"),
            Update::new().set("name", "Hal").set("age", 3),
        )
        .await?;
    let hal = ctx.client.get(User::key("u8")).consistent_read().await?;
    assert_eq!(hal, Some(User::new("u8", "Hal", 3)));
    Ok(())
}

/// `must_exist` turns the upsert into a failed condition on a missing item,
/// and nothing is created; on an existing item it updates.
pub async fn must_exist_on_missing_item_fails(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    expect_condition_failed(
        ctx.client
            .update(User::key("ghost"))
            .set("age", 1)
            .must_exist()
            .await,
    );
    assert_eq!(
        ctx.client.get(User::key("ghost")).consistent_read().await?,
        None
    );

    ctx.client.put(&User::new("u1", "Ann", 31)).await?;
    let new = ctx
        .client
        .update(User::key("u1"))
        .set("age", 32)
        .must_exist()
        .return_new()
        .await?;
    assert_eq!(new.map(|u| u.age), Some(32));
    Ok(())
}

/// Updating a model returns the old or new model as asked.
pub async fn model_update_returns_old_and_new(ctx: Ctx) -> Outcome {
    ctx.table_for::<User>().await?;
    let user = User::new("u1", "Ann", 31);
    ctx.client.put(&user).await?;
    let old = ctx
        .client
        .update(User::key("u1"))
        .set("age", 32)
        .return_old()
        .await?;
    assert_eq!(old, Some(user.clone()));
    let new = ctx
        .client
        .update(User::key("u1"))
        .append("tags", vec![Value::from("vip")])
        .set("tenant", "acme")
        .return_new()
        .await?;
    let mut expected = user;
    expected.age = 32;
    expected.tags = vec!["vip".into()];
    expected.tenant = Some("acme".into());
    assert_eq!(new, Some(expected.clone()));
    assert_eq!(
        ctx.client.get(User::key("u1")).consistent_read().await?,
        Some(expected)
    );
    Ok(())
}

/// Return values: NONE, ALL_OLD, ALL_NEW, UPDATED_OLD (old values of the
/// attributes written, removed ones included) and UPDATED_NEW (their new values).
pub async fn update_return_values(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let start = pk("a").with("a", 1).with("b", 2).with("c", 3);
    let run = |rv: ReturnValues| {
        let t = t.clone();
        let start = start.clone();
        async move {
            t.put(start).await?;
            t.update(pk("a"))
                .set("a", 10)
                .set("d", 4)
                .remove("b")
                .return_values(rv)
                .send_raw()
                .await
        }
    };
    let after = pk("a").with("a", 10).with("c", 3).with("d", 4);
    assert_eq!(run(ReturnValues::None).await?, None);
    assert_eq!(run(ReturnValues::AllOld).await?, Some(start.clone()));
    assert_eq!(run(ReturnValues::AllNew).await?, Some(after.clone()));
    assert_eq!(
        run(ReturnValues::UpdatedOld).await?,
        Some(Item::new().with("a", 1).with("b", 2))
    );
    assert_eq!(
        run(ReturnValues::UpdatedNew).await?,
        Some(Item::new().with("a", 10).with("d", 4))
    );
    assert_eq!(read(&t, pk("a")).await?, Some(after));

    // ALL_OLD of an update that creates the item is nothing.
    let created = t.update(pk("new")).set("v", 1).return_old().await?;
    assert_eq!(created, None);
    Ok(())
}

/// SET or REMOVE of a key attribute is a validation error ("part of the key"),
/// and the item is unchanged.
pub async fn updating_key_attribute_is_validation(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", Some(KeyType::S)).await?;
    let key = pk("a").with("sk", "s");
    t.put(key.clone().with("v", 1)).await?;
    expect_validation(
        t.update(key.clone()).set("pk", "b").await,
        "part of the key",
    );
    expect_validation(
        t.update(key.clone()).remove("sk").set("v", 2).await,
        "part of the key",
    );
    assert_eq!(
        read(&t, key).await?,
        Some(pk("a").with("sk", "s").with("v", 1))
    );

    ctx.table_for::<User>().await?;
    ctx.client.put(&User::new("u1", "Ann", 31)).await?;
    expect_validation(
        ctx.client.update(User::key("u1")).set("sk", "OTHER").await,
        "part of the key",
    );
    Ok(())
}

/// Two actions on overlapping paths (`a` and `a.b`, or the same path twice)
/// are a validation error, and nothing is written.
pub async fn overlapping_paths_are_validation(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.put(pk("a").with("a", Item::new().with("b", 1)).with("x", 1))
        .await?;
    expect_validation(t.update(pk("a")).set("a", 1).set("a.b", 2).await, "overlap");
    expect_validation(t.update(pk("a")).set("x", 2).remove("x").await, "overlap");
    expect_validation(t.update(pk("a")).add("x", 1).set("x", 5).await, "overlap");
    assert_eq!(
        read(&t, pk("a")).await?,
        Some(pk("a").with("a", Item::new().with("b", 1)).with("x", 1))
    );
    Ok(())
}

/// `SET a = a + 1` where `a` is absent (attribute or whole item) is a
/// validation error, unlike `ADD`; arithmetic on a string is one too.
pub async fn arithmetic_on_missing_attribute_is_validation(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.put(pk("a").with("s", "text")).await?;
    expect_validation(t.update(pk("a")).increment("n", 1).await, "does not exist");
    expect_validation(
        t.update(pk("ghost")).decrement("n", 1).await,
        "does not exist",
    );
    let plus = SetExpr::Plus(UpdateOperand::Path(Path::from("s")), UpdateOperand::from(1));
    expect_validation(t.update(pk("a")).set_expr("s", plus).await, "data type");
    expect_validation(t.update(pk("a")).add("s", 1).await, "data type");
    assert_eq!(read(&t, pk("a")).await?, Some(pk("a").with("s", "text")));
    assert_eq!(read(&t, pk("ghost")).await?, None);
    // The same conditions hold when combined with a condition that passes.
    let e = t
        .update(pk("a"))
        .increment("n", 1)
        .condition(attr("s").exists())
        .await;
    expect_validation(e, "does not exist");
    Ok(())
}
