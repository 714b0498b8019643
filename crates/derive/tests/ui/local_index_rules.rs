use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}")]
#[dynorm(local_index(name = "ByEmail", sk = "EMAIL#{email}"))]
#[dynorm(global_index(name = "NoKey"))]
#[dynorm(ttl = "expiry")]
struct User {
    id: String,
    email: String,
    primary: Option<String>,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "bad table!")]
struct Optional {
    #[dynorm(partition_key)]
    id: Option<String>,
}

fn main() {}
