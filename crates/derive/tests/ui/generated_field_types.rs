use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t")]
struct WrongTypes {
    #[dynorm(partition_key)]
    id: String,
    #[dynorm(generate = "uuid_v4")]
    token: u64,
    #[dynorm(updated_at)]
    updated: String,
}

fn main() {}
