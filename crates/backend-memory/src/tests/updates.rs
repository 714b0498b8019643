use super::*;
use dynorm::expr::{attr, SetExpr, UpdateOperand};

async fn new_item(db: &MemoryBackend, k: &str, u: Update) -> dynorm::Result<Item> {
    Ok(update(db, SIMPLE, key(k), u)
        .await?
        .attributes
        .unwrap_or_default())
}

#[tokio::test]
async fn update_creates_missing_items_with_the_key() {
    let db = db().await;
    let item = new_item(&db, "a", Update::new().set("x", 1))
        .await
        .expect("upsert");
    assert_eq!(item, key("a").with("x", 1));
    assert_eq!(
        get(&db, SIMPLE, key("a")).await.expect("get"),
        Some(key("a").with("x", 1))
    );
    // A failing condition creates nothing.
    let r = db
        .update_item(
            UpdateItemRequest::new(SIMPLE, key("b"), Update::new().set("x", 1))
                .condition(attr("pk").exists()),
        )
        .await;
    assert!(r.expect_err("condition").is_condition_failed());
    assert_eq!(get(&db, SIMPLE, key("b")).await.expect("get"), None);
}

#[tokio::test]
async fn key_attributes_cannot_be_updated() {
    let db = db().await;
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().set("pk", "b")).await,
        "Cannot update attribute pk. This attribute is part of the key",
    );
    assert_validation(
        update(&db, SORTED, key2("a", 1), Update::new().remove("sk")).await,
        "part of the key",
    );
}

#[tokio::test]
async fn overlapping_paths_are_rejected() {
    let db = db().await;
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().set("x", 1).remove("x")).await,
        "Two document paths overlap",
    );
    assert_validation(
        update(
            &db,
            SIMPLE,
            key("a"),
            Update::new().set("m", 1).set("m.b", 2),
        )
        .await,
        "Two document paths overlap",
    );
    assert_validation(
        update(
            &db,
            SIMPLE,
            key("a"),
            Update::new().set("m.b", 1).set("m[0]", 2),
        )
        .await,
        "Two document paths",
    );
    new_item(&db, "a", Update::new().set("m", Item::new()).set("n", 1))
        .await
        .expect("disjoint");
    new_item(&db, "a", Update::new().set("m.b", 1).set("m.c", 2))
        .await
        .expect("siblings");
}

#[tokio::test]
async fn arithmetic_on_missing_attribute_fails() {
    let db = db().await;
    put(&db, SIMPLE, key("a")).await.expect("put");
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().increment("c", 1)).await,
        "The provided expression refers to an attribute that does not exist in the item",
    );
    put(&db, SIMPLE, key("a").with("c", 1).with("s", "x"))
        .await
        .expect("put");
    let item = new_item(&db, "a", Update::new().increment("c", 2))
        .await
        .expect("increment");
    assert_eq!(item.get("c"), Some(&Value::from(3)));
    let item = new_item(&db, "a", Update::new().decrement("c", 5))
        .await
        .expect("decrement");
    assert_eq!(item.get("c"), Some(&Value::from(-2)));
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().increment("s", 1)).await,
        "An operand in the update expression has an incorrect data type",
    );
}

#[tokio::test]
async fn operands_read_the_item_before_the_update() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("x", 1).with("y", 2))
        .await
        .expect("put");
    let u = Update::new()
        .set("x", UpdateOperand::Path("y".into()))
        .set("y", UpdateOperand::Path("x".into()));
    let item = new_item(&db, "a", u).await.expect("swap");
    assert_eq!(item, key("a").with("x", 2).with("y", 1));
}

#[tokio::test]
async fn lists_set_beyond_end_appends_and_remove_shifts() {
    let db = db().await;
    put(
        &db,
        SIMPLE,
        key("a").with("l", vec![s("a"), s("b"), s("c")]),
    )
    .await
    .expect("put");
    let item = new_item(&db, "a", Update::new().set("l[10]", "d"))
        .await
        .expect("append");
    assert_eq!(
        item.get("l"),
        Some(&Value::L(vec![s("a"), s("b"), s("c"), s("d")]))
    );
    let item = new_item(&db, "a", Update::new().remove("l[0]").remove("l[2]"))
        .await
        .expect("remove");
    assert_eq!(item.get("l"), Some(&Value::L(vec![s("b"), s("d")])));
    let item = new_item(&db, "a", Update::new().remove("l[9]"))
        .await
        .expect("remove past end");
    assert_eq!(item.get("l"), Some(&Value::L(vec![s("b"), s("d")])));
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().set("nope.x", 1)).await,
        "The document path provided in the update expression is invalid for update",
    );
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().set("l.x", 1)).await,
        "document path",
    );
}

#[tokio::test]
async fn if_not_exists_and_list_append() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("c", 7)).await.expect("put");
    let item = new_item(
        &db,
        "a",
        Update::new()
            .set_if_not_exists("c", 1)
            .set_if_not_exists("d", 1),
    )
    .await
    .expect("ine");
    assert_eq!(item.get("c"), Some(&Value::from(7)));
    assert_eq!(item.get("d"), Some(&Value::from(1)));
    let item = new_item(&db, "a", Update::new().append("h", vec![s("x")]))
        .await
        .expect("append new");
    assert_eq!(item.get("h"), Some(&Value::L(vec![s("x")])));
    let item = new_item(
        &db,
        "a",
        Update::new()
            .append("h", vec![s("y")])
            .prepend("g", vec![s("p")]),
    )
    .await
    .expect("append");
    assert_eq!(item.get("h"), Some(&Value::L(vec![s("x"), s("y")])));
    assert_eq!(item.get("g"), Some(&Value::L(vec![s("p")])));
    let bad = SetExpr::Operand(UpdateOperand::ListAppend(
        Box::new(UpdateOperand::Path("c".into())),
        Box::new(UpdateOperand::Value(Value::L(vec![]))),
    ));
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().set_expr("z", bad)).await,
        "incorrect data type",
    );
}

#[tokio::test]
async fn add_numbers_and_sets() {
    let db = db().await;
    let item = new_item(&db, "a", Update::new().add("n", 5))
        .await
        .expect("add from 0");
    assert_eq!(item.get("n"), Some(&Value::from(5)));
    let item = new_item(&db, "a", Update::new().add("n", -7))
        .await
        .expect("add");
    assert_eq!(item.get("n"), Some(&Value::from(-2)));
    let item = new_item(
        &db,
        "a",
        Update::new().add("tags", Value::string_set(["x"])),
    )
    .await
    .expect("new set");
    assert_eq!(item.get("tags"), Some(&Value::string_set(["x"])));
    let item = new_item(
        &db,
        "a",
        Update::new().add("tags", Value::string_set(["x", "y"])),
    )
    .await
    .expect("union");
    assert_eq!(item.get("tags"), Some(&Value::string_set(["x", "y"])));
    assert_validation(
        update(
            &db,
            SIMPLE,
            key("a"),
            Update::new().add("tags", Value::number_set([1])),
        )
        .await,
        "incorrect data type",
    );
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().add("n", "x")).await,
        "operator: ADD",
    );
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().add("tags", 1)).await,
        "incorrect data type",
    );
}

#[tokio::test]
async fn delete_set_members() {
    let db = db().await;
    put(
        &db,
        SIMPLE,
        key("a")
            .with("t", Value::string_set(["x", "y"]))
            .with("n", 1),
    )
    .await
    .expect("put");
    let item = new_item(
        &db,
        "a",
        Update::new().delete("t", Value::string_set(["x", "z"])),
    )
    .await
    .expect("delete");
    assert_eq!(item.get("t"), Some(&Value::string_set(["y"])));
    let item = new_item(
        &db,
        "a",
        Update::new().delete("t", Value::string_set(["y"])),
    )
    .await
    .expect("delete");
    assert!(!item.contains("t"), "an emptied set disappears");
    new_item(
        &db,
        "a",
        Update::new().delete("t", Value::string_set(["y"])),
    )
    .await
    .expect("missing set is fine");
    assert_validation(
        update(&db, SIMPLE, key("a"), Update::new().delete("n", 1)).await,
        "operator: DELETE",
    );
    assert_validation(
        update(
            &db,
            SIMPLE,
            key("a"),
            Update::new().delete("n", Value::number_set([1])),
        )
        .await,
        "incorrect data type",
    );
}

#[tokio::test]
async fn return_values() {
    let db = db().await;
    put(
        &db,
        SIMPLE,
        key("a")
            .with("x", 1)
            .with("y", 2)
            .with("m", Item::new().with("p", 1).with("q", 2)),
    )
    .await
    .expect("put");
    let run = |rv: ReturnValues| {
        let db = db.clone();
        async move {
            db.update_item(
                UpdateItemRequest::new(SIMPLE, key("a"), Update::new().add("x", 1).set("m.p", 9))
                    .return_values(rv),
            )
            .await
            .expect("update")
            .attributes
        }
    };
    assert_eq!(run(ReturnValues::None).await, None);
    assert_eq!(
        run(ReturnValues::UpdatedOld).await,
        Some(Item::new().with("x", 2).with("m", Item::new().with("p", 9)))
    );
    assert_eq!(
        run(ReturnValues::UpdatedNew).await,
        Some(Item::new().with("x", 4).with("m", Item::new().with("p", 9)))
    );
    let all_old = run(ReturnValues::AllOld).await.expect("old");
    assert_eq!(all_old.get("x"), Some(&Value::from(4)));
    let all_new = run(ReturnValues::AllNew).await.expect("new");
    assert_eq!(all_new.get("x"), Some(&Value::from(6)));
    assert_eq!(all_new.get("y"), Some(&Value::from(2)));
    // UPDATED_OLD on a new item has nothing to return.
    let out = db
        .update_item(
            UpdateItemRequest::new(SIMPLE, key("new"), Update::new().set("x", 1))
                .return_values(ReturnValues::UpdatedOld),
        )
        .await
        .expect("update");
    assert_eq!(out.attributes, None);
}
