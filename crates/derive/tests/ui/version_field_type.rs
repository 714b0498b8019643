use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t", pk = "DOC#{id}")]
struct TextVersion {
    id: String,
    #[dynorm(version)]
    version: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t", pk = "DOC#{id}")]
struct OptionalVersion {
    id: String,
    #[dynorm(version)]
    version: Option<u64>,
}

fn main() {}
