//! Pagination: cursors, empty pages, `take(n)` after filtering, the 1 MB page
//! limit, and cursors rejected on requests they do not belong to.

use super::checks::{event, expect_invalid_cursor, put_docs, put_events, seqs};
use crate::bulk_models::Doc;
use crate::models::Event;
use crate::{Ctx, Outcome};
use dynorm::backend::QueryRequest;
use dynorm::client::Cursor;
use dynorm::expr::KeyCondition;
use dynorm::{attr, Partition, Value};
use futures::{StreamExt, TryStreamExt};
use std::collections::BTreeSet;

/// A filtered query paged with a small `limit` walks through pages that hold
/// no item but still have a cursor, to the true end: some page has 0 items
/// and a cursor, and the union of the pages is exactly the matching items.
pub async fn pagination_filtered_query_through_empty_pages(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let keep = [5u64, 17, 28];
    let events: Vec<Event> = (1..=30)
        .map(|s| event("s", s, if keep.contains(&s) { "keep" } else { "drop" }))
        .collect();
    put_events(&ctx, &events).await?;
    let query = || {
        ctx.client
            .query(Event::partition("s"))
            .consistent_read()
            .filter(attr("kind").eq("keep"))
            .limit(3)
    };

    let mut found = Vec::new();
    let mut empty_with_cursor = 0;
    let mut cursor = None;
    for round in 0.. {
        assert!(round < 20, "30 items with limit 3 must end within 11 pages");
        let page = query().cursor_opt(cursor).page().await?;
        assert!(page.items.len() <= 3 && page.scanned_count <= 3);
        if page.items.is_empty() && page.cursor.is_some() {
            empty_with_cursor += 1;
        }
        found.extend(page.items);
        cursor = page.cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert!(
        empty_with_cursor > 0,
        "some page must be empty and still have a cursor"
    );
    assert_eq!(seqs(&found), keep);

    // The page stream goes through the same empty pages.
    let pages: Vec<_> = query().pages().try_collect().await?;
    assert!(pages
        .iter()
        .any(|p| p.items.is_empty() && p.cursor.is_some()));
    let streamed: Vec<u64> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|e| e.seq))
        .collect();
    assert_eq!(streamed, keep);
    Ok(())
}

/// `take(n)` returns exactly `n` items that pass the filter (paging as
/// needed), and its cursor continues right after the last one: no gap and no
/// duplicate across successive takes, to the end.
pub async fn pagination_take_continues_without_gap(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=20)
        .map(|s| event("s", s, if s % 2 == 1 { "odd" } else { "even" }))
        .collect();
    put_events(&ctx, &events).await?;
    let query = || {
        ctx.client
            .query(Event::partition("s"))
            .consistent_read()
            .filter(attr("kind").eq("odd"))
    };

    let first = query().take(4).page().await?;
    assert_eq!(seqs(&first.items), [1, 3, 5, 7]);
    let cursor = first.cursor.expect("more odd items remain");
    let second = query().take(4).cursor(cursor).page().await?;
    assert_eq!(
        seqs(&second.items),
        [9, 11, 13, 15],
        "continues right after 7"
    );

    // With a small limit too, and walking to the end.
    let mut all = Vec::new();
    let mut cursor = None;
    for round in 0.. {
        assert!(round < 20);
        let page = query().limit(3).take(3).cursor_opt(cursor).page().await?;
        assert!(page.items.len() <= 3);
        if page.cursor.is_some() {
            assert_eq!(
                page.items.len(),
                3,
                "a take page with a cursor holds exactly n items"
            );
        }
        all.extend(page.items);
        cursor = page.cursor;
        if cursor.is_none() {
            break;
        }
    }
    let expected: Vec<u64> = (1..=20).filter(|s| s % 2 == 1).collect();
    assert_eq!(seqs(&all), expected);
    assert_eq!(seqs(&query().take(7).all().await?), expected[..7]);
    Ok(())
}

/// A cursor is bound to its query: reused on another partition or another
/// sort key condition it is rejected with `InvalidCursor`.
pub async fn pagination_cursor_rejected_on_other_partition(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=6)
        .flat_map(|s| [event("s", s, "k"), event("t", s, "k")])
        .collect();
    put_events(&ctx, &events).await?;
    let page = ctx
        .client
        .query(Event::partition("s"))
        .limit(2)
        .page()
        .await?;
    let cursor = page.cursor.expect("a cursor after 2 of 6");
    expect_invalid_cursor(
        ctx.client
            .query(Event::partition("t"))
            .cursor(cursor.clone())
            .page()
            .await,
    );
    expect_invalid_cursor(
        ctx.client
            .query(Event::partition("s"))
            .sort_gt(0u64)
            .cursor(cursor.clone())
            .page()
            .await,
    );
    // The right query accepts it.
    let next = ctx
        .client
        .query(Event::partition("s"))
        .limit(2)
        .cursor(cursor)
        .page()
        .await?;
    assert_eq!(seqs(&next.items), [3, 4]);
    Ok(())
}

/// Below the cursor check, the backend itself refuses an
/// `ExclusiveStartKey` from another partition than the one queried (forward
/// and backward), and pages on from one in the queried partition.
pub async fn pagination_start_key_from_other_partition_rejected(ctx: Ctx) -> Outcome {
    let table = ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=4)
        .flat_map(|s| [event("s", s, "k"), event("t", s, "k")])
        .collect();
    put_events(&ctx, &events).await?;
    for forward in [true, false] {
        let mut request = QueryRequest::new(table.clone(), KeyCondition::partition("stream", "s"));
        request.scan_forward = forward;
        request.exclusive_start_key = Some(Event::key("t", 2u64).into_item());
        let err = ctx
            .client
            .backend()
            .query(request.clone())
            .await
            .expect_err("a start key from partition t on a query of s");
        assert!(err.is_validation(), "{err}");
        assert!(
            err.message()
                .contains("The provided starting key does not match the range key predicate"),
            "{err}"
        );
        request.exclusive_start_key = Some(Event::key("s", 2u64).into_item());
        let page = ctx.client.backend().query(request).await?;
        let expected: Vec<u64> = if forward { vec![3, 4] } else { vec![1] };
        let got: Vec<u64> = page
            .items
            .iter()
            .filter_map(|i| i.get("seq").and_then(Value::as_number))
            .filter_map(|n| u64::try_from(n).ok())
            .collect();
        assert_eq!(got, expected, "forward = {forward}");
    }
    Ok(())
}

/// A cursor from a table query is rejected on an index query of the same
/// partition (local and global), and an index cursor on the table query.
pub async fn pagination_cursor_rejected_on_other_index(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let docs: Vec<Doc> = (0..6)
        .map(|i| Doc::new("f", &format!("n{i}"), 10 - i).in_category("x"))
        .collect();
    put_docs(&ctx, &docs).await?;
    let table_cursor = ctx
        .client
        .query(Doc::partition("f"))
        .limit(2)
        .page()
        .await?
        .cursor
        .expect("cursor");
    let lsi = || {
        ctx.client.query(Partition::<Doc>::for_index(
            "RankIndex",
            "folder",
            Value::from("f"),
        ))
    };
    let gsi = || {
        ctx.client.query(Partition::<Doc>::for_index(
            "CategoryIndex",
            "gsi_pk_CategoryIndex",
            Value::from("CAT#x"),
        ))
    };
    expect_invalid_cursor(lsi().cursor(table_cursor.clone()).page().await);
    expect_invalid_cursor(gsi().cursor(table_cursor).page().await);
    let lsi_cursor = lsi().limit(2).page().await?.cursor.expect("cursor");
    expect_invalid_cursor(
        ctx.client
            .query(Doc::partition("f"))
            .cursor(lsi_cursor.clone())
            .page()
            .await,
    );
    expect_invalid_cursor(gsi().cursor(lsi_cursor).page().await);
    Ok(())
}

/// A cursor from one table is rejected on another table, and a query's
/// cursor on a scan (and a segment's on another segment).
pub async fn pagination_cursor_rejected_on_other_table(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    ctx.table_for::<Doc>().await?;
    let events: Vec<Event> = (1..=6).map(|s| event("s", s, "k")).collect();
    put_events(&ctx, &events).await?;
    put_docs(
        &ctx,
        &[
            Doc::new("s", "a", 1),
            Doc::new("s", "b", 2),
            Doc::new("s", "c", 3),
        ],
    )
    .await?;
    let cursor = ctx
        .client
        .query(Event::partition("s"))
        .limit(2)
        .page()
        .await?
        .cursor
        .expect("cursor");
    expect_invalid_cursor(
        ctx.client
            .query(Doc::partition("s"))
            .cursor(cursor.clone())
            .page()
            .await,
    );
    expect_invalid_cursor(
        ctx.client
            .table("docs")
            .query(KeyCondition::partition("folder", "s"))
            .cursor(cursor.clone())
            .page()
            .await,
    );
    expect_invalid_cursor(ctx.client.scan::<Event>().cursor(cursor).page().await);
    let seg = ctx
        .client
        .scan::<Event>()
        .segment(0, 1)
        .limit(1)
        .page()
        .await?
        .cursor
        .expect("cursor");
    expect_invalid_cursor(
        ctx.client
            .scan::<Event>()
            .segment(0, 2)
            .cursor(seg.clone())
            .page()
            .await,
    );
    expect_invalid_cursor(
        ctx.client
            .scan::<Doc>()
            .segment(0, 1)
            .cursor(seg)
            .page()
            .await,
    );
    Ok(())
}

/// Cursor text that is not a cursor is rejected: at parse time when it is not
/// URL-safe base64, and when used when it decodes to something else.
pub async fn pagination_garbage_cursor_rejected(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    put_events(&ctx, &[event("s", 1, "k")]).await?;
    for text in ["", "not a cursor", "abc/def+", "{\"f\":1}"] {
        match text.parse::<Cursor>() {
            Err(dynorm::Error::InvalidCursor { .. }) => {}
            other => panic!("{text:?} parsed as {other:?}"),
        }
    }
    // Valid base64 with other payloads: bytes, JSON without the fields, a
    // forged fingerprint.
    for text in [
        "AAAA",
        "eyJ4IjoxfQ",
        "eyJmIjoiMDAwMDAwMDAwMDAwMDAwMCIsImsiOnt9fQ",
    ] {
        let cursor: Cursor = text.parse()?;
        expect_invalid_cursor(
            ctx.client
                .query(Event::partition("s"))
                .cursor(cursor.clone())
                .page()
                .await,
        );
        expect_invalid_cursor(ctx.client.scan::<Event>().cursor(cursor).page().await);
    }
    Ok(())
}

/// A cursor survives a round trip through its text, and the page it starts
/// is the one after the page that gave it.
pub async fn pagination_cursor_text_round_trips(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=5).map(|s| event("s", s, "k")).collect();
    put_events(&ctx, &events).await?;
    let page = ctx
        .client
        .query(Event::partition("s"))
        .limit(2)
        .page()
        .await?;
    let text = page.cursor.expect("cursor").to_string();
    assert!(
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "URL-safe: {text}"
    );
    let cursor: Cursor = text.parse()?;
    let next = ctx
        .client
        .query(Event::partition("s"))
        .limit(2)
        .cursor(cursor)
        .page()
        .await?;
    assert_eq!(seqs(&next.items), [3, 4]);
    Ok(())
}

/// Twelve items of about 100 KB in one partition: a query page stops at 1 MB
/// read (a cursor and fewer items than written), and paging returns every
/// item once, in order.
pub async fn pagination_one_megabyte_query_page(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=12)
        .map(|s| Event {
            data: Some(vec![s as u8; 100_000]),
            ..event("big", s, "blob")
        })
        .collect();
    put_events(&ctx, &events).await?;
    let first = ctx
        .client
        .query(Event::partition("big"))
        .consistent_read()
        .page()
        .await?;
    assert!(first.cursor.is_some(), "1.2 MB cannot come in one page");
    assert!(
        !first.items.is_empty() && first.items.len() < 12,
        "first page holds {} items",
        first.items.len()
    );
    assert!(
        first.items.len() >= 9,
        "about 1 MB is about 10 items, got {}",
        first.items.len()
    );
    assert_eq!(first.scanned_count as usize, first.items.len());
    let all = ctx
        .client
        .query(Event::partition("big"))
        .consistent_read()
        .all()
        .await?;
    assert_eq!(all, events);
    Ok(())
}

/// The same 1 MB limit on a scan: the first page stops early with a cursor,
/// and paging returns every item exactly once.
pub async fn pagination_one_megabyte_scan_page(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=12)
        .map(|s| Event {
            data: Some(vec![s as u8; 100_000]),
            ..event(&format!("big{s}"), s, "blob")
        })
        .collect();
    put_events(&ctx, &events).await?;
    let first = ctx.client.scan::<Event>().consistent_read().page().await?;
    assert!(first.cursor.is_some(), "1.2 MB cannot come in one page");
    assert!(
        !first.items.is_empty() && first.items.len() < 12,
        "first page holds {} items",
        first.items.len()
    );
    let mut all = ctx.client.scan::<Event>().consistent_read().all().await?;
    all.sort_by_key(|e| e.seq);
    assert_eq!(all, events);
    Ok(())
}

/// The page stream and the item stream give exactly `.all()`: every item
/// once, in order, across pages of `limit` items.
pub async fn pagination_streams_equal_all(ctx: Ctx) -> Outcome {
    ctx.table_for::<Event>().await?;
    let events: Vec<Event> = (1..=17).map(|s| event("s", s, "k")).collect();
    put_events(&ctx, &events).await?;
    let query = || {
        ctx.client
            .query(Event::partition("s"))
            .consistent_read()
            .limit(4)
    };
    let all = query().all().await?;
    assert_eq!(all, events);
    let pages: Vec<_> = query().pages().try_collect().await?;
    assert!(
        pages.len() >= 5,
        "17 items by 4 need at least 5 pages, got {}",
        pages.len()
    );
    assert!(pages.iter().all(|p| p.items.len() <= 4));
    assert!(pages[..pages.len() - 1].iter().all(|p| p.cursor.is_some()));
    assert!(pages.last().is_some_and(|p| p.cursor.is_none()));
    let from_pages: Vec<Event> = pages.into_iter().flat_map(|p| p.items).collect();
    assert_eq!(from_pages, all);
    let streamed: Vec<Event> = query().stream().try_collect().await?;
    assert_eq!(streamed, all);
    let first_five: Vec<Event> = query().stream().take(5).try_collect().await?;
    assert_eq!(first_five, all[..5]);
    // Scans too, as a set.
    let scanned: BTreeSet<u64> = ctx
        .client
        .scan::<Event>()
        .limit(3)
        .stream()
        .map_ok(|e| e.seq)
        .try_collect()
        .await?;
    assert_eq!(scanned, (1..=17).collect());
    Ok(())
}
