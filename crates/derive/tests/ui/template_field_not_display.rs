use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{tags}")]
struct User {
    tags: Vec<String>,
}

fn main() {}
