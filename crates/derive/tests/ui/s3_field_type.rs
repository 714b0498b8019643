use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "docs")]
struct WrongType {
    #[dynorm(partition_key)]
    id: String,
    #[dynorm(s3(bucket = "b"))]
    content: Vec<u8>,
}

fn main() {}
