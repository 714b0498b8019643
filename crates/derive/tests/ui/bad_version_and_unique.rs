use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t", pk = "USER#{email}", sk = "PROFILE")]
struct UniqueKey {
    #[dynorm(unique)]
    email: String,
    #[dynorm(unique)]
    handle: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t")]
struct UniquePartitionKey {
    #[dynorm(partition_key, unique)]
    id: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t", pk = "DOC#{id}")]
struct TwoVersions {
    id: String,
    #[dynorm(version)]
    version: u64,
    #[dynorm(version)]
    revision: u64,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "t", pk = "DOC#{id}", sk = "V#{version}")]
struct VersionInKey {
    id: String,
    #[dynorm(version)]
    version: u64,
}

fn main() {}
