use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "book", versioned)]
struct MissingFields {
    entity_id: String,
    version: String,
    title: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "book", pk = "BOOK#{entity_id}", versioned)]
struct TemplateKey {
    entity_id: String,
    version: String,
    previous_version: String,
    active: bool,
    changed_by_id: String,
    changed_on: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "book", versioned(audit_table = "bad name!", history = "x"))]
struct BadOptions {
    entity_id: String,
    version: String,
    previous_version: String,
    active: bool,
    changed_by_id: String,
    changed_on: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "book", versioned)]
struct OtherPartitionKey {
    #[dynorm(partition_key)]
    isbn: String,
    entity_id: String,
    version: String,
    previous_version: String,
    active: bool,
    changed_by_id: String,
    changed_on: String,
}

fn main() {}
