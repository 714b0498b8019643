use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(pk = "USER#{id}")]
struct User {
    id: String,
}

fn main() {}
