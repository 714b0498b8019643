//! `.params()` of every builder is the request the DynamoDB backend sends:
//! an SDK interceptor captures each serialized request (its `X-Amz-Target`
//! and JSON body) just before it would go out, stops it there, and the body
//! is compared with the `Params` of the same builder serialized as JSON. No
//! server is needed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use aws_sdk_dynamodb::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::{
    BehaviorVersion, ConfigBag, Credentials, Intercept, Region, RuntimeComponents,
};
use dynorm::backend::Params;
use dynorm::{attr, names, values, Client, Item, Update, Value};
use dynorm_dynamodb::DynamoDbBackend;
use dynorm_testkit::models::{Product, User};
use serde_json::Value as Json;
use std::sync::{Arc, Mutex};

type Captured = Arc<Mutex<Vec<(String, Json)>>>;

#[derive(Debug)]
struct Capture(Captured);

impl Intercept for Capture {
    fn name(&self) -> &'static str {
        "Capture"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let request = context.request();
        let target = request
            .headers()
            .get("x-amz-target")
            .unwrap_or_default()
            .to_owned();
        let body: Json = serde_json::from_slice(request.body().bytes().unwrap_or_default())?;
        self.0.lock().unwrap().push((target, body));
        Err("captured; not sent".into())
    }
}

/// A client whose requests are captured and never sent.
fn capturing() -> (Client, Captured) {
    let captured = Captured::default();
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("k", "s", None, None, "test"))
        .endpoint_url("http://127.0.0.1:9")
        .retry_config(RetryConfig::disabled())
        .interceptor(Capture(captured.clone()))
        .build();
    let backend = DynamoDbBackend::from_client(aws_sdk_dynamodb::Client::from_conf(config));
    let client = Client::from_backend(Arc::new(backend)).with_table_prefix("test_");
    (client, captured)
}

/// The request captured since the last call, as (operation, body); a call
/// retried sends the same request again.
fn sent(captured: &Captured) -> (String, Json) {
    let all: Vec<(String, Json)> = std::mem::take(&mut *captured.lock().unwrap());
    assert!(!all.is_empty(), "a request was sent");
    assert!(all.iter().all(|r| *r == all[0]), "one request: {all:?}");
    all[0].clone()
}

#[track_caller]
fn same(params: &Params, (target, body): (String, Json)) {
    let op = params.operation.expect("a whole request");
    assert_eq!(target, format!("DynamoDB_20120810.{op}"));
    let shown = serde_json::to_value(params).unwrap();
    assert_eq!(shown, body, "params {params}");
}

fn product() -> Product {
    Product {
        category_id: "electronics".into(),
        product_id: "prod-123".into(),
        name: "Headphones".into(),
        price: 299,
        stock: 50,
        active: true,
    }
}

#[tokio::test]
async fn single_item_operations() {
    let (c, captured) = capturing();

    let get = || {
        c.get(Product::key("electronics", "prod-123"))
            .consistent_read()
            .projection_expr("product_id, #n, price")
            .names(names! { "#n" => "name" })
    };
    let params = get().params().unwrap();
    assert_eq!(params.table_name.as_deref(), Some("test_products"));
    assert!(get().await.is_err());
    same(&params, sent(&captured));

    let raw_get = || {
        c.table("t")
            .get(Item::new().with("pk", "a"))
            .project(["b.c[1]"])
    };
    let params = raw_get().params().unwrap();
    assert!(raw_get().await.is_err());
    same(&params, sent(&captured));

    let put = || {
        c.put(&product())
            .condition_expr("attribute_not_exists(category_id) OR price < :max")
            .values(values! { ":max" => 300 })
            .condition(attr("stock").gt(1))
            .return_old()
            .return_old_on_condition_failure()
    };
    let params = put().params().unwrap();
    assert_eq!(params.return_values, Some("ALL_OLD"));
    assert!(put().await.is_err());
    same(&params, sent(&captured));

    let update = || {
        c.update(Product::key("electronics", "prod-123"))
            .set("active", false)
            .update_expr(
                "SET #s = #s - :one ADD sold :one REMOVE draft",
                names! { "#s" => "stock" },
                values! { ":one" => 1 },
            )
            .condition_expr("#s >= :one")
            .return_values(dynorm::backend::ReturnValues::UpdatedNew)
    };
    let params = update().params().unwrap();
    assert!(params.update_expression.is_some());
    assert!(update().await.is_err());
    same(&params, sent(&captured));

    let delete = || {
        c.table("sessions")
            .delete(Item::new().with("pk", "s1"))
            .condition_expr("expires_at < :now")
            .values(values! { ":now" => "2024-01-15" })
    };
    let params = delete().params().unwrap();
    assert!(delete().await.is_err());
    same(&params, sent(&captured));
}

#[tokio::test]
async fn reads() {
    let (c, captured) = capturing();

    let query = || {
        c.query(User::partition("1"))
            .filter_expr(
                "age > :min AND size(tags) > :n",
                values! { ":min" => 18, ":n" => 0 },
            )
            .filter(attr("tenant").exists())
            .projection_expr("id, #n")
            .names(names! { "#n" => "name" })
            .reverse()
            .limit(25)
            .consistent_read()
    };
    let params = query().params().unwrap();
    assert_eq!(params.scan_index_forward, Some(false));
    assert!(query().page().await.is_err());
    same(&params, sent(&captured));

    let keyed = || {
        c.table("app")
            .query_expr(
                "pk = :p AND begins_with(sk, :s)",
                values! { ":p" => "USER#1", ":s" => "ORDER#" },
            )
            .index("ByDate")
            .take(5)
    };
    let params = keyed().params().unwrap();
    assert_eq!(params.limit, Some(5));
    assert!(keyed().page().await.is_err());
    same(&params, sent(&captured));

    let scan = || {
        c.scan::<Product>()
            .filter_expr(
                "category_id = :category",
                values! { ":category" => "electronics" },
            )
            .segment(1, 4)
    };
    let params = scan().params().unwrap();
    assert_eq!(params.total_segments, Some(4));
    assert!(scan().page().await.is_err());
    same(&params, sent(&captured));
}

#[tokio::test]
async fn batches_and_transactions() {
    let (c, captured) = capturing();

    let batch = || {
        c.batch_get([
            Product::key("electronics", "prod-1"),
            Product::key("books", "prod-2"),
        ])
        .projection_expr("#n, price")
        .names(names! { "#n" => "name" })
        .consistent_read()
    };
    let params = batch().params().unwrap();
    assert_eq!(params.len(), 1);
    let _ = batch().send_partial().await;
    same(&params[0], sent(&captured));

    let write = || {
        c.transact_write()
            .check_item_expr(
                "accounts",
                Item::new().with("pk", "a"),
                "balance >= :amount AND active = :active",
                values! { ":amount" => Value::from(100), ":active" => true },
            )
            .update_item_expr(
                "accounts",
                Item::new().with("pk", "a2"),
                "SET balance = balance - :amount",
                names! {},
                values! { ":amount" => 100 },
            )
            .put(&product())
            .condition_expr("attribute_not_exists(category_id)")
            .update_item(
                "accounts",
                Item::new().with("pk", "b"),
                Update::new().add("balance", 100),
            )
            .delete_item("accounts", Item::new().with("pk", "c"))
            .condition(attr("balance").eq(0))
            .return_old_on_condition_failure()
            .token("token-1")
    };
    let params = write().params().unwrap();
    assert_eq!(params.transact_items.as_ref().map(Vec::len), Some(5));
    let err = write().await.expect_err("nothing answers");
    assert!(
        !captured.lock().unwrap().is_empty(),
        "nothing was sent: {err}"
    );
    same(&params, sent(&captured));

    let read = || {
        c.transact_get()
            .get(Product::key("electronics", "prod-1"))
            .projection_expr("price")
            .get_item("accounts", Item::new().with("pk", "a"))
    };
    let params = read().params().unwrap();
    assert!(read().await.is_err());
    same(&params, sent(&captured));
}
