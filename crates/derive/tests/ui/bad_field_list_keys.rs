use dynorm::Model;
use serde::{Deserialize, Serialize};

// A field that is not there, a field listed twice, an optional key field.
#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "orders", partition_key = [customer_id, order_day], sort_key = [customer_id, note])]
struct Order {
    customer_id: String,
    note: Option<String>,
}

// Field lists mixed with the other ways of writing keys.
#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "orders", partition_key = [id], sk = "ORDER", pk_attr = "PK")]
struct Mixed {
    id: String,
    #[dynorm(sort_key)]
    order_id: String,
}

// An empty list, a sort key list without a partition key list.
#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "orders", partition_key = [])]
struct Empty {
    id: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "orders", sort_key = [id])]
struct SortOnly {
    #[dynorm(partition_key)]
    id: String,
}

fn main() {}
