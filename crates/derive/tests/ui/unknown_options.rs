use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}", partition = "x", table = "again")]
#[dynorm(global_index(name = "ByEmail", pk = "EMAIL#{email}", hash_key = "x"))]
#[dynorm(local_index(name = "Local", pk = "P#{id}", sk = "S#{email}"))]
struct User {
    #[dynorm(primary)]
    id: String,
    email: String,
}

fn main() {}
