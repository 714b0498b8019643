use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}", entity)]
#[dynorm(global_index(name = "A", pk = "A#{id}", pk_attr = "gsi1"))]
#[dynorm(global_index(name = "B", pk = "B#{id}", pk_attr = "gsi1"))]
struct User {
    id: String,
    pk: String,
    entity_type: String,
}

fn main() {}
