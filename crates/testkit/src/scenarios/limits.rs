//! DynamoDB's limits, each checked on both sides of the boundary.

use super::support::{
    expect_resource_not_found, expect_validation, expect_validation_any, num, pk, raw_table, read,
};
use crate::{Ctx, Outcome};
use dynorm::backend::KeyType;
use dynorm::expr::{attr, Condition, Path};
use dynorm::value::MAX_ITEM_SIZE;
use dynorm::{item_size, Item, Number, NumberError, Value};

/// `{pk: id, pad: "x" * n}` with `n` chosen so the item is `size` bytes.
fn item_of_size(id: &str, size: usize) -> Item {
    let base = item_size(&pk(id).with("pad", ""));
    pk(id).with("pad", "x".repeat(size - base))
}

/// A value nested `levels` deep: maps and lists alternating around a number.
fn nested(levels: usize) -> Value {
    let mut v = Value::from(1);
    for level in 0..levels {
        v = if level % 2 == 0 {
            Value::M(Item::new().with("k", v))
        } else {
            Value::L(vec![v])
        };
    }
    v
}

/// An item of exactly 409,600 bytes is stored; one of 409,601 bytes is a
/// validation error and nothing is written.
pub async fn item_size_boundary(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let max = item_of_size("max", MAX_ITEM_SIZE);
    assert_eq!(item_size(&max), 409_600);
    t.put(max.clone()).await?;
    let back = read(&t, pk("max"))
        .await?
        .expect("the largest item is stored");
    assert_eq!(item_size(&back), MAX_ITEM_SIZE);
    assert!(back == max, "the largest item reads back unchanged");

    let over = item_of_size("over", MAX_ITEM_SIZE + 1);
    expect_validation(
        t.put(over).await,
        "Item size has exceeded the maximum allowed size",
    );
    assert_eq!(read(&t, pk("over")).await?, None);
    Ok(())
}

/// `attribute_not_exists(l[i])` for each index, joined by `OR`: sent as
/// `attribute_not_exists(#n0[i]) OR ...`, 27 bytes plus the index's digits
/// each, and 4 bytes per `OR`.
fn not_exists_chain(indexes: impl IntoIterator<Item = usize>) -> Condition {
    Condition::Or(
        indexes
            .into_iter()
            .map(|i| attr(Path::attr("l").index(i)).not_exists())
            .collect(),
    )
}

/// A condition of exactly 4,096 bytes (as sent) is accepted; one of 4,097
/// bytes is a validation error.
pub async fn expression_size_boundary(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    // 128 terms of one digit: 128 * 28 + 127 * 4 = 4,092 bytes; each
    // two-digit index adds one.
    let sized = |two_digit: usize| {
        not_exists_chain((0..128).map(move |i| if i < two_digit { 10 + i } else { i % 10 }))
    };
    t.put(pk("max")).condition(sized(4)).await?;
    assert!(
        read(&t, pk("max")).await?.is_some(),
        "a 4,096-byte condition is accepted"
    );
    expect_validation(
        t.put(pk("over")).condition(sized(5)).await,
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
    );
    Ok(())
}

/// A condition of exactly 300 operators is accepted; one of 301 is a
/// validation error.
pub async fn expression_operator_boundary(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    // 150 comparisons, 149 ANDs and a NOT: 300 (and true on a new item).
    let and = Condition::And((0..150).map(|i| attr(format!("a{i}")).eq(1)).collect());
    t.put(pk("max")).condition(!and.clone()).await?;
    assert!(
        read(&t, pk("max")).await?.is_some(),
        "300 operators are accepted"
    );
    expect_validation(
        t.put(pk("over")).condition(!!and).await,
        "Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
    );
    Ok(())
}

/// An update that brings an item to exactly 400 KB succeeds; one that pushes
/// it past 400 KB is a validation error and leaves the item unchanged.
pub async fn update_size_boundary(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let start = item_of_size("a", MAX_ITEM_SIZE - 100);
    t.put(start).await?;
    // "m" (1 byte) + 99 bytes = exactly the limit.
    t.update(pk("a")).set("m", "y".repeat(99)).await?;
    let full = read(&t, pk("a")).await?.expect("item");
    assert_eq!(item_size(&full), MAX_ITEM_SIZE);

    let bad = t.update(pk("a")).set("z", "").await;
    expect_validation(bad, "Item size to update has exceeded");
    let after = read(&t, pk("a")).await?.expect("item");
    assert!(after == full, "a rejected update writes nothing");
    Ok(())
}

/// A partition key of 2048 bytes is accepted, 2049 bytes rejected (bytes, not
/// characters), on writes and on reads.
pub async fn partition_key_length_boundary(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let ok = "é".repeat(1024);
    assert_eq!(ok.len(), 2048);
    t.put(pk(&ok).with("v", 1)).await?;
    assert_eq!(read(&t, pk(&ok)).await?, Some(pk(&ok).with("v", 1)));

    let too_long = format!("{ok}a");
    expect_validation(t.put(pk(&too_long)).await, "2048");
    expect_validation(t.update(pk(&too_long)).set("v", 1).await, "2048");
    expect_validation(t.get(pk(&too_long)).await, "2048");
    Ok(())
}

/// A sort key of 1024 bytes is accepted, 1025 bytes rejected.
pub async fn sort_key_length_boundary(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", Some(KeyType::S)).await?;
    let ok = "s".repeat(1024);
    let key = pk("a").with("sk", ok.as_str());
    t.put(key.clone().with("v", 1)).await?;
    assert_eq!(
        read(&t, key).await?.and_then(|i| i.get("v").cloned()),
        Some(Value::from(1))
    );

    let too_long = "s".repeat(1025);
    expect_validation(t.put(pk("a").with("sk", too_long.as_str())).await, "1024");
    expect_validation(
        t.delete(pk("a").with("sk", too_long.as_str())).await,
        "1024",
    );
    Ok(())
}

/// An empty string or binary as a key value is a validation error, on
/// writes and reads.
pub async fn empty_key_value_rejected(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", Some(KeyType::B)).await?;
    expect_validation(t.put(pk("").with("sk", Value::B(vec![1]))).await, "empty");
    expect_validation(t.put(pk("a").with("sk", Value::B(vec![]))).await, "empty");
    expect_validation(t.get(pk("").with("sk", Value::B(vec![1]))).await, "empty");
    expect_validation(
        t.update(pk("a").with("sk", Value::B(vec![])))
            .set("v", 1)
            .await,
        "empty",
    );
    assert_eq!(read(&t, pk("a").with("sk", Value::B(vec![1]))).await?, None);
    Ok(())
}

/// Empty strings and binaries are fine outside keys, nested in maps and lists too.
pub async fn empty_values_outside_keys_accepted(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let item = pk("a")
        .with("s", "")
        .with("b", Value::B(vec![]))
        .with("l", vec![Value::from(""), Value::B(vec![])])
        .with("m", Item::new().with("e", ""));
    t.put(item.clone()).await?;
    assert_eq!(read(&t, pk("a")).await?, Some(item));
    t.update(pk("a")).set("s2", "").await?;
    let back = read(&t, pk("a")).await?.expect("item");
    assert_eq!(back.get("s2"), Some(&Value::from("")));
    Ok(())
}

/// Empty sets are rejected, at the top level and nested, on put and update.
pub async fn empty_set_rejected(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    expect_validation(t.put(pk("a").with("ss", Value::Ss(vec![]))).await, "empty");
    expect_validation(t.put(pk("a").with("ns", Value::Ns(vec![]))).await, "empty");
    expect_validation(t.put(pk("a").with("bs", Value::Bs(vec![]))).await, "empty");
    let nested = Item::new().with("inner", vec![Value::Ss(vec![])]);
    expect_validation(t.put(pk("a").with("m", nested)).await, "empty");
    expect_validation(
        t.update(pk("a")).set("ss", Value::Ss(vec![])).await,
        "empty",
    );
    assert_eq!(read(&t, pk("a")).await?, None);
    Ok(())
}

/// Sets with duplicate members are rejected (numbers compared by value).
pub async fn duplicate_set_members_rejected(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    expect_validation(
        t.put(pk("a").with("ss", Value::string_set(["x", "x"])))
            .await,
        "duplicates",
    );
    let ns = Value::Ns(vec![Number::from(1), "1.0".parse().expect("number")]);
    expect_validation(t.put(pk("a").with("ns", ns)).await, "duplicates");
    expect_validation(
        t.put(pk("a").with("bs", Value::binary_set([vec![1u8], vec![1u8]])))
            .await,
        "duplicates",
    );
    expect_validation(
        t.update(pk("a"))
            .add("ss", Value::string_set(["y", "y"]))
            .await,
        "duplicates",
    );
    assert_eq!(read(&t, pk("a")).await?, None);
    // Distinct members are fine.
    t.put(pk("a").with("ns", Value::number_set([1, 10])))
        .await?;
    Ok(())
}

/// 38 significant digits and the magnitude limits round-trip exactly; 39
/// digits, overflow, underflow and NaN cannot even be built as a `Number`;
/// DynamoDB's normalisation (`00042` -> `42`) is what reads back.
pub async fn number_limits_round_trip(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    let texts = [
        (
            "int38",
            "12345678901234567890123456789012345678",
            "12345678901234567890123456789012345678",
        ),
        (
            "frac38",
            "0.12345678901234567890123456789012345678",
            "0.12345678901234567890123456789012345678",
        ),
        (
            "neg38",
            "-9999999999999999999999999999999999999.9",
            "-9999999999999999999999999999999999999.9",
        ),
        (
            "max",
            "9.9999999999999999999999999999999999999E+125",
            "9.9999999999999999999999999999999999999E+125",
        ),
        ("min", "1E-130", "1E-130"),
        ("negmin", "-1E-130", "-1E-130"),
        ("padded", "00042", "42"),
        ("trailing", "3.1400", "3.14"),
        ("exp", "1.5E2", "150"),
    ];
    let mut item = pk("a");
    for (name, text, _) in texts {
        item.insert(name, num(text));
    }
    t.put(item).await?;
    let back = read(&t, pk("a")).await?.expect("item");
    for (name, _, canonical) in texts {
        let got = back.get(name).and_then(Value::as_number).expect("a number");
        assert_eq!(got, &canonical.parse::<Number>().expect("number"), "{name}");
        if !canonical.contains('E') {
            assert_eq!(got.to_string(), canonical, "{name} keeps every digit");
        }
    }

    let parse = |s: &str| s.parse::<Number>();
    assert_eq!(
        parse("123456789012345678901234567890123456789"),
        Err(NumberError::TooManyDigits)
    );
    assert_eq!(
        parse("1.23456789012345678901234567890123456789"),
        Err(NumberError::TooManyDigits)
    );
    assert_eq!(parse("1E126"), Err(NumberError::Overflow));
    assert_eq!(parse("-1E126"), Err(NumberError::Overflow));
    assert_eq!(parse("1E-131"), Err(NumberError::Underflow));
    assert!(matches!(parse("NaN"), Err(NumberError::Invalid(_))));
    assert!(matches!(parse("Infinity"), Err(NumberError::Invalid(_))));
    assert!(matches!(parse(""), Err(NumberError::Invalid(_))));
    let thirty_nine: i128 = 100_000_000_000_000_000_000_000_000_000_000_000_001;
    assert!(
        Number::try_from(thirty_nine).is_err(),
        "a 39-digit integer is not a Number"
    );
    assert!(Number::try_from(f64::NAN).is_err());
    Ok(())
}

/// Values nested 32 levels deep are stored; 33 levels are rejected. The
/// top-level attribute is the first level, so an attribute may hold 31
/// nested maps or lists (DynamoDB Local accepts 31 and rejects 32).
pub async fn nesting_depth_boundary(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", None).await?;
    t.put(pk("a").with("deep", nested(31))).await?;
    let back = read(&t, pk("a")).await?.expect("item");
    assert_eq!(back.get("deep"), Some(&nested(31)));

    expect_validation(
        t.put(pk("b").with("deep", nested(32))).await,
        "Nesting Levels have exceeded",
    );
    expect_validation(
        t.update(pk("a")).set("deeper", nested(32)).await,
        "Nesting Levels have exceeded",
    );
    assert_eq!(read(&t, pk("b")).await?, None);
    Ok(())
}

/// A key attribute of the wrong type, a missing key attribute or an extra
/// attribute in a key is a validation error.
pub async fn key_shape_and_type_rejected(ctx: Ctx) -> Outcome {
    let t = raw_table(&ctx, "things", Some(KeyType::N)).await?;
    let number_pk = Item::new().with("pk", 1).with("sk", 1);
    expect_validation(t.put(number_pk.clone()).await, "mismatch");
    expect_validation(t.put(pk("a").with("sk", "1")).await, "mismatch");
    // Messages DynamoDB Local words differently from DynamoDB (the first of
    // each list is DynamoDB's).
    let missing_in_item = ["Missing the key", "required keys"];
    let key_count = [
        "does not match the schema",
        "number of conditions on the keys",
    ];
    let wrong_in_key = ["does not match the schema", "Type mismatch for key"];
    expect_validation_any(t.put(pk("a").with("v", 1)).await, &missing_in_item);
    expect_validation_any(t.get(pk("a")).await, &key_count);
    expect_validation_any(t.get(pk("a").with("sk", "1")).await, &wrong_in_key);
    expect_validation_any(t.delete(number_pk).await, &wrong_in_key);
    let extra = pk("a").with("sk", 1).with("v", 1);
    expect_validation_any(t.get(extra).await, &key_count);
    t.put(pk("a").with("sk", 1)).await?;
    Ok(())
}

/// Every item operation on a table that does not exist is ResourceNotFound.
pub async fn missing_table_is_resource_not_found(ctx: Ctx) -> Outcome {
    let t = ctx.client.table("no_such_table");
    expect_resource_not_found(t.get(pk("a")).await);
    expect_resource_not_found(t.put(pk("a")).await);
    expect_resource_not_found(t.update(pk("a")).set("v", 1).await);
    expect_resource_not_found(t.delete(pk("a")).await);
    expect_resource_not_found(ctx.client.describe_table("no_such_table").await);
    expect_resource_not_found(ctx.client.delete_table("no_such_table").await);
    Ok(())
}
