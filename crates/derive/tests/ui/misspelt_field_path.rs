use dynorm::Model;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}")]
struct User {
    id: String,
    name: String,
    #[serde(skip)]
    session: Option<String>,
}

fn main() {
    // A misspelt field.
    let _ = User::fields().nmae.eq("Ann");
    // A field serde does not store has no path.
    let _ = User::fields().session.exists();
}
