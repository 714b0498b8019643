//! Secondary indexes: sparse global indexes, local indexes ordered by their
//! sort key, keys-only projections and the errors of index reads.

use super::checks::{expect_validation, names, put_docs};
use crate::bulk_models::Doc;
use crate::models::{Order, User};
use crate::{Ctx, Outcome};
use dynorm::expr::KeyCondition;
use dynorm::{Model, Partition, Result, Value};
use std::time::Duration;

/// A global index is eventually consistent on DynamoDB: reads `read` until
/// `done` holds, at most about 5 s, and returns the last answer. A backend
/// that declares consistent global index reads in its capabilities (the
/// memory backend, DynamoDB Local) is read once: its first answer must be
/// the settled one.
pub(crate) async fn settled<T, F, Fut>(ctx: &Ctx, read: F, done: impl Fn(&T) -> bool) -> Result<T>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut last = read().await?;
    if ctx.capabilities().consistent_global_index_reads {
        return Ok(last);
    }
    for _ in 0..50 {
        if done(&last) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        last = read().await?;
    }
    Ok(last)
}

fn category(c: &str) -> Partition<Doc> {
    Partition::for_index(
        "CategoryIndex",
        "gsi_pk_CategoryIndex",
        Value::from(format!("CAT#{c}")),
    )
}

/// Items without the index key attribute are absent from a sparse global
/// index, in queries and in scans of the index.
pub async fn indexes_sparse_gsi_query_and_scan(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let docs = vec![
        Doc::new("f", "a", 1).in_category("x"),
        Doc::new("f", "b", 2),
        Doc::new("g", "c", 3).in_category("x"),
        Doc::new("g", "d", 4),
        Doc::new("h", "e", 5).in_category("y"),
        Doc::new("h", "f", 6),
    ];
    put_docs(&ctx, &docs).await?;
    let x = settled(
        &ctx,
        || ctx.client.query(category("x")).all(),
        |v: &Vec<Doc>| v.len() >= 2,
    )
    .await?;
    assert_eq!(
        names(&x),
        ["a", "c"],
        "ordered by the index sort key `name`"
    );
    assert_eq!(x[0], docs[0]);
    let indexed = settled(
        &ctx,
        || ctx.client.scan::<Doc>().index("CategoryIndex").all(),
        |v: &Vec<Doc>| v.len() >= 3,
    )
    .await?;
    let mut indexed = names(&indexed);
    indexed.sort_unstable();
    assert_eq!(
        indexed,
        ["a", "c", "e"],
        "documents without a category are not in the index"
    );
    assert_eq!(ctx.client.scan::<Doc>().all().await?.len(), 6);
    Ok(())
}

/// A strongly consistent read of a global index is a ValidationException
/// (query and scan); on a local index it is allowed.
pub async fn indexes_gsi_consistent_read_is_validation(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    put_docs(&ctx, &[Doc::new("f", "a", 1).in_category("x")]).await?;
    let fragment = "consistent reads are not supported on global secondary indexes";
    expect_validation(
        ctx.client
            .query(category("x"))
            .consistent_read()
            .all()
            .await,
        fragment,
    );
    expect_validation(
        ctx.client
            .scan::<Doc>()
            .index("CategoryIndex")
            .consistent_read()
            .all()
            .await,
        fragment,
    );
    let lsi = ctx
        .client
        .query(Partition::<Doc>::for_index(
            "RankIndex",
            "folder",
            Value::from("f"),
        ))
        .consistent_read()
        .all()
        .await?;
    assert_eq!(names(&lsi), ["a"]);
    Ok(())
}

/// Reading an index the table does not have is a ValidationException.
pub async fn indexes_unknown_index_is_validation(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    put_docs(&ctx, &[Doc::new("f", "a", 1)]).await?;
    let fragment = "specified index";
    expect_validation(
        ctx.client
            .query(Doc::partition("f"))
            .index("NoSuchIndex")
            .all()
            .await,
        fragment,
    );
    expect_validation(
        ctx.client.scan::<Doc>().index("NoSuchIndex").all().await,
        fragment,
    );
    expect_validation(
        ctx.client
            .table("docs")
            .query(KeyCondition::partition("folder", "f"))
            .index("NoSuchIndex")
            .all()
            .await,
        fragment,
    );
    Ok(())
}

/// A local index query returns the partition ordered by the index's sort key
/// (a number: -1 < 2 < 5 < 10 < 30), forwards and in reverse, and takes sort
/// key conditions on it.
pub async fn indexes_lsi_ordered_by_its_sort_key(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let ranks = [
        ("a", 5),
        ("b", -1),
        ("c", 30),
        ("d", 2),
        ("e", 10),
        ("f", 7),
    ];
    let mut docs: Vec<Doc> = ranks.iter().map(|(n, r)| Doc::new("f", n, *r)).collect();
    docs.push(Doc::new("g", "z", 0));
    put_docs(&ctx, &docs).await?;
    let q = || {
        ctx.client
            .query(Partition::<Doc>::for_index(
                "RankIndex",
                "folder",
                Value::from("f"),
            ))
            .consistent_read()
    };
    assert_eq!(names(&q().all().await?), ["b", "d", "a", "f", "e", "c"]);
    assert_eq!(
        names(&q().reverse().all().await?),
        ["c", "e", "f", "a", "d", "b"]
    );
    assert_eq!(
        names(&q().sort_between(2i64, 10i64).all().await?),
        ["d", "a", "f", "e"]
    );
    assert_eq!(names(&q().sort_gt(7i64).all().await?), ["e", "c"]);
    let page = q().limit(2).page().await?;
    assert_eq!(names(&page.items), ["b", "d"]);
    let next = q()
        .limit(2)
        .cursor(page.cursor.expect("cursor"))
        .page()
        .await?;
    assert_eq!(names(&next.items), ["a", "f"]);
    Ok(())
}

/// A KEYS_ONLY index returns only the table's key attributes and the index's
/// key attributes (query and scan).
pub async fn indexes_keys_only_projection(ctx: Ctx) -> Outcome {
    ctx.table_for::<Doc>().await?;
    let mut docs: Vec<Doc> = (0..4)
        .map(|i| Doc::new("f", &format!("n{i}"), i).in_category("x"))
        .collect();
    docs[3].shelf = "other".into();
    for d in &mut docs {
        d.body = "a body that the index does not hold".into();
    }
    put_docs(&ctx, &docs).await?;
    let table = ctx.client.table("docs");
    let items = settled(
        &ctx,
        || {
            table
                .query(KeyCondition::partition("shelf", "main"))
                .index("ShelfIndex")
                .all()
        },
        |v: &Vec<dynorm::Item>| v.len() >= 3,
    )
    .await?;
    assert_eq!(items.len(), 3);
    for item in &items {
        let mut attrs: Vec<&str> = item.names().map(String::as_str).collect();
        attrs.sort_unstable();
        assert_eq!(attrs, ["folder", "name", "shelf"], "only keys: {item:?}");
    }
    let scanned = settled(
        &ctx,
        || table.scan().index("ShelfIndex").all(),
        |v: &Vec<dynorm::Item>| v.len() >= 4,
    )
    .await?;
    assert_eq!(scanned.len(), 4);
    assert!(scanned.iter().all(|i| i.len() == 3 && !i.contains("body")));
    Ok(())
}

/// A global index of a shared table, queried as a model, returns only that
/// model's entity type, in index sort key order.
pub async fn indexes_gsi_query_in_shared_table(ctx: Ctx) -> Outcome {
    ctx.client
        .create_table_for(&[User::schema(), Order::schema()])
        .await?;
    let mut users = Vec::new();
    for (id, tenant) in [
        ("u3", Some("acme")),
        ("u1", Some("acme")),
        ("u2", None),
        ("u4", Some("other")),
    ] {
        let mut u = User::new(id, id, 30);
        u.tenant = tenant.map(str::to_owned);
        ctx.client.put(&u).await?;
        users.push(u);
    }
    for i in 0..3 {
        let order = Order {
            user_id: "u1".into(),
            order_id: format!("{i:03}"),
            total: 100,
            tenant: Some("acme".into()),
        };
        ctx.client.put(&order).await?;
    }
    let tenant = || {
        Partition::<User>::for_index(
            "TenantIndex",
            "gsi_pk_TenantIndex",
            Value::from("TENANT#acme"),
        )
    };
    let acme = settled(
        &ctx,
        || ctx.client.query(tenant()).all(),
        |v: &Vec<User>| v.len() >= 2,
    )
    .await?;
    let ids: Vec<&str> = acme.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["u1", "u3"]);
    let orders = settled(
        &ctx,
        || {
            ctx.client
                .query(Partition::<Order>::for_index(
                    "TenantIndex",
                    "gsi_pk_TenantIndex",
                    Value::from("TENANT#acme"),
                ))
                .all()
        },
        |v: &Vec<Order>| v.len() >= 3,
    )
    .await?;
    assert_eq!(orders.len(), 3);
    Ok(())
}
