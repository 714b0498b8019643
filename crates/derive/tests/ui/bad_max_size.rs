use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t", max_size = "x")]
struct Text {
    #[dynorm(partition_key)]
    id: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t", max_size = 0)]
struct Zero {
    #[dynorm(partition_key)]
    id: String,
}

fn main() {}
