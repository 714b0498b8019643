//! Fixtures shared by dynorm's benchmarks.
//!
//! - [`Order`]: a realistic ~20-field model (strings, integers, a `Decimal`
//!   stored as `N`, booleans, bytes, `Option`s some `None`, a nested struct, a
//!   list and a string set) as dynorm users write it.
//! - [`IndexedOrder`]: a smaller order in a table with a global index, for
//!   the index query and scan benches.
//! - [`CompactOrder`]: a 13-attribute, ~950-byte order, the item of the
//!   comparison with Dynoxide.
//! - [`SdOrder`]: the same fields written for `serde_dynamo`, with the same
//!   data ([`SdOrder::from`]), so that both codecs produce the same DynamoDB
//!   document (the `Decimal` goes through `f64` on serde_dynamo's side, which
//!   has no exact `N` for it, as its users do; for the fixtures' prices that
//!   gives the same `N` text, and a test checks the documents are identical).
//! - [`current_thread_runtime`], [`memory_client`], [`raw_local_client`]: the
//!   runtimes and clients the benches run on.
//! - [`LatencyProxy`]: network latency in front of DynamoDB Local, to measure
//!   what a client does with a real service's round trip.
//!
//! The benches themselves live in `benches/`; `scripts/bench.sh` runs them
//! all, and BENCHMARKS.md at the repository root holds the figures.

mod compact_order;
mod latency_proxy;
pub mod paired;

pub use compact_order::{CompactOrder, COMPACT_NOTE};
pub use latency_proxy::LatencyProxy;

use dynorm::Model;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A shipping address: a nested struct, stored as a map (`M`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    /// Street and number.
    pub line1: String,
    /// City.
    pub city: String,
    /// Postal code.
    pub postcode: String,
    /// ISO country code.
    pub country: String,
}

/// An order: the benchmark model (partition key `customer`, sort key `order_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "bench_orders")]
pub struct Order {
    /// Partition key.
    #[dynorm(partition_key)]
    pub customer: String,
    /// Sort key (zero-padded so that string order is numeric order).
    #[dynorm(sort_key)]
    pub order_id: String,
    /// Order status.
    pub status: String,
    /// Customer e-mail.
    pub email: String,
    /// Sales channel.
    pub channel: String,
    /// Number of units.
    pub quantity: u32,
    /// Total in cents.
    pub total_cents: i64,
    /// Creation time (Unix seconds).
    pub created_at: u64,
    /// Unit price, exact.
    #[serde(with = "dynorm::value::decimal")]
    pub price: Decimal,
    /// Whether it is paid.
    pub paid: bool,
    /// Whether it is a gift.
    pub gift: bool,
    /// A signature (bytes, `B`).
    #[serde(with = "serde_bytes")]
    pub signature: Vec<u8>,
    /// Free text.
    pub note: Option<String>,
    /// Coupon code (`None` in the fixtures).
    pub coupon: Option<String>,
    /// Discount in percent (`None` in the fixtures).
    pub discount_pct: Option<u8>,
    /// Shipping time.
    pub shipped_at: Option<u64>,
    /// Shipping address (a map).
    pub shipping: Address,
    /// Line SKUs (a list).
    pub lines: Vec<String>,
    /// Labels (a string set, `SS`).
    #[serde(with = "dynorm::value::string_set")]
    pub tags: BTreeSet<String>,
    /// Parcel weight.
    pub weight_kg: f64,
    /// Optimistic-lock version.
    pub version: u32,
}

impl Order {
    /// Order number `n` of `customer`, with a note of `note_len` characters.
    pub fn sample(customer: &str, n: usize, note_len: usize) -> Order {
        let mut note = String::with_capacity(note_len);
        while note.len() < note_len {
            note.push_str("Please leave the parcel at the back door. ");
        }
        note.truncate(note_len);
        Order {
            customer: customer.to_owned(),
            order_id: format!("ORDER#{n:08}"),
            status: "SHIPPED".to_owned(),
            email: format!("{customer}@example.com"),
            channel: "web".to_owned(),
            quantity: 3 + (n % 7) as u32,
            total_cents: 129_990 + n as i64,
            created_at: 1_700_000_000 + n as u64,
            price: Decimal::new(4_333 + (n % 100) as i64, 2),
            paid: true,
            gift: n % 2 == 0,
            signature: (0..32u8)
                .map(|b| b.wrapping_mul(7).wrapping_add(n as u8))
                .collect(),
            note: Some(note),
            coupon: None,
            discount_pct: None,
            shipped_at: Some(1_700_086_400 + n as u64),
            shipping: Address {
                line1: "221B Baker Street".to_owned(),
                city: "London".to_owned(),
                postcode: "NW1 6XE".to_owned(),
                country: "GB".to_owned(),
            },
            lines: (0..5).map(|i| format!("SKU-{:05}", n * 5 + i)).collect(),
            tags: ["priority", "fragile", "eu"]
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            weight_kg: 2.75,
            version: 1,
        }
    }
}

/// An order in a table with a global index on its status: the model of the
/// index and scan benches (`memory/index`). Partition key `customer`, sort
/// key `order_id`; `StatusIndex` has partition key `status` and sort key
/// `created_at` (a number), projecting every attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "bench_indexed_orders")]
#[dynorm(global_index(name = "StatusIndex", pk_field = "status", sk_field = "created_at"))]
pub struct IndexedOrder {
    /// Partition key.
    #[dynorm(partition_key)]
    pub customer: String,
    /// Sort key (zero-padded so that string order is numeric order).
    #[dynorm(sort_key)]
    pub order_id: String,
    /// Order status: the index partition key.
    pub status: String,
    /// Creation time (Unix seconds): the index sort key.
    pub created_at: u64,
    /// Total in cents.
    pub total_cents: i64,
    /// Free text.
    pub note: String,
}

impl IndexedOrder {
    /// Statuses the samples cycle through (one index partition each).
    pub const STATUSES: [&'static str; 10] = [
        "NEW",
        "PAID",
        "PICKED",
        "PACKED",
        "SHIPPED",
        "DELIVERED",
        "RETURNED",
        "REFUNDED",
        "CANCELLED",
        "ARCHIVED",
    ];

    /// Order number `n`: customer `n / 100` (100 orders each), status
    /// `n % 10`, creation time `1_700_000_000 + n`, a note of `note_len`
    /// characters.
    pub fn sample(n: usize, note_len: usize) -> IndexedOrder {
        let mut note = String::with_capacity(note_len);
        while note.len() < note_len {
            note.push_str("Please leave the parcel at the back door. ");
        }
        note.truncate(note_len);
        IndexedOrder {
            customer: format!("customer-{:04}", n / 100),
            order_id: format!("ORDER#{n:08}"),
            status: Self::STATUSES[n % Self::STATUSES.len()].to_owned(),
            created_at: 1_700_000_000 + n as u64,
            total_cents: 129_990 + n as i64,
            note,
        }
    }
}

/// [`Order`] written for serde_dynamo: the same fields, with serde_dynamo's
/// string-set wrapper, the `Decimal` as a float number (`N`), and `None`s
/// left out of the item as dynorm leaves them out (serde_dynamo would
/// otherwise write `NULL`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SdOrder {
    pub customer: String,
    pub order_id: String,
    pub status: String,
    pub email: String,
    pub channel: String,
    pub quantity: u32,
    pub total_cents: i64,
    pub created_at: u64,
    #[serde(with = "rust_decimal::serde::float")]
    pub price: Decimal,
    pub paid: bool,
    pub gift: bool,
    #[serde(with = "serde_bytes")]
    pub signature: Vec<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discount_pct: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipped_at: Option<u64>,
    pub shipping: Address,
    pub lines: Vec<String>,
    #[serde(with = "serde_dynamo::string_set")]
    pub tags: BTreeSet<String>,
    pub weight_kg: f64,
    pub version: u32,
}

impl From<&Order> for SdOrder {
    fn from(o: &Order) -> SdOrder {
        SdOrder {
            customer: o.customer.clone(),
            order_id: o.order_id.clone(),
            status: o.status.clone(),
            email: o.email.clone(),
            channel: o.channel.clone(),
            quantity: o.quantity,
            total_cents: o.total_cents,
            created_at: o.created_at,
            price: o.price,
            paid: o.paid,
            gift: o.gift,
            signature: o.signature.clone(),
            note: o.note.clone(),
            coupon: o.coupon.clone(),
            discount_pct: o.discount_pct,
            shipped_at: o.shipped_at,
            shipping: o.shipping.clone(),
            lines: o.lines.clone(),
            tags: o.tags.clone(),
            weight_kg: o.weight_kg,
            version: o.version,
        }
    }
}

/// The runtime every async bench runs on: one thread, so that the figures are
/// per core.
///
/// # Panics
/// When tokio cannot build a runtime (benchmark setup only).
#[allow(clippy::expect_used)]
pub fn current_thread_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread tokio runtime")
}

/// Items seeded in the queried partition of [`LocalSetup`].
pub const LOCAL_SEEDED: usize = 1_000;
/// Note length of the DynamoDB Local benches' items (~0.6 KB each).
pub const LOCAL_NOTE: usize = 200;
/// Requests of each kind [`LocalSetup::new`] sends before anything is
/// measured (DynamoDB Local's JIT warm-up).
const LOCAL_WARM_UP: usize = 300;

/// What the DynamoDB Local benches run on: a runtime, a dynorm client and a
/// raw SDK client on the same endpoint, and the [`Order`] table (prefixed
/// per process) seeded with [`LOCAL_SEEDED`] orders of customer `hot`.
pub struct LocalSetup {
    /// The runtime the requests run on.
    pub rt: tokio::runtime::Runtime,
    /// dynorm, on `DynamoDbBackend::local`.
    pub client: dynorm::Client,
    /// The raw SDK client, built exactly as dynorm's.
    pub raw: aws_sdk_dynamodb::Client,
    /// The table's full name.
    pub table: String,
    /// Orders seeded (`ORDER#00000000` on).
    pub seeded: usize,
}

impl LocalSetup {
    /// Creates and seeds the table; `tag` keeps benches apart.
    pub fn new(endpoint: &str, tag: &str) -> LocalSetup {
        let rt = current_thread_runtime();
        let prefix = format!("bench{}_{tag}_", std::process::id());
        let client = dynorm::Client::builder(std::sync::Arc::new(
            dynorm_dynamodb::DynamoDbBackend::local(endpoint),
        ))
        .table_prefix(prefix)
        .build();
        let raw = raw_local_client(endpoint);
        let table = client.table_name(Order::schema().table);
        rt.block_on(async {
            let _ = client
                .backend()
                .delete_table(dynorm::backend::DeleteTableRequest::new(&table))
                .await;
            client.create_table::<Order>().await.expect("create table");
            let seed: Vec<Order> = (0..LOCAL_SEEDED)
                .map(|n| Order::sample("hot", n, LOCAL_NOTE))
                .collect();
            let written = client.batch_write().put_all(&seed).await.expect("seed");
            assert_eq!(written, LOCAL_SEEDED);
            // DynamoDB Local runs on the JVM: serve every request shape a few
            // hundred times before anything is measured.
            for order in seed.iter().take(LOCAL_WARM_UP) {
                client.put(order).await.expect("warm-up put");
                client
                    .get(Order::key("hot", order.order_id.clone()))
                    .await
                    .expect("warm-up get");
                client
                    .query(Order::partition("hot"))
                    .sort_ge("ORDER#00000500")
                    .limit(100)
                    .page()
                    .await
                    .expect("warm-up query");
            }
        });
        LocalSetup {
            rt,
            client,
            raw,
            table,
            seeded: LOCAL_SEEDED,
        }
    }

    /// Deletes the table.
    pub fn drop_table(&self) {
        let _ = self.rt.block_on(
            self.client
                .backend()
                .delete_table(dynorm::backend::DeleteTableRequest::new(&self.table)),
        );
    }
}

/// A client on a fresh memory backend.
pub fn memory_client() -> dynorm::Client {
    dynorm::Client::new(dynorm_memory::MemoryBackend::new())
}

/// `DYNORM_DYNAMODB_ENDPOINT`, or `None` after printing why the DynamoDB Local
/// benches are skipped.
pub fn local_endpoint() -> Option<String> {
    match std::env::var("DYNORM_DYNAMODB_ENDPOINT") {
        Ok(e) if !e.is_empty() => Some(e),
        _ => {
            eprintln!(
                "SKIPPED: DynamoDB Local benches (DYNORM_DYNAMODB_ENDPOINT is unset; \
                 scripts/bench.sh starts DynamoDB Local and sets it)"
            );
            None
        }
    }
}

/// A plain aws-sdk-dynamodb client on `endpoint`: the very SDK client
/// `DynamoDbBackend::local` builds (same region, credentials and retry
/// settings), so both sides of a comparison send through the same stack.
pub fn raw_local_client(endpoint: &str) -> aws_sdk_dynamodb::Client {
    dynorm_dynamodb::DynamoDbBackend::local(endpoint)
        .sdk_client()
        .clone()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn both_codecs_round_trip_the_fixture() {
        let order = Order::sample("c1", 7, 200);
        let item = dynorm::to_item(&order).unwrap();
        assert_eq!(
            item.get("tags").map(|v| v.value_type()),
            Some(dynorm::ValueType::Ss)
        );
        assert_eq!(
            item.get("price").map(|v| v.value_type()),
            Some(dynorm::ValueType::N)
        );
        assert_eq!(dynorm::from_item::<Order>(item).unwrap(), order);

        let sd = SdOrder::from(&order);
        let attrs: std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> =
            serde_dynamo::to_item(&sd).unwrap();
        assert!(attrs["tags"].is_ss());
        assert!(attrs["price"].is_n());
        assert_eq!(serde_dynamo::from_item::<_, SdOrder>(attrs).unwrap(), sd);
    }

    #[test]
    fn dynorm_sends_the_same_document_as_serde_dynamo() {
        let order = Order::sample("c1", 7, 200);
        let ours = dynorm_dynamodb::convert::item_into_attrs(dynorm::to_item(&order).unwrap());
        let theirs: std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> =
            serde_dynamo::to_item(SdOrder::from(&order)).unwrap();
        let mut names: Vec<_> = ours.keys().collect();
        names.sort();
        let mut their_names: Vec<_> = theirs.keys().collect();
        their_names.sort();
        assert_eq!(names, their_names);
        for (name, value) in &ours {
            assert_eq!(Some(value), theirs.get(name), "attribute {name}");
        }
    }
}
