use super::*;
use dynorm::expr::attr;
use dynorm::Number;

fn big(n: usize) -> Item {
    // size = "pk"(2) + "a"(1) + "d"(1) + n
    key("a").with("d", "x".repeat(n))
}

#[tokio::test]
async fn item_size_limit_is_409600_bytes() {
    let db = db().await;
    assert_eq!(dynorm::item_size(&big(409_596)), 409_600);
    put(&db, SIMPLE, big(409_596))
        .await
        .expect("exactly 400 KB");
    let r = put(&db, SIMPLE, key("b").with("d", "x".repeat(409_597))).await;
    assert_validation(r, "Item size has exceeded the maximum allowed size");
    assert_eq!(get(&db, SIMPLE, key("b")).await.expect("get"), None);
}

#[tokio::test]
async fn update_result_size_limit() {
    let db = db().await;
    put(&db, SIMPLE, key("a")).await.expect("put");
    update(
        &db,
        SIMPLE,
        key("a"),
        Update::new().set("d", "x".repeat(409_596)),
    )
    .await
    .expect("exactly 400 KB");
    let r = update(&db, SIMPLE, key("a"), Update::new().set("e", "y")).await;
    assert_validation(
        r,
        "Item size to update has exceeded the maximum allowed size",
    );
    let stored = get(&db, SIMPLE, key("a"))
        .await
        .expect("get")
        .expect("item");
    assert!(!stored.contains("e"), "nothing written");
}

fn nested(depth: usize) -> Value {
    let mut v = Value::from(1);
    for _ in 0..depth {
        v = Value::M(Item::new().with("a", v));
    }
    v
}

fn nested_list(depth: usize) -> Value {
    let mut v = Value::from("leaf");
    for _ in 0..depth {
        v = Value::L(vec![v]);
    }
    v
}

/// The top-level attribute is the first of DynamoDB's 32 levels.
#[tokio::test]
async fn nesting_limit_is_32_levels() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("n", nested(31)))
        .await
        .expect("32 levels counting the attribute");
    put(&db, SIMPLE, key("b").with("n", nested_list(31)))
        .await
        .expect("32 list levels counting the attribute");
    assert_validation(
        put(&db, SIMPLE, key("c").with("n", nested(32))).await,
        "Nesting Levels have exceeded supported limits",
    );
    assert_validation(
        put(&db, SIMPLE, key("c").with("n", nested_list(32))).await,
        "Nesting Levels",
    );
    assert_validation(
        update(&db, SIMPLE, key("c"), Update::new().set("n", nested(32))).await,
        "Nesting Levels have exceeded supported limits",
    );
}

#[tokio::test]
async fn empty_and_duplicate_sets_are_rejected() {
    let db = db().await;
    assert_validation(
        put(&db, SIMPLE, key("a").with("s", Value::Ss(vec![]))).await,
        "An string set  may not be empty",
    );
    assert_validation(
        put(&db, SIMPLE, key("a").with("s", Value::Ns(vec![]))).await,
        "An number set  may not be empty",
    );
    assert_validation(
        put(&db, SIMPLE, key("a").with("s", Value::Bs(vec![]))).await,
        "Binary sets should not be empty",
    );
    let nested_empty = Value::M(Item::new().with("x", Value::Ss(vec![])));
    assert_validation(
        put(&db, SIMPLE, key("a").with("m", nested_empty)).await,
        "may not be empty",
    );
    assert_validation(
        put(
            &db,
            SIMPLE,
            key("a").with("s", Value::string_set(["x", "x"])),
        )
        .await,
        "contains duplicates",
    );
    let n = |t: &str| t.parse::<Number>().expect("number");
    assert_validation(
        put(
            &db,
            SIMPLE,
            key("a").with("s", Value::Ns(vec![n("1"), n("1.0")])),
        )
        .await,
        "contains duplicates",
    );
    put(
        &db,
        SIMPLE,
        key("a").with("s", Value::string_set(["x", "y"])),
    )
    .await
    .expect("distinct");
    put(
        &db,
        SIMPLE,
        key("b").with("s", Value::Ns(vec![n("1"), n("1.5")])),
    )
    .await
    .expect("distinct numbers");
    // Expression values too.
    assert_validation(
        update(
            &db,
            SIMPLE,
            key("a"),
            Update::new().set("t", Value::Ss(vec![])),
        )
        .await,
        "may not be empty",
    );
    assert_validation(
        put_if(&db, SIMPLE, key("a"), attr("s").eq(Value::Ss(vec![]))).await,
        "may not be empty",
    );
}

#[tokio::test]
async fn attribute_names_must_not_be_empty() {
    let db = db().await;
    assert_validation(
        put(&db, SIMPLE, key("a").with("", 1)).await,
        "attribute name",
    );
    put(&db, SIMPLE, key("a").with("x", 1))
        .await
        .expect("named");
}

#[tokio::test]
async fn expression_operator_limit_is_300() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("v", 1)).await.expect("put");
    // 150 comparisons joined by 149 ANDs = 299 operators; 151 + 150 = 301.
    let cond = |n: usize| Condition::And((0..n).map(|_| attr("v").eq(1)).collect());
    put_if(&db, SIMPLE, key("a").with("v", 1), cond(150))
        .await
        .expect("299 operators");
    assert_validation(
        put_if(&db, SIMPLE, key("a").with("v", 1), cond(151)).await,
        "too many operators",
    );
}

#[tokio::test]
async fn expression_size_limit_is_4kb() {
    let db = db().await;
    put(&db, SIMPLE, key("a")).await.expect("put");
    // Distinct names render as `#nK`; about 4.3 KB of them is over the limit.
    let cond =
        |n: usize| Condition::Or((0..n).map(|i| attr(format!("a{i}")).not_exists()).collect());
    put_if(&db, SIMPLE, key("a"), cond(50))
        .await
        .expect("small");
    assert_validation(
        put_if(&db, SIMPLE, key("a"), cond(150)).await,
        "Expression size has exceeded",
    );
}

#[tokio::test]
async fn in_takes_1_to_100_operands() {
    let db = db().await;
    put(&db, SIMPLE, key("a").with("v", 100))
        .await
        .expect("put");
    put_if(
        &db,
        SIMPLE,
        key("a").with("v", 100),
        attr("v").is_in(1..=100),
    )
    .await
    .expect("100 operands");
    assert_validation(
        put_if(&db, SIMPLE, key("a"), attr("v").is_in(1..=101)).await,
        "IN",
    );
    assert_validation(
        put_if(&db, SIMPLE, key("a"), attr("v").is_in(Vec::<i32>::new())).await,
        "IN",
    );
}
