use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id", sk = "A}")]
struct User {
    id: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{}")]
struct Empty {
    id: String,
}

fn main() {}
