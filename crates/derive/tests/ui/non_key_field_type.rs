use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app")]
struct Tagged {
    #[dynorm(partition_key)]
    score: f64,
}

fn main() {}
