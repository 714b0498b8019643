use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "book", versioned)]
struct WrongTypes {
    entity_id: String,
    version: u64,
    previous_version: String,
    active: String,
    changed_by_id: String,
    changed_on: String,
}

fn main() {}
