//! Single-table item collections: one partition holding a user's profile and
//! orders, read in one query and split by entity type.

use crate::models::{Order, User};
use crate::{Ctx, Outcome};
use dynorm::client::Collection;
use dynorm::Model;

fn order(user: &str, id: u32, total: i64) -> Order {
    Order {
        user_id: user.to_owned(),
        order_id: format!("{id:04}"),
        total,
        tenant: None,
    }
}

async fn shop(ctx: &Ctx) -> dynorm::Result<(User, Vec<Order>)> {
    ctx.client
        .create_table_for(&[User::schema(), Order::schema()])
        .await?;
    let ann = User::new("u1", "Ann", 31);
    ctx.client.put(&ann).await?;
    ctx.client.put(&User::new("u2", "Bob", 40)).await?;
    let orders = vec![
        order("u1", 1, 500),
        order("u1", 2, 150),
        order("u1", 10, 75),
    ];
    for o in orders.iter().chain([&order("u2", 1, 9)]) {
        ctx.client.put(o).await?;
    }
    Ok((ann, orders))
}

/// One collection query returns a user's profile and orders (and nothing of
/// another user), split by entity type with `Collection::of`.
pub async fn collections_profile_and_orders(ctx: Ctx) -> Outcome {
    let (ann, orders) = shop(&ctx).await?;
    let items = ctx
        .client
        .query_collection(User::partition("u1"))
        .consistent_read()
        .all()
        .await?;
    assert_eq!(items.len(), 4);
    let collection = Collection::from(items);
    assert_eq!(collection.of::<User>()?, vec![ann]);
    assert_eq!(
        collection.of::<Order>()?,
        orders,
        "orders in sort key order"
    );
    assert_eq!(collection.count_of::<User>(), 1);
    assert_eq!(collection.count_of::<Order>(), 3);
    // Paged with a small limit, the same items in the same order.
    let paged = ctx
        .client
        .query_collection(User::partition("u1"))
        .limit(1)
        .all()
        .await?;
    assert_eq!(paged, collection.items());
    // A sort condition on the shared sort key selects the orders only.
    let only_orders = ctx
        .client
        .query_collection(User::partition("u1"))
        .sort_begins_with("ORDER#")
        .all()
        .await?;
    assert_eq!(Collection::from(only_orders).count_of::<User>(), 0);
    Ok(())
}

/// Querying a model in a shared partition returns only that model's entity
/// type: the profile is never decoded as an order, nor orders as a profile.
pub async fn collections_model_query_returns_only_its_type(ctx: Ctx) -> Outcome {
    let (ann, orders) = shop(&ctx).await?;
    let got = ctx
        .client
        .query(Order::partition("u1"))
        .consistent_read()
        .all()
        .await?;
    assert_eq!(got, orders);
    let got = ctx
        .client
        .query(User::partition("u1"))
        .consistent_read()
        .all()
        .await?;
    assert_eq!(got, vec![ann]);
    let page = ctx
        .client
        .query(Order::partition("u1"))
        .sort_gt("ORDER#0001")
        .page()
        .await?;
    assert_eq!(page.items, orders[1..]);
    Ok(())
}
