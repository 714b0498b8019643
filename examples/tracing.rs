//! Every operation as a `tracing` span, printed to stdout by
//! tracing-subscriber's fmt layer when each span closes:
//! `cargo run --example tracing`.

use dynorm::backend::ReturnConsumedCapacity;
use dynorm::{Client, Model};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tracing_subscriber::fmt::format::FmtSpan;

/// A book stored under `pk = "BOOK#<isbn>"`.
#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(table = "books", pk = "BOOK#{isbn}")]
struct Book {
    isbn: String,
    title: String,
}

#[tokio::main]
async fn main() -> dynorm::Result<()> {
    // Print each span, with its fields, as it closes.
    tracing_subscriber::fmt()
        .with_span_events(FmtSpan::CLOSE)
        .with_target(false)
        .with_ansi(false)
        .init();

    // Tracing is on by default; ask for consumed capacity to see it in the spans too.
    let client = Client::builder(Arc::new(dynorm_memory::MemoryBackend::new()))
        .return_consumed_capacity(ReturnConsumedCapacity::Total)
        .build();
    client.create_table::<Book>().await?;
    let book = Book {
        isbn: "978-0131103627".into(),
        title: "The C Programming Language".into(),
    };
    client.put(&book).await?;
    let found = client
        .get(Book::key("978-0131103627"))
        .consistent_read()
        .await?;
    println!("found: {found:?}");
    // A failure is a span with `error.type`.
    let missing = client
        .table("no_such_table")
        .get(dynorm::Item::new().with("pk", "x"))
        .await;
    if let Err(e) = missing {
        println!("missing table: {e}");
    }
    Ok(())
}
