use dynorm::Model;
use serde::{Deserialize, Serialize};

// A key field must be a string, a number or bytes.
#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "readings", partition_key = [device], sort_key = [value])]
struct Reading {
    device: String,
    value: f64,
}

fn main() {}
