use dynorm::attributes::Timestamp;
use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t")]
struct Nope {
    #[dynorm(partition_key, generate = "nope")]
    id: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t")]
struct TwoCreated {
    #[dynorm(partition_key)]
    id: String,
    #[dynorm(created_at)]
    a: Timestamp,
    #[dynorm(created_at)]
    b: Timestamp,
    #[dynorm(updated_at, created_at)]
    c: Timestamp,
}

fn main() {}
