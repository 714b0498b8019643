//! Seed 004's Book Library Tracker on the embedded memory backend:
//! `cargo run --example book_library`.
//!
//! A versioned book (rococo's storage format): every save writes a new
//! version and moves the one it replaced to `book_audit` in the same
//! transaction; a change sink receives each committed change.

use dynorm::versioned::{as_actor, async_trait, ChangeEvent, ChangeSink, ChangedOn, ZERO_VERSION};
use dynorm::{attr, BoxError, Client, Model};
use dynorm_memory::MemoryClient;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// rococo's `Book(VersionedModel)`: the six version fields, then the book's own.
#[derive(Debug, Clone, Serialize, Deserialize, Model)]
#[dynorm(table = "book", versioned)]
struct Book {
    entity_id: String,
    version: String,
    previous_version: String,
    active: bool,
    changed_by_id: String,
    changed_on: ChangedOn,
    title: Option<String>,
    author: Option<String>,
    /// `to_read`, `reading` or `finished`.
    status: Option<String>,
    /// 1 to 5 stars.
    rating: Option<i64>,
}

impl Book {
    fn new(title: &str, author: &str) -> Book {
        Book {
            entity_id: String::new(),
            version: ZERO_VERSION.into(),
            previous_version: ZERO_VERSION.into(),
            active: true,
            changed_by_id: ZERO_VERSION.into(),
            changed_on: ChangedOn::now(),
            title: Some(title.into()),
            author: Some(author.into()),
            status: Some("to_read".into()),
            rating: None,
        }
    }
}

/// Prints each event, as rococo's mock message adapter does.
struct PrintEvents;

#[async_trait]
impl ChangeSink for PrintEvents {
    async fn publish(&self, event: &ChangeEvent) -> Result<(), BoxError> {
        println!(
            "   Event: book_events {} v{}",
            event.kind,
            &event.version[..8]
        );
        Ok(())
    }
}

fn stars(book: &Book) -> String {
    "*".repeat(usize::try_from(book.rating.unwrap_or(0)).unwrap_or(0))
}

#[tokio::main]
async fn main() -> dynorm::Result<()> {
    println!("Book Library Tracker\n");
    let client = Client::memory().with_change_sink(Arc::new(PrintEvents));
    client.create_table::<Book>().await?; // `book` and `book_audit`
    let books = client.versioned::<Book>();

    as_actor("librarian-1", async {
        println!("1. Adding a book...");
        let book = Book::new("The Pragmatic Programmer", "David Thomas");
        let saved = books.save(&book).await?.into_inner();
        println!(
            "   Added: '{}' by {}",
            saved.title.as_deref().unwrap_or_default(),
            saved.author.as_deref().unwrap_or_default()
        );

        println!("\n2. Starting to read...");
        let mut reading = saved;
        reading.status = Some("reading".into());
        let updated = books.save(&reading).await?.into_inner();
        println!(
            "   Status: {}",
            updated.status.as_deref().unwrap_or_default()
        );

        println!("\n3. Finished reading!");
        let mut finished = updated.clone();
        finished.status = Some("finished".into());
        finished.rating = Some(5);
        let last = books.save(&finished).await?.into_inner();
        println!(
            "   Status: {}, Rating: {}",
            last.status.as_deref().unwrap_or_default(),
            stars(&last)
        );

        println!("\n4. A stale copy cannot overwrite it...");
        match books.save(&updated).await {
            Err(e) if e.is_version_conflict() => println!("   Refused: {e}"),
            other => println!("   Unexpected: {other:?}"),
        }

        println!("\n5. Fetching from library...");
        if let Some(fetched) = books.get(&last.entity_id).await? {
            println!(
                "   '{}' - {} - {}",
                fetched.title.as_deref().unwrap_or_default(),
                fetched.status.as_deref().unwrap_or_default(),
                stars(&fetched)
            );
        }
        let finished_books = books
            .list()
            .filter(attr("status").eq("finished"))
            .all()
            .await?;
        println!("   Finished books: {}", finished_books.len());

        println!("\n6. Removing it from the shelf (soft delete)...");
        books.delete(&last).changed_by("librarian-2").await?;
        println!(
            "   Active copy: {}",
            books.get(&last.entity_id).await?.is_some()
        );

        println!("\n7. Audit history:");
        for (i, version) in books.history(&last.entity_id).await?.iter().enumerate() {
            println!(
                "   {}. v{} after v{} by {} at {}: {} {} active={}",
                i + 1,
                &version.version[..8],
                &version.previous_version[..8],
                version.changed_by_id,
                version.changed_on,
                version.status.as_deref().unwrap_or_default(),
                stars(version),
                version.active
            );
        }
        Ok::<_, dynorm::Error>(())
    })
    .await
}
