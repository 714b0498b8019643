use dynorm::attributes::S3Object;
use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "docs")]
struct NoBucket {
    #[dynorm(partition_key)]
    id: String,
    #[dynorm(s3(prefix = "docs/"))]
    content: Option<S3Object>,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "docs")]
struct UnmarkedObject {
    #[dynorm(partition_key)]
    id: String,
    content: Option<S3Object>,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "docs")]
struct UnknownS3Option {
    #[dynorm(partition_key)]
    id: String,
    #[dynorm(s3(bucket = "b", acl = "public"))]
    content: S3Object,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "docs")]
struct KeyInS3 {
    #[dynorm(partition_key, s3(bucket = "b"))]
    id: String,
}

fn main() {}
