use dynorm::Model;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Serialize, Deserialize)]
struct Address {
    city: String,
}

#[derive(Serialize, Deserialize, dynorm::Attributes)]
struct Geo {
    lat: f64,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}")]
struct User {
    id: String,
    address: Address,
    geo: Geo,
    tags: Vec<String>,
    scores: HashMap<String, u32>,
}

fn main() {
    let f = User::fields();
    // Address does not derive Attributes.
    let _ = f.address.fields();
    // A misspelt nested field.
    let _ = f.geo.fields().lat_;
    // A string is no list, a list no map.
    let _ = f.id.at(0);
    let _ = f.tags.key("x");
    // A map's values are numbers here, not structs.
    let _ = f.scores.key("x").fields();
}
