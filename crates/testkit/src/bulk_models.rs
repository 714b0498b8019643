//! Models of the read-and-bulk scenarios (queries, scans, indexes, batches,
//! transactions), besides the shared ones in [`models`](crate::models).

use dynorm::Model;
use serde::{Deserialize, Serialize};

/// A document in a folder: plain-field keys with a string sort key, a sparse
/// global index, a keys-only global index and a local index on a number.
///
/// - `CategoryIndex` (global): partition `CAT#{category}` in
///   `gsi_pk_CategoryIndex`, sort key `name`; documents without a category
///   are not in it.
/// - `ShelfIndex` (global, keys only): partition key `shelf`, no sort key.
/// - `RankIndex` (local): the folder's documents ordered by `rank` (a number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "docs")]
#[dynorm(global_index(name = "CategoryIndex", pk = "CAT#{category}", sk_field = "name"))]
#[dynorm(global_index(name = "ShelfIndex", pk_field = "shelf", projection = "keys_only"))]
#[dynorm(local_index(name = "RankIndex", sk_field = "rank"))]
pub struct Doc {
    /// Partition key.
    #[dynorm(partition_key)]
    pub folder: String,
    /// Sort key (a string).
    #[dynorm(sort_key)]
    pub name: String,
    /// Sort key of `RankIndex`.
    pub rank: i64,
    /// Category (`None`: absent from `CategoryIndex`).
    pub category: Option<String>,
    /// Partition key of `ShelfIndex`.
    pub shelf: String,
    /// Free text.
    pub body: String,
}

impl Doc {
    /// A document with no category, on shelf `main` and an empty body.
    pub fn new(folder: &str, name: &str, rank: i64) -> Doc {
        Doc {
            folder: folder.to_owned(),
            name: name.to_owned(),
            rank,
            category: None,
            shelf: "main".to_owned(),
            body: String::new(),
        }
    }

    /// Builder-style category.
    #[must_use]
    pub fn in_category(mut self, category: &str) -> Doc {
        self.category = Some(category.to_owned());
        self
    }
}
