//! dynorm in one screen, on the embedded memory backend:
//! `cargo run --example quickstart`.

use dynorm::{attr, Client, Model};
use dynorm_memory::MemoryClient;
use serde::{Deserialize, Serialize};

/// A user stored under `pk = "USER#<id>"`, `sk = "PROFILE"`.
#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}", sk = "PROFILE", entity = "User")]
struct User {
    id: String,
    name: String,
    email: String,
    #[serde(default)]
    logins: u32,
}

#[tokio::main]
async fn main() -> dynorm::Result<()> {
    // The embedded default: an in-process store that behaves like DynamoDB.
    let client = Client::memory();
    client.create_table::<User>().await?;
    println!("created table `app` (pk, sk)");

    // Create: fails if an item with the same key exists.
    let ann = User {
        id: "42".into(),
        name: "Ann".into(),
        email: "ann@example.com".into(),
        logins: 0,
    };
    client.create(&ann).await?;
    println!("created {ann:?}");
    println!(
        "stored item: {}",
        serde_json::to_string(&ann.to_json()?).unwrap_or_default()
    );

    // Get by key values alone.
    let found = client.get(User::key("42")).consistent_read().await?;
    println!("get  -> {found:?}");

    // Update in place, returning the new item.
    let updated = client
        .update(User::key("42"))
        .set("name", "Ann Smith")
        .add("logins", 1)
        .return_new()
        .await?;
    println!("update -> {updated:?}");

    // A conditional write that fails: the key exists already.
    match client.create(&ann).await {
        Err(e) if e.is_condition_failed() => {
            println!("create again -> condition failed, as expected: {e}")
        }
        other => println!("create again -> unexpected: {other:?}"),
    }

    // A condition on a field: only delete users that never logged in.
    match client
        .delete(User::key("42"))
        .condition(attr("logins").eq(0))
        .await
    {
        Err(e) if e.is_condition_failed() => {
            println!("delete if logins = 0 -> condition failed: {e}")
        }
        other => println!("delete if logins = 0 -> unexpected: {other:?}"),
    }

    // Unconditional delete, returning the old item.
    let old = client.delete(User::key("42")).return_old().await?;
    println!("delete -> removed {old:?}");
    println!(
        "get after delete -> {:?}",
        client.get(User::key("42")).await?
    );
    Ok(())
}
