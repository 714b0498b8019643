//! Condition expressions on writes: every operator, each holding and failing.

use super::support::{
    assert_message, check_conditions, expect_condition_failed, expect_validation, num, pk,
    raw_table, read,
};
use crate::{Ctx, Outcome};
use dynorm::{attr, Item, Path, Result, Table, Value, ValueType};

/// A table holding one item `c` with attributes of every kind.
async fn seeded(ctx: &Ctx) -> Result<Table> {
    let t = raw_table(ctx, "things", None).await?;
    t.put(
        pk("c")
            .with("n", 10)
            .with("f", num("2.5"))
            .with("s", "hello world")
            .with("e", "")
            .with("u", "é𝄞日")
            .with("ss", Value::string_set(["red", "green"]))
            .with("ns", Value::number_set([1, 2, 3]))
            .with(
                "l",
                vec![
                    Value::from("x"),
                    Value::from(2),
                    Value::L(vec![Value::from("nested")]),
                ],
            )
            .with(
                "m",
                Item::new()
                    .with("k", "v")
                    .with("inner", Item::new().with("deep", 1)),
            )
            .with("b", Value::B(vec![1, 2, 3]))
            .with("t", true)
            .with("nul", Value::Null),
    )
    .await?;
    Ok(t)
}

/// `=`, `<>`, `<`, `<=`, `>`, `>=` on numbers, strings and binaries; values of
/// another type or a missing attribute never compare true.
pub async fn comparison_operators(ctx: Ctx) -> Outcome {
    let t = seeded(&ctx).await?;
    let cases = vec![
        (attr("n").eq(10), true),
        (attr("n").eq(11), false),
        (attr("n").ne(11), true),
        (attr("n").ne(10), false),
        (attr("n").lt(11), true),
        (attr("n").lt(10), false),
        (attr("n").le(10), true),
        (attr("n").le(9), false),
        (attr("n").gt(9), true),
        (attr("n").gt(10), false),
        (attr("n").ge(10), true),
        (attr("n").ge(11), false),
        (attr("f").gt(num("2.49")), true),
        (attr("f").lt(num("-3")), false),
        (attr("s").eq("hello world"), true),
        (attr("s").eq("hello"), false),
        // Strings order by bytes: "hell|o" < "hell|p"; a prefix sorts first.
        (attr("s").lt("help"), true),
        (attr("s").gt("hello"), true),
        (attr("s").gt("help"), false),
        (attr("b").eq(Value::B(vec![1, 2, 3])), true),
        (attr("b").lt(Value::B(vec![1, 2, 4])), true),
        (attr("b").gt(Value::B(vec![1, 2, 4])), false),
        (attr("e").eq(""), true),
        // Another type never compares equal or ordered.
        (attr("n").eq("10"), false),
        (attr("n").lt("zzz"), false),
        (attr("missing").eq(1), false),
        (attr("missing").lt(1), false),
        // A missing attribute is not equal to anything.
        (attr("missing").ne(1), true),
    ];
    check_conditions(&t, pk("c"), cases).await
}

/// Comparing two attributes of the item, and `size()` of one with another;
/// comparing an attribute with itself (`n = n`, `n BETWEEN n AND 5`,
/// `n IN (n)`) is not false but invalid.
pub async fn attribute_to_attribute_comparison(ctx: Ctx) -> Outcome {
    let t = seeded(&ctx).await?;
    let cases = vec![
        (attr("n").gt(attr("f")), true),
        (attr("n").lt(attr("f")), false),
        (attr("ss").size().lt(attr("n")), true),
        (attr("m.inner.deep").lt(attr("f")), true),
        (attr("n").eq(attr("missing")), false),
    ];
    check_conditions(&t, pk("c"), cases).await?;

    for same in [
        attr("n").eq(attr("n")),
        attr("n").ne(attr("n")),
        attr("n").between(attr("n"), 50),
        attr("n").is_in([attr("n")]),
    ] {
        let result = t.update(pk("c")).add("writes", 1).condition(same).await;
        expect_validation(result, "distinct");
    }
    Ok(())
}

/// `BETWEEN` is inclusive at both ends and false across types; `IN` matches
/// any candidate of the same type and value.
pub async fn between_and_in(ctx: Ctx) -> Outcome {
    let t = seeded(&ctx).await?;
    let cases = vec![
        (attr("n").between(10, 20), true),
        (attr("n").between(1, 10), true),
        (attr("n").between(11, 20), false),
        (attr("n").between(1, 9), false),
        (attr("s").between("a", "i"), true),
        (attr("s").between("i", "z"), false),
        (attr("n").between("a", "z"), false),
        (attr("n").is_in([1, 10, 100]), true),
        (attr("n").is_in([1, 2]), false),
        (attr("s").is_in(["nope", "hello world"]), true),
        (attr("n").is_in(["10"]), false),
        (attr("missing").is_in([1, 10]), false),
    ];
    check_conditions(&t, pk("c"), cases).await?;

    // A lower bound above the upper bound is not a false condition but an invalid one.
    let bad = t
        .update(pk("c"))
        .add("writes", 1)
        .condition(attr("n").between(20, 10))
        .await;
    expect_validation(bad, "BETWEEN");
    Ok(())
}

/// `begins_with` on strings and binaries; `contains` on a string (substring),
/// string and number sets (member) and lists (element of the same type).
pub async fn begins_with_and_contains(ctx: Ctx) -> Outcome {
    let t = seeded(&ctx).await?;
    let cases = vec![
        (attr("s").begins_with("hello"), true),
        (attr("s").begins_with("hello world"), true),
        (attr("s").begins_with("world"), false),
        (attr("b").begins_with(Value::B(vec![1, 2])), true),
        (attr("b").begins_with(Value::B(vec![2])), false),
        (attr("n").begins_with("1"), false),
        (attr("missing").begins_with("a"), false),
        (attr("s").contains("lo wo"), true),
        (attr("s").contains("xyz"), false),
        (attr("ss").contains("red"), true),
        (attr("ss").contains("blue"), false),
        (attr("ns").contains(2), true),
        (attr("ns").contains(5), false),
        (attr("l").contains("x"), true),
        (attr("l").contains(2), true),
        (attr("l").contains("2"), false),
        (attr("missing").contains("a"), false),
    ];
    check_conditions(&t, pk("c"), cases).await?;

    // A number is not a prefix: the condition is invalid, not false.
    let bad = t
        .update(pk("c"))
        .add("writes", 1)
        .condition(attr("s").begins_with(5))
        .await;
    expect_validation(bad, "Incorrect operand type");
    Ok(())
}

/// `attribute_exists`, `attribute_not_exists` (top-level and nested paths,
/// list elements) and `attribute_type` for every type.
pub async fn exists_not_exists_and_type(ctx: Ctx) -> Outcome {
    let t = seeded(&ctx).await?;
    let cases = vec![
        (attr("n").exists(), true),
        (attr("e").exists(), true),
        (attr("nul").exists(), true),
        (attr("missing").exists(), false),
        (attr("m.inner.deep").exists(), true),
        (attr("m.inner.none").exists(), false),
        (attr("l[2][0]").exists(), true),
        (attr("l[5]").exists(), false),
        (attr("missing").not_exists(), true),
        (attr("n").not_exists(), false),
        (attr("m.k").not_exists(), false),
        (attr("n").is_type(ValueType::N), true),
        (attr("n").is_type(ValueType::S), false),
        (attr("s").is_type(ValueType::S), true),
        (attr("b").is_type(ValueType::B), true),
        (attr("t").is_type(ValueType::Bool), true),
        (attr("nul").is_type(ValueType::Null), true),
        (attr("m").is_type(ValueType::M), true),
        (attr("l").is_type(ValueType::L), true),
        (attr("ss").is_type(ValueType::Ss), true),
        (attr("ns").is_type(ValueType::Ns), true),
        (attr("ss").is_type(ValueType::L), false),
        (attr("missing").is_type(ValueType::S), false),
    ];
    check_conditions(&t, pk("c"), cases).await
}

/// `size()`: string length in UTF-16 code units (what DynamoDB counts:
/// "é𝄞日" is 4, not its 9 UTF-8 bytes), binary length, set, list and map
/// element counts.
pub async fn size_function(ctx: Ctx) -> Outcome {
    let t = seeded(&ctx).await?;
    let cases = vec![
        (attr("s").size().eq(11), true),
        (attr("s").size().gt(11), false),
        (attr("e").size().eq(0), true),
        (attr("u").size().eq(4), true),
        (attr("u").size().eq(9), false),
        (attr("b").size().eq(3), true),
        (attr("ss").size().eq(2), true),
        (attr("ns").size().eq(3), true),
        (attr("l").size().eq(3), true),
        (attr("m").size().eq(2), true),
        (attr("m").size().ge(3), false),
        (attr("s").size().between(10, 12), true),
        (attr("missing").size().ge(0), false),
    ];
    check_conditions(&t, pk("c"), cases).await
}

/// `AND`, `OR` and `NOT`, alone and nested.
pub async fn and_or_not(ctx: Ctx) -> Outcome {
    let t = seeded(&ctx).await?;
    let cases = vec![
        (attr("n").eq(10) & attr("s").begins_with("hello"), true),
        (attr("n").eq(10) & attr("n").eq(11), false),
        (attr("n").eq(11) | attr("n").eq(10), true),
        (attr("n").eq(11) | attr("n").eq(12), false),
        (!attr("n").eq(11), true),
        (!attr("n").eq(10), false),
        (!attr("missing").exists(), true),
        (
            !(attr("n").eq(11) | attr("s").eq("x")) & attr("m").exists(),
            true,
        ),
        (
            (attr("n").eq(11) & attr("s").eq("x")) | !attr("t").eq(true),
            false,
        ),
        (
            attr("n").eq(10) & attr("f").eq(num("2.5")) & attr("t").eq(true),
            true,
        ),
    ];
    check_conditions(&t, pk("c"), cases).await
}

/// A condition on a key with no item sees an item without attributes:
/// `attribute_exists` and comparisons fail, `attribute_not_exists` holds.
pub async fn condition_on_missing_item(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    expect_condition_failed(
        t.put(pk("a").with("v", 1))
            .condition(attr("pk").exists())
            .await,
    );
    expect_condition_failed(t.put(pk("a").with("v", 1)).condition(attr("v").eq(1)).await);
    expect_condition_failed(
        t.update(pk("a"))
            .set("v", 1)
            .condition(attr("v").ge(0))
            .await,
    );
    expect_condition_failed(t.delete(pk("a")).condition(attr("pk").exists()).await);
    assert_eq!(
        read(&t, pk("a")).await?,
        None,
        "nothing may be written by a failed condition"
    );

    t.put(pk("a").with("v", 1))
        .condition(attr("pk").not_exists())
        .await?;
    assert_eq!(read(&t, pk("a")).await?, Some(pk("a").with("v", 1)));
    Ok(())
}

/// A failed condition carries the stored item only when
/// `return_old_on_condition_failure` asked for it (put, update and delete),
/// and writes nothing.
pub async fn condition_failure_old_item_only_when_asked(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let stored = pk("a").with("v", 1).with("s", "keep");
    t.put(stored.clone()).await?;
    let stale = attr("v").eq(2);

    let e = expect_condition_failed(t.put(pk("a").with("v", 9)).condition(stale.clone()).await);
    assert_eq!(e.old_item(), None);
    assert_message(&e, "conditional request failed");
    let e = expect_condition_failed(
        t.put(pk("a").with("v", 9))
            .condition(stale.clone())
            .return_old_on_condition_failure()
            .await,
    );
    assert_eq!(e.old_item(), Some(&stored));

    let e = expect_condition_failed(t.update(pk("a")).set("v", 9).condition(stale.clone()).await);
    assert_eq!(e.old_item(), None);
    let e = expect_condition_failed(
        t.update(pk("a"))
            .set("v", 9)
            .condition(stale.clone())
            .return_old_on_condition_failure()
            .await,
    );
    assert_eq!(e.old_item(), Some(&stored));

    let e = expect_condition_failed(t.delete(pk("a")).condition(stale.clone()).await);
    assert_eq!(e.old_item(), None);
    let e = expect_condition_failed(
        t.delete(pk("a"))
            .condition(stale)
            .return_old_on_condition_failure()
            .await,
    );
    assert_eq!(e.old_item(), Some(&stored));

    // With no item there is no old item to return.
    let e = expect_condition_failed(
        t.put(pk("b"))
            .condition(attr("pk").exists())
            .return_old_on_condition_failure()
            .await,
    );
    assert_eq!(e.old_item(), None);

    assert_eq!(read(&t, pk("a")).await?, Some(stored));
    Ok(())
}

/// Attribute names that are reserved words (`name`, `status`, `data`, `year`,
/// `size`) or hold odd characters work in conditions and updates.
pub async fn reserved_word_attribute_names(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.put(
        pk("r")
            .with("name", "Ann")
            .with("status", "active")
            .with("data", Item::new().with("year", 2024))
            .with("year", 1999)
            .with("size", 3)
            .with("first-name", "A")
            .with("a.b", "dotted"),
    )
    .await?;

    let cond = attr("name").eq("Ann")
        & attr("status").is_in(["active", "trial"])
        & attr("data.year").eq(2024)
        & attr("year").lt(2000)
        & attr("size").eq(3)
        & attr("first-name").exists()
        & attr(Path::attr("a.b")).eq("dotted");
    let new = t
        .update(pk("r"))
        .set("status", "done")
        .set("data.year", 2025)
        .add("year", 1)
        .remove("size")
        .set(Path::attr("a.b"), "still dotted")
        .condition(cond)
        .return_new()
        .await?
        .expect("return_new gives the item");
    let expected = pk("r")
        .with("name", "Ann")
        .with("status", "done")
        .with("data", Item::new().with("year", 2025))
        .with("year", 2000)
        .with("first-name", "A")
        .with("a.b", "still dotted");
    assert_eq!(new, expected);
    assert_eq!(read(&t, pk("r")).await?, Some(expected));

    expect_condition_failed(
        t.delete(pk("r"))
            .condition(attr("status").eq("active"))
            .await,
    );
    Ok(())
}

/// Numbers compare by value, not text: `100` equals `100.0` and `1E2`,
/// `9 < 10`, negatives and fractions order correctly, and 38-digit numbers
/// compare exactly.
pub async fn numbers_compare_numerically(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let big = "12345678901234567890123456789012345678";
    t.put(
        pk("n")
            .with("hundred", num("100"))
            .with("nine", 9)
            .with("neg", num("-0.001"))
            .with("big", num(big))
            .with("text9", "9"),
    )
    .await?;
    let cases = vec![
        (attr("hundred").eq(num("100.0")), true),
        (attr("hundred").eq(num("1E2")), true),
        (attr("hundred").eq(num("100.5")), false),
        (attr("nine").lt(10), true),
        (attr("nine").gt(10), false),
        // As strings, "9" sorts after "10".
        (attr("text9").lt("10"), false),
        (attr("neg").gt(num("-0.01")), true),
        (attr("neg").lt(0), true),
        (
            attr("big").eq(num("1.2345678901234567890123456789012345678E37")),
            true,
        ),
        (
            attr("big").gt(num("12345678901234567890123456789012345677")),
            true,
        ),
        (
            attr("big").lt(num("12345678901234567890123456789012345677")),
            false,
        ),
        (
            attr("big").lt(num("12345678901234567890123456789012345679")),
            true,
        ),
    ];
    check_conditions(&t, pk("n"), cases).await
}
