//! Expression strings on the builders (seed 003's examples): the same results
//! as the typed forms, and string errors that stop a request before it is sent.

use super::support::{expect_condition_failed, expect_validation, pk, raw_table, read};
use crate::models::Product;
use crate::recording::RecordingBackend;
use crate::{Ctx, Outcome};
use dynorm::{attr, names, values, CancellationCode, Client, Item, Model, Result, Update, Value};
use futures::TryStreamExt;
use std::sync::Arc;

fn product(category: &str, id: &str, name: &str, price: u32, stock: u32, active: bool) -> Product {
    Product {
        category_id: category.into(),
        product_id: id.into(),
        name: name.into(),
        price,
        stock,
        active,
    }
}

/// Six products in "electronics", one in "books".
async fn seeded(ctx: &Ctx) -> Result<()> {
    ctx.table_for::<Product>().await?;
    let all = [
        product("electronics", "prod-100", "Cable", 15, 500, true),
        product("electronics", "prod-123", "Headphones", 299, 50, true),
        product("electronics", "prod-124", "Laptop", 1299, 5, true),
        product("electronics", "prod-150", "Camera", 899, 20, false),
        product("electronics", "prod-200", "Phone", 599, 100, true),
        product("electronics", "prod-999", "Tablet", 700, 0, true),
        product("books", "prod-1", "Novel", 20, 30, true),
    ];
    let mut batch = ctx.client.batch_write();
    for p in &all {
        batch = batch.put(p);
    }
    batch.await.map(|_| ())
}

fn ids(products: &[Product]) -> Vec<&str> {
    products.iter().map(|p| p.product_id.as_str()).collect()
}

/// Seed 003's `list_items` filters as strings give the items the typed
/// filters give (and filter something out).
pub async fn list_items_string_filters_match_typed(ctx: Ctx) -> Outcome {
    seeded(&ctx).await?;
    let c = &ctx.client;
    let string: Vec<Product> = c
        .query(Product::partition("electronics"))
        .filter_expr(
            "price > :min_price AND stock > :min_stock",
            values! { ":min_price" => 500, ":min_stock" => 10 },
        )
        .consistent_read()
        .await?;
    let typed: Vec<Product> = c
        .query(Product::partition("electronics"))
        .filter(attr("price").gt(500) & attr("stock").gt(10))
        .consistent_read()
        .await?;
    assert_eq!(ids(&string), vec!["prod-150", "prod-200"]);
    assert_eq!(string, typed);

    // sort_key "prod-1" begins_with, descending, filter, limit 50
    let string: Vec<Product> = c
        .query(Product::partition("electronics"))
        .sort_begins_with("prod-1")
        .reverse()
        .filter_expr(
            "active = :active AND price < :max_price",
            values! { ":active" => true, ":max_price" => 1000 },
        )
        .limit(50)
        .consistent_read()
        .await?;
    let typed: Vec<Product> = c
        .query(Product::partition("electronics"))
        .sort_begins_with("prod-1")
        .reverse()
        .filter(attr("active").eq(true) & attr("price").lt(1000))
        .limit(50)
        .consistent_read()
        .await?;
    assert_eq!(ids(&string), vec!["prod-123", "prod-100"]);
    assert_eq!(string, typed);

    // The whole key condition as a string, on the model and on the raw table.
    let values = values! { ":c" => "electronics", ":p" => "prod-1" };
    let text = "category_id = :c AND begins_with(product_id, :p)";
    let on_model: Vec<Product> = c
        .query(Product::partition("ignored"))
        .key_condition_expr(text, values.clone())
        .consistent_read()
        .await?;
    assert_eq!(
        ids(&on_model),
        vec!["prod-100", "prod-123", "prod-124", "prod-150"]
    );
    let raw: Vec<Item> = c
        .table(Product::schema().table)
        .query_expr(text, values)
        .consistent_read()
        .await?;
    let raw_ids: Vec<&Value> = raw.iter().filter_map(|i| i.get("product_id")).collect();
    assert_eq!(raw_ids.len(), 4);
    assert_eq!(raw_ids[0], &Value::from("prod-100"));

    // Projection with a reserved word behind a #name; parallel scan filter.
    let projected: Vec<Item> = c
        .query(Product::partition("books"))
        .raw()
        .projection_expr("product_id, #n, price")
        .names(names! { "#n" => "name" })
        .consistent_read()
        .await?;
    assert_eq!(
        projected,
        vec![Item::new()
            .with("product_id", "prod-1")
            .with("name", "Novel")
            .with("price", 20)]
    );
    let mut scanned: Vec<Product> = c
        .scan::<Product>()
        .filter_expr(
            "category_id = :category",
            values! { ":category" => "electronics" },
        )
        .consistent_read()
        .parallel(3)
        .try_collect()
        .await?;
    scanned.sort_by(|a, b| a.product_id.cmp(&b.product_id));
    assert_eq!(scanned.len(), 6);
    Ok(())
}

/// A conditional put as a string (`attribute_not_exists(...)`) succeeds once
/// and then fails as the typed condition does; a string and a typed
/// condition on one request are ANDed.
pub async fn conditional_put_with_string(ctx: Ctx) -> Outcome {
    ctx.table_for::<Product>().await?;
    let c = &ctx.client;
    let p = product("electronics", "prod-123", "Headphones", 299, 50, true);
    c.put(&p)
        .condition_expr("attribute_not_exists(category_id)")
        .await?;
    let again = c
        .put(&p)
        .condition_expr("attribute_not_exists(category_id)")
        .await;
    expect_condition_failed(again);
    let typed = c.put(&p).condition(attr("category_id").not_exists()).await;
    expect_condition_failed(typed);

    // string holds, typed does not: the AND fails; both hold: written.
    let cheaper = product("electronics", "prod-123", "Headphones", 249, 50, true);
    let both_false = c
        .put(&cheaper)
        .condition_expr("price = :p")
        .values(values! { ":p" => 299 })
        .condition(attr("stock").gt(100))
        .await;
    expect_condition_failed(both_false);
    c.put(&cheaper)
        .condition_expr("price = :p")
        .values(values! { ":p" => 299 })
        .condition(attr("stock").gt(10))
        .await?;
    let stored: Option<Product> = c
        .get(Product::key("electronics", "prod-123"))
        .consistent_read()
        .await?;
    assert_eq!(stored.map(|p| p.price), Some(249));

    // A delete with seed 003's `expires_at < :now`.
    let sessions = raw_table(&ctx, "sessions", None).await?;
    sessions
        .put(pk("s1").with("expires_at", "2024-01-01T00:00:00Z"))
        .await?;
    let now = values! { ":now" => "2023-06-01T00:00:00Z" };
    let early = sessions
        .delete(pk("s1"))
        .condition_expr("expires_at < :now")
        .values(now)
        .await;
    expect_condition_failed(early);
    sessions
        .delete(pk("s1"))
        .condition_expr("expires_at < :now")
        .values(values! { ":now" => "2024-06-01T00:00:00Z" })
        .await?;
    assert_eq!(read(&sessions, pk("s1")).await?, None);
    Ok(())
}

/// `update_expr` gives the item the typed update gives.
pub async fn update_strings_match_typed(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "stats", None).await?;
    let start = |id: &str| {
        pk(id)
            .with("count", 1)
            .with("tags", vec![Value::from("a")])
            .with("draft", true)
    };
    t.put(start("s")).await?;
    t.put(start("t")).await?;
    t.update(pk("s"))
        .update_expr(
            "SET #c = #c + :one, tags = list_append(tags, :more), made_on = if_not_exists(made_on, :now) REMOVE draft ADD visits :one",
            names! { "#c" => "count" },
            values! { ":one" => 1, ":more" => vec![Value::from("b")], ":now" => "2024-01-15" },
        )
        .condition_expr("attribute_exists(#c)")
        .await?;
    t.update(pk("t"))
        .apply(
            Update::new()
                .increment("count", 1)
                .append("tags", vec![Value::from("b")])
                .set_if_not_exists("made_on", "2024-01-15")
                .remove("draft")
                .add("visits", 1),
        )
        .condition(attr("count").exists())
        .await?;
    let without_key = |mut i: Item| {
        i.remove("pk");
        i
    };
    let s = read(&t, pk("s")).await?.map(without_key);
    let u = read(&t, pk("t")).await?.map(without_key);
    assert!(s.is_some());
    assert_eq!(s, u);
    assert_eq!(
        s.and_then(|i| i.get("count").cloned()),
        Some(Value::from(2))
    );
    Ok(())
}

/// Seed 003's transfer: condition checks with `expression_attribute_values`
/// and string updates, all or nothing, as the typed forms.
pub async fn transaction_checks_with_values(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "accounts", None).await?;
    let table = "accounts";
    t.put(pk("a").with("balance", 150).with("active", true))
        .await?;
    t.put(pk("b").with("balance", 0).with("active", true))
        .await?;
    // DynamoDB allows one action per item: the source's condition goes on
    // its update; a third account is checked.
    let transfer = |amount: u32| {
        ctx.client
            .transact_write()
            .update_item_expr(
                table,
                pk("a"),
                "SET balance = balance - :amount",
                names! {},
                values! { ":amount" => amount, ":active" => true },
            )
            .condition_expr("balance >= :amount AND active = :active")
            .check_item_expr(
                table,
                pk("c"),
                "active = :active",
                values! { ":active" => true },
            )
            .update_item_expr(
                table,
                pk("b"),
                "SET balance = balance + :amount",
                names! {},
                values! { ":amount" => amount },
            )
    };
    t.put(pk("c").with("active", true)).await?;
    transfer(100).await?;
    assert_eq!(
        read(&t, pk("a"))
            .await?
            .and_then(|i| i.get("balance").cloned()),
        Some(Value::from(50))
    );
    assert_eq!(
        read(&t, pk("b"))
            .await?
            .and_then(|i| i.get("balance").cloned()),
        Some(Value::from(100))
    );
    // Not enough left: cancelled at the first check, nothing written.
    let err = match transfer(100).await {
        Err(e) if e.is_transaction_canceled() => e,
        other => panic!("expected a cancelled transaction, got {other:?}"),
    };
    let reasons = err.cancellation_reasons().unwrap_or_default();
    assert_eq!(reasons.len(), 3);
    assert_eq!(reasons[0].code, CancellationCode::ConditionalCheckFailed);
    let typed = ctx
        .client
        .transact_write()
        .update_item(table, pk("a"), Update::new().decrement("balance", 100))
        .condition(attr("balance").ge(100) & attr("active").eq(true))
        .check_item(table, pk("c"), attr("active").eq(true))
        .await;
    match typed {
        Err(e) if e.is_transaction_canceled() => {}
        other => panic!("expected a cancelled transaction, got {other:?}"),
    }
    assert_eq!(
        read(&t, pk("a"))
            .await?
            .and_then(|i| i.get("balance").cloned()),
        Some(Value::from(50))
    );

    // Seed 003's idempotent registration: a put that must not exist, as a string.
    ctx.client
        .transact_write()
        .put_item(table, pk("d").with("balance", 0))
        .condition_expr("attribute_not_exists(pk)")
        .await?;
    let twice = ctx
        .client
        .transact_write()
        .put_item(table, pk("d").with("balance", 0))
        .condition_expr("attribute_not_exists(pk)")
        .await;
    assert!(matches!(twice, Err(e) if e.is_transaction_canceled()));
    Ok(())
}

/// A string DynamoDB would reject fails when the request is built, with
/// DynamoDB's wording, and nothing reaches the backend.
pub async fn string_errors_send_nothing(ctx: Ctx) -> Outcome {
    ctx.table_for::<Product>().await?;
    let recording = Arc::new(RecordingBackend::new(ctx.client.backend().clone()));
    let c = Client::from_backend(recording.clone()).with_table_prefix(ctx.client.table_prefix());
    let p = product("electronics", "prod-1", "Cable", 15, 1, true);
    let key = || Product::key("electronics", "prod-1");
    expect_validation(
        c.put(&p).condition_expr("attribute_not_exists(pk").await,
        "Syntax error; token: \"<EOF>\"",
    );
    expect_validation(
        c.put(&p)
            .condition_expr("price > :min")
            .values(values! { ":min" => 1, ":unused" => 2 })
            .await,
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
    );
    expect_validation(
        c.get(key()).projection_expr("name").await,
        "Attribute name is a reserved keyword; reserved keyword: name",
    );
    expect_validation(
        c.update(key())
            .update_expr("SET #c = :v", names! { "#c" => "stock" }, values! {})
            .await,
        "An expression attribute value used in expression is not defined; attribute value: :v",
    );
    expect_validation(
        c.delete(key()).condition_expr("price >").await,
        "Syntax error; token: \"<EOF>\"",
    );
    expect_validation(
        c.query(Product::partition("electronics"))
            .filter_expr("price > :p", values! {})
            .all()
            .await,
        "attribute value: :p",
    );
    expect_validation(
        c.query(Product::partition("electronics"))
            .key_condition_expr("stock = :s", values! { ":s" => 1 })
            .all()
            .await,
        "Query condition missed key schema element: category_id",
    );
    expect_validation(
        c.scan::<Product>()
            .names(names! { "#x" => "x" })
            .all()
            .await,
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}",
    );
    expect_validation(
        c.batch_get([key()]).projection_expr("price,").await,
        "Syntax error; token: \"<EOF>\"",
    );
    expect_validation(
        c.transact_write()
            .check_expr(key(), "stock >= :n", values! {})
            .await,
        "attribute value: :n",
    );
    expect_validation(
        c.transact_get().get(key()).projection_expr("").await,
        "The expression can not be empty",
    );
    expect_validation(
        c.put(&p)
            .values(values! { ":a" => 1 })
            .values(values! { ":a" => 2 })
            .condition_expr("price = :a")
            .await,
        "given twice",
    );
    assert_eq!(
        recording.operations(),
        vec![],
        "nothing may reach the backend"
    );
    // `params()` reports the same errors without sending anything either.
    expect_validation(
        c.put(&p).condition_expr("attribute_not_exists(pk").params(),
        "Syntax error",
    );
    assert!(recording.operations().is_empty());
    Ok(())
}
