use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}", sk = "PROFILE")]
#[dynorm(global_index(name = "ByEmail", pk = "EMAIL#{email}"))]
#[dynorm(local_index(name = "ByEmail", sk = "EMAIL#{email}"))]
struct User {
    id: String,
    email: String,
}

fn main() {}
