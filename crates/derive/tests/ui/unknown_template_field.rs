use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{user_id}")]
#[dynorm(global_index(name = "ByTenant", pk = "TENANT#{tenant}"))]
struct User {
    id: String,
}

fn main() {}
