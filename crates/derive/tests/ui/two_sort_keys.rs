use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "orders")]
struct Order {
    #[dynorm(partition_key)]
    customer: String,
    #[dynorm(sort_key)]
    number: u64,
    #[dynorm(sort_key)]
    created: u64,
}

fn main() {}
