use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}")]
struct User {
    #[dynorm(partition_key)]
    id: String,
}

fn main() {}
