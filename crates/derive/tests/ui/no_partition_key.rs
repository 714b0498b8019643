use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", sk = "PROFILE")]
struct User {
    id: String,
}

fn main() {}
