//! Scans: parallel segments covering the table exactly once, segment
//! validation, `limit` and `take` with filters, and single-table entity types.

use super::checks::expect_validation;
use crate::models::{Counter, Order, User};
use crate::{Ctx, Outcome};
use dynorm::{attr, Model};
use futures::TryStreamExt;
use std::collections::BTreeSet;

/// `n` counters `c000`, `c001`... with value `i`.
pub(crate) fn counters(prefix: &str, n: usize) -> Vec<Counter> {
    (0..n)
        .map(|i| Counter {
            name: format!("{prefix}{i:04}"),
            value: i as i64,
        })
        .collect()
}

async fn put_counters(ctx: &Ctx, counters: &[Counter]) -> dynorm::Result<()> {
    let written = ctx.client.batch_write().put_all(counters).await?;
    assert_eq!(written, counters.len());
    Ok(())
}

/// A parallel scan of 200 items in 4 and in 7 segments returns every item
/// exactly once; so do the segments read one by one, which are disjoint.
pub async fn scan_parallel_covers_every_item_once(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    let all = counters("c", 200);
    put_counters(&ctx, &all).await?;
    let expected: BTreeSet<String> = all.iter().map(|c| c.name.clone()).collect();
    for total in [4, 7] {
        let got: Vec<Counter> = ctx
            .client
            .scan::<Counter>()
            .consistent_read()
            .parallel(total)
            .try_collect()
            .await?;
        assert_eq!(got.len(), 200, "{total} segments: every item once");
        let names: BTreeSet<String> = got.into_iter().map(|c| c.name).collect();
        assert_eq!(names, expected);
    }
    let mut seen = BTreeSet::new();
    for segment in 0..7 {
        let items = ctx
            .client
            .scan::<Counter>()
            .segment(segment, 7)
            .limit(13)
            .all()
            .await?;
        for c in items {
            assert!(seen.insert(c.name.clone()), "{} is in two segments", c.name);
        }
    }
    assert_eq!(seen, expected);
    Ok(())
}

/// Segment numbers must satisfy `0 <= segment < total` and `total >= 1`:
/// anything else is a ValidationException.
pub async fn scan_invalid_segment_is_validation(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    put_counters(&ctx, &counters("c", 3)).await?;
    expect_validation(
        ctx.client.scan::<Counter>().segment(4, 4).all().await,
        "segment",
    );
    expect_validation(
        ctx.client.scan::<Counter>().segment(9, 4).all().await,
        "segment",
    );
    expect_validation(
        ctx.client.scan::<Counter>().segment(0, 0).all().await,
        "segment",
    );
    let parallel: dynorm::Result<Vec<Counter>> =
        ctx.client.scan::<Counter>().parallel(0).try_collect().await;
    expect_validation(parallel, "segment");
    Ok(())
}

/// Scanning a model of a shared table returns only items of its entity type;
/// a raw scan sees them all.
pub async fn scan_shared_table_returns_only_entity_type(ctx: Ctx) -> Outcome {
    ctx.client
        .create_table_for(&[User::schema(), Order::schema()])
        .await?;
    for id in ["u1", "u2", "u3"] {
        ctx.client.put(&User::new(id, "x", 20)).await?;
    }
    for i in 0..5 {
        let user_id = if i < 3 { "u1" } else { "u2" };
        let order = Order {
            user_id: user_id.into(),
            order_id: format!("{i:03}"),
            total: i,
            tenant: None,
        };
        ctx.client.put(&order).await?;
    }
    let mut users: Vec<String> = ctx
        .client
        .scan::<User>()
        .consistent_read()
        .all()
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    users.sort();
    assert_eq!(users, ["u1", "u2", "u3"]);
    assert_eq!(
        ctx.client
            .scan::<Order>()
            .consistent_read()
            .all()
            .await?
            .len(),
        5
    );
    assert_eq!(
        ctx.client
            .table("app")
            .scan()
            .consistent_read()
            .all()
            .await?
            .len(),
        8
    );
    // A small limit pages through the other type's items without failing.
    assert_eq!(ctx.client.scan::<User>().limit(2).all().await?.len(), 3);
    Ok(())
}

/// A scan's `limit` counts items evaluated before the filter: a page may hold
/// no item, with `scanned_count == limit` and a cursor.
pub async fn scan_limit_counts_items_evaluated(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    put_counters(&ctx, &counters("c", 20)).await?;
    let page = ctx
        .client
        .scan::<Counter>()
        .filter(attr("value").ge(1000))
        .limit(5)
        .page()
        .await?;
    assert!(page.items.is_empty());
    assert_eq!(page.scanned_count, 5);
    assert!(page.cursor.is_some());
    let page = ctx
        .client
        .scan::<Counter>()
        .filter(attr("value").lt(10))
        .limit(5)
        .page()
        .await?;
    assert!(page.items.len() <= 5);
    assert_eq!(page.scanned_count, 5);
    let whole = ctx
        .client
        .scan::<Counter>()
        .filter(attr("value").lt(10))
        .page()
        .await?;
    assert_eq!(whole.scanned_count, 20);
    assert_eq!(whole.items.len(), 10);
    Ok(())
}

/// `take(n)` on a filtered scan returns exactly `n` items and continues from
/// its cursor with no gap and no duplicate, to the end.
pub async fn scan_take_continues_without_gap(ctx: Ctx) -> Outcome {
    ctx.table_for::<Counter>().await?;
    put_counters(&ctx, &counters("c", 30)).await?;
    let scan = || {
        ctx.client
            .scan::<Counter>()
            .consistent_read()
            .filter(attr("value").lt(15))
            .limit(4)
    };
    let mut seen = BTreeSet::new();
    let mut cursor = None;
    for round in 0.. {
        assert!(round < 20);
        let mut s = scan().take(4);
        if let Some(c) = cursor {
            s = s.cursor(c);
        }
        let page = s.page().await?;
        if page.cursor.is_some() {
            assert_eq!(
                page.items.len(),
                4,
                "a take page with a cursor holds exactly n items"
            );
        }
        for c in page.items {
            assert!(c.value < 15);
            assert!(seen.insert(c.name), "duplicate across take pages");
        }
        cursor = page.cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 15);
    Ok(())
}
