use dynorm::Model;
use serde::{Deserialize, Serialize};

// Convention settings on a model whose keys are not field lists.
#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "users", pk = "USER#{id}", key_separator = "_", prefix_sort_key = true)]
struct Templated {
    id: String,
}

// An empty separator, one attribute for both keys, a setting that is not a bool,
// a local index.
#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "users", partition_key = [id], key_separator = "", partition_key_name = "k",
         sort_key_name = "k")]
#[dynorm(local_index(name = "ByName", sk = "{name}"))]
struct Settings {
    id: String,
    name: String,
}

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "users", partition_key = [id], suffix_partition_key = "no")]
struct NotBool {
    id: String,
}

// A field stored in a key attribute.
#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "users", partition_key = [id], sort_key_name = "kind")]
struct Clash {
    id: String,
    pk: String,
    kind: String,
}

fn main() {}
