use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}")]
#[dynorm(global_index(name = "ByEmail", pk = "EMAIL#{email}", projection = "everything"))]
struct User {
    id: String,
    email: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}")]
#[dynorm(global_index(name = "ByEmail", pk = "EMAIL#{email}", projection = exclude("a")))]
struct Other {
    id: String,
    email: String,
}

fn main() {}
