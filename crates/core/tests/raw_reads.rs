//! Model queries and scans turned into raw-item reads with `.raw()`.
#![allow(clippy::unwrap_used)]

use dynorm::client::Page;
use dynorm::model::Hooks;
use dynorm::{attr, Client, Item, Model, Value};
use dynorm_memory::MemoryClient;
use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};

static LOADS: AtomicUsize = AtomicUsize::new(0);

/// Orders and profiles share the table `app`.
#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(
    table = "app",
    pk = "USER#{user}",
    sk = "ORDER#{id}",
    entity = "Order",
    hooks
)]
struct Order {
    user: String,
    id: String,
    total: u32,
}

impl Hooks for Order {
    fn after_load(&mut self) -> Result<(), dynorm::BoxError> {
        LOADS.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{user}", sk = "PROFILE", entity = "Profile")]
struct Profile {
    user: String,
    name: String,
}

async fn setup() -> Client {
    let client = Client::memory();
    client.create_table::<Order>().await.unwrap();
    for (id, total) in [("a", 5), ("b", 50), ("c", 500)] {
        let order = Order {
            user: "1".into(),
            id: id.into(),
            total,
        };
        client.put(&order).await.unwrap();
    }
    let profile = Profile {
        user: "1".into(),
        name: "Ann".into(),
    };
    client.put(&profile).await.unwrap();
    client
}

fn sort_keys(items: &[Item]) -> Vec<&str> {
    items
        .iter()
        .map(|i| i.get("sk").and_then(Value::as_str).unwrap())
        .collect()
}

#[tokio::test]
async fn a_raw_model_query_keeps_its_settings_and_the_entity_filter() {
    let client = setup().await;
    LOADS.store(0, Ordering::SeqCst);

    // Without the entity filter the partition holds the profile too.
    let everything = client
        .table("app")
        .query(dynorm::expr::KeyCondition::partition("pk", "USER#1"));
    assert_eq!(everything.all().await.unwrap().len(), 4);

    let items: Vec<Item> = client
        .query(Order::partition("1"))
        .raw()
        .all()
        .await
        .unwrap();
    assert_eq!(sort_keys(&items), ["ORDER#a", "ORDER#b", "ORDER#c"]);
    assert_eq!(items[0].get("entity_type"), Some(&Value::from("Order")));
    assert_eq!(items[0].get("total"), Some(&Value::from(5)));

    // Settings made before and after `.raw()` both apply.
    let page: Page<Item> = client
        .query(Order::partition("1"))
        .filter(attr("total").ge(50))
        .reverse()
        .raw()
        .sort_begins_with("ORDER#")
        .project(["sk", "total"])
        .take(1)
        .page()
        .await
        .unwrap();
    assert_eq!(sort_keys(&page.items), ["ORDER#c"]);
    assert_eq!(page.items[0].len(), 2, "projected: {:?}", page.items[0]);

    // Its cursor continues the same query made for models.
    let rest: Vec<Order> = client
        .query(Order::partition("1"))
        .filter(attr("total").ge(50))
        .reverse()
        .sort_begins_with("ORDER#")
        .cursor_opt(page.cursor)
        .all()
        .await
        .unwrap();
    assert_eq!(
        rest.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
        ["b"]
    );
    assert_eq!(
        LOADS.load(Ordering::SeqCst),
        1,
        "after_load ran for the models only"
    );
}

#[tokio::test]
async fn a_raw_model_scan_returns_only_the_models_items() {
    let client = setup().await;
    let items: Vec<Item> = client
        .scan::<Profile>()
        .raw()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(sort_keys(&items), ["PROFILE"]);
    let mut orders: Vec<Item> = client
        .scan::<Order>()
        .raw()
        .parallel(2)
        .try_collect()
        .await
        .unwrap();
    orders.sort_by(|a, b| {
        a.get("sk")
            .map(|v| format!("{v:?}"))
            .cmp(&b.get("sk").map(|v| format!("{v:?}")))
    });
    assert_eq!(sort_keys(&orders), ["ORDER#a", "ORDER#b", "ORDER#c"]);
}
