use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "X")]
enum Kind {
    A,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "X")]
struct Pair(String, String);

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "X#{id}")]
struct Generic<T> {
    id: String,
    value: T,
}

fn main() {}
