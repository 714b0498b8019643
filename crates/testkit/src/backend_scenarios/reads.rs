//! Query and Scan requests that DynamoDB refuses for what they name: key
//! attributes in a Query filter, attributes an index does not project; and
//! where a Query's pages end.

use super::{expect_message, indexed_table_with_item};
use crate::{Ctx, Outcome};
use dynorm::backend::{
    KeyAttribute, KeyType, PutItemRequest, QueryRequest, ScanRequest, Segment, TableDefinition,
};
use dynorm::expr::{attr, KeyCondition};
use dynorm::Item;

/// The message of a Query filter naming a key attribute.
fn on_key(name: &str) -> String {
    format!("Filter Expression can only contain non-primary key attributes: Primary key attribute: {name}")
}

/// A Query may not filter on the key attributes of what it queries (the
/// table's, or the queried index's: the table's own keys are fine on an
/// index); the partition key is named first. A Scan may filter on keys.
pub async fn query_filter_on_key_attributes_is_rejected(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let backend = ctx.client.backend();
    let on_table = || QueryRequest::new(&table, KeyCondition::partition("pk", "p"));
    let on_gsi = || QueryRequest::new(&table, KeyCondition::partition("g", "G")).index("gsi_keys");
    let on_lsi = || QueryRequest::new(&table, KeyCondition::partition("pk", "p")).index("lsi_keys");

    let r = backend.query(on_table().filter(attr("sk").eq("s"))).await;
    expect_message(r, &on_key("sk"));
    let both = attr("a")
        .eq("A")
        .and(attr("sk").eq("s"))
        .or(attr("pk").eq("p"));
    expect_message(backend.query(on_table().filter(both)).await, &on_key("pk"));
    let r = backend.query(on_table().filter(attr("sk").exists())).await;
    expect_message(r, &on_key("sk"));
    // Index keys are plain attributes of the table.
    let found = backend.query(on_table().filter(attr("g").eq("G"))).await?;
    assert_eq!(found.items.len(), 1);

    let r = backend.query(on_gsi().filter(attr("gs").eq("x"))).await;
    expect_message(r, &on_key("gs"));
    let r = backend.query(on_gsi().filter(attr("g").eq("G"))).await;
    expect_message(r, &on_key("g"));
    let found = backend.query(on_gsi().filter(attr("sk").eq("s"))).await?;
    assert_eq!(found.items.len(), 1, "the table's keys are in every index");

    let r = backend.query(on_lsi().filter(attr("l").eq("L"))).await;
    expect_message(r, &on_key("l"));
    let r = backend.query(on_lsi().filter(attr("pk").eq("p"))).await;
    expect_message(r, &on_key("pk"));
    let found = backend.query(on_lsi().filter(attr("sk").eq("s"))).await?;
    assert_eq!(found.items.len(), 1);

    let scanned = backend
        .scan(ScanRequest::new(&table).filter(attr("sk").eq("s").and(attr("pk").eq("p"))))
        .await?;
    assert_eq!(scanned.items.len(), 1, "a scan filters on keys");
    Ok(())
}

/// A global index answers only what it projects: a projection (Query,
/// Scan, parallel Scan) or a Query filter naming anything else is refused,
/// naming the top-level attributes in DynamoDB's order. A Scan filter is
/// accepted and sees what the index holds (DynamoDB Local evaluates it on
/// the whole item instead: listed below).
pub async fn global_index_reads_of_unprojected_attributes_are_rejected(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let backend = ctx.client.backend();
    let keys_only =
        || QueryRequest::new(&table, KeyCondition::partition("g", "G")).index("gsi_keys");
    let include = || QueryRequest::new(&table, KeyCondition::partition("g", "G")).index("gsi_incl");
    let not_projected = |index: &str, names: &str| {
        format!("One or more parameter values were invalid: Global secondary index {index} does not project [{names}]")
    };
    let filter_not_projected = |index: &str, names: &str| {
        format!("One or more parameter values were invalid: Secondary index {index} does not project one or more filter attributes: [{names}]")
    };

    let r = backend
        .query(keys_only().projection(["n", "b", "a", "b2"]))
        .await;
    expect_message(r, &not_projected("gsi_keys", "b2, a, b, n"));
    let r = backend.query(keys_only().projection(["m.x", "pk"])).await;
    expect_message(r, &not_projected("gsi_keys", "m"));
    let r = backend.query(include().projection(["b", "a"])).await;
    expect_message(r, &not_projected("gsi_incl", "b"));
    let found = backend.query(include().projection(["a", "pk"])).await?;
    assert_eq!(
        found.items,
        vec![dynorm::Item::new().with("a", "A").with("pk", "p")]
    );

    let filter = attr("n").eq(1).and(attr("b").eq("B")).and(attr("n").eq(1));
    let r = backend.query(keys_only().filter(filter.clone())).await;
    expect_message(r, &filter_not_projected("gsi_keys", "b, n"));
    // A filter on a key comes first, then the filter, then the projection.
    let r = backend
        .query(keys_only().filter(attr("b").eq("B").and(attr("gs").eq("x"))))
        .await;
    expect_message(r, &super::reads::on_key("gs"));
    let r = backend
        .query(keys_only().filter(filter).projection(["zz"]))
        .await;
    expect_message(r, &filter_not_projected("gsi_keys", "b, n"));

    let scan = || ScanRequest::new(&table).index("gsi_keys");
    let r = backend.scan(scan().projection(["b"])).await;
    expect_message(r, &not_projected("gsi_keys", "b"));
    let r = backend
        .scan(scan().segment(Segment::new(0, 2)).projection(["pk", "b"]))
        .await;
    expect_message(r, &not_projected("gsi_keys", "b"));
    let r = backend
        .scan(
            ScanRequest::new(&table)
                .index("gsi_incl")
                .projection(["pk", "a"]),
        )
        .await?;
    assert_eq!(r.items.len(), 1);

    let seen = backend.scan(scan().filter(attr("b").exists())).await?;
    assert_eq!(seen.scanned_count, 1);
    // DynamoDB evaluates an index scan's filter on what the index holds
    // (`b` is absent); DynamoDB Local evaluates it on the table's item.
    let expected = if ctx.is_dynamodb() { 1 } else { 0 };
    assert_eq!(seen.items.len(), expected, "{:?}", seen.items);
    Ok(())
}

/// A local index fetches from the table what a projection asks for beyond
/// its own attributes (Query and Scan), as DynamoDB Local answers; a Query
/// filter naming such attributes is refused, a Scan filter sees the whole
/// item.
pub async fn local_index_reads_fetch_projections_but_not_filters(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let backend = ctx.client.backend();
    let query = || QueryRequest::new(&table, KeyCondition::partition("pk", "p")).index("lsi_keys");

    let found = backend.query(query().projection(["b", "n"])).await?;
    assert_eq!(
        found.items,
        vec![dynorm::Item::new().with("b", "B").with("n", 1)]
    );
    let r = backend.query(query().filter(attr("a").eq("A"))).await;
    expect_message(
        r,
        "One or more parameter values were invalid: Secondary index lsi_keys does not project one or more filter attributes: [a]",
    );
    let r = backend
        .query(query().projection(["b"]).filter(attr("b").eq("B")))
        .await;
    assert!(r.is_err_and(|e| e.is_validation()));

    let scan = || ScanRequest::new(&table).index("lsi_keys");
    let found = backend.scan(scan().projection(["b"])).await?;
    assert_eq!(found.items, vec![dynorm::Item::new().with("b", "B")]);
    let found = backend.scan(scan().filter(attr("b").eq("B"))).await?;
    assert_eq!(found.items.len(), 1, "the filter sees the table's item");
    let found = backend.scan(scan().filter(attr("b").not_exists())).await?;
    assert!(found.items.is_empty());
    Ok(())
}

/// A table without a sort key holds one item per partition: a Query of it
/// that reaches its Limit has no LastEvaluatedKey (nothing can follow),
/// while a global index without a sort key, many items per partition key,
/// pages on.
pub async fn query_of_a_hash_only_table_ends_at_its_item(ctx: Ctx) -> Outcome {
    let name = ctx.client.table_name("hash_only");
    let s = |n: &str| KeyAttribute::new(n, KeyType::S);
    let def = TableDefinition::new(&name, s("pk"))
        .with_global_index(dynorm::backend::IndexDefinition::new("by_g", s("g")));
    ctx.client.create_table_definition(def).await?;
    let backend = ctx.client.backend();
    for pk in ["a", "b"] {
        let item = Item::new().with("pk", pk).with("g", "G");
        backend.put_item(PutItemRequest::new(&name, item)).await?;
    }
    let page = backend
        .query(QueryRequest::new(&name, KeyCondition::partition("pk", "a")).limit(1))
        .await?;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.last_evaluated_key, None);
    let page = backend
        .query(QueryRequest::new(&name, KeyCondition::partition("pk", "a")).limit(5))
        .await?;
    assert_eq!((page.items.len(), page.last_evaluated_key), (1, None));

    let on_index = || {
        QueryRequest::new(&name, KeyCondition::partition("g", "G"))
            .index("by_g")
            .limit(1)
    };
    let first = backend.query(on_index()).await?;
    assert_eq!(first.items.len(), 1);
    let start = first
        .last_evaluated_key
        .expect("an index page reaching its limit goes on");
    let second = backend.query(on_index().exclusive_start_key(start)).await?;
    assert_eq!(second.items.len(), 1);
    assert_ne!(first.items, second.items);
    Ok(())
}
