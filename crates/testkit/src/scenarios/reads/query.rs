//! Queries of one partition: sort key conditions on S and N sort keys, order,
//! `limit` (items evaluated) versus filters, projections and errors.

use super::checks::{
    event, expect_resource_not_found, expect_validation, names, put_docs, put_events, seqs,
};
use crate::bulk_models::Doc;
use crate::models::Event;
use crate::{Ctx, Outcome};
use dynorm::expr::KeyCondition;
use dynorm::{attr, Value};

/// The documents of folder `f` (string sort key), written out of order, and
/// one in folder `g` that no query of `f` may return.
async fn string_keyed(ctx: &Ctx) -> dynorm::Result<()> {
    ctx.table_for::<Doc>().await?;
    let mut docs: Vec<Doc> = ["d2", "bb", "a", "c", "ba", "d10", "b"]
        .iter()
        .enumerate()
        .map(|(i, n)| Doc::new("f", n, i as i64))
        .collect();
    docs.push(Doc::new("g", "b", 0));
    put_docs(ctx, &docs).await
}

/// Every sort key operator on a string sort key (`eq`, `lt`, `le`, `gt`, `ge`,
/// `between`, `begins_with`) selects exactly the items DynamoDB selects, in
/// UTF-8 byte order (`d10` before `d2`).
pub async fn query_sort_conditions_on_strings(ctx: Ctx) -> Outcome {
    string_keyed(&ctx).await?;
    let q = || ctx.client.query(Doc::partition("f")).consistent_read();
    assert_eq!(
        names(&q().all().await?),
        ["a", "b", "ba", "bb", "c", "d10", "d2"]
    );
    assert_eq!(names(&q().sort_eq("b").all().await?), ["b"]);
    assert_eq!(names(&q().sort_lt("b").all().await?), ["a"]);
    assert_eq!(names(&q().sort_le("b").all().await?), ["a", "b"]);
    assert_eq!(
        names(&q().sort_gt("b").all().await?),
        ["ba", "bb", "c", "d10", "d2"]
    );
    assert_eq!(
        names(&q().sort_ge("ba").all().await?),
        ["ba", "bb", "c", "d10", "d2"]
    );
    assert_eq!(
        names(&q().sort_between("b", "c").all().await?),
        ["b", "ba", "bb", "c"]
    );
    assert_eq!(
        names(&q().sort_begins_with("b").all().await?),
        ["b", "ba", "bb"]
    );
    assert_eq!(
        names(&q().sort_begins_with("d").all().await?),
        ["d10", "d2"]
    );
    assert!(q().sort_eq("zz").all().await?.is_empty());
    Ok(())
}

/// Every sort key operator on a number sort key selects by numeric order
/// (2 < 10 < 100, where string order would put "10" before "2");
/// `begins_with` on a number sort key is a ValidationException.
pub async fn query_sort_conditions_on_numbers(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let mut events: Vec<Event> = [20, 1, 100, 3, 10, 2]
        .iter()
        .map(|&s| event("s", s, "k"))
        .collect();
    events.push(event("t", 5, "k"));
    put_events(&ctx, &events).await?;
    let q = || ctx.client.query(Event::partition("s")).consistent_read();
    assert_eq!(seqs(&q().all().await?), [1, 2, 3, 10, 20, 100]);
    assert_eq!(seqs(&q().sort_eq(10u64).all().await?), [10]);
    assert_eq!(seqs(&q().sort_lt(10u64).all().await?), [1, 2, 3]);
    assert_eq!(seqs(&q().sort_le(10u64).all().await?), [1, 2, 3, 10]);
    assert_eq!(seqs(&q().sort_gt(10u64).all().await?), [20, 100]);
    assert_eq!(seqs(&q().sort_ge(3u64).all().await?), [3, 10, 20, 100]);
    assert_eq!(
        seqs(&q().sort_between(2u64, 20u64).all().await?),
        [2, 3, 10, 20]
    );
    assert_eq!(
        seqs(&q().sort_between(4u64, 9u64).all().await?),
        Vec::<u64>::new()
    );
    expect_validation(q().sort_begins_with(1u64).all().await, "begins_with");
    Ok(())
}

/// A sort key value of the wrong type (S on an N sort key) and a BETWEEN with
/// its bounds reversed are ValidationExceptions, not empty results.
pub async fn query_sort_condition_errors(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    put_events(&ctx, &[event("s", 1, "k")]).await?;
    let q = || ctx.client.query(Event::partition("s"));
    expect_validation(q().sort_eq("1").all().await, "type");
    expect_validation(q().sort_between(20u64, 2u64).all().await, "between");
    Ok(())
}

/// `reverse` returns the partition in descending sort key order, also when
/// paged with a small `limit` (the cursor continues downwards).
pub async fn query_reverse_order(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=12).map(|s| event("s", s, "k")).collect();
    put_events(&ctx, &events).await?;
    let q = || {
        ctx.client
            .query(Event::partition("s"))
            .consistent_read()
            .reverse()
    };
    let expected: Vec<u64> = (1..=12).rev().collect();
    assert_eq!(seqs(&q().all().await?), expected);

    let first = q().limit(5).page().await?;
    assert_eq!(seqs(&first.items), [12, 11, 10, 9, 8]);
    let cursor = first.cursor.expect("a cursor after 5 of 12 items");
    let second = q().limit(5).cursor(cursor).page().await?;
    assert_eq!(seqs(&second.items), [7, 6, 5, 4, 3]);
    assert_eq!(seqs(&q().limit(5).all().await?), expected);
    assert_eq!(seqs(&q().sort_lt(4u64).all().await?), [3, 2, 1]);
    Ok(())
}

/// `limit(3)` with a filter evaluates exactly 3 items: the page holds at most
/// 3 items (only those of the first 3 that pass), `scanned_count` is 3 and
/// there is a cursor.
pub async fn query_limit_counts_items_evaluated(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=10)
        .map(|s| event("s", s, if s == 2 || s == 8 { "keep" } else { "drop" }))
        .collect();
    put_events(&ctx, &events).await?;
    let page = ctx
        .client
        .query(Event::partition("s"))
        .consistent_read()
        .filter(attr("kind").eq("keep"))
        .limit(3)
        .page()
        .await?;
    assert_eq!(page.scanned_count, 3, "limit counts items evaluated");
    assert!(page.items.len() <= 3);
    assert_eq!(
        seqs(&page.items),
        [2],
        "only the passing items of the first 3"
    );
    assert!(
        page.cursor.is_some(),
        "7 items remain: a cursor is expected"
    );
    Ok(())
}

/// Without a limit, a filter does not reduce what is read: `scanned_count`
/// counts every item of the partition, `items` only those passing.
pub async fn query_filter_applies_after_reading(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=10)
        .map(|s| event("s", s, if s % 3 == 0 { "keep" } else { "drop" }))
        .collect();
    put_events(&ctx, &events).await?;
    let page = ctx
        .client
        .query(Event::partition("s"))
        .consistent_read()
        .filter(attr("kind").eq("keep"))
        .page()
        .await?;
    assert_eq!(page.scanned_count, 10);
    assert_eq!(seqs(&page.items), [3, 6, 9]);
    assert!(page.cursor.is_none());
    Ok(())
}

/// A projection returns exactly the named attributes (not even the keys,
/// unless named).
pub async fn query_projection_returns_named_attributes(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    put_events(&ctx, &[event("s", 1, "a"), event("s", 2, "b")]).await?;
    let items = ctx
        .client
        .table("events")
        .query(KeyCondition::partition("stream", "s"))
        .consistent_read()
        .project(["kind"])
        .all()
        .await?;
    assert_eq!(items.len(), 2);
    for (item, kind) in items.iter().zip(["a", "b"]) {
        assert_eq!(item.len(), 1, "only `kind`: {item:?}");
        assert_eq!(item.get("kind"), Some(&Value::from(kind)));
    }
    let items = ctx
        .client
        .table("events")
        .query(KeyCondition::partition("stream", "s"))
        .project(["seq", "kind"])
        .all()
        .await?;
    assert!(items
        .iter()
        .all(|i| i.len() == 2 && i.contains("seq") && !i.contains("stream")));
    Ok(())
}

/// A partition with no items gives an empty page without a cursor; items of
/// other partitions never appear.
pub async fn query_empty_partition(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    put_events(&ctx, &[event("s", 1, "a")]).await?;
    let page = ctx
        .client
        .query(Event::partition("nothing"))
        .consistent_read()
        .page()
        .await?;
    assert!(page.items.is_empty());
    assert!(page.cursor.is_none());
    assert_eq!(page.scanned_count, 0);
    Ok(())
}

/// A query of a table that does not exist is ResourceNotFound.
pub async fn query_missing_table_is_not_found(ctx: Ctx) -> Outcome {
    expect_resource_not_found(ctx.client.query(Event::partition("s")).all().await);
    expect_resource_not_found(ctx.client.scan::<Event>().all().await);
    Ok(())
}

/// Awaiting a query is `.all()`: every item of every page, in order.
pub async fn query_await_equals_all(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=9).map(|s| event("s", s, "k")).collect();
    put_events(&ctx, &events).await?;
    let awaited = ctx.client.query(Event::partition("s")).limit(2).await?;
    let all = ctx
        .client
        .query(Event::partition("s"))
        .limit(2)
        .all()
        .await?;
    assert_eq!(awaited, events);
    assert_eq!(all, events);
    Ok(())
}
